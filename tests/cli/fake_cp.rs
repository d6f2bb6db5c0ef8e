//! A fake Kuma control plane on 127.0.0.1 for the live-mode tests: the API shapes of
//! `../shared/reference/kuma/`, pagination over several pages, a token check, injected faults,
//! and proxies that catch up with the applied Mesh one poll at a time.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};
use tiny_http::{Header, Response, Server};

/// A fault the next matching requests get.
#[derive(Clone)]
pub(crate) enum Fault {
    /// Every request to a path starting with this answers with the status and body.
    Status(&'static str, u16, &'static str),
    /// Every request to a path starting with this is answered after a delay.
    Slow(&'static str, Duration),
    /// Every request to a path starting with this gets a body that is not the expected JSON.
    Malformed(&'static str),
}

pub(crate) struct Proxy {
    pub(crate) name: String,
    pub(crate) issued: String,
    pub(crate) supported: Vec<String>,
}

pub(crate) struct Fake {
    pub(crate) index: Value,
    pub(crate) mesh: Value,
    pub(crate) proxies: Vec<Proxy>,
    /// How many more proxies catch up with the applied Mesh at each listing.
    pub(crate) converge_per_poll: usize,
    pub(crate) page_size: usize,
    /// For this many more listings, the first proxy is deleted right after the first page is
    /// served: the later pages shift and declare a smaller total, as Kuma's do.
    pub(crate) churn: usize,
    /// For this many more listings, right after the first page is served, the first proxy is
    /// deleted and a new one added last: every total stays the same while the later pages
    /// shift by one, as in a rolling restart.
    pub(crate) swap: usize,
    /// Served under this path prefix (a reverse proxy's `/kuma-api`); `next` links leave it out,
    /// as Kuma behind such a proxy writes them.
    pub(crate) prefix: String,
    /// The origin written into `next` links (another host, or `http://` behind a TLS proxy).
    pub(crate) next_base: Option<String>,
    /// The `size` that `next` links name, when not the page size (the pages still hold
    /// `page_size`): a next page meshctl cannot guess from the one before.
    pub(crate) next_size: Option<usize>,
    /// Pages hold the `size` asked when it is smaller than `page_size` (with `next_size`).
    pub(crate) honor_size: bool,
    /// The offset every `next` names, when set (a hostile control plane's).
    pub(crate) next_offset: Option<u64>,
    /// `next` always names the second page, so a listing never ends.
    pub(crate) stuck_next: bool,
    /// Answer `GET /` with a redirect to this address.
    pub(crate) redirect: Option<String>,
    pub(crate) token: Option<String>,
    /// The User-Agent of every request.
    pub(crate) user_agents: Vec<String>,
    /// A global control plane's zones (name, connected); none: a standalone one (which lists
    /// itself as a zone without insight, as kuma-cp 2.14 does).
    pub(crate) zones: Vec<(String, bool)>,
    /// A disconnected zone comes back after this many more listings of the zones.
    pub(crate) zone_back_after: Option<usize>,
    pub(crate) faults: Vec<Fault>,
    /// MeshIdentity, MeshTrust, MeshTLS, MeshTrafficPermission and TrafficPermission items
    /// (Universal JSON, with status), served under `/meshes/default/{meshidentities,meshtrusts,
    /// meshtlses,meshtrafficpermissions,traffic-permissions}`.
    pub(crate) policies: Vec<Value>,
    /// The policies are paged `page_size` at a time, as the proxies are.
    pub(crate) page_policies: bool,
    /// Kuma Secrets (Universal JSON), served under `/meshes/default/secrets/{name}`.
    pub(crate) secrets: Vec<Value>,
    /// Every proxy's newest subscription `lastUpdateTime`, when set.
    pub(crate) config_time: Option<String>,
    /// Paths requested, for assertions.
    pub(crate) requests: Vec<String>,
}

pub(crate) struct FakeCp {
    pub(crate) url: String,
    pub(crate) state: Arc<Mutex<Fake>>,
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
}

impl FakeCp {
    /// A Kong Mesh 2.14 control plane with mesh `default` on `ca-1` and `n` proxies holding ca-1.
    pub(crate) fn start(n: usize) -> Self {
        let fake = Fake {
            index: json!({"hostname": "cp-0", "product": "Kong Mesh", "version": "2.14.3", "basedOnKuma": "2.14.3", "instanceId": "cp-0-1", "clusterId": "c1", "gui": "/gui"}),
            mesh: json!({
                "type": "Mesh", "name": "default",
                "creationTime": "2026-11-01T00:00:00Z", "modificationTime": "2026-11-01T00:00:00Z",
                "mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": "builtin", "dpCert": {"rotation": {"expiration": "24h"}}}]},
                "logging": {"backends": [{"name": "file", "type": "file", "conf": {"path": "/var/log/kuma/access.log"}}]}
            }),
            proxies: (0..n)
                .map(|i| Proxy {
                    name: format!("dp-{i}"),
                    issued: "ca-1".into(),
                    supported: vec!["ca-1".into()],
                })
                .collect(),
            converge_per_poll: 1,
            page_size: 3,
            churn: 0,
            swap: 0,
            honor_size: false,
            page_policies: false,
            prefix: String::new(),
            next_base: None,
            next_size: None,
            next_offset: None,
            stuck_next: false,
            redirect: None,
            token: None,
            user_agents: Vec::new(),
            zones: Vec::new(),
            zone_back_after: None,
            faults: Vec::new(),
            policies: Vec::new(),
            secrets: Vec::new(),
            config_time: None,
            requests: Vec::new(),
        };
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let url = format!("http://127.0.0.1:{port}");
        let state = Arc::new(Mutex::new(fake));
        let (server2, state2, base) = (Arc::clone(&server), Arc::clone(&state), url.clone());
        let thread = std::thread::spawn(move || {
            for request in server2.incoming_requests() {
                let header_of = |name: &'static str| {
                    request
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv(name))
                        .map(|h| h.value.as_str().to_string())
                };
                let auth = header_of("Authorization");
                state2
                    .lock()
                    .unwrap()
                    .user_agents
                    .push(header_of("User-Agent").unwrap_or_default());
                let (status, body, delay) = handle(&state2, &base, request.url(), auth.as_deref());
                if let Some(delay) = delay {
                    std::thread::sleep(delay);
                }
                let header =
                    Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]).unwrap();
                let mut response = Response::from_string(body)
                    .with_status_code(status)
                    .with_header(header);
                if status == 302
                    && let Some(to) = state2.lock().unwrap().redirect.clone()
                {
                    response = response
                        .with_header(Header::from_bytes(&b"Location"[..], to.as_bytes()).unwrap());
                }
                let _ = request.respond(response);
            }
        });
        Self {
            url,
            state,
            server,
            thread: Some(thread),
        }
    }

    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Fake) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    /// Applies a manifest (the Universal JSON next-step emitted) as `kumactl apply` would.
    pub(crate) fn apply(&self, manifest: &str) {
        let value: Value = serde_json::from_str(manifest).expect("a JSON manifest");
        self.with(|f| f.mesh = value);
    }
}

impl Drop for FakeCp {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn handle(
    state: &Mutex<Fake>,
    base: &str,
    url: &str,
    auth: Option<&str>,
) -> (u16, String, Option<Duration>) {
    let mut fake = state.lock().unwrap();
    fake.requests.push(url.to_string());
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let Some(path) = path.strip_prefix(fake.prefix.as_str()) else {
        return (404, "{}".to_string(), None);
    };
    let path = if path.is_empty() { "/" } else { path };
    if path == "/" && fake.redirect.is_some() {
        return (302, String::new(), None);
    }
    if let Some(token) = &fake.token
        && auth != Some(format!("Bearer {token}").as_str())
    {
        return (401, json!({"type": "/std-errors", "status": 401, "title": "Unauthorized", "detail": "invalid token"}).to_string(), None);
    }
    let mut delay = None;
    for fault in fake.faults.clone() {
        match fault {
            Fault::Status(prefix, status, body) if path.starts_with(prefix) => {
                return (status, body.to_string(), None);
            }
            Fault::Malformed(prefix) if path.starts_with(prefix) => {
                return (
                    200,
                    "{\"total\": 2, \"items\": [{\"name\": ".to_string(),
                    None,
                );
            }
            Fault::Slow(prefix, d) if path.starts_with(prefix) => delay = Some(d),
            _ => {}
        }
    }
    let not_found = || {
        (
            404,
            json!({"title": "Could not find a resource", "detail": "Not found"}).to_string(),
            delay,
        )
    };
    match path {
        "/zones/_overview" if !fake.zones.is_empty() => {
            if let Some(left) = fake.zone_back_after {
                if left == 0 {
                    fake.zones.iter_mut().for_each(|z| z.1 = true);
                    fake.zone_back_after = None;
                } else {
                    fake.zone_back_after = Some(left - 1);
                }
            }
            let items: Vec<Value> = fake
                .zones
                .iter()
                .map(|(name, online)| {
                    let mut sub = json!({"id": "1", "globalInstanceId": "global-0", "connectTime": "2026-11-20T08:00:00Z"});
                    if !online {
                        sub["disconnectTime"] = json!("2026-11-27T09:45:00Z");
                    }
                    json!({"type": "ZoneOverview", "name": name, "zone": {"enabled": true}, "zoneInsight": {"subscriptions": [sub]}})
                })
                .collect();
            (
                200,
                json!({"total": items.len(), "items": items, "next": null}).to_string(),
                delay,
            )
        }
        "/zoneegresses/_overview" if !fake.zones.is_empty() => {
            let items: Vec<Value> = fake
                .zones
                .iter()
                .map(|(zone, _)| {
                    json!({"type": "ZoneEgressOverview", "name": format!("zoneegress-{zone}"), "labels": {"kuma.io/zone": zone},
                        "zoneEgressInsight": {"subscriptions": [{"id": "1", "connectTime": "2026-11-20T08:00:00Z",
                            "status": {"lastUpdateTime": "2099-01-01T00:00:00Z", "total": {"responsesSent": "4", "responsesAcknowledged": "4"}}}]}})
                })
                .collect();
            (
                200,
                json!({"total": items.len(), "items": items, "next": null}).to_string(),
                delay,
            )
        }
        // What kuma-cp 2.14 standalone answers: itself as a zone without insight, no egresses.
        "/zones/_overview" => (
            200,
            json!({"total": 1, "items": [{"type": "ZoneOverview", "name": "default", "kri": "kri_z____default_", "zone": {}}], "next": null}).to_string(),
            delay,
        ),
        "/zoneegresses/_overview" => (
            200,
            json!({"total": 0, "items": [], "next": null}).to_string(),
            delay,
        ),
        secret if secret.starts_with("/meshes/default/secrets/") => {
            let name = &secret["/meshes/default/secrets/".len()..];
            match fake.secrets.iter().find(|s| s["name"] == name) {
                Some(found) => (200, found.to_string(), delay),
                None => not_found(),
            }
        }
        "/" => (200, fake.index.to_string(), delay),
        "/meshes/default/meshidentities"
        | "/meshes/default/meshtrusts"
        | "/meshes/default/meshtlses"
        | "/meshes/default/meshtrafficpermissions"
        | "/meshes/default/traffic-permissions" => {
            let kind = match path.rsplit('/').next() {
                Some("meshidentities") => "MeshIdentity",
                Some("meshtrusts") => "MeshTrust",
                Some("meshtrafficpermissions") => "MeshTrafficPermission",
                Some("traffic-permissions") => "TrafficPermission",
                _ => "MeshTLS",
            };
            let items: Vec<&Value> = fake.policies.iter().filter(|p| p["type"] == kind).collect();
            if !fake.page_policies {
                return (
                    200,
                    json!({"total": items.len(), "items": items, "next": null}).to_string(),
                    delay,
                );
            }
            // Paged as the proxies are, `page_size` a page from the offset asked.
            let offset: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("offset="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let end = (offset + fake.page_size).min(items.len());
            let next = (end < items.len())
                .then(|| format!("{base}{path}?offset={end}&size={}", fake.page_size));
            let page = &items[offset.min(end)..end];
            (
                200,
                json!({"total": items.len(), "items": page, "next": next}).to_string(),
                delay,
            )
        }
        "/meshes/default" => (200, fake.mesh.to_string(), delay),
        "/meshes/default/dataplanes/_overview" => {
            let offset: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("offset="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if offset == 0 {
                converge(&mut fake);
            }
            let offset = offset.min(fake.proxies.len());
            // The size asked, when `honor_size` and it is smaller than the page size.
            let asked: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("size="))
                .and_then(|v| v.parse().ok())
                .filter(|_| fake.honor_size)
                .unwrap_or(fake.page_size);
            let end = (offset + fake.page_size.min(asked)).min(fake.proxies.len());
            let zones: Vec<String> = fake.zones.iter().map(|z| z.0.clone()).collect();
            let items: Vec<Value> = fake.proxies[offset..end]
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut value = item(p);
                    if let Some(t) = &fake.config_time {
                        value["dataplaneInsight"]["subscriptions"][0]["status"]["lastUpdateTime"] = json!(t);
                    }
                    if !zones.is_empty() {
                        // As global names what zones sync: a hash suffix, the zone in a label.
                        let zone = &zones[(offset + i) % zones.len()];
                        // The same name on every page that lists the proxy.
                        value["name"] = json!(format!("{}-{}7c9d8f", p.name, zone.len() + offset + i));
                        value["labels"] = json!({"kuma.io/zone": zone, "kuma.io/origin": "zone", "kuma.io/display-name": p.name});
                    }
                    value
                })
                .collect();
            let next_base = fake.next_base.clone().unwrap_or(base.to_string());
            let next_offset = match fake.next_offset {
                Some(offset) if offset > 0 => offset as usize,
                _ if fake.stuck_next => fake.page_size,
                _ => end,
            };
            let next = if end < fake.proxies.len() || fake.stuck_next {
                json!(format!(
                    "{next_base}/meshes/default/dataplanes/_overview?offset={next_offset}&size={}",
                    fake.next_size.unwrap_or(fake.page_size)
                ))
            } else {
                Value::Null
            };
            // In Kuma's order: `total` first (meshctl fetches the next page ahead on it).
            let body = format!(
                r#"{{"total": {}, "items": {}, "next": {next}}}"#,
                fake.proxies.len(),
                Value::Array(items)
            );
            if offset == 0 && fake.churn > 0 && !fake.proxies.is_empty() {
                fake.churn -= 1;
                fake.proxies.remove(0);
            }
            if offset == 0 && fake.swap > 0 && !fake.proxies.is_empty() {
                fake.swap -= 1;
                let gone = fake.proxies.remove(0);
                fake.proxies.push(Proxy {
                    name: format!("{}-new", gone.name),
                    ..gone
                });
            }
            (200, body, delay)
        }
        _ => not_found(),
    }
}

/// Proxies catch up with the applied Mesh: trust all its backends, hold the enabled one's certificate.
fn converge(fake: &mut Fake) {
    let mtls = &fake.mesh["mtls"];
    let enabled = mtls["enabledBackend"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let backends: Vec<String> = mtls["backends"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["name"].as_str().map(str::to_string))
        .collect();
    let mut budget = fake.converge_per_poll;
    for proxy in &mut fake.proxies {
        if budget == 0 {
            break;
        }
        if proxy.issued != enabled || proxy.supported != backends {
            proxy.issued = enabled.clone();
            proxy.supported = backends.clone();
            budget -= 1;
        }
    }
}

fn item(p: &Proxy) -> Value {
    json!({
        "type": "DataplaneOverview", "mesh": "default", "name": p.name,
        "creationTime": "2026-11-01T00:00:00Z", "modificationTime": "2026-11-01T00:00:00Z",
        "dataplane": {"networking": {"address": "10.0.0.1", "inbound": [{"port": 8080, "tags": {"kuma.io/service": "web"}}]}},
        "dataplaneInsight": {
            "subscriptions": [{"id": "1", "controlPlaneInstanceId": "cp-0", "connectTime": "2026-11-27T08:00:00Z",
                "status": {"total": {"responsesSent": "3", "responsesAcknowledged": "3"}}}],
            "mTLS": {"certificateExpirationTime": "2099-01-01T00:00:00Z", "lastCertificateRegeneration": "2026-11-27T09:00:00Z",
                "certificateRegenerations": 1, "issuedBackend": p.issued, "supportedBackends": p.supported}
        }
    })
}
