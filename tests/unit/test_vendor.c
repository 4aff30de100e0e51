/*
 * test_vendor.c - multiproduct (vendor) Bertrand-Nash pricing.
 *
 * The textbook world (helpers.h: identical agents, no frictions, every agent
 * reviewing every month) with closed families a and b sold by one vendor
 * (two tiers), a single-product rival e, and open families c and d priced by
 * their hosts.  With identical agents every agent's logit probabilities are
 * the market shares s_j, and the multiproduct first-order conditions
 *
 *   s_g + sum_{f of g's vendor} (p_f - c_f) ds_f/dp_g = 0
 *
 * have the known solution: every closed product of vendor V carries the
 * markup 1 / (alpha (1 - S_V)), S_V the vendor's summed share (Nevo 2001;
 * Conlon and Gortmaker 2020).  The test computes that fixed point itself,
 * by iterating p = c + 1 / (alpha (1 - S_V(p))) on the closed-form logit,
 * and checks the world's prices after the monthly partial adjustment
 * against it.
 */
#include "helpers.h"

/* Vendor VA sells a and b; e is VE's only family. */
static const char *const VENDOR_OV[] = {
    "families.a.pricing=\"bertrand\"", "families.b.pricing=\"bertrand\"",
    "families.e.pricing=\"bertrand\"", "families.b.vendor=\"VA\"",
    "horizon.end=\"2032-12\"",         "agents.count=500",
};
#define N_VENDOR_OV 6

/* Multiproduct Bertrand-Nash prices of the textbook world, by damped
 * fixed-point iteration on the closed-form logit (converges: the map's
 * slope is below one in these shares); family j's markup is
 * 1 / (alpha (1 - S)) with S the summed share of j's vendor's Bertrand
 * families. */
static void vendor_fixed_point(const struct scenario *sc, const double *q, const double *cost,
                               double *price)
{
    double alpha = sc->alpha.mean;
    for (int it = 0; it < 10000; it++) {
        double P[OSS_MAX_FAMILIES], P0, gap = 0;
        textbook_logit(sc, NULL, q, price, NULL, P, &P0);
        for (int j = 0; j < sc->n_families; j++) {
            const struct family_spec *f = &sc->families[j];
            if (f->access != ACCESS_CLOSED)
                continue;
            double S = 0;
            for (int g = 0; g < sc->n_families; g++)
                if (sc->families[g].access == ACCESS_CLOSED && strcmp(sc->families[g].vendor, f->vendor) == 0)
                    S += P[g];
            double target = cost[j] + 1 / (alpha * (1 - S));
            gap = fmax(gap, fabs(target - price[j]));
            price[j] += 0.5 * (target - price[j]);
        }
        if (gap < 1e-15)
            return;
    }
    fail_msg("the multiproduct fixed point did not converge");
}

/*
 * Tolerance 1e-9 USD/Mtok: the markups come from the agents' logit
 * probabilities (not from sampled choices), so there is no sampling error;
 * the partial adjustment (0.5) shrinks the gap to the fixed point by a
 * factor of at most about 0.6 a month, so after 95 adjustments it is far
 * below 1e-9 and what is left is rounding in the sums over 500 agents.
 */
static void test_vendor_prices_equal_multiproduct_equilibrium(void **state)
{
    (void)state;
    struct scenario *sc = load_ok(TEXTBOOK_CFG, VENDOR_OV, N_VENDOR_OV);
    assert_int_equal(sc->pricing_unit, PRICING_UNIT_VENDOR); /* the default */
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    run_world(w, sc->months, 1, NULL, NULL);
    const struct supply *s = &w->supply;

    double price[OSS_MAX_FAMILIES];
    memcpy(price, s->price, sizeof price);
    price[TB_A] = 3.0, price[TB_B] = 1.5, price[TB_E] = 1.0; /* start away from the answer */
    vendor_fixed_point(sc, s->quality, s->cost, price);
    for (int j = 0; j < TB_N; j++)
        ASSERT_NEAR(s->price[j], price[j], 1e-9);

    /* a and b carry one markup, 1 / (alpha (1 - s_a - s_b)); e its own */
    double P[OSS_MAX_FAMILIES], P0;
    textbook_logit(sc, NULL, s->quality, s->price, NULL, P, &P0);
    ASSERT_NEAR(s->price[TB_A] - s->cost[TB_A], s->price[TB_B] - s->cost[TB_B], 1e-9);
    ASSERT_NEAR(s->price[TB_A] - s->cost[TB_A], 1 / (sc->alpha.mean * (1 - P[TB_A] - P[TB_B])), 1e-9);
    ASSERT_NEAR(s->price[TB_E] - s->cost[TB_E], 1 / (sc->alpha.mean * (1 - P[TB_E])), 1e-9);
    /* open weights stay at cost plus the hosts' margin */
    ASSERT_NEAR(s->price[TB_C], 0.25 * 1.25, 0);
    ASSERT_NEAR(s->price[TB_D], 0.5 * 1.25, 0);
    world_free(w);
    free(sc);
}

/* The vendor's joint profit at its equilibrium prices is a local maximum
 * in each of its prices and in both together, while single-product pricing
 * leaves the vendor's prices lower (each tier ignores the business it
 * takes from the other). */
static double vendor_profit(const struct scenario *sc, const struct supply *s, double pa, double pb)
{
    double price[OSS_MAX_FAMILIES], P[OSS_MAX_FAMILIES], P0;
    memcpy(price, s->price, sizeof price);
    price[TB_A] = pa;
    price[TB_B] = pb;
    textbook_logit(sc, NULL, s->quality, price, NULL, P, &P0);
    return (pa - s->cost[TB_A]) * P[TB_A] + (pb - s->cost[TB_B]) * P[TB_B];
}

static void test_vendor_against_family_pricing(void **state)
{
    (void)state;
    struct scenario *sv = load_ok(TEXTBOOK_CFG, VENDOR_OV, N_VENDOR_OV);
    const char *ov[N_VENDOR_OV + 1];
    memcpy(ov, VENDOR_OV, sizeof VENDOR_OV);
    ov[N_VENDOR_OV] = "supply.pricing_unit=\"family\"";
    struct scenario *sf = load_ok(TEXTBOOK_CFG, ov, N_VENDOR_OV + 1);
    assert_int_equal(sf->pricing_unit, PRICING_UNIT_FAMILY);
    struct world *wv = world_alloc(sv, 0), *wf = world_alloc(sf, 0);
    assert_non_null(wv);
    assert_non_null(wf);
    run_world(wv, sv->months, 1, NULL, NULL);
    run_world(wf, sf->months, 1, NULL, NULL);
    const struct supply *s = &wv->supply;
    double pa = s->price[TB_A], pb = s->price[TB_B], best = vendor_profit(sv, s, pa, pb);
    const double h = 0.01;
    assert_true(vendor_profit(sv, s, pa + h, pb) < best);
    assert_true(vendor_profit(sv, s, pa - h, pb) < best);
    assert_true(vendor_profit(sv, s, pa, pb + h) < best);
    assert_true(vendor_profit(sv, s, pa, pb - h) < best);
    assert_true(vendor_profit(sv, s, pa + h, pb + h) < best);
    assert_true(vendor_profit(sv, s, pa - h, pb - h) < best);
    /* family pricing: each tier's own FOC, lower prices than the vendor's */
    double P[OSS_MAX_FAMILIES], P0;
    const struct supply *f = &wf->supply;
    textbook_logit(sf, NULL, f->quality, f->price, NULL, P, &P0);
    for (int j = TB_A; j <= TB_B; j++) {
        ASSERT_NEAR(f->price[j], f->cost[j] + 1 / (sf->alpha.mean * (1 - P[j])), 1e-9);
        assert_true(f->price[j] < s->price[j] - 0.05);
    }
    world_free(wv);
    world_free(wf);
    free(sv);
    free(sf);
}

static void test_pricing_unit_key(void **state)
{
    (void)state;
    const char *ov[] = {"supply.pricing_unit=\"firm\""};
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = load_text_ov(TEXTBOOK_CFG, ov, 1, err, NULL);
    assert_null(sc);
    ASSERT_CONTAINS(err, "supply.pricing_unit");
    ASSERT_CONTAINS(err, "vendor, family");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vendor_prices_equal_multiproduct_equilibrium),
        cmocka_unit_test(test_vendor_against_family_pricing),
        cmocka_unit_test(test_pricing_unit_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
