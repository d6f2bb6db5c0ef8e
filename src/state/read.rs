//! Reading state files: JSON streamed item by item (never a whole-file DOM), YAML through
//! serde_yaml; each item becomes a compact proxy record of one mesh, and each document says what
//! it declares of its listing (its `total`, a Kubernetes `continue`) for the completeness check.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Read;

use serde::de::DeserializeSeed;

use super::chunked::Chunked;
use super::fold::FoldHasher;
use super::wire::{
    Backends, Dataplane, DocumentSeed, DocumentSummary, Inbound, Insight, Item, ItemSink,
    MtlsField, Stat, Tags, Text,
};
use super::{
    Aggregate, Census, Counts, InboundFacts, Listing, ListingKind, MAX_BACKENDS, Proxy, ProxyMtls,
    Workload,
};
use crate::diag::error::InputError;
use crate::input::time::Timestamp;

/// Accumulates the census of one mesh from state files and pages, in any number.
pub struct StateReader {
    census: Census,
    reading: Reading,
}

/// Proxies from which `finish` counts the listings' distinct items on a thread of its own.
const COUNT_ASIDE: usize = 10_000;

/// What the reader keeps beside the census while reading; `finish` drops it.
#[derive(Default)]
struct Reading {
    /// `Census::workloads` by a hash of their facts: a proxy whose facts equal a kept workload's
    /// is matched on the facts as read, borrowed, and allocates nothing.
    workloads: HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<FoldHasher>>,
    /// Beside `Census::proxies`: the newest instant each proxy's insight shows, which tells the
    /// newest of a proxy's copies.
    seen: Vec<Option<Timestamp>>,
    /// The mesh and name of the last item of the last page read live (the buffers are reused).
    last: (String, String),
}

impl StateReader {
    pub fn new(mesh: &str) -> Self {
        Self {
            census: Census {
                mesh: mesh.to_string(),
                ..Census::default()
            },
            reading: Reading::default(),
        }
    }

    /// Reads a state document (JSON streamed, YAML whole) of at most `max_bytes` from `reader`,
    /// as the file `name`.
    pub fn read_stream(
        &mut self,
        reader: impl Read,
        name: &str,
        max_bytes: u64,
    ) -> Result<(), InputError> {
        self.census.files.push(name.to_string());
        read_stream(reader, name, max_bytes, &mut self.collector())
    }

    /// Reads a state document held in memory (JSON or YAML), as if it were a file named `name`.
    pub fn read_bytes(&mut self, bytes: &[u8], name: &str) -> Result<(), InputError> {
        self.census.files.push(name.to_string());
        read_stream(bytes, name, u64::MAX - 1, &mut self.collector())
    }

    /// Reads one JSON page (a REST response, fetched whole, its first `len` bytes) named
    /// `name`, handing each element of its `items` as printed to `tee` when there is one;
    /// returns the page's `next` link. `page` keeps its buffer, for the next page to be read into.
    /// With `overlapping`, the page was asked from one item before the offset the page before
    /// it named: its first item is that page's last, skipped when it is (not read twice, not
    /// handed to `tee`), and the listing shifted while it was paged when it is not.
    pub(crate) fn read_page(
        &mut self,
        page: &mut Vec<u8>,
        len: usize,
        name: &str,
        tee: Option<&mut Tee<'_>>,
        overlapping: bool,
    ) -> Result<Option<String>, InputError> {
        if self.census.files.is_empty() {
            self.census.files.push(name.to_string());
        }
        let mut collector = self.collector();
        if let Some(tee) = tee {
            collector.tee = Some(tee);
        }
        collector.paged = Some(if overlapping {
            Overlap::Expected
        } else {
            Overlap::None
        });
        let mut whole = Chunked::whole(std::mem::take(page), len);
        let summary = whole.read_document(&mut collector);
        *page = whole.into_bytes();
        finish_json(summary, name, &mut collector)
    }

    /// The census, with a proxy listed twice (overlapping files or pages) kept once, its other
    /// copies beside it, and how much of the listings was read. Copies that disagree on the
    /// proxy's Dataplane all take the workload of the newest copy that has one: the copy whose
    /// insight shows the latest instant (a subscription's connect, disconnect or update, a
    /// certificate's regeneration: a changed Dataplane is pushed to the proxy, which updates
    /// it), and of copies that tie, the one read last. A copy without a Dataplane (an insight)
    /// says nothing of it.
    pub fn finish(mut self) -> Census {
        let census = &mut self.census;
        let (proxies, evidence) = (&mut census.proxies, &census.evidence);
        let duplicates = std::thread::scope(|scope| {
            // Counting the listings' distinct items sorts every key, as merging sorts every
            // name's hash: on two threads when both are long (this is the reading's serial
            // tail, with the other core idle).
            if proxies.len() >= COUNT_ASIDE {
                let _ = std::thread::Builder::new().spawn_scoped(scope, || evidence.count());
            }
            merge_copies(proxies, &self.reading.seen)
        });
        census.evidence.duplicates = duplicates;
        self.census
    }

    fn collector(&mut self) -> Collector<'_> {
        Collector {
            census: &mut self.census,
            reading: &mut self.reading,
            doc: DocumentState::default(),
            tee: None,
            paged: None,
            skip_raw: false,
        }
    }
}

/// What one document held, for the completeness of its listing.
#[derive(Default)]
struct DocumentState {
    keys: Vec<u64>,
    mesh_items: u64,
    /// Items that are dataplanes (overviews), not insights alone.
    dataplane_items: u64,
    /// Another mesh's items, hashed, and whether there were several other meshes: a page of
    /// a listing of every mesh (`/dataplane-insights`), not another mesh's listing.
    other_mesh: Option<u64>,
    several_meshes: bool,
    /// MeshInsights, zones, zone egresses: a list of them is no proxy listing, whatever its
    /// `total`.
    others: u64,
    continued: bool,
    /// The page's first item was not the page before's last (`Overlap::Expected`).
    shifted: bool,
}

/// A proxy's insight as an item holds it: an overview's `dataplaneInsight`, a Kubernetes
/// DataplaneInsight's `status`, or a flat DataplaneInsight's own fields.
#[derive(Clone, Copy)]
struct InsightView<'x> {
    subscriptions: &'x [super::wire::Subscription],
    mtls: Option<&'x MtlsField<'x>>,
}

impl<'x> InsightView<'x> {
    fn of(insight: &'x Insight<'_>) -> Self {
        InsightView {
            subscriptions: insight.subscriptions.as_deref().unwrap_or_default(),
            mtls: insight.mtls.as_ref(),
        }
    }
}

/// The acknowledged configuration of the newest subscription.
fn newest_config(subs: &[super::wire::Subscription]) -> Option<super::ConfigAck> {
    let newest = newest_subscription(subs)?;
    let status = newest.status.as_ref()?;
    let total = status.total.unwrap_or_default();
    Some(super::ConfigAck {
        updated: status.last_update_time.map(|t| t.0),
        sent: total.responses_sent.0,
        acknowledged: total.responses_acknowledged.0,
        rejected: total.responses_rejected.0,
        typed_rejected: [status.cds, status.eds, status.lds, status.rds]
            .iter()
            .flatten()
            .fold(0u64, |sum, t| sum.saturating_add(t.responses_rejected.0)),
    })
}

/// A proxy's identity across files and pages: its mesh and name, hashed. The keys only count
/// distinct proxies, with no comparison of names after them: a tie undercounts, which reads as a
/// listing not whole (`state-incomplete`), never as one that is. Names of one length that differ
/// in one 8-byte word only (`svc-1`, `svc-2`) never tie, as each step of the fold is one-to-one;
/// others tie with a chance of about 2⁻⁶⁴ a pair, and cannot be chosen to tie, the fold's seed
/// being random (`fold.rs`). SipHash cost twice as much a proxy.
fn proxy_key(mesh: &str, name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = FoldHasher::default();
    (mesh, name).hash(&mut hasher);
    hasher.finish()
}

/// Reads one state document from `reader`, JSON streamed or YAML whole, told apart by its start.
fn read_stream(
    mut reader: impl Read,
    name: &str,
    max_bytes: u64,
    collector: &mut Collector<'_>,
) -> Result<(), InputError> {
    let cannot_read = |e: std::io::Error| InputError::io(name, format!("cannot read: {e}"));
    // Peek at the first bytes to tell JSON from YAML without reading the whole file.
    let mut head = Vec::with_capacity(4096);
    (&mut reader)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(cannot_read)?;
    // A byte-order mark is skipped, as for manifests.
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        head.drain(..3);
    }
    let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
    let reader = crate::input::source::Bounded::new(
        std::io::Cursor::new(head).chain(reader),
        name,
        max_bytes,
    );
    match first {
        None => Err(InputError::io(name, "is empty: expected proxy state")),
        Some(b'{') => read_json(reader, name, collector).map(drop),
        Some(b'[') => Err(InputError::at(
            name,
            1,
            1,
            "a bare JSON list is not proxy state: expected an object with `items`",
        )),
        Some(_) => read_yaml(reader, name, max_bytes, collector),
    }
}

fn read_json(
    reader: impl Read,
    name: &str,
    collector: &mut Collector<'_>,
) -> Result<Option<String>, InputError> {
    let summary = Chunked::new(reader).read_document(collector);
    finish_json(summary, name, collector)
}

/// Where a JSON document's reading ended: its error placed in `name`, or its listing recorded.
fn finish_json(
    summary: Result<DocumentSummary, super::chunked::ChunkError>,
    name: &str,
    collector: &mut Collector<'_>,
) -> Result<Option<String>, InputError> {
    let summary = summary.map_err(|e| {
        if e.line == 0 {
            InputError::io(name, e.message)
        } else {
            InputError::at(name, e.line, e.column, e.message)
        }
    })?;
    collector.finish_document(name, &summary)?;
    Ok(summary.next)
}

fn read_yaml(
    mut reader: impl Read,
    name: &str,
    max_bytes: u64,
    collector: &mut Collector<'_>,
) -> Result<(), InputError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| crate::input::source::read_error(name, &e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(crate::input::source::too_large(name, max_bytes));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| InputError::io(name, "is not valid UTF-8 text"))?;
    if let Some(what) = table_output(&text) {
        return Err(InputError::at(
            name,
            1,
            1,
            format!(
                "is {what} table output, which leaves out what a gate needs (configuration times, acknowledgements, whole listings): export it with `-o json` (or `-o yaml`), or take `meshctl snapshot`"
            ),
        ));
    }
    for document in serde_yaml::Deserializer::from_str(&text) {
        let summary = DocumentSeed {
            sink: &mut *collector,
        }
        .deserialize(document)
        .map_err(|e| yaml_error(name, &e))?;
        collector.finish_document(name, &summary)?;
    }
    Ok(())
}

/// The kumactl command whose table (the default output) `text` is, told by its header line.
fn table_output(text: &str) -> Option<&'static str> {
    let header: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())?
        .split_whitespace()
        .collect();
    match header.as_slice() {
        ["MESH", "NAME", ..] => Some("`kumactl inspect dataplanes`"),
        ["NAME", ..] if header.contains(&"STATUS") || header.contains(&"TYPE") => Some("kumactl's"),
        _ => None,
    }
}

fn yaml_error(name: &str, e: &serde_yaml::Error) -> InputError {
    let text = e.to_string();
    let message = text
        .find(" at line ")
        .map_or(text.as_str(), |i| &text[..i])
        .to_string();
    match e.location() {
        Some(at) => InputError::at(name, at.line(), at.column(), message),
        None => InputError::io(name, message),
    }
}

/// Turns items into proxy records of one mesh, skipping other meshes, and notes what each
/// document declares about its listing.
struct Collector<'c> {
    census: &'c mut Census,
    reading: &'c mut Reading,
    doc: DocumentState,
    tee: Option<&'c mut Tee<'c>>,
    /// A page read live: each item's mesh and name are kept as the page's last, and what its
    /// first item should be.
    paged: Option<Overlap>,
    /// The item just handed over was the page before's last: its bytes are not handed on.
    skip_raw: bool,
}

/// What a live page's first item should be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Overlap {
    /// Any item: the page was asked at the offset named.
    None,
    /// The last item of the page before, not yet seen.
    Expected,
}

/// Takes each element of a page's `items` as the page printed it (`meshctl snapshot` writes
/// them out as they are read); an `Err` stops the reading.
pub(crate) type Tee<'t> = dyn FnMut(&[u8]) -> Result<(), String> + 't;

impl Collector<'_> {
    /// Records the document's listing; one with neither items nor an insight of its own is not
    /// state at all.
    fn finish_document(&mut self, name: &str, summary: &DocumentSummary) -> Result<(), InputError> {
        if !summary.had_items && !summary.had_fields {
            return Err(InputError::io(
                name,
                "holds no `items` and no insight: expected `kumactl inspect dataplanes -o json`, a REST page, a DataplaneInsight List or a MeshInsight",
            ));
        }
        if self.paged == Some(Overlap::Expected) {
            // The page before's last item is gone from where it was: the listing shrank.
            self.doc.shifted = true;
        }
        let doc = std::mem::take(&mut self.doc);
        if doc.shifted && self.census.evidence.shifted.is_none() {
            self.census.evidence.shifted = Some(name.to_string());
        }
        // A listing of another mesh says nothing about this one, unless it is a page of a
        // listing that also holds this mesh's (judged when the census is read).
        let about_this_mesh = doc.mesh_items > 0 || (doc.keys.is_empty() && doc.others == 0);
        if about_this_mesh {
            self.census.evidence.continued |= doc.continued;
        }
        let of_every_mesh = doc.several_meshes || (about_this_mesh && doc.other_mesh.is_some());
        // An empty listing (`total: 0`, no items: a standalone control plane's zone egresses)
        // skipped nothing, and is no proxy listing whose total could differ.
        let empty = summary.total == Some(0) && doc.keys.is_empty();
        let lists_proxies = !doc.keys.is_empty() || (summary.had_items && doc.others == 0);
        // A listing of one other mesh is kept aside: it may be the last page of a listing of
        // every mesh (judged in `Evidence::group`).
        if lists_proxies && !empty {
            let kind = if doc.dataplane_items > 0 {
                ListingKind::Dataplanes
            } else {
                ListingKind::Insights
            };
            self.census.evidence.listings.push(Listing {
                file: name.to_string(),
                kind,
                total: summary.total,
                keys: doc.keys,
                next: summary.next.clone(),
                about_this_mesh,
                of_every_mesh,
            });
        }
        if let Some(header) = &summary.header {
            self.snapshot_header(header);
        }
        Ok(())
    }

    fn add_proxy<'s>(
        &mut self,
        mesh: Option<&str>,
        name: String,
        insight: Option<InsightView<'_>>,
        services: impl Iterator<Item = &'s str>,
        zone: Option<&str>,
    ) -> Result<Option<usize>, String> {
        let own_mesh = self.census.mesh.as_str();
        self.doc
            .keys
            .push(proxy_key(mesh.unwrap_or(own_mesh), &name));
        if let Some(other) = mesh.filter(|m| *m != own_mesh) {
            let hash = proxy_key(other, "");
            self.doc.several_meshes |= self.doc.other_mesh.is_some_and(|h| h != hash);
            self.doc.other_mesh = Some(hash);
            self.census.other_meshes += 1;
            let others = &mut self.census.evidence.other_meshes;
            match others.get_mut(other) {
                Some(n) => *n += 1,
                None => {
                    others.insert(other.to_string(), 1);
                }
            }
            return Ok(None);
        }
        self.doc.mesh_items += 1;
        let subs = insight.map_or(&[][..], |i| i.subscriptions);
        let online = subs
            .iter()
            .any(|s| s.connect_time.is_some() && s.disconnect_time.is_none());
        let mtls = match insight.and_then(|i| i.mtls) {
            Some(m) => Some(self.proxy_mtls(m)?),
            None => None,
        };
        let mut services = services.map(|s| self.census.services.intern(s));
        let service = services.next();
        let more_services = services.filter(|s| Some(*s) != service).collect();
        let zone = zone.map(|z| self.census.zone_names.intern(z));
        let seen = subs
            .iter()
            .flat_map(|s| {
                let updated = s.status.as_ref().and_then(|st| st.last_update_time);
                [s.connect_time, s.disconnect_time, updated]
            })
            .flatten()
            .map(|t| t.0)
            .chain(mtls.as_ref().and_then(|m| m.regenerated))
            .max();
        let newest = &mut self.census.evidence.newest_time;
        *newest = (*newest).max(seen);
        self.reading.seen.push(seen);
        self.census.proxies.push(Proxy {
            copies: super::Copies::default(),
            name,
            service,
            more_services,
            zone,
            online,
            has_insight: insight.is_some(),
            connected_before: subs.iter().any(|s| s.connect_time.is_some()),
            disconnected: subs
                .iter()
                .filter_map(|s| s.disconnect_time)
                .map(|t| t.0)
                .max(),
            mtls,
            config: newest_config(subs),
            workload: None,
        });
        Ok(Some(self.census.proxies.len() - 1))
    }

    fn proxy_mtls(&mut self, m: &MtlsField) -> Result<ProxyMtls, String> {
        let mut intern = |name: &str| -> Result<u32, String> {
            let i = self.census.backends.intern(name);
            if i as usize >= MAX_BACKENDS {
                return Err(format!(
                    "more than {MAX_BACKENDS} distinct backend names in the state"
                ));
            }
            Ok(i)
        };
        let issued = match m.issued_backend.as_deref().filter(|b| !b.is_empty()) {
            Some(b) => Some(intern(b)?),
            None => None,
        };
        let mut supported = 0u64;
        let supported_known = m.supported_backends.is_some();
        match &m.supported_backends {
            None => {}
            Some(Backends::Names(names)) => {
                for name in names {
                    supported |= 1 << intern(name)?;
                }
            }
            Some(Backends::Counts(_)) => {
                return Err(
                    "mTLS.supportedBackends of a proxy must be a list of backend names".to_string(),
                );
            }
        }
        Ok(ProxyMtls {
            issued,
            supported,
            supported_known,
            expires: m.certificate_expiration_time.map(|t| t.0),
            regenerated: m.last_certificate_regeneration.map(|t| t.0),
        })
    }

    fn add_aggregate(
        &mut self,
        mesh: Option<&str>,
        dataplanes: Option<Stat>,
        mtls: Option<&MtlsField>,
        policies: Option<&std::collections::BTreeMap<String, Stat>>,
    ) {
        self.doc.others += 1;
        if mesh.is_some_and(|m| m != self.census.mesh) {
            self.census.other_meshes += 1;
            return;
        }
        let counts = |s: &Stat| Counts {
            total: s.total.0,
            online: s.online.0,
            offline: s.offline.0,
            partially_degraded: s.partially_degraded.0,
        };
        let mut aggregate = Aggregate {
            dataplanes: dataplanes.as_ref().map(counts).unwrap_or_default(),
            policies: policies
                .as_ref()
                .map(|p| p.iter().map(|(k, v)| (k.clone(), v.total.0)).collect()),
            ..Aggregate::default()
        };
        if let Some(m) = mtls {
            for (backend, stat) in m.issued_backends.as_deref().into_iter().flatten() {
                aggregate.issued.insert(backend.clone(), counts(stat));
            }
            if let Some(Backends::Counts(map)) = &m.supported_backends {
                for (backend, stat) in map.iter() {
                    aggregate.supported.insert(backend.clone(), counts(stat));
                }
            }
        }
        self.census.aggregate = Some(aggregate);
    }
}

impl Collector<'_> {
    /// What a snapshot says of itself: when it was taken, the store and Kuma's intervals.
    fn snapshot_header(&mut self, header: &super::wire::SnapshotHeader) {
        let census = &mut *self.census;
        census.observed_at = census.observed_at.max(header.taken_at.map(|t| t.0));
        if let Some(store) = &header.store {
            census.store = Some(store.clone());
        }
        if let Some(read) = &header.intervals {
            let go = |t: &Option<String>| t.as_deref().and_then(crate::input::duration::parse_go);
            let mut intervals = census.intervals.unwrap_or_default();
            intervals.status_flush = go(&read.status_flush).unwrap_or(intervals.status_flush);
            intervals.min_resync = go(&read.min_resync).unwrap_or(intervals.min_resync);
            intervals.cache_expiration =
                go(&read.cache_expiration).unwrap_or(intervals.cache_expiration);
            intervals.config_refresh = go(&read.config_refresh).unwrap_or(intervals.config_refresh);
            census.intervals = Some(intervals);
        }
    }

    /// A MeshInsight: Kubernetes keeps its counts under `spec`.
    fn mesh_insight(&mut self, item: &Item) {
        let name = item
            .name
            .as_deref()
            .or(item.metadata.as_ref().and_then(|m| m.name.as_deref()));
        match &item.spec {
            Some(spec) => self.add_aggregate(
                name,
                spec.dataplanes,
                spec.mtls.as_ref(),
                spec.policies.as_ref(),
            ),
            None => self.add_aggregate(
                name,
                item.dataplanes.as_deref().copied(),
                item.mtls.as_deref(),
                item.policies.as_ref(),
            ),
        }
    }

    /// A DataplaneOverview (`overview`) or a flat DataplaneInsight item.
    fn dataplane(&mut self, item: &mut Item, overview: bool) -> Result<(), String> {
        // The labels of the workload: a DataplaneOverview's own, or a Kubernetes object's (whose
        // `kuma.io/zone` the zone is not read from, as before). Read in place: the item may
        // have been read on another thread, which frees what it allocated (`stretch.rs`).
        let top_level = item.labels.is_some();
        let mut labels = match item.labels.as_mut() {
            Some(labels) => Some(labels),
            None => item.metadata.as_mut().and_then(|m| m.labels.as_mut()),
        };
        if let Some(dataplane) = item.dataplane.as_mut() {
            sort_facts(labels.as_deref_mut(), dataplane);
        }
        let labels = labels.map(|l| &*l);
        self.census.evidence.lists_dataplanes |= overview;
        self.doc.dataplane_items += u64::from(overview);
        let name = item
            .name
            .as_deref()
            .ok_or("a proxy item has no `name`")?
            .to_string();
        let insight = if overview {
            item.dataplane_insight.as_ref().map(InsightView::of)
        } else {
            Some(InsightView {
                subscriptions: item.subscriptions.as_deref().unwrap_or_default(),
                mtls: item.mtls.as_deref(),
            })
        };
        let zone = labels
            .filter(|_| top_level)
            .and_then(|l| l.zone.as_deref())
            .or_else(|| item.dataplane.as_ref().and_then(zone_of));
        let services = services_of(item.dataplane.as_ref());
        let added = self.add_proxy(item.mesh.as_deref(), name, insight, services, zone)?;
        if let (Some(i), Some(dataplane)) = (added, &item.dataplane) {
            let facts = Facts::of(labels, dataplane);
            self.census.proxies[i].workload = Some(self.intern(&facts));
        }
        Ok(())
    }

    /// Whether `item`, an element of a live page's `items`, is the page before's last item read
    /// again (`Overlap::Expected`), which is then skipped; keeps its mesh and name as the page's
    /// last.
    fn overlapped(&mut self, item: &Item) -> bool {
        let mesh = item.mesh.as_deref().unwrap_or_default();
        let name = item.name.as_deref().unwrap_or_default();
        let last = &mut self.reading.last;
        if self.paged == Some(Overlap::Expected) {
            self.paged = Some(Overlap::None);
            if (last.0.as_str(), last.1.as_str()) == (mesh, name) {
                return true;
            }
            self.doc.shifted = true;
        }
        last.0.clear();
        last.0.push_str(mesh);
        last.1.clear();
        last.1.push_str(name);
        false
    }

    /// The index of the workload with these facts, kept first when it is new.
    fn intern(&mut self, facts: &Facts<'_, '_>) -> u32 {
        let workloads = &mut self.census.workloads;
        let same = self.reading.workloads.entry(facts.hash()).or_default();
        if let Some(&i) = same.iter().find(|&&i| facts.is(&workloads[i as usize])) {
            return i;
        }
        let i = workloads.len() as u32;
        workloads.push(facts.to_workload());
        same.push(i);
        i
    }
}

impl ItemSink for Collector<'_> {
    fn raw(&mut self, bytes: &[u8]) -> Result<(), String> {
        if std::mem::take(&mut self.skip_raw) {
            return Ok(());
        }
        match self.tee.as_deref_mut() {
            Some(tee) => tee(bytes),
            None => Ok(()),
        }
    }

    fn item(&mut self, index: Option<usize>, item: &mut Item) -> Result<(), String> {
        if self.paged.is_some() && index.is_some() && self.overlapped(item) {
            self.skip_raw = true;
            return Ok(());
        }
        let type_ = item.type_.as_deref();
        let kind = item.kind.as_deref();
        if type_ == Some("MeshInsight") || kind == Some("MeshInsight") {
            self.mesh_insight(item);
            return Ok(());
        }
        // `meshctl snapshot` lists the Mesh and its MeshIdentity, MeshTrust and MeshTLS beside
        // its proxies (Secrets may ride along too).
        let resource = type_.or(kind);
        let beside = |r: &str| {
            matches!(r, "Mesh" | "Secret")
                || crate::input::identity::PolicyKind::from_kind(r).is_some()
        };
        if index.is_some() && resource.is_some_and(beside) {
            return Ok(());
        }
        if index.is_none() && kind.is_some_and(|k| k.ends_with("List")) {
            if let Some(meta) = &item.metadata {
                self.doc.continued = meta
                    .continue_token
                    .as_deref()
                    .is_some_and(|t| !t.is_empty())
                    || meta.remaining_item_count.is_some_and(|n| n.0 > 0);
            }
            return Ok(());
        }
        if kind == Some("DataplaneInsight") {
            let meta = item.metadata.take().unwrap_or_default();
            let name = match (meta.name, meta.namespace) {
                (Some(n), Some(ns)) => format!("{n}.{ns}"),
                (Some(n), None) => n,
                (None, _) => return Err("DataplaneInsight has no metadata.name".to_string()),
            };
            let zone = meta.labels.and_then(|l| l.zone);
            return self
                .add_proxy(
                    item.mesh.as_deref(),
                    name,
                    item.status.as_deref().map(InsightView::of),
                    std::iter::empty(),
                    zone.as_deref(),
                )
                .map(drop);
        }
        if type_ == Some("ZoneOverview") || item.zone_insight.is_some() || item.zone.is_some() {
            return self.add_zone(item);
        }
        if type_ == Some("ZoneEgressOverview") || item.zone_egress_insight.is_some() {
            return self.add_egress(item);
        }
        let overview = type_ == Some("DataplaneOverview")
            || item.dataplane.is_some()
            || item.dataplane_insight.is_some();
        let flat = type_ == Some("DataplaneInsight")
            || item.subscriptions.is_some()
            || item.mtls.is_some();
        if overview || flat {
            return self.dataplane(item, overview);
        }
        let what = match (type_, kind) {
            (Some(t), _) => format!("`type: {t}`"),
            (None, Some(k)) => format!("`kind: {k}`"),
            _ => "an object without `type` or `kind`".to_string(),
        };
        let place = if index.is_some() {
            "this item"
        } else {
            "the document"
        };
        Err(format!(
            "{place} is {what}, not proxy state (expected DataplaneOverview, DataplaneInsight or MeshInsight items)"
        ))
    }
}

/// Moves later copies of a proxy name into the first one's `copies` (keeping the listing order)
/// and returns how many there were; the copies of a proxy take one workload (`settle_workloads`,
/// by `seen`, beside `proxies`). Sorting indexes once costs less than a set of names while
/// reading (which would copy every name).
fn merge_copies(proxies: &mut Vec<Proxy>, seen: &[Option<Timestamp>]) -> u64 {
    let (first_of, duplicates) = first_copies(proxies, |name| {
        let mut hasher = FoldHasher::default();
        hasher.write(name.as_bytes());
        hasher.finish()
    });
    if duplicates == 0 {
        return 0;
    }
    settle_workloads(proxies, &first_of, seen);
    let mut later = Vec::new();
    for (i, head) in first_of.iter().enumerate().rev() {
        if let Some(head) = head {
            later.push((*head as usize, std::mem::take(&mut proxies[i])));
        }
    }
    for (head, copy) in later.into_iter().rev() {
        proxies[head].copies.push(copy);
    }
    let mut i = 0;
    proxies.retain(|_| {
        i += 1;
        first_of[i - 1].is_none()
    });
    duplicates
}

/// For each later copy of a proxy's name, the index of its first copy, and how many later
/// copies there are. The proxies are sorted by the name's `hash` (its high bits) with the index
/// in the low bits of one `u64`: integers sort without a comparison closure, and names are
/// compared only where hash bits tie (a copy, or rarely two names), so 100,000 proxies of
/// distinct names are not visited again once their names are hashed.
fn first_copies(proxies: &[Proxy], hash: impl Fn(&str) -> u64) -> (Vec<Option<u32>>, u64) {
    let bits = usize::BITS - proxies.len().leading_zeros();
    let index = (1u64 << bits) - 1;
    let mut keyed: Vec<u64> = (proxies.iter().enumerate())
        .map(|(i, p)| (hash(&p.name) & !index) | i as u64)
        .collect();
    keyed.sort_unstable();
    let mut first_of: Vec<Option<u32>> = vec![None; proxies.len()];
    let mut duplicates = 0;
    let name = |i: u32| proxies[i as usize].name.as_str();
    for run in keyed.chunk_by(|a, b| a & !index == b & !index) {
        if run.len() < 2 {
            continue;
        }
        // By name, then in listing order: each name's first copy leads its own.
        let mut tied: Vec<u32> = run.iter().map(|k| (k & index) as u32).collect();
        tied.sort_unstable_by(|&a, &b| name(a).cmp(name(b)).then(a.cmp(&b)));
        for copies in tied.chunk_by(|&a, &b| name(a) == name(b)) {
            for &later in &copies[1..] {
                first_of[later as usize] = Some(copies[0]);
                duplicates += 1;
            }
        }
    }
    (first_of, duplicates)
}

/// Gives every copy of a proxy the workload of its newest copy that has one: the latest `seen`,
/// and of copies that tie, the one read last. `first_of[i]`: the first copy of proxy `i`'s name
/// when `i` is a later copy.
fn settle_workloads(proxies: &mut [Proxy], first_of: &[Option<u32>], seen: &[Option<Timestamp>]) {
    let head = |i: usize| first_of[i].map_or(i, |h| h as usize);
    // Per first copy, the copy whose workload they all keep.
    let mut newest: Vec<Option<usize>> = vec![None; proxies.len()];
    for (i, proxy) in proxies.iter().enumerate() {
        if proxy.workload.is_none() {
            continue;
        }
        let kept = &mut newest[head(i)];
        // Read in order: a later copy wins a tie.
        if kept.is_none_or(|k| seen.get(k) <= seen.get(i)) {
            *kept = Some(i);
        }
    }
    let workload: Vec<Option<u32>> = newest
        .iter()
        .map(|k| k.and_then(|k| proxies[k].workload))
        .collect();
    for (i, proxy) in proxies.iter_mut().enumerate() {
        proxy.workload = workload[head(i)];
    }
}

/// Sorts a proxy's labels and the tags of its inbounds and gateway by key, in place; of a key
/// given twice the last value is kept, as Kuma's JSON decoding does.
fn sort_facts(labels: Option<&mut Tags<'_>>, dataplane: &mut Dataplane<'_>) {
    let sort = |tags: &mut Tags<'_>| {
        let pairs = &mut tags.pairs;
        if pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            return;
        }
        // Stable: of pairs with one key, the last is moved into the first's place.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
    };
    labels.map(sort);
    if let Some(networking) = dataplane.networking.as_mut() {
        let inbounds = networking.inbound.iter_mut().flatten();
        for inbound in inbounds.chain(networking.gateway.as_mut()) {
            inbound.tags.as_mut().map(sort);
        }
    }
}

/// A proxy's workload as read, borrowed from the item: hashed and compared with the kept ones
/// without copying a string.
struct Facts<'x, 'a> {
    labels: &'x [(Text<'a>, Text<'a>)],
    inbounds: &'x [Inbound<'a>],
    gateway: Option<&'x [(Text<'a>, Text<'a>)]>,
}

type Pairs<'x, 'a> = &'x [(Text<'a>, Text<'a>)];

fn tags_of<'x, 'a>(inbound: &'x Inbound<'a>) -> Pairs<'x, 'a> {
    inbound.tags.as_ref().map_or(&[], |t| &t.pairs)
}

fn name_of<'x>(inbound: &'x Inbound<'_>) -> Option<&'x str> {
    inbound.name.0.as_deref().filter(|n| !n.is_empty())
}

fn same_pairs(read: Pairs<'_, '_>, kept: &[(String, String)]) -> bool {
    read.len() == kept.len()
        && read
            .iter()
            .zip(kept)
            .all(|((k, v), (kk, kv))| **k == **kk && **v == **kv)
}

fn owned_pairs(read: Pairs<'_, '_>) -> Vec<(String, String)> {
    read.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl<'x, 'a> Facts<'x, 'a> {
    fn of(labels: Option<&'x Tags<'a>>, dataplane: &'x Dataplane<'a>) -> Self {
        let networking = dataplane.networking.as_ref();
        Facts {
            labels: labels.map_or(&[], |l| &l.pairs),
            inbounds: networking
                .and_then(|n| n.inbound.as_deref())
                .unwrap_or_default(),
            gateway: networking.and_then(|n| n.gateway.as_ref()).map(tags_of),
        }
    }

    fn hash(&self) -> u64 {
        let mut hasher = FoldHasher::default();
        let mut pairs = |pairs: Pairs<'_, '_>| {
            hasher.write_usize(pairs.len());
            for (k, v) in pairs {
                (&**k, &**v).hash(&mut hasher);
            }
        };
        pairs(self.labels);
        for inbound in self.inbounds {
            pairs(tags_of(inbound));
        }
        if let Some(gateway) = self.gateway {
            pairs(gateway);
        }
        self.inbounds.len().hash(&mut hasher);
        for inbound in self.inbounds {
            (inbound.port.0, name_of(inbound)).hash(&mut hasher);
        }
        self.gateway.is_some().hash(&mut hasher);
        hasher.finish()
    }

    /// The same facts as `kept`'s.
    fn is(&self, kept: &Workload) -> bool {
        same_pairs(self.labels, &kept.labels)
            && self.inbounds.len() == kept.inbounds.len()
            && self
                .inbounds
                .iter()
                .zip(&kept.inbounds)
                .all(|(read, kept)| {
                    read.port.0 == kept.port
                        && name_of(read) == kept.name.as_deref()
                        && same_pairs(tags_of(read), &kept.tags)
                })
            && match (self.gateway, &kept.gateway) {
                (None, None) => true,
                (Some(read), Some(kept)) => same_pairs(read, kept),
                _ => false,
            }
    }

    fn to_workload(&self) -> Workload {
        Workload {
            labels: owned_pairs(self.labels),
            inbounds: self
                .inbounds
                .iter()
                .map(|inbound| InboundFacts {
                    port: inbound.port.0,
                    name: name_of(inbound).map(str::to_string),
                    tags: owned_pairs(tags_of(inbound)),
                })
                .collect(),
            gateway: self.gateway.map(owned_pairs),
        }
    }
}

impl Collector<'_> {
    fn add_zone(&mut self, item: &Item) -> Result<(), String> {
        self.doc.others += 1;
        let name = item.name.as_deref().ok_or("a zone has no `name`")?;
        // A zone or standalone control plane lists itself (Kuma 2.14: `zone: {}` and no
        // `zoneInsight`, there being no global to subscribe to): not a zone of a global one.
        let Some(insight) = item.zone_insight.as_ref() else {
            return Ok(());
        };
        let subs = insight.subscriptions.as_deref().unwrap_or_default();
        let newest = newest_subscription(subs);
        self.census.zones.push(super::Zone {
            name: name.to_string(),
            enabled: item.zone.and_then(|z| z.enabled).unwrap_or(true),
            online: newest.is_some_and(|s| s.disconnect_time.is_none()),
            since: newest.and_then(|s| s.disconnect_time).map(|t| t.0),
        });
        Ok(())
    }

    fn add_egress(&mut self, item: &Item) -> Result<(), String> {
        self.doc.others += 1;
        let name = item.name.as_deref().ok_or("a zone egress has no `name`")?;
        let subs = item
            .zone_egress_insight
            .as_ref()
            .and_then(|i| i.subscriptions.as_deref())
            .unwrap_or_default();
        let newest = newest_subscription(subs);
        self.census.egresses.push(super::Egress {
            name: name.to_string(),
            zone: item
                .labels
                .as_ref()
                .and_then(|l| l.zone.as_deref())
                .map(str::to_string),
            online: newest.is_some_and(|s| s.disconnect_time.is_none()),
            config: newest_config(subs),
        });
        Ok(())
    }
}

/// The newest subscription: the last one with a connect time, as Kuma appends them
/// (`GetLastSubscription`, `api/mesh/v1alpha1/dataplane_insight_helpers.go`, release-2.14) —
/// not the newest connect time, which two control plane instances may stamp on skewed clocks.
fn newest_subscription(subs: &[super::wire::Subscription]) -> Option<&super::wire::Subscription> {
    subs.iter().rev().find(|s| s.connect_time.is_some())
}

/// The `kuma.io/zone` tag of the first inbound that has one.
fn zone_of<'a>(dataplane: &'a super::wire::Dataplane<'_>) -> Option<&'a str> {
    let networking = dataplane.networking.as_ref()?;
    networking
        .inbound
        .iter()
        .flatten()
        .chain(networking.gateway.as_ref())
        .find_map(|i| i.tags.as_ref()?.zone.as_deref())
}

/// The `kuma.io/service` tags of the inbounds, then of the gateway. An iterator, not a list: a
/// list allocated for every proxy cost about 150 instructions a proxy (0.75% of the file gate).
fn services_of<'a>(
    dataplane: Option<&'a super::wire::Dataplane<'_>>,
) -> impl Iterator<Item = &'a str> {
    dataplane
        .and_then(|d| d.networking.as_ref())
        .into_iter()
        .flat_map(|n| n.inbound.iter().flatten().chain(n.gateway.as_ref()))
        .filter_map(|i| i.tags.as_ref()?.service.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn census(docs: &[&str]) -> Census {
        let mut reader = StateReader::new("default");
        for (i, doc) in docs.iter().enumerate() {
            reader
                .read_bytes(doc.as_bytes(), &format!("state-{i}"))
                .unwrap();
        }
        reader.finish()
    }

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn workload<'c>(census: &'c Census, name: &str) -> &'c Workload {
        let proxy = census.proxies.iter().find(|p| p.name == name).unwrap();
        census.workload(proxy).unwrap()
    }

    /// A DataplaneOverview as REST and `kumactl inspect dataplanes -o json` print it.
    fn overview(name: &str, labels: &str, networking: &str, connected: &str) -> String {
        format!(
            r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "{name}",
                "creationTime": "2026-11-01T00:00:00Z", "modificationTime": "2026-11-01T00:00:00Z",
                {labels}
                "dataplane": {{"networking": {networking}}},
                "dataplaneInsight": {{"subscriptions": [{{"id": "1", "controlPlaneInstanceId": "cp-0",
                    "connectTime": "{connected}"}}]}}}}"#
        )
    }

    fn listing(items: &[String]) -> String {
        format!(
            r#"{{"total": {}, "items": [{}], "next": null}}"#,
            items.len(),
            items.join(",")
        )
    }

    const T8: &str = "2026-11-27T08:00:00Z";
    const T9: &str = "2026-11-27T09:00:00Z";

    #[test]
    fn universal_overview_records_labels_inbounds_and_tags() {
        let labels = r#""labels": {"kuma.io/zone": "zone-1", "kuma.io/env": "universal", "kuma.io/origin": "zone"},"#;
        let networking = r#"{"address": "10.0.0.1", "inbound": [
            {"port": 8080, "name": "http", "servicePort": 80,
             "tags": {"version": "v1", "kuma.io/service": "web", "kuma.io/protocol": "http"}},
            {"port": 9090, "tags": {"kuma.io/service": "web-admin"}}]}"#;
        let census = census(&[&listing(&[overview("web-1", labels, networking, T8)])]);
        let expected = Workload {
            labels: pairs(&[
                ("kuma.io/env", "universal"),
                ("kuma.io/origin", "zone"),
                ("kuma.io/zone", "zone-1"),
            ]),
            inbounds: vec![
                InboundFacts {
                    port: Some(8080),
                    name: Some("http".into()),
                    tags: pairs(&[
                        ("kuma.io/protocol", "http"),
                        ("kuma.io/service", "web"),
                        ("version", "v1"),
                    ]),
                },
                InboundFacts {
                    port: Some(9090),
                    name: None,
                    tags: pairs(&[("kuma.io/service", "web-admin")]),
                },
            ],
            gateway: None,
        };
        assert_eq!(workload(&census, "web-1"), &expected);
        assert!(census.workloads_complete());
        // The service and zone the gates read are as before.
        let proxy = &census.proxies[0];
        assert_eq!(census.services.name(proxy.service.unwrap()), "web");
        let more: Vec<&str> = proxy
            .more_services
            .iter()
            .map(|s| census.services.name(*s))
            .collect();
        assert_eq!(more, ["web-admin"]);
        assert_eq!(census.zone_names.name(proxy.zone.unwrap()), "zone-1");
    }

    #[test]
    fn kumactl_export_gives_every_proxy_its_inbounds() {
        let census = census(&[include_str!(
            "../../fixtures/state/kumactl/inspect-dataplanes.json"
        )]);
        assert!(census.workloads_complete());
        let cart = workload(&census, "shop-cart");
        assert!(cart.labels.is_empty());
        let ports: Vec<Option<u32>> = cart.inbounds.iter().map(|i| i.port).collect();
        assert_eq!(ports, [Some(8080), Some(9090)]);
        assert_eq!(cart.inbounds[1].tags, pairs(&[("kuma.io/service", "cart")]));
        assert_eq!(census.workloads.len(), census.proxies.len());
    }

    #[test]
    fn kubernetes_overview_keeps_namespace_and_service_account_labels() {
        // REST on a Kubernetes zone: the labels are top level (`ResourceMeta`), the service
        // account moved there from the annotation (`pkg/plugins/resources/k8s/store.go`).
        let labels = r#""labels": {"k8s.kuma.io/service-account": "web", "kuma.io/env": "kubernetes",
            "k8s.kuma.io/namespace": "shop", "kuma.io/display-name": "web-1-7d9f8",
            "kuma.io/zone": "zone-1", "kuma.io/proxy-type": "sidecar"},"#;
        let networking = r#"{"address": "10.0.0.1", "inbound": [{"port": 8080, "name": "http",
            "tags": {"kuma.io/service": "web_shop_svc_80", "k8s.kuma.io/namespace": "shop",
            "k8s.kuma.io/service-name": "web", "k8s.kuma.io/service-port": "80",
            "kuma.io/protocol": "http", "app": "web"}}]}"#;
        let census = census(&[&listing(&[overview(
            "web-1-7d9f8.shop",
            labels,
            networking,
            T8,
        )])]);
        let w = workload(&census, "web-1-7d9f8.shop");
        let keys: Vec<&str> = w.labels.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "k8s.kuma.io/namespace",
                "k8s.kuma.io/service-account",
                "kuma.io/display-name",
                "kuma.io/env",
                "kuma.io/proxy-type",
                "kuma.io/zone"
            ]
        );
        assert_eq!(w.labels[1].1, "web");
        let keys: Vec<&str> = w.inbounds[0].tags.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "app",
                "k8s.kuma.io/namespace",
                "k8s.kuma.io/service-name",
                "k8s.kuma.io/service-port",
                "kuma.io/protocol",
                "kuma.io/service"
            ]
        );
        assert_eq!(w.inbounds[0].name.as_deref(), Some("http"));
    }

    #[test]
    fn an_object_without_top_level_labels_takes_its_metadata_labels() {
        let item = r#"{"type": "DataplaneOverview", "mesh": "default", "name": "web-1.shop",
            "metadata": {"name": "web-1", "namespace": "shop",
                "labels": {"kuma.io/zone": "zone-1", "k8s.kuma.io/namespace": "shop"}},
            "dataplane": {"networking": {"inbound": [{"port": 8080, "tags": {"kuma.io/service": "web"}}]}}}"#;
        let census = census(&[&listing(&[item.to_string()])]);
        let w = workload(&census, "web-1.shop");
        assert_eq!(
            w.labels,
            pairs(&[
                ("k8s.kuma.io/namespace", "shop"),
                ("kuma.io/zone", "zone-1")
            ])
        );
        // As before, a proxy's zone is read from top-level labels and its tags only.
        assert_eq!(census.proxies[0].zone, None);
        assert!(census.workloads_complete());
    }

    #[test]
    fn gateways_record_their_tags() {
        // As `pkg/api-server/testdata/meshes_mesh1_dataplanes_insights.json` prints them.
        let builtin = overview(
            "gateway-builtin",
            "",
            r#"{"address": "127.0.0.1", "gateway": {"tags": {"service": "gateway"}, "type": "BUILTIN"}}"#,
            T8,
        );
        let delegated = overview(
            "gateway-delegated",
            "",
            r#"{"address": "127.0.0.1", "gateway": {"tags": {"service": "gateway"}}}"#,
            T8,
        );
        let untagged = overview("untagged", "", r#"{"gateway": {"type": "BUILTIN"}}"#, T8);
        let census = census(&[&listing(&[builtin, delegated, untagged])]);
        let w = workload(&census, "gateway-builtin");
        assert_eq!(w.gateway, Some(pairs(&[("service", "gateway")])));
        assert!(w.inbounds.is_empty());
        assert_eq!(census.proxies[0].workload, census.proxies[1].workload);
        assert_eq!(workload(&census, "untagged").gateway, Some(Vec::new()));
        assert!(census.workloads_complete());
    }

    #[test]
    fn equal_facts_share_one_workload() {
        let a =
            r#"{"inbound": [{"port": 8080, "tags": {"kuma.io/service": "web", "version": "v1"}}]}"#;
        let b =
            r#"{"inbound": [{"port": 8080, "tags": {"version": "v1", "kuma.io/service": "web"}}]}"#;
        let other_port =
            r#"{"inbound": [{"port": 8081, "tags": {"kuma.io/service": "web", "version": "v1"}}]}"#;
        let other_name = r#"{"inbound": [{"port": 8080, "name": "http", "tags": {"kuma.io/service": "web", "version": "v1"}}]}"#;
        let labelled = r#""labels": {"team": "a"},"#;
        let items = [
            overview("web-1", "", a, T8),
            overview("web-2", "", b, T8),
            overview("web-3", "", other_port, T8),
            overview("web-4", "", other_name, T8),
            overview("web-5", labelled, a, T8),
            overview("web-6", labelled, b, T8),
            overview("web-7", "", a, T8).replace(r#""mesh": "default""#, r#""mesh": "other""#),
        ];
        let census = census(&[&listing(&items)]);
        let index: Vec<Option<u32>> = census.proxies.iter().map(|p| p.workload).collect();
        assert_eq!(
            index,
            [Some(0), Some(0), Some(1), Some(2), Some(3), Some(3)]
        );
        // Another mesh's proxy keeps no workload of this census.
        assert_eq!(census.workloads.len(), 4);
    }

    /// What one document leaves as evidence: its listing (kind, about this mesh, of every mesh,
    /// proxies keyed) if it is one, and whether it says a Kubernetes list continues.
    type Seen = Option<(ListingKind, bool, bool, usize)>;

    fn listing_of(doc: &str) -> (Seen, bool) {
        let census = census(&[doc]);
        let listing = census.evidence.listings.first();
        (
            listing.map(|l| (l.kind, l.about_this_mesh, l.of_every_mesh, l.keys.len())),
            census.evidence.continued,
        )
    }

    /// Items without `type` (a kumactl export, a hand-made file) are told by their fields.
    #[test]
    fn items_without_a_type_are_told_by_their_fields() {
        let read = |item: &str| census(&[&format!(r#"{{"items": [{item}]}}"#)]);
        for item in [
            r#"{"mesh": "default", "name": "a", "dataplane": {}}"#,
            r#"{"mesh": "default", "name": "a", "dataplaneInsight": {}}"#,
            r#"{"mesh": "default", "name": "a", "subscriptions": []}"#,
            r#"{"mesh": "default", "name": "a", "mTLS": {"issuedBackend": "ca-1"}}"#,
        ] {
            let census = read(item);
            assert_eq!(census.proxies.len(), 1, "{item}");
            assert_eq!(census.proxies[0].name, "a", "{item}");
        }
        assert_eq!(read(r#"{"name": "z", "zoneInsight": {}}"#).zones.len(), 1);
        // A zone listing itself (no insight): read, and no zone of a global one.
        assert!(
            read(r#"{"name": "z", "zone": {"enabled": true}}"#)
                .zones
                .is_empty()
        );
        assert_eq!(
            read(r#"{"name": "e", "zoneEgressInsight": {}}"#)
                .egresses
                .len(),
            1
        );
        // Anything else is named by what it says it is.
        for (item, what) in [
            (
                r#"{"type": "Mesh2", "name": "x"}"#,
                "this item is `type: Mesh2`",
            ),
            (
                r#"{"kind": "Pod", "name": "x"}"#,
                "this item is `kind: Pod`",
            ),
            (
                r#"{"name": "x"}"#,
                "this item is an object without `type` or `kind`",
            ),
        ] {
            let e = StateReader::new("default")
                .read_bytes(format!(r#"{{"items": [{item}]}}"#).as_bytes(), "s.json")
                .unwrap_err();
            assert!(e.message.contains(what), "{}", e.message);
        }
    }

    /// Without top-level labels (as a kumactl export prints a Dataplane), a proxy's zone is its
    /// inbounds' `kuma.io/zone` tag; its gateway's when it has no inbound.
    #[test]
    fn a_proxy_without_labels_takes_its_zone_from_its_tags() {
        for networking in [
            r#"{"inbound": [{"port": 1, "tags": {"kuma.io/service": "web"}}, {"port": 2, "tags": {"kuma.io/service": "web", "kuma.io/zone": "east"}}]}"#,
            r#"{"gateway": {"tags": {"kuma.io/service": "edge", "kuma.io/zone": "east"}}}"#,
        ] {
            let read = census(&[&listing(&[overview("web-1", "", networking, T8)])]);
            let zone = read.proxies[0].zone.map(|z| read.zone_names.name(z));
            assert_eq!(zone, Some("east"), "{networking}");
        }
    }

    /// Insight listings leave out proxies that never connected, so a MeshInsight beside them is
    /// compared with the connected proxies read: fewer is incomplete, as many is not.
    #[test]
    fn a_mesh_insight_beside_insight_listings_counts_connected_proxies() {
        // Connected as Kuma counts them: online, and online with some inbound not ready.
        let insight = |online: u64| {
            format!(
                r#"{{"items": [{{"type": "MeshInsight", "name": "default", "dataplanes": {{"total": 5, "online": {online}, "partiallyDegraded": 1, "offline": 2}}}}]}}"#
            )
        };
        let flat = |name: &str| {
            format!(
                r#"{{"type": "DataplaneInsight", "mesh": "default", "name": "{name}", "subscriptions": [{{"connectTime": "{T8}"}}]}}"#
            )
        };
        let proxies = format!(r#"{{"items": [{}, {}]}}"#, flat("a"), flat("b"));
        assert_eq!(census(&[&insight(1), &proxies]).incomplete(), None);
        assert_eq!(
            census(&[&insight(2), &proxies]).incomplete(),
            Some(crate::state::Incomplete::MeshInsight {
                counted: 3,
                read: 2,
                connected: true
            })
        );
    }

    #[test]
    fn items_of_other_meshes_are_counted_as_skipped() {
        let insight = |mesh: &str| {
            format!(
                r#"{{"type": "MeshInsight", "name": "{mesh}", "mesh": "{mesh}", "dataplanes": {{"total": 1}}}}"#
            )
        };
        let proxy = r#"{"type": "DataplaneOverview", "mesh": "other", "name": "a", "dataplaneInsight": {}}"#;
        let doc = format!(
            r#"{{"items": [{}, {}, {}, {proxy}]}}"#,
            insight("other"),
            insight("third"),
            insight("default")
        );
        let census = census(&[&doc]);
        assert_eq!(census.other_meshes, 3);
        assert!(census.aggregate.is_some());
    }

    #[test]
    fn each_listing_records_whether_it_covers_this_mesh() {
        use ListingKind::{Dataplanes, Insights};
        let proxy = |mesh: &str, name: &str| {
            format!(
                r#"{{"type": "DataplaneOverview", "mesh": "{mesh}", "name": "{name}", "dataplaneInsight": {{}}}}"#
            )
        };
        let page = |total: &str, items: &[String]| {
            format!(
                r#"{{"total": {total}, "items": [{}], "next": null}}"#,
                items.join(",")
            )
        };
        let insight = r#"{"type": "MeshInsight", "name": "default", "dataplanes": {"total": 1}}"#;
        let flat =
            r#"{"type": "DataplaneInsight", "mesh": "default", "name": "a", "subscriptions": []}"#;
        let cases: Vec<(&str, String, Seen)> = vec![
            (
                "this mesh",
                page("2", &[proxy("default", "a"), proxy("default", "b")]),
                Some((Dataplanes, true, false, 2)),
            ),
            (
                "one other mesh",
                page("5", &[proxy("other", "a")]),
                Some((Dataplanes, false, false, 1)),
            ),
            (
                "this mesh and another",
                page("2", &[proxy("default", "a"), proxy("other", "a")]),
                Some((Dataplanes, true, true, 2)),
            ),
            (
                "two other meshes",
                page("2", &[proxy("m1", "a"), proxy("m2", "a")]),
                Some((Dataplanes, false, true, 2)),
            ),
            ("an empty listing", page("0", &[]), None),
            (
                "items and no total",
                r#"{"items": []}"#.to_string(),
                Some((Insights, true, false, 0)),
            ),
            (
                "a total of 0 beside a proxy",
                page("0", &[proxy("default", "a")]),
                Some((Dataplanes, true, false, 1)),
            ),
            (
                "flat insights",
                page("1", &[flat.to_string()]),
                Some((Insights, true, false, 1)),
            ),
            (
                "a MeshInsight listed",
                page("1", &[insight.to_string()]),
                None,
            ),
            (
                "a proxy beside a MeshInsight",
                page("2", &[proxy("default", "a"), insight.to_string()]),
                Some((Dataplanes, true, false, 1)),
            ),
        ];
        for (what, doc, expected) in cases {
            assert_eq!(listing_of(&doc), (expected, false), "{what}");
        }
        // A Kubernetes list page that continues: the census is incomplete only when the list
        // is about this mesh.
        let list = |mesh: &str, metadata: &str| {
            format!(
                r#"{{"kind": "DataplaneInsightList", "metadata": {metadata}, "items": [
                    {{"kind": "DataplaneInsight", "mesh": "{mesh}", "metadata": {{"name": "a", "namespace": "ns"}}, "status": {{}}}}]}}"#
            )
        };
        let k8s = |mesh: &str| list(mesh, r#"{"continue": "next-page"}"#);
        assert_eq!(
            listing_of(&k8s("default")),
            (Some((Insights, true, false, 1)), true)
        );
        assert_eq!(
            listing_of(&k8s("other")),
            (Some((Insights, false, false, 1)), false)
        );
        // Either a token or a count of items left says the list goes on; an empty token or
        // nothing left does not.
        for (metadata, continued) in [
            (r#"{"continue": ""}"#, false),
            (r#"{"remainingItemCount": 5}"#, true),
            (r#"{"remainingItemCount": 0}"#, false),
            (r#"{"continue": "", "remainingItemCount": 1}"#, true),
        ] {
            assert_eq!(
                listing_of(&list("default", metadata)).1,
                continued,
                "{metadata}"
            );
        }
    }

    #[test]
    fn a_key_given_twice_keeps_its_last_value() {
        let networking = r#"{"inbound": [{"port": 8080, "tags": {"version": "v1", "b": "1",
            "kuma.io/service": "web", "version": "v2", "a": "1", "version": "v3"}}]}"#;
        let read = census(&[&listing(&[overview("web-1", "", networking, T8)])]);
        assert_eq!(
            workload(&read, "web-1").inbounds[0].tags,
            pairs(&[
                ("a", "1"),
                ("b", "1"),
                ("kuma.io/service", "web"),
                ("version", "v3")
            ])
        );
        // Twice in a row, in an order otherwise sorted: still one key.
        let networking = r#"{"inbound": [{"port": 8080, "tags": {"a": "1", "a": "2",
            "kuma.io/service": "web"}}]}"#;
        let again = census(&[&listing(&[overview("web-1", "", networking, T8)])]);
        assert_eq!(
            workload(&again, "web-1").inbounds[0].tags,
            pairs(&[("a", "2"), ("kuma.io/service", "web")])
        );
        let networking = r#"{"inbound": [{"port": 8080, "tags": {"a": "1", "a": "2"}}]}"#;
        let only = census(&[&listing(&[overview("web-1", "", networking, T8)])]);
        assert_eq!(
            workload(&only, "web-1").inbounds[0].tags,
            pairs(&[("a", "2")])
        );
    }

    #[test]
    fn facts_match_a_kept_workload_only_when_equal() {
        let shapes = [
            r#"{"inbound": [{"port": 8080, "tags": {"kuma.io/service": "web"}}]}"#,
            r#"{"inbound": [{"port": 8081, "tags": {"kuma.io/service": "web"}}]}"#,
            r#"{"inbound": [{"port": 8080, "name": "http", "tags": {"kuma.io/service": "web"}}]}"#,
            r#"{"inbound": [{"port": 8080, "tags": {"kuma.io/service": "api"}}]}"#,
            r#"{"inbound": [{"port": 8080, "tags": {"kuma.io/service": "web", "v": "1"}}]}"#,
            r#"{"inbound": [{"port": 8080}, {"port": 8080}]}"#,
            r#"{"inbound": []}"#,
            r#"{"gateway": {"tags": {"kuma.io/service": "web"}}}"#,
            r#"{"gateway": {}}"#,
        ];
        let texts: Vec<String> = shapes
            .iter()
            .map(|n| format!(r#"{{"networking": {n}}}"#))
            .collect();
        let read: Vec<Dataplane<'_>> = texts
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        let labels: Tags<'_> = serde_json::from_str(r#"{"team": "a"}"#).unwrap();
        for (i, a) in read.iter().enumerate() {
            for (j, b) in read.iter().enumerate() {
                let kept = Facts::of(None, b).to_workload();
                assert_eq!(Facts::of(None, a).is(&kept), i == j, "{i} {j}");
                assert!(!Facts::of(Some(&labels), a).is(&kept), "{i} {j}");
            }
        }
    }

    #[test]
    fn copies_sit_together_in_listing_order_whatever_their_names_hash_to() {
        let names = ["web-1", "db-1", "web-1", "api-1", "db-1", "web-1"];
        let proxies: Vec<Proxy> = (names.iter())
            .map(|n| Proxy {
                name: n.to_string(),
                ..Proxy::default()
            })
            .collect();
        let copies = (vec![None, None, Some(0), None, Some(1), Some(0)], 3);
        // Every name ties (the hashes differ only in the low bits, where the index goes), or
        // none does: the same copies.
        assert_eq!(first_copies(&proxies, |n| n.len() as u64), copies);
        assert_eq!(first_copies(&proxies, |_| u64::MAX), copies);
        assert_eq!(
            first_copies(&proxies, |n| u64::from(n.as_bytes()[0]) << 56),
            copies
        );
        assert_eq!(first_copies(&[], |_| 0), (vec![], 0));
        let mut proxies = proxies;
        assert_eq!(merge_copies(&mut proxies, &[None; 6]), 3);
        let merged: Vec<(&str, usize)> = (proxies.iter())
            .map(|p| (p.name.as_str(), p.all_copies().count()))
            .collect();
        assert_eq!(merged, [("web-1", 3), ("db-1", 2), ("api-1", 1)]);
    }

    #[test]
    fn copies_take_the_newest_copys_workload() {
        let v1 =
            r#"{"inbound": [{"port": 8080, "tags": {"kuma.io/service": "web", "version": "v1"}}]}"#;
        let v2 =
            r#"{"inbound": [{"port": 8080, "tags": {"kuma.io/service": "web", "version": "v2"}}]}"#;
        let old = listing(&[overview("web-1", "", v1, T8)]);
        let new = listing(&[overview("web-1", "", v2, T9)]);
        let version = |census: &Census| {
            let proxy = &census.proxies[0];
            assert_eq!(census.proxies.len(), 1);
            assert_eq!(proxy.all_copies().count(), 2);
            assert!(proxy.all_copies().all(|c| c.workload == proxy.workload));
            census.workload(proxy).unwrap().inbounds[0].tags[1]
                .1
                .clone()
        };
        // The newest copy by its insight, in whichever order the files are read.
        assert_eq!(version(&census(&[&old, &new])), "v2");
        assert_eq!(version(&census(&[&new, &old])), "v2");
        // Copies that tie: the one read last.
        let same_time = listing(&[overview("web-1", "", v2, T8)]);
        assert_eq!(version(&census(&[&old, &same_time])), "v2");
        assert_eq!(version(&census(&[&same_time, &old])), "v1");
        // A newer copy without a Dataplane (an insight) says nothing of it.
        let insight = r#"{"total": 1, "items": [{"type": "DataplaneInsight", "mesh": "default",
            "name": "web-1", "subscriptions": [{"connectTime": "2026-11-27T10:00:00Z"}]}]}"#;
        let census = census(&[&old, insight]);
        assert_eq!(version(&census), "v1");
        assert!(census.workloads_complete());
    }

    #[test]
    fn insight_only_state_has_no_workloads() {
        let flat = include_str!("../../fixtures/state/dataplane-insights/added-ready.json");
        let kubernetes = include_str!("../../fixtures/state/k8s-list/added-ready.yaml");
        let mesh_insight = include_str!("../../fixtures/state/mesh-insight/added-ready.json");
        for state in [flat, kubernetes, mesh_insight] {
            let census = census(&[state]);
            assert!(census.proxies.iter().all(|p| p.workload.is_none()));
            assert!(!census.workloads_complete());
        }
        // A proxy known only from an insight, beside overviews of the others.
        let networking = r#"{"inbound": [{"port": 8080, "tags": {"kuma.io/service": "web"}}]}"#;
        let overviews = listing(&[overview("web-1", "", networking, T8)]);
        assert!(census(&[&overviews]).workloads_complete());
        let insight = r#"{"total": 1, "items": [{"type": "DataplaneInsight", "mesh": "default",
            "name": "web-2", "subscriptions": [{"connectTime": "2026-11-27T08:00:00Z"}]}]}"#;
        assert!(!census(&[&overviews, insight]).workloads_complete());
    }

    #[test]
    fn yaml_exports_read_the_same_workload_and_values_leniently() {
        let yaml = r#"
total: 1
items:
  - type: DataplaneOverview
    mesh: default
    name: web-1
    labels:
      team: shop
    dataplane:
      networking:
        inbound:
          - port: 8080
            name: http
            tags:
              kuma.io/service: web
              version: 2
              canary: true
"#;
        let json = listing(&[overview(
            "web-1",
            r#""labels": {"team": "shop"},"#,
            r#"{"inbound": [{"port": "8080", "name": "http", "tags": {"canary": "true", "kuma.io/service": "web", "version": "2"}}]}"#,
            T8,
        )]);
        assert_eq!(
            workload(&census(&[yaml]), "web-1"),
            workload(&census(&[&json]), "web-1")
        );
    }
}
