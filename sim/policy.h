/*
 * policy.h - the policy levers of docs/model.md section 5, one function per channel.
 *
 * Each lever is an optional block of the scenario with a start and an end
 * month.  These functions say what a lever does in month t; supply.c and
 * market.c apply them.  Nothing here keeps state.
 */
#ifndef OSS_POLICY_H
#define OSS_POLICY_H

#include <stdbool.h>

#include "scenario.h"

/* Export controls: share of an origin's frontier growth lost in month t. */
double policy_growth_loss(const struct scenario *sc, int origin, int t);

/* Export controls: multiplier on an origin's marginal cost in month t. */
double policy_cost_multiplier(const struct scenario *sc, int origin, int t);

/* Tariff: ad valorem rate that agents of region pay on a family of origin. */
double policy_tariff(const struct scenario *sc, int region, int origin, int t);

/* The channel an option serves through while its model has access acc: a
 * closed model is its vendor's API; an open model's option is hosted or
 * first_party as the scenario declares it. */
enum channel policy_channel(const struct family_spec *f, enum access acc);

/* Tariff on option f: cross-border API services (closed families and
 * first-party APIs) pay policy_tariff(); open weights served by hosts are a
 * domestic service and pay it only with tariff.include_open_weights. */
double policy_tariff_option(const struct scenario *sc, int region, const struct family_spec *f,
                            enum access acc, int t);

/* Open-model support: share of the price of family f paid by the state. */
double policy_subsidy(const struct scenario *sc, const struct family_spec *f,
                      enum access acc, int t);

/* Open-model support (compute grants) and release restriction (delay):
 * months added to the open lag of family f in month t (may be negative). */
double policy_lag_shift(const struct scenario *sc, const struct family_spec *f,
                        enum access acc, int t);

/* Release restriction: quality cap of family f given the world frontier
 * (INFINITY when uncapped). */
double policy_quality_cap(const struct scenario *sc, const struct family_spec *f,
                          enum access acc, double world_frontier, int t);

/* Release restriction: compliance cost, USD per million tokens. */
double policy_compliance_cost(const struct scenario *sc, const struct family_spec *f,
                              enum access acc, int t);

/* Trust shock: utils of extra distrust of family f in month t.  A "model"
 * shock hits every channel of the targeted models, a "data" shock only their
 * APIs (closed families and first-party APIs). */
double policy_trust_shock(const struct scenario *sc, const struct family_spec *f,
                          enum access acc, int t);

/* Sanctions: whether agents of a region and segment are covered at all
 * (each covered agent then complies with probability compliance). */
bool policy_sanctions_cover(const struct scenario *sc, int region, int segment);

/* Sanctions: whether a complying covered agent is barred from family f: the
 * origin's APIs (closed families and first-party APIs of open ones) always,
 * its open weights served by hosts only with include_open_weights. */
bool policy_sanctions_bar(const struct scenario *sc, const struct family_spec *f,
                          enum access acc, int t);

/* Vendor strategy: access of family f (index fi) in month t; false when it
 * has not entered yet or has exited.  Changes name the model: all its
 * channels follow, and when a model with a first-party API closes, its
 * hosted option leaves the market (hosts cannot serve closed weights). */
bool policy_family_access(const struct scenario *sc, int fi, int t, enum access *acc);

/* When the scenario's policy acts: from the first lever's start to the last
 * one's end (a trust shock or a vendor change lasts to the horizon's end),
 * inside the horizon.  false when the scenario has no policy lever. */
bool policy_window(const struct scenario *sc, int *first, int *last);

#endif
