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

/* Paired differences x[i] - y[i] (both read at stride), skipping pairs with
 * a NaN: the mean difference with its t interval, from replications that
 * share their random numbers. */
struct summary stats_paired(const double *x, const double *y, size_t stride, int n);

/* Half-width of the 95% interval of mean(x) - mean(y) had x and y been
 * independent samples (Welch's t with Satterthwaite's degrees of freedom):
 * what the comparison would cost without common random numbers.  NAN when
 * undefined. */
double stats_unpaired_half(const double *x, const double *y, size_t stride, int n);

#endif
