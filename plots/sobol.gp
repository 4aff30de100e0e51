# sobol.gp - which parameters move a metric: first-order (S1) and total (ST)
# Sobol indices of each swept parameter, with their 95% bootstrap
# intervals, for one headline metric (sobol.csv, written by oss-sim sweep
# --analyse sobol).  S1 is the share of the metric's variance due to the
# parameter alone, ST the share it takes part in, interactions included.
# Estimates from few samples can fall outside [0, 1]; the axis shows
# [-0.1, 1.1] at least and at most [-0.5, 1.5], and longer whiskers are cut
# at its edge.  Parameters are listed in the file's order.
# Usage: gnuplot -c plots/sobol.gp OUTDIR [OUTFILE.png|.pdf|.svg|-] [METRIC]
#   METRIC: a headline of summary.csv (default cn_token_share_mean); without
#   OUTFILE (or with "-") the files are OUTDIR/sobol.* for the default
#   metric, OUTDIR/sobol_METRIC.* for another.
chart = "sobol"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
metric = (ARG3 ne "") ? ARG3 : "cn_token_share_mean"
chart_file = (metric eq "cn_token_share_mean") ? "sobol" : "sobol_" . metric
f = ARG1 . "/sobol.csv"
params = system(sprintf("awk -F, -v m='%s' '$1 == m { printf \"%%s \", $2 }' '%s' 2>/dev/null", metric, f))
N = words(params)
if (N == 0) {
    print sprintf("sobol.gp: %s has no indices for %s", f, metric)
    exit status 2
}
load system("dirname '" . script . "'") . "/style.gp"
set label 101 "Which parameters move the result: Sobol indices"
set label 102 sprintf("%s; %s", subtitle, metric_name(metric))
# the rows of the metric, numbered 1..N in the file's order
rows = sprintf("< awk -F, -v m='%s' '$1 == m { print ++n \",\" $0 }' '%s'", metric, f)
# a parameter's label: its key, broken before its last component
brk(s, i) = (i < 1) ? s : ((s[i:i] eq ".") ? s[1:i] . "\n" . s[i + 1:] : brk(s, i - 1))
set ytics scale 0 font f_small
set ytics ()
do for [i=1:N] { set ytics add (brk(word(params, i), strlen(word(params, i))) i) }
# the x range: every estimate and interval, within [-0.5, 1.5]
# (one column at a time: two columns make stats fit a line, which warns
# when there are only two parameters)
lo = 1e300; hi = -1e300
cols_x = has_data(f, "S1_ci95_lo") ? "4 7 5 8 6 9" : "4 7"
do for [c in cols_x] {
    stats rows u (column(int(c))) nooutput
    lo = (STATS_min < lo) ? STATS_min : lo
    hi = (STATS_max > hi) ? STATS_max : hi
}
set yrange [N + 0.6 : 0.4]
cut = (lo < -0.5 || hi > 1.5)
lo = (lo < -0.1) ? ((lo > -0.5) ? lo - 0.05 : -0.5) : -0.1
hi = (hi > 1.1) ? ((hi < 1.5) ? hi + 0.05 : 1.5) : 1.1
set xrange [lo:hi]
set xtics 0.2 nomirror font f_small
set grid noytics xtics ls 100
unset mytics
set yzeroaxis lt -1 lw 1.5 lc rgb c_ink
set label 104 "dark: first-order S1; light: total ST; whiskers: 95% intervals" . (cut ? ", cut at the edges" : "") at screen 0.025, screen 0.815 font f_small
set xlabel "Sobol index: share of the metric's variance" tc rgb c_ink
set lmargin at screen 0.30
set key off
set errorbars small
h = 0.3
clip(x) = (x < lo) ? lo : ((x > hi) ? hi : x)
plot rows u (clip($4) / 2):($1 - h / 2):(abs(clip($4)) / 2):(h / 2) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_ink notitle, \
     '' u (clip($7) / 2):($1 + h / 2):(abs(clip($7)) / 2):(h / 2) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_band notitle, \
     '' u (clip($4)):($1 - h / 2):(clip($5)):(clip($6)) w xerrorbars pt -1 lw 2 lc rgb c_muted notitle, \
     '' u (clip($7)):($1 + h / 2):(clip($8)):(clip($9)) w xerrorbars pt -1 lw 2 lc rgb c_ink notitle
