/*
 * run.c - replications on threads, with progress on a terminal.
 */
#define _POSIX_C_SOURCE 200809L
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "market.h"

volatile sig_atomic_t run_stop = 0;

void run_wait_passive(char **argv)
{
#ifdef __linux__
    /* the process name: the program's, not "exe" after running itself again */
    const char *name = argv[0] && strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (name && name[0])
        prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
#endif
    if (getenv("OMP_WAIT_POLICY"))
        return;
    setenv("OMP_WAIT_POLICY", "passive", 1);
    execv("/proc/self/exe", argv); /* returns only if it failed: go on as we are */
}

double run_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct progress {
    bool on;
    long done, total; /* months simulated */
    double t0, last;
};

static void progress_tick(struct progress *p)
{
    if (!p->on)
        return;
    long done;
#pragma omp atomic capture
    done = ++p->done;
    double t = run_clock();
    bool show = false;
#pragma omp critical(progress)
    if (t - p->last > 0.25 || done == p->total) {
        p->last = t;
        show = true;
    }
    if (show) {
        double el = t - p->t0, left = done ? el * (double)(p->total - done) / (double)done : 0;
#pragma omp critical(progress)
        fprintf(stderr, "\r  %5.1f%%  %ld/%ld replication-months  %.0fs elapsed, ~%.0fs left   ",
                100.0 * (double)done / (double)p->total, done, p->total, el, left);
    }
}

/* One replication of one scenario into rows (and fams if not NULL), in one
 * parallel region of `threads` threads (1: none) that lasts the whole
 * replication: the agents are drawn and each month's blocks are processed
 * by the team, with one thread doing the supply side and the metrics
 * between them. */
static int run_one(const struct scenario *sc, int rep, int threads, double *rows, double *fams,
                   struct progress *p)
{
    if (run_stop) /* interrupted: do not build the remaining replications' worlds */
        return 1;
    struct world *w = world_new(sc, rep);
    if (!w)
        return -1;
    size_t fstride = (size_t)sc->n_families * N_FAMILY_METRICS;
    double *scratch = fams ? NULL : malloc(fstride * sizeof *scratch);
    if (!fams && !scratch) {
        world_free(w);
        return -1;
    }
    bool stop = false;
#pragma omp parallel num_threads(threads) if (threads > 1)
    {
        world_draw_team(w);
#pragma omp single
        world_month_open(w, 0);
        for (int k = 0; k < sc->months; k++) {
            world_blocks_team(w, k);
            /* one thread between two months' blocks: two barriers a month */
#pragma omp single
            {
                world_month_close(w);
                metrics_month(w, rows + (size_t)k * N_MONTH_METRICS, fams ? fams + (size_t)k * fstride : scratch);
                progress_tick(p);
                stop = run_stop != 0;
                if (!stop && k + 1 < sc->months)
                    world_month_open(w, k + 1);
            } /* its barrier: every thread sees stop */
            if (stop)
                break;
        }
    }
    free(scratch);
    world_free(w);
    return stop ? 1 : 0;
}

int run_plan_threads(long n_agents, int units, int threads, int *outer, int *inner)
{
    int blocks = (int)((n_agents + BLOCK_AGENTS - 1) / BLOCK_AGENTS);
    bool split_ok = blocks >= RUN_BLOCKS_PER_THREAD * threads;
    *outer = *inner = 1;
    if (threads <= 1)
        return 1;
    if (units > 1 && (!split_ok || units >= RUN_BLOCKS_PER_THREAD * threads || units % threads == 0)) {
        *outer = units < threads ? units : threads;
        return *outer;
    }
    if (split_ok)
        *inner = threads;
    return *inner;
}

int run_scenario(const struct scenario *sc, const struct scenario *cf, int threads, bool progress,
                 struct run_results *out)
{
    return run_scenario_reuse(sc, cf, NULL, threads, progress, out);
}

int run_scenario_reuse(const struct scenario *sc, const struct scenario *cf, const double *cf_rows, int threads,
                       bool progress, struct run_results *out)
{
    memset(out, 0, sizeof *out);
    int R = sc->replications, M = sc->months, F = sc->n_families;
    out->reps = R;
    out->months = M;
    out->n_fam = F;
    out->rows = malloc((size_t)R * M * N_MONTH_METRICS * sizeof(double));
    out->fams = malloc((size_t)R * M * F * N_FAMILY_METRICS * sizeof(double));
    out->head = malloc((size_t)R * N_HEADLINES * sizeof(double));
    if (cf) {
        out->cf_rows = malloc((size_t)R * M * N_MONTH_METRICS * sizeof(double));
        out->cf_head = malloc((size_t)R * N_HEADLINES * sizeof(double));
    }
    if (!out->rows || !out->fams || !out->head || (cf && (!out->cf_rows || !out->cf_head))) {
        run_results_free(out);
        return -1;
    }
    bool run_cf = cf && !cf_rows;
    if (cf_rows)
        memcpy(out->cf_rows, cf_rows, (size_t)R * M * N_MONTH_METRICS * sizeof(double));
    struct progress p = {progress, 0, (long)R * (run_cf ? M + cf->months : M), run_clock(), 0};
    int status = 0;
    /* the units of work: each replication of the scenario and, apart, of
     * its counterfactual; whole units go to threads when there are enough
     * of them, else the blocks of one unit are shared out */
    int per = run_cf ? 2 : 1, units = R * per, outer, inner;
    run_plan_threads(sc->n_agents, units, threads, &outer, &inner);

#pragma omp parallel for schedule(dynamic, 1) num_threads(outer) if (outer > 1)
    for (int u = 0; u < units; u++) {
        int r = u / per;
        bool is_cf = u % per == 1;
        double *rows = is_cf ? out->cf_rows + (size_t)r * M * N_MONTH_METRICS
                             : out->rows + (size_t)r * M * N_MONTH_METRICS;
        double *fams = is_cf ? NULL : out->fams + (size_t)r * M * F * N_FAMILY_METRICS;
        int st = run_one(is_cf ? cf : sc, r, inner, rows, fams, &p);
        if (st != 0) {
#pragma omp critical(status)
            if (status == 0 || st < 0)
                status = st;
        }
    }
    /* the headlines once every unit is done (the scenario's need its
     * counterfactual's rows) */
    for (int r = 0; status == 0 && r < R; r++) {
        double *rows = out->rows + (size_t)r * M * N_MONTH_METRICS;
        double *crows = cf ? out->cf_rows + (size_t)r * M * N_MONTH_METRICS : NULL;
        metrics_headline(sc, rows, crows, out->head + (size_t)r * N_HEADLINES);
        if (cf)
            metrics_headline(cf, crows, NULL, out->cf_head + (size_t)r * N_HEADLINES);
    }
    if (progress)
        fprintf(stderr, "\r%*s\r", 78, "");
    if (status != 0)
        run_results_free(out);
    return status;
}

void run_results_free(struct run_results *r)
{
    free(r->rows);
    free(r->fams);
    free(r->cf_rows);
    free(r->head);
    free(r->cf_head);
    memset(r, 0, sizeof *r);
}
