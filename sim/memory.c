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

/* The memory this process may still take under the limits of its cgroup
 * and every cgroup above it: cgroup v2 (memory.max less memory.current) and
 * v1 (memory.limit_in_bytes less memory.usage_in_bytes), under the root
 * sysfs ("/sys/fs/cgroup"), the cgroups named by the file proc_cgroup
 * ("/proc/self/cgroup").  -1 when no limit is set or none is readable. */
double memory_cgroup_left(const char *proc_cgroup, const char *sysfs, const char **which)
{
    FILE *f = fopen(proc_cgroup, "r");
    char line[1024];
    double left = -1;
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        const char *ctl = c1 + 1, *path = c2 + 1;
        bool v2 = ctl[0] == '\0';
        bool v1 = false; /* "memory" among the controllers of a v1 hierarchy */
        for (const char *p = strstr(ctl, "memory"); p && !v1; p = strstr(p + 1, "memory"))
            v1 = (p == ctl || p[-1] == ',') && (p[6] == '\0' || p[6] == ',');
        if (!v1 && !v2)
            continue;
        /* v2 is at the root of sysfs, or under unified/ on a hybrid system */
        const char *const bases[] = {v1 ? "memory" : "", v1 ? NULL : "unified"};
        for (size_t b = 0; b < 2 && bases[b]; b++) {
            char dir[2048];
            snprintf(dir, sizeof dir, "%s%s%s%s", sysfs, bases[b][0] ? "/" : "", bases[b], strcmp(path, "/") ? path : "");
            for (;;) { /* this cgroup, then each one above it */
                char a[2100], u[2100];
                snprintf(a, sizeof a, "%s/%s", dir, v1 ? "memory.limit_in_bytes" : "memory.max");
                snprintf(u, sizeof u, "%s/%s", dir, v1 ? "memory.usage_in_bytes" : "memory.current");
                double max = file_number(a), cur = file_number(u);
                if (max > 0 && max < 4e18 && cur >= 0 && (left < 0 || max - cur < left)) {
                    left = max - cur;
                    if (which)
                        *which = v1 ? "the memory left in this cgroup (memory.limit_in_bytes)"
                                    : "the memory left in this cgroup (memory.max)";
                }
                char *sl = strrchr(dir, '/');
                if (!sl || (size_t)(sl - dir) < strlen(sysfs) + (bases[b][0] ? strlen(bases[b]) + 1 : 0))
                    break;
                *sl = '\0';
            }
        }
    }
    if (f)
        fclose(f);
    return left;
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
    const char *cg_what = "";
    double cg = memory_cgroup_left("/proc/self/cgroup", "/sys/fs/cgroup", &cg_what);
    if (cg >= 0 && (limit < 0 || cg < limit)) {
        limit = cg;
        what = cg_what;
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
