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

/* supply.releases_through: the last release holds until that month, and
 * the frontier (1 point a month here) carries the family on only after it,
 * from the held quality, without a jump.  A month on or before the last
 * release changes nothing; a family without releases is not held. */
static void test_releases_through(void **state)
{
    (void)state;
    static const struct {
        const char *through;
        double want[12];
    } cases[] = {
        /* 2025-08's 127 holds through 2025-10, then +1 a month */
        {"supply.releases_through=\"2025-10\"", {120, 121, 122, 130, 130, 130, 130, 127, 127, 127, 128, 129}},
        /* through the horizon's last month: held to the end */
        {"supply.releases_through=\"2025-12\"", {120, 121, 122, 130, 130, 130, 130, 127, 127, 127, 127, 127}},
        /* on the last release's month, or before it: the path without the key */
        {"supply.releases_through=\"2025-08\"", {120, 121, 122, 130, 130, 130, 130, 127, 128, 129, 130, 131}},
        {"supply.releases_through=\"2025-02\"", {120, 121, 122, 130, 130, 130, 130, 127, 128, 129, 130, 131}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const char *ov[] = {cases[c].through};
        struct scenario *sc = growing(TWO_RELEASES, ov, 1);
        struct supply s;
        assert_true(supply_init(&s, sc));
        for (int k = 0; k < sc->months; k++) {
            supply_step(&s, k);
            ASSERT_NEAR(s.quality[TB_A], cases[c].want[k], 1e-12);
            ASSERT_NEAR(s.quality[TB_B], 112.0 + k, 1e-12);
        }
        supply_free(&s);
        free(sc);
    }
}

/* Draws replication 0 of sc and runs its first `months` months, their month
 * and family metrics into *rows and *fams (allocated here). */
static struct world *run_months(const struct scenario *sc, int months, double **rows, double **fams)
{
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    *rows = calloc((size_t)months * N_MONTH_METRICS, sizeof **rows);
    *fams = calloc((size_t)months * (size_t)sc->n_families * N_FAMILY_METRICS, sizeof **fams);
    assert_non_null(*rows);
    assert_non_null(*fams);
    run_world(w, months, 1, *rows, *fams);
    return w;
}

/* Release vintages.  Family a (closed, 120, $3) is released at 130 in
 * 2025-04; open c is raised to 125, so it is as good as a's first model and
 * cheaper, but not as good as the release.  Nothing else moves: no frontier
 * growth, no cost decline, fixed prices.
 * - Agents that never review after their first choice keep a's first model:
 *   from the release on, all of a's tokens are on a superseded release, their
 *   latent saving is a's tokens times a's price less c's (c dominates the
 *   model they use), and the release leaves consumer surplus as it was
 *   (nobody uses the better model).
 * - Agents that review every month all move to the release at once: nothing
 *   is on a superseded release, and c no longer dominates a's tokens. */
static void test_release_vintages(void **state)
{
    (void)state;
    for (int reviews = 0; reviews < 2; reviews++) {
        const char *ov[] = {"families.c.quality=125", reviews ? "frictions.inertia=false" : "frictions.inertia=true",
                            "agents.review.mean=0"};
        char *t = text_sub(TEXTBOOK_CFG, "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0; };",
                           "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0;\n"
                           "  releases = ( { date = \"2025-04\"; quality = 130.0; note = \"A2\"; } ); };");
        struct scenario *sc = load_ok(t, ov, 3);
        free(t);
        int months = 6, nf = sc->n_families;
        double *rows, *fams;
        struct world *w = run_months(sc, months, &rows, &fams);
        for (int k = 0; k < months; k++) {
            const double *row = rows + (size_t)k * N_MONTH_METRICS;
            const double *fa = fams + ((size_t)k * (size_t)nf + TB_A) * N_FAMILY_METRICS;
            const double *fc = fams + ((size_t)k * (size_t)nf + TB_C) * N_FAMILY_METRICS;
            bool after = k >= 3, kept = after && !reviews;
            ASSERT_NEAR(fa[F_QUALITY], after ? 130.0 : 120.0, 1e-12);
            ASSERT_NEAR(row[M_SUPERSEDED_TOKEN_SHARE], kept ? fa[F_TOKEN_SHARE] : 0, 1e-12);
            assert_true(fa[F_TOKEN_SHARE] > 0.01);
            /* c (0.3125 a million tokens) is the cheapest open family at least as
             * good as b (112) and e (110), and as a's first model, not its release */
            double want = 0;
            for (int j = 0; j < nf; j++) {
                const double *fj = fams + ((size_t)k * (size_t)nf + (size_t)j) * N_FAMILY_METRICS;
                if (j == TB_B || j == TB_E || (j == TB_A && !(after && reviews)))
                    want += fj[F_TOKEN_SHARE] * row[M_TOKENS_T] * (fj[F_PRICE] - fc[F_PRICE]);
            }
            ASSERT_NEAR(row[M_LATENT_SAVINGS_MUSD], want, 1e-9 * fabs(want) + 1e-12);
            if (k == 3 && !reviews) /* the release nobody took up leaves the surplus as it was */
                ASSERT_NEAR(row[M_SURPLUS_MUSD], rows[(size_t)2 * N_MONTH_METRICS + M_SURPLUS_MUSD],
                            1e-9 * fabs(row[M_SURPLUS_MUSD]));
            if (k == 3 && reviews) /* everyone on the release: a's users gain beta (130 - 120) / alpha each */
                assert_true(row[M_SURPLUS_MUSD] > rows[(size_t)2 * N_MONTH_METRICS + M_SURPLUS_MUSD]);
        }
        free(rows);
        free(fams);
        world_free(w);
        free(sc);
    }
}

/* open_model_share_max: open C is released again in 2025-04 (at 125) and a
 * third of the agents review each month, so C's tokens are split between its
 * first model (the agents that have not reviewed since) and the release for
 * a few months.  Each is a model of its own: the metric is the largest of C's
 * first model, C's release and D (one model), over all open tokens.  Only C
 * has a superseded release, so superseded_token_share is C's first model. */
static void test_open_model_share_max(void **state)
{
    (void)state;
    const char *ov[] = {"frictions.inertia=true", "agents.review.mean=0.33"};
    char *t = text_sub(TEXTBOOK_CFG, "quality = 116.0; cost = 0.25; appeal = 0.0; };",
                       "quality = 116.0; cost = 0.25; appeal = 0.0;\n"
                       "  releases = ( { date = \"2025-04\"; quality = 125.0; note = \"C2\"; } ); };");
    struct scenario *sc = load_ok(t, ov, 2);
    free(t);
    int months = 8, nf = sc->n_families, split = 0;
    double *rows, *fams;
    struct world *w = run_months(sc, months, &rows, &fams);
    for (int k = 0; k < months; k++) {
        const double *row = rows + (size_t)k * N_MONTH_METRICS;
        const double *fc = fams + ((size_t)k * (size_t)nf + TB_C) * N_FAMILY_METRICS;
        const double *fd = fams + ((size_t)k * (size_t)nf + TB_D) * N_FAMILY_METRICS;
        double c_old = row[M_SUPERSEDED_TOKEN_SHARE], c_new = fc[F_TOKEN_SHARE] - c_old;
        double top = fmax(fd[F_TOKEN_SHARE], fmax(c_old, c_new));
        split += c_old > 0.01 && c_new > 0.01;
        ASSERT_NEAR(row[M_OPEN_MODEL_SHARE_MAX], top / row[M_OPEN_TOKEN_SHARE], 1e-12);
        /* C as one model would be more than its largest release, while split */
        if (c_old > 0.01 && c_new > 0.01 && fc[F_TOKEN_SHARE] > fd[F_TOKEN_SHARE])
            assert_true(row[M_OPEN_MODEL_SHARE_MAX] < fc[F_TOKEN_SHARE] / row[M_OPEN_TOKEN_SHARE] - 0.01);
    }
    assert_true(split >= 2); /* the split the test is about did happen */
    free(rows);
    free(fams);
    world_free(w);
    free(sc);
}

/* The textbook world (the frontier still) with family a's line replaced by releases_a, agents
 * that review a quarter of months (so that they spread over a's releases);
 * after its 12 months, its month and family metrics in rows and fams. */
static struct world *releases_run(const char *releases_a, const char *entry, double *rows, double *fams)
{
    const char *ov[] = {"frictions.inertia=true", "agents.review.mean=0.25", entry};
    char *t = text_sub(TEXTBOOK_CFG, "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0; };",
                       releases_a);
    struct scenario *sc = load_ok(t, ov, entry ? 3 : 2);
    free(t);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    run_world(w, sc->months, 1, rows, fams);
    return w;
}

/* The books by release keep a row only for a release that can be in use
 * and be superseded in the horizon (struct world): a release dated on or
 * before the start, or the family's entry, only gives the model at entry,
 * and the last release dated by the end is never superseded.  So family a
 * with its model at entry given as a release (vintages from 1) runs exactly
 * as with the same model given as its quality (vintages from 0): every
 * figure, those by release included, with agents on two superseded releases
 * and on the latest.  With the frontier still, the two give the same
 * qualities.  Entering at the start and in 2025-03. */
static void test_release_rows(void **state)
{
    (void)state;
    static const struct {
        const char *entry, *as_release, *as_quality;
        int superseded_from; /* the first month with a's two releases superseded */
    } cases[] = {
        {NULL,
         "cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0;\n"
         "  releases = ( { date = \"2024-06\"; quality = 120.0; }, { date = \"2025-04\"; quality = 130.0; },\n"
         "               { date = \"2025-08\"; quality = 127.0; price = 2.0; } ); };",
         "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0;\n"
         "  releases = ( { date = \"2025-04\"; quality = 130.0; }, { date = \"2025-08\"; quality = 127.0; price = 2.0; } ); };",
         7},
        {"families.a.entry=\"2025-03\"",
         "cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0;\n"
         "  releases = ( { date = \"2025-02\"; quality = 120.0; }, { date = \"2025-06\"; quality = 130.0; },\n"
         "               { date = \"2025-09\"; quality = 127.0; price = 2.0; } ); };",
         "quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0;\n"
         "  releases = ( { date = \"2025-06\"; quality = 130.0; }, { date = \"2025-09\"; quality = 127.0; price = 2.0; } ); };",
         8},
    };
    const int months = 12, nf = TB_N;
    size_t nr = (size_t)months * N_MONTH_METRICS, nfa = (size_t)months * nf * N_FAMILY_METRICS;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double *rows[2], *fams[2];
        struct world *w[2];
        for (int q = 0; q < 2; q++) {
            rows[q] = calloc(nr, sizeof *rows[q]);
            fams[q] = calloc(nfa, sizeof *fams[q]);
            assert_non_null(rows[q]);
            assert_non_null(fams[q]);
            w[q] = releases_run(q ? cases[c].as_quality : cases[c].as_release, cases[c].entry, rows[q], fams[q]);
            /* a's two releases that can be superseded, and the scratch row */
            assert_int_equal(w[q]->rel_rows, 3);
            assert_int_equal(w[q]->rel_first[TB_A], q ? 0 : 1);
        }
        /* at the end, agents on each of a's releases since entry */
        long on[2][OSS_MAX_RELEASES + 1] = {{0}};
        for (int q = 0; q < 2; q++)
            for (long i = 0; i < w[q]->n_agents; i++)
                if (w[q]->agents[i].choice == TB_A)
                    on[q][w[q]->agents[i].vintage]++;
        for (int v = 0; v < 3; v++) {
            assert_true(on[0][v + 1] > 0);
            assert_int_equal(on[0][v + 1], on[1][v]);
        }
        assert_int_equal(on[0][0], 0);
        for (int k = 0; k < months; k++) {
            double sup = rows[0][(size_t)k * N_MONTH_METRICS + M_SUPERSEDED_TOKEN_SHARE];
            if (k >= cases[c].superseded_from)
                assert_true(sup > 0.01);
        }
        assert_memory_equal(rows[0], rows[1], nr * sizeof *rows[0]);
        assert_memory_equal(fams[0], fams[1], nfa * sizeof *fams[0]);
        for (int q = 0; q < 2; q++) {
            free(rows[q]);
            free(fams[q]);
            const struct scenario *sc = w[q]->sc;
            world_free(w[q]);
            free((void *)sc);
        }
    }
}

/* Rows of the books by release, counted: a family without releases has
 * none, nor has one whose releases all come after the end; a release after
 * the end does not count. */
static void test_release_rows_counted(void **state)
{
    (void)state;
    static const struct {
        const char *releases_a;
        int rows, first;
    } cases[] = {
        {"quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0; };", 1, 0},
        {"quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\";\n"
         "  releases = ( { date = \"2026-02\"; quality = 130.0; } ); };",
         1, 0},
        {"quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\";\n"
         "  releases = ( { date = \"2025-04\"; quality = 130.0; }, { date = \"2026-06\"; quality = 150.0; } ); };",
         2, 0},
        {"cost = 1.0; price = 3.0; pricing = \"fixed\";\n"
         "  releases = ( { date = \"2024-06\"; quality = 125.0; }, { date = \"2025-01\"; quality = 126.0; } ); };",
         1, 2},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        struct scenario *sc = growing(cases[c].releases_a, NULL, 0);
        struct world *w = world_alloc(sc, 0);
        assert_non_null(w);
        assert_int_equal(w->rel_rows, cases[c].rows);
        assert_int_equal(w->rel_first[TB_A], cases[c].first);
        for (int k = 0; k < sc->months; k++)
            world_step(w, k, 1);
        world_free(w);
        free(sc);
    }
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
        cmocka_unit_test(test_releases_through),
        cmocka_unit_test(test_release_price_bertrand),
        cmocka_unit_test(test_release_vintages),
        cmocka_unit_test(test_open_model_share_max),
        cmocka_unit_test(test_release_rows),
        cmocka_unit_test(test_release_rows_counted),
        cmocka_unit_test(test_release_before_start),
        cmocka_unit_test(test_release_after_end),
        cmocka_unit_test(test_release_hold_under_controls),
        cmocka_unit_test(test_release_errors),
        cmocka_unit_test(test_open_release_price_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
