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
    "depois", "desta", "destas", "deste", "destes", "do", "dois", "dos", "doutra", "doutro",
    "duas", "durante", "e", "ela", "ele", "eles", "em", "enquanto", "entre", "era", "essa", "esse",
    "esta", "este", "está", "eu", "foi", "foram", "há", "isso", "já", "lhe", "mais", "mas", "me",
    "mesmo", "muito", "na", "nas", "nem", "nesta", "nestas", "neste", "nestes", "no", "nos", "não",
    "o", "onde", "os", "ou", "para", "pela", "pelo", "pode", "por", "porque", "quando", "que",
    "se", "seja", "sem", "ser", "seu", "seus", "sido", "sobre", "sua", "são", "só", "também",
    "tem", "ter", "tinha", "um", "uma", "você", "à", "às",
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

/// Galician function words (neighbour: evidence for "und"; close to Spanish and Portuguese).
pub const GL_WORDS: &[&str] = &[
    "a", "ao", "aos", "aquel", "aquela", "aquí", "as", "así", "ata", "aínda", "cando", "co", "coa",
    "coas", "como", "con", "contra", "cos", "cómpre", "da", "das", "de", "dende", "desde",
    "despois", "desta", "destas", "deste", "destes", "do", "dos", "dous", "doutra", "doutras",
    "doutro", "doutros", "dun", "dunha", "durante", "dúas", "e", "el", "ela", "elas", "eles", "en",
    "entre", "entón", "era", "eran", "esa", "ese", "esta", "este", "estes", "está", "foi", "foron",
    "hai", "iso", "isto", "lle", "lles", "mais", "mentres", "moi", "moito", "moitos", "máis", "na",
    "nas", "nesta", "nestas", "neste", "nestes", "nin", "no", "non", "nos", "noutra", "noutro",
    "nun", "nunha", "o", "onde", "os", "ou", "outra", "outro", "outros", "para", "pero", "pode",
    "poden", "pola", "polas", "polo", "polos", "por", "porque", "que", "se", "segundo", "sen",
    "ser", "seu", "seus", "sobre", "son", "só", "súa", "súas", "tampouco", "tamén", "ten", "teñen",
    "todo", "todos", "tódalas", "tódolos", "un", "unha", "unhas", "uns", "xa", "xunto", "á", "ás",
    "é", "ó", "ós",
];

/// Asturian function words (neighbour: evidence for "und"; close to Spanish).
pub const AST_WORDS: &[&str] = &[
    "a", "al", "col", "cola", "coles", "colos", "con", "cuando", "de", "del", "dellos", "dende",
    "el", "ella", "ellos", "en", "ente", "entós", "esa", "esi", "eso", "esta", "esti", "esto",
    "foi", "la", "les", "lo", "los", "más", "na", "nel", "nes", "nos", "nun", "o", "pa", "pal",
    "pela", "pelos", "per", "pero", "por", "que", "se", "si", "sobre", "tamién", "tien", "tienen",
    "toles", "tolos", "un", "una", "unes", "unos", "y", "ye", "yera", "yeren", "yá",
];

/// Aragonese function words (neighbour: evidence for "und"; close to Spanish and Catalan).
pub const AN_WORDS: &[&str] = &[
    "a", "as", "bel", "bella", "bellas", "bels", "con", "d'", "de", "dende", "dica", "e", "en",
    "entre", "ha", "han", "ista", "istas", "iste", "istos", "ixa", "ixe", "ixo", "más", "no", "o",
    "os", "pa", "pero", "por", "que", "sobre", "son", "ta", "tamién", "u", "un", "una", "unas",
    "uns", "y", "ye", "yera",
];

/// Occitan function words (neighbour: evidence for "und"; close to Catalan and French).
pub const OC_WORDS: &[&str] = &[
    "a", "al", "als", "amb", "aquel", "aquela", "aquesta", "aqueste", "aquò", "coma", "d'", "de",
    "del", "dels", "dins", "e", "en", "es", "ja", "l'", "la", "las", "lo", "lor", "los", "mai",
    "mas", "mès", "n'", "ne", "non", "o", "pas", "pel", "pels", "per", "pòt", "qu'", "quand",
    "que", "qui", "s'", "sa", "sas", "se", "son", "sos", "sus", "tanben", "tot", "totas", "totes",
    "tròp", "un", "una", "unas", "uns", "èra", "èran",
];

/// The scored languages, in the order of [`WORD_LISTS`]: our three first
/// (in [`Lang::ALL`] order), then the distractors.
pub(super) const N_OURS: usize = 3;

/// The languages whatlang knows among the scored ones: the first
/// `N_WHATLANG` of [`WORD_LISTS`]. The fast path decides among these.
pub(super) const N_WHATLANG: usize = 7;

pub(super) const N_SCORED: usize = 11;

pub(super) const WORD_LISTS: [&[&str]; N_SCORED] = [
    EN_WORDS, FR_WORDS, ES_WORDS, PT_WORDS, IT_WORDS, CA_WORDS, DE_WORDS, GL_WORDS, AST_WORDS,
    AN_WORDS, OC_WORDS,
];

pub(super) const WHATLANG_SCORED: [whatlang::Lang; N_WHATLANG] = [
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

pub(super) const TABLE_BITS: u32 = 11;

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

/// Every listed word, and the set of scored languages whose list holds it.
///
/// A set of languages is a bit mask over [`WORD_LISTS`]; the table stores a
/// word's *class*, the index of its mask in `masks`, so that a [`Counts`]
/// keeps one counter per class that occurs (a few dozen) rather than one per
/// possible mask (2^11).
pub(super) struct WordTable {
    /// (key, class); key 0 marks an empty slot (no word packs to 0).
    slots: Box<[(u64, u8)]>,
    /// The mask of each class; class 0 is the empty mask (not a listed word).
    pub(super) masks: Vec<u16>,
}

/// Most classes a table may have: a class fits in a `u8`.
pub(super) const MAX_CLASSES: usize = 256;

/// The table, built once per process.
pub(super) static TABLE: std::sync::LazyLock<WordTable> =
    std::sync::LazyLock::new(WordTable::build);

impl WordTable {
    pub(super) fn build() -> WordTable {
        let mut keyed = vec![(0u64, 0u16); TABLE_SIZE].into_boxed_slice();
        for (i, list) in WORD_LISTS.iter().enumerate() {
            for word in list.iter() {
                // Lists are checked by a unit test: every word packs.
                let Some(key) = pack(word) else { continue };
                let mut s = slot_of(key);
                loop {
                    if keyed[s].0 == key || keyed[s].0 == 0 {
                        keyed[s].0 = key;
                        keyed[s].1 |= 1 << i;
                        break;
                    }
                    s = (s + 1) & (TABLE_SIZE - 1);
                }
            }
        }
        let mut masks = vec![0u16];
        let slots = keyed
            .iter()
            .map(|&(key, mask)| {
                if key == 0 {
                    return (0, 0);
                }
                let class = masks.iter().position(|&m| m == mask).unwrap_or_else(|| {
                    masks.push(mask);
                    masks.len() - 1
                });
                // A unit test checks that the classes fit in a u8.
                (key, u8::try_from(class).unwrap_or(0))
            })
            .collect();
        WordTable { slots, masks }
    }

    /// The class of a packed word (0 if not listed).
    #[inline]
    pub(super) fn get(&self, key: u64) -> u8 {
        let mut s = slot_of(key);
        loop {
            let (k, class) = self.slots[s];
            if k == key {
                return class;
            }
            if k == 0 {
                return 0;
            }
            s = (s + 1) & (TABLE_SIZE - 1);
        }
    }

    /// The languages (mask over [`WORD_LISTS`]) of a packed word.
    #[cfg(test)]
    pub(super) fn mask(&self, key: u64) -> u16 {
        self.masks[usize::from(self.get(key))]
    }
}
