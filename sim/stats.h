/*
 * stats.h - mean, standard deviation and 95% confidence interval over
 * replications (Student t, n - 1 degrees of freedom), with GSL.
 */
#ifndef OSS_STATS_H
#define OSS_STATS_H

#include <stddef.h>

struct summary {
    double mean, sd, lo, hi; /* lo, hi: 95% CI of the mean; NAN when n < 2 */
    int n;                   /* values that were defined (not NaN) */
};

/* Summarises x[0], x[stride], ... (n values), skipping NaN. */
struct summary stats_summarise(const double *x, size_t stride, int n);

#endif
