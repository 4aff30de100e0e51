#!/usr/bin/env bash
# tests/cli/plots.sh - the charts: every chart renders without a gnuplot
# warning, in the three formats at their sizes; a missing gnuplot is a
# one-line note, not a failure; make install gives a binary that finds its
# scripts and runs the installed scenarios from another directory.
#
#   OSS_SIM=/path/to/oss-sim tests/cli/plots.sh     (default: ./oss-sim)
#
# Output as tests/cli/run.sh: "ok NAME", "FAIL NAME" with reasons, or "skip
# NAME (why)", then "N passed, M failed"; non-zero exit if any failed.
# OSS_SIM_SANITIZED=1 (the ASan build) runs only the tests that exercise the
# binary's own code (drawing a run's charts, compare's chart, the notes);
# the scripts' edge cases, the sweep charts from the samples in
# tests/cli/plots/ and make install run with the release build.
#
# "Without a warning" means gnuplot wrote nothing on stderr: oss-sim passes
# gnuplot's stderr through, so a run's stderr is empty exactly when every
# chart drew cleanly.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
P=$root/plots
S=$root/scenarios
SAMPLES=$here/plots
RUN_CHARTS="shares prices cn_open calibration"
RUN_CHARTS_POLICY="shares prices cn_open"
FORMATS="png pdf svg"

# gp SCRIPT ARGS...: gnuplot -c plots/SCRIPT.gp ARGS; sets st, err.
gp() {
    local s=$1
    shift
    gnuplot -c "$P/$s.gp" "$@" >"$out" 2>"$err"
    st=$?
}
want_status() { [ "$st" = "$1" ] || bad "exit status $st, expected $1; stderr: $(head -c 600 "$err")"; }
want_no_stderr() { [ ! -s "$err" ] || bad "stderr (gnuplot warnings?): $(head -c 800 "$err")"; }
mkd() { rm -rf "${work:?}/$1"; mkdir -p "$work/$1"; echo "$work/$1"; }

# png_size FILE: "WIDTHxHEIGHT" from the PNG's IHDR chunk (bytes 16 to 23).
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}
# chart_ok FILE: a PNG of 1600 x 1000, a PDF or an SVG of 16 x 10 cm, by its extension.
chart_ok() {
    local f=$1
    [ -s "$f" ] || { bad "$(basename "$f"): missing or empty"; return; }
    case $f in
    *.png)
        [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '211PNG' ] || bad "$(basename "$f") is not a PNG file"
        [ "$(png_size "$f")" = 1600x1000 ] || bad "$(basename "$f") is $(png_size "$f") pixels, not 1600x1000"
        ;;
    *.pdf)
        [ "$(head -c 5 "$f")" = '%PDF-' ] || bad "$(basename "$f") is not a PDF file"
        grep -Eaq '/MediaBox \[ *0 0 45[34](\.[0-9]+)? 28[34]' "$f" || bad "$(basename "$f"): no 16 cm wide page (MediaBox $(grep -ao '/MediaBox[^]]*]' "$f" | head -1))"
        ;;
    *.svg)
        grep -q '<svg' "$f" || bad "$(basename "$f") is not an SVG file"
        grep -q 'width="605" height="378"' "$f" || bad "$(basename "$f"): not 605 x 378 px (16 x 10 cm)"
        ;;
    esac
}
# charts_ok DIR NAMES...: each NAME in the three formats.
charts_ok() {
    local d=$1 n x
    shift
    for n in "$@"; do
        for x in $FORMATS; do chart_ok "$d/$n.$x"; done
    done
}
no_temp() {
    local left
    left=$(cd "$1" && find . -mindepth 1 \( -name '.*' -o -name '*.tmp*' \) | head -5)
    [ -z "$left" ] || bad "temporary files left: $left"
}
charts_in() { (cd "$1" && ls | grep -E '\.(png|pdf|svg)$' | tr '\n' ' '); }

SMALL=(-s agents.count=1000 -r 2 -s horizon.end=2025-12)

# =======================================================================
# without gnuplot or without the scripts (these need no gnuplot)
# =======================================================================

begin "without gnuplot on PATH: a one-line note on stderr, the run succeeds with its CSV files and no chart"
d=$(mkd nognuplot)
mkdir "$work/emptybin"
(cd "$work" && PATH=$work/emptybin exec "$OSS_SIM" "${SMALL[@]}" -o "$d" "$S/baseline.cfg") >"$out" 2>"$err"
st=$?
want_status 0
[ "$(wc -l <"$err")" = 1 ] || bad "stderr has $(wc -l <"$err") lines: $(cat "$err")"
grep -q '^oss-sim: note: gnuplot not found' "$err" || bad "note: $(cat "$err")"
for f in timeseries.csv families.csv summary.csv calibration.csv manifest.txt; do [ -s "$d/$f" ] || bad "$f missing"; done
[ -z "$(charts_in "$d")" ] || bad "charts: $(charts_in "$d")"
grep -q '^wrote .*calibration\.csv$' "$out" || bad "the summary lists charts: $(grep '^wrote' "$out")"
(cd "$work" && PATH=$work/emptybin exec "$OSS_SIM" -q "${SMALL[@]}" -o "$d" "$S/baseline.cfg") >"$out" 2>"$err"
[ ! -s "$err" ] || bad "-q: stderr $(cat "$err")"
end

begin "without the chart scripts (OSS_SIM_PLOTS an empty folder): a one-line note, the run succeeds"
d=$(mkd noscripts)
mkdir "$work/noplots"
(cd "$work" && OSS_SIM_PLOTS=$work/noplots exec "$OSS_SIM" "${SMALL[@]}" -o "$d" "$S/us_open_push.cfg") >"$out" 2>"$err"
st=$?
want_status 0
[ "$(wc -l <"$err")" = 1 ] || bad "stderr has $(wc -l <"$err") lines: $(cat "$err")"
grep -q 'chart scripts .* not found' "$err" || bad "note: $(cat "$err")"
[ -z "$(charts_in "$d")" ] || bad "charts: $(charts_in "$d")"
end

begin "a gnuplot that fails on every chart: run, compare, sweep and brief exit 0 with their files, name each chart not drawn with the command that draws it in the result directory"
mkdir "$work/failbin"
printf '#!/bin/sh\necho "gnuplot: a failure" >&2\nexit 1\n' >"$work/failbin/gnuplot"
chmod +x "$work/failbin/gnuplot"
fails() { (cd "$work" && PATH=$work/failbin:$PATH exec "$OSS_SIM" "$@") >"$out" 2>"$err"; st=$?; }
# each command, the result directory and the charts it draws
fails "${SMALL[@]}" -o fail_run "$S/baseline.cfg"
want_status 0
for c in $RUN_CHARTS; do
    grep -qxE "oss-sim: chart $c not drawn: gnuplot failed; the CSV files are complete \(to draw it: gnuplot -c /.*/plots/$c\.gp fail_run\)" "$err" ||
        bad "run: no line for $c: $(grep -v '^gnuplot:' "$err" | head -3)"
done
grep -q '\.tmp' "$err" && bad "run: a message names the temporary directory: $(grep -m1 '\.tmp' "$err")"
for f in timeseries.csv summary.csv manifest.txt; do [ -s "$work/fail_run/$f" ] || bad "run: $f missing"; done
[ -z "$(charts_in "$work/fail_run")" ] || bad "run: charts $(charts_in "$work/fail_run")"
no_temp "$work/fail_run"
fails compare "${SMALL[@]}" -o fail_cmp "$S/baseline.cfg" "$S/us_open_push.cfg"
want_status 0
grep -qxE "oss-sim: chart compare not drawn: gnuplot failed; the CSV files are complete \(to draw it: gnuplot -c /.*/plots/compare\.gp fail_cmp\)" "$err" ||
    bad "compare: $(grep -v '^gnuplot:' "$err" | head -3)"
[ -s "$work/fail_cmp/compare.csv" ] || bad "compare: compare.csv missing"
fails sweep "${SMALL[@]}" -o fail_sw "$S/baseline.cfg" --param market.growth=0.01:0.02:2
want_status 0
grep -qxE "oss-sim: chart sweep not drawn: gnuplot failed; the CSV files are complete \(to draw it: gnuplot -c /.*/plots/sweep\.gp fail_sw\)" "$err" ||
    bad "sweep: $(grep -v '^gnuplot:' "$err" | head -3)"
[ -s "$work/fail_sw/sweep.csv" ] || bad "sweep: sweep.csv missing"
fails brief "${SMALL[@]}" -o fail_br "$S/export_controls.cfg"
want_status 0
grep -qF "oss-sim: chart effect not drawn: gnuplot failed" "$err" || bad "brief: $(grep -v '^gnuplot:' "$err" | head -3)"
grep -q '^no charts were drawn (stderr says why)' "$out" || bad "brief: $(tail -2 "$out")"
[ -s "$work/fail_br/brief.html" ] || bad "brief: brief.html missing"
end

if ! command -v gnuplot >/dev/null 2>&1; then
    skip "charts" "gnuplot is not installed"
else

# =======================================================================
# a run's charts, compare's chart
# =======================================================================

begin "a run draws shares, prices, cn_open and calibration as PNG (1600x1000), PDF and SVG (16x10 cm), without a warning"
d=$(mkd run)
sim "$work" "${SMALL[@]}" -o "$d" "$S/baseline.cfg"
want_status 0
want_no_stderr
charts_ok "$d" $RUN_CHARTS
[ "$(charts_in "$d" | wc -w)" = 12 ] || bad "charts: $(charts_in "$d")"
no_temp "$d"
for n in $RUN_CHARTS; do grep -q " $n.png" "$out" || bad "the summary does not list $n.png"; done
end

begin "a policy run draws effect (four small multiples of the policy's effect) too; prices names the policy scenario; shares' axis fits the challengers"
d=$(mkd policy)
sim "$work" "${SMALL[@]}" -o "$d" "$S/export_controls.cfg"
want_status 0
want_no_stderr
charts_ok "$d" $RUN_CHARTS_POLICY effect
grep -q ' effect.png' "$out" || bad "the summary does not list effect.png"
# the SVG's text: what a reader sees
grep -q 'with its policy' "$d/prices.svg" || bad "prices does not name the policy scenario"
grep -q 'with open-weight models (scenario)' "$d/prices.svg" && bad "prices calls the policy run 'with open-weight models'"
for t in 'Chinese share of tokens (pp)' 'Open-weight share of tokens (pp)' 'Average price paid (USD/Mtok)' 'Consumer surplus (USD m/month)'; do
    grep -qF "$t" "$d/effect.svg" || bad "effect.svg has no panel '$t'"
done
grep -q 'US closed models: the rest' "$d/shares.svg" || bad "shares.svg does not say US closed is the rest"
# the y axis's top tick is well below 100%: the stack of the challengers
top=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "us_closed_token_share") k = i; next } { v = 100 * (1 - $k); if (v > m) m = v } END { print m }' "$d/timeseries.csv")
awk -v t="$top" 'BEGIN { exit !(t < 60) }' || bad "the challengers reach $top%: the test's premise fails"
grep -q '>100<' "$d/shares.svg" && bad "shares.svg still has a 100% tick"
no_temp "$d"
end

begin "a short horizon's time axes label each tick once (years from two years, else YYYY-MM), never one year twice"
# the SVG's tick labels of the time charts: gnuplot's own ticks fell every
# three or six months under a '%Y' format (2025 2025 2026 2026 ...)
d3=$(mkd short3y)
sim "$work" -q -s agents.count=1000 -r 2 -s horizon.end=2027-12 -o "$d3" "$S/export_controls.cfg"
want_status 0
for c in "$d/shares" "$d/prices" "$d/cn_open" "$d/effect" "$d3/shares" "$d3/prices" "$d3/cn_open" "$d3/effect"; do
    [ -s "$c.svg" ] || { bad "no $c.svg"; continue; }
    ticks=$(sed -n 's/.*<text>\(20[0-9][0-9]\(-[01][0-9]\)\{0,1\}\)<\/text>.*/\1/p' "$c.svg")
    # effect.svg has four panels: one set of ticks each
    [ "${c##*/}" = effect ] && ticks=$(printf '%s\n' $ticks | sort -u)
    [ "$(printf '%s\n' $ticks | wc -l)" -ge 2 ] || bad "$c.svg: fewer than two tick labels: $ticks"
    dup=$(printf '%s\n' $ticks | sort | uniq -d)
    [ -z "$dup" ] || bad "$c.svg labels two ticks $dup: $(echo $ticks)"
done
printf '%s\n' $(sed -n 's/.*<text>\(20[0-9][0-9]\)<\/text>.*/\1/p' "$d3/prices.svg") | grep -qx 2026 || bad "a 38-month horizon is not labelled in years"
# a subtitle too long with "Scenario NAME: " keeps the whole description
# (it was cut to "... on China from...", the policy's start lost)
desc=$(sed -n 's/^description: //p' "$d/manifest.txt")
grep -qF ">$desc<" "$d/shares.svg" || bad "shares.svg's subtitle is not the whole description '$desc'"
end

begin "oss-sim compare draws compare.png, .pdf and .svg, without a warning; --no-plot draws nothing"
d=$(mkd cmp)
sim "$work" compare -s agents.count=1000 -r 2 -o "$d" "$S/baseline.cfg" "$S/us_open_push.cfg" "$S/no_open.cfg"
want_status 0
want_no_stderr
charts_ok "$d" compare compare_value
no_temp "$d"
grep -q 'compare\.png' "$out" || bad "the output does not list compare.png"
d=$(mkd cmp-noplot)
sim "$work" compare -q --no-plot -s agents.count=1000 -r 2 -o "$d" "$S/baseline.cfg" "$S/us_open_push.cfg"
want_status 0
[ -z "$(charts_in "$d")" ] || bad "--no-plot drew $(charts_in "$d")"
end

if [ "$SAN" = 1 ]; then
    skip "the scripts' edge cases, the sweep charts and make install" "run with the release build"
else

# =======================================================================
# the scripts themselves (release build only)
# =======================================================================

begin "edge runs chart without a warning: one run (no CI), no counterfactual, a world without open models"
E=(-q --no-plot -s agents.count=1000 -s horizon.end=2025-12)
sim "$work" "${E[@]}" -r 1 -o "$work/edge-r1" "$S/baseline.cfg"
want_status 0
sim "$work" "${E[@]}" -r 2 --no-baseline -o "$work/edge-nocf" "$S/baseline.cfg"
want_status 0
sim "$work" "${E[@]}" -r 2 -o "$work/edge-noopen" "$S/no_open.cfg"
want_status 0
for d in "$work/edge-r1" "$work/edge-nocf" "$work/edge-noopen"; do
    for n in prices cn_open $( [ -s "$d/calibration.csv" ] && echo calibration); do
        gp "$n" "$d" "$d/$n.png"
        want_status 0
        want_no_stderr
        chart_ok "$d/$n.png"
    done
done
end

begin "charts of degenerate runs draw without a gnuplot error or warning: -r 1 sweep and tornado (no CI), a 13 x 2 grid, one agent"
# each once failed: "1/0 u ..." in sweep.gp (one run a point) and heatmap.gp
# (more than 12 values on an axis), stats of NaN intervals in tornado.gp,
# an empty x range in cn_open.gp (a series defined in one month only)
D=(-q -s agents.count=300 -s horizon.end=2025-12)
d=$(mkd degenerate)
sim "$d" sweep "${D[@]}" -r 1 --no-counterfactual -o sw "$S/baseline.cfg" --param market.growth=0.01:0.05:3
want_status 0
want_no_stderr
charts_ok "$d/sw" sweep
sim "$d" sweep "${D[@]}" -r 1 --no-counterfactual -o hm "$S/baseline.cfg" --param market.growth=0.01:0.05:13 --param agents.alpha.mean=1:2:2
want_status 0
want_no_stderr
charts_ok "$d/hm" heatmap
sim "$d" brief "${D[@]}" -r 1 -o br "$S/export_controls.cfg"
want_status 0
want_no_stderr
charts_ok "$d/br" tornado effect
grep -q 'needs gnuplot' "$d/br/brief.html" && bad "brief.html says the tornado chart needs gnuplot"
sim "$d" -q -r 2 -s agents.count=1 -o one "$S/export_controls.cfg"
want_status 0
want_no_stderr
charts_ok "$d/one" $RUN_CHARTS_POLICY effect
end

begin "sweep, heatmap and sobol draw from the samples in tests/cli/plots/ without a warning, in the three formats"
d=$(mkd sweeps)
for c in sweep:sweep1 heatmap:grid sobol:sobol; do
    for x in $FORMATS; do
        gp "${c%%:*}" "$SAMPLES/${c#*:}" "$d/${c%%:*}.$x"
        want_status 0
        want_no_stderr
        chart_ok "$d/${c%%:*}.$x"
    done
done
for c in sweep:sweep1 heatmap:grid sobol:sobol; do
    gp "${c%%:*}" "$SAMPLES/${c#*:}" "$d/${c%%:*}-latent.png" latent_price_cut_pct
    [ "${c%%:*}" = sobol ] && { want_status 2; continue; } # no indices for it in the sample
    want_status 0
    want_no_stderr
    chart_ok "$d/${c%%:*}-latent.png"
done
gp sobol "$SAMPLES/sobol" "$d/sobol-surplus.png" cf_surplus_gain_busd
want_status 0
want_no_stderr
end

begin "sobol: a parameter's long label is broken before its unit and the left margin widens to it (it was cut at the image's edge)"
d=$(mkd sobol_labels)
cp "$SAMPLES/sobol/sobol.csv" "$SAMPLES/sobol/manifest.txt" "$d/"
printf '%s\n' 'label: agents.distrust.mean = distrust (mean) (multiplier on the distrust table)' \
    'label: agents.openness.mean = taste for open weights (mean) (utils per USD per million tokens)' >>"$d/manifest.txt"
gp sobol "$d" "$d/sobol.svg"
want_status 0
want_no_stderr
grep -q '>(utils per USD per million tokens)<' "$d/sobol.svg" || bad "the unit is not a line of its own"
grep -q '>taste for open weights (mean)<' "$d/sobol.svg" || bad "the label is not a line of its own"
end

begin "sobol says when the sample is too small, and draws no whisker across the axis"
d=$(mkd sobol-small)
cp "$SAMPLES/sobol/manifest.txt" "$d/"
printf 'metric,parameter,S1,S1_ci95_lo,S1_ci95_hi,ST,ST_ci95_lo,ST_ci95_hi\ncn_token_share_mean,a.b,1.7,-20,30,0.3,0.05,0.7\ncn_token_share_mean,c.d,0.2,0.1,0.3,0.4,0.3,0.5\n' >"$d/sobol.csv"
gp sobol "$d" "$d/sobol.svg"
want_status 0
want_no_stderr
grep -q 'Too few samples' "$d/sobol.svg" || bad "no note about the sample size"
gp sobol "$SAMPLES/sobol" "$d/ok.svg"
want_status 0
v=$(awk -F, 'NR > 1 && $1 == "cn_token_share_mean" { w = ($5 - $4) / 2; if (w > x) x = w; w = ($8 - $7) / 2; if (w > x) x = w
    if ($3 < -0.1 || $3 > 1.1 || $6 < -0.1 || $6 > 1.1) x = 1 } END { print (x > 0.15) }' "$SAMPLES/sobol/sobol.csv")
[ "$v" = 0 ] || bad "the sample in tests/cli/plots/sobol is meant to have narrow intervals"
if [ "$v" = 0 ]; then grep -q 'Too few samples' "$d/ok.svg" && bad "a note on a sample with narrow intervals"; fi
end

begin "sweep axes show the parameter's plain-language label from the manifest (the key without one)"
d=$(mkd sweep-label)
cp "$SAMPLES/sweep1/sweep.csv" "$SAMPLES/sweep1/manifest.txt" "$d/"
k=$(head -1 "$d/sweep.csv" | cut -d, -f2)
gp sweep "$d" "$d/key.svg"
want_status 0
grep -qF "$k" "$d/key.svg" || bad "no key $k on the axis without a label"
printf 'label: %s = a plain label (its unit)\n' "$k" >>"$d/manifest.txt"
gp sweep "$d" "$d/label.svg"
want_status 0
want_no_stderr
grep -qF 'a plain label (its unit)' "$d/label.svg" || bad "the label is not on the axis"
end

begin "a sweep chart of a metric the file lacks, or a heat map of one parameter, fails with a message"
gp sweep "$SAMPLES/sweep1" "$work/x.png" avg_price_open_mean
[ "$st" != 0 ] || bad "sweep.gp of a missing metric succeeded"
grep -q 'has no metric avg_price_open_mean' "$err" || bad "message: $(cat "$err")"
gp heatmap "$SAMPLES/sweep1" "$work/x.png"
[ "$st" != 0 ] || bad "heatmap.gp of one parameter succeeded"
grep -q 'a heat map needs two' "$err" || bad "message: $(cat "$err")"
end

begin "by hand without OUTFILE a script writes NAME.png, .pdf and .svg into OUTDIR; with '-' and a metric, NAME_METRIC.*"
d=$(mkd byhand)
cp "$SAMPLES/sweep1/sweep.csv" "$SAMPLES/sweep1/manifest.txt" "$d/"
gp sweep "$d"
want_status 0
want_no_stderr
charts_ok "$d" sweep
gp sweep "$d" - cf_surplus_gain_busd
want_status 0
want_no_stderr
charts_ok "$d" sweep_cf_surplus_gain_busd
gp shares "$work/run" "$d/x.gif"
[ "$st" != 0 ] || bad "an OUTFILE of another format was accepted"
end

# =======================================================================
# make install
# =======================================================================

begin "make install PREFIX=...: the installed binary runs an installed scenario from another directory, charts included; make uninstall"
d=$(mkd install)
# -o oss-sim: install the binary under test as it is, whatever has changed since
if ! make -s -C "$root" -o oss-sim install PREFIX="$d/prefix" >"$out" 2>"$err"; then
    bad "make install failed: $(tail -5 "$err")"
else
    pre=$d/prefix
    for f in bin/oss-sim share/man/man1/oss-sim.1 share/oss-sim/scenarios/baseline.cfg \
        share/oss-sim/scenarios/calibrated.cfg share/oss-sim/scenarios/no_open.cfg \
        share/oss-sim/plots/style.gp; do
        [ -e "$pre/$f" ] || bad "$f not installed"
    done
    for n in shares prices cn_open calibration compare sweep heatmap sobol; do
        [ -e "$pre/share/oss-sim/plots/$n.gp" ] || bad "plots/$n.gp not installed"
    done
    mkdir "$d/elsewhere"
    # from another directory, with a PATH that has gnuplot but not the build tree
    (cd "$d/elsewhere" && exec "$pre/bin/oss-sim" -s agents.count=1000 -r 2 -s horizon.end=2025-12 \
        "$pre/share/oss-sim/scenarios/export_controls.cfg") >"$out" 2>"$err"
    st=$?
    want_status 0
    want_no_stderr
    o=$d/elsewhere/out/export_controls
    for f in timeseries.csv summary.csv manifest.txt; do [ -s "$o/$f" ] || bad "out/export_controls/$f missing"; done
    grep -q "^counterfactual: $pre/share/oss-sim/scenarios/no_open.cfg\$" "$o/manifest.txt" ||
        bad "counterfactual: $(grep '^counterfactual:' "$o/manifest.txt")"
    charts_ok "$o" shares prices cn_open
    [ ! -e "$o/calibration.png" ] || bad "a calibration chart without calibration.csv (export_controls.cfg holds no calibration block)"
    # the fitted values of the installed calibrated.cfg apply: the same numbers as the build tree's
    sim "$work" -q --no-plot -s agents.count=1000 -r 2 -s horizon.end=2025-12 -o "$d/tree" "$S/export_controls.cfg"
    cmp -s "$o/summary.csv" "$d/tree/summary.csv" || bad "the installed scenario gives other numbers than the build tree's"
    if command -v man >/dev/null 2>&1; then
        MANWIDTH=80 man -l "$pre/share/man/man1/oss-sim.1" 2>"$err" | grep -q 'oss-sim merge' ||
            bad "man -l does not render the man page, or it lacks merge: $(head -c 300 "$err")"
    fi
    make -s -C "$root" uninstall PREFIX="$pre" >"$out" 2>"$err" || bad "make uninstall failed: $(tail -3 "$err")"
    left=$(cd "$pre" && find . -type f | head -5)
    [ -z "$left" ] || bad "make uninstall left $left"
fi
end

fi # release only
fi # gnuplot

report
