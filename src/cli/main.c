/* main.c - needmap's entry point: global options and the command table. */
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct command {
    const char *name;
    nm_cmd_fn fn;
} command;

static const command commands[] = {
    {"validate", nm_cmd_validate},
    {"inspect", nm_cmd_inspect},
    {"run", nm_cmd_run},
    {"audit", nm_cmd_audit},
    {"help", nm_cmd_help},
};

/* A standard stream the caller closed (`>&-`) gets /dev/null opened the
 * wrong way round in its place: otherwise the next file needmap opens
 * would take its number, and what is printed would land in that file.
 * Now writing to a closed standard output fails (EBADF), and is reported
 * like any other write error. */
static void hold_closed_std_streams(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got >= 0 && got != fd) { /* a lower number was free: cannot happen */
            dup2(got, fd);
            close(got);
        }
    }
}

/* Standard output reaches its destination or the exit code says it did
 * not: every command's printing is checked here, once. */
static int finish_stdout(int exit_code)
{
    errno = 0;
    int bad = ferror(stdout);
    if (fflush(stdout) != 0)
        bad = 1;
    int cause = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        cause = errno;
    }
    if (!bad)
        return exit_code;
    if (cause)
        fprintf(stderr, "needmap: error: standard output: cannot write: %s\n",
                strerror(cause));
    else
        fputs("needmap: error: standard output: cannot write\n", stderr);
    return nm_exit_worse(exit_code, NM_EXIT_OUTPUT);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        nm_cli_print_help(NULL, stderr);
        return NM_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("needmap %s\n", NEEDMAP_VERSION);
        return NM_EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        nm_cli_print_help(NULL, stdout);
        return NM_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    return nm_cli_usage_error(NULL, "unknown command '%s'", name);
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts the process; every GSL status is checked
     * and turned into a needmap error instead. */
    gsl_set_error_handler_off();
#ifdef __GLIBC__
    /* The disclosure audit's linear programs (COIN-OR Clp) allocate and free
     * factorisations of a few MiB thousands of times: by default glibc maps
     * each from the kernel and gives it back, which took half the audit's
     * time (12 municipalities: 5.8 s -> 3.0 s).  Keep freed memory in the
     * heap instead; the peak is unchanged. */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
#endif
    hold_closed_std_streams();
    return finish_stdout(dispatch(argc, argv));
}
