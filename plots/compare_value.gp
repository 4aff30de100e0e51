# compare_value.gp - what open-weight models are worth to buyers, scenario by
# scenario (compare.csv, written by oss-sim compare).  Left, in USD bn a
# year: the consumer surplus gained and the spend saved against each
# scenario's own counterfactual, and the Nagle-Yue latent savings; right, in
# %: the price cut against the counterfactual and the latent price cut.
# Bars are means over the runs, whiskers their 95% CIs.  A scenario without
# a counterfactual (no_open) has only the latent bars.  The bars take the
# colour of open-weight models: full for the surplus, a tint for spend and
# price, outlined for the latent measures.
# Usage: gnuplot -c plots/compare_value.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "compare_value"
chart_title = "What open-weight models are worth to buyers"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/compare.csv"
set label 102 sprintf("Each of %d scenarios against its own counterfactual; reference %s", n_scen, reference)
# the scenarios in the file's order (the reference first), and those with a counterfactual
scen = system(sprintf("awk -F, 'NR > 1 && !seen[$1]++ { printf \"%%s \", $1 }' '%s'", f))
with_cf = " " . system(sprintf("awk -F, '$2 == \"cf_surplus_gain_busd\" { printf \"%%s \", $1 }' '%s'", f))
N = words(scen)
row(s) = sum [i=1:N] ((word(scen, i) eq s) ? i : 0)
no_cf(s) = (strstrt(with_cf, " " . s . " ") == 0)
set ytics scale 0 font f_small
set ytics ()
do for [i=1:N] {
    s = word(scen, i)
    set ytics add (((i == 1) ? s . " (reference)" : s) i)
}
# metric m's column c (3 mean, 5 CI low, 6 CI high) on its rows, else undefined
v(m, c) = (strstrt(strcol(2), m) == 1 && strlen(strcol(2)) == strlen(m)) ? column(c) : 1/0
c_surplus = c_open; c_spend = "#E3B5CF"

set yrange [N + 0.6 : 0.4]
set errorbars small
set grid noytics xtics ls 100
unset mytics
set xtics font f_small nomirror
set yzeroaxis lt -1 lw 1.5 lc rgb c_ink
set tmargin at screen 0.74
set bmargin at screen 0.135
set key off
# the legend, one line under the subtitle
ly = 0.805
set object 11 rect from screen 0.025, ly - 0.014 to screen 0.045, ly + 0.014 fc rgb c_surplus fs solid 1 border lc rgb c_ink
set label 11 "surplus gained" at screen 0.052, ly left font f_small
set object 12 rect from screen 0.25, ly - 0.014 to screen 0.27, ly + 0.014 fc rgb c_spend fs solid 1 border lc rgb c_ink
set label 12 "spend saved, price cut" at screen 0.277, ly left font f_small
set object 13 rect from screen 0.57, ly - 0.014 to screen 0.59, ly + 0.014 fs empty border lc rgb c_open lw 2
set label 13 "latent (Nagle-Yue)" at screen 0.597, ly left font f_small
set label 104 "savings (USD bn per year)" at graph 0, screen 0.76 left font f_small
set label 106 "price cut (%)" at screen 0.72, screen 0.76 left font f_small

has_cf = (words(with_cf) > 0)
has_ci = has_data(f, "ci95_lo")
if (!has_cf) {
    set label 102 sprintf("%d scenarios without counterfactuals: latent measures only; reference %s", n_scen, reference)
    unset object 11; unset label 11; unset object 12; unset label 12
}
# a bar of metric m at the rows' offset dy, half-height hh, in fill style fs;
# its whisker
bar(m, dy, hh, fs) = sprintf("f u (v('%s', 3) / 2):(row(strcol(1)) + %g):(abs(v('%s', 3)) / 2):(%g) w boxxyerror %s", m, dy, m, hh, fs)
whisker(m, dy) = sprintf("f u (v('%s', 3)):(row(strcol(1)) + %g):(v('%s', 5)):(v('%s', 6)) w xerrorbars pt -1 lw 2 lc rgb c_ink", m, dy, m, m)
fs_surplus = "fs solid 1 border lc rgb c_ink fc rgb c_surplus"
fs_spend = "fs solid 1 border lc rgb c_ink fc rgb c_spend"
fs_latent = "fs empty border lc rgb c_open lw 2 lc rgb c_open"
part(s) = s . ", "

set multiplot
set lmargin at screen 0.31
set rmargin at screen 0.67
h = 0.26
cmd = ""
if (has_cf) {
    cmd = cmd . part(bar("cf_surplus_gain_busd", -h, h / 2, fs_surplus)) . part(bar("cf_spend_savings_busd", 0, h / 2, fs_spend))
    if (has_ci) { cmd = cmd . part(whisker("cf_surplus_gain_busd", -h)) . part(whisker("cf_spend_savings_busd", 0)) }
}
cmd = cmd . part(bar("latent_savings_busd", h, h / 2, fs_latent))
if (has_ci) { cmd = cmd . part(whisker("latent_savings_busd", h)) }
if (words(with_cf) < N) {
    cmd = cmd . part("f u (v('latent_savings_busd', 3) * 0):(no_cf(strcol(1)) ? row(strcol(1)) - h / 2 : 1/0):('no counterfactual') w labels left offset 0.5, 0 font f_small tc rgb c_muted")
}
eval "plot " . cmd[1:strlen(cmd) - 2]
# the second panel, the price cuts; the page's texts, drawn once, are cleared
unset label
unset object
unset ytics
set lmargin at screen 0.72
set rmargin at screen 0.97
set xtics 20
h2 = 0.2
cmd = ""
if (has_cf) {
    cmd = cmd . part(bar("cf_price_cut_pct", -h2, h2 / 2, fs_spend))
    if (has_ci) { cmd = cmd . part(whisker("cf_price_cut_pct", -h2)) }
}
cmd = cmd . part(bar("latent_price_cut_pct", h2, h2 / 2, fs_latent))
if (has_ci) { cmd = cmd . part(whisker("latent_price_cut_pct", h2)) }
eval "plot " . cmd[1:strlen(cmd) - 2]
unset multiplot
