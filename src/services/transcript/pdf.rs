//! A small PDF 1.4 writer for transcripts: A4 pages of Helvetica text (WinAnsiEncoding)
//! and QR codes drawn as filled squares. Nothing in the output depends on the time or on
//! randomness, so the same transcript gives the same bytes.

use qrcode::{Color, QrCode};

pub const WIDTH: f32 = 595.0;
pub const HEIGHT: f32 = 842.0;

#[derive(Default)]
pub struct Pdf {
    pages: Vec<String>,
}

/// One page's content stream being written.
#[derive(Default)]
pub struct Page {
    ops: String,
}

/// The WinAnsiEncoding byte for a character, `?` when it has none.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        'œ' => 0x9c,
        'Œ' => 0x8c,
        _ => b'?',
    }
}

/// A PDF literal string, ASCII only: specials escaped, other bytes as octal escapes.
fn literal(s: &str) -> String {
    let mut out = String::from("(");
    for c in s.chars() {
        let b = win_ansi(c);
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push(')');
    out
}

impl Page {
    /// Text at (x, y) from the bottom-left corner, in points.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, s: &str) {
        self.ops.push_str(&format!(
            "BT /{} {size} Tf {x:.2} {y:.2} Td {} Tj ET\n",
            if bold { "F2" } else { "F1" },
            literal(s)
        ));
    }

    /// A horizontal rule.
    pub fn rule(&mut self, x: f32, y: f32, width: f32) {
        self.ops.push_str(&format!(
            "0.7 G 0.5 w {x:.2} {y:.2} m {:.2} {y:.2} l S 0 G\n",
            x + width
        ));
    }

    /// A QR code of `text` with its lower-left corner at (x, y), `module` points per module,
    /// with the four-module quiet zone around it left blank. Returns its side in points.
    pub fn qr(&mut self, x: f32, y: f32, module: f32, text: &str) -> Result<f32, String> {
        let code = QrCode::new(text.as_bytes()).map_err(|e| e.to_string())?;
        let width = code.width();
        let colors = code.to_colors();
        self.ops.push_str("0 g\n");
        for (i, color) in colors.iter().enumerate() {
            if *color == Color::Dark {
                let (col, row) = (i % width, i / width);
                // Row 0 is the top of the symbol.
                let px = x + (col as f32 + 4.0) * module;
                let py = y + ((width - 1 - row) as f32 + 4.0) * module;
                self.ops
                    .push_str(&format!("{px:.2} {py:.2} {module:.2} {module:.2} re\n"));
            }
        }
        self.ops.push_str("f\n");
        Ok((width as f32 + 8.0) * module)
    }
}

impl Pdf {
    pub fn add(&mut self, page: Page) {
        self.pages.push(page.ops);
    }

    pub fn finish(self, title: &str) -> Vec<u8> {
        let mut objects: Vec<String> = Vec::new();
        let n = self.pages.len();
        // 1 catalog, 2 pages, 3-4 fonts, 5 info, then (page, content) per page.
        objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
        objects.push(format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            kids.join(" ")
        ));
        objects.push(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .into(),
        );
        objects.push(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
                .into(),
        );
        objects.push(format!(
            "<< /Title {} /Producer (unitcred) >>",
            literal(title)
        ));
        for (i, ops) in self.pages.iter().enumerate() {
            objects.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * i
            ));
            objects.push(format!(
                "<< /Length {} >>\nstream\n{ops}endstream",
                ops.len()
            ));
        }
        let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::with_capacity(objects.len());
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_encoded() {
        assert_eq!(literal("a(b)\\"), "(a\\(b\\)\\\\)");
        assert_eq!(literal("é – ü"), "(\\351 \\226 \\374)");
        assert_eq!(literal("日"), "(?)");
    }

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let mut pdf = Pdf::default();
        let mut page = Page::default();
        page.text(50.0, 800.0, 12.0, true, "Relevé");
        page.qr(50.0, 600.0, 2.0, "https://example.be/verify/1")
            .unwrap();
        pdf.add(page);
        let bytes = pdf.finish("t");
        let tail = String::from_utf8_lossy(&bytes[bytes.len() - 40..]).into_owned();
        let start: usize = tail
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        let xref = String::from_utf8(bytes[start..].to_vec()).unwrap();
        assert!(xref.starts_with("xref\n0 8\n"));
        for (i, line) in xref.lines().skip(3).take(7).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(bytes[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
    }
}
