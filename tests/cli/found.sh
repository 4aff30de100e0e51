#!/usr/bin/env bash
# tests/cli/found.sh - every failure an outside adversarial suite reported,
# replayed as a user would meet it, each checked for the exit status and
# the message the documentation promises (docs/guarantees.md): the file, the
# line and the key, or the file and the month.  Grouped as the report
# grouped them (crash, numbers, wrong message, mixed results, full disk,
# unsafe temporary files, memory, edges).  faults.sh repeats the fault
# trials many times; this script replays each reported case once or a few
# times, so a regression of any one of them shows by name.
#
#   OSS_SIM=/path/to/oss-sim tests/cli/found.sh     (default: ./oss-sim)
#
# OSS_SIM_SANITIZED=1: an ASan/UBSan build (the ulimit -v case is skipped:
# AddressSanitizer reserves address space of its own).
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
cleanup() {
    mountpoint -q "$work/full" 2>/dev/null && umount "$work/full"
    mountpoint -q "$work/full2" 2>/dev/null && umount "$work/full2"
    rm -rf "$work"
}
trap cleanup EXIT

# The user's directory: the shipped scenarios, and a small valid scenario.
u=$work/u
mkdir -p "$u"
cp "$root"/scenarios/*.cfg "$u/"
cp "$root/tests/cli/bad/lib/minimal.cfg" "$u/minimal.cfg"

# ex STATUS MESSAGE ARGS...: runs oss-sim ARGS in the user's directory
# (no more than 60 s) and checks the status and that stderr holds MESSAGE.
ex() {
    local want=$1 msg=$2
    shift 2
    (cd "$u" && exec timeout 60 "$OSS_SIM" "$@") >"$out" 2>"$err"
    st=$?
    [ "$st" = "$want" ] || bad "oss-sim $*: exit $st, expected $want; stderr: $(head -c 500 "$err")"
    [ -z "$msg" ] || grep -qF -- "$msg" "$err" || bad "oss-sim $*: stderr lacks '$msg': $(head -c 500 "$err")"
}
# line_of FILE PATTERN: the number of the first line of FILE matching PATTERN
line_of() { grep -n -- "$2" "$1" | head -1 | cut -d: -f1; }
# cfg NAME TEXT: writes the scenario NAME.cfg into the user's directory
cfg() { printf '%s\n' "$2" >"$u/$1.cfg"; }
# no_nonfinite DIR: no infinity in the run's CSVs, and the totals defined
# in every month (NaN is written only where a metric is undefined: a share
# of nothing, a price of no tokens)
no_nonfinite() {
    ! grep -qiE '(^|,)-?inf(,|$)' "$1"/*.csv || bad "$1: an infinity was written"
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "tokens_t" || $i == "spend_musd") c[i] = 1; next }
        { for (i in c) if ($i == "NaN") { print "NaN in a total, line " NR; exit 1 } }' "$1/timeseries.csv" ||
        bad "$1: a total is NaN"
}

# ---- crash ---------------------------------------------------------------

begin "crash: an override key with a part starting with '_' (-s or a file's overrides) is refused, exit 2"
ex 2 "baseline.cfg: -s '_x=1': malformed key \"_x\"" --check -s _x=1 baseline.cfg
ex 2 "baseline.cfg: -s 'agents._x=1': malformed key \"agents._x\"" --check -s agents._x=1 baseline.cfg
ex 2 "baseline.cfg: -s 'policy._a.b=1': malformed key" --check -s policy._a.b=1 baseline.cfg
cfg ov_underscore '@include "minimal.cfg"
overrides = [ "agents._y = 1" ];'
ex 2 "ov_underscore.cfg:2: overrides 'agents._y = 1': malformed key \"agents._y\"" --check ov_underscore.cfg
cfg fitted_underscore '@include "minimal.cfg"
fitted = [ "_z.w = 1.0" ];'
ex 2 "fitted_underscore.cfg:2: fitted '_z.w = 1.0': malformed key \"_z.w\"" --check fitted_underscore.cfg
end

# ---- numbers -------------------------------------------------------------

begin "numbers: agents.volume.sd = 1e200 (-s) is refused with the range, sd = 1e309 (read as inf) as not finite, exit 2"
ex 2 "baseline.cfg: -s 'agents.volume.sd=1e200': agents.volume.sd: value 1e+200 is out of range" \
    --check -s agents.volume.sd=1e200 baseline.cfg
sed -E 's/^(\s*volume = \{ dist = "lognormal"; mean = [0-9.]+; sd = )[0-9.]+/\11e309/' "$u/baseline.cfg" >"$u/vol_inf.cfg"
ex 2 "vol_inf.cfg:$(line_of "$u/vol_inf.cfg" 'sd = 1e309'): agents.volume.sd: 1e309 is too large for a number" --check vol_inf.cfg
end

begin "numbers: market.growth = 1.0 over a long horizon is refused before the run, naming the line, exit 2"
sed -E 's/^(\s*growth = )[-0-9.]+/\11.0/' "$u/baseline.cfg" >"$u/growth.cfg"
ex 2 "growth.cfg:$(line_of "$u/growth.cfg" '^ *growth = 1.0'): market.growth: potential tokens would reach" \
    --check -s horizon.end=2060-12 growth.cfg
ex 2 "baseline.cfg: -s 'market.growth=1.0': market.growth: potential tokens would reach" \
    -q --no-plot -s market.growth=1.0 -s horizon.end=2060-12 -o g baseline.cfg
[ ! -e "$u/g" ] || bad "an output directory was created"
end

begin "numbers: supply.cost_decline = -0.5 is refused before the run, naming the line, exit 2"
sed -E 's/^(\s*cost_decline = )[-0-9.]+/\1-0.5/' "$u/baseline.cfg" >"$u/decline.cfg"
ex 2 "decline.cfg:$(line_of "$u/decline.cfg" 'cost_decline = -0.5'): supply.cost_decline: families." --check decline.cfg
ex 2 "baseline.cfg: -s 'supply.cost_decline=-0.5': supply.cost_decline:" --check -s supply.cost_decline=-0.5 baseline.cfg
end

begin "numbers: a huge beta times quality is refused naming the line of agents.beta, exit 2; a large one in range runs finite"
sed -E 's/^(\s*beta = \{ dist = "lognormal"; mean = )[0-9.]+/\11e6/; s/^(\s*frontier = )[0-9.]+/\11e6/' \
    "$u/baseline.cfg" >"$u/beta.cfg"
ex 2 "beta.cfg:$(line_of "$u/beta.cfg" 'beta = { dist'): agents.beta.mean: beta x quality reaches" --check beta.cfg
ex 2 "baseline.cfg: -s 'agents.beta.mean=1e6': agents.beta.mean: beta x quality reaches" \
    --check -s agents.beta.mean=1e6 -s supply.frontier=1e6 baseline.cfg
ex 0 "" -q --no-plot -r 1 -s agents.count=500 -s agents.beta.mean=1e6 -s agents.beta.sd=1e6 -o beta_run baseline.cfg
[ "$st" = 0 ] && no_nonfinite "$u/beta_run"
end
# (a non-finite value in a month's metrics stops a run with exit 1 naming
# the metric, the month and the likely setting: tests/unit/test_finite.c
# plants one, since no input within the ranges produces one any more)

# ---- wrong message -------------------------------------------------------

begin "wrong message: 33 families says at most 32, naming the file and line, exit 2"
{
    sed -n '1,7p' "$u/minimal.cfg" | grep -v '^#'
    echo 'families = {'
    for i in $(seq 1 33); do
        echo "  f$i = { origin = \"US\"; access = \"closed\"; quality = 100.0; cost = 1.0; price = 2.0; };"
    done
    echo '};'
    echo 'agents = { count = 500; };'
} >"$u/families33.cfg"
ex 2 "families33.cfg:$(line_of "$u/families33.cfg" '^families'): families: 33 families, at most 32 are supported" \
    --check families33.cfg
grep -q "unknown key" "$err" && bad "an unknown key is reported"
end

begin "wrong message: frictions.inertia written as a group says expected true or false, exit 2"
cfg inertia_group '@include "minimal.cfg"
frictions = { inertia = { on = true; }; };'
ex 2 "inertia_group.cfg:2: frictions.inertia: expected true or false" --check inertia_group.cfg
end

begin "wrong message: 17 vendor-strategy entries say at most 16, exit 2"
{
    echo '@include "minimal.cfg"'
    echo 'policy = { vendor_strategy = ('
    for i in $(seq 1 17); do
        printf '  { family = "alpha"; month = "2025-%02d"; action = "open"; }%s\n' $(( (i - 1) % 12 + 1 )) \
            "$([ "$i" -lt 17 ] && echo ,)"
    done
    echo '); };'
} >"$u/vendor17.cfg"
ex 2 "vendor17.cfg:2: policy.vendor_strategy: at most 16 changes are supported" --check vendor17.cfg
end

begin "wrong message: a list where a group belongs, and a month written as a group, name the key and the shape, exit 2"
cfg list_group '@include "minimal.cfg"
frictions = ( { inertia = true; } );'
ex 2 "list_group.cfg:2: frictions: expected a group" --check list_group.cfg
cfg month_group '@include "minimal.cfg"
policy = { tariff = { start = { year = 2025; month = 6; }; }; };'
ex 2 "month_group.cfg:2: policy.tariff.start: expected a month \"YYYY-MM\"" --check month_group.cfg
end

# ---- mixed results -------------------------------------------------------

SMALL=(-q -s agents.count=1500 -r 2)
[ "$SAN" = 1 ] && SMALL=(-q -s agents.count=400 -r 1)
ex 0 "" "${SMALL[@]}" --seed 1 -o ref1 baseline.cfg
ex 0 "" "${SMALL[@]}" --seed 2 -o ref2 baseline.cfg
t0=$(date +%s%N)
ex 0 "" "${SMALL[@]}" --seed 2 -o timing baseline.cfg
run_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

begin "mixed results: SIGINT or SIGTERM while a run with charts commits leaves the old result or the new one, never a mix"
for i in 1 2 3 4 5 6; do
    rm -rf "$u/x" "$u"/.x.*
    cp -r "$u/ref1" "$u/x"
    sig=INT
    [ $((i % 2)) = 0 ] && sig=TERM
    (cd "$u" && exec "$OSS_SIM" "${SMALL[@]}" --force --seed 2 -o x baseline.cfg) >/dev/null 2>&1 &
    pid=$!
    # late in the run, where the files are committed
    sleep "$(awk -v r=$RANDOM -v t=$run_ms 'BEGIN { printf "%.3f", (0.6 + 0.5 * r / 32767) * t / 1000 }')"
    kill -$sig $pid 2>/dev/null
    wait $pid
    s=$?
    if same_result "$u/x" "$u/ref1"; then
        [ "$s" != 0 ] || bad "trial $i (SIG$sig): exit 0 but the old result is in place"
    elif same_result "$u/x" "$u/ref2"; then :
    else bad "trial $i (SIG$sig): x is neither the old nor the new result: $(ls "$u/x")"
    fi
done
end

begin "mixed results: two runs into one directory at once give one whole result; a loser exits 2 saying why"
two_writers "$u" baseline.cfg 3
end

# a sweep that lasts some seconds, so that a second one starts while the
# first runs (SWV: the same, not quiet); with batched reviews 3,000 agents
# took about half a second, and under make test's load the first sweep was
# sometimes done before the second started (the sanitized build is slower)
SWV=(sweep --no-plot -s agents.count=12000 -r 2 --param market.growth=0.01:0.05:8)
[ "$SAN" = 1 ] && SWV=(sweep --no-plot -s agents.count=3000 -r 2 --param market.growth=0.01:0.05:8)
SW=(sweep -q "${SWV[@]:1}")
ex 0 "" "${SW[@]}" -o swref baseline.cfg

begin "mixed results: two identical sweeps started 0.3 s apart: the second exits 2; sweep.csv has each point once"
rm -rf "$u/y"
# the lock itself, without a race: while another process holds the
# directory's lock (flock(1), as a running sweep holds it), a sweep exits 2
exec 9>"$u/.y.lock"
flock -n 9 || bad "could not take the lock for the test"
ex 2 "y is being written by another oss-sim" "${SW[@]}" -o y baseline.cfg
flock -u 9
exec 9>&-
rm -rf "$u/.y.lock" "$u/y"
# two real sweeps: the second starts once the first holds its lock; it
# exits 2, or, if the first was already done (a fast machine), finds the
# sweep complete; either way sweep.csv has each point once
(cd "$u" && exec "$OSS_SIM" "${SW[@]}" -o y baseline.cfg) >/dev/null 2>"$work/s1.err" &
p1=$!
sleep 0.3
for i in $(seq 1 100); do [ -e "$u/.y.lock" ] && break; sleep 0.1; done
sim "$u" "${SWV[@]}" -o y baseline.cfg
if [ "$st" = 2 ]; then
    grep -qF "y is being written by another oss-sim" "$err" || bad "exit 2 without the lock message: $(head -c 300 "$err")"
elif [ "$st" = 0 ]; then
    grep -qF "complete already" "$err" || bad "exit 0, but not a complete sweep: $(head -c 300 "$err")"
else
    bad "the second sweep: exit $st: $(head -c 300 "$err")"
fi
wait $p1 || bad "the first sweep failed: $(cat "$work/s1.err")"
cmp -s "$u/y/sweep.csv" "$u/swref/sweep.csv" || bad "sweep.csv is not the uninterrupted one: $(cut -d, -f1 "$u/y/sweep.csv" | tr '\n' ' ')"
ex 0 "is complete already" "${SWV[@]}" -o y baseline.cfg
# what the two used to leave: points 0 0 1 1 2 2 ..., with a manifest that
# vouches for that file's checksum: not complete, run again
awk 'NR == 1 { print; next } { print; print }' "$u/swref/sweep.csv" >"$u/y/sweep.csv"
sed -i "s/^sweep_csv_sha256: .*/sweep_csv_sha256: $(sha256sum "$u/y/sweep.csv" | cut -d' ' -f1)/" "$u/y/manifest.txt"
ex 0 "" "${SWV[@]}" -o y baseline.cfg
grep -q "complete already" "$err" && bad "points 0 0 1 1 ... were taken as a complete sweep"
cmp -s "$u/y/sweep.csv" "$u/swref/sweep.csv" || bad "the rerun's sweep.csv is not the sweep"
end

begin "mixed results: a sweep killed between its manifest and sweep.csv does not report an older sweep as complete"
# the state such a kill leaves: this sweep's rows in sweep.csv.partial and
# its manifest, beside an older sweep's sweep.csv
rm -rf "$u/z" && cp -r "$u/swref" "$u/z"
cp "$u/z/sweep.csv" "$u/z/sweep.csv.partial"
awk -F, 'NR == 3 { $3 = 0.5 } 1' OFS=, "$u/swref/sweep.csv" >"$u/z/sweep.csv"
(cd "$u" && exec "$OSS_SIM" "${SWV[@]}" -o z baseline.cfg) >"$out" 2>"$err"
st=$?
[ "$st" = 0 ] || bad "exit $st: $(cat "$err")"
grep -q "complete already" "$err" && bad "the older sweep.csv was reported complete"
cmp -s "$u/z/sweep.csv" "$u/swref/sweep.csv" || bad "sweep.csv is not this sweep's"
end

# ---- full disk -----------------------------------------------------------

begin "full disk: charts that do not fit give exit 1 naming the file; the previous result stays whole"
if [ "$(id -u)" = 0 ] && mkdir -p "$work/full" && mount -t tmpfs -o size=700k tmpfs "$work/full" 2>/dev/null; then
    ex 0 "" -q --no-plot -s agents.count=300 -r 1 --seed 1 -o "$work/full/r" baseline.cfg
    cp -r "$work/full/r" "$work/full_prev"
    ex 1 "" -q -s agents.count=300 -r 1 --seed 2 -s horizon.end=2040-12 -o "$work/full/r" baseline.cfg
    grep -Eq "r/[a-z_.]+|No space" "$err" || bad "no file named: $(cat "$err")"
    diff -r "$work/full/r" "$work/full_prev" >/dev/null || bad "the previous result changed"
    umount "$work/full"
else
    skip "full disk" "needs root and permission to mount a small tmpfs"
fi
end

# ---- unsafe temporary files ----------------------------------------------

begin "unsafe temporary files: a symlink planted at .timeseries.csv.tmp.PID is not followed"
rm -rf "$u/s" && cp -r "$u/ref1" "$u/s"
echo precious >"$work/target"
# planted for the very pid the run will have (exec keeps it), in the
# output directory and beside it
(cd "$u" && exec bash -c 'for d in s .; do for f in timeseries.csv families.csv summary.csv manifest.txt; do
    ln -s "$1" "$d/.$f.tmp.$$"; done; done; exec "$2" -q --no-plot -s agents.count=300 -r 1 --force -o s baseline.cfg' \
    _ "$work/target" "$OSS_SIM") >"$out" 2>"$err"
st=$?
[ "$(cat "$work/target")" = precious ] || bad "the symlink's target was overwritten"
[ "$st" = 0 ] || bad "exit $st: $(cat "$err")"
[ -s "$u/s/timeseries.csv" ] || bad "no timeseries.csv"
rm -f "$u"/.*.tmp.*
end

# ---- memory --------------------------------------------------------------

# (the report's 4 GiB cgroup: agents now take 28 bytes, so 50,000,000 of
# them in two worlds at once need about 3.5 GiB and fit; a 3 GiB limit on
# the address space (ulimit -v) stands for a limit they do not fit in)
begin "memory: 50,000,000 agents, -j2 -r2 under a 3 GiB limit stops at once with the estimate, exit 1, nothing created"
if [ "$SAN" = 1 ]; then
    skip "3 GiB limit" "AddressSanitizer reserves address space of its own"
else
    t0=$(date +%s)
    (ulimit -v 3145728 && cd "$u" && exec timeout 60 "$OSS_SIM" -q --no-plot -s agents.count=50000000 -j 2 -r 2 -o mem baseline.cfg) \
        >"$out" 2>"$err"
    st=$?
    [ "$st" = 1 ] || bad "exit $st, expected 1: $(cat "$err")"
    grep -q "baseline.cfg: the run needs about .* GiB" "$err" || bad "no estimate: $(cat "$err")"
    grep -q "lower agents.count" "$err" || bad "no way to lower it: $(cat "$err")"
    [ $(( $(date +%s) - t0 )) -le 5 ] || bad "took $(( $(date +%s) - t0 )) s to refuse"
    [ ! -e "$u/mem" ] || bad "an output directory was left: $(ls -A "$u/mem")"
fi
end

# ---- edges ---------------------------------------------------------------

begin "edges: a FIFO as the scenario is refused by name at once, exit 2"
mkfifo "$u/fifo.cfg"
ex 2 "fifo.cfg: cannot open scenario: a FIFO, not a scenario file" --check fifo.cfg
end

begin "edges: @include \"somedir\" names the including file, its line and the directory, exit 2"
mkdir -p "$u/somedir"
cfg inc_dir '# a scenario that includes a directory
@include "somedir"'
ex 2 'inc_dir.cfg:2: cannot open include file "somedir": a directory, not a scenario file' --check inc_dir.cfg
grep -q "flex scanner" "$err" && bad "libconfig's scanner message leaked"
end

begin "edges: a directory as the scenario is refused by name, exit 2"
mkdir -p "$u/dir.cfg"
ex 2 "dir.cfg: cannot open scenario: a directory, not a scenario file" --check dir.cfg
end

begin "edges: names, -s text, design lines, -o paths and seed literals over their limits are refused, not cut"
n64=$(printf 'N%.0s' $(seq 1 64))
# a family name of 64 characters in the file itself
sed "s/name = \"Alpha\"/name = \"$n64\"/" "$u/minimal.cfg" >"$u/name64.cfg"
ex 2 "name64.cfg:$(line_of "$u/name64.cfg" "$n64"): families.alpha.name: longer than 63 characters" --check name64.cfg
sed "s/^  alpha = /  a$n64 = /" "$u/minimal.cfg" >"$u/key64.cfg"
ex 2 "key64.cfg:$(line_of "$u/key64.cfg" "a$n64"): families.a$n64: a family key has at most 63 characters" --check key64.cfg
ex 2 "longer than 1023 characters" --check -s "description=\"$(printf 'd%.0s' $(seq 1 1100))\"" baseline.cfg
printf '0.01\n0.02%70000s\n' "" >"$u/long_design.txt"
ex 2 "long_design.txt:2: line longer than" sweep -q --no-plot -r 1 --design-file long_design.txt \
    --param market.growth -o dl baseline.cfg
[ ! -e "$u/dl" ] || bad "sweep created its output directory"
long=$u
for i in $(seq 1 17); do long=$long/$(printf 'o%.0s' $(seq 1 250)); done
t0=$(date +%s)
ex 2 "output path longer than" -q --no-plot -o "$long" baseline.cfg
[ $(( $(date +%s) - t0 )) -le 5 ] || bad "the over-long -o path was refused only after the run"
cfg seed_big '@include "minimal.cfg"
run = { seed = 99999999999999999999; };'
ex 2 "seed_big.cfg:2: run.seed: integer beyond the 64-bit range" --check seed_big.cfg
ex 2 "run.seed" --check -s run.seed=99999999999999999999 baseline.cfg
end

begin "edges: a newline in a scenario's file name is refused, exit 2, nothing written"
nl=$(printf 'a\nb.cfg')
cp "$u/minimal.cfg" "$u/$nl"
ex 2 "no line break" -q --no-plot -o nlout "$nl"
[ ! -e "$u/nlout" ] || bad "an output directory was created"
end

begin "edges: sweep validates every point before writing; sweep and merge validate before creating their directory"
ex 2 "--param: point 2: baseline.cfg: -s 'supply.open_lag=200': supply.open_lag: value 200 is out of range" \
    sweep -q --no-plot -r 1 -s agents.count=200 --param supply.open_lag=1:200:3 -o swbad baseline.cfg
[ ! -e "$u/swbad" ] || bad "sweep created its output directory for a bad point"
ex 2 "minimal.cfg" sweep -q --no-plot -r 1 -s agents.count=-1 --param market.growth=0.01:0.02:2 -o swbad2 minimal.cfg
[ ! -e "$u/swbad2" ] || bad "sweep created its output directory for a bad scenario"
ex 2 "no_such_shard" merge -o mbad no_such_shard
[ ! -e "$u/mbad" ] || bad "merge created its output directory before validating"
mkdir -p "$u/notashard"
ex 2 "notashard" merge -o mbad2 notashard
[ ! -e "$u/mbad2" ] || bad "merge created its output directory before validating"
end

# ---- a second adversarial pass -------------------------------------------

begin "limits: the number of releases docs/keys.md promises is the number accepted; one more is refused with it"
n=$(sed -n 's/^| `families\.\*\.releases` |.*| 1 to \([0-9]*\) dated releases.*/\1/p' "$root/docs/keys.md")
[ -n "$n" ] || bad "docs/keys.md states no limit on families.*.releases"
if [ -n "$n" ]; then
    rel() { for i in $(seq 1 "$1"); do printf '{ date = "2025-%02d"; quality = %d.0; }%s ' "$i" $((110 + i)) "$([ "$i" -lt "$1" ] && echo ,)"; done; }
    sed "s/entry = \"2025-06\";/releases = ( $(rel "$n") );/" "$u/minimal.cfg" >"$u/rel_max.cfg"
    ex 0 "" --check rel_max.cfg
    sed "s/entry = \"2025-06\";/releases = ( $(rel $((n + 1))) );/" "$u/minimal.cfg" >"$u/rel_over.cfg"
    ex 2 "rel_over.cfg:$(line_of "$u/rel_over.cfg" releases): families.beta.releases: expected 1 to $n releases" --check rel_over.cfg
fi
end

begin "docs: README.md's Usage block is oss-sim --help word for word (it lacked --ensemble and --metric)"
awk '/^## Usage$/ { u = 1; next } u && /^```$/ { if (++f == 2) exit; next } u && f == 1' "$root/README.md" >"$work/readme_usage.txt"
"$OSS_SIM" --help >"$work/help.txt" 2>&1
diff "$work/readme_usage.txt" "$work/help.txt" >"$work/usage.diff" || bad "README.md's Usage differs from oss-sim --help: $(head -c 600 "$work/usage.diff")"
end

begin "docs: every option of each command's --help is in docs/oss-sim.1, in that command's section"
# the man page's source with roff's escapes taken out: \- is -, \fB etc. go
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$root/docs/oss-sim.1" >"$work/man.txt"
v=""
for c in run brief calibrate compare sweep merge show diff; do
    if [ "$c" = run ]; then
        "$OSS_SIM" --help >"$work/h.txt" 2>&1
        sed -n '/^\.SH OPTIONS/,/^\.SH COMMANDS/p' "$work/man.txt" >"$work/sec.txt"
    else
        "$OSS_SIM" "$c" --help >"$work/h.txt" 2>&1
        awk -v c="$c" '$0 ~ "^\\.SS oss-sim " c " " { f = 1; next } f && /^\.S[SH] / { exit } f' "$work/man.txt" >"$work/sec.txt"
    fi
    [ -s "$work/sec.txt" ] || { v="$v $c:no-section"; continue; }
    # the option lines of the help, "  -o, --out DIR ..." or "      --force ...",
    # as "-o|--out" or "--force" (either name of a pair will do: the page's
    # OPTIONS give both), then the --no-X and --plot forms the text names
    for o in $(grep -E '^ +(-[a-zA-Z], )?--?[a-zA-Z]' "$work/h.txt" |
        sed -E 's/^ +//; s/^(-[a-zA-Z]), (--[-a-z]+).*/\1|\2/; s/[ ,].*//' | sort -u) \
        $(grep -oE -- '--(no-|plot)[-a-z]*' "$work/h.txt" | sort -u); do
        grep -qE -- "(^|[^-a-z])($o)([^-a-z]|$)" "$work/sec.txt" || v="$v $c:$o"
    done
done
[ -z "$v" ] || bad "options of --help missing from their section of docs/oss-sim.1:$v"
end

begin "docs: the man page's FILES name every CSV file of docs/columns.md and every chart of plots/"
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$root/docs/oss-sim.1" | sed -n '/^\.SH FILES/,/^\.SH ENVIRONMENT/p' >"$work/files.txt"
v=""
for f in $(sed -n 's/^## `\([a-z_]*\.csv\)`.*/\1/p' "$root/docs/columns.md"); do
    grep -q "$f" "$work/files.txt" || v="$v $f"
done
for g in "$root"/plots/*.gp; do
    c=$(basename "$g" .gp)
    [ "$c" = style ] && continue
    grep -qE "(^|[^a-z_])$c([^a-z_]|$)" "$work/files.txt" || v="$v chart:$c"
done
[ -z "$v" ] || bad "missing from FILES in docs/oss-sim.1:$v"
end

begin "full disk: a sweep that cannot write its files exits 1 (a failed run, not bad input), naming the file"
if [ "$(id -u)" = 0 ] && mkdir -p "$work/full2" && mount -t tmpfs -o size=200k tmpfs "$work/full2" 2>/dev/null; then
    # nothing left for the sweep's first file
    dd if=/dev/zero of="$work/full2/filler" bs=1k count=200 2>/dev/null
    ex 1 "sw/sweep.partial.txt: write failed: No space left on device" \
        sweep -q --no-plot -s agents.count=200 -r 1 --param market.growth=0.01:0.05:3 -o "$work/full2/sw" baseline.cfg
    [ ! -e "$work/full2/sw/sweep.csv" ] || bad "a sweep.csv was written"
    umount "$work/full2"
else
    skip "full disk (sweep)" "needs root and permission to mount a small tmpfs"
fi
end

begin "undefined numbers: a metric undefined in every run prints NaN and says so (run, --metric, compare), never nan or (n < 2)"
# a world without open-weight models: the open-model metrics are NaN in
# summary.csv and compare.csv, and the printed tables say why
ex 0 "" --no-plot -r 3 -s agents.count=300 -m avg_price_open@2025Q2 -o undef no_open.cfg
cp "$out" "$work/undef_run.txt"
grep -Eq '^avg_price_open_mean +NaN +\(undefined in all runs\)' "$work/undef_run.txt" || bad "run: $(grep avg_price_open "$work/undef_run.txt")"
grep -Eq '^avg_price_open@2025Q2 +NaN +\(undefined in all runs\)' "$work/undef_run.txt" || bad "--metric: $(grep '@2025Q2' "$work/undef_run.txt")"
grep -q '^avg_price_open_mean,NaN,' "$u/undef/summary.csv" || bad "summary.csv: $(grep avg_price_open_mean "$u/undef/summary.csv")"
ex 0 "" compare --no-plot -r 3 -s agents.count=300 -o undef_cmp baseline.cfg no_open.cfg
grep -A2 '^avg_price_open_mean ' "$out" | grep -Eq '^  no_open +NaN +\(undefined in all runs\)( +undefined)?$' || bad "compare: $(grep -A2 '^avg_price_open_mean ' "$out")"
grep -qi 'nan \[' "$out" && bad "compare printed an interval of nan: $(grep -i -m1 'nan \[' "$out")"
# the decimals of a level follow its CI (two significant digits of the half-width), as in a run's summary
grep -A1 '^cn_token_share_mean ' "$out" | awk '/baseline/ { split($3, a, ","); lo = substr(a[1], 2); split($2, m, "."); split(lo, l, ".")
    exit !(length(m[2]) == length(l[2])) }' || bad "compare: the level and its CI differ in decimals: $(grep -A1 '^cn_token_share_mean ' "$out")"
end

begin "reproducibility: the manifest's command, pasted into a shell, reruns to the same files (quotes, spaces, ';' in -s); a line break in -s is refused"
ex 0 "" -q --no-plot -r 2 -s agents.count=300 -s "description=it's a test; with spaces" -s 'families.alpha.name="A B"' -o q1 minimal.cfg
cmd=$(sed -n 's/^command: oss-sim //p' "$u/q1/manifest.txt")
ov=$(sed -n 's/^overrides: //p' "$u/q1/manifest.txt")
[ -n "$cmd" ] || bad "no command in the manifest"
# the same words rerun from the manifest, into another directory
(cd "$u" && eval "set -- $cmd" && exec "$OSS_SIM" "${@/#q1/q2}") >"$out" 2>"$err" || bad "the manifest's command failed: $(cat "$err")"
for f in summary.csv families.csv timeseries.csv; do cmp -s "$u/q1/$f" "$u/q2/$f" || bad "$f differs when the manifest's command is rerun"; done
grep -q "^description: it's a test; with spaces$" "$u/q2/manifest.txt" || bad "description: $(grep '^description' "$u/q2/manifest.txt")"
(eval "set -- $ov" && [ "$#" = 8 ]) || bad "the overrides line is not 4 quoted -s pairs: $ov"
nl=$(printf 'description=line1\nline2')
ex 2 "minimal.cfg: -s 'description=line1?line2': holds a line break" --check -s "$nl" minimal.cfg
cfg ov_nl '@include "minimal.cfg"
overrides = [ "description = a\nb" ];'
ex 2 "ov_nl.cfg:2: overrides 'description = a?b': holds a line break" --check ov_nl.cfg
end

begin "show: a group the file leaves out (run, frictions, agents.alpha, agents.by_segment, agents.distrust_table) lists its keys with the defaults in effect; the values are the run's"
ex 0 "" show minimal.cfg
cp "$out" "$work/show_min.txt"
for k in run.seed run.replications frictions.inertia agents.alpha.mean agents.regions.US agents.by_segment.startup.alpha \
    agents.by_segment.research.volume agents.distrust_table.US.CN agents.distrust_table.ROW.ROW; do
    grep -q "^$k = .*# .*default$" "$work/show_min.txt" || bad "show lacks $k: $(grep -c . "$work/show_min.txt") lines"
done
grep -q '^agents.regions.US = 0.25 ' "$work/show_min.txt" || bad "regions without the group: $(grep '^agents.regions.US' "$work/show_min.txt")"
grep -q '^policy\.' "$work/show_min.txt" && bad "show lists a policy the file does not have"
ex 0 "" -q --no-plot -s agents.count=200 -o show_run minimal.cfg
[ "$(sed -n 's/^seed: //p' "$u/show_run/manifest.txt")" = "$(sed -n 's/^run.seed = \([0-9]*\) .*/\1/p' "$work/show_min.txt")" ] || bad "show's run.seed is not the run's seed"
[ "$(sed -n 's/^replications: //p' "$u/show_run/manifest.txt")" = "$(sed -n 's/^run.replications = \([0-9]*\) .*/\1/p' "$work/show_min.txt")" ] ||
    bad "show's run.replications is not the run's"
end

begin "a horizon cut short at its start: the baseline runs, and the calibration targets before the start are left out with a note"
ex 0 "calibration target open_token_share@2025Q4 reaches before the horizon's start: left out" \
    --no-plot -r 2 -s agents.count=300 -s horizon.start=2025-12 -o late baseline.cfg
grep -q '^open_token_share@2025Q4,' "$u/late/calibration.csv" && bad "a target before the horizon is in calibration.csv"
grep -q '^market_spend_busd,' "$u/late/calibration.csv" || bad "the reporting-year targets are missing from calibration.csv"
end

begin "an interrupted compare says so in its own words: gnuplot and the awk it runs stop with it (nothing else on stderr)"
CMPX=(compare -q -r 2 -s agents.count=600 -s horizon.end=2026-12 baseline.cfg export_controls.cfg)
t0=$(date +%s%N)
ex 0 "" "${CMPX[@]}" -o cmpx
cmp_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
for i in 1 2 3 4 5 6; do
    (cd "$u" && exec "$OSS_SIM" "${CMPX[@]}" -o cmpx$i) >"$out" 2>"$err" &
    pid=$!
    # late, where the charts are drawn
    sleep "$(awk -v r=$RANDOM -v t=$cmp_ms 'BEGIN { printf "%.3f", (0.5 + 0.5 * r / 32767) * t / 1000 }')"
    kill -INT $pid 2>/dev/null
    wait $pid
    grep -v '^oss-sim' "$err" | grep -q . && bad "trial $i: stderr beyond oss-sim's own lines: $(grep -v '^oss-sim' "$err" | head -3)"
done
ls -A "$u" | grep -q '^\.cmpx\.' && bad "temporaries left: $(ls -A "$u" | grep '^\.cmpx\.')"
end

begin "a scenario saved as UTF-8 with a byte-order mark (Windows editors) loads, included too; its errors keep their lines"
{ printf '\xef\xbb\xbf'; cat "$u/minimal.cfg"; } >"$u/bom.cfg"
ex 0 "" --check bom.cfg
printf '\xef\xbb\xbf@include "bom.cfg"\noverrides = [ "agents.count = 300" ];\n' >"$u/bom_top.cfg"
ex 0 "" --check bom_top.cfg
printf '\xef\xbb\xbf@include "minimal.cfg"\n\nmarket2 = 1;\n' >"$u/bom_bad.cfg"
ex 2 "bom_bad.cfg:3: market2: unknown key" --check bom_bad.cfg
end

begin "the calibration fragment saved with a byte-order mark loads as a scenario does (a run and --ensemble); nan in it is named by line and draw"
mkdir -p "$u/bomfrag"
cp "$root"/scenarios/*.cfg "$u/bomfrag/"
{ printf '\xef\xbb\xbf'; cat "$root/scenarios/calibrated.cfg"; } >"$u/bomfrag/calibrated.cfg"
ex 0 "" --check bomfrag/baseline.cfg
ex 0 "" -q --no-plot --no-reference --ensemble 2 -r 1 -s agents.count=200 -s horizon.end=2025-03 -o bomfrag_ens bomfrag/baseline.cfg
grep -q '^ensemble: 2 posterior draws' "$u/bomfrag_ens/manifest.txt" || bad "no ensemble in the manifest: $(grep '^ensemble' "$u/bomfrag_ens/manifest.txt")"
# a draw holding nan: the line and the draw (ensemble[K]) named, as a scenario's value is
n=$(grep -n '^  \[' "$u/bomfrag/calibrated.cfg" | sed -n 2p | cut -d: -f1)
sed -i "${n}s/\[\([^,]*\), [^,]*,/[\1, nan,/" "$u/bomfrag/calibrated.cfg"
ex 2 "bomfrag/calibrated.cfg:$n: ensemble[1]: nan is not a number: every value in a scenario must be a finite number" --check bomfrag/baseline.cfg
end

begin "-s takes true and false in any case, as libconfig reads them in a file (TRUE, False)"
ex 0 "" show -s supply.open_weights=FALSE -s frictions.inertia=True minimal.cfg
grep -q '^supply.open_weights = false ' "$out" || bad "FALSE: $(grep '^supply.open_weights' "$out")"
grep -q '^frictions.inertia = true ' "$out" || bad "True: $(grep '^frictions.inertia' "$out")"
printf '@include "minimal.cfg"\nfrictions = { inertia = FALSE; };\n' >"$u/upper_bool.cfg"
ex 0 "" show upper_bool.cfg
grep -q '^frictions.inertia = false ' "$out" || bad "a file's FALSE: $(grep '^frictions.inertia' "$out")"
end

begin "brief of a scenario without assumptions: brief.md says so, as brief.html does, instead of an empty table"
ex 0 "" brief -q -r 2 -s agents.count=200 -s horizon.end=2025-12 --reference baseline.cfg -o br_none no_open.cfg
grep -q '^| Assumption | Value' "$u/br_none/brief.md" && bad "brief.md has an empty table of assumptions"
grep -q 'declares no assumptions' "$u/br_none/brief.md" || bad "brief.md does not say there are no assumptions"
grep -q 'marks no assumption as a judgement call' "$u/br_none/brief.md" || bad "brief.md does not say there is no judgement call"
grep -q 'declares no assumptions' "$u/br_none/brief.html" || bad "brief.html does not say there are no assumptions"
end

begin "a command line too long for the manifest's record is cut saying so, never silently; the overrides line keeps every -s"
z=$(printf '0%.0s' $(seq 1 1000))
long=()
for i in 1 2 3 4 5; do long+=(-s "market.growth=0.02$z"); done
ex 0 "" -q --no-plot -r 2 "${long[@]}" -o longcmd minimal.cfg
grep -q '^command: .* \.\.\. (cut: the command is longer than this record)$' "$u/longcmd/manifest.txt" ||
    bad "the cut command does not say so: $(sed -n 's/^command: //p' "$u/longcmd/manifest.txt" | tail -c 100)"
[ "$(sed -n 's/^overrides: //p' "$u/longcmd/manifest.txt" | grep -o -- '-s market.growth=' | wc -l)" = 5 ] || bad "the overrides line lost a -s"
end

report
