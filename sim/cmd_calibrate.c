/*
 * cmd_calibrate.c - oss-sim calibrate: fits the free parameters named by a
 * scenario's calibration block to its targets and writes the fitted values
 * as a scenario fragment (see calibration.h for the method).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abc.h"
#include "calibration.h"
#include "cli.h"
#include "month.h"
#include "output.h"
#include "posterior.h"
#include "resdir.h"
#include "run.h"
#include "scenario.h"

static const char usage_text[] =
    "Usage: oss-sim calibrate [OPTIONS] SCENARIO.cfg\n"
    "\n"
    "Estimates the posterior of the parameters that the scenario's `calibration`\n"
    "block names as free (each with bounds and a prior) given the targets it\n"
    "lists, by adaptive ABC-SMC: particles drawn from the priors are moved,\n"
    "generation by generation, towards parameter values whose simulated targets\n"
    "lie within a shrinking distance of the published ones (the distance is\n"
    "sqrt(F), F the weighted mean squared residual in tolerances; the last\n"
    "tolerance is calibration.epsilon).  Every evaluation runs the same\n"
    "replications of the same seed (common random numbers), so the same command\n"
    "and seed always give the same posterior, whatever the thread count.\n"
    "Progress goes to stderr, one line per generation.  Writes the fragment (by\n"
    "default the block's `fragment`, e.g. calibrated.cfg next to the baseline):\n"
    "`fitted`, the posterior mean, which a plain run uses, and `ensemble`, the\n"
    "weighted posterior draws, which --ensemble K runs use; and posterior.csv\n"
    "with the diagnostics it prints (effective sample size, each parameter's\n"
    "posterior beside its prior, bound flags, correlations, and the\n"
    "posterior-predictive check of each target).  The fragment's current values\n"
    "are ignored while fitting.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE       fragment to write (default: calibration.fragment)\n"
    "  -d, --dir DIR           where posterior.csv goes (default: out/calibrate-<scenario>)\n"
    "  -s, --set KEY=VALUE     override a scenario setting for every evaluation\n"
    "      --seed N            base seed (default: run.seed)\n"
    "      --particles N       ABC-SMC particles (default: calibration.particles)\n"
    "      --max-evaluations N budget of evaluations (default: calibration.max_evaluations)\n"
    "      --until YYYY-MM     fit only the targets dated up to that month (the\n"
    "                          others are reported, not fitted: out-of-sample checks)\n"
    "      --simplex           a point fit instead (Nelder-Mead simplex from the block's\n"
    "                          starting values): writes `fitted` only, no ensemble\n"
    "      --max-iterations N  cap on simplex iterations (default: calibration.max_iterations)\n"
    "  -j, --threads N         threads (default: all cores); results do not depend on it\n"
    "  -n, --dry-run           evaluate the targets at the starting values, write nothing\n"
    "  -q, --quiet             no progress lines\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 fitted, 1 the fit failed, 2 bad input, 130 interrupted.\n";

static void print_targets(const struct scenario *sc, const double *model)
{
    const struct calibration *c = &sc->calibration;
    int met = 0, fitted = 0, w = 34; /* the target column as wide as its longest name */
    for (int t = 0; t < c->n_targets; t++)
        w = (int)strlen(c->targets[t].metric) > w ? (int)strlen(c->targets[t].metric) : w;
    printf("%-*s %10s %10s %10s %10s %-4s %s\n", w, "target", "value", "tolerance", "model", "residual", "met",
           "source");
    for (int t = 0; t < c->n_targets; t++) {
        const struct cal_target *tg = &c->targets[t];
        met += fabs(model[t] - tg->value) <= tg->tolerance && tg->weight > 0;
        fitted += tg->weight > 0;
        printf("%-*s %10.4g %10.4g %10.4g %10.3g %-4s %s\n", w, tg->metric, tg->value, tg->tolerance, model[t],
               model[t] - tg->value, calibration_met_label(tg, model[t]), tg->source);
    }
    calibration_print_count(stdout, met, fitted, c->n_targets);
}

/* The exit status of a fit that did not finish (st > 0: interrupted, < 0:
 * failed), after saying so. */
static int fit_failed(int st, const char *err)
{
    fprintf(stderr, st > 0 ? "oss-sim calibrate: interrupted; nothing written\n" : "oss-sim calibrate: %s\n", err);
    return st > 0 ? 130 : 1;
}

int calibrate_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        CLI_COMMON_LONGOPTS,
        {"max-iterations", required_argument, NULL, 2},
        {"dry-run", no_argument, NULL, 'n'},
        {"dir", required_argument, NULL, 'd'},
        {"particles", required_argument, NULL, 3},
        {"max-evaluations", required_argument, NULL, 4},
        {"simplex", no_argument, NULL, 5},
        {"until", required_argument, NULL, 6},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *diag_dir = NULL;
    bool dry = false, simplex = false;
    long max_iter = 0, particles = 0, max_evals = 0;
    int until = -1;
    const char *until_text = NULL;
    struct cli_common cc;
    int opt, status = 0;
    struct scenario *sc = NULL;
    int frag_fd = -1, diag_fd = -1; /* locks on the fragment and the diagnostics directory (resdir.h) */
    char frag_lock[OSS_LOCK_LEN] = "", diag_lock[OSS_LOCK_LEN] = "";
    if (!cli_common_init(&cc, "oss-sim calibrate", argc))
        return 1;

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":o:d:s:j:nqh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            output = optarg;
            break;
        case 'd':
            diag_dir = optarg;
            break;
        case 3:
            if ((status = cli_positive(cc.prog, "--particles", optarg, 100000, &particles)))
                goto done;
            break;
        case 4:
            if ((status = cli_positive(cc.prog, "--max-evaluations", optarg, 100000000, &max_evals)))
                goto done;
            break;
        case 5:
            simplex = true;
            break;
        case 6:
            until_text = optarg;
            if (!month_parse(optarg, &until)) {
                fprintf(stderr, "oss-sim calibrate: --until: expected a month YYYY-MM, got \"%s\"%s\n", optarg,
                        month_why(optarg));
                status = 2;
                goto done;
            }
            break;
        case 2:
            if ((status = cli_positive(cc.prog, "--max-iterations", optarg, 1000000, &max_iter)))
                goto done;
            break;
        case 'n':
            dry = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            goto done;
        default:
            if ((status = cli_common_option(&cc, opt, optarg, argv)))
                goto done;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "oss-sim calibrate: %s\nUsage: oss-sim calibrate [OPTIONS] SCENARIO.cfg\n",
                optind >= argc ? "no scenario file given" : "give exactly one scenario file");
        status = 2;
        goto done;
    }
    const char *path = argv[optind];
    char err[OSS_ERR_LEN];
    sc = malloc(sizeof *sc);
    if (!sc) {
        status = 1;
        goto done;
    }
    cc.ov.skip_fitted = true;
    cli_catch_signals(); /* from the first file read: a signal now leaves nothing behind */
    if (!scenario_load(sc, path, &cc.ov, err)) {
        fprintf(stderr, "oss-sim calibrate: %s\n", err);
        status = 2;
        goto done;
    }
    cc.ov.skip_fitted = false;
    if (!sc->calibration.on) {
        fprintf(stderr, "oss-sim calibrate: %s: the scenario has no calibration block\n", path);
        status = 2;
        goto done;
    }
    const char *dest = output ? output : sc->calibration.output;
    if (!output && !sc->calibration.report && !dry) {
        fprintf(stderr,
                "oss-sim calibrate: %s: its calibration block is in %s; calibrate that file, or give -o FILE "
                "to write the fit elsewhere\n",
                path, sc->calibration.file);
        status = 2;
        goto done;
    }
    if (cli_interrupted(cc.prog)) {
        status = 130;
        goto done;
    }
    if (!dry) { /* find an unwritable destination now, not after the fit */
        char ddir[OSS_PATH_LEN];
        snprintf(ddir, sizeof ddir, "%s", dest);
        char *sl = strrchr(ddir, '/');
        if (sl == ddir)
            ddir[1] = '\0'; /* "/x.cfg": the root */
        else if (sl)
            *sl = '\0';
        else
            snprintf(ddir, sizeof ddir, ".");
        struct stat st;
        const char *why = NULL;
        if (stat(ddir, &st) != 0)
            why = strerror(errno);
        else if (!S_ISDIR(st.st_mode))
            why = strerror(ENOTDIR);
        else if (access(ddir, W_OK | X_OK) != 0)
            why = strerror(errno);
        else if (stat(dest, &st) == 0 && S_ISDIR(st.st_mode))
            why = "it is a directory";
        if (why) {
            fprintf(stderr, "oss-sim calibrate: %s: cannot write there: %s\n", dest, why);
            status = 2;
            goto done;
        }
        /* one calibration writes a fragment at a time, for its whole fit */
        if ((frag_fd = resdir_lock(dest, frag_lock, err)) < 0) {
            fprintf(stderr, "oss-sim calibrate: %s\n", err);
            status = 2;
            goto done;
        }
    }
    struct fit_options fo = {path, &cc.ov, (int)cc.threads, (int)max_iter, cc.quiet ? NULL : stderr};
    const struct calibration *c = &sc->calibration;
    double t0 = run_clock();
    char command[4096]; /* recorded in the fragment */
    cli_command_line(argc, argv, "oss-sim calibrate", command, sizeof command);
    if (dry) {
        double theta[OSS_MAX_CAL_FREE], model[OSS_MAX_CAL_TARGETS];
        for (int i = 0; i < c->n_free; i++)
            theta[i] = c->free[i].start;
        double F = calibration_evaluate(&fo, sc, theta, model, err);
        if (isnan(F)) {
            fprintf(stderr, "oss-sim calibrate: %s\n", err);
            status = strcmp(err, "interrupted") == 0 ? 130 : 1;
            goto done;
        }
        printf("objective at the starting values: F = %.6g\n", F);
        print_targets(sc, model);
        goto done;
    }
    if (until >= 0) { /* targets dated later (or undated) are reported, not fitted */
        int kept = 0;
        for (int t = 0; t < sc->calibration.n_targets; t++) {
            struct cal_target *tg = &sc->calibration.targets[t];
            if (tg->dated < 0 || tg->dated > until)
                tg->weight = 0;
            kept += tg->weight > 0;
        }
        if (!kept) {
            fprintf(stderr, "oss-sim calibrate: --until %s: no fitted target is dated that early\n", until_text);
            status = 2;
            goto done;
        }
    }
    if (particles)
        sc->calibration.particles = (int)particles;
    if (max_evals)
        sc->calibration.max_evaluations = max_evals;
    if (!cc.quiet)
        fprintf(stderr, "calibrate: %d free parameters, %d targets, %d replications x %ld agents per evaluation\n",
                c->n_free, c->n_targets, c->replications, c->agents);
    if (!simplex) {
        char ddir[OSS_PATH_LEN], csv[OSS_PATH_LEN + 32];
        if (diag_dir)
            snprintf(ddir, sizeof ddir, "%s", diag_dir);
        else
            snprintf(ddir, sizeof ddir, "out/calibrate-%s", sc->name);
        /* made now, so that a directory that cannot be written is found
         * before the fit; removed again if the fit writes nothing into it */
        struct stat dst;
        bool made = stat(ddir, &dst) != 0;
        if (!resdir_check_path(ddir, err) || !output_prepare_dir(ddir, err) ||
            (diag_fd = resdir_lock(ddir, diag_lock, err)) < 0) {
            fprintf(stderr, "oss-sim calibrate: %s\n", err);
            status = 2;
            goto done;
        }
        struct abc_result ab;
        int st = abc_smc(&fo, sc, &ab, err);
        bool ok = false;
        if (st != 0)
            status = fit_failed(st, err);
        else {
            double secs = run_clock() - t0;
            snprintf(csv, sizeof csv, "%s/posterior.csv", ddir);
            /* the fragment and posterior.csv go together: both are written,
             * or (a signal before) neither */
            cli_hold_signals(true);
            bool stopped = run_stop != 0;
            ok = !stopped && posterior_write_fragment(dest, sc, &ab, oss_version, command, secs, err) &&
                 posterior_write_csv(csv, sc, &ab, err);
            cli_hold_signals(false);
            if (stopped)
                status = fit_failed(1, err);
            else if (!ok) {
                fprintf(stderr, "oss-sim calibrate: %s\n", err);
                status = 1;
            } else {
                printf("ABC-SMC %s after %d generations, %ld evaluations, %.0f s\n", ab.stop, ab.generations,
                       ab.evaluations, secs);
                posterior_print(stdout, sc, &ab);
                printf("wrote %s and %s\n", dest, csv);
            }
            abc_result_free(&ab);
        }
        if (!ok && made) /* as it was: not an empty directory of ours */
            rmdir(ddir);
        goto done;
    }
    struct fit fit;
    int st = calibration_fit(&fo, sc, &fit, err);
    if (st != 0) {
        status = fit_failed(st, err);
        goto done;
    }
    double secs = run_clock() - t0;
    cli_hold_signals(true);
    bool stopped = run_stop != 0, written = !stopped && calibration_write_fragment(dest, sc, &fit, oss_version, command, err);
    cli_hold_signals(false);
    if (stopped) {
        status = fit_failed(1, err);
        goto done;
    }
    if (!written) {
        fprintf(stderr, "oss-sim calibrate: %s\n", err);
        status = 1;
        goto done;
    }
    printf("fit %s after %d iterations (%d restarts), %d evaluations, %.1f s: F = %.6g\n", fit.stop,
           fit.iterations, fit.restarts, fit.evaluations, secs, fit.objective);
    for (int i = 0; i < c->n_free; i++)
        printf("  %-36s %14.8g   (start %g, bounds %g to %g)\n", c->free[i].key, fit.theta[i], c->free[i].start,
               c->free[i].min, c->free[i].max);
    print_targets(sc, fit.model);
    printf("wrote %s\n", dest);
done:
    resdir_unlock(diag_fd, diag_lock);
    resdir_unlock(frag_fd, frag_lock);
    free(sc);
    cli_common_free(&cc);
    return status;
}
