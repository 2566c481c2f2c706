//! Inflection: the word forms a glossary word takes in running text.
//!
//! Snowball stems alone make poor matching keys: they join derivations
//! (regular/regularization, integration/integrity, deportación/deporte) and
//! split inflections (es consular → `consul` but consulares → `consular`). So
//! the matcher does not compare stems; it expands every glossary word into
//! its inflected forms with the rules below (number and gender for nouns and
//! adjectives, regular conjugation for verbs) and looks tokens up among them.
//! Derivations are never generated, so "regularization" is not a form of
//! "regular" and "refuge" is not a form of "refugee".
//!
//! `lemma.rs` goes the other way: the dictionary form of a term seen in
//! text, each candidate checked by generating the seen form back with these
//! rules.

mod en;
mod es;
mod fr;
mod lemma;

use en::*;
use es::*;
use fr::*;
pub use lemma::{DictionaryForm, dictionary_form, guess_suggested_pos};

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::glossary::Pos;
use crate::lang::Lang;

/// The table of irregular verbs (`glossaries/irregular-verbs.tsv`): the
/// forms news uses of each verb the conjugation rules below get wrong.
pub const IRREGULAR_VERBS_TSV: &str = include_str!("../../../glossaries/irregular-verbs.tsv");

/// The irregular verbs, by language and infinitive (lower key).
fn irregular_verbs(lang: Lang) -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<[HashMap<String, Vec<String>>; 3]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut by_lang: [HashMap<String, Vec<String>>; 3] = Default::default();
        let all = parse_irregular_verbs(IRREGULAR_VERBS_TSV)
            .expect("the shipped table of irregular verbs is valid (checked by tests)");
        for ((lang, verb), forms) in all {
            by_lang[lang.index()].insert(verb, forms);
        }
        by_lang
    });
    &table[lang.index()]
}

/// Reads a table of irregular verbs: `lang<TAB>infinitive<TAB>forms…`,
/// `#` comments. Errors name the line.
pub fn parse_irregular_verbs(text: &str) -> Result<HashMap<(Lang, String), Vec<String>>, String> {
    let mut table = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [lang, verb, forms] = fields[..] else {
            return Err(format!(
                "line {}: expected language, verb and forms separated by tabs",
                i + 1
            ));
        };
        let lang: Lang = lang
            .parse()
            .map_err(|e: crate::lang::UnknownLang| format!("line {}: {e}", i + 1))?;
        let verb = crate::analysis::normalize::lower(verb);
        let forms: Vec<String> = forms
            .split_whitespace()
            .map(crate::analysis::normalize::lower)
            .collect();
        if forms.is_empty() {
            return Err(format!("line {}: no forms for {verb:?}", i + 1));
        }
        if table.insert((lang, verb.clone()), forms).is_some() {
            return Err(format!("line {}: {verb:?} is listed twice", i + 1));
        }
    }
    Ok(table)
}

/// Closed-class words that appear inside multiword terms and never inflect,
/// lowercase, sorted, per language. Chosen from each language's articles,
/// prepositions and conjunctions.
pub fn function_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
            "the", "to", "with", "without",
        ],
        Lang::Fr => &[
            "au", "aux", "avec", "d'", "dans", "de", "des", "du", "en", "entre", "et", "l'", "la",
            "le", "les", "non", "ou", "par", "pour", "sans", "sur", "un", "une", "à",
        ],
        Lang::Es => &[
            "a", "al", "con", "de", "del", "e", "el", "en", "entre", "la", "las", "los", "no", "o",
            "para", "por", "sin", "sobre", "u", "un", "una", "y",
        ],
    }
}

/// Whether a lower key is a function word of `lang`.
pub fn is_function_word(lang: Lang, word: &str) -> bool {
    function_words(lang).binary_search(&word).is_ok()
}

/// Coordinating conjunctions: a comma before them in the text is the serial
/// (Oxford) comma and does not break a term.
pub fn is_conjunction(lang: Lang, word: &str) -> bool {
    match lang {
        Lang::En => matches!(word, "and" | "or"),
        Lang::Fr => matches!(word, "et" | "ou"),
        Lang::Es => matches!(word, "y" | "e" | "o" | "u"),
    }
}

/// Articles and negations, which (unlike prepositions) do not end the
/// phrase of a term's head.
fn is_article_or_negation(lang: Lang, word: &str) -> bool {
    match lang {
        Lang::En => matches!(word, "a" | "an" | "the"),
        Lang::Fr => matches!(word, "l'" | "la" | "le" | "les" | "non" | "un" | "une"),
        Lang::Es => matches!(word, "el" | "la" | "las" | "los" | "no" | "un" | "una"),
    }
}

/// The part of speech of a term whose glossary gives none (a TBX without `partOfSpeech`, as
/// IATE's exports are), from its words: a verb when it looks like one (en "to return"; fr "se
/// marier", "régulariser", "demander l'asile"; es "naturalizarse", "regularizar", "solicitar
/// el asilo"), an adverb for a Spanish word in -mente; else a noun, which is what a term
/// mostly is, so that it is inflected as one ("asylum seeker" finds "asylum seekers") rather
/// than only as written. An adjective read as a noun loses nothing in English (neither
/// inflects) and takes the same forms in French and Spanish.
pub fn guess_pos(lang: Lang, term: &str) -> Pos {
    let words: Vec<String> = term
        .split_whitespace()
        .map(crate::analysis::normalize::lower)
        .collect();
    let Some(first) = words.first().map(String::as_str) else {
        return Pos::Noun;
    };
    let second = words.get(1).map(String::as_str);
    let single = words.len() == 1;
    match lang {
        Lang::En if first == "to" && !single => Pos::Verb,
        Lang::Fr if first == "se" || first.starts_with("s'") || first.starts_with("s\u{2019}") => {
            Pos::Verb
        }
        Lang::Fr
            if (single && (first.ends_with("iser") || first.ends_with("ifier")))
                || ((first.ends_with("er") || first.ends_with("ir"))
                    && second.is_some_and(|w| {
                        matches!(w, "le" | "la" | "les" | "un" | "une")
                            || w.starts_with("l'")
                            || w.starts_with("l\u{2019}")
                    })) =>
        {
            Pos::Verb
        }
        Lang::Es
            if ["arse", "erse", "irse"].iter().any(|e| first.ends_with(e))
                || (single && (first.ends_with("izar") || first.ends_with("ificar")))
                || (["ar", "er", "ir"].iter().any(|e| first.ends_with(e))
                    && second.is_some_and(|w| {
                        matches!(w, "el" | "la" | "los" | "las" | "un" | "una")
                    })) =>
        {
            Pos::Verb
        }
        Lang::Es if single && first.chars().count() > 6 && first.ends_with("mente") => Pos::Adverb,
        _ => Pos::Noun,
    }
}

/// How each word of a multiword term inflects, given the term's part of
/// speech: `Pos::Other` for a word that keeps its form.
///
/// Only the phrase before the first preposition inflects; what follows it is
/// a complement fixed in form (permis de travail, not "permis de travaux").
/// In English only the head noun (the last word of that phrase) or the verb
/// (the first) inflects; in French and Spanish the head noun inflects and the
/// adjectives after it agree with it.
pub fn word_inflections(lang: Lang, pos: Pos, words: &[String]) -> Vec<Pos> {
    word_inflections_joined(lang, pos, words, &vec![false; words.len()])
}

/// English words that follow the noun they modify ("nationals abroad").
fn is_en_postmodifier(word: &str) -> bool {
    matches!(word, "abroad" | "overseas" | "ashore" | "afloat")
}

/// Whether English `words[i]` starts a postmodifier: "abroad", or a
/// participle followed by one or by a preposition ("residing abroad",
/// "stranded at sea"), after the head noun.
fn en_postmodifier_at(words: &[String], i: usize) -> bool {
    let word = words[i].as_str();
    if is_en_postmodifier(word) {
        return true;
    }
    let participle = word.len() > 4 && (word.ends_with("ing") || word.ends_with("ed"));
    participle
        && words.get(i + 1).is_some_and(|next| {
            is_en_postmodifier(next)
                || (is_function_word(Lang::En, next) && !is_conjunction(Lang::En, next))
        })
}

/// [`word_inflections`] knowing which words are joined to the next by a
/// hyphen: the verb of "self-deport" is its last part.
pub fn word_inflections_joined(
    lang: Lang,
    pos: Pos,
    words: &[String],
    joined: &[bool],
) -> Vec<Pos> {
    let preposition = |w: &str| {
        is_function_word(lang, w) && !is_conjunction(lang, w) && !is_article_or_negation(lang, w)
    };
    let mut phrase_end = words
        .iter()
        .position(|w| preposition(w))
        .unwrap_or(words.len());
    if lang == Lang::En && pos == Pos::Noun {
        // "Cuban residing abroad": the head is the noun before the postmodifier.
        if let Some(i) = (1..phrase_end).find(|&i| en_postmodifier_at(words, i)) {
            phrase_end = i;
        }
    }
    let content: Vec<usize> = (0..phrase_end)
        .filter(|&i| !is_function_word(lang, &words[i]))
        .collect();
    let mut out = vec![Pos::Other; words.len()];
    let (Some(&first), Some(&last)) = (content.first(), content.last()) else {
        return out;
    };
    match (lang, pos) {
        (_, Pos::Verb) => {
            // An English adverb may come first ("illegally cross the
            // border"): the verb is the word after it.
            let mut verb = first;
            if lang == Lang::En
                && words[verb].ends_with("ly")
                && let Some(&next) = content.iter().find(|&&i| i > verb)
            {
                verb = next;
            }
            // The verb of a hyphenated compound is its last part.
            while joined.get(verb).copied().unwrap_or(false) && verb + 1 < words.len() {
                verb += 1;
            }
            out[verb] = Pos::Verb;
        }
        (Lang::En, Pos::Noun) => out[last] = Pos::Noun,
        (Lang::En, _) => {}
        (Lang::Fr | Lang::Es, Pos::Noun) => {
            out[first] = Pos::Noun;
            for &i in &content[1..] {
                out[i] = Pos::Adjective;
            }
            // An adjective after the complement agrees with the head too
            // ("documentos de viaje falsos", "demandeurs d'asile déboutés"):
            // the words after the complement's noun take the forms of an
            // adjective. Its written form stays a form, so an adjective
            // agreeing with the complement ("centres de rétention
            // administrative") still matches.
            trailing_adjectives(lang, words, phrase_end, &mut out);
        }
        (Lang::Fr | Lang::Es, Pos::Adjective) => {
            for &i in &content {
                out[i] = Pos::Adjective;
            }
        }
        (Lang::Fr | Lang::Es, Pos::Adverb | Pos::Other) => {}
    }
    out
}

/// After a complement that starts at `from` (a preposition, articles, a
/// noun), the content words of the last run before the next preposition or
/// conjunction, when they follow the complement's noun: adjectives.
fn trailing_adjectives(lang: Lang, words: &[String], from: usize, out: &mut [Pos]) {
    if from >= words.len() {
        return;
    }
    // The complement's noun: the first content word after the preposition.
    let Some(noun) = (from + 1..words.len()).find(|&i| !is_function_word(lang, &words[i])) else {
        return;
    };
    // Only a complement of one noun and then content words to the end: a
    // second preposition ("Protocolo … de migrantes por tierra") starts a
    // phrase of its own, whose words stay as written.
    let rest = &words[noun + 1..];
    if rest.is_empty() || rest.iter().any(|w| is_function_word(lang, w)) {
        return;
    }
    for (k, _) in rest.iter().enumerate() {
        out[noun + 1 + k] = Pos::Adjective;
    }
}

/// Words after which an adjective reads as a noun ("les clandestins", "los
/// ilegales", "the undocumented"): articles, demonstratives, possessives,
/// quantifiers and prepositions; lowercase, sorted.
fn determiners_and_prepositions(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "about", "against", "all", "among", "by", "few", "for", "from", "many", "more", "most",
            "of", "several", "some", "the", "these", "those", "to", "with",
        ],
        Lang::Fr => &[
            "aux",
            "avec",
            "certains",
            "ces",
            "chez",
            "contre",
            "d'",
            "de",
            "des",
            "du",
            "l'",
            "la",
            "le",
            "les",
            "leurs",
            "nombreux",
            "nos",
            "parmi",
            "plusieurs",
            "pour",
            "quelques",
            "ses",
            "sur",
            "un",
            "une",
            "vos",
        ],
        Lang::Es => &[
            "a", "al", "algunos", "ante", "aquellos", "con", "contra", "de", "del", "el", "entre",
            "esos", "estos", "la", "las", "los", "muchos", "nuestros", "para", "por", "sin",
            "sobre", "sus", "un", "una", "unas", "unos", "varios",
        ],
    }
}

/// Whether a lower key is a determiner, quantifier or preposition of
/// `lang`, after which an adjective is used as a noun.
pub fn is_determiner_or_preposition(lang: Lang, word: &str) -> bool {
    determiners_and_prepositions(lang)
        .binary_search(&word)
        .is_ok()
}

/// Endings of words that may be an adjective or an adverb inserted in a
/// term, per language: English suffixes of lowercase adjectives and
/// adverbs, and of capitalised demonyms; French and Spanish adjective and
/// adverb endings. Chosen from the suffixes of adjectives of nationality,
/// relation and participle in each language.
const EN_ADJECTIVE_ENDINGS: &[&str] = &[
    "able", "al", "ary", "ed", "ern", "ful", "ible", "ic", "ical", "ive", "less", "ly", "ous",
];

const EN_DEMONYM_ENDINGS: &[&str] = &["an", "ch", "ese", "i", "ian", "ish"];

/// Adverbs that may sit inside a term without the usual endings: "often
/// forcibly repatriates", "rapatrie souvent de force".
const ADVERBS: &[&str] = &[
    "aún", "aussi", "déjà", "encore", "often", "parfois", "siempre", "souvent", "still", "también",
    "todavía", "toujours", "usually", "ya",
];

const EN_ADJECTIVES: &[&str] = &[
    "elderly", "foreign", "former", "illegal", "legal", "local", "many", "more", "new", "old",
    "other", "poor", "recent", "young",
];

const FR_ADJECTIVE_ENDINGS: &[&str] = &[
    "ain", "aine", "aines", "ains", "aire", "aires", "ais", "aise", "aises", "al", "ale", "ales",
    "aux", "el", "elle", "elles", "els", "ien", "ienne", "iennes", "iens", "if", "ifs", "ique",
    "iques", "ive", "ives", "ment", "ois", "oise", "oises", "eux", "euse", "euses", "é", "ée",
    "ées", "és", "éen", "éenne", "éennes", "éens",
];

const ES_ADJECTIVE_ENDINGS: &[&str] = &[
    "ada", "adas", "ado", "ados", "al", "ales", "ana", "anas", "ano", "anos", "ario", "aria",
    "arias", "arios", "ble", "bles", "ense", "enses", "esa", "esas", "eses", "eña", "eñas", "eño",
    "eños", "és", "ica", "icas", "ico", "icos", "ida", "idas", "ido", "idos", "ina", "inas", "ino",
    "inos", "iva", "ivas", "ivo", "ivos", "mente", "osa", "osas", "oso", "osos", "í", "íes",
];

/// Whether a word (`first` its first part, `last` its last part, lower
/// keys; `capitalized` its first letter) may be an adjective or adverb
/// inserted between two words of a term, after the term word `before`:
/// "undocumented \[Mexican\] immigrants", "ministre \[nord-coréen\] des
/// affaires étrangères", "migrantes \[económicos\] irregulares". Never a
/// function word or a number; in French and Spanish never capitalised, and
/// plural after a plural word, singular after a singular one (adverbs
/// aside).
pub fn may_be_inserted(
    lang: Lang,
    first: &str,
    last: &str,
    before: &str,
    capitalized: bool,
) -> bool {
    let ends = |list: &[&str]| {
        list.iter()
            .any(|e| last.len() > e.len() + 2 && last.ends_with(e))
    };
    if ADVERBS.contains(&last) {
        return !capitalized;
    }
    // Cheapest first: this runs for every word that follows the start of
    // a term.
    if last.len() < 4 || (lang != Lang::En && capitalized) || !last.chars().all(char::is_alphabetic)
    {
        return false;
    }
    // Adjectives that make the head another kind of thing: "travailleurs
    // humanitaires étrangers" are aid workers, not foreign workers.
    if matches!(
        last,
        "humanitarian"
            | "humanitaire"
            | "humanitaires"
            | "humanitario"
            | "humanitaria"
            | "humanitarios"
            | "humanitarias"
    ) {
        return false;
    }
    let fits = match lang {
        Lang::En => {
            if capitalized {
                ends(EN_DEMONYM_ENDINGS)
            } else {
                ends(EN_ADJECTIVE_ENDINGS) || EN_ADJECTIVES.contains(&last)
            }
        }
        Lang::Fr | Lang::Es => {
            if capitalized {
                return false;
            }
            let adverb = last.ends_with("ment");
            let list = if lang == Lang::Fr {
                FR_ADJECTIVE_ENDINGS
            } else {
                ES_ADJECTIVE_ENDINGS
            };
            let plural = |w: &str| w.ends_with('s') || w.ends_with('x');
            ends(list) && (adverb || plural(before) == plural(last))
        }
    };
    fits && !is_function_word(lang, first) && !is_function_word(lang, last)
}

/// The forms of a function word, with its elided form in French.
fn function_word_forms(lang: Lang, word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    if lang == Lang::Fr {
        let elided = match word {
            "de" => Some("d'"),
            "le" | "la" => Some("l'"),
            "que" => Some("qu'"),
            "se" => Some("s'"),
            "ne" => Some("n'"),
            _ => None,
        };
        forms.extend(elided.map(str::to_string));
    }
    forms
}

/// Every form of `word` (a lower key) of part of speech `pos` in `lang`; the
/// word itself comes first, and there are no duplicates.
pub fn forms(lang: Lang, pos: Pos, word: &str) -> Vec<String> {
    if is_function_word(lang, word) || !word.chars().any(char::is_alphabetic) {
        return function_word_forms(lang, word);
    }
    let mut out = vec![word.to_string()];
    if pos == Pos::Verb
        && let Some(table) = irregular_verbs(lang).get(word)
    {
        out.extend(table.iter().cloned());
        dedup(&mut out);
        return out;
    }
    match (lang, pos) {
        (Lang::En, Pos::Noun) => out.extend(en_plurals(word)),
        (Lang::En, Pos::Verb) => out.extend(en_verb_forms(word)),
        (Lang::En, _) => {}
        (Lang::Fr, Pos::Noun | Pos::Adjective) => {
            let feminine = fr_feminine(word, pos == Pos::Adjective);
            for form in std::iter::once(word.to_string()).chain(feminine) {
                out.extend(fr_plurals(&form));
                out.push(form);
            }
        }
        (Lang::Fr, Pos::Verb) => out.extend(fr_verb_forms(word)),
        (Lang::Es, Pos::Noun | Pos::Adjective) => {
            let feminine = es_feminine(word, pos == Pos::Adjective);
            for form in std::iter::once(word.to_string()).chain(feminine) {
                out.extend(es_plurals(&form));
                out.push(form);
            }
        }
        (Lang::Es, Pos::Verb) => out.extend(es_verb_forms(word)),
        (Lang::Fr | Lang::Es, Pos::Adverb | Pos::Other) => {}
    }
    if lang == Lang::En && word.contains("iz") {
        // British -ise beside -ize: naturalise, regularised, organisation.
        let ise: Vec<String> = out.iter().filter_map(|f| en_ise_spelling(f)).collect();
        out.extend(ise);
    }
    dedup(&mut out);
    out
}

/// Drops repeated forms, keeping the first of each.
fn dedup(out: &mut Vec<String>) {
    // A few dozen forms at most: comparing beats hashing.
    let mut k = 0;
    while k < out.len() {
        if out[..k].contains(&out[k]) {
            out.remove(k);
        } else {
            k += 1;
        }
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn last_char(word: &str) -> Option<char> {
    word.chars().next_back()
}

/// `word` without its last `n` chars.
fn drop_chars(word: &str, n: usize) -> &str {
    let cut = word
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if n == 0 { word } else { &word[..cut] }
}

// English ---------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn has(lang: Lang, pos: Pos, word: &str, form: &str) -> bool {
        forms(lang, pos, word).iter().any(|f| f == form)
    }

    #[test]
    fn function_word_tables_are_sorted_and_unique() {
        for lang in Lang::ALL {
            for table in [function_words(lang), determiners_and_prepositions(lang)] {
                assert!(table.windows(2).all(|w| w[0] < w[1]), "{lang}: {table:?}");
            }
        }
    }

    #[test]
    fn a_term_without_a_part_of_speech_is_a_noun_unless_it_looks_like_a_verb() {
        let cases = [
            (Lang::En, "asylum seeker", Pos::Noun),
            (Lang::En, "family", Pos::Noun),
            (Lang::En, "to return", Pos::Verb),
            (Lang::Fr, "demandeur d'asile", Pos::Noun),
            (Lang::Fr, "dossier", Pos::Noun),
            (Lang::Fr, "étranger en situation irrégulière", Pos::Noun),
            (Lang::Fr, "régulariser", Pos::Verb),
            (Lang::Fr, "se marier", Pos::Verb),
            (Lang::Fr, "demander l'asile", Pos::Verb),
            (Lang::Es, "solicitante de asilo", Pos::Noun),
            (Lang::Es, "lugar de residencia", Pos::Noun),
            (Lang::Es, "naturalizarse", Pos::Verb),
            (Lang::Es, "regularizar", Pos::Verb),
            (Lang::Es, "solicitar el asilo", Pos::Verb),
            (Lang::Es, "irregularmente", Pos::Adverb),
            (Lang::Es, "mente", Pos::Noun),
        ];
        for (lang, term, pos) in cases {
            assert_eq!(guess_pos(lang, term), pos, "{lang:?} {term}");
        }
        // Guessed a noun, the term takes its plural.
        assert!(has(
            Lang::En,
            guess_pos(Lang::En, "asylum seeker"),
            "seeker",
            "seekers"
        ));
    }

    #[test]
    fn the_irregular_verb_table_reads() {
        let table = parse_irregular_verbs(IRREGULAR_VERBS_TSV).unwrap();
        assert!(table.len() > 10);
        assert!(has(Lang::En, Pos::Verb, "seek", "sought"));
        assert!(!has(Lang::En, Pos::Verb, "seek", "seeked"));
        assert!(parse_irregular_verbs("en\tgo\n").is_err());
        assert!(parse_irregular_verbs("en\tgo\tgoes\nen\tgo\twent\n").is_err());
    }

    #[test]
    fn english_ize_verbs_take_ise_spellings() {
        assert!(has(Lang::En, Pos::Verb, "naturalize", "naturalised"));
        assert!(has(Lang::En, Pos::Verb, "regularize", "regularising"));
        assert!(has(
            Lang::En,
            Pos::Noun,
            "regularization",
            "regularisations"
        ));
        assert!(!has(Lang::En, Pos::Verb, "seize", "seise"));
        assert!(has(Lang::Es, Pos::Verb, "regularizar", "regularicé"));
    }

    #[test]
    fn inserted_words_look_like_adjectives() {
        assert!(may_be_inserted(
            Lang::En,
            "mexican",
            "mexican",
            "undocumented",
            true
        ));
        assert!(!may_be_inserted(
            Lang::En,
            "policy",
            "policy",
            "asylum",
            false
        ));
        assert!(!may_be_inserted(
            Lang::En,
            "lavrov",
            "lavrov",
            "minister",
            true
        ));
        assert!(may_be_inserted(
            Lang::Fr,
            "nord",
            "coréen",
            "ministre",
            false
        ));
        assert!(!may_be_inserted(
            Lang::Fr,
            "nord",
            "coréens",
            "ministre",
            false
        ));
        assert!(may_be_inserted(
            Lang::Es,
            "económicos",
            "económicos",
            "migrantes",
            false
        ));
        assert!(!may_be_inserted(
            Lang::Es,
            "económico",
            "económico",
            "migrantes",
            false
        ));
        assert!(!may_be_inserted(Lang::Es, "de", "de", "migrantes", false));
    }

    #[test]
    fn heads_before_postmodifiers_and_adjectives_after_complements_inflect() {
        use Pos::{Adjective as A, Noun as N, Other as O};
        assert_eq!(inflections(Lang::En, N, "Cuban residing abroad"), [N, O, O]);
        assert_eq!(inflections(Lang::En, N, "national abroad"), [N, O]);
        assert_eq!(inflections(Lang::En, N, "migrant smuggling"), [O, N]);
        assert_eq!(
            inflections(Lang::En, Pos::Verb, "illegally cross the border"),
            [O, Pos::Verb, O, O]
        );
        assert_eq!(
            inflections(Lang::Es, N, "documento de viaje falso"),
            [N, O, O, A]
        );
        assert_eq!(
            inflections(Lang::Es, N, "solicitante de asilo rechazado"),
            [N, O, O, A]
        );
        assert_eq!(
            inflections(Lang::Es, N, "tráfico ilícito de migrantes por tierra"),
            [N, A, O, O, O, O]
        );
    }

    #[test]
    fn nouns_take_their_plurals() {
        assert!(has(Lang::En, Pos::Noun, "refugee", "refugees"));
        assert!(has(Lang::En, Pos::Noun, "country", "countries"));
        assert!(has(Lang::En, Pos::Noun, "person", "people"));
        assert!(has(Lang::Fr, Pos::Noun, "migrant", "migrants"));
        assert!(has(Lang::Fr, Pos::Noun, "migrant", "migrantes"));
        assert!(has(Lang::Fr, Pos::Noun, "réfugié", "réfugiées"));
        assert!(has(
            Lang::Fr,
            Pos::Adjective,
            "international",
            "internationaux"
        ));
        assert!(has(Lang::Fr, Pos::Adjective, "consulaire", "consulaires"));
        assert!(has(Lang::Es, Pos::Noun, "migración", "migraciones"));
        assert!(has(Lang::Es, Pos::Adjective, "consular", "consulares"));
        assert!(has(Lang::Es, Pos::Noun, "refugiado", "refugiadas"));
        assert!(has(Lang::Es, Pos::Noun, "trabajador", "trabajadoras"));
        assert!(has(Lang::Es, Pos::Adjective, "feliz", "felices"));
    }

    #[test]
    fn derivations_are_not_forms() {
        assert!(!has(Lang::En, Pos::Adjective, "regular", "regularization"));
        assert!(!has(Lang::En, Pos::Noun, "refugee", "refuge"));
        assert!(!has(Lang::Es, Pos::Noun, "deportación", "deporte"));
        assert!(!has(Lang::Fr, Pos::Noun, "visa", "visant"));
        assert!(!has(Lang::Fr, Pos::Noun, "migrant", "migrer"));
        assert!(!has(Lang::Fr, Pos::Noun, "migration", "migratione"));
        assert!(!has(Lang::Es, Pos::Noun, "caso", "casa"));
    }

    #[test]
    fn verbs_take_regular_conjugations() {
        assert!(has(Lang::En, Pos::Verb, "smuggle", "smuggling"));
        assert!(has(Lang::En, Pos::Verb, "deport", "deported"));
        assert!(has(Lang::En, Pos::Verb, "traffic", "trafficking"));
        assert!(has(Lang::Fr, Pos::Verb, "migrer", "migrent"));
        assert!(has(Lang::Fr, Pos::Verb, "expulser", "expulsés"));
        assert!(has(Lang::Es, Pos::Verb, "deportar", "deportados"));
        assert!(has(Lang::Es, Pos::Verb, "traficar", "trafiqué"));
    }

    fn inflections(lang: Lang, pos: Pos, term: &str) -> Vec<Pos> {
        let words: Vec<String> = term.split(' ').map(str::to_string).collect();
        word_inflections(lang, pos, &words)
    }

    #[test]
    fn only_the_phrase_before_a_preposition_inflects() {
        use Pos::{Adjective as A, Noun as N, Other as O};
        assert_eq!(inflections(Lang::Fr, N, "permis de travail"), [N, O, O]);
        assert_eq!(
            inflections(Lang::Es, N, "migración segura, ordenada y regular"),
            [N, A, A, O, A]
        );
        assert_eq!(inflections(Lang::Es, N, "menor no acompañado"), [N, O, A]);
        assert_eq!(inflections(Lang::En, N, "economic migrant"), [O, N]);
        assert_eq!(
            inflections(Lang::En, N, "ministry of the interior"),
            [N, O, O, O]
        );
        assert_eq!(
            inflections(Lang::En, Pos::Verb, "smuggle migrants"),
            [Pos::Verb, O]
        );
    }

    #[test]
    fn french_function_words_elide() {
        assert!(has(Lang::Fr, Pos::Noun, "de", "d'"));
        assert!(has(Lang::Fr, Pos::Noun, "la", "l'"));
        assert_eq!(forms(Lang::En, Pos::Noun, "of"), ["of"]);
    }
}
