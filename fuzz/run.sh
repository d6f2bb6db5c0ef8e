#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, seeded from fixtures/. Outside .ci/run:
# cargo-fuzz needs nightly flags, which RUSTC_BOOTSTRAP=1 allows on the stable toolchain.
# A crash is saved under fuzz/artifacts/TARGET/; turn it into a regression test before fixing.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mesh_reader state_reader certificate_reader)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

seed() {
  local dir=fuzz/corpus/$1
  mkdir -p "$dir"
  shift
  for f in "$@"; do cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; done
}
seed mesh_reader fixtures/rotation/*/*.yaml fixtures/rotation/*/*.json fixtures/lint/*.yaml fixtures/transition/*.yaml fixtures/ca/*.yaml
seed state_reader fixtures/state/*/*.json fixtures/state/*/*.yaml ../shared/reference/kuma/kumactl-inspect-*.golden.json ../shared/reference/kuma/rest-*.json
seed certificate_reader fixtures/ca/*.crt fixtures/ca/*.key

for target in "${targets[@]}"; do
  echo "== $target for ${seconds}s"
  cargo fuzz run --release "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=10
done
