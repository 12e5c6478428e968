#!/usr/bin/env python3
"""word-frequency.tsv: how common each English word is, and how often it turns up inside popular domain names.

Columns: word (a-z, 2-20 letters), zipf (log10 of occurrences per billion words, 2 decimals),
popular (how many labels of data/top-domains.txt contain the word as a substring, the held-out part of
corpus/ left out: see below).

Sources, both drawn from the Google Books Ngram corpus (Creative Commons Attribution 3.0), both pinned by
version and SHA-256 and fetched with the registries' own clients:

  * npm `norvig-frequencies` 0.0.0 (BSD): the 97,565 words of Peter Norvig's "Mayzner revisited" study of
    the Google Books English 1-grams (743.8 billion tokens), in decreasing order of frequency. It gives
    the order only, no counts.
  * crates.io `common-words-all` 0.0.2 (MIT): the 10,000 most frequent English 1-grams of Google Books
    Ngram v3 (20200217, books of 2010-2019) with their counts and cumulative corpus share.

zipf is read off a rank -> frequency curve: the counts of `common-words-all` give the measured Zipf value
at each rank 1..10,000 (count / corpus total, the total being the summed counts over the last cumulative
share); past rank 10,000 the curve goes on as the straight line in log-rank fitted to ranks 2,000-10,000.
A word's zipf is the curve's value at its rank in `norvig-frequencies`. So zipf is an estimate from rank,
monotone in it, not a count of that word.

popular: the label of a domain is approximated as the part before its first dot (so `bbc.co.uk` -> `bbc`,
`foo.blogspot.com` -> `foo`); that is close enough for "is this word common inside domain names".
Only names the score may learn from are counted: the first 1,000 (the protected list of the precision
study) and, past them, the names corpus/ puts in its fitting part. A name of the held-out part
(corpus/README.md, "The split": first byte of SHA-256 of "lookalike-corpus-v1:" + name below 77) is
skipped, because the held-out popular names are what the score's false positives are measured on.

Kept: the 30,000 most frequent words, plus every word of 3+ letters whose popular count is >= 5.
Then the popular names' own labels that are not words (`hubspot`, `yandex`, `t-mobile`), each with zipf
0.00, where at least two counted names hold the label: a brand is rarely an English word, and how many
popular names hold it is the same measure of chance meeting (an organisation's own names, `hubspot.es`,
`hubspotemail.net`, sit among them) whatever the dictionary says.

usage: make_word_frequency.py [TOP_DOMAINS] > word-frequency.tsv   (default data/top-domains.txt)
Needs npm and cargo on PATH and the registries reachable; output is deterministic for pinned inputs.
The crate embeds the table compiled (data/word-frequency.compiled.txt): write that again with
`LOOKALIKE_WRITE_TABLES=1 cargo test --lib compiled`.
"""
import hashlib, io, math, os, re, subprocess, sys, tarfile, tempfile
from collections import Counter
from pathlib import Path

NPM_PKG, NPM_VER = 'norvig-frequencies', '0.0.0'
NPM_SHA256 = '7678a3f17ba6cffba4eab7a999266fb04c275d77ca12c6aac1344caa6b96dfa4'
CRATE, CRATE_VER = 'common-words-all', '0.0.2'
CRATE_SHA256 = '84a6ff47eb813c9e315610ceca0ddd247827e22f2cdadc4189e4676a81470c77'
TOP_N, POPULAR_MIN, MIN_LEN, MAX_LEN = 30_000, 5, 2, 20
# A popular label held by itself alone says nothing a missing row does not.
LABEL_MIN = 2
FIT_FROM, FIT_TO = 2_000, 10_000
# The corpus split (scripts/build_corpus.py, `split_of`) and the precision
# study's protected head of the list, which is never a candidate.
SPLIT_SALT, SPLIT_CUT, PROTECTED_HEAD = 'lookalike-corpus-v1:', 77, 1_000


def held_out(name: str) -> bool:
    return hashlib.sha256((SPLIT_SALT + name.lower()).encode('utf-8')).digest()[0] < SPLIT_CUT


def check(data: bytes, want: str, what: str) -> bytes:
    got = hashlib.sha256(data).hexdigest()
    if got != want:
        sys.exit(f'{what}: sha256 {got}, expected {want}')
    return data


def npm_archive(tmp: Path) -> bytes:
    out = subprocess.run(['npm', 'pack', f'{NPM_PKG}@{NPM_VER}', '--silent', '--pack-destination', str(tmp)],
                         check=True, capture_output=True, text=True).stdout.split()[-1]
    return check((tmp / out).read_bytes(), NPM_SHA256, f'npm {NPM_PKG}@{NPM_VER}')


def crate_archive(tmp: Path) -> bytes:
    proj = tmp / 'fetch'
    (proj / 'src').mkdir(parents=True)
    (proj / 'src' / 'lib.rs').write_text('')
    (proj / 'Cargo.toml').write_text(
        '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n'
        f'{CRATE} = {{ version = "={CRATE_VER}", default-features = false, features = ["english", "one"] }}\n')
    subprocess.run(['cargo', 'fetch', '--quiet', '--manifest-path', str(proj / 'Cargo.toml')], check=True)
    home = Path(os.environ.get('CARGO_HOME', Path.home() / '.cargo'))
    found = sorted(home.glob(f'registry/cache/*/{CRATE}-{CRATE_VER}.crate'))
    if not found:
        sys.exit(f'{CRATE}-{CRATE_VER}.crate not in {home}/registry/cache')
    return check(found[0].read_bytes(), CRATE_SHA256, f'crate {CRATE}@{CRATE_VER}')


def member(archive: bytes, suffix: str) -> str:
    with tarfile.open(fileobj=io.BytesIO(archive), mode='r:gz') as t:
        (m,) = [m for m in t.getmembers() if m.name.endswith(suffix)]
        return t.extractfile(m).read().decode('utf-8')


def ranked_words(js: str) -> list[str]:
    m = re.search(r'module\.exports = "(.*?)"\.split', js, re.S)
    words = [w.lower() for w in m.group(1).split('\\n') if w]
    assert len(words) == 97_565 and len(set(words)) == len(words), len(words)
    return words


def zipf_curve(rs: str):
    recs = re.findall(r'Record \{ ngram: "((?:[^"\\]|\\.)*)", freq: ([0-9.]+), cumshare: Some\(([0-9.]+)\)', rs)
    assert len(recs) == 10_000, len(recs)
    freqs = [float(f) for _, f, _ in recs]
    assert freqs == sorted(freqs, reverse=True)
    total = sum(freqs) / float(recs[-1][2])          # corpus tokens
    head = [math.log10(f / total * 1e9) for f in freqs]  # measured zipf at rank 1..10,000
    xs = [math.log10(r) for r in range(FIT_FROM, FIT_TO + 1)]
    ys = head[FIT_FROM - 1:FIT_TO]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    end = head[-1]
    print(f'# corpus total {total:.4g} tokens; zipf(rank 1) {head[0]:.2f}, (rank 10000) {end:.2f}; '
          f'tail slope {slope:.3f} per decade of rank', file=sys.stderr)

    def curve(rank: int) -> float:
        return head[rank - 1] if rank <= len(head) else end + slope * (math.log10(rank) - math.log10(len(head)))
    return curve


def counted_labels(top_domains: Path) -> list[str]:
    """The labels of the names the score may learn from, in rank order."""
    labels = []
    for rank, line in enumerate(top_domains.read_text(encoding='utf-8').split(), 1):
        if rank > PROTECTED_HEAD and held_out(line.strip()):
            continue
        labels.append(line.strip().lower().split('.', 1)[0])
    return labels


def popular_counts(labels: list[str]) -> Counter:
    counts = Counter()
    for label in labels:
        subs = {label[i:j] for i in range(len(label))
                for j in range(i + MIN_LEN, min(len(label), i + MAX_LEN) + 1)}
        counts.update(subs)
    return counts


def main():
    top_domains = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / 'top-domains.txt')
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        words = ranked_words(member(npm_archive(tmp), 'lib/data.js'))
        curve = zipf_curve(member(crate_archive(tmp), 'src/generated/cwa_1grams_english.rs'))
    labels = counted_labels(top_domains)
    popular = popular_counts(labels)
    out = ['word\tzipf\tpopular']
    kept = 0
    listed = set()
    for rank, w in enumerate(words, 1):
        if not (re.fullmatch(r'[a-z]+', w) and MIN_LEN <= len(w) <= MAX_LEN):
            continue
        p = popular[w]
        if kept < TOP_N or (len(w) >= 3 and p >= POPULAR_MIN):
            out.append(f'{w}\t{curve(rank):.2f}\t{p}')
            listed.add(w)
        kept += 1
    words_kept = len(out) - 1
    for label in sorted(set(labels)):
        if (label not in listed and re.fullmatch(r'[a-z0-9-]+', label) and MIN_LEN <= len(label) <= MAX_LEN
                and popular[label] >= LABEL_MIN):
            out.append(f'{label}\t0.00\t{popular[label]}')
    print(f'# {words_kept} words, {len(out) - 1 - words_kept} popular labels', file=sys.stderr)
    # Sorted by word (byte order): the crate looks a word up by binary search
    # in the embedded text, with no table to build at start-up.
    out = out[:1] + sorted(out[1:], key=lambda row: row.split('\t')[0].encode())
    sys.stdout.write('\n'.join(out) + '\n')
    print(f'# {len(out) - 1} rows', file=sys.stderr)


if __name__ == '__main__':
    main()
