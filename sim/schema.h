/*
 * schema.h - every scenario key as data: path, type, range, default, unit,
 * plain-language label and one line of documentation.
 *
 * One table (schema.c) describes the keys a scenario file may hold.  The
 * loader (scenario.c) takes the range of every number it reads from it (the
 * constants written in its calls are a fallback for keys not yet in the
 * table), charts and `oss-sim show` take their labels from it, and the keys
 * reference (docs/keys.md) is generated from it.
 * A path names a setting as -s does ("agents.volume.sd"); a part "*" matches
 * any one name ("families.*.quality") and "[]" any element of a list
 * ("policy.vendor_strategy[].family").
 */
#ifndef OSS_SCHEMA_H
#define OSS_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

enum schema_type {
    SCHEMA_FLOAT,  /* a number in [lo, hi] */
    SCHEMA_INT,    /* a whole number in [lo, hi] */
    SCHEMA_BOOL,   /* true or false */
    SCHEMA_STRING, /* free text in double quotes */
    SCHEMA_NAME,   /* one of `choices` */
    SCHEMA_NAMES,  /* a list of `choices` */
    SCHEMA_MONTH,  /* "YYYY-MM" */
    SCHEMA_GROUP,  /* { ... } */
    SCHEMA_LIST    /* ( ... ) or [ ... ] */
};

struct schema_key {
    const char *path;       /* "agents.volume.sd", "families.*.quality" */
    enum schema_type type;
    double lo, hi;          /* inclusive, finite; numbers only */
    double def;             /* default of a number or bool (0/1); ignored when required */
    bool required;          /* must be present (in its group, when that is present) */
    const char *def_text;   /* default as the user reads it: "lognormal", "the key", "horizon start" */
    const char *choices;    /* names a SCHEMA_NAME(S) takes, or those a path's last "*" stands
                               for where they are fixed (agents.by_segment.*: the segments);
                               ", "-separated, or NULL */
    const char *unit;       /* "USD per million tokens", "" when none */
    const char *label;      /* plain-language label for charts and tables */
    const char *doc;        /* one line */
};

extern const struct schema_key schema_keys[];
extern const size_t schema_n_keys;

/* The entry of a setting's path ("families.deepseek.quality" finds
 * "families.*.quality"; "policy.vendor_strategy[2].month" finds
 * "policy.vendor_strategy[].month"), or NULL for a key the model does not
 * have. */
const struct schema_key *schema_find(const char *path);

/* Its label, or the path itself when the key is not in the table. */
const char *schema_label(const char *path);

/* "float", "int", ... */
const char *schema_type_name(enum schema_type t);

#endif
