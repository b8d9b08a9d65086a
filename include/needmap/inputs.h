/* inputs.h - expand command-line inputs into the list of files to read.
 *
 * A file stands for itself; a directory for every *.csv, *.tsv, *.txt and
 * *.json below it (recursively, hidden entries skipped), sorted by path so
 * the order never depends on the file system; "-" for standard input.
 * nm_inputs owns its strings; free with nm_inputs_free.
 */
#ifndef NEEDMAP_INPUTS_H
#define NEEDMAP_INPUTS_H

#include <stddef.h>

#include "needmap/status.h"

typedef struct nm_inputs {
    char **paths;
    size_t n, cap;
} nm_inputs;

/* Add one argument.  A path that does not exist is kept, so that reading it
 * fails in its own report like any unreadable input.  Fails with
 * NM_ERR_INPUT (err filled) for a directory without exports. */
nm_status nm_inputs_add(nm_inputs *in, const char *arg, nm_error *err);
void nm_inputs_free(nm_inputs *in);

/* Sort all paths and drop repeated ones, so the order inputs were named in
 * changes nothing. */
void nm_inputs_sort(nm_inputs *in);

#endif
