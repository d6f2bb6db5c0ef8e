//! Duration grammars: Kuma's (`24h`, `90d`: one integer, one unit) and Go's, which Kuma decodes
//! protobuf durations with (`10s`, `1m30s`, `500ms`).

use std::time::Duration;

/// Parses Kuma's duration grammar, `^(\d+)(y|w|d|h|m|s|ms)$` or a bare `0`; `1h30m` is invalid.
pub(crate) fn parse_kuma(text: &str) -> Option<Duration> {
    if text == "0" {
        return Some(Duration::ZERO);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let n: u64 = number.parse().ok()?;
    let seconds = |factor: u64| n.checked_mul(factor).map(Duration::from_secs);
    match unit {
        "y" => seconds(365 * 86_400),
        "w" => seconds(7 * 86_400),
        "d" => seconds(86_400),
        "h" => seconds(3_600),
        "m" => seconds(60),
        "s" => seconds(1),
        "ms" => Some(Duration::from_millis(n)),
        _ => None,
    }
}

/// True for what Kuma decodes as a `google.protobuf.Duration`: its JSON decoder (jsonpb) reads the
/// string with Go's `time.ParseDuration`, so `10s`, `0.5s`, `1m30s`, `500ms` and `0` are all valid.
pub(crate) fn is_go_duration(text: &str) -> bool {
    go_nanos(text).is_some()
}

/// A duration in Go's `time.ParseDuration` grammar (what `GET /config` prints: `10s`, `5m0s`,
/// `72h0m0s`); a negative one is `None`.
pub(crate) fn parse_go(text: &str) -> Option<Duration> {
    if text.starts_with('-') && text != "-0" {
        return None;
    }
    go_nanos(text).map(|n| Duration::from_nanos(n as u64))
}

fn go_nanos(text: &str) -> Option<u128> {
    const NANOS: [(&str, u128); 8] = [
        ("ns", 1),
        ("us", 1_000),
        ("\u{b5}s", 1_000),
        ("\u{3bc}s", 1_000),
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
        ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
    ];
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if body == "0" {
        return Some(0);
    }
    if body.is_empty() {
        return None;
    }
    let mut rest = body;
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let whole_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (whole, after) = rest.split_at(whole_len);
        let (fraction, after) = match after.strip_prefix('.') {
            Some(f) => {
                let n = f.bytes().take_while(u8::is_ascii_digit).count();
                f.split_at(n)
            }
            None => ("", after),
        };
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let unit_len = after
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let &(_, per) = NANOS.iter().find(|(u, _)| *u == unit)?;
        let Ok(whole) = (if whole.is_empty() {
            Ok(0)
        } else {
            whole.parse::<u128>()
        }) else {
            return None;
        };
        // The fraction adds less than one unit; its first 18 digits are plenty for the bound.
        let digits = &fraction[..fraction.len().min(18)];
        let part = digits.parse::<u128>().unwrap_or(0) * per / 10u128.pow(digits.len() as u32);
        total = total
            .saturating_add(whole.saturating_mul(per))
            .saturating_add(part);
        if total > i64::MAX as u128 {
            return None;
        }
        rest = after;
    }
    Some(total)
}

/// Formats a duration in the largest whole Kuma unit, for messages.
pub(crate) fn display(d: Duration) -> String {
    let s = d.as_secs();
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if s >= size && s.is_multiple_of(size) {
            return format!("{}{unit}", s / size);
        }
    }
    format!("{s}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kuma_grammar_is_one_integer_and_one_unit() {
        assert_eq!(parse_kuma("24h"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_kuma("1y"), Some(Duration::from_secs(365 * 86_400)));
        assert_eq!(parse_kuma("150ms"), Some(Duration::from_millis(150)));
        assert_eq!(parse_kuma("0"), Some(Duration::ZERO));
        for bad in [
            "",
            "1h30m",
            "h",
            "1.5h",
            "-1h",
            "10",
            "1 h",
            "1H",
            "99999999999999999999y",
        ] {
            assert_eq!(parse_kuma(bad), None, "{bad}");
        }
    }

    #[test]
    fn go_durations_as_kuma_decodes_request_timeouts() {
        for good in [
            "10s",
            "0.5s",
            "-1s",
            "1.000000001s",
            "1h30m",
            "1m",
            "500ms",
            "0",
            "1.5h",
            ".5s",
            "1.s",
            "2h45m10.5s",
            "3us",
            "3\u{b5}s",
            "+5m",
        ] {
            assert!(is_go_duration(good), "{good}");
        }
        for bad in [
            "10",
            "s",
            "",
            "1 m",
            "1d",
            "1M",
            "-",
            ".s",
            "1h30",
            "9999999999h",
            "1m 30s",
        ] {
            assert!(!is_go_duration(bad), "{bad}");
        }
        assert_eq!(display(Duration::from_secs(90 * 86_400)), "90d");
    }
}
