#!/usr/bin/env python3
"""What two-step explanations catch and what they flag, by the length of the
target's label, on the fitting part of the reference corpus.

    python3 scripts/chain_evidence.py [--bin PATH]

Why: a chain (`src/pairwise.rs`) reads a name as the target changed twice.
The shorter the target's label, the more legitimate names lie two steps
from it by chance; the bounds `MIN_TWO_EDIT_LABEL` and
`MIN_EDIT_BESIDE_WORDS` say from which length a chain is tried. This script
prints the evidence they cite: for each kind of chain and each label
length, the fitting part's real lookalikes that a chain catches at the
default threshold (0.5) with their own target, and the fitting part's
popular names that a chain flags with the first 1,000 names of
`data/top-domains.txt` protected (the setting of `evaluate_score.py`).

A build only tries chains from its own bounds, so the rows below a bound are
empty for it: run `--bin` with a build of a commit before the bound was
raised to see them again (session 12 read the build of `8c48e69`, session
16 that of `7c85858`).

Kinds of chain, read from the reason the CLI writes:
- `two edits`: two edits of the label, same suffix;
- `edit, words`: an edit, then words joined to the label;
- `edit, suffix`: an edit, then another suffix;
- `other`: lookalike letters or decorations with an edit.

Each row also says what the chain's steps were (session 16):
- for `edit, words`, whether lure words were joined (`faceboocklogin`), a
  bare country code (`suntimes` for `nytimes`: `su`) or other words;
- for `edit, suffix`, whether the edit kept the label's look (a letter
  added or doubled, a hyphen, a lookalike letter) or changed, dropped or
  swapped letters (`agora.io` for `agoda.com`).

The held-out part is never read. Standard library only.
"""

import argparse
import os
import sys
from collections import Counter

from evaluate_score import answers, rows


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THRESHOLD = 0.5
PROTECTED_HEAD = 1000


def chain_kind(reason):
    """The kind of chain a reason tells of, or None for one step."""
    if reason.startswith("two edits:"):
        return "two edits"
    if not reason.startswith("two steps:"):
        return None
    second = reason.split(", then ", 1)[-1].split("; ", 1)[0]
    if "joined to" in second or "dot after" in second:
        return "edit, words"
    if "suffix" in second or "instead of" in second:
        return "edit, suffix"
    return "other"


# How the first step of a reason reads when it keeps every letter in sight.
KEEPS_THE_LOOK = ("slipped into", "was added", "doubled its", "looks like", "hyphen")


def detail(kind, reason):
    """What a chain's steps were, for the kinds session 16 bounded."""
    first, _, second = reason.split(": ", 1)[-1].partition(", then ")
    if kind == "edit, words":
        joined = second.split("joined to ", 1)[-1].split(";", 1)[0]
        if joined.startswith("the word"):
            return "lure words"
        return "country code" if len(joined.strip("'")) == 2 else "other words"
    if kind == "edit, suffix":
        return "keeps the look" if any(k in first for k in KEEPS_THE_LOOK) else "changes letters"
    return ""


def refused_or(matches):
    """The matches, or an exit with a message when the list was refused."""
    if matches is None:
        sys.exit("lookalike check refused the protected list")
    return matches


def label_length(target):
    return len(target.split(".", 1)[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "lookalike"))
    args = ap.parse_args()

    pos = [r for r in rows(os.path.join(ROOT, "corpus", "positives.tsv")) if r["split"] == "fit"]
    targets = sorted({r["target"] for r in pos})
    caught = Counter()
    for r, matches in zip(pos, refused_or(answers(args.bin, targets, [r["candidate"] for r in pos]))):
        own = [m for m in matches if m["target"] == r["target"]]
        best = max(own, key=lambda m: m["score"], default=None)
        if best and best["score"] >= THRESHOLD and chain_kind(best["reason"]):
            kind = chain_kind(best["reason"])
            caught[(kind, detail(kind, best["reason"]), label_length(r["target"]))] += 1

    neg = rows(os.path.join(ROOT, "corpus", "negatives.tsv"))
    popular = [r["candidate"] for r in neg if r["relation"] == "popular" and r["split"] == "fit"]
    with open(os.path.join(ROOT, "data", "top-domains.txt"), encoding="utf-8") as f:
        head = [line.strip() for line in f if line.strip()][:PROTECTED_HEAD]
    flagged = Counter()
    for matches in refused_or(answers(args.bin, head, popular)):
        # The answer a user reads first: the best match.
        if matches and matches[0]["score"] >= THRESHOLD and chain_kind(matches[0]["reason"]):
            kind = chain_kind(matches[0]["reason"])
            key = (kind, detail(kind, matches[0]["reason"]), label_length(matches[0]["target"]))
            flagged[key] += 1

    print("Fitting part: %d real lookalikes, %d popular names; chains at %.1f\n"
          % (len(pos), len(popular), THRESHOLD))
    print("| chain | steps | target label | lookalikes caught | popular names flagged |")
    print("|---|---|---|---|---|")
    for key in sorted(set(caught) | set(flagged)):
        kind, steps, length = key
        print("| %s | %s | %d | %d | %d |" % (kind, steps, length, caught[key], flagged[key]))


if __name__ == "__main__":
    main()
