/*
 * resdir.h - a result directory as one atomic unit.
 *
 * A command that writes a result directory DIR (a run's CSVs, manifest and
 * charts) does it in three steps:
 *
 *   resdir_begin   checks the path, takes the lock PARENT/.NAME.lock (flock,
 *                  removed when done: a second writer of DIR gets a clear
 *                  error), removes the
 *                  temporaries a killed writer left, and creates a fresh
 *                  sibling PARENT/.NAME.tmp-XXXXXX (mkdtemp): d->tmp;
 *   (the command writes every file into d->tmp)
 *   resdir_commit  checks every file (a CSV or text file non-empty and ending
 *                  in a newline, a PNG with its IEND chunk, a PDF with %%EOF,
 *                  an SVG with </svg>), fsyncs them, and puts d->tmp in DIR's
 *                  place with rename(2), with SIGINT and SIGTERM held off;
 *   resdir_abort   (on any failure or signal) removes d->tmp.
 *
 * So DIR always holds one complete result: the previous one until the
 * rename, the new one after it, never a mix.  A previous result in DIR (a
 * directory with a manifest.txt) is not destroyed: it is kept as DIR.1 (or
 * DIR.2, ... the first free name), unless `replace` is set (--force), when
 * it is removed after the swap.  A non-empty DIR that is not a result is
 * never touched: that is an error.
 */
#ifndef OSS_RESDIR_H
#define OSS_RESDIR_H

#include <stdbool.h>

#include "scenario.h" /* OSS_PATH_LEN, OSS_ERR_LEN */

struct resdir {
    char final[OSS_PATH_LEN]; /* the result directory, as given */
    char tmp[OSS_PATH_LEN];   /* the sibling being written */
    char kept[OSS_PATH_LEN];  /* where the previous result went, or "" */
    bool replace;             /* remove the previous result instead of keeping it */
    int lock_fd;              /* -1 when not locked */
    char lock[OSS_PATH_LEN + 16]; /* the lock file (OSS_LOCK_LEN) */
    char made[OSS_PATH_LEN];  /* tmp as made, kept after it is gone (resdir_name_final) */
};

/* Returns 0, or 2 (a bad or busy path: err says why) or 1 (a system error). */
int resdir_begin(struct resdir *d, const char *final, bool replace, char *err);

/* Returns 0, or 1 with err naming the file that failed. */
int resdir_commit(struct resdir *d, char *err);

/* Removes the temporary directory and releases the lock. */
void resdir_abort(struct resdir *d);

/* In a message (OSS_ERR_LEN bytes) about a file written in d->tmp, puts the
 * result directory's name in place of the temporary one: the user is told of
 * DIR/families.csv, the file they will look for, not of a hidden directory
 * already removed. */
void resdir_name_final(const struct resdir *d, char *msg);

/* Releases the lock after a commit (resdir_abort does it after a failure). */
void resdir_end(struct resdir *d);

/* Is the file complete for its kind (see above)?  err gets "PATH: why". */
bool resdir_check_file(const char *path, char *err);

/* A path for a result: at most OSS_OUT_PATH_MAX characters, so that every
 * path made from it (a temporary directory beside it, a temporary file in
 * that, a chart's temporary) fits in OSS_PATH_LEN; its last name at most
 * OSS_OUT_NAME_MAX (the temporary directory's name adds 12 to it, and a name
 * has at most 255 bytes); and no line break (it goes into manifest.txt).
 * err gets the message. */
#define OSS_OUT_PATH_MAX (OSS_PATH_LEN - 128)
#define OSS_OUT_NAME_MAX 240
bool resdir_check_path(const char *path, char *err);

/* PATH's parent directory ("." for a bare name, "/" for the root) and last
 * name, trailing slashes ignored; each buffer OSS_PATH_LEN bytes. */
void resdir_split(const char *path, char *parent, char *name);

/* Takes an exclusive lock (flock) on the file PARENT/.NAME.lock beside
 * path, without waiting: returns the descriptor and the lock file's name in
 * lock, or -1 with err (a second writer: "... is being written by another
 * oss-sim (pid N)").  resdir_unlock removes the file and lets go. */
#define OSS_LOCK_LEN (OSS_PATH_LEN + 16)
int resdir_lock(const char *path, char lock[OSS_LOCK_LEN], char *err);
void resdir_unlock(int fd, const char *lock);

#endif
