/*
 * abc.h - the posterior of a scenario's free parameters by approximate
 * Bayesian computation: adaptive ABC-SMC (Del Moral, Doucet and Jasra 2012,
 * "An adaptive sequential Monte Carlo method for approximate Bayesian
 * computation", Statistics and Computing 22), with the MCMC kernel scaled by
 * the particles' covariance (Beaumont, Cornuet, Marin and Robert 2009,
 * Biometrika 96).
 *
 * The distance of a parameter value is d = sqrt(F), F the calibration
 * objective (calibration.h): the weighted root mean square of the targets'
 * residuals in tolerances.  Particles start as draws from the priors; each
 * generation lowers the ABC tolerance eps so that the effective sample size
 * falls by half (particles with d > eps get weight 0), resamples when the ESS
 * falls below half the particles, and moves every particle with Metropolis-
 * Hastings steps on the logits of the parameters (proposal: normal, the
 * particles' weighted covariance scaled by 2.38^2 / P as Roberts, Gelman and
 * Gilks 1997 advise for P dimensions, Cholesky by gsl_linalg), accepting a move
 * when its distance is within eps and the prior ratio allows.  It stops when
 * eps reaches calibration.epsilon (1: the targets are met on average), when
 * the MCMC acceptance rate falls below 1% or when the budget
 * (calibration.max_evaluations) is spent.  If copies left by resampling
 * leave fewer than 60% of the particles (at least 100) distinct, up to 12
 * more MCMC steps at the final tolerance move them apart.
 *
 * Every evaluation runs replications 0..R-1 of the same base seed (common
 * random numbers), so d is a deterministic function of the parameters and
 * the sampler's own random numbers come from one stream in one thread:
 * the posterior does not depend on the thread count.  Evaluations of a
 * generation run in parallel (OpenMP), one per thread.
 */
#ifndef OSS_ABC_H
#define OSS_ABC_H

#include <stdio.h>

#include "calibration.h"

struct abc_result {
    int n, n_free, n_targets; /* particles with weight > 0 after merging duplicates */
    double *theta;            /* [n][n_free] */
    double *w;                /* [n], summing to 1 */
    double *model;            /* [n][n_targets]: each target's mean at the particle */
    double *dist;             /* [n] */
    double epsilon;           /* the final ABC tolerance */
    double ess;               /* effective sample size, 1 / sum w^2 */
    double acceptance;        /* the last generation's MCMC acceptance rate */
    int generations;
    long evaluations;
    const char *stop;         /* why it stopped, in words */
};

/* Runs the sampler (progress lines to o->log).  Returns 0, 1 interrupted,
 * -1 on error (message in err). */
int abc_smc(const struct fit_options *o, const struct scenario *sc, struct abc_result *out, char *err);

void abc_result_free(struct abc_result *r);

#endif
