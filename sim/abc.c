/*
 * abc.c - adaptive ABC-SMC over a scenario's free parameters (see abc.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "abc.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "prior.h"
#include "run.h"

#define ABC_ESS_FALL 0.5  /* each generation keeps this share of the effective sample size */
#define ABC_MIN_ACCEPT 0.01
#define ABC_MAX_STEPS 4   /* MCMC steps per generation at most */
#define ABC_MAX_POLISH 12 /* further steps at the end, for distinct draws */

struct pop {
    int N, P, T;
    double *x;     /* [N][P] logits */
    double *d;     /* [N] */
    double *model; /* [N][T] */
    double *w;     /* [N] */
    double *lp;    /* [N] log prior density of x */
};

/* d and the targets' means at each of m parameter vectors x[m][P] (logits).
 * The scenarios are read one after another (reading changes directory);
 * the runs go in parallel, one replication set per thread. */
static int evaluate(const struct fit_options *o, const struct scenario *sc, int m, const double *x, double *d,
                    double *model, char *err)
{
    const struct calibration *c = &sc->calibration;
    int P = c->n_free, T = c->n_targets, status = 0;
    enum { CHUNK = 32 };
    struct scenario *trial = malloc(CHUNK * sizeof *trial);
    if (!trial) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        return -1;
    }
    for (int a = 0; a < m && status == 0; a += CHUNK) {
        int b = a + CHUNK < m ? a + CHUNK : m;
        for (int i = a; i < b && status == 0; i++) {
            double theta[OSS_MAX_CAL_FREE];
            for (int p = 0; p < P; p++)
                theta[p] = prior_theta(&c->free[p], x[(size_t)i * P + p]);
            if (!calibration_trial(o, sc, theta, &trial[i - a], err))
                status = -1;
        }
        if (status)
            break;
#pragma omp parallel for schedule(dynamic, 1) num_threads(o->threads)
        for (int i = a; i < b; i++) {
            struct run_results res;
            int st = run_scenario(&trial[i - a], NULL, 1, false, &res);
            if (st != 0) {
#pragma omp critical(abc_status)
                if (status == 0 || st < 0)
                    status = st;
                continue;
            }
            double F = calibration_score(sc, &trial[i - a], &res, model + (size_t)i * T);
            d[i] = sqrt(F);
            run_results_free(&res);
        }
    }
    if (status > 0)
        snprintf(err, OSS_ERR_LEN, "interrupted");
    else if (status < 0 && !err[0])
        snprintf(err, OSS_ERR_LEN, "out of memory");
    free(trial);
    return status;
}

static double ess_of(const double *w, int n)
{
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        s += w[i];
        s2 += w[i] * w[i];
    }
    return s2 > 0 ? s * s / s2 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The next tolerance: the smallest distance among the particles at which
 * the ESS keeps ABC_ESS_FALL of its value, and not below eps_min. */
static double next_epsilon(const struct pop *p, double eps_min)
{
    double *ds = malloc((size_t)p->N * sizeof *ds), *wk = malloc((size_t)p->N * sizeof *wk);
    int n = 0;
    for (int i = 0; i < p->N; i++)
        if (p->w[i] > 0)
            ds[n++] = p->d[i];
    qsort(ds, (size_t)n, sizeof *ds, cmp_double);
    double target = ABC_ESS_FALL * ess_of(p->w, p->N), eps = ds[n - 1];
    for (int k = 0; k < n; k++) {
        for (int i = 0; i < p->N; i++)
            wk[i] = p->d[i] <= ds[k] ? p->w[i] : 0;
        if (ess_of(wk, p->N) >= target) {
            eps = ds[k];
            break;
        }
    }
    free(ds);
    free(wk);
    return eps > eps_min ? eps : eps_min;
}

/* Systematic resampling: N equally weighted copies. */
static void resample(struct pop *p, gsl_rng *rng)
{
    int N = p->N, P = p->P, T = p->T;
    double *x = malloc((size_t)N * P * sizeof *x), *d = malloc((size_t)N * sizeof *d);
    double *mo = malloc((size_t)N * T * sizeof *mo), *lp = malloc((size_t)N * sizeof *lp);
    double tot = 0;
    for (int i = 0; i < N; i++)
        tot += p->w[i];
    double u = gsl_rng_uniform(rng) / N, c = p->w[0] / tot;
    int j = 0;
    for (int i = 0; i < N; i++) {
        double t = u + (double)i / N;
        while (c < t && j < N - 1)
            c += p->w[++j] / tot;
        memcpy(x + (size_t)i * P, p->x + (size_t)j * P, (size_t)P * sizeof *x);
        memcpy(mo + (size_t)i * T, p->model + (size_t)j * T, (size_t)T * sizeof *mo);
        d[i] = p->d[j];
        lp[i] = p->lp[j];
    }
    free(p->x);
    free(p->d);
    free(p->model);
    free(p->lp);
    p->x = x;
    p->d = d;
    p->model = mo;
    p->lp = lp;
    for (int i = 0; i < N; i++)
        p->w[i] = 1.0 / N;
}

/* The random-walk proposal's covariance: the particles' weighted
 * covariance of x times 2.38^2 / P (the optimal scaling of Roberts, Gelman
 * and Gilks 1997), plus ridge on the diagonal (a direction in which all
 * particles agree gets a small spread). */
static void covariance(const struct pop *p, double ridge, gsl_matrix *S)
{
    int N = p->N, P = p->P;
    double scale = 2.38 * 2.38 / P;
    double mean[OSS_MAX_CAL_FREE] = {0}, tot = 0;
    for (int i = 0; i < N; i++) {
        tot += p->w[i];
        for (int a = 0; a < P; a++)
            mean[a] += p->w[i] * p->x[(size_t)i * P + a];
    }
    for (int a = 0; a < P; a++)
        mean[a] /= tot;
    for (int a = 0; a < P; a++)
        for (int b = 0; b <= a; b++) {
            double s = 0;
            for (int i = 0; i < N; i++)
                s += p->w[i] * (p->x[(size_t)i * P + a] - mean[a]) * (p->x[(size_t)i * P + b] - mean[b]);
            s = scale * s / tot + (a == b ? ridge : 0);
            gsl_matrix_set(S, (size_t)a, (size_t)b, s);
            gsl_matrix_set(S, (size_t)b, (size_t)a, s);
        }
}

/* Cholesky factor of the proposal's covariance (lower triangle of L). */
static gsl_matrix *proposal_factor(const struct pop *p)
{
    gsl_matrix *L = gsl_matrix_alloc((size_t)p->P, (size_t)p->P);
    if (!L)
        return NULL;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    for (double ridge = 1e-6;; ridge *= 10) {
        covariance(p, ridge, L);
        if (gsl_linalg_cholesky_decomp1(L) == GSL_SUCCESS || ridge > 1e3)
            break;
    }
    gsl_set_error_handler(old);
    return L;
}

static double log_prior_x(const struct calibration *c, const double *x)
{
    double s = 0;
    for (int a = 0; a < c->n_free; a++)
        s += prior_log_density_x(&c->free[a], x[a]);
    return s;
}

static void pop_free(struct pop *p)
{
    free(p->x);
    free(p->d);
    free(p->model);
    free(p->w);
    free(p->lp);
}

/* Weighted particles into out, with duplicates (copies from resampling
 * that never moved) merged. */
static void collect(const struct pop *p, const struct scenario *sc, struct abc_result *out)
{
    int N = p->N, P = p->P, T = p->T, n = 0;
    (void)sc;
    out->theta = malloc((size_t)N * P * sizeof *out->theta);
    out->w = malloc((size_t)N * sizeof *out->w);
    out->model = malloc((size_t)N * T * sizeof *out->model);
    out->dist = malloc((size_t)N * sizeof *out->dist);
    double tot = 0;
    for (int i = 0; i < N; i++)
        tot += p->w[i];
    for (int i = 0; i < N; i++) {
        if (p->w[i] <= 0)
            continue;
        int k = 0;
        for (; k < n; k++)
            if (memcmp(out->theta + (size_t)k * P, p->x + (size_t)i * P, (size_t)P * sizeof(double)) == 0)
                break;
        if (k < n) {
            out->w[k] += p->w[i] / tot;
            continue;
        }
        memcpy(out->theta + (size_t)n * P, p->x + (size_t)i * P, (size_t)P * sizeof(double));
        memcpy(out->model + (size_t)n * T, p->model + (size_t)i * T, (size_t)T * sizeof(double));
        out->w[n] = p->w[i] / tot;
        out->dist[n] = p->d[i];
        n++;
    }
    /* logits to parameter values */
    for (int k = 0; k < n; k++)
        for (int a = 0; a < P; a++)
            out->theta[(size_t)k * P + a] = prior_theta(&sc->calibration.free[a], out->theta[(size_t)k * P + a]);
    out->n = n;
    out->n_free = P;
    out->n_targets = T;
    out->ess = ess_of(out->w, n);
}

/* Buffers of the MCMC moves. */
struct work {
    double *nx, *nd, *nmodel, *nlp;
    int *who;
};

/* One Metropolis-Hastings step of every living particle at tolerance eps. */
static int mh_sweep(const struct fit_options *o, const struct scenario *sc, struct pop *pp, struct work *wk,
                    const gsl_matrix *L, double eps, gsl_rng *rng, long *evals, long *proposed, long *accepted,
                    char *err)
{
    const struct calibration *c = &sc->calibration;
    int N = pp->N, P = pp->P, T = pp->T, m = 0, status;
    for (int i = 0; i < N; i++) {
        if (pp->w[i] <= 0)
            continue;
        double z[OSS_MAX_CAL_FREE], *xn = wk->nx + (size_t)m * P;
        for (int a = 0; a < P; a++)
            z[a] = gsl_ran_ugaussian(rng);
        for (int a = 0; a < P; a++) {
            double v = pp->x[(size_t)i * P + a];
            for (int b = 0; b <= a; b++)
                v += gsl_matrix_get(L, (size_t)a, (size_t)b) * z[b];
            xn[a] = v;
        }
        double lpn = log_prior_x(c, xn), u = gsl_rng_uniform_pos(rng);
        (*proposed)++;
        /* the prior ratio first: a move it rejects needs no simulation */
        if (!(log(u) < lpn - pp->lp[i]))
            continue;
        wk->nlp[m] = lpn;
        wk->who[m++] = i;
    }
    if ((status = evaluate(o, sc, m, wk->nx, wk->nd, wk->nmodel, err)) != 0)
        return status;
    *evals += m;
    for (int k = 0; k < m; k++) {
        if (!(wk->nd[k] <= eps))
            continue;
        int i = wk->who[k];
        memcpy(pp->x + (size_t)i * P, wk->nx + (size_t)k * P, (size_t)P * sizeof(double));
        memcpy(pp->model + (size_t)i * T, wk->nmodel + (size_t)k * T, (size_t)T * sizeof(double));
        pp->d[i] = wk->nd[k];
        pp->lp[i] = wk->nlp[k];
        (*accepted)++;
    }
    return 0;
}

/* Particles with weight that differ from every earlier one. */
static int distinct(const struct pop *p)
{
    int n = 0;
    for (int i = 0; i < p->N; i++) {
        if (p->w[i] <= 0)
            continue;
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = p->w[j] > 0 && memcmp(p->x + (size_t)j * p->P, p->x + (size_t)i * p->P, (size_t)p->P * sizeof(double)) == 0;
        n += !seen;
    }
    return n;
}

int abc_smc(const struct fit_options *o, const struct scenario *sc, struct abc_result *out, char *err)
{
    const struct calibration *c = &sc->calibration;
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    int N = c->particles, P = c->n_free, T = c->n_targets, status = 0;
    struct pop p = {N, P, T, NULL, NULL, NULL, NULL, NULL};
    p.x = malloc((size_t)N * P * sizeof *p.x);
    p.d = malloc((size_t)N * sizeof *p.d);
    p.model = malloc((size_t)N * T * sizeof *p.model);
    p.w = malloc((size_t)N * sizeof *p.w);
    p.lp = malloc((size_t)N * sizeof *p.lp);
    struct work w = {malloc((size_t)N * P * sizeof(double)), malloc((size_t)N * sizeof(double)),
                     malloc((size_t)N * T * sizeof(double)), malloc((size_t)N * sizeof(double)),
                     malloc((size_t)N * sizeof(int))};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!p.x || !p.d || !p.model || !p.w || !p.lp || !w.nx || !w.nd || !w.nmodel || !w.nlp || !w.who || !rng) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        status = -1;
        goto done;
    }
    /* the sampler's stream: from the base seed, apart from the replications' */
    gsl_rng_set(rng, (unsigned long)(sc->seed ^ 0xABC5A3C0FFEEULL));
    double t0 = run_clock();

    /* generation 0: the priors */
    for (int i = 0; i < N; i++) {
        for (int a = 0; a < P; a++)
            p.x[(size_t)i * P + a] = prior_x(&c->free[a], prior_draw(&c->free[a], rng));
        p.lp[i] = log_prior_x(c, p.x + (size_t)i * P);
        p.w[i] = 1.0 / N;
    }
    if ((status = evaluate(o, sc, N, p.x, p.d, p.model, err)) != 0)
        goto done;
    long evals = N;
    double eps = INFINITY, acc = 0.5;
    int gen = 0;
    const char *stop = NULL;
    if (o->log) {
        fprintf(o->log, "calibrate: ABC-SMC, %d particles; generation 0 from the priors: %ld evaluations, %.0f s\n",
                N, evals, run_clock() - t0);
        fflush(o->log);
    }
    while (!stop) {
        gen++;
        eps = next_epsilon(&p, c->epsilon);
        int alive = 0;
        for (int i = 0; i < N; i++) {
            if (p.d[i] > eps)
                p.w[i] = 0;
            alive += p.w[i] > 0;
        }
        if (alive == 0) {
            snprintf(err, OSS_ERR_LEN, "no particle within epsilon %g", eps);
            status = -1;
            goto done;
        }
        if (ess_of(p.w, N) < N / 2.0)
            resample(&p, rng);
        gsl_matrix *L = proposal_factor(&p);
        if (!L) {
            snprintf(err, OSS_ERR_LEN, "out of memory");
            status = -1;
            goto done;
        }
        /* MCMC steps: enough for most particles to move at the last
         * acceptance rate, within the budget */
        int steps = (int)ceil(log(0.1) / log(1 - (acc > 0.01 ? (acc < 0.9 ? acc : 0.9) : 0.01)));
        steps = steps < 1 ? 1 : steps > ABC_MAX_STEPS ? ABC_MAX_STEPS : steps;
        long proposed = 0, accepted = 0;
        for (int s = 0; s < steps && evals < c->max_evaluations; s++)
            if ((status = mh_sweep(o, sc, &p, &w, L, eps, rng, &evals, &proposed, &accepted, err)) != 0) {
                gsl_matrix_free(L);
                goto done;
            }
        gsl_matrix_free(L);
        acc = proposed ? (double)accepted / (double)proposed : 0;
        if (o->log) {
            double best = INFINITY;
            for (int i = 0; i < N; i++)
                if (p.w[i] > 0 && p.d[i] < best)
                    best = p.d[i];
            fprintf(o->log, "calibrate: generation %2d  epsilon %-8.4g ESS %5.1f  acceptance %4.2f (%d steps)  "
                    "best d %-7.4g evaluations %6ld  %4.0f s\n",
                    gen, eps, ess_of(p.w, N), acc, steps, best, evals, run_clock() - t0);
            fflush(o->log);
        }
        if (eps <= c->epsilon)
            stop = "reached the final tolerance";
        else if (acc < ABC_MIN_ACCEPT)
            stop = "stopped: MCMC acceptance below 1%";
        else if (evals >= c->max_evaluations)
            stop = "stopped: evaluation budget spent";
    }
    /* the ensemble needs distinct draws: copies left by the last resampling
     * take more steps at the final tolerance (at most ABC_MAX_POLISH) */
    int want = N * 6 / 10 > 100 ? N * 6 / 10 : (N < 100 ? N : 100);
    for (int k = 0; k < ABC_MAX_POLISH && distinct(&p) < want; k++) {
        gsl_matrix *L = proposal_factor(&p);
        long pr = 0, ac = 0;
        if (!L) {
            snprintf(err, OSS_ERR_LEN, "out of memory");
            status = -1;
            goto done;
        }
        status = mh_sweep(o, sc, &p, &w, L, eps, rng, &evals, &pr, &ac, err);
        gsl_matrix_free(L);
        if (status)
            goto done;
        if (o->log) {
            fprintf(o->log, "calibrate: a further step at epsilon %.4g for distinct draws: %d of %d particles distinct, "
                    "%ld evaluations, %.0f s\n", eps, distinct(&p), N, evals, run_clock() - t0);
            fflush(o->log);
        }
    }
    collect(&p, sc, out);
    out->epsilon = eps;
    out->acceptance = acc;
    out->generations = gen;
    out->evaluations = evals;
    out->stop = stop;
done:
    pop_free(&p);
    free(w.nx);
    free(w.nd);
    free(w.nmodel);
    free(w.nlp);
    free(w.who);
    gsl_rng_free(rng);
    return status;
}

void abc_result_free(struct abc_result *r)
{
    free(r->theta);
    free(r->w);
    free(r->model);
    free(r->dist);
    memset(r, 0, sizeof *r);
}
