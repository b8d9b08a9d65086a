/* counts.c - the run's counts as every output states them (write.h). */
#include <string.h>

#include "needmap/cluster.h"
#include "needmap/write.h"

void nm_run_counts_get(const nm_run_facts *f, nm_run_counts *out)
{
    memset(out, 0, sizeof *out);
    out->inputs = f->nfiles;
    for (size_t i = 0; i < f->nfiles; i++) {
        const nm_file_report *r = &f->files[i];
        out->rows_read += r->rows_read;
        out->rows_accepted += r->rows_accepted;
        out->rows_rejected += r->rows_rejected;
        out->rows_skipped += r->rows_skipped;
        out->needs_accepted += r->needs_accepted;
        out->needs_rejected += r->needs_rejected;
    }
    out->rejections = f->rejections;
    out->cells = f->suppression->stats.cells;
    out->cells_hidden = f->suppression->stats.primary + f->suppression->stats.secondary;
    if (f->pool) {
        out->cohorts = f->pool->ncohorts;
        for (size_t i = 0; i < f->pool->ncohorts; i++) {
            out->cohorts_hidden += f->pool->cohorts[i].hidden != 0;
            out->cohorts_level_inferred += f->pool->cohorts[i].level_inferred != 0;
            out->cohorts_mode_assumed += f->pool->cohorts[i].mode_assumed != 0;
        }
        out->groups = f->pool->groups;
        out->residual = f->pool->nresidual;
        for (size_t i = 0; i < f->pool->nresidual; i++)
            out->residual_hidden += f->pool->residual[i].hidden != 0;
        out->open_groups = f->pool->nopen;
    }
    if (f->clusters)
        out->clusters = f->clusters->n;
}
