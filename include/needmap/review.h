/* review.h - the texts an analyst should review (matched approximately or
 * left unclassified), of all files merged in input order: the first
 * appearance of a text wins, its uses add up.
 *
 * An nm_review owns copies of what it keeps; nm_review_free releases them
 * (a zeroed one is empty and needs no free until something is added).
 */
#ifndef NEEDMAP_REVIEW_H
#define NEEDMAP_REVIEW_H

#include <stddef.h>

#include "needmap/ingest.h"
#include "needmap/strmap.h"

typedef struct nm_review {
    nm_strmap *index;          /* text -> item index + 1 */
    nm_review_item *items;     /* in order of first appearance */
    size_t n, cap;
} nm_review;

/* Add one file's review items (call in input order). */
void nm_review_add(nm_review *rv, const nm_file_report *rep);
void nm_review_free(nm_review *rv);

#endif
