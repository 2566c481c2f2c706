//! Glossaries in Excel workbooks, through the real binary: every export
//! (the native layout and each `--profile`) read back by openpyxl, an
//! independent reader (header, cells, frozen header, autofilter, drop-down
//! lists), and by our own `-g`; workbooks written by openpyxl, not by us,
//! read as a glossary and as merge's suggestions; bad workbooks named at
//! their sheet and cell.

use std::path::Path;
use std::process::Command;

use crate::common::{Run, assert_same, have, repo, run_in};

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, None)
}

fn have_openpyxl() -> bool {
    have("python3", &["-c", "import openpyxl"])
}

/// Runs a Python script in `dir`; its standard output.
fn python(dir: &Path, script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// openpyxl reads a workbook and checks it against a CSV of the same
/// table: the sheet's name, every cell (empty as ""), the frozen header,
/// the autofilter over the whole table; prints the header, the number of
/// rows and the drop-down lists.
const CHECK: &str = r#"
import csv, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
assert book.sheetnames == ["Glossary"], book.sheetnames
sheet = book["Glossary"]
rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    want = list(csv.reader(f))
assert len(rows) == len(want), (len(rows), len(want))
for i, (got, exp) in enumerate(zip(rows, want)):
    assert all(isinstance(v, str) for v in got), (i + 1, got)
    assert got == exp, (i + 1, got, exp)
assert sheet.freeze_panes == "A2", sheet.freeze_panes
last = openpyxl.utils.get_column_letter(len(want[0]))
assert sheet.auto_filter.ref == f"A1:{last}{len(want)}", sheet.auto_filter.ref
assert sheet["A1"].font.b, "the header is bold"
for column in range(1, len(want[0]) + 1):
    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width
    assert 8 <= width < 61, (column, width)
print(",".join(rows[0]))
print(len(rows) - 1)
for dv in sheet.data_validations.dataValidation:
    print(dv.type, dv.sqref, dv.formula1)
"#;

#[test]
fn the_native_xlsx_export_reads_back_in_openpyxl_and_in_termalign() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for args in [
        &["glossary", "export", "--format", "xlsx", "-o", "g.xlsx"][..],
        &["glossary", "export", "--format", "csv", "-o", "g.csv"][..],
    ] {
        let r = run(d, args);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
    }
    let out = python(d, CHECK, &["g.xlsx", "g.csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "concept,lang,term,status,pos,region,guard,term_note,concept_note,source,subject,related"
    );
    let terms: usize = lines[1].parse().unwrap();
    assert!(terms > 6000, "{terms}");
    let last = terms + 1;
    for want in [
        format!("list B2:B{last} \"en,fr,es\""),
        format!("list D2:D{last} \"preferred,admitted,deprecated\""),
        format!("list E2:E{last} \"noun,verb,adjective,adverb,other\""),
        format!("list G2:G{last} \"context,nominal\""),
    ] {
        assert!(lines.contains(&want.as_str()), "{want}: {out}");
    }
    // Our own reader: the workbook is the glossary, field for field.
    let r = run(
        d,
        &["glossary", "export", "-g", "g.xlsx", "--format", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_same(
        &r.stdout,
        &std::fs::read_to_string(d.join("g.csv")).unwrap(),
        "g.xlsx as CSV",
    );
    let r = run(d, &["glossary", "lint", "g.xlsx"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, "termalign: g.xlsx: 0 errors, 0 warnings\n")
    );
}

/// Each profile's header, as the README shows it.
const PROFILES: [(&str, &str); 5] = [
    (
        "memoq",
        "Entry_ID,Entry_Subject,Entry_Note,English_Def,English,English_Status,French,French_Status,Spanish,Spanish_Status",
    ),
    (
        "phrase",
        "concept_id,subject,source,en,en_definition,en_status,fr,fr_status,es,es_status",
    ),
    (
        "trados",
        "ID,Subject,Definition,Source,English,English Status,French,French Status,Spanish,Spanish Status",
    ),
    (
        "xtm",
        "Concept ID,Subject,Definition,Source,en_GB,en_GB_status,fr_FR,fr_FR_status,es_ES,es_ES_status",
    ),
    (
        "iate-import",
        "ID,Domain,Language code,Term,Term type,Reliability,Evaluation,Term reference,Definition,Term note",
    ),
];

#[test]
fn every_profile_reads_back_in_openpyxl_and_in_termalign() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // What every profile holds (ids, subjects, definitions, sources, terms
    // and statuses) is what the trados layout holds: the built-in glossary
    // in it is what each profile's workbook must read back to.
    let want = run(
        d,
        &[
            "glossary",
            "export",
            "--format",
            "csv",
            "--profile",
            "trados",
        ],
    );
    assert_eq!(want.code, 0, "{}", want.stderr);
    for (profile, header) in PROFILES {
        let xlsx = format!("{profile}.xlsx");
        let csv = format!("{profile}.csv");
        for (format, file) in [("xlsx", &xlsx), ("csv", &csv)] {
            let r = run(
                d,
                &[
                    "glossary",
                    "export",
                    "--format",
                    format,
                    "--profile",
                    profile,
                    "-o",
                    file,
                ],
            );
            assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{profile} {format}");
        }
        let out = python(d, CHECK, &[&xlsx, &csv]);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some(header), "{profile}");
        let rows: usize = lines.next().unwrap().parse().unwrap();
        if profile == "iate-import" {
            assert!(rows > 6000, "one row a term: {rows}");
            assert!(
                out.contains(&format!(
                    "list G2:G{} \"preferred,admitted,deprecated\"",
                    rows + 1
                )),
                "{out}"
            );
        } else {
            assert_eq!(rows, 1071, "one row a concept");
        }
        let r = run(
            d,
            &[
                "glossary",
                "export",
                "-g",
                &xlsx,
                "--format",
                "csv",
                "--profile",
                "trados",
            ],
        );
        assert_eq!(r.code, 0, "{profile}: {}", r.stderr);
        assert_same(&r.stdout, &want.stdout, &format!("{profile} read back"));
    }
}

/// A workbook written by openpyxl from a CSV: numbers where the CSV holds
/// whole numbers in `numbers` columns, booleans for yes/no words in `accept`,
/// an empty first sheet named `Notes` unless `first` is set.
const WRITE: &str = r#"
import csv, sys, openpyxl
src, dst, sheet_name, first = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "first"
book = openpyxl.Workbook()
if first:
    sheet = book.active
    sheet.title = sheet_name
else:
    book.active.title = "Notes"
    book.active["A1"] = "read the other sheet"
    sheet = book.create_sheet(sheet_name)
with open(src, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header = rows[0]
sheet.append(header)
for row in rows[1:]:
    out = []
    for name, value in zip(header, row):
        if name in ("freq_a", "freq_b") and value.isdigit():
            out.append(int(value))
        elif name == "accept" and value.strip().lower() in ("yes", "y", "x"):
            out.append(True)
        elif name == "accept" and value.strip() == "1":
            out.append(1)
        elif name == "accept" and value.strip().lower() in ("no",):
            out.append(False)
        else:
            out.append(value if value != "" else None)
    sheet.append(out)
book.save(dst)
"#;

#[test]
fn merge_reads_suggestions_from_a_workbook_with_booleans_and_numbers() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = repo().join("tests/fixtures/merge");
    std::fs::copy(fixtures.join("glossary.csv"), d.join("glossary.csv")).unwrap();
    let suggestions = fixtures.join("suggestions.csv");
    python(
        d,
        WRITE,
        &[
            suggestions.to_str().unwrap(),
            "suggestions.xlsx",
            "Suggestions",
            "second",
        ],
    );
    let r = run(
        d,
        &[
            "glossary",
            "merge",
            "suggestions.xlsx",
            "-g",
            "glossary.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The same merge as from the CSV, the rows being the CSV's lines.
    let want = std::fs::read_to_string(fixtures.join("merged.csv"))
        .unwrap()
        .replace("suggestions.csv", "suggestions.xlsx");
    assert_same(&r.stdout, &want, "merged from the workbook");
}

#[test]
fn a_glossary_workbook_from_another_writer_is_read() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = repo().join("tests/fixtures/merge");
    python(
        d,
        WRITE,
        &[
            fixtures.join("glossary.csv").to_str().unwrap(),
            "g.xlsx",
            "glossary",
            "second",
        ],
    );
    let r = run(
        d,
        &["glossary", "export", "-g", "g.xlsx", "--format", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r2 = run(
        d,
        &[
            "glossary",
            "export",
            "-g",
            fixtures.join("glossary.csv").to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    assert_same(
        &r.stdout,
        &r2.stdout,
        "the workbook as the CSV it was made from",
    );
}

#[test]
fn a_bad_workbook_is_named_at_its_sheet_and_cell() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let script = r#"
import openpyxl
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Terms"
sheet.append(["concept", "lang", "term", "pos"])
sheet.append(["refugee", "en", "refugee", "noun"])
book.save("missing.xlsx")
book = openpyxl.Workbook()
sheet = book.active
sheet.append(["concept", "lang", "term", "status", "pos"])
sheet.append(["refugee", "en", "refugee", "preferred", "noun"])
sheet.append(["refugee", "fr", "réfugié", True, "noun"])
book.save("bad_status.xlsx")
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Suggestions"
sheet.append(["lang_a", "term_a", "lang_b", "term_b", "accept"])
sheet.append(["en", "refugee", "fr", "réfugié", True])
sheet.append(["en", "migrant", "fr", "migrant", "maybe"])
book.save("suggestions.xlsx")
"#;
    python(d, script, &[]);
    let damaged = {
        let out = Command::new(crate::common::BIN)
            .args(["glossary", "export", "--format", "xlsx"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout[..out.stdout.len() / 3].to_vec()
    };
    std::fs::write(d.join("damaged.xlsx"), damaged).unwrap();
    std::fs::write(d.join("text.xlsx"), "concept,lang,term\n").unwrap();
    for (args, want) in [
        (
            &["glossary", "lint", "missing.xlsx"][..],
            "termalign: missing.xlsx: sheet \"Terms\", row 1: field status: missing column \"status\"; the header must name concept,lang,term,status,pos,",
        ),
        (
            &["glossary", "stats", "-g", "bad_status.xlsx"][..],
            "termalign: bad_status.xlsx: sheet \"Sheet\", cell D3: field status: unknown status \"true\"",
        ),
        (
            &["glossary", "merge", "suggestions.xlsx"][..],
            "termalign: suggestions.xlsx: sheet \"Suggestions\", cell E3: field accept: \"maybe\" is neither yes nor no",
        ),
        (
            &["glossary", "stats", "-g", "damaged.xlsx"][..],
            "termalign: damaged.xlsx: not a readable Excel workbook (XLSX): a damaged ZIP archive",
        ),
        (
            &["glossary", "stats", "-g", "text.xlsx"][..],
            "termalign: text.xlsx: not an Excel workbook (XLSX)",
        ),
    ] {
        let r = run(d, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with(want), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    let r = run(
        d,
        &[
            "glossary",
            "export",
            "--format",
            "tbx",
            "--profile",
            "memoq",
        ],
    );
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "termalign: --profile memoq lays out an xlsx or csv export: give --format xlsx (or csv)\n"
        )
    );
}

/// A stray value far from the table (a note typed at WQJ200000, or in Z3) is
/// named at its cell; it never makes the reader build the rectangle it spans
/// (rows × columns of empty cells: 100 GB for the first).
#[test]
fn a_value_outside_the_table_is_named_at_its_cell_and_costs_nothing() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    python(
        d,
        "import openpyxl\n\
         for name, cell in (('far.xlsx', 'WQJ200000'), ('z3.xlsx', 'Z3')):\n\
         \x20   book = openpyxl.Workbook()\n\
         \x20   sheet = book.active\n\
         \x20   sheet.title = 'Glossary'\n\
         \x20   sheet.append(['concept', 'lang', 'term', 'status', 'pos'])\n\
         \x20   sheet.append(['refugee', 'en', 'refugee', 'preferred', 'noun'])\n\
         \x20   sheet[cell] = 'a note'\n\
         \x20   book.save(name)\n",
        &[],
    );
    for (file, cell) in [("far.xlsx", "WQJ200000"), ("z3.xlsx", "Z3")] {
        let r = run(d, &["glossary", "lint", file]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "{file}: sheet \"Glossary\", cell {cell}: a value right of the table's last column"
            )),
            "{}",
            r.stderr
        );
    }
}
