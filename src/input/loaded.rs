//! One input read as a Mesh: the Mesh picked from it (`--mesh`, or the only one), and the
//! Secrets and MeshIdentity, MeshTrust and MeshTLS policies of that mesh beside it.

use std::rc::Rc;

use crate::diag::error::InputError;
use crate::input::identity::PolicyDoc;
use crate::input::manifest::{self, ManifestFile, MeshDoc};
use crate::input::secret::{Material, SecretDoc};
use crate::input::source::Source;

/// What one file of several holds.
pub struct Parsed {
    pub meshes: Vec<Loaded>,
    /// Documents of kinds meshctl does not read.
    pub others: usize,
    pub secrets: Vec<SecretDoc>,
    /// Every policy of the file, whatever its mesh.
    pub policies: Vec<PolicyDoc>,
}

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
        let mesh = manifest::select_mesh(&file, &contents.meshes, mesh)?;
        Ok(Self::beside(file, mesh, &contents))
    }

    /// Every Mesh of `source`, each with what sits beside it (none for a file of other kinds),
    /// and the file's other contents.
    pub fn parse_each(source: Source) -> Result<Parsed, InputError> {
        let file = ManifestFile::parse(source)?;
        let contents = manifest::contents_any(&file)?;
        let meshes = contents
            .meshes
            .iter()
            .map(|mesh| Self::beside(file.clone(), mesh.clone(), &contents))
            .collect();
        Ok(Parsed {
            meshes,
            others: contents.others,
            secrets: contents.secrets,
            policies: contents.policies,
        })
    }

    /// `mesh` of `file`, with the file's Secrets and that mesh's policies.
    fn beside(file: Rc<ManifestFile>, mut mesh: MeshDoc, contents: &manifest::Contents) -> Self {
        let header = file.documents.first().and_then(|d| d.get("meshctl"));
        // A snapshot says which store served the Mesh.
        if let Some(store) = header.and_then(|h| h.get("store")).and_then(|s| s.as_str()) {
            mesh.last_change = mesh.last_change.served_by(store);
        }
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
            .iter()
            .filter(|p| p.mesh == mesh.name)
            .cloned()
            .partition(|p| p.kind.authorizes());
        Self {
            file,
            mesh,
            secrets: contents.secrets.clone(),
            policies,
            permissions,
            permissions_complete,
            kuma_version,
        }
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
