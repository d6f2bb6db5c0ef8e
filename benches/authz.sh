#!/usr/bin/env bash
# Benchmarks authorization judging (README "Authorization"): `meshctl validate` of a MeshIdentity
# widening over N proxies of 500 services and M MeshTrafficPermissions, with and without the
# policies (without them the step is `authorization-unchecked` and no pair is judged), so the
# difference is what judging every pair costs. Prints a Markdown table for BENCHMARKS.md.
# Needs: cargo, /usr/bin/time; hyperfine when installed.
# Usage: benches/authz.sh [PROXIES [POLICIES]]   (default: 100000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
m=${2:-1000}
cargo build --quiet --release --bin meshctl --example gen_authz
work=target/bench
mkdir -p "$work"
target/release/examples/gen_authz "$work" "$n" "$m"
run() {
  echo "target/release/meshctl validate $work/authz-widened.yaml --current $work/authz-current.yaml --state $work/authz-state-$n.json $1 --kuma-version 2.14.3 --now 2026-11-27T12:00:00Z --format json --allow identity-not-ready"
}
seconds() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i -w 1 -r 5 --export-json "$work/h.json" "$1" >/dev/null 2>&1
    python3 -c "import json; print(json.load(open('$work/h.json'))['results'][0]['mean'])"
  else
    best=""
    for _ in 1 2 3; do
      /usr/bin/time -f %e -o "$work/t" sh -c "$1" >/dev/null 2>&1 || true
      t=$(tail -1 "$work/t")
      best=$(python3 -c "print(min(float('$t'), float('${best:-$t}')))")
    done
    echo "$best"
  fi
}
peak() {
  /usr/bin/time -f %M -o "$work/mem" sh -c "$1" >/dev/null 2>&1 || true
  tail -1 "$work/mem" | awk '{printf "%.1f", $1/1024}'
}
with=$(run "--policies $work/authz-policies-$m.yaml")
without=$(run "")
t_with=$(seconds "$with"); t_without=$(seconds "$without")
p_with=$(peak "$with"); p_without=$(peak "$without")
echo "| proxies | policies | with policies | peak | without | peak | judging |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
python3 -c "print(f'| {$n:,} | {$m:,} | {$t_with*1000:.0f} ms | $p_with MB | {$t_without*1000:.0f} ms | $p_without MB | {($t_with-$t_without)*1000:.0f} ms |')"
