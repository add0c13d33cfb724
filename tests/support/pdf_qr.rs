//! Decodes the QR codes a transcript PDF draws (shared by the API and browser tests): in each
//! (FlateDecode) content stream, every filled path made of squares (`x y m … l … h`, one
//! subpath per dark module) is rasterized and decoded.

/// The content streams of a PDF, inflated (those that are not compressed are skipped: the
/// transcript's are).
fn content_streams(pdf: &[u8]) -> Vec<String> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find(&pdf[at..], b"stream\n") {
        let start = at + i + b"stream\n".len();
        if pdf[..at + i].ends_with(b"end") {
            at = start;
            continue;
        }
        let Some(len) = find(&pdf[start..], b"endstream") else {
            break;
        };
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(&pdf[start..start + len])
            .read_to_end(&mut inflated)
            .is_ok()
            && inflated.starts_with(b"q ")
        {
            out.push(String::from_utf8_lossy(&inflated).into_owned());
        }
        at = start + len;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The squares of each filled path: (x, y, side) of each subpath's first point.
fn filled_squares(content: &str) -> Vec<Vec<[f32; 3]>> {
    let mut paths = Vec::new();
    let mut squares: Vec<[f32; 3]> = Vec::new();
    let mut numbers: Vec<f32> = Vec::new();
    let mut start: Option<[f32; 2]> = None;
    for token in content.split_whitespace() {
        match token {
            "m" if numbers.len() >= 2 => {
                let n = numbers.len();
                start = Some([numbers[n - 2], numbers[n - 1]]);
            }
            "l" if numbers.len() >= 2 => {
                // The first line of a subpath gives the square's side.
                if let Some([x, y]) = start.take() {
                    squares.push([x, y, (numbers[numbers.len() - 2] - x).abs()]);
                }
            }
            "f" if !squares.is_empty() => paths.push(std::mem::take(&mut squares)),
            "S" | "n" => squares.clear(),
            _ => {}
        }
        match token.parse::<f32>() {
            Ok(v) => numbers.push(v),
            Err(_) => numbers.clear(),
        }
    }
    paths
}

pub fn pdf_qr_codes(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for content in content_streams(pdf) {
        for squares in filled_squares(&content) {
            let module = squares[0][2];
            // The page is drawn from the top-left corner: y grows downwards.
            let min_x = squares.iter().map(|s| s[0]).fold(f32::MAX, f32::min);
            let min_y = squares.iter().map(|s| s[1]).fold(f32::MAX, f32::min);
            let cells: Vec<(usize, usize)> = squares
                .iter()
                .map(|s| {
                    (
                        ((s[0] - min_x) / module).round() as usize,
                        ((s[1] - min_y) / module).round() as usize,
                    )
                })
                .collect();
            let n = cells.iter().map(|c| c.0.max(c.1)).max().unwrap() + 1;
            let scale = 4;
            let side = (n + 8) * scale;
            let mut dark = vec![false; side * side];
            for (col, row) in cells {
                for dy in 0..scale {
                    for dx in 0..scale {
                        dark[((row + 4) * scale + dy) * side + (col + 4) * scale + dx] = true;
                    }
                }
            }
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
                if dark[y * side + x] { 0 } else { 255 }
            });
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "one QR code per filled path");
            out.push(grids[0].decode().unwrap().1);
        }
    }
    out
}
