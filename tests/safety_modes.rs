//! The safety of mode transitions, tested rather than assumed: proxies receive each Mesh one at a
//! time, the insight lags behind them, and clients follow Kuma's TLS readiness (in PERMISSIVE a
//! client sends mTLS to a service only once the control plane sees every instance of it holding
//! a certificate; in STRICT always). Turning mTLS on and off is driven by meshctl's own next-step
//! decision on the observed state; after every event every two proxies must reach each other.
//! Twins that enable straight into STRICT, skip the convergence gate before turning mTLS off, go
//! STRICT before clients can know readiness, or count readiness over connected proxies only,
//! must find a broken pair.
//!
//! Kuma's timing, as the STRICT gate relies on it: the control plane sees a new certificate in
//! the insights before anything else changes, and pushes the readiness it implies to every client
//! within Kuma's readiness lag (two ticks of 10 s here, under the 25 s of Kuma's default
//! intervals the gate waits for: `Intervals::readiness_lag`). TLS readiness is computed over every
//! registration of a service, one that never connected included, as Kuma's mesh context does.
//! The state reaches next-step as a snapshot page that says when it was observed.
//!
//! One residual window is named, not hidden: while mTLS goes off, a PERMISSIVE client that still
//! believes its peers TLS-ready sends mTLS to a peer that has already dropped it. No sequence of
//! `Mesh.mtls` changes closes it (the belief is the control plane's to update); `stale_readiness`
//! says when a failure is that one, and a test shows that it happens.

use std::collections::{HashMap, HashSet};

use meshctl::diag::Verdict;
use meshctl::engine::{
    self, Ablation, Ask, Census, GateKind, Loaded, Material, Product, Source, StateReader,
    Timestamp, format_rfc3339,
};

const NOW: i64 = 1_800_000_000;

/// What a Mesh configuration tells a proxy: mTLS on or off, and the mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Config {
    on: bool,
    strict: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct ProxyState {
    /// The stage whose configuration it runs, and when it got that configuration.
    running: usize,
    config_at: u8,
    /// When its certificate was issued (None: it holds none).
    cert_at: Option<u8>,
    /// In PERMISSIVE: the configuration says its peers' service is TLS-ready (every instance
    /// held a certificate when the control plane made it).
    believes_ready: bool,
    /// The insight: the certificate's time and the configuration's time, as last reported.
    seen_cert_at: Option<u8>,
    seen_config_at: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct World {
    stage: usize,
    /// When the applied stage was applied, and the clock, in ticks of 10 s.
    stage_at: u8,
    clock: u8,
    proxies: Vec<ProxyState>,
    /// Registrations of the service that never connected: Kuma counts them in readiness.
    ghosts: u8,
}

/// The applied stage, when it was applied, the clock, and per proxy what the insight says
/// (certificate's and configuration's time).
type DecisionKey = (usize, u8, u8, Vec<(Option<u8>, u8)>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Twin {
    None,
    /// The planner applies the target at once when turning mTLS on.
    StraightIntoStrict,
    /// The convergence gate is skipped.
    SkipConvergence,
    /// The STRICT gate is skipped.
    SkipStrict,
    /// Going STRICT does not wait for clients to learn readiness.
    NoReadinessLag,
    /// Readiness counted over connected proxies only, not every registration.
    ConnectedOnly,
    /// A Kubernetes store's `modificationTime` (the creation time) believed a change time.
    CreationIsChange,
}

struct Model {
    target: String,
    /// Each applied Mesh as next-step emitted it (the control plane adds its change time).
    texts: Vec<String>,
    configs: Vec<Config>,
    decisions: HashMap<DecisionKey, Option<usize>>,
    twin: Twin,
    store: Store,
}

fn load(name: &str, text: &str) -> Loaded {
    Loaded::parse(Source::new(name, text), None).expect("a valid Mesh")
}

/// How the control plane stores the Mesh, and so what its text says of its last change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Store {
    /// Universal: `modificationTime` is stamped at every update.
    Universal,
    /// Kubernetes read over the REST API: `modificationTime` is the creation time, and the
    /// store's `kuma.io/display-name` label is on the Mesh.
    KubernetesRest,
    /// Kubernetes read with kubectl: `managedFields` times, to the second.
    KubernetesManaged,
}

/// The Mesh with mTLS off or on `ca-1` in `on` mode, in the shape `store` serves.
fn mesh_in(on: Option<&str>, store: Store) -> String {
    let universal = mesh(on);
    if store != Store::KubernetesManaged {
        return universal;
    }
    let spec: String = universal
        .strip_prefix("type: Mesh\nname: default\n")
        .unwrap_or_default()
        .lines()
        .map(|l| format!("  {l}\n"))
        .collect();
    let spec = if spec.is_empty() {
        "  {}\n".to_string()
    } else {
        spec
    };
    format!("apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\nspec:\n{spec}")
}

fn mesh(on: Option<&str>) -> String {
    match on {
        None => "type: Mesh\nname: default\n".to_string(),
        Some(mode) => format!(
            "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {{name: ca-1, type: builtin, mode: {mode}}}\n"
        ),
    }
}

/// The Mesh as the control plane prints it once applied at `applied`, as `store` tells it.
fn served(text: &str, applied: i64, store: Store) -> String {
    let created = rfc3339(NOW - 200_000);
    match store {
        Store::Universal => format!(
            "{text}creationTime: \"{created}\"\nmodificationTime: \"{}\"\n",
            rfc3339(applied)
        ),
        Store::KubernetesRest => {
            // Applied manifests keep the label the store added.
            let labels = if text.contains("\nlabels:") {
                ""
            } else {
                "labels:\n  kuma.io/display-name: default\n"
            };
            format!(
                "{text}{labels}creationTime: \"{created}\"\nmodificationTime: \"{created}\"\n"
            )
        }
        Store::KubernetesManaged => text.replacen(
            "  name: default\n",
            &format!(
                "  name: default\n  creationTimestamp: \"{created}\"\n  managedFields:\n  - time: \"{}\"\n",
                rfc3339(applied)
            ),
            1,
        ),
    }
}

/// The time of tick `t`: 10 s apart, so Kuma's readiness lag (25 s by default) spans ticks.
fn at(t: u8) -> i64 {
    NOW - 100_000 + 10 * i64::from(t)
}

/// Ticks within which Kuma pushes readiness to every client once it holds (20 s: under the lag).
const PUSH_TICKS: u8 = 2;

impl Model {
    fn new(from: Option<&str>, to: Option<&str>, twin: Twin, store: Store) -> Self {
        let mut model = Model {
            target: mesh_in(to, store),
            texts: Vec::new(),
            configs: Vec::new(),
            decisions: HashMap::new(),
            twin,
            store,
        };
        model.add(mesh_in(from, store));
        model
    }

    fn config_of(text: &str) -> Config {
        let mtls = load("mesh.yaml", text).mesh.mtls;
        let enabled = mtls
            .enabled()
            .and_then(|b| mtls.backend(b).map(|(_, x)| x.mode()));
        Config {
            on: enabled.is_some(),
            strict: enabled.is_some_and(|m| m == meshctl::engine::Mode::Strict),
        }
    }

    fn add(&mut self, text: String) -> usize {
        let config = Self::config_of(&text);
        if let Some(i) = self.configs.iter().position(|c| *c == config) {
            return i;
        }
        self.texts.push(text);
        self.configs.push(config);
        self.configs.len() - 1
    }

    /// next-step on the observed state: Some(new stage) when it emits a manifest.
    fn decide(&mut self, world: &World) -> Option<usize> {
        let key = (
            world.stage,
            world.stage_at,
            world.clock,
            world
                .proxies
                .iter()
                .map(|p| (p.seen_cert_at, p.seen_config_at))
                .collect(),
        );
        if let Some(d) = self.decisions.get(&key) {
            return *d;
        }
        let decision = self.next_step(world);
        self.decisions.insert(key, decision);
        decision
    }

    /// The engine as the twin has it: one rule switched off.
    fn settings(&self) -> engine::Settings {
        let mut ablation = Ablation::default();
        match self.twin {
            Twin::None => {}
            Twin::StraightIntoStrict => ablation.straight_into_strict = true,
            Twin::SkipConvergence => ablation.skipped = vec![GateKind::Converged],
            Twin::SkipStrict => ablation.skipped = vec![GateKind::Strict],
            Twin::NoReadinessLag => ablation.evidence.readiness_lag = true,
            Twin::ConnectedOnly => ablation.evidence.registrations = true,
            Twin::CreationIsChange => ablation.creation_is_change = true,
        }
        engine::Settings {
            product: Product::KongMesh,
            now: Timestamp::from_secs(NOW),
            ablation,
            authz: allow_all(),
            ..engine::Settings::default()
        }
    }

    fn next_step(&mut self, world: &World) -> Option<usize> {
        let current = load(
            "current.yaml",
            &served(&self.texts[world.stage], at(world.stage_at), self.store),
        );
        let target = load("target.yaml", &self.target);
        let census = census(world);
        let decision = engine::rotation(
            &current,
            &target,
            Some(&census),
            &Material::beside(&[&current, &target]),
            &self.settings(),
            Ask::NextStep,
        )
        .expect("next-step prints its manifest");
        // Over REST from a Kubernetes store nothing dates the Mesh's last change: turning mTLS
        // off is refused (`gate-unchecked`), never taken.
        let unchecked =
            |d: &meshctl::diag::Diagnostic| d.code == meshctl::diag::codes::Code::GateUnchecked;
        assert!(
            decision.verdict != Verdict::Fail
                || (self.store == Store::KubernetesRest && decision.findings.iter().any(unchecked)),
            "next-step refused a mode step: {:?}",
            decision.findings
        );
        (decision.verdict == Verdict::Pass).then(|| self.add(decision.steps[0].manifest.clone()))
    }
}

/// What the control plane reports, read back by meshctl's own reader.
fn census(world: &World) -> Census {
    let items: Vec<String> = world
        .proxies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mtls = match p.seen_cert_at {
                Some(t) => format!(
                    r#", "mTLS": {{"issuedBackend": "ca-1", "supportedBackends": ["ca-1"], "certificateExpirationTime": "{}", "lastCertificateRegeneration": "{}"}}"#,
                    rfc3339(NOW + 3600),
                    rfc3339(at(t))
                ),
                None => String::new(),
            };
            format!(
                r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "dp-{i}", "dataplane": {{"networking": {{"inbound": [{{"tags": {{"kuma.io/service": "web"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "{}", "status": {{"lastUpdateTime": "{}", "total": {{"responsesSent": "3", "responsesAcknowledged": "3"}}}}}}]{mtls}}}}}"#,
                rfc3339(NOW - 200_000),
                rfc3339(at(p.seen_config_at)),
            )
        })
        .collect();
    // Kuma lists registrations that never connected, without an insight.
    let ghosts = (0..world.ghosts).map(|g| {
        format!(
            r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "ghost-{g}", "dataplane": {{"networking": {{"inbound": [{{"tags": {{"kuma.io/service": "web"}}}}]}}}}}}"#
        )
    });
    let items: Vec<String> = items.into_iter().chain(ghosts).collect();
    let mut reader = StateReader::new("default");
    let text = format!(
        r#"{{"meshctl": {{"snapshot": 1, "takenAt": "{}"}}, "total": {}, "items": [{}], "next": null}}"#,
        rfc3339(at(world.clock)),
        items.len(),
        items.join(", ")
    );
    reader
        .read_stream(text.as_bytes(), "state.json", u64::MAX - 1)
        .expect("readable state");
    reader.finish()
}

/// Whether client `p` reaches server `q`, and if not, whether the failure is the named residual.
fn reaches(model: &Model, p: &ProxyState, q: &ProxyState) -> Result<(), bool> {
    let (pc, qc) = (model.configs[p.running], model.configs[q.running]);
    let sends_mtls = pc.on && p.cert_at.is_some() && (pc.strict || p.believes_ready);
    let ok = if sends_mtls {
        qc.on && q.cert_at.is_some()
    } else {
        !(qc.on && qc.strict)
    };
    if ok {
        return Ok(());
    }
    let stale_readiness =
        sends_mtls && !pc.strict && !qc.on && !model.configs[model_stage(model)].on;
    Err(stale_readiness)
}

/// The stage the control plane serves (set by `explore` before each check).
fn model_stage(model: &Model) -> usize {
    CURRENT.with(|c| c.get()).min(model.configs.len() - 1)
}

thread_local! {
    static CURRENT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The first broken pair: (residual?, client, server).
fn broken(model: &Model, world: &World) -> Option<(bool, ProxyState, ProxyState)> {
    CURRENT.with(|c| c.set(world.stage));
    for (i, p) in world.proxies.iter().enumerate() {
        for (j, q) in world.proxies.iter().enumerate() {
            if i != j
                && let Err(residual) = reaches(model, p, q)
            {
                return Some((residual, *p, *q));
            }
        }
    }
    None
}

fn start(n: usize, ghosts: u8, model: &Model) -> World {
    let on = model.configs[0].on;
    // A settled mesh: certificates issued at tick 0, the configurations that followed at 1.
    let proxy = ProxyState {
        running: 0,
        config_at: 1,
        cert_at: on.then_some(0),
        believes_ready: on,
        seen_cert_at: on.then_some(0),
        seen_config_at: 1,
    };
    World {
        stage: 0,
        stage_at: 0,
        clock: 2,
        proxies: vec![proxy; n],
        ghosts,
    }
}

#[derive(Clone, Copy)]
enum Event {
    /// The control plane pushes proxy i the applied stage, with its readiness as it is now.
    Deliver(usize),
    Report(usize),
    Drive,
}

/// Ticks at most: enough for every stage to reach every proxy twice.
const MAX_CLOCK: u8 = 40;

/// Readiness as Kuma computes it: from the insights, every registration seen with a certificate.
fn ready(world: &World) -> bool {
    world.ghosts == 0 && world.proxies.iter().all(|p| p.seen_cert_at.is_some())
}

/// Clients running the applied PERMISSIVE configuration that Kuma owes readiness: it holds, and
/// the newest certificate is more than `PUSH_TICKS` old.
fn overdue(world: &World, model: &Model) -> Vec<usize> {
    let config = model.configs[world.stage];
    let newest = world.proxies.iter().filter_map(|p| p.cert_at).max();
    let owed = config.on
        && !config.strict
        && ready(world)
        && newest.is_some_and(|n| world.clock > n + PUSH_TICKS);
    (0..world.proxies.len())
        .filter(|&i| {
            let p = &world.proxies[i];
            owed && p.running == world.stage && !p.believes_ready
        })
        .collect()
}

fn step(world: &World, event: Event, model: &mut Model) -> Option<World> {
    let mut next = world.clone();
    // The insight of a new certificate reaches the control plane before anything else changes.
    let unreported = world
        .proxies
        .iter()
        .any(|p| p.cert_at.is_some() && p.seen_cert_at != p.cert_at);
    if unreported && !matches!(event, Event::Report(_)) {
        return None;
    }
    // Kuma's timing: once readiness is owed, nothing else happens before it is pushed.
    let owed = overdue(world, model);
    if !owed.is_empty() && !matches!(event, Event::Deliver(i) if owed.contains(&i)) {
        return None;
    }
    if world.clock >= MAX_CLOCK && !matches!(event, Event::Report(_)) {
        return None;
    }
    match event {
        Event::Drive => {
            next.stage = model.decide(world)?;
            if next.stage == world.stage {
                return None;
            }
            next.stage_at = world.clock;
            next.clock += 1;
        }
        Event::Deliver(i) => {
            let config = model.configs[world.stage];
            let belief = config.on && ready(world);
            let p = &mut next.proxies[i];
            let fresh = p.running == world.stage && p.believes_ready == belief;
            if fresh && (p.cert_at.is_some() == config.on) {
                return None;
            }
            p.running = world.stage;
            p.config_at = world.clock;
            p.cert_at = if config.on {
                p.cert_at.or(Some(world.clock))
            } else {
                None
            };
            p.believes_ready = belief;
            next.clock += 1;
        }
        Event::Report(i) => {
            let p = &mut next.proxies[i];
            if p.seen_cert_at == p.cert_at && p.seen_config_at == p.config_at {
                return None;
            }
            p.seen_cert_at = p.cert_at;
            p.seen_config_at = p.config_at;
        }
    }
    next.proxies.sort();
    Some(next)
}

/// Every interleaving: the first broken state that is not the named residual, whether the
/// residual was met, and whether the target was reached.
fn explore(
    n: usize,
    from: Option<&str>,
    to: Option<&str>,
    twin: Twin,
) -> (Option<World>, bool, bool) {
    explore_with(n, 0, from, to, twin, Store::Universal)
}

fn explore_with(
    n: usize,
    ghosts: u8,
    from: Option<&str>,
    to: Option<&str>,
    twin: Twin,
    store: Store,
) -> (Option<World>, bool, bool) {
    let mut model = Model::new(from, to, twin, store);
    let goal = Model::config_of(&model.target);
    let initial = start(n, ghosts, &model);
    let mut seen = HashSet::from([initial.clone()]);
    let mut stack = vec![initial];
    let (mut residual, mut finished) = (false, false);
    while let Some(world) = stack.pop() {
        match broken(&model, &world) {
            Some((true, ..)) => residual = true,
            Some((false, ..)) => return (Some(world), residual, finished),
            None => {}
        }
        finished |= model.configs[world.stage] == goal
            && world.proxies.iter().all(|p| p.running == world.stage);
        let mut events = vec![Event::Drive];
        for i in 0..n {
            events.extend([Event::Deliver(i), Event::Report(i)]);
        }
        let mut moved = false;
        for event in events {
            if let Some(next) = step(&world, event, &mut model) {
                moved = true;
                if seen.insert(next.clone()) {
                    stack.push(next);
                }
            }
        }
        // Nothing happens but time passing: ten seconds pass.
        if !moved && world.clock < MAX_CLOCK {
            let mut later = world.clone();
            later.clock += 1;
            if seen.insert(later.clone()) {
                stack.push(later);
            }
        }
    }
    (None, residual, finished)
}

#[test]
fn turning_mtls_on_through_permissive_never_breaks_a_pair() {
    for n in 2..=4 {
        let (broken, _, finished) = explore(n, None, Some("STRICT"), Twin::None);
        assert!(broken.is_none(), "{n} proxies: broken pair in {broken:?}");
        assert!(finished, "{n} proxies: mTLS can reach STRICT");
    }
}

#[test]
fn turning_mtls_on_straight_into_strict_breaks_a_pair() {
    let (broken, _, _) = explore(2, None, Some("STRICT"), Twin::StraightIntoStrict);
    assert!(
        broken.is_some(),
        "enabling straight into STRICT must break a pair"
    );
}

#[test]
fn turning_mtls_off_through_permissive_breaks_only_the_named_residual() {
    for n in 2..=4 {
        let (broken, residual, finished) = explore(n, Some("STRICT"), None, Twin::None);
        assert!(broken.is_none(), "{n} proxies: broken pair in {broken:?}");
        assert!(finished, "{n} proxies: mTLS can go off");
        // The window no Mesh change closes exists, and is the only one.
        assert!(
            residual,
            "{n} proxies: the stale-readiness window is reachable"
        );
    }
}

#[test]
fn skipping_the_convergence_gate_breaks_a_pair() {
    let (broken, _, _) = explore(2, Some("STRICT"), None, Twin::SkipConvergence);
    assert!(
        broken.is_some(),
        "turning mTLS off before every proxy runs PERMISSIVE must break a pair"
    );
}

#[test]
fn going_strict_from_permissive_never_breaks_a_pair() {
    for n in 2..=4 {
        let (broken, _, finished) = explore(n, Some("PERMISSIVE"), Some("STRICT"), Twin::None);
        assert!(broken.is_none(), "{n} proxies: broken pair in {broken:?}");
        assert!(finished);
    }
}

#[test]
fn going_strict_before_clients_can_know_readiness_breaks_a_pair() {
    let (broken, _, _) = explore(2, None, Some("STRICT"), Twin::NoReadinessLag);
    assert!(
        broken.is_some(),
        "going STRICT before Kuma pushed readiness to every client must break a pair"
    );
}

#[test]
fn a_registration_that_never_connected_holds_strict_and_nothing_breaks() {
    for n in 2..=3 {
        let (broken, _, finished) = explore_with(
            n,
            1,
            Some("PERMISSIVE"),
            Some("STRICT"),
            Twin::None,
            Store::Universal,
        );
        assert!(broken.is_none(), "{n} proxies: broken pair in {broken:?}");
        // Kuma never counts the service TLS-ready: STRICT never comes.
        assert!(!finished, "{n} proxies: STRICT waits for the registration");
    }
}

#[test]
fn counting_readiness_over_connected_proxies_only_breaks_a_pair() {
    let (broken, _, _) = explore_with(
        2,
        1,
        Some("PERMISSIVE"),
        Some("STRICT"),
        Twin::ConnectedOnly,
        Store::Universal,
    );
    assert!(
        broken.is_some(),
        "clients send a service with a registration that never connected plaintext: STRICT breaks them"
    );
}

#[test]
fn skipping_the_strict_gate_breaks_a_pair() {
    let (broken, _, _) = explore(2, None, Some("STRICT"), Twin::SkipStrict);
    assert!(
        broken.is_some(),
        "going STRICT before every proxy is ready must break a pair"
    );
}

/// A time in seconds as Kuma prints it.
fn rfc3339(secs: i64) -> String {
    format_rfc3339(Timestamp::from_secs(secs))
}

#[test]
fn turning_mtls_off_on_kubernetes_waits_on_managed_fields_or_refuses() {
    // kubectl's managedFields date the change (to the second): the walk completes safely.
    let (broken, residual, finished) = explore_with(
        2,
        0,
        Some("STRICT"),
        None,
        Twin::None,
        Store::KubernetesManaged,
    );
    assert!(broken.is_none(), "broken pair in {broken:?}");
    assert!(finished && residual);
    // Over REST, a Kubernetes store's modificationTime is the creation time: refused, safely.
    let (broken, _, finished) = explore_with(
        2,
        0,
        Some("STRICT"),
        None,
        Twin::None,
        Store::KubernetesRest,
    );
    assert!(broken.is_none(), "broken pair in {broken:?}");
    assert!(!finished, "nothing dates the change: mTLS does not go off");
}

#[test]
fn believing_a_kubernetes_modification_time_breaks_a_pair() {
    let (broken, _, _) = explore_with(
        2,
        0,
        Some("STRICT"),
        None,
        Twin::CreationIsChange,
        Store::KubernetesRest,
    );
    assert!(
        broken.is_some(),
        "the creation time passes for the last change: mTLS goes off before PERMISSIVE reached everyone"
    );
}

/// The mesh's one MeshTrafficPermission: everyone may call everyone. Turning mTLS on is judged
/// against it (nothing is denied), so the engine's authorization check runs in every model step.
fn allow_all() -> engine::AuthzSettings {
    let text = "type: Mesh\nname: default\n---\ntype: MeshTrafficPermission\nname: allow-all\nmesh: default\nspec:\n  targetRef: {kind: Mesh}\n  from:\n  - targetRef: {kind: Mesh}\n    default: {action: Allow}\n";
    let loaded = load("policies.yaml", text);
    engine::AuthzSettings {
        policies: Some(engine::PolicySet {
            docs: loaded.permissions,
            source: "policies.yaml".to_string(),
        }),
        version: engine::KumaVersion::parse("2.14.3"),
    }
}
