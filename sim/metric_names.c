/*
 * metric_names.c - the names, units and labels of the metrics (see
 * metric_names.h).
 */
#include "metric_names.h"

#include <stdio.h>
#include <string.h>

#include "month.h"

const char *const month_metric_names[N_MONTH_METRICS] = {
    [M_TOKENS_T] = "tokens_t",
    [M_SPEND_MUSD] = "spend_musd",
    [M_REVENUE_MUSD] = "revenue_musd",
    [M_AVG_PRICE] = "avg_price",
    [M_AVG_PRICE_CLOSED] = "avg_price_closed",
    [M_AVG_PRICE_OPEN] = "avg_price_open",
    [M_OPEN_TOKEN_SHARE] = "open_token_share",
    [M_ORIGIN_TOKEN_SHARE + REGION_US] = "us_token_share",
    [M_ORIGIN_TOKEN_SHARE + REGION_EU] = "eu_token_share",
    [M_ORIGIN_TOKEN_SHARE + REGION_CN] = "cn_token_share",
    [M_ORIGIN_TOKEN_SHARE + REGION_ROW] = "row_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_US] = "us_closed_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_US + 1] = "us_open_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_EU] = "eu_closed_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_EU + 1] = "eu_open_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_CN] = "cn_closed_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_CN + 1] = "cn_open_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_ROW] = "row_closed_token_share",
    [M_OA_TOKEN_SHARE + 2 * REGION_ROW + 1] = "row_open_token_share",
    [M_OPEN_DEV_SHARE] = "open_dev_share",
    [M_ORIGIN_DEV_SHARE + REGION_US] = "us_dev_share",
    [M_ORIGIN_DEV_SHARE + REGION_EU] = "eu_dev_share",
    [M_ORIGIN_DEV_SHARE + REGION_CN] = "cn_dev_share",
    [M_ORIGIN_DEV_SHARE + REGION_ROW] = "row_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_US] = "us_closed_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_US + 1] = "us_open_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_EU] = "eu_closed_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_EU + 1] = "eu_open_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_CN] = "cn_closed_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_CN + 1] = "cn_open_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_ROW] = "row_closed_dev_share",
    [M_OA_DEV_SHARE + 2 * REGION_ROW + 1] = "row_open_dev_share",
    [M_CN_SHARE_OF_OPEN_TOKENS] = "cn_share_of_open_tokens",
    [M_CN_SHARE_OF_OPEN_DEVS] = "cn_share_of_open_devs",
    [M_ADOPTION] = "adoption",
    [M_SURPLUS_MUSD] = "consumer_surplus_musd",
    [M_HHI] = "hhi",
    [M_CLOSED_REVENUE_SHARE] = "closed_revenue_share",
    [M_LATENT_SAVINGS_MUSD] = "latent_savings_musd",
    [M_LATENT_PRICE_CUT_PCT] = "latent_price_cut_pct",
    [M_COVERED_TARGET_SHARE] = "sanctioned_target_share",
    [M_REVIEW_SHARE] = "review_share",
    [M_OWN_PRICE_ELASTICITY] = "own_price_elasticity",
    [M_OWN_PRICE_ELASTICITY_OPEN] = "own_price_elasticity_open",
    [M_MARKET_PRICE_ELASTICITY] = "market_price_elasticity",
    [M_FIRST_PARTY_SHARE_OF_OPEN_TOKENS] = "first_party_share_of_open_tokens",
    [M_AVG_PRICE_HOSTED] = "avg_price_hosted",
    [M_AVG_PRICE_FIRST_PARTY] = "avg_price_first_party",
    [M_SUPERSEDED_TOKEN_SHARE] = "superseded_token_share",
    [M_OPEN_MODEL_SHARE_MAX] = "open_model_share_max",
};

const char *const family_metric_names[N_FAMILY_METRICS] = {
    [F_PRICE] = "price",
    [F_QUALITY] = "quality",
    [F_COST] = "marginal_cost",
    [F_TOKEN_SHARE] = "token_share",
    [F_DEV_SHARE] = "developer_share",
    [F_REVENUE_MUSD] = "revenue_musd",
    [F_PROFIT_MUSD] = "profit_musd",
    [F_SPEND_MUSD] = "spend_musd",
    [F_AVAILABLE] = "available",
    [F_OPEN] = "open",
};

const char *const headline_names[N_HEADLINES] = {
    [H_LATENT_PRICE_CUT_PCT] = "latent_price_cut_pct",
    [H_LATENT_SAVINGS_BUSD] = "latent_savings_busd",
    [H_CF_PRICE_CUT_PCT] = "cf_price_cut_pct",
    [H_CF_SPEND_SAVINGS_BUSD] = "cf_spend_savings_busd",
    [H_CF_SURPLUS_GAIN_BUSD] = "cf_surplus_gain_busd",
    [H_CN_TOKEN_SHARE_START] = "cn_token_share_start",
    [H_CN_TOKEN_SHARE_MEAN] = "cn_token_share_mean",
    [H_CN_TOKEN_SHARE_PEAK] = "cn_token_share_peak",
    [H_CN_TOKEN_SHARE_END] = "cn_token_share_end",
    [H_OPEN_TOKEN_SHARE_MEAN] = "open_token_share_mean",
    [H_CN_SHARE_OF_OPEN_DEVS_MEAN] = "cn_share_of_open_devs_mean",
    [H_CLOSED_REVENUE_SHARE_MEAN] = "closed_revenue_share_mean",
    [H_AVG_PRICE_CLOSED_MEAN] = "avg_price_closed_mean",
    [H_AVG_PRICE_OPEN_MEAN] = "avg_price_open_mean",
    [H_MARKET_SPEND_BUSD] = "market_spend_busd",
    [H_OWN_PRICE_ELASTICITY_MEAN] = "own_price_elasticity_mean",
    [H_AVG_PRICE_MEAN] = "avg_price_mean",
    [H_OWN_PRICE_ELASTICITY_OPEN_MEAN] = "own_price_elasticity_open_mean",
    [H_MARKET_PRICE_ELASTICITY_MEAN] = "market_price_elasticity_mean",
    [H_CONSUMER_SURPLUS_BUSD] = "consumer_surplus_busd",
};

const char *const headline_units[N_HEADLINES] = {
    [H_LATENT_PRICE_CUT_PCT] = "%",
    [H_LATENT_SAVINGS_BUSD] = "USD bn/yr",
    [H_CF_PRICE_CUT_PCT] = "%",
    [H_CF_SPEND_SAVINGS_BUSD] = "USD bn/yr",
    [H_CF_SURPLUS_GAIN_BUSD] = "USD bn/yr",
    [H_CN_TOKEN_SHARE_START] = "share",
    [H_CN_TOKEN_SHARE_MEAN] = "share",
    [H_CN_TOKEN_SHARE_PEAK] = "share",
    [H_CN_TOKEN_SHARE_END] = "share",
    [H_OPEN_TOKEN_SHARE_MEAN] = "share",
    [H_CN_SHARE_OF_OPEN_DEVS_MEAN] = "share",
    [H_CLOSED_REVENUE_SHARE_MEAN] = "share",
    [H_AVG_PRICE_CLOSED_MEAN] = "USD/Mtok",
    [H_AVG_PRICE_OPEN_MEAN] = "USD/Mtok",
    [H_MARKET_SPEND_BUSD] = "USD bn/yr",
    [H_OWN_PRICE_ELASTICITY_MEAN] = "elasticity",
    [H_AVG_PRICE_MEAN] = "USD/Mtok",
    [H_OWN_PRICE_ELASTICITY_OPEN_MEAN] = "elasticity",
    [H_MARKET_PRICE_ELASTICITY_MEAN] = "elasticity",
    [H_CONSUMER_SURPLUS_BUSD] = "USD bn/yr",
};

const char *const headline_labels[N_HEADLINES] = {
    [H_LATENT_PRICE_CUT_PCT] = "fall in average price if dominated closed use moved to open",
    [H_LATENT_SAVINGS_BUSD] = "savings from that latent reallocation",
    [H_CF_PRICE_CUT_PCT] = "average price cut against a world without open-weight models",
    [H_CF_SPEND_SAVINGS_BUSD] = "spend saved against a world without open-weight models",
    [H_CF_SURPLUS_GAIN_BUSD] = "consumer surplus gained against a world without open-weight models",
    [H_CN_TOKEN_SHARE_START] = "Chinese families' share of tokens, first month",
    [H_CN_TOKEN_SHARE_MEAN] = "... mean over the reporting year",
    [H_CN_TOKEN_SHARE_PEAK] = "... highest month of the reporting year",
    [H_CN_TOKEN_SHARE_END] = "... last month of the horizon",
    [H_OPEN_TOKEN_SHARE_MEAN] = "open-weight share of tokens, reporting-year mean",
    [H_CN_SHARE_OF_OPEN_DEVS_MEAN] = "Chinese share of open-model developers",
    [H_CLOSED_REVENUE_SHARE_MEAN] = "closed families' share of revenue",
    [H_AVG_PRICE_CLOSED_MEAN] = "average price paid for closed models",
    [H_AVG_PRICE_OPEN_MEAN] = "average price paid for open models",
    [H_MARKET_SPEND_BUSD] = "spend on LLM tokens in the reporting year",
    [H_OWN_PRICE_ELASTICITY_MEAN] = "a family's own-price elasticity of token demand, choosing agents",
    [H_AVG_PRICE_MEAN] = "average price paid for all models, reporting-year mean",
    [H_OWN_PRICE_ELASTICITY_OPEN_MEAN] = "an open family's own-price elasticity of token demand",
    [H_MARKET_PRICE_ELASTICITY_MEAN] = "elasticity of all tokens bought to every price at once",
    [H_CONSUMER_SURPLUS_BUSD] = "consumer surplus over the outside option, reporting year",
};

int metrics_window(const char *name, char *base, size_t n, int *first, int *last)
{
    const char *at = strchr(name, '@');
    if (!at)
        return 0;
    if ((size_t)(at - name) >= n)
        return -1;
    int y, q, used = 0;
    const char *dots = strstr(at + 1, "..");
    if (dots) { /* YYYY-MM..YYYY-MM, both months included, the first not after the last */
        char a[8];
        if (dots - (at + 1) != 7)
            return -1;
        memcpy(a, at + 1, 7);
        a[7] = '\0';
        if (!month_parse(a, first) || !month_parse(dots + 2, last) || *first > *last)
            return -1;
    } else {
        if (sscanf(at + 1, "%4dQ%1d%n", &y, &q, &used) != 2 || used != 6 || at[used + 1] != '\0' || y < 1900 ||
            y > 2199 || q < 1 || q > 4)
            return -1;
        *first = month_make(y, 3 * q - 2);
        *last = month_make(y, 3 * q);
    }
    snprintf(base, n, "%.*s", (int)(at - name), name);
    return 1;
}
