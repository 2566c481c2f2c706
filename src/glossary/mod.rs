//! The glossary model: concepts, their terms per language, and what a term
//! carries (status, part of speech, region, guard, notes). Its native CSV
//! format, documented in `glossaries/README.md`, is read and written in
//! `crate::formats::csv`; `lint` checks a glossary, `merge` grows one from
//! accepted suggestions, `stats` counts it.

pub mod lint;
pub mod merge;
pub mod stats;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::lang::Lang;

/// The glossary shipped in `glossaries/`, embedded in the binary.
pub const BUILTIN_CSV: &str = include_str!("../../glossaries/migration.csv");
/// The name under which the embedded glossary is reported.
pub const BUILTIN_NAME: &str = "glossaries/migration.csv";

/// How a term stands in its concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Preferred,
    Admitted,
    Deprecated,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
        }
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Status, String> {
        match s {
            "preferred" => Ok(Status::Preferred),
            "admitted" => Ok(Status::Admitted),
            "deprecated" => Ok(Status::Deprecated),
            _ => Err(format!(
                "unknown status {s:?}: expected preferred, admitted or deprecated"
            )),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Part of speech, with TBX-Basic's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pos {
    Noun,
    Verb,
    Adjective,
    Adverb,
    Other,
}

impl Pos {
    pub fn as_str(self) -> &'static str {
        match self {
            Pos::Noun => "noun",
            Pos::Verb => "verb",
            Pos::Adjective => "adjective",
            Pos::Adverb => "adverb",
            Pos::Other => "other",
        }
    }
}

impl FromStr for Pos {
    type Err = String;
    fn from_str(s: &str) -> Result<Pos, String> {
        match s {
            "noun" => Ok(Pos::Noun),
            "verb" => Ok(Pos::Verb),
            "adjective" => Ok(Pos::Adjective),
            "adverb" => Ok(Pos::Adverb),
            "other" => Ok(Pos::Other),
            _ => Err(format!(
                "unknown part of speech {s:?}: expected noun, verb, adjective, adverb or other"
            )),
        }
    }
}

/// When a hit of a term counts: always, or only where its surroundings
/// show the migration sense of a word that is common outside migration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Guard {
    /// Every hit counts.
    #[default]
    None,
    /// A single word common outside migration ("border", "return",
    /// "extranjero"): a hit counts only when its paragraph also holds a
    /// migration cue (another unguarded glossary hit, or a cue word).
    Context,
    /// An adjective used as a noun ("les clandestins", "los ilegales"): a hit
    /// counts only right after a determiner, a quantifier or a preposition.
    Nominal,
}

impl Guard {
    /// The value in the native format (empty for none).
    pub fn as_str(self) -> &'static str {
        match self {
            Guard::None => "",
            Guard::Context => "context",
            Guard::Nominal => "nominal",
        }
    }
}

impl FromStr for Guard {
    type Err = String;
    fn from_str(s: &str) -> Result<Guard, String> {
        match s {
            "" => Ok(Guard::None),
            "context" => Ok(Guard::Context),
            "nominal" => Ok(Guard::Nominal),
            _ => Err(format!(
                "unknown guard {s:?}: expected context, nominal or nothing"
            )),
        }
    }
}

/// A subject field of migration terminology (the `subject` column; TBX
/// `subjectField`). The list is fixed so that `--subject` selections and
/// counts mean the same thing in every glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Core,
    Asylum,
    Borders,
    Residence,
    Irregular,
    Trafficking,
    Labour,
    Family,
    Integration,
    Displacement,
    Statelessness,
    Diaspora,
    Statistics,
    Governance,
    Consular,
}

impl Subject {
    pub const ALL: [Subject; 15] = [
        Subject::Core,
        Subject::Asylum,
        Subject::Borders,
        Subject::Residence,
        Subject::Irregular,
        Subject::Trafficking,
        Subject::Labour,
        Subject::Family,
        Subject::Integration,
        Subject::Displacement,
        Subject::Statelessness,
        Subject::Diaspora,
        Subject::Statistics,
        Subject::Governance,
        Subject::Consular,
    ];

    /// The code written in the `subject` column and given to `--subject`.
    pub fn code(self) -> &'static str {
        match self {
            Subject::Core => "core",
            Subject::Asylum => "asylum",
            Subject::Borders => "borders",
            Subject::Residence => "residence",
            Subject::Irregular => "irregular",
            Subject::Trafficking => "trafficking",
            Subject::Labour => "labour",
            Subject::Family => "family",
            Subject::Integration => "integration",
            Subject::Displacement => "displacement",
            Subject::Statelessness => "statelessness",
            Subject::Diaspora => "diaspora",
            Subject::Statistics => "statistics",
            Subject::Governance => "governance",
            Subject::Consular => "consular",
        }
    }

    /// The field's name, for people (and TBX `subjectField`).
    pub fn name(self) -> &'static str {
        match self {
            Subject::Core => "core concepts of migration",
            Subject::Asylum => "asylum and refugees",
            Subject::Borders => "borders, visas and entry",
            Subject::Residence => "residence and status",
            Subject::Irregular => "irregular migration, return and detention",
            Subject::Trafficking => "trafficking and smuggling",
            Subject::Labour => "labour migration",
            Subject::Family => "family",
            Subject::Integration => "integration, citizenship and nationality",
            Subject::Displacement => "displacement, disasters and climate",
            Subject::Statelessness => "statelessness",
            Subject::Diaspora => "diaspora and remittances",
            Subject::Statistics => "statistics",
            Subject::Governance => "governance, law and institutions",
            Subject::Consular => "diplomacy and consular",
        }
    }

    /// A subject from its code or its name (as TBX files write it).
    pub fn parse_code_or_name(s: &str) -> Option<Subject> {
        let s = s.trim();
        Subject::ALL
            .into_iter()
            .find(|x| x.code() == s || x.name().eq_ignore_ascii_case(s))
    }

    /// Parses a list joined by `|` (empty: none), as the `subject` column
    /// holds it; each code once, in the order of [`Subject::ALL`].
    pub fn parse_list(s: &str) -> Result<Vec<Subject>, String> {
        let mut out = Vec::new();
        for part in s.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let subject: Subject = part.parse()?;
            if !out.contains(&subject) {
                out.push(subject);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Writes a list as the `subject` column holds it.
    pub fn join(list: &[Subject]) -> String {
        list.iter().map(|s| s.code()).collect::<Vec<_>>().join("|")
    }
}

impl FromStr for Subject {
    type Err = String;
    fn from_str(s: &str) -> Result<Subject, String> {
        Subject::ALL
            .into_iter()
            .find(|x| x.code() == s)
            .ok_or_else(|| {
                let codes: Vec<&str> = Subject::ALL.iter().map(|x| x.code()).collect();
                format!(
                    "unknown subject {s:?}: expected one of {}",
                    codes.join(", ")
                )
            })
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The officially assigned ISO 3166-1 alpha-2 codes (a list of facts).
const ISO_3166_REGIONS: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG \
    BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW \
    CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL \
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE \
    KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM \
    MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH \
    PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS \
    ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG \
    VI VN VU WF WS YE YT ZA ZM ZW";

/// The UN M.49 area codes that BCP 47 takes as regions (the world,
/// continents and subregions; a country is named by its ISO code).
const M49_AREAS: &str = "001 002 003 005 009 011 013 014 015 017 018 019 021 029 030 034 035 \
    039 053 054 057 061 142 143 145 150 151 154 155 202 419";

/// Checks a `region` value: a BCP 47 tag of the term's language and a
/// region, `en-GB`, `fr-CA`, `es-419` (an ISO 3166 code or a UN M.49 area).
pub fn check_region(lang: Lang, region: &str) -> Result<(), String> {
    let Some((code, area)) = region.split_once('-') else {
        return Err(format!(
            "region {region:?} is not a language and a region like en-GB, fr-CA or es-419"
        ));
    };
    let area_ok = (area.len() == 2 && area.bytes().all(|b| b.is_ascii_uppercase()))
        || (area.len() == 3 && area.bytes().all(|b| b.is_ascii_digit()));
    if !area_ok {
        return Err(format!(
            "region {region:?}: the region must be two capital letters (GB, CA) or three digits (419)"
        ));
    }
    let known = if area.len() == 2 {
        area == "EU" || ISO_3166_REGIONS.split(' ').any(|r| r == area)
    } else {
        M49_AREAS.split(' ').any(|r| r == area)
    };
    if !known {
        return Err(format!(
            "region {region:?}: {area} is neither an ISO 3166-1 country code (or EU) nor a UN M.49 area code (such as 419, Latin America and the Caribbean)"
        ));
    }
    if code != lang.code() {
        return Err(format!(
            "region {region:?} is not a region of the term's language ({})",
            lang.code()
        ));
    }
    Ok(())
}

/// One term of a concept in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub lang: Lang,
    pub text: String,
    pub status: Status,
    pub pos: Pos,
    /// Where the term is regional: a BCP 47 tag (`es-419`, `fr-CA`), else
    /// empty.
    pub region: String,
    /// When its hits count.
    pub guard: Guard,
    pub note: String,
    /// 1-based line of the term in its file (0 when built in code).
    pub line: u64,
}

impl Term {
    /// A term with no region, guard or note.
    pub fn new(lang: Lang, text: impl Into<String>, status: Status, pos: Pos) -> Term {
        Term {
            lang,
            text: text.into(),
            status,
            pos,
            region: String::new(),
            guard: Guard::None,
            note: String::new(),
            line: 0,
        }
    }
}

/// A concept: one meaning, named by terms in several languages.
#[derive(Clone, Debug, PartialEq)]
pub struct Concept {
    pub id: String,
    pub note: String,
    pub source: String,
    /// Subject fields, in the order of [`Subject::ALL`].
    pub subjects: Vec<Subject>,
    /// Ids of closely related concepts (a designation may be shared with
    /// them: fr "expulsion" names deportation and expulsion).
    pub related: Vec<String>,
    pub terms: Vec<Term>,
    /// 1-based line where the concept first appears.
    pub line: u64,
}

impl Concept {
    /// A concept with no note, source, subject or relation.
    pub fn new(id: impl Into<String>, terms: Vec<Term>) -> Concept {
        Concept {
            id: id.into(),
            note: String::new(),
            source: String::new(),
            subjects: Vec::new(),
            related: Vec::new(),
            terms,
            line: 0,
        }
    }

    /// The terms of one language, in file order.
    pub fn terms_in(&self, lang: Lang) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(move |t| t.lang == lang)
    }

    /// The preferred term of a language; failing that, its first term.
    pub fn preferred(&self, lang: Lang) -> Option<&Term> {
        self.terms_in(lang)
            .find(|t| t.status == Status::Preferred)
            .or_else(|| self.terms_in(lang).next())
    }
}

/// The longest a term may be, in characters. A term names a concept in a
/// few words (the longest in the shipped glossary, an EU agency's full
/// name, has 161); a longer field is a shifted column or a pasted text, and
/// compiling it costs the matcher some fifty bytes a word: a 50 MB term
/// took 3 to 5 GB.
pub const MAX_TERM_CHARS: usize = 1000;

/// What is wrong with a term's length, if anything: one rule for every
/// glossary format.
pub fn term_length_problem(text: &str) -> Option<String> {
    if text.len() <= MAX_TERM_CHARS {
        return None;
    }
    let chars = text.chars().count();
    let start: String = text.chars().take(40).collect();
    (chars > MAX_TERM_CHARS).then(|| {
        format!(
            "term of {chars} characters (starting {start:?}…); a term has at most \
             {MAX_TERM_CHARS}: is a column shifted, or a text pasted into it?"
        )
    })
}

/// A glossary: concepts in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Glossary {
    /// Where it was read from, for messages.
    pub path: PathBuf,
    pub concepts: Vec<Concept>,
}

/// Unique concept ids for a glossary being built: each in constant time
/// (a reader making one per row must not look through every concept for
/// each, nor count up through `-2`, `-3`… for each duplicate).
#[derive(Debug, Default)]
pub struct ConceptIds {
    taken: std::collections::HashSet<String>,
    /// Per base, the next number to try.
    next: std::collections::HashMap<String, usize>,
}

impl ConceptIds {
    /// Ids not yet taken by `glossary`.
    pub fn new(glossary: &Glossary) -> ConceptIds {
        ConceptIds {
            taken: glossary.concepts.iter().map(|c| c.id.clone()).collect(),
            next: Default::default(),
        }
    }

    /// Takes `id` as it is; false if it is taken already.
    pub fn take(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// An id made from `term`: lowercase ASCII kebab-case ("Trafic
    /// illicite" → `trafic-illicite`), `c-` before one that would not start
    /// with a letter, `-2`, `-3`… after one taken.
    pub fn make(&mut self, term: &str) -> String {
        let mut base = String::new();
        for c in crate::analysis::normalize::folded(term).chars() {
            if c.is_ascii_alphanumeric() {
                base.push(c.to_ascii_lowercase());
            } else if !base.ends_with('-') && !base.is_empty() {
                base.push('-');
            }
        }
        let mut base = base.trim_end_matches('-').to_string();
        if !base.starts_with(|c: char| c.is_ascii_lowercase()) {
            base.insert_str(0, "c-");
        }
        if self.take(&base) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

impl Glossary {
    /// Keeps the concepts of any of `subjects` (and drops the others): what
    /// `--subject` selects. A glossary with no subject fields at all cannot
    /// be selected from.
    pub fn retain_subjects(&mut self, subjects: &[Subject]) -> Result<()> {
        if !self.concepts.iter().any(|c| !c.subjects.is_empty()) {
            return Err(Error::format(
                &self.path,
                None,
                Some("subject"),
                "the glossary gives no subject fields, so none can be selected",
            ));
        }
        self.concepts
            .retain(|c| c.subjects.iter().any(|s| subjects.contains(s)));
        // A relation to a concept left out goes with it.
        let kept: std::collections::HashSet<String> =
            self.concepts.iter().map(|c| c.id.clone()).collect();
        for concept in &mut self.concepts {
            concept.related.retain(|r| kept.contains(r));
        }
        Ok(())
    }

    /// Refuses a term longer than [`MAX_TERM_CHARS`], naming its line: what
    /// every reader checks, for glossaries made otherwise (the native CSV
    /// reader refuses one at its row).
    pub fn check_term_lengths(&self) -> Result<()> {
        for term in self.concepts.iter().flat_map(|c| &c.terms) {
            if let Some(problem) = term_length_problem(&term.text) {
                let line = (term.line > 0).then_some(term.line);
                return Err(Error::format(&self.path, line, Some("term"), problem));
            }
        }
        Ok(())
    }

    /// Finds a concept by id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// Number of terms in all languages.
    pub fn term_count(&self) -> usize {
        self.concepts.iter().map(|c| c.terms.len()).sum()
    }
}

/// Concept ids joined by `|` (the `related` column), empty parts dropped.
pub fn split_ids(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_kebab_case_and_unique() {
        let g = Glossary::builtin();
        let new_id = |term: &str| ConceptIds::new(&g).make(term);
        assert_eq!(
            new_id("Trafic illicite, de l’État"),
            "trafic-illicite-de-l-etat"
        );
        assert_eq!(new_id("refugee"), "refugee-2");
        // Many at once: numbered on, past an id taken by name.
        let mut ids = ConceptIds::new(&g);
        assert!(ids.take("asylum-2"));
        assert!(!ids.take("refugee"));
        let made: Vec<String> = (0..4).map(|_| ids.make("Asylum")).collect();
        assert_eq!(made, ["asylum-3", "asylum-4", "asylum-5", "asylum-6"]);
        assert_eq!(ids.make("zz top"), "zz-top");
        assert_eq!(new_id("1951 Convention"), "c-1951-convention");
    }
}
