/*
 * memory.c - the memory a run needs, estimated first (see memory.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "memory.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "agent.h"
#include "metrics.h"
#include "run.h"

/* Bytes of one world: per agent its struct and its next-review month, with
 * a quarter more for the per-block books, generators and the allocator. */
static double world_bytes(const struct scenario *sc)
{
    return 1.25 * (double)sc->n_agents * (double)(sizeof(struct agent) + sizeof(uint16_t)) + (1 << 20);
}

/* Worlds alive at once: run_scenario's threads that take whole units
 * (replications of the scenario and of its counterfactual) each build one. */
static int worlds_at_once(const struct scenario *sc, const struct scenario *cf, int threads)
{
    int outer, inner;
    run_plan_threads(sc->n_agents, sc->replications * (cf ? 2 : 1), threads, &outer, &inner);
    return outer;
}

double memory_estimate(const struct scenario *sc, const struct scenario *cf, int threads)
{
    int R = sc->replications;
    int worlds = worlds_at_once(sc, cf, threads);
    double w = world_bytes(sc);
    if (cf && world_bytes(cf) > w)
        w = world_bytes(cf);
    double rows = (double)R * sc->months * (N_MONTH_METRICS * (cf ? 2 : 1) + (double)sc->n_families * N_FAMILY_METRICS);
    return worlds * w + 8 * rows + (16 << 20);
}

/* A "KEY: N kB" line of /proc/meminfo, in bytes, or -1. */
static double meminfo(const char *key)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    double v = -1;
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            double kb;
            if (sscanf(line + kl + 1, "%lf", &kb) == 1)
                v = kb * 1024;
            break;
        }
    if (f)
        fclose(f);
    return v;
}

/* A number in a one-line file, or -1 ("max" and unreadable files). */
static double file_number(const char *path)
{
    FILE *f = fopen(path, "r");
    double v = -1;
    if (f) {
        if (fscanf(f, "%lf", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

static void human(double b, char *buf, size_t n)
{
    if (b >= 1073741824.0)
        snprintf(buf, n, "%.1f GiB", b / 1073741824.0);
    else
        snprintf(buf, n, "%.0f MiB", ceil(b / 1048576.0));
}

bool memory_check(const struct scenario *sc, const struct scenario *cf, int threads, char *err)
{
    double need = memory_estimate(sc, cf, threads);
    double limit = -1;
    const char *what = "";
    double avail = meminfo("MemAvailable");
    if (avail > 0) {
        limit = avail;
        what = "available memory (MemAvailable)";
    }
    double cg_max = file_number("/sys/fs/cgroup/memory.max"), cg_cur = file_number("/sys/fs/cgroup/memory.current");
    if (cg_max > 0 && cg_cur >= 0 && (limit < 0 || cg_max - cg_cur < limit)) {
        limit = cg_max - cg_cur;
        what = "the memory left in this cgroup (memory.max)";
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        /* address space also holds the program, its libraries and thread stacks */
        double as = (double)rl.rlim_cur - 256.0 * 1048576 - threads * 16.0 * 1048576;
        if (limit < 0 || as < limit) {
            limit = as;
            what = "the address-space limit (ulimit -v)";
        }
    }
    if (limit < 0 || need <= limit)
        return true;
    char a[32], b[32];
    human(need, a, sizeof a);
    human(limit > 0 ? limit : 0, b, sizeof b);
    int worlds = worlds_at_once(sc, cf, threads);
    snprintf(err, OSS_ERR_LEN,
             "%.400s: the run needs about %s (%ld agents in each of %d world%s built at once, and the results) but "
             "%s is %s; lower agents.count (-s agents.count=N)%s",
             sc->path, a, sc->n_agents, worlds, worlds > 1 ? "s" : "", what, b,
             worlds > 1 ? ", or the threads (-j 1 builds one world at a time)" : "");
    return false;
}
