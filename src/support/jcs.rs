//! JSON Canonicalization Scheme (RFC 8785), used by `eddsa-jcs-2022` and for request hashing.
//!
//! Object members are sorted by their UTF-16 code units, strings are escaped exactly as
//! ECMAScript's `JSON.stringify` does, and numbers use the ECMAScript `Number::toString` form.

use serde_json::Value;

#[derive(Debug, thiserror::Error)]
#[error("number cannot be represented in JCS: {0}")]
pub struct JcsError(String);

pub fn canonicalize(value: &Value) -> Result<String, JcsError> {
    let mut out = String::with_capacity(1024);
    write_value(value, &mut out)?;
    Ok(out)
}

fn write_value(value: &Value, out: &mut String) -> Result<(), JcsError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out)?,
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // RFC 8785 §3.2.3: sort by UTF-16 code units, not by UTF-8 bytes.
            entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(v, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

pub(crate) fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(n: &serde_json::Number, out: &mut String) -> Result<(), JcsError> {
    if let Some(i) = n.as_i64()
        && i.unsigned_abs() <= (1u64 << 53)
    {
        out.push_str(&i.to_string());
        return Ok(());
    }
    if let Some(u) = n.as_u64()
        && u <= (1u64 << 53)
    {
        out.push_str(&u.to_string());
        return Ok(());
    }
    let f = n.as_f64().ok_or_else(|| JcsError(n.to_string()))?;
    out.push_str(&ecmascript_number(f).ok_or_else(|| JcsError(n.to_string()))?);
    Ok(())
}

/// ECMAScript `Number::toString(10)` (ECMA-262 §6.1.6.1.20) for a finite double.
pub fn ecmascript_number(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some("0".to_owned());
    }
    // Rust's `{:e}` prints the shortest round-tripping digits, which is what ECMAScript needs.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exp + 1;
    let mut s = String::new();
    if f < 0.0 {
        s.push('-');
    }
    if k <= n && n <= 21 {
        s.push_str(&digits);
        s.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        s.push_str(&digits[..n as usize]);
        s.push('.');
        s.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', (-n) as usize));
        s.push_str(&digits);
    } else {
        s.push_str(&digits[..1]);
        if k > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if n > 0 { '+' } else { '-' });
        s.push_str(&(n - 1).abs().to_string());
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_follow_ecmascript() {
        let cases = [
            (0.0, "0"),
            (4.5, "4.5"),
            (60.0, "60"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (-1.5, "-1.5"),
            (333_333_333.333_333_3, "333333333.3333333"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ];
        for (f, want) in cases {
            assert_eq!(ecmascript_number(f).as_deref(), Some(want), "{f}");
        }
    }

    #[test]
    fn sorts_by_utf16_and_escapes() {
        let v =
            json!({"b": 1, "a": "x\"\n\u{1}é", "\u{20ac}": true, "\u{1F600}": null, "1": [false]});
        assert_eq!(
            canonicalize(&v).ok().as_deref(),
            Some(
                "{\"1\":[false],\"a\":\"x\\\"\\n\\u0001é\",\"b\":1,\"\u{20ac}\":true,\"\u{1F600}\":null}"
            )
        );
    }
}
