/* report_map.c - the report's section 3: a map of the municipalities,
 * shaded by the demand of a chosen competence and need type (published
 * municipality figures of demand.csv; hidden ones hatched), with the
 * proposed cohorts drawn: hub, members, and their figures beside it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/strmap.h"
#include "planner_parts.h"
#include "report_geo.h"

enum { CLASSES = 5 };

/* One shading: the municipality roll-ups (all levels, modes and horizons)
 * of a competence at one SSYK level and one need type. */
typedef struct layer {
    int comp_level;
    nm_comp_key comp;
    nm_need need;
    size_t *cells;              /* in table order; owned */
    size_t ncells, cap;
    size_t published;           /* cells with figures */
} layer;

typedef struct map_data {
    rpt_shapes shapes;
    unsigned char *in_table;    /* per municipality: answers of any kind */
    size_t ntable;
    rpt_box view;               /* what the map shows */
    layer *layers;              /* offered, best first; owned */
    size_t nlayers, ncandidates;
    size_t ncohorts;            /* drawn: the first of the pool's order */
} map_data;

static int is_muni_rollup(const nm_cell *c)
{
    return c->rollup && c->geo == NM_GEO_MUNICIPALITY && c->level == NM_LEVEL_N &&
           c->mode == NM_MODE_N && c->horizon.lo == -2;
}

static size_t muni_index(const nm_refdata *ref, const char *code)
{
    const nm_municipality *m = nm_refdata_municipality(ref, code);
    return m ? (size_t)(m - ref->munis) : SIZE_MAX;
}

static void layer_add(nm_strmap *index, layer **layers, size_t *n, size_t *cap,
                      const nm_cell *c, size_t cell, nm_suppress flag)
{
    nm_buf key = {0};
    nm_buf_printf(&key, "%d|%s|%d|%s|%d", c->comp_level, c->comp.code, c->comp.unclassified,
                  c->comp.label ? c->comp.label : "", c->need);
    void *v;
    size_t i;
    if (nm_strmap_find(index, key.data, &v)) {
        i = (size_t)(uintptr_t)v - 1;
    } else {
        NM_GROW(*layers, *cap, *n + 1);
        i = (*n)++;
        (*layers)[i] = (layer){.comp_level = c->comp_level, .comp = c->comp,
                               .need = (nm_need)c->need};
        nm_strmap_put(index, key.data, (void *)(uintptr_t)(i + 1));
    }
    nm_buf_free(&key);
    layer *l = &(*layers)[i];
    NM_GROW(l->cells, l->cap, l->ncells + 1);
    l->cells[l->ncells++] = cell;
    l->published += flag == NM_PUBLISHED;
}

static int need_rank(nm_need n)
{
    return n == NM_NEED_UNKNOWN ? NM_NEED_N : (int)n;
}

/* Most municipalities with figures first; then need type, SSYK level
 * (all competences first) and competence. */
static int cmp_layer(const void *pa, const void *pb)
{
    const layer *a = pa, *b = pb;
    if (a->published != b->published)
        return a->published > b->published ? -1 : 1;
    if (a->ncells != b->ncells)
        return a->ncells > b->ncells ? -1 : 1;
    if (need_rank(a->need) != need_rank(b->need))
        return need_rank(a->need) - need_rank(b->need);
    if (a->comp_level != b->comp_level)
        return a->comp_level < b->comp_level ? -1 : 1;
    return nm_comp_key_cmp(&a->comp, &b->comp);
}

static void layers_get(const nm_report_in *in, map_data *m)
{
    nm_strmap *index = nm_strmap_new();
    layer *all = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < nm_demand_count(in->d); i++) {
        const nm_cell *c = nm_demand_cell_const(in->d, i);
        if (c->geo != NM_GEO_MUNICIPALITY)
            continue;
        size_t mi = muni_index(in->ref, c->geo_code);
        if (mi != SIZE_MAX && !m->in_table[mi]) {
            m->in_table[mi] = 1;
            m->ntable++;
        }
        if (is_muni_rollup(c) && !c->comp.unclassified &&
            nm_listed(in->facts->suppression, in->d, i))
            layer_add(index, &all, &n, &cap, c, i, nm_suppressed(in->facts->suppression, i));
    }
    nm_strmap_free(index);
    if (n) /* all is NULL when no municipality has an answer */
        qsort(all, n, sizeof *all, cmp_layer);
    /* a shading without a figure is offered only for all competences */
    size_t keep = 0;
    for (size_t i = 0; i < n; i++) {
        int offered = all[i].published || all[i].comp_level == 0;
        m->ncandidates += offered;
        if (offered && keep < RPT_MAX_LAYERS) {
            all[keep++] = all[i];
            continue;
        }
        free(all[i].cells);
    }
    m->layers = all;
    m->nlayers = keep;
}

/* The municipalities with answers and the cohorts' members, with a margin;
 * all of Sweden when there are none. */
static void view_get(const nm_report_in *in, map_data *m)
{
    rpt_box b = {0};
    for (size_t i = 0; i < m->shapes.n; i++)
        if (m->in_table[i])
            rpt_box_union(&b, &m->shapes.shape[i].box);
    const nm_pool *p = in->facts->pool;
    for (size_t i = 0; i < m->ncohorts; i++)
        for (size_t k = 0; k < p->cohorts[i].nmembers; k++)
            rpt_box_union(&b, &m->shapes.shape[p->cohorts[i].members[k]].box);
    if (!b.any)
        for (size_t i = 0; i < m->shapes.n; i++)
            rpt_box_union(&b, &m->shapes.shape[i].box);
    if (!b.any)
        b = (rpt_box){-400, -7700, 400, -6100, 1};
    double w = b.x1 - b.x0, h = b.y1 - b.y0, pad = fmax(20.0, 0.05 * fmax(w, h));
    if (w < h * 0.6) { /* not too narrow a strip beside the panel */
        b.x0 -= (h * 0.6 - w) / 2;
        b.x1 += (h * 0.6 - w) / 2;
    }
    m->view = (rpt_box){floor(b.x0 - pad), floor(b.y0 - pad), ceil(b.x1 + pad),
                        ceil(b.y1 + pad), 1};
}

static void map_data_get(const nm_report_in *in, map_data *m)
{
    *m = (map_data){0};
    rpt_shapes_load(&m->shapes, in->ref);
    m->in_table = nm_calloc(in->ref->nmunis ? in->ref->nmunis : 1, 1);
    const nm_pool *p = in->facts->pool;
    m->ncohorts = p ? (p->ncohorts < RPT_MAX_MAP_COHORTS ? p->ncohorts : RPT_MAX_MAP_COHORTS) : 0;
    layers_get(in, m);
    view_get(in, m);
}

static void map_data_free(map_data *m)
{
    for (size_t i = 0; i < m->nlayers; i++)
        free(m->layers[i].cells);
    free(m->layers);
    free(m->in_table);
    rpt_shapes_free(&m->shapes);
}

/* --- a layer's classes --- */

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* Published values in classes 1..CLASSES by rank (equal values share a
 * class); per municipality: class, 'h' for hidden.  Filled per layer. */
typedef struct shading {
    char cls[3];              /* "c3", "ch" */
    char text[64];            /* the figure as the report writes it, or `..` */
} shading;

typedef struct legend {
    double lo[CLASSES + 1], hi[CLASSES + 1];
    int used[CLASSES + 1];
    int hidden;
} legend;

static void shade_layer(const rpt *r, const layer *l, shading *out, legend *lg)
{
    const nm_demand *d = r->in->d;
    double *v = nm_calloc(l->published ? l->published : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < l->ncells; i++) {
        const nm_cell *c = nm_demand_cell_const(d, l->cells[i]);
        if (nm_suppressed(r->in->facts->suppression, l->cells[i]) == NM_PUBLISHED)
            v[n++] = c->demand;
    }
    qsort(v, n, sizeof *v, cmp_double);
    *lg = (legend){0};
    for (size_t i = 0; i < l->ncells; i++) {
        const nm_cell *c = nm_demand_cell_const(d, l->cells[i]);
        shading *s = &out[i];
        if (nm_suppressed(r->in->facts->suppression, l->cells[i]) != NM_PUBLISHED) {
            strcpy(s->cls, "ch");
            strcpy(s->text, "..");
            lg->hidden = 1;
            continue;
        }
        size_t lo = 0, hi = n; /* first index of the value */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (v[mid] < c->demand)
                lo = mid + 1;
            else
                hi = mid;
        }
        int k = 1 + (int)(lo * CLASSES / (n ? n : 1));
        s->cls[0] = 'c';
        s->cls[1] = (char)('0' + k);
        s->cls[2] = '\0';
        nm_word_number(r->lang, c->demand, s->text, sizeof s->text);
        if (!lg->used[k] || c->demand < lg->lo[k])
            lg->lo[k] = c->demand;
        if (!lg->used[k] || c->demand > lg->hi[k])
            lg->hi[k] = c->demand;
        lg->used[k] = 1;
    }
    free(v);
}

static void layer_title(rpt *r, const layer *l, nm_buf *b)
{
    nm_buf_puts(b, rpt_comp_label(r, &l->comp, l->comp_level));
    if (l->comp.code[0])
        nm_buf_printf(b, " (SSYK %s)", l->comp.code);
    nm_buf_printf(b, " – %s", nm_word_need(r->lang, l->need));
}

static void legend_entry_text(rpt *r, const legend *lg, int k, char *buf, size_t size)
{
    char a[64], b[64];
    nm_word_number(r->lang, lg->lo[k], a, sizeof a);
    nm_word_number(r->lang, lg->hi[k], b, sizeof b);
    if (lg->lo[k] == lg->hi[k])
        snprintf(buf, size, "%s", a);
    else
        snprintf(buf, size, "%s–%s", a, b);
}

static const char *hidden_words(const rpt *r)
{
    return RL(r, ".. dold (för få svarande)", ".. hidden (too few respondents)");
}

static const char *none_words(const rpt *r)
{
    return RL(r, "inget sådant behov", "no such need");
}

static const char *out_words(const rpt *r)
{
    return RL(r, "inga svar", "no answers");
}

/* --- JSON for the script: every offered layer --- */

static void json_text(nm_buf *b, const char *s)
{
    nm_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            nm_buf_printf(b, "\\%c", *p);
        else if (*p < 32 || *p == '<' || *p == '>' || *p == '&')
            nm_buf_printf(b, "\\u%04x", *p);
        else
            nm_buf_putc(b, (char)*p);
    }
    nm_buf_putc(b, '"');
}

static void json_legend(rpt *r, const legend *lg, nm_buf *b)
{
    char t[160];
    nm_buf_putc(b, '[');
    int first = 1;
    for (int k = 1; k <= CLASSES; k++) {
        if (!lg->used[k])
            continue;
        legend_entry_text(r, lg, k, t, sizeof t);
        nm_buf_printf(b, "%s[\"c%d\",", first ? "" : ",", k);
        json_text(b, t);
        nm_buf_putc(b, ']');
        first = 0;
    }
    if (lg->hidden) {
        nm_buf_printf(b, "%s[\"ch\",", first ? "" : ",");
        json_text(b, hidden_words(r));
        nm_buf_putc(b, ']');
        first = 0;
    }
    nm_buf_printf(b, "%s[\"c0\",", first ? "" : ",");
    json_text(b, none_words(r));
    nm_buf_puts(b, "]]");
}

static void layers_json(rpt *r, const map_data *m)
{
    nm_buf b = {0};
    nm_buf_puts(&b, "<script type=\"application/json\" id=\"nm-layers\">[");
    for (size_t i = 0; i < m->nlayers; i++) {
        const layer *l = &m->layers[i];
        shading *s = nm_calloc(l->ncells ? l->ncells : 1, sizeof *s);
        legend lg;
        shade_layer(r, l, s, &lg);
        nm_buf_puts(&b, i ? ",\n{\"l\":" : "\n{\"l\":");
        json_legend(r, &lg, &b);
        nm_buf_puts(&b, ",\"v\":{");
        for (size_t k = 0; k < l->ncells; k++) {
            const nm_cell *c = nm_demand_cell_const(r->in->d, l->cells[k]);
            nm_buf_printf(&b, "%s\"%s\":[\"%s\",", k ? "," : "", c->geo_code, s[k].cls);
            json_text(&b, s[k].text);
            nm_buf_putc(&b, ']');
        }
        nm_buf_puts(&b, "}}");
        free(s);
    }
    nm_buf_puts(&b, "]</script>\n<script type=\"application/json\" id=\"nm-words\">{\"none\":");
    json_text(&b, none_words(r));
    nm_buf_puts(&b, ",\"out\":");
    json_text(&b, out_words(r));
    nm_buf_puts(&b, "}</script>\n");
    fwrite(b.data, 1, b.len, r->f);
    nm_buf_free(&b);
}

/* --- the SVG --- */

static void town(const nm_refdata *ref, size_t muni, double *x, double *y)
{
    rpt_project(ref->munis[muni].lat, ref->munis[muni].lon, x, y);
}

/* Municipality outlines, shaded by the first layer. */
static void svg_shapes(rpt *r, const map_data *m)
{
    const nm_refdata *ref = r->in->ref;
    shading *s = NULL;
    size_t *cell_of = nm_calloc(ref->nmunis ? ref->nmunis : 1, sizeof *cell_of);
    for (size_t i = 0; i < ref->nmunis; i++)
        cell_of[i] = SIZE_MAX;
    if (m->nlayers) {
        const layer *l = &m->layers[0];
        legend lg;
        s = nm_calloc(l->ncells ? l->ncells : 1, sizeof *s);
        shade_layer(r, l, s, &lg);
        for (size_t k = 0; k < l->ncells; k++) {
            size_t mi = muni_index(ref, nm_demand_cell_const(r->in->d, l->cells[k])->geo_code);
            if (mi != SIZE_MAX)
                cell_of[mi] = k;
        }
    }
    h_raw(r, "<g id=\"nm-munis\">\n");
    for (size_t i = 0; i < m->shapes.n; i++) {
        const rpt_shape *sh = &m->shapes.shape[i];
        if (!sh->path)
            continue;
        const char *cls = cell_of[i] != SIZE_MAX ? s[cell_of[i]].cls : m->in_table[i] ? "c0" : "out";
        h_fmt(r, "<path data-muni=\"%s\" data-name=\"", ref->munis[i].code);
        h_text(r, ref->munis[i].short_name);
        h_fmt(r, "\"%s class=\"%s\" d=\"", m->in_table[i] ? " data-in=\"1\"" : "", cls);
        fwrite(sh->path, 1, sh->len, r->f);
        h_raw(r, "\"><title>");
        h_text(r, ref->munis[i].short_name);
        h_raw(r, ": ");
        h_text(r, cell_of[i] != SIZE_MAX ? s[cell_of[i]].text
                  : m->in_table[i] ? none_words(r) : out_words(r));
        h_raw(r, "</title></path>\n");
    }
    h_raw(r, "</g>\n");
    free(s);
    free(cell_of);
}

/* Names of the municipalities with answers, when there are few enough. */
static void svg_labels(rpt *r, const map_data *m, double fs)
{
    if (m->ntable > 60)
        return;
    h_fmt(r, "<g class=\"lbl\" font-size=\"%.1f\" text-anchor=\"middle\">\n", fs);
    for (size_t i = 0; i < r->in->ref->nmunis; i++) {
        if (!m->in_table[i])
            continue;
        double x, y;
        town(r->in->ref, i, &x, &y);
        h_fmt(r, "<text x=\"%.1f\" y=\"%.1f\">", x, y - fs * 0.45);
        h_text(r, rpt_muni_name(r, i));
        h_raw(r, "</text>\n");
    }
    h_raw(r, "</g>\n");
}

/* A cohort in one line: competence, level, mode, hub, figures. */
static void cohort_words(rpt *r, const nm_cohort *c, size_t id)
{
    h_fmt(r, "#%zu ", id);
    h_text(r, rpt_key_label(r, &c->key));
    h_fmt(r, ", %s%s, %s%s. %s ", nm_word_level(r->lang, c->key.level),
          c->level_inferred ? RL(r, " (nivå antagen)", " (level assumed)") : "",
          nm_word_mode(r->lang, c->key.mode),
          c->mode_assumed ? RL(r, " (form antagen)", " (mode assumed)") : "",
          RL(r, "Nav", "Hub"));
    h_text(r, rpt_muni_name(r, c->hub));
    h_raw(r, "; ");
    h_u64(r, c->nmembers);
    h_fmt(r, " %s; ", RL(r, "orter", "locations"));
    if (c->hidden) {
        h_text(r, RL(r, "siffror dolda (..)", "figures hidden (..)"));
        return;
    }
    h_num(r, c->upskilling);
    h_fmt(r, " %s, ", RL(r, "att kompetensutveckla", "to upskill"));
    h_num(r, c->interest);
    h_fmt(r, " %s; P(start) ", RL(r, "intresserade", "interested"));
    h_num(r, c->p_viable);
}

static void svg_cohorts(rpt *r, const map_data *m, double unit)
{
    const nm_pool *p = r->in->facts->pool;
    for (size_t i = 0; i < m->ncohorts; i++) {
        const nm_cohort *c = &p->cohorts[i];
        double hx, hy;
        town(r->in->ref, c->hub, &hx, &hy);
        /* beyond the first few, drawn but shown only on request: lines
         * of sixty cohorts would hide the map */
        h_fmt(r, "<g class=\"co%s\" id=\"nm-co-%zu\" data-cohort=\"%zu\"%s><title>",
              i < RPT_MAP_SHOWN ? "" : " off", i + 1, i + 1,
              i < RPT_MAP_SHOWN ? " data-top=\"1\"" : "");
        cohort_words(r, c, i + 1);
        h_raw(r, "</title>\n");
        for (size_t k = 0; k < c->nmembers; k++) {
            if (c->members[k] == c->hub)
                continue;
            double x, y;
            town(r->in->ref, c->members[k], &x, &y);
            h_fmt(r, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", hx, hy, x, y);
            h_fmt(r, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>\n", x, y, unit);
        }
        h_fmt(r, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", hx - unit * 1.3,
              hy - unit * 1.3, unit * 2.6, unit * 2.6);
        /* cohorts sharing a hub put their numbers side by side */
        size_t before = 0;
        for (size_t k = 0; k < i; k++)
            before += p->cohorts[k].hub == c->hub;
        h_fmt(r, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\">%zu</text></g>\n",
              hx + unit * (1.8 + 3.4 * (double)before), hy + unit * 1.4, unit * 4.2, i + 1);
    }
}

static void svg(rpt *r, const map_data *m)
{
    const rpt_box *v = &m->view;
    double w = v->x1 - v->x0, h = v->y1 - v->y0, unit = fmax(w, h) / 190.0;
    h_fmt(r, "<svg id=\"nm-map\" class=\"m\" viewBox=\"%.0f %.0f %.0f %.0f\" "
             "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"%s\">\n",
          v->x0, v->y0, w, h, RL(r, "Karta över kommunerna", "Map of the municipalities"));
    h_fmt(r, "<defs><pattern id=\"hatch\" width=\"%.1f\" height=\"%.1f\" "
             "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
             "<rect width=\"%.1f\" height=\"%.1f\" fill=\"#fff\"/>"
             "<rect width=\"%.1f\" height=\"%.1f\" fill=\"#9aa5b1\"/></pattern></defs>\n",
          unit * 2, unit * 2, unit * 2, unit * 2, unit * 0.6, unit * 2);
    svg_shapes(r, m);
    svg_labels(r, m, unit * 3.4);
    svg_cohorts(r, m, unit);
    h_raw(r, "</svg>\n");
}

/* --- the panel beside the map --- */

static void static_legend(rpt *r, const map_data *m)
{
    h_raw(r, "<ul class=\"legend\" id=\"nm-legend\">");
    if (m->nlayers) {
        const layer *l = &m->layers[0];
        shading *s = nm_calloc(l->ncells ? l->ncells : 1, sizeof *s);
        legend lg;
        shade_layer(r, l, s, &lg);
        free(s);
        char t[160];
        for (int k = 1; k <= CLASSES; k++) {
            if (!lg.used[k])
                continue;
            legend_entry_text(r, &lg, k, t, sizeof t);
            h_fmt(r, "<li><span class=\"sw c%d\"></span>", k);
            h_text(r, t);
            h_raw(r, "</li>");
        }
        if (lg.hidden) {
            h_raw(r, "<li><span class=\"sw ch\"></span>");
            h_text(r, hidden_words(r));
            h_raw(r, "</li>");
        }
    }
    h_raw(r, "<li><span class=\"sw c0\"></span>");
    h_text(r, none_words(r));
    h_raw(r, "</li></ul>\n");
}

static void layer_select(rpt *r, const map_data *m)
{
    h_fmt(r, "<label for=\"nm-layer\">%s</label><select id=\"nm-layer\">",
          RL(r, "Färglägg efter behov av", "Shade by the need for"));
    nm_buf t = {0};
    for (size_t i = 0; i < m->nlayers; i++) {
        nm_buf_reset(&t);
        layer_title(r, &m->layers[i], &t);
        h_fmt(r, "<option value=\"%zu\"%s>", i, i ? "" : " selected");
        h_text(r, nm_buf_str(&t));
        h_raw(r, " (");
        h_u64(r, m->layers[i].published);
        h_fmt(r, " %s)</option>", RL(r, "kommuner med siffror", "municipalities with figures"));
    }
    nm_buf_free(&t);
    h_raw(r, "</select>\n");
}

static void cohort_select(rpt *r, const map_data *m)
{
    const nm_pool *p = r->in->facts->pool;
    h_fmt(r, "<label for=\"nm-cohort\">%s</label><select id=\"nm-cohort\">",
          RL(r, "Visa kohort", "Show cohort"));
    if (m->ncohorts > RPT_MAP_SHOWN) {
        h_fmt(r, "<option value=\"\" selected>%s %d %s</option><option value=\"all\">%s ",
              RL(r, "De", "The"), RPT_MAP_SHOWN, RL(r, "säkraste", "surest"),
              RL(r, "Alla", "All"));
        h_u64(r, m->ncohorts);
        h_raw(r, "</option>");
    } else {
        h_fmt(r, "<option value=\"\" selected>%s</option>",
              RL(r, "Alla kohorter på kartan", "All cohorts on the map"));
    }
    for (size_t i = 0; i < m->ncohorts; i++) {
        const nm_cohort *c = &p->cohorts[i];
        h_fmt(r, "<option value=\"%zu\">#%zu ", i + 1, i + 1);
        h_text(r, rpt_key_label(r, &c->key));
        h_fmt(r, ", %s, %s (", nm_word_level(r->lang, c->key.level),
              nm_word_mode(r->lang, c->key.mode));
        h_text(r, rpt_muni_name(r, c->hub));
        h_raw(r, ")</option>");
    }
    h_raw(r, "</select>\n");
}

static void cohort_list(rpt *r, const map_data *m)
{
    const nm_pool *p = r->in->facts->pool;
    if (!m->ncohorts) {
        h_fmt(r, "<p>%s</p>\n", RL(r, "Inga genomförbara kohorter att rita.",
                                   "No viable cohorts to draw."));
        return;
    }
    h_fmt(r, "<div class=\"scroll\"><table id=\"nm-cohort-list\">\n<tr><th class=\"n\">#</th>"
             "<th>%s</th><th>%s</th><th class=\"n\">%s</th><th class=\"n\">P(start)</th></tr>\n",
          RL(r, "Kohort", "Cohort"), RL(r, "Nav och orter", "Hub and locations"),
          RL(r, "Väntat antal antagna", "Expected enrolment"));
    for (size_t i = 0; i < m->ncohorts; i++) {
        const nm_cohort *c = &p->cohorts[i];
        h_fmt(r, "<tr data-cohort=\"%zu\"><td class=\"n\">%zu</td><td>", i + 1, i + 1);
        h_text(r, rpt_key_label(r, &c->key));
        h_fmt(r, "<br><span class=\"note\">%s%s, %s%s</span></td><td><b>",
              nm_word_level(r->lang, c->key.level),
              c->level_inferred ? RL(r, " (nivå antagen)", " (level assumed)") : "",
              nm_word_mode(r->lang, c->key.mode),
              c->mode_assumed ? RL(r, " (form antagen)", " (mode assumed)") : "");
        h_text(r, rpt_muni_name(r, c->hub));
        h_raw(r, "</b>");
        for (size_t k = 0; k < c->nmembers; k++) {
            if (c->members[k] == c->hub)
                continue;
            h_raw(r, ", ");
            h_text(r, rpt_muni_name(r, c->members[k]));
        }
        h_raw(r, "</td><td class=\"n\">");
        if (c->hidden)
            h_hidden(r);
        else
            h_num(r, c->expected);
        h_raw(r, "</td><td class=\"n\">");
        if (c->hidden)
            h_hidden(r);
        else
            h_num(r, c->p_viable);
        h_raw(r, "</td></tr>\n");
    }
    h_raw(r, "</table></div>\n");
    if (m->ncohorts > RPT_MAP_SHOWN) {
        h_fmt(r, "<p class=\"note\">%s %d %s</p>\n", RL(r, "Kartan visar först de", "The map first shows the"),
              RPT_MAP_SHOWN, RL(r, "säkraste; välj fler eller en enda ovan.",
                                "surest; choose more, or one, above."));
    }
    if (p->ncohorts > m->ncohorts) {
        h_fmt(r, "<p class=\"note\">%s ", RL(r, "Kartan visar de", "The map shows the"));
        h_u64(r, m->ncohorts);
        h_fmt(r, " %s ", RL(r, "första kohorterna av", "first cohorts of"));
        h_u64(r, p->ncohorts);
        h_fmt(r, "; %s</p>\n", RL(r, "alla står i avsnitt 4 och i cohorts.csv.",
                                   "all are in section 4 and in cohorts.csv."));
    }
}

void rpt_section_map(rpt *r)
{
    map_data m;
    map_data_get(r->in, &m);
    h_fmt(r, "<p>%s</p>\n",
          RL(r, "Kommunerna färgade efter antalet personer som behövs, för en vald kompetens "
                "och behovstyp (publicerade siffror per kommun). Streckade kommuner har ett "
                "behov vars siffra är dold. Kohorterna är ritade med sitt nav (fyrkant) och "
                "sina orter (ringar).",
             "Municipalities shaded by the number of people needed, for a chosen competence "
             "and need type (published figures per municipality). Hatched municipalities "
             "have a need whose figure is hidden. Cohorts are drawn with their hub (square) "
             "and their locations (rings)."));
    h_raw(r, "<div class=\"mapbox\">\n<div class=\"map\">\n");
    svg(r, &m);
    h_raw(r, "</div>\n<div class=\"mapside\">\n<div class=\"controls\">\n");
    if (m.nlayers)
        layer_select(r, &m);
    h_raw(r, "</div>\n");
    static_legend(r, &m);
    if (m.ncandidates > m.nlayers) {
        h_fmt(r, "<p class=\"note\">%s ", RL(r, "Valbara:", "Offered:"));
        h_u64(r, m.nlayers);
        h_fmt(r, " %s ", RL(r, "av", "of"));
        h_u64(r, m.ncandidates);
        h_fmt(r, " %s</p>\n", RL(r, "kompetenser och behovstyper med siffror per kommun, flest "
                                   "kommuner först.",
                                 "competences and need types with municipality figures, most "
                                 "municipalities first."));
    }
    h_raw(r, "<div class=\"controls\">\n");
    if (m.ncohorts)
        cohort_select(r, &m);
    h_raw(r, "</div>\n");
    cohort_list(r, &m);
    h_fmt(r, "<p class=\"note\">%s</p>\n",
          RL(r, "Kohorterna räknar studerande: anställda att kompetensutveckla och invånare "
                "som vill studera. Jobben som väntar (rekryteringsbehoven) står bredvid varje "
                "kohort i avsnitt 4 och per kommun i avsnitt 2.",
             "Cohorts count students: staff to upskill and residents who want to study. The "
             "jobs waiting (recruitment needs) stand beside each cohort in section 4 and per "
             "municipality in section 2."));
    h_raw(r, "</div>\n</div>\n");
    layers_json(r, &m);
    map_data_free(&m);
}

const char nm_report_script[] =
    "(function(){\n"
    "var data=document.getElementById('nm-layers');\n"
    "var sel=document.getElementById('nm-layer');\n"
    "if(data&&sel){\n"
    " var layers=JSON.parse(data.textContent);\n"
    " var words=JSON.parse(document.getElementById('nm-words').textContent);\n"
    " var paths=document.querySelectorAll('#nm-munis path');\n"
    " var legend=document.getElementById('nm-legend');\n"
    " sel.addEventListener('change',function(){\n"
    "  var L=layers[+sel.value];\n"
    "  for(var i=0;i<paths.length;i++){\n"
    "   var p=paths[i],v=L.v[p.getAttribute('data-muni')],c,t;\n"
    "   if(v){c=v[0];t=v[1];}else if(p.getAttribute('data-in')){c='c0';t=words.none;}\n"
    "   else{c='out';t=words.out;}\n"
    "   p.setAttribute('class',c);\n"
    "   p.firstChild.textContent=p.getAttribute('data-name')+': '+t;\n"
    "  }\n"
    "  while(legend.firstChild)legend.removeChild(legend.firstChild);\n"
    "  L.l.forEach(function(e){\n"
    "   var li=document.createElement('li'),s=document.createElement('span');\n"
    "   s.className='sw '+e[0];li.appendChild(s);\n"
    "   li.appendChild(document.createTextNode(e[1]));legend.appendChild(li);\n"
    "  });\n"
    " });\n"
    "}\n"
    "var co=document.getElementById('nm-cohort');\n"
    "if(co){\n"
    " co.addEventListener('change',function(){\n"
    "  var v=co.value,one=v!==''&&v!=='all';\n"
    "  var g=document.querySelectorAll('#nm-map .co');\n"
    "  for(var i=0;i<g.length;i++){\n"
    "   var id=g[i].getAttribute('data-cohort');\n"
    "   var on=one?id===v:v==='all'||g[i].hasAttribute('data-top');\n"
    "   g[i].classList.toggle('off',!on);\n"
    "  }\n"
    "  var rows=document.querySelectorAll('#nm-cohort-list tr[data-cohort]');\n"
    "  for(var k=0;k<rows.length;k++)\n"
    "   rows[k].classList.toggle('off',one&&rows[k].getAttribute('data-cohort')!==v);\n"
    " });\n"
    "}\n"
    "})();\n";
