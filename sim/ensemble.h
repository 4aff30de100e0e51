/*
 * ensemble.h - runs over the posterior ensemble (oss-sim --ensemble K).
 *
 * K draws are taken from the ensemble in the calibration fragment by
 * weighted resampling (GSL's gsl_ran_discrete, from a stream of the base
 * seed, so the same K and seed give the same draws).  Each draw runs the
 * scenario's R replications on the streams of (base seed, r), the same for
 * every draw and for the counterfactual: a difference between draws is the
 * parameters' alone, and a scenario and its reference share draws and seeds.
 * A judgement parameter with a prior (the scenario's `uncertain` list) is
 * drawn afresh for each draw, from a stream of (base seed, draw, key), so
 * two scenarios that both carry it draw the same values.  The results hold
 * K x R replications, draw-major, with res->draws = K.
 */
#ifndef OSS_ENSEMBLE_H
#define OSS_ENSEMBLE_H

#include <stdbool.h>

#include "run.h"
#include "scenario.h"

#define OSS_MAX_DRAWS 10000

/* Runs K draws of sc (and of cf when not NULL), each reloaded from its file
 * with the draw's values and then the user's overrides ov (which win).
 * Returns 0, 1 interrupted, -1 out of memory, 2 bad input (err says why:
 * no ensemble, a draw's values rejected). */
int ensemble_run(const struct scenario *sc, const struct scenario *cf, const struct override_list *ov, int K,
                 int threads, bool progress, struct run_results *out, char *err);

/* The fragment whose ensemble sc uses, for the manifest ("" when none). */
const char *ensemble_source(const struct scenario *sc);

#endif
