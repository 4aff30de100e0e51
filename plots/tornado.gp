# tornado.gp - how much the main effect rests on each judgement call
# (tornado.csv, written by oss-sim brief): the policy's effect on the
# Chinese share of tokens (percentage points, scenario minus reference) with
# each judgement call at the low and at the high end of its declared range,
# one at a time, the others as in the scenario.  The longest bar on top; the
# dashed line is the effect with every call as in the scenario, the solid
# one no effect; whiskers are the paired 95% intervals.
# Usage: gnuplot -c plots/tornado.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "tornado"
chart_title = "How much the result rests on each judgement call"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/tornado.csv"
N = int(system(sprintf("awk 'END { print NR - 1 }' '%s'", f)))
if (N < 1) {
    eval no_data("The scenario marks no judgement call with a range")
    exit
}
# rows sorted by the swing, widest first: rank,label,low,high,e_low,lo,hi,e_high,lo,hi,base
rows = sprintf("< awk -F, 'NR > 1 { w = $9 - $6; if (w < 0) w = -w; print w \"\\t\" $0 }' '%s' | sort -t '\t' -k1,1gr | cut -f2- | awk '{ print ++n \",\" $0 }'", f)
base = real(system(sprintf("awk -F, 'NR == 2 { print $12 }' '%s'", f)))
set label 102 fit(sprintf("Scenario %s: each call at the low and high end of its range", scenario), 72)
# the x range: every effect and interval bound, and 0 (an interval is NaN
# with one replication, -r 1, and a column of NaN has no stats of its own)
lo = real(system(sprintf("awk -F, 'NR > 1 { for (i = 6; i <= 12; i++) if ($i != \"NaN\" && $i + 0 < m) m = $i + 0 } END { print m + 0 }' '%s'", f)))
hi = real(system(sprintf("awk -F, 'NR > 1 { for (i = 6; i <= 12; i++) if ($i != \"NaN\" && $i + 0 > m) m = $i + 0 } END { print m + 0 }' '%s'", f)))
pad = (hi - lo) * 0.08 + 1e-12
set xrange [lo - pad : hi + pad]
set yrange [N + 0.6 : 0.4]
set ytics scale 0 font f_small
set ytics ()
do for [i=1:N] {
    lab = system(sprintf("%s | awk -F, -v i=%d '$1 == i { print $3 \" (\" $5 \" to \" $6 \")\" }'", rows[2:], i))
    set ytics add (lab i)
}
set xtics font f_small nomirror
set grid noytics xtics ls 100
unset mytics
set xlabel "effect on the Chinese share of tokens (pp)" tc rgb c_ink
set lmargin at screen 0.38
set tmargin at screen 0.72
set key at screen 0.025, screen 0.815 left top horizontal font f_small
set errorbars small
set arrow 1 from 0, graph 0 to 0, graph 1 nohead lw 1.5 lc rgb c_ink
set arrow 2 from base, graph 0 to base, graph 1 nohead lw 2 dt (6, 4) lc rgb c_muted
set label 105 "as in the scenario" at base, graph 1.03 center font f_small tc rgb c_muted
h = 0.28
# rows: rank, key, label, value, low, high, effect_low (7) and its CI (8, 9),
# effect_high (10) and its CI (11, 12), the effect as in the scenario (13)
bars = "rows u ((column(7) + base) / 2):($1 - h / 2):(abs(column(7) - base) / 2):(h / 2) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_band t 'low end of the range', " . \
       "'' u ((column(10) + base) / 2):($1 + h / 2):(abs(column(10) - base) / 2):(h / 2) w boxxyerror fs solid 1 border lc rgb c_ink fc rgb c_muted t 'high end'"
# the whiskers only when there are intervals (none with one replication, -r 1)
whiskers = ", '' u (column(7)):($1 - h / 2):(column(8)):(column(9)) w xerrorbars pt -1 lw 1.5 lc rgb c_ink notitle, " . \
           "'' u (column(10)):($1 + h / 2):(column(11)):(column(12)) w xerrorbars pt -1 lw 1.5 lc rgb c_ink notitle"
eval "plot " . bars . (has_data(f, "effect_low_ci95_lo") ? whiskers : "")
