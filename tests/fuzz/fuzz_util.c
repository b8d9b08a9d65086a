/* fuzz_util.c - reference data, a temporary file and checks shared by the
 * fuzz harnesses (see fuzz.h). */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "needmap/decode.h"

void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz: invariant failed: %s\n", what);
    abort();
}

const nm_refdata *fuzz_refdata(void)
{
    static nm_refdata *ref;
    if (!ref) {
        nm_error err;
        if (nm_refdata_load(&ref, &err) != NM_OK) {
            nm_error_print(&err, "error", stderr);
            abort();
        }
    }
    return ref;
}

const nm_comp_matcher *fuzz_base_matcher(void)
{
    static nm_comp_matcher *base;
    if (!base)
        base = nm_comp_matcher_new(fuzz_refdata(), NM_DEFAULT_MIN_CONFIDENCE);
    return base;
}

const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("needmap-fuzz", 0);
        if (fd < 0) {
            perror("fuzz: memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0) {
        perror("fuzz: ftruncate");
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t k = pwrite(fd, data + done, size - done, (off_t)done);
        if (k <= 0) {
            perror("fuzz: pwrite");
            abort();
        }
        done += (size_t)k;
    }
    return path;
}

int fuzz_valid_utf8(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0 || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||
            (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
            return 0;
        i += len;
    }
    return 1;
}

void fuzz_text(const uint8_t *data, size_t size, nm_buf *out)
{
    nm_decoder d;
    nm_decoder_force(&d, NM_ENC_UTF8, data, size);
    nm_decoder_feed(&d, data, size, 1, out);
}

uint32_t fuzz_hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}
