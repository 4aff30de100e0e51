/*
 * sweep.c - running, resuming, sharding and merging sweeps (see sweep.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"
#include "schema.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef OSS_MPI
#include <mpi.h>
#endif

#include "cli.h"
#include "metrics.h"
#include "ensemble.h"
#include "finite.h"
#include "memory.h"
#include "output.h"
#include <fcntl.h>
#include <nettle/sha2.h>
#include "resdir.h"
#include "run.h"
#include "sobol.h"

#define SIG_LEN 12288

static void path_in(char *buf, size_t n, const char *dir, const char *name)
{
    if (snprintf(buf, n, "%s/%s", dir, name) >= (int)n) /* not for a path resdir_check_path accepts */
        snprintf(buf, n, "%s", "");
}

/* The whole of a small text file, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t cap = 0, len = 0;
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        if (len + got + 1 > cap) {
            cap = 2 * (len + got + 1);
            char *t = realloc(text, cap);
            if (!t) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = t;
        }
        memcpy(text + len, buf, got);
        len += got;
    }
    fclose(f);
    if (!text)
        text = calloc(1, 1);
    else
        text[len] = '\0';
    return text;
}

/* The SHA-256 of a file, in hex, into out (65 bytes); false when unreadable. */
static bool file_sha256(const char *path, char *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&ctx, got, buf);
    bool ok = !ferror(f);
    fclose(f);
    uint8_t dg[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof dg, dg);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", dg[i]);
    return ok;
}

static bool fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Is dir (which exists) empty or does it hold nothing but a sweep's files:
 * sweep.csv and its partial files, sobol.csv, a sweep's manifest.txt
 * (manifest: its text, or NULL), the charts, and the hidden temporaries a
 * killed sweep left?  A new sweep writes in place, beside what is there: a
 * run's result or the user's own files would be mixed with it (and a run's
 * manifest.txt replaced), so they are refused, naming one. */
static bool only_sweep_files(const char *dir, const char *manifest, char *err)
{
    static const char *const names[] = {"sweep.csv", "sweep.csv.partial", "sweep.partial.txt", "sobol.csv"};
    static const char *const charts[] = {"sweep", "heatmap", "sobol"};
    DIR *dp = opendir(dir);
    if (!dp)
        return true; /* none yet */
    const char *bad = NULL; /* a run's manifest.txt before any other name: the message then says what it is */
    char name[256];
    struct dirent *e;
    while ((!bad || strcmp(bad, "manifest.txt") != 0) && (e = readdir(dp)) != NULL) {
        const char *n = e->d_name, *dot = strrchr(n, '.');
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
            continue;
        bool ok = n[0] == '.' && strstr(n, ".tmp."); /* output_atomic_open's, a chart's */
        for (size_t i = 0; !ok && i < sizeof names / sizeof *names; i++)
            ok = strcmp(n, names[i]) == 0;
        if (!ok && strcmp(n, "manifest.txt") == 0)
            ok = manifest && (strncmp(manifest, "points: ", 8) == 0 || strstr(manifest, "\npoints: "));
        for (size_t i = 0; !ok && dot && i < sizeof charts / sizeof *charts; i++) {
            size_t l = strlen(charts[i]);
            ok = strncmp(n, charts[i], l) == 0 && (n[l] == '.' || n[l] == '_') &&
                 (strcmp(dot, ".png") == 0 || strcmp(dot, ".pdf") == 0 || strcmp(dot, ".svg") == 0);
        }
        if (!ok && (!bad || strcmp(n, "manifest.txt") == 0)) {
            snprintf(name, sizeof name, "%.200s", n);
            bad = name;
        }
    }
    closedir(dp);
    if (bad && strcmp(bad, "manifest.txt") == 0)
        snprintf(err, OSS_ERR_LEN,
                 "%.700s holds the result of another command (its manifest.txt is not a sweep's): a sweep writes "
                 "into its directory as it goes, so give a new or empty directory with -o",
                 dir);
    else if (bad)
        snprintf(err, OSS_ERR_LEN,
                 "%.600s holds %s, which is not a sweep's file: a sweep writes into its directory as it goes, so "
                 "give a new or empty directory with -o",
                 dir, bad);
    return bad == NULL;
}

/* Does the manifest text record this command line? */
static bool same_command(const char *manifest, const char *command)
{
    size_t n = strlen(command);
    for (const char *p = strstr(manifest, "command: "); p; p = strstr(p + 1, "command: "))
        if (strncmp(p + 9, command, n) == 0 && p[9 + n] == '\n')
            return true;
    return false;
}

/* The slice [first, last) of shard i of n over total points. */
static void slice(long total, int i, int n, long *first, long *last)
{
    *first = (long)((double)total * (i - 1) / n);
    *last = (long)((double)total * i / n);
    if (i == n)
        *last = total;
}

/* Everything that fixes the sweep's rows: the base scenario (with the user's
 * overrides), its counterfactual, the design and the shard. */
static void signature(const struct sweep_options *o, const struct scenario *sc, const struct scenario *cf,
                      char *buf, size_t n)
{
    char d[4096];
    design_describe(&o->design, d, sizeof d);
    /* each parameter's plain-language label and unit, for the charts' axes */
    char labels[OSS_MAX_SWEEP_PARAMS * 200] = "";
    for (int i = 0; i < o->design.k; i++) {
        const struct schema_key *k = schema_find(o->design.p[i].key);
        size_t u = strlen(labels);
        if (k && k->label)
            snprintf(labels + u, sizeof labels - u, "label: %.120s = %.60s%s%.60s%s\n", o->design.p[i].key, k->label,
                     k->unit && k->unit[0] ? " (" : "", k->unit ? k->unit : "", k->unit && k->unit[0] ? ")" : "");
    }
    snprintf(buf, n,
             "scenario: %.1000s\nscenario_sha256: %s\ncounterfactual_sha256: %s\nseed: %llu\nreplications: %d\n"
             "agents: %ld\n%.4000s\n%.3000sshard: %d/%d\n",
             sc->path, sc->sha256, cf ? cf->sha256 : "none", (unsigned long long)sc->seed, sc->replications,
             sc->n_agents, d, labels, o->shard, o->n_shards);
    if (o->draws) { /* the draws' values are in the fragment, whose text is part of what fixes the rows */
        size_t l = strlen(buf);
        snprintf(buf + l, n - l, "ensemble: %d draws from %.1000s\n", o->draws, sc->calibration.fitted_file);
    }
}

/* Loads the scenario and its counterfactual with the point's values. */
static int load_point(const struct sweep_options *o, const double *x, struct scenario *sc, struct scenario *cf,
                      bool *has_cf, char *err)
{
    const struct design *d = &o->design;
    int nu = o->ov ? o->ov->n : 0;
    const char *items[OSS_MAX_SWEEP_PARAMS + 512];
    char buf[OSS_MAX_SWEEP_PARAMS][OSS_KEY_LEN + 40];
    if (nu > 512) {
        snprintf(err, OSS_ERR_LEN, "too many overrides");
        return 2;
    }
    for (int i = 0; i < nu; i++)
        items[i] = o->ov->items[i];
    for (int i = 0; x && i < d->k; i++) {
        snprintf(buf[i], sizeof buf[i], "%s=%.17g", d->p[i].key, x[i]);
        items[nu + i] = buf[i];
    }
    struct override_list ov = {nu + (x ? d->k : 0), items, false};
    char e[OSS_ERR_LEN];
    if (!scenario_load(sc, o->path, &ov, e)) {
        snprintf(err, OSS_ERR_LEN, "%s", e);
        return 2;
    }
    *has_cf = false;
    const char *cp = sc->counterfactual;
    if (!o->no_cf && cp[0] && !cli_same_file(cp, sc->path)) {
        if (!scenario_load(cf, cp, &ov, e)) {
            snprintf(err, OSS_ERR_LEN, "counterfactual: %.900s", e);
            return 2;
        }
        if (!scenario_pairable(sc, cf)) {
            snprintf(err, OSS_ERR_LEN,
                     "counterfactual %.900s: its horizon, agents.count, run.seed and run.replications must equal "
                     "the scenario's",
                     cf->path);
            return 2;
        }
        *has_cf = true;
    }
    return 0;
}

/* The counterfactual rows of the last points that ran one.  The
 * counterfactual takes the point's overrides too, so it changes with most
 * swept keys; where it does not (the same SHA-256 of the counterfactual as
 * resolved, which covers its seed, replications and agents), its rows are
 * the same numbers, and a later point reuses them instead of running it
 * again.  The last CF_CACHE distinct ones are kept (fewer when they would
 * take more than CF_CACHE_BYTES), so a grid whose counterfactual changes
 * with a faster key than the slowest still reuses them. */
#define CF_CACHE 8
#define CF_CACHE_BYTES ((size_t)64 << 20)
struct cf_cache {
    char sha256[CF_CACHE][65];
    double *rows[CF_CACHE];
    int next; /* the slot to fill next */
    long hits;
};

static const double *cf_cache_find(const struct cf_cache *c, const char *sha256)
{
    for (int i = 0; i < CF_CACHE; i++)
        if (c->rows[i] && strcmp(c->sha256[i], sha256) == 0)
            return c->rows[i];
    return NULL;
}

/* Keeps a copy of rows (n bytes); out of memory, it keeps nothing: the
 * cache is only a saving. */
static void cf_cache_put(struct cf_cache *c, const char *sha256, const double *rows, size_t n)
{
    if (cf_cache_find(c, sha256))
        return;
    size_t fit = n ? CF_CACHE_BYTES / n : CF_CACHE;
    int slots = fit < 1 ? 1 : fit > CF_CACHE ? CF_CACHE : (int)fit;
    int i = c->next % slots;
    c->next = (i + 1) % slots;
    double *keep = realloc(c->rows[i], n);
    if (!keep) {
        free(c->rows[i]);
        c->rows[i] = NULL;
        return;
    }
    memcpy(keep, rows, n);
    snprintf(c->sha256[i], sizeof c->sha256[i], "%s", sha256);
    c->rows[i] = keep;
}

static void cf_cache_free(struct cf_cache *c)
{
    for (int i = 0; i < CF_CACHE; i++)
        free(c->rows[i]);
}

/* A point of the design being run: its number and values, its scenario and
 * counterfactual as loaded, and its row when done. */
struct point {
    long p;
    double x[OSS_MAX_SWEEP_PARAMS];
    struct scenario *sc, *cf;
    char *row;
};

static void points_free(struct point *pts, int n)
{
    for (int i = 0; i < n; i++) {
        free(pts[i].sc);
        free(pts[i].cf);
        free(pts[i].row);
        pts[i].sc = pts[i].cf = NULL;
        pts[i].row = NULL;
    }
}

/* The row of a point (without the newline) from its results, into a new
 * string; false when out of memory. */
static bool point_row(const struct sweep_options *o, struct point *pt, const struct run_results *res)
{
    size_t len = 0;
    FILE *f = open_memstream(&pt->row, &len);
    if (!f)
        return false;
    fprintf(f, "%ld", pt->p);
    for (int i = 0; i < o->design.k; i++)
        output_csv_num(f, pt->x[i]);
    output_headline_row(f, res);
    return fclose(f) == 0;
}

/* Runs n points (their p and x set) into their rows: loads each, then runs
 * them as one batch (run_batch), so that the threads take the replications
 * of every point of the batch and do not wait at the end of each point.  A
 * point's counterfactual already known (in the cache, or run by an earlier
 * point of the batch) is not run again.  Under --ensemble n is 1. */
static int run_points(const struct sweep_options *o, struct point *pts, int n, bool want_cf, struct cf_cache *cache,
                      char *err)
{
    struct run_job *jobs = n > 0 ? calloc((size_t)n, sizeof *jobs) : NULL;
    int st = -1;
    char e[OSS_ERR_LEN];
    if (!jobs) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        struct point *pt = &pts[i];
        bool has_cf;
        pt->sc = malloc(sizeof *pt->sc);
        pt->cf = malloc(sizeof *pt->cf);
        if (!pt->sc || !pt->cf) {
            snprintf(err, OSS_ERR_LEN, "out of memory");
            st = -1;
            goto done;
        }
        if ((st = load_point(o, pt->x, pt->sc, pt->cf, &has_cf, e)) != 0) {
            snprintf(err, OSS_ERR_LEN, "point %ld: %.900s", pt->p, e);
            goto done;
        }
        if (has_cf != want_cf) {
            snprintf(err, OSS_ERR_LEN, "point %ld: the parameters change whether the scenario has a counterfactual",
                     pt->p);
            st = 2;
            goto done;
        }
        jobs[i] = (struct run_job){pt->sc, has_cf ? pt->cf : NULL, NULL, -1, {0}};
        if (!has_cf || o->draws)
            continue;
        if ((jobs[i].cf_rows = cf_cache_find(cache, pt->cf->sha256)) != NULL) {
            cache->hits++;
            continue;
        }
        for (int k = 0; k < i && jobs[i].cf_same_as < 0; k++)
            if (jobs[k].cf && strcmp(pts[k].cf->sha256, pt->cf->sha256) == 0) {
                jobs[i].cf_same_as = k;
                cache->hits++;
            }
    }
    if (o->draws) {
        /* the point's values go after the user's -s: they win over the draws too */
        int nu = o->ov ? o->ov->n : 0;
        const char *items[OSS_MAX_SWEEP_PARAMS + 512];
        char buf[OSS_MAX_SWEEP_PARAMS][OSS_KEY_LEN + 40];
        for (int i = 0; i < nu && i < 512; i++)
            items[i] = o->ov->items[i];
        for (int i = 0; i < o->design.k; i++) {
            snprintf(buf[i], sizeof buf[i], "%s=%.17g", o->design.p[i].key, pts[0].x[i]);
            items[nu + i] = buf[i];
        }
        struct override_list ov = {nu + o->design.k, items, false};
        st = ensemble_run(pts[0].sc, jobs[0].cf ? pts[0].cf : NULL, &ov, o->draws, o->threads, false, &jobs[0].out,
                          e);
        if (st == 2) {
            snprintf(err, OSS_ERR_LEN, "point %ld: %.900s", pts[0].p, e);
            goto done;
        }
    } else {
        st = run_batch(jobs, n, o->threads, false);
    }
    if (st != 0) {
        snprintf(err, OSS_ERR_LEN, st > 0 ? "interrupted" : "out of memory");
        goto done;
    }
    for (int i = 0; i < n; i++) {
        struct run_job *j = &jobs[i];
        if (!results_finite(j->sc, j->cf, &j->out, e)) {
            snprintf(err, OSS_ERR_LEN, "point %ld: %.900s", pts[i].p, e);
            st = -1;
            goto done;
        }
        if (j->cf && !o->draws && !j->cf_rows && j->cf_same_as < 0)
            cf_cache_put(cache, j->cf->sha256, j->out.cf_rows,
                         (size_t)j->out.reps * j->out.months * N_MONTH_METRICS * sizeof(double));
        if (!point_row(o, &pts[i], &j->out)) {
            snprintf(err, OSS_ERR_LEN, "out of memory");
            st = -1;
            goto done;
        }
    }
    st = 0;
done:
    for (int i = 0; i < n; i++)
        run_results_free(&jobs[i].out);
    free(jobs);
    return st;
}

/* How many points to run as one batch: one without threads to share, or
 * under MPI or --ensemble; else enough that the threads are rarely idle at
 * the batch's end (SWEEP_BATCH_PER_THREAD per thread), unless the points'
 * agents are many enough that one point's replications share out their
 * blocks (then a batch would build more worlds at once), and no more than
 * SWEEP_BATCH_BYTES of results. */
#define SWEEP_BATCH_PER_THREAD 4
#define SWEEP_BATCH_BYTES (256.0 * 1024 * 1024)
static int batch_points(const struct sweep_options *o, const struct scenario *sc, bool has_cf)
{
    if (o->threads <= 1 || o->mpi_size > 1 || o->draws)
        return 1;
    int outer, inner, R = sc->replications;
    run_plan_threads(sc->n_agents, R * (has_cf ? 2 : 1), o->threads, &outer, &inner);
    if (inner > 1)
        return 1;
    double bytes = 8.0 * R * sc->months *
                       (N_MONTH_METRICS * (has_cf ? 2.0 : 1.0) + (double)sc->n_families * N_FAMILY_METRICS) +
                   16.0 * R * N_HEADLINES;
    int n = SWEEP_BATCH_PER_THREAD * o->threads;
    while (n > 1 && n * bytes > SWEEP_BATCH_BYTES)
        n--;
    return n;
}

/* The rows of a finished sweep.csv: its header this sweep's, then points
 * first, first + 1, ... each once, in order, every line whole; -1 when
 * it is not so. */
static long checked_rows(const char *path, const char *header, long first)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long rows = -1;
    if ((got = getline(&line, &cap, f)) > 0 && line[got - 1] == '\n' && strncmp(line, header, (size_t)got - 1) == 0 &&
        header[got - 1] == '\0') {
        rows = 0;
        while (rows >= 0 && (got = getline(&line, &cap, f)) > 0) {
            char *end;
            long p = strtol(line, &end, 10);
            rows = line[got - 1] == '\n' && end != line && *end == ',' && p == first + rows ? rows + 1 : -1;
        }
    }
    free(line);
    fclose(f);
    return rows;
}

/* Is the sweep complete?  Its manifest records this sweep's signature, the
 * row count, which sweep.csv has (checked_rows), and sweep.csv's SHA-256:
 * the existence of a file says nothing (a sweep killed between renaming
 * sweep.csv and writing its manifest leaves an older manifest). */
static bool sweep_complete(const char *manifest, const char *sig, const char *final, const char *header, long first,
                           long last)
{
    char want[64], sum[128] = "sweep_csv_sha256: ";
    snprintf(want, sizeof want, "\nrows: %ld\n", last - first);
    return manifest && strstr(manifest, sig) && strstr(manifest, want) &&
           checked_rows(final, header, first) == last - first && file_sha256(final, sum + strlen(sum)) &&
           strstr(manifest, sum);
}

/* Keeps the complete rows of a partial file whose point numbers run from
 * first on; returns how many, or -1 when the file is not this sweep's. */
static long keep_complete_rows(const char *path, const char *header, long first, char *err)
{
    FILE *f = fopen(path, "r+");
    if (!f) {
        snprintf(err, OSS_ERR_LEN, "%.900s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long rows = 0;
    off_t keep = 0;
    bool ok = (got = getline(&line, &cap, f)) > 0 && line[got - 1] == '\n' &&
              strncmp(line, header, (size_t)got - 1) == 0 && header[got - 1] == '\0';
    if (ok) {
        keep = (off_t)got;
        while ((got = getline(&line, &cap, f)) > 0 && line[got - 1] == '\n') {
            char *end;
            long p = strtol(line, &end, 10);
            if (end == line || *end != ',' || p != first + rows)
                break;
            rows++;
            keep += (off_t)got;
        }
    }
    free(line);
    if (!ok) {
        fclose(f);
        snprintf(err, OSS_ERR_LEN, "%.900s: its header is not this sweep's", path);
        return -1;
    }
    fflush(f);
    if (ftruncate(fileno(f), keep) != 0) {
        snprintf(err, OSS_ERR_LEN, "%.900s: %s", path, strerror(errno));
        rows = -1;
    }
    fclose(f);
    return rows;
}

static void progress_line(long done, long total, double t0)
{
    double el = run_clock() - t0, rate = el > 0 ? done / el : 0;
    double left = rate > 0 ? (total - done) / rate : 0;
    fprintf(stderr, "\r  sweep: %ld/%ld points, %.2f points/s, ~%.0fs left   ", done, total, rate, left);
}

int sweep_run(struct sweep_options *o, char *err)
{
    err[0] = '\0';
    struct design *d = &o->design;
    struct scenario *sc = malloc(sizeof *sc), *cf = malloc(sizeof *cf);
    char *sig = malloc(SIG_LEN), *header = NULL;
    struct cf_cache cache = {{""}, {NULL}, 0, 0};
    struct point *pts = NULL;
    int nb = 0; /* points of a batch */
    FILE *out = NULL;
    int st = -1, lock_fd = -1;
    char lock[OSS_LOCK_LEN] = "";
    o->lock_fd = -1;
    o->lock[0] = '\0';
    bool has_cf, opened = false, root = o->mpi_rank == 0;
    char part[OSS_PATH_LEN + 64], partsig[OSS_PATH_LEN + 64], final[OSS_PATH_LEN + 64], man[OSS_PATH_LEN + 64];
    path_in(part, sizeof part, o->dir, "sweep.csv.partial");
    path_in(partsig, sizeof partsig, o->dir, "sweep.partial.txt");
    path_in(final, sizeof final, o->dir, "sweep.csv");
    path_in(man, sizeof man, o->dir, "manifest.txt");
    if (!sc || !cf || !sig) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        goto done;
    }
    if ((st = load_point(o, NULL, sc, cf, &has_cf, err)) != 0)
        goto done;
    if (!memory_check(sc, has_cf ? cf : NULL, o->threads, err)) {
        st = -1;
        goto done;
    }
    d->seed = sc->seed;
    opened = true;
    if (!design_open(d, err)) {
        st = 2;
        goto done;
    }
    {
        /* every point must load before anything is written: a --param
         * value that the scenario rejects is an error now, not a partial
         * file; and the output directory is made only then */
        double x0[OSS_MAX_SWEEP_PARAMS];
        struct scenario *t = malloc(sizeof *t), *tc = malloc(sizeof *tc);
        bool tcf;
        char e[OSS_ERR_LEN];
        int lst = !t || !tc ? -1 : 0;
        for (long p = 0; lst == 0 && p < d->n_points && !run_stop; p++) {
            lst = !design_next(d, x0, err) ? 2 : load_point(o, x0, t, tc, &tcf, e);
            if (lst == 2 && !err[0])
                snprintf(err, OSS_ERR_LEN, "--param: point %ld: %.900s", p, e);
        }
        free(t);
        free(tc);
        if (lst != 0) {
            if (lst < 0)
                snprintf(err, OSS_ERR_LEN, "out of memory");
            st = lst;
            goto done;
        }
        if (run_stop) { /* interrupted while loading: nothing made yet */
            st = 1;
            goto done;
        }
        design_close(d);
        if (!design_open(d, err)) {
            st = 2;
            goto done;
        }
        /* one writer of the directory for the whole sweep (resdir.h): the
         * lock (beside it) first, so that a sweep refused for another
         * writer makes nothing */
        char parent[OSS_PATH_LEN], name[OSS_PATH_LEN];
        resdir_split(o->dir, parent, name);
        if (root && (!output_prepare_dir(parent, err) || (lock_fd = resdir_lock(o->dir, lock, err)) < 0 ||
                     !output_prepare_dir(o->dir, err))) {
            st = 2;
            goto done;
        }
    }
    long first, last;
    slice(d->n_points, o->shard, o->n_shards, &first, &last);
    signature(o, sc, has_cf ? cf : NULL, sig, SIG_LEN);

    /* the header */
    size_t hl = 0;
    FILE *hf = open_memstream(&header, &hl);
    if (!hf) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        st = -1;
        goto done;
    }
    fputs("point", hf);
    for (int i = 0; i < d->k; i++)
        fprintf(hf, ",%s", d->p[i].key);
    output_headline_header(hf, has_cf, o->draws > 0);
    fclose(hf);

    /* done already, resumed, or new: rank 0 decides, the others follow */
    long skip = 0;
    int state = 0; /* 0 run, 1 complete, 2 bad input, 3 a file not written */
    if (root) {
        char *m = slurp(man), *ps = slurp(partsig);
        if (sweep_complete(m, sig, final, header, first, last)) {
            state = 1;
        } else if (ps && access(part, R_OK) == 0) {
            if (strcmp(ps, sig) != 0) {
                snprintf(err, OSS_ERR_LEN,
                         "%.400s holds the partial output of another sweep (see %.450s): remove it, or choose "
                         "another -o",
                         o->dir, partsig);
                state = 2;
            } else if ((skip = keep_complete_rows(part, header, first, err)) < 0) {
                state = 2;
            }
        } else if (m && access(final, F_OK) == 0 && !strstr(m, sig) && !same_command(m, o->command)) {
            /* another sweep's finished result (another command): never
             * replaced silently; the same command again (its design file
             * edited, say) runs anew */
            snprintf(err, OSS_ERR_LEN,
                     "%.400s holds the result of another sweep (see its manifest.txt): choose another -o, or remove "
                     "it first",
                     o->dir);
            state = 2;
        } else if (!only_sweep_files(o->dir, m, err)) {
            state = 2;
        } else {
            /* a file that cannot be written (a full disk) is a failed
             * run, exit 1, not bad input: state 3 */
            struct output_file a;
            if (!output_atomic_open(&a, partsig, err))
                state = 3;
            else {
                fputs(sig, a.f);
                if (!output_atomic_commit(&a, err))
                    state = 3;
            }
            FILE *f = state ? NULL : fopen(part, "w");
            if (!state && (!f || fprintf(f, "%s\n", header) < 0 || fclose(f) != 0)) {
                snprintf(err, OSS_ERR_LEN, "%.900s: cannot write: %s", part, strerror(errno));
                state = 3;
            }
        }
        free(m);
        free(ps);
        if (state == 0 && skip > 0 && !o->quiet)
            fprintf(stderr, "oss-sim sweep: resuming after %ld finished points of %ld\n", skip, last - first);
        if (state == 1 && !o->quiet)
            fprintf(stderr, "oss-sim sweep: %s is complete already\n", final);
    }
#ifdef OSS_MPI
    long shared[2] = {state, skip};
    MPI_Bcast(shared, 2, MPI_LONG, 0, MPI_COMM_WORLD);
    state = (int)shared[0];
    skip = shared[1];
#endif
    if (state == 1) {
        st = 0;
        goto done;
    }
    if (state == 2 || state == 3) {
        st = state == 2 ? 2 : -1;
        if (!root)
            snprintf(err, OSS_ERR_LEN, "rank 0 could not start the sweep");
        goto done;
    }
    if (!design_skip(d, first + skip, err)) {
        st = 2;
        goto done;
    }
    if (root) {
        out = fopen(part, "a");
        if (!out) {
            snprintf(err, OSS_ERR_LEN, "%.900s: cannot write: %s", part, strerror(errno));
            st = -1;
            goto done;
        }
    }

    double t0 = run_clock();
    long todo = last - first - skip;
    nb = batch_points(o, sc, has_cf);
    pts = calloc((size_t)nb, sizeof *pts);
    if (!pts) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        st = -1;
        goto done;
    }
    for (long i = 0; i < todo;) {
        /* the next batch of points: one under MPI, where point i belongs
         * to rank i % size */
        int n = (int)(todo - i < nb ? todo - i : nb);
        int owner = (int)(i % o->mpi_size);
        for (int k = 0; k < n; k++) {
            pts[k].p = first + skip + i + k;
            if (!design_next(d, pts[k].x, err)) {
                if (!err[0])
                    snprintf(err, OSS_ERR_LEN, "the design ended early at point %ld", pts[k].p);
                st = 2;
                goto fail;
            }
        }
        if (owner == o->mpi_rank) {
            if ((st = run_points(o, pts, n, has_cf, &cache, err)) != 0)
                goto fail;
        }
#ifdef OSS_MPI
        if (owner != o->mpi_rank && root) {
            MPI_Status ms;
            int len;
            MPI_Probe(owner, 0, MPI_COMM_WORLD, &ms);
            MPI_Get_count(&ms, MPI_CHAR, &len);
            pts[0].row = malloc((size_t)len + 1);
            MPI_Recv(pts[0].row, len, MPI_CHAR, owner, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            pts[0].row[len] = '\0';
            if (strncmp(pts[0].row, "error: ", 7) == 0) {
                snprintf(err, OSS_ERR_LEN, "rank %d: %.900s", owner, pts[0].row + 7);
                st = -1;
                goto fail;
            }
        } else if (owner == o->mpi_rank && !root) {
            MPI_Send(pts[0].row, (int)strlen(pts[0].row), MPI_CHAR, 0, 0, MPI_COMM_WORLD);
        }
#endif
        for (int k = 0; root && k < n; k++) {
            if (fprintf(out, "%s\n", pts[k].row) < 0 || fflush(out) != 0) {
                snprintf(err, OSS_ERR_LEN, "%.900s: write failed: %s", part, strerror(errno));
                st = -1;
                goto fail;
            }
            if (o->progress)
                progress_line(i + k + 1, todo, t0);
        }
        points_free(pts, n);
        i += n;
        if (run_stop) {
            snprintf(err, OSS_ERR_LEN, "interrupted");
            st = 1;
            goto fail;
        }
    }
    if (root) {
        if (o->progress)
            fprintf(stderr, "\r%*s\r", 78, "");
        if (fclose(out) != 0) {
            out = NULL;
            snprintf(err, OSS_ERR_LEN, "%.900s: write failed: %s", part, strerror(errno));
            st = -1;
            goto done;
        }
        out = NULL;
        /* sweep.csv in place first, then the manifest that vouches for it
         * (its rows and checksum): killed in between, the next run finds no
         * manifest of this sweep and starts again, never taking an older
         * sweep.csv for this one's */
        char sum[80];
        long rows = keep_complete_rows(part, header, first, err);
        if (rows != last - first) {
            if (rows >= 0)
                snprintf(err, OSS_ERR_LEN, "%.900s: %ld rows, expected %ld", part, rows, last - first);
            st = -1;
            goto done;
        }
        unlink(man);
        if (!fsync_path(part) || rename(part, final) != 0 || !file_sha256(final, sum)) {
            snprintf(err, OSS_ERR_LEN, "%.900s: %s", final, strerror(errno));
            st = -1;
            goto done;
        }
        struct output_file a;
        if (!output_atomic_open(&a, man, err)) {
            st = -1;
            goto done;
        }
        fprintf(a.f, "oss_sim_version: %s\ncommand: %s\n", oss_version, o->command);
        fprintf(a.f, "points: %ld to %ld of %ld\n", first, last - 1, d->n_points);
        fputs(sig, a.f);
        fprintf(a.f, "rows: %ld\nsweep_csv_sha256: %s\n", rows, sum);
        if (!output_atomic_commit(&a, err)) {
            st = -1;
            goto done;
        }
        unlink(partsig);
    }
    st = 0;
    goto done;
fail:
#ifdef OSS_MPI
    if (o->mpi_size > 1 && st != 1) {
        if (!root) { /* tell rank 0, which waits for this rank's rows */
            char msg[OSS_ERR_LEN + 8];
            snprintf(msg, sizeof msg, "error: %s", err);
            MPI_Send(msg, (int)strlen(msg), MPI_CHAR, 0, 0, MPI_COMM_WORLD);
        } else {
            fprintf(stderr, "oss-sim sweep: %s\n", err);
            MPI_Abort(MPI_COMM_WORLD, st == 2 ? 2 : 1);
        }
    }
#endif
done:
    if (out)
        fclose(out);
    cf_cache_free(&cache);
    if (pts)
        points_free(pts, nb);
    free(pts);
    if (st == 0 && lock_fd >= 0) { /* the caller's, for the analysis and charts */
        o->lock_fd = lock_fd;
        snprintf(o->lock, sizeof o->lock, "%s", lock);
    } else {
        resdir_unlock(lock_fd, lock);
    }
    free(header);
    if (opened)
        design_close(d);
    free(sc);
    free(cf);
    free(sig);
    return st;
}

/* ---- merging shards ---------------------------------------------------- */

/* The manifest's signature with its shard line cut, and the shard. */
static bool shard_of(const char *man, char *rest, size_t n, int *i, int *of, long *first, long *last, long *total)
{
    const char *s = strstr(man, "\nscenario: "), *sh = strstr(man, "\nshard: ");
    const char *pt = strstr(man, "\npoints: ");
    if (!s || !sh || !pt || sscanf(sh, "\nshard: %d/%d", i, of) != 2 ||
        sscanf(pt, "\npoints: %ld to %ld of %ld", first, last, total) != 3)
        return false;
    snprintf(rest, n, "%.*s", (int)(sh - s), s);
    return true;
}

int sweep_merge(const char *dir, const char *const *shards, int n, bool replace, const char *command, char *err)
{
    char **man = calloc((size_t)n, sizeof *man), *sig0 = malloc(SIG_LEN), *sig = malloc(SIG_LEN);
    int *order = calloc((size_t)n, sizeof *order), st = 2;
    FILE *in = NULL;
    struct output_file a = {NULL, ""};
    struct resdir rd;
    bool began = false;
    if (!man || !sig0 || !sig || !order) {
        snprintf(err, OSS_ERR_LEN, "out of memory");
        st = -1;
        goto done;
    }
    int of0 = 0;
    long total0 = 0;
    for (int k = 0; k < n; k++) {
        char p[OSS_PATH_LEN + 64];
        path_in(p, sizeof p, shards[k], "manifest.txt");
        man[k] = slurp(p);
        path_in(p, sizeof p, shards[k], "sweep.csv");
        int i, of;
        long first, last, total;
        if (!man[k] || access(p, R_OK) != 0) {
            snprintf(err, OSS_ERR_LEN, "%.900s: no finished sweep (sweep.csv and manifest.txt)", shards[k]);
            goto done;
        }
        if (!shard_of(man[k], k ? sig : sig0, SIG_LEN, &i, &of, &first, &last, &total)) {
            snprintf(err, OSS_ERR_LEN, "%.900s/manifest.txt: not a sweep's manifest", shards[k]);
            goto done;
        }
        if (k == 0) {
            of0 = of;
            total0 = total;
        } else if (strcmp(sig, sig0) != 0 || of != of0 || total != total0) {
            snprintf(err, OSS_ERR_LEN, "%.450s: a shard of another sweep than %.450s", shards[k], shards[0]);
            goto done;
        }
        if (of != n) {
            snprintf(err, OSS_ERR_LEN, "%d shard directories given for a sweep in %d shards (%.800s is %d/%d)", n,
                     of, shards[k], i, of);
            goto done;
        }
        if (i < 1 || i > of || order[i - 1]) {
            snprintf(err, OSS_ERR_LEN, "%.900s: shard %d/%d given twice", shards[k], i, of);
            goto done;
        }
        order[i - 1] = k + 1;
    }
    if (n != of0) {
        snprintf(err, OSS_ERR_LEN, "%d shard directories given for a sweep in %d shards", n, of0);
        goto done;
    }
    char final[OSS_PATH_LEN + 64], m[OSS_PATH_LEN + 64];
    char *line = NULL, *header = NULL;
    size_t cap = 0;
    ssize_t got;
    long expect = 0;
    /* pass 0 checks every shard's rows; pass 1, into a new result
     * directory (resdir.h), writes them */
    for (int pass = 0; pass < 2 && st == 2; pass++) {
    if (pass == 1) {
        if (expect != total0) {
            snprintf(err, OSS_ERR_LEN, "the shards hold %ld points of %ld", expect, total0);
            break;
        }
        if (resdir_begin(&rd, dir, replace, err) != 0)
            break;
        began = true;
        path_in(final, sizeof final, rd.tmp, "sweep.csv");
        path_in(m, sizeof m, rd.tmp, "manifest.txt");
        if (!output_atomic_open(&a, final, err)) {
            st = -1;
            break;
        }
        free(header);
        header = NULL;
        expect = 0;
    }
    for (int s = 0; s < n; s++) {
        const char *sd = shards[order[s] - 1];
        char p[OSS_PATH_LEN + 64];
        path_in(p, sizeof p, sd, "sweep.csv");
        in = fopen(p, "r");
        if (!in || (got = getline(&line, &cap, in)) <= 0) {
            snprintf(err, OSS_ERR_LEN, "%.900s: cannot read", p);
            st = 3;
            break;
        }
        if (!header) {
            header = strdup(line);
            if (a.f)
                fputs(line, a.f);
        } else if (strcmp(header, line) != 0) {
            snprintf(err, OSS_ERR_LEN, "%.900s: its header differs from the first shard's", p);
            st = 3;
            break;
        }
        while ((got = getline(&line, &cap, in)) > 0) {
            if (strtol(line, NULL, 10) != expect++ || line[got - 1] != '\n') {
                snprintf(err, OSS_ERR_LEN, "%.900s: rows out of order or incomplete near point %ld", p, expect - 1);
                st = 3; /* a bad row: refused */
                break;
            }
            if (a.f)
                fputs(line, a.f);
        }
        fclose(in);
        in = NULL;
        if (st == 3)
            break;
    }
    }
    free(line);
    free(header);
    if (st != 2 || !a.f) {
        st = st == 3 || !began ? 2 : -1;
        if (a.f)
            output_atomic_discard(&a);
        goto done;
    }
    st = -1;
    if (!output_atomic_commit(&a, err))
        goto done;
    a.f = NULL;
    if (!output_atomic_open(&a, m, err))
        goto done;
    fprintf(a.f, "oss_sim_version: %s\ncommand: %s\npoints: 0 to %ld of %ld\n", oss_version, command, total0 - 1,
            total0);
    fprintf(a.f, "%s\nshard: 1/1\n", sig0 + 1); /* sig0 runs from "\nscenario: " to before "\nshard: " */
    for (int k = 0; k < n; k++)
        fprintf(a.f, "merged_from: %s\n", shards[k]);
    char sum[80];
    if (!file_sha256(final, sum)) {
        snprintf(err, OSS_ERR_LEN, "%.900s: cannot read it back", final);
        output_atomic_discard(&a);
        a.f = NULL;
        goto done;
    }
    fprintf(a.f, "rows: %ld\nsweep_csv_sha256: %s\n", total0, sum);
    if (!output_atomic_commit(&a, err)) {
        a.f = NULL;
        goto done;
    }
    a.f = NULL;
    if (run_stop || resdir_commit(&rd, err) != 0)
        goto done;
    st = 0;
done:
    if (st != 0 && run_stop) { /* a signal (a file it was writing removed): not a failure of the shards */
        snprintf(err, OSS_ERR_LEN, "interrupted; %.900s is as it was", dir);
        st = 1;
    }
    if (began) {
        resdir_name_final(&rd, err);
        if (st != 0)
            resdir_abort(&rd);
        resdir_end(&rd);
        if (st == 0 && rd.kept[0])
            fprintf(stderr, "oss-sim merge: note: the previous result in %s is kept as %s (--force replaces it)\n", dir,
                    rd.kept);
    }
    if (in)
        fclose(in);
    for (int k = 0; man && k < n; k++)
        free(man[k]);
    free(man);
    free(sig0);
    free(sig);
    free(order);
    return st;
}

/* ---- Sobol indices ------------------------------------------------------- */

int sweep_sobol(const char *dir, const struct design *d, const char *const *metrics, int n_metrics, bool strict,
                int n_boot, unsigned long long seed, char *err)
{
    char p[OSS_PATH_LEN + 64], q[OSS_PATH_LEN + 64];
    path_in(p, sizeof p, dir, "sweep.csv");
    path_in(q, sizeof q, dir, "sobol.csv");
    long n = d->n_points, base = d->samples;
    int k = d->k, st = -1;
    double *y = malloc((size_t)n * (size_t)n_metrics * sizeof *y);
    int *col = malloc((size_t)n_metrics * sizeof *col);
    struct sobol_index *ix = malloc((size_t)k * sizeof *ix);
    char *line = NULL;
    size_t cap = 0;
    FILE *f = fopen(p, "r");
    struct output_file a;
    if (!y || !col || !ix || !f) {
        snprintf(err, OSS_ERR_LEN, f ? "out of memory" : "%.900s: cannot read", p);
        goto done;
    }
    if (getline(&line, &cap, f) <= 0) {
        snprintf(err, OSS_ERR_LEN, "%.900s: empty", p);
        goto done;
    }
    line[strcspn(line, "\r\n")] = '\0';
    for (int m = 0; m < n_metrics; m++) {
        char want[OSS_KEY_LEN + 8];
        snprintf(want, sizeof want, "%s_mean", metrics[m]);
        col[m] = -1;
        int c = 0;
        for (char *s = line, *e; s; s = e ? e + 1 : NULL, c++) {
            e = strchr(s, ',');
            size_t l = e ? (size_t)(e - s) : strlen(s);
            if (l == strlen(want) && strncmp(s, want, l) == 0)
                col[m] = c;
        }
        if (col[m] < 0 && strict) {
            snprintf(err, OSS_ERR_LEN, "%.700s: no column %s", p, want);
            st = 2;
            goto done;
        }
    }
    long r = 0;
    while (getline(&line, &cap, f) > 0 && r < n) {
        int c = 0;
        for (char *s = line, *e; s; s = e ? e + 1 : NULL, c++) {
            e = strchr(s, ',');
            for (int m = 0; m < n_metrics; m++)
                if (c == col[m])
                    y[(size_t)m * n + r] = strtod(s, NULL); /* "NaN" reads as NaN */
        }
        r++;
    }
    if (r != n) {
        snprintf(err, OSS_ERR_LEN, "%.900s: %ld rows, the design has %ld", p, r, n);
        goto done;
    }
    if (!output_atomic_open(&a, q, err))
        goto done;
    fputs("metric,parameter,S1,S1_ci95_lo,S1_ci95_hi,ST,ST_ci95_lo,ST_ci95_hi\n", a.f);
    for (int m = 0; m < n_metrics; m++) {
        if (col[m] < 0)
            continue;
        if (sobol_indices(y + (size_t)m * n, base, k, n_boot, seed, ix) != 0) {
            for (int i = 0; i < k; i++)
                ix[i] = (struct sobol_index){NAN, NAN, NAN, NAN, NAN, NAN};
        }
        for (int i = 0; i < k; i++) {
            fprintf(a.f, "%s,%s", metrics[m], d->p[i].key);
            output_csv_num(a.f, ix[i].s1);
            output_csv_num(a.f, ix[i].s1_lo);
            output_csv_num(a.f, ix[i].s1_hi);
            output_csv_num(a.f, ix[i].st);
            output_csv_num(a.f, ix[i].st_lo);
            output_csv_num(a.f, ix[i].st_hi);
            fputc('\n', a.f);
        }
    }
    st = output_atomic_commit(&a, err) ? 0 : -1;
done:
    if (f)
        fclose(f);
    free(line);
    free(y);
    free(col);
    free(ix);
    return st;
}
