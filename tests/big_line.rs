//! A document far larger than memory needs: a single-line file is read in
//! pieces, so peak memory does not grow with the file. Alone in its test
//! binary, because it reads the peak memory of this process's children.
#![cfg(target_os = "linux")]

mod common;

use common::{Run, repo, run_with_env};

/// The largest resident set of any child waited for so far, in KiB.
fn children_peak_kib() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given and nothing else.
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    usage.ru_maxrss
}

/// The seeds as one line, repeated to `bytes`.
fn one_line(bytes: usize) -> Vec<u8> {
    let mut seeds: Vec<_> = std::fs::read_dir(repo().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    let mut line = String::new();
    for path in seeds {
        let text = std::fs::read_to_string(path).unwrap();
        line.push_str(&text.replace(['\n', '\r'], " "));
        line.push(' ');
    }
    let mut out = Vec::with_capacity(bytes + line.len());
    while out.len() < bytes {
        out.extend_from_slice(line.as_bytes());
    }
    out.truncate(bytes);
    // Cut at a char boundary.
    while std::str::from_utf8(&out).is_err() {
        out.pop();
    }
    out
}

/// Runs the binary in `dir` with small pieces, so that small files show
/// how memory grows.
fn run(args: &[&str], dir: &std::path::Path) -> Run {
    run_with_env(dir, args, None, &[("TERMALIGN_PIECE_BYTES", "262144")])
}

/// The tests of this binary one at a time: each compares the peaks of its
/// own children.
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn a_single_line_file_is_read_in_pieces_in_flat_memory() {
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("small.txt"), one_line(1 << 20)).unwrap();
    std::fs::write(dir.path().join("big.txt"), one_line(12 << 20)).unwrap();

    let r = run(
        &["-j", "1", "concordance", "small.txt", "-o", "small.csv"],
        dir.path(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let small = children_peak_kib();
    let r = run(
        &["-j", "1", "concordance", "big.txt", "-o", "big.csv"],
        dir.path(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let big = children_peak_kib();
    // Read whole, 11 MB more text would need 11 MB more for the text and
    // about six times that for its tokens.
    assert!(
        big < small + 8 * 1024,
        "peak memory grew from {small} KiB to {big} KiB for 11 MB more text"
    );

    // Offsets are into the whole file: each hit is the file's bytes there.
    let text = std::fs::read(dir.path().join("big.txt")).unwrap();
    let mut csv = csv::Reader::from_path(dir.path().join("big.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (start, end, hit, line) = (col("start"), col("end"), col("hit"), col("line"));
    let mut rows = 0;
    let mut last_end = 0;
    for record in csv.records() {
        let record = record.unwrap();
        let (s, e): (usize, usize) = (record[start].parse().unwrap(), record[end].parse().unwrap());
        assert_eq!(&text[s..e], record[hit].as_bytes(), "row {rows}");
        assert_eq!(&record[line], "1");
        assert!(s >= last_end, "rows in order");
        last_end = e;
        rows += 1;
    }
    // The seeds hold dozens of terms; 12 MB of them, thousands of rows.
    assert!(rows > 10_000, "{rows} rows");
    assert!(
        last_end > (11 << 20),
        "rows reach the end of the file: {last_end}"
    );

    // detect: one row for the file, its words counted over all pieces.
    let stdout = run(&["detect", "big.txt"], dir.path()).stdout;
    let rows: Vec<&str> = stdout.lines().collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert!(rows[1].starts_with("big.txt,"), "{stdout}");
}

#[test]
fn a_long_json_lines_record_is_analysed_in_pieces() {
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
    // A token of `l'l'l'…` is two bytes of text and some fifty of analysis:
    // a 60 MB record analysed whole took 2.4 GB.
    let dir = tempfile::tempdir().unwrap();
    let record = |mib: usize| {
        let text = "l'".repeat(mib << 19);
        format!("{}\n", serde_json::json!({"id": "elisions", "text": text}))
    };
    std::fs::write(dir.path().join("small.jsonl"), record(1)).unwrap();
    std::fs::write(dir.path().join("big.jsonl"), record(12)).unwrap();
    let mut peaks = Vec::new();
    for file in ["small.jsonl", "big.jsonl"] {
        for command in ["concordance", "detect"] {
            let r = run(
                &["-j", "1", command, "--jsonl", file, "-o", "/dev/null"],
                dir.path(),
            );
            assert_eq!(r.code, 0, "{command} {file}: {}", r.stderr);
        }
        peaks.push(children_peak_kib());
    }
    // 11 MiB more of record: its line and its text are held (about twice
    // that), its analysis a piece at a time.
    let (small, big) = (peaks[0], peaks[1]);
    assert!(
        big < small + 4 * 11 * 1024,
        "peak memory grew from {small} KiB to {big} KiB for an 11 MiB longer record"
    );
}
