/* test_outdir.c - output files reach the disk whole, and write errors are
 * reported (outdir.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/outdir.h"

#include "check.h"
#include "tmp.h"

/* A file much larger than one writeback range (outdir.c starts the disk
 * writing every 4 MiB), written in pieces of every size from 1 byte to
 * 64 KiB, reads back byte for byte after commit; a second run replaces
 * it whole. */
static void a_large_file_reads_back_byte_for_byte(void)
{
    char *base = tmp_dir(), *dir = tmp_path(base, "out");
    size_t total = 11u << 20, done = 0, piece = 1;
    unsigned char *data = malloc(total), *back = malloc(total + 1);
    uint64_t x = 88172645463325252ULL;
    for (size_t i = 0; i < total; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        data[i] = (unsigned char)x;
    }
    for (int round = 0; round < 2; round++) {
        nm_outdir o;
        nm_error err;
        CHECK_INT_EQ(nm_outdir_begin(&o, dir, &err), NM_OK);
        FILE *f = nm_outdir_file(&o, "big.bin", &err);
        CHECK(f != NULL);
        size_t want = round == 0 ? total : total / 3, short_writes = 0; /* then less */
        for (done = 0; f && done < want; done += piece, piece = piece % 65536 + 7919) {
            size_t n = want - done < piece ? want - done : piece;
            short_writes += fwrite(data + done, 1, n, f) != n;
        }
        CHECK_INT_EQ(short_writes, 0);
        CHECK_INT_EQ(nm_outdir_close(&o, f, "big.bin", &err), NM_OK);
        CHECK_INT_EQ(nm_outdir_commit(&o, &err), NM_OK);
        char *path = tmp_path(dir, "big.bin");
        FILE *r = fopen(path, "rb");
        size_t got = r ? fread(back, 1, total + 1, r) : 0;
        if (r)
            fclose(r);
        CHECK_INT_EQ(got, want);
        CHECK(got == want && memcmp(back, data, want) == 0);
        free(path);
    }
    free(data);
    free(back);
    tmp_dir_remove(base);
    free(dir);
}

/* Writing into a full disk (/dev/full behind the file's name) is reported
 * when the file is closed, naming the file and the cause (the full disk,
 * not what fsync says about /dev/full afterwards); the directory never
 * appears. */
static void a_full_disk_is_reported_at_close(void)
{
    if (access("/dev/full", W_OK) != 0) {
        printf("skipped: no /dev/full\n");
        return;
    }
    char *base = tmp_dir(), *dir = tmp_path(base, "out");
    nm_outdir o;
    nm_error err;
    CHECK_INT_EQ(nm_outdir_begin(&o, dir, &err), NM_OK);
    char *link = tmp_path(o.tmp, "full.csv");
    CHECK(symlink("/dev/full", link) == 0);
    FILE *f = nm_outdir_file(&o, "full.csv", &err);
    CHECK(f != NULL);
    static char row[1000];
    memset(row, 'x', sizeof row);
    for (int i = 0; f && i < 10000; i++)
        fwrite(row, 1, sizeof row, f);
    CHECK_INT_EQ(nm_outdir_close(&o, f, "full.csv", &err), NM_ERR_OUTPUT);
    CHECK(strstr(err.file, "full.csv") != NULL);
    CHECK_CONTAINS(err.msg, "cannot write");
    CHECK_CONTAINS(err.msg, strerror(ENOSPC));
    nm_outdir_abort(&o);
    CHECK(access(dir, F_OK) != 0);
    free(link);
    tmp_dir_remove(base);
    free(dir);
}

int main(void)
{
    RUN(a_large_file_reads_back_byte_for_byte);
    RUN(a_full_disk_is_reported_at_close);
    return check_finish();
}
