/* batch.h - the pipeline's reading: many inputs on the run's threads,
 * results in input order.
 *
 * Each input is read by worker threads into its own nm_batch_item: the
 * file's report, its rejections in compact form (16 bytes each; beyond
 * NM_BATCH_SPILL of them they go to an unlinked temporary file, so memory
 * does not grow with rejected rows either), and the first max_messages
 * rejection messages.  The caller then walks the
 * items in input order.  Each file's demand is summed into a table of its
 * own, which is merged into the caller's table as soon as it and every
 * file before it are read (so at most about one table per thread is held,
 * however many files), always in input order: output is the same for
 * every thread count (1 included).
 *
 * nm_batch_read fills n caller-allocated items; free each with
 * nm_batch_item_free.  The nm_ingest and reference data are shared
 * read-only by the workers and must outlive the items' use.
 */
#ifndef NEEDMAP_BATCH_H
#define NEEDMAP_BATCH_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "needmap/demand.h"
#include "needmap/ingest.h"
#include "needmap/parallel.h"

typedef struct nm_reject_entry {
    uint64_t line;         /* physical line */
    uint32_t col;          /* column, 0 for the row */
    uint32_t reason;       /* nm_reason */
} nm_reject_entry;

enum { NM_BATCH_SPILL = 1 << 16 };

typedef struct nm_batch_item {
    nm_file_report report;
    nm_reject_entry *rejects;  /* the latest rejections, in file order */
    size_t nrejects, cap;
    FILE *spill;               /* the earlier ones, or NULL (see nm_batch_each_reject) */
    uint64_t nspilled;
    char **messages;           /* "FILE:LINE:COL: reason: 'value' (hint)" */
    size_t nmessages;
} nm_batch_item;

typedef struct nm_batch_opts {
    long max_messages;         /* messages kept per file */
    const nm_refdata *ref;     /* for the demand tables */
    nm_demand *demand;         /* every file's demand is added here; NULL: none */
    FILE *timing;              /* NULL, or where to say how many tables were handed
                                  over early (NEEDMAP_TIMING) */
    /* Test knobs (0: as a user's run): */
    uint64_t part_bytes;       /* cut every CSV file of more than this many bytes
                                  into parts of about that size, whatever the
                                  thread count; NM_BATCH_WHOLE: never cut */
    uint64_t hand_records;     /* a table handed over early holds at least this
                                  many records (4096) */
} nm_batch_opts;

#define NM_BATCH_WHOLE UINT64_MAX

/* Read paths[0..n) into items[0..n) on up to t's threads (NULL: one).
 * Never fails as a whole: each item's report says how its file went.  A
 * thread with nothing left to read merges the table of the file (or last
 * part) still being read, a piece at a time, in the same order. */
void nm_batch_read(nm_ingest *g, char *const *paths, size_t n, const nm_threads *t,
                   const nm_batch_opts *o, nm_batch_item *items);
void nm_batch_item_free(nm_batch_item *item);

/* Every rejection of the item, in file order, as an nm_reject (detail and
 * hint are ""); returns how many. */
uint64_t nm_batch_each_reject(const nm_batch_item *item,
                              void (*fn)(void *ctx, const nm_reject *r), void *ctx);

/* Bytes per part for a file of `size` bytes when all inputs are `total`
 * bytes read by `workers` threads: 0 (read whole) unless the file is
 * larger than a thread's share and than 16 MiB; else the share cut so that
 * the file makes at most `workers` parts (nm_ingest_plan_parts then makes
 * part 0 smaller, the others equal). */
uint64_t nm_batch_part_bytes(uint64_t size, uint64_t total, int workers);

/* A rejection as the message needmap prints: "FILE:LINE:COL: reason:
 * 'value' (hint)" (without the "needmap: error: " prefix).  A value longer
 * than NM_REJECT_VALUE_MAX characters is cut there and ends in "...". */
enum { NM_REJECT_VALUE_MAX = 80 };
void nm_format_reject(const nm_reject *r, nm_buf *out);

#endif
