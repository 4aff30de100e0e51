/*
 * metrics.c - monthly, per-family and headline metrics (see metrics.h).
 *
 * Shares are fractions (0..1); prices are USD per million tokens; money is
 * in millions of USD per month in the monthly rows and billions per year in
 * the headlines.  Averages over the reporting year are plain means of the
 * monthly values; sums over it (spend, savings) are scaled to a full year
 * when the horizon covers only part of it.
 */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "month.h"
#include "policy.h"

bool month_metric_has_ci(int m)
{
    return m == M_AVG_PRICE || m == M_OPEN_TOKEN_SHARE || m == M_ORIGIN_TOKEN_SHARE + REGION_CN ||
           m == M_CN_SHARE_OF_OPEN_DEVS || m == M_SPEND_MUSD || m == M_SURPLUS_MUSD ||
           m == M_LATENT_PRICE_CUT_PCT;
}

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

double metrics_latent_at(int n, const bool *available, const bool *open, const double *price,
                         const double *quality, int k, double q, double tok)
{
    if (!available[k] || open[k] || !(tok > 0))
        return 0;
    int best = -1;
    for (int j = 0; j < n; j++)
        if (available[j] && open[j] && quality[j] >= q && price[j] <= price[k] &&
            (best < 0 || price[j] < price[best]))
            best = j;
    return best >= 0 ? tok * (price[k] - price[best]) : 0;
}

void metrics_latent(int n, const bool *available, const bool *open, const double *price,
                    const double *quality, const double *tokens, double *savings, double *spend)
{
    *savings = 0;
    *spend = 0;
    for (int k = 0; k < n; k++) {
        if (!available[k])
            continue;
        *spend += tokens[k] * price[k];
        *savings += metrics_latent_at(n, available, open, price, quality, k, quality[k], tokens[k]);
    }
}

void metrics_month(const struct world *w, double *row, double *fam)
{
    const struct scenario *sc = w->sc;
    const struct supply *s = &w->supply;
    const struct tally *t = &w->total;
    const struct menu *m = &w->menu;
    int n = sc->n_families;
    double tokens[OSS_MAX_FAMILIES], devs[OSS_MAX_FAMILIES];
    bool avail[OSS_MAX_FAMILIES], open[OSS_MAX_FAMILIES];
    double all_tok = 0, all_dev = 0, spend = 0, revenue = 0, agents = 0;
    double tok_a[N_ACCESS] = {0}, spend_a[N_ACCESS] = {0}, dev_a[N_ACCESS] = {0}, rev_a[N_ACCESS] = {0};
    double tok_o[N_REGIONS] = {0}, dev_o[N_REGIONS] = {0};
    double tok_oa[N_REGIONS][N_ACCESS] = {{0}}, dev_oa[N_REGIONS][N_ACCESS] = {{0}};
    double tok_ch[N_CHANNELS] = {0}, spend_ch[N_CHANNELS] = {0}, paid_j[OSS_MAX_FAMILIES];
    double model_tok[OSS_MAX_FAMILIES] = {0}; /* by the index of the model's option */

    for (int j = 0; j <= OSS_MAX_FAMILIES; j++)
        for (int c = 0; c < N_CELLS; c++)
            agents += t->devs[j][c];
    for (int j = 0; j < n; j++) {
        tokens[j] = devs[j] = 0;
        double paid = 0;
        for (int c = 0; c < N_CELLS; c++) {
            double tk = t->tokens[j][c] * w->token_scale; /* million tokens */
            tokens[j] += tk;
            devs[j] += t->devs[j][c];
            if (tk > 0)
                paid += tk * m->paid[c][j];
        }
        avail[j] = s->available[j];
        open[j] = s->access[j] == ACCESS_OPEN;
        paid_j[j] = paid;
        model_tok[sc->families[j].model] += tokens[j];
        if (avail[j]) {
            int ch = policy_channel(&sc->families[j], s->access[j]);
            tok_ch[ch] += tokens[j];
            spend_ch[ch] += paid;
        }
        int a = open[j], o = sc->families[j].origin;
        all_tok += tokens[j];
        all_dev += devs[j];
        spend += paid;
        revenue += tokens[j] * s->price[j];
        tok_a[a] += tokens[j];
        dev_a[a] += devs[j];
        spend_a[a] += paid;
        rev_a[a] += tokens[j] * s->price[j];
        tok_o[o] += tokens[j];
        dev_o[o] += devs[j];
        tok_oa[o][a] += tokens[j];
        dev_oa[o][a] += devs[j];
    }

    row[M_TOKENS_T] = all_tok / 1e6;
    row[M_SPEND_MUSD] = spend / 1e6;
    row[M_REVENUE_MUSD] = revenue / 1e6;
    row[M_AVG_PRICE] = ratio(spend, all_tok);
    row[M_AVG_PRICE_CLOSED] = ratio(spend_a[ACCESS_CLOSED], tok_a[ACCESS_CLOSED]);
    row[M_AVG_PRICE_OPEN] = ratio(spend_a[ACCESS_OPEN], tok_a[ACCESS_OPEN]);
    row[M_OPEN_TOKEN_SHARE] = ratio(tok_a[ACCESS_OPEN], all_tok);
    row[M_OPEN_DEV_SHARE] = ratio(dev_a[ACCESS_OPEN], all_dev);
    for (int o = 0; o < N_REGIONS; o++) {
        row[M_ORIGIN_TOKEN_SHARE + o] = ratio(tok_o[o], all_tok);
        row[M_ORIGIN_DEV_SHARE + o] = ratio(dev_o[o], all_dev);
        for (int a = 0; a < N_ACCESS; a++) {
            row[M_OA_TOKEN_SHARE + 2 * o + a] = ratio(tok_oa[o][a], all_tok);
            row[M_OA_DEV_SHARE + 2 * o + a] = ratio(dev_oa[o][a], all_dev);
        }
    }
    row[M_CN_SHARE_OF_OPEN_TOKENS] = ratio(tok_oa[REGION_CN][ACCESS_OPEN], tok_a[ACCESS_OPEN]);
    row[M_CN_SHARE_OF_OPEN_DEVS] = ratio(dev_oa[REGION_CN][ACCESS_OPEN], dev_a[ACCESS_OPEN]);
    row[M_ADOPTION] = ratio(all_dev, agents);
    double surplus = 0;
    for (int c = 0; c < N_CELLS; c++)
        surplus += t->surplus[c];
    row[M_SURPLUS_MUSD] = surplus * w->token_scale / 1e6;
    double hhi = 0; /* over models: the channels of one model are one supplier's product */
    for (int j = 0; j < n; j++) {
        double sh = ratio(model_tok[j], all_tok);
        if (sh > 0)
            hhi += 1e4 * sh * sh;
    }
    row[M_HHI] = hhi;
    row[M_CLOSED_REVENUE_SHARE] = ratio(rev_a[ACCESS_CLOSED], revenue);
    /* tokens still on superseded releases: judged at their own quality */
    double latest[OSS_MAX_FAMILIES] = {0}, old_sav = 0, old_tok = 0;
    for (int j = 0; j < n; j++) {
        latest[j] = tokens[j];
        for (int v = 0; avail[j] && v < m->release[j]; v++) {
            double tk = t->superseded[j][v] * w->token_scale;
            latest[j] -= tk;
            old_tok += tk;
            old_sav += metrics_latent_at(n, avail, open, s->price, s->quality, j, s->superseded[j][v], tk);
        }
    }
    double sav, lspend = 0, unused;
    metrics_latent(n, avail, open, s->price, s->quality, latest, &sav, &unused);
    sav += old_sav;
    for (int j = 0; j < n; j++) /* at list prices, every release's tokens */
        if (avail[j])
            lspend += tokens[j] * s->price[j];
    row[M_SUPERSEDED_TOKEN_SHARE] = ratio(old_tok, all_tok);
    /* open models one by one: a release of an open family, its channels
     * together (a model's channels share its releases); the agents still on
     * a superseded release are on that release's model */
    double rel_tok[OSS_MAX_FAMILIES][OSS_MAX_RELEASES + 1] = {{0}}, top = 0;
    for (int j = 0; j < n; j++)
        if (avail[j] && open[j]) {
            int md = sc->families[j].model, r = m->release[j];
            for (int v = 0; v < r; v++)
                rel_tok[md][v] += t->superseded[j][v] * w->token_scale;
            rel_tok[md][r] += latest[j];
        }
    for (int j = 0; j < n; j++)
        for (int v = 0; v <= OSS_MAX_RELEASES; v++)
            top = rel_tok[j][v] > top ? rel_tok[j][v] : top;
    row[M_OPEN_MODEL_SHARE_MAX] = ratio(top, tok_a[ACCESS_OPEN]);
    row[M_LATENT_SAVINGS_MUSD] = sav / 1e6;
    row[M_LATENT_PRICE_CUT_PCT] = 100 * ratio(sav, lspend);
    row[M_COVERED_TARGET_SHARE] = ratio(t->covered_target_tokens, t->covered_tokens);
    row[M_REVIEW_SHARE] = ratio(t->reviews, agents);
    /* e_j = (dD_j/dp_j) p_j / D_j over the agents choosing this month, D_j
     * their expected tokens (volume response included); the demand-weighted
     * mean over families is -sum p_j slope_j / sum D_j, over every available
     * family and over the open ones */
    double el_num = 0, el_den = 0, op_num = 0, op_den = 0;
    for (int j = 0; j < n; j++)
        if (avail[j] && t->demand[j] > 0) {
            el_num += s->price[j] * t->slope[j];
            el_den += t->demand[j];
            if (open[j]) {
                op_num += s->price[j] * t->slope[j];
                op_den += t->demand[j];
            }
        }
    row[M_OWN_PRICE_ELASTICITY] = el_den > 0 ? -el_num / el_den : NAN;
    row[M_OWN_PRICE_ELASTICITY_OPEN] = op_den > 0 ? -op_num / op_den : NAN;
    row[M_MARKET_PRICE_ELASTICITY] = t->market_demand > 0 ? t->market_slope / t->market_demand : NAN;
    row[M_FIRST_PARTY_SHARE_OF_OPEN_TOKENS] = ratio(tok_ch[CHANNEL_FIRST_PARTY], tok_a[ACCESS_OPEN]);
    row[M_AVG_PRICE_HOSTED] = ratio(spend_ch[CHANNEL_HOSTED], tok_ch[CHANNEL_HOSTED]);
    row[M_AVG_PRICE_FIRST_PARTY] = ratio(spend_ch[CHANNEL_FIRST_PARTY], tok_ch[CHANNEL_FIRST_PARTY]);

    for (int j = 0; j < n; j++) {
        double *f = fam + (size_t)j * N_FAMILY_METRICS;
        f[F_AVAILABLE] = avail[j];
        f[F_OPEN] = open[j];
        f[F_PRICE] = avail[j] ? s->price[j] : NAN;
        f[F_QUALITY] = avail[j] ? s->quality[j] : NAN;
        f[F_COST] = avail[j] ? s->cost[j] : NAN;
        f[F_TOKEN_SHARE] = ratio(tokens[j], all_tok);
        f[F_DEV_SHARE] = ratio(devs[j], all_dev);
        f[F_REVENUE_MUSD] = avail[j] ? tokens[j] * s->price[j] / 1e6 : 0;
        f[F_PROFIT_MUSD] = avail[j] ? tokens[j] * (s->price[j] - s->cost[j]) / 1e6 : 0;
        f[F_SPEND_MUSD] = avail[j] ? paid_j[j] / 1e6 : 0;
    }
}

/* Mean over months [a, b] of a column, skipping undefined months. */
static double col_mean(const double *rows, int a, int b, int col)
{
    double s = 0;
    int n = 0;
    for (int k = a; k <= b; k++) {
        double v = rows[(size_t)k * N_MONTH_METRICS + col];
        if (!isnan(v)) {
            s += v;
            n++;
        }
    }
    return n ? s / n : NAN;
}

double metrics_window_mean(const double *rows, int a, int b, int col) { return col_mean(rows, a, b, col); }

double metrics_open_share_of(const double *rows, const double *fams, int n_fam, int a, int b, int j)
{
    double fam = 0, open = 0;
    for (int k = a; k <= b; k++) {
        const double *row = rows + (size_t)k * N_MONTH_METRICS;
        const double *f = fams + ((size_t)k * n_fam + j) * N_FAMILY_METRICS;
        if (!isnan(f[F_TOKEN_SHARE]))
            fam += f[F_TOKEN_SHARE] * row[M_TOKENS_T];
        if (!isnan(row[M_OPEN_TOKEN_SHARE]))
            open += row[M_OPEN_TOKEN_SHARE] * row[M_TOKENS_T];
    }
    return open > 0 ? fam / open : NAN;
}

static double col_sum(const double *rows, int a, int b, int col)
{
    double s = 0;
    for (int k = a; k <= b; k++)
        s += rows[(size_t)k * N_MONTH_METRICS + col];
    return s;
}

static double col_max(const double *rows, int a, int b, int col)
{
    double mx = NAN;
    for (int k = a; k <= b; k++) {
        double v = rows[(size_t)k * N_MONTH_METRICS + col];
        if (!isnan(v) && !(v <= mx))
            mx = v;
    }
    return mx;
}

void metrics_headline(const struct scenario *sc, const double *rows, const double *cf, double *out)
{
    int first, last;
    if (!scenario_reporting_months(sc, &first, &last)) {
        for (int h = 0; h < N_HEADLINES; h++)
            out[h] = NAN;
        return;
    }
    metrics_headline_window(sc, rows, cf, first - sc->start, last - sc->start, out);
}

void metrics_headline_window(const struct scenario *sc, const double *rows, const double *cf, int a, int b,
                             double *out)
{
    for (int h = 0; h < N_HEADLINES; h++)
        out[h] = NAN;
    if (a < 0 || b >= sc->months || b < a)
        return;
    double year = 12.0 / (b - a + 1); /* scale a partial year to a full one */
    int cn = M_ORIGIN_TOKEN_SHARE + REGION_CN;

    double sav = col_sum(rows, a, b, M_LATENT_SAVINGS_MUSD);
    double rev = col_sum(rows, a, b, M_REVENUE_MUSD);
    double spend = col_sum(rows, a, b, M_SPEND_MUSD);
    double tok = col_sum(rows, a, b, M_TOKENS_T);
    out[H_LATENT_PRICE_CUT_PCT] = 100 * ratio(sav, rev);
    out[H_LATENT_SAVINGS_BUSD] = sav * year / 1e3;
    out[H_CN_TOKEN_SHARE_START] = rows[cn];
    out[H_CN_TOKEN_SHARE_MEAN] = col_mean(rows, a, b, cn);
    out[H_CN_TOKEN_SHARE_PEAK] = col_max(rows, a, b, cn);
    out[H_CN_TOKEN_SHARE_END] = rows[(size_t)(sc->months - 1) * N_MONTH_METRICS + cn];
    out[H_OPEN_TOKEN_SHARE_MEAN] = col_mean(rows, a, b, M_OPEN_TOKEN_SHARE);
    out[H_CN_SHARE_OF_OPEN_DEVS_MEAN] = col_mean(rows, a, b, M_CN_SHARE_OF_OPEN_DEVS);
    out[H_CLOSED_REVENUE_SHARE_MEAN] = col_mean(rows, a, b, M_CLOSED_REVENUE_SHARE);
    out[H_AVG_PRICE_CLOSED_MEAN] = col_mean(rows, a, b, M_AVG_PRICE_CLOSED);
    out[H_AVG_PRICE_OPEN_MEAN] = col_mean(rows, a, b, M_AVG_PRICE_OPEN);
    out[H_MARKET_SPEND_BUSD] = spend * year / 1e3;
    out[H_OWN_PRICE_ELASTICITY_MEAN] = col_mean(rows, a, b, M_OWN_PRICE_ELASTICITY);
    out[H_AVG_PRICE_MEAN] = col_mean(rows, a, b, M_AVG_PRICE);
    out[H_OWN_PRICE_ELASTICITY_OPEN_MEAN] = col_mean(rows, a, b, M_OWN_PRICE_ELASTICITY_OPEN);
    out[H_MARKET_PRICE_ELASTICITY_MEAN] = col_mean(rows, a, b, M_MARKET_PRICE_ELASTICITY);
    out[H_CONSUMER_SURPLUS_BUSD] = col_sum(rows, a, b, M_SURPLUS_MUSD) * year / 1e3;
    if (cf) {
        double cspend = col_sum(cf, a, b, M_SPEND_MUSD);
        double ctok = col_sum(cf, a, b, M_TOKENS_T);
        out[H_CF_PRICE_CUT_PCT] = 100 * (1 - ratio(spend, tok) / ratio(cspend, ctok));
        out[H_CF_SPEND_SAVINGS_BUSD] = (cspend - spend) * year / 1e3;
        out[H_CF_SURPLUS_GAIN_BUSD] =
            (col_sum(rows, a, b, M_SURPLUS_MUSD) - col_sum(cf, a, b, M_SURPLUS_MUSD)) * year / 1e3;
    }
}
