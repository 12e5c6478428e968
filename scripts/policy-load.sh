#!/usr/bin/env bash
# Load on `lookalike policy` over loopback: 100 concurrent clients x 1,000
# requests, first back to back (saturation: how many requests a second, and
# what queueing costs), then each client paced (what a mail server sees at a
# steady, high rate). Prints p50/p99 latency and requests per second, and
# checks that every request was answered exactly once, correctly, and logged
# exactly once. The figures in benches/README.md come from this script.
#
#   bash scripts/policy-load.sh [CLIENTS] [REQUESTS] [RATE_PER_CLIENT]
#
# Everything runs on this machine, on 127.0.0.1, and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-100}
requests=${2:-1000}
rate=${3:-100}

cargo build -q --release --features cli --bin lookalike --example policy_load
release="${CARGO_TARGET_DIR:-target}/release"
work=$(mktemp -d)
printf 'army.mil\npaypal.com\n' >"$work/protected.txt"
"$release/lookalike" policy --listen 127.0.0.1:0 --protect "$work/protected.txt" \
    2>"$work/policy.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    grep -q 'listening on' "$work/policy.log" && break
    sleep 0.1
done
addr=$(sed -n 's/.*listening on \([0-9.]*:[0-9]*\);.*/\1/p' "$work/policy.log" | head -1)
[ -n "$addr" ] || { cat "$work/policy.log"; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== back to back"
"$release/examples/policy_load" "$addr" --clients "$clients" --requests "$requests"
echo "== paced: each client $rate requests/s"
"$release/examples/policy_load" "$addr" --clients "$clients" --requests "$requests" --rate "$rate"

# One decision line per request, never two.
expected=$((2 * clients * requests))
for _ in $(seq 50); do
    logged=$(grep -c 'queue_id=L[0-9]*N[0-9]* ' "$work/policy.log" || true)
    [ "$logged" -ge "$expected" ] && break
    sleep 0.1
done
unique=$(grep -o 'queue_id=L[0-9]*N[0-9]* ' "$work/policy.log" | sort | uniq -c | awk '$1 != 2' | wc -l)
echo "log: $logged decision lines for $expected requests; $unique queue ids not logged exactly once per run"
[ "$logged" -eq "$expected" ] && [ "$unique" -eq 0 ]
