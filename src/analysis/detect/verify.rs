//! Verifying a declared language: does one side of a bitext (the source segments of a TMX, the
//! sentences of a document given as `--target-lang fr`) read as the language it is said to be in?
//!
//! # The rule
//!
//! Each segment of the side is looked at on its own, not the side as a whole, so that the share
//! of segments that disagree can be told to the user:
//!
//! * a segment of fewer than [`MIN_WORDS`] words is not counted (headings, names, numbers:
//!   too little to tell a language from);
//! * a counted segment *disagrees* when it is detected ([`Detector::detect`]) as another of
//!   en/fr/es with a confidence of at least [`MIN_CONFIDENCE`]; a segment whose function words
//!   plainly say the declared language ([`Detector::agrees_with`]) agrees without running the
//!   full detection, and one detected as none of en/fr/es ("und") or with less confidence
//!   agrees too (doubt favours the declaration);
//! * the side is **mislabelled** when more than [`MAX_DISAGREEING`] of its counted segments
//!   disagree, and at least [`MIN_DISAGREEING`] do. The language named is the one most of the
//!   disagreeing segments read as.
//!
//! On the parallel NTREX-128 news (123 documents, 1997 sentences in en, fr and es), each
//! document's sides correctly labelled never pass the bar (the largest share of disagreeing
//! segments of any document and language is far below it), and every swapped label does
//! (see `examples/eval_langs.rs` and the figures in README.md).

use super::Detector;
use crate::lang::Lang;

/// Segments of fewer words are not counted.
pub const MIN_WORDS: usize = 5;

/// A detection of another language counts only this sure.
pub const MIN_CONFIDENCE: f64 = 0.5;

/// More than this share of the counted segments must disagree.
pub const MAX_DISAGREEING: f64 = 0.5;

/// And at least this many segments.
pub const MIN_DISAGREEING: usize = 1;

/// What the segments of one side say about its declared language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SideReading {
    /// Segments long enough to be counted.
    pub counted: usize,
    /// Counted segments confidently read as each language (by [`Lang::index`]); the declared
    /// language's own entry stays 0.
    pub other: [usize; 3],
}

impl SideReading {
    /// The segments that disagree with the declared language.
    pub fn disagreeing(&self) -> usize {
        self.other.iter().sum()
    }

    /// The language most disagreeing segments read as, when the side is mislabelled (see the
    /// [module documentation](self)).
    pub fn mislabelled(&self) -> Option<Lang> {
        let n = self.disagreeing();
        if n < MIN_DISAGREEING || (n as f64) <= MAX_DISAGREEING * self.counted as f64 {
            return None;
        }
        Lang::ALL.into_iter().max_by_key(|l| self.other[l.index()])
    }

    /// The share of counted segments that read as `lang`, in whole percent, rounded down (so
    /// that a share under 100% is never shown as 100%).
    pub fn percent(&self, lang: Lang) -> usize {
        (self.other[lang.index()] * 100)
            .checked_div(self.counted)
            .unwrap_or(0)
    }
}

/// Reads the segments of one side, said to be in `declared`.
pub fn read_side<'a>(
    detector: &Detector,
    declared: Lang,
    segments: impl IntoIterator<Item = &'a str>,
) -> SideReading {
    let mut reading = SideReading::default();
    for segment in segments {
        if segment.split_whitespace().take(MIN_WORDS).count() < MIN_WORDS {
            continue;
        }
        reading.counted += 1;
        if detector.agrees_with(segment, declared) {
            continue;
        }
        let detection = detector.detect(segment);
        if let Some(lang) = detection.lang
            && lang != declared
            && detection.confidence >= MIN_CONFIDENCE
        {
            reading.other[lang.index()] += 1;
        }
    }
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

    const ES: [&str; 3] = [
        "Los solicitantes de asilo llegaron a la frontera el martes.",
        "El centro de internamiento cerró la semana pasada.",
        "La migración irregular disminuyó, según la agencia.",
    ];
    const FR: [&str; 3] = [
        "Les demandeurs d'asile sont arrivés à la frontière mardi.",
        "Le centre de rétention a fermé la semaine dernière.",
        "La migration irrégulière a diminué, selon l'agence.",
    ];

    #[test]
    fn a_side_in_another_language_is_mislabelled() {
        let detector = Detector::new();
        let reading = read_side(&detector, Lang::Fr, ES);
        assert_eq!(reading.counted, 3);
        assert_eq!(reading.other, [0, 0, 3]);
        assert_eq!(reading.mislabelled(), Some(Lang::Es));
        assert_eq!(reading.percent(Lang::Es), 100);
        let reading = read_side(&detector, Lang::Fr, FR);
        assert_eq!((reading.counted, reading.disagreeing()), (3, 0));
        assert_eq!(reading.mislabelled(), None);
    }

    #[test]
    fn short_segments_and_a_minority_do_not_count() {
        let detector = Detector::new();
        // Two words each: not counted.
        let reading = read_side(&detector, Lang::Fr, ["El centro", "La migración"]);
        assert_eq!(reading, SideReading::default());
        assert_eq!(reading.mislabelled(), None);
        // One Spanish segment among three French ones: a quotation, not a label.
        let mixed = [FR[0], FR[1], FR[2], ES[0]];
        let reading = read_side(&detector, Lang::Fr, mixed);
        assert_eq!((reading.counted, reading.disagreeing()), (4, 1));
        assert_eq!(reading.mislabelled(), None);
        // Half is not more than half.
        let reading = read_side(&detector, Lang::Fr, [FR[0], FR[1], ES[0], ES[1]]);
        assert_eq!(reading.mislabelled(), None);
        let reading = read_side(&detector, Lang::Fr, [FR[0], ES[1], ES[0]]);
        assert_eq!(reading.mislabelled(), Some(Lang::Es));
        assert_eq!(reading.percent(Lang::Es), 66);
    }
}
