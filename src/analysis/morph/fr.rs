//! French inflection: plurals, feminines, verb forms.

use super::*;

pub(super) fn fr_plurals(word: &str) -> Vec<String> {
    if word.ends_with('s') || word.ends_with('x') || word.ends_with('z') {
        return vec![];
    }
    if let Some(stem) = word.strip_suffix("al") {
        return vec![format!("{stem}aux"), format!("{word}s")];
    }
    if let Some(stem) = word.strip_suffix("ail") {
        return vec![format!("{word}s"), format!("{stem}aux")];
    }
    if word.ends_with("au") || word.ends_with("eu") {
        return vec![format!("{word}x"), format!("{word}s")];
    }
    vec![format!("{word}s")]
}

/// The feminine of a French adjective, or of a noun naming a person
/// (migrant → migrante, réfugié → réfugiée, demandeur → demandeuse).
pub(super) fn fr_feminine(word: &str, adjective: bool) -> Option<String> {
    // Nouns that name people end like this; other nouns have no feminine.
    const PERSON_ENDINGS: &[&str] = &[
        "ain", "ais", "ant", "é", "ent", "eur", "ien", "ier", "in", "ois", "ol",
    ];
    if !adjective && !PERSON_ENDINGS.iter().any(|e| word.ends_with(e)) {
        return None;
    }
    let rule: &[(&str, &str)] = &[
        ("teur", "trice"),
        ("eur", "euse"),
        ("eux", "euse"),
        ("if", "ive"),
        ("ien", "ienne"),
        ("en", "enne"),
        ("on", "onne"),
        ("el", "elle"),
        ("et", "ette"),
        ("ier", "ière"),
        ("er", "ère"),
        ("c", "que"),
        ("x", "se"),
    ];
    if word.ends_with('e') {
        return None;
    }
    for (from, to) in rule {
        if let Some(stem) = word.strip_suffix(from) {
            return Some(format!("{stem}{to}"));
        }
    }
    Some(format!("{word}e"))
}

pub(super) fn fr_verb_forms(word: &str) -> Vec<String> {
    const ER: &[&str] = &[
        "e", "es", "ent", "ons", "ez", "er", "é", "ée", "és", "ées", "ant", "ais", "ait", "aient",
        "ions", "iez", "a", "as", "âmes", "âtes", "èrent", "erai", "eras", "era", "erons", "erez",
        "eront", "erais", "erait", "erions", "eriez", "eraient", "asse", "ât",
    ];
    const IR: &[&str] = &[
        "is", "it", "issons", "issez", "issent", "i", "ie", "ies", "ir", "issant", "issais",
        "issait", "issaient", "irai", "ira", "irons", "iront", "isse",
    ];
    const RE: &[&str] = &[
        "s", "t", "ons", "ez", "ent", "u", "ue", "us", "ues", "re", "ant", "ais", "ait", "aient",
        "rai", "ra", "rons", "ront",
    ];
    let (stem, endings) = if let Some(stem) = word.strip_suffix("er") {
        (stem, ER)
    } else if let Some(stem) = word.strip_suffix("ir") {
        (stem, IR)
    } else if let Some(stem) = word.strip_suffix("re") {
        (stem, RE)
    } else {
        return vec![];
    };
    endings
        .iter()
        .map(|e| {
            // Keep the soft c and g before a and o: nous plaçons, mangeons.
            let hard = e.starts_with('a') || e.starts_with('o') || e.starts_with('â');
            if hard && endings == ER && stem.ends_with('c') {
                format!("{}ç{e}", drop_chars(stem, 1))
            } else if hard && endings == ER && stem.ends_with('g') {
                format!("{stem}e{e}")
            } else {
                format!("{stem}{e}")
            }
        })
        .collect()
}

// Spanish ---------------------------------------------------------------
