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
root=$(cd "$here/../.." && pwd)
OSS_SIM=${OSS_SIM:-$root/oss-sim}
case $OSS_SIM in /*) ;; *) OSS_SIM=$PWD/$OSS_SIM ;; esac
SAN=${OSS_SIM_SANITIZED:-0}

if [ ! -x "$OSS_SIM" ]; then
    echo "faults.sh: $OSS_SIM is not an executable (build it with make)" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-faults.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr
st=0
source "$here/lib.sh"
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
want_err "longer than 4095 characters"
[ ! -e "$work/$longdir" ] || bad "created part of an over-long output path"
d=$(mkd nl)
cp "$BASE" "$d/"
cp "$root"/scenarios/calibrated.cfg "$root"/scenarios/no_open.cfg "$d/"
cp "$BASE" "$d/$(printf 'a\nb.cfg')"
sim "$d" --check "$(printf 'a\nb.cfg')"
want_status 2
want_err "no line break"
end

report
