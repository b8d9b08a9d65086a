/* inputs.c - files and directories named on the command line. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/columns.h"
#include "needmap/inputs.h"
#include "needmap/sha256.h"

static void push(nm_inputs *in, const char *path)
{
    NM_GROW(in->paths, in->cap, in->n + 1);
    in->paths[in->n++] = nm_strdup(path);
}

static void add_problem(nm_inputs *in, nm_input_level level, const char *path, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));

static void add_problem(nm_inputs *in, nm_input_level level, const char *path, const char *fmt,
                        ...)
{
    char msg[NM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    NM_GROW(in->problems, in->pcap, in->nproblems + 1);
    nm_input_problem *p = &in->problems[in->nproblems++];
    p->level = level;
    nm_error_set(&p->err, NM_ERR_INPUT, path, 0, 0, "%s", msg);
}

const char *nm_input_level_name(nm_input_level level)
{
    return level == NM_INPUT_ERROR ? "error" : level == NM_INPUT_WARNING ? "warning" : "note";
}

static int wanted(const char *name)
{
    static const char *const exts[] = {".csv", ".tsv", ".txt", ".json", ".xlsx", NULL};
    size_t n = strlen(name);
    if (strncmp(name, "~$", 2) == 0) /* Excel's owner file beside an open workbook */
        return 0;
    for (const char *const *e = exts; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strcasecmp(name + n - k, *e) == 0)
            return 1;
    }
    return 0;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    nm_buf b = {0};
    nm_buf_printf(&b, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
    return b.data;
}

/* 1 when dir was written by needmap run (it holds the marker file). */
static int is_output_dir(const char *dir)
{
    char *marker = join(dir, NM_OUTPUT_MARKER);
    struct stat st;
    int yes = lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
    free(marker);
    return yes;
}

/* The path the directory st was walked as, or NULL (then it is
 * remembered as walked as path). */
static const char *seen_dir(nm_inputs *in, const struct stat *st, const char *path)
{
    char key[64];
    snprintf(key, sizeof key, "%llx:%llx", (unsigned long long)st->st_dev,
             (unsigned long long)st->st_ino);
    if (!in->dirs)
        in->dirs = nm_strmap_new();
    void *was;
    if (nm_strmap_find(in->dirs, key, &was))
        return was;
    nm_strmap_put(in->dirs, key, nm_strdup(path));
    return NULL;
}

/* A walk below one argument: exports found, and the links to directories
 * still to follow (after every real directory, so that a directory
 * reached both ways is read under its own path). */
typedef struct walk {
    nm_inputs *in;
    nm_inputs found;           /* paths only, unsorted */
    char **links;              /* link paths, in the order found */
    int *link_depth;
    size_t nlinks, lcap, dcap;
    size_t errors;             /* errors added to in->problems */
} walk;

#define WALK_ERROR(w, path, ...)                                 \
    do {                                                         \
        add_problem((w)->in, NM_INPUT_ERROR, path, __VA_ARGS__); \
        (w)->errors++;                                           \
    } while (0)

/* The names in dir that are not hidden, sorted; NULL (and an error) when
 * it cannot be read.  *n gets the count. */
static char **list_dir(walk *w, const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d) {
        WALK_ERROR(w, dir, "cannot read this directory: %s; nothing below it was read "
                           "(check its permissions, or name its files)", strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        NM_GROW(names, cap, *n + 1);
        names[(*n)++] = nm_strdup(e->d_name);
    }
    if (errno)
        WALK_ERROR(w, dir, "cannot read this directory to its end: %s; some files below it "
                           "may not have been read", strerror(errno));
    closedir(d);
    if (*n > 1)
        qsort(names, *n, sizeof *names, by_path);
    return names ? names : nm_calloc(1, sizeof *names);
}

static const char *kind_of(mode_t mode)
{
    if (S_ISCHR(mode))
        return "character device";
    if (S_ISBLK(mode))
        return "block device";
    if (S_ISFIFO(mode))
        return "named pipe";
    if (S_ISSOCK(mode))
        return "socket";
    return "special file";
}

/* Where the link at path points, for messages ("?" when unknown). */
static void link_target(const char *path, char *out, size_t size)
{
    ssize_t k = readlink(path, out, size - 1);
    if (k < 0)
        k = (ssize_t)snprintf(out, size, "?");
    out[k] = '\0';
}

static void walk_dir(walk *w, const char *dir, int depth);

/* A directory reached at depth (via a link when via_link): walked unless
 * it is needmap's output, too deep, or walked already. */
static void enter_dir(walk *w, const char *dir, const struct stat *st, int depth, int via_link)
{
    if (is_output_dir(dir)) {
        add_problem(w->in, NM_INPUT_NOTE, dir, "needmap's own output directory (it holds %s): "
                    "not read as input", NM_OUTPUT_MARKER);
        return;
    }
    if (depth > NM_INPUTS_MAX_DEPTH) {
        WALK_ERROR(w, dir, "more than %d directory levels deep: nothing below it was read; "
                   "name it as an input of its own", NM_INPUTS_MAX_DEPTH);
        return;
    }
    const char *was = seen_dir(w->in, st, dir);
    if (was && via_link)
        add_problem(w->in, NM_INPUT_WARNING, dir, "a link to the directory %s, which is read "
                    "already: not followed again", was);
    else if (was)
        add_problem(w->in, NM_INPUT_WARNING, dir, "the same directory as %s, which is read "
                    "already: not read again", was);
    else
        walk_dir(w, dir, depth);
}

static void queue_link(walk *w, const char *path, int depth)
{
    NM_GROW(w->links, w->lcap, w->nlinks + 1);
    NM_GROW(w->link_depth, w->dcap, w->nlinks + 1);
    w->links[w->nlinks] = nm_strdup(path);
    w->link_depth[w->nlinks++] = depth;
}

/* One entry of a directory at depth: an export is kept, a directory
 * walked (a link to one queued), anything that cannot be read reported. */
static void walk_entry(walk *w, const char *path, const char *name, int depth)
{
    struct stat lst, st;
    char target[512];
    if (lstat(path, &lst) != 0) {
        WALK_ERROR(w, path, "cannot read: %s", strerror(errno));
        return;
    }
    int link = S_ISLNK(lst.st_mode);
    st = lst;
    if (link && stat(path, &st) != 0) {
        int e = errno;
        link_target(path, target, sizeof target);
        WALK_ERROR(w, path, "a link to %s, which cannot be read: %s; not read (remove the "
                   "link, or restore what it points to)", target, strerror(e));
        return;
    }
    if (S_ISDIR(st.st_mode) && link)
        queue_link(w, path, depth + 1);
    else if (S_ISDIR(st.st_mode))
        enter_dir(w, path, &st, depth + 1, 0);
    else if (S_ISREG(st.st_mode) && nm_mapping_is_sidecar_name(name))
        add_problem(w->in, NM_INPUT_NOTE, path, "a mapping file beside the exports: not read "
                    "as input");
    else if (S_ISREG(st.st_mode) && wanted(name))
        push(&w->found, path);
    else if (!S_ISREG(st.st_mode) && link) {
        link_target(path, target, sizeof target);
        WALK_ERROR(w, path, "a link to a %s (%s), not a regular file: not read; save the "
                   "export as a file", kind_of(st.st_mode), target);
    } else if (!S_ISREG(st.st_mode))
        WALK_ERROR(w, path, "a %s, not a regular file: not read; save the export as a file",
                   kind_of(st.st_mode));
}

static void walk_dir(walk *w, const char *dir, int depth)
{
    size_t n;
    char **names = list_dir(w, dir, &n);
    if (!names)
        return;
    for (size_t i = 0; i < n; i++) {
        char *path = join(dir, names[i]);
        walk_entry(w, path, names[i], depth);
        free(path);
        free(names[i]);
    }
    free(names);
}

/* Follow the queued links to directories, in the order found (following
 * one may queue more). */
static void follow_links(walk *w)
{
    for (size_t i = 0; i < w->nlinks; i++) {
        struct stat st;
        if (stat(w->links[i], &st) != 0)
            WALK_ERROR(w, w->links[i], "cannot read: %s", strerror(errno));
        else
            enter_dir(w, w->links[i], &st, w->link_depth[i], 1);
    }
    for (size_t i = 0; i < w->nlinks; i++)
        free(w->links[i]);
    free(w->links);
    free(w->link_depth);
}

nm_status nm_inputs_add(nm_inputs *in, const char *arg)
{
    struct stat st;
    if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
        /* standard input, a file, or a path that cannot be opened: the
         * reader reports it in the file's own report, so it is counted like
         * any other input */
        push(in, arg);
        return NM_OK;
    }
    if (is_output_dir(arg)) {
        add_problem(in, NM_INPUT_ERROR, arg, "needmap's own output directory (it holds %s), "
                    "not survey exports: not read; name its files to read them anyway",
                    NM_OUTPUT_MARKER);
        return NM_ERR_INPUT;
    }
    const char *was = seen_dir(in, &st, arg);
    if (was) {
        if (strcmp(was, arg) == 0)
            add_problem(in, NM_INPUT_WARNING, arg, "read already: not read again");
        else
            add_problem(in, NM_INPUT_WARNING, arg, "the same directory as %s, which is read "
                        "already: not read again", was);
        return NM_OK;
    }
    walk w = {.in = in};
    walk_dir(&w, arg, 0);
    follow_links(&w);
    if (w.found.n == 0 && w.errors == 0) {
        add_problem(in, NM_INPUT_ERROR, arg, "directory holds no .csv, .tsv, .txt, .json or "
                    ".xlsx files");
        w.errors++;
    }
    if (w.found.n > 1)
        qsort(w.found.paths, w.found.n, sizeof *w.found.paths, by_path);
    for (size_t i = 0; i < w.found.n; i++)
        push(in, w.found.paths[i]);
    nm_inputs_free(&w.found);
    return w.errors ? NM_ERR_INPUT : NM_OK;
}

void nm_inputs_free(nm_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    free(in->problems);
    for (size_t i = 0; in->dirs && i < nm_strmap_count(in->dirs); i++)
        free(nm_strmap_value_at(in->dirs, i));
    nm_strmap_free(in->dirs);
    memset(in, 0, sizeof *in);
}

void nm_inputs_sort(nm_inputs *in)
{
    if (in->n > 1)
        qsort(in->paths, in->n, sizeof *in->paths, by_path);
}

/* ---- reading the same data once ---- */

enum { SAME_NONE, SAME_PATH, SAME_FILE, SAME_CONTENT };

typedef struct input_id {
    const char *path;
    size_t i;                  /* index in the list */
    int stated, hashed;        /* stat and hash succeeded */
    struct stat st;
    unsigned char digest[32];
    int same;                  /* SAME_*: why it is dropped */
    size_t as;                 /* the index kept instead */
} input_id;

static int by_path_then_index(const void *a, const void *b)
{
    const input_id *x = *(input_id *const *)a, *y = *(input_id *const *)b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int by_file_then_index(const void *a, const void *b)
{
    const input_id *x = *(input_id *const *)a, *y = *(input_id *const *)b;
    if (x->st.st_dev != y->st.st_dev)
        return x->st.st_dev < y->st.st_dev ? -1 : 1;
    if (x->st.st_ino != y->st.st_ino)
        return x->st.st_ino < y->st.st_ino ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int by_size_digest_index(const void *a, const void *b)
{
    const input_id *x = *(input_id *const *)a, *y = *(input_id *const *)b;
    if (x->st.st_size != y->st.st_size)
        return x->st.st_size < y->st.st_size ? -1 : 1;
    if (x->hashed != y->hashed)
        return x->hashed - y->hashed;
    int c = x->hashed ? memcmp(x->digest, y->digest, sizeof x->digest) : 0;
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* SHA-256 of a regular file's bytes; 0 on success (a file that cannot be
 * read is left to the reader to report). */
static int hash_file(const char *path, unsigned char digest[32])
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    enum { CHUNK = 1 << 16 };
    unsigned char *buf = nm_malloc(CHUNK);
    nm_sha256 h;
    nm_sha256_init(&h);
    ssize_t k;
    while ((k = read(fd, buf, CHUNK)) > 0 || (k < 0 && errno == EINTR))
        if (k > 0)
            nm_sha256_update(&h, buf, (size_t)k);
    free(buf);
    close(fd);
    if (k < 0)
        return -1;
    nm_sha256_final(&h, digest);
    return 0;
}

/* In ids sorted so that equal ones (eq) are side by side, first in input
 * order: mark every one after the first of a run as the same as the first,
 * for reason why. */
static void mark_runs(input_id **ids, size_t n, int (*eq)(const input_id *, const input_id *),
                      int why)
{
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && eq(ids[a], ids[b]); b++) {
            ids[b]->same = why;
            ids[b]->as = ids[a]->i;
        }
    }
}

static int same_path(const input_id *x, const input_id *y)
{
    return strcmp(x->path, y->path) == 0;
}

static int same_file(const input_id *x, const input_id *y)
{
    return x->st.st_dev == y->st.st_dev && x->st.st_ino == y->st.st_ino;
}

static int same_content(const input_id *x, const input_id *y)
{
    return x->hashed && y->hashed && x->st.st_size == y->st.st_size &&
           memcmp(x->digest, y->digest, sizeof x->digest) == 0;
}

/* The ids still kept that pass keep(), into sel; returns how many. */
static size_t select_ids(input_id *id, size_t n, input_id **sel, int (*keep)(const input_id *))
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (id[i].same == SAME_NONE && keep(&id[i]))
            sel[k++] = &id[i];
    return k;
}

static int any(const input_id *x) { (void)x; return 1; }
static int a_file(const input_id *x) { return x->stated; }
static int has_bytes(const input_id *x)
{
    return x->stated && S_ISREG(x->st.st_mode) && x->st.st_size > 0;
}

/* Hash the regular files whose size another one shares (sel sorted by
 * size). */
static void hash_equal_sizes(input_id **sel, size_t k)
{
    for (size_t a = 0, b; a < k; a = b) {
        for (b = a + 1; b < k && sel[b]->st.st_size == sel[a]->st.st_size; b++)
            ;
        for (size_t j = a; b - a > 1 && j < b; j++)
            sel[j]->hashed = hash_file(sel[j]->path, sel[j]->digest) == 0;
    }
}

static void warn_dropped(nm_inputs *in, const input_id *id)
{
    const char *kept = in->paths[id->as];
    if (id->same == SAME_PATH)
        add_problem(in, NM_INPUT_WARNING, id->path, "named more than once: read once");
    else if (id->same == SAME_FILE)
        add_problem(in, NM_INPUT_WARNING, id->path, "the same file as %s: read once", kept);
    else
        add_problem(in, NM_INPUT_WARNING, id->path, "the same content as %s (identical "
                    "SHA-256): read once, as %s", kept, kept);
}

void nm_inputs_drop_repeats(nm_inputs *in)
{
    if (in->n < 2)
        return;
    input_id *id = nm_calloc(in->n, sizeof *id);
    input_id **sel = nm_calloc(in->n, sizeof *sel);
    for (size_t i = 0; i < in->n; i++) {
        id[i].path = in->paths[i];
        id[i].i = i;
        id[i].stated = strcmp(in->paths[i], "-") != 0 && stat(in->paths[i], &id[i].st) == 0;
    }
    size_t k = select_ids(id, in->n, sel, any);
    qsort(sel, k, sizeof *sel, by_path_then_index);
    mark_runs(sel, k, same_path, SAME_PATH);
    k = select_ids(id, in->n, sel, a_file);
    qsort(sel, k, sizeof *sel, by_file_then_index);
    mark_runs(sel, k, same_file, SAME_FILE);
    k = select_ids(id, in->n, sel, has_bytes);
    qsort(sel, k, sizeof *sel, by_size_digest_index); /* nothing hashed yet: by size */
    hash_equal_sizes(sel, k);
    qsort(sel, k, sizeof *sel, by_size_digest_index);
    mark_runs(sel, k, same_content, SAME_CONTENT);
    size_t kept = 0;
    for (size_t i = 0; i < in->n; i++)
        if (id[i].same != SAME_NONE)
            warn_dropped(in, &id[i]);
    for (size_t i = 0; i < in->n; i++) {
        if (id[i].same != SAME_NONE)
            free(in->paths[i]);
        else
            in->paths[kept++] = in->paths[i];
    }
    in->n = kept;
    free(sel);
    free(id);
}
