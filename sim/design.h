/*
 * design.h - the points of a parameter sweep.
 *
 * A design is a list of points in the space of the swept scenario keys,
 * read one after the other (design_next), so that a sweep's memory does not
 * grow with its number of points:
 *
 *   grid      every combination of each key's LO:HI:N values; the first key
 *             varies slowest (nested loops in the order given);
 *   sobol     GSL's Sobol sequence (gsl_qrng_sobol) in the unit cube, scaled
 *             to [LO, HI] per key;
 *   lhs       a Latin hypercube: each key's range cut into N strata, one
 *             point in each, the strata matched at random (GSL taus2 seeded
 *             from the sweep's base seed);
 *   saltelli  the design for Sobol indices (Saltelli 2002, 2010): from N
 *             points of a 2k-dimensional Sobol sequence (its first point,
 *             all 0.5, skipped, as SALib does), A = its
 *             first k coordinates and B the last k; for each j the points
 *             A_j, B_j, then A_j with coordinate i taken from B_j (AB_j^i)
 *             for i = 1..k, so N (k + 2) points in all;
 *   file      one point per line of a text file, as the SALib command line
 *             writes it: numbers separated by spaces, tabs or commas, lines
 *             starting with '#' and blank lines skipped.
 */
#ifndef OSS_DESIGN_H
#define OSS_DESIGN_H

#include <gsl/gsl_qrng.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario.h"

#define OSS_MAX_SWEEP_PARAMS 20 /* gsl_qrng_sobol has at most 40 dimensions, Saltelli takes 2k */

enum design_kind { DESIGN_GRID, DESIGN_SOBOL, DESIGN_LHS, DESIGN_SALTELLI, DESIGN_FILE };

extern const char *const design_names[]; /* "grid", "sobol", "lhs", "saltelli", "file" */

struct sweep_param {
    char key[OSS_KEY_LEN];
    double lo, hi;
    int n;              /* grid points (grid design only) */
};

struct design {
    enum design_kind kind;
    int k;                                    /* parameters */
    struct sweep_param p[OSS_MAX_SWEEP_PARAMS];
    long samples;                             /* sobol, lhs: points; saltelli: base samples N */
    long n_points;                            /* total points (file: counted when opened) */
    uint64_t seed;                            /* lhs */
    char file[OSS_PATH_LEN];                  /* file design */
    char file_sha[65];                        /* ... SHA-256 of its points' lines, set by design_open */

    /* iteration state */
    long next;                                /* index of the point design_next returns */
    gsl_qrng *q;
    double base[2 * OSS_MAX_SWEEP_PARAMS];    /* saltelli: the current Sobol point (A_j, B_j) */
    int *perm;                                /* lhs: k x samples strata */
    double *jitter;                           /* lhs: k x samples positions inside a stratum */
    FILE *f;                                  /* file design */
    long line;                                /* file design: line number of the last point */
};

/* Prepares d for reading from point 0 (d->kind, k, p, samples, seed, file
 * set by the caller).  false with a message in err when the design is
 * impossible (too many dimensions, an unreadable or malformed file...). */
bool design_open(struct design *d, char *err);
void design_close(struct design *d);

/* The next point into x[k]; false with a message in err on a malformed
 * file line, or when the points are exhausted (err = ""). */
bool design_next(struct design *d, double *x, char *err);

/* Skips m points. */
bool design_skip(struct design *d, long m, char *err);

/* One line that names the design and everything that fixes its points, to
 * tell whether two sweeps are the same. */
void design_describe(const struct design *d, char *buf, size_t n);

#endif
