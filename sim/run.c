/*
 * run.c - replications on threads, with progress on a terminal.
 */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "market.h"

volatile sig_atomic_t run_stop = 0;

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

/* One replication of one scenario into rows (and fams if not NULL). */
static int run_one(const struct scenario *sc, int rep, int threads, double *rows, double *fams,
                   struct progress *p)
{
    if (run_stop) /* interrupted: do not build the remaining replications' worlds */
        return 1;
    struct world *w = world_alloc_threads(sc, rep, threads);
    if (!w)
        return -1;
    size_t fstride = (size_t)sc->n_families * N_FAMILY_METRICS;
    double *scratch = fams ? NULL : malloc(fstride * sizeof *scratch);
    for (int k = 0; k < sc->months; k++) {
        if (run_stop) {
            free(scratch);
            world_free(w);
            return 1;
        }
        world_step(w, k, threads);
        metrics_month(w, rows + (size_t)k * N_MONTH_METRICS, fams ? fams + (size_t)k * fstride : scratch);
        progress_tick(p);
    }
    free(scratch);
    world_free(w);
    return 0;
}

int run_scenario(const struct scenario *sc, const struct scenario *cf, int threads, bool progress,
                 struct run_results *out)
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
    struct progress p = {progress, 0, (long)R * (cf ? M + cf->months : M), run_clock(), 0};
    int status = 0;
    bool outer = R > 1 && threads > 1;
    int inner = outer ? 1 : threads;

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (outer)
    for (int r = 0; r < R; r++) {
        double *rows = out->rows + (size_t)r * M * N_MONTH_METRICS;
        double *fams = out->fams + (size_t)r * M * F * N_FAMILY_METRICS;
        double *crows = cf ? out->cf_rows + (size_t)r * M * N_MONTH_METRICS : NULL;
        int st = run_one(sc, r, inner, rows, fams, &p);
        if (st == 0 && cf)
            st = run_one(cf, r, inner, crows, NULL, &p);
        if (st == 0)
            metrics_headline(sc, rows, crows, out->head + (size_t)r * N_HEADLINES);
        if (st == 0 && cf)
            metrics_headline(cf, crows, NULL, out->cf_head + (size_t)r * N_HEADLINES);
        if (st != 0) {
#pragma omp critical(status)
            if (status == 0 || st < 0)
                status = st;
        }
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
