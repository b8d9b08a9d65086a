/* report_geo.c - the municipality outlines built into needmap
 * (surveys/municipality_shapes.csv, embedded by src/tools/embed.c) and the
 * projection they are drawn in, for the report's map. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "report_geo.h"

/* Generated from surveys/ by src/tools/embed.c. */
extern const unsigned char nm_data_shapes[];
extern const size_t nm_data_shapes_len;

/* The outline's extent: path data is "M x y" then relative "l dx dy ..."
 * pairs and "z", ring after ring, in whole kilometres. */
static void path_extent(const char *p, size_t n, rpt_box *b)
{
    const char *end = p + n;
    long x = 0, y = 0, v[2];
    int k = 0, absolute = 0;
    while (p < end) {
        char c = *p;
        if (c == 'M' || c == 'l') {
            absolute = c == 'M';
            k = 0;
            p++;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            char *e;
            v[k++] = strtol(p, &e, 10);
            p = e > end ? end : e;
            if (k == 2) {
                x = absolute ? v[0] : x + v[0];
                y = absolute ? v[1] : y + v[1];
                absolute = 0;
                k = 0;
                rpt_box_add(b, (double)x, (double)y);
            }
        } else {
            p++;
        }
    }
}

void rpt_box_add(rpt_box *b, double x, double y)
{
    if (!b->any || x < b->x0) b->x0 = x;
    if (!b->any || x > b->x1) b->x1 = x;
    if (!b->any || y < b->y0) b->y0 = y;
    if (!b->any || y > b->y1) b->y1 = y;
    b->any = 1;
}

void rpt_box_union(rpt_box *b, const rpt_box *o)
{
    if (!o->any)
        return;
    rpt_box_add(b, o->x0, o->y0);
    rpt_box_add(b, o->x1, o->y1);
}

/* Lines "code,path" after the header; others are skipped. */
void rpt_shapes_load(rpt_shapes *s, const nm_refdata *ref)
{
    s->n = ref->nmunis;
    s->shape = nm_calloc(s->n ? s->n : 1, sizeof *s->shape);
    const char *p = (const char *)nm_data_shapes, *end = p + nm_data_shapes_len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *comma = memchr(p, ',', (size_t)(eol - p));
        size_t len = (size_t)(eol - p);
        if (comma && comma - p == 4 && len > 6) {
            char code[5];
            memcpy(code, p, 4);
            code[4] = '\0';
            const nm_municipality *m = nm_refdata_municipality(ref, code);
            if (m) {
                rpt_shape *sh = &s->shape[m - ref->munis];
                sh->path = comma + 1;
                sh->len = (size_t)(eol - comma - 1) - (eol[-1] == '\r');
                path_extent(sh->path, sh->len, &sh->box);
            }
        }
        p = eol + 1;
    }
}

void rpt_shapes_free(rpt_shapes *s)
{
    free(s->shape);
    s->shape = NULL;
    s->n = 0;
}

/* The spherical transverse Mercator on 15 E of make_shapes.py, in km,
 * y growing southwards. */
void rpt_project(double lat, double lon, double *x, double *y)
{
    const double R = 6371.0, pi = 3.14159265358979323846;
    double lam = (lon - 15.0) * pi / 180.0, phi = lat * pi / 180.0;
    double b = cos(phi) * sin(lam);
    *x = R / 2.0 * log((1.0 + b) / (1.0 - b));
    *y = -R * atan2(tan(phi), cos(lam));
}
