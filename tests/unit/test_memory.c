/*
 * test_memory.c - the memory left under cgroup limits (sim/memory.c), read
 * from a made-up /proc/self/cgroup and cgroup file systems in a temporary
 * directory: v2 at the root or under unified/, v1's memory hierarchy, a
 * limit on a cgroup above the process's, and no limit at all.
 */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memory.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) { /* its directories */
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static double left(const char **which)
{
    char proc[128], sys[128];
    snprintf(proc, sizeof proc, "%s/proc_cgroup", root);
    snprintf(sys, sizeof sys, "%s/sys", root);
    return memory_cgroup_left(proc, sys, which);
}

static void test_cgroups(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/oss-sim-memory.XXXXXX");
    assert_non_null(mkdtemp(root));
    const char *which = NULL;

    /* no cgroup file: no limit */
    assert_true(left(&which) < 0);

    /* v2 inside a container (cgroup namespace): the root's files */
    put("proc_cgroup", "0::/\n");
    put("sys/memory.max", "max\n");
    put("sys/memory.current", "1000\n");
    assert_true(left(&which) < 0); /* "max": no limit */
    put("sys/memory.max", "4294967296\n");
    assert_true(left(&which) == 4294967296.0 - 1000);
    assert_non_null(strstr(which, "memory.max"));

    /* v2, the process in a nested cgroup; the tighter limit is its parent's */
    put("proc_cgroup", "0::/a/b\n");
    put("sys/a/b/memory.max", "8589934592\n");
    put("sys/a/b/memory.current", "0\n");
    put("sys/a/memory.max", "2147483648\n");
    put("sys/a/memory.current", "147483648\n");
    assert_true(left(NULL) == 2000000000.0);

    /* v1: the memory controller's hierarchy; 2^63 rounded to a page is no limit */
    put("proc_cgroup", "9:cpu,cpuacct:/x\n4:memory:/docker/c1\n0::/\n");
    put("sys/memory.max", "max\n");
    put("sys/memory/memory.limit_in_bytes", "9223372036854771712\n");
    put("sys/memory/memory.usage_in_bytes", "5\n");
    put("sys/memory/docker/c1/memory.limit_in_bytes", "9223372036854771712\n");
    put("sys/memory/docker/c1/memory.usage_in_bytes", "5\n");
    assert_true(left(&which) < 0);
    put("sys/memory/docker/c1/memory.limit_in_bytes", "4294967296\n");
    put("sys/memory/docker/c1/memory.usage_in_bytes", "294967296\n");
    assert_true(left(&which) == 4000000000.0);
    assert_non_null(strstr(which, "memory.limit_in_bytes"));

    /* a hybrid system: v2 under unified/ */
    put("proc_cgroup", "0::/u\n");
    put("sys/unified/u/memory.max", "3000000000\n");
    put("sys/unified/u/memory.current", "1000000000\n");
    assert_true(left(NULL) == 2000000000.0);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cgroups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
