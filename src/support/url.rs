//! URL pieces.

/// RFC 3986 percent-encoding of everything but unreserved characters: a query value that
/// survives any URL parser, and a link scheme (`openid-credential-offer://`, `openid4vp://`)
/// a wallet reads.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
