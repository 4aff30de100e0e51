/*
 * output.h - the files of a run: timeseries.csv, families.csv, summary.csv,
 * runs.csv (on request) and manifest.txt (provenance).
 *
 * Every file is written under a temporary name in the output directory and
 * renamed into place when complete, so an interrupted or failed run never
 * leaves a half-written file.  CSV files are plain: one header row, commas,
 * '.' decimals, NaN where a value is undefined.
 */
#ifndef OSS_OUTPUT_H
#define OSS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"
#include "scenario.h"
#include "stats.h"

struct effect_window;

struct provenance {
    const char *version;
    const struct scenario *cf;        /* or NULL */
    const struct override_list *ov;
    int threads;
    const char *command;              /* the command line, for the record */
    bool comparison;                  /* --baseline: also write comparison.csv */
    int draws;                        /* --ensemble K: K, else 0 */
    int n_extra;                      /* --metric: more rows of summary.csv */
    const char *const *extra_names;   /* [n_extra] */
    const double *extra;              /* [n_extra][reps]: each replication's value */
    const struct scenario *ref;       /* the reference (the world without the policy), or NULL */
    const struct run_results *ref_res; /* its results, on the same random numbers (and draws) */
    const struct effect_window *windows; /* the windows of effect.csv */
    int n_windows;
};

/* Creates dir (and parents) and checks it is writable. */
bool output_prepare_dir(const char *dir, char *err);

/* Writes all files.  Returns false with a message in err. */
bool output_write(const char *dir, const struct scenario *sc, const struct run_results *res,
                  const struct provenance *pv, bool per_run, char *err);

/* A text field, quoted (RFC 4180) when it holds a comma, quote or line break. */
void output_csv_text(FILE *f, const char *v);
/* Appends " WORD" to buf (n bytes in all), WORD being s as a POSIX shell reads
 * it back: as it is when it holds only letters, digits and _./:=,@%+-, else
 * in single quotes (a quote as '\''), so that a recorded command reruns. */
void output_shell_word(char *buf, size_t n, const char *s);

/* ",value" in a CSV row: %.10g, or NaN. */
void output_csv_num(FILE *f, double v);

/* The headline columns of a one-row-per-run table (sweep.csv, --row):
 * ",M_mean,M_sd,M_ci95_lo,M_ci95_hi" for each headline M (the cf_ ones only
 * with a counterfactual), then ",n"; for an ensemble run (--ensemble) then
 * ",M_pi90_lo,M_pi90_hi" for each and ",draws".  output_headline_row writes
 * the values. */
void output_headline_header(FILE *f, bool with_cf, bool ensemble);
void output_headline_row(FILE *f, const struct run_results *res);

/* The columns of a table of paired differences (effect.csv, comparison.csv):
 * output_delta_header writes the header line, output_delta_row one row.
 * Every such table is written through these two, so a column added here
 * reaches them all. */
void output_delta_header(FILE *f, bool ensemble);
/* The row of x - y (per replication, read at stride), paired; for an
 * ensemble run (res->draws) by draw, with the 90% interval over draws. */
void output_delta_row(FILE *f, const char *metric, const char *suffix, const double *x, const double *y,
                      size_t stride, const struct run_results *res);
/* The paired summary output_delta_row writes. */
struct summary output_delta(const double *x, const double *y, size_t stride, const struct run_results *res);

/* The content of comparison.csv (--baseline): effect.csv's rows for the
 * reporting year, kept under its old name for scripts that read it. */
void output_comparison_csv(FILE *f, const struct run_results *res, const struct run_results *ref);

/* An estimate and its 95% interval as text, "-1.17 [-1.33, -1.01]", each
 * multiplied by scale, to two significant digits of the interval's
 * half-width (no more precision than the replications give). */
void output_format_estimate(char *buf, size_t n, double mean, double lo, double hi, double scale);
/* The same to d decimals (an ensemble's: output_decimals_ens). */
void output_format_estimate_d(char *buf, size_t n, double mean, double lo, double hi, double scale, int d);
/* The decimals it uses (0 to 8). */
int output_decimals(double mean, double lo, double hi);
/* With a parameter interval [pi_lo, pi_hi] beside the Monte Carlo one: the
 * decimals of the wider of the two, so that no figure has more digits than
 * the parameters' uncertainty supports. */
int output_decimals_ens(double mean, double lo, double hi, double pi_lo, double pi_hi);
/* A level for a table: mean into `mean` and "[lo, hi]" into `ci` (n bytes
 * each) to the decimals of output_decimals, or "(n < 2)" when the interval is
 * undefined (then four significant digits of the mean), or "NaN" and
 * OUTPUT_UNDEFINED for a NaN mean; returns the decimals,
 * so that a second interval beside it (a parameter interval) can use them. */
int output_format_level(char *mean, char *ci, size_t n, double m, double lo, double hi);
/* The same for an ensemble's level m: its Monte Carlo CI from e->mc ("(R < 2)"
 * without one), and the parameter interval into pi ("-" when undefined), all
 * to the decimals of the wider interval (output_decimals_ens). */
void output_format_ens_level(char *mean, char *ci, char *pi, size_t n, double m, const struct ens_summary *e);
/* what output_format_level writes as the interval of a mean that is NaN,
 * undefined in every run (say, the open-model price without open models) */
#define OUTPUT_UNDEFINED "(undefined in all runs)"

/* The content of summary.csv. */
void output_summary_csv(FILE *f, const struct scenario *sc, const struct run_results *res);
/* ... and its rows for the metrics asked for with --metric (pv->n_extra). */
void output_summary_extra(FILE *f, const struct provenance *pv, const struct run_results *res);

/* A file written under a temporary name beside it and renamed into place
 * by output_atomic_commit (which also closes it); see output_abort_current. */
struct output_file {
    FILE *f;
    char path[OSS_PATH_LEN + 64];
};
bool output_atomic_open(struct output_file *a, const char *path, char *err);
bool output_atomic_commit(struct output_file *a, char *err);
/* Closes and removes the temporary: nothing is written. */
void output_atomic_discard(struct output_file *a);

/* Names the temporary file being written by someone else (a chart), so that
 * output_abort_current removes it too; NULL when done. */
void output_track_tmp(const char *path);

/* Removes the file being written, if any (for signal handlers: async-signal-safe). */
void output_abort_current(void);

#endif
