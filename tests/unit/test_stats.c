/*
 * test_stats.c - stats_summarise: mean, standard deviation and 95% Student-t
 * confidence interval over replications, against hand computation.
 */
#include "helpers.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* x = 1, 2, 3, 4, 5: mean 3, sample variance 10/4 = 2.5, and the 95% CI is
 * mean -/+ t(0.975; 4) sd / sqrt(5), t(0.975; 4) = 2.7764451051977987
 * (tables; checked against GSL too). */
static void test_summary_by_hand(void **state)
{
    (void)state;
    const double x[5] = {1, 2, 3, 4, 5};
    struct summary s = stats_summarise(x, 1, 5);
    double t4 = 2.7764451051977987;
    ASSERT_NEAR(gsl_cdf_tdist_Pinv(0.975, 4), t4, 1e-9);
    assert_int_equal(s.n, 5);
    ASSERT_NEAR(s.mean, 3, 1e-15);
    ASSERT_NEAR(s.sd, sqrt(2.5), 1e-15);
    ASSERT_NEAR(s.lo, 3 - t4 * sqrt(2.5) / sqrt(5), 1e-9);
    ASSERT_NEAR(s.hi, 3 + t4 * sqrt(2.5) / sqrt(5), 1e-9);
}

/* Strided values (one column of a row-major table) and NaN skipped: the
 * column {2, NaN, 4, 9, NaN} has n = 3, mean 5, sample variance
 * ((-3)^2 + (-1)^2 + 4^2) / 2 = 13; t(0.975; 2) = 4.302652729749464. */
static void test_summary_stride_and_nan(void **state)
{
    (void)state;
    const double table[5][3] = {
        {-1, 2, -1}, {-1, NAN, -1}, {-1, 4, -1}, {-1, 9, -1}, {-1, NAN, -1},
    };
    struct summary s = stats_summarise(&table[0][1], 3, 5);
    double t2 = 4.302652729749464;
    assert_int_equal(s.n, 3);
    ASSERT_NEAR(s.mean, 5, 1e-15);
    ASSERT_NEAR(s.sd, sqrt(13.0), 1e-14);
    ASSERT_NEAR(s.hi - s.mean, t2 * sqrt(13.0) / sqrt(3.0), 1e-9);
    ASSERT_NEAR(s.mean - s.lo, t2 * sqrt(13.0) / sqrt(3.0), 1e-9);
}

/* n < 2: the mean of what there is, sd and CI undefined; n = 0: all NaN. */
static void test_summary_small_n(void **state)
{
    (void)state;
    const double one[3] = {NAN, 7.5, NAN};
    struct summary s = stats_summarise(one, 1, 3);
    assert_int_equal(s.n, 1);
    ASSERT_NEAR(s.mean, 7.5, 0);
    assert_true(isnan(s.sd) && isnan(s.lo) && isnan(s.hi));

    const double none[2] = {NAN, NAN};
    s = stats_summarise(none, 1, 2);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean) && isnan(s.sd) && isnan(s.lo) && isnan(s.hi));

    s = stats_summarise(none, 1, 0);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean));
}

/* Identical values: sd 0 and a zero-width interval at the value. */
static void test_summary_constant(void **state)
{
    (void)state;
    const double x[4] = {0.25, 0.25, 0.25, 0.25};
    struct summary s = stats_summarise(x, 1, 4);
    assert_int_equal(s.n, 4);
    ASSERT_NEAR(s.mean, 0.25, 0);
    ASSERT_NEAR(s.sd, 0, 0);
    ASSERT_NEAR(s.lo, 0.25, 0);
    ASSERT_NEAR(s.hi, 0.25, 0);
}

/* Coverage of the t interval: over 4000 samples of n = 5 standard normals
 * the 95% interval contains 0 in a share that is Binomial(4000, 0.95) / 4000,
 * standard error sqrt(0.95 x 0.05 / 4000) = 0.0034; tolerance 4 standard
 * errors.  A normal (z = 1.96) interval would cover only about 0.88. */
static void test_summary_coverage(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 4242);
    const int R = 4000;
    int hit = 0;
    for (int r = 0; r < R; r++) {
        double x[5];
        for (int i = 0; i < 5; i++)
            x[i] = gsl_ran_gaussian(rng, 1.0);
        struct summary s = stats_summarise(x, 1, 5);
        hit += s.lo <= 0 && 0 <= s.hi;
    }
    gsl_rng_free(rng);
    ASSERT_NEAR((double)hit / R, 0.95, 4 * sqrt(0.95 * 0.05 / R));
}

/* Paired differences: x - y = {1, 2, 3} (a NaN pair dropped), mean 2,
 * sd 1, half-width t(0.975; 2) / sqrt(3).  The unpaired (Welch) half-width
 * of the same samples, by hand: x = {11, 22, 33}, y = {10, 20, 30}; var x =
 * 121, var y = 100; v = (121 + 100) / 3; df = v^2 / ((121/3)^2/2 +
 * (100/3)^2/2). */
static void test_paired_and_unpaired(void **state)
{
    (void)state;
    const double x[4] = {11, 22, NAN, 33}, y[4] = {10, 20, 5, 30};
    struct summary d = stats_paired(x, y, 1, 4);
    assert_int_equal(d.n, 3);
    ASSERT_NEAR(d.mean, 2, 1e-15);
    ASSERT_NEAR(d.sd, 1, 1e-15);
    ASSERT_NEAR(d.hi - d.mean, gsl_cdf_tdist_Pinv(0.975, 2) / sqrt(3.0), 1e-12);
    const double x3[3] = {11, 22, 33}, y3[3] = {10, 20, 30};
    double v = (121.0 + 100.0) / 3, df = v * v / ((121.0 / 3) * (121.0 / 3) / 2 + (100.0 / 3) * (100.0 / 3) / 2);
    ASSERT_NEAR(stats_unpaired_half(x3, y3, 1, 3), gsl_cdf_tdist_Pinv(0.975, df) * sqrt(v), 1e-9);
    /* the point of pairing: x and y move together, so the paired interval
     * (half-width 2.48) is far narrower than the unpaired one (about 27) */
    assert_true(d.hi - d.mean < stats_unpaired_half(x3, y3, 1, 3) / 5);
    /* undefined below two values */
    assert_true(isnan(stats_unpaired_half(x3, y3, 1, 1)));
}

/* An ensemble of K = 3 draws x R = 2 replications, draw-major:
 * draws {1, 3}, {5, 7}, {10, 12}: draw means 2, 6, 11; grand mean 19/3;
 * within-draw deviations all +-1, pooled variance (6 x 1) / (3 x 1) = 2,
 * df 3, so the Monte Carlo CI is mean -/+ t(0.975; 3) sqrt(2) / sqrt(6);
 * the 90% interval over draw means {2, 6, 11} by GSL's quantile rule:
 * 5%: 2 + 0.1 (6 - 2) = 2.4; 95%: 6 + 0.9 (11 - 6) = 10.5. */
static void test_ensemble_by_hand(void **state)
{
    (void)state;
    const double x[6] = {1, 3, 5, 7, 10, 12};
    struct ens_summary e = stats_ensemble(x, 1, 3, 2);
    double t3 = gsl_cdf_tdist_Pinv(0.975, 3);
    assert_int_equal(e.mc.n, 6);
    assert_int_equal(e.draws, 3);
    ASSERT_NEAR(e.mc.mean, 19.0 / 3, 1e-12);
    ASSERT_NEAR(e.mc.sd, sqrt(2), 1e-12);
    ASSERT_NEAR(e.mc.lo, 19.0 / 3 - t3 * sqrt(2) / sqrt(6), 1e-9);
    ASSERT_NEAR(e.mc.hi, 19.0 / 3 + t3 * sqrt(2) / sqrt(6), 1e-9);
    ASSERT_NEAR(e.pi_lo, 2.4, 1e-12);
    ASSERT_NEAR(e.pi_hi, 10.5, 1e-12);
    /* one replication per draw: no Monte Carlo CI, still a parameter interval */
    struct ens_summary one = stats_ensemble(x, 2, 3, 1);
    assert_true(isnan(one.mc.lo));
    ASSERT_NEAR(one.pi_lo, 1 + 0.1 * 4, 1e-12);
    /* paired: x minus x shifted by a constant is that constant, with no spread */
    const double y[6] = {0, 2, 4, 6, 9, 11};
    struct ens_summary d = stats_ensemble_paired(x, y, 1, 3, 2);
    ASSERT_NEAR(d.mc.mean, 1, 1e-12);
    ASSERT_NEAR(d.pi_lo, 1, 1e-12);
    ASSERT_NEAR(d.pi_hi, 1, 1e-12);
    ASSERT_NEAR(d.mc.sd, 0, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_by_hand),
        cmocka_unit_test(test_summary_stride_and_nan),
        cmocka_unit_test(test_summary_small_n),
        cmocka_unit_test(test_summary_constant),
        cmocka_unit_test(test_summary_coverage),
        cmocka_unit_test(test_paired_and_unpaired),
        cmocka_unit_test(test_ensemble_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
