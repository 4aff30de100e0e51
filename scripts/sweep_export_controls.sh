#!/usr/bin/env bash
# scripts/sweep_export_controls.sh - "what if export controls were twice as
# strict?": a parameter sweep from the shell, to copy and adapt.
#
#   scripts/sweep_export_controls.sh [OUT_DIR]        (default out/sweep_export_controls)
#
# Runs scenarios/export_controls.cfg once per value of the controls'
# growth penalty (the share of China's frontier growth lost; the scenario
# uses 0.3, so 0.6 is "twice as strict"), collects one CSV row per run with
# `oss-sim --row` (the first with `--header`), and draws the Chinese share of
# tokens and the average price paid in the reporting year against it, with
# 95% confidence intervals (house colours: Chinese open orange, all models
# black).  Every run uses the same seed, so the points
# share their random numbers and differ only by the policy.
#
# Environment: OSS_SIM (default ./oss-sim), RUNS (replications, default 10),
# AGENTS (default: the scenario's).  The in-process equivalent is
#   oss-sim sweep scenarios/export_controls.cfg \
#       --param policy.export_controls.growth_penalty=0:0.9:7
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
OSS_SIM=${OSS_SIM:-$root/oss-sim}
out=${1:-out/sweep_export_controls}
mkdir -p "$out"
extra=(-r "${RUNS:-10}")
[ -n "${AGENTS:-}" ] && extra+=(-s "agents.count=$AGENTS")

tmp=$out/.sweep.csv.tmp.$$
trap 'rm -f "$tmp"' EXIT
header=--header
for penalty in 0 0.15 0.3 0.45 0.6 0.75 0.9; do
    "$OSS_SIM" --row $header "${extra[@]}" -o "$out/run" \
        -s policy.export_controls.growth_penalty=$penalty "$root/scenarios/export_controls.cfg"
    header=
    echo "growth penalty $penalty done" >&2
done >"$tmp"
mv "$tmp" "$out/sweep.csv"
trap - EXIT
echo "wrote $out/sweep.csv" >&2

# The chart: columns are found by name, so the script survives new metrics.
col() { head -1 "$out/sweep.csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
x=$(col policy.export_controls.growth_penalty)
cn=$(col cn_token_share_mean_mean) cnlo=$(col cn_token_share_mean_ci95_lo) cnhi=$(col cn_token_share_mean_ci95_hi)
p=$(col avg_price_mean_mean) plo=$(col avg_price_mean_ci95_lo) phi=$(col avg_price_mean_ci95_hi)
version=$("$OSS_SIM" -V)
gnuplot <<EOF
set terminal pngcairo size 1600,1000 font "Sans,20" linewidth 2
set output "$out/sweep.png.tmp"
set datafile separator ","
set grid ytics lc rgb "#dddddd"
set border 3 back
set tics nomirror
set key off
set multiplot layout 2,1 title "Tighter export controls lower the Chinese share and raise the average price (2025)\n{/*0.75 the export-controls scenario, its growth penalty swept; bands: 95% intervals over ${RUNS:-10} runs (points share their random numbers)}"
set lmargin 14
set rmargin 4
set format x ""
set ylabel "Chinese share\nof tokens (%)" textcolor rgb "#E69F00"
plot "$out/sweep.csv" every ::1 using $x:(100*\$$cnlo):(100*\$$cnhi) with filledcurves lc rgb "#E69F00" fs transparent solid 0.2, \
     "" every ::1 using $x:(100*\$$cn) with linespoints lc rgb "#E69F00" pt 7 ps 1.5
set format x "%g"
set xlabel "Growth penalty of the controls (share of China's frontier growth lost; the scenario's value is 0.3)"
set ylabel "Average price paid\n(USD per Mtok)" textcolor rgb "#000000"
set label 1 "$version; seed and scenario: $out/run/manifest.txt" at screen 0.01, screen 0.015 font ",13" textcolor rgb "#555555"
set bmargin 5
plot "$out/sweep.csv" every ::1 using $x:$plo:$phi with filledcurves lc rgb "#000000" fs transparent solid 0.2, \
     "" every ::1 using $x:$p with linespoints lc rgb "#000000" pt 5 ps 1.5
unset multiplot
EOF
mv "$out/sweep.png.tmp" "$out/sweep.png"
echo "wrote $out/sweep.png" >&2
