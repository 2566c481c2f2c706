//! English inflection: plurals, the -s form, verb forms, -ise/-ize spellings.

use super::*;

/// The -ise spelling of an English -ize form (naturalized → naturalised,
/// regularization → regularisation), when the -ize follows at least three
/// letters (not "size", "seize").
pub(super) fn en_ise_spelling(form: &str) -> Option<String> {
    for suffix in ["ize", "izes", "ized", "izing", "ization", "izations"] {
        if let Some(stem) = form.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            return Some(format!("{stem}{}", suffix.replacen('z', "s", 1)));
        }
    }
    None
}

pub(super) fn en_plurals(word: &str) -> Vec<String> {
    let irregular = match word {
        "person" => Some("people"),
        "child" => Some("children"),
        "crisis" => Some("crises"),
        "basis" => Some("bases"),
        _ => None,
    };
    let mut out: Vec<String> = irregular.map(str::to_string).into_iter().collect();
    if let Some(stem) = word.strip_suffix("man") {
        out.push(format!("{stem}men"));
    }
    out.push(en_s_form(word));
    out
}

/// The -s form: plural of nouns, third person of verbs.
pub(super) fn en_s_form(word: &str) -> String {
    let ends = |s: &str| word.ends_with(s);
    if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        format!("{word}es")
    } else if let Some(stem) = consonant_y(word) {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    }
}

/// The stem of a word ending in consonant + y ("country" → "countr").
pub(super) fn consonant_y(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('y')?;
    last_char(stem).filter(|&c| !is_vowel(c)).map(|_| stem)
}

pub(super) fn en_verb_forms(word: &str) -> Vec<String> {
    let mut out = vec![en_s_form(word)];
    if let Some(stem) = consonant_y(word) {
        out.push(format!("{stem}ied"));
        out.push(format!("{word}ing"));
    } else if let Some(stem) = word.strip_suffix("ie") {
        out.push(format!("{word}d"));
        out.push(format!("{stem}ying"));
    } else if word.ends_with("ee") {
        out.push(format!("{word}d"));
        out.push(format!("{word}ing"));
    } else if let Some(stem) = word.strip_suffix('e') {
        out.push(format!("{word}d"));
        out.push(format!("{stem}ing"));
    } else if word.ends_with('c') {
        out.push(format!("{word}ked"));
        out.push(format!("{word}king"));
    } else {
        out.push(format!("{word}ed"));
        out.push(format!("{word}ing"));
        // Consonant doubling after a short vowel (admit → admitted).
        let chars: Vec<char> = word.chars().collect();
        if let [.., a, b, c] = chars[..]
            && !is_vowel(a)
            && is_vowel(b)
            && !is_vowel(c)
            && !matches!(c, 'w' | 'x' | 'y')
        {
            out.push(format!("{word}{c}ed"));
            out.push(format!("{word}{c}ing"));
        }
    }
    out
}

// French ----------------------------------------------------------------
