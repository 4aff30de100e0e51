/*
 * sweep.h - running a design of scenario variants (oss-sim sweep).
 *
 * Point p of the design sets the swept keys (as -s overrides after the
 * user's own) and runs the scenario's replications, and its counterfactual's,
 * on the streams of (base seed, r): every point shares its random numbers
 * with every other (common random numbers), so differences between points
 * are the parameters' doing.  Each point's row (sweep.csv: point, the
 * parameter values, each headline's mean, sd and CI bounds, n) is appended
 * to DIR/sweep.csv.partial and flushed as soon as it is done, in point
 * order; memory does not grow with the number of points.  When the last
 * point is done the file is renamed sweep.csv and manifest.txt records the
 * sweep.  DIR/sweep.partial.txt holds the sweep's signature meanwhile: run
 * the same command again after an interruption and it keeps the complete
 * rows and goes on from the first missing point, so the final file is the
 * one an uninterrupted run writes.
 *
 * A shard I/N runs the I-th of N contiguous slices of the points (global
 * point numbers kept); sweep_merge joins the shards' sweep.csv into the
 * whole.  Built with MPI (make MPI=1), the points of the slice are dealt to
 * the ranks in turn and rank 0 writes the rows in point order, so the file
 * is the serial one.
 */
#ifndef OSS_SWEEP_H
#define OSS_SWEEP_H

#include <stdbool.h>

#include "design.h"
#include "scenario.h"

struct sweep_options {
    const char *path;                /* the scenario */
    const struct override_list *ov;  /* the user's -s (with -r, --seed) */
    bool no_cf;                      /* --no-baseline */
    struct design design;            /* kind, k, p, samples, file set; seed set by sweep_run */
    int shard, n_shards;             /* 1-based shard of n_shards (1/1: all) */
    int threads;
    const char *dir;                 /* output directory */
    bool progress;                   /* progress on stderr */
    bool quiet;
    const char *command;             /* for the manifest */
    int mpi_rank, mpi_size;          /* 0 / 1 without MPI */
    int draws;                       /* --ensemble K: K posterior draws per point, else 0 */
    /* set by sweep_run: the lock on dir (resdir_lock; -1 when none), held
     * after it returns so that the analysis and charts that follow are
     * this sweep's alone; the caller lets go with resdir_unlock */
    int lock_fd;
    char lock[OSS_PATH_LEN + 16];
};

/* Runs (or resumes) the sweep.  Returns 0 when sweep.csv is complete, 1
 * when interrupted, 2 on bad input, -1 on a failure; err holds a message.
 * A new sweep goes only into a directory that is empty or holds a sweep's
 * files: never beside a run's result or the user's files. */
int sweep_run(struct sweep_options *o, char *err);

/* Joins the shard directories' sweep.csv into dir/sweep.csv (a previous
 * result there is kept as dir.1, or removed when replace is set: --force).
 * Returns 0, 1 when interrupted, 2 on bad input (message in err), -1 on a
 * failure. */
int sweep_merge(const char *dir, const char *const *shards, int n, bool replace, const char *command, char *err);

/* Sobol indices for each metric (a summary.csv headline) from the complete
 * Saltelli sweep in dir, into dir/sobol.csv; n_boot bootstrap samples from
 * seed.  A metric without a column in sweep.csv is an error when strict,
 * else left out (the cf_ ones of a sweep without counterfactual). */
int sweep_sobol(const char *dir, const struct design *d, const char *const *metrics, int n_metrics, bool strict,
                int n_boot, unsigned long long seed, char *err);

#endif
