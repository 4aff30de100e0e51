/*
 * plot.h - charts drawn by gnuplot from oss-sim's CSV files.
 *
 * One gnuplot script per kind of chart lives in plots/ (beside the binary in
 * a build tree, PREFIX/share/oss-sim/plots when installed, or
 * $OSS_SIM_PLOTS), with the house style in plots/style.gp.  Each chart is
 * written as NAME.png (1600 x 1000 pixels, for screens), NAME.pdf and
 * NAME.svg (16 x 10 cm, for print), each under a temporary name in the
 * output directory and renamed when gnuplot succeeds.  A user can redraw any
 * chart by hand: gnuplot -c plots/shares.gp out/baseline.
 *
 * The charts and the file each reads from the directory:
 *   shares       token share by origin and access (timeseries.csv)
 *   prices       average price paid, scenario against counterfactual (timeseries.csv)
 *   cn_open      Chinese share of open-model use (timeseries.csv)
 *   effect       the policy's effect over time, four small multiples (effect_timeseries.csv)
 *   tornado      the main effect as each judgement call moves over its range (tornado.csv)
 *   calibration  the model against its calibration targets (calibration.csv)
 *   compare      what each policy does: each scenario minus the reference (compare.csv)
 *   compare_value what open-weight models are worth in each scenario (compare.csv)
 *   sweep        a metric against one swept parameter, with its CI band (sweep.csv)
 *   heatmap      a metric over two swept parameters (sweep.csv of a grid)
 *   sobol        Sobol indices S1 and ST per parameter (sobol.csv)
 * sweep, heatmap and sobol show cn_token_share_mean unless named as
 * "NAME:METRIC" (a headline of summary.csv), which writes NAME_METRIC.png,
 * .pdf and .svg instead.
 */
#ifndef OSS_PLOT_H
#define OSS_PLOT_H

#include <stdbool.h>

/* The formats every chart is written in, as file extensions. */
#define PLOT_N_FORMATS 3
extern const char *const plot_formats[PLOT_N_FORMATS]; /* "png", "pdf", "svg" */

/* Draws the named charts into dir (which holds the CSV files they read);
 * messages name the directory as shown (the result directory the user will
 * find, when dir is the temporary one it is written in; NULL: dir).
 * When gnuplot or the scripts are missing, prints one note on stderr (unless
 * quiet) and draws nothing; a chart that gnuplot fails to draw gets a line on
 * stderr (always) with the command that redraws it, and leaves no file: the
 * command still succeeds (exit 0), its CSV files being complete.  Each file is created new (O_EXCL, no symlink
 * followed) and checked after gnuplot (which exits 0 on a full disk).
 * Returns the number of charts written (all three formats each), or -1 for
 * an unknown chart name or a chart file not written whole (a write failure,
 * named in plot_failed: the command exits 1). */
int plot_render_charts(const char *dir, const char *shown, const char *const *names, int n, bool quiet);

/* The first chart file not written whole ("shares.png"), for the message. */
extern char plot_failed[128];

/* Draws the charts of a run into dir: shares, prices, cn_open, effect when
 * dir holds effect_timeseries.csv, and calibration when it holds
 * calibration.csv.  Returns the number written (as plot_render_charts). */
int plot_render(const char *dir, const char *shown, bool quiet);

#endif
