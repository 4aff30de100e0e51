/*
 * schema.c - the table of scenario keys (see schema.h) and its lookup.
 *
 * Each row is one key.  Ranges are inclusive and finite: a value outside is
 * refused with the range in the message.  Adding a key to the model means
 * adding its row here (and reading it in scenario.c); `make docs` then
 * regenerates docs/keys.md from this table.
 */
#include "schema.h"

#include <string.h>

#include "scenario.h" /* the limits the documentation quotes */

/* a limit of scenario.h as text, so the documentation cannot drift from it */
#define LIMIT_(n) #n
#define LIMIT(n) LIMIT_(n)

/* Rows by kind: F float, FR required float, I int, B bool, S string,
 * N name, M month, G group, L list. */
#define F(p, lo, hi, def, unit, label, doc) {p, SCHEMA_FLOAT, lo, hi, def, false, NULL, NULL, unit, label, doc}
#define FR(p, lo, hi, unit, label, doc) {p, SCHEMA_FLOAT, lo, hi, 0, true, NULL, NULL, unit, label, doc}
#define I(p, lo, hi, def, unit, label, doc) {p, SCHEMA_INT, lo, hi, def, false, NULL, NULL, unit, label, doc}
#define B(p, def, label, doc) {p, SCHEMA_BOOL, 0, 1, def, false, NULL, NULL, "", label, doc}
#define S(p, dt, label, doc) {p, SCHEMA_STRING, 0, 0, 0, false, dt, NULL, "", label, doc}
#define N(p, req, dt, ch, label, doc) {p, SCHEMA_NAME, 0, 0, 0, req, dt, ch, "", label, doc}
#define NS(p, dt, ch, label, doc) {p, SCHEMA_NAMES, 0, 0, 0, false, dt, ch, "", label, doc}
#define M(p, req, dt, label, doc) {p, SCHEMA_MONTH, 0, 0, 0, req, dt, NULL, "YYYY-MM", label, doc}
#define G(p, req, label, doc) {p, SCHEMA_GROUP, 0, 0, 0, req, NULL, NULL, "", label, doc}
/* a group "X.*" whose members are the names ch, each optional */
#define GN(p, ch, label, doc) {p, SCHEMA_GROUP, 0, 0, 0, false, NULL, ch, "", label, doc}
#define L(p, req, label, doc) {p, SCHEMA_LIST, 0, 0, 0, req, NULL, NULL, "", label, doc}

#define ORIGINS "US, EU, CN, ROW"
#define SEGMENTS "startup, enterprise, public, research"
#define DISTS "constant, normal, lognormal, gamma, beta"
/* the default of a share inside a group of shares */
#define NO_SHARES "; 0 when the group leaves it out, and 1/4 each without the group"
/* a number with no default (required in some cases, else unused) */
#define FN(p, lo, hi, unit, label, doc) {p, SCHEMA_FLOAT, lo, hi, 0, false, "none", NULL, unit, label, doc}

/* A distribution of an agent attribute: agents.A.{dist, mean, sd}. */
#define DIST(a, kind, mlo, mhi, mdef, sdhi, sddef, unit, label)                                              \
    G("agents." a, false, label, "distribution of the attribute across agents"),                              \
    N("agents." a ".dist", false, kind, DISTS, label " (distribution)", "shape of the distribution"),         \
    F("agents." a ".mean", mlo, mhi, mdef, unit, label " (mean)", "mean across agents"),                      \
    F("agents." a ".sd", 0, sdhi, sddef, unit, label " (sd)", "standard deviation across agents; 0 makes it a constant")

/* A policy block's window: policy.P.{start, end}. */
#define WINDOW(p)                                                                                             \
    M("policy." p ".start", false, "horizon start", "start", "first month in force"),                         \
    M("policy." p ".end", false, "horizon end", "end", "last month in force")

const struct schema_key schema_keys[] = {
    /* top level */
    S("description", "none", "description", "one line saying what the scenario is"),
    S("counterfactual", "none", "counterfactual scenario",
      "scenario the cf_ metrics compare against, relative to the file that sets it"),
    S("reference", "none", "reference scenario",
      "the world without this scenario's policy: effect.csv is the scenario minus it; relative to the file that sets it"),
    L("overrides", false, "overrides", "list of \"KEY=VALUE\" strings applied like -s"),
    L("fitted", false, "fitted values", "list of \"KEY=VALUE\" strings for keys no override sets"),

    /* horizon and run */
    G("horizon", true, "horizon", "the simulated months"),
    M("horizon.start", true, NULL, "first month", "first simulated month"),
    M("horizon.end", true, NULL, "last month", "last simulated month, after start, at most 1200 months in all"),
    I("horizon.reporting_year", 1900, 2199, 2025, "year", "reporting year",
      "year of the headline metrics; must overlap the horizon"),
    G("run", false, "run", "replications and seed"),
    I("run.replications", 1, 100000, 10, "replications", "replications", "independent replications"),
    I("run.seed", 0, 9223372036854775807.0, 1, "", "seed", "base seed: replication r draws from (seed, r)"),

    /* market */
    G("market", true, "market", "size and growth of demand"),
    FR("market.potential_tokens", 1e-9, 1e15, "million tokens per month", "potential demand",
       "tokens per month if every agent bought, at the start"),
    F("market.growth", -0.5, 1, 0, "per month", "market growth", "monthly growth of potential tokens"),
    F("market.outside_quality", -1e6, 1e6, 0, "index points", "outside option",
      "quality at which a model is worth the outside option before price"),
    F("market.volume_elasticity", -10, 0, 0, "elasticity", "volume elasticity",
      "elasticity of an agent's tokens to the price it pays (intensive margin); 0: fixed volumes"),
    F("market.reference_price", 1e-6, 1e6, 1, "USD per million tokens", "reference price",
      "price at which an agent uses its volume of tokens"),
    F("market.nesting", 0.05, 1, 1, "", "nesting parameter",
      "nested logit's dissimilarity lambda of the open-weight and closed nests; 1: plain logit"),

    /* supply */
    G("supply", true, "supply", "frontier, costs and prices"),
    FR("supply.frontier", 0, 1e6, "index points", "capability frontier", "world capability frontier at the start"),
    F("supply.frontier_growth", 0, 1e3, 2, "index points per month", "frontier growth",
      "growth of the frontier at compute multiplier 1"),
    G("supply.compute", false, "compute access", "relative compute growth by origin (US = 1)"),
    F("supply.compute.US", 0, 100, 1, "relative", "US compute", "relative compute growth of US labs"),
    F("supply.compute.EU", 0, 100, 1, "relative", "EU compute", "relative compute growth of EU labs"),
    F("supply.compute.CN", 0, 100, 1, "relative", "Chinese compute", "relative compute growth of Chinese labs"),
    F("supply.compute.ROW", 0, 100, 1, "relative", "rest-of-world compute", "relative compute growth elsewhere"),
    F("supply.open_lag", 0, 120, 3.5, "months", "open-model lag", "months open families trail their origin's frontier"),
    F("supply.diffusion", 0, 1, 0.1, "share of the gap per month", "diffusion rate",
      "monthly catch-up of a lagging origin to the world frontier"),
    F("supply.diffusion_lag", 0, 120, 3, "months", "diffusion lag", "months before frontier advances diffuse"),
    F("supply.cost_decline", -0.5, 0.5, 0.03, "per month", "cost decline", "monthly fall of marginal cost"),
    F("supply.host_margin", 0, 10, 0.15, "markup over cost", "host margin", "open-weight hosts' markup over marginal cost"),
    F("supply.price_adjustment", 0, 1, 0.3, "share of the gap per month", "price adjustment",
      "share of the gap to the Bertrand price closed each month"),
    N("supply.pricing_unit", false, "vendor", "vendor, family", "pricing unit",
      "vendor: a vendor prices its closed Bertrand families jointly; family: each on its own"),
    M("supply.releases_through", false, "none", "releases complete through",
      "month through which the dated releases are complete: a family's last release holds until it, "
      "then the frontier carries the family on"),
    B("supply.open_weights", 1, "open-weight models", "false: the world without open-weight models"),

    /* families */
    G("families", true, "model families", "1 to " LIMIT(OSS_MAX_FAMILIES) " families, each a group named by its key"),
    G("families.*", false, "model family", "one family of models"),
    S("families.*.name", "the key", "family name", "label in output (at most 63 characters)"),
    S("families.*.vendor", "the name", "vendor", "who sells it (at most 63 characters)"),
    S("families.*.tier", "flagship", "tier", "\"flagship\" or \"small\", a label (at most 63 characters)"),
    N("families.*.origin", true, NULL, ORIGINS, "origin", "region of the lab"),
    N("families.*.access", true, NULL, "closed, open", "access", "closed or open weights at entry"),
    M("families.*.entry", false, "horizon start", "entry month", "first month on the market"),
    {"families.*.quality", SCHEMA_FLOAT, 0, 1e6, 0, false, "the latest release's", NULL, "index points", "quality",
     "capability at max(start, entry); required unless a release is dated on or before it, which then "
     "gives it (and the key is refused)"},
    FR("families.*.cost", 1e-6, 1e6, "USD per million tokens", "marginal cost", "marginal cost at max(start, entry)"),
    F("families.*.price", 0, 1e6, 0, "USD per million tokens", "entry price",
      "list price at entry; required when closed, 0 meaning cost times (1 + host margin)"),
    N("families.*.pricing", false, "bertrand", "bertrand, fixed", "pricing rule", "closed families only"),
    F("families.*.appeal", -100, 100, 0, "utils", "appeal", "brand and reliability"),
    F("families.*.awareness", 0, 1, 1, "probability", "initial awareness", "share of agents who know it from its entry"),
    G("families.*.first_party", false, "first-party API",
      "an open family's weights also served by its developer's own API, a second option"),
    FR("families.*.first_party.price", 1e-6, 1e6, "USD per million tokens", "first-party price",
       "the developer's list price at entry, cut in step with the cost"),
    {"families.*.first_party.appeal", SCHEMA_FLOAT, -100, 100, 0, false, "the family's appeal", NULL, "utils",
     "first-party appeal", "appeal of the developer's own API"},
    L("families.*.releases", false, "releases", "1 to " LIMIT(OSS_MAX_RELEASES) " dated releases, in date order, at most one a month"),
    G("families.*.releases[]", false, "release", "{ date; quality; price; cost; note; }"),
    M("families.*.releases[].date", true, NULL, "release month", "month of the release (may precede the horizon)"),
    FR("families.*.releases[].quality", 0, 1e6, "index points", "release quality", "quality from the release's month until the next release"),
    F("families.*.releases[].price", 0, 1e6, 0, "USD per million tokens", "release price",
      "new list price of a closed family; 0: unchanged"),
    F("families.*.releases[].cost", 0, 1e6, 0, "USD per million tokens", "release cost", "new marginal cost; 0: unchanged"),
    S("families.*.releases[].note", "none", "release note", "the model released"),

    /* agents */
    G("agents", true, "agents", "the buyers: count, mix and tastes"),
    I("agents.count", 1, 100000000, 20000, "agents", "simulated agents", "each stands for many developers"),
    G("agents.regions", false, "regional mix", "shares of agents by region, summing to 1"),
    F("agents.regions.US", 0, 1, 0, "share", "US agents", "share of agents in the US" NO_SHARES),
    F("agents.regions.EU", 0, 1, 0, "share", "EU agents", "share of agents in the EU" NO_SHARES),
    F("agents.regions.CN", 0, 1, 0, "share", "Chinese agents", "share of agents in China" NO_SHARES),
    F("agents.regions.ROW", 0, 1, 0, "share", "rest-of-world agents", "share of agents elsewhere" NO_SHARES),
    G("agents.segments", false, "segment mix", "shares of agents by segment, summing to 1"),
    F("agents.segments.startup", 0, 1, 0, "share", "start-ups", "share of agents that are start-ups" NO_SHARES),
    F("agents.segments.enterprise", 0, 1, 0, "share", "enterprises", "share of agents that are enterprises" NO_SHARES),
    F("agents.segments.public", 0, 1, 0, "share", "public sector", "share of agents in the public sector" NO_SHARES),
    F("agents.segments.research", 0, 1, 0, "share", "research", "share of agents in research" NO_SHARES),
    DIST("volume", "lognormal", 0, 1e9, 1, 1e6, 3, "relative tokens per month", "token volume"),
    DIST("alpha", "lognormal", 1e-9, 1e6, 1, 1e6, 0.5, "utils per USD per million tokens", "price sensitivity"),
    DIST("beta", "lognormal", 0, 1e6, 0.1, 1e6, 0.05, "utils per index point", "taste for quality"),
    DIST("openness", "normal", -1e6, 1e6, 0, 1e6, 0.5, "utils", "taste for open weights"),
    DIST("distrust", "lognormal", 0, 1e6, 1, 1e6, 0.5, "multiplier on the distrust table", "distrust"),
    DIST("switching_cost", "lognormal", 0, 1e6, 0.5, 1e6, 0.3, "utils", "switching cost"),
    DIST("review", "beta", 0, 1, 0.2, 1, 0.1, "probability per month", "review rate"),
    G("agents.by_segment", false, "segment multipliers", "multipliers by segment"),
    GN("agents.by_segment.*", SEGMENTS, "segment", "one of " SEGMENTS),
    F("agents.by_segment.*.alpha", 0, 1e6, 1, "multiplier", "segment price sensitivity", "multiplier on alpha"),
    F("agents.by_segment.*.distrust", 0, 1e6, 1, "multiplier", "segment distrust", "multiplier on distrust"),
    F("agents.by_segment.*.volume", 0, 1e6, 1, "multiplier", "segment volume", "multiplier on volume"),
    G("agents.distrust_table", false, "distrust table", "utils of distrust, agent region x family origin"),
    GN("agents.distrust_table.*", ORIGINS, "distrust of a region", "row: the agents' region (" ORIGINS ")"),
    {"agents.distrust_table.*.*", SCHEMA_FLOAT, -100, 100, 0, false, NULL, ORIGINS, "utils", "distrust",
     "distrust of agents in the row's region for the origin"},
    F("agents.hosted_distrust", 0, 1, 0.5, "share", "hosted distrust",
      "share of the distrust table felt for an origin's open weights served by a host (model risk only)"),

    /* frictions */
    G("frictions", false, "frictions", "switches and strengths of the market frictions"),
    B("frictions.inertia", 1, "inertia", "false: every agent reviews every month"),
    B("frictions.awareness", 1, "limited awareness", "false: every agent knows every family"),
    B("frictions.switching_cost", 1, "switching costs", "false: switching is free"),
    B("frictions.ecosystem", 1, "ecosystem effect", "false: no ecosystem term"),
    B("frictions.distrust", 1, "distrust", "false: no distrust of foreign origins"),
    F("frictions.ecosystem_strength", 0, 1e3, 1, "utils per unit developer share", "ecosystem strength",
      "utility of a family's developer share"),
    F("frictions.awareness_base", 0, 1, 0.02, "probability per review", "awareness rate",
      "chance a reviewing agent hears of an unknown family"),
    F("frictions.awareness_word_of_mouth", 0, 100, 0.5, "probability per unit developer share", "word of mouth",
      "added chance per unit developer share"),

    /* policy */
    G("policy", false, "policy", "policy levers, each a block"),
    G("policy.export_controls", false, "export controls", "chip export controls on an origin"),
    B("policy.export_controls.enabled", 1, "export controls on", "false: the block is ignored"),
    N("policy.export_controls.origin", false, "CN", ORIGINS, "targeted origin", "origin whose compute is controlled"),
    WINDOW("export_controls"),
    F("policy.export_controls.strength", 0, 1, 0.5, "0 to 1", "export-control strength", "how tight the controls are"),
    F("policy.export_controls.growth_penalty", 0, 1, 0.4, "share of growth", "growth penalty",
      "share of frontier growth lost at strength 1"),
    F("policy.export_controls.cost_penalty", 0, 10, 0.3, "relative cost rise", "cost penalty",
      "relative rise of marginal cost at strength 1"),
    F("policy.export_controls.efficiency_response", 0, 1, 0, "share", "efficiency response",
      "share of both penalties offset by efficiency gains"),
    G("policy.sanctions", false, "sanctions", "a ban on an origin's models for covered agents"),
    B("policy.sanctions.enabled", 1, "sanctions on", "false: the block is ignored"),
    N("policy.sanctions.origin", false, "CN", ORIGINS, "sanctioned origin", "whose models are barred"),
    WINDOW("sanctions"),
    NS("policy.sanctions.regions", "all", ORIGINS, "covered regions", "regions of covered agents"),
    NS("policy.sanctions.segments", "all", SEGMENTS, "covered segments", "segments of covered agents"),
    F("policy.sanctions.compliance", 0, 1, 1, "probability", "compliance", "probability a covered agent complies"),
    B("policy.sanctions.include_open_weights", 0, "covers open weights", "also bar self-hosted open weights"),
    G("policy.tariff", false, "tariff", "an ad valorem tariff on foreign AI services"),
    B("policy.tariff.enabled", 1, "tariff on", "false: the block is ignored"),
    N("policy.tariff.imposer", false, "US", ORIGINS, "imposing region", "region whose agents pay it"),
    N("policy.tariff.origin", false, "foreign", ORIGINS ", foreign", "targeted origin", "targeted origin, or every foreign one"),
    F("policy.tariff.rate", 0, 10, 0.25, "ad valorem", "tariff rate", "0.25 is 25%"),
    B("policy.tariff.include_open_weights", 0, "tariff on hosted weights",
      "true: also tax foreign open weights served by hosts, not only cross-border APIs"),
    WINDOW("tariff"),
    G("policy.open_support", false, "open-model support", "support for an origin's open models"),
    B("policy.open_support.enabled", 1, "support on", "false: the block is ignored"),
    N("policy.open_support.origin", false, "US", ORIGINS, "supported origin", "whose open families are supported"),
    F("policy.open_support.subsidy", 0, 1, 0.2, "share of the price", "subsidy", "share of the price paid by the state"),
    F("policy.open_support.lag_reduction", 0, 120, 1, "months", "lag reduction", "months cut from the open lag"),
    WINDOW("open_support"),
    G("policy.open_restriction", false, "open-release restriction", "restriction of an origin's open releases"),
    B("policy.open_restriction.enabled", 1, "restriction on", "false: the block is ignored"),
    N("policy.open_restriction.origin", false, "US", ORIGINS, "restricted origin", "whose open releases are restricted"),
    F("policy.open_restriction.cap_gap", -1, 1e6, -1, "index points", "quality cap gap",
      "open quality capped this far below the frontier; below 0: no cap"),
    F("policy.open_restriction.delay", 0, 120, 0, "months", "release delay", "months added to the open lag"),
    F("policy.open_restriction.compliance_cost", 0, 1e3, 0, "USD per million tokens", "compliance cost",
      "added to marginal cost"),
    WINDOW("open_restriction"),
    G("policy.trust_shock", false, "trust shock", "a sudden loss of trust that decays"),
    B("policy.trust_shock.enabled", 1, "trust shock on", "false: the block is ignored"),
    N("policy.trust_shock.target", false, "CN", ORIGINS ", open", "target", "an origin, or \"open\" for all open families"),
    N("policy.trust_shock.kind", false, "model", "model, data", "shock kind",
      "\"model\": every channel of the target's models; \"data\": their APIs only"),
    M("policy.trust_shock.start", false, "horizon start", "shock month", "month of the shock"),
    F("policy.trust_shock.size", -100, 100, 1, "utils", "shock size", "distrust added at the start"),
    F("policy.trust_shock.half_life", 1e-3, 1e4, 6, "months", "half-life", "months for the shock to halve"),
    L("policy.vendor_strategy", false, "vendor strategy", "up to " LIMIT(OSS_MAX_VENDOR_CHANGES) " changes of a family's access"),
    G("policy.vendor_strategy[]", false, "strategy change", "{ family; month; action; }"),
    S("policy.vendor_strategy[].family", NULL, "family", "key or name of the family"),
    M("policy.vendor_strategy[].month", true, NULL, "month", "month of the change"),
    N("policy.vendor_strategy[].action", true, NULL, "close, open, exit", "action", "what the family does"),

    /* calibration */
    G("calibration", false, "calibration", "free parameters and targets of oss-sim calibrate"),
    I("calibration.replications", 1, 100000, 8, "replications", "replications per evaluation",
      "replications per evaluation of the objective"),
    I("calibration.agents", 1, 100000000, 20000, "agents", "agents per evaluation", "default: agents.count"),
    I("calibration.max_iterations", 1, 1000000, 500, "iterations", "iteration cap", "cap on simplex iterations"),
    F("calibration.tolerance", 1e-12, 10, 1e-3, "simplex size", "tolerance", "stop when the simplex is this small"),
    S("calibration.fragment", "calibrated.cfg", "fitted-values file",
      "file of fitted values, relative to the file holding the block"),
    I("calibration.particles", 20, 100000, 200, "particles", "ABC-SMC particles",
      "particles of the ABC-SMC sampler (the ensemble's draws)"),
    F("calibration.epsilon", 1e-6, 1e6, 1, "tolerances (RMS)", "final ABC tolerance",
      "the sampler stops when its tolerance on sqrt(F) reaches this"),
    I("calibration.max_evaluations", 1, 100000000, 6000, "evaluations", "ABC-SMC budget",
      "the sampler stops after this many evaluations"),
    L("calibration.free", true, "free parameters", "1 to " LIMIT(OSS_MAX_CAL_FREE) " groups { key; min; max; start; prior; source; }"),
    G("calibration.free[]", false, "free parameter", "{ key; min; max; start; prior; source; }"),
    S("calibration.free[].key", NULL, "key", "a numeric scenario key written as a real number"),
    FR("calibration.free[].min", -1e15, 1e15, "unit of the key", "lower bound", "lower bound of the search and the prior"),
    FR("calibration.free[].max", -1e15, 1e15, "unit of the key", "upper bound", "upper bound of the search and the prior"),
    FR("calibration.free[].start", -1e15, 1e15, "unit of the key", "start", "where the simplex search starts (--simplex)"),
    G("calibration.free[].prior", false, "prior", "{ dist; mean; sd; }, truncated to the bounds; default uniform"),
    N("calibration.free[].prior.dist", true, NULL, "uniform, normal, lognormal, beta", "prior distribution",
      "beta is scaled to the bounds"),
    FN("calibration.free[].prior.mean", -1e15, 1e15, "unit of the key", "prior mean", "required but for uniform"),
    FN("calibration.free[].prior.sd", 1e-300, 1e15, "unit of the key", "prior sd", "required but for uniform"),
    S("calibration.free[].source", "", "source", "where the prior comes from"),
    L("calibration.targets", true, "targets", "1 to " LIMIT(OSS_MAX_CAL_TARGETS) " groups { metric; value; tolerance; weight; dated; source; }"),
    G("calibration.targets[]", false, "target", "{ metric; value; tolerance; weight; dated; source; }"),
    S("calibration.targets[].metric", NULL, "metric",
      "a summary.csv metric other than cf_*, share_of_open_tokens.FAMILY, or NAME@YYYYQn or NAME@YYYY-MM..YYYY-MM (a window)"),
    M("calibration.targets[].dated", false, "undated", "month", "the last month the figure describes (calibrate --until)"),
    FR("calibration.targets[].value", -1e15, 1e15, "unit of the metric", "target value", "the published figure"),
    FR("calibration.targets[].tolerance", 1e-12, 1e15, "unit of the metric", "tolerance", "met when within it"),
    F("calibration.targets[].weight", 0, 1e6, 1, "", "weight", "weight in the objective; 0 reports only"),
    S("calibration.targets[].source", "", "source", "where the figure comes from"),

    /* a policy scenario's assumptions, for oss-sim brief */
    L("assumptions", false, "assumptions", "up to " LIMIT(OSS_MAX_ASSUMPTIONS) " groups { key; source; judgement; low; high; }"),
    G("assumptions[]", false, "assumption", "{ key; source; judgement; low; high; }"),
    S("assumptions[].key", NULL, "key", "a numeric scenario key the policy's result rests on"),
    S("assumptions[].source", "", "source", "where its value comes from: a published source, or why it is a judgement"),
    B("assumptions[].judgement", 0, "judgement call", "true: a judgement, not a measurement (oss-sim brief's tornado chart moves it)"),
    FN("assumptions[].low", -1e15, 1e15, "unit of the key", "low end", "low end of its plausible range (required for a judgement)"),
    FN("assumptions[].high", -1e15, 1e15, "unit of the key", "high end", "high end of its plausible range (required for a judgement)"),

    /* judgement parameters with priors, drawn per posterior draw by --ensemble */
    L("uncertain", false, "uncertain parameters", "1 to " LIMIT(OSS_MAX_UNCERTAIN) " groups { key; min; max; prior; source; }"),
    G("uncertain[]", false, "uncertain parameter", "{ key; min; max; prior; source; }"),
    S("uncertain[].key", NULL, "key", "a numeric scenario key written as a real number"),
    FR("uncertain[].min", -1e15, 1e15, "unit of the key", "lower bound", "lower bound of the prior"),
    FR("uncertain[].max", -1e15, 1e15, "unit of the key", "upper bound", "upper bound of the prior"),
    G("uncertain[].prior", false, "prior", "{ dist; mean; sd; }, truncated to the bounds; default uniform"),
    N("uncertain[].prior.dist", true, NULL, "uniform, normal, lognormal, beta", "prior distribution",
      "beta is scaled to the bounds"),
    FN("uncertain[].prior.mean", -1e15, 1e15, "unit of the key", "prior mean", "required but for uniform"),
    FN("uncertain[].prior.sd", 1e-300, 1e15, "unit of the key", "prior sd", "required but for uniform"),
    S("uncertain[].source", "", "source", "where the prior comes from"),
};

const size_t schema_n_keys = sizeof schema_keys / sizeof schema_keys[0];

/* Does the table's pattern match a path?  "*" matches one name (no '.' or
 * '['), "[]" matches "[N]". */
static bool path_match(const char *pat, const char *p)
{
    while (*pat) {
        if (*pat == '*') {
            const char *q = p;
            while (*q && *q != '.' && *q != '[')
                q++;
            if (q == p)
                return false;
            pat++;
            p = q;
        } else if (pat[0] == '[' && pat[1] == ']') {
            if (*p != '[')
                return false;
            p++;
            if (*p < '0' || *p > '9')
                return false;
            while (*p >= '0' && *p <= '9')
                p++;
            if (*p != ']')
                return false;
            p++;
            pat += 2;
        } else if (*pat++ != *p++) {
            return false;
        }
    }
    return *p == '\0';
}

const struct schema_key *schema_find(const char *path)
{
    if (!path)
        return NULL;
    /* an exact row wins over a wildcard one */
    for (size_t i = 0; i < schema_n_keys; i++)
        if (strcmp(schema_keys[i].path, path) == 0)
            return &schema_keys[i];
    for (size_t i = 0; i < schema_n_keys; i++)
        if (path_match(schema_keys[i].path, path))
            return &schema_keys[i];
    return NULL;
}

const char *schema_label(const char *path)
{
    const struct schema_key *k = schema_find(path);
    return k ? k->label : path;
}

const char *schema_type_name(enum schema_type t)
{
    static const char *const names[] = {"float", "int", "bool", "string", "name",
                                        "list of names", "month", "group", "list"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}
