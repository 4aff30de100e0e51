/*
 * resdir.c - a result directory as one atomic unit (see resdir.h).
 */
#define _GNU_SOURCE /* renameat2, O_DIRECTORY */
#include "resdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* PARENT and NAME of a path ("out/baseline" -> "out", "baseline"). */
void resdir_split(const char *path, char *parent, char *name)
{
    char buf[OSS_PATH_LEN];
    snprintf(buf, sizeof buf, "%s", path);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash) {
        snprintf(parent, OSS_PATH_LEN, ".");
        snprintf(name, OSS_PATH_LEN, "%s", buf);
    } else {
        snprintf(name, OSS_PATH_LEN, "%s", slash + 1);
        if (slash == buf)
            snprintf(parent, OSS_PATH_LEN, "/");
        else
            snprintf(parent, OSS_PATH_LEN, "%.*s", (int)(slash - buf), buf);
    }
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(p);
    else
        unlink(p);
    return 0;
}

static void rm_tree(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static bool mkdirs(const char *dir, char *err)
{
    char buf[OSS_PATH_LEN];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p)
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(err, OSS_ERR_LEN, "%.900s: cannot create output directory: %s", buf, strerror(errno));
            return false;
        }
        *p = c;
        if (!c)
            break;
    }
    return true;
}

bool resdir_check_path(const char *path, char *err)
{
    if (!path[0]) {
        snprintf(err, OSS_ERR_LEN, "an empty output path");
        return false;
    }
    if (strlen(path) > OSS_OUT_PATH_MAX) {
        snprintf(err, OSS_ERR_LEN, "%.200s...: output path longer than %d characters", path, OSS_OUT_PATH_MAX);
        return false;
    }
    /* its last name gets a prefix and a suffix (.NAME.tmp-XXXXXX, .NAME.lock) */
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (end - start > OSS_OUT_NAME_MAX) {
        snprintf(err, OSS_ERR_LEN, "%.200s...: the output directory's name is longer than %d characters", path + start,
                 OSS_OUT_NAME_MAX);
        return false;
    }
    if (strpbrk(path, "\n\r")) {
        snprintf(err, OSS_ERR_LEN, "output path \"%.900s\" holds a line break", path);
        return false;
    }
    return true;
}

int resdir_lock(const char *path, char lock[OSS_LOCK_LEN], char *err)
{
    char parent[OSS_PATH_LEN], name[OSS_PATH_LEN];
    resdir_split(path, parent, name);
    if (snprintf(lock, OSS_LOCK_LEN, "%s/.%s.lock", parent, name) >= OSS_LOCK_LEN) {
        snprintf(err, OSS_ERR_LEN, "%.900s: output path too long", path);
        return -1;
    }
    int fd = -1;
    for (int tries = 0; tries < 100; tries++) {
        fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0) {
            snprintf(err, OSS_ERR_LEN, "%.900s: cannot create the lock file: %s", lock, strerror(errno));
            return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0)
            break;
        /* the holder unlinks the file before it lets go: a lock on a file
         * no longer at that name is no lock */
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(lock, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
            goto locked;
        close(fd);
        fd = -1;
    }
    if (fd < 0) {
        snprintf(err, OSS_ERR_LEN, "%.900s: cannot take the lock", lock);
        return -1;
    }
    {
        char pid[32] = "";
        ssize_t k = pread(fd, pid, sizeof pid - 1, 0);
        pid[k > 0 ? k : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        snprintf(err, OSS_ERR_LEN, "%.900s is being written by another oss-sim%s%s%s; wait for it, or choose another output",
                 path, pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "");
        close(fd);
        return -1;
    }
locked:;
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) != n) {
        /* the pid is only for the message */
    }
    return fd;
}

void resdir_unlock(int fd, const char *lock)
{
    if (fd < 0)
        return;
    unlink(lock); /* while still holding it (see resdir_lock) */
    close(fd);
}

/* Removes PARENT/.NAME.tmp-* left by a killed writer (we hold the lock). */
static void clean_stale(const char *parent, const char *name)
{
    DIR *dp = opendir(parent);
    if (!dp)
        return;
    char pre[OSS_PATH_LEN + 8];
    snprintf(pre, sizeof pre, ".%.2000s.tmp-", name);
    size_t pl = strlen(pre);
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strncmp(e->d_name, pre, pl) != 0 || strlen(e->d_name) != pl + 6)
            continue;
        char p[OSS_PATH_LEN * 2];
        snprintf(p, sizeof p, "%s/%s", parent, e->d_name);
        rm_tree(p);
    }
    closedir(dp);
}

/* Is dir an empty directory (1), a result (a manifest.txt: 2), or else (0)? */
static int dir_kind(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int n = 0;
    bool manifest = false;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        manifest |= strcmp(e->d_name, "manifest.txt") == 0;
    }
    closedir(dp);
    return n == 0 ? 1 : manifest ? 2 : 0;
}

int resdir_begin(struct resdir *d, const char *final, bool replace, char *err)
{
    memset(d, 0, sizeof *d);
    d->lock_fd = -1;
    d->replace = replace;
    if (!resdir_check_path(final, err))
        return 2;
    snprintf(d->final, sizeof d->final, "%s", final);
    char parent[OSS_PATH_LEN], name[OSS_PATH_LEN];
    resdir_split(final, parent, name);
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, "/") == 0) {
        snprintf(err, OSS_ERR_LEN, "%.900s: name a result directory of its own (for example out/run1)", final);
        return 2;
    }
    struct stat st;
    if (lstat(final, &st) == 0 && !S_ISDIR(st.st_mode)) {
        /* a symlink is not followed: the result replaces DIR itself */
        snprintf(err, OSS_ERR_LEN, "%.900s: output path is %s", final,
                 S_ISLNK(st.st_mode) ? "a symbolic link, not a directory: give the directory it points to"
                                     : "not a directory");
        return 2;
    }
    if (!mkdirs(parent, err))
        return 2;
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, OSS_ERR_LEN, "%.900s: cannot create output directory: %s", final, strerror(ENOTDIR));
        return 2;
    }
    if (access(parent, W_OK | X_OK) != 0) {
        snprintf(err, OSS_ERR_LEN, "%.900s: output directory is not writable: %s", parent, strerror(errno));
        return 2;
    }
    if ((d->lock_fd = resdir_lock(final, d->lock, err)) < 0)
        return 2;
    clean_stale(parent, name);
    if (lstat(final, &st) == 0 && dir_kind(final) == 0) {
        snprintf(err, OSS_ERR_LEN,
                 "%.900s holds files that are not an oss-sim result (no manifest.txt); give a new or empty directory with -o",
                 final);
        resdir_abort(d);
        return 2;
    }
    if (snprintf(d->tmp, sizeof d->tmp, "%s/.%s.tmp-XXXXXX", parent, name) >= (int)sizeof d->tmp || !mkdtemp(d->tmp)) {
        snprintf(err, OSS_ERR_LEN, "%.900s: cannot create a directory beside it: %s", final, strerror(errno));
        d->tmp[0] = '\0';
        resdir_abort(d);
        return 2;
    }
    snprintf(d->made, sizeof d->made, "%s", d->tmp);
    mode_t um = umask(0); /* mkdtemp makes it 0700: give it mkdir's mode */
    umask(um);
    chmod(d->tmp, 0777 & ~um);
    return 0;
}

static bool ends_with(int fd, off_t size, const char *tail, size_t tl, size_t window)
{
    char buf[1024];
    if (window > sizeof buf)
        window = sizeof buf;
    if ((off_t)window > size)
        window = (size_t)size;
    if (window < tl)
        return false;
    if (pread(fd, buf, window, size - (off_t)window) != (ssize_t)window)
        return false;
    for (size_t i = 0; i + tl <= window; i++)
        if (memcmp(buf + i, tail, tl) == 0)
            return true;
    return false;
}

/* NULL when the file is complete for its kind (and synced), else why not. */
static const char *file_problem(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return "cannot be read back";
    }
    const char *dot = strrchr(path, '.');
    const char *ext = dot ? dot + 1 : "";
    bool ok = S_ISREG(st.st_mode) && st.st_size > 0;
    const char *why = "empty";
    if (ok && strcmp(ext, "png") == 0) {
        static const unsigned char iend[] = {'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
        ok = ends_with(fd, st.st_size, (const char *)iend, sizeof iend, sizeof iend);
        why = "a PNG without its IEND chunk (cut short)";
    } else if (ok && strcmp(ext, "pdf") == 0) {
        ok = ends_with(fd, st.st_size, "%%EOF", 5, 32);
        why = "a PDF without %%EOF (cut short)";
    } else if (ok && strcmp(ext, "svg") == 0) {
        ok = ends_with(fd, st.st_size, "</svg>", 6, 64);
        why = "an SVG without </svg> (cut short)";
    } else if (ok && (strcmp(ext, "csv") == 0 || strcmp(ext, "txt") == 0 || strcmp(ext, "md") == 0 ||
                      strcmp(ext, "cfg") == 0)) {
        ok = ends_with(fd, st.st_size, "\n", 1, 1);
        why = "text not ending in a newline (cut short)";
    }
    if (ok && fsync(fd) != 0) {
        ok = false;
        why = strerror(errno);
    }
    close(fd);
    return ok ? NULL : why;
}

bool resdir_check_file(const char *path, char *err)
{
    const char *why = file_problem(path);
    if (why)
        snprintf(err, OSS_ERR_LEN, "%.900s: %s; is the disk full?", path, why);
    return why == NULL;
}

/* Checks and fsyncs every file of d->tmp; names a failure by its final path. */
static bool check_all(const struct resdir *d, char *err)
{
    DIR *dp = opendir(d->tmp);
    if (!dp) {
        snprintf(err, OSS_ERR_LEN, "%.900s: %s", d->tmp, strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[OSS_PATH_LEN + 300];
        snprintf(p, sizeof p, "%s/%s", d->tmp, e->d_name);
        struct stat st;
        if (lstat(p, &st) != 0 || S_ISDIR(st.st_mode))
            continue;
        const char *why = file_problem(p);
        if (why) {
            snprintf(err, OSS_ERR_LEN, "%.700s/%.250s: %s; is the disk full?", d->final, e->d_name, why);
            ok = false;
        }
    }
    closedir(dp);
    int fd = open(d->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        if (ok && fsync(fd) != 0) {
            snprintf(err, OSS_ERR_LEN, "%.900s: %s", d->final, strerror(errno));
            ok = false;
        }
        close(fd);
    }
    return ok;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int resdir_commit(struct resdir *d, char *err)
{
    if (!check_all(d, err)) {
        resdir_abort(d);
        return 1;
    }
    char parent[OSS_PATH_LEN], name[OSS_PATH_LEN];
    resdir_split(d->final, parent, name);
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, &old);
    int rc = 0;
    struct stat st;
    bool exists = lstat(d->final, &st) == 0;
    if (exists && dir_kind(d->final) == 1) {
        rmdir(d->final); /* empty: nothing to keep */
        exists = lstat(d->final, &st) == 0;
    }
    if (!exists) {
        if (rename(d->tmp, d->final) != 0)
            rc = 1;
    } else if (!d->replace) {
        /* the previous result to DIR.N first: a crash between the two
         * renames leaves it whole there, never a mix */
        for (int n = 1; n < 100000; n++) {
            snprintf(d->kept, sizeof d->kept, "%.4000s.%d", d->final, n);
            if (lstat(d->kept, &st) != 0 && errno == ENOENT)
                break;
        }
        if (rename(d->final, d->kept) != 0 || rename(d->tmp, d->final) != 0)
            rc = 1;
    } else if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->final, RENAME_EXCHANGE) == 0) {
        rm_tree(d->tmp); /* the previous result, now under the temporary name */
    } else {
        /* no RENAME_EXCHANGE on this file system: move the old one aside */
        char aside[OSS_PATH_LEN + 16];
        if (snprintf(aside, sizeof aside, "%s/.%s.tmp-old%03d", parent, name, (int)(getpid() % 1000)) >=
            (int)sizeof aside)
            aside[0] = '\0';
        if (rename(d->final, aside) != 0 || rename(d->tmp, d->final) != 0)
            rc = 1;
        else
            rm_tree(aside);
    }
    if (rc)
        snprintf(err, OSS_ERR_LEN, "%.900s: cannot put the result in place: %s", d->final, strerror(errno));
    else
        d->tmp[0] = '\0';
    sync_dir(parent);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (rc)
        resdir_abort(d);
    return rc;
}

void resdir_name_final(const struct resdir *d, char *msg)
{
    size_t tl = strlen(d->made), fl = strlen(d->final);
    char *p = tl ? strstr(msg, d->made) : NULL;
    if (!p)
        return;
    char rest[OSS_ERR_LEN];
    snprintf(rest, sizeof rest, "%s", p + tl);
    size_t at = (size_t)(p - msg);
    snprintf(msg + at, OSS_ERR_LEN - at, "%.*s%s", (int)(fl < OSS_ERR_LEN - at ? fl : OSS_ERR_LEN - at - 1),
             d->final, rest);
}

void resdir_end(struct resdir *d)
{
    resdir_unlock(d->lock_fd, d->lock);
    d->lock_fd = -1;
}

void resdir_abort(struct resdir *d)
{
    if (d->tmp[0])
        rm_tree(d->tmp);
    d->tmp[0] = '\0';
    resdir_end(d);
}
