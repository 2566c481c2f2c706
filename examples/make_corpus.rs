//! Writes a large corpus of real articles in English, French and Spanish, for
//! the end-to-end benchmarks of `scripts/bench-large`.
//!
//! ```text
//! cargo run --release --example make_corpus -- --size 100M --out DIR
//!     [--pairs-size SIZE] [--data DATA_DIR]
//! ```
//!
//! No text is made up: every sentence comes from `seeds/*.txt`, from
//! NTREX-128 and from PUD in DATA_DIR (default `../shared/data`; without it,
//! from the seeds alone, with a note). The real documents come first; the
//! further articles are recombined from paragraphs of real documents of one
//! language, drawn by a seeded PRNG: paragraphs recur in a 1 GB corpus, but
//! articles do not, and every run writes the same bytes. A smaller corpus is
//! the start of a larger one (each output has its own PRNG stream).
//!
//! Written under DIR, which must be absent or empty:
//! - `docs/NNNN/NNNNNNN-LL.txt`: one article per file, at most 1000 a folder,
//!   until the articles' bytes reach SIZE (`10M` is 10,000,000 bytes);
//! - `corpus.jsonl`: the same articles, one `{"id","text","lang"}` per line;
//! - `pairs/NNNN/NNNNNNN.{en,fr}.txt` and `pairs.tsv` (`source<TAB>target`
//!   paths, relative to DIR): NTREX documents and their French translation,
//!   recombined alike on both sides so they stay translations, until both
//!   sides reach PAIRS_SIZE (default SIZE), for `termalign align --pairs`;
//! - `segments.en-fr.tsv`: the sentence pairs of those documents, one
//!   `source<TAB>target` per line, for `termalign suggest --pairs`;
//! - `stats.tsv`: what was written, `key<TAB>value` per line, last, so its
//!   presence says the corpus is complete.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use termalign::analysis::detect::Detector;
use termalign::lang::Lang;

/// Recombined articles are cut after the paragraph that takes them past a
/// length drawn in this range (bytes): news-article length, like the real ones.
const ARTICLE_BYTES: Range<usize> = 1500..6000;
/// Files per folder of `docs/` and `pairs/`.
const SHARD: usize = 1000;
/// NTREX has one sentence per line and no paragraphs: its bodies are cut into
/// paragraphs of 1 to this many sentences.
const MAX_PARAGRAPH_SENTENCES: usize = 3;
/// Seed of the PRNG streams (NTREX paragraphs, articles, pairs): change it
/// for another corpus of the same sizes.
const SEED: u64 = 0x7e57_a119_2024_0001;

fn main() {
    if let Err(e) = run() {
        eprintln!("make_corpus: {e}");
        std::process::exit(2);
    }
}

/// The command line.
struct Args {
    size: u64,
    pairs_size: u64,
    out: PathBuf,
    data: PathBuf,
}

const USAGE: &str = "usage: make_corpus --size SIZE --out DIR [--pairs-size SIZE] [--data DATA_DIR]\n\
     SIZE is a number of bytes with an optional K, M or G (powers of 1000): 10M, 1G";

fn parse_args() -> Result<Args, String> {
    let (mut size, mut pairs_size, mut out) = (None, None, None);
    let mut data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--size" => size = Some(parse_size(&value()?)?),
            "--pairs-size" => pairs_size = Some(parse_size(&value()?)?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--data" => data = PathBuf::from(value()?),
            "-h" | "--help" => return Err(USAGE.into()),
            _ => return Err(format!("unknown argument {flag:?}\n{USAGE}")),
        }
    }
    let size = size.ok_or(format!("--size is required\n{USAGE}"))?;
    Ok(Args {
        size,
        pairs_size: pairs_size.unwrap_or(size),
        out: out.ok_or(format!("--out is required\n{USAGE}"))?,
        data,
    })
}

/// `10M` → 10,000,000 (decimal units, as MB/s are counted).
fn parse_size(s: &str) -> Result<u64, String> {
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let unit = match unit.to_ascii_uppercase().as_str() {
        "" => 1,
        "K" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        _ => return Err(format!("bad size {s:?}: expected a number with K, M or G")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("bad size {s:?}: expected a number with K, M or G"))?;
    Ok(n * unit)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny and good enough to choose
/// paragraphs; the fixed seed makes every run write the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn in_range(&mut self, r: Range<usize>) -> usize {
        r.start + self.below(r.end - r.start)
    }
}

/// A real document of one language; its first paragraph is its title.
struct Doc {
    lang: Lang,
    paragraphs: Vec<String>,
}

/// The material of one language's recombined articles.
#[derive(Default)]
struct Pool {
    titles: Vec<String>,
    paragraphs: Vec<String>,
}

/// NTREX-128: the same sentences in three languages, grouped into documents.
struct Ntrex {
    /// Line N of each language's file, indexed by [`Lang::index`].
    lines: [Vec<String>; 3],
    /// Each document as ranges of lines: its title (one line), then its
    /// paragraphs. The same ranges hold in every language.
    docs: Vec<Vec<Range<usize>>>,
}

impl Ntrex {
    fn text(&self, lang: Lang, range: &Range<usize>) -> String {
        self.lines[lang.index()][range.clone()].join(" ")
    }
}

/// An article as written: paragraphs separated by a blank line.
fn render<S: AsRef<str>>(paragraphs: &[S]) -> String {
    let mut text = String::new();
    for p in paragraphs {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(p.as_ref());
    }
    text.push('\n');
    text
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The lines of a file, without their line ends (the NTREX files have CRLF).
fn read_lines(path: &Path) -> Result<Vec<String>, String> {
    Ok(read(path)?.lines().map(str::to_string).collect())
}

/// The seed articles, split at blank lines; paragraphs without a letter
/// (the `---` rules) are left out. Their language is detected.
fn load_seeds(dir: &Path) -> Result<Vec<Doc>, String> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let detector = Detector::new();
    let mut docs = Vec::new();
    for path in paths {
        let text = read(&path)?;
        let Some(lang) = detector.detect(&text).lang else {
            eprintln!(
                "make_corpus: {}: language not detected; skipped",
                path.display()
            );
            continue;
        };
        let paragraphs = text
            .replace("\r\n", "\n")
            .split("\n\n")
            .map(str::trim)
            .filter(|p| p.chars().any(char::is_alphabetic))
            .map(str::to_string)
            .collect();
        docs.push(Doc { lang, paragraphs });
    }
    Ok(docs)
}

/// NTREX-128, its documents cut into a title and paragraphs of 1 to
/// [`MAX_PARAGRAPH_SENTENCES`] sentences.
fn load_ntrex(dir: &Path) -> Result<Ntrex, String> {
    let mut rng = Rng(SEED);
    let lines = [
        read_lines(&dir.join("newstest2019-src.eng.txt"))?,
        read_lines(&dir.join("newstest2019-ref.fra.txt"))?,
        read_lines(&dir.join("newstest2019-ref.spa.txt"))?,
    ];
    let ids = read_lines(&dir.join("DOCUMENT_IDS.tsv"))?;
    if lines.iter().any(|l| l.len() != ids.len()) {
        return Err(format!(
            "{}: the three languages and DOCUMENT_IDS.tsv differ in line count",
            dir.display()
        ));
    }
    let mut docs = Vec::new();
    let mut start = 0;
    while start < ids.len() {
        let end = (start..ids.len())
            .find(|&i| ids[i] != ids[start])
            .unwrap_or(ids.len());
        let title = start..start + 1;
        let mut ranges = vec![title];
        let mut i = start + 1;
        while i < end {
            let n = rng.in_range(1..MAX_PARAGRAPH_SENTENCES + 1);
            ranges.push(i..(i + n).min(end));
            i += n;
        }
        docs.push(ranges);
        start = end;
    }
    Ok(Ntrex { lines, docs })
}

/// PUD's documents (one to five sentences each, grouped by the first six
/// characters of their sentence ids), one paragraph each, per language.
fn load_pud(dir: &Path) -> Result<[Vec<String>; 3], String> {
    let ids = read_lines(&dir.join("ids.txt"))?;
    let mut out: [Vec<String>; 3] = Default::default();
    for lang in Lang::ALL {
        let path = dir.join(format!("{}.txt", lang.code()));
        let lines = read_lines(&path)?;
        if lines.len() != ids.len() {
            return Err(format!("{}: not as many lines as ids.txt", path.display()));
        }
        let mut paragraph = String::new();
        for (i, line) in lines.iter().enumerate() {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line);
            if ids.get(i + 1).is_none_or(|next| next[..6] != ids[i][..6]) {
                out[lang.index()].push(std::mem::take(&mut paragraph));
            }
        }
    }
    Ok(out)
}

/// A folder of sharded files and the bytes written there.
struct Shards {
    dir: PathBuf,
    files: usize,
    bytes: u64,
}

impl Shards {
    fn new(dir: PathBuf) -> Shards {
        Shards {
            dir,
            files: 0,
            bytes: 0,
        }
    }

    /// The folder of item `n`, made when its first item comes.
    fn folder(&self, n: usize) -> Result<PathBuf, String> {
        let folder = self.dir.join(format!("{:04}", n / SHARD));
        if n.is_multiple_of(SHARD) {
            fs::create_dir_all(&folder)
                .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        }
        Ok(folder)
    }

    fn write(&mut self, path: &Path, text: &str) -> Result<(), String> {
        fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

/// One line of `corpus.jsonl`.
#[derive(serde::Serialize)]
struct JsonArticle<'a> {
    id: &'a str,
    text: &'a str,
    lang: &'static str,
}

/// Opens `path` for writing, behind a buffer.
fn create(path: &Path) -> Result<BufWriter<File>, String> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn finish(mut w: BufWriter<File>, path: &Path) -> Result<u64, String> {
    w.flush()
        .and_then(|()| w.get_ref().metadata())
        .map(|m| m.len())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// What was written, for the summary and `stats.tsv`.
#[derive(Default)]
struct Stats {
    rows: Vec<(&'static str, String)>,
}

impl Stats {
    fn add(&mut self, key: &'static str, value: impl ToString) {
        self.rows.push((key, value.to_string()));
    }
}

/// `docs/` and `corpus.jsonl` as they are written.
struct Articles {
    docs: Shards,
    jsonl: BufWriter<File>,
    jsonl_path: PathBuf,
    per_lang: [usize; 3],
}

impl Articles {
    fn create(out: &Path) -> Result<Articles, String> {
        let jsonl_path = out.join("corpus.jsonl");
        Ok(Articles {
            docs: Shards::new(out.join("docs")),
            jsonl: create(&jsonl_path)?,
            jsonl_path,
            per_lang: [0; 3],
        })
    }

    /// Writes one article to both outputs.
    fn add(&mut self, lang: Lang, text: &str) -> Result<(), String> {
        let n = self.docs.files;
        let id = format!("{n:07}-{}", lang.code());
        let path = self.docs.folder(n)?.join(format!("{id}.txt"));
        self.docs.write(&path, text)?;
        let line = JsonArticle {
            id: &id,
            text,
            lang: lang.code(),
        };
        serde_json::to_writer(&mut self.jsonl, &line)
            .map_err(|e| e.to_string())
            .and_then(|()| self.jsonl.write_all(b"\n").map_err(|e| e.to_string()))
            .map_err(|e| format!("cannot write {}: {e}", self.jsonl_path.display()))?;
        self.per_lang[lang.index()] += 1;
        Ok(())
    }
}

/// Writes `docs/` and `corpus.jsonl`: the real documents, then recombined
/// articles, the languages in turn, until `size` bytes.
fn write_articles(
    out: &Path,
    size: u64,
    real: &[Doc],
    pools: &[Pool; 3],
    stats: &mut Stats,
) -> Result<(), String> {
    let mut rng = Rng(SEED + 1);
    let mut articles = Articles::create(out)?;
    let mut real_written = 0;
    for doc in real {
        if articles.docs.bytes >= size {
            break;
        }
        articles.add(doc.lang, &render(&doc.paragraphs))?;
        real_written += 1;
    }
    // Languages with material to recombine, taken in turn.
    let langs: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|l| !pools[l.index()].titles.is_empty())
        .collect();
    let mut turn = 0;
    while articles.docs.bytes < size {
        let lang = langs[turn % langs.len()];
        turn += 1;
        let pool = &pools[lang.index()];
        let target = rng.in_range(ARTICLE_BYTES);
        let mut parts = vec![pool.titles[rng.below(pool.titles.len())].as_str()];
        let mut len = parts[0].len();
        while len < target {
            let p = &pool.paragraphs[rng.below(pool.paragraphs.len())];
            len += p.len() + 2;
            parts.push(p);
        }
        articles.add(lang, &render(&parts))?;
    }
    let Articles {
        docs,
        jsonl,
        jsonl_path,
        per_lang,
    } = articles;
    let jsonl_bytes = finish(jsonl, &jsonl_path)?;
    println!(
        "docs/: {} articles ({real_written} real, {} recombined; en {}, fr {}, es {}), \
         {} bytes, in {} folders",
        docs.files,
        docs.files - real_written,
        per_lang[0],
        per_lang[1],
        per_lang[2],
        docs.bytes,
        docs.files.div_ceil(SHARD),
    );
    println!("corpus.jsonl: the same articles, {jsonl_bytes} bytes");
    stats.add("docs", docs.files);
    stats.add("docs_real", real_written);
    stats.add("docs_bytes", docs.bytes);
    stats.add("docs_en", per_lang[Lang::En.index()]);
    stats.add("docs_fr", per_lang[Lang::Fr.index()]);
    stats.add("docs_es", per_lang[Lang::Es.index()]);
    stats.add("jsonl_bytes", jsonl_bytes);
    Ok(())
}

/// Writes `pairs/`, `pairs.tsv` and `segments.en-fr.tsv` from NTREX: its
/// documents in English and French, then recombined pairs (paragraphs at the
/// same lines on both sides) until both sides together reach `size` bytes.
fn write_pairs(out: &Path, size: u64, ntrex: &Ntrex, stats: &mut Stats) -> Result<(), String> {
    let mut rng = Rng(SEED + 2);
    let mut pairs = Shards::new(out.join("pairs"));
    let list_path = out.join("pairs.tsv");
    let segments_path = out.join("segments.en-fr.tsv");
    let mut list = create(&list_path)?;
    let mut segments = create(&segments_path)?;
    let mut segment_count = 0usize;
    // Every paragraph of every body, for the recombined pairs.
    let bodies: Vec<&Range<usize>> = ntrex.docs.iter().flat_map(|d| &d[1..]).collect();
    let mut real_written = 0;
    let mut n = 0;
    while pairs.bytes < size {
        let ranges: Vec<Range<usize>> = if let Some(doc) = ntrex.docs.get(n) {
            real_written += 1;
            doc.clone()
        } else {
            let target = rng.in_range(ARTICLE_BYTES);
            let title = ntrex.docs[rng.below(ntrex.docs.len())][0].clone();
            let mut ranges = vec![title];
            let mut len = 0;
            while len < target {
                let r = bodies[rng.below(bodies.len())].clone();
                len += ntrex.text(Lang::En, &r).len() + 2;
                ranges.push(r);
            }
            ranges
        };
        let folder = pairs.folder(n)?;
        let mut paths = Vec::new();
        for lang in [Lang::En, Lang::Fr] {
            let path = folder.join(format!("{n:07}.{}.txt", lang.code()));
            let paragraphs: Vec<String> = ranges.iter().map(|r| ntrex.text(lang, r)).collect();
            pairs.write(&path, &render(&paragraphs))?;
            paths.push(path);
        }
        let relative = |p: &Path| p.strip_prefix(out).unwrap_or(p).display().to_string();
        writeln!(list, "{}\t{}", relative(&paths[0]), relative(&paths[1]))
            .map_err(|e| format!("cannot write {}: {e}", list_path.display()))?;
        for i in ranges.iter().flat_map(Range::clone) {
            let (en, fr) = (
                &ntrex.lines[Lang::En.index()][i],
                &ntrex.lines[Lang::Fr.index()][i],
            );
            writeln!(segments, "{en}\t{fr}")
                .map_err(|e| format!("cannot write {}: {e}", segments_path.display()))?;
            segment_count += 1;
        }
        n += 1;
    }
    finish(list, &list_path)?;
    let segments_bytes = finish(segments, &segments_path)?;
    println!(
        "pairs/, pairs.tsv: {n} en-fr document pairs ({real_written} real, {} recombined), \
         {} bytes on both sides",
        n - real_written,
        pairs.bytes
    );
    println!("segments.en-fr.tsv: {segment_count} sentence pairs, {segments_bytes} bytes");
    stats.add("pairs", n);
    stats.add("pairs_bytes", pairs.bytes);
    stats.add("segments", segment_count);
    stats.add("segments_bytes", segments_bytes);
    Ok(())
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    if fs::read_dir(&args.out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{} is not empty; remove it first, or give another --out",
            args.out.display()
        ));
    }
    fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;

    // The real documents: seeds, then NTREX in each language; the pools take
    // their paragraphs, and PUD's documents as further paragraphs.
    let mut real = load_seeds(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))?;
    let mut pools: [Pool; 3] = Default::default();
    let ntrex = if args.data.is_dir() {
        let ntrex = load_ntrex(&args.data.join("ntrex128"))?;
        for lang in Lang::ALL {
            for doc in &ntrex.docs {
                let paragraphs = doc.iter().map(|r| ntrex.text(lang, r)).collect();
                real.push(Doc { lang, paragraphs });
            }
        }
        let pud = load_pud(&args.data.join("pud"))?;
        for lang in Lang::ALL {
            pools[lang.index()]
                .paragraphs
                .extend(pud[lang.index()].iter().cloned());
        }
        Some(ntrex)
    } else {
        println!(
            "make_corpus: data folder {} not found: articles from seeds/ only, \
             and no translation pairs",
            args.data.display()
        );
        None
    };
    for doc in &real {
        let pool = &mut pools[doc.lang.index()];
        if let Some((title, body)) = doc.paragraphs.split_first() {
            pool.titles.push(title.clone());
            pool.paragraphs.extend(body.iter().cloned());
        }
    }
    if pools.iter().all(|p| p.titles.is_empty()) {
        return Err("no seed article and no data folder: nothing to build from".into());
    }

    let mut stats = Stats::default();
    write_articles(&args.out, args.size, &real, &pools, &mut stats)?;
    match &ntrex {
        Some(ntrex) => write_pairs(&args.out, args.pairs_size, ntrex, &mut stats)?,
        None => {
            stats.add("pairs", 0);
            stats.add("segments", 0);
        }
    }
    let stats_path = args.out.join("stats.tsv");
    let text: String = stats
        .rows
        .iter()
        .map(|(k, v)| format!("{k}\t{v}\n"))
        .collect();
    fs::write(&stats_path, text)
        .map_err(|e| format!("cannot write {}: {e}", stats_path.display()))?;
    println!("written under {}", args.out.display());
    Ok(())
}
