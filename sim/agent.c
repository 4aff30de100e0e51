/*
 * agent.c - drawing agents from the scenario's distributions.
 *
 * Distributions are parametrised by mean and standard deviation so that a
 * scenario reads in the attribute's own unit; this file converts them to
 * GSL's parameters.  The draws for one agent always come in the same order,
 * so two scenarios with the same agent distributions get the same agents in
 * replication r (common random numbers).
 */
#include "agent.h"

#include <gsl/gsl_randist.h>
#include <math.h>

#include "policy.h"

double dist_draw(const struct dist *d, gsl_rng *rng)
{
    double m = d->mean, s = d->sd;
    if (s <= 0 || d->kind == DIST_CONSTANT)
        return m;
    switch (d->kind) {
    case DIST_NORMAL:
        return m + gsl_ran_gaussian_ziggurat(rng, s);
    case DIST_LOGNORMAL: {
        double s2 = log1p((s * s) / (m * m));
        /* exp of a normal: the same law as gsl_ran_lognormal, with the faster
         * ziggurat normal */
        return exp(log(m) - 0.5 * s2 + gsl_ran_gaussian_ziggurat(rng, sqrt(s2)));
    }
    case DIST_GAMMA: {
        double shape = (m * m) / (s * s);
        return gsl_ran_gamma(rng, shape, (s * s) / m);
    }
    case DIST_BETA: {
        double k = m * (1 - m) / (s * s) - 1;
        return gsl_ran_beta(rng, m * k, (1 - m) * k);
    }
    default:
        return m;
    }
}

uint64_t agent_family_key(const char *key)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

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

void agent_draw(struct agent *a, const struct scenario *sc, const uint64_t *fam_key, gsl_rng *rng)
{
    double u_region = gsl_rng_uniform(rng);
    double u_segment = gsl_rng_uniform(rng);
    double u_bound = gsl_rng_uniform(rng);
    uint32_t r_aware = (uint32_t)gsl_rng_get(rng);
    a->region = (uint8_t)pick(sc->region_share, N_REGIONS, u_region);
    a->segment = (uint8_t)pick(sc->segment_share, N_SEGMENTS, u_segment);
    int seg = a->segment;

    a->volume = (float)(fmax(0, dist_draw(&sc->volume, rng)) * sc->segment_volume[seg]);
    a->alpha = (float)(fmax(1e-9, dist_draw(&sc->alpha, rng)) * sc->segment_alpha[seg]);
    if (a->alpha < 1e-9f)
        a->alpha = 1e-9f;
    a->beta = (float)fmax(0, dist_draw(&sc->beta, rng));
    a->openness = (float)dist_draw(&sc->openness, rng);
    a->distrust = (float)(fmax(0, dist_draw(&sc->distrust, rng)) * sc->segment_distrust[seg]);
    a->switching = (float)fmax(0, dist_draw(&sc->switching, rng));
    a->review = (float)fmin(1, fmax(0, dist_draw(&sc->review, rng)));
    if (!sc->distrust_on)
        a->distrust = 0;
    if (!sc->switching_cost)
        a->switching = 0;
    if (!sc->inertia)
        a->review = 1;
    a->wait = a->review > 0 && a->review < 1 ? (float)(1 / log1p(-(double)a->review)) : 0;

    a->bound = (uint8_t)(policy_sanctions_cover(sc, a->region, seg) &&
                         u_bound < sc->sanctions.compliance);
    a->bonus = 0;
    a->choice = AGENT_OUTSIDE;
    a->aware = 0;
    for (int j = 0; j < sc->n_families; j++) {
        if (!sc->awareness || agent_family_uniform(r_aware, fam_key[j]) < sc->families[j].awareness)
            a->aware |= 1u << j;
    }
}
