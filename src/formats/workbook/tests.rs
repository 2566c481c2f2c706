use super::*;
use crate::glossary::Glossary;
use crate::lang::Lang;

fn xlsx(glossary: &Glossary, profile: Option<Profile>) -> Vec<u8> {
    let mut out = Vec::new();
    write(glossary, profile, &mut out).unwrap();
    out
}

fn read_back(bytes: Vec<u8>) -> Result<Glossary> {
    let path = Path::new("g.xlsx");
    let sheet = read_sheet_from(bytes, path, GLOSSARY_SHEET)?;
    glossary_of(&sheet, path)
}

#[test]
fn cells_are_named_as_a_spreadsheet_names_them() {
    for (column, row, name) in [
        (0, 1, "A1"),
        (2, 7, "C7"),
        (25, 3, "Z3"),
        (26, 3, "AA3"),
        (51, 9, "AZ9"),
        (52, 9, "BA9"),
        (701, 2, "ZZ2"),
        (702, 2, "AAA2"),
    ] {
        assert_eq!(cell_name(column, row), name);
    }
}

#[test]
fn numbers_and_booleans_read_as_text() {
    assert_eq!(cell_text(&Data::Float(3.0)).unwrap(), "3");
    assert_eq!(cell_text(&Data::Float(0.5)).unwrap(), "0.5");
    assert_eq!(cell_text(&Data::Int(-2)).unwrap(), "-2");
    assert_eq!(cell_text(&Data::Bool(true)).unwrap(), "true");
    assert!(cell_text(&Data::Error(calamine::CellErrorType::NA)).is_err());
}

#[test]
fn the_builtin_glossary_round_trips_through_the_native_layout() {
    let g = Glossary::builtin();
    let mut again = read_back(xlsx(&g, None)).unwrap();
    again.path = g.path.clone();
    // Lines are the sheet's rows, which are the CSV's lines.
    assert_eq!(again, g);
}

#[test]
fn every_profile_reads_back_to_the_same_terms() {
    let g = Glossary::builtin();
    for profile in Profile::ALL {
        let again = read_back(xlsx(&g, Some(profile))).unwrap();
        assert_eq!(again.concepts.len(), g.concepts.len(), "{profile:?}");
        for (a, b) in g.concepts.iter().zip(&again.concepts) {
            assert_eq!(a.id, b.id, "{profile:?}");
            assert_eq!(a.subjects, b.subjects, "{profile:?} {}", a.id);
            assert_eq!(a.note, b.note, "{profile:?} {}", a.id);
            assert_eq!(a.source, b.source, "{profile:?} {}", a.id);
            let mut terms_a: Vec<_> = a
                .terms
                .iter()
                .map(|t| (t.lang, t.text.as_str(), t.status))
                .collect();
            let mut terms_b: Vec<_> = b
                .terms
                .iter()
                .map(|t| (t.lang, t.text.as_str(), t.status))
                .collect();
            terms_a.sort();
            terms_b.sort();
            assert_eq!(terms_a, terms_b, "{profile:?} {}", a.id);
        }
    }
}

#[test]
fn a_sheet_as_csv_keeps_rows_on_their_lines() {
    let sheet = Sheet {
        name: "S".into(),
        rows: vec![
            (2, vec!["a".into(), "b".into()]),
            (3, vec!["x\ny".into(), "\"q\"".into()]),
            (4, vec!["z".into()]),
            (9, vec!["w".into(), "v".into()]),
        ],
    };
    let csv = SheetCsv::new(&sheet);
    assert_eq!(
        csv.text,
        "\n\"a\",\"b\"\n\"x\ny\",\"\"\"q\"\"\"\n\"z\",\"\"\n\n\n\n\"w\",\"v\"\n"
    );
    assert_eq!(
        [1, 2, 3, 4, 5, 6, 9].map(|l| csv.row(l)),
        [2, 2, 3, 3, 4, 4, 9]
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_named() {
    let err = read_back(b"concept,lang\n".to_vec())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not an Excel workbook (XLSX)"), "{err}");
    let mut damaged = xlsx(&Glossary::builtin(), None);
    damaged.truncate(damaged.len() / 2);
    let err = read_back(damaged).unwrap_err().to_string();
    assert!(err.contains("a damaged ZIP archive"), "{err}");
}

/// Rows of a sheet: each row's number and its cells.
type Rows<'a> = &'a [(u32, &'a [&'a str])];

fn sheet(rows: Rows) -> Sheet {
    Sheet {
        name: "Glossary".into(),
        rows: rows
            .iter()
            .map(|(r, cells)| (*r, cells.iter().map(|c| c.to_string()).collect()))
            .collect(),
    }
}

#[test]
fn errors_name_the_sheet_and_cell() {
    let path = Path::new("g.xlsx");
    let header: &[&str] = &["concept", "lang", "term", "status", "pos"];
    // The header on row 3, a blank row between rows.
    let good = sheet(&[
        (3, header),
        (4, &["refugee", "en", "refugee", "preferred", "noun"]),
        (6, &["refugee", "fr", "réfugié", "preferred", "noun"]),
    ]);
    let g = glossary_of(&good, path).unwrap();
    assert_eq!(g.concepts[0].terms.len(), 2);
    assert_eq!(g.concepts[0].terms[1].line, 6);
    let cases: [(Rows, &str); 4] = [
        (
            &[(3, header), (7, &["x", "en", "x", "favoured", "noun"])],
            "g.xlsx: sheet \"Glossary\", cell D7: field status: unknown status \"favoured\"",
        ),
        (
            &[(1, &["concept", "lang", "term", "pos"])],
            "g.xlsx: sheet \"Glossary\", row 1: field status: missing column \"status\"; the header must name",
        ),
        (
            &[
                (1, &["Entry_ID", "English", "English_Status"]),
                (2, &["1", "a|b", "preferred|wrong"]),
            ],
            "g.xlsx: sheet \"Glossary\", cell C2: field English_Status: unknown status \"wrong\"",
        ),
        (
            &[
                (1, &["ID", "Language code", "Term"]),
                (5, &["1", "de", "Haus"]),
            ],
            "g.xlsx: sheet \"Glossary\", cell B5: field Language code: unknown language \"de\"",
        ),
    ];
    for (rows, want) in cases {
        let err = glossary_of(&sheet(rows), path).unwrap_err().to_string();
        assert!(err.starts_with(want), "got {err:?}, want {want:?}");
        assert!(!err.contains("delimiter"), "{err}");
    }
}

/// A workbook damaged anywhere is an error, never a panic.
#[test]
fn damaged_workbooks_never_panic() {
    let mut small = Glossary::builtin();
    small.concepts.truncate(3);
    let good = xlsx(&small, None);
    for i in (0..good.len()).step_by(11) {
        for mask in [0x01, 0xff] {
            let mut bytes = good.clone();
            bytes[i] ^= mask;
            let _ = read_back(bytes);
        }
        let _ = read_back(good[..i].to_vec());
    }
}

#[test]
fn language_columns_are_read_as_a_google_glossary() {
    let path = Path::new("g.xlsx");
    for header in [
        &["en", "fr", "es"][..],
        &["English", "Français", "Español"][..],
        &["Inglés", "Francés", "Español"][..],
    ] {
        let g = glossary_of(
            &sheet(&[
                (1, header),
                (
                    2,
                    &["asylum seeker", "demandeur d'asile", "solicitante de asilo"],
                ),
            ]),
            path,
        )
        .unwrap();
        assert_eq!(g.concepts.len(), 1, "{header:?}");
        let texts: Vec<_> = g.concepts[0]
            .terms
            .iter()
            .map(|t| (t.lang, t.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (Lang::En, "asylum seeker"),
                (Lang::Fr, "demandeur d'asile"),
                (Lang::Es, "solicitante de asilo")
            ],
            "{header:?}"
        );
    }
    let err = glossary_of(&sheet(&[(2, &["Word", "Mot"])]), path)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("g.xlsx: sheet \"Glossary\", row 2: the header is neither"),
        "{err}"
    );
}

/// A workbook whose ZIP directory says it unpacks to more than a text input
/// may be is refused before it is unpacked.
#[test]
fn a_workbook_that_unpacks_too_large_is_refused() {
    let mut bytes = xlsx(&Glossary::builtin(), None);
    // The first entry of the central directory: its uncompressed size,
    // 24 bytes in, made 2 GiB.
    let at = bytes
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .expect("a central directory");
    bytes[at + 24..at + 28].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    let err = read_back(bytes).unwrap_err().to_string();
    assert!(
        err.starts_with("g.xlsx: an Excel workbook (XLSX) that unpacks to more than 1 GiB"),
        "{err}"
    );
}

/// In a profile's cell of alternatives, a term's status is the one in its
/// place, an empty alternative keeping its slot; a row with a definition
/// but no term is named, not skipped.
#[test]
fn profile_statuses_keep_their_places_and_a_row_without_terms_is_named() {
    let path = Path::new("t.xlsx");
    let header: &[&str] = &[
        "ID",
        "Subject",
        "Definition",
        "Source",
        "English",
        "English Status",
        "French",
        "French Status",
        "Spanish",
        "Spanish Status",
    ];
    let good = sheet(&[
        (1, header),
        (
            2,
            &[
                "c1",
                "",
                "",
                "",
                "asylum||haven",
                "preferred|admitted|deprecated",
                "asile",
                "preferred",
                "asilo",
                "preferred",
            ],
        ),
    ]);
    let g = super::profile::read(&good, Profile::Trados, path).unwrap();
    let statuses: Vec<(&str, crate::glossary::Status)> = g.concepts[0]
        .terms_in(Lang::En)
        .map(|t| (t.text.as_str(), t.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("asylum", crate::glossary::Status::Preferred),
            ("haven", crate::glossary::Status::Deprecated)
        ]
    );
    let empty = sheet(&[
        (1, header),
        (2, &["c2", "", "A definition.", "", "", "", "", "", "", ""]),
    ]);
    let err = super::profile::read(&empty, Profile::Trados, path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 2") || err.contains("E2"), "{err}");
    assert!(err.contains("no term in any language"), "{err}");
}
