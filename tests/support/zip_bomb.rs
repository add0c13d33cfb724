/// A zip whose one entry unpacks to `size` zero bytes (deflate makes it about a thousandth).
pub fn zip_bomb(size: usize) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size > u32::MAX as usize);
    zip.start_file("credentials/a.json", options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
