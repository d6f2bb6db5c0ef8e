//! Duration grammars: Kuma's (`24h`, `90d`: one integer, one unit) and protobuf's (`10s`, `0.5s`).

use std::time::Duration;

/// Parses Kuma's duration grammar, `^(\d+)(y|w|d|h|m|s|ms)$` or a bare `0`; `1h30m` is invalid.
pub fn parse_kuma(text: &str) -> Option<Duration> {
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

/// True for a protobuf JSON duration: seconds with up to nine decimals and an `s` suffix.
pub fn is_proto_duration(text: &str) -> bool {
    let Some(body) = text.strip_suffix('s') else {
        return false;
    };
    let body = body.strip_prefix('-').unwrap_or(body);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match body.split_once('.') {
        None => all_digits(body),
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction) && fraction.len() <= 9,
    }
}

/// Formats a duration in the largest whole Kuma unit, for messages.
pub fn display(d: Duration) -> String {
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
    fn proto_durations_are_seconds() {
        for good in ["10s", "0.5s", "-1s", "1.000000001s"] {
            assert!(is_proto_duration(good), "{good}");
        }
        for bad in ["10", "1m", "s", ".5s", "1.s", "1.0000000001s", ""] {
            assert!(!is_proto_duration(bad), "{bad}");
        }
        assert_eq!(display(Duration::from_secs(90 * 86_400)), "90d");
    }
}
