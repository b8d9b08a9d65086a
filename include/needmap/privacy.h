/* privacy.h - suppression of small cells in the demand table.
 *
 * Primary: a cell backed by fewer than min_respondents distinct respondents
 * is hidden.  Secondary: in every published relation (a total and the cells
 * it adds up: detail -> municipality, along the SSYK hierarchy, and along
 * municipality -> county -> all) a single hidden cell could be worked out by
 * subtraction, so one more cell of that relation is hidden (the smallest
 * published one, ties by table order), repeated until no relation has
 * exactly one hidden cell.  Rankings, clusters and cohorts use the same
 * flags.
 *
 * The finished table is read-only: nm_privacy_apply writes its result into
 * an nm_suppression of its own (one flag per cell, in table order), which
 * the caller frees with nm_suppression_free (a zeroed one and NULL are
 * no-ops).  Where a function takes a const nm_suppression * that may be
 * NULL, NULL means nothing is hidden (minimum 0, as --internal).
 *
 * Publication level (--publish, nm_publish): a coarser level leaves rows
 * out of every published table (county: no municipality row; ssyk3: no
 * 4-digit SSYK row).  Such a cell is NM_UNPUBLISHED, or still
 * NM_SUPPRESSED_PRIMARY when it has too few respondents (it must stay
 * protected: the disclosure audit proves it cannot be worked out from the
 * coarser rows, cohorts and residual rows).  An NM_UNPUBLISHED cell needs
 * no protection of its own: a relation whose only hidden member it is
 * hides nothing more.  Pooling still runs on every detail cell.
 */
#ifndef NEEDMAP_PRIVACY_H
#define NEEDMAP_PRIVACY_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/demand.h"

typedef enum nm_suppress {
    NM_PUBLISHED,
    NM_SUPPRESSED_PRIMARY,    /* fewer than k respondents */
    NM_SUPPRESSED_SECONDARY,  /* hidden so a primary one cannot be worked out */
    NM_UNPUBLISHED            /* below the publication level (--publish): its row is
                                 left out; shown as hidden wherever it is named */
} nm_suppress;

/* Publication levels (--publish), combined as bits; 0 is the default
 * (municipality, full SSYK detail). */
enum nm_publish {
    NM_PUBLISH_COUNTY = 1,    /* no demand-table row of a municipality (cohorts and
                                 residual rows still name theirs) */
    NM_PUBLISH_SSYK3 = 2      /* no figure of a 4-digit SSYK group */
};

typedef struct nm_privacy_stats {
    uint64_t cells;       /* cells in the table that are rows at the publication
                             level (all at the default level) */
    uint64_t primary;     /* of those, hidden for too few respondents */
    uint64_t secondary;   /* hidden to protect a primary one */
} nm_privacy_stats;

typedef struct nm_suppression {
    uint8_t *flag;              /* per cell of the table: nm_suppress (owned) */
    size_t n;                   /* cells */
    uint64_t min_respondents;   /* k applied: fewer hide a figure; 0 hides nothing */
    nm_privacy_stats stats;
    unsigned publish;           /* nm_publish bits applied */
    uint8_t *unknown_hidden;    /* per cell: 1 when its count of needs without a
                                   number (needs_without_count) is hidden while its
                                   other figures are published (the disclosure
                                   model's own unit, disclosure.h); NULL: none */
} nm_suppression;

/* Suppress the cells of a finished table with fewer than min_respondents
 * respondents (0 or 1 hides nothing: --internal), and what would give them
 * away. */
void nm_privacy_apply(const nm_demand *d,          /* (input) finished table */
                      uint64_t min_respondents,    /* (input) k, the effective minimum */
                      const nm_threads *t,         /* (input) the budget; NULL: one thread */
                      nm_suppression *out);        /* (output) free with nm_suppression_free */
/* The same at publication level publish (nm_publish bits; 0: as above). */
void nm_privacy_apply_at(const nm_demand *d, uint64_t min_respondents, unsigned publish,
                         const nm_threads *t, nm_suppression *out);
void nm_suppression_free(nm_suppression *s);

/* 1 when cell c is a row of the published tables at level publish. */
int nm_publish_lists(unsigned publish, const nm_cell *c);

/* 1 when cell i of the table is a row of the published tables (s NULL:
 * every cell is). */
static inline int nm_listed(const nm_suppression *s, const nm_demand *d, size_t i)
{
    return !s || nm_publish_lists(s->publish, nm_demand_cell_const(d, i));
}

/* 1 when cell i is hidden for disclosure (primary or secondary), not only
 * left out by the publication level. */
static inline int nm_hidden_cell(const nm_suppression *s, size_t i)
{
    nm_suppress f = s ? (nm_suppress)s->flag[i] : NM_PUBLISHED;
    return f == NM_SUPPRESSED_PRIMARY || f == NM_SUPPRESSED_SECONDARY;
}

/* "municipality", "county", "ssyk3" or "county,ssyk3". */
const char *nm_publish_name(unsigned publish);
/* Parse a --publish value ("municipality", "county", "ssyk3", or a
 * comma-separated list of them); -1 when it is not one. */
int nm_publish_parse(const char *text, unsigned *out);

/* Cell i's flag (NM_PUBLISHED when s is NULL). */
static inline nm_suppress nm_suppressed(const nm_suppression *s, size_t i)
{
    return s ? (nm_suppress)s->flag[i] : NM_PUBLISHED;
}

/* 1 when cell i's needs_without_count is hidden (with the cell, or alone). */
static inline int nm_unknown_hidden(const nm_suppression *s, size_t i)
{
    return nm_suppressed(s, i) != NM_PUBLISHED || (s && s->unknown_hidden && s->unknown_hidden[i]);
}

/* The smallest number of respondents a published figure needs (0 when s
 * is NULL). */
static inline uint64_t nm_suppression_k(const nm_suppression *s)
{
    return s ? s->min_respondents : 0;
}

const char *nm_suppress_name(nm_suppress s);          /* "", "primary", "secondary",
                                                         "unpublished" */

#endif
