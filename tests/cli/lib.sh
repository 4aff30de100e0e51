# tests/cli/lib.sh - what the command-line test scripts share: running the
# binary (sim), interrupting it (interrupt_pid), and the reporting, sourced
# by each: `begin NAME`, any number of `bad REASON`, then `end` prints
# "ok   NAME", or "FAIL NAME" with the reasons indented below; `skip NAME WHY`
# prints "skip NAME (WHY)".  The script ends with `report`: "N passed, M
# failed", and a non-zero status if any test failed.

# Sourcing it also sets up what every script needs, from $here (the
# script's directory, set before sourcing): root (the repository), OSS_SIM
# (the binary under test, absolute; default ./oss-sim), SAN (1 when
# OSS_SIM_SANITIZED says it is an ASan/UBSan build), work (a fresh temporary
# directory, removed at exit unless the script sets a trap of its own), and
# out, err and st for `sim`.  A missing binary exits 2.
root=$(cd "$here/../.." && pwd)
OSS_SIM=${OSS_SIM:-$root/oss-sim}
case $OSS_SIM in /*) ;; *) OSS_SIM=$PWD/$OSS_SIM ;; esac
SAN=${OSS_SIM_SANITIZED:-0}
[ "$SAN" = 0 ] || SAN=1
if [ ! -x "$OSS_SIM" ]; then
    echo "$(basename "$0"): $OSS_SIM is not an executable (build it with make)" >&2
    exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/oss-sim-$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr
st=0

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
report() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}

# sim DIR ARGS...: runs $OSS_SIM ARGS in DIR, stdout into the file $out and
# stderr into $err (both set by the script); sets st to its exit status.
sim() {
    local dir=$1
    shift
    (cd "$dir" && exec "$OSS_SIM" "$@") >"$out" 2>"$err"
    st=$?
}

# interrupt_pid PID SECONDS: sends SIGINT to a background job and waits up
# to SECONDS for it to end (a test failure, and SIGKILL, if it does not);
# sets st to its exit status and ms to the milliseconds it took to stop.
interrupt_pid() {
    local pid=$1 limit=$2 i t0
    t0=$(date +%s%N)
    kill -INT "$pid" 2>/dev/null
    for i in $(seq $((limit * 10))); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        bad "still running $limit s after SIGINT; killed"
        kill -KILL "$pid"
    fi
    wait "$pid"
    st=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# col DIR COLUMN [FROM [TO]]: mean of a column of DIR/timeseries.csv over the
# months FROM..TO (default: every month); nan when the column or months are absent
col() {
    awk -F, -v c="$2" -v a="${3:-0000-00}" -v b="${4:-9999-99}" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
        $1 >= a && $1 <= b { s += $k; n++ }
        END { if (!k || !n) print "nan"; else printf "%.12g\n", s / n }' "$1/timeseries.csv"
}

# same_result A B: two result directories hold the same files, with the
# same CSVs and the same seed in their manifests
same_result() {
    local a=$1 b=$2 f
    [ "$(cd "$a" && ls | sort)" = "$(cd "$b" && ls | sort)" ] || return 1
    for f in "$a"/*.csv; do cmp -s "$f" "$b/$(basename "$f")" || return 1; done
    [ "$(grep '^seed:' "$a/manifest.txt")" = "$(grep '^seed:' "$b/manifest.txt")" ]
}

# two_writers DIR SCENARIO TRIALS: TRIALS times, two runs (options SMALL,
# seeds 1 and 2) write DIR/c at once; each exits 0, or 2 saying c is being
# written by another oss-sim, and c (and a c.1 kept from the first) is one
# whole result: DIR/ref1's or DIR/ref2's, never a mix
two_writers() {
    local d=$1 scen=$2 n=$3 i s e pair p1 p2 s1 s2
    for i in $(seq 1 "$n"); do
        rm -rf "$d/c" "$d"/c.* "$d"/.c.*
        (cd "$d" && exec "$OSS_SIM" "${SMALL[@]}" --seed 1 -o c "$scen") >/dev/null 2>"$work/c1.err" &
        p1=$!
        (cd "$d" && exec "$OSS_SIM" "${SMALL[@]}" --seed 2 -o c "$scen") >/dev/null 2>"$work/c2.err" &
        p2=$!
        wait $p1; s1=$?
        wait $p2; s2=$?
        for pair in "$s1:$work/c1.err" "$s2:$work/c2.err"; do
            s=${pair%%:*}; e=${pair#*:}
            [ "$s" = 0 ] || { [ "$s" = 2 ] && grep -q "c is being written by another oss-sim" "$e"; } ||
                bad "trial $i: exit $s: $(cat "$e")"
        done
        same_result "$d/c" "$d/ref1" || same_result "$d/c" "$d/ref2" || bad "trial $i: c is a mix"
        [ ! -d "$d/c.1" ] || same_result "$d/c.1" "$d/ref1" || same_result "$d/c.1" "$d/ref2" ||
            bad "trial $i: c.1 is a mix"
    done
}
