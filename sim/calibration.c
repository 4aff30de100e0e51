/*
 * calibration.c - the objective, its minimisation and the fitted fragment
 * (see calibration.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "calibration.h"

#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "month.h"
#include "output.h"
#include "stats.h"

/* ---- target metrics ---------------------------------------------------- */

/* Target tg's metric in one replication: a headline, a family's share of
 * open tokens over the reporting year, or either over a quarter. */
static double value_of(const struct scenario *sc, const struct cal_target *tg, const double *rows,
                       const double *fams, const double *head)
{
    if (tg->headline >= 0)
        return head[tg->headline];
    int a, b;
    if (tg->first >= 0) {
        a = tg->first;
        b = tg->last;
    } else if (!scenario_reporting_months(sc, &a, &b)) {
        return NAN;
    }
    a -= sc->start;
    b -= sc->start;
    if (a < 0 || b >= sc->months)
        return NAN;
    if (tg->month >= 0)
        return metrics_window_mean(rows, a, b, tg->month);
    if (tg->family >= 0) { /* a model (its hosted option) on all its channels; a first-party option alone */
        double share = 0;
        for (int i = 0; i < sc->n_families; i++)
            if (i == tg->family || sc->families[i].model == tg->family)
                share += metrics_open_share_of(rows, fams, sc->n_families, a, b, i);
        return share;
    }
    return NAN; /* a family this world leaves out */
}

static void values(const struct scenario *sc, const struct run_results *res, const struct cal_target *tg,
                   double *per_rep)
{
    size_t rstride = (size_t)res->months * N_MONTH_METRICS;
    size_t fstride = (size_t)res->months * res->n_fam * N_FAMILY_METRICS;
    for (int r = 0; r < res->reps; r++)
        per_rep[r] = value_of(sc, tg, res->rows + r * rstride, res->fams + r * fstride,
                              res->head + (size_t)r * N_HEADLINES);
}

void calibration_target_values(const struct scenario *sc, const struct run_results *res, const struct cal_target *tg,
                               double *per_rep)
{
    values(sc, res, tg, per_rep);
}

void calibration_values(const struct scenario *sc, const struct run_results *res, int t, double *per_rep)
{
    values(sc, res, &sc->calibration.targets[t], per_rep);
}

/* Target tg's metric over the replications of res (a run of sc). */
static struct cal_measure measure(const struct scenario *sc, const struct run_results *res,
                                  const struct cal_target *tg)
{
    double *v = malloc((size_t)res->reps * sizeof *v);
    struct cal_measure m = {NAN, NAN, NAN, 0, false};
    if (!v)
        return m;
    values(sc, res, tg, v);
    struct summary s = stats_summarise(v, 1, res->reps);
    free(v);
    m.mean = s.mean;
    m.lo = s.lo;
    m.hi = s.hi;
    m.n = s.n;
    m.within = fabs(s.mean - tg->value) <= tg->tolerance;
    return m;
}

struct cal_measure calibration_measure(const struct scenario *sc, const struct run_results *res, int t)
{
    return measure(sc, res, &sc->calibration.targets[t]);
}

/* An ensemble run: target t's interval over draws and the share of draws
 * whose mean lies within its tolerance (the posterior-predictive check). */
static void measure_ensemble(const struct scenario *sc, const struct run_results *res, int t, struct ens_summary *e,
                             double *within)
{
    const struct cal_target *tg = &sc->calibration.targets[t];
    int K = res->draws, R = res->reps / K, in = 0, n = 0;
    double *v = malloc((size_t)res->reps * sizeof *v);
    *within = NAN;
    if (!v) {
        e->pi_lo = e->pi_hi = NAN;
        e->draws = 0;
        return;
    }
    values(sc, res, tg, v);
    *e = stats_ensemble(v, 1, K, R);
    for (int k = 0; k < K; k++) {
        struct summary s = stats_summarise(v + (size_t)k * R, 1, R);
        if (s.n == 0)
            continue;
        n++;
        in += fabs(s.mean - tg->value) <= tg->tolerance;
    }
    if (n)
        *within = (double)in / n;
    free(v);
}

const char *calibration_met_label(const struct cal_target *tg, double model)
{
    bool ok = fabs(model - tg->value) <= tg->tolerance;
    if (tg->weight > 0)
        return ok ? "yes" : "NO";
    return ok ? "yes*" : "no*";
}

void calibration_print_count(FILE *f, int met, int fitted, int n)
{
    fprintf(f, "%d of %d fitted targets within tolerance", met, fitted);
    if (n > fitted)
        fprintf(f, "; * %d reported, not fitted (weight 0: see docs/calibration.md)", n - fitted);
    fputc('\n', f);
}

void calibration_print_table(FILE *f, const struct scenario *sc, const struct run_results *res)
{
    const struct calibration *c = &sc->calibration;
    int met = 0, fitted = 0, w = calibration_target_width(c, 38);
    fprintf(f, "calibration targets (%s", c->file);
    if (c->n_fitted)
        fprintf(f, "; %d fitted values from %s", c->n_fitted, c->fitted_file);
    if (res->draws) {
        fprintf(f, "; %d posterior draws x %d replications):\n", res->draws, res->reps / res->draws);
        fprintf(f, "%-*s %9s %9s  %9s  %-21s %-21s %7s %-6s %s\n", w, "target", "value", "+/- tol", "model",
                "Monte Carlo 95% CI", "parameter 90% int.", "within", "met", "source");
        for (int t = 0; t < c->n_targets; t++) {
            const struct cal_target *tg = &c->targets[t];
            struct cal_measure m = calibration_measure(sc, res, t);
            struct ens_summary e;
            double within;
            measure_ensemble(sc, res, t, &e, &within);
            char mean[64], ci[64], pi[64];
            output_format_ens_level(mean, ci, pi, sizeof ci, m.mean, &e);
            met += m.within && tg->weight > 0;
            fitted += tg->weight > 0;
            fprintf(f, "%-*s %9.4g %9.4g  %9s  %-21s %-21s %6.0f%% %-6s %s\n", w, tg->metric, tg->value, tg->tolerance,
                    mean, ci, pi, 100 * within, calibration_met_label(tg, m.mean), tg->source);
        }
        fprintf(f, "(within: the share of draws whose mean lies within the tolerance; met: the mean over all draws)\n");
        calibration_print_count(f, met, fitted, c->n_targets);
        return;
    }
    w = calibration_target_width(c, 34);
    fprintf(f, "):\n%-*s %9s %9s  %9s  %-21s %-6s %s\n", w, "target", "value", "+/- tol", "model",
            "Monte Carlo 95% CI", "met", "source");
    for (int t = 0; t < c->n_targets; t++) {
        const struct cal_target *tg = &c->targets[t];
        struct cal_measure m = calibration_measure(sc, res, t);
        char mean[64], ci[64];
        output_format_level(mean, ci, sizeof ci, m.mean, m.n > 1 ? m.lo : NAN, m.n > 1 ? m.hi : NAN);
        met += m.within && tg->weight > 0;
        fitted += tg->weight > 0;
        fprintf(f, "%-*s %9.4g %9.4g  %9s  %-21s %-6s %s\n", w, tg->metric, tg->value, tg->tolerance,
                mean, ci, calibration_met_label(tg, m.mean), tg->source);
    }
    calibration_print_count(f, met, fitted, c->n_targets);
}

int calibration_target_width(const struct calibration *c, int min)
{
    int w = min;
    for (int t = 0; t < c->n_targets; t++) {
        int n = (int)strlen(c->targets[t].metric);
        w = n > w ? n : w;
    }
    return w;
}

bool calibration_write_csv(const char *dir, const struct scenario *sc, const struct run_results *res,
                           char *err)
{
    char path[OSS_PATH_LEN + 32];
    snprintf(path, sizeof path, "%.4000s/calibration.csv", dir);
    struct output_file a;
    if (!output_atomic_open(&a, path, err))
        return false;
    fprintf(a.f, "metric,value,tolerance,weight,mean,ci95_lo,ci95_hi,n,within,source%s\n",
            res->draws ? ",pi90_lo,pi90_hi,draws,within_share" : "");
    for (int t = 0; t < sc->calibration.n_targets; t++) {
        const struct cal_target *tg = &sc->calibration.targets[t];
        struct cal_measure m = calibration_measure(sc, res, t);
        fputs(tg->metric, a.f); /* numbers through output_csv_num: NaN, as in every CSV file */
        output_csv_num(a.f, tg->value);
        output_csv_num(a.f, tg->tolerance);
        output_csv_num(a.f, tg->weight);
        output_csv_num(a.f, m.mean);
        output_csv_num(a.f, m.lo);
        output_csv_num(a.f, m.hi);
        fprintf(a.f, ",%d,%d,", m.n, m.within);
        output_csv_text(a.f, tg->source);
        if (res->draws) {
            struct ens_summary e;
            double within;
            measure_ensemble(sc, res, t, &e, &within);
            output_csv_num(a.f, e.pi_lo);
            output_csv_num(a.f, e.pi_hi);
            fprintf(a.f, ",%d", e.draws);
            output_csv_num(a.f, within);
        }
        fputc('\n', a.f);
    }
    return output_atomic_commit(&a, err);
}

/* ---- the objective ------------------------------------------------------ */

/* theta from the search coordinate x (logit of the position in the bounds) and back. */
static double to_theta(const struct cal_free *p, double x)
{
    return p->min + (p->max - p->min) / (1 + exp(-x));
}

static double to_x(const struct cal_free *p, double theta)
{
    double u = (theta - p->min) / (p->max - p->min);
    return log(u / (1 - u));
}

bool calibration_trial(const struct fit_options *o, const struct scenario *sc, const double *theta,
                       struct scenario *trial, char *err)
{
    const struct calibration *c = &sc->calibration;
    int n_user = o->ov ? o->ov->n : 0;
    const char **items = malloc((size_t)(n_user + 3 + c->n_free) * sizeof *items);
    char (*buf)[OSS_KEY_LEN + 64] = malloc((size_t)(3 + c->n_free) * sizeof *buf);
    bool ok = false;
    if (!items || !buf) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        goto done;
    }
    int n = 0, b = 0;
    for (int i = 0; i < n_user; i++)
        items[n++] = o->ov->items[i];
    snprintf(buf[b], sizeof buf[b], "run.replications=%d", c->replications);
    items[n++] = buf[b++];
    snprintf(buf[b], sizeof buf[b], "agents.count=%ld", c->agents);
    items[n++] = buf[b++];
    /* the targets are metrics of the reporting year or of quarters: months
     * after the last of them need not run */
    int last = month_make(sc->reporting_year, 12);
    for (int t = 0; t < c->n_targets; t++)
        if (c->targets[t].last > last)
            last = c->targets[t].last;
    if (last < sc->end) {
        char m[MONTH_STR_LEN];
        snprintf(buf[b], sizeof buf[b], "horizon.end=%s", month_format(last, m));
        items[n++] = buf[b++];
    }
    for (int i = 0; i < c->n_free; i++) {
        snprintf(buf[b], sizeof buf[b], "%s=%.17g", c->free[i].key, theta[i]);
        items[n++] = buf[b++];
    }
    struct override_list ov = {n, items, true};
    ok = scenario_load(trial, o->path, &ov, err);
    if (!ok && last < sc->end) {
        /* something dated after the reporting year (an entry, a policy
         * window) needs the whole horizon: run it */
        memmove(items + n_user + 2, items + n_user + 3, (size_t)c->n_free * sizeof *items);
        ov.n--;
        ok = scenario_load(trial, o->path, &ov, err);
    }
done:
    free(items);
    free(buf);
    return ok;
}

double calibration_score(const struct scenario *sc, const struct scenario *trial, const struct run_results *res,
                         double *model)
{
    const struct calibration *c = &sc->calibration;
    double num = 0, den = 0;
    for (int t = 0; t < c->n_targets; t++) {
        const struct cal_target *tg = &c->targets[t];
        struct cal_measure m = measure(trial, res, tg); /* sc's targets: a caller may have set them */
        model[t] = m.mean;
        double z = isnan(m.mean) ? 1e3 : (m.mean - tg->value) / tg->tolerance;
        num += tg->weight * z * z;
        den += tg->weight;
    }
    return den > 0 ? num / den : 0;
}

double calibration_evaluate(const struct fit_options *o, const struct scenario *sc, const double *theta,
                            double *model, char *err)
{
    struct scenario *trial = malloc(sizeof *trial);
    double F = NAN;
    if (!trial) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        return F;
    }
    if (calibration_trial(o, sc, theta, trial, err)) {
        struct run_results res;
        int st = run_scenario(trial, NULL, o->threads, false, &res);
        if (st != 0) {
            snprintf(err, OSS_ERR_LEN, st > 0 ? "interrupted" : "out of memory");
        } else {
            F = calibration_score(sc, trial, &res, model);
            run_results_free(&res);
        }
    }
    free(trial);
    return F;
}

struct objective {
    const struct fit_options *o;
    const struct scenario *sc;
    double *model;
    int evaluations;
    bool failed;
    char *err;
};

static double objective_f(const gsl_vector *x, void *params)
{
    struct objective *ob = params;
    const struct calibration *c = &ob->sc->calibration;
    if (ob->failed)
        return GSL_POSINF;
    double theta[OSS_MAX_CAL_FREE];
    for (int i = 0; i < c->n_free; i++)
        theta[i] = to_theta(&c->free[i], gsl_vector_get(x, (size_t)i));
    double F = calibration_evaluate(ob->o, ob->sc, theta, ob->model, ob->err);
    ob->evaluations++;
    if (isnan(F)) {
        ob->failed = true;
        return GSL_POSINF;
    }
    return F;
}

/* The last component of a key, for the progress line: families.deepseek.quality -> deepseek.quality */
static const char *short_key(const char *k)
{
    const char *d = strrchr(k, '.');
    if (!d)
        return k;
    for (const char *p = d - 1; p > k; p--)
        if (*p == '.')
            return p + 1;
    return k;
}

int calibration_fit(const struct fit_options *o, const struct scenario *sc, struct fit *out, char *err)
{
    const struct calibration *c = &sc->calibration;
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    size_t n = (size_t)c->n_free;
    int cap = o->max_iterations > 0 ? o->max_iterations : c->max_iterations;
    double model[OSS_MAX_CAL_TARGETS];
    struct objective ob = {o, sc, model, 0, false, err};
    gsl_multimin_function fn = {objective_f, n, &ob};
    /* a failed or interrupted evaluation returns +inf; GSL's default handler
     * would abort on the contraction that follows */
    gsl_error_handler_t *old_handler = gsl_set_error_handler_off();
    gsl_vector *x = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    int status = -1;
    if (!x || !step || !m) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(x, i, to_x(&c->free[i], c->free[i].start));
        gsl_vector_set(step, i, 1.0); /* a quarter of the range or so around the middle */
    }
    /* Nelder-Mead can stall on a face of its simplex in many dimensions:
     * after it converges, it starts again from its best point with a fresh
     * simplex, until a restart no longer lowers F by 0.1% */
    int iter = 0, restarts = 0, test = GSL_CONTINUE;
    bool stuck = false;
    double prev = GSL_POSINF;
    while (!ob.failed && iter < cap) {
        gsl_multimin_fminimizer_set(m, &fn, x, step);
        test = GSL_CONTINUE;
        while (!ob.failed && iter < cap && test == GSL_CONTINUE) {
            iter++;
            if (gsl_multimin_fminimizer_iterate(m) != GSL_SUCCESS && !ob.failed)
                break; /* no further progress possible */
            double size = gsl_multimin_fminimizer_size(m);
            test = gsl_multimin_test_size(size, c->tolerance);
            if (o->log && !ob.failed) {
                fprintf(o->log, "calibrate: iter %4d  evals %5d  F %-10.5g size %-9.3g", iter, ob.evaluations,
                        gsl_multimin_fminimizer_minimum(m), size);
                for (size_t i = 0; i < n; i++)
                    fprintf(o->log, " %s=%.5g", short_key(c->free[i].key),
                            to_theta(&c->free[i], gsl_vector_get(gsl_multimin_fminimizer_x(m), i)));
                fputc('\n', o->log);
                fflush(o->log);
            }
        }
        if (ob.failed)
            break;
        gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(m));
        double F = gsl_multimin_fminimizer_minimum(m);
        if (stuck || test != GSL_SUCCESS || !(F < prev * (1 - 1e-3)))
            break;
        prev = F;
        restarts++;
        if (o->log)
            fprintf(o->log, "calibrate: converged at F %.5g; restarting from the best point (%d)\n", F, restarts);
    }
    if (ob.failed) {
        status = strcmp(err, "interrupted") == 0 ? 1 : -1;
        goto done;
    }
    const gsl_vector *best = gsl_multimin_fminimizer_x(m);
    for (size_t i = 0; i < n; i++)
        out->theta[i] = to_theta(&c->free[i], gsl_vector_get(best, i));
    out->iterations = iter;
    out->restarts = restarts;
    out->converged = test == GSL_SUCCESS;
    out->stop = test == GSL_SUCCESS ? "converged" : stuck ? "stopped: the simplex could not improve"
                                                          : "stopped at the iteration cap";
    out->size = gsl_multimin_fminimizer_size(m);
    /* the model at the optimum, for the record (one more evaluation) */
    out->objective = calibration_evaluate(o, sc, out->theta, out->model, err);
    out->evaluations = ob.evaluations + 1;
    status = isnan(out->objective) ? (strcmp(err, "interrupted") == 0 ? 1 : -1) : 0;
done:
    gsl_set_error_handler(old_handler);
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return status;
}

/* ---- the fragment ----------------------------------------------------------- */

bool calibration_write_fragment(const char *path, const struct scenario *sc, const struct fit *fit,
                                const char *version, const char *command, char *err)
{
    const struct calibration *c = &sc->calibration;
    struct output_file a;
    if (!output_atomic_open(&a, path, err))
        return false;
    FILE *f = a.f;
    fprintf(f, "# Fitted parameters for %s, written by `oss-sim calibrate`.\n", c->file);
    fprintf(f, "# Do not edit by hand: change the calibration block and run again:\n#   %s\n#\n", command);
    fprintf(f, "# oss-sim %s; seed %llu; %d replications x %ld agents per evaluation\n", version,
            (unsigned long long)sc->seed, c->replications, c->agents);
    fprintf(f, "# Nelder-Mead simplex (GSL nmsimplex2): %d iterations, %d restarts, %d evaluations, %s\n",
            fit->iterations, fit->restarts, fit->evaluations,
            fit->stop);
    fprintf(f, "# objective F = %.6g (mean weighted squared residual in tolerances; F <= 1 when every target is met)\n#\n",
            fit->objective);
    fprintf(f, "# %-36s %12s %12s %12s %14s\n", "free parameter", "min", "max", "start", "fitted");
    for (int i = 0; i < c->n_free; i++)
        fprintf(f, "# %-36s %12.6g %12.6g %12.6g %14.8g\n", c->free[i].key, c->free[i].min, c->free[i].max,
                c->free[i].start, fit->theta[i]);
    fprintf(f, "#\n# %-36s %10s %10s %7s %10s %10s %7s  %s\n", "target", "value", "tolerance", "weight", "model",
            "residual", "met", "source");
    for (int t = 0; t < c->n_targets; t++) {
        const struct cal_target *tg = &c->targets[t];
        double res = fit->model[t] - tg->value;
        fprintf(f, "# %-36s %10.4g %10.4g %7.3g %10.4g %10.3g %7s  %s\n", tg->metric, tg->value, tg->tolerance,
                tg->weight, fit->model[t], res, calibration_met_label(tg, fit->model[t]), tg->source);
    }
    fprintf(f, "\nfitted = [\n");
    for (int i = 0; i < c->n_free; i++)
        fprintf(f, "  \"%s=%.10g\"%s\n", c->free[i].key, fit->theta[i], i + 1 < c->n_free ? "," : "");
    fprintf(f, "];\n");
    return output_atomic_commit(&a, err);
}
