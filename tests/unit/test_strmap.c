/* test_strmap.c - the string hash map and FNV-1a hash (strmap.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "needmap/strmap.h"

#include "check.h"

static int values[3] = {1, 2, 3};

static void put_then_get_returns_the_value(void)
{
    nm_strmap *m = nm_strmap_new();
    nm_strmap_put(m, "2506", &values[0]);
    nm_strmap_put(m, "2521", &values[1]);
    CHECK(nm_strmap_get(m, "2506") == &values[0]);
    CHECK(nm_strmap_get(m, "2521") == &values[1]);
    CHECK(nm_strmap_get(m, "2510") == NULL);
    CHECK_INT_EQ(nm_strmap_count(m), 2);
    nm_strmap_free(m);
}

static void put_of_a_present_key_replaces_its_value_in_place(void)
{
    nm_strmap *m = nm_strmap_new();
    size_t first = nm_strmap_put(m, "kock", &values[0]);
    nm_strmap_put(m, "elektriker", &values[1]);
    size_t again = nm_strmap_put(m, "kock", &values[2]);
    CHECK_INT_EQ(again, first);
    CHECK(nm_strmap_get(m, "kock") == &values[2]);
    CHECK_INT_EQ(nm_strmap_count(m), 2);
    nm_strmap_free(m);
}

static void keys_are_copied(void)
{
    nm_strmap *m = nm_strmap_new();
    char key[] = "arjeplog";
    nm_strmap_put(m, key, &values[0]);
    key[0] = 'X';
    CHECK(nm_strmap_get(m, "arjeplog") == &values[0]);
    CHECK(nm_strmap_get(m, "Xrjeplog") == NULL);
    CHECK_STR_EQ(nm_strmap_key_at(m, 0), "arjeplog");
    nm_strmap_free(m);
}

static void find_tells_a_stored_null_from_an_absent_key(void)
{
    nm_strmap *m = nm_strmap_new();
    nm_strmap_put(m, "present", NULL);
    void *v = &values[0];
    CHECK_INT_EQ(nm_strmap_find(m, "present", &v), 1);
    CHECK(v == NULL);
    v = &values[0];
    CHECK_INT_EQ(nm_strmap_find(m, "absent", &v), 0);
    CHECK(v == &values[0]);
    CHECK_INT_EQ(nm_strmap_find(m, "present", NULL), 1);
    nm_strmap_free(m);
}

static void index_of_an_absent_key_is_size_max(void)
{
    nm_strmap *m = nm_strmap_new();
    CHECK(nm_strmap_index(m, "x") == SIZE_MAX);
    nm_strmap_put(m, "x", &values[0]);
    CHECK_INT_EQ(nm_strmap_index(m, "x"), 0);
    CHECK(nm_strmap_index(m, "y") == SIZE_MAX);
    nm_strmap_free(m);
}

static void the_empty_string_is_a_key_like_any_other(void)
{
    nm_strmap *m = nm_strmap_new();
    nm_strmap_put(m, "", &values[1]);
    CHECK(nm_strmap_get(m, "") == &values[1]);
    CHECK_INT_EQ(nm_strmap_count(m), 1);
    nm_strmap_free(m);
}

static void iteration_keeps_insertion_order_through_growth(void)
{
    nm_strmap *m = nm_strmap_new();
    char key[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "k%d", (i * 7919) % 2000);
        CHECK_INT_EQ(nm_strmap_put(m, key, (void *)(intptr_t)(i + 1)), i);
    }
    CHECK_INT_EQ(nm_strmap_count(m), 2000);
    int in_order = 1, found = 1;
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "k%d", (i * 7919) % 2000);
        in_order &= strcmp(nm_strmap_key_at(m, (size_t)i), key) == 0;
        in_order &= nm_strmap_value_at(m, (size_t)i) == (void *)(intptr_t)(i + 1);
        found &= nm_strmap_get(m, key) == (void *)(intptr_t)(i + 1);
    }
    CHECK(in_order);
    CHECK(found);
    nm_strmap_free(m);
}

static void set_value_at_changes_what_get_returns(void)
{
    nm_strmap *m = nm_strmap_new();
    size_t i = nm_strmap_put(m, "yrke", &values[0]);
    nm_strmap_set_value_at(m, i, &values[2]);
    CHECK(nm_strmap_get(m, "yrke") == &values[2]);
    nm_strmap_free(m);
}

/* The _len calls read exactly len bytes of a slice (no NUL needed), and
 * keys that share a prefix or the same first and last eight bytes (what
 * the map's hash reads of short keys) stay apart, at every length. */
static void len_calls_see_a_slice_and_tell_lengths_apart(void)
{
    nm_strmap *m = nm_strmap_new();
    const char text[] = "Undersköterska,Rekrytering,YH";
    CHECK_INT_EQ(nm_strmap_put_len(m, text, 15, &values[0]), 0); /* "Undersköterska" */
    CHECK(nm_strmap_get(m, "Undersköterska") == &values[0]);
    void *v = NULL;
    CHECK_INT_EQ(nm_strmap_find_len(m, "Undersköterska,Rek", 15, &v), 1);
    CHECK(v == &values[0]);
    CHECK(nm_strmap_index_len(m, text, 14) == SIZE_MAX);
    CHECK(nm_strmap_index_len(m, text, 16) == SIZE_MAX);
    CHECK_STR_EQ(nm_strmap_key_at(m, 0), "Undersköterska");
    nm_strmap_free(m);

    /* "aaaa...a" of every length 0..40, then "a..ab..a" with one byte
     * changed in the middle: all distinct, all found by either call */
    m = nm_strmap_new();
    char key[64];
    size_t n = 0;
    for (size_t len = 0; len <= 40; len++)
        for (size_t at = 0; at <= len; at++) {
            memset(key, 'a', len);
            if (at < len)
                key[at] = 'b';
            key[len] = '\0';
            CHECK_INT_EQ(nm_strmap_put_len(m, key, len, (void *)(uintptr_t)(n + 1)), n);
            n++;
        }
    int all_found = 1;
    for (size_t i = 0; i < n; i++) {
        const char *k = nm_strmap_key_at(m, i);
        void *got = NULL;
        all_found &= nm_strmap_find_len(m, k, strlen(k), &got) == 1 &&
                     got == (void *)(uintptr_t)(i + 1) && nm_strmap_index(m, k) == i;
    }
    CHECK(all_found);
    CHECK_INT_EQ(nm_strmap_count(m), n);
    nm_strmap_free(m);
}

static void hash_is_64_bit_fnv1a(void)
{
    /* Reference values of FNV-1a 64 (Fowler, Noll, Vo test vectors). */
    CHECK(nm_hash64("", 0) == 0xcbf29ce484222325ULL);
    CHECK(nm_hash64("a", 1) == 0xaf63dc4c8601ec8cULL);
    CHECK(nm_hash64("foobar", 6) == 0x85944171f73967e8ULL);
    CHECK(nm_hash64("ab", 2) != nm_hash64("ba", 2));
    CHECK(nm_hash64("a\0b", 3) != nm_hash64("a", 1)); /* hashes n bytes, not a string */
}

int main(void)
{
    RUN(put_then_get_returns_the_value);
    RUN(put_of_a_present_key_replaces_its_value_in_place);
    RUN(keys_are_copied);
    RUN(find_tells_a_stored_null_from_an_absent_key);
    RUN(index_of_an_absent_key_is_size_max);
    RUN(the_empty_string_is_a_key_like_any_other);
    RUN(iteration_keeps_insertion_order_through_growth);
    RUN(set_value_at_changes_what_get_returns);
    RUN(len_calls_see_a_slice_and_tell_lengths_apart);
    RUN(hash_is_64_bit_fnv1a);
    nm_strmap_free(NULL); /* a no-op (strmap.h); a crash fails the program */
    return check_finish();
}
