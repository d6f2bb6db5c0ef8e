//! Bit masks of 64 bytes for the state reader's fast path: which bytes are JSON whitespace, which
//! end a plain string (a quote, a backslash or a control character) and which are not ASCII,
//! found sixteen bytes at a time with SSE2 on x86_64 and a byte at a time elsewhere.

/// The masks of 64 bytes: bit `n` stands for byte `n`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Masks {
    /// Space, tab, line feed and carriage return.
    pub(crate) blank: u64,
    /// A quote, a backslash or a control character (below 0x20).
    pub(crate) special: u64,
    /// A byte of 0x80 or above.
    pub(crate) high: u64,
}

/// The masks of `bytes`, a byte at a time: the reference the SSE2 version is tested against, and
/// the reader's on other targets.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub(crate) fn bytewise(bytes: &[u8; 64]) -> Masks {
    let mut masks = Masks::default();
    for (n, &byte) in bytes.iter().enumerate() {
        let bit = 1u64 << n;
        if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            masks.blank |= bit;
        }
        if matches!(byte, b'"' | b'\\' | 0..=0x1f) {
            masks.special |= bit;
        }
        if byte >= 0x80 {
            masks.high |= bit;
        }
    }
    masks
}

/// The masks of `bytes`.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn of(bytes: &[u8; 64]) -> Masks {
    bytewise(bytes)
}

/// The masks of `bytes`, sixteen at a time: SSE2 is part of every x86_64 CPU, so no feature
/// detection is needed; `safe_arch` wraps the intrinsics without `unsafe` in this crate.
#[cfg(target_arch = "x86_64")]
pub(crate) fn of(bytes: &[u8; 64]) -> Masks {
    let (lanes, _) = bytes.as_chunks::<16>();
    let mut masks = Masks::default();
    for (n, lane) in lanes.iter().enumerate() {
        let lane = sse2::lane(lane);
        let shift = 16 * n;
        masks.blank |= lane.blank << shift;
        masks.special |= lane.special << shift;
        masks.high |= lane.high << shift;
    }
    masks
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, min_u8_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };

    /// The masks of sixteen bytes, in the low bits.
    pub(super) struct Lane {
        pub(super) blank: u64,
        pub(super) special: u64,
        pub(super) high: u64,
    }

    #[inline(always)]
    pub(super) fn lane(bytes: &[u8; 16]) -> Lane {
        let v = load_unaligned_m128i(bytes);
        let is = |byte: u8| cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(byte as i8));
        let blank = bitor_m128i(
            bitor_m128i(is(b' '), is(b'\n')),
            bitor_m128i(is(b'\t'), is(b'\r')),
        );
        // A byte at most 0x1f is its own minimum with 0x1f.
        let control = cmp_eq_mask_i8_m128i(min_u8_m128i(v, set_splat_i8_m128i(0x1f)), v);
        let special = bitor_m128i(bitor_m128i(is(b'"'), is(b'\\')), control);
        let bits = |m| u64::from(move_mask_i8_m128i(m) as u16);
        Lane {
            blank: bits(blank),
            special: bits(special),
            high: bits(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_byte_value_is_classed_as_the_byte_loop_classes_it() {
        for first in (0..=255u8).step_by(64) {
            let bytes: [u8; 64] = std::array::from_fn(|n| first.wrapping_add(n as u8));
            assert_eq!(of(&bytes), bytewise(&bytes), "bytes from {first}");
        }
        let mut bytes = [b'.'; 64];
        bytes[..10].copy_from_slice(b"  \"a\\b\"\t\xc3\xa9");
        let masks = of(&bytes);
        assert_eq!(masks.blank, 0b1000_0011);
        assert_eq!(masks.special, 0b1101_0100);
        assert_eq!(masks.high, 0b11_0000_0000);
    }

    proptest! {
        #[test]
        fn the_sse2_masks_are_the_byte_loop_masks(bytes in proptest::collection::vec(
            prop_oneof![Just(b' '), Just(b'"'), Just(b'\\'), Just(b'\n'), any::<u8>()], 64)) {
            let bytes: [u8; 64] = bytes.try_into().unwrap();
            prop_assert_eq!(of(&bytes), bytewise(&bytes));
        }
    }
}
