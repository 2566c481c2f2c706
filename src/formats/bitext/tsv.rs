//! Reading two-column TSV files: `source<TAB>target` per line, no quoting, with an optional
//! header line of two language tags (`en<TAB>fr-CA`) that declares the languages and is checked
//! against the ones asked for. The simplest bitext a spreadsheet or a script can write.

use crate::input::strip_bom;
use std::path::Path;

use super::{Bitext, Langs, base_lang, plain_text};
use crate::error::{Error, Result};
use crate::lang::Lang;

pub(super) fn read_tsv(text: &str, path: &Path, langs: Langs) -> Result<Bitext> {
    let text = strip_bom(text);
    let mut out = Bitext::default();
    for (i, row) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if row.trim().is_empty() {
            continue;
        }
        let fields = match row.split_once('\t') {
            Some((source, target)) if !target.contains('\t') => Some((source, target)),
            _ => None,
        };
        let Some((source, target)) = fields else {
            return Err(Error::format(
                path,
                Some(line),
                None,
                format!(
                    "expected 2 tab-separated fields (source, target), found {}",
                    row.split('\t').count()
                ),
            ));
        };
        if line == 1 && is_lang_tag(source) && is_lang_tag(target) {
            let mismatch = |role: &str, declared: &str, wanted: Lang| {
                Error::format(
                    path,
                    Some(line),
                    None,
                    format!(
                        "language mismatch: the header's {role} language is {:?}, but the \
                         {role} language asked for is {wanted}",
                        declared.trim()
                    ),
                )
            };
            out.source_lang = base_lang(source);
            out.target_lang = base_lang(target);
            if out.source_lang != Some(langs.source) {
                return Err(mismatch("source", source, langs.source));
            }
            if out.target_lang != Some(langs.target) {
                return Err(mismatch("target", target, langs.target));
            }
            continue;
        }
        out.push_line(line, plain_text(source), plain_text(target));
    }
    Ok(out)
}

/// Whether a header field is a language tag: `en`, `fra`, `en-US`, `es-419`, `zh_Hant_TW`.
pub(super) fn is_lang_tag(field: &str) -> bool {
    let mut subtags = field.trim().split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::bitext::tests::{fixture, pair};
    use crate::formats::bitext::{BitextFormat, read, read_str};

    #[test]
    fn reads_the_tsv_fixture() {
        let b = read(
            &fixture("sample.tsv"),
            None,
            Lang::En,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "2",
                    2,
                    "The asylum seekers arrived at the border.",
                    "Les demandeurs d'asile sont arrivés à la frontière."
                ),
                pair(
                    "4",
                    4,
                    "The refugee status was granted.",
                    "Le statut de réfugié a été accordé."
                ),
                pair(
                    "6",
                    6,
                    "\"Irregular\" migration fell.",
                    "« La migration irrégulière » a diminué."
                ),
            ]
        );
        assert_eq!(b.skipped, ["line 5: not translated"]);
        assert_eq!(
            (b.source_lang, b.target_lang),
            (Some(Lang::En), Some(Lang::Fr))
        );
    }

    #[test]
    fn tsv_rows_need_two_fields() {
        let tsv = |text: &str| {
            read_str(
                text,
                Path::new("t.tsv"),
                BitextFormat::Tsv,
                Lang::Fr,
                Lang::Es,
            )
        };
        // No header: the first line is a pair.
        let b = tsv("exil\texilio\n\n\tasilo\n").unwrap();
        assert_eq!(b.pairs, [pair("1", 1, "exil", "exilio")]);
        assert_eq!(b.skipped, ["line 3: no source text"]);
        assert_eq!((b.source_lang, b.target_lang), (None, None));
        assert_eq!(
            tsv("exil\texilio\nasile\n").unwrap_err().to_string(),
            "t.tsv:2: expected 2 tab-separated fields (source, target), found 1"
        );
        assert_eq!(
            tsv("exil\texilio\r\n\r\nasile\tasilo\tnote\r\n")
                .unwrap_err()
                .to_string(),
            "t.tsv:3: expected 2 tab-separated fields (source, target), found 3"
        );
        // A header only on the first line, and only of language tags.
        let b = tsv("fr-FR\tes_419\nfr\tes\n").unwrap();
        assert_eq!(b.pairs, [pair("2", 2, "fr", "es")]);
        assert_eq!(
            (b.source_lang, b.target_lang),
            (Some(Lang::Fr), Some(Lang::Es))
        );
        assert_eq!(tsv("oui\tsí\n").unwrap().pairs.len(), 1);
    }
}
