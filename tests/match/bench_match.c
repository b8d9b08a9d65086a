/* bench_match.c - how well the occupation matcher classifies titles it has
 * never seen: reads a CSV of text,ssyk[,split] (tests/match/af2019_titles.csv)
 * and prints correct / coarse / wrong / unclassified per method and per
 * confidence band.
 *
 * usage: bench_match FILE.csv [SPLIT|all] [--list wrong|unclassified|coarse|all]
 *                     [--min-confidence X] [--detail] [--at-least-correct PCT]
 *                     [--at-most-wrong PCT]
 *        bench_match FILE.csv --loo      (the title list, each title left out)
 *        bench_match --explain TEXT...   (readings of texts)
 *
 * With --at-least-correct / --at-most-wrong it exits 1 when the figures
 * miss (the match_targets tests).
 *
 * A prediction is correct when it lies on the true code's path at level 3 or
 * deeper (2221 or 222 for 2221; 1211 for the merged group 121), coarse when
 * it is a level 1-2 ancestor of it, wrong when it is off the path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/normalize/competence_parts.h" /* nmc_read, for --loo */
#include "needmap/alloc.h"
#include "needmap/competence.h"
#include "needmap/refdata.h"
#include "needmap/text.h"

typedef struct item {
    char *text;
    char code[5];
} item;

typedef struct load {
    const char *split;
    item *items;
    size_t n, cap;
} load;

static nm_status add_item(void *ctx, char **f, uint64_t line, nm_error *err)
{
    load *L = ctx;
    (void)line; (void)err;
    if (strcmp(L->split, "all") != 0 && strcmp(f[2], L->split) != 0)
        return NM_OK;
    NM_GROW(L->items, L->cap, L->n + 1);
    L->items[L->n].text = nm_strdup(f[0]);
    snprintf(L->items[L->n].code, 5, "%s", f[1]);
    L->n++;
    return NM_OK;
}

enum { CORRECT, COARSE, WRONG, UNCLASSIFIED, OUTCOMES };
static const char *const outcome_name[] = {"correct", "coarse", "wrong", "unclassified"};

static int outcome(const char *truth, const char *pred)
{
    size_t t = strlen(truth), p = strlen(pred);
    if (!p)
        return UNCLASSIFIED;
    size_t n = t < p ? t : p;
    if (strncmp(truth, pred, n) != 0)
        return WRONG;
    return p >= 3 || p >= t ? CORRECT : COARSE;
}

typedef struct tally {
    char name[48];
    unsigned n[OUTCOMES];
} tally;

static tally *find(tally *t, size_t *nt, const char *name)
{
    for (size_t i = 0; i < *nt; i++)
        if (strcmp(t[i].name, name) == 0)
            return &t[i];
    snprintf(t[*nt].name, sizeof t[*nt].name, "%s", name);
    return &t[(*nt)++];
}

static void print_tallies(const char *title, const tally *t, size_t nt, size_t total)
{
    printf("\n%-28s %8s %8s %8s %8s %8s\n", title, "texts", "correct", "coarse", "wrong",
           "unclass.");
    for (size_t i = 0; i < nt; i++) {
        unsigned sum = 0;
        for (int o = 0; o < OUTCOMES; o++)
            sum += t[i].n[o];
        printf("%-28s %8u", t[i].name, sum);
        for (int o = 0; o < OUTCOMES; o++)
            printf(" %8u", t[i].n[o]);
        putchar('\n');
    }
    (void)total;
}

static const char *how_name(const nm_competence *c)
{
    static const char *const n[] = {"code", "label", "title", "synonym", "user synonym",
                                    "approximate", "unclassified"};
    static const char *const rules[NM_RULE_N] = {
        "approximate", "inflection", "abbreviation", "modifier", "part of A/B", "qualifier",
        "compound/head", "subject teacher", "alternatives", "edit distance", "variant"};
    return c->how == NM_MATCH_FUZZY && c->rule < NM_RULE_N ? rules[c->rule] : n[c->how];
}

/* bench_match --explain TEXT...: each text's match and readings. */
static int explain(const nm_refdata *ref, int argc, char **argv)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    for (int i = 2; i < argc; i++) {
        nm_competence c, cand[8];
        char via[8][48];
        nm_comp_match(m, argv[i], &c);
        printf("%s -> %s %s %.2f\n", argv[i], c.ssyk[0] ? c.ssyk : "-", how_name(&c),
               c.confidence);
        size_t n = nm_comp_candidates(m, argv[i], cand, via, 8);
        for (size_t k = 0; k < n; k++)
            printf("    %-4s %.3f %-14s %s\n", cand[k].ssyk, cand[k].confidence,
                   how_name(&cand[k]), via[k]);
    }
    nm_comp_matcher_free(m);
    return 0;
}

static int load_items(const char *path, load *L)
{
    static const char *const cols[] = {"text", "ssyk", "split?"};
    nm_error err;
    nm_error_clear(&err);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    nm_status st = nm_table_read(f, path, cols, 3, add_item, L, &err);
    fclose(f);
    if (st != NM_OK) {
        nm_error_print(&err, "error", stderr);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_match FILE.csv [SPLIT|all] [--list KIND] [--min-confidence X]\n"
              "       bench_match --explain TEXT...\n",
              stderr);
        return 2;
    }
    nm_error err;
    nm_error_clear(&err);
    nm_refdata *ref;
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        nm_error_print(&err, "error", stderr);
        return 1;
    }
    if (strcmp(argv[1], "--explain") == 0) {
        int rc = explain(ref, argc, argv);
        nm_refdata_free(ref);
        return rc;
    }
    const char *split = "all", *list = NULL;
    int loo = 0, detail = 0;
    double want_correct = -1, want_wrong = -1;
    double min_conf = NM_DEFAULT_MIN_CONFIDENCE;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0 && i + 1 < argc)
            list = argv[++i];
        else if (strcmp(argv[i], "--loo") == 0)
            loo = 1;
        else if (strcmp(argv[i], "--detail") == 0)
            detail = 1;
        else if (strcmp(argv[i], "--at-least-correct") == 0 && i + 1 < argc)
            want_correct = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--at-most-wrong") == 0 && i + 1 < argc)
            want_wrong = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--min-confidence") == 0 && i + 1 < argc)
            min_conf = strtod(argv[++i], NULL);
        else
            split = argv[i];
    }
    load L = {split, NULL, 0, 0};
    if (load_items(argv[1], &L) != 0) {
        nm_refdata_free(ref);
        return 1;
    }
    nm_comp_matcher *m = nm_comp_matcher_new(ref, min_conf);
    if (loo) { /* every title of the list read with itself left out */
        free(L.items);
        L.items = NULL;
        L.n = L.cap = 0;
        for (size_t i = 0; i < ref->ntitles; i++) {
            if (strchr(ref->titles[i].title, '/'))
                continue;
            NM_GROW(L.items, L.cap, L.n + 1);
            L.items[L.n].text = nm_strdup(ref->titles[i].title);
            memcpy(L.items[L.n].code, ref->titles[i].code, 5);
            L.n++;
        }
    }
    static tally by_method[32], by_band[16], by_rule_band[128];
    size_t nrb = 0;
    tally all;
    memset(&all, 0, sizeof all);
    size_t nm = 0, nb = 0;
    static const double bands[] = {1.0, 0.95, 0.9, 0.85, 0.8, 0.7, 0.0};
    for (size_t i = 0; i < L.n; i++) {
        nm_competence c;
        if (loo) {
            nm_buf k = {0};
            nm_text_key(L.items[i].text, &k);
            nmc_reading r;
            nmc_read(m, L.items[i].text, k.data, &r);
            nm_buf_free(&k);
            memset(&c, 0, sizeof c);
            c.how = NM_MATCH_UNCLASSIFIED;
            if (r.best.code[0] && r.best.p >= min_conf - 1e-12) {
                memcpy(c.ssyk, r.best.code, 5);
                c.how = NM_MATCH_FUZZY;
                c.rule = r.best.rule;
                c.confidence = r.best.p;
            }
        } else {
            nm_comp_match(m, L.items[i].text, &c);
        }
        int o = outcome(L.items[i].code, c.ssyk);
        all.n[o]++;
        find(by_method, &nm, how_name(&c))->n[o]++;
        char band[32];
        if (c.how == NM_MATCH_UNCLASSIFIED) {
            snprintf(band, sizeof band, "unclassified");
        } else {
            size_t b = 0;
            while (c.confidence < bands[b] - 1e-9)
                b++;
            if (b == 0)
                snprintf(band, sizeof band, "1.00");
            else
                snprintf(band, sizeof band, "%.2f-%.2f", bands[b], bands[b - 1]);
        }
        find(by_band, &nb, band)->n[o]++;
        if (detail) {
            char rb[48];
            snprintf(rb, sizeof rb, "%.14s %s", how_name(&c), band);
            find(by_rule_band, &nrb, rb)->n[o]++;
        }
        if (list && (strcmp(list, "all") == 0 || strcmp(list, outcome_name[o]) == 0)) {
            nm_competence cand[1];
            char via[1][48];
            size_t nc = loo ? 0 : nm_comp_candidates(m, L.items[i].text, cand, via, 1);
            printf("%-12s %-4s %-4s %.2f %-14s %-40s | %s %.2f %s %s\n", outcome_name[o],
                   L.items[i].code, c.ssyk[0] ? c.ssyk : "-", c.confidence, how_name(&c),
                   L.items[i].text, nc ? cand[0].ssyk : "-", nc ? cand[0].confidence : 0,
                   nc ? how_name(&cand[0]) : "", nc ? via[0] : "");
        }
    }
    printf("%zu texts (%s) from %s, min confidence %.2f\n", L.n, split, argv[1], min_conf);
    printf("correct %u (%.1f%%), coarse %u (%.1f%%), wrong %u (%.1f%%), unclassified %u "
           "(%.1f%%)\n",
           all.n[CORRECT], 100.0 * all.n[CORRECT] / (double)L.n, all.n[COARSE],
           100.0 * all.n[COARSE] / (double)L.n, all.n[WRONG], 100.0 * all.n[WRONG] / (double)L.n,
           all.n[UNCLASSIFIED], 100.0 * all.n[UNCLASSIFIED] / (double)L.n);
    print_tallies("method", by_method, nm, L.n);
    print_tallies("confidence", by_band, nb, L.n);
    if (detail)
        print_tallies("method and confidence", by_rule_band, nrb, L.n);
    int failed = 0;
    if (want_correct >= 0 && 100.0 * all.n[CORRECT] < want_correct * (double)L.n) {
        printf("FAIL: fewer than %.1f%% correct\n", want_correct);
        failed = 1;
    }
    if (want_wrong >= 0 && 100.0 * all.n[WRONG] > want_wrong * (double)L.n) {
        printf("FAIL: more than %.1f%% wrong\n", want_wrong);
        failed = 1;
    }
    nm_comp_matcher_free(m);
    for (size_t i = 0; i < L.n; i++)
        free(L.items[i].text);
    free(L.items);
    nm_refdata_free(ref);
    return failed;
}
