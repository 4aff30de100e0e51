/*
 * choice.h - an agent's choice: utilities, logit probabilities, log-sum.
 *
 * Random utility (docs/model.md section 3.4; Train, Discrete Choice Methods, ch. 3):
 *
 *   V_ij = beta_i (q_j - Q0) - alpha_i C(p_cj) + theta_i open_j - d_i D_cj + A_j - s_i [j != current]
 *   V_i0 = - s_i [current != outside]                (the outside option)
 *
 * with Q0 = market.outside_quality, p_cj the price an agent of cell c (region x segment) pays (list price,
 * tariff, subsidy), D_cj the distrust of family j's origin felt in cell c,
 * A_j = appeal_j + ecosystem term, and C(p) = integral of (x / p_ref)^eps dx
 * normalised so that C(p_ref) = p_ref (C(p) = p when eps = 0): by Roy's
 * identity an agent choosing j uses v_i T (p_cj / p_ref)^eps tokens
 * (market.volume_elasticity eps, market.reference_price p_ref; docs/model.md
 * section 3.10).  Errors are Gumbel, so
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

#define MENU_PAIRS 64 /* same-vendor pairs kept in a list (more: the cross slopes are found pair by pair) */

struct menu {
    int n;                                           /* families */
    uint32_t avail[N_CELLS][2];                      /* usable families of cell c, [bound] */
    uint32_t gone[N_CELLS][2];                       /* usable last month, not this month */
    bool any_gone;                                   /* some gone[][] is not empty */
    uint32_t bertrand;                               /* closed families priced by Bertrand-Nash */
    uint32_t rivals[OSS_MAX_FAMILIES];               /* other Bertrand families of j's vendor (vendor pricing) */
    uint32_t any_rivals;                             /* families with rivals[j] != 0 */
    int n_pairs;                                     /* (g, f) with g in rivals[f], f ascending, then g */
    int32_t pair_f[MENU_PAIRS], pair_g[MENU_PAIRS];  /* the first MENU_PAIRS of them */
    double pair_xf[N_CELLS][MENU_PAIRS];             /* volume[c][f] */
    double pair_xg[N_CELLS][MENU_PAIRS];             /* volume[c][g] */
    double pair_wg[N_CELLS][MENU_PAIRS];             /* wedge[c][g] */
    int64_t pair_nest[MENU_PAIRS];                   /* -1 (all bits) when f and g are in one nest, else 0 */
    double quality[OSS_MAX_FAMILIES];                /* index points above market.outside_quality */
    double open[OSS_MAX_FAMILIES];                   /* 1 for open weights, else 0 */
    double appeal[OSS_MAX_FAMILIES];                 /* utils: brand plus ecosystem */
    double paid[N_CELLS][OSS_MAX_FAMILIES];          /* USD per million tokens paid */
    double charge[N_CELLS][OSS_MAX_FAMILIES];        /* C(paid): the price term of utility, USD/Mtok (= paid at eps = 0) */
    double volume[N_CELLS][OSS_MAX_FAMILIES];        /* (paid / reference price)^eps: tokens per unit volume (1 at eps = 0) */
    double distrust[N_CELLS][OSS_MAX_FAMILIES];      /* utils per unit of agent distrust */
    double wedge[N_CELLS][OSS_MAX_FAMILIES];         /* paid / list price: (1 - subsidy)(1 + tariff) */
    double own_k[N_CELLS][OSS_MAX_FAMILIES];         /* volume^2 wedge: an agent's own slope per unit of va P_f (own factor) */
    double eps_k[N_CELLS][OSS_MAX_FAMILIES];         /* eps volume wedge / paid: its intensive-margin slope per unit of vol P_f */
    double learn[OSS_MAX_FAMILIES];                  /* chance a reviewing agent hears of j */
    int64_t learn_n[OSS_MAX_FAMILIES];               /* ceil(learn * 2^53): u = n 2^-53 < learn iff n < learn_n */
    uint64_t key[OSS_MAX_FAMILIES];                  /* agent_family_key of each family */
    uint8_t release[OSS_MAX_FAMILIES];               /* dated releases out: the vintage a choosing agent gets */
    bool nested;                                     /* nested logit (lambda != 1); false: plain logit */
    double lambda;                                   /* market.nesting: the nests' dissimilarity, in (0, 1] */
};

static inline int agent_cell(const struct agent *a) { return a->region * N_SEGMENTS + a->segment; }

/* Utility of family j before any switching cost. */
static inline double choice_utility(const struct agent *a, const struct menu *m, int c, int j)
{
    return agent_beta(a) * m->quality[j] - a->alpha * m->charge[c][j] + agent_openness(a) * m->open[j] -
           agent_distrust(a) * m->distrust[c][j] + m->appeal[j];
}

/* x[i] = exp(x[i]) for i < n (choice.c: vectorised where the C library can). */
void choice_exp(double *x, int n);

/* Which exp and log choice_exp and choice_log2 use on this machine (for the manifest). */
const char *choice_exp_kind(void);

/* One agent's choice set: the usable families it knows, in index order,
 * then the outside option (idx = AGENT_OUTSIDE), with utilities and
 * probabilities.  p has room for padding to a multiple of four. */
struct choice_set {
    int n;                            /* options, the outside option last */
    int idx[N_CHOICE_OPTIONS];        /* family index, or AGENT_OUTSIDE */
    double v[N_CHOICE_OPTIONS];       /* utility with switching cost, utils */
    double p[N_CHOICE_OPTIONS + 3];   /* logit probability */
    double pc[N_CHOICE_OPTIONS];      /* nested logit: a family's probability within its nest, e_j / d_n (families only) */
    double vmax;                      /* largest utility */
    double sum;                       /* sum of exp(v - vmax): log-sum = vmax + ln sum */
};

/* ln a and ln b (one vector call where choice_exp uses libmvec). */
void choice_log2(double a, double b, double *la, double *lb);

/* The nested logit's probabilities for a choice set whose n, idx and v are
 * filled, vmax the largest v (choice.c; docs/model.md section 3.5.1): the open-weight families
 * (menu open[j] = 1) form one nest, the closed ones another, and the outside
 * option, last, is alone.  Fills p, pc, vmax and sum, with the log-sum
 * ln(exp(V_0) + sum_g D_g^lambda) = vmax + ln sum as for the plain logit. */
void choice_set_nested(const struct menu *m, struct choice_set *cs, double vmax);

/* Logit over the families in mask and the outside option: fills cs, whose
 * log-sum ln sum_k exp(V_k) is cs->vmax + ln cs->sum (left to the caller,
 * which may take it together with another logarithm).  current is the option
 * the agent stays with at no switching cost, AGENT_OUTSIDE, or -1 for a first
 * choice (no switching cost anywhere). */
static inline void choice_set_logit(const struct agent *a, const struct menu *m, int c,
                                      uint32_t mask, int current, struct choice_set *cs)
{
    double beta = agent_beta(a), alpha = a->alpha, theta = agent_openness(a), dist = agent_distrust(a);
    double sc = current < 0 ? 0 : agent_switching(a);
    const double *paid = m->charge[c], *dis = m->distrust[c];
    double v0 = current == AGENT_OUTSIDE ? 0 : -sc;
    double *x = cs->p;
    int n = 0;
    double vmax = v0;
    for (uint32_t bits = mask; bits; bits &= bits - 1) {
        int j = __builtin_ctz(bits);
        double vj = beta * m->quality[j] - alpha * paid[j] + theta * m->open[j] - dist * dis[j] +
                    m->appeal[j] - (j == current ? 0 : sc);
        vmax = vj > vmax ? vj : vmax;
        cs->idx[n] = j;
        cs->v[n++] = vj;
    }
    cs->idx[n] = AGENT_OUTSIDE;
    cs->v[n++] = v0;
    cs->n = n;
    if (m->nested) { /* nested logit; the plain logit's arithmetic below is untouched */
        choice_set_nested(m, cs, vmax);
        return;
    }
    int padded = (n + 3) & ~3;
    for (int i = 0; i < n; i++)
        x[i] = cs->v[i] - vmax;
    for (int i = n; i < padded; i++)
        x[i] = 0;
    choice_exp(x, padded);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += x[i];
    double inv = 1 / sum;
    for (int i = 0; i < n; i++)
        x[i] *= inv;
    cs->vmax = vmax;
    cs->sum = sum;
}

/* Inverse-CDF draw with one uniform u over the set's order.  Returns the
 * position in the set (the outside option, last, when u exhausts the rest). */
static inline int choice_set_draw(const struct choice_set *cs, double u)
{
    double c = 0;
    for (int i = 0; i < cs->n - 1; i++) {
        c += cs->p[i];
        if (u < c)
            return i;
    }
    return cs->n - 1;
}

/* The logit of a batch of reviewing agents of one cell, agents in SIMD
 * lanes (choice.c): four agents at a time go through the same arithmetic as
 * choice_set_logit, choice_set_draw and choice_log2 do for one, in the same
 * order for each agent (utilities, the largest, exponentials, their sum in
 * index order with the outside option last, probabilities, the cumulative
 * draw), so every agent gets bit for bit the numbers of the one-agent code
 * whatever batch it is in; with m->nested, choice_set_nested's, and the
 * sums review_nested (market.c) takes from them: the probabilities within
 * the nests (pc), mk_a and the market slope's bracket mk_s (mk_b and mk_e
 * are then not written).  Arrays are structure-of-arrays over lanes; lanes
 * past the batch's agents (padding to four) must hold mask 0. */
#define CHOICE_BATCH 256                       /* reviewing agents per batch */
#define CHOICE_LANES (CHOICE_BATCH + 4 * N_CELLS) /* room to pad every cell's lanes to four */
struct choice_batch {
    /* in: the agent's coefficients (sw: its switching cost, 0 for a first choice) */
    double beta[CHOICE_LANES], alpha[CHOICE_LANES], theta[CHOICE_LANES], dist[CHOICE_LANES], sw[CHOICE_LANES];
    double u_choice[CHOICE_LANES], u_next[CHOICE_LANES]; /* its uniforms: choice, months to the next review */
    int64_t cur[CHOICE_LANES];  /* current option (family, AGENT_OUTSIDE) or -1 for a first choice */
    int64_t mask[CHOICE_LANES]; /* usable families it knows */
    int32_t cell[CHOICE_LANES]; /* its cell (choice_batch_logit_mixed only) */
    /* out */
    double chosen[CHOICE_LANES];   /* family index or AGENT_OUTSIDE */
    double ls[CHOICE_LANES];       /* log-sum ln sum_k exp(V_k) */
    double v_chosen[CHOICE_LANES]; /* utility of the chosen option */
    double log_u[CHOICE_LANES];    /* ln u_next */
    double mk_a[CHOICE_LANES];     /* sum_j P_j x_cj over families in index order */
    double mk_b[CHOICE_LANES];     /* sum_j P_j x_cj x_cj paid_cj */
    double mk_e[CHOICE_LANES];     /* sum_j P_j x_cj paid_cj */
    double mk_s[CHOICE_LANES];     /* nested: mk_e mk_a - mk_b / lambda + (1 / lambda - 1) sum_n A_n E_n */
    double p[CHOICE_LANES * OSS_MAX_FAMILIES];  /* P_j by family, 0 outside the mask: choice_batch_p() */
    double pc[CHOICE_LANES * OSS_MAX_FAMILIES]; /* nested: P_{j|n} = e_j / d_n, j in nest n: choice_batch_pc() */
};

/* Lane l's probabilities by family (rows as long as the menu's families,
 * rounded up to four). */
static inline double *choice_batch_p(struct choice_batch *b, const struct menu *m, int l)
{
    return b->p + (size_t)l * (size_t)((m->n + 3) & ~3);
}

/* Lane l's probabilities within the nests by family (nested logit), as choice_batch_p. */
static inline double *choice_batch_pc(struct choice_batch *b, const struct menu *m, int l)
{
    return b->pc + (size_t)l * (size_t)((m->n + 3) & ~3);
}

/* Built where glibc's vector maths are (choice_batch_ok() says whether the
 * processor has AVX2). */
#if defined(__x86_64__) && defined(__GLIBC__) && defined(OSS_LIBMVEC)
#define CHOICE_BATCH_AVX2 1
#endif

/* True when the batched kernels take libmvec's exponential written out
 * inline (choice.c: checked at start-up to give libmvec's bits here). */
bool choice_exp_inline(void);

/* For tests: whether that exponential gives libmvec's bits for x[0 .. 3]
 * (true also when a lane is beyond its fast path, which libmvec takes). */
bool choice_exp_inline_same(const double *x);

/* True when choice_batch_logit can run here (x86-64, glibc's libmvec, AVX2 and FMA). */
bool choice_batch_ok(void);

/* Lanes from .. to - 1 (from and to multiples of four) of b, all agents of
 * cell c.  Only where choice_batch_ok(). */
void choice_batch_logit(const struct menu *m, int c, struct choice_batch *b, int from, int to);

/* The same for lanes of any cells, lane l's in b->cell[l] (each lane gets
 * the numbers it would get among agents of its own cell). */
void choice_batch_logit_mixed(const struct menu *m, struct choice_batch *b, int from, int to);

/* The same logit with family-indexed results: v[j] and p[j] for j in mask,
 * v[CHOICE_OUTSIDE] and p[CHOICE_OUTSIDE] for the outside option. */
static inline double choice_logit(const struct agent *a, const struct menu *m, int c, uint32_t mask,
                                  int current, double *v, double *p)
{
    struct choice_set cs;
    choice_set_logit(a, m, c, mask, current, &cs);
    double ls = cs.vmax + log(cs.sum);
    for (int i = 0; i < cs.n; i++) {
        int j = cs.idx[i] == AGENT_OUTSIDE ? CHOICE_OUTSIDE : cs.idx[i];
        v[j] = cs.v[i];
        p[j] = cs.p[i];
    }
    return ls;
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
