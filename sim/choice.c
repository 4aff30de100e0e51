/*
 * choice.c - the exponential of the logit kernel (see choice.h).
 *
 * The logit needs one exp per option of every reviewing agent: the hottest
 * arithmetic of a run.  On x86-64 with glibc and a processor with AVX2 the
 * exponentials are taken four at a time by glibc's vector math library
 * (libmvec, _ZGVdN4v_exp: accurate to 4 ulp); elsewhere by exp().  The two
 * differ in the last bits only.
 */
#include "choice.h"

#include <math.h>

#if defined(__x86_64__) && defined(__GLIBC__) && defined(OSS_LIBMVEC)
#include <immintrin.h>

extern __m256d _ZGVdN4v_exp(__m256d x); /* glibc libmvec, AVX2 */

__attribute__((target("avx2"))) static void exp_avx2(double *x, int n)
{
    int i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(x + i, _ZGVdN4v_exp(_mm256_loadu_pd(x + i)));
    if (i < n) {
        double t[4] = {0, 0, 0, 0};
        for (int k = i; k < n; k++)
            t[k - i] = x[k];
        _mm256_storeu_pd(t, _ZGVdN4v_exp(_mm256_loadu_pd(t)));
        for (int k = i; k < n; k++)
            x[k] = t[k - i];
    }
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

const char *choice_exp_kind(void)
{
    return __builtin_cpu_supports("avx2") ? "glibc libmvec AVX2 (_ZGVdN4v_exp)" : "libm exp";
}
#else
void choice_exp(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = exp(x[i]);
}

const char *choice_exp_kind(void)
{
    return "libm exp";
}
#endif
