//! The languages detection must not take for ours: Romance neighbours of
//! Spanish and French, and German. A text in one of them is "und", and the
//! neighbour it looks most like is given as its [`Detection::guess`].
//!
//! The fast path knows Portuguese, Italian, Catalan and German through
//! whatlang and their function words. Galician, Asturian, Aragonese and
//! Occitan are unknown to whatlang (and to lingua): they are told by their
//! function words, and Galician, Portuguese and Catalan also by spellings
//! Spanish does not have ([`spelling_cues`]).

use super::*;

/// A language close to ours that detection rejects ("und") and can name as
/// its best guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Neighbour {
    Pt,
    It,
    Ca,
    De,
    Gl,
    Ast,
    An,
    Oc,
}

impl Neighbour {
    /// Every neighbour, in the order of the scored languages after ours.
    pub const ALL: [Neighbour; N_SCORED - N_OURS] = [
        Neighbour::Pt,
        Neighbour::It,
        Neighbour::Ca,
        Neighbour::De,
        Neighbour::Gl,
        Neighbour::Ast,
        Neighbour::An,
        Neighbour::Oc,
    ];

    /// The ISO 639 code (639-1 where there is one), as in the `guess` column.
    pub fn code(self) -> &'static str {
        match self {
            Neighbour::Pt => "pt",
            Neighbour::It => "it",
            Neighbour::Ca => "ca",
            Neighbour::De => "de",
            Neighbour::Gl => "gl",
            Neighbour::Ast => "ast",
            Neighbour::An => "an",
            Neighbour::Oc => "oc",
        }
    }

    /// The language's English name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Neighbour::Pt => "Portuguese",
            Neighbour::It => "Italian",
            Neighbour::Ca => "Catalan",
            Neighbour::De => "German",
            Neighbour::Gl => "Galician",
            Neighbour::Ast => "Asturian",
            Neighbour::An => "Aragonese",
            Neighbour::Oc => "Occitan",
        }
    }

    /// The neighbour of a scored language's index (None for ours).
    pub(super) fn of_index(i: usize) -> Option<Neighbour> {
        i.checked_sub(N_OURS)
            .and_then(|i| Neighbour::ALL.get(i).copied())
    }

    pub(super) fn index(self) -> usize {
        N_OURS + self as usize
    }
}

impl std::fmt::Display for Neighbour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A neighbour leads a text detected as one of ours when the words of its
/// list that ours lacks (plus spelling cues, for Spanish) number at least
/// this many ...
const LEAD_MIN: f64 = 2.0;

/// ... and this many times the words of our list the neighbour lacks.
const LEAD_RATIO: f64 = 1.5;

/// Spelling cues counted, at most.
const MAX_CUES: u32 = 24;

/// Spelling cues are looked for in at most this many bytes from the start.
const CUE_SAMPLE_BYTES: usize = 1024;

/// The neighbour whose function words lead those of `ours` in `counts`,
/// and by how much (exclusive hits ahead, behind), if one leads enough for
/// the text not to be `ours`. `text` is read for spelling cues when `ours`
/// is Spanish.
pub(super) fn leading_neighbour(
    counts: &Counts,
    text: &str,
    ours: Lang,
) -> Option<(Neighbour, f64)> {
    let best = ours.index();
    let mut cues = None;
    let mut found: Option<(Neighbour, f64)> = None;
    // Portuguese, Italian, Catalan and German are the fast path's (and
    // lingua's) to tell.
    for n in [Neighbour::Gl, Neighbour::Ast, Neighbour::An, Neighbour::Oc] {
        let mut ahead = f64::from(counts.exclusive(n.index(), best));
        let behind = f64::from(counts.exclusive(best, n.index()));
        // Spelling cues only where a Galician word already is, and where
        // they could make up what is missing (a Spanish text of some length
        // has far more Spanish words than cues could make up).
        let missing = LEAD_MIN.max(LEAD_RATIO * behind) - ahead;
        if ours == Lang::Es && n == Neighbour::Gl && ahead > 0.0 && missing <= f64::from(MAX_CUES) {
            ahead += f64::from(*cues.get_or_insert_with(|| spelling_cues(text)));
        }
        if ahead >= LEAD_MIN && ahead >= LEAD_RATIO * behind {
            let lead = ahead - behind;
            if found.is_none_or(|(_, l)| lead > l) {
                found = Some((n, lead));
            }
        }
    }
    found
}

/// The neighbour a text already found "und" looks most like: `guess` (the
/// fast path's), unless another neighbour's function words lead it, as
/// Galician's do Portuguese's in a Galician text (*unha*, *non*, *xa* against
/// *uma*, *não*, *já*).
pub(super) fn refine_guess(counts: &Counts, guess: Neighbour) -> Neighbour {
    let g = guess.index();
    Neighbour::ALL
        .into_iter()
        .map(|n| {
            let lead = i64::from(counts.exclusive(n.index(), g))
                - i64::from(counts.exclusive(g, n.index()));
            (n, lead)
        })
        .filter(|&(_, lead)| lead > 0)
        .max_by_key(|&(n, lead)| (lead, std::cmp::Reverse(n)))
        .map_or(guess, |(n, _)| n)
}

/// Words spelt as Spanish never spells them, in the first KB of `text`:
/// an `x` inside a word other than after `e` (Galician *xente*,
/// *proxecto*, Catalan *xarxa*; Spanish *examen*, *próximo* are rarer);
/// a word ending in a vowel and `ns` (Galician *solucións*, Catalan
/// *decisions*, Portuguese *bens*), or in `ou` (Galician and Portuguese
/// past tenses, *anunciou*); `ç`, `ã`, `õ` (Portuguese, Catalan) and `l·l`
/// (Catalan).
pub(super) fn spelling_cues(text: &str) -> u32 {
    let sample = prefix(text, CUE_SAMPLE_BYTES);
    let mut cues = 0;
    for word in sample.split(|c: char| !c.is_alphabetic() && c != '·') {
        // The last three letters, lowercase, and whether a cue was seen.
        let (mut last, mut letters, mut cue) = (['\0'; 3], 0usize, false);
        for c in word.chars() {
            let c = c.to_lowercase().next().unwrap_or(c);
            let prev = last[2];
            cue |= c == 'x' && (letters == 0 || !matches!(prev, 'e' | 'é'));
            cue |= matches!(c, 'ç' | 'ã' | 'õ') || (prev == '·' && c == 'l');
            last = [last[1], last[2], c];
            letters += 1;
        }
        if letters < 3 {
            continue;
        }
        let ends_ns = letters >= 4 && last[1] == 'n' && last[2] == 's' && is_vowel(last[0]);
        let ends_ou = last[1] == 'o' && last[2] == 'u';
        if cue || ends_ns || ends_ou {
            cues += 1;
            if cues == MAX_CUES {
                break;
            }
        }
    }
    cues
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'â' | 'ê' | 'ô' | 'ã' | 'õ'
    )
}
