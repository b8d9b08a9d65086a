/* test_resplog.c - the respondent log (resplog.h): what is read back is
 * every distinct respondent once, in hash order, with its distinct cells
 * (ascending unless renumbered) - whether the pairs stayed in memory, went
 * to a file in runs, were merged on file, arrived through another log, or
 * were renumbered. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>

#include "needmap/resplog.h"

#include "check.h"

typedef struct pr {
    uint64_t r;
    uint32_t c;
} pr;

static uint64_t state;
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static int cmp_pr(const void *pa, const void *pb)
{
    const pr *a = pa, *b = pb;
    if (a->r != b->r)
        return a->r < b->r ? -1 : 1;
    return a->c < b->c ? -1 : a->c > b->c;
}

/* What a log must read back, as one flat list: for each respondent, its
 * cell count, then the cells. */
typedef struct flat {
    uint64_t *w;
    size_t n, cap;
} flat;

static void put(flat *f, uint64_t v)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 1024;
        f->w = realloc(f->w, f->cap * sizeof *f->w);
    }
    f->w[f->n++] = v;
}

static int ascending = 1; /* every list read so far was ascending */

/* Collect a respondent's cells, sorted (after a renumbering they come in
 * no particular order; the set is what counts). */
static void collect(void *ctx, const uint32_t *cells, size_t n)
{
    flat *f = ctx;
    put(f, n);
    size_t at = f->n;
    for (size_t i = 0; i < n; i++) {
        put(f, cells[i]);
        ascending &= i == 0 || cells[i] > cells[i - 1];
    }
    for (size_t i = at + 1; i < f->n; i++) /* insertion sort of the new ones */
        for (size_t j = i; j > at && f->w[j - 1] > f->w[j]; j--) {
            uint64_t t = f->w[j];
            f->w[j] = f->w[j - 1];
            f->w[j - 1] = t;
        }
}

/* The answer computed the obvious way: sort the (renumbered) pairs, drop
 * repeats, group by respondent. */
static flat expected(pr *p, size_t n, const uint32_t *map)
{
    pr *q = malloc((n + 1) * sizeof *q);
    for (size_t i = 0; i < n; i++)
        q[i] = (pr){p[i].r, map ? map[p[i].c] : p[i].c};
    qsort(q, n, sizeof *q, cmp_pr);
    flat f = {0};
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        while (j < n && q[j].r == q[i].r)
            j++;
        size_t at = f.n;
        put(&f, 0);
        for (size_t x = i; x < j; x++)
            if (x == i || q[x].c != q[x - 1].c) {
                put(&f, q[x].c);
                k++;
            }
        f.w[at] = k;
        i = j;
    }
    free(q);
    return f;
}

static int same(const flat *a, const flat *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->w, b->w, a->n * sizeof *a->w) == 0);
}

/* n pairs over `respondents` respondents and `cells` cells, repeats
 * included; respondents' hashes drawn at random. */
static pr *pairs(size_t n, size_t respondents, uint32_t cells, uint64_t seed)
{
    state = seed;
    uint64_t *who = malloc(respondents * sizeof *who);
    for (size_t i = 0; i < respondents; i++)
        who[i] = next();
    pr *p = malloc((n + 1) * sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = (pr){who[next() % respondents], (uint32_t)(next() % cells)};
    free(who);
    return p;
}

/* Add the pairs p[0..n) to l. */
static void add_all(nm_resplog *l, const pr *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        nm_resplog_add(l, p[i].r, p[i].c);
}

static int reads_back(nm_resplog *l, pr *p, size_t n, const uint32_t *map)
{
    flat got = {0}, want = expected(p, n, map);
    nm_resplog_each(l, collect, &got);
    flat again = {0}; /* a sealed log reads back the same every time */
    nm_resplog_each(l, collect, &again);
    int ok = same(&got, &want) && same(&got, &again);
    free(got.w);
    free(want.w);
    free(again.w);
    return ok;
}

static void small_log_stays_in_memory(void)
{
    pr *p = pairs(1000, 50, 30, 1);
    nm_resplog *l = nm_resplog_new();
    add_all(l, p, 1000);
    CHECK_INT_EQ(nm_resplog_runs_on_file(l), 0);
    CHECK_INT_EQ(nm_resplog_pairs(l), 1000);
    nm_resplog_seal(l);
    ascending = 1;
    CHECK(reads_back(l, p, 1000, NULL));
    CHECK(ascending); /* not renumbered: each list ascending */
    nm_resplog_free(l);
    free(p);
}

static void empty_log_reads_back_nothing(void)
{
    nm_resplog *l = nm_resplog_new_sized(4, 4);
    nm_resplog_seal(l);
    CHECK(reads_back(l, NULL, 0, NULL));
    nm_resplog_free(l);
    nm_resplog_free(NULL);
}

/* Runs of 100 pairs: 20,000 pairs make 200 runs on file; each time more
 * than NM_RESPLOG_MERGE of a level are there they become one of the next
 * level, so at most about that many per level wait; the sealed log holds
 * more than 64 words, so it goes to a file too. */
static void runs_on_file_and_merged_read_back_the_same(void)
{
    for (int variant = 0; variant < 3; variant++) {
        size_t n = variant == 0 ? 20000 : variant == 1 ? 6401 : 100;
        pr *p = pairs(n, variant == 2 ? 1 : 700, variant == 1 ? 5 : 4000, 7 + (uint64_t)variant);
        nm_resplog *l = nm_resplog_new_sized(100, 64);
        size_t most = 0;
        for (size_t i = 0; i < n; i++) {
            nm_resplog_add(l, p[i].r, p[i].c);
            if (nm_resplog_runs_on_file(l) > most)
                most = nm_resplog_runs_on_file(l);
        }
        CHECK(variant == 2 || most > 0);
        CHECK(most <= 2 * (NM_RESPLOG_MERGE + 1));
        nm_resplog_seal(l);
        CHECK(reads_back(l, p, n, NULL));
        nm_resplog_free(l);
        free(p);
    }
}

/* Cells renumbered (as finishing the demand table does): read back in the
 * new numbers, distinct. */
static void renumbered_cells_read_back_in_the_new_order(void)
{
    enum { N = 5000, CELLS = 300 };
    pr *p = pairs(N, 200, CELLS, 11);
    uint32_t map[CELLS], twice[CELLS];
    for (uint32_t i = 0; i < CELLS; i++)
        map[i] = CELLS - 1 - i;
    for (uint32_t i = 0; i < CELLS; i++)
        twice[i] = (i * 7) % CELLS; /* 7 and 300 are coprime: a permutation */
    uint32_t both[CELLS];
    for (uint32_t i = 0; i < CELLS; i++)
        both[i] = twice[map[i]];
    nm_resplog *l = nm_resplog_new_sized(64, 100);
    add_all(l, p, N);
    nm_resplog_renumber(l, map, CELLS);
    nm_resplog_renumber(l, twice, CELLS); /* renumberings compose */
    nm_resplog_seal(l);
    CHECK(reads_back(l, p, N, both));
    nm_resplog_free(l);
    /* renumbered after sealing (as the demand table does), once and twice */
    for (int times = 1; times <= 2; times++) {
        l = nm_resplog_new_sized(64, 100);
        add_all(l, p, N);
        nm_resplog_seal(l);
        nm_resplog_renumber(l, map, CELLS);
        if (times == 2)
            nm_resplog_renumber(l, twice, CELLS);
        CHECK(reads_back(l, p, N, times == 2 ? both : map));
        nm_resplog_free(l);
    }
    /* in memory too (the sealed log under NM_RESPLOG_MEMORY) */
    l = nm_resplog_new();
    add_all(l, p, N);
    nm_resplog_seal(l);
    nm_resplog_renumber(l, map, CELLS);
    CHECK(reads_back(l, p, N, map));
    nm_resplog_free(l);
    free(p);
}

/* Two logs numbering their cells differently (two tables) absorbed into a
 * third: the same as one log given every pair in the third's numbers. */
static void absorbed_logs_read_back_as_one(void)
{
    enum { N = 3000, CELLS = 120 };
    pr *a = pairs(N, 150, CELLS, 21), *b = pairs(N, 150, CELLS, 22);
    uint32_t to_a[CELLS], to_b[CELLS];
    for (uint32_t i = 0; i < CELLS; i++) {
        to_a[i] = i * 2;     /* a's cells are the even ones, b's the odd ones */
        to_b[i] = i * 2 + 1;
    }
    nm_resplog *la = nm_resplog_new_sized(50, 10), *lb = nm_resplog_new_sized(5000, 10);
    nm_resplog *all = nm_resplog_new_sized(70, 10);
    for (size_t i = 0; i < N; i++) {
        nm_resplog_add(la, a[i].r, a[i].c);
        nm_resplog_add(lb, b[i].r, b[i].c);
    }
    for (size_t i = 0; i < 10; i++) /* some of its own */
        nm_resplog_add(all, a[i].r, to_a[a[i].c]);
    nm_resplog_absorb(all, la, to_a); /* frees la */
    nm_resplog_absorb(all, lb, to_b);
    CHECK_INT_EQ(nm_resplog_pairs(all), 2 * N + 10);
    nm_resplog_seal(all);
    pr *want = malloc((2 * N + 10) * sizeof *want);
    for (size_t i = 0; i < N; i++) {
        want[i] = (pr){a[i].r, to_a[a[i].c]};
        want[N + i] = (pr){b[i].r, to_b[b[i].c]};
    }
    for (size_t i = 0; i < 10; i++)
        want[2 * N + i] = (pr){a[i].r, to_a[a[i].c]};
    CHECK(reads_back(all, want, 2 * N + 10, NULL));
    nm_resplog_free(all);
    free(want);
    free(a);
    free(b);
}

/* Absorbing takes the runs as they are (on the absorbed log's file or in
 * memory) with a map of their cells: a log that absorbed another is
 * absorbed in turn, more than NM_RESPLOG_MERGE runs come together and are
 * merged on file, and the result is renumbered before sealing - the same
 * as one log given every pair in the final numbers. */
static void nested_absorbs_and_merges_read_back_as_one(void)
{
    enum { N = 3000, CELLS = 200 };
    pr *a = pairs(N, 400, CELLS, 51), *b = pairs(N, 400, CELLS, 52), *c = pairs(N, 400, 400, 53);
    uint32_t a_to_b[CELLS], b_to_c[2 * CELLS], final[400];
    for (uint32_t i = 0; i < CELLS; i++)
        a_to_b[i] = CELLS + (i * 13) % CELLS; /* a's cells after b's own */
    for (uint32_t i = 0; i < 2 * CELLS; i++)
        b_to_c[i] = (i * 7) % 400;            /* a permutation of 0..399 */
    for (uint32_t i = 0; i < 400; i++)
        final[i] = 399 - i;
    nm_resplog *la = nm_resplog_new_sized(40, 50), *lb = nm_resplog_new_sized(45, 50);
    nm_resplog *lc = nm_resplog_new_sized(30, 50);
    for (size_t i = 0; i < N; i++) { /* 75 + 66 + 100 runs on file */
        nm_resplog_add(la, a[i].r, a[i].c);
        nm_resplog_add(lb, b[i].r, b[i].c);
        nm_resplog_add(lc, c[i].r, c[i].c);
    }
    nm_resplog_absorb(lb, la, a_to_b);
    nm_resplog_absorb(lc, lb, b_to_c);
    CHECK(nm_resplog_runs_on_file(lc) <= 3 * (NM_RESPLOG_MERGE + 1));
    nm_resplog_renumber(lc, final, 400);
    nm_resplog_seal(lc);
    pr *want = malloc(3 * N * sizeof *want);
    for (size_t i = 0; i < N; i++) {
        want[i] = (pr){a[i].r, final[b_to_c[a_to_b[a[i].c]]]};
        want[N + i] = (pr){b[i].r, final[b_to_c[b[i].c]]};
        want[2 * N + i] = (pr){c[i].r, final[c[i].c]};
    }
    CHECK(reads_back(lc, want, 3 * N, NULL));
    nm_resplog_free(lc);
    free(want);
    free(a);
    free(b);
    free(c);
}

/* Many small tables (each log's pairs still in memory) merged into one:
 * their runs go to the merged log's file, so memory does not grow with
 * the number of files read. */
static void many_small_logs_absorbed_go_to_file(void)
{
    enum { LOGS = 150, EACH = 200, CELLS = 50 };
    pr *all = malloc(LOGS * EACH * sizeof *all);
    uint32_t to[CELLS];
    for (uint32_t i = 0; i < CELLS; i++)
        to[i] = i;
    nm_resplog *l = nm_resplog_new_sized(1000, 100);
    for (size_t k = 0; k < LOGS; k++) {
        pr *p = pairs(EACH, 40, CELLS, 100 + k);
        nm_resplog *small = nm_resplog_new_sized(1000, 100); /* never full: in memory */
        add_all(small, p, EACH);
        CHECK_INT_EQ(nm_resplog_runs_on_file(small), 0);
        nm_resplog_absorb(l, small, to);
        memcpy(all + k * EACH, p, EACH * sizeof *p);
        free(p);
    }
    CHECK(nm_resplog_runs_on_file(l) > 0); /* 150 runs, merged past 64: some on file */
    nm_resplog_seal(l);
    CHECK(reads_back(l, all, LOGS * EACH, NULL));
    nm_resplog_free(l);
    free(all);
}

/* No temporary file can be made ($TMPDIR does not exist): everything stays
 * in memory, and reads back the same. */
static void without_a_temporary_file_runs_stay_in_memory(void)
{
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent/needmap-test-dir", 1);
    pr *p = pairs(4000, 300, 500, 31);
    nm_resplog *l = nm_resplog_new_sized(100, 64);
    add_all(l, p, 4000);
    CHECK_INT_EQ(nm_resplog_runs_on_file(l), 0);
    nm_resplog_seal(l);
    CHECK(reads_back(l, p, 4000, NULL));
    nm_resplog_free(l);
    free(p);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
}

/* The disk fills up (files may not grow past 40 KB here): runs already
 * written are read from the file, the rest and the sealed log stay in
 * memory, and nothing is lost. */
static void a_full_disk_keeps_everything_in_memory(void)
{
    struct rlimit old, small;
    if (getrlimit(RLIMIT_FSIZE, &old) != 0)
        return;
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN); /* writes fail with EFBIG instead */
    small = old;
    small.rlim_cur = 40000;
    CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
    enum { N = 30000 };
    pr *p = pairs(N, 9000, 3000, 61);
    nm_resplog *l = nm_resplog_new_sized(500, 2000); /* 8 KB runs, 8 KB stream buffer */
    add_all(l, p, N);
    CHECK(nm_resplog_runs_on_file(l) > 0);       /* some made it */
    CHECK(nm_resplog_runs_on_file(l) < N / 500); /* not all */
    nm_resplog_seal(l);
    CHECK(reads_back(l, p, N, NULL));
    nm_resplog_free(l);
    /* all pairs in memory, then the sealed stream (156 KB) fills the disk */
    l = nm_resplog_new_sized(N + 1, 2000); /* never full: no run is written */
    add_all(l, p, N);
    nm_resplog_seal(l);
    CHECK(reads_back(l, p, N, NULL));
    nm_resplog_free(l);
    free(p);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, was);
}

/* A respondent with more cells than the read-back window (4096 pairs, 16k
 * words) still comes back whole. */
static void a_respondent_larger_than_the_window(void)
{
    enum { N = 40000 };
    pr *p = malloc(N * sizeof *p);
    for (size_t i = 0; i < N; i++)
        p[i] = (pr){i < 30000 ? 42 : 7 + i % 3, (uint32_t)(i * 7919 % 100003)};
    nm_resplog *l = nm_resplog_new_sized(1000, 100);
    add_all(l, p, N);
    nm_resplog_seal(l);
    CHECK(reads_back(l, p, N, NULL));
    nm_resplog_free(l);
    free(p);
}

int main(void)
{
    RUN(small_log_stays_in_memory);
    RUN(empty_log_reads_back_nothing);
    RUN(runs_on_file_and_merged_read_back_the_same);
    RUN(renumbered_cells_read_back_in_the_new_order);
    RUN(absorbed_logs_read_back_as_one);
    RUN(nested_absorbs_and_merges_read_back_as_one);
    RUN(many_small_logs_absorbed_go_to_file);
    RUN(without_a_temporary_file_runs_stay_in_memory);
    RUN(a_respondent_larger_than_the_window);
    RUN(a_full_disk_keeps_everything_in_memory);
    return check_finish();
}
