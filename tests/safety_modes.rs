//! The safety of mode transitions, tested rather than assumed: proxies receive each Mesh one at a
//! time, the insight lags behind them, and clients follow Kuma's TLS readiness (in PERMISSIVE a
//! client sends mTLS to a service only once the control plane sees every instance of it holding
//! a certificate; in STRICT always). Turning mTLS on and off is driven by meshctl's own next-step
//! decision on the observed state; after every event every two proxies must reach each other.
//! Twins that enable straight into STRICT, or skip the convergence gate before turning mTLS
//! off, must find a broken pair.
//!
//! The control plane is assumed to see a new certificate in the insights before anything else
//! changes (in time: within the readiness lag the STRICT gate allows, a minute).
//!
//! One residual window is named, not hidden: while mTLS goes off, a PERMISSIVE client that still
//! believes its peers TLS-ready sends mTLS to a peer that has already dropped it. No sequence of
//! `Mesh.mtls` changes closes it (the belief is the control plane's to update); `stale_readiness`
//! says when a failure is that one, and a test shows that it happens.

use std::collections::{HashMap, HashSet};

use meshctl::diag::Verdict;
use meshctl::engine::{
    self, Ablation, Ask, Census, GateKind, Loaded, Material, Product, Source, StateReader,
    format_rfc3339,
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
    /// When the applied stage was applied, and the logical clock (a tick per change).
    stage_at: u8,
    clock: u8,
    proxies: Vec<ProxyState>,
}

/// The applied stage, when it was applied, and per proxy what the insight says (certificate's and
/// configuration's time).
type DecisionKey = (usize, u8, Vec<(Option<u8>, u8)>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Twin {
    None,
    /// The planner applies the target at once when turning mTLS on.
    StraightIntoStrict,
    /// The convergence gate is skipped.
    SkipConvergence,
    /// The STRICT gate is skipped.
    SkipStrict,
}

struct Model {
    target: String,
    /// Each applied Mesh as next-step emitted it (the control plane adds its change time).
    texts: Vec<String>,
    configs: Vec<Config>,
    decisions: HashMap<DecisionKey, Option<usize>>,
    twin: Twin,
}

fn load(name: &str, text: &str) -> Loaded {
    Loaded::parse(Source::new(name, text), None).expect("a valid Mesh")
}

fn mesh(on: Option<&str>) -> String {
    match on {
        None => "type: Mesh\nname: default\n".to_string(),
        Some(mode) => format!(
            "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {{name: ca-1, type: builtin, mode: {mode}}}\n"
        ),
    }
}

/// The Mesh as the control plane prints it once applied at `applied`: with its change time.
fn served(text: &str, applied: i64) -> String {
    format!(
        "{text}creationTime: \"{}\"\nmodificationTime: \"{}\"\n",
        format_rfc3339(NOW - 200_000),
        format_rfc3339(applied)
    )
}

/// The time of logical tick `t`: ticks are further apart than the readiness lag.
fn at(t: u8) -> i64 {
    NOW - 100_000 + 100 * i64::from(t)
}

impl Model {
    fn new(from: Option<&str>, to: Option<&str>, twin: Twin) -> Self {
        let mut model = Model {
            target: mesh(to),
            texts: Vec::new(),
            configs: Vec::new(),
            decisions: HashMap::new(),
            twin,
        };
        model.add(mesh(from));
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
        }
        engine::Settings {
            product: Product::KongMesh,
            now: NOW,
            ablation,
            ..engine::Settings::default()
        }
    }

    fn next_step(&mut self, world: &World) -> Option<usize> {
        let current = load(
            "current.yaml",
            &served(&self.texts[world.stage], at(world.stage_at)),
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
        assert_ne!(
            decision.verdict,
            Verdict::Fail,
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
                    format_rfc3339(NOW + 3600),
                    format_rfc3339(at(t))
                ),
                None => String::new(),
            };
            format!(
                r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "dp-{i}", "dataplane": {{"networking": {{"inbound": [{{"tags": {{"kuma.io/service": "web"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "{}", "status": {{"lastUpdateTime": "{}", "total": {{"responsesSent": "3", "responsesAcknowledged": "3"}}}}}}]{mtls}}}}}"#,
                format_rfc3339(NOW - 200_000),
                format_rfc3339(at(p.seen_config_at)),
            )
        })
        .collect();
    let mut reader = StateReader::new("default");
    let text = format!(
        r#"{{"total": {}, "items": [{}], "next": null}}"#,
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

fn start(n: usize, model: &Model) -> World {
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

fn step(world: &World, event: Event, model: &mut Model) -> Option<World> {
    let mut next = world.clone();
    if world.clock >= MAX_CLOCK {
        return None;
    }
    // The insight of a new certificate reaches the control plane before anything else changes
    // (within the readiness lag, in time): what READINESS_LAG in the STRICT gate assumes.
    let unreported = world
        .proxies
        .iter()
        .any(|p| p.cert_at.is_some() && p.seen_cert_at != p.cert_at);
    if unreported && !matches!(event, Event::Report(_)) {
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
            // Readiness as Kuma computes it: from the insights, every instance seen with one.
            let ready = world.proxies.iter().all(|p| p.seen_cert_at.is_some());
            let p = &mut next.proxies[i];
            let belief = config.on && ready;
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
    let mut model = Model::new(from, to, twin);
    let goal = Model::config_of(&model.target);
    let initial = start(n, &model);
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
        for event in events {
            if let Some(next) = step(&world, event, &mut model)
                && seen.insert(next.clone())
            {
                stack.push(next);
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
fn skipping_the_strict_gate_breaks_a_pair() {
    let (broken, _, _) = explore(2, None, Some("STRICT"), Twin::SkipStrict);
    assert!(
        broken.is_some(),
        "going STRICT before every proxy is ready must break a pair"
    );
}
