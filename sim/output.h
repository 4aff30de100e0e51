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

struct provenance {
    const char *version;
    const struct scenario *cf;        /* or NULL */
    const struct override_list *ov;
    int threads;
    const char *command;              /* the command line, for the record */
    bool comparison;                  /* cf came from --baseline: write comparison.csv */
    int draws;                        /* --ensemble K: K, else 0 */
    int n_extra;                      /* --metric: more rows of summary.csv */
    const char *const *extra_names;   /* [n_extra] */
    const double *extra;              /* [n_extra][reps]: each replication's value */
};

/* Creates dir (and parents) and checks it is writable. */
bool output_prepare_dir(const char *dir, char *err);

/* Writes all files.  Returns false with a message in err. */
bool output_write(const char *dir, const struct scenario *sc, const struct run_results *res,
                  const struct provenance *pv, bool per_run, char *err);

/* A text field, quoted (RFC 4180) when it holds a comma, quote or line break. */
void output_csv_text(FILE *f, const char *v);

/* ",value" in a CSV row: %.10g, or NaN. */
void output_csv_num(FILE *f, double v);

/* The headline columns of a one-row-per-run table (sweep.csv, --row):
 * ",M_mean,M_sd,M_ci95_lo,M_ci95_hi" for each headline M (the cf_ ones only
 * with a counterfactual), then ",n"; for an ensemble run (--ensemble) then
 * ",M_pi90_lo,M_pi90_hi" for each and ",draws".  output_headline_row writes
 * the values. */
void output_headline_header(FILE *f, bool with_cf, bool ensemble);
void output_headline_row(FILE *f, const struct run_results *res);

/* The content of comparison.csv: for every headline but the cf_ ones, the
 * scenario minus its counterfactual (--baseline), paired by replication. */
void output_comparison_csv(FILE *f, const struct run_results *res);

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
