/*
 * test_releases.c - dated releases (families.<key>.releases): reading and
 * checking them, and what supply makes of them.
 *
 * A release re-fixes the family's offset from its origin's frontier in its
 * month: the family's quality that month is the release's; it holds until
 * the next release, and after the last one the frontier carries it on.  A closed
 * family's release price is its list price that month; a release cost starts
 * a new cost path.
 */
#include "helpers.h"

/* The textbook world with frontier growth 1 point a month, so releases and
 * projection can be told apart; family a has two releases. */
static struct scenario *growing(const char *releases_a, const char *const *more, int n_more)
{
    char *t1 = text_sub(TEXTBOOK_CFG, "frontier_growth = 0.0;", "frontier_growth = 1.0;");
    char *t2 = text_sub(t1, "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0; };",
                        releases_a);
    struct scenario *sc = load_ok(t2, more, n_more);
    free(t1);
    free(t2);
    return sc;
}

#define TWO_RELEASES                                                                                \
    "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0;\n"                \
    "  releases = ( { date = \"2025-04\"; quality = 130.0; note = \"A2\"; },\n"                      \
    "               { date = \"2025-08\"; quality = 127.0; price = 2.0; cost = 0.5; note = \"A3\"; } ); };"

static void test_release_quality_path(void **state)
{
    (void)state;
    struct scenario *sc = growing(TWO_RELEASES, NULL, 0);
    assert_int_equal(sc->families[TB_A].n_releases, 2);
    assert_string_equal(sc->families[TB_A].releases[1].note, "A3");
    struct supply s;
    assert_true(supply_init(&s, sc));
    /* 2025-01 .. 2025-12: the frontier carries the entry quality until the
     * first release, the first release's 130 holds until the second, and the
     * frontier carries the second's 127 on after it */
    const double want[12] = {120, 121, 122, 130, 130, 130, 130, 127, 128, 129, 130, 131};
    for (int k = 0; k < sc->months; k++) {
        supply_step(&s, k);
        ASSERT_NEAR(s.quality[TB_A], want[k], 1e-12);
        /* a family without releases: its entry quality plus the frontier's growth */
        ASSERT_NEAR(s.quality[TB_B], 112.0 + k, 1e-12);
        /* fixed price: the list price until the release that sets one */
        ASSERT_NEAR(s.price[TB_A], k < 7 ? 3.0 : 2.0, 0);
        ASSERT_NEAR(s.cost[TB_A], k < 7 ? 1.0 : 0.5, 0);
    }
    supply_free(&s);
    free(sc);
}

/* A Bertrand family is launched at its release price, then adjusts. */
static void test_release_price_bertrand(void **state)
{
    (void)state;
    const char *ov[] = {"families.a.pricing=\"bertrand\""};
    struct scenario *sc = growing(TWO_RELEASES, ov, 1);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    for (int k = 0; k < 8; k++)
        world_step(w, k, 1);
    ASSERT_NEAR(w->supply.price[TB_A], 2.0, 0); /* 2025-08: the release's price */
    world_step(w, 8, 1);
    assert_true(w->supply.price[TB_A] != 2.0); /* then towards c + markup */
    world_free(w);
    free(sc);
}

/* A release dated before the horizon sets the quality at entry; a family
 * whose releases all come later needs its own quality. */
static void test_release_before_start(void **state)
{
    (void)state;
    struct scenario *sc = growing("cost = 1.0; price = 3.0; pricing = \"fixed\";\n"
                                  "  releases = ( { date = \"2024-06\"; quality = 125.0; } ); };",
                                  NULL, 0);
    ASSERT_NEAR(sc->families[TB_A].quality, 125.0, 0);
    struct supply s;
    assert_true(supply_init(&s, sc));
    supply_step(&s, 0);
    ASSERT_NEAR(s.quality[TB_A], 125.0, 1e-12);
    supply_step(&s, 1);
    ASSERT_NEAR(s.quality[TB_A], 126.0, 1e-12);
    supply_free(&s);
    free(sc);
}

/* A release after the horizon's end never arrives, so it does not hold the
 * one before it: the frontier carries the family on as after a last release. */
static void test_release_after_end(void **state)
{
    (void)state;
    struct scenario *sc = growing("quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\";\n"
                                  "  releases = ( { date = \"2025-04\"; quality = 130.0; },\n"
                                  "               { date = \"2026-06\"; quality = 150.0; } ); };",
                                  NULL, 0);
    struct supply s;
    assert_true(supply_init(&s, sc));
    for (int k = 0; k < sc->months; k++) {
        supply_step(&s, k);
        ASSERT_NEAR(s.quality[TB_A], k < 3 ? 120.0 + k : 130.0 + (k - 3), 1e-12);
    }
    supply_free(&s);
    free(sc);
}

/* An export control that slows the origin's frontier lowers a held release
 * by the frontier's loss up to the release month (a release is data from the
 * world without the policy) and the hold keeps that level until the next
 * release; after the last one the controlled frontier carries it on.  US
 * frontier growth 1 (1 - L) a month, L = strength x growth_penalty = 0.25:
 *   k = 0..2   120 + (1 - L) k            (from the entry quality)
 *   k = 3..6   130 - 3 L                  (the first release, held)
 *   k >= 7     127 - 7 L + (1 - L)(k - 7) (the second, carried on) */
static void test_release_hold_under_controls(void **state)
{
    (void)state;
    char *t1 = text_sub(TEXTBOOK_CFG, "frontier_growth = 0.0;", "frontier_growth = 1.0;");
    char *t2 = text_sub(t1, "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0; };",
                        TWO_RELEASES);
    char *t3 = text_cat(t2, "policy = { export_controls = { origin = \"US\"; strength = 0.5; growth_penalty = 0.5;\n"
                            "  cost_penalty = 0.0; efficiency_response = 0.0; }; };\n");
    struct scenario *sc = load_ok(t3, NULL, 0);
    free(t1);
    free(t2);
    free(t3);
    struct supply s;
    assert_true(supply_init(&s, sc));
    const double L = 0.25;
    for (int k = 0; k < sc->months; k++) {
        supply_step(&s, k);
        double want = k < 3 ? 120 + (1 - L) * k : k < 7 ? 130 - 3 * L : 127 - 7 * L + (1 - L) * (k - 7);
        ASSERT_NEAR(s.quality[TB_A], want, 1e-9);
    }
    supply_free(&s);
    free(sc);
}

static void expect_error(const char *releases_a, const char *key, const char *msg)
{
    char *t1 = text_sub(TEXTBOOK_CFG, "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0; };",
                        releases_a);
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = load_text_ov(t1, NULL, 0, err, NULL);
    if (sc)
        print_error("loaded, expected an error about %s\n", key);
    assert_null(sc);
    ASSERT_CONTAINS(err, key);
    ASSERT_CONTAINS(err, msg);
    free(t1);
}

static void test_release_errors(void **state)
{
    (void)state;
    expect_error("cost = 1.0; price = 3.0;\n releases = ( { date = \"2025-06\"; quality = 1.0; } ); };",
                 "families.a.quality", "no release on or before");
    expect_error("quality = 120.0; cost = 1.0; price = 3.0;\n"
                 " releases = ( { date = \"2025-06\"; quality = 1.0; }, { date = \"2025-03\"; quality = 2.0; } ); };",
                 "families.a.releases[1].date", "date order");
    expect_error("quality = 120.0; cost = 1.0; price = 3.0;\n releases = ( { quality = 1.0; } ); };",
                 "families.a.releases[0].date", "missing key");
    expect_error("quality = 120.0; cost = 1.0; price = 3.0;\n releases = ( { date = \"2025-13\"; quality = 1.0; } ); };",
                 "date", "expected a month");
    expect_error("quality = 120.0; cost = 1.0; price = 3.0;\n releases = { date = \"2025-03\"; };\n};",
                 "families.a.releases", "expected a list");
    expect_error("quality = 120.0; cost = 1.0; price = 3.0;\n"
                 " releases = ( { date = \"2025-03\"; quality = 1.0; colour = 2; } ); };",
                 "colour", "unknown key");
}

/* An open family's release gives a cost, not a price (hosts set it). */
static void test_open_release_price_rejected(void **state)
{
    (void)state;
    char *t1 = text_sub(TEXTBOOK_CFG, "quality = 116.0; cost = 0.25; appeal = 0.0; };",
                        "quality = 116.0; cost = 0.25; appeal = 0.0;\n"
                        " releases = ( { date = \"2025-03\"; quality = 118.0; price = 0.5; } ); };");
    char err[OSS_ERR_LEN] = "";
    assert_null(load_text_ov(t1, NULL, 0, err, NULL));
    ASSERT_CONTAINS(err, "families.c.releases[0].price");
    ASSERT_CONTAINS(err, "give its cost instead");
    free(t1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_release_quality_path),
        cmocka_unit_test(test_release_price_bertrand),
        cmocka_unit_test(test_release_before_start),
        cmocka_unit_test(test_release_after_end),
        cmocka_unit_test(test_release_hold_under_controls),
        cmocka_unit_test(test_release_errors),
        cmocka_unit_test(test_open_release_price_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
