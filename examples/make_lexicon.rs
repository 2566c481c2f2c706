//! Builds `src/analysis/detect/lexicon.fst`, the word lists short-text
//! detection checks words against: every word form of each of en, fr, es
//! in one finite-state map, valued by the set of languages whose
//! dictionary has it (bits 0–2: English, French, Spanish) and, for the
//! frequent words of each language, how frequent (bits 8–17, 18–27, 28–37:
//! the frequency as centibels below 1, 10^(-cB/100); 0 when not listed).
//!
//! ```text
//! cargo run --release --example make_lexicon -- EN.txt FR.txt ES.txt EN.freq FR.freq ES.freq
//! ```
//!
//! Each `.txt` has one word form a line (UTF-8); each `.freq` a word, a tab
//! and its centibels. The shipped map was built from Debian's packages and
//! wordfreq's small lists (see `src/analysis/detect/LEXICON.md`):
//!
//! ```text
//! apt-get install wamerican-huge wbritish-huge hunspell-fr hunspell-es hunspell-tools
//! cat /usr/share/dict/american-english-huge /usr/share/dict/british-english-huge > en.txt
//! unmunch /usr/share/hunspell/fr_FR.dic /usr/share/hunspell/fr_FR.aff | cut -d/ -f1 > fr.txt
//! unmunch /usr/share/hunspell/es_ES.dic /usr/share/hunspell/es_ES.aff | cut -d/ -f1 > es.txt
//! pip install wordfreq==3.1.1
//! python3 -c 'import sys, wordfreq; [print(f"{w}\t{cb}") for cb, ws in enumerate(wordfreq.read_cBpack(wordfreq.DATA_PATH / f"small_{sys.argv[1]}.msgpack.gz"), 1) for w in ws]' en > en.freq
//! ```
//!
//! (and the same for fr and es). The centibels are counted from 1, one more
//! than wordfreq's, so that 0 keeps meaning "not listed"; these commands
//! rebuild the shipped file byte for byte.
//!
//! Forms with an apostrophe (possessives, elided prefixes) or a capital
//! letter (names) are left out; forms are put in NFC.

use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 6 {
        eprintln!("usage: make_lexicon EN.txt FR.txt ES.txt EN.freq FR.freq ES.freq");
        std::process::exit(2);
    }
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    for (bit, path) in args[..3].iter().enumerate() {
        let bytes = std::fs::read(path).unwrap_or_else(|e| {
            eprintln!("make_lexicon: {path}: {e}");
            std::process::exit(1)
        });
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            let word: String = line.trim().nfc().collect();
            if word.chars().count() < 2
                || word.contains(['\'', '’', '\u{FFFD}'])
                || word
                    .chars()
                    .any(|c| c.is_uppercase() || !c.is_alphabetic() && c != '-')
            {
                continue;
            }
            *words.entry(word).or_default() |= 1 << bit;
        }
    }
    for (i, path) in args[3..].iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
            eprintln!("make_lexicon: {path}: {e}");
            std::process::exit(1)
        });
        for (n, line) in text.lines().enumerate() {
            let (word, cb) = line
                .split_once('\t')
                .and_then(|(w, cb)| Some((w, cb.trim().parse::<u64>().ok()?)))
                .unwrap_or_else(|| {
                    eprintln!("make_lexicon: {path}:{}: not WORD<tab>CENTIBELS", n + 1);
                    std::process::exit(1)
                });
            let word: String = word.nfc().flat_map(char::to_lowercase).collect();
            if word.chars().count() < 2 || !(1..1024).contains(&cb) {
                continue;
            }
            let value = words.entry(word).or_default();
            let shift = 8 + 10 * i;
            // The most frequent spelling wins where case folding merges two.
            let old = (*value >> shift) & 1023;
            if old == 0 || cb < old {
                *value = (*value & !(1023 << shift)) | (cb << shift);
            }
        }
    }
    let map =
        fst::Map::from_iter(words.iter().map(|(w, &m)| (w.as_bytes(), m))).unwrap_or_else(|e| {
            eprintln!("make_lexicon: {e}");
            std::process::exit(1)
        });
    let out = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/analysis/detect/lexicon.fst"
    );
    std::fs::write(out, map.as_fst().as_bytes()).unwrap_or_else(|e| {
        eprintln!("make_lexicon: {out}: {e}");
        std::process::exit(1)
    });
    println!(
        "{} word forms, {} bytes, written to {out}",
        words.len(),
        map.as_fst().as_bytes().len()
    );
}
