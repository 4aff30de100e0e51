#!/usr/bin/env bash
# scripts/bench_sweep.sh - times the documented sweep (what `make bench` runs
# after its table of single runs).
#
#   scripts/bench_sweep.sh [BINARY]        (default: ./oss-sim of the repository)
#
# The documented sweep (docs/sweeps.md, "Speed"; docs/performance.md):
#
#   oss-sim sweep -q --no-plot --design sobol --samples 1000 \
#       --param agents.alpha.mean=1.0:2.0 --param market.growth=0.02:0.06 \
#       scenarios/baseline.cfg
#
# 1,000 points of a Sobol design, each 10 replications of 20,000 agents from
# 2024-11 to 2030-12 (74 months) with the counterfactual without open models.
#
# Environment:
#   BENCH_SWEEP=N          run the first N points of that design (default 10;
#                          1000 is the whole sweep, which takes many minutes;
#                          0 skips this benchmark)
#   BENCH_SWEEP_REPEATS=R  repeats of each run (default 3, at least 1)
#   BENCH_SWEEP_CSV=FILE   where the table goes (default: out/bench_sweep.csv)
#
# Runs the sweep at -j1 and at -j(all cores), R times each, interleaved.  For
# each it prints the least and the median wall time, the least CPU time (user
# + system, all threads, GNU time), points per second from the least wall
# time, CPU seconds per point, and two figures for the whole 1,000 points:
# the wall time at this run's rate (which the machine's load inflates), and
# the CPU seconds divided by the threads, the wall time on an idle machine
# with that many free cores if the threads were never idle (an estimate, see
# docs/performance.md).  The first N points of a Sobol design are spread over
# the whole square of the two parameters, so their cost per point is the
# sweep's; N = 1000 measures it outright.  Output goes to a temporary
# directory that is removed afterwards.
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/oss-sim}
[ -x "$bin" ] || { echo "bench_sweep.sh: $bin is not an executable (run make first)" >&2; exit 2; }
N=${BENCH_SWEEP:-10}
REPEATS=${BENCH_SWEEP_REPEATS:-3}
case $N in '' | *[!0-9]*) echo "bench_sweep.sh: BENCH_SWEEP must be a number of points (0 skips)" >&2; exit 2 ;; esac
case $REPEATS in '' | *[!0-9]* | 0) echo "bench_sweep.sh: BENCH_SWEEP_REPEATS must be a positive integer" >&2; exit 2 ;; esac
if [ "$N" = 0 ]; then
    echo "the documented sweep: skipped (BENCH_SWEEP=0)"
    exit 0
fi
[ "$N" -le 1000 ] || { echo "bench_sweep.sh: the documented sweep has 1000 points (BENCH_SWEEP=$N)" >&2; exit 2; }
/usr/bin/time -f %U true >/dev/null 2>&1 || { echo "bench_sweep.sh: needs GNU time (/usr/bin/time) for CPU seconds" >&2; exit 2; }
csv=${BENCH_SWEEP_CSV:-$root/out/bench_sweep.csv}
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-bench-sweep.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

threads_list=(1)
[ "$cores" -gt 1 ] && threads_list+=("$cores")

echo "the documented sweep, its first $N of 1000 points (sobol; agents.alpha.mean=1.0:2.0, market.growth=0.02:0.06;"
echo "scenarios/baseline.cfg: 10 replications x 20,000 agents x 74 months, with its counterfactual): $REPEATS repeats,"
echo "interleaved; load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

: >"$tmp/results"
for ((rep = 1; rep <= REPEATS; rep++)); do
    for j in "${threads_list[@]}"; do
        [ -t 2 ] && printf '\r  repeat %d/%d, -j%d ' "$rep" "$REPEATS" "$j" >&2
        rm -rf "$tmp/out"
        load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo NaN)
        t0=$(date +%s%N)
        /usr/bin/time -o "$tmp/cpu" -f '%U %S' "$bin" sweep -q --no-plot -j "$j" --design sobol --samples "$N" \
            --param agents.alpha.mean=1.0:2.0 --param market.growth=0.02:0.06 -o "$tmp/out" \
            "$root/scenarios/baseline.cfg"
        t1=$(date +%s%N)
        [ "$(($(wc -l <"$tmp/out/sweep.csv") - 1))" = "$N" ] || { echo "bench_sweep.sh: the sweep did not write $N rows" >&2; exit 1; }
        cpu=$(tail -1 "$tmp/cpu" | awk '{ print $1 + $2 }')
        echo "$j $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') $cpu $load" >>"$tmp/results"
    done
done
[ -t 2 ] && printf '\r%*s\r' 30 '' >&2

mkdir -p "$(dirname "$csv")"
awk -v n="$N" -v csv="$csv.tmp" '
function median(a, k,    i, j, t) {
    for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}
{ k = ++cnt[$1]; wall[$1, k] = $2; cpu[$1, k] = $3; load[$1, k] = $4; if (!($1 in seen)) { seen[$1]; order[no++] = $1 } }
END {
    printf "\n%3s %6s %8s %8s %8s %8s %9s %11s %12s %10s\n", "-j", "points", "wall_min", "wall_med", "cpu_min",
        "points/s", "cpu_s/pt", "1000pt_wall", "1000pt_idle", "load"
    print "threads,points,repeats,wall_s_min,wall_s_median,cpu_s_min,points_per_s_best,cpu_s_per_point," \
        "wall_s_1000_at_this_rate,wall_s_1000_idle_estimate,load_min,load_max" > csv
    for (o = 0; o < no; o++) {
        j = order[o]
        for (k = 1; k <= cnt[j]; k++) { w[k] = wall[j, k]; c[k] = cpu[j, k] }
        wmed = median(w, cnt[j]); wmin = w[1]
        cmin = c[1]; for (k = 2; k <= cnt[j]; k++) if (c[k] < cmin) cmin = c[k]
        lmin = lmax = load[j, 1]
        for (k = 2; k <= cnt[j]; k++) { if (load[j, k] < lmin) lmin = load[j, k]; if (load[j, k] > lmax) lmax = load[j, k] }
        printf "%3d %6d %8.2f %8.2f %8.2f %8.3f %9.3f %11.0f %12.0f %4.1f-%4.1f\n", j, n, wmin, wmed, cmin, n / wmin,
            cmin / n, 1000 * wmin / n, 1000 * cmin / n / j, lmin, lmax
        printf "%d,%d,%d,%.3f,%.3f,%.2f,%.4f,%.4f,%.1f,%.1f,%s,%s\n", j, n, cnt[j], wmin, wmed, cmin, n / wmin, cmin / n,
            1000 * wmin / n, 1000 * cmin / n / j, lmin, lmax > csv
    }
}' "$tmp/results"
mv "$csv.tmp" "$csv"
echo
echo "1000pt_wall: the whole sweep at this run's least wall time per point (the machine's load included);"
echo "1000pt_idle: its CPU seconds / threads, the wall time with that many idle cores if no thread ever"
echo "waited (an estimate: CPU time is itself inflated by other processes sharing caches and memory);"
echo "load: the load average at the start of the runs.  Target: the whole sweep under 60 s on 2 cores."
echo "wrote $csv"
