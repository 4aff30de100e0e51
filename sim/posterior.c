/*
 * posterior.c - diagnostics and the fragment of an ABC-SMC posterior (see
 * posterior.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "posterior.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "output.h"
#include "prior.h"

struct wv {
    double v, w;
};

static int cmp_wv(const void *a, const void *b)
{
    double x = ((const struct wv *)a)->v, y = ((const struct wv *)b)->v;
    return (x > y) - (x < y);
}

/* Weighted 5% and 95% quantiles of x[0], x[stride], ... */
static void wquantiles(const double *x, size_t stride, const double *w, int n, double *q05, double *q95)
{
    struct wv *s = malloc((size_t)n * sizeof *s);
    *q05 = *q95 = NAN;
    if (!s)
        return;
    int m = 0;
    double tot = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(x[(size_t)i * stride])) {
            s[m].v = x[(size_t)i * stride];
            s[m].w = w[i];
            tot += w[i];
            m++;
        }
    qsort(s, (size_t)m, sizeof *s, cmp_wv);
    double c = 0;
    for (int i = 0; i < m; i++) {
        c += s[i].w / tot;
        if (isnan(*q05) && c >= 0.05)
            *q05 = s[i].v;
        if (isnan(*q95) && c >= 0.95 - 1e-12)
            *q95 = s[i].v;
    }
    free(s);
}

/* Weight of the prior within [a, b], by the midpoint rule. */
static double prior_mass(const struct cal_free *p, double a, double b)
{
    enum { N = 4000 };
    double in = 0, all = 0;
    for (int i = 0; i < N; i++) {
        double t = p->min + (p->max - p->min) * (i + 0.5) / N, l = prior_log_density(p, t);
        double d = isfinite(l) ? exp(l) : 0;
        all += d;
        if (t >= a && t <= b)
            in += d;
    }
    return all > 0 ? in / all : 0;
}

void posterior_summarise(const struct scenario *sc, const struct abc_result *r, struct post_param *pp,
                         struct post_target *pt, double *corr)
{
    const struct calibration *c = &sc->calibration;
    int n = r->n, P = r->n_free, T = r->n_targets;
    for (int a = 0; a < P; a++) {
        const struct cal_free *f = &c->free[a];
        struct post_param *q = &pp[a];
        q->mean = gsl_stats_wmean(r->w, 1, r->theta + a, (size_t)P, (size_t)n);
        q->sd = n > 1 ? gsl_stats_wsd_m(r->w, 1, r->theta + a, (size_t)P, (size_t)n, q->mean) : NAN;
        wquantiles(r->theta + a, (size_t)P, r->w, n, &q->q05, &q->q95);
        prior_moments(f, &q->pmean, &q->psd, &q->pq05, &q->pq95);
        double edge = 0.02 * (f->max - f->min), lo = 0, hi = 0;
        for (int i = 0; i < n; i++) {
            double t = r->theta[(size_t)i * P + a];
            lo += t <= f->min + edge ? r->w[i] : 0;
            hi += t >= f->max - edge ? r->w[i] : 0;
        }
        q->flag = "";
        if (lo >= 0.1 && lo >= 2 * prior_mass(f, f->min, f->min + edge))
            q->flag = "piles at min";
        else if (hi >= 0.1 && hi >= 2 * prior_mass(f, f->max - edge, f->max))
            q->flag = "piles at max";
    }
    for (int a = 0; corr && a < P; a++) /* corr NULL: no correlations wanted */
        for (int b = 0; b < P; b++) {
            double sab = 0, saa = 0, sbb = 0;
            for (int i = 0; i < n; i++) {
                double da = r->theta[(size_t)i * P + a] - pp[a].mean, db = r->theta[(size_t)i * P + b] - pp[b].mean;
                sab += r->w[i] * da * db;
                saa += r->w[i] * da * da;
                sbb += r->w[i] * db * db;
            }
            corr[a * P + b] = saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
        }
    for (int t = 0; t < T; t++) {
        const struct cal_target *tg = &c->targets[t];
        double m = 0, in = 0, tot = 0;
        for (int i = 0; i < n; i++) {
            double v = r->model[(size_t)i * T + t];
            if (isnan(v))
                continue;
            m += r->w[i] * v;
            tot += r->w[i];
            in += fabs(v - tg->value) <= tg->tolerance ? r->w[i] : 0;
        }
        pt[t].mean = tot > 0 ? m / tot : NAN;
        pt[t].within = tot > 0 ? in / tot : NAN;
        wquantiles(r->model + t, (size_t)T, r->w, n, &pt[t].q05, &pt[t].q95);
    }
}

void posterior_print(FILE *f, const struct scenario *sc, const struct abc_result *r)
{
    const struct calibration *c = &sc->calibration;
    int P = r->n_free, T = r->n_targets;
    struct post_param pp[OSS_MAX_CAL_FREE];
    struct post_target pt[OSS_MAX_CAL_TARGETS];
    double *corr = malloc((size_t)P * P * sizeof *corr);
    if (!corr)
        return;
    posterior_summarise(sc, r, pp, pt, corr);
    fprintf(f, "posterior: %d distinct draws, effective sample size %.1f; ABC tolerance %.4g on sqrt(F)\n\n", r->n,
            r->ess, r->epsilon);
    fprintf(f, "%-34s %11s %10s  %-25s  %-25s %s\n", "parameter", "mean", "sd", "90% interval", "prior 90% interval",
            "flag");
    for (int a = 0; a < P; a++) {
        char pi[64], pri[64];
        snprintf(pi, sizeof pi, "[%.4g, %.4g]", pp[a].q05, pp[a].q95);
        snprintf(pri, sizeof pri, "[%.4g, %.4g]", pp[a].pq05, pp[a].pq95);
        fprintf(f, "%-34s %11.4g %10.3g  %-25s  %-25s %s\n", c->free[a].key, pp[a].mean, pp[a].sd, pi, pri,
                pp[a].flag[0] ? pp[a].flag : "-");
    }
    fprintf(f, "\ncorrelations above 0.5 in size:");
    int shown = 0;
    for (int a = 0; a < P; a++)
        for (int b = a + 1; b < P; b++)
            if (fabs(corr[a * P + b]) > 0.5) {
                fprintf(f, "\n  %-34s %-34s %+.2f", c->free[a].key, c->free[b].key, corr[a * P + b]);
                shown++;
            }
    fprintf(f, "%s\n", shown ? "" : " none");
    fprintf(f, "\nposterior-predictive check (share of draws within tolerance):\n");
    int w = calibration_target_width(c, 38);
    fprintf(f, "%-*s %9s %9s  %9s  %-21s %7s\n", w, "target", "value", "+/- tol", "mean", "90% of draws", "within");
    for (int t = 0; t < T; t++) {
        const struct cal_target *tg = &c->targets[t];
        char pi[64];
        snprintf(pi, sizeof pi, "[%.4g, %.4g]", pt[t].q05, pt[t].q95);
        fprintf(f, "%-*s %9.4g %9.4g  %9.4g  %-21s %6.0f%%%s\n", w, tg->metric, tg->value, tg->tolerance, pt[t].mean,
                pi, 100 * pt[t].within, tg->weight > 0 ? "" : "  (reported, not fitted)");
    }
    free(corr);
}

bool posterior_write_csv(const char *path, const struct scenario *sc, const struct abc_result *r, char *err)
{
    const struct calibration *c = &sc->calibration;
    int P = r->n_free, T = r->n_targets;
    struct post_param pp[OSS_MAX_CAL_FREE];
    struct post_target pt[OSS_MAX_CAL_TARGETS];
    double *corr = malloc((size_t)P * P * sizeof *corr);
    if (!corr) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        return false;
    }
    posterior_summarise(sc, r, pp, pt, corr);
    struct output_file a;
    if (!output_atomic_open(&a, path, err)) {
        free(corr);
        return false;
    }
    FILE *f = a.f;
    /* one table: a section column says what each row is */
    fputs("section,name,mean,sd,q05,q95,prior,prior_mean,prior_sd,prior_q05,prior_q95,flag,value,tolerance,"
          "weight,within_share,source\n", f);
    fprintf(f, "summary,effective_sample_size,%.6g,,,,,,,,,,,,,,\n", r->ess);
    fprintf(f, "summary,draws,%d,,,,,,,,,,,,,,\n", r->n);
    fprintf(f, "summary,epsilon,%.6g,,,,,,,,,,,,,,\n", r->epsilon);
    fprintf(f, "summary,generations,%d,,,,,,,,,,,,,,\n", r->generations);
    fprintf(f, "summary,evaluations,%ld,,,,,,,,,,,,,,\n", r->evaluations);
    for (int i = 0; i < P; i++) {
        const struct cal_free *fr = &c->free[i];
        fprintf(f, "parameter,%s", fr->key);
        output_csv_num(f, pp[i].mean);
        output_csv_num(f, pp[i].sd);
        output_csv_num(f, pp[i].q05);
        output_csv_num(f, pp[i].q95);
        fprintf(f, ",%s", prior_dist_names[fr->prior.dist]);
        output_csv_num(f, pp[i].pmean);
        output_csv_num(f, pp[i].psd);
        output_csv_num(f, pp[i].pq05);
        output_csv_num(f, pp[i].pq95);
        fprintf(f, ",%s,,,,,", pp[i].flag);
        output_csv_text(f, fr->source);
        fputc('\n', f);
    }
    for (int a2 = 0; a2 < P; a2++)
        for (int b = a2 + 1; b < P; b++) {
            fprintf(f, "correlation,%s~%s", c->free[a2].key, c->free[b].key);
            output_csv_num(f, corr[a2 * P + b]);
            fputs(",,,,,,,,,,,,,,\n", f);
        }
    for (int t = 0; t < T; t++) {
        const struct cal_target *tg = &c->targets[t];
        fprintf(f, "target,%s", tg->metric);
        output_csv_num(f, pt[t].mean);
        fputs(",", f);
        output_csv_num(f, pt[t].q05);
        output_csv_num(f, pt[t].q95);
        fputs(",,,,,,", f);
        output_csv_num(f, tg->value);
        output_csv_num(f, tg->tolerance);
        output_csv_num(f, tg->weight);
        output_csv_num(f, pt[t].within);
        fputc(',', f);
        output_csv_text(f, tg->source);
        fputc('\n', f);
    }
    free(corr);
    return output_atomic_commit(&a, err);
}

/* A number libconfig reads as a float (an array's elements share a type). */
static void cfg_float(FILE *f, double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.10g", v);
    fprintf(f, "%s%s", b, strpbrk(b, ".eEni") ? "" : ".0");
}

bool posterior_write_fragment(const char *path, const struct scenario *sc, const struct abc_result *r,
                              const char *version, const char *command, double seconds, char *err)
{
    const struct calibration *c = &sc->calibration;
    int P = r->n_free, T = r->n_targets;
    struct post_param pp[OSS_MAX_CAL_FREE];
    struct post_target pt[OSS_MAX_CAL_TARGETS];
    posterior_summarise(sc, r, pp, pt, NULL);
    struct output_file a;
    if (!output_atomic_open(&a, path, err))
        return false;
    FILE *f = a.f;
    fprintf(f, "# Posterior ensemble for %s, written by `oss-sim calibrate`.\n", c->file);
    fprintf(f, "# Do not edit by hand: change the calibration block and run again:\n#   %s\n#\n", command);
    fprintf(f, "# oss-sim %s; seed %llu; %d replications x %ld agents per evaluation\n", version,
            (unsigned long long)sc->seed, c->replications, c->agents);
    fprintf(f, "# ABC-SMC (adaptive tolerance): %d particles, %d generations, %ld evaluations, %s;\n", c->particles,
            r->generations, r->evaluations, r->stop);
    fprintf(f, "# final tolerance %.4g on sqrt(F); %d distinct draws, effective sample size %.1f (%.0f s)\n#\n",
            r->epsilon, r->n, r->ess, seconds);
    fprintf(f, "# %-36s %-34s %12s %10s %12s %12s %s\n", "parameter", "prior", "mean", "sd", "q05", "q95", "flag");
    for (int i = 0; i < P; i++) {
        char pr[96];
        prior_describe(&c->free[i], pr, sizeof pr);
        fprintf(f, "# %-36s %-34s %12.6g %10.4g %12.6g %12.6g %s\n", c->free[i].key, pr, pp[i].mean, pp[i].sd,
                pp[i].q05, pp[i].q95, pp[i].flag);
    }
    int w = calibration_target_width(c, 38);
    fprintf(f, "#\n# %-*s %10s %10s %7s %10s %8s  %s\n", w, "target (posterior-predictive)", "value", "tolerance",
            "weight", "mean", "within", "source");
    for (int t = 0; t < T; t++) {
        const struct cal_target *tg = &c->targets[t];
        fprintf(f, "# %-*s %10.4g %10.4g %7.3g %10.4g %7.0f%%  %s\n", w, tg->metric, tg->value, tg->tolerance,
                tg->weight, pt[t].mean, 100 * pt[t].within, tg->source);
    }
    fprintf(f, "\n# the posterior mean: what a plain run uses\nfitted = [\n");
    for (int i = 0; i < P; i++)
        fprintf(f, "  \"%s=%.10g\"%s\n", c->free[i].key, pp[i].mean, i + 1 < P ? "," : "");
    fprintf(f, "];\n\n# the posterior draws: [weight, then the values of the keys of `fitted`, in order]\n");
    fprintf(f, "ensemble = (\n");
    for (int k = 0; k < r->n; k++) {
        fputs("  [", f);
        cfg_float(f, r->w[k]);
        for (int i = 0; i < P; i++) {
            fputs(", ", f);
            cfg_float(f, r->theta[(size_t)k * P + i]);
        }
        fprintf(f, "]%s\n", k + 1 < r->n ? "," : "");
    }
    fprintf(f, ");\n");
    return output_atomic_commit(&a, err);
}
