/* tempfile.c - unlinked scratch files in $TMPDIR. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/tempfile.h"

int nm_temp_fd(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t len = strlen(dir) + sizeof "/needmap-XXXXXX";
    char *path = nm_malloc(len);
    snprintf(path, len, "%s/needmap-XXXXXX", dir); /* mkstemp's template */
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    free(path);
    return fd;
}
