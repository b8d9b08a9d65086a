/* bench_ingest.c - ingest throughput next to libcsv's bare parse.
 *
 * Writes a seeded synthetic long-layout export of about SIZE_MB megabytes
 * (default 100; first argument), then measures in child processes, so each
 * gets its own peak memory:
 *   1. libcsv alone: csv_parse over the file with empty callbacks;
 *   2. needmap's ingest: nm_ingest_file with a sink that counts records.
 * Prints MB/s, the ratio, and peak RSS.  Not a test: nothing is asserted. */
#define _DEFAULT_SOURCE /* wait4 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "needmap/ingest.h"

static const char *const munis[] = {"Arjeplog", "Arvidsjaur", "Jokkmokk", "Pajala",
                                    "Överkalix", "Sorsele", "Dorotea", "Bjurholm", "Malå",
                                    "Storuman", "Vilhelmina", "Åsele", "2481", "2480"};
static const char *const jobs[] = {"Undersköterska", "Sjuksköterska", "Förskollärare",
                                   "Elektriker", "Lastbilsförare", "5321", "2221",
                                   "Personlig assistent", "Kock", "Digitalisering",
                                   "Undersköterka", "Grundskollärare"};
static const char *const needs[] = {"Rekrytering", "Kompetensutveckling", "Intresse"};
static const char *const modes[] = {"Distans", "Hybrid", "På plats"};

static uint64_t rng = 42;
static unsigned next(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

static long write_export(const char *path, long mb)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fputs("Kommun;Organisation;Yrke;Antal;Behov;Nivå;Utbildningsform;Tidshorisont;"
          "Kontaktperson;E-post;Kommentar\n", f);
    long rows = 0;
    while (ftell(f) < mb * 1000000L) {
        fprintf(f, "%s;Arbetsgivare %u;%s;%u;%s;YH;%s;1-3 år;Anna Exempel;anna@example.se;"
                   "\"Behovet gäller; troligen fler\"\n",
                munis[next(14)], next(500), jobs[next(12)], 1 + next(9), needs[next(3)],
                modes[next(3)]);
        rows++;
    }
    fclose(f);
    return rows;
}

static void cb_field(void *s, size_t n, void *d) { (void)s; (void)n; (*(long *)d)++; }
static void cb_row(int c, void *d) { (void)c; (void)d; }

static int bare_libcsv(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
    csv_set_delim(&p, ';');
    static char buf[1 << 16];
    size_t n;
    long fields = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, cb_field, cb_row, &fields) != n)
            return 1;
    csv_fini(&p, cb_field, cb_row, &fields);
    csv_free(&p);
    fclose(f);
    return fields == 0;
}

static void count_record(void *ctx, const nm_record *r) { (void)r; (*(long *)ctx)++; }

static int needmap_ingest(const char *path)
{
    nm_ingest_opts opts = {NULL, NULL, 0, 0.8, NULL};
    nm_ingest *g;
    nm_error err;
    if (nm_ingest_new(&opts, &g, &err) != NM_OK)
        return 1;
    long records = 0;
    nm_sink sink = {count_record, NULL, &records};
    nm_file_report rep;
    nm_status st = nm_ingest_file(g, path, &sink, &rep);
    nm_file_report_free(&rep);
    nm_ingest_free(g);
    return st != NM_OK || records == 0;
}

/* Run fn in a child; returns seconds, and the child's peak RSS in KiB. */
static double measure(int (*fn)(const char *), const char *path, long *rss_kib)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn(path));
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &b);
    *rss_kib = ru.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "bench: child failed\n");
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    long mb = argc > 1 ? atol(argv[1]) : 100;
    char path[] = "/tmp/needmap-bench-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 1;
    close(fd);
    long rows = write_export(path, mb);
    double size = (double)mb;
    long rss_csv, rss_nm;
    double t_csv = measure(bare_libcsv, path, &rss_csv);
    double t_nm = measure(needmap_ingest, path, &rss_nm);
    printf("ingest benchmark: %ld MB long export, %ld rows, semicolon, UTF-8\n", mb, rows);
    printf("  libcsv bare parse : %6.2f s  %7.1f MB/s  peak RSS %6.1f MiB\n", t_csv,
           size / t_csv, rss_csv / 1024.0);
    printf("  needmap ingest    : %6.2f s  %7.1f MB/s  peak RSS %6.1f MiB\n", t_nm,
           size / t_nm, rss_nm / 1024.0);
    printf("  ratio needmap / libcsv: %.2fx\n", t_nm / t_csv);
    unlink(path);
    return 0;
}
