/* resplog.c - (respondent, cell) pairs in sorted runs, spilled to an
 * unlinked temporary file and merged back one respondent at a time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/resplog.h"
#include "needmap/sort.h"
#include "needmap/status.h"
#include "needmap/tempfile.h"

/* A pair: key the respondent hash, value the cell; 16 bytes in memory
 * and on file. */
typedef nm_keyed pair;

typedef struct run {
    uint64_t at;            /* byte offset in its file */
    size_t n;               /* pairs */
    pair *mem;              /* in memory instead (no file), else NULL */
    int fd;                 /* its file: the log's own, a merged run's or an absorbed log's */
    size_t map;             /* its cells -> the log's: maps[map - 1]; 0: the log's own */
    unsigned level;         /* 0: as written; k: merged from runs of level k - 1 */
} run;

typedef struct cellmap {    /* an absorbed log's cell numbers -> this log's */
    uint32_t *to;
    size_t n;
} cellmap;

struct nm_resplog {
    pair *buf, *tmp;        /* the open run (unsorted) and sorting space */
    size_t n, cap, tcap;    /* pairs in buf; room in buf and in tmp */
    run *runs;
    size_t nruns, rcap;
    int fd;                 /* the temporary file, -1 before the first run */
    int *adopted;           /* other files runs are read from: merged runs',
                               absorbed logs' (read only) */
    size_t nadopted, acap;
    cellmap *maps;          /* absorbed runs' numbering (run.map) */
    size_t nmaps, mapcap;
    size_t ncells;          /* 1 + the largest cell added */
    int no_file;            /* the file could not be made or written: keep runs */
    int no_merge;           /* merging runs failed once: do not retry */
    uint64_t end;           /* bytes written to fd */
    size_t on_file;         /* runs on file (any) */
    uint32_t *map;          /* cell renumbering (nmap entries), or NULL */
    size_t nmap;
    uint64_t pairs;
    int sealed;
    /* sealed: every respondent as its count of cells, then the cells */
    uint32_t *grouped;      /* in memory while small (ngrouped words) */
    size_t ngrouped, gcap;
    int gfd;                /* or on file (gbytes), -1 if not */
    uint64_t gbytes;
    size_t run, memory;     /* NM_RESPLOG_RUN, NM_RESPLOG_MEMORY unless sized */
};

/* CURSOR: pairs read at a time from a run on file. */
enum { CURSOR = 4096 };

static void fatal_io(const char *what)
{
    nm_fatal("temporary file: %s: %s", what, strerror(errno));
}

nm_resplog *nm_resplog_new_sized(size_t run_pairs, size_t memory_words)
{
    nm_resplog *l = nm_calloc(1, sizeof *l);
    l->fd = l->gfd = -1;
    l->run = run_pairs ? run_pairs : 1;
    l->memory = memory_words ? memory_words : 1;
    return l;
}

nm_resplog *nm_resplog_new(void)
{
    return nm_resplog_new_sized(NM_RESPLOG_RUN, NM_RESPLOG_MEMORY);
}

void nm_resplog_free(nm_resplog *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nruns; i++)
        free(l->runs[i].mem);
    free(l->runs);
    free(l->buf);
    free(l->tmp);
    free(l->map);
    free(l->grouped);
    if (l->fd >= 0)
        close(l->fd);
    for (size_t i = 0; i < l->nadopted; i++)
        close(l->adopted[i]);
    free(l->adopted);
    for (size_t i = 0; i < l->nmaps; i++)
        free(l->maps[i].to);
    free(l->maps);
    if (l->gfd >= 0)
        close(l->gfd);
    free(l);
}

static int write_all(int fd, const void *data, size_t bytes, uint64_t at)
{
    const char *p = data;
    while (bytes > 0) {
        ssize_t w = pwrite(fd, p, bytes, (off_t)at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        at += (uint64_t)w;
        bytes -= (size_t)w;
    }
    return 0;
}

static void read_all(int fd, void *data, size_t bytes, uint64_t at)
{
    char *p = data;
    while (bytes > 0) {
        ssize_t r = pread(fd, p, bytes, (off_t)at);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO; /* shorter than written */
            fatal_io("reading back");
        }
        p += r;
        at += (uint64_t)r;
        bytes -= (size_t)r;
    }
}

static run *new_run(nm_resplog *l)
{
    NM_GROW(l->runs, l->rcap, l->nruns + 1);
    run *r = &l->runs[l->nruns++];
    memset(r, 0, sizeof *r);
    return r;
}

/* --- merging runs --- */

typedef struct cursor {
    const pair *p;          /* current window */
    size_t have, pos;
    int fd;                 /* the run's file */
    uint64_t at;            /* next bytes on file */
    size_t left;            /* pairs not in the window yet */
    pair *buf;              /* window of a run on file */
    const uint32_t *map;    /* the run's cells -> the log's, or NULL */
} cursor;

typedef struct merger {
    cursor *cur;
    size_t *heap;           /* cursors by current respondent */
    size_t n;
} merger;

static int cursor_ready(cursor *c)
{
    if (c->pos < c->have)
        return 1;
    if (!c->left)
        return 0;
    size_t k = c->left < CURSOR ? c->left : CURSOR;
    read_all(c->fd, c->buf, k * sizeof *c->buf, c->at);
    c->at += k * sizeof *c->buf;
    c->left -= k;
    c->p = c->buf;
    c->have = k;
    c->pos = 0;
    return 1;
}

static uint64_t head(const merger *m, size_t h)
{
    const cursor *c = &m->cur[m->heap[h]];
    return c->p[c->pos].key;
}

static void sift_down(merger *m, size_t h)
{
    for (;;) {
        size_t l = 2 * h + 1, best = h;
        if (l < m->n && head(m, l) < head(m, best))
            best = l;
        if (l + 1 < m->n && head(m, l + 1) < head(m, best))
            best = l + 1;
        if (best == h)
            return;
        size_t t = m->heap[h];
        m->heap[h] = m->heap[best];
        m->heap[best] = t;
        h = best;
    }
}

/* Merge the runs whose index is in which[0..k). */
static void merger_open(merger *m, const nm_resplog *l, const size_t *which, size_t k)
{
    m->cur = nm_calloc(k ? k : 1, sizeof *m->cur);
    m->heap = nm_calloc(k ? k : 1, sizeof *m->heap);
    m->n = 0;
    for (size_t i = 0; i < k; i++) {
        const run *r = &l->runs[which[i]];
        cursor *c = &m->cur[i];
        c->map = r->map ? l->maps[r->map - 1].to : NULL;
        if (r->mem) {
            c->p = r->mem;
            c->have = r->n;
        } else {
            c->fd = r->fd;
            c->at = r->at;
            c->left = r->n;
            c->buf = nm_malloc(CURSOR * sizeof *c->buf);
        }
        if (cursor_ready(c))
            m->heap[m->n++] = i;
    }
    for (size_t h = m->n / 2; h-- > 0;)
        sift_down(m, h);
}

/* The next pair by respondent, its cell in the log's numbering. */
static int merger_next(merger *m, pair *out)
{
    if (!m->n)
        return 0;
    cursor *c = &m->cur[m->heap[0]];
    *out = c->p[c->pos++];
    if (c->map)
        out->value = c->map[out->value];
    if (!cursor_ready(c))
        m->heap[0] = m->heap[--m->n];
    sift_down(m, 0);
    return 1;
}

static void merger_close(merger *m, size_t k)
{
    for (size_t i = 0; i < k; i++)
        free(m->cur[i].buf);
    free(m->cur);
    free(m->heap);
}

/* Close the files no run is read from any more (their space is freed). */
static void release_files(nm_resplog *l)
{
    int own_used = 0;
    for (size_t i = 0; i < l->nruns; i++)
        own_used |= !l->runs[i].mem && l->runs[i].fd == l->fd;
    if (l->fd >= 0 && !own_used) { /* the next run starts a new file */
        close(l->fd);
        l->fd = -1;
        l->end = 0;
    }
    size_t keep = 0;
    for (size_t a = 0; a < l->nadopted; a++) {
        int used = 0;
        for (size_t i = 0; i < l->nruns && !used; i++)
            used = !l->runs[i].mem && l->runs[i].fd == l->adopted[a];
        if (used)
            l->adopted[keep++] = l->adopted[a];
        else
            close(l->adopted[a]);
    }
    l->nadopted = keep;
}

/* Merge the runs on file of one level into one run of the next, in a file
 * of its own.  Runs merged level by level are rewritten once per level,
 * and at most NM_RESPLOG_MERGE + 1 of a level wait on file, so reading
 * back holds a bounded number of read buffers.  On failure everything
 * stays as it was. */
static void merge_level(nm_resplog *l, unsigned level)
{
    int fd = nm_temp_fd();
    if (fd < 0) {
        l->no_merge = 1;
        return;
    }
    size_t *which = nm_calloc(l->nruns, sizeof *which), k = 0, total = 0;
    for (size_t i = 0; i < l->nruns; i++)
        if (!l->runs[i].mem && l->runs[i].level == level) {
            which[k++] = i;
            total += l->runs[i].n;
        }
    merger m;
    merger_open(&m, l, which, k);
    pair *out = nm_malloc(CURSOR * sizeof *out);
    size_t nout = 0;
    uint64_t at = 0;
    int ok = 1;
    pair p;
    while (ok && merger_next(&m, &p)) {
        out[nout++] = p;
        if (nout == CURSOR || m.n == 0) {
            ok = write_all(fd, out, nout * sizeof *out, at) == 0;
            at += nout * sizeof *out;
            nout = 0;
        }
    }
    merger_close(&m, k);
    free(out);
    free(which);
    if (!ok) {
        close(fd);
        l->no_merge = 1;
        return;
    }
    size_t keep = 0; /* the other runs, then the merged one */
    for (size_t i = 0; i < l->nruns; i++)
        if (l->runs[i].mem || l->runs[i].level != level)
            l->runs[keep++] = l->runs[i];
    l->nruns = keep;
    run *r = new_run(l);
    r->n = total;
    r->fd = fd;
    r->level = level + 1;
    NM_GROW(l->adopted, l->acap, l->nadopted + 1);
    l->adopted[l->nadopted++] = fd;
    l->on_file -= k - 1;
    release_files(l);
}

/* Merge every level that holds more than NM_RESPLOG_MERGE runs on file. */
static void merge_levels(nm_resplog *l)
{
    for (unsigned level = 0; level < 64 && !l->no_merge; level++) {
        size_t n = 0;
        for (size_t i = 0; i < l->nruns; i++)
            n += !l->runs[i].mem && l->runs[i].level == level;
        if (n > NM_RESPLOG_MERGE)
            merge_level(l, level);
    }
}

/* Write an in-memory run (an absorbed log's last) to this log's file, so
 * memory does not grow with the number of tables merged. */
static void spill_run(nm_resplog *l, run *r)
{
    if (l->no_file || !r->mem)
        return;
    if (l->fd < 0)
        l->fd = nm_temp_fd();
    if (l->fd < 0 || write_all(l->fd, r->mem, r->n * sizeof *r->mem, l->end) != 0) {
        l->no_file = 1;
        return;
    }
    free(r->mem);
    r->mem = NULL;
    r->fd = l->fd;
    r->at = l->end;
    l->end += r->n * sizeof *r->mem;
    l->on_file++;
}

/* --- writing --- */

/* Sort the open run and keep it: on file when possible, else in memory. */
static void close_run(nm_resplog *l, int keep_in_memory)
{
    if (!l->n)
        return;
    if (l->tcap < l->n) {
        free(l->tmp);
        l->tmp = nm_malloc(l->n * sizeof *l->tmp);
        l->tcap = l->n;
    }
    nm_sort_keyed(l->buf, l->tmp, l->n);
    if (!keep_in_memory && !l->no_file) {
        if (l->fd < 0)
            l->fd = nm_temp_fd();
        if (l->fd < 0 || write_all(l->fd, l->buf, l->n * sizeof *l->buf, l->end) != 0) {
            l->no_file = 1;
        } else {
            run *r = new_run(l);
            r->at = l->end;
            r->n = l->n;
            r->fd = l->fd;
            l->end += l->n * sizeof *l->buf;
            l->on_file++;
            l->n = 0;
            merge_levels(l);
            return;
        }
    }
    run *r = new_run(l);
    r->n = l->n;
    r->mem = nm_reallocarray(l->buf, l->n, sizeof *l->buf);
    l->buf = NULL;
    l->n = l->cap = 0;
}

/* Room for more pairs in the open run: it grows to a whole run in steps,
 * so a log that sees few pairs (a small file, a tiny part) holds little. */
static void grow_run(nm_resplog *l)
{
    size_t cap = l->cap ? l->cap * 8 : 1024;
    l->cap = cap < l->run ? cap : l->run;
    l->buf = nm_reallocarray(l->buf, l->cap, sizeof *l->buf);
}

void nm_resplog_add(nm_resplog *l, uint64_t respondent, uint32_t cell)
{
    if (l->n == l->cap)
        grow_run(l);
    l->buf[l->n++] = (pair){respondent, cell, 0};
    l->pairs++;
    if (cell >= l->ncells)
        l->ncells = (size_t)cell + 1;
    if (l->n == l->run)
        close_run(l, 0);
}

/* map composed after a numbering of n cells (NULL: the identity). */
static uint32_t *compose(const uint32_t *first, size_t n, const uint32_t *map)
{
    uint32_t *to = nm_reallocarray(NULL, n ? n : 1, sizeof *to);
    for (size_t c = 0; c < n; c++)
        to[c] = map[first ? first[c] : c];
    return to;
}

/* src's runs become this log's, as they are (sorted, on src's file or in
 * memory), each with its cells' map into this log's numbering: nothing is
 * copied or sorted again. */
void nm_resplog_absorb(nm_resplog *l, nm_resplog *src, const uint32_t *map)
{
    close_run(src, 1); /* its open run, sorted, in memory */
    size_t own = src->map ? src->nmap : src->ncells;
    uint32_t *own_map = compose(src->map, own, map);
    size_t *new_map = nm_calloc(src->nmaps + 1, sizeof *new_map); /* src map -> ours */
    for (size_t k = 0; k < src->nmaps; k++) {
        const cellmap *m = &src->maps[k];
        uint32_t *to = nm_reallocarray(NULL, m->n ? m->n : 1, sizeof *to);
        for (size_t c = 0; c < m->n; c++) /* src's run cell -> src's cell -> ours */
            to[c] = own_map[m->to[c]];
        NM_GROW(l->maps, l->mapcap, l->nmaps + 1);
        l->maps[l->nmaps++] = (cellmap){to, m->n};
        new_map[k] = l->nmaps;
    }
    NM_GROW(l->maps, l->mapcap, l->nmaps + 1);
    l->maps[l->nmaps++] = (cellmap){own_map, own};
    size_t own_id = l->nmaps;
    for (size_t i = 0; i < src->nruns; i++) {
        run *r = new_run(l);
        *r = src->runs[i];
        r->map = src->runs[i].map ? new_map[src->runs[i].map - 1] : own_id;
        l->on_file += !r->mem;
        src->runs[i].mem = NULL; /* now ours */
        spill_run(l, r);
    }
    if (src->fd >= 0) { /* its files are read from here on */
        NM_GROW(l->adopted, l->acap, l->nadopted + 1);
        l->adopted[l->nadopted++] = src->fd;
        src->fd = -1;
    }
    for (size_t i = 0; i < src->nadopted; i++) {
        NM_GROW(l->adopted, l->acap, l->nadopted + 1);
        l->adopted[l->nadopted++] = src->adopted[i];
    }
    src->nadopted = 0;
    l->pairs += src->pairs;
    for (size_t c = 0; c < own; c++)
        if (own_map[c] >= l->ncells)
            l->ncells = (size_t)own_map[c] + 1;
    free(new_map);
    nm_resplog_free(src);
    merge_levels(l);
}

void nm_resplog_renumber(nm_resplog *l, const uint32_t *map, size_t n)
{
    if (l->map) { /* compose: old -> earlier map -> map */
        for (size_t i = 0; i < l->nmap; i++)
            l->map[i] = map[l->map[i]];
        return;
    }
    l->map = nm_reallocarray(NULL, n ? n : 1, sizeof *l->map);
    if (n)
        memcpy(l->map, map, n * sizeof *map);
    l->nmap = n;
}

/* --- reading back --- */

/* Append words to the sealed log: in memory up to l->memory words,
 * then everything to a file (in memory still if that fails). */
/* The file could not take more (disk full): what it holds is read back
 * and everything stays in memory from now on. */
static void grouped_to_memory(nm_resplog *l)
{
    size_t have = (size_t)(l->gbytes / sizeof *l->grouped);
    uint32_t *all = nm_reallocarray(NULL, have + l->ngrouped + 1, sizeof *all);
    if (have)
        read_all(l->gfd, all, have * sizeof *all, 0);
    if (l->ngrouped)
        memcpy(all + have, l->grouped, l->ngrouped * sizeof *all);
    free(l->grouped);
    l->grouped = all;
    l->ngrouped += have;
    l->gcap = l->ngrouped + 1;
    close(l->gfd);
    l->gfd = -1;
    l->gbytes = 0;
    l->no_file = 1;
}

/* Append the buffer to the file; 0, or -1 after falling back to memory. */
static int flush_grouped(nm_resplog *l)
{
    if (write_all(l->gfd, l->grouped, l->ngrouped * sizeof *l->grouped, l->gbytes) != 0) {
        grouped_to_memory(l);
        return -1;
    }
    l->gbytes += l->ngrouped * sizeof *l->grouped;
    l->ngrouped = 0;
    return 0;
}

static void put_words(nm_resplog *l, const uint32_t *w, size_t n)
{
    if (l->gfd < 0 && l->ngrouped + n > l->memory && !l->no_file) {
        l->gfd = nm_temp_fd();
        if (l->gfd >= 0 &&
            write_all(l->gfd, l->grouped, l->ngrouped * sizeof *w, 0) == 0) {
            l->gbytes = l->ngrouped * sizeof *w;
            l->ngrouped = 0;
        } else {
            if (l->gfd >= 0)
                close(l->gfd);
            l->gfd = -1;
            l->no_file = 1;
        }
    }
    if (l->gfd >= 0 && l->ngrouped + n > l->memory && flush_grouped(l) == 0 &&
        n > l->memory) { /* a respondent larger than the buffer: straight to the file */
        if (write_all(l->gfd, w, n * sizeof *w, l->gbytes) == 0) {
            l->gbytes += n * sizeof *w;
            return;
        }
        grouped_to_memory(l);
    }
    NM_GROW(l->grouped, l->gcap, l->ngrouped + n);
    memcpy(l->grouped + l->ngrouped, w, n * sizeof *w);
    l->ngrouped += n;
}

/* One respondent's cells: sorted, made distinct, appended after their
 * count.  cells[-1] is room for the count; tmp for n. */
static void put_respondent(nm_resplog *l, uint32_t *cells, uint32_t *tmp, size_t n)
{
    nm_sort_u32(cells, tmp, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || cells[i] != cells[k - 1])
            cells[k++] = cells[i];
    cells[-1] = (uint32_t)k;
    put_words(l, cells - 1, k + 1);
}

void nm_resplog_seal(nm_resplog *l)
{
    if (l->sealed)
        return;
    close_run(l, 1);
    free(l->buf);
    free(l->tmp);
    l->buf = l->tmp = NULL;
    l->cap = l->tcap = 0;
    size_t *which = nm_calloc(l->nruns ? l->nruns : 1, sizeof *which);
    for (size_t i = 0; i < l->nruns; i++)
        which[i] = i;
    merger m;
    merger_open(&m, l, which, l->nruns);
    size_t cap = 64, tcap = 64, n = 0;
    uint32_t *cells = nm_malloc(cap * sizeof *cells); /* cells[0]: room for the count */
    uint32_t *tmp = nm_malloc(tcap * sizeof *tmp);
    uint64_t who = 0;
    pair p;
    while (merger_next(&m, &p)) {
        if (n && p.key != who) {
            NM_GROW(tmp, tcap, n);
            put_respondent(l, cells + 1, tmp, n);
            n = 0;
        }
        who = p.key;
        NM_GROW(cells, cap, n + 2);
        cells[1 + n++] = p.value;
    }
    if (n) {
        NM_GROW(tmp, tcap, n);
        put_respondent(l, cells + 1, tmp, n);
    }
    free(cells);
    free(tmp);
    merger_close(&m, l->nruns);
    free(which);
    for (size_t i = 0; i < l->nruns; i++) /* the runs are not needed any more */
        free(l->runs[i].mem);
    free(l->runs);
    l->runs = NULL;
    l->nruns = l->rcap = l->on_file = 0;
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
    for (size_t i = 0; i < l->nadopted; i++)
        close(l->adopted[i]);
    l->nadopted = 0;
    for (size_t i = 0; i < l->nmaps; i++)
        free(l->maps[i].to);
    l->nmaps = 0;
    if (l->gfd >= 0 && l->ngrouped) /* all on file: the buffer goes too */
        flush_grouped(l);
    if (l->gfd >= 0) {
        free(l->grouped);
        l->grouped = NULL;
        l->gcap = 0;
    }
    l->sealed = 1;
}

/* Reading a sealed log on file: a window of words, grown to hold the
 * largest respondent. */
typedef struct reader {
    const nm_resplog *l;
    uint32_t *w;
    size_t have, pos, cap;
    uint64_t at;
} reader;

/* At least k words from pos on (0 if the file ends before). */
static int reader_need(reader *r, size_t k)
{
    if (r->have - r->pos >= k)
        return 1;
    memmove(r->w, r->w + r->pos, (r->have - r->pos) * sizeof *r->w);
    r->have -= r->pos;
    r->pos = 0;
    if (k > r->cap)
        NM_GROW(r->w, r->cap, k);
    uint64_t left = (r->l->gbytes - r->at) / sizeof *r->w;
    size_t want = r->cap - r->have;
    if (want > left)
        want = (size_t)left;
    if (want) {
        read_all(r->l->gfd, r->w + r->have, want * sizeof *r->w, r->at);
        r->at += want * sizeof *r->w;
        r->have += want;
    }
    return r->have >= k;
}

/* One respondent's cells to fn, renumbered when the log was renumbered
 * (through *scratch, grown as needed): the stream keeps the numbers cells
 * were added with. */
typedef struct delivery {
    const uint32_t *map;
    nm_resplog_fn fn;
    void *ctx;
    uint32_t *scratch;
    size_t cap;
} delivery;

static void deliver(delivery *d, const uint32_t *cells, size_t n)
{
    if (!d->map) {
        d->fn(d->ctx, cells, n);
        return;
    }
    NM_GROW(d->scratch, d->cap, n + 1);
    for (size_t i = 0; i < n; i++)
        d->scratch[i] = d->map[cells[i]];
    d->fn(d->ctx, d->scratch, n);
}

void nm_resplog_each(const nm_resplog *l, nm_resplog_fn fn, void *ctx)
{
    delivery d = {l->map, fn, ctx, NULL, 0};
    if (l->gfd < 0) {
        for (size_t i = 0; i < l->ngrouped; i += 1 + l->grouped[i])
            deliver(&d, l->grouped + i + 1, l->grouped[i]);
        free(d.scratch);
        return;
    }
    reader r = {l, NULL, 0, 0, 0, 0};
    r.cap = CURSOR * 4;
    r.w = nm_malloc(r.cap * sizeof *r.w);
    while (reader_need(&r, 1)) {
        size_t n = r.w[r.pos];
        if (!reader_need(&r, 1 + n)) {
            errno = EIO;
            fatal_io("reading back");
        }
        deliver(&d, r.w + r.pos + 1, n);
        r.pos += 1 + n;
    }
    free(r.w);
    free(d.scratch);
}

uint64_t nm_resplog_pairs(const nm_resplog *l)
{
    return l->pairs;
}

size_t nm_resplog_runs_on_file(const nm_resplog *l)
{
    return l->on_file;
}
