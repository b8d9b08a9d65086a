/* reason_text.c - why a residual demand is in no viable cohort, in plain
 * words (reason_text.h), from the pool's numbers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "planner_parts.h"
#include "reason_text.h"

struct nm_reasons {
    const nm_pool *p;
    const nm_rules *rules;
    const nm_refdata *ref;
    const nm_cohort **by_key;  /* the cohorts sorted by group (owned array) */
};

/* By group, then the pool's order (the cohorts are one array). */
static int cmp_cohort(const void *pa, const void *pb)
{
    const nm_cohort *a = *(const nm_cohort *const *)pa, *b = *(const nm_cohort *const *)pb;
    int c = nm_pool_key_cmp(&a->key, &b->key);
    return c ? c : a < b ? -1 : a > b;
}

nm_reasons *nm_reasons_new(const nm_pool *p, const nm_rules *rules, const nm_refdata *ref)
{
    nm_reasons *x = nm_calloc(1, sizeof *x);
    *x = (nm_reasons){p, rules, ref, nm_calloc(p->ncohorts + 1, sizeof *x->by_key)};
    for (size_t i = 0; i < p->ncohorts; i++)
        x->by_key[i] = &p->cohorts[i];
    if (p->ncohorts > 1)
        qsort(x->by_key, p->ncohorts, sizeof *x->by_key, cmp_cohort);
    return x;
}

void nm_reasons_free(nm_reasons *x)
{
    if (!x)
        return;
    free(x->by_key);
    free(x);
}

/* Is municipality m a member of a cohort of group k? */
static int in_cohort(const nm_reasons *x, const nm_pool_key *k, size_t m)
{
    size_t lo = 0, hi = x->p->ncohorts;
    while (lo < hi) { /* the first cohort of k's group or after it */
        size_t mid = lo + (hi - lo) / 2;
        if (nm_pool_key_cmp(&x->by_key[mid]->key, k) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < x->p->ncohorts; lo++) {
        const nm_cohort *c = x->by_key[lo];
        if (nm_pool_key_cmp(&c->key, k) != 0)
            break;
        for (size_t j = 0; j < c->nmembers; j++)
            if (c->members[j] == m)
                return 1;
    }
    return 0;
}

/* The residual row of group k for municipality m, or NULL (the pool's
 * residual is sorted by group, then municipality). */
static const nm_residual *residual_of(const nm_reasons *x, const nm_pool_key *k, size_t m)
{
    size_t lo = 0, hi = x->p->nresidual;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const nm_residual *r = &x->p->residual[mid];
        int c = nm_pool_key_cmp(&r->key, k);
        if (c < 0 || (c == 0 && r->muni < m))
            lo = mid + 1;
        else
            hi = mid;
    }
    const nm_residual *r = lo < x->p->nresidual ? &x->p->residual[lo] : NULL;
    return r && r->muni == m && nm_pool_key_cmp(&r->key, k) == 0 ? r : NULL;
}

static void put_num(nm_buf *b, nm_lang lang, double v)
{
    char t[48];
    nm_buf_puts(b, nm_word_number(lang, v, t, sizeof t));
}

/* Fewer municipalities with demand left within reach than the level
 * requires, known for sure only when reach holds fewer than five others
 * (the nearby list is then every municipality within reach). */
static int too_few(const nm_reasons *x, const nm_residual *r)
{
    int need = x->rules->level[r->key.level].min_municipalities;
    if (need <= 1 || x->rules->reach_km[r->key.mode] <= 0 || r->nnearby >= 5)
        return 0;
    int left = 1;
    for (size_t k = 0; k < r->nnearby; k++)
        left += residual_of(x, &r->key, r->nearby[k]) != NULL;
    return left < need;
}

/* "fewer than 3 municipalities with demand left within 80 km" */
static void too_few_words(const nm_reasons *x, const nm_residual *r, nm_lang lang, nm_buf *b)
{
    nm_buf_puts(b, NM_L(lang, "färre än ", "fewer than "));
    put_num(b, lang, x->rules->level[r->key.level].min_municipalities);
    nm_buf_puts(b, NM_L(lang, " kommuner med efterfrågan kvar inom ",
                        " municipalities with demand left within "));
    put_num(b, lang, x->rules->reach_km[r->key.mode]);
    nm_buf_puts(b, " km");
}

/* What a shortfall counts: students of the base rate (rules.h), the need
 * type with the lower enrolment rate; the other kind counts for more. */
static const char *shortfall_unit(const nm_reasons *x, nm_lang lang)
{
    if (x->rules->enrol[NM_NEED_INTEREST] <= x->rules->enrol[NM_NEED_UPSKILLING])
        return NM_L(lang, " fler intresserade invånare (eller färre anställda att "
                          "kompetensutveckla)",
                    " more interested residents (or fewer staff to upskill)");
    return NM_L(lang, " fler anställda att kompetensutveckla (eller färre intresserade "
                      "invånare)",
                " more staff to upskill (or fewer interested residents)");
}

/* A neighbour's students, each kind apart (no figure adds need types):
 * "(2 staff to upskill, 1 interested)", or "(..)" when hidden. */
static void students_words(const nm_residual *o, nm_lang lang, nm_buf *b)
{
    if (o->hidden) {
        nm_buf_puts(b, "(..)");
        return;
    }
    nm_buf_putc(b, '(');
    if (o->upskilling > 0) {
        put_num(b, lang, o->upskilling);
        nm_buf_puts(b, NM_L(lang, " anställda att kompetensutveckla", " staff to upskill"));
    }
    if (o->interest > 0) {
        nm_buf_puts(b, o->upskilling > 0 ? ", " : "");
        put_num(b, lang, o->interest);
        nm_buf_puts(b, NM_L(lang, " intresserade", " interested"));
    }
    nm_buf_putc(b, ')');
}

/* "needs 12 more interested residents (or fewer staff to upskill) within
 * 200 km of Lycksele"; when students are not what is missing, the rule
 * that is. */
static void shortfall_words(const nm_reasons *x, const nm_residual *r, nm_lang lang, nm_buf *b)
{
    double reach = x->rules->reach_km[r->key.mode];
    const char *name = x->ref->munis[r->muni].short_name;
    int few = too_few(x, r);
    if (r->shortfall <= 0 && few) {
        too_few_words(x, r, lang, b);
        return;
    }
    if (r->shortfall > 0) {
        nm_buf_puts(b, NM_L(lang, "behöver ", "needs "));
        if (r->shortfall_hidden)
            nm_buf_puts(b, "..");
        else
            put_num(b, lang, r->shortfall);
        nm_buf_puts(b, shortfall_unit(x, lang));
        if (reach > 0) {
            nm_buf_puts(b, NM_L(lang, " inom ", " within "));
            put_num(b, lang, reach);
            nm_buf_puts(b, NM_L(lang, " km från ", " km of "));
            nm_buf_puts(b, name);
        } else {
            nm_buf_puts(b, NM_L(lang, " sammanlagt", " in all"));
        }
        if (few) {
            nm_buf_puts(b, NM_L(lang, ", och ", ", and "));
            too_few_words(x, r, lang, b);
        }
        return;
    }
    /* enough published demand within reach, yet no cohort: the other rules */
    const nm_level_rules *lr = &x->rules->level[r->key.level];
    nm_buf_puts(b, NM_L(lang, "tillräckligt inom räckhåll tillsammans, men ingen kohort "
                              "uppfyller reglerna (ett nav med alla inom räckhåll, högst ",
                        "enough within reach together, but no cohort meets the rules (a hub "
                        "with every member within reach, at most "));
    put_num(b, lang, x->rules->max_locations);
    nm_buf_puts(b, NM_L(lang, " orter, minst ", " locations, at least "));
    put_num(b, lang, lr->min_municipalities);
    nm_buf_puts(b, NM_L(lang, " kommuner)", " municipalities)"));
}

/* "placements: 8 within reach of Lycksele, fewer than the expected
 * students of the cohort it would otherwise join": the placements at the
 * hub of the cohort it would join without the placements limit. */
static void placements_words(const nm_reasons *x, const nm_residual *r, nm_lang lang, nm_buf *b)
{
    nm_buf_puts(b, NM_L(lang, "praktikplatser (LIA/VFU): ", "placements (LIA/VFU): "));
    if (r->placements_have_hidden) /* a hidden cohort takes some: it would give its students */
        nm_buf_puts(b, "..");
    else
        put_num(b, lang, r->placements_have);
    nm_buf_puts(b, NM_L(lang, " inom räckhåll från ", " within reach of "));
    nm_buf_puts(b, x->ref->munis[r->placements_hub].short_name);
    if (r->placements_shared) /* shared out: the group's cohorts take the rest */
        nm_buf_puts(b, NM_L(lang, " som gruppens kohorter lämnar", " left by the group's cohorts"));
    /* the expected enrolment of a cohort that was not formed is a sum over
     * other rows, not in the disclosure model: said in words, never as a
     * number */
    nm_buf_puts(b, NM_L(lang, ", färre än de väntade studerande i den kohort den annars "
                              "skulle ingå i",
                        ", fewer than the expected students of the cohort it would "
                        "otherwise join"));
}

/* "; nearest with demand: Storuman 4, Vilhelmina ..; in cohorts already:
 * Malå": the nearest with left-over students anywhere within reach, and
 * those of the five nearest that are in a cohort; "; no other municipality within
 * reach" when there is none. */
static void nearby_words(const nm_reasons *x, const nm_residual *r, nm_lang lang, nm_buf *b)
{
    if (!r->nnearby) {
        nm_buf_puts(b, NM_L(lang, "; ingen annan kommun inom räckhåll",
                            "; no other municipality within reach"));
        return;
    }
    size_t with = 0, taken = 0;
    for (size_t k = 0; k < r->nwith; k++) { /* within reach, not only the five nearest */
        const nm_residual *o = residual_of(x, &r->key, r->with[k]);
        if (!o || (!o->hidden && o->upskilling <= 0 && o->interest <= 0))
            continue; /* none, or jobs only: no students there */
        nm_buf_puts(b, with++ ? ", " : NM_L(lang, "; närmast med efterfrågan: ",
                                            "; nearest with demand: "));
        nm_buf_puts(b, x->ref->munis[o->muni].short_name);
        nm_buf_putc(b, ' ');
        students_words(o, lang, b);
    }
    for (size_t k = 0; k < r->nnearby; k++) {
        if (!in_cohort(x, &r->key, r->nearby[k]))
            continue;
        nm_buf_puts(b, taken++ ? ", " : NM_L(lang, "; redan i kohorter: ",
                                             "; in cohorts already: "));
        nm_buf_puts(b, x->ref->munis[r->nearby[k]].short_name);
    }
    if (!with && !taken && r->nnearby == 1) {
        nm_buf_puts(b, NM_L(lang, "; ingen efterfrågan i den enda andra kommunen inom räckhåll",
                            "; no demand in the one other municipality within reach"));
    } else if (!with && !taken && r->nnearby < 5 && x->rules->reach_km[r->key.mode] > 0) {
        nm_buf_puts(b, NM_L(lang, "; ingen efterfrågan i de ", "; no demand in the "));
        put_num(b, lang, (double)r->nnearby);
        nm_buf_puts(b, NM_L(lang, " andra kommunerna inom räckhåll",
                            " other municipalities within reach"));
    } else if (!with && !taken) {
        nm_buf_puts(b, NM_L(lang, "; ingen efterfrågan i de ", "; no demand in the "));
        put_num(b, lang, (double)r->nnearby);
        nm_buf_puts(b, NM_L(lang, " närmaste kommunerna", " nearest municipalities"));
    }
    else if (!with)
        nm_buf_puts(b, NM_L(lang, " (alla närmaste med efterfrågan är redan i kohorter)",
                            " (all the nearest with demand are in cohorts already)"));
}

void nm_residual_why(const nm_reasons *x, size_t i, nm_lang lang, nm_buf *b)
{
    const nm_residual *r = &x->p->residual[i];
    if (r->hidden) {
        nm_buf_puts(b, NM_L(lang, "siffrorna är dolda: för få svarande står bakom dem, eller de "
                                  "skulle avslöja en dold siffra",
                            "figures hidden: too few respondents stand behind them, or they "
                            "would reveal a hidden figure"));
        return;
    }
    if (r->upskilling <= 0 && r->interest <= 0) { /* jobs only (levels: recruitment is no student) */
        nm_buf_puts(b, NM_L(lang, "bara jobb: enkäten visar inga studerande här, så de "
                                  "studerande måste komma via öppen antagning",
                            "jobs only: the survey shows no students here, so the students "
                            "must come from open admission"));
        nearby_words(x, r, lang, b);
        return;
    }
    if (r->placements_left)
        placements_words(x, r, lang, b);
    else
        shortfall_words(x, r, lang, b);
    nearby_words(x, r, lang, b);
}
