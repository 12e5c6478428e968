#!/usr/bin/env python3
"""Fit the score's weights on the fitting part of the reference corpus.

    python3 scripts/fit_score.py            # writes data/weights.tsv

What it does, in order:
1. Runs `examples/corpus_features.rs` with the current weights: every case of
   `corpus/` through `Matcher::check`, one row per answer with its features.
2. Keeps the rows of the fitting part (`split` = `fit`) that the matcher found:
   a positive's match with its own target (label 1) and every match of a
   negative (label 0). The held-out part is never read here.
3. Fits the deliberate channel's logistic regression, with an L2 penalty, by
   Fisher scoring, inside the score's own link: score = reach × (1 − (1 −
   σ(z)) × (1 − 0.9·typing)), the typing channel held at its prior (see
   `src/score/mod.rs`, `combined`). The two classes get equal total weight:
   the "reference mix" in which a score of 0.5 means a real lookalike is as
   likely as a legitimate name.
   Some weights have a sign fixed by the evidence before any fit (the
   visual prior may not be negative; a brand's commonness and shortness may
   not be positive); a fit of the wrong sign fixes them at 0.
4. Writes `data/weights.tsv`, then repeats from 1, because which explanation
   wins for a pair depends on the weights; it stops when the weights stop
   moving (or after `ROUNDS` rounds). Same corpus, same file: there is no
   randomness anywhere.

Standard library only, so that it runs wherever the crate builds.
"""

import math
import os
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEIGHTS = os.path.join(ROOT, "data", "weights.tsv")

# The L2 penalty on every weight but the bias: enough to keep a family seen
# in few rows near zero instead of at an extreme.
L2 = 1.0
# Newton steps per fit, and rounds of fit → re-extract.
STEPS = 40
ROUNDS = 5
# The typing channel's scale (`CHANNEL` in src/score/mod.rs).
CHANNEL = 0.9
# Weights whose sign the evidence fixes before any fit (see the docstring):
# a stronger visual prior never lowers a score, and a brand that
# is a commoner word, sits in more popular names or is shorter never raises
# one (issue 13; Chromium's top-domain and edit-distance rules). A fit that
# gives one the wrong sign fixes it at 0 and fits the rest again.
NOT_NEGATIVE = {"visual"}
NOT_POSITIVE = {"word_zipf", "popular_names", "contained_word_zipf",
                "contained_popular_names", "short_label"}


def extract(weights_path):
    """The corpus rows with features, as dicts, from the example."""
    cmd = [
        "cargo", "run", "-q", "--release", "--example", "corpus_features",
        "--", "corpus", weights_path,
    ]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    header = lines[0].split("\t")
    return header, [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def training_rows(header, rows):
    """(features, label) of the fitting part's found answers."""
    names = header[header.index("reach") + 1:]
    data = []
    for r in rows:
        if r["split"] != "fit" or r["found"] != "1":
            continue
        # The link's fixed parts ride along with the features: the typing
        # channel's probability and the reach.
        fixed = (CHANNEL * float(r["typing"]), float(r["reach"]))
        data.append((tuple(float(r[n]) for n in names) + fixed, int(r["label"])))
    return names, data


def solve(matrix, vector):
    """Gaussian elimination with partial pivoting: matrix · x = vector."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col and a[r][col] != 0.0:
                f = a[r][col] / a[col][col]
                for c in range(col, n + 1):
                    a[r][c] -= f * a[col][c]
    return [a[i][n] / a[i][i] if abs(a[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(names, data, fixed_zero=frozenset()):
    """Bias and weights of the deliberate channel, classes balanced.

    The score is p = r·(1 − (1 − σ(z))·(1 − t)) for a row's typing channel t
    and reach r; Fisher scoring maximises the penalised likelihood of the
    labels under it (with t = 0 and r = 1 it is plain IRLS)."""
    # Identical rows share one weighted row: most matches repeat a handful
    # of feature patterns, so this is what makes pure Python fast enough.
    grouped = defaultdict(lambda: [0.0, 0.0])
    for x, y in data:
        grouped[x][y] += 1.0
    total = [sum(g[c] for g in grouped.values()) for c in (0, 1)]
    scale = [0.5 / t if t else 0.0 for t in total]
    rows = [((1.0,) + x[:-2], x[-2], x[-1], g[1] * scale[1], g[0] * scale[0])
            for x, g in sorted(grouped.items())]
    free = [0] + [i + 1 for i, n in enumerate(names) if n not in fixed_zero]
    beta = [0.0] * (len(names) + 1)
    penalty = L2 / sum(total)
    for _ in range(STEPS):
        grad = [0.0] * len(free)
        info = [[0.0] * len(free) for _ in free]
        for x, t, r, pos, neg in rows:
            z = sum(beta[i] * x[i] for i in free)
            s = 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))
            p = min(max(r * (1.0 - (1.0 - s) * (1.0 - t)), 1e-9), 1.0 - 1e-9)
            dp = r * (1.0 - t) * s * (1.0 - s)
            if dp == 0.0:
                continue
            resid = (pos * (1.0 - p) - neg * p) * dp / (p * (1.0 - p))
            w = (pos + neg) * dp * dp / (p * (1.0 - p))
            for a, i in enumerate(free):
                grad[a] += resid * x[i]
                if x[i] == 0.0:
                    continue
                for b, j in enumerate(free):
                    info[a][b] += w * x[i] * x[j]
        for a, i in enumerate(free):
            if i != 0:
                grad[a] -= penalty * beta[i]
                info[a][a] += penalty
        step = solve(info, grad)
        for a, i in enumerate(free):
            beta[i] += step[a]
        if max(abs(s) for s in step) < 1e-9:
            break
    return beta


def fit_monotone(names, data):
    """`fit`, with negative monotone weights fixed at zero and refitted."""
    fixed = set()
    while True:
        beta = fit(names, data, frozenset(fixed))
        wrong = {n for i, n in enumerate(names)
                 if (n in NOT_NEGATIVE and beta[i + 1] < 0)
                 or (n in NOT_POSITIVE and beta[i + 1] > 0)}
        if not wrong - fixed:
            return beta, fixed
        fixed |= wrong


def write(names, beta, data, fixed, rnd):
    positives = sum(1 for _, y in data if y == 1)
    with open(WEIGHTS, "w") as f:
        f.write("# The fitted score's weights: logistic regression on the fitting part of\n")
        f.write("# corpus/ (scripts/fit_score.py, round %d): %d found lookalikes, %d found\n"
                % (rnd, positives, len(data) - positives))
        f.write("# legitimate answers, classes weighted equally, L2 %.1f, inside the score's\n" % L2)
        f.write("# link with the typing channel (src/score/mod.rs). Do not edit by hand:\n")
        f.write("# rerun the script. docs/scoring.md says what each feature is.\n")
        f.write("# name\tweight\n")
        f.write("bias\t%.4f\n" % beta[0])
        for i, n in enumerate(names):
            note = "\t# fixed at 0: the fit gave it the wrong sign" if n in fixed else ""
            f.write("%s\t%.4f%s\n" % (n, beta[i + 1], note))


def start(names):
    """The weights every run starts from, whatever `data/weights.tsv` holds:
    the visual prior alone (at 3, bias -2.5, the rest 0), so
    that a second run on the same corpus writes the same file."""
    with open(WEIGHTS, "w") as f:
        f.write("bias\t-2.5\n")
        for n in names:
            f.write("%s\t%s\n" % (n, 3.0 if n == "visual" else 0.0))


def feature_names():
    """The names of `src/score/features.rs`, in order."""
    with open(os.path.join(ROOT, "src", "score", "features.rs")) as f:
        text = f.read()
    block = text[text.index("pub const NAMES"):]
    block = block[block.index("= [") + 3:block.index("];")]
    return [w.strip().strip('",') for w in block.split() if w.strip().strip('",')]


def main():
    start(feature_names())
    previous = None
    for rnd in range(1, ROUNDS + 1):
        header, rows = extract(WEIGHTS)
        names, data = training_rows(header, rows)
        beta, fixed = fit_monotone(names, data)
        beta = [round(b, 4) for b in beta]
        write(names, beta, data, fixed, rnd)
        print("round %d: %d rows; %s" % (rnd, len(data), " ".join(
            "%s=%.2f" % (n, b) for n, b in zip(["bias"] + names, beta))), file=sys.stderr)
        if beta == previous:
            break
        previous = beta


if __name__ == "__main__":
    main()
