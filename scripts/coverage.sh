#!/usr/bin/env bash
# Measures how much of dnstwist's and twistrs's output `lookalike` covers, on
# the domains the "Generate" issue names (or those given as arguments).
# Installs dnstwist from PyPI into a venv under target/; twistrs comes from
# crates.io through scripts/peer-coverage. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
domains=("$@")
[ ${#domains[@]} -gt 0 ] || domains=(paypal.com microsoft.com army.mil bbc.co.uk)
venv=target/peer-venv
[ -x "$venv/bin/dnstwist" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q dnstwist; }
out=target/peer-output/dnstwist
mkdir -p "$out"
echo "dnstwist $("$venv/bin/pip" show dnstwist | sed -n 's/^Version: //p')" >&2
for d in "${domains[@]}"; do "$venv/bin/dnstwist" --format list "$d" > "$out/$d.txt"; done
cargo run -q --release --manifest-path scripts/peer-coverage/Cargo.toml -- "$out" "${domains[@]}"
