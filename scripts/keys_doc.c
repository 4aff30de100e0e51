/*
 * scripts/keys_doc.c - prints docs/keys.md, the reference of every scenario
 * key, from the schema table (sim/schema.c).  `make docs` writes the file and
 * `make test` checks that the file in the tree is what this prints.
 *
 *   build/release/keys_doc > docs/keys.md
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "schema.h"

/* A number as a reader writes it: 20000, 0.15, 1e+06 -> 1e6. */
static void num(double v, char *buf, size_t n)
{
    if (v == 9223372036854775807.0) {
        snprintf(buf, n, "2^63-1");
        return;
    }
    snprintf(buf, n, "%g", v);
    char *e = strstr(buf, "e+");
    if (e) {
        memmove(e + 1, e + 2, strlen(e + 2) + 1);
        while (e[1] == '0' && e[2])
            memmove(e + 1, e + 2, strlen(e + 2) + 1);
    }
}

static void section(const char *top)
{
    printf(strchr(top, ' ') ? "\n## %s\n\n" : "\n## `%s`\n\n", top);
    printf("| key | type | unit | default | allowed | label | meaning |\n");
    printf("|---|---|---|---|---|---|---|\n");
}

int main(void)
{
    printf("# Scenario keys\n\n"
           "Every key a scenario file may hold, generated from the table in `sim/schema.c`\n"
           "(`make docs`; do not edit by hand).  A key is written as a path, as `-s KEY=VALUE`\n"
           "takes it.  `*` stands for any name (a family's key, a segment, a region) and `[]`\n"
           "for any element of a list.  Ranges are inclusive; a value outside its range, of\n"
           "the wrong type or not a finite number is refused with a message naming the\n"
           "file, the line and the key.  \"required\" keys must be present in their group\n"
           "when the group is; the default of any other key is the value in effect when it is\n"
           "left out (the loader reads it from this table).  `-s` takes a value with its key's\n"
           "type: an int key accepts `2e4`, a float key a whole number, a string, name or\n"
           "month key any text without quotes.  The economics of each key is in `model.md`.\n");
    char top[64] = "";
    for (size_t i = 0; i < schema_n_keys; i++) {
        const struct schema_key *k = &schema_keys[i];
        char t[64];
        size_t tl = strcspn(k->path, ".[");
        snprintf(t, sizeof t, "%.*s", (int)tl, k->path);
        if (!k->path[tl] && k->type != SCHEMA_GROUP)
            snprintf(t, sizeof t, "top level");
        if (strcmp(t, top) != 0) {
            snprintf(top, sizeof top, "%s", t);
            section(top);
        }
        char def[128] = "", allowed[160] = "", a[40], b[40];
        if (k->required)
            snprintf(def, sizeof def, "required");
        else if (k->def_text)
            snprintf(def, sizeof def, "%s", k->def_text);
        else if (k->type == SCHEMA_BOOL)
            snprintf(def, sizeof def, "%s", k->def != 0 ? "true" : "false");
        else if (k->type == SCHEMA_FLOAT || k->type == SCHEMA_INT)
            num(k->def, def, sizeof def);
        if (k->type == SCHEMA_FLOAT || k->type == SCHEMA_INT) {
            num(k->lo, a, sizeof a);
            num(k->hi, b, sizeof b);
            snprintf(allowed, sizeof allowed, "%s to %s", a, b);
        } else if (k->choices) {
            snprintf(allowed, sizeof allowed, "%s", k->choices);
        }
        printf("| `%s` | %s | %s | %s | %s | %s | %s |\n", k->path, schema_type_name(k->type), k->unit, def,
               allowed, k->label, k->doc);
    }
    return 0;
}
