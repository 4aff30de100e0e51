/*
 * stats.c - summaries over replications (see stats.h).
 */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

/* gsl_cdf_tdist_Pinv(0.975, df) for a whole number of degrees of freedom,
 * kept for the last df asked on this thread: a run's files summarise
 * thousands of cells over the same replications, and the quantile (a root
 * search in GSL) was about 2% of a default run's instructions. */
static double t975(int df)
{
    static _Thread_local int last_df = -1;
    static _Thread_local double last_q;
    if (df != last_df) {
        last_q = gsl_cdf_tdist_Pinv(0.975, df);
        last_df = df;
    }
    return last_q;
}

struct summary stats_summarise(const double *x, size_t stride, int n)
{
    struct summary s = {NAN, NAN, NAN, NAN, 0};
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v)
        return s;
    for (int i = 0; i < n; i++)
        if (!isnan(x[(size_t)i * stride]))
            v[s.n++] = x[(size_t)i * stride];
    if (s.n > 0)
        s.mean = gsl_stats_mean(v, 1, (size_t)s.n);
    if (s.n > 1) {
        s.sd = gsl_stats_sd_m(v, 1, (size_t)s.n, s.mean);
        double half = t975(s.n - 1) * s.sd / sqrt(s.n);
        s.lo = s.mean - half;
        s.hi = s.mean + half;
    }
    free(v);
    return s;
}

struct summary stats_paired(const double *x, const double *y, size_t stride, int n)
{
    struct summary s = {NAN, NAN, NAN, NAN, 0};
    double *d = malloc((size_t)(n > 0 ? n : 1) * sizeof *d);
    if (!d)
        return s;
    for (int i = 0; i < n; i++) {
        double a = x[(size_t)i * stride], b = y[(size_t)i * stride];
        d[i] = isnan(a) || isnan(b) ? NAN : a - b;
    }
    s = stats_summarise(d, 1, n);
    free(d);
    return s;
}

double stats_unpaired_half(const double *x, const double *y, size_t stride, int n)
{
    struct summary a = stats_summarise(x, stride, n), b = stats_summarise(y, stride, n);
    if (a.n < 2 || b.n < 2)
        return NAN;
    double va = a.sd * a.sd / a.n, vb = b.sd * b.sd / b.n, v = va + vb;
    if (!(v > 0))
        return 0;
    double df = v * v / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
    return gsl_cdf_tdist_Pinv(0.975, df) * sqrt(v);
}

struct ens_summary stats_ensemble(const double *x, size_t stride, int K, int R)
{
    struct ens_summary e = {{NAN, NAN, NAN, NAN, 0}, NAN, NAN, 0};
    double *dm = malloc((size_t)(K > 0 ? K : 1) * sizeof *dm);
    if (!dm)
        return e;
    double sum = 0, ss = 0;
    int n = 0, df = 0;
    for (int k = 0; k < K; k++) {
        struct summary s = stats_summarise(x + (size_t)k * R * stride, stride, R);
        if (s.n == 0)
            continue;
        dm[e.draws++] = s.mean;
        sum += s.mean * s.n;
        n += s.n;
        if (s.n > 1) {
            ss += s.sd * s.sd * (s.n - 1);
            df += s.n - 1;
        }
    }
    e.mc.n = n;
    if (n > 0)
        e.mc.mean = sum / n;
    if (df > 0) {
        e.mc.sd = sqrt(ss / df);
        double half = t975(df) * e.mc.sd / sqrt(n);
        e.mc.lo = e.mc.mean - half;
        e.mc.hi = e.mc.mean + half;
    }
    if (e.draws > 0) {
        gsl_sort(dm, 1, (size_t)e.draws);
        e.pi_lo = gsl_stats_quantile_from_sorted_data(dm, 1, (size_t)e.draws, 0.05);
        e.pi_hi = gsl_stats_quantile_from_sorted_data(dm, 1, (size_t)e.draws, 0.95);
    }
    free(dm);
    return e;
}

struct ens_summary stats_ensemble_paired(const double *x, const double *y, size_t stride, int K, int R)
{
    int n = K * R;
    struct ens_summary e = {{NAN, NAN, NAN, NAN, 0}, NAN, NAN, 0};
    double *d = malloc((size_t)(n > 0 ? n : 1) * sizeof *d);
    if (!d)
        return e;
    for (int i = 0; i < n; i++) {
        double a = x[(size_t)i * stride], b = y[(size_t)i * stride];
        d[i] = isnan(a) || isnan(b) ? NAN : a - b;
    }
    e = stats_ensemble(d, 1, K, R);
    free(d);
    return e;
}
