//! The registry of diagnostic codes: stable kebab-case name, family, default severity, summary and
//! long explanation. `explain`, the README table, SARIF rules and severity overrides all read it.

/// How much a finding weighs: an error fails the check (or holds the step, for a waiting code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which kind of check a code belongs to (also the JUnit test case it reports under).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Static,
    Certificate,
    Transition,
    Gate,
    /// An input meshctl could not read: not a check, but reported like one in CI formats.
    Input,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Static => "static",
            Family::Certificate => "certificate",
            Family::Transition => "transition",
            Family::Gate => "gate",
            Family::Input => "input",
        }
    }
}

/// Whether an error of a code holds a step only until the state catches up (`waits`) or refuses
/// it (`refuses`); the registry's fourth column.
#[allow(non_camel_case_types)]
#[derive(PartialEq, Eq)]
enum When {
    waits,
    #[allow(dead_code)] // Named in the registry; compared only against `waits`.
    refuses,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $family:ident, $severity:ident, $when:ident,
        $summary:literal, $explanation:literal; )*) => {
        /// A diagnostic code. Codes are never renamed: scripts and `--deny` lists rely on them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// The code in words for SARIF's rule `name` (`NewBackendNotTrusted`).
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => stringify!($variant)),* }
            }

            pub fn family(self) -> Family {
                match self { $(Code::$variant => Family::$family),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }

            /// A waiting code: the step becomes safe by itself once the proxies or the identities
            /// catch up, so `next-step`, `plan` and `wait` exit 3 on it (`validate` fails on it).
            pub fn waits(self) -> bool {
                match self { $(Code::$variant => When::$when == When::waits),* }
            }

            /// One line, for tables and SARIF rule descriptions.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),* }
            }

            /// What it means, why it matters and what to do, for `meshctl explain`.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explanation),* }
            }
        }
    };
}

codes! {
    DuplicateBackendName = "duplicate-backend-name", Static, Error, refuses,
        "Two backends share a name.",
        "Kuma rejects a Mesh whose `mtls.backends` has two entries with the same `name` (\"name is already used for another backend\"). Backend names identify a CA in proxy insights and in `enabledBackend`, so they must be unique. Rename or remove one of them.";
    UnknownEnabledBackend = "unknown-enabled-backend", Static, Error, refuses,
        "`enabledBackend` names no backend of the Mesh.",
        "`mtls.enabledBackend` must be the name of one of `mtls.backends` (Kuma: \"has to be set to one of the backends in the mesh\"). An empty value turns mTLS off. Fix the spelling or add the backend first, in an earlier change.";
    InvalidDuration = "invalid-duration", Static, Error, refuses,
        "A duration Kuma cannot parse, or `dpCert` without `rotation.expiration`.",
        "Kuma durations are one integer and one unit of y, w, d, h, m, s or ms (`24h`, `90d`; not `1h30m`, not empty). Kuma also rejects a `dpCert` that has no `rotation.expiration`, even when only `requestTimeout` was meant. `requestTimeout` fields are protobuf durations, which Kuma decodes with Go's duration grammar (`10s`, `0.5s`, `1m30s`, `500ms`).";
    UnknownBackendType = "unknown-backend-type", Static, Error, refuses,
        "A backend type Kuma has no plugin for.",
        "Backend `type` must be `builtin` or `provided`, or on Kong Mesh also `vault`, `acmpca` or `certmanager` (\"could not find installed plugin for this type\"). With `--product kuma` only the open-source types are accepted.";
    TooManyBackends = "too-many-backends", Static, Error, refuses,
        "Open-source Kuma allows only one backend.",
        "Kuma 2.x (open source) rejects a Mesh with more than one backend (\"cannot have more than 1 backends\"), so the three-step rotation needs Kong Mesh. This rule runs only with `--product kuma`. On Kuma, rotate by disabling mTLS, changing the backend and enabling it again, which interrupts traffic.";
    MissingCaSource = "missing-ca-source", Static, Error, refuses,
        "A `provided` backend without `conf.cert` or `conf.key`.",
        "A `provided` backend takes its CA from `conf.cert` (the certificate chain) and `conf.key` (its private key); Kuma rejects it when either is missing (\"has to be defined\").";
    InvalidDataSource = "invalid-data-source", Static, Error, refuses,
        "A DataSource with no variant, several variants or an empty value.",
        "A DataSource takes exactly one of `secret` (a mesh-scoped Secret name), `file` (a path on the control plane), `inline` (base64) or `inlineString`, with a non-empty value. `inline` must be valid base64.";
    ZoneEgressRequiresMtls = "zone-egress-requires-mtls", Static, Error, refuses,
        "`routing.zoneEgress` is on while mTLS is off.",
        "Kuma rejects a Mesh with `routing.zoneEgress: true` and no `mtls.enabledBackend` (\"has to be set when zoneEgress enabled\"). Keep mTLS on, or turn zone egress off in a separate change.";
    MeshNameTooLong = "mesh-name-too-long", Static, Error, refuses,
        "The Mesh name is longer than 63 characters.",
        "Kuma rejects Mesh names over 63 characters (\"cannot be longer than 63 characters\").";
    InvalidMeshName = "invalid-mesh-name", Static, Error, refuses,
        "The Mesh name is not a lowercase RFC 1123 subdomain.",
        "Kuma refuses a Mesh whose name has characters other than lowercase letters, digits, `-` and `.`, or that starts or ends with something else than a letter or digit (`Default`, `my_mesh`, `mesh-`): \"invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character\". Rename the Mesh (a new Mesh: its resources move with it).";
    InvalidBackendName = "invalid-backend-name", Static, Error, refuses,
        "A backend name that is empty or not a valid lowercase DNS name.",
        "Every backend needs a name. A `builtin` backend's name becomes part of the Secret names `<mesh>.ca-builtin-cert-<name>`, so Kuma requires a lowercase DNS name (letters, digits, `_` and `-`) and at most 255 characters for that Secret name. On Kubernetes the Secret must also be a valid object name (no `_`): Kuma would accept the Mesh and never create its CA.";
    InvalidBackendConf = "invalid-backend-conf", Static, Error, refuses,
        "A backend `conf` that does not convert to its type's configuration.",
        "Kuma converts a backend's `conf` to the typed configuration of its type and rejects the Mesh when that fails (\"could not convert backend config\"): `conf` must be an object, and for `builtin` `caCert` an object with `RSAbits` an unsigned 32-bit integer and `expiration` a string. Unknown fields are allowed. With `mtls.skipValidation: true` Kuma skips the check, and meshctl reports it as a warning unless the backend is the enabled one.";
    UnknownField = "unknown-field", Static, Warning, refuses,
        "A key Kuma does not read: a typo it would silently ignore.",
        "Kuma accepts and ignores keys it does not know (jsonpb with `AllowUnknownFields` for the Mesh and TrafficPermission, `pkg/util/proto/proto.go`; the Kubernetes API server prunes them from the CRDs of the newer policies), so `mdoe: PERMISSIVE` leaves a backend STRICT and `enabledBackned` leaves mTLS as it was, without a word. meshctl knows the keys of the Mesh's spec, `mtls`, backends and every backend type's `conf` (Kuma's protos; Kong Mesh's documented `vault`, `acmpca` and `certmanager`), and of the MeshIdentity, MeshTrust, MeshTLS, MeshTrafficPermission and TrafficPermission specs (Kuma's CRD schemas), and names the closest known key. Snake_case spellings (`enabled_backend`) are not Kuma's field names and are reported too. `--deny unknown-field` makes it an error.";
    InvalidMeshIdentity = "invalid-mesh-identity", Static, Error, refuses,
        "Kuma's admission rejects this MeshIdentity.",
        "Kuma validates a MeshIdentity when it is applied: `spiffeID.trustDomain` and `spiffeID.path` must parse as Go templates (with `label`), `provider.type` is Bundled, Spire or Extension and its section must be there, `bundled.meshTrustCreation` is Enabled or Disabled, an autogenerated CA takes no `ca`, a provided one needs `ca.certificate` and `ca.privateKey` as valid SecureDataSources (File paths absolute, without `..`), and an Extension needs a name. Each finding names the field and gives Kuma's own words.";
    InvalidMeshTrust = "invalid-mesh-trust", Static, Error, refuses,
        "Kuma's admission rejects this MeshTrust.",
        "A MeshTrust needs a `trustDomain` (at most 253 characters) and at least one `caBundles` entry of type Pem whose value starts with a PEM block that is not a private key. Kuma rejects anything else when it is applied.";
    InvalidMeshTls = "invalid-mesh-tls", Static, Error, refuses,
        "Kuma's admission rejects this MeshTLS.",
        "A MeshTLS sets `mode` to Strict or Permissive in `rules[].default` (or the older `from[].default`), and may not have both `rules` and `from`.";
    InvalidMeshTrafficPermission = "invalid-mesh-traffic-permission", Static, Error, refuses,
        "Kuma's admission rejects this MeshTrafficPermission.",
        "A MeshTrafficPermission has `from` or `rules`, never both; each `from` entry has an `action`; each `rules` entry allows or denies something; a `spiffeID` is a valid SPIFFE ID (no trailing slash, lowercase trust domain); top-level `targetRef` kinds are Mesh, MeshSubset, MeshService, MeshServiceSubset and Dataplane (`meshtrafficpermission/api/v1alpha1/validator.go`, release-2.14).";

    CaUnreadable = "ca-unreadable", Certificate, Error, refuses,
        "The CA certificate or key cannot be parsed.",
        "The CA material must be PEM: one or more CERTIFICATE blocks for `cert` and one private key (PKCS#1, PKCS#8 or SEC1 with its curve) for `key`, read as Go's crypto/x509 reads them: it refuses a negative serial number, a critical subject key identifier, duplicate extensions and a SEC1 key without its curve. Kuma fails with \"not a valid TLS key pair\" or \"not a valid x509 certificate\".";
    CaNotCa = "ca-not-ca", Certificate, Error, refuses,
        "A certificate of the CA chain lacks the CA basic constraint.",
        "Every certificate of a provided CA chain must have basic constraints `CA:true` (X509-SVID 4.1). Kuma rejects the backend otherwise.";
    CaMissingKeyCertSign = "ca-missing-key-cert-sign", Certificate, Error, refuses,
        "A CA certificate lacks the keyCertSign key usage.",
        "Every certificate of a provided CA chain must allow keyCertSign (X509-SVID 4.3); without it proxies reject the certificates it signs.";
    CaKeyAgreementSet = "ca-key-agreement-set", Certificate, Error, refuses,
        "A CA certificate has the keyAgreement key usage.",
        "Kuma rejects CA certificates with keyAgreement set (X509-SVID Appendix A).";
    CaKeyMismatch = "ca-key-mismatch", Certificate, Error, refuses,
        "The private key does not match the first certificate.",
        "The key of a provided backend must belong to the first certificate of `cert` (\"tls: private key does not match public key\"). Check the order of the chain and that cert and key come from the same CA.";
    CaExpired = "ca-expired", Certificate, Error, refuses,
        "A CA certificate has expired.",
        "Kuma does not check CA expiry: an expired CA is accepted and every certificate it signs is rejected by the proxies. Use a valid CA.";
    CaNotYetValid = "ca-not-yet-valid", Certificate, Error, refuses,
        "A CA certificate is not valid yet.",
        "The certificate's notBefore is after now (or `--now`); certificates it signs would be rejected until then.";
    CaExpiresSoon = "ca-expires-soon", Certificate, Warning, refuses,
        "A CA certificate expires within `--min-ca-validity` (default 60d).",
        "The CA will have to be rotated again soon. Kuma never renews a CA by itself. Raise or lower the threshold with `--min-ca-validity`.";
    CaOutlivedByProxyCerts = "ca-outlived-by-proxy-certs", Certificate, Error, refuses,
        "The CA expires before a proxy certificate issued now would.",
        "Proxy certificates live `dpCert.rotation.expiration` (24h by default). A CA that ends sooner makes them invalid before their rotation.";
    CaWeakKey = "ca-weak-key", Certificate, Error, refuses,
        "RSA under 2048 bits, or a curve other than P-256, P-384 or P-521.",
        "Weak CA keys undermine every certificate of the mesh. Use RSA of 2048 bits or more, or ECDSA on P-256/P-384/P-521.";
    CaWeakSignature = "ca-weak-signature", Certificate, Error, refuses,
        "A CA certificate signed by another with SHA-1 or MD5.",
        "SHA-1 and MD5 signatures are forgeable and rejected by modern TLS stacks. Re-issue the CA with SHA-256 or better. A self-signed root's signature on itself is not checked by anyone (the root is trusted as it is), so it is not reported.";
    CaChainIncomplete = "ca-chain-incomplete", Certificate, Error, refuses,
        "A chain certificate is not signed by the next one, or no self-signed root ends it.",
        "`cert` holds the CA first and its issuers after it. A certificate not signed by the next is an error: proxies verify peers against this bundle, so a gap breaks verification. A chain that ends with an intermediate (no self-signed root) is a warning: Envoy trusts a partial chain, but other verifiers (and a later root rotation) need the root.";
    CaNameConstraints = "ca-name-constraints", Certificate, Error, refuses,
        "A CA's name constraints exclude, or do not permit, the URIs of the certificates Kuma issues.",
        "Kuma issues proxy certificates with the URI SANs `spiffe://<mesh>/<service>` and `kuma://kuma.io/...`. Go and BoringSSL (Envoy) enforce a CA's URI name constraints on every certificate below it: when the constraints permit URI hosts that do not include the mesh and `kuma.io`, or exclude them, every handshake fails. Issue the CA without URI constraints, or permit the mesh's name and `kuma.io`.";
    CaKeyInCert = "ca-key-in-cert", Certificate, Error, refuses,
        "The certificate's PEM also holds a private key.",
        "Kuma sends a provided backend's `cert` material to every proxy as its trusted CA bundle, as it is: a private key in it would reach every pod. Keep only CERTIFICATE blocks in `cert` and the key in `key`, and replace a key that was published this way. meshctl never prints the key.";
    CaSelfSignedNotAllowed = "ca-self-signed-not-allowed", Certificate, Error, refuses,
        "A MeshIdentity's CA is self-signed without `insecureAllowSelfSigned: true`.",
        "Kuma's Bundled provider refuses a self-signed CA (an autogenerated one is always self-signed) unless the identity sets `provider.bundled.insecureAllowSelfSigned: true`: the identity's Provider condition turns False and no proxy gets a certificate from it. The MeshIdentity is accepted at apply, so only this check says so before the migration or rotation waits on an identity that never becomes Ready.";
    CaReused = "ca-reused", Certificate, Warning, refuses,
        "The new backend's key or subject equals an existing backend's.",
        "A rotation to the same key gains nothing, and a repeated subject makes certificates of both CAs hard to tell apart in chains and logs.";
    SecretUnresolved = "secret-unresolved", Certificate, Warning, refuses,
        "A referenced Secret or file was not given; its checks were skipped.",
        "Pass the Secrets with `--secrets FILE` (Kubernetes `kind: Secret` or Universal `type: Secret`), or put them in the same input, so the CA can be checked before it is applied.";

    SwitchToUnaddedBackend = "switch-to-unadded-backend", Transition, Error, refuses,
        "The change switches to a backend that is not in the current Mesh.",
        "Adding a backend and switching to it in one change gives proxies no time to trust the new CA: proxies with new certificates meet proxies that do not trust them yet. Add the backend first, wait for every proxy to trust it (`meshctl next-step`), then switch.";
    SwitchAndRemove = "switch-and-remove", Transition, Error, refuses,
        "The change switches away from a backend and removes it at once.",
        "Proxies still holding certificates from the old backend would meet proxies that no longer trust it. Switch first, wait until no proxy holds an old certificate, then remove the old backend.";
    InPlaceCaChange = "in-place-ca-change", Transition, Error, refuses,
        "A backend keeps its name but changes its type or CA material.",
        "Kuma does not re-issue trust bundles when a backend's CA changes under the same name (and never regenerates a builtin CA), so proxies end up with certificates their peers cannot verify. Add the new CA as a backend with a new name and rotate to it.";
    ModeMismatch = "mode-mismatch", Transition, Warning, refuses,
        "The old and new backends differ in STRICT/PERMISSIVE mode.",
        "Switching between backends of different modes also turns plaintext acceptance on or off for every proxy. Change the mode in its own step.";
    MtlsDisabled = "mtls-disabled", Transition, Warning, refuses,
        "The change turns mTLS off.",
        "With an empty `enabledBackend` traffic between proxies is no longer encrypted or authenticated, and STRICT traffic permissions stop applying.";
    SwitchForbiddenOnKuma = "switch-forbidden-on-kuma", Transition, Error, refuses,
        "Open-source Kuma forbids changing `enabledBackend` while mTLS is on.",
        "Kuma 2.x answers \"Changing CA when mTLS is enabled is forbidden\". The three-step rotation needs Kong Mesh; on Kuma, disable mTLS first.";
    EnableIntoStrict = "enable-into-strict", Gate, Error, refuses,
        "The change turns mTLS on straight into STRICT mode.",
        "Proxies receive a new Mesh one at a time: a client that already has mTLS on in STRICT sends mTLS to servers that have no certificate yet, and a server that is already STRICT refuses the plaintext of clients that are not. Turn mTLS on in PERMISSIVE mode first (clients send mTLS to a service only once every instance of it holds a certificate: Kuma's TLS readiness), then go STRICT once every proxy holds a certificate. `meshctl next-step` plans exactly that.";
    DisableFromStrict = "disable-from-strict", Gate, Error, refuses,
        "The change turns mTLS off while the enabled backend is STRICT.",
        "A client that already has mTLS off sends plaintext to servers that are still STRICT and refuse it. Switch the backend to PERMISSIVE first, wait until every proxy has acknowledged that configuration, then turn mTLS off. `meshctl next-step` plans exactly that.";
    MeshManagedByGlobal = "mesh-managed-by-global", Transition, Error, refuses,
        "The Mesh was read from a zone, which refuses changes to a Mesh synced from global.",
        "A zone control plane of a multizone deployment holds a copy of each Mesh synced from the global control plane (label `kuma.io/origin: global`) and answers 405 to any change of it: the manifest of a step would not apply there. Read the Mesh from the global control plane (`--control-plane` pointed at global, or a file exported there) and apply each step on global, which syncs it to every zone.";
    MultipleSteps = "multiple-steps", Transition, Warning, refuses,
        "One change makes several rotation steps.",
        "Each step (add, switch, remove) must reach every proxy before the next is safe. Apply them one at a time; `meshctl next-step` emits each.";
    BuiltinCaSettings = "builtin-ca-settings", Transition, Info, refuses,
        "A builtin backend's `caCert` settings changed; Kuma applies them only when it creates a CA.",
        "Kuma creates a builtin CA once, when the backend first appears, and never regenerates it: a new `conf.caCert` (`RSAbits`, `expiration`) changes nothing for the existing CA. The change is planned as a setting. To get a CA with the new settings, add a backend under a new name and rotate to it.";
    UnrelatedChanges = "unrelated-changes", Transition, Warning, refuses,
        "The target differs from the current Mesh outside `mtls`.",
        "Rotation steps carry only `mtls` changes. Apply the other differences separately.";
    MeshservicesNotExclusive = "meshservices-not-exclusive", Transition, Error, refuses,
        "Moving to MeshIdentity needs `meshServices.mode: Exclusive` on Kuma 2.x.",
        "On Kuma 2.12 to 2.14 a MeshIdentity initializes only when the Mesh runs MeshServices exclusively (its status says `DependenciesReady=False`, `MeshServicesDisabled` otherwise), and clients validate a server's SPIFFE ID against its MeshService. Set `meshServices.mode: Exclusive` on the Mesh first, as its own change, and let the proxies converge.";
    MeshtlsPermissiveNeeded = "meshtls-permissive-needed", Transition, Warning, refuses,
        "A PERMISSIVE backend needs a MeshTLS Permissive before proxies move to MeshIdentity.",
        "Under a MeshIdentity a proxy's inbound mode comes from MeshTLS, and is Strict without one: a proxy that moves from a PERMISSIVE backend would start refusing plaintext clients. The first step of the migration adds a Mesh-wide MeshTLS with `mode: Permissive`; going Strict later is a change of its own.";
    LegacyCaUnavailable = "legacy-ca-unavailable", Transition, Warning, refuses,
        "The legacy CA is not given, so no MeshTrust for it can be written.",
        "Kuma's migration publishes the `Mesh.mtls` CA as a MeshTrust in the trust domain named after the mesh, so proxies keep trusting legacy certificates after `mtls` leaves the Mesh. meshctl writes it from the builtin CA's Secret (`<mesh>.ca-builtin-cert-<backend>`) or a provided backend's `conf.cert`; pass the Secret with --secrets, or put the MeshTrust in the target. While `mtls` is enabled Kuma 2.13+ bridges the legacy CA by itself, and the gates wait until no proxy holds a legacy certificate before `mtls` is removed.";
    IdentityLosesSelection = "identity-loses-selection", Transition, Error, refuses,
        "The new MeshIdentity would not win Kuma's selection for the proxies it should take.",
        "Kuma gives a proxy the identity with the most `matchLabels` keys among those that select it, then the smaller stored name (`<name>.<namespace>` on Kubernetes, `<name>-<hash>` for a zone's copy of a global one): readiness is not considered. A successor or issuing identity that loses to another one never issues, so the gate that waits on it would never pass. Rename it, or give it more labels.";
    IdentitySpiffeIdChanged = "identity-spiffe-id-changed", Transition, Error, refuses,
        "A successor MeshIdentity changes the SPIFFE IDs.",
        "Rotating a MeshIdentity's CA keeps the identities: the successor must copy the old identity's `spiffeID` verbatim, or MeshTrafficPermissions and MeshService identities stop matching the proxies it moves. Change the SPIFFE IDs as a change of its own.";
    IdentityCaDeleted = "identity-ca-deleted", Transition, Warning, refuses,
        "Deleting an autogenerated MeshIdentity destroys its CA key.",
        "The Secrets `<name>-root-ca` and `<name>-private-key` of an autogenerated Bundled identity are owned by it and deleted with it: the step cannot be undone by applying the identity again (a new CA would be generated). The step is gated on no proxy holding a certificate from it.";

    NewBackendNotTrusted = "new-backend-not-trusted", Gate, Error, waits,
        "Switching while in-scope proxies do not trust the new backend yet.",
        "Before `enabledBackend` moves to B, every in-scope proxy must list B in `supportedBackends`; otherwise it rejects the certificates B signs. Wait and run again.";
    OldBackendStillIssued = "old-backend-still-issued", Gate, Error, waits,
        "Removing a backend that in-scope proxies still hold certificates from.",
        "After the old backend is removed, nobody trusts it; proxies still presenting its certificates lose mTLS. Wait until no in-scope proxy reports it as `issuedBackend`.";
    StrictNotReady = "strict-not-ready", Gate, Error, waits,
        "Going STRICT while in-scope proxies hold no certificate from the enabled backend.",
        "In STRICT mode a proxy refuses plaintext. A proxy without a certificate can only send plaintext, and a PERMISSIVE client sends mTLS to a service only once its configuration says the service is TLS-ready. So before the backend goes STRICT every in-scope proxy must hold a certificate from it (its insight's `issuedBackend`) and run a configuration acknowledged at least a minute after the newest certificate was issued (`lastUpdateTime` against the newest `lastCertificateRegeneration`: the control plane sees certificates in the insights and then pushes readiness). The finding names the proxies and their services. Wait and run again.";
    ConfigNotConverged = "config-not-converged", Gate, Error, waits,
        "Proxies have not acknowledged the configuration of the Mesh's last change.",
        "Turning mTLS off is safe only once every in-scope proxy runs the PERMISSIVE configuration, so that it accepts the plaintext of clients that turn mTLS off first. Convergence is judged from each proxy's newest subscription: `status.lastUpdateTime` at or after the Mesh's last change, and `responsesAcknowledged` equal to `responsesSent`. Wait and run again.";
    ZoneOffline = "zone-offline", Gate, Error, waits,
        "An enabled zone is disconnected from the global control plane.",
        "A zone disconnected from global does not receive the new Mesh, and global keeps its proxies' insights at their last values, still marked connected. Every gated step waits until every enabled zone is connected again (its newest subscription in `kumactl inspect zones` or `/zones/_overview` has no disconnect time). Give the zones with `--zones FILE` (or read them live on a global control plane). The finding names the zone, since when, and how many in-scope proxies of the state are in it.";
    ZoneEgressOffline = "zone-egress-offline", Gate, Error, waits,
        "A zone egress proxy is disconnected while the Mesh routes through zone egress.",
        "Zone egress proxies hold a certificate of every mTLS mesh and terminate the sidecars' mTLS to external services, but their insight carries no `mTLS`. With `routing.zoneEgress: true`, a switch or a removal waits while an egress is disconnected: it would keep the old trust and certificate. Give them with `--zone-egresses FILE` (`kumactl inspect zoneegresses -o json`), or read them live.";
    ZoneEgressNotConverged = "zone-egress-not-converged", Gate, Error, waits,
        "A zone egress has not acknowledged the configuration of the Mesh's last change.",
        "The convergence predicate of the mode gates, applied to zone egress proxies: the newest subscription's `status.lastUpdateTime` at or after the Mesh's last change and every response sent acknowledged. A switch or a removal waits until every egress runs the last configuration.";
    ZoneEgressUnchecked = "zone-egress-unchecked", Gate, Warning, refuses,
        "The Mesh routes through zone egress, and no zone egress state was given.",
        "With `routing.zoneEgress: true` the sidecars' mTLS to external services ends at zone egress proxies, which a switch or a removal must reach too. Pass `--zone-egresses FILE` (`kumactl inspect zoneegresses -o json`, `/zoneegresses/_overview`), or use live mode. Zone ingress is not read anywhere: it passes mTLS through by SNI and holds no mesh certificate.";
    ProxyStateUnknown = "proxy-state-unknown", Gate, Error, waits,
        "In-scope proxies report no mTLS state.",
        "Connected proxies without an `mTLS` insight cannot be shown to be ready.";
    OfflineCertificateUnknown = "offline-certificate-unknown", Gate, Error, waits,
        "Disconnected proxies left no certificate record, and may still serve with one.",
        "Kuma clears a proxy's `mTLS` insight when it disconnects (the watchdog drops its certificates before the status sink's last write), so a stopped or cut-off proxy looks like one that never had a certificate. It may still serve with the certificate and trust bundle it last received, and reject or present the wrong CA after a switch or a removal. A proxy with a connection history therefore holds the gate until its last certificate must have expired: its disconnect time plus the longest `dpCert` lifetime of the Mesh's backends. The finding says until when. If the proxies are known to be gone, `--ignore-offline` leaves them out; on Universal, Kuma deregisters a stopped proxy after `KUMA_XDS_DATAPLANE_DEREGISTRATION_DELAY` (10s) and it leaves the listing altogether.";
    ProxiesOffline = "proxies-offline", Gate, Warning, refuses,
        "Disconnected proxies: which still count, until when, and which were left out.",
        "A proxy cut off from the control plane keeps serving with its last configuration until its certificate expires, so it still counts in the gates. `--ignore-offline` leaves every disconnected proxy out.";
    InsightStale = "insight-stale", Gate, Warning, refuses,
        "A proxy's certificate and configuration predate the Mesh's last change, in a state observed too soon after it.",
        "The state may have been taken before the last step reached the proxies. Take it again a little later (live mode and `meshctl snapshot` record when it was observed); edits outside `mtls`, or the Mesh applied again unchanged, also move the Mesh's modification time and reach no proxy, hence a warning.";
    ConfigRejected = "config-rejected", Gate, Warning, refuses,
        "Connected proxies rejected a response from the control plane since they connected.",
        "Kuma writes a proxy's `mTLS` insight from what the control plane generated, not from what Envoy accepted: a rejected response (`responsesRejected`) leaves Envoy on its previous configuration, certificate or trust bundle while the insight shows the new one. Kuma counts rejections per connection, so the count clears only when the proxy reconnects. The gates hold for such proxies; this warning says so wherever the state is read.";
    PermissivePlaintextWindow = "permissive-plaintext-window", Gate, Warning, refuses,
        "Switching in PERMISSIVE mode lets clients fall back to plaintext for a while.",
        "In PERMISSIVE mode clients use TLS to a service only once every proxy of it holds a certificate from the enabled backend; until then they may send plaintext.";
    MeshIdentityManaged = "mesh-identity-managed", Gate, Error, refuses,
        "Proxies report MeshIdentity KRIs, not backend names.",
        "A MeshIdentity, not `Mesh.mtls`, is the identity source of these proxies; rotate through MeshTrust instead.";
    ProxyCertExpired = "proxy-cert-expired", Gate, Warning, refuses,
        "A proxy's certificate has expired.",
        "The proxy takes part in no mTLS until it reconnects and receives a new certificate.";
    StateEmpty = "state-empty", Gate, Error, refuses,
        "The state holds no proxy of this mesh.",
        "A gate is a claim about every proxy of the mesh, so a switch, a removal or a mode change is refused when the state holds none of its proxies: it is usually another mesh's listing (`kumactl inspect dataplanes` prints mesh `default` unless `--mesh` is given) or an empty export. Without a gated step it is a warning. The help names the meshes the state does hold. For a mesh that truly has no proxies, `--warn state-empty`.";
    StateIncomplete = "state-incomplete", Gate, Error, refuses,
        "The state covers fewer proxies than the listing declares.",
        "A gate passes only on evidence about every proxy. A REST page and `kumactl inspect dataplanes` declare `total`; fewer distinct proxies than that (kumactl prints only the API's first page of 100), pages that declare different totals (the listing changed while it was paged), a Kubernetes list with `metadata.continue` or `remainingItemCount`, or a MeshInsight that counts more proxies than the per-proxy state, all mean some proxies were not seen. Use `--control-plane URL` (live mode follows every page) or `meshctl snapshot`.";
    DuplicateProxies = "duplicate-proxies", Gate, Info, refuses,
        "Some proxies were read more than once and merged.",
        "The same proxy (mesh and name) in overlapping files or pages is one proxy: a gate counts it as ready only if every copy is ready, so the order of `--state` files never changes a verdict.";
    IdentityNotReady = "identity-not-ready", Gate, Error, waits,
        "A MeshIdentity the next step relies on is not Ready, or its MeshTrust is not stored.",
        "A MeshIdentity's status (written by each zone's control plane every 5 s) must say `Ready=True` before it selects proxies: a proxy selected by an identity that is not Ready gets no certificate from it. A Bundled identity that creates its MeshTrust must also say `MeshTrustCreated=True`, and the MeshTrusts of the step must be stored. Read them with `kubectl get meshidentities,meshtrusts -A -o yaml` (on each zone) into --current.";
    AuthorizationLost = "authorization-lost", Gate, Error, refuses,
        "A pair of proxies allowed to talk before the step is denied during or after it.",
        "Traffic stops when authorization stops allowing it, even when every handshake works. Kuma evaluates MeshTrafficPermission per server inbound: a `rules` policy on an inbound drops its `from` policies, a proxy under a MeshIdentity takes `rules` only (2.14), and a client under a MeshIdentity presents one SPIFFE ID that no `from` entry naming a service or tags matches. The finding names the pairs (`pairs` in JSON) and the policy that decides each afterwards.";
    AuthorizationOpened = "authorization-opened", Gate, Error, refuses,
        "A pair of proxies denied before the step is allowed during or after it.",
        "A change of identity or of policies may let through what was denied (a `Prefix` that matches more than it should, an inbound that loses its RBAC). Turning mTLS off opens every pair by design: there it is a warning.";
    AuthorizationDenyAll = "authorization-deny-all", Gate, Error, refuses,
        "mTLS would be enforced and no policy allows anything.",
        "Once a proxy runs Kuma TLS every inbound gets RBAC, and with no MeshTrafficPermission allowing a client (and no legacy TrafficPermission) it denies every call. Kuma 2.x creates no allow-all policy for new meshes.";
    AuthorizationEnforced = "authorization-enforced", Gate, Warning, refuses,
        "Turning mTLS on starts enforcing the policies: these pairs start being denied.",
        "Before mTLS no RBAC runs, so the policies are not enforced; after it, pairs they do not allow are denied.";
    AuthorizationInexpressible = "authorization-inexpressible", Gate, Error, refuses,
        "A `from` rule whose principals no `rules` matcher can express exactly.",
        "A `rules` matcher compares a SPIFFE ID (Exact or Prefix) with the client's comma-joined SANs: tags other than the service (`kuma://` SANs) and negations cannot be written, and a legacy client never matches an Exact. Decide whether to widen to the service or keep the legacy proxies on `from` until they move.";
    AuthorizationUnchecked = "authorization-unchecked", Gate, Error, refuses,
        "A step that changes authorization, with the policies or the proxies' labels not given.",
        "Judging authorization needs the complete set of MeshTrafficPermissions and TrafficPermissions (`--policies`, a `meshctl snapshot`, or live mode) and per-proxy state with each Dataplane (an overview listing, a snapshot, or live mode). Policies beside the Mesh alone prove nothing about the others.";
    UpgradeNoIdentity = "upgrade-no-identity", Gate, Error, refuses,
        "Proxies that would go plaintext on Kuma 3.0: no MeshIdentity issues to them.",
        "Kuma 3.0 makes `Mesh.mtls` inert: a proxy without a Ready MeshIdentity with a provider serves and accepts plaintext, and MeshTrafficPermission stops applying to it.";
    UpgradeLegacyCertificate = "upgrade-legacy-certificate", Gate, Error, refuses,
        "Proxies still hold a `Mesh.mtls` certificate, which Kuma 3.0 no longer trusts.",
        "Kuma 3.0 removes the bridge that lets MeshIdentity peers trust the mesh CA: proxies still on a legacy certificate are untrusted after the upgrade, with no rolling back.";
    SecretMissing = "secret-missing", Transition, Error, refuses,
        "A Secret the step's manifest names does not exist on the control plane.",
        "A backend's DataSource (`{secret: NAME}` in a provided, Vault, ACM PCA or cert-manager `conf`) or a MeshIdentity's `secretRef` names a Secret that must exist before the manifest is applied: Kuma refuses a Mesh whose CA it cannot load, and an identity whose CA Secret is missing never becomes Ready. In live mode `next-step` asks the control plane for each Secret the step names (the body is read and dropped, never kept or printed) and refuses the step until they exist; waiting does not make a Secret appear. Apply the Secrets the message names, then run again. Where the token may not read Secrets, the check is skipped and the report says so.";
    GateUnchecked = "gate-unchecked", Gate, Error, refuses,
        "A gated step with no observed state (or no known time of the Mesh's last change) to check it.",
        "Switching `enabledBackend`, removing a backend, going STRICT and turning mTLS off are safe only once every proxy has caught up. Pass the proxies' state (`--control-plane`, or `--state` with a `meshctl snapshot`), or `--warn gate-unchecked` where something else gates each step. Turning mTLS off also needs the time of the Mesh's last change: Universal `modificationTime`, Kubernetes `managedFields` (`kubectl get -o yaml --show-managed-fields`), or `--changed-at`.";
    InputError = "input-error", Input, Error, refuses,
        "An input meshctl could not read or use; nothing was checked (exit 2).",
        "A file that cannot be read or parsed, an ambiguous input (several Meshes and no --mesh), a control plane that did not answer, or a bad option. meshctl exits 2 and checks nothing; the SARIF and JUnit reports carry it as an error-level result so that a CI run never shows a clean analysis instead. Fix the input the message names and run again.";
}

impl Code {
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The README's code table, generated so that a test can keep the README in step.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| code | family | default | waits | what it means |\n|---|---|---|---|---|\n",
    );
    for code in Code::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            code.as_str(),
            code.family().as_str(),
            code.default_severity().as_str(),
            if code.waits() { "yes" } else { "" },
            code.summary().replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
            assert!(code.summary().ends_with('.'), "{code}");
            assert!(code.explanation().len() > 40, "{code}");
            // A waiting code holds a gated step: an error of the gate family.
            if code.waits() {
                assert_eq!(
                    (code.family(), code.default_severity()),
                    (Family::Gate, Severity::Error),
                    "{code}"
                );
            }
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
    }
}
