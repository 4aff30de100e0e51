/*
 * choice.c - the exponential of the logit kernel (see choice.h).
 *
 * The logit needs one exp per option of every reviewing agent: the hottest
 * arithmetic of a run.  On x86-64 with glibc and a processor with AVX2 the
 * exponentials are taken four at a time by glibc's vector math library
 * (libmvec, _ZGVdN4v_exp: accurate to 4 ulp), and a reviewing agent's two
 * logarithms together (_ZGVdN4v_log); elsewhere by exp() and log().  The two
 * differ in the last bits only.
 */
#include "choice.h"

#include <math.h>

/* The nested logit (McFadden 1978; Train, Discrete Choice Methods, ch. 4)
 * with nests closed (0), open weights (1) and the outside option alone:
 *
 *   P_j = exp(V_j / lambda) / D_g * D_g^lambda / (exp(V_0) + sum_h D_h^lambda),
 *   D_g = sum_{j in g} exp(V_j / lambda),
 *
 * computed with each nest's largest utility top_g subtracted inside the nest
 * and the set's largest vmax outside it: e_j = exp((V_j - top_g) / lambda),
 * d_g = sum_{j in g} e_j >= 1 (in index order), so D_g^lambda = exp(top_g) d_g^lambda and
 *
 *   P_{j|g} = e_j / d_g,   w_g = exp((top_g - vmax) + lambda ln d_g) (0 for an empty nest),
 *   sum = (exp(V_0 - vmax) + w_0) + w_1 >= 1,   P_g = w_g / sum,   P_j = P_{j|g} P_g,
 *
 * with 1 / sum and 1 / d_g taken once and multiplied (P_g and P_{j|g}: the
 * nest's probability and the family's within it, which the books use too).
 *
 * No exponential overflows (every argument is <= 0 up to lambda ln d_g <= ln n)
 * and no nest's sum underflows.  The exponentials and logarithms are
 * choice_exp's and choice_log2's, so that the batched kernel (batch_four_nested),
 * which takes libmvec's lane by lane, gives every agent the same bits. */
void choice_set_nested(const struct menu *m, struct choice_set *cs, double vmax)
{
    int n = cs->n, padded = (n + 3) & ~3;
    double inv = 1 / m->lambda, lambda = m->lambda;
    double top[2] = {-INFINITY, -INFINITY}, d[2] = {0, 0}, ld[2], t[4];
    double *e = cs->p;
    for (int i = 0; i < n - 1; i++) {
        int g = m->open[cs->idx[i]] != 0;
        top[g] = cs->v[i] > top[g] ? cs->v[i] : top[g];
    }
    for (int i = 0; i < n - 1; i++)
        e[i] = (cs->v[i] - top[m->open[cs->idx[i]] != 0]) * inv;
    for (int i = n - 1; i < padded; i++)
        e[i] = 0;
    choice_exp(e, padded);
    for (int i = 0; i < n - 1; i++)
        d[m->open[cs->idx[i]] != 0] += e[i];
    choice_log2(d[0] > 0 ? d[0] : 1, d[1] > 0 ? d[1] : 1, &ld[0], &ld[1]);
    t[0] = cs->v[n - 1] - vmax;
    t[1] = d[0] > 0 ? (top[0] - vmax) + lambda * ld[0] : 0;
    t[2] = d[1] > 0 ? (top[1] - vmax) + lambda * ld[1] : 0;
    t[3] = 0;
    choice_exp(t, 4);
    double w[2] = {d[0] > 0 ? t[1] : 0, d[1] > 0 ? t[2] : 0};
    double sum = t[0] + w[0] + w[1], inv_sum = 1 / sum;
    double pn[2] = {w[0] * inv_sum, w[1] * inv_sum}, rd[2] = {d[0] > 0 ? 1 / d[0] : 0, d[1] > 0 ? 1 / d[1] : 0};
    for (int i = 0; i < n - 1; i++) {
        int g = m->open[cs->idx[i]] != 0;
        cs->pc[i] = e[i] * rd[g];
        cs->p[i] = cs->pc[i] * pn[g];
    }
    cs->p[n - 1] = t[0] * inv_sum;
    cs->vmax = vmax;
    cs->sum = sum;
}

#ifdef CHOICE_BATCH_AVX2
#include <immintrin.h>

extern __m256d _ZGVdN4v_exp(__m256d x); /* glibc libmvec, AVX2 */
extern __m256d _ZGVdN4v_log(__m256d x);

__attribute__((target("avx2"))) static void exp_avx2(double *x, int n)
{
    int i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(x + i, _ZGVdN4v_exp(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) /* callers pad to four; this is for the others */
        x[i] = exp(x[i]);
}

void choice_exp(double *x, int n)
{
    if (__builtin_cpu_supports("avx2")) {
        exp_avx2(x, n);
        return;
    }
    for (int i = 0; i < n; i++)
        x[i] = exp(x[i]);
}

__attribute__((target("avx2"))) static void log2_avx2(double a, double b, double *la, double *lb)
{
    double t[4];
    _mm256_storeu_pd(t, _ZGVdN4v_log(_mm256_set_pd(1, 1, b, a)));
    *la = t[0];
    *lb = t[1];
}

void choice_log2(double a, double b, double *la, double *lb)
{
    if (__builtin_cpu_supports("avx2")) {
        log2_avx2(a, b, la, lb);
        return;
    }
    *la = log(a);
    *lb = log(b);
}

const char *choice_exp_kind(void)
{
    return __builtin_cpu_supports("avx2") ? "glibc libmvec AVX2 (_ZGVdN4v_exp, _ZGVdN4v_log)" : "libm exp, log";
}

bool choice_batch_ok(void)
{
    return __builtin_cpu_supports("avx2");
}

#define AVX2 __attribute__((target("avx2")))

/* a + b in the lanes of in, a elsewhere. */
AVX2 static inline __m256d add_in(__m256d a, __m256d b, __m256d in)
{
    return _mm256_blendv_pd(a, _mm256_add_pd(a, b), in);
}

/* The draw and the market's moments of four agents, taken family by family
 * in index order: cum, the probability so far; the chosen family and its
 * utility where u first falls below cum; and the sums A = sum p x, B = sum
 * p x^2 paid, E = sum p x paid. */
struct draw_sums {
    __m256d u, cum, found, chosen, vch, mk_a, mk_b, mk_e;
};

/* Family j with probabilities p in the lanes of in, x_j and paid_j by lane; returns p x_j. */
AVX2 static inline __m256d draw_take(struct draw_sums *s, int j, __m256d p, __m256d in, __m256d vj, __m256d xf,
                                     __m256d pd)
{
    s->cum = add_in(s->cum, p, in);
    __m256d hit = _mm256_and_pd(in, _mm256_andnot_pd(s->found, _mm256_cmp_pd(s->u, s->cum, _CMP_LT_OQ)));
    s->chosen = _mm256_blendv_pd(s->chosen, _mm256_set1_pd(j), hit);
    s->vch = _mm256_blendv_pd(s->vch, vj, hit);
    s->found = _mm256_or_pd(s->found, hit);
    __m256d t = _mm256_mul_pd(p, xf);
    s->mk_a = add_in(s->mk_a, t, in);
    s->mk_b = add_in(s->mk_b, _mm256_mul_pd(_mm256_mul_pd(t, xf), pd), in);
    s->mk_e = add_in(s->mk_e, _mm256_mul_pd(t, pd), in);
    return t;
}

/* A cell's term of family j (t: a menu array by cell) for four lanes: the
 * term of cell c in every lane, or with cl (mixed cells), lane i's of cell
 * cl[i].  The lanes get the very numbers either way. */
AVX2 static inline __attribute__((always_inline)) __m256d lane_term(const double (*t)[OSS_MAX_FAMILIES], int c,
                                                                    const int32_t *cl, int j)
{
    if (!cl)
        return _mm256_set1_pd(t[c][j]);
    return _mm256_setr_pd(t[cl[0]][j], t[cl[1]][j], t[cl[2]][j], t[cl[3]][j]);
}

/* The utilities of lanes l .. l + 3 (choice_set_logit's, side by side):
 * V[j] and in[j] (the lanes whose mask has j, in the sign bit) for j < n4,
 * zero for families in no lane's mask and past n; *v0, the outside option's;
 * *vmax, the largest over the lane's mask and the outside option.  With
 * top (the nested logit), top[g] is the largest over the lane's mask in
 * nest g (open_set: the open-weight nest, 1), -infinity for none, taken in
 * index order as choice_set_nested takes it. */
AVX2 static inline __attribute__((always_inline)) void batch_utilities(const struct menu *m, int c,
                                                                       const struct choice_batch *b, int l,
                                                                       __m256d *V, __m256d *in, __m256d *v0_out,
                                                                       __m256d *vmax_out, uint32_t open_set,
                                                                       __m256d *top, const int32_t *cl)
{
    int n = m->n, n4 = (n + 3) & ~3;
    const __m256d zero = _mm256_setzero_pd();
    __m256d beta = _mm256_loadu_pd(b->beta + l), alpha = _mm256_loadu_pd(b->alpha + l);
    __m256d theta = _mm256_loadu_pd(b->theta + l), dist = _mm256_loadu_pd(b->dist + l);
    __m256d sw = _mm256_loadu_pd(b->sw + l);
    __m256i cur = _mm256_loadu_si256((const __m256i *)(b->cur + l));
    __m256i mask = _mm256_loadu_si256((const __m256i *)(b->mask + l));
    __m256d outside = _mm256_castsi256_pd(_mm256_cmpeq_epi64(cur, _mm256_set1_epi64x(AGENT_OUTSIDE)));
    /* v0 = current == outside ? 0 : -sc */
    __m256d v0 = _mm256_blendv_pd(_mm256_xor_pd(sw, _mm256_set1_pd(-0.0)), zero, outside);
    __m256d vmax = v0;
    /* bit j of a lane's mask and of its current choice, one hot (none for
     * the outside option or a first choice), shifted into the sign bit, which
     * is all that blends and masks read */
    __m256i rest = mask, here = _mm256_sllv_epi64(_mm256_set1_epi64x(1), cur);
    uint64_t any = (uint64_t)(b->mask[l] | b->mask[l + 1] | b->mask[l + 2] | b->mask[l + 3]);
    for (int j = 0; j < n; j++, rest = _mm256_srli_epi64(rest, 1), here = _mm256_srli_epi64(here, 1)) {
        if (!((any >> j) & 1)) { /* in no lane's mask */
            in[j] = V[j] = zero;
            continue;
        }
        __m256d v = _mm256_sub_pd(_mm256_mul_pd(beta, _mm256_set1_pd(m->quality[j])),
                                  _mm256_mul_pd(alpha, lane_term(m->charge, c, cl, j)));
        v = _mm256_add_pd(v, _mm256_mul_pd(theta, _mm256_set1_pd(m->open[j])));
        v = _mm256_sub_pd(v, _mm256_mul_pd(dist, lane_term(m->distrust, c, cl, j)));
        v = _mm256_add_pd(v, _mm256_set1_pd(m->appeal[j]));
        __m256d stay = _mm256_castsi256_pd(_mm256_slli_epi64(here, 63));
        v = _mm256_sub_pd(v, _mm256_blendv_pd(sw, zero, stay)); /* - (j == current ? 0 : sc) */
        V[j] = v;
        in[j] = _mm256_castsi256_pd(_mm256_slli_epi64(rest, 63));
        vmax = _mm256_blendv_pd(vmax, _mm256_max_pd(v, vmax), in[j]); /* max_pd(v, vmax): v > vmax ? v : vmax */
        if (top) { /* the nest by a branch, not an index: both tops stay in registers */
            if ((open_set >> j) & 1)
                top[1] = _mm256_blendv_pd(top[1], _mm256_max_pd(v, top[1]), in[j]);
            else
                top[0] = _mm256_blendv_pd(top[0], _mm256_max_pd(v, top[0]), in[j]);
        }
    }
    for (int j = n; j < n4; j++)
        in[j] = V[j] = zero;
    *v0_out = v0;
    *vmax_out = vmax;
}

/* X[j] (family j, lanes l .. l + 3) by agent into rows (b->p or b->pc,
 * rows as choice_batch_p's): 4 x 4 transposes. */
AVX2 static inline __attribute__((always_inline)) void batch_store_rows(const struct menu *m, double *rows, int l,
                                                                        const __m256d *X)
{
    int n4 = (m->n + 3) & ~3;
    double *r = rows + (size_t)l * (size_t)n4;
    for (int j = 0; j < n4; j += 4) {
        __m256d t0 = _mm256_unpacklo_pd(X[j], X[j + 1]), t1 = _mm256_unpackhi_pd(X[j], X[j + 1]);
        __m256d t2 = _mm256_unpacklo_pd(X[j + 2], X[j + 3]), t3 = _mm256_unpackhi_pd(X[j + 2], X[j + 3]);
        _mm256_storeu_pd(r + j, _mm256_permute2f128_pd(t0, t2, 0x20));
        _mm256_storeu_pd(r + n4 + j, _mm256_permute2f128_pd(t1, t3, 0x20));
        _mm256_storeu_pd(r + 2 * n4 + j, _mm256_permute2f128_pd(t0, t2, 0x31));
        _mm256_storeu_pd(r + 3 * n4 + j, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
}

/* Four agents, lanes l .. l + 3.  Each step is the one-agent code's
 * (choice.h) with the agents' numbers side by side: the same operations on
 * the same operands in the same order, with no fused multiply-add, so each
 * lane holds exactly what that code computes.  Families outside a lane's
 * mask are computed but blended away; their exponential is taken of 0 to
 * stay on libmvec's fast path. */
AVX2 static inline __attribute__((always_inline)) void batch_four_in(const struct menu *m, int c,
                                                                     struct choice_batch *b, int l, const int32_t *cl)
{
    int n4 = (m->n + 3) & ~3;
    const __m256d zero = _mm256_setzero_pd();
    __m256d V[OSS_MAX_FAMILIES], X[OSS_MAX_FAMILIES], in[OSS_MAX_FAMILIES], v0, vmax;
    batch_utilities(m, c, b, l, V, in, &v0, &vmax, 0, NULL, cl);
    __m256d x0 = _ZGVdN4v_exp(_mm256_sub_pd(v0, vmax));
    for (int j = 0; j < n4; j++)
        X[j] = _mm256_movemask_pd(in[j]) ? _ZGVdN4v_exp(_mm256_blendv_pd(zero, _mm256_sub_pd(V[j], vmax), in[j]))
                                         : zero;
    __m256d sum = zero;
    for (int j = 0; j < n4; j++)
        sum = add_in(sum, X[j], in[j]);
    sum = _mm256_add_pd(sum, x0);
    __m256d inv = _mm256_div_pd(_mm256_set1_pd(1), sum);
    /* probabilities, the draw, and the market's moments, families in index order */
    struct draw_sums ds = {_mm256_loadu_pd(b->u_choice + l), zero, zero, _mm256_set1_pd(AGENT_OUTSIDE), v0,
                           zero, zero, zero};
    for (int j = 0; j < n4; j++) {
        if (!_mm256_movemask_pd(in[j])) /* X[j] is 0 */
            continue;
        __m256d p = _mm256_blendv_pd(zero, _mm256_mul_pd(X[j], inv), in[j]);
        X[j] = p;
        draw_take(&ds, j, p, in[j], V[j], lane_term(m->volume, c, cl, j), lane_term(m->paid, c, cl, j));
    }
    _mm256_storeu_pd(b->ls + l, _mm256_add_pd(vmax, _ZGVdN4v_log(sum)));
    _mm256_storeu_pd(b->log_u + l, _ZGVdN4v_log(_mm256_loadu_pd(b->u_next + l)));
    _mm256_storeu_pd(b->chosen + l, ds.chosen);
    _mm256_storeu_pd(b->v_chosen + l, ds.vch);
    _mm256_storeu_pd(b->mk_a + l, ds.mk_a);
    _mm256_storeu_pd(b->mk_b + l, ds.mk_b);
    _mm256_storeu_pd(b->mk_e + l, ds.mk_e);
    batch_store_rows(m, b->p, l, X);
}

/* Four agents of cell c; four of the cells in cl (mixed). */
AVX2 static void batch_four(const struct menu *m, int c, struct choice_batch *b, int l)
{
    batch_four_in(m, c, b, l, NULL);
}

AVX2 static void batch_four_mixed(const struct menu *m, struct choice_batch *b, int l)
{
    batch_four_in(m, 0, b, l, b->cell + l);
}

/* batch_four for the nested logit: each step is choice_set_logit's
 * utilities and choice_set_nested's arithmetic (choice.h, above) with four
 * agents side by side, in the same order, with libmvec's exp and log lane by
 * lane as choice_exp and choice_log2 take them; so each lane holds exactly
 * what the one-agent code computes.  Writes what batch_four writes but mk_b
 * and mk_e; and, for the books, review_nested's (market.c) sums, side by
 * side in the same order: the probabilities within the nests
 * P_{f|n} = e_f / d_n (pc), and the market's moments A (mk_a), B, E,
 * A_n, E_n and its slope's bracket A E - B il + (il - 1) sum_n A_n E_n (mk_s). */
AVX2 static inline __attribute__((always_inline)) void batch_four_nested_in(const struct menu *m, int c,
                                                                            struct choice_batch *b, int l,
                                                                            uint32_t open_set, const int32_t *cl)
{
    int n = m->n, n4 = (n + 3) & ~3;
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1), ninf = _mm256_set1_pd(-INFINITY);
    __m256d V[OSS_MAX_FAMILIES], X[OSS_MAX_FAMILIES], PC[OSS_MAX_FAMILIES], in[OSS_MAX_FAMILIES], v0, vmax;
    __m256d top[2] = {ninf, ninf};
    batch_utilities(m, c, b, l, V, in, &v0, &vmax, open_set, top, cl);
    /* the families in some lane's mask (in[j] not all zero), by nest: closed
     * (0) and open weights (1); a nest's sums run over its own families, in
     * index order, so they may be taken nest by nest */
    uint32_t any = (uint32_t)(b->mask[l] | b->mask[l + 1] | b->mask[l + 2] | b->mask[l + 3]);
    for (uint64_t none = ~(uint64_t)any & ((1ull << n4) - 1); none; none &= none - 1) /* in no lane's mask */
        X[__builtin_ctzll(none)] = PC[__builtin_ctzll(none)] = zero;
    uint32_t nest[2] = {any & ~open_set, any & open_set};
    __m256d inv = _mm256_set1_pd(1 / m->lambda), lambda = _mm256_set1_pd(m->lambda);
    __m256d d[2], w[2];
    for (int g = 0; g < 2; g++) {
        /* e_j = exp((V_j - top_g) / lambda) and the nest's sum d_g;
         * w_g = exp((top_g - vmax) + lambda ln d_g), 0 for an empty nest */
        __m256d dg = zero;
        for (uint32_t bits = nest[g]; bits; bits &= bits - 1) {
            int j = __builtin_ctz(bits);
            __m256d arg = _mm256_mul_pd(_mm256_sub_pd(V[j], top[g]), inv);
            X[j] = _ZGVdN4v_exp(_mm256_blendv_pd(zero, arg, in[j]));
            dg = add_in(dg, X[j], in[j]);
        }
        __m256d has = _mm256_cmp_pd(dg, zero, _CMP_GT_OQ);
        __m256d ld = _ZGVdN4v_log(_mm256_blendv_pd(one, dg, has));
        __m256d arg = _mm256_add_pd(_mm256_sub_pd(top[g], vmax), _mm256_mul_pd(lambda, ld));
        w[g] = _mm256_blendv_pd(zero, _ZGVdN4v_exp(_mm256_blendv_pd(zero, arg, has)), has);
        d[g] = dg;
    }
    __m256d x0 = _ZGVdN4v_exp(_mm256_sub_pd(v0, vmax));
    __m256d sum = _mm256_add_pd(_mm256_add_pd(x0, w[0]), w[1]);
    /* 1 / sum, the nests' probabilities P_n = w_n / sum and 1 / d_n (0 for an
     * empty nest): three divisions for four agents, then P_{f|n} = e_f / d_n
     * and P_f = P_{f|n} P_n by multiplication */
    __m256d inv_sum = _mm256_div_pd(one, sum), pn[2], rd[2];
    for (int g = 0; g < 2; g++) {
        pn[g] = _mm256_mul_pd(w[g], inv_sum);
        rd[g] = _mm256_and_pd(_mm256_cmp_pd(d[g], zero, _CMP_GT_OQ), _mm256_div_pd(one, d[g]));
    }
    /* probabilities, the draw, the market's moments and the nests' A_n and
     * E_n (each nest's over its own families in index order), families in
     * index order */
    struct draw_sums ds = {_mm256_loadu_pd(b->u_choice + l), zero, zero, _mm256_set1_pd(AGENT_OUTSIDE), v0,
                           zero, zero, zero};
    __m256d an[2] = {zero, zero}, en[2] = {zero, zero};
    for (uint32_t bits = any; bits; bits &= bits - 1) {
        int j = __builtin_ctz(bits), g = (open_set >> j) & 1;
        PC[j] = _mm256_blendv_pd(zero, _mm256_mul_pd(X[j], rd[g]), in[j]);
        __m256d p = _mm256_mul_pd(PC[j], pn[g]); /* +0 outside the lane's mask */
        X[j] = p;
        __m256d xf = lane_term(m->volume, c, cl, j), pd = lane_term(m->paid, c, cl, j);
        an[g] = add_in(an[g], draw_take(&ds, j, p, in[j], V[j], xf, pd), in[j]);
        __m256d t = _mm256_mul_pd(_mm256_mul_pd(PC[j], xf), pd);
        en[g] = add_in(en[g], t, in[j]);
    }
    /* A E - B il + (il - 1) (A_0 E_0 + A_1 E_1), il = 1 / lambda */
    double il = 1 / m->lambda;
    __m256d s = _mm256_sub_pd(_mm256_mul_pd(ds.mk_e, ds.mk_a), _mm256_mul_pd(ds.mk_b, _mm256_set1_pd(il)));
    __m256d nests = _mm256_add_pd(_mm256_mul_pd(an[0], en[0]), _mm256_mul_pd(an[1], en[1]));
    s = _mm256_add_pd(s, _mm256_mul_pd(_mm256_set1_pd(il - 1), nests));
    _mm256_storeu_pd(b->ls + l, _mm256_add_pd(vmax, _ZGVdN4v_log(sum)));
    _mm256_storeu_pd(b->log_u + l, _ZGVdN4v_log(_mm256_loadu_pd(b->u_next + l)));
    _mm256_storeu_pd(b->chosen + l, ds.chosen);
    _mm256_storeu_pd(b->v_chosen + l, ds.vch);
    _mm256_storeu_pd(b->mk_a + l, ds.mk_a);
    _mm256_storeu_pd(b->mk_s + l, s);
    batch_store_rows(m, b->p, l, X);
    batch_store_rows(m, b->pc, l, PC);
}

AVX2 static void batch_four_nested(const struct menu *m, int c, struct choice_batch *b, int l, uint32_t open_set)
{
    batch_four_nested_in(m, c, b, l, open_set, NULL);
}

AVX2 static void batch_four_nested_mixed(const struct menu *m, struct choice_batch *b, int l, uint32_t open_set)
{
    batch_four_nested_in(m, 0, b, l, open_set, b->cell + l);
}

/* The open-weight nest. */
static uint32_t open_nest(const struct menu *m)
{
    uint32_t open_set = 0;
    for (int j = 0; j < m->n; j++)
        open_set |= (uint32_t)(m->open[j] != 0) << j;
    return open_set;
}

void choice_batch_logit(const struct menu *m, int c, struct choice_batch *b, int from, int to)
{
    if (m->nested) {
        uint32_t open_set = open_nest(m);
        for (int l = from; l < to; l += 4)
            batch_four_nested(m, c, b, l, open_set);
        return;
    }
    for (int l = from; l < to; l += 4)
        batch_four(m, c, b, l);
}

void choice_batch_logit_mixed(const struct menu *m, struct choice_batch *b, int from, int to)
{
    if (m->nested) {
        uint32_t open_set = open_nest(m);
        for (int l = from; l < to; l += 4)
            batch_four_nested_mixed(m, b, l, open_set);
        return;
    }
    for (int l = from; l < to; l += 4)
        batch_four_mixed(m, b, l);
}
#else
void choice_exp(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = exp(x[i]);
}

void choice_log2(double a, double b, double *la, double *lb)
{
    *la = log(a);
    *lb = log(b);
}

const char *choice_exp_kind(void)
{
    return "libm exp, log";
}

bool choice_batch_ok(void)
{
    return false;
}

void choice_batch_logit(const struct menu *m, int c, struct choice_batch *b, int from, int to)
{
    (void)m, (void)c, (void)b, (void)from, (void)to;
}

void choice_batch_logit_mixed(const struct menu *m, struct choice_batch *b, int from, int to)
{
    (void)m, (void)b, (void)from, (void)to;
}
#endif
