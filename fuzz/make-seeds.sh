#!/usr/bin/env bash
# Writes the seed corpus of the fuzz targets: fuzz/seeds/<target>/<name>.
#
# Real names and hostile ones, each kind named: NUL, invalid UTF-8, bidi
# controls, zero-width joiners, emoji, mixed scripts, `xn--` and invalid
# punycode, 63/64-octet labels, 253/254-octet names, IP literals,
# `user@[127.0.0.1]`, quoted local parts, `@@`, only dots, leading hyphens,
# underscores, URLs. Non-ASCII bytes are written as \x escapes with the code
# point named beside them, so that every seed can be read here. The seeds are
# committed; run this again after editing it (`bash fuzz/make-seeds.sh`).
# libFuzzer's own corpus (fuzz/corpus/, not committed) grows from them.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf seeds
mkdir -p seeds/{parse,generate,check,check_email,compare,cli_lines}

rep() { # rep TEXT N: TEXT N times
  local out="" i
  for ((i = 0; i < $2; i++)); do out+="$1"; done
  printf '%s' "$out"
}
a63=$(rep a 63)
a64=$(rep a 64)
b57=$(rep b 57)

# name|printf format (no `%` in formats but `%%`).
names=(
  # Real names.
  "paypal|paypal.com"
  "army-mil|army.mil"
  "army-ml|army.ml"
  "www-bbc-co-uk|www.bbc.co.uk"
  "munchen|m\xc3\xbcnchen.de"                      # ü
  "munchen-punycode|xn--mnchen-3ya.de"
  "munchen-upper|M\xc3\x9cNCHEN.DE"                # Ü
  "xn-inside-upper|AXN--MNCHEN-3YFA.DE"            # `xn--` inside a label, upper case (found by the fuzzer)
  "russian-rf|\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80.\xd1\x80\xd1\x84" # пример.рф
  "github-io|someone.github.io"
  "spaces-trailing-dot|  PayPal.COM.  "
  "tabs-cr|\t paypal.com \r"
  "paypa1|paypa1.com"
  "rnicrosoft|rnicrosoft.com"
  "combosquat|paypal-login.com"
  "embedded|login.paypal.com.evil.io"
  "long-brand|internationalbusinessmachines.com"
  # Mixed and whole scripts.
  "cyrillic-a-mixed|p\xd0\xb0ypal.com"             # Cyrillic а
  "greek-mixed|\xcf\x81\xce\xb1ypal.com"           # Greek ρα
  "whole-script-apple|\xd0\xb0\xd1\x80\xd1\x80\xd3\x8f\xd0\xb5.com" # аррӏе
  "cyrillic-apple-punycode|xn--80ak6aa92e.com"
  "latin-greek-cyrillic|a\xce\xb1\xd0\xb0.com"     # a α а
  "fullwidth|\xef\xbd\x90\xef\xbd\x81\xef\xbd\x99pal.com" # ｐａｙ
  "ideographic-dot|paypal\xe3\x80\x82com"          # 。
  "fullwidth-dot|paypal\xef\xbc\x8ecom"            # ．
  # NUL and invalid UTF-8.
  "nul-inside|pay\x00pal.com"
  "nul-only|\x00"
  "nul-after|paypal.com\x00"
  "invalid-utf8|\xff\xfe.com"
  "truncated-utf8|pay\xc3.com"
  "overlong-utf8|\xc0\xaf.com"
  "surrogate-utf8|\xed\xa0\x80.com"
  "c1-control|pay\xc2\x9bpal.com"                  # U+009B CSI
  "escape-sequence|\x1b[31mpaypal.com"
  # Bidi controls and invisible characters.
  "bidi-rlo|\xe2\x80\xaepaypal.com"                # U+202E
  "bidi-isolates|\xe2\x81\xa6moc.lapyap\xe2\x81\xa9" # U+2066 … U+2069
  "bidi-rlm|paypal\xe2\x80\x8f.com"                # U+200F
  "arabic-letter-mark|\xd8\x9cpaypal.com"          # U+061C
  "zwj|pay\xe2\x80\x8dpal.com"                     # U+200D
  "zwnj|pay\xe2\x80\x8cpal.com"                    # U+200C
  "zwsp|pay\xe2\x80\x8bpal.com"                    # U+200B
  "soft-hyphen|pay\xc2\xadpal.com"                 # U+00AD
  "line-separator|paypal.com\xe2\x80\xa8army.ml"   # U+2028
  "bom|\xef\xbb\xbfpaypal.com"                     # U+FEFF
  # Emoji.
  "emoji|\xf0\x9f\x92\xa9.la"                      # 💩
  "emoji-punycode|xn--ls8h.la"
  "emoji-skin-tone|\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd.com" # 👍🏽
  "emoji-zwj-sequence|\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb.com" # 👩‍💻
  "emoji-in-label|paypal\xf0\x9f\x99\x82.com"      # 🙂
  # Other code points.
  "combining-marks|a\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81.com" # a + 6 × U+0301
  "private-use|\xee\x80\x80.com"                   # U+E000
  "max-code-point|\xf4\x8f\xbf\xbf.com"            # U+10FFFF
  "replacement-char|\xef\xbf\xbd.com"              # U+FFFD
  "eszett|stra\xc3\x9fe.de"                        # ß
  # Punycode.
  "xn-bare|xn--"
  "xn-empty|xn--.com"
  "xn-a|xn--a.com"
  "xn-a-bare|xn--a"
  "xn-invalid-digits|xn--55555577.com"
  "xn-invalid-char|xn--pay_pal-.com"
  "xn-upper|XN--MNCHEN-3YA.DE"
  "xn-tld|xn--p1ai"
  "xn-under-idn-tld|example.xn--p1ai"
  "xn-ascii-only|xn--paypal-.com"
  "xn-double|xn--xn--mnchen-3ya.de"
  # Lengths.
  "label-63|$a63.com"
  "label-64|$a64.com"
  "name-253|$a63.$a63.$a63.$b57.com"
  "name-254|$a63.$a63.$a63.${b57}b.com"
  "input-1024|$(rep a 1020).com"
  "input-1025|$(rep a 1021).com"
  "many-labels|$(rep a. 120)com"
  # IP literals and addresses.
  "ipv4|127.0.0.1"
  "ipv4-hex|0x7f.0.0.1"
  "ipv6|::1"
  "ipv6-brackets|[::1]"
  "user-ipv4-literal|user@[127.0.0.1]"
  "user-ipv6-literal|user@[IPv6:2001:db8::1]"
  "quoted-local|\"a@b\"@paypa1.com"
  "quoted-escape|\"a\\\\\"b@c\"@army.ml"
  "quoted-unterminated|\"unterminated@army.ml"
  "display-name|Some One <someone@army.ml>"
  "display-name-quoted|\"One, Some <x@y.z>\" <someone@army.ml>"
  "angle-unbalanced|<<someone@army.ml"
  "at-at|@@"
  "at|@"
  "double-at|a@@army.ml"
  "no-local|@paypal.com"
  "no-domain|nobody@"
  "long-local|$(rep a 2100)@army.ml"
  # Dots, hyphens, underscores.
  "empty|"
  "blank|   "
  "dot|."
  "dots|...."
  "dot-com|.com"
  "double-dot|a..com"
  "leading-hyphen|-paypal.com"
  "trailing-hyphen|paypal-.com"
  "hyphens-3-4|ab--cd.com"
  "only-hyphens|--.com"
  "underscore-sub|_dmarc.paypal.com"
  "underscore-label|pay_pal.com"
  "public-suffix|co.uk"
  "unknown-tld|example.notatld"
  # URLs.
  "url|https://login.paypa1.com/signin?x=1#y"
  "url-userinfo-port|http://user:pw@paypa1.com:8080/"
  "url-upper|HTTPS://PAYPA1.COM"
  "url-no-scheme|paypa1.com/login"
  "url-ipv6|http://[::1]:80/"
  "url-empty-host|http:///path"
  "url-only-sep|://"
  "url-scheme-only|ftp://"
  "url-javascript|javascript:alert(1)"
  "url-at-trick|http://paypal.com@evil.com/"
  "url-backslash|http://evil.com\\\\@paypal.com/"
  "url-huge-port|http://paypa1.com:99999999999999999999/"
  "url-percent|http://payp%%61l.com/"
  "url-idn|https://xn--80ak6aa92e.com/"
  "mailto|mailto:someone@army.ml?subject=hi"
)

put() { # put TARGET NAME FORMAT...
  local target=$1 name=$2
  shift 2
  # shellcheck disable=SC2059
  printf -- "$@" >"seeds/$target/$name"
}

all=""
for entry in "${names[@]}"; do
  name=${entry%%|*}
  format=${entry#*|}
  for target in parse check check_email; do
    put "$target" "$name" "$format"
  done
  # generate: kind mask 0 (all kinds), at most 16 variants, then the name.
  put generate "$name" "\x00\x00\x10$format"
  # compare: against paypal.com (the target's default).
  put compare "$name" "$format"
  all+="$format\n"
done

# generate: single kinds and small caps.
put generate omission-only '\x01\x00\xffpaypal.com'
put generate idn-homoglyph-only '\x00\x01\x40m\xc3\xbcnchen.de'
put generate tld-swap-only '\x00\x20\x05army.mil'
put generate zero-cap '\xff\xff\x00paypal.com'
put generate long-label-few-kinds "\x02\x00\x08$(rep ab 24).com"

# compare: real pairs, candidate then target.
put compare pair-homoglyph 'paypa1.com\npaypal.com'
put compare pair-tld-swap 'army.ml\narmy.mil'
put compare pair-whole-script '\xd1\x80\xd0\xb0\xd1\x83\xd1\x80\xd0\xb0\xd3\x8f.com\npaypal.com' # раураӏ
put compare pair-suffix 'bbc.uk\nbbc.co.uk'
put compare pair-embedding 'paypal.com-secure.net\npaypal.com'
put compare pair-long "$(rep ab 31)a.com\n$(rep ab 31)b.com"
put compare pair-bad-target 'paypal.com\n\xff'

# cli_lines: one options byte (bits 0-5 buffer size - 1, bit 6 JSON, bit 7
# long line), then standard input.
put cli_lines all-json "\x7f$all"
put cli_lines all-text "\x3f$all"
put cli_lines all-json-tiny-buffer "\x40$all"
put cli_lines crlf-mixes '\x42paypa1.com\r\n\r\narmy.ml\n\rx\r\r\n\n\r\nlast-without-newline'
put cli_lines crlf-mixes-text '\x02paypa1.com\r\n\r\narmy.ml\n\rx\r\r\n\n\r\nlast-without-newline'
put cli_lines empty-lines '\x40\n\n\n\n'
put cli_lines only-cr '\x40\r'
put cli_lines nul-lines '\x40\x00\n\x00\x00\npay\x00pal.com\n'
put cli_lines invalid-utf8-lines '\x45\xff\n\xc3\npay\xc3.com\r\n\xed\xa0\x80\n'
put cli_lines bidi-text '\x01\xe2\x80\xaepaypal.com\n\xe2\x81\xa6x\xe2\x81\xa9.com\n'
put cli_lines control-text '\x01\x1b[31mpaypa1.com\n\x07\x08\x7f\n'
# Long lines: a run of the third byte inserted at the second byte's place,
# MAX_LINE - 8 + (fourth byte mod 16) long. Inserted after the three option
# bytes, which start the same line: lines of MAX_LINE and MAX_LINE + 1 octets,
# and one of MAX_LINE + 1 whose last octet is the `\r` of a CRLF.
put cli_lines long-line-at-cap '\xc0\x03a\x05\nnext.com\n'
put cli_lines long-line-over '\xc0\x03a\x06\nnext.com\n'
put cli_lines long-line-crlf-at-cap '\xc0\x03\r\x06\nnext.com\r\n'
put cli_lines long-line-text '\x80\x00a\x0f\nnext.com\n'

echo "seeds: $(find seeds -type f | wc -l) files in $(ls seeds | wc -l) targets"
