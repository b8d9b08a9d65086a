/* run.c - `needmap run`: ingest, then write the planner outputs to DIR. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int nm_cmd_run(int argc, char **argv)
{
    (void)argc; (void)argv;
    fputs("needmap: error: run is being built\n", stderr);
    return NM_EXIT_INTERNAL;
}
