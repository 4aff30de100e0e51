#!/usr/bin/env bash
# tests/cli/run.sh - command-line tests: run the built binary as a user would.
#
#   OSS_SIM=/path/to/oss-sim tests/cli/run.sh      (default: ./oss-sim of the repo)
#
# Prints one line per test ("ok   NAME", "FAIL NAME" with the reasons
# indented below, or "skip NAME (why)"), then "N passed, M failed", and exits
# non-zero if any test failed.  OSS_SIM_SANITIZED=1 says the binary is an
# ASan/UBSan build (slower): the interrupt test then uses fewer agents.
#
# Data-driven parts (add a file, not code):
#   bad/NAME.cfg + bad/NAME.err [+ bad/NAME.status]  bad scenarios (bad/README.md)
#   bad_options.txt                                   bad options and -s overrides
#   good/NAME.cfg                                     scenarios that must validate and run
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
OSS_SIM=${OSS_SIM:-$root/oss-sim}
case $OSS_SIM in /*) ;; *) OSS_SIM=$PWD/$OSS_SIM ;; esac
SAN=${OSS_SIM_SANITIZED:-0}
[ "$SAN" = 0 ] || [ "$SAN" = 1 ] || SAN=1

if [ ! -x "$OSS_SIM" ]; then
    echo "run.sh: $OSS_SIM is not an executable (build it with make)" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Small runs: a few thousand agents, three replications, no charts (the
# charts have their own test).
SMALL=(-s agents.count=2000 -r 3 --no-plot)
BASE=$root/scenarios/baseline.cfg
HEADLINES="latent_price_cut_pct latent_savings_busd cf_price_cut_pct cf_spend_savings_busd
cf_surplus_gain_busd cn_token_share_start cn_token_share_mean cn_token_share_peak
cn_token_share_end open_token_share_mean cn_share_of_open_devs_mean closed_revenue_share_mean
avg_price_closed_mean avg_price_open_mean market_spend_busd"
SUMMARY_HEADER="metric,mean,sd,ci95_lo,ci95_hi,n"
CSVS="timeseries.csv families.csv summary.csv"

# ---- reporting --------------------------------------------------------

pass=0
fail=0
tname=
terrs=()

begin() { tname=$1; terrs=(); }
bad() { terrs+=("$*"); }
end() {
    if [ ${#terrs[@]} -eq 0 ]; then
        pass=$((pass + 1))
        echo "ok   $tname"
    else
        fail=$((fail + 1))
        echo "FAIL $tname"
        local e
        for e in "${terrs[@]}"; do
            printf '%s\n' "$e" | sed 's/^/       /'
        done
    fi
}
skip() { echo "skip $1 ($2)"; }

# ---- running the binary -----------------------------------------------

# sim DIR ARGS...: runs oss-sim in DIR; sets st, out (stdout file), err (stderr file).
out=$work/stdout
err=$work/stderr
st=0
sim() {
    local dir=$1
    shift
    (cd "$dir" && exec "$OSS_SIM" "$@") >"$out" 2>"$err"
    st=$?
}

# Checks after sim.
want_status() { [ "$st" = "$1" ] || bad "exit status $st, expected $1; stderr: $(head -c 600 "$err")"; }
want_quiet_stderr() { [ "$st" != 0 ] || [ ! -s "$err" ] || bad "unexpected stderr: $(head -c 600 "$err")"; }
want_empty_stdout() { [ ! -s "$out" ] || bad "unexpected stdout: $(head -c 300 "$out")"; }

# mkd NAME: a fresh directory under the work area.
mkd() { rm -rf "${work:?}/$1"; mkdir -p "$work/$1"; echo "$work/$1"; }

# ---- file checks ------------------------------------------------------

# csv_rect FILE: one header, the same number of fields on every row, no
# empty field, a final newline.
csv_rect() {
    local f=$1 msg
    [ -s "$f" ] || { bad "$(basename "$f"): missing or empty"; return; }
    [ -z "$(tail -c 1 "$f")" ] || bad "$(basename "$f"): no newline at the end"
    msg=$(awk -F, 'NR == 1 { n = NF }
        NF != n { printf "line %d has %d fields, the header %d\n", NR, NF, n; exit }
        /,,|,$|^,/ { printf "line %d has an empty field\n", NR; exit }
        /"|\r/ { printf "line %d has a quote or CR\n", NR; exit }' "$f")
    [ -z "$msg" ] || bad "$(basename "$f"): $msg"
}

# no_temp DIR: no temporary or hidden file left in DIR.
no_temp() {
    local left
    left=$(cd "$1" && find . -mindepth 1 \( -name '.*' -o -name '*.tmp*' -o -name '*~' \) | head -5)
    [ -z "$left" ] || bad "temporary files left in $(basename "$1"): $left"
}

# has_files DIR NAMES...: exactly these files in DIR.
has_files() {
    local d=$1 got want
    shift
    got=$(cd "$d" 2>/dev/null && find . -mindepth 1 | sed 's|^\./||' | sort | tr '\n' ' ')
    want=
    [ $# -eq 0 ] || want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || bad "files in $(basename "$d"): [${got% }], expected [${want% }]"
}

# months FILE COL FIRST COUNT: column COL holds YYYY-MM months, consecutive
# from FIRST, COUNT distinct months in order (repeats allowed, as in families.csv).
months() {
    local msg
    msg=$(awk -F, -v col="$2" -v first="$3" -v count="$4" '
        function idx(s) { return substr(s, 1, 4) * 12 + substr(s, 6, 2) - 1 }
        NR == 1 { next }
        $col !~ /^[0-9][0-9][0-9][0-9]-(0[1-9]|1[0-2])$/ { printf "line %d: date \"%s\" is not YYYY-MM\n", NR, $col; bad = 1; exit }
        NR == 2 { if ($col != first) { printf "first month %s, expected %s\n", $col, first; bad = 1; exit } prev = idx($col); n = 1; next }
        { d = idx($col) - prev
          if (d == 1) n++
          else if (d != 0) { printf "line %d: month %s does not follow the previous one\n", NR, $col; bad = 1; exit }
          prev = idx($col) }
        END { if (!bad && n != count) printf "%d months, expected %d\n", n, count }' "$1")
    [ -z "$msg" ] || bad "$(basename "$1"): $msg"
}

# summary_ok FILE REPS WITH_CF: summary.csv has the header, the headline
# metrics (with or without cf_), n = REPS, finite numbers, lo <= mean <= hi.
summary_ok() {
    local f=$1 reps=$2 with_cf=$3 want got msg
    [ -s "$f" ] || { bad "summary.csv: missing"; return; }
    [ "$(head -1 "$f")" = "$SUMMARY_HEADER" ] || bad "summary.csv header: $(head -1 "$f")"
    want=$(printf '%s\n' $HEADLINES | { if [ "$with_cf" = 1 ]; then cat; else grep -v '^cf_'; fi; } | sort | tr '\n' ' ')
    got=$(tail -n +2 "$f" | cut -d, -f1 | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || bad "summary.csv metrics: [$got], expected [$want]"
    msg=$(awk -F, -v reps="$reps" 'NR > 1 {
        for (i = 2; i <= 6; i++) if ($i !~ /^-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$/) { printf "%s: field %d is \"%s\"\n", $1, i, $i; exit }
        if ($6 != reps) { printf "%s: n = %s, expected %s\n", $1, $6, reps; exit }
        if ($3 < 0) { printf "%s: negative sd\n", $1; exit }
        if (!($4 <= $2 + 1e-9 * ($2 < 0 ? -$2 : $2) && $2 <= $5 + 1e-9 * ($2 < 0 ? -$2 : $2))) { printf "%s: mean %s outside [%s, %s]\n", $1, $2, $4, $5; exit } }' "$f")
    [ -z "$msg" ] || bad "summary.csv: $msg"
}

# run_ok DIR REPS MONTHS FIRST WITH_CF: the four files of a good run.
run_ok() {
    local d=$1 reps=$2 nm=$3 first=$4 with_cf=$5 f msg h
    for f in $CSVS; do csv_rect "$d/$f"; done
    [ -s "$d/manifest.txt" ] || bad "manifest.txt missing"
    no_temp "$d"
    summary_ok "$d/summary.csv" "$reps" "$with_cf"
    h=$(head -1 "$d/timeseries.csv")
    case $h in date,*) ;; *) bad "timeseries.csv header does not start with date: ${h:0:80}" ;; esac
    months "$d/timeseries.csv" 1 "$first" "$nm"
    [ "$(($(wc -l <"$d/timeseries.csv") - 1))" = "$nm" ] || bad "timeseries.csv: $(($(wc -l <"$d/timeseries.csv") - 1)) rows, expected $nm"
    h=$(head -1 "$d/families.csv")
    case $h in date,family,*) ;; *) bad "families.csv header does not start with date,family: ${h:0:80}" ;; esac
    for f in price quality marginal_cost token_share developer_share 'revenue[a-z_]*' 'profit[a-z_]*'; do
        printf '%s\n' "$h" | tr , '\n' | grep -qx "$f" || bad "families.csv has no column $f"
    done
    months "$d/families.csv" 1 "$first" "$nm"
    # token shares of the families sum to one each month
    msg=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "token_share") c = i; next }
        { s[$1] += $c } END { for (m in s) if (s[m] < 1 - 1e-6 || s[m] > 1 + 1e-6) { printf "%s: token shares sum to %.10g\n", m, s[m]; exit } }' "$d/families.csv")
    [ -z "$msg" ] || bad "families.csv: $msg"
}

csv_same() { # csv_same DIR1 DIR2 WHAT: identical CSV files
    local f
    for f in $CSVS; do
        cmp -s "$1/$f" "$2/$f" || bad "$3: $f differs"
    done
}

# =======================================================================
# help, version, check
# =======================================================================

begin "--help prints the usage with every option on stdout, exit 0"
sim "$work" --help
want_status 0
want_quiet_stderr
head -1 "$out" | grep -q '^Usage: oss-sim ' || bad "first line is not 'Usage: oss-sim ...': $(head -1 "$out")"
for o in -o --out -s --set -r --runs --seed -j --threads --baseline --no-baseline --per-run \
    --summary-csv --plot --no-plot --check -q --quiet -h --help -V --version; do
    grep -q -- "$o\b" "$out" || bad "--help does not mention $o"
done
cp "$out" "$work/help.txt"
end

begin "-h is --help"
sim "$work" -h
want_status 0
cmp -s "$out" "$work/help.txt" || bad "-h output differs from --help"
end

begin "-V and --version print 'oss-sim VERSION', exit 0"
sim "$work" -V
want_status 0
want_quiet_stderr
[ "$(wc -l <"$out")" = 1 ] && grep -Eq '^oss-sim [0-9]+\.[0-9]+\.[0-9]+' "$out" ||
    bad "-V printed: $(cat "$out")"
version=$(sed 's/^oss-sim //' "$out")
sim "$work" --version
cmp -s "$out" <(echo "oss-sim $version") || bad "--version differs from -V"
end

begin "--check accepts every scenario in scenarios/ and writes nothing"
d=$(mkd check)
for f in "$root"/scenarios/*.cfg; do
    sim "$d" --check "$f"
    want_status 0
    want_quiet_stderr
    grep -q ': ok' "$out" || bad "$(basename "$f"): no ': ok' on stdout: $(cat "$out")"
done
has_files "$d"
end

begin "--check -q prints nothing"
sim "$work" --check -q "$BASE"
want_status 0
want_quiet_stderr
want_empty_stdout
end

begin "-s with a new policy block is accepted (-s policy.export_controls.strength=0.8)"
sim "$work" --check -s policy.export_controls.strength=0.8 -s agents.count=1000000 "$BASE"
want_status 0
# at most a one-line note naming the override that added the block
[ ! -s "$err" ] || { [ "$(wc -l <"$err")" = 1 ] && grep -q "^oss-sim: note: .*policy.export_controls.strength=0.8" "$err"; } ||
    bad "unexpected stderr: $(head -c 600 "$err")"
grep -q '1000000 agents' "$out" || bad "agents.count override not applied: $(cat "$out")"
end

# =======================================================================
# a good run and its files
# =======================================================================

begin "a run writes timeseries.csv, families.csv, summary.csv, manifest.txt to -o DIR"
d=$(mkd run1)
sim "$work" "${SMALL[@]}" --seed 42 -j 2 -o "$d/out" "$BASE"
want_status 0
want_quiet_stderr
has_files "$d/out" $CSVS manifest.txt
run_ok "$d/out" 3 74 2024-11 1
end


begin "the run prints a readable summary: every headline metric, 95% CI, replications"
for h in $HEADLINES; do
    grep -q "^$h " "$out" || bad "stdout has no line for $h"
done
grep -q '95% CI' "$out" || bad "stdout does not mention the 95% CI"
grep -q '3 replications' "$out" || bad "stdout does not give the number of replications"
end

begin "manifest.txt records version, scenario, SHA-256, overrides, seed, replications, threads"
m=$work/run1/out/manifest.txt
grep -qx "oss_sim_version: $version" "$m" || bad "no 'oss_sim_version: $version'"
grep -qx "scenario: $BASE" "$m" || bad "no 'scenario: $BASE'"
grep -Eqx 'scenario_sha256: [0-9a-f]{64}' "$m" || bad "no scenario_sha256"
grep -q '^counterfactual: .*no_open\.cfg$' "$m" || bad "counterfactual not recorded"
grep -q '^overrides:.*agents\.count=2000' "$m" || bad "the -s override is not recorded"
grep -qx 'seed: 42' "$m" || bad "no 'seed: 42'"
grep -qx 'replications: 3' "$m" || bad "no 'replications: 3'"
grep -qx 'threads: 2' "$m" || bad "no 'threads: 2'"
end

if command -v gnuplot >/dev/null 2>&1; then
    begin "by default a run also draws shares.png and prices.png (gnuplot)"
    d=$(mkd plot)
    sim "$work" -s agents.count=2000 -r 2 -s horizon.end=2025-12 -o "$d" "$BASE"
    want_status 0
    want_quiet_stderr
    has_files "$d" $CSVS manifest.txt shares.png prices.png
    for f in shares.png prices.png; do
        [ "$(head -c 4 "$d/$f" | od -An -c | tr -d ' ')" = '211PNG' ] || bad "$f is not a PNG file"
    done
    grep -q 'shares.png' "$out" || bad "the summary does not list the charts"
    end
else
    skip "charts" "gnuplot is not installed"
fi

begin "--no-baseline: no cf_ metrics, counterfactual: none"
d=$(mkd nocf)
sim "$work" "${SMALL[@]}" --no-baseline -q -o "$d" "$BASE"
want_status 0
want_quiet_stderr
want_empty_stdout
summary_ok "$d/summary.csv" 3 0
grep -qx 'counterfactual: none' "$d/manifest.txt" || bad "manifest does not say 'counterfactual: none'"
end

begin "--per-run writes runs.csv with every replication's months"
d=$(mkd perrun)
sim "$work" "${SMALL[@]}" --per-run -q -o "$d" "$BASE"
want_status 0
has_files "$d" $CSVS manifest.txt runs.csv
csv_rect "$d/runs.csv"
case $(head -1 "$d/runs.csv") in run,date,*) ;; *) bad "runs.csv header does not start with run,date" ;; esac
[ "$(($(wc -l <"$d/runs.csv") - 1))" = $((3 * 74)) ] || bad "runs.csv has $(($(wc -l <"$d/runs.csv") - 1)) rows, expected $((3 * 74))"
[ "$(tail -n +2 "$d/runs.csv" | cut -d, -f1 | sort -u | tr '\n' ' ')" = "0 1 2 " ] || bad "runs.csv run column is not 0, 1, 2"
end

begin "--summary-csv prints exactly summary.csv"
d=$(mkd sumcsv)
sim "$work" "${SMALL[@]}" --summary-csv -o "$d" "$BASE"
want_status 0
want_quiet_stderr
cmp -s "$out" "$d/summary.csv" || bad "stdout differs from summary.csv"
end

begin "-q prints nothing; progress stays off when stderr is not a terminal"
d=$(mkd quiet)
sim "$work" "${SMALL[@]}" -q -o "$d" "$BASE"
want_status 0
want_quiet_stderr
want_empty_stdout
end

if command -v script >/dev/null 2>&1; then
    begin "progress shows on stderr when it is a terminal, not with -q"
    d=$(mkd tty)
    script -qec "$(printf '%q ' "$OSS_SIM" -s agents.count=5000 -r 2 -o "$d/a" "$BASE") >/dev/null" /dev/null >"$work/tty.txt" 2>&1
    grep -q 'replication' "$work/tty.txt" || bad "no progress on the terminal: $(head -c 300 "$work/tty.txt")"
    script -qec "$(printf '%q ' "$OSS_SIM" -q -s agents.count=5000 -r 2 -o "$d/b" "$BASE") >/dev/null" /dev/null >"$work/tty.txt" 2>&1
    [ ! -s "$work/tty.txt" ] || bad "-q still prints on the terminal: $(head -c 300 "$work/tty.txt")"
    end
else
    skip "progress on a terminal" "no script(1)"
fi

begin "-s, -r and the horizon change what is written"
d=$(mkd short)
sim "$work" -s agents.count=1500 -r 2 -s horizon.end=2025-12 --no-baseline -q -o "$d" "$BASE"
want_status 0
run_ok "$d" 2 14 2024-11 0
grep -qx 'agents: 1500' "$d/manifest.txt" || bad "manifest does not say 'agents: 1500'"
end

begin "-o creates nested directories"
d=$(mkd nested)
sim "$d" "${SMALL[@]}" -q -s horizon.end=2025-12 -o a/b/c "$BASE"
want_status 0
has_files "$d/a/b/c" $CSVS manifest.txt
end

# =======================================================================
# paths: other current directories, includes, default output directory
# =======================================================================

begin "default output directory is out/<scenario name>, from another directory with a relative path"
d=$(mkd cwd)
rel=$(realpath --relative-to="$d" "$BASE")
sim "$d" "${SMALL[@]}" --seed 42 -j 2 -q "$rel"
want_status 0
want_quiet_stderr
has_files "$d/out" baseline baseline/timeseries.csv baseline/families.csv baseline/summary.csv baseline/manifest.txt
csv_same "$work/run1/out" "$d/out/baseline" "relative path against absolute path"
a=$(grep '^scenario_sha256' "$work/run1/out/manifest.txt")
b=$(grep '^scenario_sha256' "$d/out/baseline/manifest.txt")
[ "$a" = "$b" ] || bad "SHA-256 of the resolved scenario depends on the path: $a / $b"
end

begin "a policy scenario (no_open.cfg, @include baseline.cfg) runs from another directory"
d=$(mkd cwd2)
sim "$d" "${SMALL[@]}" -q -s horizon.end=2025-12 "$root/scenarios/no_open.cfg"
want_status 0
want_quiet_stderr
has_files "$d/out/no_open" $CSVS manifest.txt
end

for f in "$here"/good/*.cfg; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .cfg)
    begin "good/$n.cfg validates and runs (from its own and from another directory)"
    d=$(mkd "good-$n")
    sim "$here/good" --check "$n.cfg"
    want_status 0
    want_quiet_stderr
    sim "$d" --check "$f"
    want_status 0
    want_quiet_stderr
    sim "$here/good" -s agents.count=1000 -r 2 --no-plot -q -o "$d/out" "$n.cfg"
    want_status 0
    want_quiet_stderr
    has_files "$d/out" $CSVS manifest.txt
    [ -e "$here/good/out" ] && { bad "wrote into tests/cli/good/out"; rm -rf "$here/good/out"; }
    end
done

begin "a scenario's own overrides list applies, and -s overrides it"
sim "$here/good" --check -s agents.count=777 frictionless.cfg
want_status 0
grep -q '777 agents' "$out" || bad "-s did not win over the file: $(cat "$out")"
d=$(mkd ovorder)
cp "$root"/scenarios/*.cfg "$d/"
printf '@include "baseline.cfg"\noverrides = [ "agents.count = 1234" ];\n' >"$d/s.cfg"
sim "$d" --check --no-baseline s.cfg
want_status 0
grep -q '1234 agents' "$out" || bad "the file's overrides were not applied: $(cat "$out")"
sim "$d" --check --no-baseline -s agents.count=4321 s.cfg
grep -q '4321 agents' "$out" || bad "-s did not win over the file's overrides: $(cat "$out")"
end

begin "a scenario elsewhere can @include the baseline by its absolute path (e.g. the installed one)"
d=$(mkd absinc)
printf '@include "%s"\noverrides = [ "supply.host_margin = 0.1" ];\n' "$BASE" >"$d/mine.cfg"
sim "$d" --check mine.cfg
want_status 0
[ "$st" != 0 ] || grep -q 'counterfactual .*scenarios/no_open\.cfg' "$out" || bad "the baseline's counterfactual was not found: $(cat "$out")"
end

begin "error messages name included files by a path usable from the current directory"
sim "$root" tests/cli/bad/unknown_key_in_include.cfg
want_status 2
grep -qF 'tests/cli/bad/lib/unknown_key.cfg:5: run.seeed: unknown key' "$err" ||
    bad "got: $(cat "$err")"
sim "$root" tests/cli/bad/missing_include.cfg
want_status 2
grep -qF 'tests/cli/bad/missing_include.cfg:2: cannot open include file "tests/cli/bad/lib/no_such_file.cfg"' "$err" ||
    bad "got: $(cat "$err")"
end

# =======================================================================
# determinism and common random numbers
# =======================================================================

begin "same seed gives byte-identical CSV files"
d=$(mkd det)
sim "$work" "${SMALL[@]}" --seed 42 -j 2 -q -o "$d/a" "$BASE"
want_status 0
csv_same "$work/run1/out" "$d/a" "second run"
end

begin "-j 1 and -j 2 give identical CSV files (manifest differs only in threads and command)"
sim "$work" "${SMALL[@]}" --seed 42 -j 1 -q -o "$d/j1" "$BASE"
want_status 0
csv_same "$work/run1/out" "$d/j1" "-j 1 against -j 2"
diff <(grep -Ev '^(threads|command):' "$work/run1/out/manifest.txt") \
    <(grep -Ev '^(threads|command):' "$d/j1/manifest.txt") >/dev/null ||
    bad "manifest.txt differs beyond threads and command"
grep -qx 'threads: 1' "$d/j1/manifest.txt" || bad "no 'threads: 1' in the manifest"
end

begin "a different --seed gives different results"
sim "$work" "${SMALL[@]}" --seed 43 -j 2 -q -o "$d/s43" "$BASE"
want_status 0
! cmp -s "$work/run1/out/summary.csv" "$d/s43/summary.csv" || bad "summary.csv identical for seeds 42 and 43"
! cmp -s "$work/run1/out/timeseries.csv" "$d/s43/timeseries.csv" || bad "timeseries.csv identical for seeds 42 and 43"
grep -qx 'seed: 43' "$d/s43/manifest.txt" || bad "no 'seed: 43' in the manifest"
end

begin "the largest seed, 2^63-1, is accepted"
sim "$work" --check --seed 9223372036854775807 "$BASE"
want_status 0
end

begin "common random numbers: the scenario against itself (--baseline) gives cf_ deltas of exactly 0"
d=$(mkd crn)
sim "$work" "${SMALL[@]}" -q --baseline "$BASE" -o "$d" "$BASE"
want_status 0
for m in cf_price_cut_pct cf_spend_savings_busd cf_surplus_gain_busd; do
    l=$(grep "^$m," "$d/summary.csv")
    [ "$l" = "$m,0,0,0,0,3" ] || bad "summary.csv: '$l', expected '$m,0,0,0,0,3'"
done
end

# =======================================================================
# interrupts and atomic output
# =======================================================================

# interrupt DIR: starts a long run into DIR, sends SIGINT after about a
# second; sets st and fills the test's errors.
# Sized to take tens of seconds uninterrupted (replications run one after
# another with -j 1), so it is still running after a second even if the
# simulator gets much faster.
if [ "$SAN" = 1 ]; then LONG=(-s agents.count=200000 -r 64); else LONG=(-s agents.count=500000 -r 64); fi
interrupt() {
    local o=$1 pid i t0 ms
    "$OSS_SIM" -q -j 1 "${LONG[@]}" -o "$o" "$BASE" >"$out" 2>"$err" &
    pid=$!
    sleep 1
    kill -0 "$pid" 2>/dev/null || bad "the run ended within a second; make LONG in run.sh larger"
    t0=$(date +%s%N)
    kill -INT "$pid" 2>/dev/null
    for i in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        bad "still running 30 s after SIGINT; killed"
        kill -KILL "$pid"
    fi
    wait "$pid"
    st=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -le 2000 ] || bad "took $ms ms to stop after SIGINT, expected under 2000 ms (a month step takes milliseconds)"
}

begin "SIGINT stops a run with status 130 and leaves no file"
d=$(mkd int)
interrupt "$d/out"
want_status 130
grep -q 'interrupted' "$err" || bad "stderr does not say it was interrupted: $(cat "$err")"
[ ! -e "$d/out" ] || no_temp "$d/out"
left=$(find "$d" -type f | sed "s|^$d/||" | tr '\n' ' ')
[ -z "$left" ] || bad "files left after the interrupt: $left"
end

begin "SIGINT leaves the complete files of an earlier run untouched"
d=$(mkd int2)
sim "$work" "${SMALL[@]}" -q -s horizon.end=2025-12 -o "$d/out" "$BASE"
cp -r "$d/out" "$d/before"
interrupt "$d/out"
want_status 130
no_temp "$d/out"
diff -r "$d/before" "$d/out" >/dev/null || bad "the earlier files changed"
end

# =======================================================================
# family names in CSV files
# =======================================================================

begin "a family name with a comma keeps families.csv valid CSV (or is rejected)"
d=$(mkd comma)
sim "$work" -s 'families.gpt.name="OpenAI, Inc."' -s agents.count=500 -r 2 -s horizon.end=2025-12 --no-baseline -q -o "$d/out" "$BASE"
if [ "$st" = 2 ]; then
    grep -q 'families.gpt.name' "$err" || bad "rejected without naming families.gpt.name: $(cat "$err")"
    [ ! -e "$d/out" ] || bad "rejected but wrote $d/out"
else
    want_status 0
    msg=$(awk 'function nf(s,   i, c, q, n) { n = 1; q = 0
            for (i = 1; i <= length(s); i++) { c = substr(s, i, 1)
                if (c == "\"") q = !q; else if (c == "," && !q) n++ }
            return n }
        NR == 1 { h = nf($0) } nf($0) != h { printf "line %d has %d fields, the header %d", NR, nf($0), h; exit }' "$d/out/families.csv")
    [ -z "$msg" ] || bad "families.csv: $msg (quote the field, RFC 4180)"
    grep -qF '"OpenAI, Inc."' "$d/out/families.csv" || bad "families.csv does not hold the quoted name"
fi
end

if [ "$(id -u)" != 0 ]; then
    begin "a read-only output directory: clear message, status 2"
    d=$(mkd ro)
    mkdir "$d/ro"
    chmod 555 "$d/ro"
    sim "$d" "${SMALL[@]}" -q -o ro/out "$BASE"
    want_status 2
    grep -q 'ro/out' "$err" || bad "message does not name the directory: $(cat "$err")"
    chmod 755 "$d/ro"
    end
else
    skip "a read-only output directory" "running as root; bad_options.txt covers unwritable paths"
fi

# =======================================================================
# golden files: bad scenarios (bad/*.cfg) and bad options (bad_options.txt)
# =======================================================================

rm -rf "$here/bad/out"
for f in "$here"/bad/*.cfg; do
    n=$(basename "$f" .cfg)
    begin "bad/$n.cfg"
    want=2
    [ -f "$here/bad/$n.status" ] && want=$(head -1 "$here/bad/$n.status")
    if [ ! -f "$here/bad/$n.err" ]; then
        bad "bad/$n.err is missing; expected stderr of: (cd tests/cli/bad && oss-sim $n.cfg)"
    else
        for mode in run check; do
            if [ $mode = run ]; then sim "$here/bad" "$n.cfg"; else sim "$here/bad" --check "$n.cfg"; fi
            [ "$st" = "$want" ] || bad "$mode: exit status $st, expected $want"
            want_empty_stdout
            if ! cmp -s "$err" "$here/bad/$n.err"; then
                bad "$mode: stderr differs (- expected, + got):
$(diff -u "$here/bad/$n.err" "$err" | tail -n +3)"
            fi
        done
    fi
    if [ -e "$here/bad/out" ]; then
        bad "wrote tests/cli/bad/out: $(find "$here/bad/out" | head -3 | tr '\n' ' ')"
        rm -rf "$here/bad/out"
    fi
    end
done

# bad_options.txt
ovdir=$(mkd options)
cp "$root"/scenarios/*.cfg "$ovdir/"
listing() { (cd "$ovdir" && find . | sort); }
before=$(listing)
case_args=
case_status=
case_err=
case_line=0
run_case() {
    [ -n "$case_args" ] || return 0
    begin "bad_options.txt:$case_line: oss-sim $case_args"
    local -a args
    eval "args=($case_args)"
    sim "$ovdir" "${args[@]}"
    [ "$st" = "$case_status" ] || bad "exit status $st, expected $case_status"
    want_empty_stdout
    printf '%s' "$case_err" >"$work/expected"
    if ! cmp -s "$err" "$work/expected"; then
        bad "stderr differs (- expected, + got):
$(diff -u "$work/expected" "$err" | tail -n +3)"
    fi
    if [ "$(listing)" != "$before" ]; then
        bad "wrote files: $(diff <(echo "$before") <(listing) | grep '^>' | head -3 | tr '\n' ' ')"
        rm -rf "$ovdir"/out
    fi
    end
    case_args=
    case_status=
    case_err=
}
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case $line in
    '#'*) ;;
    '') run_case ;;
    '$ oss-sim'*)
        run_case
        case_args=${line#'$ oss-sim'}
        case_args=${case_args# }
        [ -n "$case_args" ] || case_args=' '
        case_line=$lineno
        ;;
    '? '*) case_status=${line#'? '} ;;
    *) case_err+="$line"$'\n' ;;
    esac
done <"$here/bad_options.txt"
run_case

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
