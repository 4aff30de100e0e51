/*
 * memory.h - the memory a run needs, estimated before anything is allocated.
 *
 * A run holds one world (its agents) per replication that runs at once:
 * min(threads, replications) when replications run in parallel, else one;
 * a scenario and its counterfactual run one after the other in the same
 * thread.  Add the monthly results of every replication.  memory_check()
 * compares the estimate with what the machine and the process may use
 * (MemAvailable in /proc/meminfo, the limits of its cgroup and those above
 * it, v2 memory.max or v1 memory.limit_in_bytes, and RLIMIT_AS), so a
 * run that cannot fit stops at once with a clear message instead of being
 * killed by the kernel part way through.
 */
#ifndef OSS_MEMORY_H
#define OSS_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

/* Bytes the run of sc (and cf, may be NULL) with threads threads needs. */
double memory_estimate(const struct scenario *sc, const struct scenario *cf, int threads);

/* False with a message in err (OSS_ERR_LEN) when the estimate exceeds
 * what is available: the estimate, the limit and how to lower it. */
bool memory_check(const struct scenario *sc, const struct scenario *cf, int threads, char *err);

/* The memory left under the cgroup limits of the process whose cgroups
 * the file proc_cgroup lists ("/proc/self/cgroup"), with the cgroup file
 * systems under sysfs ("/sys/fs/cgroup"): the least of limit less usage
 * over its cgroup and every one above it, v2 and v1; -1 when none is set.
 * *which (may be NULL) names the limit. */
double memory_cgroup_left(const char *proc_cgroup, const char *sysfs, const char **which);

#endif
