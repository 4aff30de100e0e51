/*
 * test_market.c - the frictions and dynamics of the monthly step (market.h),
 * each switched on alone on the textbook world and checked against its
 * closed form: inertia (review probability), forced re-choice of agents who
 * lose their family, switching costs (stay probabilities and surplus),
 * ecosystem term, awareness by word of mouth, market growth, and
 * Bertrand-Nash pricing with heterogeneous price sensitivity.
 *
 * Statistical checks: counts over agents (and months) are sums of
 * independent Bernoulli variables with known probabilities p_i, so the
 * count has mean sum p_i and variance sum p_i (1 - p_i); tolerance 4
 * standard deviations (two-sided false-alarm chance about 6e-5 per check).
 */
#include "helpers.h"

/* Utilities of the textbook agent for the current supply (V[TB_N] = outside = 0). */
static void textbook_v(const struct scenario *sc, const struct world *w, const double *dv, double *V)
{
    const struct supply *s = &w->supply;
    for (int j = 0; j < TB_N; j++)
        V[j] = sc->beta.mean * (s->quality[j] - sc->outside_quality) - sc->alpha.mean * s->price[j] +
               sc->openness.mean * (s->access[j] == ACCESS_OPEN) + sc->families[j].appeal + (dv ? dv[j] : 0);
    V[TB_N] = 0;
}

static int opt_index(int choice) { return choice == AGENT_OUTSIDE ? TB_N : choice; }

static uint8_t *save_choices(const struct world *w)
{
    uint8_t *c = malloc((size_t)w->n_agents);
    assert_non_null(c);
    for (long i = 0; i < w->n_agents; i++)
        c[i] = w->agents[i].choice;
    return c;
}

/* ---- inertia --------------------------------------------------------------- */

/* Review probability 0: everybody chooses in the first month, nobody ever
 * again while nothing forces it; shares and surplus stay put. */
static void test_inertia_never_review(void **state)
{
    (void)state;
    char *text = text_sub(TEXTBOOK_CFG, "review = { dist = \"constant\"; mean = 1.0;", "review = { dist = \"constant\"; mean = 0.0;");
    const char *ov[] = {"frictions.inertia=true", "frictions.switching_cost=true", "agents.switching_cost.mean=0.5"};
    struct scenario *sc = load_ok(text, ov, 3);
    free(text);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row0[N_MONTH_METRICS], row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    world_step(w, 0, 1);
    metrics_month(w, row0, fam);
    uint8_t *c0 = save_choices(w);
    for (int k = 1; k < sc->months; k++) {
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        for (long i = 0; i < w->n_agents; i++)
            assert_int_equal(w->agents[i].choice, c0[i]);
        ASSERT_NEAR(row[M_ADOPTION], row0[M_ADOPTION], 0);
        /* nothing changes, so the surplus is the same up to rounding */
        ASSERT_NEAR(row[M_SURPLUS_MUSD], row0[M_SURPLUS_MUSD], 1e-9 * fabs(row0[M_SURPLUS_MUSD]));
    }
    free(c0);
    world_free(w);
    free(sc);
}

/*
 * Review probability 0.5, no switching cost: from one month to the next an
 * agent changes option with probability 0.5 (1 - P_j), j its current option
 * (a reviewing agent redraws from the whole logit, which may give j again).
 * Pooled over months 1..11.
 */
static void test_inertia_half(void **state)
{
    (void)state;
    char *text = text_sub(TEXTBOOK_CFG, "review = { dist = \"constant\"; mean = 1.0;", "review = { dist = \"constant\"; mean = 0.5;");
    const char *ov[] = {"frictions.inertia=true"};
    struct scenario *sc = load_ok(text, ov, 1);
    free(text);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    world_step(w, 0, 1);
    double changes = 0, expect = 0, var = 0;
    for (int k = 1; k < sc->months; k++) {
        uint8_t *prev = save_choices(w);
        world_step(w, k, 1);
        double P[OSS_MAX_FAMILIES + 1], P0;
        textbook_logit(sc, NULL, w->supply.quality, w->supply.price, NULL, P, &P0);
        P[TB_N] = P0;
        for (long i = 0; i < w->n_agents; i++) {
            double p = 0.5 * (1 - P[opt_index(prev[i])]);
            changes += w->agents[i].choice != prev[i];
            expect += p;
            var += p * (1 - p);
        }
        free(prev);
    }
    ASSERT_NEAR(changes, expect, 4 * sqrt(var));
    world_free(w);
    free(sc);
}

/*
 * Agents who lose their family are made to choose again even when they do
 * not review: with review probability 0 and sanctions on CN (open weights
 * included) for US agents from 2025-04, every bound agent on d or e moves
 * in April, to the logit over the non-CN families (a first choice: nothing
 * to switch from), while every other agent keeps its choice.  The same for
 * everybody when family e exits in 2025-07.
 */
static void test_lost_agents_choose_again(void **state)
{
    (void)state;
    char *t1 = text_sub(TEXTBOOK_CFG, "review = { dist = \"constant\"; mean = 1.0;", "review = { dist = \"constant\"; mean = 0.0;");
    char *text = text_cat(t1,
                          "policy = {\n"
                          "  sanctions = { origin = \"CN\"; start = \"2025-04\"; regions = [\"US\"]; compliance = 1.0;\n"
                          "                include_open_weights = true; };\n"
                          "  vendor_strategy = ( { family = \"e\"; month = \"2025-07\"; action = \"exit\"; } );\n"
                          "};\n");
    const char *ov[] = {"frictions.inertia=true", "agents.count=8000"};
    struct scenario *sc = load_ok(text, ov, 2);
    free(t1);
    free(text);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    double count[TB_N + 1] = {0}, expect[TB_N + 1] = {0}, var[TB_N + 1] = {0};
    long moved_total = 0;
    for (int k = 0; k < sc->months; k++) {
        uint8_t *prev = save_choices(w);
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        if (k == 0) {
            free(prev);
            continue;
        }
        bool av[TB_N] = {1, 1, 1, 1, 1};
        if (k >= 6)
            av[TB_E] = false;
        bool av_bound[TB_N] = {1, 1, 1, 0, 0};
        double P[OSS_MAX_FAMILIES], P0, Pb[OSS_MAX_FAMILIES], P0b;
        textbook_logit(sc, av, w->supply.quality, w->supply.price, NULL, P, &P0);
        textbook_logit(sc, av_bound, w->supply.quality, w->supply.price, NULL, Pb, &P0b);
        for (long i = 0; i < w->n_agents; i++) {
            const struct agent *a = &w->agents[i];
            int was = prev[i];
            bool lost = (was == TB_E && k == 6) || (a->bound && k == 3 && (was == TB_D || was == TB_E));
            if (!lost) {
                assert_int_equal(a->choice, was);
                continue;
            }
            moved_total++;
            assert_true(a->choice != TB_E && !(a->bound && a->choice == TB_D));
            const double *p = a->bound ? Pb : P;
            double p0 = a->bound ? P0b : P0;
            for (int j = 0; j <= TB_N; j++) {
                double pj = j == TB_N ? p0 : p[j];
                count[j] += opt_index(a->choice) == j;
                expect[j] += pj;
                var[j] += pj * (1 - pj);
            }
        }
        free(prev);
        if (k >= 3)
            ASSERT_NEAR(row[M_COVERED_TARGET_SHARE], 0, 0);
    }
    assert_true(moved_total > 500);
    for (int j = 0; j <= TB_N; j++)
        ASSERT_NEAR(count[j], expect[j], 4 * sqrt(var[j]) + 1e-9);
    world_free(w);
    free(sc);
}

/* ---- switching cost -------------------------------------------------------- */

/*
 * Switching cost S = 1 util, everybody reviews every month: an agent on
 * option j stays with probability e^V_j / (e^V_j + sum_{k != j} e^(V_k - S))
 * (the outside option is one of the k when j is a family, at V = 0).  Its
 * surplus is that log-sum over alpha, whatever it then picks: the month's
 * consumer surplus is potential / 1e6 x the mean over agents of it (no
 * sampling in it given last month's choices; tolerance 1e-9 relative).
 */
static void test_switching_cost(void **state)
{
    (void)state;
    char *text = text_sub(TEXTBOOK_CFG, "switching_cost = { dist = \"constant\"; mean = 0.0;",
                          "switching_cost = { dist = \"constant\"; mean = 1.0;");
    const char *ov[] = {"frictions.switching_cost=true"};
    struct scenario *sc = load_ok(text, ov, 1);
    free(text);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    world_step(w, 0, 1);
    const double S = 1.0;
    double stays = 0, expect = 0, var = 0;
    for (int k = 1; k < 6; k++) {
        uint8_t *prev = save_choices(w);
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        double V[TB_N + 1];
        textbook_v(sc, w, NULL, V);
        double cs = 0;
        for (long i = 0; i < w->n_agents; i++) {
            int j = opt_index(prev[i]);
            double sum = 0;
            for (int o = 0; o <= TB_N; o++)
                sum += exp(V[o] - (o == j ? 0 : S));
            double p = exp(V[j]) / sum;
            stays += w->agents[i].choice == prev[i];
            expect += p;
            var += p * (1 - p);
            cs += log(sum) / sc->alpha.mean;
        }
        cs *= sc->potential_tokens / (double)w->n_agents / 1e6;
        /* rounding in double, and the bonuses stored in single precision */
        ASSERT_NEAR(row[M_SURPLUS_MUSD], cs, 1e-9 * fabs(cs) + surplus_bonus_rounding(w));
        free(prev);
    }
    ASSERT_NEAR(stays, expect, 4 * sqrt(var));
    world_free(w);
    free(sc);
}

/*
 * Regression test (a bug fixed in b454e5b: an agent due for review in the
 * month its family left was charged the switching cost).
 *
 * An agent whose family leaves the market chooses afresh: no switching cost
 * (it has nothing to stay with; market.c review(), `first`).  That must not
 * depend on whether the agent was due for a review anyway.  Switching cost
 * S = 1, every agent reviews every month, family e exits in 2025-04 (k = 3):
 * the month's surplus is potential / 1e6 x the mean over agents of their
 * log-sum / alpha, where the agents that were on e have the log-sum over the
 * remaining options without S, and the others ln(e^V_j + sum_{k != j}
 * e^(V_k - S)) as in test_switching_cost (exact given last month's choices;
 * tolerance 1e-9 relative, plus what the bonuses' single precision can
 * move it by).
 */
static void test_lost_agents_pay_no_switching_cost(void **state)
{
    (void)state;
    char *t1 = text_sub(TEXTBOOK_CFG, "switching_cost = { dist = \"constant\"; mean = 0.0;",
                        "switching_cost = { dist = \"constant\"; mean = 1.0;");
    char *text = text_cat(t1, "policy = { vendor_strategy = ( { family = \"e\"; month = \"2025-04\"; action = \"exit\"; } ); };\n");
    const char *ov[] = {"frictions.switching_cost=true"};
    struct scenario *sc = load_ok(text, ov, 1);
    free(t1);
    free(text);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    const double S = 1.0;
    long lost = 0;
    double worst_diff = 0, worst_cs = 1, worst_tol = 0;
    int worst_k = -1;
    for (int k = 0; k < 5; k++) {
        uint8_t *prev = save_choices(w);
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        if (k == 0) {
            free(prev);
            continue;
        }
        double V[TB_N + 1];
        textbook_v(sc, w, NULL, V);
        bool av[TB_N + 1] = {1, 1, 1, 1, k < 3, 1};
        double cs = 0;
        for (long i = 0; i < w->n_agents; i++) {
            int j = opt_index(prev[i]);
            bool fresh = !av[j];
            lost += fresh;
            double sum = 0;
            for (int o = 0; o <= TB_N; o++)
                if (av[o])
                    sum += exp(V[o] - (fresh || o == j ? 0 : S));
            cs += log(sum) / sc->alpha.mean;
        }
        cs *= sc->potential_tokens / (double)w->n_agents / 1e6;
        /* rounding in double, and the bonuses stored in single precision */
        double tol = 1e-9 * fabs(cs) + surplus_bonus_rounding(w);
        if (fabs(row[M_SURPLUS_MUSD] - cs) - tol > fabs(worst_diff) - worst_tol) {
            worst_diff = row[M_SURPLUS_MUSD] - cs;
            worst_cs = cs;
            worst_tol = tol;
            worst_k = k;
        }
        free(prev);
    }
    world_free(w); /* before the checks: a failing check leaks nothing */
    free(sc);
    assert_true(lost > 50); /* about P_e = 3% of 4000 agents were on e */
    if (fabs(worst_diff) > worst_tol) {
        print_error("month %d: surplus %.12g, expected %.12g (difference %.3g, tolerance %.3g)\n", worst_k,
                    worst_cs + worst_diff, worst_cs, worst_diff, worst_tol);
        fail();
    }
}

/* ---- ecosystem ------------------------------------------------------------- */

/*
 * Ecosystem strength E = 2 utils per unit developer share: a family's appeal
 * in month k is its brand appeal plus E times its share of LLM-using agents
 * in month k - 1 (0 in the first month).  Agents' choices follow the logit
 * with that appeal (pooled over the year).
 */
static void test_ecosystem(void **state)
{
    (void)state;
    const char *ov[] = {"frictions.ecosystem=true", "frictions.ecosystem_strength=2.0"};
    struct scenario *sc = load_ok(TEXTBOOK_CFG, ov, 2);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double share[TB_N] = {0};
    double count[TB_N + 1] = {0}, expect[TB_N + 1] = {0}, var[TB_N + 1] = {0};
    double N = (double)w->n_agents;
    for (int k = 0; k < sc->months; k++) {
        world_step(w, k, 1);
        double dv[TB_N];
        for (int j = 0; j < TB_N; j++) {
            dv[j] = 2.0 * share[j];
            ASSERT_NEAR(w->menu.appeal[j], sc->families[j].appeal + dv[j], 1e-12);
        }
        double P[OSS_MAX_FAMILIES], P0;
        textbook_logit_acc(sc, NULL, NULL, dv, w->supply.quality, w->supply.price, NULL, P, &P0);
        double users = 0;
        for (int j = 0; j < TB_N; j++)
            users += world_devs(w, j);
        for (int j = 0; j <= TB_N; j++) {
            double p = j == TB_N ? P0 : P[j];
            count[j] += world_devs(w, j == TB_N ? OSS_MAX_FAMILIES : j);
            expect[j] += N * p;
            var[j] += N * p * (1 - p);
        }
        for (int j = 0; j < TB_N; j++)
            share[j] = world_devs(w, j) / users;
    }
    for (int j = 0; j <= TB_N; j++)
        ASSERT_NEAR(count[j], expect[j], 4 * sqrt(var[j]));
    world_free(w);
    free(sc);
}

/* ---- awareness ------------------------------------------------------------- */

/*
 * Family c unknown to everybody at the start; a reviewing agent hears of an
 * unknown family with chance awareness_base = 0.25 a month (no word of
 * mouth), before choosing.  Everybody reviews every month, so after month k
 * an agent knows c with probability 1 - 0.75^(k+1): Binomial(N, that),
 * 4 standard errors.  Nobody uses a family it does not know.
 */
static void test_awareness_learning(void **state)
{
    (void)state;
    const char *ov[] = {"frictions.awareness=true", "families.c.awareness=0.0", "frictions.awareness_base=0.25",
                        "frictions.awareness_word_of_mouth=0.0", "agents.count=8000"};
    struct scenario *sc = load_ok(TEXTBOOK_CFG, ov, 5);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double N = (double)w->n_agents;
    for (int k = 0; k < 6; k++) {
        world_step(w, k, 1);
        ASSERT_NEAR(w->menu.learn[TB_C], 0.25, 1e-15);
        double aware = 0;
        for (long i = 0; i < w->n_agents; i++) {
            const struct agent *a = &w->agents[i];
            bool knows = (a->aware >> TB_C) & 1u;
            aware += knows;
            if (a->choice == TB_C)
                assert_true(knows);
        }
        double p = 1 - pow(0.75, k + 1);
        ASSERT_NEAR(aware / N, p, 4 * sqrt(p * (1 - p) / N));
    }
    world_free(w);
    free(sc);
}

/* Word of mouth: the chance of hearing of family j is
 * min(1, base + wom x last month's developer share of j). */
static void test_awareness_word_of_mouth(void **state)
{
    (void)state;
    const char *ov[] = {"frictions.awareness=true", "frictions.awareness_base=0.125",
                        "frictions.awareness_word_of_mouth=1.5", "families.d.awareness=0.5"};
    struct scenario *sc = load_ok(TEXTBOOK_CFG, ov, 4);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double share[TB_N] = {0};
    for (int k = 0; k < 4; k++) {
        world_step(w, k, 1);
        for (int j = 0; j < TB_N; j++)
            ASSERT_NEAR(w->menu.learn[j], fmin(1, 0.125 + 1.5 * share[j]), 1e-12);
        double users = 0;
        for (int j = 0; j < TB_N; j++)
            users += world_devs(w, j);
        for (int j = 0; j < TB_N; j++)
            share[j] = world_devs(w, j) / users;
    }
    world_free(w);
    free(sc);
}

/* ---- market growth ------------------------------------------------------------ */

/* Tokens bought: potential tokens x (1 + growth)^k x the buying agents'
 * share of volume (all volumes equal here, so the adoption rate):
 * potential 1e6 million tokens = 1 trillion. */
static void test_market_growth(void **state)
{
    (void)state;
    const char *ov[] = {"market.growth=0.04"};
    struct scenario *sc = load_ok(TEXTBOOK_CFG, ov, 1);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double row[N_MONTH_METRICS], fam[TB_N * N_FAMILY_METRICS];
    for (int k = 0; k < sc->months; k++) {
        world_step(w, k, 1);
        metrics_month(w, row, fam);
        ASSERT_NEAR(row[M_TOKENS_T], pow(1.04, k) * row[M_ADOPTION], 1e-12);
    }
    world_free(w);
    free(sc);
}

/* ---- Bertrand-Nash with heterogeneous price sensitivity ------------------------ */

/*
 * alpha lognormal (mean 1, sd 0.5), everything else identical.  The FOC of
 * closed family j, s_j + (p_j - c_j) dS_j/dp_j = 0, with
 * S_j = sum_i P_ij and dS_j/dp_j = -sum_i alpha_i w_ij P_ij (1 - P_ij)
 * (w_ij: the agent's price wedge, 1.5 under a 50% tariff, else 1), gives
 * p_j - c_j = sum_i P_ij / sum_i alpha_i w_ij P_ij (1 - P_ij), computed here
 * from every agent's own closed-form logit.  After 48 months of half-way
 * adjustment the prices sit at the fixed point (see test_textbook.c):
 * tolerance 1e-6 USD.  With the tariff (US agents on CN families), the
 * tariff-paying agents weigh more in the CN family's demand slope.
 */
static void check_bertrand_heterogeneous(bool tariff)
{
    char *t1 = text_sub(TEXTBOOK_CFG, "alpha = { dist = \"constant\"; mean = 1.0; sd = 0.0; };",
                        "alpha = { dist = \"lognormal\"; mean = 1.0; sd = 0.5; };");
    char *text = text_cat(t1, tariff ? "policy = { tariff = { imposer = \"US\"; origin = \"CN\"; rate = 0.5; }; };\n" : "");
    free(t1);
    const char *ov[] = {"families.a.pricing=\"bertrand\"", "families.b.pricing=\"bertrand\"",
                        "families.e.pricing=\"bertrand\"", "horizon.end=\"2028-12\"", "agents.count=2000"};
    struct scenario *sc = load_ok(text, ov, 5);
    free(text);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    run_world(w, sc->months, 1, NULL, NULL);
    const struct supply *s = &w->supply;
    double num[TB_N] = {0}, den[TB_N] = {0};
    for (long i = 0; i < w->n_agents; i++) {
        const struct agent *a = &w->agents[i];
        double e[TB_N], wedge[TB_N], sum = 1;
        for (int j = 0; j < TB_N; j++) {
            /* the tariff reaches APIs (e), not weights served by hosts (d) */
            bool api = policy_channel(&sc->families[j], s->access[j]) != CHANNEL_HOSTED;
            wedge[j] = tariff && api && a->region == REGION_US && sc->families[j].origin == REGION_CN ? 1.5 : 1;
            double v = (double)agent_beta(a) * (s->quality[j] - sc->outside_quality) -
                       (double)a->alpha * s->price[j] * wedge[j] +
                       (double)agent_openness(a) * (s->access[j] == ACCESS_OPEN) + sc->families[j].appeal;
            e[j] = exp(v);
            sum += e[j];
        }
        for (int j = 0; j < TB_N; j++) {
            double p = e[j] / sum;
            num[j] += p;
            den[j] += (double)a->alpha * wedge[j] * p * (1 - p);
        }
    }
    double markup[TB_N], price[TB_N], cost[TB_N];
    for (int j = 0; j < TB_N; j++) {
        markup[j] = num[j] / den[j];
        price[j] = s->price[j];
        cost[j] = s->cost[j];
    }
    world_free(w);
    free(sc);
    const int closed[3] = {TB_A, TB_B, TB_E};
    for (int i = 0; i < 3; i++) {
        int j = closed[i];
        ASSERT_NEAR(price[j] - cost[j], markup[j], 1e-6);
    }
}

static void test_bertrand_heterogeneous(void **state)
{
    (void)state;
    check_bertrand_heterogeneous(false);
}

static void test_bertrand_with_tariff(void **state)
{
    (void)state;
    check_bertrand_heterogeneous(true);
}

/*
 * Distrust: with the friction on, an agent of region r and segment g has
 * distrust d_g (the mean 1 times the segment multiplier) and dislikes a
 * family of origin o by d_g x table[r][o] utils (x agents.hosted_distrust,
 * 0.5 by default, for open weights served by hosts).  Every agent reviews every
 * month; the count of agent-months on each option, pooled over 6 months,
 * against the sum of each agent's own closed-form probabilities.
 */
static void test_distrust_by_cell(void **state)
{
    (void)state;
    char *text = text_sub(TEXTBOOK_CFG, "  count = 4000;\n",
                          "  count = 6000;\n"
                          "  by_segment = { public = { distrust = 3.0; }; enterprise = { distrust = 1.5; }; };\n"
                          "  distrust_table = { US = { CN = 1.0; EU = 0.5; }; CN = { US = 0.75; }; EU = { CN = 0.5; }; };\n");
    const char *ov[] = {"frictions.distrust=true"};
    struct scenario *sc = load_ok(text, ov, 1);
    free(text);
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    const double seg[N_SEGMENTS] = {1, 1.5, 3, 1};
    double table[N_REGIONS][N_REGIONS] = {{0}};
    table[REGION_US][REGION_CN] = 1.0;
    table[REGION_US][REGION_EU] = 0.5;
    table[REGION_CN][REGION_US] = 0.75;
    table[REGION_EU][REGION_CN] = 0.5;
    double count[TB_N + 1] = {0}, expect[TB_N + 1] = {0}, var[TB_N + 1] = {0};
    double cn_us_public = 0, cn_row = 0, n_us_public = 0, n_row = 0; /* a visible effect */
    for (int k = 0; k < 6; k++) {
        world_step(w, k, 1);
        double V[TB_N + 1];
        textbook_v(sc, w, NULL, V);
        for (long i = 0; i < w->n_agents; i++) {
            const struct agent *a = &w->agents[i];
            ASSERT_NEAR(agent_distrust(a), seg[a->segment], 0);
            double e[TB_N + 1], sum = 0;
            for (int j = 0; j <= TB_N; j++) {
                /* hosted weights (c, d) carry agents.hosted_distrust of it */
                double h = j < TB_N && sc->families[j].channel == CHANNEL_HOSTED ? sc->hosted_distrust : 1;
                double d = j < TB_N ? h * seg[a->segment] * table[a->region][sc->families[j].origin] : 0;
                e[j] = exp(V[j] - d);
                sum += e[j];
            }
            for (int j = 0; j <= TB_N; j++) {
                double p = e[j] / sum;
                count[j] += opt_index(a->choice) == j;
                expect[j] += p;
                var[j] += p * (1 - p);
            }
            bool cn = a->choice == TB_D || a->choice == TB_E;
            if (a->region == REGION_US && a->segment == SEG_PUBLIC) {
                n_us_public++;
                cn_us_public += cn;
            } else if (a->region == REGION_ROW) {
                n_row++;
                cn_row += cn;
            }
        }
    }
    world_free(w);
    free(sc);
    for (int j = 0; j <= TB_N; j++)
        ASSERT_NEAR(count[j], expect[j], 4 * sqrt(var[j]));
    /* closed form: US public sector agents (distrust 3 x 1 util of CN) use
     * CN families far less than ROW agents (no distrust) */
    assert_true(cn_us_public / n_us_public < 0.5 * cn_row / n_row);
}

/* ---- batched reviews ---------------------------------------------------------- */

/* Agents reviewed in batches, in SIMD lanes, give bit for bit what they give
 * one at a time: every month's totals and every agent's state, in
 * scenarios with every mechanism (awareness, switching, sanctions that bind
 * some agents, families that leave menus, vendor pricing with cross slopes,
 * the intensive margin; and eps = 0, with vendor and with family pricing),
 * with the plain logit (market.nesting = 1) and with the nested logit (the
 * calibrated market.nesting, 0.5 and 0.05).  On a
 * processor without AVX2 both runs take the one-at-a-time path. */
static void check_batched_same(const char *path, const char *const *ov, int n_ov)
{
    struct scenario *sc = load_file_ok(path, ov, n_ov);
    struct world *w[2];
    for (int one = 0; one < 2; one++) {
        world_review_one_at_a_time(one);
        w[one] = world_alloc(sc, 1);
        assert_non_null(w[one]);
    }
    for (int k = 0; k < sc->months; k++) {
        for (int one = 0; one < 2; one++) {
            world_review_one_at_a_time(one);
            world_step(w[one], k, 1);
        }
        if (memcmp(&w[0]->total, &w[1]->total, sizeof w[0]->total) != 0) {
            print_error("%s: month %d's totals differ\n", path, k);
            fail();
        }
    }
    world_review_one_at_a_time(false);
    for (long i = 0; i < sc->n_agents; i++) { /* field by field: the struct has padding bits */
        const struct agent *a = &w[0]->agents[i], *b = &w[1]->agents[i];
        assert_memory_equal(&a->bonus, &b->bonus, sizeof a->bonus);
        assert_int_equal(a->aware, b->aware);
        assert_int_equal(a->choice, b->choice);
    }
    assert_memory_equal(w[0]->next_review, w[1]->next_review, (size_t)sc->n_agents * sizeof *w[0]->next_review);
    world_free(w[0]);
    world_free(w[1]);
    free(sc);
}

static void test_batched_reviews_same(void **state)
{
    (void)state;
    const char *files[] = {"../scenarios/baseline.cfg", "../scenarios/combined.cfg",
                           "../scenarios/open_weight_restriction.cfg", "../scenarios/trust_shock.cfg",
                           "../scenarios/meta_closes.cfg"};
    /* the plain logit (batch_four against choice_set_logit) */
    const char *ov[] = {"agents.count=40000", "market.nesting=1.0", "supply.pricing_unit=\"family\"",
                        "market.volume_elasticity=0.0"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++)
        check_batched_same(files[f], ov, 2);
    check_batched_same("../scenarios/baseline.cfg", ov, 4);
    /* the nested logit (batch_four_nested against choice_set_nested) at the
     * calibrated lambda (the fragment's), and the books from the kernel's
     * sums: vendor pricing (cross slopes) with and without the intensive
     * margin, and family pricing */
    const char *fit[] = {"agents.count=40000", "market.volume_elasticity=0.0", "supply.pricing_unit=\"family\""};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++)
        check_batched_same(files[f], fit, 1);
    check_batched_same("../scenarios/baseline.cfg", fit, 2);
    check_batched_same("../scenarios/baseline.cfg", fit, 3);
    const char *nest[] = {"agents.count=40000", "market.nesting=0.5", "supply.pricing_unit=\"family\""};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++)
        check_batched_same(files[f], nest, 2);
    nest[1] = "market.nesting=0.05"; /* the smallest lambda: the largest exponents */
    check_batched_same("../scenarios/baseline.cfg", nest, 2);
    check_batched_same("../scenarios/baseline.cfg", nest, 3);
}

/* A menu with more same-vendor Bertrand pairs than the list holds
 * (MENU_PAIRS): the batched path then takes each agent's cross slopes pair
 * by pair (review_cross, review_cross_nested) instead of four pairs at a
 * time.  Every closed family, and Meta Llama made closed, under one vendor:
 * 9 families, 72 ordered pairs.  The same comparison as above, with the
 * plain and the nested logit, with and without the intensive margin. */
static void test_batched_reviews_same_many_pairs(void **state)
{
    (void)state;
    const char *ov[] = {"families.claude.vendor=\"OpenAI\"", "families.claude_haiku.vendor=\"OpenAI\"",
                        "families.gemini.vendor=\"OpenAI\"", "families.gemini_flash.vendor=\"OpenAI\"",
                        "families.grok.vendor=\"OpenAI\"", "families.mistral_medium.vendor=\"OpenAI\"",
                        "families.llama.access=\"closed\"", "families.llama.vendor=\"OpenAI\"",
                        "families.llama.price=0.5", "agents.count=20000", "market.nesting=0.5",
                        "market.volume_elasticity=0.0"};
    const int n_ov = (int)(sizeof ov / sizeof *ov);
    struct scenario *sc = load_file_ok("../scenarios/baseline.cfg", ov, n_ov);
    struct world *w = world_alloc(sc, 1);
    assert_non_null(w);
    world_step(w, 0, 1);
    assert_true(w->menu.n_pairs > MENU_PAIRS);
    assert_true(w->menu.nested);
    world_free(w);
    free(sc);
    check_batched_same("../scenarios/baseline.cfg", ov, n_ov - 1); /* nested, the intensive margin */
    check_batched_same("../scenarios/baseline.cfg", ov, n_ov);     /* nested, eps = 0 */
    ov[n_ov - 2] = "market.nesting=1.0";
    check_batched_same("../scenarios/baseline.cfg", ov, n_ov - 1); /* plain */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inertia_never_review),
        cmocka_unit_test(test_inertia_half),
        cmocka_unit_test(test_lost_agents_choose_again),
        cmocka_unit_test(test_switching_cost),
        cmocka_unit_test(test_lost_agents_pay_no_switching_cost),
        cmocka_unit_test(test_ecosystem),
        cmocka_unit_test(test_awareness_learning),
        cmocka_unit_test(test_awareness_word_of_mouth),
        cmocka_unit_test(test_market_growth),
        cmocka_unit_test(test_bertrand_heterogeneous),
        cmocka_unit_test(test_bertrand_with_tariff),
        cmocka_unit_test(test_distrust_by_cell),
        cmocka_unit_test(test_batched_reviews_same),
        cmocka_unit_test(test_batched_reviews_same_many_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
