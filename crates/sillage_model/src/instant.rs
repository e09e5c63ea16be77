//! Instants (Unix seconds), RFC 3339 parsing, and durations such as `7d` for half-lives.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An instant as Unix seconds (UTC). Sub-second precision is dropped on input: influence decays
/// over days, and whole seconds keep every computation exact and reproducible.
pub type Instant = i64;

/// Why a timestamp or duration could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InstantError {
    #[error("timestamp {0:?} is neither RFC 3339 with an offset nor Unix seconds")]
    Timestamp(String),
    #[error("duration {0:?} is not a positive number followed by s, m, h, d or w")]
    Duration(String),
}

/// Parses an RFC 3339 timestamp with offset (`2014-03-13T10:02:00+01:00`) or decimal Unix seconds.
pub fn parse_instant(s: &str) -> Result<Instant, InstantError> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
        || (t.starts_with('-') && t.len() > 1 && t[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        return t.parse::<i64>().map_err(|_| InstantError::Timestamp(s.to_owned()));
    }
    OffsetDateTime::parse(t, &Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|_| InstantError::Timestamp(s.to_owned()))
}

/// Formats an instant as RFC 3339 in UTC, e.g. `2012-07-04T08:00:00Z`.
pub fn format_instant(at: Instant) -> String {
    OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| at.to_string())
}

/// Parses a duration like `90s`, `30m`, `12h`, `7d`, `2w` or a decimal like `1.5d` into seconds.
pub fn parse_duration(s: &str) -> Result<f64, InstantError> {
    let t = s.trim();
    let err = || InstantError::Duration(s.to_owned());
    let unit = t.chars().last().ok_or_else(err)?;
    let scale = match unit {
        's' => 1.0,
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86_400.0,
        'w' => 7.0 * 86_400.0,
        _ => return Err(err()),
    };
    let value: f64 = t[..t.len() - 1].parse().map_err(|_| err())?;
    if !(value.is_finite() && value > 0.0) {
        return Err(err());
    }
    Ok(value * scale)
}

/// The decay of an event's weight: after one half-life, an event counts half.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HalfLife {
    seconds: f64,
}

impl HalfLife {
    /// A half-life in seconds; `None` unless strictly positive and finite.
    pub fn from_seconds(seconds: f64) -> Option<HalfLife> {
        (seconds.is_finite() && seconds > 0.0).then_some(HalfLife { seconds })
    }

    pub fn seconds(self) -> f64 {
        self.seconds
    }

    /// The weight, in (0, 1], of an event `age` seconds before the as-of instant. Events after
    /// the instant are not passed here (they do not exist yet as of it); a negative age counts 1.
    pub fn decay(self, age: i64) -> f64 {
        if age <= 0 {
            1.0
        } else {
            (-(age as f64) * std::f64::consts::LN_2 / self.seconds).exp()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_timestamps() {
        assert_eq!(parse_instant("1394701200"), Ok(1_394_701_200));
        assert_eq!(parse_instant("2014-03-13T09:00:00Z"), Ok(1_394_701_200));
        assert_eq!(parse_instant("2014-03-13T10:00:00+01:00"), Ok(1_394_701_200));
        assert_eq!(parse_instant("2014-03-13T09:00:00.750Z"), Ok(1_394_701_200));
        assert!(parse_instant("2014-03-13 09:00").is_err());
        assert!(parse_instant("2014-03-13T09:00:00").is_err(), "an offset is required");
        assert!(parse_instant("").is_err());
        assert_eq!(format_instant(1_394_701_200), "2014-03-13T09:00:00Z");
    }

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration("7d"), Ok(604_800.0));
        assert_eq!(parse_duration("1.5h"), Ok(5_400.0));
        assert_eq!(parse_duration("2w"), Ok(1_209_600.0));
        assert!(parse_duration("0d").is_err());
        assert!(parse_duration("-1d").is_err());
        assert!(parse_duration("7").is_err());
        assert!(parse_duration("d").is_err());
    }

    #[test]
    fn decay_halves_each_half_life() {
        let h = HalfLife::from_seconds(86_400.0).unwrap();
        assert_eq!(h.decay(0), 1.0);
        assert!((h.decay(86_400) - 0.5).abs() < 1e-15);
        assert!((h.decay(3 * 86_400) - 0.125).abs() < 1e-15);
        assert!(HalfLife::from_seconds(0.0).is_none());
    }
}
