//! Batch alignment: which documents to align with which. Two folders are
//! paired by file name; a pair list names the pairs, one per line.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::trim_field;

/// A document and its translation: (source path, target path).
pub type PathPair = (PathBuf, PathBuf);

/// The pairs of a list (`source path<TAB>target path` per line; blank lines
/// and lines starting with `#` skipped: a path that starts with `#` is
/// written after a space, as paths are trimmed), read from `text`, the
/// content of `list`. Relative paths are relative to the list's folder.
pub fn read_pair_list(text: &str, list: &Path) -> Result<Vec<PathPair>> {
    let mut pairs = Vec::new();
    for (i, line) in crate::input::strip_bom(text).lines().enumerate() {
        // A byte order mark starting a later line (lists joined with `cat`)
        // is no part of the path.
        let line = line.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let here = |message: &str| Error::format(list, Some(i as u64 + 1), None, message);
        let Some((a, b)) = line.split_once('\t') else {
            return Err(here("expected source path<TAB>target path"));
        };
        let (a, b) = (trim_field(a), trim_field(b));
        // An empty side would name the list's own folder.
        if a.is_empty() {
            return Err(here("empty source path"));
        }
        if b.is_empty() {
            return Err(here("empty target path"));
        }
        let base = list.parent().unwrap_or(Path::new(""));
        pairs.push((base.join(a), base.join(b)));
    }
    Ok(pairs)
}

/// Two folders' files paired by name (see [`pair_folders`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FolderPairs {
    /// The files of `a` with a twin in `b`, in name order.
    pub pairs: Vec<PathPair>,
    /// The files of `a` with no twin in `b`.
    pub alone: Vec<PathBuf>,
    /// What was left out on either side: what is not a regular file (a
    /// FIFO, a device), and symbolic links when they are not followed.
    pub left_out: Vec<crate::input::LeftOut>,
}

/// What `path` is to a folder pairing: a regular file to read (Ok(true)),
/// nothing to pair (Ok(false): missing, a folder), or left out.
fn pairable(path: &Path, follow: bool) -> std::result::Result<bool, LeftOutKind> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(false);
    };
    let meta = if meta.file_type().is_symlink() {
        if !follow {
            return Err(LeftOutKind::Link);
        }
        match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(_) => return Ok(false), // a dangling link
        }
    } else {
        meta
    };
    if meta.is_file() {
        Ok(true)
    } else if meta.is_dir() {
        Ok(false)
    } else {
        Err(LeftOutKind::Special(crate::input::special_kind(
            meta.file_type(),
        )))
    }
}

enum LeftOutKind {
    Link,
    Special(&'static str),
}

/// The regular files of folder `a` paired with the files of the same name
/// in `b`, in name order, and the files of `a` with no twin in `b` (either
/// may be empty). As a folder walk: what is not a regular file is left out
/// and named (a FIFO would wait for a writer), and symbolic links are left
/// out and counted unless `follow`.
pub fn pair_folders(a: &Path, b: &Path, follow: bool) -> Result<FolderPairs> {
    let mut names: Vec<_> = std::fs::read_dir(a)
        .map_err(|e| Error::io(a, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    let mut out = FolderPairs::default();
    let mut links = [0usize; 2];
    for name in names {
        let (this, other) = (a.join(&name), b.join(&name));
        match pairable(&this, follow) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(LeftOutKind::Link) => {
                links[0] += 1;
                continue;
            }
            Err(LeftOutKind::Special(kind)) => {
                out.left_out
                    .push(crate::input::LeftOut::NotAFile { path: this, kind });
                continue;
            }
        }
        match pairable(&other, follow) {
            Ok(true) => out.pairs.push((this, other)),
            Ok(false) => out.alone.push(this),
            Err(LeftOutKind::Link) => links[1] += 1,
            Err(LeftOutKind::Special(kind)) => out
                .left_out
                .push(crate::input::LeftOut::NotAFile { path: other, kind }),
        }
    }
    for (dir, count) in [a, b].into_iter().zip(links) {
        if count > 0 {
            out.left_out.push(crate::input::LeftOut::Links {
                dir: dir.to_path_buf(),
                count,
            });
        }
    }
    Ok(out)
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
        let pairs = read_pair_list(
            "\u{feff}a.en.txt\ta.fr.txt\n\u{feff}b.en.txt\tb.fr.txt\n \u{feff}c.en.txt\t\u{feff}c.fr.txt\n",
            list,
        )
        .unwrap();
        assert_eq!(pairs[0].0, PathBuf::from("runs/a.en.txt"));
        assert_eq!(pairs[1].0, PathBuf::from("runs/b.en.txt"), "lists joined");
        assert_eq!(
            pairs[2],
            (
                PathBuf::from("runs/c.en.txt"),
                PathBuf::from("runs/c.fr.txt")
            )
        );
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
        let FolderPairs { pairs, alone, .. } = pair_folders(&en, &fr, false).unwrap();
        assert_eq!(
            pairs,
            [
                (en.join("a.txt"), fr.join("a.txt")),
                (en.join("b.txt"), fr.join("b.txt"))
            ]
        );
        assert_eq!(alone, [en.join("only-en.txt")]);
    }

    /// Issue 16: a FIFO in a folder was skipped without a word, and links
    /// were followed out of the folder whatever `--follow` said.
    #[cfg(unix)]
    #[test]
    fn folders_pair_regular_files_and_name_what_they_leave_out() {
        use crate::input::LeftOut;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("en"), dir.path().join("fr"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "Far away.\n").unwrap();
        for name in ["1.txt", "2.txt", "3.txt"] {
            std::fs::write(a.join(name), "The refugees.\n").unwrap();
        }
        std::fs::write(b.join("1.txt"), "Les réfugiés.\n").unwrap();
        std::os::unix::fs::symlink(&outside, b.join("2.txt")).unwrap();
        let fifo = b.join("3.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        std::os::unix::fs::symlink(&outside, a.join("4.txt")).unwrap();
        std::fs::write(b.join("4.txt"), "Loin.\n").unwrap();

        let got = pair_folders(&a, &b, false).unwrap();
        assert_eq!(got.pairs, [(a.join("1.txt"), b.join("1.txt"))]);
        assert!(got.alone.is_empty());
        assert_eq!(
            got.left_out,
            [
                LeftOut::NotAFile {
                    path: fifo.clone(),
                    kind: "a FIFO"
                },
                LeftOut::Links {
                    dir: a.clone(),
                    count: 1
                },
                LeftOut::Links {
                    dir: b.clone(),
                    count: 1
                },
            ]
        );
        let followed = pair_folders(&a, &b, true).unwrap();
        assert_eq!(
            followed.pairs,
            [
                (a.join("1.txt"), b.join("1.txt")),
                (a.join("2.txt"), b.join("2.txt")),
                (a.join("4.txt"), b.join("4.txt")),
            ]
        );
        assert_eq!(
            followed.left_out,
            [LeftOut::NotAFile {
                path: fifo,
                kind: "a FIFO"
            }]
        );
    }
}
