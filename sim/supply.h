/*
 * supply.h - the model families over time: entry, access, quality, marginal
 * cost and price (MODEL.md section 3).
 *
 * Each origin has a capability frontier that grows with its compute access
 * (less any export-control loss) and catches up with the world frontier by
 * diffusion.  A family's quality follows its origin's frontier with a lag
 * (open families trail by supply.open_lag months) at a fixed offset set by
 * its quality at entry.  Closed prices move part of the way each month to the
 * Bertrand-Nash price c + markup, the markup coming from last month's demand
 * (market.c); open weights are priced at cost times the hosts' margin by
 * hosts, and at the developer's list price scaled by cost / cost at entry on
 * its own API (the first-party channel).
 */
#ifndef OSS_SUPPLY_H
#define OSS_SUPPLY_H

#include <stdbool.h>

#include "scenario.h"

struct supply {
    const struct scenario *sc;
    int months;
    double *frontier;                 /* [N_REGIONS * months]: origin frontier, index points */
    double offset[OSS_MAX_FAMILIES];  /* quality offset from the lagged origin frontier, points */
    bool entered[OSS_MAX_FAMILIES];   /* offset fixed */
    double markup[OSS_MAX_FAMILIES];  /* Bertrand markup from last month's demand, USD/Mtok; <0: none */

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

/* Origin frontier at a (possibly fractional or negative) month offset. */
double supply_frontier_at(const struct supply *s, int origin, double k);

#endif
