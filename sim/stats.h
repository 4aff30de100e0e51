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

/* An ensemble run: K posterior draws x R replications, draw-major (value
 * of draw k, replication r at x[(k R + r) stride]). */
struct ens_summary {
    struct summary mc;  /* mean over all runs; sd, lo, hi: the Monte Carlo noise of the
                           replications, from the pooled within-draw variance (t with
                           K (R - 1) degrees of freedom; NAN when R < 2); n runs */
    double pi_lo, pi_hi; /* 5% and 95% quantiles over draws of each draw's mean:
                            the parameter uncertainty */
    int draws;           /* draws with a defined mean */
};
struct ens_summary stats_ensemble(const double *x, size_t stride, int K, int R);

/* The same for paired differences x - y (a scenario and its reference on
 * the same draws and seeds). */
struct ens_summary stats_ensemble_paired(const double *x, const double *y, size_t stride, int K, int R);

#endif
