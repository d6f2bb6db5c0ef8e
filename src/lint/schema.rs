//! The keys Kuma and Kong Mesh read in the documents meshctl checks, as trees: from Kuma's protos
//! and CRD schemas (release-2.14) and Kong Mesh's documented backend `conf`. `unknown_fields`
//! walks a document against them.

use crate::input::kinds::PolicyKind;
use crate::input::mesh::Shape;

/// What a document may hold at one place.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node {
    /// A value whose insides meshctl does not check (a scalar, or a section it does not model:
    /// `metadata`, a `status`, an extension's `config`).
    Any,
    /// An object of these keys only.
    Object(&'static [(&'static str, Node)]),
    /// An object of free keys (labels, tags), each value of this shape.
    Map(&'static Node),
    List(&'static Node),
    /// A backend's `conf`: its shape by the backend's `type` (a type not listed is not looked
    /// into).
    Conf(&'static [(&'static str, Node)]),
}

const ANY: Node = Node::Any;
const STRINGS: Node = Node::Map(&ANY);

/// `kuma.system.v1alpha1.DataSource` (`api/system/v1alpha1/datasource.proto`): one of these.
const DATA_SOURCE: Node = Node::Object(&[
    ("secret", ANY),
    ("file", ANY),
    ("inline", ANY),
    ("inlineString", ANY),
]);

/// `Mesh` (`api/mesh/v1alpha1/mesh.proto`, release-2.14). Field names and JSON names are the
/// same camelCase there: jsonpb matches either (golang/protobuf v1.5.4 `jsonpb/decode.go`), so
/// snake_case spellings such as `enabled_backend` are ignored by Kuma like any unknown key.
macro_rules! mesh_spec_fields {
    ($($before:expr),*) => {
        [
            $($before,)*
            ("mtls", MTLS),
            ("tracing", TRACING),
            ("logging", LOGGING),
            ("metrics", METRICS),
            ("networking", NETWORKING),
            ("routing", ROUTING),
            ("constraints", CONSTRAINTS),
            ("skipCreatingInitialPolicies", ANY),
            ("meshServices", Node::Object(&[("mode", ANY)])),
        ]
    };
}

const MESH_SPEC_FIELDS: [(&str, Node); 9] = mesh_spec_fields!();

const ROUTING: Node = Node::Object(&[
    ("localityAwareLoadBalancing", ANY),
    ("zoneEgress", ANY),
    ("defaultForbidMeshExternalServiceAccess", ANY),
]);

const MTLS: Node = Node::Object(&[
    ("enabledBackend", ANY),
    ("backends", Node::List(&BACKEND)),
    ("skipValidation", ANY),
]);

/// `CertificateAuthorityBackend` (mesh.proto).
const BACKEND: Node = Node::Object(&[
    ("name", ANY),
    ("type", ANY),
    (
        "dpCert",
        Node::Object(&[
            ("rotation", Node::Object(&[("expiration", ANY)])),
            ("requestTimeout", ANY),
        ]),
    ),
    ("conf", Node::Conf(&MTLS_CONFS)),
    ("mode", ANY),
    ("rootChain", Node::Object(&[("requestTimeout", ANY)])),
]);

/// The Mesh CRD (`deployments/charts/kuma/crds/kuma.io_meshes.yaml`) also has an unused top-level
/// `mesh`; its `spec` is kept as written (`x-kubernetes-preserve-unknown-fields`).
pub(crate) const KUBERNETES_MESH: Node = Node::Object(&[
    ("apiVersion", ANY),
    ("kind", ANY),
    ("mesh", ANY),
    ("metadata", ANY),
    ("spec", Node::Object(&MESH_SPEC_FIELDS)),
]);

/// Universal: the spec's fields beside `type` and `name`, and what the API prints with them.
pub(crate) const UNIVERSAL_MESH: Node = Node::Object(&mesh_spec_fields!(
    ("type", ANY),
    ("name", ANY),
    ("labels", STRINGS),
    ("creationTime", ANY),
    ("modificationTime", ANY),
    ("kri", ANY)
));

/// `BuiltinCertificateAuthorityConfig` (`pkg/plugins/ca/builtin/config/builtin_ca_config.proto`):
/// the field is `RSAbits`, which is also its JSON name; `rsaBits` is ignored.
const BUILTIN_CONF: Node = Node::Object(&[(
    "caCert",
    Node::Object(&[("RSAbits", ANY), ("expiration", ANY)]),
)]);

/// `ProvidedCertificateAuthorityConfig` (`pkg/plugins/ca/provided/config/provided_ca_config.proto`).
const PROVIDED_CONF: Node = Node::Object(&[("cert", DATA_SOURCE), ("key", DATA_SOURCE)]);

/// Kong Mesh's `vault` backend (developer.konghq.com/mesh/vault; the Konnect OpenAPI's
/// `VaultCertificateAuthorityConfig`): `auth` is one of `token`, `tls` or `aws`.
const VAULT_CONF: Node = Node::Object(&[(
    "fromCp",
    Node::Object(&[
        ("address", ANY),
        ("agentAddress", ANY),
        ("namespace", ANY),
        ("pki", ANY),
        ("role", ANY),
        ("commonName", ANY),
        (
            "tls",
            Node::Object(&[
                ("caCert", DATA_SOURCE),
                ("skipVerify", ANY),
                ("serverName", ANY),
            ]),
        ),
        (
            "auth",
            Node::Object(&[
                ("token", DATA_SOURCE),
                (
                    "tls",
                    Node::Object(&[("clientCert", DATA_SOURCE), ("clientKey", DATA_SOURCE)]),
                ),
                (
                    "aws",
                    Node::Object(&[("type", ANY), ("role", ANY), ("iamServerIdHeader", ANY)]),
                ),
            ]),
        ),
    ]),
)]);

/// Kong Mesh's `acmpca` backend (developer.konghq.com/mesh/acm-private-ca-policy).
const ACMPCA_CONF: Node = Node::Object(&[
    ("arn", ANY),
    ("commonName", ANY),
    ("caCert", DATA_SOURCE),
    (
        "auth",
        Node::Object(&[(
            "awsCredentials",
            Node::Object(&[("accessKey", DATA_SOURCE), ("accessKeySecret", DATA_SOURCE)]),
        )]),
    ),
]);

/// Kong Mesh's `certmanager` backend (developer.konghq.com/mesh/cert-manager; `commonName` and
/// `dnsNames` from the Konnect OpenAPI's `CertManagerCertificateAuthorityConfig`).
const CERTMANAGER_CONF: Node = Node::Object(&[
    (
        "issuerRef",
        Node::Object(&[("name", ANY), ("kind", ANY), ("group", ANY)]),
    ),
    ("commonName", ANY),
    ("caCert", DATA_SOURCE),
    ("dnsNames", ANY),
]);

/// The `conf` of each `mtls` backend type (an unknown type is `unknown-backend-type`).
const MTLS_CONFS: [(&str, Node); 5] = [
    ("builtin", BUILTIN_CONF),
    ("provided", PROVIDED_CONF),
    ("vault", VAULT_CONF),
    ("acmpca", ACMPCA_CONF),
    ("certmanager", CERTMANAGER_CONF),
];

/// `tracing` (mesh.proto `Tracing`, `ZipkinTracingBackendConfig`, `DatadogTracingBackendConfig`).
const TRACING: Node = Node::Object(&[
    ("defaultBackend", ANY),
    (
        "backends",
        Node::List(&Node::Object(&[
            ("name", ANY),
            ("sampling", ANY),
            ("type", ANY),
            (
                "conf",
                Node::Conf(&[
                    (
                        "zipkin",
                        Node::Object(&[
                            ("url", ANY),
                            ("traceId128bit", ANY),
                            ("apiVersion", ANY),
                            ("sharedSpanContext", ANY),
                        ]),
                    ),
                    (
                        "datadog",
                        Node::Object(&[("address", ANY), ("port", ANY), ("splitService", ANY)]),
                    ),
                ]),
            ),
        ])),
    ),
]);

/// `logging` (mesh.proto `Logging`, `FileLoggingBackendConfig`, `TcpLoggingBackendConfig`).
const LOGGING: Node = Node::Object(&[
    ("defaultBackend", ANY),
    (
        "backends",
        Node::List(&Node::Object(&[
            ("name", ANY),
            ("format", ANY),
            ("type", ANY),
            (
                "conf",
                Node::Conf(&[
                    ("file", Node::Object(&[("path", ANY)])),
                    ("tcp", Node::Object(&[("address", ANY)])),
                ]),
            ),
        ])),
    ),
]);

/// `metrics` (`api/mesh/v1alpha1/metrics.proto`: `PrometheusMetricsBackendConfig`).
const METRICS: Node = Node::Object(&[
    ("enabledBackend", ANY),
    (
        "backends",
        Node::List(&Node::Object(&[
            ("name", ANY),
            ("type", ANY),
            (
                "conf",
                Node::Conf(&[(
                    "prometheus",
                    Node::Object(&[
                        ("port", ANY),
                        ("path", ANY),
                        ("tags", STRINGS),
                        ("skipMTLS", ANY),
                        (
                            "aggregate",
                            Node::List(&Node::Object(&[
                                ("name", ANY),
                                ("port", ANY),
                                ("path", ANY),
                                ("enabled", ANY),
                                ("address", ANY),
                            ])),
                        ),
                        (
                            "envoy",
                            Node::Object(&[("filterRegex", ANY), ("usedOnly", ANY)]),
                        ),
                        ("tls", Node::Object(&[("mode", ANY)])),
                    ]),
                )]),
            ),
        ])),
    ),
]);

const NETWORKING: Node = Node::Object(&[("outbound", Node::Object(&[("passthrough", ANY)]))]);

/// `constraints.dataplaneProxy`: requirements and restrictions, each a list of `tags`.
const CONSTRAINTS: Node = Node::Object(&[(
    "dataplaneProxy",
    Node::Object(&[
        (
            "requirements",
            Node::List(&Node::Object(&[("tags", STRINGS)])),
        ),
        (
            "restrictions",
            Node::List(&Node::Object(&[("tags", STRINGS)])),
        ),
    ]),
)]);

/// A policy's `targetRef` (`api/common/v1alpha1/targetref.go`, release-2.14).
const TARGET_REF: Node = Node::Object(&[
    ("kind", ANY),
    ("name", ANY),
    ("namespace", ANY),
    ("labels", STRINGS),
    ("tags", STRINGS),
    ("mesh", ANY),
    ("proxyTypes", ANY),
    ("sectionName", ANY),
]);

const MATCH_LABELS: Node = Node::Object(&[("matchLabels", STRINGS)]);

/// MeshIdentity (`pkg/core/resources/apis/meshidentity/api/v1alpha1/meshidentity.go`, its `rest.yaml`).
const MESH_IDENTITY: Node = Node::Object(&[
    ("selector", Node::Object(&[("dataplane", MATCH_LABELS)])),
    (
        "spiffeID",
        Node::Object(&[("trustDomain", ANY), ("path", ANY)]),
    ),
    (
        "provider",
        Node::Object(&[
            ("type", ANY),
            (
                "bundled",
                Node::Object(&[
                    ("meshTrustCreation", ANY),
                    ("insecureAllowSelfSigned", ANY),
                    ("certificateParameters", Node::Object(&[("expiry", ANY)])),
                    ("autogenerate", Node::Object(&[("enabled", ANY)])),
                    (
                        "ca",
                        Node::Object(&[
                            ("certificate", SECURE_DATA_SOURCE),
                            ("privateKey", SECURE_DATA_SOURCE),
                        ]),
                    ),
                ]),
            ),
            (
                "spire",
                Node::Object(&[("agent", Node::Object(&[("timeout", ANY)]))]),
            ),
            // `config` is free JSON (`x-kubernetes-preserve-unknown-fields`).
            ("extension", Node::Object(&[("name", ANY), ("config", ANY)])),
        ]),
    ),
]);

/// `SecureDataSource` (`api/common/v1alpha1/datasource/datasource.go`).
const SECURE_DATA_SOURCE: Node = Node::Object(&[
    ("type", ANY),
    ("file", Node::Object(&[("path", ANY)])),
    ("envVar", Node::Object(&[("name", ANY)])),
    ("insecureInline", Node::Object(&[("value", ANY)])),
    ("secretRef", Node::Object(&[("kind", ANY), ("name", ANY)])),
]);

/// MeshTrust (`pkg/core/resources/apis/meshtrust/api/v1alpha1/meshtrust.go`, its `rest.yaml`).
const MESH_TRUST: Node = Node::Object(&[
    (
        "caBundles",
        Node::List(&Node::Object(&[
            ("type", ANY),
            ("pem", Node::Object(&[("value", ANY)])),
        ])),
    ),
    ("trustDomain", ANY),
    ("origin", Node::Object(&[("kri", ANY)])),
]);

const TLS_CONF: Node = Node::Object(&[
    ("mode", ANY),
    ("tlsVersion", Node::Object(&[("min", ANY), ("max", ANY)])),
    ("tlsCiphers", ANY),
]);

/// MeshTLS (`pkg/plugins/policies/meshtls/api/v1alpha1/meshtls.go`, its `rest.yaml`).
const MESH_TLS: Node = Node::Object(&[
    ("targetRef", TARGET_REF),
    (
        "from",
        Node::List(&Node::Object(&[
            ("targetRef", TARGET_REF),
            ("default", TLS_CONF),
        ])),
    ),
    ("rules", Node::List(&Node::Object(&[("default", TLS_CONF)]))),
]);

/// A `rules` peer of a MeshTrafficPermission.
const PEER: Node = Node::Object(&[
    ("spiffeID", Node::Object(&[("type", ANY), ("value", ANY)])),
    ("sni", Node::Object(&[("type", ANY), ("value", ANY)])),
]);

/// MeshTrafficPermission (`pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/meshtrafficpermission.go`,
/// its `rest.yaml`; `api/common/v1alpha1/match.go`).
const MESH_TRAFFIC_PERMISSION: Node = Node::Object(&[
    ("targetRef", TARGET_REF),
    (
        "from",
        Node::List(&Node::Object(&[
            ("targetRef", TARGET_REF),
            ("default", Node::Object(&[("action", ANY)])),
        ])),
    ),
    (
        "rules",
        Node::List(&Node::Object(&[(
            "default",
            Node::Object(&[
                ("allow", Node::List(&PEER)),
                ("deny", Node::List(&PEER)),
                ("allowWithShadowDeny", Node::List(&PEER)),
            ]),
        )])),
    ),
]);

/// A TrafficPermission's sources or destinations: `match` tags.
const SELECTORS: Node = Node::List(&Node::Object(&[("match", STRINGS)]));

/// The legacy TrafficPermission's fields (`api/mesh/v1alpha1/traffic_permission.proto`).
const TRAFFIC_PERMISSION: [(&str, Node); 2] = [("sources", SELECTORS), ("destinations", SELECTORS)];

macro_rules! kubernetes {
    ($spec:expr) => {
        Node::Object(&[
            ("apiVersion", ANY),
            ("kind", ANY),
            ("metadata", ANY),
            ("spec", $spec),
            ("status", ANY),
        ])
    };
}

macro_rules! universal {
    ($($field:expr),*) => {
        Node::Object(&[
            ("type", ANY),
            ("name", ANY),
            ("mesh", ANY),
            ("labels", STRINGS),
            ("creationTime", ANY),
            ("modificationTime", ANY),
            ("kri", ANY),
            ("status", ANY),
            $($field),*
        ])
    };
}

const K8S_IDENTITY: Node = kubernetes!(MESH_IDENTITY);
const K8S_TRUST: Node = kubernetes!(MESH_TRUST);
const K8S_TLS: Node = kubernetes!(MESH_TLS);
const K8S_PERMISSION: Node = kubernetes!(MESH_TRAFFIC_PERMISSION);
/// The TrafficPermission CRD names its mesh at the top level (`kuma.io_trafficpermissions.yaml`).
const K8S_LEGACY: Node = Node::Object(&[
    ("apiVersion", ANY),
    ("kind", ANY),
    ("mesh", ANY),
    ("metadata", ANY),
    ("spec", Node::Object(&TRAFFIC_PERMISSION)),
]);
const UNI_IDENTITY: Node = universal!(("spec", MESH_IDENTITY));
const UNI_TRUST: Node = universal!(("spec", MESH_TRUST));
const UNI_TLS: Node = universal!(("spec", MESH_TLS));
const UNI_PERMISSION: Node = universal!(("spec", MESH_TRAFFIC_PERMISSION));
const UNI_LEGACY: Node = universal!(TRAFFIC_PERMISSION[0], TRAFFIC_PERMISSION[1]);

/// The whole object of a policy of `kind` in `shape`.
pub(crate) fn policy(shape: Shape, kind: PolicyKind) -> Node {
    match (shape, kind) {
        (Shape::Kubernetes, PolicyKind::Identity) => K8S_IDENTITY,
        (Shape::Kubernetes, PolicyKind::Trust) => K8S_TRUST,
        (Shape::Kubernetes, PolicyKind::Tls) => K8S_TLS,
        (Shape::Kubernetes, PolicyKind::Permission) => K8S_PERMISSION,
        (Shape::Kubernetes, PolicyKind::LegacyPermission) => K8S_LEGACY,
        (Shape::Universal, PolicyKind::Identity) => UNI_IDENTITY,
        (Shape::Universal, PolicyKind::Trust) => UNI_TRUST,
        (Shape::Universal, PolicyKind::Tls) => UNI_TLS,
        (Shape::Universal, PolicyKind::Permission) => UNI_PERMISSION,
        (Shape::Universal, PolicyKind::LegacyPermission) => UNI_LEGACY,
    }
}
