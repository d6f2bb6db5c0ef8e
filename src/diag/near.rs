//! Did-you-mean: the known names closest to a mistyped one, by edit distance (optimal string
//! alignment: insertions, deletions, substitutions and swaps of two neighbours each cost one).

/// The edit distance between `a` and `b`, case-insensitive (`spiffeId` is one step from nothing
/// but `spiffeID`).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows: the one before the previous is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j] + 1)
                .min(row[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()]
}

/// How far a typo may be from what was meant: one edit for short names, a third of the length
/// for long ones (`enabledBackned` is one swap from `enabledBackend`).
fn tolerance(name: &str) -> usize {
    (name.chars().count() / 3).max(1)
}

/// The candidates close enough to `name`, nearest first (ties in the candidates' order), at
/// most `limit`. A case-only difference counts as distance zero but is still a different key.
pub fn closest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    limit: usize,
) -> Vec<&'c str> {
    let mut near: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= tolerance(name))
        .collect();
    near.sort_by_key(|(d, _)| *d);
    near.into_iter().take(limit).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_users_make_are_near() {
        assert_eq!(distance("enabledBackned", "enabledBackend"), 1);
        assert_eq!(distance("mtsl", "mtls"), 1);
        assert_eq!(distance("mdoe", "mode"), 1);
        assert_eq!(distance("skipValidaton", "skipValidation"), 1);
        assert_eq!(distance("spiffeId", "spiffeID"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        let keys = ["mode", "type", "name", "conf", "dpCert"];
        assert_eq!(closest("mdoe", keys, 3), ["mode"]);
        assert_eq!(closest("nmae", keys, 3), ["name"]);
        assert_eq!(
            closest("spiffeId", ["spiffe", "spiffeID"], 3),
            ["spiffeID", "spiffe"]
        );
        assert!(closest("issuer", keys, 3).is_empty());
        assert_eq!(closest("typ", ["type", "tip", "tap"], 2), ["type", "tip"]);
    }
}
