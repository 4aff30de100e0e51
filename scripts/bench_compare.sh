#!/usr/bin/env bash
# scripts/bench_compare.sh - oss-sim against scripts/reference_numpy.py, a
# vectorised NumPy version of its demand side (what `make bench-compare`
# runs).
#
#   scripts/bench_compare.sh [BINARY]   (default: ./oss-sim of the repository)
#
# Environment: COMPARE_AGENTS (default 50000), COMPARE_REPS (default 12).
#
# Runs scenarios/baseline.cfg (no counterfactual, one thread) for
# COMPARE_REPS replications of COMPARE_AGENTS agents, then the NumPy
# reference on the same scenario (build/release/scenario_params resolves it)
# with oss-sim's prices and qualities from its families.csv, for as many
# replications.  It checks that every family's token share, over the first
# and the last year, agrees within sampling noise (exit 1 otherwise), and
# prints both speeds in agent-months per CPU second and their ratio.  CPU
# time, not wall time: on a shared machine wall time mostly measures the
# other processes.  Without a Python that has NumPy it says so and exits 0.
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/oss-sim}
params_bin=$root/build/release/scenario_params
agents=${COMPARE_AGENTS:-50000}
reps=${COMPARE_REPS:-12}
scenario=$root/scenarios/baseline.cfg

py=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import numpy' 2>/dev/null; then
        py=$p
        break
    fi
done
if [ -z "$py" ]; then
    echo "bench-compare: skipped: no python3 with NumPy (Debian: apt-get install python3-numpy)"
    exit 0
fi
[ -x "$bin" ] && [ -x "$params_bin" ] || { echo "bench_compare.sh: build first (make oss-sim build/release/scenario_params)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$params_bin" "$scenario" "agents.count=$agents" >"$tmp/params.json"
/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$bin" -q --no-plot -j 1 -r "$reps" --no-counterfactual \
    -s "agents.count=$agents" -o "$tmp/out" "$scenario"
months=$(awk -F, 'NR > 1 && !seen[$1]++ { n++ } END { print n }' "$tmp/out/families.csv")
read -r wall cpu <<<"$(awk '{ print $1, $2 + $3 }' "$tmp/time")"
echo "oss-sim $("$bin" -V | cut -d' ' -f2-) and NumPy $("$py" -c 'import numpy; print(numpy.__version__)') ($py)"
echo "scenarios/baseline.cfg, $agents agents x $months months x $reps replications, one thread, no counterfactual"
echo
st=0
"$py" "$here/reference_numpy.py" "$tmp/params.json" "$tmp/out/families.csv" --reps "$reps" --oss-reps "$reps" \
    --check >"$tmp/ref.txt" || st=$?
cat "$tmp/ref.txt"
awk -v a="$agents" -v m="$months" -v r="$reps" -v w="$wall" -v c="$cpu" '
/^numpy:/ { for (i = 1; i <= NF; i++) if ($i == "million") np = $(i - 1) }
END {
    os = a * m * r / c / 1e6
    printf "oss-sim: %.2f s wall, %.2f s CPU (whole process: agents, supply, files): %.3f million agent-months per CPU second\n", w, c, os
    if (np > 0) printf "oss-sim is %.1fx the NumPy reference per CPU second\n", os / np
}' "$tmp/ref.txt"
exit $st
