/*
 * metrics.h - what a month and a replication amount to (docs/model.md section 6).
 *
 * metrics_month() turns the world's tally after a step into one row of
 * monthly metrics and one row per family.  metrics_headline() turns a
 * replication's monthly rows (and, when given, its counterfactual's, run on
 * the same random numbers) into the headline metrics of summary.csv.  Their
 * names, units and labels are in metric_names.h.
 */
#ifndef OSS_METRICS_H
#define OSS_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "market.h"
#include "metric_names.h"
#include "scenario.h"

/* Monthly metrics whose 95% CI goes into timeseries.csv. */
bool month_metric_has_ci(int m);

/* One month: row[N_MONTH_METRICS], fam[n_families * N_FAMILY_METRICS]. */
void metrics_month(const struct world *w, double *row, double *fam);

/* Latent reallocation of one month: savings in USD per month at list prices
 * and list spend, from family prices, qualities and tokens (million). */
void metrics_latent(int n, const bool *available, const bool *open, const double *price,
                    const double *quality, const double *tokens, double *savings, double *spend);

/* The latent saving of tok million tokens of family k used at quality q (a
 * release k has superseded: its price is k's, its quality its own), USD per
 * month: moved to the cheapest open family at least as good and no dearer. */
double metrics_latent_at(int n, const bool *available, const bool *open, const double *price,
                         const double *quality, int k, double q, double tok);

/* Mean of monthly metric col over months a..b (indices into rows), skipping
 * undefined months; NAN when none is defined. */
double metrics_window_mean(const double *rows, int a, int b, int col);

/* Family j's share of open-weight tokens over months a..b: its tokens over
 * all open tokens (rows: months x N_MONTH_METRICS; fams: months x n_fam x
 * N_FAMILY_METRICS). */
double metrics_open_share_of(const double *rows, const double *fams, int n_fam, int a, int b, int j);

/* A replication's headlines from its monthly rows (months x N_MONTH_METRICS)
 * and, if cf is not NULL, its counterfactual's.  Writes NAN where undefined. */
void metrics_headline(const struct scenario *sc, const double *rows, const double *cf_rows,
                      double *out);

/* The same over months a..b (offsets from the horizon's start, inclusive)
 * instead of the reporting year: means over those months, sums scaled to a
 * year.  The _start and _end headlines stay the horizon's first and last
 * month. */
void metrics_headline_window(const struct scenario *sc, const double *rows, const double *cf_rows, int a,
                             int b, double *out);

#endif
