/*
 * calibration.h - fitting a scenario's free parameters to its targets
 * (oss-sim calibrate), and the table that compares a run with the targets.
 *
 * A scenario's `calibration` block names free parameters (a numeric scenario
 * key with bounds and a starting value) and targets (a metric of the
 * reporting year, its value, tolerance, weight and source).  The fit
 * minimises
 *
 *     F(theta) = sum_k w_k ((m_k(theta) - v_k) / tol_k)^2 / sum_k w_k,
 *
 * where m_k(theta) is the mean of target k's metric over the calibration's
 * replications, run up to the end of the reporting year (the whole horizon
 * when something is dated after it).  Every evaluation runs replications 0..R-1 of the same base
 * seed, so all evaluations share their random numbers (common random
 * numbers) and F is a deterministic function of theta.  The search is GSL's
 * Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) on the logit of
 * each parameter's position between its bounds, which keeps every trial
 * inside them; after convergence the search restarts from the best point
 * with a fresh simplex until a restart gains less than 0.1%.  A target is met when |m_k - v_k| <= tol_k, so F <= 1 when
 * every target is met.
 */
#ifndef OSS_CALIBRATION_H
#define OSS_CALIBRATION_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"
#include "scenario.h"

/* A target's metric over a run's replications. */
struct cal_measure {
    double mean, lo, hi; /* 95% CI of the mean; NAN when n < 2 */
    int n;
    bool within;         /* |mean - value| <= tolerance */
};

/* Target t's metric in each replication of res: per_rep[res->reps]. */
void calibration_values(const struct scenario *sc, const struct run_results *res, int t,
                        double *per_rep);
/* The same for any metric named as a target names it (scenario_metric). */
void calibration_target_values(const struct scenario *sc, const struct run_results *res, const struct cal_target *tg,
                               double *per_rep);
struct cal_measure calibration_measure(const struct scenario *sc, const struct run_results *res, int t);

/* The table printed after a run: each target, the model's value with its CI,
 * and whether it is within tolerance. */
void calibration_print_table(FILE *f, const struct scenario *sc, const struct run_results *res);

/* "yes"/"NO" for a fitted target, "yes*"/"no*" for a reported one (weight 0). */
const char *calibration_met_label(const struct cal_target *tg, double model);
/* The closing line of a target table: "N of M fitted targets within tolerance". */
void calibration_print_count(FILE *f, int met, int fitted, int n);

/* The width of a printed table's target column: at least min, and the
 * longest target name (a window such as NAME@2024-11..2025-11 is long). */
int calibration_target_width(const struct calibration *c, int min);

/* calibration.csv in dir, written atomically. */
bool calibration_write_csv(const char *dir, const struct scenario *sc, const struct run_results *res,
                           char *err);

struct fit_options {
    const char *path;                /* the scenario file */
    const struct override_list *ov;  /* the user's -s overrides (applied to every evaluation) */
    int threads;
    int max_iterations;              /* 0: the block's */
    FILE *log;                       /* one progress line per iteration, or NULL */
};

struct fit {
    int iterations, evaluations;
    int restarts;                        /* fresh simplexes after the first convergence */
    bool converged;                      /* stopped on the size tolerance, not the cap */
    const char *stop;                    /* why the search stopped, in words */
    double objective;                    /* F at theta */
    double size;                         /* simplex size at the end */
    double theta[OSS_MAX_CAL_FREE];      /* fitted values */
    double model[OSS_MAX_CAL_TARGETS];   /* target metrics at theta (means) */
};

/* The scenario of one evaluation at theta (the block's replications and
 * agents, the horizon cut after the last target's month, the user's -s);
 * false with a message in err.  Not thread-safe (scenario_load). */
bool calibration_trial(const struct fit_options *o, const struct scenario *sc, const double *theta,
                       struct scenario *trial, char *err);

/* F of a run of trial, with each target's mean into model. */
double calibration_score(const struct scenario *sc, const struct scenario *trial, const struct run_results *res,
                         double *model);

/* Means of the targets' metrics at theta (an evaluation of the objective);
 * returns F, or NAN with a message in err (1: err is "interrupted"). */
double calibration_evaluate(const struct fit_options *o, const struct scenario *sc,
                            const double *theta, double *model, char *err);

/* Runs the fit from the block's starting values.  Returns 0, 1 when
 * interrupted (run_stop), -1 on error (message in err). */
int calibration_fit(const struct fit_options *o, const struct scenario *sc, struct fit *out, char *err);

/* Writes the fitted values as a scenario fragment (a `fitted` list of
 * "KEY=VALUE" strings) headed by a record of the fit, atomically. */
bool calibration_write_fragment(const char *path, const struct scenario *sc, const struct fit *fit,
                                const char *version, const char *command, char *err);

#endif
