/* batch_int.h - what batch.c (the schedule of reading) and batch_items.c
 * (an input's results) share.  Internal to src/pipeline/.
 *
 * An nm_batch_item is filled by one thread at a time: the one reading its
 * file (or part), then the one merging it.
 */
#ifndef NEEDMAP_BATCH_INT_H
#define NEEDMAP_BATCH_INT_H

#include "needmap/batch.h"

/* Keep rejection r in item: compactly (a full buffer goes to the spill
 * file), and as a message while the item holds fewer than max_messages. */
void nmb_item_reject(nm_batch_item *item, const nm_reject *r, long max_messages);

/* Add a later part's results to the file's item dst: counts, rejections,
 * review items, where the text ended, and messages while dst holds fewer
 * than max_messages.  What src held is moved or freed: free src after. */
void nmb_item_add_part(nm_batch_item *dst, nm_batch_item *src, long max_messages);

#endif
