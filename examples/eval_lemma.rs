//! Evaluates `termalign::analysis::morph::dictionary_form` (the form
//! `glossary merge` files a suggested term in) against the lemmas of the UD
//! PUD treebanks, per language, beside the baseline that keeps the form
//! seen; and `guess_suggested_pos` (the part of speech `suggest` writes) against the
//! treebank's tags, beside the baseline "always noun".
//!
//! ```text
//! cargo run --release --example eval_lemma [DATA_DIR]
//! ```
//!
//! DATA_DIR defaults to `../shared/data` next to the crate; the treebanks are
//! read from its `pud/` folder at run time and never copied into the
//! repository. Without them the example says so and exits successfully.
//!
//! What is counted, per language:
//! * nouns (`NOUN`) and adjectives (`ADJ`) alone, with the treebank's part
//!   of speech: right when the dictionary form equals the treebank lemma
//!   (lowercase; UD lists nouns in the singular of their own gender and
//!   adjectives in the masculine singular);
//! * noun phrases: a noun with the adjectives that modify it (`amod`) next
//!   to it (English: before it; French, Spanish: after it), as `suggest`
//!   finds them. The expected form is the noun's lemma with each adjective
//!   in the singular agreeing with the noun: its lemma, or for a feminine
//!   adjective its singular form; phrases with a feminine plural adjective
//!   are skipped (the treebank does not give its feminine singular);
//! * verbs (`VERB`): the infinitive;
//! * the part-of-speech guess on single nouns and adjectives.
//!
//! "ambiguous" counts the items the function kept as seen and flagged.

use std::path::PathBuf;

use termalign::analysis::morph::{dictionary_form, guess_suggested_pos};
use termalign::glossary::Pos;
use termalign::lang::Lang;

struct Token {
    form: String,
    lemma: String,
    upos: String,
    feats: String,
    head: usize,
    deprel: String,
}

#[derive(Default)]
struct Tally {
    n: usize,
    right: usize,
    baseline: usize,
    ambiguous: usize,
    errors: Vec<String>,
}

impl Tally {
    fn add(&mut self, lang: Lang, pos: Pos, seen: &str, expected: &str) {
        let got = dictionary_form(lang, pos, seen);
        let lower = |s: &str| s.to_lowercase();
        self.n += 1;
        self.ambiguous += usize::from(!got.ambiguous.is_empty());
        self.baseline += usize::from(lower(seen) == lower(expected));
        if lower(&got.text) == lower(expected) {
            self.right += 1;
        } else if self.errors.len() < 12 {
            self.errors
                .push(format!("{seen} → {} (treebank {expected})", got.text));
        }
    }

    fn line(&self, what: &str) -> String {
        let pct = |k: usize| 100.0 * k as f64 / self.n.max(1) as f64;
        format!(
            "{what:<22} n={:<5} dictionary form {:5.1}%  keep surface {:5.1}%  ambiguous {:4.1}%",
            self.n,
            pct(self.right),
            pct(self.baseline),
            pct(self.ambiguous)
        )
    }
}

fn read_sentences(text: &str) -> Vec<Vec<Token>> {
    let mut sentences = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 8 || c[0].contains(['-', '.']) {
            continue;
        }
        current.push(Token {
            form: c[1].to_string(),
            lemma: c[2].to_string(),
            upos: c[3].to_string(),
            feats: c[5].to_string(),
            head: c[6].parse().unwrap_or(0),
            deprel: c[7].to_string(),
        });
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

fn word_like(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && s.chars().count() > 1
}

fn main() {
    let data = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    let pud = data.join("pud");
    if !pud.is_dir() {
        println!("no treebanks in {}: nothing to evaluate", pud.display());
        return;
    }
    for lang in Lang::ALL {
        let path = pud.join(format!("{}_pud-ud-test.conllu", lang.code()));
        let text = std::fs::read_to_string(&path).expect("read the treebank");
        let sentences = read_sentences(&text);
        let (mut nouns, mut adjectives, mut phrases, mut verbs) = Default::default();
        let (mut guessed, mut guess_right, mut guess_noun) = (0, 0, 0);
        for s in &sentences {
            for (i, t) in s.iter().enumerate() {
                if !word_like(&t.form) || !word_like(&t.lemma) {
                    continue;
                }
                let pos = match t.upos.as_str() {
                    "NOUN" => Pos::Noun,
                    "ADJ" => Pos::Adjective,
                    "VERB" => Pos::Verb,
                    _ => continue,
                };
                let tally: &mut Tally = match pos {
                    Pos::Noun => &mut nouns,
                    Pos::Adjective => &mut adjectives,
                    _ => &mut verbs,
                };
                tally.add(lang, pos, &t.form, &t.lemma);
                if pos != Pos::Verb {
                    guessed += 1;
                    guess_right += usize::from(guess_suggested_pos(lang, &t.form) == pos);
                    guess_noun += usize::from(pos == Pos::Noun);
                }
                if pos == Pos::Noun {
                    noun_phrase(lang, s, i, &mut phrases);
                }
            }
        }
        println!("{} ({} sentences)", lang.name(), sentences.len());
        for (what, tally) in [
            ("nouns", &nouns),
            ("adjectives", &adjectives),
            ("noun + adjective", &phrases),
            ("verbs", &verbs),
        ] {
            println!("  {}", tally.line(what));
            for e in tally.errors.iter().take(6) {
                println!("      {e}");
            }
        }
        let pct = |k: usize| 100.0 * k as f64 / guessed.max(1) as f64;
        println!(
            "  {:<22} n={guessed:<5} guess_suggested_pos {:5.1}%  always noun {:5.1}%",
            "part of speech",
            pct(guess_right),
            pct(guess_noun)
        );
    }
}

/// The noun at `i` with the adjectives modifying it next to it, if any.
fn noun_phrase(lang: Lang, s: &[Token], i: usize, tally: &mut Tally) {
    let is_amod = |j: usize| {
        s.get(j).is_some_and(|t| {
            t.upos == "ADJ" && t.deprel == "amod" && t.head == i + 1 && word_like(&t.form)
        })
    };
    let range = if lang == Lang::En {
        let mut start = i;
        while start > 0 && is_amod(start - 1) {
            start -= 1;
        }
        start..i + 1
    } else {
        let mut end = i + 1;
        while is_amod(end) {
            end += 1;
        }
        i..end
    };
    if range.len() < 2 {
        return;
    }
    let mut expected = Vec::new();
    for j in range.clone() {
        let t = &s[j];
        if j == i || lang == Lang::En || !t.feats.contains("Gender=Fem") {
            expected.push(t.lemma.clone());
        } else if t.feats.contains("Number=Sing") {
            expected.push(t.form.clone());
        } else {
            return;
        }
    }
    let seen: Vec<&str> = range.map(|j| s[j].form.as_str()).collect();
    tally.add(lang, Pos::Noun, &seen.join(" "), &expected.join(" "));
}
