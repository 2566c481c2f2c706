//! IATE exports (the EU's termbase, <https://iate.europa.eu>): TBX 2008 (`termEntry
//! id="IATE-33032"`) or TBX v3 (`conceptEntry id="iate_3515206"`), with IATE's data categories
//! read into the glossary model. An entry is read so when its id is IATE's, or when the caller
//! says every entry is (`glossary import --from iate`).
//!
//! | IATE | termalign |
//! | --- | --- |
//! | `IATE-33032`, `iate_3515206` | concept id `iate-33032`, `iate-3515206` (kebab-case, as lint wants) |
//! | `subjectField` (domain codes `2811` or labels `migration`, `;`-separated) | the concept's source, `IATE, domain 2811`; what `--subject` selects |
//! | a term packing synonyms, `a; b` | one term each, `a` and `b`, with the same data |
//! | `reliabilityCode` 1–4 (TBX 2008; 5–10 read as TBX v3 reads them) | a note, `IATE reliability 3/4 (reliable)`; orders the candidates for preferred |
//! | `reliabilityCode` 1–10 (TBX v3): 1–2, 3–5, 6–8, 9–10 | 1, 2, 3, 4 of 4 |
//! | `termType` other than `fullForm` (`abbreviation`, `shortForm`, `phrase`…) | a note; never preferred over a full form |
//! | `administrativeStatus`, `evaluation`: preferred / admitted / deprecated, obsolete, superseded, rejected | preferred / admitted / deprecated |
//! | no status | in each language, the full form of highest reliability (the first of equals) preferred; the others admitted |

use crate::glossary::Status;
use crate::lang::Lang;

/// Whether a concept id is IATE's: `IATE-` or `iate_` and digits, in any case.
pub(super) fn is_iate_id(id: &str) -> bool {
    let id = id.trim().as_bytes();
    id.len() > 5
        && id[..4].eq_ignore_ascii_case(b"iate")
        && matches!(id[4], b'-' | b'_')
        && id[5..].iter().all(u8::is_ascii_digit)
}

/// The concept id termalign gives an IATE entry: lowercase ASCII kebab-case (`IATE-33032` →
/// `iate-33032`, `iate_3515206` → `iate-3515206`, `33032` → `iate-33032`); `None` when no
/// such id can be made.
pub(super) fn concept_id(id: &str) -> Option<String> {
    let mut out = String::new();
    for c in id.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    match out.chars().next() {
        Some(c) if c.is_ascii_lowercase() => Some(out.to_string()),
        Some(_) => Some(format!("iate-{out}")),
        None => None,
    }
}

/// The domains a `subjectField` holds: parts separated by `;` (or by `,` between codes:
/// `2811, 1231`), trimmed.
pub(crate) fn split_domains(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split(';') {
        let commas: Vec<&str> = part.split(',').map(str::trim).collect();
        if commas.len() > 1 && commas.iter().all(|c| c.bytes().all(|b| b.is_ascii_digit())) {
            out.extend(
                commas
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| c.to_string()),
            );
        } else if !part.trim().is_empty() {
            out.push(part.trim().to_string());
        }
    }
    out
}

/// Domains to keep (`--subject`): IATE domain codes (`2811`; a shorter code takes in the
/// longer ones it starts: `28` is EuroVoc's field of `2811`) or labels (`migration`, in any
/// case), matched against each domain and against a domain's code and label when it gives both
/// (`2811 migration`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Domains {
    wanted: Vec<String>,
}

impl Domains {
    /// Domains from codes or labels as a user gives them (empty ones dropped).
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(wanted: I) -> Domains {
        Domains {
            wanted: wanted
                .into_iter()
                .map(|w| w.as_ref().trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.wanted.is_empty()
    }

    /// Whether any of a concept's `domains` is wanted.
    pub fn matches(&self, domains: &[String]) -> bool {
        domains.iter().any(|domain| {
            let domain = domain.trim().to_lowercase();
            let code_len = domain.bytes().take_while(u8::is_ascii_digit).count();
            let (code, label) = domain.split_at(code_len);
            let label = label.trim_start_matches([' ', '-', ':', '.', '\t']).trim();
            self.wanted.iter().any(|w| {
                *w == domain
                    || (!w.is_empty()
                        && w.bytes().all(|b| b.is_ascii_digit())
                        && code.starts_with(w.as_str()))
                    || (!label.is_empty() && w == label)
            })
        })
    }
}

/// A term's reliability on IATE's scale of 1 to 4 from its `reliabilityCode`: as it is on that
/// scale; on the scale of 1 to 10 (`ten_scale`, TBX v3 exports, or a value above 4) 1–2, 3–5,
/// 6–8 and 9–10 are 1, 2, 3 and 4. `None` for a value that is neither.
pub(super) fn reliability(value: &str, ten_scale: bool) -> Option<u8> {
    let value: u8 = value.trim().parse().ok()?;
    match value {
        1..=4 if !ten_scale => Some(value),
        1..=2 => Some(1),
        3..=5 => Some(2),
        6..=8 => Some(3),
        9..=10 => Some(4),
        _ => None,
    }
}

/// IATE's names of its reliability levels, 1 to 4.
fn reliability_name(level: u8) -> &'static str {
    match level {
        1 => "reliability not verified",
        2 => "minimum reliability",
        3 => "reliable",
        _ => "very reliable",
    }
}

/// What a term is, as far as choosing the preferred one goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TermType {
    /// `fullForm`, `term`, or nothing said.
    Full,
    /// An abbreviation, short form, phrase, formula…: never preferred over a full form.
    Other,
}

impl TermType {
    pub(super) fn parse(value: &str) -> TermType {
        let value = value
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '_', '-'], "");
        match value.as_str() {
            "" | "fullform" | "term" | "mainentryterm" | "variant" | "synonym" => TermType::Full,
            _ => TermType::Other,
        }
    }
}

/// The note an IATE term gets for what the model has no field for: its reliability and a
/// term type other than a full form.
pub(super) fn term_note(reliability: Option<u8>, term_type: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(level) = reliability {
        parts.push(format!(
            "IATE reliability {level}/4 ({})",
            reliability_name(level)
        ));
    }
    if let Some(kind) = term_type.map(str::trim)
        && TermType::parse(kind) == TermType::Other
    {
        parts.push(format!("IATE term type: {kind}"));
    }
    parts.join("; ")
}

/// The terms packed into one (`asylum seeker; asylum-seeker`), trimmed, each once, in order.
pub(super) fn split_synonyms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split([';', '；']).map(str::trim) {
        if !part.is_empty() && !out.iter().any(|o| o == part) {
            out.push(part.to_string());
        }
    }
    if out.is_empty() {
        out.push(text.to_string());
    }
    out
}

/// Gives the terms of each language without a status one: the full form of highest
/// reliability (the first of equals) is preferred, unless a term of the language is preferred
/// already; the others are admitted.
pub(super) fn assign_statuses<T>(
    terms: &mut [T],
    get: impl Fn(&T) -> (Lang, Option<Status>, Option<u8>, TermType),
    set: impl Fn(&mut T, Status),
) {
    for lang in Lang::ALL {
        let in_lang: Vec<usize> = (0..terms.len())
            .filter(|&i| get(&terms[i]).0 == lang)
            .collect();
        let has_preferred = in_lang
            .iter()
            .any(|&i| get(&terms[i]).1 == Some(Status::Preferred));
        let mut best: Option<(usize, (bool, u8))> = None;
        if !has_preferred {
            for &i in &in_lang {
                let (_, status, reliability, kind) = get(&terms[i]);
                if status.is_some() {
                    continue;
                }
                let rank = (kind == TermType::Full, reliability.unwrap_or(0));
                if best.is_none_or(|(_, r)| rank > r) {
                    best = Some((i, rank));
                }
            }
        }
        for &i in &in_lang {
            if get(&terms[i]).1.is_none() {
                let status = match best {
                    Some((b, _)) if b == i => Status::Preferred,
                    _ => Status::Admitted,
                };
                set(&mut terms[i], status);
            }
        }
    }
}

/// The source of an IATE concept: `IATE`, its domains, and the source the entry gives if any
/// other than IATE (`IATE, domain 2811`; `IATE, domains 2811; 1231; Council Regulation …`).
pub(super) fn source(domains: &[String], given: &str) -> String {
    let given = given.trim();
    // Read back from termalign's own TBX (no domains: they are in the source already).
    if domains.is_empty() && starts_with_iate(given) {
        return given.to_string();
    }
    let mut out = String::from("IATE");
    match domains {
        [] => {}
        [one] => out.push_str(&format!(", domain {one}")),
        many => out.push_str(&format!(", domains {}", many.join("; "))),
    }
    if !given.is_empty() && !given.eq_ignore_ascii_case("iate") {
        out.push_str("; ");
        out.push_str(given);
    }
    out
}

/// Whether a source names IATE first (`IATE`, `IATE, domain 2811`).
fn starts_with_iate(source: &str) -> bool {
    source
        .get(..4)
        .is_some_and(|s| s.eq_ignore_ascii_case("iate"))
        && !source[4..].starts_with(|c: char| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_kebab_case() {
        assert!(is_iate_id("IATE-33032"));
        assert!(is_iate_id("iate_3515206"));
        assert!(!is_iate_id("IATE-"));
        assert!(!is_iate_id("iate-x1"));
        assert!(!is_iate_id("refugee"));
        // Not a char boundary at byte 4 or 5: no panic, not IATE's.
        assert!(!is_iate_id("abcéx"));
        assert!(!is_iate_id("iateé1"));
        assert!(!is_iate_id("iat€-12"));
        assert_eq!(concept_id("IATE-33032").unwrap(), "iate-33032");
        assert_eq!(concept_id("iate_3515206").unwrap(), "iate-3515206");
        assert_eq!(concept_id("33032").unwrap(), "iate-33032");
        assert_eq!(concept_id("__").as_deref(), None);
    }

    #[test]
    fn domains_are_split_and_selected_by_code_or_label() {
        assert_eq!(split_domains("2811, 1231"), ["2811", "1231"]);
        assert_eq!(split_domains("migration; LAW"), ["migration", "LAW"]);
        assert_eq!(
            split_domains("justice, freedom and security"),
            ["justice, freedom and security"]
        );
        let wanted = Domains::new(["2811", "Insurance", " "]);
        let has = |d: &[&str]| wanted.matches(&d.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(has(&["2811"]));
        assert!(has(&["1231", "2811 migration"]));
        assert!(has(&["insurance"]));
        assert!(!has(&["281"]));
        assert!(!has(&["migration"]));
        assert!(!has(&[]));
        let field = Domains::new(["28"]);
        assert!(field.matches(&["2811".to_string()]));
        let label = Domains::new(["MIGRATION"]);
        assert!(label.matches(&["2811 migration".to_string()]));
        assert!(label.matches(&["Migration".to_string()]));
        assert!(!label.matches(&["migration policy".to_string()]));
    }

    #[test]
    fn reliability_on_both_scales() {
        assert_eq!(reliability("3", false), Some(3));
        assert_eq!(reliability("9", false), Some(4));
        assert_eq!(reliability("1", true), Some(1));
        assert_eq!(reliability("3", true), Some(2));
        assert_eq!(reliability("6", true), Some(3));
        assert_eq!(reliability("10", true), Some(4));
        assert_eq!(reliability("0", false), None);
        assert_eq!(reliability("11", true), None);
        assert_eq!(reliability("x", true), None);
    }

    #[test]
    fn packed_synonyms_are_split() {
        assert_eq!(split_synonyms("a; b ;a;; c"), ["a", "b", "c"]);
        assert_eq!(split_synonyms("asylum seeker"), ["asylum seeker"]);
        assert_eq!(split_synonyms(" ; "), [" ; "]);
    }

    #[test]
    fn the_most_reliable_full_form_is_preferred() {
        type T = (Lang, Option<Status>, Option<u8>, TermType);
        let mut terms: Vec<T> = vec![
            (Lang::En, None, Some(4), TermType::Other),
            (Lang::En, None, Some(2), TermType::Full),
            (Lang::En, None, Some(3), TermType::Full),
            (Lang::En, Some(Status::Deprecated), Some(4), TermType::Full),
            (Lang::Fr, None, None, TermType::Full),
            (Lang::Fr, Some(Status::Preferred), None, TermType::Full),
            (Lang::Es, None, Some(3), TermType::Full),
            (Lang::Es, None, Some(3), TermType::Full),
        ];
        assign_statuses(&mut terms, |t| *t, |t, s| t.1 = Some(s));
        let statuses: Vec<Status> = terms.iter().map(|t| t.1.unwrap()).collect();
        use Status::*;
        assert_eq!(
            statuses,
            [
                Admitted, Admitted, Preferred, Deprecated, Admitted, Preferred, Preferred, Admitted
            ]
        );
    }

    #[test]
    fn sources_name_iate_and_the_domains() {
        assert_eq!(source(&[], ""), "IATE");
        assert_eq!(source(&[], "IATE, domain 2811"), "IATE, domain 2811");
        assert_eq!(source(&[], "IATEX"), "IATE; IATEX");
        assert_eq!(source(&["2811".into()], "IATE"), "IATE, domain 2811");
        assert_eq!(
            source(&["2811".into(), "1231".into()], "Directive 2013/32/EU"),
            "IATE, domains 2811; 1231; Directive 2013/32/EU"
        );
    }
}
