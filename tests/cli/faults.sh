#!/usr/bin/env bash
# tests/cli/faults.sh - reliability of the binary under hostile inputs and
# faults: includes resolved beside the including file, files that are not
# regular files, over-long inputs, non-finite results, atomic result
# directories (signals at random points, concurrent writers, planted
# symlinks, read-only and full file systems), and locks.
#
#   OSS_SIM=/path/to/oss-sim tests/cli/faults.sh     (default: ./oss-sim)
#
# OSS_SIM_SANITIZED=1 says the binary is an ASan/UBSan build (slower): the
# signal trials then use fewer agents.  Prints one line per test and "N
# passed, M failed"; exits non-zero if any test failed.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
BASE=$root/scenarios/baseline.cfg

want_status() { [ "$st" = "$1" ] || bad "exit status $st, expected $1; stderr: $(head -c 600 "$err")"; }
want_err() { grep -qF -- "$1" "$err" || bad "stderr lacks '$1': $(head -c 600 "$err")"; }
mkd() { rm -rf "${work:?}/$1"; mkdir -p "$work/$1"; echo "$work/$1"; }

# ---- includes ----------------------------------------------------------

begin "includes resolve beside the file that holds them, at any depth"
d=$(mkd inc)
mkdir -p "$d/a" "$d/b/sub" "$d/c"
cp "$root"/scenarios/*.cfg "$d/c/"
# a/top.cfg -> ../b/mid.cfg -> sub/leaf.cfg -> (absolute) c/export_controls.cfg -> baseline.cfg
printf '@include "../b/mid.cfg"\n' >"$d/a/top.cfg"
printf '# mid\n@include "sub/leaf.cfg"\n' >"$d/b/mid.cfg"
printf '# leaf\n\n@include "%s"\n' "$d/c/export_controls.cfg" >"$d/b/sub/leaf.cfg"
for cwd in "$d" "$d/a" "$d/b" /; do
    sim "$cwd" --check "$d/a/top.cfg"
    want_status 0
done
sim "$d/a" --check top.cfg
want_status 0
# an error deep down names the file the user wrote and its line
printf '# leaf\nseeed = 1;\n@include "%s"\n' "$d/c/export_controls.cfg" >"$d/b/sub/leaf.cfg"
sim "$d" --check a/top.cfg
want_status 2
want_err "a/../b/sub/leaf.cfg:2: seeed: unknown key"
grep -q oss-sim-include "$err" && bad "a temporary copy is named: $(cat "$err")"
ls "${TMPDIR:-/tmp}" | grep -q "oss-sim-include.*" && [ -n "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'oss-sim-include.*' -newer "$d/a/top.cfg" 2>/dev/null)" ] &&
    bad "temporary include copies left behind"
end

begin "a FIFO, a directory or a device as scenario or include is refused by name, without waiting"
d=$(mkd fifo)
mkfifo "$d/f.cfg"
timeout 10 "$OSS_SIM" --check "$d/f.cfg" >"$out" 2>"$err"
st=$?
want_status 2
want_err "f.cfg: cannot open scenario: a FIFO, not a scenario file"
printf '@include "f.cfg"\n' >"$d/top.cfg"
(cd "$d" && timeout 10 "$OSS_SIM" --check top.cfg) >"$out" 2>"$err"
st=$?
want_status 2
want_err 'top.cfg:1: cannot open include file "f.cfg": a FIFO, not a scenario file'
printf '@include "/dev/zero"\n' >"$d/dev.cfg"
sim "$d" --check dev.cfg
want_status 2
want_err 'dev.cfg:1: cannot open include file "/dev/zero": a device, not a scenario file'
mkdir "$d/dir.cfg"
sim "$d" --check dir.cfg
want_status 2
want_err "dir.cfg: cannot open scenario: a directory, not a scenario file"
end

begin "over-long inputs are refused, not cut"
long=$(printf 'x%.0s' $(seq 1 1100))
sim "$work" --check -s "description=$long" "$BASE"
want_status 2
want_err "longer than 1023 characters"
longdir=$(printf 'd%.0s' $(seq 1 250))
o=$work
for i in $(seq 1 17); do o=$o/$longdir; done
sim "$work" -q --no-plot -s agents.count=100 -r 1 -o "$o" "$BASE"
want_status 2
want_err "output path longer than"
[ ! -e "$work/$longdir" ] || bad "created part of an over-long output path"
d=$(mkd nl)
cp "$BASE" "$d/"
cp "$root"/scenarios/calibrated.cfg "$root"/scenarios/no_open.cfg "$d/"
cp "$BASE" "$d/$(printf 'a\nb.cfg')"
sim "$d" --check "$(printf 'a\nb.cfg')"
want_status 2
want_err "no line break"
end

begin "a design-file line over 64 KiB is refused, not split into two points; nothing is created"
printf '0.01\n0.02%70000s\n' "" >"$work/long_design.txt"
sim "$work" sweep -q --no-plot -s agents.count=200 -r 1 --design-file long_design.txt --param market.growth -o dl "$BASE"
want_status 2
want_err "long_design.txt:2: line longer than"
[ ! -e "$work/dl" ] || bad "the output directory was created"
end

begin "a FIFO as a design file is refused by name, without waiting"
mkfifo "$work/design.fifo"
(cd "$work" && timeout 10 "$OSS_SIM" sweep -q --no-plot -r 1 --design-file design.fifo --param market.growth -o df "$BASE") >"$out" 2>"$err"
st=$?
want_status 2
want_err "design file design.fifo: a FIFO, not a regular file"
end

begin "a run that cannot fit in memory stops before allocating, with the estimate and how to lower it"
if [ "$SAN" = 1 ]; then
    skip "memory estimate under ulimit -v" "AddressSanitizer reserves address space of its own"
else
    (ulimit -v 1500000 && cd "$work" && exec "$OSS_SIM" -q --no-plot -s agents.count=20000000 -j 2 -r 2 -o mem "$BASE") >"$out" 2>"$err"
    st=$?
    want_status 1
    want_err "the run needs about"
    want_err "lower agents.count"
    [ ! -e "$work/mem" ] || bad "an output directory was created"
fi
end

# ---- result directories --------------------------------------------------


SMALL=(-q --no-plot -s agents.count=3000 -r 3)
[ "$SAN" = 1 ] && SMALL=(-q --no-plot -s agents.count=600 -r 2)
d=$(mkd atomic)
sim "$d" "${SMALL[@]}" --seed 1 -o "$d/ref1" "$BASE"
sim "$d" "${SMALL[@]}" --seed 2 -o "$d/ref2" "$BASE"
t0=$(date +%s%N)
sim "$d" "${SMALL[@]}" --seed 2 -o "$d/timing" "$BASE"
run_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

begin "SIGKILL and SIGINT at random points of a run: the previous result whole, or the new one complete, never a mix"
trials=12
[ "$SAN" = 1 ] && trials=4
mixes=0
for i in $(seq 1 $trials); do
    rm -rf "$d/x" "$d"/x.* "$d"/.x.*
    cp -r "$d/ref1" "$d/x"
    sig=KILL
    [ $((i % 2)) = 0 ] && sig=INT
    (cd "$d" && exec "$OSS_SIM" "${SMALL[@]}" --force --seed 2 -o x "$BASE") >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v r=$RANDOM -v t=$run_ms 'BEGIN { printf "%.3f", r / 32767 * t * 1.2 / 1000 }')"
    kill -$sig $pid 2>/dev/null
    { wait $pid; } 2>/dev/null
    if same_result "$d/x" "$d/ref1"; then :
    elif same_result "$d/x" "$d/ref2"; then :
    else mixes=$((mixes + 1)); bad "trial $i (SIG$sig): $d/x is neither the old nor the new result: $(ls "$d/x")"
    fi
    # the next writer cleans what a killed one left
    sim "$d" "${SMALL[@]}" --force --seed 2 -o x "$BASE"
    want_status 0
    left=$(ls -A "$d" | grep -c '^\.x\.')
    [ "$left" = 0 ] || bad "trial $i: temporaries or a lock left after the next run: $(ls -A "$d" | grep '^\.x\.')"
    same_result "$d/x" "$d/ref2" || bad "trial $i: the rerun is not the new result"
done
end

begin "a run into a directory holding a result keeps it as DIR.1; --force replaces it; a directory that is not a result is refused"
rm -rf "$d/k" "$d"/k.*
sim "$d" "${SMALL[@]}" --seed 1 -o k "$BASE"
sim "$d" --no-plot -s agents.count=3000 -r 3 --seed 2 -o k "$BASE"
want_status 0
want_err "the previous result in k is kept as k.1"
same_result "$d/k.1" "$d/ref1" || bad "k.1 is not the first result"
sim "$d" "${SMALL[@]}" --seed 1 -o k "$BASE"
[ -d "$d/k.2" ] || bad "the second previous result was not kept as k.2"
sim "$d" "${SMALL[@]}" --force --seed 2 -o k "$BASE"
[ ! -d "$d/k.3" ] || bad "--force kept the previous result"
mkdir -p "$d/mine"
echo "my notes" >"$d/mine/notes.txt"
sim "$d" "${SMALL[@]}" --force -o mine "$BASE"
want_status 2
want_err "holds files that are not an oss-sim result"
[ "$(cat "$d/mine/notes.txt")" = "my notes" ] || bad "the user's file was touched"
end

begin "compare, like a run: a previous result in DIR is kept as DIR.1 (the note names --force); --force replaces it; a directory that is not a result is refused"
CMP=(compare --no-plot -s agents.count=300 -r 2)
rm -rf "$d/cm" "$d"/cm.* "$d/mine2"
sim "$d" "${CMP[@]}" --seed 1 -o cm "$BASE" "$BASE"
want_status 0
sim "$d" "${CMP[@]}" --seed 2 -o cm "$BASE" "$BASE"
want_status 0
want_err "oss-sim compare: note: the previous result in cm is kept as cm.1 (--force replaces it)"
grep -qx 'seed: 1' "$d/cm.1/manifest.txt" || bad "cm.1 is not the first result: $(grep '^seed' "$d/cm.1/manifest.txt")"
grep -qx 'seed: 2' "$d/cm/manifest.txt" || bad "cm is not the second result"
sim "$d" "${CMP[@]}" --force --seed 3 -o cm "$BASE" "$BASE"
want_status 0
[ ! -d "$d/cm.2" ] || bad "--force kept the previous result"
grep -q 'kept as' "$err" && bad "--force: $(cat "$err")"
grep -qx 'seed: 3' "$d/cm/manifest.txt" || bad "--force did not replace cm"
mkdir -p "$d/mine2"
echo "my notes" >"$d/mine2/notes.txt"
sim "$d" "${CMP[@]}" --force -o mine2 "$BASE" "$BASE"
want_status 2
want_err "holds files that are not an oss-sim result"
[ "$(ls "$d/mine2")" = notes.txt ] && [ "$(cat "$d/mine2/notes.txt")" = "my notes" ] || bad "the user's directory was touched"
sim "$d" compare --help
grep -q -- '--force  *replace a previous result in DIR' "$out" || bad "compare --help lacks --force"
end

begin "two concurrent writers of one directory: one waits its turn or gets exit 2, never a mix"
two_writers "$d" "$BASE" 4
end

begin "a planted symlink is never followed: its target is not overwritten"
rm -rf "$d/s" && mkdir -p "$d/s"
echo "precious" >"$d/target"
# the sweep writes its manifest under .manifest.txt.tmp.PID in its live directory:
# plant it for the very pid (exec keeps it)
(cd "$d" && exec bash -c 'ln -s "$1" "s/.manifest.txt.tmp.$$"; exec "$2" sweep -q --no-plot -s agents.count=300 -r 1 -o s "$3" --param market.growth=0.01:0.02:2' _ "$d/target" "$OSS_SIM" "$BASE") >"$out" 2>"$err"
st=$?
[ "$(cat "$d/target")" = "precious" ] || bad "the symlink's target was overwritten"
[ "$st" != 0 ] || [ -s "$d/s/sweep.csv" ] || bad "exit 0 without sweep.csv"
end

begin "a read-only output directory: exit 2 naming it, nothing written"
ro=$(mkd ro)
rosetup=
if [ "$(id -u)" != 0 ]; then
    chmod 555 "$ro" && rosetup=chmod
elif mount -t tmpfs -o size=1m,ro tmpfs "$ro" 2>/dev/null; then
    rosetup=mount
fi
if [ -z "$rosetup" ]; then
    skip "read-only directory" "root without permission to mount a read-only tmpfs"
else
    sim "$work" "${SMALL[@]}" -o "$ro/out" "$BASE"
    want_status 2
    grep -q "ro" "$err" || bad "the message does not name the directory: $(cat "$err")"
    [ -z "$(ls -A "$ro")" ] || bad "something was written: $(ls -A "$ro")"
    [ "$rosetup" = mount ] && umount "$ro"
    [ "$rosetup" = chmod ] && chmod 755 "$ro"
fi
end

begin "a full file system: exit 1 naming the file, the previous result whole"
full=$(mkd full)
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=700k tmpfs "$full" 2>/dev/null; then
    sim "$d" -q --no-plot -s agents.count=300 -r 1 --seed 1 -o "$full/r" "$BASE"
    if [ "$st" = 0 ]; then
        cp -r "$full/r" "$work/full_prev"
        # a long run with charts does not fit in what is left
        sim "$d" -q -s agents.count=300 -r 1 --seed 2 -s horizon.end=2040-12 -o "$full/r" "$BASE"
        want_status 1
        grep -Eq "r/[a-z_]+\.(csv|png|pdf|svg|txt)|No space|cannot" "$err" || bad "no file named: $(cat "$err")"
        diff -r "$full/r" "$work/full_prev" >/dev/null || bad "the previous result changed"
        [ -z "$(ls -A "$full" | grep '^\.r\.tmp')" ] || bad "a temporary directory was left"
    else
        bad "the first, small run did not fit: $(cat "$err")"
    fi
    umount "$full"
else
    skip "full file system" "needs root and permission to mount a small tmpfs"
fi
end

begin "make clean leaves out/ (where results live) alone; make distclean removes it"
if command -v make >/dev/null && [ -f "$root/Makefile" ]; then
    make -s -n -C "$root" clean | grep -Eq '(^|[ /])out([ /]|$)' && bad "make clean removes out/: $(make -s -n -C "$root" clean)"
    make -s -n -C "$root" distclean | grep -Eq '(^|[ /])out([ /]|$)' || bad "make distclean does not remove out/"
else
    skip "make clean" "no make"
fi
end

# ---- calibrate -----------------------------------------------------------

begin "two calibrations writing one fragment at once: the second exits 2 naming it; the first's fragment is whole"
cd_=$(mkd cal)
sed -n '/^cat >"\$caldir\/tiny.cfg" <<.CFG.$/,/^CFG$/p' "$here/run.sh" | sed '1d;$d' >"$cd_/tiny.cfg"
CAL=(calibrate -q --particles 100 --max-evaluations 3000)
[ "$SAN" = 1 ] && CAL=(calibrate -q --particles 40 --max-evaluations 600)
(cd "$cd_" && exec "$OSS_SIM" "${CAL[@]}" -d diag tiny.cfg) >"$work/cal1.out" 2>"$work/cal1.err" &
p1=$!
for i in $(seq 1 100); do [ -e "$cd_/.tiny_fitted.cfg.lock" ] && break; sleep 0.1; done
if [ -e "$cd_/.tiny_fitted.cfg.lock" ]; then
    sim "$cd_" "${CAL[@]}" -d diag2 tiny.cfg
    want_status 2
    want_err "./tiny_fitted.cfg is being written by another oss-sim"
    [ ! -e "$cd_/diag2" ] || bad "the second calibration created its diagnostics directory"
    # another fragment, but the same diagnostics directory
    sim "$cd_" "${CAL[@]}" -o other.cfg -d diag tiny.cfg
    want_status 2
    want_err "diag is being written by another oss-sim"
    [ ! -e "$cd_/other.cfg" ] || bad "the second calibration wrote its fragment"
else
    bad "the first calibration took no lock on its fragment"
fi
wait $p1 || bad "the first calibration failed: $(cat "$work/cal1.err")"
grep -q '^ensemble = ' "$cd_/tiny_fitted.cfg" || bad "the fragment is not whole"
[ -z "$(ls -A "$cd_" | grep '\.lock$')" ] || bad "a lock file was left: $(ls -A "$cd_")"
end

begin "an interrupted calibration (SIGINT, SIGTERM, SIGHUP) exits 130: its fragment as it was, no lock, no diagnostics directory of its own"
cp "$cd_/tiny_fitted.cfg" "$cd_/before.cfg"
for sig in INT TERM HUP; do
    rm -rf "$cd_/diag3"
    (cd "$cd_" && exec "$OSS_SIM" "${CAL[@]}" -d diag3 tiny.cfg) >"$out" 2>"$err" &
    p1=$!
    for i in $(seq 1 100); do [ -e "$cd_/.tiny_fitted.cfg.lock" ] && break; sleep 0.1; done
    sleep 0.5
    kill -$sig $p1
    wait $p1
    st=$?
    want_status 130
    want_err "oss-sim calibrate: interrupted; nothing written"
    cmp -s "$cd_/tiny_fitted.cfg" "$cd_/before.cfg" || bad "SIG$sig: the fragment changed"
    [ ! -e "$cd_/diag3" ] || bad "SIG$sig: the diagnostics directory was left: $(ls -A "$cd_/diag3")"
    [ -z "$(ls -A "$cd_" | grep -E '\.lock$|\.tmp')" ] || bad "SIG$sig: left $(ls -A "$cd_" | grep -E '\.lock$|\.tmp')"
done
end

# ---- sweeps --------------------------------------------------------------

SW=(sweep -q --no-plot -s agents.count=400 -r 2 --param market.growth=0.01:0.05:8)
[ "$SAN" = 1 ] && SW=(sweep -q --no-plot -s agents.count=200 -r 1 --param market.growth=0.01:0.05:5)
sw=$(mkd sweep)
sim "$sw" "${SW[@]}" -o ref "$BASE"
t0=$(date +%s%N)
sim "$sw" "${SW[@]}" -o timing "$BASE"
sw_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

begin "SIGKILL and SIGINT at random points of a sweep: rerunning gives the uninterrupted sweep.csv, never a mix"
for i in $(seq 1 $((trials / 2))); do
    rm -rf "$sw/x" "$sw"/.x.*
    sig=KILL
    [ $((i % 2)) = 0 ] && sig=INT
    (cd "$sw" && exec "$OSS_SIM" "${SW[@]}" -o x "$BASE") >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v r=$RANDOM -v t=$sw_ms 'BEGIN { printf "%.3f", r / 32767 * t * 1.1 / 1000 }')"
    kill -$sig $pid 2>/dev/null
    { wait $pid; } 2>/dev/null
    if [ -e "$sw/x/sweep.csv" ]; then
        cmp -s "$sw/x/sweep.csv" "$sw/ref/sweep.csv" || bad "trial $i (SIG$sig): a sweep.csv that is not the whole sweep"
    fi
    sim "$sw" "${SW[@]}" -o x "$BASE"
    want_status 0
    cmp -s "$sw/x/sweep.csv" "$sw/ref/sweep.csv" || bad "trial $i (SIG$sig): the resumed sweep.csv differs"
done
end

begin "two identical sweeps at once: one finishes, the other finishes after it or gets exit 2, never a shared .partial"
rm -rf "$sw/y"
(cd "$sw" && exec "$OSS_SIM" "${SW[@]}" -o y "$BASE") >"$work/s1.out" 2>"$work/s1.err" &
p1=$!
sleep 0.3
sim "$sw" "${SW[@]}" -o y "$BASE"
s2=$st
wait $p1
s1=$?
# either may take the directory first (the 0.3 s head start is no promise on
# a loaded machine): one finishes (exit 0), and the other either finishes
# after it or is refused (exit 2) naming the other writer
[ "$s1" = 0 ] || [ "$s2" = 0 ] || bad "neither sweep finished: exit $s1 and $s2: $(cat "$work/s1.err" "$err")"
for pair in "$s1:$work/s1.err" "$s2:$err"; do
    case ${pair%%:*} in
    0) ;;
    2) grep -q "is being written by another oss-sim" "${pair#*:}" ||
        bad "a refused sweep does not name the other writer: $(cat "${pair#*:}")" ;;
    *) bad "a sweep ended with exit ${pair%%:*}: $(cat "${pair#*:}")" ;;
    esac
done
cmp -s "$sw/y/sweep.csv" "$sw/ref/sweep.csv" || bad "sweep.csv is not the uninterrupted one"
end

begin "a different sweep into a directory holding a sweep's result is refused; the result is untouched"
rm -rf "$sw/w" && cp -r "$sw/ref" "$sw/w"
sim "$sw" sweep -q --no-plot -s agents.count=200 -r 1 --param market.growth=0.02:0.03:2 -o w "$BASE"
want_status 2
want_err "holds the result of another sweep"
cmp -s "$sw/w/sweep.csv" "$sw/ref/sweep.csv" || bad "the other sweep's sweep.csv changed"
end

begin "a sweep whose manifest does not vouch for sweep.csv (rows and checksum) is run again, not taken as complete"
rm -rf "$sw/z" && cp -r "$sw/ref" "$sw/z"
# an older sweep.csv beside this sweep's manifest: one row changed
awk -F, 'NR == 3 { $3 = 0.5 } 1' OFS=, "$sw/ref/sweep.csv" >"$sw/z/sweep.csv"
sim "$sw" "${SW[@]}" -o z "$BASE"
want_status 0
cmp -s "$sw/z/sweep.csv" "$sw/ref/sweep.csv" || bad "the altered sweep.csv was accepted as complete"
end

# ---- the environment: signals, standard output, gnuplot, locale, paths ----

# a gnuplot that starts, says so (a file named by $GP_MARK) and hangs: a
# command is held in its chart phase, with its lock and temporary directory
# in place, for as long as a test needs, whatever the machine's load
mkdir -p "$work/hangbin"
printf '#!/bin/sh\n: >"$GP_MARK"\nexec sleep 300\n' >"$work/hangbin/gnuplot"
chmod +x "$work/hangbin/gnuplot"
# held DIR MARK ARGS...: starts oss-sim ARGS in DIR with that gnuplot, in the
# background (pid in $hp), and waits (up to 120 s) until it draws a chart
held() {
    local dir=$1 mark=$2
    shift 2
    rm -f "$mark"
    (cd "$dir" && GP_MARK=$mark PATH=$work/hangbin:$PATH exec "$OSS_SIM" "$@") >"$out" 2>"$err" &
    hp=$!
    for _ in $(seq 1 1200); do [ -e "$mark" ] && return 0; kill -0 $hp 2>/dev/null || break; sleep 0.1; done
    bad "it never reached its charts: $(head -c 300 "$err")"
    kill -KILL $hp 2>/dev/null
    return 1
}
# no lock, temporary directory or include copy of oss-sim left in DIR
no_leftovers() { local l; l=$(ls -A "$1" | grep -E '\.lock$|\.tmp' | tr '\n' ' '); [ -z "$l" ] || bad "left in $1: $l"; }

SIGS=(-q -s agents.count=300 -r 2)
begin "SIGHUP, SIGTERM and SIGPIPE stop run, compare, brief and sweep as SIGINT does: exit 130, the message, no lock or temporary left, and a rerun works"
sg=$(mkd sigs)
i=0
for c in "run HUP" "run PIPE" "compare HUP" "brief TERM" "brief HUP" "sweep HUP"; do
    set -- $c
    i=$((i + 1))
    case $1 in
    run) args=("${SIGS[@]}" -o o$i "$BASE") ;;
    compare) args=(compare "${SIGS[@]}" -o o$i "$BASE" "$root/scenarios/no_open.cfg") ;;
    brief) args=(brief "${SIGS[@]}" -o o$i "$root/scenarios/export_controls.cfg") ;;
    sweep) args=(sweep "${SIGS[@]}" -o o$i "$BASE" --param market.growth=0.01:0.02:2) ;;
    esac
    held "$sg" "$sg/mark" "${args[@]}" || continue
    kill -$2 $hp
    wait $hp
    st=$?
    [ "$st" = 130 ] || bad "$c: exit $st, expected 130: $(head -c 300 "$err")"
    grep -q "interrupted" "$err" || bad "$c: no 'interrupted' message: $(head -c 300 "$err")"
    no_leftovers "$sg"
    if [ "$1" = sweep ]; then
        # sweep.csv was complete before the charts: it is kept, the rerun finds it so
        cmp -s <(head -1 "$sg/o$i/sweep.csv") <(printf 'point,market.growth') 2>/dev/null
        [ -s "$sg/o$i/sweep.csv" ] || bad "$c: sweep.csv lost"
    else
        [ ! -e "$sg/o$i" ] || bad "$c: o$i was made: $(ls -A "$sg/o$i")"
    fi
    [ "$1" = brief ] || args+=(--no-plot)
    sim "$sg" "${args[@]}"
    want_status 0
    no_leftovers "$sg"
done
end

begin "standard output on a full disk (/dev/full) or closed: the command says so and exits 1, not 0 with the summary lost; its files are whole"
so=$(mkd stdout_dir)
(cd "$so" && exec "$OSS_SIM" --no-plot -s agents.count=300 -r 2 -o full "$BASE") >/dev/full 2>"$err"
st=$?
want_status 1
want_err "oss-sim: cannot write to standard output: No space left on device"
[ -s "$so/full/summary.csv" ] && [ -s "$so/full/manifest.txt" ] || bad "the result is not whole: $(ls "$so/full")"
(cd "$so" && exec "$OSS_SIM" --no-plot -s agents.count=300 -r 2 -o closed "$BASE") >&- 2>"$err"
st=$?
want_status 1
want_err "oss-sim: cannot write to standard output"
# the summary went nowhere: not into a file that took the free descriptor 1
for f in "$so"/closed/*.csv; do
    cmp -s "$f" "$so/full/$(basename "$f")" || bad "$(basename "$f") differs from a run with an open stdout"
done
for cmd in "show $BASE" "diff $BASE $root/scenarios/no_open.cfg" "--help" "--check $BASE" \
    "compare --no-plot -s agents.count=300 -r 2 -o cmp $BASE $BASE" \
    "sweep --no-plot -s agents.count=300 -r 2 -o sw $BASE --param market.growth=0.01:0.02:2"; do
    (cd "$so" && exec "$OSS_SIM" $cmd) >/dev/full 2>"$err"
    st=$?
    [ "$st" != 0 ] || bad "$cmd >/dev/full: exit 0"
    want_err "cannot write to standard output: No space left on device"
done
end

begin "a broken pipe (show | head -1, --help | head -1): no message, exit 141 as when SIGPIPE ends a writer"
for cmd in "show $BASE" "--help"; do
    # SIGPIPE ignored (as some parents leave it), so the write itself fails
    # with EPIPE; the help may fit in the pipe before head leaves (exit 0)
    st=$( (trap '' PIPE; "$OSS_SIM" $cmd 2>"$err" | head -1 >/dev/null; echo "${PIPESTATUS[0]}") )
    [ "$st" = 141 ] || { [ "$cmd" = --help ] && [ "$st" = 0 ]; } || bad "$cmd (SIGPIPE ignored): exit $st"
    [ ! -s "$err" ] || bad "$cmd: stderr: $(head -c 300 "$err")"
done
end

begin "a gnuplot that hangs is stopped (OSS_SIM_PLOT_TIMEOUT) and named once; the run exits 0 with its CSV files whole"
gh=$(mkd gphang)
(cd "$gh" && GP_MARK=$gh/m OSS_SIM_PLOT_TIMEOUT=1 PATH=$work/hangbin:$PATH exec timeout 100 "$OSS_SIM" -s agents.count=300 -r 2 -o r "$BASE") >"$out" 2>"$err"
st=$?
want_status 0
want_err "oss-sim: chart shares not drawn, nor the charts after it: gnuplot did not finish in 1 s and was stopped"
[ "$(grep -c 'not drawn' "$err")" = 1 ] || bad "more than one chart waited for: $(cat "$err")"
for f in timeseries.csv families.csv summary.csv manifest.txt; do [ -s "$gh/r/$f" ] || bad "$f missing"; done
[ -z "$(ls "$gh/r" | grep -E '\.(png|pdf|svg)$')" ] || bad "a chart file: $(ls "$gh/r")"
no_leftovers "$gh"
end

begin "a decimal-comma locale (LC_ALL=de_DE.UTF-8) changes no byte of the CSV files, the summary or the PNG and SVG charts"
if ! command -v gnuplot >/dev/null 2>&1; then
    skip "locale" "gnuplot is not installed"
elif ! locale -a 2>/dev/null | grep -qix 'de_DE.utf-\?8'; then
    skip "locale" "no de_DE.UTF-8 locale (localedef -i de_DE -f UTF-8 de_DE.UTF-8)"
else
    lc=$(mkd locale)
    for l in C de_DE.UTF-8; do
        (cd "$lc" && LC_ALL=$l exec "$OSS_SIM" -s agents.count=300 -r 2 -o "$l" "$BASE") >"$lc/$l.out" 2>"$lc/$l.err"
    done
    sed -i 's/de_DE.UTF-8/C/' "$lc/de_DE.UTF-8.out"
    cmp -s "$lc/C.out" "$lc/de_DE.UTF-8.out" || bad "the summary differs: $(diff "$lc/C.out" "$lc/de_DE.UTF-8.out" | head -5)"
    for f in "$lc"/C/*.csv "$lc"/C/*.png "$lc"/C/*.svg; do
        cmp -s "$f" "$lc/de_DE.UTF-8/$(basename "$f")" || bad "$(basename "$f") differs under de_DE.UTF-8"
    done
    [ "$(ls "$lc/C" | grep -c '\.png$')" -ge 3 ] || bad "no charts drawn: $(cat "$lc/C.err")"
fi
end

begin "an output path with a quote, a space or a byte that is not UTF-8 gets every chart, and is never run as shell code"
q=$(mkd quote)
name=$(printf "it's a \xff test'; touch CANARY; '")
sim "$q" -s agents.count=300 -r 2 -o "$name" "$BASE"
want_status 0
grep -qi 'syntax error\|not drawn' "$err" && bad "stderr: $(head -c 400 "$err")"
[ ! -e "$q/CANARY" ] && [ ! -e "$q/$name/CANARY" ] || bad "the path ran as shell code"
if command -v gnuplot >/dev/null 2>&1; then
    [ "$(ls "$q/$name" | grep -c '\.png$')" -ge 3 ] || bad "charts: $(ls "$q/$name")"
fi
end

begin "a deleted current directory: with an absolute -o the run and its charts work, without 'getcwd() failed' from gnuplot's shell"
dc=$(mkd deleted)
mkdir "$dc/cwd"
(cd "$dc/cwd" && rmdir "$dc/cwd" && exec "$OSS_SIM" -s agents.count=300 -r 2 -o "$dc/r" "$BASE") >"$out" 2>"$err"
st=$?
want_status 0
grep -q getcwd "$err" && bad "stderr: $(head -3 "$err")"
[ -s "$dc/r/summary.csv" ] || bad "no result"
end

begin "an output path of 3968 characters works; one longer, or whose last name is over 240 characters, is refused before anything is made"
lp=$(mkd longpath)
o=$lp
while [ $((${#o} + 201)) -le 3968 ]; do o=$o/$(printf 'd%.0s' $(seq 1 200)); done
o=$o/$(printf 'e%.0s' $(seq 1 $((3968 - ${#o} - 1))))
[ ${#o} = 3968 ] || bad "test setup: ${#o} characters"
sim "$work" -q -s agents.count=300 -r 2 -o "$o" "$BASE"
want_status 0
[ -s "$o/summary.csv" ] || bad "no result: $(head -c 300 "$err")"
if command -v gnuplot >/dev/null 2>&1; then
    [ "$(ls "$o" | grep -c '\.png$')" -ge 3 ] || bad "charts: $(ls "$o")"
fi
sim "$work" -q --no-plot -s agents.count=300 -r 2 -o "${o}x" "$BASE"
want_status 2
want_err "output path longer than 3968 characters"
sim "$work" -q --no-plot -s agents.count=300 -r 2 -o "$lp/new/$(printf 'n%.0s' $(seq 1 241))" "$BASE"
want_status 2
want_err "the output directory's name is longer than 240 characters"
[ ! -e "$lp/new" ] || bad "created $lp/new"
end

begin "a sweep into a directory holding a run's result or other files is refused (exit 2), the files untouched"
sd=$(mkd sweepdir)
sim "$sd" -q --no-plot -s agents.count=300 -r 2 -o run "$BASE"
cp -r "$sd/run" "$sd/run.before"
sim "$sd" sweep -q --no-plot -s agents.count=300 -r 2 -o run "$BASE" --param market.growth=0.01:0.02:2
want_status 2
want_err "run holds the result of another command"
diff -r "$sd/run" "$sd/run.before" >/dev/null || bad "the run's result changed: $(ls "$sd/run")"
mkdir "$sd/mine" && echo notes >"$sd/mine/notes.txt"
sim "$sd" sweep -q --no-plot -s agents.count=300 -r 2 -o mine "$BASE" --param market.growth=0.01:0.02:2
want_status 2
want_err "mine holds notes.txt, which is not a sweep's file"
[ "$(ls -A "$sd/mine")" = notes.txt ] || bad "written into mine: $(ls -A "$sd/mine")"
end

begin "a sweep holds its directory through its charts: a run into it meanwhile is refused"
sl=$(mkd sweeplock)
if held "$sl" "$sl/mark" sweep -q -s agents.count=300 -r 2 -o s "$BASE" --param market.growth=0.01:0.02:2; then
    sim "$sl" -q --no-plot -s agents.count=300 -r 2 -o s "$BASE"
    want_status 2
    want_err "s is being written by another oss-sim"
    kill -INT $hp
    wait $hp
    [ ! -e "$sl/s.1" ] && [ -s "$sl/s/sweep.csv" ] || bad "the sweep's directory was moved: $(ls -A "$sl")"
fi
end

begin "a missing or read-only TMPDIR: a scenario whose includes need a temporary copy loads (from /tmp)"
td=$(mkd tmpdir)
mkdir -p "$td/a" "$td/c"
cp "$root"/scenarios/*.cfg "$td/c/"
printf '@include "../c/export_controls.cfg"\n' >"$td/a/top.cfg"
(cd / && TMPDIR=$td/missing exec "$OSS_SIM" --check "$td/a/top.cfg") >"$out" 2>"$err"
st=$?
want_status 0
end

begin "a full disk: the message names the result's file (DIR/families.csv), not the hidden temporary, and the first chart not written whole"
fd=$(mkd fulldisk)
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=100k tmpfs "$fd" 2>/dev/null; then
    sim "$work" -q --no-plot -s agents.count=300 -r 1 -o "$fd/r" "$BASE"
    want_status 1
    want_err "$fd/r/families.csv: write failed: No space left on device"
    grep -q '\.tmp' "$err" && bad "names the temporary: $(cat "$err")"
    umount "$fd"
    if command -v gnuplot >/dev/null 2>&1 && mount -t tmpfs -o size=450k tmpfs "$fd" 2>/dev/null; then
        sim "$work" -q -s agents.count=300 -r 1 -o "$fd/r" "$BASE"
        want_status 1
        grep -Eq "$fd/r/(families\.csv|shares\.(png|pdf|svg))" "$err" || bad "not the first chart: $(cat "$err")"
        [ -z "$(ls -A "$fd")" ] || bad "left: $(ls -A "$fd")"
        umount "$fd"
    fi
else
    skip "full disk messages" "needs root and permission to mount a small tmpfs"
fi
end

begin "a file size limit (ulimit -f): a write that fails, named (exit 1), not SIGXFSZ killing the command with its lock and temporary left"
uf=$(mkd ulimitf)
(cd "$uf" && ulimit -f 100 && exec "$OSS_SIM" -q --no-plot -s agents.count=300 -r 2 -o r "$BASE") >"$out" 2>"$err"
st=$?
want_status 1
want_err "r/families.csv: write failed: File too large"
no_leftovers "$uf"
[ ! -e "$uf/r" ] || bad "r was made"
cp "$cd_/tiny.cfg" "$uf/"
(cd "$uf" && ulimit -f 1 && exec "$OSS_SIM" "${CAL[@]}" -o f.cfg -d diag tiny.cfg) >"$out" 2>"$err"
st=$?
want_status 1
want_err "f.cfg: write failed: File too large"
[ "$(ls -A "$uf")" = tiny.cfg ] || bad "calibrate left: $(ls -A "$uf")"
end

begin "while a compare or a brief writes a directory, a second compare, brief, run or sweep into it is refused naming it (exit 2), and makes nothing"
cw=$(mkd concurrent)
for first in compare brief; do
    rm -rf "${cw:?}"/* "$cw"/.[!.]*
    if [ $first = compare ]; then
        held "$cw" "$cw/mark" compare "${SIGS[@]}" -o c "$BASE" "$root/scenarios/no_open.cfg" || continue
    else
        held "$cw" "$cw/mark" brief "${SIGS[@]}" -o c "$root/scenarios/export_controls.cfg" || continue
    fi
    p1=$hp
    for second in "compare ${SIGS[*]} -o c $BASE $BASE" "brief ${SIGS[*]} -o c $root/scenarios/export_controls.cfg" \
        "${SIGS[*]} --no-plot -o c $BASE" "sweep ${SIGS[*]} --no-plot -o c $BASE --param market.growth=0.01:0.02:2"; do
        (cd "$cw" && exec "$OSS_SIM" $second) >"$work/c2.out" 2>"$work/c2.err"
        s2=$?
        [ "$s2" = 2 ] && grep -q "c is being written by another oss-sim (pid $p1)" "$work/c2.err" ||
            bad "$first, then ${second%% *}: exit $s2: $(head -c 300 "$work/c2.err")"
    done
    [ ! -e "$cw/c" ] || bad "$first: c appeared while it was still writing: $(ls -A "$cw/c")"
    kill -INT $p1
    wait $p1
done
end

report
