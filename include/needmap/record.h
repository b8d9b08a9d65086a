/* record.h - the survey model: one accepted need, as every later stage sees it.
 *
 * A record is a plain value.  Its two pointers (competence.label and file)
 * are borrowed: they point into the ingest context that produced the record
 * and stay valid until that context is freed.  No record field ever holds
 * personal data: respondents are kept only as a 64-bit hash.
 */
#ifndef NEEDMAP_RECORD_H
#define NEEDMAP_RECORD_H

#include <stdint.h>

typedef enum nm_need {
    NM_NEED_UNKNOWN, NM_NEED_RECRUITMENT, NM_NEED_UPSKILLING, NM_NEED_INTEREST, NM_NEED_N
} nm_need;

typedef enum nm_level {
    NM_LEVEL_UNKNOWN, NM_LEVEL_YH, NM_LEVEL_UNIVERSITY, NM_LEVEL_COURSE, NM_LEVEL_KOMVUX,
    NM_LEVEL_N
} nm_level;

typedef enum nm_mode {
    NM_MODE_UNKNOWN, NM_MODE_DISTANCE, NM_MODE_HYBRID, NM_MODE_ONSITE, NM_MODE_N
} nm_mode;

typedef enum nm_rkind {
    NM_RKIND_UNKNOWN, NM_RKIND_MUNICIPAL, NM_RKIND_COMPANY, NM_RKIND_PERSON, NM_RKIND_N
} nm_rkind;

typedef enum nm_match_kind {
    NM_MATCH_CODE,          /* an SSYK code */
    NM_MATCH_LABEL,         /* an official SSYK label (Swedish or English) */
    NM_MATCH_TITLE,         /* the occupation-title list */
    NM_MATCH_SYNONYM,       /* needmap's synonyms file */
    NM_MATCH_USER_SYNONYM,  /* the analyst's synonyms file */
    NM_MATCH_FUZZY,         /* approximate (read by rules or edit distance): see
                               confidence and rule */
    NM_MATCH_UNCLASSIFIED   /* nothing matched well enough */
} nm_match_kind;

typedef struct nm_count {
    double value;           /* point value: the midpoint of a range */
    double low, high;       /* equal to value unless a range was given */
    unsigned known : 1;     /* 0: "vet ej", "x" or empty: need without a number */
    unsigned approx : 1;    /* "ca 5" */
    unsigned at_least : 1;  /* "10+" */
    unsigned range : 1;     /* "2-4" */
} nm_count;

/* What was odd about a competence text, for a note or a warning. */
typedef enum nm_comp_note {
    NM_COMP_NOTE_NONE,
    NM_COMP_NOTE_NUMBER,      /* a number in the text ("Sjuksköterska 2"), read without
                                 it: a count in the wrong column? */
    NM_COMP_NOTE_CODES,       /* several SSYK codes in one cell: their common group */
    NM_COMP_NOTE_CODE_COLUMN  /* text in the SSYK code column, matched as a title */
} nm_comp_note;

typedef struct nm_competence {
    char ssyk[5];           /* SSYK 2012 code, 1-4 digits; "" when unclassified */
    const char *label;      /* unclassified: the canonical competence label or the
                               cleaned text; else NULL (labels come from SSYK) */
    nm_match_kind how;      /* how the text was recognised */
    uint8_t rule;           /* approximate matches: how the text was read
                               (nm_comp_rule, competence.h); else 0 */
    uint8_t note;           /* nm_comp_note */
    double confidence;      /* 1 for exact matches, below 1 for approximate */
} nm_competence;

typedef struct nm_horizon {
    int8_t lo, hi;          /* years from now, lo <= hi; -1 when unknown */
} nm_horizon;

typedef struct nm_record {
    char municipality[5];   /* municipality code, "2506" */
    nm_competence competence;
    nm_count count;
    nm_need need;
    nm_level level;
    nm_mode mode;
    nm_horizon horizon;
    uint64_t respondent;    /* hash identifying the respondent, never its name */
    nm_rkind respondent_kind;
    const char *file;       /* source file as named on the command line */
    uint64_t line;          /* physical line of the row in that file */
    uint32_t col;           /* column the count came from (wide layout), 1-based */
} nm_record;

/* Stable names used in outputs and option values. */
const char *nm_need_name(nm_need v);      /* "recruitment", ... "unknown" */
const char *nm_level_name(nm_level v);    /* "yh", "university", "course", "komvux" */
const char *nm_mode_name(nm_mode v);      /* "distance", "hybrid", "onsite" */
const char *nm_rkind_name(nm_rkind v);    /* "municipal", "company", "person" */
const char *nm_match_kind_name(nm_match_kind v);

#endif
