# shares.gp - who supplies the tokens: the share of all tokens by origin and
# access over time, stacked (timeseries.csv).  American closed models hold
# most of the market; they are the white space above the stack (the rest, to
# 100%), so that the axis runs from 0 to a little above the other layers'
# highest total and a change among them is not squeezed into the top of a
# 0-100 axis.  A layer that stays below 0.1% all along is drawn but left out
# of the key.
# Usage: gnuplot -c plots/shares.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "shares"
chart_title = "Who supplies the tokens: share by origin and access"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/timeseries.csv"
# the layers, bottom to top: column of timeseries.csv, colour, key
array col[6] = ["cn_open_token_share", "cn_closed_token_share", "us_open_token_share", \
                "eu_closed_token_share", "eu_open_token_share", "row_token_share"]
array lc[6] = [c_cn_open, c_cn_closed, c_us_open, c_eu_closed, c_eu_open, c_other]
array name[6] = ["China open", "China closed", "US open", "EU closed", "EU open", "other origins"]
array shown[6]
do for [i=1:6] {
    stats f u (column(col[i])) nooutput
    shown[i] = (STATS_max >= 0.001)
}
# the top of layer i: the sum of the layers up to i, in %
top(i) = 100 * sum [k=1:i] column(col[k])
# the axis: to a little above the stack's highest month, in steps of 1, 2 or 5
stats f u (100 * (1 - column("us_closed_token_share"))) nooutput
top = STATS_max * 1.12 + 1e-9
raw = top / 5; p10 = 10 ** floor(log10(raw))
step = (raw / p10 < 1.5) ? p10 : ((raw / p10 < 3.5) ? 2 * p10 : ((raw / p10 < 7.5) ? 5 * p10 : 10 * p10))
top = step * ceil(top / step)
@time_axis
set label 104 "share of all tokens (%); US closed models: the rest, to 100%"
set yrange [0:top]
set ytics step
set mxtics 4
set rmargin at screen 0.74
set key at screen 0.755, graph 1 top left
# top layer first, so that each lower one is drawn over the one above it
plot for [i=6:1:-1] f u 1:(top(i)) w filledcurves x1 lc rgb lc[i] t (shown[i] ? name[i] : "")
