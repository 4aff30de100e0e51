/*
 * include.h - @include resolved beside the file that holds it, at any depth.
 *
 * libconfig 1.5 (the installed one; it has no config_set_include_func)
 * resolves every @include against the current directory or one include
 * directory.  So before libconfig sees a scenario, include_prepare() reads it
 * and every file it includes, resolves each @include relative to the
 * directory of the file that contains it (absolute paths as they are), checks
 * that each is a regular file, and rewrites the @include lines to the
 * resolved paths: the top file's text is returned for config_read_string(),
 * and an included file that itself includes others is given to libconfig as
 * a rewritten copy in a private temporary directory (same lines, so line
 * numbers hold).  include_original() maps a copy's name back to the file the
 * user wrote, for messages.
 *
 * A list `overrides = [ ... ];` may stand in several of the files (a user's
 * file that includes a shipped policy scenario, which includes the
 * baseline): each is renamed `overrides__N`, N counting them in the order
 * libconfig meets them (an included file's where its @include stands), so
 * that they do not collide and the loader applies them in that order, the
 * later entry winning (scenario.c).  A file so renamed is read as a copy too.
 */
#ifndef OSS_INCLUDE_H
#define OSS_INCLUDE_H

#include <stdbool.h>
#include <stddef.h>

#define OSS_INCLUDE_DEPTH 10 /* libconfig's own limit on nested includes */

struct include_map {
    char *text;           /* the top file, @include lines rewritten; NUL-terminated */
    char *tmpdir;         /* directory of the rewritten copies, or NULL */
    int n;                /* copies */
    char **copy, **orig;  /* copy[i] is orig[i] rewritten */
    int n_overrides;      /* top-level `overrides` lists, renamed overrides__1, __2, ... in include order */
};

/* Reads the scenario `path` and what it includes.  On failure returns false
 * with a message naming the file, the line and the include in err (n bytes). */
bool include_prepare(struct include_map *m, const char *path, char *err, size_t n);

/* The file the user wrote for a name libconfig reports (a copy's name), or
 * name itself. */
const char *include_original(const struct include_map *m, const char *name);

/* Removes the copies and frees m. */
void include_free(struct include_map *m);

/* The text of a scenario file (or of the calibration fragment) as libconfig
 * is to read it: a regular file of at most 64 MiB without a NUL byte, a
 * UTF-8 byte-order mark dropped (*had_bom says whether there was one; may be
 * NULL).  Returns it (free it), or NULL with "PATH: why" in err (n bytes). */
char *include_read_text(const char *path, bool *had_bom, char *err, size_t n);

/* Is path a regular file that can be opened for reading?  Never blocks (a
 * FIFO is refused, not opened for a writer).  On failure writes
 * "PATH: WHY" into err. */
bool include_check_file(const char *path, char *err, size_t n);

#endif
