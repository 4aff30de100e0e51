# shares.gp - token share by origin and access over time (stacked area).
# Usage: gnuplot -c plots/shares.gp OUTDIR [OUTPUT.png]
chart = "shares"
dir = ARG1
outfile = (ARGC >= 2) ? ARG2 : ""
load sprintf("%s/style.gp", system("dirname '" . ARG0 . "'"))
f = dir . "/timeseries.csv"
set title "Who supplies the tokens: share by origin and access\n" noenhanced
set label 98 sprintf("scenario %s", scenario) at graph 0.5, graph 1.04 center noenhanced font ",16"
set ylabel "share of all tokens (%)"
set yrange [0:100]
set style fill solid 0.9 noborder
# cumulative stacks, top first so lower layers draw over them
plot f u 1:(100*(column("us_closed_token_share")+column("us_open_token_share")+column("cn_closed_token_share")+column("cn_open_token_share")+column("eu_closed_token_share")+column("eu_open_token_share")+column("row_closed_token_share")+column("row_open_token_share"))) w filledcurves x1 lc rgb c_other t "other origins", \
     '' u 1:(100*(column("us_closed_token_share")+column("us_open_token_share")+column("cn_closed_token_share")+column("cn_open_token_share")+column("eu_closed_token_share")+column("eu_open_token_share"))) w filledcurves x1 lc rgb c_eu_open t "EU open", \
     '' u 1:(100*(column("us_closed_token_share")+column("us_open_token_share")+column("cn_closed_token_share")+column("cn_open_token_share")+column("eu_closed_token_share"))) w filledcurves x1 lc rgb c_eu_closed t "EU closed", \
     '' u 1:(100*(column("us_closed_token_share")+column("us_open_token_share")+column("cn_closed_token_share")+column("cn_open_token_share"))) w filledcurves x1 lc rgb c_cn_open t "China open", \
     '' u 1:(100*(column("us_closed_token_share")+column("us_open_token_share")+column("cn_closed_token_share"))) w filledcurves x1 lc rgb c_cn_closed t "China closed", \
     '' u 1:(100*(column("us_closed_token_share")+column("us_open_token_share"))) w filledcurves x1 lc rgb c_us_open t "US open", \
     '' u 1:(100*column("us_closed_token_share")) w filledcurves x1 lc rgb c_us_closed t "US closed"
