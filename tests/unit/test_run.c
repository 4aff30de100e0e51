/*
 * test_run.c - how run_scenario shares threads out (run.h), and that the
 * numbers do not depend on it.
 */
#include "helpers.h"

#include "run.h"

#define BASELINE "../scenarios/baseline.cfg"
#define NO_OPEN "../scenarios/no_open.cfg"

/* Threads take whole units when there are enough of them, the blocks of one
 * unit only when it has RUN_BLOCKS_PER_THREAD blocks per thread, else a
 * small run stays on one thread. */
static void test_plan(void **state)
{
    (void)state;
    int outer, inner;
    long big = (long)RUN_BLOCKS_PER_THREAD * 2 * BLOCK_AGENTS; /* just enough blocks for 2 threads */
    assert_int_equal(run_plan_threads(20000, 1, 2, &outer, &inner), 1); /* 2 blocks: one thread */
    assert_true(outer == 1 && inner == 1);
    assert_int_equal(run_plan_threads(big - BLOCK_AGENTS, 1, 2, &outer, &inner), 1);
    assert_int_equal(run_plan_threads(big, 1, 2, &outer, &inner), 2);
    assert_true(outer == 1 && inner == 2);
    assert_int_equal(run_plan_threads(20000, 2, 2, &outer, &inner), 2); /* scenario and counterfactual */
    assert_true(outer == 2 && inner == 1);
    assert_int_equal(run_plan_threads(20000, 3, 2, &outer, &inner), 2); /* small units: whole ones */
    assert_true(outer == 2 && inner == 1);
    assert_int_equal(run_plan_threads(big, 3, 2, &outer, &inner), 2); /* 3 big units on 2: blocks */
    assert_true(outer == 1 && inner == 2);
    assert_int_equal(run_plan_threads(big, 20, 2, &outer, &inner), 2); /* many units: whole ones */
    assert_true(outer == 2 && inner == 1);
    assert_int_equal(run_plan_threads(big, 1, 1, &outer, &inner), 1);
    assert_true(outer == 1 && inner == 1);
}

/* One replication big enough that two threads share its blocks gives the
 * bytes one thread gives; so does a scenario with its counterfactual, whose
 * two runs go to two threads. */
static void test_threads_same_bytes(void **state)
{
    (void)state;
    char count[64];
    snprintf(count, sizeof count, "agents.count=%ld", (long)RUN_BLOCKS_PER_THREAD * 2 * BLOCK_AGENTS + 1000);
    const char *ov[] = {count, "run.replications=1", "horizon.end=2025-12"};
    struct scenario *sc = load_file_ok(BASELINE, ov, 3), *cf = load_file_ok(NO_OPEN, ov, 3);
    int outer, inner;
    run_plan_threads(sc->n_agents, 1, 2, &outer, &inner);
    assert_int_equal(inner, 2);
    struct run_results a, b;
    assert_int_equal(run_scenario(sc, NULL, 1, false, &a), 0);
    assert_int_equal(run_scenario(sc, NULL, 2, false, &b), 0);
    size_t nr = (size_t)sc->months * N_MONTH_METRICS, nf = nr / N_MONTH_METRICS * sc->n_families * N_FAMILY_METRICS;
    assert_memory_equal(a.rows, b.rows, nr * sizeof(double));
    assert_memory_equal(a.fams, b.fams, nf * sizeof(double));
    assert_memory_equal(a.head, b.head, N_HEADLINES * sizeof(double));
    run_results_free(&b);
    assert_int_equal(run_scenario(sc, cf, 2, false, &b), 0);
    assert_memory_equal(a.rows, b.rows, nr * sizeof(double));
    struct run_results c;
    assert_int_equal(run_scenario(cf, NULL, 1, false, &c), 0);
    assert_memory_equal(c.rows, b.cf_rows, nr * sizeof(double));
    run_results_free(&a);
    run_results_free(&b);
    run_results_free(&c);
    free(sc);
    free(cf);
}

/* Handing run_scenario_reuse the counterfactual's rows of an earlier run
 * gives every result run_scenario gives, without running it again. */
static void test_reuse_counterfactual(void **state)
{
    (void)state;
    const char *ov[] = {"agents.count=3000", "run.replications=3"};
    struct scenario *sc = load_file_ok(BASELINE, ov, 2), *cf = load_file_ok(NO_OPEN, ov, 2);
    struct run_results a, b;
    assert_int_equal(run_scenario(sc, cf, 1, false, &a), 0);
    double *keep = malloc((size_t)3 * sc->months * N_MONTH_METRICS * sizeof(double));
    assert_non_null(keep);
    memcpy(keep, a.cf_rows, (size_t)3 * sc->months * N_MONTH_METRICS * sizeof(double));
    assert_int_equal(run_scenario_reuse(sc, cf, keep, 2, false, &b), 0);
    size_t nr = (size_t)3 * sc->months * N_MONTH_METRICS;
    assert_memory_equal(a.rows, b.rows, nr * sizeof(double));
    assert_memory_equal(a.cf_rows, b.cf_rows, nr * sizeof(double));
    assert_memory_equal(a.head, b.head, (size_t)3 * N_HEADLINES * sizeof(double));
    assert_memory_equal(a.cf_head, b.cf_head, (size_t)3 * N_HEADLINES * sizeof(double));
    run_results_free(&b);
    /* rows from elsewhere are taken as given: the headlines follow them */
    for (size_t i = 0; i < nr; i++)
        keep[i] *= 2;
    assert_int_equal(run_scenario_reuse(sc, cf, keep, 1, false, &b), 0);
    assert_memory_not_equal(a.head, b.head, (size_t)3 * N_HEADLINES * sizeof(double));
    run_results_free(&a);
    run_results_free(&b);
    free(keep);
    free(sc);
    free(cf);
}

/* A batch of jobs (two scenarios, the second with a different alpha; the
 * first's counterfactual run, the second's taken from the first in the
 * batch, a third's handed over as rows) gives each job the bytes
 * run_scenario gives it alone, at one thread and at three. */
static void test_batch_same_bytes(void **state)
{
    (void)state;
    const char *ov[] = {"agents.count=3000", "run.replications=3", "horizon.end=2025-12"};
    const char *ov2[] = {"agents.count=3000", "run.replications=3", "horizon.end=2025-12", "agents.alpha.mean=1.7"};
    struct scenario *sc = load_file_ok(BASELINE, ov, 3), *sc2 = load_file_ok(BASELINE, ov2, 4);
    struct scenario *cf = load_file_ok(NO_OPEN, ov, 3);
    struct run_results a, a2;
    assert_int_equal(run_scenario(sc, cf, 1, false, &a), 0);
    assert_int_equal(run_scenario(sc2, cf, 1, false, &a2), 0);
    size_t nr = (size_t)3 * sc->months * N_MONTH_METRICS, nf = nr / N_MONTH_METRICS * sc->n_families * N_FAMILY_METRICS;
    for (int threads = 1; threads <= 3; threads += 2) {
        struct run_job jobs[3] = {{sc, cf, NULL, -1, {0}}, {sc2, cf, NULL, 0, {0}}, {sc2, cf, a.cf_rows, -1, {0}}};
        assert_int_equal(run_batch(jobs, 3, threads, false), 0);
        for (int j = 0; j < 3; j++) {
            const struct run_results *want = j == 0 ? &a : &a2, *got = &jobs[j].out;
            assert_int_equal(got->reps, 3);
            assert_memory_equal(want->rows, got->rows, nr * sizeof(double));
            assert_memory_equal(want->fams, got->fams, nf * sizeof(double));
            assert_memory_equal(want->cf_rows, got->cf_rows, nr * sizeof(double));
            assert_memory_equal(want->head, got->head, (size_t)3 * N_HEADLINES * sizeof(double));
            assert_memory_equal(want->cf_head, got->cf_head, (size_t)3 * N_HEADLINES * sizeof(double));
            run_results_free(&jobs[j].out);
        }
    }
    /* the two scenarios differ: the comparison above could fail */
    assert_memory_not_equal(a.rows, a2.rows, nr * sizeof(double));
    run_results_free(&a);
    run_results_free(&a2);
    free(sc);
    free(sc2);
    free(cf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_threads_same_bytes),
        cmocka_unit_test(test_reuse_counterfactual),
        cmocka_unit_test(test_batch_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
