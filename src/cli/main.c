/* main.c - needmap's entry point: global options and the command table. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
    const char *name;
    nm_cmd_fn fn;
} command;

static const command commands[] = {
    {"validate", nm_cmd_validate},
    {"inspect", nm_cmd_inspect},
    {"run", nm_cmd_run},
    {"help", nm_cmd_help},
};

int main(int argc, char **argv)
{
    /* GSL's default handler aborts the process; every GSL status is checked
     * and turned into a needmap error instead. */
    gsl_set_error_handler_off();
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
