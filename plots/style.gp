# style.gp - the house style shared by every oss-sim chart.
# Okabe-Ito colour-blind-safe palette; one colour per origin x access:
#   US closed  #0072B2 (blue)      US open  #56B4E9 (sky blue)
#   CN closed  #D55E00 (vermilion) CN open  #E69F00 (orange)
#   EU closed  #009E73 (green)     EU open  #F0E442 (yellow)
#   other      #999999 (grey)      closed/all lines #000000, open lines #CC79A7
set datafile separator ","
set datafile missing "NaN"
set key outside right top vertical Left reverse noenhanced
set border 3
set tics nomirror out
set grid ytics lc rgb "#dddddd" lw 1 dt 1
set xdata time
set autoscale xfix
set timefmt "%Y-%m"
set format x "%Y"
set xtics format "%Y"
c_us_closed = "#0072B2"; c_us_open = "#56B4E9"
c_cn_closed = "#D55E00"; c_cn_open = "#E69F00"
c_eu_closed = "#009E73"; c_eu_open = "#F0E442"
c_other = "#999999"; c_closed = "#000000"; c_open = "#CC79A7"
# footnote: ARG1 is the run's output directory; manifest.txt has the provenance
version = system(sprintf("sed -n 's/^oss_sim_version: //p' '%s/manifest.txt'", dir))
scenario = system(sprintf("sed -n 's/^scenario_name: //p' '%s/manifest.txt'", dir))
runs = system(sprintf("sed -n 's/^replications: //p' '%s/manifest.txt'", dir))
seed = system(sprintf("sed -n 's/^seed: //p' '%s/manifest.txt'", dir))
footnote = sprintf("oss-sim %s, scenario %s, %s runs, seed %s", version, scenario, runs, seed)
set label 99 footnote at screen 0.01, screen 0.02 left font ",10" tc rgb "#555555" noenhanced
out = (outfile ne "") ? outfile : dir . "/" . chart . ".png"
set terminal pngcairo size 1600,1000 font "DejaVu Sans,20" linewidth 2
set output out
set bmargin 5
