//! The state reader's fast path: one element of `items` read by hand into the same `Item` serde
//! reads, for the shapes Kuma's REST API and kumactl print for a proxy. Whatever it does not
//! read exactly as serde would (an escape in a kept string, a duplicate field, a number or type
//! read leniently, the Kubernetes and MeshInsight shapes) it hands back untouched, and serde
//! reads that element: so what is accepted, and every error and its place, stay serde's.

use std::borrow::Cow;

use super::few::Few;
use super::mask::{self, Masks};
use super::wire::{
    Backends, Counter, Dataplane, DiscoveryStats, Inbound, Insight, Item, Lenient, MtlsField,
    Networking, Port, Subscription, SubscriptionStatus, Tags, Text, Timestamp,
};

/// What the fast path made of the bytes at the start of a slice.
pub(crate) enum Scanned {
    /// The element was read and handed on: what the receiver said, and the bytes it took.
    Item(Result<(), String>, usize),
    /// The slice ends inside the element, and everything before its end was of the shapes read
    /// here: serde would say the same, so the caller reads on without asking it.
    Cut,
    /// Something serde must judge.
    Other,
}

/// Reads the element of `items` at the start of `bytes` and hands it to `give` where it was
/// built (the item is large, and each move of it showed in profiles).
pub(crate) fn item<'a>(
    bytes: &'a [u8],
    give: impl FnOnce(&mut Item<'a>) -> Result<(), String>,
) -> Scanned {
    let mut item = Item::default();
    match item_into(bytes, &mut item) {
        Scanned::Item(_, used) => Scanned::Item(give(&mut item), used),
        other => other,
    }
}

/// Reads the element of `items` at the start of `bytes` into `item`, which must be empty
/// (`Item::default()`), where the caller keeps it; what is in `item` after anything but
/// `Scanned::Item` is to be dropped.
pub(crate) fn item_into<'a>(bytes: &'a [u8], item: &mut Item<'a>) -> Scanned {
    let mut scan = Scan {
        b: bytes,
        i: 0,
        cut: false,
        window: Window::default(),
    };
    match scan.item(item) {
        Some(()) => Scanned::Item(Ok(()), scan.i),
        None if scan.cut => Scanned::Cut,
        None => Scanned::Other,
    }
}

/// A cursor over the element's bytes; every reading method returns `None` to hand the element
/// to serde, with `cut` set when it was because the bytes ran out.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    cut: bool,
    window: Window,
}

/// The masks of the 64 bytes from `at`, where whitespace and strings are scanned: bytes past the
/// end of the slice count as zeros (not blank, and special), so both scans stop at the end and
/// find it cut there.
struct Window {
    at: usize,
    masks: Masks,
}

impl Default for Window {
    fn default() -> Self {
        // No cursor is at `usize::MAX`, so the first scan loads the window.
        Window {
            at: usize::MAX,
            masks: Masks::default(),
        }
    }
}

/// A string of digits as `str::parse::<u64>` reads it: one leading `+` allowed, no overflow.
fn decimal(bytes: &[u8]) -> Option<u64> {
    let digits = bytes.strip_prefix(b"+").unwrap_or(bytes);
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &c| {
        c.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(u64::from(c - b'0')))?
    })
}

/// Values of `kuma.io/protocol` taken from here (`known_text`); any other is read as any text.
const PROTOCOLS: &[&str] = &["http", "tcp", "grpc", "http2", "kafka"];

/// serde's derive refuses a field named twice; the fast path leaves that to serde.
fn once(seen: &mut u32, bit: u32) -> Option<()> {
    let mask = 1 << bit;
    (*seen & mask == 0).then(|| *seen |= mask)
}

impl<'a> Scan<'a> {
    /// The byte at the cursor, which must be there.
    fn byte(&mut self) -> Option<u8> {
        // `cut` is only ever set: a `None` ends the scan (every reader passes it on), and a
        // store on every byte read showed in profiles.
        match self.b.get(self.i) {
            Some(&byte) => Some(byte),
            None => {
                self.cut = true;
                None
            }
        }
    }

    /// The masks of the window holding the cursor, and the cursor's place in it.
    #[inline]
    fn masks(&mut self) -> (Masks, u32) {
        let offset = self.i.wrapping_sub(self.window.at);
        if self.i < self.window.at || offset >= 64 {
            self.load_window();
            return (self.window.masks, 0);
        }
        (self.window.masks, offset as u32)
    }

    /// Takes the masks of the 64 bytes from the cursor (out of line: once per 64 bytes scanned).
    #[inline(never)]
    fn load_window(&mut self) {
        let rest = self.b.get(self.i..).unwrap_or_default();
        let masks = match rest.first_chunk::<64>() {
            Some(bytes) => mask::of(bytes),
            None => {
                let mut padded = [0; 64];
                padded[..rest.len()].copy_from_slice(rest);
                mask::of(&padded)
            }
        };
        self.window = Window { at: self.i, masks };
    }

    /// Moves the cursor past the window it is in.
    fn past_window(&mut self) {
        self.i = self.window.at + 64;
    }

    /// The next byte that is not JSON whitespace, not consumed, which must be there.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        // Most keys and values follow a quote, colon, comma or bracket directly.
        match self.byte()? {
            b' ' | b'\t' | b'\n' | b'\r' => self.after_blank(),
            c => Some(c),
        }
    }

    /// `peek` past whitespace at the cursor.
    #[inline]
    fn after_blank(&mut self) -> Option<u8> {
        // One space, as after a colon.
        self.i += 1;
        match self.byte()? {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            c => return Some(c),
        }
        loop {
            let (masks, offset) = self.masks();
            let other = !masks.blank >> offset;
            if other != 0 {
                self.i += other.trailing_zeros() as usize;
                return self.byte();
            }
            self.past_window();
        }
    }

    /// Moves the cursor to the next quote, backslash or control character, or to the end of the
    /// bytes; whether a byte of 0x80 or above was passed.
    #[inline]
    fn skip_plain(&mut self) -> bool {
        let mut high = 0;
        loop {
            let (masks, offset) = self.masks();
            let special = masks.special >> offset;
            let passed = masks.high >> offset;
            if special != 0 {
                let before = special.trailing_zeros();
                self.i += before as usize;
                return (high | (passed & ((1 << before) - 1))) != 0;
            }
            high |= passed;
            self.past_window();
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.i += 1)
    }

    /// A string with no escape and no control character, as UTF-8 (serde validates kept strings).
    fn string(&mut self) -> Option<&'a str> {
        let (bytes, _) = self.plain_string()?;
        std::str::from_utf8(bytes).ok()
    }

    /// The bytes of a string of ASCII characters, for values read from bytes (instants and
    /// counts, four and two a proxy: building a `str` showed in profiles). Either is written in
    /// ASCII or not read at all, so any other string is serde's to judge.
    fn ascii_string(&mut self) -> Option<&'a [u8]> {
        let (bytes, ascii) = self.plain_string()?;
        ascii.then_some(bytes)
    }

    /// The bytes of a string with no escape and no control character, and whether they are all
    /// ASCII (so valid UTF-8 without a check).
    #[inline(always)]
    fn plain_string(&mut self) -> Option<(&'a [u8], bool)> {
        self.eat(b'"')?;
        let start = self.i;
        let high = self.skip_plain();
        if self.byte()? != b'"' {
            return None;
        }
        let bytes = &self.b[start..self.i];
        self.i += 1;
        Some((bytes, !high))
    }

    /// A string skipped as serde skips one: escapes checked, no UTF-8 check.
    fn skip_string(&mut self) -> Option<()> {
        self.eat(b'"')?;
        loop {
            self.skip_plain();
            match self.byte()? {
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\\' => {
                    self.i += 1;
                    match self.byte()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 1,
                        b'u' => {
                            for _ in 0..4 {
                                self.i += 1;
                                if !self.byte()?.is_ascii_hexdigit() {
                                    return None;
                                }
                            }
                            self.i += 1;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// `null`, `true` or `false`, as serde checks them.
    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let rest = &self.b[self.i..];
        if rest.starts_with(word) {
            self.i += word.len();
            return Some(());
        }
        // A cut word: serde too would read on.
        self.cut = word.starts_with(rest);
        None
    }

    /// Whether the value at the cursor is `null`, consuming it when it is.
    fn null(&mut self) -> Option<bool> {
        if self.peek()? != b'n' {
            return Some(false);
        }
        self.literal(b"null")?;
        Some(true)
    }

    /// A number skipped with serde's grammar (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`).
    fn skip_number(&mut self) -> Option<()> {
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.byte()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            self.some_digits()?;
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            self.some_digits()?;
        }
        Some(())
    }

    fn digits(&mut self) {
        while matches!(self.b.get(self.i), Some(b'0'..=b'9')) {
            self.i += 1;
        }
    }

    /// At least one digit, and the byte after them (a number ends before the next byte).
    fn some_digits(&mut self) -> Option<()> {
        let start = self.i;
        self.digits();
        self.byte()?;
        (self.i > start).then_some(())
    }

    /// A whole number without sign, fraction or exponent that fits in 19 digits (so in a `u64`);
    /// serde reads any other number as another type.
    fn unsigned(&mut self) -> Option<u64> {
        let start = self.i;
        self.digits();
        let digits = &self.b[start..self.i];
        let next = self.byte()?;
        let plain = !digits.is_empty() && (digits.len() == 1 || digits[0] != b'0');
        if !plain || digits.len() > 19 || matches!(next, b'.' | b'e' | b'E') {
            return None;
        }
        Some(digits.iter().fold(0, |n, d| n * 10 + u64::from(d - b'0')))
    }

    /// Any value, checked as serde checks a value it ignores (iteratively, as serde does: no
    /// depth limit there; here 64 levels, past which serde judges).
    fn skip(&mut self) -> Option<()> {
        // One bit per open container, 1 for an object.
        let (mut stack, mut depth) = (0u64, 0u32);
        loop {
            match self.peek()? {
                b'"' => self.skip_string()?,
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.skip_number()?,
                open @ (b'{' | b'[') => {
                    if depth == 64 {
                        return None;
                    }
                    self.i += 1;
                    let object = open == b'{';
                    let close = if object { b'}' } else { b']' };
                    if self.peek()? != close {
                        (stack, depth) = (stack << 1 | u64::from(object), depth + 1);
                        if object {
                            self.skip_key()?;
                        }
                        continue;
                    }
                    self.i += 1;
                }
                _ => return None,
            }
            // After a value: close what ends here, then a comma or the end of the value.
            loop {
                if depth == 0 {
                    return Some(());
                }
                let object = stack & 1 == 1;
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        if object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    b'}' if object => {}
                    b']' if !object => {}
                    _ => return None,
                }
                self.i += 1;
                (stack, depth) = (stack >> 1, depth - 1);
            }
        }
    }

    fn skip_key(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        self.skip_string()?;
        self.eat(b':')
    }

    /// An object's fields, each key's bytes (valid UTF-8, as serde checks every key it reads)
    /// handed to `field` with the cursor on its value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a [u8]) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        loop {
            let (key, ascii) = self.plain_string()?;
            if !ascii {
                std::str::from_utf8(key).ok()?;
            }
            self.eat(b':')?;
            field(self, key)?;
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A list's elements, each read by `element`.
    fn list<T>(&mut self, mut element: impl FnMut(&mut Self) -> Option<T>) -> Option<Few<T>> {
        let mut out = Few::default();
        self.elements(|s| {
            out.push(element(s)?);
            Some(())
        })?;
        Some(out)
    }

    /// A list, each element read by `each`.
    fn elements(&mut self, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.i += 1;
            return Some(());
        }
        loop {
            each(self)?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `null` as `None`, else the value read by `read` into a `T` built where it is kept: a
    /// struct returned by value is copied at each level, and those copies showed in profiles.
    fn optional_in<T: Default>(
        &mut self,
        slot: &mut Option<T>,
        read: impl FnOnce(&mut Self, &mut T) -> Option<()>,
    ) -> Option<()> {
        if self.null()? {
            *slot = None;
            return Some(());
        }
        read(self, slot.insert(T::default()))
    }

    /// A list's elements, each read by `element` into its place in the list.
    fn list_in<T: Default>(
        &mut self,
        mut element: impl FnMut(&mut Self, &mut T) -> Option<()>,
    ) -> Option<Few<T>> {
        let mut out: Few<T> = Few::default();
        self.elements(|s| {
            out.push(T::default());
            let last = out.len() - 1;
            element(s, &mut out[last])
        })?;
        Some(out)
    }

    /// `null` as `None`, else what `read` makes of the value.
    fn optional<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.null()? {
            return Some(None);
        }
        read(self).map(Some)
    }

    fn text(&mut self) -> Option<Option<Text<'a>>> {
        self.optional(|s| s.string().map(|t| Text(Cow::Borrowed(t))))
    }

    /// `text`, a value among `known` taken from them: the same text, without the UTF-8 check
    /// (values every proxy repeats, such as its `type`).
    fn known_text(&mut self, known: &[&'static str]) -> Option<Option<Text<'a>>> {
        self.optional(|s| {
            let (bytes, _) = s.plain_string()?;
            let known = known.iter().find(|word| word.as_bytes() == bytes).copied();
            let text = known.or_else(|| std::str::from_utf8(bytes).ok())?;
            Some(Text(Cow::Borrowed(text)))
        })
    }

    fn timestamp(&mut self) -> Option<Option<Timestamp>> {
        self.optional(|s| crate::input::time::parse_rfc3339_bytes(s.ascii_string()?).map(Timestamp))
    }

    /// A count: a plain number, a string of digits, or `null` for zero (`Counter`).
    fn counter(&mut self) -> Option<Counter> {
        match self.peek()? {
            b'0'..=b'9' => self.unsigned().map(Counter),
            b'"' => decimal(self.ascii_string()?).map(Counter),
            _ => self.null()?.then_some(Counter(0)),
        }
    }

    /// A port (`Port`): a number or a string of digits; a string of anything else reads as
    /// absent, as serde reads it.
    fn port(&mut self) -> Option<Port> {
        match self.peek()? {
            b'0'..=b'9' => self.unsigned().map(|n| Port(u32::try_from(n).ok())),
            b'"' => Some(Port(self.string()?.parse().ok())),
            _ => self.null()?.then_some(Port(None)),
        }
    }

    /// A tag's value or an inbound's name (`Lenient`): a string or `null`.
    fn lenient(&mut self) -> Option<Lenient<'a>> {
        self.text().map(Lenient)
    }
}

impl<'a> Scan<'a> {
    /// One element of `items` (`Item`): a later field of the same name replaces an earlier one.
    fn item(&mut self, item: &mut Item<'a>) -> Option<()> {
        self.object(|s, key| {
            match key {
                b"type" => item.type_ = s.known_text(&["DataplaneOverview"])?,
                b"kind" => item.kind = s.text()?,
                // Kuma's first mesh, and most users' only one, is `default`.
                b"mesh" => item.mesh = s.known_text(&["default"])?,
                b"name" => item.name = s.text()?,
                b"labels" => s.optional_in(&mut item.labels, Self::tags)?,
                b"dataplane" => s.optional_in(&mut item.dataplane, Self::dataplane)?,
                b"dataplaneInsight" => s.optional_in(&mut item.dataplane_insight, Self::insight)?,
                b"subscriptions" => item.subscriptions = s.optional(Self::subscriptions)?,
                b"mTLS" => s.optional_in(&mut item.mtls, |s, m| s.mtls(m))?,
                // The Kubernetes, MeshInsight and zone shapes: serde's.
                b"metadata" | b"status" | b"spec" | b"dataplanes" | b"policies" | b"zone"
                | b"zoneInsight" | b"zoneEgressInsight" => return None,
                _ => s.skip()?,
            }
            Some(())
        })
    }

    fn dataplane(&mut self, dataplane: &mut Dataplane<'a>) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| match key {
            b"networking" => {
                once(&mut seen, 0)?;
                s.optional_in(&mut dataplane.networking, Self::networking)
            }
            _ => s.skip(),
        })
    }

    fn networking(&mut self, networking: &mut Networking<'a>) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            match key {
                b"inbound" => {
                    once(&mut seen, 0)?;
                    networking.inbound = s.optional(|s| s.list_in(Self::inbound))?;
                }
                b"gateway" => {
                    once(&mut seen, 1)?;
                    s.optional_in(&mut networking.gateway, Self::inbound)?;
                }
                _ => s.skip()?,
            }
            Some(())
        })
    }

    fn inbound(&mut self, inbound: &mut Inbound<'a>) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            match key {
                b"port" => {
                    once(&mut seen, 0)?;
                    inbound.port = s.port()?;
                }
                b"name" => {
                    once(&mut seen, 1)?;
                    inbound.name = s.lenient()?;
                }
                b"tags" => {
                    once(&mut seen, 2)?;
                    s.optional_in(&mut inbound.tags, Self::tags)?;
                }
                _ => s.skip()?,
            }
            Some(())
        })
    }

    /// Tags or labels (`Tags`): the service and the zone named twice are serde's to refuse.
    fn tags(&mut self, tags: &mut Tags<'a>) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            // Kuma's own keys are named from here, not checked as UTF-8 again.
            let (key, value) = match key {
                b"kuma.io/service" => {
                    once(&mut seen, 0)?;
                    let value = s.text()?;
                    tags.service.clone_from(&value);
                    ("kuma.io/service", value)
                }
                b"kuma.io/zone" => {
                    once(&mut seen, 1)?;
                    let value = s.text()?;
                    tags.zone.clone_from(&value);
                    ("kuma.io/zone", value)
                }
                b"kuma.io/protocol" => ("kuma.io/protocol", s.known_text(PROTOCOLS)?),
                _ => (std::str::from_utf8(key).ok()?, s.lenient()?.0),
            };
            if let Some(value) = value {
                tags.pairs.push((Text(Cow::Borrowed(key)), value));
            }
            Some(())
        })
    }

    /// A DataplaneInsight's body (`Insight`).
    fn insight(&mut self, insight: &mut Insight<'a>) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            match key {
                b"subscriptions" => {
                    once(&mut seen, 0)?;
                    insight.subscriptions = s.optional(Self::subscriptions)?;
                }
                b"mTLS" => {
                    once(&mut seen, 1)?;
                    s.optional_in(&mut insight.mtls, Self::mtls)?;
                }
                _ => s.skip()?,
            }
            Some(())
        })
    }

    fn subscriptions(&mut self) -> Option<Few<Subscription>> {
        self.list_in(Self::subscription)
    }

    fn subscription(&mut self, sub: &mut Subscription) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            match key {
                b"connectTime" => {
                    once(&mut seen, 0)?;
                    sub.connect_time = s.timestamp()?;
                }
                b"disconnectTime" => {
                    once(&mut seen, 1)?;
                    sub.disconnect_time = s.timestamp()?;
                }
                b"status" => {
                    once(&mut seen, 2)?;
                    s.optional_in(&mut sub.status, Self::subscription_status)?;
                }
                _ => s.skip()?,
            }
            Some(())
        })
    }

    fn subscription_status(&mut self, status: &mut SubscriptionStatus) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            let (bit, slot) = match key {
                b"lastUpdateTime" => {
                    once(&mut seen, 0)?;
                    status.last_update_time = s.timestamp()?;
                    return Some(());
                }
                b"total" => (1, &mut status.total),
                b"cds" => (2, &mut status.cds),
                b"eds" => (3, &mut status.eds),
                b"lds" => (4, &mut status.lds),
                b"rds" => (5, &mut status.rds),
                _ => return s.skip(),
            };
            once(&mut seen, bit)?;
            s.optional_in(slot, Self::stats)
        })
    }

    fn stats(&mut self, stats: &mut DiscoveryStats) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            let (bit, slot) = match key {
                b"responsesSent" => (0, &mut stats.responses_sent),
                b"responsesAcknowledged" => (1, &mut stats.responses_acknowledged),
                b"responsesRejected" => (2, &mut stats.responses_rejected),
                _ => return s.skip(),
            };
            once(&mut seen, bit)?;
            *slot = s.counter()?;
            Some(())
        })
    }

    /// A proxy's `mTLS` (`MtlsField`); a MeshInsight's maps of counts are serde's.
    fn mtls(&mut self, mtls: &mut MtlsField<'a>) -> Option<()> {
        let mut seen = 0;
        self.object(|s, key| {
            match key {
                b"issuedBackend" => {
                    once(&mut seen, 0)?;
                    mtls.issued_backend = s.text()?;
                }
                b"supportedBackends" => {
                    once(&mut seen, 1)?;
                    mtls.supported_backends = s.optional(|s| {
                        let names = s.list(|s| s.string().map(|t| Text(Cow::Borrowed(t))))?;
                        Some(Backends::Names(names))
                    })?;
                }
                b"certificateExpirationTime" => {
                    once(&mut seen, 2)?;
                    mtls.certificate_expiration_time = s.timestamp()?;
                }
                b"lastCertificateRegeneration" => {
                    once(&mut seen, 3)?;
                    mtls.last_certificate_regeneration = s.timestamp()?;
                }
                b"issuedBackends" => {
                    once(&mut seen, 4)?;
                    s.null()?.then_some(())?;
                }
                _ => s.skip()?,
            }
            Some(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// serde's reading of the element, as the reader's fallback does it: the item printed and the
    /// bytes it took, or whether its error was the end of the bytes.
    fn serde(bytes: &[u8]) -> Result<(String, usize), bool> {
        let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Item<'_>>();
        match stream.next() {
            Some(Ok(item)) => Ok((format!("{item:?}"), stream.byte_offset())),
            Some(Err(e)) => Err(e.is_eof()),
            None => Err(true),
        }
    }

    /// The fast path's contract: it reads an element exactly as serde does, says it is cut only
    /// where serde would, or leaves it to serde.
    fn check(bytes: &[u8]) -> &'static str {
        let text = String::from_utf8_lossy(bytes);
        let mut printed = String::new();
        match item(bytes, |item| {
            printed = format!("{item:?}");
            Ok(())
        }) {
            Scanned::Item(_, used) => {
                let read = serde(bytes).unwrap_or_else(|_| panic!("serde refuses {text}"));
                assert_eq!((printed, used), read, "{text}");
                "item"
            }
            Scanned::Cut => {
                // serde calls a number cut after its sign, point or exponent invalid, not cut;
                // the reader judges such an element again once it is whole.
                let in_number = matches!(bytes.last(), Some(b'-' | b'+' | b'.' | b'e' | b'E'));
                let serde_says = serde(bytes).err();
                assert!(
                    serde_says == Some(true) || in_number && serde_says.is_some(),
                    "cut: {text}"
                );
                "cut"
            }
            Scanned::Other => "other",
        }
    }

    const OVERVIEW: &str = r#"{
      "type": "DataplaneOverview", "mesh": "default", "name": "web-1.shop",
      "creationTime": "2026-11-01T10:00:00Z", "labels": {"kuma.io/zone": "east", "team": "web"},
      "dataplane": {"networking": {"address": "10.0.0.1",
        "inbound": [{"port": 8080, "servicePort": 80, "name": "http",
          "tags": {"kuma.io/service": "web_shop_svc_80", "kuma.io/protocol": "http", "v": null}},
          {"port": "9090", "tags": {"kuma.io/service": null}}],
        "outbound": [{"port": 10001, "tags": {"kuma.io/service": "db"}}],
        "admin": {"port": 9901}, "transparentProxying": {"redirectPortInbound": 15006}}},
      "dataplaneInsight": {
        "subscriptions": [{"id": "1", "controlPlaneInstanceId": "cp-0",
          "connectTime": "2026-11-27T08:00:00Z", "disconnectTime": null,
          "status": {"lastUpdateTime": "2026-11-27T08:01:00.5Z",
            "total": {"responsesSent": "42", "responsesAcknowledged": 41, "responsesRejected": null},
            "cds": {"responsesSent": "3"}, "eds": null, "lds": {}, "rds": {"other": [1.5e-3, true, {}]}},
          "version": {"kumaDp": {"version": "2.14.0", "features": ["a", "b"]}}},
          {"connectTime": "2026-11-26T08:00:00+01:00", "disconnectTime": "2026-11-26T09:00:00Z"}],
        "mTLS": {"certificateExpirationTime": "2026-11-28T11:00:00Z",
          "lastCertificateRegeneration": "2026-11-27T11:00:00Z", "certificateRegenerations": 3,
          "issuedBackend": "ca-1", "supportedBackends": ["ca-1", "ca-2"], "issuedBackends": null}},
      "note": "caf\u00e9 \"quoted\" \\ / \b\f\n\r\t", "ünïcode": "ok", "n": [-0.5E+2, 0, -7, {"": []}]
    }"#;

    #[test]
    fn kuma_shapes_take_the_fast_path_and_read_as_serde_reads_them() {
        let flat = r#"{"mesh": "default", "name": "a", "subscriptions": [], "mTLS": {"supportedBackends": null}}"#;
        let gateway = r#"{"name": "gw", "dataplane": {"networking": {"gateway": {"tags": {"kuma.io/service": "edge"}}, "inbound": null}}}"#;
        for text in [
            OVERVIEW,
            flat,
            gateway,
            "{}",
            " {\"items\": [1], \"next\": null} ",
        ] {
            assert_eq!(check(text.as_bytes()), "item", "{text}");
        }
        let scanned = item(OVERVIEW.as_bytes(), |item| {
            let item = std::mem::take(item);
            let inbound = &item.dataplane.unwrap().networking.unwrap().inbound.unwrap();
            assert_eq!(inbound[0].port, Port(Some(8080)));
            assert_eq!(inbound[1].port, Port(Some(9090)));
            assert_eq!(item.labels.unwrap().zone.as_deref(), Some("east"));
            Err("refused".to_string())
        });
        let Scanned::Item(taken, used) = scanned else {
            unreachable!()
        };
        assert_eq!((taken, used), (Err("refused".to_string()), OVERVIEW.len()));
    }

    #[test]
    fn counts_in_strings_read_as_str_parse_reads_them() {
        for text in [
            "0",
            "42",
            "+7",
            "+",
            "",
            "-1",
            "-0",
            " 1",
            "1 ",
            "0x1",
            "1.0",
            "٣",
            "18446744073709551615",
            "18446744073709551616",
            "+18446744073709551615",
            "00000000000000000000000042",
        ] {
            assert_eq!(
                decimal(text.as_bytes()),
                text.parse::<u64>().ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn what_serde_must_judge_is_left_to_it() {
        let cases = [
            r#"{"name": "we\"b"}"#,
            r#"{"na\u006de": "web"}"#,
            r#"{"metadata": {"name": "web"}}"#,
            r#"{"status": null}"#,
            r#"{"dataplane": {"networking": {}, "networking": {}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"port": 1.5}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"port": -1}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"port": 01}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"port": 12345678901234567890}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"port": true}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"name": 7}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"tags": {"kuma.io/zone": "a", "kuma.io/zone": "b"}}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [{"tags": {"v": ["x"]}}]}}}"#,
            r#"{"dataplane": {"networking": {"inbound": [null]}}}"#,
            r#"{"dataplane": []}"#,
            r#"{"mTLS": {"supportedBackends": {"ca-1": {"total": 1}}}}"#,
            r#"{"mTLS": {"supportedBackends": ["ca-1", null]}}"#,
            r#"{"mTLS": {"issuedBackends": {}}}"#,
            r#"{"subscriptions": [{"connectTime": "soon"}]}"#,
            r#"{"subscriptions": [{"status": {"total": {"responsesSent": -1}}}]}"#,
            r#"{"subscriptions": [{"status": {"total": {"responsesSent": "x"}}}]}"#,
            r#"{"subscriptions": [{"status": {"total": {"responsesSent": 1e2}}}]}"#,
            // Instants and counts are ASCII or not read here, in valid UTF-8 or not.
            r#"{"subscriptions": [{"connectTime": "2026-11-27T08:00:00Ž"}]}"#,
            r#"{"subscriptions": [{"status": {"total": {"responsesSent": "٣"}}}]}"#,
            r#"{"other": [1,]}"#,
            r#"{"other": {"a": 1,}}"#,
            r#"{"other": 1,}"#,
            r#"{"other": tru}"#,
            r#"{"other": nul}"#,
            r#"{"other": "\x"}"#,
            r#"{"other": "\u12G4"}"#,
            r#"{"other": 1.}"#,
            r#"{"other": -}"#,
            r#"{"other": 1e}"#,
            r#"{"other": {1: 2}}"#,
            // A bracket closing what it did not open, in a value skipped unread.
            r#"{"other": [1}, "name": "a"}"#,
            r#"{"other": {"a": 1], "name": "a"}"#,
            "{\"name\": \"a\u{1}b\"}",
            // Past the first eight bytes, where strings are scanned a word at a time.
            "{\"name\": \"abcdefghijklmnop\u{10}qrstuvwxyz\"}",
            "{\"name\": \"abcdefghijklmnop\u{1f}qrstuvwxyz\"}",
            "{\"abcdefghijklmnop\u{8}qrstuvwxyz\": 1}",
            // Past a blank, where indentation is skipped a word at a time.
            "{\"other\": 1, \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{0}\"x\": 2}",
            "{\"other\": 1, !\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\"x\": 2}",
            "{\"other\": \"a\u{1f}b\"}",
            "[]",
            "\"x\"",
        ];
        for text in cases {
            assert_eq!(check(text.as_bytes()), "other", "{text}");
        }
        let deep = format!("{{\"other\": {}{}}}", "[".repeat(65), "]".repeat(65));
        assert_eq!(check(deep.as_bytes()), "other");
        let deep = format!("{{\"other\": {}{}}}", "[".repeat(64), "]".repeat(64));
        assert_eq!(check(deep.as_bytes()), "item");
        for invalid in [
            &b"{\"name\": \"\xff\"}"[..],
            b"{\"subscriptions\": [{\"connectTime\": \"2026-11-27T08:00:00\xff\"}]}",
            b"{\"subscriptions\": [{\"status\": {\"total\": {\"responsesSent\": \"4\xff\"}}}]}",
        ] {
            assert_eq!(
                check(invalid),
                "other",
                "{}",
                String::from_utf8_lossy(invalid)
            );
        }
        // A key is checked too, wherever its non-ASCII byte sits.
        for key in [
            &b"\xff"[..],
            b"ab\xffc",
            b"abcdefghij\xff",
            b"\xffbcdefghij",
            &[0x80; 8],
        ] {
            let element = [&b"{\""[..], key, b"\": 1}"].concat();
            assert_eq!(check(&element), "other", "{}", String::from_utf8_lossy(key));
        }
        // serde does not check the UTF-8 of what it skips, so neither does the fast path.
        assert_eq!(check(b"{\"other\": \"\xff\"}"), "item");
    }

    #[test]
    fn an_element_cut_anywhere_is_cut_where_serde_says_so() {
        let mut cuts = 0;
        for end in 0..OVERVIEW.len() {
            match check(&OVERVIEW.as_bytes()[..end]) {
                "cut" => cuts += 1,
                "other" => assert!(
                    OVERVIEW.as_bytes()[..end].contains(&b'\\') || end == 0,
                    "{end}"
                ),
                kind => panic!("{kind} at {end}"),
            }
        }
        assert!(cuts > OVERVIEW.len() * 2 / 3, "{cuts}");
        for text in [
            r#"{"other": tr"#,
            r#"{"other": 1e+"#,
            r#"{"other": "\u12"#,
            r#"{"name": "x""#,
        ] {
            assert_eq!(check(text.as_bytes()), "cut", "{text}");
        }
    }

    /// An element whose strings and whitespace run across the 64-byte windows the scan's masks
    /// cover: `lead` blanks first, a name of `long` bytes with `odd` at `at`, and a run of `blank`
    /// whitespace before the mTLS.
    fn across_windows(lead: usize, long: usize, at: usize, odd: &str, blank: usize) -> String {
        let mut name = "n".repeat(long);
        name.insert_str(at.min(long), odd);
        let run: String = " \n\t\r".chars().cycle().take(blank).collect();
        format!(
            "{}{{\"name\": \"{name}\", \"other\": \"{name}\",{run}\"mTLS\": {{\"issuedBackend\": \"{name}\"}}}}",
            " ".repeat(lead)
        )
    }

    #[test]
    fn strings_and_whitespace_across_windows_read_as_serde_reads_them() {
        for lead in [0, 1, 31, 62, 63, 64, 65] {
            for (long, at) in [(0, 0), (63, 62), (64, 63), (65, 64), (130, 1), (130, 128)] {
                for blank in [0, 1, 63, 64, 65, 200] {
                    let plain = across_windows(lead, long, at, "é", blank);
                    assert_eq!(check(plain.as_bytes()), "item", "{plain}");
                    for odd in ["\\\"", "\u{1}"] {
                        let text = across_windows(lead, long, at, odd, blank);
                        assert_eq!(check(text.as_bytes()), "other", "{text}");
                    }
                    let end = plain.len() - 3;
                    assert_eq!(check(&plain.as_bytes()[..end]), "cut", "{plain}");
                }
            }
        }
    }

    #[test]
    fn a_key_is_checked_as_utf8_whichever_windows_its_bytes_fall_in() {
        // A byte that is not UTF-8 anywhere in a long key, and two at every distance (the scan
        // gathers the non-ASCII bits of each window of the key): serde refuses each such key.
        for first in 0..140 {
            for second in [
                None,
                Some(first + 1),
                Some(first + 63),
                Some(first + 64),
                Some(first + 65),
            ] {
                let mut key = vec![b'k'; 150];
                key[first] = 0xff;
                if let Some(at) = second.filter(|&at| at < key.len()) {
                    key[at] = 0xff;
                }
                let mut text = b"{\"name\": \"x\", \"".to_vec();
                text.extend_from_slice(&key);
                text.extend_from_slice(b"\": 1}");
                assert_eq!(check(&text), "other", "0xff at {first} and {second:?}");
            }
        }
    }

    #[test]
    fn every_item_of_the_fixtures_and_kumas_files_reads_as_serde_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![];
        for dir in ["fixtures", "../shared/reference/kuma"] {
            let mut stack = vec![root.join(dir)];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "json") {
                        files.push(path);
                    }
                }
            }
        }
        let mut fast = 0;
        for path in &files {
            let Ok(serde_json::Value::Object(top)) =
                serde_json::from_slice(&std::fs::read(path).unwrap())
            else {
                continue;
            };
            let items = top
                .get("items")
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default();
            for element in items {
                for text in [
                    element.to_string(),
                    serde_json::to_string_pretty(&element).unwrap(),
                ] {
                    if check(text.as_bytes()) == "item" {
                        fast += 1;
                    }
                }
            }
        }
        // The fixtures alone hold dozens of Kuma-shaped proxies the fast path must take.
        assert!(fast >= 40, "{fast} items took the fast path");
    }

    /// JSON values built from pieces that sit on every edge the fast path decides: every key it
    /// knows (and near misses) at every depth, with every kind of value.
    fn value() -> impl Strategy<Value = String> {
        let scalar = prop::sample::select(vec![
            "null",
            "true",
            "false",
            "0",
            "7",
            "-1",
            "-0",
            "1.5",
            "1e3",
            "65536",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "\"\"",
            "\"x\"",
            "\"ca-1\"",
            "\"12\"",
            "\"+12\"",
            "\"-3\"",
            "\"2026-11-27T08:00:00Z\"",
            "\"2026-11-27T08:00:00+02:00\"",
            "\"soon\"",
            "\"a\\\"b\"",
            "\"é\"",
            "\"\\u00e9\"",
        ])
        .prop_map(str::to_string);
        scalar.prop_recursive(4, 48, 5, |inner| {
            let key = prop::sample::select(vec![
                "type",
                "name",
                "mesh",
                "kind",
                "labels",
                "dataplane",
                "networking",
                "inbound",
                "gateway",
                "port",
                "tags",
                "kuma.io/service",
                "kuma.io/zone",
                "dataplaneInsight",
                "subscriptions",
                "connectTime",
                "disconnectTime",
                "status",
                "total",
                "cds",
                "rds",
                "responsesSent",
                "responsesAcknowledged",
                "responsesRejected",
                "lastUpdateTime",
                "mTLS",
                "issuedBackend",
                "supportedBackends",
                "certificateExpirationTime",
                "lastCertificateRegeneration",
                "issuedBackends",
                "metadata",
                "other",
                "Name",
                "na\\u006de",
                "",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec((key, inner), 0..5).prop_map(|fields| {
                    let fields: Vec<String> = fields
                        .iter()
                        .map(|(k, v)| format!("\"{k}\": {v}"))
                        .collect();
                    format!("{{{}}}", fields.join(", "))
                }),
            ]
        })
    }

    /// What a field of the item holds, to generate elements of the shape the fast path reads.
    #[derive(Clone, Copy, Debug)]
    enum Kind {
        Text,
        Time,
        Count,
        Port,
        Tags,
        Names,
        Object(&'static [(&'static str, Kind)]),
        List(&'static Kind),
    }

    const STATS: &[(&str, Kind)] = &[
        ("responsesSent", Kind::Count),
        ("responsesAcknowledged", Kind::Count),
        ("responsesRejected", Kind::Count),
    ];
    const STATUS: &[(&str, Kind)] = &[
        ("lastUpdateTime", Kind::Time),
        ("total", Kind::Object(STATS)),
        ("cds", Kind::Object(STATS)),
        ("eds", Kind::Object(STATS)),
        ("lds", Kind::Object(STATS)),
        ("rds", Kind::Object(STATS)),
    ];
    const SUBSCRIPTION: &[(&str, Kind)] = &[
        ("connectTime", Kind::Time),
        ("disconnectTime", Kind::Time),
        ("status", Kind::Object(STATUS)),
    ];
    const MTLS: &[(&str, Kind)] = &[
        ("issuedBackend", Kind::Text),
        ("supportedBackends", Kind::Names),
        ("certificateExpirationTime", Kind::Time),
        ("lastCertificateRegeneration", Kind::Time),
        ("issuedBackends", Kind::Text),
    ];
    const INSIGHT: &[(&str, Kind)] = &[
        ("subscriptions", Kind::List(&Kind::Object(SUBSCRIPTION))),
        ("mTLS", Kind::Object(MTLS)),
    ];
    const INBOUND: &[(&str, Kind)] = &[
        ("port", Kind::Port),
        ("name", Kind::Text),
        ("tags", Kind::Tags),
    ];
    const NETWORKING: &[(&str, Kind)] = &[
        ("inbound", Kind::List(&Kind::Object(INBOUND))),
        ("gateway", Kind::Object(INBOUND)),
    ];
    const DATAPLANE: &[(&str, Kind)] = &[("networking", Kind::Object(NETWORKING))];
    const ITEM: &[(&str, Kind)] = &[
        ("type", Kind::Text),
        ("kind", Kind::Text),
        ("mesh", Kind::Text),
        ("name", Kind::Text),
        ("labels", Kind::Tags),
        ("dataplane", Kind::Object(DATAPLANE)),
        ("dataplaneInsight", Kind::Object(INSIGHT)),
        ("subscriptions", Kind::List(&Kind::Object(SUBSCRIPTION))),
        ("mTLS", Kind::Object(MTLS)),
    ];

    /// A value of the kind, or now and then (one in eight) any value at all, or `null`.
    fn shaped(kind: Kind, depth: u32) -> BoxedStrategy<String> {
        let right = match kind {
            // With values the reader names from constants (`known_text`).
            Kind::Text => prop::sample::select(vec![
                "\"web\"",
                "\"ca-2\"",
                "\"\"",
                "\"default\"",
                "\"http\"",
                "\"DataplaneOverview\"",
            ])
            .prop_map(str::to_string)
            .boxed(),
            Kind::Time => prop::sample::select(vec![
                "\"2026-11-27T08:00:00Z\"",
                "\"2026-11-27T08:00:00.123+02:00\"",
            ])
            .prop_map(str::to_string)
            .boxed(),
            Kind::Count | Kind::Port => {
                prop::sample::select(vec!["0", "42", "\"42\"", "4294967296", "8080"])
                    .prop_map(str::to_string)
                    .boxed()
            }
            Kind::Names => prop::collection::vec(shaped(Kind::Text, depth), 0..3)
                .prop_map(|v| format!("[{}]", v.join(",")))
                .boxed(),
            Kind::Tags => prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "kuma.io/service",
                        "kuma.io/zone",
                        "kuma.io/protocol",
                        "team",
                        "v",
                    ]),
                    shaped(Kind::Text, depth),
                ),
                0..4,
            )
            .prop_map(|pairs| {
                let pairs: Vec<String> =
                    pairs.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{{}}}", pairs.join(","))
            })
            .boxed(),
            Kind::List(element) => prop::collection::vec(shaped(*element, depth + 1), 0..3)
                .prop_map(|v| format!("[{}]", v.join(",")))
                .boxed(),
            Kind::Object(fields) if depth < 6 => {
                let field =
                    prop::sample::select(fields.to_vec()).prop_flat_map(move |(key, kind)| {
                        shaped(kind, depth + 1).prop_map(move |v| format!("\"{key}\": {v}"))
                    });
                let key = prop::sample::select([&["other"], LEFT, LISTING].concat());
                let unknown = (key, value()).prop_map(|(k, v)| format!("\"{k}\": {v}"));
                prop::collection::vec(prop_oneof![4 => field, 1 => unknown], 0..6)
                    .prop_map(|fields| format!("{{{}}}", fields.join(", ")))
                    .boxed()
            }
            Kind::Object(_) => Just("{}".to_string()).boxed(),
        };
        prop_oneof![14 => right, 1 => value(), 1 => Just("null".to_string())].boxed()
    }

    /// The fields serde's derive reads for `T`, captured from its request for a struct.
    fn fields_of<'de, T: serde::Deserialize<'de>>() -> Vec<&'static str> {
        use serde::de::{Error, Visitor, value};
        struct Capture(&'static [&'static str]);
        impl<'de> serde::Deserializer<'de> for &mut Capture {
            type Error = value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, value::Error> {
                Err(value::Error::custom("not a struct"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, value::Error> {
                self.0 = fields;
                Err(value::Error::custom("captured"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut capture = Capture(&[]);
        let _ = T::deserialize(&mut capture);
        let mut fields = capture.0.to_vec();
        fields.sort_unstable();
        fields
    }

    fn names(schema: &[(&'static str, Kind)]) -> Vec<&'static str> {
        let mut names: Vec<_> = schema.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        names
    }

    /// The generated elements below name every field serde reads, so a field added to the
    /// serde types and not to the fast path shows there as a difference.
    #[test]
    fn the_generated_shapes_name_every_field_serde_reads() {
        for (schema, serde) in [
            (STATS, fields_of::<DiscoveryStats>()),
            (STATUS, fields_of::<SubscriptionStatus>()),
            (SUBSCRIPTION, fields_of::<Subscription>()),
            (MTLS, fields_of::<MtlsField>()),
            (INSIGHT, fields_of::<Insight>()),
            (INBOUND, fields_of::<Inbound>()),
            (NETWORKING, fields_of::<Networking>()),
            (DATAPLANE, fields_of::<Dataplane>()),
        ] {
            assert_eq!(names(schema), serde);
        }
        // An item's other keys: the shapes left to serde, and the listing's own, skipped by both.
        let mut item = names(ITEM);
        item.extend(LEFT.iter().chain(LISTING));
        item.sort_unstable();
        let mut serde = super::super::wire::Field::names();
        serde.sort_unstable();
        assert_eq!(item, serde);
    }

    /// Keys of an item the fast path leaves to serde, and those of a listing both skip in one.
    const LEFT: &[&str] = &[
        "metadata",
        "status",
        "spec",
        "dataplanes",
        "policies",
        "zone",
        "zoneInsight",
        "zoneEgressInsight",
    ];
    const LISTING: &[&str] = &["items", "next", "total", "meshctl"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn elements_of_kumas_shape_read_as_serde_reads_them(text in shaped(Kind::Object(ITEM), 0)) {
            check(text.as_bytes());
        }

        #[test]
        fn generated_elements_read_as_serde_reads_them(text in value()) {
            check(text.as_bytes());
        }

        #[test]
        fn damaged_elements_read_as_serde_reads_them(
            edits in prop::collection::vec((0..OVERVIEW.len(), 0u8..3, prop::sample::select(
                b"\"\\{}[],:0-.eEtnu \x01\xc3a".to_vec())), 1..4)
        ) {
            let mut bytes = OVERVIEW.as_bytes().to_vec();
            for (at, op, byte) in edits {
                let at = at.min(bytes.len().saturating_sub(1));
                match op {
                    0 => { bytes.remove(at); }
                    1 => bytes.insert(at, byte),
                    _ => bytes[at] = byte,
                }
            }
            check(&bytes);
        }
    }
}
