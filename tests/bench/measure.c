/* measure.c - run a command and print its wall time and peak RSS:
 *   measure LABEL CMD ARGS...   ->   "LABEL: 1.234 s, peak RSS 12.3 MiB"
 * Or, with LABEL "csv:FILE", time libcsv's bare parse of FILE (comma or
 * semicolon, from the first line) in this process: the baseline needmap is
 * compared with.  Used by scale.sh; asserts nothing. */
#define _DEFAULT_SOURCE /* wait4 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void on_field(void *s, size_t n, void *d) { (void)s; (void)n; (*(long *)d)++; }
static void on_row(int c, void *d) { (void)c; (void)d; }

static int bare_parse(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    const char *nl = memchr(buf, '\n', n);
    size_t semis = 0, commas = 0;
    for (const char *p = buf; p < (nl ? nl : buf + n); p++)
        semis += *p == ';', commas += *p == ',';
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
    csv_set_delim(&p, semis > commas ? ';' : ',');
    long fields = 0;
    double t0 = now();
    do
        csv_parse(&p, buf, n, on_field, on_row, &fields);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0);
    csv_fini(&p, on_field, on_row, &fields);
    printf("libcsv bare parse: %.3f s (%ld fields)\n", now() - t0, fields);
    csv_free(&p);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strncmp(argv[1], "csv:", 4) == 0)
        return bare_parse(argv[1] + 4);
    if (argc < 3) {
        fputs("usage: measure LABEL CMD ARGS... | measure csv:FILE\n", stderr);
        return 2;
    }
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    printf("%s: %.3f s, peak RSS %.1f MiB, exit %d\n", argv[1], now() - t0,
           (double)ru.ru_maxrss / 1024.0, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
