/*
 * brief.c - brief.html, brief.md and tornado.csv (see brief.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "brief.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "metrics.h"
#include "month.h"
#include "output.h"
#include "schema.h"

/* Plain-language names of the key effects (effect_keys, effect.h). */
static const char *key_label(int h)
{
    switch (h) {
    case H_CN_TOKEN_SHARE_MEAN:
        return "Chinese models' share of tokens";
    case H_OPEN_TOKEN_SHARE_MEAN:
        return "Open-weight models' share of tokens";
    case H_AVG_PRICE_MEAN:
        return "Average price paid";
    case H_CONSUMER_SURPLUS_BUSD:
        return "Consumer surplus";
    case H_MARKET_SPEND_BUSD:
        return "Spend on tokens";
    default:
        return headline_names[h];
    }
}

static const char *plain_unit(int h)
{
    const char *u = effect_unit(h);
    if (strcmp(u, "pp") == 0)
        return "percentage points";
    if (strcmp(u, "USD/Mtok") == 0)
        return "USD per million tokens";
    if (strcmp(u, "USD bn/yr") == 0)
        return "USD bn a year";
    return u;
}

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* "-1.17" and "(-1.33 to -1.01)" with the decimals the interval allows; the
 * minus sign as U+2212 in HTML (html) or "-" (Markdown). */
static void estimate_parts(const struct summary *s, double scale, bool html, char *mean, size_t mn, char *ci,
                           size_t cn)
{
    double m = s->mean * scale, lo = s->lo * scale, hi = s->hi * scale;
    if (isnan(m)) {
        snprintf(mean, mn, "undefined");
        ci[0] = '\0';
        return;
    }
    int d = output_decimals(m, lo, hi);
    char a[64], b[64], c[64];
    snprintf(a, sizeof a, "%+.*f", d, m);
    snprintf(b, sizeof b, "%+.*f", d, lo);
    snprintf(c, sizeof c, "%+.*f", d, hi);
    const char *minus = html ? "\xe2\x88\x92" : "-";
    char *parts[3] = {a, b, c};
    for (int i = 0; i < 3; i++) { /* "+0.12" -> "+0.12", "-0.12" -> minus sign */
        if (parts[i][0] == '-') {
            char t[64];
            snprintf(t, sizeof t, "%s%s", minus, parts[i] + 1);
            snprintf(parts[i], 64, "%s", t);
        }
    }
    snprintf(mean, mn, "%s", a);
    if (isfinite(lo) && isfinite(hi))
        snprintf(ci, cn, "%.40s to %.40s", b, c);
    else
        snprintf(ci, cn, "one replication: no interval");
}

/* ---- the scenario's header comment ---------------------------------- */

#define MAX_PARAS 12

struct header {
    char title[256];
    char paras[MAX_PARAS][2048];
    int n;
};

/* The leading '#' lines of the scenario file: the first is the title, the
 * rest paragraphs split at empty comment lines. */
static void read_header(const char *path, struct header *h)
{
    memset(h, 0, sizeof *h);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    bool first = true, open = false;
    while (fgets(line, sizeof line, f)) {
        if (line[0] != '#')
            break;
        char *t = line + 1;
        if (*t == ' ')
            t++;
        t[strcspn(t, "\r\n")] = '\0';
        if (first) {
            snprintf(h->title, sizeof h->title, "%.250s", t);
            first = false;
            continue;
        }
        if (!*t) {
            open = false;
            continue;
        }
        if (!open) {
            if (h->n == MAX_PARAS)
                break;
            h->n++;
            open = true;
        }
        /* a brief stands alone: no pointer into the project's docs */
        char *ref = strstr(t, " (docs/model.md section ");
        if (ref && strchr(ref, ')'))
            memmove(ref, strchr(ref, ')') + 1, strlen(strchr(ref, ')') + 1) + 1);
        char *p = h->paras[h->n - 1];
        size_t u = strlen(p);
        snprintf(p + u, sizeof h->paras[0] - u, "%s%s", u ? " " : "", t + strspn(t, " "));
    }
    fclose(f);
}

/* ---- tornado.csv ------------------------------------------------------ */

static const char *key_plain(const char *key, char *buf, size_t n)
{
    const struct schema_key *k = schema_find(key);
    if (k && k->label)
        snprintf(buf, n, "%s", k->label);
    else
        snprintf(buf, n, "%s", key);
    return buf;
}

bool brief_write_tornado_csv(const char *dir, const struct brief_input *in, char *err)
{
    char path[OSS_PATH_LEN + 32];
    snprintf(path, sizeof path, "%.4000s/tornado.csv", dir);
    struct output_file a;
    if (!output_atomic_open(&a, path, err))
        return false;
    double k = effect_scale(BRIEF_MAIN_HEADLINE);
    fputs("key,label,value,low,high,effect_low,effect_low_ci95_lo,effect_low_ci95_hi,effect_high,effect_high_ci95_lo,"
          "effect_high_ci95_hi,effect,metric\n",
          a.f);
    for (int i = 0; i < in->n_swings; i++) {
        const struct brief_swing *s = &in->swings[i];
        char lab[256];
        output_csv_text(a.f, s->a->key);
        fputc(',', a.f);
        output_csv_text(a.f, key_plain(s->a->key, lab, sizeof lab));
        output_csv_num(a.f, s->a->value);
        output_csv_num(a.f, s->a->low);
        output_csv_num(a.f, s->a->high);
        output_csv_num(a.f, k * s->low.mean);
        output_csv_num(a.f, k * s->low.lo);
        output_csv_num(a.f, k * s->low.hi);
        output_csv_num(a.f, k * s->high.mean);
        output_csv_num(a.f, k * s->high.lo);
        output_csv_num(a.f, k * s->high.hi);
        output_csv_num(a.f, k * in->main.mean);
        const struct effect_window *w = &in->windows[in->main_window];
        fprintf(a.f, ",%s%s%s\n", headline_names[BRIEF_MAIN_HEADLINE], w->label[0] ? "@" : "", w->label);
    }
    return output_atomic_commit(&a, err);
}

/* ---- pieces shared by the HTML and the Markdown ---------------------- */

/* An assumption's source without a leading "judgement: " (the brief marks
 * judgement calls itself). */
static const char *source_text(const struct assumption *a)
{
    return strncmp(a->source, "judgement: ", 11) == 0 ? a->source + 11 : a->source;
}

static void window_title(const struct brief_input *in, const struct effect_window *w, char *buf, size_t n)
{
    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    if (!w->label[0])
        snprintf(buf, n, "Reporting year %d", in->sc->reporting_year);
    else if (strcmp(w->label, "policy") == 0)
        snprintf(buf, n, "While the policy acts (%s to %s)", month_format(w->first, a), month_format(w->last, b));
    else
        snprintf(buf, n, "Year %s", w->label);
}

/* The window's title to go inside a sentence: its first letter lower-cased. */
static void window_phrase(const struct brief_input *in, const struct effect_window *w, char *buf, size_t n)
{
    window_title(in, w, buf, n);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && strncmp(buf, "Year ", 5) != 0)
        buf[0] = (char)(buf[0] - 'A' + 'a');
}

static void main_sentence(const struct brief_input *in, bool html, char *buf, size_t n)
{
    char m[64], ci[96], wt[160];
    estimate_parts(&in->main, effect_scale(BRIEF_MAIN_HEADLINE), html, m, sizeof m, ci, sizeof ci);
    window_phrase(in, &in->windows[in->main_window], wt, sizeof wt);
    snprintf(buf, n,
             "Against the same world without the policy (%s), the policy changes Chinese models' share of all "
             "tokens by %s percentage points (95%% interval %s), %s, on average over %d replications that share "
             "their random numbers. The interval is the Monte Carlo noise of those replications alone, at the "
             "calibrated parameters' posterior mean: it leaves out how uncertain those parameters are.",
             in->ref->name, m, ci, wt, in->res->reps);
}

static int calibration_counts(const struct brief_input *in, int *met, int *fitted)
{
    const struct calibration *c = &in->ref->calibration;
    *met = *fitted = 0;
    for (int t = 0; t < c->n_targets; t++) {
        struct cal_measure m = calibration_measure(in->ref, in->ref_res, t);
        if (c->targets[t].weight > 0) {
            (*fitted)++;
            *met += m.within;
        }
    }
    return c->n_targets;
}

/* An SVG chart of dir, inline: without its XML prologue and DOCTYPE, its
 * ids prefixed (two gnuplot charts use the same ones). */
static bool inline_svg(FILE *f, const char *dir, const char *name, const char *prefix)
{
    char path[OSS_PATH_LEN + 64];
    snprintf(path, sizeof path, "%.4000s/%s.svg", dir, name);
    FILE *in = fopen(path, "r");
    if (!in)
        return false;
    char line[8192];
    bool started = false;
    while (fgets(line, sizeof line, in)) {
        if (!started) {
            char *s = strstr(line, "<svg");
            if (!s)
                continue;
            started = true;
        }
        for (const char *p = line; *p;) {
            if (strncmp(p, "id=\"", 4) == 0) {
                fprintf(f, "id=\"%s", prefix);
                p += 4;
            } else if (strncmp(p, "href=\"#", 7) == 0) {
                fprintf(f, "href=\"#%s", prefix);
                p += 7;
            } else if (strncmp(p, "url(#", 5) == 0) {
                fprintf(f, "url(#%s", prefix);
                p += 5;
            } else {
                fputc(*p++, f);
            }
        }
    }
    fclose(in);
    return started;
}

static const char css[] =
    "@page { size: A4; margin: 16mm 15mm; }\n"
    "body { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; font-size: 10pt; line-height: 1.4;"
    " color: #222; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }\n"
    "h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid"
    " #bbb; break-after: avoid; page-break-after: avoid; }\n"
    "p { margin: 0 0 2.5mm; } .lead { font-size: 11pt; } .small { font-size: 8.5pt; color: #555; }\n"
    "table { border-collapse: collapse; width: 100%; font-size: 9pt; break-inside: avoid; page-break-inside: avoid;"
    " margin-bottom: 3mm; }\n"
    "th, td { border-bottom: 1px solid #ddd; padding: 2px 5px; text-align: left; vertical-align: top; }\n"
    "th { border-bottom: 1.5px solid #888; } td.num { text-align: right; white-space: nowrap; }\n"
    "td.ci { color: #555; white-space: nowrap; font-size: 8.5pt; }\n"
    "figure { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }\n"
    "figure svg { width: 100%; height: auto; display: block; } figcaption { font-size: 8.5pt; color: #555; }\n"
    ".judgement { color: #B04A00; font-weight: bold; } .no { color: #B04A00; font-weight: bold; }\n"
    "code { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; overflow-wrap: anywhere; }\n";

/* ---- brief.html --------------------------------------------------------- */

static void html_effects_table(FILE *f, const struct brief_input *in)
{
    fputs("<table class=\"effects\">\n<tr><th>Effect of the policy</th>", f);
    for (int w = 0; w < in->n_windows; w++) {
        char t[160];
        window_title(in, &in->windows[w], t, sizeof t);
        fputs("<th colspan=\"2\">", f);
        html_text(f, t);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    struct summary (*s)[N_HEADLINES] = malloc((size_t)in->n_windows * sizeof *s);
    if (!s)
        return;
    for (int w = 0; w < in->n_windows; w++)
        effect_summaries(in->sc, in->res, in->ref_res, &in->windows[w], s[w]);
    for (int k = 0; k < N_EFFECT_KEYS; k++) {
        int h = effect_keys[k];
        fprintf(f, "<tr><td>%s, %s</td>", key_label(h), plain_unit(h));
        for (int w = 0; w < in->n_windows; w++) {
            char m[64], ci[96];
            estimate_parts(&s[w][h], effect_scale(h), true, m, sizeof m, ci, sizeof ci);
            fprintf(f, "<td class=\"num\" data-metric=\"%s%s%s\" data-scale=\"%g\">%s</td><td class=\"ci\">%s</td>",
                    headline_names[h], in->windows[w].label[0] ? "@" : "", in->windows[w].label, effect_scale(h), m,
                    ci);
        }
        fputs("</tr>\n", f);
    }
    free(s);
    fputs("</table>\n", f);
}

static void html_assumptions(FILE *f, const struct brief_input *in)
{
    const struct scenario *sc = in->sc;
    if (sc->n_assumptions == 0) {
        fputs("<p>The scenario declares no assumptions (an <code>assumptions</code> list).</p>\n", f);
        return;
    }
    fputs("<table>\n<tr><th>Assumption</th><th class=\"num\">Value</th><th>Range tried</th><th>Source</th></tr>\n", f);
    for (int i = 0; i < sc->n_assumptions; i++) {
        const struct assumption *a = &sc->assumptions[i];
        const struct schema_key *k = schema_find(a->key);
        fputs("<tr><td>", f);
        html_text(f, k && k->label ? k->label : a->key);
        fputs(" <span class=\"small\">(<code>", f);
        html_text(f, a->key);
        fputs("</code>)</span></td>", f);
        fprintf(f, "<td class=\"num\">%g%s", a->value, k && k->unit && k->unit[0] ? " " : "");
        if (k && k->unit)
            html_text(f, k->unit);
        fputs("</td><td>", f);
        if (isfinite(a->low))
            fprintf(f, "%g to %g", a->low, a->high);
        fputs("</td><td>", f);
        if (a->judgement)
            fputs("<span class=\"judgement\">Judgement call:</span> ", f);
        html_text(f, source_text(a));
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void html_tornado_table(FILE *f, const struct brief_input *in)
{
    fputs("<table>\n<tr><th>Judgement call</th><th>At the low end</th><th>At the high end</th></tr>\n", f);
    double k = effect_scale(BRIEF_MAIN_HEADLINE);
    for (int i = 0; i < in->n_swings; i++) {
        const struct brief_swing *s = &in->swings[i];
        char lab[256], m1[64], c1[96], m2[64], c2[96];
        estimate_parts(&s->low, k, true, m1, sizeof m1, c1, sizeof c1);
        estimate_parts(&s->high, k, true, m2, sizeof m2, c2, sizeof c2);
        fputs("<tr><td>", f);
        html_text(f, key_plain(s->a->key, lab, sizeof lab));
        fprintf(f, "</td><td>%g: %s pp <span class=\"small\">(%s)</span></td><td>%g: %s pp <span class=\"small\">(%s)"
                   "</span></td></tr>\n",
                s->a->low, m1, c1, s->a->high, m2, c2);
    }
    fputs("</table>\n", f);
}

/* A target's model value and its interval, "0.29 (0.25 to 0.33)", to the
 * decimals the interval allows (output_decimals). */
static void target_estimate(char *buf, size_t n, const struct cal_measure *m)
{
    char mean[64], ci[64];
    int d = output_format_level(mean, ci, sizeof ci, m->mean, m->lo, m->hi);
    if (isfinite(m->lo) && isfinite(m->hi))
        snprintf(buf, n, "%s (%.*f to %.*f)", mean, d, m->lo, d, m->hi);
    else
        snprintf(buf, n, "%s (one replication: no interval)", mean);
}

static void html_calibration(FILE *f, const struct brief_input *in)
{
    const struct calibration *c = &in->ref->calibration;
    if (!c->on || c->n_targets == 0) {
        fprintf(f, "<p>The reference (%s) has no calibration targets.</p>\n", in->ref->name);
        return;
    }
    int met, fitted, n = calibration_counts(in, &met, &fitted);
    fprintf(f, "<p>The reference world (%s) is calibrated to published figures for %d: <strong>%d of %d fitted "
               "targets</strong> are met within their tolerance%s.",
            in->ref->name, in->ref->reporting_year, met, fitted,
            n > fitted ? "; the others are reported, not fitted" : "");
    if (c->n_fitted)
        fprintf(f, " Its %d fitted parameters come from <code>%s</code> (<code>oss-sim calibrate</code>).", c->n_fitted,
                c->fitted_file);
    fputs("</p>\n<table>\n<tr><th>Target</th><th class=\"num\">Published</th><th class=\"num\">Model (Monte Carlo 95% CI)</th>"
          "<th>Met</th><th>Source</th></tr>\n",
          f);
    for (int t = 0; t < c->n_targets; t++) {
        const struct cal_target *tg = &c->targets[t];
        struct cal_measure m = calibration_measure(in->ref, in->ref_res, t);
        const char *met_l = calibration_met_label(tg, m.mean);
        fputs("<tr><td><code>", f);
        html_text(f, tg->metric);
        char est[160];
        target_estimate(est, sizeof est, &m);
        fprintf(f, "</code></td><td class=\"num\">%g &plusmn; %g</td><td class=\"num\">%s</td>", tg->value,
                tg->tolerance, est);
        fprintf(f, "<td class=\"%s\">%s</td><td class=\"small\">", strcmp(met_l, "NO") == 0 ? "no" : "",
                tg->weight > 0 ? (m.within ? "yes" : "no") : (m.within ? "yes (reported)" : "no (reported)"));
        html_text(f, tg->source);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static bool write_html(FILE *f, const char *dir, const struct brief_input *in)
{
    struct header h;
    read_header(in->sc->path, &h);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    html_text(f, h.title[0] ? h.title : in->sc->name);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    fputs("<h1>", f);
    html_text(f, h.title[0] ? h.title : in->sc->name);
    fputs("</h1>\n", f);
    fputs("<p class=\"small\">A policy brief from the oss-sim agent-based model of the market for AI models "
          "(open-weight and closed, by origin). Scenario <code>",
          f);
    html_text(f, in->sc->name);
    fputs("</code>", f);
    if (in->sc->description[0]) {
        fputs(": ", f);
        html_text(f, in->sc->description);
    }
    fputs(".</p>\n", f);

    char main[1024];
    main_sentence(in, true, main, sizeof main);
    fputs("<h2>The question and the policy</h2>\n<p class=\"lead\"><strong>What does this policy change in the "
          "market for AI models, against the same world without it?</strong> ",
          f);
    html_text(f, main);
    fputs("</p>\n", f);
    for (int i = 0; i < h.n; i++) {
        fputs("<p>", f);
        html_text(f, h.paras[i]);
        fputs("</p>\n", f);
    }

    fputs("<h2>Key effects</h2>\n<p>The policy scenario minus its reference, each replication against its twin on "
          "the same random numbers; the 95% interval of the mean difference beside each effect. Shares are in "
          "percentage points. The intervals are the Monte Carlo noise of the replications alone, at fixed "
          "parameters (the calibration's posterior mean); they leave out the parameters' uncertainty, which "
          "<code>oss-sim --ensemble K</code> adds as a 90% interval over posterior draws.</p>\n",
          f);
    html_effects_table(f, in);

    fputs("<h2>The effect over time</h2>\n<figure>\n", f);
    bool chart = inline_svg(f, dir, "effect", "e_");
    if (!chart)
        fputs("<p>(The chart needs gnuplot; the monthly figures are in effect_timeseries.csv.)</p>\n", f);
    fputs("<figcaption>Month by month, the policy scenario minus the reference, with the 95% interval of the "
          "paired difference (grey); shaded: the months the policy is in force.</figcaption>\n</figure>\n",
          f);

    fputs("<h2>Assumptions</h2>\n<p>What the result rests on besides the calibrated reference world. Judgement "
          "calls are values no measurement pins down; the next section shows how much they matter.</p>\n",
          f);
    html_assumptions(f, in);

    fputs("<h2>Sensitivity to the judgement calls</h2>\n", f);
    if (in->n_swings == 0) {
        fputs("<p>The scenario marks no assumption as a judgement call with a range.</p>\n", f);
    } else {
        char wt[160];
        window_phrase(in, &in->windows[in->main_window], wt, sizeof wt);
        fprintf(f, "<p>The main effect (the change in Chinese models' share of tokens, %s) as each judgement call "
                   "moves to the low and the high end of its range, one at a time, the others as in the scenario, on "
                   "the same random numbers.</p>\n<figure>\n",
                wt);
        if (!inline_svg(f, dir, "tornado", "t_"))
            fputs("<p>(The chart needs gnuplot; the figures are in tornado.csv and below.)</p>\n", f);
        fputs("</figure>\n", f);
        html_tornado_table(f, in);
    }

    fputs("<h2>Calibration of the reference</h2>\n", f);
    html_calibration(f, in);

    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    fputs("<h2>Provenance</h2>\n<p class=\"small\">", f);
    fprintf(f, "oss-sim %s. Scenario <code>", in->version);
    html_text(f, in->sc->path);
    fprintf(f, "</code> (SHA-256 <code>%s</code>) against its reference <code>", in->sc->sha256);
    html_text(f, in->ref->path);
    fprintf(f, "</code> (SHA-256 <code>%s</code>); %d replications of %ld agents, seed %llu, %s to %s. The model, "
               "its equations and its parameters with their sources are described in the oss-sim documentation "
               "(docs/model.md). Every figure is in the CSV files beside this brief (effect.csv, "
               "effect_timeseries.csv, tornado.csv, summary.csv).</p>\n",
            in->ref->sha256, in->sc->replications, in->sc->n_agents, (unsigned long long)in->sc->seed,
            month_format(in->sc->start, a), month_format(in->sc->end, b));
    fputs("<p class=\"small\">To reproduce it: <code>", f);
    html_text(f, in->command);
    fputs("</code></p>\n</body>\n</html>\n", f);
    return chart;
}

/* ---- brief.md ----------------------------------------------------------- */

static void write_md(FILE *f, const struct brief_input *in)
{
    struct header h;
    read_header(in->sc->path, &h);
    fprintf(f, "# %s\n\n", h.title[0] ? h.title : in->sc->name);
    fprintf(f, "A policy brief from the oss-sim agent-based model of the market for AI models. Scenario `%s`%s%s.\n\n",
            in->sc->name, in->sc->description[0] ? ": " : "", in->sc->description);
    char main[1024];
    main_sentence(in, false, main, sizeof main);
    fprintf(f, "## The question and the policy\n\n**What does this policy change in the market for AI models, "
               "against the same world without it?** %s\n\n",
            main);
    for (int i = 0; i < h.n; i++)
        fprintf(f, "%s\n\n", h.paras[i]);

    fputs("## Key effects\n\nThe policy scenario minus its reference, paired on common random numbers; 95% intervals "
          "in brackets. Shares in percentage points. The intervals are the Monte Carlo noise of the replications "
          "alone, at fixed parameters (the calibration's posterior mean); they leave out the parameters' "
          "uncertainty, which `oss-sim --ensemble K` adds as a 90% interval over posterior draws.\n\n"
          "| Effect of the policy |",
          f);
    for (int w = 0; w < in->n_windows; w++) {
        char t[160];
        window_title(in, &in->windows[w], t, sizeof t);
        fprintf(f, " %s |", t);
    }
    fputs("\n|---|", f);
    for (int w = 0; w < in->n_windows; w++)
        fputs("---:|", f);
    fputc('\n', f);
    struct summary (*s)[N_HEADLINES] = malloc((size_t)in->n_windows * sizeof *s);
    if (s) {
        for (int w = 0; w < in->n_windows; w++)
            effect_summaries(in->sc, in->res, in->ref_res, &in->windows[w], s[w]);
        for (int k = 0; k < N_EFFECT_KEYS; k++) {
            int hh = effect_keys[k];
            fprintf(f, "| %s, %s |", key_label(hh), plain_unit(hh));
            for (int w = 0; w < in->n_windows; w++) {
                char m[64], ci[96];
                estimate_parts(&s[w][hh], effect_scale(hh), false, m, sizeof m, ci, sizeof ci);
                fprintf(f, " %s [%s] |", m, ci);
            }
            fputc('\n', f);
        }
        free(s);
    }
    fputs("\n## The effect over time\n\n![The policy scenario minus the reference, month by month, with paired 95% "
          "intervals](effect.png)\n\n",
          f);
    /* as brief.html says it: no empty table when there is nothing to list */
    if (in->sc->n_assumptions == 0)
        fputs("## Assumptions\n\nThe scenario declares no assumptions (an `assumptions` list).\n", f);
    else
        fputs("## Assumptions\n\n| Assumption | Value | Range tried | Source |\n|---|---:|---|---|\n", f);
    for (int i = 0; i < in->sc->n_assumptions; i++) {
        const struct assumption *a = &in->sc->assumptions[i];
        char lab[256], range[96] = "";
        const struct schema_key *k = schema_find(a->key);
        if (isfinite(a->low))
            snprintf(range, sizeof range, "%g to %g", a->low, a->high);
        fprintf(f, "| %s (`%s`) | %g %s | %s | %s%s |\n", key_plain(a->key, lab, sizeof lab), a->key, a->value,
                k && k->unit ? k->unit : "", range, a->judgement ? "**Judgement call:** " : "", source_text(a));
    }
    if (!in->n_swings)
        fputs("\n## Sensitivity to the judgement calls\n\nThe scenario marks no assumption as a judgement call with a "
              "range.\n",
              f);
    if (in->n_swings) {
        fputs("\n## Sensitivity to the judgement calls\n\nThe main effect (the change in Chinese models' share of "
              "tokens, percentage points) as each judgement call moves to the low and the high end of its range, one "
              "at a time, on the same random numbers.\n\n![Tornado chart](tornado.png)\n\n",
              f);
        fputs("| Judgement call | At the low end | At the high end |\n|---|---|---|\n", f);
        double k = effect_scale(BRIEF_MAIN_HEADLINE);
        for (int i = 0; i < in->n_swings; i++) {
            const struct brief_swing *sw = &in->swings[i];
            char lab[256], m1[64], c1[96], m2[64], c2[96];
            estimate_parts(&sw->low, k, false, m1, sizeof m1, c1, sizeof c1);
            estimate_parts(&sw->high, k, false, m2, sizeof m2, c2, sizeof c2);
            fprintf(f, "| %s | %g: %s pp [%s] | %g: %s pp [%s] |\n", key_plain(sw->a->key, lab, sizeof lab),
                    sw->a->low, m1, c1, sw->a->high, m2, c2);
        }
    }
    const struct calibration *c = &in->ref->calibration;
    fputs("\n## Calibration of the reference\n\n", f);
    if (c->on && c->n_targets) {
        int met, fitted, n = calibration_counts(in, &met, &fitted);
        fprintf(f, "The reference world (%s) meets %d of %d fitted targets within tolerance%s.\n\n", in->ref->name, met,
                fitted, n > fitted ? " (the others are reported, not fitted)" : "");
        fputs("| Target | Published | Model (Monte Carlo 95% CI) | Met | Source |\n|---|---:|---:|---|---|\n", f);
        for (int t = 0; t < c->n_targets; t++) {
            const struct cal_target *tg = &c->targets[t];
            struct cal_measure m = calibration_measure(in->ref, in->ref_res, t);
            char est[160];
            target_estimate(est, sizeof est, &m);
            fprintf(f, "| `%s` | %g ± %g | %s | %s | %s |\n", tg->metric, tg->value, tg->tolerance, est,
                    tg->weight > 0 ? (m.within ? "yes" : "no") : (m.within ? "yes (reported)" : "no (reported)"),
                    tg->source);
        }
    } else {
        fprintf(f, "The reference (%s) has no calibration targets.\n", in->ref->name);
    }
    fprintf(f, "\n## Provenance\n\noss-sim %s; scenario `%s` (SHA-256 `%s`) against `%s` (SHA-256 `%s`); %d "
               "replications of %ld agents, seed %llu.\n\nTo reproduce it: `%s`\n",
            in->version, in->sc->path, in->sc->sha256, in->ref->path, in->ref->sha256, in->sc->replications,
            in->sc->n_agents, (unsigned long long)in->sc->seed, in->command);
}

bool brief_write(const char *dir, const struct brief_input *in, char *err)
{
    char path[OSS_PATH_LEN + 32];
    struct output_file a;
    snprintf(path, sizeof path, "%.4000s/brief.html", dir);
    if (!output_atomic_open(&a, path, err))
        return false;
    write_html(a.f, dir, in);
    if (!output_atomic_commit(&a, err))
        return false;
    snprintf(path, sizeof path, "%.4000s/brief.md", dir);
    if (!output_atomic_open(&a, path, err))
        return false;
    write_md(a.f, in);
    return output_atomic_commit(&a, err);
}
