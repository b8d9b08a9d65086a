/* tempfile.h - scratch files for data that would otherwise grow memory
 * with rows (the respondent log, rejections waiting for rejects.csv).
 *
 * nm_temp_fd makes a file in $TMPDIR (or /tmp) and unlinks it at once: it
 * disappears when closed, also when needmap is killed.  The caller owns
 * the descriptor.  Returns -1 when no file can be made; callers then keep
 * the data in memory.
 */
#ifndef NEEDMAP_TEMPFILE_H
#define NEEDMAP_TEMPFILE_H

/* The six placeholder characters mkstemp and mkdtemp replace (for every
 * temporary name: scratch files, atomic outputs, the output directory). */
#define NM_MKSTEMP_SUFFIX "\x58\x58\x58\x58\x58\x58"

int nm_temp_fd(void);

#endif
