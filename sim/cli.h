/*
 * cli.h - what the commands of oss-sim share: the version, option values,
 * interrupt handling and the command line for the record.
 */
#ifndef OSS_CLI_H
#define OSS_CLI_H

#include <stdbool.h>
#include <stddef.h>

extern const char oss_version[]; /* "0.1.0 (commit)" */

/* A whole number from 1 to max for option opt; prints an error (headed by
 * prog, e.g. "oss-sim calibrate") and returns 2 when v is not one, else 0. */
int cli_positive(const char *prog, const char *opt, const char *v, long max, long *out);

/* A --seed value: writes "run.seed=N" into buf (for the override list);
 * prints an error and returns 2 when v is not a seed, else 0. */
int cli_seed(const char *prog, const char *v, char *buf, size_t n);

/* SIGINT and SIGTERM stop the run (run_stop) and remove a half-written file. */
void cli_catch_signals(void);

/* Do two paths name the same file? */
bool cli_same_file(const char *a, const char *b);

/* "oss-sim ARGS..." for the record. */
void cli_command_line(int argc, char **argv, const char *prefix, char *buf, size_t n);

/* The subcommands: oss-sim calibrate ... (argv[0] is "calibrate"). */
int calibrate_main(int argc, char **argv);
int compare_main(int argc, char **argv);

#endif
