/* batch_items.c - what reading one input gives (nm_batch_item): its
 * report, its rejections kept in 16 bytes each (beyond NM_BATCH_SPILL on
 * an unlinked temporary file, so memory does not grow with rejected rows),
 * its first messages, and a later part's results added to its file's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_int.h"
#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/count.h"
#include "needmap/strmap.h"
#include "needmap/tempfile.h"

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

void nmb_item_reject(nm_batch_item *it, const nm_reject *r, long max_messages)
{
    keep_reject(it, (nm_reject_entry){r->line, r->col, (uint32_t)r->reason});
    if ((long)it->nmessages < max_messages) {
        nm_buf msg = {0};
        nm_format_reject(r, &msg);
        it->messages = nm_reallocarray(it->messages, it->nmessages + 1, sizeof *it->messages);
        it->messages[it->nmessages++] = msg.data;
    }
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

void nmb_item_add_part(nm_batch_item *dst, nm_batch_item *src, long max_messages)
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
        if ((long)dst->nmessages < max_messages) {
            dst->messages = nm_reallocarray(dst->messages, dst->nmessages + 1,
                                            sizeof *dst->messages);
            dst->messages[dst->nmessages++] = src->messages[k];
        } else {
            free(src->messages[k]);
        }
    }
    src->nmessages = 0;
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
