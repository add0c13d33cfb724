//! What one verification may be asked to do. A credential is a few kilobytes with a handful
//! of contexts and one or two proofs; the body limit alone still lets through megabytes of
//! `@context` entries or proofs, each of which costs JSON-LD or signature work. Anything past
//! these bounds is refused before that work starts, as a `limit_exceeded` verdict.

use serde_json::Value;

/// Nesting depth of objects and arrays.
pub const MAX_DEPTH: usize = 32;
/// Values (objects, arrays, scalars) in the whole document; a CLR with sixty credentials
/// has some 15,000.
pub const MAX_VALUES: usize = 100_000;
/// Entries in any one array.
pub const MAX_ARRAY: usize = 10_000;
/// `@context` entries of one object.
pub const MAX_CONTEXTS: usize = 16;
/// Proofs of one credential (a proof set or chain).
pub const MAX_PROOFS: usize = 8;
/// A compact JWS, in bytes.
pub const MAX_TOKEN: usize = 1 << 20;

/// Checks `input` against the limits, in one pass that stops at the first excess.
pub fn check(input: &Value) -> Result<(), String> {
    if let Value::String(token) = input {
        if token.len() > MAX_TOKEN {
            return Err(format!("a compact JWS is at most {MAX_TOKEN} bytes"));
        }
        return Ok(());
    }
    let mut seen = 0usize;
    let mut stack = vec![(input, 1usize)];
    while let Some((value, depth)) = stack.pop() {
        seen += 1;
        if seen > MAX_VALUES {
            return Err(format!("a credential has at most {MAX_VALUES} values"));
        }
        if depth > MAX_DEPTH && (value.is_object() || value.is_array()) {
            return Err(format!("a credential nests at most {MAX_DEPTH} levels"));
        }
        match value {
            Value::Array(items) => {
                if items.len() > MAX_ARRAY {
                    return Err(format!("an array has at most {MAX_ARRAY} entries"));
                }
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            Value::Object(map) => {
                if let Some(Value::Array(c)) = map.get("@context")
                    && c.len() > MAX_CONTEXTS
                {
                    return Err(format!("@context has at most {MAX_CONTEXTS} entries"));
                }
                if let Some(Value::Array(p)) = map.get("proof")
                    && p.len() > MAX_PROOFS
                {
                    return Err(format!("a credential has at most {MAX_PROOFS} proofs"));
                }
                stack.extend(map.values().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ordinary_credentials_pass_and_each_limit_refuses() {
        assert!(check(&json!({"@context": ["a", "b"], "proof": [{}, {}], "x": [1, 2, 3]})).is_ok());
        let contexts: Vec<Value> = (0..=MAX_CONTEXTS).map(|i| json!(i.to_string())).collect();
        assert!(
            check(&json!({"@context": contexts}))
                .unwrap_err()
                .contains("@context")
        );
        let proofs: Vec<Value> = (0..=MAX_PROOFS).map(|_| json!({})).collect();
        assert!(
            check(&json!({"proof": proofs}))
                .unwrap_err()
                .contains("proofs")
        );
        let long: Vec<Value> = (0..=MAX_ARRAY).map(|i| json!(i)).collect();
        assert!(check(&json!({"x": long})).unwrap_err().contains("array"));
        let mut deep = json!(1);
        for _ in 0..=MAX_DEPTH {
            deep = json!([deep]);
        }
        assert!(check(&deep).unwrap_err().contains("nests"));
        let wide: serde_json::Map<String, Value> =
            (0..MAX_VALUES).map(|i| (i.to_string(), json!(i))).collect();
        assert!(check(&Value::Object(wide)).unwrap_err().contains("values"));
        assert!(check(&Value::String("e".repeat(MAX_TOKEN + 1))).is_err());
    }
}
