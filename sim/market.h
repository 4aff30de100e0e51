/*
 * market.h - the world of one replication and its monthly step.
 *
 * A world holds the agents, the supply side and one random stream per block
 * of BLOCK_AGENTS agents.  Each month: supply moves (supply.c), the month's
 * menu of family-level utility terms is built, the agents due for a review
 * choose again (choice.h), and the blocks' books are added up in block order.
 * An agent reviews each month with its probability `review`, independently:
 * equivalently, after each review it draws the number of months to its next
 * one from a geometric distribution, which is what the code does.
 * Blocks are processed by as many threads as are given, but since each block
 * draws only from its own stream (derived from base seed, replication and
 * block) and tallies are summed in a fixed order, the results do not depend
 * on the number of threads.
 */
#ifndef OSS_MARKET_H
#define OSS_MARKET_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "agent.h"
#include "choice.h"
#include "scenario.h"
#include "supply.h"

#define BLOCK_AGENTS 16384
#define N_OPTIONS (OSS_MAX_FAMILIES + 1) /* families and the outside option */
#define REL_SUMS (N_REGIONS + 1)         /* a release's sums in a book: volume by region, volume * beta / alpha */

/* Who is on which option, per block: running sums over the agents whose
 * current choice is each option, by cell (region x segment).  They change
 * only when an agent reviews, so a month costs nothing for the agents that do
 * not.  Consumer surplus is linear in the family terms, so these sums give
 * it exactly (see world_step).  Volumes are in agent volume units.
 * Each block's book starts a page (BOOK_ALIGN) of its own, and the arrays by
 * option keep the rows of options past the scenario's families together
 * (opt) or last (cross): pages that only those rows fill are never written,
 * so they never take memory. */
#define BOOK_ALIGN 4096
struct book {
    _Alignas(BOOK_ALIGN) struct { /* option-major: options past the scenario's families are never touched */
        double w[N_CELLS];     /* volume */
        double n[N_CELLS];     /* agents */
        double wq[N_CELLS];    /* volume * beta / alpha */
        double wo[N_CELLS];    /* volume * openness / alpha */
        double wd[N_CELLS];    /* volume * distrust / alpha */
        double wa[N_CELLS];    /* volume / alpha */
        double wb[N_CELLS];    /* volume * bonus / alpha */
    } opt[N_OPTIONS];
    double bound_w[N_OPTIONS];     /* volume of sanctions-bound agents */
    /* by family j and the release v in use (agent.vintage): at
     * rel + rel_row[j][v] * REL_SUMS, volume by region (the tokens a unit of
     * volume buys depend on the region only), then volume * beta / alpha */
    double *rel;
    const uint8_t (*rel_row)[OSS_MAX_RELEASES + 1]; /* the world's rel_row */
    /* this month's flows, from the agents that reviewed */
    double demand[OSS_MAX_FAMILIES]; /* sum of volume * x_cj * P_ij: expected tokens / T(k) */
    double slope[OSS_MAX_FAMILIES];  /* - d demand_j / d p_j (list price) */
    double market_demand;            /* sum of volume * sum_j x_cj P_ij */
    double market_slope;             /* its derivative in a common proportional change of all prices */
    double switching[N_CELLS];       /* sum of volume * switching cost / alpha of switchers */
    double reviews;                  /* agents that reviewed */
    /* the cross slopes: by_pair, of the menu's pairs q (pair_g[q], pair_f[q])
     * in pair[q] (batched reviews, when the menu lists every pair), and cross
     * is not written; else in cross */
    bool by_pair;
    double pair[MENU_PAIRS];
    double cross[OSS_MAX_FAMILIES][OSS_MAX_FAMILIES]; /* [g][f]: d demand_f / d p_g, same-vendor Bertrand pairs (last: rows past the families) */
};

/* What one month adds up to for the whole world. */
struct tally {
    double tokens[N_OPTIONS][N_CELLS];   /* volume by option and cell */
    double devs[N_OPTIONS][N_CELLS];     /* agents by option and cell */
    double surplus[N_CELLS];             /* sum of volume * utility / alpha: USD/Mtok x volume */
    double demand[OSS_MAX_FAMILIES];     /* reviewing agents: sum of volume * x_cj * P_ij */
    double slope[OSS_MAX_FAMILIES];      /* reviewing agents: - d demand_j / d p_j */
    double cross[OSS_MAX_FAMILIES][OSS_MAX_FAMILIES]; /* reviewing agents: [g][f] = d demand_f / d p_g (vendor pricing) */
    double market_demand, market_slope;  /* reviewing agents: all families, and d / d ln(all prices) */
    double superseded[OSS_MAX_FAMILIES][OSS_MAX_RELEASES + 1]; /* volume * x_cj on release v, superseded (v < current) */
    double covered_tokens;               /* volume of agents bound by sanctions, inside options */
    double covered_target_tokens;        /* ... of it on the sanctioned origin's families */
    double reviews;                      /* agents that reviewed this month */
};

struct world {
    const struct scenario *sc;
    long n_agents;
    struct agent *agents;
    int n_blocks;
    gsl_rng **rng;             /* one stream per block */
    uint64_t crn;              /* key of the review draws: hash of (base seed, replication) */
    uint16_t *next_review;     /* month (since start) of each agent's next review */
    struct book *book;         /* one per block, in book_mem */
    void *book_mem;            /* the books, then the blocks' books by release (books_alloc) */
    struct tally total;        /* this month, whole world */
    struct supply supply;
    struct menu menu;          /* this month */
    struct population pop;     /* what drawing the agents needs */
    double volume_total;       /* sum of agent volumes */
    double token_scale;        /* million tokens per volume unit, this month */
    double dev_share[OSS_MAX_FAMILIES]; /* last month's share of LLM-using agents */
    /* The books by release keep a row only for a release that can be in use
     * and superseded within the horizon: family j's releases rel_first[j] (the
     * releases out when it enters, or at the start) to the last one dated by
     * the horizon's end, that one excluded (it is never superseded, so its
     * sums are never read).  rel_row[j][v] is the row of release v, 0 (a
     * scratch row that is written and never read) for the others. */
    uint8_t rel_row[OSS_MAX_FAMILIES][OSS_MAX_RELEASES + 1];
    uint8_t rel_first[OSS_MAX_FAMILIES];
    int rel_rows;              /* rows of a block's books by release, the scratch row included */
};

/* The 32-bit GSL seed of a block's stream: distinct for every (rep, block)
 * of one base seed, identical in a scenario and its counterfactual. */
unsigned long world_stream_seed(uint64_t base, int rep, int block);

/* Draws the agents of replication rep (on up to `threads` threads).  NULL
 * when out of memory.  world_alloc uses one thread. */
struct world *world_alloc(const struct scenario *sc, int rep);
struct world *world_alloc_threads(const struct scenario *sc, int rep, int threads);
void world_free(struct world *w);

/* The same in two parts, for a caller that runs a whole replication in one
 * parallel region: world_new allocates the world and seeds its streams
 * (NULL when out of memory); world_draw_team draws the agents and must be
 * called by every thread of the team (or outside any parallel region, by
 * one thread). */
struct world *world_new(const struct scenario *sc, int rep);
void world_draw_team(struct world *w);

/* on: every world reviews its agents one at a time (the reference code)
 * instead of in batches in SIMD lanes; the results are the same bit for
 * bit (tests compare the two). */
void world_review_one_at_a_time(bool on);

/* Builds the month's menu from the supply state (exposed for tests). */
void world_build_menu(struct world *w);

/* Advances one month (k = 0 for the first); threads > 1 processes blocks in
 * parallel. */
void world_step(struct world *w, int k, int threads);

/* The same, called by every thread of an enclosing parallel region (or
 * outside any, by one thread): the blocks are shared out among the team,
 * with barriers before and after them. */
void world_step_team(struct world *w, int k);

/* world_step_team's three parts, for a caller that fuses the serial ones
 * of consecutive months (fewer barriers): world_month_open (one thread:
 * supply moves, the menu is built), world_blocks_team (every thread of the
 * team: the agents due review; a barrier at its end), world_month_close
 * (one thread: the books added up, next month's markups and shares). */
void world_month_open(struct world *w, int k);
void world_blocks_team(struct world *w, int k);
void world_month_close(struct world *w);

#endif
