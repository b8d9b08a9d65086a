/* test_pool.c - cohorts from pooled demand: the scenarios of issue 5, the
 * greedy heuristic (nm_pool_group, the exact pooling's start) against the
 * exact optimum on small instances, viability and privacy.  The exact
 * pooling itself: test_pool_exact.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/demand.h"
#include "needmap/pool.h"
#include "needmap/privacy.h"
#include "needmap/refdata.h"

static int failures;
#define CHECK(c) do { if (!(c)) { printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)
#define RUN(t) do { int f0 = failures; t(); printf("%s %s\n", failures == f0 ? "ok" : "FAIL", #t); } while (0)

static nm_refdata *ref;
static nm_distances dist;

/* Twelve inland municipalities of Norrbotten and Västerbotten. */
static const char *const inland[12] = {"2506", "2505", "2510", "2521", "2513", "2518",
                                       "2422", "2425", "2403", "2418", "2421", "2462"};

static uint64_t next_id = 1;

static void add(nm_demand *d, const char *muni, const char *ssyk, double count, nm_need need,
                nm_level level, nm_mode mode, int respondents)
{
    for (int r = 0; r < respondents; r++) {
        nm_record rec = {0};
        memcpy(rec.municipality, muni, 5);
        snprintf(rec.competence.ssyk, sizeof rec.competence.ssyk, "%s", ssyk);
        rec.count = (nm_count){count / respondents, count / respondents, count / respondents, 1, 0, 0, 0};
        rec.need = need;
        rec.level = level;
        rec.mode = mode;
        rec.horizon = (nm_horizon){1, 3};
        rec.respondent = next_id++;
        nm_demand_add(d, &rec);
    }
}

static nm_pool pool_of(nm_demand *d, const nm_rules *rules, uint64_t k)
{
    nm_demand_finish(d, NULL);
    nm_suppression s;
    nm_privacy_apply(d, k, NULL, &s);
    nm_pool p;
    nm_error err;
    nm_threads two = {2};
    nm_status st = nm_pool_build(d, ref, &dist, rules, NULL, NULL, NULL, &s, &two, &p, &err);
    CHECK(st == NM_OK);
    nm_suppression_free(&s);
    return p;
}

static int interest[12] = {5, 12, 8, 10, 6, 9, 11, 7, 10, 12, 9, 8};

static void twelve_villages_interested_in_nursing_form_one_distance_cohort(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    nm_demand *d = nm_demand_new(ref);
    for (int i = 0; i < 12; i++)
        add(d, inland[i], "2221", interest[i], NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_DISTANCE,
            interest[i]);
    nm_pool p = pool_of(d, &rules, 0);
    CHECK(p.ncohorts == 1);
    if (p.ncohorts == 1) {
        CHECK(p.cohorts[0].nmembers == 10); /* a YH application names at most 10 locations */
        CHECK(p.cohorts[0].p_viable >= rules.viable_probability);
        CHECK(p.cohorts[0].expected >= rules.level[NM_LEVEL_YH].min_size);
    }
    CHECK(p.nresidual == 2); /* the two smallest are left, with a shortfall */
    if (p.ncohorts == 1)
        CHECK(p.cohorts[0].potential == 107 - 5 - 6);
    for (size_t i = 0; i < p.nresidual; i++)
        CHECK(p.residual[i].shortfall > 0 && p.residual[i].potential <= 6);
    nm_pool_free(&p);
    nm_demand_free(d);
}

static void the_same_people_on_site_with_short_reach_form_no_cohort_that_breaks_the_reach(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    rules.reach_km[NM_MODE_ONSITE] = 60;
    nm_demand *d = nm_demand_new(ref);
    for (int i = 0; i < 12; i++)
        add(d, inland[i], "2221", interest[i], NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_ONSITE,
            interest[i]);
    nm_pool p = pool_of(d, &rules, 0);
    for (size_t c = 0; c < p.ncohorts; c++)
        CHECK(p.cohorts[c].max_km <= 60);
    CHECK(p.ncohorts + p.nresidual >= 1);
    size_t covered = p.nresidual;
    for (size_t c = 0; c < p.ncohorts; c++)
        covered += p.cohorts[c].nmembers;
    CHECK(covered == 12); /* every municipality is in a cohort or residual */
    nm_pool_free(&p);
    nm_demand_free(d);
}

static void a_municipality_with_enough_demand_alone_forms_its_own_cohort(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    nm_demand *d = nm_demand_new(ref);
    add(d, "2480", "2221", 90, NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_ONSITE, 30); /* Umeå */
    add(d, "2506", "2221", 4, NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_ONSITE, 4);   /* Arjeplog */
    nm_pool p = pool_of(d, &rules, 0);
    CHECK(p.ncohorts == 1);
    if (p.ncohorts == 1) {
        CHECK(p.cohorts[0].nmembers == 1);
        CHECK(strcmp(ref->munis[p.cohorts[0].hub].code, "2480") == 0);
        CHECK(p.cohorts[0].intakes >= 2); /* 45 expected students fill two intakes of 35 */
    }
    CHECK(p.nresidual == 1); /* Arjeplog is far beyond on-site reach of Umeå */
    nm_pool_free(&p);
    nm_demand_free(d);
}

static void fingerprint(const nm_pool *p, char *buf, size_t size)
{
    size_t n = 0;
    for (size_t c = 0; c < p->ncohorts && n < size; c++) {
        n += (size_t)snprintf(buf + n, size - n, "[%zu:%.6f:", p->cohorts[c].hub,
                              p->cohorts[c].potential);
        for (size_t m = 0; m < p->cohorts[c].nmembers && n < size; m++)
            n += (size_t)snprintf(buf + n, size - n, "%zu,", p->cohorts[c].members[m]);
    }
    for (size_t r = 0; r < p->nresidual && n < size; r++)
        n += (size_t)snprintf(buf + n, size - n, "r%zu:%.1f;", p->residual[r].muni,
                              p->residual[r].shortfall);
}

static void same_inputs_in_any_order_give_the_same_cohorts(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    char a[4096], b[4096];
    for (int pass = 0; pass < 2; pass++) {
        nm_demand *d = nm_demand_new(ref);
        for (int k = 0; k < 12; k++) {
            int i = pass ? 11 - k : k;
            add(d, inland[i], "2221", interest[i], NM_NEED_INTEREST, NM_LEVEL_YH,
                NM_MODE_HYBRID, 3);
            add(d, inland[i], "5321", interest[11 - i], NM_NEED_UPSKILLING, NM_LEVEL_COURSE,
                NM_MODE_ONSITE, 3);
        }
        nm_pool p = pool_of(d, &rules, 0);
        fingerprint(&p, pass ? b : a, 4096);
        nm_pool_free(&p);
        nm_demand_free(d);
    }
    CHECK(strcmp(a, b) == 0);
}

/* P(Binomial(n, p) >= k) by summing the probabilities, independently of GSL. */
static double binomial_at_least(unsigned n, double p, unsigned k)
{
    double sum = 0;
    for (unsigned x = k; x <= n; x++)
        sum += exp(lgamma(n + 1.0) - lgamma(x + 1.0) - lgamma(n - x + 1.0) + x * log(p) +
                   (n - x) * log1p(-p));
    return sum;
}

static void viability_is_the_binomial_probability_of_reaching_the_minimum(void)
{
    CHECK(fabs(nm_pool_p_viable(50, 0.5, 25) - binomial_at_least(50, 0.5, 25)) < 1e-9);
    CHECK(fabs(nm_pool_p_viable(70.7, 0.5, 25) - binomial_at_least(70, 0.5, 25)) < 1e-9);
    CHECK(nm_pool_p_viable(24, 1.0, 25) == 0.0);  /* too few potential students */
    CHECK(nm_pool_p_viable(25, 1.0, 25) > 0.999); /* everybody enrols */
    CHECK(nm_pool_p_viable(40, 0.5, 25) < 0.1);   /* 40 interested rarely give 25 */
}

/* --- exact optimum on small instances --- */

typedef struct best { double covered, cost; } best;

static best exact(const nm_pool_unit *u, size_t n, const nm_rules *rules, nm_mode mode,
                  int *viable, double *cost, double *pot, best *memo, char *done, unsigned S)
{
    if (!S)
        return (best){0, 0};
    if (done[S])
        return memo[S];
    unsigned low = S & -S;
    best b = exact(u, n, rules, mode, viable, cost, pot, memo, done, S & ~low);
    for (unsigned T = S; T; T = (T - 1) & S) {
        if (!(T & low) || !viable[T])
            continue;
        best r = exact(u, n, rules, mode, viable, cost, pot, memo, done, S & ~T);
        r.covered += pot[T];
        r.cost += cost[T];
        if (r.covered > b.covered + 1e-9 || (fabs(r.covered - b.covered) <= 1e-9 && r.cost < b.cost - 1e-9))
            b = r;
    }
    done[S] = 1;
    return memo[S] = b;
}

static uint64_t rng = 7;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

static void heuristic_is_close_to_the_exact_optimum_on_small_instances(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    double gap_sum = 0, worst = 0;
    int instances = 150, optimal = 0;
    for (int t = 0; t < instances; t++) {
        size_t n = 4 + rnd(9); /* 4..12 municipalities */
        nm_mode mode = t % 3 == 0 ? NM_MODE_DISTANCE : t % 3 == 1 ? NM_MODE_HYBRID : NM_MODE_ONSITE;
        nm_pool_unit u[12];
        unsigned start = rnd(250);
        for (size_t i = 0; i < n; i++)
            u[i] = (nm_pool_unit){(start + i * (1 + rnd(3))) % ref->nmunis, 2.0 + rnd(30), 0, 0, 0};
        for (size_t i = 0; i < n; i++) /* distinct municipalities */
            for (size_t j = 0; j < i; j++)
                if (u[i].muni == u[j].muni)
                    u[i].muni = (u[i].muni + 1 + i) % ref->nmunis, j = (size_t)-1;
        unsigned full = (1u << n) - 1;
        int *viable = calloc(full + 1, sizeof *viable);
        double *cost = calloc(full + 1, sizeof *cost), *pot = calloc(full + 1, sizeof *pot);
        best *memo = calloc(full + 1, sizeof *memo);
        char *done = calloc(full + 1, 1);
        for (unsigned T = 1; T <= full; T++) {
            size_t set[12], k = 0, hub;
            for (size_t i = 0; i < n; i++)
                if (T & (1u << i))
                    set[k++] = i, pot[T] += u[i].potential;
            viable[T] = nm_pool_evaluate(u, set, k, &dist, &rules, NM_LEVEL_YH, mode, &hub,
                                         &cost[T]) == 1;
        }
        best ex = exact(u, n, &rules, mode, viable, cost, pot, memo, done, full);
        int assign[12];
        size_t ncoh = nm_pool_group(u, n, &dist, &rules, NM_LEVEL_YH, mode, assign);
        double covered = 0;
        for (size_t c = 0; c < ncoh; c++) {
            size_t set[12], k = 0, hub;
            double cst;
            for (size_t i = 0; i < n; i++)
                if (assign[i] == (int)c)
                    set[k++] = i, covered += u[i].potential;
            CHECK(nm_pool_evaluate(u, set, k, &dist, &rules, NM_LEVEL_YH, mode, &hub, &cst) == 1);
        }
        CHECK(covered <= ex.covered + 1e-9);
        double gap = ex.covered > 0 ? (ex.covered - covered) / ex.covered : 0;
        gap_sum += gap;
        worst = gap > worst ? gap : worst;
        optimal += gap < 1e-9;
        free(viable); free(cost); free(pot); free(memo); free(done);
    }
    printf("  exact comparison: %d instances, optimal coverage in %d, mean gap %.2f%%, worst %.1f%%\n",
           instances, optimal, 100 * gap_sum / instances, 100 * worst);
    CHECK(gap_sum / instances < 0.05);
}

static void cohort_figures_with_too_few_respondents_are_hidden(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    nm_demand *d = nm_demand_new(ref);
    add(d, "2480", "2221", 90, NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_DISTANCE, 2);
    nm_pool p = pool_of(d, &rules, 3);
    CHECK(p.ncohorts == 1 && p.cohorts[0].hidden);
    nm_pool_free(&p);
    nm_demand_free(d);
}

static void a_higher_minimum_cohort_size_gives_fewer_cohorts(void)
{
    size_t counts[3];
    double mins[3] = {20, 25, 30};
    for (int s = 0; s < 3; s++) {
        nm_rules rules;
        nm_rules_default(&rules);
        rules.level[NM_LEVEL_YH].min_size = mins[s];
        nm_demand *d = nm_demand_new(ref);
        for (int i = 0; i < 12; i++)
            add(d, inland[i], "2221", interest[i] / 2.0, NM_NEED_INTEREST, NM_LEVEL_YH,
                NM_MODE_DISTANCE, interest[i]);
        nm_pool p = pool_of(d, &rules, 0);
        counts[s] = p.ncohorts;
        nm_pool_free(&p);
        nm_demand_free(d);
    }
    CHECK(counts[0] >= counts[1] && counts[1] >= counts[2]);
    CHECK(counts[0] > counts[2]);
}

static void a_rules_file_with_an_unknown_member_is_refused(void)
{
    char path[] = "/tmp/needmap-rules-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("{\"levels\": {\"yh\": {\"min\": 20}}, \"enrolment\": 0.5}", f);
    fclose(f);
    nm_rules rules;
    nm_rules_default(&rules);
    nm_error err;
    CHECK(nm_rules_load(&rules, path, &err) == NM_ERR_CONFIG);
    CHECK(strstr(err.msg, "enrolment") != NULL);
    f = fopen(path, "w");
    fputs("{\"levels\": {\"yh\": {\"min\": 20, \"max\": 30}}, \"enrolment_rate\": 0.6}", f);
    fclose(f);
    nm_rules_default(&rules);
    CHECK(nm_rules_load(&rules, path, &err) == NM_OK);
    CHECK(rules.level[NM_LEVEL_YH].min_size == 20 && rules.enrolment_rate == 0.6);
    remove(path);
}

/* Rules-file numbers out of range are a config error naming the member and
 * its range (1e300 as max_locations was cast to int: undefined behaviour;
 * as a cohort's minimum it reached pooling). */
static void rules_out_of_range_are_refused_naming_the_member(void)
{
    static const struct { const char *json, *says; } cases[] = {
        {"{\"max_locations\": 1e300}", "max_locations must be a whole number from 1 to 290"},
        {"{\"max_locations\": 2.5}", "max_locations must be a whole number from 1 to 290"},
        {"{\"levels\": {\"komvux\": {\"min_municipalities\": -1e300}}}",
         "levels.komvux.min_municipalities must be a whole number from 1 to 290"},
        {"{\"levels\": {\"yh\": {\"min\": 1e300, \"max\": 1e300}}}",
         "levels.yh needs 1 <= min <= max <= 10000"},
        {"{\"enrolment_rates\": {\"interest\": 1e300}}",
         "enrolment_rates.interest must be above 0 and at most 1"}};
    char path[] = "/tmp/needmap-rules-XXXXXX";
    int fd = mkstemp(path);
    fclose(fdopen(fd, "w"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "w");
        fputs(cases[i].json, f);
        fclose(f);
        nm_rules rules;
        nm_rules_default(&rules);
        nm_error err;
        CHECK(nm_rules_load(&rules, path, &err) == NM_ERR_CONFIG);
        CHECK(strstr(err.msg, cases[i].says) != NULL);
        CHECK(strcmp(err.file, path) == 0);
    }
    remove(path);
}

static void a_municipality_at_zero_km_from_another_is_not_counted_twice(void)
{
    /* a distance file may give 0 km between two municipalities; the seed
     * must still come first in its own neighbour list */
    char path[] = "/tmp/needmap-dist-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("from,to,km\nArvidsjaur,Arjeplog,0\n", f);
    fclose(f);
    nm_distances d0;
    nm_distances_init(&d0, ref);
    nm_error err;
    CHECK(nm_distances_load(&d0, path, &err) == NM_OK);
    remove(path);
    nm_rules rules;
    nm_rules_default(&rules);
    rules.level[NM_LEVEL_YH].min_municipalities = 2;
    nm_demand *d = nm_demand_new(ref);
    add(d, "2506", "2221", 60, NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_HYBRID, 6); /* Arjeplog */
    nm_demand_finish(d, NULL);
    nm_pool p;
    CHECK(nm_pool_build(d, ref, &d0, &rules, NULL, NULL, NULL, NULL, NULL, &p, &err) == NM_OK);
    CHECK(p.ncohorts == 0); /* one municipality cannot meet min_municipalities 2 */
    CHECK(p.nresidual == 1);
    nm_pool_free(&p);
    nm_demand_free(d);
    nm_distances_free(&d0);
}

static void a_published_shortfall_never_reveals_a_hidden_neighbour(void)
{
    double shortfalls[2];
    for (int pass = 0; pass < 2; pass++) {
        nm_rules rules;
        nm_rules_default(&rules);
        nm_demand *d = nm_demand_new(ref);
        add(d, "2506", "2221", 20, NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_HYBRID, 5);
        /* Jokkmokk: published in itself, hidden by secondary suppression */
        add(d, "2510", "2221", 3, NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_HYBRID, 3);
        /* Arvidsjaur: one respondent, so hidden; its count must not show */
        add(d, "2505", "2221", pass ? 12 : 7, NM_NEED_INTEREST, NM_LEVEL_YH, NM_MODE_HYBRID, 1);
        nm_pool p = pool_of(d, &rules, 3);
        shortfalls[pass] = -1;
        for (size_t i = 0; i < p.nresidual; i++)
            if (strcmp(ref->munis[p.residual[i].muni].code, "2506") == 0 && !p.residual[i].hidden)
                shortfalls[pass] = p.residual[i].shortfall;
        nm_pool_free(&p);
        nm_demand_free(d);
    }
    CHECK(shortfalls[0] >= 0);
    CHECK(shortfalls[0] == shortfalls[1]);
}

static void great_circle_distance_matches_known_values(void)
{
    /* Umeå - Luleå is about 215 km as the crow flies */
    double d = nm_great_circle_km(63.8258, 20.2630, 65.5848, 22.1547);
    CHECK(d > 205 && d < 225);
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    RUN(twelve_villages_interested_in_nursing_form_one_distance_cohort);
    RUN(the_same_people_on_site_with_short_reach_form_no_cohort_that_breaks_the_reach);
    RUN(a_municipality_with_enough_demand_alone_forms_its_own_cohort);
    RUN(same_inputs_in_any_order_give_the_same_cohorts);
    RUN(viability_is_the_binomial_probability_of_reaching_the_minimum);
    RUN(heuristic_is_close_to_the_exact_optimum_on_small_instances);
    RUN(cohort_figures_with_too_few_respondents_are_hidden);
    RUN(a_higher_minimum_cohort_size_gives_fewer_cohorts);
    RUN(a_rules_file_with_an_unknown_member_is_refused);
    RUN(rules_out_of_range_are_refused_naming_the_member);
    RUN(a_municipality_at_zero_km_from_another_is_not_counted_twice);
    RUN(a_published_shortfall_never_reveals_a_hidden_neighbour);
    RUN(great_circle_distance_matches_known_values);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return failures ? 1 : 0;
}
