#!/usr/bin/env bash
# tests/cli/golden.sh - the model with supply.pricing_unit = "family" and
# market.volume_elasticity = 0 reproduces, bit for bit, the golden files
# tests/cli/golden/eps0/*.csv, written from tests/cli/golden/eps0.cfg with
#   oss-sim -q --no-plot -r 2 -s agents.count=3000 -s 'supply.pricing_unit="family"' \
#       -s market.volume_elasticity=0.0 -o DIR tests/cli/golden/eps0.cfg
# Every column and row of timeseries.csv, families.csv and summary.csv must
# be byte-identical, except the elasticity metrics (whose definitions
# changed with the intensive margin).  Bit-identical results need the same
# exponential (manifest "exp:"), so the test is skipped on a machine whose
# exp differs from the one that wrote the golden files.
#
# History of the reference.  The files were first written by the simulator
# before vendor pricing and the intensive margin (commit 6c1a050; again with
# agents stored in 28 bytes, commit e6dc1e5 on the perf branch), and the
# model with family pricing and eps = 0 reproduced them bit for bit.  They
# were rewritten when a review's random numbers became a function of
# (replication, agent, month) instead of a block's shared stream
# (docs/model.md section 7), which changes every draw, and serving channels
# added families.csv columns.  Before rewriting, the channel code with the
# old draws and agents.hosted_distrust = 1 (eps0.cfg has no first_party
# block) was checked to reproduce the 6c1a050 files bit for bit, new
# columns aside.
#
#   OSS_SIM=/path/to/oss-sim tests/cli/golden.sh     (default: ./oss-sim)
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
G=$here/golden

# cols FILE DROP...: the CSV without the named columns
cols() {
    local f=$1
    shift
    awk -F, -v drop="$*" 'BEGIN { n = split(drop, d, " "); for (i = 1; i <= n; i++) skip[d[i]] = 1 }
        NR == 1 { for (i = 1; i <= NF; i++) keep[i] = !($i in skip) }
        { s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$f"
}

out=$work/out.txt err=$work/err.txt
sim "$work" -q --no-plot -r 2 -s agents.count=3000 -s 'supply.pricing_unit="family"' \
    -s market.volume_elasticity=0.0 -o "$work/run" "$G/eps0.cfg"
begin golden_eps0_family_pricing
if [ "$st" -ne 0 ]; then
    bad "exit $st: $(cat "$err")"
    end
elif [ "$(grep '^exp' "$work/run/manifest.txt")" != "$(cat "$G/eps0/exp.txt")" ]; then
    skip golden_eps0_family_pricing "this machine's exp differs from the golden files'"
else
    # superseded_token_share came with release vintages; eps0.cfg has no dated
    # release, so every other column stayed bit for bit
    new="own_price_elasticity own_price_elasticity_open market_price_elasticity superseded_token_share open_model_share_max"
    cmp -s <(cols "$G/eps0/timeseries.csv" $new) <(cols "$work/run/timeseries.csv" $new) ||
        bad "timeseries.csv differs: $(diff <(cols "$G/eps0/timeseries.csv" $new) <(cols "$work/run/timeseries.csv" $new) | head -3)"
    cmp -s "$G/eps0/families.csv" "$work/run/families.csv" || bad "families.csv differs"
    sumdrop='/^own_price_elasticity|^market_price_elasticity|^consumer_surplus_busd/d'
    cmp -s <(sed -E "$sumdrop" "$G/eps0/summary.csv") <(sed -E "$sumdrop" "$work/run/summary.csv") ||
        bad "summary.csv differs: $(diff <(sed -E "$sumdrop" "$G/eps0/summary.csv") <(sed -E "$sumdrop" "$work/run/summary.csv") | head -3)"
    end
fi
report
