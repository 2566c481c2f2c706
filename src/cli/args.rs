//! The command line: clap types live here and nowhere else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use termalign::Lang;
use termalign::analysis::matcher::MatchMode;
use termalign::formats::workbook::Profile;
use termalign::formats::{Format, Pair};
use termalign::glossary::Subject;

#[derive(Debug, Parser)]
#[command(
    name = "termalign",
    version,
    about = "Multilingual terminology for migration policy (English, French, Spanish)",
    after_help = "Exit status: 0 success; 1 `check` or `glossary lint` found what fails them; 2 an error, or some input could not be read (the others were processed)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Threads to work on (0: one per core). Outputs are the same for every N.
    #[arg(
        short = 'j',
        long,
        global = true,
        value_name = "N",
        default_value_t = 0,
        value_parser = clap::value_parser!(u16).range(0..=256)
    )]
    pub jobs: u16,
    /// No progress bar and no summary lines on stderr (errors and warnings stay).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Read input files that are not valid UTF-8 in this legacy encoding
    /// instead of refusing them (files that are valid UTF-8, and UTF-16
    /// files with a byte order mark, are read as such).
    #[arg(long, global = true, value_enum, value_name = "ENCODING", default_value_t = EncodingArg::Utf8)]
    pub encoding: EncodingArg,
    /// Repair mojibake in what is read: Windows-1252 characters read as
    /// Latin-1 (U+0092 for ’) and UTF-8 read as Windows-1252 (Ã© for é).
    /// Offsets are then offsets into the repaired text.
    #[arg(long, global = true)]
    pub fix_mojibake: bool,
    /// Write CSV fields as they are, for programs. By default a text field
    /// that starts with = + - @ (or a tab or carriage return, or the
    /// full-width ＝ ＋ － ＠) gets a ' before it, so that a spreadsheet shows it rather than running it as a formula
    /// (termalign reads its own CSV back either way).
    #[arg(long, global = true)]
    pub raw_csv: bool,
    /// Write CSV outputs for Excel: UTF-8 with a byte order mark, so that a
    /// double-click opens them with accents right, and fields separated by
    /// DELIM: , (the default), ; (what Excel expects where decimals take a
    /// comma, as in French and Spanish) or tab. The environment variable
    /// TERMALIGN_EXCEL gives a default (TERMALIGN_EXCEL=';'; --excel=off
    /// turns it off). An output named .xlsx is a workbook whatever this
    /// says.
    #[arg(
        long,
        global = true,
        value_name = "DELIM",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = ",",
        env = "TERMALIGN_EXCEL",
        value_parser = parse_delimiter
    )]
    pub excel: Option<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    /// Refuse what is not UTF-8, naming the first bad byte.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// ISO 8859-1.
    #[value(name = "latin1", alias = "iso-8859-1")]
    Latin1,
    /// Windows-1252 (Latin-1 with ’ “ ” – — € in 0x80–0x9F).
    #[value(name = "cp1252", alias = "windows-1252")]
    Cp1252,
}

impl From<EncodingArg> for termalign::input::Encoding {
    fn from(arg: EncodingArg) -> Self {
        match arg {
            EncodingArg::Utf8 => Self::Utf8,
            EncodingArg::Latin1 => Self::Latin1,
            EncodingArg::Cp1252 => Self::Windows1252,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find every glossary term in the documents and write a CSV concordance.
    Concordance(ConcordanceArgs),
    /// Detect each document's language (en, fr, es, or und for none of these),
    /// or each paragraph's and the language it is matched in (--paragraphs).
    Detect(DetectArgs),
    /// Check term consistency in documents, or across a translation.
    Check(CheckArgs),
    /// Align a document with its translation, sentence by sentence.
    Align(AlignArgs),
    /// Propose equivalent terms across languages that the glossary lacks,
    /// from translations (--pairs) or from articles on one topic.
    Suggest(SuggestArgs),
    /// Add up partial results made on shards of a corpus (`concordance
    /// --by-concept` tables, `suggest --partial` files) into what one run
    /// over the whole corpus gives.
    Merge(PartialsArgs),
    /// Check, convert and export glossaries.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Documents to check; translation files instead (TMX, XLIFF 1.2/2.x, or
    /// source<TAB>target TSV) when every one is named .tmx or .xlf/.xliff, or
    /// with --source-lang or --target-lang.
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Language of the translations' source side (default: as the files declare).
    #[arg(long, value_parser = parse_lang)]
    pub source_lang: Option<Lang>,
    /// Language of the translations' target side (default: as the files declare).
    #[arg(long, value_parser = parse_lang)]
    pub target_lang: Option<Lang>,
    /// A side whose text reads as another language than declared is an
    /// error (nothing written), not a warning.
    #[arg(long)]
    pub strict_lang: bool,
    /// A source text whose line N is translated by line N of --target.
    #[arg(
        long,
        value_name = "FILE",
        requires = "target",
        requires = "source_lang",
        requires = "target_lang"
    )]
    pub source: Option<PathBuf>,
    /// The translation of --source, line by line.
    #[arg(long, value_name = "FILE", requires = "source")]
    pub target: Option<PathBuf>,
    /// Compare variants within each document, or across all of them.
    #[arg(long, value_enum, default_value_t = ScopeArg::Document)]
    pub scope: ScopeArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Text)]
    pub format: ReportFormatArg,
    /// Exit with status 1 when a finding of this severity or worse is found.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write the findings here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// SOURCE TARGET: two documents, or two folders whose files are paired by name.
    #[arg(value_name = "SOURCE TARGET", num_args = 0..=2)]
    pub paths: Vec<PathBuf>,
    /// A TSV file listing pairs to align: source path<TAB>target path per line.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub pairs: Option<PathBuf>,
    /// Two folders: follow symbolic links in them, also out of them.
    /// Without it, links are skipped (and counted), as in a folder walk.
    #[arg(short = 'L', long, conflicts_with = "pairs")]
    pub follow: bool,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Language of the source documents (default: detected).
    #[arg(long, value_parser = parse_lang)]
    pub source_lang: Option<Lang>,
    /// Language of the target documents (default: detected).
    #[arg(long, value_parser = parse_lang)]
    pub target_lang: Option<Lang>,
    /// A document whose text reads as another language than --source-lang or
    /// --target-lang says is an error (nothing written), not a warning.
    #[arg(long)]
    pub strict_lang: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AlignFormat::Tsv)]
    pub format: AlignFormat,
    /// Write here (a folder in batch mode) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Beads scoring below this (0–1) are doubtful: flagged in csv and tmx.
    #[arg(long, value_name = "SCORE")]
    pub threshold: Option<f64>,
    /// Leave doubtful beads out of the output instead of flagging them.
    #[arg(long, requires = "threshold")]
    pub drop: bool,
    /// A bilingual word list (source<TAB>target per line) as extra evidence.
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,
    /// Length only, no lexical evidence (the Gale-Church baseline).
    #[arg(long)]
    pub length_only: bool,
    /// Each line is a segment, never joined or re-split (pre-split input:
    /// Moses-style files, a translation memory's sides). The default for
    /// files named by a language code (corpus.en, corpus.fr).
    #[arg(long, conflicts_with = "running_text")]
    pub segmented: bool,
    /// Split the documents into sentences, also files named by a language
    /// code (the default for every other file).
    #[arg(long)]
    pub running_text: bool,
    /// Print precision, recall and F1 of the links against this gold file.
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlignFormat {
    /// source<TAB>target, one bead per line, an empty side for 1:0 and 0:1.
    Tsv,
    /// TMX 1.4b, one <tu> per bead.
    Tmx,
    /// Bead sentence numbers, texts and score.
    Csv,
}

impl AlignFormat {
    pub fn extension(self) -> &'static str {
        match self {
            AlignFormat::Tsv => "tsv",
            AlignFormat::Tmx => "tmx",
            AlignFormat::Csv => "csv",
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ScopeArg {
    Document,
    Corpus,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportFormatArg {
    Text,
    Csv,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// Report every problem in a glossary as file:line: message (exit 1 on errors).
    Lint(LintArgs),
    /// Count a glossary's concepts and terms per subject field, language,
    /// status and part of speech, and its coverage of the field's sources.
    Stats(StatsArgs),
    /// Write the glossary as TBX (v3 or 2008), a Google or DeepL glossary, OmegaT, or native CSV.
    Export(ExportArgs),
    /// Add the rows of a suggestions CSV marked in its `accept` column to the
    /// glossary, as new concepts or variants, and write the merged glossary.
    Merge(MergeArgs),
    /// Read a TBX export of any size (IATE's full dump included) streaming
    /// into a glossary: its English, French and Spanish terms, of the domains
    /// asked for; say on stderr what was left out.
    Import(ImportArgs),
}

/// What `glossary import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFrom {
    /// IATE: every entry is read as IATE's (ids, domains, reliability,
    /// packed synonyms).
    Iate,
    /// Any TBX (v3 or 2008): entries with IATE's ids (IATE-33032,
    /// iate_3515206) are read as IATE's, the others as plain TBX.
    Tbx,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The TBX file, gzipped or not.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// What the file is.
    #[arg(long, value_enum, default_value_t = ImportFrom::Tbx)]
    pub from: ImportFrom,
    /// Keep only the concepts of these domains (the file's subjectField),
    /// comma-separated: IATE domain codes (2811; 28 takes in 2811) or labels
    /// (migration), in any case.
    #[arg(long, value_name = "DOMAINS", value_delimiter = ',')]
    pub subject: Vec<String>,
    /// Output format: csv, tbx, tbx2008, google, deepl, omegat or xlsx
    /// (default: from the extension of -o, else csv).
    #[arg(short, long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,
    /// Language direction for deepl and omegat, like en-fr.
    #[arg(long, value_name = "PAIR", value_parser = parse_pair)]
    pub pair: Option<Pair>,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Which glossary to use, in which format.
#[derive(Debug, Args)]
pub struct GlossaryArgs {
    /// Glossary file (default: the built-in migration glossary). The format
    /// comes from the extension: .csv (native, or Google's if the header lists
    /// languages), .tbx/.xml, .tsv (DeepL), .utf8/.tab (OmegaT), .xlsx (an
    /// Excel workbook, in the native, Google or a --profile layout).
    #[arg(short, long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// The glossary's format, whatever its file name.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub glossary_format: Option<Format>,
    /// Language direction of a DeepL or OmegaT glossary given with -g, like en-fr.
    #[arg(long = "glossary-pair", value_name = "PAIR", value_parser = parse_pair)]
    pub glossary_pair: Option<Pair>,
    /// Use only the concepts of these subject fields, comma-separated codes:
    /// core, asylum, borders, residence, irregular, trafficking, labour,
    /// family, integration, displacement, statelessness, diaspora,
    /// statistics, governance, consular.
    #[arg(
        long,
        value_name = "FIELDS",
        value_delimiter = ',',
        value_parser = parse_subject
    )]
    pub subject: Vec<Subject>,
}

#[derive(Debug, Args)]
pub struct PartialsArgs {
    /// The partial results, all of one kind (told by their first line).
    #[arg(value_name = "PARTIAL", required = true)]
    pub partials: Vec<PathBuf>,
    /// The glossary the partials were made with.
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Write the merged result here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// For suggest partials: how the suggestions are scored and kept.
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The glossary to check (default: the built-in one).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The file's format, whatever its name.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub glossary_format: Option<Format>,
    /// Language direction of a DeepL or OmegaT file, like en-fr.
    #[arg(long = "glossary-pair", value_name = "PAIR", value_parser = parse_pair)]
    pub glossary_pair: Option<Pair>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Output format: tbx (TBX-Basic v3), tbx2008 (TBX-Basic 2008, `martif`),
    /// google, deepl, omegat, csv or xlsx.
    #[arg(short, long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Format,
    /// For xlsx and csv: the column layout a tool imports: memoq, phrase,
    /// trados (Glossary Converter / MultiTerm), xtm or iate-import.
    #[arg(long, value_name = "PROFILE", value_parser = parse_profile)]
    pub profile: Option<Profile>,
    /// Language direction for deepl and omegat, like en-fr.
    #[arg(long, value_name = "PAIR", value_parser = parse_pair)]
    pub pair: Option<Pair>,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The suggestions CSV (from `termalign suggest`), with its column
    /// `accept` filled: yes, y, x, 1, true or accept adds the row; preferred,
    /// admitted or deprecated (privilégié, admis, déconseillé; preferente,
    /// admitido, desaconsejado) adds it with that status for the new term;
    /// empty, no, n, 0, false or reject leaves it out. An .xlsx workbook is read too (its sheet
    /// Suggestions, else its first).
    #[arg(value_name = "SUGGESTIONS")]
    pub suggestions: PathBuf,
    /// The glossary merged into; with --subject, the subject fields (codes
    /// or names) the new concepts get, the whole glossary being kept.
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Write the merged glossary here instead of standard output: as TBX when
    /// the glossary is TBX (or FILE ends in .tbx), else as native CSV.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and folders (walked recursively for .txt and .md, gzipped or
    /// not); - reads standard input.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Use this language for every document instead of detecting it (or
    /// taking a JSON Lines record's).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// The inputs are JSON Lines, one article per line: {"id": …, "text": …,
    /// "lang": …} with lang optional (a code other than en, fr, es: the
    /// article is in none of these). Folders are walked for .jsonl and
    /// .ndjson files, gzipped or not.
    #[arg(long)]
    pub jsonl: bool,
    /// Follow symbolic links in folders, also out of them (a link back to a
    /// folder being walked is not followed again, and a file reached twice
    /// is read once). Without it, links in folders are skipped.
    #[arg(short = 'L', long)]
    pub follow: bool,
}

#[derive(Debug, Args)]
pub struct ConcordanceArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Write the concordance here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the cross-language view, one row per concept, to FILE.
    #[arg(long, value_name = "FILE")]
    pub by_concept: Option<PathBuf>,
    /// How words are compared with glossary words.
    #[arg(long, value_enum, default_value_t = MatchModeArg::Inflect)]
    pub match_mode: MatchModeArg,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the CSV here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A row per paragraph instead of per document: its number and first
    /// line, its language on its own, and the language its terms are looked
    /// for in (routed; a paragraph of fewer than 8 words takes its
    /// document's), to see why a passage gets no hits.
    #[arg(long)]
    pub paragraphs: bool,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Articles in several languages on one topic (comparable mode): files
    /// and folders, each document's language detected.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Translation files (parallel mode): TMX, XLIFF 1.2/2.x, or
    /// source<TAB>target TSV such as the output of `align`. Repeatable.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "paths")]
    pub pairs: Vec<PathBuf>,
    /// The documents are JSON Lines (see `concordance --help`).
    #[arg(long, conflicts_with = "pairs")]
    pub jsonl: bool,
    /// Follow symbolic links in folders (see `concordance --help`).
    #[arg(short = 'L', long, conflicts_with = "pairs")]
    pub follow: bool,
    /// Language of the translations' source side (parallel mode; default: as
    /// the files declare).
    #[arg(long, value_parser = parse_lang)]
    pub source_lang: Option<Lang>,
    /// Language of the translations' target side (parallel mode; default: as
    /// the files declare).
    #[arg(long, value_parser = parse_lang)]
    pub target_lang: Option<Lang>,
    /// A side whose text reads as another language than declared is an
    /// error (nothing written), not a warning (parallel mode).
    #[arg(long, requires = "pairs")]
    pub strict_lang: bool,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Write the suggestions CSV here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the counts this run made (one JSON value) instead of
    /// suggestions: a partial result that `termalign merge` adds up with
    /// those of other shards of the corpus.
    #[arg(long)]
    pub partial: bool,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

/// How suggestions are scored, kept and reported (`suggest`, and `merge` of
/// suggest partials).
#[derive(Debug, Args)]
pub struct ScoringArgs {
    /// Suggestions kept per candidate term.
    #[arg(long, value_name = "K", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub top: u16,
    /// Candidates seen fewer times (segments in parallel mode, occurrences
    /// in comparable mode) are left out (default: 2 with --pairs, else 1).
    #[arg(long, value_name = "N")]
    pub min_freq: Option<u32>,
    /// Suggestions scoring below this are left out (default: 0.05 with
    /// --pairs, 0.3 in comparable mode).
    #[arg(long, value_name = "S", allow_negative_numbers = true, value_parser = parse_finite)]
    pub min_score: Option<f64>,
    /// Make suggestions for at most N candidates per language, best termhood
    /// first (0: all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub limit: usize,
    /// Leave out candidates whose words are no more frequent here than in
    /// general language: mean log ratio of relative frequencies below S
    /// (default: no limit with --pairs, 0 in comparable mode).
    #[arg(long, value_name = "S", allow_negative_numbers = true, value_parser = parse_finite)]
    pub min_specificity: Option<f64>,
    /// Keep proper names (Biden, Department of State) as candidates.
    #[arg(long)]
    pub names: bool,
    /// Score with a baseline instead of the aligner, for comparison.
    #[arg(long, value_enum)]
    pub baseline: Option<BaselineArg>,
    /// Also write every term candidate of each language to FILE (CSV: lang,
    /// term, key, freq, forms, cvalue, specificity, termhood, name; best
    /// first).
    #[arg(long, value_name = "FILE")]
    pub candidates: Option<PathBuf>,
    /// Report precision at 1 and 5 against these gold pairs
    /// (lang_a<TAB>term_a<TAB>lang_b<TAB>term_b per line) on standard error.
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum BaselineArg {
    /// Co-occurrence counts (parallel) or relative frequencies (comparable).
    Frequency,
    /// Orthographic similarity alone.
    Cognate,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MatchModeArg {
    /// Inflected forms of the glossary words (plural, gender, conjugation).
    Inflect,
    /// Any word with the same Snowball stem (naive; for comparison).
    Stem,
}

impl From<MatchModeArg> for MatchMode {
    fn from(arg: MatchModeArg) -> MatchMode {
        match arg {
            MatchModeArg::Inflect => MatchMode::Inflect,
            MatchModeArg::Stem => MatchMode::Stem,
        }
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
        .map_err(|e: termalign::lang::UnknownLang| e.to_string())
}

/// A CSV delimiter: `,` `;` or tab, by sign or by name; 0 for off (an
/// empty TERMALIGN_EXCEL, or `off`, which turns a default off).
fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s.to_ascii_lowercase().as_str() {
        "" | "off" => Ok(0),
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        _ => Err(format!("not a delimiter: {s:?}; give , ; tab, or off")),
    }
}

fn parse_finite(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("not a finite number: {s:?}")),
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_profile(s: &str) -> Result<Profile, String> {
    s.parse()
}

fn parse_pair(s: &str) -> Result<Pair, String> {
    s.parse()
}

/// A subject field by its code, or by its name (case aside).
fn parse_subject(s: &str) -> Result<Subject, String> {
    s.trim()
        .parse()
        .or_else(|e| Subject::parse_code_or_name(s).ok_or(e))
}
