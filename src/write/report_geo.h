/* report_geo.h - internal to the report's map (src/write): municipality
 * outlines as SVG path data, their extents, and the map's projection.
 *
 * Ownership: an rpt_shapes owns its array of shapes (rpt_shapes_free);
 * each shape's path points into the embedded data, which lives as long
 * as the program.
 */
#ifndef NEEDMAP_REPORT_GEO_H
#define NEEDMAP_REPORT_GEO_H

#include <stddef.h>

#include "needmap/refdata.h"

typedef struct rpt_box {
    double x0, y0, x1, y1;   /* km: west, north, east, south */
    int any;                 /* 0: empty */
} rpt_box;

void rpt_box_add(rpt_box *b, double x, double y);
void rpt_box_union(rpt_box *b, const rpt_box *o);

typedef struct rpt_shape {
    const char *path;        /* SVG path data, not NUL-terminated; NULL: none */
    size_t len;
    rpt_box box;
} rpt_shape;

typedef struct rpt_shapes {
    rpt_shape *shape;        /* one per ref->munis entry, same index */
    size_t n;
} rpt_shapes;

/* The built-in outlines (surveys/municipality_shapes.csv), matched to the
 * municipalities of ref by code. */
void rpt_shapes_load(rpt_shapes *s, const nm_refdata *ref);
void rpt_shapes_free(rpt_shapes *s);

/* Degrees to the outlines' plane (transverse Mercator on 15 E, km, y down). */
void rpt_project(double lat, double lon, double *x, double *y);

#endif
