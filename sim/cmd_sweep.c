/*
 * cmd_sweep.c - oss-sim sweep (designs of scenario variants, Sobol
 * analysis) and oss-sim merge (shards of a sweep into one); see sweep.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef OSS_MPI
#include <mpi.h>
#endif

#include "cli.h"
#include "metrics.h"
#include "resdir.h"
#include "output.h"
#include "plot.h"
#include "sweep.h"

static const char sweep_usage[] =
    "Usage: oss-sim sweep [OPTIONS] SCENARIO.cfg --param KEY=LO:HI:N [--param ...]\n"
    "\n"
    "Runs the scenario at every point of a design over scenario keys, each\n"
    "point with the same replications of the same seed (common random numbers,\n"
    "so points differ only by their parameters), and streams one row per point\n"
    "to sweep.csv: point, the parameter values, then each headline metric's\n"
    "mean, sd and 95% CI bounds, and n.  The rows appear in sweep.csv.partial\n"
    "as points finish; the file is renamed sweep.csv when the last is done.\n"
    "Run the same command again after an interruption to resume: finished\n"
    "points are kept, and the final file is the one an uninterrupted run gives.\n"
    "\n"
    "Designs:\n"
    "  --param KEY=LO:HI:N     a swept key; the grid design takes every\n"
    "                          combination of N values from LO to HI per key\n"
    "                          (the first key varies slowest)\n"
    "  --design grid|sobol|lhs grid (default), a Sobol sequence or a Latin\n"
    "                          hypercube of --samples points (KEY=LO:HI)\n"
    "      --samples N         points of a sobol or lhs design; base samples\n"
    "                          of the Saltelli design (--analyse sobol)\n"
    "      --design-file FILE  one point per line (numbers separated by spaces,\n"
    "                          tabs or commas, as SALib's sample command writes\n"
    "                          them), columns in the order of --param KEY\n"
    "      --analyse sobol     first-order and total Sobol indices with 95%\n"
    "                          bootstrap intervals, from a Saltelli design of\n"
    "                          --samples N base points (N (k + 2) runs), into\n"
    "                          sobol.csv\n"
    "      --metric M          a headline metric for --analyse (repeatable;\n"
    "                          default: every headline)\n"
    "      --bootstrap B       bootstrap resamples for the intervals (default 1000)\n"
    "\n"
    "Runs:\n"
    "  -r, --runs R            replications per point (default: run.replications)\n"
    "  -s, --set KEY=VALUE     override a setting at every point (repeatable)\n"
    "      --seed N            base seed (default: run.seed)\n"
    "      --no-counterfactual no world without open-weight models (no cf_ metrics;\n"
    "                          twice as fast; the old name --no-baseline works too)\n"
    "      --ensemble K        at every point, K posterior draws of the calibrated\n"
    "                          parameters x R replications (the same draws and seeds\n"
    "                          at every point); appends M_pi90_lo,M_pi90_hi for each\n"
    "                          headline M, then draws\n"
    "      --plot, --no-plot   draw the charts after the sweep (default: on): sweep\n"
    "                          (one parameter), heatmap (two, grid), sobol\n"
    "      --shard I/N         run only the I-th of N slices of the points\n"
    "                          (join the slices with oss-sim merge)\n"
    "  -j, --threads N         threads (default: all cores); results do not depend on it\n"
    "  -o, --out DIR           output directory (default: out/sweep-<scenario>)\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -h, --help              show this help\n"
    "\n"
    "Files written: sweep.csv, manifest.txt, sobol.csv with --analyse sobol, and\n"
    "the charts as .png, .pdf and .svg (gnuplot -c plots/sweep.gp DIR - METRIC\n"
    "draws another metric).\n"
    "Exit status: 0 ok, 1 run failed (a file not written whole is named),\n"
    "2 bad input, 130 interrupted (resume later).  A chart that gnuplot fails to\n"
    "draw is named on stderr with the command that draws it and leaves the\n"
    "status 0 (sweep.csv is complete).\n";

static const char merge_usage[] =
    "Usage: oss-sim merge -o DIR [--force] SHARD_DIR ...\n"
    "\n"
    "Joins the sweep.csv of every shard of a sweep (oss-sim sweep --shard I/N,\n"
    "one output directory each) into DIR/sweep.csv, the same file one unsharded\n"
    "run writes, and DIR/manifest.txt.  All N shards must be given, in any\n"
    "order.  To compute Sobol indices of a merged Saltelli sweep, run the same\n"
    "sweep command with -o DIR and without --shard: it finds the sweep complete\n"
    "and only analyses it.  A previous result in DIR is kept as DIR.1 (DIR.2,\n"
    "...); --force replaces it.\n"
    "\n"
    "Exit status: 0 ok, 1 failed, 2 bad input.\n";

/* KEY=LO:HI[:N] or KEY */
static bool parse_param(const char *s, struct sweep_param *p, bool *has_range, bool *has_n)
{
    const char *eq = strchr(s, '=');
    size_t kl = eq ? (size_t)(eq - s) : strlen(s);
    if (kl == 0 || kl >= sizeof p->key)
        return false;
    memcpy(p->key, s, kl);
    p->key[kl] = '\0';
    *has_range = *has_n = false;
    p->n = 0;
    if (!eq)
        return true;
    char *end;
    errno = 0;
    p->lo = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != ':')
        return false;
    const char *h = end + 1;
    p->hi = strtod(h, &end);
    if (end == h || errno || !isfinite(p->lo) || !isfinite(p->hi))
        return false;
    *has_range = true;
    if (*end == '\0')
        return true;
    if (*end != ':')
        return false;
    const char *nn = end + 1;
    long n = strtol(nn, &end, 10);
    if (end == nn || *end || n < 1 || n > 1000000)
        return false;
    p->n = (int)n;
    *has_n = true;
    return true;
}

static void mpi_setup(int *argc, char ***argv, int *rank, int *size)
{
    *rank = 0;
    *size = 1;
#ifdef OSS_MPI
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
#else
    (void)argc;
    (void)argv;
#endif
}

static int mpi_done(int status)
{
#ifdef OSS_MPI
    MPI_Finalize();
#endif
    return status;
}

int sweep_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"param", required_argument, NULL, 'p'},
        {"design", required_argument, NULL, 2},
        {"samples", required_argument, NULL, 3},
        {"design-file", required_argument, NULL, 4},
        {"analyse", required_argument, NULL, 5},
        {"analyze", required_argument, NULL, 5},
        {"metric", required_argument, NULL, 6},
        {"bootstrap", required_argument, NULL, 7},
        {"shard", required_argument, NULL, 8},
        {"no-baseline", no_argument, NULL, 9},
        {"no-counterfactual", no_argument, NULL, 9},
        {"plot", no_argument, NULL, 10},
        {"no-plot", no_argument, NULL, 11},
        {"ensemble", required_argument, NULL, 12},
        {"out", required_argument, NULL, 'o'},
        CLI_RUNS_LONGOPT,
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const char *prog = "oss-sim sweep";
    struct cli_common cc;
    struct sweep_options o;
    memset(&o, 0, sizeof o);
    o.lock_fd = -1;
    o.shard = o.n_shards = 1;
    const char *design = NULL, *design_file = NULL, *out_dir = NULL;
    const char **metrics = calloc((size_t)argc + N_HEADLINES + 1, sizeof *metrics);
    int n_metrics = 0, opt, status = 0, rank, size;
    long samples = 0, n_boot = 1000;
    bool analyse = false, any_range = false, any_n = false, all_range = true, all_n = true, plot = true;
    mpi_setup(&argc, &argv, &rank, &size);
    if (!metrics || !cli_common_init(&cc, prog, argc)) {
        free(metrics);
        return mpi_done(1);
    }
    if (rank != 0)
        cc.quiet = true;

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":p:o:s:r:j:qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'p': {
            bool r, n;
            if (o.design.k >= OSS_MAX_SWEEP_PARAMS) {
                fprintf(stderr, "%s: at most %d --param\n", prog, OSS_MAX_SWEEP_PARAMS);
                status = 2;
                goto done;
            }
            if (!parse_param(optarg, &o.design.p[o.design.k], &r, &n)) {
                fprintf(stderr, "%s: --param: expected KEY=LO:HI:N, KEY=LO:HI or KEY, got \"%s\"\n", prog, optarg);
                status = 2;
                goto done;
            }
            for (int i = 0; i < o.design.k; i++)
                if (strcmp(o.design.p[i].key, o.design.p[o.design.k].key) == 0) {
                    /* the later would override the earlier at every point */
                    fprintf(stderr, "%s: --param: %s is given twice (a swept key takes one range)\n", prog,
                            o.design.p[i].key);
                    status = 2;
                    goto done;
                }
            o.design.k++;
            any_range |= r;
            any_n |= n;
            all_range &= r;
            all_n &= n;
            break;
        }
        case 2:
            design = optarg;
            break;
        case 3:
            if ((status = cli_positive(prog, "--samples", optarg, 100000000, &samples)))
                goto done;
            break;
        case 4:
            design_file = optarg;
            break;
        case 5:
            if (strcmp(optarg, "sobol") != 0) {
                fprintf(stderr, "%s: --analyse: only \"sobol\" is known, got \"%s\"\n", prog, optarg);
                status = 2;
                goto done;
            }
            analyse = true;
            break;
        case 6: {
            bool known = false;
            for (int h = 0; h < N_HEADLINES; h++)
                known |= strcmp(optarg, headline_names[h]) == 0;
            if (!known) {
                fprintf(stderr, "%s: --metric: \"%s\" is not a summary.csv metric\n", prog, optarg);
                status = 2;
                goto done;
            }
            metrics[n_metrics++] = optarg;
            break;
        }
        case 7:
            if ((status = cli_positive(prog, "--bootstrap", optarg, 1000000, &n_boot)))
                goto done;
            break;
        case 8: {
            int i, n, used = 0;
            if (sscanf(optarg, "%d/%d%n", &i, &n, &used) != 2 || optarg[used] || n < 1 || i < 1 || i > n) {
                fprintf(stderr, "%s: --shard: expected I/N with 1 <= I <= N, got \"%s\"\n", prog, optarg);
                status = 2;
                goto done;
            }
            o.shard = i;
            o.n_shards = n;
            break;
        }
        case 9:
            o.no_cf = true;
            break;
        case 10:
            plot = true;
            break;
        case 11:
            plot = false;
            break;
        case 12: {
            long k;
            if ((status = cli_positive(prog, "--ensemble", optarg, 10000, &k)))
                goto done;
            o.draws = (int)k;
            break;
        }
        case 'o':
            out_dir = optarg;
            break;
        case 'h':
            if (rank == 0)
                fputs(sweep_usage, stdout);
            goto done;
        default:
            if ((status = cli_common_option(&cc, opt, optarg, argv)))
                goto done;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "%s: %s\nUsage: oss-sim sweep [OPTIONS] SCENARIO.cfg --param KEY=LO:HI:N ...\n", prog,
                optind >= argc ? "no scenario file given" : "give exactly one scenario file");
        status = 2;
        goto done;
    }
    if (o.design.k == 0) {
        fprintf(stderr, "%s: no --param given\n", prog);
        status = 2;
        goto done;
    }
    /* the design */
    const char *why = NULL;
    if (design_file) {
        o.design.kind = DESIGN_FILE;
        snprintf(o.design.file, sizeof o.design.file, "%s", design_file);
        if (design || analyse || samples)
            why = "--design-file does not go with --design, --analyse or --samples";
    } else if (analyse) {
        o.design.kind = DESIGN_SALTELLI;
        if (design && strcmp(design, "sobol") != 0)
            why = "--analyse sobol runs its own (Saltelli) design";
        else if (!samples)
            why = "--analyse sobol needs --samples N (base samples; N (k + 2) runs)";
        else if (!all_range)
            why = "--analyse sobol needs KEY=LO:HI for every --param";
    } else if (!design || strcmp(design, "grid") == 0) {
        o.design.kind = DESIGN_GRID;
        if (!all_n)
            why = "the grid design needs KEY=LO:HI:N for every --param";
        else if (samples)
            why = "--samples is for --design sobol or lhs";
    } else if (strcmp(design, "sobol") == 0 || strcmp(design, "lhs") == 0) {
        o.design.kind = design[0] == 's' ? DESIGN_SOBOL : DESIGN_LHS;
        if (!samples)
            why = "--design sobol and lhs need --samples N";
        else if (!all_range || any_n)
            why = "--design sobol and lhs take KEY=LO:HI for every --param";
    } else {
        fprintf(stderr, "%s: --design: expected grid, sobol or lhs, got \"%s\"\n", prog, design);
        status = 2;
        goto done;
    }
    if (!why && o.design.kind == DESIGN_FILE && any_range)
        why = "with --design-file give --param KEY only (the file holds the values)";
    if (!why && n_metrics && !analyse)
        why = "--metric is for --analyse sobol";
    if (why) {
        fprintf(stderr, "%s: %s\n", prog, why);
        status = 2;
        goto done;
    }
    o.design.samples = samples;
    bool metrics_default = n_metrics == 0;
    if (!n_metrics)
        for (int h = 0; h < N_HEADLINES; h++)
            metrics[n_metrics++] = headline_names[h];

    const char *path = argv[optind];
    char dir[OSS_PATH_LEN], err[OSS_ERR_LEN], command[4096];
    if (out_dir)
        snprintf(dir, sizeof dir, "%s", out_dir);
    else {
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        snprintf(dir, sizeof dir, "out/sweep-%.*s", (int)strcspn(base, "."), base);
    }
    if (rank == 0 && !resdir_check_path(dir, err)) { /* made by sweep_run once every point loads */
        fprintf(stderr, "%s: %s\n", prog, err);
        status = 2;
        goto done;
    }
    cli_command_line(argc, argv, "oss-sim sweep", command, sizeof command);
    o.path = path;
    o.ov = &cc.ov;
    o.threads = (int)cc.threads;
    if (size > 1 && o.threads > 1) /* ranks share the machine's cores */
        o.threads = o.threads / size > 0 ? (int)(o.threads / size) : 1;
    o.dir = dir;
    o.quiet = cc.quiet;
    o.progress = !cc.quiet && rank == 0 && isatty(STDERR_FILENO);
    o.command = command;
    o.mpi_rank = rank;
    o.mpi_size = size;
    cli_catch_signals();
    int st = sweep_run(&o, err);
    if (st != 0) {
        if (st == 1)
            fprintf(stderr, "%s: interrupted; run the same command again to resume\n", prog);
        else
            fprintf(stderr, "%s: %s\n", prog, err);
        status = st == 1 ? 130 : st == 2 ? 2 : 1;
        goto done;
    }
    if (analyse && rank == 0 && o.n_shards > 1) {
        if (!cc.quiet)
            fprintf(stderr, "%s: note: shard %d/%d done; merge the shards, then rerun without --shard to analyse\n",
                    prog, o.shard, o.n_shards);
    } else if (analyse && rank == 0) {
        o.design.n_points = o.design.samples * (o.design.k + 2);
        st = sweep_sobol(dir, &o.design, metrics, n_metrics, !metrics_default, (int)n_boot, o.design.seed, err);
        if (st != 0) {
            fprintf(stderr, "%s: %s\n", prog, err);
            status = st == 2 ? 2 : 1;
            goto done;
        }
    }
    int drawn = 0;
    if (rank == 0 && plot && o.n_shards == 1) {
        /* one parameter: the curve; two on a grid: the heat map; Sobol: the indices */
        const char *charts[2];
        int nc = 0;
        if (o.design.k == 1)
            charts[nc++] = "sweep";
        else if (o.design.k == 2 && o.design.kind == DESIGN_GRID)
            charts[nc++] = "heatmap";
        char sobol_chart[OSS_KEY_LEN + 8];
        if (analyse) { /* the first metric analysed */
            snprintf(sobol_chart, sizeof sobol_chart, "sobol:%s", metrics[0]);
            for (int m = 0; m < n_metrics; m++)
                if (strcmp(metrics[m], "cn_token_share_mean") == 0)
                    snprintf(sobol_chart, sizeof sobol_chart, "sobol");
            charts[nc++] = sobol_chart;
        }
        drawn = nc ? plot_render_charts(dir, NULL, charts, nc, cc.quiet) : 0;
        if (drawn < 0 && !run_stop) {
            fprintf(stderr, "%s: %s/%s: not written whole (is the disk full?)\n", prog, dir, plot_failed);
            status = 1;
        }
    }
    if (run_stop) { /* while analysing or drawing: sweep.csv is whole; what is missing comes on a rerun */
        fprintf(stderr, "%s: interrupted; %s/sweep.csv is complete: run the same command again for the %s\n", prog,
                dir, analyse ? "analysis and charts" : "charts");
        status = 130;
        goto done;
    }
    if (rank == 0 && !cc.quiet)
        printf("wrote %s/: sweep.csv manifest.txt%s%s\n", dir, analyse && o.n_shards == 1 ? " sobol.csv" : "",
               drawn > 0 ? " and charts (.png, .pdf, .svg)" : "");
done:
    resdir_unlock(o.lock_fd, o.lock);
    free(metrics);
    cli_common_free(&cc);
    return mpi_done(status);
}

int merge_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *prog = "oss-sim merge", *dir = NULL;
    bool force = false;
    int opt;
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            dir = optarg;
            break;
        case 'f':
            force = true;
            break;
        case 'h':
            fputs(merge_usage, stdout);
            return 0;
        case ':':
            fprintf(stderr, "%s: option %s needs a value (see %s --help)\n", prog, argv[optind - 1], prog);
            return 2;
        default:
            fprintf(stderr, "%s: unknown option %s (see %s --help)\n", prog, argv[optind - 1], prog);
            return 2;
        }
    }
    if (!dir || optind >= argc) {
        fprintf(stderr, "%s: %s\nUsage: oss-sim merge -o DIR [--force] SHARD_DIR ...\n", prog,
                !dir ? "no output directory (-o DIR)" : "no shard directories given");
        return 2;
    }
    char err[OSS_ERR_LEN], command[4096];
    if (!resdir_check_path(dir, err)) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return 2;
    }
    cli_command_line(argc, argv, "oss-sim merge", command, sizeof command);
    cli_catch_signals();
    int st = sweep_merge(dir, (const char *const *)argv + optind, argc - optind, force, command, err);
    if (st != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return st == 1 ? 130 : st == 2 ? 2 : 1;
    }
    printf("wrote %s/: sweep.csv manifest.txt (%d shards)\n", dir, argc - optind);
    return 0;
}
