//! Spanish inflection: plurals, feminines, verb forms (accents moved as the
//! stress requires).

use super::*;

pub(super) fn strip_accent(c: char) -> char {
    match c {
        'á' => 'a',
        'é' => 'e',
        'í' => 'i',
        'ó' => 'o',
        'ú' => 'u',
        c => c,
    }
}

pub(super) fn es_plurals(word: &str) -> Vec<String> {
    let Some(last) = last_char(word) else {
        return vec![];
    };
    let stem = drop_chars(word, 1);
    if last == 'z' {
        return vec![format!("{stem}ces")];
    }
    if matches!(last, 'a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'ó') {
        return vec![format!("{word}s")];
    }
    if matches!(last, 'í' | 'ú') {
        return vec![format!("{word}es"), format!("{word}s")];
    }
    if last == 's' && !stem.ends_with(['á', 'é', 'í', 'ó', 'ú']) {
        // crisis, análisis: unchanged; an unstressed final -es is plural already.
        return vec![];
    }
    // A stressed final syllable loses its written accent: migración → migraciones.
    let before = last_char(stem).unwrap_or(last);
    if matches!(before, 'á' | 'é' | 'í' | 'ó' | 'ú') {
        return vec![format!(
            "{}{}{last}es",
            drop_chars(stem, 1),
            strip_accent(before)
        )];
    }
    vec![format!("{word}es")]
}

/// The feminine of a Spanish adjective, or of a noun naming a person
/// (refugiado → refugiada, trabajador → trabajadora).
pub(super) fn es_feminine(word: &str, adjective: bool) -> Option<String> {
    const PERSON_ENDINGS: &[&str] = &[
        "ado", "ano", "ario", "ero", "ido", "ino", "or", "és", "ón", "án",
    ];
    if !adjective && !PERSON_ENDINGS.iter().any(|e| word.ends_with(e)) {
        return None;
    }
    if let Some(stem) = word.strip_suffix('o') {
        return Some(format!("{stem}a"));
    }
    if word.ends_with("or") {
        return Some(format!("{word}a"));
    }
    for (from, to) in [("és", "esa"), ("ón", "ona"), ("án", "ana"), ("ín", "ina")] {
        if let Some(stem) = word.strip_suffix(from) {
            return Some(format!("{stem}{to}"));
        }
    }
    None
}

pub(super) fn es_verb_forms(word: &str) -> Vec<String> {
    const AR: &[&str] = &[
        "o", "as", "a", "amos", "áis", "an", "ado", "ada", "ados", "adas", "ando", "ar", "aba",
        "abas", "aban", "ábamos", "é", "ó", "aste", "aron", "ará", "arán", "aré", "aría", "arían",
        "e", "es", "en", "emos", "ara", "aran", "ase", "asen",
    ];
    const ER_IR: &[&str] = &[
        "o", "es", "e", "emos", "imos", "éis", "en", "ido", "ida", "idos", "idas", "iendo", "ía",
        "ías", "ían", "í", "ió", "ieron", "a", "as", "an", "amos", "iera", "ieran",
    ];
    if let Some(stem) = word.strip_suffix("ar") {
        AR.iter()
            .map(|e| {
                // -car, -gar keep their sound before e: deporté, but trafiqué.
                let front = e.starts_with('e') || e.starts_with('é');
                if front && stem.ends_with('c') {
                    format!("{}qu{e}", drop_chars(stem, 1))
                } else if front && stem.ends_with('g') {
                    format!("{stem}u{e}")
                } else if front && stem.ends_with('z') {
                    // regularizar: regularicé, regularice.
                    format!("{}c{e}", drop_chars(stem, 1))
                } else {
                    format!("{stem}{e}")
                }
            })
            .collect()
    } else if let Some(stem) = word.strip_suffix("er").or_else(|| word.strip_suffix("ir")) {
        let inf = &word[stem.len()..];
        let mut out: Vec<String> = ER_IR.iter().map(|e| format!("{stem}{e}")).collect();
        for e in ["á", "án", "é", "ía", "ían"] {
            out.push(format!("{stem}{inf}{e}"));
        }
        out
    } else {
        vec![]
    }
}
