/* reasons.c - the stable names and texts of rejections, skips and notes. */
#include "needmap/ingest.h"

static const char *const reason_texts[NM_REASON_N][2] = {
    {"malformed_row", "malformed row"},
    {"no_municipality", "municipality missing"},
    {"unknown_municipality", "unknown municipality"},
    {"ambiguous_municipality", "ambiguous municipality"},
    {"no_competence", "occupation or competence missing"},
    {"unknown_ssyk", "not an SSYK 2012 code"},
    {"count_negative", "count is negative"},
    {"count_not_number", "count is not a number"},
    {"count_too_large", "count is implausibly large"},
    {"count_ambiguous", "count is ambiguous"},
    {"count_bad_range", "count range is reversed"},
    {"count_too_small", "count is below 0.0005 (needmap counts in thousandths)"},
    {"blank", "blank line or empty row"},
    {"sep_line", "Excel sep= line"},
    {"header", "header row"},
    {"preamble", "note line above the header"},
    {"repeated_header", "header row repeated"},
    {"total_row", "total or sum row"},
    {"no_need", "no occupation cell filled in"},
    {"zero", "every count is zero"}};

const char *nm_reason_code(nm_reason r) { return reason_texts[r][0]; }
const char *nm_reason_text(nm_reason r) { return reason_texts[r][1]; }

const char *nm_note_text(nm_note n)
{
    static const char *const texts[NM_NOTE_N] = {
        "count not given: kept as a need without a number",
        "count given as a range",
        "count given as approximate",
        "count given as a lower bound (10+)",
        "occupation matched approximately",
        "competence not in SSYK: kept as unclassified text",
        "number in the occupation text, read without it (see the warning)",
        "several SSYK codes in one cell: their common group kept",
        "text in the SSYK column, matched as an occupation title",
        "need type not understood: kept as unknown",
        "education level not understood: kept as unknown",
        "delivery mode not understood: kept as unknown",
        "time horizon not understood: kept as unknown",
        "respondent kind not understood: kept as unknown"};
    return texts[n];
}
