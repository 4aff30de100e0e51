/*
 * syntax.h - what libconfig's "syntax error" means in a scenario file.
 *
 * libconfig reports a value it cannot read only as "syntax error" at a
 * line.  Most such errors are a few habits from spreadsheets and other
 * formats: nan or inf (libconfig has no literal for a number that is not
 * finite), a month without quotes (2025-01), a percentage (4%), a
 * thousands separator or a decimal comma (1,000.5; 0,04), yes or no, text in
 * single quotes or without quotes, a key with no value, or a file that ends
 * inside a group.
 * syntax_explain() reads the line libconfig named in the text it was given
 * and, for these, says which key and how to write its value; the loader
 * (scenario.c) does this for a scenario, each file it includes and the
 * calibration fragment alike.
 */
#ifndef OSS_SYNTAX_H
#define OSS_SYNTAX_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

/* For a syntax error at line `line` of text (as libconfig read it): writes
 * "KEY: what is wrong (how to write it)" into out (KEY the setting's path,
 * as -s names it, when the line can be read with the value replaced; else
 * the key as written on the line), or a sentence without a key, and returns
 * true; false (out empty) when none of the mistakes above is on the line. */
bool syntax_explain(const char *text, int line, char *out, size_t n);

/* The same for a value given as text (an override, -s KEY=VALUE) where a
 * number is wanted: a percentage (4%) or a comma in a number (1,000.5;
 * 0,04); false when it is neither. */
bool syntax_number_hint(const char *v, char *out, size_t n);

/* The path of a setting as messages and -s name it: "market.growth",
 * "calibration.targets[2].value". */
void syntax_setting_path(const config_setting_t *s, char *buf, size_t n);

#endif
