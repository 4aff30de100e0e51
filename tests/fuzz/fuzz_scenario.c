/*
 * tests/fuzz/fuzz_scenario.c - a libFuzzer target of the scenario loader and
 * of -s override parsing (make fuzz), also run over its corpus as a
 * regression test by make test (tests/fuzz/driver.c, without libFuzzer).
 *
 * An input is a scenario file's text, optionally followed by a line "%%"
 * and then one -s override per line.  When the text before "%%" is empty the
 * overrides are applied to a small valid scenario, so that they reach the
 * typed override code.  The input is written to in.cfg in a private
 * directory that also holds the repository's scenarios (baseline.cfg, ...)
 * and tests/cli/bad/lib as lib/, so that the seeds' @include and
 * counterfactual lines resolve.  Whatever the input, scenario_load must
 * return (true, or false with a message) without a crash, a sanitizer
 * report, a leak or a hang.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"

#ifndef OSS_REPO
#error "build with -DOSS_REPO='\"/path/to/the/repository\"'"
#endif

static char dir[OSS_PATH_LEN], input[OSS_PATH_LEN + 16], minimal[OSS_PATH_LEN + 32];

static void cleanup(void)
{
    char cmd[OSS_PATH_LEN + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (dir[0] && system(cmd) != 0)
        fprintf(stderr, "fuzz_scenario: could not remove %s\n", dir);
}

static void setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/oss-fuzz.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_scenario: mkdtemp");
        exit(1);
    }
    atexit(cleanup);
    char from[OSS_PATH_LEN], to[OSS_PATH_LEN + 300];
    snprintf(from, sizeof from, "%s/tests/cli/bad/lib", OSS_REPO);
    snprintf(to, sizeof to, "%s/lib", dir);
    if (symlink(from, to) != 0)
        perror("fuzz_scenario: symlink lib");
    snprintf(from, sizeof from, "%s/scenarios", OSS_REPO);
    DIR *dp = opendir(from);
    struct dirent *e;
    while (dp && (e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char src[OSS_PATH_LEN + 300];
        snprintf(src, sizeof src, "%s/%s", from, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        if (symlink(src, to) != 0)
            perror("fuzz_scenario: symlink");
    }
    if (dp)
        closedir(dp);
    snprintf(input, sizeof input, "%s/in.cfg", dir);
    snprintf(minimal, sizeof minimal, "%s/lib/minimal.cfg", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setup();
        ready = 1;
    }
    if (size > 1 << 20)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* the scenario, then the overrides after a "%%" line */
    char *ovs = NULL, *sep = strstr(text, "\n%%\n");
    if (strncmp(text, "%%\n", 3) == 0)
        sep = text - 1;
    if (sep) {
        sep[1] = '\0';
        ovs = sep + 4;
    }
    const char *items[64];
    int n = 0;
    for (char *save = NULL, *l = ovs ? strtok_r(ovs, "\n", &save) : NULL; l && n < 64; l = strtok_r(NULL, "\n", &save))
        items[n++] = l;
    const char *path = minimal;
    if (sep != text - 1 && text[0]) {
        FILE *f = fopen(input, "wb");
        if (!f) {
            free(text);
            return 0;
        }
        fwrite(text, 1, strlen(text), f);
        fclose(f);
        path = input;
    }
    struct override_list ov = {n, items, false};
    struct scenario *sc = malloc(sizeof *sc);
    char err[OSS_ERR_LEN];
    if (sc && !scenario_load(sc, path, &ov, err) && !err[0]) {
        fprintf(stderr, "fuzz_scenario: scenario_load failed without a message\n");
        abort();
    }
    free(sc);
    free(text);
    return 0;
}
