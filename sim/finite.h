/*
 * finite.h - a run's numbers are finite, or the run stops.
 *
 * A metric is NaN by design only where it is undefined: a share of nothing,
 * a price with no tokens sold (ratio() in metrics.c).  An overflow shows as
 * an infinity, or as a NaN in a total that is always defined (tokens, spend,
 * revenue, surplus, concentration, savings) or in a family's price, cost or
 * quality while it is on the market.  results_finite() looks at every month
 * of every replication (and of the counterfactual's) and names the first
 * such value: metric, month, replication, and the settings that most likely
 * drove it, so the command can exit 1 instead of writing NaN.
 */
#ifndef OSS_FINITE_H
#define OSS_FINITE_H

#include <stdbool.h>

#include "run.h"
#include "scenario.h"

/* True when every value is finite or undefined by design; else false with
 * "SCENARIO: METRIC is not finite (inf) in month YYYY-MM of replication R
 * ...; likely setting: ..." in err (OSS_ERR_LEN). */
bool results_finite(const struct scenario *sc, const struct scenario *cf, const struct run_results *res,
                    char *err);

#endif
