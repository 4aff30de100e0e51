/*
 * run.h - replications of a scenario (and its counterfactual) on threads.
 *
 * Replication r of the scenario and of its counterfactual both draw from the
 * streams of (base seed, r), so their difference is a paired, common-random-
 * numbers comparison.  With several replications each thread takes whole
 * replications; with one, the blocks of agents are shared out instead.
 * Either way the numbers do not depend on the thread count.
 */
#ifndef OSS_RUN_H
#define OSS_RUN_H

#include <signal.h>
#include <stdbool.h>

#include "metrics.h"
#include "scenario.h"

struct run_results {
    int reps, months, n_fam;
    double *rows;    /* [reps][months][N_MONTH_METRICS] */
    double *fams;    /* [reps][months][n_fam][N_FAMILY_METRICS] */
    double *cf_rows; /* counterfactual's rows, or NULL */
    double *head;    /* [reps][N_HEADLINES] */
    double *cf_head; /* the counterfactual's own headlines (its cf_ ones NaN), or NULL */
    int draws;       /* an ensemble run: reps = draws x replications, draw-major; 0 otherwise */
};

/* Set by a signal handler to stop a run early. */
extern volatile sig_atomic_t run_stop;

/* Runs sc->replications replications (cf may be NULL).  progress: show a
 * progress line on stderr.  Returns 0, or -1 when out of memory, or 1 when
 * stopped by run_stop. */
int run_scenario(const struct scenario *sc, const struct scenario *cf, int threads,
                 bool progress, struct run_results *out);

void run_results_free(struct run_results *r);

/* Seconds on the monotonic clock, for progress lines and timings. */
double run_clock(void);

#endif
