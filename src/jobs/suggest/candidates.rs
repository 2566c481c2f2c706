//! Term candidates: the word sequences of a text that could be terms, keyed
//! so that inflected forms group together, and ranked by termhood.
//!
//! A candidate is one to [`MAX_WORDS`] tokens of one sentence, joined only by
//! spaces, hyphens or an elision's apostrophe (never a comma or other
//! punctuation), whose first and last words are content words: not a stop
//! word of the language, not a word general text only ever uses as a verb,
//! adverb, pronoun and the like (the profile's non-nominal forms, see
//! [`crate::jobs::suggest::profile`]), not a number, not an elided article. Inside, only
//! the language's function words (prepositions and articles) may appear, so
//! "freedom of movement" and "demandeur d'asile" are candidates but "of
//! movement" and "migrants who arrived" are not. Coordinations are not terms
//! here: "and", "et", "y" end a candidate.
//!
//! Candidates group by their key: each word's Snowball stem of its lower key,
//! accent-folded, joined by a space (function words keep their lower key).
//! So "asylum seekers" and "asylum seeker", "réfugiés" and "refugie" share a
//! key. [`Candidates`] counts them over a corpus, keeps their surface forms,
//! and ranks them by termhood: the C-value of nested multiword terms times
//! the specificity of their words against a general-language profile.

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::morph::is_function_word;
use crate::analysis::normalize::{fold_key, lower_key};
use crate::analysis::stem::Stemmers;
use crate::analysis::tokenize::{Gap, Token, TokenKind, tokenize};
use crate::lang::Lang;

/// The longest candidate, in tokens (an elided article counts as one).
pub const MAX_WORDS: usize = 4;

/// Makes the keys candidates are grouped by. Build once, reuse: it keeps its
/// buffers.
pub struct Keys {
    stemmers: Stemmers,
    lower: String,
    folded: String,
}

impl Default for Keys {
    fn default() -> Self {
        Keys::new()
    }
}

impl Keys {
    pub fn new() -> Keys {
        Keys {
            stemmers: Stemmers::new(),
            lower: String::new(),
            folded: String::new(),
        }
    }

    /// Appends the key of one word to `out`: the accent-folded Snowball stem
    /// of its lower key; a function word keeps its (folded) lower key.
    pub fn push_word(&mut self, lang: Lang, word: &str, out: &mut String) {
        lower_key(word, &mut self.lower);
        if is_function_word(lang, &self.lower) || self.lower.ends_with('\'') {
            fold_key(&self.lower, &mut self.folded);
        } else {
            let stem = self.stemmers.stem(lang, &self.lower);
            fold_key(&stem, &mut self.folded);
        }
        out.push_str(&self.folded);
    }

    /// The key of one word.
    pub fn word(&mut self, lang: Lang, word: &str) -> String {
        let mut out = String::new();
        self.push_word(lang, word, &mut out);
        out
    }

    /// The key of a term written out ("asylum seekers" → `asylum seeker`):
    /// its words' keys joined by one space.
    pub fn term(&mut self, lang: Lang, term: &str) -> String {
        let mut out = String::new();
        for token in tokenize(term).tokens {
            if !out.is_empty() {
                out.push(' ');
            }
            self.push_word(lang, token.text(term), &mut out);
        }
        out
    }
}

/// Words that neither start nor end a candidate, lowercase, sorted: the
/// function words of [`crate::analysis::morph`] plus pronouns, determiners,
/// auxiliaries and modals, conjunctions and the commonest adverbs. Chosen
/// from each language's grammar.
pub fn stop_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => EN_STOP,
        Lang::Fr => FR_STOP,
        Lang::Es => ES_STOP,
    }
}

/// Whether a lower key is a stop word of `lang`.
pub fn is_stop_word(lang: Lang, lower: &str) -> bool {
    stop_words(lang).binary_search(&lower).is_ok()
}

const EN_STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "either",
    "else",
    "enough",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "let",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "never",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "quite",
    "rather",
    "really",
    "said",
    "same",
    "say",
    "says",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
];

const FR_STOP: &[&str] = &[
    "a",
    "afin",
    "ai",
    "ainsi",
    "alors",
    "après",
    "as",
    "au",
    "aucun",
    "aucune",
    "auprès",
    "aussi",
    "autre",
    "autres",
    "aux",
    "avaient",
    "avait",
    "avant",
    "avec",
    "avoir",
    "ayant",
    "beaucoup",
    "bien",
    "c'",
    "ce",
    "ceci",
    "cela",
    "celle",
    "celles",
    "celui",
    "cependant",
    "ces",
    "cet",
    "cette",
    "ceux",
    "chacun",
    "chaque",
    "chez",
    "comme",
    "comment",
    "d'",
    "dans",
    "de",
    "depuis",
    "des",
    "donc",
    "dont",
    "du",
    "elle",
    "elles",
    "en",
    "encore",
    "entre",
    "est",
    "et",
    "eu",
    "eux",
    "fait",
    "font",
    "j'",
    "je",
    "jusqu'",
    "l'",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "lors",
    "lorsqu'",
    "lorsque",
    "lui",
    "m'",
    "mais",
    "me",
    "mes",
    "moi",
    "moins",
    "mon",
    "même",
    "mêmes",
    "n'",
    "ne",
    "ni",
    "non",
    "nos",
    "notre",
    "nous",
    "on",
    "ont",
    "ou",
    "où",
    "par",
    "parce",
    "pas",
    "peu",
    "peut",
    "peuvent",
    "plus",
    "plusieurs",
    "pour",
    "pourquoi",
    "pourrait",
    "puis",
    "qu'",
    "quand",
    "que",
    "quel",
    "quelle",
    "quelles",
    "quels",
    "qui",
    "s'",
    "sa",
    "sans",
    "se",
    "selon",
    "sera",
    "seront",
    "ses",
    "si",
    "sien",
    "soit",
    "son",
    "sont",
    "sous",
    "sur",
    "t'",
    "ta",
    "tandis",
    "te",
    "tes",
    "toi",
    "ton",
    "tous",
    "tout",
    "toute",
    "toutes",
    "très",
    "tu",
    "un",
    "une",
    "vers",
    "via",
    "vos",
    "votre",
    "vous",
    "y",
    "à",
    "ça",
    "étaient",
    "était",
    "été",
    "être",
];

const ES_STOP: &[&str] = &[
    "a", "además", "al", "algo", "algunas", "algunos", "ante", "antes", "aquel", "aquella",
    "aquellas", "aquellos", "aquí", "así", "aunque", "aún", "bajo", "bien", "cada", "casi", "como",
    "con", "contra", "cual", "cuales", "cuando", "cuyo", "cómo", "de", "del", "desde", "donde",
    "durante", "e", "el", "ella", "ellas", "ello", "ellos", "en", "entre", "era", "eran", "es",
    "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estar", "estas", "este", "esto",
    "estos", "está", "están", "fue", "fueron", "ha", "haber", "había", "habían", "han", "hasta",
    "hay", "he", "hemos", "hoy", "la", "las", "le", "les", "lo", "los", "me", "mi", "mientras",
    "mis", "misma", "mismo", "mucho", "muchos", "muy", "más", "nada", "ni", "no", "nos",
    "nosotros", "nuestra", "nuestro", "o", "otra", "otras", "otro", "otros", "para", "pero",
    "poco", "por", "porque", "puede", "pueden", "que", "qué", "se", "sea", "según", "ser", "será",
    "si", "sido", "siempre", "sin", "sino", "sobre", "son", "su", "sus", "sí", "también", "tan",
    "tanto", "te", "tiene", "tienen", "todas", "todo", "todos", "tras", "tu", "u", "un", "una",
    "unas", "uno", "unos", "usted", "ustedes", "y", "ya", "yo", "él",
];

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a word key is an article (function words keep their lower key).
fn is_article(lang: Lang, key: &str) -> bool {
    match lang {
        Lang::En => matches!(key, "a" | "an" | "the"),
        Lang::Fr => matches!(key, "l'" | "la" | "le" | "les" | "un" | "une"),
        Lang::Es => matches!(key, "el" | "la" | "las" | "los" | "un" | "una"),
    }
}

/// How a token may take part in a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// May start, end or sit inside a candidate.
    Content,
    /// May only sit inside one: a preposition, article or elided article.
    Inner,
    /// Never part of a candidate: a stop word, a number, a clitic, a
    /// conjunction.
    Stop,
}

/// The role of a token whose lower key is `lower`.
pub fn role(lang: Lang, token: &Token, lower: &str) -> Role {
    match token.kind {
        TokenKind::Number | TokenKind::Clitic => Role::Stop,
        TokenKind::Elided => {
            if is_function_word(lang, lower) {
                Role::Inner
            } else {
                Role::Stop
            }
        }
        TokenKind::Word => {
            if crate::analysis::morph::is_conjunction(lang, lower) {
                Role::Stop
            } else if is_function_word(lang, lower) {
                Role::Inner
            } else if is_stop_word(lang, lower) || lower.chars().count() < 2 {
                Role::Stop
            } else {
                Role::Content
            }
        }
    }
}

/// One occurrence of a candidate in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The candidate's key.
    pub key: String,
    /// Token indices, into the slice given to [`Extractor::occurrences`].
    pub tokens: Range<usize>,
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Whether it starts its sentence (its capital then says nothing).
    pub sentence_initial: bool,
    /// How many of its words are content words (not prepositions or
    /// articles).
    pub content_words: usize,
}

/// Finds candidate occurrences; reuse one per thread.
#[derive(Default)]
pub struct Extractor {
    keys: Keys,
    lower: String,
    token_keys: Vec<String>,
    roles: Vec<Role>,
    /// Lower keys of glossary words, never taken for verbs and the like.
    protected: rustc_hash::FxHashSet<String>,
}

impl Extractor {
    pub fn new() -> Extractor {
        Extractor::default()
    }

    /// Keeps the words of the glossary's terms as content words even where
    /// general text uses them as verbs: es "trata" (de personas) is a noun
    /// here, whatever "se trata de" does elsewhere.
    pub fn protect(&mut self, glossary: &crate::glossary::Glossary) {
        for term in glossary.concepts.iter().flat_map(|c| &c.terms) {
            for token in tokenize(&term.text).tokens {
                self.protected
                    .insert(crate::analysis::normalize::lower(token.text(&term.text)));
            }
        }
    }

    /// Appends to `out` every candidate occurrence among `tokens` (of
    /// `text`, in language `lang`), nested ones included, except those lying
    /// wholly inside one of `explained` (token ranges, sorted by start, that
    /// the glossary already accounts for).
    pub fn occurrences(
        &mut self,
        lang: Lang,
        text: &str,
        tokens: &[Token],
        explained: &[Range<usize>],
        out: &mut Vec<Occurrence>,
    ) {
        self.token_keys.resize_with(tokens.len(), String::new);
        self.roles.clear();
        for (i, token) in tokens.iter().enumerate() {
            let word = token.text(text);
            lower_key(word, &mut self.lower);
            let mut role = role(lang, token, &self.lower);
            let key = &mut self.token_keys[i];
            key.clear();
            if role != Role::Stop {
                self.keys.push_word(lang, word, key);
                // Nothing left once accents are folded (a lone combining
                // mark): not a word.
                if key.is_empty() {
                    role = Role::Stop;
                }
            }
            // A verb of general text stops candidates but keeps its key, so
            // that `Candidates::count_words` counts it like the profile does.
            if role == Role::Content
                && crate::jobs::suggest::profile::Profile::builtin(lang).is_non_nominal(&self.lower)
                && !self.protected.contains(&self.lower)
            {
                role = Role::Stop;
            }
            self.roles.push(role);
        }
        let mut explained_at = 0;
        for first in 0..tokens.len() {
            if self.roles[first] != Role::Content {
                continue;
            }
            let initial = first == 0
                || tokens[first - 1].sentence != tokens[first].sentence
                || tokens[first].gap == Gap::Break;
            let mut key = String::new();
            let mut content_words = 0;
            for end in first + 1..=(first + MAX_WORDS).min(tokens.len()) {
                let last = end - 1;
                if last > first {
                    let t = &tokens[last];
                    // An article inside a term follows a preposition ("of
                    // the", "de la"); elsewhere it starts a new phrase
                    // ("semaine le Troisième").
                    let after_preposition = self.roles[last - 1] == Role::Inner
                        && !is_article(lang, &self.token_keys[last - 1]);
                    let stray_article =
                        is_article(lang, &self.token_keys[last]) && !after_preposition;
                    if self.roles[last] == Role::Stop
                        || stray_article
                        || t.sentence != tokens[first].sentence
                        || !matches!(t.gap, Gap::Space | Gap::Hyphen)
                    {
                        break;
                    }
                    key.push(' ');
                }
                key.push_str(&self.token_keys[last]);
                if self.roles[last] != Role::Content {
                    continue;
                }
                content_words += 1;
                // Ending on a capital after a lowercase word runs into a
                // name: "migration with the United", "policy regarding Cuba".
                if last > first && starts_upper(tokens[last].text(text)) {
                    let lowercase_before = tokens[first..last]
                        .iter()
                        .zip(&self.roles[first..last])
                        .any(|(t, r)| *r == Role::Content && !starts_upper(t.text(text)));
                    if lowercase_before {
                        continue;
                    }
                }
                while explained_at < explained.len() && explained[explained_at].end <= first {
                    explained_at += 1;
                }
                let inside = explained[explained_at..]
                    .iter()
                    .take_while(|r| r.start <= first)
                    .any(|r| r.end >= end);
                if inside {
                    continue;
                }
                out.push(Occurrence {
                    key: key.clone(),
                    tokens: first..end,
                    start: tokens[first].start,
                    end: tokens[last].end,
                    sentence_initial: initial,
                    content_words,
                });
            }
        }
    }
}

/// One candidate of a corpus, over all its occurrences.
///
/// Serialized without its scores, which [`Candidates::finish`] computes
/// once all the counts are in.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Candidate {
    pub key: String,
    /// Number of words (tokens).
    pub words: usize,
    /// Number of content words: the most any occurrence had (a stem may
    /// also be a function word's key), so that it does not depend on which
    /// occurrence came first.
    pub content_words: usize,
    /// Occurrences in the corpus.
    pub freq: u32,
    /// Surface forms (whitespace collapsed) with their counts; the `bool`
    /// says whether some occurrence was not sentence-initial. In the order
    /// first seen: nothing shown may depend on it.
    pub forms: Vec<(String, u32, bool)>,
    #[serde(skip)]
    pub cvalue: f64,
    #[serde(skip)]
    pub specificity: f64,
    #[serde(skip)]
    pub termhood: f64,
}

impl Candidate {
    /// The form to show: the commonest one seen inside a sentence, else the
    /// commonest one lowercased (its capital was the sentence's), acronyms
    /// kept.
    pub fn representative(&self) -> String {
        let inner = self
            .forms
            .iter()
            .filter(|f| f.2)
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        if let Some(form) = inner {
            return form.0.clone();
        }
        let Some(form) = self
            .forms
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        else {
            return self.key.clone();
        };
        let first_word = form.0.split(' ').next().unwrap_or("");
        if first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
            && first_word.chars().all(|c| !c.is_lowercase())
        {
            form.0.clone()
        } else {
            let mut chars = form.0.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }

    /// Whether it looks like a proper name ("Biden", "Department of State",
    /// "Fernández de Cossío"): never seen with a lowercase content word,
    /// capitalized inside a sentence at least once, not an acronym.
    pub fn is_name(&self) -> bool {
        let mut inside = false;
        for (form, _, not_initial) in &self.forms {
            let words: Vec<&str> = form
                .split([' ', '-'])
                .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
                .collect();
            let capitalized = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
            let first = words.first().copied().unwrap_or("");
            let acronym = words.len() == 1
                && first
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            if acronym {
                return false;
            }
            // Function words inside a name stay lowercase ("of", "de").
            let all_capitalized = capitalized(&first)
                && words
                    .iter()
                    .all(|w| capitalized(w) || w.chars().count() <= 3);
            if !all_capitalized {
                return false;
            }
            inside |= *not_initial;
        }
        inside
    }
}

/// The candidates of one language over a corpus.
///
/// Counts over parts of a corpus [merge](Candidates::merge) into the counts
/// over the whole. Serialized without the index of keys, which is rebuilt on
/// reading.
#[derive(Debug, Serialize, Deserialize)]
#[serde(try_from = "UnindexedCandidates")]
pub struct Candidates {
    pub lang: Lang,
    /// By id: ids are given in the order candidates are first seen.
    pub list: Vec<Candidate>,
    #[serde(skip_serializing)]
    index: FxHashMap<String, u32>,
    /// Occurrences of each content word's key, for specificity.
    word_freq: FxHashMap<String, u32>,
    /// Word tokens counted.
    pub total_words: u64,
}

impl Candidates {
    pub fn new(lang: Lang) -> Candidates {
        Candidates {
            lang,
            list: Vec::new(),
            index: FxHashMap::default(),
            word_freq: FxHashMap::default(),
            total_words: 0,
        }
    }

    /// The id of a key, if it was seen.
    pub fn id(&self, key: &str) -> Option<u32> {
        self.index.get(key).copied()
    }

    pub fn get(&self, id: u32) -> &Candidate {
        &self.list[id as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Counts the words of a text (for specificity): every word token, and
    /// the content words by the keys `extractor` made of them, so call it
    /// right after [`Extractor::occurrences`] on the same tokens.
    pub fn count_words(&mut self, extractor: &Extractor, tokens: &[Token]) {
        debug_assert_eq!(extractor.roles.len(), tokens.len());
        self.total_words += tokens.iter().filter(|t| t.kind == TokenKind::Word).count() as u64;
        // Content words, and the verbs and the like the extractor stopped
        // at (they keep their key); not function or stop words.
        for (key, role) in extractor.token_keys.iter().zip(&extractor.roles) {
            if key.is_empty() || *role == Role::Inner {
                continue;
            }
            match self.word_freq.get_mut(key.as_str()) {
                Some(n) => *n += 1,
                None => {
                    self.word_freq.insert(key.clone(), 1);
                }
            }
        }
    }

    /// Counts one occurrence; returns the candidate's id and the index of
    /// the occurrence's surface form in [`Candidate::forms`].
    pub fn add(&mut self, text: &str, occurrence: &Occurrence) -> (u32, usize) {
        let id = match self.index.get(&occurrence.key) {
            Some(&id) => id,
            None => {
                let id = self.list.len() as u32;
                self.list.push(Candidate {
                    key: occurrence.key.clone(),
                    words: occurrence.tokens.len(),
                    ..Candidate::default()
                });
                self.index.insert(occurrence.key.clone(), id);
                id
            }
        };
        let candidate = &mut self.list[id as usize];
        candidate.freq += 1;
        candidate.content_words = candidate.content_words.max(occurrence.content_words);
        let form = crate::analysis::normalize::collapse_whitespace(
            &text[occurrence.start..occurrence.end],
        );
        let inside = !occurrence.sentence_initial;
        (id, count_form(&mut candidate.forms, form, 1, inside))
    }

    /// Adds the counts of `other`, another part of the same language's
    /// corpus; neither may be [finished](Candidates::finish) yet. Returns,
    /// by `other`'s ids, the ids its candidates have here.
    ///
    /// `form_moved(other's id, form index there, id here, form index here)`
    /// is told where each surface form of `other` went, so that what callers
    /// keep beside the forms can follow them.
    pub fn merge(
        &mut self,
        other: Candidates,
        mut form_moved: impl FnMut(u32, usize, u32, usize),
    ) -> Vec<u32> {
        debug_assert_eq!(self.lang, other.lang);
        self.total_words += other.total_words;
        self.word_freq.reserve(other.word_freq.len());
        for (key, n) in other.word_freq {
            *self.word_freq.entry(key).or_default() += n;
        }
        let mut ids = Vec::with_capacity(other.list.len());
        for (their_id, theirs) in other.list.into_iter().enumerate() {
            let their_id = their_id as u32;
            let Some(&id) = self.index.get(&theirs.key) else {
                let id = self.list.len() as u32;
                for form in 0..theirs.forms.len() {
                    form_moved(their_id, form, id, form);
                }
                self.index.insert(theirs.key.clone(), id);
                self.list.push(theirs);
                ids.push(id);
                continue;
            };
            let ours = &mut self.list[id as usize];
            ours.freq += theirs.freq;
            ours.content_words = ours.content_words.max(theirs.content_words);
            for (form, (text, n, inside)) in theirs.forms.into_iter().enumerate() {
                let at = count_form(&mut ours.forms, text, n, inside);
                form_moved(their_id, form, id, at);
            }
            ids.push(id);
        }
        ids
    }

    /// Computes C-value, specificity against `general` and termhood.
    ///
    /// C-value (Frantzi, Ananiadou and Mima 2000), with log2(words + 1) so
    /// single words count: a candidate nested in longer ones loses the mean
    /// frequency of those. Specificity: the mean over content words of
    /// ln(relative frequency here / relative frequency in general language),
    /// both add-half smoothed. Termhood: C-value × max(specificity, 0.05).
    pub fn finish(&mut self, general: &crate::jobs::suggest::profile::Profile) {
        // Longer candidates containing each candidate: sum of their
        // frequencies and their number.
        let mut nested: Vec<(u64, u32)> = vec![(0, 0); self.list.len()];
        for c in &self.list {
            let words: Vec<&str> = c.key.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            for len in 1..words.len() {
                for start in 0..=words.len() - len {
                    let sub = words[start..start + len].join(" ");
                    if let Some(&id) = self.index.get(&sub) {
                        nested[id as usize].0 += c.freq as u64;
                        nested[id as usize].1 += 1;
                    }
                }
            }
        }
        let total = self.total_words.max(1);
        for (c, (sum, n)) in self.list.iter_mut().zip(nested) {
            let weight = ((c.words + 1) as f64).log2();
            let freq = c.freq as f64;
            c.cvalue = if n == 0 {
                weight * freq
            } else {
                weight * (freq - sum as f64 / n as f64).max(0.0)
            };
            let mut spec = 0.0;
            let mut content = 0;
            for word in c.key.split(' ') {
                let Some(&f) = self.word_freq.get(word) else {
                    continue;
                };
                spec += general.specificity(word, f as u64, total);
                content += 1;
            }
            c.specificity = if content == 0 {
                0.0
            } else {
                spec / content as f64
            };
            c.termhood = c.cvalue * c.specificity.max(0.05);
        }
    }

    /// Candidate ids by termhood, best first (ties by key).
    pub fn ranked(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.list.len() as u32).collect();
        ids.sort_by(|&a, &b| {
            let (a, b) = (self.get(a), self.get(b));
            b.termhood
                .total_cmp(&a.termhood)
                .then_with(|| a.key.cmp(&b.key))
        });
        ids
    }
}

/// Counts `n` occurrences of a surface form among `forms`; returns its
/// index there.
fn count_form(forms: &mut Vec<(String, u32, bool)>, form: String, n: u32, inside: bool) -> usize {
    match forms.iter().position(|f| f.0 == form) {
        Some(i) => {
            let f = &mut forms[i];
            f.1 += n;
            f.2 |= inside;
            i
        }
        None => {
            forms.push((form, n, inside));
            forms.len() - 1
        }
    }
}

/// [`Candidates`] as serialized, before its index is rebuilt.
#[derive(Deserialize)]
struct UnindexedCandidates {
    lang: Lang,
    list: Vec<Candidate>,
    word_freq: FxHashMap<String, u32>,
    total_words: u64,
}

impl TryFrom<UnindexedCandidates> for Candidates {
    type Error = String;

    fn try_from(read: UnindexedCandidates) -> Result<Candidates, String> {
        let mut index = FxHashMap::default();
        index.reserve(read.list.len());
        for (id, candidate) in read.list.iter().enumerate() {
            if index.insert(candidate.key.clone(), id as u32).is_some() {
                return Err(format!(
                    "{} candidate {:?} is listed twice",
                    read.lang, candidate.key
                ));
            }
        }
        Ok(Candidates {
            lang: read.lang,
            list: read.list,
            index,
            word_freq: read.word_freq,
            total_words: read.total_words,
        })
    }
}

/// The columns of [`write_csv`].
pub const CSV_COLUMNS: [&str; 9] = [
    "lang",
    "term",
    "key",
    "freq",
    "forms",
    "cvalue",
    "specificity",
    "termhood",
    "name",
];

/// Writes the candidates of each language, best termhood first, as CSV
/// ([`CSV_COLUMNS`]; `forms` lists each surface form with its count,
/// commonest first: `asylum seekers 3; Asylum seekers 1`; `name` says
/// whether it looks like a proper name, see [`Candidate::is_name`]).
/// Returns the number of rows.
pub fn write_csv<W: std::io::Write>(candidates: &[Candidates], out: W) -> std::io::Result<usize> {
    let mut csv = csv::Writer::from_writer(out);
    let err = crate::error::csv_to_io;
    csv.write_record(CSV_COLUMNS).map_err(err)?;
    let mut rows = 0;
    for side in candidates {
        for id in side.ranked() {
            let c = side.get(id);
            let mut forms: Vec<&(String, u32, bool)> = c.forms.iter().collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let forms: Vec<String> = forms.iter().map(|(f, n, _)| format!("{f} {n}")).collect();
            csv.write_record([
                side.lang.code(),
                &c.representative(),
                &c.key,
                &c.freq.to_string(),
                &forms.join("; "),
                &format!("{:.2}", c.cvalue),
                &format!("{:.2}", c.specificity),
                &format!("{:.2}", c.termhood),
                if c.is_name() { "yes" } else { "no" },
            ])
            .map_err(err)?;
            rows += 1;
        }
    }
    csv.flush()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokenize::tokenize;

    #[test]
    fn stop_word_lists_are_sorted_and_lowercase() {
        for lang in Lang::ALL {
            let list = stop_words(lang);
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{lang:?}");
            for w in list {
                assert_eq!(*w, crate::analysis::normalize::lower(w), "{lang:?}: {w}");
            }
            for w in crate::analysis::morph::function_words(lang) {
                assert!(
                    is_stop_word(lang, w),
                    "{lang:?}: function word {w} not a stop word"
                );
            }
        }
    }

    #[test]
    fn inflections_share_a_key() {
        let mut keys = Keys::new();
        assert_eq!(
            keys.term(Lang::En, "asylum seekers"),
            keys.term(Lang::En, "Asylum Seeker")
        );
        assert_eq!(
            keys.term(Lang::Fr, "Réfugiés"),
            keys.term(Lang::Fr, "réfugié")
        );
        assert_eq!(
            keys.term(Lang::Fr, "demandeurs d’asile"),
            keys.term(Lang::Fr, "demandeur d'asile")
        );
        assert_eq!(
            keys.term(Lang::Fr, "demandeur d'asile"),
            "demandeur d' asil"
        );
    }

    fn candidates(lang: Lang, text: &str, explained: &[Range<usize>]) -> Vec<String> {
        let tokens = tokenize(text);
        let mut out = Vec::new();
        Extractor::new().occurrences(lang, text, &tokens.tokens, explained, &mut out);
        out.iter()
            .map(|o| text[o.start..o.end].to_string())
            .collect()
    }

    #[test]
    fn candidates_follow_the_rules() {
        let got = candidates(
            Lang::En,
            "The freedom of movement of migrants, he said.",
            &[],
        );
        assert_eq!(
            got,
            [
                "freedom",
                "freedom of movement",
                "movement",
                "movement of migrants",
                "migrants"
            ]
        );
        // Four tokens at most; the elided article counts as one.
        let got = candidates(Lang::Fr, "Les demandeurs d’asile déboutés arrivent.", &[]);
        assert!(
            got.contains(&"demandeurs d’asile déboutés".to_string()),
            "{got:?}"
        );
        assert!(!got.contains(&"demandeurs d’asile déboutés arrivent".to_string()));
        assert!(
            !got.iter()
                .any(|c| c.starts_with("d’") || c.starts_with("Les"))
        );
        // A lowercase start does not run into a name.
        let got = candidates(Lang::En, "on migration with the United States", &[]);
        assert!(!got.iter().any(|c| c.contains("the United")), "{got:?}");
        assert!(got.contains(&"United States".to_string()), "{got:?}");
        // An article inside follows a preposition.
        let got = candidates(
            Lang::Fr,
            "cette semaine le Troisième Cycle de la Conférence",
            &[],
        );
        assert!(
            got.contains(&"Cycle de la Conférence".to_string()),
            "{got:?}"
        );
        assert!(!got.iter().any(|c| c.contains("semaine le")), "{got:?}");
        // Conjunctions, numbers and sentence ends break candidates.
        let got = candidates(Lang::Es, "Tráfico y trata. Llegaron 300 migrantes", &[]);
        assert_eq!(got, ["Tráfico", "migrantes"]);
        // "trata" is a verb in general text ("se trata de") and "llegaron"
        // only ever one; glossary words are protected.
        let text = "La trata de personas";
        let tokens = tokenize(text);
        let mut extractor = Extractor::new();
        extractor.protect(&crate::glossary::Glossary::builtin());
        let mut out = Vec::new();
        extractor.occurrences(Lang::Es, text, &tokens.tokens, &[], &mut out);
        let got: Vec<&str> = out.iter().map(|o| &text[o.start..o.end]).collect();
        assert_eq!(got, ["trata", "trata de personas", "personas"]);
    }

    #[test]
    fn explained_spans_hide_only_what_lies_inside_them() {
        let text = "bilateral migration talks";
        // "migration talks" (tokens 1..3) is a glossary term.
        let explained: [Range<usize>; 1] = [Range { start: 1, end: 3 }];
        let got = candidates(Lang::En, text, &explained);
        assert_eq!(
            got,
            [
                "bilateral",
                "bilateral migration",
                "bilateral migration talks"
            ]
        );
    }
}
