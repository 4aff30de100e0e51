/*
 * market.c - one replication's world and its monthly step (see market.h).
 *
 * The hot path is the review: an agent draws exactly three numbers each
 * time it reviews (choice, awareness, months to the next review), from a
 * counter-based generator keyed by (replication, agent, month), whatever
 * the scenario; so a scenario and its counterfactual give an agent the same
 * numbers whenever it reviews in the same month, even after a family has
 * left some agents' menus (exit, sanctions) and they chose again off
 * schedule.  review() is one agent's review; review_batches() does the same
 * for a block's reviewers in batches, their logits four agents at a time in
 * SIMD lanes (where the processor has AVX2 and glibc's vector maths), with
 * bit for bit the same results, for the plain logit and the nested one
 * (market.nesting < 1: review_nested's flows, which the batched path takes
 * four families at a time from the kernel's sums).
 */
#define _DEFAULT_SOURCE /* madvise */
#define HAVE_INLINE 1    /* GSL: inline gsl_rng_uniform */
#include "market.h"

#include <gsl/gsl_randist.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "policy.h"

static uint32_t hash32(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return (uint32_t)(x >> 32);
}

unsigned long world_stream_seed(uint64_t base, int rep, int block)
{
    /* consecutive stream numbers from a hashed origin: no two streams of one
     * base seed share a seed (blocks < 8192 since agents <= 1e8, and
     * replications <= 100000) */
    uint32_t s = hash32(base) + (uint32_t)rep * 8192u + (uint32_t)block;
    /* GSL's taus2 reads only 32 bits and takes seed 0 for seed 1: map onto
     * 1 .. 2^32 - 1 so that consecutive stream numbers stay distinct */
    return (unsigned long)(s % 0xffffffffu) + 1;
}

/* splitmix64: the next 64 random bits from state *s. */
static inline uint64_t splitmix64(uint64_t *s)
{
    uint64_t x = (*s += 0x9e3779b97f4a7c15ULL);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Agents lo .. hi - 1 make up block b. */
static void block_range(const struct world *w, int b, long *lo, long *hi)
{
    *lo = (long)b * BLOCK_AGENTS;
    *hi = *lo + BLOCK_AGENTS < w->n_agents ? *lo + BLOCK_AGENTS : w->n_agents;
}

/* Memory for the agents, released with free(): from a million agents on,
 * on 2 MB pages where the kernel offers them for the asking
 * (transparent huge pages in "madvise" mode).  Reviews read the records of
 * agents scattered over the whole array; with 4 KB pages nearly each one
 * also misses the processor's table of page translations. */
static void *agents_alloc(size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const size_t huge = (size_t)2 << 20;
    if (bytes >= 8 * huge) {
        void *p = NULL;
        if (posix_memalign(&p, huge, bytes) != 0)
            return NULL;
        (void)madvise(p, bytes & ~(huge - 1), MADV_HUGEPAGE); /* advice only: 4 KB pages if refused */
        return p;
    }
#endif
    return malloc(bytes);
}

struct world *world_alloc(const struct scenario *sc, int rep)
{
    return world_alloc_threads(sc, rep, 1);
}

struct world *world_alloc_threads(const struct scenario *sc, int rep, int threads)
{
    struct world *w = world_new(sc, rep);
    if (!w)
        return NULL;
#pragma omp parallel num_threads(threads) if (threads > 1 && w->n_blocks > 1)
    world_draw_team(w);
    return w;
}

/* The rows of the books by release (struct world): a release can be in use
 * from the month it is out and the family is on the market, and is read
 * (world_tally) only once a later release has superseded it.  A family is
 * on the market from max(start, entry), when the releases dated by then are
 * out (supply_step), so the releases before the last of those are never in
 * use; the last release dated by the horizon's end is never superseded. */
static void rel_plan(struct world *w)
{
    const struct scenario *sc = w->sc;
    w->rel_rows = 1; /* row 0: the scratch row */
    for (int j = 0; j < sc->n_families; j++) {
        const struct family_spec *f = &sc->families[j];
        int from = f->entry > sc->start ? f->entry : sc->start, first = 0, last = 0;
        while (first < f->n_releases && f->releases[first].month <= from)
            first++;
        while (last < f->n_releases && f->releases[last].month <= sc->end)
            last++;
        w->rel_first[j] = (uint8_t)first;
        for (int v = 0; v <= OSS_MAX_RELEASES; v++)
            w->rel_row[j][v] = v >= first && v < last ? (uint8_t)w->rel_rows++ : 0;
    }
}

/* The blocks' books (each on pages of its own: see struct book) and after
 * them their books by release, rel_rows rows each, in one zeroed
 * allocation: when it is large the kernel's fresh pages, of which those
 * never written take no memory.  NULL when out of memory. */
static struct book *books_alloc(struct world *w)
{
    rel_plan(w);
    size_t books = (size_t)w->n_blocks * sizeof(struct book);
    size_t stride = ((size_t)w->rel_rows * REL_SUMS + 7) & ~(size_t)7; /* whole cache lines: blocks share none */
    w->book_mem = calloc(BOOK_ALIGN + books + (size_t)w->n_blocks * stride * sizeof(double), 1);
    if (!w->book_mem)
        return NULL;
    struct book *bk = (struct book *)(((uintptr_t)w->book_mem + BOOK_ALIGN - 1) & ~(uintptr_t)(BOOK_ALIGN - 1));
    double *rel = (double *)(bk + w->n_blocks);
    for (int b = 0; b < w->n_blocks; b++) {
        bk[b].rel = rel + (size_t)b * stride;
        bk[b].rel_row = (const uint8_t (*)[OSS_MAX_RELEASES + 1])w->rel_row;
    }
    return bk;
}

struct world *world_new(const struct scenario *sc, int rep)
{
    struct world *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->sc = sc;
    w->n_agents = sc->n_agents;
    w->n_blocks = (int)((sc->n_agents + BLOCK_AGENTS - 1) / BLOCK_AGENTS);
    w->agents = agents_alloc((size_t)sc->n_agents * sizeof *w->agents);
    w->next_review = calloc((size_t)sc->n_agents, sizeof *w->next_review);
    w->rng = calloc((size_t)w->n_blocks, sizeof *w->rng);
    w->book = books_alloc(w);
    w->done = calloc((size_t)w->n_blocks + 1, 1);
    if (!w->agents || !w->next_review || !w->rng || !w->book || !w->done || !supply_init(&w->supply, sc)) {
        world_free(w);
        return NULL;
    }
    population_prepare(&w->pop, sc);
    for (int j = 0; j < sc->n_families; j++)
        w->menu.key[j] = w->pop.key[j];
    w->menu.n = sc->n_families;
    for (int b = 0; b < w->n_blocks; b++) {
        w->rng[b] = gsl_rng_alloc(gsl_rng_taus2);
        if (!w->rng[b]) {
            world_free(w);
            return NULL;
        }
        gsl_rng_set(w->rng[b], world_stream_seed(sc->seed, rep, b));
    }
    uint64_t key = sc->seed ^ ((uint64_t)rep << 40);
    w->crn = splitmix64(&key);
    return w;
}

void world_draw_team(struct world *w)
{
    const struct scenario *sc = w->sc;
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < w->n_blocks; b++) {
        long lo, hi;
        block_range(w, b, &lo, &hi);
        for (long i = lo; i < hi; i++)
            agent_draw(&w->agents[i], sc, &w->pop, w->rng[b]);
    }
#pragma omp single
    {
        w->volume_total = 0;
        for (long i = 0; i < w->n_agents; i++)
            w->volume_total += w->agents[i].volume;
    }
}

void world_free(struct world *w)
{
    if (!w)
        return;
    if (w->rng)
        for (int b = 0; b < w->n_blocks; b++)
            gsl_rng_free(w->rng[b]);
    free(w->rng);
    free(w->book_mem);
    free(w->done);
    free(w->next_review);
    free(w->agents);
    supply_free(&w->supply);
    free(w);
}

/* The intensive margin at the price paid p: the price term of utility
 * C(p) = p_ref [((p / p_ref)^(1 + eps) - 1) / (1 + eps) + 1] (p_ref (ln(p / p_ref) + 1) at
 * eps = -1), whose derivative is the tokens per unit of volume
 * x(p) = (p / p_ref)^eps (Roy's identity).  At eps = 0: C = p and x = 1 exactly. */
static void menu_volume_terms(const struct scenario *sc, double p, double *charge, double *x)
{
    double eps = sc->volume_elasticity, ref = sc->reference_price;
    if (eps == 0) {
        *charge = p;
        *x = 1;
        return;
    }
    double r = fmax(p, 1e-12) / ref, a = 1 + eps;
    *x = pow(r, eps);
    if (eps == -1)
        *charge = ref * (log(r) + 1);
    else if (fabs(a) < 1e-3) /* r^a - 1 is close to 0: expm1 keeps its digits, which the subtraction loses */
        *charge = ref * (expm1(a * log(r)) / a + 1);
    else
        *charge = ref * ((*x * r - 1) / a + 1);
}

void world_build_menu(struct world *w)
{
    const struct scenario *sc = w->sc;
    const struct supply *s = &w->supply;
    struct menu *m = &w->menu;
    int t = sc->start + s->k;
    uint32_t before[N_CELLS][2];
    memcpy(before, m->avail, sizeof before);
    for (int c = 0; c < N_CELLS; c++)
        m->avail[c][0] = m->avail[c][1] = 0;
    for (int j = 0; j < sc->n_families; j++) {
        const struct family_spec *f = &sc->families[j];
        if (!s->available[j])
            continue;
        enum access acc = s->access[j];
        m->quality[j] = s->quality[j] - sc->outside_quality;
        m->release[j] = (uint8_t)s->released[j];
        m->open[j] = acc == ACCESS_OPEN;
        /* ecosystem and word of mouth grow with the model's developers on all its channels */
        double share = 0;
        for (int i = 0; i < sc->n_families; i++)
            if (sc->families[i].model == f->model)
                share += w->dev_share[i];
        m->appeal[j] = f->appeal + (sc->ecosystem_on ? sc->ecosystem * share : 0);
        m->learn[j] = fmin(1, sc->awareness_base + sc->awareness_wom * share);
        m->learn_n[j] = agent_below_bound(m->learn[j]);
        double subsidy = policy_subsidy(sc, f, acc, t);
        double shock = policy_trust_shock(sc, f, acc, t);
        bool barred = policy_sanctions_bar(sc, f, acc, t);
        /* hosted weights carry model risk only: a share of the origin's distrust */
        double scale = policy_channel(f, acc) == CHANNEL_HOSTED ? sc->hosted_distrust : 1;
        for (int c = 0; c < N_CELLS; c++) {
            int r = c / N_SEGMENTS;
            double wedge = (1 - subsidy) * (1 + policy_tariff_option(sc, r, f, acc, t));
            m->wedge[c][j] = wedge;
            m->paid[c][j] = s->price[j] * wedge;
            menu_volume_terms(sc, m->paid[c][j], &m->charge[c][j], &m->volume[c][j]);
            m->own_k[c][j] = m->volume[c][j] * m->volume[c][j] * wedge;
            m->eps_k[c][j] = sc->volume_elasticity != 0 ? sc->volume_elasticity * m->volume[c][j] * wedge / m->paid[c][j] : 0;
            /* a scare about an origin's models moves foreign agents' distrust
             * (docs/model.md section 3.8: distrust of foreign origins); one about open models,
             * everyone's */
            bool shocked = sc->trust_shock.open_models || r != (int)f->origin;
            m->distrust[c][j] =
                sc->distrust_on ? scale * sc->distrust_table[r][f->origin] + (shocked ? shock : 0) : 0;
            m->avail[c][0] |= 1u << j;
            if (!barred)
                m->avail[c][1] |= 1u << j;
        }
    }
    m->nested = sc->nesting > 0 && sc->nesting < 1; /* 1 (the default): the plain logit's code */
    m->lambda = sc->nesting;
    m->bertrand = 0;
    for (int j = 0; j < sc->n_families; j++)
        if (s->available[j] && s->access[j] == ACCESS_CLOSED && sc->families[j].pricing == PRICING_BERTRAND)
            m->bertrand |= 1u << j;
    m->any_rivals = 0;
    for (int j = 0; j < sc->n_families; j++) {
        m->rivals[j] = supply_vendor_rivals(sc, m->bertrand, j);
        m->any_rivals |= (uint32_t)(m->rivals[j] != 0) << j;
    }
    m->n_pairs = 0;
    for (uint32_t fs = m->any_rivals; fs; fs &= fs - 1) {
        int f = __builtin_ctz(fs);
        for (uint32_t gs = m->rivals[f]; gs; gs &= gs - 1, m->n_pairs++) {
            int g = __builtin_ctz(gs), q = m->n_pairs;
            if (q >= MENU_PAIRS)
                continue;
            m->pair_f[q] = f;
            m->pair_g[q] = g;
            m->pair_nest[q] = -(int64_t)(m->open[f] == m->open[g]);
            for (int c = 0; c < N_CELLS; c++) {
                m->pair_xf[c][q] = m->volume[c][f];
                m->pair_xg[c][q] = m->volume[c][g];
                m->pair_wg[c][q] = m->wedge[c][g];
            }
        }
    }
    m->any_gone = false;
    for (int c = 0; c < N_CELLS; c++)
        for (int bnd = 0; bnd < 2; bnd++) {
            m->gone[c][bnd] = before[c][bnd] & ~m->avail[c][bnd];
            m->any_gone |= m->gone[c][bnd] != 0;
        }
}

/* The sums of the agents of family j on its release v (REL_SUMS of them). */
static inline double *book_release(const struct book *bk, int j, int v)
{
    return bk->rel + (size_t)bk->rel_row[j][v] * REL_SUMS;
}

/* Adds (sign +1) or removes (-1) an agent's contribution to its option's sums. */
static inline __attribute__((always_inline)) void book_move(struct book *bk, const struct agent *a, int c, double sign)
{
    int o = a->choice == AGENT_OUTSIDE ? OSS_MAX_FAMILIES : a->choice;
    double vol = a->volume, va = vol / a->alpha;
    bk->opt[o].w[c] += sign * vol;
    bk->opt[o].n[c] += sign;
    bk->opt[o].wq[c] += sign * va * agent_beta(a);
    bk->opt[o].wo[c] += sign * va * agent_openness(a);
    bk->opt[o].wd[c] += sign * va * agent_distrust(a);
    bk->opt[o].wa[c] += sign * va;
    bk->opt[o].wb[c] += sign * va * a->bonus;
    if (a->bound)
        bk->bound_w[o] += sign * vol;
    if (o < OSS_MAX_FAMILIES) {
        double *r = book_release(bk, o, a->vintage);
        r[c / N_SEGMENTS] += sign * vol;
        r[N_REGIONS] += sign * va * agent_beta(a);
    }
}

/* Months to the next review: geometric with the agent's monthly review
 * probability p, by inversion as gsl_ran_geometric does it,
 * 1 + floor(ln u / ln(1 - p)), given ln u < 0, with 1 / ln(1 - p) stored
 * per agent (its wait: 0 when p = 1, which gives 1; -infinity when p = 0,
 * which gives never). */
static inline unsigned months_to_review(const struct agent *a, double log_u)
{
    double x = log_u * agent_wait(a); /* >= 0 */
    return x < UINT16_MAX - 1 ? 1 + (unsigned)x : UINT16_MAX;
}

/* The books after agent a of cell c chose j with the bonus (log-sum minus
 * the chosen utility, as stored, so that the books hold what agents hold). */
static inline __attribute__((always_inline)) void review_book(struct book *bk, struct agent *a, int c, int k, bool first,
                                                             int j, float bonus, const struct menu *m)
{
    int cur = a->choice;
    double vol = a->volume;
    unsigned v = j == AGENT_OUTSIDE ? 0 : m->release[j]; /* the family's latest release */
    if (k > 0 && j == cur) {
        /* stays: its bonus changes in the books, and it moves to the latest release */
        int o = j == AGENT_OUTSIDE ? OSS_MAX_FAMILIES : j;
        bk->opt[o].wb[c] += vol / a->alpha * ((double)bonus - a->bonus);
        a->bonus = bonus;
        if (o < OSS_MAX_FAMILIES && a->vintage != v) {
            double vq = vol / a->alpha * agent_beta(a);
            double *from = book_release(bk, o, a->vintage), *to = book_release(bk, o, (int)v);
            from[c / N_SEGMENTS] -= vol;
            from[N_REGIONS] -= vq;
            to[c / N_SEGMENTS] += vol;
            to[N_REGIONS] += vq;
            a->vintage = v & 7u;
        }
    } else {
        if (k > 0)
            book_move(bk, a, c, -1);
        if (!first && j != cur)
            bk->switching[c] += vol * agent_switching(a) / a->alpha;
        a->choice = (uint8_t)j;
        a->vintage = v & 7u;
        a->bonus = bonus;
        book_move(bk, a, c, +1);
    }
    bk->reviews += 1;
}

/* The review's three uniforms, from (replication, agent, month) alone. */
static inline void review_draws(const struct world *w, long i, int k, double *u_choice, uint32_t *r_learn,
                                double *u_next)
{
    /* The draws of agent i's review in month k come from (replication, i, k)
     * alone, not from a stream shared with other agents: in a scenario and
     * its counterfactual an agent that reviews in the same month draws the
     * same numbers, however many reviews the policy added or removed before
     * it (common random numbers that survive the first difference). */
    uint64_t st = w->crn + (uint64_t)i * 4096u + (uint64_t)k; /* k < 4096: horizon <= 100 years */
    *u_choice = (double)(splitmix64(&st) >> 11) * 0x1p-53;
    *r_learn = (uint32_t)(splitmix64(&st) >> 32);
    *u_next = ((double)(splitmix64(&st) >> 11) + 0.5) * 0x1p-53; /* in (0, 1) */
}

/* Awareness at a review: each usable family the agent does not know, it
 * hears of with the menu's chance.  Returns the usable families it knows. */
static inline uint32_t review_learn(const struct world *w, struct agent *a, uint32_t usable, uint32_t r_learn)
{
    const struct menu *m = &w->menu;
    if (w->sc->awareness) {
        uint32_t learnt = 0;
        for (uint32_t bits = usable & ~a->aware; bits; bits &= bits - 1) {
            int j = __builtin_ctz(bits);
            learnt |= (uint32_t)(agent_family_uniform(r_learn, m->key[j]) < m->learn[j]) << j;
        }
        a->aware |= learnt;
    }
    return usable & a->aware;
}

/* The cross slopes of one review: pfam[f], the agent's probabilities of the
 * families in in_set; va, its volume times price sensitivity. */
static inline void review_cross(struct book *bk, const struct menu *m, int c, uint32_t in_set, const double *pfam,
                                double va)
{
    const double *wedge = m->wedge[c], *xv = m->volume[c];
    for (uint32_t bits = m->any_rivals & in_set; bits; bits &= bits - 1) {
        int f = __builtin_ctz(bits);
        for (uint32_t gs = m->rivals[f] & in_set; gs; gs &= gs - 1) {
            int g = __builtin_ctz(gs);
            bk->cross[g][f] += va * xv[f] * xv[g] * wedge[g] * pfam[f] * pfam[g];
        }
    }
}

/* review_cross() under the nested logit (review_nested below): pc[f], the
 * probability of f within its nest. */
static void review_cross_nested(struct book *bk, const struct menu *m, int c, uint32_t in_set, const double *p,
                                const double *pc, double va)
{
    const double *wedge = m->wedge[c], *xv = m->volume[c];
    double il = 1 / m->lambda;
    for (uint32_t bits = m->any_rivals & in_set; bits; bits &= bits - 1) {
        int f = __builtin_ctz(bits);
        for (uint32_t gs = m->rivals[f] & in_set; gs; gs &= gs - 1) {
            int g = __builtin_ctz(gs);
            double near = m->open[f] == m->open[g] ? (il - 1) * pc[g] : 0;
            bk->cross[g][f] += va * xv[f] * xv[g] * wedge[g] * p[f] * (near + p[g]);
        }
    }
}

/* review()'s flows and slopes under the nested logit (docs/model.md
 * section 3.5.1), from p[f] and pc[f], the agent's probabilities of the
 * families in in_set and P_{f|n}, f's probability within its nest n
 * (choice_set_nested's e_f / d_n), with il = 1/lambda:
 *   dP_f/dV_f = P_f (il - (il - 1) P_{f|n} - P_f),
 *   dP_f/dV_g = - P_f ((il - 1) P_{g|n} + P_g)   g != f in the same nest,
 *             = - P_f P_g                        g in another nest;
 * at lambda = 1 these are the plain logit's.  The market's slope (every
 * price paid up by the same proportion) is
 *   eps A + alpha (A E - B / lambda + (il - 1) sum_n A_n E_n),
 * A = sum P_f x_f, B = sum P_f x_f^2 p_f, E = sum P_f x_f p_f, A_n = sum_{f in n} P_f x_f,
 * E_n = sum_{g in n} P_{g|n} x_g p_g (p the price paid).  Sums run over the
 * families in index order. */
static void review_nested(struct book *bk, const struct menu *m, int c, uint32_t in_set, const double *p,
                          const double *pc, double alpha, double vol, double eps)
{
    const double *xv = m->volume[c], *paid = m->paid[c], *own_k = m->own_k[c], *eps_k = m->eps_k[c];
    double il = 1 / m->lambda, va = vol * alpha;
    double mk_a = 0, mk_b = 0, mk_e = 0, an[2] = {0, 0}, en[2] = {0, 0};
    for (uint32_t bits = in_set; bits; bits &= bits - 1) {
        int f = __builtin_ctz(bits), g = m->open[f] != 0;
        double pf = p[f], xf = xv[f];
        bk->demand[f] += vol * xf * pf;
        bk->slope[f] += va * pf * own_k[f] * (il - (il - 1) * pc[f] - pf);
        if (eps != 0)
            bk->slope[f] -= vol * pf * eps_k[f];
        mk_a += pf * xf;
        mk_b += pf * xf * xf * paid[f];
        mk_e += pf * xf * paid[f];
        an[g] += pf * xf;
        en[g] += pc[f] * xf * paid[f];
    }
    review_cross_nested(bk, m, c, in_set, p, pc, va);
    bk->market_demand += vol * mk_a;
    bk->market_slope +=
        vol * (eps * mk_a + alpha * (mk_e * mk_a - mk_b * il + (il - 1) * (an[0] * en[0] + an[1] * en[1])));
}

/* An agent chooses again.  first: no current choice to stay with (first
 * month, or its family left its menu). */
static void review(struct world *w, struct book *bk, long i, int k, bool first)
{
    const struct menu *m = &w->menu;
    struct agent *a = &w->agents[i];
    int c = agent_cell(a);
    double u_choice, u_next;
    uint32_t r_learn;
    review_draws(w, i, k, &u_choice, &r_learn, &u_next);
    uint32_t mask = review_learn(w, a, m->avail[c][a->bound], r_learn);
    int cur = a->choice;
    struct choice_set cs;
    choice_set_logit(a, m, c, mask, first ? -1 : cur, &cs);
    double log_sum, log_u;
    choice_log2(cs.sum, u_next, &log_sum, &log_u);
    double ls = cs.vmax + log_sum;
    unsigned due = (unsigned)k + months_to_review(a, log_u);
    w->next_review[i] = (uint16_t)(due < UINT16_MAX ? due : UINT16_MAX);
    int chosen = choice_set_draw(&cs, u_choice);
    int j = cs.idx[chosen];
    double vol = a->volume, va = vol * a->alpha;
    const double *xv = m->volume[c], *paid = m->paid[c];
    double eps = w->sc->volume_elasticity;
    /* expected tokens and their price slopes (section 2.5 of docs/model.md):
     * own, for every family; across one vendor's Bertrand families; and the
     * market's, for all prices moving together */
    double pfam[OSS_MAX_FAMILIES], mk_a = 0, mk_b = 0, mk_e = 0;
    uint32_t in_set = 0;
    if (m->nested) {
        double pcfam[OSS_MAX_FAMILIES];
        for (int i = 0; i < cs.n - 1; i++) {
            pfam[cs.idx[i]] = cs.p[i];
            pcfam[cs.idx[i]] = cs.pc[i];
        }
        review_nested(bk, m, c, mask, pfam, pcfam, a->alpha, vol, eps);
        review_book(bk, a, c, k, first, j, (float)(ls - cs.v[chosen]), m);
        return;
    }
    for (int i = 0; i < cs.n - 1; i++) {
        int f = cs.idx[i];
        double pf = cs.p[i], xf = xv[f];
        bk->demand[f] += vol * xf * pf;
        bk->slope[f] += va * pf * m->own_k[c][f] * (1 - pf);
        if (eps != 0)
            bk->slope[f] -= vol * pf * m->eps_k[c][f];
        pfam[f] = pf;
        in_set |= 1u << f;
        mk_a += pf * xf;
        mk_b += pf * xf * xf * paid[f];
        mk_e += pf * xf * paid[f];
    }
    review_cross(bk, m, c, in_set, pfam, va);
    bk->market_demand += vol * mk_a;
    bk->market_slope += vol * (eps * mk_a + a->alpha * (mk_e * mk_a - mk_b));
    review_book(bk, a, c, k, first, j, (float)(ls - cs.v[chosen]), m);
}

#ifdef CHOICE_BATCH_AVX2
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,bmi2")))

/* Offsets i < n with next[i] == k, in order, into due; returns how many.
 * Sixteen agents a compare: an agent not due costs a sixteenth of one. */
AVX2 static int due_scan_avx2(const uint16_t *next, int n, uint16_t k, uint16_t *due)
{
    int cnt = 0, i = 0;
    __m256i kv = _mm256_set1_epi16((short)k);
    for (; i + 16 <= n; i += 16) {
        __builtin_prefetch(next + i + 512); /* a kilobyte ahead: the hardware's prefetch starts late in a block */
        __m256i v = _mm256_loadu_si256((const __m256i *)(next + i));
        uint32_t bits = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi16(v, kv)); /* two bits an agent */
        for (; bits; bits &= bits - 1, bits &= bits - 1)
            due[cnt++] = (uint16_t)(i + __builtin_ctz(bits) / 2);
    }
    for (; i < n; i++) {
        due[cnt] = (uint16_t)i;
        cnt += next[i] == k;
    }
    return cnt;
}

/* review_learn() four families at a time: agent_family_uniform()'s hash in
 * 64-bit lanes, and u = n 2^-53 < learn compared as n < learn_n (the same
 * outcome for every family, exactly: see struct menu), without a branch
 * per family.  Only the families the agent can use and does not know are
 * hashed (about 5 of 21 in the baseline): their keys and bounds are packed
 * into lanes in index order, and the outcomes put back in the families'
 * bits by _pdep_u32, so each family gets the outcome it had when every
 * family was hashed. */
AVX2 static inline __attribute__((always_inline)) uint32_t review_learn_avx2(const struct world *w, struct agent *a,
                                                                           uint32_t usable, uint32_t r_learn)
{
    const struct menu *m = &w->menu;
    if (w->sc->awareness) {
        uint32_t unknown = usable & ~a->aware;
        uint64_t key[OSS_MAX_FAMILIES + 4];
        int64_t below[OSS_MAX_FAMILIES + 4];
        int u = 0;
        for (uint32_t bits = unknown; bits; bits &= bits - 1, u++) {
            int j = __builtin_ctz(bits);
            key[u] = m->key[j];
            below[u] = m->learn_n[j];
        }
        below[u] = below[u + 1] = below[u + 2] = 0; /* never below: padding */
        key[u] = key[u + 1] = key[u + 2] = 0;
        a->aware |= _pdep_u32(agent_family_below_avx2(r_learn, key, below, u), unknown);
    }
    return usable & a->aware;
}

/* Lane masks (all bits in lane i when bit i of the index is set): a group
 * of four families' membership in a set, by its four bits. */
static const int64_t lane_mask[16][4] __attribute__((aligned(32))) = {
    {0, 0, 0, 0},   {-1, 0, 0, 0},   {0, -1, 0, 0},   {-1, -1, 0, 0},   {0, 0, -1, 0},   {-1, 0, -1, 0},
    {0, -1, -1, 0}, {-1, -1, -1, 0}, {0, 0, 0, -1},   {-1, 0, 0, -1},   {0, -1, 0, -1},  {-1, -1, 0, -1},
    {0, 0, -1, -1}, {-1, 0, -1, -1}, {0, -1, -1, -1}, {-1, -1, -1, -1}};

/* The own flows of one review, four families at a time: the same sums as
 * review()'s loop over the choice set (each family's books get the same
 * terms in the same order), for the families in in_set; with pc (the
 * probabilities within the nests, review_nested's pc) the nested logit's
 * own slopes, with il = 1 / lambda, as review_nested computes them;
 * with_eps: eps != 0, the intensive margin's slope term (a slope's two
 * terms are added in review()'s order, (slope + own) - eps term). */
AVX2 static inline __attribute__((always_inline)) void flows_avx2(struct book *bk, const struct menu *m, int c,
                                                                  uint32_t in_set, const double *p,
                                                                  const double *pc, double il, double vol, double va,
                                                                  bool with_eps)
{
    const double *xv = m->volume[c], *own_k = m->own_k[c], *eps_k = m->eps_k[c];
    __m256d vvol = _mm256_set1_pd(vol), vva = _mm256_set1_pd(va);
    __m256d one = _mm256_set1_pd(1), vil = _mm256_set1_pd(il), vil1 = _mm256_set1_pd(il - 1);
    const int n = m->n;
    for (int f = 0; f < n; f += 4) {
        unsigned bits = (in_set >> f) & 15u;
        if (!bits)
            continue;
        __m256d in = _mm256_load_pd((const double *)lane_mask[bits]);
        __m256d pf = _mm256_loadu_pd(p + f), xf = _mm256_loadu_pd(xv + f);
        __m256d d = _mm256_loadu_pd(bk->demand + f);
        d = _mm256_blendv_pd(d, _mm256_add_pd(d, _mm256_mul_pd(_mm256_mul_pd(vvol, xf), pf)), in);
        _mm256_storeu_pd(bk->demand + f, d);
        /* va * pf * own_k * (1 - pf), nested: * (il - (il - 1) * pc - pf) */
        __m256d t = _mm256_mul_pd(_mm256_mul_pd(vva, pf), _mm256_loadu_pd(own_k + f));
        __m256d own = pc ? _mm256_sub_pd(_mm256_sub_pd(vil, _mm256_mul_pd(vil1, _mm256_loadu_pd(pc + f))), pf)
                         : _mm256_sub_pd(one, pf);
        __m256d sl = _mm256_loadu_pd(bk->slope + f);
        __m256d up = _mm256_add_pd(sl, _mm256_mul_pd(t, own));
        if (with_eps) /* vol * pf * eps_k */
            up = _mm256_sub_pd(up, _mm256_mul_pd(_mm256_mul_pd(vvol, pf), _mm256_loadu_pd(eps_k + f)));
        _mm256_storeu_pd(bk->slope + f, _mm256_blendv_pd(sl, up, in));
    }
}

AVX2 static void review_flows_avx2(struct book *bk, const struct menu *m, int c, uint32_t in_set, const double *p,
                                   double vol, double va, double eps)
{
    if (eps != 0)
        flows_avx2(bk, m, c, in_set, p, NULL, 1, vol, va, true);
    else
        flows_avx2(bk, m, c, in_set, p, NULL, 1, vol, va, false);
}

AVX2 static void review_flows_nested_avx2(struct book *bk, const struct menu *m, int c, uint32_t in_set,
                                          const double *p, const double *pc, double il, double vol, double va,
                                          double eps)
{
    if (eps != 0)
        flows_avx2(bk, m, c, in_set, p, pc, il, vol, va, true);
    else
        flows_avx2(bk, m, c, in_set, p, pc, il, vol, va, false);
}

/* review_cross() four pairs at a time, for a menu whose pairs are all in
 * its list, into sum[q] for pair q (the caller copies the sums to the
 * books' cross slopes when the block is done: they start at +0 there too,
 * and get the same terms in the same order).  Every pair's term is computed
 * as there; a pair whose two families are not both in in_set adds +0, which
 * leaves a sum as it is (a sum that starts at +0 is never -0).  The lanes
 * past the last pair hold whatever the list held before, and their sums
 * (sum[q] for q >= n_pairs) are never copied.  With pc, review_cross_nested()'s
 * terms: P_g becomes (il - 1) P_{g|n} + P_g for a pair in one nest (il =
 * 1 / lambda), and +0 + P_g, which is P_g, for a pair across the nests. */
AVX2 static inline __attribute__((always_inline)) void cross_avx2(double *sum, const struct menu *m, int c,
                                                                  uint32_t in_set, const double *p,
                                                                  const double *pc, double il, double va)
{
    const __m256i one = _mm256_set1_epi64x(1);
    __m256i set = _mm256_set1_epi64x(in_set);
    __m256d vva = _mm256_set1_pd(va), vil1 = _mm256_set1_pd(il - 1);
    for (int q = 0; q < m->n_pairs; q += 4) { /* the list has room for a multiple of four */
        __m128i fi = _mm_loadu_si128((const __m128i *)(m->pair_f + q));
        __m128i gi = _mm_loadu_si128((const __m128i *)(m->pair_g + q));
        __m256i both = _mm256_and_si256(_mm256_srlv_epi64(set, _mm256_cvtepi32_epi64(fi)),
                                        _mm256_srlv_epi64(set, _mm256_cvtepi32_epi64(gi)));
        __m256d in = _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_and_si256(both, one), one));
        /* va * xv[f] * xv[g] * wedge[g] * pfam[f] * pfam[g] */
        __m256d t = _mm256_mul_pd(_mm256_mul_pd(vva, _mm256_loadu_pd(m->pair_xf[c] + q)),
                                  _mm256_loadu_pd(m->pair_xg[c] + q));
        t = _mm256_mul_pd(t, _mm256_loadu_pd(m->pair_wg[c] + q));
        const int32_t *f = m->pair_f + q, *g = m->pair_g + q;
        t = _mm256_mul_pd(t, _mm256_setr_pd(p[f[0]], p[f[1]], p[f[2]], p[f[3]]));
        __m256d pg = _mm256_setr_pd(p[g[0]], p[g[1]], p[g[2]], p[g[3]]);
        if (pc) {
            __m256d near = _mm256_mul_pd(vil1, _mm256_setr_pd(pc[g[0]], pc[g[1]], pc[g[2]], pc[g[3]]));
            near = _mm256_and_pd(near, _mm256_castsi256_pd(_mm256_loadu_si256((const __m256i *)(m->pair_nest + q))));
            pg = _mm256_add_pd(near, pg);
        }
        t = _mm256_mul_pd(t, pg);
        _mm256_storeu_pd(sum + q, _mm256_add_pd(_mm256_loadu_pd(sum + q), _mm256_and_pd(t, in)));
    }
}

AVX2 static void review_cross_avx2(double *sum, const struct menu *m, int c, uint32_t in_set, const double *p,
                                   double va)
{
    cross_avx2(sum, m, c, in_set, p, NULL, 1, va);
}

AVX2 static void review_cross_nested_avx2(double *sum, const struct menu *m, int c, uint32_t in_set,
                                          const double *p, const double *pc, double il, double va)
{
    cross_avx2(sum, m, c, in_set, p, pc, il, va);
}

/* The n agents due (offsets due[] from the block's first agent lo; fresh[]: no
 * choice to stay with, or NULL for none) reviewed in batches of
 * CHOICE_BATCH in agent order: each batch is grouped by cell, the logit of
 * every cell's agents runs four agents at a time in SIMD lanes
 * (choice_batch_logit), and the books are then written agent by agent in
 * agent order.  Every agent's numbers are review()'s, and the books get
 * the same terms in the same order, so the results are bit for bit those
 * of review() one agent at a time, whatever the batch. */
AVX2 static void review_batches(struct world *w, struct book *bk, long lo, const uint16_t *due, const uint8_t *fresh,
                                int n, int k)
{
    const struct menu *m = &w->menu;
    double eps = w->sc->volume_elasticity, il = 1 / m->lambda;
    struct choice_batch cb;
    double pair_sum[MENU_PAIRS] = {0};
    for (int s = 0; s < n; s += CHOICE_BATCH) {
        int cnt = n - s < CHOICE_BATCH ? n - s : CHOICE_BATCH;
        const uint16_t *dd = due + s;
        uint8_t cell[CHOICE_BATCH];
        uint16_t lane[CHOICE_BATCH];
        int count[N_CELLS] = {0}, start[N_CELLS], fill[N_CELLS], full[N_CELLS];
        for (int r = 0; r < cnt; r++) {
            if (r + 16 < cnt) {
                const char *ahead = (const char *)&w->agents[lo + dd[r + 16]];
                __builtin_prefetch(ahead, 1);
                __builtin_prefetch(ahead + sizeof(struct agent) - 1, 1);
            }
            cell[r] = (uint8_t)agent_cell(&w->agents[lo + dd[r]]);
            count[cell[r]]++;
        }
        /* each cell's agents in lanes of their own, four at a time; the
         * rest (fewer than four a cell) after them, cells mixed, so that
         * only the last four lanes of a batch can be padding */
        int mix = 0;
        for (int c = 0; c < N_CELLS; c++) {
            start[c] = fill[c] = mix;
            full[c] = count[c] & ~3;
            mix += full[c];
        }
        int mfill = mix;
        /* the agents' coefficients, draws and awareness, by cell */
        for (int r = 0; r < cnt; r++) {
            long i = lo + dd[r];
            struct agent *a = &w->agents[i];
            int c = cell[r], l = fill[c] < start[c] + full[c] ? fill[c]++ : mfill++;
            cb.cell[l] = c;
            bool first = fresh && fresh[s + r];
            uint32_t r_learn;
            review_draws(w, i, k, &cb.u_choice[l], &r_learn, &cb.u_next[l]);
            cb.mask[l] = review_learn_avx2(w, a, m->avail[c][a->bound], r_learn);
            cb.beta[l] = agent_beta(a);
            cb.alpha[l] = a->alpha;
            cb.theta[l] = agent_openness(a);
            cb.dist[l] = agent_distrust(a);
            cb.sw[l] = first ? 0 : agent_switching(a);
            cb.cur[l] = first ? -1 : a->choice;
            lane[r] = (uint16_t)l;
        }
        int mend = mix + ((mfill - mix + 3) & ~3);
        for (int l = mfill; l < mend; l++) { /* padding: no families */
            cb.beta[l] = cb.alpha[l] = cb.theta[l] = cb.dist[l] = cb.sw[l] = 0;
            cb.u_choice[l] = cb.u_next[l] = 0.5;
            cb.cur[l] = AGENT_OUTSIDE;
            cb.mask[l] = 0;
            cb.cell[l] = 0;
        }
        for (int c = 0; c < N_CELLS; c++)
            if (full[c])
                choice_batch_logit(m, c, &cb, start[c], start[c] + full[c]);
        if (mend > mix)
            choice_batch_logit_mixed(m, &cb, mix, mend);
        /* the books, in agent order; the next batch's agents are fetched meanwhile */
        for (int r = 0; r < cnt; r++) {
            if (s + CHOICE_BATCH + r < n) {
                const char *ahead = (const char *)&w->agents[lo + dd[CHOICE_BATCH + r]];
                __builtin_prefetch(ahead, 1);
                __builtin_prefetch(ahead + sizeof(struct agent) - 1, 1);
            }
            long i = lo + dd[r];
            struct agent *a = &w->agents[i];
            int c = cell[r], l = lane[r];
            unsigned next = (unsigned)k + months_to_review(a, cb.log_u[l]);
            w->next_review[i] = (uint16_t)(next < UINT16_MAX ? next : UINT16_MAX);
            double vol = a->volume, va = vol * a->alpha;
            uint32_t in_set = (uint32_t)cb.mask[l];
            if (m->nested) { /* review_nested's flows, from the lane's probabilities and sums */
                const double *p = choice_batch_p(&cb, m, l), *pc = choice_batch_pc(&cb, m, l);
                review_flows_nested_avx2(bk, m, c, in_set, p, pc, il, vol, va, eps);
                if (m->n_pairs <= MENU_PAIRS)
                    review_cross_nested_avx2(pair_sum, m, c, in_set, p, pc, il, va);
                else
                    review_cross_nested(bk, m, c, in_set, p, pc, va);
                bk->market_demand += vol * cb.mk_a[l];
                bk->market_slope += vol * (eps * cb.mk_a[l] + a->alpha * cb.mk_s[l]);
                review_book(bk, a, c, k, fresh && fresh[s + r], (int)cb.chosen[l],
                            (float)(cb.ls[l] - cb.v_chosen[l]), m);
                continue;
            }
            review_flows_avx2(bk, m, c, in_set, choice_batch_p(&cb, m, l), vol, va, eps);
            if (m->n_pairs <= MENU_PAIRS)
                review_cross_avx2(pair_sum, m, c, in_set, choice_batch_p(&cb, m, l), va);
            else
                review_cross(bk, m, c, in_set, choice_batch_p(&cb, m, l), va);
            double mk_a = cb.mk_a[l], mk_b = cb.mk_b[l], mk_e = cb.mk_e[l];
            bk->market_demand += vol * mk_a;
            bk->market_slope += vol * (eps * mk_a + a->alpha * (mk_e * mk_a - mk_b));
            review_book(bk, a, c, k, fresh && fresh[s + r], (int)cb.chosen[l], (float)(cb.ls[l] - cb.v_chosen[l]),
                        m);
        }
    }
    if (m->n_pairs <= MENU_PAIRS) /* by pair (step_block) */
        memcpy(bk->pair, pair_sum, (size_t)m->n_pairs * sizeof *pair_sum);
}
#endif

/* Reviews one agent at a time (review()) instead of in batches: for tests. */
static bool one_at_a_time = false;

void world_review_one_at_a_time(bool on)
{
    one_at_a_time = on;
}

/* Reviews go in batches (review_batches). */
static bool reviews_batched(void)
{
#ifdef CHOICE_BATCH_AVX2
    return !one_at_a_time && choice_batch_ok();
#else
    return false;
#endif
}

/* One block of agents for month k: only agents due for review, or whose
 * family has left their menu, do anything.  The due agents are found first
 * and then reviewed, in batches (review_batches) or one at a time, with
 * their structs prefetched (they are scattered). */
static void step_block(struct world *w, int b, int k)
{
    const struct menu *m = &w->menu;
    struct book *bk = &w->book[b];
    memset(bk->demand, 0, sizeof bk->demand);
    memset(bk->slope, 0, sizeof bk->slope);
    bk->by_pair = m->n_pairs <= MENU_PAIRS && reviews_batched(); /* then cross stays untouched, not resident */
    if (m->any_rivals && !bk->by_pair) /* rows of the families only: the rest stay untouched, not resident */
        memset(bk->cross, 0, (size_t)m->n * sizeof bk->cross[0]);
    bk->market_demand = bk->market_slope = 0;
    memset(bk->switching, 0, sizeof bk->switching);
    bk->reviews = 0;
    long lo, hi;
    block_range(w, b, &lo, &hi);
    const uint16_t kk = (uint16_t)k;
    uint16_t due[BLOCK_AGENTS];   /* offsets in the block, in agent order */
    uint8_t fresh[BLOCK_AGENTS];  /* 1: no current choice to stay with */
    int n = 0;
    bool common = k > 0 && !m->any_gone;
#ifdef CHOICE_BATCH_AVX2
    bool batched = !one_at_a_time && choice_batch_ok();
#endif
    if (common) {
        /* the common month: a branch-free scan for the agents due */
        const uint16_t *next = w->next_review + lo;
#ifdef CHOICE_BATCH_AVX2
        if (batched)
            n = due_scan_avx2(next, (int)(hi - lo), kk, due);
        else
#endif
            for (long i = 0; i < hi - lo; i++) {
                due[n] = (uint16_t)i;
                n += next[i] == kk;
            }
    } else {
        for (long i = lo; i < hi; i++) {
            const struct agent *a = &w->agents[i];
            /* an agent whose family left its menu chooses afresh, due or not */
            bool lost = k > 0 && a->choice != AGENT_OUTSIDE &&
                        ((m->gone[agent_cell(a)][a->bound] >> a->choice) & 1u);
            bool first = k == 0 || lost;
            if (w->next_review[i] != kk && !first)
                continue;
            due[n] = (uint16_t)(i - lo);
            fresh[n++] = first;
        }
    }
#ifdef CHOICE_BATCH_AVX2
    if (batched) {
        review_batches(w, bk, lo, due, common ? NULL : fresh, n, k);
        return;
    }
#endif
    for (int d = 0; d < n; d++) {
        if (d + 16 < n) {
            const char *ahead = (const char *)&w->agents[lo + due[d + 16]];
            __builtin_prefetch(ahead, 1);
            __builtin_prefetch(ahead + sizeof(struct agent) - 1, 1);
        }
        review(w, bk, lo + due[d], k, !common && fresh[d]);
    }
}

/* The month's totals from the books of blocks from .. to - 1, added to
 * w->total (cleared when the month opens) after the blocks before them:
 * in block order whatever thread adds them. */
static void world_tally(struct world *w, int from, int to)
{
    const struct scenario *sc = w->sc;
    const struct menu *m = &w->menu;
    struct tally *t = &w->total;
    for (int b = from; b < to; b++) {
        struct book *bk = &w->book[b];
        /* a family that left the market has no agents left: clear rounding residue */
        for (int j = 0; j < sc->n_families; j++)
            if (!w->supply.available[j]) {
                for (int c = 0; c < N_CELLS; c++)
                    bk->opt[j].w[c] = bk->opt[j].n[c] = bk->opt[j].wq[c] = bk->opt[j].wo[c] = bk->opt[j].wd[c] =
                        bk->opt[j].wa[c] = bk->opt[j].wb[c] = 0;
                bk->bound_w[j] = 0;
            }
        for (int o = 0; o <= OSS_MAX_FAMILIES; o++) {
            bool fam = o < sc->n_families;
            if (!fam && o < OSS_MAX_FAMILIES)
                continue;
            for (int c = 0; c < N_CELLS; c++) {
                t->tokens[o][c] += fam ? bk->opt[o].w[c] * m->volume[c][o] : bk->opt[o].w[c];
                t->devs[o][c] += bk->opt[o].n[c];
                /* surplus: volume / alpha x (utility without switching cost + bonus) */
                double s = bk->opt[o].wb[c];
                if (fam && w->supply.available[o])
                    s += bk->opt[o].wq[c] * m->quality[o] - bk->opt[o].w[c] * m->charge[c][o] +
                         bk->opt[o].wo[c] * m->open[o] - bk->opt[o].wd[c] * m->distrust[c][o] +
                         bk->opt[o].wa[c] * m->appeal[o];
                t->surplus[c] += s;
            }
            if (fam && w->supply.available[o]) {
                /* agents still on a superseded release: its tokens, and the
                 * quality they do without (their surplus is counted above at
                 * the latest release's quality) */
                const struct supply *s = &w->supply;
                for (int v = w->rel_first[o]; v < m->release[o]; v++) { /* none in use before rel_first */
                    const double *r = book_release(bk, o, v);
                    for (int g = 0; g < N_REGIONS; g++) /* a region's cells buy alike */
                        t->superseded[o][v] += r[g] * m->volume[g * N_SEGMENTS][o];
                    t->surplus[0] += r[N_REGIONS] * (s->superseded[o][v] - s->quality[o]); /* only the sum over cells is used */
                }
            }
            if (fam) {
                t->covered_tokens += bk->bound_w[o];
                if (sc->families[o].origin == sc->sanctions.origin)
                    t->covered_target_tokens += bk->bound_w[o];
            }
        }
        for (int j = 0; j < sc->n_families; j++) {
            t->demand[j] += bk->demand[j];
            t->slope[j] += bk->slope[j];
        }
        if (m->any_rivals && bk->by_pair)
            for (int q = 0; q < m->n_pairs; q++)
                t->cross[m->pair_g[q]][m->pair_f[q]] += bk->pair[q];
        else if (m->any_rivals)
            for (int g = 0; g < sc->n_families; g++)
                for (int j = 0; j < sc->n_families; j++)
                    t->cross[g][j] += bk->cross[g][j];
        t->market_demand += bk->market_demand;
        t->market_slope += bk->market_slope;
        for (int c = 0; c < N_CELLS; c++)
            t->surplus[c] -= bk->switching[c]; /* switching costs paid this month */
        t->reviews += bk->reviews;
    }
}

void world_month_open(struct world *w, int k)
{
    const struct scenario *sc = w->sc;
    struct supply *s = &w->supply;
    supply_step(s, k);
    world_build_menu(w);
    w->token_scale = sc->potential_tokens * pow(1 + sc->market_growth, k) / w->volume_total;
    memset(&w->total, 0, sizeof w->total);
    memset(w->done, 0, (size_t)w->n_blocks);
    w->tallied = 0;
    w->tallying = false;
}

/* Block b is done: its books are added to the month's totals as soon as
 * every block before it is, by one thread at a time (the others go on with
 * their blocks), so that little is left to add on one thread when the
 * month closes.  The critical sections order the books' writes before
 * their reading. */
static void world_tally_ready(struct world *w, int b)
{
    bool mine;
#pragma omp critical(oss_tally)
    {
        w->done[b] = 1;
        mine = !w->tallying;
        w->tallying = true;
    }
    while (mine) {
        int from, to;
#pragma omp critical(oss_tally)
        {
            from = to = w->tallied;
            while (to < w->n_blocks && w->done[to])
                to++;
            w->tallied = to;
            if (from == to)
                mine = w->tallying = false;
        }
        world_tally(w, from, to);
    }
}

void world_month_close(struct world *w)
{
    const struct scenario *sc = w->sc;
    struct supply *s = &w->supply;
    world_tally(w, w->tallied, w->n_blocks); /* none left after world_blocks_team */
    w->tallied = w->n_blocks;

    /* next month: Bertrand markups and developer shares */
    const struct tally *t = &w->total;
    double users = 0;
    for (int j = 0; j < sc->n_families; j++)
        for (int c = 0; c < N_CELLS; c++)
            users += t->devs[j][c];
    for (int j = 0; j < sc->n_families; j++) {
        double d = 0;
        for (int c = 0; c < N_CELLS; c++)
            d += t->devs[j][c];
        w->dev_share[j] = users > 0 ? d / users : 0;
    }
    supply_markups(s, w->menu.bertrand, t->demand, t->slope, (const double (*)[OSS_MAX_FAMILIES])t->cross);
}

void world_blocks_team(struct world *w, int k)
{
    /* dynamic: a thread that the machine's other work slows down takes
     * fewer blocks; the blocks' results do not depend on who ran them */
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < w->n_blocks; b++) {
        step_block(w, b, k);
        world_tally_ready(w, b);
    }
}

void world_step_team(struct world *w, int k)
{
#pragma omp single
    world_month_open(w, k);
    world_blocks_team(w, k);
#pragma omp single
    world_month_close(w);
}

void world_step(struct world *w, int k, int threads)
{
#pragma omp parallel num_threads(threads) if (threads > 1 && w->n_blocks > 1)
    world_step_team(w, k);
}
