/* cohorts.c - cohorts.csv and residual.csv. */
#include <math.h>
#include <string.h>

#include "needmap/buf.h"
#include "needmap/levels.h"
#include "needmap/output.h"
#include "needmap/write.h"
#include "reason_text.h"

/* Competence columns of a pool key: kind, code, label, level and whether
 * it was given or inferred, mode and whether it was given or assumed. */
static void key_columns(nm_csvw *w, const nm_pool_key *k, const nm_refdata *ref,
                        int level_inferred, int mode_assumed)
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
    nm_csvw_str(w, nm_level_source_name(level_inferred));
    nm_csvw_str(w, nm_mode_name(k->mode));
    nm_csvw_str(w, nm_mode_source_name(mode_assumed));
}

/* The suppressed column of a cohort or residual row (hidden: fewer than k
 * respondents, or it would reveal a hidden demand cell). */
static const char *hidden_word(int hidden, const nm_output_opts *o)
{
    return nm_suppressed_word(hidden ? NM_SUPPRESSED_PRIMARY : NM_PUBLISHED, o->internal);
}

/* Jobs beside the students: the figure and its respondents (`..` both when
 * hidden), whether it is hidden, and "yes" when the students cannot fill
 * the jobs (published only when both figures are). */
static void jobs_columns(nm_csvw *w, double jobs, uint64_t respondents, int jobs_hidden,
                         int open, const nm_output_opts *o)
{
    if (jobs_hidden) {
        nm_csvw_hidden(w);
        nm_csvw_hidden(w);
    } else {
        nm_csvw_num(w, jobs);
        nm_csvw_u64(w, respondents);
    }
    nm_csvw_str(w, hidden_word(jobs_hidden, o));
    nm_csvw_str(w, open ? "yes" : "");
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

/* The codes of the members whose students are split between this cohort
 * and the municipality's own cohort (pool_split.h): each is listed in both
 * rows, with its share of the figures in each; empty when none. */
static void split_list(nm_csvw *w, const nm_refdata *ref, const nm_cohort *c)
{
    nm_buf codes = {0};
    for (size_t i = 0; c->member_share && i < c->nmembers; i++)
        if (c->member_share[i] < 1) {
            nm_buf_puts(&codes, codes.len ? " " : "");
            nm_buf_puts(&codes, ref->munis[c->members[i]].code);
        }
    nm_csvw_code(w, nm_buf_str(&codes));
    nm_buf_free(&codes);
}

/* The group's solver status and gap; a hidden row shows no gap (it is a
 * share of the group's students: no figure of a hidden row is published). */
static void solver_columns(nm_csvw *w, int status, double gap, int hidden)
{
    nm_csvw_str(w, status ? "limit" : "optimal");
    if (hidden)
        nm_csvw_hidden(w);
    else
        nm_csvw_num(w, round(gap * 1e4) / 1e4);
}

void nm_write_cohorts_csv(FILE *f, const nm_pool *p, const nm_rules *rules,
                          const nm_refdata *ref, const nm_output_opts *o)
{
    static const char *const header[] = {
        "cohort_id", "rank", "competence_kind", "competence_code", "competence_label", "level",
        "level_source", "mode", "mode_source", "hub_code", "hub_name", "members",
        "member_codes", "member_names", "split_members", "max_km", "upskilling_students", "interest_students",
        "expected_enrolment", "min_size", "max_size", "intakes", "p_viable", "p_viable_low",
        "p_viable_high", "respondents", "suppressed", "jobs", "jobs_respondents",
        "jobs_suppressed", "open_admission", "solver_status", "solver_gap", "placements",
        "placements_bind", NULL};
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
        key_columns(&w, &c->key, ref, c->level_inferred, c->mode_assumed);
        nm_csvw_code(&w, ref->munis[c->hub].code);
        nm_csvw_str(&w, ref->munis[c->hub].short_name);
        nm_csvw_u64(&w, c->nmembers);
        muni_list(&w, ref, c->members, c->nmembers);
        split_list(&w, ref, c);
        nm_csvw_num(&w, c->max_km < 0.5 ? 0 : (double)(long)(c->max_km + 0.5));
        if (c->hidden) {
            for (int k = 0; k < 3; k++)
                nm_csvw_hidden(&w);
        } else {
            nm_csvw_num(&w, c->upskilling);
            nm_csvw_num(&w, c->interest);
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
        jobs_columns(&w, c->jobs, c->jobs_respondents, c->jobs_hidden,
                     nm_cohort_open_admission(c), o);
        solver_columns(&w, c->solver_status, c->solver_gap, c->hidden);
        if (c->placements >= 0 && (c->hidden || c->placements_hidden)) /* an upper bound on
                                   its hidden students, or a hidden cohort's (shared) */
            nm_csvw_hidden(&w);
        else if (c->placements >= 0)
            nm_csvw_num(&w, c->placements);
        else
            nm_csvw_empty(&w);
        nm_csvw_str(&w, c->placements_bind ? "yes" : "");
        nm_csvw_end(&w);
    }
}

void nm_write_residual_csv(FILE *f, const nm_pool *p, const nm_rules *rules,
                           const nm_refdata *ref, const nm_output_opts *o)
{
    static const char *const header[] = {
        "competence_kind", "competence_code", "competence_label", "level", "level_source",
        "mode", "mode_source", "municipality_code", "municipality_name",
        "upskilling_students", "interest_students", "shortfall", "nearby_codes",
        "nearby_names", "respondents", "suppressed", "jobs", "jobs_respondents",
        "jobs_suppressed", "open_admission", "solver_status", "solver_gap", "reason", NULL};
    nm_csvw w;
    nm_csvw_init(&w, f, o->excel, o->internal);
    nm_csvw_header(&w, header);
    nm_reasons *why = nm_reasons_new(p, rules, ref);
    nm_buf reason = {0};
    for (size_t i = 0; i < p->nresidual; i++) {
        const nm_residual *r = &p->residual[i];
        key_columns(&w, &r->key, ref, r->level_inferred, r->mode_assumed);
        nm_csvw_code(&w, ref->munis[r->muni].code);
        nm_csvw_str(&w, ref->munis[r->muni].short_name);
        if (r->hidden) {
            for (int k = 0; k < 3; k++)
                nm_csvw_hidden(&w);
        } else {
            nm_csvw_num(&w, r->upskilling);
            nm_csvw_num(&w, r->interest);
            if (r->shortfall_hidden)
                nm_csvw_hidden(&w);
            else
                nm_csvw_num(&w, r->shortfall);
        }
        muni_list(&w, ref, r->nearby, r->nnearby);
        if (r->hidden)
            nm_csvw_hidden(&w);
        else
            nm_csvw_u64(&w, r->respondents);
        nm_csvw_str(&w, hidden_word(r->hidden, o));
        jobs_columns(&w, r->jobs, r->jobs_respondents, r->jobs_hidden,
                     !r->jobs_hidden && r->jobs > 0, o);
        solver_columns(&w, r->solver_status, r->solver_gap, r->hidden);
        nm_buf_reset(&reason);
        nm_residual_why(why, i, NM_LANG_EN, &reason);
        nm_csvw_str(&w, nm_buf_str(&reason));
        nm_csvw_end(&w);
    }
    nm_buf_free(&reason);
    nm_reasons_free(why);
}

/* A figure as people read it: whole numbers plain, others to one decimal,
 * with a decimal comma in Swedish. */
static void put_figure(nm_buf *b, double v, int sv)
{
    char t[32];
    if (v == floor(v))
        snprintf(t, sizeof t, "%.0f", v);
    else
        snprintf(t, sizeof t, "%.1f", v);
    for (char *p = t; sv && *p; p++)
        if (*p == '.')
            *p = ',';
    nm_buf_puts(b, t);
}

void nm_open_reason(nm_buf *b, const nm_open_group *o, int sv)
{
    nm_buf_puts(b, sv ? "Ingen kohort: " : "No cohort: ");
    if (o->jobs_hidden) {
        nm_buf_puts(b, sv ? "jobb (antalet dolt)" : "jobs (figure hidden)");
    } else {
        put_figure(b, o->jobs, sv);
        nm_buf_puts(b, sv ? " jobb" : " jobs");
    }
    nm_buf_puts(b, sv ? " att tillsätta i " : " to fill in ");
    put_figure(b, (double)o->nmunis, sv);
    nm_buf_puts(b, sv ? (o->nmunis == 1 ? " kommun, men " : " kommuner, men ")
                      : (o->nmunis == 1 ? " municipality, but " : " municipalities, but "));
    if (o->hidden) {
        nm_buf_puts(b, sv ? "för få studerande i enkäten för en kohort (antalen dolda)"
                          : "too few surveyed students for a cohort (figures hidden)");
    } else if (o->upskilling + o->interest <= 0) {
        nm_buf_puts(b, sv ? "enkäten visar varken anställda att kompetensutveckla eller "
                            "invånare som vill studera"
                          : "the survey shows neither staff to upskill nor residents who "
                            "want to study");
    } else {
        nm_buf_puts(b, sv ? "enkäten visar " : "the survey shows ");
        put_figure(b, o->upskilling, sv);
        nm_buf_puts(b, sv ? " anställda att kompetensutveckla och " : " staff to upskill and ");
        put_figure(b, o->interest, sv);
        nm_buf_puts(b, sv ? " intresserade invånare; omkring " : " interested residents; about ");
        put_figure(b, floor(o->expected + 0.5), sv);
        nm_buf_puts(b, sv ? " väntas börja där minst " : " would be expected to enrol where at least ");
        put_figure(b, o->min_size, sv);
        nm_buf_puts(b, sv ? " behövs" : " are needed");
    }
    nm_buf_puts(b, sv ? ". De studerande måste komma via öppen antagning."
                      : ". The students must come from open admission.");
}
