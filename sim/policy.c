/*
 * policy.c - what each policy lever does in a given month (see policy.h).
 *
 * One function per channel (docs/model.md section 5).  Levers are inactive
 * outside their [start, end] window; the trust shock decays after its start
 * with the given half-life.
 */
#include "policy.h"

#include <math.h>

static bool active(bool on, int start, int end, int t)
{
    return on && t >= start && t <= end;
}

double policy_growth_loss(const struct scenario *sc, int origin, int t)
{
    const struct export_controls *e = &sc->export_controls;
    if (!active(e->on, e->start, e->end, t) || (int)e->origin != origin)
        return 0;
    return e->strength * e->growth_penalty * (1 - e->efficiency_response);
}

double policy_cost_multiplier(const struct scenario *sc, int origin, int t)
{
    const struct export_controls *e = &sc->export_controls;
    if (!active(e->on, e->start, e->end, t) || (int)e->origin != origin)
        return 1;
    return 1 + e->strength * e->cost_penalty * (1 - e->efficiency_response);
}

double policy_tariff(const struct scenario *sc, int region, int origin, int t)
{
    const struct tariff *x = &sc->tariff;
    if (!active(x->on, x->start, x->end, t) || (int)x->imposer != region || origin == region)
        return 0;
    if (x->origin >= 0 && x->origin != origin)
        return 0;
    return x->rate;
}

enum channel policy_channel(const struct family_spec *f, enum access acc)
{
    if (acc == ACCESS_CLOSED)
        return CHANNEL_API;
    return f->channel == CHANNEL_FIRST_PARTY ? CHANNEL_FIRST_PARTY : CHANNEL_HOSTED;
}

double policy_tariff_option(const struct scenario *sc, int region, const struct family_spec *f,
                            enum access acc, int t)
{
    if (policy_channel(f, acc) == CHANNEL_HOSTED && !sc->tariff.include_open_weights)
        return 0;
    return policy_tariff(sc, region, f->origin, t);
}

static bool supported(const struct scenario *sc, const struct family_spec *f, enum access acc, int t)
{
    const struct open_support *s = &sc->open_support;
    return active(s->on, s->start, s->end, t) && acc == ACCESS_OPEN && f->origin == s->origin;
}

static bool restricted(const struct scenario *sc, const struct family_spec *f, enum access acc, int t)
{
    const struct open_restriction *o = &sc->open_restriction;
    return active(o->on, o->start, o->end, t) && acc == ACCESS_OPEN && f->origin == o->origin;
}

double policy_subsidy(const struct scenario *sc, const struct family_spec *f, enum access acc, int t)
{
    return supported(sc, f, acc, t) ? sc->open_support.subsidy : 0;
}

double policy_lag_shift(const struct scenario *sc, const struct family_spec *f, enum access acc, int t)
{
    double shift = 0;
    if (supported(sc, f, acc, t))
        shift -= sc->open_support.lag_reduction;
    if (restricted(sc, f, acc, t))
        shift += sc->open_restriction.delay;
    return shift;
}

double policy_quality_cap(const struct scenario *sc, const struct family_spec *f, enum access acc,
                          double world_frontier, int t)
{
    if (!restricted(sc, f, acc, t) || sc->open_restriction.cap_gap < 0)
        return INFINITY;
    return world_frontier - sc->open_restriction.cap_gap;
}

double policy_compliance_cost(const struct scenario *sc, const struct family_spec *f,
                              enum access acc, int t)
{
    return restricted(sc, f, acc, t) ? sc->open_restriction.compliance_cost : 0;
}

double policy_trust_shock(const struct scenario *sc, const struct family_spec *f, enum access acc,
                          int t)
{
    const struct trust_shock *s = &sc->trust_shock;
    if (!s->on || t < s->start)
        return 0;
    bool hit = s->open_models ? acc == ACCESS_OPEN : (int)f->origin == s->origin;
    if (s->data && policy_channel(f, acc) == CHANNEL_HOSTED)
        hit = false; /* a data scare is about where prompts go, not about the weights */
    return hit ? s->size * pow(0.5, (t - s->start) / s->half_life) : 0;
}

bool policy_sanctions_cover(const struct scenario *sc, int region, int segment)
{
    const struct sanctions *s = &sc->sanctions;
    return s->on && s->regions[region] && s->segments[segment];
}

bool policy_sanctions_bar(const struct scenario *sc, const struct family_spec *f, enum access acc,
                          int t)
{
    const struct sanctions *s = &sc->sanctions;
    if (!active(s->on, s->start, s->end, t) || f->origin != s->origin)
        return false;
    return policy_channel(f, acc) != CHANNEL_HOSTED || s->include_open_weights;
}

bool policy_family_access(const struct scenario *sc, int fi, int t, enum access *acc)
{
    const struct family_spec *f = &sc->families[fi];
    if (t < f->entry)
        return false;
    *acc = f->access;
    int last = -1;
    bool gone = false;
    for (int i = 0; i < sc->n_vendor_changes; i++) {
        const struct vendor_change *c = &sc->vendor_changes[i];
        if (c->family != f->model || c->month > t || c->month < last)
            continue;
        last = c->month;
        gone = c->exit;
        if (!c->exit)
            *acc = c->access;
    }
    if (*acc == ACCESS_CLOSED && f->channel == CHANNEL_HOSTED && f->first_party >= 0)
        return false; /* closed weights: only the developer's own API serves them */
    return !gone;
}

static void widen(bool on, int start, int end, int *first, int *last)
{
    if (!on)
        return;
    if (start < *first)
        *first = start;
    if (end > *last)
        *last = end;
}

bool policy_window(const struct scenario *sc, int *first, int *last)
{
    *first = sc->end + 1;
    *last = sc->start - 1;
    widen(sc->export_controls.on, sc->export_controls.start, sc->export_controls.end, first, last);
    widen(sc->sanctions.on, sc->sanctions.start, sc->sanctions.end, first, last);
    widen(sc->tariff.on, sc->tariff.start, sc->tariff.end, first, last);
    widen(sc->open_support.on, sc->open_support.start, sc->open_support.end, first, last);
    widen(sc->open_restriction.on, sc->open_restriction.start, sc->open_restriction.end, first, last);
    widen(sc->trust_shock.on, sc->trust_shock.start, sc->end, first, last);
    for (int i = 0; i < sc->n_vendor_changes; i++)
        widen(true, sc->vendor_changes[i].month, sc->end, first, last);
    return *first <= *last;
}
