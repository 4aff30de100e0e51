/*
 * test_nested.c - the nested logit of market.nesting (docs/model.md section
 * 3.5.1): the open-weight families in one nest, the closed ones in another,
 * the outside option alone, with dissimilarity lambda.
 *
 *   - lambda = 1 (the default) is the plain logit's code, bit for bit, and a
 *     lambda just below 1 gives the plain logit's numbers to rounding;
 *   - identical agents, no frictions, lambda = 0.5: shares equal the
 *     closed-form nested logit probabilities;
 *   - the log-sum change in consumer surplus from a price change equals the
 *     area under the expected-demand curve;
 *   - Bertrand prices (single-product and one vendor's two tiers) converge
 *     to the nested logit's first-order conditions, and the vendor's price
 *     is a local maximum of its profit;
 *   - the market's price slope equals a numerical derivative of demand.
 *
 * The closed forms here are written independently of choice.c: plain sums
 * of exponentials in long double, with no subtraction of maxima.
 */
#include "helpers.h"


#define LAMBDA 0.5

/* Closed-form nested logit of a textbook agent (helpers.h) at lambda, nests
 * open and closed by the families' access at entry: P[j], *P0 and the
 * log-sum ln(1 + sum_g D_g^lambda).  cond[j], when not NULL, gets
 * P_{j|g}. */
static double nested_logit(const struct scenario *sc, double lambda, const double *q, const double *price,
                           double *P, double *P0, double *cond)
{
    long double e[OSS_MAX_FAMILIES], D[2] = {0, 0};
    double alpha = sc->alpha.mean, beta = sc->beta.mean, theta = sc->openness.mean;
    for (int j = 0; j < sc->n_families; j++) {
        bool open = sc->families[j].access == ACCESS_OPEN;
        double v = beta * (q[j] - sc->outside_quality) - alpha * price[j] + theta * open + sc->families[j].appeal;
        e[j] = expl((long double)v / lambda);
        D[open] += e[j];
    }
    long double den = 1 + powl(D[0], lambda) + powl(D[1], lambda);
    for (int j = 0; j < sc->n_families; j++) {
        bool open = sc->families[j].access == ACCESS_OPEN;
        P[j] = (double)(e[j] / D[open] * powl(D[open], lambda) / den);
        if (cond)
            cond[j] = (double)(e[j] / D[open]);
    }
    *P0 = (double)(1 / den);
    return (double)logl(den);
}

static const char *const NEST_OV[] = {"market.nesting=0.5"};

/* ---- lambda = 1 ------------------------------------------------------------ */

/* Runs two worlds side by side; every month's totals must be equal bit for
 * bit (tol 0) or within tol relative to each total's size. */
static void check_totals(const struct scenario *a, const struct scenario *b, double tol)
{
    struct world *wa = world_alloc(a, 1), *wb = world_alloc(b, 1);
    assert_non_null(wa);
    assert_non_null(wb);
    for (int k = 0; k < a->months; k++) {
        world_step(wa, k, 1);
        world_step(wb, k, 1);
        if (tol == 0) {
            if (memcmp(&wa->total, &wb->total, sizeof wa->total) != 0) {
                print_error("month %d's totals differ\n", k);
                fail();
            }
            continue;
        }
        const struct tally *x = &wa->total, *y = &wb->total;
        for (int j = 0; j < a->n_families; j++) {
            ASSERT_NEAR(x->demand[j], y->demand[j], tol * fabs(x->demand[j]) + 1e-12);
            ASSERT_NEAR(x->slope[j], y->slope[j], tol * fabs(x->slope[j]) + 1e-12);
            ASSERT_NEAR(wa->supply.price[j], wb->supply.price[j], tol * wa->supply.price[j]);
        }
        ASSERT_NEAR(x->market_slope, y->market_slope, tol * fabs(x->market_slope));
        for (int c = 0; c < N_CELLS; c++)
            ASSERT_NEAR(x->surplus[c], y->surplus[c], tol * fabs(x->surplus[c]) + 1e-9);
    }
    world_free(wa);
    world_free(wb);
}

/*
 * market.nesting = 1 written out takes the plain logit's code: the same
 * totals, bit for bit, as the key left out (tests/cli/golden/eps0.cfg), and
 * the plain code in the baseline, whose fragment fits lambda < 1.  And lambda = 1 - 1e-9 (the nested code) gives the plain logit's
 * numbers within 1e-6 relative: the nested formulas tend to the plain ones.
 * The textbook world is used there so that every agent's choice is the same
 * uniform over probabilities that differ by about 1e-9: a draw could still
 * fall between the two cumulative sums (chance about 1e-9 per review), so
 * the comparison uses the expected flows (demand, slopes, prices, surplus
 * from log-sums), not the draws.
 */
static void test_lambda_one_is_plain_logit(void **state)
{
    (void)state;
    /* the baseline's fragment fits market.nesting, so the key is left out
     * in the golden scenario (the baseline of an earlier version, every
     * mechanism on but the fit); 1 written over the baseline's fitted value
     * takes the plain code there too */
    const char *ov1[] = {"agents.count=20000", "market.nesting=1.0"};
    struct scenario *plain = load_file_ok("cli/golden/eps0.cfg", ov1, 1);
    struct scenario *one = load_file_ok("cli/golden/eps0.cfg", ov1, 2);
    assert_true(plain->nesting == 1);
    check_totals(plain, one, 0);
    free(plain);
    free(one);
    struct scenario *base = load_file_ok("../scenarios/baseline.cfg", ov1, 2);
    assert_true(base->nesting == 1);
    struct world *w = world_alloc(base, 1);
    assert_non_null(w);
    world_step(w, 0, 1);
    assert_false(w->menu.nested);
    world_free(w);
    free(base);

    const char *ovb[] = {"families.a.pricing=\"bertrand\"", "families.e.pricing=\"bertrand\"",
                         "market.nesting=0.999999999"};
    struct scenario *tp = load_ok(TEXTBOOK_CFG, ovb, 2), *tn = load_ok(TEXTBOOK_CFG, ovb, 3);
    check_totals(tp, tn, 1e-6);
    free(tp);
    free(tn);
}

/* ---- closed-form shares ------------------------------------------------- */

/*
 * As test_shares_equal_logit in test_textbook.c, at lambda = 0.5: every
 * agent reviews every month with no frictions, so each agent-month is an
 * independent draw from the same nested logit and the count on option j
 * over N agents and M months is Binomial(N M, P_j).  Tolerance: 4 standard
 * errors sqrt(P_j (1 - P_j) / (N M)) (two-sided false-alarm chance about
 * 6e-5 per option).  The nested shares differ from the plain logit's by far
 * more than that (checked), so the test tells the two apart.
 */
static void test_shares_equal_nested_logit(void **state)
{
    (void)state;
    struct scenario *sc = load_ok(TEXTBOOK_CFG, NEST_OV, 1);
    assert_true(sc->nesting == LAMBDA);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    const int M = sc->months, F = sc->n_families;
    const double N = (double)sc->n_agents, NM = N * M;
    double count[OSS_MAX_FAMILIES + 1] = {0};
    for (int k = 0; k < M; k++) {
        world_step(w, k, 1);
        for (int j = 0; j < F; j++)
            count[j] += world_devs(w, j);
        count[OSS_MAX_FAMILIES] += world_devs(w, OSS_MAX_FAMILIES);
    }
    double P[OSS_MAX_FAMILIES], P0, L[OSS_MAX_FAMILIES], L0;
    nested_logit(sc, LAMBDA, w->supply.quality, w->supply.price, P, &P0, NULL);
    textbook_logit(sc, NULL, w->supply.quality, w->supply.price, NULL, L, &L0);
    double apart = 0, sum = P0;
    for (int j = 0; j < F; j++) {
        ASSERT_NEAR(count[j] / NM, P[j], 4 * sqrt(P[j] * (1 - P[j]) / NM));
        apart = fmax(apart, fabs(P[j] - L[j]) / sqrt(P[j] * (1 - P[j]) / NM));
        sum += P[j];
    }
    ASSERT_NEAR(count[OSS_MAX_FAMILIES] / NM, P0, 4 * sqrt(P0 * (1 - P0) / NM));
    ASSERT_NEAR(sum, 1, 1e-12);
    assert_true(apart > 20);
    world_free(w);
    free(sc);
}

/* ---- consumer surplus ---------------------------------------------------- */

/* Nested-logit demand (probability) for family j at price p, others fixed. */
static double demand_fn(double p, void *vp)
{
    const struct demand_params *d = vp;
    double price[OSS_MAX_FAMILIES], P[OSS_MAX_FAMILIES], P0;
    memcpy(price, d->s->price, sizeof price);
    price[d->j] = p;
    nested_logit(d->sc, LAMBDA, d->s->quality, price, P, &P0, NULL);
    return P[d->j];
}

/*
 * Consumer surplus in a GEV model is the log-sum over alpha (McFadden
 * 1978; Small and Rosen 1981): here ln(1 + sum_g D_g^lambda) / alpha, whose
 * derivative in p_j is - P_j.  So CS(3) - CS(4) for family a's price equals
 * potential / 1e6 x integral_3^4 P_a(p) dp.  The world's surplus is built
 * from the agents' log-sums (no sampling), the integral from the closed
 * form by GSL's QAGS to 1e-12: tolerance 1e-8 relative plus the single
 * precision of the stored bonuses (surplus_bonus_rounding), as in
 * test_textbook.c.
 */
static void test_logsum_equals_demand_integral(void **state)
{
    (void)state;
    const char *ov[] = {"market.nesting=0.5", "families.a.price=4.0"};
    struct scenario *lo, *hi;
    double rl[N_MONTH_METRICS], rh[N_MONTH_METRICS];
    struct world *wl = textbook_first_month(ov, 1, &lo, rl), *wh = textbook_first_month(ov, 2, &hi, rh);
    ASSERT_NEAR(wh->supply.price[TB_A], 4.0, 0);

    double potential_musd = lo->potential_tokens / 1e6;
    double P[OSS_MAX_FAMILIES], P0;
    double ls_lo = nested_logit(lo, LAMBDA, wl->supply.quality, wl->supply.price, P, &P0, NULL);
    double ls_hi = nested_logit(hi, LAMBDA, wh->supply.quality, wh->supply.price, P, &P0, NULL);
    double bl = surplus_bonus_rounding(wl), bh = surplus_bonus_rounding(wh);
    ASSERT_NEAR(rl[M_SURPLUS_MUSD], potential_musd * ls_lo / lo->alpha.mean, 1e-8 * fabs(rl[M_SURPLUS_MUSD]) + bl);
    ASSERT_NEAR(rh[M_SURPLUS_MUSD], potential_musd * ls_hi / hi->alpha.mean, 1e-8 * fabs(rh[M_SURPLUS_MUSD]) + bh);

    struct demand_params dp = {lo, &wl->supply, TB_A};
    double integral = integral_qags(demand_fn, &dp, 3.0, 4.0);
    double dcs = rl[M_SURPLUS_MUSD] - rh[M_SURPLUS_MUSD], expected = potential_musd * integral;
    assert_true(expected > 0);
    ASSERT_NEAR(dcs, expected, 1e-8 * expected + bl + bh);
    world_free(wl);
    world_free(wh);
    free(lo);
    free(hi);
}

/* ---- Bertrand pricing ------------------------------------------------------ */

/* Vendor VA sells a and b (both closed: one nest); e is VE's only family. */
static const char *const VENDOR_OV[] = {
    "families.a.pricing=\"bertrand\"", "families.b.pricing=\"bertrand\"", "families.e.pricing=\"bertrand\"",
    "families.b.vendor=\"VA\"",        "horizon.end=\"2032-12\"",         "agents.count=500",
    "market.nesting=0.5",
};
#define N_VENDOR_OV 7

/* The nested multiproduct markup of a vendor whose products all lie in one
 * nest n: with identical agents the first-order conditions
 * s_g + sum_f m_f ds_f/dp_g = 0 are solved by one markup for all of them,
 *   m = 1 / (alpha (1/lambda - (1/lambda - 1) S_{V|n} - S_V)),
 * S_V the vendor's summed share and S_{V|n} its share within the nest.
 * The prices by damped fixed-point iteration on the closed form. */
static void nested_fixed_point(const struct scenario *sc, const double *q, const double *cost, double *price)
{
    double alpha = sc->alpha.mean, il = 1 / LAMBDA;
    for (int it = 0; it < 10000; it++) {
        double P[OSS_MAX_FAMILIES], P0, C[OSS_MAX_FAMILIES], gap = 0;
        nested_logit(sc, LAMBDA, q, price, P, &P0, C);
        for (int j = 0; j < sc->n_families; j++) {
            const struct family_spec *f = &sc->families[j];
            if (f->access != ACCESS_CLOSED)
                continue;
            double S = 0, Sc = 0;
            for (int g = 0; g < sc->n_families; g++)
                if (sc->families[g].access == ACCESS_CLOSED && strcmp(sc->families[g].vendor, f->vendor) == 0)
                    S += P[g], Sc += C[g];
            double target = cost[j] + 1 / (alpha * (il - (il - 1) * Sc - S));
            gap = fmax(gap, fabs(target - price[j]));
            price[j] += 0.5 * (target - price[j]);
        }
        if (gap < 1e-15)
            return;
    }
    fail_msg("the nested multiproduct fixed point did not converge");
}

/* Profit of vendor VA (a and b) at prices pa, pb, the rest held. */
static double va_profit(const struct scenario *sc, const struct supply *s, double pa, double pb)
{
    double price[OSS_MAX_FAMILIES], P[OSS_MAX_FAMILIES], P0;
    memcpy(price, s->price, sizeof price);
    price[TB_A] = pa;
    price[TB_B] = pb;
    nested_logit(sc, LAMBDA, s->quality, price, P, &P0, NULL);
    return (pa - s->cost[TB_A]) * P[TB_A] + (pb - s->cost[TB_B]) * P[TB_B];
}

/* Profit of e alone at price p. */
static double e_profit(const struct scenario *sc, const struct supply *s, double p)
{
    double price[OSS_MAX_FAMILIES], P[OSS_MAX_FAMILIES], P0;
    memcpy(price, s->price, sizeof price);
    price[TB_E] = p;
    nested_logit(sc, LAMBDA, s->quality, price, P, &P0, NULL);
    return (p - s->cost[TB_E]) * P[TB_E];
}

/*
 * Tolerance 1e-9 USD/Mtok, as in test_vendor.c: the markups come from the
 * agents' probabilities and slopes (no sampling), the partial adjustment
 * (0.5) closes the gap geometrically over 95 months, and what is left is
 * rounding.  The first-order conditions are also checked without the closed
 * form: the profits' numerical derivatives (central differences, step 1e-4:
 * error of order 1e-8) vanish to 1e-6.  The prices differ from the plain
 * logit's equilibrium (test_vendor.c) by more than 0.05 USD/Mtok: lambda
 * < 1 makes the closed nest's products closer substitutes.
 */
static void test_vendor_prices_nested_foc(void **state)
{
    (void)state;
    struct scenario *sc = load_ok(TEXTBOOK_CFG, VENDOR_OV, N_VENDOR_OV);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    run_world(w, sc->months, 1, NULL, NULL);
    const struct supply *s = &w->supply;
    double price[OSS_MAX_FAMILIES];
    memcpy(price, s->price, sizeof price);
    price[TB_A] = 3.0, price[TB_B] = 1.5, price[TB_E] = 1.0;
    nested_fixed_point(sc, s->quality, s->cost, price);
    for (int j = 0; j < TB_N; j++)
        ASSERT_NEAR(s->price[j], price[j], 1e-9);
    ASSERT_NEAR(s->price[TB_A] - s->cost[TB_A], s->price[TB_B] - s->cost[TB_B], 1e-9);

    const double h = 1e-4;
    double pa = s->price[TB_A], pb = s->price[TB_B], pe = s->price[TB_E];
    ASSERT_NEAR((va_profit(sc, s, pa + h, pb) - va_profit(sc, s, pa - h, pb)) / (2 * h), 0, 1e-6);
    ASSERT_NEAR((va_profit(sc, s, pa, pb + h) - va_profit(sc, s, pa, pb - h)) / (2 * h), 0, 1e-6);
    ASSERT_NEAR((e_profit(sc, s, pe + h) - e_profit(sc, s, pe - h)) / (2 * h), 0, 1e-6);
    double best = va_profit(sc, s, pa, pb);
    assert_true(va_profit(sc, s, pa + 0.01, pb) < best);
    assert_true(va_profit(sc, s, pa, pb - 0.01) < best);
    assert_true(va_profit(sc, s, pa + 0.01, pb + 0.01) < best);

    /* the plain logit's equilibrium is elsewhere */
    struct scenario *pl = load_ok(TEXTBOOK_CFG, VENDOR_OV, N_VENDOR_OV - 1);
    struct world *wp = world_alloc(pl, 0);
    assert_non_null(wp);
    run_world(wp, pl->months, 1, NULL, NULL);
    assert_true(fabs(wp->supply.price[TB_A] - pa) > 0.05);
    assert_true(fabs(wp->supply.price[TB_E] - pe) > 0.05);
    world_free(wp);
    free(pl);
    world_free(w);
    free(sc);
}

/* ---- the market's slope ---------------------------------------------------- */

/* Expected LLM demand (families only, probabilities) with every price
 * multiplied by (1 + t). */
static double market_demand_at(const struct scenario *sc, const struct supply *s, double t)
{
    double price[OSS_MAX_FAMILIES] = {0}, P[OSS_MAX_FAMILIES], P0, d = 0;
    for (int j = 0; j < sc->n_families; j++)
        price[j] = s->price[j] * (1 + t);
    nested_logit(sc, LAMBDA, s->quality, price, P, &P0, NULL);
    for (int j = 0; j < sc->n_families; j++)
        d += P[j];
    return d;
}

/*
 * The books' market slope (every price up by the same proportion) and each
 * family's own slope against central differences of the closed form
 * (step 1e-5: truncation error of order 1e-10 relative); tolerance 1e-7
 * relative, for that and rounding in the sums over agents.
 */
static void test_slopes_equal_numerical_derivatives(void **state)
{
    (void)state;
    struct scenario *sc = load_ok(TEXTBOOK_CFG, NEST_OV, 1);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    world_step(w, 0, 1);
    const struct supply *s = &w->supply;
    const double N = (double)sc->n_agents, h = 1e-5;
    double num = (market_demand_at(sc, s, h) - market_demand_at(sc, s, -h)) / (2 * h) * N;
    ASSERT_NEAR(w->total.market_slope, num, 1e-7 * fabs(num));
    ASSERT_NEAR(w->total.market_demand, N * market_demand_at(sc, s, 0), 1e-9 * N);
    for (int j = 0; j < sc->n_families; j++) {
        double price[OSS_MAX_FAMILIES], P[OSS_MAX_FAMILIES], P0, up, dn;
        memcpy(price, s->price, sizeof price);
        price[j] = s->price[j] + h;
        nested_logit(sc, LAMBDA, s->quality, price, P, &P0, NULL);
        up = P[j];
        price[j] = s->price[j] - h;
        nested_logit(sc, LAMBDA, s->quality, price, P, &P0, NULL);
        dn = P[j];
        double slope = -(up - dn) / (2 * h) * N; /* - dS_j / dp_j */
        ASSERT_NEAR(w->total.slope[j], slope, 1e-7 * fabs(slope));
    }
    world_free(w);
    free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lambda_one_is_plain_logit),
        cmocka_unit_test(test_shares_equal_nested_logit),
        cmocka_unit_test(test_logsum_equals_demand_integral),
        cmocka_unit_test(test_vendor_prices_nested_foc),
        cmocka_unit_test(test_slopes_equal_numerical_derivatives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
