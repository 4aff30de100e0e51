#!/usr/bin/env bash
# scripts/bench.sh - the fixed oss-sim benchmark (what `make bench` runs).
#
#   scripts/bench.sh [BINARY]        (default: ./oss-sim of the repository)
#
# Environment:
#   BENCH_REPEATS=N   repeats of every run (default 5, at least 1)
#   BENCH_CSV=FILE    where the table goes (default: out/bench.csv)
#   BENCH_MEMORY=proc peak memory from /proc even when GNU time is installed
#
# Runs scenarios/baseline.cfg over 72 months (-s horizon.end=2030-10:
# 2024-11 to 2030-10) with no counterfactual (--no-counterfactual) and no charts
# (--no-plot: gnuplot is a child process whose time and memory would blur
# the figures), in these configurations:
#
#   1M agents, 1 replication, one thread and all cores
#   2M agents, 1 replication, one thread (memory per agent, marginal)
#   20k agents, 1 replication, one thread and all cores (a small run: the
#       threads must not slow it down)
#   20k agents, 10 replications, one thread and all cores (a sweep point)
#   1,000 agents, 1 replication, one thread (the fixed overhead: start-up,
#       scenario loading, writing the files)
#
# Every configuration runs BENCH_REPEATS times, and the repeats are
# interleaved (one pass over all configurations, then the next), so that a
# burst of load from other processes falls on all configurations alike.  On
# a shared machine the minimum over repeats is the best estimate of the
# run's own cost (other processes only ever add time); the median shows how
# much the load moved it.  For each configuration it prints and writes:
#
#   agent-months/s = agents x replications x months / wall seconds
#   reviews/s      = agents that chose again (timeseries.csv's review_share
#                    x agents, summed over the months, times replications)
#                    / wall seconds; the first month every agent chooses
#   peak resident memory (median over repeats)
#
# and, once, the memory per agent at the margin: (peak RSS at 2M agents -
# peak RSS at 1M agents) / 1M, which leaves out the fixed part (program,
# libraries, the supply side, the result arrays) that a per-agent division
# of one run's peak would spread over the agents.
#
# Wall time: date +%s%N around the run (the whole process: start-up, agent
# creation, the months, writing the CSV files).  Peak resident memory: GNU
# time's %M (maximum resident set size, KiB; Debian package `time`) when it
# is installed, otherwise the largest VmHWM read from /proc/PID/status while
# the run is going (polled every 10 ms, so it can miss a peak in the last
# few milliseconds).  The header line says which was used.
# Bench output goes to a temporary directory that is removed afterwards.
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/oss-sim}
[ -x "$bin" ] || { echo "bench.sh: $bin is not an executable (run make first)" >&2; exit 2; }
scenario=$root/scenarios/baseline.cfg
END=2030-10
MONTHS=72   # 2024-11 .. 2030-10
REPEATS=${BENCH_REPEATS:-5}
case $REPEATS in '' | *[!0-9]* | 0) echo "bench.sh: BENCH_REPEATS must be a positive integer" >&2; exit 2 ;; esac
csv=${BENCH_CSV:-$root/out/bench.csv}
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ "${BENCH_MEMORY:-}" != proc ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
    meter="GNU time %M (/usr/bin/time)"
else
    meter="VmHWM from /proc/PID/status, polled every 10 ms"
fi

# the configurations: label agents replications threads
configs=(
    "1M agents|1000000|1|1"
    "1M agents|1000000|1|$cores"
    "2M agents|2000000|1|1"
    "20k agents|20000|1|1"
    "20k agents|20000|1|$cores"
    "20k agents x 10 reps|20000|10|1"
    "20k agents x 10 reps|20000|10|$cores"
    "1k agents (overhead)|1000|1|1"
)

# measure AGENTS REPS THREADS: runs once; sets wall (s), cpu (user + system
# s, NaN without GNU time), rss (KiB) and
# reviews (agent reviews over all replications and months).
measure() {
    local agents=$1 reps=$2 threads=$3 t0 t1 pid hwm
    local args=(-q --no-plot -j "$threads" -r "$reps" --no-counterfactual -s "agents.count=$agents"
        -s "horizon.end=$END" -o "$tmp/out" "$scenario")
    rm -rf "$tmp/out"
    t0=$(date +%s%N)
    if [ "${meter#GNU}" != "$meter" ]; then
        /usr/bin/time -o "$tmp/rss" -f '%M %U %S' "$bin" "${args[@]}"
        t1=$(date +%s%N)
        read -r rss cpu <<<"$(tail -1 "$tmp/rss" | awk '{ print $1, $2 + $3 }')"
    else
        "$bin" "${args[@]}" &
        pid=$!
        rss=0
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
            [ -n "$hwm" ] && [ "$hwm" -gt "$rss" ] && rss=$hwm
            sleep 0.01
        done
        wait "$pid"
        t1=$(date +%s%N)
        cpu=NaN
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    # review_share is the replications' mean: x agents x replications
    reviews=$(awk -F, -v a="$agents" -v r="$reps" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "review_share") c = i; next }
        c { s += $c } END { if (!c) exit 1; printf "%.0f", s * a * r }' "$tmp/out/timeseries.csv") || {
        echo "bench.sh: no review_share column in timeseries.csv" >&2
        exit 1
    }
}

echo "oss-sim benchmark: $("$bin" -V)"
echo "scenario: scenarios/baseline.cfg -s horizon.end=$END ($MONTHS months), --no-counterfactual --no-plot"
echo "machine: $cores cores ($(uname -m), $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null));" \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "peak memory measured with $meter"
echo "$REPEATS repeats of each run, interleaved; min and median wall time over them"
echo

# results: one line per run and repeat, "index wall rss reviews cpu"
: >"$tmp/results"
for ((rep = 1; rep <= REPEATS; rep++)); do
    [ -t 2 ] && printf '\r  repeat %d/%d ' "$rep" "$REPEATS" >&2
    for i in "${!configs[@]}"; do
        IFS='|' read -r _ agents reps threads <<<"${configs[$i]}"
        measure "$agents" "$reps" "$threads"
        echo "$i $wall $rss $reviews $cpu" >>"$tmp/results"
    done
done
[ -t 2 ] && printf '\r%*s\r' 30 '' >&2

mkdir -p "$(dirname "$csv")"
printf '%s\n' "${configs[@]}" >"$tmp/configs"
awk -v m="$MONTHS" -v csv="$csv.tmp" '
BEGIN { nc = 0 }
function median(a, k,    i, j, t) { # sorts a[1..k] and returns its median
    for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}
FNR == NR { split($0, f, "|"); label[nc] = f[1]; agents[nc] = f[2]; reps[nc] = f[3]; threads[nc++] = f[4]; next }
{ k = ++cnt[$1]; wall[$1, k] = $2; rss[$1, k] = $3; rev[$1] = $4; cpu[$1, k] = $5 }
END {
    printf "%-22s %8s %4s %3s %8s %8s %8s %10s %9s %11s %10s %7s\n", "run", "agents", "reps", "-j",
        "wall_min", "wall_med", "cpu_min", "Mam/s_best", "Mam/s_med", "Mrev/s_best", "Mrev/s_med", "RSS_MiB"
    print "run,agents,replications,threads,months,repeats,wall_s_min,wall_s_median,agent_months_per_s_best," \
        "agent_months_per_s_median,reviews_per_s_best,reviews_per_s_median,reviews,cpu_s_min,peak_rss_mib_median" > csv
    for (i = 0; i < nc; i++) {
        for (k = 1; k <= cnt[i]; k++) { w[k] = wall[i, k]; r[k] = rss[i, k] }
        wmin = w[1]; for (k = 2; k <= cnt[i]; k++) if (w[k] < wmin) wmin = w[k]
        cmin = cpu[i, 1]; for (k = 2; k <= cnt[i]; k++) if (cpu[i, k] + 0 < cmin + 0) cmin = cpu[i, k]
        wmed = median(w, cnt[i]); rmed[i] = median(r, cnt[i])
        am = agents[i] * reps[i] * m
        printf "%-22s %8d %4d %3d %8.3f %8.3f %8s %10.1f %9.1f %11.2f %10.2f %7.1f\n", label[i], agents[i], reps[i],
            threads[i], wmin, wmed, cmin, am / wmin / 1e6, am / wmed / 1e6, rev[i] / wmin / 1e6, rev[i] / wmed / 1e6,
            rmed[i] / 1024
        printf "%s,%d,%d,%d,%d,%d,%.4f,%.4f,%.0f,%.0f,%.0f,%.0f,%d,%s,%.1f\n", label[i], agents[i], reps[i], threads[i],
            m, cnt[i], wmin, wmed, am / wmin, am / wmed, rev[i] / wmin, rev[i] / wmed, rev[i], cmin, rmed[i] / 1024 > csv
        if (agents[i] == 1000000 && threads[i] == 1 && reps[i] == 1) one = i
        if (agents[i] == 2000000 && threads[i] == 1 && reps[i] == 1) two = i
    }
    printf "\nmemory per agent, marginal: (peak RSS at 2M - at 1M agents) / 1M = %.1f bytes\n",
        (rmed[two] - rmed[one]) * 1024 / 1e6
}' "$tmp/configs" "$tmp/results"
mv "$csv.tmp" "$csv"
echo
echo "Mam/s: million agent-months per second (agents x replications x months / wall"
echo "seconds, whole process, files included); Mrev/s: million reviews (logit choices)"
echo "per second; best: from the minimum wall time, med: from the median; cpu_min:"
echo "least user + system CPU seconds (all threads) over the repeats."
echo "Targets: at least 100 million agent-months/s on one thread at 1M agents, at most"
echo "32 bytes per agent at the margin, all cores at least 1.8x one thread at 1M agents"
echo "and never slower than one thread."
echo "wrote $csv"
