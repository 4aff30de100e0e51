/*
 * metric_names.h - the metrics by name: the columns of timeseries.csv and
 * families.csv and the headlines of summary.csv, their units and labels,
 * and the window suffix (NAME@YYYYQn, NAME@YYYY-MM..YYYY-MM) of a calibration target.
 *
 * The names are a contract with users' scripts: keep them.  This is only the
 * list of names, below both the loader (scenario.c checks a calibration
 * target's metric by name) and the computation of the metrics (metrics.c),
 * so that neither depends on the other's code.
 */
#ifndef OSS_METRIC_NAMES_H
#define OSS_METRIC_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h" /* N_REGIONS */

enum month_metric {
    M_TOKENS_T,             /* trillion tokens bought in the month */
    M_SPEND_MUSD,           /* million USD paid by buyers (with tariffs, less subsidies) */
    M_REVENUE_MUSD,         /* million USD at list prices */
    M_AVG_PRICE,            /* USD per million tokens paid, token-weighted */
    M_AVG_PRICE_CLOSED,
    M_AVG_PRICE_OPEN,
    M_OPEN_TOKEN_SHARE,     /* share of tokens, 0..1 */
    M_ORIGIN_TOKEN_SHARE,   /* + origin: us, eu, cn, row */
    M_OA_TOKEN_SHARE = M_ORIGIN_TOKEN_SHARE + N_REGIONS, /* + 2 * origin + access */
    M_OPEN_DEV_SHARE = M_OA_TOKEN_SHARE + 2 * N_REGIONS, /* share of LLM-using agents */
    M_ORIGIN_DEV_SHARE,
    M_OA_DEV_SHARE = M_ORIGIN_DEV_SHARE + N_REGIONS,
    M_CN_SHARE_OF_OPEN_TOKENS = M_OA_DEV_SHARE + 2 * N_REGIONS,
    M_CN_SHARE_OF_OPEN_DEVS,
    M_ADOPTION,             /* share of agents using an LLM (not the outside option) */
    M_SURPLUS_MUSD,         /* consumer surplus, million USD, relative to the outside option */
    M_HHI,                  /* Herfindahl index of family token shares, 0..10000 */
    M_CLOSED_REVENUE_SHARE, /* closed families' share of revenue */
    M_LATENT_SAVINGS_MUSD,  /* Nagle-Yue latent reallocation savings, million USD */
    M_LATENT_PRICE_CUT_PCT, /* ... as a fall of the average list price, % */
    M_COVERED_TARGET_SHARE, /* sanctions-bound agents' token share on the sanctioned origin */
    M_REVIEW_SHARE,         /* share of agents that chose again this month (inertia) */
    M_OWN_PRICE_ELASTICITY, /* reviewing agents' own-price elasticity of a family's token demand, demand-weighted over all families */
    M_OWN_PRICE_ELASTICITY_OPEN, /* ... over open-weight families only (each family's hosts' price moving together) */
    M_MARKET_PRICE_ELASTICITY,   /* elasticity of all tokens to a common proportional change of every price */
    M_FIRST_PARTY_SHARE_OF_OPEN_TOKENS, /* open-weight tokens served by their developers' own APIs, 0..1 */
    M_AVG_PRICE_HOSTED,     /* USD per million tokens paid for open weights served by hosts */
    M_AVG_PRICE_FIRST_PARTY, /* ... served by their developers' own APIs */
    M_SUPERSEDED_TOKEN_SHARE, /* tokens on a release its family has superseded, 0..1 */
    M_OPEN_MODEL_SHARE_MAX,   /* the largest share of open-weight tokens on one open model (release, channels together) */
    N_MONTH_METRICS
};

enum family_metric {
    F_PRICE,         /* list price, USD per million tokens */
    F_QUALITY,       /* capability index points */
    F_COST,          /* marginal cost, USD per million tokens */
    F_TOKEN_SHARE,   /* share of all tokens */
    F_DEV_SHARE,     /* share of LLM-using agents */
    F_REVENUE_MUSD,  /* list price x tokens, million USD */
    F_PROFIT_MUSD,   /* (price - cost) x tokens, million USD */
    F_SPEND_MUSD,    /* paid by buyers (tariffs in, subsidies out), million USD */
    F_AVAILABLE,     /* 1 when on the market */
    F_OPEN,          /* 1 when open weights */
    N_FAMILY_METRICS
};

enum headline {
    H_LATENT_PRICE_CUT_PCT,
    H_LATENT_SAVINGS_BUSD,
    H_CF_PRICE_CUT_PCT,
    H_CF_SPEND_SAVINGS_BUSD,
    H_CF_SURPLUS_GAIN_BUSD,
    H_CN_TOKEN_SHARE_START,
    H_CN_TOKEN_SHARE_MEAN,
    H_CN_TOKEN_SHARE_PEAK,
    H_CN_TOKEN_SHARE_END,
    H_OPEN_TOKEN_SHARE_MEAN,
    H_CN_SHARE_OF_OPEN_DEVS_MEAN,
    H_CLOSED_REVENUE_SHARE_MEAN,
    H_AVG_PRICE_CLOSED_MEAN,
    H_AVG_PRICE_OPEN_MEAN,
    H_MARKET_SPEND_BUSD,
    H_OWN_PRICE_ELASTICITY_MEAN,
    H_AVG_PRICE_MEAN,
    H_OWN_PRICE_ELASTICITY_OPEN_MEAN,
    H_MARKET_PRICE_ELASTICITY_MEAN,
    H_CONSUMER_SURPLUS_BUSD,
    N_HEADLINES
};

extern const char *const month_metric_names[N_MONTH_METRICS];
extern const char *const family_metric_names[N_FAMILY_METRICS];
extern const char *const headline_names[N_HEADLINES];
extern const char *const headline_units[N_HEADLINES];  /* e.g. "%", "USD bn/yr", "share" */
extern const char *const headline_labels[N_HEADLINES]; /* one line of plain English */

/* Headlines that need a counterfactual. */
static inline bool headline_is_cf(int h) { return h >= H_CF_PRICE_CUT_PCT && h <= H_CF_SURPLUS_GAIN_BUSD; }

/* A window suffix: "NAME@YYYYQn" (a quarter) or "NAME@YYYY-MM..YYYY-MM" (the
 * months from the first to the last, both included) -> NAME in base, and the
 * window's first and last months (month.h numbers).  Returns 0 when name has
 * no '@', 1 when the suffix is a window, -1 when it is malformed. */
int metrics_window(const char *name, char *base, size_t n, int *first, int *last);

#endif
