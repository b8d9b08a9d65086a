/* frame.h - the sampling frame (--frame FILE) and the design-based
 * estimates it allows: response rates and weighted demand with standard
 * errors and 95% intervals (docs/method.md "Weighted estimates").
 *
 * The frame is a CSV file, one row per stratum:
 *   municipality   code or name (as in the inputs)
 *   kind           municipal, company, person (the respondent kinds,
 *                  Swedish words too), or "all": every kind together
 *   asked          how many were asked (a whole number >= 1)
 *   employees      optional: how many employees those asked have (whole
 *                  number >= 0; reported, not used in the estimates)
 *   answered       optional: how many answered, those who reported no need
 *                  at all included (rows of zeros are skipped, so the
 *                  inputs do not show them); at least the respondents the
 *                  inputs show, at most asked.  Without it the respondents
 *                  the inputs show are those who answered.
 * A municipality has either one "all" row or rows per kind, each once.
 *
 * Strata are municipality x kind; within a stratum the respondents are
 * taken to be a simple random sample of those asked (missing at random).
 * The estimator of a total is Horvitz-Thompson with the finite population
 * correction (the stratified expansion estimator); see method.md.
 *
 * nm_frame_load fills an nm_frame the caller frees with nm_frame_free (a
 * zeroed one too); it borrows the reference data.  nm_weighting_apply
 * writes into the rankings' entries and fills an nm_weighting the caller
 * frees with nm_weighting_free.
 */
#ifndef NEEDMAP_FRAME_H
#define NEEDMAP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/demand.h"
#include "needmap/rank.h"
#include "needmap/refdata.h"
#include "needmap/status.h"

/* A cell resting on a stratum where fewer than this share answered is
 * marked low_response. */
#define NM_LOW_RESPONSE 0.5

enum { NM_FRAME_ALL_KINDS = -1 };

typedef struct nm_stratum {
    char municipality[5];     /* code */
    int kind;                 /* nm_rkind, or NM_FRAME_ALL_KINDS */
    uint64_t asked;           /* N_h */
    int64_t employees;        /* -1: not given */
    int64_t answered_given;   /* the frame's answered column, -1: not given */
    uint64_t seen;            /* respondents the inputs show (nm_weighting_apply) */
    uint64_t line;            /* its line in the frame file */
    uint64_t answered;        /* n_h: answered_given, or seen (nm_weighting_apply) */
} nm_stratum;

typedef struct nm_frame {
    char *path;               /* as given (owned) */
    nm_stratum *strata;       /* in file order */
    size_t n;
} nm_frame;

nm_status nm_frame_load(nm_frame *f,              /* (output) */
                        const nm_refdata *ref,    /* (input) municipalities */
                        const char *path,         /* (input) the frame file */
                        nm_error *err);           /* (output) FILE:LINE:COL: why */
void nm_frame_free(nm_frame *f);

/* What the frame did, for summary.json. */
typedef struct nm_weighting {
    uint64_t units;           /* responding units (respondent x municipality x kind) */
    uint64_t outside;         /* of them in no stratum of the frame: not weighted */
    uint64_t asked, answered; /* over the frame */
    uint64_t strata_empty;    /* strata where nobody answered */
    uint64_t strata_low;      /* strata below NM_LOW_RESPONSE */
    uint64_t df;              /* the design's degrees of freedom: answered minus the
                                 strata where anyone answered (R survey's degf());
                                 the 95% intervals use Student's t with them */
} nm_weighting;

/* Count each stratum's respondents (f->strata[].answered), then give
 * every ranked entry of r its weighted estimate, standard error, 95%
 * interval and response rate (entries' weighted_* fields; r->weighted =
 * 1).  The table must keep units (nm_demand_keep_units).  Fails
 * (NM_ERR_CONFIG, at the frame's line) when the inputs show more
 * respondents in a stratum than were asked, or than the frame says
 * answered. */
nm_status nm_weighting_apply(const nm_demand *d, const nm_refdata *ref, nm_frame *f,
                             nm_rankings *r, nm_weighting *out, nm_error *err);

/* The weighted estimate of every cell that can carry one (a competence as
 * given, per need, in a municipality, a county or all of them), before
 * any is published: est[c] for each of d's cells, NAN where none.  The
 * disclosure model (disclosure.h) makes them figures of their cells, so
 * the audit sees what weighted figures add.  Fails as nm_weighting_apply. */
nm_status nm_weighting_estimates(const nm_demand *d, const nm_refdata *ref, nm_frame *f,
                                 double *est, nm_error *err);

#endif
