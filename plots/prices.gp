# prices.gp - token-weighted average price paid, closed and open, with 95% CI
# ribbon on the overall average; log scale.
# Usage: gnuplot -c plots/prices.gp OUTDIR [OUTPUT.png]
chart = "prices"
dir = ARG1
outfile = (ARGC >= 2) ? ARG2 : ""
load sprintf("%s/style.gp", system("dirname '" . ARG0 . "'"))
f = dir . "/timeseries.csv"
set title "Average price paid per million tokens\n" noenhanced
set label 98 sprintf("scenario %s", scenario) at graph 0.5, graph 1.04 center noenhanced font ",16"
set ylabel "USD per million tokens (log scale)"
set logscale y
set style fill transparent solid 0.25 noborder
# the 95% CI ribbon needs two replications or more
ribbon = (int(runs) > 1) ? sprintf("'%s' u 1:(column('avg_price_ci95_lo')):(column('avg_price_ci95_hi')) w filledcurves lc rgb '#777777' t 'all models, 95%% CI', ", f) : ""
# the open line needs open-weight models in the run (none in no_open, say)
has_open = int(system(sprintf("grep -c ',open,' '%s/families.csv'", dir))) > 0
open_line = has_open ? ", '' u 1:(column('avg_price_open')) w l lw 3 lc rgb c_open t 'open-weight models'" : ""
eval("plot " . ribbon . "f u 1:(column('avg_price')) w l lw 3 lc rgb '#444444' t 'all models', '' u 1:(column('avg_price_closed')) w l lw 3 lc rgb c_closed dt 1 t 'closed models'" . open_line)

