//! The matcher's shipped word tables: cue words (a paragraph about
//! migration) and stop phrases (set phrases that contain a term's words but
//! do not name its concept), one `lang<TAB>text` line each.

use super::*;

/// The cue words (`glossaries/cues.tsv`): words that are not terms but say
/// a paragraph is about migration, for the `context` guard.
pub const CUES_TSV: &str = include_str!("../../../glossaries/cues.tsv");

/// The cue words, by language.
pub fn cue_words() -> impl Iterator<Item = (Lang, &'static str)> {
    lang_table(CUES_TSV)
}

/// The stop phrases (`glossaries/stop-phrases.tsv`): phrases that contain a
/// (guarded) term but are never a hit: "drug trafficking", "entry into
/// force", "à l'étranger".
pub const STOP_PHRASES_TSV: &str = include_str!("../../../glossaries/stop-phrases.tsv");

/// The stop phrases, by language.
pub fn stop_phrases() -> impl Iterator<Item = (Lang, &'static str)> {
    lang_table(STOP_PHRASES_TSV)
}

/// A shipped `lang<TAB>text` table: `#` lines are comments; a line whose
/// language does not parse is skipped (the tests read every line).
fn lang_table(table: &'static str) -> impl Iterator<Item = (Lang, &'static str)> {
    table.lines().filter_map(|line| {
        if line.starts_with('#') {
            return None;
        }
        let (lang, text) = line.split_once('\t')?;
        Some((lang.parse().ok()?, text.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of the shipped tables is a comment or a `lang<TAB>text`
    /// line that `lang_table` reads: a typo in a language code would
    /// otherwise drop the line silently.
    #[test]
    fn shipped_tables_read_every_line() {
        for (name, table) in [
            ("cues.tsv", CUES_TSV),
            ("stop-phrases.tsv", STOP_PHRASES_TSV),
        ] {
            let lines = table.lines().filter(|l| !l.starts_with('#')).count();
            let read = lang_table(table)
                .filter(|(_, text)| !text.is_empty())
                .count();
            assert_eq!(read, lines, "{name}: a line is not `lang<TAB>text`");
            assert!(read > 10, "{name} is nearly empty");
        }
    }
}
