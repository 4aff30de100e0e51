/*
 * test_finite.c - results_finite (sim/finite.c): NaN where a metric is
 * undefined by design passes; an infinity anywhere, or a NaN in a total that
 * is always defined or in a family's price while it is on the market, fails
 * with a message naming the metric, the month and the replication.
 */
#include "helpers.h"

#include "finite.h"
#include "metrics.h"

static struct scenario *sc;
static struct run_results res;

static int setup(void **state)
{
    (void)state;
    sc = load_ok(TEXTBOOK_CFG, NULL, 0);
    res.reps = 2;
    res.months = sc->months;
    res.n_fam = sc->n_families;
    res.rows = calloc((size_t)res.reps * res.months * N_MONTH_METRICS, sizeof *res.rows);
    res.fams = calloc((size_t)res.reps * res.months * res.n_fam * N_FAMILY_METRICS, sizeof *res.fams);
    return res.rows && res.fams ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(res.rows);
    free(res.fams);
    free(sc);
    return 0;
}

static double *cell(int r, int k, int m) { return res.rows + ((size_t)r * res.months + k) * N_MONTH_METRICS + m; }

static void test_finite(void **state)
{
    (void)state;
    char err[OSS_ERR_LEN] = "";
    assert_true(results_finite(sc, NULL, &res, err));
    /* undefined by design: a share of nothing */
    *cell(1, 3, M_OPEN_TOKEN_SHARE) = NAN;
    *cell(0, 0, M_OWN_PRICE_ELASTICITY) = NAN;
    assert_true(results_finite(sc, NULL, &res, err));
    /* an infinity in a ratio */
    *cell(1, 4, M_AVG_PRICE) = INFINITY;
    assert_false(results_finite(sc, NULL, &res, err));
    char month[MONTH_STR_LEN];
    month_format(sc->start + 4, month);
    assert_non_null(strstr(err, "avg_price"));
    assert_non_null(strstr(err, month));
    assert_non_null(strstr(err, "replication 1"));
    assert_non_null(strstr(err, "supply.cost_decline"));
    *cell(1, 4, M_AVG_PRICE) = 1;
    /* a NaN in a total */
    *cell(0, 2, M_SPEND_MUSD) = NAN;
    assert_false(results_finite(sc, NULL, &res, err));
    assert_non_null(strstr(err, month_metric_names[M_SPEND_MUSD]));
    *cell(0, 2, M_SPEND_MUSD) = 0;
    /* a family's price while on the market */
    double *f = res.fams + ((size_t)0 * res.months + 1) * res.n_fam * N_FAMILY_METRICS;
    f[F_PRICE] = NAN; /* not on the market: undefined */
    assert_true(results_finite(sc, NULL, &res, err));
    f[F_AVAILABLE] = 1;
    assert_false(results_finite(sc, NULL, &res, err));
    assert_non_null(strstr(err, sc->families[0].key));
    f[F_AVAILABLE] = 0;
    assert_true(results_finite(sc, NULL, &res, err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finite),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
