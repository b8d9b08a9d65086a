/* pool_instances.h - random instances shared by the pool tests (tests/pool):
 * the seeded generator and the draw of distinct municipalities near one
 * another that the oracles' tiny and medium instances are built from.  The
 * caller owns every array and the generator's state; nothing is allocated. */
#ifndef NEEDMAP_TESTS_POOL_INSTANCES_H
#define NEEDMAP_TESTS_POOL_INSTANCES_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/pool.h"
#include "needmap/rules.h"

/* A number in 0..n-1 (n > 0) from the linear congruential generator whose
 * state is *rng (input and output). */
unsigned pool_rnd(uint64_t *rng, unsigned n);

/* An index in 0..among-1 (among <= 64) not yet in the bit set *used (input
 * and output: the index is added), drawn by *rng until one is free. */
unsigned pool_draw_unused(uint64_t *rng, unsigned among, uint64_t *used);

/* n units (output: u[0..n-1]) at distinct municipalities drawn among the
 * `among` (<= 64) nearest of near (input: an nm_distance_order row), each
 * with (first + pool_rnd(count)) / per potential students (per: 1 for
 * whole students, 2 for halves) and no placements; the draws are those of
 * one municipality then its potential, unit by unit. */
void pool_near_units(nm_pool_unit *u, size_t n, const size_t *near, unsigned among,
                     unsigned first, unsigned count, double per, uint64_t *rng);

/* Instance t's rules (output: the defaults), level (output: t % 4 of YH,
 * university, course, komvux) and mode (output: (t / 4) % 3 of on site,
 * hybrid, distance); draws nothing. */
void pool_instance_kind(int t, nm_rules *rules, nm_level *level, nm_mode *mode);

#endif
