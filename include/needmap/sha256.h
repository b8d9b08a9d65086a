/* sha256.h - SHA-256 (FIPS 180-4), streamed.  A plain value: no heap, no free. */
#ifndef NEEDMAP_SHA256_H
#define NEEDMAP_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct nm_sha256 {
    uint32_t h[8];
    uint64_t bytes;          /* message length so far */
    unsigned char block[64];
    size_t fill;             /* bytes in block */
} nm_sha256;

void nm_sha256_init(nm_sha256 *s);
void nm_sha256_update(nm_sha256 *s, const void *data, size_t n);
void nm_sha256_final(nm_sha256 *s, unsigned char digest[32]);
/* Lowercase hex of a digest into out (65 bytes). */
void nm_sha256_hex(const unsigned char digest[32], char out[65]);

/* 1 when the processor's SHA extensions do the work (several times
 * faster: docs/performance.md): for planning, never for results. */
int nm_sha256_hardware(void);

#endif
