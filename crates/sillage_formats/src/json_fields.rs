//! Typed access to the fields of one JSON object, with reject reasons that name the field.

use serde_json::{Map, Value};
use sillage_model::{Instant, parse_instant};

pub(crate) type Object = Map<String, Value>;

/// Parses a line as one JSON object. Invalid UTF-8 is reported by position before JSON parsing
/// because serde's message for it does not say where the bad byte is.
pub(crate) fn parse_object(line: &[u8]) -> Result<Object, String> {
    if let Err(e) = std::str::from_utf8(line) {
        return Err(format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1));
    }
    match serde_json::from_slice::<Value>(line) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!("expected a JSON object, found {}", describe(&other))),
        Err(e) => Err(format!("malformed JSON: {e}")),
    }
}

/// A string field; `null` counts as absent.
pub(crate) fn string(obj: &Object, name: &str) -> Result<Option<String>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(wrong_type(name, "a string", other)),
    }
}

/// An identifier: a string, or an integer written as its decimal string. Twitter exports write
/// ids as numbers, and the same id must come out the same either way.
pub(crate) fn identifier(obj: &Object, name: &str) -> Result<Option<String>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(other) => Err(wrong_type(name, "a string or an integer", other)),
    }
}

/// An instant: an RFC 3339 string, decimal Unix seconds as a string, or an integer.
pub(crate) fn instant(obj: &Object, name: &str) -> Result<Option<Instant>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => parse_instant(s).map(Some).map_err(|e| format!("field {name:?}: {e}")),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| format!("field {name:?}: {n} is not a whole number of Unix seconds")),
        Some(other) => Err(wrong_type(name, "an RFC 3339 string or integer Unix seconds", other)),
    }
}

/// An array of strings; absent means empty.
pub(crate) fn strings(obj: &Object, name: &str) -> Result<Vec<String>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "field {name:?}: item {} is {}, expected a string",
                    i + 1,
                    describe(other)
                )),
            })
            .collect(),
        Some(other) => Err(wrong_type(name, "an array of strings", other)),
    }
}

/// A count: a non-negative integer, or a string of digits (some exports store numbers as strings).
pub(crate) fn count(obj: &Object, name: &str) -> Result<Option<u64>, String> {
    let bad = |shown: String| format!("field {name:?}: {shown} is not a non-negative integer");
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| bad(n.to_string())),
        Some(Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| bad(format!("{s:?}"))),
        Some(other) => Err(wrong_type(name, "a non-negative integer", other)),
    }
}

/// A flag: `true`/`false`, also accepted as strings for the same reason as counts.
pub(crate) fn flag(obj: &Object, name: &str) -> Result<Option<bool>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.trim() == "true" => Ok(Some(true)),
        Some(Value::String(s)) if s.trim() == "false" => Ok(Some(false)),
        Some(other) => Err(wrong_type(name, "true or false", other)),
    }
}

fn wrong_type(name: &str, expected: &str, found: &Value) -> String {
    format!("field {name:?}: expected {expected}, found {}", describe(found))
}

/// Names a JSON value's type for a message, with the value itself when it is short.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.len() <= 40 => format!("string {s:?}"),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(json: &str) -> Object {
        parse_object(json.as_bytes()).unwrap()
    }

    #[test]
    fn lines_must_be_utf8_json_objects() {
        assert_eq!(
            parse_object(b"{\"a\":\"\xff\"}").unwrap_err(),
            "invalid UTF-8 at byte 7"
        );
        assert!(parse_object(b"{\"a\":").unwrap_err().starts_with("malformed JSON: "));
        assert_eq!(
            parse_object(b"[1]").unwrap_err(),
            "expected a JSON object, found an array"
        );
    }

    #[test]
    fn identifiers_accept_strings_and_integers() {
        let o = obj(r#"{"a":"x","b":1234567890123456789,"c":1.5,"d":null}"#);
        assert_eq!(identifier(&o, "a").unwrap().as_deref(), Some("x"));
        assert_eq!(identifier(&o, "b").unwrap().as_deref(), Some("1234567890123456789"));
        assert_eq!(
            identifier(&o, "c").unwrap_err(),
            "field \"c\": expected a string or an integer, found number 1.5"
        );
        assert_eq!(identifier(&o, "d").unwrap(), None);
        assert_eq!(identifier(&o, "zz").unwrap(), None);
    }

    #[test]
    fn instants_accept_strings_and_integers() {
        let o = obj(r#"{"a":"2014-03-13T09:00:00Z","b":1394701200,"c":"1394701200","d":"yesterday","e":1.5,"f":true}"#);
        assert_eq!(instant(&o, "a").unwrap(), Some(1_394_701_200));
        assert_eq!(instant(&o, "b").unwrap(), Some(1_394_701_200));
        assert_eq!(instant(&o, "c").unwrap(), Some(1_394_701_200));
        assert_eq!(
            instant(&o, "d").unwrap_err(),
            "field \"d\": timestamp \"yesterday\" is neither RFC 3339 with an offset nor Unix seconds"
        );
        assert_eq!(
            instant(&o, "e").unwrap_err(),
            "field \"e\": 1.5 is not a whole number of Unix seconds"
        );
        assert!(instant(&o, "f").unwrap_err().contains("found boolean true"));
    }

    #[test]
    fn lists_counts_and_flags() {
        let o = obj(r#"{"t":["a","b"],"u":["a",3],"v":"a","n":"12","m":-1,"k":"x","f":"true","g":1}"#);
        assert_eq!(strings(&o, "t").unwrap(), vec!["a", "b"]);
        assert_eq!(
            strings(&o, "u").unwrap_err(),
            "field \"u\": item 2 is number 3, expected a string"
        );
        assert!(strings(&o, "v").unwrap_err().contains("expected an array of strings"));
        assert_eq!(count(&o, "n").unwrap(), Some(12));
        assert_eq!(
            count(&o, "m").unwrap_err(),
            "field \"m\": -1 is not a non-negative integer"
        );
        assert_eq!(
            count(&o, "k").unwrap_err(),
            "field \"k\": \"x\" is not a non-negative integer"
        );
        assert_eq!(flag(&o, "f").unwrap(), Some(true));
        assert!(flag(&o, "g").is_err());
    }
}
