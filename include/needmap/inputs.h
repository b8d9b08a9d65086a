/* inputs.h - expand command-line inputs into the list of files to read.
 *
 * A file stands for itself; a directory for every *.csv, *.tsv, *.txt and
 * *.json below it (recursively, hidden entries skipped), sorted by path so
 * the order never depends on the file system; "-" for standard input.
 * Nothing below a directory is skipped without a word: what cannot be read
 * (a directory without permission, one deeper than NM_INPUTS_MAX_DEPTH, a
 * broken link, a device, pipe or socket) is an error in the problem list;
 * a link to a directory read already is not followed again (a warning),
 * and needmap's own output directories (they hold NM_OUTPUT_MARKER) are
 * not read (a note).  nm_inputs_drop_repeats then keeps one of the inputs
 * that are the same file or hold the same bytes.
 *
 * nm_inputs owns its paths, problems and directory set; free with
 * nm_inputs_free (also on a zeroed nm_inputs).
 */
#ifndef NEEDMAP_INPUTS_H
#define NEEDMAP_INPUTS_H

#include <stddef.h>

#include "needmap/status.h"
#include "needmap/strmap.h"

/* The file needmap writes into every output directory (outdir.c): a walk
 * never reads a directory holding it, and run -o replaces only such a
 * directory (or an empty one). */
#define NM_OUTPUT_MARKER ".needmap-output"

/* Directory levels read below a directory named on the command line. */
enum { NM_INPUTS_MAX_DEPTH = 32 };

typedef enum nm_input_level {
    NM_INPUT_NOTE,       /* said for the record (an output directory not read) */
    NM_INPUT_WARNING,    /* read once or not followed: nothing lost */
    NM_INPUT_ERROR       /* could not be read: exit code 3 */
} nm_input_level;

typedef struct nm_input_problem {
    nm_input_level level;
    nm_error err;        /* err.file names the path; err.msg what and what to do */
} nm_input_problem;

typedef struct nm_inputs {
    char **paths;                 /* the files to read, in order (owned) */
    size_t n, cap;
    nm_input_problem *problems;   /* in the order found */
    size_t nproblems, pcap;
    nm_strmap *dirs;              /* "device:inode" of every directory walked ->
                                     the path it was walked as (owned copies) */
} nm_inputs;

/* Add one argument.  A path that does not exist is kept, so that reading it
 * fails in its own report like any unreadable input; so is a named file of
 * any kind (a pipe from the shell, "<(...)").  Problems found below a
 * directory are added to in->problems; returns NM_ERR_INPUT when one of
 * them is an error (a directory that cannot be read, or that holds no
 * exports), else NM_OK.  The files that could be read are added either
 * way. */
nm_status nm_inputs_add(nm_inputs *in, const char *arg);
void nm_inputs_free(nm_inputs *in);

/* Sort all paths, so the order inputs were named in changes nothing. */
void nm_inputs_sort(nm_inputs *in);

/* Read the same data once: of the inputs that are the same path, the same
 * file (device and inode: a link, a hard link) or regular files with the
 * same bytes (same size, then the same SHA-256: only files whose size
 * another input shares are hashed), the first in order is kept and each
 * other one is dropped with a warning naming both.  Empty files and
 * standard input are compared by path only. */
void nm_inputs_drop_repeats(nm_inputs *in);

/* "note", "warning" or "error", for messages. */
const char *nm_input_level_name(nm_input_level level);

#endif
