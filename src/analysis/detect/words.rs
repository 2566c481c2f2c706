//! The function words detection counts, per scored language (ours, and the
//! neighbours that must come out `und`), and the table they are looked up
//! in: each word packed into a `u64` key, one probe per word read.

use super::*;

/// English function words.
pub const EN_WORDS: &[&str] = &[
    "'d", "'ll", "'m", "'re", "'s", "'t", "'ve", "a", "about", "after", "against", "all", "also",
    "an", "and", "are", "as", "at", "be", "because", "been", "before", "between", "but", "by",
    "can", "could", "did", "do", "does", "during", "each", "even", "for", "from", "had", "has",
    "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "just", "like", "may", "me", "might", "more", "most", "must", "my", "no", "not", "now", "of",
    "off", "on", "one", "only", "or", "other", "our", "out", "over", "said", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "under", "up", "us", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "why", "will", "with", "without", "would", "you",
    "your",
];

/// French function words.
pub const FR_WORDS: &[&str] = &[
    "a", "ai", "alors", "après", "au", "aussi", "aux", "avait", "avec", "avoir", "c'", "ce",
    "cela", "ces", "cette", "chez", "comme", "d'", "dans", "de", "des", "donc", "dont", "du",
    "déjà", "elle", "elles", "en", "encore", "entre", "est", "et", "eux", "il", "ils", "j'", "je",
    "l'", "la", "le", "les", "leur", "leurs", "lui", "là", "mais", "me", "moi", "même", "n'", "ne",
    "ni", "non", "nos", "notre", "nous", "on", "ont", "ou", "oui", "où", "par", "pas", "peut",
    "plus", "pour", "qu'", "quand", "que", "qui", "rien", "s'", "sa", "sans", "se", "selon",
    "sera", "ses", "si", "son", "sont", "sous", "sur", "toi", "tous", "tout", "toute", "très",
    "tu", "un", "une", "vers", "vos", "votre", "vous", "y", "à", "ça", "était", "été", "être",
];

/// Spanish function words.
pub const ES_WORDS: &[&str] = &[
    "a", "al", "ante", "antes", "aquí", "así", "aunque", "como", "con", "contra", "cuando", "de",
    "del", "desde", "donde", "durante", "el", "ella", "ellos", "en", "entre", "era", "es", "esa",
    "ese", "eso", "esta", "estaba", "estas", "este", "esto", "estos", "está", "están", "fue",
    "fueron", "ha", "había", "hace", "han", "hasta", "hay", "he", "la", "las", "le", "les", "lo",
    "los", "me", "mi", "mismo", "muy", "más", "no", "nos", "o", "otra", "otro", "otros", "para",
    "pero", "por", "porque", "que", "qué", "se", "sea", "según", "ser", "será", "si", "sido",
    "sin", "sobre", "solo", "son", "su", "sus", "sí", "sólo", "también", "tan", "te", "tiene",
    "todo", "todos", "tras", "tu", "tú", "un", "una", "y", "ya", "yo", "él",
];

/// Portuguese function words (distractor: evidence for "und").
pub const PT_WORDS: &[&str] = &[
    "a", "ainda", "antes", "ao", "aos", "as", "até", "com", "como", "contra", "da", "das", "de",
    "depois", "do", "dos", "durante", "e", "ela", "ele", "eles", "em", "entre", "era", "essa",
    "esse", "esta", "este", "está", "eu", "foi", "foram", "há", "isso", "já", "lhe", "mais", "mas",
    "me", "mesmo", "muito", "na", "nas", "nem", "no", "nos", "não", "o", "onde", "os", "ou",
    "para", "pela", "pelo", "pode", "por", "porque", "quando", "que", "se", "seja", "sem", "ser",
    "seu", "seus", "sido", "sobre", "sua", "são", "também", "tem", "ter", "tinha", "um", "uma",
    "você", "à", "às",
];

/// Italian function words (distractor: evidence for "und").
pub const IT_WORDS: &[&str] = &[
    "a", "ad", "agli", "ai", "al", "all'", "alla", "alle", "anche", "ancora", "che", "ci", "come",
    "con", "contro", "così", "cui", "da", "dai", "dal", "dalla", "degli", "dei", "del", "dell'",
    "della", "delle", "di", "dopo", "dove", "e", "ed", "era", "essere", "già", "gli", "ha",
    "hanno", "i", "il", "in", "l'", "la", "le", "lo", "loro", "ma", "mi", "molto", "ne", "negli",
    "nei", "nel", "nell'", "nella", "non", "o", "per", "perché", "più", "può", "quando", "quella",
    "quello", "questa", "questi", "questo", "se", "secondo", "senza", "si", "sia", "sono", "stato",
    "su", "sua", "sui", "sul", "sulla", "suo", "tra", "tutti", "tutto", "un", "un'", "una", "uno",
    "è",
];

/// Catalan function words (distractor: evidence for "und").
pub const CA_WORDS: &[&str] = &[
    "a", "això", "al", "als", "amb", "aquest", "aquesta", "cap", "com", "d'", "de", "del", "dels",
    "després", "el", "els", "en", "encara", "entre", "era", "es", "fa", "fins", "ha", "han", "hem",
    "hi", "ho", "i", "ja", "l'", "la", "les", "li", "molt", "més", "n'", "ni", "no", "o", "pel",
    "pels", "per", "perquè", "però", "quan", "que", "s'", "se", "segons", "sense", "ser", "seu",
    "seus", "seva", "sobre", "són", "també", "tot", "tots", "un", "una", "va", "van", "és",
];

/// German function words (distractor: evidence for "und").
pub const DE_WORDS: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den",
    "der", "des", "die", "diese", "dieser", "durch", "ein", "eine", "einem", "einen", "einer",
    "er", "es", "für", "gegen", "hat", "hatte", "ich", "ihr", "ihre", "im", "in", "ist", "kann",
    "man", "mehr", "mit", "nach", "nicht", "noch", "nur", "oder", "schon", "sein", "seine", "seit",
    "sich", "sie", "sind", "so", "um", "und", "unter", "von", "vor", "war", "wenn", "werden",
    "wie", "wir", "wird", "wurde", "wurden", "zu", "zum", "zur", "zwischen", "über",
];

/// The scored languages, in the order of [`WORD_LISTS`]: our three first
/// (in [`Lang::ALL`] order), then the distractors.
pub(super) const N_OURS: usize = 3;

pub(super) const N_SCORED: usize = 7;

pub(super) const WORD_LISTS: [&[&str]; N_SCORED] = [
    EN_WORDS, FR_WORDS, ES_WORDS, PT_WORDS, IT_WORDS, CA_WORDS, DE_WORDS,
];

pub(super) const WHATLANG_SCORED: [whatlang::Lang; N_SCORED] = [
    whatlang::Lang::Eng,
    whatlang::Lang::Fra,
    whatlang::Lang::Spa,
    whatlang::Lang::Por,
    whatlang::Lang::Ita,
    whatlang::Lang::Cat,
    whatlang::Lang::Deu,
];

/// Whether `word` (lowercase) is in `lang`'s function-word list.
pub fn is_function_word(lang: Lang, word: &str) -> bool {
    WORD_LISTS[lang.index()].binary_search(&word).is_ok()
}

// ---------------------------------------------------------------------------
// Tuning constants (chosen on PUD and NTREX-128 with examples/eval_detect.rs).
// ---------------------------------------------------------------------------

pub(super) const TABLE_BITS: u32 = 10;

pub(super) const TABLE_SIZE: usize = 1 << TABLE_BITS;

/// Longest word (in bytes) that can be packed into a key.
pub(super) const MAX_KEY_BYTES: u32 = 8;

#[inline]
pub(super) fn slot_of(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_BITS)) as usize
}

/// Packs a word of at most 8 bytes; None if longer or empty.
pub(super) fn pack(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_KEY_BYTES as usize {
        return None;
    }
    Some(
        bytes
            .iter()
            .enumerate()
            .fold(0u64, |k, (i, &b)| k | (u64::from(b) << (8 * i))),
    )
}

pub(super) struct WordTable {
    /// (key, mask); key 0 marks an empty slot (no word packs to 0).
    slots: Box<[(u64, u8)]>,
}

impl WordTable {
    pub(super) fn build() -> WordTable {
        let mut slots = vec![(0u64, 0u8); TABLE_SIZE].into_boxed_slice();
        for (i, list) in WORD_LISTS.iter().enumerate() {
            for word in list.iter() {
                // Lists are checked by a unit test: every word packs.
                let Some(key) = pack(word) else { continue };
                let mut s = slot_of(key);
                loop {
                    if slots[s].0 == key || slots[s].0 == 0 {
                        slots[s].0 = key;
                        slots[s].1 |= 1 << i;
                        break;
                    }
                    s = (s + 1) & (TABLE_SIZE - 1);
                }
            }
        }
        WordTable { slots }
    }

    #[inline]
    pub(super) fn get(&self, key: u64) -> u8 {
        let mut s = slot_of(key);
        loop {
            let (k, mask) = self.slots[s];
            if k == key {
                return mask;
            }
            if k == 0 {
                return 0;
            }
            s = (s + 1) & (TABLE_SIZE - 1);
        }
    }
}
