//! Each gate in words, written once: its kind as reports name it, the condition it waits for, the
//! code and message when proxies block it, what "unknown" means for it, and what to say when it
//! cannot be checked. Reports, findings and `wait`'s progress all read these.

use super::{Gate, PolicyRef, names_of};
use crate::diag::codes::Code;
use crate::diag::quoted;

/// A gate in words.
pub(crate) struct Words {
    /// What must hold, as a sentence about every in-scope proxy.
    pub condition: String,
    /// The waiting code of the proxies that block it.
    pub code: Code,
    /// What the step does, before the count of blocking proxies (`switching to \`b\``).
    pub doing: String,
    /// After the count: the singular and plural verb phrase of a blocking proxy.
    pub blocked: (&'static str, &'static str),
    /// After the verb phrase, for one and for several proxies.
    pub tail: (String, String),
    /// The field the finding points at in the Mesh (`""`: the document).
    pub field: &'static str,
    pub label: String,
    pub help: &'static str,
    /// What an in-scope proxy lacks when its readiness is unknown.
    pub unknown: &'static str,
    /// `gate-unchecked` when no state was given: the step, and the field it points at.
    pub unchecked: String,
    /// `gate-unchecked` when the state cannot date the change the gate waits for: the message
    /// and its help (`None`: the gate needs no time).
    pub untimed: Option<(String, &'static str)>,
}

impl Gate {
    /// This gate in words.
    pub(crate) fn words(&self) -> Words {
        match self {
            Gate::Switch(to) => switch(to),
            Gate::Remove(removed) => remove(removed),
            Gate::Strict(backend) => strict(backend),
            Gate::Converged => converged(),
            Gate::Authorized { .. } => authorized(),
            Gate::Trusted { trusts, .. } => trusted(trusts),
            Gate::Issued(identities) => issued(identities),
            Gate::Retired(identity) => retired(identity),
        }
    }
}

fn switch(to: &str) -> Words {
    Words {
        condition: format!("every in-scope proxy trusts `{to}`"),
        code: Code::NewBackendNotTrusted,
        doing: format!("switching to `{to}`"),
        blocked: ("in-scope proxy does not", "in-scope proxies do not"),
        tail: both(format!("trust `{to}` yet")),
        field: "mtls.enabledBackend",
        label: format!("not every proxy trusts `{to}` yet"),
        help: "wait until every proxy lists the new backend in supportedBackends, then run again",
        unknown: "no mTLS state",
        unchecked: format!("switching enabledBackend to `{to}`"),
        untimed: None,
    }
}

fn remove(removed: &[String]) -> Words {
    Words {
        condition: format!(
            "no in-scope proxy holds a certificate from {}",
            quoted(removed)
        ),
        code: Code::OldBackendStillIssued,
        doing: format!("removing {}", quoted(removed)),
        blocked: ("in-scope proxy still holds", "in-scope proxies still hold"),
        tail: both("certificates from it".to_string()),
        field: "mtls.backends",
        label: "still issued to proxies".to_string(),
        help: "wait until no proxy reports the removed backend as issuedBackend, then run again",
        unknown: "no mTLS state",
        unchecked: format!("removing backend {}", quoted(removed)),
        untimed: None,
    }
}

fn strict(backend: &str) -> Words {
    Words {
        condition: format!(
            "every in-scope proxy, and every registration of a service, holds a certificate from `{backend}`"
        ),
        code: Code::StrictNotReady,
        doing: format!("going STRICT on `{backend}`"),
        blocked: ("registration holds", "registrations hold"),
        tail: both(format!("no certificate from `{backend}` yet")),
        field: "mtls.enabledBackend",
        label: "not every proxy holds a certificate yet".to_string(),
        help: "wait until every proxy reports the enabled backend as issuedBackend, then run again",
        unknown: "no certificate time or acknowledged configuration",
        unchecked: format!("going STRICT on `{backend}`"),
        untimed: None,
    }
}

fn authorized() -> Words {
    Words {
        condition: "every in-scope proxy acknowledged a configuration after the allow-identities MeshTrafficPermissions were stored".to_string(),
        code: Code::ConfigNotConverged,
        doing: "giving proxies a new identity".to_string(),
        blocked: ("in-scope proxy has", "in-scope proxies have"),
        tail: both("not acknowledged a configuration with the allow-identities policies".to_string()),
        field: "",
        label: "not every proxy runs the new policies".to_string(),
        help: "wait until every proxy has acknowledged a configuration after the policies were stored, then run again",
        unknown: "no acknowledged configuration",
        unchecked: "giving proxies a new identity".to_string(),
        untimed: Some((
            "the allow-identities MeshTrafficPermissions must reach every proxy before any proxy changes identity, and when they were stored is not known".to_string(),
            "read them with their creation time (`kumactl get meshtrafficpermissions -m MESH -o yaml`, `kubectl get meshtrafficpermissions -A -o yaml`, or `meshctl snapshot`)",
        )),
    }
}

fn converged() -> Words {
    Words {
        condition:
            "every in-scope proxy acknowledged the configuration of the Mesh's last change"
                .to_string(),
        code: Code::ConfigNotConverged,
        doing: "turning mTLS off".to_string(),
        blocked: ("in-scope proxy has", "in-scope proxies have"),
        tail: both("not acknowledged the configuration of the Mesh's last change".to_string()),
        field: "",
        label: "not every proxy runs the last configuration".to_string(),
        help: "wait until every proxy has acknowledged the PERMISSIVE configuration, then run again",
        unknown: "no acknowledged configuration",
        unchecked: "turning mTLS off".to_string(),
        untimed: Some((
            "turning mTLS off is safe only once every proxy runs the configuration of the Mesh's last change, and when that change was is not known".to_string(),
            "give --changed-at RFC3339, or read the Mesh with its change time: Universal `modificationTime` (kumactl get mesh, the REST API, meshctl snapshot) or Kubernetes `managedFields` (`kubectl get mesh -o yaml --show-managed-fields`)",
        )),
    }
}

fn trusted(trusts: &[PolicyRef]) -> Words {
    Words {
        condition: format!(
            "every in-scope proxy runs a configuration made since {} appeared",
            names_of(trusts)
        ),
        code: Code::NewBackendNotTrusted,
        doing: "widening the MeshIdentity".to_string(),
        blocked: ("in-scope proxy has", "in-scope proxies have"),
        tail: (
            format!(
                "not acknowledged a configuration made since {} appeared, or does not list it in supportedBackends",
                names_of(trusts)
            ),
            format!(
                "not acknowledged a configuration made since {} appeared, or do not list it in supportedBackends",
                names_of(trusts)
            ),
        ),
        field: "",
        label: "not every proxy trusts the new CA yet".to_string(),
        help: "wait until every proxy has received the new MeshTrusts (kumactl inspect dataplanes: lastUpdateTime, supportedBackends), then run again",
        unknown: "no acknowledged configuration or trust bundle",
        unchecked: format!(
            "widening the MeshIdentity once {} reached every proxy",
            names_of(trusts)
        ),
        untimed: Some((
            format!(
                "widening the MeshIdentity is safe only once every proxy runs a configuration made since {} appeared, and when that was is not known",
                names_of(trusts)
            ),
            "read the MeshTrusts with their creation time (`kubectl get meshtrusts -A -o yaml`, `kumactl get meshtrusts -m MESH -o yaml`) into --current, or give --changed-at RFC3339: when the last of them was created",
        )),
    }
}

fn issued(identities: &[PolicyRef]) -> Words {
    Words {
        condition: format!(
            "every in-scope proxy holds a certificate from {}",
            names_of(identities)
        ),
        code: Code::OldBackendStillIssued,
        doing: "removing mtls".to_string(),
        blocked: ("in-scope proxy holds", "in-scope proxies hold"),
        tail: both(format!("no certificate from {} yet", names_of(identities))),
        field: "",
        label: "proxies still rely on Mesh.mtls".to_string(),
        help: "wait until every proxy reports the identity's KRI as issuedBackend, then run again",
        unknown: "no mTLS state",
        unchecked: format!(
            "removing mtls once every proxy holds a certificate from {}",
            names_of(identities)
        ),
        untimed: None,
    }
}

fn retired(identity: &PolicyRef) -> Words {
    Words {
        condition: format!("no in-scope proxy holds a certificate from {identity}"),
        code: Code::OldBackendStillIssued,
        doing: format!("deleting {identity}"),
        blocked: ("in-scope proxy still holds", "in-scope proxies still hold"),
        tail: both("certificates from it".to_string()),
        field: "",
        label: "still issued to proxies".to_string(),
        help: "wait until no proxy reports the identity's KRI as issuedBackend, then run again",
        unknown: "no mTLS state",
        unchecked: format!("deleting {identity}"),
        untimed: None,
    }
}

fn both(tail: String) -> (String, String) {
    (tail.clone(), tail)
}
