//! Mojibake: text decoded with the wrong table, as scraped news often is.
//!
//! Two kinds are common and both break matching:
//!
//! - **Windows-1252 read as Latin-1**: the bytes 0x80–0x9F, which Windows-1252
//!   uses for `’ “ ” – — € …`, become the invisible C1 control characters
//!   U+0080–U+009F (`l\u{92}asile` where `l’asile` was meant).
//! - **UTF-8 read as Windows-1252 or Latin-1**: each accented letter becomes
//!   two or three characters (`rÃ©fugiÃ©s` for `réfugiés`, `â€™` for `’`).
//!
//! [`scan`] counts both; [`fix`] repairs both: a run of characters whose
//! Windows-1252 bytes make one well-formed UTF-8 character becomes that
//! character, and a C1 control becomes the Windows-1252 character of its
//! byte. Text without either comes back borrowed and unchanged.

use std::borrow::Cow;

/// What [`scan`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// C1 control characters that Windows-1252 gives a meaning to.
    pub c1: usize,
    /// The first of them: byte offset and character.
    pub first_c1: Option<(usize, char)>,
    /// UTF-8 sequences read as single-byte characters.
    pub utf8: usize,
    /// The first of them: byte offset and the characters as they stand.
    pub first_utf8: Option<(usize, String)>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.c1 == 0 && self.utf8 == 0
    }
}

/// The Windows-1252 byte of `c`, for the characters that UTF-8 read as
/// Windows-1252 or Latin-1 turns bytes 0x80–0xFF into.
fn byte_of(c: char) -> Option<u8> {
    let byte = match c {
        // Latin-1's own: the same code point.
        '\u{80}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// The character Windows-1252 gives byte `b` of 0x80–0x9F (None for the five
/// bytes it leaves undefined).
fn cp1252_char(b: u8) -> Option<char> {
    let byte = [b];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    let c = text.chars().next()?;
    (c as u32 > 0x9F).then_some(c)
}

/// How many bytes a UTF-8 sequence starting with `lead` has (0: not a lead
/// byte of a multi-byte sequence; 0xC0, 0xC1 and 0xF5 up never are).
fn sequence_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

/// The character that the mojibake at the start of `text` stands for, and
/// how many bytes of `text` it takes.
fn misread_utf8(text: &str) -> Option<(char, usize)> {
    let mut chars = text.char_indices();
    let (_, lead) = chars.next()?;
    let lead = byte_of(lead)?;
    let len = sequence_len(lead);
    if len == 0 {
        return None;
    }
    let mut bytes = [lead, 0, 0, 0];
    for slot in bytes.iter_mut().take(len).skip(1) {
        let (_, c) = chars.next()?;
        *slot = byte_of(c).filter(|b| (0x80..=0xBF).contains(b))?;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    if !is_plausible(decoded) {
        return None;
    }
    let taken = chars.next().map_or(text.len(), |(i, _)| i);
    Some((decoded, taken))
}

/// Whether news in English, French or Spanish plausibly meant `c`. Real
/// text has letter pairs that look like mojibake: `é »` with a no-break
/// space is the bytes of U+903B, `É ` those of U+0260. Only what misread
/// news actually holds counts: Latin letters and signs, punctuation,
/// currency, letterlike symbols, the byte order mark and emoji.
fn is_plausible(c: char) -> bool {
    matches!(
        c,
        '\u{A0}'..='\u{17F}'
            | '\u{2010}'..='\u{206F}'
            | '\u{20A0}'..='\u{20CF}'
            | '\u{2100}'..='\u{214F}'
            | '\u{FEFF}'
            | '\u{1F300}'..='\u{1FAFF}'
    )
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// One sign of mojibake: where it is in the text and what was meant.
struct Sign {
    start: usize,
    end: usize,
    meant: char,
    /// UTF-8 misread (else a C1 control).
    utf8: bool,
}

/// The signs of mojibake in `text`, in order.
fn signs(text: &str) -> impl Iterator<Item = Sign> + '_ {
    // Every sign starts with a character of U+0080–U+00FF, whose UTF-8
    // starts with 0xC2 or 0xC3: only those places are looked at.
    let mut next = 0;
    memchr::memchr2_iter(0xC2, 0xC3, text.as_bytes()).filter_map(move |start| {
        if start < next {
            return None; // Inside the sign found last.
        }
        let sign = match misread_utf8(&text[start..]) {
            Some((meant, taken)) => Sign {
                start,
                end: start + taken,
                meant,
                utf8: true,
            },
            None => {
                let c = text[start..].chars().next()?;
                let meant = cp1252_char(c as u32 as u8).filter(|_| is_c1(c))?;
                Sign {
                    start,
                    end: start + c.len_utf8(),
                    meant,
                    utf8: false,
                }
            }
        };
        next = sign.end;
        Some(sign)
    })
}

/// Counts the mojibake in `text`.
pub fn scan(text: &str) -> Report {
    let mut report = Report::default();
    for sign in signs(text) {
        if sign.utf8 {
            report.utf8 += 1;
            report
                .first_utf8
                .get_or_insert_with(|| (sign.start, text[sign.start..sign.end].to_string()));
        } else {
            report.c1 += 1;
            let c = text[sign.start..].chars().next().unwrap_or_default();
            report.first_c1.get_or_insert((sign.start, c));
        }
    }
    report
}

/// Repairs the mojibake in `text` (UTF-8 misread twice over or more is
/// repaired too: `Ã¢â‚¬â„¢` becomes `’`). What comes out has nothing left
/// to repair: repairing it again changes nothing.
///
/// One pass, in time linear in the text: each character is added to the
/// repaired text, and while the repaired text ends with a sign, the sign
/// is replaced by what was meant. Every replacement shortens the text by a
/// character (a misread UTF-8 sequence) or turns a C1 control into a
/// character that is none (a C1 control is never what a sign meant), so
/// there are fewer replacements than characters. This is what repeating
/// [`fix_pass`] until nothing changes gives, without its cost: a sign
/// made of repaired signs (`ÃÂÂ…Â©`) needed a pass for each, quadratic
/// time, and passes were stopped at three, which left misread text behind.
pub fn fix(text: &str) -> Cow<'_, str> {
    let mut signs = signs(text);
    let Some(first) = signs.next() else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first.start]);
    for c in text[first.start..].chars() {
        out.push(c);
        repair_end(&mut out);
    }
    Cow::Owned(out)
}

/// Replaces the sign `out` ends with by what was meant, while it ends
/// with one.
fn repair_end(out: &mut String) {
    loop {
        // The starts of the last four characters, the last first.
        let mut starts = [0usize; 4];
        let mut n = 0;
        for (at, _) in out.char_indices().rev().take(4) {
            starts[n] = at;
            n += 1;
        }
        // A misread UTF-8 sequence of k characters ending here: its first
        // is a lead byte's, of a k-byte sequence.
        let misread = (2..=n).find_map(|k| {
            let at = starts[k - 1];
            let lead = out[at..].chars().next().and_then(byte_of)?;
            if sequence_len(lead) != k {
                return None;
            }
            misread_utf8(&out[at..])
                .filter(|&(_, taken)| at + taken == out.len())
                .map(|(meant, _)| (at, meant))
        });
        if let Some((at, meant)) = misread {
            out.truncate(at);
            out.push(meant);
            continue;
        }
        // A C1 control, read as Windows-1252 would (the byte stays the
        // same for a sequence it may still start or end).
        if n > 0 {
            let at = starts[0];
            let c = out[at..].chars().next().unwrap_or_default();
            if let Some(meant) = cp1252_char(c as u32 as u8).filter(|_| is_c1(c)) {
                out.truncate(at);
                out.push(meant);
            }
        }
        return;
    }
}

/// One left-to-right pass of repair: text between the signs copied as it
/// is, each sign replaced by what was meant. [`fix`] gives what repeating
/// it until nothing changes gives (`fuzz::mojibake` checks it).
pub fn fix_pass(text: &str) -> Cow<'_, str> {
    let mut signs = signs(text).peekable();
    if signs.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for sign in signs {
        out.push_str(&text[copied..sign.start]);
        out.push(sign.meant);
        copied = sign.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_controls_become_what_windows_1252_meant() {
        assert_eq!(fix("l\u{92}asile"), "l’asile");
        assert_eq!(fix("\u{93}refugee\u{94} \u{96} \u{80}5"), "“refugee” – €5");
        // The five bytes Windows-1252 leaves undefined stay as they are.
        assert_eq!(fix("a\u{81}b"), "a\u{81}b");
        let report = scan("l\u{92}asile et l\u{92}exil");
        assert_eq!((report.c1, report.first_c1), (2, Some((1, '\u{92}'))));
    }

    #[test]
    fn utf8_read_as_windows_1252_is_decoded() {
        assert_eq!(fix("rÃ©fugiÃ©s"), "réfugiés");
        assert_eq!(fix("lâ€™asile"), "l’asile");
        assert_eq!(fix("migraciÃ³n Â«"), "migración «");
        assert_eq!(fix("Ã¢â‚¬â„¢"), "’", "misread twice");
        assert_eq!(
            fix("Ã\u{a0} la frontiÃ¨re â€” â‚¬5 ðŸ˜€"),
            "à la frontière — €5 😀"
        );
        let report = scan("rÃ©fugiÃ©s");
        assert_eq!(report.utf8, 2);
        assert_eq!(report.first_utf8, Some((1, "Ã©".to_string())));
    }

    /// Found by fuzzing (`fuzz::mojibake`): repair stopped after three
    /// passes, so `Ãƒƒƒƒ` + no-break space (`à` misread over and over)
    /// came out still misread, and a second repair changed it again. By
    /// passes, a chain of signs each made of the next one's repair takes a
    /// pass per sign: quadratic time.
    #[test]
    fn repair_is_complete_and_linear() {
        assert_eq!(fix("Ãƒƒƒƒ\u{a0} la frontière"), "à la frontière");
        for n in [1, 10, 100_000] {
            let chain = format!("Ã{}\u{a0}", "ƒ".repeat(n));
            assert_eq!(fix(&chain), "à", "{n}");
            let chain = format!("Ã{}©", "Â".repeat(n));
            assert_eq!(fix(&chain), "é", "{n}");
        }
        // Passes until nothing changes agree.
        let mut text = Cow::Borrowed("Ãƒƒƒƒ\u{a0}");
        while let Cow::Owned(next) = fix_pass(&text) {
            text = Cow::Owned(next);
        }
        assert_eq!(text, "à");
    }

    #[test]
    fn clean_text_is_left_alone() {
        for text in [
            // French spacing: a no-break space before » or :.
            "une société\u{a0}» et l’été\u{a0}: ÉTÉ\u{a0}» à\u{a0}»",
            "réfugiés, demandeurs d’asile, « migrants »",
            "migración irregular, ¿por qué? ¡Sí!",
            "Ça à « x » — É Ô ß",
            "naïve café, 5 €",
        ] {
            assert!(matches!(fix(text), Cow::Borrowed(_)), "{text}");
            assert!(scan(text).is_clean(), "{text}");
        }
    }
}
