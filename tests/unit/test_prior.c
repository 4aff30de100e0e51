/*
 * test_prior.c - priors (prior.c): draws against the stated mean and sd,
 * truncation to the bounds, the density against its closed form, and the
 * logit change of variables the ABC sampler moves in.
 */
#include "helpers.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "prior.h"

static struct cal_free param(enum prior_dist d, double mean, double sd, double min, double max)
{
    struct cal_free p;
    memset(&p, 0, sizeof p);
    snprintf(p.key, sizeof p.key, "x");
    p.min = min;
    p.max = max;
    p.prior.dist = d;
    p.prior.mean = mean;
    p.prior.sd = sd;
    return p;
}

/* Sample mean and sd of n draws. */
static void draws(const struct cal_free *p, int n, double *mean, double *sd, double *lo, double *hi)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    double s = 0, s2 = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        double v = prior_draw(p, r);
        s += v;
        s2 += v * v;
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
    }
    gsl_rng_free(r);
    *mean = s / n;
    *sd = sqrt(s2 / n - *mean * *mean);
}

/* With bounds far from the mass, each prior's draws have its mean and sd:
 * 100,000 draws put the sample mean within 5 standard errors (5 sd / 316)
 * and the sample sd within 3%. */
static void test_draw_moments(void **state)
{
    (void)state;
    const struct cal_free ps[] = {
        param(PRIOR_NORMAL, 2.0, 0.5, -10, 10),
        param(PRIOR_LOGNORMAL, 0.05, 0.03, 0, 10),
        param(PRIOR_BETA, 0.3, 0.1, 0, 1),
        param(PRIOR_BETA, 130, 5, 120, 160), /* scaled to the bounds */
    };
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++) {
        double m, s, lo, hi;
        draws(&ps[i], 100000, &m, &s, &lo, &hi);
        ASSERT_NEAR(m, ps[i].prior.mean, 5 * ps[i].prior.sd / sqrt(100000));
        ASSERT_NEAR(s, ps[i].prior.sd, 0.03 * ps[i].prior.sd);
        double pm, psd, q05, q95;
        prior_moments(&ps[i], &pm, &psd, &q05, &q95);
        ASSERT_NEAR(pm, ps[i].prior.mean, 0.01 * ps[i].prior.sd);
        ASSERT_NEAR(psd, ps[i].prior.sd, 0.01 * ps[i].prior.sd);
        assert_true(q05 < pm && pm < q95);
    }
    /* uniform: mean (a + b) / 2, sd (b - a) / sqrt(12) */
    struct cal_free u = param(PRIOR_UNIFORM, NAN, NAN, 2, 8);
    double m, s, lo, hi;
    draws(&u, 100000, &m, &s, &lo, &hi);
    ASSERT_NEAR(m, 5, 5 * 6 / sqrt(12) / sqrt(100000));
    ASSERT_NEAR(s, 6 / sqrt(12), 0.03 * 6 / sqrt(12));
}

/* A normal prior cut by its bounds: every draw inside, and the density
 * -inf outside them. */
static void test_truncation(void **state)
{
    (void)state;
    struct cal_free p = param(PRIOR_NORMAL, 0, 1, -0.5, 2);
    double m, s, lo, hi;
    draws(&p, 20000, &m, &s, &lo, &hi);
    assert_true(lo > -0.5 && hi < 2);
    assert_true(isinf(prior_log_density(&p, -0.6)));
    assert_true(isinf(prior_log_density(&p, 2.1)));
}

/* Log densities up to a constant: differences against the closed forms. */
static void test_density(void **state)
{
    (void)state;
    struct cal_free n = param(PRIOR_NORMAL, 1, 2, -100, 100);
    ASSERT_NEAR(prior_log_density(&n, 3) - prior_log_density(&n, 1), -0.5, 1e-12);
    struct cal_free l = param(PRIOR_LOGNORMAL, 1, 0.5, 0, 100);
    double s2 = log(1 + 0.25), zeta = -s2 / 2;
    double want = log(gsl_ran_lognormal_pdf(2, zeta, sqrt(s2)) / gsl_ran_lognormal_pdf(1, zeta, sqrt(s2)));
    ASSERT_NEAR(prior_log_density(&l, 2) - prior_log_density(&l, 1), want, 1e-9);
    struct cal_free b = param(PRIOR_BETA, 0.3, 0.1, 0, 1);
    double k = 0.3 * 0.7 / 0.01 - 1;
    want = log(gsl_ran_beta_pdf(0.5, 0.3 * k, 0.7 * k) / gsl_ran_beta_pdf(0.2, 0.3 * k, 0.7 * k));
    ASSERT_NEAR(prior_log_density(&b, 0.5) - prior_log_density(&b, 0.2), want, 1e-9);
    struct cal_free u = param(PRIOR_UNIFORM, NAN, NAN, 0, 1);
    ASSERT_NEAR(prior_log_density(&u, 0.9) - prior_log_density(&u, 0.1), 0, 1e-15);
}

/* The logit coordinate: theta(x(theta)) = theta, and the density in x is
 * the density in theta times dtheta/dx = (max - min) u (1 - u). */
static void test_logit_coordinate(void **state)
{
    (void)state;
    struct cal_free p = param(PRIOR_NORMAL, 130, 8, 120, 160);
    for (double t = 121; t < 160; t += 7.5) {
        double x = prior_x(&p, t);
        ASSERT_NEAR(prior_theta(&p, x), t, 1e-9);
        double u = (t - 120) / 40;
        ASSERT_NEAR(prior_log_density_x(&p, x) - prior_log_density(&p, t), log(u * (1 - u)), 1e-9);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draw_moments),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_density),
        cmocka_unit_test(test_logit_coordinate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
