/* test_batch.c - how the batch reader cuts large files (batch.h). */
#include <stdint.h>
#include <string.h>

#include "needmap/batch.h"

#include "check.h"

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

int main(void)
{
    RUN(one_large_file_makes_one_part_per_thread);
    RUN(small_files_and_one_thread_are_read_whole);
    RUN(long_values_are_cut_in_rejection_messages);
    return check_finish();
}
