#!/usr/bin/env bash
# scripts/tour.sh - the README's tour: the main charts, regenerated from the
# baseline and the policy scenarios as committed, into docs/img/.
#
#   scripts/tour.sh [OSS_SIM]          (make tour; default ./oss-sim)
#
# Runs, each with the scenarios' own settings (10 replications of 20,000
# agents, seed 20251123):
#   - the baseline: shares, prices, cn_open and calibration charts;
#   - oss-sim compare of the baseline and the policy scenarios: compare;
#   - a sweep of the export controls' strength (6 points): sweep;
#   - a 5 x 4 grid of strength and efficiency response, no counterfactual:
#     heatmap;
#   - a Sobol analysis of three parameters (Saltelli design, 32 base
#     samples, 4 replications of 5,000 agents, no counterfactual): sobol.
# The work files go to out/tour/; only the PNG files are copied to docs/img/.
# About ten seconds on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
OSS_SIM=${1:-$root/oss-sim}
case $OSS_SIM in /*) ;; *) OSS_SIM=$PWD/$OSS_SIM ;; esac
S=$root/scenarios
P=$root/plots
out=$root/out/tour
img=$root/docs/img
command -v gnuplot >/dev/null || { echo "tour.sh: gnuplot is needed (apt-get install gnuplot-nox)" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out" "$img"
cd "$root"

echo "tour: baseline" >&2
"$OSS_SIM" -q -o "$out/baseline" scenarios/baseline.cfg
echo "tour: export controls against the baseline" >&2
"$OSS_SIM" -q -o "$out/ec" scenarios/export_controls.cfg
echo "tour: compare" >&2
"$OSS_SIM" compare -q -o "$out/compare" scenarios/baseline.cfg scenarios/export_controls.cfg \
    scenarios/sanctions_open_weights.cfg scenarios/us_open_push.cfg scenarios/open_weight_restriction.cfg \
    scenarios/trust_shock.cfg scenarios/combined.cfg
echo "tour: sweep" >&2
"$OSS_SIM" sweep -q -o "$out/sweep" scenarios/export_controls.cfg --param policy.export_controls.strength=0:1:6
echo "tour: heat map" >&2
"$OSS_SIM" sweep -q --no-counterfactual -o "$out/grid" scenarios/export_controls.cfg \
    --param policy.export_controls.strength=0:1:5 --param policy.export_controls.efficiency_response=0:0.6:4
echo "tour: Sobol indices" >&2
"$OSS_SIM" sweep -q --no-counterfactual -r 4 -s agents.count=5000 -o "$out/sobol" scenarios/export_controls.cfg \
    --analyse sobol --samples 32 --param policy.export_controls.strength=0:1 \
    --param policy.export_controls.efficiency_response=0:0.6 --param agents.openness.mean=-5:-3

# the sweeps' charts (a run and compare draw their own)
gnuplot -c "$P/sweep.gp" "$out/sweep" "$out/sweep/sweep.png"
gnuplot -c "$P/heatmap.gp" "$out/grid" "$out/grid/heatmap.png"
gnuplot -c "$P/sobol.gp" "$out/sobol" "$out/sobol/sobol.png"

for f in baseline/shares baseline/prices baseline/cn_open baseline/calibration ec/effect compare/compare \
    compare/compare_value sweep/sweep grid/heatmap sobol/sobol; do
    cp "$out/$f.png" "$img/$(basename "$f").png"
done
echo "tour: wrote $(cd "$img" && ls ./*.png | sed 's|^\./||' | tr '\n' ' ')in docs/img/" >&2
