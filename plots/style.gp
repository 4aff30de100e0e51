# style.gp - the house style of every oss-sim chart, loaded by each chart
# script after it has set `chart` (the file name without extension),
# `chart_title` (the subject of the finding) and, since `load` clears ARG0 to
# ARG9, `script`, `argc` and `argv1` to `argv3` from them:
#   script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
# argv1 is the output directory, argv2 the file to write (optional; "" or "-"
# for the default), argv3 a chart's own option.
#
# Output.  ARG2's extension chooses the format: .png (pngcairo, 1600 x 1000
# pixels, for screens), .pdf (pdfcairo) or .svg (for print; both 16 x 10 cm).
# Without ARG2 the script writes all three, OUTDIR/CHART.png, .pdf and .svg
# (the PDF and SVG by running itself again with those names).  The three
# share one layout: every size below is in points on the 16 x 10 cm page, and
# the PNG is that page at 254 dpi.
#
# Type.  Text is sized for print at one column's width: scaled from 16 cm to
# an 8.5 cm column, body text is 6.4 pt, the title 8 pt and the footnote
# 5.3 pt.
#
# Colours: the Okabe-Ito colour-blind-safe palette.  Each origin x access has
# one colour on every chart (shares, prices, the Chinese share of open use):
#   US closed  #0072B2 blue        US open  #56B4E9 sky blue
#   CN closed  #D55E00 vermilion   CN open  #E69F00 orange
#   EU closed  #009E73 green       EU open  #F0E442 yellow
#   other origins #999999 grey;  all closed models #000000 (black),
#   all open-weight models #CC79A7 (reddish purple).
# Charts that are not about origin or access (a scenario against its
# counterfactual, sweeps, Sobol indices, calibration) use black and greys,
# so that no colour of the list above means anything else.
#
# Text: a title (the subject), a subtitle (the scenario and its description,
# from manifest.txt), units on every axis, and the footnote "oss-sim
# VERSION, scenario NAME, N runs, seed S" from manifest.txt.

if (!exists("chart")) chart = "chart"
if (!exists("chart_title")) chart_title = ""
dir = argv1
outfile = argv2
if (outfile eq "-") outfile = ""
# a chart may name a variant of itself (sweep.gp's metric) in its default file name
if (!exists("chart_file")) chart_file = chart

# ---- format and terminal ------------------------------------------------
fmt_of(f) = (strlen(f) > 4) ? f[strlen(f)-2:strlen(f)] : ""
if (outfile eq "") {
    # by hand: PDF and SVG by running this script again, then PNG here
    extra = (argv3 ne "") ? sprintf(" '%s'", argv3) : ""
    do for [e in "pdf svg"] {
        system(sprintf("gnuplot -c '%s' '%s' '%s/%s.%s'%s", script, dir, dir, chart_file, e, extra))
    }
    outfile = sprintf("%s/%s.png", dir, chart_file)
}
fmt = fmt_of(outfile)
if (fmt ne "png" && fmt ne "pdf" && fmt ne "svg") {
    print sprintf("%s: %s: give a .png, .pdf or .svg file", script, outfile)
    exit status 2
}
# sizes in points on the 16 x 10 cm page (453.5 x 283.5 pt)
fs_body = 9; fs_title = 11; fs_sub = 9; fs_foot = 7.5; fs_small = 7.5
font_face = "DejaVu Sans"
f_body = sprintf(",%g", fs_body); f_small = sprintf(",%g", fs_small); f_foot = sprintf(",%g", fs_foot)
if (fmt eq "png") {
    # 1600 px / 453.5 pt: 3.528 pixels per point; pngcairo draws 1 px per unit of
    # linewidth (pdfcairo 0.5 pt), and its points 3.4 times smaller than pdfcairo
    set terminal pngcairo size 1600,1000 noenhanced font sprintf("%s,%g", font_face, fs_body) fontscale 3.528 linewidth 1.764 pointscale 3.4 rounded
}
if (fmt eq "pdf") {
    # pdfcairo: 0.5 pt per unit of linewidth
    set terminal pdfcairo size 16cm,10cm noenhanced font sprintf("%s,%g", font_face, fs_body) fontscale 1 linewidth 1 rounded
}
if (fmt eq "svg") {
    # 605 x 378 px is 16 x 10 cm at the 96 px per inch of SVG viewers
    set terminal svg size 605,378 fixed noenhanced font sprintf("%s,%g", font_face, fs_body) fontscale 1.3333 linewidth 0.6667 rounded background "white"
}
set output outfile

# ---- colours --------------------------------------------------------------
c_us_closed = "#0072B2"; c_us_open = "#56B4E9"
c_cn_closed = "#D55E00"; c_cn_open = "#E69F00"
c_eu_closed = "#009E73"; c_eu_open = "#F0E442"
c_other = "#999999"; c_closed = "#000000"; c_open = "#CC79A7"
c_ink = "#222222"; c_muted = "#5A5A5A"; c_band = "#C8C8C8"; c_grid = "#E3E3E3"

# ---- provenance from manifest.txt -----------------------------------------
man = dir . "/manifest.txt"
mget(k) = system(sprintf("sed -n 's/^%s: //p' '%s' 2>/dev/null | head -n 1", k, man))
version = mget("oss_sim_version")
if (version eq "") version = system(sprintf("sed -n '1s/^oss-sim //p' '%s' 2>/dev/null", man))
scenario = mget("scenario_name")
description = mget("description")
runs = mget("replications")
seed = mget("seed")
reference = mget("reference")
n_scen = int(system(sprintf("cat '%s' 2>/dev/null | grep -c '^scenario: '", man)))
# oss-sim compare: several scenarios against a reference
is_compare = (scenario eq "" && reference ne "")
if (scenario eq "" && !is_compare) scenario = system(sprintf("sed -n 's/^scenario: //p' '%s' 2>/dev/null | head -n 1 | sed 's|.*/||; s|\\.cfg$||'", man))
if (version eq "") version = "?"
if (scenario eq "" && !is_compare) scenario = "?"
if (runs eq "") runs = "?"
if (seed eq "") seed = "?"
run_word = (runs eq "1") ? "run" : "runs"
if (is_compare) {
    footnote = sprintf("oss-sim %s, %d scenarios, %s %s each, seed %s", version, n_scen, runs, run_word, seed)
    subtitle = sprintf("%d scenarios on the same random numbers; reference: %s", n_scen, reference)
} else {
    footnote = sprintf("oss-sim %s, scenario %s, %s %s, seed %s", version, scenario, runs, run_word, seed)
    subtitle = (description ne "") ? sprintf("Scenario %s: %s", scenario, description) : sprintf("Scenario %s", scenario)
}
# a subtitle longer than the page is cut at a space, with "..."
cut_at(s, n, i) = (i < n / 2) ? s[1:n - 3] . "..." : ((s[i:i] eq " ") ? s[1:i - 1] . "..." : cut_at(s, n, i - 1))
fit(s, n) = (strlen(s) <= n) ? s : cut_at(s, n, n - 3)
# (a run's description that does not fit after "Scenario NAME: " stands
# alone rather than lose its end, a policy's start date say: the footnote
# names the scenario)
if (!is_compare && strlen(subtitle) > 72 && description ne "" && strlen(description) <= 72) { subtitle = description }
subtitle = fit(subtitle, 72)

# ---- layout -----------------------------------------------------------------
# the canvas, top to bottom: title, subtitle, the plot, the x axis, the footnote
y_title = 0.95; y_sub = 0.885; y_foot = 0.03
set label 101 chart_title at screen 0.025, y_title left font sprintf("%s Bold,%g", font_face, fs_title) tc rgb c_ink noenhanced
set label 102 subtitle at screen 0.025, y_sub left font sprintf(",%g", fs_sub) tc rgb c_muted noenhanced
set label 103 footnote at screen 0.025, y_foot left font f_foot tc rgb c_muted noenhanced
# the y axis's label and unit sit above the axis, level with its left end
# (set label 104 "TEXT"), leaving the left margin to the tick labels
set label 104 "" at graph 0, screen 0.815 left font f_body tc rgb c_ink noenhanced
set tmargin at screen 0.775
set bmargin at screen 0.205
set rmargin at screen 0.97

set xlabel offset 0, 0.4
set datafile separator ","
set datafile missing "NaN"
set border 3 lc rgb c_ink lw 1.5
set tics nomirror out scale 0.6 tc rgb c_ink
set style line 100 lc rgb c_grid lw 1.5 dt solid
set grid ytics back ls 100, ls 100
set key noenhanced Left reverse nobox samplen 1.5 spacing 1.1 tc rgb c_ink
set style fill solid 1.0 noborder

# has_data(FILE, COLUMN): 1 when the column of the CSV file holds a number
# other than NaN (stats stops the script on a column without one)
has_data(file, name) = int(system(sprintf("awk -F, -v c='%s' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } k && $k != \"NaN\" && $k != \"\" { n = 1; exit } END { print n + 0 }' '%s' 2>/dev/null || echo 0", name, file)))

# A chart with nothing to show (say, the open-weight models of a world
# without them) says so instead of drawing empty axes:  eval no_data("TEXT")
no_data(msg) = "unset xdata; unset logscale; unset object; unset label 104; unset xlabel; unset ylabel; " . \
    "unset xtics; unset ytics; unset grid; unset key; set border 0; set xrange [0:1]; set yrange [0:1]; " . \
    sprintf("set label 109 \"%s\" at graph 0.5, graph 0.55 center tc rgb c_muted; plot -1 notitle", msg)

# A time axis in years; the CSV dates are YYYY-MM.  Call it before plotting
# from timeseries.csv (after any stats command, which cannot read times).
time_axis = "set xdata time; set timefmt '%Y-%m'; set format x '%Y'; set autoscale xfix; set mxtics 4; set xlabel 'year' tc rgb c_ink offset 0, 0.4"
# the x axis spans the run's horizon (manifest.txt), not only the months a
# series is defined in: a series defined in one month alone (one agent, say)
# would otherwise leave an empty x range
h_from = system(sprintf("sed -n 's/^horizon: \\([0-9]\\{4\\}-[0-9][0-9]\\) to [0-9]\\{4\\}-[0-9][0-9]$/\\1/p' '%s' 2>/dev/null | head -n 1", man))
h_to = system(sprintf("sed -n 's/^horizon: [0-9]\\{4\\}-[0-9][0-9] to \\([0-9]\\{4\\}-[0-9][0-9]\\)$/\\1/p' '%s' 2>/dev/null | head -n 1", man))
if (h_from ne "" && h_to ne "" && h_from ne h_to) { time_axis = time_axis . sprintf("; set xrange ['%s':'%s']", h_from, h_to) }
# A horizon shorter than four years: gnuplot's own ticks fall every six or
# three months and '%Y' would label two ticks with one year, so the ticks
# are set: every year from two years, else every 1, 2, 3 or 6 months
# (about five ticks) labelled YYYY-MM.  t_step is the tick step in seconds
# (effect.gp's small panels use it too); gnuplot puts a step of months or
# years on the first of the month.
span_m = (h_from ne "" && h_to ne "") ? (int(h_to[1:4]) - int(h_from[1:4])) * 12 + int(h_to[6:7]) - int(h_from[6:7]) : 0
t_month = 365.25 / 12 * 86400
t_step_m = (span_m >= 24) ? 12 : ((span_m >= 18) ? 6 : ((span_m >= 9) ? 3 : ((span_m >= 4) ? 2 : 1)))
t_step = t_step_m * t_month
if (span_m > 0 && span_m < 48) { time_axis = time_axis . sprintf("; set xtics %.0f; set mxtics %d", t_step, (t_step_m == 12) ? 4 : t_step_m) . ((t_step_m < 12) ? "; set format x '%Y-%m'; set xlabel 'month'" : "") }

# Tick marks of a log axis between LO and HI: 1-2-5 per decade, or finer
# when the axis spans less than a factor of five.  Call as
#   eval log_tics("y", LO, HI)
log_tics(ax, lo, hi) = sprintf("set %stics (%s)", ax, system(sprintf( \
    "awk -v lo=%.10g -v hi=%.10g 'BEGIN { split(hi / lo < 5 ? \"1 1.2 1.4 1.6 1.8 2 2.5 3 4 5 6 7 8 9\" : \"1 2 5\", m, \" \"); s = \"\"; for (e = int(log(lo) / log(10)) - 1; e <= int(log(hi) / log(10)) + 1; e++) for (i = 1; i in m; i++) { v = m[i] * 10 ^ e; if (v >= lo && v <= hi) s = s (s == \"\" ? \"\" : \", \") sprintf(\"\\\"%%g\\\" %%g\", v, v) } print s }'", lo, hi)))

# The headline metrics of summary.csv: a label with its unit, and the factor
# that takes the value to that unit (shares are shown in %).
metric_label(m) = \
    m eq "latent_price_cut_pct" ? "latent price cut, reporting year (%)" : \
    m eq "latent_savings_busd" ? "latent savings (USD bn per year)" : \
    m eq "cf_price_cut_pct" ? "price cut against the counterfactual (%)" : \
    m eq "cf_spend_savings_busd" ? "spend saved against the counterfactual (USD bn per year)" : \
    m eq "cf_surplus_gain_busd" ? "consumer surplus gained (USD bn per year)" : \
    m eq "cn_token_share_start" ? "Chinese share of tokens, first month (%)" : \
    m eq "cn_token_share_mean" ? "Chinese share of tokens, reporting year (%)" : \
    m eq "cn_token_share_peak" ? "Chinese share of tokens, peak month (%)" : \
    m eq "cn_token_share_end" ? "Chinese share of tokens, last month (%)" : \
    m eq "open_token_share_mean" ? "open-weight share of tokens (%)" : \
    m eq "cn_share_of_open_devs_mean" ? "Chinese share of open-model developers (%)" : \
    m eq "closed_revenue_share_mean" ? "closed models' share of revenue (%)" : \
    m eq "avg_price_closed_mean" ? "average price paid, closed models (USD per Mtok)" : \
    m eq "avg_price_open_mean" ? "average price paid, open models (USD per Mtok)" : \
    m eq "avg_price_mean" ? "average price paid (USD per Mtok)" : \
    m eq "market_spend_busd" ? "spend on tokens (USD bn per year)" : \
    m eq "own_price_elasticity_mean" ? "own-price elasticity of demand (elasticity)" : \
    m eq "own_price_elasticity_open_mean" ? "own-price elasticity, open models (elasticity)" : \
    m eq "market_price_elasticity_mean" ? "market price elasticity of tokens (elasticity)" : \
    m eq "consumer_surplus_busd" ? "consumer surplus (USD bn per year)" : m
metric_scale(m) = (strstrt(m, "share") > 0) ? 100.0 : 1.0
# the label without its unit, and the unit alone
metric_name(m) = (strstrt(metric_label(m), " (") > 0) ? metric_label(m)[1:strstrt(metric_label(m), " (") - 1] : metric_label(m)
metric_unit(m) = (strstrt(metric_label(m), " (") > 0) ? metric_label(m)[strstrt(metric_label(m), " (") + 2:strlen(metric_label(m)) - 1] : ""

# A swept parameter's plain-language label and unit, from the sweep's
# manifest ("label: KEY = LABEL (UNIT)", written from the table of scenario
# keys); the key itself when the manifest has none.
param_label(k) = (system(sprintf("sed -n 's/^label: %s = //p' '%s' 2>/dev/null | head -n 1", k, man)) ne "") ? \
    system(sprintf("sed -n 's/^label: %s = //p' '%s' 2>/dev/null | head -n 1", k, man)) : k
