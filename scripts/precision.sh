#!/usr/bin/env bash
# Precision on real names: protect the first 1,000 domains of
# data/top-domains.txt, check the other 49,526 (all real, popular sites) with
# `lookalike check`, and summarise what is flagged, by score and kind, with a
# sample. README.md ("How well it works") quotes the result.
#
#   bash scripts/precision.sh [SAMPLE_SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
sample=${1:-25}
cargo build -q --release --features cli
bin=target/release/lookalike
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A few popular names are public suffixes themselves (googleapis.com is in the
# PSL's private section) and cannot be protected as domains: left out.
head -n 1000 data/top-domains.txt | while read -r d; do
    "$bin" compare "$d" "$d" >/dev/null 2>&1 && echo "$d"
done > "$tmp/protected.txt"
tail -n +1001 data/top-domains.txt | "$bin" check --protect "$tmp/protected.txt" --min-score 0 --json > "$tmp/checked.jsonl"
python3 - "$tmp/protected.txt" "$tmp/checked.jsonl" "$sample" <<'PY'
import collections, json, random, sys
protected = sum(1 for _ in open(sys.argv[1]))
rows = [json.loads(l) for l in open(sys.argv[2])]
flagged = [r for r in rows if r.get("matches")]
errors = sum(1 for r in rows if "error" in r)
print(f"protected {protected}; checked {len(rows)}; not parsed {errors}")
for at in (0.0, 0.3, 0.5, 0.7):
    hit = [r for r in flagged if r["matches"][0]["score"] >= at]
    kinds = collections.Counter(r["matches"][0]["kind"] for r in hit)
    top = ", ".join(f"{k} {n}" for k, n in kinds.most_common(5))
    print(f"score >= {at}: {len(hit)} flagged ({100 * len(hit) / len(rows):.1f}%): {top}")
random.seed(7)
hit = [r for r in flagged if r["matches"][0]["score"] >= 0.5]
print(f"\nsample of {min(len(hit), int(sys.argv[3]))} flagged at >= 0.5:")
for r in sorted(random.sample(hit, min(len(hit), int(sys.argv[3]))), key=lambda r: -r["matches"][0]["score"]):
    m = r["matches"][0]
    print(f"| {r['input']} | {m['target']} | {m['kind']} | {m['score']:.2f} |")
PY
