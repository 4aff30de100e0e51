/*
 * supply.c - family dynamics month by month (see supply.h for the model).
 */
#include "supply.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

bool supply_init(struct supply *s, const struct scenario *sc)
{
    memset(s, 0, sizeof *s);
    s->sc = sc;
    s->months = sc->months;
    s->frontier = calloc((size_t)N_REGIONS * (size_t)sc->months, sizeof *s->frontier);
    if (!s->frontier)
        return false;
    for (int j = 0; j < sc->n_families; j++) {
        s->markup[j] = -1;
        s->price[j] = sc->families[j].price;
    }
    s->k = -1;
    return true;
}

void supply_free(struct supply *s)
{
    free(s->frontier);
    s->frontier = NULL;
}

double supply_frontier_at(const struct supply *s, int origin, double k)
{
    const double *f = s->frontier + (size_t)origin * (size_t)s->months;
    const struct scenario *sc = s->sc;
    if (k <= 0) /* before the start: the origin's initial growth rate, extrapolated back */
        return f[0] + k * sc->frontier_growth * sc->compute[origin];
    if (k >= s->k)
        k = s->k;
    int lo = (int)floor(k);
    double w = k - lo;
    return lo + 1 <= s->k ? f[lo] * (1 - w) + f[lo + 1] * w : f[lo];
}

static void step_frontiers(struct supply *s, int k)
{
    const struct scenario *sc = s->sc;
    int t = sc->start + k;
    for (int o = 0; o < N_REGIONS; o++) {
        double *f = s->frontier + (size_t)o * (size_t)s->months;
        if (k == 0) {
            f[0] = sc->frontier;
            continue;
        }
        double world = -INFINITY;
        for (int p = 0; p < N_REGIONS; p++)
            world = fmax(world, supply_frontier_at(s, p, k - 1 - sc->diffusion_lag));
        double growth = sc->frontier_growth * sc->compute[o] * (1 - policy_growth_loss(sc, o, t - 1));
        f[k] = f[k - 1] + growth + sc->diffusion * fmax(0, world - f[k - 1]);
    }
    s->k = k;
    s->world_frontier = -INFINITY;
    for (int o = 0; o < N_REGIONS; o++)
        s->world_frontier = fmax(s->world_frontier, s->frontier[(size_t)o * (size_t)s->months + k]);
}

void supply_step(struct supply *s, int k)
{
    const struct scenario *sc = s->sc;
    int t = sc->start + k;
    step_frontiers(s, k);
    for (int j = 0; j < sc->n_families; j++) {
        const struct family_spec *f = &sc->families[j];
        enum access acc = f->access;
        bool was = s->available[j];
        enum access before = s->access[j];
        s->available[j] = policy_family_access(sc, j, t, &acc);
        s->access[j] = acc;
        if (!s->available[j])
            continue;

        double lag0 = f->access == ACCESS_OPEN ? sc->open_lag : 0;
        if (!s->entered[j]) {
            s->offset[j] = f->quality - supply_frontier_at(s, f->origin, k - lag0);
            s->entered[j] = true;
        }
        double lag = fmax(0, lag0 + policy_lag_shift(sc, f, acc, t));
        double q = supply_frontier_at(s, f->origin, k - lag) + s->offset[j];
        s->quality[j] = fmin(q, policy_quality_cap(sc, f, acc, s->world_frontier, t));

        int since = k - (f->entry > sc->start ? f->entry - sc->start : 0); /* months since entry */
        s->cost[j] = f->cost * pow(1 - sc->cost_decline, since) * policy_cost_multiplier(sc, f->origin, t) +
                     policy_compliance_cost(sc, f, acc, t);

        if (acc == ACCESS_OPEN && f->channel == CHANNEL_FIRST_PARTY) {
            /* the developer's list price, cut in step with its marginal cost */
            s->price[j] = f->price * s->cost[j] / f->cost;
        } else if (acc == ACCESS_OPEN) {
            s->price[j] = s->cost[j] * (1 + sc->host_margin);
        } else if (f->pricing == PRICING_FIXED) {
            s->price[j] = f->price > 0 ? f->price : s->cost[j] * (1 + sc->host_margin);
        } else if (was && before != ACCESS_CLOSED && f->channel == CHANNEL_FIRST_PARTY) {
            /* a first-party API whose model closes keeps its price, then moves to Bertrand */
        } else if (!was || before != ACCESS_CLOSED) {
            /* new on the market as a closed family: its list price, or cost plus
             * the hosts' margin when it was open until now */
            s->price[j] = f->price > 0 && f->access == ACCESS_CLOSED ? f->price
                                                                    : s->cost[j] * (1 + sc->host_margin);
        } else if (s->markup[j] >= 0) {
            /* part of the way to the Bertrand-Nash price c + markup */
            s->price[j] += sc->price_adjustment * (s->cost[j] + s->markup[j] - s->price[j]);
        }
    }
}
