/* pool_share.h - stage 4b: a group's placements (LIA/VFU) shared out
 * between its cohorts (issue #15).
 *
 * A placement municipality j has c_j placements for the group's
 * competence; a cohort k with hub h_k may use those within reach of h_k
 * (distance education: every one).  The cohorts' expected students
 * (need_k = potential x enrolment rate) must be covered together: a flow
 * z_kj >= 0 with sum_k z_kj <= c_j and sum_j z_kj >= need_k (a
 * transportation problem, solved here as a maximum flow).  Counted per
 * cohort, two cohorts near the same placements would each count them.
 *
 * The exact pooling (pool_exact.h, with nm_pool_limits.sites) keeps to
 * that rule itself: a small group searched whole, a larger one's integer
 * program with Hall's condition as rows (nm_share_cut gives the violated
 * set).  nm_share_out is the check after it: it checks a group's pooling
 * against that rule and, when the
 * cohorts cannot all be covered, drops cohorts (their municipalities become
 * residual) until they can: at each step the cohort whose removal leaves
 * the smallest shortfall, then the one with the fewest potential students,
 * then the lowest number.  The pooling is then no longer proven optimal
 * (docs/method.md, "Placements").
 *
 * Ownership: the caller owns every array; nothing is kept.  Deterministic
 * and safe to call from several threads.
 */
#ifndef NEEDMAP_POOL_SHARE_H
#define NEEDMAP_POOL_SHARE_H

#include <stddef.h>

#include "needmap/placements.h"
#include "needmap/pool.h"

/* The placements of one competence, summed per municipality. */
typedef struct nm_share_sites {
    size_t *muni;             /* [n] municipality index, ascending */
    double *places;           /* [n] > 0 */
    size_t n;
    const nm_distances *dist;
    double reach;             /* <= 0: every site is within reach of every hub */
} nm_share_sites;

/* The sites of competence code (rows matched as nm_placements_cover does;
 * without reach, all in one, at the first municipality);
 * free with nm_share_sites_free. */
void nm_share_sites_of(nm_share_sites *s, const nm_placements *p, const char *code,
                       const nm_distances *dist, double reach);
void nm_share_sites_free(nm_share_sites *s);

/* The most of need[0..nc) (cohorts with hubs hub[0..nc), municipality
 * indices) that the sites can cover together (a maximum flow); given
 * (output, may be NULL): per cohort, what it is given. */
double nm_share_cover(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc,
                      double *given);

/* As nm_share_cover; side (output, [nc]): 1 for the cohorts on the short
 * side of the smallest cut, a set S whose need is more than the placements
 * within reach of S's hubs when the sites fall short (Hall's condition). */
double nm_share_cut(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc,
                    char *side);

/* Whether they cover every cohort's need (to 1e-9 per cohort, as the
 * per-hub room check). */
int nm_share_feasible(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc);

/* The placements a cohort with hub `hub` could be given once the cohorts
 * [0..nc) have theirs (the most a new or a k-th cohort could use; for
 * cohort k itself pass its need as 0).  Never negative. */
double nm_share_left(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc,
                     size_t extra_hub);

/* A group's pooling (nm_pool_split_exact's outputs, pool_split.h) made to
 * fit the shared placements: drops cohorts as above and numbers the rest
 * 0.. in their order.  units[0..n) as pooled; rate: the enrolment rate.
 * hub (output, [ncoh]) each kept cohort's hub (a municipality index), need
 * (output, [ncoh]) its expected enrolment.  Returns the cohorts kept;
 * *dropped (output) how many were dropped. */
size_t nm_share_out(const nm_share_sites *s, const nm_pool_unit *units, size_t n,
                    const nm_distances *dist, const nm_rules *rules, nm_level level,
                    nm_mode mode, int *assign, int *assign2, double *share, size_t ncoh,
                    size_t *hub, double *need, size_t *dropped);

#endif
