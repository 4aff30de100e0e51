# calibration.gp - how well the model meets its calibration targets
# (calibration.csv, written by a run of a scenario file that holds a
# calibration block, such as scenarios/baseline.cfg).  The targets have
# different units, so each is shown as its distance from the target in
# tolerances, (model - target) / tolerance: 0 is on target, and the shaded
# band [-1, 1] is within tolerance.  A dot is the model's mean over the runs,
# its bar the 95% CI; an open dot is a target reported but not fitted
# (weight 0).  Right of the plot: the model's value against the target.
# Usage: gnuplot -c plots/calibration.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "calibration"
chart_title = "Calibration: the model against the published figures"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/calibration.csv"
n = int(system(sprintf("awk 'END { print NR - 1 }' '%s'", f)))
# readable names for the usual targets; any other is shown as it is
nice(m) = \
    m eq "latent_price_cut_pct" ? "latent price cut (Nagle-Yue)" : \
    m eq "latent_savings_busd" ? "latent savings (Nagle-Yue)" : \
    m eq "market_spend_busd" ? "spend on tokens" : \
    m eq "open_token_share_mean" ? "open-weight share of tokens" : \
    m eq "closed_revenue_share_mean" ? "closed models' share of revenue" : \
    m eq "avg_price_closed_mean" ? "price paid, closed models" : \
    m eq "avg_price_open_mean" ? "price paid, open models" : \
    m eq "cn_token_share_start" ? "Chinese share, first month" : \
    m eq "cn_token_share_mean" ? "Chinese share, year mean" : \
    m eq "cn_token_share_peak" ? "Chinese share, peak month" : \
    m eq "cn_token_share_end" ? "Chinese share, last month" : \
    m eq "cn_share_of_open_devs_mean" ? "Chinese share of open devs" : \
    m eq "own_price_elasticity_mean" ? "own-price elasticity" : \
    m eq "own_price_elasticity_open_mean" ? "own-price elasticity, open" : \
    m eq "market_price_elasticity_mean" ? "market price elasticity" : \
    m eq "cf_price_cut_pct" ? "price cut vs counterfactual" : \
    m[1:21] eq "share_of_open_tokens." ? sprintf("%s: share of open tokens", m[22:]) : \
    m eq "open_token_share" ? "open-weight share" : \
    m eq "open_model_share_max" ? "largest open model's share of open" : \
    m eq "cn_token_share" ? "Chinese share" : m
# a quarter metric NAME@YYYYQn: the name's label, then the quarter
at(m) = strstrt(m, "@")
quarter_family(m) = m[1:21] eq "share_of_open_tokens." ? sprintf("%s share of open", m[22:at(m) - 1]) : nice(m[1:at(m) - 1])
named(m) = at(m) > 0 ? sprintf("%s, %s", quarter_family(m), m[at(m) + 1:]) : nice(m)
label(m, w) = (w > 0) ? named(m) : named(m) . " *"
z(x) = (x - column(2)) / column(3)
# the numbers right of the plot; shares in %
numbers(m, x, v, t) = (x != x) ? sprintf("n/a | %.3g ± %.2g", v, t) : (strstrt(m, "share") > 0) ? \
    sprintf("%.3g%% | %.3g ± %.2g%%", 100 * x, 100 * v, 100 * t) : sprintf("%.3g | %.3g ± %.2g", x, v, t)
if (!has_data(f, "mean")) {
    eval no_data("No calibration target could be measured in this run")
    exit
}
# the x range: every dot, and the bars up to 5 tolerances
R = 2
stats f u (abs(z(column(5)))) nooutput
R = (STATS_max * 1.1 > R) ? STATS_max * 1.1 : R
if (has_data(f, "ci95_lo")) {
    stats f u (abs(z(column(6)))):(abs(z(column(7)))) nooutput
    m = (STATS_max_x > STATS_max_y) ? STATS_max_x : STATS_max_y
    R = (m > R) ? ((m < 5) ? m * 1.05 : ((5 > R) ? 5 : R)) : R
}
# the labels' column as wide as the longest label needs (about 0.0108 of the
# width a character at this font), from 0.36 up to 0.5
stats f u (strlen(label(strcol(1), column(4)))) nooutput
lm = 0.025 + 0.0108 * (STATS_max + 1)
lm = (lm < 0.36) ? 0.36 : ((lm > 0.5) ? 0.5 : lm)
set xrange [-R:R]
set yrange [n + 0.6 : 0.4]
# rows of 7 points, smaller when the targets are many: a row's text takes at
# most 0.82 of its pitch (the plot is 0.6 of the 283.5-point page high)
fs_row = 0.82 * 0.6 * 283.5 / n; fs_row = (fs_row > 7) ? 7 : fs_row
f_row = sprintf(",%g", fs_row)
set ytics scale 0 font f_row
xstep = (R > 3) ? ((lm > 0.42 && R > 6) ? 4 : 2) : 1
set xtics xstep nomirror font f_row
set grid noytics xtics
set grid ls 100
unset mytics
set yzeroaxis lt -1 lw 1.5 lc rgb c_ink
set xlabel "(model - target) / tolerance" tc rgb c_ink offset 0, 0.3
set tmargin at screen 0.79
set bmargin at screen 0.19
set lmargin at screen lm
set rmargin at screen 0.725
# column heads: the targets, the band, the numbers
set label 104 "target (* reported, not fitted: weight 0)" at screen 0.025, screen 0.815 left font f_row
set label 106 "within tolerance" at 0, screen 0.815 center font f_row tc rgb c_muted
set label 107 "model | target ± tol." at screen 0.74, screen 0.815 left font f_row
set object 1 rect from -1, graph 0 to 1, graph 1 behind fc rgb c_band fs solid 0.45 noborder
set key off
set errorbars small
set pointsize 0.55
has_ci = has_data(f, "ci95_lo")
has_unfitted = int(system(sprintf("awk -F, 'NR > 1 && $4 == 0 { n = 1 } END { print n + 0 }' '%s'", f)))
part(s) = s . ", "
cmd = ""
if (has_ci) { cmd = cmd . part("f u (z(column(5))):0:(z(column(6))):(z(column(7))):yticlabel(label(strcol(1), column(4))) w xerrorbars pt 7 lw 2.5 lc rgb c_ink") }
if (!has_ci) { cmd = cmd . part("f u (z(column(5))):0:yticlabel(label(strcol(1), column(4))) w p pt 7 lc rgb c_ink") }
if (has_unfitted) { cmd = cmd . part("'' u (column(4) > 0 ? 1/0 : z(column(5))):0 w p pt 7 ps 0.35 lc rgb 'white'") }
cmd = cmd . part("'' u (R):0:(numbers(strcol(1), column(5), column(2), column(3))) w labels left offset 0.8, 0 font f_row tc rgb c_ink")
eval "plot " . cmd[1:strlen(cmd) - 2]
