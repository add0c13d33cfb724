//! Time is an input: every component that needs "now" receives a [`Clock`], so tests can pin it
//! and walk over validity boundaries exactly.

use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The wall clock, truncated to whole seconds: credentials carry `dateTimeStamp`s without
/// fractions, and storing the same precision everywhere keeps comparisons exact.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(0).unwrap_or(now)
    }
}

/// A clock that only moves when told to (tests, reproducible demos).
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<OffsetDateTime>>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: OffsetDateTime) {
        if let Ok(mut guard) = self.0.lock() {
            *guard = at;
        }
    }

    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut guard) = self.0.lock() {
            *guard += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        match self.0.lock() {
            Ok(guard) => *guard,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }
}

/// RFC 3339 / XML Schema `dateTimeStamp` in UTC with a `Z`, whole seconds, as VC 2.0 asks.
pub fn format_utc(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Parses an XML Schema `dateTimeStamp` (an offset is mandatory).
pub fn parse_datetime(value: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339).ok()
}

/// `#[serde(serialize_with = "crate::support::clock::utc")]`: API times as `format_utc` writes them.
pub fn utc<S: serde::Serializer>(at: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_utc(*at))
}

/// `utc` for an optional time (`null` when absent).
pub fn utc_option<S: serde::Serializer>(
    at: &Option<OffsetDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.serialize_str(&format_utc(*at)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_utc_with_z() {
        assert_eq!(
            format_utc(datetime!(2026-06-30 08:05:09 +02:00)),
            "2026-06-30T06:05:09Z"
        );
    }

    #[test]
    fn parses_only_with_offset() {
        assert!(parse_datetime("2026-06-30T00:00:00Z").is_some());
        assert!(parse_datetime("2026-06-30T00:00:00+01:00").is_some());
        assert!(parse_datetime("2026-06-30T00:00:00").is_none());
        assert!(parse_datetime("yesterday").is_none());
    }
}
