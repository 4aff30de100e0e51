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

#if defined(__x86_64__) && defined(__GLIBC__) && defined(OSS_LIBMVEC)
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
#endif
