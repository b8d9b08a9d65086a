/* test_outdir.c - output files reach the disk whole, and write errors are
 * reported (outdir.h). */
#define _DEFAULT_SOURCE /* flock */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "needmap/inputs.h" /* NM_OUTPUT_MARKER */
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

/* 1 when path exists (a link counts, whatever it points to). */
static int exists(const char *base, const char *name)
{
    char *p = tmp_path(base, name);
    struct stat st;
    int yes = lstat(p, &st) == 0;
    free(p);
    return yes;
}

/* How many entries of base start with prefix. */
static int count_prefixed(const char *base, const char *prefix)
{
    DIR *d = opendir(base);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

/* A finished output directory base/name holding one file. */
static void write_output(const char *base, const char *name, const char *text)
{
    char *dir = tmp_path(base, name);
    nm_outdir o;
    nm_error err;
    CHECK_INT_EQ(nm_outdir_begin(&o, dir, &err), NM_OK);
    FILE *f = nm_outdir_file(&o, "demand.csv", &err);
    if (f)
        fputs(text, f);
    CHECK_INT_EQ(f ? nm_outdir_close(&o, f, "demand.csv", &err) : NM_ERR_OUTPUT, NM_OK);
    CHECK_INT_EQ(nm_outdir_commit(&o, &err), NM_OK);
    free(dir);
}

static void a_dir_that_is_a_symbolic_link_is_refused_and_its_target_left_alone(void)
{
    char *base = tmp_dir(), *link = tmp_path(base, "olink");
    write_output(base, "o1", "first\n");
    CHECK(symlink("o1", link) == 0);
    nm_outdir o;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_outdir_begin(&o, link, &err), NM_ERR_USAGE);
    CHECK_CONTAINS(err.msg, "symbolic link (to o1)");
    CHECK(exists(base, "o1/demand.csv") && exists(base, "o1/" NM_OUTPUT_MARKER));
    struct stat st;
    CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    CHECK_INT_EQ(count_prefixed(base, ".olink"), 0);
    free(link);
    tmp_dir_remove(base);
}

static void names_that_are_no_directory_to_write_are_usage_errors(void)
{
    static const char *const names[] = {"", ".", "..", "/", "results/.", "results/..", "./"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        nm_outdir o;
        nm_error err;
        nm_error_clear(&err);
        CHECK_INT_EQ(nm_outdir_begin(&o, names[i], &err), NM_ERR_USAGE);
        CHECK_CONTAINS(err.msg, "name of a directory");
    }
}

/* Make base/name a temporary directory as a run leaves it: with the
 * marker (when marked) and a file of unsuppressed data. */
static void fake_run_dir(const char *base, const char *name, int marked)
{
    tmp_dir_mkdir(base, name);
    char *p = tmp_path(base, name);
    if (marked)
        tmp_dir_put(p, NM_OUTPUT_MARKER, "written by needmap\n");
    tmp_dir_put(p, "demand.csv", "internal_use_only,municipality\nyes,Kiruna\n");
    free(p);
}

static void leftovers_of_killed_runs_are_removed_and_live_runs_kept(void)
{
    char *base = tmp_dir(), *dir = tmp_path(base, "out");
    fake_run_dir(base, ".out.needmap-tmp-dead01", 1);
    fake_run_dir(base, ".other.needmap-tmp-dead02.old", 1);
    fake_run_dir(base, ".out.needmap-tmp-live01", 1);
    fake_run_dir(base, ".out.needmap-tmp-new001", 0); /* made, not locked yet */
    fake_run_dir(base, "elsewhere", 1);
    char *target = tmp_path(base, "elsewhere"), *link = tmp_path(base, ".l.needmap-tmp-link01");
    CHECK(symlink(target, link) == 0);
    char *live = tmp_path(base, ".out.needmap-tmp-live01");
    int fd = open(live, O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0 && flock(fd, LOCK_EX) == 0); /* as a run still going holds it */
    nm_outdir o;
    nm_error err;
    CHECK_INT_EQ(nm_outdir_begin(&o, dir, &err), NM_OK);
    CHECK_INT_EQ(o.removed, 2);
    CHECK(!exists(base, ".out.needmap-tmp-dead01"));
    CHECK(!exists(base, ".other.needmap-tmp-dead02.old"));
    CHECK(exists(base, ".out.needmap-tmp-live01/demand.csv"));
    CHECK(exists(base, ".out.needmap-tmp-new001/demand.csv"));
    CHECK(exists(base, ".l.needmap-tmp-link01"));
    CHECK(exists(base, "elsewhere/demand.csv")); /* never through a link */
    /* and this run's own directory is locked against the next run */
    nm_outdir next;
    char *dir2 = tmp_path(base, "out2");
    CHECK_INT_EQ(nm_outdir_begin(&next, dir2, &err), NM_OK);
    CHECK_INT_EQ(next.removed, 0);
    CHECK(access(o.tmp, F_OK) == 0);
    nm_outdir_abort(&next);
    CHECK_INT_EQ(nm_outdir_commit(&o, &err), NM_OK);
    if (fd >= 0)
        close(fd);
    free(live);
    free(target);
    free(link);
    free(dir2);
    free(dir);
    tmp_dir_remove(base);
}

static void the_temporary_directory_is_private_until_commit(void)
{
    char *base = tmp_dir(), *dir = tmp_path(base, "out");
    mode_t old = umask(022);
    nm_outdir o;
    nm_error err;
    struct stat st;
    CHECK_INT_EQ(nm_outdir_begin(&o, dir, &err), NM_OK);
    CHECK(stat(o.tmp, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK_INT_EQ(nm_outdir_commit(&o, &err), NM_OK);
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0755);
    umask(old);
    free(dir);
    tmp_dir_remove(base);
}

int main(void)
{
    RUN(a_large_file_reads_back_byte_for_byte);
    RUN(a_full_disk_is_reported_at_close);
    RUN(a_dir_that_is_a_symbolic_link_is_refused_and_its_target_left_alone);
    RUN(names_that_are_no_directory_to_write_are_usage_errors);
    RUN(leftovers_of_killed_runs_are_removed_and_live_runs_kept);
    RUN(the_temporary_directory_is_private_until_commit);
    return check_finish();
}
