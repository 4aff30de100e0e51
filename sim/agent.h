/*
 * agent.h - developer agents: their attributes and how they are drawn.
 *
 * An agent is a developer or firm that buys tokens (docs/model.md section 3).  Its
 * attributes are drawn once, at the start of a replication, from the
 * scenario's distributions with GSL's random variates.  The struct is kept
 * small (48 bytes) because a run may hold millions of them.
 */
#ifndef OSS_AGENT_H
#define OSS_AGENT_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "scenario.h"

#define AGENT_OUTSIDE 255 /* choice: no LLM / in-house */

struct agent {
    double bonus;    /* utils: log-sum minus the chosen option's utility at the last review */
    float volume;    /* relative monthly token volume (scaled to the market in market.c) */
    float alpha;     /* price sensitivity, utils per USD per million tokens */
    float beta;      /* taste for quality, utils per capability index point */
    float openness;  /* value of open weights, utils */
    float distrust;  /* multiplier on the distrust table (agents.distrust_table) */
    float switching; /* switching cost, utils */
    float review;    /* probability of reviewing its choice in a month */
    float wait;      /* 1 / ln(1 - review): turns a uniform into months to the next review */
    uint32_t aware;  /* bit j set: knows family j */
    uint8_t region;  /* enum region */
    uint8_t segment; /* enum segment */
    uint8_t choice;  /* family index or AGENT_OUTSIDE */
    uint8_t bound;   /* 1: complies with sanctions that cover its region and segment */
};

/* A struct dist turned into its GSL parameters once: constant (a), normal
 * (mean a, sd b), lognormal (mu a, sigma b of the log), gamma (shape a,
 * scale b), beta (a, b). */
struct dist_law {
    enum dist_kind kind;
    double a, b;
};

struct dist_law dist_law_of(const struct dist *d);
double dist_sample(const struct dist_law *l, gsl_rng *rng);

/* A draw from a struct dist (GSL random variates; mean and sd in the
 * attribute's unit).  Always consumes the same numbers for the same dist. */
double dist_draw(const struct dist *d, gsl_rng *rng);

/* What drawing agents needs, prepared once per world. */
struct population {
    struct dist_law volume, alpha, beta, openness, distrust, switching, review;
    uint64_t key[OSS_MAX_FAMILIES]; /* agent_family_key of each family */
    double awareness[OSS_MAX_FAMILIES]; /* probability of knowing it at start */
};

void population_prepare(struct population *pop, const struct scenario *sc);

/* A family's 64-bit hash, from its scenario key. */
uint64_t agent_family_key(const char *key);

/* A uniform in [0, 1) for one agent and one family, from a 32-bit random
 * word r of the agent's stream and the family's key hash: one draw serves
 * all families, the families' uniforms are (pseudo-)independent, and a
 * family keeps its uniform in every scenario that has it (common random
 * numbers even when the family list differs). */
static inline double agent_family_uniform(uint32_t r, uint64_t key)
{
    uint64_t x = ((uint64_t)r << 32 | r) ^ key; /* splitmix64 finaliser */
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}

/* Draws one agent. */
void agent_draw(struct agent *a, const struct scenario *sc, const struct population *pop,
                gsl_rng *rng);

#endif
