/*
 * scripts/columns_doc.c - prints docs/columns.md: every column of every CSV
 * file oss-sim writes, with its unit and definition.  The metric names come
 * from the simulator's own tables (sim/metrics.c), so a metric added there
 * without a definition here shows as "(undocumented)", which the tests
 * refuse; `make docs` writes the file and `make test` checks it is current.
 *
 *   build/release/columns_doc > docs/columns.md
 */
#include <stdio.h>
#include <string.h>

#include "metrics.h"

static const char *const origin_word[N_REGIONS] = {"American", "European", "Chinese", "other origins'"};

static void row(const char *name, const char *unit, const char *def)
{
    printf("| `%s` | %s | %s |\n", name, unit, def);
}

static void head(const char *file, const char *what)
{
    printf("\n## `%s`\n\n%s\n\n| column | unit | definition |\n|---|---|---|\n", file, what);
}

/* A monthly metric's unit and definition. */
static void month_metric(int m, const char **unit, char *def, size_t n)
{
    *unit = "share 0..1";
    if (m >= M_ORIGIN_TOKEN_SHARE && m < M_ORIGIN_TOKEN_SHARE + N_REGIONS) {
        snprintf(def, n, "%s families' share of all tokens", origin_word[m - M_ORIGIN_TOKEN_SHARE]);
        return;
    }
    if (m >= M_OA_TOKEN_SHARE && m < M_OA_TOKEN_SHARE + 2 * N_REGIONS) {
        int k = m - M_OA_TOKEN_SHARE;
        snprintf(def, n, "%s %s families' share of all tokens", origin_word[k / 2], k % 2 ? "open-weight" : "closed");
        return;
    }
    if (m >= M_ORIGIN_DEV_SHARE && m < M_ORIGIN_DEV_SHARE + N_REGIONS) {
        snprintf(def, n, "%s families' share of the agents using an LLM", origin_word[m - M_ORIGIN_DEV_SHARE]);
        return;
    }
    if (m >= M_OA_DEV_SHARE && m < M_OA_DEV_SHARE + 2 * N_REGIONS) {
        int k = m - M_OA_DEV_SHARE;
        snprintf(def, n, "%s %s families' share of the agents using an LLM", origin_word[k / 2],
                 k % 2 ? "open-weight" : "closed");
        return;
    }
    const char *d = NULL;
    switch (m) {
    case M_TOKENS_T:
        *unit = "trillion tokens";
        d = "tokens bought in the month";
        break;
    case M_SPEND_MUSD:
        *unit = "USD million";
        d = "paid by buyers in the month (with tariffs, less subsidies)";
        break;
    case M_REVENUE_MUSD:
        *unit = "USD million";
        d = "tokens at list prices in the month";
        break;
    case M_AVG_PRICE:
        *unit = "USD per million tokens";
        d = "token-weighted average price paid, all models";
        break;
    case M_AVG_PRICE_CLOSED:
        *unit = "USD per million tokens";
        d = "token-weighted average price paid, closed models";
        break;
    case M_AVG_PRICE_OPEN:
        *unit = "USD per million tokens";
        d = "token-weighted average price paid, open-weight models (NaN without any)";
        break;
    case M_OPEN_TOKEN_SHARE:
        d = "open-weight families' share of all tokens";
        break;
    case M_OPEN_DEV_SHARE:
        d = "open-weight families' share of the agents using an LLM";
        break;
    case M_CN_SHARE_OF_OPEN_TOKENS:
        d = "Chinese families' share of open-weight tokens";
        break;
    case M_CN_SHARE_OF_OPEN_DEVS:
        d = "Chinese families' share of the agents using open-weight models";
        break;
    case M_ADOPTION:
        d = "agents using an LLM rather than the outside option";
        break;
    case M_SURPLUS_MUSD:
        *unit = "USD million";
        d = "consumer surplus in the month over the outside option (log-sum over agents)";
        break;
    case M_HHI:
        *unit = "0..10000";
        d = "Herfindahl index of the families' token shares";
        break;
    case M_CLOSED_REVENUE_SHARE:
        d = "closed families' share of revenue";
        break;
    case M_LATENT_SAVINGS_MUSD:
        *unit = "USD million";
        d = "saved if every closed model's tokens that an available open family dominates moved to the cheapest "
            "such family, each release judged at its own quality (Nagle and Yue 2025)";
        break;
    case M_LATENT_PRICE_CUT_PCT:
        *unit = "%";
        d = "that latent saving as a fall of the average list price";
        break;
    case M_COVERED_TARGET_SHARE:
        d = "sanctions-bound agents' token share on the sanctioned origin";
        break;
    case M_REVIEW_SHARE:
        d = "agents that chose again in the month (all in the first month)";
        break;
    case M_OWN_PRICE_ELASTICITY:
        *unit = "elasticity";
        d = "a family's own-price elasticity of token demand among reviewing agents, demand-weighted over all families";
        break;
    case M_OWN_PRICE_ELASTICITY_OPEN:
        *unit = "elasticity";
        d = "the same over open-weight families only";
        break;
    case M_MARKET_PRICE_ELASTICITY:
        *unit = "elasticity";
        d = "elasticity of all tokens to a common proportional change of every price";
        break;
    case M_FIRST_PARTY_SHARE_OF_OPEN_TOKENS:
        d = "open-weight tokens served by their developers' own APIs (first-party channel), not by hosts";
        break;
    case M_AVG_PRICE_HOSTED:
        *unit = "USD per million tokens";
        d = "average price paid for open weights served by third-party hosts, token-weighted";
        break;
    case M_AVG_PRICE_FIRST_PARTY:
        *unit = "USD per million tokens";
        d = "average price paid on open models' first-party APIs, token-weighted";
        break;
    case M_SUPERSEDED_TOKEN_SHARE:
        d = "tokens of agents still on a release their family has superseded (an agent keeps the model it chose "
            "until its next review)";
        break;
    case M_OPEN_MODEL_SHARE_MAX:
        d = "the largest share of open-weight tokens on one open model: a release of an open family, its channels "
            "together, counting the agents still on a superseded release on that release";
        break;
    default:
        *unit = "";
        d = "(undocumented)";
    }
    snprintf(def, n, "%s", d);
}

static void family_metric(int m, const char **unit, const char **def)
{
    static const char *const u[N_FAMILY_METRICS] = {
        [F_PRICE] = "USD per million tokens", [F_QUALITY] = "index points", [F_COST] = "USD per million tokens",
        [F_TOKEN_SHARE] = "share 0..1",      [F_DEV_SHARE] = "share 0..1",  [F_REVENUE_MUSD] = "USD million",
        [F_PROFIT_MUSD] = "USD million",    [F_SPEND_MUSD] = "USD million",
    };
    static const char *const d[N_FAMILY_METRICS] = {
        [F_PRICE] = "list price (blended 3:1 input:output)",
        [F_QUALITY] = "capability",
        [F_COST] = "marginal cost of serving",
        [F_TOKEN_SHARE] = "share of all tokens",
        [F_DEV_SHARE] = "share of the agents using an LLM",
        [F_REVENUE_MUSD] = "list price times tokens, in the month",
        [F_PROFIT_MUSD] = "(price - cost) times tokens, in the month",
        [F_SPEND_MUSD] = "paid by buyers (tariffs in, subsidies out), in the month",
    };
    *unit = u[m] ? u[m] : "";
    *def = d[m] ? d[m] : "(undocumented)";
}

static void summary_cols(void)
{
    row("metric", "name", "a headline metric (below)");
    row("mean", "the metric's", "mean over replications");
    row("sd", "the metric's", "standard deviation over replications");
    row("ci95_lo, ci95_hi", "the metric's",
        "95% confidence interval of the mean (Student t, n - 1 degrees of freedom): the Monte Carlo noise of the "
        "replications at fixed parameters");
    row("n", "replications", "replications with a defined value");
}

/* The columns --ensemble K appends: the parameters' uncertainty. */
static void ensemble_cols(const char *of)
{
    char d[300];
    snprintf(d, sizeof d,
             "with `--ensemble K` only: the 90%% interval, over the posterior draws of the calibrated parameters, "
             "of each draw's %s (the parameters' uncertainty; the ci95 columns are the Monte Carlo noise)",
             of);
    row("pi90_lo, pi90_hi", "the metric's", d);
    row("draws", "draws", "with `--ensemble K` only: the posterior draws run (K), each with the -r replications");
}

static void delta_cols(const char *of)
{
    row("metric", "name", of);
    row("delta_mean", "the metric's", "mean over replications of the scenario's value minus the reference's, each "
                                      "replication against its twin on the same random numbers");
    row("delta_ci95_lo, delta_ci95_hi", "the metric's", "95% confidence interval of that mean difference (paired t)");
    row("n", "replications", "pairs with a defined difference");
    ensemble_cols("mean difference");
}

int main(void)
{
    printf("# CSV columns\n\n"
           "Every column of every CSV file oss-sim writes, with its unit and definition,\n"
           "generated by `scripts/columns_doc.c` from the simulator's tables of metrics\n"
           "(`make docs`; do not edit by hand).  Files are plain CSV: one header row, commas,\n"
           "`.` decimals, `NaN` where a value is undefined.  Shares are fractions 0..1 in\n"
           "every file (the printed summaries show effects on shares in percentage points,\n"
           "pp: 100 times the difference of two shares).  The equations behind each metric are\n"
           "in `model.md` section 6.\n");

    head("summary.csv", "The headline metrics of a run, one row each.");
    summary_cols();
    ensemble_cols("mean");
    printf("\nThe headline metrics (the `metric` column; also the rows of `effect.csv`,\n"
           "`comparison.csv` and `compare.csv`, and the `M_mean` ... columns of `sweep.csv`):\n\n"
           "| metric | unit | definition |\n|---|---|---|\n");
    for (int h = 0; h < N_HEADLINES; h++) {
        char d[300];
        /* the printed summary's "... mean over the reporting year" continues the line above it */
        snprintf(d, sizeof d, "%s%s%s", strncmp(headline_labels[h], "... ", 4) == 0 ? "Chinese families' share of tokens, " : "",
                 headline_labels[h] + (strncmp(headline_labels[h], "... ", 4) == 0 ? 4 : 0),
                 headline_is_cf(h) ? " (only with a counterfactual)" : "");
        row(headline_names[h], headline_units[h], d);
    }

    head("effect.csv", "A policy's effect: the scenario minus its reference (the same world without the policy), "
                       "written when the scenario names a `reference`.  A `metric` is a headline for the reporting "
                       "year, `NAME@policy` over the months the policy acts, or `NAME@YEAR` over a year of `--years`; "
                       "the means over a window are over its months and the USD bn/yr sums are scaled to a year.  The "
                       "`cf_` headlines are not effects and are left out.");
    delta_cols("a headline metric, with its window");
    head("comparison.csv", "Written with `--baseline FILE` (the old name of `--reference`): the reporting-year rows of "
                           "`effect.csv`.");
    delta_cols("a headline metric");

    head("effect_timeseries.csv", "The policy's effect month by month: the scenario minus its reference.");
    row("date", "YYYY-MM", "month");
    for (int m = 0; m < N_MONTH_METRICS; m++) {
        if (!month_metric_has_ci(m))
            continue;
        const char *u;
        char d[300], n[160], dd[400];
        month_metric(m, &u, d, sizeof d);
        snprintf(n, sizeof n, "%s_delta", month_metric_names[m]);
        snprintf(dd, sizeof dd, "the scenario's %s minus the reference's, mean over replications", d);
        row(n, u, dd);
        snprintf(n, sizeof n, "%s_delta_ci95_lo, %s_delta_ci95_hi", month_metric_names[m], month_metric_names[m]);
        row(n, u, "95% confidence interval of that mean difference (paired t)");
    }
    row("policy_active", "0 or 1", "1 in the months the scenario's policy acts");
    row("n", "replications", "pairs");

    head("timeseries.csv", "One row per month: each monthly metric as the mean over replications.  The metrics "
                           "whose 95% confidence interval is written are followed by `NAME_ci95_lo,NAME_ci95_hi`.  "
                           "`runs.csv` (`--per-run`) has the same metrics, without intervals, per replication "
                           "(`run,date,...`).");
    row("date", "YYYY-MM", "month");
    for (int m = 0; m < N_MONTH_METRICS; m++) {
        const char *u;
        char d[300], n[160];
        month_metric(m, &u, d, sizeof d);
        row(month_metric_names[m], u, d);
        if (month_metric_has_ci(m)) {
            snprintf(n, sizeof n, "%s_ci95_lo, %s_ci95_hi", month_metric_names[m], month_metric_names[m]);
            row(n, u, "95% confidence interval of the mean");
            snprintf(n, sizeof n, "%s_pi90_lo, %s_pi90_hi", month_metric_names[m], month_metric_names[m]);
            row(n, u, "with `--ensemble K` only: the 90% interval over posterior draws of each draw's mean");
        }
    }
    row("cf_avg_price, cf_avg_price_ci95_lo, cf_avg_price_ci95_hi", "USD per million tokens",
        "with a counterfactual: its average price paid, with its interval");
    row("run", "index", "runs.csv only: the replication, from 0");

    head("families.csv", "One row per month for each family and serving channel on the market that month; means "
                         "over replications.");
    row("date", "YYYY-MM", "month");
    row("family, vendor", "text", "the family's name and its vendor");
    row("origin", "US, EU, CN or ROW", "the vendor's origin");
    row("access", "open or closed", "its access that month");
    row("channel", "api, hosted or first_party",
        "where its tokens are served: a closed family's API, an open family's weights on third-party hosts, "
        "or its developer's own API (an open family with a first-party API has two rows a month)");
    for (int m = 0; m < N_FAMILY_METRICS; m++) {
        if (m == F_AVAILABLE || m == F_OPEN)
            continue;
        const char *u, *d;
        family_metric(m, &u, &d);
        row(family_metric_names[m], u, d);
    }

    head("compare.csv", "`oss-sim compare`: one row per scenario and headline; the first scenario is the "
                        "reference.");
    row("scenario", "name", "the scenario file's name");
    summary_cols();
    row("delta_mean, delta_ci95_lo, delta_ci95_hi", "the metric's",
        "the scenario minus the reference, paired by replication, with its 95% interval (NaN for the reference)");
    ensemble_cols("mean");
    row("delta_pi90_lo, delta_pi90_hi", "the metric's",
        "with `--ensemble K` only: the same for the difference from the reference (NaN for the reference)");

    head("calibration.csv", "The calibration targets of a scenario file that holds a `calibration` block.");
    row("metric", "name", "a headline or `share_of_open_tokens.FAMILY`");
    row("value, tolerance", "the metric's", "the published figure and the distance within which it is met");
    row("weight", "", "its weight in the fit; 0: reported, not fitted");
    row("mean, ci95_lo, ci95_hi, n", "the metric's", "the model's value: mean over replications and its 95% interval");
    row("within", "yes or no", "|mean - value| <= tolerance");
    row("source", "text", "where the figure comes from");
    ensemble_cols("mean");
    row("within_share", "share", "with `--ensemble K` only: the share of draws whose mean is within tolerance");

    head("sweep.csv", "`oss-sim sweep`: one row per design point.");
    row("point", "index", "the design point, from 0");
    row("KEY (one per swept parameter)", "the key's (`docs/keys.md`)", "the parameter's value at the point");
    row("M_mean, M_sd, M_ci95_lo, M_ci95_hi", "the headline's", "for each headline M: as in summary.csv");
    row("n", "replications", "replications per point");
    row("M_pi90_lo, M_pi90_hi", "the headline's",
        "with `--ensemble K` only, for each headline M: the 90% interval over posterior draws of each draw's mean");
    row("draws", "draws", "with `--ensemble K` only: the posterior draws run at every point");

    head("posterior.csv", "`oss-sim calibrate`: the fit's diagnostics, one table; `section` says what a row is "
                          "(the columns a section does not use are empty).");
    row("section", "text", "`summary`, `parameter`, `correlation` or `target`");
    row("name", "text",
        "summary: `effective_sample_size`, `draws`, `epsilon` (the final tolerance on sqrt(F)), `generations` or "
        "`evaluations`; parameter: the free key; correlation: `KEY~KEY`; target: the target's metric");
    row("mean", "the row's", "summary: its value; parameter: the posterior mean; correlation: the posterior "
                             "correlation; target: the mean over draws of the model's value");
    row("sd", "the key's", "parameter: the posterior standard deviation");
    row("q05, q95", "the row's", "parameter and target: the posterior's 5% and 95% quantiles");
    row("prior, prior_mean, prior_sd, prior_q05, prior_q95", "the key's",
        "parameter: the prior's distribution and its mean, sd and quantiles");
    row("flag", "text", "parameter: `piles at min` or `piles at max` when the posterior presses on a bound");
    row("value, tolerance, weight", "the target's", "target: the published figure, its tolerance and its weight");
    row("within_share", "share", "target: the share of draws whose value is within tolerance");
    row("source", "text", "parameter or target: its source");

    head("sobol.csv", "`oss-sim sweep --analyse sobol`: Sobol indices of each parameter for each headline.");
    row("metric, parameter", "names", "the headline and the swept key");
    row("S1, S1_ci95_lo, S1_ci95_hi", "share of variance",
        "first-order index (the parameter alone) with its 95% bootstrap interval");
    row("ST, ST_ci95_lo, ST_ci95_hi", "share of variance", "total index (interactions included) with its interval");

    head("tornado.csv", "`oss-sim brief`: the main effect as each judgement call moves over its range.");
    row("key, label", "text", "the judgement call's scenario key and its plain-language label");
    row("value, low, high", "the key's", "its value in the scenario and the two ends of its range");
    row("effect_low, effect_low_ci95_lo, effect_low_ci95_hi", "percentage points",
        "the policy's effect on the Chinese share of tokens with the call at its low end, and its paired interval");
    row("effect_high, effect_high_ci95_lo, effect_high_ci95_hi", "percentage points", "the same at its high end");
    row("effect", "percentage points", "the effect with every call as in the scenario");
    row("metric", "name", "the effect's metric and window, as in effect.csv");
    return 0;
}
