#!/usr/bin/env bash
# Names resolved per second against a local authoritative server, lookalike
# beside dnstwist, the same names, the same server.
#
#     sudo bash scripts/resolve-bench.sh [DOMAIN]     # default paypal.com
#
# Starts NSD on 127.0.0.2 port 53 (dnstwist's --nameservers takes an address
# and no port, hence port 53 and root) serving a root zone in which a few of
# the names exist, takes dnstwist's own list of DOMAIN's permutations
# (`--format list`, no DNS), and times, as whole processes:
# - `lookalike resolve --nameserver 127.0.0.2:53 --concurrency C` on that
#   list, for several C;
# - `dnstwist --registered --nameservers 127.0.0.2 --threads T DOMAIN`,
#   which resolves the same permutations, for several T.
# Both ask A, AAAA, NS and MX of each name. Nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
domain=${1:-paypal.com}
[ "$(id -u)" -eq 0 ] || { echo "needs root (port 53)"; exit 1; }
command -v nsd >/dev/null || [ -x /usr/sbin/nsd ] || apt-get install -y -qq nsd >/dev/null
venv=target/peer-venv
[ -x "$venv/bin/dnstwist" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q dnstwist dnspython; }
cargo build -q --release --features cli,dns
bin=target/release/lookalike

work=$(mktemp -d)
trap 'kill "$(cat "$work/nsd.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT
"$venv/bin/dnstwist" --format list "$domain" > "$work/names.txt"
{
    printf '$ORIGIN .\n$TTL 300\n@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300\n@ IN NS ns.test.\n'
    # Every tenth name exists, half of them with a mail exchanger.
    awk 'NR % 10 == 0 { print $1 ". IN A 192.0.2.1"; if (NR % 20 == 0) print $1 ". IN MX 10 mx." $1 "." }' "$work/names.txt"
} > "$work/root.zone"
cat > "$work/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.2
  port: 53
  username: ""
  chroot: ""
  zonesdir: "$work"
  pidfile: "$work/nsd.pid"
  logfile: "$work/nsd.log"
  xfrdfile: "$work/xfrd.state"
  zonelistfile: "$work/zone.list"
  database: ""
  server-count: 2
  do-ip6: no
  # Response rate limiting (on in Debian's build) slips or drops answers past
  # 200 a second to one client network: it would time the limiter.
  rrl-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "."
  zonefile: "$work/root.zone"
CONF
nsd -c "$work/nsd.conf"
sleep 1
n=$(wc -l < "$work/names.txt")
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(date -u +%Y-%m-%dT%H:%MZ); $n names of $domain"
echo "| tool | concurrency | wall (best of 3) | names/s | registered found |"
echo "|---|---|---|---|---|"
time_best() {  # command... -> best wall seconds of 3
    local best=""
    for _ in 1 2 3; do
        local s e
        s=$(date +%s.%N); "$@" > "$work/out" 2>/dev/null; e=$(date +%s.%N)
        best=$(python3 -c "import sys; a=float(sys.argv[1]); b=sys.argv[2]; print(a if not b else min(a, float(b)))" "$(echo "$e - $s" | bc)" "$best")
    done
    echo "$best"
}
for c in 1 10 50 200; do
    t=$(time_best sh -c "$bin resolve --nameserver 127.0.0.2:53 --concurrency $c < $work/names.txt")
    found=$(grep -c '"registered":true' "$work/out" || true)
    printf '| lookalike resolve | %s | %.2f s | %.0f | %s |\n' "$c" "$t" "$(echo "$n / $t" | bc -l)" "$found"
done
for t in 1 10 50 200; do
    w=$(time_best "$venv/bin/dnstwist" --registered --nameservers 127.0.0.2 --threads "$t" --format csv "$domain")
    found=$(($(wc -l < "$work/out") - 1))
    printf '| dnstwist --registered | %s threads | %.2f s | %.0f | %s |\n' "$t" "$w" "$(echo "$n / $w" | bc -l)" "$found"
done
