/*
 * syntax.c - what libconfig's "syntax error" means in a scenario file (see
 * syntax.h).
 *
 * The line libconfig names is read with its comments removed and the
 * contents of its strings blanked; each of the known mistakes is looked for
 * on it, and the leftmost found is explained.  To name the key by its whole
 * path, the text is read again with that value replaced by 0, and the
 * setting on the line found in the tree.
 */
#define _POSIX_C_SOURCE 200809L
#include "syntax.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LINE_LEN 4096

void syntax_setting_path(const config_setting_t *s, char *buf, size_t n)
{
    const config_setting_t *chain[64];
    int depth = 0;
    for (const config_setting_t *p = s; p && config_setting_parent(p) && depth < 64; p = config_setting_parent(p))
        chain[depth++] = p;
    buf[0] = '\0';
    size_t used = 0;
    for (int i = depth - 1; i >= 0; i--) {
        const char *nm = config_setting_name(chain[i]);
        char idx[24];
        if (!nm) {
            snprintf(idx, sizeof idx, "[%d]", config_setting_index(chain[i]));
            nm = idx;
        }
        int w = snprintf(buf + used, n - used, "%s%s", (used && nm[0] != '[') ? "." : "", nm);
        if (w < 0 || (size_t)w >= n - used)
            return;
        used += (size_t)w;
    }
}

/* Where line `line` (from 1) of text starts, or NULL past the end. */
static const char *line_start(const char *text, int line)
{
    const char *p = text;
    for (int i = 1; i < line && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return p && *p ? p : NULL;
}

/* The line at p as code: comments removed (blanks), the contents of double-
 * quoted strings blanked (the quotes kept), into m (n bytes).  So every
 * character of m that is not a blank is code, at its column in the line. */
static void code_of(const char *p, char *m, size_t n)
{
    size_t len = strcspn(p, "\n");
    if (len >= n)
        len = n - 1;
    memcpy(m, p, len);
    m[len] = '\0';
    bool str = false, block = false;
    for (size_t i = 0; i < len; i++) {
        if (block) {
            if (m[i] == '*' && m[i + 1] == '/') {
                block = false;
                m[i + 1] = ' ';
            }
            m[i] = ' ';
        } else if (str) {
            if (m[i] == '\\' && i + 1 < len)
                m[i++] = ' ';
            else if (m[i] == '"') {
                str = false;
                continue;
            }
            m[i] = ' ';
        } else if (m[i] == '"') {
            str = true;
        } else if (m[i] == '#' || (m[i] == '/' && m[i + 1] == '/')) {
            memset(m + i, ' ', len - i);
            break;
        } else if (m[i] == '/' && m[i + 1] == '*') {
            block = true;
            m[i] = ' ';
        }
    }
}

static bool blank(const char *m)
{
    return m[strspn(m, " \t\r")] == '\0';
}

/* Does the text hold nothing but blanks and comments from line on? */
static bool nothing_from(const char *text, int line)
{
    char m[LINE_LEN];
    for (const char *p = line_start(text, line); p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (!*p)
            break;
        code_of(p, m, sizeof m);
        if (!blank(m))
            return false;
    }
    return true;
}

static bool delim(char c)
{
    return c == '\0' || isspace((unsigned char)c) || strchr("=:;,[](){}\"", c) != NULL;
}

/* The mistake found on a line: the span [b, e) of the value to replace by 0
 * (e == b: insert it), and what to say. */
struct finding {
    size_t b, e;
    bool found;
    char what[300];
};

/* Keeps the leftmost mistake of the line. */
static void propose(struct finding *f, size_t b, size_t e, const char *what)
{
    if (f->found && f->b <= b)
        return;
    f->found = true;
    f->b = b;
    f->e = e;
    snprintf(f->what, sizeof f->what, "%s", what);
}

/* What is wrong with a value written as the word w (nan, a month without
 * quotes, a percentage, yes or no), into what; false when none of these. */
static bool word_hint(const char *w, char *what, size_t n)
{
    char lw[128];
    snprintf(lw, sizeof lw, "%s", w);
    for (char *c = lw; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    const char *core = lw + strspn(lw, "+-.");
    size_t len = strlen(w);
    if (strcmp(core, "nan") == 0 || strcmp(core, "inf") == 0 || strcmp(core, "infinity") == 0) {
        snprintf(what, n, "%s is not a number: every value in a scenario must be a finite number", w);
    } else if (len >= 6 && len <= 7 && strspn(w, "0123456789") == 4 && w[4] == '-' &&
               strspn(w + 5, "0123456789") == len - 5) {
        snprintf(what, n, "a month is written in double quotes: \"%s\"", w);
    } else if (strchr(w, '%')) {
        char *end;
        double v = strtod(w, &end);
        bool pct = end != w && *end == '%' && !end[1];
        snprintf(what, n, "a percentage is written as a fraction: %s is %.10g", pct ? w : "4%", pct ? v / 100 : 0.04);
    } else if (strcmp(lw, "yes") == 0 || strcmp(lw, "no") == 0 || strcmp(lw, "on") == 0 || strcmp(lw, "off") == 0) {
        snprintf(what, n, "%s is not a value: a yes or no is written true or false", w);
    } else {
        return false;
    }
    return true;
}

/* A number with a comma in it at v (digits, then ",digits" groups, then a
 * fraction or an exponent): its length into *len and what to write
 * instead; false when v is not one. */
static bool comma_number(const char *v, size_t *len, char *what, size_t n)
{
    size_t p = (v[0] == '-' || v[0] == '+'), d = strspn(v + p, "0123456789");
    if (d == 0 || v[p + d] != ',' || !isdigit((unsigned char)v[p + d + 1]))
        return false;
    size_t e = p + d, groups = 0, last = 0;
    while (v[e] == ',' && isdigit((unsigned char)v[e + 1])) {
        last = strspn(v + e + 1, "0123456789");
        e += 1 + last;
        groups++;
    }
    e += strspn(v + e, "0123456789.eE+-");
    /* one group not of three digits, or 0,xxx: a decimal comma */
    bool decimal = groups == 1 && (last != 3 || (d == 1 && v[p] == '0')) && !memchr(v, '.', e);
    char fixed[96];
    size_t k = 0;
    for (size_t i = 0; i < e && k + 1 < sizeof fixed; i++)
        if (v[i] != ',')
            fixed[k++] = v[i];
        else if (decimal)
            fixed[k++] = '.';
    fixed[k] = '\0';
    snprintf(what, n, "a number is written %s: %s", decimal ? "with a decimal point" : "without thousands separators",
             fixed);
    *len = e;
    return true;
}

bool syntax_number_hint(const char *v, char *out, size_t n)
{
    size_t len;
    out[0] = '\0';
    if (comma_number(v, &len, out, n) && len == strlen(v))
        return true;
    return strchr(v, '%') && word_hint(v, out, n);
}

/* The words of the line (runs of code between delimiters). */
static void check_words(const char *line, const char *m, struct finding *f)
{
    for (size_t i = 0; m[i];) {
        if (delim(m[i])) {
            i++;
            continue;
        }
        size_t b = i;
        while (!delim(m[i]))
            i++;
        char w[128], what[300];
        snprintf(w, sizeof w, "%.*s", (int)(i - b < sizeof w - 1 ? i - b : sizeof w - 1), line + b);
        size_t j = i;
        while (m[j] == ' ' || m[j] == '\t')
            j++;
        if (m[j] == '=' || m[j] == ':')
            continue; /* a key's name */
        if (strchr(w, '\'')) { /* 'text', spaces and all */
            size_t q = b + (size_t)(strchr(w, '\'') - w), r = q + 1;
            while (line[r] && line[r] != '\'' && line[r] != '\n')
                r++;
            snprintf(what, sizeof what, "text is written in double quotes: \"%.*s\"", (int)(r - q - 1 < 100 ? r - q - 1 : 100),
                     line + q + 1);
            propose(f, q, line[r] == '\'' ? r + 1 : r, what);
            continue;
        }
        if (w[0] == '%') { /* "4 %": the number before it too */
            size_t k = b;
            while (k > 0 && (m[k - 1] == ' ' || m[k - 1] == '\t'))
                k--;
            size_t e = k;
            while (k > 0 && strchr("0123456789.eE+-", m[k - 1]))
                k--;
            if (k < e) {
                snprintf(w, sizeof w, "%.*s%%", (int)(e - k < 100 ? e - k : 100), line + k);
                b = k;
            }
        }
        if (word_hint(w, what, sizeof what)) {
            propose(f, b, i, what);
        } else if (isalpha((unsigned char)w[0]) && strcasecmp(w, "true") != 0 && strcasecmp(w, "false") != 0) {
            /* a word where a value stands: text without its quotes */
            snprintf(what, sizeof what, "text is written in double quotes: \"%s\"", w);
            propose(f, b, i, what);
        }
    }
}

/* After each '=' or ':': no value, or a number with a comma in it. */
static void check_values(const char *line, const char *m, struct finding *f)
{
    for (size_t i = 0; m[i]; i++) {
        if (m[i] != '=' && m[i] != ':')
            continue;
        size_t q = i + 1;
        while (m[q] == ' ' || m[q] == '\t')
            q++;
        if (m[q] == '\0' || strchr(";,})]", m[q])) {
            if (m[q] != '\0') /* at the end of the line, the value may be on the next */
                propose(f, q, q, "missing value");
            continue;
        }
        size_t len;
        char what[300];
        if (comma_number(line + q, &len, what, sizeof what))
            propose(f, q, q + len, what);
    }
}

/* The key as written on the line: the name before the last '=' or ':'
 * before column b. */
static void name_before(const char *m, size_t b, char *name, size_t n)
{
    name[0] = '\0';
    size_t i = b;
    while (i > 0 && m[i - 1] != '=' && m[i - 1] != ':')
        i--;
    if (i == 0)
        return;
    i--; /* at the '=' */
    while (i > 0 && (m[i - 1] == ' ' || m[i - 1] == '\t'))
        i--;
    size_t e = i;
    while (i > 0 && (isalnum((unsigned char)m[i - 1]) || m[i - 1] == '_' || m[i - 1] == '-' || m[i - 1] == '*'))
        i--;
    if (e > i && isalpha((unsigned char)m[i]))
        snprintf(name, n, "%.*s", (int)(e - i), m + i);
}

/* The setting on `line` of the text's own (not an included file's): the one
 * named `name` (the one that now holds 0, if two are), else the first. */
struct on_line {
    int line;
    const char *name;
    const config_setting_t *named, *first;
    bool named_zero;
};

static void find_on_line(const config_setting_t *s, struct on_line *o)
{
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *c = config_setting_get_elem(s, (unsigned)i);
        if ((int)config_setting_source_line(c) == o->line && !config_setting_source_file(c)) {
            if (!o->first)
                o->first = c;
            const char *nm = config_setting_name(c);
            int t = config_setting_type(c);
            bool zero = (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) ? config_setting_get_int64(c) == 0
                        : t == CONFIG_TYPE_FLOAT                         ? config_setting_get_float(c) == 0
                                                                         : false;
            if (o->name[0] && nm && strcmp(nm, o->name) == 0 && (!o->named || (zero && !o->named_zero))) {
                o->named = c;
                o->named_zero = zero;
            }
        }
        if (config_setting_is_group(c) || config_setting_is_aggregate(c))
            find_on_line(c, o);
    }
}

/* The whole path of the key, by reading the text with the value replaced
 * by zero (0, or 0.0 in an array of reals). */
static bool path_of(const char *text, int line, const struct finding *f, const char *name, char *path, size_t n)
{
    const char *ls = line_start(text, line);
    size_t off = (size_t)(ls - text), len = strlen(text);
    char *t = malloc(len + 4);
    if (!t)
        return false;
    config_t c;
    bool ok = false;
    for (int k = 0; k < 2 && !ok; k++) {
        const char *zero = k ? "0.0" : "0";
        size_t z = strlen(zero);
        memcpy(t, text, off + f->b);
        memcpy(t + off + f->b, zero, z);
        memcpy(t + off + f->b + z, text + off + f->e, len - off - f->e + 1);
        config_init(&c);
        ok = config_read_string(&c, t) == CONFIG_TRUE;
        if (!ok)
            config_destroy(&c);
    }
    if (ok) {
        struct on_line o = {line, name, NULL, NULL, false};
        find_on_line(config_root_setting(&c), &o);
        const config_setting_t *s = o.named ? o.named : o.first;
        if (s)
            syntax_setting_path(s, path, n);
        ok = s != NULL && path[0];
        config_destroy(&c);
    }
    free(t);
    return ok;
}

bool syntax_explain(const char *text, int line, char *out, size_t n)
{
    out[0] = '\0';
    if (!text || line < 1)
        return false;
    if (nothing_from(text, line)) {
        snprintf(out, n, "the file ends inside a group, a list, a string or a comment: a closing }, ), \" or */ "
                         "is missing");
        return true;
    }
    const char *ls = line_start(text, line);
    char l[LINE_LEN], m[LINE_LEN];
    snprintf(l, sizeof l, "%.*s", (int)strcspn(ls, "\n"), ls);
    code_of(ls, m, sizeof m);
    struct finding f = {0, 0, false, ""};
    check_words(l, m, &f);
    check_values(l, m, &f);
    if (!f.found)
        return false;
    char name[128], path[512] = "";
    name_before(m, f.b, name, sizeof name);
    if (!path_of(text, line, &f, name, path, sizeof path))
        snprintf(path, sizeof path, "%s", name);
    snprintf(out, n, "%s%s%s", path, path[0] ? ": " : "", f.what);
    return true;
}
