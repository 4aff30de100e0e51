/*
 * plot.c - runs the gnuplot scripts of plots/ on an output directory (see
 * plot.h): one gnuplot process per chart and format, writing a temporary
 * file that is renamed into place when gnuplot succeeds.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "resdir.h"
#include "run.h"

const char *const plot_formats[PLOT_N_FORMATS] = {"png", "pdf", "svg"};

/* Every chart: its script (plots/NAME.gp), the file it reads, and whether it
 * takes a metric ("NAME:METRIC"). */
static const struct chart {
    const char *name;
    const char *input;
    bool metric;
} charts[] = {
    {"shares", "timeseries.csv", false},
    {"prices", "timeseries.csv", false},
    {"cn_open", "timeseries.csv", false},
    {"effect", "effect_timeseries.csv", false},
    {"tornado", "tornado.csv", false},
    {"calibration", "calibration.csv", false},
    {"compare", "compare.csv", false},
    {"compare_value", "compare.csv", false},
    {"sweep", "sweep.csv", true},
    {"heatmap", "sweep.csv", true},
    {"sobol", "sobol.csv", true},
};
#define N_CHARTS (sizeof charts / sizeof *charts)

static bool is_readable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, R_OK) == 0;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the gnuplot scripts, or false. */
static bool find_scripts(char *out, size_t n)
{
    char probe[PATH_MAX + 32];
    const char *env = getenv("OSS_SIM_PLOTS");
    if (env && *env) {
        /* absolute: gnuplot runs inside the output directory */
        char abs[PATH_MAX];
        if (!realpath(env, abs))
            return false;
        snprintf(out, n, "%s", abs);
        snprintf(probe, sizeof probe, "%.3000s/style.gp", out);
        return is_dir(out) && is_readable(probe);
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return false;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    const char *tries[] = {"plots", "../plots", "../share/oss-sim/plots", "../../plots"};
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
        snprintf(out, n, "%.3000s/%s", exe, tries[i]);
        snprintf(probe, sizeof probe, "%.3000s/style.gp", out);
        if (access(probe, R_OK) == 0)
            return true;
    }
    return false;
}

/* Is there a gnuplot on PATH? */
static bool have_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        char probe[PATH_MAX];
        if (len == 0)
            snprintf(probe, sizeof probe, "gnuplot");
        else
            snprintf(probe, sizeof probe, "%.*s/gnuplot", (int)(len < 4000 ? len : 4000), path);
        if (access(probe, X_OK) == 0 && !is_dir(probe))
            return true;
        path += len;
        if (*path == ':')
            path++;
    }
    return false;
}

/* Seconds a chart may take before its gnuplot is stopped: gnuplot draws one
 * in well under a second, so only a gnuplot that hangs (a broken
 * installation, a wrapper waiting for input) reaches it; OSS_SIM_PLOT_TIMEOUT
 * sets another. */
static double plot_timeout(void)
{
    const char *t = getenv("OSS_SIM_PLOT_TIMEOUT");
    char *end;
    double s = t && *t ? strtod(t, &end) : 0;
    return t && *t && *end == '\0' && s > 0 ? s : 120;
}

/* gnuplot -c SCRIPT . OUTPUT [METRIC], run inside dir (so that no path the
 * scripts give their shell holds a quote, a space or a deleted current
 * directory: OUTPUT is a name in dir), under LC_ALL=C (so that the awk and
 * sed of the scripts, and gnuplot, write 0.5, never 0,5, and the charts are
 * the same bytes in every locale), reading /dev/null.  Returns its exit
 * status, 127 when it cannot be run, -1 when it died or was stopped
 * (run_stop: it is sent SIGTERM too, if the signal did not reach it), -2
 * when it did not finish within plot_timeout() seconds (then killed). */
static int run_gnuplot(const char *script, const char *dir, const char *out, const char *metric)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* its own process group, so that an interrupt stops gnuplot and the
         * awk and sed it runs too, before the temporary directory goes */
        setpgid(0, 0);
        int in = open("/dev/null", O_RDONLY);
        if (in > 0) {
            dup2(in, STDIN_FILENO);
            close(in);
        }
        if (chdir(dir) != 0)
            _exit(127);
        setenv("LC_ALL", "C", 1);
        execlp("gnuplot", "gnuplot", "-c", script, ".", out, metric, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    double limit = run_clock() + plot_timeout();
    long nap = 1000000; /* ns, doubling to 10 ms */
    int st;
    for (;;) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR)
            return -1;
        if (run_stop || run_clock() > limit) {
            if (kill(-pid, SIGKILL) != 0)
                kill(pid, SIGKILL);
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
                ;
            return run_stop ? -1 : -2;
        }
        struct timespec ts = {0, nap};
        nanosleep(&ts, NULL);
        nap = nap < 10000000 ? 2 * nap : nap;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const struct chart *find_chart(const char *name, size_t len)
{
    for (size_t i = 0; i < N_CHARTS; i++)
        if (strlen(charts[i].name) == len && strncmp(charts[i].name, name, len) == 0)
            return &charts[i];
    return NULL;
}

/* A metric name: letters, digits and underscores (it reaches a shell). */
static bool good_metric(const char *m)
{
    if (!*m || strlen(m) > 64)
        return false;
    for (; *m; m++)
        if (!((*m >= 'a' && *m <= 'z') || (*m >= '0' && *m <= '9') || *m == '_'))
            return false;
    return true;
}

char plot_failed[128];

int plot_render_charts(const char *dir, const char *shown, const char *const *names, int n, bool quiet)
{
    if (!shown)
        shown = dir;
    for (int i = 0; i < n; i++) {
        const char *colon = strchr(names[i], ':');
        const struct chart *c = find_chart(names[i], colon ? (size_t)(colon - names[i]) : strlen(names[i]));
        if (!c || (colon && (!c->metric || !good_metric(colon + 1)))) {
            fprintf(stderr, "oss-sim: no chart \"%s\"\n", names[i]);
            return -1;
        }
    }
    if (n == 0)
        return 0;
    char scripts[PATH_MAX];
    if (!find_scripts(scripts, sizeof scripts)) {
        if (!quiet)
            fprintf(stderr, "oss-sim: note: the chart scripts (plots/*.gp) were not found; no charts drawn "
                            "(set OSS_SIM_PLOTS to their folder)\n");
        return 0;
    }
    if (!have_gnuplot()) {
        if (!quiet)
            fprintf(stderr, "oss-sim: note: gnuplot not found, so no charts were drawn (install gnuplot-nox; "
                            "the CSV files are complete)\n");
        return 0;
    }
    int written = 0;
    bool write_failed = false;
    /* stops at the first chart file not written whole (a full disk): the
     * others would fail the same way, and that one is named */
    bool hung = false;
    for (int i = 0; i < n && !run_stop && !write_failed && !hung; i++) {
        const char *colon = strchr(names[i], ':');
        size_t len = colon ? (size_t)(colon - names[i]) : strlen(names[i]);
        const char *metric = colon ? colon + 1 : NULL;
        char base[160], script[PATH_MAX + 200], input[PATH_MAX + 100];
        snprintf(base, sizeof base, "%.*s%s%s", (int)len, names[i], metric ? "_" : "", metric ? metric : "");
        snprintf(script, sizeof script, "%.3000s/%.*s.gp", scripts, (int)len, names[i]);
        if (snprintf(input, sizeof input, "%s/%s", dir, find_chart(names[i], len)->input) >= (int)sizeof input)
            input[0] = '\0';
        if (!is_readable(script) || !is_readable(input)) {
            if (is_readable(script))
                fprintf(stderr, "oss-sim: chart %s not drawn: %.3000s/%s is missing\n", base, shown,
                        find_chart(names[i], len)->input);
            else
                fprintf(stderr, "oss-sim: chart %s not drawn: %s is missing\n", base, script);
            continue;
        }
        bool ok = true;
        for (int k = 0; k < PLOT_N_FORMATS && ok && !run_stop; k++) {
            char name[256], tmp[PATH_MAX + 300], final[PATH_MAX + 300];
            snprintf(name, sizeof name, ".%s.tmp.%ld.%s", base, (long)getpid(), plot_formats[k]);
            int lf = snprintf(final, sizeof final, "%s/%s.%s", dir, base, plot_formats[k]);
            int lt = snprintf(tmp, sizeof tmp, "%s/%s", dir, name);
            /* created here, new (O_EXCL, no symlink followed), for gnuplot to fill */
            int fd = lf < (int)sizeof final && lt < (int)sizeof tmp
                         ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)
                         : -1;
            if (fd < 0) {
                snprintf(plot_failed, sizeof plot_failed, "%.80s.%s", base, plot_formats[k]);
                write_failed = true;
                ok = false;
                break;
            }
            close(fd);
            output_track_tmp(tmp);
            int st = run_gnuplot(script, dir, name, metric);
            char why[OSS_ERR_LEN];
            /* gnuplot exits 0 on a full disk: the file itself must be complete */
            bool complete = st == 0 && !run_stop && resdir_check_file(tmp, why);
            if (complete && rename(tmp, final) == 0) {
                output_track_tmp(NULL);
                continue;
            }
            unlink(tmp);
            output_track_tmp(NULL);
            if (run_stop)
                break;
            ok = false;
            char redraw[PATH_MAX + 300] = "gnuplot -c"; /* pasted into a shell as it is */
            output_shell_word(redraw, sizeof redraw, script);
            output_shell_word(redraw, sizeof redraw, shown);
            if (metric) {
                output_shell_word(redraw, sizeof redraw, "-");
                output_shell_word(redraw, sizeof redraw, metric);
            }
            if (st == 0) {
                snprintf(plot_failed, sizeof plot_failed, "%.80s.%s", base, plot_formats[k]);
                write_failed = true;
            } else if (st == 127)
                fprintf(stderr, "oss-sim: chart %s failed: gnuplot could not be run\n", base);
            else if (st == -2) { /* a gnuplot that hangs hangs on every chart: no more waits */
                fprintf(stderr,
                        "oss-sim: chart %s not drawn, nor the charts after it: gnuplot did not finish in %g s and was "
                        "stopped; the CSV files are complete (to draw it: %s)\n",
                        base, plot_timeout(), redraw);
                hung = true;
            }
            else /* gnuplot's own message is above it */
                fprintf(stderr,
                        "oss-sim: chart %s not drawn: gnuplot failed; the CSV files are complete (to draw it: %s)\n",
                        base, redraw);
        }
        if (ok && !run_stop)
            written++;
    }
    return write_failed ? -1 : written;
}

int plot_render(const char *dir, const char *shown, bool quiet)
{
    const char *names[5] = {"shares", "prices", "cn_open"};
    int n = 3;
    char cal[PATH_MAX + 32], eff[PATH_MAX + 32];
    snprintf(eff, sizeof eff, "%.4000s/effect_timeseries.csv", dir);
    if (is_readable(eff))
        names[n++] = "effect";
    snprintf(cal, sizeof cal, "%.4000s/calibration.csv", dir);
    if (is_readable(cal))
        names[n++] = "calibration";
    return plot_render_charts(dir, shown, names, n, quiet);
}
