//! The safety of MeshIdentity moves, tested rather than assumed: the migration off `Mesh.mtls`
//! and the rotation of an identity's CA, driven by meshctl's own planner and gates on the state
//! the control plane reports, against a model of how Kuma 2.13+ behaves:
//!
//! - the control plane's status loop makes an applied issuing identity Ready and stores its
//!   MeshTrust some time later, and a SPIFFE-only one PartiallyReady;
//! - a proxy gets its certificate from the identity that wins Kuma's selection (most labels, then
//!   the smaller name) when that identity is Ready, else from `Mesh.mtls` while it is on;
//! - a proxy trusts every MeshTrust of the mesh, plus the legacy CA while `mtls` is on (the 2.13
//!   bridge), as of the configuration it last received — delivered one proxy at a time;
//! - an insight reports the certificate and configuration a proxy had when it reported, and
//!   (under an identity) lists in supportedBackends every MeshTrust stored *when it reports*,
//!   whether or not the proxy has received it.
//!
//! After every event every two proxies must verify each other's certificates (mTLS is STRICT).
//! Twins that widen the identity before it is trusted everywhere, that believe supportedBackends
//! alone, or that drop `mtls` or the old identity before the proxies moved, must find a broken pair.

use std::collections::{HashMap, HashSet};

use meshctl::diag::Verdict;
use meshctl::diag::codes::Code;
use meshctl::engine::{
    self, Ablation, Action, Ask, Census, Loaded, Material, Product, Source, StateReader,
    StepReport, Timestamp, format_rfc3339,
};
use serde::Deserialize;
use serde_yaml::Value;

const NOW: i64 = 1_800_000_000;
const ROOT: &str = include_str!("../fixtures/identity/root.crt");

/// Identities by index: the issuing one, its successor, and SPIFFE-only ones meshctl may add.
const IDENTITIES: [&str; 4] = ["identity", "a-identity", "spiffe-only", "zz-spiffe-only"];
/// The legacy CA's MeshTrust (trust index 4; trusts 0..4 are those created for the identities).
const LEGACY_TRUST: &str = "legacy-ca-1";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Status {
    None,
    Ready,
    Partial,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Identity {
    selects_all: bool,
    issuing: bool,
    status: Status,
}

/// What the control plane stores: the Mesh's `mtls`, the identities and the MeshTrusts (with
/// the tick they were stored at).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Store {
    mtls: bool,
    identities: [Option<Identity>; 4],
    trusts: [Option<u8>; 5],
}

/// Who signed a certificate: 0 the legacy CA, i + 1 identity i's CA.
type Ca = u8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Proxy {
    config_at: u8,
    cert: Option<Ca>,
    /// CAs its last configuration trusts, as a bit set.
    trusted: u8,
    /// The insight: certificate, configuration time, and the MeshTrusts it listed.
    seen_cert: Option<Ca>,
    seen_config_at: u8,
    seen_trusts: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct World {
    store: usize,
    clock: u8,
    proxies: Vec<Proxy>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Twin {
    None,
    /// Widens the identity without waiting for `identity-not-ready` or `new-backend-not-trusted`.
    WidenEarly,
    /// Believes supportedBackends alone: the configuration-time half of the trust gate is skipped.
    ListedIsTrusted,
    /// Ignores `old-backend-still-issued`: drops `mtls`, or the old identity and its trust, early.
    RetireEarly,
}

/// The store and, per proxy, what its insight says (certificate, configuration time, trusts).
type DecisionKey = (usize, Vec<(Option<Ca>, u8, u8)>);

struct Model {
    target: String,
    stores: Vec<Store>,
    decisions: HashMap<DecisionKey, Option<usize>>,
    twin: Twin,
    with_secret: bool,
}

fn kri(short: &str, name: &str) -> String {
    format!("kri_{short}_default___{name}_")
}

fn at(t: u8) -> i64 {
    NOW - 100_000 + 100 * i64::from(t)
}

const SPIFFE: &str = "  spiffeID:\n    trustDomain: \"{{ .Mesh }}.mesh.local\"\n";

fn mesh_doc(mtls: bool) -> String {
    let mut text = "type: Mesh\nname: default\nmeshServices:\n  mode: Exclusive\n".to_string();
    if mtls {
        text.push_str(
            "mtls:\n  enabledBackend: ca-1\n  backends:\n  - {name: ca-1, type: builtin}\n",
        );
    }
    text
}

fn identity_doc(name: &str, id: Identity) -> String {
    let selector = if id.selects_all {
        "{dataplane: {matchLabels: {}}}"
    } else {
        "{}"
    };
    let provider = if id.issuing {
        "  provider:\n    type: Bundled\n    bundled:\n      insecureAllowSelfSigned: true\n      autogenerate: {enabled: true}\n"
    } else {
        ""
    };
    let status = match id.status {
        Status::None => String::new(),
        Status::Ready => "status:\n  conditions:\n  - {type: Ready, status: \"True\", reason: Ready}\n  - {type: MeshTrustCreated, status: \"True\", reason: MeshTrustCreated}\n".to_string(),
        Status::Partial => "status:\n  conditions:\n  - {type: Ready, status: \"False\", reason: PartiallyReady}\n  - {type: SpiffeIDProvider, status: \"True\", reason: SpiffeIDProvided}\n".to_string(),
    };
    format!(
        "type: MeshIdentity\nname: {name}\nmesh: default\nspec:\n  selector: {selector}\n{SPIFFE}{provider}{status}"
    )
}

fn trust_doc(i: usize, created: u8) -> String {
    let pem: String = ROOT.lines().map(|l| format!("        {l}\n")).collect();
    let (name, domain, origin) = match IDENTITIES.get(i) {
        Some(name) => (
            *name,
            "default.mesh.local",
            format!("status:\n  origin:\n    kri: {}\n", kri("mid", name)),
        ),
        None => (LEGACY_TRUST, "default", String::new()),
    };
    format!(
        "type: MeshTrust\nname: {name}\nmesh: default\ncreationTime: \"{}\"\nspec:\n  trustDomain: {domain}\n  caBundles:\n  - type: Pem\n    pem:\n      value: |\n{pem}{origin}",
        rfc3339(at(created))
    )
}

fn store_text(store: &Store, with_secret: bool) -> String {
    let mut docs = vec![mesh_doc(store.mtls)];
    for (i, id) in store.identities.iter().enumerate() {
        if let Some(id) = id {
            docs.push(identity_doc(IDENTITIES[i], *id));
        }
    }
    for (i, created) in store.trusts.iter().enumerate() {
        if let Some(created) = created {
            docs.push(trust_doc(i, *created));
        }
    }
    if with_secret {
        use base64::Engine;
        let data = base64::engine::general_purpose::STANDARD.encode(ROOT);
        docs.push(format!(
            "type: Secret\nname: default.ca-builtin-cert-ca-1\nmesh: default\ndata: {data}\n"
        ));
    }
    docs.join("---\n")
}

/// The identity that wins Kuma's selection (all select with no labels: the smaller name), when
/// Ready and issuing.
fn issuer(store: &Store) -> Option<usize> {
    let winner = (0..IDENTITIES.len())
        .filter(|&i| store.identities[i].is_some_and(|id| id.selects_all))
        .min_by_key(|&i| IDENTITIES[i])?;
    store.identities[winner]
        .filter(|id| id.issuing && id.status == Status::Ready)
        .map(|_| winner)
}

/// The CAs a proxy configured from `store` trusts: every MeshTrust, and the legacy CA while
/// `mtls` is on.
fn trusted(store: &Store) -> u8 {
    let mut bits = u8::from(store.mtls);
    for (i, created) in store.trusts.iter().enumerate() {
        if created.is_some() {
            bits |= if i < IDENTITIES.len() {
                1 << (i + 1)
            } else {
                1
            };
        }
    }
    bits
}

fn listed_trusts(store: &Store) -> u8 {
    store
        .trusts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_some())
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

fn census(world: &World) -> Census {
    let items: Vec<String> = world
        .proxies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mtls = match p.seen_cert {
                None => String::new(),
                Some(0) => r#", "mTLS": {"issuedBackend": "ca-1", "supportedBackends": ["ca-1"]"#.to_string(),
                Some(ca) => {
                    let listed: Vec<String> = (0..5)
                        .filter(|t| p.seen_trusts & (1 << t) != 0)
                        .map(|t| format!("\"{}\"", kri("mtrust", IDENTITIES.get(t).copied().unwrap_or(LEGACY_TRUST))))
                        .collect();
                    format!(
                        r#", "mTLS": {{"issuedBackend": "{}", "supportedBackends": [{}]"#,
                        kri("mid", IDENTITIES[usize::from(ca) - 1]),
                        listed.join(", ")
                    )
                }
            };
            let mtls = if mtls.is_empty() {
                mtls
            } else {
                format!(
                    r#"{mtls}, "certificateExpirationTime": "{}", "lastCertificateRegeneration": "{}"}}"#,
                    rfc3339(NOW + 3600),
                    rfc3339(at(p.seen_config_at))
                )
            };
            format!(
                r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "dp-{i}", "dataplane": {{"networking": {{"inbound": [{{"tags": {{"kuma.io/service": "web"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "{}", "status": {{"lastUpdateTime": "{}", "total": {{"responsesSent": "3", "responsesAcknowledged": "3"}}}}}}]{mtls}}}}}"#,
                rfc3339(NOW - 200_000),
                rfc3339(at(p.seen_config_at)),
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

impl Model {
    fn store_index(&mut self, store: Store) -> usize {
        if let Some(i) = self.stores.iter().position(|s| *s == store) {
            return i;
        }
        self.stores.push(store);
        self.stores.len() - 1
    }

    /// next-step on the observed state: the store after its step when it emits one.
    fn decide(&mut self, world: &World) -> Option<usize> {
        let key = (
            world.store,
            world
                .proxies
                .iter()
                .map(|p| (p.seen_cert, p.seen_config_at, p.seen_trusts))
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
            Twin::WidenEarly => {
                ablation.filtered = vec![Code::IdentityNotReady, Code::NewBackendNotTrusted]
            }
            Twin::ListedIsTrusted => ablation.listed_is_trusted = true,
            Twin::RetireEarly => ablation.filtered = vec![Code::OldBackendStillIssued],
        }
        engine::Settings {
            product: Product::KongMesh,
            now: Timestamp::from_secs(NOW),
            ablation,
            // Certificates are this model's subject; authorization has a model of its own
            // (tests/safety_authz.rs).
            overrides: meshctl::diag::Overrides::from_flags(
                &[],
                &[],
                &["authorization-unchecked".to_string()],
            )
            .expect("a known code"),
            ..engine::Settings::default()
        }
    }

    fn next_step(&mut self, world: &World) -> Option<usize> {
        let store = self.stores[world.store].clone();
        let current = Loaded::parse(
            Source::new("current.yaml", store_text(&store, self.with_secret)),
            None,
        )
        .expect("current");
        let target =
            Loaded::parse(Source::new("target.yaml", self.target.clone()), None).expect("target");
        assert!(
            engine::is_identity_move(&current, &target) || store_done(&store, &target),
            "the model's store is a MeshIdentity move or done"
        );
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
            "next-step refused: {:?}",
            decision.findings
        );
        if decision.verdict != Verdict::Pass {
            return None;
        }
        let mut next = store.clone();
        apply(&mut next, &decision.steps[0], world.clock);
        Some(self.store_index(next))
    }
}

fn store_done(store: &Store, target: &Loaded) -> bool {
    !store.mtls
        && target.policies.iter().all(|p| {
            store
                .identities
                .iter()
                .enumerate()
                .any(|(i, id)| id.is_some() && IDENTITIES[i] == p.name)
        })
}

/// What applying (or deleting) what next-step emitted does to the store, as `kumactl apply -f`
/// (or `kumactl delete`) of each YAML document would.
fn apply(store: &mut Store, step: &StepReport, clock: u8) {
    let docs: Vec<Value> = serde_yaml::Deserializer::from_str(&step.manifest)
        .map(|d| Value::deserialize(d).expect("YAML documents"))
        .collect();
    for doc in &docs {
        let kind = doc.get("type").and_then(Value::as_str).unwrap_or_default();
        let name = doc.get("name").and_then(Value::as_str).unwrap_or_default();
        match (kind, step.action) {
            ("Mesh", _) => store.mtls = doc.get("mtls").is_some_and(|m| !m.is_null()),
            ("MeshIdentity", Action::Apply) => {
                let i = IDENTITIES
                    .iter()
                    .position(|n| *n == name)
                    .expect("a modelled identity");
                let spec = &doc["spec"];
                let selects_all = spec
                    .get("selector")
                    .and_then(|s| s.get("dataplane"))
                    .is_some();
                let issuing = spec.get("provider").is_some();
                let status = store.identities[i].map_or(Status::None, |id| id.status);
                store.identities[i] = Some(Identity {
                    selects_all,
                    issuing,
                    status,
                });
            }
            ("MeshIdentity", Action::Delete) => {
                let i = IDENTITIES
                    .iter()
                    .position(|n| *n == name)
                    .expect("a modelled identity");
                store.identities[i] = None;
            }
            ("MeshTrust", action) => {
                let i = IDENTITIES
                    .iter()
                    .position(|n| *n == name)
                    .unwrap_or(IDENTITIES.len());
                store.trusts[i] = (action == Action::Apply).then_some(clock);
            }
            _ => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Event {
    Drive,
    /// The control plane's status loop: identities become Ready (their MeshTrust stored) or
    /// PartiallyReady.
    Reconcile,
    Deliver(usize),
    Report(usize),
}

const MAX_CLOCK: u8 = 30;

fn step(world: &World, event: Event, model: &mut Model) -> Option<World> {
    if world.clock >= MAX_CLOCK {
        return None;
    }
    let mut next = world.clone();
    let store = model.stores[world.store].clone();
    match event {
        Event::Drive => {
            next.store = model.decide(world)?;
            if next.store == world.store {
                return None;
            }
        }
        Event::Reconcile => {
            let mut changed = store.clone();
            for (i, id) in changed.identities.iter_mut().enumerate() {
                let Some(id) = id else { continue };
                let wanted = if id.issuing {
                    Status::Ready
                } else {
                    Status::Partial
                };
                if id.status != wanted {
                    id.status = wanted;
                    if id.issuing && changed.trusts[i].is_none() {
                        changed.trusts[i] = Some(world.clock);
                    }
                }
            }
            if changed == store {
                return None;
            }
            next.store = model.store_index(changed);
        }
        Event::Deliver(i) => {
            let p = &mut next.proxies[i];
            let cert = issuer(&store)
                .map(|w| w as u8 + 1)
                .or(store.mtls.then_some(0));
            let trusted = trusted(&store);
            if p.cert == cert && p.trusted == trusted {
                return None;
            }
            p.cert = cert;
            p.trusted = trusted;
            p.config_at = world.clock;
        }
        Event::Report(i) => {
            let listed = listed_trusts(&store);
            let p = &mut next.proxies[i];
            if p.seen_cert == p.cert && p.seen_config_at == p.config_at && p.seen_trusts == listed {
                return None;
            }
            p.seen_cert = p.cert;
            p.seen_config_at = p.config_at;
            p.seen_trusts = listed;
            next.proxies.sort();
            return Some(next);
        }
    }
    next.clock += 1;
    next.proxies.sort();
    Some(next)
}

/// The first pair that cannot verify each other: each must hold a certificate its peer trusts.
fn broken(world: &World) -> Option<(Proxy, Proxy)> {
    let verifies = |p: &Proxy, q: &Proxy| q.cert.is_some_and(|ca| p.trusted & (1 << ca) != 0);
    for (i, p) in world.proxies.iter().enumerate() {
        for (j, q) in world.proxies.iter().enumerate() {
            if i != j && !(verifies(p, q) && verifies(q, p)) {
                return Some((*p, *q));
            }
        }
    }
    None
}

/// Every interleaving from `initial`: the first broken world, and whether the target was reached
/// (`done` on the store, with every proxy's certificate from `final_ca`).
/// A move to explore: where the store and the proxies start (every certificate from `cert`),
/// the target, and when it is done (every certificate from `final_ca`).
struct Scenario {
    initial: Store,
    cert: Ca,
    target: String,
    with_secret: bool,
    done: fn(&Store) -> bool,
    final_ca: Ca,
}

fn explore(n: usize, scenario: Scenario, twin: Twin) -> (Option<World>, bool) {
    let Scenario {
        initial,
        cert,
        target,
        with_secret,
        done,
        final_ca,
    } = scenario;
    let mut model = Model {
        target,
        stores: vec![initial.clone()],
        decisions: HashMap::new(),
        twin,
        with_secret,
    };
    let trusted = trusted(&initial);
    let proxy = Proxy {
        config_at: 0,
        cert: Some(cert),
        trusted,
        seen_cert: Some(cert),
        seen_config_at: 0,
        seen_trusts: listed_trusts(&initial),
    };
    let start = World {
        store: 0,
        clock: 1,
        proxies: vec![proxy; n],
    };
    let mut seen = HashSet::from([start.clone()]);
    let mut stack = vec![start];
    let mut finished = false;
    while let Some(world) = stack.pop() {
        if broken(&world).is_some() {
            return (Some(world), finished);
        }
        finished |= done(&model.stores[world.store])
            && world.proxies.iter().all(|p| p.cert == Some(final_ca));
        let mut events = vec![Event::Drive, Event::Reconcile];
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
    (None, finished)
}

fn migration(n: usize, twin: Twin, with_secret: bool) -> (Option<World>, bool) {
    let initial = Store {
        mtls: true,
        identities: [None; 4],
        trusts: [None; 5],
    };
    let issuing = Identity {
        selects_all: true,
        issuing: true,
        status: Status::None,
    };
    let target = [mesh_doc(false), identity_doc("identity", issuing)].join("---\n");
    let done = |s: &Store| !s.mtls && s.identities[2].is_none() && s.identities[0].is_some();
    let scenario = Scenario {
        initial,
        cert: 0,
        target,
        with_secret,
        done,
        final_ca: 1,
    };
    explore(n, scenario, twin)
}

fn rotation(n: usize, twin: Twin) -> (Option<World>, bool) {
    let old = Identity {
        selects_all: true,
        issuing: true,
        status: Status::Ready,
    };
    let initial = Store {
        mtls: false,
        identities: [Some(old), None, None, None],
        trusts: [Some(0), None, None, None, None],
    };
    let successor = Identity {
        selects_all: true,
        issuing: true,
        status: Status::None,
    };
    let target = [mesh_doc(false), identity_doc("a-identity", successor)].join("---\n");
    let done = |s: &Store| s.identities[0].is_none() && s.trusts[0].is_none();
    let scenario = Scenario {
        initial,
        cert: 1,
        target,
        with_secret: false,
        done,
        final_ca: 2,
    };
    explore(n, scenario, twin)
}

#[test]
fn a_migration_by_next_step_never_breaks_a_pair() {
    for n in 2..=3 {
        for with_secret in [true, false] {
            let (broken, finished) = migration(n, Twin::None, with_secret);
            assert!(
                broken.is_none(),
                "{n} proxies (legacy CA given: {with_secret}): broken pair in {broken:?}"
            );
            assert!(finished, "{n} proxies: the migration completes");
        }
    }
}

#[test]
fn widening_before_the_identity_is_trusted_breaks_a_pair() {
    let (broken, _) = migration(2, Twin::WidenEarly, true);
    assert!(
        broken.is_some(),
        "widening the selector early must break a pair"
    );
}

#[test]
fn believing_supported_backends_alone_breaks_a_pair() {
    let (broken, _) = rotation(2, Twin::ListedIsTrusted);
    assert!(
        broken.is_some(),
        "supportedBackends lists MeshTrusts a proxy has not received"
    );
}

#[test]
fn dropping_mtls_before_every_proxy_moved_breaks_a_pair() {
    let (broken, _) = migration(2, Twin::RetireEarly, false);
    assert!(broken.is_some(), "removing mtls early must break a pair");
}

#[test]
fn an_identity_rotation_by_next_step_never_breaks_a_pair() {
    for n in 2..=3 {
        let (broken, finished) = rotation(n, Twin::None);
        assert!(broken.is_none(), "{n} proxies: broken pair in {broken:?}");
        assert!(finished, "{n} proxies: the rotation completes");
    }
}

#[test]
fn retiring_the_old_identity_early_breaks_a_pair() {
    let (broken, _) = rotation(2, Twin::RetireEarly);
    assert!(
        broken.is_some(),
        "deleting the old identity and its trust early must break a pair"
    );
}

/// A time in seconds as Kuma prints it.
fn rfc3339(secs: i64) -> String {
    format_rfc3339(Timestamp::from_secs(secs))
}
