/* audit.c - `needmap audit DIR`: prove that no hidden figure of a
 * published results folder can be worked out from its published figures
 * (disclosure.h), from the model the run wrote beside them
 * (disclosure.csv). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "needmap/buf.h"
#include "needmap/disclosure.h"
#include "needmap/parallel.h"

enum { OPT_PROTECTION = 256 };

static void print_result(const char *dir, const nm_dc_model *m, const nm_dc_audit_result *r,
                         double p)
{
    printf("%s: %llu hidden figures audited in %llu independent parts (%llu linear "
           "programs); protection +-max(1, %g%%)\n",
           dir, (unsigned long long)r->hidden, (unsigned long long)r->components,
           (unsigned long long)r->lps, p);
    if (!r->narrowed) {
        printf("%s: pass: no hidden figure can be narrowed below its protection\n", dir);
        return;
    }
    const nm_dc_unit *u = &m->unit[m->fig[r->first_bad].unit];
    printf("%s: FAIL: %llu hidden figures can be narrowed below their protection, %llu "
           "of them to one value (the first: %s row %u, between %g and %g)\n",
           dir, (unsigned long long)r->narrowed, (unsigned long long)r->exact,
           nm_dc_table_name((nm_dc_table)u->table), u->row + 1, r->first_lo, r->first_hi);
}

int nm_cmd_audit(int argc, char **argv)
{
    static const struct option longs[] = {
        {"protection", required_argument, NULL, OPT_PROTECTION},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    long protection = -1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        if (c == 'h') {
            nm_cli_print_help("audit", stdout);
            return NM_EXIT_OK;
        }
        if (c == OPT_PROTECTION) {
            if (nm_cli_parse_long("audit", "protection", optarg, 0, 100, &protection) != 0)
                return NM_EXIT_USAGE;
            continue;
        }
        return nm_cli_usage_error("audit", "unknown option");
    }
    if (argc - optind != 1)
        return nm_cli_usage_error("audit", "give one results directory");
    const char *dir = argv[optind];
    nm_buf path = {0};
    nm_buf_puts(&path, dir);
    nm_buf_puts(&path, "/disclosure.csv");
    nm_error err;
    nm_error_clear(&err);
    FILE *f = fopen(nm_buf_str(&path), "r");
    if (!f) {
        nm_error_set(&err, NM_ERR_INPUT, nm_buf_str(&path), 0, 0,
                     "cannot open: %s (a folder written by needmap run, without --internal, "
                     "has one)", strerror(errno));
        nm_error_print(&err, "error", stderr);
        nm_buf_free(&path);
        return NM_EXIT_INPUT;
    }
    nm_dc_model m;
    double p = 0;
    nm_status st = nm_dc_model_read(f, nm_buf_str(&path), &m, &p, &err);
    fclose(f);
    nm_buf_free(&path);
    if (st != NM_OK) {
        nm_error_print(&err, "error", stderr);
        return nm_exit_for_status(st);
    }
    if (protection >= 0)
        p = (double)protection;
    nm_dc_audit_result r;
    nm_threads threads = nm_threads_of(0); /* one per core: the same answer for any */
    st = nm_dc_audit_all_on(&m, p, &threads, &r, &err);
    if (st != NM_OK) {
        nm_error_print(&err, "error", stderr);
        nm_dc_audit_result_free(&r);
        nm_dc_model_free(&m);
        return nm_exit_for_status(st);
    }
    print_result(dir, &m, &r, p);
    int code = r.narrowed ? NM_EXIT_DISCLOSURE : NM_EXIT_OK;
    nm_dc_audit_result_free(&r);
    nm_dc_model_free(&m);
    return code;
}
