#!/usr/bin/env python3
"""The generation table of benches/README.md, from one criterion run.

    cargo bench --bench generate | tee /tmp/generate.log
    python3 scripts/generate-table.py /tmp/generate.log

Reads the variant counts the bench prints and criterion's medians from
target/criterion/generate/{lookalike,twistrs}/DOMAIN/new/estimates.json.
"""
import json, re, sys, pathlib

log = open(sys.argv[1]).read()
counts = re.findall(r"variants (\S+): lookalike (\d+), twistrs (?:Some\((\d+)\)|None)", log)
root = pathlib.Path("target/criterion/generate")

def median(tool, domain):
    # criterion names a benchmark's folder after its id, with `/` and other
    # characters as they are; a missing file means no run.
    path = root / tool / domain / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.load(open(path))["median"]["point_estimate"]

def fmt_time(ns):
    return f"{ns / 1e6:.2f} ms" if ns >= 1e6 else f"{ns / 1e3:.0f} µs"

rows, ours_total, ours_n, theirs_total, theirs_n = [], 0.0, 0, 0.0, 0
for domain, ours, theirs in counts:
    ours = int(ours)
    t_ours = median("lookalike", domain)
    t_theirs = median("twistrs", domain) if theirs else None
    per_ours = t_ours / ours / 1e3
    if theirs and t_theirs:
        theirs = int(theirs)
        per_theirs = t_theirs / theirs / 1e3
        cells = f"{theirs:,} | {fmt_time(t_theirs)} | {per_theirs:.2f} µs"
        if domain != "x.com":
            ours_total += t_ours; ours_n += ours
            theirs_total += t_theirs; theirs_n += theirs
    else:
        cells = "panics | – | –"
    rows.append(f"| {domain} | {ours:,} | {fmt_time(t_ours)} | {per_ours:.2f} µs | {cells} |")
print("| domain | lookalike variants | lookalike time | per variant | twistrs rows | twistrs time | per row |")
print("|---|---|---|---|---|---|---|")
print("\n".join(rows))
print(f"| **totals without x.com and münchen.de** | {ours_n:,} | {fmt_time(ours_total)} | "
      f"**{ours_total / ours_n / 1e3:.3f} µs** | {theirs_n:,} | {fmt_time(theirs_total)} | "
      f"**{theirs_total / theirs_n / 1e3:.3f} µs** |")
