/*
 * choice.c - the exponential of the logit kernel (see choice.h).
 *
 * The logit needs one exp per option of every reviewing agent: the hottest
 * arithmetic of a run.  On x86-64 with glibc and a processor with AVX2 the
 * exponentials are taken four at a time by glibc's vector math library
 * (libmvec, _ZGVdN4v_exp: accurate to 4 ulp), and a reviewing agent's two
 * logarithms together (_ZGVdN4v_log); elsewhere by exp() and log().  The two
 * differ in the last bits only.  The batched kernels take libmvec's
 * exponential written out inline (vexp4 below), with the same bits.
 */
#include "choice.h"

#include <math.h>
#include <string.h>

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

/* libmvec's AVX2 exponential (_ZGVdN4v_exp_avx2 in glibc's
 * svml_d_exp4_core_avx2.S) written out, so that the kernels below take it
 * inline, without a call that makes them keep every vector in memory:
 * x = (N + j / 1024) ln 2 + r with N + j / 1024 = round(x 1024 / ln 2),
 * r by two fused multiply-adds with ln 2 / 1024 in two parts, and
 * exp(x) = 2^N 2^(j / 1024) (1 + r (1 + r (c2 + r c3))), the same
 * constants, the same operations in the same order, the table of
 * 2^(j / 1024) rounded to nearest.  Lanes with |x| above about 708.4 (or
 * not finite) are left to libmvec, whole vectors at a time.  exp_inline
 * says whether it gives libmvec's bits on this machine: checked at
 * start-up against libmvec on every entry of the table and on 4,096 other
 * arguments; where it does not (another glibc), the kernels call libmvec. */
static const uint64_t exp_table[1024] = {
    0x3ff0000000000000ULL, 0x3ff002c605e2e8cfULL, 0x3ff0058c86da1c0aULL, 0x3ff0085382faef83ULL,
    0x3ff00b1afa5abcbfULL, 0x3ff00de2ed0ee0f5ULL, 0x3ff010ab5b2cbd11ULL, 0x3ff0137444c9b5b5ULL,
    0x3ff0163da9fb3335ULL, 0x3ff019078ad6a19fULL, 0x3ff01bd1e77170b4ULL, 0x3ff01e9cbfe113efULL,
    0x3ff02168143b0281ULL, 0x3ff02433e494b755ULL, 0x3ff027003103b10eULL, 0x3ff029ccf99d720aULL,
    0x3ff02c9a3e778061ULL, 0x3ff02f67ffa765e6ULL, 0x3ff032363d42b027ULL, 0x3ff03504f75ef071ULL,
    0x3ff037d42e11bbccULL, 0x3ff03aa3e170aafeULL, 0x3ff03d7411915a8aULL, 0x3ff04044be896ab6ULL,
    0x3ff04315e86e7f85ULL, 0x3ff045e78f5640b9ULL, 0x3ff048b9b35659d8ULL, 0x3ff04b8c54847a28ULL,
    0x3ff04e5f72f654b1ULL, 0x3ff051330ec1a03fULL, 0x3ff0540727fc1762ULL, 0x3ff056dbbebb786bULL,
    0x3ff059b0d3158574ULL, 0x3ff05c866520045bULL, 0x3ff05f5c74f0bec2ULL, 0x3ff06233029d8216ULL,
    0x3ff0650a0e3c1f89ULL, 0x3ff067e197e26c14ULL, 0x3ff06ab99fa6407cULL, 0x3ff06d92259d794dULL,
    0x3ff0706b29ddf6deULL, 0x3ff07344ac7d9d51ULL, 0x3ff0761ead925493ULL, 0x3ff078f92d32085dULL,
    0x3ff07bd42b72a836ULL, 0x3ff07eafa86a2771ULL, 0x3ff0818ba42e7d30ULL, 0x3ff084681ed5a462ULL,
    0x3ff0874518759bc8ULL, 0x3ff08a22912465f2ULL, 0x3ff08d0088f8093fULL, 0x3ff08fdf00068fe2ULL,
    0x3ff092bdf66607e0ULL, 0x3ff0959d6c2c830dULL, 0x3ff0987d61701716ULL, 0x3ff09b5dd646dd77ULL,
    0x3ff09e3ecac6f383ULL, 0x3ff0a1203f067a63ULL, 0x3ff0a402331b9715ULL, 0x3ff0a6e4a71c726eULL,
    0x3ff0a9c79b1f3919ULL, 0x3ff0acab0f3a1b9cULL, 0x3ff0af8f03834e52ULL, 0x3ff0b27378110974ULL,
    0x3ff0b5586cf9890fULL, 0x3ff0b83de2530d11ULL, 0x3ff0bb23d833d93fULL, 0x3ff0be0a4eb2353bULL,
    0x3ff0c0f145e46c85ULL, 0x3ff0c3d8bde0ce7aULL, 0x3ff0c6c0b6bdae53ULL, 0x3ff0c9a93091632aULL,
    0x3ff0cc922b7247f7ULL, 0x3ff0cf7ba776bb94ULL, 0x3ff0d265a4b520baULL, 0x3ff0d5502343de02ULL,
    0x3ff0d83b23395decULL, 0x3ff0db26a4ac0ed5ULL, 0x3ff0de12a7b26300ULL, 0x3ff0e0ff2c62d096ULL,
    0x3ff0e3ec32d3d1a2ULL, 0x3ff0e6d9bb1be415ULL, 0x3ff0e9c7c55189c6ULL, 0x3ff0ecb6518b4874ULL,
    0x3ff0efa55fdfa9c5ULL, 0x3ff0f294f0653b45ULL, 0x3ff0f58503328e6dULL, 0x3ff0f875985e389bULL,
    0x3ff0fb66affed31bULL, 0x3ff0fe584a2afb21ULL, 0x3ff1014a66f951ceULL, 0x3ff1043d06807c2fULL,
    0x3ff1073028d7233eULL, 0x3ff10a23ce13f3e2ULL, 0x3ff10d17f64d9ef1ULL, 0x3ff1100ca19ad92fULL,
    0x3ff11301d0125b51ULL, 0x3ff115f781cae1faULL, 0x3ff118edb6db2dc1ULL, 0x3ff11be46f5a032cULL,
    0x3ff11edbab5e2ab6ULL, 0x3ff121d36afe70c9ULL, 0x3ff124cbae51a5c8ULL, 0x3ff127c4756e9e05ULL,
    0x3ff12abdc06c31ccULL, 0x3ff12db78f613d5bULL, 0x3ff130b1e264a0e9ULL, 0x3ff133acb98d40a2ULL,
    0x3ff136a814f204abULL, 0x3ff139a3f4a9d922ULL, 0x3ff13ca058cbae1eULL, 0x3ff13f9d416e77afULL,
    0x3ff1429aaea92de0ULL, 0x3ff14598a092ccb7ULL, 0x3ff1489717425438ULL, 0x3ff14b9612cec861ULL,
    0x3ff14e95934f312eULL, 0x3ff1519598da9a9aULL, 0x3ff154962388149eULL, 0x3ff15797336eb333ULL,
    0x3ff15a98c8a58e51ULL, 0x3ff15d9ae343c1f2ULL, 0x3ff1609d83606e12ULL, 0x3ff163a0a912b6acULL,
    0x3ff166a45471c3c2ULL, 0x3ff169a88594c157ULL, 0x3ff16cad3c92df73ULL, 0x3ff16fb279835224ULL,
    0x3ff172b83c7d517bULL, 0x3ff175be85981992ULL, 0x3ff178c554eaea89ULL, 0x3ff17bccaa8d0888ULL,
    0x3ff17ed48695bbc0ULL, 0x3ff181dce91c506aULL, 0x3ff184e5d23816c9ULL, 0x3ff187ef4200632bULL,
    0x3ff18af9388c8deaULL, 0x3ff18e03b5f3f36bULL, 0x3ff1910eba4df41fULL, 0x3ff1941a45b1f487ULL,
    0x3ff1972658375d2fULL, 0x3ff19a32f1f59ab4ULL, 0x3ff19d4013041dc2ULL, 0x3ff1a04dbb7a5b13ULL,
    0x3ff1a35beb6fcb75ULL, 0x3ff1a66aa2fbebc7ULL, 0x3ff1a979e2363cf8ULL, 0x3ff1ac89a936440dULL,
    0x3ff1af99f8138a1cULL, 0x3ff1b2aacee59c53ULL, 0x3ff1b5bc2dc40bf0ULL, 0x3ff1b8ce14c66e4cULL,
    0x3ff1bbe084045cd4ULL, 0x3ff1bef37b95750bULL, 0x3ff1c206fb91588fULL, 0x3ff1c51b040fad15ULL,
    0x3ff1c82f95281c6bULL, 0x3ff1cb44aef2547aULL, 0x3ff1ce5a51860746ULL, 0x3ff1d1707cfaeaedULL,
    0x3ff1d4873168b9aaULL, 0x3ff1d79e6ee731d7ULL, 0x3ff1dab6358e15e8ULL, 0x3ff1ddce85752c71ULL,
    0x3ff1e0e75eb44027ULL, 0x3ff1e400c1631fdbULL, 0x3ff1e71aad999e82ULL, 0x3ff1ea35236f9330ULL,
    0x3ff1ed5022fcd91dULL, 0x3ff1f06bac594fa0ULL, 0x3ff1f387bf9cda38ULL, 0x3ff1f6a45cdf6085ULL,
    0x3ff1f9c18438ce4dULL, 0x3ff1fcdf35c1137aULL, 0x3ff1fffd7190241eULL, 0x3ff2031c37bdf872ULL,
    0x3ff2063b88628cd6ULL, 0x3ff2095b6395e1d2ULL, 0x3ff20c7bc96ffc18ULL, 0x3ff20f9cba08e483ULL,
    0x3ff212be3578a819ULL, 0x3ff215e03bd7580cULL, 0x3ff21902cd3d09b9ULL, 0x3ff21c25e9c1d6aaULL,
    0x3ff21f49917ddc96ULL, 0x3ff2226dc4893d64ULL, 0x3ff2259282fc1f27ULL, 0x3ff228b7cceeac25ULL,
    0x3ff22bdda27912d1ULL, 0x3ff22f0403b385d2ULL, 0x3ff2322af0b63bffULL, 0x3ff2355269997062ULL,
    0x3ff2387a6e756238ULL, 0x3ff23ba2ff6254f4ULL, 0x3ff23ecc1c78903aULL, 0x3ff241f5c5d05fe6ULL,
    0x3ff2451ffb82140aULL, 0x3ff2484abda600efULL, 0x3ff24b760c547f15ULL, 0x3ff24ea1e7a5eb35ULL,
    0x3ff251ce4fb2a63fULL, 0x3ff254fb44931561ULL, 0x3ff25828c65fa1ffULL, 0x3ff25b56d530b9bcULL,
    0x3ff25e85711ece75ULL, 0x3ff261b49a425645ULL, 0x3ff264e450b3cb82ULL, 0x3ff26814948bacc3ULL,
    0x3ff26b4565e27cddULL, 0x3ff26e76c4d0c2e5ULL, 0x3ff271a8b16f0a30ULL, 0x3ff274db2bd5e254ULL,
    0x3ff2780e341ddf29ULL, 0x3ff27b41ca5f98cbULL, 0x3ff27e75eeb3ab98ULL, 0x3ff281aaa132b832ULL,
    0x3ff284dfe1f56381ULL, 0x3ff28815b11456b1ULL, 0x3ff28b4c0ea83f36ULL, 0x3ff28e82fac9cecaULL,
    0x3ff291ba7591bb70ULL, 0x3ff294f27f18bf72ULL, 0x3ff2982b17779965ULL, 0x3ff29b643ec70c27ULL,
    0x3ff29e9df51fdee1ULL, 0x3ff2a1d83a9add08ULL, 0x3ff2a5130f50d65cULL, 0x3ff2a84e735a9eecULL,
    0x3ff2ab8a66d10f13ULL, 0x3ff2aec6e9cd037bULL, 0x3ff2b203fc675d1fULL, 0x3ff2b5419eb90148ULL,
    0x3ff2b87fd0dad990ULL, 0x3ff2bbbe92e5d3e3ULL, 0x3ff2befde4f2e280ULL, 0x3ff2c23dc71afbf7ULL,
    0x3ff2c57e39771b2fULL, 0x3ff2c8bf3c203f5fULL, 0x3ff2cc00cf2f6c18ULL, 0x3ff2cf42f2bda93dULL,
    0x3ff2d285a6e4030bULL, 0x3ff2d5c8ebbb8a15ULL, 0x3ff2d90cc15d5346ULL, 0x3ff2dc5127e277e3ULL,
    0x3ff2df961f641589ULL, 0x3ff2e2dba7fb4e33ULL, 0x3ff2e621c1c14833ULL, 0x3ff2e9686ccf2e3bULL,
    0x3ff2ecafa93e2f56ULL, 0x3ff2eff777277ef0ULL, 0x3ff2f33fd6a454d2ULL, 0x3ff2f688c7cded23ULL,
    0x3ff2f9d24abd886bULL, 0x3ff2fd1c5f8c6b93ULL, 0x3ff300670653dfe4ULL, 0x3ff303b23f2d330bULL,
    0x3ff306fe0a31b715ULL, 0x3ff30a4a677ac276ULL, 0x3ff30d975721b004ULL, 0x3ff310e4d93fdefbULL,
    0x3ff31432edeeb2fdULL, 0x3ff3178195479413ULL, 0x3ff31ad0cf63eeacULL, 0x3ff31e209c5d33a0ULL,
    0x3ff32170fc4cd831ULL, 0x3ff324c1ef4c560aULL, 0x3ff3281375752b40ULL, 0x3ff32b658ee0da54ULL,
    0x3ff32eb83ba8ea32ULL, 0x3ff3320b7be6e633ULL, 0x3ff3355f4fb45e20ULL, 0x3ff338b3b72ae62dULL,
    0x3ff33c08b26416ffULL, 0x3ff33f5e41798daaULL, 0x3ff342b46484ebb4ULL, 0x3ff3460b1b9fd712ULL,
    0x3ff3496266e3fa2dULL, 0x3ff34cba466b03e1ULL, 0x3ff35012ba4ea77dULL, 0x3ff3536bc2a89cc4ULL,
    0x3ff356c55f929ff1ULL, 0x3ff35a1f912671b1ULL, 0x3ff35d7a577dd72bULL, 0x3ff360d5b2b299fcULL,
    0x3ff36431a2de883bULL, 0x3ff3678e281b7475ULL, 0x3ff36aeb428335b4ULL, 0x3ff36e48f22fa77cULL,
    0x3ff371a7373aa9cbULL, 0x3ff3750611be211cULL, 0x3ff3786581d3f669ULL, 0x3ff37bc587961726ULL,
    0x3ff37f26231e754aULL, 0x3ff3828754870746ULL, 0x3ff385e91be9c811ULL, 0x3ff3894b7960b71fULL,
    0x3ff38cae6d05d866ULL, 0x3ff39011f6f3345fULL, 0x3ff393761742d808ULL, 0x3ff396dace0ed4e1ULL,
    0x3ff39a401b7140efULL, 0x3ff39da5ff8436bcULL, 0x3ff3a10c7a61d55bULL, 0x3ff3a4738c244064ULL,
    0x3ff3a7db34e59ff7ULL, 0x3ff3ab4374c020bdULL, 0x3ff3aeac4bcdf3eaULL, 0x3ff3b215ba294f39ULL,
    0x3ff3b57fbfec6cf4ULL, 0x3ff3b8ea5d318befULL, 0x3ff3bc559212ef89ULL, 0x3ff3bfc15eaadfb1ULL,
    0x3ff3c32dc313a8e5ULL, 0x3ff3c69abf679c2eULL, 0x3ff3ca0853c10f28ULL, 0x3ff3cd76803a5c00ULL,
    0x3ff3d0e544ede173ULL, 0x3ff3d454a1f602d0ULL, 0x3ff3d7c4976d27faULL, 0x3ff3db35256dbd67ULL,
    0x3ff3dea64c123422ULL, 0x3ff3e2180b7501ccULL, 0x3ff3e58a63b0a09bULL, 0x3ff3e8fd54df8f5cULL,
    0x3ff3ec70df1c5175ULL, 0x3ff3efe502816ee3ULL, 0x3ff3f359bf29743fULL, 0x3ff3f6cf152ef2b8ULL,
    0x3ff3fa4504ac801cULL, 0x3ff3fdbb8dbcb6d2ULL, 0x3ff40132b07a35dfULL, 0x3ff404aa6cffa0e5ULL,
    0x3ff40822c367a024ULL, 0x3ff40b9bb3cce07cULL, 0x3ff40f153e4a136aULL, 0x3ff4128f62f9ef0eULL,
    0x3ff4160a21f72e2aULL, 0x3ff419857b5c901fULL, 0x3ff41d016f44d8f5ULL, 0x3ff4207dfdcad153ULL,
    0x3ff423fb2709468aULL, 0x3ff42778eb1b0a8bULL, 0x3ff42af74a1af3f1ULL, 0x3ff42e764423ddfdULL,
    0x3ff431f5d950a897ULL, 0x3ff4357609bc3850ULL, 0x3ff438f6d5817663ULL, 0x3ff43c783cbb50b4ULL,
    0x3ff43ffa3f84b9d4ULL, 0x3ff4437cddf8a8feULL, 0x3ff4470018321a1aULL, 0x3ff44a83ee4c0dbdULL,
    0x3ff44e086061892dULL, 0x3ff4518d6e8d965bULL, 0x3ff4551318eb43ecULL, 0x3ff458995f95a532ULL,
    0x3ff45c2042a7d232ULL, 0x3ff45fa7c23ce7a4ULL, 0x3ff4632fde7006f4ULL, 0x3ff466b8975c563eULL,
    0x3ff46a41ed1d0057ULL, 0x3ff46dcbdfcd34c8ULL, 0x3ff471566f8827d0ULL, 0x3ff474e19c691265ULL,
    0x3ff4786d668b3237ULL, 0x3ff47bf9ce09c9abULL, 0x3ff47f86d3001fe5ULL, 0x3ff48314758980bfULL,
    0x3ff486a2b5c13cd0ULL, 0x3ff48a3193c2a96cULL, 0x3ff48dc10fa920a1ULL, 0x3ff491512990013fULL,
    0x3ff494e1e192aed2ULL, 0x3ff4987337cc91a5ULL, 0x3ff49c052c5916c4ULL, 0x3ff49f97bf53affdULL,
    0x3ff4a32af0d7d3deULL, 0x3ff4a6bec100fdbaULL, 0x3ff4aa532feaada6ULL, 0x3ff4ade83db0687aULL,
    0x3ff4b17dea6db7d7ULL, 0x3ff4b514363e2a20ULL, 0x3ff4b8ab213d5283ULL, 0x3ff4bc42ab86c8f1ULL,
    0x3ff4bfdad5362a27ULL, 0x3ff4c3739e6717aaULL, 0x3ff4c70d073537caULL, 0x3ff4caa70fbc35a1ULL,
    0x3ff4ce41b817c114ULL, 0x3ff4d1dd00638ed8ULL, 0x3ff4d578e8bb586bULL, 0x3ff4d915713adc1eULL,
    0x3ff4dcb299fddd0dULL, 0x3ff4e05063202327ULL, 0x3ff4e3eeccbd7b2aULL, 0x3ff4e78dd6f1b6a6ULL,
    0x3ff4eb2d81d8abffULL, 0x3ff4eecdcd8e3669ULL, 0x3ff4f26eba2e35f0ULL, 0x3ff4f61047d48f73ULL,
    0x3ff4f9b2769d2ca7ULL, 0x3ff4fd5546a3fc17ULL, 0x3ff500f8b804f127ULL, 0x3ff5049ccadc0412ULL,
    0x3ff508417f4531eeULL, 0x3ff50be6d55c7ca9ULL, 0x3ff50f8ccd3deb0dULL, 0x3ff51333670588bfULL,
    0x3ff516daa2cf6642ULL, 0x3ff51a8280b798f4ULL, 0x3ff51e2b00da3b14ULL, 0x3ff521d423536bbeULL,
    0x3ff5257de83f4eefULL, 0x3ff529284fba0d84ULL, 0x3ff52cd359dfd53dULL, 0x3ff5307f06ccd8baULL,
    0x3ff5342b569d4f82ULL, 0x3ff537d8496d75fcULL, 0x3ff53b85df598d78ULL, 0x3ff53f34187ddc28ULL,
    0x3ff542e2f4f6ad27ULL, 0x3ff5469274e05078ULL, 0x3ff54a4298571b06ULL, 0x3ff54df35f7766a3ULL,
    0x3ff551a4ca5d920fULL, 0x3ff55556d92600f1ULL, 0x3ff559098bed1bdfULL, 0x3ff55cbce2cf505bULL,
    0x3ff56070dde910d2ULL, 0x3ff564257d56d4a2ULL, 0x3ff567dac1351819ULL, 0x3ff56b90a9a05c72ULL,
    0x3ff56f4736b527daULL, 0x3ff572fe68900573ULL, 0x3ff576b63f4d854cULL, 0x3ff57a6ebb0a3c6dULL,
    0x3ff57e27dbe2c4cfULL, 0x3ff581e1a1f3bd60ULL, 0x3ff5859c0d59ca07ULL, 0x3ff589571e31939fULL,
    0x3ff58d12d497c7fdULL, 0x3ff590cf30a919edULL, 0x3ff5948c32824135ULL, 0x3ff59849da3ffa96ULL,
    0x3ff59c0827ff07ccULL, 0x3ff59fc71bdc2f8eULL, 0x3ff5a386b5f43d92ULL, 0x3ff5a746f664028bULL,
    0x3ff5ab07dd485429ULL, 0x3ff5aec96abe0d1fULL, 0x3ff5b28b9ee20d1eULL, 0x3ff5b64e79d138d8ULL,
    0x3ff5ba11fba87a03ULL, 0x3ff5bdd62484bf56ULL, 0x3ff5c19af482fc8fULL, 0x3ff5c5606bc02a6dULL,
    0x3ff5c9268a5946b7ULL, 0x3ff5cced506b543aULL, 0x3ff5d0b4be135accULL, 0x3ff5d47cd36e6747ULL,
    0x3ff5d84590998b93ULL, 0x3ff5dc0ef5b1de9eULL, 0x3ff5dfd902d47c65ULL, 0x3ff5e3a3b81e85ecULL,
    0x3ff5e76f15ad2148ULL, 0x3ff5eb3b1b9d799aULL, 0x3ff5ef07ca0cbf0fULL, 0x3ff5f2d5211826e8ULL,
    0x3ff5f6a320dceb71ULL, 0x3ff5fa71c9784c0bULL, 0x3ff5fe411b078d26ULL, 0x3ff6021115a7f849ULL,
    0x3ff605e1b976dc09ULL, 0x3ff609b306918c13ULL, 0x3ff60d84fd15612aULL, 0x3ff611579d1fb925ULL,
    0x3ff6152ae6cdf6f4ULL, 0x3ff618feda3d829fULL, 0x3ff61cd3778bc944ULL, 0x3ff620a8bed63d1fULL,
    0x3ff6247eb03a5585ULL, 0x3ff628554bd58ee5ULL, 0x3ff62c2c91c56acdULL, 0x3ff6300482276fe8ULL,
    0x3ff633dd1d1929fdULL, 0x3ff637b662b829f5ULL, 0x3ff63b90532205d8ULL, 0x3ff63f6aee7458cdULL,
    0x3ff6434634ccc320ULL, 0x3ff647222648ea3dULL, 0x3ff64afec30678b7ULL, 0x3ff64edc0b231e41ULL,
    0x3ff652b9febc8fb7ULL, 0x3ff656989df08719ULL, 0x3ff65a77e8dcc390ULL, 0x3ff65e57df9f096bULL,
    0x3ff6623882552225ULL, 0x3ff66619d11cdc5fULL, 0x3ff669fbcc140be7ULL, 0x3ff66dde735889b8ULL,
    0x3ff671c1c70833f6ULL, 0x3ff675a5c740edf5ULL, 0x3ff6798a7420a036ULL, 0x3ff67d6fcdc5386aULL,
    0x3ff68155d44ca973ULL, 0x3ff6853c87d4eb62ULL, 0x3ff68923e87bfb7aULL, 0x3ff68d0bf65fdc34ULL,
    0x3ff690f4b19e9538ULL, 0x3ff694de1a563367ULL, 0x3ff698c830a4c8d4ULL, 0x3ff69cb2f4a86ccaULL,
    0x3ff6a09e667f3bcdULL, 0x3ff6a48a86475795ULL, 0x3ff6a877541ee718ULL, 0x3ff6ac64d0241683ULL,
    0x3ff6b052fa75173eULL, 0x3ff6b441d3301feeULL, 0x3ff6b8315a736c75ULL, 0x3ff6bc21905d3df0ULL,
    0x3ff6c012750bdabfULL, 0x3ff6c404089d8e7dULL, 0x3ff6c7f64b30aa09ULL, 0x3ff6cbe93ce38381ULL,
    0x3ff6cfdcddd47645ULL, 0x3ff6d3d12e21e2fbULL, 0x3ff6d7c62dea2f8aULL, 0x3ff6dbbbdd4bc720ULL,
    0x3ff6dfb23c651a2fULL, 0x3ff6e3a94b549e71ULL, 0x3ff6e7a10a38cee8ULL, 0x3ff6eb9979302bddULL,
    0x3ff6ef9298593ae5ULL, 0x3ff6f38c67d286ddULL, 0x3ff6f786e7ba9fefULL, 0x3ff6fb8218301b90ULL,
    0x3ff6ff7df9519484ULL, 0x3ff7037a8b3daadbULL, 0x3ff70777ce1303f6ULL, 0x3ff70b75c1f04a84ULL,
    0x3ff70f7466f42e87ULL, 0x3ff71373bd3d6551ULL, 0x3ff71773c4eaa988ULL, 0x3ff71b747e1abb24ULL,
    0x3ff71f75e8ec5f74ULL, 0x3ff72378057e611aULL, 0x3ff7277ad3ef9011ULL, 0x3ff72b7e545ec1a8ULL,
    0x3ff72f8286ead08aULL, 0x3ff733876bb29cb8ULL, 0x3ff7378d02d50b8fULL, 0x3ff73b934c7107c7ULL,
    0x3ff73f9a48a58174ULL, 0x3ff743a1f7916e05ULL, 0x3ff747aa5953c849ULL, 0x3ff74bb36e0b906dULL,
    0x3ff74fbd35d7cbfdULL, 0x3ff753c7b0d785e8ULL, 0x3ff757d2df29ce7cULL, 0x3ff75bdec0edbb6bULL,
    0x3ff75feb564267c9ULL, 0x3ff763f89f46f40fULL, 0x3ff768069c1a861dULL, 0x3ff76c154cdc4937ULL,
    0x3ff77024b1ab6e09ULL, 0x3ff77434caa72aa7ULL, 0x3ff7784597eeba8fULL, 0x3ff77c5719a15ea6ULL,
    0x3ff780694fde5d3fULL, 0x3ff7847c3ac50219ULL, 0x3ff7888fda749e5dULL, 0x3ff78ca42f0c88a5ULL,
    0x3ff790b938ac1cf6ULL, 0x3ff794cef772bcc9ULL, 0x3ff798e56b7fcf03ULL, 0x3ff79cfc94f2bfffULL,
    0x3ff7a11473eb0187ULL, 0x3ff7a52d08880ad9ULL, 0x3ff7a94652e958aaULL, 0x3ff7ad60532e6d20ULL,
    0x3ff7b17b0976cfdbULL, 0x3ff7b59675e20defULL, 0x3ff7b9b2988fb9ecULL, 0x3ff7bdcf719f6bd7ULL,
    0x3ff7c1ed0130c132ULL, 0x3ff7c60b47635cf9ULL, 0x3ff7ca2a4456e7a3ULL, 0x3ff7ce49f82b0f24ULL,
    0x3ff7d26a62ff86f0ULL, 0x3ff7d68b84f407f8ULL, 0x3ff7daad5e2850acULL, 0x3ff7decfeebc24feULL,
    0x3ff7e2f336cf4e62ULL, 0x3ff7e71736819bcdULL, 0x3ff7eb3bedf2e1b9ULL, 0x3ff7ef615d42fa24ULL,
    0x3ff7f3878491c491ULL, 0x3ff7f7ae63ff260aULL, 0x3ff7fbd5fbab091fULL, 0x3ff7fffe4bb55decULL,
    0x3ff80427543e1a12ULL, 0x3ff80851156538beULL, 0x3ff80c7b8f4abaa9ULL, 0x3ff810a6c20ea617ULL,
    0x3ff814d2add106d9ULL, 0x3ff818ff52b1ee50ULL, 0x3ff81d2cb0d1736aULL, 0x3ff8215ac84fb2a6ULL,
    0x3ff82589994cce13ULL, 0x3ff829b923e8ed53ULL, 0x3ff82de968443d9aULL, 0x3ff8321a667ef1b2ULL,
    0x3ff8364c1eb941f7ULL, 0x3ff83a7e91136c5dULL, 0x3ff83eb1bdadb46dULL, 0x3ff842e5a4a8634aULL,
    0x3ff8471a4623c7adULL, 0x3ff84b4fa24035eaULL, 0x3ff84f85b91e07f1ULL, 0x3ff853bc8add9d4cULL,
    0x3ff857f4179f5b21ULL, 0x3ff85c2c5f83ac35ULL, 0x3ff8606562ab00ecULL, 0x3ff8649f2135cf48ULL,
    0x3ff868d99b4492edULL, 0x3ff86d14d0f7cd1dULL, 0x3ff87150c27004c2ULL, 0x3ff8758d6fcdc666ULL,
    0x3ff879cad931a436ULL, 0x3ff87e08febc3608ULL, 0x3ff88247e08e1957ULL, 0x3ff886877ec7f144ULL,
    0x3ff88ac7d98a6699ULL, 0x3ff88f08f0f627cbULL, 0x3ff8934ac52be8f7ULL, 0x3ff8978d564c63e7ULL,
    0x3ff89bd0a478580fULL, 0x3ff8a014afd08a94ULL, 0x3ff8a4597875c644ULL, 0x3ff8a89efe88dba1ULL,
    0x3ff8ace5422aa0dbULL, 0x3ff8b12c437bf1d4ULL, 0x3ff8b574029db01eULL, 0x3ff8b9bc7fb0c302ULL,
    0x3ff8be05bad61778ULL, 0x3ff8c24fb42ea033ULL, 0x3ff8c69a6bdb5598ULL, 0x3ff8cae5e1fd35c4ULL,
    0x3ff8cf3216b5448cULL, 0x3ff8d37f0a248b7fULL, 0x3ff8d7ccbc6c19e6ULL, 0x3ff8dc1b2dad04c4ULL,
    0x3ff8e06a5e0866d9ULL, 0x3ff8e4ba4d9f60a1ULL, 0x3ff8e90afc931857ULL, 0x3ff8ed5c6b04b9f6ULL,
    0x3ff8f1ae99157736ULL, 0x3ff8f60186e68793ULL, 0x3ff8fa553499284bULL, 0x3ff8fea9a24e9c5cULL,
    0x3ff902fed0282c8aULL, 0x3ff90754be472760ULL, 0x3ff90bab6ccce12cULL, 0x3ff91002dbdab403ULL,
    0x3ff9145b0b91ffc6ULL, 0x3ff918b3fc142a19ULL, 0x3ff91d0dad829e70ULL, 0x3ff921681ffece05ULL,
    0x3ff925c353aa2fe2ULL, 0x3ff92a1f48a640dcULL, 0x3ff92e7bff148396ULL, 0x3ff932d977168083ULL,
    0x3ff93737b0cdc5e5ULL, 0x3ff93b96ac5be7d1ULL, 0x3ff93ff669e2802bULL, 0x3ff94456e9832eadULL,
    0x3ff948b82b5f98e5ULL, 0x3ff94d1a2f996a33ULL, 0x3ff9517cf65253d1ULL, 0x3ff955e07fac0ccdULL,
    0x3ff95a44cbc8520fULL, 0x3ff95ea9dac8e658ULL, 0x3ff9630faccf9243ULL, 0x3ff9677641fe2446ULL,
    0x3ff96bdd9a7670b3ULL, 0x3ff97045b65a51baULL, 0x3ff974ae95cba768ULL, 0x3ff9791838ec57abULL,
    0x3ff97d829fde4e50ULL, 0x3ff981edcac37d05ULL, 0x3ff98659b9bddb5bULL, 0x3ff98ac66cef66c8ULL,
    0x3ff98f33e47a22a2ULL, 0x3ff993a220801829ULL, 0x3ff9981121235681ULL, 0x3ff99c80e685f2b5ULL,
    0x3ff9a0f170ca07baULL, 0x3ff9a562c011b66dULL, 0x3ff9a9d4d47f2598ULL, 0x3ff9ae47ae3481edULL,
    0x3ff9b2bb4d53fe0dULL, 0x3ff9b72fb1ffd285ULL, 0x3ff9bba4dc5a3dd3ULL, 0x3ff9c01acc858463ULL,
    0x3ff9c49182a3f090ULL, 0x3ff9c908fed7d2aaULL, 0x3ff9cd81414380f2ULL, 0x3ff9d1fa4a09579dULL,
    0x3ff9d674194bb8d5ULL, 0x3ff9daeeaf2d0cb8ULL, 0x3ff9df6a0bcfc15eULL, 0x3ff9e3e62f564ad5ULL,
    0x3ff9e86319e32323ULL, 0x3ff9ece0cb98ca4bULL, 0x3ff9f15f4499c647ULL, 0x3ff9f5de8508a311ULL,
    0x3ff9fa5e8d07f29eULL, 0x3ff9fedf5cba4ce0ULL, 0x3ffa0360f4424fcbULL, 0x3ffa07e353c29f50ULL,
    0x3ffa0c667b5de565ULL, 0x3ffa10ea6b36d1feULL, 0x3ffa156f23701b15ULL, 0x3ffa19f4a42c7ca9ULL,
    0x3ffa1e7aed8eb8bbULL, 0x3ffa2301ffb99757ULL, 0x3ffa2789dacfe68cULL, 0x3ffa2c127ef47a74ULL,
    0x3ffa309bec4a2d33ULL, 0x3ffa352622f3def6ULL, 0x3ffa39b1231475f7ULL, 0x3ffa3e3ceccede7cULL,
    0x3ffa42c980460ad8ULL, 0x3ffa4756dd9cf36eULL, 0x3ffa4be504f696b1ULL, 0x3ffa5073f675f924ULL,
    0x3ffa5503b23e255dULL, 0x3ffa599438722c03ULL, 0x3ffa5e25893523d4ULL, 0x3ffa62b7a4aa29a1ULL,
    0x3ffa674a8af46052ULL, 0x3ffa6bde3c36f0e6ULL, 0x3ffa7072b8950a73ULL, 0x3ffa75080031e22bULL,
    0x3ffa799e1330b358ULL, 0x3ffa7e34f1b4bf62ULL, 0x3ffa82cc9be14dcaULL, 0x3ffa876511d9ac32ULL,
    0x3ffa8bfe53c12e59ULL, 0x3ffa909861bb2e1dULL, 0x3ffa95333beb0b7eULL, 0x3ffa99cee2742c9dULL,
    0x3ffa9e6b5579fdbfULL, 0x3ffaa308951ff14dULL, 0x3ffaa7a6a1897fd2ULL, 0x3ffaac457ada2803ULL,
    0x3ffab0e521356ebaULL, 0x3ffab58594bedefaULL, 0x3ffaba26d59a09eeULL, 0x3ffabec8e3ea86eeULL,
    0x3ffac36bbfd3f37aULL, 0x3ffac80f6979f340ULL, 0x3ffaccb3e100301eULL, 0x3ffad159268a5a1cULL,
    0x3ffad5ff3a3c2774ULL, 0x3ffadaa61c395493ULL, 0x3ffadf4dcca5a413ULL, 0x3ffae3f64ba4dec6ULL,
    0x3ffae89f995ad3adULL, 0x3ffaed49b5eb5803ULL, 0x3ffaf1f4a17a4735ULL, 0x3ffaf6a05c2b82e9ULL,
    0x3ffafb4ce622f2ffULL, 0x3ffafffa3f84858cULL, 0x3ffb04a868742ee4ULL, 0x3ffb09576115e994ULL,
    0x3ffb0e07298db666ULL, 0x3ffb12b7c1ff9c61ULL, 0x3ffb17692a8fa8cdULL, 0x3ffb1c1b6361ef31ULL,
    0x3ffb20ce6c9a8952ULL, 0x3ffb2582465d973cULL, 0x3ffb2a36f0cf3f3aULL, 0x3ffb2eec6c13adddULL,
    0x3ffb33a2b84f15fbULL, 0x3ffb3859d5a5b0b1ULL, 0x3ffb3d11c43bbd62ULL, 0x3ffb41ca843581baULL,
    0x3ffb468415b749b1ULL, 0x3ffb4b3e78e56786ULL, 0x3ffb4ff9ade433c6ULL, 0x3ffb54b5b4d80d4aULL,
    0x3ffb59728de5593aULL, 0x3ffb5e303930830cULL, 0x3ffb62eeb6ddfc87ULL, 0x3ffb67ae07123dc3ULL,
    0x3ffb6c6e29f1c52aULL, 0x3ffb712f1fa1177bULL, 0x3ffb75f0e844bfc6ULL, 0x3ffb7ab384014f76ULL,
    0x3ffb7f76f2fb5e47ULL, 0x3ffb843b35578a51ULL, 0x3ffb89004b3a7804ULL, 0x3ffb8dc634c8d228ULL,
    0x3ffb928cf22749e4ULL, 0x3ffb9754837a96b7ULL, 0x3ffb9c1ce8e77680ULL, 0x3ffba0e62292ad7dULL,
    0x3ffba5b030a1064aULL, 0x3ffbaa7b133751e3ULL, 0x3ffbaf46ca7a67a7ULL, 0x3ffbb413568f255aULL,
    0x3ffbb8e0b79a6f1fULL, 0x3ffbbdaeedc12f82ULL, 0x3ffbc27df9285775ULL, 0x3ffbc74dd9f4de4fULL,
    0x3ffbcc1e904bc1d2ULL, 0x3ffbd0f01c520628ULL, 0x3ffbd5c27e2cb5e5ULL, 0x3ffbda95b600e20bULL,
    0x3ffbdf69c3f3a207ULL, 0x3ffbe43ea82a13b5ULL, 0x3ffbe91462c95b60ULL, 0x3ffbedeaf3f6a3c2ULL,
    0x3ffbf2c25bd71e09ULL, 0x3ffbf79a9a9001d2ULL, 0x3ffbfc73b0468d30ULL, 0x3ffc014d9d2004aaULL,
    0x3ffc06286141b33dULL, 0x3ffc0b03fcd0ea5cULL, 0x3ffc0fe06ff301f4ULL, 0x3ffc14bdbacd586aULL,
    0x3ffc199bdd85529cULL, 0x3ffc1e7ad8405be6ULL, 0x3ffc235aab23e61eULL, 0x3ffc283b56556999ULL,
    0x3ffc2d1cd9fa652cULL, 0x3ffc31ff36385e29ULL, 0x3ffc36e26b34e065ULL, 0x3ffc3bc679157e38ULL,
    0x3ffc40ab5fffd07aULL, 0x3ffc45912019768cULL, 0x3ffc4a77b9881650ULL, 0x3ffc4f5f2c715c31ULL,
    0x3ffc544778fafb22ULL, 0x3ffc59309f4aac9fULL, 0x3ffc5e1a9f8630adULL, 0x3ffc630579d34dddULL,
    0x3ffc67f12e57d14bULL, 0x3ffc6cddbd398ea4ULL, 0x3ffc71cb269e601fULL, 0x3ffc76b96aac2686ULL,
    0x3ffc7ba88988c933ULL, 0x3ffc8098835a3611ULL, 0x3ffc8589584661a1ULL, 0x3ffc8a7b087346f4ULL,
    0x3ffc8f6d9406e7b5ULL, 0x3ffc9460fb274c22ULL, 0x3ffc99553dfa8313ULL, 0x3ffc9e4a5ca6a1f8ULL,
    0x3ffca3405751c4dbULL, 0x3ffca8372e220e61ULL, 0x3ffcad2ee13da7cbULL, 0x3ffcb22770cac0f9ULL,
    0x3ffcb720dcef9069ULL, 0x3ffcbc1b25d25337ULL, 0x3ffcc1164b994d23ULL, 0x3ffcc6124e6ac88bULL,
    0x3ffccb0f2e6d1675ULL, 0x3ffcd00cebc68e87ULL, 0x3ffcd50b869d8f0fULL, 0x3ffcda0aff187d02ULL,
    0x3ffcdf0b555dc3faULL, 0x3ffce40c8993d63dULL, 0x3ffce90e9be12cb9ULL, 0x3ffcee118c6c4709ULL,
    0x3ffcf3155b5bab74ULL, 0x3ffcf81a08d5e6ecULL, 0x3ffcfd1f95018d17ULL, 0x3ffd022600053845ULL,
    0x3ffd072d4a07897cULL, 0x3ffd0c35732f2870ULL, 0x3ffd113e7ba2c38cULL, 0x3ffd164863890feeULL,
    0x3ffd1b532b08c968ULL, 0x3ffd205ed248b287ULL, 0x3ffd256b596f948cULL, 0x3ffd2a78c0a43f72ULL,
    0x3ffd2f87080d89f2ULL, 0x3ffd34962fd2517aULL, 0x3ffd39a638197a3cULL, 0x3ffd3eb72109ef21ULL,
    0x3ffd43c8eacaa1d6ULL, 0x3ffd48db95828ac7ULL, 0x3ffd4def2158a91fULL, 0x3ffd53038e7402ceULL,
    0x3ffd5818dcfba487ULL, 0x3ffd5d2f0d16a1c3ULL, 0x3ffd62461eec14beULL, 0x3ffd675e12a31e7fULL,
    0x3ffd6c76e862e6d3ULL, 0x3ffd7190a0529c51ULL, 0x3ffd76ab3a99745bULL, 0x3ffd7bc6b75eab1fULL,
    0x3ffd80e316c98398ULL, 0x3ffd86005901478fULL, 0x3ffd8b1e7e2d479dULL, 0x3ffd903d8674db2bULL,
    0x3ffd955d71ff6075ULL, 0x3ffd9a7e40f43c89ULL, 0x3ffd9f9ff37adb4aULL, 0x3ffda4c289baaf6eULL,
    0x3ffda9e603db3285ULL, 0x3ffdaf0a6203e4f5ULL, 0x3ffdb42fa45c4dfdULL, 0x3ffdb955cb0bfbb6ULL,
    0x3ffdbe7cd63a8315ULL, 0x3ffdc3a4c60f7feaULL, 0x3ffdc8cd9ab294e4ULL, 0x3ffdcdf7544b6b92ULL,
    0x3ffdd321f301b460ULL, 0x3ffdd84d76fd269eULL, 0x3ffddd79e065807dULL, 0x3ffde2a72f628712ULL,
    0x3ffde7d5641c0658ULL, 0x3ffded047eb9d12dULL, 0x3ffdf2347f63c159ULL, 0x3ffdf7656641b78cULL,
    0x3ffdfc97337b9b5fULL, 0x3ffe01c9e7395b56ULL, 0x3ffe06fd81a2ece1ULL, 0x3ffe0c3202e04c5dULL,
    0x3ffe11676b197d17ULL, 0x3ffe169dba768949ULL, 0x3ffe1bd4f11f8220ULL, 0x3ffe210d0f3c7fbaULL,
    0x3ffe264614f5a129ULL, 0x3ffe2b8002730c71ULL, 0x3ffe30bad7dcee90ULL, 0x3ffe35f6955b7b78ULL,
    0x3ffe3b333b16ee12ULL, 0x3ffe4070c9378842ULL, 0x3ffe45af3fe592e8ULL, 0x3ffe4aee9f495ddcULL,
    0x3ffe502ee78b3ff6ULL, 0x3ffe557018d3970bULL, 0x3ffe5ab2334ac7eeULL, 0x3ffe5ff537193e75ULL,
    0x3ffe653924676d76ULL, 0x3ffe6a7dfb5dcecaULL, 0x3ffe6fc3bc24e350ULL, 0x3ffe750a66e532ebULL,
    0x3ffe7a51fbc74c83ULL, 0x3ffe7f9a7af3c60bULL, 0x3ffe84e3e4933c7eULL, 0x3ffe8a2e38ce53dfULL,
    0x3ffe8f7977cdb740ULL, 0x3ffe94c5a1ba18bdULL, 0x3ffe9a12b6bc3181ULL, 0x3ffe9f60b6fcc1c7ULL,
    0x3ffea4afa2a490daULL, 0x3ffea9ff79dc6d14ULL, 0x3ffeaf503ccd2be5ULL, 0x3ffeb4a1eb9fa9d1ULL,
    0x3ffeb9f4867cca6eULL, 0x3ffebf480d8d786dULL, 0x3ffec49c80faa594ULL, 0x3ffec9f1e0ed4ac2ULL,
    0x3ffecf482d8e67f1ULL, 0x3ffed49f67070435ULL, 0x3ffed9f78d802dc2ULL, 0x3ffedf50a122f9e6ULL,
    0x3ffee4aaa2188510ULL, 0x3ffeea059089f2d0ULL, 0x3ffeef616ca06dd6ULL, 0x3ffef4be368527f6ULL,
    0x3ffefa1bee615a27ULL, 0x3ffeff7a945e4487ULL, 0x3fff04da28a52e59ULL, 0x3fff0a3aab5f6609ULL,
    0x3fff0f9c1cb6412aULL, 0x3fff14fe7cd31c7bULL, 0x3fff1a61cbdf5be7ULL, 0x3fff1fc60a046a84ULL,
    0x3fff252b376bba97ULL, 0x3fff2a91543ec595ULL, 0x3fff2ff860a70c22ULL, 0x3fff35605cce1613ULL,
    0x3fff3ac948dd7274ULL, 0x3fff403324feb781ULL, 0x3fff459df15b82acULL, 0x3fff4b09ae1d78a1ULL,
    0x3fff50765b6e4540ULL, 0x3fff55e3f9779ba5ULL, 0x3fff5b5288633625ULL, 0x3fff60c2085ad652ULL,
    0x3fff6632798844f8ULL, 0x3fff6ba3dc155226ULL, 0x3fff7116302bd526ULL, 0x3fff768975f5ac86ULL,
    0x3fff7bfdad9cbe14ULL, 0x3fff8172d74af6e1ULL, 0x3fff86e8f32a4b45ULL, 0x3fff8c600164b6dcULL,
    0x3fff91d802243c89ULL, 0x3fff9750f592e677ULL, 0x3fff9ccadbdac61dULL, 0x3fffa245b525f439ULL,
    0x3fffa7c1819e90d8ULL, 0x3fffad3e416ec354ULL, 0x3fffb2bbf4c0ba54ULL, 0x3fffb83a9bbeabd1ULL,
    0x3fffbdba3692d514ULL, 0x3fffc33ac5677ab8ULL, 0x3fffc8bc4866e8adULL, 0x3fffce3ebfbb7237ULL,
    0x3fffd3c22b8f71f1ULL, 0x3fffd9468c0d49ccULL, 0x3fffdecbe15f6314ULL, 0x3fffe4522bb02e6eULL,
    0x3fffe9d96b2a23d9ULL, 0x3fffef619ff7c2b3ULL, 0x3ffff4eaca4391b6ULL, 0x3ffffa74ea381efcULL,
};

__attribute__((target("avx2,fma"), always_inline)) static inline __m256d vexp4(__m256d x, int *special)
{
    const __m256d c0 = _mm256_castsi256_pd(_mm256_set1_epi64x(0x40971547652b82feLL));   /* 1024 / ln 2 */
    const __m256d shift = _mm256_castsi256_pd(_mm256_set1_epi64x(0x4338000000000000LL)); /* 1.5 2^52 */
    const __m256d l1 = _mm256_castsi256_pd(_mm256_set1_epi64x(0x3f462e42fec00000LL));    /* ln 2 / 1024, high */
    const __m256d l2 = _mm256_castsi256_pd(_mm256_set1_epi64x(0x3d5d1cf79abc9e3bLL));    /* and low part */
    const __m256d c2 = _mm256_castsi256_pd(_mm256_set1_epi64x(0x3fe0000001ebfbe0LL));    /* about 1/2 */
    const __m256d c3 = _mm256_castsi256_pd(_mm256_set1_epi64x(0x3fc5555555555556LL));    /* 1/6 */
    const __m256d one = _mm256_set1_pd(1);
    const __m256i low = _mm256_set1_epi64x(0x3ff);
    __m256d t = _mm256_fmadd_pd(x, c0, shift);
    /* the lanes' high words: |x| beyond libmvec's fast path */
    __m128 lo = _mm256_castps256_ps128(_mm256_castpd_ps(x)), hi = _mm256_extractf128_ps(_mm256_castpd_ps(x), 1);
    __m128i hw = _mm_and_si128(_mm_castps_si128(_mm_shuffle_ps(lo, hi, 0xdd)), _mm_set1_epi32(0x7fffffff));
    *special = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(hw, _mm_set1_epi32(0x4086232a))));
    __m256d n = _mm256_sub_pd(t, shift);
    __m256d r = _mm256_fnmadd_pd(n, l2, _mm256_fnmadd_pd(n, l1, x));
    __m256d p = _mm256_fmadd_pd(r, _mm256_fmadd_pd(r, _mm256_fmadd_pd(r, c3, c2), one), one);
    __m256i ti = _mm256_castpd_si256(t);
    __m256d tj = _mm256_i64gather_pd((const double *)exp_table, _mm256_and_si256(ti, low), 8);
    __m256i e = _mm256_slli_epi64(_mm256_andnot_si256(low, ti), 42); /* 2^N into the exponent */
    return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(_mm256_mul_pd(tj, p)), e));
}

static bool exp_inline;

__attribute__((target("avx2,fma"))) static bool vexp4_same(const double *x)
{
    int special;
    __m256d v = _mm256_loadu_pd(x), a = vexp4(v, &special), b = _ZGVdN4v_exp(v);
    return special || memcmp(&a, &b, sizeof a) == 0;
}

__attribute__((constructor)) static void exp_inline_check(void)
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
        return;
    bool same = true;
    double x[4];
    for (int j = 0; j < 1024 && same; j++) /* every table entry, at four scales */
        for (int m = 0; m < 4 && same; m++) {
            for (int i = 0; i < 4; i++)
                x[i] = ((double)((m - 2) * 7 * 1024 + j) + (double)i * 0.3 - 0.45) * 0x1.62e42fefa39efp-11;
            same = vexp4_same(x);
        }
    uint64_t st = 0x9e3779b97f4a7c15ULL;
    for (int k = 0; k < 1024 && same; k++) { /* the kernels' range, (-60, 5) */
        for (int i = 0; i < 4; i++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            x[i] = (double)(st >> 11) * 0x1p-53 * 65 - 60;
        }
        same = vexp4_same(x);
    }
    exp_inline = same;
}

bool choice_exp_inline(void)
{
    return exp_inline;
}

bool choice_exp_inline_same(const double *x)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && vexp4_same(x);
}

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
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2");
}

/* The kernels: AVX2 and FMA, the latter for vexp4 alone (C11 mode keeps
 * GCC from contracting a product and a sum into one). */
#define AVX2 __attribute__((target("avx2,fma")))

/* exp in four lanes: vexp4 where it gives libmvec's bits, else libmvec. */
AVX2 static inline __attribute__((always_inline)) __m256d kernel_exp(__m256d x)
{
    if (exp_inline) {
        int special;
        __m256d y = vexp4(x, &special);
        if (!special)
            return y;
    }
    return _ZGVdN4v_exp(x);
}


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
    __m256d x0 = kernel_exp(_mm256_sub_pd(v0, vmax));
    for (int j = 0; j < n4; j++)
        X[j] = _mm256_movemask_pd(in[j]) ? kernel_exp(_mm256_blendv_pd(zero, _mm256_sub_pd(V[j], vmax), in[j]))
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
            X[j] = kernel_exp(_mm256_blendv_pd(zero, arg, in[j]));
            dg = add_in(dg, X[j], in[j]);
        }
        __m256d has = _mm256_cmp_pd(dg, zero, _CMP_GT_OQ);
        __m256d ld = _ZGVdN4v_log(_mm256_blendv_pd(one, dg, has));
        __m256d arg = _mm256_add_pd(_mm256_sub_pd(top[g], vmax), _mm256_mul_pd(lambda, ld));
        w[g] = _mm256_blendv_pd(zero, kernel_exp(_mm256_blendv_pd(zero, arg, has)), has);
        d[g] = dg;
    }
    __m256d x0 = kernel_exp(_mm256_sub_pd(v0, vmax));
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

bool choice_exp_inline(void)
{
    return false;
}

bool choice_exp_inline_same(const double *x)
{
    (void)x;
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
