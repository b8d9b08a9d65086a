/* planner.c - report.html and needmap.xlsx into the output directory, side
 * by side on two threads when allowed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/buf.h"
#include "needmap/parallel.h"
#include "needmap/report.h"

#define REPORT_NAME "report.html"
#define BOOK_NAME "needmap.xlsx"
/* libxlsxwriter writes to a path: the workbook is made beside the other
 * files, then copied into the output directory's stream (which flushes
 * it to disk and reports a full disk as every other file does). */
#define BOOK_PART ".needmap.xlsx.part"

typedef struct planner_job {
    nm_outdir *dir;
    const nm_report_in *in;
    FILE *f[2];                /* report.html, needmap.xlsx */
    nm_status st[2];
    nm_error err[2];
} planner_job;

static nm_status copy_into(const char *path, FILE *out, nm_error *err)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return nm_error_set(err, NM_ERR_OUTPUT, path, 0, 0, "cannot read: %s", strerror(errno));
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    int bad = ferror(in);
    fclose(in);
    if (bad)
        return nm_error_set(err, NM_ERR_OUTPUT, path, 0, 0, "cannot read back");
    return NM_OK;
}

static void write_book(planner_job *j)
{
    nm_buf part = {0};
    nm_buf_printf(&part, "%s/%s", j->dir->tmp, BOOK_PART);
    nm_status st = nm_write_workbook(part.data, j->dir->tmp, j->in, &j->err[1]);
    if (st == NM_OK)
        st = copy_into(part.data, j->f[1], &j->err[1]);
    unlink(part.data);
    nm_error e;
    nm_status c = nm_outdir_close(j->dir, j->f[1], BOOK_NAME, &e);
    if (st == NM_OK && c != NM_OK) {
        st = c;
        j->err[1] = e;
    }
    j->st[1] = st;
    nm_buf_free(&part);
}

static void planner_step(void *ctx, size_t step)
{
    planner_job *j = ctx;
    if (step == 0) {
        nm_write_report_html(j->f[0], j->in);
        j->st[0] = nm_outdir_close(j->dir, j->f[0], REPORT_NAME, &j->err[0]);
    } else {
        write_book(j);
    }
}

nm_status nm_write_planner_files(nm_outdir *dir, const nm_report_in *in, const nm_threads *t,
                                 nm_error *err)
{
    planner_job j = {.dir = dir, .in = in, .st = {NM_OK, NM_OK}};
    /* made here: the output directory is not shared between threads */
    if (!(j.f[0] = nm_outdir_file(dir, REPORT_NAME, err)))
        return NM_ERR_OUTPUT;
    if (!(j.f[1] = nm_outdir_file(dir, BOOK_NAME, err))) {
        nm_error late;
        nm_outdir_close(dir, j.f[0], REPORT_NAME, &late);
        return NM_ERR_OUTPUT;
    }
    nm_parallel_for(2, t, planner_step, &j);
    for (int k = 0; k < 2; k++)
        if (j.st[k] != NM_OK) {
            *err = j.err[k];
            return j.st[k];
        }
    return NM_OK;
}
