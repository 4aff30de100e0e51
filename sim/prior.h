/*
 * prior.h - priors over a parameter (struct prior in scenario.h): density,
 * draws and the transformation the ABC sampler moves in.
 *
 * A prior is truncated to the parameter's bounds [min, max].  Uniform is
 * flat on them; normal and lognormal take the parameter's mean and sd in its
 * own unit (lognormal: of the variable, not of its logarithm); beta is
 * scaled to [min, max] with the given mean and sd.  The sampler works on
 * x = logit((theta - min) / (max - min)), which keeps every value inside the
 * bounds; prior_log_density_x includes the Jacobian of that change.
 */
#ifndef OSS_PRIOR_H
#define OSS_PRIOR_H

#include <gsl/gsl_rng.h>

#include "scenario.h"

/* log density of the (untruncated) prior at theta, up to a constant;
 * -inf outside the bounds. */
double prior_log_density(const struct cal_free *p, double theta);

/* ... of x = logit of theta's position in the bounds. */
double prior_log_density_x(const struct cal_free *p, double x);

/* theta from x and back. */
double prior_theta(const struct cal_free *p, double x);
double prior_x(const struct cal_free *p, double theta);

/* A draw from the truncated prior (rejection; the bounds are checked to
 * hold mass when the scenario is read). */
double prior_draw(const struct cal_free *p, gsl_rng *rng);

/* The prior's mean and sd (within the bounds, by the midpoint rule on 2000
 * points) and its 5% and 95% quantiles. */
void prior_moments(const struct cal_free *p, double *mean, double *sd, double *q05, double *q95);

/* "normal(1.4, 0.5)", "uniform[0.2, 4]" for tables. */
void prior_describe(const struct cal_free *p, char *buf, size_t n);

#endif
