/*
 * market.c - one replication's world and its monthly step (see market.h).
 *
 * The per-agent loop in step_block() is the hot path of the program: it
 * draws one uniform per agent and month, and two more when the agent
 * reviews, so a scenario and its counterfactual consume their streams in
 * step (review decisions do not depend on the scenario).
 */
#include "market.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
     * base seed share a seed (blocks < 8192 since agents <= 1e8) */
    uint32_t s = hash32(base) + (uint32_t)rep * 8192u + (uint32_t)block;
    return s;
}

struct world *world_alloc(const struct scenario *sc, int rep)
{
    struct world *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->sc = sc;
    w->rep = rep;
    w->n_agents = sc->n_agents;
    w->n_blocks = (int)((sc->n_agents + BLOCK_AGENTS - 1) / BLOCK_AGENTS);
    w->agents = malloc((size_t)sc->n_agents * sizeof *w->agents);
    w->rng = calloc((size_t)w->n_blocks, sizeof *w->rng);
    w->tally = malloc((size_t)w->n_blocks * sizeof *w->tally);
    if (!w->agents || !w->rng || !w->tally || !supply_init(&w->supply, sc)) {
        world_free(w);
        return NULL;
    }
    double offset[OSS_MAX_FAMILIES];
    for (int j = 0; j < sc->n_families; j++)
        w->menu.offset[j] = offset[j] = agent_family_offset(sc->families[j].key);
    w->menu.n = sc->n_families;
    for (int b = 0; b < w->n_blocks; b++) {
        w->rng[b] = gsl_rng_alloc(gsl_rng_mt19937);
        if (!w->rng[b]) {
            world_free(w);
            return NULL;
        }
        gsl_rng_set(w->rng[b], world_stream_seed(sc->seed, rep, b));
        long lo = (long)b * BLOCK_AGENTS, hi = lo + BLOCK_AGENTS;
        if (hi > sc->n_agents)
            hi = sc->n_agents;
        for (long i = lo; i < hi; i++)
            agent_draw(&w->agents[i], sc, offset, w->rng[b]);
    }
    for (long i = 0; i < w->n_agents; i++)
        w->volume_total += w->agents[i].volume;
    w->k = -1;
    return w;
}

void world_free(struct world *w)
{
    if (!w)
        return;
    if (w->rng)
        for (int b = 0; b < w->n_blocks; b++)
            gsl_rng_free(w->rng[b]);
    free(w->rng);
    free(w->tally);
    free(w->agents);
    supply_free(&w->supply);
    free(w);
}

void world_build_menu(struct world *w)
{
    const struct scenario *sc = w->sc;
    const struct supply *s = &w->supply;
    struct menu *m = &w->menu;
    int t = sc->start + s->k;
    for (int c = 0; c < N_CELLS; c++)
        m->avail[c][0] = m->avail[c][1] = 0;
    for (int j = 0; j < sc->n_families; j++) {
        const struct family_spec *f = &sc->families[j];
        if (!s->available[j])
            continue;
        enum access acc = s->access[j];
        m->quality[j] = s->quality[j] - sc->outside_quality;
        m->open[j] = acc == ACCESS_OPEN;
        m->appeal[j] = f->appeal + (sc->ecosystem_on ? sc->ecosystem * w->dev_share[j] : 0);
        m->learn[j] = fmin(1, sc->awareness_base + sc->awareness_wom * w->dev_share[j]);
        double subsidy = policy_subsidy(sc, f, acc, t);
        double shock = policy_trust_shock(sc, f, acc, t);
        bool barred = policy_sanctions_bar(sc, f, acc, t);
        for (int c = 0; c < N_CELLS; c++) {
            int r = c / N_SEGMENTS;
            double wedge = (1 - subsidy) * (1 + policy_tariff(sc, r, f->origin, t));
            m->wedge[c][j] = wedge;
            m->paid[c][j] = s->price[j] * wedge;
            m->distrust[c][j] = sc->distrust_on ? sc->distrust_table[r][f->origin] + shock : 0;
            m->avail[c][0] |= 1u << j;
            if (!barred)
                m->avail[c][1] |= 1u << j;
        }
    }
}

/* One block of agents for month k. */
static void step_block(struct world *w, int b, int k)
{
    const struct scenario *sc = w->sc;
    const struct menu *m = &w->menu;
    struct tally *tl = &w->tally[b];
    gsl_rng *rng = w->rng[b];
    memset(tl, 0, sizeof *tl);
    long lo = (long)b * BLOCK_AGENTS, hi = lo + BLOCK_AGENTS;
    if (hi > w->n_agents)
        hi = w->n_agents;
    double v[N_OPTIONS], p[N_OPTIONS];

    for (long i = lo; i < hi; i++) {
        struct agent *a = &w->agents[i];
        int c = agent_cell(a);
        uint32_t usable = m->avail[c][a->bound];
        int cur = a->choice;
        double u_review = gsl_rng_uniform(rng);
        bool lost = cur != AGENT_OUTSIDE && !((usable >> cur) & 1u);
        double utility;
        if (k == 0 || lost || u_review < a->review) {
            double u_choice = gsl_rng_uniform(rng);
            double u_learn = gsl_rng_uniform(rng);
            if (sc->awareness) {
                for (uint32_t bits = usable & ~a->aware; bits; bits &= bits - 1) {
                    int j = __builtin_ctz(bits);
                    double x = u_learn + m->offset[j];
                    if (x - floor(x) < m->learn[j])
                        a->aware |= 1u << j;
                }
            }
            uint32_t mask = usable & a->aware;
            int from = (k == 0 || lost) ? -1 : cur;
            double ls = choice_logit(a, m, c, mask, from, v, p);
            int j = choice_draw(p, mask, u_choice);
            double vol = a->volume;
            for (uint32_t bits = mask; bits; bits &= bits - 1) {
                int f = __builtin_ctz(bits);
                tl->demand[f] += vol * p[f];
                tl->slope[f] += vol * a->alpha * m->wedge[c][f] * p[f] * (1 - p[f]);
            }
            a->choice = (uint8_t)j;
            a->bonus = (float)(ls - v[j == AGENT_OUTSIDE ? CHOICE_OUTSIDE : j]);
            utility = ls;
            cur = j;
        } else {
            utility = (cur == AGENT_OUTSIDE ? 0 : choice_utility(a, m, c, cur)) + a->bonus;
        }
        int opt = cur == AGENT_OUTSIDE ? OSS_MAX_FAMILIES : cur;
        tl->tokens[opt][c] += a->volume;
        tl->devs[opt][c] += 1;
        tl->surplus[c] += a->volume * utility / a->alpha;
        if (a->bound && cur != AGENT_OUTSIDE) {
            tl->covered_tokens += a->volume;
            if ((int)sc->families[cur].origin == (int)sc->sanctions.origin)
                tl->covered_target_tokens += a->volume;
        }
    }
}

static void add_tally(struct tally *to, const struct tally *from)
{
    const double *s = (const double *)from;
    double *d = (double *)to;
    for (size_t i = 0; i < sizeof *to / sizeof(double); i++)
        d[i] += s[i];
}

void world_step(struct world *w, int k, int threads)
{
    const struct scenario *sc = w->sc;
    struct supply *s = &w->supply;
    w->k = k;
    supply_step(s, k);
    world_build_menu(w);
    w->token_scale = sc->potential_tokens * pow(1 + sc->market_growth, k) / w->volume_total;

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1 && w->n_blocks > 1)
    for (int b = 0; b < w->n_blocks; b++)
        step_block(w, b, k);

    memset(&w->total, 0, sizeof w->total);
    for (int b = 0; b < w->n_blocks; b++)
        add_tally(&w->total, &w->tally[b]);

    /* next month: Bertrand markups and developer shares */
    double users = 0;
    for (int j = 0; j < sc->n_families; j++)
        for (int c = 0; c < N_CELLS; c++)
            users += w->total.devs[j][c];
    for (int j = 0; j < sc->n_families; j++) {
        double d = 0;
        for (int c = 0; c < N_CELLS; c++)
            d += w->total.devs[j][c];
        w->dev_share[j] = users > 0 ? d / users : 0;
        const struct tally *t = &w->total;
        if (s->available[j] && s->access[j] == ACCESS_CLOSED && t->slope[j] > 0)
            s->markup[j] = t->demand[j] / t->slope[j];
    }
}
