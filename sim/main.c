/*
 * main.c - the oss-sim command line.
 *
 *   oss-sim [OPTIONS] SCENARIO.cfg
 *
 * Loads and validates the scenario (and its counterfactual), runs the
 * replications, writes the output files and prints a summary.  Exit status:
 * 0 success, 1 a failure while running or writing, 2 bad input (usage,
 * scenario, override, output directory), 130 interrupted.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibration.h"
#include "cli.h"
#include "effect.h"
#include "ensemble.h"
#include "finite.h"
#include "memory.h"
#include "metrics.h"
#include "month.h"
#include "output.h"
#include "plot.h"
#include "resdir.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"

static const char usage_text[] =
    "Usage: oss-sim [OPTIONS] SCENARIO.cfg\n"
    "       oss-sim calibrate [OPTIONS] SCENARIO.cfg   (see oss-sim calibrate --help)\n"
    "       oss-sim compare [OPTIONS] A.cfg B.cfg ...  (see oss-sim compare --help)\n"
    "       oss-sim sweep [OPTIONS] SCENARIO.cfg --param KEY=LO:HI:N ...  (oss-sim sweep --help)\n"
    "       oss-sim merge -o DIR SHARD_DIR ...           (oss-sim merge --help)\n"
    "       oss-sim brief [OPTIONS] SCENARIO.cfg   a policy brief (oss-sim brief --help)\n"
    "       oss-sim show SCENARIO.cfg      every setting in effect, with where it comes from\n"
    "       oss-sim diff A.cfg B.cfg       the settings that differ\n"
    "\n"
    "Simulates the market for AI models (open-weight against closed, by origin)\n"
    "with the scenario's agents and policies, runs its replications, writes CSV\n"
    "files and a manifest to the output directory and prints a summary.\n"
    "\n"
    ;

static const char usage_options[] =
    "Options:\n"
    "  -o, --out DIR          output directory (default: out/<scenario name>); a\n"
    "                         previous result there is kept as DIR.1 (DIR.2, ...)\n"
    "      --force            replace a previous result in DIR instead of keeping it\n"
    "  -s, --set KEY=VALUE    override a scenario setting by its path, e.g.\n"
    "                         -s agents.count=100000 -s policy.export_controls.strength=0.8\n"
    "                         (repeatable; applied to the counterfactual and to\n"
    "                         the reference too, except policy.* settings)\n"
    "  -r, --runs N           replications (default: run.replications)\n"
    "      --seed N           base seed, 0 to 2^63-1 (default: run.seed)\n"
    "  -j, --threads N        threads (default: all cores); results do not depend on it\n"
    "      --reference FILE   the world without the policy, for effect.csv\n"
    "                         (default: the scenario's own `reference`)\n"
    "      --no-reference     no effects: run the scenario alone\n"
    "      --baseline FILE    the old name of --reference; also writes\n"
    "                         comparison.csv (effect.csv's reporting-year rows)\n"
    "      --years LIST       also report the effects for these calendar years,\n"
    "                         e.g. --years 2025,2027,2030 (rows NAME@2027)\n"
    "      --no-counterfactual  no world without open-weight models (no cf_ rows;\n"
    "                         the old name --no-baseline works too)\n"
    "      --ensemble K       run K posterior draws of the calibrated parameters\n"
    "                         (weighted resampling of the fragment's ensemble), each\n"
    "                         with the -r replications on the same seeds; the CSV\n"
    "                         files append pi90_lo,pi90_hi,draws: the 90% interval\n"
    "                         over draws of each draw's mean (parameter uncertainty)\n"
    "  -m, --metric NAME      add a metric to the summary and summary.csv: any\n"
    "                         timeseries.csv metric or share_of_open_tokens.FAMILY\n"
    "                         over a quarter, e.g. open_token_share@2025Q4 or\n"
    "                         share_of_open_tokens.deepseek@2025Q4 (repeatable)\n"
    "      --per-run          also write runs.csv with every replication's months\n"
    "      --summary-csv      print only summary.csv's content on stdout\n"
    "      --row              print one CSV row instead of the summary: the -s\n"
    "                         values (-r, --seed as run.replications, run.seed),\n"
    "                         then each headline's mean, sd, CI bounds, and n\n"
    "                         (for shell loops; no charts unless --plot)\n"
    "      --header           print the row's header line first (implies --row)\n"
    "      --plot, --no-plot  draw the charts with gnuplot after the run (default: on)\n"
    "      --check            validate the scenario (and counterfactual) and exit\n"
    "  -q, --quiet            print nothing but errors\n"
    "  -h, --help             show this help\n"
    "  -V, --version          show the version\n"
    "\n"
    "Files written: timeseries.csv, families.csv, summary.csv, manifest.txt,\n"
    "effect.csv and effect_timeseries.csv with a reference, runs.csv with --per-run, calibration.csv when the scenario file holds a\n"
    "calibration block (then a table of the targets follows the summary), and\n"
    "the charts shares, prices, cn_open, effect (with a reference) and (with\n"
    "calibration.csv) calibration,\n"
    "each as .png (1600 x 1000) and .pdf and .svg (16 x 10 cm); see oss-sim(1).\n"
    "Exit status: 0 ok, 1 run failed (a file not written whole is named),\n"
    "2 bad input, 130 interrupted.  A chart that gnuplot fails to draw is named\n"
    "on stderr with the command that draws it and leaves the status 0 (the CSV\n"
    "files are complete).\n";

/* --row: the overrides' values, then each headline's mean, sd and CI, then
 * n, as one CSV row (after the header with --header), so that a shell loop
 * over -s values collects a table. */
static void print_row(const struct override_list *ov, const struct run_results *res, bool header)
{
    char buf[1024];
    if (header) {
        for (int i = 0; i < ov->n; i++) {
            snprintf(buf, sizeof buf, "%s", ov->items[i]);
            buf[strcspn(buf, "=")] = '\0';
            char *k = buf + strspn(buf, " \t"), *e = k + strlen(k);
            while (e > k && (e[-1] == ' ' || e[-1] == '\t'))
                *--e = '\0';
            if (i)
                putchar(',');
            output_csv_text(stdout, k);
        }
        output_headline_header(stdout, res->cf_rows != NULL, res->draws > 0);
        putchar('\n');
    }
    for (int i = 0; i < ov->n; i++) {
        const char *v = strchr(ov->items[i], '=');
        snprintf(buf, sizeof buf, "%s", v ? v + 1 : "");
        char *k = buf + strspn(buf, " \t\""), *e = k + strlen(k);
        while (e > k && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"'))
            *--e = '\0';
        if (i)
            putchar(',');
        output_csv_text(stdout, k);
    }
    output_headline_row(stdout, res);
    putchar('\n');
}

static void print_summary(const struct scenario *sc, const struct scenario *cf,
                          const struct run_results *res, const char *dir, int threads, bool comparison,
                          int charts, const struct provenance *pv)
{
    printf("oss-sim %s: scenario %s (%s)\n", oss_version, sc->name, sc->path);
    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    printf("%d replications, seed %llu, %ld agents, %s to %s, %d threads", sc->replications,
           (unsigned long long)sc->seed, sc->n_agents, month_format(sc->start, a),
           month_format(sc->end, b), threads);
    printf("\nreporting year %d; reference (the world without the policy): %s;\n"
           "counterfactual of the cf_ rows (a world without open-weight models): %s\n\n",
           sc->reporting_year, pv->ref ? pv->ref->name : "none", cf ? cf->name : "none");
    if (pv->ref) {
        effect_print(stdout, sc, pv->ref, res, pv->ref_res, pv->windows, pv->n_windows);
        printf("\n");
    }
    printf("levels in the scenario, reporting year %d:\n", sc->reporting_year);
    if (res->draws) {
        int R = res->reps / res->draws;
        printf("ensemble: %d posterior draws from %s x %d replications on the same seeds.\n", res->draws,
               sc->calibration.fitted_file, R);
        printf("  Monte Carlo 95%% CI: the noise of the replications (more -r narrows it);\n"
               "  parameter 90%% interval: where each draw's mean lies across parameter values\n"
               "  consistent with the calibration targets (more draws do not narrow it);\n"
               "  each figure to the digits of the wider of the two.\n\n");
        printf("%-30s %10s  %-23s %-23s %-10s %s\n", "metric", "mean", "Monte Carlo 95% CI", "parameter 90% interval",
               "unit", "what it is");
        for (int h = 0; h < N_HEADLINES; h++) {
            if (headline_is_cf(h) && !cf)
                continue;
            struct ens_summary e = stats_ensemble(res->head + h, N_HEADLINES, res->draws, R);
            char mean[64], ci[64], pi[64];
            output_format_ens_level(mean, ci, pi, sizeof ci, e.mc.mean, &e);
            printf("%-30s %10s  %-23s %-23s %-10s %s\n", headline_names[h], mean, ci, pi, headline_units[h],
                   headline_labels[h]);
        }
    }
    if (!res->draws) {
        printf("95%% CI: the Monte Carlo noise of the %d replications alone (more -r narrows it),\n"
               "at fixed parameters%s%s%s;\nit leaves out their uncertainty "
               "(--ensemble K adds a parameter interval).\n\n",
               res->reps, sc->calibration.n_fitted ? " (the posterior mean in " : "",
               sc->calibration.n_fitted ? sc->calibration.fitted_file : "", sc->calibration.n_fitted ? ")" : "");
        printf("%-30s %10s  %-23s %-10s %s\n", "metric", "mean", "95% CI", "unit", "what it is");
    }
    for (int h = 0; !res->draws && h < N_HEADLINES; h++) {
        if (headline_is_cf(h) && !cf)
            continue;
        struct summary s = stats_summarise(res->head + h, N_HEADLINES, res->reps);
        char mean[64], ci[64];
        output_format_level(mean, ci, sizeof ci, s.mean, s.n > 1 ? s.lo : NAN, s.n > 1 ? s.hi : NAN);
        printf("%-30s %10s  %-23s %-10s %s\n", headline_names[h], mean, ci, headline_units[h],
               headline_labels[h]);
    }
    for (int i = 0; i < pv->n_extra; i++) { /* --metric */
        const double *v = pv->extra + (size_t)i * res->reps;
        char mean[64], ci[64], pi[64];
        if (res->draws) {
            struct ens_summary e = stats_ensemble(v, 1, res->draws, res->reps / res->draws);
            output_format_ens_level(mean, ci, pi, sizeof ci, e.mc.mean, &e);
            printf("%-30s %10s  %-23s %-23s %-10s %s\n", pv->extra_names[i], mean, ci, pi, "",
                   "--metric: its mean over the window");
        } else {
            struct summary m = stats_summarise(v, 1, res->reps);
            output_format_level(mean, ci, sizeof ci, m.mean, m.n > 1 ? m.lo : NAN, m.n > 1 ? m.hi : NAN);
            printf("%-30s %10s  %-23s %-10s %s\n", pv->extra_names[i], mean, ci, "", "--metric: its mean over the window");
        }
    }
    printf("\nwrote %s/: timeseries.csv families.csv summary.csv manifest.txt%s%s%s", dir,
           pv->ref ? " effect.csv effect_timeseries.csv" : "", comparison ? " comparison.csv" : "",
           sc->calibration.report ? " calibration.csv" : "");
    if (charts > 0) {
        static const char *const names[] = {"shares", "prices", "cn_open", "effect", "calibration"};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            struct stat st;
            char png[OSS_PATH_LEN + 32];
            snprintf(png, sizeof png, "%.4000s/%s.png", dir, names[i]);
            if (stat(png, &st) == 0)
                printf(" %s.png", names[i]);
        }
        printf(" (each also .pdf and .svg)");
    }
    printf("\n");
}

/* The command line as the user gave it: the command's own exit status, or
 * a failure to write standard output (cli_finish). */
static int run_main(int argc, char **argv);

int main(int argc, char **argv)
{
    cli_std_fds();
    /* a file over `ulimit -f`: a write that fails (EFBIG, named like a full
     * disk), not SIGXFSZ killing us with a lock and a temporary left */
    signal(SIGXFSZ, SIG_IGN);
    run_wait_passive(argv);
    const char *const names[] = {"calibrate", "compare", "sweep", "merge", "brief", "show", "diff"};
    char prog[32] = "oss-sim";
    for (size_t i = 0; argc > 1 && i < sizeof names / sizeof *names; i++)
        if (strcmp(argv[1], names[i]) == 0)
            snprintf(prog, sizeof prog, "oss-sim %s", names[i]);
    return cli_finish(prog, run_main(argc, argv));
}

static int run_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        CLI_RUNS_LONGOPT,
        CLI_COMMON_LONGOPTS,
        {"baseline", required_argument, NULL, 2},
        {"no-baseline", no_argument, NULL, 3},
        {"no-counterfactual", no_argument, NULL, 3},
        {"reference", required_argument, NULL, 21},
        {"no-reference", no_argument, NULL, 22},
        {"years", required_argument, NULL, 23},
        {"per-run", no_argument, NULL, 4},
        {"summary-csv", no_argument, NULL, 5},
        {"check", no_argument, NULL, 6},
        {"plot", no_argument, NULL, 7},
        {"no-plot", no_argument, NULL, 8},
        {"row", no_argument, NULL, 9},
        {"header", no_argument, NULL, 10},
        {"ensemble", required_argument, NULL, 12},
        {"metric", required_argument, NULL, 'm'},
        {"version", no_argument, NULL, 'V'},
        {"force", no_argument, NULL, 11},
        {NULL, 0, NULL, 0},
    };
    if (argc > 1 && strcmp(argv[1], "calibrate") == 0)
        return calibrate_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "compare") == 0)
        return compare_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "sweep") == 0)
        return sweep_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "merge") == 0)
        return merge_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "brief") == 0)
        return brief_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "show") == 0)
        return show_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "diff") == 0)
        return diff_main(argc - 1, argv + 1);
    const char *out_dir = NULL, *baseline = NULL, *reference = NULL;
    int years[EFFECT_MAX_WINDOWS], n_years = 0;
    bool no_reference = false;
    bool plot = true, no_baseline = false, per_run = false, summary_csv = false, check = false;
    bool row = false, header = false, plot_given = false, force = false;
    long draws = 0;
    const char *metric_names[32];
    int n_metric = 0;
    struct cli_common cc;
    int opt, status = 0;
    if (!cli_common_init(&cc, "oss-sim", argc))
        return 1;

    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":o:s:r:j:m:qhV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'm':
            if (n_metric >= 32) {
                fprintf(stderr, "oss-sim: at most 32 --metric\n");
                status = 2;
                goto done;
            }
            metric_names[n_metric++] = optarg;
            break;
        case 'o':
            out_dir = optarg;
            break;
        case 2:
            baseline = reference = optarg;
            break;
        case 21:
            reference = optarg;
            break;
        case 22:
            no_reference = true;
            break;
        case 23:
            if (!effect_parse_years(optarg, years, EFFECT_MAX_WINDOWS - 2, &n_years)) {
                fprintf(stderr, "oss-sim: --years: expected years like 2025,2027,2030 (at most %d), got \"%s\"\n",
                        EFFECT_MAX_WINDOWS - 2, optarg);
                status = 2;
                goto done;
            }
            break;
        case 3:
            no_baseline = true;
            break;
        case 4:
            per_run = true;
            break;
        case 5:
            summary_csv = true;
            break;
        case 6:
            check = true;
            break;
        case 7:
            plot = plot_given = true;
            break;
        case 8:
            plot = false;
            plot_given = true;
            break;
        case 9:
            row = true;
            break;
        case 10: /* --header implies --row */
            header = row = true;
            break;
        case 11:
            force = true;
            break;
        case 12:
            if ((status = cli_positive(cc.prog, "--ensemble", optarg, OSS_MAX_DRAWS, &draws)))
                goto done;
            break;
        case 'h':
            fputs(usage_text, stdout);
            fputs(usage_options, stdout);
            goto done;
        case 'V':
            printf("oss-sim %s\n", oss_version);
            goto done;
        default:
            if ((status = cli_common_option(&cc, opt, optarg, argv)))
                goto done;
        }
    }
    if (row && summary_csv) { /* two answers for stdout: say so rather than drop one */
        fprintf(stderr, "oss-sim: --row (or --header) and --summary-csv both choose what stdout holds: give one\n");
        status = 2;
        goto done;
    }
    if (row && !plot_given)
        plot = false; /* a row per run in a shell loop: no charts unless asked */
    if (optind != argc - 1) {
        fprintf(stderr, optind >= argc ? "oss-sim: no scenario file given\n%s"
                                       : "oss-sim: give exactly one scenario file\n%s",
                "Usage: oss-sim [OPTIONS] SCENARIO.cfg   (oss-sim --help for more)\n");
        status = 2;
        goto done;
    }

    {
        struct scenario *sc = calloc(1, sizeof *sc), *cf = NULL, *ref = NULL;
        struct cal_target extra_t[32];
        double *extra = NULL;
        char err[OSS_ERR_LEN];
        struct run_results res, ref_res;
        struct effect_window windows[EFFECT_MAX_WINDOWS];
        int nw = 0;
        bool have_ref_res = false;
        if (!sc) {
            status = 1;
            goto done;
        }
        cli_catch_signals(); /* from the first file read: a signal now leaves nothing behind */
        if (!scenario_load(sc, argv[optind], &cc.ov, err)) {
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 2;
            goto free_sc;
        }
        for (int i = 0; i < n_metric; i++)
            if (!scenario_metric(sc, metric_names[i], &extra_t[i], err)) {
                fprintf(stderr, "oss-sim: --metric: %s\n", err);
                status = 2;
                goto free_sc;
            }
        cli_print_notes("oss-sim", sc, cc.quiet);
        const char *cf_path = no_baseline ? NULL : sc->counterfactual[0] ? sc->counterfactual : NULL;
        if (cf_path && cli_same_file(cf_path, sc->path))
            cf_path = NULL; /* inherited by include: a scenario is not its own counterfactual */
        if (cf_path) {
            cf = calloc(1, sizeof *cf);
            struct override_list cov = {0, NULL, false};
            bool loaded = cf && cli_paired_overrides(sc, &cc.ov, &cov) && scenario_load(cf, cf_path, &cov, err);
            free(cov.items);
            if (!loaded) {
                fprintf(stderr, "oss-sim: counterfactual: %s\n", cf && cov.items ? err : "out of memory");
                status = 2;
                goto free_sc;
            }
            if (!scenario_pairable(sc, cf)) {
                fprintf(stderr,
                        "oss-sim: counterfactual %s: its horizon, agents.count, run.seed and "
                        "run.replications must equal the scenario's for a paired comparison\n",
                        cf->path);
                status = 2;
                goto free_sc;
            }
        }
        const char *ref_path = no_reference ? NULL : reference ? reference : sc->reference[0] ? sc->reference : NULL;
        if (ref_path && !reference && cli_same_file(ref_path, sc->path))
            ref_path = NULL; /* inherited by include: a scenario is not its own reference */
        if (ref_path && !(ref = cli_load_reference(sc, ref_path, &cc.ov, "oss-sim"))) {
            status = 2;
            goto free_sc;
        }
        nw = effect_windows(sc, years, n_years, windows, err);
        if (nw < 0) {
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 2;
            goto free_sc;
        }
        if (cli_interrupted("oss-sim")) {
            status = 130;
            goto free_sc;
        }
        if (check) {
            if (!cc.quiet)
                printf("%s: ok (%d families, %ld agents, %d months%s%s%s%s)\n", sc->path, sc->n_families,
                       sc->n_agents, sc->months, cf ? ", counterfactual " : "", cf ? cf->path : "",
                       ref ? ", reference " : "", ref ? ref->path : "");
            goto free_sc;
        }
        char dir[OSS_PATH_LEN];
        if (out_dir)
            snprintf(dir, sizeof dir, "%s", out_dir);
        else
            snprintf(dir, sizeof dir, "out/%s", sc->name);
        if (!memory_check(sc, cf, (int)cc.threads, err)) { /* before any allocation or directory */
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 1;
            goto free_sc;
        }
        struct resdir rd; /* everything is written into rd.tmp, then swapped into place */
        if (!resdir_check_path(dir, err) || (status = resdir_begin(&rd, dir, force, err)) != 0) {
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 2;
            goto free_sc;
        }

        char warn[OSS_ERR_LEN];
        if (ref && !cc.quiet && effect_window_warning(sc, warn, sizeof warn))
            fprintf(stderr, "oss-sim: warning: %s\n", warn);
        bool progress = !cc.quiet && isatty(STDERR_FILENO);
        int st;
        bool res_ok;
        if (draws) {
            st = ensemble_run(sc, cf, &cc.ov, (int)draws, (int)cc.threads, progress, &res, err);
            if (st == 2) {
                fprintf(stderr, "oss-sim: %s\n", err);
                status = 2;
                resdir_abort(&rd);
                goto free_sc;
            }
        } else {
            st = run_scenario(sc, cf, (int)cc.threads, progress, &res);
        }
        res_ok = st == 0;
        if (res_ok && ref && !run_stop) {
            /* the reference on the same random numbers (and, with --ensemble, the same draws) */
            struct override_list rov;
            if (!cli_reference_overrides(sc, &cc.ov, &rov)) {
                st = -1;
            } else {
                st = draws ? ensemble_run(ref, NULL, &rov, (int)draws, (int)cc.threads, progress, &ref_res, err)
                           : run_scenario(ref, NULL, (int)cc.threads, progress, &ref_res);
                free(rov.items);
            }
            if (st == 2) {
                fprintf(stderr, "oss-sim: reference: %s\n", err);
                run_results_free(&res);
                status = 2;
                resdir_abort(&rd);
                goto free_sc;
            }
            have_ref_res = st == 0;
        }
        if (st != 0 || run_stop) {
            if (have_ref_res)
                run_results_free(&ref_res);
            if (res_ok)
                run_results_free(&res);
            fprintf(stderr, st < 0 ? "oss-sim: out of memory\n" : "oss-sim: interrupted; no files written\n");
            status = st < 0 ? 1 : 130;
            resdir_abort(&rd);
            goto free_sc;
        }
        if (!results_finite(sc, cf, &res, err) || (have_ref_res && !results_finite(ref, NULL, &ref_res, err))) {
            /* never NaN from an overflow in the files */
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 1;
            run_results_free(&res);
            if (have_ref_res)
                run_results_free(&ref_res);
            resdir_abort(&rd);
            goto free_sc;
        }
        char command[4096];
        cli_command_line(argc, argv, "oss-sim", command, sizeof command);
        if (n_metric && !(extra = malloc((size_t)n_metric * res.reps * sizeof *extra))) {
            run_results_free(&res);
            if (have_ref_res)
                run_results_free(&ref_res);
            resdir_abort(&rd);
            status = 1;
            goto free_sc;
        }
        for (int i = 0; i < n_metric; i++)
            calibration_target_values(sc, &res, &extra_t[i], extra + (size_t)i * res.reps);
        struct provenance pv = {.version = oss_version,
                                .cf = cf,
                                .ov = &cc.ov,
                                .threads = (int)cc.threads,
                                .command = command,
                                .comparison = baseline != NULL && ref != NULL,
                                .draws = (int)draws,
                                .n_extra = n_metric,
                                .extra_names = metric_names,
                                .extra = extra,
                                .ref = ref,
                                .ref_res = ref ? &ref_res : NULL,
                                .windows = windows,
                                .n_windows = nw};
        bool written = output_write(rd.tmp, sc, &res, &pv, per_run, err);
        if (written && sc->calibration.report)
            written = calibration_write_csv(rd.tmp, sc, &res, err);
        int charts = 0;
        if (written && plot && !run_stop)
            charts = plot_render(rd.tmp, dir, cc.quiet || summary_csv || row);
        if (charts < 0) {
            written = false;
            snprintf(err, OSS_ERR_LEN, "%.800s/%s: not written whole (is the disk full?); nothing of this run is kept",
                     dir, plot_failed);
        }
        bool committed = false; /* once in place, the run is done, signal or not */
        if (written && !run_stop)
            written = committed = resdir_commit(&rd, err) == 0;
        else
            resdir_abort(&rd);
        resdir_end(&rd);
        if (written && rd.kept[0] && !cc.quiet)
            fprintf(stderr, "oss-sim: note: the previous result in %s is kept as %s (--force replaces it)\n", dir,
                    rd.kept);
        if (run_stop && !committed) {
            fprintf(stderr, "oss-sim: interrupted; %s is as it was, no file of this run is in it\n", dir);
            status = 130;
        } else if (!written) {
            resdir_name_final(&rd, err);
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 1;
        } else if (row) {
            print_row(&cc.ov, &res, header);
        } else if (summary_csv) {
            output_summary_csv(stdout, sc, &res);
            output_summary_extra(stdout, &pv, &res);
        } else if (!cc.quiet) {
            print_summary(sc, cf, &res, dir, (int)cc.threads, pv.comparison, charts, &pv);
            if (sc->calibration.report) {
                printf("\n");
                calibration_print_table(stdout, sc, &res);
            }
        }
        run_results_free(&res);
        if (have_ref_res)
            run_results_free(&ref_res);
    free_sc:
        free(extra);
        free(sc);
        free(cf);
        free(ref);
    }
done:
    cli_common_free(&cc);
    return status;
}
