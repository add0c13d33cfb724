//! The picture Europass shows of a credential (`displayParameter.individualDisplay`): an SVG
//! card drawn from the credential's own data in one language, rendered to PNG by resvg with
//! the DejaVu fonts shipped in `assets/fonts` (so every EU alphabet prints, and no system font
//! is needed).

use crate::support::i18n::Lang;
use std::sync::OnceLock;

use resvg::{tiny_skia, usvg};

use crate::support::html::escape as esc;

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 640;
const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// What the card says, already in the card's language.
pub struct Card<'a> {
    pub lang: &'a str,
    /// "Unit of learning outcomes" or "Qualification", in `lang`.
    pub kind: &'a str,
    pub title: &'a str,
    pub learner: &'a str,
    pub issuer: &'a str,
    pub lines: Vec<String>,
    pub date: &'a str,
}

/// The card's fixed words (unit, qualification, awarded to, points, EQF level), in English
/// for a language the service does not speak.
pub fn words(lang: &str) -> [&'static str; 5] {
    let lang = Lang::or_english(lang);
    [
        "card-unit",
        "card-qualification",
        "card-awarded_to",
        "card-points",
        "card-eqf",
    ]
    .map(|k| lang.t(k))
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut opt = usvg::Options {
            font_family: "DejaVu Sans".into(),
            ..usvg::Options::default()
        };
        opt.fontdb_mut().load_font_data(REGULAR.to_vec());
        opt.fontdb_mut().load_font_data(BOLD.to_vec());
        opt
    })
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// `text` in lines of at most `width` characters, broken between words, at most `lines`
/// lines (the last one cut with an ellipsis).
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    if out.len() > lines {
        let rest = out.split_off(lines - 1).join(" ");
        out.push(rest);
    }
    out.into_iter().map(|l| fit(&l, width)).collect()
}

// Widths in characters that fit the card at each font size (DejaVu Sans averages about 0.6 em
// a character, bold a little more), for 880 px of text.
const TITLE_ONE_LINE: usize = 38;
const TITLE_TWO_LINES: usize = 48;
const BODY: usize = 66;

fn svg(card: &Card<'_>) -> String {
    let mut lines = String::new();
    for (i, line) in card.lines.iter().take(4).enumerate() {
        lines.push_str(&format!(
            r##"<text x="60" y="{}" font-size="24" fill="#1f2937">{}</text>"##,
            420 + 36 * i,
            esc(&fit(line, BODY))
        ));
    }
    // A long title takes two lines, in a smaller size.
    let title = if card.title.chars().count() <= TITLE_ONE_LINE {
        format!(
            r##"<text x="60" y="170" font-size="38" font-weight="bold" fill="#111827">{}</text>"##,
            esc(card.title)
        )
    } else {
        wrap(card.title, TITLE_TWO_LINES, 2)
            .iter()
            .enumerate()
            .map(|(i, l)| {
                format!(
                    r##"<text x="60" y="{}" font-size="30" font-weight="bold" fill="#111827">{}</text>"##,
                    150 + 36 * i,
                    esc(l)
                )
            })
            .collect()
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">
<rect width="100%" height="100%" fill="#ffffff"/>
<rect x="0" y="0" width="{WIDTH}" height="16" fill="#003399"/>
<rect x="20" y="36" width="{w}" height="{h}" fill="none" stroke="#003399" stroke-width="3"/>
<text x="60" y="110" font-size="26" fill="#003399">{kind}</text>
{title}
<text x="60" y="240" font-size="24" fill="#4b5563">{awarded}</text>
<text x="60" y="290" font-size="36" font-weight="bold" fill="#111827">{learner}</text>
<text x="60" y="360" font-size="24" fill="#4b5563">{issuer}</text>
{lines}
<text x="60" y="590" font-size="22" fill="#4b5563">{date}</text>
</svg>"##,
        w = WIDTH - 40,
        h = HEIGHT - 56,
        kind = esc(&fit(card.kind, BODY)),
        awarded = esc(words(card.lang)[2]),
        learner = esc(&fit(card.learner, TITLE_ONE_LINE + 2)),
        issuer = esc(&fit(card.issuer, BODY)),
        date = esc(card.date),
    )
}

/// The card as PNG bytes.
pub fn render(card: &Card<'_>) -> anyhow::Result<Vec<u8>> {
    let tree = usvg::Tree::from_str(&svg(card), options())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| anyhow::anyhow!("no pixmap of {WIDTH}×{HEIGHT}"))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    // The card is opaque: RGB without alpha, and png's fast DEFLATE. Measured on one card:
    // tiny-skia's default encoding 14 ms for 24 KB, this 4 ms for 48 KB; the EDC is made once
    // and stored, but on first request a learner waits for it.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::with_capacity(32 << 10);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_png_with_any_eu_alphabet() {
        let card = Card {
            lang: "fr",
            kind: words("fr")[0],
            title: "Freinage",
            learner: "Łukasz Żak · Ağaoğlu · Παπαδόπουλος · Иванов",
            issuer: "École & Cie",
            lines: vec!["12.5 points ECVET · niveau CEC 4".into()],
            date: "2026-06-30",
        };
        let png = render(&card).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(png.len() > 2000);
    }

    #[test]
    fn long_texts_wrap_or_are_cut_to_fit_the_card() {
        let lines = wrap(
            "Réalisation des opérations de maintenance préventive et corrective des systèmes de freinage",
            TITLE_TWO_LINES,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.chars().count() <= TITLE_TWO_LINES));
        assert!(lines[1].ends_with('…'));
        assert_eq!(wrap("Freinage", TITLE_TWO_LINES, 2), ["Freinage"]);
        assert_eq!(fit("abcdef", 4), "abc…");
    }
}
