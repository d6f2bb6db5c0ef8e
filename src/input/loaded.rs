//! One input read as a Mesh: the Mesh picked from it (`--mesh`, or the only one), and the
//! Secrets and MeshIdentity, MeshTrust and MeshTLS policies of that mesh beside it.

use std::rc::Rc;

use crate::diag::error::InputError;
use crate::input::identity::PolicyDoc;
use crate::input::manifest::{self, ManifestFile, MeshDoc};
use crate::input::secret::{Material, SecretDoc};
use crate::input::source::Source;

/// A Mesh read from one input, with what sits beside it.
#[derive(Clone)]
pub struct Loaded {
    pub file: Rc<ManifestFile>,
    pub mesh: MeshDoc,
    pub secrets: Vec<SecretDoc>,
    /// The MeshIdentity, MeshTrust and MeshTLS policies of this Mesh.
    pub policies: Vec<PolicyDoc>,
    /// The MeshTrafficPermissions and TrafficPermissions of this Mesh beside it.
    pub permissions: Vec<PolicyDoc>,
    /// They are every one of the mesh's: the file is a `meshctl snapshot` that says so (live
    /// mode reads them all).
    pub permissions_complete: bool,
    /// The Kuma version a snapshot recorded (`kumaVersion` in its header).
    pub kuma_version: Option<String>,
}

impl Loaded {
    /// Parses `source` and picks its Mesh: `mesh` when given, else the only one.
    pub fn parse(source: Source, mesh: Option<&str>) -> Result<Self, InputError> {
        let file = ManifestFile::parse(source)?;
        let contents = manifest::contents(&file)?;
        let mut mesh = manifest::select_mesh(&file, &contents.meshes, mesh)?;
        // A snapshot says which store served the Mesh.
        let store = file
            .documents
            .first()
            .and_then(|d| d.get("meshctl"))
            .and_then(|h| h.get("store"))
            .and_then(|s| s.as_str());
        if let Some(store) = store {
            mesh.last_change = mesh.last_change.served_by(store);
        }
        let header = file.documents.first().and_then(|d| d.get("meshctl"));
        let permissions_complete = header
            .and_then(|h| h.get("permissions"))
            .and_then(|p| p.as_str())
            == Some("complete");
        let kuma_version = header
            .and_then(|h| h.get("kumaVersion"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let (permissions, policies): (Vec<PolicyDoc>, Vec<PolicyDoc>) = contents
            .policies
            .into_iter()
            .filter(|p| p.mesh == mesh.name)
            .partition(|p| p.kind.authorizes());
        Ok(Self {
            file,
            mesh,
            secrets: contents.secrets,
            policies,
            permissions,
            permissions_complete,
            kuma_version,
        })
    }

    /// The file's name as diagnostics give it.
    pub fn name(&self) -> &str {
        self.file.name()
    }
}

impl Material {
    /// The Secrets beside the Meshes of `loaded`, and no files.
    pub fn beside(loaded: &[&Loaded]) -> Self {
        Self {
            secrets: loaded
                .iter()
                .flat_map(|l| l.secrets.iter().cloned())
                .collect(),
            files: std::collections::BTreeMap::new(),
        }
    }
}
