/*
 * effect.c - the policy's effect against its reference (see effect.h).
 */
#include "effect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "month.h"
#include "output.h"
#include "policy.h"

const int effect_keys[N_EFFECT_KEYS] = {H_CN_TOKEN_SHARE_MEAN, H_OPEN_TOKEN_SHARE_MEAN, H_AVG_PRICE_MEAN,
                                        H_CONSUMER_SURPLUS_BUSD, H_MARKET_SPEND_BUSD};

static bool clip_to_horizon(const struct scenario *sc, int *first, int *last)
{
    if (*first < sc->start)
        *first = sc->start;
    if (*last > sc->end)
        *last = sc->end;
    return *first <= *last;
}

int effect_windows(const struct scenario *sc, const int *years, int n_years, struct effect_window *w, char *err)
{
    int n = 0;
    if (n_years + 2 > EFFECT_MAX_WINDOWS) {
        snprintf(err, OSS_ERR_LEN, "--years: at most %d years", EFFECT_MAX_WINDOWS - 2);
        return -1;
    }
    w[n].label[0] = '\0';
    if (scenario_reporting_months(sc, &w[n].first, &w[n].last))
        n++;
    if (policy_window(sc, &w[n].first, &w[n].last)) {
        snprintf(w[n].label, sizeof w[n].label, "policy");
        n++;
    }
    for (int i = 0; i < n_years; i++) {
        w[n].first = month_make(years[i], 1);
        w[n].last = month_make(years[i], 12);
        if (!clip_to_horizon(sc, &w[n].first, &w[n].last)) {
            char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
            snprintf(err, OSS_ERR_LEN, "--years: %d lies outside the horizon %s to %s", years[i],
                     month_format(sc->start, a), month_format(sc->end, b));
            return -1;
        }
        snprintf(w[n].label, sizeof w[n].label, "%d", years[i]);
        n++;
    }
    return n;
}

bool effect_parse_years(const char *text, int *years, int max, int *n)
{
    *n = 0;
    const char *p = text;
    while (*p) {
        char *end;
        long y = strtol(p, &end, 10);
        if (end == p || y < 1900 || y > 2199 || *n >= max || (*end && *end != ','))
            return false;
        years[(*n)++] = (int)y;
        p = *end ? end + 1 : end;
        if (*end == ',' && !*p)
            return false;
    }
    return *n > 0;
}

bool effect_shown(int h, const struct effect_window *w)
{
    if (headline_is_cf(h))
        return false;
    if (w->label[0] && (h == H_CN_TOKEN_SHARE_START || h == H_CN_TOKEN_SHARE_END))
        return false;
    return true;
}

/* Each replication's headlines over window w of the scenario (a) and of the
 * reference (b): [reps][N_HEADLINES] each, allocated; false when out of memory. */
static bool window_headlines(const struct scenario *sc, const struct run_results *res, const struct run_results *ref,
                             const struct effect_window *w, double **a, double **b)
{
    int R = res->reps, M = res->months;
    *a = malloc((size_t)R * N_HEADLINES * sizeof **a);
    *b = malloc((size_t)R * N_HEADLINES * sizeof **b);
    if (!*a || !*b) {
        free(*a);
        free(*b);
        return false;
    }
    for (int r = 0; r < R; r++) {
        size_t off = (size_t)r * M * N_MONTH_METRICS;
        metrics_headline_window(sc, res->rows + off, NULL, w->first - sc->start, w->last - sc->start,
                                *a + (size_t)r * N_HEADLINES);
        metrics_headline_window(sc, ref->rows + off, NULL, w->first - sc->start, w->last - sc->start,
                                *b + (size_t)r * N_HEADLINES);
    }
    return true;
}

void effect_summaries(const struct scenario *sc, const struct run_results *res, const struct run_results *ref,
                      const struct effect_window *w, struct summary *out)
{
    double *a, *b;
    for (int h = 0; h < N_HEADLINES; h++)
        out[h] = (struct summary){NAN, NAN, NAN, NAN, 0};
    if (!window_headlines(sc, res, ref, w, &a, &b))
        return;
    for (int h = 0; h < N_HEADLINES; h++)
        if (effect_shown(h, w))
            out[h] = output_delta(a + h, b + h, N_HEADLINES, res);
    free(a);
    free(b);
}

double effect_scale(int h)
{
    const char *u = headline_units[h];
    return strcmp(u, "share") == 0 ? 100 : 1;
}

const char *effect_unit(int h)
{
    const char *u = headline_units[h];
    if (strcmp(u, "share") == 0 || strcmp(u, "%") == 0)
        return "pp";
    return u;
}

void effect_write_csv(FILE *f, const struct scenario *sc, const struct run_results *res,
                      const struct run_results *ref, const struct effect_window *w, int n)
{
    output_delta_header(f, res->draws > 0);
    for (int i = 0; i < n; i++) {
        double *a, *b;
        if (!window_headlines(sc, res, ref, &w[i], &a, &b))
            return;
        for (int h = 0; h < N_HEADLINES; h++)
            if (effect_shown(h, &w[i]))
                output_delta_row(f, headline_names[h], w[i].label, a + h, b + h, N_HEADLINES, res);
        free(a);
        free(b);
    }
}

void effect_write_timeseries(FILE *f, const struct scenario *sc, const struct run_results *res,
                             const struct run_results *ref)
{
    fputs("date", f);
    for (int m = 0; m < N_MONTH_METRICS; m++)
        if (month_metric_has_ci(m))
            fprintf(f, ",%s_delta,%s_delta_ci95_lo,%s_delta_ci95_hi", month_metric_names[m], month_metric_names[m],
                    month_metric_names[m]);
    fputs(",policy_active,n\n", f);
    int pf, pl;
    bool has_policy = policy_window(sc, &pf, &pl);
    size_t stride = (size_t)res->months * N_MONTH_METRICS;
    for (int k = 0; k < res->months; k++) {
        char d[MONTH_STR_LEN];
        fputs(month_format(sc->start + k, d), f);
        int n = 0;
        for (int m = 0; m < N_MONTH_METRICS; m++) {
            if (!month_metric_has_ci(m))
                continue;
            size_t off = (size_t)k * N_MONTH_METRICS + m;
            struct summary s = output_delta(res->rows + off, ref->rows + off, stride, res);
            output_csv_num(f, s.mean);
            output_csv_num(f, s.lo);
            output_csv_num(f, s.hi);
            if (s.n > n)
                n = s.n;
        }
        int t = sc->start + k;
        fprintf(f, ",%d,%d\n", has_policy && t >= pf && t <= pl, n);
    }
}

bool effect_window_warning(const struct scenario *sc, char *buf, size_t n)
{
    int pf, pl, rf, rl;
    if (!policy_window(sc, &pf, &pl) || !scenario_reporting_months(sc, &rf, &rl))
        return false;
    if (pf <= rl && pl >= rf)
        return false;
    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    snprintf(buf, n,
             "the policy acts from %s to %s, outside the reporting year %d, so its reporting-year effects are "
             "zero by construction; read the @policy rows (the months it acts) or name years with --years",
             month_format(pf, a), month_format(pl, b), sc->reporting_year);
    return true;
}

static void window_name(const struct scenario *sc, const struct effect_window *w, char *buf, size_t n)
{
    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    if (!w->label[0])
        snprintf(buf, n, "reporting year %d", sc->reporting_year);
    else if (strcmp(w->label, "policy") == 0)
        snprintf(buf, n, "while the policy acts, %s to %s (@policy)", month_format(w->first, a),
                 month_format(w->last, b));
    else
        snprintf(buf, n, "year %s (@%s)", w->label, w->label);
}

void effect_print(FILE *f, const struct scenario *sc, const struct scenario *ref_sc,
                  const struct run_results *res, const struct run_results *ref, const struct effect_window *w,
                  int n)
{
    bool ens = res->draws > 0;
    fprintf(f, "effects of the policy: %s minus its reference %s (the world without the policy),\n", sc->name,
            ref_sc->name);
    fprintf(f, "paired on common random numbers over %d replications; shares in percentage points (pp)\n",
            res->reps);
    if (ens)
        fprintf(f, "%d posterior draws x %d replications, the same draws and seeds for both:\n"
                   "  Monte Carlo 95%% CI: the noise of the replications (more -r narrows it);\n"
                   "  parameter 90%% interval: where each draw's effect lies across parameter values\n"
                   "  consistent with the calibration targets (more draws do not narrow it);\n"
                   "  each figure to the digits of the wider of the two\n",
                res->draws, res->reps / res->draws);
    else
        fprintf(f, "95%% CI: the Monte Carlo noise of the paired replications alone, at fixed parameters;\n"
                   "it leaves out their uncertainty (--ensemble K adds a parameter interval)\n");
    for (int i = 0; i < n; i++) {
        char title[160];
        window_name(sc, &w[i], title, sizeof title);
        struct summary s[N_HEADLINES];
        effect_summaries(sc, res, ref, &w[i], s);
        double *a = NULL, *b = NULL;
        if (ens && !window_headlines(sc, res, ref, &w[i], &a, &b))
            ens = false;
        fprintf(f, "\n%s:\n", title);
        fprintf(f, "  %-31s %-34s %s%s\n", "metric", ens ? "effect [Monte Carlo 95% CI]" : "effect [95% CI]",
                ens ? "parameter 90% interval      " : "", "unit");
        for (int h = 0; h < N_HEADLINES; h++) {
            if (!effect_shown(h, &w[i]))
                continue;
            bool key = false;
            for (int k = 0; k < N_EFFECT_KEYS; k++)
                key |= effect_keys[k] == h;
            if (w[i].label[0] && !key && h != H_CN_SHARE_OF_OPEN_DEVS_MEAN)
                continue; /* other windows: the key metrics; effect.csv has them all */
            char est[96], pi[96] = "";
            double scale = effect_scale(h);
            output_format_estimate(est, sizeof est, s[h].mean, s[h].lo, s[h].hi, scale);
            if (ens) {
                struct ens_summary e =
                    stats_ensemble_paired(a + h, b + h, N_HEADLINES, res->draws, res->reps / res->draws);
                /* the decimals of the wider interval, for the estimate and both intervals */
                int d = output_decimals_ens(s[h].mean * scale, s[h].lo * scale, s[h].hi * scale, e.pi_lo * scale,
                                            e.pi_hi * scale);
                output_format_estimate_d(est, sizeof est, s[h].mean, s[h].lo, s[h].hi, scale, d);
                if (e.pi_lo == 0 && e.pi_hi == 0)
                    snprintf(pi, sizeof pi, "0 (no difference)");
                else
                    snprintf(pi, sizeof pi, "[%+.*f, %+.*f]", d, e.pi_lo * scale, d, e.pi_hi * scale);
            }
            if (ens)
                fprintf(f, "  %-31s %-34s %-28s%s\n", headline_names[h], est, pi, effect_unit(h));
            else
                fprintf(f, "  %-31s %-34s %s\n", headline_names[h], est, effect_unit(h));
        }
        free(a);
        free(b);
    }
}
