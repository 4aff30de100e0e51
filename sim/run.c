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
    struct run_job job = {sc, cf, cf_rows, -1, {0}};
    int st = run_batch(&job, 1, threads, progress);
    *out = job.out;
    return st;
}

/* The results of one job, allocated (cf rows copied when given); false when
 * out of memory. */
static bool job_alloc(struct run_job *j)
{
    struct run_results *out = &j->out;
    const struct scenario *sc = j->sc, *cf = j->cf;
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
        return false;
    }
    if (cf && j->cf_rows)
        memcpy(out->cf_rows, j->cf_rows, (size_t)R * M * N_MONTH_METRICS * sizeof(double));
    return true;
}

/* Does job j run its counterfactual itself? */
static bool job_runs_cf(const struct run_job *j)
{
    return j->cf && !j->cf_rows && j->cf_same_as < 0;
}

int run_batch(struct run_job *jobs, int n, int threads, bool progress)
{
    int status = 0;
    for (int i = 0; i < n; i++)
        memset(&jobs[i].out, 0, sizeof jobs[i].out);
    for (int i = 0; i < n && status == 0; i++)
        if (!job_alloc(&jobs[i]))
            status = -1;
    /* the units of work: each replication of each job's scenario and,
     * apart, of its counterfactual (when it runs it), numbered job by job;
     * whole units go to threads when there are enough of them, else the
     * blocks of one unit are shared out */
    int *first = calloc((size_t)n + 1, sizeof *first);
    if (!first)
        status = -1;
    long months = 0, n_agents = 0;
    for (int i = 0; status == 0 && i < n; i++) {
        const struct run_job *j = &jobs[i];
        int per = job_runs_cf(j) ? 2 : 1;
        first[i + 1] = first[i] + j->sc->replications * per;
        months += (long)j->sc->replications * (job_runs_cf(j) ? j->sc->months + j->cf->months : j->sc->months);
        if (j->sc->n_agents > n_agents)
            n_agents = j->sc->n_agents;
    }
    int units = status == 0 ? first[n] : 0, outer, inner;
    struct progress p = {progress, 0, months, run_clock(), 0};
    run_plan_threads(n_agents, units, threads, &outer, &inner);

#pragma omp parallel for schedule(dynamic, 1) num_threads(outer) if (outer > 1)
    for (int u = 0; u < units; u++) {
        int i = 0;
        while (first[i + 1] <= u)
            i++;
        struct run_job *j = &jobs[i];
        int M = j->sc->months, F = j->sc->n_families, per = job_runs_cf(j) ? 2 : 1;
        int r = (u - first[i]) / per;
        bool is_cf = (u - first[i]) % per == 1;
        double *rows = is_cf ? j->out.cf_rows + (size_t)r * M * N_MONTH_METRICS
                             : j->out.rows + (size_t)r * M * N_MONTH_METRICS;
        double *fams = is_cf ? NULL : j->out.fams + (size_t)r * M * F * N_FAMILY_METRICS;
        int st = run_one(is_cf ? j->cf : j->sc, r, inner, rows, fams, &p);
        if (st != 0) {
#pragma omp critical(status)
            if (status == 0 || st < 0)
                status = st;
        }
    }
    /* the counterfactuals run by an earlier job of the batch, then the
     * headlines once every unit is done (the scenario's need its
     * counterfactual's rows) */
    for (int i = 0; status == 0 && i < n; i++) {
        struct run_job *j = &jobs[i];
        int R = j->sc->replications, M = j->sc->months;
        if (j->cf && !j->cf_rows && j->cf_same_as >= 0)
            memcpy(j->out.cf_rows, jobs[j->cf_same_as].out.cf_rows, (size_t)R * M * N_MONTH_METRICS * sizeof(double));
        for (int r = 0; r < R; r++) {
            double *rows = j->out.rows + (size_t)r * M * N_MONTH_METRICS;
            double *crows = j->cf ? j->out.cf_rows + (size_t)r * M * N_MONTH_METRICS : NULL;
            metrics_headline(j->sc, rows, crows, j->out.head + (size_t)r * N_HEADLINES);
            if (j->cf)
                metrics_headline(j->cf, crows, NULL, j->out.cf_head + (size_t)r * N_HEADLINES);
        }
    }
    if (progress)
        fprintf(stderr, "\r%*s\r", 78, "");
    free(first);
    if (status != 0)
        for (int i = 0; i < n; i++)
            run_results_free(&jobs[i].out);
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
