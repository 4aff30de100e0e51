/*
 * scenario.h - the validated scenario: every model parameter, with its unit.
 *
 * A scenario file (libconfig) is read, overridden by -s KEY=VALUE, and checked
 * key by key by scenario_load() in scenario.c.  What comes out is this plain
 * struct: the rest of the program never touches libconfig.  Months are whole
 * numbers, year * 12 + (month - 1), so 2024-11 is 24298 (see month.h).
 *
 * Data flow: scenario file -> struct scenario -> world (market.h) -> monthly
 * steps -> metrics (metrics.h) -> files (output.h).
 */
#ifndef OSS_SCENARIO_H
#define OSS_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#define OSS_MAX_FAMILIES 32 /* agents keep awareness in a 32-bit mask */
#define OSS_MAX_VENDOR_CHANGES 16
#define OSS_MAX_RELEASES 7 /* dated releases per family (an agent keeps the index of its release in 3 bits) */
#define OSS_NAME_LEN 64
#define OSS_PATH_LEN 4096
#define OSS_ERR_LEN 1024

/* Regions of agents and origins of model families share one list. */
enum region { REGION_US, REGION_EU, REGION_CN, REGION_ROW, N_REGIONS };
enum segment { SEG_STARTUP, SEG_ENTERPRISE, SEG_PUBLIC, SEG_RESEARCH, N_SEGMENTS };
enum access { ACCESS_CLOSED, ACCESS_OPEN, N_ACCESS };
enum pricing_rule { PRICING_BERTRAND, PRICING_FIXED };
/* Where a family's tokens are served: a closed family is its vendor's API; an
 * open family's weights are served by third-party hosts (hosted) and, when the
 * scenario gives it one, by the developer's own API in its origin
 * (first_party).  Each channel is its own option of the menu. */
enum channel { CHANNEL_API, CHANNEL_HOSTED, CHANNEL_FIRST_PARTY, N_CHANNELS };
enum pricing_unit { PRICING_UNIT_VENDOR, PRICING_UNIT_FAMILY }; /* who solves a Bertrand FOC */
enum dist_kind { DIST_CONSTANT, DIST_NORMAL, DIST_LOGNORMAL, DIST_GAMMA, DIST_BETA };

#define N_CELLS (N_REGIONS * N_SEGMENTS) /* region x segment */

extern const char *const region_names[N_REGIONS];  /* "US", "EU", "CN", "ROW" */
extern const char *const segment_names[N_SEGMENTS]; /* "startup", ... */
extern const char *const access_names[N_ACCESS];    /* "closed", "open" */
extern const char *const channel_names[N_CHANNELS]; /* "api", "hosted", "first_party" */

/* A distribution of an agent attribute, given by its mean and standard
 * deviation in the attribute's own unit (sd = 0 makes it a constant). */
struct dist {
    enum dist_kind kind;
    double mean;
    double sd;
};

/* A dated release of a family: from its month on, the family's quality is
 * the release's (index points); its price and cost change where given. */
struct release {
    int month;        /* month index (may precede the horizon) */
    double quality;   /* capability index points */
    double price;     /* USD per million tokens (closed families), 0: unchanged */
    double cost;      /* USD per million tokens, 0: unchanged */
    char note[OSS_NAME_LEN]; /* the model released, e.g. "DeepSeek R1" */
};

struct family_spec {
    char key[OSS_NAME_LEN];    /* identifier: families.<key> in the file */
    char name[OSS_NAME_LEN];   /* label for output, e.g. "DeepSeek" */
    char vendor[OSS_NAME_LEN]; /* e.g. "OpenAI" */
    char tier[OSS_NAME_LEN];   /* "flagship" or "small" (label only) */
    enum region origin;
    enum access access;        /* at entry */
    int entry;                 /* month index of first availability */
    double quality;            /* capability index points at max(start, entry) */
    double cost;               /* marginal cost, USD per million tokens, at max(start, entry) */
    double price;              /* USD per million tokens at entry (closed) */
    enum pricing_rule pricing; /* closed families only */
    double appeal;             /* utils: brand, reliability */
    double awareness;          /* probability an agent knows it from its entry (drawn at start) */
    enum channel channel;      /* api (closed), hosted or first_party (open weights) */
    int model;                 /* index of the option that carries the model's key (itself unless first_party) */
    int first_party;           /* hosted option: index of its model's first-party option, or -1 */
    int n_releases;            /* dated releases, in month order */
    struct release releases[OSS_MAX_RELEASES];
};

/* Vendor strategy change: a family switches access or exits at a month. */
struct vendor_change {
    int family;        /* index into families */
    int month;         /* month index */
    bool exit;         /* leaves the market */
    enum access access; /* new access when !exit */
};

struct export_controls {
    bool on;
    enum region origin;         /* targeted origin */
    int start, end;             /* month indices, inclusive */
    double strength;            /* 0..1 */
    double growth_penalty;      /* share of frontier growth lost at strength 1 */
    double cost_penalty;        /* relative rise of marginal cost at strength 1 */
    double efficiency_response; /* 0..1: share of both penalties offset by efficiency */
};

struct sanctions {
    bool on;
    enum region origin;              /* whose models are barred */
    int start, end;
    bool regions[N_REGIONS];         /* regions of covered agents */
    bool segments[N_SEGMENTS];       /* segments of covered agents */
    double compliance;               /* probability a covered agent complies */
    bool include_open_weights;       /* also bar self-hosted open weights */
};

struct tariff {
    bool on;
    enum region imposer;  /* region whose agents pay it */
    int origin;           /* targeted origin, or -1 for every foreign origin */
    double rate;          /* ad valorem, 0.25 = 25% */
    int start, end;
    bool include_open_weights; /* also tax foreign open weights served by hosts (not only cross-border APIs) */
};

struct open_support {
    bool on;
    enum region origin;   /* whose open families are supported */
    double subsidy;       /* share of the price paid by the state, 0..1 */
    double lag_reduction; /* months cut from the open lag (compute grants) */
    int start, end;
};

struct open_restriction {
    bool on;
    enum region origin;     /* whose open releases are restricted */
    double cap_gap;         /* open quality capped this many points below the world frontier (<0: no cap) */
    double delay;           /* months added to the lag of the origin's open families while in force */
    double compliance_cost; /* USD per million tokens added to marginal cost */
    int start, end;
};

struct trust_shock {
    bool on;
    int origin;         /* targeted origin, or -1 for none */
    bool open_models;   /* targets all open families instead */
    bool data;          /* kind "data": hits API channels only; "model": every channel */
    int start;
    double size;        /* utils of added distrust at the start */
    double half_life;   /* months */
};

/* Calibration (oss-sim calibrate): free parameters and targets. */
#define OSS_MAX_CAL_FREE 24
#define OSS_MAX_CAL_TARGETS 32
#define OSS_KEY_LEN 128

/* A prior over a parameter, truncated to its bounds [min, max]: uniform on
 * the bounds, or normal, lognormal or beta (scaled to the bounds) with the
 * given mean and sd in the parameter's own unit. */
enum prior_dist { PRIOR_UNIFORM, PRIOR_NORMAL, PRIOR_LOGNORMAL, PRIOR_BETA };
extern const char *const prior_dist_names[4];
struct prior {
    enum prior_dist dist;
    double mean, sd;       /* NAN for uniform */
};

struct cal_free {
    char key[OSS_KEY_LEN]; /* a numeric scenario key, e.g. families.deepseek.quality */
    double min, max;       /* bounds of the search (and of the prior) */
    double start;          /* where the search starts (NAN for an uncertain parameter) */
    struct prior prior;    /* uniform on the bounds when the block gives none */
    char source[256];      /* where the prior comes from, or "" */
};

#define OSS_MAX_UNCERTAIN 8

struct cal_target {
    char metric[OSS_KEY_LEN]; /* a headline name, share_of_open_tokens.<family>, or either of a
                                 monthly metric and share_of_open_tokens.<family> with a quarter
                                 suffix, e.g. open_token_share@2025Q4 */
    int headline;             /* enum headline, or -1 */
    int family;               /* family index for share_of_open_tokens, or -1 */
    int month;                /* enum month_metric of a quarter metric, or -1 */
    int first, last;          /* a quarter metric's months (month.h numbers), else -1 */
    double value;             /* target */
    double tolerance;         /* met when |model - value| <= tolerance */
    double weight;            /* weight in the objective */
    char source[256];         /* where the figure comes from */
    int dated;                /* the last month the figure describes (month.h number), or -1 */
};

struct calibration {
    bool on;               /* the scenario has a calibration block */
    bool report;           /* ... in its own file (not in an included one): print the table after a run */
    int replications;      /* replications per evaluation of the objective */
    long agents;           /* agents per evaluation */
    int max_iterations;    /* cap on simplex iterations */
    double tolerance;      /* stop when the simplex size (in transformed units) falls below */
    char output[OSS_PATH_LEN]; /* fragment to write, resolved path */
    char file[OSS_PATH_LEN];   /* the file that holds the calibration block */
    int n_free, n_targets;
    struct cal_free free[OSS_MAX_CAL_FREE];
    struct cal_target targets[OSS_MAX_CAL_TARGETS];
    int particles;         /* ABC-SMC particles (oss-sim calibrate) */
    double epsilon;        /* ABC-SMC final tolerance on the distance sqrt(F) */
    long max_evaluations;  /* ABC-SMC budget of simulated parameter values */
    int n_fitted;          /* values applied from a `fitted` list (calibrated.cfg) */
    char fitted_file[OSS_PATH_LEN]; /* the file of the fitted list, or "" */
};

/* An assumption a policy's result rests on (the scenario's `assumptions`
 * list, for oss-sim brief): a numeric key, its source, whether it is a
 * judgement call, and the range a judgement is moved over. */
#define OSS_MAX_ASSUMPTIONS 16
struct assumption {
    char key[OSS_KEY_LEN];
    char source[256];
    bool judgement;
    double value;     /* in effect */
    double low, high; /* declared range, NAN when none */
};

struct scenario {
    char name[OSS_NAME_LEN];           /* file name without .cfg */
    char path[OSS_PATH_LEN];           /* path as given */
    char counterfactual[OSS_PATH_LEN]; /* resolved path, or "": the world without open-weight models */
    char reference[OSS_PATH_LEN];      /* resolved path, or "": the world without the scenario's policy */
    char sha256[65];                   /* of the resolved scenario text */
    char description[256];             /* its `description`, one line, or "" */
    char note[OSS_ERR_LEN];            /* a remark from loading (e.g. -s added a group), or "" */

    /* horizon */
    int start, end;      /* month indices, inclusive */
    int months;          /* end - start + 1 */
    int reporting_year;  /* e.g. 2025 */

    /* run */
    int replications;
    uint64_t seed;

    /* market */
    double potential_tokens; /* million tokens per month if every agent bought, at start */
    double market_growth;    /* monthly growth rate of potential tokens */
    double outside_quality;  /* index points: quality worth the outside option before price */
    double volume_elasticity; /* <= 0: elasticity of an agent's tokens to the price it pays */
    double reference_price;   /* USD per million tokens at which tokens are v_i T(k) */
    double nesting;           /* lambda in (0, 1]: nested logit's dissimilarity (open, closed nests); 1 = plain logit */

    /* supply */
    double frontier;            /* capability index of the world frontier at start */
    double frontier_growth;     /* index points per month at compute multiplier 1 */
    double compute[N_REGIONS];  /* relative compute access by origin (US = 1) */
    double open_lag;            /* months open families trail their origin's frontier */
    double diffusion;           /* monthly catch-up rate of a lagging origin to the world frontier */
    double diffusion_lag;       /* months before frontier advances diffuse */
    double cost_decline;        /* monthly fall of marginal cost, 0.03 = 3% */
    double host_margin;         /* open-weight hosts' markup over cost, 0.15 = 15% */
    double price_adjustment;    /* share of the gap to the Bertrand price closed each month */
    enum pricing_unit pricing_unit; /* vendor: a vendor prices its Bertrand families jointly */
    int releases_through;       /* month through which the dated releases are complete: a family's
                                   last release holds until then (1900-01 when absent: no hold) */
    int n_families;
    struct family_spec families[OSS_MAX_FAMILIES];

    /* agents */
    long n_agents;
    double region_share[N_REGIONS];
    double segment_share[N_SEGMENTS];
    struct dist volume;        /* relative monthly token volume (mean 1) */
    struct dist alpha;         /* utils per USD per million tokens */
    struct dist beta;          /* utils per capability index point */
    struct dist openness;      /* utils for open weights */
    struct dist distrust;      /* multiplier on the distrust table */
    struct dist switching;     /* utils lost when switching family */
    struct dist review;        /* probability of reviewing in a month */
    double segment_alpha[N_SEGMENTS];    /* multiplier on alpha */
    double segment_distrust[N_SEGMENTS]; /* multiplier on distrust */
    double segment_volume[N_SEGMENTS];   /* multiplier on volume */
    double distrust_table[N_REGIONS][N_REGIONS]; /* utils, agent region x family origin */
    double hosted_distrust;    /* share of the distrust table that applies to hosted open weights (model risk only) */

    /* frictions */
    bool inertia;        /* false: every agent reviews every month */
    bool awareness;      /* false: every agent knows every family */
    bool switching_cost; /* false: switching is free */
    bool ecosystem_on;   /* false: no ecosystem term */
    bool distrust_on;    /* false: no distrust of foreign origins */
    double ecosystem;        /* utils per unit developer share of the family */
    double awareness_base;   /* monthly chance a reviewing agent hears of an unknown family */
    double awareness_wom;    /* added chance per unit developer share (word of mouth) */

    /* policy levers */
    struct export_controls export_controls;
    struct sanctions sanctions;
    struct tariff tariff;
    struct open_support open_support;
    struct open_restriction open_restriction;
    struct trust_shock trust_shock;
    int n_vendor_changes;
    struct vendor_change vendor_changes[OSS_MAX_VENDOR_CHANGES];

    struct calibration calibration;

    int n_assumptions;
    struct assumption assumptions[OSS_MAX_ASSUMPTIONS];

    /* the file's own `overrides` of the run's shape (horizon, reporting year,
     * agents.count, run.seed, run.replications), which its counterfactual and
     * reference take too, as they take -s: "KEY=VALUE" as written */
#define OSS_MAX_SHAPE_OV 8
    int n_shape_ov;
    char shape_ov[OSS_MAX_SHAPE_OV][160];

    /* judgement parameters with a prior (top-level `uncertain` list): drawn
     * afresh for each posterior draw of an --ensemble run */
    int n_uncertain;
    struct cal_free uncertain[OSS_MAX_UNCERTAIN];
};

/* One -s KEY=VALUE override, as given on the command line. */
struct override_list {
    int n;
    const char **items; /* "KEY=VALUE" strings, not owned */
    bool skip_fitted;   /* ignore the file's `fitted` list (calibrate sets those keys itself) */
};

/* Reads, overrides and validates a scenario.  On failure returns false and
 * writes one message naming file, line and key into err (OSS_ERR_LEN). */
bool scenario_load(struct scenario *sc, const char *path,
                   const struct override_list *ov, char *err);

/* One setting in effect: its key, its value as written in a scenario file,
 * and where it comes from ("FILE:LINE", an override "-s 'K=V'" or
 * "FILE:LINE: overrides 'K=V'", a fitted value "FILE:LINE: fitted 'K=V'",
 * or "default"). */
struct setting_line {
    char key[256];
    char value[256];
    char from[600];
};

/* Loads the scenario as scenario_load does and lists every setting in
 * effect (after includes, overrides and fitted values, with the defaults of
 * keys the file leaves out), sorted by key, into *out (free() it).  Returns
 * how many, or -1 with a message in err. */
int scenario_settings(const char *path, const struct override_list *ov, struct setting_line **out, char *err);

/* Month index of the first and last month of the reporting year, clipped to
 * the horizon; returns false when the year lies outside it. */
bool scenario_reporting_months(const struct scenario *sc, int *first, int *last);

/* Can a and b be compared replication by replication (common random
 * numbers)?  They must share the horizon, agents.count, run.seed and
 * run.replications. */
bool scenario_pairable(const struct scenario *a, const struct scenario *b);

/* The posterior ensemble in the fragment whose `fitted` values the scenario
 * uses (written by oss-sim calibrate): K draws, each a weight and a value
 * for each key of `fitted`, in order. */
struct ensemble {
    int n_keys, n;
    char keys[OSS_MAX_CAL_FREE][OSS_KEY_LEN];
    double *w; /* [n], normalised to sum to 1 */
    double *v; /* [n][n_keys] */
    char file[OSS_PATH_LEN];
};
bool scenario_ensemble(const struct scenario *sc, struct ensemble *e, char *err);
void ensemble_free(struct ensemble *e);

/* A metric by name, as a calibration target names it (value, tolerance and
 * weight left 0): for oss-sim --metric.  false with a message in err. */
bool scenario_metric(const struct scenario *sc, const char *name, struct cal_target *t, char *err);

/* Index of a family by key, or -1. */
int scenario_family_index(const struct scenario *sc, const char *key);

#endif
