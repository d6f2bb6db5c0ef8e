//! RFC 3339 timestamps: what Kuma prints in insights and meta, and what `--now` takes, as instants
//! in Unix nanoseconds, and as the text gave them (a change time known to the second proves
//! "after" only from the next second).
//!
//! Written by hand rather than with the `time` crate: `time` is in the build only through x509-parser,
//! without its `parsing` and `formatting` features, and the state reader parses a timestamp per
//! proxy on its hot path (two small functions, no allocation, tested against the calendar).

/// An instant, in nanoseconds since the Unix epoch (1677 to 2262; earlier and later saturate).
///
/// Held with its sign bit flipped in a `NonZeroU64` (the order is kept; the one lost instant,
/// `i64::MIN` nanoseconds, saturates to the next): an `Option<Timestamp>` then takes 8 bytes,
/// not 16, and a census holds five of them per proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(std::num::NonZeroU64);

const NANOS: i64 = 1_000_000_000;
const SIGN: u64 = 1 << 63;

impl Default for Timestamp {
    /// The epoch.
    fn default() -> Self {
        Self::from_nanos(0)
    }
}

impl Timestamp {
    pub const MIN: Self = Self(std::num::NonZeroU64::MIN);
    pub const MAX: Self = Self(std::num::NonZeroU64::MAX);

    pub fn from_secs(secs: i64) -> Self {
        Self::from_nanos(secs.saturating_mul(NANOS))
    }

    pub fn from_nanos(nanos: i64) -> Self {
        let key = (nanos as u64) ^ SIGN;
        Self(std::num::NonZeroU64::new(key).unwrap_or(std::num::NonZeroU64::MIN))
    }

    /// Whole seconds, rounded down.
    pub fn secs(self) -> i64 {
        self.nanos().div_euclid(NANOS)
    }

    pub fn nanos(self) -> i64 {
        (self.0.get() ^ SIGN) as i64
    }

    /// This instant plus `secs` seconds.
    pub fn plus_secs(self, secs: i64) -> Self {
        Self::from_nanos(self.nanos().saturating_add(secs.saturating_mul(NANOS)))
    }

    pub fn plus(self, duration: std::time::Duration) -> Self {
        let nanos = i64::try_from(duration.as_nanos()).unwrap_or(i64::MAX);
        Self::from_nanos(self.nanos().saturating_add(nanos))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_rfc3339(*self))
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_rfc3339(*self))
    }
}

/// A time as a text gave it: the true instant lies in `[at, at + resolution)`, `resolution`
/// being one unit of the last digit given (a second without a fraction, 1 ms for `.123`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub at: Timestamp,
    /// Nanoseconds.
    pub resolution: i64,
}

impl Moment {
    /// An instant known exactly.
    pub fn exact(at: Timestamp) -> Self {
        Self { at, resolution: 0 }
    }

    /// The first instant that is surely at or after this moment: evidence stamped before it
    /// may predate the event.
    pub fn proven_after(self) -> Timestamp {
        Timestamp::from_nanos(self.at.nanos().saturating_add(self.resolution))
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.at.fmt(f)
    }
}

/// Parses `2026-11-27T10:00:00Z`, `...T10:00:00.123456Z` or `...T10:00:00+02:00`.
pub(crate) fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    parse_moment(text).map(|m| m.at)
}

/// Parses an RFC 3339 time with the resolution its text gives.
pub(crate) fn parse_moment(text: &str) -> Option<Moment> {
    moment_of_bytes(text.as_bytes())
}

/// `parse_rfc3339` of a string's bytes, which must be valid UTF-8 (the state reader's fast path
/// knows its ASCII strings are, and skips the check `str` would cost).
pub(crate) fn parse_rfc3339_bytes(bytes: &[u8]) -> Option<Timestamp> {
    moment_of_bytes(bytes).map(|m| m.at)
}

fn moment_of_bytes(b: &[u8]) -> Option<Moment> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| digits(b.get(range)?);
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let (fraction, resolution, rest) = fraction(&b[19..])?;
    let offset = match rest {
        b"Z" | b"z" => 0,
        // The first 19 bytes are ASCII, so the rest of valid UTF-8 is valid UTF-8.
        _ => offset(std::str::from_utf8(rest).ok()?)?,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    let at = Timestamp::from_nanos(secs.saturating_mul(NANOS).saturating_add(fraction));
    Some(Moment { at, resolution })
}

/// The value of a run of ASCII digits (at most nine here); `None` if any byte is not a digit.
/// By hand: `str::parse` showed in profiles of reading 100,000 proxies, four instants each.
fn digits(text: &[u8]) -> Option<i64> {
    text.iter().try_fold(0, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
    })
}

/// `.123` and what follows: the fraction in nanoseconds (digits past the ninth are dropped), the
/// resolution of the last digit, and the rest of the text.
fn fraction(text: &[u8]) -> Option<(i64, i64, &[u8])> {
    let Some(digits) = text.strip_prefix(b".") else {
        return Some((0, NANOS, text));
    };
    let count = digits.iter().take_while(|c| c.is_ascii_digit()).count();
    if count == 0 {
        return None;
    }
    let kept = count.min(9);
    let value = self::digits(&digits[..kept])?;
    let scale = 10_i64.pow(9 - kept as u32);
    let resolution = if count >= 9 { 1 } else { scale };
    Some((value * scale, resolution, &digits[count..]))
}

/// `+hh:mm` / `-hh:mm`, in seconds east of UTC (`Z` is its caller's).
fn offset(rest: &str) -> Option<i64> {
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let tz = rest.get(1..)?;
    if tz.len() != 5 || tz.as_bytes()[2] != b':' {
        return None;
    }
    let (h, m): (i64, i64) = (tz[..2].parse().ok()?, tz[3..].parse().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

/// Formats an instant as `2026-11-27T10:00:00Z`, with the fraction when there is one
/// (`…:00.5Z`), as Go prints RFC 3339 with nanoseconds.
pub fn format_rfc3339(at: Timestamp) -> String {
    let seconds = at.nanos().div_euclid(NANOS);
    let nanos = at.nanos().rem_euclid(NANOS);
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let fraction = if nanos == 0 {
        String::new()
    } else {
        format!(".{nanos:09}").trim_end_matches('0').to_string()
    };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{fraction}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The current time.
pub(crate) fn now() -> Timestamp {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Timestamp::from_nanos(i64::try_from(nanos).unwrap_or(i64::MAX))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_keep_their_order_and_fit_eight_bytes_when_optional() {
        assert_eq!(std::mem::size_of::<Option<Timestamp>>(), 8);
        let order = [i64::MIN + 1, -NANOS, -1, 0, 1, NANOS, i64::MAX];
        for pair in order.windows(2) {
            let (a, b) = (
                Timestamp::from_nanos(pair[0]),
                Timestamp::from_nanos(pair[1]),
            );
            assert!(a < b, "{} < {}", pair[0], pair[1]);
            assert_eq!((a.nanos(), b.nanos()), (pair[0], pair[1]));
        }
        assert_eq!(Timestamp::from_nanos(i64::MIN), Timestamp::MIN);
        assert_eq!(Timestamp::MIN.nanos(), i64::MIN + 1);
        assert_eq!(Timestamp::MAX.nanos(), i64::MAX);
        assert_eq!(Timestamp::default().nanos(), 0);
        assert_eq!(Timestamp::from_secs(-1).secs(), -1);
        assert_eq!(Timestamp::from_nanos(-1).secs(), -1);
        assert_eq!(Timestamp::MAX.plus_secs(1), Timestamp::MAX);
        let later = Timestamp::from_secs(10).plus(std::time::Duration::from_millis(1500));
        assert_eq!(later.nanos(), 11_500_000_000);
        assert_eq!(
            Timestamp::MAX.plus(std::time::Duration::MAX),
            Timestamp::MAX
        );
        // The clock is read, not made up (2020-09-13 is long past).
        assert!(now() > Timestamp::from_secs(1_600_000_000));
    }

    fn secs(text: &str) -> Option<i64> {
        parse_rfc3339(text).map(Timestamp::secs)
    }

    #[test]
    fn parses_kuma_timestamps() {
        assert_eq!(secs("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(secs("2018-07-17T16:05:36.995Z"), Some(1_531_843_536));
        assert_eq!(secs("2020-05-08T08:28:22Z"), Some(1_588_926_502));
        assert_eq!(secs("2020-05-08T10:28:22+02:00"), Some(1_588_926_502));
        // Go's zero time is before what nanoseconds hold: it saturates, as the oldest instant.
        assert_eq!(parse_rfc3339("0001-01-01T00:00:00Z"), Some(Timestamp::MIN));
        for bad in [
            "",
            "2020-05-08",
            "2020-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2020-05-08T08:28:22",
            "yesterday",
            "2020-05-08T08:28:22.Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_place_of_a_digit_takes_a_digit_only() {
        let good = "2020-05-08T08:28:22Z";
        assert_eq!(secs(good), Some(1_588_926_502));
        for (at, byte) in good.bytes().enumerate() {
            if !byte.is_ascii_digit() {
                continue;
            }
            // The bytes just below `0` and just above `9`.
            for odd in ['/', ':'] {
                let mut text = good.to_string();
                text.replace_range(at..=at, &odd.to_string());
                assert_eq!(parse_rfc3339(&text), None, "{text}");
            }
        }
        // Each digit counts at its place.
        assert_eq!(secs("2019-05-08T08:28:22Z"), Some(1_557_304_102));
        assert_eq!(secs("1020-05-08T08:28:22Z").map(|s| s < 0), Some(true));
        assert_eq!(secs("2020-05-08T08:28:23Z"), Some(1_588_926_503));
        assert_eq!(secs("2020-05-08T08:28:32Z"), Some(1_588_926_512));
        assert_eq!(secs("2020-05-08T08:29:22Z"), Some(1_588_926_562));
        assert_eq!(secs("2020-05-08T18:28:22Z"), Some(1_588_962_502));
    }

    #[test]
    fn offsets_read_the_same_from_bytes() {
        let base = 1_588_926_502;
        for (text, secs) in [
            ("2020-05-08T08:28:22Z", Some(base)),
            ("2020-05-08T08:28:22z", Some(base)),
            ("2020-05-08T08:28:22+02:00", Some(base - 7200)),
            ("2020-05-08T08:28:22-02:30", Some(base + 9000)),
            ("2020-05-08T08:28:22.5+00:00", Some(base)),
            ("2020-05-08T08:28:22ZZ", None),
            ("2020-05-08T08:28:22+24:00", None),
            ("2020-05-08T08:28:22+0200", None),
            ("2020-05-08T08:28:22+02:0é", None),
        ] {
            let read = parse_rfc3339(text).map(|t| t.nanos().div_euclid(NANOS));
            assert_eq!(read, secs, "{text}");
            assert_eq!(
                parse_rfc3339_bytes(text.as_bytes()),
                parse_rfc3339(text),
                "{text}"
            );
        }
    }

    #[test]
    fn fractions_count_and_set_the_resolution() {
        let t = |s| parse_moment(s).unwrap();
        let base = Timestamp::from_secs(1_588_926_502);
        assert_eq!(
            t("2020-05-08T08:28:22.2Z").at,
            Timestamp::from_nanos(base.nanos() + 200_000_000)
        );
        assert!(t("2020-05-08T08:28:22.2Z").at < t("2020-05-08T08:28:22.7Z").at);
        assert_eq!(t("2020-05-08T08:28:22Z").resolution, NANOS);
        assert_eq!(t("2020-05-08T08:28:22.123Z").resolution, 1_000_000);
        assert_eq!(t("2020-05-08T08:28:22.123456789Z").resolution, 1);
        assert_eq!(t("2020-05-08T08:28:22.1234567891Z").resolution, 1);
        // Known to the second: proven "after" only from the next second.
        assert_eq!(t("2020-05-08T08:28:22Z").proven_after(), base.plus_secs(1));
        assert_eq!(Moment::exact(base).proven_after(), base);
    }

    #[test]
    fn formats_round_trip() {
        for t in [0, 1_588_926_502, 1_800_000_000] {
            let t = Timestamp::from_secs(t);
            assert_eq!(parse_rfc3339(&format_rfc3339(t)), Some(t));
        }
        let t = Timestamp::from_secs(1_588_926_502);
        assert_eq!(format_rfc3339(t), "2020-05-08T08:28:22Z");
        let half = Timestamp::from_nanos(t.nanos() + 500_000_000);
        assert_eq!(format_rfc3339(half), "2020-05-08T08:28:22.5Z");
        assert_eq!(parse_rfc3339(&format_rfc3339(half)), Some(half));
    }
}
