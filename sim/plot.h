/*
 * plot.h - charts of a run, drawn by gnuplot from the CSV files.
 *
 * The gnuplot scripts live in plots/ (beside the binary in a build tree,
 * PREFIX/share/oss-sim/plots when installed, or $OSS_SIM_PLOTS); a user can
 * rerun any of them by hand: gnuplot -c plots/shares.gp out/baseline.
 */
#ifndef OSS_PLOT_H
#define OSS_PLOT_H

#include <stdbool.h>

/* Renders every chart of a run into dir as PNG, each written under a
 * temporary name and renamed when gnuplot succeeds.  Prints one note on
 * stderr (unless quiet) when gnuplot or the scripts are missing.  Returns the
 * number of charts written. */
int plot_render(const char *dir, bool quiet);

#endif
