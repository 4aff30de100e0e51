# cn_open.gp - the Chinese share of open-weight model use over time: of the
# developers using open models (with its 95% CI ribbon, two runs or more)
# and of the open-weight tokens (timeseries.csv).  An ensemble run
# (--ensemble K) adds a second, lighter ribbon: the 90% interval over
# posterior draws (parameter uncertainty).  The first, the headline,
# in the colour of China open; the second dashed in ink.
# Usage: gnuplot -c plots/cn_open.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "cn_open"
chart_title = "Chinese models' share of open-weight model use"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/timeseries.csv"
has_devs = has_data(f, "cn_share_of_open_devs")
has_tokens = has_data(f, "cn_share_of_open_tokens")
has_ci = has_data(f, "cn_share_of_open_devs_ci95_lo")
has_pi = has_data(f, "cn_share_of_open_devs_pi90_lo")
if (!has_devs && !has_tokens) {
    eval no_data("No open-weight model is used in this scenario")
    exit
}
@time_axis
set label 104 "Chinese models' share (%)"
set yrange [0:100]
set ytics 20
set key inside bottom right width -2
set style fill transparent solid 0.3 noborder
part(s) = s . ", "
cmd = ""
if (has_pi) { cmd = cmd . part("f u 1:(100*column('cn_share_of_open_devs_pi90_lo')):(100*column('cn_share_of_open_devs_pi90_hi')) w filledcurves lc rgb c_cn_open fs transparent solid 0.12 notitle") }
if (has_ci) { cmd = cmd . part("f u 1:(100*column('cn_share_of_open_devs_ci95_lo')):(100*column('cn_share_of_open_devs_ci95_hi')) w filledcurves lc rgb c_cn_open notitle") }
if (has_devs) { cmd = cmd . part("f u 1:(100*column('cn_share_of_open_devs')) w l lw 5 lc rgb c_cn_open t 'of developers using open-weight models'") }
if (has_tokens) { cmd = cmd . part("f u 1:(100*column('cn_share_of_open_tokens')) w l lw 2.5 dt (8,5) lc rgb c_ink t 'of open-weight tokens'") }
if (has_ci) { cmd = cmd . part("NaN w filledcurves lc rgb c_cn_open t (has_pi ? 'Monte Carlo 95% CI of the mean' : '95% confidence interval of the mean')") }
if (has_pi) { cmd = cmd . part("NaN w filledcurves lc rgb c_cn_open fs transparent solid 0.12 t 'parameter uncertainty: 90% of posterior draws'") }
eval "plot " . cmd[1:strlen(cmd) - 2]
