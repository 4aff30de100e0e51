/*
 * test_scenario.c - scenario_load: values read from good scenarios, @include
 * from other directories and any current directory, the file's own
 * `overrides` list, -s overrides, and validation: every bad input fails with
 * one message naming the file, the line (where libconfig knows it) and the
 * key (issue 2, "Scenario files").
 *
 * Tests marked "Regression" exposed defects of sim/scenario.c that were
 * fixed in 3fe61ca and 0976c37; the comment on each says what went wrong.
 */
#include "helpers.h"

#include <sys/stat.h>

static char start_cwd[OSS_PATH_LEN];

/* Teardown for tests that change directory. */
static int restore_cwd(void **state)
{
    (void)state;
    return chdir(start_cwd);
}

/* Loads text that must fail; returns the message (static) and the temp path. */
static const char *load_bad(const char *text, const char *const *ov, int n_ov, char *path)
{
    static char err[OSS_ERR_LEN];
    err[0] = '\0';
    struct scenario *sc = load_text_ov(text, ov, n_ov, err, path);
    if (sc) {
        free(sc);
        print_error("scenario loaded but should have failed\n");
        fail();
    }
    assert_true(err[0] != '\0');
    return err;
}

/* The textbook scenario with one substitution must fail with a message
 * naming the file, the line of `line_needle` in the modified text, and key. */
static void expect_error(const char *old, const char *new_, const char *line_needle, const char *key)
{
    char *text = text_sub(TEXTBOOK_CFG, old, new_);
    char path[OSS_PATH_LEN], where[OSS_PATH_LEN + 16];
    const char *err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, line_needle);
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, key);
    free(text);
}

/* ---- good scenarios ---------------------------------------------------- */

static void test_textbook_values(void **state)
{
    (void)state;
    char err[OSS_ERR_LEN] = "", path[OSS_PATH_LEN];
    struct scenario *sc = load_text_ov(TEXTBOOK_CFG, NULL, 0, err, path);
    if (!sc)
        print_error("%s\n", err);
    assert_non_null(sc);
    assert_int_equal(sc->start, month_make(2025, 1));
    assert_int_equal(sc->end, month_make(2025, 12));
    assert_int_equal(sc->months, 12);
    assert_int_equal(sc->reporting_year, 2025);
    assert_int_equal(sc->replications, 2);
    assert_true(sc->seed == 12345u);
    ASSERT_NEAR(sc->potential_tokens, 1e6, 0);
    ASSERT_NEAR(sc->outside_quality, 110, 0);
    ASSERT_NEAR(sc->frontier, 120, 0);
    ASSERT_NEAR(sc->open_lag, 3, 0);
    ASSERT_NEAR(sc->host_margin, 0.25, 0);
    ASSERT_NEAR(sc->price_adjustment, 0.5, 0);
    for (int o = 0; o < N_REGIONS; o++)
        ASSERT_NEAR(sc->compute[o], 1, 0);
    assert_int_equal(sc->n_families, TB_N);
    const char *keys[TB_N] = {"a", "b", "c", "d", "e"};
    const int origin[TB_N] = {REGION_US, REGION_US, REGION_US, REGION_CN, REGION_CN};
    const int access[TB_N] = {ACCESS_CLOSED, ACCESS_CLOSED, ACCESS_OPEN, ACCESS_OPEN, ACCESS_CLOSED};
    const double q[TB_N] = {120, 112, 116, 118, 110}, cost[TB_N] = {1, 0.5, 0.25, 0.5, 0.25};
    for (int j = 0; j < TB_N; j++) {
        const struct family_spec *f = &sc->families[j];
        assert_string_equal(f->key, keys[j]);
        assert_int_equal(f->origin, origin[j]);
        assert_int_equal(f->access, access[j]);
        ASSERT_NEAR(f->quality, q[j], 0);
        ASSERT_NEAR(f->cost, cost[j], 0);
        assert_int_equal(f->entry, sc->start); /* default: on the market from the start */
        ASSERT_NEAR(f->awareness, 1, 0);       /* default */
        assert_int_equal(scenario_family_index(sc, keys[j]), j);
    }
    assert_string_equal(sc->families[TB_A].name, "Closed A");
    assert_string_equal(sc->families[TB_A].vendor, "VA");
    ASSERT_NEAR(sc->families[TB_A].price, 3, 0);
    assert_int_equal(sc->families[TB_A].pricing, PRICING_FIXED);
    ASSERT_NEAR(sc->families[TB_B].appeal, 0.5, 0);
    ASSERT_NEAR(sc->families[TB_D].appeal, -0.25, 0);
    assert_int_equal(scenario_family_index(sc, "Open D"), TB_D); /* by display name too */
    assert_int_equal(scenario_family_index(sc, "zz"), -1);
    assert_int_equal(sc->n_agents, 4000);
    assert_int_equal(sc->alpha.kind, DIST_CONSTANT);
    ASSERT_NEAR(sc->alpha.mean, 1, 0);
    ASSERT_NEAR(sc->beta.mean, 0.25, 0);
    ASSERT_NEAR(sc->openness.mean, 0.25, 0);
    ASSERT_NEAR(sc->review.mean, 1, 0);
    ASSERT_NEAR(sc->review.sd, 0, 0);
    for (int r = 0; r < N_REGIONS; r++)
        ASSERT_NEAR(sc->region_share[r], 0.25, 0); /* default: equal shares */
    assert_false(sc->inertia || sc->awareness || sc->switching_cost || sc->ecosystem_on || sc->distrust_on);
    assert_false(sc->export_controls.on || sc->sanctions.on || sc->tariff.on || sc->open_support.on ||
                 sc->open_restriction.on || sc->trust_shock.on);
    assert_int_equal(sc->n_vendor_changes, 0);
    assert_string_equal(sc->counterfactual, "");
    assert_string_equal(sc->path, path);
    /* name: the file name without .cfg */
    const char *base = strrchr(path, '/') + 1;
    assert_int_equal(strlen(sc->name), strlen(base) - 4);
    assert_memory_equal(sc->name, base, strlen(sc->name));
    /* SHA-256 of the resolved text: 64 lowercase hex digits */
    assert_int_equal(strlen(sc->sha256), 64);
    assert_int_equal(strspn(sc->sha256, "0123456789abcdef"), 64);
    free(sc);
}

/* The repository's baseline, given as ../scenarios/baseline.cfg from tests/. */
static void test_baseline_values(void **state)
{
    (void)state;
    struct scenario *sc = load_file_ok("../scenarios/baseline.cfg", NULL, 0);
    assert_string_equal(sc->name, "baseline");
    assert_int_equal(sc->start, month_make(2024, 11));
    assert_int_equal(sc->end, month_make(2030, 12));
    assert_int_equal(sc->months, 74);
    assert_true(sc->seed == 20251123u);
    assert_int_equal(sc->n_families, 22); /* 16 families, 6 of them also on their developers' APIs */
    int ds = scenario_family_index(sc, "deepseek");
    assert_true(ds >= 0 && ds + 1 < sc->n_families);
    assert_int_equal(sc->families[ds].channel, CHANNEL_HOSTED);
    assert_int_equal(sc->families[ds].first_party, ds + 1);
    assert_int_equal(sc->families[ds + 1].channel, CHANNEL_FIRST_PARTY);
    assert_int_equal(sc->families[ds + 1].model, ds);
    assert_string_equal(sc->families[ds + 1].key, "deepseek.first_party");
    ASSERT_NEAR(sc->families[ds + 1].price, 0.4775, 0); /* 0.75 x 0.27 + 0.25 x 1.10 */
    ASSERT_NEAR(sc->hosted_distrust, 0.5, 0);
    int oss = scenario_family_index(sc, "gpt_oss");
    assert_true(oss >= 0);
    assert_int_equal(sc->families[oss].entry, month_make(2025, 8));
    assert_int_equal(sc->families[oss].access, ACCESS_OPEN);
    int gpt = scenario_family_index(sc, "gpt");
    ASSERT_NEAR(sc->families[gpt].price, 4.375, 0); /* GPT-4o, then GPT-4.1's and GPT-5's from their releases */
    assert_int_equal(sc->families[gpt].n_releases, 5); /* GPT-4o (the start), GPT-4.1, o3, GPT-5, GPT-5.1 */
    assert_int_equal(sc->families[gpt].releases[3].month, month_make(2025, 8));
    /* GPT-5 (high), LMArena 1436.8: 140 + 0.2317 x (1436.8 - 1388.4), one decimal */
    ASSERT_NEAR(sc->families[gpt].releases[3].quality, 151.2, 0);
    ASSERT_NEAR(sc->families[gpt].releases[3].price, 3.4375, 0); /* 0.75 x 1.25 + 0.25 x 10 */
    /* the model sold at the start is a release dated before the horizon, so no
     * family takes its start quality from a judgement */
    for (int j = 0; j < sc->n_families; j++)
        if (sc->families[j].channel != CHANNEL_FIRST_PARTY)
            assert_true(sc->families[j].n_releases > 0 && sc->families[j].quality == sc->families[j].releases[0].quality);
    /* the families added with their releases: Chinese, open, with their developers' APIs */
    const char *const added[] = {"kimi", "glm"};
    for (int a = 0; a < 2; a++) {
        int f = scenario_family_index(sc, added[a]);
        assert_true(f >= 0 && f + 1 < sc->n_families);
        assert_int_equal(sc->families[f].origin, REGION_CN);
        assert_int_equal(sc->families[f].access, ACCESS_OPEN);
        assert_int_equal(sc->families[f].entry, month_make(2025, 7));
        assert_int_equal(sc->families[f].first_party, f + 1);
        ASSERT_NEAR(sc->families[f].quality, sc->families[f].releases[0].quality, 0);
    }
    /* a release dated before the horizon gives the quality at the start */
    int llama = scenario_family_index(sc, "llama");
    assert_true(sc->families[llama].releases[0].month < sc->start);
    ASSERT_NEAR(sc->families[llama].quality, 118.2, 0); /* Llama 3.1 70B, LMArena 1294.3 */
    /* a family entering with a release takes its quality from it */
    ASSERT_NEAR(sc->families[oss].quality, sc->families[oss].releases[0].quality, 0);
    assert_int_equal(sc->pricing_unit, PRICING_UNIT_VENDOR);
    assert_true(sc->volume_elasticity < 0);
    ASSERT_NEAR(sc->region_share[REGION_US], 0.40, 0);
    ASSERT_NEAR(sc->segment_alpha[SEG_RESEARCH], 1.5, 0);
    ASSERT_NEAR(sc->distrust_table[REGION_US][REGION_CN], 1.5, 0);
    ASSERT_NEAR(sc->distrust_table[REGION_US][REGION_US], 0, 0); /* absent: 0 */
    assert_int_equal(sc->alpha.kind, DIST_LOGNORMAL);
    assert_true(sc->inertia && sc->awareness && sc->switching_cost && sc->ecosystem_on && sc->distrust_on);
    /* its counterfactual, next to it, readable */
    assert_string_equal(sc->counterfactual, "../scenarios/no_open.cfg");
    assert_int_equal(access(sc->counterfactual, R_OK), 0);
    free(sc);
}

/* no_open.cfg @includes baseline.cfg and drops the open families through its
 * own `overrides` list; it loads the same from any directory, by relative
 * or absolute path. */
static void check_no_open(const char *path, const struct scenario *base)
{
    struct scenario *sc = load_file_ok(path, NULL, 0);
    assert_string_equal(sc->name, "no_open");
    assert_int_equal(sc->n_families, 8);
    for (int j = 0; j < sc->n_families; j++) {
        assert_int_equal(sc->families[j].access, ACCESS_CLOSED);
        assert_string_equal(sc->families[j].key, base->families[j].key);
    }
    assert_true(sc->seed == base->seed);
    assert_int_equal(sc->n_agents, base->n_agents);
    assert_int_equal(sc->start, base->start);
    assert_int_equal(sc->end, base->end);
    ASSERT_NEAR(sc->potential_tokens, base->potential_tokens, 0);
    free(sc);
}

static void test_include_any_cwd(void **state)
{
    (void)state;
    char dir[OSS_PATH_LEN], abs[OSS_PATH_LEN + 32], repo[OSS_PATH_LEN];
    scenarios_dir(dir);
    snprintf(abs, sizeof abs, "%s/no_open.cfg", dir);
    snprintf(repo, sizeof repo, "%s", dir);
    *strrchr(repo, '/') = '\0';
    struct scenario *base = load_file_ok("../scenarios/baseline.cfg", NULL, 0);

    check_no_open("../scenarios/no_open.cfg", base);
    check_no_open(abs, base);
    assert_int_equal(chdir("/"), 0);
    check_no_open(abs, base);
    assert_int_equal(chdir(repo), 0);
    check_no_open("scenarios/no_open.cfg", base);
    assert_int_equal(chdir(dir), 0);
    check_no_open("no_open.cfg", base);
    check_no_open("./no_open.cfg", base);
    assert_int_equal(chdir(tmp_dir()), 0);
    check_no_open(abs, base);
    free(base);
}

/* A scenario in one directory including one in a sibling directory
 * (@include "../base/b.cfg"), loaded from several current directories; an
 * error inside the included file names that file and its line. */
static void test_include_other_directory(void **state)
{
    (void)state;
    char root[OSS_PATH_LEN], p[OSS_PATH_LEN + 64], q[OSS_PATH_LEN + 64];
    snprintf(root, sizeof root, "%s/oss_unit_inc_XXXXXX", tmp_dir());
    assert_non_null(mkdtemp(root));
    snprintf(p, sizeof p, "%s/base", root);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sub", root);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/base/b.cfg", root);
    write_file(p, TEXTBOOK_CFG);
    snprintf(q, sizeof q, "%s/sub/p.cfg", root);
    write_file(q, "@include \"../base/b.cfg\"\noverrides = [\"agents.count = 1234\"];\n");

    const char *where[3][2] = {{"/", NULL}, {root, "sub/p.cfg"}, {NULL, "../sub/p.cfg"}};
    char base_dir[OSS_PATH_LEN + 16];
    snprintf(base_dir, sizeof base_dir, "%s/base", root);
    where[0][1] = q;
    where[2][0] = base_dir;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(chdir(where[i][0]), 0);
        struct scenario *sc = load_file_ok(where[i][1], NULL, 0);
        assert_int_equal(sc->n_agents, 1234);
        assert_int_equal(sc->n_families, TB_N);
        assert_string_equal(sc->name, "p");
        free(sc);
    }

    /* an unknown key in the included file: its name and line */
    char *bad = text_sub(TEXTBOOK_CFG, "  growth = 0.0;\n", "  growth = 0.0;\n  grwth = 0.1;\n");
    write_file(p, bad);
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    assert_int_equal(chdir("/"), 0);
    assert_false(scenario_load(sc, q, NULL, err));
    char at[64];
    snprintf(at, sizeof at, "b.cfg:%d", line_of(bad, "grwth"));
    ASSERT_CONTAINS(err, at);
    ASSERT_CONTAINS(err, "market.grwth");
    free(sc);
    free(bad);

    unlink(p);
    unlink(q);
    snprintf(p, sizeof p, "%s/base", root);
    rmdir(p);
    snprintf(p, sizeof p, "%s/sub", root);
    rmdir(p);
    rmdir(root);
}

/*
 * Regression: an @include with an absolute path failed ("cannot open include
 * file"): libconfig 1.5 prefixes the include directory set by
 * config_set_include_dir() to every @include path, absolute ones too, so
 * "/x/baseline.cfg" was looked up as "DIR//x/baseline.cfg", and a user's
 * scenario outside the repository could not include the installed baseline
 * (make install puts it in PREFIX/share/oss-sim/scenarios/).
 */
static void test_include_absolute_path(void **state)
{
    (void)state;
    char dir[OSS_PATH_LEN], text[2 * OSS_PATH_LEN];
    scenarios_dir(dir);
    snprintf(text, sizeof text, "@include \"%s/baseline.cfg\"\noverrides = [\"agents.count = 999\"];\n", dir);
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = load_text_ov(text, NULL, 0, err, NULL);
    if (!sc)
        print_error("absolute @include path rejected: %s\n", err);
    assert_non_null(sc);
    assert_int_equal(sc->n_agents, 999);
    assert_int_equal(sc->n_families, 22);
    free(sc);
}

/*
 * Regression: a relative `counterfactual` was resolved against the directory
 * of the top-level scenario, not of the file that says it.  baseline.cfg
 * says counterfactual = "no_open.cfg" (its sibling); a policy scenario in
 * another directory that @includes baseline.cfg failed to load: cannot read
 * "<its own dir>/no_open.cfg".
 */
static void test_counterfactual_relative_to_defining_file(void **state)
{
    (void)state;
    char inc[OSS_PATH_LEN], dir[OSS_PATH_LEN], text[2 * OSS_PATH_LEN];
    include_scenario(inc, sizeof inc, "baseline.cfg");
    scenarios_dir(dir);
    snprintf(text, sizeof text, "%spolicy = { tariff = { imposer = \"US\"; rate = 0.25; }; };\n", inc);
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = load_text_ov(text, NULL, 0, err, NULL);
    if (!sc)
        print_error("inherited counterfactual resolved in the wrong directory: %s\n", err);
    assert_non_null(sc);
    char *got = realpath(sc->counterfactual, NULL), want[OSS_PATH_LEN + 16];
    snprintf(want, sizeof want, "%s/no_open.cfg", dir);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    free(sc);
}

/* ---- the file's overrides list and -s ------------------------------------ */

static void test_overrides_in_file_and_cli(void **state)
{
    (void)state;
    char *text = text_cat(TEXTBOOK_CFG,
                          "overrides = [\"agents.count = 1234\", \"supply.open_lag = 2.5\",\n"
                          "             \"families.b.pricing = \\\"bertrand\\\"\", \"frictions.inertia = true\"];\n");
    struct scenario *sc = load_ok(text, NULL, 0);
    assert_int_equal(sc->n_agents, 1234);
    ASSERT_NEAR(sc->open_lag, 2.5, 0);
    assert_int_equal(sc->families[TB_B].pricing, PRICING_BERTRAND);
    assert_true(sc->inertia);
    free(sc);
    /* -s comes after the file's list */
    const char *ov[] = {"agents.count=77", "supply.host_margin = 0.5", "run.seed=9007199254740993",
                        "horizon.end=2025-10", "frictions.ecosystem_strength=2.5"};
    sc = load_ok(text, ov, 5);
    assert_int_equal(sc->n_agents, 77);
    ASSERT_NEAR(sc->host_margin, 0.5, 0);
    assert_true(sc->seed == 9007199254740993ull); /* 64-bit, beyond double precision */
    assert_int_equal(sc->months, 10);
    ASSERT_NEAR(sc->ecosystem, 2.5, 0); /* a key absent from the file, in an existing group */
    ASSERT_NEAR(sc->open_lag, 2.5, 0);
    free(sc);
    free(text);
}

/* A bad entry of the file's overrides list: the file, the list's line and the key. */
static void test_overrides_in_file_bad(void **state)
{
    (void)state;
    char *text = text_cat(TEXTBOOK_CFG, "overrides = [\"agents.count = abc\"];\n");
    char path[OSS_PATH_LEN], where[OSS_PATH_LEN + 16];
    const char *err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "overrides");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "agents.count");
    free(text);

    text = text_cat(TEXTBOOK_CFG, "overrides = [\"agents.count\"];\n"); /* no '=' */
    err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "overrides");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "agents.count");
    free(text);

    text = text_cat(TEXTBOOK_CFG, "overrides = [3];\n"); /* not a string */
    err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "overrides");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "overrides");
    free(text);
}

/* Bad -s overrides: the message names the override as given and the key. */
static void check_bad_override(const char *ov, const char *key, bool want_file)
{
    const char *list[] = {ov};
    char path[OSS_PATH_LEN];
    const char *err = load_bad(TEXTBOOK_CFG, list, 1, path);
    ASSERT_CONTAINS(err, ov);
    ASSERT_CONTAINS(err, key);
    ASSERT_CONTAINS(err, "-s");
    if (want_file)
        ASSERT_CONTAINS(err, path);
}

static void test_cli_override_errors(void **state)
{
    (void)state;
    check_bad_override("agents.count", "agents.count", false);            /* no '=' */
    check_bad_override("agents.count=abc", "agents.count", false);        /* int expected */
    check_bad_override("agents.count=1.5", "agents.count", false);        /* int expected */
    check_bad_override("frictions.inertia=yes", "frictions.inertia", false); /* bool expected */
    check_bad_override("horizon.start=2025", "horizon.start", false);     /* string expected */
    check_bad_override("supply.open_lag=\"3\"", "supply.open_lag", false); /* number expected */
    check_bad_override("supply.price_adjustment=2", "supply.price_adjustment", false); /* out of range */
    check_bad_override("supply.bogus=1", "supply.bogus", false);          /* unknown key */
    check_bad_override("agents=3", "agents", false);                      /* a group */
    check_bad_override("agents.count=", "agents.count", false);           /* no value */
    check_bad_override("agents..count=3", "agents..count", false);        /* malformed key */
}

/*
 * Regression: messages about -s overrides did not name the scenario file,
 * e.g. "-s 'agents.count=abc': agents.count: expected an integer".  Issue 2
 * asks that every validation message name the file; -s overrides are
 * applied to the counterfactual as well, so without the file the user
 * cannot tell which scenario rejected it.
 */
static void test_cli_override_errors_name_file(void **state)
{
    (void)state;
    check_bad_override("agents.count", "agents.count", true);
    check_bad_override("agents.count=abc", "agents.count", true);
    check_bad_override("supply.price_adjustment=2", "supply.price_adjustment", true);
}

/*
 * An -s override whose path runs through groups the scenario does not have
 * creates them, with every other key at its default: -s
 * policy.export_controls.strength=0.8 on a scenario without a policy block
 * switches on export controls (origin CN, the whole horizon).  Since that
 * may not be what the user meant, the load leaves a note (printed by the
 * command line) that names the override and the group it added.  (The test
 * brief asked for an error here; the project chose a note instead.)
 */
static void test_cli_override_new_group(void **state)
{
    (void)state;
    const char *ov[] = {"policy.export_controls.strength=0.8"};
    struct scenario *sc = load_ok(TEXTBOOK_CFG, ov, 1);
    assert_true(sc->export_controls.on);
    assert_int_equal(sc->export_controls.origin, REGION_CN);
    ASSERT_NEAR(sc->export_controls.strength, 0.8, 0);
    assert_int_equal(sc->export_controls.start, sc->start);
    assert_int_equal(sc->export_controls.end, sc->end);
    ASSERT_CONTAINS(sc->note, "-s");
    ASSERT_CONTAINS(sc->note, "policy.export_controls.strength=0.8");
    ASSERT_CONTAINS(sc->note, "policy");
    free(sc);
    /* no note when the override sets a key of an existing group, or a new
     * key in an existing group */
    const char *ov2[] = {"supply.open_lag=2.0", "frictions.ecosystem_strength=2.5"};
    sc = load_ok(TEXTBOOK_CFG, ov2, 2);
    assert_string_equal(sc->note, "");
    free(sc);
}


/* -s takes its type from the table of keys: an int key "2e4", a float key
 * written as a whole number, a string key any text (no quotes needed), a
 * float key the file wrote as a whole number; a group is not a value. */
static void test_cli_override_typed_by_table(void **state)
{
    (void)state;
    char *text = text_sub(TEXTBOOK_CFG, "growth = 0.0;", "growth = 0;"); /* a float key written as a whole number */
    const char *ov[] = {"agents.count=2e4", "market.reference_price=2", "families.b.vendor=2024",
                        "market.growth=0.015", "families.b.name=true"};
    struct scenario *sc = load_ok(text, ov, 5);
    assert_int_equal(sc->n_agents, 20000);
    ASSERT_NEAR(sc->reference_price, 2, 0);
    assert_string_equal(sc->families[TB_B].vendor, "2024");
    assert_string_equal(sc->families[TB_B].name, "true");
    ASSERT_NEAR(sc->market_growth, 0.015, 0);
    free(sc);
    char err[OSS_ERR_LEN];
    const char *bad[] = {"agents.count=2.5"};
    assert_null(load_text_ov(text, bad, 1, err, NULL));
    ASSERT_CONTAINS(err, "agents.count: expected an integer, got \"2.5\"");
    const char *bad2[] = {"frictions=1"};
    assert_null(load_text_ov(text, bad2, 1, err, NULL));
    ASSERT_CONTAINS(err, "frictions: is a group or list; set one of its keys");
    const char *bad3[] = {"agents.count=\"5\""};
    assert_null(load_text_ov(text, bad3, 1, err, NULL));
    ASSERT_CONTAINS(err, "agents.count: expected a number, got a string");
    free(text);
}

/* An -s override of a key inside an existing policy block works. */
static void test_cli_override_existing_policy(void **state)
{
    (void)state;
    char *text = text_cat(TEXTBOOK_CFG, "policy = { export_controls = { origin = \"CN\"; strength = 0.5; }; };\n");
    const char *ov[] = {"policy.export_controls.strength=0.8", "policy.export_controls.efficiency_response=0.25"};
    struct scenario *sc = load_ok(text, ov, 2);
    assert_true(sc->export_controls.on);
    ASSERT_NEAR(sc->export_controls.strength, 0.8, 0);
    ASSERT_NEAR(sc->export_controls.efficiency_response, 0.25, 0);
    free(sc);
    free(text);
}

/* ---- validation: file, line and key ----------------------------------------- */

static void test_error_unknown_key(void **state)
{
    (void)state;
    expect_error("  outside_quality = 110.0;\n", "  outside_quality = 110.0;\n  bogus = 1.0;\n", "bogus",
                 "market.bogus");
    expect_error("quality = 116.0;", "qualty = 116.0; quality = 116.0;", "qualty", "families.c.qualty");
    expect_error("description =", "typo_top = 3;\ndescription =", "typo_top", "typo_top");
    expect_error("  review = {", "  revue = { mean = 1.0; };\n  review = {", "revue", "agents.revue");
}

static void test_error_wrong_type(void **state)
{
    (void)state;
    expect_error("count = 4000;", "count = \"many\";", "count =", "agents.count");
    expect_error("count = 4000;", "count = 4000.0;", "count =", "agents.count");
    expect_error("inertia = false;", "inertia = 0;", "inertia =", "frictions.inertia");
    expect_error("price_adjustment = 0.5;", "price_adjustment = \"half\";", "price_adjustment", "supply.price_adjustment");
    expect_error("origin = \"CN\"; access = \"open\";", "origin = 2; access = \"open\";", "origin = 2", "families.d.origin");
}

static void test_error_out_of_range(void **state)
{
    (void)state;
    expect_error("price_adjustment = 0.5;", "price_adjustment = 1.5;", "price_adjustment", "supply.price_adjustment");
    expect_error("count = 4000;", "count = 0;", "count =", "agents.count");
    expect_error("host_margin = 0.25;", "host_margin = -0.25;", "host_margin", "supply.host_margin");
    expect_error("quality = 110.0; cost = 0.25; price = 1.0;", "quality = 110.0; cost = 0.25; price = 0.125;",
                 "price = 0.125", "families.e.price"); /* closed price below cost */
    expect_error("reporting_year = 2025;", "reporting_year = 2027;", "reporting_year", "horizon.reporting_year");
}

static void test_error_unknown_names(void **state)
{
    (void)state;
    expect_error("origin = \"CN\"; access = \"open\";", "origin = \"XX\"; access = \"open\";", "\"XX\"",
                 "families.d.origin");
    expect_error("access = \"open\";\n        quality = 118.0;", "access = \"opn\";\n        quality = 118.0;",
                 "\"opn\"", "families.d.access");
    expect_error("pricing = \"fixed\"; appeal = 0.5;", "pricing = \"cournot\"; appeal = 0.5;", "cournot",
                 "families.b.pricing");
    expect_error("dist = \"constant\"; mean = 0.25; sd = 0.0; };\n  openness",
                 "dist = \"weibull\"; mean = 0.25; sd = 0.0; };\n  openness", "weibull", "agents.beta.dist");
    char *text = text_cat(TEXTBOOK_CFG, "policy = {\n  tariff = { imposer = \"MARS\"; };\n};\n");
    char path[OSS_PATH_LEN], where[OSS_PATH_LEN + 16];
    const char *err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "MARS");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "policy.tariff.imposer");
    free(text);
    text = text_cat(TEXTBOOK_CFG, "policy = {\n  sanctions = { regions = [\"US\", \"Atlantis\"]; };\n};\n");
    err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "Atlantis");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "policy.sanctions.regions");
    free(text);
}

/*
 * Regression: for an unknown family the vendor_strategy loop recorded the
 * error and `continue`d before reading the entry's month and action; the
 * unknown-key walk then found them unread, and since scenario_load reports
 * an unknown key in preference to the read error, the user was told
 * "policy.vendor_strategy[1].month: unknown key" (a valid key) instead of
 * "unknown family \"nosuch\"".
 */
static void test_error_unknown_vendor_family(void **state)
{
    (void)state;
    char *text = text_cat(TEXTBOOK_CFG,
                          "policy = { vendor_strategy = (\n"
                          "  { family = \"a\"; month = \"2025-05\"; action = \"exit\"; },\n"
                          "  { family = \"nosuch\"; month = \"2025-06\"; action = \"close\"; }\n"
                          "); };\n");
    char path[OSS_PATH_LEN], where[OSS_PATH_LEN + 16];
    /* an unknown action first (this one works) */
    char *t2 = text_cat(TEXTBOOK_CFG, "policy = { vendor_strategy = (\n  { family = \"a\"; month = \"2025-05\"; action = \"sell\"; }\n); };\n");
    const char *err = load_bad(t2, NULL, 0, path);
    file_line(where, sizeof where, path, t2, "sell");
    free(t2);
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "action");

    err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "nosuch");
    free(text); /* before the checks: a failing check leaks nothing */
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "policy.vendor_strategy");
    ASSERT_CONTAINS(err, "family");
    ASSERT_CONTAINS(err, "nosuch");
}

static void test_error_month_outside_horizon(void **state)
{
    (void)state;
    /* an entry after the horizon is no error: the family never enters, with a note */
    char *late = text_sub(TEXTBOOK_CFG, "quality = 112.0;", "entry = \"2026-03\"; quality = 112.0;");
    struct scenario *sc = load_ok(late, NULL, 0);
    ASSERT_CONTAINS(sc->note, "families.b.entry: 2026-03 is after the horizon's end");
    assert_int_equal(scenario_family_index(sc, "b"), -1);
    free(sc);
    free(late);
    expect_error("quality = 112.0;", "entry = \"2025-13\"; quality = 112.0;", "2025-13", "families.b.entry");
    expect_error("quality = 112.0;", "entry = \"March\"; quality = 112.0;", "March", "families.b.entry");
    char *text = text_cat(TEXTBOOK_CFG, "policy = {\n  tariff = { start = \"2024-06\"; };\n};\n");
    char path[OSS_PATH_LEN], where[OSS_PATH_LEN + 16];
    const char *err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "2024-06");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "policy.tariff.start");
    free(text);
    text = text_cat(TEXTBOOK_CFG,
                    "policy = { vendor_strategy = (\n  { family = \"a\"; month = \"2031-01\"; action = \"exit\"; }\n); };\n");
    err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "2031-01");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "month");
    free(text);
    /* a window that ends before it starts */
    text = text_cat(TEXTBOOK_CFG, "policy = {\n  tariff = { start = \"2025-06\";\n  end = \"2025-05\"; };\n};\n");
    err = load_bad(text, NULL, 0, path);
    file_line(where, sizeof where, path, text, "2025-05");
    ASSERT_CONTAINS(err, where);
    ASSERT_CONTAINS(err, "policy.tariff.end");
    free(text);
}

static void test_error_shares(void **state)
{
    (void)state;
    expect_error("  count = 4000;\n", "  count = 4000;\n  regions = { US = 0.5; EU = 0.2; CN = 0.2; ROW = 0.2; };\n",
                 "regions", "agents.regions");
    expect_error("  count = 4000;\n", "  count = 4000;\n  segments = { startup = 0.5; enterprise = 0.25; };\n",
                 "segments", "agents.segments");
}

static void test_error_missing(void **state)
{
    (void)state;
    expect_error("  potential_tokens = 1.0e6;\n", "", "market = {", "market.potential_tokens");
    expect_error("quality = 120.0; cost = 1.0;", "cost = 1.0;", "a = {", "families.a.quality");
    /* a missing file: its path and the reason */
    char err[OSS_ERR_LEN] = "";
    struct scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    assert_false(scenario_load(sc, "no/such/scenario.cfg", NULL, err));
    ASSERT_CONTAINS(err, "no/such/scenario.cfg");
    free(sc);
}

static void test_error_syntax(void **state)
{
    (void)state;
    expect_error("  frontier = 120.0;\n", "  frontier = = 120.0;\n", "= =", "syntax error");
}

/* The value and origin `oss-sim show` lists for key, or fails. */
static const struct setting_line *shown(const struct setting_line *l, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(l[i].key, key) == 0)
            return &l[i];
    print_error("show does not list %s\n", key);
    fail();
    return NULL;
}

/* oss-sim show lists the segment multipliers and the distrust table a file
 * leaves out (the whole group, a segment, a row, a cell, the diagonal
 * included) with the defaults in effect: each value is the loaded one. */
static void test_show_segment_distrust_defaults(void **state)
{
    (void)state;
    const char *variants[] = {
        "  review = { dist = \"constant\"; mean = 1.0; sd = 0.0; };\n", /* both groups left out */
        "  review = { dist = \"constant\"; mean = 1.0; sd = 0.0; };\n"
        "  by_segment = { public = { alpha = 2.0; }; };\n  distrust_table = { US = { CN = 1.5; }; };\n",
    };
    for (int v = 0; v < 2; v++) {
        char *text = text_sub(TEXTBOOK_CFG, "  review = { dist = \"constant\"; mean = 1.0; sd = 0.0; };\n", variants[v]);
        char path[OSS_PATH_LEN], err[OSS_ERR_LEN] = "";
        write_temp_cfg(text, path);
        struct scenario *sc = calloc(1, sizeof *sc);
        assert_non_null(sc);
        assert_true(scenario_load(sc, path, NULL, err));
        struct setting_line *l;
        int n = scenario_settings(path, NULL, &l, err);
        unlink(path);
        free(text);
        assert_true(n > 0);
        const char *field[3] = {"alpha", "distrust", "volume"};
        for (int k = 0; k < N_SEGMENTS; k++)
            for (int f = 0; f < 3; f++) {
                char key[128];
                snprintf(key, sizeof key, "agents.by_segment.%s.%s", segment_names[k], field[f]);
                const struct setting_line *s = shown(l, n, key);
                double want = f == 0 ? sc->segment_alpha[k] : f == 1 ? sc->segment_distrust[k] : sc->segment_volume[k];
                ASSERT_NEAR(strtod(s->value, NULL), want, 0);
                bool set = v == 1 && strcmp(segment_names[k], "public") == 0 && f == 0;
                assert_int_equal(strcmp(s->from, "default") != 0, set);
                ASSERT_NEAR(want, set ? 2.0 : 1.0, 0);
            }
        for (int i = 0; i < N_REGIONS; i++)
            for (int o = 0; o < N_REGIONS; o++) {
                char key[128];
                snprintf(key, sizeof key, "agents.distrust_table.%s.%s", region_names[i], region_names[o]);
                const struct setting_line *s = shown(l, n, key);
                ASSERT_NEAR(strtod(s->value, NULL), sc->distrust_table[i][o], 0);
                bool set = v == 1 && strcmp(region_names[i], "US") == 0 && strcmp(region_names[o], "CN") == 0;
                assert_int_equal(strcmp(s->from, "default") != 0, set);
            }
        free(l);
        free(sc);
    }
}

int main(void)
{
    if (!getcwd(start_cwd, sizeof start_cwd))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textbook_values),
        cmocka_unit_test(test_baseline_values),
        cmocka_unit_test_teardown(test_include_any_cwd, restore_cwd),
        cmocka_unit_test_teardown(test_include_other_directory, restore_cwd),
        cmocka_unit_test(test_include_absolute_path),
        cmocka_unit_test(test_counterfactual_relative_to_defining_file),
        cmocka_unit_test(test_overrides_in_file_and_cli),
        cmocka_unit_test(test_overrides_in_file_bad),
        cmocka_unit_test(test_cli_override_errors),
        cmocka_unit_test(test_cli_override_errors_name_file),
        cmocka_unit_test(test_cli_override_new_group),
        cmocka_unit_test(test_cli_override_typed_by_table),
        cmocka_unit_test(test_cli_override_existing_policy),
        cmocka_unit_test(test_error_unknown_key),
        cmocka_unit_test(test_error_wrong_type),
        cmocka_unit_test(test_error_out_of_range),
        cmocka_unit_test(test_error_unknown_names),
        cmocka_unit_test(test_error_unknown_vendor_family),
        cmocka_unit_test(test_error_month_outside_horizon),
        cmocka_unit_test(test_error_shares),
        cmocka_unit_test(test_error_missing),
        cmocka_unit_test(test_error_syntax),
        cmocka_unit_test(test_show_segment_distrust_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
