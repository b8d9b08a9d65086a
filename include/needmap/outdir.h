/* outdir.h - an output directory that appears whole or not at all.
 *
 * nm_outdir_begin makes a hidden temporary directory beside DIR
 * (.DIR.needmap-tmp-XXXXXX, mode 0700 and locked with flock while the run
 * lives); files are created in it with nm_outdir_file; nm_outdir_commit
 * gives it the usual mode and swaps it into place atomically (renameat2
 * RENAME_EXCHANGE where the file system allows, else two renames) and
 * removes the old contents; nm_outdir_abort removes the temporary
 * directory.  An existing DIR is replaced only if it is empty or was
 * written by needmap (it holds the marker file NM_OUTPUT_MARKER), so a
 * mistyped -o never wipes someone's folder; a DIR that is a symbolic link
 * is refused (NM_ERR_USAGE), and nothing is ever removed through a link.
 * nm_outdir_begin also removes the temporary directories that killed runs
 * left in DIR's parent (unlocked, and holding the marker).  The nm_outdir
 * owns its paths and lock until commit or abort.
 */
#ifndef NEEDMAP_OUTDIR_H
#define NEEDMAP_OUTDIR_H

#include <stdio.h>

#include "needmap/status.h"

typedef struct nm_outdir {
    char *final;      /* DIR as given, without trailing slashes */
    char *tmp;        /* the temporary directory */
    char **files;     /* names created, for cleanup */
    size_t nfiles, cap;
    int lock;         /* the temporary directory, open and flock'ed; -1 if none */
    unsigned mode;    /* its mode at commit (0777 less the umask) */
    size_t removed;   /* leftovers of killed runs removed by nm_outdir_begin */
} nm_outdir;

/* Fails with NM_ERR_USAGE for a DIR that is not a name needmap may write
 * ("", ".", "..", "/", a symbolic link), NM_ERR_OUTPUT for one it may not
 * replace or cannot create beside. */
nm_status nm_outdir_begin(nm_outdir *o, const char *dir, nm_error *err);
/* Create name inside the temporary directory; NULL and err on failure.
 * The stream starts the file's writeback to disk every 4 MiB as it is
 * written, so closing it waits only for the last part. */
FILE *nm_outdir_file(nm_outdir *o, const char *name, nm_error *err);
/* Close a file from nm_outdir_file, checking for write errors and
 * flushing it to disk.  It reads only o->tmp (on failure), so a thread
 * writing one file may close it while another makes more files. */
nm_status nm_outdir_close(nm_outdir *o, FILE *f, const char *name, nm_error *err);
nm_status nm_outdir_commit(nm_outdir *o, nm_error *err);
void nm_outdir_abort(nm_outdir *o);

#endif
