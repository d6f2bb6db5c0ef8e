#!/usr/bin/env bash
# Benchmarks `meshctl validate` with a switch gate over generated overview JSON of 10, 1,000,
# 10,000 and 100,000 proxies, next to jq computing the same gate, the bare serde_json floor and
# cat. Prints a Markdown table (time, throughput, peak memory) for BENCHMARKS.md.
# Needs: cargo, /usr/bin/time; jq and hyperfine when installed (else fewer columns, fewer runs).
# Usage: benches/run.sh [SIZES...]   (default: 10 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 1000 10000 100000)

cargo build --quiet --release --bin meshctl --example gen_state --example json_floor
bin=target/release
work=target/bench
mkdir -p "$work"
cat > "$work/current.yaml" <<'YAML'
type: Mesh
name: default
mtls:
  enabledBackend: ca-1
  backends:
  - {name: ca-1, type: builtin}
  - {name: ca-2, type: builtin}
YAML
sed 's/enabledBackend: ca-1/enabledBackend: ca-2/' "$work/current.yaml" > "$work/proposed.yaml"

# The gate jq computes: connected proxies whose supportedBackends lack the new backend.
jq_gate='[.items[] | select(any(.dataplaneInsight.subscriptions[]?; .connectTime != null and .disconnectTime == null)) | select(((.dataplaneInsight.mTLS.supportedBackends // []) | index("ca-2")) == null) | .name] | length'

# Mean wall time in seconds of a command (hyperfine when present, else the best of 3).
seconds() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i -w 1 -r "${RUNS:-5}" --export-json "$work/h.json" "$1" >/dev/null 2>&1
    python3 -c "import json; print(json.load(open('$work/h.json'))['results'][0]['mean'])"
  else
    best=""
    for _ in 1 2 3; do
      /usr/bin/time -f %e -o "$work/t" sh -c "$1" >/dev/null 2>&1 || true
      t=$(tail -1 "$work/t")   # GNU time prefixes a note when the command exits non-zero
      best=$(python3 -c "print(min(float('$t'), float('${best:-$t}')))")
    done
    echo "$best"
  fi
}

# Peak resident memory in MB.
peak() {
  /usr/bin/time -f %M -o "$work/mem" sh -c "$1" >/dev/null 2>&1 || true
  tail -1 "$work/mem" | awk '{printf "%.1f", $1/1024}'
}

echo "| proxies | file | meshctl | throughput | peak memory | jq | jq peak | serde_json floor | cat |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  state="$work/state-$n.json"
  [ -s "$state" ] || "$bin/examples/gen_state" "$n" > "$state"
  mb=$(python3 -c "import os; print(os.path.getsize('$state')/1e6)")
  meshctl="$bin/meshctl validate --now 2026-11-27T12:00:00Z --format json $work/proposed.yaml --current $work/current.yaml --state $state"
  t_m=$(seconds "$meshctl")
  p_m=$(peak "$meshctl")
  t_f=$(seconds "$bin/examples/json_floor $state")
  t_c=$(seconds "cat $state")
  if command -v jq >/dev/null; then
    t_j=$(RUNS=3 seconds "jq '$jq_gate' $state")
    p_j=$(peak "jq '$jq_gate' $state")
  else
    t_j=nan p_j=nan
  fi
  python3 - "$n" "$mb" "$t_m" "$p_m" "$t_j" "$p_j" "$t_f" "$t_c" <<'PY'
import sys
n, mb, tm, pm, tj, pj, tf, tc = sys.argv[1:]
mb, tm, tj, tf, tc = float(mb), float(tm), float(tj), float(tf), float(tc)
ms = lambda t: f"{t*1000:.1f} ms" if t < 1 else f"{t:.2f} s"
ratio = lambda a, b: f" ({a/b:.1f}x)" if b > 0 and a == a else ""
size = f"{mb:.1f} MB" if mb >= 1 else f"{mb*1000:.0f} KB"
print(f"| {int(n):,} | {size} | {ms(tm)} | {mb/tm:.0f} MB/s | {pm} MB | {ms(tj) if tj == tj else 'n/a'}{ratio(tj, tm)} | {pj} MB | {ms(tf)}{ratio(tm, tf)} | {ms(tc)} |")
PY
done
