# tests/cli/lib.sh - the reporting of the command-line test scripts, sourced
# by each: `begin NAME`, any number of `bad REASON`, then `end` prints
# "ok   NAME", or "FAIL NAME" with the reasons indented below; `skip NAME WHY`
# prints "skip NAME (WHY)".  The script ends with `report`: "N passed, M
# failed", and a non-zero status if any test failed.

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
