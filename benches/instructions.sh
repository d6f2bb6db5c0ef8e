#!/usr/bin/env bash
# Counts the instructions (valgrind's cachegrind, no cache simulation) of meshctl's file gate and
# of serde_json's from_slice floor over the same generated state: a measure that does not move
# with the machine's load, for changes too small to show in wall time on a shared 2-vCPU VM
# (timings there vary by ±25% from run to run; instruction counts by well under 0.1%).
# Needs: cargo, valgrind. Usage: benches/instructions.sh [N] (default 10000 proxies);
# MESHCTL=path/to/meshctl counts another build.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --quiet --release --bin meshctl --example gen_state --example json_floor
bin=target/release
work=target/bench
mkdir -p "$work"
[ -f "$work/state-$n.json" ] || "$bin/examples/gen_state" "$n" > "$work/state-$n.json"
printf 'type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {name: ca-1, type: builtin}\n  - {name: ca-2, type: builtin}\n' > "$work/current.yaml"
sed 's/enabledBackend: ca-1/enabledBackend: ca-2/' "$work/current.yaml" > "$work/proposed.yaml"

# The gate's verdict exits 1 (proxies not ready): only the count matters here.
count() {
  { valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } |
    awk '/I *refs:/ {gsub(",", "", $NF); print $NF}'
}
gate=$(count "${MESHCTL:-$bin/meshctl}" validate --product kong-mesh --now 2026-11-27T12:00:00Z \
  --format json "$work/proposed.yaml" --current "$work/current.yaml" --state "$work/state-$n.json")
floor=$(count "$bin/examples/json_floor" "$work/state-$n.json")
python3 -c "
g, f, n = $gate, $floor, $n
print(f'| proxies | file gate | per proxy | from_slice floor | per proxy | gate ÷ floor |')
print(f'|---:|---:|---:|---:|---:|---:|')
print(f'| {n:,} | {g/1e6:.1f} M | {g/n:,.0f} | {f/1e6:.1f} M | {f/n:,.0f} | {g/f:.2f}x |')
"
