/*
 * test_choice.c - the logit kernel of choice.h: utilities, probabilities,
 * log-sum and the inverse-CDF draw, against hand computation.
 */
#include "helpers.h"

#include <gsl/gsl_rng.h>

/* A hand-made menu of four families in cell c, and an agent. */
static struct menu *make_menu(int c)
{
    struct menu *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->n = 4;
    const double q[4] = {10, 6, 8, 2}, op[4] = {0, 0, 1, 1}, ap[4] = {0.5, 0, -0.25, 0.125};
    const double paid[4] = {3, 1, 0.5, 0.25}, dis[4] = {0, 0.5, 1.5, 0};
    for (int j = 0; j < 4; j++) {
        m->quality[j] = q[j];
        m->open[j] = op[j];
        m->appeal[j] = ap[j];
        m->paid[c][j] = m->charge[c][j] = paid[j]; /* eps = 0: C(p) = p */
        m->distrust[c][j] = dis[j];
        m->wedge[c][j] = 1;
    }
    return m;
}

static struct agent make_agent(void)
{
    struct agent a;
    memset(&a, 0, sizeof a);
    a.volume = 1;
    a.alpha = 0.75f;
    a.beta_p = agent_pack(0.25f); /* exact in 16 bits, as are the others */
    a.openness_p = agent_pack(0.5f);
    a.distrust_p = agent_pack(2);
    a.switching_p = agent_pack(1.25f);
    a.wait_p = agent_pack(0); /* reviews every month */
    a.region = REGION_EU;
    a.segment = SEG_ENTERPRISE;
    a.choice = AGENT_OUTSIDE;
    return a;
}

/* Systematic utility by hand (docs/model.md section 3.4), before switching cost. */
static double hand_v(const struct agent *a, const struct menu *m, int c, int j)
{
    return (double)agent_beta(a) * m->quality[j] - (double)a->alpha * m->paid[c][j] +
           (double)agent_openness(a) * m->open[j] - (double)agent_distrust(a) * m->distrust[c][j] + m->appeal[j];
}

/* Checks choice_logit against exp(V)/sum exp(V) for one current choice. */
static void check_logit(int current, uint32_t mask)
{
    struct agent a = make_agent();
    int c = agent_cell(&a);
    assert_int_equal(c, REGION_EU * N_SEGMENTS + SEG_ENTERPRISE);
    struct menu *m = make_menu(c);
    double v[N_OPTIONS], p[N_OPTIONS];
    for (int j = 0; j < N_OPTIONS; j++)
        v[j] = p[j] = -7; /* sentinel: entries outside the mask stay untouched */
    double ls = choice_logit(&a, m, c, mask, current, v, p);

    /* expected: switching cost on every option but the current one; none at the first choice (current < 0) */
    double sc = agent_switching(&a), V[5], sum = 0;
    for (int j = 0; j < 4; j++) {
        if (!((mask >> j) & 1u))
            continue;
        V[j] = hand_v(&a, m, c, j) - ((current < 0 || j == current) ? 0 : sc);
        sum += exp(V[j]);
    }
    V[4] = (current < 0 || current == AGENT_OUTSIDE) ? 0 : -sc;
    sum += exp(V[4]);

    double total = 0;
    for (int j = 0; j < 4; j++) {
        if (!((mask >> j) & 1u)) {
            assert_true(p[j] == -7);
            continue;
        }
        ASSERT_NEAR(v[j], V[j], 1e-12);
        ASSERT_NEAR(p[j], exp(V[j]) / sum, 1e-14);
        total += p[j];
    }
    ASSERT_NEAR(p[CHOICE_OUTSIDE], exp(V[4]) / sum, 1e-14);
    ASSERT_NEAR(v[CHOICE_OUTSIDE], V[4], 1e-12);
    total += p[CHOICE_OUTSIDE];
    ASSERT_NEAR(total, 1.0, 1e-14);
    ASSERT_NEAR(ls, log(sum), 1e-12);
    free(m);
}

static void test_logit_first_choice(void **state)
{
    (void)state;
    check_logit(-1, 0xFu);
}

static void test_logit_from_outside(void **state)
{
    (void)state;
    check_logit(AGENT_OUTSIDE, 0xFu);
}

static void test_logit_from_family(void **state)
{
    (void)state;
    check_logit(2, 0xFu);
    check_logit(0, 0xFu);
}

static void test_logit_subset_mask(void **state)
{
    (void)state;
    check_logit(-1, 0x5u); /* families 0 and 2 only */
    check_logit(1, 0xAu);  /* current family inside the mask */
    check_logit(0, 0xAu);  /* current family no longer usable */
}

/* No usable family: the outside option has probability one, log-sum = its utility. */
static void test_logit_empty_mask(void **state)
{
    (void)state;
    struct agent a = make_agent();
    int c = agent_cell(&a);
    struct menu *m = make_menu(c);
    double v[N_OPTIONS], p[N_OPTIONS];
    double ls = choice_logit(&a, m, c, 0, 1, v, p);
    ASSERT_NEAR(p[CHOICE_OUTSIDE], 1.0, 0);
    ASSERT_NEAR(ls, -(double)agent_switching(&a), 1e-12); /* switching from family 1 to the outside */
    assert_int_equal(choice_draw(p, 0, 0.999), AGENT_OUTSIDE);
    free(m);
}

/* Large utilities: exp(1000) overflows a double, the log-sum must not.
 * Two families at V = 1000 and the outside at 0: ln(2 e^1000 + 1) = 1000 + ln 2
 * (the outside's e^-1000 is below double precision). */
static void test_logit_no_overflow(void **state)
{
    (void)state;
    struct agent a = make_agent();
    a.alpha = 1;
    a.beta_p = agent_pack(1);
    a.openness_p = agent_pack(0);
    a.distrust_p = agent_pack(0);
    a.switching_p = agent_pack(0);
    int c = agent_cell(&a);
    struct menu *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->n = 2;
    m->quality[0] = m->quality[1] = 1000;
    double v[N_OPTIONS], p[N_OPTIONS];
    double ls = choice_logit(&a, m, c, 0x3u, -1, v, p);
    assert_true(isfinite(ls));
    ASSERT_NEAR(ls, 1000 + log(2.0), 1e-9);
    ASSERT_NEAR(p[0], 0.5, 1e-15);
    ASSERT_NEAR(p[1], 0.5, 1e-15);
    assert_true(p[CHOICE_OUTSIDE] >= 0 && p[CHOICE_OUTSIDE] < 1e-300);
    free(m);
}

/* Inverse CDF: families in index order, then the outside option; the
 * boundaries are the cumulative probabilities. */
static void test_draw_boundaries(void **state)
{
    (void)state;
    double p[N_OPTIONS] = {0};
    p[1] = 0.25;
    p[3] = 0.5;
    p[CHOICE_OUTSIDE] = 0.25;
    uint32_t mask = (1u << 1) | (1u << 3);
    assert_int_equal(choice_draw(p, mask, 0.0), 1);
    assert_int_equal(choice_draw(p, mask, 0.2499), 1);
    assert_int_equal(choice_draw(p, mask, 0.25), 3);
    assert_int_equal(choice_draw(p, mask, 0.7499), 3);
    assert_int_equal(choice_draw(p, mask, 0.75), AGENT_OUTSIDE);
    assert_int_equal(choice_draw(p, mask, 0.9999999), AGENT_OUTSIDE);
}

/* Frequencies of choice_draw with GSL uniforms match the logit probabilities.
 * N = 200000 independent draws; each count is Binomial(N, P_j), so the
 * frequency has standard error sqrt(P_j (1 - P_j) / N) (at most 0.0011);
 * tolerance 4 standard errors (two-sided chance of a false alarm about 6e-5
 * per option). */
static void test_draw_frequencies(void **state)
{
    (void)state;
    struct agent a = make_agent();
    int c = agent_cell(&a);
    struct menu *m = make_menu(c);
    double v[N_OPTIONS], p[N_OPTIONS];
    uint32_t mask = 0xFu;
    choice_logit(&a, m, c, mask, -1, v, p);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 777);
    const int N = 200000;
    long count[5] = {0};
    for (int i = 0; i < N; i++) {
        int j = choice_draw(p, mask, gsl_rng_uniform(rng));
        assert_true(j == AGENT_OUTSIDE || (j >= 0 && j < 4));
        count[j == AGENT_OUTSIDE ? 4 : j]++;
    }
    for (int j = 0; j < 5; j++) {
        double P = j == 4 ? p[CHOICE_OUTSIDE] : p[j];
        double se = sqrt(P * (1 - P) / N);
        ASSERT_NEAR((double)count[j] / N, P, 4 * se);
    }
    gsl_rng_free(rng);
    free(m);
}

/* choice_draw never returns a family outside the mask. */
static void test_draw_respects_mask(void **state)
{
    (void)state;
    struct agent a = make_agent();
    int c = agent_cell(&a);
    struct menu *m = make_menu(c);
    double v[N_OPTIONS], p[N_OPTIONS];
    for (int j = 0; j < N_OPTIONS; j++)
        p[j] = 0.9; /* stale values of masked-out families must be ignored */
    uint32_t mask = 0x6u;
    choice_logit(&a, m, c, mask, -1, v, p);
    for (int i = 0; i < 1000; i++) {
        int j = choice_draw(p, mask, (i + 0.5) / 1000);
        assert_true(j == 1 || j == 2 || j == AGENT_OUTSIDE);
    }
    free(m);
}

/* The batched kernels' exponential, libmvec's written out inline, gives
 * libmvec's bits exactly: 4 million arguments in the kernels' range
 * (-60, 5), near 0, near the fast path's edge (|x| about 708.4) and any bit
 * pattern (lanes beyond the fast path are libmvec's own). */
static void test_exp_inline_exact(void **state)
{
    (void)state;
    if (!choice_batch_ok())
        skip();
    assert_true(choice_exp_inline()); /* this machine's libmvec: the start-up check passed */
    uint64_t st = 42;
    long same = 0;
    for (long i = 0; i < 1000000; i++) {
        double x[4];
        for (int k = 0; k < 4; k++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            uint64_t z = st ^ (st >> 29);
            double u = (double)(z >> 11) * 0x1p-53;
            switch ((i + k) % 5) {
            case 0: x[k] = u * 65 - 60; break;
            case 1: x[k] = (u - 0.5) * 1e-9; break;
            case 2: x[k] = -708.5 + u * 0.2; break;
            case 3: memcpy(&x[k], &z, sizeof z); break;
            default: x[k] = -u * 20; break;
            }
        }
        same += choice_exp_inline_same(x);
    }
    assert_int_equal(same, 1000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exp_inline_exact),
        cmocka_unit_test(test_logit_first_choice),
        cmocka_unit_test(test_logit_from_outside),
        cmocka_unit_test(test_logit_from_family),
        cmocka_unit_test(test_logit_subset_mask),
        cmocka_unit_test(test_logit_empty_mask),
        cmocka_unit_test(test_logit_no_overflow),
        cmocka_unit_test(test_draw_boundaries),
        cmocka_unit_test(test_draw_frequencies),
        cmocka_unit_test(test_draw_respects_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
