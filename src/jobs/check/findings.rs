//! The findings of a check, in file order, in bounded memory.
//!
//! A check can find more than its input holds: a foreign term in every
//! sentence of a 16 MB file is 1.6 million findings, some 400 bytes each in
//! memory. Findings are held up to [`HELD_BYTES`]; past that, those held
//! are sorted and written to an unnamed temporary file (a run), and the
//! runs are merged when the findings are read. The order is that of one
//! stable sort of every finding by (file, line, severity, concept): each run
//! is sorted stably, and on equal keys the merge takes the earlier run
//! first. Where no temporary file can be written, findings stay in memory.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

use super::{Finding, Severity};

/// Findings held in memory before they are written to a run (an estimate
/// of their heap bytes).
pub const HELD_BYTES: usize = 2 << 20;

/// The findings of a check; see the module's documentation.
#[derive(Debug, Default)]
pub struct Findings {
    /// The findings not yet in a run, in the order found.
    held: Vec<Finding>,
    held_bytes: usize,
    /// Sorted runs of findings, one JSON object a line.
    runs: Vec<File>,
    /// Findings per severity, all runs included.
    counts: [usize; 3],
    /// A run could not be written: everything stays in `held`.
    in_memory: bool,
    /// Held bytes that start a run (smaller in tests).
    limit: Option<usize>,
}

/// The order of a report: by file, then line, then severity, then concept.
fn order(a: &Finding, b: &Finding) -> Ordering {
    (&a.file, a.line, a.severity, &a.concept).cmp(&(&b.file, b.line, b.severity, &b.concept))
}

/// About the bytes `f` takes in memory.
fn size_of(f: &Finding) -> usize {
    std::mem::size_of::<Finding>()
        + f.file.len()
        + f.concept.len()
        + f.message.len()
        + f.segment.as_ref().map_or(0, String::len)
        + f.matched.iter().map(|m| m.len() + 24).sum::<usize>()
}

impl Findings {
    /// Findings that write a run once `bytes` are held (tests use small
    /// runs; a check uses [`HELD_BYTES`]).
    pub fn with_limit(bytes: usize) -> Findings {
        Findings {
            limit: Some(bytes),
            ..Findings::default()
        }
    }

    pub fn push(&mut self, finding: Finding) {
        self.counts[finding.severity as usize] += 1;
        self.held_bytes += size_of(&finding);
        self.held.push(finding);
        if !self.in_memory
            && self.held_bytes > self.limit.unwrap_or(HELD_BYTES)
            && self.write_run().is_err()
        {
            self.in_memory = true;
        }
    }

    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for f in findings {
            self.push(f);
        }
    }

    /// The number of findings.
    pub fn len(&self) -> usize {
        self.counts.iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.counts[severity as usize]
    }

    /// Whether a finding is at least as serious as `severity`.
    pub fn any_at_least(&self, severity: Severity) -> bool {
        self.counts[..=severity as usize].iter().any(|&n| n > 0)
    }

    /// Sorts the held findings and writes them to a new run.
    fn write_run(&mut self) -> io::Result<()> {
        let mut file = tempfile::tempfile()?;
        self.held.sort_by(order);
        {
            let mut out = BufWriter::new(&mut file);
            for f in &self.held {
                serde_json::to_writer(&mut out, f)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
        }
        self.runs.push(file);
        self.held.clear();
        self.held.shrink_to(1024);
        self.held_bytes = 0;
        Ok(())
    }

    /// Sorts what is held: called once every finding is in.
    pub(super) fn finish(&mut self) {
        self.held.sort_by(order);
    }

    /// The findings in order (runs merged), each read back from its run
    /// or held; an error reading a run ends the iteration with it.
    pub fn iter(&self) -> io::Result<Iter<'_>> {
        let mut sources = Vec::with_capacity(self.runs.len() + 1);
        for mut run in self.runs.iter() {
            run.seek(io::SeekFrom::Start(0))?;
            sources.push(Source::Run(BufReader::new(run), String::new()));
        }
        sources.push(Source::Held(self.held.iter()));
        let mut iter = Iter {
            sources,
            heap: BinaryHeap::new(),
            failed: false,
        };
        for i in 0..iter.sources.len() {
            iter.refill(i)?;
        }
        Ok(iter)
    }

    /// Every finding, in order, in memory.
    pub fn to_vec(&self) -> io::Result<Vec<Finding>> {
        self.iter()?.collect()
    }
}

enum Source<'a> {
    Run(BufReader<&'a File>, String),
    Held(std::slice::Iter<'a, Finding>),
}

/// The next finding of a source, ordered for a min-heap: the smallest key
/// first, and on equal keys the earliest source.
struct Next {
    finding: Finding,
    source: usize,
}

impl PartialEq for Next {
    fn eq(&self, other: &Next) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Next {}

impl PartialOrd for Next {
    fn partial_cmp(&self, other: &Next) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Next {
    fn cmp(&self, other: &Next) -> Ordering {
        order(&other.finding, &self.finding).then(other.source.cmp(&self.source))
    }
}

/// The findings in order: see [`Findings::iter`].
pub struct Iter<'a> {
    sources: Vec<Source<'a>>,
    heap: BinaryHeap<Next>,
    failed: bool,
}

impl Iter<'_> {
    /// Puts source `i`'s next finding on the heap, if it has one.
    fn refill(&mut self, i: usize) -> io::Result<()> {
        let finding = match &mut self.sources[i] {
            Source::Held(held) => held.next().cloned(),
            Source::Run(reader, line) => {
                line.clear();
                if reader.read_line(line)? == 0 {
                    None
                } else {
                    Some(serde_json::from_str(line).map_err(io::Error::other)?)
                }
            }
        };
        if let Some(finding) = finding {
            self.heap.push(Next { finding, source: i });
        }
        Ok(())
    }
}

impl Iterator for Iter<'_> {
    type Item = io::Result<Finding>;

    fn next(&mut self) -> Option<io::Result<Finding>> {
        if self.failed {
            return None;
        }
        let next = self.heap.pop()?;
        if let Err(e) = self.refill(next.source) {
            self.failed = true;
            return Some(Err(e));
        }
        Some(Ok(next.finding))
    }
}

#[cfg(test)]
mod tests {
    use super::super::CheckKind;
    use super::*;

    fn finding(file: &str, line: u64, severity: Severity, n: usize) -> Finding {
        Finding {
            file: file.into(),
            line: Some(line),
            segment: n.is_multiple_of(3).then(|| format!("s{n}")),
            severity,
            check: CheckKind::ForeignTerm,
            concept: "migration".into(),
            message: format!("finding {n}"),
            matched: vec![format!("w{n}")],
        }
    }

    #[test]
    fn runs_merge_into_the_order_of_one_stable_sort() {
        // Many findings with equal keys, in several runs: their order must
        // be the order they were found in, as one stable sort gives.
        let severities = [Severity::Info, Severity::Error, Severity::Warning];
        let all: Vec<Finding> = (0..5000)
            .map(|n| {
                let file = ["b.txt", "a.txt", "c.txt"][n % 3];
                finding(file, (n % 17) as u64, severities[n % 7 % 3], n)
            })
            .collect();
        let mut findings = Findings::with_limit(20_000);
        findings.extend(all.clone());
        findings.finish();
        assert!(findings.runs.len() > 5, "{} runs", findings.runs.len());
        let mut expected = all;
        expected.sort_by(order);
        assert_eq!(findings.to_vec().unwrap(), expected);
        // Read twice, the same.
        assert_eq!(findings.to_vec().unwrap(), expected);
        assert_eq!(findings.len(), 5000);
        assert_eq!(
            findings.count(Severity::Error),
            expected
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count()
        );
        assert!(findings.any_at_least(Severity::Error));
    }

    #[test]
    fn without_runs_findings_are_held_and_sorted() {
        let mut findings = Findings::default();
        findings.push(finding("b.txt", 1, Severity::Info, 1));
        findings.push(finding("a.txt", 2, Severity::Warning, 2));
        findings.finish();
        assert!(findings.runs.is_empty());
        let files: Vec<String> = findings.iter().unwrap().map(|f| f.unwrap().file).collect();
        assert_eq!(files, ["a.txt", "b.txt"]);
        assert!(!findings.any_at_least(Severity::Error));
        assert!(findings.any_at_least(Severity::Warning));
    }
}
