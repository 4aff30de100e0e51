#!/usr/bin/env bash
# tests/cli/brief.sh - oss-sim brief: the files it writes; brief.html parses,
# is self-contained (no network reference in any src or href: only inline
# CSS and SVG), and its key-effects table shows effect.csv's numbers; the
# tornado moves each judgement call; headless Chromium renders it to A4 pages
# (skipped with a note where Chromium is not installed); brief.md links its
# PNG charts, which exist.
#
#   OSS_SIM=/path/to/oss-sim tests/cli/brief.sh     (default: ./oss-sim)
#
# Output as tests/cli/run.sh: "ok NAME", "FAIL NAME" with reasons, or
# "skip NAME (why)", then "N passed, M failed"; non-zero exit if any failed.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
S=$root/scenarios
want_status() { [ "$st" = "$1" ] || bad "exit status $st, expected $1; stderr: $(head -c 600 "$err")"; }

# small runs: a few thousand agents, four replications (the brief runs the
# scenario, its reference and two runs per judgement call)
SMALL=(-s agents.count=3000 -r 4)
d=$work/ec
H=$d/brief.html

begin "oss-sim brief writes brief.html, brief.md, effect.csv, tornado.csv and the charts"
sim "$work" brief "${SMALL[@]}" -o "$d" "$S/export_controls.cfg"
want_status 0
for f in brief.html brief.md effect.csv effect_timeseries.csv tornado.csv summary.csv manifest.txt; do
    [ -s "$d/$f" ] || bad "no $f"
done
if command -v gnuplot >/dev/null; then
    for c in effect tornado; do [ -s "$d/$c.png" ] && [ -s "$d/$c.svg" ] || bad "no $c chart"; done
fi
grep -q '^oss-sim .* brief: export_controls against baseline; Chinese share of tokens ' "$out" || bad "stdout: $(head -3 "$out")"
end

begin "brief: every interval says which it is: the Monte Carlo noise at fixed parameters, not the parameters' uncertainty"
# stdout, the lead sentence and the key effects of brief.md and brief.html:
# an economist quotes these, and the posterior's spread is not in them
grep -q 'brief: .* pp (.*; 95% CI: Monte Carlo noise alone, at fixed parameters)$' "$out" || bad "stdout: $(head -1 "$out")"
for f in brief.md brief.html; do
    n=$(grep -c "Monte Carlo noise of .*replications alone" "$d/$f")
    [ "$n" -ge 2 ] || bad "$f: the lead sentence and the key effects do not both name the interval ($n)"
    grep -q 'ensemble K' "$d/$f" || bad "$f: does not say how to get the parameters' uncertainty"
done
end

begin "brief.html parses: one html, head and body, every element closed"
# the tags outside the inline SVG (gnuplot's own XML) must balance; void
# elements (meta) close themselves
v=$(sed '/<svg/,/<\/svg>/d' "$H" | grep -o '<[/a-zA-Z!][^>]*>' | awk '
    /^<!/ { next }
    { t = $0; sub(/^<\/?/, "", t); sub(/[ >\/].*/, "", t); t = tolower(t) }
    t == "meta" || t == "br" { next }
    /^<\// { if (n == 0 || s[n] != t) { print "unexpected </" t "> (open: " s[n] ")"; exit } n--; next }
    { s[++n] = t }
    END { if (n) print n " elements left open, the last " s[n] }')
[ -z "$v" ] || bad "$v"
[ "$(grep -c '<html' "$H")" = 1 ] && [ "$(grep -c '<body' "$H")" = 1 ] || bad "not one html and one body"
# the inline SVGs open and close
[ "$(grep -o '<svg' "$H" | wc -l)" = "$(grep -o '</svg>' "$H" | wc -l)" ] || bad "unbalanced <svg>"
if command -v python3 >/dev/null; then
    python3 - "$H" <<'PY' || bad "python's html.parser: $(cat "$work/py" 2>/dev/null)"
import sys, html.parser
class P(html.parser.HTMLParser):
    def error(self, m): raise SystemExit(m)
P().feed(open(sys.argv[1], encoding="utf-8").read())
PY
fi
end

begin "brief.html is self-contained: no src or href to anything but an anchor, no @import or url() but anchors"
v=$(grep -oiE '(src|href)[[:space:]]*=[[:space:]]*"[^"]*"' "$H" | grep -vE '"#[^"]*"$')
[ -z "$v" ] || bad "references: $v"
grep -qiE '@import|url\([^#)]' "$H" && bad "a stylesheet reference: $(grep -oiE '@import[^;]*|url\([^)]*\)' "$H" | head -3)"
grep -qiE '<(link|script|img|iframe|object|embed)[ >]' "$H" && bad "an external resource element: $(grep -oiE '<(link|script|img|iframe|object|embed)[^>]*>' "$H" | head -3)"
grep -q '<style>' "$H" || bad "no inline CSS"
grep -q '@page { size: A4' "$H" || bad "no A4 page rule"
command -v gnuplot >/dev/null && { [ "$(grep -c '<svg' "$H")" -ge 2 ] || bad "not two inline SVG charts"; }
end

begin "the key-effects table shows effect.csv's numbers (to the decimals shown)"
# cells: <td class="num" data-metric="M" data-scale="K">VALUE</td>; VALUE
# (with U+2212 for minus) is effect.csv's delta_mean times K, rounded
cells=$(grep -o 'data-metric="[^"]*" data-scale="[^"]*">[^<]*<' "$H" | sed 's/\xe2\x88\x92/-/; s/data-metric="//; s/" data-scale="/ /; s/">/ /; s/<$//')
[ "$(printf '%s\n' "$cells" | grep -c .)" -ge 10 ] || bad "only $(printf '%s\n' "$cells" | grep -c .) cells"
v=$(printf '%s\n' "$cells" | awk 'NR == FNR { if (FNR > 1) { split($0, a, ","); m[a[1]] = a[2] } next }
    { if (!($1 in m)) { print $1 ": not in effect.csv"; next }
      d = 0; if (index($3, ".")) d = length($3) - index($3, ".")
      want = m[$1] * $2; tol = 0.5 * 10 ^ -d + 1e-9 * (want < 0 ? -want : want)
      if ((want - $3) ^ 2 > tol ^ 2) printf "%s: shown %s, effect.csv %s x %s = %.10g\n", $1, $3, m[$1], $2, want; n++ }
    END { if (!n) print "no cells compared" }' "$d/effect.csv" -)
[ -z "$v" ] || bad "$v"
grep -q 'data-metric="cn_token_share_mean@policy"' "$H" || bad "no cell for the policy's window"
end

begin "the tornado moves each judgement call of the scenario to both ends of its range"
n=$(grep -c 'judgement = true' "$S/export_controls.cfg")
[ "$(tail -n +2 "$d/tornado.csv" | wc -l)" = "$n" ] || bad "tornado.csv rows: $(tail -n +2 "$d/tornado.csv" | wc -l), judgement calls: $n"
v=$(awk -F, 'NR > 1 && ($6 == $9 || $6 == "NaN" || $9 == "NaN") { print $1 }' "$d/tornado.csv")
[ -z "$v" ] || bad "no swing for: $v"
# the base effect is effect.csv's main one (in percentage points)
b=$(awk -F, 'NR == 2 { print $12 }' "$d/tornado.csv")
e=$(awk -F, '$1 == "cn_token_share_mean@policy" { printf "%.10g\n", 100 * $2 }' "$d/effect.csv")
awk -v b="$b" -v e="$e" 'BEGIN { exit !((b - e) ^ 2 < 1e-14 * (1 + e ^ 2)) }' || bad "tornado's effect $b, effect.csv's $e"
grep -q 'Judgement call' "$H" || bad "judgement calls not marked"
grep -q 'Calibration of the reference' "$H" && grep -q 'fitted targets' "$H" || bad "no calibration status"
grep -q 'To reproduce it: <code>oss-sim brief ' "$H" || bad "no reproduce command"
end

begin "brief.md links its PNG charts, which exist beside it"
for p in $(grep -o '([a-z_]*\.png)' "$d/brief.md" | tr -d '()'); do
    [ -s "$d/$p" ] || command -v gnuplot >/dev/null || continue
    [ -s "$d/$p" ] || bad "brief.md links $p, which is missing"
done
grep -q '!\[.*\](effect.png)' "$d/brief.md" || bad "no effect.png in brief.md"
grep -q '^| Chinese models.* share of tokens, percentage points |' "$d/brief.md" || bad "no key-effects row"
end

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    skip "headless Chromium renders brief.html to A4 pages" "chromium is not installed; .ci/run installs it"
else
    begin "headless Chromium renders brief.html to A4 pages, its DOM has every section"
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --print-to-pdf="$work/brief.pdf" "file://$H" >"$out" 2>"$err"
    [ -s "$work/brief.pdf" ] || bad "no PDF: $(tail -3 "$err")"
    # A4 is 595 x 842 points
    v=$(grep -a -o 'MediaBox *\[[^]]*\]' "$work/brief.pdf" | sort -u)
    case $v in *"595"*"84"[12]*|*"594.9"*"841.9"*) ;; *) bad "pages not A4: $v" ;; esac
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --dump-dom "file://$H" >"$work/dom.html" 2>"$err"
    for t in 'The question and the policy' 'Key effects' 'The effect over time' 'Assumptions' \
        'Sensitivity to the judgement calls' 'Calibration of the reference' 'Provenance'; do
        grep -q "<h2>$t</h2>" "$work/dom.html" || bad "the rendered page has no section '$t'"
    done
    end
fi

begin "a scenario without a reference is refused with a message (exit 2)"
sim "$work" brief "${SMALL[@]}" -o "$work/base" "$S/baseline.cfg"
want_status 2
grep -q 'names no reference' "$err" || bad "message: $(cat "$err")"
[ ! -e "$work/base/brief.html" ] || bad "wrote a brief"
end

report
