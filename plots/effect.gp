# effect.gp - what the policy does over time: the scenario minus its
# reference (the same world without the policy), month by month, paired on
# common random numbers, with the 95% CI ribbon of the paired difference
# (effect_timeseries.csv).  Four small multiples: the Chinese share of
# tokens and the open-weight share (percentage points), the average price
# paid (USD per million tokens) and consumer surplus (USD million per
# month).  The months the policy acts are shaded; zero is the reference.
# Usage: gnuplot -c plots/effect.gp OUTDIR [OUTFILE.png|.pdf|.svg]
chart = "effect"
chart_title = "What the policy does, month by month"
script = ARG0; argc = ARGC; argv1 = ARG1; argv2 = ARG2; argv3 = ARG3
load system("dirname '" . script . "'") . "/style.gp"
f = dir . "/effect_timeseries.csv"
ref_name = system(sprintf("sed -n 's/^reference: //p' '%s' 2>/dev/null | sed 's|.*/||; s|\\.cfg$||'", man))
set label 102 fit(sprintf("%s minus %s (no policy); shaded: policy in force", scenario, ref_name), 72)
# the first and last month the policy acts ("" when none)
p_first = system(sprintf("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"policy_active\") k = i; next } k && $k == 1 { print $1; exit }' '%s'", f))
p_last = system(sprintf("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"policy_active\") k = i; next } k && $k == 1 { d = $1 } END { print d }' '%s'", f))
has_ci = has_data(f, "cn_token_share_delta_ci95_lo")
array col[4] = ["cn_token_share", "open_token_share", "avg_price", "consumer_surplus_musd"]
array scale[4] = [100, 100, 1, 1]
array name[4] = ["Chinese share of tokens", "Open-weight share of tokens", "Average price paid", "Consumer surplus"]
array unit[4] = ["pp", "pp", "USD/Mtok", "USD m/month"]
# panel i: left or right column, top or bottom row
array x0[4] = [0.09, 0.585, 0.09, 0.585]
array y1[4] = [0.80, 0.80, 0.45, 0.45]
set multiplot
set style fill transparent solid 0.25 noborder
set xzeroaxis lt -1 lw 1.5 lc rgb c_ink
set key off
do for [i=1:4] {
    c = col[i]
    lo = 0; hi = 0
    set autoscale y
    do for [s in "_delta _delta_ci95_lo _delta_ci95_hi"] {
        if (s eq "_delta" || has_ci) {
            stats f u (scale[i] * column(c . s)) nooutput
            lo = (STATS_min < lo) ? STATS_min : lo
            hi = (STATS_max > hi) ? STATS_max : hi
        }
    }
    pad = (hi - lo) * 0.08 + 1e-12
    set yrange [lo - pad : hi + pad]
    # about four ticks: a step of 1, 2 or 5 times a power of ten
    raw = (hi - lo + 2 * pad) / 4
    p10 = 10 ** floor(log10(raw))
    step = (raw / p10 < 1.5) ? p10 : ((raw / p10 < 3.5) ? 2 * p10 : ((raw / p10 < 7.5) ? 5 * p10 : 10 * p10))
    set ytics step font f_small
    set lmargin at screen x0[i] + 0.055
    set rmargin at screen x0[i] + 0.385
    set tmargin at screen y1[i] - 0.045
    set bmargin at screen y1[i] - 0.24
    @time_axis
    unset xlabel
    # every two years over a long horizon; a short one has time_axis's
    # ticks, at twice the step when they are labelled YYYY-MM (small panels)
    if (span_m <= 0 || span_m >= 48) { set xtics 2 * 365.25 * 86400 font f_small; set mxtics 2 } else { if (t_step_m < 12) { set xtics 2 * t_step font f_small; set mxtics 2 * t_step_m } else { set xtics font f_small } }
    set label 104 sprintf("%s (%s)", name[i], unit[i]) at screen x0[i], screen y1[i] - 0.02 left font f_small tc rgb c_ink
    unset object 1
    if (p_first ne "") {
        set object 1 rect from strptime("%Y-%m", p_first), graph 0 to strptime("%Y-%m", p_last), graph 1 behind fc rgb "#F2F2F2" fs solid 1.0 noborder
    }
    if (has_ci) {
        plot f u 1:(scale[i] * column(c . "_delta_ci95_lo")):(scale[i] * column(c . "_delta_ci95_hi")) w filledcurves lc rgb c_muted notitle, \
             '' u 1:(scale[i] * column(c . "_delta")) w l lw 4 lc rgb c_closed notitle
    } else {
        plot f u 1:(scale[i] * column(c . "_delta")) w l lw 4 lc rgb c_closed notitle
    }
    # title, subtitle and footnote once
    unset label 101; unset label 102; unset label 103
    unset xdata
}
unset multiplot
