/*
 * cmd_brief.c - oss-sim brief SCENARIO: runs a policy scenario against its
 * reference, moves each judgement call of the scenario over its declared
 * range (one at a time, on the same random numbers), and writes a brief an
 * analyst can send (brief.h) with the run's files and charts.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brief.h"
#include "cli.h"
#include "effect.h"
#include "metrics.h"
#include "output.h"
#include "plot.h"
#include "resdir.h"
#include "run.h"
#include "scenario.h"

static const char usage_text[] =
    "Usage: oss-sim brief [OPTIONS] SCENARIO.cfg\n"
    "\n"
    "Runs a policy scenario against its reference (the world without the policy,\n"
    "named by its `reference` or --reference), moves each judgement call of its\n"
    "`assumptions` to the low and the high end of its range, one at a time, on\n"
    "the same random numbers, and writes a brief:\n"
    "  brief.html  one self-contained file (inline CSS and SVG charts, no network\n"
    "              reference) that prints on A4 from a browser\n"
    "  brief.md    the same in Markdown, with effect.png and tornado.png beside it\n"
    "with the question and the policy (from the scenario file's header), the key\n"
    "effects with 95% intervals, the effect over time, the assumptions and their\n"
    "sources, the sensitivity to each judgement call (tornado), the reference's\n"
    "calibration and the command that reproduces it; and the run's files\n"
    "(effect.csv, effect_timeseries.csv, tornado.csv, summary.csv, ...).\n"
    "The intervals are the Monte Carlo noise of the replications at fixed\n"
    "parameters; a run with --ensemble K adds the parameters' uncertainty.\n"
    "\n"
    "Options:\n"
    "  -o, --out DIR          output directory (default: out/<scenario name>-brief);\n"
    "                         a previous result there is kept as DIR.1 (DIR.2, ...)\n"
    "      --force            replace a previous result in DIR instead of keeping it\n"
    "  -s, --set KEY=VALUE    override a setting (repeatable; the reference gets\n"
    "                         all but the policy.* ones)\n"
    "  -r, --runs N           replications (default: run.replications)\n"
    "      --seed N           base seed (default: run.seed)\n"
    "  -j, --threads N        threads (default: all cores); results do not depend on it\n"
    "      --reference FILE   the world without the policy (default: the scenario's)\n"
    "      --years LIST       also give the effects for these years, e.g. 2027,2030\n"
    "  -q, --quiet            print nothing but errors\n"
    "  -h, --help             show this help\n"
    "Exit status: 0 ok, 1 run failed (a file not written whole is named),\n"
    "2 bad input, 130 interrupted.  A chart that gnuplot fails to draw is named\n"
    "on stderr with the command that draws it and leaves the status 0 (the brief\n"
    "lacks that figure).\n";

/* Runs sc (no counterfactual) into res; prints and returns non-zero on failure. */
static int run(const struct scenario *sc, int threads, bool progress, struct run_results *res)
{
    int st = run_scenario(sc, NULL, threads, progress, res);
    if (st != 0 || run_stop) {
        if (st == 0)
            run_results_free(res);
        if (st < 0) /* an interruption is said once, at the end */
            fprintf(stderr, "oss-sim brief: out of memory\n");
        return st < 0 ? 1 : 130;
    }
    return 0;
}

/* The main effect of a scenario moved by one override ("KEY=VALUE"): its
 * results against the reference's (rerun with the override too when the key
 * is not a policy's). */
static int swing(const char *path, const struct override_list *ov, const char *set, const struct scenario *ref,
                 const struct run_results *ref_res, const struct effect_window *w, int threads,
                 struct summary *out)
{
    struct override_list o2 = *ov;
    o2.items = calloc((size_t)ov->n + 1, sizeof *o2.items);
    struct scenario *sc = calloc(1, sizeof *sc), *rf = NULL;
    char err[OSS_ERR_LEN];
    int status = 0;
    if (!o2.items || !sc) {
        status = 1;
        goto done;
    }
    memcpy(o2.items, ov->items, (size_t)ov->n * sizeof *o2.items);
    o2.items[o2.n++] = set;
    if (!scenario_load(sc, path, &o2, err)) {
        fprintf(stderr, "oss-sim brief: %s\n", err);
        status = 2;
        goto done;
    }
    struct run_results res, rres;
    const struct run_results *against = ref_res;
    if ((status = run(sc, threads, false, &res)) != 0)
        goto done;
    if (strncmp(set, "policy.", 7) != 0) { /* a key of the world: the reference moves with it */
        if (!(rf = cli_load_reference(sc, ref->path, &o2, "oss-sim brief"))) {
            run_results_free(&res);
            status = 2;
            goto done;
        }
        if ((status = run(rf, threads, false, &rres)) != 0) {
            run_results_free(&res);
            goto done;
        }
        against = &rres;
    }
    struct summary s[N_HEADLINES];
    effect_summaries(sc, &res, against, w, s);
    *out = s[BRIEF_MAIN_HEADLINE];
    run_results_free(&res);
    if (against != ref_res)
        run_results_free(&rres);
done:
    free(o2.items);
    free(sc);
    free(rf);
    return status;
}

int brief_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        CLI_RUNS_LONGOPT,
        CLI_COMMON_LONGOPTS,
        {"reference", required_argument, NULL, 2},
        {"years", required_argument, NULL, 3},
        {"force", no_argument, NULL, 4},
        {NULL, 0, NULL, 0},
    };
    const char *prog = "oss-sim brief", *out_dir = NULL, *reference = NULL;
    int years[EFFECT_MAX_WINDOWS], n_years = 0, opt, status = 0;
    struct cli_common cc;
    struct scenario *sc = NULL, *ref = NULL;
    struct run_results res, ref_res;
    bool have_res = false, have_ref = false, force = false, rd_open = false;
    struct resdir rd;
    struct brief_swing swings[OSS_MAX_ASSUMPTIONS];
    char (*sets)[OSS_KEY_LEN + 64] = NULL;
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
            reference = optarg;
            break;
        case 3:
            if (!effect_parse_years(optarg, years, EFFECT_MAX_WINDOWS - 2, &n_years)) {
                fprintf(stderr, "%s: --years: expected years like 2025,2027,2030, got \"%s\"\n", prog, optarg);
                status = 2;
                goto done;
            }
            break;
        case 4:
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
    if (optind != argc - 1) {
        fprintf(stderr, "%s: give one scenario file\nUsage: oss-sim brief [OPTIONS] SCENARIO.cfg\n", prog);
        status = 2;
        goto done;
    }
    char err[OSS_ERR_LEN];
    sc = calloc(1, sizeof *sc);
    if (!sc) {
        status = 1;
        goto done;
    }
    cli_catch_signals(); /* from the first file read: a signal now leaves nothing behind */
    if (!scenario_load(sc, argv[optind], &cc.ov, err)) {
        fprintf(stderr, "%s: %s\n", prog, err);
        status = 2;
        goto done;
    }
    cli_print_notes(prog, sc, cc.quiet);
    const char *ref_path = reference ? reference : sc->reference[0] ? sc->reference : NULL;
    if (!ref_path || (!reference && cli_same_file(ref_path, sc->path))) {
        fprintf(stderr, "%s: %s names no reference (the world without its policy): add reference = \"...\"; to it "
                        "or give --reference FILE\n",
                prog, sc->path);
        status = 2;
        goto done;
    }
    if (!(ref = cli_load_reference(sc, ref_path, &cc.ov, prog))) {
        status = 2;
        goto done;
    }
    struct effect_window windows[EFFECT_MAX_WINDOWS];
    int nw = effect_windows(sc, years, n_years, windows, err);
    if (nw < 1) {
        fprintf(stderr, "%s: %s\n", prog, nw < 0 ? err : "no reporting window");
        status = 2;
        goto done;
    }
    if (cli_interrupted(prog)) {
        status = 130;
        goto done;
    }
    char dir[OSS_PATH_LEN];
    snprintf(dir, sizeof dir, "%s", out_dir ? out_dir : "");
    if (!out_dir)
        snprintf(dir, sizeof dir, "out/%.60s-brief", sc->name);
    /* written into rd.tmp, then swapped into place: a previous result in
     * dir is kept as dir.1 (or replaced with --force) */
    if (!resdir_check_path(dir, err) || resdir_begin(&rd, dir, force, err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        status = 2;
        goto done;
    }
    rd_open = true;
    char warn[OSS_ERR_LEN];
    if (!cc.quiet && effect_window_warning(sc, warn, sizeof warn))
        fprintf(stderr, "%s: warning: %s\n", prog, warn);
    bool progress = !cc.quiet && isatty(STDERR_FILENO);
    if ((status = run(sc, (int)cc.threads, progress, &res)) != 0)
        goto done;
    have_res = true;
    if ((status = run(ref, (int)cc.threads, progress, &ref_res)) != 0)
        goto done;
    have_ref = true;

    struct brief_input in;
    memset(&in, 0, sizeof in);
    in.sc = sc;
    in.ref = ref;
    in.res = &res;
    in.ref_res = &ref_res;
    in.windows = windows;
    in.n_windows = nw;
    in.swings = swings;
    in.version = oss_version;
    for (int w = 0; w < nw; w++)
        if (strcmp(windows[w].label, "policy") == 0)
            in.main_window = w;
    struct summary s[N_HEADLINES];
    effect_summaries(sc, &res, &ref_res, &windows[in.main_window], s);
    in.main = s[BRIEF_MAIN_HEADLINE];

    /* the tornado: each judgement call at each end of its range */
    sets = calloc(2 * OSS_MAX_ASSUMPTIONS, sizeof *sets);
    if (!sets) {
        status = 1;
        goto done;
    }
    for (int i = 0; i < sc->n_assumptions && !run_stop; i++) {
        const struct assumption *a = &sc->assumptions[i];
        if (!a->judgement)
            continue;
        struct brief_swing *sw = &swings[in.n_swings];
        sw->a = a;
        if (progress)
            fprintf(stderr, "brief: %s from %g to %g\n", a->key, a->low, a->high);
        snprintf(sets[2 * i], sizeof sets[0], "%s=%.17g", a->key, a->low);
        snprintf(sets[2 * i + 1], sizeof sets[0], "%s=%.17g", a->key, a->high);
        if ((status = swing(sc->path, &cc.ov, sets[2 * i], ref, &ref_res, &windows[in.main_window], (int)cc.threads,
                            &sw->low)) != 0 ||
            (status = swing(sc->path, &cc.ov, sets[2 * i + 1], ref, &ref_res, &windows[in.main_window],
                            (int)cc.threads, &sw->high)) != 0)
            goto done;
        in.n_swings++;
    }
    if (run_stop) {
        status = 130;
        goto done;
    }

    char command[4096];
    cli_command_line(argc, argv, "oss-sim brief", command, sizeof command);
    in.command = command;
    struct provenance pv = {.version = oss_version,
                            .ov = &cc.ov,
                            .threads = (int)cc.threads,
                            .command = command,
                            .ref = ref,
                            .ref_res = &ref_res,
                            .windows = windows,
                            .n_windows = nw};
    if (!output_write(rd.tmp, sc, &res, &pv, false, err) || !brief_write_tornado_csv(rd.tmp, &in, err)) {
        status = run_stop ? 130 : 1; /* a signal removes the file being written */
        resdir_name_final(&rd, err);
        if (!run_stop)
            fprintf(stderr, "%s: %s\n", prog, err);
        goto done;
    }
    const char *charts[] = {"effect", "shares", "prices", "tornado"};
    int n_charts = in.n_swings ? 4 : 3;
    int drawn = plot_render_charts(rd.tmp, dir, charts, n_charts, cc.quiet);
    if (drawn < 0 || run_stop) {
        status = run_stop ? 130 : 1; /* a chart not written whole is named above */
        goto done;
    }
    if (!brief_write(rd.tmp, &in, err) || run_stop || resdir_commit(&rd, err) != 0) {
        status = run_stop ? 130 : 1; /* a signal removes the file being written */
        resdir_name_final(&rd, err);
        if (!run_stop)
            fprintf(stderr, "%s: %s\n", prog, err);
        goto done;
    }
    resdir_end(&rd);
    rd_open = false;
    if (rd.kept[0] && !cc.quiet)
        fprintf(stderr, "%s: note: the previous result in %s is kept as %s (--force replaces it)\n", prog, dir,
                rd.kept);
    if (!cc.quiet) {
        char m[160];
        output_format_estimate(m, sizeof m, in.main.mean, in.main.lo, in.main.hi,
                               effect_scale(BRIEF_MAIN_HEADLINE));
        printf("oss-sim %s brief: %s against %s; Chinese share of tokens %s pp (%s; 95%% CI: Monte Carlo noise "
               "alone, at fixed parameters)\n",
               oss_version, sc->name,
               ref->name, m, windows[in.main_window].label[0] ? "while the policy acts" : "reporting year");
        printf("wrote %s/: brief.html brief.md effect.csv effect_timeseries.csv tornado.csv summary.csv%s\n", dir,
               drawn == n_charts ? " and the charts (effect, tornado, shares, prices)" : "");
        if (drawn == 0)
            printf("no charts were drawn (stderr says why): brief.html and brief.md have no figures\n");
        else if (drawn < n_charts)
            printf("%d of the %d charts were not drawn (stderr names them): brief.html and brief.md lack them\n",
                   n_charts - drawn, n_charts);
    }
done:
    if (status == 130 && rd_open)
        fprintf(stderr, "%s: interrupted; %s is as it was, no file of this brief is in it\n", prog, dir);
    if (rd_open)
        resdir_abort(&rd);
    if (have_res)
        run_results_free(&res);
    if (have_ref)
        run_results_free(&ref_res);
    free(sets);
    free(sc);
    free(ref);
    cli_common_free(&cc);
    return status;
}
