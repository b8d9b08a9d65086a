/* fuzz.h - what the fuzz harnesses share (tests/fuzz/).
 *
 * Each harness is one LLVMFuzzerTestOneInput over needmap's public library
 * functions.  It is linked either with libFuzzer (clang, -fsanitize=fuzzer)
 * or with standalone.c, which replays a corpus and deterministic mutations
 * of it (any compiler).  A harness frees everything it allocates for one
 * input before it returns (libFuzzer's leak check is on); the few things
 * built once per process (reference data, a base matcher, the temporary
 * file) are owned here and live until the process ends.
 *
 * A broken invariant is reported with fuzz_fail, which prints what did not
 * hold and aborts, so both drivers see a crash and keep the input.
 */
#ifndef NEEDMAP_FUZZ_H
#define NEEDMAP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/buf.h"
#include "needmap/competence.h"
#include "needmap/refdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The built-in reference data, loaded on first use (aborts if it cannot
 * be).  Owned here. */
const nm_refdata *fuzz_refdata(void);

/* A matcher over the built-in reference data with no synonyms of the
 * analyst, built on first use; fork it for per-input state.  Owned here. */
const nm_comp_matcher *fuzz_base_matcher(void);

/* Put data[0..size) into a file of this process (a memfd, rewritten for
 * every input) and return a path that opens it.  Owned here. */
const char *fuzz_file(const uint8_t *data, size_t size);

/* 1 when s[0..n) is valid UTF-8 (no surrogates, no overlong forms). */
int fuzz_valid_utf8(const char *s, size_t n);

/* Decode data as needmap decodes text of unknown quality (UTF-8, a stray
 * invalid byte read as Windows-1252) into out: what every stage after the
 * reader is given. */
void fuzz_text(const uint8_t *data, size_t size, nm_buf *out);

/* A small deterministic number from the bytes (FNV-1a), to choose options
 * that the input then always gets. */
uint32_t fuzz_hash(const uint8_t *data, size_t size);

/* Print "fuzz: invariant failed: what" and abort. */
void fuzz_fail(const char *what) __attribute__((noreturn));

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(#cond " (" __FILE__ ")"))

#endif
