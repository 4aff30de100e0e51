/*
 * run.h - replications of a scenario (and its counterfactual) on threads.
 *
 * Replication r of the scenario and of its counterfactual both draw from the
 * streams of (base seed, r), so their difference is a paired, common-random-
 * numbers comparison.  The replications of the scenario and of its
 * counterfactual are independent units of work: threads take whole units
 * when there are enough of them, and share out the blocks of agents of one
 * unit only when it has several blocks per thread (run_plan_threads).
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

/* The same, with the counterfactual's rows already known (cf_rows, as
 * run_results.cf_rows: [reps][months][N_MONTH_METRICS], from an earlier run
 * of the same counterfactual with the same seed) instead of run again; NULL
 * runs it.  The results are those of run_scenario. */
int run_scenario_reuse(const struct scenario *sc, const struct scenario *cf, const double *cf_rows, int threads,
                       bool progress, struct run_results *out);

/* One run of a batch: the scenario, its counterfactual (or NULL), and the
 * counterfactual's rows when already known (cf_rows, as in
 * run_scenario_reuse), or cf_same_as: the index of an earlier job of the
 * same batch whose counterfactual is this one's (the same scenario as
 * resolved, seed, replications and agents), whose rows it takes; -1 when
 * none.  out receives the results, as run_scenario's. */
struct run_job {
    const struct scenario *sc, *cf;
    const double *cf_rows;
    int cf_same_as;
    struct run_results out;
};

/* Runs n jobs as one pool of units (the replications of every job's
 * scenario and counterfactual), so that threads stay busy across jobs
 * instead of waiting for the slowest unit of each: the results of each job
 * are those of run_scenario_reuse, for any thread count.  Returns as
 * run_scenario; on a failure no job holds results. */
int run_batch(struct run_job *jobs, int n, int threads, bool progress);

void run_results_free(struct run_results *r);

/* Threads go to whole units (replications, each of the scenario and of its
 * counterfactual) or to the blocks of agents inside one: inside only when
 * a unit has at least this many blocks per thread, since every month ends
 * with a barrier where the team waits for its slowest thread. */
#define RUN_BLOCKS_PER_THREAD 8

/* How run_scenario uses `threads` for `units` units of n_agents agents:
 * *outer threads take whole units, each with *inner threads over its
 * blocks (one of the two is 1).  Returns the threads busy. */
int run_plan_threads(long n_agents, int units, int threads, int *outer, int *inner);

/* Makes the OpenMP threads that wait at a barrier sleep instead of spin
 * (OMP_WAIT_POLICY=passive), unless the environment chose: the C library's
 * OpenMP runtime reads the setting only at start-up, so the program runs
 * itself again with it (once; argv as given to main).  Spinning costs
 * nothing on an idle machine, but on a busy one a thread that spins for
 * its sibling takes the core the sibling is waiting for. */
void run_wait_passive(char **argv);

/* Seconds on the monotonic clock, for progress lines and timings. */
double run_clock(void);

#endif
