/*
 * test_policy.c - each policy lever of docs/model.md section 5 acts through its
 * channel: the functions of policy.h, the supply side (supply.h) and, where
 * the lever acts on agents, a small textbook world (identical agents, no
 * frictions) whose choices are compared with the closed-form logit.
 *
 * Statistical checks pool agent-months: the count of agents of a group on
 * option j in a month is Binomial(n, P_j) given the group's n agents, and
 * months are independent (every agent reviews every month), so the pooled
 * count has variance sum_k n P_jk (1 - P_jk).  Tolerance: 4 standard
 * deviations (two-sided false-alarm chance about 6e-5 per option).
 */
#include "helpers.h"

/* Frontier growth (US 2 points a month, CN 1) and cost decline 1/32 a month
 * on top of the textbook world; all binary fractions. */
static const char *const GROWTH_OV[] = {"supply.frontier_growth=2.0", "supply.compute.CN=0.5",
                                         "supply.cost_decline=0.03125"};
#define N_GROWTH_OV 3

static struct scenario *tb_policy(const char *policy, const char *const *ov, int n)
{
    char *text = text_cat(TEXTBOOK_CFG, policy);
    struct scenario *sc = load_ok(text, ov, n);
    free(text);
    return sc;
}

/* Month index of horizon month k of a scenario. */
#define T(sc, k) ((sc)->start + (k))

/* ---- pooled comparison with the closed form ----------------------------- */

struct pool {
    double count[TB_N + 1], expect[TB_N + 1], var[TB_N + 1]; /* [TB_N]: outside */
};

/* Adds this month of world w: agents of the regions in rmask (bit r) against
 * probabilities P (families) and P0 (outside). */
static void pool_add(struct pool *pl, const struct world *w, unsigned rmask, const double *P, double P0)
{
    double n = 0;
    for (long i = 0; i < w->n_agents; i++)
        n += (rmask >> w->agents[i].region) & 1u;
    for (int j = 0; j <= TB_N; j++) {
        int opt = j == TB_N ? OSS_MAX_FAMILIES : j;
        double p = j == TB_N ? P0 : P[j];
        for (int r = 0; r < N_REGIONS; r++)
            if ((rmask >> r) & 1u)
                pl->count[j] += world_devs_region(w, opt, r);
        pl->expect[j] += n * p;
        pl->var[j] += n * p * (1 - p);
    }
}

static void pool_check(const struct pool *pl)
{
    for (int j = 0; j <= TB_N; j++) {
        if (pl->var[j] == 0) {
            ASSERT_NEAR(pl->count[j], pl->expect[j], 0);
            continue;
        }
        ASSERT_NEAR(pl->count[j], pl->expect[j], 4 * sqrt(pl->var[j]));
    }
}

/* ---- export controls ------------------------------------------------------ */

/* Loss of growth and rise of cost: strength x penalty x (1 - efficiency
 * response), for the targeted origin inside the window only. */
static void test_export_controls_functions(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { export_controls = { origin = \"CN\"; start = \"2025-03\"; end = \"2025-08\";\n"
        "  strength = 0.5; growth_penalty = 0.5; cost_penalty = 0.75; efficiency_response = 0.25; }; };\n",
        NULL, 0);
    const struct export_controls *e = &sc->export_controls;
    assert_true(e->on);
    assert_int_equal(e->origin, REGION_CN);
    assert_int_equal(e->start, month_make(2025, 3));
    assert_int_equal(e->end, month_make(2025, 8));
    for (int m = 1; m <= 12; m++) {
        int t = month_make(2025, m);
        bool in = m >= 3 && m <= 8;
        ASSERT_NEAR(policy_growth_loss(sc, REGION_CN, t), in ? 0.5 * 0.5 * 0.75 : 0, 1e-15);
        ASSERT_NEAR(policy_cost_multiplier(sc, REGION_CN, t), in ? 1 + 0.5 * 0.75 * 0.75 : 1, 1e-15);
        for (int o = 0; o < N_REGIONS; o++)
            if (o != REGION_CN) {
                ASSERT_NEAR(policy_growth_loss(sc, o, t), 0, 0);
                ASSERT_NEAR(policy_cost_multiplier(sc, o, t), 1, 0);
            }
    }
    /* a full efficiency response offsets both channels */
    struct scenario full = *sc;
    full.export_controls.efficiency_response = 1;
    ASSERT_NEAR(policy_growth_loss(&full, REGION_CN, month_make(2025, 5)), 0, 0);
    ASSERT_NEAR(policy_cost_multiplier(&full, REGION_CN, month_make(2025, 5)), 1, 0);
    free(sc);
}

/*
 * Supply under export controls on CN from the horizon start, no diffusion:
 * the CN frontier grows by g c (1 - L) a month (g = 2, compute c = 0.5,
 * L = strength x growth_penalty x (1 - efficiency) = 0.5 x 0.5 x 0.75)
 * instead of g c, so a CN family follows it at its fixed offset:
 *   closed e (no lag):  q_e(k) = 110 + g c (1 - L) k
 *   open d (lag 3):     q_d(k) = 118 + g c k - g c L max(0, k - 3)
 *     (months before the start are extrapolated at the uncontrolled rate)
 * and marginal cost is 0.25 (1 - 1/32)^k x (1 + 0.5 x 0.75 x 0.75).
 * US families are untouched: q_a(k) = 120 + 2k.
 */
static void test_export_controls_supply(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { export_controls = { origin = \"CN\"; strength = 0.5; growth_penalty = 0.5;\n"
        "  cost_penalty = 0.75; efficiency_response = 0.25; }; };\n",
        GROWTH_OV, N_GROWTH_OV);
    struct supply s;
    assert_true(supply_init(&s, sc));
    const double g = 2, c = 0.5, L = 0.5 * 0.5 * 0.75, mult = 1 + 0.5 * 0.75 * 0.75;
    for (int k = 0; k < sc->months; k++) {
        supply_step(&s, k);
        ASSERT_NEAR(s.quality[TB_E], 110 + g * c * (1 - L) * k, 1e-9);
        ASSERT_NEAR(s.quality[TB_D], 118 + g * c * k - g * c * L * fmax(0, k - 3), 1e-9);
        ASSERT_NEAR(s.quality[TB_A], 120 + g * k, 1e-9);
        ASSERT_NEAR(s.cost[TB_E], 0.25 * pow(1 - 0.03125, k) * mult, 1e-12);
        ASSERT_NEAR(s.cost[TB_A], 1.0 * pow(1 - 0.03125, k), 1e-12);
        ASSERT_NEAR(s.price[TB_D], 0.5 * pow(1 - 0.03125, k) * mult * 1.25, 1e-12);
    }
    supply_free(&s);
    free(sc);
}

/* After the window ends the frontier grows at the full rate again, and the
 * cost multiplier is gone (window months are inclusive). */
static void test_export_controls_window(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { export_controls = { origin = \"CN\"; end = \"2025-05\"; strength = 1.0;\n"
        "  growth_penalty = 0.5; cost_penalty = 1.0; }; };\n",
        GROWTH_OV, N_GROWTH_OV);
    struct supply s;
    assert_true(supply_init(&s, sc));
    double prev = 0;
    for (int k = 0; k < sc->months; k++) {
        supply_step(&s, k);
        double base = 0.25 * pow(1 - 0.03125, k);
        ASSERT_NEAR(s.cost[TB_E], k <= 4 ? 2 * base : base, 1e-12); /* 2025-05 is k = 4 */
        if (k >= 2 && k <= 4)
            ASSERT_NEAR(s.quality[TB_E] - prev, 0.5, 1e-9); /* g c (1 - 0.5) */
        if (k >= 7)
            ASSERT_NEAR(s.quality[TB_E] - prev, 1.0, 1e-9); /* g c */
        prev = s.quality[TB_E];
    }
    supply_free(&s);
    free(sc);
}

/* Direction: harder export controls never raise the
 * targeted origin's quality, here with diffusion from the world frontier
 * on, over three years. */
static void test_export_controls_monotone(void **state)
{
    (void)state;
    const double strengths[4] = {0, 0.25, 0.5, 1.0};
    double q[4][48][TB_N];
    for (int i = 0; i < 4; i++) {
        char pol[512];
        snprintf(pol, sizeof pol,
                 "policy = { export_controls = { origin = \"CN\"; strength = %.2f; growth_penalty = 0.6;\n"
                 "  cost_penalty = 0.5; efficiency_response = 0.2; }; };\n",
                 strengths[i]);
        const char *ov[] = {"supply.frontier_growth=2.0", "supply.compute.CN=0.7", "supply.diffusion=0.1",
                            "supply.diffusion_lag=3.0", "horizon.end=\"2028-12\""};
        struct scenario *sc = tb_policy(pol, ov, 5);
        assert_int_equal(sc->months, 48);
        struct supply s;
        assert_true(supply_init(&s, sc));
        for (int k = 0; k < 48; k++) {
            supply_step(&s, k);
            for (int j = 0; j < TB_N; j++)
                q[i][k][j] = s.quality[j];
        }
        supply_free(&s);
        free(sc);
    }
    for (int i = 1; i < 4; i++) {
        for (int k = 0; k < 48; k++) {
            assert_true(q[i][k][TB_D] <= q[i - 1][k][TB_D] + 1e-12);
            assert_true(q[i][k][TB_E] <= q[i - 1][k][TB_E] + 1e-12);
            ASSERT_NEAR(q[i][k][TB_A], q[0][k][TB_A], 1e-9); /* US leads: untouched */
        }
        assert_true(q[i][47][TB_E] < q[i - 1][47][TB_E] - 0.1); /* and strictly lower by the end */
    }
}

/* ---- sanctions ------------------------------------------------------------- */

static void test_sanctions_functions(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { sanctions = { origin = \"CN\"; start = \"2025-04\"; end = \"2025-10\";\n"
        "  regions = [\"US\", \"EU\"]; segments = [\"public\", \"enterprise\"]; compliance = 1.0; }; };\n",
        NULL, 0);
    for (int r = 0; r < N_REGIONS; r++)
        for (int g = 0; g < N_SEGMENTS; g++)
            assert_int_equal(policy_sanctions_cover(sc, r, g),
                             (r == REGION_US || r == REGION_EU) && (g == SEG_PUBLIC || g == SEG_ENTERPRISE));
    const struct family_spec *d = &sc->families[TB_D], *e = &sc->families[TB_E], *a = &sc->families[TB_A];
    for (int m = 1; m <= 12; m++) {
        int t = month_make(2025, m);
        bool in = m >= 4 && m <= 10;
        assert_int_equal(policy_sanctions_bar(sc, e, ACCESS_CLOSED, t), in); /* CN API */
        assert_false(policy_sanctions_bar(sc, d, ACCESS_OPEN, t));          /* self-hosted weights allowed */
        assert_false(policy_sanctions_bar(sc, a, ACCESS_CLOSED, t));        /* US family */
    }
    sc->sanctions.include_open_weights = true;
    assert_true(policy_sanctions_bar(sc, d, ACCESS_OPEN, month_make(2025, 5)));
    free(sc);
}

/*
 * Full sanctions on CN (compliance 1, open weights included) covering US
 * and EU agents from 2025-04: covered agents are exactly those of US and EU;
 * from April their use of CN families is zero (M_COVERED_TARGET_SHARE = 0)
 * while before April it is not, and they choose by the logit over the
 * non-CN families; agents of CN and ROW are unaffected.
 */
static void test_sanctions_world_full(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { sanctions = { origin = \"CN\"; start = \"2025-04\"; regions = [\"US\", \"EU\"];\n"
        "  compliance = 1.0; include_open_weights = true; }; };\n",
        NULL, 0);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    for (long i = 0; i < w->n_agents; i++)
        assert_int_equal(w->agents[i].bound, w->agents[i].region == REGION_US || w->agents[i].region == REGION_EU);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    struct pool covered, free_;
    memset(&free_, 0, sizeof free_);
    memset(&covered, 0, sizeof covered);
    const unsigned cov = (1u << REGION_US) | (1u << REGION_EU), rest = (1u << REGION_CN) | (1u << REGION_ROW);
    const bool non_cn[TB_N] = {1, 1, 1, 0, 0};
    for (int k = 0; k < sc->months; k++) {
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        double P[OSS_MAX_FAMILIES], P0;
        if (k < 3) {
            assert_true(row[M_COVERED_TARGET_SHARE] > 0.2); /* closed form: (P_d + P_e) / (1 - P0) = 0.43 */
            continue;
        }
        ASSERT_NEAR(row[M_COVERED_TARGET_SHARE], 0, 0);
        for (int r = 0; r < N_REGIONS; r++)
            if ((cov >> r) & 1u) {
                ASSERT_NEAR(world_devs_region(w, TB_D, r), 0, 0);
                ASSERT_NEAR(world_devs_region(w, TB_E, r), 0, 0);
            }
        textbook_logit(sc, non_cn, w->supply.quality, w->supply.price, NULL, P, &P0);
        pool_add(&covered, w, cov, P, P0);
        textbook_logit(sc, NULL, w->supply.quality, w->supply.price, NULL, P, &P0);
        pool_add(&free_, w, rest, P, P0);
    }
    pool_check(&covered);
    pool_check(&free_);
    assert_true(free_.count[TB_D] > 0);
    world_free(w);
    free(sc);
}

/* Sanctions on the CN API only (self-hosted open weights allowed): covered
 * agents drop the closed CN family but keep the open one. */
static void test_sanctions_world_api_only(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { sanctions = { origin = \"CN\"; regions = [\"US\"]; compliance = 1.0; }; };\n", NULL, 0);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    struct pool pl;
    memset(&pl, 0, sizeof pl);
    const bool no_e[TB_N] = {1, 1, 1, 1, 0};
    for (int k = 0; k < 6; k++) {
        world_step(w, k, 1);
        ASSERT_NEAR(world_devs_region(w, TB_E, REGION_US), 0, 0);
        double P[OSS_MAX_FAMILIES], P0;
        textbook_logit(sc, no_e, w->supply.quality, w->supply.price, NULL, P, &P0);
        pool_add(&pl, w, 1u << REGION_US, P, P0);
    }
    pool_check(&pl);
    assert_true(pl.count[TB_D] > 0);
    world_free(w);
    free(sc);
}

/* Compliance 0.5: each covered agent is bound with probability 0.5, so the
 * bound count among the n covered agents is Binomial(n, 0.5): within 4
 * standard deviations sqrt(n / 4) of n / 2.  No agent outside the covered
 * cells is bound. */
static void test_sanctions_compliance(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { sanctions = { origin = \"CN\"; regions = [\"EU\"]; segments = [\"public\", \"startup\"];\n"
        "  compliance = 0.5; }; };\n",
        NULL, 0);
    struct world *w = world_alloc(sc, 1);
    assert_non_null(w);
    double n = 0, bound = 0;
    for (long i = 0; i < w->n_agents; i++) {
        const struct agent *a = &w->agents[i];
        bool covered = a->region == REGION_EU && (a->segment == SEG_PUBLIC || a->segment == SEG_STARTUP);
        if (!covered)
            assert_int_equal(a->bound, 0);
        n += covered;
        bound += a->bound;
    }
    assert_true(n > 100);
    ASSERT_NEAR(bound, n / 2, 4 * sqrt(n / 4));
    world_free(w);
    free(sc);
}

/* ---- tariff ------------------------------------------------------------- */

static void test_tariff_functions(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { tariff = { imposer = \"US\"; origin = \"foreign\"; rate = 0.5; start = \"2025-02\";\n"
        "  end = \"2025-11\"; }; };\n",
        NULL, 0);
    for (int m = 1; m <= 12; m++) {
        int t = month_make(2025, m);
        bool in = m >= 2 && m <= 11;
        ASSERT_NEAR(policy_tariff(sc, REGION_US, REGION_CN, t), in ? 0.5 : 0, 0);
        ASSERT_NEAR(policy_tariff(sc, REGION_US, REGION_EU, t), in ? 0.5 : 0, 0);
        ASSERT_NEAR(policy_tariff(sc, REGION_US, REGION_US, t), 0, 0); /* domestic */
        ASSERT_NEAR(policy_tariff(sc, REGION_EU, REGION_CN, t), 0, 0); /* another region's agents */
    }
    sc->tariff.origin = REGION_CN;
    ASSERT_NEAR(policy_tariff(sc, REGION_US, REGION_CN, month_make(2025, 5)), 0.5, 0);
    ASSERT_NEAR(policy_tariff(sc, REGION_US, REGION_EU, month_make(2025, 5)), 0, 0);
    free(sc);
}

/*
 * A 50% US tariff on foreign (here CN) models: US agents pay 1.5 x the list
 * price of the CN API e, and of the CN weights d served by hosts only with
 * include_open_weights (hosted weights are a domestic service), others the
 * list price (the month's menu); US agents' choices follow the logit at
 * those prices, the others' the logit at list prices; and spend exceeds
 * revenue by exactly the tariff on US agents' purchases of tariffed tokens.
 */
static void check_tariff_world(bool hosted)
{
    struct scenario *sc = tb_policy(hosted ? "policy = { tariff = { imposer = \"US\"; rate = 0.5; include_open_weights = true; }; };\n"
                                           : "policy = { tariff = { imposer = \"US\"; rate = 0.5; }; };\n",
                                    NULL, 0);
    assert_int_equal(sc->tariff.origin, -1); /* default: every foreign origin */
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    const double wedge_us[TB_N] = {1, 1, 1, hosted ? 1.5 : 1, 1.5};
    struct pool us, rest;
    memset(&us, 0, sizeof us);
    memset(&rest, 0, sizeof rest);
    for (int k = 0; k < sc->months; k++) {
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        const struct menu *m = &w->menu;
        for (int c = 0; c < N_CELLS; c++) {
            bool in_us = c / N_SEGMENTS == REGION_US;
            for (int j = 0; j < TB_N; j++) {
                double wd = in_us ? wedge_us[j] : 1;
                ASSERT_NEAR(m->paid[c][j], w->supply.price[j] * wd, 1e-12);
                ASSERT_NEAR(m->wedge[c][j], wd, 1e-12);
            }
        }
        double P[OSS_MAX_FAMILIES], P0;
        textbook_logit(sc, NULL, w->supply.quality, w->supply.price, wedge_us, P, &P0);
        pool_add(&us, w, 1u << REGION_US, P, P0);
        textbook_logit(sc, NULL, w->supply.quality, w->supply.price, NULL, P, &P0);
        pool_add(&rest, w, ~(1u << REGION_US) & 0xFu, P, P0);
        /* spend - revenue = tariff x US agents' CN purchases at list prices (MUSD) */
        double duty = 0;
        for (int j = hosted ? TB_D : TB_E; j <= TB_E; j++)
            for (int g = 0; g < N_SEGMENTS; g++)
                duty += 0.5 * w->supply.price[j] * w->total.tokens[j][REGION_US * N_SEGMENTS + g] * w->token_scale;
        ASSERT_NEAR(row[M_SPEND_MUSD] - row[M_REVENUE_MUSD], duty / 1e6, 1e-9 * row[M_SPEND_MUSD]);
        assert_true(duty > 0);
    }
    pool_check(&us);
    pool_check(&rest);
    world_free(w);
    free(sc);
}

static void test_tariff_world(void **state)
{
    (void)state;
    check_tariff_world(false);
}

static void test_tariff_world_hosted(void **state)
{
    (void)state;
    check_tariff_world(true);
}

/* ---- support for domestic open models --------------------------------------- */

/*
 * US open support from 2025-04 (k = 3): a 25% subsidy on the price of US
 * open families and a lag cut by 1 month.  The open US family c (lag 3,
 * frontier 120 + 2k) has quality 116 + 2k before, 116 + 2k + 2 x 1 after
 * (its lag is one month shorter on a frontier growing 2 points a month);
 * the CN open family and the US closed one are untouched.  Buyers pay 0.75
 * of c's price (the menu), so revenue (list) exceeds spend (paid) by 0.25 x
 * c's revenue.
 */
static void test_open_support(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { open_support = { origin = \"US\"; subsidy = 0.25; lag_reduction = 1.0;\n"
        "  start = \"2025-04\"; }; };\n",
        GROWTH_OV, N_GROWTH_OV);
    const struct family_spec *fc = &sc->families[TB_C], *fa = &sc->families[TB_A], *fd = &sc->families[TB_D];
    ASSERT_NEAR(policy_subsidy(sc, fc, ACCESS_OPEN, T(sc, 3)), 0.25, 0);
    ASSERT_NEAR(policy_subsidy(sc, fc, ACCESS_OPEN, T(sc, 2)), 0, 0);
    ASSERT_NEAR(policy_subsidy(sc, fa, ACCESS_CLOSED, T(sc, 3)), 0, 0);
    ASSERT_NEAR(policy_subsidy(sc, fd, ACCESS_OPEN, T(sc, 3)), 0, 0);
    ASSERT_NEAR(policy_subsidy(sc, fc, ACCESS_CLOSED, T(sc, 3)), 0, 0); /* a US family gone closed */
    ASSERT_NEAR(policy_lag_shift(sc, fc, ACCESS_OPEN, T(sc, 3)), -1.0, 0);
    ASSERT_NEAR(policy_lag_shift(sc, fd, ACCESS_OPEN, T(sc, 3)), 0, 0);

    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    for (int k = 0; k < sc->months; k++) {
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        const struct supply *s = &w->supply;
        bool on = k >= 3;
        ASSERT_NEAR(s->quality[TB_C], 116 + 2.0 * k + (on ? 2.0 : 0), 1e-9);
        ASSERT_NEAR(s->quality[TB_A], 120 + 2.0 * k, 1e-9);
        ASSERT_NEAR(s->quality[TB_D], 118 + 1.0 * k, 1e-9);
        ASSERT_NEAR(s->price[TB_C], 0.25 * pow(1 - 0.03125, k) * 1.25, 1e-12); /* list price unchanged */
        for (int c = 0; c < N_CELLS; c++) {
            ASSERT_NEAR(w->menu.paid[c][TB_C], s->price[TB_C] * (on ? 0.75 : 1), 1e-12);
            ASSERT_NEAR(w->menu.paid[c][TB_D], s->price[TB_D], 1e-12);
        }
        double rev_c = fam[TB_C * N_FAMILY_METRICS + F_REVENUE_MUSD];
        assert_true(rev_c > 0);
        ASSERT_NEAR(row[M_REVENUE_MUSD] - row[M_SPEND_MUSD], on ? 0.25 * rev_c : 0, 1e-9 * row[M_REVENUE_MUSD]);
    }
    world_free(w);
    free(sc);
}

/* ---- restriction of open-weight releases ------------------------------------ */

/*
 * US open releases restricted from the horizon start, frontier 120 + 2k.
 *   cap_gap 5: c is capped at 120 + 2k - 5 = 115 + 2k (below its 116 + 2k);
 *   cap_gap 3: the cap 117 + 2k is above c, no effect;
 *   delay 2:   c's lag grows from 3 to 5 months: 116 + 2k - 4;
 *   compliance cost 0.125: c's marginal cost 0.25 (1 - 1/32)^k + 0.125 and
 *              its price that times the hosts' 1.25.
 * The closed US family and the CN open family are never touched.
 */
static void check_restriction(const char *block, double dq, double cap_at, double cc)
{
    struct scenario *sc = tb_policy(block, GROWTH_OV, N_GROWTH_OV);
    struct supply s;
    assert_true(supply_init(&s, sc));
    for (int k = 0; k < sc->months; k++) {
        supply_step(&s, k);
        double q = 116 + 2.0 * k + dq;
        if (cap_at > -1e9)
            q = fmin(q, s.world_frontier - cap_at);
        ASSERT_NEAR(s.world_frontier, 120 + 2.0 * k, 1e-9);
        ASSERT_NEAR(s.quality[TB_C], q, 1e-9);
        ASSERT_NEAR(s.cost[TB_C], 0.25 * pow(1 - 0.03125, k) + cc, 1e-12);
        ASSERT_NEAR(s.price[TB_C], (0.25 * pow(1 - 0.03125, k) + cc) * 1.25, 1e-12);
        ASSERT_NEAR(s.quality[TB_A], 120 + 2.0 * k, 1e-9);
        ASSERT_NEAR(s.quality[TB_D], 118 + 1.0 * k, 1e-9);
        ASSERT_NEAR(s.cost[TB_D], 0.5 * pow(1 - 0.03125, k), 1e-12);
    }
    supply_free(&s);
    free(sc);
}

static void test_open_restriction(void **state)
{
    (void)state;
    check_restriction("policy = { open_restriction = { origin = \"US\"; cap_gap = 5.0; }; };\n", 0, 5, 0);
    check_restriction("policy = { open_restriction = { origin = \"US\"; cap_gap = 3.0; }; };\n", 0, 3, 0);
    check_restriction("policy = { open_restriction = { origin = \"US\"; delay = 2.0; }; };\n", -4, -1e10, 0);
    check_restriction("policy = { open_restriction = { origin = \"US\"; compliance_cost = 0.125; }; };\n", 0, -1e10,
                      0.125);
    /* the functions: only open families of the origin, in the window */
    struct scenario *sc = tb_policy(
        "policy = { open_restriction = { origin = \"US\"; cap_gap = 5.0; delay = 2.0; compliance_cost = 0.125;\n"
        "  start = \"2025-06\"; }; };\n",
        NULL, 0);
    const struct family_spec *fc = &sc->families[TB_C], *fa = &sc->families[TB_A], *fd = &sc->families[TB_D];
    int t = month_make(2025, 6);
    ASSERT_NEAR(policy_quality_cap(sc, fc, ACCESS_OPEN, 130, t), 125, 0);
    assert_true(isinf(policy_quality_cap(sc, fc, ACCESS_OPEN, 130, t - 1)));
    assert_true(isinf(policy_quality_cap(sc, fa, ACCESS_CLOSED, 130, t)));
    assert_true(isinf(policy_quality_cap(sc, fd, ACCESS_OPEN, 130, t)));
    ASSERT_NEAR(policy_lag_shift(sc, fc, ACCESS_OPEN, t), 2, 0);
    ASSERT_NEAR(policy_compliance_cost(sc, fc, ACCESS_OPEN, t), 0.125, 0);
    ASSERT_NEAR(policy_compliance_cost(sc, fc, ACCESS_OPEN, t - 1), 0, 0);
    ASSERT_NEAR(policy_compliance_cost(sc, fa, ACCESS_CLOSED, t), 0, 0);
    free(sc);
}

/* ---- trust shock ------------------------------------------------------------ */

/* A jump of `size` utils at the start, halving every half_life months;
 * nothing before the start; only the target. */
static void test_trust_shock_functions(void **state)
{
    (void)state;
    struct scenario *sc = tb_policy(
        "policy = { trust_shock = { target = \"CN\"; start = \"2025-03\"; size = 2.0; half_life = 3.0; }; };\n",
        NULL, 0);
    const struct family_spec *fd = &sc->families[TB_D], *fe = &sc->families[TB_E], *fc = &sc->families[TB_C];
    int t0 = month_make(2025, 3);
    ASSERT_NEAR(policy_trust_shock(sc, fe, ACCESS_CLOSED, t0 - 1), 0, 0);
    ASSERT_NEAR(policy_trust_shock(sc, fe, ACCESS_CLOSED, t0), 2, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, fe, ACCESS_CLOSED, t0 + 1), 2 * pow(2, -1.0 / 3), 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, fe, ACCESS_CLOSED, t0 + 3), 1, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, fd, ACCESS_OPEN, t0 + 6), 0.5, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, fc, ACCESS_OPEN, t0), 0, 0); /* US family */
    free(sc);

    sc = tb_policy("policy = { trust_shock = { target = \"open\"; size = 1.5; half_life = 2.0; }; };\n", NULL, 0);
    int t = sc->start + 4; /* two half-lives */
    ASSERT_NEAR(policy_trust_shock(sc, &sc->families[TB_C], ACCESS_OPEN, t), 0.375, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, &sc->families[TB_D], ACCESS_OPEN, t), 0.375, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, &sc->families[TB_A], ACCESS_CLOSED, t), 0, 0);
    ASSERT_NEAR(policy_trust_shock(sc, &sc->families[TB_E], ACCESS_CLOSED, t), 0, 0);
    free(sc);
}

/*
 * Through a world with the distrust friction on (distrust table all zero,
 * agent multiplier 1): the menu carries the shock as distrust of CN families,
 * and agents' choices follow the logit with V_j lowered by the shock of the
 * month, pooled over the year.
 */
static void test_trust_shock_world(void **state)
{
    (void)state;
    const char *ov[] = {"frictions.distrust=true"};
    struct scenario *sc = tb_policy(
        "policy = { trust_shock = { target = \"CN\"; start = \"2025-03\"; size = 2.0; half_life = 3.0; }; };\n", ov,
        1);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    struct pool pl;
    memset(&pl, 0, sizeof pl);
    double cn_share[12];
    for (int k = 0; k < sc->months; k++) {
        world_step(w, k, 1);
        double shock = k < 2 ? 0 : 2 * pow(0.5, (k - 2) / 3.0);
        for (int c = 0; c < N_CELLS; c++)
            for (int j = 0; j < TB_N; j++)
                /* the scare moves foreign agents' distrust of CN models, not CN agents' */
                ASSERT_NEAR(w->menu.distrust[c][j],
                            sc->families[j].origin == REGION_CN && c / N_SEGMENTS != REGION_CN ? shock : 0,
                            1e-12);
        /* agents outside China feel the shock; Chinese agents do not */
        const double dv[TB_N] = {0, 0, 0, -shock, -shock};
        double P[OSS_MAX_FAMILIES] = {0}, P0 = 0;
        textbook_logit_acc(sc, NULL, NULL, dv, w->supply.quality, w->supply.price, NULL, P, &P0);
        pool_add(&pl, w, 0xFu & ~(1u << REGION_CN), P, P0);
        cn_share[k] = P[TB_D] + P[TB_E];
        textbook_logit_acc(sc, NULL, NULL, NULL, w->supply.quality, w->supply.price, NULL, P, &P0);
        pool_add(&pl, w, 1u << REGION_CN, P, P0);
    }
    pool_check(&pl);
    /* the closed form itself: the CN share drops at the shock and recovers as it decays */
    assert_true(cn_share[2] < cn_share[1] - 0.2);
    for (int k = 3; k < 12; k++)
        assert_true(cn_share[k] > cn_share[k - 1]);
    world_free(w);
    free(sc);
}

/* ---- vendor strategy ---------------------------------------------------------- */

/*
 * Vendor changes given out of order: c (open) closes in 2025-05 and reopens
 * in 2025-11; e exits in 2025-09; b enters in 2025-03.  Access and
 * availability follow; a family that closes is priced from cost times the
 * hosts' margin and then moves towards its Bertrand price; nobody uses a
 * family that is not on the market; while closed, c loses its openness
 * value in agents' utility (the logit with c closed).
 */
static void test_vendor_strategy(void **state)
{
    (void)state;
    const char *ov[] = {"families.b.entry=\"2025-03\""};
    struct scenario *sc = tb_policy(
        "policy = { vendor_strategy = (\n"
        "  { family = \"c\"; month = \"2025-11\"; action = \"open\"; },\n"
        "  { family = \"e\"; month = \"2025-09\"; action = \"exit\"; },\n"
        "  { family = \"c\"; month = \"2025-05\"; action = \"close\"; }\n"
        "); };\n",
        ov, 1);
    assert_int_equal(sc->n_vendor_changes, 3);
    for (int m = 1; m <= 12; m++) {
        int t = month_make(2025, m);
        enum access acc = N_ACCESS;
        assert_true(policy_family_access(sc, TB_C, t, &acc));
        assert_int_equal(acc, (m >= 5 && m <= 10) ? ACCESS_CLOSED : ACCESS_OPEN);
        acc = N_ACCESS;
        bool e_on = policy_family_access(sc, TB_E, t, &acc);
        assert_int_equal(e_on, m < 9);
        if (e_on)
            assert_int_equal(acc, ACCESS_CLOSED);
        assert_int_equal(policy_family_access(sc, TB_B, t, &acc), m >= 3);
    }

    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    double prev_c = 0;
    struct pool closed_c;
    memset(&closed_c, 0, sizeof closed_c);
    for (int k = 0; k < sc->months; k++) {
        int m = k + 1;
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        const struct supply *s = &w->supply;
        assert_int_equal(s->available[TB_E], m < 9);
        assert_int_equal(s->available[TB_B], m >= 3);
        assert_int_equal(s->access[TB_C], (m >= 5 && m <= 10) ? ACCESS_CLOSED : ACCESS_OPEN);
        ASSERT_NEAR(fam[TB_C * N_FAMILY_METRICS + F_OPEN], (m >= 5 && m <= 10) ? 0 : 1, 0);
        ASSERT_NEAR(fam[TB_E * N_FAMILY_METRICS + F_AVAILABLE], m < 9, 0);
        if (m >= 9)
            ASSERT_NEAR(world_devs(w, TB_E), 0, 0);
        if (m < 3)
            ASSERT_NEAR(world_devs(w, TB_B), 0, 0);
        if (m == 5 || m == 11)
            ASSERT_NEAR(s->price[TB_C], 0.25 * 1.25, 1e-12); /* switch month: cost x host margin */
        if (m >= 6 && m <= 10)
            assert_true(s->price[TB_C] > prev_c); /* closed: rising towards c + 1/(alpha (1 - s)) */
        if (m >= 5 && m <= 10) {
            bool av[TB_N];
            enum access acc[TB_N];
            for (int j = 0; j < TB_N; j++) {
                av[j] = s->available[j];
                acc[j] = s->access[j];
            }
            double P[OSS_MAX_FAMILIES], P0;
            textbook_logit_acc(sc, av, acc, NULL, s->quality, s->price, NULL, P, &P0);
            pool_add(&closed_c, w, 0xFu, P, P0);
        }
        prev_c = s->price[TB_C];
        double all = 0;
        for (int j = 0; j <= OSS_MAX_FAMILIES; j++)
            all += world_devs(w, j);
        ASSERT_NEAR(all, (double)sc->n_agents, 0);
    }
    pool_check(&closed_c);
    world_free(w);
    free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_controls_functions),
        cmocka_unit_test(test_export_controls_supply),
        cmocka_unit_test(test_export_controls_window),
        cmocka_unit_test(test_export_controls_monotone),
        cmocka_unit_test(test_sanctions_functions),
        cmocka_unit_test(test_sanctions_world_full),
        cmocka_unit_test(test_sanctions_world_api_only),
        cmocka_unit_test(test_sanctions_compliance),
        cmocka_unit_test(test_tariff_functions),
        cmocka_unit_test(test_tariff_world),
        cmocka_unit_test(test_tariff_world_hosted),
        cmocka_unit_test(test_open_support),
        cmocka_unit_test(test_open_restriction),
        cmocka_unit_test(test_trust_shock_functions),
        cmocka_unit_test(test_trust_shock_world),
        cmocka_unit_test(test_vendor_strategy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
