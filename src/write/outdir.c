/* outdir.c - write a directory of outputs atomically. */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/inputs.h"
#include "needmap/outdir.h"
#include "needmap/output.h"
#include "needmap/tempfile.h"

#define MARKER NM_OUTPUT_MARKER
#define TMP_INFIX ".needmap-tmp-" /* .DIR.needmap-tmp-XXXXXX, and its .old */

static char *join(const char *dir, const char *name)
{
    nm_buf b = {0};
    nm_buf_printf(&b, "%s/%s", dir, name);
    return b.data;
}

/* 1 if dir may be replaced: absent, empty, or marked as needmap's (a
 * link is never replaced: nm_outdir_begin refuses it before). */
static int replaceable(const char *dir)
{
    struct stat st;
    if (lstat(dir, &st) != 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return 0;
    char *marker = join(dir, MARKER);
    int marked = lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
    free(marker);
    if (marked)
        return 1;
    DIR *d = opendir(dir);
    int empty = d != NULL;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = 0;
    if (d)
        closedir(d);
    return empty;
}

/* Remove the entries of the open directory fd (regular files: ours, or an
 * old output; links are removed, never followed) and then the directory
 * name in parent.  Closes fd; 0 when the directory is gone. */
static int remove_flat_fd(int fd, int parent, const char *name)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
    return unlinkat(parent, name, AT_REMOVEDIR);
}

/* Remove a directory holding only regular files; a link there is not
 * followed (nothing outside it is touched). */
static void remove_flat_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0)
        remove_flat_fd(fd, AT_FDCWD, dir);
}

/* The directory DIR's temporary directory goes in: its parent. */
static char *parent_of(const char *dir, size_t len)
{
    const char *slash = memrchr(dir, '/', len);
    if (!slash)
        return nm_strdup(".");
    if (slash == dir)
        return nm_strdup("/");
    return nm_strndup(dir, (size_t)(slash - dir));
}

/* Remove what runs into parent that were killed left behind: a
 * temporary directory of a live run is locked (flock, released when its
 * process ends however it ends), and one that is not yet locked has no
 * marker yet (nm_outdir_begin locks before writing it).  Returns how many
 * were removed. */
static size_t remove_leftovers(const char *parent)
{
    int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = pfd >= 0 ? fdopendir(pfd) : NULL;
    if (!d) {
        if (pfd >= 0)
            close(pfd);
        return 0;
    }
    size_t removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] != '.' || !strstr(e->d_name, TMP_INFIX))
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0 ||
            fstatat(fd, MARKER, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
            close(fd); /* alive, or just made: not ours to remove */
            continue;
        }
        removed += remove_flat_fd(fd, dirfd(d), e->d_name) == 0; /* the lock goes with fd */
    }
    closedir(d);
    return removed;
}

/* NM_ERR_USAGE unless dir names a directory needmap may write: not empty,
 * not ".", ".." or "/", and not a symbolic link (replacing a link would
 * replace the link, not what it points to; writing into its target would
 * replace a directory under another name). */
static nm_status check_name(const char *dir, size_t len, nm_error *err)
{
    const char *slash = memrchr(dir, '/', len);
    const char *base = slash ? slash + 1 : dir;
    size_t blen = len - (size_t)(base - dir);
    if (blen == 0 || (blen == 1 && base[0] == '.') || (blen == 2 && !memcmp(base, "..", 2)))
        return nm_error_set(err, NM_ERR_USAGE, dir, 0, 0,
                            "-o needs the name of a directory to write (not '.', '..' or "
                            "'/'); e.g. -o results");
    struct stat st;
    if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
        char target[512];
        ssize_t k = readlink(dir, target, sizeof target - 1);
        target[k > 0 ? k : 0] = '\0';
        return nm_error_set(err, NM_ERR_USAGE, dir, 0, 0,
                            "is a symbolic link (to %s): needmap does not write through a "
                            "link; give -o the directory itself, or a new name", target);
    }
    return NM_OK;
}

nm_status nm_outdir_begin(nm_outdir *o, const char *dir, nm_error *err)
{
    memset(o, 0, sizeof *o);
    o->lock = -1;
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    char *name = nm_strndup(dir, len);
    nm_status st = check_name(name, len, err);
    if (st == NM_OK && !replaceable(name))
        st = nm_error_set(err, NM_ERR_OUTPUT, dir, 0, 0,
                          "exists and is not a needmap output directory: choose another "
                          "directory with -o, or remove it");
    if (st != NM_OK) {
        free(name);
        return st;
    }
    char *parent = parent_of(name, len);
    o->removed = remove_leftovers(parent);
    free(parent);
    const char *slash = memrchr(name, '/', len);
    size_t dirlen = slash ? (size_t)(slash - name) + 1 : 0;
    nm_buf tmp = {0};
    nm_buf_printf(&tmp, "%.*s.%s" TMP_INFIX "%s", (int)dirlen, name, name + dirlen,
                  NM_MKSTEMP_SUFFIX);
    /* made 0700, and so kept while it may hold unsuppressed data; the
     * usual mode is given at commit */
    if (!mkdtemp(tmp.data) ||
        (o->lock = open(tmp.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
        flock(o->lock, LOCK_EX) != 0) {
        st = nm_error_set(err, NM_ERR_OUTPUT, dir, 0, 0,
                          "cannot create a directory beside it: %s", strerror(errno));
        if (o->lock >= 0)
            close(o->lock);
        rmdir(tmp.data);
        nm_buf_free(&tmp);
        free(name);
        o->lock = -1;
        return st;
    }
    mode_t mask = umask(0);
    umask(mask);
    o->mode = 0777 & ~mask;
    o->final = name;
    o->tmp = tmp.data;
    FILE *m = nm_outdir_file(o, MARKER, err);
    if (!m) {
        nm_outdir_abort(o);
        return NM_ERR_OUTPUT;
    }
    fputs("This directory was written by needmap; needmap run -o replaces it whole.\n", m);
    st = nm_outdir_close(o, m, MARKER, err);
    if (st != NM_OK)
        nm_outdir_abort(o);
    return st;
}

/* An output file is written through a stream of our own (fopencookie)
 * so that its writeback to disk starts while it is still being written:
 * every WRITEBACK bytes, the kernel is asked to start writing the range
 * before (sync_file_range, which does not wait), and closing flushes the
 * rest to disk (fsync) before the directory is committed, which then
 * waits only for the last part (docs/performance.md). */
enum { WRITEBACK = 4 << 20 };

typedef struct out_file {
    int fd;
    off_t written, started;    /* bytes written; writeback started below this */
    int err;                   /* errno of the first failure, 0 while none */
} out_file;

static void out_failed(out_file *o)
{
    if (!o->err)
        o->err = errno ? errno : EIO;
}

/* The bytes written; 0 on an error (the stream then has its error flag:
 * a cookie's write function must never return less than 0). */
static ssize_t out_write(void *cookie, const char *buf, size_t n)
{
    out_file *o = cookie;
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(o->fd, buf + done, n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            out_failed(o);
            break;
        }
        done += (size_t)k;
    }
    o->written += (off_t)done;
    if (o->written - o->started >= WRITEBACK) {
        sync_file_range(o->fd, o->started, o->written - o->started, SYNC_FILE_RANGE_WRITE);
        o->started = o->written;
    }
    return (ssize_t)done;
}

/* Closing is where the file reaches the disk: fsync, then close.  Fails
 * with errno of the first failure of the file's life (a full disk while
 * writing is what the user must hear, not what fsync says after it). */
static int out_close(void *cookie)
{
    out_file *o = cookie;
    if (fsync(o->fd) != 0)
        out_failed(o);
    if (close(o->fd) != 0)
        out_failed(o);
    int err = o->err;
    free(o);
    errno = err;
    return err ? -1 : 0;
}

static FILE *open_out(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return NULL;
    out_file *o = nm_calloc(1, sizeof *o);
    o->fd = fd;
    FILE *f = fopencookie(o, "w", (cookie_io_functions_t){NULL, out_write, NULL, out_close});
    if (!f) {
        int saved = errno;
        close(fd);
        free(o);
        errno = saved;
    }
    return f;
}

FILE *nm_outdir_file(nm_outdir *o, const char *name, nm_error *err)
{
    char *path = join(o->tmp, name);
    FILE *f = open_out(path);
    if (!f)
        nm_error_set(err, NM_ERR_OUTPUT, path, 0, 0, "cannot create: %s", strerror(errno));
    else {
        NM_GROW(o->files, o->cap, o->nfiles + 1);
        o->files[o->nfiles++] = nm_strdup(name);
    }
    free(path);
    return f;
}

nm_status nm_outdir_close(nm_outdir *o, FILE *f, const char *name, nm_error *err)
{
    int bad = ferror(f) || fflush(f) != 0;
    /* fsyncs (out_close), which leaves errno of the file's first failure */
    bad |= fclose(f) != 0;
    if (!bad)
        return NM_OK;
    int cause = errno ? errno : EIO;
    char *path = join(o->tmp, name);
    nm_status st = nm_error_set(err, NM_ERR_OUTPUT, path, 0, 0, "cannot write: %s",
                                strerror(cause));
    free(path);
    return st;
}

static void release(nm_outdir *o)
{
    for (size_t i = 0; i < o->nfiles; i++)
        free(o->files[i]);
    free(o->files);
    free(o->final);
    free(o->tmp);
    if (o->lock >= 0)
        close(o->lock);
    memset(o, 0, sizeof *o);
    o->lock = -1;
}

/* Swap tmp into place where the file system has no atomic exchange: the
 * old DIR moves aside (locked meanwhile, so that another run does not take
 * it for a leftover), tmp takes its name, the old one is removed. */
static int swap_by_renames(nm_outdir *o)
{
    nm_buf old = {0};
    nm_buf_printf(&old, "%s.old", o->tmp);
    int fd = open(o->final, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0)
        flock(fd, LOCK_EX);
    int rc = rename(o->final, old.data);
    if (rc == 0 && (rc = rename(o->tmp, o->final)) != 0) {
        int saved = errno;
        rename(old.data, o->final);
        errno = saved;
    }
    if (rc == 0 && fd >= 0)
        remove_flat_fd(fd, AT_FDCWD, old.data);
    else if (rc == 0)
        remove_flat_dir(old.data);
    else if (fd >= 0)
        close(fd);
    nm_buf_free(&old);
    return rc;
}

nm_status nm_outdir_commit(nm_outdir *o, nm_error *err)
{
    struct stat st;
    int exists = lstat(o->final, &st) == 0;
    int rc;
    if (exists && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR; /* became a link or a file since nm_outdir_begin */
        rc = -1;
    } else if (fchmod(o->lock, o->mode) != 0) {
        rc = -1;
    } else if (exists) {
        rc = renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            if (swap_by_renames(o) == 0) {
                release(o);
                return NM_OK;
            }
            rc = -1;
        }
    } else {
        rc = rename(o->tmp, o->final);
    }
    if (rc != 0) {
        nm_status s = nm_error_set(err, NM_ERR_OUTPUT, o->final, 0, 0,
                                   "cannot move the results into place: %s", strerror(errno));
        nm_outdir_abort(o);
        return s;
    }
    if (exists)
        remove_flat_dir(o->tmp); /* now holds the old contents */
    release(o);
    return NM_OK;
}

void nm_outdir_abort(nm_outdir *o)
{
    if (o->tmp)
        remove_flat_dir(o->tmp);
    release(o);
}
