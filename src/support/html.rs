//! Escaping text for HTML and SVG (pages, transcripts, display cards).

use std::fmt::Write;

/// `s` with `& < > " '` escaped, safe in element content and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = write_escaped(&mut out, s);
    out
}

/// Writes `text` escaped as [`escape`] does; the page templates' escaper.
pub fn write_escaped<W: Write>(mut dest: W, text: &str) -> std::fmt::Result {
    let mut last = 0;
    for (i, c) in text.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        dest.write_str(&text[last..i])?;
        dest.write_str(entity)?;
        last = i + 1;
    }
    dest.write_str(&text[last..])
}
