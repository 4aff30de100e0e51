/*
 * posterior.h - what an ABC-SMC posterior says (abc.h) and where it goes:
 * the diagnostics printed by oss-sim calibrate and written to posterior.csv,
 * and the fragment (calibrated.cfg) that holds the ensemble.
 *
 * Diagnostics: the effective sample size; each parameter's posterior mean,
 * sd and 90% interval beside its prior's; a flag when the posterior piles
 * against a bound (at least 10% of its weight in the outer 2% of the range,
 * and at least twice the prior's weight there); the correlations between
 * parameters; and a posterior-predictive check of every target, the
 * weighted share of draws whose simulated value lies within the tolerance.
 */
#ifndef OSS_POSTERIOR_H
#define OSS_POSTERIOR_H

#include <stdbool.h>
#include <stdio.h>

#include "abc.h"

struct post_param {
    double mean, sd, q05, q95;    /* posterior */
    double pmean, psd, pq05, pq95; /* prior */
    const char *flag;             /* "piles at min", "piles at max" or "" */
};

struct post_target {
    double mean, q05, q95; /* the simulated metric over draws */
    double within;         /* weighted share of draws within tolerance */
};

/* pp[n_free], pt[n_targets], corr[n_free * n_free]. */
void posterior_summarise(const struct scenario *sc, const struct abc_result *r, struct post_param *pp,
                         struct post_target *pt, double *corr);

/* The printed diagnostics. */
void posterior_print(FILE *f, const struct scenario *sc, const struct abc_result *r);

/* posterior.csv (atomically). */
bool posterior_write_csv(const char *path, const struct scenario *sc, const struct abc_result *r, char *err);

/* The fragment: a record of the fit, `fitted` (the posterior mean, which a
 * plain run uses) and `ensemble` (each draw: [weight, the fitted keys'
 * values in order]). */
bool posterior_write_fragment(const char *path, const struct scenario *sc, const struct abc_result *r,
                              const char *version, const char *command, double seconds, char *err);

#endif
