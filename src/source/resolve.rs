//! The control plane's address, resolved once for a run of pages: ureq resolves the host before
//! every request, even one sent on a pooled connection, and with a timeout set it starts a
//! thread to do it (`ureq-3.5.2`: `src/run.rs`, `connect`; `src/unversioned/resolver.rs`,
//! `resolve_async`), which was a thread for every page of a listing.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a resolution is reused: long enough for the pages of a listing, short enough that
/// `meshctl wait`, polling for the length of a rotation, follows a name that moves.
const FRESH: Duration = Duration::from_secs(10);

/// `R`'s answer for a scheme and authority, reused while it is fresh and until a request fails
/// to reach the control plane (`Resolutions::forget`). Only the addresses of a new connection
/// come from it (ureq keeps a pooled connection whatever the resolver says).
#[derive(Debug)]
pub(crate) struct Reused<R = DefaultResolver> {
    inner: R,
    fresh: Duration,
    last: Resolutions,
}

/// The resolution a `Reused` keeps, shared with the client that uses it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolutions(Arc<Mutex<Option<Resolution>>>);

impl Resolutions {
    /// Drops the kept resolution: a control plane that could not be reached may have moved.
    pub(crate) fn forget(&self) {
        if let Ok(mut last) = self.0.lock() {
            *last = None;
        }
    }

    #[cfg(test)]
    pub(crate) fn kept(&self) -> bool {
        self.0.lock().is_ok_and(|last| last.is_some())
    }
}

#[derive(Debug)]
struct Resolution {
    key: String,
    at: Instant,
    addrs: ResolvedSocketAddrs,
}

impl Default for Reused {
    fn default() -> Self {
        Reused::new(DefaultResolver::default(), FRESH)
    }
}

impl<R: Resolver> Reused<R> {
    fn new(inner: R, fresh: Duration) -> Self {
        Reused {
            inner,
            fresh,
            last: Resolutions::default(),
        }
    }

    /// What this resolver keeps, for the client to forget it.
    pub(crate) fn resolutions(&self) -> Resolutions {
        self.last.clone()
    }

    fn reusable(&self, key: &str) -> Option<ResolvedSocketAddrs> {
        let last = self.last.0.lock().ok()?;
        let last = last.as_ref()?;
        (last.key == key && last.at.elapsed() < self.fresh).then(|| last.addrs.clone())
    }
}

impl<R: Resolver> Resolver for Reused<R> {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        // Scheme, host and port: not the authority, whose user and password a URL may carry.
        let key = format!(
            "{}://{}:{}",
            uri.scheme_str().unwrap_or_default(),
            uri.host().unwrap_or_default(),
            uri.port_u16().unwrap_or_default()
        );
        if let Some(addrs) = self.reusable(&key) {
            return Ok(addrs);
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        if let Ok(mut last) = self.last.0.lock() {
            *last = Some(Resolution {
                key,
                at: Instant::now(),
                addrs: addrs.clone(),
            });
        }
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Resolves every name to 127.0.0.N, N counting its calls.
    #[derive(Debug, Default)]
    struct Counting(AtomicUsize);

    impl Resolver for Counting {
        fn resolve(
            &self,
            _: &Uri,
            _: &Config,
            _: NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            let mut addrs = self.empty();
            addrs.push(SocketAddr::from(([127, 0, 0, n as u8], 5681)));
            Ok(addrs)
        }
    }

    fn resolve(resolver: &impl Resolver, uri: &str) -> Vec<SocketAddr> {
        let uri: Uri = uri.parse().unwrap();
        let timeout = NextTimeout {
            after: Duration::from_secs(1).into(),
            reason: ureq::Timeout::Resolve,
            per_read: None,
            per_write: None,
        };
        let addrs = resolver.resolve(&uri, &Config::default(), timeout);
        addrs.unwrap().iter().copied().collect()
    }

    fn at(n: u8) -> Vec<SocketAddr> {
        vec![SocketAddr::from(([127, 0, 0, n], 5681))]
    }

    #[test]
    fn a_host_is_resolved_once_for_the_pages_of_a_listing() {
        let reused = Reused::new(Counting::default(), FRESH);
        let page = |offset: u32| {
            format!("http://cp.example:5681/meshes/default/dataplanes/_overview?offset={offset}")
        };
        assert_eq!(resolve(&reused, &page(0)), at(1));
        assert_eq!(resolve(&reused, &page(1000)), at(1));
        // Another host, port or scheme is resolved anew, and becomes the one reused.
        assert_eq!(resolve(&reused, "http://cp.example:5682/"), at(2));
        assert_eq!(resolve(&reused, "https://cp.example:5682/"), at(3));
        assert_eq!(resolve(&reused, "https://cp.example:5682/zones"), at(3));
        assert_eq!(resolve(&reused, &page(2000)), at(4));
        // A user and password do not make another host.
        assert_eq!(resolve(&reused, "http://me:secret@cp.example:5681/"), at(4));
    }

    #[test]
    fn a_resolution_is_forgotten_when_asked() {
        let reused = Reused::new(Counting::default(), FRESH);
        let resolutions = reused.resolutions();
        assert!(!resolutions.kept());
        assert_eq!(resolve(&reused, "http://cp.example:5681/"), at(1));
        assert!(resolutions.kept());
        resolutions.forget();
        assert_eq!(resolve(&reused, "http://cp.example:5681/"), at(2));
        assert_eq!(resolve(&reused, "http://cp.example:5681/"), at(2));
    }

    #[test]
    fn a_resolution_is_not_reused_once_stale() {
        let reused = Reused::new(Counting::default(), Duration::ZERO);
        assert_eq!(resolve(&reused, "http://cp.example:5681/"), at(1));
        assert_eq!(resolve(&reused, "http://cp.example:5681/"), at(2));
    }
}
