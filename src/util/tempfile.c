/* tempfile.c - unlinked scratch files in $TMPDIR. */
#include <stdlib.h>
#include <unistd.h>

#include "needmap/buf.h"
#include "needmap/tempfile.h"

int nm_temp_fd(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    nm_buf path = {0};
    nm_buf_printf(&path, "%s/needmap-%s", dir, NM_MKSTEMP_SUFFIX);
    int fd = mkstemp(path.data);
    if (fd >= 0)
        unlink(path.data);
    nm_buf_free(&path);
    return fd;
}
