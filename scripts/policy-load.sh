#!/usr/bin/env bash
# Load on `lookalike policy` over loopback: 100 concurrent clients x 1,000
# requests, back to back (saturation: requests per second, and what queueing
# behind 99 others costs) and with each client paced (a steady, high rate, as
# a busy mail server would send). Prints p50/p99 latency and requests per
# second, and fails unless every request was answered exactly once,
# correctly, and logged exactly once. The same runs against a do-nothing
# server (`policy_load serve-baseline`) show what the machine itself costs.
# The figures in benches/README.md come from this script.
#
#   bash scripts/policy-load.sh [CLIENTS] [REQUESTS] [RATE_PER_CLIENT] [ROUNDS]
#
# Everything runs on this machine, on 127.0.0.1, and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-100}
requests=${2:-1000}
rate=${3:-100}
rounds=${4:-3}

cargo build -q --release --features cli --bin lookalike --example policy_load
release="${CARGO_TARGET_DIR:-target}/release"
load="$release/examples/policy_load"
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

printf 'army.mil\npaypal.com\n' >"$work/protected.txt"
"$release/lookalike" policy --listen 127.0.0.1:0 --protect "$work/protected.txt" \
    2>"$work/policy.log" &
pids+=($!)
"$load" serve-baseline >"$work/baseline.out" &
pids+=($!)
for _ in $(seq 100); do
    grep -q 'listening on' "$work/policy.log" && grep -q 'listening on' "$work/baseline.out" && break
    sleep 0.1
done
service=$(sed -n 's/.*listening on \([0-9.]*:[0-9]*\);.*/\1/p' "$work/policy.log" | head -1)
baseline=$(sed -n 's/^listening on \([0-9.]*:[0-9]*\)$/\1/p' "$work/baseline.out" | head -1)
[ -n "$service" ] && [ -n "$baseline" ] || { cat "$work/policy.log" "$work/baseline.out"; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
for round in $(seq "$rounds"); do
    for target in service baseline; do
        addr=${!target}
        echo "== round $round, $target, back to back (load average $(cut -d' ' -f1 /proc/loadavg))"
        "$load" "$addr" --clients "$clients" --requests "$requests"
        echo "== round $round, $target, each client $rate requests/s (load average $(cut -d' ' -f1 /proc/loadavg))"
        "$load" "$addr" --clients "$clients" --requests "$requests" --rate "$rate"
    done
done

# One decision line per request: each queue id once per run, two runs a round.
expected=$((rounds * 2 * clients * requests))
for _ in $(seq 50); do
    logged=$(grep -c 'queue_id=L[0-9]*N[0-9]* ' "$work/policy.log" || true)
    [ "$logged" -ge "$expected" ] && break
    sleep 0.1
done
odd=$(grep -o 'queue_id=L[0-9]*N[0-9]* ' "$work/policy.log" | sort | uniq -c |
    awk -v n=$((rounds * 2)) '$1 != n' | wc -l)
echo "log: $logged decision lines for $expected requests; $odd queue ids not logged once per run"
[ "$logged" -eq "$expected" ] && [ "$odd" -eq 0 ]
