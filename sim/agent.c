/*
 * agent.c - drawing agents from the scenario's distributions.
 *
 * Distributions are parametrised by mean and standard deviation so that a
 * scenario reads in the attribute's own unit; this file converts them to
 * GSL's parameters.  The draws for one agent always come in the same order,
 * so two scenarios with the same agent distributions get the same agents in
 * replication r (common random numbers).
 */
#define HAVE_INLINE 1 /* GSL: gsl_rng_uniform and gsl_rng_get inline (the same generator call) */
#include "agent.h"

#include <gsl/gsl_randist.h>
#include <math.h>

#include "policy.h"

struct dist_law dist_law_of(const struct dist *d)
{
    double m = d->mean, s = d->sd;
    struct dist_law l = {DIST_CONSTANT, m, 0};
    if (s <= 0)
        return l;
    l.kind = d->kind;
    switch (d->kind) {
    case DIST_NORMAL:
        l.b = s;
        break;
    case DIST_LOGNORMAL: { /* mean m, sd s: sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2 */
        double s2 = log1p((s * s) / (m * m));
        l.a = log(m) - 0.5 * s2;
        l.b = sqrt(s2);
        break;
    }
    case DIST_GAMMA: /* shape m^2/s^2, scale s^2/m */
        l.a = (m * m) / (s * s);
        l.b = (s * s) / m;
        break;
    case DIST_BETA: { /* a = m k, b = (1 - m) k with k = m (1 - m) / s^2 - 1 */
        double k = m * (1 - m) / (s * s) - 1;
        l.a = m * k;
        l.b = (1 - m) * k;
        break;
    }
    default:
        l.kind = DIST_CONSTANT;
    }
    return l;
}

double dist_sample(const struct dist_law *l, gsl_rng *rng)
{
    switch (l->kind) {
    case DIST_NORMAL:
        return l->a + gsl_ran_gaussian_ziggurat(rng, l->b);
    case DIST_LOGNORMAL:
        /* exp of a normal: gsl_ran_lognormal's law, with the faster ziggurat normal */
        return exp(l->a + gsl_ran_gaussian_ziggurat(rng, l->b));
    case DIST_GAMMA:
        return gsl_ran_gamma(rng, l->a, l->b);
    case DIST_BETA:
        return gsl_ran_beta(rng, l->a, l->b);
    default:
        return l->a;
    }
}

double dist_draw(const struct dist *d, gsl_rng *rng)
{
    struct dist_law l = dist_law_of(d);
    return dist_sample(&l, rng);
}

void population_prepare(struct population *pop, const struct scenario *sc)
{
    pop->volume = dist_law_of(&sc->volume);
    pop->alpha = dist_law_of(&sc->alpha);
    pop->beta = dist_law_of(&sc->beta);
    pop->openness = dist_law_of(&sc->openness);
    pop->distrust = dist_law_of(&sc->distrust);
    pop->switching = dist_law_of(&sc->switching);
    pop->review = dist_law_of(&sc->review);
    for (int j = 0; j < sc->n_families; j++) {
        /* an agent knows a model on all its channels: one key, one uniform */
        const struct family_spec *model = &sc->families[sc->families[j].model];
        pop->key[j] = agent_family_key(model->key);
        pop->awareness[j] = sc->awareness ? model->awareness : 1; /* 1: everyone knows it */
        pop->awareness_n[j] = agent_below_bound(pop->awareness[j]);
    }
    for (int j = sc->n_families; j < OSS_MAX_FAMILIES; j++) {
        pop->key[j] = 0;
        pop->awareness_n[j] = 0;
    }
#ifdef AGENT_AVX2
    pop->avx2 = __builtin_cpu_supports("avx2");
#else
    pop->avx2 = false;
#endif
}

uint64_t agent_family_key(const char *key)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* Truncations of a draw: a normal can go below zero where the attribute cannot. */
static inline double nonneg(double x) { return x > 0 ? x : 0; }
static inline double at_least(double lo, double x) { return x > lo ? x : lo; }

static int pick(const double *shares, int n, double u)
{
    double c = 0;
    for (int i = 0; i < n - 1; i++) {
        c += shares[i];
        if (u < c)
            return i;
    }
    return n - 1;
}

#ifdef AGENT_AVX2
/* The families an agent knows at the start, four at a time. */
__attribute__((target("avx2"))) static uint32_t aware_avx2(uint32_t r, const struct population *pop, int n)
{
    return agent_family_below_avx2(r, pop->key, pop->awareness_n, n);
}
#endif

void agent_draw(struct agent *a, const struct scenario *sc, const struct population *pop, gsl_rng *rng)
{
    double u_region = gsl_rng_uniform(rng);
    double u_segment = gsl_rng_uniform(rng);
    double u_bound = gsl_rng_uniform(rng);
    uint32_t r_aware = (uint32_t)gsl_rng_get(rng);
    a->region = (unsigned)pick(sc->region_share, N_REGIONS, u_region);
    a->segment = (unsigned)pick(sc->segment_share, N_SEGMENTS, u_segment);
    int seg = a->segment;

    a->volume = (float)(nonneg(dist_sample(&pop->volume, rng)) * sc->segment_volume[seg]);
    a->alpha = (float)(at_least(1e-9, dist_sample(&pop->alpha, rng)) * sc->segment_alpha[seg]);
    if (a->alpha < 1e-9f)
        a->alpha = 1e-9f;
    float beta = (float)nonneg(dist_sample(&pop->beta, rng));
    float openness = (float)dist_sample(&pop->openness, rng);
    float distrust = (float)(nonneg(dist_sample(&pop->distrust, rng)) * sc->segment_distrust[seg]);
    float switching = (float)nonneg(dist_sample(&pop->switching, rng));
    double review = nonneg(dist_sample(&pop->review, rng));
    review = review < 1 ? review : 1;
    if (!sc->distrust_on)
        distrust = 0;
    if (!sc->switching_cost)
        switching = 0;
    if (!sc->inertia)
        review = 1;
    a->beta_p = agent_pack(beta);
    a->openness_p = agent_pack(openness);
    a->distrust_p = agent_pack(distrust);
    a->switching_p = agent_pack(switching);
    /* 0: every month; -infinity: never */
    a->wait_p = agent_pack(review >= 1 ? 0.0f : review > 0 ? (float)(1 / log1p(-review)) : -INFINITY);

    a->bound = (unsigned)(policy_sanctions_cover(sc, a->region, seg) && u_bound < sc->sanctions.compliance);
    a->bonus = 0;
    a->choice = AGENT_OUTSIDE;
    uint32_t aware = 0;
#ifdef AGENT_AVX2
    if (pop->avx2)
        aware = aware_avx2(r_aware, pop, sc->n_families); /* the same bits */
    else
#endif
        for (int j = 0; j < sc->n_families; j++) /* branch-free: the outcome is a coin toss */
            aware |= (uint32_t)(agent_family_uniform(r_aware, pop->key[j]) < pop->awareness[j]) << j;
    a->aware = aware;
}
