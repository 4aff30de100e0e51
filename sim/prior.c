/*
 * prior.c - densities and draws of truncated priors (see prior.h), with
 * GSL's random variates.
 */
#include "prior.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>

/* lognormal's zeta and sigma from the variable's mean and sd */
static void lognormal_par(const struct prior *pr, double *zeta, double *sigma)
{
    double s2 = log1p(pr->sd * pr->sd / (pr->mean * pr->mean));
    *sigma = sqrt(s2);
    *zeta = log(pr->mean) - s2 / 2;
}

/* beta's a and b on [0, 1] from the mean and sd in the parameter's unit */
static void beta_par(const struct cal_free *p, double *a, double *b)
{
    double w = p->max - p->min, m = (p->prior.mean - p->min) / w, s = p->prior.sd / w;
    double k = m * (1 - m) / (s * s) - 1;
    *a = m * k;
    *b = (1 - m) * k;
}

double prior_log_density(const struct cal_free *p, double theta)
{
    if (!(theta >= p->min && theta <= p->max))
        return -INFINITY;
    const struct prior *pr = &p->prior;
    switch (pr->dist) {
    case PRIOR_NORMAL: {
        double z = (theta - pr->mean) / pr->sd;
        return -0.5 * z * z;
    }
    case PRIOR_LOGNORMAL: {
        if (!(theta > 0))
            return -INFINITY;
        double zeta, sigma;
        lognormal_par(pr, &zeta, &sigma);
        double z = (log(theta) - zeta) / sigma;
        return -0.5 * z * z - log(theta);
    }
    case PRIOR_BETA: {
        double a, b, u = (theta - p->min) / (p->max - p->min);
        beta_par(p, &a, &b);
        if (!(u > 0 && u < 1))
            return -INFINITY;
        return (a - 1) * log(u) + (b - 1) * log1p(-u);
    }
    default:
        return 0;
    }
}

double prior_theta(const struct cal_free *p, double x)
{
    return p->min + (p->max - p->min) / (1 + exp(-x));
}

double prior_x(const struct cal_free *p, double theta)
{
    double u = (theta - p->min) / (p->max - p->min);
    return log(u / (1 - u));
}

double prior_log_density_x(const struct cal_free *p, double x)
{
    /* dtheta/dx = (max - min) u (1 - u), u = 1 / (1 + e^-x) */
    double lu = -log1p(exp(-x)), l1u = -log1p(exp(x));
    if (!isfinite(lu) || !isfinite(l1u))
        return -INFINITY;
    return prior_log_density(p, prior_theta(p, x)) + lu + l1u;
}

double prior_draw(const struct cal_free *p, gsl_rng *rng)
{
    const struct prior *pr = &p->prior;
    for (int i = 0; i < 100000; i++) {
        double v;
        switch (pr->dist) {
        case PRIOR_NORMAL:
            v = pr->mean + gsl_ran_gaussian(rng, pr->sd);
            break;
        case PRIOR_LOGNORMAL: {
            double zeta, sigma;
            lognormal_par(pr, &zeta, &sigma);
            v = gsl_ran_lognormal(rng, zeta, sigma);
            break;
        }
        case PRIOR_BETA: {
            double a, b;
            beta_par(p, &a, &b);
            v = p->min + (p->max - p->min) * gsl_ran_beta(rng, a, b);
            break;
        }
        default:
            v = gsl_ran_flat(rng, p->min, p->max);
        }
        if (v > p->min && v < p->max)
            return v;
    }
    return 0.5 * (p->min + p->max); /* the bounds hold almost none of the prior: checked on reading */
}

void prior_moments(const struct cal_free *p, double *mean, double *sd, double *q05, double *q95)
{
    enum { N = 2000 };
    double w[N], t[N], tot = 0, m = 0, v = 0;
    for (int i = 0; i < N; i++) {
        t[i] = p->min + (p->max - p->min) * (i + 0.5) / N;
        double l = prior_log_density(p, t[i]);
        w[i] = isfinite(l) ? exp(l) : 0;
    }
    double mx = 0;
    for (int i = 0; i < N; i++)
        mx = w[i] > mx ? w[i] : mx;
    for (int i = 0; i < N; i++) {
        w[i] = mx > 0 ? w[i] / mx : 1;
        tot += w[i];
        m += w[i] * t[i];
    }
    m /= tot;
    for (int i = 0; i < N; i++)
        v += w[i] * (t[i] - m) * (t[i] - m);
    *mean = m;
    *sd = sqrt(v / tot);
    double c = 0;
    *q05 = *q95 = NAN;
    for (int i = 0; i < N; i++) {
        c += w[i] / tot;
        if (isnan(*q05) && c >= 0.05)
            *q05 = t[i];
        if (isnan(*q95) && c >= 0.95)
            *q95 = t[i];
    }
}

void prior_describe(const struct cal_free *p, char *buf, size_t n)
{
    if (p->prior.dist == PRIOR_UNIFORM)
        snprintf(buf, n, "uniform[%.4g, %.4g]", p->min, p->max);
    else
        snprintf(buf, n, "%s(%.4g, %.4g) on [%.4g, %.4g]", prior_dist_names[p->prior.dist], p->prior.mean,
                 p->prior.sd, p->min, p->max);
}
