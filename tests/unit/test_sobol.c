/*
 * test_sobol.c - Sobol sensitivity indices (sobol.h) from the Saltelli
 * design (design.h): the estimators by hand on a tiny table, exact results
 * for an additive function and a dummy input, and the Ishigami function
 * against its analytic indices, with the bootstrap intervals' coverage,
 * width and reproducibility.
 */
#include "helpers.h"

#include "design.h"
#include "sobol.h"

/* Two rows (N = 2) of one parameter (k = 1), (f_A, f_B, f_AB1):
 * (1, 3, 2) and (5, 1, 4).  The 2N values of f_A and f_B are 1, 3, 5, 1:
 * mean 2.5, variance (1 + 9 + 25 + 1) / 4 - 2.5^2 = 2.75.
 *   S1 = mean f_B (f_AB - f_A) / V = (3 (2 - 1) + 1 (4 - 5)) / 2 / 2.75 = 1 / 2.75
 *   ST = mean (f_A - f_AB)^2 / (2 V) = (1 + 1) / 2 / 5.5 = 1 / 5.5
 * Tolerance 1e-14: a handful of roundings on numbers of order 1. */
static void test_by_hand(void **state)
{
    (void)state;
    const double y[6] = {1, 3, 2, 5, 1, 4};
    struct sobol_index ix[1];
    assert_int_equal(sobol_indices(y, 2, 1, 0, 1, ix), 0);
    ASSERT_NEAR(ix[0].s1, 1 / 2.75, 1e-14);
    ASSERT_NEAR(ix[0].st, 1 / 5.5, 1e-14);
    /* no bootstrap samples: no intervals */
    assert_true(isnan(ix[0].s1_lo) && isnan(ix[0].s1_hi) && isnan(ix[0].st_lo) && isnan(ix[0].st_hi));
}

/* Outputs without variance have no indices: -1. */
static void test_no_variance(void **state)
{
    (void)state;
    double y[4 * 10];
    for (int i = 0; i < 40; i++)
        y[i] = 3.25;
    struct sobol_index ix[2];
    assert_int_equal(sobol_indices(y, 10, 2, 100, 1, ix), -1);
}

/* The outputs of f over a Saltelli design of N base samples on [lo, hi]^k,
 * in design order (malloc'ed). */
static double *saltelli_outputs(int k, double lo, double hi, long N, double (*f)(const double *))
{
    struct design d;
    memset(&d, 0, sizeof d);
    d.kind = DESIGN_SALTELLI;
    d.k = k;
    d.samples = N;
    for (int i = 0; i < k; i++) {
        snprintf(d.p[i].key, sizeof d.p[i].key, "x%d", i + 1);
        d.p[i].lo = lo;
        d.p[i].hi = hi;
    }
    char err[OSS_ERR_LEN];
    if (!design_open(&d, err)) {
        print_error("design_open: %s\n", err);
        fail();
    }
    assert_int_equal(d.n_points, N * (k + 2));
    double *y = malloc((size_t)d.n_points * sizeof *y);
    assert_non_null(y);
    for (long p = 0; p < d.n_points; p++) {
        double x[OSS_MAX_SWEEP_PARAMS];
        assert_true(design_next(&d, x, err));
        y[p] = f(x);
    }
    design_close(&d);
    return y;
}

/* f = x1 + 2 x2 on [0, 1]^3 (x3 is a dummy): additive, so S1 = ST, and
 * Var = 1/12 + 4/12 gives S = (1/5, 4/5, 0).  For the dummy f_AB3 = f_A
 * exactly, so both of its indices and their intervals are exactly 0.
 * The others, from a Sobol sequence of N = 1024: tolerance 0.02, under
 * half the bootstrap standard error of S1 at this N (0.05 for x1, 0.10 for
 * x2; 0.01 and 0.03 for ST) and three times the largest error measured
 * (0.006, S1 of x2). */
static double additive(const double *x)
{
    return x[0] + 2 * x[1];
}

static void test_additive_and_dummy(void **state)
{
    (void)state;
    const long N = 1024;
    double *y = saltelli_outputs(3, 0, 1, N, additive);
    struct sobol_index ix[3];
    assert_int_equal(sobol_indices(y, N, 3, 200, 5, ix), 0);
    const double want[3] = {0.2, 0.8, 0};
    for (int i = 0; i < 2; i++) {
        ASSERT_NEAR(ix[i].s1, want[i], 0.02);
        ASSERT_NEAR(ix[i].st, want[i], 0.02);
    }
    assert_true(ix[2].s1 == 0 && ix[2].st == 0);
    assert_true(ix[2].s1_lo == 0 && ix[2].s1_hi == 0 && ix[2].st_lo == 0 && ix[2].st_hi == 0);
    free(y);
}

/* ---- Ishigami ---------------------------------------------------------------- */

/* f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, a = 7, b = 0.1
 * (Ishigami and Homma 1990).  Analytic variances (Saltelli et al. 2008,
 * Global Sensitivity Analysis: The Primer, section 4.8; Sobol' and
 * Levitan 1999):
 *   V1 = (1 + b pi^4 / 5)^2 / 2,  V2 = a^2 / 8,  V3 = 0,
 *   V13 = b^2 pi^8 (1/18 - 1/50),  V = V1 + V2 + V13,
 * so S1 = (V1, V2, 0) / V and ST = (V1 + V13, V2, V13) / V
 *      = (0.3139, 0.4424, 0) and (0.5576, 0.4424, 0.2437). */
#define ISHIGAMI_A 7.0
#define ISHIGAMI_B 0.1

static double ishigami(const double *x)
{
    double s2 = sin(x[1]);
    return sin(x[0]) + ISHIGAMI_A * s2 * s2 + ISHIGAMI_B * pow(x[2], 4) * sin(x[0]);
}

static void ishigami_analytic(double *s1, double *st)
{
    double a = ISHIGAMI_A, b = ISHIGAMI_B, pi4 = pow(M_PI, 4), pi8 = pi4 * pi4;
    double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8, v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
    double v = v1 + v2 + v13;
    s1[0] = v1 / v;
    s1[1] = v2 / v;
    s1[2] = 0;
    st[0] = (v1 + v13) / v;
    st[1] = v2 / v;
    st[2] = v13 / v;
}

/* The analytic values above, to the four digits they are quoted with. */
static void test_ishigami_analytic_values(void **state)
{
    (void)state;
    double s1[3], st[3];
    ishigami_analytic(s1, st);
    const double q1[3] = {0.3139, 0.4424, 0}, qt[3] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < 3; i++) {
        ASSERT_NEAR(s1[i], q1[i], 5e-5);
        ASSERT_NEAR(st[i], qt[i], 5e-5);
    }
}

/* Estimates from the Saltelli design of N = 4096 base samples (20480 runs)
 * against the analytic indices.  Tolerances: 0.02 for S1 and 0.01 for ST.
 * Justification: the bootstrap (which treats the rows as an i.i.d. sample)
 * puts the standard error of these estimators at N = 4096 near
 * 0.018-0.022 for S1 and 0.007-0.011 for ST (95% intervals 0.07-0.09 and
 * 0.03-0.04 wide); the Sobol sequence does better than i.i.d. sampling,
 * and the errors measured are at most 0.005 (S1 of x2) and 0.0005 (ST),
 * a margin of four and twenty.  A wrong estimator (e.g. f_A in place of
 * f_B in the first-order numerator, or V of f_A alone) misses by more
 * than 0.05.  N = 4096 keeps the test well under a second with the
 * sanitizers (1000 bootstrap resamples of 4096 rows per index). */
static void test_ishigami(void **state)
{
    (void)state;
    const long N = 4096;
    const int k = 3, B = 1000;
    const uint64_t seed = 20251123;
    double s1[3], st[3];
    ishigami_analytic(s1, st);
    double *y = saltelli_outputs(k, -M_PI, M_PI, N, ishigami);
    struct sobol_index ix[3], again[3], other[3];
    assert_int_equal(sobol_indices(y, N, k, B, seed, ix), 0);
    int covered = 0;
    for (int i = 0; i < k; i++) {
        ASSERT_NEAR(ix[i].s1, s1[i], 0.02);
        ASSERT_NEAR(ix[i].st, st[i], 0.01);
        /* intervals: ordered, around the estimate, of a width that says
         * something (not degenerate, and under 0.2) */
        assert_true(ix[i].s1_lo < ix[i].s1 && ix[i].s1 < ix[i].s1_hi);
        assert_true(ix[i].st_lo < ix[i].st && ix[i].st < ix[i].st_hi);
        assert_true(ix[i].s1_hi - ix[i].s1_lo < 0.2 && ix[i].st_hi - ix[i].st_lo < 0.2);
        covered += ix[i].s1_lo <= s1[i] && s1[i] <= ix[i].s1_hi;
        covered += ix[i].st_lo <= st[i] && st[i] <= ix[i].st_hi;
    }
    /* 95% intervals over six indices: all six cover with probability 0.74
     * even if they were exact and independent, five or more with 0.97; the
     * bootstrap's i.i.d. intervals are wider than the Sobol sequence's
     * error, so in fact all cover here */
    if (covered < 5) {
        print_error("the 95%% intervals cover %d of the 6 analytic indices\n", covered);
        fail();
    }
    /* the same seed gives identical intervals; another seed other intervals
     * but the same point estimates (they do not depend on the seed) */
    assert_int_equal(sobol_indices(y, N, k, B, seed, again), 0);
    assert_memory_equal(ix, again, sizeof ix);
    assert_int_equal(sobol_indices(y, N, k, B, seed + 1, other), 0);
    int moved = 0;
    for (int i = 0; i < k; i++) {
        assert_true(other[i].s1 == ix[i].s1 && other[i].st == ix[i].st);
        moved += other[i].s1_lo != ix[i].s1_lo;
        moved += other[i].s1_hi != ix[i].s1_hi;
        moved += other[i].st_lo != ix[i].st_lo;
        moved += other[i].st_hi != ix[i].st_hi;
        /* and about the same width: the resamples are of the same data */
        ASSERT_NEAR(other[i].s1_hi - other[i].s1_lo, ix[i].s1_hi - ix[i].s1_lo, 0.25 * (ix[i].s1_hi - ix[i].s1_lo));
    }
    assert_true(moved >= 6);

    /* the S1 intervals are 95% ones: their width is 2 x 1.96 standard
     * errors of the estimator, which the delta method gives independently
     * as sd_j(f_B (f_ABi - f_A)) / (sqrt(N) V), V's own variability aside.
     * Measured ratios 0.93 to 1.01; accepted 0.85 to 1.15 (1000 resamples
     * put about 3% of noise on the percentiles; a 90% interval would give
     * 0.84) */
    for (int i = 0; i < k; i++) {
        double sum = 0, sum2 = 0, g = 0, g2 = 0;
        for (long j = 0; j < N; j++) {
            const double *r = y + j * (k + 2);
            double t = r[1] * (r[2 + i] - r[0]);
            sum += r[0] + r[1];
            sum2 += r[0] * r[0] + r[1] * r[1];
            g += t;
            g2 += t * t;
        }
        double m = sum / (2.0 * N), v = sum2 / (2.0 * N) - m * m, gm = g / N;
        double se = sqrt((g2 / N - gm * gm) / N) / v;
        double ratio = (ix[i].s1_hi - ix[i].s1_lo) / (2 * 1.96 * se);
        if (!(ratio > 0.85 && ratio < 1.15)) {
            print_error("index %d: S1 interval width %.4f is %.3f times 2 x 1.96 x the delta-method error %.4f\n", i,
                        ix[i].s1_hi - ix[i].s1_lo, ratio, se);
            fail();
        }
    }
    free(y);

    /* the bootstrap resamples N rows: a quarter of the rows gives intervals
     * about twice as wide (1/sqrt(N)); measured 1.9 to 2.1, accepted 1.5
     * to 2.7 (a resample of another size than N would fall outside) */
    const long n4 = N / 4;
    double *y4 = saltelli_outputs(k, -M_PI, M_PI, n4, ishigami);
    struct sobol_index ix4[3];
    assert_int_equal(sobol_indices(y4, n4, k, B, seed, ix4), 0);
    for (int i = 0; i < k; i++) {
        double r1 = (ix4[i].s1_hi - ix4[i].s1_lo) / (ix[i].s1_hi - ix[i].s1_lo);
        double rt = (ix4[i].st_hi - ix4[i].st_lo) / (ix[i].st_hi - ix[i].st_lo);
        if (!(r1 > 1.5 && r1 < 2.7 && rt > 1.5 && rt < 2.7)) {
            print_error("index %d: interval width ratio N/4 to N: S1 %.3f, ST %.3f (expected about 2)\n", i, r1, rt);
            fail();
        }
    }
    free(y4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_hand),
        cmocka_unit_test(test_no_variance),
        cmocka_unit_test(test_additive_and_dummy),
        cmocka_unit_test(test_ishigami_analytic_values),
        cmocka_unit_test(test_ishigami),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
