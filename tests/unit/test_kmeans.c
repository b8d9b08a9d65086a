/* test_kmeans.c - k-means++ with restarts on a seeded mt19937
 * (src/analyze/kmeans.c, cluster_parts.h): separated groups found for any
 * seed, clusters numbered by their first point, the same seed giving the
 * same answer, the best restart kept, coinciding points. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"

#include "check.h"

enum { PER = 8, GROUPS = 3, M = PER * GROUPS };

/* Three tight groups of eight points in the plane, far apart, the groups'
 * points interleaved (point i is in group i % 3). */
static void three_groups(double y[M * 2])
{
    static const double centre[GROUPS][2] = {{0, 0}, {10, 0}, {0, 10}};
    for (int i = 0; i < M; i++) {
        int g = i % GROUPS;
        y[i * 2] = centre[g][0] + 0.1 * ((i * 7) % 5 - 2);
        y[i * 2 + 1] = centre[g][1] + 0.1 * ((i * 3) % 5 - 2);
    }
}

static void separated_groups_are_found_whatever_the_seed(void)
{
    double y[M * 2];
    three_groups(y);
    for (uint64_t seed = 0; seed < 30; seed++) {
        size_t assign[M], n;
        nm_error err;
        CHECK_INT_EQ(nm_cl_kmeans(y, M, 2, GROUPS, seed, 5, assign, &n, &err), NM_OK);
        CHECK_INT_EQ(n, GROUPS);
        int ok = 1;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < M; j++)
                ok &= (assign[i] == assign[j]) == (i % GROUPS == j % GROUPS);
        CHECK(ok);
    }
}

/* Cluster 0 holds point 0, and each new number appears in order of the
 * first point that has it. */
static void clusters_are_numbered_in_order_of_their_first_point(void)
{
    double y[M * 2];
    three_groups(y);
    for (uint64_t seed = 0; seed < 20; seed++) {
        size_t assign[M], n;
        nm_error err;
        CHECK_INT_EQ(nm_cl_kmeans(y, M, 2, GROUPS, seed, 1, assign, &n, &err), NM_OK);
        size_t next = 0;
        int ok = 1;
        for (int i = 0; i < M; i++) {
            ok &= assign[i] <= next;
            if (assign[i] == next)
                next++;
        }
        CHECK(ok);
        CHECK(assign[0] == 0 && assign[1] == 1 && assign[2] == 2);
    }
}

/* Points on a line with no clear groups: where the answer depends on the
 * starting centers, the seed decides, and the same seed decides the same. */
static void the_same_seed_gives_the_same_assignment(void)
{
    double y[40];
    for (int i = 0; i < 40; i++)
        y[i] = sin(i * 1.7) * 5 + i * 0.1;
    for (uint64_t seed = 1; seed < 10; seed++) {
        size_t a[40], b[40], na, nb;
        nm_error err;
        nm_cl_kmeans(y, 40, 1, 4, seed, 2, a, &na, &err);
        nm_cl_kmeans(y, 40, 1, 4, seed, 2, b, &nb, &err);
        CHECK_INT_EQ(na, nb);
        CHECK(memcmp(a, b, sizeof a) == 0);
    }
}

/* Sum of squared distances to the cluster means. */
static double inertia(const double *y, size_t m, size_t dim, const size_t *assign, size_t k)
{
    double *c = calloc(k * dim, sizeof *c), total = 0;
    size_t *size = calloc(k, sizeof *size);
    for (size_t i = 0; i < m; i++) {
        size[assign[i]]++;
        for (size_t j = 0; j < dim; j++)
            c[assign[i] * dim + j] += y[i * dim + j];
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < dim; j++) {
            double d = y[i * dim + j] - c[assign[i] * dim + j] / (double)size[assign[i]];
            total += d * d;
        }
    free(c);
    free(size);
    return total;
}

/* Lloyd's iterations run until nothing moves: every point is nearer the
 * mean of its own cluster than the mean of any other. */
static void every_point_ends_nearest_its_own_clusters_mean(void)
{
    enum { N = 60 };
    double y[N];
    for (int i = 0; i < N; i++)
        y[i] = sin(i * 1.3) * 7 + cos(i * 0.7) * 3;
    for (uint64_t seed = 1; seed <= 10; seed++) {
        size_t assign[N], n;
        nm_error err;
        nm_cl_kmeans(y, N, 1, 5, seed, 1, assign, &n, &err);
        double sum[5] = {0}, count[5] = {0};
        for (int i = 0; i < N; i++) {
            sum[assign[i]] += y[i];
            count[assign[i]]++;
        }
        int ok = 1;
        for (int i = 0; i < N; i++)
            for (size_t c = 0; c < n; c++)
                ok &= fabs(y[i] - sum[assign[i]] / count[assign[i]]) <=
                      fabs(y[i] - sum[c] / count[c]) + 1e-12;
        CHECK(ok);
    }
}

/* The first of several runs is the run a single start makes (one random
 * stream): keeping the best can only lower the inertia, and on points
 * with many local optima it does for some seed. */
static void the_best_of_the_restarts_is_kept(void)
{
    enum { N = 60 };
    double y[N * 2];
    for (int i = 0; i < N; i++) {
        y[i * 2] = fmod(i * 7.31, 13.0);
        y[i * 2 + 1] = fmod(i * 3.77, 11.0);
    }
    int better = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        size_t one[N], ten[N], n1, n10;
        nm_error err;
        nm_cl_kmeans(y, N, 2, 6, seed, 1, one, &n1, &err);
        nm_cl_kmeans(y, N, 2, 6, seed, 10, ten, &n10, &err);
        double i1 = inertia(y, N, 2, one, n1), i10 = inertia(y, N, 2, ten, n10);
        CHECK(i10 <= i1 + 1e-9);
        better += i10 < i1 - 1e-9;
    }
    CHECK(better > 0);
}

static void coinciding_points_make_fewer_clusters_than_asked(void)
{
    double y[10] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    size_t assign[5], n;
    nm_error err;
    CHECK_INT_EQ(nm_cl_kmeans(y, 5, 2, 3, 1, 3, assign, &n, &err), NM_OK);
    CHECK_INT_EQ(n, 1);
    for (int i = 0; i < 5; i++)
        CHECK_INT_EQ(assign[i], 0);
}

static void as_many_clusters_as_distinct_points_put_each_apart(void)
{
    double y[4] = {0, 1, 5, 9};
    size_t assign[4], n;
    nm_error err;
    CHECK_INT_EQ(nm_cl_kmeans(y, 4, 1, 4, 3, 4, assign, &n, &err), NM_OK);
    CHECK_INT_EQ(n, 4);
    for (size_t i = 0; i < 4; i++)
        CHECK_INT_EQ(assign[i], i);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main.c: statuses are checked */
    RUN(separated_groups_are_found_whatever_the_seed);
    RUN(clusters_are_numbered_in_order_of_their_first_point);
    RUN(the_same_seed_gives_the_same_assignment);
    RUN(every_point_ends_nearest_its_own_clusters_mean);
    RUN(the_best_of_the_restarts_is_kept);
    RUN(coinciding_points_make_fewer_clusters_than_asked);
    RUN(as_many_clusters_as_distinct_points_put_each_apart);
    return check_finish();
}
