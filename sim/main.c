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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibration.h"
#include "cli.h"
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
    "\n"
    "Simulates the market for AI models (open-weight against closed, by origin)\n"
    "with the scenario's agents and policies, runs its replications, writes CSV\n"
    "files and a manifest to the output directory and prints a summary.\n"
    "\n"
    "Options:\n"
    "  -o, --out DIR          output directory (default: out/<scenario name>); a\n"
    "                         previous result there is kept as DIR.1 (DIR.2, ...)\n"
    "      --force            replace a previous result in DIR instead of keeping it\n"
    "  -s, --set KEY=VALUE    override a scenario setting by its path, e.g.\n"
    "                         -s agents.count=100000 -s policy.export_controls.strength=0.8\n"
    "                         (repeatable; applied to the counterfactual too)\n"
    "  -r, --runs N           replications (default: run.replications)\n"
    "      --seed N           base seed, 0 to 2^63-1 (default: run.seed)\n"
    "  -j, --threads N        threads (default: all cores); results do not depend on it\n"
    "      --baseline FILE    counterfactual scenario for the cf_ metrics\n"
    "                         (default: the scenario's own `counterfactual`);\n"
    "                         given here, it also writes comparison.csv: every\n"
    "                         headline as scenario minus FILE, paired by replication\n"
    "      --no-baseline      ignore the scenario's counterfactual\n"
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
    "runs.csv with --per-run, calibration.csv when the scenario file holds a\n"
    "calibration block (then a table of the targets follows the summary), and\n"
    "the charts shares, prices, cn_open and (with calibration.csv) calibration,\n"
    "each as .png (1600 x 1000) and .pdf and .svg (16 x 10 cm); see oss-sim(1).\n"
    "Exit status: 0 ok, 1 run failed, 2 bad input, 130 interrupted.\n";

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
        output_headline_header(stdout, res->cf_rows != NULL);
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

/* Scenario minus baseline for each headline, paired by replication, with
 * the width the interval would have without common random numbers. */
static void print_comparison(const struct scenario *cf, const struct run_results *res)
{
    printf("\ncompared with %s (scenario minus baseline, paired by replication):\n", cf->name);
    printf("%-28s %10s %10s %10s  %-23s %s\n", "metric", "scenario", "baseline", "delta", "95% CI (paired)",
           "unpaired CI +/-");
    for (int h = 0; h < N_HEADLINES; h++) {
        if (headline_is_cf(h))
            continue;
        struct summary a = stats_summarise(res->head + h, N_HEADLINES, res->reps);
        struct summary b = stats_summarise(res->cf_head + h, N_HEADLINES, res->reps);
        struct summary d = stats_paired(res->head + h, res->cf_head + h, N_HEADLINES, res->reps);
        double u = stats_unpaired_half(res->head + h, res->cf_head + h, N_HEADLINES, res->reps);
        char ci[64];
        if (d.n > 1)
            snprintf(ci, sizeof ci, "[%.4g, %.4g]", d.lo, d.hi);
        else
            snprintf(ci, sizeof ci, "(n < 2)");
        printf("%-28s %10.4g %10.4g %10.4g  %-23s %.3g\n", headline_names[h], a.mean, b.mean, d.mean, ci, u);
    }
}

static void print_summary(const struct scenario *sc, const struct scenario *cf,
                          const struct run_results *res, const char *dir, int threads, bool comparison,
                          int charts)
{
    printf("oss-sim %s: scenario %s (%s)\n", oss_version, sc->name, sc->path);
    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    printf("%d replications, seed %llu, %ld agents, %s to %s, %d threads", sc->replications,
           (unsigned long long)sc->seed, sc->n_agents, month_format(sc->start, a),
           month_format(sc->end, b), threads);
    printf("\nreporting year %d; counterfactual: %s\n\n", sc->reporting_year, cf ? cf->name : "none");
    printf("%-28s %10s  %-23s %-10s %s\n", "metric", "mean", "95% CI", "unit", "what it is");
    for (int h = 0; h < N_HEADLINES; h++) {
        if (headline_is_cf(h) && !cf)
            continue;
        struct summary s = stats_summarise(res->head + h, N_HEADLINES, res->reps);
        char ci[64];
        if (s.n > 1)
            snprintf(ci, sizeof ci, "[%.4g, %.4g]", s.lo, s.hi);
        else
            snprintf(ci, sizeof ci, "(n < 2)");
        printf("%-28s %10.4g  %-23s %-10s %s\n", headline_names[h], s.mean, ci, headline_units[h],
               headline_labels[h]);
    }
    printf("\nwrote %s/: timeseries.csv families.csv summary.csv manifest.txt%s%s", dir,
           comparison ? " comparison.csv" : "", sc->calibration.report ? " calibration.csv" : "");
    if (charts > 0) {
        static const char *const names[] = {"shares", "prices", "cn_open", "calibration"};
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

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        CLI_RUNS_LONGOPT,
        CLI_COMMON_LONGOPTS,
        {"baseline", required_argument, NULL, 2},
        {"no-baseline", no_argument, NULL, 3},
        {"per-run", no_argument, NULL, 4},
        {"summary-csv", no_argument, NULL, 5},
        {"check", no_argument, NULL, 6},
        {"plot", no_argument, NULL, 7},
        {"no-plot", no_argument, NULL, 8},
        {"row", no_argument, NULL, 9},
        {"header", no_argument, NULL, 10},
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
    const char *out_dir = NULL, *baseline = NULL;
    bool plot = true, no_baseline = false, per_run = false, summary_csv = false, check = false;
    bool row = false, header = false, plot_given = false, force = false;
    struct cli_common cc;
    int opt, status = 0;
    if (!cli_common_init(&cc, "oss-sim", argc))
        return 1;

    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":o:s:r:j:qhV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            out_dir = optarg;
            break;
        case 2:
            baseline = optarg;
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
        case 'h':
            fputs(usage_text, stdout);
            goto done;
        case 'V':
            printf("oss-sim %s\n", oss_version);
            goto done;
        default:
            if ((status = cli_common_option(&cc, opt, optarg, argv)))
                goto done;
        }
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
        struct scenario *sc = calloc(1, sizeof *sc), *cf = NULL;
        char err[OSS_ERR_LEN];
        struct run_results res;
        if (!sc) {
            status = 1;
            goto done;
        }
        if (!scenario_load(sc, argv[optind], &cc.ov, err)) {
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 2;
            goto free_sc;
        }
        if (sc->note[0] && !cc.quiet)
            fprintf(stderr, "oss-sim: note: %s\n", sc->note);
        const char *cf_path = no_baseline ? NULL : baseline ? baseline : sc->counterfactual[0] ? sc->counterfactual : NULL;
        if (cf_path && !baseline && cli_same_file(cf_path, sc->path))
            cf_path = NULL; /* inherited by include: a scenario is not its own counterfactual */
        if (cf_path) {
            cf = calloc(1, sizeof *cf);
            if (!cf || !scenario_load(cf, cf_path, &cc.ov, err)) {
                fprintf(stderr, "oss-sim: counterfactual: %s\n", cf ? err : "out of memory");
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
        if (check) {
            if (!cc.quiet)
                printf("%s: ok (%d families, %ld agents, %d months%s%s)\n", sc->path, sc->n_families,
                       sc->n_agents, sc->months, cf ? ", counterfactual " : "", cf ? cf->path : "");
            goto free_sc;
        }
        char dir[OSS_PATH_LEN];
        if (out_dir)
            snprintf(dir, sizeof dir, "%s", out_dir);
        else
            snprintf(dir, sizeof dir, "out/%s", sc->name);
        struct resdir rd; /* everything is written into rd.tmp, then swapped into place */
        if (!resdir_check_path(dir, err) || (status = resdir_begin(&rd, dir, force, err)) != 0) {
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 2;
            goto free_sc;
        }

        cli_catch_signals();

        bool progress = !cc.quiet && isatty(STDERR_FILENO);
        int st = run_scenario(sc, cf, (int)cc.threads, progress, &res);
        if (st != 0 || run_stop) {
            if (st == 0)
                run_results_free(&res);
            fprintf(stderr, st < 0 ? "oss-sim: out of memory\n" : "oss-sim: interrupted; no files written\n");
            status = st < 0 ? 1 : 130;
            resdir_abort(&rd);
            goto free_sc;
        }
        char command[4096];
        cli_command_line(argc, argv, "oss-sim", command, sizeof command);
        struct provenance pv = {oss_version, cf, &cc.ov, (int)cc.threads, command, baseline != NULL && cf != NULL};
        bool written = output_write(rd.tmp, sc, &res, &pv, per_run, err);
        if (written && sc->calibration.report)
            written = calibration_write_csv(rd.tmp, sc, &res, err);
        int charts = 0;
        if (written && plot && !run_stop)
            charts = plot_render(rd.tmp, cc.quiet || summary_csv || row);
        if (charts < 0) {
            written = false;
            snprintf(err, OSS_ERR_LEN, "%.900s: not written: a chart could not be written whole (above)", dir);
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
            fprintf(stderr, "oss-sim: %s\n", err);
            status = 1;
        } else if (row) {
            print_row(&cc.ov, &res, header);
        } else if (summary_csv) {
            output_summary_csv(stdout, sc, &res);
        } else if (!cc.quiet) {
            print_summary(sc, cf, &res, dir, (int)cc.threads, pv.comparison, charts);
            if (pv.comparison)
                print_comparison(cf, &res);
            if (sc->calibration.report) {
                printf("\n");
                calibration_print_table(stdout, sc, &res);
            }
        }
        run_results_free(&res);
    free_sc:
        free(sc);
        free(cf);
    }
done:
    cli_common_free(&cc);
    return status;
}
