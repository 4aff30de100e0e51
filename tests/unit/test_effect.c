/*
 * test_effect.c - the policy's effect against its reference: the windows
 * (reporting year, the policy's months, named years), the paired deltas on
 * hand-made replications, the policy window of each lever, and the printed
 * precision of an estimate.
 */
#include "helpers.h"

#include "effect.h"
#include "output.h"
#include "run.h"

static struct scenario *hand(void)
{
    struct scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    sc->start = month_make(2024, 11);
    sc->end = month_make(2030, 12);
    sc->months = sc->end - sc->start + 1;
    sc->reporting_year = 2025;
    return sc;
}

/* Each lever's window; the union of several; none without a policy. */
static void test_policy_window(void **state)
{
    (void)state;
    struct scenario *sc = hand();
    int a, b;
    assert_false(policy_window(sc, &a, &b));
    sc->tariff.on = true;
    sc->tariff.start = month_make(2026, 1);
    sc->tariff.end = month_make(2027, 6);
    assert_true(policy_window(sc, &a, &b));
    assert_int_equal(a, month_make(2026, 1));
    assert_int_equal(b, month_make(2027, 6));
    sc->trust_shock.on = true; /* lasts (decaying) to the horizon's end */
    sc->trust_shock.start = month_make(2025, 6);
    assert_true(policy_window(sc, &a, &b));
    assert_int_equal(a, month_make(2025, 6));
    assert_int_equal(b, sc->end);
    /* a lever switched off (enabled = false) does not count */
    sc->trust_shock.on = false;
    sc->tariff.on = false;
    sc->export_controls.start = month_make(2025, 1);
    sc->export_controls.end = sc->end;
    assert_false(policy_window(sc, &a, &b));
    free(sc);
}

/* The reporting year, the policy's window, then each named year; a year
 * outside the horizon is an error; a window missing the reporting year is
 * warned about. */
static void test_windows(void **state)
{
    (void)state;
    struct scenario *sc = hand();
    sc->tariff.on = true;
    sc->tariff.start = month_make(2026, 1);
    sc->tariff.end = sc->end;
    struct effect_window w[EFFECT_MAX_WINDOWS];
    char err[OSS_ERR_LEN];
    int years[] = {2027, 2024};
    int n = effect_windows(sc, years, 2, w, err);
    assert_int_equal(n, 4);
    assert_string_equal(w[0].label, "");
    assert_int_equal(w[0].first, month_make(2025, 1));
    assert_int_equal(w[0].last, month_make(2025, 12));
    assert_string_equal(w[1].label, "policy");
    assert_int_equal(w[1].first, month_make(2026, 1));
    assert_string_equal(w[2].label, "2027");
    assert_int_equal(w[3].first, sc->start); /* 2024: clipped to the horizon */
    assert_int_equal(w[3].last, month_make(2024, 12));
    years[0] = 2031;
    assert_int_equal(effect_windows(sc, years, 1, w, err), -1);
    assert_non_null(strstr(err, "2031 lies outside the horizon"));
    char warn[OSS_ERR_LEN];
    assert_true(effect_window_warning(sc, warn, sizeof warn));
    assert_non_null(strstr(warn, "outside the reporting year 2025"));
    sc->tariff.start = month_make(2025, 12); /* one month inside: no warning */
    assert_false(effect_window_warning(sc, warn, sizeof warn));
    free(sc);
}

static void test_parse_years(void **state)
{
    (void)state;
    int y[4], n;
    assert_true(effect_parse_years("2025,2027,2030", y, 4, &n));
    assert_int_equal(n, 3);
    assert_int_equal(y[2], 2030);
    assert_false(effect_parse_years("2025,", y, 4, &n));
    assert_false(effect_parse_years("", y, 4, &n));
    assert_false(effect_parse_years("2025;2026", y, 4, &n));
    assert_false(effect_parse_years("1800", y, 4, &n));
    assert_false(effect_parse_years("2025,2026,2027,2028,2029", y, 4, &n));
}

/* Two replications of scenario and reference: the Chinese share is the
 * reference's minus 0.01 (replication 0) and 0.03 (replication 1) in every
 * month of 2026 and equal before; the paired delta over 2026 is -0.02 with
 * the t interval of two differences, over 2025 exactly 0. */
static void test_paired_deltas(void **state)
{
    (void)state;
    struct scenario *sc = hand();
    int R = 2, M = sc->months;
    struct run_results res = {0}, ref = {0};
    res.reps = ref.reps = R;
    res.months = ref.months = M;
    res.rows = calloc((size_t)R * M * N_MONTH_METRICS, sizeof(double));
    ref.rows = calloc((size_t)R * M * N_MONTH_METRICS, sizeof(double));
    assert_non_null(res.rows);
    assert_non_null(ref.rows);
    for (int r = 0; r < R; r++)
        for (int k = 0; k < M; k++) {
            size_t o = ((size_t)r * M + k) * N_MONTH_METRICS + M_ORIGIN_TOKEN_SHARE + REGION_CN;
            ref.rows[o] = 0.1 + 0.01 * r;
            res.rows[o] = ref.rows[o] - (month_year(sc->start + k) == 2026 ? 0.01 + 0.02 * r : 0);
        }
    int years[] = {2026};
    struct effect_window w[EFFECT_MAX_WINDOWS];
    char err[OSS_ERR_LEN];
    int n = effect_windows(sc, years, 1, w, err);
    assert_int_equal(n, 2); /* no policy lever: no @policy window */
    struct summary s[N_HEADLINES];
    effect_summaries(sc, &res, &ref, &w[0], s);
    ASSERT_NEAR(s[H_CN_TOKEN_SHARE_MEAN].mean, 0, 0);
    assert_int_equal(s[H_CN_TOKEN_SHARE_MEAN].n, 2);
    assert_true(isnan(s[H_CF_SURPLUS_GAIN_BUSD].mean)); /* cf_ rows are no effects */
    effect_summaries(sc, &res, &ref, &w[1], s);
    ASSERT_NEAR(s[H_CN_TOKEN_SHARE_MEAN].mean, -0.02, 1e-15);
    /* t(0.975, 1) = 12.7062; sd of {-0.01, -0.03} = 0.01414; half-width 12.7062 * 0.01 */
    ASSERT_NEAR(s[H_CN_TOKEN_SHARE_MEAN].hi - s[H_CN_TOKEN_SHARE_MEAN].mean, 12.7062047 * 0.01, 1e-6);
    assert_false(effect_shown(H_CN_TOKEN_SHARE_START, &w[1])); /* the horizon's first month: not a year's */
    assert_true(effect_shown(H_CN_TOKEN_SHARE_START, &w[0]));
    ASSERT_NEAR(effect_scale(H_CN_TOKEN_SHARE_MEAN), 100, 0);
    assert_string_equal(effect_unit(H_CN_TOKEN_SHARE_MEAN), "pp");
    assert_string_equal(effect_unit(H_AVG_PRICE_MEAN), "USD/Mtok");
    free(res.rows);
    free(ref.rows);
    free(sc);
}

/* Two significant digits of the interval's half-width, no more. */
static void test_format(void **state)
{
    (void)state;
    char b[96];
    output_format_estimate(b, sizeof b, -0.0116739, -0.0132601, -0.0100878, 100);
    assert_string_equal(b, "-1.17 [-1.33, -1.01]");
    output_format_estimate(b, sizeof b, 25.468, 25.13, 25.80, 1);
    assert_string_equal(b, "+25.47 [+25.13, +25.80]");
    output_format_estimate(b, sizeof b, 1234.6, 1000, 1469, 1);
    assert_string_equal(b, "+1235 [+1000, +1469]");
    output_format_estimate(b, sizeof b, 0, 0, 0, 100);
    assert_string_equal(b, "0 (no difference)");
    output_format_estimate(b, sizeof b, NAN, NAN, NAN, 1);
    assert_string_equal(b, "undefined");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_window), cmocka_unit_test(test_windows), cmocka_unit_test(test_parse_years),
        cmocka_unit_test(test_paired_deltas), cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
