/*
 * test_calibration.c - oss-sim calibrate (calibration.h) and the scenario
 * parts it rests on:
 *
 *   - parameter recovery: targets computed by the model at known values
 *     theta* are fitted back from a start 20-25% off;
 *   - the fit is reproducible to the bit, and does not depend on threads;
 *     the fit says why it stopped;
 *   - a plain run's calibration_measure() agrees with the fit's
 *     calibration_evaluate() (the table after a run shows what was fitted);
 *   - an evaluation runs to the reporting year's December, or the whole
 *     horizon when something is dated after it (a family entering later);
 *   - the fragment (calibration.fragment): calibration_write_fragment()
 *     writes it, a plain load applies its `fitted` list, also when the file
 *     with the calibration block is @included from another directory (the
 *     fragment is found beside that file, never beside the includer); a
 *     missing or malformed fragment is an error naming it, and calibrate's
 *     load (skip_fitted) ignores it;
 *   - the order: the fragment, a top-level `fitted` list, the file's
 *     `overrides`, then -s;
 *   - validation of the calibration block: the whole message, with file,
 *     line and key;
 *   - truncation invariance: the reporting year's headlines do not depend
 *     on the months after it (every evaluation of the fit stops at the
 *     reporting year's December).
 */
#include "helpers.h"

#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>
#include <libconfig.h>

#include "calibration.h"
#include "run.h"

#define BASELINE "../scenarios/baseline.cfg"
#define BASELINE_FRAGMENT "../scenarios/calibrated.cfg"

/*
 * The calibration scenario: the textbook world (identical agents, fixed
 * prices, no frictions, 2025-01 to 2025-12) with a calibration block of
 * three free parameters, each moving mainly one target:
 *
 *   market.potential_tokens -> market_spend_busd (spend is proportional to
 *                              the market's size: no choice depends on it)
 *   agents.alpha.mean       -> avg_price_closed_mean (price sensitivity
 *                              moves closed demand from a at 3.0 to e at 1.0;
 *                              by IIA the open families' appeal hardly matters)
 *   agents.openness.mean    -> open_token_share_mean
 *
 * Every evaluation: 2 replications x 3000 agents x 12 months.  The target
 * values and tolerances here are placeholders: the tests set them from the
 * model.  Each free parameter sits on a line of its own, as do the targets,
 * so that messages can be matched to lines.  The fragment, fitted_here.cfg,
 * lies beside the file.
 */
#define CAL_BLOCK                                                                                  \
    "calibration = {\n"                                                                            \
    "  replications = 2;\n"                                                                        \
    "  agents = 3000;\n"                                                                           \
    "  max_iterations = 400;\n"                                                                    \
    "  tolerance = 0.001;\n"                                                                       \
    "  fragment = \"fitted_here.cfg\";\n"                                                          \
    "  free = (\n"                                                                                 \
    "    { key = \"market.potential_tokens\"; min = 1.0e5; max = 1.0e7; start = 1.25e6; },\n"      \
    "    { key = \"agents.alpha.mean\"; min = 0.25; max = 4.0; start = 0.8; },\n"                   \
    "    { key = \"agents.openness.mean\"; min = -2.0; max = 2.0; start = 0.3125; }\n"             \
    "  );\n"                                                                                       \
    "  targets = (\n"                                                                              \
    "    { metric = \"market_spend_busd\"; value = 1.0; tolerance = 0.01; weight = 1.0;\n"         \
    "      source = \"model at theta*\"; },\n"                                                     \
    "    { metric = \"avg_price_closed_mean\"; value = 2.0; tolerance = 0.01; weight = 1.0; },\n"  \
    "    { metric = \"open_token_share_mean\"; value = 0.5; tolerance = 0.005; weight = 1.0; }\n"  \
    "  );\n"                                                                                       \
    "};\n"

/* A fragment for CAL_BLOCK with values of its own for the three free
 * parameters (none of them the textbook's or a start). */
#define FRAG_TOKENS 3.0e6
#define FRAG_ALPHA 2.0
#define FRAG_OPENNESS (-1.0)
#define FRAGMENT_TEXT                                                                              \
    "# a fragment as oss-sim calibrate writes it: comments and a fitted list\n"                    \
    "fitted = [\n"                                                                                 \
    "  \"market.potential_tokens=3.0e6\",\n"                                                       \
    "  \"agents.alpha.mean=2.0\",\n"                                                               \
    "  \"agents.openness.mean=-1.0\"\n"                                                            \
    "];\n"

enum { P_TOKENS, P_ALPHA, P_OPENNESS, N_P };
enum { T_SPEND, T_CLOSED_PRICE, T_OPEN_SHARE, N_T };

/* theta*: the textbook's own values; the block's starts are theta* x 1.25,
 * x 0.8 and x 1.25 */
static const double THETA_STAR[N_P] = {1.0e6, 1.0, 0.25};

/* ---- temporary directories ------------------------------------------------ */

/* A new empty directory under TMPDIR (an absolute path when TMPDIR is). */
static void tmpdir_new(char dir[OSS_PATH_LEN])
{
    snprintf(dir, OSS_PATH_LEN, "%s/oss_cal_XXXXXX", tmp_dir());
    assert_non_null(mkdtemp(dir));
}

/* dir/name into buf (OSS_PATH_LEN) */
static char *path_in(char *buf, const char *dir, const char *name)
{
    snprintf(buf, OSS_PATH_LEN, "%.2000s/%.1000s", dir, name);
    return buf;
}

/* Writes text to dir/name; the path into buf (OSS_PATH_LEN) when not NULL. */
static void write_in(const char *dir, const char *name, const char *text, char *buf)
{
    char p[OSS_PATH_LEN];
    write_file(path_in(p, dir, name), text);
    if (buf)
        snprintf(buf, OSS_PATH_LEN, "%s", p);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

/* Removes dir and everything in it. */
static void tmpdir_rm(const char *dir)
{
    assert_int_equal(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* Loads path as a plain run does (skip = false) or as calibrate does
 * (skip = true: no fitted values); NULL with the message in err. */
static struct scenario *load_path(const char *path, const char *const *ov, int n_ov, bool skip, char *err)
{
    struct scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    struct override_list list = {n_ov, (const char **)ov, skip};
    err[0] = '\0';
    if (!scenario_load(sc, path, &list, err)) {
        free(sc);
        return NULL;
    }
    return sc;
}

static struct scenario *load_path_ok(const char *path, const char *const *ov, int n_ov, bool skip)
{
    char err[OSS_ERR_LEN];
    struct scenario *sc = load_path(path, ov, n_ov, skip, err);
    if (!sc) {
        print_error("%s did not load (skip_fitted %d): %s\n", path, skip, err);
        fail();
    }
    return sc;
}

/* path must fail to load with exactly the message want. */
static void load_path_fails(const char *path, bool skip, const char *want)
{
    char err[OSS_ERR_LEN];
    struct scenario *sc = load_path(path, NULL, 0, skip, err);
    if (sc) {
        free(sc);
        print_error("%s loaded (skip_fitted %d), expected: %s\n", path, skip, want);
        fail();
    }
    assert_string_equal(err, want);
}

/* ---- the calibration scenario on disk ------------------------------------- */

/* A scenario file in a directory of its own, with its fragment, that stays
 * on disk while the fit runs (every evaluation reloads it), and its scenario
 * as calibrate loads it (fitted values skipped). */
struct cal_file {
    char dir[OSS_PATH_LEN];
    char path[OSS_PATH_LEN];
    struct scenario *sc;
};

static void cal_file_open(struct cal_file *cf, const char *text)
{
    tmpdir_new(cf->dir);
    write_in(cf->dir, "main.cfg", text, cf->path);
    write_in(cf->dir, "fitted_here.cfg", FRAGMENT_TEXT, NULL);
    char err[OSS_ERR_LEN] = "";
    cf->sc = load_path(cf->path, NULL, 0, true, err);
    if (!cf->sc) {
        tmpdir_rm(cf->dir);
        print_error("scenario did not load: %s\n", err);
        fail();
    }
}

static void cal_file_close(struct cal_file *cf)
{
    tmpdir_rm(cf->dir);
    free(cf->sc);
}

static void evaluate_ok(const struct fit_options *o, const struct scenario *sc, const double *theta,
                        double *model, double *F)
{
    char err[OSS_ERR_LEN] = "";
    *F = calibration_evaluate(o, sc, theta, model, err);
    if (isnan(*F)) {
        print_error("calibration_evaluate: %s\n", err);
        fail();
    }
}

/*
 * The calibration scenario with its targets set to the model's values at
 * theta* (calibration_evaluate and calibration_fit use the caller's
 * targets).  Tolerances, chosen so that a 1% error in a parameter costs
 * about one tolerance or more: 0.5% of the value for spend (which moves 1%
 * per 1% of potential_tokens) and for the closed price (0.8% per 1% of
 * alpha), and 0.001 for the open share, which moves only s (1 - s) = 0.14
 * per util of openness (s = 0.84).
 */
static void cal_scenario(struct cal_file *cf, const struct fit_options *o)
{
    char *text = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    cal_file_open(cf, text);
    free(text);
    struct scenario *sc = cf->sc;
    assert_true(sc->calibration.on);
    assert_int_equal(sc->calibration.n_free, N_P);
    assert_int_equal(sc->calibration.n_targets, N_T);
    assert_int_equal(sc->calibration.n_fitted, 0); /* calibrate's load: the fragment is not read */
    ASSERT_NEAR(sc->potential_tokens, 1.0e6, 0);
    double model[OSS_MAX_CAL_TARGETS], F;
    struct fit_options o1 = *o;
    o1.path = cf->path;
    evaluate_ok(&o1, sc, THETA_STAR, model, &F);
    for (int t = 0; t < N_T; t++) {
        assert_true(isfinite(model[t]) && model[t] > 0);
        sc->calibration.targets[t].value = model[t];
    }
    sc->calibration.targets[T_SPEND].tolerance = 0.005 * model[T_SPEND];
    sc->calibration.targets[T_CLOSED_PRICE].tolerance = 0.005 * model[T_CLOSED_PRICE];
    sc->calibration.targets[T_OPEN_SHARE].tolerance = 0.001;
}

/* ---- parameter recovery ------------------------------------------------ */

/*
 * Every evaluation runs the same replications of the same seed (common
 * random numbers), so the objective is a deterministic function of theta
 * and is exactly 0 at theta*: what limits recovery is not sampling noise
 * but the simplex's stopping size (0.001 in logit units, about 0.06% of
 * alpha here) and the flatness of the objective.  Choices are discrete
 * draws, so the objective is a fine staircase: the closed price jitters by
 * about 0.04% as openness moves (IIA holds in expectation, not draw by
 * draw), which leaves alpha uncertain by about 0.1-0.2%, and the open share
 * then trades that against openness.  Over nine seeds and simplex
 * tolerances 0.0005-0.002 the worst errors were 0.08% (potential_tokens),
 * 0.27% (alpha) and 0.0057 utils (openness; 2.3% of theta*).  Allowed:
 * 2% for potential_tokens and alpha, 0.02 utils for openness (8% of
 * theta*, 0.5% of its range of 4 utils): at least 3x the worst seen, and a
 * real failure to recover (a stall near the start, 20-25% off) is far
 * outside.  At the optimum F must be small: at most 0.02, i.e. residuals
 * about a seventh of a tolerance (the worst seen was 0.0064).
 */
static void test_recovery(void **state)
{
    (void)state;
    struct fit_options o = {NULL, NULL, 1, 0, NULL};
    struct cal_file cf;
    cal_scenario(&cf, &o);
    o.path = cf.path;
    struct scenario *sc = cf.sc;
    double model[OSS_MAX_CAL_TARGETS], F;
    evaluate_ok(&o, sc, THETA_STAR, model, &F);
    ASSERT_NEAR(F, 0, 0); /* the same random numbers: exactly the targets */
    double start[N_P];
    for (int i = 0; i < N_P; i++)
        start[i] = sc->calibration.free[i].start;
    evaluate_ok(&o, sc, start, model, &F);
    assert_true(F > 10); /* the start is far off: the fit has work to do */

    struct fit fit;
    char err[OSS_ERR_LEN] = "";
    int st = calibration_fit(&o, sc, &fit, err);
    if (st != 0)
        print_error("calibration_fit: %s\n", err);
    assert_int_equal(st, 0);
    assert_true(fit.converged);
    assert_string_equal(fit.stop, "converged");
    assert_true(fit.restarts >= 0);
    assert_true(fit.iterations > 0 && fit.iterations <= sc->calibration.max_iterations);
    assert_true(fit.evaluations > fit.iterations);
    ASSERT_NEAR(fit.theta[P_TOKENS], THETA_STAR[P_TOKENS], 0.02 * THETA_STAR[P_TOKENS]);
    ASSERT_NEAR(fit.theta[P_ALPHA], THETA_STAR[P_ALPHA], 0.02 * THETA_STAR[P_ALPHA]);
    ASSERT_NEAR(fit.theta[P_OPENNESS], THETA_STAR[P_OPENNESS], 0.02);
    assert_true(fit.objective >= 0 && fit.objective <= 0.02);
    /* fit.model is the model at fit.theta, and fit.objective its F */
    double again[OSS_MAX_CAL_TARGETS];
    evaluate_ok(&o, sc, fit.theta, again, &F);
    ASSERT_NEAR(F, fit.objective, 0);
    for (int t = 0; t < N_T; t++) {
        ASSERT_NEAR(fit.model[t], again[t], 0);
        const struct cal_target *tg = &sc->calibration.targets[t];
        ASSERT_NEAR(fit.model[t], tg->value, 0.25 * tg->tolerance);
    }
    /* every fitted value lies inside its bounds */
    for (int i = 0; i < N_P; i++)
        assert_true(fit.theta[i] > sc->calibration.free[i].min && fit.theta[i] < sc->calibration.free[i].max);
    cal_file_close(&cf);
}

/* ---- reproducibility ----------------------------------------------------- */

/*
 * The same inputs give the same fit to the bit, and so do 1 and 2 threads
 * (run_scenario's numbers do not depend on threads, and the simplex is
 * deterministic).  To stay fast: 1000 agents per evaluation (the caller's
 * calibration struct decides) and a cap of 25 iterations, every one of
 * which must follow the same path for the end point to agree to the bit.
 */
static void test_fit_reproducible(void **state)
{
    (void)state;
    struct fit_options o = {NULL, NULL, 1, 25, NULL};
    struct cal_file cf;
    cal_scenario(&cf, &o);
    o.path = cf.path;
    cf.sc->calibration.agents = 1000;
    struct fit a, b, c;
    char err[OSS_ERR_LEN] = "";
    assert_int_equal(calibration_fit(&o, cf.sc, &a, err), 0);
    assert_int_equal(calibration_fit(&o, cf.sc, &b, err), 0);
    o.threads = 2;
    assert_int_equal(calibration_fit(&o, cf.sc, &c, err), 0);
    assert_int_equal(a.iterations, 25); /* the cap given in fit_options beats the block's 400 */
    assert_false(a.converged);
    assert_string_equal(a.stop, "stopped at the iteration cap");
    for (const struct fit *x = &b; x; x = x == &b ? &c : NULL) {
        assert_memory_equal(a.theta, x->theta, N_P * sizeof *a.theta);
        assert_memory_equal(a.model, x->model, N_T * sizeof *a.model);
        assert_memory_equal(&a.objective, &x->objective, sizeof a.objective);
        assert_int_equal(a.iterations, x->iterations);
        assert_int_equal(a.evaluations, x->evaluations);
        assert_int_equal(a.restarts, x->restarts);
        assert_string_equal(a.stop, x->stop);
    }
    /* it moved: 25 iterations from a start with F > 10 */
    assert_true(a.objective < 10);
    cal_file_close(&cf);
}

/* ---- the table after a run against the fit's evaluation ---------------- */

/*
 * A plain run of the scenario with the calibration's agents and
 * replications and theta set by -s measures each target
 * (calibration_measure, the table and calibration.csv) exactly as
 * calibration_evaluate does, although the run keeps the whole horizon
 * (here the same) and the fitted values come from text.
 */
static void test_measure_matches_evaluate(void **state)
{
    (void)state;
    struct fit_options o = {NULL, NULL, 2, 0, NULL};
    struct cal_file cf;
    cal_scenario(&cf, &o);
    o.path = cf.path;
    const double theta[N_P] = {2.5e6, 0.75, -0.5};
    double model[OSS_MAX_CAL_TARGETS], F;
    evaluate_ok(&o, cf.sc, theta, model, &F);

    char ov_buf[N_P + 2][128];
    const char *ov[N_P + 2];
    snprintf(ov_buf[0], sizeof ov_buf[0], "agents.count=%ld", cf.sc->calibration.agents);
    snprintf(ov_buf[1], sizeof ov_buf[1], "run.replications=%d", cf.sc->calibration.replications);
    for (int i = 0; i < N_P; i++)
        snprintf(ov_buf[2 + i], sizeof ov_buf[2 + i], "%s=%.17g", cf.sc->calibration.free[i].key, theta[i]);
    for (int i = 0; i < N_P + 2; i++)
        ov[i] = ov_buf[i];
    /* a plain load applies the fragment beside the file; -s beats it */
    struct scenario *run = load_file_ok(cf.path, NULL, 0);
    ASSERT_NEAR(run->potential_tokens, FRAG_TOKENS, 0);
    ASSERT_NEAR(run->openness.mean, FRAG_OPENNESS, 0);
    free(run);
    run = load_file_ok(cf.path, ov, N_P + 2);
    ASSERT_NEAR(run->potential_tokens, theta[P_TOKENS], 0);
    struct run_results res;
    assert_int_equal(run_scenario(run, NULL, 1, false, &res), 0);
    /* the caller's targets (in cf.sc), measured on the run */
    run->calibration.n_targets = cf.sc->calibration.n_targets;
    memcpy(run->calibration.targets, cf.sc->calibration.targets, sizeof run->calibration.targets);
    double num = 0, den = 0;
    for (int t = 0; t < N_T; t++) {
        struct cal_measure m = calibration_measure(run, &res, t);
        const struct cal_target *tg = &cf.sc->calibration.targets[t];
        ASSERT_NEAR(m.mean, model[t], 0);
        assert_int_equal(m.n, 2);
        assert_true(m.lo <= m.mean && m.mean <= m.hi);
        assert_int_equal(m.within, fabs(m.mean - tg->value) <= tg->tolerance);
        double per_rep[2];
        calibration_values(run, &res, t, per_rep);
        ASSERT_NEAR((per_rep[0] + per_rep[1]) / 2, m.mean, 1e-12 * fabs(m.mean));
        double z = (m.mean - tg->value) / tg->tolerance;
        num += tg->weight * z * z;
        den += tg->weight;
    }
    ASSERT_NEAR(num / den, F, 1e-12 * F); /* F as calibration.h defines it */
    run_results_free(&res);
    free(run);
    cal_file_close(&cf);
}

/* ---- evaluations and the horizon ------------------------------------------ */

/*
 * calibration_evaluate runs to the reporting year's December (the targets
 * are figures of that year), unless the scenario cannot be loaded with that
 * horizon because something is dated after it; then it runs the whole
 * horizon.  Here the horizon runs to 2026-06: without anything dated after
 * 2025 the evaluation agrees to the bit with a plain run cut at 2025-12;
 * with family e entering in 2026-03 (which a horizon ending 2025-12
 * leaves out) it still evaluates, and agrees to the bit with a plain run of
 * the whole horizon.
 */
static void check_evaluate_horizon(const char *text, bool late)
{
    struct fit_options o = {NULL, NULL, 2, 0, NULL};
    struct cal_file cf;
    cal_file_open(&cf, text);
    o.path = cf.path;
    assert_int_equal(cf.sc->end, month_make(2026, 6));
    const double theta[N_P] = {2.5e6, 0.75, -0.5};
    double model[OSS_MAX_CAL_TARGETS], F;
    evaluate_ok(&o, cf.sc, theta, model, &F);
    assert_true(isfinite(F));

    char ov_buf[N_P + 3][128];
    const char *ov[N_P + 3];
    snprintf(ov_buf[0], sizeof ov_buf[0], "agents.count=%ld", cf.sc->calibration.agents);
    snprintf(ov_buf[1], sizeof ov_buf[1], "run.replications=%d", cf.sc->calibration.replications);
    for (int i = 0; i < N_P; i++)
        snprintf(ov_buf[2 + i], sizeof ov_buf[2 + i], "%s=%.17g", cf.sc->calibration.free[i].key, theta[i]);
    snprintf(ov_buf[N_P + 2], sizeof ov_buf[N_P + 2], "horizon.end=2025-12");
    for (int i = 0; i < N_P + 3; i++)
        ov[i] = ov_buf[i];
    char err[OSS_ERR_LEN];
    struct scenario *cut = load_path(cf.path, ov, N_P + 3, false, err);
    assert_non_null(cut);
    if (late) {
        /* a horizon cut at the reporting year leaves the late family out, with a note */
        ASSERT_CONTAINS(cut->note, "families.e.entry");
        assert_int_equal(scenario_family_index(cut, "e"), -1);
        free(cut);
        cut = NULL;
    }
    struct scenario *run = late ? load_path_ok(cf.path, ov, N_P + 2, false) : cut;
    assert_int_equal(run->end, late ? month_make(2026, 6) : month_make(2025, 12));
    if (late)
        assert_int_equal(run->families[TB_E].entry, month_make(2026, 3));
    struct run_results res;
    assert_int_equal(run_scenario(run, NULL, 1, false, &res), 0);
    for (int t = 0; t < N_T; t++) {
        struct cal_measure m = calibration_measure(run, &res, t);
        assert_true(isfinite(m.mean));
        ASSERT_NEAR(m.mean, model[t], 0);
    }
    run_results_free(&res);
    free(run);
    cal_file_close(&cf);
}

static void test_evaluate_horizon(void **state)
{
    (void)state;
    char *base = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    char *text = text_sub(base, "end = \"2025-12\";", "end = \"2026-06\";");
    check_evaluate_horizon(text, false);
    char *late = text_sub(text, "price = 1.0; pricing = \"fixed\"; };",
                          "price = 1.0; pricing = \"fixed\"; entry = \"2026-03\"; };");
    check_evaluate_horizon(late, true);
    free(late);
    free(text);
    free(base);
}

/* ---- the fragment: writing and applying ----------------------------------- */

/* The values of CAL_BLOCK's free parameters in sc equal theta (to the 10
 * significant digits a fragment holds). */
static void assert_theta(const struct scenario *sc, const double *theta)
{
    ASSERT_NEAR(sc->potential_tokens, theta[P_TOKENS], 1e-9 * fabs(theta[P_TOKENS]));
    ASSERT_NEAR(sc->alpha.mean, theta[P_ALPHA], 1e-9 * fabs(theta[P_ALPHA]));
    ASSERT_NEAR(sc->openness.mean, theta[P_OPENNESS], 1e-9 * fabs(theta[P_OPENNESS]));
}

/* Files in dir (not . and ..), sorted, joined by spaces, into buf. */
static void list_dir(const char *dir, char *buf, size_t n)
{
    struct dirent **e;
    int k = scandir(dir, &e, NULL, alphasort);
    assert_true(k >= 0);
    buf[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (strcmp(e[i]->d_name, ".") != 0 && strcmp(e[i]->d_name, "..") != 0) {
            if (buf[0])
                strncat(buf, " ", n - strlen(buf) - 1);
            strncat(buf, e[i]->d_name, n - strlen(buf) - 1);
        }
        free(e[i]);
    }
    free(e);
}

/*
 * calibration_write_fragment writes comment lines (a record of the fit, why
 * it stopped included) and a `fitted` list, and leaves no temporary file.
 * Until it exists a plain load fails naming the fragment; afterwards a plain
 * load applies it, and so does a load through @include from another
 * directory, by absolute path or relative path: the fragment is found
 * beside the file that holds the calibration block (a decoy beside the
 * including file is not read).  That is the reason for calibration.fragment:
 * libconfig resolves every @include against the directory of the file named
 * on the command line, so an @include of the fragment in the baseline broke
 * whenever the baseline was included from elsewhere.  A top-level `fitted`
 * list in an @included file (the older arrangement) still applies.
 */
static void test_fragment_loads(void **state)
{
    (void)state;
    char dir[OSS_PATH_LEN], other[OSS_PATH_LEN], sub[OSS_PATH_LEN];
    tmpdir_new(dir);
    tmpdir_new(other);
    assert_int_equal(mkdir(path_in(sub, dir, "sub"), 0755), 0);
    char main_path[OSS_PATH_LEN], frag[OSS_PATH_LEN], want[3 * OSS_PATH_LEN];
    char *text = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    write_in(dir, "main.cfg", text, main_path);
    path_in(frag, dir, "fitted_here.cfg");

    /* calibrate's load: the destination, beside the file with the block */
    struct scenario *sc = load_path_ok(main_path, NULL, 0, true);
    assert_string_equal(sc->calibration.output, frag);
    assert_string_equal(sc->calibration.file, main_path);
    assert_true(sc->calibration.report);
    assert_int_equal(sc->calibration.n_fitted, 0);

    /* a plain load before the fragment exists */
    snprintf(want, sizeof want,
             "%s:%d: calibration.fragment: cannot read \"%s\": No such file or directory (oss-sim calibrate writes it)",
             main_path, line_of(text, "fragment ="), frag);
    load_path_fails(main_path, false, want);

    struct fit fit;
    memset(&fit, 0, sizeof fit);
    fit.iterations = 12;
    fit.restarts = 1;
    fit.evaluations = 25;
    fit.converged = false;
    fit.stop = "stopped at the iteration cap";
    fit.objective = 0.125;
    fit.theta[P_TOKENS] = 1234567.891234;
    fit.theta[P_ALPHA] = 1.0 / 3;
    fit.theta[P_OPENNESS] = -0.123456789012345;
    for (int t = 0; t < N_T; t++)
        fit.model[t] = sc->calibration.targets[t].value;
    char err[OSS_ERR_LEN] = "";
    if (!calibration_write_fragment(frag, sc, &fit, "test", "oss-sim calibrate main.cfg", err)) {
        print_error("%s\n", err);
        fail();
    }
    FILE *f = fopen(frag, "r");
    assert_non_null(f);
    char line[1024], first[1024] = "";
    bool has_list = false, comments_first = true, seen_code = false, has_stop = false;
    while (fgets(line, sizeof line, f)) {
        if (!first[0])
            snprintf(first, sizeof first, "%s", line);
        if (strncmp(line, "fitted = [", 10) == 0)
            has_list = true;
        if (line[0] == '#' && strstr(line, "12 iterations, 1 restarts, 25 evaluations, stopped at the iteration cap"))
            has_stop = true;
        if (line[0] != '#' && line[0] != '\n')
            seen_code = true;
        else if (line[0] == '#' && seen_code)
            comments_first = false;
    }
    fclose(f);
    snprintf(want, sizeof want, "# Fitted parameters for %s, written by `oss-sim calibrate`.\n", main_path);
    assert_string_equal(first, want);
    assert_true(has_list);
    assert_true(comments_first);
    assert_true(has_stop);

    /* a plain load of the file itself */
    struct scenario *p = load_path_ok(main_path, NULL, 0, false);
    assert_theta(p, fit.theta);
    assert_int_equal(p->calibration.n_fitted, N_P);
    assert_string_equal(p->calibration.fitted_file, frag);
    assert_true(p->calibration.report);
    free(p);
    /* calibrate's load still ignores it */
    p = load_path_ok(main_path, NULL, 0, true);
    ASSERT_NEAR(p->potential_tokens, 1.0e6, 0);
    free(p);

    /* included by absolute path from another directory, with a decoy there */
    char inc[OSS_PATH_LEN], body[2 * OSS_PATH_LEN];
    snprintf(body, sizeof body, "@include \"%s\"\n", main_path);
    write_in(other, "policy.cfg", body, inc);
    write_in(other, "fitted_here.cfg", FRAGMENT_TEXT, NULL);
    p = load_path_ok(inc, NULL, 0, false);
    assert_theta(p, fit.theta);
    assert_int_equal(p->calibration.n_fitted, N_P);
    assert_string_equal(p->calibration.fitted_file, frag);
    assert_true(p->calibration.on);
    assert_false(p->calibration.report); /* the block is in the included file */
    assert_string_equal(p->calibration.file, main_path);
    free(p);

    /* included by relative path from a subdirectory, with a decoy there */
    write_in(sub, "top.cfg", "@include \"../main.cfg\"\n", inc);
    write_in(sub, "fitted_here.cfg", FRAGMENT_TEXT, NULL);
    p = load_path_ok(inc, NULL, 0, false);
    assert_theta(p, fit.theta);
    assert_int_equal(p->calibration.n_fitted, N_P);
    free(p);
    /* ... which fails, naming the fragment it looked for, when that is gone */
    char saved[OSS_PATH_LEN];
    path_in(saved, dir, "saved.cfg");
    assert_int_equal(rename(frag, saved), 0);
    p = load_path(inc, NULL, 0, false, err);
    assert_null(p);
    ASSERT_CONTAINS(err, "calibration.fragment: cannot read \"");
    ASSERT_CONTAINS(err, "sub/../fitted_here.cfg\": No such file or directory");
    assert_int_equal(rename(saved, frag), 0);

    /* a top-level fitted list in an included file, without a calibration block */
    char *old = text_cat(TEXTBOOK_CFG, "@include \"fitted_here.cfg\"\n");
    write_in(dir, "old.cfg", old, inc);
    free(old);
    p = load_path_ok(inc, NULL, 0, false);
    assert_theta(p, fit.theta);
    assert_int_equal(p->calibration.n_fitted, N_P);
    ASSERT_CONTAINS(p->calibration.fitted_file, "fitted_here.cfg");
    assert_false(p->calibration.on);
    free(p);

    /* no temporary file left by the writer */
    char files[1024];
    list_dir(dir, files, sizeof files);
    assert_string_equal(files, "fitted_here.cfg main.cfg old.cfg sub");
    tmpdir_rm(dir);
    tmpdir_rm(other);
    free(text);
    free(sc);
}

/*
 * The reason for calibration.fragment, with the real files: a scenario in
 * a temporary directory that @includes scenarios/baseline.cfg gets every
 * value of scenarios/calibrated.cfg's fitted list, as the baseline itself
 * does; calibrate's load of the same file gets the values written in the
 * baseline.
 */
static void test_baseline_included_elsewhere(void **state)
{
    (void)state;
    char base[PATH_MAX], dir[OSS_PATH_LEN], mine[OSS_PATH_LEN], body[PATH_MAX + 32];
    assert_non_null(realpath(BASELINE, base));
    tmpdir_new(dir);
    snprintf(body, sizeof body, "@include \"%s\"\n", base);
    write_in(dir, "mine.cfg", body, mine);
    struct scenario *sc = load_path_ok(mine, NULL, 0, false);
    struct scenario *direct = load_path_ok(BASELINE, NULL, 0, false);
    struct scenario *raw = load_path_ok(mine, NULL, 0, true);

    config_t frag;
    config_init(&frag);
    if (config_read_file(&frag, BASELINE_FRAGMENT) != CONFIG_TRUE) {
        print_error("%s:%d: %s\n", BASELINE_FRAGMENT, config_error_line(&frag), config_error_text(&frag));
        fail();
    }
    config_setting_t *fl = config_lookup(&frag, "fitted");
    assert_non_null(fl);
    int n = config_setting_length(fl), checked = 0;
    assert_true(n > 0);
    assert_int_equal(sc->calibration.n_fitted, n);
    assert_int_equal(direct->calibration.n_fitted, n);
    assert_int_equal(raw->calibration.n_fitted, 0);
    const char *tail = "scenarios/calibrated.cfg";
    size_t fl_len = strlen(sc->calibration.fitted_file);
    assert_true(fl_len >= strlen(tail));
    assert_string_equal(sc->calibration.fitted_file + fl_len - strlen(tail), tail);
    for (int i = 0; i < n; i++) {
        const char *e = config_setting_get_string_elem(fl, i);
        assert_non_null(e);
        const char *eq = strchr(e, '=');
        assert_non_null(eq);
        double v = strtod(eq + 1, NULL);
        const double *got = NULL, *got_raw = NULL, *got_direct = NULL;
        if (strncmp(e, "market.potential_tokens=", 24) == 0) {
            got = &sc->potential_tokens, got_raw = &raw->potential_tokens, got_direct = &direct->potential_tokens;
        } else if (strncmp(e, "agents.alpha.mean=", 18) == 0) {
            got = &sc->alpha.mean, got_raw = &raw->alpha.mean, got_direct = &direct->alpha.mean;
        } else if (strncmp(e, "agents.openness.mean=", 21) == 0) {
            got = &sc->openness.mean, got_raw = &raw->openness.mean, got_direct = &direct->openness.mean;
        }
        if (!got)
            continue;
        checked++;
        ASSERT_NEAR(*got, v, 0);
        ASSERT_NEAR(*got_direct, v, 0);
        if (*got_raw == v) {
            print_error("%s: the baseline already holds the fitted value, so the test proves nothing\n", e);
            fail();
        }
    }
    assert_true(checked > 0);
    /* everything else read alike */
    assert_int_equal(sc->n_families, direct->n_families);
    assert_string_equal(sc->sha256, direct->sha256);
    config_destroy(&frag);
    free(sc);
    free(direct);
    free(raw);
    tmpdir_rm(dir);
}

/*
 * The fragment comes first, then a top-level `fitted` list, then the file's
 * `overrides`, then -s: each later one wins on a key they share.  n_fitted
 * counts the entries of both fitted lists; fitted_file names the fragment.
 */
static void test_fragment_order(void **state)
{
    (void)state;
    char *t1 = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    char *text = text_cat(t1, "fitted = [ \"market.potential_tokens = 4.0e6\", \"agents.count = 1500\" ];\n"
                              "overrides = [ \"agents.alpha.mean = 1.5\", \"agents.count = 1700\" ];\n");
    free(t1);
    struct cal_file cf;
    cal_file_open(&cf, text); /* FRAGMENT_TEXT beside it */
    char frag[OSS_PATH_LEN];
    path_in(frag, cf.dir, "fitted_here.cfg");
    struct scenario *sc = load_path_ok(cf.path, NULL, 0, false);
    ASSERT_NEAR(sc->potential_tokens, 4.0e6, 0);   /* the top-level list beats the fragment */
    ASSERT_NEAR(sc->alpha.mean, 1.5, 0);           /* the overrides beat both */
    ASSERT_NEAR(sc->openness.mean, FRAG_OPENNESS, 0); /* the fragment alone */
    assert_int_equal(sc->n_agents, 1700);
    /* fitted values in force: the list's tokens (its agents.count gives way to
     * overrides) and the fragment's openness (its tokens give way to the
     * list, its alpha to overrides) */
    assert_int_equal(sc->calibration.n_fitted, 2);
    assert_string_equal(sc->calibration.fitted_file, frag);
    free(sc);
    const char *ov[] = {"agents.openness.mean=0.5", "agents.count=99", "market.potential_tokens=5.0e6"};
    sc = load_path_ok(cf.path, ov, 3, false);
    ASSERT_NEAR(sc->openness.mean, 0.5, 0); /* -s beats everything */
    ASSERT_NEAR(sc->potential_tokens, 5.0e6, 0);
    ASSERT_NEAR(sc->alpha.mean, 1.5, 0);
    assert_int_equal(sc->n_agents, 99);
    free(sc);
    /* calibrate's load: neither fitted list, the overrides and -s still */
    sc = load_path_ok(cf.path, ov, 3, true);
    ASSERT_NEAR(sc->openness.mean, 0.5, 0);
    ASSERT_NEAR(sc->alpha.mean, 1.5, 0);
    assert_int_equal(sc->calibration.n_fitted, 0);
    assert_string_equal(sc->calibration.fitted_file, "");
    free(sc);
    sc = load_path_ok(cf.path, NULL, 0, true);
    ASSERT_NEAR(sc->potential_tokens, 1.0e6, 0);
    ASSERT_NEAR(sc->openness.mean, 0.25, 0);
    free(sc);
    cal_file_close(&cf);
    free(text);
}

/* An absolute calibration.fragment is used as written. */
static void test_fragment_absolute(void **state)
{
    (void)state;
    char dir[OSS_PATH_LEN], other[OSS_PATH_LEN], frag[OSS_PATH_LEN], path[OSS_PATH_LEN], sub[2 * OSS_PATH_LEN];
    tmpdir_new(dir);
    tmpdir_new(other);
    write_in(other, "abs.cfg", FRAGMENT_TEXT, frag);
    snprintf(sub, sizeof sub, "fragment = \"%s\";", frag);
    char *base = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    char *text = text_sub(base, "fragment = \"fitted_here.cfg\";", sub);
    write_in(dir, "main.cfg", text, path);
    struct scenario *sc = load_path_ok(path, NULL, 0, false);
    const double want[N_P] = {FRAG_TOKENS, FRAG_ALPHA, FRAG_OPENNESS};
    assert_theta(sc, want);
    assert_string_equal(sc->calibration.fitted_file, frag);
    free(sc);
    sc = load_path_ok(path, NULL, 0, true);
    assert_string_equal(sc->calibration.output, frag);
    free(sc);
    free(text);
    free(base);
    tmpdir_rm(dir);
    tmpdir_rm(other);
}

/*
 * A stale, broken or missing fragment must not stop a new calibration:
 * calibrate's load (skip_fitted) does not read it, nor a top-level fitted
 * list; a plain load reports it, naming the fragment, its line and what is
 * wrong.
 */
static void expect_fragment_error(const char *frag_text, const char *needle, const char *msg)
{
    struct cal_file cf;
    char *text = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    cal_file_open(&cf, text);
    free(text);
    char frag[OSS_PATH_LEN], want[3 * OSS_PATH_LEN];
    path_in(frag, cf.dir, "fitted_here.cfg");
    if (frag_text)
        write_file(frag, frag_text);
    else
        assert_int_equal(unlink(frag), 0);
    if (needle)
        snprintf(want, sizeof want, "%s:%d: %s", frag, line_of(frag_text, needle), msg);
    else
        snprintf(want, sizeof want, "%s: %s", frag, msg);
    load_path_fails(cf.path, false, want);
    struct scenario *sc = load_path_ok(cf.path, NULL, 0, true);
    ASSERT_NEAR(sc->potential_tokens, 1.0e6, 0);
    free(sc);
    cal_file_close(&cf);
}

static void test_fragment_errors(void **state)
{
    (void)state;
    expect_fragment_error("fitted = [ \"agents.alpha.mean=2.0\" ];\n# more\noverrides = [ \"agents.count=5\" ];\n",
                          "overrides", "overrides: unknown key (a fragment holds only `fitted` and `ensemble`)");
    expect_fragment_error("# a comment\ncalibration = { agents = 5; };\nfitted = [ \"agents.alpha.mean=2.0\" ];\n",
                          "calibration", "calibration: unknown key (a fragment holds only `fitted` and `ensemble`)");
    expect_fragment_error("# only a comment\n", NULL, "no `fitted` list");
    expect_fragment_error("", NULL, "no `fitted` list");
    expect_fragment_error("fitted = [ \"agents.alpha.mean=2.0\",\n  \"agents.count = many\" ];\n", "fitted",
                          "fitted 'agents.count = many': agents.count: expected an integer, got \"many\"");
    expect_fragment_error("fitted = [ \"families.gone.quality=150.0\" ];\n", "fitted",
                          "fitted 'families.gone.quality=150.0': families.gone: unknown family \"gone\"");
    expect_fragment_error("fitted = \"agents.alpha.mean=2.0\";\n", "fitted",
                          "fitted: expected a list of strings [\"KEY=VALUE\", ...]");
    expect_fragment_error("\nfitted = [ \"agents.alpha.mean=2.0\" ;\n# after\n", "fitted", "syntax error");

    /* missing: the message names the line of calibration.fragment, or of the
     * block when the default (calibrated.cfg) is meant */
    struct cal_file cf;
    char *base = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    cal_file_open(&cf, base);
    char frag[OSS_PATH_LEN], want[3 * OSS_PATH_LEN];
    path_in(frag, cf.dir, "fitted_here.cfg");
    assert_int_equal(unlink(frag), 0);
    snprintf(want, sizeof want,
             "%s:%d: calibration.fragment: cannot read \"%s\": No such file or directory (oss-sim calibrate writes it)",
             cf.path, line_of(base, "fragment ="), frag);
    load_path_fails(cf.path, false, want);
    free(load_path_ok(cf.path, NULL, 0, true));
    char *dflt = text_sub(base, "  fragment = \"fitted_here.cfg\";\n", "");
    write_file(cf.path, dflt);
    path_in(frag, cf.dir, "calibrated.cfg");
    snprintf(want, sizeof want,
             "%s:%d: calibration.fragment: cannot read \"%s\": No such file or directory (oss-sim calibrate writes it)",
             cf.path, line_of(dflt, "calibration = {"), frag);
    load_path_fails(cf.path, false, want);
    struct scenario *sc = load_path_ok(cf.path, NULL, 0, true);
    assert_string_equal(sc->calibration.output, frag); /* the default, beside the file */
    free(sc);
    /* not a string */
    char *num = text_sub(base, "fragment = \"fitted_here.cfg\";", "fragment = 3;");
    write_file(cf.path, num);
    snprintf(want, sizeof want,
             "%s:%d: calibration.fragment: expected a string in double quotes, got 3 (text is written in double "
             "quotes: \"3\")",
             cf.path,
             line_of(num, "fragment = 3;"));
    load_path_fails(cf.path, false, want);
    load_path_fails(cf.path, true, want);
    free(num);
    free(dflt);
    free(base);
    cal_file_close(&cf);
}

/* ---- the top-level fitted list ------------------------------------------- */

/* fitted is applied; skip_fitted ignores it; the file's overrides and -s beat it. */
static void test_fitted_list(void **state)
{
    (void)state;
    /* overrides written before fitted: the order of application, not of the
     * text, decides */
    char *text = text_cat(TEXTBOOK_CFG, "overrides = [ \"supply.open_lag = 2.5\" ];\n"
                                        "fitted = [ \"agents.count = 1500\", \"market.potential_tokens = 2.0e6\",\n"
                                        "           \"supply.open_lag = 1.5\" ];\n");
    char err[OSS_ERR_LEN] = "", path[OSS_PATH_LEN];
    struct scenario *sc = load_text_ov(text, NULL, 0, err, path);
    if (!sc) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(sc->n_agents, 1500);                 /* applied */
    ASSERT_NEAR(sc->potential_tokens, 2.0e6, 0);
    ASSERT_NEAR(sc->open_lag, 2.5, 0);                   /* the file's overrides win */
    assert_int_equal(sc->calibration.n_fitted, 2);       /* the values in force */
    assert_string_equal(sc->calibration.fitted_file, path);
    free(sc);

    /* -s beats fitted */
    const char *ov[] = {"agents.count=77", "supply.open_lag=0.5"};
    sc = load_ok(text, ov, 2);
    assert_int_equal(sc->n_agents, 77);
    ASSERT_NEAR(sc->potential_tokens, 2.0e6, 0);
    ASSERT_NEAR(sc->open_lag, 0.5, 0);
    free(sc);

    /* skip_fitted (calibrate): the file's values, the overrides still apply */
    char tmp[OSS_PATH_LEN];
    write_temp_cfg(text, tmp);
    sc = load_path_ok(tmp, NULL, 0, true);
    assert_int_equal(sc->n_agents, 4000);
    ASSERT_NEAR(sc->potential_tokens, 1.0e6, 0);
    ASSERT_NEAR(sc->open_lag, 2.5, 0);
    assert_int_equal(sc->calibration.n_fitted, 0);
    assert_string_equal(sc->calibration.fitted_file, "");
    free(sc);
    unlink(tmp);
    free(text);
}

/*
 * A stale top-level fitted list must not stop a new calibration either: with
 * skip_fitted it is not applied at all, so an entry naming a family that no
 * longer exists, or a bad value, is no error; a plain load reports it with
 * the fitted list's file and line.
 */
static void test_fitted_stale_skipped(void **state)
{
    (void)state;
    char *text = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    char *t2 = text_cat(text, "fitted = [ \"families.gone.quality = 150.0\", \"agents.count = many\" ];\n");
    free(text);
    struct cal_file cf;
    cal_file_open(&cf, t2);
    assert_true(cf.sc->calibration.on);
    assert_int_equal(cf.sc->n_agents, 4000);
    /* a plain load (the fragment is fine): the error names the file, the
     * fitted list's line, the key */
    char want[3 * OSS_PATH_LEN];
    snprintf(want, sizeof want, "%s:%d: fitted 'families.gone.quality = 150.0': families.gone: unknown family \"gone\"",
             cf.path, line_of(t2, "fitted = ["));
    load_path_fails(cf.path, false, want);
    cal_file_close(&cf);
    free(t2);
}

/* ---- validation ------------------------------------------------------------ */

/*
 * text must fail to load, both as calibrate loads it and as a plain run
 * does (with a good fragment beside it), with exactly "FILE:LINE: msg",
 * LINE being that of line_needle in text.
 */
static void expect_text_error(const char *text, const char *line_needle, const char *msg)
{
    char dir[OSS_PATH_LEN], path[OSS_PATH_LEN], want[3 * OSS_PATH_LEN];
    tmpdir_new(dir);
    write_in(dir, "main.cfg", text, path);
    write_in(dir, "fitted_here.cfg", FRAGMENT_TEXT, NULL);
    int line = line_of(text, line_needle);
    assert_true(line > 0);
    snprintf(want, sizeof want, "%s:%d: %s", path, line, msg);
    load_path_fails(path, true, want);
    load_path_fails(path, false, want);
    tmpdir_rm(dir);
}

/* The calibration scenario with one substitution. */
static void expect_cal_error(const char *old, const char *new_, const char *line_needle, const char *msg)
{
    char *base = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    char *text = text_sub(base, old, new_);
    free(base);
    expect_text_error(text, line_needle, msg);
    free(text);
}

#define NOT_A_NUMBER " is not a number in the scenario (a free parameter must be written in it)"
#define UNKNOWN_METRIC " (a summary.csv metric other than cf_*, share_of_open_tokens.FAMILY, or either a timeseries.csv metric or share_of_open_tokens.FAMILY over a window: NAME@YYYYQn or NAME@YYYY-MM..YYYY-MM)"

static void test_validation(void **state)
{
    (void)state;
    /* start outside the bounds, on the bound, min >= max */
    expect_cal_error("start = 0.8;", "start = 4.5;", "agents.alpha.mean",
                     "calibration.free[1]: agents.alpha.mean: start 4.5 must lie strictly between min 0.25 and max 4");
    expect_cal_error("start = 0.8;", "start = 0.25;", "agents.alpha.mean",
                     "calibration.free[1]: agents.alpha.mean: start 0.25 must lie strictly between min 0.25 and max 4");
    expect_cal_error("min = 0.25; max = 4.0;", "min = 4.0; max = 4.0;", "agents.alpha.mean",
                     "calibration.free[1]: agents.alpha.mean: min 4 must be below max 4");
    expect_cal_error("min = 0.25; max = 4.0;", "min = 4.0; max = 0.25;", "agents.alpha.mean",
                     "calibration.free[1]: agents.alpha.mean: min 4 must be below max 0.25");
    /* a key that is not a number in the scenario: a string, a group, absent */
    expect_cal_error("\"agents.alpha.mean\"", "\"families.a.name\"", "families.a.name",
                     "calibration.free[1]: key \"families.a.name\"" NOT_A_NUMBER);
    expect_cal_error("\"agents.alpha.mean\"", "\"agents.alpha\"", "\"agents.alpha\"",
                     "calibration.free[1]: key \"agents.alpha\"" NOT_A_NUMBER);
    expect_cal_error("\"agents.alpha.mean\"", "\"agents.alpha.meen\"", "agents.alpha.meen",
                     "calibration.free[1]: key \"agents.alpha.meen\"" NOT_A_NUMBER);
    /* a real-valued key the scenario leaves to its default */
    expect_cal_error("\"agents.alpha.mean\"", "\"frictions.awareness_base\"", "frictions.awareness_base",
                     "calibration.free[1]: key \"frictions.awareness_base\"" NOT_A_NUMBER);
    /* whole-number settings: agents.count, run.seed (a long) */
    expect_cal_error("{ key = \"agents.alpha.mean\"; min = 0.25; max = 4.0; start = 0.8; }",
                     "{ key = \"agents.count\"; min = 100.0; max = 9000.0; start = 4000.0; }", "agents.count",
                     "calibration.free[1]: \"agents.count\" is written as a whole number (4000): write it as "
                     "4000.0 if it takes real values; whole-number settings cannot be fitted");
    expect_cal_error("\"agents.alpha.mean\"", "\"run.seed\"", "run.seed",
                     "calibration.free[1]: \"run.seed\" is written as a whole number (12345): write it as 12345.0 if it "
                     "takes real values; whole-number settings cannot be fitted");
    /* the same key twice */
    expect_cal_error("\"agents.openness.mean\"", "\"agents.alpha.mean\"", "min = -2.0",
                     "calibration.free[2]: \"agents.alpha.mean\" is listed twice");
    /* unknown metrics: a typo, a counterfactual metric, an unknown family */
    expect_cal_error("\"avg_price_closed_mean\"", "\"avg_price_close_mean\"", "avg_price_close_mean",
                     "calibration.targets[1]: unknown metric \"avg_price_close_mean\"" UNKNOWN_METRIC);
    expect_cal_error("\"avg_price_closed_mean\"", "\"cf_price_cut_pct\"", "cf_price_cut_pct",
                     "calibration.targets[1]: unknown metric \"cf_price_cut_pct\"" UNKNOWN_METRIC);
    expect_cal_error("\"avg_price_closed_mean\"", "\"share_of_open_tokens.zz\"", "share_of_open_tokens.zz",
                     "calibration.targets[1]: unknown family \"zz\" in \"share_of_open_tokens.zz\" (share_of_open_tokens.FAMILY "
                     "takes a family's key: a, b, c, d, e)");
    /* the horizon's last month is no figure of the reporting year */
    expect_cal_error("\"avg_price_closed_mean\"", "\"cn_token_share_end\"", "cn_token_share_end",
                     "calibration.targets[1]: cn_token_share_end is the horizon's last month, not a figure of the "
                     "reporting year");
    /* a tolerance must be positive */
    expect_cal_error("tolerance = 0.005;", "tolerance = 0.0;", "tolerance = 0.0;",
                     "calibration.targets[2].tolerance: value 0 is out of range [1e-12, 1e+15]");
}

/* A share_of_open_tokens.FAMILY target names a family by key: good ones load. */
static void test_validation_good_metrics(void **state)
{
    (void)state;
    char *base = text_cat(TEXTBOOK_CFG, CAL_BLOCK);
    char *text = text_sub(base, "\"avg_price_closed_mean\"", "\"share_of_open_tokens.d\"");
    struct cal_file cf;
    cal_file_open(&cf, text);
    struct scenario *sc = cf.sc;
    assert_int_equal(sc->calibration.targets[1].family, TB_D);
    assert_int_equal(sc->calibration.targets[1].headline, -1);
    assert_int_equal(sc->calibration.targets[0].headline, H_MARKET_SPEND_BUSD);
    assert_int_equal(sc->calibration.targets[0].family, -1);
    ASSERT_NEAR(sc->calibration.targets[0].weight, 1.0, 0);
    assert_string_equal(sc->calibration.targets[0].source, "model at theta*");
    assert_string_equal(sc->calibration.targets[1].source, ""); /* optional */
    cal_file_close(&cf);
    free(text);
    text = text_sub(base, "\"avg_price_closed_mean\"", "\"own_price_elasticity_mean\"");
    cal_file_open(&cf, text);
    assert_int_equal(cf.sc->calibration.targets[1].headline, H_OWN_PRICE_ELASTICITY_MEAN);
    /* a plain load of it as well (the fragment beside it) */
    free(load_path_ok(cf.path, NULL, 0, false));
    cal_file_close(&cf);
    free(text);
    free(base);
}

/*
 * A free list that is empty, missing, not a list, of something other than
 * groups, or too long, and the same for targets: one message about that
 * list (or element), at its line (or the block's), never "unknown key"
 * about what the malformed list holds.
 */
#define ONE_FREE "  free = ( { key = \"agents.alpha.mean\"; min = 0.25; max = 4.0; start = 0.8; } );\n"
#define ONE_TARGET "  targets = ( { metric = \"market_spend_busd\"; value = 1.0; tolerance = 0.1; } );\n"
#define FREE_SHAPE "( { key = ...; min = ...; max = ...; start = ...; }, ... )"
#define TARGET_SHAPE "( { metric = ...; value = ...; tolerance = ...; }, ... )"
#define FRAG_LINE "  fragment = \"fitted_here.cfg\";\n"

static void expect_list_error(const char *block, const char *line_needle, const char *msg)
{
    char *text = text_cat(TEXTBOOK_CFG, block);
    expect_text_error(text, line_needle, msg);
    free(text);
}

static void test_validation_lists(void **state)
{
    (void)state;
    expect_list_error("calibration = {\n" FRAG_LINE "  free = ( );\n" ONE_TARGET "};\n", "free = ( );",
                      "calibration.free: expected a list of one or more " FREE_SHAPE);
    expect_list_error("calibration = {\n" FRAG_LINE ONE_TARGET "};\n", "calibration = {",
                      "calibration.free: expected a list of one or more " FREE_SHAPE);
    expect_list_error("calibration = {\n" FRAG_LINE "  free = 3;\n" ONE_TARGET "};\n", "free = 3;",
                      "calibration.free: expected a list of one or more " FREE_SHAPE);
    expect_list_error("calibration = {\n" FRAG_LINE
                      "  free = { key = \"agents.alpha.mean\"; min = 0.25; max = 4.0; start = 0.8; };\n" ONE_TARGET
                      "};\n",
                      "free = {", "calibration.free: expected a list of one or more " FREE_SHAPE);
    expect_list_error("calibration = {\n" FRAG_LINE "  free = ( 3 );\n" ONE_TARGET "};\n", "free = ( 3 );",
                      "calibration.free[0]: expected a group { key = ...; min = ...; max = ...; start = ...; prior = { ... }; source = ...; }");
    expect_list_error("calibration = {\n" FRAG_LINE ONE_FREE "  targets = ( );\n};\n", "targets = ( );",
                      "calibration.targets: expected a list of one or more " TARGET_SHAPE);
    expect_list_error("calibration = {\n" FRAG_LINE ONE_FREE
                      "  targets = { metric = \"market_spend_busd\"; value = 1.0; tolerance = 0.1; };\n};\n",
                      "targets = {", "calibration.targets: expected a list of one or more " TARGET_SHAPE);
    expect_list_error("calibration = {\n" FRAG_LINE ONE_FREE
                      "  targets = ( \"market_spend_busd\" );\n};\n",
                      "targets = (", "calibration.targets[0]: expected a group { metric = ...; value = ...; tolerance = ...; }");

    /* 33 targets, 25 free parameters: one more than the most */
    char block[16384];
    int n = snprintf(block, sizeof block, "calibration = {\n" FRAG_LINE ONE_FREE "  targets = (\n");
    for (int i = 0; i <= OSS_MAX_CAL_TARGETS; i++)
        n += snprintf(block + n, sizeof block - (size_t)n,
                      "    { metric = \"market_spend_busd\"; value = %d.0; tolerance = 0.1; }%s\n", i,
                      i < OSS_MAX_CAL_TARGETS ? "," : "");
    snprintf(block + n, sizeof block - (size_t)n, "  );\n};\n");
    char msg[128];
    snprintf(msg, sizeof msg, "calibration.targets: at most %d, got %d", OSS_MAX_CAL_TARGETS,
             OSS_MAX_CAL_TARGETS + 1);
    expect_list_error(block, "targets = (", msg);
    n = snprintf(block, sizeof block, "calibration = {\n" FRAG_LINE "  free = (\n");
    for (int i = 0; i <= OSS_MAX_CAL_FREE; i++)
        n += snprintf(block + n, sizeof block - (size_t)n,
                      "    { key = \"agents.alpha.mean\"; min = 0.25; max = 4.0; start = 0.8; }%s\n",
                      i < OSS_MAX_CAL_FREE ? "," : "");
    snprintf(block + n, sizeof block - (size_t)n, "  );\n" ONE_TARGET "};\n");
    snprintf(msg, sizeof msg, "calibration.free: at most %d, got %d", OSS_MAX_CAL_FREE, OSS_MAX_CAL_FREE + 1);
    expect_list_error(block, "free = (", msg);
}

/* ---- truncation invariance -------------------------------------------------- */

/*
 * Each evaluation of the fit runs only through December of the reporting
 * year (calibration_evaluate sets horizon.end), yet the fitted values are
 * used, and the table after a run is computed, on the whole horizon.  That
 * is sound only if the months after the reporting year do not change it:
 * the simulation is causal (month k depends on months up to k) and its
 * random streams do not depend on the horizon's length.  The baseline
 * (families entering, Bertrand pricing, inertia, awareness) through 2030-12
 * and through 2025-12, same seed: every monthly row up to 2025-12, every
 * reporting-year headline and every calibration target agree to the bit.
 * cn_token_share_end (the horizon's last month) is the exception, and is
 * left out.
 */
static void test_truncation_invariance(void **state)
{
    (void)state;
    const char *ov_long[] = {"agents.count=3000", "run.replications=2"};
    const char *ov_short[] = {"agents.count=3000", "run.replications=2", "horizon.end=2025-12"};
    struct scenario *lo = load_file_ok(BASELINE, ov_long, 2);
    struct scenario *sh = load_file_ok(BASELINE, ov_short, 3);
    assert_int_equal(lo->reporting_year, 2025);
    assert_true(lo->end > month_make(2028, 1));
    assert_int_equal(sh->end, month_make(2025, 12));
    assert_true(lo->calibration.on && lo->calibration.n_targets > 0);
    struct run_results a, b;
    assert_int_equal(run_scenario(lo, NULL, 2, false, &a), 0);
    assert_int_equal(run_scenario(sh, NULL, 1, false, &b), 0);
    assert_int_equal(a.reps, 2);
    assert_int_equal(b.months, sh->months);
    /* the months both runs have */
    for (int r = 0; r < 2; r++) {
        assert_memory_equal(a.rows + (size_t)r * a.months * N_MONTH_METRICS,
                            b.rows + (size_t)r * b.months * N_MONTH_METRICS,
                            (size_t)b.months * N_MONTH_METRICS * sizeof(double));
        assert_memory_equal(a.fams + (size_t)r * a.months * a.n_fam * N_FAMILY_METRICS,
                            b.fams + (size_t)r * b.months * b.n_fam * N_FAMILY_METRICS,
                            (size_t)b.months * b.n_fam * N_FAMILY_METRICS * sizeof(double));
        for (int h = 0; h < N_HEADLINES; h++) {
            if (headline_is_cf(h) || h == H_CN_TOKEN_SHARE_END)
                continue;
            double x = a.head[(size_t)r * N_HEADLINES + h], y = b.head[(size_t)r * N_HEADLINES + h];
            if (!(isnan(x) && isnan(y)) && memcmp(&x, &y, sizeof x) != 0) {
                print_error("%s: %.17g through 2030-12, %.17g through 2025-12\n", headline_names[h], x, y);
                fail();
            }
        }
    }
    for (int t = 0; t < lo->calibration.n_targets; t++) {
        struct cal_measure m1 = calibration_measure(lo, &a, t), m2 = calibration_measure(sh, &b, t);
        if (memcmp(&m1.mean, &m2.mean, sizeof m1.mean) != 0) {
            print_error("%s: %.17g through 2030-12, %.17g through 2025-12\n", lo->calibration.targets[t].metric,
                        m1.mean, m2.mean);
            fail();
        }
        assert_true(isfinite(m1.mean));
    }
    run_results_free(&a);
    run_results_free(&b);
    free(lo);
    free(sh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovery),
        cmocka_unit_test(test_fit_reproducible),
        cmocka_unit_test(test_measure_matches_evaluate),
        cmocka_unit_test(test_evaluate_horizon),
        cmocka_unit_test(test_fragment_loads),
        cmocka_unit_test(test_baseline_included_elsewhere),
        cmocka_unit_test(test_fragment_order),
        cmocka_unit_test(test_fragment_absolute),
        cmocka_unit_test(test_fragment_errors),
        cmocka_unit_test(test_fitted_list),
        cmocka_unit_test(test_fitted_stale_skipped),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_validation_good_metrics),
        cmocka_unit_test(test_validation_lists),
        cmocka_unit_test(test_truncation_invariance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
