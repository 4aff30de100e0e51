#!/usr/bin/env bash
# tests/cli/oracles.sh - the binary's outputs on degenerate scenarios against
# the textbook's closed forms, as an economist would check them from the CSV
# files: multinomial and nested logit shares (Train, Discrete Choice Methods
# with Simulation, 2009, ch. 3 and 4), equal shares of identical options,
# the single-product and multiproduct logit Bertrand markups (a multiproduct
# logit firm sets the same markup 1 / (alpha (1 - S_firm)) on every product:
# Anderson, de Palma and Thisse 1992, ch. 7), consumer surplus as the
# log-sum over alpha and its change (Small and Rosen 1981), frozen shares
# when nobody reviews, and the identities (shares sum to one, spend = price
# x tokens).  The scenarios are in tests/cli/oracles/ (identical agents,
# every friction off, frozen supply); the unit tests check the same forms on
# the world in memory (tests/unit/test_textbook.c, test_nested.c,
# test_vendor.c); this script checks what a user reads.
#
#   OSS_SIM=/path/to/oss-sim tests/cli/oracles.sh     (default: ./oss-sim)
#
# Tolerances.  Shares are sampled: every agent chooses every month, so an
# option's count over N agents, M months and R replications is
# Binomial(N M R, P), and the mean of a share over the months has standard
# error sqrt(P (1 - P) / (N M R)) (a share among buyers: P and N M R (1 - P0)
# in place of P and N M R).  The tests allow 4 standard errors (a false
# alarm about 6e-5 per check; the runs are seeded, so they do not flake).
# Prices, consumer surplus and the identities do not depend on the draws:
# prices come from the expected demand of the logit, surplus from log-sums.
# They are checked to 1e-6 relative: the CSV files print 10 significant
# digits, and the agents' bonus is stored in single precision (2^-24).
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
O=$here/oracles
RUN=(-q --no-plot --no-counterfactual --no-reference)
# N agents x R replications of the scenarios (their agents.count, run.replications)
N=4000
R=2

# run NAME FILE [ARGS...]: runs tests/cli/oracles/FILE.cfg into $work/NAME
run() {
    local name=$1 file=$2
    shift 2
    "$OSS_SIM" "${RUN[@]}" -o "$work/$name" "$@" "$O/$file.cfg" 2>"$work/$name.err" ||
        bad "$name: exit $?: $(head -c 400 "$work/$name.err")"
}

# fmean DIR FAMILY COLUMN [FROM [TO]]: mean of a families.csv column of a family
# (col, the same for timeseries.csv, is in lib.sh)
fmean() {
    awk -F, -v f="$2" -v c="$3" -v a="${4:-0000-00}" -v b="${5:-9999-99}" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
        $2 == f && $1 >= a && $1 <= b { s += $k; n++ }
        END { if (!k || !n) print "nan"; else printf "%.12g\n", s / n }' "$1/families.csv"
}

# months DIR: the number of months in timeseries.csv
nmonths() { awk 'END { print NR - 1 }' "$1/timeseries.csv"; }

# near NAME GOT WANT TOL: |GOT - WANT| <= TOL (awk expressions)
near() {
    awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= t + 0 && g == g + 0) }' ||
        bad "$1: $2, closed form $3 (tolerance $4)"
}

# calc EXPR: an awk expression's value (exp, log, sqrt)
calc() { awk "BEGIN { printf \"%.15g\n\", $1 }"; }

# se P COUNT: 4 standard errors of a mean share P over COUNT independent choices
se4() { calc "4 * sqrt($1 * (1 - $1) / ($2))"; }

# adopt DIR DEN: DIR's adoption against the logit's 1 - P0, P0 = 1 / (1 + DEN)
# (DEN the sum of e^V over the families); sets d, M, P0 and nb, the agent-months
# of buyers over which a share among buyers is counted
adopt() {
    d=$1
    M=$(nmonths "$d")
    P0=$(calc "1 / (1 + $2)")
    near "adoption" "$(col "$d" adoption)" "$(calc "1 - $P0")" "$(se4 "$P0" "$N * $M * $R")"
    nb="$N * $M * $R * (1 - $P0)"
}

# ---- one closed family and the outside option ------------------------------

# V = 0.25 x 10 - p = 2.5 - p (one_family.cfg); P = e^V / (1 + e^V).
begin "one family and the outside option: adoption is the binary logit, surplus the log-sum over alpha, spend = price x tokens"
run one1 one_family -s families.a.pricing=fixed
d=$work/one1
M=$(nmonths "$d")
P=$(calc "exp(0.5) / (1 + exp(0.5))")
near "adoption (mean of $M months)" "$(col "$d" adoption)" "$P" "$(se4 "$P" "$N * $M * $R")"
near "token share of the only family" "$(fmean "$d" A token_share)" 1 1e-12
near "hhi" "$(col "$d" hhi)" 10000 1e-6
near "open_token_share" "$(col "$d" open_token_share)" 0 0
# consumer surplus, million USD a month: potential (1e6 Mtok) x ln(1 + e^V) / alpha / 1e6
near "consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + exp(0.5))")" 1e-6
# spend = price x tokens: USD/Mtok x trillion tokens = million USD
near "spend_musd / (price x tokens_t)" "$(calc "$(col "$d" spend_musd) / (2 * $(col "$d" tokens_t))")" 1 1e-9
near "avg_price" "$(col "$d" avg_price)" 2 1e-9
end

begin "one family: the change in surplus from a price rise 2 -> 3 is the area under demand (Small and Rosen)"
run one3 one_family -s families.a.pricing=fixed -s families.a.price=3
# integral from 2 to 3 of e^(2.5-p) / (1 + e^(2.5-p)) dp = ln(1 + e^0.5) - ln(1 + e^-0.5) = 0.5
dcs=$(calc "$(col "$work/one1" consumer_surplus_musd) - $(col "$work/one3" consumer_surplus_musd)")
near "surplus at price 2 minus at price 3" "$dcs" 0.5 1e-6
end

begin "one family priced by Bertrand: the monopoly logit price p = c + 1 / (alpha (1 - s(p))), by fixed-point iteration"
run oneb one_family
# p = 1 + 1 / (1 - s(p)) = 2 + e^(2.5 - p): Newton's method on f(p) = p - 2 - e^(2.5 - p)
p=$(awk 'BEGIN { p = 2.5; for (i = 0; i < 60; i++) { e = exp(2.5 - p); p -= (p - 2 - e) / (1 + e) }; printf "%.15g\n", p }')
d=$work/oneb
near "price in the last year" "$(fmean "$d" A price 2028-01 2028-12)" "$p" "1e-6 * $p"
# the own-price elasticity at the fixed point: -p / (p - c)
near "own_price_elasticity in 2028" "$(col "$d" own_price_elasticity 2028-01 2028-12)" "$(calc "-$p / ($p - 1)")" 1e-5
P=$(calc "exp(2.5 - $p) / (1 + exp(2.5 - $p))")
near "adoption in the last two years" "$(col "$d" adoption 2027-01 2028-12)" "$P" "$(se4 "$P" "$N * 24 * $R")"
end

# ---- identical families, one vendor with two products ----------------------

# identical.cfg at its fixed prices: V_a = V_b = 0.5, V_e = 0, V_c = V_d = 1.375
# shares among buyers: e^V / sum e^V; outside 1 / (1 + sum e^V)
begin "two identical families get equal shares, each the closed-form logit share (closed and open pairs)"
run id identical
den=$(calc "2 * exp(0.5) + exp(0) + 2 * exp(1.375)")
adopt "$work/id" "$den"
for f in A:0.5 B:0.5 E:0 C:1.375 D:1.375; do
    s=$(calc "exp(${f#*:}) / $den")
    near "developer_share of ${f%%:*}" "$(fmean "$d" "${f%%:*}" developer_share)" "$s" "$(se4 "$s" "$nb")"
    near "token_share of ${f%%:*}" "$(fmean "$d" "${f%%:*}" token_share)" "$s" "$(se4 "$s" "$nb")"
done
# the two identical options against each other: the difference of two shares
# has variance (s_a + s_b - (s_a - s_b)^2) / n, about 2 s / n
s=$(calc "exp(0.5) / $den")
near "A - B" "$(calc "$(fmean "$d" A developer_share) - $(fmean "$d" B developer_share)")" 0 "$(calc "4 * sqrt(2 * $s / ($nb))")"
s=$(calc "exp(1.375) / $den")
near "C - D" "$(calc "$(fmean "$d" C developer_share) - $(fmean "$d" D developer_share)")" 0 "$(calc "4 * sqrt(2 * $s / ($nb))")"
near "consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + $den)")" 1e-6
end

# nested logit (lambda = 0.3): nests closed {a, b, e} and open {c, d}
# D_g = sum exp(V / lambda); P_j = exp(V_j / lambda) / D_g x D_g^lambda / (1 + sum_g D_g^lambda)
begin "nested logit at lambda = 0.3 and 0.05: shares and surplus are the closed-form nested logit's"
for lam in 0.3 0.05; do
    run "idn$lam" identical -s market.nesting=$lam
    Dc=$(calc "2 * exp(0.5 / $lam) + exp(0)")
    Do=$(calc "2 * exp(1.375 / $lam)")
    den=$(calc "exp($lam * log($Dc)) + exp($lam * log($Do))")
    adopt "$work/idn$lam" "$den"
    for f in A:0.5:$Dc B:0.5:$Dc E:0:$Dc C:1.375:$Do D:1.375:$Do; do
        IFS=: read -r k v g <<<"$f"
        s=$(calc "exp($v / $lam) / $g * exp($lam * log($g)) / $den")
        near "lambda $lam: developer_share of $k" "$(fmean "$d" "$k" developer_share)" "$s" "$(se4 "$s" "$nb")"
    done
    near "lambda $lam: consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + $den)")" 1e-6
done
end

# Bertrand: vendor V sells a and b, vendor W sells e.  At the fixed point every
# product of V carries 1 / (alpha (1 - S_V)), e carries 1 / (alpha (1 - s_e)),
# the shares at the fixed point's prices (Anderson, de Palma and Thisse 1992).
BERTRAND=(-s families.a.pricing=bertrand -s families.b.pricing=bertrand -s families.e.pricing=bertrand)
# Nested (section 3.5.1 of docs/model.md; Train 2009, ch. 4), every product of V
# carries 1 / (alpha (1/lambda - (1/lambda - 1) S_V|nest - S_V)), S_V|nest its share
# of the closed nest; at lambda = 1 that is 1 / (alpha (1 - S_V)).  At lambda = 0.05
# with the scenario's price adjustment of 0.5 the monthly iteration cycles
# (docs/model.md section 9); at 0.3, the baseline's, it converges.
begin "multiproduct Bertrand: vendor V's two products carry the same markup 1 / (alpha (1 - S_V)), e its own; nested at lambda 0.3 and 0.05 too"
for lp in 1:0.5 0.3:0.5 0.05:0.3; do
    lam=${lp%:*}
    run "idb$lam" identical "${BERTRAND[@]}" -s market.nesting=$lam -s supply.price_adjustment=${lp#*:}
    d=$work/idb$lam
    pa=$(fmean "$d" A price 2028-12)
    pb=$(fmean "$d" B price 2028-12)
    pe=$(fmean "$d" E price 2028-12)
    il=$(calc "1 / $lam")
    ea=$(calc "exp((2.5 - $pa) / $lam)")
    eb=$(calc "exp((2.5 - $pb) / $lam)")
    ee=$(calc "exp((3 - $pe) / $lam)")
    Dc=$(calc "$ea + $eb + $ee")
    Do=$(calc "2 * exp(1.375 / $lam)")
    den=$(calc "1 + exp($lam * log($Dc)) + exp($lam * log($Do))")
    Sn=$(calc "exp($lam * log($Dc)) / $den")
    SV=$(calc "($ea + $eb) / $Dc * $Sn")
    se=$(calc "$ee / $Dc * $Sn")
    near "lambda $lam: markup of A" "$(calc "$pa - 1")" "$(calc "1 / ($il - ($il - 1) * $SV / $Sn - $SV)")" 1e-6
    near "lambda $lam: markup of B" "$(calc "$pb - 1")" "$(calc "1 / ($il - ($il - 1) * $SV / $Sn - $SV)")" 1e-6
    near "lambda $lam: markup of E" "$(calc "$pe - 1.5")" "$(calc "1 / ($il - ($il - 1) * $se / $Sn - $se)")" 1e-6
done
# the plain logit: a single-product firm's markup would be lower; the multiproduct one is not it
d=$work/idb1
pa=$(fmean "$d" A price 2028-12)
sa=$(calc "exp(2.5 - $pa) / (1 + exp(2.5 - $pa) + exp(2.5 - $(fmean "$d" B price 2028-12)) + exp(3 - $(fmean "$d" E price 2028-12)) + 2 * exp(1.375))")
gap=$(calc "($pa - 1) - 1 / (1 - $sa)")
awk -v x="$gap" 'BEGIN { exit !(x > 0.05) }' || bad "A's markup is not above the single-product one (difference $gap)"
end

# the counterfactual without open models (identical_no_open.cfg): the surplus
# gain is the change in log-sums, 12 months x ln((1 + sum e^V) / (1 + sum_closed e^V))
# (USD bn a year; exact, from log-sums); the spend saving is sampled: a
# month's spend (potential 1e6 Mtok) is the mean over N agents of the price
# each pays (0 outside), variance sum P p^2 - (sum P p)^2, so a year's total
# over R replications has standard error sqrt(12 var / (N R)) / 1e3; the two
# worlds share their random numbers, so 4 x (SE + SE_cf) is generous
begin "open models' value against the counterfactual without them: cf_surplus_gain_busd is the log-sum change, cf_spend_savings_busd the closed-form spend change"
"$OSS_SIM" -q --no-plot --no-reference -o "$work/cf" -s counterfactual=identical_no_open.cfg "$O/identical.cfg" 2>"$work/cf.err" ||
    bad "exit $?: $(head -c 400 "$work/cf.err")"
d=$work/cf
cfv() { awk -F, -v m="$1" '$1 == m { print $2 }' "$d/summary.csv"; }
e5=$(calc "exp(0.5)")
e1=$(calc "exp(1.375)")
near "cf_surplus_gain_busd" "$(cfv cf_surplus_gain_busd)" "$(calc "12 * log((2 + 2 * $e5 + 2 * $e1) / (2 + 2 * $e5)) / 1e3")" 1e-9
sp=$(calc "(4 * $e5 + 3 + 1.25 * $e1) / (2 + 2 * $e5 + 2 * $e1)")
sq=$(calc "(8 * $e5 + 9 + 2 * $e1 * 0.390625) / (2 + 2 * $e5 + 2 * $e1)")
cp=$(calc "(4 * $e5 + 3) / (2 + 2 * $e5)")
cq=$(calc "(8 * $e5 + 9) / (2 + 2 * $e5)")
tol=$(calc "4 * (sqrt(12 * ($sq - $sp * $sp) / ($N * $R)) + sqrt(12 * ($cq - $cp * $cp) / ($N * $R))) / 1e3")
near "cf_spend_savings_busd" "$(cfv cf_spend_savings_busd)" "$(calc "12 * ($cp - $sp) / 1e3")" "$tol"
end

# utils to dollars (Train 2009, ch. 3: only V's differences matter, and 1 / alpha
# converts utils to USD): halving alpha and doubling every price and cost leaves
# every utility, so every choice, as it was (the same random numbers), and
# doubles every price, cost and amount of money.  Halving and doubling are exact
# in binary floating point, so shares must be equal as printed and money within
# the 10 printed digits.
begin "utils to dollars: alpha / 2 with every price and cost x 2 leaves the choices and doubles prices, spend and surplus (Bertrand too)"
run money1 identical "${BERTRAND[@]}"
run money2 identical "${BERTRAND[@]}" -s agents.alpha.mean=0.5 -s families.a.cost=2 -s families.a.price=4 \
    -s families.b.cost=2 -s families.b.price=4 -s families.e.cost=3 -s families.e.price=6 -s families.c.cost=1 -s families.d.cost=1
v=$(paste -d, "$work/money1/families.csv" "$work/money2/families.csv" | awk -F, 'NR > 1 {
        if ($10 != $24 || $11 != $25) { print $1 " " $2 ": shares " $10 "/" $11 " against " $24 "/" $25; exit }
        for (i = 7; i <= 14; i++) if (i != 8 && i != 10 && i != 11) { d = $(i + 14) - 2 * $i; if (d < 0) d = -d
            if (d > 1e-9 * (2 * ($i < 0 ? -$i : $i)) + 1e-12) { print $1 " " $2 " column " i ": " $i " then " $(i + 14); exit } } }')
[ -z "$v" ] || bad "families.csv: $v"
for c in tokens_t adoption own_price_elasticity; do
    near "$c" "$(col "$work/money2" "$c")" "$(col "$work/money1" "$c")" 0
done
for c in spend_musd consumer_surplus_musd avg_price; do
    a=$(col "$work/money1" "$c")
    near "$c doubled" "$(col "$work/money2" "$c")" "$(calc "2 * $a")" "$(calc "1e-9 * 2 * $a")"
done
end

# ---- degenerate agents and frictions ---------------------------------------

begin "nobody reviews (review probability 0): the month-0 choices hold, developer shares and surplus are frozen"
run frozen identical -s frictions.inertia=true -s agents.review.mean=0
d=$work/frozen
v=$(awk -F, 'NR > 1 { k = $2 FS $6; if (k in s && s[k] != $11) print $1 ": " $2 " " s[k] " -> " $11; s[k] = $11 }' "$d/families.csv" | head -3)
[ -z "$v" ] || bad "developer shares moved: $v"
v=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "consumer_surplus_musd") k = i; if ($i == "review_share") r = i }; next }
    NR == 2 { s = $k; if ($r != 1) print "review_share " $r " in the first month"; next }
    ($k - s > 1e-6 * s || s - $k > 1e-6 * s) { print $1 ": surplus " s " -> " $k }
    $r != 0 { print $1 ": review_share " $r }' "$d/timeseries.csv" | head -3)
[ -z "$v" ] || bad "$v"
den=$(calc "2 * exp(0.5) + exp(0) + 2 * exp(1.375)")
near "surplus: the month-0 log-sum" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + $den)")" 1e-6
end

# one family, switching cost s = 1, everyone reviewing every month: a two-state
# Markov chain (Train 2009, ch. 3: the logit with the current option's utility
# raised by s).  From "buy", P(buy) = e^V / (e^V + e^-s); from "out",
# e^(V-s) / (e^(V-s) + 1); the stationary adoption is
# pi = P(buy|out) / (P(buy|out) + 1 - P(buy|buy)), and a month's surplus is the
# log-sum from each state, pi ln(e^V + e^-s) + (1 - pi) ln(e^(V-s) + 1).
# Tolerance: an agent's state is a chain with autocorrelation
# rho = P(buy|buy) - P(buy|out), so its mean over M months has variance
# pi (1 - pi) (1 + rho) / ((1 - rho) M), over N agents and R replications; 4 SE.
# Months from 2026 (the chain has forgotten the first choice, made with no cost).
begin "switching costs: adoption is the stationary share of the two-state chain, surplus its expected log-sum"
run switch one_family -s families.a.pricing=fixed -s frictions.switching_cost=true -s agents.switching_cost.mean=1
d=$work/switch
pbb=$(calc "exp(0.5) / (exp(0.5) + exp(-1))")
pbo=$(calc "exp(-0.5) / (exp(-0.5) + 1)")
pi=$(calc "$pbo / ($pbo + 1 - $pbb)")
rho=$(calc "$pbb - $pbo")
M=$(awk -F, 'NR > 1 && $1 >= "2026-01"' "$d/timeseries.csv" | wc -l)
se=$(calc "sqrt($pi * (1 - $pi) * (1 + $rho) / ((1 - $rho) * $M * $N * $R))")
near "adoption from 2026" "$(col "$d" adoption 2026-01)" "$pi" "$(calc "4 * $se")"
ls1=$(calc "log(exp(0.5) + exp(-1))")
ls0=$(calc "log(exp(-0.5) + 1)")
near "consumer_surplus_musd from 2026" "$(col "$d" consumer_surplus_musd 2026-01)" "$(calc "$pi * $ls1 + (1 - $pi) * $ls0")" \
    "$(calc "4 * $se * ($ls1 - $ls0)")"
end

# inertia: each agent reviews with probability rho a month, independently
# (geometric waiting times).  From 2026-01 a 50% tariff raises the price every
# agent (all in the EU) pays from 2 to 3; an agent that has not reviewed since
# keeps its choice, so k months after the change adoption is
# P(3) + (P(2) - P(3)) (1 - rho)^(k + 1).  rho = 1 - e^-0.5 makes the stored
# wait 1 / ln(1 - rho) = -2 exact in its 16 bits (docs/model.md 3.7).
# Tolerance: 4 binomial SE of a month's adoption over N R agents; the share of
# reviewers over every agent-month after the first, 4 SE of N M R draws.
begin "inertia: after a price rise adoption moves to the new logit share geometrically, at the review probability rho"
rho=0.3934693402873666
run inertia one_family -s families.a.pricing=fixed -s frictions.inertia=true -s agents.review.mean=$rho \
    -s agents.regions.US=0 -s agents.regions.EU=1 -s agents.regions.CN=0 -s agents.regions.ROW=0 \
    -s policy.tariff.imposer=EU -s policy.tariff.rate=0.5 -s policy.tariff.start=2026-01
d=$work/inertia
p2=$(calc "exp(0.5) / (1 + exp(0.5))")
p3=$(calc "exp(-0.5) / (1 + exp(-0.5))")
near "adoption in 2025-12" "$(col "$d" adoption 2025-12 2025-12)" "$p2" "$(se4 "$p2" "$N * $R")"
for k in 0 1 2 3 4 5; do
    m=2026-0$((k + 1))
    p=$(calc "$p3 + ($p2 - $p3) * (1 - $rho)^($k + 1)")
    near "adoption in $m" "$(col "$d" adoption $m $m)" "$p" "$(se4 "$p" "$N * $R")"
done
M=$(awk -F, 'NR > 2' "$d/timeseries.csv" | wc -l)
near "review_share after the first month" "$(col "$d" review_share 2025-02)" "$rho" "$(se4 "$rho" "$N * $M * $R")"
end

begin "review probability 1 with inertia on gives the files of inertia off, byte for byte"
run rev1 identical -s frictions.inertia=true -s agents.review.mean=1
for f in timeseries.csv families.csv summary.csv; do
    cmp -s "$work/rev1/$f" "$work/id/$f" || bad "$f differs from the run with inertia off"
done
end

begin "review probability 1e-300 is review probability 0: the same files, byte for byte"
run rev300 identical -s frictions.inertia=true -s agents.review.mean=1e-300
for f in timeseries.csv families.csv summary.csv; do
    cmp -s "$work/rev300/$f" "$work/frozen/$f" || bad "$f differs from the run with review probability 0"
done
end

# nobody reviews, and from 2026-01 US agents pay a 50% tariff on the EU family e:
# their choices hold, so their surplus falls by exactly what they pay more
# (with fixed volumes, d CS / d p = - tokens: Small and Rosen)
begin "a tariff on locked-in buyers: the fall in surplus equals the rise in spend, to the dollar"
run tariff identical -s frictions.inertia=true -s agents.review.mean=0 -s policy.tariff.rate=0.5 -s policy.tariff.start=2026-01
d=$work/tariff
dcs=$(calc "$(col "$d" consumer_surplus_musd 2026-01 2026-01) - $(col "$d" consumer_surplus_musd 2025-12 2025-12)")
dsp=$(calc "$(col "$d" spend_musd 2026-01 2026-01) - $(col "$d" spend_musd 2025-12 2025-12)")
awk -v x="$dsp" 'BEGIN { exit !(x > 0.01) }' || bad "the tariff raised spend by only $dsp"
near "surplus change + spend change" "$(calc "$dcs + $dsp")" 0 1e-6
end

# c at quality 125 and price 0.625 dominates every closed family (Nagle and Yue):
# savings = sum over closed h of tokens_h (p_h - p_c), tokens_h = revenue_h / p_h
begin "latent reallocation: an open family better and cheaper than every closed one saves sum tokens_h (p_h - p_c)"
run latent identical -r 1 -s families.c.quality=125   # one replication: the CSVs hold means over replications, and a mean of ratios is not a ratio of means
d=$work/latent
sav=$(awk -F, '$1 == "2025-06" && $5 == "closed" { s += $12 / $7 * ($7 - 0.625) } END { printf "%.12g", s }' "$d/families.csv")
near "latent_savings_musd in 2025-06" "$(col "$d" latent_savings_musd 2025-06 2025-06)" "$sav" "1e-8 + 1e-8 * $sav"
rev=$(col "$d" revenue_musd 2025-06 2025-06)
near "latent_price_cut_pct in 2025-06" "$(col "$d" latent_price_cut_pct 2025-06 2025-06)" "$(calc "100 * $sav / $rev")" 1e-6
end

begin "price sensitivity near zero (alpha = 1e-9): shares ignore price, surplus is the log-sum over alpha"
run alpha0 identical -s agents.alpha.mean=1e-9
# V without the price term: a, b 2.5; e 3; c, d 0.25 x 6 + 0.5 = 2
den=$(calc "2 * exp(2.5) + exp(3) + 2 * exp(2)")
adopt "$work/alpha0" "$den"
for f in A:2.5 E:3 C:2; do
    s=$(calc "exp(${f#*:}) / $den")
    near "developer_share of ${f%%:*}" "$(fmean "$d" "${f%%:*}" developer_share)" "$s" "$(se4 "$s" "$nb")"
done
# (potential / 1e6) x LS / alpha; the price term moves LS by about 1e-9, alpha
# is stored in single precision (2^-24 relative)
ls=$(calc "log(1 + $den)")
near "consumer_surplus_musd / 1e9" "$(calc "$(col "$d" consumer_surplus_musd) / 1e9")" "$ls" "$(calc "1e-6 * $ls")"
end

begin "every open family removed (supply.open_weights = false): the logit over the closed families, no open tokens"
run noopen identical -s supply.open_weights=false
den=$(calc "2 * exp(0.5) + exp(0)")
adopt "$work/noopen" "$den"
s=$(calc "exp(0.5) / $den")
near "developer_share of A" "$(fmean "$d" A developer_share)" "$s" "$(se4 "$s" "$nb")"
near "open_token_share" "$(col "$d" open_token_share)" 0 0
near "closed_revenue_share" "$(col "$d" closed_revenue_share)" 1 1e-12
grep -q ',C,' "$d/families.csv" && bad "families.csv still has the open family C"
near "consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + $den)")" 1e-6
end

begin "no closed family (open_only.cfg): the logit over the open families, every token open, no closed revenue"
run openonly open_only
den=$(calc "2 * exp(1.375)")
adopt "$work/openonly" "$den"
near "open_token_share" "$(col "$d" open_token_share)" 1 1e-12
near "closed_revenue_share" "$(col "$d" closed_revenue_share)" 0 0
near "consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + $den)")" 1e-6
end

begin "one agent: every month it uses one option or none (adoption 0 or 1), shares sum to one, surplus is still the log-sum"
run one_agent identical -s agents.count=1 -r 1
d=$work/one_agent
v=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "adoption") k = i; next }
    $k != 0 && $k != 1 { print $1 ": adoption " $k }' "$d/timeseries.csv" | head -3)
[ -z "$v" ] || bad "$v"
v=$(awk -F, 'NR > 1 { s[$1] += $10 } END { for (m in s) if (s[m] != 0 && (s[m] - 1 > 1e-9 || 1 - s[m] > 1e-9)) print m ": token shares sum to " s[m] }' "$d/families.csv" | head -3)
[ -z "$v" ] || bad "$v"
den=$(calc "2 * exp(0.5) + exp(0) + 2 * exp(1.375)")
near "consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + $den)")" 1e-6
end

# ---- the intensive margin ---------------------------------------------------

# one_family.cfg at price 2 with eps: tokens per unit volume x = (p / p_ref)^eps,
# price term C(p) = p_ref (((p / p_ref)^(1 + eps) - 1) / (1 + eps) + 1), p_ref = 1
begin "volume elasticity 0 and -3: tokens are adoption x potential x (p / p_ref)^eps, spend = price x tokens"
for eps in 0 -3; do
    run "vol$eps" one_family -s families.a.pricing=fixed -s market.volume_elasticity=$eps
    d=$work/vol$eps
    x=$(calc "exp($eps * log(2))")
    near "eps $eps: tokens_t / (adoption x potential x)" "$(calc "$(col "$d" tokens_t) / ($(col "$d" adoption) * $x)")" 1 1e-9
    near "eps $eps: spend_musd / (price x tokens_t)" "$(calc "$(col "$d" spend_musd) / (2 * $(col "$d" tokens_t))")" 1 1e-9
done
C=$(calc "(exp(-2 * log(2)) - 1) / -2 + 1")
d=$work/vol-3
M=$(nmonths "$d")
P=$(calc "exp(2.5 - $C) / (1 + exp(2.5 - $C))")
near "eps -3: adoption is the logit with C(p) as the price" "$(col "$d" adoption)" "$P" "$(se4 "$P" "$N * $M * $R")"
near "eps -3: consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + exp(2.5 - $C))")" 1e-6
end

# C(p) at eps = -1 is p_ref (ln(p / p_ref) + 1), the limit of the general form;
# next to -1 the general form's r^(1 + eps) - 1 is a difference of nearly equal
# numbers, so its digits must not be lost (closed form: ln 5 + 1 at p = 5)
begin "volume elasticity -1 and next to it (1e-16, 1e-13 away): surplus and tokens are the closed form's with C(p) = ln(p) + 1"
C=$(calc "log(5) + 1")
for eps in -1 -0.9999999999999999 -1.0000000000001; do
    run "vol1$eps" one_family -s families.a.pricing=fixed -s families.a.price=5 -s market.volume_elasticity=$eps
    d=$work/vol1$eps
    near "eps $eps: consumer_surplus_musd" "$(col "$d" consumer_surplus_musd)" "$(calc "log(1 + exp(2.5 - $C))")" 1e-6
done
M=$(nmonths "$d")
P=$(calc "exp(2.5 - $C) / (1 + exp(2.5 - $C))")
near "eps -1.0000000000001: adoption" "$(col "$d" adoption)" "$P" "$(se4 "$P" "$N * $M * $R")"
end

begin "volume elasticity -3, Bertrand: the markup is 1 / (alpha x (1 - s) - eps / p)"
run volb one_family -s market.volume_elasticity=-3
d=$work/volb
p=$(fmean "$d" A price 2028-12)
x=$(calc "exp(-3 * log($p))")
C=$(calc "(exp(-2 * log($p)) - 1) / -2 + 1")
s=$(calc "exp(2.5 - $C) / (1 + exp(2.5 - $C))")
near "markup" "$(calc "$p - 1")" "$(calc "1 / ($x * (1 - $s) + 3 / $p)")" 1e-6
end

# ---- a lever at zero strength is no lever -----------------------------------

begin "each policy lever at zero strength gives the baseline's files byte for byte (sanctions, tariff, support, export controls, trust shock, restriction)"
BASE=(-r 2 -s agents.count=2000 -s horizon.end=2025-12)
"$OSS_SIM" "${RUN[@]}" "${BASE[@]}" -o "$work/zero" "$root/scenarios/baseline.cfg" 2>"$work/zero.err" ||
    bad "the baseline: exit $?: $(head -c 300 "$work/zero.err")"
i=0
for lever in "policy.sanctions.compliance=0" "policy.tariff.rate=0" \
    "policy.open_support.subsidy=0 policy.open_support.lag_reduction=0" "policy.export_controls.strength=0" \
    "policy.export_controls.growth_penalty=0 policy.export_controls.cost_penalty=0" "policy.trust_shock.size=0" \
    "policy.open_restriction.delay=0 policy.open_restriction.compliance_cost=0"; do
    i=$((i + 1))
    args=()
    for kv in $lever; do args+=(-s "$kv"); done
    "$OSS_SIM" "${RUN[@]}" "${BASE[@]}" "${args[@]}" -o "$work/zero$i" "$root/scenarios/baseline.cfg" 2>"$work/zero$i.err" ||
        bad "$lever: exit $?: $(head -c 300 "$work/zero$i.err")"
    for f in timeseries.csv families.csv summary.csv; do
        cmp -s "$work/zero/$f" "$work/zero$i/$f" || bad "$lever: $f differs from the baseline's"
    done
done
end

# ---- extreme inputs: run finite, or refuse naming the key ------------------

# finite DIR: no nan or inf in the means of timeseries.csv's columns that are
# defined in every month (tokens, spend, revenue, surplus, hhi), in
# families.csv's prices, costs, qualities and money columns
finite() {
    awk -F, 'FNR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
        FILENAME ~ /timeseries/ { for (i = 2; i <= NF; i++) if (h[i] ~ /^(tokens_t|spend_musd|revenue_musd|consumer_surplus_musd|hhi)$/ && tolower($i) ~ /nan|inf/) { print FILENAME ": " $1 " " h[i] " " $i; exit } }
        FILENAME ~ /families/ { for (i = 7; i <= NF; i++) if (tolower($i) ~ /nan|inf/) { print "families.csv: " $1 " " $2 " " h[i] " " $i; exit } }' \
        "$1/timeseries.csv" "$1/families.csv"
}

begin "every agent's volume a constant 0 is refused before the run, naming agents.volume.mean (exit 2)"
"$OSS_SIM" "${RUN[@]}" -o "$work/vz" -s agents.volume.dist=constant -s agents.volume.mean=0 "$O/one_family.cfg" 2>"$work/vz.err"
st=$?
[ "$st" = 2 ] || bad "exit $st, expected 2"
grep -q "agents.volume.mean: every agent's token volume would be 0" "$work/vz.err" || bad "message: $(cat "$work/vz.err")"
[ ! -e "$work/vz" ] || bad "wrote $work/vz"
end

# one agent whose normal volume (mean 0.01, sd 1, clipped at 0) is drawn 0 with seed 3
begin "a world whose agents all drew a volume of 0 stops saying so, naming agents.volume (exit 1), not as an overflow"
"$OSS_SIM" "${RUN[@]}" -o "$work/vd" --seed 3 -r 1 -s agents.count=1 -s agents.volume.dist=normal \
    -s agents.volume.mean=0.01 -s agents.volume.sd=1 "$O/one_family.cfg" 2>"$work/vd.err"
st=$?
[ "$st" = 1 ] || bad "exit $st, expected 1"
grep -q "replication 0: every agent drew a token volume of 0.*agents.volume" "$work/vd.err" || bad "message: $(cat "$work/vd.err")"
grep -q overflow "$work/vd.err" && bad "called an overflow: $(cat "$work/vd.err")"
end

report
