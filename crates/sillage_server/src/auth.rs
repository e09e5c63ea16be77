//! Bearer tokens: write endpoints always need one, read endpoints only when the server is started
//! with `--protect-reads`. Tokens are compared in constant time.

use axum::http::{HeaderMap, header};

use crate::error::{ApiError, Code};
use crate::state::AppState;

/// What a request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Checks the request's `Authorization: Bearer …` header against the configured token.
pub fn authorize(state: &AppState, headers: &HeaderMap, access: Access) -> Result<(), ApiError> {
    let options = state.options();
    if access == Access::Read && !options.protect_reads {
        return Ok(());
    }
    let Some(token) = options.token.as_deref() else {
        return Err(ApiError::new(
            Code::WritesDisabled,
            "this server has no token configured, so it accepts no writes; start it with SILLAGE_TOKEN or --token-file",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    match given {
        Some(given) if same(given.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            Code::Unauthorized,
            "the bearer token is not the server's",
        )),
        None => Err(ApiError::new(
            Code::Unauthorized,
            "this endpoint needs an `Authorization: Bearer <token>` header",
        )),
    }
}

/// Equality whose time depends on the lengths only, not on where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn compares_whole_tokens() {
        assert!(same(b"secret", b"secret"));
        assert!(!same(b"secret", b"secreT"));
        assert!(!same(b"secret", b"secret2"));
        assert!(!same(b"", b"x"));
    }
}
