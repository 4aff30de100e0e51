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
            if (!k->required && !k->def_text && !(k->def >= k->lo && k->def <= k->hi)) {
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


/* The setting at a table path (wildcards filled by concrete(), "[]" by
 * element 0), made with its group parents when absent; NULL when a list on
 * the way is absent.  *parent and *name get where it lives. */
static config_setting_t *place(config_t *cfg, const char *path, config_setting_t **parent, char *name, size_t n)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    config_setting_t *g = config_root_setting(cfg);
    char *save = NULL, *part = strtok_r(buf, ".", &save);
    while (part) {
        char *next = strtok_r(NULL, ".", &save);
        char *br = strstr(part, "[]");
        if (br)
            *br = '\0';
        config_setting_t *c = config_setting_get_member(g, part);
        if (br) {
            if (!c || !config_setting_is_list(c) || config_setting_length(c) < 1)
                return NULL;
            if (!next) { /* the element itself */
                *parent = c;
                snprintf(name, n, "%s", "");
                return config_setting_get_elem(c, 0);
            }
            c = config_setting_get_elem(c, 0);
        } else if (!next) {
            *parent = g;
            snprintf(name, n, "%s", part);
            return c;
        } else if (!c) {
            c = config_setting_add(g, part, CONFIG_TYPE_GROUP);
        }
        if (!c || !config_setting_is_group(c))
            return NULL;
        g = c;
        part = next;
    }
    return NULL;
}

/* Every key of the table written with the wrong shape (a group, a list or
 * a scalar of another type where it does not belong) is refused with a
 * message naming that key, never as an unknown key: the first real error
 * wins, and a setting refused for its type does not leave its contents to
 * be reported as unknown. */
static void test_shapes_enforced(void **state)
{
    (void)state;
    char dir[] = "/tmp/oss-sim-shape.XXXXXX";
    assert_non_null(mkdtemp(dir));
    int checked = 0, failed = 0;
    for (size_t i = 0; i < schema_n_keys; i++) {
        const struct schema_key *k = &schema_keys[i];
        char path[512];
        if (strstr(k->path, "[]")) { /* element 0 of a list the scenario has */
            snprintf(path, sizeof path, "%s", k->path);
            if (strncmp(path, "families.*", 10) == 0)
                memcpy(path, "families.gpt", 12), memmove(path + 12, path + 10, strlen(path + 10) + 1);
        } else if (!concrete(k->path, path, sizeof path)) {
            continue;
        }
        if (strcmp(path, "overrides") == 0 || strcmp(path, "fitted") == 0 || strcmp(path, "counterfactual") == 0 ||
            strcmp(path, "reference") == 0 || strncmp(path, "calibration.fragment", 20) == 0)
            continue; /* applied or resolved before reading: tested in tests/cli/bad */
        for (int shape = 0; shape < 3; shape++) {
            config_t cfg;
            config_init(&cfg);
            config_set_include_dir(&cfg, "../tests/cli/good");
            assert_int_equal(config_read_file(&cfg, "../tests/cli/good/all_levers.cfg"), CONFIG_TRUE);
            config_setting_t *root = config_root_setting(&cfg);
            config_setting_remove(root, "overrides");
            config_setting_remove(root, "counterfactual");
            config_setting_remove(root, "reference");
            config_setting_t *parent = NULL;
            char name[128];
            config_setting_t *s = place(&cfg, path, &parent, name, sizeof name);
            if (!parent) {
                config_destroy(&cfg);
                continue;
            }
            bool elem = name[0] == '\0';
            if (elem && !s) {
                config_destroy(&cfg);
                continue;
            }
            /* the wrong shapes: a group, a list, a scalar of another kind */
            int type = shape == 0 ? CONFIG_TYPE_GROUP : shape == 1 ? CONFIG_TYPE_LIST : CONFIG_TYPE_INT;
            if (shape == 2 && (k->type == SCHEMA_FLOAT || k->type == SCHEMA_INT))
                type = CONFIG_TYPE_STRING;
            if ((type == CONFIG_TYPE_GROUP && k->type == SCHEMA_GROUP) ||
                (type == CONFIG_TYPE_LIST && (k->type == SCHEMA_LIST || k->type == SCHEMA_NAMES)) ||
                (type == CONFIG_TYPE_INT && k->type == SCHEMA_FLOAT)) {
                config_destroy(&cfg);
                continue; /* not a wrong shape */
            }
            config_setting_t *w;
            if (elem) { /* a list's element: replace element 0 */
                config_setting_remove_elem(parent, 0);
                w = config_setting_add(parent, NULL, type);
            } else {
                if (s)
                    config_setting_remove(parent, name);
                w = config_setting_add(parent, name, type);
            }
            assert_non_null(w);
            if (type == CONFIG_TYPE_GROUP)
                config_setting_set_int(config_setting_add(w, "x", CONFIG_TYPE_INT), 1);
            else if (type == CONFIG_TYPE_LIST)
                config_setting_set_int(config_setting_add(w, NULL, CONFIG_TYPE_INT), 1);
            else if (type == CONFIG_TYPE_STRING)
                config_setting_set_string(w, "x");
            else
                config_setting_set_int(w, 1);
            int at = elem ? config_setting_index(w) : 0; /* an element added goes last */
            char file[600], err[OSS_ERR_LEN], want[600];
            snprintf(file, sizeof file, "%s/shape.cfg", dir);
            assert_int_equal(config_write_file(&cfg, file), CONFIG_TRUE);
            config_destroy(&cfg);
            /* the concrete key as the loader names it */
            snprintf(want, sizeof want, "%s", path);
            for (char *b; (b = strstr(want, "[]"));) {
                char tail[600];
                snprintf(tail, sizeof tail, "%s", b + 2);
                snprintf(b, sizeof want - (size_t)(b - want), "[%d]%s", elem && !strstr(tail, "[]") && !tail[0] ? at : 0,
                         tail);
            }
            size_t wl = strlen(want);
            snprintf(want + wl, sizeof want - wl, ": ");
            struct override_list ol = {0, NULL, true};
            struct scenario *sc = malloc(sizeof *sc);
            assert_non_null(sc);
            bool ok = scenario_load(sc, file, &ol, err);
            free(sc);
            checked++;
            if (ok || !strstr(err, want) || strstr(err, "unknown key")) {
                print_error("%s written as a %s: %s\n", path,
                            type == CONFIG_TYPE_GROUP ? "group" : type == CONFIG_TYPE_LIST ? "list" : "scalar",
                            ok ? "accepted" : err);
                failed++;
            }
        }
    }
    char file[600];
    snprintf(file, sizeof file, "%s/shape.cfg", dir);
    unlink(file);
    rmdir(dir);
    assert_int_equal(failed, 0);
    assert_true(checked > 200);
}


/* A scenario (all_levers.cfg with its overrides dropped) written to dir
 * with the key at path removed (value NULL) or set to its table default;
 * false when the key's group is not in the scenario. */
static bool write_with(const char *dir, const char *name, const char *path, const struct schema_key *k, bool set,
                       char *file, size_t n)
{
    config_t cfg;
    config_init(&cfg);
    config_set_include_dir(&cfg, "../tests/cli/good");
    assert_int_equal(config_read_file(&cfg, "../tests/cli/good/all_levers.cfg"), CONFIG_TRUE);
    config_setting_t *root = config_root_setting(&cfg);
    config_setting_remove(root, "overrides");
    config_setting_remove(root, "counterfactual");
    config_setting_remove(root, "reference");
    if (strncmp(path, "calibration.", 12) != 0) { /* these name keys that must be written */
        config_setting_remove(root, "calibration");
        config_setting_remove(root, "assumptions");
        config_setting_remove(root, "uncertain");
    }
    char parent_path[512];
    snprintf(parent_path, sizeof parent_path, "%s", path);
    *strrchr(parent_path, '.') = '\0';
    config_setting_t *g = config_lookup(&cfg, parent_path);
    if (!g || !config_setting_is_group(g)) {
        config_destroy(&cfg);
        return false;
    }
    const char *leaf = strrchr(path, '.') + 1;
    if (config_setting_get_member(g, leaf))
        config_setting_remove(g, leaf);
    if (set) {
        switch (k->type) {
        case SCHEMA_FLOAT:
            config_setting_set_float(config_setting_add(g, leaf, CONFIG_TYPE_FLOAT), k->def);
            break;
        case SCHEMA_INT:
            config_setting_set_int64(config_setting_add(g, leaf, CONFIG_TYPE_INT64), (long long)k->def);
            break;
        case SCHEMA_BOOL:
            config_setting_set_bool(config_setting_add(g, leaf, CONFIG_TYPE_BOOL), k->def != 0);
            break;
        default:
            config_setting_set_string(config_setting_add(g, leaf, CONFIG_TYPE_STRING), k->def_text);
        }
    }
    snprintf(file, n, "%s/%s.cfg", dir, name);
    assert_int_equal(config_write_file(&cfg, file), CONFIG_TRUE);
    config_destroy(&cfg);
    return true;
}

/* The defaults of the table are the loader's: leaving a key out loads the
 * same scenario, byte for byte, as writing its table default. */
static void test_defaults_are_the_loaders(void **state)
{
    (void)state;
    char dir[] = "/tmp/oss-sim-defaults.XXXXXX";
    assert_non_null(mkdtemp(dir));
    int checked = 0, failed = 0;
    for (size_t i = 0; i < schema_n_keys; i++) {
        const struct schema_key *k = &schema_keys[i];
        char path[512], fa[600], fb[600];
        bool has_default = !k->required && (k->type == SCHEMA_FLOAT || k->type == SCHEMA_INT || k->type == SCHEMA_BOOL
                                            ? !k->def_text
                                            : k->type == SCHEMA_NAME && k->def_text);
        if (!has_default || !concrete(k->path, path, sizeof path) || !strchr(path, '.'))
            continue;
        if (strcmp(k->path, "families.*.price") == 0)
            continue; /* required of a closed family (concrete() picks one); 0 only for an open one */
        if (!write_with(dir, "a", path, k, false, fa, sizeof fa) || !write_with(dir, "b", path, k, true, fb, sizeof fb))
            continue;
        struct override_list ol = {0, NULL, true};
        struct scenario *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
        assert_non_null(a);
        assert_non_null(b);
        char ea[OSS_ERR_LEN], eb[OSS_ERR_LEN];
        bool oka = scenario_load(a, fa, &ol, ea), okb = scenario_load(b, fb, &ol, eb);
        if (oka != okb) {
            print_error("%s: left out %s, written as its default %s\n", path, oka ? "loads" : ea, okb ? "loads" : eb);
            failed++;
        } else if (oka) {
            memset(a->sha256, 0, sizeof a->sha256); /* of the text, which differs */
            memset(b->sha256, 0, sizeof b->sha256);
            memset(a->path, 0, sizeof a->path);
            memset(b->path, 0, sizeof b->path);
            memset(a->name, 0, sizeof a->name);
            memset(b->name, 0, sizeof b->name);
            memset(a->calibration.file, 0, sizeof a->calibration.file); /* a.cfg, b.cfg */
            memset(b->calibration.file, 0, sizeof b->calibration.file);
            if (memcmp(a, b, sizeof *a) != 0) {
                size_t at = 0;
                while (((const char *)a)[at] == ((const char *)b)[at])
                    at++;
                print_error("%s: left out is not the same as its table default (byte %zu of the scenario)\n", path, at);
                failed++;
            }
            checked++;
        }
        free(a);
        free(b);
        unlink(fa);
        unlink(fb);
    }
    rmdir(dir);
    assert_int_equal(failed, 0);
    assert_true(checked > 80);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_scenarios_covered),
        cmocka_unit_test(test_ranges_enforced),
        cmocka_unit_test(test_shapes_enforced),
        cmocka_unit_test(test_defaults_are_the_loaders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
