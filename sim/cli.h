/*
 * cli.h - what the commands of oss-sim share: the version, option values,
 * interrupt handling and the command line for the record.
 */
#ifndef OSS_CLI_H
#define OSS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

extern const char oss_version[]; /* "0.1.0 (commit)" */

/* A whole number from 1 to max for option opt; prints an error (headed by
 * prog, e.g. "oss-sim calibrate") and returns 2 when v is not one, else 0. */
int cli_positive(const char *prog, const char *opt, const char *v, long max, long *out);

/* A --seed value: writes "run.seed=N" into buf (for the override list);
 * prints an error and returns 2 when v is not a seed, else 0. */
int cli_seed(const char *prog, const char *v, char *buf, size_t n);

/* The options the commands share: -s KEY=VALUE, -r N, --seed N (long
 * option code CLI_OPT_SEED), -j N, -q, and getopt's ':' and '?' cases. */
#define CLI_OPT_SEED 256
/* Their long forms, for a command's struct option table (with --runs where
 * the command takes it). */
#define CLI_COMMON_LONGOPTS                                                                        \
    {"set", required_argument, NULL, 's'}, {"seed", required_argument, NULL, CLI_OPT_SEED},      \
        {"threads", required_argument, NULL, 'j'}, {"quiet", no_argument, NULL, 'q'},             \
        {"help", no_argument, NULL, 'h'}
#define CLI_RUNS_LONGOPT {"runs", required_argument, NULL, 'r'}
struct cli_common {
    const char *prog;          /* "oss-sim", "oss-sim compare", ... for messages */
    struct override_list ov;   /* -s, with -r and --seed as run.replications= and run.seed= */
    long threads;              /* -j, default all cores */
    bool quiet;                /* -q */
    char runs_buf[64], seed_buf[64];
};

/* false when out of memory */
bool cli_common_init(struct cli_common *c, const char *prog, int argc);
void cli_common_free(struct cli_common *c);

/* Takes opt if it is a shared one: 0 taken, 2 bad value or unknown or
 * incomplete option (message printed), -1 not a shared option. */
int cli_common_option(struct cli_common *c, int opt, const char *arg, char **argv);

/* SIGINT, SIGTERM, SIGHUP and SIGPIPE stop the run (run_stop) and remove a
 * half-written file.  Each command calls it before it loads anything. */
void cli_catch_signals(void);

/* Holds off the signals cli_catch_signals catches (hold), or lets them in
 * again: for a few files that go together (a fit's fragment and its
 * posterior.csv), written whole once begun. */
void cli_hold_signals(bool hold);

/* After loading: true, having said "PROG: interrupted; nothing written",
 * when a signal came (the command then exits 130). */
bool cli_interrupted(const char *prog);

/* Gives a closed descriptor 0, 1 or 2 /dev/null, opened so that using it
 * fails (see cli_finish); called first thing by main. */
void cli_std_fds(void);

/* The exit status of a command that returns status, once its standard
 * output is flushed: a write error on it (a full disk, a closed stdout) is
 * named on stderr and makes a status of 0 into 1; a broken pipe (a reader
 * such as `head` that stopped reading) is no error message, and 141. */
int cli_finish(const char *prog, int status);

/* Do two paths name the same file? */
bool cli_same_file(const char *a, const char *b);

/* The overrides for sc's counterfactual or reference: sc's own file
 * overrides of the run's shape (sc->shape_ov) then ov (the -s ones win), so
 * that a user's file that shortens the horizon keeps them paired.  out->items
 * is allocated (free it); false when out of memory. */
bool cli_paired_overrides(const struct scenario *sc, const struct override_list *ov, struct override_list *out);

/* Those of sc's reference: cli_paired_overrides without the policy.* ones. */
bool cli_reference_overrides(const struct scenario *sc, const struct override_list *ov, struct override_list *out);

/* Loads the reference of sc (the world without its policy) from path, with
 * the overrides but those of policy.* settings (which would give the
 * reference the policy), and checks it pairs with sc.  Prints the error
 * (headed by prog) and returns NULL on failure; the caller frees it. */
struct scenario *cli_load_reference(const struct scenario *sc, const char *path, const struct override_list *ov,
                                    const char *prog);

/* The scenario's notes (sc->note, one a line) on stderr, each headed
 * "PROG: note: ", unless quiet. */
void cli_print_notes(const char *prog, const struct scenario *sc, bool quiet);

/* "oss-sim ARGS..." for the record. */
void cli_command_line(int argc, char **argv, const char *prefix, char *buf, size_t n);

/* The subcommands: oss-sim calibrate ... (argv[0] is "calibrate"). */
int calibrate_main(int argc, char **argv);
int compare_main(int argc, char **argv);
int sweep_main(int argc, char **argv);
int merge_main(int argc, char **argv);
int show_main(int argc, char **argv);
int brief_main(int argc, char **argv);
int diff_main(int argc, char **argv);

#endif
