/*
 * scenario.c - reads a libconfig scenario file into a validated struct scenario.
 *
 * The file is parsed by libconfig (with @include resolved relative to the
 * scenario's own directory, so a run works from any current directory).  The
 * file's own `overrides` list and then the command line's -s KEY=VALUE are
 * applied to the parsed tree, each value typed like the setting it replaces.
 * Then every key the model knows is read with its type and range; each read
 * marks its setting, and a walk over the tree reports any setting nobody read
 * as an unknown key.  Every message names the file, the line and the key (or
 * the -s override that caused it).  Nothing outside this file sees libconfig.
 */
#define _POSIX_C_SOURCE 200809L
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "include.h"
#include "metric_names.h"
#include "month.h"
#include "schema.h"
#include "syntax.h"

const char *const region_names[N_REGIONS] = {"US", "EU", "CN", "ROW"};
const char *const segment_names[N_SEGMENTS] = {"startup", "enterprise", "public", "research"};
const char *const access_names[N_ACCESS] = {"closed", "open"};
const char *const channel_names[N_CHANNELS] = {"api", "hosted", "first_party"};
static const char *const dist_names[] = {"constant", "normal", "lognormal", "gamma", "beta"};
const char *const prior_dist_names[4] = {"uniform", "normal", "lognormal", "beta"};

#define OSS_MAX_OVERRIDES 256 /* a file's overrides and -s together */
#define OSS_MAX_CREATED 8     /* policy blocks created by overrides, for the note */
#define OSS_MAX_OVERRIDE_LISTS 16 /* `overrides` lists in a scenario and the files it includes */

/* Marks left in a setting's hook: read by the loader. */
static char read_mark;

struct reader {
    config_t cfg;
    const char *path;         /* the scenario file as given */
    char err[OSS_ERR_LEN];    /* first read error */
    bool failed;
    bool failed_missing;      /* ... and it is a missing key, which an unknown key (a typo) explains */
    const char *ov_key[OSS_MAX_OVERRIDES];  /* keys set by overrides, for messages */
    const char *ov_text[OSS_MAX_OVERRIDES]; /* the override text as given */
    const char *ov_where[OSS_MAX_OVERRIDES]; /* "-s" or "FILE:LINE: overrides" */
    const char *ov_file[OSS_MAX_OVERRIDES];  /* libconfig's name of the file of a file's overrides list; NULL for -s */
    int n_ov;
    struct include_map inc;   /* the scenario's text with its @include paths resolved */
    char note[OSS_ERR_LEN];   /* a remark for the user, not an error */
    char list_where[OSS_MAX_OVERRIDE_LISTS][OSS_PATH_LEN + 32]; /* "FILE:LINE: overrides" of each list */
    char shape[OSS_MAX_SHAPE_OV][160]; /* the file's overrides of the run's shape (scenario.h) */
    int n_shape;
    char created[OSS_MAX_CREATED][OSS_NAME_LEN];       /* policy blocks an override created (policy.<name>) */
    char created_by[OSS_MAX_CREATED][OSS_ERR_LEN]; /* ... and the override that did */
    int n_created;
    config_t frag;            /* the calibration fragment, when read (its strings are overrides' texts) */
    bool frag_open;
    char dropped[OSS_MAX_FAMILIES][OSS_NAME_LEN];      /* keys of open families left out by supply.open_weights */
    char dropped_name[OSS_MAX_FAMILIES][OSS_NAME_LEN]; /* ... and their names */
    int n_dropped;
};

/* ---- paths and messages ------------------------------------------------ */

static bool is_overrides(const config_setting_t *s);

/* Adds a remark for the user (not an error) to the reader's notes, one a line. */
static void add_note(struct reader *r, const char *fmt, ...)
{
    size_t u = strlen(r->note);
    if (u && u + 2 < sizeof r->note)
        r->note[u++] = '\n', r->note[u] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->note + u, sizeof r->note - u, fmt, ap);
    va_end(ap);
}

static void setting_path(const config_setting_t *s, char *buf, size_t n)
{
    syntax_setting_path(s, buf, n);
}

/* A file name as libconfig knows it (NULL for the scenario file itself,
 * which it reads as text; a temporary copy for an included file that
 * includes others) as the user knows it (include.h). */
static void shown_file(const struct reader *r, const char *file, char *buf, size_t n)
{
    snprintf(buf, n, "%s", file ? include_original(&r->inc, file) : r->path);
}

/* An override as the user gave it: "FILE: -s 'KEY=VALUE'" for the command
 * line's, "FILE:LINE: overrides 'KEY=VALUE'" for a file's. */
static void override_where(const struct reader *r, const char *wh, const char *text, char *buf,
                           size_t n)
{
    if (strcmp(wh, "-s") == 0)
        snprintf(buf, n, "%.500s: -s '%.300s'", r->path, text);
    else
        snprintf(buf, n, "%.500s '%.300s'", wh, text);
}

/* Where a key came from: "FILE:LINE" or the override that set it. */
static void where(const struct reader *r, const config_setting_t *s, const char *key,
                  char *buf, size_t n)
{
    size_t kl = strlen(key);
    for (int i = r->n_ov - 1; i >= 0; i--)
        if (strncmp(r->ov_key[i], key, kl) == 0 && (r->ov_key[i][kl] == '\0' || r->ov_key[i][kl] == '.')) {
            override_where(r, r->ov_where[i], r->ov_text[i], buf, n);
            return;
        }
    char file[OSS_PATH_LEN];
    shown_file(r, s ? config_setting_source_file(s) : NULL, file, sizeof file);
    unsigned line = s ? config_setting_source_line(s) : 0;
    if (line)
        snprintf(buf, n, "%.4000s:%u", file, line);
    else
        snprintf(buf, n, "%.4000s", file);
}

/* Records the first error: "WHERE: KEY: message".  s may be the setting or,
 * for a missing key, its parent group. */
static void failv(struct reader *r, const config_setting_t *s, const char *key,
                  const char *fmt, va_list ap)
{
    if (r->failed)
        return;
    char w[OSS_PATH_LEN + 300], msg[512];
    if (!s && !strchr(key, '[')) /* a check of several settings: the line of the one it names */
        s = config_lookup(&r->cfg, key);
    where(r, s, key, w, sizeof w);
    vsnprintf(msg, sizeof msg, fmt, ap);
    snprintf(r->err, sizeof r->err, "%.500s: %.200s: %.300s", w, key, msg);
    r->failed = true;
    r->failed_missing = strncmp(msg, "missing", 7) == 0;
}

static void fail(struct reader *r, const config_setting_t *s, const char *key,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    failv(r, s, key, fmt, ap);
    va_end(ap);
}

static void child_key(const config_setting_t *g, const char *name, char *buf, size_t n)
{
    char gp[512];
    setting_path(g, gp, sizeof gp);
    snprintf(buf, n, "%.400s%s%.100s", gp, gp[0] ? "." : "", name);
}

/* ---- typed reads ----------------------------------------------------- */

/* Marks a setting and everything in it as read (after reporting it as
 * malformed, so that its contents are not also reported as unknown keys). */
static void mark_all(config_setting_t *s)
{
    config_setting_set_hook(s, &read_mark);
    if (config_setting_is_group(s) || config_setting_is_aggregate(s))
        for (int i = 0; i < config_setting_length(s); i++)
            mark_all(config_setting_get_elem(s, (unsigned)i));
}

static config_setting_t *member(const config_setting_t *g, const char *name)
{
    if (!g || !config_setting_is_group(g))
        return NULL;
    config_setting_t *s = config_setting_get_member(g, name);
    if (s)
        config_setting_set_hook(s, &read_mark);
    return s;
}

/* A group; NULL when absent (an error when required). */
static config_setting_t *rd_group(struct reader *r, config_setting_t *g, const char *name,
                                  bool required)
{
    char key[512];
    child_key(g, name, key, sizeof key);
    config_setting_t *s = member(g, name);
    if (!s) {
        if (required)
            fail(r, g, key, "missing group");
        return NULL;
    }
    if (!config_setting_is_group(s)) {
        fail(r, s, key, "expected a group { ... }");
        mark_all(s);
        return NULL;
    }
    return s;
}

static bool is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

/* ", got ..." for a setting of the wrong type, as the user wrote it, with
 * how to write it when the mistake is quotes around a number or a switch,
 * a number for a switch, or text without quotes.  want: 'n' a number, 'b'
 * true or false, 's' text in double quotes, 'm' a month. */
static bool literal_of(const struct reader *r, const config_setting_t *s, char *lit, size_t n);

static void got(const struct reader *r, const config_setting_t *s, char want, char *buf, size_t n)
{
    double x;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_STRING: {
        const char *v = config_setting_get_string(s);
        char *end;
        x = strtod(v, &end);
        bool num = want == 'n' && *v && !*end && isfinite(x);
        bool sw = want == 'b' && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0);
        if (num || sw) /* the value in quotes: how to write it */
            snprintf(buf, n, ", got the text \"%.100s\" (%s: %.100s)", v,
                     num ? "a number is written without quotes" : "write it without quotes", v);
        else
            snprintf(buf, n, ", got the text \"%.100s\"", v);
        break;
    }
    case CONFIG_TYPE_BOOL:
        snprintf(buf, n, ", got %s", config_setting_get_bool(s) ? "true" : "false");
        break;
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
    case CONFIG_TYPE_FLOAT: {
        char v[64];
        if (literal_of(r, s, v, sizeof v)) /* as written */
            ;
        else if (config_setting_type(s) == CONFIG_TYPE_FLOAT)
            snprintf(v, sizeof v, "%.17g", config_setting_get_float(s));
        else
            snprintf(v, sizeof v, "%lld", (long long)config_setting_get_int64(s));
        if (want == 'b')
            snprintf(buf, n, ", got %s (a switch is written true or false)", v);
        else if (want == 's')
            snprintf(buf, n, ", got %s (text is written in double quotes: \"%s\")", v, v);
        else
            snprintf(buf, n, ", got %s", v);
        break;
    }
    case CONFIG_TYPE_GROUP:
        snprintf(buf, n, ", got a group { ... }");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, n, ", got an array [ ... ]");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, n, ", got a list ( ... )");
        break;
    default:
        buf[0] = '\0';
    }
}

/* "expected WHAT, got ...": a setting of the wrong type (want as got's). */
static void fail_type(struct reader *r, const config_setting_t *s, const char *key, char want, const char *what)
{
    char g[300];
    got(r, s, want, g, sizeof g);
    fail(r, s, key, "expected %s%s", what, g);
}

/* A number in [lo, hi]; def is used when absent, NAN makes it required. */
static double rd_float(struct reader *r, config_setting_t *g, const char *name, double def,
                       double lo, double hi)
{
    char key[512];
    child_key(g, name, key, sizeof key);
    const struct schema_key *sk = schema_find(key);
    if (sk && sk->type == SCHEMA_FLOAT) { /* the table (schema.c) is the reference */
        lo = sk->lo;
        hi = sk->hi;
    }
    config_setting_t *s = member(g, name);
    if (!s) {
        if (isnan(def))
            fail(r, g, key, "missing key");
        return isnan(def) ? lo : def;
    }
    if (!is_number(s)) {
        fail_type(r, s, key, 'n', "a number");
        mark_all(s);
        return isnan(def) ? lo : def;
    }
    double v = config_setting_type(s) == CONFIG_TYPE_FLOAT ? config_setting_get_float(s)
                                                           : (double)config_setting_get_int64(s);
    if (!(v >= lo && v <= hi)) {
        fail(r, s, key, "value %g is out of range [%g, %g]", v, lo, hi);
        return isnan(def) ? lo : def;
    }
    return v;
}

/* libconfig 1.5 reads a whole-number literal without a trailing L into 32
 * bits, keeping the low bits (4294967297 is read as 1, 10000000000 as
 * 1410065408), and clamps one beyond 64 bits, without a word; it reads a
 * real number beyond the range of a double (1e999) as infinity.  So every
 * whole number written in a file is checked against its literal, found on
 * its line after its name: a value that differs is refused, never used; and
 * every real number must be finite. */
static bool literal_of(const struct reader *r, const config_setting_t *s, char *lit, size_t n)
{
    const char *name = config_setting_name(s), *file = config_setting_source_file(s);
    unsigned line = config_setting_source_line(s);
    if (!name || !line)
        return false;
    FILE *f = file ? fopen(include_original(&r->inc, file), "r") : fmemopen(r->inc.text, strlen(r->inc.text), "r");
    char *text = NULL;
    size_t cap = 0, nl = strlen(name);
    bool found = false;
    for (unsigned i = 1; f && getline(&text, &cap, f) >= 0; i++) {
        if (i < line)
            continue;
        for (char *p = strstr(text, name); p && !found; p = strstr(p + 1, name)) {
            if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '-'))
                continue;
            char *q = p + nl;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q != '=' && *q != ':')
                continue;
            q++;
            while (*q == ' ' || *q == '\t')
                q++;
            size_t k = 0;
            while (k + 1 < n && (isalnum((unsigned char)q[k]) || q[k] == '.' ||
                                 ((q[k] == '-' || q[k] == '+') && (k == 0 || q[k - 1] == 'e' || q[k - 1] == 'E'))))
                k++;
            memcpy(lit, q, k);
            lit[k] = '\0';
            found = k > 0;
        }
        break;
    }
    if (f)
        fclose(f);
    free(text);
    return found;
}

static void check_literals(struct reader *r, config_setting_t *g)
{
    for (int i = 0; i < config_setting_length(g) && !r->failed; i++) {
        config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        int t = config_setting_type(s);
        if (config_setting_is_group(s) || config_setting_is_aggregate(s)) {
            check_literals(r, s);
            continue;
        }
        char lit[64], key[512];
        if (t == CONFIG_TYPE_FLOAT && !isfinite(config_setting_get_float(s))) {
            /* libconfig reads 1e999 as infinity, without a word */
            setting_path(s, key, sizeof key);
            fail(r, s, key, "%s is too large for a number (at most about 1.8e308): every value in a scenario must be a "
                 "finite number", literal_of(r, s, lit, sizeof lit) ? lit : "the number written");
            continue;
        }
        if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) || !literal_of(r, s, lit, sizeof lit))
            continue;
        size_t k = strlen(lit);
        while (k > 0 && (lit[k - 1] == 'L' || lit[k - 1] == 'l'))
            lit[--k] = '\0';
        char *end;
        errno = 0;
        bool hex = lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X');
        long long v = hex ? (long long)strtoull(lit, &end, 16) : strtoll(lit, &end, 10);
        if (*end || end == lit)
            continue; /* not a plain literal: libconfig's own reading stands */
        setting_path(s, key, sizeof key);
        if (errno == ERANGE)
            fail(r, s, key, "integer beyond the 64-bit range (-2^63 to 2^63-1)");
        else if (v != config_setting_get_int64(s)) {
            const struct schema_key *sk = schema_find(key);
            bool real = sk && sk->type == SCHEMA_FLOAT && !hex;
            fail(r, s, key, "%s does not fit in 32 bits as written: write %s%s", lit, lit, real ? ".0" : "L");
        }
    }
}

static long long rd_int(struct reader *r, config_setting_t *g, const char *name, long long def,
                        long long lo, long long hi, bool required)
{
    char key[512];
    child_key(g, name, key, sizeof key);
    config_setting_t *s = member(g, name);
    if (!s) {
        if (required)
            fail(r, g, key, "missing key");
        return def;
    }
    const struct schema_key *sk = schema_find(key);
    if (sk && sk->type == SCHEMA_INT) { /* the table (schema.c) is the reference */
        lo = sk->lo <= -9.2e18 ? LLONG_MIN : (long long)sk->lo;
        hi = sk->hi >= 9.2e18 ? LLONG_MAX : (long long)sk->hi;
    }
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_FLOAT) {
        double f = config_setting_get_float(s);
        char lit[64];
        if (!literal_of(r, s, lit, sizeof lit))
            snprintf(lit, sizeof lit, f == floor(f) && fabs(f) < 1e15 ? "%.1f" : "%.17g", f);
        if (f == floor(f) && fabs(f) < 1e15) /* 3.0, 2e4: a whole number written as a real */
            fail(r, s, key, "expected an integer, got \"%s\" (a whole number is written without a decimal point or "
                            "exponent: %.0f)", lit, f);
        else
            fail(r, s, key, "expected an integer, got \"%s\"", lit);
        return def;
    }
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
        fail_type(r, s, key, 'n', "an integer");
        mark_all(s);
        return def;
    }
    long long v = config_setting_get_int64(s); /* its literal is checked (check_literals) */
    if (v < lo || v > hi) {
        fail(r, s, key, "value %lld is out of range [%lld, %lld]", v, lo, hi);
        return def;
    }
    return v;
}

static bool rd_bool(struct reader *r, config_setting_t *g, const char *name, bool def)
{
    char key[512];
    child_key(g, name, key, sizeof key);
    config_setting_t *s = member(g, name);
    if (!s)
        return def;
    if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
        fail_type(r, s, key, 'b', "true or false");
        mark_all(s);
        return def;
    }
    return config_setting_get_bool(s) != 0;
}

static const char *rd_string(struct reader *r, config_setting_t *g, const char *name,
                             const char *def)
{
    char key[512];
    child_key(g, name, key, sizeof key);
    config_setting_t *s = member(g, name);
    if (!s) {
        if (!def)
            fail(r, g, key, "missing key");
        return def;
    }
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        fail_type(r, s, key, 's', "a string in double quotes");
        mark_all(s);
        return def;
    }
    return config_setting_get_string(s);
}

static void copy_name(char *dst, const char *src)
{
    snprintf(dst, OSS_NAME_LEN, "%s", src ? src : "");
}

/* A string of at most OSS_NAME_LEN - 1 characters into out: a longer one
 * is refused, not cut (two names cut alike would be one). */
static void rd_label(struct reader *r, config_setting_t *g, const char *name, const char *def, char *out)
{
    const char *v = rd_string(r, g, name, def);
    if (v && strlen(v) >= OSS_NAME_LEN) {
        char key[512];
        child_key(g, name, key, sizeof key);
        fail(r, config_setting_get_member(g, name), key, "longer than %d characters", OSS_NAME_LEN - 1);
        v = def;
    }
    copy_name(out, v);
}

/* libconfig's "duplicate setting name" says neither which: the setting named
 * on that line of the file (the one named twice there, if any; else the
 * first).  False when the line holds no "NAME =" or "NAME :". */
static bool duplicate_on_line(const char *file, int line, char *out, size_t n)
{
    FILE *f = fopen(file, "r");
    char *buf = NULL;
    size_t cap = 0;
    bool found = false;
    for (int i = 1; f && getline(&buf, &cap, f) >= 0; i++) {
        if (i < line)
            continue;
        char names[16][OSS_KEY_LEN];
        int k = 0;
        for (const char *p = buf; *p && k < 16;) {
            if (*p == '"') { /* skip a string: its text names nothing */
                for (p++; *p && *p != '"'; p++)
                    if (*p == '\\' && p[1])
                        p++;
                p += *p == '"';
                continue;
            }
            if (*p == '#' || (p[0] == '/' && (p[1] == '/' || p[1] == '*')))
                break;
            if (!isalpha((unsigned char)*p) && *p != '*') {
                p++;
                continue;
            }
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '*')
                p++;
            const char *q = p + strspn(p, " \t");
            if ((*q == '=' || *q == ':') && (size_t)(p - s) < OSS_KEY_LEN)
                snprintf(names[k++], OSS_KEY_LEN, "%.*s", (int)(p - s), s);
        }
        for (int a = 0; a < k && !found; a++)
            for (int b = a + 1; b < k && !found; b++)
                if (strcmp(names[a], names[b]) == 0) {
                    snprintf(out, n, "%.100s", names[a]);
                    found = true;
                }
        if (!found && k > 0) {
            snprintf(out, n, "%.100s", names[0]);
            found = true;
        }
        break;
    }
    free(buf);
    if (f)
        fclose(f);
    return found;
}

/* A family's name must say which family it is: not empty, and neither the
 * name nor the key of an earlier family (families.csv labels rows by name;
 * policies and targets name a family by its key or its name). */
static void check_family_name(struct reader *r, config_setting_t *f, const char *key, const struct family_spec *fam,
                              char seen_key[][OSS_NAME_LEN], char seen_name[][OSS_NAME_LEN], int i)
{
    config_setting_t *ns = config_setting_get_member(f, "name");
    char nk[600];
    snprintf(nk, sizeof nk, "%.500s.name", key);
    bool blank = true;
    for (const char *c = fam->name; *c; c++)
        blank = blank && (*c == ' ' || *c == '\t');
    if (blank)
        fail(r, ns ? ns : f, nk, "empty: a family's name labels its rows in families.csv");
    for (int j = 0; !blank && j < i; j++) {
        const char *clash = strcmp(fam->name, seen_name[j]) == 0 ? "name" : strcmp(fam->name, seen_key[j]) == 0 ? "key" : NULL;
        if (clash || strcmp(fam->key, seen_name[j]) == 0) {
            fail(r, clash && ns ? ns : f, clash ? nk : key,
                 "%s \"%s\" is also the %s of families.%s: each family needs its own name and key (the name labels "
                 "its rows in families.csv; policies and targets name a family by either)",
                 clash ? "the name" : "the key", clash ? fam->name : fam->key, clash ? clash : "name", seen_key[j]);
            break;
        }
    }
    copy_name(seen_key[i], fam->key);
    copy_name(seen_name[i], fam->name);
}

static int lookup_name(const char *const *names, int n, const char *v)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], v) == 0)
            return i;
    return -1;
}

static void list_names(const char *const *names, int n, char *buf, size_t len)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        size_t u = strlen(buf);
        snprintf(buf + u, len - u, "%s%s", i ? ", " : "", names[i]);
    }
}

/* One of names; def < 0 makes it required. */
static int rd_enum(struct reader *r, config_setting_t *g, const char *name,
                   const char *const *names, int n, int def)
{
    const char *v = rd_string(r, g, name, def < 0 ? NULL : names[def]);
    if (!v)
        return def < 0 ? 0 : def;
    int i = lookup_name(names, n, v);
    if (i < 0) {
        char key[512], all[256];
        child_key(g, name, key, sizeof key);
        list_names(names, n, all, sizeof all);
        fail(r, config_setting_get_member(g, name), key, "unknown name \"%s\" (expected one of: %s)",
             v, all);
        return def < 0 ? 0 : def;
    }
    return i;
}

/* A month "YYYY-MM" inside [lo, hi]; def < 0 makes it required. */
static int rd_month(struct reader *r, config_setting_t *g, const char *name, int def, int lo,
                    int hi)
{
    config_setting_t *ms = member(g, name);
    if (ms && config_setting_type(ms) != CONFIG_TYPE_STRING) {
        char key[512];
        child_key(g, name, key, sizeof key);
        fail_type(r, ms, key, 'm', "a month \"YYYY-MM\" in double quotes");
        mark_all(ms);
        return def < 0 ? lo : def;
    }
    const char *v = rd_string(r, g, name, def < 0 ? NULL : "");
    if (!v || !v[0])
        return def < 0 ? lo : def;
    char key[512];
    child_key(g, name, key, sizeof key);
    config_setting_t *s = config_setting_get_member(g, name);
    int m;
    if (!month_parse(v, &m)) {
        fail(r, s, key, "expected a month \"YYYY-MM\", got \"%s\"%s", v, month_why(v));
        return def < 0 ? lo : def;
    }
    if (m < lo || m > hi) {
        char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
        fail(r, s, key, "month %s is outside the horizon %s to %s", v, month_format(lo, a),
             month_format(hi, b));
        return def < 0 ? lo : def;
    }
    return m;
}

/* A list of names ["US", "EU"] into flags; absent means all. */
static void rd_name_set(struct reader *r, config_setting_t *g, const char *name,
                        const char *const *names, int n, bool *flags)
{
    char key[512];
    child_key(g, name, key, sizeof key);
    config_setting_t *s = member(g, name);
    for (int i = 0; i < n; i++)
        flags[i] = (s == NULL);
    if (!s)
        return;
    if (!config_setting_is_array(s) && !config_setting_is_list(s)) {
        fail(r, s, key, "expected a list of names like [\"%s\"]", names[0]);
        mark_all(s);
        return;
    }
    for (int k = 0; k < config_setting_length(s); k++) {
        config_setting_t *e = config_setting_get_elem(s, (unsigned)k);
        config_setting_set_hook(e, &read_mark);
        const char *v = config_setting_type(e) == CONFIG_TYPE_STRING ? config_setting_get_string(e)
                                                                     : NULL;
        int i = v ? lookup_name(names, n, v) : -1;
        if (i < 0) {
            char all[256];
            list_names(names, n, all, sizeof all);
            fail(r, s, key, "unknown name \"%s\" (expected one of: %s)", v ? v : "?", all);
            return;
        }
        flags[i] = true;
    }
}

/* An origin name, or "foreign"/"none" mapped to -1 when allowed. */
static int rd_origin(struct reader *r, config_setting_t *g, const char *name, const char *alt,
                     int def)
{
    const char *v = rd_string(r, g, name, def == -2 ? NULL : (def < 0 ? alt : region_names[def]));
    if (!v)
        return 0;
    if (alt && strcmp(v, alt) == 0)
        return -1;
    int i = lookup_name(region_names, N_REGIONS, v);
    if (i < 0) {
        char key[512], all[256];
        child_key(g, name, key, sizeof key);
        list_names(region_names, N_REGIONS, all, sizeof all);
        fail(r, config_setting_get_member(g, name), key,
             "unknown origin \"%s\" (expected one of: %s%s%s)", v, all, alt ? ", " : "",
             alt ? alt : "");
        return 0;
    }
    return i;
}

/* ---- reading by the table (schema.c) -------------------------------- */

/* The index of v among a row's ", "-separated choices, or -1. */
static int choice_index(const char *choices, const char *v, size_t len)
{
    int i = 0;
    for (const char *c = choices; c && *c; i++) {
        size_t l = strcspn(c, ",");
        if (l == len && strncmp(c, v, len) == 0)
            return i;
        c += l;
        while (*c == ',' || *c == ' ')
            c++;
    }
    return -1;
}

/* Reads one scalar key of group g (NULL: absent, so its default) by its row
 * of the table: its type, range, default and whether it is required.  The
 * value goes to out, a field of `size` bytes: a double (float), an int,
 * long or int64 (int), a bool (bool), or an int holding the index of the
 * name among the row's choices (name, which must list them in the order of
 * the field's enum).  path is the group's path, for a group that is absent. */
static void rd_key(struct reader *r, config_setting_t *g, const char *path, const char *name, void *out,
                   size_t size)
{
    char key[512];
    snprintf(key, sizeof key, "%s.%s", path, name);
    const struct schema_key *k = schema_find(key);
    if (!k) { /* every key the loader reads by the table has a row: this is the program's error */
        fail(r, g, key, "internal error: no row in the table of keys");
        return;
    }
    switch (k->type) {
    case SCHEMA_FLOAT: {
        double v = rd_float(r, g, name, k->required ? NAN : k->def, k->lo, k->hi);
        if (size == sizeof v)
            memcpy(out, &v, sizeof v);
        break;
    }
    case SCHEMA_INT: {
        long long lo = k->lo <= -9.2e18 ? LLONG_MIN : (long long)k->lo, hi = k->hi >= 9.2e18 ? LLONG_MAX : (long long)k->hi;
        long long v = rd_int(r, g, name, (long long)k->def, lo, hi, k->required);
        if (size == sizeof(int)) {
            int i = (int)v;
            memcpy(out, &i, sizeof i);
        } else if (size == sizeof v) {
            memcpy(out, &v, sizeof v);
        }
        break;
    }
    case SCHEMA_BOOL: {
        bool v = rd_bool(r, g, name, k->def != 0);
        if (size == sizeof v)
            memcpy(out, &v, sizeof v);
        break;
    }
    case SCHEMA_NAME: {
        const char *names[16];
        int n = 0;
        char buf[256];
        snprintf(buf, sizeof buf, "%s", k->choices ? k->choices : "");
        for (char *save = NULL, *c = strtok_r(buf, ", ", &save); c && n < 16; c = strtok_r(NULL, ", ", &save))
            names[n++] = c;
        int def = k->required || !k->def_text ? -1 : choice_index(k->choices, k->def_text, strlen(k->def_text));
        int v = rd_enum(r, g, name, names, n, def);
        if (size == sizeof v)
            memcpy(out, &v, sizeof v);
        break;
    }
    default:
        fail(r, g, key, "internal error: a %s is not read by the table", schema_type_name(k->type));
    }
}

/* A number whose default depends on other settings (def; NAN: required):
 * its range from the table, like every number. */
static double rd_number(struct reader *r, config_setting_t *g, const char *name, double def)
{
    return rd_float(r, g, name, def, -HUGE_VAL, HUGE_VAL); /* the row's range replaces these */
}

/* Where a key read by the table lands: a field of the struct being filled. */
struct binding {
    const char *name; /* the key in its group */
    size_t off, size;
};
#define BIND(type, name, field) {name, offsetof(type, field), sizeof(((type *)0)->field)}

/* Reads the keys of bindings b[0..n) of group g (path: its path) into the
 * struct at base, in the table's order. */
static void rd_bound(struct reader *r, config_setting_t *g, const char *path, void *base,
                     const struct binding *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rd_key(r, g, path, b[i].name, (char *)base + b[i].off, b[i].size);
}
#define RD_BOUND(r, g, path, base, table) rd_bound(r, g, path, base, table, sizeof table / sizeof table[0])

/* agents.NAME = { dist; mean; sd; }: kind, mean and sd by the table */
static struct dist rd_dist(struct reader *r, config_setting_t *g, const char *name)
{
    char key[512];
    child_key(g, name, key, sizeof key);
    struct dist d;
    memset(&d, 0, sizeof d); /* whole, padding too: a loaded scenario compares byte for byte */
    config_setting_t *s = rd_group(r, g, name, false);
    int kind;
    rd_key(r, s, key, "dist", &kind, sizeof kind);
    d.kind = (enum dist_kind)kind;
    rd_key(r, s, key, "mean", &d.mean, sizeof d.mean);
    rd_key(r, s, key, "sd", &d.sd, sizeof d.sd);
    if (!s)
        return d;
    if (d.sd > 0 && (d.kind == DIST_LOGNORMAL || d.kind == DIST_GAMMA) && d.mean <= 0)
        fail(r, s, key, "a %s distribution needs mean > 0", dist_names[d.kind]);
    if (d.kind == DIST_BETA && d.sd > 0 &&
        !(d.mean > 0 && d.mean < 1 && d.sd * d.sd < d.mean * (1 - d.mean)))
        fail(r, s, key, "a beta distribution needs 0 < mean < 1 and sd^2 < mean (1 - mean)");
    return d;
}

/* Shares by name that must sum to one. */
static void rd_shares(struct reader *r, config_setting_t *g, const char *name,
                      const char *const *names, int n, double *out)
{
    config_setting_t *s = rd_group(r, g, name, false);
    if (!s)
        return;
    char key[512];
    child_key(g, name, key, sizeof key);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        rd_key(r, s, key, names[i], &out[i], sizeof out[i]);
        sum += out[i];
    }
    if (fabs(sum - 1) > 1e-6)
        fail(r, s, key, "shares sum to %g, not 1", sum);
}

static void rd_window(struct reader *r, config_setting_t *g, const struct scenario *sc,
                      int *start, int *end)
{
    *start = rd_month(r, g, "start", sc->start, sc->start, sc->end);
    *end = rd_month(r, g, "end", sc->end, sc->start, sc->end);
    if (*end < *start) {
        char key[512];
        child_key(g, "end", key, sizeof key);
        fail(r, config_setting_get_member(g, "end"), key, "ends before it starts");
    }
}

/* ---- overrides ------------------------------------------------------- */

/* Edit distance of a and b (insertions, deletions, substitutions and
 * transpositions of neighbours, each 1), for names up to 63 characters. */
static int name_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 99;
    int d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[n][m];
}

/* " (did you mean KEY?)" for an unknown key that is a typo of one the model
 * has in the same group (a distance of at most 2, and less than half the
 * name), else "". */
static void suggest_key(const char *key, char *buf, size_t n)
{
    buf[0] = '\0';
    const char *dot = strrchr(key, '.');
    const char *name = dot ? dot + 1 : key;
    size_t pl = dot ? (size_t)(dot - key) : 0;
    int best = 3;
    for (size_t i = 0; i < schema_n_keys; i++) {
        const char *p = schema_keys[i].path, *last = strrchr(p, '.');
        last = last ? last + 1 : p;
        if (strcmp(last, "*") == 0 || strchr(last, '['))
            continue;
        char cand[600];
        snprintf(cand, sizeof cand, "%.*s%s%s", (int)pl, key, pl ? "." : "", last);
        int dist = name_distance(name, last);
        if (dist < best && 2 * dist < (int)strlen(name) && schema_find(cand) == &schema_keys[i]) {
            best = dist;
            snprintf(buf, n, " (did you mean %.300s?)", cand);
        }
    }
}

/* " (did you mean NAME?)" for an unknown family that is a typo of a member
 * of the file's families group, else "". */
static void suggest_family(const config_setting_t *families, const char *name, char *buf, size_t n)
{
    buf[0] = '\0';
    int best = 3;
    for (int f = 0; families && f < config_setting_length(families); f++) {
        const char *k = config_setting_name(config_setting_get_elem(families, (unsigned)f));
        int dist = k ? name_distance(name, k) : 99;
        if (dist < best && 2 * dist < (int)strlen(name)) {
            best = dist;
            snprintf(buf, n, " (did you mean %.100s?)", k);
        }
    }
}

static bool valid_key(const char *k)
{
    if (!*k)
        return false;
    for (const char *p = k; *p; p++) {
        bool start = (p == k || p[-1] == '.');
        if (*p == '.') {
            if (start || !p[1])
                return false;
        } else if (!(isalpha((unsigned char)*p) ||
                     (!start && (*p == '_' || isdigit((unsigned char)*p) || *p == '-'))))
            return false; /* libconfig's names: a letter, then letters, digits, '_' or '-' */
    }
    return true;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static bool parse_ll(const char *v, long long *out)
{
    char *end;
    errno = 0;
    *out = strtoll(v, &end, 10);
    return *v && !*end && errno == 0;
}

static bool parse_double(const char *v, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(v, &end);
    /* an underflow (1e-999) is read as libconfig reads it in a file: 0 or
     * nearly; an overflow or nan is refused (not_finite says why) */
    return *v && !*end && (errno == 0 || fabs(*out) < 1) && isfinite(*out);
}

/* For a value strtod reads as a number that is not finite (nan, inf,
 * 1e999): the message, as a file's gets it. */
static bool not_finite(const char *v, char *msg, size_t n)
{
    char *end;
    double x = strtod(v, &end);
    if (!*v || *end || isfinite(x))
        return false;
    const char *c = v + strspn(v, "+-");
    if (isdigit((unsigned char)*c) || *c == '.')
        snprintf(msg, n, "%.100s is too large for a number (at most about 1.8e308): every value in a scenario must be "
                         "a finite number", v);
    else
        snprintf(msg, n, "%.100s is not a number: every value in a scenario must be a finite number", v);
    return true;
}

/* Applies one "KEY=VALUE" to the tree.  wh is "-s" or "FILE:LINE: overrides". */
/* config_setting_add, which refuses a name libconfig would not parse: then
 * an error naming the override, never a NULL setting. */
static config_setting_t *add_member(struct reader *r, const char *key, config_setting_t *g,
                                    const char *name, int type)
{
    config_setting_t *s = config_setting_add(g, name, type);
    if (!s)
        fail(r, NULL, key, "\"%s\" cannot be a key name (a letter, then letters, digits, '_' or '-')", name);
    return s;
}

static void apply_override(struct reader *r, const char *text, const char *wh, char *keybuf,
                           size_t keylen, bool under)
{
    char buf[1024];
    if (strlen(text) >= sizeof buf) {
        override_where(r, wh, text, r->err, sizeof r->err);
        snprintf(r->err + strlen(r->err), sizeof r->err - strlen(r->err),
                 "...: longer than %zu characters", sizeof buf - 1);
        r->failed = true;
        return;
    }
    snprintf(buf, sizeof buf, "%s", text);
    /* one line: the manifest records every override on one line */
    for (char *c = buf; *c; c++)
        if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7f) {
            for (char *d = buf; *d; d++)
                if (((unsigned char)*d < 0x20 && *d != '\t') || *d == 0x7f)
                    *d = '?';
            override_where(r, wh, buf, r->err, sizeof r->err);
            strncat(r->err, ": holds a line break or another control character (shown as ?): write it on one line",
                    sizeof r->err - strlen(r->err) - 1);
            r->failed = true;
            return;
        }
    char *eq = strchr(buf, '=');
    if (!eq) {
        override_where(r, wh, text, r->err, sizeof r->err);
        strncat(r->err, ": expected KEY=VALUE", sizeof r->err - strlen(r->err) - 1);
        r->failed = true;
        return;
    }
    *eq = '\0';
    char *key = trim(buf), *val = trim(eq + 1);
    if (!valid_key(key)) {
        char w[OSS_ERR_LEN];
        override_where(r, wh, text, w, sizeof w);
        snprintf(r->err, sizeof r->err, "%.700s: malformed key \"%.200s\" (expected a path like agents.count)", w, key);
        r->failed = true;
        return;
    }
    if (!*val) {
        char w[OSS_ERR_LEN];
        override_where(r, wh, text, w, sizeof w);
        snprintf(r->err, sizeof r->err, "%.700s: %.200s: missing value", w, key);
        r->failed = true;
        return;
    }
    if (under) /* a fitted value gives way to an override of the same key */
        for (int k = 0; k < r->n_ov; k++)
            if (strcmp(r->ov_key[k], key) == 0)
                return;
    snprintf(keybuf, keylen, "%s", key);
    int i = r->n_ov++; /* at most OSS_MAX_OVERRIDES: checked by scenario_load */
    r->ov_key[i] = keybuf;
    r->ov_text[i] = text;
    r->ov_where[i] = wh;

    config_setting_t *g = config_root_setting(&r->cfg);
    char *save = NULL, *part = strtok_r(key, ".", &save);
    char *next;
    while ((next = strtok_r(NULL, ".", &save)) != NULL) {
        config_setting_t *c = config_setting_get_member(g, part);
        if (!c && config_setting_parent(g) == config_root_setting(&r->cfg) &&
            strcmp(config_setting_name(g), "families") == 0) {
            char fk[600], hint[160];
            snprintf(fk, sizeof fk, "families.%.500s", part);
            suggest_family(g, part, hint, sizeof hint);
            fail(r, NULL, fk, "unknown family \"%s\"%s", part, hint);
            return;
        }
        if (!c) {
            c = add_member(r, keybuf, g, part, CONFIG_TYPE_GROUP);
            if (!c)
                return;
            char gp[512];
            setting_path(c, gp, sizeof gp);
            if (strncmp(gp, "policy.", 7) == 0 && !strchr(gp + 7, '.') && r->n_created < OSS_MAX_CREATED) {
                /* a policy block: its defaults are listed once it is read */
                snprintf(r->created[r->n_created], sizeof r->created[0], "%.60s", gp + 7);
                override_where(r, wh, text, r->created_by[r->n_created], sizeof r->created_by[0]);
                r->n_created++;
            } else if (strcmp(gp, "policy") != 0) {
                add_note(r, "%.300s '%.300s' adds %.300s, which the scenario does not have; its other keys take their defaults",
                         wh, text, gp);
            }
        }
        else if (!config_setting_is_group(c)) {
            fail(r, NULL, keybuf, "\"%s\" is not a group", part);
            return;
        }
        g = c;
        part = next;
    }
    config_setting_t *s = config_setting_get_member(g, part);
    int type;
    long long iv = 0;
    double fv = 0;
    /* true or false in any case, as libconfig reads them in a file */
    bool is_bool = strcasecmp(val, "true") == 0 || strcasecmp(val, "false") == 0;
    size_t vl = strlen(val);
    bool quoted = vl >= 2 && val[0] == '"' && val[vl - 1] == '"';
    if (quoted) {
        val[vl - 1] = '\0';
        val++;
    }
    /* the table types the value (schema.h): a float key takes "2" as 2.0, an
     * int key "2e4" as 20000, a string, name or month key any text; a key
     * the table does not have is typed like the setting it replaces, or by
     * its text (and then reported as unknown by the reader) */
    const struct schema_key *sk = schema_find(keybuf);
    int want = -1;
    if (sk)
        switch (sk->type) {
        case SCHEMA_FLOAT: want = CONFIG_TYPE_FLOAT; break;
        case SCHEMA_INT: want = CONFIG_TYPE_INT; break;
        case SCHEMA_BOOL: want = CONFIG_TYPE_BOOL; break;
        case SCHEMA_STRING:
        case SCHEMA_NAME:
        case SCHEMA_MONTH: want = CONFIG_TYPE_STRING; break;
        case SCHEMA_GROUP:
        case SCHEMA_LIST:
        case SCHEMA_NAMES:
            fail(r, NULL, keybuf, "is a group or list; set one of its keys");
            return;
        }
    if (s && (config_setting_is_group(s) || config_setting_is_aggregate(s))) {
        fail(r, NULL, keybuf, "is a group or list; set one of its keys");
        return;
    }
    if (s && want >= 0 && config_setting_type(s) != want &&
        !(want == CONFIG_TYPE_INT && config_setting_type(s) == CONFIG_TYPE_INT64)) {
        config_setting_remove(g, part); /* written with another type: replaced by one of the table's */
        s = NULL;
    }
    if (want >= 0) {
        type = want;
    } else if (s) {
        type = config_setting_type(s);
    } else if (quoted) {
        type = CONFIG_TYPE_STRING;
    } else if (is_bool) {
        type = CONFIG_TYPE_BOOL;
    } else if (parse_ll(val, &iv)) {
        type = (iv > INT_MAX || iv < INT_MIN) ? CONFIG_TYPE_INT64 : CONFIG_TYPE_INT;
    } else if (parse_double(val, &fv)) {
        type = CONFIG_TYPE_FLOAT;
    } else {
        type = CONFIG_TYPE_STRING;
    }
    if ((s || sk) && type != CONFIG_TYPE_STRING && quoted) {
        fail(r, NULL, keybuf, "expected %s, got a string", type == CONFIG_TYPE_BOOL ? "true or false" : "a number");
        return;
    }
    switch (type) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        if (!parse_ll(val, &iv)) {
            if (parse_double(val, &fv) && fv == floor(fv) && fabs(fv) < 9e18) {
                iv = (long long)fv;
            } else if (s && !sk && parse_double(val, &fv)) {
                /* a real value for a setting written as a whole number: the
                 * reader, which knows the key, decides whether it may be one */
                config_setting_remove(g, part);
                s = add_member(r, keybuf, g, part, CONFIG_TYPE_FLOAT);
                if (s)
                    config_setting_set_float(s, fv);
                break;
            } else {
                fail(r, NULL, keybuf, "expected an integer, got \"%s\"", val);
                return;
            }
        }
        if (!s)
            s = add_member(r, keybuf, g, part, type);
        if (type == CONFIG_TYPE_INT && (iv > INT_MAX || iv < INT_MIN)) {
            config_setting_remove(g, part);
            s = add_member(r, keybuf, g, part, CONFIG_TYPE_INT64);
        }
        if (s)
            config_setting_set_int64(s, iv);
        break;
    case CONFIG_TYPE_FLOAT:
        if (!parse_double(val, &fv)) {
            char why[300];
            if (not_finite(val, why, sizeof why) || syntax_number_hint(val, why, sizeof why))
                fail(r, NULL, keybuf, "%s", why);
            else
                fail(r, NULL, keybuf, "expected a number, got \"%s\"", val);
            return;
        }
        if (!s)
            s = add_member(r, keybuf, g, part, type);
        if (s)
            config_setting_set_float(s, fv);
        break;
    case CONFIG_TYPE_BOOL:
        if (!is_bool) {
            fail(r, NULL, keybuf, "expected true or false, got \"%s\"", val);
            return;
        }
        if (!s)
            s = add_member(r, keybuf, g, part, type);
        if (s)
            config_setting_set_bool(s, strcasecmp(val, "true") == 0);
        break;
    default:
        if (s && !sk && !quoted && (is_bool || parse_double(val, &fv))) {
            fail(r, NULL, keybuf, "expected a string, got \"%s\"", val);
            return;
        }
        if (!s)
            s = add_member(r, keybuf, g, part, CONFIG_TYPE_STRING);
        if (s)
            config_setting_set_string(s, val);
        break;
    }
}

/* ---- the unknown-key walk -------------------------------------------- */

static void find_unread(struct reader *r, config_setting_t *s, char *err)
{
    if (err[0])
        return;
    if (config_setting_parent(s) && config_setting_get_hook(s) != &read_mark &&
        config_setting_name(s)) {
        char key[512], w[OSS_PATH_LEN + 300];
        setting_path(s, key, sizeof key);
        where(r, s, key, w, sizeof w);
        char hint[400];
        suggest_key(key, hint, sizeof hint);
        snprintf(err, OSS_ERR_LEN, "%.500s: %.200s: unknown key%.300s", w, key, hint);
        return;
    }
    if (config_setting_is_group(s) || config_setting_is_list(s))
        for (int i = 0; i < config_setting_length(s); i++)
            find_unread(r, config_setting_get_elem(s, (unsigned)i), err);
}

/* ---- the scenario ---------------------------------------------------- */

/* families.<key>.releases = ( { date; quality; price; cost; note; }, ... ):
 * dated releases in month order; dates may precede the horizon. */
static void rd_releases(struct reader *r, config_setting_t *f, const char *fkey, struct family_spec *fam)
{
    config_setting_t *rs = member(f, "releases");
    fam->n_releases = 0;
    if (!rs)
        return;
    char key[600];
    snprintf(key, sizeof key, "%s.releases", fkey);
    int n = config_setting_is_list(rs) ? config_setting_length(rs) : -1;
    if (n < 1 || n > OSS_MAX_RELEASES) {
        if (n < 0)
            fail(r, rs, key, "expected a list ( { date = ...; quality = ...; }, ... )");
        else
            fail(r, rs, key, "expected 1 to %d releases", OSS_MAX_RELEASES);
        for (int i = 0; i < config_setting_length(rs); i++)
            config_setting_set_hook(config_setting_get_elem(rs, (unsigned)i), &read_mark);
        return;
    }
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(rs, (unsigned)i);
        config_setting_set_hook(e, &read_mark);
        char ekey[512];
        setting_path(e, ekey, sizeof ekey);
        if (!config_setting_is_group(e)) {
            fail(r, e, ekey, "expected a group { date = ...; quality = ...; }");
            continue;
        }
        struct release *rl = &fam->releases[fam->n_releases];
        rl->month = rd_month(r, e, "date", -1, month_make(1900, 1), month_make(2199, 12));
        static const struct binding keys[] = {
            BIND(struct release, "quality", quality),
            BIND(struct release, "price", price),
            BIND(struct release, "cost", cost),
        };
        RD_BOUND(r, e, ekey, rl, keys);
        copy_name(rl->note, rd_string(r, e, "note", ""));
        if (fam->n_releases > 0 && rl->month <= fam->releases[fam->n_releases - 1].month) {
            char k2[600];
            snprintf(k2, sizeof k2, "%s.date", ekey);
            fail(r, config_setting_get_member(e, "date"), k2, "releases must be in date order, one a month");
        }
        if (rl->price > 0 && fam->access == ACCESS_OPEN) {
            char k2[600];
            snprintf(k2, sizeof k2, "%s.price", ekey);
            fail(r, config_setting_get_member(e, "price"), k2,
                 "an open family's price is set by its hosts: give its cost instead");
        }
        fam->n_releases++;
    }
}

static void rd_families(struct reader *r, config_setting_t *root, struct scenario *sc)
{
    config_setting_t *fs = rd_group(r, root, "families", true);
    if (!fs)
        return;
    config_setting_t *supply = config_setting_get_member(root, "supply");
    bool open_weights = true;
    if (supply) {
        config_setting_t *ow = config_setting_get_member(supply, "open_weights");
        if (ow && config_setting_type(ow) == CONFIG_TYPE_BOOL)
            open_weights = config_setting_get_bool(ow);
    }
    int n = config_setting_length(fs);
    if (n < 1) {
        fail(r, fs, "families", "at least one family is needed");
        return;
    }
    if (n > OSS_MAX_FAMILIES) {
        fail(r, fs, "families", "%d families, at most %d are supported", n, OSS_MAX_FAMILIES);
        mark_all(fs);
        return;
    }
    sc->n_families = 0;
    /* every family's key and name so far: a name labels the family's rows
     * in families.csv and names it in policies and targets (key or name) */
    char seen_key[OSS_MAX_FAMILIES][OSS_NAME_LEN], seen_name[OSS_MAX_FAMILIES][OSS_NAME_LEN];
    for (int i = 0; i < n; i++) {
        config_setting_t *f = config_setting_get_elem(fs, (unsigned)i);
        config_setting_set_hook(f, &read_mark);
        char key[512];
        setting_path(f, key, sizeof key);
        if (!config_setting_is_group(f)) {
            fail(r, f, key, "expected a group { ... }");
            mark_all(f);
            seen_key[i][0] = seen_name[i][0] = '\0';
            continue;
        }
        struct family_spec fam;
        memset(&fam, 0, sizeof fam);
        if (strlen(config_setting_name(f)) >= OSS_NAME_LEN)
            fail(r, f, key, "a family key has at most %d characters", OSS_NAME_LEN - 1);
        copy_name(fam.key, config_setting_name(f));
        rd_label(r, f, "name", fam.key, fam.name);
        check_family_name(r, f, key, &fam, seen_key, seen_name, i);
        rd_label(r, f, "vendor", fam.name, fam.vendor);
        rd_label(r, f, "tier", "flagship", fam.tier);
        fam.origin = (enum region)rd_origin(r, f, "origin", NULL, -2);
        rd_key(r, f, key, "access", &fam.access, sizeof fam.access);
        /* an entry before the horizon: on the market from its start; after
         * it: never on the market in this run (with a note) */
        fam.entry = rd_month(r, f, "entry", sc->start, month_make(1900, 1), month_make(2199, 12));
        bool late = fam.entry > sc->end;
        if (fam.entry < sc->start)
            fam.entry = sc->start;
        rd_releases(r, f, key, &fam);
        /* with releases, the quality at entry is the latest release's */
        int first = fam.entry > sc->start ? fam.entry : sc->start;
        bool released = fam.n_releases > 0 && fam.releases[0].month <= first;
        if (fam.n_releases > 0 && !released && !late && !config_setting_get_member(f, "quality")) {
            char k2[600];
            snprintf(k2, sizeof k2, "%s.quality", key);
            fail(r, f, k2, "missing key (no release on or before the family's first month)");
        }
        fam.quality = rd_number(r, f, "quality", released || fam.n_releases > 0 ? 0 : NAN);
        int given = 0; /* the latest release on or before the first month sets the quality there */
        for (int k = 0; released && k < fam.n_releases && fam.releases[k].month <= first; k++)
            given = k;
        if (released && config_setting_get_member(f, "quality")) {
            char k2[600], d[MONTH_STR_LEN];
            snprintf(k2, sizeof k2, "%s.quality", key);
            fail(r, config_setting_get_member(f, "quality"), k2,
                 "has no effect: the release of %s (quality %g) sets the family's quality in its first month; "
                 "change that release's quality instead, or leave this key out",
                 month_format(fam.releases[given].month, d), fam.releases[given].quality);
        }
        if (released)
            fam.quality = fam.releases[given].quality;
        rd_key(r, f, key, "cost", &fam.cost, sizeof fam.cost);
        fam.price = rd_number(r, f, "price", fam.access == ACCESS_CLOSED ? NAN : 0); /* required when closed */
        static const struct binding keys[] = {
            BIND(struct family_spec, "pricing", pricing),
            BIND(struct family_spec, "appeal", appeal),
            BIND(struct family_spec, "awareness", awareness),
        };
        RD_BOUND(r, f, key, &fam, keys);
        if (fam.access == ACCESS_CLOSED && fam.price > 0 && fam.price < fam.cost) {
            char k2[600];
            snprintf(k2, sizeof k2, "%s.price", key);
            fail(r, config_setting_get_member(f, "price"), k2,
                 "price %g is below marginal cost %g", fam.price, fam.cost);
        }
        /* a release's price against the marginal cost in its month: its own cost, or the cost
         * path it joins (the family's, or an earlier release's, falling by supply.cost_decline;
         * a cost that rises is left to the check of supply.cost_decline) */
        double c0 = fam.cost;
        int k0 = fam.entry;
        for (int i = 0; i < fam.n_releases && fam.access == ACCESS_CLOSED; i++) {
            const struct release *rl = &fam.releases[i];
            int at = rl->month > sc->start ? rl->month : sc->start;
            if (rl->cost > 0) {
                c0 = rl->cost;
                k0 = at;
            }
            double c = c0 * pow(1 - fmax(0, sc->cost_decline), at > k0 ? at - k0 : 0);
            if (rl->price > 0 && rl->price < c) {
                config_setting_t *e = config_setting_get_elem(config_setting_get_member(f, "releases"), (unsigned)i);
                char k2[600];
                setting_path(e, k2, sizeof k2);
                strcat(k2, ".price");
                fail(r, config_setting_get_member(e, "price"), k2,
                     "price %g is below the marginal cost %.4g of the release's month", rl->price, c);
            }
        }
        fam.channel = fam.access == ACCESS_OPEN ? CHANNEL_HOSTED : CHANNEL_API;
        fam.first_party = -1;
        config_setting_t *fp = rd_group(r, f, "first_party", false);
        struct family_spec api = fam; /* the developer's own API, read before any is dropped */
        if (fp) {
            api.channel = CHANNEL_FIRST_PARTY;
            /* the appeal first: an appeal out of range is reported before a missing price */
            api.appeal = rd_number(r, fp, "appeal", fam.appeal);
            char fk[600];
            snprintf(fk, sizeof fk, "%.500s.first_party", key);
            rd_key(r, fp, fk, "price", &api.price, sizeof api.price);
            snprintf(api.key, sizeof api.key, "%.40s.first_party", fam.key);
        }
        if (fp && fam.access != ACCESS_OPEN) {
            char k2[600];
            snprintf(k2, sizeof k2, "%s.first_party", key);
            fail(r, fp, k2, "only an open family has a first-party channel (a closed family is its vendor's API)");
        }
        if (late && !r->failed) {
            char e[MONTH_STR_LEN], h[MONTH_STR_LEN];
            add_note(r, "%.200s.entry: %s is after the horizon's end %s, so %.64s never enters", key,
                     month_format(fam.entry, e), month_format(sc->end, h), fam.name);
        }
        if ((fam.access == ACCESS_OPEN && !open_weights) || late) {
            /* supply.open_weights = false (the world without open models), or
             * an entry after the horizon: the family is not in this world */
            copy_name(r->dropped[r->n_dropped], fam.key); /* n <= OSS_MAX_FAMILIES, checked above */
            copy_name(r->dropped_name[r->n_dropped++], fam.name);
            continue;
        }
        if (sc->n_families + (fp ? 2 : 1) > OSS_MAX_FAMILIES) {
            fail(r, fp ? fp : f, key, "more than %d options (families and their first-party channels)",
                 OSS_MAX_FAMILIES);
            continue;
        }
        fam.model = sc->n_families;
        if (fp)
            fam.first_party = sc->n_families + 1;
        sc->families[sc->n_families++] = fam;
        if (fp) {
            api.model = fam.model;
            api.first_party = -1;
            sc->families[sc->n_families++] = api;
        }
    }
    if (sc->n_families == 0 && !r->failed)
        fail(r, fs, "families", "no family is left: supply.open_weights = false drops them all");
}

static void rd_agents(struct reader *r, config_setting_t *root, struct scenario *sc)
{
    config_setting_t *a = rd_group(r, root, "agents", true);
    if (!a)
        return;
    rd_key(r, a, "agents", "count", &sc->n_agents, sizeof sc->n_agents);
    for (int i = 0; i < N_REGIONS; i++)
        sc->region_share[i] = 1.0 / N_REGIONS;
    for (int i = 0; i < N_SEGMENTS; i++)
        sc->segment_share[i] = 1.0 / N_SEGMENTS;
    rd_shares(r, a, "regions", region_names, N_REGIONS, sc->region_share);
    rd_shares(r, a, "segments", segment_names, N_SEGMENTS, sc->segment_share);
    sc->volume = rd_dist(r, a, "volume");
    sc->alpha = rd_dist(r, a, "alpha");
    sc->beta = rd_dist(r, a, "beta");
    sc->openness = rd_dist(r, a, "openness");
    sc->distrust = rd_dist(r, a, "distrust");
    sc->switching = rd_dist(r, a, "switching_cost");
    sc->review = rd_dist(r, a, "review");
    config_setting_t *seg = rd_group(r, a, "by_segment", false);
    for (int k = 0; k < N_SEGMENTS; k++) {
        char p[64];
        snprintf(p, sizeof p, "agents.by_segment.%s", segment_names[k]);
        config_setting_t *s = rd_group(r, seg, segment_names[k], false);
        rd_key(r, s, p, "alpha", &sc->segment_alpha[k], sizeof(double));
        rd_key(r, s, p, "distrust", &sc->segment_distrust[k], sizeof(double));
        rd_key(r, s, p, "volume", &sc->segment_volume[k], sizeof(double));
    }
    config_setting_t *dt = rd_group(r, a, "distrust_table", false);
    for (int i = 0; i < N_REGIONS; i++) {
        char p[64];
        snprintf(p, sizeof p, "agents.distrust_table.%s", region_names[i]);
        config_setting_t *row = rd_group(r, dt, region_names[i], false);
        for (int o = 0; o < N_REGIONS; o++)
            rd_key(r, row, p, region_names[o], &sc->distrust_table[i][o], sizeof(double));
    }
    rd_key(r, a, "agents", "hosted_distrust", &sc->hosted_distrust, sizeof sc->hosted_distrust);
}

static void rd_frictions(struct reader *r, config_setting_t *root, struct scenario *sc)
{
    static const struct binding keys[] = {
        BIND(struct scenario, "inertia", inertia),
        BIND(struct scenario, "awareness", awareness),
        BIND(struct scenario, "switching_cost", switching_cost),
        BIND(struct scenario, "ecosystem", ecosystem_on),
        BIND(struct scenario, "distrust", distrust_on),
        BIND(struct scenario, "ecosystem_strength", ecosystem),
        BIND(struct scenario, "awareness_base", awareness_base),
        BIND(struct scenario, "awareness_word_of_mouth", awareness_wom),
    };
    RD_BOUND(r, rd_group(r, root, "frictions", false), "frictions", sc, keys);
}

static void rd_policy(struct reader *r, config_setting_t *root, struct scenario *sc)
{
    config_setting_t *p = rd_group(r, root, "policy", false);
    config_setting_t *g;

    if ((g = rd_group(r, p, "export_controls", false))) {
        struct export_controls *e = &sc->export_controls;
        rd_key(r, g, "policy.export_controls", "enabled", &e->on, sizeof e->on);
        e->origin = (enum region)rd_origin(r, g, "origin", NULL, REGION_CN);
        rd_window(r, g, sc, &e->start, &e->end);
        static const struct binding keys[] = {
            BIND(struct export_controls, "strength", strength),
            BIND(struct export_controls, "growth_penalty", growth_penalty),
            BIND(struct export_controls, "cost_penalty", cost_penalty),
            BIND(struct export_controls, "efficiency_response", efficiency_response),
        };
        RD_BOUND(r, g, "policy.export_controls", e, keys);
    }
    if ((g = rd_group(r, p, "sanctions", false))) {
        struct sanctions *s = &sc->sanctions;
        rd_key(r, g, "policy.sanctions", "enabled", &s->on, sizeof s->on);
        s->origin = (enum region)rd_origin(r, g, "origin", NULL, REGION_CN);
        rd_window(r, g, sc, &s->start, &s->end);
        rd_name_set(r, g, "regions", region_names, N_REGIONS, s->regions);
        rd_name_set(r, g, "segments", segment_names, N_SEGMENTS, s->segments);
        static const struct binding keys[] = {
            BIND(struct sanctions, "compliance", compliance),
            BIND(struct sanctions, "include_open_weights", include_open_weights),
        };
        RD_BOUND(r, g, "policy.sanctions", s, keys);
    }
    if ((g = rd_group(r, p, "tariff", false))) {
        struct tariff *t = &sc->tariff;
        rd_key(r, g, "policy.tariff", "enabled", &t->on, sizeof t->on);
        t->imposer = (enum region)rd_origin(r, g, "imposer", NULL, REGION_US);
        t->origin = rd_origin(r, g, "origin", "foreign", -1);
        rd_key(r, g, "policy.tariff", "rate", &t->rate, sizeof t->rate);
        rd_window(r, g, sc, &t->start, &t->end);
        rd_key(r, g, "policy.tariff", "include_open_weights", &t->include_open_weights, sizeof t->include_open_weights);
    }
    if ((g = rd_group(r, p, "open_support", false))) {
        struct open_support *s = &sc->open_support;
        rd_key(r, g, "policy.open_support", "enabled", &s->on, sizeof s->on);
        s->origin = (enum region)rd_origin(r, g, "origin", NULL, REGION_US);
        static const struct binding keys[] = {
            BIND(struct open_support, "subsidy", subsidy),
            BIND(struct open_support, "lag_reduction", lag_reduction),
        };
        RD_BOUND(r, g, "policy.open_support", s, keys);
        rd_window(r, g, sc, &s->start, &s->end);
    }
    if ((g = rd_group(r, p, "open_restriction", false))) {
        struct open_restriction *o = &sc->open_restriction;
        rd_key(r, g, "policy.open_restriction", "enabled", &o->on, sizeof o->on);
        o->origin = (enum region)rd_origin(r, g, "origin", NULL, REGION_US);
        static const struct binding keys[] = {
            BIND(struct open_restriction, "cap_gap", cap_gap),
            BIND(struct open_restriction, "delay", delay),
            BIND(struct open_restriction, "compliance_cost", compliance_cost),
        };
        RD_BOUND(r, g, "policy.open_restriction", o, keys);
        rd_window(r, g, sc, &o->start, &o->end);
    }
    if ((g = rd_group(r, p, "trust_shock", false))) {
        struct trust_shock *t = &sc->trust_shock;
        rd_key(r, g, "policy.trust_shock", "enabled", &t->on, sizeof t->on);
        const char *target = rd_string(r, g, "target", "CN");
        t->open_models = target && strcmp(target, "open") == 0;
        t->origin = -1;
        if (target && !t->open_models) {
            t->origin = lookup_name(region_names, N_REGIONS, target);
            if (t->origin < 0) {
                char key[512];
                child_key(g, "target", key, sizeof key);
                fail(r, config_setting_get_member(g, "target"), key,
                     "unknown target \"%s\" (expected an origin US, EU, CN, ROW or \"open\")", target);
            }
        }
        int kind; /* "model, data" */
        rd_key(r, g, "policy.trust_shock", "kind", &kind, sizeof kind);
        t->data = kind == 1;
        t->start = rd_month(r, g, "start", sc->start, sc->start, sc->end);
        static const struct binding keys[] = {
            BIND(struct trust_shock, "size", size),
            BIND(struct trust_shock, "half_life", half_life),
        };
        RD_BOUND(r, g, "policy.trust_shock", t, keys);
    }
    config_setting_t *vs = member(p, "vendor_strategy");
    if (vs) {
        if (!config_setting_is_list(vs)) {
            fail(r, vs, "policy.vendor_strategy", "expected a list ( { ... }, ... )");
            mark_all(vs); /* not unknown keys */
            return;
        }
        int n = config_setting_length(vs);
        if (n > OSS_MAX_VENDOR_CHANGES) {
            fail(r, vs, "policy.vendor_strategy", "at most %d changes are supported", OSS_MAX_VENDOR_CHANGES);
            mark_all(vs);
            return;
        }
        for (int i = 0; i < n; i++) {
            config_setting_t *e = config_setting_get_elem(vs, (unsigned)i);
            config_setting_set_hook(e, &read_mark);
            char key[512];
            setting_path(e, key, sizeof key);
            if (!config_setting_is_group(e)) {
                fail(r, e, key, "expected a group { family = ...; month = ...; action = ...; }");
                mark_all(e);
                continue;
            }
            struct vendor_change *c = &sc->vendor_changes[sc->n_vendor_changes];
            const char *fam = rd_string(r, e, "family", NULL);
            c->month = rd_month(r, e, "month", -1, sc->start, sc->end);
            int act; /* "close, open, exit" */
            rd_key(r, e, key, "action", &act, sizeof act);
            c->exit = act == 2;
            c->access = act == 1 ? ACCESS_OPEN : ACCESS_CLOSED;
            c->family = fam ? scenario_family_index(sc, fam) : 0;
            bool dropped = false;
            for (int d = 0; fam && d < r->n_dropped; d++)
                dropped |= strcmp(r->dropped[d], fam) == 0 || strcmp(r->dropped_name[d], fam) == 0;
            if (dropped) /* its family is not in this world: nothing to change */
                continue;
            if (fam && c->family < 0) {
                char k2[600], hint[160];
                snprintf(k2, sizeof k2, "%s.family", key);
                suggest_family(config_setting_get_member(root, "families"), fam, hint, sizeof hint);
                fail(r, config_setting_get_member(e, "family"), k2, "unknown family \"%s\"%s", fam, hint);
                continue;
            }
            if (fam)
                sc->n_vendor_changes++;
        }
    }
}

/* A path named in file `src` (libconfig's name; NULL: the scenario's own
 * directory), as the user reaches it: relative to that file's directory. */
static bool resolve_beside(const struct reader *r, const char *src, const char *dir,
                           const char *rel, char out[OSS_PATH_LEN])
{
    char from[OSS_PATH_LEN], cdir[OSS_PATH_LEN];
    shown_file(r, src, from, sizeof from);
    snprintf(cdir, sizeof cdir, "%s", dir);
    if (strrchr(from, '/'))
        snprintf(cdir, sizeof cdir, "%.*s", (int)(strrchr(from, '/') - from), from);
    int w = rel[0] == '/' ? snprintf(out, OSS_PATH_LEN, "%s", rel)
                          : snprintf(out, OSS_PATH_LEN, "%.2000s/%.2000s", cdir, rel);
    if (w < 0 || w >= OSS_PATH_LEN || strlen(cdir) > 2000 || strlen(rel) > 2000 || strpbrk(out, "\n\r")) {
        out[0] = '\0'; /* refused, not cut: the caller's check of the file reports it */
        return false;
    }
    return true;
}

/* A calibration metric: a headline (not a counterfactual one),
 * share_of_open_tokens.<family>, or a window metric NAME@YYYYQn or
 * NAME@YYYY-MM..YYYY-MM (NAME a
 * monthly metric of timeseries.csv or share_of_open_tokens.<family>).
 * Returns METRIC_OK, or METRIC_BAD (an unknown name or family, a malformed
 * window) or METRIC_OUTSIDE (a window outside the horizon) with the message
 * in why. */
enum { METRIC_OK, METRIC_BAD, METRIC_OUTSIDE };
static int cal_metric(const struct reader *r, const struct scenario *sc, const char *m, struct cal_target *t,
                      char *why, size_t wn);

bool scenario_metric(const struct scenario *sc, const char *name, struct cal_target *t, char *err)
{
    struct reader r;
    memset(t, 0, sizeof *t);
    r.n_dropped = 0;
    snprintf(t->metric, sizeof t->metric, "%s", name);
    t->dated = -1;
    return cal_metric(&r, sc, name, t, err, OSS_ERR_LEN) == METRIC_OK;
}

/* What is wrong with the window w of metric m ("NAME@w"), which
 * metrics_window refused. */
static void window_why(const char *m, const char *w, char *why, size_t n)
{
    const char *dots = strstr(w, "..");
    int y, q, used = 0, a, b;
    char s1[16], s2[16];
    if (dots) {
        snprintf(s1, sizeof s1, "%.*s", (int)(dots - w < 15 ? dots - w : 15), w);
        snprintf(s2, sizeof s2, "%.15s", dots + 2);
        if (!month_parse(s1, &a) || !month_parse(s2, &b))
            snprintf(why, n, "malformed window \"%.200s\": \"%s\" is not a month YYYY-MM%s", m,
                     month_parse(s1, &a) ? s2 : s1, month_why(month_parse(s1, &a) ? s2 : s1));
        else
            snprintf(why, n, "malformed window \"%.200s\": it ends (%s) before it starts (%s)", m, s2, s1);
    } else if (sscanf(w, "%4dQ%1d%n", &y, &q, &used) == 2 && used == 6 && !w[6] && (q < 1 || q > 4)) {
        snprintf(why, n, "malformed window \"%.200s\": a quarter is Q1 to Q4", m);
    } else {
        snprintf(why, n,
                 "malformed window \"%.200s\" (expected NAME@YYYYQn or NAME@YYYY-MM..YYYY-MM, e.g. "
                 "open_token_share@2025Q4)",
                 m);
    }
}

static int cal_metric(const struct reader *r, const struct scenario *sc, const char *m, struct cal_target *t,
                      char *why, size_t wn)
{
    t->headline = t->family = t->month = t->first = t->last = -1;
    const char *at = strchr(m, '@');
    char base[OSS_KEY_LEN];
    snprintf(base, sizeof base, "%.*s", at ? (int)(at - m) : (int)strlen(m), m);
    /* the name first: an unknown one is the first mistake */
    bool known = false;
    const char *pre = "share_of_open_tokens.";
    if (strncmp(base, pre, strlen(pre)) == 0) {
        const char *fam = base + strlen(pre);
        t->family = scenario_family_index(sc, fam);
        known = t->family >= 0;
        for (int i = 0; i < r->n_dropped && !known; i++) /* left out by open_weights = false: undefined, not wrong */
            known = strcmp(r->dropped[i], fam) == 0;
        if (!known) {
            char keys[400] = "";
            for (int f = 0; f < sc->n_families; f++) {
                size_t u = strlen(keys);
                if (!strchr(sc->families[f].key, '.')) /* a family, not its first-party channel */
                    snprintf(keys + u, sizeof keys - u, "%s%s", u ? ", " : "", sc->families[f].key);
            }
            snprintf(why, wn, "unknown family \"%.60s\" in \"%.200s\" (share_of_open_tokens.FAMILY takes a family's key: %s)",
                     fam, m, keys);
            return METRIC_BAD;
        }
    } else if (at) {
        for (int k = 0; k < N_MONTH_METRICS && !known; k++)
            if (strcmp(base, month_metric_names[k]) == 0) {
                t->month = k;
                known = true;
            }
    } else {
        for (int h = 0; h < N_HEADLINES && !known; h++)
            if (strcmp(base, headline_names[h]) == 0 && !headline_is_cf(h)) {
                t->headline = h;
                known = true;
            }
    }
    if (!known) {
        snprintf(why, wn, "unknown metric \"%.200s\" (a summary.csv metric other than cf_*, share_of_open_tokens.FAMILY, "
                          "or either a timeseries.csv metric or share_of_open_tokens.FAMILY over a window: NAME@YYYYQn "
                          "or NAME@YYYY-MM..YYYY-MM)", m);
        return METRIC_BAD;
    }
    if (!at)
        return METRIC_OK;
    if (metrics_window(m, base, sizeof base, &t->first, &t->last) < 0) {
        window_why(m, at + 1, why, wn);
        return METRIC_BAD;
    }
    if (t->first < sc->start || t->last > sc->end) {
        char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
        snprintf(why, wn, "window \"%.200s\" reaches outside the horizon %s to %s", m, month_format(sc->start, a),
                 month_format(sc->end, b));
        return METRIC_OUTSIDE;
    }
    return METRIC_OK;
}

/* calibration.free or calibration.targets: a list of 1 to max groups. */
static config_setting_t *rd_cal_list(struct reader *r, config_setting_t *g, const char *name, int max,
                                     const char *shape)
{
    char key[64];
    snprintf(key, sizeof key, "calibration.%s", name);
    config_setting_t *l = member(g, name);
    if (!l || !config_setting_is_list(l) || config_setting_length(l) < 1) {
        fail(r, l ? l : g, key, "expected a list of one or more %s", shape);
        if (l)
            mark_all(l);
        return NULL;
    }
    if (config_setting_length(l) > max) {
        fail(r, l, key, "at most %d, got %d", max, config_setting_length(l));
        mark_all(l);
        return NULL;
    }
    return l;
}

/* A parameter with bounds and a prior: an element of calibration.free
 * (with a start) or of `uncertain` (without).  key names the element. */
static bool rd_param(struct reader *r, config_setting_t *e, const char *key, struct cal_free *f, bool start)
{
    const char *shape = start ? "{ key = ...; min = ...; max = ...; start = ...; prior = { ... }; source = ...; }"
                              : "{ key = ...; min = ...; max = ...; prior = { ... }; source = ...; }";
    if (!config_setting_is_group(e)) {
        fail(r, e, key, "expected a group %s", shape);
        mark_all(e);
        return false;
    }
    const char *k = rd_string(r, e, "key", NULL);
    rd_key(r, e, key, "min", &f->min, sizeof f->min);
    rd_key(r, e, key, "max", &f->max, sizeof f->max);
    f->start = NAN;
    if (start)
        rd_key(r, e, key, "start", &f->start, sizeof f->start);
    const char *so = rd_string(r, e, "source", "");
    snprintf(f->source, sizeof f->source, "%s", so ? so : "");
    f->prior = (struct prior){PRIOR_UNIFORM, NAN, NAN};
    char pk[600];
    snprintf(pk, sizeof pk, "%.500s.prior", key);
    config_setting_t *pg = member(e, "prior");
    if (pg && !config_setting_is_group(pg)) {
        fail(r, pg, pk, "expected a group { dist = \"normal\"; mean = ...; sd = ...; }");
        mark_all(pg);
    } else if (pg) {
        const char *d = rd_string(r, pg, "dist", NULL);
        int di = d ? lookup_name(prior_dist_names, 4, d) : 0;
        if (di < 0) {
            fail(r, member(pg, "dist"), pk, "dist \"%s\": expected uniform, normal, lognormal or beta", d);
            di = 0;
        }
        f->prior.dist = (enum prior_dist)di;
        if (di != PRIOR_UNIFORM) {
            f->prior.mean = rd_number(r, pg, "mean", NAN);
            f->prior.sd = rd_number(r, pg, "sd", NAN);
        }
    }
    if (!k)
        return false;
    if (strlen(k) >= sizeof f->key)
        fail(r, e, key, "key longer than %zu characters", sizeof f->key - 1);
    snprintf(f->key, sizeof f->key, "%s", k);
    config_setting_t *t = config_lookup(&r->cfg, k);
    if (!t || !is_number(t))
        fail(r, e, key, "key \"%s\" is not a number in the scenario (a free parameter must be written in it)", k);
    else if (config_setting_type(t) != CONFIG_TYPE_FLOAT)
        fail(r, e, key, "\"%s\" is written as a whole number (%lld): write it as %lld.0 if it takes real values; "
             "whole-number settings cannot be fitted", k, (long long)config_setting_get_int64(t),
             (long long)config_setting_get_int64(t));
    else if (!(f->min < f->max))
        fail(r, e, key, "%s: min %g must be below max %g", k, f->min, f->max);
    else if (start && !(f->start > f->min && f->start < f->max))
        fail(r, e, key, "%s: start %g must lie strictly between min %g and max %g", k, f->start, f->min, f->max);
    else if (f->prior.dist == PRIOR_LOGNORMAL && !(f->prior.mean > 0))
        fail(r, pg, pk, "a lognormal prior needs mean > 0, got %g", f->prior.mean);
    else if (f->prior.dist == PRIOR_BETA) {
        double m = (f->prior.mean - f->min) / (f->max - f->min), v = f->prior.sd / (f->max - f->min);
        if (!(m > 0 && m < 1 && v * v < m * (1 - m)))
            fail(r, pg, pk, "a beta prior on [%g, %g] needs min < mean < max and sd^2 < (mean - min)(max - mean), "
                 "got mean %g, sd %g", f->min, f->max, f->prior.mean, f->prior.sd);
    } else if (f->prior.dist != PRIOR_UNIFORM &&
               (f->prior.mean < f->min - 3 * f->prior.sd || f->prior.mean > f->max + 3 * f->prior.sd))
        fail(r, pg, pk, "mean %g lies more than 3 sd outside the bounds [%g, %g]", f->prior.mean, f->min, f->max);
    return true;
}

/* The top-level `uncertain` list: judgement parameters with priors. */
static void rd_uncertain(struct reader *r, config_setting_t *root, struct scenario *sc)
{
    config_setting_t *l = member(root, "uncertain");
    if (!l)
        return;
    if (!config_setting_is_list(l) || config_setting_length(l) < 1 || config_setting_length(l) > OSS_MAX_UNCERTAIN) {
        fail(r, l, "uncertain", "expected a list of 1 to %d groups ( { key = ...; min = ...; max = ...; prior = { ... }; "
             "source = ...; }, ... )", OSS_MAX_UNCERTAIN);
        mark_all(l);
        return;
    }
    for (int i = 0; i < config_setting_length(l); i++) {
        char key[64];
        snprintf(key, sizeof key, "uncertain[%d]", i);
        struct cal_free *f = &sc->uncertain[sc->n_uncertain];
        if (!rd_param(r, config_setting_get_elem(l, (unsigned)i), key, f, false))
            continue;
        for (int j = 0; j < sc->n_uncertain; j++)
            if (strcmp(sc->uncertain[j].key, f->key) == 0)
                fail(r, config_setting_get_elem(l, (unsigned)i), key, "\"%s\" is listed twice", f->key);
        sc->n_uncertain++;
    }
}

static void rd_calibration(struct reader *r, config_setting_t *root, struct scenario *sc,
                           const char *dir)
{
    struct calibration *c = &sc->calibration;
    config_setting_t *g = rd_group(r, root, "calibration", false);
    if (!g)
        return;
    c->on = true;
    const char *src = config_setting_source_file(g);
    c->report = src == NULL; /* written in the scenario file itself */
    shown_file(r, src, c->file, sizeof c->file);
    rd_key(r, g, "calibration", "replications", &c->replications, sizeof c->replications);
    c->agents = (long)rd_int(r, g, "agents", sc->n_agents, 1, 100000000, false); /* default: agents.count */
    static const struct binding keys[] = {
        BIND(struct calibration, "max_iterations", max_iterations),
        BIND(struct calibration, "tolerance", tolerance),
        BIND(struct calibration, "particles", particles),
        BIND(struct calibration, "epsilon", epsilon),
        BIND(struct calibration, "max_evaluations", max_evaluations),
    };
    RD_BOUND(r, g, "calibration", c, keys);
    const char *out = rd_string(r, g, "fragment", "calibrated.cfg");
    if (out && !resolve_beside(r, src, dir, out, c->output))
        fail(r, config_setting_get_member(g, "fragment"), "calibration.fragment",
             "the path is longer than %d characters or holds a line break", OSS_PATH_LEN - 1);

    char key[512];
    config_setting_t *fl = rd_cal_list(r, g, "free", OSS_MAX_CAL_FREE,
                                       "( { key = ...; min = ...; max = ...; start = ...; }, ... )");
    for (int i = 0; fl && i < config_setting_length(fl); i++) {
        snprintf(key, sizeof key, "calibration.free[%d]", i);
        struct cal_free *f = &c->free[c->n_free++];
        config_setting_t *e = config_setting_get_elem(fl, (unsigned)i);
        if (!rd_param(r, e, key, f, true))
            continue;
        for (int j = 0; j < c->n_free - 1; j++)
            if (strcmp(c->free[j].key, f->key) == 0)
                fail(r, e, key, "\"%s\" is listed twice", f->key);
    }

    config_setting_t *tl = rd_cal_list(r, g, "targets", OSS_MAX_CAL_TARGETS,
                                       "( { metric = ...; value = ...; tolerance = ...; }, ... )");
    for (int i = 0; tl && i < config_setting_length(tl); i++) {
        config_setting_t *e = config_setting_get_elem(tl, (unsigned)i);
        snprintf(key, sizeof key, "calibration.targets[%d]", i);
        if (!config_setting_is_group(e)) {
            fail(r, e, key, "expected a group { metric = ...; value = ...; tolerance = ...; }");
            mark_all(e);
            continue;
        }
        struct cal_target *t = &c->targets[c->n_targets++];
        const char *m = rd_string(r, e, "metric", NULL);
        char why[600];
        int mst;
        static const struct binding keys[] = {
            BIND(struct cal_target, "value", value),
            BIND(struct cal_target, "tolerance", tolerance),
            BIND(struct cal_target, "weight", weight),
        };
        RD_BOUND(r, e, key, t, keys);
        const char *so = rd_string(r, e, "source", "");
        const char *dt = rd_string(r, e, "dated", "");
        t->dated = -1;
        if (dt && dt[0] && !month_parse(dt, &t->dated)) {
            char dk[600];
            snprintf(dk, sizeof dk, "%.500s.dated", key);
            fail(r, member(e, "dated"), dk, "expected a month \"YYYY-MM\", got \"%s\"%s", dt, month_why(dt));
        }
        if (!m || !so)
            continue;
        if (strlen(m) >= sizeof t->metric || strlen(so) >= sizeof t->source)
            fail(r, e, key, "metric longer than %zu or source longer than %zu characters", sizeof t->metric - 1,
                 sizeof t->source - 1);
        snprintf(t->metric, sizeof t->metric, "%s", m);
        snprintf(t->source, sizeof t->source, "%s", so);
        if (strcmp(m, "cn_token_share_end") == 0)
            fail(r, e, key, "cn_token_share_end is the horizon's last month, not a figure of the reporting year");
        else if ((mst = cal_metric(r, sc, m, t, why, sizeof why)) != METRIC_OK) {
            if (mst == METRIC_OUTSIDE &&
                (!c->report || sc->end < month_make(sc->reporting_year, 12) ||
                 sc->start > month_make(sc->reporting_year, 1))) {
                /* a horizon cut short at either end (a user's file, -s
                 * horizon.end or horizon.start): the target cannot be
                 * measured in this run: left out, with a note */
                if (c->report)
                    add_note(r, "calibration target %.200s %s: left out of this run's table", m,
                             t->first < sc->start ? "reaches before the horizon's start" : "reaches past the horizon's end");
                c->n_targets--;
            } else {
                fail(r, e, key, "%s", why);
            }
        }
    }
}

/* Quantities derived from several settings that could leave the doubles
 * during a run: checked before it, each error naming the setting to change. */
static void check_derived(struct reader *r, const struct scenario *sc)
{
    config_setting_t *root = config_root_setting(&r->cfg);
    config_setting_t *m = config_setting_get_member(root, "market"), *s = config_setting_get_member(root, "supply");
    int months = sc->months;
    /* potential demand at the end of the horizon */
    double lg = log10(sc->potential_tokens) + months * log10(1 + sc->market_growth);
    if (!(lg <= 18))
        fail(r, m ? config_setting_get_member(m, "growth") : NULL, "market.growth",
             "potential tokens would reach 1e%.0f million a month by the end of the horizon (%d months; at most "
             "1e18): lower market.growth or shorten the horizon",
             fmin(lg, 1e6), months);
    /* marginal cost at the end: cost x (1 - decline)^months */
    double fc = months * log10(1 - sc->cost_decline);
    for (int j = 0; j < sc->n_families; j++) {
        double lc = log10(sc->families[j].cost) + fc;
        const struct family_spec *f = &sc->families[j];
        for (int i = 0; i < f->n_releases; i++) { /* a release's cost starts a path of its own */
            int after = sc->months - (f->releases[i].month > sc->start ? f->releases[i].month - sc->start : 0);
            if (f->releases[i].cost <= 0 || after <= 0)
                continue;
            double lr = log10(f->releases[i].cost) + after * log10(1 - sc->cost_decline);
            if (!(lr <= 9 && lr >= -12)) {
                config_setting_t *fg = config_setting_get_member(config_setting_get_member(root, "families"), f->key);
                config_setting_t *rl = fg ? config_setting_get_member(fg, "releases") : NULL;
                config_setting_t *e = rl ? config_setting_get_elem(rl, (unsigned)i) : NULL;
                config_setting_t *cs = e ? config_setting_get_member(e, "cost") : NULL;
                char key[600];
                if (cs)
                    setting_path(cs, key, sizeof key);
                else
                    snprintf(key, sizeof key, "families.%s.releases", f->key);
                fail(r, cs, key,
                     "would reach 1e%.0f USD per million tokens by the end of the horizon (allowed 1e-12 to 1e9), "
                     "with supply.cost_decline %g over the %d months from the release",
                     fmax(fmin(lr, 1e6), -1e6), sc->cost_decline, after);
                return;
            }
        }
        if (!(lc <= 9 && lc >= -12)) {
            fail(r, s ? config_setting_get_member(s, "cost_decline") : NULL, "supply.cost_decline",
                 "families.%s.cost would reach 1e%.0f USD per million tokens by the end of the horizon (allowed "
                 "1e-12 to 1e9): a cost_decline of %g over %d months is too %s",
                 sc->families[j].key, lc, sc->cost_decline, months, lc > 9 ? "negative" : "steep");
            break;
        }
    }
    /* the lowest price an agent of a supported origin may pay: at least the
     * lowest marginal cost of the horizon, less the subsidy.  With a volume
     * elasticity below 0 an agent buys (p / p_ref)^eps tokens per unit of
     * volume, without bound as p goes to 0 (a subsidy of 1 makes the price 0) */
    if (sc->volume_elasticity < 0 && sc->open_support.on) {
        double low = HUGE_VAL, fall = fmin(0, fc);
        for (int j = 0; j < sc->n_families; j++) {
            const struct family_spec *f = &sc->families[j];
            if ((int)f->origin != (int)sc->open_support.origin)
                continue;
            low = fmin(low, log10(f->cost) + fall);
            for (int i = 0; i < f->n_releases; i++)
                if (f->releases[i].cost > 0)
                    low = fmin(low, log10(f->releases[i].cost) + fall);
        }
        double lp = low + log10(1 - sc->open_support.subsidy);
        if (low < HUGE_VAL && !(lp >= -12)) {
            config_setting_t *p = config_setting_get_member(root, "policy");
            config_setting_t *os = p ? config_setting_get_member(p, "open_support") : NULL;
            fail(r, os ? config_setting_get_member(os, "subsidy") : NULL, "policy.open_support.subsidy",
                 "a subsidy of %g brings the price paid for %s open models down to %s USD per million tokens, "
                 "where the tokens bought, (price / market.reference_price)^market.volume_elasticity with "
                 "elasticity %g, have no bound: use a subsidy below 1 (the price paid at least 1e-12), or "
                 "market.volume_elasticity = 0",
                 sc->open_support.subsidy, region_names[sc->open_support.origin], isfinite(lp) ? "below 1e-12" : "0",
                 sc->volume_elasticity);
        }
    }
    /* utility of quality: beta x quality at the end of the horizon */
    double q = sc->frontier + sc->frontier_growth * months * 100;
    for (int j = 0; j < sc->n_families; j++)
        q = fmax(q, sc->families[j].quality);
    if (!(sc->beta.mean * q <= 1e12))
        fail(r, NULL, "agents.beta.mean", "beta x quality reaches %g utils (at most 1e12, where a logit still tells "
             "prices apart): lower agents.beta.mean or the qualities", sc->beta.mean * q);
    /* token volume: the month's tokens per unit volume are potential / sum of
     * the agents' volumes, so a world whose every agent has volume 0 has no
     * demand to share out (a constant 0, or 0 multipliers on every segment
     * that has agents) */
    bool seg_volume = false;
    for (int g = 0; g < N_SEGMENTS; g++)
        seg_volume |= sc->segment_share[g] > 0 && sc->segment_volume[g] > 0;
    if (sc->volume.mean == 0 && (sc->volume.kind == DIST_CONSTANT || sc->volume.sd == 0))
        fail(r, NULL, "agents.volume.mean",
             "every agent's token volume would be 0, leaving no demand: give agents.volume a mean above 0");
    else if (!seg_volume)
        fail(r, NULL, "agents.by_segment",
             "every segment with agents has a volume multiplier of 0, leaving no demand: give one a multiplier "
             "above 0");
    /* a lognormal's parameters: sigma^2 = ln(1 + (sd/mean)^2), mu = ln mean - sigma^2 / 2 */
    const struct dist *ds[] = {&sc->volume, &sc->alpha, &sc->beta, &sc->openness, &sc->distrust, &sc->switching};
    static const char *const dn[] = {"volume", "alpha", "beta", "openness", "distrust", "switching_cost"};
    for (size_t i = 0; i < sizeof ds / sizeof *ds; i++) {
        const struct dist *d = ds[i];
        if (d->kind != DIST_LOGNORMAL || d->sd <= 0 || d->mean <= 0)
            continue;
        double s2 = log1p((d->sd / d->mean) * (d->sd / d->mean)), top = log(d->mean) - s2 / 2 + 8 * sqrt(s2);
        if (!(isfinite(s2) && top < 690)) {
            char key[64];
            snprintf(key, sizeof key, "agents.%s", dn[i]);
            fail(r, NULL, key, "a lognormal with mean %g and sd %g draws values beyond 1e300", d->mean, d->sd);
        }
    }
}

/* A top-level path to another scenario (`counterfactual`, `reference`),
 * resolved beside the file that names it (an included file may live
 * elsewhere); "" when absent. */
static void rd_scenario_path(struct reader *r, config_setting_t *root, const char *name, const char *dir,
                             char out[OSS_PATH_LEN])
{
    const char *v = rd_string(r, root, name, "");
    if (!v || !v[0])
        return;
    const char *src = config_setting_source_file(config_setting_get_member(root, name));
    for (int i = r->n_ov - 1; i >= 0; i--) /* the last override that set it wins */
        if (strcmp(r->ov_key[i], name) == 0) {
            src = r->ov_file[i]; /* NULL for -s: the scenario's directory */
            break;
        }
    if (!resolve_beside(r, src, dir, v, out))
        fail(r, config_setting_get_member(root, name), name,
             "the path is longer than %d characters or holds a line break", OSS_PATH_LEN - 1);
    else if (access(out, R_OK) != 0)
        fail(r, config_setting_get_member(root, name), name, "cannot read \"%s\"", out);
}

/* The scenario's `assumptions`: numeric keys of the scenario, each with a
 * source; a judgement call needs a range low < high around its value. */
static void rd_assumptions(struct reader *r, config_setting_t *root, struct scenario *sc)
{
    config_setting_t *l = member(root, "assumptions");
    if (!l)
        return;
    if (!config_setting_is_list(l) || config_setting_length(l) > OSS_MAX_ASSUMPTIONS) {
        fail(r, l, "assumptions", "expected a list of up to %d groups ( { key = ...; source = ...; }, ... )",
             OSS_MAX_ASSUMPTIONS);
        mark_all(l);
        return;
    }
    for (int i = 0; i < config_setting_length(l); i++) {
        config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
        char key[64];
        snprintf(key, sizeof key, "assumptions[%d]", i);
        if (!config_setting_is_group(e)) {
            fail(r, e, key, "expected a group { key = ...; source = ...; judgement = ...; low = ...; high = ...; }");
            mark_all(e);
            continue;
        }
        config_setting_set_hook(e, &read_mark);
        struct assumption *a = &sc->assumptions[sc->n_assumptions++];
        const char *k = rd_string(r, e, "key", NULL);
        const char *so = rd_string(r, e, "source", "");
        rd_key(r, e, key, "judgement", &a->judgement, sizeof a->judgement);
        a->low = rd_number(r, e, "low", a->judgement ? NAN : HUGE_VAL);
        a->high = rd_number(r, e, "high", a->judgement ? NAN : HUGE_VAL);
        if (!isfinite(a->low) || !isfinite(a->high))
            a->low = a->high = NAN;
        if (!k)
            continue;
        snprintf(a->key, sizeof a->key, "%s", k);
        snprintf(a->source, sizeof a->source, "%s", so ? so : "");
        config_setting_t *t = config_lookup(&r->cfg, k);
        if (!t || !is_number(t)) {
            fail(r, e, key, "key \"%s\" is not a number in the scenario", k);
            continue;
        }
        a->value = config_setting_type(t) == CONFIG_TYPE_FLOAT ? config_setting_get_float(t)
                                                               : (double)config_setting_get_int64(t);
        if (a->judgement && !(a->low < a->high))
            fail(r, e, key, "%s: low %g must be below high %g", k, a->low, a->high);
    }
}

static void rd_scenario(struct reader *r, struct scenario *sc, const char *dir)
{
    config_setting_t *root = config_root_setting(&r->cfg);

    config_setting_t *h = rd_group(r, root, "horizon", true);
    int lo = month_make(1900, 1), hi = month_make(2199, 12);
    sc->start = rd_month(r, h, "start", -1, lo, hi);
    sc->end = rd_month(r, h, "end", -1, lo, hi);
    if (h && sc->end <= sc->start) {
        char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
        fail(r, config_setting_get_member(h, "end"), "horizon.end",
             "%s must come after horizon.start %s (a horizon has at least two months)", month_format(sc->end, a),
             month_format(sc->start, b));
    }
    else if (sc->end - sc->start >= 1200)
        fail(r, config_setting_get_member(h, "end"), "horizon.end", "horizon longer than 100 years");
    sc->months = sc->end - sc->start + 1;
    rd_key(r, h, "horizon", "reporting_year", &sc->reporting_year, sizeof sc->reporting_year);
    if (!r->failed && month_make(sc->reporting_year, 12) < sc->start) {
        fail(r, config_setting_get_member(h, "reporting_year"), "horizon.reporting_year",
             "year %d lies outside the horizon", sc->reporting_year);
    } else if (!r->failed && month_make(sc->reporting_year, 1) > sc->end) {
        fail(r, config_setting_get_member(h, "reporting_year"), "horizon.reporting_year",
             "year %d lies outside the horizon", sc->reporting_year);
    }

    static const struct binding run_keys[] = {
        BIND(struct scenario, "replications", replications),
        BIND(struct scenario, "seed", seed),
    };
    RD_BOUND(r, rd_group(r, root, "run", false), "run", sc, run_keys);

    static const struct binding market_keys[] = {
        BIND(struct scenario, "potential_tokens", potential_tokens),
        BIND(struct scenario, "growth", market_growth),
        BIND(struct scenario, "outside_quality", outside_quality),
        BIND(struct scenario, "volume_elasticity", volume_elasticity),
        BIND(struct scenario, "reference_price", reference_price),
        BIND(struct scenario, "nesting", nesting),
    };
    RD_BOUND(r, rd_group(r, root, "market", true), "market", sc, market_keys);

    config_setting_t *s = rd_group(r, root, "supply", true);
    static const struct binding supply_keys[] = {
        BIND(struct scenario, "frontier", frontier),
        BIND(struct scenario, "frontier_growth", frontier_growth),
    };
    RD_BOUND(r, s, "supply", sc, supply_keys);
    config_setting_t *cp = rd_group(r, s, "compute", false);
    for (int o = 0; o < N_REGIONS; o++)
        rd_key(r, cp, "supply.compute", region_names[o], &sc->compute[o], sizeof sc->compute[o]);
    static const struct binding supply_keys2[] = {
        BIND(struct scenario, "open_lag", open_lag),
        BIND(struct scenario, "diffusion", diffusion),
        BIND(struct scenario, "diffusion_lag", diffusion_lag),
        BIND(struct scenario, "cost_decline", cost_decline),
        BIND(struct scenario, "host_margin", host_margin),
        BIND(struct scenario, "price_adjustment", price_adjustment),
        BIND(struct scenario, "pricing_unit", pricing_unit),
    };
    RD_BOUND(r, s, "supply", sc, supply_keys2);
    /* absent: 1900-01, before any release, so no last release is held */
    sc->releases_through = rd_month(r, s, "releases_through", month_make(1900, 1), month_make(1900, 1),
                                    month_make(2199, 12));
    bool open_weights; /* applied in rd_families */
    rd_key(r, s, "supply", "open_weights", &open_weights, sizeof open_weights);

    rd_families(r, root, sc);
    rd_agents(r, root, sc);
    rd_frictions(r, root, sc);
    rd_policy(r, root, sc);

    rd_scenario_path(r, root, "counterfactual", dir, sc->counterfactual);
    rd_scenario_path(r, root, "reference", dir, sc->reference);
    rd_calibration(r, root, sc, dir);
    rd_assumptions(r, root, sc);
    rd_uncertain(r, root, sc);
    if (!r->failed)
        check_derived(r, sc);
    for (int i = 0; i < config_setting_length(root); i++) /* applied before reading */
        if (is_overrides(config_setting_get_elem(root, (unsigned)i)))
            config_setting_set_hook(config_setting_get_elem(root, (unsigned)i), &read_mark);
    config_setting_t *desc = member(root, "description");
    if (desc && config_setting_type(desc) != CONFIG_TYPE_STRING)
        fail_type(r, desc, "description", 's', "a string");
    else if (desc && strlen(config_setting_get_string(desc)) >= sizeof sc->description)
        fail(r, desc, "description", "longer than %zu characters", sizeof sc->description - 1);
    else if (desc) { /* one line, for the manifest and the charts' subtitles */
        snprintf(sc->description, sizeof sc->description, "%s", config_setting_get_string(desc));
        for (char *c = sc->description; *c; c++)
            if (*c == '\n' || *c == '\r' || *c == '\t')
                *c = ' ';
    }
}

/* The settings in effect of policy block `name`, as "key = value, ...". */
static void describe_policy(const struct scenario *sc, const char *name, char *buf, size_t n)
{
    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    buf[0] = '\0';
    if (strcmp(name, "export_controls") == 0) {
        const struct export_controls *e = &sc->export_controls;
        snprintf(buf, n, "origin = \"%s\", start = \"%s\", end = \"%s\", strength = %g, growth_penalty = %g, "
                 "cost_penalty = %g, efficiency_response = %g", region_names[e->origin], month_format(e->start, a),
                 month_format(e->end, b), e->strength, e->growth_penalty, e->cost_penalty, e->efficiency_response);
    } else if (strcmp(name, "sanctions") == 0) {
        const struct sanctions *x = &sc->sanctions;
        char regs[64] = "", segs[96] = "";
        for (int i = 0; i < N_REGIONS; i++)
            if (x->regions[i])
                snprintf(regs + strlen(regs), sizeof regs - strlen(regs), "%s\"%s\"", regs[0] ? ", " : "", region_names[i]);
        for (int i = 0; i < N_SEGMENTS; i++)
            if (x->segments[i])
                snprintf(segs + strlen(segs), sizeof segs - strlen(segs), "%s\"%s\"", segs[0] ? ", " : "", segment_names[i]);
        snprintf(buf, n, "origin = \"%s\", start = \"%s\", end = \"%s\", regions = [%s], segments = [%s], "
                 "compliance = %g, include_open_weights = %s", region_names[x->origin], month_format(x->start, a),
                 month_format(x->end, b), regs, segs, x->compliance, x->include_open_weights ? "true" : "false");
    } else if (strcmp(name, "tariff") == 0) {
        const struct tariff *t = &sc->tariff;
        snprintf(buf, n, "imposer = \"%s\", origin = \"%s\", rate = %g, start = \"%s\", end = \"%s\"",
                 region_names[t->imposer], t->origin < 0 ? "foreign" : region_names[t->origin], t->rate,
                 month_format(t->start, a), month_format(t->end, b));
    } else if (strcmp(name, "open_support") == 0) {
        const struct open_support *o = &sc->open_support;
        snprintf(buf, n, "origin = \"%s\", subsidy = %g, lag_reduction = %g, start = \"%s\", end = \"%s\"",
                 region_names[o->origin], o->subsidy, o->lag_reduction, month_format(o->start, a), month_format(o->end, b));
    } else if (strcmp(name, "open_restriction") == 0) {
        const struct open_restriction *o = &sc->open_restriction;
        snprintf(buf, n, "origin = \"%s\", cap_gap = %g, delay = %g, compliance_cost = %g, start = \"%s\", end = \"%s\"",
                 region_names[o->origin], o->cap_gap, o->delay, o->compliance_cost, month_format(o->start, a),
                 month_format(o->end, b));
    } else if (strcmp(name, "trust_shock") == 0) {
        const struct trust_shock *t = &sc->trust_shock;
        snprintf(buf, n, "target = \"%s\", start = \"%s\", size = %g, half_life = %g",
                 t->open_models ? "open" : t->origin >= 0 ? region_names[t->origin] : "?", month_format(t->start, a),
                 t->size, t->half_life);
    }
}

/* The shipped scenario that sets a policy's values, for the note. */
static const char *policy_scenario(const char *name)
{
    static const char *const map[][2] = {
        {"export_controls", "export_controls.cfg"}, {"sanctions", "sanctions.cfg"},
        {"tariff", "tariff.cfg"},                   {"open_support", "us_open_push.cfg"},
        {"open_restriction", "open_weight_restriction.cfg"}, {"trust_shock", "trust_shock.cfg"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], name) == 0)
            return map[i][1];
    return NULL;
}

static void hash_config(const config_t *cfg, char out[65])
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f) {
        config_write(cfg, f);
        fclose(f);
    }
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)(text ? text : ""));
    sha256_digest(&ctx, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    free(text);
}

/* Applies a list of "KEY=VALUE" strings (`fitted` or `overrides`) to the
 * tree; `file` is where the list is written, as the user sees it, and
 * `source` libconfig's name of it (NULL: none, for resolving a counterfactual
 * it sets); n_cmd more overrides come from -s.  Returns how many it applied. */
static int apply_list(struct reader *r, config_setting_t *fo, const char *name, const char *file,
                      const char *source, int n_cmd, char (*keys)[512], char *wh, size_t whn, bool under)
{
    int n_file = config_setting_length(fo), done = 0;
    const char *expect = "expected a list of strings [\"KEY=VALUE\", ...]";
    if (r->failed)
        return 0;
    if (!config_setting_is_array(fo) && !config_setting_is_list(fo)) {
        snprintf(r->err, sizeof r->err, "%.900s:%u: %s: %s", file, config_setting_source_line(fo), name, expect);
        r->failed = true;
        return 0;
    }
    if (r->n_ov + n_file + n_cmd > OSS_MAX_OVERRIDES) {
        snprintf(r->err, sizeof r->err, "%s: %d overrides (fitted, file and -s), at most %d are supported",
                 r->path, r->n_ov + n_file + n_cmd, OSS_MAX_OVERRIDES);
        r->failed = true;
        return 0;
    }
    snprintf(wh, whn, "%.4000s:%u: %s", file, config_setting_source_line(fo), name);
    for (int i = 0; i < n_file && !r->failed; i++) {
        config_setting_t *e = config_setting_get_elem(fo, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            snprintf(r->err, sizeof r->err, "%.900s:%u: %s: %s", file, config_setting_source_line(fo), name, expect);
            r->failed = true;
            break;
        }
        int k = r->n_ov;
        apply_override(r, config_setting_get_string(e), wh, keys[r->n_ov], 512, under);
        if (r->n_ov > k) {
            r->ov_file[k] = source;
            done++;
        }
    }
    return done;
}

/* A top-level list of the scenario file (or of a file it includes). */
static int apply_file_list(struct reader *r, const char *name, int n_cmd, char (*keys)[512], char *wh,
                           size_t whn, bool under)
{
    config_setting_t *fo = config_setting_get_member(config_root_setting(&r->cfg), name);
    if (!fo)
        return 0;
    char f[OSS_PATH_LEN];
    shown_file(r, config_setting_source_file(fo), f, sizeof f);
    return apply_list(r, fo, name, f, config_setting_source_file(fo), n_cmd, keys, wh, whn, under);
}

/* Is s a top-level `overrides` list (renamed overrides__N when read, so that
 * the lists of included files do not collide: include.h)? */
static bool is_overrides(const config_setting_t *s)
{
    const char *nm = config_setting_name(s);
    return nm && (strcmp(nm, "overrides") == 0 || strncmp(nm, "overrides__", 11) == 0);
}

/* Every `overrides` list, in the order the files are included (a file's
 * included lists before its own when its @include comes first): they
 * concatenate, and of two entries for one key the later wins. */
static void apply_overrides_lists(struct reader *r, int n_cmd, char (*keys)[512])
{
    config_setting_t *root = config_root_setting(&r->cfg);
    int k = 0;
    for (int i = 0; i < config_setting_length(root) && !r->failed; i++) {
        config_setting_t *fo = config_setting_get_elem(root, (unsigned)i);
        if (!is_overrides(fo))
            continue;
        if (k == OSS_MAX_OVERRIDE_LISTS) {
            snprintf(r->err, sizeof r->err, "%s: more than %d overrides lists in it and the files it includes",
                     r->path, OSS_MAX_OVERRIDE_LISTS);
            r->failed = true;
            return;
        }
        char f[OSS_PATH_LEN];
        shown_file(r, config_setting_source_file(fo), f, sizeof f);
        int first = r->n_ov;
        apply_list(r, fo, "overrides", f, config_setting_source_file(fo), n_cmd, keys, r->list_where[k],
                   sizeof r->list_where[k], false);
        k++;
        /* the run's shape, which its counterfactual and reference must share */
        static const char *const shape[] = {"horizon.start", "horizon.end", "horizon.reporting_year",
                                            "agents.count", "run.seed", "run.replications"};
        for (int j = first; j < r->n_ov; j++)
            for (size_t q = 0; q < sizeof shape / sizeof *shape; q++)
                if (strcmp(r->ov_key[j], shape[q]) == 0 && r->n_shape < OSS_MAX_SHAPE_OV)
                    snprintf(r->shape[r->n_shape++], sizeof r->shape[0], "%s", r->ov_text[j]);
    }
}

/* libconfig's error after it read `text` (the file the user knows as
 * `shown`) into err: "FILE:LINE: why", a syntax error explained (syntax.h). */
static void config_error_message(const config_t *cfg, const char *shown, const char *text, char *err)
{
    const char *et = config_error_text(cfg);
    int el = config_error_line(cfg);
    char hint[600];
    if (et && strcmp(et, "syntax error") == 0 && syntax_explain(text, el, hint, sizeof hint))
        et = hint;
    snprintf(err, OSS_ERR_LEN, "%.400s:%d: %.600s", shown, el, et ? et : "cannot be read");
}

/* Reads the calibration fragment (its `fitted` and `ensemble` lists) as a
 * scenario file is read: the same text (include_read_text: a byte-order
 * mark dropped) and the same messages.  false with err on failure. */
static bool read_fragment(config_t *cfg, const char *path, char *err)
{
    char *text = include_read_text(path, NULL, err, OSS_ERR_LEN);
    if (!text)
        return false;
    bool ok = config_read_string(cfg, text) == CONFIG_TRUE;
    if (!ok)
        config_error_message(cfg, path, text, err);
    free(text);
    return ok;
}

/* The fragment named by calibration.fragment (written by oss-sim calibrate,
 * found beside the file that names it): its `fitted` list.  The path goes
 * into `shown`. */
static int apply_fragment(struct reader *r, const char *dir, int n_cmd, char (*keys)[512], char *wh,
                          size_t whn, char shown[OSS_PATH_LEN])
{
    config_setting_t *cal = config_setting_get_member(config_root_setting(&r->cfg), "calibration");
    if (!cal || !config_setting_is_group(cal) || r->failed)
        return 0;
    config_setting_t *fr = config_setting_get_member(cal, "fragment");
    if (fr && config_setting_type(fr) != CONFIG_TYPE_STRING)
        return 0; /* reported by rd_calibration */
    resolve_beside(r, config_setting_source_file(cal), dir, fr ? config_setting_get_string(fr) : "calibrated.cfg",
                   shown);
    r->frag_open = true;
    config_init(&r->frag);
    if (access(shown, R_OK) != 0) {
        fail(r, fr ? fr : cal, "calibration.fragment", "cannot read \"%s\": %s (oss-sim calibrate writes it)",
             shown, strerror(errno));
        return 0;
    }
    char why[OSS_PATH_LEN + 200];
    if (!include_check_file(shown, why, sizeof why)) {
        fail(r, fr ? fr : cal, "calibration.fragment", "cannot read %s", why);
        return 0;
    }
    if (!read_fragment(&r->frag, shown, r->err)) {
        r->failed = true;
        return 0;
    }
    config_setting_t *root = config_root_setting(&r->frag);
    for (int i = 0; i < config_setting_length(root); i++) {
        config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        if (strcmp(config_setting_name(s), "fitted") != 0 && strcmp(config_setting_name(s), "ensemble") != 0) {
            snprintf(r->err, sizeof r->err,
                     "%.700s:%u: %.200s: unknown key (a fragment holds only `fitted` and `ensemble`)",
                     shown, config_setting_source_line(s), config_setting_name(s));
            r->failed = true;
            return 0;
        }
    }
    config_setting_t *fl = config_setting_get_member(root, "fitted");
    if (!fl) {
        snprintf(r->err, sizeof r->err, "%.900s: no `fitted` list", shown);
        r->failed = true;
        return 0;
    }
    return apply_list(r, fl, "fitted", shown, NULL, n_cmd, keys, wh, whn, true);
}

struct settings_sink {
    struct setting_line *lines;
    int n, cap;
    bool oom;
};
static void collect_settings(struct reader *r, struct settings_sink *k);

/* scenario_load, and when k is not NULL, the settings in effect into it. */
static bool load(struct scenario *sc, const char *path, const struct override_list *ov, char *err,
                 struct settings_sink *k)
{
    memset(sc, 0, sizeof *sc);
    err[0] = '\0';
    struct reader *r = calloc(1, sizeof *r);
    char (*keys)[512] = calloc(OSS_MAX_OVERRIDES, 512);
    char fitted_where[OSS_PATH_LEN + 32] = "";
    char frag_where[OSS_PATH_LEN + 32] = "";
    if (!r || !keys) {
        snprintf(err, OSS_ERR_LEN, "%s: out of memory", path);
        free(r);
        free(keys);
        return false;
    }
    r->path = path;
    snprintf(sc->path, sizeof sc->path, "%s", path);

    char why[OSS_PATH_LEN + 200];
    if (strlen(path) >= OSS_PATH_LEN || strpbrk(path, "\n\r")) {
        snprintf(err, OSS_ERR_LEN, "%.300s...: a scenario's path has at most %d characters and no line break",
                 path, OSS_PATH_LEN - 1);
        free(r);
        free(keys);
        return false;
    }
    if (!include_check_file(path, why, sizeof why)) {
        snprintf(err, OSS_ERR_LEN, "%s: cannot open scenario: %s", path, why + strlen(path) + 2);
        free(r);
        free(keys);
        return false;
    }

    char dir[OSS_PATH_LEN];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (strlen(base) >= sizeof sc->name + 4) {
        snprintf(err, OSS_ERR_LEN, "%s: a scenario's file name has at most %zu characters before .cfg", path,
                 sizeof sc->name - 1);
        free(r);
        free(keys);
        return false;
    }
    snprintf(sc->name, sizeof sc->name, "%.*s", (int)(sizeof sc->name - 1), base);
    size_t bl = strlen(sc->name);
    if (bl > 4 && strcmp(sc->name + bl - 4, ".cfg") == 0)
        sc->name[bl - 4] = '\0';

    /* every @include resolved beside the file that holds it (include.h) */
    config_init(&r->cfg);
    bool ok = include_prepare(&r->inc, path, err, OSS_ERR_LEN);
    if (!ok)
        goto done;
    ok = config_read_string(&r->cfg, r->inc.text) == CONFIG_TRUE;
    if (!ok && !err[0]) {
        char ef[OSS_PATH_LEN];
        shown_file(r, config_error_file(&r->cfg), ef, sizeof ef);
        const char *et = config_error_text(&r->cfg);
        int el = config_error_line(&r->cfg);
        char inc[OSS_PATH_LEN] = "";
        if (et && strcmp(et, "cannot open include file") == 0) {
            /* libconfig does not say which: take it from the @include line */
            FILE *fi = fopen(ef, "r");
            char line[2048];
            for (int i = 1; fi && fgets(line, sizeof line, fi); i++)
                if (i == el) {
                    char *a = strchr(line, '"'), *b = a ? strchr(a + 1, '"') : NULL;
                    if (b) {
                        *b = '\0';
                        shown_file(r, a + 1, inc, sizeof inc);
                    }
                    break;
                }
            if (fi)
                fclose(fi);
        }
        char dup[OSS_KEY_LEN];
        if (inc[0])
            snprintf(err, OSS_ERR_LEN, "%.600s:%d: cannot open include file \"%.350s\"", ef, el, inc);
        else if (et && strcmp(et, "duplicate setting name") == 0 && duplicate_on_line(ef, el, dup, sizeof dup))
            snprintf(err, OSS_ERR_LEN,
                     "%.600s:%d: %s: set twice (a key or group appears once in a file and its includes; change an "
                     "included value with overrides = [ \"KEY = VALUE\" ])",
                     ef, el, dup);
        else if (!config_error_file(&r->cfg)) {
            config_error_message(&r->cfg, ef, r->inc.text, err);
        } else { /* an included file: the text libconfig read (a copy, or the file itself) */
            char why[OSS_ERR_LEN];
            char *text = include_read_text(config_error_file(&r->cfg), NULL, why, sizeof why);
            config_error_message(&r->cfg, ef, text, err);
            free(text);
        }
    }
    if (!ok)
        goto done;

    /* every whole number as written (before any override replaces one) */
    check_literals(r, config_root_setting(&r->cfg));
    /* the file's own overrides, then the command line's, then the fitted
     * values (a `fitted` list in the file, then calibration.fragment, whose
     * name an override may have set) for the keys no override set */
    apply_overrides_lists(r, ov ? ov->n : 0, keys);
    if (!r->failed && ov && r->n_ov + ov->n > OSS_MAX_OVERRIDES) {
        snprintf(r->err, sizeof r->err, "%s: %d overrides (fitted, file and -s), at most %d are supported",
                 path, r->n_ov + ov->n, OSS_MAX_OVERRIDES);
        r->failed = true;
    }
    for (int i = 0; ov && i < ov->n && !r->failed; i++)
        apply_override(r, ov->items[i], "-s", keys[r->n_ov], 512, false);
    int n_fitted = 0, n_frag = 0;
    char frag_path[OSS_PATH_LEN] = "";
    if (!(ov && ov->skip_fitted)) {
        n_fitted = apply_file_list(r, "fitted", 0, keys, fitted_where, sizeof fitted_where, true);
        n_frag = apply_fragment(r, dir, 0, keys, frag_where, sizeof frag_where, frag_path);
    }
    if (r->failed) {
        snprintf(err, OSS_ERR_LEN, "%s", r->err);
        ok = false;
        goto done;
    }

    hash_config(&r->cfg, sc->sha256);
    rd_scenario(r, sc, dir);
    for (int i = 0; i < r->n_shape; i++)
        snprintf(sc->shape_ov[i], sizeof sc->shape_ov[i], "%s", r->shape[i]);
    sc->n_shape_ov = r->n_shape;
    for (int i = 0; i < r->n_created && !r->failed; i++) {
        char d[700];
        describe_policy(sc, r->created[i], d, sizeof d);
        const char *shipped = policy_scenario(r->created[i]);
        add_note(r, "%.300s adds policy.%.60s, which the scenario does not have; in effect: %.500s%s%s%s",
                 r->created_by[i], r->created[i], d, shipped ? " (the shipped scenario " : "", shipped ? shipped : "",
                 shipped ? " sets its own values: run it instead to use them)" : "");
    }
    snprintf(sc->note, sizeof sc->note, "%s", r->note);
    sc->calibration.n_fitted = n_frag + n_fitted;
    if (n_frag) {
        snprintf(sc->calibration.fitted_file, OSS_PATH_LEN, "%s", frag_path);
    } else if (n_fitted) {
        config_setting_t *fl = config_setting_get_member(config_root_setting(&r->cfg), "fitted");
        shown_file(r, config_setting_source_file(fl), sc->calibration.fitted_file, OSS_PATH_LEN);
    }
    member(config_root_setting(&r->cfg), "fitted"); /* applied before reading, or skipped */
    char unknown[OSS_ERR_LEN] = "";
    find_unread(r, config_root_setting(&r->cfg), unknown);
    /* the first real error wins; an unknown key wins over a missing one,
     * which a misspelt name explains */
    if (r->failed && !(r->failed_missing && unknown[0])) {
        snprintf(err, OSS_ERR_LEN, "%s", r->err);
        ok = false;
    } else if (unknown[0]) {
        snprintf(err, OSS_ERR_LEN, "%s", unknown);
        ok = false;
    }
    if (ok && k)
        collect_settings(r, k);
done:
    config_destroy(&r->cfg);
    include_free(&r->inc);
    if (r->frag_open)
        config_destroy(&r->frag);
    free(keys);
    free(r);
    return ok;
}

bool scenario_reporting_months(const struct scenario *sc, int *first, int *last)
{
    int a = month_make(sc->reporting_year, 1), b = month_make(sc->reporting_year, 12);
    if (a < sc->start)
        a = sc->start;
    if (b > sc->end)
        b = sc->end;
    *first = a;
    *last = b;
    return a <= b;
}

bool scenario_pairable(const struct scenario *a, const struct scenario *b)
{
    return a->start == b->start && a->end == b->end && a->n_agents == b->n_agents && a->seed == b->seed &&
           a->replications == b->replications;
}

int scenario_family_index(const struct scenario *sc, const char *key)
{
    for (int i = 0; i < sc->n_families; i++)
        if (strcmp(sc->families[i].key, key) == 0 || strcmp(sc->families[i].name, key) == 0)
            return i;
    return -1;
}

bool scenario_load(struct scenario *sc, const char *path, const struct override_list *ov, char *err)
{
    return load(sc, path, ov, err, NULL);
}

/* ---- the settings in effect (oss-sim show, diff) ---------------------- */

static void sink_add(struct settings_sink *k, const char *key, const char *value, const char *from)
{
    if (k->oom)
        return;
    if (k->n == k->cap) {
        int cap = k->cap ? 2 * k->cap : 256;
        struct setting_line *l = realloc(k->lines, (size_t)cap * sizeof *l);
        if (!l) {
            k->oom = true;
            return;
        }
        k->lines = l;
        k->cap = cap;
    }
    struct setting_line *l = &k->lines[k->n++];
    snprintf(l->key, sizeof l->key, "%s", key);
    snprintf(l->value, sizeof l->value, "%s", value);
    snprintf(l->from, sizeof l->from, "%s", from);
}

/* A scalar setting's value as written in a scenario file. */
static void value_text(const config_setting_t *s, char *buf, size_t n)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        snprintf(buf, n, "%lld", (long long)config_setting_get_int64(s));
        break;
    case CONFIG_TYPE_FLOAT:
        snprintf(buf, n, "%.10g", config_setting_get_float(s));
        break;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, n, "%s", config_setting_get_bool(s) ? "true" : "false");
        break;
    case CONFIG_TYPE_STRING:
        snprintf(buf, n, "\"%s\"", config_setting_get_string(s));
        break;
    default:
        buf[0] = '\0';
    }
}

static void walk_settings(struct reader *r, config_setting_t *s, struct settings_sink *k)
{
    char key[512], val[256], from[OSS_PATH_LEN + 300];
    setting_path(s, key, sizeof key);
    if (is_overrides(s) || strcmp(key, "fitted") == 0)
        return; /* applied: their settings are listed where they land */
    if (config_setting_is_array(s)) { /* [ "a", "b" ]: one line */
        size_t u = 0;
        val[u++] = '[';
        val[u] = '\0';
        for (int i = 0; i < config_setting_length(s) && u + 4 < sizeof val; i++) {
            char e[200];
            value_text(config_setting_get_elem(s, (unsigned)i), e, sizeof e);
            snprintf(val + u, sizeof val - u, "%s%s", i ? ", " : "", e);
            u = strlen(val);
        }
        snprintf(val + u, sizeof val - u, "]");
        where(r, s, key, from, sizeof from);
        sink_add(k, key, val, from);
        return;
    }
    if (config_setting_is_group(s) || config_setting_is_list(s)) {
        for (int i = 0; i < config_setting_length(s); i++)
            walk_settings(r, config_setting_get_elem(s, (unsigned)i), k);
        return;
    }
    value_text(s, val, sizeof val);
    where(r, s, key, from, sizeof from);
    sink_add(k, key, val, from);
}

/* The names a path's "*" at part i stands for when the table fixes them
 * (the row of the path up to it lists them: agents.by_segment.*, the
 * segments), split into names (from buf); 0 when the file chooses them. */
static int star_names(char *const *parts, int i, char *buf, size_t bn, const char **names, int max)
{
    char p[256] = "";
    for (int j = 0; j <= i; j++)
        snprintf(p + strlen(p), sizeof p - strlen(p), "%s%s", j ? "." : "", parts[j]);
    for (size_t r = 0; r < schema_n_keys; r++)
        if (strcmp(schema_keys[r].path, p) == 0 && schema_keys[r].choices) {
            int n = 0;
            snprintf(buf, bn, "%s", schema_keys[r].choices);
            for (char *save = NULL, *c = strtok_r(buf, ", ", &save); c && n < max; c = strtok_r(NULL, ", ", &save))
                names[n++] = c;
            return n;
        }
    return 0;
}

/* The defaults of row sk's keys that the file leaves out: the path's parts
 * from part i on, below the group g at `path` (NULL: a group the file
 * leaves out, whose keys are in effect with their defaults: run.seed,
 * frictions.*, agents.alpha.*, agents.by_segment.*, unless the group's
 * presence is the setting: a policy lever, the calibration, a family).  A
 * "*" part stands for each of its fixed names (star_names: each segment,
 * each region), or else for every member the file has (families). */
static void walk_defaults(config_setting_t *g, const char *path, char *const *parts, int i, int n,
                          const struct schema_key *sk, struct settings_sink *k)
{
    if (g && !config_setting_is_group(g))
        return; /* written as something else: the loader said so */
    if (!g && (strcmp(parts[0], "policy") == 0 || strcmp(parts[0], "calibration") == 0 ||
               strcmp(parts[0], "families") == 0))
        return;
    const char *names[16];
    char nbuf[256], key[512];
    int nn = 1;
    names[0] = parts[i];
    if (strcmp(parts[i], "*") == 0 && (nn = star_names(parts, i, nbuf, sizeof nbuf, names, 16)) == 0) {
        for (int j = 0; g && i < n - 1 && j < config_setting_length(g); j++) {
            config_setting_t *c = config_setting_get_elem(g, (unsigned)j);
            snprintf(key, sizeof key, "%.400s%s%.100s", path, path[0] ? "." : "", config_setting_name(c));
            walk_defaults(c, key, parts, i + 1, n, sk, k);
        }
        return;
    }
    for (int j = 0; j < nn; j++) {
        config_setting_t *c = g ? config_setting_get_member(g, names[j]) : NULL;
        snprintf(key, sizeof key, "%.400s%s%.100s", path, path[0] ? "." : "", names[j]);
        if (i < n - 1) {
            walk_defaults(c, key, parts, i + 1, n, sk, k);
            continue;
        }
        if (c)
            continue;
        char val[256];
        if (!g && sk->doc && strstr(sk->doc, "1/4 each without the group"))
            snprintf(val, sizeof val, "0.25"); /* a share of a group of four shares left out */
        else if (sk->def_text)
            snprintf(val, sizeof val, "%s", sk->def_text);
        else if (sk->type == SCHEMA_BOOL)
            snprintf(val, sizeof val, "%s", sk->def ? "true" : "false");
        else
            snprintf(val, sizeof val, "%.10g", sk->def);
        sink_add(k, key, val, "default");
    }
}

static void collect_settings(struct reader *r, struct settings_sink *k)
{
    config_setting_t *root = config_root_setting(&r->cfg);
    walk_settings(r, root, k);
    for (size_t i = 0; i < schema_n_keys; i++) {
        const struct schema_key *sk = &schema_keys[i];
        if (sk->required || sk->type == SCHEMA_GROUP || sk->type == SCHEMA_LIST || strstr(sk->path, "[]"))
            continue;
        char buf[256], *parts[16];
        int n = 0;
        snprintf(buf, sizeof buf, "%s", sk->path);
        for (char *save = NULL, *p = strtok_r(buf, ".", &save); p && n < 16; p = strtok_r(NULL, ".", &save))
            parts[n++] = p;
        walk_defaults(root, "", parts, 0, n, sk, k);
    }
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(((const struct setting_line *)a)->key, ((const struct setting_line *)b)->key);
}

int scenario_settings(const char *path, const struct override_list *ov, struct setting_line **out, char *err)
{
    struct scenario *sc = calloc(1, sizeof *sc);
    struct settings_sink k = {NULL, 0, 0, false};
    *out = NULL;
    if (!sc) {
        snprintf(err, OSS_ERR_LEN, "%s: out of memory", path);
        return -1;
    }
    bool ok = load(sc, path, ov, err, &k);
    free(sc);
    if (!ok || k.oom) {
        if (ok)
            snprintf(err, OSS_ERR_LEN, "%s: out of memory", path);
        free(k.lines);
        return -1;
    }
    qsort(k.lines, (size_t)k.n, sizeof *k.lines, cmp_lines);
    *out = k.lines;
    return k.n;
}

bool scenario_ensemble(const struct scenario *sc, struct ensemble *e, char *err)
{
    memset(e, 0, sizeof *e);
    const char *path = sc->calibration.fitted_file;
    if (!path[0]) {
        snprintf(err, OSS_ERR_LEN, "%.900s: no fitted values, so no posterior ensemble (oss-sim calibrate writes one)",
                 sc->path);
        return false;
    }
    snprintf(e->file, sizeof e->file, "%s", path);
    config_t cfg;
    config_init(&cfg);
    bool ok = false;
    if (!read_fragment(&cfg, path, err))
        goto done;
    config_setting_t *root = config_root_setting(&cfg);
    config_setting_t *fl = config_setting_get_member(root, "fitted");
    config_setting_t *el = config_setting_get_member(root, "ensemble");
    if (!fl || !el) {
        snprintf(err, OSS_ERR_LEN, "%.900s: no `ensemble` list (a point fit): run oss-sim calibrate to write one", path);
        goto done;
    }
    int P = config_setting_length(fl), K = config_setting_length(el);
    if (P < 1 || P > OSS_MAX_CAL_FREE || !config_setting_is_list(el) || K < 1) {
        snprintf(err, OSS_ERR_LEN, "%.700s:%u: ensemble: expected a list of draws ( [weight, values...], ... )", path,
                 config_setting_source_line(el));
        goto done;
    }
    e->n_keys = P;
    for (int i = 0; i < P; i++) {
        const char *t = config_setting_get_string_elem(fl, (unsigned)i);
        if (!t || !strchr(t, '=')) {
            snprintf(err, OSS_ERR_LEN, "%.900s: fitted: expected \"KEY=VALUE\" strings", path);
            goto done;
        }
        snprintf(e->keys[i], sizeof e->keys[i], "%.*s", (int)(strchr(t, '=') - t), t);
        char *k = trim(e->keys[i]);
        memmove(e->keys[i], k, strlen(k) + 1);
    }
    e->w = malloc((size_t)K * sizeof *e->w);
    e->v = malloc((size_t)K * P * sizeof *e->v);
    if (!e->w || !e->v) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        goto done;
    }
    double tot = 0;
    for (int k = 0; k < K; k++) {
        config_setting_t *d = config_setting_get_elem(el, (unsigned)k);
        if (!config_setting_is_array(d) || config_setting_length(d) != P + 1 ||
            config_setting_type(config_setting_get_elem(d, 0)) != CONFIG_TYPE_FLOAT) {
            snprintf(err, OSS_ERR_LEN, "%.700s:%u: ensemble[%d]: expected [weight, %d values] as numbers with a decimal point",
                     path, config_setting_source_line(d), k, P);
            goto done;
        }
        e->w[k] = config_setting_get_float_elem(d, 0);
        for (int i = 0; i < P; i++)
            e->v[(size_t)k * P + i] = config_setting_get_float_elem(d, (unsigned)i + 1);
        if (!(e->w[k] >= 0) || !isfinite(e->w[k])) {
            snprintf(err, OSS_ERR_LEN, "%.700s:%u: ensemble[%d]: the weight must be 0 or more", path,
                     config_setting_source_line(d), k);
            goto done;
        }
        tot += e->w[k];
    }
    if (!(tot > 0)) {
        snprintf(err, OSS_ERR_LEN, "%.900s: ensemble: the weights sum to 0", path);
        goto done;
    }
    for (int k = 0; k < K; k++)
        e->w[k] /= tot;
    e->n = K;
    ok = true;
done:
    config_destroy(&cfg);
    if (!ok)
        ensemble_free(e);
    return ok;
}

void ensemble_free(struct ensemble *e)
{
    free(e->w);
    free(e->v);
    e->w = e->v = NULL;
    e->n = 0;
}
