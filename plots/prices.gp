# prices.gp - the average price paid per million tokens over time, log scale
# (timeseries.csv).  With a counterfactual (the cf_avg_price columns): the
# scenario against it, each with its 95% CI ribbon (two runs or more).
# Without one: the scenario's average with its ribbon, and the averages over
# closed and over open-weight models alone.
# An ensemble run (--ensemble K) adds the scenario's 90% interval over
# posterior draws as a second, lighter ribbon (parameter uncertainty).
# Usage: gnuplot -c plots/prices.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "prices"
chart_title = "What buyers pay: average price per million tokens"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/timeseries.csv"
has_cf = has_data(f, "cf_avg_price")
has_ci = has_data(f, "avg_price_ci95_lo")
has_pi = has_data(f, "avg_price_pi90_lo")
has_open = !has_cf && has_data(f, "avg_price_open")
cf_name = system(sprintf("sed -n 's/^counterfactual: //p' '%s' 2>/dev/null | sed 's|.*/||; s|\\.cfg$||'", man))
# a policy scenario (one with a reference) is named, not called "with open-weight models"
has_ref = (reference ne "" && reference ne "none")
sc_title = has_ref ? sprintf("scenario %s (with its policy)", scenario) : "with open-weight models (scenario)"
cf_title = (cf_name eq "no_open") ? "without open-weight models (counterfactual)" : sprintf("counterfactual %s", cf_name)

# the y range: every line and ribbon drawn, widened a little
lo = 1e30; hi = 0
array cols[8] = ["avg_price", "avg_price_ci95_lo", "avg_price_ci95_hi", "cf_avg_price_ci95_lo", "cf_avg_price_ci95_hi", "avg_price_open", "avg_price_pi90_lo", "avg_price_pi90_hi"]
array use[8] = [1, has_ci, has_ci, has_cf && has_ci, has_cf && has_ci, has_open, has_pi, has_pi]
do for [i=1:8] {
    if (use[i]) {
        stats f u (column(cols[i])) nooutput
        lo = (STATS_min < lo) ? STATS_min : lo
        hi = (STATS_max > hi) ? STATS_max : hi
    }
}
if (has_cf) { stats f u (column("cf_avg_price")) nooutput; lo = (STATS_min < lo) ? STATS_min : lo; hi = (STATS_max > hi) ? STATS_max : hi }
if (!has_cf) { stats f u (column("avg_price_closed")) nooutput; lo = (STATS_min < lo) ? STATS_min : lo; hi = (STATS_max > hi) ? STATS_max : hi }
lo = (lo > 0) ? lo : hi / 100
# the lines take the lower two thirds of the plot, the key the top third;
# a key of more than three entries (no counterfactual: all, closed, open,
# the ribbon) a tenth more for each
nkey = has_cf ? 2 + has_ci + has_pi : 2 + has_open + has_ci + has_pi
frac = (nkey <= 3) ? 0.66 : 0.66 - 0.1 * (nkey - 3)
pad = (hi / lo) ** 0.05
top = lo / pad * (hi / (lo / pad)) ** (1 / frac)
set logscale y
set yrange [lo / pad : top]
eval log_tics("y", lo / pad, top)
@time_axis
set label 104 "USD per million tokens (log scale)"
set key inside top left width -2
set style fill transparent solid 0.2 noborder
# the plot, built from the parts this run has
part(s) = s . ", "
cmd = ""
pi_lc = has_cf ? "c_closed" : "c_muted"
if (has_pi) { cmd = cmd . part("f u 1:(column('avg_price_pi90_lo')):(column('avg_price_pi90_hi')) w filledcurves lc rgb " . pi_lc . " fs transparent solid 0.08 notitle") }
if (has_cf) {
    if (has_ci) { cmd = cmd . part("f u 1:(column('cf_avg_price_ci95_lo')):(column('cf_avg_price_ci95_hi')) w filledcurves lc rgb c_muted notitle") }
    if (has_ci) { cmd = cmd . part("f u 1:(column('avg_price_ci95_lo')):(column('avg_price_ci95_hi')) w filledcurves lc rgb c_closed notitle") }
    cmd = cmd . part("f u 1:(column('cf_avg_price')) w l lw 5 dt (6,3) lc rgb c_muted t cf_title")
    cmd = cmd . part("f u 1:(column('avg_price')) w l lw 5 lc rgb c_closed t sc_title")
} else {
    if (has_ci) { cmd = cmd . part("f u 1:(column('avg_price_ci95_lo')):(column('avg_price_ci95_hi')) w filledcurves lc rgb c_muted notitle") }
    cmd = cmd . part("f u 1:(column('avg_price')) w l lw 5 lc rgb c_muted t 'all models'")
    cmd = cmd . part("f u 1:(column('avg_price_closed')) w l lw 3 lc rgb c_closed t 'closed models'")
    if (has_open) { cmd = cmd . part("f u 1:(column('avg_price_open')) w l lw 3 lc rgb c_open t 'open-weight models'") }
}
# the ribbons' entry in the key
if (has_ci) { cmd = cmd . part("NaN w filledcurves lc rgb c_muted t (has_pi ? 'Monte Carlo 95% CI of the mean' : '95% confidence interval of the mean')") }
if (has_pi) { cmd = cmd . part("NaN w filledcurves lc rgb c_muted fs transparent solid 0.08 t 'parameter uncertainty: 90% of posterior draws'") }
eval "plot " . cmd[1:strlen(cmd) - 2]
