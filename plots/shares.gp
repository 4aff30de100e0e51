# shares.gp - who supplies the tokens: the share of all tokens by origin and
# access over time, stacked (timeseries.csv).  A layer that stays below 0.1%
# all along is drawn but left out of the key.
# Usage: gnuplot -c plots/shares.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "shares"
chart_title = "Who supplies the tokens: share by origin and access"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/timeseries.csv"
# the layers, bottom to top: column of timeseries.csv, colour, key
array col[7] = ["us_closed_token_share", "us_open_token_share", "cn_closed_token_share", "cn_open_token_share", \
                "eu_closed_token_share", "eu_open_token_share", "row_token_share"]
array lc[7] = [c_us_closed, c_us_open, c_cn_closed, c_cn_open, c_eu_closed, c_eu_open, c_other]
array name[7] = ["US closed", "US open", "China closed", "China open", "EU closed", "EU open", "other origins"]
array shown[7]
do for [i=1:7] {
    stats f u (column(col[i])) nooutput
    shown[i] = (STATS_max >= 0.001)
}
# the top of layer i: the sum of the layers up to i, in %
top(i) = 100 * sum [k=1:i] column(col[k])
@time_axis
set label 104 "share of all tokens (%)"
set yrange [0:100]
set ytics 20
set mxtics 4
set rmargin at screen 0.74
set key at screen 0.755, graph 1 top left
# top layer first, so that each lower one is drawn over the one above it
plot for [i=7:1:-1] f u 1:(top(i)) w filledcurves x1 lc rgb lc[i] t (shown[i] ? name[i] : "")
