//! The README documents every diagnostic code; this keeps its table generated from the registry.

const BEGIN: &str = "<!-- codes:begin -->\n";
const END: &str = "<!-- codes:end -->";

#[test]
fn readme_lists_every_code_from_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let start = readme.find(BEGIN).expect("codes:begin marker") + BEGIN.len();
    let end = readme.find(END).expect("codes:end marker");
    let table = meshctl::diag::codes::markdown_table();
    if readme[start..end] != table {
        if std::env::var_os("MESHCTL_BLESS").is_some() {
            let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
            std::fs::write(path, updated).expect("write README.md");
        } else {
            panic!("README.md's code table is stale; rerun with MESHCTL_BLESS=1 to regenerate it");
        }
    }
}
