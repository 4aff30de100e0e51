/*
 * agent.h - developer agents: their attributes and how they are drawn.
 *
 * An agent is a developer or firm that buys tokens (docs/model.md section 3).  Its
 * attributes are drawn once, at the start of a replication, from the
 * scenario's distributions with GSL's random variates.  The struct is kept
 * small (28 bytes) because a run may hold millions of them.
 */
#ifndef OSS_AGENT_H
#define OSS_AGENT_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>

#include "scenario.h"

#define AGENT_OUTSIDE 255 /* choice: no LLM / in-house */

/* One agent in 28 bytes (plus 2 for its next review month in struct world):
 * what changes (choice, the release of it in use, bonus, awareness) and its attributes.  Volume and
 * price sensitivity are single-precision floats; the four attributes that
 * enter the utility only through products with family terms, and the
 * review wait, are kept in 16 bits as bfloat16 (a float's sign, exponent
 * and top 7 mantissa bits: 8 significant bits, rounding to nearest at
 * most 2^-8 = 0.4% relative, the float's whole range), written with agent_pack() and read
 * with the agent_*() functions below. */
struct agent {
    float volume;         /* relative monthly token volume (scaled to the market in market.c) */
    float alpha;          /* price sensitivity, utils per USD per million tokens */
    float bonus;          /* utils: log-sum minus the chosen option's utility at the last review */
    uint32_t aware;       /* bit j set: knows family j */
    uint16_t beta_p;      /* taste for quality, utils per capability index point (packed) */
    uint16_t openness_p;  /* value of open weights, utils (packed) */
    uint16_t distrust_p;  /* multiplier on the distrust table (agents.distrust_table) (packed) */
    uint16_t switching_p; /* switching cost, utils (packed) */
    uint16_t wait_p;      /* 1 / ln(1 - review probability) (packed): 0 reviews every month, -inf never */
    uint8_t choice;       /* family index or AGENT_OUTSIDE */
    unsigned region : 2;  /* enum region */
    unsigned segment : 2; /* enum segment */
    unsigned bound : 1;   /* 1: complies with sanctions that cover its region and segment */
    unsigned vintage : 3; /* the chosen family's dated releases out when it chose: the release it uses */
};
_Static_assert(sizeof(struct agent) == 28, "an agent is 28 bytes (docs/performance.md)");

/* A float in 16 bits (bfloat16), rounded to nearest, ties to even. */
static inline uint16_t agent_pack(float f)
{
    union { float f; uint32_t u; } v = {f};
    if ((v.u & 0x7fffffffu) > 0x7f800000u) /* NaN stays NaN */
        return 0x7fc0u;
    return (uint16_t)((v.u + 0x7fffu + ((v.u >> 16) & 1u)) >> 16);
}

/* The float of 16 packed bits (exact). */
static inline float agent_unpack(uint16_t p)
{
    union { uint32_t u; float f; } v = {(uint32_t)p << 16};
    return v.f;
}

static inline float agent_beta(const struct agent *a) { return agent_unpack(a->beta_p); }
static inline float agent_openness(const struct agent *a) { return agent_unpack(a->openness_p); }
static inline float agent_distrust(const struct agent *a) { return agent_unpack(a->distrust_p); }
static inline float agent_switching(const struct agent *a) { return agent_unpack(a->switching_p); }
static inline float agent_wait(const struct agent *a) { return agent_unpack(a->wait_p); }

/* The monthly review probability the wait stands for: 1 - exp(1 / wait). */
static inline double agent_review(const struct agent *a)
{
    double w = agent_wait(a);
    return w == 0 ? 1 : isinf(w) ? 0 : -expm1(1 / w);
}

/* A struct dist turned into its GSL parameters once: constant (a), normal
 * (mean a, sd b), lognormal (mu a, sigma b of the log), gamma (shape a,
 * scale b), beta (a, b). */
struct dist_law {
    enum dist_kind kind;
    double a, b;
};

struct dist_law dist_law_of(const struct dist *d);
double dist_sample(const struct dist_law *l, gsl_rng *rng);

/* A draw from a struct dist (GSL random variates; mean and sd in the
 * attribute's unit).  Always consumes the same numbers for the same dist. */
double dist_draw(const struct dist *d, gsl_rng *rng);

/* What drawing agents needs, prepared once per world. */
struct population {
    struct dist_law volume, alpha, beta, openness, distrust, switching, review;
    uint64_t key[OSS_MAX_FAMILIES]; /* agent_family_key of each family */
    double awareness[OSS_MAX_FAMILIES]; /* probability of knowing it at start */
    int64_t awareness_n[OSS_MAX_FAMILIES]; /* ceil(awareness 2^53): agent_family_below_avx2's bound */
    bool avx2;                          /* agent_family_below_avx2 can run here */
};

void population_prepare(struct population *pop, const struct scenario *sc);

/* A family's 64-bit hash, from its scenario key. */
uint64_t agent_family_key(const char *key);

/* A uniform in [0, 1) for one agent and one family, from a 32-bit random
 * word r of the agent's stream and the family's key hash: one draw serves
 * all families, the families' uniforms are (pseudo-)independent, and a
 * family keeps its uniform in every scenario that has it (common random
 * numbers even when the family list differs). */
static inline double agent_family_uniform(uint32_t r, uint64_t key)
{
    uint64_t x = ((uint64_t)r << 32 | r) ^ key; /* splitmix64 finaliser */
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}

/* agent_family_uniform(r, key[j]) < p_j for the families j < n at once:
 * bit j set when it is, with p_j given as below[j] = ceil(p_j 2^53) (0 for
 * p_j <= 0): u = x 2^-53 < p_j if and only if x < ceil(p_j 2^53), exactly,
 * since x 2^-53 and p_j 2^53 are exact and an integer is below a real
 * number if and only if it is below its ceiling.  key and below have room
 * for n rounded up to four.  The hash runs four families at a time in
 * 64-bit lanes (AVX2 has only 32-bit products: each 64-bit one is built
 * from two); only where the processor has AVX2. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define AGENT_AVX2 1

/* a * b modulo 2^64 in each 64-bit lane: a_lo b_lo in full, plus
 * (a_lo b_hi + a_hi b_lo) modulo 2^32 shifted up, from b_swap, b with its
 * two 32-bit halves exchanged, whose low 32-bit products in place are
 * a_lo b_hi (low half) and a_hi b_lo (high half). */
__attribute__((target("avx2"), always_inline)) static inline __m256i agent_mul64_avx2(__m256i a, __m256i b,
                                                                                     __m256i b_swap)
{
    const __m256i high = _mm256_set1_epi64x((long long)0xffffffff00000000ULL);
    __m256i t = _mm256_mullo_epi32(a, b_swap);
    return _mm256_add_epi64(_mm256_add_epi64(_mm256_mul_epu32(a, b), _mm256_slli_epi64(t, 32)),
                            _mm256_and_si256(t, high));
}

__attribute__((target("avx2"), always_inline)) static inline uint32_t agent_family_below_avx2(uint32_t r,
                                                                                             const uint64_t *key,
                                                                                             const int64_t *below,
                                                                                             int n)
{
    const __m256i c1 = _mm256_set1_epi64x((long long)0xbf58476d1ce4e5b9ULL),
                  c1_swap = _mm256_set1_epi64x((long long)0x1ce4e5b9bf58476dULL),
                  c2 = _mm256_set1_epi64x((long long)0x94d049bb133111ebULL),
                  c2_swap = _mm256_set1_epi64x((long long)0x133111eb94d049bbULL);
    __m256i rr = _mm256_set1_epi64x((long long)((uint64_t)r << 32 | r));
    uint32_t hit = 0;
    for (int f = 0; f < n; f += 4) { /* every family: a branch on some of them would be mispredicted */
        __m256i x = _mm256_xor_si256(rr, _mm256_loadu_si256((const __m256i *)(key + f)));
        x = agent_mul64_avx2(_mm256_xor_si256(x, _mm256_srli_epi64(x, 30)), c1, c1_swap);
        x = agent_mul64_avx2(_mm256_xor_si256(x, _mm256_srli_epi64(x, 27)), c2, c2_swap);
        x = _mm256_srli_epi64(_mm256_xor_si256(x, _mm256_srli_epi64(x, 31)), 11);
        __m256i lt = _mm256_cmpgt_epi64(_mm256_loadu_si256((const __m256i *)(below + f)), x);
        hit |= (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(lt)) << f;
    }
    return n < 32 ? hit & ((1u << n) - 1) : hit;
}
#endif

/* ceil(p 2^53) for agent_family_below_avx2 (0 for p <= 0 or NaN, 2^53 for p >= 1). */
static inline int64_t agent_below_bound(double p)
{
    double x = ceil(fmin(p, 1) * 0x1p53); /* exact: a power of two, then an integral double */
    return x > 0 ? (int64_t)x : 0;
}

/* Draws one agent. */
void agent_draw(struct agent *a, const struct scenario *sc, const struct population *pop,
                gsl_rng *rng);

#endif
