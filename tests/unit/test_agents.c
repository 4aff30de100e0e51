/*
 * test_agents.c - drawing agents (agent.h): distribution draws by mean and
 * standard deviation, segment multipliers, frictions switched off, region
 * and segment shares, initial awareness and sanctions binding.
 */
#include "helpers.h"

#include <float.h>

#include <gsl/gsl_rng.h>

/* mu4 / sigma^4 of each distribution, for the standard error of a sample sd. */
static double kurtosis(const struct dist *d)
{
    double m = d->mean, s = d->sd;
    switch (d->kind) {
    case DIST_NORMAL:
        return 3;
    case DIST_LOGNORMAL: {
        double s2 = log1p(s * s / (m * m));
        return exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 3;
    }
    case DIST_GAMMA:
        return 3 + 6 / (m * m / (s * s));
    case DIST_BETA: {
        double k = m * (1 - m) / (s * s) - 1, a = m * k, b = (1 - m) * k;
        return 3 + 6 * ((a - b) * (a - b) * (a + b + 1) - a * b * (a + b + 2)) / (a * b * (a + b + 2) * (a + b + 3));
    }
    default:
        return 3;
    }
}

/*
 * Sample mean and sd of n = 200000 draws against the distribution's mean and
 * sd.  Standard errors: sd / sqrt(n) for the mean; for the sample sd, by the
 * delta method, sd sqrt((kurtosis - 1) / (4 n)).  Tolerance 4 standard
 * errors each.  Support: lognormal and gamma draws are positive, beta draws
 * in (0, 1).
 */
static void check_moments(enum dist_kind kind, double mean, double sd)
{
    struct dist d = {kind, mean, sd};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 99);
    const int n = 200000;
    double s1 = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        double x = dist_draw(&d, rng);
        if (kind == DIST_LOGNORMAL || kind == DIST_GAMMA)
            assert_true(x > 0);
        if (kind == DIST_BETA)
            assert_true(x > 0 && x < 1);
        s1 += x;
        s2 += x * x;
    }
    gsl_rng_free(rng);
    double m = s1 / n, v = (s2 - n * m * m) / (n - 1);
    ASSERT_NEAR(m, mean, 4 * sd / sqrt(n));
    ASSERT_NEAR(sqrt(v), sd, 4 * sd * sqrt((kurtosis(&d) - 1) / (4.0 * n)));
}

static void test_dist_moments(void **state)
{
    (void)state;
    check_moments(DIST_NORMAL, 2.0, 0.5);
    check_moments(DIST_NORMAL, 0.0, 0.7); /* mean 0 (openness) */
    check_moments(DIST_LOGNORMAL, 1.0, 0.5);
    check_moments(DIST_LOGNORMAL, 0.8, 0.8);
    check_moments(DIST_GAMMA, 2.0, 1.0);
    check_moments(DIST_BETA, 0.2, 0.1);
    check_moments(DIST_BETA, 0.15, 0.1);
}

/* sd = 0 or the constant kind: the mean, without touching the stream. */
static void test_dist_constant(void **state)
{
    (void)state;
    gsl_rng *r1 = gsl_rng_alloc(gsl_rng_mt19937), *r2 = gsl_rng_alloc(gsl_rng_mt19937);
    assert_true(r1 && r2);
    gsl_rng_set(r1, 5);
    gsl_rng_set(r2, 5);
    const struct dist ds[] = {{DIST_CONSTANT, 1.5, 0.3}, {DIST_NORMAL, -2, 0}, {DIST_LOGNORMAL, 3, 0},
                              {DIST_GAMMA, 0.5, 0}, {DIST_BETA, 0.25, 0}};
    for (size_t i = 0; i < sizeof ds / sizeof *ds; i++)
        ASSERT_NEAR(dist_draw(&ds[i], r1), ds[i].mean, 0);
    assert_int_equal(gsl_rng_get(r1), gsl_rng_get(r2));
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

/* Family keys: a function of the key string only, distinct for distinct
 * keys.  Per-family uniforms from one 32-bit word: in [0, 1), uniform for
 * each family, and independent between families.  Over n = 100000 words
 * from a GSL stream: the mean of each family's uniform is within 4 standard
 * errors (sqrt(1/12 / n)) of 1/2, the share below 0.3 within 4 binomial
 * standard errors of 0.3, and the share of words with both families below
 * 0.3 within 4 standard errors of 0.09 (independence). */
static void test_family_uniforms(void **state)
{
    (void)state;
    const char *keys[] = {"gpt", "gpt_mini", "claude", "deepseek", "qwen", "llama", "a", "b"};
    uint64_t key[8];
    for (int i = 0; i < 8; i++) {
        key[i] = agent_family_key(keys[i]);
        assert_true(agent_family_key(keys[i]) == key[i]);
        for (int k = 0; k < i; k++)
            assert_true(key[i] != key[k]);
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 31337);
    const int n = 100000;
    double sum[8] = {0}, below[8] = {0}, both = 0;
    for (int i = 0; i < n; i++) {
        uint32_t r = (uint32_t)gsl_rng_get(rng);
        double u[8];
        for (int j = 0; j < 8; j++) {
            u[j] = agent_family_uniform(r, key[j]);
            assert_true(u[j] >= 0 && u[j] < 1);
            sum[j] += u[j];
            below[j] += u[j] < 0.3;
        }
        both += u[6] < 0.3 && u[7] < 0.3; /* keys "a" and "b": nearly the same string */
    }
    gsl_rng_free(rng);
    for (int j = 0; j < 8; j++) {
        ASSERT_NEAR(sum[j] / n, 0.5, 4 * sqrt(1.0 / 12 / n));
        ASSERT_NEAR(below[j] / n, 0.3, 4 * sqrt(0.3 * 0.7 / n));
    }
    ASSERT_NEAR(both / n, 0.09, 4 * sqrt(0.09 * 0.91 / n));
}

/* agent_family_below_avx2 (four families at a time, integer bounds) says
 * exactly what agent_family_uniform(r, key) < p says, family by family: for
 * 22 families (not a multiple of four) and probabilities 0, 1, tiny, just
 * below 1, random, and each one set to a uniform that occurs (u < u is
 * false) and to its next double up (true), over 200,000 random words. */
#ifdef AGENT_AVX2
__attribute__((target("avx2"))) static uint32_t below_avx2(uint32_t r, const uint64_t *key, const int64_t *bound, int n)
{
    return agent_family_below_avx2(r, key, bound, n);
}
#endif

static void test_family_below_exact(void **state)
{
    (void)state;
#ifdef AGENT_AVX2
    if (!__builtin_cpu_supports("avx2"))
        skip();
    enum { N = 22 };
    uint64_t key[32] = {0};
    int64_t bound[32] = {0};
    double p[N];
    char name[16];
    for (int j = 0; j < N; j++) {
        snprintf(name, sizeof name, "f%d", j);
        key[j] = agent_family_key(name);
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 2718);
    long checked = 0;
    for (int i = 0; i < 200000; i++) {
        uint32_t r = (uint32_t)gsl_rng_get(rng);
        for (int j = 0; j < N; j++) {
            switch ((i + j) % 7) {
            case 0: p[j] = 0; break;
            case 1: p[j] = 1; break;
            case 2: p[j] = 0x1p-53; break;
            case 3: p[j] = nextafter(1, 0); break;
            case 4: p[j] = agent_family_uniform(r, key[j]); break;
            case 5: p[j] = nextafter(agent_family_uniform(r, key[j]), 2); break;
            default: p[j] = gsl_rng_uniform(rng);
            }
            bound[j] = agent_below_bound(p[j]);
        }
        uint32_t want = 0;
        for (int j = 0; j < N; j++)
            want |= (uint32_t)(agent_family_uniform(r, key[j]) < p[j]) << j;
        assert_int_equal(below_avx2(r, key, bound, N), want);
        checked++;
    }
    gsl_rng_free(rng);
    assert_int_equal(checked, 200000);
#else
    skip();
#endif
}

#define SEGMENTS_BLOCK                                                                 \
    "  by_segment = {\n"                                                                \
    "    startup = { alpha = 2.0; distrust = 0.5; volume = 0.25; };\n"                 \
    "    enterprise = { alpha = 0.5; distrust = 1.5; volume = 4.0; };\n"               \
    "    public = { alpha = 0.75; distrust = 3.0; volume = 1.0; };\n"                  \
    "  };\n"                                                                            \
    "  regions = { US = 0.4; EU = 0.2; CN = 0.15; ROW = 0.25; };\n"                    \
    "  segments = { startup = 0.35; enterprise = 0.35; public = 0.05; research = 0.25; };\n"

/*
 * Identical draws (sd = 0) with segment multipliers: alpha, distrust and
 * volume are the mean times the agent's segment multiplier (research: 1,
 * the default).  With the frictions off, distrust and switching cost are
 * zero and every agent reviews every month and knows every family; with
 * them on, they keep their values.
 */
static void check_attributes(bool frictions_on)
{
    char *t1 = text_sub(TEXTBOOK_CFG, "  count = 4000;\n", "  count = 20000;\n" SEGMENTS_BLOCK);
    char *t2 = text_sub(t1, "switching_cost = { dist = \"constant\"; mean = 0.0;",
                        "switching_cost = { dist = \"constant\"; mean = 0.5;");
    char *t3 = text_sub(t2, "review = { dist = \"constant\"; mean = 1.0;", "review = { dist = \"constant\"; mean = 0.25;");
    const char *on[] = {"frictions.inertia=true", "frictions.awareness=true", "frictions.switching_cost=true",
                        "frictions.distrust=true", "families.a.awareness=0.0"};
    struct scenario *sc = load_ok(t3, on, frictions_on ? 5 : 0);
    free(t1);
    free(t2);
    free(t3);
    const double seg_alpha[N_SEGMENTS] = {2.0, 0.5, 0.75, 1.0}, seg_dis[N_SEGMENTS] = {0.5, 1.5, 3.0, 1.0},
                 seg_vol[N_SEGMENTS] = {0.25, 4.0, 1.0, 1.0};
    struct world *w = world_alloc(sc, 0);
    assert_non_null(w);
    double n_region[N_REGIONS] = {0}, n_seg[N_SEGMENTS] = {0}, vol = 0;
    for (long i = 0; i < w->n_agents; i++) {
        const struct agent *a = &w->agents[i];
        assert_true(a->region < N_REGIONS && a->segment < N_SEGMENTS);
        n_region[a->region]++;
        n_seg[a->segment]++;
        ASSERT_NEAR(a->alpha, 1.0 * seg_alpha[a->segment], 0);
        ASSERT_NEAR(a->volume, 1.0 * seg_vol[a->segment], 0);
        vol += a->volume;
        /* these values are exact in 16 bits */
        ASSERT_NEAR(agent_beta(a), 0.25, 0);
        ASSERT_NEAR(agent_openness(a), 0.25, 0);
        ASSERT_NEAR(agent_distrust(a), frictions_on ? seg_dis[a->segment] : 0, 0);
        ASSERT_NEAR(agent_switching(a), frictions_on ? 0.5 : 0, 0);
        /* the wait w = 1 / ln(0.75) = -3.48 is rounded to 16 bits (relative
         * 2^-8), which moves 1 - exp(1/w) by at most 0.75 x 2^-8 / 3.48 =
         * 8.4e-4 */
        ASSERT_NEAR(agent_review(a), frictions_on ? 0.25 : 1, frictions_on ? 8.5e-4 : 0);
        assert_int_equal(a->choice, AGENT_OUTSIDE);
        assert_int_equal(a->bound, 0); /* no sanctions */
        uint32_t all = (1u << TB_N) - 1;
        assert_int_equal(a->aware, frictions_on ? all & ~1u : all); /* a: awareness 0 */
    }
    ASSERT_NEAR(w->volume_total, vol, 1e-9 * vol);
    /* region and segment counts: Binomial(N, share), 4 standard errors */
    const double rs[N_REGIONS] = {0.4, 0.2, 0.15, 0.25}, ss[N_SEGMENTS] = {0.35, 0.35, 0.05, 0.25};
    double N = (double)w->n_agents;
    for (int r = 0; r < N_REGIONS; r++)
        ASSERT_NEAR(n_region[r] / N, rs[r], 4 * sqrt(rs[r] * (1 - rs[r]) / N));
    for (int g = 0; g < N_SEGMENTS; g++)
        ASSERT_NEAR(n_seg[g] / N, ss[g], 4 * sqrt(ss[g] * (1 - ss[g]) / N));
    world_free(w);
    free(sc);
}

static void test_attributes_frictions_off(void **state)
{
    (void)state;
    check_attributes(false);
}

static void test_attributes_frictions_on(void **state)
{
    (void)state;
    check_attributes(true);
}

/* Initial awareness: each agent knows family j with probability awareness_j,
 * so the count is Binomial(N, awareness_j): 4 standard errors.  Awareness 1:
 * everybody; 0: nobody. */
static void test_initial_awareness(void **state)
{
    (void)state;
    const char *ov[] = {"frictions.awareness=true", "agents.count=20000", "families.a.awareness=0.3",
                        "families.b.awareness=0.05", "families.c.awareness=0.9", "families.d.awareness=0.0"};
    struct scenario *sc = load_ok(TEXTBOOK_CFG, ov, 6);
    struct world *w = world_alloc(sc, 2);
    assert_non_null(w);
    const double p[TB_N] = {0.3, 0.05, 0.9, 0.0, 1.0};
    double n[TB_N] = {0};
    for (long i = 0; i < w->n_agents; i++)
        for (int j = 0; j < TB_N; j++)
            n[j] += (w->agents[i].aware >> j) & 1u;
    double N = (double)w->n_agents;
    for (int j = 0; j < TB_N; j++)
        ASSERT_NEAR(n[j] / N, p[j], 4 * sqrt(p[j] * (1 - p[j]) / N));
    world_free(w);
    free(sc);
}

/* Attributes kept in 16 bits: every 16-bit value other than NaN comes back
 * as itself; a float goes to the nearer of the two 16-bit values around it
 * (ties to the even one); infinities and zeros are kept. */
static void test_pack_16_bits(void **state)
{
    (void)state;
    for (uint32_t p = 0; p < 65536; p++) {
        float f = agent_unpack((uint16_t)p);
        if (!isnan(f))
            assert_int_equal(agent_pack(f), p);
    }
    assert_true(isinf(agent_unpack(agent_pack(-INFINITY))) && agent_unpack(agent_pack(-INFINITY)) < 0);
    assert_true(agent_unpack(agent_pack(0.0f)) == 0);
    assert_true(isnan(agent_unpack(agent_pack(NAN))));
    uint64_t x = 88172645463325252ULL; /* xorshift64: floats of every exponent */
    for (int i = 0; i < 1000000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        union { uint32_t u; float f; } v = {(uint32_t)x & 0xbfffffffu}; /* |f| < 2: no overflow */
        uint16_t p = agent_pack(v.f);
        double f = v.f, got = agent_unpack(p);
        /* the neighbours of p (same sign): one step down and up */
        double lo = (p & 0x7fffu) ? agent_unpack((uint16_t)(p - 1)) : got; /* zero: none below */
        double hi = agent_unpack((uint16_t)(p + 1));
        assert_true(fabs(f - got) <= fabs(f - lo) && fabs(f - got) <= fabs(f - hi));
        if ((lo != got && fabs(f - got) == fabs(f - lo)) || fabs(f - got) == fabs(f - hi))
            assert_int_equal(p & 1u, 0); /* a tie: the even one */
        if (fabs(f) >= FLT_MIN) /* normal floats: half a step, 2^-8 relative at most */
            assert_true(fabs(f - got) <= fabs(f) * 0x1p-8);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_16_bits),
        cmocka_unit_test(test_dist_moments),
        cmocka_unit_test(test_dist_constant),
        cmocka_unit_test(test_family_uniforms),
        cmocka_unit_test(test_family_below_exact),
        cmocka_unit_test(test_attributes_frictions_off),
        cmocka_unit_test(test_attributes_frictions_on),
        cmocka_unit_test(test_initial_awareness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
