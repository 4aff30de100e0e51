#!/usr/bin/env bash
# tests/cli/sweep.sh - oss-sim sweep and merge, and --row/--header, as a
# user runs them.
#
#   OSS_SIM=/path/to/oss-sim [OSS_SIM_MPI=/path/to/oss-sim-mpi] tests/cli/sweep.sh
#
# Output as tests/cli/run.sh: "ok NAME", "FAIL NAME" with reasons, or "skip
# NAME (why)", then "N passed, M failed"; non-zero exit if any failed.
# OSS_SIM_SANITIZED=1 says the binary is an ASan/UBSan build (slower): the
# resume test then uses fewer agents.  The MPI tests run when OSS_SIM_MPI
# names the MPI build and mpirun exists.
#
# Sizes: small runs of scenarios/export_controls.cfg (1000 agents, 2
# replications, 14 months to 2025-12, no counterfactual) over its
# policy.export_controls.strength and efficiency_response; the resume test
# needs a sweep that lasts a second or two.
#
# Comparisons.  Every point of a sweep runs the replications of the same
# seed (common random numbers), so a point is the very run a plain
# `oss-sim -s KEY=VALUE` makes, and resumed, sharded, merged and MPI sweeps
# write the very file of one uninterrupted serial run: those comparisons
# are exact (byte for byte, or field for field as printed).
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
OSS_SIM_MPI=${OSS_SIM_MPI:-}

bgpid=
cleanup() {
    [ -z "$bgpid" ] || kill -KILL "$bgpid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# ---- running ----------------------------------------------------------

SC=$root/scenarios/export_controls.cfg
K1=policy.export_controls.strength
K2=policy.export_controls.efficiency_response
SMALL=(-s agents.count=1000 -r 2 --no-baseline -s horizon.end=2025-12 --no-plot)  # charts: tests/cli/plots.sh
GRID=(--param "$K1=0:1:3" --param "$K2=0:0.6:2")
# the grid's points, first key slowest
GRID_VALUES="0,0 0,0.6 0.5,0 0.5,0.6 1,0 1,0.6"


# sweep DIR ARGS...: oss-sim sweep on the small runs into DIR; sets st,
# $out and $err.
sweep() {
    local d=$1
    shift
    "$OSS_SIM" sweep "${SMALL[@]}" "$@" -o "$d" "$SC" >"$out" 2>"$err"
    st=$?
}

# merge DIR SHARDS...
merge() {
    "$OSS_SIM" merge -o "$@" >"$out" 2>"$err"
    st=$?
}

want_status() { [ "$st" = "$1" ] || bad "exit status $st, expected $1; stderr: $(head -c 600 "$err")"; }
want_stderr() { grep -q -- "$1" "$err" || bad "stderr does not say \"$1\": $(head -c 600 "$err")"; }

# same FILE_A FILE_B WHAT: byte-identical files
same() {
    if [ ! -f "$1" ] || [ ! -f "$2" ]; then
        bad "$3: $(basename "$(dirname "$1")")/$(basename "$1") or $(basename "$(dirname "$2")")/$(basename "$2") missing"
    elif ! cmp -s "$1" "$2"; then
        bad "$3: files differ: $(diff "$1" "$2" | head -c 400)"
    fi
}

# has_files DIR NAMES...: exactly these files in DIR (no temporary, no
# partial file left).
has_files() {
    local d=$1 got want
    shift
    got=$(cd "$d" 2>/dev/null && find . -mindepth 1 | sed 's|^\./||' | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || bad "files in $(basename "$d"): [${got% }], expected [${want% }]"
}

# rect FILE: a final newline and as many fields on every line as in the header
rect() {
    local msg
    [ -s "$1" ] || { bad "$(basename "$1"): missing or empty"; return; }
    [ -z "$(tail -c 1 "$1")" ] || bad "$(basename "$1"): no newline at the end"
    msg=$(awk -F, 'NR == 1 { n = NF } NF != n { printf "line %d has %d fields, the header %d", NR, NF, n; exit }' "$1")
    [ -z "$msg" ] || bad "$(basename "$1"): $msg"
}

# rows FILE: data lines (all but the header)
rows() { [ -f "$1" ] && echo $(($(wc -l <"$1") - 1)) || echo -1; }

# column FILE NAME: the values of a column (by header name), one a line
column() {
    awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } k { print $k }' "$1"
}

# ---- the columns: from a plain run's summary.csv --------------------------

# Every headline metric that summary.csv lists, in its order, gives four
# columns (mean, sd, CI bounds); n ends the row.  Taken from a plain run so
# the sweep's header is checked against another writer.
"$OSS_SIM" -q --no-plot "${SMALL[@]}" -o "$work/plain" "$SC" >"$out" 2>"$err" ||
    { echo "sweep.sh: a plain run of $SC failed: $(head -3 "$err")" >&2; exit 2; }
METRICS=$(awk -F, 'NR > 1 { print $1 }' "$work/plain/summary.csv" | tr '\n' ' ')
HEAD=$(for m in $METRICS; do printf ',%s_mean,%s_sd,%s_ci95_lo,%s_ci95_hi' "$m" "$m" "$m" "$m"; done)",n"
NMET=$(($(echo "$HEAD" | tr -cd , | wc -c)))  # metric columns, n included

# metrics FILE: the metric columns (the last NMET fields) of every data row
metrics() { awk -F, -v m="$NMET" 'NR > 1 { s = $(NF - m + 1); for (i = NF - m + 2; i <= NF; i++) s = s "," $i; print s }' "$1"; }

# =======================================================================
# grid sweep
# =======================================================================

G=$work/grid
begin "a grid sweep writes sweep.csv (one row per point, first key slowest) and manifest.txt, and nothing else"
sweep "$G" "${GRID[@]}"
want_status 0
has_files "$G" sweep.csv manifest.txt
rect "$G/sweep.csv"
h=$(head -1 "$G/sweep.csv")
[ "$h" = "point,$K1,$K2$HEAD" ] || bad "header: $h
expected: point,$K1,$K2$HEAD"
[ "$(rows "$G/sweep.csv")" = 6 ] || bad "$(rows "$G/sweep.csv") rows, expected 6"
p=$(column "$G/sweep.csv" point | tr '\n' ' ')
[ "$p" = "0 1 2 3 4 5 " ] || bad "point numbers: $p"
v=$(awk -F, 'NR > 1 { printf "%s,%s ", $2, $3 }' "$G/sweep.csv")
[ "$v" = "$GRID_VALUES " ] || bad "parameter values: $v, expected $GRID_VALUES"
n=$(column "$G/sweep.csv" n | sort -u | tr '\n' ' ')
[ "$n" = "2 " ] || bad "n column: $n, expected 2 (replications)"
grep -q '^command: oss-sim sweep .*--param' "$G/manifest.txt" || bad "manifest.txt has no command line"
grep -q '^points: 0 to 5 of 6$' "$G/manifest.txt" || bad "manifest.txt: $(grep points "$G/manifest.txt")"
grep -q "^design grid; $K1=0:1:3; $K2=" "$G/manifest.txt" || bad "manifest.txt does not describe the design"
# each parameter's label and unit from the table of scenario keys, for the charts' axes
grep -qx "label: $K1 = export-control strength (0 to 1)" "$G/manifest.txt" || bad "no label for $K1: $(grep '^label' "$G/manifest.txt")"
[ "$(grep -c '^label: ' "$G/manifest.txt")" = 2 ] || bad "labels: $(grep '^label' "$G/manifest.txt")"
grep -q '^wrote ' "$out" || bad "stdout: $(head -c 300 "$out")"
end

begin "the same grid command again says the sweep is complete and changes nothing"
cp -p "$G/sweep.csv" "$work/grid_sweep.csv"
cp -p "$G/manifest.txt" "$work/grid_manifest.txt"
sweep "$G" "${GRID[@]}"
want_status 0
want_stderr "complete already"
same "$G/sweep.csv" "$work/grid_sweep.csv" "sweep.csv"
same "$G/manifest.txt" "$work/grid_manifest.txt" "manifest.txt"
[ "$G/sweep.csv" -nt "$work/grid_sweep.csv" ] && bad "sweep.csv was rewritten"
has_files "$G" sweep.csv manifest.txt
end

begin "each sweep row is the plain run with the same -s values (common random numbers), as --row prints it"
i=0
for xy in $GRID_VALUES; do
    x=${xy%,*} y=${xy#*,}
    i=$((i + 1))
    "$OSS_SIM" -q --no-plot "${SMALL[@]}" -s "$K1=$x" -s "$K2=$y" -o "$work/pt$i" --header "$SC" >"$work/pt$i.csv" 2>"$err" ||
        bad "plain run $K1=$x $K2=$y failed: $(head -3 "$err")"
    a=$(metrics "$work/pt$i.csv")
    b=$(metrics "$G/sweep.csv" | sed -n "${i}p")
    [ -n "$a" ] && [ "$a" = "$b" ] || bad "point $((i - 1)) ($x, $y): sweep row
$b
plain run
$a"
done
end

begin "points whose counterfactual is the same (here: repeated points) reuse its rows: each is the plain run"
WITH_CF=(-s agents.count=1000 -r 2 -s horizon.end=2025-12 --no-plot)
"$OSS_SIM" sweep -q "${WITH_CF[@]}" --param "$K1=0.5:0.5:3" -o "$work/rep" "$SC" >"$out" 2>"$err" ||
    bad "the sweep failed: $(head -3 "$err")"
grep -q cf_price_cut_pct_mean "$work/rep/sweep.csv" || bad "no counterfactual in the sweep"
"$OSS_SIM" -q "${WITH_CF[@]}" -s "$K1=0.5" -o "$work/rep1" --header "$SC" >"$work/rep1.csv" 2>"$err" ||
    bad "plain run failed: $(head -3 "$err")"
a=$(metrics "$work/rep1.csv")
[ "$(rows "$work/rep/sweep.csv")" = 3 ] || bad "not 3 rows"
for i in 1 2 3; do
    [ -n "$a" ] && [ "$(metrics "$work/rep/sweep.csv" | sed -n "${i}p")" = "$a" ] || bad "row $i differs from the plain run"
done
end

begin "sweep.csv is the same byte for byte at -j1, -j2 and -j3 (points run in batches on threads; repeated counterfactuals reused in and across batches)"
# 0.5 twice, then 0, then 0.5 again: the counterfactual of the second point
# is the first's (in the same batch), the fourth's an earlier batch's
printf '0.5\n0.5\n0\n0.5\n1\n0\n0.5\n1\n0.25\n0.5\n' >"$work/pts.txt"
for j in 1 2 3; do
    "$OSS_SIM" sweep -q "${WITH_CF[@]}" -j $j --design-file "$work/pts.txt" --param "$K1" -o "$work/j$j" "$SC" \
        >"$out" 2>"$err" || bad "-j$j: the sweep failed: $(head -3 "$err")"
done
[ "$(rows "$work/j1/sweep.csv")" = 10 ] || bad "not 10 rows"
same "$work/j2/sweep.csv" "$work/j1/sweep.csv" "-j2 against -j1"
same "$work/j3/sweep.csv" "$work/j1/sweep.csv" "-j3 against -j1"
[ "$(metrics "$work/j2/sweep.csv" | sed -n 4p)" = "$(metrics "$work/j2/sweep.csv" | sed -n 1p)" ] ||
    bad "the fourth point (0.5 again) differs from the first"
end

begin "--row/--header in a shell loop: header = the -s keys then the headline columns; a clean CSV"
for x in 0 0.5 1; do
    h=--row
    [ "$x" = 0 ] && h=--header
    "$OSS_SIM" --no-plot -s agents.count=1000 -s run.replications=2 -s horizon.end=2025-12 -s "$K1=$x" \
        --no-baseline -o "$work/loop" "$h" "$SC" 2>"$err" || bad "run $x failed: $(head -3 "$err")"
done >"$work/loop.csv"
[ "$(wc -l <"$work/loop.csv")" = 4 ] || bad "$(wc -l <"$work/loop.csv") lines, expected 4: $(head -c 300 "$work/loop.csv")"
rect "$work/loop.csv"
h=$(head -1 "$work/loop.csv")
[ "$h" = "agents.count,run.replications,horizon.end,$K1$HEAD" ] || bad "header: $h"
v=$(awk -F, 'NR > 1 { printf "%s/%s/%s/%s ", $1, $2, $3, $4 }' "$work/loop.csv")
[ "$v" = "1000/2/2025-12/0 1000/2/2025-12/0.5 1000/2/2025-12/1 " ] || bad "override columns: $v"
# the loop's rows are the grid's points at efficiency_response 0 (the
# scenario's own value is 0.3, so compare with a sweep at 0.3 instead)
sweep "$work/g03" --param "$K1=0:1:3" --param "$K2=0.3:0.3:1"
[ "$(metrics "$work/loop.csv")" = "$(metrics "$work/g03/sweep.csv")" ] || bad "the rows differ from a sweep's at the same points"
ls "$work/loop" | grep -q '\.png$' && bad "charts drawn with --row"
end

# =======================================================================
# shards and merge
# =======================================================================

begin "--shard 1/3, 2/3, 3/3 merged (in shuffled order) give the unsharded sweep.csv byte for byte"
for i in 1 2 3; do
    sweep "$work/s$i" "${GRID[@]}" --shard $i/3
    want_status 0
    p=$(column "$work/s$i/sweep.csv" point | tr '\n' ' ')
    [ "$p" = "$((2 * i - 2)) $((2 * i - 1)) " ] || bad "shard $i/3 holds points $p"
done
merge "$work/merged" "$work/s2" "$work/s3" "$work/s1"
want_status 0
same "$work/merged/sweep.csv" "$G/sweep.csv" "merged sweep.csv"
has_files "$work/merged" sweep.csv manifest.txt
grep -q '^points: 0 to 5 of 6$' "$work/merged/manifest.txt" 2>/dev/null || bad "merged manifest.txt: $(grep points "$work/merged/manifest.txt" 2>&1)"
end

begin "merge into a directory holding a result keeps it as DIR.1 (the note names --force); --force replaces it"
merge "$work/merged" "$work/s3" "$work/s1" "$work/s2"
want_status 0
grep -q "note: the previous result in $work/merged is kept as $work/merged.1 (--force replaces it)" "$err" || bad "note: $(cat "$err")"
same "$work/merged.1/sweep.csv" "$G/sweep.csv" "the kept sweep.csv"
"$OSS_SIM" merge --force -o "$work/merged" "$work/s1" "$work/s2" "$work/s3" >"$out" 2>"$err"
st=$?
want_status 0
[ ! -e "$work/merged.2" ] || bad "--force kept the previous result"
grep -q 'kept as' "$err" && bad "--force: $(cat "$err")"
same "$work/merged/sweep.csv" "$G/sweep.csv" "merged sweep.csv after --force"
"$OSS_SIM" merge --help | grep -q -- '--force replaces it' || bad "merge --help does not name --force"
end

begin "more shards than points (empty shards included) merge to the whole too"
ds=()
for i in 8 3 5 1 7 2 6 4; do
    sweep "$work/e$i" "${GRID[@]}" --shard $i/8
    want_status 0
    ds+=("$work/e$i")
done
merge "$work/emerged" "${ds[@]}"
want_status 0
same "$work/emerged/sweep.csv" "$G/sweep.csv" "merged sweep.csv"
end

begin "merge refuses a missing shard, a duplicated shard and a shard of another sweep (exit 2, nothing written)"
merge "$work/m1" "$work/s2" "$work/s1"
want_status 2
want_stderr "2 shard directories given for a sweep in 3 shards"
[ -e "$work/m1/sweep.csv" ] && bad "sweep.csv written with a shard missing"
merge "$work/m2" "$work/s1" "$work/s2" "$work/s2"
want_status 2
want_stderr "given twice"
[ -e "$work/m2/sweep.csv" ] && bad "sweep.csv written with a shard twice"
sweep "$work/x2" --param "$K1=0:1:3" --param "$K2=0:0.5:2" --shard 2/3
merge "$work/m3" "$work/s1" "$work/x2" "$work/s3"
want_status 2
want_stderr "another sweep"
[ -e "$work/m3/sweep.csv" ] && bad "sweep.csv written from shards of two sweeps"
sweep "$work/y2" "${GRID[@]}" --shard 2/3 --seed 7
merge "$work/m4" "$work/s1" "$work/y2" "$work/s3"
want_status 2
want_stderr "another sweep"
merge "$work/m5" "$work/s1" "$work/s2" "$work/nonexistent"
want_status 2
end

# =======================================================================
# designs
# =======================================================================

begin "--design sobol and lhs run --samples points inside the bounds (lhs: one per stratum)"
sweep "$work/sobol" --design sobol --samples 5 --param "$K1=0:1" --param "$K2=0:0.6"
want_status 0
rect "$work/sobol/sweep.csv"
[ "$(rows "$work/sobol/sweep.csv")" = 5 ] || bad "sobol: $(rows "$work/sobol/sweep.csv") rows, expected 5"
# GSL's Sobol sequence starts at the centre, then (0.75, 0.25)
v=$(awk -F, 'NR == 2 || NR == 3 { printf "%s,%s ", $2, $3 }' "$work/sobol/sweep.csv")
[ "$v" = "0.5,0.3 0.75,0.15 " ] || bad "sobol: first points $v, expected 0.5,0.3 0.75,0.15"
sweep "$work/lhs" --design lhs --samples 5 --param "$K1=0:1" --param "$K2=0:0.6"
want_status 0
rect "$work/lhs/sweep.csv"
[ "$(rows "$work/lhs/sweep.csv")" = 5 ] || bad "lhs: $(rows "$work/lhs/sweep.csv") rows, expected 5"
s=$(awk -F, 'NR > 1 { a[int($2 * 5)]++; b[int($3 / 0.6 * 5)]++ }
    END { for (i = 0; i < 5; i++) if (a[i] != 1 || b[i] != 1) printf "stratum %d holds %d and %d points ", i, a[i], b[i] }' \
    "$work/lhs/sweep.csv")
[ -z "$s" ] || bad "lhs: $s"
p=$(column "$work/lhs/sweep.csv" point | tr '\n' ' ')
[ "$p" = "0 1 2 3 4 " ] || bad "lhs point numbers: $p"
end

begin "--design-file with a SALib-style file: one row per data line, with its values (and the grid's results at the grid's points)"
F=$here/sweep/salib.txt
sweep "$work/file" --design-file "$F" --param "$K1" --param "$K2"
want_status 0
rect "$work/file/sweep.csv"
[ "$(rows "$work/file/sweep.csv")" = 4 ] || bad "$(rows "$work/file/sweep.csv") rows, expected 4"
v=$(awk -F, 'NR > 1 { printf "%s:%s,%s ", $1, $2, $3 }' "$work/file/sweep.csv")
[ "$v" = "0:0,0.6 1:1,0 2:0.5,0.3 3:0.25,0.125 " ] || bad "points and values: $v"
[ "$(metrics "$work/file/sweep.csv" | sed -n 1p)" = "$(metrics "$G/sweep.csv" | sed -n 2p)" ] ||
    bad "the row at (0, 0.6) differs from the grid's"
[ "$(metrics "$work/file/sweep.csv" | sed -n 2p)" = "$(metrics "$G/sweep.csv" | sed -n 5p)" ] ||
    bad "the row at (1, 0) differs from the grid's"
end

begin "--analyse sobol writes sobol.csv: one row per metric and parameter"
sweep "$work/sa" --analyse sobol --samples 8 --metric cn_token_share_mean --metric avg_price_mean \
    --param "$K1=0:1" --param "$K2=0:0.6"
want_status 0
[ "$(rows "$work/sa/sweep.csv")" = 32 ] || bad "sweep.csv: $(rows "$work/sa/sweep.csv") rows, expected 8 (2 + 2) = 32"
rect "$work/sa/sobol.csv"
h=$(head -1 "$work/sa/sobol.csv")
[ "$h" = "metric,parameter,S1,S1_ci95_lo,S1_ci95_hi,ST,ST_ci95_lo,ST_ci95_hi" ] || bad "sobol.csv header: $h"
v=$(awk -F, 'NR > 1 { printf "%s/%s ", $1, $2 }' "$work/sa/sobol.csv")
[ "$v" = "cn_token_share_mean/$K1 cn_token_share_mean/$K2 avg_price_mean/$K1 avg_price_mean/$K2 " ] ||
    bad "rows: $v"
# numbers, ST >= 0 (Jansen's estimator is a mean of squares), lo <= hi
s=$(awk -F, 'NR > 1 { for (i = 3; i <= 8; i++) if ($i !~ /^-?[0-9.]+(e[-+][0-9]+)?$/) { print "line " NR ": " $i; exit }
    if ($6 < 0 || $4 > $5 || $7 > $8) { print "line " NR ": " $0; exit } }' "$work/sa/sobol.csv")
[ -z "$s" ] || bad "sobol.csv: $s"
has_files "$work/sa" sweep.csv manifest.txt sobol.csv
# without --metric, every headline; the complete sweep is not run again
cp -p "$work/sa/sweep.csv" "$work/sa_sweep.csv"
sweep "$work/sa" --analyse sobol --samples 8 --param "$K1=0:1" --param "$K2=0:0.6"
want_status 0
want_stderr "complete already"
same "$work/sa/sweep.csv" "$work/sa_sweep.csv" "sweep.csv"
n=$(echo $METRICS | wc -w)
[ "$(rows "$work/sa/sobol.csv")" = $((2 * n)) ] || bad "sobol.csv without --metric: $(rows "$work/sa/sobol.csv") rows, expected $((2 * n))"
end

# =======================================================================
# bad input
# =======================================================================

# badrun WHAT MESSAGE ARGS...: exit 2, MESSAGE on stderr, no sweep.csv
badrun() {
    local what=$1 msg=$2 d
    shift 2
    d=$work/bad$((++nbad))
    sweep "$d" "$@"
    [ "$st" = 2 ] || bad "$what: exit status $st, expected 2; stderr: $(head -c 300 "$err")"
    grep -q -- "$msg" "$err" || bad "$what: stderr does not say \"$msg\": $(head -c 300 "$err")"
    [ -e "$d/sweep.csv" ] && bad "$what: sweep.csv written"
}
nbad=0

begin "bad sweep options: exit 2 with a message, no sweep.csv"
badrun "a malformed --param" "--param: expected KEY=LO:HI:N" --param "$K1=0:x:3"
badrun "--param without a key" "--param: expected" --param "=0:1:3"
badrun "a grid --param without :N" "needs KEY=LO:HI:N" --param "$K1=0:1"
badrun "a grid --param with N = 0" "--param: expected" --param "$K1=0:1:0"
badrun "--design sobol without --samples" "need --samples" --design sobol --param "$K1=0:1"
badrun "--design lhs with KEY=LO:HI:N" "take KEY=LO:HI" --design lhs --samples 4 --param "$K1=0:1:3"
badrun "an unknown --design" "--design: expected grid, sobol or lhs" --design halton --samples 4 --param "$K1=0:1"
badrun "--shard 4/3" "--shard: expected I/N" --shard 4/3 "${GRID[@]}"
badrun "--shard 0/3" "--shard: expected I/N" --shard 0/3 "${GRID[@]}"
badrun "an unknown --metric" "is not a summary.csv metric" --analyse sobol --samples 4 --metric no_such_metric --param "$K1=0:1"
badrun "--analyse sobol without --samples" "needs --samples" --analyse sobol --param "$K1=0:1"
badrun "--analyse with an unknown method" "--analyse: only" --analyse morris --samples 4 --param "$K1=0:1"
badrun "no --param" "no --param given"
badrun "one key swept twice (the second range would override the first at every point)" "--param: $K1 is given twice" \
    --param "$K1=0:1:2" --param "$K1=0:0.5:2"
badrun "--design-file with bounds" "--param KEY only" --design-file "$here/sweep/salib.txt" --param "$K1=0:1" --param "$K2=0:1"
badrun "a missing --design-file" "cannot open design file" --design-file "$work/nonexistent.txt" --param "$K1" --param "$K2"
printf '# k = 2\n0 0.3\n\n0.5 0.3 0.1\n' >"$work/count.txt"
badrun "a design-file line with 3 numbers for 2 keys" "count.txt:4: expected 2 numbers" --design-file "$work/count.txt" --param "$K1" --param "$K2"
printf '0 0.3\n0.5 abc\n' >"$work/word.txt"
badrun "a design-file line with a word" "word.txt:2:" --design-file "$work/word.txt" --param "$K1" --param "$K2"
: >"$work/empty.txt"
badrun "an empty design file" "no design points" --design-file "$work/empty.txt" --param "$K1" --param "$K2"
# a value the scenario refuses, found at point 2: the first rows are kept
# for a corrected resume, but there is no sweep.csv
badrun "a grid value out of the key's range" "out of range" --param "$K1=0:2:3"
end

# =======================================================================
# resume
# =======================================================================

# A sweep of a second or two: 20 points of 20000 agents (8000 under the
# sanitizers, about as long).
if [ "$SAN" = 1 ]; then NA=8000; else NA=20000; fi
BIG=(-s agents.count=$NA -r 2 --no-baseline --param "$K1=0:1:20" --no-plot)
bigsweep() {
    local d=$1
    shift
    "$OSS_SIM" sweep "${BIG[@]}" "$@" -o "$d" "$SC" >"$out" 2>"$err"
    st=$?
}
U=$work/uninterrupted
R=$work/resumed
bigsweep "$U"
[ "$st" = 0 ] || echo "sweep.sh: the uninterrupted sweep failed: $(head -3 "$err")" >&2

begin "SIGINT stops a sweep with exit 130 and keeps the finished rows in sweep.csv.partial"
"$OSS_SIM" sweep "${BIG[@]}" -o "$R" "$SC" >"$out" 2>"$err" &
bgpid=$!
# wait for two finished rows (header + 2 lines), then interrupt
for i in $(seq 400); do
    [ -f "$R/sweep.csv.partial" ] && [ "$(wc -l <"$R/sweep.csv.partial")" -ge 3 ] && break
    kill -0 "$bgpid" 2>/dev/null || break
    sleep 0.05
done
kill -0 "$bgpid" 2>/dev/null || bad "the sweep ended before SIGINT: make BIG in sweep.sh larger"
interrupt_pid "$bgpid" 10
bgpid=
want_status 130
want_stderr "interrupted"
has_files "$R" sweep.csv.partial sweep.partial.txt
r=$(rows "$R/sweep.csv.partial")
[ "$r" -ge 2 ] && [ "$r" -lt 20 ] || bad "$r rows in sweep.csv.partial, expected 2 to 19"
[ -z "$(tail -c 1 "$R/sweep.csv.partial")" ] || bad "sweep.csv.partial ends inside a row"
head -n $((r + 1)) "$U/sweep.csv" | cmp -s - "$R/sweep.csv.partial" ||
    bad "the partial rows are not the first rows of the uninterrupted sweep"
end

cp -rp "$R" "$work/crashed"
cp -rp "$R" "$work/other"

begin "the same command again resumes: sweep.csv is byte for byte the uninterrupted one"
bigsweep "$R"
want_status 0
want_stderr "resuming after $r finished points of 20"
same "$R/sweep.csv" "$U/sweep.csv" "resumed sweep.csv"
has_files "$R" sweep.csv manifest.txt
# the manifests differ only by the -o of the command line
diff <(grep -v '^command: ' "$R/manifest.txt") <(grep -v '^command: ' "$U/manifest.txt") >/dev/null ||
    bad "manifest.txt differs from the uninterrupted sweep's beyond the command line"
end

begin "a half-written last row (a crash) is dropped and computed again"
C=$work/crashed
n=$(($(wc -l <"$C/sweep.csv.partial") + 1))
line=$(sed -n "${n}p" "$U/sweep.csv")
printf '%s' "${line:0:$((${#line} / 2))}" >>"$C/sweep.csv.partial"
[ -z "$(tail -c 1 "$C/sweep.csv.partial")" ] && bad "test setup: the partial file still ends with a newline"
bigsweep "$C"
want_status 0
same "$C/sweep.csv" "$U/sweep.csv" "sweep.csv after a crash"
has_files "$C" sweep.csv manifest.txt
end

begin "the partial output of another sweep in the directory is refused (exit 2) and left as it was"
O=$work/other
cp -p "$O/sweep.csv.partial" "$work/other.partial"
"$OSS_SIM" sweep -s agents.count=$NA -r 2 --no-baseline --param "$K1=0:1:21" -o "$O" "$SC" >"$out" 2>"$err"
st=$?
want_status 2
want_stderr "partial output of another sweep"
same "$O/sweep.csv.partial" "$work/other.partial" "sweep.csv.partial"
[ -e "$O/sweep.csv" ] && bad "sweep.csv written"
end

# =======================================================================
# MPI
# =======================================================================

MPIRUN=$(command -v mpirun 2>/dev/null)
if [ -z "$OSS_SIM_MPI" ] || [ ! -x "$OSS_SIM_MPI" ] || [ -z "$MPIRUN" ]; then
    skip "MPI: mpirun -np 2 oss-sim-mpi sweep gives the serial sweep.csv" "no OSS_SIM_MPI or no mpirun"
else
    if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
    # mpisweep DIR ARGS...: the small sweep on two ranks
    mpisweep() {
        local d=$1
        shift
        "$MPIRUN" --oversubscribe -np 2 "$OSS_SIM_MPI" sweep "${SMALL[@]}" "$@" -o "$d" "$SC" >"$out" 2>"$err"
        st=$?
    }
    begin "MPI: mpirun -np 2 oss-sim-mpi sweep gives the serial sweep.csv byte for byte (grid, and lhs of an odd count)"
    mpisweep "$work/mpi" "${GRID[@]}"
    want_status 0
    same "$work/mpi/sweep.csv" "$G/sweep.csv" "MPI grid sweep.csv"
    has_files "$work/mpi" sweep.csv manifest.txt
    mpisweep "$work/mpilhs" --design lhs --samples 5 --param "$K1=0:1" --param "$K2=0:0.6"
    want_status 0
    same "$work/mpilhs/sweep.csv" "$work/lhs/sweep.csv" "MPI lhs sweep.csv"
    end

    begin "MPI: a shard on two ranks is the serial shard"
    mpisweep "$work/mpis2" "${GRID[@]}" --shard 2/3
    want_status 0
    same "$work/mpis2/sweep.csv" "$work/s2/sweep.csv" "MPI shard 2/3"
    end
fi

begin "a sweep draws its charts without a gnuplot warning: sweep (one key), heatmap (grid of two), sobol:METRIC (two keys)"
if command -v gnuplot >/dev/null; then
    "$OSS_SIM" sweep "${SMALL[@]}" --plot --param "$K1=0:1:3" -o "$work/ch1" "$SC" >"$out" 2>"$err"
    st=$?; want_status 0
    "$OSS_SIM" sweep "${SMALL[@]}" --plot "${GRID[@]}" -o "$work/ch2" "$SC" >>"$out" 2>>"$err"
    st=$?; want_status 0
    "$OSS_SIM" sweep "${SMALL[@]}" --plot --analyse sobol --samples 8 --metric latent_price_cut_pct \
        --param "$K1=0:1" --param "$K2=0:0.6" -o "$work/ch3" "$SC" >>"$out" 2>>"$err"
    st=$?; want_status 0
    [ -s "$err" ] && bad "stderr: $(head -c 400 "$err")"
    for f in ch1/sweep ch2/heatmap ch3/sobol_latent_price_cut_pct; do
        for e in png pdf svg; do [ -s "$work/$f.$e" ] || bad "no $f.$e"; done
    done
else
    skip "sweep charts" "no gnuplot"
fi
end

# ---- regressions ----------------------------------------------------------

begin "merge refuses shards 1/3 and 3/3 (the middle one missing) with exit 2 (once a heap overflow)"
merge "$work/mm" "$work/s1" "$work/s3"
want_status 2
want_stderr "2 shard directories given for a sweep in 3 shards"
end

begin "after merge, the same command without --shard finds the sweep complete and does not run it again"
merge "$work/m2" "$work/s3" "$work/s1" "$work/s2"
want_status 0
before=$(cat "$work/m2/sweep.csv" "$work/m2/manifest.txt" | cksum)
sweep "$work/m2" "${GRID[@]}"
want_status 0
want_stderr "complete already"
[ "$(cat "$work/m2/sweep.csv" "$work/m2/manifest.txt" | cksum)" = "$before" ] || bad "the merged files changed"
end

begin "a --param key the scenario rejects creates no output directory; the corrected command then runs"
sweep "$work/u" --param policy.export_controls.strength=0:1:2 --param agents.count=0:1:2
want_status 2
want_stderr "\-\-param"
[ ! -e "$work/u" ] || bad "the output directory was created: $(ls -A "$work/u" | tr '\n' ' ')"
sweep "$work/u" "${GRID[@]}"
want_status 0
end

begin "editing a design file makes the same command run the new points (the file's points are in the signature)"
printf '0 0\n1 0\n' >"$work/d.txt"
sweep "$work/df" --design-file "$work/d.txt" --param "$K1" --param "$K2"
want_status 0
printf '0.5 0.3\n0.25 0.6\n' >"$work/d.txt"
sweep "$work/df" --design-file "$work/d.txt" --param "$K1" --param "$K2"
want_status 0
v=$(awk -F, 'NR > 1 { printf "%s,%s ", $2, $3 }' "$work/df/sweep.csv")
[ "$v" = "0.5,0.3 0.25,0.6 " ] || bad "sweep.csv holds $v"
end

report
