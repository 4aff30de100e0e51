# sweep.gp - a headline metric against a swept parameter (sweep.csv, written
# by oss-sim sweep): the mean over the runs at each design point, with its
# 95% CI as a band.  The parameter is the first one of the sweep; with more
# than one (a Sobol or Latin hypercube design), the points are drawn with
# their CIs as whiskers, without a line, since the other parameters vary too.
# Usage: gnuplot -c plots/sweep.gp OUTDIR [OUTFILE.png|.pdf|.svg|-] [METRIC]
#   METRIC: a headline of summary.csv (default cn_token_share_mean); without
#   OUTFILE (or with "-") the files are OUTDIR/sweep.* for the default
#   metric, OUTDIR/sweep_METRIC.* for another.
chart = "sweep"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
metric = (ARG3 ne "") ? ARG3 : "cn_token_share_mean"
chart_file = (metric eq "cn_token_share_mean") ? "sweep" : "sweep_" . metric
f = ARG1 . "/sweep.csv"
header = system(sprintf("head -n 1 '%s' 2>/dev/null", f))
# the parameters: the columns between point and the first metric
nparam = int(system(sprintf("head -n 1 '%s' | tr , '\\n' | awk 'NR > 1 && /_mean$/ { exit } NR > 1 { n++ } END { print n + 0 }'", f)))
param = system(sprintf("head -n 1 '%s' | cut -d, -f2", f))
if (strstrt(header, "," . metric . "_mean,") == 0) {
    print sprintf("sweep.gp: %s has no metric %s (the cf_ ones need a counterfactual)", f, metric)
    exit status 2
}
load system("dirname '" . script . "'") . "/style.gp"
# the title: the metric, without its unit (on the axis)
set label 101 "Sweep: " . metric_name(metric)
npoints = int(system(sprintf("awk 'END { print NR - 1 }' '%s'", f)))
design = mget("design")
set label 102 sprintf("%s; %d design points%s", subtitle, npoints, (nparam > 1) ? sprintf(", %d parameters varied", nparam) : "")
sc = metric_scale(metric)
y(c) = sc * column(metric . c)
has_ci = has_data(f, metric . "_ci95_lo")
# sorted by the parameter, for the line and the band
data = sprintf("< (head -n 1 '%s'; tail -n +2 '%s' | sort -t, -k2,2g)", f, f)
set label 104 metric_label(metric)
set xlabel param_label(param) tc rgb c_ink noenhanced
set autoscale xfix
set offsets graph 0.02, graph 0.02, 0, 0
# the y range: the data in the lower 70%, the key above
stats data u (y(has_ci ? "_ci95_lo" : "_mean")) nooutput
lo = STATS_min
stats data u (y(has_ci ? "_ci95_hi" : "_mean")) nooutput
hi = STATS_max
span = (hi > lo) ? hi - lo : ((hi != 0) ? abs(hi) * 0.1 : 1)
set yrange [lo - 0.05 * span : lo + span / 0.7]
set key inside top left width -2
set style fill transparent solid 0.25 noborder
set pointsize 0.5
ci_title = has_ci ? "95% confidence interval of the mean" : ""
if (nparam == 1) {
    # one replication a point (-r 1): no CI columns to draw, only the means
    # ("1/0 u ..." would be a syntax error, so the band is left out of the command)
    if (has_ci) {
        plot data u 2:(y("_ci95_lo")):(y("_ci95_hi")) w filledcurves lc rgb c_muted notitle, \
             data u 2:(y("_mean")) w lp lw 4 pt 7 lc rgb c_ink t "mean over the runs", \
             1/0 w filledcurves lc rgb c_muted t ci_title
    } else {
        plot data u 2:(y("_mean")) w lp lw 4 pt 7 lc rgb c_ink t "mean over the runs (one run a point: no CI)"
    }
} else {
    set label 104 metric_label(metric) . "; dots: means, whiskers: 95% CIs"
    set key off
    set yrange [lo - 0.05 * span : hi + 0.05 * span]
    plot data u 2:(y("_mean")):(y("_ci95_lo")):(y("_ci95_hi")) w yerrorbars pt 7 lw 2 lc rgb c_ink notitle
}
