//! Decodes the QR codes a transcript PDF draws (shared by the API and browser tests).

/// The QR codes drawn in a PDF's content streams (runs of `x y w h re` between `0 g` and
/// `f`), rasterized and decoded.
pub fn pdf_qr_codes(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    let mut out = Vec::new();
    for block in text.split("0 g\n").skip(1) {
        let squares: Vec<[f32; 3]> = block
            .lines()
            .take_while(|l| l.ends_with(" re"))
            .map(|l| {
                let n: Vec<f32> = l.split(' ').take(3).map(|v| v.parse().unwrap()).collect();
                [n[0], n[1], n[2]]
            })
            .collect();
        let module = squares[0][2];
        let min_x = squares.iter().map(|s| s[0]).fold(f32::MAX, f32::min);
        let max_y = squares.iter().map(|s| s[1]).fold(f32::MIN, f32::max);
        let cells: Vec<(usize, usize)> = squares
            .iter()
            .map(|s| {
                (
                    ((s[0] - min_x) / module).round() as usize,
                    ((max_y - s[1]) / module).round() as usize,
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
        assert_eq!(grids.len(), 1, "one QR code per block");
        out.push(grids[0].decode().unwrap().1);
    }
    out
}
