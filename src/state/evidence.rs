//! What the state says about its own coverage (README "Evidence"): the listings it was read
//! from, and why they do not cover every proxy of the mesh when they do not.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::input::time::Timestamp;

/// The evidence of a census, beside its proxies.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Every document that listed proxies (pages, exports, Kubernetes lists).
    pub listings: Vec<Listing>,
    /// A Kubernetes list page with `metadata.continue` or `remainingItemCount`.
    pub continued: bool,
    /// Proxies read more than once, merged.
    pub duplicates: u64,
    /// Items of other meshes, by mesh (for `state-empty`'s help).
    pub other_meshes: BTreeMap<String, u64>,
    /// Per-proxy state came as dataplane listings, which include proxies that never connected.
    pub lists_dataplanes: bool,
    /// The newest instant the state shows (a subscription's update, connect or disconnect, a
    /// certificate's regeneration): it was observed no earlier.
    pub newest_time: Option<Timestamp>,
    /// A live page whose first item was not the last of the page before it (asked one item
    /// early): proxies before its offset came or went while the listing was paged.
    pub shifted: Option<String>,
    /// Read live from a zone control plane of a multizone deployment (the global control
    /// plane's address): its listings hold its own zone's proxies only, whatever their totals.
    pub zone_only: Option<String>,
    /// The distinct items of each kind's listings, counted once (`count`): a count sorts every
    /// key (1.4 ms at 100,000 proxies), and a live gate asks twice, a snapshot three times.
    counted: OnceLock<Counted>,
}

/// Distinct items per kind of listing, and the listings they were counted from: a listing
/// added since makes the count stale, and it is then counted again.
#[derive(Debug, Clone, Copy)]
struct Counted {
    listings: usize,
    keys: usize,
    dataplanes: u64,
    insights: u64,
}

/// What a listing lists. Kuma's dataplane listings (`_overview`, `kumactl inspect dataplanes`,
/// a snapshot) include proxies that never connected; insight listings do not: the two declare
/// different totals of one mesh and are each judged on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingKind {
    Dataplanes,
    Insights,
}

/// One listing document: what it declared and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub file: String,
    pub kind: ListingKind,
    /// The whole listing's size as the page declares it.
    pub total: Option<u64>,
    /// Hashed (mesh, name) of every item, of any mesh.
    pub keys: Vec<u64>,
    /// The link to the page that follows it.
    pub next: Option<String>,
    /// It held items of this mesh (or nothing at all).
    pub about_this_mesh: bool,
    /// It held items of several meshes: a page of a listing of every mesh
    /// (`/dataplane-insights`, `kubectl get dataplaneinsights -A`).
    pub of_every_mesh: bool,
}

/// Why the state does not cover every proxy of the mesh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incomplete {
    /// Fewer distinct proxies than the listing declares.
    Short { read: u64, declared: u64 },
    /// Pages of the listing declare different totals: it changed while it was paged.
    Changed { totals: Vec<u64> },
    /// A page of a Kubernetes list.
    Continued,
    /// The MeshInsight counts more (connected) proxies than the per-proxy state holds.
    MeshInsight {
        counted: u64,
        read: u64,
        connected: bool,
    },
    /// A page of a listing asked for part of the mesh (`tag=`, `gateway=`, `name=`,
    /// `filter[…]`): Kuma's `next` carries the request's parameters, and its `total` is the
    /// filtered total (`pkg/api-server/pagination.go`, release-2.14).
    Filtered { file: String, parameter: String },
    /// A page says more follows, and the pages beside it do not hold the rest.
    MorePages { file: String },
    /// A live page did not start where the page before it ended: proxies were removed or added
    /// before its offset while the listing was paged, so one may have been skipped.
    Shifted { file: String },
    /// Read from a zone control plane of a multizone deployment, which lists its own zone's
    /// proxies only: those of the other zones are on the global control plane (`global`).
    ZoneOnly { global: String },
}

/// The query parameters of a `next` link, as `(name, value)`.
fn query(link: &str) -> impl Iterator<Item = (&str, &str)> {
    let query = link
        .split_once('?')
        .map_or("", |(_, q)| q.split('#').next().unwrap_or(""));
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
}

/// The `offset` and `size` a `next` link asks for.
pub(crate) fn paging(link: &str) -> Option<(u64, Option<u64>)> {
    let param = |name: &str| query(link).find(|(k, _)| *k == name).map(|(_, v)| v);
    let offset = param("offset")?.parse().ok()?;
    let size = param("size").and_then(|s| s.parse().ok());
    Some((offset, size))
}

/// The first filter a `next` link carries (`tag=…`, `gateway=…`, `name=…`, `filter[…]=…`) that
/// leaves proxies out. Kuma lists every proxy for an empty `name` (a name containing "") or
/// `gateway` (its match-all default), and ignores a `tag` without a `:`
/// (`pkg/api-server/filters/filtering.go`, `gatewayModeFilterFromParameter` and `parseTags`,
/// release-2.14); a `filter[labels.…]` narrows whatever its value.
fn filter_of(link: &str) -> Option<String> {
    let decoded = |k: &str| {
        k.replace("%5B", "[")
            .replace("%5b", "[")
            .replace("%5D", "]")
            .replace("%5d", "]")
    };
    // The query parameters with which Kuma lists part of a mesh, when they do.
    let narrows = |k: &str, v: &str| match k {
        "name" | "gateway" => !v.is_empty(),
        "tag" => v.contains(':') || v.contains("%3A") || v.contains("%3a"),
        _ => k.starts_with("filter["),
    };
    query(link)
        .map(|(k, v)| (decoded(k), v))
        .find(|(k, v)| narrows(k, v))
        .map(|(k, v)| format!("{k}={v}"))
}

impl Evidence {
    /// Distinct items (of any mesh) of the dataplane listings about this mesh, else of its
    /// insight listings.
    pub fn listed(&self) -> u64 {
        [ListingKind::Dataplanes, ListingKind::Insights]
            .into_iter()
            .map(|kind| self.distinct(kind))
            .find(|n| *n > 0)
            .unwrap_or(0)
    }

    /// The listings of `kind` that take part in covering this mesh: those about it, pages of a
    /// listing of every mesh, and pages holding one other mesh only that declare the same total
    /// as such a page (the rest of that listing). A listing of another mesh alone is not.
    fn group(&self, kind: ListingKind) -> impl Iterator<Item = &Listing> {
        let every: Vec<Option<u64>> = self
            .listings
            .iter()
            .filter(|l| l.kind == kind && l.of_every_mesh)
            .map(|l| l.total)
            .collect();
        self.listings.iter().filter(move |l| {
            l.kind == kind
                && (l.about_this_mesh
                    || l.of_every_mesh
                    || (l.total.is_some() && every.contains(&l.total)))
        })
    }

    /// Counts the distinct items of each kind now, for every later question (`StateReader::finish`
    /// asks on a thread of its own while it merges the proxies' copies).
    pub(crate) fn count(&self) {
        self.counted.get_or_init(|| self.counted_now());
    }

    fn counted_now(&self) -> Counted {
        let (listings, keys) = self.size();
        Counted {
            listings,
            keys,
            dataplanes: self.count_distinct(ListingKind::Dataplanes),
            insights: self.count_distinct(ListingKind::Insights),
        }
    }

    /// How many listings and keys there are: what a count was made from.
    fn size(&self) -> (usize, usize) {
        let keys = self.listings.iter().map(|l| l.keys.len()).sum();
        (self.listings.len(), keys)
    }

    fn distinct(&self, kind: ListingKind) -> u64 {
        let counted = match self.counted.get() {
            Some(c) if (c.listings, c.keys) == self.size() => *c,
            Some(_) => self.counted_now(),
            None => *self.counted.get_or_init(|| self.counted_now()),
        };
        match kind {
            ListingKind::Dataplanes => counted.dataplanes,
            ListingKind::Insights => counted.insights,
        }
    }

    fn count_distinct(&self, kind: ListingKind) -> u64 {
        if !self.group(kind).any(|l| l.about_this_mesh) {
            return 0;
        }
        let mut keys: Vec<u64> = self
            .group(kind)
            .flat_map(|l| l.keys.iter().copied())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len() as u64
    }

    /// Why the listings do not cover every proxy, judged per kind of listing: a listing about
    /// this mesh takes its other pages with it, even those that hold only other meshes (the
    /// insights of a global `/dataplane-insights` listing).
    pub fn incomplete(&self) -> Option<Incomplete> {
        if let Some(global) = &self.zone_only {
            return Some(Incomplete::ZoneOnly {
                global: global.clone(),
            });
        }
        if self.continued {
            return Some(Incomplete::Continued);
        }
        [ListingKind::Dataplanes, ListingKind::Insights]
            .into_iter()
            .find_map(|kind| self.incomplete_group(kind))
            .or_else(|| {
                let file = self.shifted.clone()?;
                Some(Incomplete::Shifted { file })
            })
    }

    fn incomplete_group(&self, kind: ListingKind) -> Option<Incomplete> {
        if !self.group(kind).any(|l| l.about_this_mesh) {
            return None;
        }
        if let Some((file, parameter)) = self
            .group(kind)
            .find_map(|l| Some((l.file.clone(), filter_of(l.next.as_deref()?)?)))
        {
            return Some(Incomplete::Filtered { file, parameter });
        }
        let mut totals: Vec<u64> = self.group(kind).filter_map(|l| l.total).collect();
        totals.sort_unstable();
        totals.dedup();
        let read = self.distinct(kind);
        match totals.as_slice() {
            [] | [_] => {}
            _ => return Some(Incomplete::Changed { totals }),
        }
        if let [declared] = totals.as_slice()
            && read < *declared
        {
            return Some(Incomplete::Short {
                read,
                declared: *declared,
            });
        }
        self.more_pages(kind, read)
    }

    /// A page that says more follows: some page must end the listing, and the items read must
    /// reach past every offset announced.
    fn more_pages(&self, kind: ListingKind, read: u64) -> Option<Incomplete> {
        let last_page = self.group(kind).any(|l| l.next.is_none());
        self.group(kind)
            .filter_map(|l| Some((l, l.next.as_deref()?)))
            .find(|(_, next)| !last_page || paging(next).is_some_and(|(offset, _)| read <= offset))
            .map(|(l, _)| Incomplete::MorePages {
                file: l.file.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(kind: ListingKind, keys: &[u64], total: u64, next: Option<&str>) -> Listing {
        Listing {
            file: "p.json".into(),
            kind,
            total: Some(total),
            keys: keys.to_vec(),
            next: next.map(str::to_string),
            about_this_mesh: true,
            of_every_mesh: false,
        }
    }

    fn evidence(listings: Vec<Listing>) -> Evidence {
        Evidence {
            listings,
            ..Evidence::default()
        }
    }

    #[test]
    fn a_count_is_kept_until_a_listing_is_added() {
        use ListingKind::*;
        let mut pages = evidence(vec![page(Dataplanes, &[1, 2, 2], 4, Some("?offset=3"))]);
        pages.count();
        assert_eq!(pages.listed(), 2);
        assert_eq!(
            pages.incomplete(),
            Some(Incomplete::Short {
                read: 2,
                declared: 4
            })
        );
        // The next page, with one proxy more and one seen before: counted again.
        pages.listings.push(page(Dataplanes, &[2, 3], 4, None));
        assert_eq!(pages.listed(), 3);
        assert_eq!(
            pages.incomplete(),
            Some(Incomplete::Short {
                read: 3,
                declared: 4
            })
        );
        // A page of insights beside them changes no count of dataplanes, and is counted too.
        pages.listings.push(page(Insights, &[1], 1, None));
        assert_eq!(pages.listed(), 3);
        assert_eq!(pages.distinct(Insights), 1);
    }

    #[test]
    fn listings_of_each_kind_are_judged_on_their_own() {
        use ListingKind::*;
        let both = evidence(vec![
            page(Dataplanes, &[1, 2, 3], 3, None),
            page(Insights, &[1, 2], 2, None),
        ]);
        assert_eq!(both.incomplete(), None);
        assert_eq!(both.listed(), 3);
        // Without a listing of Dataplanes, the insights' count.
        let insights = evidence(vec![page(Insights, &[1, 2], 2, None)]);
        assert_eq!(insights.listed(), 2);
        let short = evidence(vec![page(Insights, &[1], 2, None)]);
        assert_eq!(
            short.incomplete(),
            Some(Incomplete::Short {
                read: 1,
                declared: 2
            })
        );
    }

    #[test]
    fn a_page_of_one_other_mesh_counts_only_as_the_rest_of_a_listing_of_every_mesh() {
        use ListingKind::*;
        let every = Listing {
            of_every_mesh: true,
            ..page(
                Insights,
                &[1, 2],
                4,
                Some("/dataplane-insights?offset=2&size=2"),
            )
        };
        let other = |total| Listing {
            about_this_mesh: false,
            ..page(Insights, &[3, 4], total, None)
        };
        assert_eq!(evidence(vec![every.clone(), other(4)]).incomplete(), None);
        // Another mesh's own listing beside this mesh's is not a page of it.
        let mine = page(Insights, &[1, 2], 2, None);
        assert_eq!(evidence(vec![mine, other(5)]).incomplete(), None);
        assert!(matches!(
            evidence(vec![every, other(5)]).incomplete(),
            Some(
                Incomplete::Changed { .. }
                    | Incomplete::Short { .. }
                    | Incomplete::MorePages { .. }
            )
        ));
    }

    #[test]
    fn a_filtered_page_or_a_missing_next_page_is_incomplete() {
        use ListingKind::*;
        let filtered = evidence(vec![page(
            Dataplanes,
            &[1],
            1,
            Some("/meshes/default/dataplanes/_overview?offset=1&tag=kuma.io%2Fservice:web"),
        )]);
        assert!(
            matches!(filtered.incomplete(), Some(Incomplete::Filtered { parameter, .. }) if parameter.starts_with("tag="))
        );
        let gateway = evidence(vec![page(
            Dataplanes,
            &[1],
            1,
            Some("/x?gateway=true&offset=100"),
        )]);
        assert!(matches!(
            gateway.incomplete(),
            Some(Incomplete::Filtered { .. })
        ));
        let first_only = Listing {
            total: None,
            ..page(Dataplanes, &[1, 2], 0, Some("/x?offset=2&size=2"))
        };
        assert!(matches!(
            evidence(vec![first_only.clone()]).incomplete(),
            Some(Incomplete::MorePages { .. })
        ));
        // A `next` without an offset still says more follows when no page ends the listing.
        let no_offset = Listing {
            total: None,
            ..page(Dataplanes, &[1, 2], 0, Some("/x?key=abc"))
        };
        assert!(matches!(
            evidence(vec![no_offset]).incomplete(),
            Some(Incomplete::MorePages { .. })
        ));
        let last = Listing {
            total: None,
            next: None,
            ..page(Dataplanes, &[3], 0, None)
        };
        assert_eq!(evidence(vec![first_only, last]).incomplete(), None);
    }

    #[test]
    fn parameters_kuma_reads_as_no_filter_leave_a_listing_whole() {
        use ListingKind::*;
        let two_pages = |next: &str| {
            evidence(vec![
                page(Dataplanes, &[1, 2], 4, Some(next)),
                page(Dataplanes, &[3, 4], 4, None),
            ])
        };
        for next in [
            "/x?name=&offset=2&size=2",
            "/x?gateway=&offset=2&size=2",
            "/x?tag=kuma.io%2Fservice&offset=2&size=2",
            "/x?tag=&offset=2&size=2",
        ] {
            assert_eq!(two_pages(next).incomplete(), None, "{next}");
        }
        for (next, parameter) in [
            ("/x?name=web&offset=2&size=2", "name=web"),
            ("/x?gateway=false&offset=2&size=2", "gateway=false"),
            ("/x?tag=version%3Av1&offset=2&size=2", "tag=version%3Av1"),
            ("/x?tag=app:&offset=2&size=2", "tag=app:"),
            ("/x?filter%5Blabels.app%5D=&offset=2", "filter[labels.app]="),
        ] {
            assert_eq!(
                two_pages(next).incomplete(),
                Some(Incomplete::Filtered {
                    file: "p.json".to_string(),
                    parameter: parameter.to_string()
                }),
                "{next}"
            );
        }
    }
}
