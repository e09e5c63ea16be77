//! Account keys: `network:handle`, the way accounts are named everywhere in Sillage.

use std::fmt;

/// An account as `net:handle`, e.g. `twitter:jtang` or `mastodon:jt@piaille.fr`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountKey {
    pub net: String,
    pub handle: String,
}

/// Why a string is not an account key.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AccountKeyError {
    #[error("account {0:?} is not of the form network:handle")]
    NoNetwork(String),
    #[error("account {0:?} has an empty handle")]
    EmptyHandle(String),
}

impl AccountKey {
    pub fn new(net: impl Into<String>, handle: impl Into<String>) -> Self {
        AccountKey {
            net: net.into(),
            handle: handle.into(),
        }
    }

    /// Parses `net:handle`. The network is everything before the first colon, so handles may
    /// themselves hold colons (Bluesky DIDs such as `did:plc:…`).
    pub fn parse(s: &str) -> Result<Self, AccountKeyError> {
        let (net, handle) = s
            .split_once(':')
            .ok_or_else(|| AccountKeyError::NoNetwork(s.to_owned()))?;
        if net.is_empty() {
            return Err(AccountKeyError::NoNetwork(s.to_owned()));
        }
        if handle.is_empty() {
            return Err(AccountKeyError::EmptyHandle(s.to_owned()));
        }
        Ok(AccountKey::new(net.to_ascii_lowercase(), handle))
    }
}

impl fmt::Display for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.net, self.handle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let k = AccountKey::parse("Twitter:jtang").unwrap();
        assert_eq!(k, AccountKey::new("twitter", "jtang"));
        assert_eq!(k.to_string(), "twitter:jtang");
        let did = AccountKey::parse("bluesky:did:plc:abc").unwrap();
        assert_eq!(did.handle, "did:plc:abc");
        assert!(AccountKey::parse("jtang").is_err());
        assert!(AccountKey::parse(":x").is_err());
        assert!(AccountKey::parse("twitter:").is_err());
    }
}
