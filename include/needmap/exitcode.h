/* exitcode.h - the documented, stable exit codes of the needmap command.
 * README.md and every command's --help list them; never renumber. */
#ifndef NEEDMAP_EXITCODE_H
#define NEEDMAP_EXITCODE_H

#include "needmap/status.h"

typedef enum nm_exit {
    NM_EXIT_OK = 0,        /* every input read, every row accepted or skipped */
    NM_EXIT_REJECTS = 1,   /* inputs read, but some rows were rejected */
    NM_EXIT_USAGE = 2,     /* bad command line, or a bad mapping/synonyms file */
    NM_EXIT_INPUT = 3,     /* an input was unreadable or not a survey export
                              (the other inputs were still read) */
    NM_EXIT_OUTPUT = 4,    /* an output could not be written */
    NM_EXIT_INTERNAL = 5,  /* out of memory or a bug in needmap */
    NM_EXIT_DISCLOSURE = 6 /* the disclosure audit failed: a hidden figure could be
                              narrowed below its protection; nothing published */
} nm_exit;

/* The exit code for a failed status. */
nm_exit nm_exit_for_status(nm_status status);

/* The more severe of two exit codes (OUTPUT > INPUT > REJECTS > OK; USAGE
 * and INTERNAL end the program at once and so are never combined). */
nm_exit nm_exit_worse(nm_exit a, nm_exit b);

#endif
