/*
 * supply.c - family dynamics month by month (see supply.h for the model).
 */
#include "supply.h"

#include <gsl/gsl_linalg.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

bool supply_init(struct supply *s, const struct scenario *sc)
{
    memset(s, 0, sizeof *s);
    s->sc = sc;
    s->months = sc->months;
    /* two sets of origin frontiers: with the scenario's policies, and without
     * (what dated releases, which are data, are measured against) */
    s->frontier = calloc(2 * (size_t)N_REGIONS * (size_t)sc->months, sizeof *s->frontier);
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

/* Origin frontier of set `set` (0 with policies, 1 without) at month k. */
static double frontier_at(const struct supply *s, int set, int origin, double k)
{
    const double *f = s->frontier + ((size_t)set * N_REGIONS + (size_t)origin) * (size_t)s->months;
    const struct scenario *sc = s->sc;
    if (k <= 0) /* before the start: the origin's initial growth rate, extrapolated back */
        return f[0] + k * sc->frontier_growth * sc->compute[origin];
    if (k >= s->k)
        k = s->k;
    int lo = (int)floor(k);
    double w = k - lo;
    return lo + 1 <= s->k ? f[lo] * (1 - w) + f[lo + 1] * w : f[lo];
}

double supply_frontier_at(const struct supply *s, int origin, double k)
{
    return frontier_at(s, 0, origin, k);
}

static void step_frontiers(struct supply *s, int k)
{
    const struct scenario *sc = s->sc;
    int t = sc->start + k;
    for (int set = 0; set < 2; set++)
        for (int o = 0; o < N_REGIONS; o++) {
            double *f = s->frontier + ((size_t)set * N_REGIONS + (size_t)o) * (size_t)s->months;
            if (k == 0) {
                f[0] = sc->frontier;
                continue;
            }
            double world = -INFINITY;
            for (int p = 0; p < N_REGIONS; p++)
                world = fmax(world, frontier_at(s, set, p, k - 1 - sc->diffusion_lag));
            double loss = set == 0 ? policy_growth_loss(sc, o, t - 1) : 0;
            double growth = sc->frontier_growth * sc->compute[o] * (1 - loss);
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
        /* a dated release re-anchors the family on its origin's frontier: in
         * its month the quality is the release's, held until the next release
         * (below; at entry, f->quality is already the latest release's).
         * A release is data from the world without new policies, so its
         * offset is taken from the policy-free frontier: a policy that slowed
         * the origin's frontier before the release lowers the family's
         * quality after it by as much. */
        const struct release *rel = NULL; /* latest release on or before t */
        for (int r = 0; r < f->n_releases && f->releases[r].month <= t; r++)
            rel = &f->releases[r];
        for (; s->released[j] < f->n_releases && f->releases[s->released[j]].month <= t; s->released[j]++) {
            /* the model this release supersedes stays as it was last month for
             * the agents that keep it (before entry nobody uses it: its
             * quality is then the one given for it) */
            int v = s->released[j];
            s->superseded[j][v] = was ? s->quality[j] : v > 0 ? f->releases[v - 1].quality : f->quality;
            s->offset[j] = f->releases[v].quality - frontier_at(s, 1, f->origin, k - lag0);
            s->pinned[j] = k;
        }
        /* Between two dated releases the released model is what the family
         * sells, and no model improves after its release: the frontier's
         * clock stops at the month of the latest release until the next one
         * (within the horizon) arrives.  Before the first release and after
         * the last, the origin's frontier carries the family on. */
        bool held = s->released[j] > 0 && s->released[j] < f->n_releases &&
                    f->releases[s->released[j]].month <= sc->end;
        int clock = held ? s->pinned[j] : k;
        /* The last release holds, too, until the month through which the
         * release table is complete (supply.releases_through); the frontier's
         * clock restarts there, so the quality carries on without a jump. */
        if (s->released[j] > 0 && s->released[j] == f->n_releases) {
            int through = sc->releases_through - sc->start;
            clock = s->pinned[j] + (k > through ? k - (through > s->pinned[j] ? through : s->pinned[j]) : 0);
        }
        double lag = fmax(0, lag0 + policy_lag_shift(sc, f, acc, t));
        double q = supply_frontier_at(s, f->origin, clock - lag) + s->offset[j];
        s->quality[j] = fmin(q, policy_quality_cap(sc, f, acc, s->world_frontier, t));

        /* cost falls from the family's entry, or from its latest release that set one */
        int k0 = f->entry > sc->start ? f->entry - sc->start : 0;
        double cost0 = f->cost, price0 = f->price;
        for (int r = 0; r < f->n_releases && f->releases[r].month <= t; r++) {
            if (f->releases[r].cost > 0) {
                cost0 = f->releases[r].cost;
                k0 = f->releases[r].month > sc->start ? f->releases[r].month - sc->start : 0;
            }
            if (f->releases[r].price > 0)
                price0 = f->releases[r].price;
        }
        s->cost[j] = cost0 * pow(1 - sc->cost_decline, k - k0) * policy_cost_multiplier(sc, f->origin, t) +
                     policy_compliance_cost(sc, f, acc, t);
        bool repriced = rel && rel->month == t && rel->price > 0 && t > sc->start; /* a release's new list price */

        if (acc == ACCESS_OPEN && f->channel == CHANNEL_FIRST_PARTY) {
            /* the developer's list price, cut in step with its marginal cost */
            s->price[j] = f->price * s->cost[j] / f->cost;
        } else if (acc == ACCESS_OPEN) {
            s->price[j] = s->cost[j] * (1 + sc->host_margin);
        } else if (f->pricing == PRICING_FIXED) {
            s->price[j] = price0 > 0 ? price0 : s->cost[j] * (1 + sc->host_margin);
        } else if (was && before != ACCESS_CLOSED && f->channel == CHANNEL_FIRST_PARTY) {
            /* a first-party API whose model closes keeps its price, then moves to Bertrand */
        } else if (!was || before != ACCESS_CLOSED) {
            /* new on the market as a closed family: its list price, or cost plus
             * the hosts' margin when it was open until now */
            s->price[j] = price0 > 0 && f->access == ACCESS_CLOSED ? price0
                                                                  : s->cost[j] * (1 + sc->host_margin);
        } else if (repriced) {
            s->price[j] = price0; /* launched at its list price */
        } else if (s->markup[j] >= 0) {
            /* part of the way to the Bertrand-Nash price c + markup */
            s->price[j] += sc->price_adjustment * (s->cost[j] + s->markup[j] - s->price[j]);
        }
    }
}

uint32_t supply_vendor_rivals(const struct scenario *sc, uint32_t bertrand, int j)
{
    if (sc->pricing_unit != PRICING_UNIT_VENDOR || !((bertrand >> j) & 1u))
        return 0;
    uint32_t r = 0;
    for (uint32_t bits = bertrand & ~(1u << j); bits; bits &= bits - 1) {
        int g = __builtin_ctz(bits);
        if (strcmp(sc->families[g].vendor, sc->families[j].vendor) == 0)
            r |= 1u << g;
    }
    return r;
}

/* Solves one vendor's first-order conditions Delta m = D for the markups of
 * its n families idx[]; false when singular or not positive. */
static bool vendor_markups(int n, const int *idx, const double *demand, const double *slope,
                           const double (*cross)[OSS_MAX_FAMILIES], double *m)
{
    double a[OSS_MAX_FAMILIES * OSS_MAX_FAMILIES], b[OSS_MAX_FAMILIES];
    for (int r = 0; r < n; r++) {
        if (!(slope[idx[r]] > 0))
            return false;
        b[r] = demand[idx[r]];
        for (int c = 0; c < n; c++)
            a[r * n + c] = r == c ? slope[idx[r]] : -cross[idx[r]][idx[c]];
    }
    gsl_matrix_view A = gsl_matrix_view_array(a, (size_t)n, (size_t)n);
    gsl_vector_view B = gsl_vector_view_array(b, (size_t)n);
    gsl_vector_view X = gsl_vector_view_array(m, (size_t)n);
    gsl_permutation *p = gsl_permutation_alloc((size_t)n);
    int sign;
    bool ok = p && gsl_linalg_LU_decomp(&A.matrix, p, &sign) == 0 &&
              gsl_linalg_LU_det(&A.matrix, sign) != 0 &&
              gsl_linalg_LU_solve(&A.matrix, p, &B.vector, &X.vector) == 0;
    gsl_permutation_free(p);
    for (int r = 0; ok && r < n; r++)
        ok = isfinite(m[r]) && m[r] >= 0;
    return ok;
}

void supply_markups(struct supply *s, uint32_t bertrand, const double *demand, const double *slope,
                    const double (*cross)[OSS_MAX_FAMILIES])
{
    const struct scenario *sc = s->sc;
    uint32_t done = 0;
    for (int j = 0; j < sc->n_families; j++) {
        if (!((bertrand >> j) & 1u) || ((done >> j) & 1u))
            continue;
        uint32_t rivals = supply_vendor_rivals(sc, bertrand, j);
        if (!rivals) {
            if (slope[j] > 0)
                s->markup[j] = demand[j] / slope[j];
            continue;
        }
        int idx[OSS_MAX_FAMILIES], n = 0;
        for (uint32_t bits = rivals | (1u << j); bits; bits &= bits - 1)
            idx[n++] = __builtin_ctz(bits);
        double m[OSS_MAX_FAMILIES];
        if (vendor_markups(n, idx, demand, slope, cross, m))
            for (int r = 0; r < n; r++)
                s->markup[idx[r]] = m[r];
        done |= rivals | (1u << j);
    }
}
