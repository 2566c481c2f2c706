//! Where outputs may go, decided before any work. Two questions: would an
//! output destroy an input or another output ([`refuse_clobbering`]), and
//! can a file be put at its path at all ([`check_target`]). Both are asked
//! before a byte is read, so that a run that cannot finish is refused at
//! once, not after an hour of work, and never after one of its outputs has
//! already been replaced.
//!
//! A file is known by what it is, not by how it is spelled: an existing
//! file by its device and inode (so a hard link to an input, or a symbolic
//! link to it, is that input), a file still to be made by the canonical
//! path of its folder and its name (so `x.csv` and `./x.csv` are one file).

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// What a path names, for telling whether two paths are one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Identity {
    /// `-`: standard output.
    Stdout,
    /// An existing file: its device and inode.
    #[cfg(unix)]
    Inode(u64, u64),
    /// A file still to be made (or, off unix, any file): its canonical path.
    Path(PathBuf),
}

/// What `path` names; None for a device or a pipe, which take any number
/// of writers and are never replaced.
fn identity(path: &Path) -> Option<Identity> {
    if path == Path::new("-") {
        return Some(Identity::Stdout);
    }
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => None,
        #[cfg(unix)]
        Ok(m) => {
            use std::os::unix::fs::MetadataExt;
            Some(Identity::Inode(m.dev(), m.ino()))
        }
        #[cfg(not(unix))]
        Ok(_) => Some(Identity::Path(
            path.canonicalize().unwrap_or_else(|_| canonical_new(path)),
        )),
        Err(_) => Some(Identity::Path(canonical_new(path))),
    }
}

/// The canonical path of a file that does not exist (yet): its folder's
/// canonical path and its name; where the folder does not exist either,
/// the absolute path without its `.` parts.
fn canonical_new(path: &Path) -> PathBuf {
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(folder) = parent.canonicalize() {
            return folder.join(name);
        }
    }
    let absolute = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    absolute
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect()
}

/// Refuses outputs that would destroy an input or each other: an output
/// that is one of `inputs` (documents and every side input: the glossary,
/// a dictionary, gold pairs, a list of pairs and the files it lists,
/// suggestions, partials), under any spelling, through a link or a hard
/// link; two outputs to one file; two to standard output. Devices and pipes
/// (`/dev/null`) may take several. Linear: each path is looked at once.
pub fn refuse_clobbering<P: AsRef<Path>>(outputs: &[&Path], inputs: &[P]) -> Result<()> {
    // Each output's identity, and the first output to have it.
    let mut wanted: HashMap<Identity, &Path> = HashMap::with_capacity(outputs.len());
    for &out in outputs {
        let Some(id) = identity(out) else {
            continue;
        };
        if wanted.insert(id, out).is_some() {
            return Err(Error::Usage(format!(
                "two outputs go to {}: give each its own file",
                if out == Path::new("-") {
                    "standard output".to_string()
                } else {
                    crate::printable::path(out).to_string()
                }
            )));
        }
    }
    for input in inputs {
        let input = input.as_ref();
        if input == Path::new("-") {
            continue; // standard input is not a file an output could replace
        }
        let Some(id) = identity(input) else {
            continue;
        };
        if let Some(out) = wanted.get(&id) {
            return Err(Error::Usage(format!(
                "refusing to write {}: it is one of the inputs{}",
                crate::printable::path(out),
                if input == *out {
                    String::new()
                } else {
                    format!(" (the same file as {})", crate::printable::path(input))
                }
            )));
        }
    }
    Ok(())
}

/// Checks that a file can be put at `path` by renaming one over it, before
/// any work: `-` (standard output), a device and a pipe always can; a
/// folder, a symbolic link to nothing, a name too long, a missing folder or
/// one that cannot be written in cannot. Writing the file can still fail
/// (a full disk), but not for a reason that was known at the start.
pub fn check_target(path: &Path) -> Result<()> {
    if path == Path::new("-") {
        return Ok(());
    }
    let refuse = |reason: &str| {
        Err(Error::Usage(format!(
            "cannot write {}: {reason}",
            crate::printable::path(path)
        )))
    };
    match std::fs::symlink_metadata(path) {
        Ok(link) => {
            let meta = if link.file_type().is_symlink() {
                match std::fs::metadata(path) {
                    Ok(m) => m,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        let to = std::fs::read_link(path)
                            .map(|t| crate::printable::path(&t).to_string())
                            .unwrap_or_default();
                        return refuse(&format!(
                            "a symbolic link to {to}, which does not exist; remove the link or \
                             make its target"
                        ));
                    }
                    Err(e) => return Err(Error::io(path, e)),
                }
            } else {
                link
            };
            if meta.is_dir() {
                return refuse("a folder; give a file name");
            }
            if !meta.is_file() {
                return Ok(()); // a device or a pipe: written in place
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        // A name too long, a path through a file, a loop of links.
        Err(e) => return refuse(&e.to_string()),
    }
    // Through a link, the file is made beside what it points to.
    let resolved = match path.canonicalize() {
        Ok(p) => p,
        Err(_) => path.to_path_buf(),
    };
    let folder = match resolved.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return refuse(&format!(
                "{} is not a folder",
                crate::printable::path(folder)
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return refuse(&format!(
                "the folder {} does not exist",
                crate::printable::path(folder)
            ));
        }
        Err(e) => return Err(Error::io(folder, e)),
    }
    if let Err(e) = writable(folder) {
        return refuse(&format!(
            "cannot make a file in {}: {e}",
            if folder == Path::new(".") {
                "the current folder".to_string()
            } else {
                crate::printable::path(folder).to_string()
            }
        ));
    }
    Ok(())
}

/// Whether files can be made in `folder` (permissions, a read-only file
/// system), as the kernel would answer for this process.
#[cfg(unix)]
fn writable(folder: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(folder.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
    let ok = unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } == 0;
    if ok {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn writable(_folder: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_may_not_clobber_inputs_or_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "x").unwrap();
        let other = dir.path().join("out.csv");
        let err = refuse_clobbering(&[&other, &input], std::slice::from_ref(&input)).unwrap_err();
        assert!(err.to_string().starts_with("refusing to write"), "{err}");
        let err = refuse_clobbering::<PathBuf>(&[&other, &other], &[]).unwrap_err();
        assert!(err.to_string().starts_with("two outputs go to"), "{err}");
        let err = refuse_clobbering::<PathBuf>(&[Path::new("-"), Path::new("-")], &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "two outputs go to standard output: give each its own file"
        );
        let null = Path::new("/dev/null");
        assert!(refuse_clobbering::<PathBuf>(&[null, null], &[]).is_ok());
    }

    #[test]
    fn one_new_file_under_two_spellings_is_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("x.csv");
        let dotted = dir.path().join(".").join("x.csv");
        let round = dir.path().join("sub/../x.csv");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for other in [&dotted, &round] {
            let err = refuse_clobbering::<PathBuf>(&[&plain, other], &[]).unwrap_err();
            assert!(err.to_string().starts_with("two outputs go to"), "{err}");
        }
        assert!(!plain.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_or_a_symbolic_link_to_an_input_is_that_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("d.tsv");
        std::fs::write(&input, "a\tb\n").unwrap();
        let hard = dir.path().join("hard.tsv");
        std::fs::hard_link(&input, &hard).unwrap();
        let soft = dir.path().join("soft.tsv");
        std::os::unix::fs::symlink(&input, &soft).unwrap();
        for out in [&hard, &soft] {
            let err = refuse_clobbering(&[out], std::slice::from_ref(&input)).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "refusing to write {}: it is one of the inputs (the same file as {})",
                    out.display(),
                    input.display()
                )
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_target_that_cannot_take_a_file_is_known_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let folder = d.join("adir");
        std::fs::create_dir(&folder).unwrap();
        let err = check_target(&folder).unwrap_err().to_string();
        assert!(err.ends_with("adir: a folder; give a file name"), "{err}");
        let long = d.join(format!("{}.csv", "a".repeat(300)));
        let err = check_target(&long).unwrap_err().to_string();
        assert!(err.starts_with("cannot write "), "{err}");
        assert!(
            err.ends_with(".csv: File name too long (os error 36)"),
            "{err}"
        );
        let dangling = d.join("dl.csv");
        std::os::unix::fs::symlink("nowhere/x.csv", &dangling).unwrap();
        let err = check_target(&dangling).unwrap_err().to_string();
        assert!(
            err.ends_with("dl.csv: a symbolic link to nowhere/x.csv, which does not exist; remove the link or make its target"),
            "{err}"
        );
        let err = check_target(&d.join("missing/x.csv"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing does not exist"), "{err}");
        for fine in [
            d.join("new.csv"),
            PathBuf::from("/dev/null"),
            PathBuf::from("-"),
        ] {
            check_target(&fine).unwrap();
        }
        let through = d.join("null.csv");
        std::os::unix::fs::symlink("/dev/null", &through).unwrap();
        check_target(&through).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_written_in_is_known_before_any_work() {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            eprintln!("note: root may write anywhere; skipping");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let err = check_target(&locked.join("x.csv")).unwrap_err().to_string();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(err.contains("cannot make a file in"), "{err}");
        assert!(err.ends_with("Permission denied (os error 13)"), "{err}");
    }
}
