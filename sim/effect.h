/*
 * effect.h - what a policy does: the scenario minus its reference (the
 * same world without the policy, named by the scenario's `reference`),
 * replication by replication on common random numbers, with the paired 95%
 * confidence interval.
 *
 * Effects are reported for windows of months: the reporting year (metric
 * names as in summary.csv), the months the policy acts ("NAME@policy") and
 * any named calendar year ("NAME@2027").  Means are over the window's
 * months; the USD bn/yr sums are scaled to a year.
 */
#ifndef OSS_EFFECT_H
#define OSS_EFFECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "run.h"
#include "scenario.h"
#include "stats.h"

#define EFFECT_MAX_WINDOWS 16

struct effect_window {
    char label[16]; /* "" for the reporting year, "policy", or a year "2027" */
    int first, last; /* month indices, inclusive, inside the horizon */
};

/* The windows of effect.csv: the reporting year, the policy's window (when
 * the scenario has a policy) and each of years[0..n_years).  Returns how
 * many, or -1 with a message in err (a year outside the horizon, too many). */
int effect_windows(const struct scenario *sc, const int *years, int n_years, struct effect_window *w,
                   char *err);

/* Parses "2025,2027,2030" into years; false on anything else. */
bool effect_parse_years(const char *text, int *years, int max, int *n);

/* Is headline h an effect in window w?  Not the cf_ metrics (each world has
 * its own world without open-weight models); the horizon's first and last
 * month only for the reporting year. */
bool effect_shown(int h, const struct effect_window *w);

/* Paired summaries of every headline in window w: out[N_HEADLINES]. */
void effect_summaries(const struct scenario *sc, const struct run_results *res, const struct run_results *ref,
                      const struct effect_window *w, struct summary *out);

/* A headline's effect in plain units: scale (100 for shares: percentage
 * points) and unit text ("pp", "USD/Mtok", ...). */
double effect_scale(int h);
const char *effect_unit(int h);

/* The key effects of a brief, in this order (N_EFFECT_KEYS headlines). */
#define N_EFFECT_KEYS 5
extern const int effect_keys[N_EFFECT_KEYS];

/* effect.csv and effect_timeseries.csv. */
void effect_write_csv(FILE *f, const struct scenario *sc, const struct run_results *res,
                      const struct run_results *ref, const struct effect_window *w, int n);
void effect_write_timeseries(FILE *f, const struct scenario *sc, const struct run_results *res,
                             const struct run_results *ref);

/* A warning when the policy acts entirely outside the reporting year (its
 * reporting-year effects are then zero by construction); false when not. */
bool effect_window_warning(const struct scenario *sc, char *buf, size_t n);

/* The printed table of effects. */
void effect_print(FILE *f, const struct scenario *sc, const struct scenario *ref_sc,
                  const struct run_results *res, const struct run_results *ref, const struct effect_window *w,
                  int n);

#endif
