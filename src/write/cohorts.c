/* cohorts.c - cohorts.csv and residual.csv. */
#include <string.h>

#include "needmap/buf.h"
#include "needmap/output.h"
#include "needmap/write.h"

/* Competence columns of a pool key: kind, code, label. */
static void key_columns(nm_csvw *w, const nm_pool_key *k, const nm_refdata *ref)
{
    char id[16];
    if (k->cluster >= 0) {
        snprintf(id, sizeof id, "%d", k->cluster);
        nm_csvw_str(w, "cluster");
        nm_csvw_code(w, id);
        nm_csvw_str(w, k->comp.label ? k->comp.label : "");
    } else {
        nm_csvw_str(w, k->comp.code[0] ? "ssyk" : "competence");
        nm_csvw_code(w, k->comp.code);
        nm_csvw_str(w, nm_comp_key_label(ref, &k->comp, 4));
    }
    nm_csvw_str(w, nm_level_name(k->level));
    nm_csvw_str(w, nm_mode_name(k->mode));
}

/* The suppressed column of a cohort or residual row (hidden: fewer than k
 * respondents, or it would reveal a hidden demand cell). */
static const char *hidden_word(int hidden, const nm_output_opts *o)
{
    return nm_suppressed_word(hidden ? NM_SUPPRESSED_PRIMARY : NM_PUBLISHED, o->internal);
}

static void muni_list(nm_csvw *w, const nm_refdata *ref, const size_t *m, size_t n)
{
    nm_buf codes = {0}, names = {0};
    for (size_t i = 0; i < n; i++) { /* one per cohort member: no printf */
        nm_buf_puts(&codes, i ? " " : "");
        nm_buf_puts(&codes, ref->munis[m[i]].code);
        nm_buf_puts(&names, i ? "; " : "");
        nm_buf_puts(&names, ref->munis[m[i]].short_name);
    }
    nm_csvw_code(w, nm_buf_str(&codes));
    nm_csvw_str(w, nm_buf_str(&names));
    nm_buf_free(&codes);
    nm_buf_free(&names);
}

void nm_write_cohorts_csv(FILE *f, const nm_pool *p, const nm_rules *rules,
                          const nm_refdata *ref, const nm_output_opts *o)
{
    static const char *const header[] = {
        "cohort_id", "rank", "competence_kind", "competence_code", "competence_label", "level", "mode",
        "hub_code", "hub_name", "members", "member_codes", "member_names", "max_km",
        "potential_students", "potential_low", "potential_high", "expected_enrolment",
        "min_size", "max_size", "intakes", "p_viable", "p_viable_low", "p_viable_high",
        "respondents", "suppressed", NULL};
    nm_csvw w;
    nm_csvw_init(&w, f, o->excel, o->internal);
    nm_csvw_header(&w, header);
    for (size_t i = 0; i < p->ncohorts; i++) {
        const nm_cohort *c = &p->cohorts[i];
        const nm_level_rules *lr = &rules->level[c->key.level];
        nm_csvw_u64(&w, i + 1);
        if (c->hidden)
            nm_csvw_empty(&w);
        else
            nm_csvw_u64(&w, i + 1);
        key_columns(&w, &c->key, ref);
        nm_csvw_code(&w, ref->munis[c->hub].code);
        nm_csvw_str(&w, ref->munis[c->hub].short_name);
        nm_csvw_u64(&w, c->nmembers);
        muni_list(&w, ref, c->members, c->nmembers);
        nm_csvw_num(&w, c->max_km < 0.5 ? 0 : (double)(long)(c->max_km + 0.5));
        if (c->hidden) {
            for (int k = 0; k < 4; k++)
                nm_csvw_hidden(&w);
        } else {
            nm_csvw_num(&w, c->potential);
            nm_csvw_num(&w, c->potential_low);
            nm_csvw_num(&w, c->potential_high);
            nm_csvw_num(&w, c->expected);
        }
        nm_csvw_num(&w, lr->min_size);
        nm_csvw_num(&w, lr->max_size);
        if (c->hidden) {
            for (int k = 0; k < 4; k++)
                nm_csvw_hidden(&w);
        } else {
            nm_csvw_u64(&w, (uint64_t)c->intakes);
            nm_csvw_num(&w, c->p_viable);
            nm_csvw_num(&w, c->p_viable_low);
            nm_csvw_num(&w, c->p_viable_high);
        }
        if (c->hidden)
            nm_csvw_hidden(&w);
        else
            nm_csvw_u64(&w, c->respondents);
        nm_csvw_str(&w, hidden_word(c->hidden, o));
        nm_csvw_end(&w);
    }
}

void nm_write_residual_csv(FILE *f, const nm_pool *p, const nm_refdata *ref,
                           const nm_output_opts *o)
{
    static const char *const header[] = {
        "competence_kind", "competence_code", "competence_label", "level", "mode",
        "municipality_code", "municipality_name", "potential_students", "shortfall",
        "nearby_codes", "nearby_names", "respondents", "suppressed", NULL};
    nm_csvw w;
    nm_csvw_init(&w, f, o->excel, o->internal);
    nm_csvw_header(&w, header);
    for (size_t i = 0; i < p->nresidual; i++) {
        const nm_residual *r = &p->residual[i];
        key_columns(&w, &r->key, ref);
        nm_csvw_code(&w, ref->munis[r->muni].code);
        nm_csvw_str(&w, ref->munis[r->muni].short_name);
        if (r->hidden) {
            nm_csvw_hidden(&w);
            nm_csvw_hidden(&w);
        } else {
            nm_csvw_num(&w, r->potential);
            nm_csvw_num(&w, r->shortfall);
        }
        muni_list(&w, ref, r->nearby, r->nnearby);
        if (r->hidden)
            nm_csvw_hidden(&w);
        else
            nm_csvw_u64(&w, r->respondents);
        nm_csvw_str(&w, hidden_word(r->hidden, o));
        nm_csvw_end(&w);
    }
}
