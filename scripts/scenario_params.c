/*
 * scripts/scenario_params.c - prints, as JSON, the demand side of a
 * scenario as oss-sim resolves it (includes, overrides, fitted values):
 * what scripts/reference_numpy.py needs to simulate the same agents.
 *
 *   build/release/scenario_params SCENARIO.cfg [KEY=VALUE ...]
 *
 * The KEY=VALUE arguments are -s overrides.  Exit status 2 when the
 * scenario does not load.
 */
#include <stdio.h>

#include "scenario.h"

static void dist(const char *name, const struct dist *d)
{
    static const char *const kinds[] = {"constant", "normal", "lognormal", "gamma", "beta"};
    printf("  \"%s\": {\"dist\": \"%s\", \"mean\": %.17g, \"sd\": %.17g},\n", name, kinds[d->kind], d->mean, d->sd);
}

static void row(const char *name, const double *v, int n, const char *end)
{
    printf("  \"%s\": [", name);
    for (int i = 0; i < n; i++)
        printf("%s%.17g", i ? ", " : "", v[i]);
    printf("]%s\n", end);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: scenario_params SCENARIO.cfg [KEY=VALUE ...]\n");
        return 2;
    }
    static struct scenario sc;
    char err[OSS_ERR_LEN];
    struct override_list ov = {argc - 2, (const char **)argv + 2, false};
    if (!scenario_load(&sc, argv[1], &ov, err)) {
        fprintf(stderr, "scenario_params: %s\n", err);
        return 2;
    }
    printf("{\n  \"agents\": %ld,\n  \"months\": %d,\n  \"seed\": %llu,\n", sc.n_agents, sc.months,
           (unsigned long long)sc.seed);
    printf("  \"outside_quality\": %.17g,\n", sc.outside_quality);
    printf("  \"volume_elasticity\": %.17g, \"reference_price\": %.17g,\n", sc.volume_elasticity, sc.reference_price);
    printf("  \"nesting\": %.17g,\n", sc.nesting);
    row("region_share", sc.region_share, N_REGIONS, ",");
    row("segment_share", sc.segment_share, N_SEGMENTS, ",");
    row("segment_alpha", sc.segment_alpha, N_SEGMENTS, ",");
    row("segment_distrust", sc.segment_distrust, N_SEGMENTS, ",");
    row("segment_volume", sc.segment_volume, N_SEGMENTS, ",");
    printf("  \"distrust_table\": [\n");
    for (int r = 0; r < N_REGIONS; r++) {
        printf("    [");
        for (int o = 0; o < N_REGIONS; o++)
            printf("%s%.17g", o ? ", " : "", sc.distrust_table[r][o]);
        printf("]%s\n", r + 1 < N_REGIONS ? "," : "");
    }
    printf("  ],\n");
    dist("volume", &sc.volume);
    dist("alpha", &sc.alpha);
    dist("beta", &sc.beta);
    dist("openness", &sc.openness);
    dist("distrust", &sc.distrust);
    dist("switching", &sc.switching);
    dist("review", &sc.review);
    printf("  \"inertia\": %s, \"awareness\": %s, \"switching_cost\": %s, \"ecosystem_on\": %s, \"distrust_on\": %s,\n",
           sc.inertia ? "true" : "false", sc.awareness ? "true" : "false", sc.switching_cost ? "true" : "false",
           sc.ecosystem_on ? "true" : "false", sc.distrust_on ? "true" : "false");
    printf("  \"ecosystem\": %.17g, \"awareness_base\": %.17g, \"awareness_wom\": %.17g, \"hosted_distrust\": %.17g,\n",
           sc.ecosystem, sc.awareness_base, sc.awareness_wom, sc.hosted_distrust);
    /* levers that act on the demand side (paid prices, distrust, who may
     * buy what): the reference does not model them */
    const char *levers[6];
    int nl = 0;
    if (sc.sanctions.on)
        levers[nl++] = "sanctions";
    if (sc.tariff.on)
        levers[nl++] = "tariff";
    if (sc.open_support.on)
        levers[nl++] = "open_support";
    if (sc.trust_shock.on)
        levers[nl++] = "trust_shock";
    if (sc.open_restriction.on)
        levers[nl++] = "open_weight_restriction";
    printf("  \"demand_policies\": [");
    for (int i = 0; i < nl; i++)
        printf("%s\"%s\"", i ? ", " : "", levers[i]);
    printf("],\n  \"families\": [\n");
    for (int j = 0; j < sc.n_families; j++) {
        const struct family_spec *f = &sc.families[j];
        printf("    {\"key\": \"%s\", \"name\": \"%s\", \"origin\": %d, \"appeal\": %.17g, \"awareness\": %.17g, "
               "\"model\": %d, \"first_party\": %s}%s\n",
               f->key, f->name, (int)f->origin, f->appeal, f->awareness, f->model,
               f->channel == CHANNEL_FIRST_PARTY ? "true" : "false", j + 1 < sc.n_families ? "," : "");
    }
    printf("  ]\n}\n");
    return 0;
}
