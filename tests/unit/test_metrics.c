/*
 * test_metrics.c - the Nagle-Yue latent reallocation (metrics_latent) on
 * hand-made families, the headline metrics (metrics_headline) on hand-made
 * monthly rows, and the names that users' scripts rely on.
 */
#include "helpers.h"

/*
 * Families (quality, price USD/Mtok, million tokens):
 *   0 closed A  q 10  p 5    t 100  dominated by C (11, 0.5), B (12, 1) -> moved to C, the cheapest
 *   1 open   B  q 12  p 1    t 40
 *   2 open   C  q 11  p 0.5  t 30
 *   3 open   D  q  9  p 0.1  t 20   cheaper than A but worse: dominates nothing
 *   4 open   E  q 12  p 6    t 5    better than A but dearer: dominates nothing
 *   5 closed F  q 15  p 2    t 50   no open family as good: not moved
 *   6 closed G  q 10  p 0.3  t 10   as good: B, C, E; none as cheap: not moved
 *   7 open   H  q 20  p 0.01 t 0    unavailable: dominates nothing
 *   8 closed I  q 12  p 1    t 7    B is as good and as cheap: moved, saving 0
 *   9 closed J  q  1  p 9    t 3    unavailable: neither spend nor savings
 */
static void test_latent_reallocation(void **state)
{
    (void)state;
    enum { N = 10 };
    const bool avail[N] = {1, 1, 1, 1, 1, 1, 1, 0, 1, 0};
    const bool open[N] = {0, 1, 1, 1, 1, 0, 0, 1, 0, 0};
    const double q[N] = {10, 12, 11, 9, 12, 15, 10, 20, 12, 1};
    const double p[N] = {5, 1, 0.5, 0.1, 6, 2, 0.3, 0.01, 1, 9};
    const double t[N] = {100, 40, 30, 20, 5, 50, 10, 0, 7, 3};
    double savings = -1, spend = -1;
    metrics_latent(N, avail, open, p, q, t, &savings, &spend);
    ASSERT_NEAR(savings, 100 * (5 - 0.5), 1e-12);
    double expect_spend = 100 * 5 + 40 * 1 + 30 * 0.5 + 20 * 0.1 + 5 * 6 + 50 * 2 + 10 * 0.3 + 7 * 1;
    ASSERT_NEAR(spend, expect_spend, 1e-9);
}

/* Not moved when the only open family is worse in quality, or dearer, or
 * unavailable; moved (to the cheaper one) once a dominating family exists. */
static void test_latent_not_moved(void **state)
{
    (void)state;
    bool avail[2] = {1, 1}, open[2] = {0, 1};
    double q[2] = {10, 9.999}, p[2] = {2, 0.5}, t[2] = {10, 4};
    double sav, spend;
    metrics_latent(2, avail, open, p, q, t, &sav, &spend); /* open is worse */
    ASSERT_NEAR(sav, 0, 0);
    ASSERT_NEAR(spend, 10 * 2 + 4 * 0.5, 1e-12);
    q[1] = 10;
    p[1] = 2.001;
    metrics_latent(2, avail, open, p, q, t, &sav, &spend); /* open is dearer */
    ASSERT_NEAR(sav, 0, 0);
    p[1] = 0.5;
    avail[1] = 0;
    metrics_latent(2, avail, open, p, q, t, &sav, &spend); /* open not on the market */
    ASSERT_NEAR(sav, 0, 0);
    ASSERT_NEAR(spend, 20, 1e-12);
    avail[1] = 1;
    metrics_latent(2, avail, open, p, q, t, &sav, &spend); /* equal quality, cheaper: moved */
    ASSERT_NEAR(sav, 10 * (2 - 0.5), 1e-12);
    open[0] = 1;
    metrics_latent(2, avail, open, p, q, t, &sav, &spend); /* open tokens are never moved */
    ASSERT_NEAR(sav, 0, 0);
}

/* ---- headlines -------------------------------------------------------- */

static struct scenario *hand_scenario(int y0, int m0, int y1, int m1, int year)
{
    struct scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    sc->start = month_make(y0, m0);
    sc->end = month_make(y1, m1);
    sc->months = sc->end - sc->start + 1;
    sc->reporting_year = year;
    return sc;
}

#define ROW(rows, k, m) (rows)[(size_t)(k) * N_MONTH_METRICS + (m)]

/* Fills month k of a scenario's rows with values that are simple functions of k. */
static void fill_rows(double *rows, int months)
{
    for (int k = 0; k < months; k++) {
        for (int m = 0; m < N_MONTH_METRICS; m++)
            ROW(rows, k, m) = NAN;
        ROW(rows, k, M_ORIGIN_TOKEN_SHARE + REGION_CN) = 0.01 * (k + 1);
        ROW(rows, k, M_OPEN_TOKEN_SHARE) = 0.2 + 0.01 * k;
        ROW(rows, k, M_CN_SHARE_OF_OPEN_DEVS) = 0.5;
        ROW(rows, k, M_CLOSED_REVENUE_SHARE) = 0.9;
        ROW(rows, k, M_AVG_PRICE_CLOSED) = 2 + k;
        ROW(rows, k, M_AVG_PRICE_OPEN) = k < 4 ? NAN : 0.25; /* no open model yet before month 4 */
        ROW(rows, k, M_SPEND_MUSD) = 100 + k;
        ROW(rows, k, M_TOKENS_T) = 10;
        ROW(rows, k, M_REVENUE_MUSD) = 120 + k;
        ROW(rows, k, M_LATENT_SAVINGS_MUSD) = 10;
        ROW(rows, k, M_SURPLUS_MUSD) = 1000 + 2 * k;
    }
}

/*
 * Horizon 2024-11 to 2026-03 (17 months), reporting year 2025: months
 * k = 2..13.  Sums over them: sum k = 90, so spend 1290 MUSD, revenue 1530,
 * latent savings 120.  The CN share peaks inside the year at a planted 0.5
 * (k = 7) while a larger 0.9 outside the year (k = 15) must be ignored;
 * start is month 0 of the horizon (0.01), end its last month (0.17).
 */
static void test_headline_full_year(void **state)
{
    (void)state;
    struct scenario *sc = hand_scenario(2024, 11, 2026, 3, 2025);
    assert_int_equal(sc->months, 17);
    int M = sc->months;
    double *rows = calloc((size_t)M * N_MONTH_METRICS, sizeof *rows);
    double *cf = calloc((size_t)M * N_MONTH_METRICS, sizeof *cf);
    assert_true(rows && cf);
    fill_rows(rows, M);
    ROW(rows, 7, M_ORIGIN_TOKEN_SHARE + REGION_CN) = 0.5;
    ROW(rows, 15, M_ORIGIN_TOKEN_SHARE + REGION_CN) = 0.9;
    fill_rows(cf, M);
    for (int k = 0; k < M; k++) {
        ROW(cf, k, M_SPEND_MUSD) = 150 + k; /* dearer without open models */
        ROW(cf, k, M_TOKENS_T) = 8;
        ROW(cf, k, M_SURPLUS_MUSD) = 900 + k;
    }
    double h[N_HEADLINES];
    metrics_headline(sc, rows, NULL, h);
    /* the CN mean: 0.01 (k+1) for k = 2..13 except k = 7 (0.08 -> 0.5) */
    double cn_sum = 0.01 * (90 + 12) - 0.08 + 0.5;
    ASSERT_NEAR(h[H_CN_TOKEN_SHARE_START], 0.01, 1e-15);
    ASSERT_NEAR(h[H_CN_TOKEN_SHARE_MEAN], cn_sum / 12, 1e-12);
    ASSERT_NEAR(h[H_CN_TOKEN_SHARE_PEAK], 0.5, 0);
    ASSERT_NEAR(h[H_CN_TOKEN_SHARE_END], 0.17, 1e-15);
    ASSERT_NEAR(h[H_OPEN_TOKEN_SHARE_MEAN], 0.2 + 0.01 * 90 / 12, 1e-12);
    ASSERT_NEAR(h[H_CN_SHARE_OF_OPEN_DEVS_MEAN], 0.5, 1e-15);
    ASSERT_NEAR(h[H_CLOSED_REVENUE_SHARE_MEAN], 0.9, 1e-15);
    ASSERT_NEAR(h[H_AVG_PRICE_CLOSED_MEAN], 2 + 90.0 / 12, 1e-12);
    ASSERT_NEAR(h[H_AVG_PRICE_OPEN_MEAN], 0.25, 1e-15); /* months 2, 3 undefined: skipped */
    ASSERT_NEAR(h[H_MARKET_SPEND_BUSD], 1290 / 1e3, 1e-12);
    ASSERT_NEAR(h[H_LATENT_SAVINGS_BUSD], 120 / 1e3, 1e-12);
    ASSERT_NEAR(h[H_LATENT_PRICE_CUT_PCT], 100.0 * 120 / 1530, 1e-12);
    for (int i = 0; i < N_HEADLINES; i++)
        if (headline_is_cf(i))
            assert_true(isnan(h[i])); /* no counterfactual given */

    /* against the counterfactual, over the same months: spend 12*150 + 90 = 1890
     * on 96 trillion tokens; surplus sums 12000 + 180 and 10800 + 90 */
    metrics_headline(sc, rows, cf, h);
    double avg = 1290.0 / 120, cavg = 1890.0 / 96;
    ASSERT_NEAR(h[H_CF_PRICE_CUT_PCT], 100 * (1 - avg / cavg), 1e-10);
    ASSERT_NEAR(h[H_CF_SPEND_SAVINGS_BUSD], (1890.0 - 1290) / 1e3, 1e-12);
    ASSERT_NEAR(h[H_CF_SURPLUS_GAIN_BUSD], (12180.0 - 10890) / 1e3, 1e-12);
    ASSERT_NEAR(h[H_MARKET_SPEND_BUSD], 1290 / 1e3, 1e-12); /* unchanged by the counterfactual */
    free(rows);
    free(cf);
    free(sc);
}

/* Horizon 2025-04 to 2026-06: the reporting year 2025 has only its months
 * April to December (k = 0..8) in the horizon; sums are scaled to a full
 * year by 12/9, means are plain means of those nine months. */
static void test_headline_partial_year(void **state)
{
    (void)state;
    struct scenario *sc = hand_scenario(2025, 4, 2026, 6, 2025);
    int M = sc->months;
    assert_int_equal(M, 15);
    double *rows = calloc((size_t)M * N_MONTH_METRICS, sizeof *rows);
    assert_non_null(rows);
    fill_rows(rows, M);
    double h[N_HEADLINES];
    metrics_headline(sc, rows, rows, h);
    /* sum k over 0..8 = 36: spend 936, revenue 1116, savings 90 */
    ASSERT_NEAR(h[H_MARKET_SPEND_BUSD], 936 * 12.0 / 9 / 1e3, 1e-12);
    ASSERT_NEAR(h[H_LATENT_SAVINGS_BUSD], 90 * 12.0 / 9 / 1e3, 1e-12);
    ASSERT_NEAR(h[H_LATENT_PRICE_CUT_PCT], 100.0 * 90 / 1116, 1e-12);
    ASSERT_NEAR(h[H_CN_TOKEN_SHARE_MEAN], 0.01 * (36 + 9) / 9, 1e-12);
    ASSERT_NEAR(h[H_CN_TOKEN_SHARE_PEAK], 0.09, 1e-15);
    ASSERT_NEAR(h[H_CN_TOKEN_SHARE_END], 0.15, 1e-15);
    ASSERT_NEAR(h[H_AVG_PRICE_OPEN_MEAN], 0.25, 1e-15);
    /* a scenario against itself: no difference */
    ASSERT_NEAR(h[H_CF_PRICE_CUT_PCT], 0, 1e-12);
    ASSERT_NEAR(h[H_CF_SPEND_SAVINGS_BUSD], 0, 0);
    ASSERT_NEAR(h[H_CF_SURPLUS_GAIN_BUSD], 0, 0);
    free(rows);
    free(sc);
}

/* A reporting year outside the horizon: every headline undefined (NaN). */
static void test_headline_year_outside(void **state)
{
    (void)state;
    struct scenario *sc = hand_scenario(2026, 1, 2026, 12, 2025);
    double *rows = calloc((size_t)sc->months * N_MONTH_METRICS, sizeof *rows);
    assert_non_null(rows);
    fill_rows(rows, sc->months);
    double h[N_HEADLINES];
    metrics_headline(sc, rows, rows, h);
    for (int i = 0; i < N_HEADLINES; i++)
        assert_true(isnan(h[i]));
    int a, b;
    assert_false(scenario_reporting_months(sc, &a, &b));
    free(rows);
    free(sc);
}

/* The headline names, exactly, in summary.csv order (a contract with users' scripts). */
static void test_headline_names(void **state)
{
    (void)state;
    const char *want[] = {"latent_price_cut_pct", "latent_savings_busd", "cf_price_cut_pct",
                          "cf_spend_savings_busd", "cf_surplus_gain_busd", "cn_token_share_start",
                          "cn_token_share_mean", "cn_token_share_peak", "cn_token_share_end",
                          "open_token_share_mean", "cn_share_of_open_devs_mean",
                          "closed_revenue_share_mean", "avg_price_closed_mean", "avg_price_open_mean",
                          "market_spend_busd", "own_price_elasticity_mean", "avg_price_mean",
                          "own_price_elasticity_open_mean", "market_price_elasticity_mean",
                          "consumer_surplus_busd"};
    assert_int_equal(sizeof want / sizeof *want, N_HEADLINES);
    for (int i = 0; i < N_HEADLINES; i++) {
        assert_string_equal(headline_names[i], want[i]);
        assert_non_null(headline_units[i]);
        assert_non_null(headline_labels[i]);
    }
    /* the last monthly metrics (timeseries.csv columns), in order: new ones go at the end */
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 9], "review_share");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 8], "own_price_elasticity");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 7], "own_price_elasticity_open");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 6], "market_price_elasticity");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 5], "first_party_share_of_open_tokens");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 4], "avg_price_hosted");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 3], "avg_price_first_party");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 2], "superseded_token_share");
    assert_string_equal(month_metric_names[N_MONTH_METRICS - 1], "open_model_share_max");
    /* monthly and family metric names: all present and distinct (CSV columns) */
    for (int i = 0; i < N_MONTH_METRICS; i++) {
        assert_non_null(month_metric_names[i]);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(month_metric_names[i], month_metric_names[k]);
    }
    for (int i = 0; i < N_FAMILY_METRICS; i++) {
        assert_non_null(family_metric_names[i]);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(family_metric_names[i], family_metric_names[k]);
    }
}

/* NAME@YYYYQn: the quarter's months; NAME@YYYY-MM..YYYY-MM: the months from
 * the first to the last; malformed suffixes rejected. */
static void test_quarter_suffix(void **state)
{
    (void)state;
    char base[64];
    int a = -1, b = -1;
    assert_int_equal(metrics_window("open_token_share@2025Q4", base, sizeof base, &a, &b), 1);
    assert_string_equal(base, "open_token_share");
    assert_int_equal(a, month_make(2025, 10));
    assert_int_equal(b, month_make(2025, 12));
    assert_int_equal(metrics_window("share_of_open_tokens.deepseek@2024Q1", base, sizeof base, &a, &b), 1);
    assert_string_equal(base, "share_of_open_tokens.deepseek");
    assert_int_equal(a, month_make(2024, 1));
    assert_int_equal(b, month_make(2024, 3));
    assert_int_equal(metrics_window("open_token_share", base, sizeof base, &a, &b), 0);
    assert_int_equal(metrics_window("share_of_open_tokens.llama@2024-11..2025-11", base, sizeof base, &a, &b), 1);
    assert_string_equal(base, "share_of_open_tokens.llama");
    assert_int_equal(a, month_make(2024, 11));
    assert_int_equal(b, month_make(2025, 11));
    assert_int_equal(metrics_window("open_token_share@2025-06..2025-06", base, sizeof base, &a, &b), 1);
    assert_int_equal(a, b);
    const char *bad[] = {"x@2025Q5", "x@2025Q0", "x@2025q4", "x@2025Q4 ", "x@25Q4", "x@2025-10", "x@",
                         "x@2025-11..2025-02", "x@2025-1..2025-02", "x@2025-01..2025-13", "x@2025-01..",
                         "x@..2025-02", "x@2025-01..2025-02 ", "x@2025-01...2025-02"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(metrics_window(bad[i], base, sizeof base, &a, &b), -1);
}

/* A quarter's mean skips undefined months; a family's share of open tokens
 * weights months by their tokens. */
static void test_quarter_values(void **state)
{
    (void)state;
    enum { M = 3, F = 2 };
    double rows[M * N_MONTH_METRICS], fams[M * F * N_FAMILY_METRICS];
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        rows[i] = NAN;
    for (size_t i = 0; i < sizeof fams / sizeof *fams; i++)
        fams[i] = NAN;
    const double tok[M] = {10, 20, 30}, open[M] = {0.5, 0.5, 0.25}, share0[M] = {0.1, 0.2, 0.25};
    for (int k = 0; k < M; k++) {
        rows[k * N_MONTH_METRICS + M_TOKENS_T] = tok[k];
        rows[k * N_MONTH_METRICS + M_OPEN_TOKEN_SHARE] = open[k];
        fams[(k * F + 0) * N_FAMILY_METRICS + F_TOKEN_SHARE] = share0[k];
    }
    rows[1 * N_MONTH_METRICS + M_OPEN_TOKEN_SHARE] = NAN; /* undefined in month 1 */
    assert_float_equal(metrics_window_mean(rows, 0, 2, M_OPEN_TOKEN_SHARE), 0.375, 1e-12);
    /* family 0: (1 + 4 + 7.5) tokens of (5 + 7.5) open ones (month 1 has no open share) */
    assert_float_equal(metrics_open_share_of(rows, fams, F, 0, 2, 0), 12.5 / 12.5, 1e-12);
    rows[1 * N_MONTH_METRICS + M_OPEN_TOKEN_SHARE] = 0.5;
    assert_float_equal(metrics_open_share_of(rows, fams, F, 0, 2, 0), 12.5 / 22.5, 1e-12);
    assert_true(isnan(metrics_open_share_of(rows, fams, F, 0, 2, 1)) ||
                metrics_open_share_of(rows, fams, F, 0, 2, 1) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latent_reallocation),
        cmocka_unit_test(test_latent_not_moved),
        cmocka_unit_test(test_headline_full_year),
        cmocka_unit_test(test_headline_partial_year),
        cmocka_unit_test(test_headline_year_outside),
        cmocka_unit_test(test_headline_names),
        cmocka_unit_test(test_quarter_suffix),
        cmocka_unit_test(test_quarter_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
