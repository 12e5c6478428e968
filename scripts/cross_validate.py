#!/usr/bin/env python3
"""Five-fold cross-validation of the score's fit inside the fitting part:
what a candidate feature is worth before it is written into the crate.

    cargo run --release --example corpus_features -- corpus > rows.tsv
    python3 scripts/cross_validate.py rows.tsv            # the features as they are
    python3 scripts/cross_validate.py rows.tsv --weights 1.5,2
    python3 scripts/cross_validate.py rows.tsv --folds-by prefix --l2 0.01,0.1,1
    python3 scripts/cross_validate.py rows.tsv --choose-weight

Why: a refit (`scripts/fit_score.py`) takes a quarter of an hour, and the
fitting part's own figures (`scripts/evaluate_score.py --split fit`) are
read in-sample: a popular name of the fitting part sees its own label in
the embedded counts. This script fits the same model on four fifths of the
fitting part's rows and counts, on the fifth left out, the popular names
flagged at 0.5 and the real lookalikes caught at 0.5 with their own target,
and the log-likelihood of the fifth's answers under the fit (each class
weighed as the reference mix weighs it); it repeats for each fifth and adds
the five up; the likelihood is what `fit_score.L2` is chosen by. Half a
minute a run, and the held-out part is never read.

A candidate feature is a column appended to `rows.tsv` (after the crate's
features, one value a row, 0 where it does not apply): the fit reads every
column after `reach` as a feature, so a new column is fitted with the rest.

The fold's names are scored as the held-out part's are: the combo words'
table they read is counted without any name of the fold, as the embedded
table is counted without the held-out part (a training name reads it
without its own name only, as `fit_score.py` does). Until session 23 the
table of a fold was the whole fitting part's without the scored name
alone, so a name read its siblings' words (`xhamster42` those of
`xhamster43`) when they shared its fold: at 1.5, on session 21's weights,
folded by label prefix 307 popular names flagged where the fold's own
table flags 318 (by candidate, 325 and 323).

`--choose-weight` sets `fit_score.LEGITIMATE_WEIGHT`: for each weight of
WEIGHT_GRID, folded by candidate (the default; the held-out part is split by a hash of
the name, so one organisation's names fall on both sides of it, as they
fall in several folds here), how far each of issue 13's two aims is
cleared, in standard errors; the weight whose weaker margin is largest.

What it reuses of `fit_score.py`: the training rows (with each name's own
contribution left out of the combo words' table and the popular-name
counts) and the fit with the signs fixed by evidence. The typing channel is
held at 0, the value every fit since session 13 has chosen, so that one fit
is one Newton solve rather than one for each weight of `CHANNEL_GRID`.
Folds are by candidate (CRC-32 of the name modulo 5), so that every answer
of a name falls in the same fold. `--folds-by prefix` folds by the first
PREFIX_CHARS characters of the name's first label instead, so that one
organisation's numbered or suffixed names (`cdnhwc5`, `cdnhwc6`;
`xhamster1`, `xhamster42`) fall together and a feature cannot learn a
sibling's answer from another fold: session 20's three features saved 30
popular names by candidate and 9 by prefix. The features are those of the weights the
rows were extracted with: which explanation wins for a pair depends on the
weights, which a refit changes, so a feature's gain here is a forecast, not
a measurement (session 18: a table of TLD log-odds saved 11 names of the
fitting part here and 1 in the refit).

Standard library only.
"""

import argparse
import math
import os
import sys
import zlib
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit_score  # noqa: E402

FOLDS = 5
THRESHOLD = 0.5
# Issue 13's aims at THRESHOLD, which `--choose-weight` keeps both clear of:
# at most this share of the popular names flagged...
POPULAR_AIM = 0.01
# ...and at least this share of the real lookalikes caught.
LOOKALIKE_AIM = 0.85
# The legitimate weights `--choose-weight` tries (`fit_score.LEGITIMATE_WEIGHT`).
WEIGHT_GRID = tuple(1.0 + 0.25 * i for i in range(9))
# How much of a name's first label `--folds-by prefix` reads: enough to keep
# `cdnhwc5` with `cdnhwc6` and `awsdns-07` with `awsdns-61`.
PREFIX_CHARS = 5


def fold_of(candidate):
    """The fold of a candidate: all its answers fall in one."""
    return zlib.crc32(candidate.encode("utf-8")) % FOLDS


def fold_by_prefix(candidate):
    """The fold of a candidate's label prefix: siblings fall in one."""
    return zlib.crc32(candidate.split(".")[0][:PREFIX_CHARS].encode("utf-8")) % FOLDS


def score(x, beta):
    """A training row's score with the typing channel at 0 (`x` ends with
    the typing prior and the reach, as `fit_score.training_rows` builds
    it), by the fit's own link."""
    features = (1.0,) + x[:-2]
    _, p = fit_score.probability(features, 0.0, x[-1], beta, range(len(beta)))
    return p


def fold_word_odds(names, data, found, seen, in_fold):
    """`data` with each combo's `combo_word_odds` read from a table of the
    words of the names outside the fold (`in_fold(candidate)` says which
    are in it): a name of the fold sees the table as a held-out name sees
    the embedded one, without its own name and without its siblings' (a
    training name still without its own, as `fit_score.training_rows`
    reads it)."""
    odds_at = names.index("combo_word_odds")
    kept = {key: words for key, words in seen.items() if not in_fold(key[0])}
    counts, totals = fit_score.word_counts(kept)
    out = []
    for (x, y), r in zip(data, found):
        if any(float(r[f]) != 0.0 for f in fit_score.COMBO_FAMILIES):
            words = seen.get((r["candidate"], y), set())
            counted = not in_fold(r["candidate"])
            odds = fit_score.left_out_odds(words, y, counts, totals, counted)
            x = x[:odds_at] + (odds,) + x[odds_at + 1:]
        out.append((x, y))
    return out


def cross_validate(header, rows, legitimate_weight, fold_of=fold_of, l2=fit_score.L2):
    """Popular names flagged and lookalikes caught, each fold's rows scored
    by the fit on the other folds (`fold_of` a name's fold), and the
    out-of-fold log-likelihood of the answers, each class weighed as the
    reference mix weighs it (a mean per answer): ((flagged, popular),
    (caught, lookalikes), likelihood). The fit reads `legitimate_weight` and
    the penalty `l2` from `fit_score`'s constants."""
    fit_score.LEGITIMATE_WEIGHT = legitimate_weight
    fit_score.L2 = l2
    seen = fit_score.combo_word_counts(rows)
    names, data = fit_score.training_rows(header, rows, seen)
    found = [r for r in rows if r["split"] == "fit" and r["found"] == "1"]
    popular = {r["candidate"] for r in rows if r["split"] == "fit" and r["relation"] == "popular"}
    lookalikes = {(r["candidate"], r["target"]) for r in rows
                  if r["split"] == "fit" and r["label"] == "1"}
    flagged = caught = 0
    log_likelihood, answers = [0.0, 0.0], [0, 0]
    for k in range(FOLDS):
        fold_data = fold_word_odds(names, data, found, seen, lambda c: fold_of(c) == k)
        train = [d for d, r in zip(fold_data, found) if fold_of(r["candidate"]) != k]
        beta, _, _ = fit_score.fit_monotone(names, train, 0.0)
        best = defaultdict(float)
        for (x, y), r in zip(fold_data, found):
            if fold_of(r["candidate"]) != k:
                continue
            p = min(max(score(x, beta), 1e-9), 1.0 - 1e-9)
            log_likelihood[y] += math.log(p if y else 1.0 - p)
            answers[y] += 1
            key = r["candidate"] if r["relation"] == "popular" else (r["candidate"], r["target"])
            best[key] = max(best[key], p)
        flagged += sum(1 for n in popular if fold_of(n) == k and best[n] >= THRESHOLD)
        caught += sum(1 for p in lookalikes if fold_of(p[0]) == k and best[p] >= THRESHOLD)
    share = (legitimate_weight / (1.0 + legitimate_weight), 1.0 / (1.0 + legitimate_weight))
    likelihood = sum(share[y] * log_likelihood[y] / max(answers[y], 1) for y in (0, 1))
    return (flagged, len(popular)), (caught, len(lookalikes)), likelihood


def margins(flagged, popular, caught, lookalikes):
    """How far each aim is cleared, in standard errors of a share at the
    aim (binomial): (popular names, lookalikes); negative when missed."""
    popular_sd = math.sqrt(popular * POPULAR_AIM * (1.0 - POPULAR_AIM))
    lookalike_sd = math.sqrt(lookalikes * LOOKALIKE_AIM * (1.0 - LOOKALIKE_AIM))
    return ((POPULAR_AIM * popular - flagged) / popular_sd,
            (caught - LOOKALIKE_AIM * lookalikes) / lookalike_sd)


def choose_weight(header, rows, fold, l2):
    """The weight of WEIGHT_GRID whose weaker margin (`margins`) is largest:
    both aims must hold on names the fit never saw, and a weight that
    clears one by far and the other by a hair is a coin toss on the next
    sample."""
    best = None
    for w in WEIGHT_GRID:
        (flagged, popular), (caught, lookalikes), _ = cross_validate(header, rows, w, fold, l2)
        m = margins(flagged, popular, caught, lookalikes)
        print("legitimate weight %g: popular names flagged %d (margin %.2f), "
              "lookalikes caught %d (margin %.2f)" % (w, flagged, m[0], caught, m[1]))
        if best is None or min(m) > best[0]:
            best = (min(m), w)
    print("chosen: %g (weaker margin %.2f standard errors)" % (best[1], best[0]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", help="the output of examples/corpus_features.rs")
    ap.add_argument("--weights", default=str(fit_score.LEGITIMATE_WEIGHT),
                    help="legitimate weights to try, comma-separated")
    ap.add_argument("--folds-by", choices=("candidate", "prefix"), default="candidate",
                    help="fold by the whole name, or by its first label's first characters")
    ap.add_argument("--l2", default=str(fit_score.L2),
                    help="L2 penalties to try, comma-separated (fit_score.L2 is chosen so)")
    ap.add_argument("--choose-weight", action="store_true",
                    help="try every weight of WEIGHT_GRID and name the one that clears "
                    "both aims by the most (fit_score.LEGITIMATE_WEIGHT is chosen so)")
    args = ap.parse_args()
    fold = fold_by_prefix if args.folds_by == "prefix" else fold_of
    with open(args.rows, encoding="utf-8") as f:
        lines = f.read().splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    extra = header[header.index("reach") + 1:][len(fit_score.feature_names()):]
    print("features beyond the crate's: %s" % (", ".join(extra) or "none"))
    if args.choose_weight:
        choose_weight(header, rows, fold, float(args.l2.split(",")[0]))
        return
    for l2 in (float(v) for v in args.l2.split(",")):
        for w in (float(v) for v in args.weights.split(",")):
            (flagged, popular), (caught, lookalikes), likelihood = cross_validate(
                header, rows, w, fold, l2)
            print("L2 %g, legitimate weight %g: popular names flagged %d of %d (%.2f%%), "
                  "lookalikes caught %d of %d (%.1f%%), out of fold at %.1f; "
                  "log-likelihood %.5f an answer"
                  % (l2, w, flagged, popular, 100.0 * flagged / popular,
                     caught, lookalikes, 100.0 * caught / lookalikes, THRESHOLD, likelihood))


if __name__ == "__main__":
    main()
