/* batch.c - read inputs on the run's threads (nm_ordered_run): whole
 * files, and large CSV files in parts (nm_ingest_plan_parts), each part a
 * unit of its own.  Each unit's records go to a demand table of its own
 * (the ingest stage hands records to a sink and knows no table); units
 * are merged in input order, part by part, into the caller's items and
 * table, and a thread with nothing left to read merges the table of the
 * file (or last part) still being read, a piece at a time.  Sums are
 * exact, so the result is the same for any number of threads and any
 * cuts.  A part must start where a row starts: when the part before it
 * ends inside a row (a quoted line break across the cut), the two are
 * read again as one piece (see reread_joined), as a single thread would. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch_int.h"
#include "needmap/alloc.h"
#include "needmap/ordered.h"

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
    int counted;
    nm_batch_item item;        /* a later part's results (part 0 and whole files
                                  fill the file's item) */
    nm_demand *table;          /* its demand until merged */
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
    uint64_t hand_records;     /* HAND_RECORDS, or o->hand_records (tests) */
    pthread_mutex_t lock;      /* guards the parts' line counts and part 0's header */
    pthread_cond_t cond;       /* a part was counted, part 0's header decided */
} shared;

/* Where one unit's records and rejections go: the unit's table and item. */
typedef struct unit_sink {
    nm_batch_item *item;
    nm_demand *demand;         /* NULL: no table (validate) */
    nm_demand **table;         /* the unit's, kept pointing at demand */
    const nm_demand *model;    /* the run's table: new tables are made like it */
    long max_messages;
    nm_ordered *ord;           /* a unit that may hand its table over, or NULL */
    size_t unit;
    uint64_t every, until;     /* records between looks at ord; left until the next */
} unit_sink;

/* Every hand_records records: a worker with nothing left to read may wait
 * for this unit's table so far.  Hand it over and go on with a new one
 * (between two records; tests set hand_records 1 to hand over at nearly
 * every record). */
static void offer_table(unit_sink *s)
{
    s->until = s->every;
    if (!nm_ordered_asked(s->ord, s->unit) || !nm_ordered_hand(s->ord, s->unit, s->demand))
        return;
    s->demand = *s->table = nm_demand_new_like(s->model);
}

static void on_record(void *ctx, const nm_record *r)
{
    unit_sink *s = ctx;
    if (!s->demand)
        return;
    nm_demand_add(s->demand, r);
    if (s->ord && --s->until == 0)
        offer_table(s);
}

static void on_reject(void *ctx, const nm_reject *r)
{
    unit_sink *s = ctx;
    nmb_item_reject(s->item, r, s->max_messages);
}

/* A sink for unit u (NULL: a piece read again while merging, never handed
 * over) into item, with a new table when the run has one. */
static unit_sink sink_for(shared *sh, nm_ordered *ord, size_t u, nm_batch_item *item,
                          nm_demand **table)
{
    *table = sh->o->demand ? nm_demand_new_like(sh->o->demand) : NULL;
    return (unit_sink){item, *table, table, sh->o->demand, sh->o->max_messages, ord, u,
                       sh->hand_records, sh->hand_records};
}

/* --- one unit: a whole file, or a part of one --- */

static void read_whole(shared *sh, nm_ordered *ord, size_t i, unit *u)
{
    nm_batch_item *it = &sh->items[u->file];
    memset(it, 0, sizeof *it);
    unit_sink s = sink_for(sh, ord, i, it, &u->table);
    nm_sink sink = {on_record, on_reject, &s};
    nm_ingest_part whole = {.input_no = u->file + 1}; /* start 0, end 0: all of it */
    nm_ingest_file_part(sh->g, sh->paths[u->file], &whole, &sink, &it->report);
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
static void read_part(shared *sh, nm_ordered *ord, size_t i, unit *u)
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
    part_ctx pc = {sh, f};
    nm_ingest_part p = {u->start, u->end, u->first_line, u->part + 1 < u->nparts,
                        f->columns, f->encoding, f->delimiter,
                        u->part == 0 ? on_header : NULL, &pc, u->file + 1};
    unit_sink s = sink_for(sh, ord, i, it, &u->table);
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

static void produce(void *ctx, nm_ordered *ord, size_t i)
{
    shared *sh = ctx;
    unit *u = &sh->units[i];
    if (u->nparts == 1)
        read_whole(sh, ord, i, u);
    else
        read_part(sh, ord, i, u);
}

/* --- merging, in input order (one merge at a time: nm_ordered_run) --- */

static void absorb(shared *sh, unit *u)
{
    if (u->table)
        nm_demand_absorb(sh->o->demand, u->table);
    u->table = NULL;
}

static void drop(unit *u)
{
    nm_demand_free(u->table);
    u->table = NULL;
    if (u->part > 0)
        nm_batch_item_free(&u->item);
}

/* Part 0 ended inside a row or without a header: the file is read again
 * whole, by the merging thread, once every part of it is done (later parts
 * borrow part 0's columns until then); the other threads go on reading
 * meanwhile. */
static void reread_whole(shared *sh, size_t file)
{
    unit again = {.file = file, .nparts = 1};
    nm_batch_item_free(&sh->items[file]);
    read_whole(sh, NULL, 0, &again);
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
        int more = last + 1 < u->nparts;
        nm_ingest_part p = {u->start, more ? to->end : 0, u->first_line, more, f->columns,
                            f->encoding, f->delimiter, NULL, NULL, u->file + 1};
        unit_sink s = sink_for(sh, NULL, 0, &again.item, &again.table);
        nm_sink sink = {on_record, on_reject, &s};
        nm_ingest_file_part(sh->g, sh->paths[u->file], &p, &sink, &again.item.report);
        if (!again.item.report.info.ended_mid_row)
            break;
        drop(&again);
    } while (1);
    f->ended = again.item.report.status != NM_OK;
    nmb_item_add_part(&sh->items[u->file], &again.item, sh->o->max_messages);
    absorb(sh, &again);
    nm_batch_item_free(&again.item);
    return last;
}

/* Merge unit i, the next in input order. */
static void merge_unit(void *ctx, size_t i)
{
    shared *sh = ctx;
    unit *u = &sh->units[i];
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
        nmb_item_add_part(dst, &u->item, sh->o->max_messages);
        absorb(sh, u);
        f->ended = u->item.report.status != NM_OK;
        nm_batch_item_free(&u->item);
    }
    if (u->part + 1 == u->nparts && f->redo_whole)
        reread_whole(sh, u->file);
}

/* Whether the rows unit i has read so far are sure to be merged as they
 * are, in this order, once every unit before it is (i is the next to
 * merge): a whole file, or the last part of a file whose earlier parts
 * stand (the last part never ends inside a row; an earlier one may, and is
 * then read again with the next, see merge_unit).  Only with a table. */
static int merges_as_read(void *ctx, size_t i)
{
    shared *sh = ctx;
    const unit *u = &sh->units[i];
    if (!sh->o->demand)
        return 0;
    if (u->nparts == 1)
        return 1;
    const split_file *f = &sh->files[u->file];
    return u->part > 0 && u->part + 1 == u->nparts && !f->ended && !f->redo_whole &&
           u->part > f->covered;
}

/* A table handed over by unit i's reader, before the rest of i. */
static void merge_table(void *ctx, size_t i, void *table)
{
    shared *sh = ctx;
    (void)i;
    nm_demand_absorb(sh->o->demand, table);
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

void nm_batch_read(nm_ingest *g, char *const *paths, size_t n, const nm_threads *t,
                   const nm_batch_opts *o, nm_batch_item *items)
{
    static const nm_ordered_fns fns = {produce, merge_unit, merges_as_read, merge_table};
    shared sh = {.g = g, .paths = paths, .o = o, .items = items,
                 .files = nm_calloc(n ? n : 1, sizeof *sh.files),
                 .hand_records = o->hand_records ? o->hand_records : HAND_RECORDS};
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.cond, NULL);
    plan(&sh, n, nm_threads_n(t));
    size_t handed = nm_ordered_run(sh.nunits, t, &fns, &sh);
    if (o->timing)
        fprintf(o->timing, "needmap: timing: %zu table(s) merged while their file was read\n",
                handed);
    free(sh.units);
    free(sh.files);
    pthread_cond_destroy(&sh.cond);
    pthread_mutex_destroy(&sh.lock);
}
