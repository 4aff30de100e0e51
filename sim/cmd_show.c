/*
 * cmd_show.c - oss-sim show SCENARIO and oss-sim diff A.cfg B.cfg: the
 * settings in effect after includes, the file's overrides, -s and the
 * fitted values, with the defaults of what the file leaves out, each with
 * where it comes from and its plain-language label and unit (from the
 * schema table, schema.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "scenario.h"
#include "schema.h"

static const char show_usage[] =
    "Usage: oss-sim show [-s KEY=VALUE ...] SCENARIO.cfg\n"
    "\n"
    "Prints every setting in effect in the scenario, one a line, sorted by key:\n"
    "  KEY = VALUE  # LABEL (UNIT); FROM\n"
    "where FROM is the file and line that sets it (an @included file's too),\n"
    "the overrides entry or -s that set it, the calibration's fitted value\n"
    "(FILE:LINE: fitted), or \"default\" for a key the file leaves out.\n"
    "\n"
    "Options:\n"
    "  -s, --set KEY=VALUE    override a setting first (repeatable)\n"
    "  -h, --help             show this help\n";

static const char diff_usage[] =
    "Usage: oss-sim diff [-s KEY=VALUE ...] A.cfg B.cfg\n"
    "\n"
    "Prints the settings in effect that differ between two scenarios (as\n"
    "oss-sim show lists them), one a line:\n"
    "  KEY: A's VALUE -> B's VALUE  # LABEL (UNIT); A's FROM -> B's FROM\n"
    "\"(absent)\" marks a key only one of them has.  Exit status 0 when they\n"
    "agree, 1 when they differ, 2 for bad input.\n"
    "\n"
    "Options:\n"
    "  -s, --set KEY=VALUE    override a setting in both first (repeatable)\n"
    "  -h, --help             show this help\n";

/* "LABEL (UNIT)" of a key from the schema, or "" when unknown. */
static void describe(const char *key, char *buf, size_t n)
{
    const struct schema_key *k = schema_find(key);
    if (!k || !k->label) {
        buf[0] = '\0';
        return;
    }
    if (k->unit && k->unit[0])
        snprintf(buf, n, "%s (%s)", k->label, k->unit);
    else
        snprintf(buf, n, "%s", k->label);
}

/* Parses -s and -h; returns the index of the first file, or -1 with status. */
static int options(struct cli_common *cc, int argc, char **argv, const char *usage, int *status)
{
    static const struct option longopts[] = {
        {"set", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":s:h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            *status = 0;
            return -1;
        }
        if ((*status = cli_common_option(cc, opt, optarg, argv)) != 0) {
            if (*status < 0)
                *status = 2;
            return -1;
        }
    }
    return optind;
}

int show_main(int argc, char **argv)
{
    struct cli_common cc;
    int status = 0;
    if (!cli_common_init(&cc, "oss-sim show", argc))
        return 1;
    int first = options(&cc, argc, argv, show_usage, &status);
    if (first < 0)
        goto done;
    if (argc - first != 1) {
        fprintf(stderr, "oss-sim show: give one scenario file\nUsage: oss-sim show [-s KEY=VALUE ...] SCENARIO.cfg\n");
        status = 2;
        goto done;
    }
    struct setting_line *l;
    char err[OSS_ERR_LEN];
    int n = scenario_settings(argv[first], &cc.ov, &l, err);
    if (n < 0) {
        fprintf(stderr, "oss-sim show: %s\n", err);
        status = 2;
        goto done;
    }
    printf("# oss-sim show %s: %d settings in effect\n", argv[first], n);
    for (int i = 0; i < n; i++) {
        char d[300];
        describe(l[i].key, d, sizeof d);
        printf("%s = %s  # %s%s%s\n", l[i].key, l[i].value, d, d[0] ? "; " : "", l[i].from);
    }
    free(l);
done:
    cli_common_free(&cc);
    return status;
}

static void diff_line(const struct setting_line *a, const struct setting_line *b)
{
    char d[300];
    describe(a ? a->key : b->key, d, sizeof d);
    printf("%s: %s -> %s  # %s%s%s -> %s\n", a ? a->key : b->key, a ? a->value : "(absent)",
           b ? b->value : "(absent)", d, d[0] ? "; " : "", a ? a->from : "-", b ? b->from : "-");
}

int diff_main(int argc, char **argv)
{
    struct cli_common cc;
    int status = 0;
    struct setting_line *a = NULL, *b = NULL;
    if (!cli_common_init(&cc, "oss-sim diff", argc))
        return 1;
    int first = options(&cc, argc, argv, diff_usage, &status);
    if (first < 0)
        goto done;
    if (argc - first != 2) {
        fprintf(stderr, "oss-sim diff: give two scenario files\nUsage: oss-sim diff [-s KEY=VALUE ...] A.cfg B.cfg\n");
        status = 2;
        goto done;
    }
    char err[OSS_ERR_LEN];
    int na = scenario_settings(argv[first], &cc.ov, &a, err), nb = na < 0 ? -1 : scenario_settings(argv[first + 1], &cc.ov, &b, err);
    if (na < 0 || nb < 0) {
        fprintf(stderr, "oss-sim diff: %s\n", err);
        status = 2;
        goto done;
    }
    int i = 0, j = 0, differ = 0;
    printf("# oss-sim diff %s %s\n", argv[first], argv[first + 1]);
    while (i < na || j < nb) {
        int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i].key, b[j].key);
        if (c < 0) {
            diff_line(&a[i++], NULL);
            differ++;
        } else if (c > 0) {
            diff_line(NULL, &b[j++]);
            differ++;
        } else {
            if (strcmp(a[i].value, b[j].value) != 0) {
                diff_line(&a[i], &b[j]);
                differ++;
            }
            i++;
            j++;
        }
    }
    printf("# %d setting%s differ%s\n", differ, differ == 1 ? "" : "s", differ == 1 ? "s" : "");
    status = differ ? 1 : 0;
done:
    free(a);
    free(b);
    cli_common_free(&cc);
    return status;
}
