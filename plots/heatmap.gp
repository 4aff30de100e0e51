# heatmap.gp - a headline metric over two swept parameters (sweep.csv of a
# grid design, oss-sim sweep --param A=... --param B=...): the mean over the
# runs at each grid point as the colour of its cell, on the viridis scale
# (colour-blind safe, and ordered in lightness, so it prints in grey); the
# value is written in each cell when the grid has at most 12 x 12 cells.
# The first parameter is on the x axis, the second on the y axis.
# Usage: gnuplot -c plots/heatmap.gp OUTDIR [OUTFILE.png|.pdf|.svg|-] [METRIC]
#   METRIC: a headline of summary.csv (default cn_token_share_mean); without
#   OUTFILE (or with "-") the files are OUTDIR/heatmap.* for the default
#   metric, OUTDIR/heatmap_METRIC.* for another.
chart = "heatmap"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
metric = (ARG3 ne "") ? ARG3 : "cn_token_share_mean"
chart_file = (metric eq "cn_token_share_mean") ? "heatmap" : "heatmap_" . metric
f = ARG1 . "/sweep.csv"
header = system(sprintf("head -n 1 '%s' 2>/dev/null", f))
nparam = int(system(sprintf("head -n 1 '%s' | tr , '\\n' | awk 'NR > 1 && /_mean$/ { exit } NR > 1 { n++ } END { print n + 0 }'", f)))
if (strstrt(header, "," . metric . "_mean,") == 0) {
    print sprintf("heatmap.gp: %s has no metric %s (the cf_ ones need a counterfactual)", f, metric)
    exit status 2
}
if (nparam < 2) {
    print sprintf("heatmap.gp: %s sweeps %d parameter; a heat map needs two (sweep.gp draws one)", f, nparam)
    exit status 2
}
load system("dirname '" . script . "'") . "/style.gp"
px = word(system(sprintf("head -n 1 '%s' | cut -d, -f2,3 | tr , ' '", f)), 1)
py = word(system(sprintf("head -n 1 '%s' | cut -d, -f2,3 | tr , ' '", f)), 2)
# the grid: distinct values of each parameter, and the cell size
nx = int(system(sprintf("tail -n +2 '%s' | cut -d, -f2 | sort -u | wc -l", f)))
ny = int(system(sprintf("tail -n +2 '%s' | cut -d, -f3 | sort -u | wc -l", f)))
npoints = int(system(sprintf("awk 'END { print NR - 1 }' '%s'", f)))
sc = metric_scale(metric)
z(c) = sc * column(metric . c)
stats f u (z("_mean")) nooutput
zlo = STATS_min; zhi = STATS_max
stats f u 2:3 nooutput
dx = (nx > 1) ? (STATS_max_x - STATS_min_x) / (nx - 1) : 1
dy = (ny > 1) ? (STATS_max_y - STATS_min_y) / (ny - 1) : 1
set xrange [STATS_min_x - dx / 2 : STATS_max_x + dx / 2]
set yrange [STATS_min_y - dy / 2 : STATS_max_y + dy / 2]
set label 101 "Sweep: " . metric_name(metric)
note = (nparam > 2 || nx * ny != npoints) ? "; not a full grid of two parameters: each cell shows the last point drawn" : ""
set label 102 sprintf("%s; %d x %d grid, mean over the runs%s", subtitle, nx, ny, note)
set label 104 param_label(py)
set xlabel param_label(px) tc rgb c_ink noenhanced
# a tick at each value of the grid
set xtics out nomirror ()
set ytics out nomirror ()
xs = system(sprintf("tail -n +2 '%s' | cut -d, -f2 | sort -g -u | tr '\n' ' '", f))
ys = system(sprintf("tail -n +2 '%s' | cut -d, -f3 | sort -g -u | tr '\n' ' '", f))
if (nx <= 12) { do for [i=1:words(xs)] { set xtics add (sprintf("%g", real(word(xs, i))) real(word(xs, i))) } } else { set xtics autofreq }
if (ny <= 12) { do for [i=1:words(ys)] { set ytics add (sprintf("%g", real(word(ys, i))) real(word(ys, i))) } } else { set ytics autofreq }
unset grid
set border 3
set key off
set rmargin at screen 0.80
# viridis, from dark blue-purple (low) to yellow (high)
set palette defined (0 "#440154", 1 "#482878", 2 "#3E4A89", 3 "#31688E", 4 "#26828E", 5 "#1F9E89", 6 "#35B779", 7 "#6DCD59", 8 "#B4DE2C", 9 "#FDE725")
set colorbox user origin screen 0.84, screen 0.205 size screen 0.025, screen 0.57 noborder
set cbtics out nomirror font f_small
set label 106 metric_unit(metric) at screen 0.84, screen 0.815 left font f_small
if (zhi <= zlo) { zhi = zlo + 1 }
set cbrange [zlo:zhi]
ink(v) = ((v - zlo) / (zhi - zlo) < 0.55) ? 0xFFFFFF : 0x000000
set style fill solid 1.0 noborder
show_values = (nx <= 12 && ny <= 12)
# the values written in the cells only when they fit ("1/0 u ..." would be a
# syntax error, so the labels are left out of the command instead)
if (show_values) {
    plot f u 2:3:(dx / 2):(dy / 2):(z("_mean")) w boxxyerror fc palette, \
         f u 2:3:(sprintf("%.3g", z("_mean"))):(ink(z("_mean"))) w labels tc rgb variable font f_small
} else {
    plot f u 2:3:(dx / 2):(dy / 2):(z("_mean")) w boxxyerror fc palette
}
