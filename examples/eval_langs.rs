//! Measures the rule that verifies declared languages (`analysis::detect::verify`) on real
//! parallel news: NTREX-128, 123 documents in English, French and Spanish.
//!
//! ```text
//! cargo run --release --example eval_langs [DATA_DIR]
//! ```
//!
//! Each document is one file per language; each of its sides is read once as the language it
//! is in (correctly labelled: must not be mislabelled) and once as each of the two others
//! (swapped labels: must be). Prints the counts and the worst shares, and exits non-zero when
//! a correctly labelled side is flagged or a swapped one is not. DATA_DIR defaults to
//! `../shared/data` next to the crate; without it the example says so and exits successfully.

use std::collections::BTreeMap;
use std::path::PathBuf;

use termalign::analysis::detect::Detector;
use termalign::analysis::detect::verify::read_side;
use termalign::lang::Lang;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let ntrex = dir.join("ntrex128");
    let Ok(ids) = std::fs::read_to_string(ntrex.join("DOCUMENT_IDS.tsv")) else {
        eprintln!("{} is absent: nothing to measure", ntrex.display());
        return;
    };
    let read = |name: &str| std::fs::read_to_string(ntrex.join(name)).expect("NTREX file");
    let files = [
        (Lang::En, read("newstest2019-src.eng.txt")),
        (Lang::Fr, read("newstest2019-ref.fra.txt")),
        (Lang::Es, read("newstest2019-ref.spa.txt")),
    ];
    // The document of each line, in order.
    let doc_of: Vec<&str> = ids
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(l))
        .collect();
    let mut documents: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, doc) in doc_of.iter().enumerate() {
        documents.entry(doc).or_default().push(i);
    }
    let lines: Vec<Vec<&str>> = files
        .iter()
        .map(|(_, text)| text.lines().map(str::trim).collect())
        .collect();
    let detector = Detector::new();
    let (mut right, mut right_flagged, mut swapped, mut swapped_missed) = (0, 0, 0, 0);
    let (mut segments, mut counted) = (0, 0);
    let mut worst_right: f64 = 0.0;
    let mut least_swapped: f64 = 1.0;
    for rows in documents.values() {
        for (side, (lang, _)) in files.iter().enumerate() {
            let texts: Vec<&str> = rows.iter().map(|&i| lines[side][i]).collect();
            segments += texts.len();
            for declared in Lang::ALL {
                let reading = read_side(&detector, declared, texts.iter().copied());
                let share = reading.disagreeing() as f64 / reading.counted.max(1) as f64;
                if declared == *lang {
                    counted += reading.counted;
                    right += 1;
                    worst_right = worst_right.max(share);
                    if reading.mislabelled().is_some() {
                        right_flagged += 1;
                        eprintln!("flagged although right: {lang} read as {declared}: {reading:?}");
                    }
                } else {
                    swapped += 1;
                    least_swapped = least_swapped.min(share);
                    if reading.mislabelled() != Some(*lang) {
                        swapped_missed += 1;
                        eprintln!("missed: {lang} declared {declared}: {reading:?}");
                    }
                }
            }
        }
    }
    println!(
        "{} documents x 3 languages: {} sides ({} segments, {} long enough to count)",
        documents.len(),
        right,
        segments,
        counted
    );
    println!(
        "correctly labelled: {right_flagged} of {right} flagged; largest share disagreeing {:.1}%",
        worst_right * 100.0
    );
    println!(
        "swapped labels: {swapped_missed} of {swapped} missed; smallest share disagreeing {:.1}%",
        least_swapped * 100.0
    );
    if right_flagged > 0 || swapped_missed > 0 {
        std::process::exit(1);
    }
}
