#!/usr/bin/env python3
"""Build the reference corpus used to fit and evaluate the lookalike risk score.

Standard library only; deterministic (same inputs -> byte-identical outputs).
Run from anywhere:  python3 scripts/build_corpus.py

Inputs (all inside this repository):
  tests/data/lookalikes.tsv             labelled lookalikes (see tests/data/SOURCES.md)
  tests/data/near-legit.tsv             labelled legitimate near names
  data/top-domains.txt                  Tranco popular registrable domains, rank order
  corpus/sources/crypto-phishing-deny.txt   polkadot-js/phishing all.json `deny` (half)
  corpus/sources/crypto-phishing-allow.txt  polkadot-js/phishing all.json `allow`
  BRANDS (below)                        crypto brands, official domains, evidence

Outputs:
  corpus/positives.tsv  candidate, target, source, split
  corpus/negatives.tsv  candidate, target, relation, source, split
  corpus/brands.tsv     brand, domain, source

Target assignment for a phishing name (lower-cased, trailing dot dropped,
punycode labels decoded), tried in this order for every brand:
  1. brand token: a "sub" brand occurs anywhere in the name; a "token" brand
     (short or word-like) equals a whole label token (labels split on '.', '-',
     '_' and digits).
  2. homoglyph fold: the same test after folding both sides (Unicode marks
     stripped, dotless i / l-stroke / o-slash to ASCII, 0->o, 1->l, rn->m,
     vv->w, and i and l treated as one letter).
  3. one edit / two edits: a label token is within optimal-string-alignment
     Damerau-Levenshtein distance 1 of a "sub" brand of >= 6 letters, or 2 of
     one of >= 9 letters, and the token is not itself a common word (FUZZY_STOP).
A "sub" brand found only inside a word of SUB_EXCLUDE (another project's
name, e.g. "solanart") does not count.
A name is skipped when it is, or is under, the brand's official domain, and
when it matches brands with two different official domains (ambiguous).

The split (fixed, by hash): a row is `held` when the first byte of
SHA-256("lookalike-corpus-v1:" + candidate.lower()) is < 77 (about 30%),
else `fit`. (Not the plain SHA-256 of the name: the phishing list was itself
halved by the parity of that hash's first byte.)
"""

import hashlib
import os
import sys
import unicodedata
from collections import Counter, OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")
SRC = os.path.join(CORPUS, "sources")

PHISH_DENY = "polkadot-js/phishing all.json deny@f35b682"
PHISH_ALLOW = "polkadot-js/phishing all.json allow@f35b682"

SPLIT_SALT = "lookalike-corpus-v1:"
SPLIT_CUT = 77

# Evidence strings for brands.tsv.
TW = "trustwallet/assets {} (website field)"
PJ = ("polkadot-js/apps packages/apps-config/src/endpoints/"
      "productionRelayPolkadot.ts (homepage field)")
MM = "MetaMask/eth-phishing-detect src/config.json (fuzzylist: MetaMask's own protected domains)"
OFF = "official site"

# brand token, official registrable domain, mode, evidence.
# mode "sub": matched anywhere in the name, and by one/two edits;
# mode "token": must equal a whole label token (short or word-like brands).
# Aliases (several tokens, one domain) stand in for brands whose bare name is
# an ordinary word: ledger -> "ledgerlive"/"ledgerwallet", manta -> "mantanetwork".
BRANDS = [
    # wallets
    ("metamask", "metamask.io", "sub", MM),
    ("myetherwallet", "myetherwallet.com", "sub", MM),
    ("walletconnect", "walletconnect.com", "sub", OFF),
    ("trustwallet", "trustwallet.com", "sub", OFF),
    ("imtoken", "token.im", "sub", OFF),
    ("trezor", "trezor.io", "sub", OFF),
    ("ledgerlive", "ledger.com", "sub", OFF + " (Ledger Live is Ledger's app; bare 'ledger' is an ordinary word)"),
    ("ledgerwallet", "ledger.com", "sub", OFF + " (alias of Ledger; bare 'ledger' is an ordinary word)"),
    ("keplr", "keplr.app", "sub", OFF),
    ("rabby", "rabby.io", "token", OFF),
    ("subwallet", "subwallet.app", "sub", OFF),
    ("zerion", "zerion.io", "sub", OFF),
    ("atomicwallet", "atomicwallet.io", "sub", OFF),
    # exchanges
    ("coinbase", "coinbase.com", "sub", OFF),
    ("binance", "binance.com", "sub", OFF),
    ("kraken", "kraken.com", "sub", OFF),
    ("kucoin", "kucoin.com", "sub", OFF),
    ("bybit", "bybit.com", "sub", OFF),
    ("okx", "okx.com", "token", OFF),
    ("bitget", "bitget.com", "sub", OFF),
    ("mexc", "mexc.com", "token", OFF),
    ("bitfinex", "bitfinex.com", "sub", OFF),
    ("bitstamp", "bitstamp.net", "sub", OFF),
    ("poloniex", "poloniex.com", "sub", OFF),
    ("hyperliquid", "hyperliquid.xyz", "sub", OFF),
    # DeFi, NFT, tools
    ("uniswap", "uniswap.org", "sub", TW.format("blockchains/ethereum/assets/0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984/info.json")),
    ("pancakeswap", "pancakeswap.finance", "sub", TW.format("blockchains/smartchain/assets/0x0E09FaBB73Bd3Ade0a17ECC321fD13a19e81cE82/info.json")),
    ("aave", "aave.com", "token", TW.format("blockchains/ethereum/assets/0x7Fc66500c84A76Ad7e9c93437bFc5Ac33E2DDaE9/info.json")),
    ("lido", "lido.fi", "token", TW.format("blockchains/ethereum/assets/0x5A98FcBEA516Cf06857215779Fd812CA3beF1B32/info.json") + " (stake.lido.fi)"),
    ("lidofinance", "lido.fi", "sub", TW.format("blockchains/ethereum/assets/0x5A98FcBEA516Cf06857215779Fd812CA3beF1B32/info.json") + " (stake.lido.fi)"),
    ("1inch", "1inch.io", "sub", OFF),
    ("chainlink", "chain.link", "sub", TW.format("blockchains/ethereum/assets/0x514910771AF9Ca656af840dff83E8264EcF986CA/info.json")),
    ("layerzero", "layerzero.network", "sub", TW.format("blockchains/ethereum/assets/0x6985884C4392D348587B19cb9eAAf157F13271cd/info.json")),
    ("zksync", "zksync.io", "sub", OFF),
    ("starknet", "starknet.io", "sub", TW.format("blockchains/ethereum/assets/0xCa14007Eff0dB1f8135f4C25B34De49AB0d42766/info.json")),
    ("arbitrum", "arbitrum.io", "sub", OFF),
    ("opensea", "opensea.io", "sub", OFF),
    ("magiceden", "magiceden.io", "sub", OFF),
    ("dappradar", "dappradar.com", "sub", OFF),
    ("seedify", "seedify.fund", "sub", TW.format("blockchains/smartchain/assets/0x477bC8d23c634C154061869478bce96BE6045D12/info.json")),
    ("polkastarter", "polkastarter.com", "sub", TW.format("blockchains/ethereum/assets/0x83e6f1E41cdd28eAcEB20Cb649155049Fac3D5Aa/info.json")),
    ("rocketpool", "rocketpool.net", "sub", TW.format("blockchains/ethereum/assets/0xD33526068D116cE69F19A9ee46F0bd304F21A51f/info.json")),
    ("pendle", "pendle.finance", "sub", TW.format("blockchains/ethereum/assets/0x808507121B80c02388fAd14726482e061B8da827/info.json")),
    ("ethena", "ethena.fi", "sub", TW.format("blockchains/ethereum/assets/0x57e114B691Db790C35207b2e685D4A43181e6061/info.json")),
    ("apecoin", "apecoin.com", "sub", TW.format("blockchains/ethereum/assets/0x4d224452801ACEd8B2F0aebE155379bb5D594381/info.json")),
    ("worldcoin", "worldcoin.org", "sub", OFF),
    ("debank", "debank.com", "sub", OFF),
    ("etherscan", "etherscan.io", "sub", OFF),
    ("coingecko", "coingecko.com", "sub", OFF),
    ("coinmarketcap", "coinmarketcap.com", "sub", OFF),
    ("raydium", "raydium.io", "sub", OFF),
    ("galxe", "galxe.com", "sub", OFF),
    # chains
    ("polkadot", "polkadot.network", "sub", TW.format("blockchains/polkadot/info/info.json")),
    ("kusama", "kusama.network", "sub", TW.format("blockchains/kusama/info/info.json")),
    ("acala", "acala.network", "sub", PJ),
    ("astar", "astar.network", "token", PJ),
    ("mantanetwork", "manta.network", "sub", PJ + " (alias of Manta; bare 'manta' is an ordinary word)"),
    ("moonbeam", "moonbeam.network", "sub", PJ),
    ("peaq", "peaq.network", "token", PJ),
    ("ethereum", "ethereum.org", "sub", OFF),
    ("solana", "solana.com", "sub", OFF),
    ("avax", "avax.network", "token", OFF + " (Avalanche; bare 'avalanche' is an ordinary word)"),
    ("cardano", "cardano.org", "sub", OFF),
    ("berachain", "berachain.com", "sub", OFF),
]

# Label tokens that are ordinary words (or other projects) and so never count
# as a one/two-edit variant of a brand (e.g. "finance" is one edit from "binance").
FUZZY_STOP = {
    "finance", "balance",
    # other real projects or words, checked by reading the one/two-edit hits
    "zetachain", "metachain",            # ZetaChain etc., not Berachain
    "chainlist", "chainlisl", "chainlict", "chainlive", "claimlink",  # chainlist.org, not Chainlink
    "webwallet", "duewallet", "mobwallet",  # generic, not SubWallet
    "truewallet",                        # not clearly Trust Wallet
    "goldcoin",                          # not Worldcoin
    "kzcoin", "ucoin",                   # not clearly KuCoin
    "thena",                             # THENA is another DEX, not Ethena
    "perion",                            # Perion is a company, not Zerion
    "mantlenetwork", "hananetwork",      # Mantle, Hana: other networks
    "bitgert",                           # Bitgert is another project, not Bitget
    "imxtoken", "iutoken",               # IMX is Immutable's token
    "zsync", "ksync",                    # zsync is a file tool; not zkSync
}


# A brand found only inside one of these words is not that brand
# (found by reading the substring hits).
SUB_EXCLUDE = {
    "solana": ("solanart",),       # Solanart, an NFT marketplace (solanart.io)
    "acala": ("bacaland",),
    "ethena": ("migratethena",),   # reads as "migrate thena" (THENA, another DEX)
    "zerion": ("azerion",),        # Azerion, an advertising company
}


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def read_tsv(path):
    lines = [l for l in read_lines(path) if l.strip()]
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:]]


def split_of(candidate):
    h = hashlib.sha256((SPLIT_SALT + candidate.lower()).encode("utf-8")).digest()
    return "held" if h[0] < SPLIT_CUT else "fit"


def decode_name(name):
    out = []
    for label in name.split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                pass
        out.append(label)
    return ".".join(out)


def norm(name):
    name = name.strip().lower().rstrip(".")
    return name


EXTRA_FOLD = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ß": "ss"}


def fold(s):
    s = "".join(EXTRA_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("0", "o").replace("1", "l").replace("rn", "m").replace("vv", "w")
    return s.replace("i", "l")


def tokens(s):
    out, cur = [], []
    for c in s:
        if c in ".-_" or c.isdigit():
            if cur:
                out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    if cur:
        out.append("".join(cur))
    return out


def fold_tokens(s):
    # fold per token, before digits are turned into letters, so that '0'/'1'
    # inside a word still fold but separators stay separators.
    out, cur = [], []
    for c in s:
        if c in ".-_":
            if cur:
                out.append(fold("".join(cur)))
            cur = []
        else:
            cur.append(c)
    if cur:
        out.append(fold("".join(cur)))
    return out


def osa(a, b, cap):
    """Optimal string alignment distance, or cap+1 when larger than cap."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2 = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


def under(name, domain):
    return name == domain or name.endswith("." + domain)


def match_brands(name):
    """Return {domain: (brand, rule)} for every brand the name matches."""
    u = decode_name(name)
    toks = tokens(u)
    ftoks = fold_tokens(u)
    fu = ".".join(ftoks)
    hits = OrderedDict()
    for brand, domain, mode, _ in BRANDS:
        rule = None
        if mode == "sub":
            ex = SUB_EXCLUDE.get(brand, ())
            if brand in u and not any(w in u for w in ex):
                rule = "brand token"
            elif any(w in u for w in ex):
                pass
            elif brand[0].isdigit():
                # "1inch" folds to "llnch", which hides inside words
                # ("merlinchain"): a folded token must start with it.
                if any(t.startswith(fold(brand)) for t in ftoks):
                    rule = "homoglyph fold"
            elif fold(brand) in fu:
                rule = "homoglyph fold"
        else:
            if brand in toks:
                rule = "brand token"
            elif fold(brand) in ftoks:
                rule = "homoglyph fold"
        if rule is None and mode == "sub" and len(brand) >= 6 and not brand[0].isdigit():
            cap = 2 if len(brand) >= 9 else 1
            for t in toks:
                if t in FUZZY_STOP or t == brand:
                    continue
                d = osa(t, brand, cap)
                if d <= cap:
                    rule = "one edit" if d == 1 else "two edits"
                    break
        if rule and domain not in hits:
            hits[domain] = (brand, rule)
    # drop a brand whose token lies inside another matched brand's token
    # (e.g. "ethereum" inside "myetherwallet" cannot happen, but "lido" inside
    # "lidofinance" maps to the same domain anyway).
    return hits


def build_positives():
    rows = []
    seen = set()
    for r in read_tsv(os.path.join(ROOT, "tests/data/lookalikes.tsv")):
        c = r["candidate"]
        if c.lower() in seen:
            continue
        seen.add(c.lower())
        rows.append((c, r["target"], r["source"], split_of(c)))
    stats = Counter()
    for line in read_lines(os.path.join(SRC, "crypto-phishing-deny.txt")):
        name = norm(line)
        if not name or name in seen:
            stats["duplicate or empty"] += 1 if name else 0
            continue
        hits = match_brands(name)
        if not hits:
            stats["no brand"] += 1
            continue
        if len(hits) > 1:
            stats["ambiguous (two brands)"] += 1
            continue
        domain, (brand, rule) = next(iter(hits.items()))
        if under(name, domain):
            stats["official domain or under it"] += 1
            continue
        seen.add(name)
        rows.append((name, domain, "%s (%s)" % (PHISH_DENY, rule), split_of(name)))
        stats["assigned: " + rule] += 1
    return rows, stats


# Names in top-domains.txt that a brand owns (its other TLDs), checked by hand.
BRAND_OWN = {
    "walletconnect.org": "WalletConnect's earlier site (its docs were at docs.walletconnect.org)",
    "binance.org": "BNB Chain (formerly Binance Chain) site run by Binance",
    "binance.us": "Binance.US, Binance's US affiliate",
    "binance.vision": "Binance's public market-data site (data.binance.vision)",
    "pancakeswap.info": "PancakeSwap's analytics site",
}
# Names that contain a brand token but belong to a different organisation.
OTHER_ORG = {
    "gitkraken.com": "GitKraken (Axosoft), a Git client",
    "gitkraken.dev": "GitKraken (Axosoft), a Git client",
    "krakenfiles.com": "KrakenFiles, a file host",
    "azerioncircle.com": "Azerion, an advertising company",
}


def build_negatives():
    rows = []
    for r in read_tsv(os.path.join(ROOT, "tests/data/near-legit.tsv")):
        rows.append((r["candidate"], r["target"], r["relation"], r["source"], split_of(r["candidate"])))
    top = [norm(l) for l in read_lines(os.path.join(ROOT, "data/top-domains.txt")) if l.strip()]
    for rank, name in enumerate(top[1000:], start=1001):
        rows.append((name, "", "popular", "top-domains.txt (Tranco list, rank %d)" % rank, split_of(name)))
    for line in read_lines(os.path.join(SRC, "crypto-phishing-allow.txt")):
        name = norm(line)
        if name:
            rows.append((name, "", "platform", PHISH_ALLOW, split_of(name)))
    officials = {d for _, d, _, _ in BRANDS}
    for rank, name in enumerate(top, start=1):
        if rank <= 1000:
            continue
        if any(under(name, d) for d in officials):
            continue
        hits = match_brands(name)
        if name in OTHER_ORG and not hits:
            # excluded from positives by SUB_EXCLUDE, but a hard negative here
            hits = {d: (b, "brand token") for b, d, m, _ in BRANDS if m == "sub" and b in name}
        if len(hits) != 1:
            continue
        domain, (brand, rule) = next(iter(hits.items()))
        if rule not in ("brand token",):
            continue
        src = "top-domains.txt (Tranco list, rank %d)" % rank
        if name in BRAND_OWN:
            rows.append((name, domain, "brand_own", src + "; " + BRAND_OWN[name], split_of(name)))
        elif name in OTHER_ORG:
            rows.append((name, domain, "brand_context", src + "; different organisation: " + OTHER_ORG[name], split_of(name)))
        else:
            rows.append((name, domain, "brand_context", src + "; owner not checked", split_of(name)))
    return rows


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def main():
    pos, stats = build_positives()
    neg = build_negatives()
    write_tsv(os.path.join(CORPUS, "positives.tsv"), ["candidate", "target", "source", "split"], pos)
    write_tsv(os.path.join(CORPUS, "negatives.tsv"), ["candidate", "target", "relation", "source", "split"], neg)
    rank = {}
    for i, l in enumerate(read_lines(os.path.join(ROOT, "data/top-domains.txt")), start=1):
        rank.setdefault(norm(l), i)
    brows = []
    for b, d, _, s in BRANDS:
        if d in rank:
            s += "; in top-domains.txt (Tranco) at rank %d" % rank[d]
        elif s.startswith(OFF):
            sys.exit("brand %s: 'official site' needs a top-domains.txt entry or a citation" % b)
        brows.append((b, d, s))
    write_tsv(os.path.join(CORPUS, "brands.tsv"), ["brand", "domain", "source"], brows)
    print("deny list:", dict(sorted(stats.items())), file=sys.stderr)
    pc = Counter()
    for c, t, s, sp in pos:
        key = s if not s.startswith(PHISH_DENY) else s
        if not s.startswith(PHISH_DENY):
            key = "tests/data/lookalikes.tsv"
        pc[(key, sp)] += 1
    print("positives:", file=sys.stderr)
    for k in sorted({k for k, _ in pc}):
        print("  %-70s fit %5d held %5d" % (k, pc[(k, "fit")], pc[(k, "held")]), file=sys.stderr)
    nc = Counter((r[2], r[4]) for r in neg)
    print("negatives:", file=sys.stderr)
    for k in sorted({k for k, _ in nc}):
        print("  %-20s fit %5d held %5d" % (k, nc[(k, "fit")], nc[(k, "held")]), file=sys.stderr)
    print("brands:", len(BRANDS), "tokens,", len({d for _, d, _, _ in BRANDS}), "domains", file=sys.stderr)


if __name__ == "__main__":
    main()
