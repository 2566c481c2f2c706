//! The per-language tables the sentence rules look words up in: abbreviations
//! and what their period means ([`Abbr`]), and the words that usually begin a
//! sentence. Sorted constants, with the source of each list and a test that
//! they stay sorted (a lookup is a binary search).

use crate::lang::Lang;

/// What the period after an abbreviation means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Abbr {
    /// Stands before a name, a number or an example (titles, `No.`, `e.g.`):
    /// never ends a sentence.
    Leading,
    /// May close a sentence (`U.S.`, `Inc.`, `Jr.`): ends one only before a
    /// word that usually begins a sentence, or an opening quote, since a name
    /// may follow (`U.S. Army`, `Acme Inc. Headquarters`).
    Ambiguous,
    /// A month (`Oct.`, `janv.`, `ene.`): stands before a day or a year
    /// (`Oct. 5`, `janv. 2020`) and hardly ever before a name, so it ends a
    /// sentence before any capitalised word or opening quote, not before a
    /// number.
    Month,
    /// Closes a list (`etc.`): ends a sentence before any capitalised word.
    Closing,
}

use Abbr::{Ambiguous, Closing, Leading, Month};

/// English abbreviations, without their final period, sorted (byte order),
/// case as written. From the abbreviations of the AP Stylebook (titles before
/// names, months, company suffixes, `No.`, `vs.`) and common Latin ones.
const EN_ABBREVIATIONS: &[(&str, Abbr)] = &[
    ("Adm", Leading),
    ("Apr", Month),
    ("Aug", Month),
    ("Ave", Ambiguous),
    ("Blvd", Ambiguous),
    ("Bros", Ambiguous),
    ("Capt", Leading),
    ("Cmdr", Leading),
    ("Co", Ambiguous),
    ("Col", Leading),
    ("Corp", Ambiguous),
    ("Cpl", Leading),
    ("D.C", Ambiguous),
    ("Dec", Month),
    ("Dept", Ambiguous),
    ("Det", Leading),
    ("Dr", Leading),
    ("Feb", Month),
    ("Fr", Leading),
    ("Gen", Leading),
    ("Gov", Leading),
    ("Hon", Leading),
    ("Inc", Ambiguous),
    ("Jan", Month),
    ("Jr", Ambiguous),
    ("Jul", Month),
    ("Jun", Month),
    ("Lt", Leading),
    ("Ltd", Ambiguous),
    ("Maj", Leading),
    ("Mar", Month),
    ("Messrs", Leading),
    ("Mr", Leading),
    ("Mrs", Leading),
    ("Ms", Leading),
    ("Mt", Leading),
    ("No", Leading),
    ("Nos", Leading),
    ("Nov", Month),
    ("Oct", Month),
    ("Pres", Leading),
    ("Prof", Leading),
    ("Rep", Leading),
    ("Reps", Leading),
    ("Rev", Leading),
    ("Sen", Leading),
    ("Sens", Leading),
    ("Sep", Month),
    ("Sept", Month),
    ("Sgt", Leading),
    ("Sr", Ambiguous),
    ("St", Leading),
    ("Supt", Leading),
    ("U.K", Ambiguous),
    ("U.N", Ambiguous),
    ("U.S", Ambiguous),
    ("U.S.A", Ambiguous),
    ("a.m", Ambiguous),
    ("approx", Leading),
    ("cf", Leading),
    ("e.g", Leading),
    ("etc", Closing),
    ("fig", Leading),
    ("i.e", Leading),
    ("p", Leading),
    ("p.m", Ambiguous),
    ("pp", Leading),
    ("v", Leading),
    ("vol", Leading),
    ("vs", Leading),
];

/// French abbreviations, without their final period, sorted (byte order),
/// case as written. From the Office québécois de la langue française's list of
/// abbreviations and the Lexique des règles typographiques de l'Imprimerie
/// nationale (titles, `p. ex.`, `c.-à-d.`, months, street types), with `c.`
/// and `v.` of court cases (`Roe c. Wade`) and the English `Mr.` of names
/// (`Mr. Bean`). French writes `Mme`, `Dr`, `bd` without a period; they are
/// listed for texts that add one, and so that a line ending with one is not
/// taken for a title. `art.` (article) may close a sentence, since *art* is
/// also a word (`l’art. Le musée…`); `vol.` and `sept.` are left out, since
/// *vol* (a flight) and *sept* (seven) end sentences far more often.
const FR_ABBREVIATIONS: &[(&str, Abbr)] = &[
    ("Cie", Ambiguous),
    ("Dr", Leading),
    ("Gal", Leading),
    ("J.-C", Ambiguous),
    ("M", Leading),
    ("MM", Leading),
    ("Me", Leading),
    ("Mgr", Leading),
    ("Mlle", Leading),
    ("Mlles", Leading),
    ("Mme", Leading),
    ("Mmes", Leading),
    ("Mr", Leading),
    ("Pr", Leading),
    ("St", Leading),
    ("Ste", Leading),
    ("apr", Leading),
    ("art", Ambiguous),
    ("av", Leading),
    ("avr", Month),
    ("bd", Leading),
    ("boul", Leading),
    ("c", Leading),
    ("c.-à-d", Leading),
    ("cf", Leading),
    ("chap", Leading),
    ("déc", Month),
    ("env", Leading),
    ("etc", Closing),
    ("fig", Leading),
    ("févr", Month),
    ("hab", Ambiguous),
    ("janv", Month),
    ("juil", Month),
    ("nov", Month),
    ("n°", Leading),
    ("oct", Month),
    ("p", Leading),
    ("p. ex", Leading),
    ("pp", Leading),
    ("v", Leading),
    ("É.-U", Ambiguous),
];

/// Spanish abbreviations, without their final period, sorted (byte order),
/// case as written. From the Real Academia Española's list of abbreviations
/// (Ortografía de la lengua española, appendix 2: titles, `EE. UU.`, `p. ej.`,
/// `pág.`, months), with `v.` of court cases and the English `Mr.` and `St.`
/// of names (`Mr. Bean`, `St. Louis`). `EE.` alone is the first half of
/// `EE. UU.`; `a.` and `d.` are the first halves of `a. C.` and `d. C.`. Not
/// `mar.` (marzo): *mar* is a Spanish word (the sea).
const ES_ABBREVIATIONS: &[(&str, Abbr)] = &[
    ("Av", Leading),
    ("Avda", Leading),
    ("Cía", Ambiguous),
    ("D", Leading),
    ("Dr", Leading),
    ("Dra", Leading),
    ("Dña", Leading),
    ("EE", Leading),
    ("EE. UU", Ambiguous),
    ("Excma", Leading),
    ("Excmo", Leading),
    ("Gral", Leading),
    ("Ing", Leading),
    ("Lic", Leading),
    ("Mons", Leading),
    ("Mr", Leading),
    ("Prof", Leading),
    ("Sr", Leading),
    ("Sra", Leading),
    ("Sras", Leading),
    ("Sres", Leading),
    ("Srta", Leading),
    ("St", Leading),
    ("Sta", Leading),
    ("Sto", Leading),
    ("Ud", Ambiguous),
    ("Uds", Ambiguous),
    ("a", Leading),
    ("a. C", Ambiguous),
    ("abr", Month),
    ("ago", Month),
    ("aprox", Leading),
    ("art", Leading),
    ("cap", Leading),
    ("d", Leading),
    ("d. C", Ambiguous),
    ("dic", Month),
    ("ene", Month),
    ("etc", Closing),
    ("feb", Month),
    ("jul", Month),
    ("jun", Month),
    ("may", Month),
    ("nov", Month),
    ("núm", Leading),
    ("oct", Month),
    ("p", Leading),
    ("p. ej", Leading),
    ("pág", Leading),
    ("págs", Leading),
    ("sep", Month),
    ("sept", Month),
    ("v", Leading),
    ("vol", Leading),
    ("vs", Leading),
];

/// English words that often begin a sentence and hardly ever follow `U.S.`,
/// `Inc.` or an initial inside one, sorted: articles, pronouns, conjunctions,
/// prepositions and sentence adverbs, chosen from the most frequent sentence
/// openings of English news.
const EN_STARTERS: &[&str] = &[
    "A",
    "According",
    "After",
    "Also",
    "Although",
    "An",
    "And",
    "As",
    "At",
    "Because",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Even",
    "Every",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "Now",
    "On",
    "Once",
    "One",
    "Only",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "We",
    "What",
    "When",
    "Where",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
];

/// French words that often begin a sentence, sorted; chosen as for English.
const FR_STARTERS: &[&str] = &[
    "Ainsi",
    "Alors",
    "Après",
    "Au",
    "Aujourd",
    "Aussi",
    "Aux",
    "Avec",
    "Ce",
    "Cela",
    "Celle",
    "Celui",
    "Cependant",
    "Ces",
    "Cet",
    "Cette",
    "Chaque",
    "Comme",
    "Dans",
    "De",
    "Depuis",
    "Des",
    "Donc",
    "Du",
    "Dès",
    "Elle",
    "Elles",
    "En",
    "Enfin",
    "Entre",
    "Et",
    "Ici",
    "Il",
    "Ils",
    "Je",
    "La",
    "Le",
    "Les",
    "Leur",
    "Leurs",
    "Lors",
    "Lorsque",
    "Mais",
    "Malgré",
    "Ne",
    "Nous",
    "On",
    "Or",
    "Par",
    "Parmi",
    "Plus",
    "Pour",
    "Pourtant",
    "Puis",
    "Quand",
    "Sa",
    "Sans",
    "Selon",
    "Ses",
    "Si",
    "Son",
    "Sur",
    "Tous",
    "Tout",
    "Toute",
    "Toutefois",
    "Toutes",
    "Un",
    "Une",
    "Vous",
    "À",
];

/// Spanish words that often begin a sentence, sorted; chosen as for English
/// (`Tal` for `Tal como`, `Tal vez`; `Les` the pronoun).
const ES_STARTERS: &[&str] = &[
    "A", "Además", "Ahora", "Al", "Allí", "Ante", "Antes", "Aquí", "Así", "Aunque", "Cada", "Como",
    "Con", "Cuando", "De", "Del", "Desde", "Después", "Durante", "El", "Ella", "Ellas", "Ellos",
    "En", "Entre", "Es", "Esa", "Esas", "Ese", "Eso", "Esos", "Esta", "Estas", "Este", "Esto",
    "Estos", "Hace", "Hasta", "Hay", "Incluso", "La", "Las", "Les", "Lo", "Los", "Luego",
    "Mientras", "Nadie", "Ni", "No", "Para", "Pero", "Por", "Se", "Según", "Si", "Sin", "Sobre",
    "Su", "Sus", "Tal", "También", "Tampoco", "Todo", "Todos", "Tras", "Un", "Una", "Y", "Ya",
];

/// French elided words that begin a sentence before an apostrophe (`L’armée`,
/// `C’est`, `Qu’il`), sorted. From French grammar, as in `tokenize::ELISIONS`.
const FR_ELIDED_STARTERS: &[&str] = &["C", "D", "J", "L", "N", "Qu", "S"];

/// The abbreviations of `lang`.
pub(super) fn abbreviations(lang: Lang) -> &'static [(&'static str, Abbr)] {
    match lang {
        Lang::En => EN_ABBREVIATIONS,
        Lang::Fr => FR_ABBREVIATIONS,
        Lang::Es => ES_ABBREVIATIONS,
    }
}

/// The words that, after an [`Abbr::Ambiguous`] abbreviation, show that a new
/// sentence has begun.
pub(super) fn starters(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => EN_STARTERS,
        Lang::Fr => FR_STARTERS,
        Lang::Es => ES_STARTERS,
    }
}

/// Elided words that begin a sentence when followed by an apostrophe.
pub(super) fn elided_starters(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En | Lang::Es => &[],
        Lang::Fr => FR_ELIDED_STARTERS,
    }
}

pub(super) fn lookup(table: &[(&str, Abbr)], word: &str) -> Option<Abbr> {
    table
        .binary_search_by(|(abbr, _)| abbr.cmp(&word))
        .ok()
        .map(|n| table[n].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        for lang in Lang::ALL {
            let abbreviations = abbreviations(lang);
            for pair in abbreviations.windows(2) {
                assert!(
                    pair[0].0 < pair[1].0,
                    "{lang}: {:?} before {:?}",
                    pair[0].0,
                    pair[1].0
                );
            }
            for (abbr, _) in abbreviations {
                assert!(!abbr.is_empty() && !abbr.ends_with('.'), "{lang}: {abbr:?}");
            }
            for table in [starters(lang), elided_starters(lang)] {
                for pair in table.windows(2) {
                    assert!(
                        pair[0] < pair[1],
                        "{lang}: {:?} before {:?}",
                        pair[0],
                        pair[1]
                    );
                }
            }
        }
    }
}
