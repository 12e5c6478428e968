#!/usr/bin/env python3
"""Measure the score on the reference corpus the way a user meets it: through
`lookalike check`, at several thresholds, on the held-out part (and, kept
apart, the fitting part).

    python3 scripts/evaluate_score.py [--bin PATH] [--split held|fit]

- Real lookalikes (`corpus/positives.tsv`): every positive's target is
  protected in one list; a lookalike counts as caught at threshold t when
  `check` names its own target at a score of t or more.
- Popular names (`relation` = `popular`): the first 1,000 names of
  `data/top-domains.txt` are protected; a name counts as flagged when any
  match scores t or more.
- Near-legitimate pairs (`near_legit`... relations with a target): each
  candidate checked against its own target alone.
- Hosting platforms and brand-context names: against the positives' targets.

- Generation: for each held-out lookalike, its rank in `lookalike variants
  TARGET` when the generator produces it; the median of those ranks, and
  how many sit in the first 20 and the first 100 (the median moves when
  more lookalikes are generated deep in the lists; the head does not).

`--bin` runs another build of the CLI, such as the one before the fit, so that
the two curves come from the same procedure. Without it the script builds the
CLI first (`cargo build --release --features cli`): a plain `cargo build
--release` leaves `target/release/lookalike` as it was, and a stale binary
measures the score before the change. Prints a Markdown table.
"""

import argparse
import json
import os
import subprocess
import tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def rows(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def answers(binary, protected, names):
    """`lookalike check --min-score 0 --json`: each name's list of matches,
    or None when the protected list is refused."""
    with tempfile.TemporaryDirectory() as tmp:
        plist = os.path.join(tmp, "protected.txt")
        with open(plist, "w", encoding="utf-8") as f:
            f.write("\n".join(protected) + "\n")
        # Lines that no longer parse as a protected name (a public suffix,
        # say) are left out by a first pass, as a user would.
        out = subprocess.run(
            [binary, "check", "--protect", plist, "--min-score", "0", "--json"],
            input="\n".join(names) + "\n", capture_output=True, text=True, cwd=ROOT,
        )
    if out.returncode != 0:
        # A protected name that is itself a public suffix (`akamai.net`)
        # refuses the list: such a pair is left out.
        return None
    return [json.loads(line).get("matches", []) for line in out.stdout.splitlines()]


def check(binary, protected, names):
    """The best score per (name, target) of `lookalike check --min-score 0`."""
    matches = answers(binary, protected, names)
    if matches is None:
        return None
    found = defaultdict(dict)
    for name, ms in zip(names, matches):
        for m in ms:
            found[name][m["target"]] = max(m["score"], found[name].get(m["target"], 0.0))
    return found


def protectable(binary, names):
    """The names `lookalike compare` accepts as registrable domains."""
    keep = []
    for n in names:
        ok = subprocess.run([binary, "compare", n, n], capture_output=True, cwd=ROOT)
        if ok.returncode != 2:
            keep.append(n)
    return keep


def variant_ranks(binary, pos):
    """Rank (1-based) of each positive in its target's variants, where produced."""
    by_target = defaultdict(set)
    for r in pos:
        by_target[r["target"]].add(r["candidate"].lower().rstrip("."))
    ranks = []
    for target, names in sorted(by_target.items()):
        out = subprocess.run([binary, "variants", target, "--json"], capture_output=True,
                             text=True, cwd=ROOT)
        for rank, line in enumerate(out.stdout.splitlines(), 1):
            v = json.loads(line)
            if v["domain"] in names or v["unicode"] in names:
                ranks.append(rank)
    return ranks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin")
    ap.add_argument("--split", default="held")
    args = ap.parse_args()
    if args.bin is None:
        subprocess.run(["cargo", "build", "-q", "--release", "--features", "cli"],
                       cwd=ROOT, check=True)
        args.bin = os.path.join(ROOT, "target/release/lookalike")
    pos = [r for r in rows(os.path.join(ROOT, "corpus/positives.tsv")) if r["split"] == args.split]
    neg = [r for r in rows(os.path.join(ROOT, "corpus/negatives.tsv")) if r["split"] == args.split]
    targets = sorted({r["target"] for r in rows(os.path.join(ROOT, "corpus/positives.tsv"))})
    targets = protectable(args.bin, targets)

    caught = check(args.bin, targets, [r["candidate"] for r in pos])
    groups = defaultdict(list)
    for r in pos:
        group = "phishing" if r["source"].startswith("polkadot-js") else "labelled"
        score = caught.get(r["candidate"], {}).get(r["target"], -1.0)
        groups["all lookalikes"].append(score)
        groups[group + " lookalikes"].append(score)

    with open(os.path.join(ROOT, "data/top-domains.txt")) as f:
        top = [l.strip() for l in f][:1000]
    popular = [r["candidate"] for r in neg if r["relation"] == "popular"]
    flagged = check(args.bin, protectable(args.bin, top), popular)
    legit = defaultdict(list)
    legit["popular names"] = [max(flagged.get(n, {}).values(), default=-1.0) for n in popular]
    for r in neg:
        if r["relation"] == "popular":
            continue
        if r["target"]:
            found = check(args.bin, [r["target"]], [r["candidate"]])
            if found is None:
                continue
            score = found.get(r["candidate"], {}).get(r["target"], -1.0)
            legit["near-legitimate pairs" if r["relation"] != "brand_context"
                  else "brand-context names"].append(score)
        else:
            found = check(args.bin, targets, [r["candidate"]])
            legit[r["relation"] + " names"].append(max(found.get(r["candidate"], {}).values(), default=-1.0))

    ranks = sorted(variant_ranks(args.bin, pos))
    if ranks:
        print("variants: %d of %d %s lookalikes generated; median rank %d (quartiles %d, %d);"
              " %d in the first 20, %d in the first 100\n"
              % (len(ranks), len(pos), args.split, ranks[len(ranks) // 2],
                 ranks[len(ranks) // 4], ranks[3 * len(ranks) // 4],
                 sum(r <= 20 for r in ranks), sum(r <= 100 for r in ranks)))
    print("| %s part: share flagged at a score of at least | %s |"
          % (args.split, " | ".join("%.1f" % t for t in THRESHOLDS)))
    print("|---|%s" % ("---|" * len(THRESHOLDS)))
    for title, scores in list(groups.items()) + list(legit.items()):
        cells = ["%.1f%%" % (100.0 * sum(1 for s in scores if s >= t) / max(1, len(scores)))
                 for t in THRESHOLDS]
        print("| %s (%d) | %s |" % (title, len(scores), " | ".join(cells)))


if __name__ == "__main__":
    main()
