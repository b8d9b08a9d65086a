/* batch.c - read whole inputs on several threads (nm_parallel_for). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/batch.h"
#include "needmap/buf.h"
#include "needmap/parallel.h"

typedef struct shared {
    nm_ingest *g;
    char *const *paths;
    const nm_batch_opts *o;
    nm_batch_item *items;
    nm_demand **tables;        /* per input: its table until merged */
    unsigned char *read;       /* per input: read to the end */
    size_t next;               /* first input not merged yet */
    pthread_mutex_t lock;      /* guards read, next and o->demand */
} shared;

void nm_format_reject(const nm_reject *r, nm_buf *out)
{
    nm_buf_printf(out, "%s:%llu:", r->file, (unsigned long long)r->line);
    if (r->col)
        nm_buf_printf(out, "%u:", (unsigned)r->col);
    nm_buf_printf(out, " %s", nm_reason_text(r->reason));
    if (r->detail[0] && r->reason == NM_REJ_MALFORMED)
        nm_buf_printf(out, ": %s", r->detail); /* a description, not a value */
    else if (r->detail[0])
        nm_buf_printf(out, ": '%s'", r->detail);
    if (r->hint[0])
        nm_buf_printf(out, " (%s)", r->hint);
}

typedef struct item_sink {
    nm_batch_item *item;
    nm_demand *demand;
    long max_messages;
} item_sink;

static void on_record(void *ctx, const nm_record *r)
{
    item_sink *s = ctx;
    if (s->demand)
        nm_demand_add(s->demand, r);
}

static void on_reject(void *ctx, const nm_reject *r)
{
    item_sink *s = ctx;
    nm_batch_item *it = s->item;
    NM_GROW(it->rejects, it->cap, it->nrejects + 1);
    it->rejects[it->nrejects++] = (nm_reject_entry){r->line, r->col, (uint32_t)r->reason};
    if ((long)it->nmessages < s->max_messages) {
        nm_buf msg = {0};
        nm_format_reject(r, &msg);
        it->messages = nm_reallocarray(it->messages, it->nmessages + 1, sizeof *it->messages);
        it->messages[it->nmessages++] = msg.data;
    }
}

/* Input i is read: merge every table that is next in input order.  The
 * merges run one at a time, on whichever worker finished the next input. */
static void merge_ready(shared *sh, size_t i, size_t n)
{
    pthread_mutex_lock(&sh->lock);
    sh->read[i] = 1;
    while (sh->next < n && sh->read[sh->next]) {
        if (sh->tables[sh->next])
            nm_demand_absorb(sh->o->demand, sh->tables[sh->next]);
        sh->tables[sh->next++] = NULL;
    }
    pthread_mutex_unlock(&sh->lock);
}

typedef struct job {
    shared *sh;
    size_t n;
} job;

static void read_one(void *ctx, size_t i)
{
    job *j = ctx;
    shared *sh = j->sh;
    nm_batch_item *it = &sh->items[i];
    memset(it, 0, sizeof *it);
    nm_demand *table = sh->o->demand ? nm_demand_new(sh->o->ref) : NULL;
    item_sink s = {it, table, sh->o->max_messages};
    nm_sink sink = {on_record, on_reject, &s};
    nm_ingest_file(sh->g, sh->paths[i], &sink, &it->report);
    sh->tables[i] = table;
    merge_ready(sh, i, j->n);
}

int nm_batch_threads(int requested, size_t inputs)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int t = requested > 0 ? requested : cores > 0 ? (int)cores : 1;
    if ((size_t)t > inputs)
        t = inputs ? (int)inputs : 1;
    return t;
}

void nm_batch_read(nm_ingest *g, char *const *paths, size_t n, const nm_batch_opts *o,
                   nm_batch_item *items)
{
    shared sh = {g, paths, o, items, nm_calloc(n ? n : 1, sizeof *sh.tables),
                 nm_calloc(n ? n : 1, 1), 0, PTHREAD_MUTEX_INITIALIZER};
    job j = {&sh, n};
    nm_parallel_for(n, nm_batch_threads(o->threads, n), read_one, &j);
    free(sh.tables);
    free(sh.read);
    pthread_mutex_destroy(&sh.lock);
}

nm_reject nm_batch_reject(const nm_batch_item *item, size_t i)
{
    const nm_reject_entry *e = &item->rejects[i];
    nm_reject r = {item->report.path, e->line, e->col, (nm_reason)e->reason, "", ""};
    return r;
}

void nm_batch_item_free(nm_batch_item *item)
{
    nm_file_report_free(&item->report);
    free(item->rejects);
    for (size_t i = 0; i < item->nmessages; i++)
        free(item->messages[i]);
    free(item->messages);
    memset(item, 0, sizeof *item);
}
