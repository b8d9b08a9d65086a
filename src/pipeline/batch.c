/* batch.c - read inputs on several threads (nm_parallel_for): whole files,
 * and large CSV files in parts (nm_ingest_plan_parts), each part on its
 * own thread.  Results are merged in input order, part by part, into the
 * caller's items and demand table; sums are exact, so they are the same
 * for any number of threads and any cuts.  A part must start where a row
 * starts: when the part before it ends inside a row (a quoted line break
 * across the cut), the two are read again as one piece (see
 * reread_joined), as a single thread would.  A thread with nothing left
 * to read merges the table of the file (or last part) still being read,
 * a piece at a time (help_merge): still in input order. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/batch.h"
#include "needmap/buf.h"
#include "needmap/count.h"
#include "needmap/parallel.h"
#include "needmap/strmap.h"
#include "needmap/tempfile.h"

enum {
    MIN_PART_BYTES = 16 << 20,
    HAND_RECORDS = 4096        /* a table handed over early has at least these */
};

typedef struct unit {
    size_t file;               /* input index */
    size_t part, nparts;       /* nparts 1: the whole file */
    uint64_t start, end;       /* a part's bytes */
    uint64_t lines_before;     /* a later part: the physical lines of the part
                                  before it (counted first) */
    uint64_t first_line;       /* a part's first line */
    int counted, done;
    nm_batch_item item;        /* a later part's results (part 0 and whole files
                                  fill the file's item) */
    nm_demand *table;          /* its demand until merged */
    atomic_int want;           /* an idle thread asks for the table so far */
    nm_demand *handed;         /* ... and gets it here (a new one goes on) */
} unit;

typedef struct split_file {    /* per input */
    size_t first_unit;
    int header;                /* part 0: 0 reading, 1 header found, -1 ended without */
    const nm_columns *columns; /* part 0's header, in the file's item */
    nm_encoding encoding;
    char delimiter;
    int ended;                 /* merging: an error stopped the file here */
    int redo_whole;            /* merging: part 0 failed; read the file whole at its end */
    size_t covered;            /* merging: later parts up to this one were read with
                                  an earlier one (0: none) */
} split_file;

typedef struct shared {
    nm_ingest *g;
    char *const *paths;
    const nm_batch_opts *o;
    nm_batch_item *items;
    unit *units;
    size_t nunits;
    split_file *files;
    size_t next;               /* first unit not merged yet */
    size_t started;            /* units a thread has taken */
    int merging;               /* a thread is merging (it may let go of the lock) */
    int helping;               /* a thread merges the next unit's table early */
    uint64_t hand_records;     /* HAND_RECORDS, or o->hand_records (tests) */
    size_t handed;             /* tables handed over early */
    pthread_mutex_t lock;      /* guards units' flags and tables, files, next, started,
                                  merging, helping, handed and o->demand */
    pthread_cond_t cond;       /* a part was counted, part 0's header decided, a
                                  table handed over or a unit done */
} shared;

/* Bytes of the first NM_REJECT_VALUE_MAX characters of a value (a whole
 * UTF-8 character is never cut). */
static size_t shown_bytes(const char *v)
{
    size_t bytes = 0;
    for (size_t n = 0; v[bytes] && n < NM_REJECT_VALUE_MAX; n++) {
        bytes++;
        while (((unsigned char)v[bytes] & 0xC0) == 0x80)
            bytes++;
    }
    return bytes;
}

void nm_format_reject(const nm_reject *r, nm_buf *out)
{
    nm_buf_printf(out, "%s:%llu:", r->file, (unsigned long long)r->line);
    if (r->col)
        nm_buf_printf(out, "%u:", (unsigned)r->col);
    nm_buf_printf(out, " %s", nm_reason_text(r->reason));
    if (r->detail[0] && r->reason == NM_REJ_MALFORMED) {
        nm_buf_printf(out, ": %s", r->detail); /* a description, not a value */
    } else if (r->detail[0]) { /* a value: a cell may hold up to 1 MiB */
        size_t n = shown_bytes(r->detail);
        nm_buf_puts(out, ": '");
        nm_buf_append(out, r->detail, n);
        nm_buf_puts(out, r->detail[n] ? "...'" : "'");
    }
    if (r->hint[0])
        nm_buf_printf(out, " (%s)", r->hint);
}

typedef struct item_sink {
    nm_batch_item *item;
    nm_demand *demand;
    long max_messages;
    shared *sh;                /* with u: a unit that may hand its table over */
    unit *u;
    uint64_t records;          /* added to the table since it was new */
} item_sink;

/* An idle thread asked for the table so far (see help_merge): hand it
 * over and go on with a new one.  Only between records, and only once
 * the table holds HAND_RECORDS, so handing over costs little (tests set
 * hand_records 1 to hand over at nearly every record). */
static void hand_over(item_sink *s)
{
    shared *sh = s->sh;
    pthread_mutex_lock(&sh->lock);
    if (atomic_load_explicit(&s->u->want, memory_order_relaxed)) {
        s->u->handed = s->demand;
        s->u->table = s->demand = nm_demand_new(sh->o->ref);
        s->records = 0;
        sh->handed++;
        atomic_store_explicit(&s->u->want, 0, memory_order_relaxed);
        pthread_cond_broadcast(&sh->cond);
    }
    pthread_mutex_unlock(&sh->lock);
}

static void on_record(void *ctx, const nm_record *r)
{
    item_sink *s = ctx;
    if (!s->demand)
        return;
    if (s->u && ++s->records > s->sh->hand_records &&
        atomic_load_explicit(&s->u->want, memory_order_relaxed))
        hand_over(s);
    nm_demand_add(s->demand, r);
}

/* Keep a rejection; a full buffer goes to the spill file (kept in memory
 * if no temporary file can be made). */
static void keep_reject(nm_batch_item *it, nm_reject_entry e)
{
    if (it->nrejects == NM_BATCH_SPILL && !it->spill) {
        int fd = nm_temp_fd();
        if (fd >= 0 && !(it->spill = fdopen(fd, "w+b")))
            close(fd);
    }
    if (it->nrejects == NM_BATCH_SPILL && it->spill &&
        fwrite(it->rejects, sizeof *it->rejects, it->nrejects, it->spill) == it->nrejects) {
        it->nspilled += it->nrejects;
        it->nrejects = 0;
    }
    NM_GROW(it->rejects, it->cap, it->nrejects + 1);
    it->rejects[it->nrejects++] = e;
}

static void on_reject(void *ctx, const nm_reject *r)
{
    item_sink *s = ctx;
    nm_batch_item *it = s->item;
    keep_reject(it, (nm_reject_entry){r->line, r->col, (uint32_t)r->reason});
    if ((long)it->nmessages < s->max_messages) {
        nm_buf msg = {0};
        nm_format_reject(r, &msg);
        it->messages = nm_reallocarray(it->messages, it->nmessages + 1, sizeof *it->messages);
        it->messages[it->nmessages++] = msg.data;
    }
}

/* --- one unit: a whole file, or a part of one --- */

static void read_whole(shared *sh, unit *u)
{
    nm_batch_item *it = &sh->items[u->file];
    memset(it, 0, sizeof *it);
    u->table = sh->o->demand ? nm_demand_new(sh->o->ref) : NULL;
    item_sink s = {it, u->table, sh->o->max_messages, sh, u->nparts == 1 ? u : NULL, 0};
    nm_sink sink = {on_record, on_reject, &s};
    nm_ingest_file(sh->g, sh->paths[u->file], &sink, &it->report);
}

/* Physical lines in bytes [start, end) of a file, as the reader numbers
 * them (LF, and a CR not followed by LF).  Not the last part: it ends
 * just after an LF (see nm_ingest_plan_parts). */
static uint64_t count_lines(const char *path, uint64_t start, uint64_t end)
{
    enum { CHUNK = 1 << 20 };
    FILE *f = fopen(path, "rb");
    if (!f || fseeko(f, (off_t)start, SEEK_SET) != 0) {
        if (f)
            fclose(f);
        return 0; /* the part's reader reports the problem */
    }
    uint64_t lines = 0, left = end - start;
    unsigned char *buf = nm_malloc((left < CHUNK ? (size_t)left : CHUNK) + 1);
    int cr_pending = 0;  /* the last chunk ended in CR */
    while (left > 0) {
        size_t n = fread(buf, 1, left < CHUNK ? (size_t)left : CHUNK, f);
        if (n == 0)
            break;
        if (cr_pending && buf[0] != '\n')
            lines++;
        left -= n;
        lines += nm_count_lines(buf, n, 0);
        cr_pending = buf[n - 1] == '\r';
    }
    free(buf);
    fclose(f);
    return lines;
}

typedef struct part_ctx {
    shared *sh;
    split_file *f;
} part_ctx;

/* Part 0 found the header: the later parts may start. */
static void on_header(void *ctx, const nm_file_report *rep)
{
    part_ctx *pc = ctx;
    pthread_mutex_lock(&pc->sh->lock);
    pc->f->columns = &rep->columns;
    pc->f->encoding = rep->info.dec.enc == NM_ENC_UTF8_BOM ? NM_ENC_UTF8 : rep->info.dec.enc;
    pc->f->delimiter = rep->info.delimiter;
    /* JSON is read whole by part 0 (the planner should not have cut it) */
    pc->f->header = rep->info.format == NM_FORMAT_CSV ? 1 : -1;
    pthread_cond_broadcast(&pc->sh->cond);
    pthread_mutex_unlock(&pc->sh->lock);
}

/* A part: count the lines of the part before it (part 0 counts none),
 * learn its first line from those counts, wait for part 0's header (parts
 * are handed out in order and these waits only look back, so they end),
 * then read it.  Part 0's results go straight into the file's item. */
static void read_part(shared *sh, unit *u)
{
    split_file *f = &sh->files[u->file];
    const char *path = sh->paths[u->file];
    /* each later part counts the lines of the part before it, so part 0
     * (which also hashes the whole file) starts reading at once */
    const unit *prev = u->part > 0 ? u - 1 : NULL;
    uint64_t lines = prev ? count_lines(path, prev->start, prev->end) : 0;
    pthread_mutex_lock(&sh->lock);
    u->lines_before = lines; /* part 0's (0) is never read */
    u->counted = 1;
    pthread_cond_broadcast(&sh->cond);
    u->first_line = 1;
    for (size_t k = f->first_unit + 1; k <= f->first_unit + u->part; k++) {
        while (!sh->units[k].counted)
            pthread_cond_wait(&sh->cond, &sh->lock);
        u->first_line += sh->units[k].lines_before;
    }
    while (u->part > 0 && f->header == 0)
        pthread_cond_wait(&sh->cond, &sh->lock);
    int skip = u->part > 0 && f->header < 0;
    pthread_mutex_unlock(&sh->lock);
    if (skip)
        return; /* part 0 found no header: the file is read again whole */
    nm_batch_item *it = u->part == 0 ? &sh->items[u->file] : &u->item;
    memset(it, 0, sizeof *it);
    u->table = sh->o->demand ? nm_demand_new(sh->o->ref) : NULL;
    part_ctx pc = {sh, f};
    nm_ingest_part p = {u->start, u->end, u->first_line, u->part + 1 < u->nparts,
                        f->columns, f->encoding, f->delimiter,
                        u->part == 0 ? on_header : NULL, &pc};
    item_sink s = {it, u->table, sh->o->max_messages, sh, u, 0};
    nm_sink sink = {on_record, on_reject, &s};
    nm_ingest_file_part(sh->g, path, &p, &sink, &it->report);
    if (u->part == 0) {
        pthread_mutex_lock(&sh->lock);
        if (f->header == 0)
            f->header = -1;
        pthread_cond_broadcast(&sh->cond);
        pthread_mutex_unlock(&sh->lock);
    }
}

/* --- merging, in input order --- */

static void absorb(shared *sh, unit *u)
{
    if (u->handed) /* handed over to a helper that has not taken it yet */
        nm_demand_absorb(sh->o->demand, u->handed);
    u->handed = NULL;
    if (u->table)
        nm_demand_absorb(sh->o->demand, u->table);
    u->table = NULL;
}

static void drop(unit *u)
{
    nm_demand_free(u->handed);
    nm_demand_free(u->table);
    u->handed = u->table = NULL;
    if (u->part > 0)
        nm_batch_item_free(&u->item);
}

/* Add a later part's review items to the file's: uses summed, new texts
 * appended in order. */
static void add_review(nm_file_report *dst, nm_file_report *src)
{
    nm_strmap *index = nm_strmap_new();
    for (size_t i = 0; i < dst->nreview; i++)
        nm_strmap_put(index, dst->review[i].text, (void *)(uintptr_t)(i + 1));
    for (size_t i = 0; i < src->nreview; i++) {
        nm_review_item *it = &src->review[i];
        void *v;
        if (nm_strmap_find(index, it->text, &v)) {
            dst->review[(size_t)(uintptr_t)v - 1].uses += it->uses;
            continue;
        }
        dst->review = nm_reallocarray(dst->review, dst->nreview + 1, sizeof *dst->review);
        dst->review[dst->nreview++] = *it; /* moved: text and label change owner */
        it->text = it->label = NULL;
    }
    nm_strmap_free(index);
}

static void append_reject(void *ctx, const nm_reject *r)
{
    keep_reject(ctx, (nm_reject_entry){r->line, r->col, (uint32_t)r->reason});
}

/* Add a later part's results to the file's item: counts, rejections, the
 * first messages, review items, where the text ended. */
static void add_part(shared *sh, nm_batch_item *dst, nm_batch_item *src)
{
    nm_file_report *d = &dst->report, *s = &src->report;
    d->rows_read += s->rows_read;
    d->rows_accepted += s->rows_accepted;
    d->rows_rejected += s->rows_rejected;
    d->rows_skipped += s->rows_skipped;
    d->needs_accepted += s->needs_accepted;
    d->needs_rejected += s->needs_rejected;
    for (int r = 0; r < NM_REASON_N; r++)
        d->reasons[r] += s->reasons[r];
    for (int k = 0; k < NM_NOTE_N; k++)
        d->notes[k] += s->notes[k];
    d->demand_known_milli += s->demand_known_milli;
    d->demand_known = d->demand_known_milli / NM_MILLI;
    d->needs_unknown += s->needs_unknown;
    d->info.lines = s->info.lines;
    d->info.dec.fallback_bytes += s->info.dec.fallback_bytes;
    if (!d->info.dec.fallback_line)
        d->info.dec.fallback_line = s->info.dec.fallback_line;
    if (!d->info.dec.nul_line)
        d->info.dec.nul_line = s->info.dec.nul_line;
    if (s->status != NM_OK) {
        d->status = s->status;
        d->error = s->error;
    }
    add_review(d, s);
    nm_batch_each_reject(src, append_reject, dst);
    for (size_t k = 0; k < src->nmessages; k++) {
        if ((long)dst->nmessages < sh->o->max_messages) {
            dst->messages = nm_reallocarray(dst->messages, dst->nmessages + 1,
                                            sizeof *dst->messages);
            dst->messages[dst->nmessages++] = src->messages[k];
        } else {
            free(src->messages[k]);
        }
    }
    src->nmessages = 0;
}

/* Part 0 ended inside a row or without a header: the file is read again
 * whole, on this thread, once every part of it is done (later parts
 * borrow part 0's columns until then).  The lock is let go while reading,
 * so other threads go on reading and queue what they finish (sh->merging
 * makes them leave the merging to this thread). */
static void reread_whole(shared *sh, size_t file)
{
    unit again = {.file = file, .nparts = 1};
    nm_batch_item_free(&sh->items[file]);
    pthread_mutex_unlock(&sh->lock);
    read_whole(sh, &again);
    pthread_mutex_lock(&sh->lock);
    absorb(sh, &again);
}

/* Part u (not part 0) ended inside a row: the row runs on into the next
 * part.  Read u and the next part as one piece; if that still ends inside
 * a row, read from u to the end of the file (so a file cut inside rows
 * everywhere costs one more read, not one per cut).  Merge the piece in
 * place of those parts.  Returns the last part the piece covered: the part
 * after it starts where a row starts, so its own result stands. */
static size_t reread_joined(shared *sh, split_file *f, const unit *u)
{
    size_t last = u->part;
    unit again;
    do {
        last = last == u->part ? last + 1 : u->nparts - 1;
        const unit *to = &sh->units[f->first_unit + last];
        memset(&again, 0, sizeof again);
        again.file = u->file;
        again.part = 1; /* its item is its own */
        again.nparts = 1;
        again.table = sh->o->demand ? nm_demand_new(sh->o->ref) : NULL;
        int more = last + 1 < u->nparts;
        nm_ingest_part p = {u->start, more ? to->end : 0, u->first_line, more, f->columns,
                            f->encoding, f->delimiter, NULL, NULL};
        item_sink s = {&again.item, again.table, sh->o->max_messages, NULL, NULL, 0};
        nm_sink sink = {on_record, on_reject, &s};
        pthread_mutex_unlock(&sh->lock);
        nm_ingest_file_part(sh->g, sh->paths[u->file], &p, &sink, &again.item.report);
        pthread_mutex_lock(&sh->lock);
        if (!again.item.report.info.ended_mid_row)
            break;
        drop(&again);
    } while (1);
    f->ended = again.item.report.status != NM_OK;
    add_part(sh, &sh->items[u->file], &again.item);
    absorb(sh, &again);
    nm_batch_item_free(&again.item);
    return last;
}

/* Merge one unit, the next in input order. */
static void merge_unit(shared *sh, unit *u)
{
    if (u->nparts == 1) {
        absorb(sh, u);
        return;
    }
    split_file *f = &sh->files[u->file];
    nm_batch_item *dst = &sh->items[u->file];
    if (f->ended || f->redo_whole || (u->part > 0 && u->part <= f->covered)) {
        drop(u); /* stopped by an error, to be read whole, or read with the part before */
    } else if (u->part == 0) {
        if (!dst->report.header_line || dst->report.info.ended_mid_row) {
            f->redo_whole = 1; /* later parts borrow part 0's columns: wait for them */
            drop(u);
        } else {
            absorb(sh, u);
            f->ended = dst->report.status != NM_OK;
        }
    } else if (u->item.report.info.ended_mid_row) {
        drop(u);
        f->covered = reread_joined(sh, f, u);
    } else {
        add_part(sh, dst, &u->item);
        absorb(sh, u);
        f->ended = u->item.report.status != NM_OK;
        nm_batch_item_free(&u->item);
    }
    if (u->part + 1 == u->nparts && f->redo_whole)
        reread_whole(sh, u->file);
}

/* With the lock held: merge every unit that is done and next in input
 * order.  Merges run one at a time, on whichever worker finished the next
 * unit (or helps, see help_merge). */
static void merge_done(shared *sh)
{
    sh->merging = 1;
    while (sh->next < sh->nunits && sh->units[sh->next].done)
        merge_unit(sh, &sh->units[sh->next++]);
    sh->merging = 0;
}

/* Unit i is done: merge it and what follows it, if it is next. */
static void merge_ready(shared *sh, size_t i)
{
    pthread_mutex_lock(&sh->lock);
    sh->units[i].done = 1;
    atomic_store_explicit(&sh->units[i].want, 0, memory_order_relaxed);
    pthread_cond_broadcast(&sh->cond); /* a helper may wait for its table */
    if (!sh->merging) /* else the merging thread takes this unit too */
        merge_done(sh);
    pthread_mutex_unlock(&sh->lock);
}

/* Whether the rows unit u has read so far are sure to be merged as they
 * are, in this order, once every unit before it is (u is sh->next): a
 * whole file, or the last part of a file whose earlier parts stand (the
 * last part never ends inside a row; an earlier one may, and is then read
 * again with the next, see merge_unit). */
static int merges_as_read(shared *sh, const unit *u)
{
    if (u->nparts == 1)
        return 1;
    const split_file *f = &sh->files[u->file];
    return u->part > 0 && u->part + 1 == u->nparts && !f->ended && !f->redo_whole &&
           u->part > f->covered;
}

/* With the lock held: ask unit u, still being read, for its table so
 * far; the reader hands it over between two records and goes on with a
 * new one (hand_over).  Returns the table, or NULL when u ended first (or
 * another thread is asking).  The caller merges it, and must do so before
 * u's own table is merged. */
static nm_demand *take_table(shared *sh, unit *u)
{
    if (sh->helping || !sh->o->demand)
        return NULL;
    sh->helping = 1;
    atomic_store_explicit(&u->want, 1, memory_order_relaxed);
    while (atomic_load_explicit(&u->want, memory_order_relaxed) && !u->done)
        pthread_cond_wait(&sh->cond, &sh->lock);
    nm_demand *t = u->handed;
    u->handed = NULL;
    sh->helping = 0;
    return t;
}

/* A thread with no unit left to take merges the next unit's table while
 * it is still being read, a piece at a time (take_table): merged in input
 * order all the same, so the end of reading leaves only the last piece to
 * merge, not the whole unit's table, and two files or parts ending apart
 * keep both threads busy. */
static void help_merge(shared *sh)
{
    pthread_mutex_lock(&sh->lock);
    while (sh->started == sh->nunits && !sh->merging && sh->next < sh->nunits) {
        unit *u = &sh->units[sh->next];
        nm_demand *t = merges_as_read(sh, u) ? take_table(sh, u) : NULL;
        if (!t)
            break; /* u is done (merged by its own thread), or not to be merged early */
        sh->merging = 1;
        pthread_mutex_unlock(&sh->lock);
        nm_demand_absorb(sh->o->demand, t);
        pthread_mutex_lock(&sh->lock);
        merge_done(sh); /* units done meanwhile left the merging to this thread */
    }
    pthread_mutex_unlock(&sh->lock);
}

static void run_unit(void *ctx, size_t i)
{
    shared *sh = ctx;
    unit *u = &sh->units[i];
    pthread_mutex_lock(&sh->lock);
    sh->started++;
    pthread_mutex_unlock(&sh->lock);
    if (u->nparts == 1)
        read_whole(sh, u);
    else
        read_part(sh, u);
    merge_ready(sh, i);
    help_merge(sh);
}

/* Bytes per part of a file of `size` bytes, when all inputs are `total`
 * bytes read by `workers` threads: a file more than a quarter larger than
 * a thread's share of the total (and larger than MIN_PART_BYTES) is cut
 * into parts of about that share; others, and every file on one thread,
 * are read whole.  A part costs a table, a merge and a count of its lines;
 * and a file just over the share, cut in two halves, leaves one thread
 * with a whole file and a half after it (docs/performance.md, "Parts").
 * Sums are exact (thousandths, see count.h),
 * so results do not depend on the cuts. */
uint64_t nm_batch_part_bytes(uint64_t size, uint64_t total, int workers)
{
    /* rounded up: one file of an odd number of bytes on two threads is two
     * parts, not three (the third would run alone after the others) */
    uint64_t share = workers > 1 ? (total + (uint64_t)workers - 1) / (uint64_t)workers : 0;
    if (workers < 2 || size <= share + share / 4)
        return 0;
    if (share < MIN_PART_BYTES)
        share = MIN_PART_BYTES;
    if (size <= share)
        return 0;
    uint64_t parts = (size + share - 1) / share; /* at least two */
    return (size + parts - 1) / parts; /* equal, rounded up: no sliver after the last cut */
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* Bytes per part of a file: as the threads need, or as a test asks. */
static uint64_t part_bytes(const nm_batch_opts *o, uint64_t size, uint64_t total, int workers)
{
    if (o->part_bytes == NM_BATCH_WHOLE)
        return 0;
    return o->part_bytes ? o->part_bytes : nm_batch_part_bytes(size, total, workers);
}

/* The units of work: a file, or each part of a large file, in input order. */
static void plan(shared *sh, size_t n, int workers)
{
    size_t cap = 0;
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += file_size(sh->paths[i]);
    for (size_t i = 0; i < n; i++) {
        uint64_t *bounds = NULL;
        uint64_t bytes = part_bytes(sh->o, file_size(sh->paths[i]), total, workers);
        size_t parts = nm_ingest_plan_parts(sh->g, sh->paths[i], bytes, &bounds);
        sh->files[i] = (split_file){sh->nunits, 0, NULL, NM_ENC_UTF8, 0, 0, 0, 0};
        NM_GROW(sh->units, cap, sh->nunits + parts);
        for (size_t k = 0; k < parts; k++) {
            unit *u = &sh->units[sh->nunits++];
            memset(u, 0, sizeof *u);
            u->file = i;
            u->part = k;
            u->nparts = parts;
            if (bounds) {
                u->start = bounds[k];
                u->end = bounds[k + 1];
            }
        }
        free(bounds);
    }
}

size_t nm_batch_read(nm_ingest *g, char *const *paths, size_t n, const nm_threads *t,
                     const nm_batch_opts *o, nm_batch_item *items)
{
    shared sh = {.g = g, .paths = paths, .o = o, .items = items,
                 .files = nm_calloc(n ? n : 1, sizeof *sh.files),
                 .hand_records = o->hand_records ? o->hand_records : HAND_RECORDS};
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.cond, NULL);
    plan(&sh, n, nm_threads_n(t));
    nm_parallel_for(sh.nunits, t, run_unit, &sh);
    free(sh.units);
    free(sh.files);
    pthread_cond_destroy(&sh.cond);
    pthread_mutex_destroy(&sh.lock);
    return sh.handed;
}

uint64_t nm_batch_each_reject(const nm_batch_item *item,
                              void (*fn)(void *ctx, const nm_reject *r), void *ctx)
{
    uint64_t n = 0;
    if (item->spill) {
        nm_reject_entry chunk[1024];
        size_t got;
        rewind(item->spill);
        while (n < item->nspilled &&
               (got = fread(chunk, sizeof *chunk, sizeof chunk / sizeof *chunk, item->spill)) > 0)
            for (size_t k = 0; k < got && n < item->nspilled; k++, n++) {
                nm_reject r = {item->report.path, chunk[k].line, chunk[k].col,
                               (nm_reason)chunk[k].reason, "", ""};
                fn(ctx, &r);
            }
        fseek(item->spill, 0, SEEK_END); /* more may be appended */
    }
    for (size_t k = 0; k < item->nrejects; k++, n++) {
        const nm_reject_entry *e = &item->rejects[k];
        nm_reject r = {item->report.path, e->line, e->col, (nm_reason)e->reason, "", ""};
        fn(ctx, &r);
    }
    return n;
}

void nm_batch_item_free(nm_batch_item *item)
{
    nm_file_report_free(&item->report);
    free(item->rejects);
    if (item->spill)
        fclose(item->spill);
    for (size_t i = 0; i < item->nmessages; i++)
        free(item->messages[i]);
    free(item->messages);
    memset(item, 0, sizeof *item);
}
