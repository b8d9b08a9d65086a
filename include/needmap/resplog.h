/* resplog.h - which respondent answered in which cell: the pairs behind
 * every distinct-respondent count (detail cells, roll-ups, clusters,
 * cohorts, shared respondents between competences).
 *
 * Pairs are gathered in runs of NM_RESPLOG_RUN; each full run is sorted by
 * respondent and written to an unlinked temporary file, so memory stays a
 * few megabytes however many rows are read.  Runs are 16 bytes a pair: a
 * respondent's hash and a cell number, nothing anyone wrote.  Runs on
 * file are merged level by level: more than NM_RESPLOG_MERGE runs of one
 * level become one run of the next (in a file of its own; files no run is
 * read from are closed), so each pair is rewritten once per level and
 * reading back holds a bounded number of read buffers.  Absorbing another
 * log takes its runs as they are, with a map of their cells, and writes
 * the ones it held in memory to this log's file.  Sealing merges all runs
 * once into a stream of respondents with their distinct cells (4 bytes a
 * cell; in memory under NM_RESPLOG_MEMORY words, else on file).  When no
 * temporary file can be made or written (disk full), what is on file is
 * kept and the rest stays in memory (correct, only larger).
 *
 * A log is written by one thread.  Once sealed (nm_resplog_seal) it is
 * read-only and may be read back any number of times, by several threads
 * at once (reads are pread calls).  A temporary file that cannot be read
 * back is fatal: the message
 * "needmap: error: temporary file: ..." and exit NM_EXIT_INTERNAL (5), like
 * running out of memory.
 *
 * nm_resplog_new returns a log the caller frees with nm_resplog_free (NULL
 * is a no-op).
 */
#ifndef NEEDMAP_RESPLOG_H
#define NEEDMAP_RESPLOG_H

#include <stddef.h>
#include <stdint.h>

/* Pairs a run holds (2 MiB); runs of a level on file merged beyond MERGE;
 * 32-bit words of a sealed log kept in memory before it goes to a file. */
enum { NM_RESPLOG_RUN = 1 << 17, NM_RESPLOG_MERGE = 64, NM_RESPLOG_MEMORY = 1 << 19 };

typedef struct nm_resplog nm_resplog;

nm_resplog *nm_resplog_new(void);
/* The same with other sizes (at least 1 each): tests reach every path
 * with small inputs. */
nm_resplog *nm_resplog_new_sized(size_t run_pairs, size_t memory_words);
void nm_resplog_free(nm_resplog *l);

/* Note that `respondent` answered in `cell` (repeats are fine). */
void nm_resplog_add(nm_resplog *l, uint64_t respondent, uint32_t cell);

/* Add every pair of src to l, src's cell c becoming map[c] (c as src
 * reads back, after its own renumbering; map[c] in l's numbering before
 * any renumbering of l), then free src.  Neither is sealed. */
void nm_resplog_absorb(nm_resplog *l, nm_resplog *src, const uint32_t *map);

/* From now on cell c reads back as map[c] (map[0..n) is copied; every cell
 * added must be below n), applied when reading back.  Composes with an
 * earlier renumbering; allowed before and after sealing. */
void nm_resplog_renumber(nm_resplog *l, const uint32_t *map, size_t n);

/* No more pairs: the runs are merged into one stream of respondents with
 * their distinct cells. */
void nm_resplog_seal(nm_resplog *l);

/* Called once per distinct respondent with its distinct cells: ascending,
 * unless the log was renumbered (then in no particular order, and
 * distinct only if the renumbering is one-to-one, as the demand table's
 * is); cells is valid during the call only. */
typedef void (*nm_resplog_fn)(void *ctx, const uint32_t *cells, size_t n);

/* Read a sealed log back, respondents in hash order. */
void nm_resplog_each(const nm_resplog *l, nm_resplog_fn fn, void *ctx);

/* Pairs added (repeats included), and the runs waiting on file now
 * (merging makes them fewer; 0 once sealed). */
uint64_t nm_resplog_pairs(const nm_resplog *l);
size_t nm_resplog_runs_on_file(const nm_resplog *l);

#endif
