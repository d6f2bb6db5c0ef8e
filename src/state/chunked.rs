//! Streaming a JSON state document without a DOM and without serde_json's byte-at-a-time reader:
//! the bytes are read in large blocks; each element of `items` is read straight from the block,
//! by the hand-written fast path (`scan.rs`) or, for what it leaves, serde_json's slice reader,
//! which say where it ended; an element cut by the block's end has its
//! end found once by a small scanner and is parsed once more, whole. A file's buffered elements,
//! and a page's, may be read on two threads (`stretch.rs`). Memory stays at about one block plus a few chunks'
//! items, whatever the file's size.

use std::io::Read;

use serde::Deserialize;

use super::scan::Scanned;
use super::stretch;
use super::wire::{Counter, DocumentSummary, Item, ItemSink, SnapshotHeader};

const BLOCK: usize = 1 << 20;
/// Between items, the buffer is compacted once at most this much is left unread.
const TAIL: usize = 4 << 10;

/// Bytes the scanner stops at on the top level: quotes, brackets, and what ends a bare value.
const STRUCTURAL: [bool; 256] = table(b"\"{}[],: \t\n\r");
/// Inside an object or list only quotes and brackets matter.
const NESTED: [bool; 256] = table(b"\"{}[]");

const fn table(stops: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < stops.len() {
        table[stops[i] as usize] = true;
        i += 1;
    }
    table
}

/// Where and why reading failed: a 1-based line and column, and the message.
#[derive(Debug)]
pub(crate) struct ChunkError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub(crate) struct Chunked<R> {
    reader: R,
    /// Always initialized to its length; the input's bytes are `buf[..end]`.
    buf: Vec<u8>,
    end: usize,
    pos: usize,
    eof: bool,
    /// Lines in the bytes already dropped from the front of `buf`.
    dropped_lines: usize,
    /// Bytes since the last line break in the dropped bytes (for columns on that line).
    dropped_column: usize,
    /// What lies between two elements of `items`, once seen (empty when it tells nothing).
    separator: Option<Vec<u8>>,
    /// Unread bytes from which a stretch of `items` is read on two threads.
    parallel_min: usize,
    /// Elements to read one at a time before the next stretch is tried, and how many after the
    /// next one that stops short.
    parallel_wait: usize,
    parallel_backoff: usize,
}

impl Chunked<std::io::Empty> {
    /// A document already whole in memory (a page fetched in full), its first `len` bytes:
    /// read where it lies, with no copy into blocks. The bytes after it (an older, longer page's)
    /// are never read.
    pub(crate) fn whole(bytes: Vec<u8>, len: usize) -> Self {
        Self {
            reader: std::io::empty(),
            end: len.min(bytes.len()),
            buf: bytes,
            pos: 0,
            eof: true,
            dropped_lines: 0,
            dropped_column: 0,
            separator: None,
            // A page of 1,000 proxies (about 1 MB) is read on two threads, as a file is: at
            // 100,000 proxies against a loopback control plane, the live gate's wall time fell
            // by an eighth (BENCHMARKS.md, session 12; session 10, with a slower reader and
            // server, had measured no gain).
            parallel_min: stretch::min_bytes(),
            parallel_wait: 0,
            parallel_backoff: stretch::BACKOFF,
        }
    }

    /// The bytes handed to `whole`, for the next page to be read into.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

impl<R: Read> Chunked<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            reader,
            buf: vec![0; BLOCK * 2],
            end: 0,
            pos: 0,
            eof: false,
            dropped_lines: 0,
            dropped_column: 0,
            separator: None,
            parallel_min: stretch::min_bytes(),
            parallel_wait: 0,
            parallel_backoff: stretch::BACKOFF,
        }
    }

    /// Reads the whole document, handing `items` to the sink one at a time.
    pub(crate) fn read_document(
        &mut self,
        sink: &mut dyn ItemSink,
    ) -> Result<DocumentSummary, ChunkError> {
        self.expect(b'{')?;
        let mut rest = Vec::from(&b"{"[..]);
        let mut summary = DocumentSummary {
            header: None,
            had_items: false,
            next: None,
            total: None,
            had_fields: false,
        };
        if self.peek()? == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.field(sink, &mut summary, &mut rest)?;
                match self.peek()? {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.eof_error()),
                    _ => return Err(self.error_here("expected `,` or `}` after a field")),
                }
            }
        }
        if self.peek()?.is_some() {
            return Err(self.error_here("trailing characters after the document"));
        }
        if rest.len() > 1 {
            rest.push(b'}');
            let mut top: Item = serde_json::from_slice(&rest).map_err(|e| ChunkError {
                line: 1,
                column: 1,
                message: e.to_string(),
            })?;
            if !top.is_empty() {
                summary.had_fields = true;
                sink.item(None, &mut top).map_err(|m| self.error_here(&m))?;
            }
        }
        Ok(summary)
    }

    /// One `"key": value` of the top level: `items` streamed, `next` kept, the rest gathered.
    fn field(
        &mut self,
        sink: &mut dyn ItemSink,
        summary: &mut DocumentSummary,
        rest: &mut Vec<u8>,
    ) -> Result<(), ChunkError> {
        if self.peek()? != Some(b'"') {
            return Err(self.error_here("expected a field name"));
        }
        let (start, end) = self.value()?;
        let key: String = self.parse(start, end)?;
        self.expect(b':')?;
        match key.as_str() {
            "items" => {
                summary.had_items = true;
                self.items(sink)
            }
            "next" => {
                let (start, end) = self.value()?;
                summary.next = self.parse::<Option<String>>(start, end)?;
                Ok(())
            }
            "total" => {
                let (start, end) = self.value()?;
                summary.total = self.parse::<Option<Counter>>(start, end)?.map(|c| c.0);
                Ok(())
            }
            "meshctl" => {
                let (start, end) = self.value()?;
                summary.header = self.parse::<Option<SnapshotHeader>>(start, end)?;
                Ok(())
            }
            _ => {
                let (start, end) = self.value()?;
                if rest.len() > 1 {
                    rest.push(b',');
                }
                rest.extend_from_slice(serde_json::to_string(&key).unwrap_or_default().as_bytes());
                rest.push(b':');
                rest.extend_from_slice(&self.buf[start..end]);
                Ok(())
            }
        }
    }

    fn items(&mut self, sink: &mut dyn ItemSink) -> Result<(), ChunkError> {
        match self.peek()? {
            Some(b'n') => {
                let (start, end) = self.value()?;
                return self.parse::<()>(start, end);
            }
            Some(b'[') => self.pos += 1,
            _ => return Err(self.error_here("`items` must be a list")),
        }
        if self.peek()? == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        let mut index = 0;
        let mut ended = None;
        loop {
            if self.peek()?.is_none() {
                return Err(self.eof_error());
            }
            if let Some(end) = ended.take() {
                self.learn_separator(end);
            }
            index += match self.in_parallel(index, sink)? {
                0 => self.one_item(index, sink).map(|()| 1)?,
                read => read,
            };
            self.compact();
            ended = Some(self.pos);
            match self.peek()? {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                None => return Err(self.eof_error()),
                _ => {
                    return Err(
                        self.error_here(&format!("expected `,` or `]` after items[{}]", index - 1))
                    );
                }
            }
        }
    }

    /// Reads the element at the cursor and moves past it.
    fn one_item(&mut self, index: usize, sink: &mut dyn ItemSink) -> Result<(), ChunkError> {
        let mut start = self.pos;
        // Fast path: the element is parsed straight from the buffer, which says where it
        // ended. An element cut by the end of the buffer is not re-parsed after every read
        // (quadratic on a pipe, which hands out 64 KiB at a time): the scanner finds its end
        // once, reading on as needed, and the whole element is parsed once more.
        let mut outcome = parse_item(&self.buf[start..self.end], index, sink);
        if outcome.cut(self.eof) {
            self.make_room();
            let (from, to) = self.value()?;
            start = from;
            outcome = parse_item(&self.buf[from..to], index, sink);
        }
        match outcome {
            ItemOutcome::Parsed(used) => {
                self.pos = start + used;
                sink.raw(&self.buf[start..self.pos])
                    .map_err(|m| self.error_here(&m))
            }
            outcome => Err(self.failed(start, index, outcome)),
        }
    }

    /// Why the element at `buf[start]`, `items[index]`, could not be read.
    fn failed(&self, start: usize, index: usize, outcome: ItemOutcome) -> ChunkError {
        match outcome {
            ItemOutcome::Parsed(_) | ItemOutcome::Cut => self.eof_error(),
            ItemOutcome::Refused(message) => {
                let (line, column) = self.position(start);
                ChunkError {
                    line,
                    column,
                    message: format!("items[{index}]: {message}"),
                }
            }
            ItemOutcome::Invalid(e) => {
                let e = self.json_error(start, &e);
                ChunkError {
                    message: format!("items[{index}]: {}", e.message),
                    ..e
                }
            }
        }
    }

    /// Keeps the bytes between the element of `items` that ended at `end` and the one at the
    /// cursor, once: where they occur again, elements likely start (`stretch.rs`).
    fn learn_separator(&mut self, end: usize) {
        if self.separator.is_none() {
            self.separator = Some(stretch::separator(&self.buf[..self.end], end, self.pos));
        }
    }

    /// Reads the buffered elements from the cursor on two threads when enough is buffered and
    /// their boundaries can be guessed; how many were read (none: the caller reads one). The
    /// cursor ends just past the last element read.
    fn in_parallel(&mut self, index: usize, sink: &mut dyn ItemSink) -> Result<usize, ChunkError> {
        if self.parallel_wait > 0 {
            self.parallel_wait -= 1;
            return Ok(0);
        }
        let bytes = &self.buf[..self.end];
        let separator = match self.separator.as_deref() {
            Some(separator) if !separator.is_empty() => separator,
            _ => return Ok(0),
        };
        if self.end - self.pos < self.parallel_min {
            return Ok(0);
        }
        #[cfg(test)]
        ATTEMPTS.with(|n| n.set(n.get() + 1));
        let Some(starts) = stretch::guesses(bytes, self.pos, separator) else {
            // No boundary found past the first chunk: searching again at every element would
            // search the whole buffer each time.
            self.back_off();
            return Ok(0);
        };
        // Where `compact` will move the buffer, as after reading one at a time.
        let last = match self.eof {
            true => usize::MAX,
            false => BLOCK.max(self.end.saturating_sub(TAIL)),
        };
        let inserted =
            stretch::read(bytes, &starts, last, index, sink).map_err(|refusal| match refusal {
                stretch::Refusal::Item {
                    from,
                    index,
                    message,
                } => self.failed(from, index, ItemOutcome::Refused(message)),
                stretch::Refusal::Bytes { to, message } => self.error_at(to, &message),
            })?;
        #[cfg(test)]
        STRETCHED.with(|n| n.set(n.get() + inserted.read));
        if inserted.read > 0 {
            self.pos = inserted.end;
        }
        // A stretch that stopped short (an element the fast path leaves to serde, a wrong
        // guess) is tried again only after more and more elements read one at a time, so a
        // document of other shapes pays for few attempts.
        if inserted.whole {
            self.parallel_backoff = stretch::BACKOFF;
        } else {
            self.back_off();
        }
        Ok(inserted.read)
    }

    /// Reads the next elements one at a time, more of them after each stretch that failed.
    fn back_off(&mut self) {
        self.parallel_wait = self.parallel_backoff;
        self.parallel_backoff = self.parallel_backoff.saturating_mul(2);
    }

    /// Parses `buf[start..end]`; errors point into the file.
    fn parse<'a, T: Deserialize<'a>>(&'a self, start: usize, end: usize) -> Result<T, ChunkError> {
        serde_json::from_slice(&self.buf[start..end]).map_err(|e| self.json_error(start, &e))
    }

    /// A serde_json error in a slice that starts at `buf[start]`, placed in the file.
    fn json_error(&self, start: usize, e: &serde_json::Error) -> ChunkError {
        let (line, column) = self.position(start);
        let (line, column) = if e.line() <= 1 {
            (line, column + e.column().saturating_sub(1))
        } else {
            (line + e.line() - 1, e.column())
        };
        let text = e.to_string();
        let message = text
            .find(" at line ")
            .map_or(text.as_str(), |i| &text[..i])
            .to_string();
        ChunkError {
            line,
            column,
            message,
        }
    }

    /// The next non-blank byte, reading more when needed; None at the end of the input.
    fn peek(&mut self) -> Result<Option<u8>, ChunkError> {
        loop {
            while self.pos < self.end {
                match self.buf[self.pos] {
                    b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                    b => return Ok(Some(b)),
                }
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), ChunkError> {
        match self.peek()? {
            Some(b) if b == byte => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.eof_error()),
            Some(_) => Err(self.error_here(&format!("expected `{}`", byte as char))),
        }
    }

    /// Finds the extent of the value at the cursor, moves past it and returns its range in `buf`.
    /// Only the structure is followed (strings, brackets); serde_json validates the slice.
    fn value(&mut self) -> Result<(usize, usize), ChunkError> {
        if self.peek()?.is_none() {
            return Err(self.eof_error());
        }
        let start = self.pos;
        let mut i = start;
        let mut depth = 0usize;
        loop {
            // Skip to the next byte that matters at this level.
            let stops = if depth == 0 { &STRUCTURAL } else { &NESTED };
            while i < self.end && !stops[self.buf[i] as usize] {
                i += 1;
            }
            if i >= self.end {
                // Growing keeps indexes valid: bytes are only appended.
                if !self.fill()? {
                    if depth == 0 && i > start {
                        self.pos = i;
                        return Ok((start, i));
                    }
                    return Err(self.eof_error());
                }
                continue;
            }
            match self.buf[i] {
                b'"' => {
                    i = self.string_end(i + 1)?;
                    if depth == 0 {
                        self.pos = i;
                        return Ok((start, i));
                    }
                }
                b'{' | b'[' => {
                    depth += 1;
                    i += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    i += 1;
                    if depth == 0 {
                        self.pos = i;
                        return Ok((start, i));
                    }
                }
                _ if depth == 0 => {
                    self.pos = i;
                    return Ok((start, i));
                }
                _ => i += 1,
            }
        }
    }

    /// The index just past the closing quote of the string whose body starts at `i`.
    fn string_end(&mut self, mut i: usize) -> Result<usize, ChunkError> {
        loop {
            match memchr::memchr2(b'"', b'\\', &self.buf[i..self.end]) {
                Some(found) => {
                    let at = i + found;
                    if self.buf[at] == b'"' {
                        return Ok(at + 1);
                    }
                    // An escape: skip the backslash and the byte it escapes.
                    i = at + 2;
                    while i > self.end {
                        if !self.fill()? {
                            return Err(self.eof_error());
                        }
                    }
                }
                None => {
                    i = self.end;
                    if !self.fill()? {
                        return Err(self.eof_error());
                    }
                }
            }
        }
    }

    /// Reads another block, growing the buffer when it is full; false at the end of the input.
    fn fill(&mut self) -> Result<bool, ChunkError> {
        if self.eof {
            return Ok(false);
        }
        if self.end + BLOCK > self.buf.len() {
            self.buf.resize(self.buf.len().max(BLOCK) * 2, 0);
        }
        let read = crate::input::source::read_retrying(&mut self.reader, &mut self.buf[self.end..])
            .map_err(|e| ChunkError {
                // Line 0: the input as a whole (the size limit, a failed read).
                line: 0,
                column: 0,
                message: crate::input::source::read_error("", &e).message,
            })?;
        self.end += read;
        if read == 0 {
            self.eof = true;
        }
        Ok(read > 0)
    }

    /// Between items: drops what was read once a block of it is consumed and little is left
    /// unread. Moving a block's unread half after every item copied each byte of a file once
    /// more (4% of the file gate's instructions).
    fn compact(&mut self) {
        // Once the input is all in, nothing more needs the room.
        if self.pos < BLOCK || self.eof || self.end - self.pos > TAIL {
            return;
        }
        self.drop_consumed();
    }

    /// Before reading on for an element the buffer cuts: only that element is unread, so moving
    /// it is cheap, and without the room `fill` would grow the buffer.
    fn make_room(&mut self) {
        if self.pos > 0 && !self.eof && self.end + BLOCK > self.buf.len() {
            self.drop_consumed();
        }
    }

    /// Moves the unread bytes to the front, keeping line counts.
    fn drop_consumed(&mut self) {
        let dropped = &self.buf[..self.pos];
        let lines = memchr::memchr_iter(b'\n', dropped).count();
        match memchr::memrchr(b'\n', dropped) {
            Some(last) => self.dropped_column = self.pos - last - 1,
            None => self.dropped_column += self.pos,
        }
        self.dropped_lines += lines;
        #[cfg(test)]
        MOVED.with(|n| n.set(n.get() + self.end - self.pos));
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
    }

    /// 1-based line and column of `buf[offset]`.
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.buf[..offset.min(self.end)];
        let lines = memchr::memchr_iter(b'\n', before).count();
        let column = match memchr::memrchr(b'\n', before) {
            Some(last) => offset - last,
            None => self.dropped_column + offset + 1,
        };
        (self.dropped_lines + lines + 1, column)
    }

    fn error_here(&self, message: &str) -> ChunkError {
        self.error_at(self.pos, message)
    }

    fn error_at(&self, offset: usize, message: &str) -> ChunkError {
        let (line, column) = self.position(offset);
        ChunkError {
            line,
            column,
            message: message.to_string(),
        }
    }

    fn eof_error(&self) -> ChunkError {
        let (line, column) = self.position(self.end);
        ChunkError {
            line,
            column,
            message: "unexpected end of file, is it truncated?".to_string(),
        }
    }
}

/// What parsing one element of `items` from a slice came to.
enum ItemOutcome {
    /// Parsed and taken by the sink; the bytes it used.
    Parsed(usize),
    /// The slice ends inside the element.
    Cut,
    /// The sink refused it (a wrong value in a field meshctl reads).
    Refused(String),
    Invalid(serde_json::Error),
}

impl ItemOutcome {
    /// Whether the element may only be cut by the end of the bytes read so far. serde calls a
    /// number cut after its sign, point or exponent invalid, not cut: while more input may come,
    /// that is judged again on the whole element.
    fn cut(&self, eof: bool) -> bool {
        match self {
            ItemOutcome::Cut => true,
            ItemOutcome::Invalid(e) => !eof && e.to_string().starts_with("invalid number"),
            _ => false,
        }
    }
}

#[cfg(test)]
thread_local! {
    /// How many times an element was read (by the fast path or serde_json), to show that it is at
    /// most twice.
    static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many unread bytes compaction moved to the front of the buffer.
    static MOVED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Separator searches for a stretch, and elements handed to the sink from stretches.
    static ATTEMPTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static STRETCHED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn parse_item(bytes: &[u8], index: usize, sink: &mut dyn ItemSink) -> ItemOutcome {
    #[cfg(test)]
    PARSES.with(|n| n.set(n.get() + 1));
    let (taken, used) = match super::scan::item(bytes, |item| sink.item(Some(index), item)) {
        Scanned::Item(taken, used) => (taken, used),
        Scanned::Cut => return ItemOutcome::Cut,
        Scanned::Other => match serde_item(bytes) {
            Ok((mut item, used)) => (sink.item(Some(index), &mut item), used),
            Err(outcome) => return outcome,
        },
    };
    match taken {
        Ok(()) => ItemOutcome::Parsed(used),
        Err(message) => ItemOutcome::Refused(message),
    }
}

/// serde's reading of the element at the start of `bytes`, and the bytes it took.
fn serde_item(bytes: &[u8]) -> Result<(Item<'_>, usize), ItemOutcome> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Item<'_>>();
    match stream.next() {
        Some(Ok(item)) => Ok((item, stream.byte_offset())),
        Some(Err(e)) if e.is_eof() => Err(ItemOutcome::Cut),
        Some(Err(e)) => Err(ItemOutcome::Invalid(e)),
        None => Err(ItemOutcome::Cut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out a few bytes per read, so elements are cut at every block boundary.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(self.0.len()).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[derive(Default)]
    struct Names(Vec<String>);

    impl ItemSink for Names {
        fn item(&mut self, index: Option<usize>, item: &mut Item<'_>) -> Result<(), String> {
            if index.is_some() {
                self.0
                    .push(item.name.as_deref().unwrap_or_default().to_string());
            }
            Ok(())
        }
    }

    fn listing(n: usize, bad: Option<usize>) -> String {
        let items: Vec<String> = (0..n)
            .map(|i| {
                let time = if Some(i) == bad { "soon" } else { "2026-11-27T08:00:00Z" };
                format!(
                    "    {{\n      \"name\": \"dp-{i}\",\n      \"note\": \"{}\\\"quoted\\\"\",\n      \"subscriptions\": [{{\"connectTime\": \"{time}\"}}]\n    }}",
                    "x".repeat(i % 700)
                )
            })
            .collect();
        format!(
            "{{\n  \"total\": {n},\n  \"items\": [\n{}\n  ],\n  \"next\": \"http://cp/next\"\n}}\n",
            items.join(",\n")
        )
    }

    #[test]
    fn a_number_cut_after_its_point_or_exponent_is_read_on_not_refused() {
        // serde calls `1.` at the end of the bytes an invalid number, not a cut; an element the
        // fast path leaves to serde (a Kubernetes object here) must still be read on.
        for shape in ["\"metadata\": {\"name\": \"k\"}, ", ""] {
            for number in ["1.5", "2e3", "-7", "3E+2"] {
                let text = format!(
                    "{{\"items\": [{{{shape}\"name\": \"a\", \"x\": {number}, \"subscriptions\": []}}]}}"
                );
                let at = text.find(number).unwrap();
                for step in at..at + number.len() {
                    let mut names = Names::default();
                    Chunked::new(Trickle(text.as_bytes(), step))
                        .read_document(&mut names)
                        .unwrap_or_else(|e| panic!("{text} read {step} at a time: {}", e.message));
                    assert_eq!(names.0, ["a"], "{text}");
                }
            }
            // A number that is wrong whole is still refused, in its place.
            let text = format!("{{\"items\": [{{{shape}\"x\": 1.x}}]}}");
            let at = text.find("1.x").unwrap();
            let e = Chunked::new(Trickle(text.as_bytes(), at + 2))
                .read_document(&mut Names::default())
                .unwrap_err();
            assert_eq!((e.line, e.column), (1, at + 3), "{}", e.message);
            assert!(e.message.contains("invalid number"), "{}", e.message);
        }
        // Any other error is told as it is, even in an element the file cuts short.
        let text = "{\"items\": [{\"metadata\": {}, \"name\": \"a\u{1}";
        let e = Chunked::new(Trickle(text.as_bytes(), 4096))
            .read_document(&mut Names::default())
            .unwrap_err();
        assert!(e.message.contains("control character"), "{}", e.message);
    }

    #[test]
    fn a_whole_page_is_read_to_its_length_not_into_the_bytes_after_it() {
        let page = listing(3, None);
        let older = listing(5, None);
        let mut bytes = older.clone().into_bytes();
        bytes[..page.len()].copy_from_slice(page.as_bytes());
        let mut names = Names::default();
        let summary = Chunked::whole(bytes, page.len())
            .read_document(&mut names)
            .unwrap();
        assert_eq!(names.0, ["dp-0", "dp-1", "dp-2"]);
        assert_eq!(summary.total, Some(3));
    }

    #[test]
    fn items_cut_across_reads_and_compactions_are_all_read() {
        let text = listing(12000, None);
        assert!(text.len() > 3 * BLOCK, "the test must cross several blocks");
        for step in [1 << 20, 4093, 97] {
            let mut names = Names::default();
            let mut chunked = Chunked::new(Trickle(text.as_bytes(), step));
            MOVED.with(|n| n.set(0));
            let summary = chunked.read_document(&mut names).unwrap();
            // Consumed bytes are dropped from the front: the buffer (two blocks, doubled once
            // when tiny reads leave it short of a block's room inside an element) never holds
            // the whole input; reads of a block, as from a file, never grow it.
            let bound = if step == BLOCK { 2 * BLOCK } else { 4 * BLOCK };
            assert!(chunked.buf.len() <= bound, "read size {step}");
            // And making room moves little: an element's bytes, not half a block.
            let moved = MOVED.with(|n| n.get());
            assert!(
                moved > 0 && moved < text.len() / 100,
                "read size {step}: {moved} moved"
            );
            assert_eq!(names.0.len(), 12000, "read size {step}");
            assert_eq!(names.0[11999], "dp-11999");
            assert_eq!(summary.next.as_deref(), Some("http://cp/next"));
        }
    }

    #[test]
    fn elements_larger_than_the_tail_kept_make_room_without_growing_the_buffer() {
        // Elements of 9 KiB: the block's end cuts one with more than `TAIL` bytes unread.
        let pad = "x".repeat(9000);
        let items: Vec<String> = (0..1000)
            .map(|i| format!("{{\"name\": \"dp-{i}\", \"pad\": \"{pad}\"}}"))
            .collect();
        let text = format!("{{\"items\": [{}]}}", items.join(", "));
        let mut names = Names::default();
        let mut chunked = Chunked::new(Trickle(text.as_bytes(), BLOCK));
        MOVED.with(|n| n.set(0));
        chunked.read_document(&mut names).unwrap();
        assert_eq!(names.0.len(), 1000);
        assert_eq!(chunked.buf.len(), 2 * BLOCK, "the buffer grew");
        let moved = MOVED.with(|n| n.get());
        assert!(moved < text.len() / 50, "{moved} moved");
    }

    #[test]
    fn an_element_across_many_reads_is_parsed_at_most_twice() {
        let pad = "y".repeat(3 * BLOCK);
        let text = format!(
            "{{\"items\": [{{\"name\": \"big\", \"pad\": \"{pad}\"}}, {{\"name\": \"small\"}}]}}"
        );
        // A pipe hands out at most 64 KiB a read; re-parsing after each would be quadratic.
        for step in [65_536, 4093] {
            PARSES.with(|n| n.set(0));
            let mut names = Names::default();
            Chunked::new(Trickle(text.as_bytes(), step))
                .read_document(&mut names)
                .unwrap();
            assert_eq!(names.0, ["big", "small"]);
            assert!(
                PARSES.with(|n| n.get()) <= 4,
                "read size {step}: {} parses",
                PARSES.with(|n| n.get())
            );
        }
    }

    #[test]
    fn errors_after_compaction_point_at_the_right_line() {
        let text = listing(6000, Some(5000));
        let expected_line = text.lines().position(|l| l.contains("\"soon\"")).unwrap() + 1;
        let err = Chunked::new(Trickle(text.as_bytes(), 4093))
            .read_document(&mut Names::default())
            .unwrap_err();
        assert_eq!(err.line, expected_line, "{}", err.message);
        assert!(
            err.message
                .starts_with("items[5000]: \"soon\" is not an RFC 3339 timestamp"),
            "{}",
            err.message
        );
        let cut = &text[..text.len() / 2];
        let err = Chunked::new(Trickle(cut.as_bytes(), 4093))
            .read_document(&mut Names::default())
            .unwrap_err();
        assert!(
            err.message.contains("unexpected end of file"),
            "{}",
            err.message
        );
        let err = Chunked::new(Trickle(b"{\"items\": [] } x", 3))
            .read_document(&mut Names::default())
            .unwrap_err();
        assert!(
            err.message.contains("trailing characters"),
            "{}",
            err.message
        );
    }

    /// Every call the sink gets, in order; refuses the item named `refused`.
    struct Record {
        calls: Vec<String>,
        refused: String,
    }

    impl ItemSink for Record {
        fn item(&mut self, index: Option<usize>, item: &mut Item<'_>) -> Result<(), String> {
            self.calls.push(format!("{index:?} {item:?}"));
            match item.name.as_deref() {
                Some(name) if name == self.refused => Err(format!("{name} is refused")),
                _ => Ok(()),
            }
        }

        fn raw(&mut self, bytes: &[u8]) -> Result<(), String> {
            self.calls.push(String::from_utf8_lossy(bytes).into_owned());
            Ok(())
        }
    }

    /// What the sink got from `text` read `step` bytes at a time, and how the reading ended;
    /// on two threads whenever enough is buffered, or never.
    fn recorded(text: &str, step: usize, parallel: bool, refused: &str) -> (Vec<String>, String) {
        let mut sink = Record {
            calls: Vec::new(),
            refused: refused.to_string(),
        };
        let mut chunked = Chunked::new(Trickle(text.as_bytes(), step));
        // Two chunks at least: with less buffered, no second chunk is found, and that backs off.
        chunked.parallel_min = if parallel { 64 << 10 } else { usize::MAX };
        let ended = match chunked.read_document(&mut sink) {
            Ok(summary) => format!("ok, next {:?}", summary.next),
            Err(e) => format!("{}:{}: {}", e.line, e.column, e.message),
        };
        (sink.calls, ended)
    }

    /// A listing of `n` proxies, printed (indented, one field a line) or compact; every
    /// `odd`-th element has an escape in its name (left to serde), and element `bad` has a
    /// count that is not a number.
    fn overviews(n: usize, printed: bool, odd: usize, bad: Option<usize>) -> String {
        let items: Vec<String> = (0..n)
            .map(|i| {
                let name = if i % odd == odd - 1 { format!("dp-\\u0041{i}") } else { format!("dp-{i}") };
                let sent = if Some(i) == bad { "\"many\"" } else { "\"42\"" };
                let fields = [
                    "\"type\": \"DataplaneOverview\"".to_string(),
                    "\"mesh\": \"default\"".to_string(),
                    format!("\"name\": \"{name}\""),
                    format!(
                        "\"dataplane\": {{\"networking\": {{\"inbound\": [{{\"port\": 80, \"tags\": {{\"kuma.io/service\": \"svc-{}\"}}}}, {{\"port\": 81}}]}}}}",
                        i % 7
                    ),
                    format!(
                        "\"dataplaneInsight\": {{\"subscriptions\": [{{\"connectTime\": \"2026-11-27T08:00:00Z\"}}, {{\"connectTime\": \"2026-11-27T09:00:00Z\", \"status\": {{\"total\": {{\"responsesSent\": {sent}}}}}}}], \"mTLS\": {{\"supportedBackends\": [\"ca-1\"]}}}}"
                    ),
                ];
                if printed {
                    format!("    {{\n      {}\n    }}", fields.join(",\n      "))
                } else {
                    // Compact, objects in lists too (`},{`): guesses that are not elements.
                    format!("{{{}}}", fields.join(",").replace(", ", ","))
                }
            })
            .collect();
        let separator = if printed { ",\n" } else { "," };
        format!(
            "{{\"total\": {n}, \"items\": [\n{}\n], \"next\": null}}",
            items.join(separator)
        )
    }

    #[test]
    fn items_read_on_two_threads_reach_the_sink_as_read_one_at_a_time() {
        for printed in [true, false] {
            for (odd, bad) in [
                (usize::MAX, None),
                (501, None),
                (3, None),
                (501, Some(1700)),
            ] {
                let text = overviews(3000, printed, odd, bad);
                for step in [usize::MAX, 100_003, 7_919] {
                    STRETCHED.with(|n| n.set(0));
                    let parallel = recorded(&text, step, true, "");
                    let stretched = STRETCHED.with(|n| n.get());
                    let alone = recorded(&text, step, false, "");
                    assert_eq!(
                        parallel.1, alone.1,
                        "printed {printed}, odd {odd}, step {step}"
                    );
                    assert!(
                        parallel.0 == alone.0,
                        "printed {printed}, odd {odd}, step {step}"
                    );
                    if printed && odd > 3 && step > 8_000 {
                        assert!(stretched > 1000, "{stretched} of 3000 read on two threads");
                    }
                }
            }
        }
    }

    #[test]
    fn an_element_unbalanced_across_a_read_is_refused_as_read_one_at_a_time() {
        // Where an element the brackets never close is cut by a read decides the error (the end
        // of the file, or serde's at its last bracket): stretches must leave the reads where
        // they fall one at a time, which they do by ending where the buffer is compacted. (All
        // four differed with stretches read to the end of the buffer.)
        // Past the second read of 2 MiB, which falls where the first compaction left it.
        let text = overviews(10_000, true, usize::MAX, None);
        let around = 4 << 20;
        let names: Vec<usize> = (9_000..10_000)
            .filter_map(|i| {
                text.find(&format!("\"name\": \"dp-{i}\""))
                    .map(|at| (i, at))
            })
            .filter(|&(_, at)| (around - 6_600..around).contains(&at))
            .map(|(i, _)| i)
            .step_by(4)
            .collect();
        assert!(names.len() >= 3, "{names:?}");
        for bad in names {
            let name = format!("\"name\": \"dp-{bad}\"");
            let broken = format!("{name}, \"x\": [[[[{}}}", "1,".repeat(1500));
            let text = text.replacen(&name, &broken, 1);
            let parallel = recorded(&text, usize::MAX, true, "");
            assert_eq!(
                parallel.1,
                recorded(&text, usize::MAX, false, "").1,
                "dp-{bad}"
            );
        }
    }

    #[test]
    fn a_separator_not_seen_again_is_not_searched_for_at_every_element() {
        // The first two elements' separator is indented differently from all the others.
        let text = overviews(3000, true, usize::MAX, None).replacen(
            "\n    },\n    {",
            "\n    },\n      {",
            1,
        );
        ATTEMPTS.with(|n| n.set(0));
        let parallel = recorded(&text, usize::MAX, true, "");
        let attempts = ATTEMPTS.with(|n| n.get());
        assert!(parallel == recorded(&text, usize::MAX, false, ""));
        assert!((1..=8).contains(&attempts), "{attempts} searches");
    }

    #[test]
    fn a_page_held_whole_is_read_on_two_threads_as_a_file_is_and_reads_the_same() {
        let text = overviews(3000, true, 501, None);
        let mut page = text.clone().into_bytes();
        // An older, longer page's bytes after this one's are never read.
        page.extend_from_slice(b"garbage");
        let mut sink = Record {
            calls: Vec::new(),
            refused: String::new(),
        };
        STRETCHED.with(|n| n.set(0));
        let mut whole = Chunked::whole(page, text.len());
        let summary = whole.read_document(&mut sink).unwrap();
        let stretched = STRETCHED.with(|n| n.get());
        assert_eq!(summary.next, None);
        assert_eq!(whole.into_bytes().len(), text.len() + 7);
        // The same calls, raw bytes included, as read one at a time from a stream.
        assert!((sink.calls, "ok, next None".to_string()) == recorded(&text, 4096, false, ""));
        if stretch::min_bytes() == usize::MAX {
            assert_eq!(stretched, 0, "one core: one thread");
        } else {
            assert!(stretched > 1000, "{stretched} of 3000 read on two threads");
        }
    }

    #[test]
    fn a_page_cut_or_refused_on_two_threads_ends_as_read_one_at_a_time() {
        // A body cut short (a connection dropped mid-page), a bad item, an item the sink
        // refuses: the same calls, and the same error at the same place, as a stream read alone.
        let text = overviews(3000, true, 501, Some(2200));
        STRETCHED.with(|n| n.set(0));
        for (cut, refused) in [
            (text.len() * 2 / 3, ""),
            (text.len(), ""),
            (text.len(), "dp-1700"),
        ] {
            let mut sink = Record {
                calls: Vec::new(),
                refused: refused.to_string(),
            };
            let mut whole = Chunked::whole(text.as_bytes().to_vec(), cut);
            let ended = match whole.read_document(&mut sink) {
                Ok(summary) => format!("ok, next {:?}", summary.next),
                Err(e) => format!("{}:{}: {}", e.line, e.column, e.message),
            };
            assert!(ended.contains(": "), "{ended}");
            let alone = recorded(&text[..cut], 4096, false, refused);
            assert!(
                (sink.calls, ended.clone()) == alone,
                "cut at {cut}, refusing {refused:?}: {ended} / {}",
                alone.1
            );
        }
        let stretched = STRETCHED.with(|n| n.get());
        assert!(
            stretch::min_bytes() == usize::MAX || stretched > 1000,
            "{stretched}"
        );
    }

    #[test]
    fn a_stretch_read_without_a_second_thread_reads_the_same() {
        let text = overviews(3000, true, 501, Some(2500));
        stretch::ALONE.with(|alone| alone.set(true));
        STRETCHED.with(|n| n.set(0));
        let parallel = recorded(&text, usize::MAX, true, "");
        stretch::ALONE.with(|alone| alone.set(false));
        assert!(STRETCHED.with(|n| n.get()) > 1000);
        assert!(parallel == recorded(&text, usize::MAX, false, ""));
    }

    #[test]
    fn an_item_the_sink_refuses_stops_the_reading_there_on_two_threads_too() {
        let text = overviews(3000, true, usize::MAX, None);
        for refused in ["dp-40", "dp-1500", "dp-2999"] {
            let parallel = recorded(&text, usize::MAX, true, refused);
            let alone = recorded(&text, usize::MAX, false, refused);
            assert!(parallel.1.contains("is refused"), "{}", parallel.1);
            assert_eq!(parallel.1, alone.1);
            assert!(parallel.0 == alone.0, "{refused}");
        }
    }

    #[test]
    fn a_document_of_other_shapes_tries_few_stretches() {
        // Every element has an escape in its name: the fast path reads none of them.
        let text = overviews(3000, true, 1, None);
        ATTEMPTS.with(|n| n.set(0));
        let parallel = recorded(&text, usize::MAX, true, "");
        let attempts = ATTEMPTS.with(|n| n.get());
        assert_eq!(parallel, recorded(&text, usize::MAX, false, ""));
        assert!((1..=8).contains(&attempts), "{attempts} stretches tried");
    }

    #[test]
    fn the_separator_is_learned_from_the_first_two_elements() {
        for (printed, separator) in [(true, "\n    },\n    {"), (false, "},{")] {
            let text = overviews(2, printed, usize::MAX, None);
            let mut chunked = Chunked::new(Trickle(text.as_bytes(), usize::MAX));
            let mut sink = Record {
                calls: Vec::new(),
                refused: String::new(),
            };
            chunked.read_document(&mut sink).unwrap();
            assert_eq!(chunked.separator.as_deref(), Some(separator.as_bytes()));
        }
        // Between anything but two objects, nothing is learned.
        for text in [
            r#"{"items": [{"name": "a"}, 7]}"#,
            r#"{"items": [{"name": "a"}, {}"#,
        ] {
            let mut chunked = Chunked::new(Trickle(text.as_bytes(), usize::MAX));
            let mut sink = Record {
                calls: Vec::new(),
                refused: String::new(),
            };
            let _ = chunked.read_document(&mut sink);
            let learned = chunked.separator.as_deref();
            let expected: &[u8] = if text.ends_with("7]}") { b"" } else { b"}, {" };
            assert_eq!(learned, Some(expected), "{text}");
        }
        let text = "{\"items\": [\"a\", {}]}";
        let mut chunked = Chunked::new(Trickle(text.as_bytes(), usize::MAX));
        let _ = chunked.read_document(&mut Names::default());
        assert_eq!(
            chunked.separator, None,
            "a first element refused teaches nothing"
        );
    }

    #[test]
    fn stretches_start_only_with_enough_unread() {
        // 1.3 MB read whole, with a stretch from 256 KiB unread: the first stretch is tried
        // early, and none in the last 256 KiB.
        let text = overviews(3000, true, usize::MAX, None);
        for (min, tried) in [(256 << 10, true), (text.len(), false)] {
            let mut chunked = Chunked::new(Trickle(text.as_bytes(), usize::MAX));
            chunked.parallel_min = min;
            ATTEMPTS.with(|n| n.set(0));
            STRETCHED.with(|n| n.set(0));
            chunked.read_document(&mut Names::default()).unwrap();
            assert_eq!(ATTEMPTS.with(|n| n.get()) > 0, tried, "from {min} bytes");
            assert_eq!(
                STRETCHED.with(|n| n.get()) > 2000,
                tried,
                "from {min} bytes"
            );
        }
    }
}
