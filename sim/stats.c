/*
 * stats.c - summaries over replications (see stats.h).
 */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

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
        double half = gsl_cdf_tdist_Pinv(0.975, s.n - 1) * s.sd / sqrt(s.n);
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
