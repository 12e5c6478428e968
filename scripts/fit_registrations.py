#!/usr/bin/env python3
"""Fit how often attackers register each kind of variant, the rates that
order `lookalike variants`, on the fitting part of the reference corpus.

    python3 scripts/fit_registrations.py     # writes data/registration-rates.tsv

Why: the score says whether a name that exists is an imitation; a generated
list must also say which names get registered. A long name has tens of
thousands of homoglyph variants and attackers register a few of them; they
register the brand under `.com`, `.app` or `.xyz` again and again. Sorted by
score alone, real lookalikes sat at a median rank of about 15,600.

What it does:
1. Runs `lookalike variants TARGET --json` (the release build) for every
   target of `corpus/positives.tsv` and notes, per kind, how many variants
   the generator makes and how many of them are real lookalikes of the
   fitting part (`split` = `fit`). The held-out part is never read.
2. A kind's rate is its lookalikes over its variants, shrunk toward the
   rate of all kinds together by a prior worth `PRIOR_VARIANTS` variants, so
   that a kind seen a few times is not taken at its word.
3. A variant whose TLD differs from its target's gets a factor for where
   moved lookalikes land: each TLD's share of the fitting part's lookalikes
   that left their target's TLD (generated or not), with half a lookalike
   added to every TLD, over the share an even spread would give it.
4. Rates are divided by the largest (kind rate × TLD factor) of any
   generated variant, so a rate is at most 1.

The variants' order depends on the rates but the set and each kind do not,
so the result does not depend on the rates in use: one run, same file.
Standard library only.
"""

import json
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "registration-rates.tsv")
BINARY = os.path.join(ROOT, "target", "release", "lookalike")

# The prior's weight, in generated variants: about the size of one target's
# list. Chosen on the fitting part (median rank of its lookalikes 284,
# against 322 with 1,000 and 339 with none).
PRIOR_VARIANTS = 10_000
# What every TLD is granted before counting (add-half smoothing).
TLD_PSEUDO = 0.5
# Every kind the crate names (src/kind.rs); the table needs a rate for each.
KINDS = ("omission", "repetition", "insertion", "replacement", "transposition",
         "vowel_swap", "bitsquat", "homoglyph", "idn_homoglyph", "hyphenation",
         "dot_insertion", "dot_omission", "addition", "tld_swap", "suffix_confusion",
         "combosquat", "target_embedding")


def rows(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def tld(name):
    return name.rstrip(".").rsplit(".", 1)[-1].lower()


def variants(target):
    out = subprocess.run([BINARY, "variants", target, "--json"], capture_output=True,
                         text=True, cwd=ROOT, check=True).stdout
    return target, [json.loads(line) for line in out.splitlines()]


def main():
    if not os.path.exists(BINARY):
        sys.exit("build first: cargo build --release")
    positives = rows(os.path.join(ROOT, "corpus", "positives.tsv"))
    fit = [r for r in positives if r["split"] == "fit"]
    wanted = {}
    for r in fit:
        wanted.setdefault(r["target"], set()).add(r["candidate"].lower().rstrip("."))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        lists = dict(pool.map(variants, sorted(wanted)))

    made, found = Counter(), Counter()
    tlds = set()
    for target, vs in lists.items():
        for v in vs:
            made[v["kind"]] += 1
            tlds.add(tld(v["domain"]))
            if v["domain"] in wanted[target] or v["unicode"] in wanted[target]:
                found[v["kind"]] += 1
    overall = sum(found.values()) / sum(made.values())
    kind_rate = {k: (found[k] + PRIOR_VARIANTS * overall) / (made[k] + PRIOR_VARIANTS)
                 for k in made}

    moved = Counter(tld(r["candidate"]) for r in fit if tld(r["candidate"]) != tld(r["target"]))
    total = sum(moved.values())
    spread = TLD_PSEUDO * len(tlds)
    factor = {t: len(tlds) * (moved[t] + TLD_PSEUDO) / (total + spread) for t in tlds}
    other = len(tlds) * TLD_PSEUDO / (total + spread)

    top = max(kind_rate[v["kind"]] * (factor[tld(v["domain"])]
                                      if tld(v["domain"]) != tld(target) else 1.0)
              for target, vs in lists.items() for v in vs)

    with open(OUT, "w", encoding="utf-8") as f:
        f.write("family\tname\trate\tevidence\n")
        f.write("# How often attackers register each kind of variant, relative to the most\n")
        f.write("# registered; written by scripts/fit_registrations.py from the fitting part\n")
        f.write("# of corpus/ (%d lookalikes of %d targets). Do not edit by hand.\n"
                % (len(fit), len(wanted)))
        f.write("# kind rows: real lookalikes among the kind's generated variants, shrunk\n")
        f.write("# toward all kinds' rate by a prior of %d variants.\n" % PRIOR_VARIANTS)
        for k in KINDS:
            if k in made:
                f.write("kind\t%s\t%.6g\t%d of %d generated variants\n"
                        % (k, kind_rate[k] / top, found[k], made[k]))
            else:
                # A kind the generator never makes (found only by checking).
                f.write("kind\t%s\t%.6g\tnot generated: all kinds' rate\n" % (k, overall / top))
        f.write("# tld rows: how much more often than an even spread a lookalike that\n")
        f.write("# left its target's TLD landed under this one (%d such lookalikes).\n" % total)
        f.write("tld\t*\t%.6g\tany TLD with no such lookalike\n" % other)
        for t, n in sorted(moved.items(), key=lambda kv: (-kv[1], kv[0])):
            if t in tlds:
                f.write("tld\t%s\t%.6g\t%d lookalikes\n" % (t, factor[t], n))
    print("wrote %s: %d kinds, %d TLDs" % (OUT, len(made), len(moved)))


if __name__ == "__main__":
    main()
