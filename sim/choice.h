/*
 * choice.h - an agent's choice: utilities, logit probabilities, log-sum.
 *
 * Random utility (MODEL.md section 4; Train, Discrete Choice Methods, ch. 3):
 *
 *   V_ij = beta_i (q_j - Q0) - alpha_i p_cj + theta_i open_j - d_i D_cj + A_j - s_i [j != current]
 *   V_i0 = - s_i [current != outside]                (the outside option)
 *
 * with Q0 = market.outside_quality, p_cj the price an agent of cell c (region x segment) pays (list price,
 * tariff, subsidy), D_cj the distrust of family j's origin felt in cell c,
 * A_j = appeal_j + ecosystem term.  Errors are Gumbel, so
 * P_ij = exp(V_ij) / sum_k exp(V_ik) and E[max_j U_ij] = ln sum_k exp(V_ik),
 * which divided by alpha_i is consumer surplus in USD per million tokens.
 * The family-level terms of a month are gathered once in a struct menu.
 */
#ifndef OSS_CHOICE_H
#define OSS_CHOICE_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "agent.h"
#include "scenario.h"

#define CHOICE_OUTSIDE OSS_MAX_FAMILIES /* index of the outside option in p[] */
#define N_CHOICE_OPTIONS (OSS_MAX_FAMILIES + 1)

struct menu {
    int n;                                           /* families */
    uint32_t avail[N_CELLS][2];                      /* usable families of cell c, [bound] */
    uint32_t gone[N_CELLS][2];                       /* usable last month, not this month */
    bool any_gone;                                   /* some gone[][] is not empty */
    uint32_t bertrand;                               /* closed families priced by Bertrand-Nash */
    double quality[OSS_MAX_FAMILIES];                /* index points above market.outside_quality */
    double open[OSS_MAX_FAMILIES];                   /* 1 for open weights, else 0 */
    double appeal[OSS_MAX_FAMILIES];                 /* utils: brand plus ecosystem */
    double paid[N_CELLS][OSS_MAX_FAMILIES];          /* USD per million tokens paid */
    double distrust[N_CELLS][OSS_MAX_FAMILIES];      /* utils per unit of agent distrust */
    double wedge[N_CELLS][OSS_MAX_FAMILIES];         /* paid / list price: (1 - subsidy)(1 + tariff) */
    double learn[OSS_MAX_FAMILIES];                  /* chance a reviewing agent hears of j */
    uint64_t key[OSS_MAX_FAMILIES];                  /* agent_family_key of each family */
};

static inline int agent_cell(const struct agent *a) { return a->region * N_SEGMENTS + a->segment; }

/* Utility of family j before any switching cost. */
static inline double choice_utility(const struct agent *a, const struct menu *m, int c, int j)
{
    return a->beta * m->quality[j] - a->alpha * m->paid[c][j] + a->openness * m->open[j] -
           a->distrust * m->distrust[c][j] + m->appeal[j];
}

/* x[i] = exp(x[i]) for i < n (choice.c: vectorised where the C library can). */
void choice_exp(double *x, int n);

/* Which exponential choice_exp uses on this machine (for the manifest). */
const char *choice_exp_kind(void);

/* Logit over the families in mask and the outside option.  Writes the
 * utilities (with switching cost) to v[] and probabilities to p[] (p[CHOICE_OUTSIDE]
 * for the outside option); returns the log-sum ln sum_k exp(V_k).  current
 * is the option the agent stays with at no switching cost, AGENT_OUTSIDE, or
 * -1 for a first choice (no switching cost anywhere). */
static inline double choice_logit(const struct agent *a, const struct menu *m, int c, uint32_t mask,
                                  int current, double *v, double *p)
{
    double beta = a->beta, alpha = a->alpha, theta = a->openness, dist = a->distrust;
    double sc = current < 0 ? 0 : a->switching;
    const double *paid = m->paid[c], *dis = m->distrust[c];
    double v0 = current == AGENT_OUTSIDE ? 0 : -sc;
    double x[N_CHOICE_OPTIONS + 4];
    int idx[N_CHOICE_OPTIONS];
    int n = 0;
    double vmax = v0;
    for (uint32_t bits = mask; bits; bits &= bits - 1) {
        int j = __builtin_ctz(bits);
        double vj = beta * m->quality[j] - alpha * paid[j] + theta * m->open[j] - dist * dis[j] +
                    m->appeal[j] - (j == current ? 0 : sc);
        v[j] = vj;
        vmax = vj > vmax ? vj : vmax;
        idx[n] = j;
        x[n++] = vj;
    }
    x[n++] = v0;
    for (int i = 0; i < n; i++)
        x[i] -= vmax;
    choice_exp(x, n);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += x[i];
    double inv = 1 / sum;
    for (int i = 0; i < n - 1; i++)
        p[idx[i]] = x[i] * inv;
    p[CHOICE_OUTSIDE] = x[n - 1] * inv;
    v[CHOICE_OUTSIDE] = v0;
    return vmax + log(sum);
}

/* Inverse-CDF draw with one uniform u: families in index order, then the
 * outside option.  Returns a family index or AGENT_OUTSIDE. */
static inline int choice_draw(const double *p, uint32_t mask, double u)
{
    double c = 0;
    for (uint32_t bits = mask; bits; bits &= bits - 1) {
        int j = __builtin_ctz(bits);
        c += p[j];
        if (u < c)
            return j;
    }
    return AGENT_OUTSIDE;
}

#endif
