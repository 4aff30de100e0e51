/*
 * sobol.h - Sobol sensitivity indices from a Saltelli design (design.h).
 *
 * With f_A(j), f_B(j) and f_ABi(j) the model output at the points A_j, B_j
 * and AB_j^i (j = 1..N) and V the variance of all 2N values of f_A and f_B:
 *
 *   first order  S_i  = mean_j f_B(j) (f_ABi(j) - f_A(j)) / V     (Saltelli et al. 2010)
 *   total        ST_i = mean_j (f_A(j) - f_ABi(j))^2 / (2 V)      (Jansen 1999)
 *
 * The 95% intervals are bootstrap percentiles: the N rows j are resampled
 * with replacement (GSL taus2 from a given seed) and both indices computed
 * again, n_boot times.
 */
#ifndef OSS_SOBOL_H
#define OSS_SOBOL_H

#include <stdint.h>

struct sobol_index {
    double s1, s1_lo, s1_hi;
    double st, st_lo, st_hi;
};

/* y holds the outputs in design order: for each j, f_A, f_B, f_AB1 .. f_ABk
 * (k + 2 values).  Writes k indices into out.  Returns 0, or -1 when out of
 * memory or the outputs have no variance. */
int sobol_indices(const double *y, long n, int k, int n_boot, uint64_t seed, struct sobol_index *out);

#endif
