/* test_batch.c - the pipeline's reading (batch.h): how large files are
 * cut, and that files read in parts, on several threads, with tables
 * handed over early, give what one thread reading them whole gives. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/batch.h"
#include "needmap/buf.h"

#include "check.h"
#include "tmp.h"

/* A file of `size` bytes cut into parts of p bytes makes this many. */
static uint64_t parts_of(uint64_t size, uint64_t p)
{
    return p ? (size + p - 1) / p : 1;
}

/* One file, all the input: as many equal parts as threads, never one more
 * (an odd byte count on two threads once made three parts, the third read
 * alone after the others), and no sliver after the last cut. */
static void one_large_file_makes_one_part_per_thread(void)
{
    static const uint64_t sizes[] = {124068585, 124068584, 33554433, 100000007, 999999999};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int w = 2; w <= 8; w++) {
            uint64_t size = sizes[i], p = nm_batch_part_bytes(size, size, w);
            if (size / (uint64_t)w < (16u << 20)) { /* parts of at least 16 MiB */
                CHECK(p == 0 || parts_of(size, p) <= (uint64_t)w);
                continue;
            }
            CHECK_INT_EQ(parts_of(size, p), w);
            CHECK(p * (uint64_t)(w - 1) < size); /* the last part is a real one */
        }
    }
}

static void small_files_and_one_thread_are_read_whole(void)
{
    CHECK_INT_EQ(nm_batch_part_bytes(10u << 20, 10u << 20, 4), 0);   /* under 16 MiB */
    CHECK_INT_EQ(nm_batch_part_bytes(200u << 20, 200u << 20, 1), 0); /* one thread */
    /* two files of 60 MB on two threads: each is a thread's share */
    CHECK_INT_EQ(nm_batch_part_bytes(60000000, 120000000, 2), 0);
    /* a 100 MB file next to a 20 MB one on two threads: cut in two */
    CHECK_INT_EQ(parts_of(100000000, nm_batch_part_bytes(100000000, 120000000, 2)), 2);
    /* 45 and 48 MB on two threads: 48 MB is just over the share (46.5):
     * read whole, as cutting it in halves leaves 45 + 24 MB on one thread */
    CHECK_INT_EQ(nm_batch_part_bytes(48102379, 44899392 + 48102379, 2), 0);
    /* an 18 MiB file alone on two threads: two parts (the quarter is over
     * the share, not over the 16 MiB minimum part) */
    CHECK_INT_EQ(parts_of(18u << 20, nm_batch_part_bytes(18u << 20, 18u << 20, 2)), 2);
    /* up to a quarter over the share is read whole, more is cut */
    CHECK_INT_EQ(nm_batch_part_bytes(62500000, 100000000, 2), 0);
    CHECK_INT_EQ(parts_of(62600000, nm_batch_part_bytes(62600000, 100000000, 2)), 2);
}

/* A rejected value may be a cell of up to 1 MiB: the message shows its
 * first 80 characters (never half of one) and "...". */
static void long_values_are_cut_in_rejection_messages(void)
{
    char value[400];
    memset(value, 'x', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    memcpy(value + 78, "\xC3\xA5\xC3\xA4", 4); /* å ä: characters 79 and 80 */
    nm_reject r = {"k.csv", 3, 1, NM_REJ_UNKNOWN_MUNICIPALITY, value, "did you mean X?"};
    nm_buf msg = {0};
    nm_format_reject(&r, &msg);
    char want[200];
    snprintf(want, sizeof want, "k.csv:3:1: unknown municipality: '%.78s\xC3\xA5\xC3\xA4...' "
             "(did you mean X?)", value);
    CHECK_STR_EQ(msg.data, want);
    nm_buf_reset(&msg);
    r.detail = "Arjepolg"; /* short values are shown whole */
    nm_format_reject(&r, &msg);
    CHECK_STR_EQ(msg.data, "k.csv:3:1: unknown municipality: 'Arjepolg' (did you mean X?)");
    nm_buf_free(&msg);
}

/* A semicolon export of n rows: municipalities and occupations in turn,
 * decimal counts, every 7th row with a quoted line break in its comment,
 * every 11th with a count that is no number (a rejection). */
static char *export(int n, uint64_t seed)
{
    static const char *const towns[] = {"Arjeplog", "Arvidsjaur", "Jokkmokk", "Kiruna",
                                        "Luleå"};
    static const char *const jobs[] = {"Undersköterska", "Sjuksköterska", "Kock",
                                       "Busschaufför"};
    nm_buf b = {0};
    nm_buf_puts(&b, "Kommun;Yrke;Antal;Kommentar;Svars-ID\n");
    for (int i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(seed >> 33);
        const char *comment = i % 7 == 3 ? "\"rad ett\nrad två\"" : "ok";
        if (i % 11 == 5)
            nm_buf_printf(&b, "%s;%s;många;%s;%u\n", towns[r % 5], jobs[r / 5 % 4], comment,
                          r % 40);
        else
            nm_buf_printf(&b, "%s;%s;%u,%u;%s;%u\n", towns[r % 5], jobs[r / 5 % 4], r % 9,
                          r / 9 % 10, comment, r % 40);
    }
    return b.data;
}

/* What a read gave: the table's cells and each file's accounting and
 * rejections, as text to compare. */
static char *outcome(nm_ingest *g, char *const *paths, size_t n, int threads,
                     uint64_t part_bytes, uint64_t hand_records)
{
    nm_demand *d = nm_demand_new(nm_ingest_refdata(g));
    nm_batch_item items[4];
    nm_batch_opts o = {100, nm_ingest_refdata(g), d, NULL, part_bytes, hand_records};
    nm_threads t = {threads};
    nm_batch_read(g, paths, n, &t, &o, items);
    nm_demand_finish(d, NULL);
    nm_buf b = {0};
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        nm_buf_printf(&b, "%d %s %s %d %d %.17g %u %u %u\n", c->rollup, c->geo_code,
                      c->comp.code, c->comp_level, c->need, c->demand, c->needs, c->unknown,
                      c->respondents);
    }
    for (size_t i = 0; i < n; i++) {
        const nm_file_report *r = &items[i].report;
        nm_buf_printf(&b, "%s: %llu read %llu accepted %llu rejected %llu skipped, %d\n",
                      r->path, (unsigned long long)r->rows_read,
                      (unsigned long long)r->rows_accepted, (unsigned long long)r->rows_rejected,
                      (unsigned long long)r->rows_skipped, (int)r->status);
        for (size_t k = 0; k < items[i].nrejects; k++)
            nm_buf_printf(&b, "  %llu:%u %u\n", (unsigned long long)items[i].rejects[k].line,
                          items[i].rejects[k].col, items[i].rejects[k].reason);
        for (size_t k = 0; k < items[i].nmessages; k++)
            nm_buf_printf(&b, "  %s\n", items[i].messages[k]);
        nm_batch_item_free(&items[i]);
    }
    nm_demand_free(d);
    return b.data;
}

static void files_read_in_parts_on_several_threads_give_what_one_thread_gives(void)
{
    nm_ingest_opts io = {.min_confidence = 0.85};
    nm_ingest *g;
    nm_error err;
    CHECK_INT_EQ(nm_ingest_new(&io, &g, &err), NM_OK);
    char *texts[3] = {export(400, 1), export(37, 2), export(900, 3)};
    char *paths[3];
    for (int i = 0; i < 3; i++)
        paths[i] = tmp_file_str(texts[i]);
    char *want = outcome(g, paths, 3, 1, NM_BATCH_WHOLE, 0);
    CHECK_CONTAINS(want, "'många'"); /* rejections and their messages */
    static const uint64_t parts[] = {NM_BATCH_WHOLE, 64, 333, 4096};
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
        for (int threads = 1; threads <= 4; threads++)
            for (uint64_t hand = 0; hand <= 1; hand++) {
                char *got = outcome(g, paths, 3, threads, parts[p], hand);
                if (strcmp(got, want) != 0)
                    fprintf(stderr, "  parts of %llu bytes, %d threads, hand-over %llu differ\n",
                            (unsigned long long)parts[p], threads, (unsigned long long)hand);
                CHECK(strcmp(got, want) == 0);
                free(got);
            }
    free(want);
    for (int i = 0; i < 3; i++) {
        tmp_file_remove(paths[i]);
        free(texts[i]);
    }
    nm_ingest_free(g);
}

int main(void)
{
    RUN(one_large_file_makes_one_part_per_thread);
    RUN(small_files_and_one_thread_are_read_whole);
    RUN(long_values_are_cut_in_rejection_messages);
    RUN(files_read_in_parts_on_several_threads_give_what_one_thread_gives);
    return check_finish();
}
