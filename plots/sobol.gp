# sobol.gp - which parameters move a metric: first-order (S1) and total (ST)
# Sobol indices of each swept parameter, with their 95% bootstrap
# intervals, for one headline metric (sobol.csv, written by oss-sim sweep
# --analyse sobol).  S1 is the share of the metric's variance due to the
# parameter alone, ST the share it takes part in, interactions included.
# Estimates from few samples can fall outside [0, 1]; the axis shows
# [-0.2, 1.2], a bar beyond it is cut at its edge and a whisker beyond it is
# not drawn, and a note in red says when the sample is too small for the
# indices to mean much (an interval's half-width above 0.15, or an estimate
# outside [-0.1, 1.1]).  Parameters are listed in the file's order.
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
# its label from the manifest when it has one (keys broken before their last part)
# (a label with its unit, "LABEL (UNIT)", broken before the unit's bracket:
# a long one does not fit the left margin on one line)
ubrk(s, i) = (i < 2) ? s : ((s[i - 1:i] eq " (") ? s[1:i - 2] . "\n" . s[i:] : ubrk(s, i - 1))
ylab(k) = (param_label(k) eq k) ? brk(k, strlen(k)) : ((strlen(param_label(k)) > 24) ? ubrk(param_label(k), strlen(param_label(k))) : param_label(k))
do for [i=1:N] { set ytics add (ylab(word(params, i)) i) }
# the longest line of a label, in characters: the left margin fits it
# (about 0.0111 of the width a character at f_small), from 0.30 to 0.45
lline(s, i, run, best) = (i > strlen(s)) ? ((run > best) ? run : best) : \
    ((s[i:i] eq "\n") ? lline(s, i + 1, 0, (run > best) ? run : best) : lline(s, i + 1, run + 1, best))
longest = 0
do for [i=1:N] { l = lline(ylab(word(params, i)), 1, 0, 0); longest = (l > longest) ? l : longest }
lm = 0.035 + 0.0111 * longest
lm = (lm < 0.30) ? 0.30 : ((lm > 0.45) ? 0.45 : lm)
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
# indices are shares of variance: the axis is [-0.2, 1.2]; an estimate or
# whisker beyond it is cut at the edge (and said so), not drawn across
lo = -0.2; hi = 1.2
# the widest interval: half-widths above 0.15 (or estimates outside [0, 1]
# by more than their interval explains) mean the sample is too small
wide = real(system(sprintf("awk -F, -v m='%s' '$1 == m && $5 != \"NaN\" { w = ($5 - $4) / 2; if (w > x) x = w; w = ($8 - $7) / 2; if (w > x) x = w } END { print x + 0 }' '%s'", metric, f)))
odd = int(system(sprintf("awk -F, -v m='%s' '$1 == m && ($3 < -0.1 || $3 > 1.1 || $6 < -0.1 || $6 > 1.1) { n++ } END { print n + 0 }' '%s'", metric, f)))
small = (wide > 0.15 || odd > 0)
if (small) {
    set label 105 sprintf("Too few samples for these indices to mean much: intervals up to +/-%.2g;", wide) at screen 0.025, screen 0.765 left font f_small tc rgb c_cn_closed
    set label 106 "whiskers beyond the axis are not drawn. Rerun with more --samples." at screen 0.025, screen 0.725 left font f_small tc rgb c_cn_closed
    set tmargin at screen 0.69
}
set xrange [lo:hi]
set xtics 0.2 nomirror font f_small
set grid noytics xtics ls 100
unset mytics
set yzeroaxis lt -1 lw 1.5 lc rgb c_ink
set label 104 "dark: first-order S1; light: total ST; whiskers: 95% intervals" at screen 0.025, screen 0.815 font f_small
set xlabel "Sobol index: share of the metric's variance" tc rgb c_ink
set lmargin at screen lm
set key off
set errorbars small
h = 0.3
clip(x) = (x < lo) ? lo : ((x > hi) ? hi : x)
# a whisker is drawn only when it lies within the axis (NaN hides it)
inside(a, b, y) = (a >= lo && b <= hi) ? y : NaN
# the whiskers within the axis, per kind (a plot of none would warn)
n_in(a, b) = int(system(sprintf("awk -F, -v m='%s' -v lo=%g -v hi=%g '$1 == m && $%d != \"NaN\" && $%d >= lo && $%d <= hi { n++ } END { print n + 0 }' '%s'", metric, lo, hi, a, a, b, f)))
cmd = "rows u (clip($4) / 2):($1 - h / 2):(abs(clip($4)) / 2):(h / 2) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_ink notitle, " . \
      "'' u (clip($7) / 2):($1 + h / 2):(abs(clip($7)) / 2):(h / 2) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_band notitle"
if (has_data(f, "S1_ci95_lo") && n_in(4, 5) > 0) { cmd = cmd . ", '' u (clip($4)):(inside($5, $6, $1 - h / 2)):(clip($5)):(clip($6)) w xerrorbars pt -1 lw 2 lc rgb c_muted notitle" }
if (has_data(f, "S1_ci95_lo") && n_in(7, 8) > 0) { cmd = cmd . ", '' u (clip($7)):(inside($8, $9, $1 + h / 2)):(clip($8)):(clip($9)) w xerrorbars pt -1 lw 2 lc rgb c_ink notitle" }
eval "plot " . cmd
