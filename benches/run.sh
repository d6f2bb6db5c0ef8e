#!/usr/bin/env bash
# Benchmarks meshctl's switch gate (enabledBackend ca-1 -> ca-2) over N generated proxies:
# - files: `meshctl validate --state FILE` next to jq computing the same gate, serde_json's
#   from_slice floor (the file read whole, every value ignored) and cat;
# - live: `meshctl validate --control-plane` and `meshctl snapshot -o` against a loopback control
#   plane of the project's own (examples/serve_pages.rs: pages of 1,000 as Kuma's API pages them),
#   next to curl fetching the same pages in one process (the transfer floor).
# Prints Markdown tables (median and range of RUNS runs, peak memory) for BENCHMARKS.md; the
# commands of a row take turns, one run each a round (jq runs 3 times after them).
# Needs: cargo, curl, /usr/bin/time; jq when installed (else n/a).
# Usage: benches/run.sh [SIZES...]   (default: 10 1000 10000 100000); RUNS=5 by default;
# MESHCTL=path/to/meshctl measures another build (an earlier commit's, for a before/after).
# CONTROL_PLANE=URL [MESH=default] [PRODUCT=kuma] measures only the live rows, against that
# control plane's own proxies (MESHCTL_TOKEN, when set, goes to curl as to meshctl): meshctl's
# share of a real listing, which the control plane's pace sets.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 1000 10000 100000)
runs=${RUNS:-5}

cargo build --quiet --release --bin meshctl --example gen_state --example json_floor --example serve_pages
bin=target/release
meshctl_bin=${MESHCTL:-$bin/meshctl}
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

# Wall seconds of N runs of a command (nanosecond clock; GNU time rounds to 10 ms): "median
# min max".
seconds() {
  local n=$1; shift
  for _ in $(seq "$n"); do
    local start end
    start=$(date +%s%N)
    sh -c "$1" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo $(( end - start )) | awk '{printf "%.6f\n", $1 / 1e9}'
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'
}

# N rounds of several commands, one run of each a round, so that a change in the machine's load
# (a shared VM's neighbours) falls on all of them alike: "median min max" of each command in
# $work/t.0, $work/t.1, … in the order given.
rounds() {
  local n=$1; shift
  local i
  for i in $(seq 0 $(( $# - 1 ))); do : > "$work/t.$i"; done
  for _ in $(seq "$n"); do
    i=0
    for cmd in "$@"; do
      seconds 1 "$cmd" | cut -d' ' -f1 >> "$work/t.$i"
      i=$(( i + 1 ))
    done
  done
  for i in $(seq 0 $(( $# - 1 ))); do
    sort -n "$work/t.$i" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}' > "$work/t.$i.sum"
    mv "$work/t.$i.sum" "$work/t.$i"
  done
}

thousands() { python3 -c "print(f'{$1:,}')"; }

# Peak resident memory in MB.
peak() {
  /usr/bin/time -f %M -o "$work/mem" sh -c "$1" >/dev/null 2>&1 || true
  tail -1 "$work/mem" | awk '{printf "%.1f", $1/1024}'
}

# "median (min–max)" of a "median min max" line, and the ratio of two medians.
row() {
  python3 - "$@" <<'PY'
import sys
kind, *rest = sys.argv[1:]
ms = lambda t: f"{t*1000:.0f} ms" if t >= 0.1 else f"{t*1000:.1f} ms" if t >= 0.001 else f"{t*1e6:.0f} µs"
if kind == "time":
    med, lo, hi = map(float, rest[0].split())
    print(f"{ms(med)} ({ms(lo)}–{ms(hi)})")
elif kind == "ratio":
    a, b = float(rest[0].split()[0]), float(rest[1].split()[0])
    print(f"{a/b:.1f}x" if b > 0 else "n/a")
PY
}

# The live rows against a control plane given, not the generated one.
if [ -n "${CONTROL_PLANE:-}" ]; then
  mesh=${MESH:-default}
  listing="$CONTROL_PLANE/meshes/$mesh/dataplanes/_overview"
  auth=()
  [ -z "${MESHCTL_TOKEN:-}" ] || auth=(-H "Authorization: Bearer $MESHCTL_TOKEN")
  n=$(curl -sf "${auth[@]}" "$listing?size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  # The pages meshctl asks for: the first without an offset, then each from one item before
  # the offset the page before names (so that a shift of the listing shows).
  printf 'url = "%s?size=1000"\noutput = /dev/null\n' "$listing" > "$work/curl.cfg"
  for offset in $(seq 999 999 $(( n - 2 ))); do
    printf 'url = "%s?offset=%s&size=1000"\noutput = /dev/null\n' "$listing" "$offset" >> "$work/curl.cfg"
  done
  live="--product ${PRODUCT:-kuma} --control-plane $CONTROL_PLANE --mesh $mesh"
  validate="$meshctl_bin validate --now 2026-11-27T12:00:00Z --format json $work/proposed.yaml $live"
  snapshot="$meshctl_bin snapshot $live -o $work/snapshot-cp.json"
  rounds "$runs" "curl -s ${auth[*]@Q} -K $work/curl.cfg" "$validate" "$snapshot"
  t_t=$(cat "$work/t.0"); t_v=$(cat "$work/t.1"); t_s=$(cat "$work/t.2")
  echo "### Live against $CONTROL_PLANE (mesh $mesh)"
  echo
  echo "| proxies | pages | curl (transfer) | validate | ÷ transfer | peak | snapshot -o | ÷ transfer | peak |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $(thousands "$n") | $(grep -c '^url' "$work/curl.cfg") | $(row time "$t_t") | $(row time "$t_v") | $(row ratio "$t_v" "$t_t") | $(peak "$validate") MB | $(row time "$t_s") | $(row ratio "$t_s" "$t_t") | $(peak "$snapshot") MB |"
  exit 0
fi

echo "### Files"
echo
echo "| proxies | file | meshctl | peak | jq | jq ÷ meshctl | from_slice floor | meshctl ÷ floor | cat |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  state="$work/state-$n.json"
  [ -s "$state" ] || "$bin/examples/gen_state" "$n" > "$state"
  size=$(python3 -c "import os; s=os.path.getsize('$state')/1e6; print(f'{s:.1f} MB' if s >= 1 else f'{s*1000:.0f} KB')")
  meshctl="$meshctl_bin validate --product kong-mesh --now 2026-11-27T12:00:00Z --format json $work/proposed.yaml --current $work/current.yaml --state $state"
  rounds "$runs" "$meshctl" "$bin/examples/json_floor $state" "cat $state"
  t_m=$(cat "$work/t.0"); t_f=$(cat "$work/t.1"); t_c=$(cat "$work/t.2")
  p_m=$(peak "$meshctl")
  if command -v jq >/dev/null; then
    t_j=$(seconds 3 "jq '$jq_gate' $state")
    j="$(row time "$t_j") | $(row ratio "$t_j" "$t_m")"
  else
    j="n/a | n/a"
  fi
  echo "| $(thousands "$n") | $size | $(row time "$t_m") | $p_m MB | $j | $(row time "$t_f") | $(row ratio "$t_m" "$t_f") | $(row time "$t_c") |"
done

echo
echo "### Live (pages of 1,000 on 127.0.0.1)"
echo
echo "| proxies | pages | curl (transfer) | validate | ÷ transfer | peak | snapshot -o | ÷ transfer | peak |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  [ "$n" -ge 1000 ] || continue
  "$bin/examples/serve_pages" "$n" > "$work/url" &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
  url=$(cat "$work/url")
  # The pages meshctl asks for (one item before each offset a page names, after the first).
  : > "$work/curl.cfg"
  for offset in 0 $(seq 999 999 $(( n - 2 ))); do
    printf 'url = "%s/meshes/default/dataplanes/_overview?offset=%s&size=1000"\noutput = /dev/null\n' "$url" "$offset" >> "$work/curl.cfg"
  done
  pages=$(grep -c '^url' "$work/curl.cfg")
  live="--control-plane $url --mesh default"
  validate="$meshctl_bin validate --now 2026-11-27T12:00:00Z --format json $work/proposed.yaml $live"
  snapshot="$meshctl_bin snapshot $live -o $work/snapshot-$n.json"
  rounds "$runs" "curl -s -K $work/curl.cfg" "$validate" "$snapshot"
  t_t=$(cat "$work/t.0"); t_v=$(cat "$work/t.1"); t_s=$(cat "$work/t.2")
  p_v=$(peak "$validate")
  p_s=$(peak "$snapshot")
  echo "| $(thousands "$n") | $pages | $(row time "$t_t") | $(row time "$t_v") | $(row ratio "$t_v" "$t_t") | $p_v MB | $(row time "$t_s") | $(row ratio "$t_s" "$t_t") | $p_s MB |"
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  trap - EXIT
done
