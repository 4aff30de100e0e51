# compare.gp - what each policy does, scenario by scenario (compare.csv,
# written by oss-sim compare): each scenario minus the reference (the first
# scenario, normally the world without any new policy), paired on common
# random numbers, in the reporting year.  Four panels: the Chinese share of
# tokens and the open-weight share (percentage points), the average price
# paid (USD per million tokens) and consumer surplus (USD bn a year).  Bars
# are the mean differences, whiskers their paired 95% CIs.  What open-weight
# models are worth in each scenario is compare_value.gp's chart.
# Usage: gnuplot -c plots/compare.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "compare"
chart_title = "What each policy does against the reference"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/compare.csv"
set label 102 fit(sprintf("Reporting year, paired on common random numbers; reference: %s", reference), 72)
# the scenarios after the reference, in the file's order
first = system(sprintf("awk -F, 'NR == 2 { print $1 }' '%s'", f))
scen = system(sprintf("awk -F, -v r='%s' 'NR > 1 && $1 != r && !seen[$1]++ { printf \"%%s \", $1 }' '%s'", first, f))
N = words(scen)
if (N == 0) {
    eval no_data("Only the reference: no policy to compare")
    exit
}
row(s) = sum [i=1:N] ((word(scen, i) eq s) ? i : 0)
# metric m's column c on its rows (scaled), else undefined
v(m, c, k) = (strcol(2) eq m && row(strcol(1)) > 0) ? k * column(c) : 1/0
has_ci = has_data(f, "delta_ci95_lo")
array met[4] = ["cn_token_share_mean", "open_token_share_mean", "avg_price_mean", "consumer_surplus_busd"]
array k[4] = [100, 100, 1, 1]
array name[4] = ["Chinese share of tokens (pp)", "Open-weight share (pp)", "Average price (USD/Mtok)", "Consumer surplus (USD bn/yr)"]
array x0[4] = [0.30, 0.665, 0.30, 0.665]
array y1[4] = [0.80, 0.80, 0.47, 0.47]
set multiplot
set yzeroaxis lt -1 lw 1.5 lc rgb c_ink
set grid noytics xtics ls 100
set errorbars small
set key off
unset mytics
h = 0.3
do for [i=1:4] {
    m = met[i]
    # the x range: every bar and whisker, and zero
    lo = 0; hi = 0
    set autoscale x
    set autoscale y
    do for [c in "8 9 10"] {
        if (c eq "8" || has_ci) {
            stats f u (v(m, int(c), k[i])) nooutput
            lo = (STATS_min < lo) ? STATS_min : lo
            hi = (STATS_max > hi) ? STATS_max : hi
        }
    }
    pad = (hi - lo) * 0.08 + 1e-12
    set xrange [lo - pad : hi + pad]
    set yrange [N + 0.6 : 0.4]
    raw = (hi - lo + 2 * pad) / 4
    p10 = 10 ** floor(log10(raw))
    step = (raw / p10 < 1.5) ? p10 : ((raw / p10 < 3.5) ? 2 * p10 : ((raw / p10 < 7.5) ? 5 * p10 : 10 * p10))
    set xtics step font f_small nomirror
    set lmargin at screen x0[i]
    set rmargin at screen x0[i] + 0.3
    set tmargin at screen y1[i] - 0.045
    set bmargin at screen y1[i] - 0.25
    set ytics scale 0 font f_small
    set ytics ()
    if (i == 1 || i == 3) { do for [j=1:N] { set ytics add (word(scen, j) j) } } else { set ytics ("" 1) }
    set label 104 name[i] at screen x0[i], screen y1[i] - 0.02 left font f_small tc rgb c_ink
    if (has_ci) {
        plot f u (v(m, 8, k[i]) / 2):(row(strcol(1))):(abs(v(m, 8, k[i])) / 2):(h) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_band notitle, \
             '' u (v(m, 8, k[i])):(row(strcol(1))):(v(m, 9, k[i])):(v(m, 10, k[i])) w xerrorbars pt -1 lw 2 lc rgb c_ink notitle
    } else {
        plot f u (v(m, 8, k[i]) / 2):(row(strcol(1))):(abs(v(m, 8, k[i])) / 2):(h) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_band notitle
    }
    unset label 101; unset label 102; unset label 103
}
unset multiplot
