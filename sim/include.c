/*
 * include.c - @include resolved beside the including file (see include.h).
 *
 * libconfig takes an @include only as the first thing on a line:
 * `[ \t]*@include[ \t]+"PATH"`.  The scan below looks for the same lines,
 * outside block comments, in each file it reads.
 */
#define _POSIX_C_SOURCE 200809L
#include "include.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h" /* OSS_PATH_LEN */

#define MAX_FILE_BYTES (64L << 20) /* a scenario file larger than this is refused */

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/* Opens path for reading if it is a regular file: O_NONBLOCK so that a FIFO
 * does not wait for a writer.  Returns the descriptor or -1 with err set. */
static int open_regular(const char *path, char *err, size_t n)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == EISDIR)
            snprintf(err, n, "%s: a directory, not a scenario file", path);
        else
            snprintf(err, n, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, n, "%s: %s, not a scenario file", path, kind_of(st.st_mode));
        close(fd);
        return -1;
    }
    if (st.st_size > MAX_FILE_BYTES) {
        snprintf(err, n, "%s: larger than %ld MiB, not a scenario file", path, MAX_FILE_BYTES >> 20);
        close(fd);
        return -1;
    }
    return fd;
}

bool include_check_file(const char *path, char *err, size_t n)
{
    int fd = open_regular(path, err, n);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* The whole file, NUL-terminated, or NULL with err set. */
static char *read_all(const char *path, char *err, size_t n)
{
    int fd = open_regular(path, err, n);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            char *nb = (len + 1 >= (size_t)MAX_FILE_BYTES) ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + len, cap - 1 - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            snprintf(err, n, "%s: %s", path, strerror(errno));
            free(buf);
            buf = NULL;
            break;
        }
        if (k == 0)
            break;
        len += (size_t)k;
    }
    close(fd);
    if (!buf) {
        if (!err[0])
            snprintf(err, n, "%s: out of memory reading it", path);
        return NULL;
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        snprintf(err, n, "%s: holds a NUL byte, not a scenario file", path);
        free(buf);
        return NULL;
    }
    return buf;
}

/* A growing string. */
struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static bool add_copy(struct include_map *m, const char *copy, const char *orig)
{
    char **c = realloc(m->copy, (size_t)(m->n + 1) * sizeof *c);
    if (!c)
        return false;
    m->copy = c;
    char **o = realloc(m->orig, (size_t)(m->n + 1) * sizeof *o);
    if (!o)
        return false;
    m->orig = o;
    m->copy[m->n] = strdup(copy);
    m->orig[m->n] = strdup(orig);
    if (!m->copy[m->n] || !m->orig[m->n]) {
        free(m->copy[m->n]);
        free(m->orig[m->n]);
        return false;
    }
    m->n++;
    return true;
}

/* Writes text as a copy of orig into the private directory; its name goes
 * into out. */
static bool write_copy(struct include_map *m, const char *orig, const char *text, char out[OSS_PATH_LEN],
                       char *err, size_t n)
{
    if (!m->tmpdir) {
        /* $TMPDIR, or /tmp when it is unset or cannot be written (missing,
         * read-only): a stale TMPDIR is no reason to refuse a scenario */
        const char *t = getenv("TMPDIR");
        char tmpl[OSS_PATH_LEN];
        if (!t || !*t || t[0] != '/' || strlen(t) > 1000)
            t = "/tmp";
        snprintf(tmpl, sizeof tmpl, "%s/oss-sim-include.XXXXXX", t);
        bool made = mkdtemp(tmpl) != NULL;
        if (!made && strcmp(t, "/tmp") != 0) {
            int e = errno;
            snprintf(tmpl, sizeof tmpl, "/tmp/oss-sim-include.XXXXXX");
            if (!(made = mkdtemp(tmpl) != NULL)) {
                snprintf(err, n,
                         "%s: cannot make a temporary directory for its includes in TMPDIR (%.200s: %s) or /tmp: %s",
                         orig, t, strerror(e), strerror(errno));
                return false;
            }
        } else if (!made) {
            snprintf(err, n, "%s: cannot make a temporary directory for its includes in /tmp: %s", orig,
                     strerror(errno));
            return false;
        }
        if (!(m->tmpdir = strdup(tmpl))) {
            snprintf(err, n, "%s: out of memory", orig);
            return false;
        }
    }
    snprintf(out, OSS_PATH_LEN, "%s/%d.cfg", m->tmpdir, m->n);
    int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    size_t len = strlen(text);
    bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok || !add_copy(m, out, orig)) {
        snprintf(err, n, "%s: cannot write a temporary copy %s: %s", orig, out, strerror(errno));
        unlink(out);
        return false;
    }
    return true;
}

char *include_read_text(const char *path, bool *had_bom, char *err, size_t n)
{
    err[0] = '\0';
    char *src = read_all(path, err, n);
    if (had_bom)
        *had_bom = false;
    /* a UTF-8 byte-order mark (a file saved as "UTF-8 with BOM") is no
     * text: libconfig would call it a syntax error on line 1 */
    if (src && strncmp(src, "\xEF\xBB\xBF", 3) == 0) {
        memmove(src, src + 3, strlen(src + 3) + 1);
        if (had_bom)
            *had_bom = true;
    }
    return src;
}

/* Reads `path` (as the user reaches it) and rewrites its @include lines;
 * the result goes to *text.  depth counts the files above it. */
static bool scan(struct include_map *m, const char *path, int depth, char **text, bool *changed, char *err,
                 size_t n)
{
    /* without a byte-order mark it had: libconfig reads the copy */
    char *src = include_read_text(path, changed, err, n);
    if (!src)
        return false;
    /* the directory of this file, as the user reaches it */
    char dir[OSS_PATH_LEN] = "";
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path);
    struct sbuf out = {0};
    bool in_comment = false, ok = true;
    int line = 1;
    for (char *p = src; *p && ok; line++) {
        char *eol = strchr(p, '\n');
        size_t ll = eol ? (size_t)(eol - p) + 1 : strlen(p);
        char *q = p;
        if (!in_comment) {
            while (*q == ' ' || *q == '\t')
                q++;
        }
        bool inc = !in_comment && strncmp(q, "@include", 8) == 0 && (q[8] == ' ' || q[8] == '\t');
        if (inc) {
            q += 8;
            while (*q == ' ' || *q == '\t')
                q++;
            inc = *q == '"';
        }
        if (!inc && !in_comment && strncmp(q, "overrides", 9) == 0 &&
            (q[9] == ' ' || q[9] == '\t' || q[9] == '=' || q[9] == ':')) {
            /* an overrides list: renamed overrides__N (see include.h) */
            char nm[32];
            snprintf(nm, sizeof nm, "overrides__%d", ++m->n_overrides);
            sb_add(&out, p, (size_t)(q - p));
            sb_add(&out, nm, strlen(nm));
            sb_add(&out, q + 9, ll - (size_t)(q + 9 - p));
            *changed = true;
            p += ll;
            continue;
        }
        if (!inc) {
            /* block comments, so that an @include inside one is left alone */
            for (char *c = p; c < p + ll; c++) {
                if (in_comment) {
                    if (c[0] == '*' && c[1] == '/') {
                        in_comment = false;
                        c++;
                    }
                } else if (c[0] == '"') {
                    for (c++; c < p + ll && *c != '"'; c++)
                        if (*c == '\\' && c + 1 < p + ll)
                            c++;
                } else if (c[0] == '#' || (c[0] == '/' && c[1] == '/')) {
                    break;
                } else if (c[0] == '/' && c[1] == '*') {
                    in_comment = true;
                    c++;
                }
            }
            sb_add(&out, p, ll);
            p += ll;
            continue;
        }
        char *name = q + 1, *cq = name;
        while (cq < p + ll && *cq != '"' && *cq != '\\' && *cq != '\n')
            cq++;
        if (*cq != '"') {
            snprintf(err, n, "%s:%d: an @include path must be one line of text in double quotes, without '\\'", path,
                     line);
            ok = false;
            break;
        }
        char rel[OSS_PATH_LEN], res[OSS_PATH_LEN + 8];
        if ((size_t)(cq - name) >= sizeof rel) {
            snprintf(err, n, "%s:%d: an @include path is longer than %d characters", path, line, OSS_PATH_LEN - 1);
            ok = false;
            break;
        }
        snprintf(rel, sizeof rel, "%.*s", (int)(cq - name), name);
        if (!rel[0]) {
            snprintf(err, n, "%s:%d: an empty @include path", path, line);
            ok = false;
            break;
        }
        int w = rel[0] == '/' ? snprintf(res, sizeof res, "%s", rel) : snprintf(res, sizeof res, "%s%s", dir, rel);
        if (w < 0 || w >= OSS_PATH_LEN) {
            snprintf(err, n, "%s:%d: the included path is longer than %d characters", path, line, OSS_PATH_LEN - 1);
            ok = false;
            break;
        }
        if (depth + 1 > OSS_INCLUDE_DEPTH) {
            snprintf(err, n, "%.2000s:%d: @include \"%.1000s\": includes nested more than %d deep (does a file include itself?)",
                     path, line, rel, OSS_INCLUDE_DEPTH);
            ok = false;
            break;
        }
        char why[OSS_PATH_LEN + 200] = "";
        int fd = open_regular(res, why, sizeof why);
        if (fd < 0) {
            const char *reason = why + strlen(res) + 2; /* "RES: reason" */
            snprintf(err, n, "%.2000s:%d: cannot open include file \"%.1500s\": %.300s", path, line, res,
                     strlen(why) > strlen(res) + 2 ? reason : "unreadable");
            ok = false;
            break;
        }
        close(fd);
        char *sub = NULL;
        bool sub_changed;
        if (!scan(m, res, depth + 1, &sub, &sub_changed, err, n)) {
            ok = false;
            break;
        }
        char use[OSS_PATH_LEN + 8];
        if (sub_changed) { /* it includes others, or has overrides: libconfig reads a rewritten copy */
            if (!write_copy(m, res, sub, use, err, n))
                ok = false;
        } else {
            snprintf(use, sizeof use, "%s", res);
        }
        free(sub);
        if (!ok)
            break;
        sb_add(&out, p, (size_t)(name - p));
        sb_add(&out, use, strlen(use));
        sb_add(&out, cq, ll - (size_t)(cq - p));
        *changed = true;
        p += ll;
    }
    free(src);
    if (ok && out.oom) {
        snprintf(err, n, "%s: out of memory reading it", path);
        ok = false;
    }
    if (ok && !out.p)
        sb_add(&out, "", 0);
    if (!ok || out.oom) {
        free(out.p);
        return false;
    }
    *text = out.p;
    return true;
}

bool include_prepare(struct include_map *m, const char *path, char *err, size_t n)
{
    memset(m, 0, sizeof *m);
    err[0] = '\0';
    bool changed;
    if (!scan(m, path, 0, &m->text, &changed, err, n)) {
        include_free(m);
        return false;
    }
    return true;
}

const char *include_original(const struct include_map *m, const char *name)
{
    for (int i = 0; name && i < m->n; i++)
        if (strcmp(m->copy[i], name) == 0)
            return m->orig[i];
    return name;
}

void include_free(struct include_map *m)
{
    for (int i = 0; i < m->n; i++) {
        unlink(m->copy[i]);
        free(m->copy[i]);
        free(m->orig[i]);
    }
    if (m->tmpdir)
        rmdir(m->tmpdir);
    free(m->tmpdir);
    free(m->copy);
    free(m->orig);
    free(m->text);
    memset(m, 0, sizeof *m);
}
