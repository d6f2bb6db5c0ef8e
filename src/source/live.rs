//! Live mode: the current Mesh and the proxies' state read from a Kuma or Kong Mesh control
//! plane's API (`GET /`, `GET /meshes/{mesh}`, `GET /meshes/{mesh}/dataplanes/_overview` pages),
//! streamed through the same readers as files.

use std::io::Read;
use std::time::Duration;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::diag::error::InputError;
use crate::input::identity::PolicyKind;
use crate::input::manifest::{ManifestFile, MeshDoc};
use crate::input::secret::SecretDoc;
use crate::input::source::Source;
use crate::lint::Product;
use crate::state::Census;
use crate::state::read::{StateReader, Tee};

/// What `GET /config` says that meshctl uses: where resources are stored, the control plane's
/// mode, and the intervals that decide how soon a change shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CpConfig {
    /// `store.type`: `kubernetes`, `postgres` or `memory`.
    pub store: Option<String>,
    /// `mode`: `zone` (standalone too) or `global`.
    pub mode: Option<String>,
    /// The global control plane's address when this is a zone of a multizone deployment: Kuma's
    /// `IsFederatedZoneCP` (mode `zone`, `multizone.zone.globalAddress` and `.name` set,
    /// `pkg/config/app/kuma-cp/config.go`, release-2.14). Such a zone lists only its own zone's
    /// Dataplanes (they sync zone to global, not back: `KDSFlags: model.ZoneToGlobalFlag` in
    /// `pkg/core/resources/apis/mesh/zz_generated.resources.go`).
    pub global: Option<String>,
    pub intervals: crate::state::Intervals,
}

impl CpConfig {
    fn from_json(value: &serde_json::Value) -> Self {
        let text = |path: &str| value.pointer(path).and_then(|v| v.as_str());
        let go = |path: &str| text(path).and_then(crate::input::duration::parse_go);
        let mut intervals = crate::state::Intervals::default();
        if let Some(d) = go("/xdsServer/dataplaneStatusFlushInterval") {
            intervals.status_flush = d;
        }
        if let Some(d) = go("/xdsServer/dataplaneConfigurationRefreshInterval") {
            intervals.config_refresh = d;
        }
        if let Some(d) = go("/metrics/mesh/minResyncInterval") {
            intervals.min_resync = d;
        }
        let cache_on = value
            .pointer("/store/cache/enabled")
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if let Some(d) = go("/store/cache/expirationTime") {
            intervals.cache_expiration = if cache_on { d } else { Duration::ZERO };
        }
        Self {
            store: text("/store/type").map(str::to_string),
            mode: text("/mode").map(str::to_string),
            global: text("/multizone/zone/globalAddress")
                .filter(|a| !a.is_empty())
                .filter(|_| text("/mode") == Some("zone"))
                .filter(|_| text("/multizone/zone/name").is_some_and(|n| !n.is_empty()))
                .map(str::to_string),
            intervals,
        }
    }
}

/// How a listing is paged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paging {
    /// A listing the control plane does not serve (400, 404, 405) reads as none.
    Optional,
    /// Every page must be there, and each after the first starts with the last item of the one
    /// before (`for_each_page`).
    Overlapped,
}

/// The page size asked of the API (its maximum).
const PAGE_SIZE: u32 = 1000;
/// A bound on `next` links followed, against a server that never ends its listing.
const MAX_PAGES: usize = 10_000;
/// Who meshctl says it is in every request.
const USER_AGENT: &str = concat!("meshctl/", env!("CARGO_PKG_VERSION"));
/// The largest Mesh body read.
const MAX_MESH_BYTES: u64 = 16 * 1024 * 1024;

/// A control plane's API at `base`, with its credentials and timeouts.
pub(crate) struct ControlPlane {
    base: String,
    agent: ureq::Agent,
    token: Option<String>,
    timeout: Duration,
    /// The most a page's body may hold (`--max-input-size`).
    max_page: u64,
    /// The address the agent's resolver keeps, forgotten when a request cannot reach it.
    resolutions: super::resolve::Resolutions,
}

/// What `GET /` says of the control plane.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Index {
    /// `Kuma`, `Kong Mesh`; absent on Kuma 2.0, which says `tagline: "Kuma"` instead.
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub version: String,
    pub based_on_kuma: Option<String>,
    /// Where it was read, for messages.
    #[serde(skip)]
    pub url: String,
}

impl Index {
    /// Refuses Kuma 3 or later where `Mesh.mtls` is what the command plans or judges.
    pub(crate) fn refuse_kuma3(&self) -> Result<(), InputError> {
        match self.kuma_major() {
            Some(major) if major >= 3 => Err(InputError::io(
                &self.url,
                format!(
                    "runs {}: Kuma 3 removed Mesh.mtls (identity comes from MeshIdentity and MeshTrust), so there is no backend rotation to plan; MeshIdentity moves (a target with MeshIdentity documents) are planned on it",
                    self.describe()
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Only `product: "Kong Mesh"` is Kong Mesh, which allows the rotation; anything else is read
    /// as Kuma (Kuma 2.0's index has no `product`, only `tagline: "Kuma"`).
    pub(crate) fn product(&self) -> Product {
        if self.product == "Kong Mesh" {
            Product::KongMesh
        } else {
            Product::Kuma
        }
    }

    /// The Kuma major version underneath (Kong Mesh reports it as `basedOnKuma`); `None` when the
    /// version cannot be placed: `unknown`, or `0.0.0-preview.v…` from a development build.
    pub(crate) fn kuma_major(&self) -> Option<u64> {
        let version = self.based_on_kuma.as_deref().unwrap_or(&self.version);
        let major: u64 = version
            .trim_start_matches('v')
            .split('.')
            .next()?
            .parse()
            .ok()?;
        (major > 0).then_some(major)
    }

    /// The Kuma version underneath, when it can be placed (a development build's
    /// `0.0.0-preview` cannot).
    pub(crate) fn kuma_version(&self) -> Option<crate::authz::version::KumaVersion> {
        let version = self.based_on_kuma.as_deref().unwrap_or(&self.version);
        crate::authz::version::KumaVersion::parse(version).filter(|v| v.major > 0)
    }

    /// How meshctl names the control plane in messages.
    fn describe(&self) -> String {
        let product = if self.product.is_empty() {
            "a control plane without `product` (Kuma)"
        } else {
            &self.product
        };
        format!("{product} {}", self.version)
    }
}

/// What `meshctl snapshot` writes before the listing: the current Mesh and its MeshIdentity,
/// MeshTrust, MeshTLS and permission policies, as the API printed them.
pub(crate) struct SnapshotHead {
    pub mesh: Box<RawValue>,
    pub policies: Vec<Box<RawValue>>,
}

/// Where `meshctl snapshot` writes the listing's items as they are read.
pub(crate) trait ItemsOut {
    /// One item as the API printed it; an `Err` stops the reading.
    fn item(&mut self, bytes: &[u8]) -> Result<(), String>;
    /// Drops the items taken so far: the listing is read again.
    fn restart(&mut self) -> Result<(), InputError>;
}

#[derive(Deserialize)]
struct RawPage {
    items: Option<Vec<Box<RawValue>>>,
    next: Option<String>,
}

/// Kuma's error body (`{"title", "detail"}`), when the API sends one.
#[derive(Deserialize)]
struct ApiError {
    title: Option<String>,
    detail: Option<String>,
}

impl ControlPlane {
    /// Prepares a client for `url`; `ca_cert` trusts a private CA for https (the `tls` feature).
    pub(crate) fn new(
        url: &str,
        token: Option<String>,
        ca_cert: Option<&str>,
        timeout: Duration,
        max_page: u64,
    ) -> Result<Self, InputError> {
        let base = url.trim_end_matches('/').to_string();
        let https = base.starts_with("https://");
        if !https && !base.starts_with("http://") {
            return Err(InputError::usage(format!(
                "--control-plane `{url}` must start with http:// or https://"
            )));
        }
        if https && !cfg!(feature = "tls") {
            return Err(InputError::usage(format!(
                "--control-plane `{url}` is https, but this meshctl was built without TLS: rebuild with the default features (`--features tls`), or use the http port (5681)"
            )));
        }
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0);
        let config = tls_config(config, ca_cert)?;
        let resolver = super::resolve::Reused::default();
        let resolutions = resolver.resolutions();
        Ok(Self {
            base,
            agent: ureq::Agent::with_parts(
                config.build(),
                ureq::unversioned::transport::DefaultConnector::new(),
                resolver,
            ),
            resolutions,
            token,
            timeout,
            max_page,
        })
    }

    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// `GET /`: the product and version; refuses a version that cannot be placed unless
    /// `product_given` (`--product` says what it is). Kuma 3 is refused where `Mesh.mtls` is
    /// needed (`Index::refuse_kuma3`), not here: MeshIdentity moves run on it.
    pub(crate) fn index(&self, product_given: bool) -> Result<Index, InputError> {
        let url = format!("{}/", self.base);
        let body = self.get_text(&url, 1024 * 1024)?;
        let mut index: Index = serde_json::from_str(&body)
            .map_err(|e| InputError::io(&url, format!("is not the control plane's index (GET / should answer product and version): {e}")))?;
        index.url = url.clone();
        match index.kuma_major() {
            None if !product_given => Err(InputError::io(
                &url,
                format!(
                    "runs {}, a version meshctl cannot place (a development build of Kuma's 3.x line reports 0.0.0-preview): it may have no Mesh.mtls; pass --product kuma or --product kong-mesh if you know it runs Kuma 2.x",
                    index.describe()
                ),
            )),
            _ => Ok(index),
        }
    }

    /// `GET /config`, where the token may read it (Kuma lets anyone by default; an operator may
    /// restrict it, and then it answers 403: `pkg/api-server/config_ws.go`, release-2.14).
    pub(crate) fn config(&self) -> Result<Option<CpConfig>, InputError> {
        let url = format!("{}/config", self.base);
        let response = self.send(&url)?;
        if matches!(response.status().as_u16(), 401 | 403 | 404 | 405) {
            return Ok(None);
        }
        let body = read_all(
            crate::input::source::Bounded::new(
                self.checked(&url, response)?.into_body().into_reader(),
                &url,
                MAX_MESH_BYTES,
            ),
            &url,
        )?;
        let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
            InputError::io(
                &url,
                format!("is not the control plane's configuration: {e}"),
            )
        })?;
        Ok(Some(CpConfig::from_json(&value)))
    }

    /// The MeshIdentity, MeshTrust and MeshTLS items of `mesh`, every page, as printed.
    fn policies(&self, mesh: &str) -> Result<Vec<Box<RawValue>>, InputError> {
        let mut items = Vec::new();
        // Every authorization policy too: live mode reads the whole set.
        for kind in [
            PolicyKind::Identity,
            PolicyKind::Trust,
            PolicyKind::Tls,
            PolicyKind::Permission,
            PolicyKind::LegacyPermission,
        ] {
            let path = format!("/meshes/{}/{}", encode(mesh), kind.rest_collection());
            self.read_items(&path, &mut items)?;
        }
        Ok(items)
    }

    /// The current Mesh with its MeshIdentity, MeshTrust and MeshTLS policies (every page, as
    /// the API prints them: status, `kri`, `creationTime`) as one list; the Mesh alone when it
    /// has none, or on a control plane that does not serve them.
    pub(crate) fn mesh_and_policies(&self, mesh: &str) -> Result<Source, InputError> {
        let source = self.mesh(mesh)?;
        // A Mesh that is not JSON is reported by the manifest reader, at its line.
        let Ok(mesh_item) = serde_json::from_str::<Box<RawValue>>(&source.text) else {
            return Ok(source);
        };
        let items = self.policies(mesh)?;
        if items.is_empty() {
            return Ok(source);
        }
        let all: Vec<&RawValue> = std::iter::once(mesh_item.as_ref())
            .chain(items.iter().map(AsRef::as_ref))
            .collect();
        let text = serde_json::to_string(&serde_json::json!({ "items": all }))
            .map_err(|e| InputError::io(&source.name, e.to_string()))?;
        Ok(Source::new(source.name, text))
    }

    /// `GET /meshes/{mesh}`: the current Mesh, as the API prints it (Universal JSON).
    pub(crate) fn mesh(&self, mesh: &str) -> Result<Source, InputError> {
        let url = format!("{}/meshes/{}", self.base, encode(mesh));
        let text = self.get_text(&url, MAX_MESH_BYTES)?;
        Ok(Source::new(url, text))
    }

    /// The overview listing of `mesh`, page by page, following `next` until it is null. A
    /// listing that changed while it was paged (fewer proxies than its `total`, pages of different
    /// totals) is read once more from the start; if it still is, the census says so and the gates
    /// report `state-incomplete`.
    pub(crate) fn census(&self, mesh: &str) -> Result<Census, InputError> {
        let census = self.read_listing(mesh, None)?;
        if census.incomplete().is_none() {
            return Ok(census);
        }
        self.read_listing(mesh, None)
    }

    /// The Mesh and its policies as the API printed them, for `meshctl snapshot`.
    pub(crate) fn snapshot_head(&self, mesh: &str) -> Result<SnapshotHead, InputError> {
        let source = self.mesh(mesh)?;
        let mesh_value: Box<RawValue> = serde_json::from_str(&source.text)
            .map_err(|e| InputError::io(&source.name, format!("is not a Mesh in JSON: {e}")))?;
        Ok(SnapshotHead {
            mesh: mesh_value,
            policies: self.policies(mesh)?,
        })
    }

    /// The listing of `mesh` for `meshctl snapshot`, each item handed to `out` as printed while
    /// it is read, so no more than a page or two is ever held. A listing that changed while it
    /// was paged is read once more, after `out` dropped what it took.
    pub(crate) fn snapshot_listing(
        &self,
        mesh: &str,
        out: &mut dyn ItemsOut,
    ) -> Result<Census, InputError> {
        let census = self.read_listing(mesh, Some(&mut |item: &[u8]| out.item(item)))?;
        if census.incomplete().is_none() {
            return Ok(census);
        }
        out.restart()?;
        self.read_listing(mesh, Some(&mut |item: &[u8]| out.item(item)))
    }

    /// The proxies' listing, and on a global control plane its zones and zone egresses, into a
    /// census; `tee` also takes every item as printed.
    fn read_listing(
        &self,
        mesh: &str,
        mut tee: Option<&mut Tee<'_>>,
    ) -> Result<Census, InputError> {
        let mut reader = StateReader::new(mesh);
        let proxies = format!("/meshes/{}/dataplanes/_overview", encode(mesh));
        self.read_pages(
            &mut reader,
            &proxies,
            tee.as_deref_mut(),
            Paging::Overlapped,
        )?;
        // A standalone control plane has no zones: nothing to gate there.
        for listing in ["/zones/_overview", "/zoneegresses/_overview"] {
            self.read_pages(&mut reader, listing, tee.as_deref_mut(), Paging::Optional)?;
        }
        Ok(reader.finish())
    }

    /// Follows the pages of `path` into `reader`, handing each item as printed to `tee`.
    fn read_pages(
        &self,
        reader: &mut StateReader,
        path: &str,
        mut tee: Option<&mut Tee<'_>>,
        paging: Paging,
    ) -> Result<(), InputError> {
        self.for_each_page(path, paging, |page, len, url, overlapping| {
            reader.read_page(page, len, url, tee.as_deref_mut(), overlapping)
        })
    }

    /// The items of every page of `path` as the API printed them; a listing the control plane
    /// does not serve reads as none.
    fn read_items(&self, path: &str, items: &mut Vec<Box<RawValue>>) -> Result<(), InputError> {
        self.for_each_page(path, Paging::Optional, |page, len, url, _| {
            let page: RawPage = serde_json::from_slice(&page[..len])
                .map_err(|e| InputError::io(url, format!("is not a page of items: {e}")))?;
            items.extend(page.items.into_iter().flatten());
            Ok(page.next)
        })
    }

    /// Calls `on_page` with the body of every page of `path`, which returns the page's `next`.
    /// Only `offset` and `size` are taken from a page's `next`, as kumactl does: every request
    /// goes to the origin and path prefix of `--control-plane`, whatever host or scheme the
    /// control plane (behind a proxy) wrote into `next`, so the token goes nowhere else.
    ///
    /// Pages are fetched on a thread of their own, one ahead of the page being read when the
    /// page declares a `total` beyond it: Kuma's next offset is `offset + size` exactly when that
    /// is below the total (`pkg/core/resources/store/pagination_store.go`), and its pages print
    /// `total` before `items` (`pkg/core/resources/model/rest/list.go`, release-2.14). A guess the
    /// page's `next` does not confirm is dropped unread. At most two pages are held: the one being
    /// read and the one fetched ahead. A page read goes back to the fetching thread, whose next
    /// page is read into it: a fresh megabyte a page showed in profiles as page faults.
    ///
    /// With `Paging::Overlapped`, each page after the first is asked from one item before the
    /// offset `next` names, and `on_page` is told so: Kuma sorts the whole listing by name and
    /// slices it at the offset on every request (`pkg/core/resources/store/pagination_store.go`,
    /// release-2.14), so a proxy removed before the offset while the listing is paged shifts
    /// the next page by one and a proxy is never listed, while every `total` stays the same when
    /// another is added after it; the item read twice shows the shift.
    fn for_each_page(
        &self,
        path: &str,
        mode: Paging,
        mut on_page: impl FnMut(&mut Vec<u8>, usize, &str, bool) -> Result<Option<String>, InputError>,
    ) -> Result<(), InputError> {
        let optional = mode == Paging::Optional;
        let listing = format!("{}{path}", self.base);
        let url_at = |offset: u64, size: u64| format!("{listing}?offset={offset}&size={size}");
        // The request for the page `next` names at `offset`: one item earlier when overlapped
        // (and it can be: a page of one item would then never advance).
        let request = |offset: u64, size: u64| {
            let overlapping = mode == Paging::Overlapped && offset > 0 && size > 1;
            (offset - u64::from(overlapping), size, overlapping)
        };
        std::thread::scope(|scope| {
            let (ask, asked) = std::sync::mpsc::channel::<(String, bool)>();
            let (give, given) = std::sync::mpsc::sync_channel(0);
            let (spare, spares) = std::sync::mpsc::channel::<Vec<u8>>();
            scope.spawn(move || {
                for (url, optional) in asked {
                    let page = self.fetch_page(&url, optional, spares.try_recv().ok());
                    if give.send((url, page)).is_err() {
                        return;
                    }
                }
            });
            let receive = || {
                given
                    .recv()
                    .map_err(|_| InputError::io(&listing, "the page fetcher stopped"))
            };
            // The page received next: the offset asked, its size, and whether it overlaps; and
            // the offset the `next` before it named.
            let mut at = (0u64, u64::from(PAGE_SIZE), false);
            let mut named = 0u64;
            let _ = ask.send((format!("{listing}?size={PAGE_SIZE}"), optional));
            for _ in 0..MAX_PAGES {
                let (url, page) = receive()?;
                let Some((mut page, len)) = page? else {
                    return Ok(());
                };
                // Fetch the next page while this one is read, when the page says it exists:
                // Kuma's `next` is the offset asked plus the size.
                let after = at.0.saturating_add(at.1);
                let ahead = request(after, at.1);
                let guessed = declared_total(&page[..len]).is_some_and(|total| after < total);
                if guessed {
                    let _ = ask.send((url_at(ahead.0, ahead.1), false));
                }
                let next = on_page(&mut page, len, &url, at.2)?;
                let _ = spare.send(page);
                let Some(next) = next.filter(|n| !n.is_empty()) else {
                    return Ok(());
                };
                let (offset, size) = paging(&next).ok_or_else(|| {
                    InputError::io(
                        &url,
                        format!("the page's `next` ({next}) has no numeric offset"),
                    )
                })?;
                if offset <= named {
                    return Err(InputError::io(
                        &url,
                        format!(
                            "the page's `next` does not advance (offset {offset} after {named}): the listing would never end, so meshctl stops"
                        ),
                    ));
                }
                named = offset;
                let wanted = request(offset, size.unwrap_or(u64::from(PAGE_SIZE)));
                if guessed && wanted != ahead {
                    // The guess was wrong: drop it, fetch what `next` says.
                    drop(receive()?);
                }
                if !guessed || wanted != ahead {
                    let _ = ask.send((url_at(wanted.0, wanted.1), false));
                }
                at = wanted;
            }
            Err(InputError::io(
                &url_at(at.0, at.1),
                format!("the listing did not end after {MAX_PAGES} pages"),
            ))
        })
    }

    /// One page's body, whole and bounded like any input (a page of 1,000 proxies is about a
    /// megabyte): the buffer and the length of the body at its start; `None` when `optional`
    /// and the control plane does not serve the listing.
    fn fetch_page(
        &self,
        url: &str,
        optional: bool,
        spare: Option<Vec<u8>>,
    ) -> Result<Option<(Vec<u8>, usize)>, InputError> {
        let response = if optional {
            match self.get_optional(url)? {
                Some(response) => response,
                None => return Ok(None),
            }
        } else {
            self.get(url)?
        };
        let limit = self.max_page;
        let declared = response
            .headers()
            .get("Content-Length")
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
            .unwrap_or(0);
        let mut page = spare.unwrap_or_default();
        let filled = read_into(
            crate::input::source::Bounded::new(response.into_body().into_reader(), url, limit),
            &mut page,
            room_for(declared, limit),
        )
        .map_err(|e| crate::input::source::read_error(url, &e))?;
        Ok(Some((page, filled)))
    }

    /// The certificate of the Mesh's builtin CA, its Secret `<mesh>.ca-builtin-cert-<backend>`
    /// (never the key's), when the enabled backend is builtin and the token may read it; none
    /// otherwise (`legacy-ca-unavailable` then says how to give it).
    pub(crate) fn builtin_ca(&self, mesh: &MeshDoc) -> Result<Vec<SecretDoc>, InputError> {
        let Some((_, backend)) = mesh.mtls.enabled().and_then(|b| mesh.mtls.backend(b)) else {
            return Ok(Vec::new());
        };
        if backend.kind() != "builtin" {
            return Ok(Vec::new());
        }
        let name = format!("{}.ca-builtin-cert-{}", mesh.name, backend.name());
        let url = format!(
            "{}/meshes/{}/secrets/{}",
            self.base,
            encode(&mesh.name),
            encode(&name)
        );
        let response = self.send(&url)?;
        if matches!(response.status().as_u16(), 400..=405) {
            return Ok(Vec::new());
        }
        let response = self.checked(&url, response)?;
        let body = read_all(
            crate::input::source::Bounded::new(
                response.into_body().into_reader(),
                &url,
                MAX_MESH_BYTES,
            ),
            &url,
        )?;
        let text = String::from_utf8(body).map_err(|_| InputError::io(&url, "is not UTF-8"))?;
        let file = ManifestFile::parse(Source::new(url, text))?;
        crate::input::manifest::secrets_only(&file)
    }

    /// Whether Secret `name` of `mesh` exists: `Some(true)` or `Some(false)` (404), `None` when
    /// the token may not read Secrets (401, 403). The body is read within a bound and dropped at
    /// once: a Secret's data is never kept or printed.
    pub(crate) fn secret_exists(&self, mesh: &str, name: &str) -> Result<Option<bool>, InputError> {
        let url = format!(
            "{}/meshes/{}/secrets/{}",
            self.base,
            encode(mesh),
            encode(name)
        );
        let response = self.send(&url)?;
        match response.status().as_u16() {
            404 => return Ok(Some(false)),
            401 | 403 => return Ok(None),
            _ => {}
        }
        let response = self.checked(&url, response)?;
        let mut body = crate::input::source::Bounded::new(
            response.into_body().into_reader(),
            &url,
            MAX_MESH_BYTES,
        );
        std::io::copy(&mut body, &mut std::io::sink())
            .map_err(|e| InputError::io(&url, format!("cannot read: {e}")))?;
        Ok(Some(true))
    }

    /// A GET whose 400, 404 or 405 means "not served here".
    fn get_optional(
        &self,
        url: &str,
    ) -> Result<Option<ureq::http::Response<ureq::Body>>, InputError> {
        let response = self.send(url)?;
        if matches!(response.status().as_u16(), 400 | 404 | 405) {
            return Ok(None);
        }
        self.checked(url, response).map(Some)
    }

    fn get_text(&self, url: &str, limit: u64) -> Result<String, InputError> {
        let response = self.get(url)?;
        response
            .into_body()
            .with_config()
            .limit(limit)
            .read_to_string()
            .map_err(|e| self.transport_error(url, &e))
    }

    /// A GET that succeeded with 2xx; any other status is an input error with the API's words.
    fn get(&self, url: &str) -> Result<ureq::http::Response<ureq::Body>, InputError> {
        let response = self.send(url)?;
        self.checked(url, response)
    }

    /// The request itself: only transport failures are errors here.
    fn send(&self, url: &str) -> Result<ureq::http::Response<ureq::Body>, InputError> {
        let mut request = self
            .agent
            .get(url)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
        if let Some(token) = &self.token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        request.call().map_err(|e| self.transport_error(url, &e))
    }

    /// The response when it is 2xx; any other status is an input error with the API's words.
    fn checked(
        &self,
        url: &str,
        mut response: ureq::http::Response<ureq::Body>,
    ) -> Result<ureq::http::Response<ureq::Body>, InputError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_string()
            .unwrap_or_default();
        let words = match serde_json::from_str::<ApiError>(&body) {
            Ok(ApiError { title, detail }) if title.is_some() || detail.is_some() => {
                [title, detail]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ")
            }
            _ => body
                .chars()
                .take(200)
                .collect::<String>()
                .trim()
                .to_string(),
        };
        if status.is_redirection() {
            let location = response
                .headers()
                .get("Location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or("(no Location)");
            return Err(InputError::io(
                url,
                format!(
                    "HTTP {status}: redirected to {location}; meshctl follows no redirect (the token would go along): give that address as --control-plane if you trust it"
                ),
            ));
        }
        let hint = match status.as_u16() {
            401 | 403 => " (check --token or MESHCTL_TOKEN)",
            404 => " (check the URL and --mesh)",
            _ => "",
        };
        let words = if words.is_empty() {
            String::new()
        } else {
            format!(": {words}")
        };
        let message = format!("HTTP {status}{words}{hint}");
        if status.is_server_error() {
            Err(InputError::transient(url, message))
        } else {
            Err(InputError::io(url, message))
        }
    }

    fn transport_error(&self, url: &str, error: &ureq::Error) -> InputError {
        // The next request resolves the name again (`meshctl wait` polls on).
        self.resolutions.forget();
        let reason = match error {
            ureq::Error::Timeout(_) => format!("timed out after {}s", self.timeout.as_secs_f64()),
            ureq::Error::HostNotFound => return InputError::io(url, "host not found"),
            ureq::Error::ConnectionFailed => "cannot connect (connection refused?)".to_string(),
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                "cannot connect: connection refused".to_string()
            }
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                format!("timed out after {}s", self.timeout.as_secs_f64())
            }
            other => return InputError::io(url, other.to_string()),
        };
        InputError::transient(url, reason)
    }
}

fn read_all(mut body: impl std::io::Read, url: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    body.read_to_end(&mut bytes)
        .map_err(|e| crate::input::source::read_error(url, &e))?;
    Ok(bytes)
}

/// The room a page is read into, for a body of `declared` bytes (0: not declared, as Go's
/// `net/http` sends a large body, chunked): a declared length makes room, but never more than a
/// large page's, since the body is read within `limit` whatever the header says.
fn room_for(declared: u64, limit: u64) -> usize {
    declared.min(limit).min(16 << 20) as usize
}

/// Reads `body` to its end into `page`, over the bytes of the pages read into it before, which
/// are not zeroed again: `read_to_end` zeroed the room of every page (a megabyte a page, 2% of a
/// live read). `page` keeps the length of the longest body read into it (at least `room`): only
/// the bytes it grows by are zeroed, at most a mebibyte past the body. How many bytes were read.
fn read_into(mut body: impl Read, page: &mut Vec<u8>, room: usize) -> std::io::Result<usize> {
    use crate::input::source::read_retrying;
    if page.len() < room {
        page.resize(room, 0);
    }
    let mut filled = 0;
    loop {
        if filled == page.len() {
            // Full: a small read first, so a body that fits exactly grows nothing.
            let mut probe = [0u8; 32];
            let n = read_retrying(&mut body, &mut probe)?;
            if n == 0 {
                return Ok(filled);
            }
            page.resize(filled + filled.clamp(64 << 10, 1 << 20), 0);
            page[filled..filled + n].copy_from_slice(&probe[..n]);
            filled += n;
        }
        match read_retrying(&mut body, &mut page[filled..])? {
            0 => return Ok(filled),
            n => filled += n,
        }
    }
}

/// The `total` a page declares before its items, as Kuma prints it (`{"total": N, "items": …`);
/// none when it is elsewhere or not a number.
fn declared_total(page: &[u8]) -> Option<u64> {
    let rest = page
        .trim_ascii_start()
        .strip_prefix(b"{")?
        .trim_ascii_start();
    let rest = rest.strip_prefix(b"\"total\"")?.trim_ascii_start();
    let rest = rest.strip_prefix(b":")?.trim_ascii_start();
    let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// `offset` and `size` of a `next` link's query.
fn paging(next: &str) -> Option<(u64, Option<u64>)> {
    let (offset, size) = crate::state::paging(next)?;
    Some((offset, size.filter(|&s| s > 0 && s <= u64::from(PAGE_SIZE))))
}

/// Percent-encodes a path segment.
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(feature = "tls")]
fn tls_config(
    config: ureq::config::ConfigBuilder<ureq::typestate::AgentScope>,
    ca_cert: Option<&str>,
) -> Result<ureq::config::ConfigBuilder<ureq::typestate::AgentScope>, InputError> {
    let Some(path) = ca_cert else {
        return Ok(config);
    };
    let pem = crate::source::files::read_regular_file(std::path::Path::new(path), 1024 * 1024)
        .map_err(|e| match e {
            crate::input::secret::FileProblem::Absent(why)
            | crate::input::secret::FileProblem::Unusable(why) => {
                InputError::io(path, format!("cannot read: {why}"))
            }
        })?;
    let certs: Vec<_> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => Some(cert),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(InputError::io(path, "holds no PEM certificate"));
    }
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(certs)))
        .build();
    Ok(config.tls_config(tls))
}

#[cfg(not(feature = "tls"))]
fn tls_config(
    config: ureq::config::ConfigBuilder<ureq::typestate::AgentScope>,
    ca_cert: Option<&str>,
) -> Result<ureq::config::ConfigBuilder<ureq::typestate::AgentScope>, InputError> {
    match ca_cert {
        Some(_) => Err(InputError::usage(
            "--ca-cert needs TLS: rebuild meshctl with the default features (`--features tls`)",
        )),
        None => Ok(config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_plane_that_cannot_be_reached_is_resolved_again() {
        // A port bound and let go: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}");
        let cp = ControlPlane::new(&url, None, None, Duration::from_secs(5), 1 << 20).unwrap();
        assert!(cp.index(true).unwrap_err().is_transient());
        assert!(
            !cp.resolutions.kept(),
            "the failed request's resolution is dropped"
        );
    }

    #[test]
    fn versions_and_products() {
        let index = |product: &str, version: &str, based: Option<&str>| Index {
            product: product.into(),
            version: version.into(),
            based_on_kuma: based.map(str::to_string),
            url: String::new(),
        };
        assert_eq!(index("Kuma", "2.14.3", None).kuma_major(), Some(2));
        assert_eq!(index("", "2.0.0", None).product(), Product::Kuma);
        assert_eq!(
            index("Kuma", "0.0.0-preview.vabc123", None).kuma_major(),
            None
        );
        assert_eq!(index("Kuma", "unknown", None).kuma_major(), None);
        assert_eq!(
            paging("http://other:1/x?offset=100&size=50"),
            Some((100, Some(50)))
        );
        assert_eq!(paging("/x?size=1000&offset=2000"), Some((2000, Some(1000))));
        assert_eq!(paging("/x?size=5"), None);
        assert_eq!(index("Kuma", "3.0.0", None).kuma_major(), Some(3));
        assert_eq!(
            index("Kong Mesh", "2.9.1", Some("2.9.1")).product(),
            Product::KongMesh
        );
        assert_eq!(index("Kuma", "dev-abc", None).kuma_major(), None);
        assert_eq!(encode("my mesh/1"), "my%20mesh%2F1");
    }

    #[test]
    fn a_page_declares_its_total_only_first_and_as_a_count() {
        assert_eq!(
            declared_total(b"{\n \"total\": 4,\n \"items\": []}"),
            Some(4)
        );
        assert_eq!(
            declared_total(b"  {\"total\":\"12\",\"items\":[]}"),
            Some(12)
        );
        assert_eq!(declared_total(b"{\"items\": [], \"total\": 4}"), None);
        assert_eq!(declared_total(b"{\"total\": null}"), None);
        assert_eq!(declared_total(b"{\"total\": -1}"), None);
        assert_eq!(declared_total(b""), None);
    }

    #[test]
    fn pages_are_read_over_the_ones_before_and_grow_by_little() {
        // Over a longer page: its length is kept (nothing is zeroed), the body at its start.
        let mut page = b"an older and longer page".to_vec();
        let n = read_into(&b"{\"total\": 1}"[..], &mut page, 0).unwrap();
        assert_eq!((n, page.len()), (12, 24));
        assert_eq!(&page[..n], b"{\"total\": 1}");
        // A body that fills the page exactly grows nothing.
        let mut page = vec![0; 12];
        assert_eq!(read_into(&b"{\"total\": 1}"[..], &mut page, 0).unwrap(), 12);
        assert_eq!(page.len(), 12);
        // A declared length makes the room at once: one read, and one that finds the end.
        let body: Vec<u8> = (0..(3 << 20) + 5).map(|i| (i % 251) as u8).collect();
        let mut counted = Counted(&body[..300_000], 0);
        let mut page = Vec::new();
        let n = read_into(&mut counted, &mut page, room_for(300_000, 1 << 30)).unwrap();
        assert!(n == 300_000 && page[..n] == body[..n], "{n} bytes");
        assert_eq!((page.len(), counted.1), (300_000, 2));
        // None declared (chunked): the page grows as the body comes, doubling up to a mebibyte
        // at a time, so it never holds more than a mebibyte past the body.
        let mut counted = Counted(&body[..], 0);
        let mut page = Vec::new();
        let n = read_into(&mut counted, &mut page, room_for(0, 1 << 30)).unwrap();
        assert!(n == body.len() && page[..n] == body[..], "{n} bytes");
        assert_eq!(page.len(), 4 << 20);
        assert_eq!(
            counted.1, 16,
            "a probe and a read per step of 64 Ki to 1 Mi, and the end"
        );
        // A read interrupted by a signal is read again.
        let mut interrupted = Interrupted(true).chain(&b"{}"[..]);
        assert_eq!(read_into(&mut interrupted, &mut Vec::new(), 1).unwrap(), 2);
        let mut broken = std::io::Cursor::new(b"{\"to".to_vec()).chain(Broken);
        let e = read_into(&mut broken, &mut Vec::new(), 10).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset);
        assert_eq!(room_for(0, 1 << 30), 0, "chunked: no length declared");
        assert_eq!(room_for(1 << 40, 1 << 30), 16 << 20);
        assert_eq!(room_for(1 << 20, 1000), 1000, "never past the limit");
    }

    /// A body that counts the reads of it.
    struct Counted<'b>(&'b [u8], usize);

    impl Read for Counted<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            self.1 += 1;
            self.0.read(out)
        }
    }

    /// A body whose first read is interrupted, and which then ends.
    struct Interrupted(bool);

    impl Read for Interrupted {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            match std::mem::take(&mut self.0) {
                true => Err(std::io::ErrorKind::Interrupted.into()),
                false => Ok(0),
            }
        }
    }

    /// A body whose connection breaks.
    struct Broken;

    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::ConnectionReset.into())
        }
    }
}
