/*
 * test_plot.c - plot_render_charts without gnuplot's drawing: chart names
 * are checked before anything runs; a stand-in "gnuplot" on PATH (a shell
 * script) shows that each chart is written in the three formats under a
 * temporary name and renamed, that a failing chart leaves nothing, and that
 * the metric of "NAME:METRIC" reaches the script and names the files.
 * tests/cli/plots.sh draws the real charts.
 */
#include "helpers.h"

#include <sys/stat.h>

#include "plot.h"

static char tmpdir[PATH_MAX], plots[PATH_MAX + 16], bin[PATH_MAX + 16], out[PATH_MAX + 16];
static char old_path[8192];

static void put_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static bool exists(const char *dir, const char *name)
{
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%.3000s/%.60s", dir, name);
    struct stat st;
    return stat(p, &st) == 0;
}

/* Files in dir whose name starts with a dot (temporaries). */
static int hidden_files(const char *dir)
{
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '^\\.'", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

/* A stand-in gnuplot: -c SCRIPT DIR OUT [METRIC]; writes "METRIC" or "chart" to
 * OUT and then the end each format must have (PNG's IEND chunk, PDF's %%EOF,
 * SVG's </svg>); fails when the script's dir holds "fail"; exits 0 but stops
 * short of the end (as on a full disk) when it holds "cut". */
static const char fake_gnuplot[] =
    "#!/bin/sh\n"
    "case $2 in *fail*) echo 'fake gnuplot: failing' >&2; exit 1 ;; esac\n"
    "echo \"${5:-chart}\" > \"$4\"\n"
    "case $2 in *cut*) exit 0 ;; esac\n"
    "case $4 in *.png) printf 'IEND\\256\\102\\140\\202' >> \"$4\" ;; *.pdf) echo '%%EOF' >> \"$4\" ;;\n"
    "  *.svg) echo '</svg>' >> \"$4\" ;; esac\n";

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/oss-plot-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(plots, sizeof plots, "%s/plots", tmpdir);
    snprintf(bin, sizeof bin, "%s/bin", tmpdir);
    snprintf(out, sizeof out, "%s/out", tmpdir);
    mkdir(plots, 0777);
    mkdir(bin, 0777);
    mkdir(out, 0777);
    char p[PATH_MAX + 64];
    const char *scripts[] = {"style", "shares", "sweep", "sobol"};
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        snprintf(p, sizeof p, "%s/%s.gp", plots, scripts[i]);
        put_file(p, "# stand-in\n", 0644);
    }
    snprintf(p, sizeof p, "%s/gnuplot", bin);
    put_file(p, fake_gnuplot, 0755);
    snprintf(p, sizeof p, "%s/timeseries.csv", out);
    put_file(p, "date\n", 0644);
    snprintf(p, sizeof p, "%s/sweep.csv", out);
    put_file(p, "point\n", 0644);
    snprintf(old_path, sizeof old_path, "%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    setenv("OSS_SIM_PLOTS", plots, 1);
    char path[sizeof old_path + PATH_MAX + 32];
    snprintf(path, sizeof path, "%s:%s", bin, old_path);
    setenv("PATH", path, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    setenv("PATH", old_path, 1);
    unsetenv("OSS_SIM_PLOTS");
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_unknown_names(void **state)
{
    (void)state;
    const char *bad[] = {"nosuch", "shares:cn_token_share_mean", "sweep:", "sweep:bad metric", "sweep:a'b",
                         "sweep:cn_token_share_mean:x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(plot_render_charts(out, NULL, &bad[i], 1, true), -1);
    assert_int_equal(plot_render_charts(out, NULL, NULL, 0, true), 0);
    /* nothing ran */
    assert_false(exists(out, "shares.png"));
}

static void test_three_formats_renamed(void **state)
{
    (void)state;
    const char *names[] = {"shares", "sweep:cf_surplus_gain_busd"};
    assert_int_equal(plot_render_charts(out, NULL, names, 2, true), 2);
    for (int k = 0; k < PLOT_N_FORMATS; k++) {
        char f[64];
        snprintf(f, sizeof f, "shares.%s", plot_formats[k]);
        assert_true(exists(out, f));
        snprintf(f, sizeof f, "sweep_cf_surplus_gain_busd.%s", plot_formats[k]);
        assert_true(exists(out, f));
    }
    assert_int_equal(hidden_files(out), 0);
    /* the metric reached the script */
    char p[PATH_MAX + 64], line[64] = "";
    snprintf(p, sizeof p, "%s/sweep_cf_surplus_gain_busd.svg", out);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "cf_surplus_gain_busd\n");
}

/* gnuplot exits 0 but the file is cut short (a full disk): -1, no file. */
static void test_cut_short_is_a_failure(void **state)
{
    (void)state;
    char p[PATH_MAX + 64], gp[PATH_MAX + 64], dir[PATH_MAX + 64];
    snprintf(p, sizeof p, "%.3000s/cut", tmpdir);
    mkdir(p, 0777);
    snprintf(gp, sizeof gp, "%.3000s/style.gp", p);
    put_file(gp, "#\n", 0644);
    snprintf(gp, sizeof gp, "%.3000s/shares.gp", p);
    put_file(gp, "#\n", 0644);
    setenv("OSS_SIM_PLOTS", p, 1);
    snprintf(dir, sizeof dir, "%.3000s/outcut", tmpdir);
    mkdir(dir, 0777);
    snprintf(gp, sizeof gp, "%.3000s/timeseries.csv", dir);
    put_file(gp, "date\n", 0644);
    const char *shares = "shares";
    assert_int_equal(plot_render_charts(dir, NULL, &shares, 1, true), -1);
    assert_false(exists(dir, "shares.png"));
    assert_int_equal(hidden_files(dir), 0);
    setenv("OSS_SIM_PLOTS", plots, 1);
}

static void test_missing_input_or_failure_leaves_nothing(void **state)
{
    (void)state;
    /* sobol.csv is missing: a message, no chart */
    const char *sobol = "sobol";
    assert_int_equal(plot_render_charts(out, NULL, &sobol, 1, true), 0);
    assert_false(exists(out, "sobol.png"));
    /* a script that fails: no file, no temporary */
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%.3000s/fail", tmpdir);
    mkdir(p, 0777);
    char gp[PATH_MAX + 64];
    snprintf(gp, sizeof gp, "%.3000s/style.gp", p);
    put_file(gp, "#\n", 0644);
    snprintf(gp, sizeof gp, "%.3000s/shares.gp", p);
    put_file(gp, "#\n", 0644);
    setenv("OSS_SIM_PLOTS", p, 1);
    char dir[PATH_MAX + 64];
    snprintf(dir, sizeof dir, "%.3000s/out2", tmpdir);
    mkdir(dir, 0777);
    snprintf(gp, sizeof gp, "%.3000s/timeseries.csv", dir);
    put_file(gp, "date\n", 0644);
    const char *shares = "shares";
    assert_int_equal(plot_render_charts(dir, NULL, &shares, 1, true), 0);
    assert_false(exists(dir, "shares.png"));
    assert_int_equal(hidden_files(dir), 0);
    setenv("OSS_SIM_PLOTS", plots, 1);
}

static void test_no_scripts_no_gnuplot(void **state)
{
    (void)state;
    const char *shares = "shares";
    setenv("OSS_SIM_PLOTS", tmpdir, 1); /* no style.gp there */
    assert_int_equal(plot_render_charts(out, NULL, &shares, 1, true), 0);
    setenv("OSS_SIM_PLOTS", plots, 1);
    setenv("PATH", tmpdir, 1); /* no gnuplot there */
    assert_int_equal(plot_render_charts(out, NULL, &shares, 1, true), 0);
    char path[sizeof old_path + PATH_MAX + 32];
    snprintf(path, sizeof path, "%s:%s", bin, old_path);
    setenv("PATH", path, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_three_formats_renamed),
        cmocka_unit_test(test_missing_input_or_failure_leaves_nothing),
        cmocka_unit_test(test_cut_short_is_a_failure),
        cmocka_unit_test(test_no_scripts_no_gnuplot),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
