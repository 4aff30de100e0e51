/*
 * supply.h - the model families over time: entry, access, quality, marginal
 * cost and price (docs/model.md section 2).
 *
 * Each origin has a capability frontier that grows with its compute access
 * (less any export-control loss) and catches up with the world frontier by
 * diffusion.  A family's quality follows its origin's frontier with a lag
 * (open families trail by supply.open_lag months) at a fixed offset set by
 * its quality at entry, re-fixed at each dated release (families.<key>.releases);
 * between two dated releases the frontier's clock stops at the earlier one's
 * month, so the released model's quality holds until the next (and the
 * last one's until supply.releases_through, when the scenario sets it).
 * Closed prices move part of the way each month to the
 * Bertrand-Nash price c + markup, the markup coming from last month's demand
 * (market.c); open weights are priced at cost times the hosts' margin by
 * hosts, and at the developer's list price scaled by cost / cost at entry on
 * its own API (the first-party channel).
 */
#ifndef OSS_SUPPLY_H
#define OSS_SUPPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"

struct supply {
    const struct scenario *sc;
    int months;
    double *frontier;                 /* [2][N_REGIONS][months]: origin frontiers with the scenario's
                                         policies, then without (for dated releases), index points */
    double offset[OSS_MAX_FAMILIES];  /* quality offset from the lagged origin frontier, points */
    bool entered[OSS_MAX_FAMILIES];   /* offset fixed */
    int released[OSS_MAX_FAMILIES];   /* dated releases applied so far (each re-fixes the offset) */
    int pinned[OSS_MAX_FAMILIES];     /* month (since start) in which the latest release re-fixed it */
    double markup[OSS_MAX_FAMILIES];  /* Bertrand markup from last month's demand, USD/Mtok; <0: none */
    /* quality of the model sold before release v, frozen in the month release v
     * superseded it (v < released[j]), index points: what its remaining users get */
    double superseded[OSS_MAX_FAMILIES][OSS_MAX_RELEASES + 1];

    /* the current month */
    int k;                                /* months since start */
    bool available[OSS_MAX_FAMILIES];     /* entered and not exited */
    enum access access[OSS_MAX_FAMILIES];
    double quality[OSS_MAX_FAMILIES];     /* capability index points */
    double cost[OSS_MAX_FAMILIES];        /* marginal cost, USD per million tokens */
    double price[OSS_MAX_FAMILIES];       /* list price, USD per million tokens */
    double world_frontier;                /* max over origins, index points */
};

bool supply_init(struct supply *s, const struct scenario *sc);
void supply_free(struct supply *s);

/* Advances to month k (0 = start): frontiers, availability, quality, cost, price. */
void supply_step(struct supply *s, int k);

/* Bertrand markups for next month from this month's reviewing demand
 * (market.c): demand[j] = D_j, slope[j] = -dD_j/dp_j and, for two Bertrand
 * families g != f of one vendor, cross[g][f] = dD_f/dp_g.  bertrand: the
 * families priced by Bertrand-Nash.  supply.pricing_unit = "family": each
 * family's own first-order condition, m_j = D_j / slope_j; "vendor": the
 * vendor's families jointly, Delta m = D with Delta[g][g] = slope_g and
 * Delta[g][f] = -cross[g][f] (Nevo 2001).  A markup is kept when its
 * system has no positive slope or cannot be solved. */
void supply_markups(struct supply *s, uint32_t bertrand, const double *demand, const double *slope,
                    const double (*cross)[OSS_MAX_FAMILIES]);

/* Bertrand families sold by the same vendor as j (j excluded), under vendor pricing. */
uint32_t supply_vendor_rivals(const struct scenario *sc, uint32_t bertrand, int j);

/* Origin frontier at a (possibly fractional or negative) month offset. */
double supply_frontier_at(const struct supply *s, int origin, double k);

#endif
