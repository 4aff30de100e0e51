/*
 * design.c - the points of a parameter sweep (see design.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "design.h"
#include "include.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const design_names[] = {"grid", "sobol", "lhs", "saltelli", "file"};

/* Parses the numbers of one design-file line into x; returns how many. */
static int parse_line(char *s, double *x, int max)
{
    int n = 0;
    for (char *tok = strtok(s, " \t,\r\n"); tok; tok = strtok(NULL, " \t,\r\n")) {
        char *end;
        errno = 0;
        double v = strtod(tok, &end);
        if (*end || errno || !isfinite(v))
            return -1;
        if (n < max)
            x[n] = v;
        n++;
    }
    return n;
}

/* Returned for a line that does not fit the buffer: refused, not split. */
static char too_long[] = "\001";

/* The next data line of a design file, or NULL at its end. */
static char *file_line(struct design *d, char *buf, size_t n)
{
    while (fgets(buf, (int)n, d->f)) {
        d->line++;
        size_t len = strlen(buf);
        if (len == n - 1 && buf[len - 1] != '\n' && !feof(d->f)) {
            int c;
            while ((c = fgetc(d->f)) != EOF && c != '\n')
                ;
            return too_long;
        }
        char *s = buf + strspn(buf, " \t\r\n");
        if (*s && *s != '#')
            return s;
    }
    return NULL;
}

bool design_open(struct design *d, char *err)
{
    err[0] = '\0';
    d->next = 0;
    d->q = NULL;
    d->perm = NULL;
    d->jitter = NULL;
    d->f = NULL;
    d->line = 0;
    if (d->k < 1 || d->k > OSS_MAX_SWEEP_PARAMS) {
        snprintf(err, OSS_ERR_LEN, "a design needs 1 to %d parameters, got %d", OSS_MAX_SWEEP_PARAMS, d->k);
        return false;
    }
    switch (d->kind) {
    case DESIGN_GRID:
        d->n_points = 1;
        for (int i = 0; i < d->k; i++) {
            if (d->p[i].n < 1 || d->n_points > 1000000000L / d->p[i].n) {
                snprintf(err, OSS_ERR_LEN, "grid of more than 10^9 points");
                return false;
            }
            d->n_points *= d->p[i].n;
        }
        return true;
    case DESIGN_SOBOL:
        d->n_points = d->samples;
        d->q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)d->k);
        break;
    case DESIGN_SALTELLI:
        d->n_points = d->samples * (d->k + 2);
        d->q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * d->k));
        if (d->q) /* its first point has A = B (all 0.5): skip it, as SALib does */
            gsl_qrng_get(d->q, d->base);
        break;
    case DESIGN_LHS: {
        d->n_points = d->samples;
        size_t m = (size_t)d->k * (size_t)d->samples;
        d->perm = malloc(m * sizeof *d->perm);
        d->jitter = malloc(m * sizeof *d->jitter);
        gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
        if (!d->perm || !d->jitter || !r) {
            gsl_rng_free(r);
            snprintf(err, OSS_ERR_LEN, "out of memory for a Latin hypercube of %ld points", d->samples);
            return false;
        }
        gsl_rng_set(r, (unsigned long)(d->seed % 4294967291UL) + 1);
        for (int i = 0; i < d->k; i++) {
            int *pi = d->perm + (size_t)i * d->samples;
            for (long j = 0; j < d->samples; j++)
                pi[j] = (int)j;
            gsl_ran_shuffle(r, pi, (size_t)d->samples, sizeof *pi);
            for (long j = 0; j < d->samples; j++)
                d->jitter[(size_t)i * d->samples + j] = gsl_rng_uniform(r);
        }
        gsl_rng_free(r);
        return true;
    }
    case DESIGN_FILE: {
        char why[OSS_ERR_LEN];
        struct stat st;
        if (stat(d->file, &st) == 0 && !include_check_file(d->file, why, sizeof why)) {
            /* a FIFO would wait for a writer; a directory reads as nothing */
            char *tail = strstr(why, ", not a scenario file");
            if (tail)
                *tail = '\0';
            snprintf(err, OSS_ERR_LEN, "design file %.900s, not a regular file", why);
            return false;
        }
        d->f = fopen(d->file, "r");
        if (!d->f) {
            snprintf(err, OSS_ERR_LEN, "%.800s: cannot open design file: %s", d->file, strerror(errno));
            return false;
        }
        char buf[65536], *s;
        double x[OSS_MAX_SWEEP_PARAMS];
        struct sha256_ctx h; /* of the points read, so an edited file is another design */
        sha256_init(&h);
        d->n_points = 0;
        while ((s = file_line(d, buf, sizeof buf)) != NULL) {
            if (s == too_long) {
                snprintf(err, OSS_ERR_LEN, "%.800s:%ld: line longer than %zu characters", d->file, d->line,
                         sizeof buf - 2);
                design_close(d);
                return false;
            }
            int got = parse_line(s, x, OSS_MAX_SWEEP_PARAMS);
            if (got != d->k) {
                snprintf(err, OSS_ERR_LEN, "%.800s:%ld: expected %d numbers (one per --param), %s", d->file, d->line,
                         d->k, got < 0 ? "found something else" : "found another count");
                design_close(d);
                return false;
            }
            sha256_update(&h, strlen(s), (const uint8_t *)s);
            d->n_points++;
        }
        rewind(d->f);
        d->line = 0;
        uint8_t dg[SHA256_DIGEST_SIZE];
        sha256_digest(&h, sizeof dg, dg);
        for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
            snprintf(d->file_sha + 2 * i, 3, "%02x", dg[i]);
        if (d->n_points == 0) {
            snprintf(err, OSS_ERR_LEN, "%.800s: no design points", d->file);
            design_close(d);
            return false;
        }
        return true;
    }
    }
    if (!d->q) {
        snprintf(err, OSS_ERR_LEN, "out of memory for a Sobol sequence");
        return false;
    }
    return true;
}

void design_close(struct design *d)
{
    if (d->q)
        gsl_qrng_free(d->q);
    free(d->perm);
    free(d->jitter);
    if (d->f)
        fclose(d->f);
    d->q = NULL;
    d->perm = NULL;
    d->jitter = NULL;
    d->f = NULL;
}

/* lo at 0 and hi at 1 exactly */
static double scale(const struct sweep_param *p, double u)
{
    return p->lo * (1 - u) + p->hi * u;
}

bool design_next(struct design *d, double *x, char *err)
{
    err[0] = '\0';
    if (d->next >= d->n_points)
        return false;
    long i = d->next++;
    switch (d->kind) {
    case DESIGN_GRID: {
        long rest = i;
        for (int a = d->k - 1; a >= 0; a--) { /* the last key varies fastest */
            long n = d->p[a].n, j = rest % n;
            rest /= n;
            x[a] = n == 1 ? d->p[a].lo : scale(&d->p[a], (double)j / (double)(n - 1));
        }
        return true;
    }
    case DESIGN_SOBOL: {
        double u[OSS_MAX_SWEEP_PARAMS];
        gsl_qrng_get(d->q, u);
        for (int a = 0; a < d->k; a++)
            x[a] = scale(&d->p[a], u[a]);
        return true;
    }
    case DESIGN_LHS:
        for (int a = 0; a < d->k; a++) {
            size_t m = (size_t)a * d->samples + (size_t)i;
            x[a] = scale(&d->p[a], (d->perm[m] + d->jitter[m]) / (double)d->samples);
        }
        return true;
    case DESIGN_SALTELLI: {
        long r = i % (d->k + 2); /* 0: A_j, 1: B_j, 1 + c: AB_j^c */
        if (r == 0)
            gsl_qrng_get(d->q, d->base);
        for (int a = 0; a < d->k; a++) {
            double u = d->base[a]; /* A */
            if (r == 1 || (r >= 2 && a == r - 2))
                u = d->base[d->k + a]; /* B, or coordinate a from B */
            x[a] = scale(&d->p[a], u);
        }
        return true;
    }
    case DESIGN_FILE: {
        char buf[65536], *s = file_line(d, buf, sizeof buf);
        if (!s || parse_line(s, x, OSS_MAX_SWEEP_PARAMS) != d->k) {
            snprintf(err, OSS_ERR_LEN, "%.800s:%ld: the design file changed while it was read", d->file, d->line);
            return false;
        }
        return true;
    }
    }
    return false;
}

bool design_skip(struct design *d, long m, char *err)
{
    double x[OSS_MAX_SWEEP_PARAMS];
    if (d->kind == DESIGN_GRID || d->kind == DESIGN_LHS) {
        d->next += m;
        return true;
    }
    for (long i = 0; i < m; i++)
        if (!design_next(d, x, err))
            return err[0] == '\0';
    return true;
}

void design_describe(const struct design *d, char *buf, size_t n)
{
    size_t u = 0;
    u += (size_t)snprintf(buf + u, n - u, "design %s", design_names[d->kind]);
    if (d->kind == DESIGN_SOBOL || d->kind == DESIGN_LHS || d->kind == DESIGN_SALTELLI)
        u += (size_t)snprintf(buf + u, n > u ? n - u : 0, " samples %ld", d->samples);
    if (d->kind == DESIGN_LHS)
        u += (size_t)snprintf(buf + u, n > u ? n - u : 0, " seed %llu", (unsigned long long)d->seed);
    if (d->kind == DESIGN_FILE)
        u += (size_t)snprintf(buf + u, n > u ? n - u : 0, " file %s points %ld sha256 %s", d->file, d->n_points,
                              d->file_sha);
    for (int i = 0; i < d->k && u < n; i++) {
        if (d->kind == DESIGN_FILE)
            u += (size_t)snprintf(buf + u, n - u, "; %s", d->p[i].key);
        else if (d->kind == DESIGN_GRID)
            u += (size_t)snprintf(buf + u, n - u, "; %s=%.17g:%.17g:%d", d->p[i].key, d->p[i].lo, d->p[i].hi, d->p[i].n);
        else
            u += (size_t)snprintf(buf + u, n - u, "; %s=%.17g:%.17g", d->p[i].key, d->p[i].lo, d->p[i].hi);
    }
}
