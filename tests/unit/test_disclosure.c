/* test_disclosure.c - the disclosure model and its audit (disclosure.h),
 * on a 2 x 2 table whose intervals are worked out by hand:
 *
 *        a=5  b=7  | r1=12
 *        c=3  d=9  | r2=12
 *        ----------+
 *        c1=8 c2=16  T=24
 *
 * With every detail cell hidden and the totals published, a = t gives
 * b = 12 - t, c = 8 - t, d = 4 + t: a lies in [0, 8]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/disclosure.h"
#include "needmap/parallel.h"

#include "check.h"

static const double cell[4] = {5, 7, 3, 9};
static const int total_of[5][4] = {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 1, 0}, {0, 1, 0, 1},
                                   {1, 1, 1, 1}};

/* The model of the table, hidden[i] for its 9 cells (4 detail, 5 totals). */
static void table(nm_dc_model *m, const int hidden[9])
{
    memset(m, 0, sizeof *m);
    m->nvars = 4;
    m->ncells = 9;
    m->truth = 1;
    m->unit = nm_calloc(9, sizeof *m->unit);
    m->fig = nm_calloc(9, sizeof *m->fig);
    m->nunits = m->ucap = m->nfig = m->fcap = 9;
    for (uint32_t i = 0; i < 9; i++) {
        m->unit[i] = (nm_dc_unit){NM_DC_DEMAND, 0, (uint8_t)hidden[i], (uint8_t)hidden[i], i, 0};
        m->fig[i] = (nm_dc_figure){i, (uint32_t)m->nterms, 0, 0, 0, NM_DC_PEOPLE, 0};
        for (size_t v = 0; v < 4; v++)
            if (i < 4 ? v == i : total_of[i - 4][v]) {
                nm_dc_model_term(m, v, 1);
                m->fig[i].value += cell[v];
                m->fig[i].n++;
            }
    }
}

static void a_lone_hidden_cell_is_pinned_by_its_total(void)
{
    nm_dc_model m;
    table(&m, (const int[9]){1, 0, 0, 0, 0, 0, 0, 0, 0});
    nm_dc_audit_result r;
    nm_error err;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
    CHECK_INT_EQ(r.hidden, 1);
    CHECK_INT_EQ(r.narrowed, 1);
    CHECK_INT_EQ(r.exact, 1);
    CHECK(fabs(r.lo[0] - 5) < 1e-6 && fabs(r.hi[0] - 5) < 1e-6);
    nm_dc_audit_result_free(&r);
    nm_dc_model_free(&m);
}

static void four_hidden_cells_under_published_totals_span_the_hand_worked_interval(void)
{
    nm_dc_model m;
    table(&m, (const int[9]){1, 1, 1, 1, 0, 0, 0, 0, 0});
    nm_dc_audit_result r;
    nm_error err;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
    CHECK_INT_EQ(r.hidden, 4);
    CHECK_INT_EQ(r.components, 1);
    /* a in [0, 8], b = 12 - a in [4, 12], c = 8 - a in [0, 8], d = 4 + a in [4, 12]; the
     * audit may stop early once a figure is shown protected, so it proves at least the
     * protection and never more than the true interval */
    const double lo[4] = {0, 4, 0, 4}, hi[4] = {8, 12, 8, 12};
    for (int i = 0; i < 4; i++)
        if (!CHECK(r.lo[i] >= lo[i] - 1e-4 && r.hi[i] <= hi[i] + 1e-4))
            fprintf(stderr, "cell %d: [%g, %g]\n", i, r.lo[i], r.hi[i]);
    CHECK_INT_EQ(r.narrowed, 0); /* each can move more than max(1, 10%) both ways */
    nm_dc_audit_result_free(&r);
    nm_dc_model_free(&m);
}

static void a_pair_hidden_in_one_row_is_given_away_by_the_columns_until_protected(void)
{
    nm_dc_model m;
    table(&m, (const int[9]){1, 1, 0, 0, 0, 0, 0, 0, 0});
    nm_dc_audit_result r;
    nm_error err;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 2); /* a = c1 - c, b = c2 - d */
    nm_dc_audit_result_free(&r);
    uint64_t added = 0;
    CHECK_INT_EQ(nm_dc_protect(&m, 10, 0, &added, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 0);
    CHECK(added >= 1);
    nm_dc_audit_result_free(&r);
    nm_dc_audit_result again;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &again, &err), NM_OK); /* a fresh audit agrees */
    CHECK_INT_EQ(again.narrowed, 0);
    nm_dc_audit_result_free(&again);
    nm_dc_model_free(&m);
}

/* Continuing from an earlier audit (nm_dc_protect_since): what it found
 * narrowed and what was hidden since are audited again, and the answer is
 * a fresh audit's. */
static void a_later_pass_audits_what_was_hidden_since_and_what_was_narrowed(void)
{
    nm_dc_model m;
    table(&m, (const int[9]){1, 1, 0, 0, 0, 0, 0, 0, 0});
    nm_dc_audit_result r;
    nm_error err;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 2); /* a and b, pinned by the columns */
    uint8_t was[9];
    for (int u = 0; u < 9; u++)
        was[u] = m.unit[u].hidden;
    m.unit[2].hidden = m.unit[3].hidden = 1; /* c and d hidden after that audit */
    uint64_t added = 9;
    CHECK_INT_EQ(nm_dc_protect_since(&m, 10, 0, was, &added, &r, &err), NM_OK);
    CHECK_INT_EQ(added, 0); /* a and b audited again: now free, as are c and d */
    CHECK_INT_EQ(r.narrowed, 0);
    CHECK_INT_EQ(r.hidden, 4);
    for (int i = 0; i < 4; i++) /* every one of them solved again: a in [0, 8] etc. */
        if (!CHECK(r.hi[i] - r.lo[i] > 2 - 1e-6))
            fprintf(stderr, "cell %d: [%g, %g]\n", i, r.lo[i], r.hi[i]);
    for (int u = 0; u < 9; u++)
        was[u] = m.unit[u].hidden;
    m.unit[4].hidden = 1; /* r1 = T - r2 = 12: pinned, found only by auditing it */
    CHECK_INT_EQ(nm_dc_protect_since(&m, 10, 0, was, &added, &r, &err), NM_OK);
    CHECK(added >= 1);
    CHECK_INT_EQ(r.narrowed, 0);
    CHECK(m.unit[4].hidden);
    nm_dc_audit_result again;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &again, &err), NM_OK); /* a fresh audit agrees */
    CHECK_INT_EQ(again.narrowed, 0);
    CHECK_INT_EQ(again.hidden, r.hidden);
    nm_dc_audit_result_free(&again);
    nm_dc_audit_result_free(&r);
    nm_dc_model_free(&m);
}

static void the_published_model_leaves_hidden_values_out_and_audits_the_same(void)
{
    nm_dc_model m;
    table(&m, (const int[9]){1, 0, 0, 0, 0, 0, 0, 0, 0});
    FILE *f = tmpfile();
    CHECK_INT_EQ(nm_dc_model_write(f, &m, 10), 0);
    rewind(f);
    char line[256];
    CHECK(fgets(line, sizeof line, f) != NULL);
    int hidden_values = 0, shown_fives = 0;
    while (fgets(line, sizeof line, f)) {
        hidden_values += strncmp(line, "f,0,..,", 7) == 0;
        shown_fives += strncmp(line, "f,0,5,", 6) == 0;
    }
    CHECK_INT_EQ(hidden_values, 1);
    CHECK_INT_EQ(shown_fives, 0);
    rewind(f);
    nm_dc_model back;
    double p = 0;
    nm_error err;
    CHECK_INT_EQ(nm_dc_model_read(f, "model", &back, &p, &err), NM_OK);
    CHECK(p == 10);
    CHECK_INT_EQ(back.truth, 0);
    CHECK(isnan(back.fig[0].value));
    nm_dc_audit_result r;
    CHECK_INT_EQ(nm_dc_audit(&back, p, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 1); /* pinned, without knowing the value */
    CHECK(fabs(r.lo[0] - 5) < 1e-6);
    nm_dc_audit_result_free(&r);
    nm_dc_model_free(&back);
    nm_dc_model_free(&m);
    fclose(f);
}

static void a_model_that_is_not_one_is_refused_with_its_line(void)
{
    FILE *f = tmpfile();
    fputs("needmap-disclosure-model,1,protection,10,variables,1,cells,1\nu,demand,0,1,0\n"
          "f,0,3,0,1,7,1\n", f);
    rewind(f);
    nm_dc_model m;
    double p;
    nm_error err;
    CHECK_INT_EQ(nm_dc_model_read(f, "bad.csv", &m, &p, &err), NM_ERR_INPUT);
    CHECK_INT_EQ(err.line, 3);
    fclose(f);
}

/* With ranges the audit takes a demand figure as the midpoint of its low
 * and high ends, and a file whose figures say otherwise (a hand edit) is
 * refused at the high figure's value, naming its unit.  A detail cell: 15
 * between 10 and 30 is refused (line 5, column 5); the same cell at 20, or
 * hidden, is read.  A total: two cells (10 in 5-15 and 20 in 15-25) and
 * their total 30, whose low end is 20: its high end must be 40, so 50 is
 * refused (line 13, column 5, demand unit 3) and 40 is read. */
static void a_figure_whose_demand_is_not_its_ranges_midpoint_is_refused(void)
{
    static const struct {
        const char *text;
        int line;             /* 0: read */
        const char *says;
    } files[] = {
        {"needmap-disclosure-model,2,protection,10,variables,1,cells,1\nu,demand,0,1,0\n"
         "f,0,15,0,people,1,0,1\nf,0,10,0,low,1,0,1\nf,0,30,0,high,1,0,1\n",
         5, "midpoint"},
        {"needmap-disclosure-model,2,protection,10,variables,1,cells,1\nu,demand,0,1,0\n"
         "f,0,20,0,people,1,0,1\nf,0,10,0,low,1,0,1\nf,0,30,0,high,1,0,1\n",
         0, NULL},
        {"needmap-disclosure-model,2,protection,10,variables,1,cells,1\nu,demand,0,1,1\n"
         "f,0,..,0,people,1,0,1\nf,0,..,0,low,1,0,1\nf,0,..,0,high,1,0,1\n",
         0, NULL},
        {"needmap-disclosure-model,2,protection,10,variables,2,cells,3\n"
         "u,demand,0,1,0\nu,demand,0,2,0\nu,demand,0,3,0\n"
         "f,0,10,0,people,1,0,1\nf,1,20,0,people,1,1,1\nf,2,30,0,people,2,0,1,1,1\n"
         "f,0,5,0,low,1,0,1\nf,0,15,0,high,1,0,1\nf,1,15,0,low,1,1,1\n"
         "f,1,25,0,high,1,1,1\nf,2,20,0,low,2,0,1,1,1\nf,2,50,0,high,2,0,1,1,1\n",
         13, "demand unit 3"},
        {"needmap-disclosure-model,2,protection,10,variables,2,cells,3\n"
         "u,demand,0,1,0\nu,demand,0,2,0\nu,demand,0,3,0\n"
         "f,0,10,0,people,1,0,1\nf,1,20,0,people,1,1,1\nf,2,30,0,people,2,0,1,1,1\n"
         "f,0,5,0,low,1,0,1\nf,0,15,0,high,1,0,1\nf,1,15,0,low,1,1,1\n"
         "f,1,25,0,high,1,1,1\nf,2,20,0,low,2,0,1,1,1\nf,2,40,0,high,2,0,1,1,1\n",
         0, NULL}};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        FILE *f = tmpfile();
        fputs(files[k].text, f);
        rewind(f);
        nm_dc_model m;
        double p;
        nm_error err;
        nm_status st = nm_dc_model_read(f, "disclosure.csv", &m, &p, &err);
        if (files[k].line) {
            CHECK_INT_EQ(st, NM_ERR_INPUT);
            CHECK_INT_EQ(err.line, files[k].line);
            CHECK_INT_EQ(err.col, 5);
            CHECK(strstr(err.msg, files[k].says) != NULL);
        } else {
            CHECK_INT_EQ(st, NM_OK);
            CHECK(m.ranges);
            nm_dc_model_free(&m);
        }
        fclose(f);
    }
}

/* Relations between the kinds (demand_low <= demand <= demand_high, a
 * range's point its midpoint): four detail cells with low ends 7, 10, 3, 1
 * and half-ranges 0, 5, 3, 1 (demand 7, 15, 6, 2; high 7, 20, 9, 3), all
 * hidden, and three published figures in every kind: 2a + 2b,
 * a + 2c + 2d, 2b + 2d.  Each kind alone protects every figure; with the
 * relations b's demand lies in [11, 16] and its high end in [14, 21]
 * (true 15 and 20: below +-max(1, 10%)).  Found by a random search
 * against scipy's HiGHS (the intervals are HiGHS's). */
#define KV 4
static void add_figure(nm_dc_model *m, uint32_t unit, nm_dc_kind kind, const double w[KV],
                       const double x[KV])
{
    NM_GROW(m->fig, m->fcap, m->nfig + 1);
    nm_dc_figure *f = &m->fig[m->nfig++];
    *f = (nm_dc_figure){unit, (uint32_t)m->nterms, 0, 0, 0, (uint8_t)kind, 0};
    for (size_t v = 0; v < KV; v++)
        if (w[v] != 0) {
            nm_dc_model_term(m, v, w[v]);
            f->value += w[v] * x[v];
            f->n++;
        }
}

static void the_relations_between_the_kinds_narrow_what_each_kind_alone_leaves(void)
{
    const double low[KV] = {7, 10, 3, 1}, half[KV] = {0, 5, 3, 1};
    double x[NM_DC_HIGH + 1][KV];
    for (int v = 0; v < KV; v++) {
        x[NM_DC_LOW][v] = low[v];
        x[NM_DC_PEOPLE][v] = low[v] + half[v];
        x[NM_DC_HIGH][v] = low[v] + 2 * half[v];
    }
    const double rows[KV + 3][KV] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1},
                                     {2, 2, 0, 0}, {1, 0, 2, 2}, {0, 2, 0, 2}};
    nm_dc_model m;
    memset(&m, 0, sizeof m);
    m.nvars = m.ncells = KV;
    m.truth = 1;
    m.unit = nm_calloc(KV + 3, sizeof *m.unit);
    m.nunits = m.ucap = KV + 3;
    for (uint32_t u = 0; u < KV + 3; u++) /* the cells hidden, three published totals */
        m.unit[u] = (nm_dc_unit){u < KV ? NM_DC_DEMAND : NM_DC_COHORT, 0, u < KV, u < KV,
                                 u < KV ? u : u - KV, 0};
    for (uint32_t u = 0; u < KV; u++) /* cell i is figure i */
        add_figure(&m, u, NM_DC_PEOPLE, rows[u], x[NM_DC_PEOPLE]);
    for (int k = NM_DC_LOW; k <= NM_DC_HIGH; k++)
        for (uint32_t u = 0; u < KV; u++) /* b's low end is figure 5, high end 9 */
            add_figure(&m, u, (nm_dc_kind)k, rows[u], x[k]);
    for (uint32_t u = KV; u < KV + 3; u++)
        for (int k = NM_DC_PEOPLE; k <= NM_DC_HIGH; k++)
            add_figure(&m, u, (nm_dc_kind)k, rows[u], x[k]);
    nm_dc_audit_result r;
    nm_error err;
    m.ranges = 0; /* each kind on its own (as before the joint program): protected */
    CHECK_INT_EQ(nm_dc_audit_all(&m, 10, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 0);
    CHECK_INT_EQ(r.hidden, 3 * KV);
    nm_dc_audit_result_free(&r);
    m.ranges = 1; /* together: b's demand and high end are narrowed */
    CHECK_INT_EQ(nm_dc_audit_all(&m, 10, &r, &err), NM_OK);
    CHECK_INT_EQ(r.hidden, 3 * KV); /* the same figures, counted once */
    CHECK(r.bad[1] == 1 && r.bad[9] == 1);
    if (!CHECK(fabs(r.hi[1] - 16) < 1e-4 && fabs(r.hi[9] - 21) < 1e-4))
        fprintf(stderr, "b: [%g, %g], high [%g, %g]\n", r.lo[1], r.hi[1], r.lo[9], r.hi[9]);
    nm_threads two = {2}; /* the programs side by side: the same result to the bit */
    nm_dc_audit_result r2;
    CHECK_INT_EQ(nm_dc_audit_all_on(&m, 10, &two, &r2, &err), NM_OK);
    CHECK(r2.hidden == r.hidden && r2.narrowed == r.narrowed && r2.exact == r.exact &&
          r2.lps == r.lps && r2.components == r.components && r2.first_bad == r.first_bad);
    CHECK(memcmp(r2.lo, r.lo, m.nfig * sizeof *r.lo) == 0 &&
          memcmp(r2.hi, r.hi, m.nfig * sizeof *r.hi) == 0 && memcmp(r2.bad, r.bad, m.nfig) == 0);
    CHECK(memcmp(r2.bind_start, r.bind_start, (m.nfig + 1) * sizeof *r.bind_start) == 0 &&
          memcmp(r2.bind, r.bind, r.bind_start[m.nfig] * sizeof *r.bind) == 0);
    nm_dc_audit_result_free(&r2);
    nm_dc_audit_result_free(&r);
    uint64_t added = 0; /* the joint suppression hides a published total */
    CHECK_INT_EQ(nm_dc_protect_all(&m, 10, 0, &added, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 0);
    CHECK(added >= 1 && (m.unit[KV].hidden || m.unit[KV + 1].hidden || m.unit[KV + 2].hidden));
    nm_dc_audit_result_free(&r);
    nm_dc_audit_result again; /* a fresh audit agrees */
    CHECK_INT_EQ(nm_dc_audit_all(&m, 10, &again, &err), NM_OK);
    CHECK_INT_EQ(again.narrowed, 0);
    nm_dc_audit_result_free(&again);
    nm_dc_model_free(&m);
}

/* Three hidden counts of needs x, y, z under two published figures,
 * x + y + z = 1000 and y + z = 1000 - gap (cells 0-2 hidden, figures 3 and
 * 4 published), truth as given.  The programs hold each published figure
 * to within 1e-7 (1 + |v|), so x's largest value is 2e-4 above its true
 * range [gap, gap]. */
static void pinned_by_a_difference(nm_dc_model *m, double gap, int truth)
{
    static const double cellv[3] = {0, 600, 400};
    memset(m, 0, sizeof *m);
    m->nvars = m->ncells = 3;
    m->truth = truth;
    m->unit = nm_calloc(5, sizeof *m->unit);
    m->fig = nm_calloc(5, sizeof *m->fig);
    m->nunits = m->ucap = m->nfig = m->fcap = 5;
    double x[3] = {gap, cellv[1] - gap / 2, cellv[2] - gap / 2};
    for (uint32_t i = 0; i < 5; i++) {
        m->unit[i] = (nm_dc_unit){NM_DC_DEMAND, 0, i < 3, i < 3, i, 0};
        m->fig[i] = (nm_dc_figure){i, (uint32_t)m->nterms, 0, 0, 0, NM_DC_NEEDS, 0};
        for (size_t v = 0; v < 3; v++)
            if (i < 3 ? v == i : (i == 3 || v > 0)) {
                nm_dc_model_term(m, v, 1);
                m->fig[i].value += x[v];
                m->fig[i].n++;
            }
    }
}

/* docs/method.md, "Tolerances": the ends of an interval are judged to
 * within 1e-6 (1 + the largest published |v| of its component), in a run
 * (true values known) and in the folder's audit alike: a count pinned at 0
 * that the programs see as 2e-4 is no count in both (the folder's audit
 * called it narrowed to one value before, the run's passed it); a count
 * pinned at 0.01, ten times the tolerance, is narrowed in both. */
static void a_count_pinned_at_0_is_no_count_to_the_tolerance_of_its_figures(void)
{
    for (int truth = 0; truth <= 1; truth++) {
        nm_dc_model m;
        nm_dc_audit_result r;
        nm_error err;
        pinned_by_a_difference(&m, 0, truth);
        CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
        CHECK_INT_EQ(r.hidden, 3);
        CHECK(r.hi[0] > 1e-6 && r.hi[0] < 1e-3); /* the slack the rule absorbs */
        CHECK_INT_EQ(r.narrowed, 0);
        nm_dc_audit_result_free(&r);
        nm_dc_model_free(&m);

        pinned_by_a_difference(&m, 0.01, truth);
        CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
        CHECK_INT_EQ(r.narrowed, 1);
        CHECK(r.bad[0] && !r.bad[1] && !r.bad[2]);
        CHECK(fabs(r.lo[0] - 0.01) < 1e-3 && fabs(r.hi[0] - 0.01) < 1e-3);
        nm_dc_audit_result_free(&r);
        nm_dc_model_free(&m);
    }
}

/* A model of three units of one table (rows 0, 1, 2 of `table`), no figures:
 * the one at `hidden` hidden by the joint pass (hidden, not at primary). */
static void three_units(nm_dc_model *m, nm_dc_table table, uint32_t hidden)
{
    memset(m, 0, sizeof *m);
    m->unit = nm_calloc(3, sizeof *m->unit);
    m->nunits = m->ucap = 3;
    for (uint32_t i = 0; i < 3; i++)
        m->unit[i] = (nm_dc_unit){table, 0, (uint8_t)(i == hidden), 0, i, 0};
}

/* When the joint suppression hides a residual row that was published, the
 * shortfalls of its group's rows counted its students: none of them is
 * published any more; another group's shortfalls stay. */
static void hiding_a_residual_row_hides_its_groups_shortfalls(void)
{
    nm_residual rows[3] = {0};
    for (int i = 0; i < 3; i++) {
        rows[i].key.cluster = -1;
        rows[i].key.level = NM_LEVEL_YH;
        rows[i].shortfall = 4;
    }
    memcpy(rows[0].key.comp.code, "5321", 5);
    memcpy(rows[1].key.comp.code, "5321", 5);
    memcpy(rows[2].key.comp.code, "2221", 5);
    nm_pool p = {0};
    p.residual = rows;
    p.nresidual = 3;
    nm_dc_model m;
    three_units(&m, NM_DC_RESIDUAL, 1); /* row 1's students hidden by the joint pass */
    nm_dc_apply(&m, NULL, &p, NULL);
    CHECK(rows[1].hidden == 1);
    CHECK(rows[0].shortfall_hidden == 1);
    CHECK(rows[1].shortfall_hidden == 1);
    CHECK(rows[2].shortfall_hidden == 0);
    /* a row hidden already when the shortfalls were worked out changes nothing */
    rows[0].shortfall_hidden = rows[1].shortfall_hidden = 0;
    nm_dc_apply(&m, NULL, &p, NULL);
    CHECK(rows[0].shortfall_hidden == 0);
    nm_dc_model_free(&m);
}

/* Shared placements (pool_share.h): a cohort's `placements` is what the
 * group's other cohorts leave, and a residual row's `placements_have`
 * likewise.  When the joint suppression hides a cohort that was published
 * at pooling, those figures would give its expected students away
 * (placements within reach minus what it takes): they are hidden then, in
 * its group only, and only where the others do take some. */
static void hiding_a_cohort_hides_its_groups_shared_placements(void)
{
    nm_cohort co[3] = {0};
    for (int i = 0; i < 3; i++) {
        co[i].key.cluster = -1;
        co[i].key.level = NM_LEVEL_YH;
        co[i].placements = 5;
    }
    memcpy(co[0].key.comp.code, "5321", 5);
    memcpy(co[1].key.comp.code, "5321", 5);
    memcpy(co[2].key.comp.code, "2221", 5);
    co[1].placements_shared = 1; /* 5 left of more within reach: cohort 0 takes some */
    co[2].placements_shared = 1;
    nm_residual rows[2] = {0};
    rows[0].key = co[0].key;
    rows[0].placements_left = rows[0].placements_shared = 1;
    rows[1].key = co[2].key;
    rows[1].placements_left = rows[1].placements_shared = 1;
    nm_pool p = {0};
    p.cohorts = co;
    p.ncohorts = 3;
    p.residual = rows;
    p.nresidual = 2;
    nm_dc_model m;
    three_units(&m, NM_DC_COHORT, 0); /* cohort 0's students hidden by the joint pass */
    nm_dc_apply(&m, NULL, &p, NULL);
    CHECK(co[0].hidden == 1);
    CHECK(co[1].placements_hidden == 1);
    CHECK(co[2].placements_hidden == 0); /* another group */
    CHECK(rows[0].placements_have_hidden == 1);
    CHECK(rows[1].placements_have_hidden == 0);
    nm_dc_model_free(&m);
}

/* A chain of hidden cells x0 = x1 = ... = x(n-1) (published differences,
 * 0) is unbounded above along one ray, every cell at once; hidden x(n) is
 * pinned by published x(n) + x0 - x1 = 5 in the same component.  The
 * points along the solver's ray show every chain cell protected without a
 * program of its own (before: a lower and an upper end each, 2 n more
 * programs), and x(n) stays pinned, its interval solved. */
static void a_ray_of_an_unbounded_program_proves_every_cell_it_moves(void)
{
    enum { N = 20, UNITS = 2 * N + 1 };
    nm_dc_model m;
    memset(&m, 0, sizeof m);
    m.nvars = N + 1;
    m.ncells = UNITS;
    m.truth = 1;
    m.unit = nm_calloc(UNITS, sizeof *m.unit);
    m.fig = nm_calloc(UNITS, sizeof *m.fig);
    m.nunits = m.ucap = m.nfig = m.fcap = UNITS;
    for (uint32_t i = 0; i < UNITS; i++) {
        uint8_t hidden = i <= N;
        m.unit[i] = (nm_dc_unit){NM_DC_DEMAND, 0, hidden, hidden, i, 0};
        m.fig[i] = (nm_dc_figure){i, (uint32_t)m.nterms, 0, 0, 0, NM_DC_PEOPLE, 0};
        if (i <= N) { /* a cell: 3 on the chain, x(n) 5 */
            nm_dc_model_term(&m, i, 1);
            m.fig[i].value = i < N ? 3 : 5;
            m.fig[i].n = 1;
        } else { /* x(k) - x(k+1), k < n - 1; then x(n) + x0 - x1 */
            uint32_t k = i - N - 1;
            if (k < N - 1) {
                nm_dc_model_term(&m, k, 1);
                nm_dc_model_term(&m, k + 1, -1);
                m.fig[i].n = 2;
            } else {
                nm_dc_model_term(&m, N, 1);
                nm_dc_model_term(&m, 0, 1);
                nm_dc_model_term(&m, 1, -1);
                m.fig[i].n = 3;
                m.fig[i].value = 5;
            }
        }
    }
    nm_dc_audit_result r;
    nm_error err;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
    CHECK_INT_EQ(r.hidden, N + 1);
    CHECK_INT_EQ(r.narrowed, 1);
    CHECK_INT_EQ(r.first_bad, N);
    CHECK(fabs(r.lo[N] - 5) < 1e-6 && fabs(r.hi[N] - 5) < 1e-6);
    for (int i = 0; i < N; i++)
        if (!CHECK(r.bad[i] == 0 && r.lo[i] <= 2 + 1e-9 && r.hi[i] >= 4 - 1e-9))
            fprintf(stderr, "cell %d: [%g, %g]\n", i, r.lo[i], r.hi[i]);
    if (!CHECK(r.lps <= 8))
        fprintf(stderr, "%llu programs\n", (unsigned long long)r.lps);
    nm_dc_audit_result_free(&r);
    /* the suppression keeps its programs' path (its picks follow their
     * duals): the same verdicts there */
    uint64_t added = 0;
    CHECK_INT_EQ(nm_dc_protect(&m, 10, 1, &added, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 1);
    CHECK_INT_EQ(r.first_bad, N);
    nm_dc_audit_result_free(&r);
    nm_dc_model_free(&m);
}

/* A scenario's total (scenarios.csv) is a figure like any other: a + d
 * (14) with the four cells hidden under published totals pins a (d = 4 +
 * a).  nm_dc_protect_scenarios hides that total and nothing else; a total
 * that tells nothing new (a + b, r1's) stays published. */
static void a_scenario_total_that_gives_a_cell_away_is_hidden_and_nothing_else(void)
{
    nm_dc_model m;
    table(&m, (const int[9]){1, 1, 1, 1, 0, 0, 0, 0, 0});
    static const uint32_t vars[2][2] = {{0, 3}, {0, 1}}; /* a + d, a + b */
    for (uint32_t k = 0; k < 2; k++) {
        NM_GROW(m.unit, m.ucap, m.nunits + 1);
        m.unit[m.nunits] = (nm_dc_unit){NM_DC_SCENARIO, (uint8_t)k, 0, 0, 0, 0};
        NM_GROW(m.fig, m.fcap, m.nfig + 1);
        m.fig[m.nfig] = (nm_dc_figure){(uint32_t)m.nunits, (uint32_t)m.nterms, 2,
                                       cell[vars[k][0]] + cell[vars[k][1]], 0, NM_DC_PEOPLE, 0};
        nm_dc_model_term(&m, vars[k][0], 1);
        nm_dc_model_term(&m, vars[k][1], 1);
        m.nunits++;
        m.nfig++;
    }
    nm_dc_audit_result r;
    nm_error err;
    CHECK_INT_EQ(nm_dc_audit(&m, 10, &r, &err), NM_OK);
    CHECK(r.narrowed >= 1); /* a (and so b, c, d) pinned by a + d */
    nm_dc_audit_result_free(&r);
    uint64_t added = 0;
    CHECK_INT_EQ(nm_dc_protect_scenarios(&m, 10, &added, &r, &err), NM_OK);
    CHECK_INT_EQ(r.narrowed, 0);
    CHECK_INT_EQ(added, 1);
    CHECK_INT_EQ(m.unit[9].hidden, 1);  /* a + d */
    CHECK_INT_EQ(m.unit[10].hidden, 0); /* a + b: r1 again */
    for (int i = 0; i < 9; i++)
        CHECK_INT_EQ(m.unit[i].hidden, i < 4);
    nm_scenario_figures f[1] = {{0}};
    nm_dc_apply_scenarios(&m, f, 1);
    CHECK(f[0].hidden[0] == 1 && f[0].hidden[1] == 0);
    nm_dc_audit_result_free(&r);
    nm_dc_model_free(&m);
}

int main(void)
{
    RUN(a_lone_hidden_cell_is_pinned_by_its_total);
    RUN(four_hidden_cells_under_published_totals_span_the_hand_worked_interval);
    RUN(a_pair_hidden_in_one_row_is_given_away_by_the_columns_until_protected);
    RUN(a_later_pass_audits_what_was_hidden_since_and_what_was_narrowed);
    RUN(the_published_model_leaves_hidden_values_out_and_audits_the_same);
    RUN(a_model_that_is_not_one_is_refused_with_its_line);
    RUN(a_figure_whose_demand_is_not_its_ranges_midpoint_is_refused);
    RUN(the_relations_between_the_kinds_narrow_what_each_kind_alone_leaves);
    RUN(a_count_pinned_at_0_is_no_count_to_the_tolerance_of_its_figures);
    RUN(hiding_a_residual_row_hides_its_groups_shortfalls);
    RUN(hiding_a_cohort_hides_its_groups_shared_placements);
    RUN(a_ray_of_an_unbounded_program_proves_every_cell_it_moves);
    RUN(a_scenario_total_that_gives_a_cell_away_is_hidden_and_nothing_else);
    return check_finish();
}
