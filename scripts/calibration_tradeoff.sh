#!/usr/bin/env bash
# scripts/calibration_tradeoff.sh - what it costs to fit a target that the
# committed calibration only reports (weight 0 in scenarios/baseline.cfg).
#
#   scripts/calibration_tradeoff.sh METRIC [WEIGHT]      (default weight 2)
#
# Copies the scenarios to a temporary directory, gives METRIC the weight,
# refits from the committed starting values and prints the fit's table, so
# the other targets' residuals show what the extra target costs.  Nothing in
# the repository changes.  Example (docs/calibration.md):
#   scripts/calibration_tradeoff.sh own_price_elasticity_mean
set -euo pipefail
metric=${1:?usage: $0 METRIC [WEIGHT]}
weight=${2:-2.0}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-tradeoff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$root"/scenarios/*.cfg "$tmp"/
# the target's block spans two lines: metric/value/tolerance/weight, then source
sed -i "/metric = \"$metric\";/ s/weight = [0-9.]*;/weight = $weight;/" "$tmp/baseline.cfg"
grep -q "metric = \"$metric\";.*weight = $weight;" "$tmp/baseline.cfg" ||
    { echo "$0: no target $metric in scenarios/baseline.cfg" >&2; exit 2; }
"${OSS_SIM:-$root/oss-sim}" calibrate -q -o "$tmp/fit.cfg" "$tmp/baseline.cfg"
