/* test_sha256.c - SHA-256 (sha256.h): the published test vectors, fed
 * whole and in pieces. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/sha256.h"

#include "check.h"

static void sha256(const void *data, size_t n, size_t piece, char hex[65])
{
    nm_sha256 s;
    unsigned char d[32];
    nm_sha256_init(&s);
    for (size_t i = 0; i < n; i += piece)
        nm_sha256_update(&s, (const char *)data + i, n - i < piece ? n - i : piece);
    nm_sha256_final(&s, d);
    nm_sha256_hex(d, hex);
}

static void sha256_gives_the_published_test_vectors(void)
{
    char hex[65];
    sha256("", 0, 1, hex);
    CHECK_STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256("abc", 3, 1, hex);
    CHECK_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256(two, strlen(two), 7, hex);
    CHECK_STR_EQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    size_t n = 1000000;
    char *a = malloc(n);
    memset(a, 'a', n);
    sha256(a, n, 65536, hex); /* long blocks: the SHA-NI path where present */
    CHECK_STR_EQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    sha256(a, n, 63, hex);    /* short pieces: the portable path for most */
    CHECK_STR_EQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}


int main(void)
{
    RUN(sha256_gives_the_published_test_vectors);
    return check_finish();
}
