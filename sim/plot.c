/*
 * plot.c - runs the gnuplot scripts of plots/ on a run's output directory.
 */
#define _POSIX_C_SOURCE 200809L
#include "plot.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h"

static const char *const charts[] = {"shares", "prices"};

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the gnuplot scripts, or false. */
static bool find_scripts(char *out, size_t n)
{
    const char *env = getenv("OSS_SIM_PLOTS");
    if (env && *env) {
        snprintf(out, n, "%s", env);
        return is_dir(out);
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
        char probe[PATH_MAX + 32];
        snprintf(probe, sizeof probe, "%.3000s/style.gp", out);
        if (access(probe, R_OK) == 0)
            return true;
    }
    return false;
}

/* gnuplot -c SCRIPT DIR OUTPUT; returns its exit status, 127 when missing. */
static int run_gnuplot(const char *script, const char *dir, const char *out)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp("gnuplot", "gnuplot", "-c", script, dir, out, (char *)NULL);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int plot_render(const char *dir, bool quiet)
{
    char scripts[PATH_MAX];
    if (!find_scripts(scripts, sizeof scripts)) {
        if (!quiet)
            fprintf(stderr, "oss-sim: note: plot scripts not found (set OSS_SIM_PLOTS); no charts drawn\n");
        return 0;
    }
    int written = 0;
    for (size_t i = 0; i < sizeof charts / sizeof *charts; i++) {
        char script[PATH_MAX + 64], tmp[PATH_MAX + 64], final[PATH_MAX + 64];
        snprintf(script, sizeof script, "%.3000s/%s.gp", scripts, charts[i]);
        snprintf(final, sizeof final, "%.3000s/%s.png", dir, charts[i]);
        snprintf(tmp, sizeof tmp, "%.3000s/.%s.png.tmp.%ld", dir, charts[i], (long)getpid());
        output_track_tmp(tmp);
        int st = run_gnuplot(script, dir, tmp);
        output_track_tmp(NULL);
        if (st == 127) {
            unlink(tmp);
            if (!quiet)
                fprintf(stderr, "oss-sim: note: gnuplot not found; no charts drawn (install gnuplot-nox)\n");
            return written;
        }
        if (st != 0 || rename(tmp, final) != 0) {
            unlink(tmp);
            fprintf(stderr, "oss-sim: chart %s failed (gnuplot -c %s %s)\n", charts[i], script, dir);
            continue;
        }
        written++;
    }
    return written;
}
