/*
 * sobol.c - Sobol indices with bootstrap intervals (see sobol.h).
 */
#include "sobol.h"

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

/* Both indices of parameter i over the rows idx[0..n-1]. */
static int indices(const double *y, long n, int k, int i, const long *idx, double *s1, double *st)
{
    double sum = 0, sum2 = 0, a = 0, b = 0;
    for (long r = 0; r < n; r++) {
        const double *row = y + (size_t)idx[r] * (size_t)(k + 2);
        double fa = row[0], fb = row[1], fab = row[2 + i];
        sum += fa + fb;
        sum2 += fa * fa + fb * fb;
        a += fb * (fab - fa);
        b += (fa - fab) * (fa - fab);
    }
    double m = sum / (2.0 * n), v = sum2 / (2.0 * n) - m * m;
    if (!(v > 0))
        return -1;
    *s1 = a / n / v;
    *st = b / n / (2 * v);
    return 0;
}

int sobol_indices(const double *y, long n, int k, int n_boot, uint64_t seed, struct sobol_index *out)
{
    long *idx = malloc((size_t)n * sizeof *idx);
    double *b1 = malloc((size_t)(n_boot > 0 ? n_boot : 1) * sizeof *b1);
    double *bt = malloc((size_t)(n_boot > 0 ? n_boot : 1) * sizeof *bt);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    int st = -1;
    if (!idx || !b1 || !bt || !r)
        goto done;
    for (long j = 0; j < n; j++)
        idx[j] = j;
    for (int i = 0; i < k; i++)
        if (indices(y, n, k, i, idx, &out[i].s1, &out[i].st) != 0)
            goto done;
    for (int i = 0; i < k; i++) {
        /* the same resamples for every parameter: one stream from the seed */
        gsl_rng_set(r, (unsigned long)(seed % 4294967291UL) + 1);
        int m = 0;
        for (int t = 0; t < n_boot; t++) {
            for (long j = 0; j < n; j++)
                idx[j] = (long)gsl_rng_uniform_int(r, (unsigned long)n);
            if (indices(y, n, k, i, idx, &b1[m], &bt[m]) == 0)
                m++;
        }
        out[i].s1_lo = out[i].s1_hi = out[i].st_lo = out[i].st_hi = NAN;
        if (m > 1) {
            gsl_sort(b1, 1, (size_t)m);
            gsl_sort(bt, 1, (size_t)m);
            out[i].s1_lo = gsl_stats_quantile_from_sorted_data(b1, 1, (size_t)m, 0.025);
            out[i].s1_hi = gsl_stats_quantile_from_sorted_data(b1, 1, (size_t)m, 0.975);
            out[i].st_lo = gsl_stats_quantile_from_sorted_data(bt, 1, (size_t)m, 0.025);
            out[i].st_hi = gsl_stats_quantile_from_sorted_data(bt, 1, (size_t)m, 0.975);
        }
    }
    st = 0;
done:
    free(idx);
    free(b1);
    free(bt);
    gsl_rng_free(r);
    return st;
}
