/*
 * helpers.h - shared helpers of the cmocka unit tests.
 *
 * Include this first in every tests/unit/test_*.c (it sets _GNU_SOURCE for
 * mkstemps and mkdtemp, and includes cmocka in the order cmocka needs).
 *
 *   load_text()      loads a scenario given as a string (written to a temp file)
 *   text_sub()       a copy of a scenario text with one substring replaced
 *   line_of()        1-based line of a substring in a text (for error messages)
 *   TEXTBOOK_CFG     the textbook scenario of docs/model.md section 3.9: identical
 *                    agents (every sd = 0), every friction off, fixed prices
 *   textbook_logit() closed-form logit probabilities for that scenario's agents
 *   textbook_first_month()  that world after its first month, with its metrics
 *   integral_qags()  an integral by GSL's QAGS (surplus against the area under demand)
 *   ASSERT_NEAR()    |a - b| <= tol, printing both values when it fails
 *
 * Test binaries run with the current directory tests/, so the repository's
 * scenarios are at ../scenarios/.
 */
#ifndef OSS_TEST_HELPERS_H
#define OSS_TEST_HELPERS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <gsl/gsl_integration.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "choice.h"
#include "market.h"
#include "metrics.h"
#include "month.h"
#include "policy.h"
#include "scenario.h"
#include "stats.h"
#include "supply.h"

#define ASSERT_NEAR(a, b, tol)                                                                      \
    do {                                                                                            \
        double a_ = (a), b_ = (b), t_ = (tol);                                                      \
        if (!(fabs(a_ - b_) <= t_)) {                                                               \
            print_error("%s = %.15g\n%s = %.15g\n|difference| %.3g > tolerance %.3g\n", #a, a_, #b, \
                        b_, fabs(a_ - b_), t_);                                                     \
            fail();                                                                                 \
        }                                                                                           \
    } while (0)

/* The message err contains the string s. */
#define ASSERT_CONTAINS(err, s)                                                           \
    do {                                                                                  \
        const char *e_ = (err), *s_ = (s);                                                \
        if (!strstr(e_, s_)) {                                                            \
            print_error("message \"%s\"\ndoes not contain \"%s\"\n", e_, s_);             \
            fail();                                                                       \
        }                                                                                 \
    } while (0)

/* Directory for temp files. */
static inline const char *tmp_dir(void)
{
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

/* Writes text to a new temp file NAME.cfg (path into path, OSS_PATH_LEN). */
static inline void write_temp_cfg(const char *text, char *path)
{
    snprintf(path, OSS_PATH_LEN, "%s/oss_unit_XXXXXX.cfg", tmp_dir());
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Writes text to a file at path. */
static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

/*
 * Loads a scenario from text (written to a temp file that is removed
 * afterwards) with n_ov -s overrides.  Returns the scenario (free() it) or
 * NULL with the message in err (OSS_ERR_LEN).  path_out, when not NULL,
 * receives the temp file's path (OSS_PATH_LEN) for checking messages.
 */
static inline struct scenario *load_text_ov(const char *text, const char *const *ov, int n_ov,
                                            char *err, char *path_out)
{
    char path[OSS_PATH_LEN];
    write_temp_cfg(text, path);
    struct scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    struct override_list list = {n_ov, (const char **)ov, false};
    bool ok = scenario_load(sc, path, &list, err);
    unlink(path);
    if (path_out)
        snprintf(path_out, OSS_PATH_LEN, "%s", path);
    if (!ok) {
        free(sc);
        return NULL;
    }
    return sc;
}

/* Loads a scenario that must be valid (fails the test with the message otherwise). */
static inline struct scenario *load_ok(const char *text, const char *const *ov, int n_ov)
{
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = load_text_ov(text, ov, n_ov, err, NULL);
    if (!sc) {
        print_error("scenario did not load: %s\n", err);
        fail();
    }
    return sc;
}

/* Loads a scenario file that must be valid. */
static inline struct scenario *load_file_ok(const char *path, const char *const *ov, int n_ov)
{
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    struct override_list list = {n_ov, (const char **)ov, false};
    if (!scenario_load(sc, path, &list, err)) {
        print_error("%s did not load: %s\n", path, err);
        free(sc);
        fail();
    }
    return sc;
}

/* A malloc'ed copy of text with the first occurrence of old replaced by new_. */
static inline char *text_sub(const char *text, const char *old, const char *new_)
{
    const char *at = strstr(text, old);
    if (!at) {
        print_error("text_sub: \"%s\" not found\n", old);
        fail();
    }
    size_t n = strlen(text) - strlen(old) + strlen(new_) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    size_t pre = (size_t)(at - text);
    memcpy(out, text, pre);
    strcpy(out + pre, new_);
    strcat(out, at + strlen(old));
    return out;
}

/* A malloc'ed concatenation of two texts. */
static inline char *text_cat(const char *a, const char *b)
{
    char *out = malloc(strlen(a) + strlen(b) + 1);
    assert_non_null(out);
    strcpy(out, a);
    strcat(out, b);
    return out;
}

/* 1-based line of the first occurrence of needle in text (0 when absent). */
static inline int line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    if (!at)
        return 0;
    int line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

/* "PATH:LINE" of a key in a text loaded from path. */
static inline void file_line(char *buf, size_t n, const char *path, const char *text,
                             const char *needle)
{
    int line = line_of(text, needle);
    assert_true(line > 0);
    snprintf(buf, n, "%s:%d", path, line);
}

/*
 * The textbook scenario of docs/model.md section 3.9.  Every agent is identical
 * (all sd = 0, so every attribute is its mean), knows every family, reviews
 * every month, has no switching cost, no distrust and no ecosystem term.
 * Supply is frozen: no frontier growth, no diffusion, no cost decline, and
 * closed prices are fixed (tests switch them to Bertrand by override).
 * Every number is a binary fraction, so the float attributes of agents equal
 * the doubles used in the closed forms exactly.
 *
 * Utilities V_j = beta (q_j - 110) - alpha p_j + theta open_j + appeal_j
 * with alpha = 1, beta = 0.25, theta = 0.25 (open prices: cost x 1.25):
 *   a (US closed)  0.25*10 - 3      = -0.5
 *   b (US closed)  0.25*2  - 1.5   + 0.5          = -0.5
 *   c (US open)    0.25*6  - 0.3125 + 0.25        =  1.4375
 *   d (CN open)    0.25*8  - 0.625  + 0.25 - 0.25 =  1.375
 *   e (CN closed)  0.25*0  - 1                    = -1
 *   outside 0
 */
#define TEXTBOOK_CFG                                                                                 \
    "description = \"textbook: identical agents, no frictions\";\n"                                  \
    "horizon = {\n"                                                                                  \
    "  start = \"2025-01\";\n"                                                                       \
    "  end = \"2025-12\";\n"                                                                         \
    "  reporting_year = 2025;\n"                                                                     \
    "};\n"                                                                                           \
    "run = { replications = 2; seed = 12345L; };\n"                                                  \
    "market = {\n"                                                                                   \
    "  potential_tokens = 1.0e6;\n"                                                                  \
    "  growth = 0.0;\n"                                                                              \
    "  outside_quality = 110.0;\n"                                                                   \
    "};\n"                                                                                           \
    "supply = {\n"                                                                                   \
    "  frontier = 120.0;\n"                                                                          \
    "  frontier_growth = 0.0;\n"                                                                     \
    "  compute = { US = 1.0; EU = 1.0; CN = 1.0; ROW = 1.0; };\n"                                    \
    "  open_lag = 3.0;\n"                                                                            \
    "  diffusion = 0.0;\n"                                                                           \
    "  diffusion_lag = 0.0;\n"                                                                       \
    "  cost_decline = 0.0;\n"                                                                        \
    "  host_margin = 0.25;\n"                                                                        \
    "  price_adjustment = 0.5;\n"                                                                    \
    "};\n"                                                                                           \
    "families = {\n"                                                                                 \
    "  a = { name = \"Closed A\"; vendor = \"VA\"; origin = \"US\"; access = \"closed\";\n"           \
    "        quality = 120.0; cost = 1.0; price = 3.0; pricing = \"fixed\"; appeal = 0.0; };\n"      \
    "  b = { name = \"Closed B\"; vendor = \"VB\"; origin = \"US\"; access = \"closed\";\n"           \
    "        quality = 112.0; cost = 0.5; price = 1.5; pricing = \"fixed\"; appeal = 0.5; };\n"      \
    "  c = { name = \"Open C\"; vendor = \"VC\"; origin = \"US\"; access = \"open\";\n"               \
    "        quality = 116.0; cost = 0.25; appeal = 0.0; };\n"                                       \
    "  d = { name = \"Open D\"; vendor = \"VD\"; origin = \"CN\"; access = \"open\";\n"               \
    "        quality = 118.0; cost = 0.5; appeal = -0.25; };\n"                                      \
    "  e = { name = \"Closed E\"; vendor = \"VE\"; origin = \"CN\"; access = \"closed\";\n"           \
    "        quality = 110.0; cost = 0.25; price = 1.0; pricing = \"fixed\"; };\n"                   \
    "};\n"                                                                                           \
    "agents = {\n"                                                                                   \
    "  count = 4000;\n"                                                                              \
    "  volume = { dist = \"constant\"; mean = 1.0; sd = 0.0; };\n"                                   \
    "  alpha = { dist = \"constant\"; mean = 1.0; sd = 0.0; };\n"                                    \
    "  beta = { dist = \"constant\"; mean = 0.25; sd = 0.0; };\n"                                    \
    "  openness = { dist = \"constant\"; mean = 0.25; sd = 0.0; };\n"                                \
    "  distrust = { dist = \"constant\"; mean = 1.0; sd = 0.0; };\n"                                 \
    "  switching_cost = { dist = \"constant\"; mean = 0.0; sd = 0.0; };\n"                           \
    "  review = { dist = \"constant\"; mean = 1.0; sd = 0.0; };\n"                                   \
    "};\n"                                                                                           \
    "frictions = {\n"                                                                                \
    "  inertia = false;\n"                                                                           \
    "  awareness = false;\n"                                                                         \
    "  switching_cost = false;\n"                                                                    \
    "  ecosystem = false;\n"                                                                         \
    "  distrust = false;\n"                                                                          \
    "};\n"

/* Family indices of TEXTBOOK_CFG (libconfig keeps the file's order). */
enum { TB_A, TB_B, TB_C, TB_D, TB_E, TB_N };

/*
 * Closed-form multinomial logit of a textbook agent (identical agents, no
 * frictions) over the available families and the outside option, from the
 * scenario's parameters and the families' current quality and price given
 * in q[] and price[] (wedge[j] multiplies price j; NULL for none), their
 * access acc[] (NULL: access at entry) and utils dv[j] added to V_j (NULL:
 * none; e.g. minus a trust shock).  Writes
 * P[j] for families (0 when unavailable) and *P0 for the outside option, and
 * returns the log-sum ln(1 + sum_j exp V_j).  Written independently of
 * choice.h: plain sums of exponentials in long double.
 */
static inline double textbook_logit_acc(const struct scenario *sc, const bool *avail,
                                         const enum access *acc, const double *dv, const double *q,
                                         const double *price, const double *wedge, double *P,
                                         double *P0)
{
    long double e[OSS_MAX_FAMILIES], sum = 1; /* the outside option: V = 0 */
    double alpha = sc->alpha.mean, beta = sc->beta.mean, theta = sc->openness.mean;
    for (int j = 0; j < sc->n_families; j++) {
        e[j] = 0;
        if (avail && !avail[j])
            continue;
        double pj = price[j] * (wedge ? wedge[j] : 1.0);
        double v = beta * (q[j] - sc->outside_quality) - alpha * pj +
                   theta * ((acc ? acc[j] : sc->families[j].access) == ACCESS_OPEN) +
                   sc->families[j].appeal + (dv ? dv[j] : 0);
        e[j] = expl((long double)v);
        sum += e[j];
    }
    for (int j = 0; j < sc->n_families; j++)
        P[j] = (double)(e[j] / sum);
    *P0 = (double)(1 / sum);
    return (double)logl(sum);
}

/* The same with every family at its access at entry. */
static inline double textbook_logit(const struct scenario *sc, const bool *avail, const double *q,
                                    const double *price, const double *wedge, double *P, double *P0)
{
    return textbook_logit_acc(sc, avail, NULL, NULL, q, price, wedge, P, P0);
}

/* Runs months [0, months) of a world, storing each month's row and family
 * rows when rows/fams are not NULL (rows: months x N_MONTH_METRICS, fams:
 * months x n_families x N_FAMILY_METRICS). */
static inline void run_world(struct world *w, int months, int threads, double *rows, double *fams)
{
    size_t fs = (size_t)w->sc->n_families * N_FAMILY_METRICS;
    double row[N_MONTH_METRICS];
    double *fam = malloc(fs * sizeof *fam);
    assert_non_null(fam);
    for (int k = 0; k < months; k++) {
        world_step(w, k, threads);
        metrics_month(w, rows ? rows + (size_t)k * N_MONTH_METRICS : row, fams ? fams + (size_t)k * fs : fam);
    }
    free(fam);
}

/* The textbook world (TEXTBOOK_CFG with the overrides) after its first
 * month: its scenario in *sc, the month's metrics in row. */
static inline struct world *textbook_first_month(const char *const *ov, int n_ov, struct scenario **sc, double *row)
{
    *sc = load_ok(TEXTBOOK_CFG, ov, n_ov);
    struct world *w = world_alloc(*sc, 0);
    assert_non_null(w);
    run_world(w, 1, 1, row, NULL);
    return w;
}

/* What a demand function integrated by integral_qags needs: the scenario,
 * the month's supply (qualities, other prices) and the family whose price
 * varies. */
struct demand_params {
    const struct scenario *sc;
    const struct supply *s;
    int j;
};

/* The integral of f over [a, b] by GSL's QAGS, to 1e-12 absolute and
 * relative (a failure to reach it fails the test). */
static inline double integral_qags(double (*f)(double, void *), void *params, double a, double b)
{
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(1000);
    assert_non_null(ws);
    gsl_function fn = {f, params};
    double r, err;
    assert_int_equal(gsl_integration_qags(&fn, a, b, 1e-12, 1e-12, 1000, ws, &r, &err), 0);
    gsl_integration_workspace_free(ws);
    return r;
}

/* What storing every agent's bonus in single precision can move the
 * month's consumer surplus (million USD) by: half an ulp of each bonus,
 * 2^-24 relative, times the agent's volume / alpha, scaled as metrics.c
 * scales the surplus.  Surplus identities hold to this plus rounding. */
static inline double surplus_bonus_rounding(const struct world *w)
{
    double s = 0;
    for (long i = 0; i < w->n_agents; i++)
        s += (double)w->agents[i].volume / w->agents[i].alpha * fabs((double)w->agents[i].bonus);
    return s * 0x1p-24 * w->token_scale / 1e6;
}

/* Agents of world w on family j (all cells) this month; j = OSS_MAX_FAMILIES: outside. */
static inline double world_devs(const struct world *w, int j)
{
    double n = 0;
    for (int c = 0; c < N_CELLS; c++)
        n += w->total.devs[j][c];
    return n;
}

/* Agents of region r of world w on family j this month. */
static inline double world_devs_region(const struct world *w, int j, int r)
{
    double n = 0;
    for (int s = 0; s < N_SEGMENTS; s++)
        n += w->total.devs[j][r * N_SEGMENTS + s];
    return n;
}

/* The absolute path of the repository's scenarios directory (cwd = tests/). */
static inline void scenarios_dir(char *buf)
{
    char *p = realpath("../scenarios", NULL);
    assert_non_null(p);
    snprintf(buf, OSS_PATH_LEN, "%s", p);
    free(p);
}

/* An @include line for the repository's scenarios/NAME from a scenario
 * written by write_temp_cfg: a path relative to the temp directory, so that
 * relative includes across directories are exercised (test_scenario.c
 * covers absolute ones).  Surplus "../" at the root stay at the root, so 32
 * of them reach it from any temp directory. */
static inline void include_scenario(char *buf, size_t n, const char *name)
{
    char dir[OSS_PATH_LEN];
    scenarios_dir(dir);
    char up[3 * 32 + 1] = "";
    for (int i = 0; i < 32; i++)
        strcat(up, "../");
    snprintf(buf, n, "@include \"%s%.2048s/%.64s\"\n", up, dir + 1, name);
}


#endif
