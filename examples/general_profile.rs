//! Makes the general-language profiles shipped in `glossaries/general/`:
//! the word-key counts of the Universal Dependencies PUD sentences (news and
//! Wikipedia), one `{lang}.tsv` per language, and the lists of non-nominal
//! word forms taken from the treebanks' part-of-speech tags, one
//! `{lang}.nonnominal.txt` per language. See "General-language profiles" in
//! `glossaries/README.md`.
//!
//! ```text
//! cargo run --release --example general_profile [-- DATA_DIR [OUT_DIR]]
//! ```
//!
//! DATA_DIR (holding `en.txt`, `fr.txt`, `es.txt`, one sentence a line, and
//! the treebanks `{en,fr,es}_pud-ud-test.conllu`) defaults to
//! `../shared/data/pud` next to the crate, OUT_DIR to the crate's
//! `glossaries/general`. The text is read at run time and never copied into
//! the repository; without it the example says so and exits successfully.
//! The files are written atomically and depend only on the text and the key
//! function (the lists on the treebanks and
//! `termalign::jobs::suggest::profile::non_nominal_from_conllu`), so running it twice gives
//! the same bytes (`tests/profile_regen.rs` checks the shipped files against
//! it).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use termalign::jobs::suggest::profile::{Profile, non_nominal_from_conllu, write_non_nominal};
use termalign::lang::Lang;
use termalign::output::Output;
use termalign::{Error, Result};

fn main() {
    let mut args = std::env::args_os().skip(1);
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = args
        .next()
        .map_or_else(|| crate_dir.join("../shared/data/pud"), PathBuf::from);
    let out = args
        .next()
        .map_or_else(|| crate_dir.join("glossaries/general"), PathBuf::from);
    if !data.is_dir() {
        println!(
            "general_profile: data folder {} not found (expected the UD PUD sentences \
             as en.txt, fr.txt, es.txt and the treebanks as \
             {{en,fr,es}}_pud-ud-test.conllu, see ../shared/data/README.md); nothing to do.",
            data.display()
        );
        return;
    }
    if let Err(e) = run(&data, &out) {
        eprintln!("general_profile: {e}");
        std::process::exit(1);
    }
}

fn run(data: &Path, out: &Path) -> Result<()> {
    for lang in Lang::ALL {
        let source = data.join(format!("{}.txt", lang.code()));
        let text = std::fs::read_to_string(&source).map_err(|e| Error::io(&source, e))?;
        let profile = Profile::from_text(lang, &text);
        let path = out.join(format!("{}.tsv", lang.code()));
        let mut file = Output::create(Some(&path))?;
        profile
            .write_tsv(&mut file)
            .map_err(|e| Error::io(&path, e))?;
        file.flush().map_err(|e| Error::io(&path, e))?;
        file.commit()?;
        println!(
            "{}: {} word tokens, {} distinct keys -> {}",
            lang.code(),
            profile.total(),
            profile.len(),
            path.display()
        );

        let source = data.join(format!("{}_pud-ud-test.conllu", lang.code()));
        let conllu = std::fs::read_to_string(&source).map_err(|e| Error::io(&source, e))?;
        let list = non_nominal_from_conllu(&conllu);
        let path = out.join(format!("{}.nonnominal.txt", lang.code()));
        let mut file = Output::create(Some(&path))?;
        write_non_nominal(&list, &mut file).map_err(|e| Error::io(&path, e))?;
        file.flush().map_err(|e| Error::io(&path, e))?;
        file.commit()?;
        println!(
            "{}: {} non-nominal forms -> {}",
            lang.code(),
            list.len(),
            path.display()
        );
    }
    Ok(())
}
