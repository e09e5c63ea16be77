//! Query parameters read strictly: each one parsed with a reason on failure, and a parameter the
//! endpoint does not know is an error (a typo must not silently return unfiltered data).

use crate::error::ApiError;

/// The query string's pairs, consumed as the handler reads them.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn new(pairs: Vec<(String, String)>) -> Params {
        Params(pairs)
    }

    /// Every value of `name` (repeatable parameters).
    pub fn all(&mut self, name: &str) -> Vec<String> {
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.0).into_iter().partition(|(k, _)| k == name);
        self.0 = rest;
        mine.into_iter().map(|(_, v)| v).collect()
    }

    /// The value of `name`, refusing it repeated; empty values count as absent.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let mut values = self.all(name);
        match values.len() {
            0 => Ok(None),
            1 => Ok(Some(values.remove(0)).filter(|v| !v.is_empty())),
            _ => Err(ApiError::parameter(name, "given more than once")),
        }
    }

    /// A whole number in `0..=max`, `default` when absent.
    pub fn number(&mut self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.text(name)? {
            None => Ok(default),
            Some(v) => {
                let n: usize = v
                    .parse()
                    .map_err(|_| ApiError::parameter(name, format!("{v:?} is not a whole number")))?;
                if n > max {
                    return Err(ApiError::parameter(
                        name,
                        format!("{n} is more than the maximum, {max}"),
                    ));
                }
                Ok(n)
            }
        }
    }

    /// `true`/`false` (also `1`/`0`), `default` when absent.
    pub fn flag(&mut self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.text(name)?.as_deref() {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(v) => Err(ApiError::parameter(name, format!("{v:?} is not true or false"))),
        }
    }

    /// Refuses parameters nobody read.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.0.first() {
            None => Ok(()),
            Some((k, _)) => Err(ApiError::parameter(k, "unknown parameter for this endpoint")),
        }
    }
}
