//! The findings of a check, in file order, in bounded memory.
//!
//! A check can find more than its input holds: a foreign term in every
//! sentence of a 16 MB file is 1.6 million findings, some 400 bytes each in
//! memory. Findings are held up to [`HELD_BYTES`]; past that, those held
//! are sorted and written to an unnamed temporary file (a run), and the
//! runs are merged when the findings are read. The order is that of one
//! stable sort of every finding by (file, line, severity, concept): each run
//! is sorted stably, and on equal keys the merge takes the earlier run
//! first. So that a run is not an open file each (a process may have 1,024),
//! every [`MERGE_RUNS`] runs of one level are merged into one run of the
//! next, as a counter carries: at most `MERGE_RUNS - 1` runs a level, and
//! each finding is written once a level (log base 16 of the runs: 3 for
//! 16 million findings). Where no temporary file can be written, findings
//! stay in memory, and [`Findings::spill_error`] says why.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

use super::{Finding, Severity};

/// Findings held in memory before they are written to a run (an estimate
/// of their heap bytes).
pub const HELD_BYTES: usize = 2 << 20;

/// Runs of one level merged into one of the next.
pub const MERGE_RUNS: usize = 16;

/// The findings of a check; see the module's documentation.
#[derive(Debug, Default)]
pub struct Findings {
    /// The findings not yet in a run, in the order found.
    held: Vec<Finding>,
    held_bytes: usize,
    /// Sorted runs of findings, one JSON object a line, in the order their
    /// findings came, with their level (how many merges made them): the
    /// levels never rise along the list.
    runs: Vec<(File, u32)>,
    /// Findings per severity, all runs included.
    counts: [usize; 3],
    /// A run could not be written: everything from then on stays held.
    spill_error: Option<String>,
    /// Held bytes that start a run (smaller in tests).
    limit: Option<usize>,
}

/// The order of a report: by file, then line, then severity, then concept.
fn order(a: &Finding, b: &Finding) -> Ordering {
    (&a.file, a.line, a.severity, &a.concept).cmp(&(&b.file, b.line, b.severity, &b.concept))
}

/// `held` in report order (a stable sort: they stay in the order found).
fn sorted(held: &[Finding]) -> Vec<&Finding> {
    let mut sorted: Vec<&Finding> = held.iter().collect();
    sorted.sort_by(|a, b| order(a, b));
    sorted
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
        if self.spill_error.is_none()
            && self.held_bytes > self.limit.unwrap_or(HELD_BYTES)
            && let Err(e) = self.write_run()
        {
            self.spill_error = Some(e.to_string());
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

    /// Why findings are held in memory rather than written to temporary
    /// files, if a run could not be written.
    pub fn spill_error(&self) -> Option<&str> {
        self.spill_error.as_deref()
    }

    /// Sorts the held findings and writes them to a new run, then merges
    /// runs a level at a time while a level has [`MERGE_RUNS`].
    fn write_run(&mut self) -> io::Result<()> {
        let file = write_findings(sorted(&self.held).into_iter().map(Ok))?;
        self.runs.push((file, 0));
        self.held.clear();
        self.held.shrink_to(1024);
        self.held_bytes = 0;
        loop {
            let level = self.runs.last().map_or(0, |r| r.1);
            let same = self.runs.iter().rev().take_while(|r| r.1 == level).count();
            if same < MERGE_RUNS {
                return Ok(());
            }
            let from = self.runs.len() - same;
            let merged = {
                let iter = Iter::new(&self.runs[from..], &[])?;
                write_findings(iter)?
            };
            self.runs.truncate(from);
            self.runs.push((merged, level + 1));
        }
    }

    /// The findings in order (runs merged), each read back from its run
    /// or held; an error reading a run ends the iteration with it. One
    /// iteration at a time: the runs' files are read from their start.
    pub fn iter(&self) -> io::Result<Iter<'_>> {
        Iter::new(&self.runs, &self.held)
    }

    /// Every finding, in order, in memory.
    pub fn to_vec(&self) -> io::Result<Vec<Finding>> {
        self.iter()?.collect()
    }
}

/// Writes `findings` to a new unnamed temporary file, one JSON object a
/// line.
fn write_findings(
    findings: impl Iterator<Item = io::Result<impl std::borrow::Borrow<Finding>>>,
) -> io::Result<File> {
    let mut file = tempfile::tempfile()?;
    {
        let mut out = BufWriter::new(&mut file);
        for f in findings {
            serde_json::to_writer(&mut out, f?.borrow())?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    Ok(file)
}

impl<'a> Iter<'a> {
    /// The merge of `runs` and then `held` (sorted here: they are kept in
    /// the order found).
    fn new(runs: &'a [(File, u32)], held: &'a [Finding]) -> io::Result<Iter<'a>> {
        let mut sources = Vec::with_capacity(runs.len() + 1);
        for (run, _) in runs {
            let mut run: &File = run;
            run.seek(io::SeekFrom::Start(0))?;
            sources.push(Source::Run(BufReader::new(run), String::new()));
        }
        sources.push(Source::Held(sorted(held).into_iter()));
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
}

enum Source<'a> {
    Run(BufReader<&'a File>, String),
    Held(std::vec::IntoIter<&'a Finding>),
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
        let all: Vec<Finding> = (0..20_000)
            .map(|n| {
                let file = ["b.txt", "a.txt", "c.txt"][n % 3];
                finding(file, (n % 17) as u64, severities[n % 7 % 3], n)
            })
            .collect();
        // Some 100 findings a run: 200 runs, merged a level at a time.
        let mut findings = Findings::with_limit(20_000);
        let mut most_open = 0;
        for f in all.clone() {
            findings.push(f);
            most_open = most_open.max(findings.runs.len());
        }
        assert!(findings.spill_error().is_none());
        assert!(
            findings.runs.iter().any(|r| r.1 == 1),
            "runs merged: {:?}",
            findings.runs.iter().map(|r| r.1).collect::<Vec<_>>()
        );
        assert!(most_open < 2 * MERGE_RUNS, "{most_open} runs open at once");
        let mut expected = all;
        expected.sort_by(order);
        assert_eq!(findings.to_vec().unwrap(), expected);
        // Read twice, the same.
        assert_eq!(findings.to_vec().unwrap(), expected);
        assert_eq!(findings.len(), 20_000);
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
        assert!(findings.runs.is_empty());
        let files: Vec<String> = findings.iter().unwrap().map(|f| f.unwrap().file).collect();
        assert_eq!(files, ["a.txt", "b.txt"]);
        assert!(!findings.any_at_least(Severity::Error));
        assert!(findings.any_at_least(Severity::Warning));
    }
}
