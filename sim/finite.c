/*
 * finite.c - a run's numbers are finite, or the run stops (see finite.h).
 */
#include "finite.h"

#include <math.h>
#include <stdio.h>

#include "metrics.h"
#include "month.h"

/* A month metric that is never undefined: NaN there is an overflow. */
static bool always_defined(int m)
{
    return m == M_TOKENS_T || m == M_SPEND_MUSD || m == M_REVENUE_MUSD || m == M_SURPLUS_MUSD || m == M_HHI ||
           m == M_LATENT_SAVINGS_MUSD;
}

/* The settings that most likely drove a metric beyond the doubles. */
static const char *likely_month(int m)
{
    if (m == M_SURPLUS_MUSD)
        return "agents.beta or families.*.quality (utility), agents.alpha (its price in dollars), "
               "agents.volume, market.growth";
    if (m == M_AVG_PRICE || m == M_AVG_PRICE_CLOSED || m == M_AVG_PRICE_OPEN || m == M_OWN_PRICE_ELASTICITY)
        return "supply.cost_decline (a negative one raises costs every month), families.*.cost or price";
    return "market.growth over the horizon, market.potential_tokens, agents.volume";
}

static const char *likely_family(int f)
{
    if (f == F_QUALITY)
        return "supply.frontier_growth, supply.compute";
    return "supply.cost_decline (a negative one raises costs every month), families.*.cost or price";
}

static bool check_rows(const struct scenario *sc, const char *which, const struct run_results *res,
                       const double *rows, char *err)
{
    for (int r = 0; r < res->reps; r++)
        for (int k = 0; k < res->months; k++) {
            const double *x = rows + ((size_t)r * res->months + k) * N_MONTH_METRICS;
            for (int m = 0; m < N_MONTH_METRICS; m++) {
                if (isfinite(x[m]) || (isnan(x[m]) && !always_defined(m)))
                    continue;
                char d[MONTH_STR_LEN];
                if (m == M_TOKENS_T && isnan(x[m])) { /* 0 tokens per 0 volume: nothing overflowed */
                    snprintf(err, OSS_ERR_LEN,
                             "%.400s: %sreplication %d: every agent drew a token volume of 0, so there is no "
                             "demand to share out; setting: agents.volume (its draws are clipped at 0) or "
                             "agents.count",
                             sc->path, which, r);
                    return false;
                }
                snprintf(err, OSS_ERR_LEN,
                         "%.400s: %s%s is not a finite number (%g) in %s, replication %d: the run overflowed; "
                         "likely setting: %s",
                         sc->path, which, month_metric_names[m], x[m], month_format(sc->start + k, d), r,
                         likely_month(m));
                return false;
            }
        }
    return true;
}

bool results_finite(const struct scenario *sc, const struct scenario *cf, const struct run_results *res,
                    char *err)
{
    if (!check_rows(sc, "", res, res->rows, err))
        return false;
    if (res->cf_rows && cf && !check_rows(cf, "counterfactual's ", res, res->cf_rows, err))
        return false;
    size_t per_month = (size_t)res->n_fam * N_FAMILY_METRICS;
    for (int r = 0; r < res->reps; r++)
        for (int k = 0; k < res->months; k++)
            for (int j = 0; j < res->n_fam; j++) {
                const double *x = res->fams + ((size_t)r * res->months + k) * per_month + (size_t)j * N_FAMILY_METRICS;
                if (x[F_AVAILABLE] == 0)
                    continue;
                for (int f = 0; f < N_FAMILY_METRICS; f++) {
                    if (isfinite(x[f]) || (isnan(x[f]) && f != F_PRICE && f != F_COST && f != F_QUALITY))
                        continue;
                    char d[MONTH_STR_LEN];
                    snprintf(err, OSS_ERR_LEN,
                             "%.400s: families.%s: %s is not a finite number (%g) in %s, replication %d: the run "
                             "overflowed; likely setting: %s",
                             sc->path, sc->families[j].key, family_metric_names[f], x[f],
                             month_format(sc->start + k, d), r, likely_family(f));
                    return false;
                }
            }
    return true;
}
