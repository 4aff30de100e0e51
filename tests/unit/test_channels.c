/*
 * test_channels.c - serving channels of open families (docs/model.md,
 * "Serving channels"): an open family with a first_party block is two
 * options, its weights served by hosts and its developer's own API; the
 * choice is a plain logit over family x channel; each policy reaches the
 * channels it targets.
 *
 * The world is the textbook one (identical agents, no frictions, fixed
 * prices, every agent reviewing every month) with the CN open family d also
 * served by its developer at a list price of 0.75 USD/Mtok and an appeal of
 * 0.125 utils.  Options: a, b (US closed), c (US open, hosted), d (CN open,
 * hosted: cost 0.5 x 1.25 = 0.625), d.first_party (0.75), e (CN closed).
 *
 * Statistical checks pool agent-months as in test_policy.c: the count on an
 * option is a sum of independent Bernoulli draws with the closed-form
 * probabilities, so it lies within 4 standard deviations of its expectation
 * (two-sided false-alarm chance about 6e-5 per option).
 */
#include "helpers.h"

enum { CH_A, CH_B, CH_C, CH_D, CH_DF, CH_E, CH_N };

#define D_LINE "        quality = 118.0; cost = 0.5; appeal = -0.25; };\n"
#define D_FP "        quality = 118.0; cost = 0.5; appeal = -0.25; first_party = { price = 0.75; appeal = 0.125; }; };\n"
#define DISTRUST                                                                                   \
    "  distrust_table = { US = { CN = 1.0; }; };\n"                                                 \
    "  hosted_distrust = 0.25;\n"                                                                  \
    "  count = 4000;\n"

/* The textbook world with d's first-party API, a policy block and, with
 * distrust, US agents distrusting CN by 1 util (0.25 on hosted weights). */
static struct scenario *ch_load(const char *policy, bool distrust, const char *const *ov, int n)
{
    char *t1 = text_sub(TEXTBOOK_CFG, D_LINE, D_FP);
    char *t2 = distrust ? text_sub(t1, "  count = 4000;\n", DISTRUST) : text_cat(t1, "");
    char *t3 = text_cat(t2, policy ? policy : "");
    const char *ov2[8];
    int m = 0;
    if (distrust)
        ov2[m++] = "frictions.distrust=true";
    for (int i = 0; i < n && m < 8; i++)
        ov2[m++] = ov[i];
    struct scenario *sc = load_ok(t3, ov2, m);
    free(t1);
    free(t2);
    free(t3);
    return sc;
}

/* Closed-form plain logit over family x channel for an agent of region r:
 * V_j = beta (q_j - Q0) - alpha w_j p_j + theta open_j + A_j - D_rj, the
 * outside option at 0.  avail NULL: all; wedge NULL: none. */
static void ch_logit(const struct scenario *sc, const struct world *w, int r, const bool *avail,
                     const double *wedge, double *P, double *P0)
{
    long double e[CH_N], sum = 1;
    const struct supply *s = &w->supply;
    for (int j = 0; j < CH_N; j++) {
        e[j] = 0;
        if ((avail && !avail[j]) || !s->available[j])
            continue;
        const struct family_spec *f = &sc->families[j];
        double d = 0;
        if (sc->distrust_on)
            d = sc->distrust.mean * sc->distrust_table[r][f->origin] *
                (policy_channel(f, s->access[j]) == CHANNEL_HOSTED ? sc->hosted_distrust : 1);
        double v = sc->beta.mean * (s->quality[j] - sc->outside_quality) -
                   sc->alpha.mean * s->price[j] * (wedge ? wedge[j] : 1) +
                   sc->openness.mean * (s->access[j] == ACCESS_OPEN) + f->appeal - d;
        e[j] = expl((long double)v);
        sum += e[j];
    }
    for (int j = 0; j < CH_N; j++)
        P[j] = (double)(e[j] / sum);
    *P0 = (double)(1 / sum);
}

struct chpool {
    double count[CH_N + 1], expect[CH_N + 1], var[CH_N + 1]; /* [CH_N]: outside */
};

/* Adds this month: agents of region r against P (options) and P0 (outside). */
static void chpool_add(struct chpool *pl, const struct world *w, int r, const double *P, double P0)
{
    double n = 0;
    for (long i = 0; i < w->n_agents; i++)
        n += w->agents[i].region == r;
    for (int j = 0; j <= CH_N; j++) {
        double p = j == CH_N ? P0 : P[j];
        pl->count[j] += world_devs_region(w, j == CH_N ? OSS_MAX_FAMILIES : j, r);
        pl->expect[j] += n * p;
        pl->var[j] += n * p * (1 - p);
    }
}

static void chpool_check(const struct chpool *pl)
{
    for (int j = 0; j <= CH_N; j++)
        ASSERT_NEAR(pl->count[j], pl->expect[j], pl->var[j] > 0 ? 4 * sqrt(pl->var[j]) : 0);
}

/* ---- the options ----------------------------------------------------------- */

/* A first_party block makes a second option right after the hosted one, with
 * its own key, the model's name, vendor, origin, quality, cost and
 * awareness, a link to the model, and the list price; prices follow the
 * channel's rule (hosts: cost x 1.25; developer: its list price). */
static void test_channel_options(void **state)
{
    (void)state;
    struct scenario *sc = ch_load(NULL, false, NULL, 0);
    assert_int_equal(sc->n_families, CH_N);
    const struct family_spec *d = &sc->families[CH_D], *df = &sc->families[CH_DF];
    assert_string_equal(d->key, "d");
    assert_string_equal(df->key, "d.first_party");
    assert_string_equal(df->name, d->name);
    assert_int_equal(d->channel, CHANNEL_HOSTED);
    assert_int_equal(df->channel, CHANNEL_FIRST_PARTY);
    assert_int_equal(sc->families[CH_A].channel, CHANNEL_API);
    assert_int_equal(d->first_party, CH_DF);
    assert_int_equal(df->model, CH_D);
    assert_int_equal(d->model, CH_D);
    assert_int_equal(sc->families[CH_E].model, CH_E);
    assert_int_equal(df->access, ACCESS_OPEN);
    ASSERT_NEAR(df->price, 0.75, 0);
    ASSERT_NEAR(df->appeal, 0.125, 0);
    ASSERT_NEAR(df->cost, d->cost, 0);
    assert_int_equal(scenario_family_index(sc, "d"), CH_D);
    assert_int_equal(scenario_family_index(sc, "d.first_party"), CH_DF);
    assert_string_equal(channel_names[policy_channel(df, ACCESS_OPEN)], "first_party");
    assert_string_equal(channel_names[policy_channel(d, ACCESS_OPEN)], "hosted");
    assert_string_equal(channel_names[policy_channel(df, ACCESS_CLOSED)], "api");

    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    world_step(w, 0, 1);
    ASSERT_NEAR(w->supply.price[CH_D], 0.625, 0);
    ASSERT_NEAR(w->supply.price[CH_DF], 0.75, 0);
    ASSERT_NEAR(w->supply.quality[CH_DF], w->supply.quality[CH_D], 0);
    world_free(w);
    free(sc);

    /* the cost halves in a month: the list price keeps its ratio to the
     * cost, 0.75 / 0.5, and the hosts their margin */
    const char *ov[] = {"supply.cost_decline=0.5"};
    sc = ch_load(NULL, false, ov, 1);
    w = world_alloc(sc, 0);
    world_step(w, 0, 1);
    world_step(w, 1, 1);
    ASSERT_NEAR(w->supply.price[CH_DF], 0.375, 1e-15);
    ASSERT_NEAR(w->supply.price[CH_D], 0.3125, 1e-15);
    world_free(w);
    free(sc);
}

/* No open weights: both channels of d go (and c); what stays is closed. */
static void test_channel_no_open(void **state)
{
    (void)state;
    const char *ov[] = {"supply.open_weights=false"};
    struct scenario *sc = ch_load(NULL, false, ov, 1);
    assert_int_equal(sc->n_families, 3);
    for (int j = 0; j < sc->n_families; j++)
        assert_int_equal(sc->families[j].channel, CHANNEL_API);
    free(sc);
}

/* Bad input: a closed family has no first-party channel; a first_party
 * block needs its price. */
static void test_channel_bad_input(void **state)
{
    (void)state;
    char err[OSS_ERR_LEN];
    char *t = text_sub(TEXTBOOK_CFG, "price = 1.0; pricing = \"fixed\"; };",
                       "price = 1.0; pricing = \"fixed\"; first_party = { price = 1.0; }; };");
    struct scenario *sc = load_text_ov(t, NULL, 0, err, NULL);
    assert_null(sc);
    assert_non_null(strstr(err, "families.e.first_party: only an open family has a first-party channel"));
    free(t);
    t = text_sub(TEXTBOOK_CFG, D_LINE, "        quality = 118.0; cost = 0.5; first_party = { appeal = 1.0; }; };\n");
    sc = load_text_ov(t, NULL, 0, err, NULL);
    assert_null(sc);
    assert_non_null(strstr(err, "families.d.first_party.price: missing key"));
    free(t);
}

/* Awareness is of the model: an agent knows both channels of d or neither. */
static void test_channel_awareness(void **state)
{
    (void)state;
    const char *ov[] = {"frictions.awareness=true", "families.d.awareness=0.5"};
    struct scenario *sc = ch_load(NULL, false, ov, 2);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    long know = 0;
    for (long i = 0; i < w->n_agents; i++) {
        uint32_t a = w->agents[i].aware;
        assert_int_equal((a >> CH_D) & 1u, (a >> CH_DF) & 1u);
        know += (a >> CH_D) & 1u;
    }
    ASSERT_NEAR(know, w->n_agents / 2.0, 4 * sqrt(w->n_agents / 4.0)); /* Binomial(n, 1/2) */
    world_free(w);
    free(sc);
}

/* ---- the choice --------------------------------------------------------------- */

/* Plain logit over family x channel: with US agents distrusting CN by 1 util
 * on APIs (d.first_party, e) and 0.25 on hosted weights (d), and the others
 * not at all, each region's counts match its closed form. */
static void test_channel_logit(void **state)
{
    (void)state;
    struct scenario *sc = ch_load(NULL, true, NULL, 0);
    ASSERT_NEAR(sc->hosted_distrust, 0.25, 0);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    struct chpool us, row;
    memset(&us, 0, sizeof us);
    memset(&row, 0, sizeof row);
    for (int k = 0; k < 6; k++) {
        world_step(w, k, 1);
        int c_us = REGION_US * N_SEGMENTS;
        ASSERT_NEAR(w->menu.distrust[c_us][CH_D], 0.25, 0);
        ASSERT_NEAR(w->menu.distrust[c_us][CH_DF], 1, 0);
        ASSERT_NEAR(w->menu.distrust[c_us][CH_E], 1, 0);
        double P[CH_N], P0;
        ch_logit(sc, w, REGION_US, NULL, NULL, P, &P0);
        chpool_add(&us, w, REGION_US, P, P0);
        ch_logit(sc, w, REGION_ROW, NULL, NULL, P, &P0);
        chpool_add(&row, w, REGION_ROW, P, P0);
    }
    chpool_check(&us);
    chpool_check(&row);
    /* distrust on the API only: US agents lean to the hosted channel of d */
    assert_true(us.count[CH_DF] / us.count[CH_D] < 0.8 * row.count[CH_DF] / row.count[CH_D]);
    world_free(w);
    free(sc);
}

/* ---- policies ----------------------------------------------------------------- */

/* Sanctions on CN covering US agents (compliance 1) from 2025-04 (k = 3):
 * without include_open_weights they bar d.first_party and e, not hosted d;
 * with it, all three.  Before April and outside the US, nothing is barred.
 * The US agents' counts follow the logit over what is left. */
static void check_sanctions(bool weights)
{
    char pol[256];
    snprintf(pol, sizeof pol,
             "policy = { sanctions = { origin = \"CN\"; start = \"2025-04\"; regions = [\"US\"];\n"
             "  compliance = 1.0; include_open_weights = %s; }; };\n",
             weights ? "true" : "false");
    struct scenario *sc = ch_load(pol, false, NULL, 0);
    const struct family_spec *f = sc->families;
    for (int m = 3; m <= 4; m++) {
        int t = month_make(2025, m);
        bool in = m == 4;
        assert_int_equal(policy_sanctions_bar(sc, &f[CH_DF], ACCESS_OPEN, t), in);
        assert_int_equal(policy_sanctions_bar(sc, &f[CH_E], ACCESS_CLOSED, t), in);
        assert_int_equal(policy_sanctions_bar(sc, &f[CH_D], ACCESS_OPEN, t), in && weights);
        assert_false(policy_sanctions_bar(sc, &f[CH_C], ACCESS_OPEN, t));
    }
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    struct chpool us, rest;
    memset(&us, 0, sizeof us);
    memset(&rest, 0, sizeof rest);
    const bool left[CH_N] = {1, 1, 1, !weights, 0, 0};
    double row[N_MONTH_METRICS], fam[CH_N * N_FAMILY_METRICS];
    for (int k = 3; k < 9; k++) {
        if (k == 3)
            for (int q = 0; q < 3; q++)
                world_step(w, q, 1);
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        ASSERT_NEAR(world_devs_region(w, CH_DF, REGION_US), 0, 0);
        ASSERT_NEAR(world_devs_region(w, CH_E, REGION_US), 0, 0);
        if (weights)
            ASSERT_NEAR(row[M_COVERED_TARGET_SHARE], 0, 0);
        else
            assert_true(row[M_COVERED_TARGET_SHARE] > 0); /* on hosted CN weights */
        double P[CH_N], P0;
        ch_logit(sc, w, REGION_US, left, NULL, P, &P0);
        chpool_add(&us, w, REGION_US, P, P0);
        ch_logit(sc, w, REGION_EU, NULL, NULL, P, &P0);
        chpool_add(&rest, w, REGION_EU, P, P0);
    }
    chpool_check(&us);
    chpool_check(&rest);
    assert_true(rest.count[CH_DF] > 0);
    world_free(w);
    free(sc);
}

static void test_channel_sanctions_api(void **state)
{
    (void)state;
    check_sanctions(false);
}

static void test_channel_sanctions_weights(void **state)
{
    (void)state;
    check_sanctions(true);
}

/* A 50% US tariff on foreign services: US agents pay 1.5 x on the CN APIs
 * (d.first_party, e) and, only with include_open_weights, on hosted d; never
 * on US families; other regions' agents pay list prices. */
static void check_tariff(bool weights)
{
    char pol[256];
    snprintf(pol, sizeof pol, "policy = { tariff = { imposer = \"US\"; rate = 0.5; include_open_weights = %s; }; };\n",
             weights ? "true" : "false");
    struct scenario *sc = ch_load(pol, false, NULL, 0);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    const double wedge[CH_N] = {1, 1, 1, weights ? 1.5 : 1, 1.5, 1.5};
    struct chpool us;
    memset(&us, 0, sizeof us);
    for (int k = 0; k < 4; k++) {
        world_step(w, k, 1);
        for (int c = 0; c < N_CELLS; c++)
            for (int j = 0; j < CH_N; j++)
                ASSERT_NEAR(w->menu.wedge[c][j], c / N_SEGMENTS == REGION_US ? wedge[j] : 1, 0);
        double P[CH_N], P0;
        ch_logit(sc, w, REGION_US, NULL, wedge, P, &P0);
        chpool_add(&us, w, REGION_US, P, P0);
    }
    chpool_check(&us);
    world_free(w);
    free(sc);
}

static void test_channel_tariff(void **state)
{
    (void)state;
    check_tariff(false);
    check_tariff(true);
}

/* A trust shock about CN of 2 utils in 2025-03, half-life 1 month: "data"
 * reaches the CN APIs (d.first_party, e) only, "model" every channel of CN
 * models; US agents feel it on top of their distrust, CN agents not at all
 * (a scare about their own origin). */
static void check_shock(bool data)
{
    char pol[256];
    snprintf(pol, sizeof pol,
             "policy = { trust_shock = { target = \"CN\"; kind = \"%s\"; start = \"2025-03\"; size = 2.0; half_life = 1.0; }; };\n",
             data ? "data" : "model");
    struct scenario *sc = ch_load(pol, true, NULL, 0);
    assert_int_equal(sc->trust_shock.data, data);
    const struct family_spec *f = sc->families;
    int t = month_make(2025, 4); /* one half-life after the start */
    ASSERT_NEAR(policy_trust_shock(sc, &f[CH_DF], ACCESS_OPEN, t), 1, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, &f[CH_E], ACCESS_CLOSED, t), 1, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, &f[CH_D], ACCESS_OPEN, t), data ? 0 : 1, 1e-15);
    ASSERT_NEAR(policy_trust_shock(sc, &f[CH_C], ACCESS_OPEN, t), 0, 0);
    ASSERT_NEAR(policy_trust_shock(sc, &f[CH_DF], ACCESS_OPEN, month_make(2025, 2)), 0, 0);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    for (int k = 0; k <= 3; k++) /* 2025-01 is k = 0: k = 3 is 2025-04 */
        world_step(w, k, 1);
    int us = REGION_US * N_SEGMENTS, cn = REGION_CN * N_SEGMENTS;
    ASSERT_NEAR(w->menu.distrust[us][CH_DF], 1 + 1, 1e-15);
    ASSERT_NEAR(w->menu.distrust[us][CH_E], 1 + 1, 1e-15);
    ASSERT_NEAR(w->menu.distrust[us][CH_D], 0.25 + (data ? 0 : 1), 1e-15);
    ASSERT_NEAR(w->menu.distrust[cn][CH_DF], 0, 0);
    ASSERT_NEAR(w->menu.distrust[cn][CH_D], 0, 0);
    world_free(w);
    free(sc);
}

static void test_channel_trust_shock(void **state)
{
    (void)state;
    check_shock(true);
    check_shock(false);
}

/* Meta-style closing: when d closes in 2025-06 (k = 5), its hosted option
 * leaves the market and its first-party option becomes a closed API (its
 * price unchanged that month); agents who were on hosted d choose again. */
static void test_channel_model_closes(void **state)
{
    (void)state;
    struct scenario *sc = ch_load(
        "policy = { vendor_strategy = ( { family = \"d\"; month = \"2025-06\"; action = \"close\"; } ); };\n", false,
        NULL, 0);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    for (int k = 0; k < 8; k++) {
        world_step(w, k, 1);
        bool closed = k >= 5;
        assert_int_equal(w->supply.available[CH_D], !closed);
        assert_true(w->supply.available[CH_DF]);
        assert_int_equal(w->supply.access[CH_DF], closed ? ACCESS_CLOSED : ACCESS_OPEN);
        if (k <= 5) /* open, then closed at its last price; Bertrand from the next month */
            ASSERT_NEAR(w->supply.price[CH_DF], 0.75, 0);
        assert_true(w->supply.price[CH_DF] > w->supply.cost[CH_DF]);
        if (closed)
            for (int r = 0; r < N_REGIONS; r++)
                ASSERT_NEAR(world_devs_region(w, CH_D, r), 0, 0);
    }
    world_free(w);
    free(sc);
}

/* ---- common random numbers ------------------------------------------------------ */

/* A review's draws come from (replication, agent, month): sanctions that bind
 * only EU agents change nothing in the menus of the others (no ecosystem, no
 * awareness, fixed prices), so every other agent makes exactly the same
 * choice in every month with and without them, however the EU agents'
 * reviews change. */
static void test_channel_common_numbers(void **state)
{
    (void)state;
    struct scenario *a = ch_load(NULL, false, NULL, 0);
    struct scenario *b = ch_load("policy = { sanctions = { origin = \"CN\"; start = \"2025-02\"; regions = [\"EU\"];\n"
                                 "  compliance = 1.0; include_open_weights = true; }; };\n",
                                 false, NULL, 0);
    struct world *wa = world_alloc(a, 0), *wb = world_alloc(b, 0);
    assert_non_null(wa);
    assert_non_null(wb);
    long same = 0, eu_moved = 0;
    for (int k = 0; k < 6; k++) {
        world_step(wa, k, 1);
        world_step(wb, k, 1);
        for (long i = 0; i < wa->n_agents; i++) {
            const struct agent *x = &wa->agents[i], *y = &wb->agents[i];
            if (x->region == REGION_EU) {
                eu_moved += x->choice != y->choice;
                continue;
            }
            assert_int_equal(x->choice, y->choice);
            same++;
        }
    }
    assert_true(same > 0);
    assert_true(eu_moved > 0);
    world_free(wa);
    world_free(wb);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channel_options),
        cmocka_unit_test(test_channel_no_open),
        cmocka_unit_test(test_channel_bad_input),
        cmocka_unit_test(test_channel_awareness),
        cmocka_unit_test(test_channel_logit),
        cmocka_unit_test(test_channel_sanctions_api),
        cmocka_unit_test(test_channel_sanctions_weights),
        cmocka_unit_test(test_channel_tariff),
        cmocka_unit_test(test_channel_trust_shock),
        cmocka_unit_test(test_channel_model_closes),
        cmocka_unit_test(test_channel_common_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
