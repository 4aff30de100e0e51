/*
 * test_volume.c - the intensive margin: token demand that responds to the
 * price paid (market.volume_elasticity eps, market.reference_price p_ref).
 *
 * An agent choosing j uses v T (p_j / p_ref)^eps tokens; the price term of
 * utility is C(p) = p_ref [((p / p_ref)^(1 + eps) - 1) / (1 + eps) + 1],
 * whose derivative is that token demand (Roy's identity).  In the textbook
 * world (helpers.h: identical agents, no frictions, all reviewing) the
 * closed forms are the logit with alpha C(p_j) in place of alpha p_j.
 *
 *   - eps = 0 gives the same numbers bit for bit, whatever p_ref;
 *   - expected tokens per family are x_j P_j (known answer);
 *   - consumer surplus falls by the area under token demand over both
 *     margins when a price rises;
 *   - Bertrand prices solve the first-order condition of token demand.
 */
#include "helpers.h"


#define EPS -0.5
#define PREF 2.0

static double C_of(double p) { return PREF * ((pow(p / PREF, 1 + EPS) - 1) / (1 + EPS) + 1); }
static double x_of(double p) { return pow(p / PREF, EPS); }

static const char *const VOL_OV[] = {"market.volume_elasticity=-0.5", "market.reference_price=2.0"};

/* The closed-form logit with C(p) for the price term. */
static double vol_logit(const struct scenario *sc, const struct supply *s, const double *price, double *P)
{
    double cp[OSS_MAX_FAMILIES], P0;
    for (int j = 0; j < sc->n_families; j++)
        cp[j] = C_of(price[j]);
    return textbook_logit(sc, NULL, s->quality, cp, NULL, P, &P0);
}

/* eps = 0 (stated) is the model without the key, bit for bit, for any
 * reference price: every monthly metric and family row of a year with
 * Bertrand pricing. */
static void test_eps_zero_identity(void **state)
{
    (void)state;
    const char *ov0[] = {"families.a.pricing=\"bertrand\"", "families.e.pricing=\"bertrand\""};
    const char *ov1[] = {"families.a.pricing=\"bertrand\"", "families.e.pricing=\"bertrand\"",
                         "market.volume_elasticity=0.0", "market.reference_price=7.5"};
    struct scenario *a = load_ok(TEXTBOOK_CFG, ov0, 2), *b = load_ok(TEXTBOOK_CFG, ov1, 4);
    struct world *wa = world_alloc(a, 0), *wb = world_alloc(b, 0);
    assert_non_null(wa);
    assert_non_null(wb);
    size_t nr = (size_t)a->months * N_MONTH_METRICS, nf = (size_t)a->months * TB_N * N_FAMILY_METRICS;
    double *ra = calloc(nr, sizeof *ra), *rb = calloc(nr, sizeof *rb);
    double *fa = calloc(nf, sizeof *fa), *fb = calloc(nf, sizeof *fb);
    assert_non_null(ra && rb && fa && fb);
    run_world(wa, a->months, 1, ra, fa);
    run_world(wb, b->months, 1, rb, fb);
    assert_memory_equal(ra, rb, nr * sizeof *ra);
    assert_memory_equal(fa, fb, nf * sizeof *fa);
    free(ra), free(rb), free(fa), free(fb);
    world_free(wa);
    world_free(wb);
    free(a);
    free(b);
}

/* Month 0: every agent reviews, so the reviewers' expected tokens are the
 * whole market's: demand_j = N x_j P_j, from logit probabilities (no
 * sampling).  Tolerance: rounding over 4000 agents (relative 1e-12); the
 * agents' float attributes equal the doubles exactly (binary fractions). */
static void test_expected_tokens(void **state)
{
    (void)state;
    struct scenario *sc = load_ok(TEXTBOOK_CFG, VOL_OV, 2);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    world_step(w, 0, 1);
    double P[OSS_MAX_FAMILIES];
    vol_logit(sc, &w->supply, w->supply.price, P);
    double n = (double)sc->n_agents;
    for (int j = 0; j < TB_N; j++) {
        double want = n * x_of(w->supply.price[j]) * P[j];
        ASSERT_NEAR(w->total.demand[j], want, 1e-12 * want);
        assert_true(fabs(x_of(w->supply.price[j]) - 1) > 0.05); /* the margin is at work */
        ASSERT_NEAR(w->menu.volume[0][j], x_of(w->supply.price[j]), 1e-15);
        ASSERT_NEAR(w->menu.charge[0][j], C_of(w->supply.price[j]), 1e-13);
    }
    world_free(w);
    free(sc);
}

struct dparams {
    const struct scenario *sc;
    const struct supply *s;
};

/* Token demand per unit of potential for family a at price p: x(p) P_a(p). */
static double token_demand(double p, void *vp)
{
    const struct dparams *d = vp;
    double price[OSS_MAX_FAMILIES], P[OSS_MAX_FAMILIES];
    memcpy(price, d->s->price, sizeof price);
    price[TB_A] = p;
    vol_logit(d->sc, d->s, price, P);
    return x_of(p) * P[TB_A];
}

/*
 * Raising a's price from 3 to 4 lowers consumer surplus (potential x
 * log-sum / alpha, million USD) by the area under a's token demand between
 * the two prices, x(p) P_a(p) integrated: fewer agents choose a (extensive
 * margin) and those who do use fewer tokens (intensive margin).  Both
 * sides are closed forms evaluated by the model (surplus) and by GSL's QAGS
 * to 1e-12 (integral): tolerance 1e-8 relative, room for summing 4000 terms,
 * plus what storing the bonuses in single precision can move each surplus
 * by (surplus_bonus_rounding).
 * Without the intensive margin in the area the two would differ by more
 * than 1%, which the test also checks.
 */
static void test_surplus_equals_area_under_token_demand(void **state)
{
    (void)state;
    const char *ovh[] = {VOL_OV[0], VOL_OV[1], "families.a.price=4.0"};
    struct scenario *lo, *hi;
    double rl[N_MONTH_METRICS], rh[N_MONTH_METRICS];
    struct world *wl = textbook_first_month(VOL_OV, 2, &lo, rl), *wh = textbook_first_month(ovh, 3, &hi, rh);
    double pot = lo->potential_tokens / 1e6;
    double P[OSS_MAX_FAMILIES];
    double ls = vol_logit(lo, &wl->supply, wl->supply.price, P);
    double bl = surplus_bonus_rounding(wl), bh = surplus_bonus_rounding(wh);
    ASSERT_NEAR(rl[M_SURPLUS_MUSD], pot * ls / lo->alpha.mean, 1e-8 * fabs(rl[M_SURPLUS_MUSD]) + bl);

    struct dparams dp = {lo, &wl->supply};
    double area = integral_qags(token_demand, &dp, 3.0, 4.0);
    double dcs = rl[M_SURPLUS_MUSD] - rh[M_SURPLUS_MUSD];
    ASSERT_NEAR(dcs, pot * area, 1e-8 * pot * area + bl + bh);
    /* the extensive margin alone (tokens at the reference volume) is another number */
    double ext = 0;
    for (int i = 0; i < 1000; i++) {
        double p = 3.0 + (i + 0.5) / 1000, price[OSS_MAX_FAMILIES];
        memcpy(price, wl->supply.price, sizeof price);
        price[TB_A] = p;
        vol_logit(lo, &wl->supply, price, P);
        ext += P[TB_A] / 1000;
    }
    assert_true(fabs(pot * ext - dcs) > 0.01 * dcs);
    world_free(wl);
    world_free(wh);
    free(lo);
    free(hi);
}

/*
 * Family a priced by Bertrand alone (the others fixed): the profit
 * (p - c) x(p) P_a(p) is maximised where
 *   x P + (p - c) d(x P)/dp = 0,  d(x P)/dp = x P (eps / p - alpha x (1 - P)),
 * so p = c + 1 / (alpha x (1 - P) - eps / p).  The world's price after 95
 * months of partial adjustment must be that fixed point (to 1e-9: no
 * sampling in the markup) and a local maximum of the token profit.
 */
static double token_profit(const struct scenario *sc, const struct supply *s, double p)
{
    double price[OSS_MAX_FAMILIES], P[OSS_MAX_FAMILIES];
    memcpy(price, s->price, sizeof price);
    price[TB_A] = p;
    vol_logit(sc, s, price, P);
    return (p - s->cost[TB_A]) * x_of(p) * P[TB_A];
}

static void test_bertrand_with_volume(void **state)
{
    (void)state;
    const char *ov[] = {VOL_OV[0], VOL_OV[1], "families.a.pricing=\"bertrand\"", "horizon.end=\"2032-12\"",
                        "agents.count=500"};
    struct scenario *sc = load_ok(TEXTBOOK_CFG, ov, 5);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    run_world(w, sc->months, 1, NULL, NULL);
    const struct supply *s = &w->supply;
    double P[OSS_MAX_FAMILIES];
    vol_logit(sc, s, s->price, P);
    double p = s->price[TB_A], x = x_of(p);
    double foc = s->cost[TB_A] + 1 / (sc->alpha.mean * x * (1 - P[TB_A]) - EPS / p);
    ASSERT_NEAR(p, foc, 1e-9);
    double best = token_profit(sc, s, p);
    assert_true(token_profit(sc, s, p - 0.01) < best);
    assert_true(token_profit(sc, s, p + 0.01) < best);
    /* the volume response makes demand more elastic: a lower price than without it */
    double p0 = s->cost[TB_A] + 1 / (sc->alpha.mean * x * (1 - P[TB_A]));
    assert_true(p < p0);
    world_free(w);
    free(sc);
}

static void test_volume_keys(void **state)
{
    (void)state;
    char err[OSS_ERR_LEN] = "";
    const char *ov[] = {"market.volume_elasticity=0.5"};
    assert_null(load_text_ov(TEXTBOOK_CFG, ov, 1, err, NULL));
    ASSERT_CONTAINS(err, "market.volume_elasticity");
    ASSERT_CONTAINS(err, "out of range");
    const char *ov2[] = {"market.reference_price=0.0"};
    assert_null(load_text_ov(TEXTBOOK_CFG, ov2, 1, err, NULL));
    ASSERT_CONTAINS(err, "market.reference_price");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eps_zero_identity),
        cmocka_unit_test(test_expected_tokens),
        cmocka_unit_test(test_surplus_equals_area_under_token_demand),
        cmocka_unit_test(test_bertrand_with_volume),
        cmocka_unit_test(test_volume_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
