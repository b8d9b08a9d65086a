/* inspect.c - `needmap inspect`: what was detected in each file and how
 * each column was understood. */
#include <string.h>

#include "cli.h"
#include "needmap/competence.h"
#include "needmap/text.h"

/* Print text padded to width code points (printf pads bytes). */
static void print_padded(const char *text, size_t width)
{
    fputs(text, stdout);
    for (size_t n = nm_utf8_length(text); n < width; n++)
        putchar(' ');
}

static void print_column(size_t i, const nm_column *col, nm_comp_matcher *m)
{
    printf("  %3zu  ", i + 1);
    print_padded(col->header[0] ? col->header : "(empty)", 28);
    putchar(' ');
    print_padded(nm_role_name(col->role), 18);
    printf(" %s", col->why);
    if (col->role == NM_ROLE_WIDE) {
        const nm_competence *c = &col->wide;
        if (c->how == NM_MATCH_UNCLASSIFIED) {
            printf(": unclassified");
        } else if (c->ssyk[0]) {
            const char *label = nm_comp_label(m, c->ssyk);
            printf(": %s %s", c->ssyk, label ? label : "");
        } else {
            printf(": %s", c->label ? c->label : "");
        }
        if (col->need) /* named by a matrix question */
            printf(" (%s)", nm_need_name(col->need));
    }
    putchar('\n');
}

/* A workbook: its size, format and the sheet read. */
static void print_workbook(const nm_file_report *rep)
{
    const nm_read_info *i = &rep->info;
    printf("  bytes      %llu\n", (unsigned long long)i->bytes);
    printf("  format     Excel workbook (.xlsx)\n");
    if (i->decoded && i->sheet[0])
        printf("  sheet      '%s' (%u of %u), %llu rows\n", i->sheet, i->sheet_no, i->nsheets,
               (unsigned long long)i->lines);
}

static void print_inspection(const nm_file_report *rep, nm_comp_matcher *m)
{
    const nm_read_info *i = &rep->info;
    printf("%s\n", rep->path);
    if (i->format == NM_FORMAT_XLSX) {
        print_workbook(rep);
    } else {
        printf("  bytes      %llu, %llu lines\n", (unsigned long long)i->bytes,
               (unsigned long long)i->lines);
    }
    if (rep->info.decoded && i->format != NM_FORMAT_XLSX) {
        printf("  format     %s\n", i->format == NM_FORMAT_JSON ? "JSON" : "CSV");
        printf("  encoding   %s%s\n", nm_encoding_name(i->dec.enc),
               i->dec.had_bom ? " (byte-order mark)" : "");
        if (i->format == NM_FORMAT_CSV)
            printf("  delimiter  %s (%s)\n", nm_delimiter_name(i->delimiter),
                   i->sep_line ? "sep= line" : i->delimiter_detected ? "detected" : "mapping file");
        else if (i->json_path[0])
            printf("  records    %s\n", i->json_path);
    }
    if (rep->mapping)
        printf("  mapping    %s\n", rep->mapping);
    if (rep->header_line) {
        if (i->format == NM_FORMAT_JSON)
            printf("  header     the records' keys (first record at line %llu)\n",
                   (unsigned long long)rep->header_line);
        else
            printf("  header     %s %llu\n", i->format == NM_FORMAT_XLSX ? "row" : "line",
                   (unsigned long long)rep->header_line);
        if (rep->columns.wide)
            printf("  layout     wide: %zu occupation column%s, one row per respondent\n",
                   rep->columns.nwide, rep->columns.nwide == 1 ? "" : "s");
        else
            printf("  layout     long: one row per need\n");
        printf("  columns\n");
        for (size_t k = 0; k < rep->columns.n; k++)
            print_column(k, &rep->columns.cols[k], m);
    } else {
        printf("  header     not found\n"); /* the closest row's columns follow the error */
    }
    if (rep->status != NM_OK)
        printf("  status     not read completely: %s\n", rep->error.msg);
    nm_cli_print_accounting(rep, stdout);
}

/* Rows and needs rejected (exit code 1, as for validate). */
static uint64_t rejections(const nm_file_report *rep)
{
    uint64_t n = 0;
    for (int r = 0; r < NM_FIRST_SKIP; r++)
        n += rep->reasons[r];
    return n;
}

int nm_cmd_inspect(int argc, char **argv)
{
    static const struct option longopts[] = {NM_CLI_INGEST_LONGOPTS, {NULL, 0, NULL, 0}};
    nm_cli_ingest o;
    int exit_code = NM_EXIT_OK, c;
    nm_cli_ingest_init(&o);
    while ((c = getopt_long(argc, argv, "m:s:qh", longopts, NULL)) != -1) {
        int r = nm_cli_ingest_option("inspect", &o, c, optarg);
        if (r > 0)
            continue;
        nm_cli_ingest_free(&o);
        if (c == NM_OPT_HELP) {
            nm_cli_print_help("inspect", stdout);
            return NM_EXIT_OK;
        }
        return r < 0 ? NM_EXIT_USAGE : nm_cli_usage_error("inspect", "unknown option");
    }
    if (nm_cli_collect_inputs("inspect", &o, argc, argv, optind, 0, &exit_code) < 0) {
        nm_cli_ingest_free(&o);
        return NM_EXIT_USAGE;
    }
    nm_ingest *g = nm_cli_open_ingest(&o, &exit_code);
    for (size_t i = 0; g && i < o.inputs.n; i++) {
        nm_file_report rep;
        nm_ingest_file(g, o.inputs.paths[i], NULL, &rep);
        nm_cli_report_file_problems(&rep);
        if (i)
            putchar('\n');
        print_inspection(&rep, nm_ingest_matcher(g));
        if (rep.status != NM_OK)
            exit_code = nm_exit_worse(exit_code, nm_exit_for_status(rep.status));
        if (rejections(&rep))
            exit_code = nm_exit_worse(exit_code, NM_EXIT_REJECTS);
        nm_file_report_free(&rep);
    }
    nm_ingest_free(g);
    nm_cli_ingest_free(&o);
    return exit_code;
}
