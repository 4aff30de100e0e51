#!/usr/bin/env bash
# scripts/bench.sh - the fixed oss-sim benchmark (what `make bench` runs).
#
#   scripts/bench.sh [BINARY]        (default: ./oss-sim of the repository)
#
# Runs scenarios/baseline.cfg with 1,000,000 agents over 72 months
# (-s horizon.end=2030-10: 2024-11 to 2030-10), one replication, no
# counterfactual (--no-baseline), no charts (--no-plot: gnuplot is a child
# process whose time and memory would blur the figures), once with -j 1 and
# once with all cores, and
# prints for each:
#   agent-steps per second = agents x months / wall seconds
#   peak resident memory / agents, in bytes
# then the same for a tiny run (1,000 agents), which shows the fixed overhead
# (start-up, scenario loading, writing the files).
#
# Wall time: date +%s%N around the run (the whole process: start-up, agent
# creation, 72 months, writing the CSV files).  Peak resident memory: GNU time's
# %M (maximum resident set size, KiB; Debian package `time`, /usr/bin/time)
# when it is installed, otherwise the largest VmHWM read from
# /proc/PID/status while the run is going (polled every 10 ms, so it can miss
# a peak in the last few milliseconds; BENCH_MEMORY=proc forces this way).
# The header line says which was used.
# Bench output goes to a temporary directory that is removed afterwards.
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/oss-sim}
[ -x "$bin" ] || { echo "bench.sh: $bin is not an executable (run make first)" >&2; exit 2; }
scenario=$root/scenarios/baseline.cfg
AGENTS=1000000
TINY=1000
END=2030-10
MONTHS=72   # 2024-11 .. 2030-10
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ "${BENCH_MEMORY:-}" != proc ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
    meter="GNU time %M (/usr/bin/time)"
else
    meter="VmHWM from /proc/PID/status, polled every 10 ms"
fi

# measure AGENTS THREADS: runs the benchmark once; sets wall (s) and rss (KiB).
measure() {
    local agents=$1 threads=$2 t0 t1 pid hwm
    local args=(-q --no-plot -j "$threads" -r 1 --no-baseline -s "agents.count=$agents" -s "horizon.end=$END"
        -o "$tmp/out" "$scenario")
    rm -rf "$tmp/out"
    t0=$(date +%s%N)
    if [ "${meter#GNU}" != "$meter" ]; then
        /usr/bin/time -o "$tmp/rss" -f %M "$bin" "${args[@]}"
        t1=$(date +%s%N)
        rss=$(tail -1 "$tmp/rss")
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
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

report() { # report LABEL AGENTS THREADS
    measure "$2" "$3"
    awk -v l="$1" -v a="$2" -v j="$3" -v m="$MONTHS" -v w="$wall" -v r="$rss" 'BEGIN {
        printf "%-22s %8d %7d %9.3f %14.1f %12.1f %10.1f\n", l, a, j, w, a * m / w / 1e6, r / 1024, r * 1024 / a }'
}

echo "oss-sim benchmark: $("$bin" -V)"
echo "scenario: scenarios/baseline.cfg -s horizon.end=$END ($MONTHS months), 1 replication, --no-baseline --no-plot"
echo "machine: $cores cores ($(uname -m)); peak memory measured with $meter"
echo
printf '%-22s %8s %7s %9s %14s %12s %10s\n' run agents threads wall_s 'Magent-steps/s' peak_RSS_MiB bytes/agent
report "one thread" "$AGENTS" 1
report "all cores" "$AGENTS" "$cores"
report "tiny (fixed overhead)" "$TINY" 1
echo
echo "agent-steps/s = agents x $MONTHS months / wall seconds (whole process, files included);"
echo "bytes/agent = peak resident memory / agents.  Targets: at least 50 million"
echo "agent-steps/s on one thread at 1,000,000 agents, at most 64 bytes per agent."
