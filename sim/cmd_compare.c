/*
 * cmd_compare.c - oss-sim compare: several scenarios on the same seeds, one
 * table.
 *
 * Each scenario runs its replications against its own counterfactual (for
 * the cf_ metrics), all on the streams of (base seed, r), so replication r
 * of every scenario shares its random numbers.  compare.csv has a row per
 * scenario and headline metric: the mean with its 95% CI, and the paired
 * difference from the first scenario (the reference) with its CI.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ensemble.h"
#include "metrics.h"
#include "output.h"
#include "finite.h"
#include "memory.h"
#include "plot.h"
#include "resdir.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"

static const char usage_text[] =
    "Usage: oss-sim compare [OPTIONS] REFERENCE.cfg SCENARIO.cfg ...\n"
    "\n"
    "Runs several scenarios on the same seeds (common random numbers), each\n"
    "with its own counterfactual for the cf_ metrics, and writes one table,\n"
    "compare.csv, with a row per scenario and headline metric: its mean and\n"
    "95% CI over replications, and its difference from the first scenario\n"
    "(the reference), paired by replication, with a 95% CI.  The scenarios\n"
    "must share the horizon, agents.count, run.seed and run.replications.\n"
    "\n"
    "Options:\n"
    "  -o, --out DIR          output directory (default: out/compare); a\n"
    "                         previous result there is kept as DIR.1 (DIR.2, ...)\n"
    "      --force            replace a previous result in DIR instead of keeping it\n"
    "  -s, --set KEY=VALUE    override a setting in every scenario (repeatable)\n"
    "  -r, --runs N           replications (default: run.replications)\n"
    "      --seed N           base seed (default: run.seed)\n"
    "  -j, --threads N        threads (default: all cores); results do not depend on it\n"
    "      --no-counterfactual  run no worlds without open-weight models (no cf_\n"
    "                         metrics; the old name --no-baseline works too)\n"
    "      --ensemble K       run K posterior draws of the calibrated parameters, each\n"
    "                         with the -r replications, the same draws and seeds for\n"
    "                         every scenario; appends pi90_lo,pi90_hi,draws (the 90%\n"
    "                         interval over draws of each draw's mean) and\n"
    "                         delta_pi90_lo,delta_pi90_hi (the same for the difference)\n"
    "      --plot, --no-plot  draw the chart with gnuplot (default: on)\n"
    "  -q, --quiet            print nothing but errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Files written: compare.csv\n"
    "  (scenario,metric,mean,sd,ci95_lo,ci95_hi,n,delta_mean,delta_ci95_lo,delta_ci95_hi,\n"
    "  then with --ensemble pi90_lo,pi90_hi,draws,delta_pi90_lo,delta_pi90_hi;\n"
    "  the reference's delta columns are NaN), manifest.txt and the chart\n"
    "  compare (what each policy does against the reference: Chinese and open\n"
    "  shares, average price, consumer surplus) and compare_value (what\n"
    "  open-weight models are worth in each scenario), each .png, .pdf, .svg.\n"
    "Exit status: 0 ok, 1 run failed (a file not written whole is named),\n"
    "2 bad input, 130 interrupted.  A chart that gnuplot fails to draw is named\n"
    "on stderr with the command that draws it and leaves the status 0 (the CSV\n"
    "files are complete).\n";

struct entry {
    struct scenario sc, cf;
    bool has_cf;
    struct run_results res;
    bool ran;
};

/* Headline h of the run: is it reported (the cf_ ones need a counterfactual)? */
static bool shown(const struct run_results *res, int h)
{
    return !headline_is_cf(h) || res->cf_rows;
}

/* Headline h of r and its difference from ref: over replications, or with
 * an ensemble the Monte Carlo summary and the interval over draws. */
static void summaries(const struct run_results *r, const struct run_results *ref, int h, bool delta,
                      struct ens_summary *s, struct ens_summary *d)
{
    struct ens_summary none = {{NAN, NAN, NAN, NAN, 0}, NAN, NAN, 0};
    *s = *d = none;
    if (r->draws) {
        int R = r->reps / r->draws;
        *s = stats_ensemble(r->head + h, N_HEADLINES, r->draws, R);
        if (delta)
            *d = stats_ensemble_paired(r->head + h, ref->head + h, N_HEADLINES, r->draws, R);
    } else {
        s->mc = stats_summarise(r->head + h, N_HEADLINES, r->reps);
        if (delta)
            d->mc = stats_paired(r->head + h, ref->head + h, N_HEADLINES, r->reps);
    }
}

static void write_csv(FILE *f, const struct entry *e, int n)
{
    bool ens = e[0].res.draws > 0;
    fprintf(f, "scenario,metric,mean,sd,ci95_lo,ci95_hi,n,delta_mean,delta_ci95_lo,delta_ci95_hi%s\n",
            ens ? ",pi90_lo,pi90_hi,draws,delta_pi90_lo,delta_pi90_hi" : "");
    const struct run_results *ref = &e[0].res;
    for (int i = 0; i < n; i++) {
        const struct run_results *r = &e[i].res;
        for (int h = 0; h < N_HEADLINES; h++) {
            if (!shown(r, h))
                continue;
            struct ens_summary es, ed;
            summaries(r, ref, h, i > 0 && shown(ref, h), &es, &ed);
            struct summary s = es.mc, d = ed.mc;
            fprintf(f, "%s,%s", e[i].sc.name, headline_names[h]);
            output_csv_num(f, s.mean);
            output_csv_num(f, s.sd);
            output_csv_num(f, s.lo);
            output_csv_num(f, s.hi);
            fprintf(f, ",%d", s.n);
            output_csv_num(f, d.mean);
            output_csv_num(f, d.lo);
            output_csv_num(f, d.hi);
            if (ens) {
                output_csv_num(f, es.pi_lo);
                output_csv_num(f, es.pi_hi);
                fprintf(f, ",%d", es.draws);
                output_csv_num(f, ed.pi_lo);
                output_csv_num(f, ed.pi_hi);
            }
            fputc('\n', f);
        }
    }
}

static void write_manifest(FILE *f, const struct entry *e, int n, int threads, const char *command)
{
    fprintf(f, "oss-sim %s\ncommand: %s\n", oss_version, command);
    fprintf(f, "seed: %llu\nreplications: %d\nagents: %ld\nthreads: %d\nreference: %s\n",
            (unsigned long long)e[0].sc.seed, e[0].sc.replications, e[0].sc.n_agents, threads, e[0].sc.name);
    if (e[0].res.draws)
        fprintf(f, "ensemble: %d posterior draws (weighted resampling) from %s, each with the replications above\n",
                e[0].res.draws, e[0].sc.calibration.fitted_file);
    for (int i = 0; i < n; i++) {
        fprintf(f, "scenario: %s %s sha256 %s\n", e[i].sc.name, e[i].sc.path, e[i].sc.sha256);
        if (e[i].has_cf)
            fprintf(f, "  counterfactual: %s sha256 %s\n", e[i].cf.path, e[i].cf.sha256);
    }
}

static void print_table(const struct entry *e, int n)
{
    printf("oss-sim %s compare: %d scenarios, %d replications, seed %llu, %ld agents; reference %s\n", oss_version,
           n, e[0].sc.replications, (unsigned long long)e[0].sc.seed, e[0].sc.n_agents, e[0].sc.name);
    if (!e[0].res.draws)
        printf("[a, b]: 95%% CI over the replications (Monte Carlo noise alone; --ensemble K adds the\n"
               "parameters' uncertainty); a difference from the reference is paired by replication.\n");
    if (e[0].res.draws)
        printf("ensemble: %d posterior draws x %d replications, the same for every scenario.\n"
               "[a, b]: Monte Carlo 95%% CI (noise of the replications); params [a, b]: parameter 90%% interval\n"
               "(over draws of each draw's mean); a difference is paired by draw and replication;\n"
               "each figure to the digits of the wider interval.\n",
               e[0].res.draws, e[0].sc.replications);
    for (int h = 0; h < N_HEADLINES; h++) {
        printf("\n%s (%s): %s\n", headline_names[h], headline_units[h], headline_labels[h]);
        for (int i = 0; i < n; i++) {
            const struct run_results *r = &e[i].res;
            if (!shown(r, h)) {
                printf("  %-26s %10s\n", e[i].sc.name, "-");
                continue;
            }
            struct ens_summary es, ed;
            bool delta = i > 0 && shown(&e[0].res, h);
            summaries(r, &e[0].res, h, delta, &es, &ed);
            char mean[64], ci[64], pi[64];
            bool params = r->draws && !isnan(es.pi_lo);
            if (params) /* the decimals of the wider interval */
                output_format_ens_level(mean, ci, pi, sizeof ci, es.mc.mean, &es);
            else
                output_format_level(mean, ci, sizeof ci, es.mc.mean, es.mc.lo, es.mc.hi);
            printf("  %-26s %10s  %s", e[i].sc.name, mean, ci);
            if (params)
                printf(" params %s", pi);
            if (delta) {
                int d = r->draws ? output_decimals_ens(ed.mc.mean, ed.mc.lo, ed.mc.hi, ed.pi_lo, ed.pi_hi)
                                 : output_decimals(ed.mc.mean, ed.mc.lo, ed.mc.hi);
                output_format_estimate_d(ci, sizeof ci, ed.mc.mean, ed.mc.lo, ed.mc.hi, 1, d);
                printf("   %s", ci);
                if (r->draws && ed.pi_lo == 0 && ed.pi_hi == 0) {
                    printf(" params 0 (no difference)");
                } else if (r->draws && !isnan(ed.pi_lo)) {
                    printf(" params [%+.*f, %+.*f]", d, ed.pi_lo, d, ed.pi_hi);
                }
            }
            putchar('\n');
        }
    }
}

int compare_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        CLI_RUNS_LONGOPT,
        CLI_COMMON_LONGOPTS,
        {"no-baseline", no_argument, NULL, 2},
        {"no-counterfactual", no_argument, NULL, 2},
        {"plot", no_argument, NULL, 3},
        {"no-plot", no_argument, NULL, 4},
        {"ensemble", required_argument, NULL, 5},
        {"force", no_argument, NULL, 6},
        {NULL, 0, NULL, 0},
    };
    long draws = 0;
    const char *prog = "oss-sim compare";
    const char *out_dir = "out/compare";
    bool no_cf = false, plot = true, force = false;
    struct cli_common cc;
    struct entry *e = NULL;
    int opt, status = 0, n = 0;
    if (!cli_common_init(&cc, prog, argc))
        return 1;

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":o:s:r:j:qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            out_dir = optarg;
            break;
        case 2:
            no_cf = true;
            break;
        case 3:
            plot = true;
            break;
        case 4:
            plot = false;
            break;
        case 5:
            if ((status = cli_positive(prog, "--ensemble", optarg, OSS_MAX_DRAWS, &draws)))
                goto done;
            break;
        case 6:
            force = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            goto done;
        default:
            if ((status = cli_common_option(&cc, opt, optarg, argv)))
                goto done;
        }
    }
    n = argc - optind;
    if (n < 2) {
        fprintf(stderr, "%s: give two or more scenario files\nUsage: oss-sim compare [OPTIONS] REFERENCE.cfg SCENARIO.cfg ...\n",
                prog);
        status = 2;
        goto done;
    }
    e = calloc((size_t)n, sizeof *e);
    if (!e) {
        status = 1;
        goto done;
    }
    char err[OSS_ERR_LEN];
    cli_catch_signals(); /* from the first file read: a signal now leaves nothing behind */
    for (int i = 0; i < n; i++) {
        const char *path = argv[optind + i];
        if (!scenario_load(&e[i].sc, path, &cc.ov, err)) {
            fprintf(stderr, "%s: %s\n", prog, err);
            status = 2;
            goto done;
        }
        const struct scenario *a = &e[0].sc, *b = &e[i].sc;
        if (!scenario_pairable(a, b)) {
            fprintf(stderr,
                    "%s: %s: its horizon, agents.count, run.seed and run.replications must equal those of %s "
                    "for a paired comparison\n",
                    prog, b->path, a->path);
            status = 2;
            goto done;
        }
        const char *cfp = b->counterfactual;
        if (!no_cf && cfp[0] && !cli_same_file(cfp, b->path)) {
            if (!scenario_load(&e[i].cf, cfp, &cc.ov, err)) {
                fprintf(stderr, "%s: %s: counterfactual: %s\n", prog, path, err);
                status = 2;
                goto done;
            }
            const struct scenario *c = &e[i].cf;
            if (!scenario_pairable(b, c)) {
                fprintf(stderr, "%s: counterfactual %s: its horizon, agents.count, run.seed and run.replications "
                                "must equal the scenario's\n",
                        prog, c->path);
                status = 2;
                goto done;
            }
            e[i].has_cf = true;
        }
    }
    for (int i = 0; i < n; i++)
        if (!memory_check(&e[i].sc, e[i].has_cf ? &e[i].cf : NULL, (int)cc.threads, err)) {
            fprintf(stderr, "%s: %s\n", prog, err);
            status = 1;
            goto done;
        }
    if (cli_interrupted(prog)) {
        status = 130;
        goto done;
    }
    struct resdir rd; /* written into rd.tmp, swapped into place when complete */
    if (!resdir_check_path(out_dir, err) || resdir_begin(&rd, out_dir, force, err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        status = 2;
        goto done;
    }
    const char *final_dir = out_dir;
    out_dir = rd.tmp;
    bool progress = !cc.quiet && isatty(STDERR_FILENO);
    for (int i = 0; i < n; i++) {
        if (progress)
            fprintf(stderr, "compare: %s (%d of %d)\n", e[i].sc.name, i + 1, n);
        int st;
        if (draws) {
            st = ensemble_run(&e[i].sc, e[i].has_cf ? &e[i].cf : NULL, &cc.ov, (int)draws, (int)cc.threads, progress,
                              &e[i].res, err);
            if (st == 2) {
                fprintf(stderr, "%s: %s\n", prog, err);
                status = 2;
                goto done;
            }
        } else {
            /* the same counterfactual as an earlier scenario's (the same
             * SHA-256 as resolved: seed, replications and agents included)
             * gives the same rows: reuse them */
            const double *cf_rows = NULL;
            for (int j = 0; j < i && e[i].has_cf && !cf_rows; j++)
                if (e[j].has_cf && strcmp(e[j].cf.sha256, e[i].cf.sha256) == 0)
                    cf_rows = e[j].res.cf_rows;
            st = run_scenario_reuse(&e[i].sc, e[i].has_cf ? &e[i].cf : NULL, cf_rows, (int)cc.threads, progress,
                                    &e[i].res);
        }
        if (st != 0 || run_stop) {
            if (st == 0)
                run_results_free(&e[i].res);
            fprintf(stderr, st < 0 ? "%s: out of memory\n" : "%s: interrupted; no files written\n", prog);
            status = st < 0 ? 1 : 130;
            resdir_abort(&rd);
            goto done;
        }
        e[i].ran = true;
        if (!results_finite(&e[i].sc, e[i].has_cf ? &e[i].cf : NULL, &e[i].res, err)) {
            fprintf(stderr, "%s: %s\n", prog, err);
            status = 1;
            resdir_abort(&rd);
            goto done;
        }
    }
    char path[OSS_PATH_LEN + 32], command[4096];
    cli_command_line(argc, argv, "oss-sim compare", command, sizeof command);
    struct output_file a;
    /* a failure, or a signal (which removes the file being written), leaves
     * written false */
    snprintf(path, sizeof path, "%s/compare.csv", out_dir);
    bool written = output_atomic_open(&a, path, err);
    if (written) {
        write_csv(a.f, e, n);
        written = output_atomic_commit(&a, err);
    }
    snprintf(path, sizeof path, "%s/manifest.txt", out_dir);
    if (written && (written = output_atomic_open(&a, path, err))) {
        write_manifest(a.f, e, n, (int)cc.threads, command);
        written = output_atomic_commit(&a, err);
    }
    int charts = 0;
    if (written && plot && !run_stop) {
        const char *chart[] = {"compare", "compare_value"};
        charts = plot_render_charts(out_dir, final_dir, chart, 2, cc.quiet);
    }
    bool committed = written && !run_stop && charts >= 0 && resdir_commit(&rd, err) == 0;
    if (!committed)
        resdir_abort(&rd);
    resdir_end(&rd);
    if (run_stop && !committed) {
        fprintf(stderr, "%s: interrupted; %s is as it was, no file of this run is in it\n", prog, final_dir);
        status = 130;
    } else if (!written) {
        resdir_name_final(&rd, err);
        fprintf(stderr, "%s: %s\n", prog, err);
        status = 1;
    } else if (charts < 0) {
        fprintf(stderr, "%s: %s/%s: not written whole (is the disk full?); nothing of this run is kept\n", prog,
                final_dir, plot_failed);
        status = 1;
    } else if (!committed) {
        fprintf(stderr, "%s: %s\n", prog, err);
        status = 1;
    } else if (!cc.quiet) {
        if (rd.kept[0])
            fprintf(stderr, "%s: note: the previous result in %s is kept as %s (--force replaces it)\n", prog,
                    final_dir, rd.kept);
        print_table(e, n);
        printf("\nwrote %s/: compare.csv manifest.txt%s\n", final_dir,
               charts > 0 ? " compare.png compare_value.png (each also .pdf and .svg)" : "");
    }
done:
    for (int i = 0; e && i < n; i++)
        if (e[i].ran)
            run_results_free(&e[i].res);
    free(e);
    cli_common_free(&cc);
    return status;
}
