/* fuzz_rules.c - the pooling rules file (nm_rules_load over the defaults).
 *
 * A file that loads gives rules that nm_rules_check accepts; one that does
 * not must say why.
 */
#include "fuzz.h"
#include "needmap/pool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nm_rules r;
    nm_error err;
    nm_rules_default(&r);
    FUZZ_CHECK(nm_rules_check(&r, &err) == NM_OK);
    nm_status st = nm_rules_load(&r, fuzz_file(data, size), &err);
    if (st != NM_OK) {
        FUZZ_CHECK(st == NM_ERR_CONFIG && err.msg[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(nm_rules_check(&r, &err) == NM_OK);
    for (int l = 0; l < NM_LEVEL_N; l++)
        FUZZ_CHECK(r.level[l].min_size >= 1 && r.level[l].max_size >= r.level[l].min_size);
    FUZZ_CHECK(r.enrolment_rate > 0 && r.enrolment_rate <= 1);
    FUZZ_CHECK(r.max_locations >= 1);
    return 0;
}
