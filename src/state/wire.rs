//! The shapes Kuma, kumactl and Kubernetes print for proxy state, as serde types. One item type
//! reads every shape (DataplaneOverview, flat DataplaneInsight, Kubernetes DataplaneInsight,
//! MeshInsight), and the top level streams its `items` into a sink one at a time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::few::Few;
use crate::input::time::parse_rfc3339;

/// Receives items as they are read; an `Err` stops reading with that message.
pub(crate) trait ItemSink {
    fn item(&mut self, index: Option<usize>, item: &mut Item<'_>) -> Result<(), String>;

    /// The bytes of the element of `items` just handed to `item`, as the input printed them
    /// (a snapshot writes them out); streamed JSON only.
    fn raw(&mut self, _bytes: &[u8]) -> Result<(), String> {
        Ok(())
    }
}

/// A string borrowed from the input when it has no escapes (the common case), owned otherwise:
/// reading a proxy allocates only what the census keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// Every field any state item shape has that meshctl reads; the rest is skipped unread.
#[derive(Debug, Default)]
pub(crate) struct Item<'a> {
    pub type_: Option<Text<'a>>,
    pub kind: Option<Text<'a>>,
    pub mesh: Option<Text<'a>>,
    pub name: Option<Text<'a>>,
    // The shapes most items lack are boxed: an item is moved a few times on its way to the
    // census, and 1.7 KB moved per proxy showed in profiles.
    pub metadata: Option<Box<Metadata<'a>>>,
    pub dataplane: Option<Dataplane<'a>>,
    pub dataplane_insight: Option<Insight<'a>>,
    pub subscriptions: Option<Few<Subscription>>,
    pub mtls: Option<Box<MtlsField<'a>>>,
    pub status: Option<Box<Insight<'a>>>,
    pub spec: Option<Box<MeshInsightBody<'a>>>,
    pub dataplanes: Option<Box<Stat>>,
    /// A MeshInsight's policy counts by type (`policies.MeshTrafficPermission.total`).
    pub policies: Option<BTreeMap<String, Stat>>,
    /// Kuma 2.x labels (`kuma.io/zone` on a global control plane; on Kubernetes
    /// `k8s.kuma.io/namespace`, `k8s.kuma.io/service-account`, …).
    pub labels: Option<Tags<'a>>,
    /// A ZoneOverview's `zone` (`enabled`) and `zoneInsight`.
    pub zone: Option<ZoneSpec>,
    pub zone_insight: Option<Box<Insight<'a>>>,
    /// A ZoneEgressOverview's insight.
    pub zone_egress_insight: Option<Box<Insight<'a>>>,
}

/// A zone's own resource: whether it is enabled (absent is enabled).
#[derive(Debug, Default, Clone, Copy, Deserialize)]
pub(crate) struct ZoneSpec {
    pub enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
pub(crate) enum Field {
    #[serde(rename = "type")]
    Type,
    Kind,
    Mesh,
    Name,
    Metadata,
    Dataplane,
    DataplaneInsight,
    Subscriptions,
    #[serde(rename = "mTLS")]
    Mtls,
    Status,
    Spec,
    Dataplanes,
    Policies,
    Items,
    Next,
    Total,
    Meshctl,
    Labels,
    Zone,
    ZoneInsight,
    ZoneEgressInsight,
    #[serde(other)]
    Other,
}

#[cfg(test)]
impl Field {
    /// Every key an item's reader knows. A new field fails to compile here until it is named,
    /// and `state/scan.rs`'s tests then ask the fast path to read it or leave it to serde.
    pub(crate) fn names() -> Vec<&'static str> {
        use Field::*;
        let all = [
            Type,
            Kind,
            Mesh,
            Name,
            Metadata,
            Dataplane,
            DataplaneInsight,
            Subscriptions,
            Mtls,
            Status,
            Spec,
            Dataplanes,
            Policies,
            Items,
            Next,
            Total,
            Meshctl,
            Labels,
            Zone,
            ZoneInsight,
            ZoneEgressInsight,
            Other,
        ];
        let name = |field| match field {
            Type => "type",
            Kind => "kind",
            Mesh => "mesh",
            Name => "name",
            Metadata => "metadata",
            Dataplane => "dataplane",
            DataplaneInsight => "dataplaneInsight",
            Subscriptions => "subscriptions",
            Mtls => "mTLS",
            Status => "status",
            Spec => "spec",
            Dataplanes => "dataplanes",
            Policies => "policies",
            Items => "items",
            Next => "next",
            Total => "total",
            Meshctl => "meshctl",
            Labels => "labels",
            Zone => "zone",
            ZoneInsight => "zoneInsight",
            ZoneEgressInsight => "zoneEgressInsight",
            Other => "",
        };
        all.into_iter()
            .map(name)
            .filter(|n| !n.is_empty())
            .collect()
    }
}

impl<'a> Item<'a> {
    /// Reads one field's value into the item; `items` is only meaningful at the top level.
    fn accept<'de: 'a, A: MapAccess<'de>>(
        &mut self,
        field: Field,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match field {
            Field::Type => self.type_ = map.next_value()?,
            Field::Kind => self.kind = map.next_value()?,
            Field::Mesh => self.mesh = map.next_value()?,
            Field::Name => self.name = map.next_value()?,
            Field::Metadata => self.metadata = map.next_value()?,
            Field::Dataplane => self.dataplane = map.next_value()?,
            Field::DataplaneInsight => self.dataplane_insight = map.next_value()?,
            Field::Subscriptions => self.subscriptions = map.next_value()?,
            Field::Mtls => self.mtls = map.next_value()?,
            Field::Status => self.status = map.next_value()?,
            Field::Spec => self.spec = map.next_value()?,
            Field::Dataplanes => self.dataplanes = map.next_value()?,
            Field::Policies => self.policies = map.next_value()?,
            Field::Labels => self.labels = map.next_value()?,
            Field::Zone => self.zone = map.next_value()?,
            Field::ZoneInsight => self.zone_insight = map.next_value()?,
            Field::ZoneEgressInsight => self.zone_egress_insight = map.next_value()?,
            Field::Items | Field::Next | Field::Total | Field::Meshctl | Field::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.type_.is_none()
            && self.kind.is_none()
            && self.dataplane.is_none()
            && self.dataplane_insight.is_none()
            && self.subscriptions.is_none()
            && self.mtls.is_none()
            && self.status.is_none()
            && self.spec.is_none()
            && self.dataplanes.is_none()
            && self.zone.is_none()
            && self.zone_insight.is_none()
            && self.zone_egress_insight.is_none()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Item<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = Item<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a proxy state item (an object)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item<'de>, A::Error> {
                let mut item = Item::default();
                while let Some(field) = map.next_key::<Field>()? {
                    item.accept(field, &mut map)?;
                }
                Ok(item)
            }
        }
        deserializer.deserialize_map(ItemVisitor)
    }
}

/// Reads a whole state document: its `items` streamed into the sink, and the document itself
/// handed over as one item when it is a single object (a MeshInsight, say).
pub(crate) struct DocumentSeed<'s, S: ItemSink> {
    pub sink: &'s mut S,
}

/// The `meshctl` object of a snapshot: when, and from what kind of control plane, it was taken.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotHeader {
    pub taken_at: Option<Timestamp>,
    /// `GET /config` `store.type`, when the control plane let it be read.
    pub store: Option<String>,
    /// Kuma's intervals from `GET /config`, as Go durations.
    pub intervals: Option<HeaderIntervals>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HeaderIntervals {
    pub status_flush: Option<String>,
    pub min_resync: Option<String>,
    pub cache_expiration: Option<String>,
    pub config_refresh: Option<String>,
}

/// What the top level held besides its items.
#[derive(Debug)]
pub(crate) struct DocumentSummary {
    /// A snapshot's own description.
    pub header: Option<SnapshotHeader>,
    pub had_items: bool,
    /// The REST page's link to the next page, when there is one.
    pub next: Option<String>,
    /// How many items the whole listing has, as the page declares it.
    pub total: Option<u64>,
    /// The top level carried fields of its own (a single insight, or a List's `kind`).
    pub had_fields: bool,
}

impl<'de, S: ItemSink> DeserializeSeed<'de> for DocumentSeed<'_, S> {
    type Value = DocumentSummary;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: ItemSink> Visitor<'de> for DocumentSeed<'_, S> {
    type Value = DocumentSummary;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a proxy state object (`kumactl inspect dataplanes -o json`, a REST page, a Kubernetes List or a MeshInsight)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut top = Item::default();
        let mut had_items = false;
        let mut next = None;
        let mut total = None;
        let mut header = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Meshctl => header = map.next_value::<Option<SnapshotHeader>>()?,
                Field::Next => next = map.next_value::<Option<String>>()?,
                Field::Total => total = map.next_value::<Option<Counter>>()?.map(|c| c.0),
                Field::Items => {
                    had_items = true;
                    map.next_value_seed(ItemsSeed {
                        sink: &mut *self.sink,
                    })?;
                }
                other => top.accept(other, &mut map)?,
            }
        }
        let had_fields = !top.is_empty();
        if had_fields {
            self.sink.item(None, &mut top).map_err(de::Error::custom)?;
        }
        Ok(DocumentSummary {
            header,
            had_items,
            next,
            total,
            had_fields,
        })
    }
}

struct ItemsSeed<'s, S: ItemSink> {
    sink: &'s mut S,
}

impl<'de, S: ItemSink> DeserializeSeed<'de> for ItemsSeed<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, S: ItemSink> Visitor<'de> for ItemsSeed<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of items")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let item = seq
                .next_element::<Item>()
                .map_err(|e| de::Error::custom(format!("items[{index}]: {e}")))?;
            let Some(mut item) = item else { break };
            self.sink
                .item(Some(index), &mut item)
                .map_err(|e| de::Error::custom(format!("items[{index}]: {e}")))?;
            index += 1;
        }
        Ok(())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Metadata<'a> {
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// Kubernetes labels (`kuma.io/zone`, and every pair for a proxy's workload).
    #[serde(borrow)]
    pub labels: Option<Tags<'a>>,
    /// A Kubernetes list page: the token of the next page.
    #[serde(rename = "continue")]
    pub continue_token: Option<String>,
    pub remaining_item_count: Option<Counter>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Dataplane<'a> {
    #[serde(borrow)]
    pub networking: Option<Networking<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Networking<'a> {
    #[serde(borrow)]
    pub inbound: Option<Few<Inbound<'a>>>,
    #[serde(borrow)]
    pub gateway: Option<Inbound<'a>>,
}

/// An inbound (or a gateway: `tags` only).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Inbound<'a> {
    #[serde(default)]
    pub port: Port,
    /// Its `name` (Kuma's `sectionName` for it).
    #[serde(default, borrow)]
    pub name: Lenient<'a>,
    #[serde(borrow)]
    pub tags: Option<Tags<'a>>,
}

/// A proxy's tags or labels: every pair, borrowed from the input when it can be, and its service
/// and zone apart for the gates. The service and zone must be strings, as before every pair was
/// read; the other values are read leniently (`Lenient`).
#[derive(Debug, Default)]
pub(crate) struct Tags<'a> {
    pub service: Option<Text<'a>>,
    pub zone: Option<Text<'a>>,
    /// Every pair with a value, `kuma.io/service` and `kuma.io/zone` included, in the input's
    /// order (the reader sorts them in place).
    pub pairs: Few<(Text<'a>, Text<'a>)>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Tags<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagsVisitor;
        impl<'de> Visitor<'de> for TagsVisitor {
            type Value = Tags<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of tags")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tags<'de>, A::Error> {
                // Some(None): the key was there with a null value (a second one is still a
                // duplicate, as serde's derive said before).
                let (mut service, mut zone) = (None::<Option<Text<'de>>>, None);
                let mut pairs = Few::default();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    let (slot, field) = match &*key {
                        "kuma.io/service" => (&mut service, "kuma.io/service"),
                        "kuma.io/zone" => (&mut zone, "kuma.io/zone"),
                        _ => {
                            if let Lenient(Some(value)) = map.next_value()? {
                                pairs.push((key, value));
                            }
                            continue;
                        }
                    };
                    if slot.is_some() {
                        return Err(de::Error::duplicate_field(field));
                    }
                    let value: Option<Text<'de>> = map.next_value()?;
                    if let Some(value) = &value {
                        pairs.push((key, value.clone()));
                    }
                    *slot = Some(value);
                }
                Ok(Tags {
                    service: service.flatten(),
                    zone: zone.flatten(),
                    pairs,
                })
            }
        }
        deserializer.deserialize_map(TagsVisitor)
    }
}

/// A tag's value or an inbound's name: a string, or a number or boolean as text; anything else
/// (null, a list, a map) reads as absent. Kuma's are strings; leniency keeps a value meshctl
/// once skipped unread from failing a file now.
#[derive(Debug, Default)]
pub(crate) struct Lenient<'a>(pub Option<Text<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Lenient<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LenientVisitor;
        impl<'de> Visitor<'de> for LenientVisitor {
            type Value = Lenient<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Some(Text(Cow::Borrowed(v)))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Some(Text(Cow::Owned(v.to_string())))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Some(Text(Cow::Owned(v)))))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Lenient<'de>, E> {
                self.visit_string(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient<'de>, E> {
                self.visit_string(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient<'de>, E> {
                self.visit_string(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient<'de>, E> {
                self.visit_string(v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lenient<'de>, E> {
                Ok(Lenient(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Lenient<'de>, E> {
                Ok(Lenient(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Lenient<'de>, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Lenient<'de>, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| Lenient(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Lenient<'de>, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Lenient(None))
            }
        }
        deserializer.deserialize_any(LenientVisitor)
    }
}

/// An inbound's port: a number (or a string of digits) that fits a `uint32`; anything else reads
/// as absent, as the port was once skipped unread.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Port(pub Option<u32>);

impl<'de> Deserialize<'de> for Port {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PortVisitor;
        impl<'de> Visitor<'de> for PortVisitor {
            type Value = Port;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a port")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Port, E> {
                Ok(Port(u32::try_from(v).ok()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Port, E> {
                Ok(Port(u32::try_from(v).ok()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Port, E> {
                Ok(Port(v.parse().ok()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Port, E> {
                Ok(Port(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Port, E> {
                Ok(Port(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Port, E> {
                Ok(Port(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Port, E> {
                Ok(Port(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Port, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Port, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| Port(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Port, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Port(None))
            }
        }
        deserializer.deserialize_any(PortVisitor)
    }
}

/// The DataplaneInsight body, wherever it sits (`dataplaneInsight`, `status`, or flat).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Insight<'a> {
    pub subscriptions: Option<Few<Subscription>>,
    #[serde(rename = "mTLS", borrow)]
    pub mtls: Option<MtlsField<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Subscription {
    pub connect_time: Option<Timestamp>,
    pub disconnect_time: Option<Timestamp>,
    pub status: Option<SubscriptionStatus>,
}

/// What a subscription says of the configuration the proxy acknowledged.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionStatus {
    pub last_update_time: Option<Timestamp>,
    pub total: Option<DiscoveryStats>,
    /// Per type, for the four types Kuma counts apart; Secrets (SDS) count only in `total`
    /// (`pkg/xds/server/callbacks/dataplane_status_tracker.go`, release-2.14).
    pub cds: Option<DiscoveryStats>,
    pub eds: Option<DiscoveryStats>,
    pub lds: Option<DiscoveryStats>,
    pub rds: Option<DiscoveryStats>,
}

/// xDS counters: responses sent to the proxy, acknowledged and rejected by it.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DiscoveryStats {
    #[serde(default)]
    pub responses_sent: Counter,
    #[serde(default)]
    pub responses_acknowledged: Counter,
    #[serde(default)]
    pub responses_rejected: Counter,
}

/// `mTLS` of a DataplaneInsight (`issuedBackend`, `supportedBackends` as a list) or of a
/// MeshInsight (`issuedBackends`, `supportedBackends` as maps of counts): one type reads both.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MtlsField<'a> {
    #[serde(borrow)]
    pub issued_backend: Option<Text<'a>>,
    #[serde(borrow)]
    pub supported_backends: Option<Backends<'a>>,
    pub certificate_expiration_time: Option<Timestamp>,
    pub last_certificate_regeneration: Option<Timestamp>,
    /// A MeshInsight's; boxed, as every proxy's item carries the field (8 bytes, not 48).
    #[allow(clippy::box_collection)]
    pub issued_backends: Option<Box<HashMap<String, Stat>>>,
}

/// `supportedBackends`: names (per proxy) or counts per name (per mesh).
#[derive(Debug)]
pub(crate) enum Backends<'a> {
    Names(Few<Text<'a>>),
    /// A MeshInsight's; boxed so that a proxy's names take 24 bytes, not 48.
    #[allow(clippy::box_collection)]
    Counts(Box<HashMap<String, Stat>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Backends<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BackendsVisitor;
        impl<'de> Visitor<'de> for BackendsVisitor {
            type Value = Backends<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of backend names or a map of backend counts")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Backends<'de>, A::Error> {
                Few::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Backends::Names)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Backends<'de>, A::Error> {
                HashMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|counts| Backends::Counts(Box::new(counts)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Backends<'de>, E> {
                Ok(Backends::Names(Few::default()))
            }
        }
        deserializer.deserialize_any(BackendsVisitor)
    }
}

/// `DataplaneStat`: absent zero values, counters as numbers or strings, both spellings of
/// partially degraded.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Stat {
    #[serde(default)]
    pub total: Counter,
    #[serde(default)]
    pub online: Counter,
    #[serde(default)]
    pub offline: Counter,
    #[serde(default, alias = "partially_degraded")]
    pub partially_degraded: Counter,
}

/// A uint counter that protobuf JSON may print as a string.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counter(pub u64);

impl<'de> Deserialize<'de> for Counter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CounterVisitor;
        impl Visitor<'_> for CounterVisitor {
            type Value = Counter;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count (a number or a string of digits)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Counter, E> {
                Ok(Counter(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Counter, E> {
                u64::try_from(v)
                    .map(Counter)
                    .map_err(|_| E::custom(format!("a count cannot be negative: {v}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Counter, E> {
                v.parse()
                    .map(Counter)
                    .map_err(|_| E::custom(format!("expected a count, found {v:?}")))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Counter, E> {
                Ok(Counter(0))
            }
        }
        deserializer.deserialize_any(CounterVisitor)
    }
}

/// An RFC 3339 timestamp, checked while reading so the error carries the file position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp(pub crate::input::time::Timestamp);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                parse_rfc3339(v)
                    .map(Timestamp)
                    .ok_or_else(|| E::custom(format!("{v:?} is not an RFC 3339 timestamp")))
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// The body of a MeshInsight (top level on Universal, `spec` on Kubernetes).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MeshInsightBody<'a> {
    pub dataplanes: Option<Stat>,
    pub policies: Option<BTreeMap<String, Stat>>,
    #[serde(rename = "mTLS", borrow)]
    pub mtls: Option<MtlsField<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_read_both_spellings_strings_and_absent_zeros() {
        let camel: Stat =
            serde_json::from_str(r#"{"total": "5", "online": 3, "partiallyDegraded": "1"}"#)
                .unwrap();
        let snake: Stat = serde_json::from_str(r#"{"total": 5, "partially_degraded": 1}"#).unwrap();
        assert_eq!(
            (
                camel.total,
                camel.online,
                camel.offline,
                camel.partially_degraded
            ),
            (Counter(5), Counter(3), Counter(0), Counter(1))
        );
        assert_eq!(
            (snake.total, snake.partially_degraded),
            (Counter(5), Counter(1))
        );
        assert!(serde_json::from_str::<Stat>(r#"{"total": -1}"#).is_err());
    }

    #[test]
    fn tags_keep_every_pair_and_the_service_and_zone_apart() {
        let tags: Tags<'_> = serde_json::from_str(
            r#"{"version": "v1", "kuma.io/service": "web", "kuma.io/zone": "z1", "n": 2,
                "on": true, "gone": null, "list": ["a"], "map": {"a": 1}}"#,
        )
        .unwrap();
        assert_eq!(tags.service.as_deref(), Some("web"));
        assert_eq!(tags.zone.as_deref(), Some("z1"));
        let pairs: Vec<(&str, &str)> = tags.pairs.iter().map(|(k, v)| (&**k, &**v)).collect();
        assert_eq!(
            pairs,
            [
                ("version", "v1"),
                ("kuma.io/service", "web"),
                ("kuma.io/zone", "z1"),
                ("n", "2"),
                ("on", "true")
            ]
        );
        assert!(
            tags.pairs
                .iter()
                .all(|(k, _)| matches!(k.0, Cow::Borrowed(_)))
        );
        // The service and zone are read as strictly as before.
        for strict in [
            r#"{"kuma.io/service": 1}"#,
            r#"{"kuma.io/service": "a", "kuma.io/service": "b"}"#,
            r#"{"kuma.io/zone": null, "kuma.io/zone": "z"}"#,
        ] {
            assert!(
                serde_json::from_str::<Tags<'_>>(strict).is_err(),
                "{strict}"
            );
        }
        let null: Tags<'_> = serde_json::from_str(r#"{"kuma.io/service": null}"#).unwrap();
        assert!(null.service.is_none() && null.pairs.is_empty());
    }

    #[test]
    fn inbound_ports_and_names_read_leniently() {
        let read = |json: &str| {
            let inbound: Inbound<'_> = serde_json::from_str(json).unwrap();
            (inbound.port.0, inbound.name.0.map(|n| n.to_string()))
        };
        assert_eq!(
            read(r#"{"port": 8080, "name": "http"}"#),
            (Some(8080), Some("http".into()))
        );
        assert_eq!(read(r#"{"port": "8080"}"#), (Some(8080), None));
        for odd in [
            r#"{"port": -1, "name": null}"#,
            r#"{"port": 4294967296, "name": []}"#,
            r#"{"port": 80.5, "name": {}}"#,
            r#"{"port": "http"}"#,
            r#"{"port": null}"#,
            r#"{"port": [80]}"#,
        ] {
            assert_eq!(read(odd), (None, None), "{odd}");
        }
    }

    #[test]
    fn text_borrows_when_it_can() {
        let text: Text<'_> = serde_json::from_str(r#""ca-1""#).unwrap();
        assert!(matches!(text.0, Cow::Borrowed("ca-1")));
        let escaped: Text<'_> = serde_json::from_str(r#""ca\u002d1""#).unwrap();
        assert!(matches!(escaped.0, Cow::Owned(ref s) if s == "ca-1"));
    }
}
