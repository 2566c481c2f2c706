//! Sentence splitting, for aligning a text with its translation.
//!
//! [`split`] cuts a text into sentences and returns them as byte ranges into
//! the original, trimmed of the whitespace around them. It works in one pass
//! over the lines (paragraphs, headings, list items, unpunctuated lines) and
//! one pass over the sentence-final punctuation, then merges the cuts. Looking
//! back from a period reads at most one word, and looking ahead only the
//! whitespace and opening marks that follow and at most one word, so the time
//! is linear in the length of the text.
//!
//! # Lines
//!
//! * A blank line (a paragraph break) always ends a sentence.
//! * A Markdown heading (`# …`) and a list item (`- `, `* `, `+ `, `• `,
//!   `1. `, `1) `) start a sentence; a heading also ends one.
//! * A line with no final punctuation (it ends with a letter, a digit, a closing
//!   quote or bracket) ends a sentence when the next line starts with a capital
//!   or a digit (after any opening quote or bracket): titles and unpunctuated
//!   list lines. A line that ends with a comma, a colon or a dash, or a next
//!   line that starts in lowercase, continues the sentence.
//!
//! # Punctuation
//!
//! A run of `.`, `!`, `?`, `…` (and their kin), with the closing quotes and
//! brackets glued to it (and a French `»` after a space), ends a sentence when
//! it is followed by whitespace and then by a capital, a digit, or an opening
//! quote, bracket, dash, `¿` or `¡` before one. So nothing breaks inside `3.5`,
//! `1.200`, `10.30`, `U.S.A`, `www.example.org` or `a.b@example.org`; an
//! ellipsis or a `?` followed by a lowercase word (`… et puis`, `¿Vienes?
//! —preguntó`) does not end the sentence, nor does punctuation followed by a
//! comma (`« Pourquoi ? », a-t-il dit`). An ellipsis inside brackets (`[…]`,
//! `(...)`) marks a cut in a quotation, not a sentence end.
//!
//! A single period after a known abbreviation of the language depends on the
//! abbreviation's kind: titles and the like (`Mr.`, `Dr.`, `M.`,
//! `Sra.`, `No.`, `e.g.`, `p. ex.`) never end a sentence; abbreviations that
//! may close one (`U.S.`, `Inc.`, `Jr.`, `Dec.`, `EE. UU.`) end it only before
//! a word that usually begins a sentence (`The`, `Il`, `El`…, see
//! the starter tables) or an opening quote; `etc.` ends it before any capital. Initials
//! (`J. R. R. Tolkien`, `George W. Bush`) and dotted acronyms not in the tables
//! (`Ph.D.`, `a.m.`) count as abbreviations that may close a sentence. A number
//! at the start of a line followed by a period is a list number, not a sentence.

use std::ops::Range;

use crate::lang::Lang;

/// Splits `text` into sentences, as byte ranges into `text` (trimmed of
/// surrounding whitespace, in order, non-overlapping, never empty).
pub fn split(text: &str, lang: Lang) -> Vec<Range<usize>> {
    let by_line = line_cuts(text, lang);
    let by_punctuation = punctuation_cuts(text, lang);
    let mut sentences = Vec::new();
    let mut start = 0;
    for cut in merge_sorted(&by_line, &by_punctuation).chain(std::iter::once(text.len())) {
        if cut > start {
            push_trimmed(text, start..cut, &mut sentences);
            start = cut;
        }
    }
    sentences
}

/// What the period after an abbreviation means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbr {
    /// Stands before a name, a number or an example (titles, `No.`, `e.g.`):
    /// never ends a sentence.
    Leading,
    /// May close a sentence (`U.S.`, `Inc.`, `Jr.`, months): ends one only
    /// before a word that usually begins a sentence, or an opening quote.
    Ambiguous,
    /// Closes a list (`etc.`): ends a sentence before any capitalised word.
    Closing,
}

use Abbr::{Ambiguous, Closing, Leading};

/// English abbreviations, without their final period, sorted (byte order),
/// case as written. From the abbreviations of the AP Stylebook (titles before
/// names, months, company suffixes, `No.`, `vs.`) and common Latin ones.
const EN_ABBREVIATIONS: &[(&str, Abbr)] = &[
    ("Adm", Leading),
    ("Apr", Ambiguous),
    ("Aug", Ambiguous),
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
    ("Dec", Ambiguous),
    ("Dept", Ambiguous),
    ("Det", Leading),
    ("Dr", Leading),
    ("Feb", Ambiguous),
    ("Fr", Leading),
    ("Gen", Leading),
    ("Gov", Leading),
    ("Hon", Leading),
    ("Inc", Ambiguous),
    ("Jan", Ambiguous),
    ("Jr", Ambiguous),
    ("Jul", Ambiguous),
    ("Jun", Ambiguous),
    ("Lt", Leading),
    ("Ltd", Ambiguous),
    ("Maj", Leading),
    ("Mar", Ambiguous),
    ("Messrs", Leading),
    ("Mr", Leading),
    ("Mrs", Leading),
    ("Ms", Leading),
    ("Mt", Leading),
    ("No", Leading),
    ("Nos", Leading),
    ("Nov", Ambiguous),
    ("Oct", Ambiguous),
    ("Pres", Leading),
    ("Prof", Leading),
    ("Rep", Leading),
    ("Reps", Leading),
    ("Rev", Leading),
    ("Sen", Leading),
    ("Sens", Leading),
    ("Sep", Ambiguous),
    ("Sept", Ambiguous),
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
    ("avr", Ambiguous),
    ("bd", Leading),
    ("boul", Leading),
    ("c", Leading),
    ("c.-à-d", Leading),
    ("cf", Leading),
    ("chap", Leading),
    ("déc", Ambiguous),
    ("env", Leading),
    ("etc", Closing),
    ("fig", Leading),
    ("févr", Ambiguous),
    ("hab", Ambiguous),
    ("janv", Ambiguous),
    ("juil", Ambiguous),
    ("nov", Ambiguous),
    ("n°", Leading),
    ("oct", Ambiguous),
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
    ("abr", Ambiguous),
    ("ago", Ambiguous),
    ("aprox", Leading),
    ("art", Leading),
    ("cap", Leading),
    ("d", Leading),
    ("d. C", Ambiguous),
    ("dic", Ambiguous),
    ("ene", Ambiguous),
    ("etc", Closing),
    ("feb", Ambiguous),
    ("jul", Ambiguous),
    ("jun", Ambiguous),
    ("may", Ambiguous),
    ("nov", Ambiguous),
    ("núm", Leading),
    ("oct", Ambiguous),
    ("p", Leading),
    ("p. ej", Leading),
    ("pág", Leading),
    ("págs", Leading),
    ("sep", Ambiguous),
    ("sept", Ambiguous),
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
    "An",
    "And",
    "As",
    "At",
    "But",
    "By",
    "During",
    "For",
    "From",
    "He",
    "Her",
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
    "One",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
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
    "Comme",
    "Dans",
    "De",
    "Depuis",
    "Des",
    "Donc",
    "Du",
    "Elle",
    "Elles",
    "En",
    "Enfin",
    "Et",
    "Il",
    "Ils",
    "Je",
    "La",
    "Le",
    "Les",
    "Leur",
    "Leurs",
    "Lors",
    "Mais",
    "Ne",
    "Nous",
    "On",
    "Or",
    "Par",
    "Pour",
    "Pourtant",
    "Puis",
    "Quand",
    "Sa",
    "Selon",
    "Ses",
    "Si",
    "Son",
    "Sur",
    "Tous",
    "Tout",
    "Un",
    "Une",
    "Vous",
    "À",
];

/// Spanish words that often begin a sentence, sorted; chosen as for English.
const ES_STARTERS: &[&str] = &[
    "A", "Además", "Ahora", "Al", "Ante", "Así", "Aunque", "Cada", "Como", "Con", "Cuando", "De",
    "Del", "Desde", "Durante", "El", "Ella", "Ellas", "Ellos", "En", "Entre", "Es", "Esa", "Esas",
    "Ese", "Eso", "Esos", "Esta", "Estas", "Este", "Esto", "Estos", "Hay", "La", "Las", "Lo",
    "Los", "Mientras", "No", "Para", "Pero", "Por", "Se", "Según", "Si", "Sin", "Sobre", "Su",
    "Sus", "También", "Tras", "Un", "Una", "Y",
];

/// French elided words that begin a sentence before an apostrophe (`L’armée`,
/// `C’est`, `Qu’il`), sorted. From French grammar, as in `tokenize::ELISIONS`.
const FR_ELIDED_STARTERS: &[&str] = &["C", "D", "J", "L", "N", "Qu", "S"];

/// The abbreviations of `lang`.
fn abbreviations(lang: Lang) -> &'static [(&'static str, Abbr)] {
    match lang {
        Lang::En => EN_ABBREVIATIONS,
        Lang::Fr => FR_ABBREVIATIONS,
        Lang::Es => ES_ABBREVIATIONS,
    }
}

/// The words that, after an [`Abbr::Ambiguous`] abbreviation, show that a new
/// sentence has begun.
fn starters(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => EN_STARTERS,
        Lang::Fr => FR_STARTERS,
        Lang::Es => ES_STARTERS,
    }
}

/// Elided words that begin a sentence when followed by an apostrophe.
fn elided_starters(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En | Lang::Es => &[],
        Lang::Fr => FR_ELIDED_STARTERS,
    }
}

/// How far back a period looks for the word it ends, in bytes. Longer words
/// (URLs, paths) are not abbreviations.
const MAX_WORD_BEFORE: usize = 48;
/// How many characters of the next word are read to test it as a starter.
const MAX_WORD_AFTER: usize = 24;

// ---------------------------------------------------------------------------
// Characters.

/// Whitespace, and the byte-order mark, which editors leave at the start of
/// files and is no more part of a sentence.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Marks that end a sentence.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？'
    )
}

/// Closing quotes and brackets, and Markdown emphasis, that belong to the
/// sentence they follow when glued to its final mark.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    )
}

/// What may stand before the first word of a sentence: opening quotes and
/// brackets, Spanish `¿` `¡`, dashes, bullets, Markdown markers.
fn is_opener(c: char) -> bool {
    is_quote_opener(c)
        || matches!(
            c,
            '(' | '['
                | '{'
                | '-'
                | '–'
                | '—'
                | '―'
                | '•'
                | '◦'
                | '‣'
                | '▪'
                | '·'
                | '*'
                | '_'
                | '#'
        )
}

/// Opening quotes and the Spanish opening marks: after a terminal mark they
/// announce a new sentence even after an abbreviation.
fn is_quote_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '„' | '‚' | '¿' | '¡'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Whether `c` can begin a sentence after a terminal mark: a capital, a
/// caseless letter (there is no case to tell), a digit, a currency sign.
fn begins_sentence(c: char) -> bool {
    (c.is_alphabetic() && !c.is_lowercase()) || c.is_numeric() || matches!(c, '$' | '€' | '£' | '¥')
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

// ---------------------------------------------------------------------------
// Lines.

/// The kind of a line, for the line rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Heading,
    Item,
    Text,
}

/// The content of each line (without its terminator: `\n`, `\r\n` or `\r`).
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > bytes.len() {
            return None;
        }
        let line = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(n) => {
                let end = start + n;
                let terminator = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                let line = start..end;
                start = end + terminator;
                line
            }
            None => {
                let line = start..bytes.len();
                start = bytes.len() + 1;
                line
            }
        };
        Some(line)
    })
}

/// Cuts made by the layout: paragraphs, headings, list items, unpunctuated
/// lines followed by a capitalised one. Sorted.
fn line_cuts(text: &str, lang: Lang) -> Vec<usize> {
    struct Previous {
        heading: bool,
        unpunctuated: bool,
    }
    let mut cuts = Vec::new();
    let mut previous: Option<Previous> = None;
    for range in lines(text) {
        let line = &text[range.clone()];
        let Some(indent) = line.find(|c: char| !is_space(c)) else {
            // A blank line: the next line starts a paragraph.
            previous = None;
            continue;
        };
        let content = &line[indent..];
        let kind = line_kind(content);
        let cut = match &previous {
            None => true,
            Some(p) => {
                kind != LineKind::Text
                    || p.heading
                    || (p.unpunctuated && starts_capitalised(content))
            }
        };
        if cut {
            cuts.push(range.start + indent);
        }
        previous = Some(Previous {
            heading: kind == LineKind::Heading,
            unpunctuated: ends_unpunctuated(content, lang),
        });
    }
    cuts
}

/// Whether a line (without its indentation) is a Markdown heading, a list
/// item, or text.
fn line_kind(line: &str) -> LineKind {
    let bytes = line.as_bytes();
    let marked_by = |n: usize| matches!(bytes.get(n), None | Some(b' ' | b'\t'));
    let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
    if (1..=6).contains(&hashes) && marked_by(hashes) {
        return LineKind::Heading;
    }
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '◦' | '‣' | '▪' | '–' | '—')
            if chars.next().is_some_and(|c| c == ' ' || c == '\t') =>
        {
            LineKind::Item
        }
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if (1..=3).contains(&digits)
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && matches!(bytes.get(digits + 1), Some(b' ' | b'\t'))
            {
                LineKind::Item
            } else {
                LineKind::Text
            }
        }
    }
}

/// Whether a line starts (after any opening quotes or brackets) with a capital
/// or a digit.
fn starts_capitalised(line: &str) -> bool {
    line.chars()
        .find(|&c| !is_opener(c) && !is_space(c))
        .is_some_and(begins_sentence)
}

/// Whether a line ends without punctuation: with a letter, a digit or a
/// symbol, possibly inside closing quotes or brackets. A line ending with a
/// terminal mark is left to the punctuation rules; one ending with a comma,
/// a colon or a dash continues.
fn ends_unpunctuated(line: &str, lang: Lang) -> bool {
    let line = line.trim_end_matches(|c: char| is_space(c) || is_closer(c));
    let unpunctuated = line
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '%' | '°' | '$' | '€' | '£' | '¥'));
    // A title written without a period (`Mme`, `Dr`) waits for its name.
    let last_word = line
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    unpunctuated && lookup(abbreviations(lang), last_word) != Some(Leading)
}

// ---------------------------------------------------------------------------
// Punctuation.

/// What follows a run of terminal marks.
struct Next<'t> {
    /// The first character after the whitespace and openers, if any.
    first: Option<char>,
    /// An opening quote, `¿` or `¡` came before it.
    quoted: bool,
    /// The word it begins (letters only, at most [`MAX_WORD_AFTER`]).
    word: &'t str,
    /// The character right after that word.
    after_word: Option<char>,
}

/// Cuts made by sentence-final punctuation. Sorted.
fn punctuation_cuts(text: &str, lang: Lang) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i;
        while let Some(c) = char_at(text, end).filter(|&c| is_terminal(c)) {
            end += c.len_utf8();
        }
        let marks = &text[start..end];
        let after = absorb_closers(text, end);
        i = after;
        // A sentence end is followed by whitespace (or nothing).
        if char_at(text, after).is_some_and(|c| !is_space(c)) {
            continue;
        }
        let next = look_ahead(text, after);
        if ends_sentence(text, lang, start, marks, &next) {
            cuts.push(after);
        }
    }
    cuts
}

/// Past the closing quotes and brackets (and further terminal marks) glued to
/// a terminal mark ending at `i`, and a French `»` after a space.
fn absorb_closers(text: &str, mut i: usize) -> usize {
    loop {
        match char_at(text, i) {
            Some(c) if is_closer(c) || is_terminal(c) => i += c.len_utf8(),
            Some(c) if is_space(c) && c != '\n' && c != '\r' => {
                // « Oui. » : the closing guillemet after a (no-break) space.
                let mut j = i;
                while let Some(s) =
                    char_at(text, j).filter(|&s| is_space(s) && s != '\n' && s != '\r')
                {
                    j += s.len_utf8();
                }
                match char_at(text, j) {
                    Some(g @ ('»' | '›')) => i = j + g.len_utf8(),
                    _ => return i,
                }
            }
            _ => return i,
        }
    }
}

/// What comes after the whitespace at `i`.
fn look_ahead(text: &str, i: usize) -> Next<'_> {
    let mut j = i;
    let mut quoted = false;
    let mut first = None;
    while let Some(c) = char_at(text, j) {
        if is_space(c) {
        } else if is_opener(c) {
            quoted |= is_quote_opener(c);
        } else {
            first = Some(c);
            break;
        }
        j += c.len_utf8();
    }
    let mut k = j;
    for c in text[j..].chars().take(MAX_WORD_AFTER) {
        if !c.is_alphabetic() {
            break;
        }
        k += c.len_utf8();
    }
    Next {
        first,
        quoted,
        word: &text[j..k],
        after_word: char_at(text, k),
    }
}

/// Whether the terminal `marks` at `start`, followed by `next`, end a sentence.
fn ends_sentence(text: &str, lang: Lang, start: usize, marks: &str, next: &Next) -> bool {
    let Some(first) = next.first else {
        // Nothing follows but whitespace and openers.
        return true;
    };
    if !begins_sentence(first) && !next.quoted {
        // A lowercase word, a comma, a closing bracket: the sentence goes on.
        return false;
    }
    if first.is_lowercase() {
        // `"Why?" "because…"`: still lowercase after the quote.
        return false;
    }
    if marks != "." {
        // An ellipsis inside brackets marks a cut in a quotation.
        let ellipsis = marks.starts_with("..") || marks.starts_with('…');
        return !(ellipsis && matches!(char_before(text, start), Some('(' | '[')));
    }
    match word_before(text, lang, start) {
        Before::Word => true,
        Before::ListNumber => false,
        Before::Abbr(Leading) => false,
        Before::Abbr(Closing) => true,
        Before::Abbr(Ambiguous) => next.quoted || is_starter(lang, next),
    }
}

/// What a period ends.
enum Before {
    /// A word or number that is no abbreviation.
    Word,
    /// A number at the start of a line: `1. `.
    ListNumber,
    /// An abbreviation, initial or dotted acronym.
    Abbr(Abbr),
}

/// What the word ending at the period at `dot` is.
fn word_before(text: &str, lang: Lang, dot: usize) -> Before {
    let head = &text[..dot];
    let mut word_start = dot;
    for (k, c) in head.char_indices().rev() {
        if is_space(c) {
            break;
        }
        if dot - k > MAX_WORD_BEFORE {
            return Before::Word;
        }
        word_start = k;
    }
    let raw = &text[word_start..dot];
    let word = raw.trim_start_matches(|c: char| is_opener(c) || is_closer(c));
    let word = word.rsplit(is_apostrophe).next().unwrap_or(word);
    if word.is_empty() {
        return Before::Word;
    }
    if word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) && raw.len() == word.len() {
        let line_start = head[..word_start]
            .trim_end_matches([' ', '\t'])
            .chars()
            .next_back()
            .is_none_or(|c| c == '\n' || c == '\r' || c == '\u{feff}');
        if line_start && dot - word_start < MAX_WORD_BEFORE {
            return Before::ListNumber;
        }
    }
    let table = abbreviations(lang);
    // Abbreviations of two words (`p. ex.`, `EE. UU.`) first.
    for &(abbr, kind) in table.iter().filter(|(a, _)| a.contains(' ')) {
        if ends_with_spaced(head, abbr) {
            return Before::Abbr(kind);
        }
    }
    if let Some(kind) = lookup(table, word) {
        return Before::Abbr(kind);
    }
    // A capitalised abbreviation at the start of a sentence: `Etc.`, `Art.`.
    let mut chars = word.chars();
    // Not for one letter: `A.` is an initial, whatever `a.` means.
    if let Some(c) = chars
        .next()
        .filter(|c| c.is_uppercase() && word.len() > c.len_utf8())
    {
        let lowered: String = c.to_lowercase().chain(chars).collect();
        if let Some(kind) = lookup(table, &lowered) {
            return Before::Abbr(kind);
        }
    }
    if is_initial_or_acronym(word) {
        return Before::Abbr(Ambiguous);
    }
    Before::Word
}

/// Whether `head` ends with the words of `abbr`, separated by any whitespace
/// (`EE.\u{a0}UU`), after something that is not a letter or digit.
fn ends_with_spaced(head: &str, abbr: &str) -> bool {
    let mut rest = head;
    for (k, part) in abbr.rsplit(' ').enumerate() {
        if k > 0 {
            let trimmed = rest.trim_end_matches(is_space);
            if trimmed.len() == rest.len() {
                return false;
            }
            rest = trimmed;
        }
        match rest.strip_suffix(part) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    !rest.chars().next_back().is_some_and(char::is_alphanumeric)
}

fn lookup(table: &[(&str, Abbr)], word: &str) -> Option<Abbr> {
    table
        .binary_search_by(|(abbr, _)| abbr.cmp(&word))
        .ok()
        .map(|n| table[n].1)
}

/// An initial (`J`, `W`) or a dotted acronym (`U.S`, `Ph.D`, `J.-P`).
fn is_initial_or_acronym(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let part = part.strip_prefix('-').unwrap_or(part);
        let letters = part.chars().count();
        if !(1..=3).contains(&letters) || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts > 1 || word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() == 1
}

/// Whether the next word usually begins a sentence. A single letter followed
/// by a period is an initial (`J. A. Smith`), not the article `A`.
fn is_starter(lang: Lang, next: &Next) -> bool {
    let word = next.word;
    if word.chars().count() == 1 && next.after_word == Some('.') {
        return false;
    }
    if next.after_word.is_some_and(is_apostrophe)
        && elided_starters(lang).binary_search(&word).is_ok()
    {
        return true;
    }
    starters(lang).binary_search(&word).is_ok()
}

// ---------------------------------------------------------------------------
// Assembly.

/// The union of two sorted lists of cuts, in order (duplicates are harmless).
fn merge_sorted<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x <= y => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => return None,
        };
        Some(next)
    })
}

/// Pushes `range` trimmed of whitespace, unless nothing is left.
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let trimmed = piece.trim_start_matches(is_space);
    let start = range.start + (piece.len() - trimmed.len());
    let trimmed = trimmed.trim_end_matches(is_space);
    if !trimmed.is_empty() {
        out.push(start..start + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str, lang: Lang) -> Vec<&str> {
        split(text, lang).into_iter().map(|r| &text[r]).collect()
    }

    #[track_caller]
    fn check(lang: Lang, text: &str, expected: &[&str]) {
        let got = sentences(text, lang);
        assert_eq!(got, expected, "{lang}: {text:?}");
    }

    /// The same case written in each language: a language cannot lag behind.
    macro_rules! each_language {
        ($(
            $(#[$meta:meta])*
            $name:ident {
                en: $en:expr => [$($en_s:expr),* $(,)?],
                fr: $fr:expr => [$($fr_s:expr),* $(,)?],
                es: $es:expr => [$($es_s:expr),* $(,)?] $(,)?
            }
        )*) => {$(
            $(#[$meta])*
            #[test]
            fn $name() {
                check(Lang::En, $en, &[$($en_s),*]);
                check(Lang::Fr, $fr, &[$($fr_s),*]);
                check(Lang::Es, $es, &[$($es_s),*]);
            }
        )*};
    }

    each_language! {
        titles_and_dates_do_not_end_sentences {
            en: "Mr. Lee met the U.S. delegation on Dec. 5. Talks resumed." => [
                "Mr. Lee met the U.S. delegation on Dec. 5.",
                "Talks resumed.",
            ],
            fr: "M. Dupont a reçu Mme Durand et le Dr. Martin le 5 déc. 2019. Les discussions ont repris." => [
                "M. Dupont a reçu Mme Durand et le Dr. Martin le 5 déc. 2019.",
                "Les discussions ont repris.",
            ],
            es: "El Sr. López recibió a la Dra. Ruiz el 5 de dic. de 2019. Las conversaciones se reanudaron." => [
                "El Sr. López recibió a la Dra. Ruiz el 5 de dic. de 2019.",
                "Las conversaciones se reanudaron.",
            ],
        }

        initials_are_not_sentences {
            en: "George W. Bush met J. R. R. Smith in Texas. Both spoke about the border." => [
                "George W. Bush met J. R. R. Smith in Texas.",
                "Both spoke about the border.",
            ],
            fr: "J.-P. Dumas et Anne M. Roy étaient à Calais. Ils ont visité le camp." => [
                "J.-P. Dumas et Anne M. Roy étaient à Calais.",
                "Ils ont visité le camp.",
            ],
            es: "José A. Martínez y J. M. Aznar estaban en Ceuta. Visitaron el centro." => [
                "José A. Martínez y J. M. Aznar estaban en Ceuta.",
                "Visitaron el centro.",
            ],
        }

        numbers_times_and_decimals_hold_together {
            en: "Arrivals rose from 1,200 to 3.5 million; the vote is at 10.30 on 19 Aug. The count goes on." => [
                "Arrivals rose from 1,200 to 3.5 million; the vote is at 10.30 on 19 Aug.",
                "The count goes on.",
            ],
            fr: "Les arrivées sont passées de 1.200 à 3,5 millions ; le vote a lieu à 10.30 le 19 août. Le décompte continue." => [
                "Les arrivées sont passées de 1.200 à 3,5 millions ; le vote a lieu à 10.30 le 19 août.",
                "Le décompte continue.",
            ],
            es: "Las llegadas pasaron de 1.200 a 3,5 millones; la votación es a las 10.30 del 19 de ago. El recuento sigue." => [
                "Las llegadas pasaron de 1.200 a 3,5 millones; la votación es a las 10.30 del 19 de ago.",
                "El recuento sigue.",
            ],
        }

        sentences_may_end_with_a_number {
            en: "The agency registered 4,500 claims in 2019. 300 were accepted." => [
                "The agency registered 4,500 claims in 2019.",
                "300 were accepted.",
            ],
            fr: "L'agence a enregistré 4 500 demandes en 2019. 300 ont été acceptées." => [
                "L'agence a enregistré 4 500 demandes en 2019.",
                "300 ont été acceptées.",
            ],
            es: "La agencia registró 4.500 solicitudes en 2019. 300 fueron aceptadas." => [
                "La agencia registró 4.500 solicitudes en 2019.",
                "300 fueron aceptadas.",
            ],
        }

        urls_and_addresses_are_not_cut {
            en: "Forms are at https://www.example.org/asylum?lang=en. Write to help@asylum.example.org. Then wait." => [
                "Forms are at https://www.example.org/asylum?lang=en.",
                "Write to help@asylum.example.org.",
                "Then wait.",
            ],
            fr: "Les formulaires sont sur www.example.fr/asile?x=1. Écrivez à aide@asile.example.fr. Puis attendez." => [
                "Les formulaires sont sur www.example.fr/asile?x=1.",
                "Écrivez à aide@asile.example.fr.",
                "Puis attendez.",
            ],
            es: "Los formularios están en www.example.es/asilo?x=1. Escriba a ayuda@asilo.example.es. Luego espere." => [
                "Los formularios están en www.example.es/asilo?x=1.",
                "Escriba a ayuda@asilo.example.es.",
                "Luego espere.",
            ],
        }

        an_ellipsis_before_lowercase_goes_on {
            en: "They waited… and waited... and then left. Nobody came... The camp closed." => [
                "They waited… and waited... and then left.",
                "Nobody came...",
                "The camp closed.",
            ],
            fr: "Ils ont attendu… et attendu... puis sont partis. Personne n'est venu… Le camp a fermé." => [
                "Ils ont attendu… et attendu... puis sont partis.",
                "Personne n'est venu…",
                "Le camp a fermé.",
            ],
            es: "Esperaron… y esperaron... y luego se fueron. Nadie vino… El campamento cerró." => [
                "Esperaron… y esperaron... y luego se fueron.",
                "Nadie vino…",
                "El campamento cerró.",
            ],
        }

        an_ellipsis_in_brackets_is_a_cut_in_a_quotation {
            en: "\"We will help (...) Families come first,\" she said." => [
                "\"We will help (...) Families come first,\" she said.",
            ],
            fr: "« Nous aiderons […] Les familles d’abord », a-t-elle dit." => [
                "« Nous aiderons […] Les familles d’abord », a-t-elle dit.",
            ],
            es: "«Ayudaremos (…) Las familias primero», dijo." => [
                "«Ayudaremos (…) Las familias primero», dijo.",
            ],
        }

        closing_quotes_belong_to_the_sentence_they_close {
            en: "He said: \u{201c}We will.\u{201d} He left. \"The border is safe.\" The minister agreed." => [
                "He said: \u{201c}We will.\u{201d}",
                "He left.",
                "\"The border is safe.\"",
                "The minister agreed.",
            ],
            fr: "Il a dit : « Oui. » Puis il est parti. Elle a dit : «Non.» Ensuite, rien." => [
                "Il a dit : « Oui. »",
                "Puis il est parti.",
                "Elle a dit : «Non.»",
                "Ensuite, rien.",
            ],
            es: "Dijo: «Sí.» Luego se fue. Ella dijo: \u{201c}No.\u{201d} Después, nada." => [
                "Dijo: «Sí.»",
                "Luego se fue.",
                "Ella dijo: \u{201c}No.\u{201d}",
                "Después, nada.",
            ],
        }

        questions_and_exclamations {
            en: "Why now? Because the law changed! Everyone knew." => [
                "Why now?", "Because the law changed!", "Everyone knew.",
            ],
            fr: "Pourquoi maintenant\u{a0}? Parce que la loi a changé\u{202f}! Tout le monde le savait." => [
                "Pourquoi maintenant\u{a0}?", "Parce que la loi a changé\u{202f}!", "Tout le monde le savait.",
            ],
            es: "¿Por qué ahora? ¡Porque la ley cambió! Todos lo sabían." => [
                "¿Por qué ahora?", "¡Porque la ley cambió!", "Todos lo sabían.",
            ],
        }

        a_question_inside_a_sentence {
            en: "\"Why now?\" he asked. \"Why not?\", she said." => [
                "\"Why now?\" he asked.", "\"Why not?\", she said.",
            ],
            fr: "« Pourquoi maintenant ? », a-t-il demandé. « Pourquoi pas ? » répondit-elle." => [
                "« Pourquoi maintenant ? », a-t-il demandé.", "« Pourquoi pas ? » répondit-elle.",
            ],
            es: "—¿Por qué ahora? —preguntó. Si vienes, ¿qué harás? Dímelo." => [
                "—¿Por qué ahora? —preguntó.", "Si vienes, ¿qué harás?", "Dímelo.",
            ],
        }

        parentheses {
            en: "The reform passed (by 300 votes). (The vote was close.) Critics objected." => [
                "The reform passed (by 300 votes).", "(The vote was close.)", "Critics objected.",
            ],
            fr: "La réforme est passée (par 300 voix). (Le vote était serré.) Les critiques ont protesté." => [
                "La réforme est passée (par 300 voix).", "(Le vote était serré.)", "Les critiques ont protesté.",
            ],
            es: "La reforma se aprobó (por 300 votos). (La votación fue ajustada.) Los críticos protestaron." => [
                "La reforma se aprobó (por 300 votos).", "(La votación fue ajustada.)", "Los críticos protestaron.",
            ],
        }

        etc_ends_a_sentence_before_a_capital {
            en: "They brought food, blankets, etc. The camp was full. Tents, stoves, etc. and water arrived." => [
                "They brought food, blankets, etc.", "The camp was full.", "Tents, stoves, etc. and water arrived.",
            ],
            fr: "Ils ont apporté des vivres, des couvertures, etc. Le camp était plein. Tentes, réchauds, etc. sont arrivés." => [
                "Ils ont apporté des vivres, des couvertures, etc.", "Le camp était plein.", "Tentes, réchauds, etc. sont arrivés.",
            ],
            es: "Trajeron comida, mantas, etc. El campamento estaba lleno. Tiendas, hornillos, etc. llegaron después." => [
                "Trajeron comida, mantas, etc.", "El campamento estaba lleno.", "Tiendas, hornillos, etc. llegaron después.",
            ],
        }

        markdown_headings_and_list_items {
            en: "# Asylum in 2019\nClaims rose.\n- Greece\n- Italy\n1. First reading\n2. Second reading" => [
                "# Asylum in 2019", "Claims rose.", "- Greece", "- Italy", "1. First reading", "2. Second reading",
            ],
            fr: "## L’asile en 2019\nLes demandes ont augmenté.\n* Grèce\n* Italie\n1. Première lecture\n2) Deuxième lecture" => [
                "## L’asile en 2019", "Les demandes ont augmenté.", "* Grèce", "* Italie", "1. Première lecture", "2) Deuxième lecture",
            ],
            es: "# El asilo en 2019\nLas solicitudes aumentaron.\n• Grecia\n• Italia\n1. Primera lectura\n2. Segunda lectura" => [
                "# El asilo en 2019", "Las solicitudes aumentaron.", "• Grecia", "• Italia", "1. Primera lectura", "2. Segunda lectura",
            ],
        }

        an_unpunctuated_line_before_a_capital_is_a_sentence {
            en: "Border talks resume\nMinisters met in Brussels on Monday. The talks\ncontinued late into the night." => [
                "Border talks resume", "Ministers met in Brussels on Monday.", "The talks\ncontinued late into the night.",
            ],
            fr: "Reprise des négociations\nLes ministres se sont réunis lundi. Les discussions\nse sont prolongées tard." => [
                "Reprise des négociations", "Les ministres se sont réunis lundi.", "Les discussions\nse sont prolongées tard.",
            ],
            es: "Se reanudan las negociaciones\nLos ministros se reunieron el lunes. Las conversaciones\nse alargaron hasta tarde." => [
                "Se reanudan las negociaciones", "Los ministros se reunieron el lunes.", "Las conversaciones\nse alargaron hasta tarde.",
            ],
        }

        a_line_ending_with_a_comma_or_colon_goes_on {
            en: "The minister said,\nThe border stays open:\nNobody disagreed." => [
                "The minister said,\nThe border stays open:\nNobody disagreed.",
            ],
            fr: "Le ministre a déclaré :\nLa frontière reste ouverte,\nPersonne n’a protesté." => [
                "Le ministre a déclaré :\nLa frontière reste ouverte,\nPersonne n’a protesté.",
            ],
            es: "El ministro dijo:\nLa frontera sigue abierta,\nNadie protestó." => [
                "El ministro dijo:\nLa frontera sigue abierta,\nNadie protestó.",
            ],
        }

        a_blank_line_always_ends_a_sentence {
            en: "Ministers met in Brussels\n\nand talked\n \t\nfor hours" => [
                "Ministers met in Brussels", "and talked", "for hours",
            ],
            fr: "Les ministres se sont réunis\n\net ont parlé\n \t\npendant des heures" => [
                "Les ministres se sont réunis", "et ont parlé", "pendant des heures",
            ],
            es: "Los ministros se reunieron\n\ny hablaron\n \t\ndurante horas" => [
                "Los ministros se reunieron", "y hablaron", "durante horas",
            ],
        }

        without_punctuation_lines_are_the_units {
            en: "asylum seeker\nRefugee\nmigrant worker\n\nstateless person" => [
                "asylum seeker", "Refugee\nmigrant worker", "stateless person",
            ],
            fr: "demandeur d’asile\nRéfugié\ntravailleur migrant\n\napatride" => [
                "demandeur d’asile", "Réfugié\ntravailleur migrant", "apatride",
            ],
            es: "solicitante de asilo\nRefugiado\ntrabajador migrante\n\napátrida" => [
                "solicitante de asilo", "Refugiado\ntrabajador migrante", "apátrida",
            ],
        }

        crlf_and_bom {
            en: "\u{feff}Border talks resume\r\nMinisters met. Talks resumed.\r\n\r\nNew paragraph\r\n" => [
                "Border talks resume", "Ministers met.", "Talks resumed.", "New paragraph",
            ],
            fr: "\u{feff}Reprise des négociations\r\nLes ministres se sont réunis. Les discussions ont repris.\r\n\r\nNouveau paragraphe\r\n" => [
                "Reprise des négociations", "Les ministres se sont réunis.", "Les discussions ont repris.", "Nouveau paragraphe",
            ],
            es: "\u{feff}Se reanudan las negociaciones\r\nLos ministros se reunieron. Las conversaciones se reanudaron.\r\n\r\nNuevo párrafo\r\n" => [
                "Se reanudan las negociaciones", "Los ministros se reunieron.", "Las conversaciones se reanudaron.", "Nuevo párrafo",
            ],
        }

        a_wrapped_abbreviation_does_not_split {
            en: "The report was written by Dr.\nAmira Haddad and Prof.\nLuis Ortega." => [
                "The report was written by Dr.\nAmira Haddad and Prof.\nLuis Ortega.",
            ],
            fr: "Le rapport a été rédigé par M.\nAmira Haddad et Mme\nLuisa Ortega." => [
                "Le rapport a été rédigé par M.\nAmira Haddad et Mme\nLuisa Ortega.",
            ],
            es: "El informe lo escribieron el Dr.\nAmir Haddad y la Sra.\nLuisa Ortega." => [
                "El informe lo escribieron el Dr.\nAmir Haddad y la Sra.\nLuisa Ortega.",
            ],
        }
    }

    #[test]
    fn english_specifics() {
        let en = |text, expected: &[&str]| check(Lang::En, text, expected);
        en(
            "They reached the U.S. The next day they applied for asylum.",
            &[
                "They reached the U.S.",
                "The next day they applied for asylum.",
            ],
        );
        en(
            "The U.S. Senate voted. Acme Inc. said it would hire refugees.",
            &[
                "The U.S. Senate voted.",
                "Acme Inc. said it would hire refugees.",
            ],
        );
        en(
            "Sen. Ortiz, Gov. Lane, Gen. Hart, Lt. Col. Diaz and Rep. Kim spoke at No. 10 Downing St. on Tuesday.",
            &[
                "Sen. Ortiz, Gov. Lane, Gen. Hart, Lt. Col. Diaz and Rep. Kim spoke at No. 10 Downing St. on Tuesday.",
            ],
        );
        en(
            "Mr. He Lifeng and Mrs. Ng met Ms. Diallo. Smith vs. Jones is pending, e.g. Greece, i.e. Lesbos.",
            &[
                "Mr. He Lifeng and Mrs. Ng met Ms. Diallo.",
                "Smith vs. Jones is pending, e.g. Greece, i.e. Lesbos.",
            ],
        );
        en(
            "Acme Corp. The firm's founder, Bob Lee Jr. He spoke.",
            &["Acme Corp.", "The firm's founder, Bob Lee Jr.", "He spoke."],
        );
        en(
            "The ship docked at 6 a.m. It carried 120 people. It left at 9 p.m. Monday.",
            &[
                "The ship docked at 6 a.m.",
                "It carried 120 people.",
                "It left at 9 p.m. Monday.",
            ],
        );
        en(
            "Officials said the route is safe.\u{201d} The coastguard disagreed.",
            &[
                "Officials said the route is safe.\u{201d}",
                "The coastguard disagreed.",
            ],
        );
        en(
            "He was dubbed 'Plan B.' The plan failed.",
            &["He was dubbed 'Plan B.'", "The plan failed."],
        );
        en(
            "Talks in Sept. and Oct. failed. On Jan. 3 they resumed.",
            &["Talks in Sept. and Oct. failed.", "On Jan. 3 they resumed."],
        );
    }

    #[test]
    fn french_specifics() {
        let fr = |text, expected: &[&str]| check(Lang::Fr, text, expected);
        fr(
            "Il défend l’art. Le musée rouvre lundi ; l’art. 5 du décret le permet.",
            &[
                "Il défend l’art.",
                "Le musée rouvre lundi ; l’art. 5 du décret le permet.",
            ],
        );
        fr(
            "M. Le Drian a reçu MM. Dupont et Durand. L’accord a été signé.",
            &[
                "M. Le Drian a reçu MM. Dupont et Durand.",
                "L’accord a été signé.",
            ],
        );
        fr(
            "Plusieurs îles, p. ex. Lesbos, c.-à-d. la porte de l’Europe, sont saturées. C’est un fait.",
            &[
                "Plusieurs îles, p. ex. Lesbos, c.-à-d. la porte de l’Europe, sont saturées.",
                "C’est un fait.",
            ],
        );
        fr(
            "Le centre, au 12 av. Jean-Jaurès, a ouvert le 19 août. Le préfet était présent.",
            &[
                "Le centre, au 12 av. Jean-Jaurès, a ouvert le 19 août.",
                "Le préfet était présent.",
            ],
        );
        fr(
            "Le décret n° 5 du 3 janv. 2020 s’applique. Il concerne l’art. 5 et les É.-U. Le texte est publié.",
            &[
                "Le décret n° 5 du 3 janv. 2020 s’applique.",
                "Il concerne l’art. 5 et les É.-U.",
                "Le texte est publié.",
            ],
        );
        fr(
            "Vraiment ? Oui ! Et alors\u{a0}: rien ; la suite\u{202f}?",
            &[
                "Vraiment ?",
                "Oui !",
                "Et alors\u{a0}: rien ; la suite\u{202f}?",
            ],
        );
        fr(
            "Il a conclu : « La frontière restera ouverte. » Le débat est clos.",
            &[
                "Il a conclu : « La frontière restera ouverte. »",
                "Le débat est clos.",
            ],
        );
    }

    #[test]
    fn spanish_specifics() {
        let es = |text, expected: &[&str]| check(Lang::Es, text, expected);
        es(
            "Llegaron a EE. UU. El lunes pidieron asilo. EE. UU. anunció nuevas normas.",
            &[
                "Llegaron a EE. UU.",
                "El lunes pidieron asilo.",
                "EE. UU. anunció nuevas normas.",
            ],
        );
        es(
            "Viajó a EE.\u{a0}UU. Donald Trump lo recibió en la Casa Blanca.",
            &["Viajó a EE.\u{a0}UU. Donald Trump lo recibió en la Casa Blanca."],
        );
        es(
            "Varios países, p. ej. Grecia, lo citan en la pág. 5, núm. 3, art. 12. Es grave.",
            &[
                "Varios países, p. ej. Grecia, lo citan en la pág. 5, núm. 3, art. 12.",
                "Es grave.",
            ],
        );
        es(
            "El Gral. Pérez, el Lic. Gómez, el Ing. Ruiz, D. Juan y Dña. María viven en la Av. Libertad. Srta. Vega, Sres. Díaz.",
            &[
                "El Gral. Pérez, el Lic. Gómez, el Ing. Ruiz, D. Juan y Dña. María viven en la Av. Libertad.",
                "Srta. Vega, Sres. Díaz.",
            ],
        );
        es(
            "La ciudad fue fundada en el 300 a. C. El imperio cayó después.",
            &[
                "La ciudad fue fundada en el 300 a. C.",
                "El imperio cayó después.",
            ],
        );
        es(
            "¿Cuántos llegaron? ¡Más de 1.200! «¿Y ahora?», preguntó.",
            &[
                "¿Cuántos llegaron?",
                "¡Más de 1.200!",
                "«¿Y ahora?», preguntó.",
            ],
        );
        es(
            "El plazo vence el 5 de ene. de 2020 y la reunión es el 3 de feb. Los detalles llegarán.",
            &[
                "El plazo vence el 5 de ene. de 2020 y la reunión es el 3 de feb.",
                "Los detalles llegarán.",
            ],
        );
    }

    #[test]
    fn degenerate_texts() {
        for lang in Lang::ALL {
            assert!(split("", lang).is_empty());
            assert!(split(" \t\r\n\u{a0}\u{feff}\n\n", lang).is_empty());
            assert_eq!(sentences("\u{feff}", lang), Vec::<&str>::new());
            assert_eq!(sentences("...", lang), ["..."]);
            assert_eq!(sentences("Mr.", lang), ["Mr."]);
            assert_eq!(sentences("refugee", lang), ["refugee"]);
            assert_eq!(
                sentences("\r\rRefugee\rMigrant\r", lang),
                ["Refugee", "Migrant"]
            );
            assert_eq!(sentences("  x. B.  ", lang), ["x.", "B."]);
        }
    }

    /// Texts of a few megabytes in one line, shaped to make a careless
    /// splitter look far back or ahead at every mark; a quadratic pass would
    /// take hours.
    #[test]
    fn long_lines_take_linear_time() {
        let n = 1 << 18;
        let shapes = [
            ".".repeat(n),
            "Mr. ".repeat(n / 4),
            "a. ".repeat(n / 3),
            "U.S. The ".repeat(n / 9),
            format!("Go.{}Now.", " ".repeat(n)),
            format!("Go. {}Now.", "(".repeat(n)),
            "x".repeat(n) + ". Then.",
            "1.2.3.4".repeat(n / 7),
            "\n".repeat(n),
            "- a\n".repeat(n / 4),
        ];
        let started = std::time::Instant::now();
        for text in &shapes {
            for lang in Lang::ALL {
                let got = split(text, lang);
                assert!(got.len() <= text.len());
            }
        }
        let elapsed = started.elapsed();
        assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
    }

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

    proptest::proptest! {
        #[test]
        fn ranges_are_trimmed_ordered_and_cover_all_text(
            text in proptest::string::string_regex(
                "([A-Za-zÀ-ÿ0-9 ]{0,6}|[.!?…«»“”\"'()¿¡#*•\\-]|\\.\\.\\.|Mr\\.|U\\.S\\.|EE\\. UU\\.|p\\. ex\\.|1\\. |\r\n|\n\n|\n|\r|\u{a0}|\u{202f}|\u{feff}|[^\\x00-\\x7f])*"
            ).unwrap(),
            any in ".*",
        ) {
            for text in [&text, &any] {
                for lang in Lang::ALL {
                    let ranges = split(text, lang);
                    let mut end = 0;
                    for r in &ranges {
                        let s = text.get(r.clone());
                        proptest::prop_assert!(s.is_some(), "{r:?} is not on char boundaries");
                        let s = s.unwrap();
                        proptest::prop_assert!(r.start >= end, "{r:?} overlaps the previous range");
                        proptest::prop_assert!(!s.is_empty());
                        proptest::prop_assert_eq!(s, s.trim_matches(is_space));
                        // Nothing but whitespace is left out.
                        proptest::prop_assert!(text[end..r.start].chars().all(is_space));
                        end = r.end;
                    }
                    proptest::prop_assert!(text[end..].chars().all(is_space));
                }
            }
        }
    }

    /// NTREX-128 (newstest2019 source and references): one sentence a line,
    /// documents given by `DOCUMENT_IDS.tsv` (one id a line, line-aligned).
    /// Each document's sentences are joined with a space and split again; a
    /// gold boundary is where a line began.
    ///
    /// Some gold boundaries do not show in running text: the first line of
    /// each document is its unpunctuated headline, and translators broke some
    /// sentences in two at a comma to follow the English lines. Recall is
    /// asserted on the boundaries after a final mark, and printed for all; it
    /// is also printed with each headline on its own line, as in a document.
    /// Precision counts as wrong every cut inside a line, even where a
    /// translator put two sentences on one line.
    ///
    /// `NTREX_SHOW=1 cargo test ntrex -- --nocapture` prints every miss and
    /// every wrong cut.
    #[test]
    fn ntrex_boundaries() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex128");
        let ids = match std::fs::read_to_string(dir.join("DOCUMENT_IDS.tsv")) {
            Ok(ids) => ids,
            Err(e) => {
                eprintln!("skipping the NTREX measure: {}: {e}", dir.display());
                return;
            }
        };
        let ids: Vec<&str> = ids
            .lines()
            .map(|l| l.split('\t').next().unwrap_or(""))
            .collect();
        let show = std::env::var_os("NTREX_SHOW").is_some();
        for (lang, file) in [
            (Lang::En, "newstest2019-src.eng.txt"),
            (Lang::Fr, "newstest2019-ref.fra.txt"),
            (Lang::Es, "newstest2019-ref.spa.txt"),
        ] {
            let path = dir.join(file);
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!(
                        "skipping the NTREX measure for {lang}: {}: {e}",
                        path.display()
                    );
                    continue;
                }
            };
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(
                lines.len(),
                ids.len(),
                "{file} and DOCUMENT_IDS.tsv differ in length"
            );
            let m = measure(lang, &ids, &lines, false, show);
            let h = measure(lang, &ids, &lines, true, false);
            println!(
                "NTREX {lang}: {} documents, {} gold boundaries ({} after a final mark), {} cuts: \
                 precision {:.4}, recall {:.4} (after a final mark {:.4}); \
                 headlines on their own line: precision {:.4}, recall {:.4}",
                m.documents,
                m.gold,
                m.gold_marked,
                m.predicted,
                m.precision(),
                m.recall(),
                m.recall_marked(),
                h.precision(),
                h.recall(),
            );
            assert!(
                m.precision() >= 0.95,
                "{lang}: precision {:.4}",
                m.precision()
            );
            assert!(
                m.recall_marked() >= 0.95,
                "{lang}: recall {:.4}",
                m.recall_marked()
            );
        }
    }

    #[derive(Default)]
    struct Measure {
        documents: usize,
        gold: usize,
        /// Gold boundaries after a line that ends with a final mark: those
        /// that running text shows.
        gold_marked: usize,
        predicted: usize,
        found: usize,
        found_marked: usize,
    }

    impl Measure {
        fn precision(&self) -> f64 {
            self.found as f64 / self.predicted.max(1) as f64
        }

        fn recall(&self) -> f64 {
            self.found as f64 / self.gold.max(1) as f64
        }

        fn recall_marked(&self) -> f64 {
            self.found_marked as f64 / self.gold_marked.max(1) as f64
        }
    }

    /// Joins each document's lines with a space (after the headline, a line
    /// break if `headline_apart`), splits, and counts.
    fn measure(
        lang: Lang,
        ids: &[&str],
        lines: &[&str],
        headline_apart: bool,
        show: bool,
    ) -> Measure {
        let mut m = Measure::default();
        let mut from = 0;
        while from < lines.len() {
            let to = (from..lines.len())
                .find(|&k| ids[k] != ids[from])
                .unwrap_or(lines.len());
            m.documents += 1;
            let mut doc = String::new();
            // Gold boundaries: offset, and whether the line before ends with a final mark.
            let mut gold: Vec<(usize, bool)> = Vec::new();
            let mut marked = false;
            for line in lines[from..to]
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
            {
                if !doc.is_empty() {
                    doc.push(if headline_apart && gold.is_empty() {
                        '\n'
                    } else {
                        ' '
                    });
                    gold.push((doc.len(), marked));
                }
                doc.push_str(line);
                marked = line
                    .trim_end_matches(is_closer)
                    .chars()
                    .next_back()
                    .is_some_and(is_terminal);
            }
            let predicted: Vec<usize> = split(&doc, lang).iter().skip(1).map(|r| r.start).collect();
            m.gold += gold.len();
            m.gold_marked += gold.iter().filter(|g| g.1).count();
            m.predicted += predicted.len();
            for &(at, marked) in &gold {
                let hit = predicted.binary_search(&at).is_ok();
                m.found += usize::from(hit);
                m.found_marked += usize::from(hit && marked);
                if show && !hit && marked {
                    eprintln!("{lang} missed: {}", context(&doc, at));
                }
            }
            if show {
                for &at in &predicted {
                    if gold.binary_search_by_key(&at, |g| g.0).is_err() {
                        eprintln!("{lang} wrong: {}", context(&doc, at));
                    }
                }
            }
            from = to;
        }
        m
    }

    fn context(doc: &str, at: usize) -> String {
        let mut a = at.saturating_sub(50);
        while !doc.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (at + 30).min(doc.len());
        while !doc.is_char_boundary(b) {
            b += 1;
        }
        format!("{}⟦|⟧{}", &doc[a..at], &doc[at..b])
    }
}
