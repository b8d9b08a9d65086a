/* competence_parts.h - internals shared by the competence matcher's files
 * (not a public header).
 *
 * competence.c owns the matcher: its index of known texts, the cache of
 * texts seen, codes, the review.  competence_read.c reads a text that is not
 * known as it stands: by its words (Swedish word forms, compounds, qualifiers,
 * alternatives) against families of known titles, and by edit distance.
 *
 * A family is every known title whose head word is the same known word:
 * "sjukskoterska" holds Sjuksköterska itself, Psykiatrisjuksköterska,
 * "Sjuksköterska, grundutbildad" ... each with the words that set it apart
 * from the head (its modifiers).  Families, like the index, belong to the
 * base matcher and are read-only once built (forks share them).
 */
#ifndef NEEDMAP_COMPETENCE_PARTS_H
#define NEEDMAP_COMPETENCE_PARTS_H

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "needmap/buf.h"
#include "needmap/competence.h"
#include "needmap/swedish.h"
#include "needmap/strmap.h"

typedef struct target {
    char code[5];        /* "" for a competence label */
    const char *label;   /* canonical competence label, or NULL */
    nm_match_kind how;
} target;

typedef struct member {
    char code[5];        /* the title's SSYK group */
    uint32_t key;        /* the title's key: offset into the families' pool */
    uint32_t mods;       /* its modifier words, space-separated: offset into the pool */
} member;

typedef struct stem_codes {
    char (*code)[5];     /* the codes of the titles with a modifier of this stem */
    size_t n, cap;
} stem_codes;

typedef struct family {
    member *m;
    size_t n, cap;
} family;

typedef struct known {
    const char *text;    /* as written in its list (borrowed or interned) */
    const char *key;     /* its key in the index (the index's copy) */
    int english;         /* an English SSYK label: matched exactly, not read by rules */
} known;

/* What reading by rules needs besides the index, built from the known texts
 * the first time a text is not known as it stands (nmc_rules_of), then
 * read-only: a run whose texts are all known exactly never builds it. */
typedef struct nmc_rules {
    nm_strmap *parts;    /* key of one name of an "A/B" title -> target* */
    nm_strmap *families; /* head word -> family* */
    nm_strmap *words;    /* every word of a known text: the possible head words */
    nm_strmap *endings;  /* last 4 bytes of the words -> bit mask of their lengths */
    nm_buf fpool;        /* the families' keys and modifier words */
    nm_strmap *stems;    /* first STEM bytes of a modifier word -> stem_codes* */
    uint32_t *fz;        /* each known text's letters for edit distance, one after
                            another */
    size_t *fz_at;       /* per known text: where its letters start in fz (nknown + 1) */
    double family_g[5];  /* per SSYK level: how often a family's most common group is
                            right for a member left out, over all families */
} nmc_rules;

/* The base matcher's rules, shared with its forks (which may build them
 * from any thread: the lock makes that happen once). */
typedef struct nmc_shared {
    pthread_mutex_t lock;
    nmc_rules *rules;    /* NULL until first needed */
} nmc_shared;

struct nm_comp_matcher {
    const nm_refdata *ref;
    double min_confidence;
    nm_strmap *index;    /* key -> target*; shared by forks */
    known *known;        /* every text added to the index, in order; shared */
    size_t nknown, known_cap;
    nmc_shared *shared;  /* the rules; shared */
    int owns_index;      /* 0 in a fork */
    nm_strmap *cache;    /* raw text -> seen* */
    uint64_t used;       /* texts used so far (for first_use) */
    nm_strmap *labels;   /* interned label strings (keys only) */
    target **targets;    /* all targets, for freeing */
    size_t ntargets, cap;
};

/* One reading of a text: a group and how sure it is. */
typedef struct nmc_cand {
    char code[5];        /* "" when the reading gives no group */
    double p;            /* estimated probability that code is on the text's path */
    uint8_t rule;        /* nm_comp_rule */
    nm_match_kind how;   /* for an exact reading: where the text is known from */
    const char *label;   /* a competence label (exact readings only), or NULL */
    char via[48];        /* the known text it rests on, for review */
} nmc_cand;

enum { NMC_MAX_CANDS = 8 };

typedef struct nmc_reading {
    nmc_cand best;                 /* the best reading; best.code "" if none */
    nmc_cand cand[NMC_MAX_CANDS];  /* other readings, best first, for review */
    size_t ncand;
    uint8_t note;                  /* nm_comp_note: what was odd about the text */
} nmc_reading;

enum {
    NMC_MAX_WORDS = 24,  /* words of a phrase read */
    NMC_MIN_HEAD = 4,    /* shortest head word */
    NMC_MIN_PREFIX = 2,  /* shortest part before a head in a compound */
    NMC_FZ_MAX = 64,     /* longest text compared by edit distance, in letters */
    NMC_STEM = 5         /* bytes of a modifier word compared across families */
};

/* A text in parts (competence_read.c). */
typedef struct phrase {
    const char *w[NMC_MAX_WORDS];   /* head phrase words (keys), in order */
    const char *wf[NMC_MAX_WORDS];  /* the same as written (diacritics kept) */
    size_t n;
    const char *q[NMC_MAX_WORDS];   /* qualifier words */
    size_t nq;
    int dropped;                /* words were dropped as modifiers */
    int expanded;               /* an abbreviation was written out */
} phrase;

typedef struct parsed {
    nm_sv_title t;
    phrase alt[8];              /* the alternatives */
    size_t nalt;
    int number;                 /* a count was taken out of the text */
} parsed;

/* One reading in progress: where candidates go. */
typedef struct reader {
    const nm_comp_matcher *m;
    const char *exclude;
    nmc_reading *out;
} reader;

/* The target of key, or NULL (exclude: a key to treat as unknown, or NULL). */
static inline const target *nmc_lookup(const nm_comp_matcher *m, const char *key,
                                       const char *exclude)
{
    if (!key[0] || (exclude && strcmp(key, exclude) == 0))
        return NULL;
    return nm_strmap_get(m->index, key);
}
/* m's rules, built now if they are not yet. */
const nmc_rules *nmc_rules_of(const nm_comp_matcher *m);
/* Forget m's rules (after new synonyms): built again when next needed. */
void nmc_rules_reset(nm_comp_matcher *m);
/* Read text by rules (it is known not to be in the index as it stands,
 * unless exclude names its key). */
void nmc_read(const nm_comp_matcher *m, const char *text, const char *exclude,
              nmc_reading *out);

/* competence_text.c */
size_t nmc_prefix_len(const char *a, const char *b);
void nmc_cand_set(nmc_cand *c, const char *code, double p, nm_comp_rule rule,
                  const char *via);
void nmc_join(const char *const *w, size_t n, nm_buf *out);
/* Parse text into *P; P->t must be a valid (possibly used) title, reused. */
void nmc_parse(const char *text, parsed *P);

/* competence_family.c */
/* A single-word key that names an occupation (len bytes at w). */
const target *nmc_code_word(const nm_comp_matcher *m, const char *w, size_t len,
                            const char *exclude);
/* The family head of word (see competence_family.c): head and the part
 * before it (prefix); 0 when none is known.  proper: the word itself does
 * not count. */
int nmc_head_of(const nm_comp_matcher *m, const char *word, int proper,
                char head[NM_SV_WORD_MAX], char prefix[NM_SV_WORD_MAX]);
/* What head's family says about the text's other words ws; neutral: they
 * only say how or when (then root, the head's own title, is the reading). */
void nmc_family_reading(reader *r, const char *head, const target *root,
                        const char *const *ws, size_t nw, int neutral, nmc_cand *out);

/* competence_edit.c */
/* The letters of s (folded first, or already folded), punctuation a
 * space, into out (at most max): how many. */
size_t nmc_points(const char *s, uint32_t *out, size_t max);
size_t nmc_points_folded(const char *f, uint32_t *out, size_t max);
/* Edit distance of letters x (n) and y (m), max + 1 once it must exceed max. */
size_t nmc_distance(const uint32_t *x, size_t n, const uint32_t *y, size_t m, size_t max);
/* The known text key is a letter or two from (a misspelling of), if any. */
void nmc_fuzzy(reader *r, const char *key, nmc_cand *out);

#endif
