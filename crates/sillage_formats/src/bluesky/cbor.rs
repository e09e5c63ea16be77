//! A small DAG-CBOR decoder: the subset of CBOR the AT Protocol writes, borrowed from the input.
//!
//! DAG-CBOR is CBOR with definite lengths only, text keys, and one tag (42, a CID link). This
//! decoder accepts exactly that (plus floats of any width and duplicate-free order-free maps, which
//! it does not check) and refuses the rest with a reason. It never panics: every length is checked
//! against the bytes that remain before anything is allocated, and nesting is bounded by
//! [`MAX_DEPTH`], so a hostile block costs at most time and memory linear in its size.

/// The deepest nesting accepted. Records nest a handful of levels (a post's embed of a record with
/// media is five); 64 leaves room for anything legitimate while keeping the recursion shallow.
pub(crate) const MAX_DEPTH: usize = 64;

/// One decoded value; strings, byte strings and links borrow from the input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Unsigned(u64),
    /// The negative integer `-1 - n`, kept as `n` so that the whole CBOR range fits.
    Negative(u64),
    Bytes(&'a [u8]),
    Text(&'a str),
    Array(Vec<Value<'a>>),
    /// Entries in the order written (DAG-CBOR sorts them; nothing here relies on it).
    Map(Vec<(&'a str, Value<'a>)>),
    /// A CID link (tag 42), as the binary CID without the leading multibase `0x00`.
    Link(&'a [u8]),
    Bool(bool),
    Null,
    Float(f64),
}

impl<'a> Value<'a> {
    /// A map's value for `key`, if this is a map that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_text(&self) -> Option<&'a str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_link(&self) -> Option<&'a [u8]> {
        match self {
            Value::Link(cid) => Some(cid),
            _ => None,
        }
    }

    /// Names the value's type for a reject reason.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Unsigned(_) | Value::Negative(_) => "an integer",
            Value::Bytes(_) => "a byte string",
            Value::Text(_) => "a string",
            Value::Array(_) => "an array",
            Value::Map(_) => "a map",
            Value::Link(_) => "a link",
            Value::Bool(_) => "a boolean",
            Value::Null => "null",
            Value::Float(_) => "a float",
        }
    }
}

/// Decodes one value that must fill `bytes` exactly.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value<'_>, String> {
    let (value, used) = decode_prefix(bytes)?;
    if used != bytes.len() {
        return Err(format!("{} bytes after the value", bytes.len() - used));
    }
    Ok(value)
}

/// Decodes the value at the start of `bytes`, returning it with the number of bytes it took.
pub(crate) fn decode_prefix(bytes: &[u8]) -> Result<(Value<'_>, usize), String> {
    let mut decoder = Decoder { bytes, pos: 0 };
    let value = decoder.value(0)?;
    Ok((value, decoder.pos))
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| format!("input ends at byte {} inside a value", self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], String> {
        if n > self.remaining() as u64 {
            return Err(format!(
                "a length of {n} bytes at byte {} runs past the end ({} left)",
                self.pos,
                self.remaining()
            ));
        }
        let start = self.pos;
        self.pos += n as usize;
        Ok(&self.bytes[start..self.pos])
    }

    /// The argument of a head whose additional information is `info`.
    fn argument(&mut self, info: u8) -> Result<u64, String> {
        let width = match info {
            0..=23 => return Ok(u64::from(info)),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            31 => {
                return Err(format!(
                    "indefinite length at byte {} (not allowed in DAG-CBOR)",
                    self.pos
                ));
            }
            _ => return Err(format!("reserved additional information {info} at byte {}", self.pos)),
        };
        let raw = self.take(width)?;
        Ok(raw.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// A count of items that each take at least one byte cannot exceed the bytes left: checking
    /// this before allocating keeps a forged length from reserving gigabytes.
    fn count(&self, n: u64, per_item: u64) -> Result<usize, String> {
        if n.saturating_mul(per_item) > self.remaining() as u64 {
            return Err(format!(
                "{n} items announced at byte {} but only {} bytes left",
                self.pos,
                self.remaining()
            ));
        }
        Ok(n as usize)
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, String> {
        if depth > MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        let head = self.byte()?;
        let (major, info) = (head >> 5, head & 0x1f);
        if major == 7 {
            return self.simple(info);
        }
        let arg = self.argument(info)?;
        Ok(match major {
            0 => Value::Unsigned(arg),
            1 => Value::Negative(arg),
            2 => Value::Bytes(self.take(arg)?),
            3 => {
                let at = self.pos;
                let raw = self.take(arg)?;
                Value::Text(std::str::from_utf8(raw).map_err(|_| format!("invalid UTF-8 in the string at byte {at}"))?)
            }
            4 => {
                let n = self.count(arg, 1)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            5 => {
                let n = self.count(arg, 2)?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let at = self.pos;
                    let key = match self.value(depth + 1)? {
                        Value::Text(key) => key,
                        other => {
                            return Err(format!(
                                "map key at byte {at} is {} (DAG-CBOR keys are strings)",
                                other.type_name()
                            ));
                        }
                    };
                    entries.push((key, self.value(depth + 1)?));
                }
                Value::Map(entries)
            }
            6 => {
                let at = self.pos;
                if arg != 42 {
                    return Err(format!("tag {arg} at byte {at} (DAG-CBOR allows only tag 42, a link)"));
                }
                match self.value(depth + 1)? {
                    Value::Bytes([0, cid @ ..]) if !cid.is_empty() => Value::Link(cid),
                    _ => {
                        return Err(format!(
                            "link at byte {at} is not a byte string holding 0x00 then a CID"
                        ));
                    }
                }
            }
            _ => unreachable!("a major type has three bits and 7 is handled above"),
        })
    }

    fn simple(&mut self, info: u8) -> Result<Value<'a>, String> {
        Ok(match info {
            20 => Value::Bool(false),
            21 => Value::Bool(true),
            22 => Value::Null,
            25 => Value::Float(half(self.argument(info)? as u16)),
            26 => Value::Float(f64::from(f32::from_bits(self.argument(info)? as u32))),
            27 => Value::Float(f64::from_bits(self.argument(info)?)),
            _ => {
                return Err(format!(
                    "simple value {info} at byte {} (not allowed in DAG-CBOR)",
                    self.pos
                ));
            }
        })
    }
}

/// An IEEE 754 half-precision float, widened.
fn half(bits: u16) -> f64 {
    let sign = if bits & 0x8000 == 0 { 1.0 } else { -1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + mantissa / 1024.0) * 2f64.powi(exponent - 15),
    }
}

/// Reads an unsigned LEB128 varint (multiformats style, at most 9 bytes so that it fits 63 bits),
/// returning it with the number of bytes it took.
pub(crate) fn varint(bytes: &[u8]) -> Result<(u64, usize), String> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(9) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    if bytes.len() < 9 {
        Err("varint cut short by the end of the input".to_owned())
    } else {
        Err("varint longer than 9 bytes".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_kind_of_value() {
        // {"a": [1, -2, h'ff', "é"], "b": 42(h'00 01 71'), "c": true, "d": null, "e": 1.5 (half)}
        let bytes = [
            0xa5, 0x61, b'a', 0x84, 0x01, 0x21, 0x41, 0xff, 0x62, 0xc3, 0xa9, 0x61, b'b', 0xd8, 0x2a, 0x43, 0x00, 0x01,
            0x71, 0x61, b'c', 0xf5, 0x61, b'd', 0xf6, 0x61, b'e', 0xf9, 0x3e, 0x00,
        ];
        let v = decode(&bytes).unwrap();
        assert_eq!(
            v.get("a"),
            Some(&Value::Array(vec![
                Value::Unsigned(1),
                Value::Negative(1),
                Value::Bytes(&[0xff]),
                Value::Text("é"),
            ]))
        );
        assert_eq!(v.get("b").and_then(Value::as_link), Some(&[0x01, 0x71][..]));
        assert_eq!(v.get("c"), Some(&Value::Bool(true)));
        assert_eq!(v.get("d"), Some(&Value::Null));
        assert_eq!(v.get("e"), Some(&Value::Float(1.5)));
        assert_eq!(v.get("z"), None);
    }

    #[test]
    fn refuses_what_dag_cbor_forbids_or_the_input_cannot_hold() {
        let err = |bytes: &[u8]| decode(bytes).unwrap_err();
        assert!(err(&[0x9f]).contains("indefinite length"));
        assert!(err(&[0xa1, 0x01, 0x02]).contains("keys are strings"));
        assert!(err(&[0xc1, 0x00]).contains("tag 1"));
        assert!(err(&[0xd8, 0x2a, 0x41, 0x01]).contains("not a byte string holding 0x00"));
        assert!(err(&[0x62, 0xff, 0xfe]).contains("invalid UTF-8"));
        assert!(err(&[0x5a, 0xff, 0xff, 0xff, 0xff]).contains("runs past the end"));
        // Four billion array items announced in five bytes: refused before allocating.
        assert!(err(&[0x9a, 0xff, 0xff, 0xff, 0xff]).contains("items announced"));
        assert!(err(&[0x01, 0x02]).contains("1 bytes after the value"));
        assert!(err(&[0xf7]).contains("simple value 23"));
        assert!(err(&[]).contains("input ends"));
        let deep = vec![0x81; MAX_DEPTH + 2];
        assert!(err(&deep).contains("nesting deeper"));
    }

    #[test]
    fn varints() {
        assert_eq!(varint(&[0x3a]), Ok((58, 1)));
        assert_eq!(varint(&[0xf6, 0x01, 0xff]), Ok((246, 2)));
        assert!(varint(&[0x80]).is_err());
        assert!(varint(&[0xff; 12]).unwrap_err().contains("longer than 9"));
    }
}
