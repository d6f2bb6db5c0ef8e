//! Reading a stretch of buffered `items` on two threads: the elements are cut into chunks at
//! guessed boundaries, each thread reads the next chunk no one has, and this thread hands every
//! item to the sink in order, keeping a chunk only when the one before it ended exactly where
//! it starts. So the sink sees the same items, in the same order, with the same errors, as
//! read one after another; a wrong guess only stops the stretch early.
//!
//! The guesses are where the bytes between the first two elements (the closing brace's line,
//! the comma, the next opening brace) occur again. In printed JSON (kumactl's and Kuma's REST
//! API's are indented) that pattern, newline and indentation included, can lie neither inside a
//! string (a string holds no raw line break) nor at another depth; in compact JSON (`},{`) it
//! may start an object nested in an element, which the check throws away.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use super::scan::{self, Scanned};
use super::wire::{Item, ItemSink};

/// Unread bytes from which a stretch is split: a thread costs some tens of microseconds, a
/// proxy one or two, so a stretch of a few hundred proxies pays for it many times over.
const MIN_BYTES: usize = 256 << 10;

/// The longest indentation-and-comma pattern kept between two elements.
const LONGEST: usize = 128;

/// Elements read one at a time after a stretch stopped short, before the next is tried
/// (doubled after each that stops short).
pub(super) const BACKOFF: usize = 64;

/// Chunks read and not yet handed to the sink, at most, held by this thread and waiting in the
/// channel from the other.
const AHEAD: usize = 4;

/// Bytes in a chunk (some thirty proxies): enough that handing a chunk over costs little beside
/// reading it, few enough that its items are still in cache when they are handed to the sink.
const CHUNK: usize = 32 << 10;

/// Unread bytes from which a stretch is split on this machine: none where a second thread
/// would only take turns with this one (checked once: it reads cgroup files).
pub(super) fn min_bytes() -> usize {
    static MIN: OnceLock<usize> = OnceLock::new();
    *MIN.get_or_init(|| {
        let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        if two { MIN_BYTES } else { usize::MAX }
    })
}

/// The bytes between an element of `items` that ended at `end` and the next, which starts at
/// `next`: from the line break before the closing brace through the opening brace; empty when
/// they tell nothing (not two objects, or a long gap).
pub(super) fn separator(bytes: &[u8], end: usize, next: usize) -> Vec<u8> {
    let pattern = match end.checked_sub(1) {
        Some(close) if bytes[close] == b'}' && bytes.get(next) == Some(&b'{') => {
            let indent = bytes[..close]
                .iter()
                .rev()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            let from = match close.checked_sub(indent + 1) {
                Some(line) if bytes[line] == b'\n' => line,
                _ => close,
            };
            &bytes[from..=next]
        }
        _ => &[][..],
    };
    if pattern.len() <= LONGEST {
        pattern.to_vec()
    } else {
        Vec::new()
    }
}

/// Where the chunks of `bytes` likely start, from `from` (where an element surely does): the
/// first place the separator occurs past every `CHUNK` bytes; none when there are not two.
pub(super) fn guesses(bytes: &[u8], from: usize, separator: &[u8]) -> Option<Vec<usize>> {
    if separator.is_empty() {
        return None;
    }
    let finder = memchr::memmem::Finder::new(separator);
    let mut starts = vec![from];
    let mut at = from + CHUNK;
    while let Some(found) = bytes.get(at..).and_then(|rest| finder.find(rest)) {
        let start = at + found + separator.len() - 1;
        starts.push(start);
        at = start + CHUNK;
    }
    (starts.len() > 1).then_some(starts)
}

/// How a stretch ended: how many elements were handed to the sink, where the last ended, and
/// whether every chunk was read whole (the last ends wherever the bytes or the list do).
pub(super) struct Inserted {
    pub(super) read: usize,
    pub(super) end: usize,
    pub(super) whole: bool,
}

/// Why the sink stopped the reading: it refused the item of `items[index]` that starts at
/// `from`, or the bytes of the element that ends at `to`.
pub(super) enum Refusal {
    Item {
        from: usize,
        index: usize,
        message: String,
    },
    Bytes {
        to: usize,
        message: String,
    },
}

/// Reads the elements of `bytes` from `starts[0]` on two threads, handing them to `sink` as
/// `items[index]` on, up to the first that ends at or past `last` (where the caller compacts its
/// buffer: read one at a time, the reads after it cut the file at the same bytes); the caller
/// reads on from `Inserted::end`.
pub(super) fn read(
    bytes: &[u8],
    starts: &[usize],
    last: usize,
    index: usize,
    sink: &mut dyn ItemSink,
) -> Result<Inserted, Refusal> {
    let stretch = Stretch {
        bytes,
        starts,
        last,
        claimed: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    };
    std::thread::scope(|scope| {
        // The other thread reads at most a few chunks ahead of the sink: memory stays a few
        // chunks' items, whatever the stretch.
        let (give, take) = mpsc::sync_channel(AHEAD);
        let (back, returned) = mpsc::channel::<Span<'_>>();
        let stretch = &stretch;
        if helped() {
            // Where no thread can be started, this one claims and reads every chunk itself.
            let help = move || stretch.help(give, returned);
            let _ = std::thread::Builder::new().spawn_scoped(scope, help);
        } else {
            drop((give, returned));
        }
        let inserted = stretch.insert(&take, &back, index, sink);
        stretch.stop.store(true, Ordering::Relaxed);
        inserted
    })
}

/// Whether a second thread reads chunks (tests also read them all on one).
fn helped() -> bool {
    #[cfg(test)]
    if ALONE.with(std::cell::Cell::get) {
        return false;
    }
    true
}

#[cfg(test)]
thread_local! {
    /// Set by tests: no second thread.
    pub(super) static ALONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A stretch of buffered elements read on two threads, in chunks that start at guesses.
struct Stretch<'b> {
    bytes: &'b [u8],
    /// Where chunks likely start (the first surely does).
    starts: &'b [usize],
    /// The stretch ends with the element that ends at or past this.
    last: usize,
    claimed: AtomicUsize,
    stop: AtomicBool,
}

/// The elements of a chunk as read, and where the element after them starts when the chunk
/// ended on one (which is where the next chunk starts, when the guesses were right).
struct Span<'b> {
    items: Vec<(Item<'b>, usize, usize)>,
    next: Option<usize>,
    /// Read on the other thread, which frees it.
    theirs: bool,
}

impl<'b> Stretch<'b> {
    fn chunks(&self) -> usize {
        self.starts.len()
    }

    /// The next chunk no thread has taken, unless the reading stopped.
    fn claim(&self) -> Option<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let j = self.claimed.fetch_add(1, Ordering::Relaxed);
        (j < self.chunks()).then_some(j)
    }

    /// Where the chunk after chunk `j` starts (past the bytes for the last).
    fn end_of(&self, j: usize) -> usize {
        self.starts.get(j + 1).copied().unwrap_or(usize::MAX)
    }

    /// The elements of chunk `j` that the fast path reads, each with where it starts and ends;
    /// it stops at the first it leaves to serde, at the end of the bytes or of the list.
    /// Reads into `items` (empty, kept from an earlier chunk for its room).
    fn read(&self, j: usize, items: Vec<(Item<'b>, usize, usize)>) -> Span<'b> {
        let until = self.end_of(j);
        let mut span = Span {
            items,
            next: None,
            theirs: false,
        };
        let mut at = self.starts[j];
        while at < until {
            // Read where it is kept: an item is large, and each move of it shows.
            span.items.push((Item::default(), at, at));
            let last = span.items.len() - 1;
            let read = &mut span.items[last];
            let Scanned::Item(_, used) = scan::item_into(&self.bytes[at..], &mut read.0) else {
                span.items.pop();
                return span;
            };
            read.2 = at + used;
            match separated(self.bytes, at + used) {
                Some(next) => at = next,
                None => return span,
            }
        }
        span.next = Some(at);
        span
    }

    /// The other thread's part: reads the chunks it claims and hands them over.
    fn help(&self, give: mpsc::SyncSender<(usize, Span<'b>)>, returned: mpsc::Receiver<Span<'b>>) {
        let mut room = Vec::new();
        while let Some(j) = self.claim() {
            // A span handed back is emptied here, and its room kept for the next.
            for mut span in returned.try_iter() {
                span.items.clear();
                room = span.items;
            }
            let mut span = self.read(j, std::mem::take(&mut room));
            span.theirs = true;
            if give.send((j, span)).is_err() {
                break;
            }
        }
        // What this thread read is freed here, in its allocator's arena: freed on the other
        // thread, the two contended for the arena's lock (thousands of futex waits a file).
        // The sender goes first, so the other thread waits for no more chunks.
        drop(give);
        returned.into_iter().for_each(drop);
    }

    /// Hands the chunks' items to the sink in order, reading the chunks the other thread has
    /// not taken while the next in order is not read yet; stops after the first chunk that did
    /// not end where the next starts.
    fn insert(
        &self,
        take: &mpsc::Receiver<(usize, Span<'b>)>,
        back: &mpsc::Sender<Span<'b>>,
        index: usize,
        sink: &mut dyn ItemSink,
    ) -> Result<Inserted, Refusal> {
        let chunks = self.chunks();
        let mut read: Vec<Option<Span<'b>>> = (0..chunks).map(|_| None).collect();
        let mut inserted = Inserted {
            read: 0,
            end: self.starts[0],
            whole: false,
        };
        let mut room = Vec::new();
        // Chunks read and not yet handed to the sink: a few at most, whichever thread is slow.
        let mut held = 0;
        for j in 0..chunks {
            let mut span = loop {
                // Beyond the few held here, the other thread's chunks wait in the channel,
                // which then stops it: its allocator's arena stays a few chunks' items too.
                while held < AHEAD {
                    let Ok((k, span)) = take.try_recv() else {
                        break;
                    };
                    read[k] = Some(span);
                    held += 1;
                }
                // The bound (and chunk `j`, just received past it) holds whatever the timing;
                // a test run would stop here if not.
                debug_assert!(held <= AHEAD + 1, "{held} chunks held");
                if let Some(span) = read[j].take() {
                    held -= 1;
                    break span;
                }
                let claimed = (held < AHEAD).then(|| self.claim()).flatten();
                match claimed {
                    Some(k) => read[k] = Some(self.read(k, std::mem::take(&mut room))),
                    // Chunk `j` was claimed by the other thread, which sends it next.
                    None => match take.recv() {
                        Ok((k, span)) => read[k] = Some(span),
                        Err(_) => return Ok(inserted),
                    },
                }
                held += 1;
            };
            for (item, from, to) in &mut span.items {
                let (from, to, at) = (*from, *to, index + inserted.read);
                sink.item(Some(at), item).map_err(|message| Refusal::Item {
                    from,
                    index: at,
                    message,
                })?;
                sink.raw(&self.bytes[from..to])
                    .map_err(|message| Refusal::Bytes { to, message })?;
                inserted.read += 1;
                inserted.end = to;
                if to >= self.last {
                    inserted.whole = true;
                    return Ok(inserted);
                }
            }
            let ended = span.next == Some(self.end_of(j));
            if span.theirs {
                // Refused only once the other thread is gone; the span is then freed here.
                let _ = back.send(span);
            } else {
                span.items.clear();
                room = span.items;
            }
            if !ended {
                inserted.whole = j + 1 == chunks;
                break;
            }
        }
        Ok(inserted)
    }
}

/// Past blanks, a comma and blanks from `at`: where the next element starts, when there is a
/// comma and something after it.
fn separated(bytes: &[u8], at: usize) -> Option<usize> {
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let comma = at + bytes.get(at..)?.iter().take_while(|b| blank(b)).count();
    if bytes.get(comma) != Some(&b',') {
        return None;
    }
    let next = comma + 1 + bytes[comma + 1..].iter().take_while(|b| blank(b)).count();
    (next < bytes.len()).then_some(next)
}
