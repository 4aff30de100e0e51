/*
 * ensemble.c - K posterior draws x R replications (see ensemble.h).
 */
#include "ensemble.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prior.h"

const char *ensemble_source(const struct scenario *sc) { return sc->calibration.fitted_file; }

/* FNV-1a of a key: the judgement parameters' streams */
static uint64_t key_hash(const char *k)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211ULL;
    return h;
}

/* Judgement parameter p's value in draw k. */
static double uncertain_value(const struct scenario *sc, const struct cal_free *p, int k)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return p->prior.dist == PRIOR_UNIFORM ? 0.5 * (p->min + p->max) : p->prior.mean;
    gsl_rng_set(rng, (unsigned long)(sc->seed ^ key_hash(p->key) ^ (0x9E3779B97F4A7C15ULL * (uint64_t)(k + 1))));
    double v = prior_draw(p, rng);
    gsl_rng_free(rng);
    return v;
}

/* Loads s's file with draw k's values (the ensemble's row idx) and ov. */
static bool load_draw(const struct scenario *s, const struct ensemble *e, int idx, int k,
                      const struct override_list *ov, struct scenario *out, char *err)
{
    int nu = ov ? ov->n : 0, n = 0;
    const char **items = malloc((size_t)(e->n_keys + OSS_MAX_UNCERTAIN + nu) * sizeof *items);
    char (*buf)[OSS_KEY_LEN + 40] = malloc((size_t)(e->n_keys + OSS_MAX_UNCERTAIN) * sizeof *buf);
    bool ok = false;
    if (!items || !buf) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        goto done;
    }
    for (int i = 0; i < e->n_keys; i++) {
        snprintf(buf[n], sizeof buf[n], "%s=%.17g", e->keys[i], e->v[(size_t)idx * e->n_keys + i]);
        items[n] = buf[n];
        n++;
    }
    for (int i = 0; i < s->n_uncertain; i++) {
        snprintf(buf[n], sizeof buf[n], "%s=%.17g", s->uncertain[i].key, uncertain_value(s, &s->uncertain[i], k));
        items[n] = buf[n];
        n++;
    }
    for (int i = 0; i < nu; i++)
        items[n++] = ov->items[i];
    struct override_list l = {n, items, false};
    char e2[OSS_ERR_LEN];
    ok = scenario_load(out, s->path, &l, e2);
    if (!ok)
        snprintf(err, OSS_ERR_LEN, "posterior draw %d (ensemble row %d of %.200s): %.700s", k + 1, idx + 1, e->file, e2);
done:
    free(items);
    free(buf);
    return ok;
}

/* Appends a run of R replications as draw k of out (allocated for K). */
static void put(struct run_results *out, const struct run_results *r, int k)
{
    int R = r->reps, M = r->months, F = r->n_fam;
    size_t rows = (size_t)R * M * N_MONTH_METRICS, fams = (size_t)R * M * F * N_FAMILY_METRICS;
    memcpy(out->rows + k * rows, r->rows, rows * sizeof(double));
    memcpy(out->fams + k * fams, r->fams, fams * sizeof(double));
    memcpy(out->head + (size_t)k * R * N_HEADLINES, r->head, (size_t)R * N_HEADLINES * sizeof(double));
    if (r->cf_rows) {
        memcpy(out->cf_rows + k * rows, r->cf_rows, rows * sizeof(double));
        memcpy(out->cf_head + (size_t)k * R * N_HEADLINES, r->cf_head, (size_t)R * N_HEADLINES * sizeof(double));
    }
}

int ensemble_run(const struct scenario *sc, const struct scenario *cf, const struct override_list *ov, int K,
                 int threads, bool progress, struct run_results *out, char *err)
{
    memset(out, 0, sizeof *out);
    struct ensemble e;
    if (!scenario_ensemble(sc, &e, err))
        return 2;
    int R = sc->replications, M = sc->months, F = sc->n_families, status = 0;
    int *idx = malloc((size_t)K * sizeof *idx);
    struct scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_ran_discrete_t *table = gsl_ran_discrete_preproc((size_t)e.n, e.w);
    size_t NR = (size_t)K * R;
    out->reps = (int)NR;
    out->months = M;
    out->n_fam = F;
    out->draws = K;
    out->rows = malloc(NR * M * N_MONTH_METRICS * sizeof(double));
    out->fams = malloc(NR * M * F * N_FAMILY_METRICS * sizeof(double));
    out->head = malloc(NR * N_HEADLINES * sizeof(double));
    if (cf) {
        out->cf_rows = malloc(NR * M * N_MONTH_METRICS * sizeof(double));
        out->cf_head = malloc(NR * N_HEADLINES * sizeof(double));
    }
    if (!idx || !a || !b || !rng || !table || !out->rows || !out->fams || !out->head ||
        (cf && (!out->cf_rows || !out->cf_head))) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        status = -1;
        goto done;
    }
    /* the draws: a stream of the base seed apart from the replications' */
    gsl_rng_set(rng, (unsigned long)(sc->seed ^ 0xE45E3B1EULL));
    for (int k = 0; k < K; k++)
        idx[k] = (int)gsl_ran_discrete(rng, table);
    double t0 = run_clock();
    for (int k = 0; k < K && status == 0; k++) {
        if (!load_draw(sc, &e, idx[k], k, ov, a, err) || (cf && !load_draw(cf, &e, idx[k], k, ov, b, err))) {
            status = 2;
            break;
        }
        if (a->months != M || a->n_families != F || a->replications != R || (cf && !scenario_pairable(a, b))) {
            snprintf(err, OSS_ERR_LEN, "posterior draw %d changes the horizon, the families or the replications", k + 1);
            status = 2;
            break;
        }
        struct run_results r;
        int st = run_scenario(a, cf ? b : NULL, threads, false, &r);
        if (st != 0) {
            status = st;
            snprintf(err, OSS_ERR_LEN, st > 0 ? "interrupted" : "out of memory");
            break;
        }
        put(out, &r, k);
        run_results_free(&r);
        if (progress) {
            double el = run_clock() - t0;
            fprintf(stderr, "\r  posterior draw %d of %d, %d replications each  %.0fs elapsed, ~%.0fs left   ", k + 1, K,
                    R, el, el * (K - k - 1) / (k + 1));
        }
    }
    if (progress)
        fprintf(stderr, "\r%*s\r", 78, "");
done:
    if (status != 0)
        run_results_free(out);
    ensemble_free(&e);
    free(idx);
    free(a);
    free(b);
    gsl_rng_free(rng);
    gsl_ran_discrete_free(table);
    return status;
}
