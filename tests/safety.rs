//! The safety property, tested rather than assumed: proxies receive each Mesh config
//! asynchronously, the control plane's insight lags behind them, proxies lose the control plane
//! and keep serving with their last config until their certificate expires, and reconnect later.
//! The rotation A -> B is driven only by meshctl's engine, the call `next-step` makes: the Mesh as
//! Kuma prints it and the state pages as the API prints them go through meshctl's own loaders and
//! census reader, and the manifest it emits is what the model applies next. After every event, every two in-scope proxies must verify each
//! other. Small meshes are explored exhaustively; larger ones with proptest. The same simulation
//! with a gate skipped must find a broken pair, so the test can fail.
//!
//! The control plane reports state the way Kuma does, and meshctl reads it with its own reader:
//! one listing, or pages of two with a MeshInsight beside them, or a stale export of an earlier
//! rotation passed before the current one (overlapping files). Twins are the engine with one rule
//! switched off (a gate skipped, `state-incomplete` filtered, copies not merged): each must find a
//! broken pair.

use std::collections::{HashMap, HashSet};

use meshctl::diag::Verdict;
use meshctl::diag::codes::Code;
use meshctl::engine::{
    self, Ablation, Ask, Census, GateKind, Loaded, Material, Product, Source, StateReader,
    Timestamp, format_rfc3339,
};
use proptest::prelude::*;

const NOW: i64 = 1_800_000_000;
const A: u8 = 1;
const B: u8 = 2;

/// What a proxy serves with, or what the insight says it does: trusted backends and issuer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct View {
    trusts: u8,
    issued: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct ProxyState {
    connected: bool,
    /// The certificate it serves with has not expired.
    cert_valid: bool,
    real: View,
    /// The control plane's insight: what it last flushed for this proxy.
    observed: View,
}

impl ProxyState {
    fn in_scope(&self) -> bool {
        self.cert_valid
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct World {
    /// Index of the applied Mesh in `Configs`.
    stage: usize,
    /// Sorted: proxies are interchangeable, so sorting folds symmetric states together.
    proxies: Vec<ProxyState>,
    disconnects_left: u8,
}

#[derive(Clone, Copy, Debug)]
enum Event {
    /// The control plane pushes the applied Mesh to a connected proxy (bundle and certificate).
    Deliver(usize),
    /// The insight catches up with what the proxy was given.
    Report(usize),
    Disconnect(usize),
    Reconnect(usize),
    /// A disconnected proxy's certificate runs out.
    Expire(usize),
    /// The pipeline runs `next-step` on the observed state and applies what it emits.
    Drive,
}

/// What the broken twin gets wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Skip {
    None,
    Switch,
    Removal,
    /// Reads only the first page of the listing and ignores `state-incomplete`.
    FirstPage,
    /// Keeps the first copy of a proxy read twice (what meshctl did before merging copies).
    FirstCopy,
}

/// How the control plane's state reaches next-step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    /// One listing of every proxy.
    OneListing,
    /// REST pages of two proxies each, and the mesh's MeshInsight beside them.
    Pages,
    /// Rotating back from `ca-2` to a re-added `ca-1`, with an export of the earlier rotation
    /// (every proxy trusting both, `ca-1` issuing) passed before the current listing.
    StaleCopy,
}

const PAGE: usize = 2;

/// The applied stage and, per proxy, what the control plane observes (connected, valid, insight).
type DecisionKey = (usize, Vec<(bool, bool, View)>);

/// The Meshes of the rotation as next-step emitted them, and its decisions, memoized.
struct Configs {
    target: String,
    /// Each applied Mesh, as the text the control plane serves, and as meshctl loads it.
    texts: Vec<String>,
    loaded: Vec<Loaded>,
    target_loaded: Loaded,
    views: Vec<View>,
    decisions: HashMap<DecisionKey, Option<usize>>,
    skip: Skip,
    evidence: Evidence,
}

fn load(name: &str, text: &str) -> Loaded {
    Loaded::parse(Source::new(name, text), None).expect("a valid Mesh")
}

fn bits(names: impl Iterator<Item = String>) -> u8 {
    names.fold(0, |acc, n| {
        acc | if n == "ca-1" {
            A
        } else if n == "ca-2" {
            B
        } else {
            0
        }
    })
}

/// A Mesh whose only backend, `name`, is enabled, as `kumactl get mesh -o yaml` prints it.
fn only(name: &str) -> String {
    format!(
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: {name}\n  backends:\n  - {{name: {name}, type: builtin}}\n"
    )
}

/// What proxies serve with once `text` is applied: the backends they trust and the issuer.
fn view_of(text: &str) -> View {
    let mtls = &load("mesh.yaml", text).mesh.mtls;
    View {
        trusts: bits(mtls.backend_names().map(str::to_string)),
        issued: bits(mtls.enabled().map(str::to_string).into_iter()),
    }
}

impl Configs {
    fn new(skip: Skip, evidence: Evidence) -> Self {
        let (from, to) = match evidence {
            Evidence::StaleCopy => ("ca-2", "ca-1"),
            _ => ("ca-1", "ca-2"),
        };
        let mut configs = Configs {
            target: only(to),
            target_loaded: load("target.yaml", &only(to)),
            texts: Vec::new(),
            loaded: Vec::new(),
            views: Vec::new(),
            decisions: HashMap::new(),
            skip,
            evidence,
        };
        configs.add(only(from));
        configs
    }

    /// What proxies serve with once the target is applied.
    fn target_view(&self) -> View {
        view_of(&self.target)
    }

    fn add(&mut self, text: String) -> usize {
        let view = view_of(&text);
        if let Some(i) = self.views.iter().position(|v| *v == view) {
            return i;
        }
        self.loaded.push(load("current.yaml", &text));
        self.texts.push(text);
        self.views.push(view);
        self.views.len() - 1
    }

    /// The engine as the twin has it: one rule switched off.
    fn settings(&self) -> engine::Settings {
        let mut ablation = Ablation::default();
        match self.skip {
            Skip::None => {}
            Skip::Switch => ablation.skipped = vec![GateKind::Switch],
            Skip::Removal => ablation.skipped = vec![GateKind::Remove],
            Skip::FirstPage => ablation.filtered = vec![Code::StateIncomplete],
            Skip::FirstCopy => ablation.first_copy_only = true,
        }
        engine::Settings {
            product: Product::KongMesh,
            now: Timestamp::from_secs(NOW),
            ablation,
            ..engine::Settings::default()
        }
    }

    /// next-step's decision on the observed state: Some(new stage) when it emits a manifest.
    fn decide(&mut self, world: &World) -> Option<usize> {
        let observed: Vec<(bool, bool, View)> = world
            .proxies
            .iter()
            .map(|p| (p.connected, p.cert_valid, p.observed))
            .collect();
        let key = (world.stage, observed);
        if let Some(decision) = self.decisions.get(&key) {
            return *decision;
        }
        let (current, target) = (&self.loaded[world.stage], &self.target_loaded);
        let census = census(world, self.evidence, self.skip);
        let material = Material::beside(&[current, target]);
        let decision = engine::rotation(
            current,
            target,
            Some(&census),
            &material,
            &self.settings(),
            Ask::NextStep,
        )
        .expect("next-step prints its manifest");
        assert_ne!(
            decision.verdict,
            Verdict::Fail,
            "next-step refused a step of a plain rotation: {:?}",
            decision.findings
        );
        let applied = (decision.verdict == Verdict::Pass)
            .then(|| self.add(decision.steps[0].manifest.clone()));
        self.decisions.insert(key, applied);
        applied
    }
}

/// The census next-step would read, printed as Kuma prints it and read back by meshctl's own
/// reader: the insight of every proxy, expiries as they stand at NOW.
fn census(world: &World, evidence: Evidence, skip: Skip) -> Census {
    // Kuma lists by name, which says nothing of readiness. The world keeps proxies sorted with
    // the laggards first; listing them in reverse puts them on the last page, the worst case
    // for a reader of the first page only.
    let items: Vec<String> = world
        .proxies
        .iter()
        .rev()
        .enumerate()
        .map(|(i, p)| overview(i, p.connected, p.cert_valid, p.observed))
        .collect();
    let total = items.len();
    let mut reader = StateReader::new("default");
    let mut read = |name: &str, text: String| {
        reader
            .read_stream(text.as_bytes(), name, u64::MAX - 1)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
    };
    match evidence {
        Evidence::OneListing => read("state.json", listing(&items, total, None)),
        Evidence::Pages => {
            let pages: Vec<&[String]> = items.chunks(PAGE).collect();
            let shown = if skip == Skip::FirstPage {
                1
            } else {
                pages.len()
            };
            for (n, page) in pages.iter().take(shown).enumerate() {
                let next = (n + 1 < pages.len()).then(|| {
                    format!(
                        "/meshes/default/dataplanes/_overview?offset={}",
                        (n + 1) * PAGE
                    )
                });
                read(&format!("page-{n}.json"), listing(page, total, next));
            }
            // The twin reads what `kumactl inspect dataplanes` prints: the first page alone.
            if skip != Skip::FirstPage {
                read("mesh-insight.json", mesh_insight(world));
            }
        }
        Evidence::StaleCopy => {
            let stale = View {
                trusts: A | B,
                issued: A,
            };
            let old: Vec<String> = (0..total).map(|i| overview(i, true, true, stale)).collect();
            read("earlier-rotation.json", listing(&old, total, None));
            read("state.json", listing(&items, total, None));
        }
    }
    reader.finish()
}

fn listing(items: &[String], total: usize, next: Option<String>) -> String {
    let next = next.map_or("null".to_string(), |n| format!("\"{n}\""));
    format!(
        r#"{{"total": {total}, "items": [{}], "next": {next}}}"#,
        items.join(",")
    )
}

fn backend_names(bits: u8) -> Vec<String> {
    [(A, "ca-1"), (B, "ca-2")]
        .into_iter()
        .filter(|(bit, _)| bits & bit != 0)
        .map(|(_, name)| format!("\"{name}\""))
        .collect()
}

/// One DataplaneOverview as the REST API prints it.
fn overview(i: usize, connected: bool, cert_valid: bool, view: View) -> String {
    let disconnect = if connected {
        String::new()
    } else {
        format!(r#", "disconnectTime": "{}""#, rfc3339(NOW - 600))
    };
    let expires = rfc3339(if cert_valid { NOW + 3600 } else { NOW - 3600 });
    let issued = backend_names(view.issued)
        .pop()
        .unwrap_or_else(|| "null".to_string());
    format!(
        r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "dp-{i}", "dataplaneInsight": {{"subscriptions": [{{"connectTime": "{}"{disconnect}}}], "mTLS": {{"issuedBackend": {issued}, "supportedBackends": [{}], "certificateExpirationTime": "{expires}", "lastCertificateRegeneration": "{}"}}}}}}"#,
        rfc3339(NOW - 7200),
        backend_names(view.trusts).join(", "),
        rfc3339(NOW - 60),
    )
}

/// The MeshInsight Kuma computes from the same insights.
fn mesh_insight(world: &World) -> String {
    let mut issued: HashMap<&str, (u64, u64)> = HashMap::new();
    let mut trusted: HashMap<&str, (u64, u64)> = HashMap::new();
    for p in &world.proxies {
        for (bit, name) in [(A, "ca-1"), (B, "ca-2")] {
            for (set, table) in [
                (p.observed.issued, &mut issued),
                (p.observed.trusts, &mut trusted),
            ] {
                if set & bit != 0 {
                    let entry = table.entry(name).or_default();
                    if p.connected {
                        entry.0 += 1
                    } else {
                        entry.1 += 1
                    }
                }
            }
        }
    }
    let stats = |table: &HashMap<&str, (u64, u64)>| {
        table
            .iter()
            .map(|(name, (on, off))| {
                format!(
                    r#""{name}": {{"total": "{}", "online": "{on}", "offline": "{off}"}}"#,
                    on + off
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let online = world.proxies.iter().filter(|p| p.connected).count();
    format!(
        r#"{{"type": "MeshInsight", "name": "default", "dataplanes": {{"total": {}, "online": {online}, "offline": {}}}, "mTLS": {{"issuedBackends": {{{}}}, "supportedBackends": {{{}}}}}}}"#,
        world.proxies.len(),
        world.proxies.len() - online,
        stats(&issued),
        stats(&trusted)
    )
}

/// Every two in-scope proxies verify each other: each one's issuer is in the other's bundle.
fn broken_pair(world: &World) -> Option<(ProxyState, ProxyState)> {
    let live: Vec<&ProxyState> = world.proxies.iter().filter(|p| p.in_scope()).collect();
    for (i, p) in live.iter().enumerate() {
        for q in &live[i + 1..] {
            if p.real.issued & q.real.trusts == 0 || q.real.issued & p.real.trusts == 0 {
                return Some((**p, **q));
            }
        }
    }
    None
}

/// `n` connected proxies serving with the current Mesh of `configs`.
fn start(n: usize, disconnects: u8, configs: &Configs) -> World {
    let view = configs.views[0];
    World {
        stage: 0,
        proxies: vec![
            ProxyState {
                connected: true,
                cert_valid: true,
                real: view,
                observed: view
            };
            n
        ],
        disconnects_left: disconnects,
    }
}

/// Applies `event`; None when it cannot happen in this state.
fn step(world: &World, event: Event, configs: &mut Configs) -> Option<World> {
    let mut next = world.clone();
    match event {
        Event::Drive => next.stage = configs.decide(world)?,
        Event::Deliver(i) => {
            let p = &mut next.proxies[i];
            let view = configs.views[world.stage];
            if !p.connected || (p.real == view && p.cert_valid) {
                return None;
            }
            p.real = view;
            p.cert_valid = true;
        }
        Event::Report(i) => {
            let p = &mut next.proxies[i];
            if !p.connected || p.observed == p.real {
                return None;
            }
            p.observed = p.real;
        }
        Event::Disconnect(i) => {
            if !next.proxies[i].connected || next.disconnects_left == 0 {
                return None;
            }
            next.proxies[i].connected = false;
            next.disconnects_left -= 1;
        }
        Event::Reconnect(i) => {
            if next.proxies[i].connected {
                return None;
            }
            next.proxies[i].connected = true;
        }
        Event::Expire(i) => {
            let p = &mut next.proxies[i];
            if p.connected || !p.cert_valid {
                return None;
            }
            p.cert_valid = false;
        }
    }
    if next.stage == world.stage && next == *world {
        return None;
    }
    next.proxies.sort();
    Some(next)
}

fn events(n: usize) -> Vec<Event> {
    let mut all = vec![Event::Drive];
    for i in 0..n {
        all.extend([
            Event::Deliver(i),
            Event::Report(i),
            Event::Disconnect(i),
            Event::Reconnect(i),
            Event::Expire(i),
        ]);
    }
    all
}

/// Explores every interleaving from the start; returns the first broken state, and how many
/// states were seen and whether the rotation could finish.
fn explore(
    n: usize,
    disconnects: u8,
    skip: Skip,
    evidence: Evidence,
) -> (Option<World>, usize, bool) {
    let mut configs = Configs::new(skip, evidence);
    let initial = start(n, disconnects, &configs);
    let done = configs.target_view();
    let mut seen = HashSet::from([initial.clone()]);
    let mut stack = vec![initial];
    let mut finished = false;
    while let Some(world) = stack.pop() {
        if broken_pair(&world).is_some() {
            return (Some(world), seen.len(), finished);
        }
        finished |= configs.views[world.stage] == done;
        for event in events(n) {
            if let Some(next) = step(&world, event, &mut configs)
                && seen.insert(next.clone())
            {
                stack.push(next);
            }
        }
    }
    (None, seen.len(), finished)
}

#[test]
fn following_next_step_never_breaks_mtls_in_small_meshes() {
    for evidence in [Evidence::OneListing, Evidence::Pages, Evidence::StaleCopy] {
        for (n, disconnects) in [(2, 4), (3, 4), (4, 4)] {
            let (broken, states, finished) = explore(n, disconnects, Skip::None, evidence);
            assert!(
                broken.is_none(),
                "{evidence:?}, {n} proxies: broken pair in {broken:?}"
            );
            assert!(
                finished,
                "{evidence:?}, {n} proxies: the rotation can complete"
            );
            // 2,178 / 11,706 / 39,030 states with one listing when this was written (fewer with
            // a MeshInsight, which also holds back for expired offline proxies): a collapse
            // means a broken model.
            assert!(
                states > 500,
                "{evidence:?}, {n} proxies: only {states} states explored"
            );
        }
    }
}

#[test]
fn skipping_the_switch_gate_breaks_a_pair() {
    let (broken, _, _) = explore(2, 1, Skip::Switch, Evidence::OneListing);
    let world = broken.expect("switching before every proxy trusts the new CA must break mTLS");
    assert!(configs_issue(&world).contains(&B));
}

#[test]
fn skipping_the_removal_gate_breaks_a_pair() {
    let (broken, _, _) = explore(2, 1, Skip::Removal, Evidence::OneListing);
    assert!(
        broken.is_some(),
        "removing the old CA while it still signs must break mTLS"
    );
}

#[test]
fn trusting_the_first_page_breaks_a_pair() {
    // Three proxies in pages of two: the third is never seen by the twin.
    let (broken, _, _) = explore(3, 1, Skip::FirstPage, Evidence::Pages);
    assert!(
        broken.is_some(),
        "gating on the first page of the listing must break mTLS"
    );
}

#[test]
fn trusting_the_first_copy_breaks_a_pair() {
    let (broken, _, _) = explore(2, 1, Skip::FirstCopy, Evidence::StaleCopy);
    assert!(
        broken.is_some(),
        "gating on a stale first copy of each proxy must break mTLS"
    );
}

fn configs_issue(world: &World) -> Vec<u8> {
    world.proxies.iter().map(|p| p.real.issued).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Larger meshes: random interleavings of up to 300 events, the invariant after each.
    #[test]
    fn following_next_step_never_breaks_mtls_in_larger_meshes(
        n in 5usize..12,
        evidence in prop_oneof![Just(Evidence::OneListing), Just(Evidence::Pages), Just(Evidence::StaleCopy)],
        script in proptest::collection::vec(any::<u8>(), 1..300),
    ) {
        let mut configs = Configs::new(Skip::None, evidence);
        let mut world = start(n, 3, &configs);
        let all = events(n);
        for choice in script {
            let event = all[choice as usize % all.len()];
            if let Some(next) = step(&world, event, &mut configs) {
                world = next;
            }
            prop_assert!(broken_pair(&world).is_none(), "broken pair in {:?}", world);
        }
    }
}

#[test]
fn the_model_reaches_the_end_of_a_rotation_when_proxies_keep_up() {
    // A fair schedule: deliver and report to everyone, then drive, until the target is applied.
    let mut configs = Configs::new(Skip::None, Evidence::Pages);
    let mut world = start(6, 0, &configs);
    for _ in 0..10 {
        for i in 0..6 {
            for event in [Event::Deliver(i), Event::Report(i)] {
                if let Some(next) = step(&world, event, &mut configs) {
                    world = next;
                }
            }
        }
        if let Some(next) = step(&world, Event::Drive, &mut configs) {
            world = next;
        }
        assert!(broken_pair(&world).is_none());
    }
    assert_eq!(configs.views[world.stage], configs.target_view());
}

/// A time in seconds as Kuma prints it.
fn rfc3339(secs: i64) -> String {
    format_rfc3339(Timestamp::from_secs(secs))
}
