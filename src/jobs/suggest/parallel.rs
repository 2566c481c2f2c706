//! Parallel mode: counts which candidates the two sides of each translation
//! pair hold, and scores each source candidate against the target
//! candidates it occurs with (Dice, G², cognates, content words, positions,
//! softened competitive linking). See the module's opening paragraph.

use crate::error::Remedy;
use std::fmt::Write as _;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::cognate::{Forms, cognate_words, content_words};
use super::examples::{self, Examples};
use super::partial::Origin;
use super::{
    Buffers, Context, GlossaryIndex, Method, Options, Suggested, Suggestion, eligible, ranges, rows,
};
use crate::analysis::matcher::Matcher;
use crate::analysis::pipeline::paragraph_runs;
use crate::analysis::tokenize::tokenize_into;
use crate::error::{Error, Result};
use crate::formats::bitext::SegmentPair;
use crate::glossary::Glossary;
use crate::jobs::suggest::candidates::{Candidates, Keys};
use crate::jobs::suggest::profile::Profile;
use crate::lang::Lang;

/// Dunning's log-likelihood ratio (G²) of a 2×2 contingency table: `k`
/// segments with both, `a` with the first, `b` with the second, of `n`.
pub fn g2(k: u32, a: u32, b: u32, n: u32) -> f64 {
    let (k, a, b, n) = (k as f64, a as f64, b as f64, n as f64);
    let cells = [
        (k, a, b),
        (a - k, a, n - b),
        (b - k, n - a, b),
        (n - a - b + k, n - a, n - b),
    ];
    2.0 * cells
        .iter()
        .filter(|(o, _, _)| *o > 0.0)
        .map(|&(o, row, col)| o * (o * n / (row * col)).ln())
        .sum::<f64>()
}

/// The G² a pair needs (p < 0.05, one degree of freedom).
const G2_MIN: f64 = 3.84;

/// A target candidate scored for a source candidate in parallel mode:
/// (score, target id, segments together, G², cognate similarity).
type Scored = (f64, u32, u32, f64, f64);

/// Parallel mode over translation pairs from `lang_a` into `lang_b`.
pub fn parallel(
    glossary: &Glossary,
    matcher: &Matcher,
    pairs: &[SegmentPair],
    lang_a: Lang,
    lang_b: Lang,
    options: &Options,
) -> Suggested {
    let mut context = Context::new(glossary, matcher);
    let mut counts = ParallelCounts::new(&context, lang_a, lang_b);
    for pair in pairs {
        counts.add_pair(&mut context, &pair.source, &pair.target);
    }
    counts.score(glossary, options)
}

/// Parallel mode's counts over translation pairs from one language into
/// another: the candidates of each side and, per segment pair, which of them
/// it holds and where. What [`parallel`] counts before it scores.
///
/// Counts over shards of a corpus [merge](ParallelCounts::merge) into the
/// counts over the whole, and [`ParallelCounts::suggest`] then gives exactly
/// what [`parallel`] gives over the whole corpus, whatever the split and the
/// order of merging: no result depends on candidate ids (the order
/// candidates were first seen) or on the order of the segment pairs.
#[derive(Debug, Serialize, Deserialize)]
#[serde(try_from = "UncheckedParallelCounts")]
pub struct ParallelCounts {
    origin: Origin,
    /// The source language's candidates, then the target's; not finished.
    sides: [Candidates; 2],
    /// Per segment pair, what each side holds.
    segments: Vec<[SegmentSide; 2]>,
    /// Per side, per candidate, a few examples (see [`Examples`]).
    examples: [Vec<Examples>; 2],
}

/// What one side of a segment pair holds: its distinct candidates (in no
/// particular order), each with the start plus the end token index of its
/// first occurrence there, and the side's length in tokens. The middle is
/// kept doubled so that it stays a whole number, read back exactly from any
/// format.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SegmentSide {
    tokens: u32,
    found: Vec<(u32, u32)>,
}

impl SegmentSide {
    /// The relative position (0 to 1) of a candidate found in the segment.
    fn position(&self, twice_middle: u32) -> f32 {
        twice_middle as f32 / 2.0 / self.tokens.max(1) as f32
    }
}

/// The units per 1 in which [`agreement`]s are summed.
const AGREEMENT_UNITS: f64 = (1u32 << 24) as f64;

/// How well two relative positions agree, 1 − |a − b|, in units of 2⁻²⁴.
///
/// Any such agreement of two f32 positions in [0, 1] is a whole number of
/// units: a difference of ½ or more is a multiple of 2⁻²⁴ and is subtracted
/// from 1 exactly; a smaller one leaves a result in [½, 1], where f32 steps
/// by 2⁻²⁴. So sums of agreements are exact, and do not depend on the order
/// the segment pairs come in.
fn agreement(at_a: f32, at_b: f32) -> u64 {
    let units = f64::from(1.0 - (at_a - at_b).abs()) * AGREEMENT_UNITS;
    debug_assert_eq!(units.fract(), 0.0, "{at_a} {at_b}");
    units as u64
}

impl ParallelCounts {
    /// No translation pairs yet, from `lang_a` into `lang_b`, to be counted
    /// with `context`.
    pub fn new(context: &Context, lang_a: Lang, lang_b: Lang) -> ParallelCounts {
        ParallelCounts {
            origin: context.origin.clone(),
            sides: [Candidates::new(lang_a), Candidates::new(lang_b)],
            segments: Vec::new(),
            examples: Default::default(),
        }
    }

    /// The source and target languages.
    pub fn langs(&self) -> (Lang, Lang) {
        (self.sides[0].lang, self.sides[1].lang)
    }

    /// The number of segment pairs counted.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Counts one translation pair: `source` and its translation `target`.
    /// `context` must be the one the counts were made with, or one built
    /// from the same glossary.
    pub fn add_pair(&mut self, context: &mut Context, source: &str, target: &str) {
        debug_assert_eq!(context.origin, self.origin);
        let Context {
            matcher,
            extractor,
            tokens,
            matches,
            scratch,
            occurrences,
            kwic,
            ..
        } = context;
        let texts = [source, target];
        // The examples of both sides are kept by the same hash of the pair.
        let place = examples::hash(&texts);
        for side in 0..2 {
            tokenize_into(texts[side], &mut tokens[side]);
            matches[side].clear();
            let toks = &tokens[side].tokens;
            for (run, _) in paragraph_runs(toks) {
                let start = run.start;
                matcher.find(
                    self.sides[side].lang,
                    texts[side],
                    &toks[run],
                    start,
                    scratch,
                    &mut matches[side],
                );
            }
        }
        let concepts: [FxHashSet<u32>; 2] =
            [0, 1].map(|side| matches[side].iter().map(|m| m.term.concept).collect());
        let mut segment: [SegmentSide; 2] = Default::default();
        for side in 0..2 {
            let other = &concepts[1 - side];
            let explained = ranges(&matches[side], |m| other.contains(&m.term.concept));
            occurrences.clear();
            let candidates = &mut self.sides[side];
            let toks = &tokens[side].tokens;
            extractor.occurrences(candidates.lang, texts[side], toks, &explained, occurrences);
            candidates.count_words(extractor, toks);
            let examples = &mut self.examples[side];
            let mut found: Vec<(u32, u32)> = occurrences
                .iter()
                .map(|o| {
                    let (id, _) = candidates.add(texts[side], o);
                    if id as usize >= examples.len() {
                        examples.resize_with(id as usize + 1, Examples::default);
                    }
                    examples::kwic(texts[side], o.start, o.end, kwic);
                    examples[id as usize].offer(place, kwic);
                    (id, (o.tokens.start + o.tokens.end) as u32)
                })
                .collect();
            // Stable: the first occurrence of each candidate stays.
            found.sort_by_key(|&(id, _)| id);
            found.dedup_by_key(|&mut (id, _)| id);
            segment[side] = SegmentSide {
                tokens: toks.len() as u32,
                found,
            };
        }
        self.segments.push(segment);
    }

    /// Adds the counts of `other`, over other translation pairs. Refuses
    /// counts of another language pair, made with another glossary or by
    /// another version of termalign.
    pub fn merge(&mut self, mut other: ParallelCounts) -> Result<()> {
        self.origin.check_merge(&other.origin)?;
        if self.langs() != other.langs() {
            let name = |(a, b): (Lang, Lang)| format!("{a}→{b}");
            return Err(Error::Usage(format!(
                "cannot merge counts of {} translations with counts of {} translations; every \
                 shard must be counted in the same language direction",
                name(self.langs()),
                name(other.langs())
            ))
            .needs(Remedy::Languages));
        }
        // The result does not depend on which is merged into which: move the
        // smaller, so that merging shards pairwise stays cheap.
        if other.segments.len() > self.segments.len() {
            std::mem::swap(self, &mut other);
        }
        let ParallelCounts {
            sides: [a, b],
            segments,
            examples: their_examples,
            ..
        } = other;
        // The forms of parallel candidates carry nothing beside them.
        let overflow = |_| Error::Usage(format!("{}", super::candidates::Overflow));
        let ids = [
            self.sides[0].merge(a, |_, _, _, _| {}).map_err(overflow)?,
            self.sides[1].merge(b, |_, _, _, _| {}).map_err(overflow)?,
        ];
        for ((ours, theirs), ids) in self.examples.iter_mut().zip(their_examples).zip(&ids) {
            for (examples, &id) in theirs.into_iter().zip(ids) {
                if id as usize >= ours.len() {
                    ours.resize_with(id as usize + 1, Examples::default);
                }
                ours[id as usize].merge(examples);
            }
        }
        self.segments.reserve(segments.len());
        for mut segment in segments {
            for (side, ids) in segment.iter_mut().zip(&ids) {
                for (id, _) in &mut side.found {
                    *id = ids[*id as usize];
                }
            }
            self.segments.push(segment);
        }
        Ok(())
    }

    /// The suggestions [`parallel`] makes over the pairs counted. Refuses
    /// counts made with another glossary than `glossary` or by another
    /// version of termalign.
    pub fn suggest(self, glossary: &Glossary, options: &Options) -> Result<Suggested> {
        self.origin.check_glossary(glossary)?;
        Ok(self.score(glossary, options))
    }

    /// [`ParallelCounts::suggest`], the glossary known to be the one counted
    /// with.
    fn score(self, glossary: &Glossary, options: &Options) -> Suggested {
        let ParallelCounts {
            mut sides,
            segments,
            examples,
            ..
        } = self;
        let (lang_a, lang_b) = (sides[0].lang, sides[1].lang);
        let index = GlossaryIndex::new(glossary, &mut Keys::new());
        for side in &mut sides {
            side.finish(Profile::builtin(side.lang));
        }
        // Segment frequencies and the inverted index of the source side:
        // per candidate, the segments holding it with its relative position
        // there.
        let mut df = [vec![0u32; sides[0].len()], vec![0u32; sides[1].len()]];
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); sides[0].len()];
        for (s, segment) in segments.iter().enumerate() {
            for (side, df) in segment.iter().zip(&mut df) {
                for &(id, _) in &side.found {
                    df[id as usize] += 1;
                }
            }
            for &(id, twice_middle) in &segment[0].found {
                postings[id as usize].push((s as u32, segment[0].position(twice_middle)));
            }
        }
        let sources = eligible(&sides[0], options, |id| df[0][id as usize]);
        let targets: Vec<u32> = eligible(
            &sides[1],
            &Options {
                limit: 0,
                ..options.clone()
            },
            |id| df[1][id as usize],
        );
        let forms_b = Forms::new(&sides[1], targets);
        // Position in forms_b of each target candidate eligible for
        // suggestion.
        let mut position = vec![u32::MAX; sides[1].len()];
        for (i, &id) in forms_b.ids.iter().enumerate() {
            position[id as usize] = i as u32;
        }
        let n = segments.len() as u32;
        // Scores of `a` against the target candidates: (score, b, segments
        // together, G², cognate similarity). Each thread scores with its own
        // buffers; `sums` are, per target, the segments together and the
        // summed agreement of relative positions there (translations keep
        // most terms near the same place in the sentence, which is what
        // tells apart two candidates seen once in the same pair).
        let score_a = |buffers: &mut Buffers<(u32, u64)>, a: u32, words_a: &[String]| {
            let Buffers {
                sums: counts,
                seen,
                near,
            } = buffers;
            let mut scored: Vec<Scored> = Vec::new();
            let ca = sides[0].get(a);
            let fa = df[0][a as usize];
            if options.method == Method::Cognate {
                forms_b.cognate_candidates(words_a, seen, near);
                for &i in near.iter() {
                    let sim = cognate_words(words_a, &forms_b.words[i as usize]);
                    scored.push((sim, forms_b.ids[i as usize], 0, 0.0, sim));
                }
                return scored;
            }
            counts.clear();
            for &(s, at_a) in &postings[a as usize] {
                let target = &segments[s as usize][1];
                for &(b, twice_middle) in &target.found {
                    if position[b as usize] != u32::MAX {
                        let c = counts.entry(b).or_default();
                        c.0 += 1;
                        c.1 += agreement(at_a, target.position(twice_middle));
                    }
                }
            }
            // In hash order, which depends on the buffer's history: the
            // ranking below orders the targets fully.
            for (&b, &(k, agreement)) in counts.iter() {
                let fb = df[1][b as usize];
                if options.method == Method::Frequency {
                    scored.push((k as f64 / fa as f64, b, k, 0.0, 0.0));
                    continue;
                }
                // Fewer together than chance would put there is no evidence,
                // however significant.
                let g = g2(k, fa, fb, n);
                if (k as f64) * (n as f64) <= (fa as f64) * (fb as f64) || g < G2_MIN {
                    continue;
                }
                let cb = sides[1].get(b);
                let dice = 2.0 * k as f64 / (fa + fb) as f64;
                let sim = cognate_words(words_a, &forms_b.words[position[b as usize] as usize]);
                let words =
                    1.0 / (1.0 + 0.25 * (ca.content_words as f64 - cb.content_words as f64).abs());
                let place = 0.5 + 0.5 * (agreement as f64 / AGREEMENT_UNITS) / k as f64;
                scored.push((dice * (0.75 + 0.25 * sim) * words * place, b, k, g, sim));
            }
            scored
        };
        let terms: Vec<String> = sources
            .par_iter()
            .map(|&a| sides[0].get(a).representative())
            .collect();
        let words: Vec<Vec<String>> = terms.par_iter().map(|t| content_words(lang_a, t)).collect();
        // Competitive evidence: a target candidate that another source
        // candidate explains better (its own cognate, say) is a weaker
        // suggestion for this one. First each target's best score, by its
        // position in forms_b: a maximum, the same whichever thread finds it
        // first. Scores are computed again below rather than kept, so that
        // memory never holds a pair table.
        let mut best = Vec::new();
        if options.method == Method::Full {
            best = sources
                .par_iter()
                .zip(&words)
                .fold(
                    || (Buffers::default(), vec![0.0f64; forms_b.ids.len()]),
                    |(mut buffers, mut best), (&a, words_a)| {
                        for (score, b, ..) in score_a(&mut buffers, a, words_a) {
                            let i = position[b as usize] as usize;
                            best[i] = best[i].max(score);
                        }
                        (buffers, best)
                    },
                )
                .map(|(_, best)| best)
                .reduce_with(|mut best, other| {
                    for (x, y) in best.iter_mut().zip(other) {
                        *x = x.max(y);
                    }
                    best
                })
                .unwrap_or_default();
        }
        // Then each source's ranking, in the order of `sources`.
        let ranked: Vec<Vec<Scored>> = sources
            .par_iter()
            .zip(&words)
            .map_init(Buffers::default, |buffers, (&a, words_a)| {
                let mut scored = score_a(buffers, a, words_a);
                if options.method == Method::Full {
                    for s in &mut scored {
                        s.0 *= s.0 / best[position[s.1 as usize] as usize];
                    }
                }
                scored.retain(|s| s.0 >= options.min_score);
                scored.sort_by(|x, y| {
                    y.0.total_cmp(&x.0).then_with(|| {
                        let (bx, by) = (sides[1].get(x.1), sides[1].get(y.1));
                        by.termhood
                            .total_cmp(&bx.termhood)
                            .then_with(|| bx.key.cmp(&by.key))
                    })
                });
                scored.truncate(options.top);
                // Kept until every source is ranked: without the rest.
                scored.shrink_to_fit();
                scored
            })
            .collect();
        // And the suggestions, made straight into their list.
        let suggestions: Vec<Suggestion> = rows(&ranked)
            .into_par_iter()
            .map(|(i, rank)| {
                let (a, term_a) = (sources[i as usize], &terms[i as usize]);
                let (score, b, k, g, sim) = ranked[i as usize][rank as usize];
                let (ca, cb) = (sides[0].get(a), sides[1].get(b));
                let (fa, fb) = (df[0][a as usize], df[1][b as usize]);
                let (method, evidence) = match options.method {
                    Method::Cognate => ("cognate", format!("cognate {sim:.2}")),
                    Method::Frequency => ("cooccurrence", format!("{k} segments together")),
                    Method::Full => {
                        let mut evidence = format!("{k} of {fa}/{fb} segments together, G² {g:.1}");
                        if sim >= 0.5 {
                            let _ = write!(evidence, ", cognate {sim:.2}");
                            ("dice+cognate", evidence)
                        } else {
                            ("dice", evidence)
                        }
                    }
                };
                let none = Examples::default();
                let (example_a, example_b) = Examples::for_pair(
                    examples[0].get(a as usize).unwrap_or(&none),
                    examples[1].get(b as usize).unwrap_or(&none),
                );
                Suggestion {
                    lang_a,
                    term_a: term_a.clone(),
                    key_a: ca.key.clone(),
                    lang_b,
                    term_b: cb.representative(),
                    key_b: cb.key.clone(),
                    score,
                    rank: rank as usize + 1,
                    method: method.to_string(),
                    freq_a: fa,
                    freq_b: fb,
                    evidence,
                    status: index.status(lang_a, &ca.key, lang_b, &cb.key),
                    example_a,
                    example_b,
                }
            })
            .collect();
        Suggested {
            suggestions,
            candidates: sides.into(),
            directions: vec![(lang_a, lang_b)],
        }
    }
}

/// [`ParallelCounts`] as read, before its candidate ids are checked.
#[derive(Deserialize)]
struct UncheckedParallelCounts {
    origin: Origin,
    sides: [Candidates; 2],
    segments: Vec<[SegmentSide; 2]>,
    examples: [Vec<Examples>; 2],
}

impl TryFrom<UncheckedParallelCounts> for ParallelCounts {
    type Error = String;

    fn try_from(read: UncheckedParallelCounts) -> Result<ParallelCounts, String> {
        for (i, segment) in read.segments.iter().enumerate() {
            for (side, candidates) in segment.iter().zip(&read.sides) {
                let bad = side.found.iter().find(|&&(id, twice_middle)| {
                    id as usize >= candidates.len()
                        || u64::from(twice_middle) > 2 * u64::from(side.tokens)
                });
                if let Some((id, twice_middle)) = bad {
                    return Err(format!(
                        "segment pair {}: no {} candidate {id} at {twice_middle} / 2 of {} \
                         tokens ({} candidates)",
                        i + 1,
                        candidates.lang,
                        side.tokens,
                        candidates.len()
                    ));
                }
            }
        }
        for (examples, candidates) in read.examples.iter().zip(&read.sides) {
            if examples.len() > candidates.len() || !examples.iter().all(Examples::is_valid) {
                return Err(format!(
                    "{}: {} example lists for {} candidates, or a list not as kept",
                    candidates.lang,
                    examples.len(),
                    candidates.len()
                ));
            }
        }
        Ok(ParallelCounts {
            origin: read.origin,
            sides: read.sides,
            segments: read.segments,
            examples: read.examples,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::suggest::tests::pair;

    #[test]
    fn g2_is_zero_for_independence_and_grows_with_association() {
        assert!(g2(10, 100, 100, 1000).abs() < 1e-9);
        assert!(g2(50, 100, 100, 1000) > g2(20, 100, 100, 1000));
        assert!(g2(1, 1, 1, 2000) > G2_MIN);
    }

    #[test]
    fn fewer_together_than_chance_is_no_evidence() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let mut pairs = Vec::new();
        for _ in 0..10 {
            pairs.push(pair("The quota rose.", "Le contingent a augmenté."));
            pairs.push(pair("It is what it is.", "La palombe."));
        }
        pairs.push(pair("The quota.", "La palombe et le contingent."));
        let got = parallel(
            &glossary,
            &matcher,
            &pairs,
            Lang::En,
            Lang::Fr,
            &Options::parallel(),
        );
        let quota: Vec<&str> = got
            .suggestions
            .iter()
            .filter(|s| s.term_a == "quota")
            .map(|s| s.term_b.as_str())
            .collect();
        assert_eq!(quota, ["contingent"]);
    }

    #[test]
    fn position_agreements_are_whole_units() {
        for tokens in 1..=64u32 {
            for other in 1..=64u32 {
                let side = |tokens| SegmentSide {
                    tokens,
                    found: Vec::new(),
                };
                let (a, b) = (side(tokens), side(other));
                for x in 0..2 * tokens {
                    for y in 0..2 * other {
                        let units = f64::from(1.0 - (a.position(x) - b.position(y)).abs())
                            * AGREEMENT_UNITS;
                        assert_eq!(units.fract(), 0.0, "{x}/2 of {tokens}, {y}/2 of {other}");
                    }
                }
            }
        }
    }

    #[test]
    fn parallel_mode_finds_a_repeated_pair_and_skips_what_the_glossary_explains() {
        // A glossary that knows the border and not the smugglers.
        let glossary = Glossary::from_csv(
            "concept,lang,term,status,pos\n\
             border,en,border,preferred,noun\n\
             border,fr,frontière,preferred,noun\n"
                .as_bytes(),
            std::path::Path::new("g.csv"),
        )
        .unwrap();
        let matcher = Matcher::new(&glossary);
        let pairs = [
            pair(
                "The coyotes crossed the border at night.",
                "Les passeurs ont franchi la frontière de nuit.",
            ),
            pair(
                "Police arrested two coyotes in Texas.",
                "La police a arrêté deux passeurs au Texas.",
            ),
            pair(
                "Many coyotes work for cartels.",
                "De nombreux passeurs travaillent pour des cartels.",
            ),
            pair("The weather was cold.", "Il faisait froid."),
        ];
        let got = parallel(
            &glossary,
            &matcher,
            &pairs,
            Lang::En,
            Lang::Fr,
            &Options::parallel(),
        );
        let coyotes: Vec<&Suggestion> = got
            .suggestions
            .iter()
            .filter(|s| s.term_a == "coyotes")
            .collect();
        assert_eq!(coyotes[0].term_b, "passeurs", "{coyotes:?}");
        assert_eq!(coyotes[0].freq_a, 3);
        assert!(
            coyotes[0]
                .evidence
                .starts_with("3 of 3/3 segments together")
        );
    }
}
