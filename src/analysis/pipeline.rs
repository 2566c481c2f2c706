//! The analysis pipeline, composed in one place:
//!
//! 1. detect the document's language, then each paragraph's (a quoted
//!    Spanish paragraph in an English article is routed to Spanish);
//! 2. tokenize the original text (offsets stay in the original);
//! 3. normalize per token and match against the compiled glossary of the
//!    paragraph's language (`matcher` makes the lowercase and folded keys the
//!    inflection tables are written for).
//!
//! Build a [`Pipeline`] once and call [`Pipeline::analyze`] per document.

use crate::analysis::detect::{Counts, Detection, Detector};
use crate::analysis::matcher::{Match, MatchMode, Matcher, Scratch};
use crate::glossary::Glossary;
use crate::input::{Declared, Document};
use crate::lang::Lang;
use std::ops::Range;

use crate::analysis::tokenize::{Token, Tokens, tokenize_into};

/// A paragraph shorter than this (in words) takes the document's language:
/// too little text to overrule it.
pub const MIN_PARAGRAPH_WORDS: usize = 8;

/// What the pipeline needs to know, independent of any command line.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Force this language for every document instead of detecting it.
    pub lang: Option<Lang>,
    /// How words are compared with glossary words.
    pub match_mode: MatchMode,
}

/// The analysis of one document.
#[derive(Debug, Default)]
pub struct Analysis {
    pub tokens: Tokens,
    /// The document's language as a whole.
    pub detection: Option<Detection>,
    /// The language each paragraph was routed to (None: not en/fr/es).
    pub paragraph_langs: Vec<Option<Lang>>,
    pub matches: Vec<Match>,
}

/// One paragraph of a document as the pipeline sees it: what the paragraph
/// reads as on its own, and the language the matcher looks for terms of in
/// it (a short paragraph takes the document's). What `detect --paragraphs`
/// shows, so that one can see why a passage got no hits.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphRoute {
    /// The paragraph's bytes in the text (from its first token to its last).
    pub range: Range<usize>,
    /// Its words, as [`MIN_PARAGRAPH_WORDS`] counts them.
    pub words: usize,
    /// Its language detected from its own text alone, whatever its length
    /// (a language imposed on the document: that one, confidence 1).
    pub detection: Detection,
    /// The language it is routed to (`Analysis::paragraph_langs`; None: not
    /// matched, a language other than ours).
    pub routed: Option<Lang>,
}

/// The words of each paragraph (alphabetic words, the ones
/// [`MIN_PARAGRAPH_WORDS`] counts).
fn paragraph_words(tokens: &Tokens) -> Vec<usize> {
    let mut words = vec![0usize; tokens.paragraphs.len()];
    for tok in &tokens.tokens {
        if tok.is_alphabetic_word() {
            words[tok.paragraph as usize] += 1;
        }
    }
    words
}

/// The runs of tokens of one paragraph (a paragraph has one language), with
/// the paragraph's index: what the matcher is given at a time, since the
/// guards look at a paragraph.
pub(crate) fn paragraph_runs(tokens: &[Token]) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let paragraph = tokens.get(i)?.paragraph;
        let start = i;
        i += tokens[i..]
            .iter()
            .take_while(|t| t.paragraph == paragraph)
            .count();
        Some((start..i, paragraph as usize))
    })
}

/// The language imposed on a document, if any (None inside: a language
/// other than ours): `forced` (a `--lang`), else what its record declares.
pub fn imposed_language(forced: Option<Lang>, declared: Option<Declared>) -> Option<Option<Lang>> {
    match (forced, declared) {
        (Some(lang), _) | (None, Some(Declared::Lang(lang))) => Some(Some(lang)),
        (None, Some(Declared::Other)) => Some(None),
        (None, None) => None,
    }
}

/// The one decision of a document's language, shared by every job: the
/// language imposed on it ([`imposed_language`]), with full confidence, else
/// the one detected from its text. `lang: None` is a language other than
/// ours. (The pipeline then routes each paragraph: [`Pipeline::analyze`].)
pub fn document_language(
    detector: &Detector,
    text: &str,
    forced: Option<Lang>,
    declared: Option<Declared>,
) -> Detection {
    match imposed_language(forced, declared) {
        Some(lang) => Detection::imposed(lang),
        None => detector.detect(text),
    }
}

/// The built pipeline: detector, compiled glossary. Share it between threads.
pub struct Pipeline {
    config: Config,
    detector: Detector,
    matcher: Matcher,
}

impl Pipeline {
    pub fn new(glossary: &Glossary, config: Config) -> Pipeline {
        Pipeline {
            detector: Detector::new(),
            matcher: Matcher::with_mode(glossary, config.match_mode),
            config,
        }
    }

    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Detects, tokenizes and matches one document.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_as(text, None)
    }

    /// [`Pipeline::analyze`] for a document read from the inputs: a language
    /// its record declares is taken unless [`Config::lang`] forces one.
    pub fn analyze_document(&self, doc: &Document) -> Analysis {
        self.analyze_as(&doc.text, doc.lang)
    }

    /// What `detect` reports of a document: its language as a whole (no
    /// paragraph routing, no matching) and its number of words. `tokens` is
    /// a buffer, reused from one document to the next.
    pub fn detect_document(&self, doc: &Document, tokens: &mut Tokens) -> (Detection, usize) {
        tokenize_into(&doc.text, tokens);
        let words = tokens.word_count();
        let detection = document_language(&self.detector, &doc.text, self.config.lang, doc.lang);
        (detection, words)
    }

    /// Each paragraph of `text`: its own language and the one it is routed
    /// to, as [`Pipeline::analyze`] routes it (no matching).
    pub fn paragraph_routing(&self, text: &str) -> Vec<ParagraphRoute> {
        self.paragraph_routing_as(text, None).2
    }

    /// [`Pipeline::detect_document`] and [`Pipeline::paragraph_routing`] in
    /// one pass, for a document read from the inputs, routed as
    /// [`Pipeline::analyze_document`] routes it (a language its record
    /// declares is taken unless [`Config::lang`] forces one): the
    /// document's language, its number of words, and its paragraphs.
    pub fn document_paragraphs(&self, doc: &Document) -> (Detection, usize, Vec<ParagraphRoute>) {
        self.paragraph_routing_as(&doc.text, doc.lang)
    }

    fn paragraph_routing_as(
        &self,
        text: &str,
        declared: Option<Declared>,
    ) -> (Detection, usize, Vec<ParagraphRoute>) {
        let mut analysis = Analysis::default();
        tokenize_into(text, &mut analysis.tokens);
        let forced = self.forced(declared);
        self.route(text, forced, &mut analysis);
        let words = paragraph_words(&analysis.tokens);
        let total = words.iter().sum();
        let routes = analysis
            .tokens
            .paragraphs
            .iter()
            .zip(words)
            .zip(&analysis.paragraph_langs)
            .map(|((range, words), &routed)| ParagraphRoute {
                range: range.clone(),
                words,
                detection: match forced {
                    Some(lang) => Detection::imposed(lang),
                    None => self.detector.detect(&text[range.clone()]),
                },
                routed,
            })
            .collect();
        // `route` always decides the document's language.
        let detection = analysis
            .detection
            .unwrap_or_else(|| document_language(&self.detector, text, self.config.lang, declared));
        (detection, total, routes)
    }

    /// The language imposed on a document, if any (None inside: a language
    /// other than ours): `--lang`, else what its record declares.
    fn forced(&self, declared: Option<Declared>) -> Option<Option<Lang>> {
        imposed_language(self.config.lang, declared)
    }

    fn analyze_as(&self, text: &str, declared: Option<Declared>) -> Analysis {
        let mut analysis = Analysis::default();
        tokenize_into(text, &mut analysis.tokens);
        self.route(text, self.forced(declared), &mut analysis);
        Scratch::with(|scratch| {
            let tokens = &analysis.tokens.tokens;
            for (run, paragraph) in paragraph_runs(tokens) {
                if let Some(lang) = analysis.paragraph_langs[paragraph] {
                    let start = run.start;
                    self.matcher.find(
                        lang,
                        text,
                        &tokens[run],
                        start,
                        scratch,
                        &mut analysis.matches,
                    );
                }
            }
        });
        analysis
    }

    /// Matches the terms of `lang` in the paragraphs routed to `routed` (all
    /// paragraphs when None), whatever `analyze` did: an English term in a
    /// Spanish paragraph, say. `nested` keeps every occurrence, overlapping
    /// ones included (see [`Matcher::find_all`]); otherwise longest first.
    pub fn find_terms(
        &self,
        text: &str,
        analysis: &Analysis,
        routed: Option<Lang>,
        lang: Lang,
        nested: bool,
    ) -> Vec<Match> {
        let mut out = Vec::new();
        let tokens = &analysis.tokens.tokens;
        Scratch::with(|scratch| {
            for (run, paragraph) in paragraph_runs(tokens) {
                if routed.is_some() && analysis.paragraph_langs[paragraph] != routed {
                    continue;
                }
                let start = run.start;
                let run = &tokens[run];
                if nested {
                    self.matcher
                        .find_all(lang, text, run, start, scratch, &mut out);
                } else {
                    self.matcher.find(lang, text, run, start, scratch, &mut out);
                }
            }
        });
        out
    }

    /// Every occurrence of every term of `lang`, nested ones included and
    /// with the guards lifted: what a translation may name a concept with
    /// once its source has said what the text is about.
    pub fn find_terms_unguarded(&self, text: &str, analysis: &Analysis, lang: Lang) -> Vec<Match> {
        let mut out = Vec::new();
        let tokens = &analysis.tokens.tokens;
        Scratch::with(|scratch| {
            for (run, _) in paragraph_runs(tokens) {
                let start = run.start;
                self.matcher
                    .find_all_unguarded(lang, text, &tokens[run], start, scratch, &mut out);
            }
        });
        out
    }

    /// Chooses the language of the document and of each paragraph, unless
    /// it is `forced` (None inside: a language other than ours).
    fn route(&self, text: &str, forced: Option<Option<Lang>>, analysis: &mut Analysis) {
        let paragraphs = &analysis.tokens.paragraphs;
        if let Some(lang) = forced {
            analysis.detection = Some(Detection::imposed(lang));
            analysis.paragraph_langs = vec![lang; paragraphs.len()];
            return;
        }
        let words = paragraph_words(&analysis.tokens);
        // Paragraphs long enough to have a language of their own are
        // counted once: for themselves and, put together, for the document.
        let own_counts: Vec<Option<Counts>> = paragraphs
            .iter()
            .zip(&words)
            .map(|(range, &n)| {
                (n >= MIN_PARAGRAPH_WORDS && paragraphs.len() > 1)
                    .then(|| self.detector.sample_counts(&text[range.clone()]))
            })
            .collect();
        let doc_counts = self.detector.document_counts(
            text,
            paragraphs
                .iter()
                .zip(&own_counts)
                .filter_map(|(range, counts)| Some((range, counts.as_ref()?))),
        );
        let doc = self.detector.detect_counted(text, &doc_counts);
        analysis.detection = Some(doc);
        analysis.paragraph_langs = paragraphs
            .iter()
            .zip(&own_counts)
            .map(|(range, counts)| {
                let Some(counts) = counts else {
                    return doc.lang;
                };
                // Most paragraphs share the document's language; only those
                // whose function words point elsewhere are detected.
                if let Some(lang) = doc.lang
                    && Detector::agrees_counted(counts, lang)
                {
                    return doc.lang;
                }
                let own = self.detector.first_look(&text[range.clone()], counts);
                match own.lang {
                    Some(lang) if own.lang != doc.lang => Some(lang),
                    // A neighbour's paragraph (a Galician quote in a
                    // Spanish article) is matched against no glossary.
                    None if own.guess.is_some() => None,
                    _ => doc.lang,
                }
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_paragraph_is_routed_to_its_own_language() {
        let text = "The minister spoke to reporters in Lima on Tuesday about the situation of \
                    refugees and migrants arriving from the north of the country.\n\n\
                    «Los refugiados y los migrantes venezolanos tienen derecho a la protección \
                    internacional y a una migración segura, ordenada y regular», dijo el ministro.\n\n\
                    He added that the government would publish new figures next month.";
        let pipeline = Pipeline::new(&Glossary::builtin(), Config::default());
        let analysis = pipeline.analyze(text);
        assert_eq!(analysis.detection.unwrap().lang, Some(Lang::En));
        assert_eq!(
            analysis.paragraph_langs,
            [Some(Lang::En), Some(Lang::Es), Some(Lang::En)]
        );
        let spanish: Vec<&str> = analysis
            .matches
            .iter()
            .filter(|m| m.lang == Lang::Es)
            .map(|m| &text[m.start..m.end])
            .collect();
        assert!(spanish.contains(&"refugiados"), "{spanish:?}");
        assert!(
            spanish.contains(&"migración segura, ordenada y regular"),
            "{spanish:?}"
        );
    }

    #[test]
    fn a_spanish_paragraph_in_french_is_routed_to_spanish() {
        // French and Spanish share function words (de, la, en): a tie in
        // them must not keep the paragraph in the document's language.
        let text = "Le ministre a rencontré les représentants des pays voisins pour parler de \
                    la situation des réfugiés et des migrants à la frontière.\n\n\
                    La protección internacional de los refugiados y la migración segura, \
                    ordenada y regular son prioridades en la región, dijo la ministra.\n\n\
                    Il a ajouté que le gouvernement publierait de nouveaux chiffres le mois \
                    prochain sur les demandeurs d'asile.";
        let pipeline = Pipeline::new(&Glossary::builtin(), Config::default());
        let analysis = pipeline.analyze(text);
        assert_eq!(
            analysis.paragraph_langs,
            [Some(Lang::Fr), Some(Lang::Es), Some(Lang::Fr)]
        );
    }

    #[test]
    fn paragraph_routing_shows_each_paragraph_and_where_it_went() {
        let english = "The minister spoke to reporters in Lima on Tuesday about the situation \
                       of refugees and migrants arriving from the north of the country.";
        let portuguese = "O governo brasileiro anunciou um novo programa de acolhimento para \
                          os migrantes que chegam pela fronteira do norte do país.";
        let text = format!("{english}\n\n{portuguese}\n\nObrigado a todos.");
        let pipeline = Pipeline::new(&Glossary::default(), Config::default());
        let routes = pipeline.paragraph_routing(&text);
        let analysis = pipeline.analyze(&text);
        let routed: Vec<_> = routes.iter().map(|r| r.routed).collect();
        assert_eq!(routed, analysis.paragraph_langs);
        assert_eq!(&text[routes[0].range.clone()], english);
        assert_eq!(&text[routes[1].range.clone()], portuguese);
        assert_eq!(routes[0].detection.lang, Some(Lang::En));
        // Portuguese: none of ours, guessed; a neighbour's paragraph is
        // routed to no language (`route`).
        assert_eq!(routes[1].detection.lang, None);
        assert_eq!(routes[1].detection.guess.map(|g| g.code()), Some("pt"));
        assert_eq!(routes[1].routed, None);
        // Too short to leave the document's language.
        assert_eq!(routes[2].words, 3);
        assert_eq!(routes[2].routed, Some(Lang::En));

        let forced = Pipeline::new(
            &Glossary::default(),
            Config {
                lang: Some(Lang::Es),
                ..Config::default()
            },
        );
        for route in forced.paragraph_routing(&text) {
            assert_eq!(route.detection, Detection::imposed(Some(Lang::Es)));
            assert_eq!(route.routed, Some(Lang::Es));
        }
    }

    #[test]
    fn lang_override_routes_everything() {
        let pipeline = Pipeline::new(
            &Glossary::builtin(),
            Config {
                lang: Some(Lang::Fr),
                ..Config::default()
            },
        );
        let analysis = pipeline.analyze("Les réfugiés.\n\nThe refugees arrived.");
        assert_eq!(analysis.paragraph_langs, [Some(Lang::Fr), Some(Lang::Fr)]);
    }

    /// The routing of every paragraph, decided as it is defined: the
    /// document detected from its own text, each long paragraph checked
    /// and detected from its own text (`route` counts each paragraph once
    /// and puts the document's counts together from them).
    fn routing_by_definition(pipeline: &Pipeline, text: &str) -> (Detection, Vec<Option<Lang>>) {
        let tokens = crate::analysis::tokenize::tokenize(text);
        let doc = pipeline.detector.detect(text);
        let langs = tokens
            .paragraphs
            .iter()
            .enumerate()
            .map(|(p, range)| {
                let n = tokens
                    .tokens
                    .iter()
                    .filter(|t| t.paragraph as usize == p && t.is_alphabetic_word())
                    .count();
                if n < MIN_PARAGRAPH_WORDS || tokens.paragraphs.len() == 1 {
                    return doc.lang;
                }
                let paragraph = &text[range.clone()];
                if let Some(lang) = doc.lang
                    && pipeline.detector.agrees_with(paragraph, lang)
                {
                    return doc.lang;
                }
                let own = pipeline
                    .detector
                    .first_look(paragraph, &pipeline.detector.sample_counts(paragraph));
                match own.lang {
                    Some(lang) if Some(lang) != doc.lang => Some(lang),
                    None if own.guess.is_some() => None,
                    _ => doc.lang,
                }
            })
            .collect();
        (doc, langs)
    }

    /// On real text: the seeds, and (where ../shared/data is) NTREX and the
    /// sentences in other languages, whole and dealt out into documents
    /// whose paragraphs come from different languages, cut anywhere.
    #[test]
    fn routing_reads_each_paragraph_once_and_decides_as_defined() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = Vec::new();
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("seeds"))
            .expect("seeds/")
            .map(|e| e.expect("seed entry").path())
            .collect();
        for dir in ["../shared/data/ntrex128", "../shared/data/other-languages"] {
            if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
                files.extend(
                    entries
                        .map(|e| e.expect("data entry").path())
                        .filter(|p| p.to_string_lossy().ends_with(".txt")),
                );
            }
        }
        files.sort();
        let mut lines: Vec<Vec<String>> = Vec::new();
        for path in &files {
            let text = std::fs::read_to_string(path).expect("a UTF-8 text");
            lines.push(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(String::from)
                    .collect(),
            );
            texts.push(text);
        }
        // Documents of 1 to 7 paragraphs of 1 to 4 lines, each paragraph
        // from another file, some glued with one line break or none.
        let mut seed = 0x9e37_79b9_u32;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize % n
        };
        for _ in 0..600 {
            let mut doc = String::new();
            for p in 0..1 + next(7) {
                let file = &lines[next(lines.len())];
                if file.is_empty() {
                    continue;
                }
                let at = next(file.len());
                let take = (1 + next(4)).min(file.len() - at);
                if p > 0 {
                    doc.push_str(["\n\n", "\n", " ", "\n\n\n"][next(4)]);
                }
                doc.push_str(&file[at..at + take].join(["\n", " "][next(2)]));
            }
            texts.push(doc);
        }
        let pipeline = Pipeline::new(&Glossary::builtin(), Config::default());
        for text in &texts {
            let analysis = pipeline.analyze(text);
            let (doc, langs) = routing_by_definition(&pipeline, text);
            assert_eq!(analysis.detection, Some(doc), "{text}");
            assert_eq!(analysis.paragraph_langs, langs, "{text}");
        }
    }
}
