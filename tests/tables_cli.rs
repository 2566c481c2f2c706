//! Report tables for people: every workbook a report writes (`-o x.xlsx`)
//! read back by openpyxl and compared cell by cell with the same report as
//! CSV; `--excel` CSV (byte order mark, chosen delimiter) read back by
//! termalign's own readers.

use std::path::Path;
use std::process::Command;

use crate::common::{have, repo, run_in, run_with_env};

/// Dumps a workbook as JSON: per sheet its title, frozen pane, autofilter
/// and rows; a cell as [type, value], a rich text cell as ["rich", text,
/// [bold run texts]].
const DUMP: &str = r#"
import json, sys, openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
wb = openpyxl.load_workbook(sys.argv[1], rich_text=True)
sheets = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, CellRichText):
                bold = [b.text for b in v if isinstance(b, TextBlock) and b.font.b]
                cells.append(["rich", str(v), bold])
            elif v is None:
                cells.append(["empty", ""])
            elif isinstance(v, bool):
                cells.append(["bool", v])
            elif isinstance(v, (int, float)):
                cells.append(["number", v])
            else:
                cells.append(["text", v, bool(c.font.b)])
        rows.append(cells)
    sheets.append({"title": ws.title, "freeze": ws.freeze_panes,
                   "filter": ws.auto_filter.ref, "rows": rows})
print(json.dumps(sheets))
"#;

fn openpyxl() -> bool {
    have("python3", &["-c", "import openpyxl"])
}

/// The workbook at `path` as openpyxl reads it.
fn dump(path: &Path) -> Vec<serde_json::Value> {
    let out = Command::new("python3")
        .args(["-c", DUMP])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "openpyxl could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the dump is JSON")
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Checks a cell against the CSV field it was written from; returns its
/// type.
fn same_cell(cell: &serde_json::Value, field: &str, place: &str) -> String {
    let kind = cell[0].as_str().unwrap().to_string();
    match kind.as_str() {
        "empty" => assert_eq!(field, "", "{place}"),
        "text" | "rich" => assert_eq!(cell[1].as_str().unwrap(), field, "{place}"),
        "number" => {
            let n = cell[1].as_f64().unwrap();
            assert_eq!(Some(n), field.parse::<f64>().ok(), "{place}: {field}");
        }
        "bool" => {
            let b = cell[1].as_bool().unwrap();
            let want = match field {
                "true" | "yes" => true,
                "false" | "no" => false,
                other => panic!("{place}: {other:?} written as a boolean"),
            };
            assert_eq!(b, want, "{place}");
        }
        other => panic!("{place}: unknown cell type {other}"),
    }
    kind
}

/// Per column name, the types of its cells that are not empty.
type Kinds = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// The sheet a CSV row goes to.
type SheetKey = dyn Fn(&[String]) -> String;

/// Checks every sheet's layout and that the rows, sheet after sheet, are
/// the CSV's rows (each sheet with the CSV's header); `key` tells, for a
/// CSV row, the sheet it goes to (None: the sheets in order hold the rows
/// in order). Returns the cells' types per column name.
fn same_as_csv(sheets: &[serde_json::Value], csv: &str, key: Option<&SheetKey>) -> Kinds {
    let rows = csv_rows(csv);
    let (header, body) = rows.split_first().expect("a header");
    let mut kinds = Kinds::default();
    let mut from_sheets: Vec<(String, Vec<serde_json::Value>)> = Vec::new();
    for sheet in sheets {
        let title = sheet["title"].as_str().unwrap();
        assert_eq!(sheet["freeze"], "A2", "sheet {title}: header frozen");
        let sheet_rows = sheet["rows"].as_array().unwrap();
        let last_col = (b'A' + header.len() as u8 - 1) as char;
        assert_eq!(
            sheet["filter"].as_str().unwrap(),
            format!("A1:{last_col}{}", sheet_rows.len()),
            "sheet {title}: autofilter over the table"
        );
        let head = sheet_rows[0].as_array().unwrap();
        let titles: Vec<&str> = head.iter().map(|c| c[1].as_str().unwrap()).collect();
        assert_eq!(titles, *header, "sheet {title}: header");
        assert!(
            head.iter().all(|c| c[2] == true),
            "sheet {title}: header in bold"
        );
        for row in &sheet_rows[1..] {
            from_sheets.push((title.to_string(), row.as_array().unwrap().clone()));
        }
    }
    assert_eq!(from_sheets.len(), body.len(), "as many rows as the CSV");
    let mut expected: Vec<&Vec<String>> = body.iter().collect();
    if let Some(key) = key {
        // Sheets in order of first appearance, rows in order within each.
        let mut order: Vec<String> = Vec::new();
        for row in body {
            let k = key(row);
            if !order.contains(&k) {
                order.push(k);
            }
        }
        expected.sort_by_key(|row| order.iter().position(|k| *k == key(row)).unwrap());
        for ((title, _), row) in from_sheets.iter().zip(&expected) {
            assert_eq!(*title, key(row), "the row goes to its sheet");
        }
    }
    for (n, ((title, cells), fields)) in from_sheets.iter().zip(expected).enumerate() {
        assert_eq!(cells.len(), fields.len(), "row {n} of sheet {title}");
        for ((cell, field), name) in cells.iter().zip(fields).zip(header) {
            let kind = same_cell(cell, field, &format!("sheet {title}, row {n}, {name}"));
            if kind != "empty" {
                kinds.entry(name.clone()).or_default().insert(kind);
            }
        }
    }
    kinds
}

fn kinds_of(kinds: &Kinds, column: &str) -> Vec<String> {
    kinds
        .get(column)
        .map(|k| k.iter().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_concordance_and_by_concept_workbooks_hold_the_csv_cells() {
    if !openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let article = repo().join("tests/fixtures/check/article.txt");
    let article = article.to_str().unwrap();
    let csv = run_in(
        dir.path(),
        &[
            "concordance",
            article,
            "--raw-csv",
            "--by-concept",
            "by.csv",
        ],
        None,
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let r = run_in(
        dir.path(),
        &[
            "concordance",
            article,
            "-o",
            "hits.xlsx",
            "--by-concept",
            "by.xlsx",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sheets = dump(&dir.path().join("hits.xlsx"));
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0]["title"], "concordance");
    let kinds = same_as_csv(&sheets, &csv.stdout, None);
    assert!(csv_rows(&csv.stdout).len() > 5, "hits to compare");
    for number in ["line", "start", "end"] {
        assert_eq!(kinds_of(&kinds, number), ["number"], "{number}");
    }
    assert_eq!(kinds_of(&kinds, "hit"), ["rich"]);
    // The hit is one bold run holding the whole hit.
    for row in &sheets[0]["rows"].as_array().unwrap()[1..] {
        let hit = &row[9];
        assert_eq!(hit[2].as_array().unwrap().len(), 1, "{hit}");
        assert_eq!(hit[2][0], hit[1], "the bold run is the hit");
    }
    assert_eq!(kinds_of(&kinds, "left"), ["text"]);

    let by_csv = std::fs::read_to_string(dir.path().join("by.csv")).unwrap();
    let by = dump(&dir.path().join("by.xlsx"));
    assert_eq!(by[0]["title"], "by concept");
    let kinds = same_as_csv(&by, &by_csv, None);
    assert_eq!(kinds_of(&kinds, "en_count"), ["number"]);
    assert_eq!(kinds_of(&kinds, "en_forms"), ["text"]);
}

#[test]
fn the_check_align_and_detect_workbooks_hold_the_csv_cells() {
    if !openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fixtures = repo().join("tests/fixtures");
    let article = fixtures.join("check/article.txt");
    let article = article.to_str().unwrap();
    // check: the findings; exit 1 when it finds errors, either way.
    let csv = run_in(
        dir.path(),
        &["check", article, "--format", "csv", "--raw-csv"],
        None,
    );
    let r = run_in(dir.path(), &["check", article, "-o", "findings.xlsx"], None);
    assert_eq!(r.code, csv.code, "{}", r.stderr);
    let sheets = dump(&dir.path().join("findings.xlsx"));
    assert_eq!(sheets[0]["title"], "findings");
    let kinds = same_as_csv(&sheets, &csv.stdout, None);
    assert!(csv_rows(&csv.stdout).len() > 1, "findings to compare");
    assert_eq!(kinds_of(&kinds, "line"), ["number"]);
    // JSON has no place in a workbook.
    let r = run_in(
        dir.path(),
        &["check", article, "--format", "json", "-o", "f.xlsx"],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not JSON"), "{}", r.stderr);

    // align: the CSV report's beads, doubtful ones as booleans.
    let (en, fr) = (
        fixtures.join("align/talks.en.txt"),
        fixtures.join("align/talks.fr.txt"),
    );
    let (en, fr) = (en.to_str().unwrap(), fr.to_str().unwrap());
    let threshold = ["--threshold", "0.6"];
    let mut args = vec!["align", en, fr, "--format", "csv", "--raw-csv"];
    args.extend(threshold);
    let csv = run_in(dir.path(), &args, None);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut args = vec!["align", en, fr, "-o", "pairs.xlsx"];
    args.extend(threshold);
    let r = run_in(dir.path(), &args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sheets = dump(&dir.path().join("pairs.xlsx"));
    let kinds = same_as_csv(&sheets, &csv.stdout, None);
    assert_eq!(kinds_of(&kinds, "score"), ["number"]);
    assert_eq!(kinds_of(&kinds, "doubtful"), ["bool"]);

    // detect.
    let csv = run_in(dir.path(), &["detect", en, fr, "--raw-csv"], None);
    let r = run_in(dir.path(), &["detect", en, fr, "-o", "langs.xlsx"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let kinds = same_as_csv(&dump(&dir.path().join("langs.xlsx")), &csv.stdout, None);
    assert_eq!(kinds_of(&kinds, "words"), ["number"]);
    // detect --paragraphs.
    let mixed = fixtures.join("detect/mixed.txt");
    let mixed = mixed.to_str().unwrap();
    let csv = run_in(
        dir.path(),
        &["detect", "--paragraphs", mixed, "--raw-csv"],
        None,
    );
    let r = run_in(
        dir.path(),
        &["detect", "--paragraphs", mixed, "-o", "paragraphs.xlsx"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sheets = dump(&dir.path().join("paragraphs.xlsx"));
    assert_eq!(sheets[0]["title"], "paragraphs");
    let kinds = same_as_csv(&sheets, &csv.stdout, None);
    assert_eq!(kinds_of(&kinds, "line"), ["number"]);
}

#[test]
fn the_suggest_workbooks_have_a_sheet_per_language_pair_and_language() {
    if !openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pairs = repo().join("tests/fixtures/suggest/coyotes.en-fr.tsv");
    let pairs = pairs.to_str().unwrap();
    let common = [
        "suggest",
        "--pairs",
        pairs,
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
    ];
    let mut args = common.to_vec();
    args.extend(["--raw-csv", "-o", "s.csv", "--candidates", "c.csv"]);
    let csv = run_in(dir.path(), &args, None);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut args = common.to_vec();
    args.extend(["-o", "s.xlsx", "--candidates", "c.xlsx"]);
    let r = run_in(dir.path(), &args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();

    let suggestions = read("s.csv");
    let header = &csv_rows(&suggestions)[0];
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (a, b) = (at("lang_a"), at("lang_b"));
    let sheets = dump(&dir.path().join("s.xlsx"));
    let pair = move |row: &[String]| format!("{}-{}", row[a], row[b]);
    let kinds = same_as_csv(&sheets, &suggestions, Some(&pair));
    // One pair in parallel mode: one sheet, named for it (the candidates
    // below split into two).
    let titles: Vec<&str> = sheets
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["en-fr"]);
    assert_eq!(kinds_of(&kinds, "score"), ["number"]);

    let candidates = read("c.csv");
    let sheets = dump(&dir.path().join("c.xlsx"));
    let titles: Vec<&str> = sheets
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["en", "fr"]);
    let lang = |row: &[String]| row[0].clone();
    let kinds = same_as_csv(&sheets, &candidates, Some(&lang));
    assert_eq!(kinds_of(&kinds, "name"), ["bool"]);
    assert_eq!(kinds_of(&kinds, "termhood"), ["number"]);
}

/// The bytes of a file in `dir`.
fn bytes(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap()
}

#[test]
fn excel_csv_has_a_bom_and_the_chosen_delimiter_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The native glossary, for a French Excel: `;`, marked UTF-8.
    let r = run_in(
        d,
        &[
            "glossary",
            "export",
            "--format",
            "csv",
            "--excel=;",
            "-o",
            "g.csv",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plain = run_in(d, &["glossary", "export", "--format", "csv"], None);
    let excel = bytes(d, "g.csv");
    assert!(excel.starts_with(b"\xEF\xBB\xBF"), "a byte order mark");
    let text = std::str::from_utf8(&excel[3..]).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        plain.stdout.lines().next().unwrap().replace(',', ";")
    );
    assert!(text.contains("réfugié"), "accents as UTF-8");
    // Read back through -g: the same glossary, written the same.
    let back = run_in(
        d,
        &["glossary", "export", "--format", "csv", "-g", "g.csv"],
        None,
    );
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(back.stdout, plain.stdout, "the glossary reads back whole");
    let lint = run_in(d, &["glossary", "lint", "g.csv"], None);
    assert_eq!(lint.code, 0, "{}{}", lint.stdout, lint.stderr);

    // A by-concept table for Excel adds up as the plain one does.
    let article = repo().join("tests/fixtures/check/article.txt");
    let article = article.to_str().unwrap();
    let r = run_with_env(
        d,
        &[
            "concordance",
            article,
            "-o",
            "/dev/null",
            "--by-concept",
            "by.csv",
        ],
        None,
        &[("TERMALIGN_EXCEL", "tab")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let by = bytes(d, "by.csv");
    assert!(
        by.starts_with(b"\xEF\xBB\xBFconcept\ten_term\t"),
        "TERMALIGN_EXCEL=tab"
    );
    let plain = run_in(
        d,
        &[
            "concordance",
            article,
            "-o",
            "/dev/null",
            "--by-concept",
            "-",
        ],
        None,
    );
    let merged = run_in(d, &["merge", "by.csv"], None);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    assert_eq!(
        merged.stdout, plain.stdout,
        "merge reads the Excel table back"
    );

    // Suggestions for Excel, marked for merging in a spreadsheet, merge as
    // the plain ones do.
    let pairs = repo().join("tests/fixtures/suggest/coyotes.en-fr.tsv");
    let pairs = pairs.to_str().unwrap();
    let suggest = |extra: &[&str], out: &str| {
        let mut args = vec![
            "suggest",
            "--pairs",
            pairs,
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "-o",
            out,
        ];
        args.extend(extra);
        let r = run_in(d, &args, None);
        assert_eq!(r.code, 0, "{}", r.stderr);
    };
    suggest(&["--excel=semicolon"], "s-excel.csv");
    suggest(&[], "s.csv");
    let accept = |name: &str, delimiter: char| {
        let text = String::from_utf8(bytes(d, name)).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // suggest's last column is the reviewer's, `accept`, left empty.
        assert!(
            lines[0].ends_with(&format!("{delimiter}accept")),
            "{}",
            lines[0]
        );
        lines[1].push_str("yes");
        std::fs::write(d.join(name), lines.join("\n") + "\n").unwrap();
    };
    let excel = String::from_utf8(bytes(d, "s-excel.csv")).unwrap();
    assert!(excel.starts_with("\u{feff}lang_a;term_a;"), "{excel}");
    accept("s-excel.csv", ';');
    accept("s.csv", ',');
    let from_excel = run_in(d, &["glossary", "merge", "s-excel.csv"], None);
    let from_plain = run_in(d, &["glossary", "merge", "s.csv"], None);
    assert_eq!(from_excel.code, 0, "{}", from_excel.stderr);
    // The same glossary, its notes naming the file merged.
    assert_eq!(
        from_excel.stdout.replace("s-excel.csv", "s.csv"),
        from_plain.stdout
    );
    assert!(
        from_excel.stderr.contains("1 accepted row"),
        "{}",
        from_excel.stderr
    );

    // A delimiter that is not one.
    let r = run_in(
        d,
        &["glossary", "export", "--format", "csv", "--excel=|"],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("give , ; tab, or off"), "{}", r.stderr);
    // A default turned off, or empty: the CSV as it always was.
    let plain = run_in(d, &["glossary", "export", "--format", "csv"], None);
    for (flag, value) in [(Some("--excel=off"), ";"), (None, "")] {
        let mut args = vec!["glossary", "export", "--format", "csv"];
        args.extend(flag);
        let r = run_with_env(d, &args, None, &[("TERMALIGN_EXCEL", value)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stdout, plain.stdout, "{flag:?} TERMALIGN_EXCEL={value}");
    }
}
