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
