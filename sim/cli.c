/*
 * cli.c - what the commands of oss-sim share (see cli.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "run.h"

#ifndef OSS_SIM_VERSION
#define OSS_SIM_VERSION "0.1.0"
#endif

const char oss_version[] = OSS_SIM_VERSION;

int cli_positive(const char *prog, const char *opt, const char *v, long max, long *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (!*v || *end || x < 1 || x > max) {
        fprintf(stderr, "%s: %s: expected a whole number from 1 to %ld, got \"%s\"\n", prog, opt, max, v);
        return 2;
    }
    *out = x;
    return 0;
}

int cli_seed(const char *prog, const char *v, char *buf, size_t n)
{
    char *end;
    unsigned long long s = strtoull(v, &end, 10);
    if (!*v || *end || v[0] == '-' || s > 9223372036854775807ULL) {
        fprintf(stderr, "%s: --seed: expected a whole number from 0 to 2^63-1, got \"%s\"\n", prog, v);
        return 2;
    }
    snprintf(buf, n, "run.seed=%llu", s);
    return 0;
}

bool cli_common_init(struct cli_common *c, const char *prog, int argc)
{
    memset(c, 0, sizeof *c);
    c->prog = prog;
    c->ov.items = calloc((size_t)argc + 2, sizeof *c->ov.items);
    c->threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (c->threads < 1)
        c->threads = 1;
    return c->ov.items != NULL;
}

void cli_common_free(struct cli_common *c)
{
    free(c->ov.items);
    c->ov.items = NULL;
}

int cli_common_option(struct cli_common *c, int opt, const char *arg, char **argv)
{
    long num;
    switch (opt) {
    case 's':
        c->ov.items[c->ov.n++] = arg;
        return 0;
    case 'r':
        if (cli_positive(c->prog, "--runs", arg, 100000, &num))
            return 2;
        snprintf(c->runs_buf, sizeof c->runs_buf, "run.replications=%ld", num);
        c->ov.items[c->ov.n++] = c->runs_buf;
        return 0;
    case CLI_OPT_SEED:
        if (cli_seed(c->prog, arg, c->seed_buf, sizeof c->seed_buf))
            return 2;
        c->ov.items[c->ov.n++] = c->seed_buf;
        return 0;
    case 'j':
        return cli_positive(c->prog, "--threads", arg, 1024, &c->threads);
    case 'q':
        c->quiet = true;
        return 0;
    case ':':
        fprintf(stderr, "%s: option %s needs a value (see %s --help)\n", c->prog, argv[optind - 1], c->prog);
        return 2;
    case '?':
        fprintf(stderr, "%s: unknown option %s (see %s --help)\n", c->prog, argv[optind - 1], c->prog);
        return 2;
    default:
        return -1;
    }
}

static void on_signal(int sig)
{
    (void)sig;
    output_abort_current();
    run_stop = 1;
}

void cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    /* SIGHUP: the terminal closed; SIGPIPE: whoever read our stderr (or
     * stdout) went away.  Each would kill the process with a temporary
     * directory and a lock left behind: they stop it as Ctrl-C does. */
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaction(sigs[i], &sa, NULL);
}

void cli_hold_signals(bool hold)
{
    static sigset_t old;
    sigset_t set;
    sigemptyset(&set);
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaddset(&set, sigs[i]);
    if (hold)
        sigprocmask(SIG_BLOCK, &set, &old);
    else
        sigprocmask(SIG_SETMASK, &old, NULL);
}

bool cli_interrupted(const char *prog)
{
    if (run_stop)
        fprintf(stderr, "%s: interrupted; nothing written\n", prog);
    return run_stop != 0;
}

void cli_std_fds(void)
{
    /* a descriptor 0, 1 or 2 that is not open would be taken by the first
     * file opened (a lock, a CSV file), and the summary or a message would
     * be written into it: each gets /dev/null, opened so that using it fails
     * (stdout and stderr read-only), so that a summary nobody can read is an
     * error at the end, not a silent loss */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int n = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
}

int cli_finish(const char *prog, int status)
{
    /* the summary, a table or a CSV row on stdout: a full disk (>/dev/full),
     * a closed stdout or a broken pipe must not end in exit 0 */
    errno = 0;
    bool failed = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    if (!failed)
        return status;
    if (!e && write(STDOUT_FILENO, "", 0) < 0) /* the error came while printing, its errno since lost */
        e = errno;
    if (e == EPIPE) /* the reader took what it wanted (| head): no message, as SIGPIPE would end us */
        return status ? status : 128 + SIGPIPE;
    fprintf(stderr, "%s: cannot write to standard output: %s\n", prog, e ? strerror(e) : "write error");
    return status ? status : 1;
}

bool cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool cli_paired_overrides(const struct scenario *sc, const struct override_list *ov, struct override_list *out)
{
    *out = *ov;
    out->n = 0;
    out->items = calloc((size_t)ov->n + OSS_MAX_SHAPE_OV + 1, sizeof *out->items);
    if (!out->items)
        return false;
    for (int i = 0; i < sc->n_shape_ov; i++)
        out->items[out->n++] = sc->shape_ov[i];
    for (int i = 0; i < ov->n; i++)
        out->items[out->n++] = ov->items[i];
    return true;
}

bool cli_reference_overrides(const struct scenario *sc, const struct override_list *ov, struct override_list *out)
{
    if (!cli_paired_overrides(sc, ov, out))
        return false;
    int n = 0; /* all but the policy.* ones */
    for (int i = 0; i < out->n; i++) {
        const char *k = out->items[i] + strspn(out->items[i], " \t");
        if (strncmp(k, "policy.", 7) != 0)
            out->items[n++] = out->items[i];
    }
    out->n = n;
    return true;
}

struct scenario *cli_load_reference(const struct scenario *sc, const char *path, const struct override_list *ov,
                                    const char *prog)
{
    struct scenario *ref = calloc(1, sizeof *ref);
    struct override_list rov;
    char err[OSS_ERR_LEN];
    if (!ref || !cli_reference_overrides(sc, ov, &rov)) {
        fprintf(stderr, "%s: out of memory\n", prog);
        free(ref);
        return NULL;
    }
    bool ok = scenario_load(ref, path, &rov, err);
    free(rov.items);
    if (!ok) {
        fprintf(stderr, "%s: reference: %s\n", prog, err);
        free(ref);
        return NULL;
    }
    if (!scenario_pairable(sc, ref)) {
        fprintf(stderr,
                "%s: reference %s: its horizon, agents.count, run.seed and run.replications must equal the "
                "scenario's for a paired comparison\n",
                prog, ref->path);
        free(ref);
        return NULL;
    }
    return ref;
}

void cli_print_notes(const char *prog, const struct scenario *sc, bool quiet)
{
    for (const char *l = sc->note; *l && !quiet; l += strcspn(l, "\n"), l += *l == '\n')
        fprintf(stderr, "%s: note: %.*s\n", prog, (int)strcspn(l, "\n"), l);
}

void cli_command_line(int argc, char **argv, const char *prefix, char *buf, size_t n)
{
    /* the whole line first: one longer than buf is cut saying so, never
     * silently (a quoted word takes at most 4 bytes a character, and 3 more) */
    size_t need = strlen(prefix) + 1;
    for (int i = 1; i < argc; i++)
        need += 4 * strlen(argv[i]) + 3;
    char *all = malloc(need);
    static const char cut[] = " ... (cut: the command is longer than this record)";
    if (!all || n <= sizeof cut) {
        snprintf(buf, n, "%s%s", prefix, cut);
        free(all);
        return;
    }
    snprintf(all, need, "%s", prefix);
    for (int i = 1; i < argc; i++)
        output_shell_word(all, need, argv[i]);
    if (strlen(all) >= n)
        memcpy(all + n - sizeof cut, cut, sizeof cut);
    snprintf(buf, n, "%s", all);
    free(all);
}
