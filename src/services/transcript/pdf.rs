//! Transcript pages as PDF, through krilla (the PDF library of the Typst project): A4 pages of
//! text in DejaVu Sans, embedded and subset, so any name in the EU's alphabets (Latin with
//! its accents, Greek, Cyrillic) prints as written; rules; QR codes drawn as filled squares.
//! Nothing in the output depends on the time or on randomness, so the same transcript gives
//! the same bytes.

use std::sync::OnceLock;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use qrcode::{Color, QrCode};

pub const WIDTH: f32 = 595.0;
pub const HEIGHT: f32 = 842.0;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two faces, parsed once.
fn fonts() -> Result<&'static (Font, Font), String> {
    static FONTS: OnceLock<Option<(Font, Font)>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some((
                Font::new(REGULAR.to_vec().into(), 0)?,
                Font::new(BOLD.to_vec().into(), 0)?,
            ))
        })
        .as_ref()
        .ok_or_else(|| "the shipped fonts do not load".to_owned())
}

#[derive(Default)]
pub struct Pdf {
    pages: Vec<Page>,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rule {
        x: f32,
        y: f32,
        width: f32,
    },
    /// The dark modules of a QR code, as squares of `module` points (lower-left corners).
    Squares {
        module: f32,
        at: Vec<(f32, f32)>,
    },
}

/// One page's drawing, in PDF points from the bottom-left corner.
#[derive(Default)]
pub struct Page {
    ops: Vec<Op>,
}

impl Page {
    /// Text with its baseline starting at (x, y).
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, s: &str) {
        self.ops.push(Op::Text {
            x,
            y,
            size,
            bold,
            text: s.to_owned(),
        });
    }

    /// A horizontal rule.
    pub fn rule(&mut self, x: f32, y: f32, width: f32) {
        self.ops.push(Op::Rule { x, y, width });
    }

    /// A QR code of `text` with its lower-left corner at (x, y), `module` points per module,
    /// with the four-module quiet zone around it left blank. Returns its side in points.
    pub fn qr(&mut self, x: f32, y: f32, module: f32, text: &str) -> Result<f32, String> {
        let code = QrCode::new(text.as_bytes()).map_err(|e| e.to_string())?;
        let width = code.width();
        let at = code
            .to_colors()
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == Color::Dark)
            .map(|(i, _)| {
                let (col, row) = (i % width, i / width);
                // Row 0 is the top of the symbol.
                (
                    x + (col as f32 + 4.0) * module,
                    y + ((width - 1 - row) as f32 + 4.0) * module,
                )
            })
            .collect();
        self.ops.push(Op::Squares { module, at });
        Ok((width as f32 + 8.0) * module)
    }
}

/// krilla's pages grow downwards from the top-left corner.
fn flip(y: f32) -> f32 {
    HEIGHT - y
}

impl Pdf {
    pub fn add(&mut self, page: Page) {
        self.pages.push(page);
    }

    pub fn finish(self, title: &str) -> Result<Vec<u8>, String> {
        let (regular, bold) = fonts()?;
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .producer("unitcred".to_owned()),
        );
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("A4 is a page size")?;
        for page in &self.pages {
            let mut p = document.start_page_with(settings.clone());
            let mut surface = p.surface();
            for op in &page.ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        bold: b,
                        text,
                    } => {
                        surface.set_fill(Some(Fill::default()));
                        surface.set_stroke(None);
                        surface.draw_text(
                            Point::from_xy(*x, flip(*y)),
                            if *b { bold.clone() } else { regular.clone() },
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Op::Rule { x, y, width } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(*x, flip(*y));
                        pb.line_to(x + width, flip(*y));
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                paint: krilla::color::luma::Color::new(178).into(),
                                width: 0.5,
                                ..Stroke::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Op::Squares { module, at } => {
                        let mut pb = PathBuilder::new();
                        for (x, y) in at {
                            if let Some(r) = Rect::from_xywh(*x, flip(y + module), *module, *module)
                            {
                                pb.push_rect(r);
                            }
                        }
                        if let Some(path) = pb.finish() {
                            surface.set_stroke(None);
                            surface.set_fill(Some(Fill::default()));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            p.finish();
        }
        document.finish().map_err(|e| format!("{e:?}"))
    }
}
