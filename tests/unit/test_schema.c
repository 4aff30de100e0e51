/*
 * test_schema.c - the table of scenario keys (sim/schema.c): lookups with
 * wildcards, every row well formed (finite ranges, defaults inside them,
 * labels), every setting of the shipped scenarios found in it, and the
 * loader refusing a value just outside each numeric range of the table.
 */
#include "helpers.h"

#include <libconfig.h>

#include "schema.h"

static void test_find(void **state)
{
    (void)state;
    const struct schema_key *k = schema_find("agents.volume.sd");
    assert_non_null(k);
    assert_int_equal(k->type, SCHEMA_FLOAT);
    assert_string_equal(k->path, "agents.volume.sd");

    k = schema_find("families.deepseek.quality");
    assert_non_null(k);
    assert_string_equal(k->path, "families.*.quality");
    assert_false(k->required); /* a release dated on or before entry can give it */
    k = schema_find("families.gpt.releases[0].date");
    assert_non_null(k);
    assert_string_equal(k->path, "families.*.releases[].date");

    k = schema_find("policy.vendor_strategy[12].month");
    assert_non_null(k);
    assert_string_equal(k->path, "policy.vendor_strategy[].month");

    k = schema_find("agents.distrust_table.US.CN");
    assert_non_null(k);
    assert_string_equal(k->path, "agents.distrust_table.*.*");

    assert_null(schema_find("agents.volume.median"));
    assert_null(schema_find("families..quality"));
    assert_null(schema_find("policy.vendor_strategy[x].month"));
    assert_null(schema_find("families.deepseek.quality.x"));
    assert_null(schema_find(""));
    assert_null(schema_find(NULL));
    assert_string_equal(schema_label("market.growth"), "market growth");
    assert_string_equal(schema_label("no.such.key"), "no.such.key");
}

static void test_rows(void **state)
{
    (void)state;
    assert_true(schema_n_keys > 100);
    for (size_t i = 0; i < schema_n_keys; i++) {
        const struct schema_key *k = &schema_keys[i];
        if (!k->label[0] || !k->doc[0] || !k->unit) {
            print_error("%s: empty label, doc or unit\n", k->path);
            fail();
        }
        if (schema_find(k->path) != k) {
            print_error("%s: listed twice or shadowed\n", k->path);
            fail();
        }
        if (k->type == SCHEMA_FLOAT || k->type == SCHEMA_INT) {
            if (!(isfinite(k->lo) && isfinite(k->hi) && k->lo <= k->hi)) {
                print_error("%s: range [%g, %g] is not finite\n", k->path, k->lo, k->hi);
                fail();
            }
            if (!k->required && !(k->def >= k->lo && k->def <= k->hi)) {
                print_error("%s: default %g outside [%g, %g]\n", k->path, k->def, k->lo, k->hi);
                fail();
            }
        }
        if ((k->type == SCHEMA_NAME || k->type == SCHEMA_NAMES) && !k->choices) {
            print_error("%s: a name without choices\n", k->path);
            fail();
        }
    }
}

/* Every setting of a scenario file is a key of the table. */
static void walk(const config_setting_t *s, const char *prefix, const char *file)
{
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *c = config_setting_get_elem(s, (unsigned)i);
        char p[512];
        if (config_setting_name(c))
            snprintf(p, sizeof p, "%s%s%s", prefix, prefix[0] ? "." : "", config_setting_name(c));
        else
            snprintf(p, sizeof p, "%s[%d]", prefix, i);
        if (!schema_find(p)) {
            print_error("%s: %s is not in the schema\n", file, p);
            fail();
        }
        /* overrides and fitted hold strings, not settings */
        if (config_setting_is_group(c) || (config_setting_is_list(c) && strcmp(p, "overrides") != 0 &&
                                           strcmp(p, "fitted") != 0))
            walk(c, p, file);
    }
}

static void test_scenarios_covered(void **state)
{
    (void)state;
    const char *files[] = {"../scenarios/baseline.cfg", "../tests/cli/good/all_levers.cfg"};
    int n = 0;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        if (access(files[f], R_OK) != 0)
            continue;
        config_t cfg;
        config_init(&cfg);
        char dir[OSS_PATH_LEN];
        snprintf(dir, sizeof dir, "%s", files[f]);
        *strrchr(dir, '/') = '\0';
        config_set_include_dir(&cfg, dir);
        if (config_read_file(&cfg, files[f]) == CONFIG_TRUE) {
            walk(config_root_setting(&cfg), "", files[f]);
            n++;
        }
        config_destroy(&cfg);
    }
    assert_true(n >= 1);
}

/* A concrete path for a table path: wildcards filled with names the
 * baseline has.  Returns false for keys inside lists. */
static bool concrete(const char *pat, char *out, size_t n)
{
    if (strstr(pat, "[]"))
        return false;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", pat);
    const char *fill[] = {"gpt", "startup", "US", "EU"};
    out[0] = '\0';
    int k = 0;
    if (strncmp(buf, "agents.distrust_table", 21) == 0)
        k = 2;
    for (char *save = NULL, *part = strtok_r(buf, ".", &save); part; part = strtok_r(NULL, ".", &save)) {
        const char *w = part;
        if (strcmp(part, "*") == 0)
            w = strncmp(pat, "agents.by_segment", 17) == 0 ? fill[1] : fill[k++];
        size_t u = strlen(out);
        snprintf(out + u, n - u, "%s%s", u ? "." : "", w);
    }
    return true;
}

/* The loader refuses a value just outside each range of the table and
 * names the range in its message. */
static void test_ranges_enforced(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t i = 0; i < schema_n_keys; i++) {
        const struct schema_key *k = &schema_keys[i];
        char path[512];
        if ((k->type != SCHEMA_FLOAT && k->type != SCHEMA_INT) || !concrete(k->path, path, sizeof path))
            continue;
        for (int side = 0; side < 2; side++) {
            double b = side ? k->hi : k->lo;
            double v = side ? b + fmax(1, fabs(b)) : b - fmax(1, fabs(b));
            if (k->type == SCHEMA_INT && fabs(v) > 9e18)
                continue; /* beyond 64 bits: a different message */
            char ov[600], err[OSS_ERR_LEN];
            if (k->type == SCHEMA_INT)
                snprintf(ov, sizeof ov, "%s=%lld", path, (long long)v);
            else
                snprintf(ov, sizeof ov, "%s=%.17g", path, v);
            const char *items[] = {ov};
            struct override_list ol = {1, items, false};
            struct scenario *sc = malloc(sizeof *sc);
            assert_non_null(sc);
            bool ok = scenario_load(sc, "../scenarios/baseline.cfg", &ol, err);
            free(sc);
            if (ok || !strstr(err, "out of range")) {
                print_error("-s %s: %s\n", ov, ok ? "accepted" : err);
                fail();
            }
            checked++;
        }
    }
    assert_true(checked > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_scenarios_covered),
        cmocka_unit_test(test_ranges_enforced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
