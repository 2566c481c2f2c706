//! Batch alignment: which documents to align with which. Two folders are
//! paired by file name; a pair list names the pairs, one per line.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A document and its translation: (source path, target path).
pub type PathPair = (PathBuf, PathBuf);

/// The pairs of a list (`source path<TAB>target path` per line; blank lines
/// and lines starting with `#` skipped: a path that starts with `#` is
/// written after a space, as paths are trimmed), read from `text`, the
/// content of `list`. Relative paths are relative to the list's folder.
pub fn read_pair_list(text: &str, list: &Path) -> Result<Vec<PathPair>> {
    let mut pairs = Vec::new();
    for (i, line) in crate::input::strip_bom(text).lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let here = |message: &str| Error::format(list, Some(i as u64 + 1), None, message);
        let Some((a, b)) = line.split_once('\t') else {
            return Err(here("expected source path<TAB>target path"));
        };
        // An empty side would name the list's own folder.
        if a.trim().is_empty() {
            return Err(here("empty source path"));
        }
        if b.trim().is_empty() {
            return Err(here("empty target path"));
        }
        let base = list.parent().unwrap_or(Path::new(""));
        pairs.push((base.join(a.trim()), base.join(b.trim())));
    }
    Ok(pairs)
}

/// The files of folder `a` paired with the files of the same name in `b`,
/// in name order, and the files of `a` with no twin in `b` (either may be
/// empty).
pub fn pair_folders(a: &Path, b: &Path) -> Result<(Vec<PathPair>, Vec<PathBuf>)> {
    let mut names: Vec<_> = std::fs::read_dir(a)
        .map_err(|e| Error::io(a, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    let (mut pairs, mut alone) = (Vec::new(), Vec::new());
    for name in names {
        let other = b.join(&name);
        if other.is_file() {
            pairs.push((a.join(&name), other));
        } else {
            alone.push(a.join(&name));
        }
    }
    Ok((pairs, alone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_list_is_read_relative_to_its_folder_and_a_bad_line_named() {
        let list = Path::new("runs/pairs.tsv");
        let pairs = read_pair_list("# en fr\n\na.en.txt\ta.fr.txt\r\n", list).unwrap();
        assert_eq!(
            pairs,
            [(
                PathBuf::from("runs/a.en.txt"),
                PathBuf::from("runs/a.fr.txt")
            )]
        );
        let err = read_pair_list("a\tb\nno tab here\n", list).unwrap_err();
        assert_eq!(
            err.to_string(),
            "runs/pairs.tsv:2: expected source path<TAB>target path"
        );
    }

    /// Found by fuzzing (`fuzz::align_side_files`): a byte order mark was
    /// kept in the first path ("\u{feff}a.en.txt", then "no such file"), and
    /// an empty side named the list's own folder.
    #[test]
    fn a_pair_list_skips_its_byte_order_mark_and_refuses_an_empty_path() {
        let list = Path::new("runs/pairs.tsv");
        let pairs = read_pair_list("\u{feff}a.en.txt\ta.fr.txt\n", list).unwrap();
        assert_eq!(pairs[0].0, PathBuf::from("runs/a.en.txt"));
        for (text, message) in [
            ("a\tb\nc.txt\t \n", "runs/pairs.tsv:2: empty target path"),
            ("\ta.fr.txt\n", "runs/pairs.tsv:1: empty source path"),
        ] {
            let err = read_pair_list(text, list).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn folders_are_paired_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let (en, fr) = (dir.path().join("en"), dir.path().join("fr"));
        std::fs::create_dir_all(&en).unwrap();
        std::fs::create_dir_all(&fr).unwrap();
        for name in ["b.txt", "a.txt", "only-en.txt"] {
            std::fs::write(en.join(name), "x").unwrap();
        }
        for name in ["a.txt", "b.txt"] {
            std::fs::write(fr.join(name), "x").unwrap();
        }
        let (pairs, alone) = pair_folders(&en, &fr).unwrap();
        assert_eq!(
            pairs,
            [
                (en.join("a.txt"), fr.join("a.txt")),
                (en.join("b.txt"), fr.join("b.txt"))
            ]
        );
        assert_eq!(alone, [en.join("only-en.txt")]);
    }
}
