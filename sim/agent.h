/*
 * agent.h - developer agents: their attributes and how they are drawn.
 *
 * An agent is a developer or firm that buys tokens (MODEL.md section 4).  Its
 * attributes are drawn once, at the start of a replication, from the
 * scenario's distributions with GSL's random variates.  The struct is kept
 * small (44 bytes) because a run may hold millions of them.
 */
#ifndef OSS_AGENT_H
#define OSS_AGENT_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "scenario.h"

#define AGENT_OUTSIDE 255 /* choice: no LLM / in-house */

struct agent {
    float volume;    /* relative monthly token volume (scaled to the market in market.c) */
    float alpha;     /* price sensitivity, utils per USD per million tokens */
    float beta;      /* taste for quality, utils per capability index point */
    float openness;  /* value of open weights, utils */
    float distrust;  /* multiplier on the distrust of foreign origins */
    float switching; /* switching cost, utils */
    float review;    /* probability of reviewing its choice in a month */
    float bonus;     /* utils: log-sum minus the chosen option's utility at the last review */
    float wait;      /* 1 / ln(1 - review): turns a uniform into months to the next review */
    uint32_t aware;  /* bit j set: knows family j */
    uint8_t region;  /* enum region */
    uint8_t segment; /* enum segment */
    uint8_t choice;  /* family index or AGENT_OUTSIDE */
    uint8_t bound;   /* 1: complies with sanctions that cover its region and segment */
};

/* A draw from a struct dist (GSL random variates; mean and sd in the
 * attribute's unit).  Always consumes the same uniforms for the same dist. */
double dist_draw(const struct dist *d, gsl_rng *rng);

/* Stratification offset in [0, 1) of a family, from its key: an agent knows
 * family j when frac(u + offset_j) < p_j, so one uniform per agent serves all
 * families and a family keeps its random numbers across scenarios. */
double agent_family_offset(const char *key);

/* Draws one agent. */
void agent_draw(struct agent *a, const struct scenario *sc, const double *fam_offset,
                gsl_rng *rng);

#endif
