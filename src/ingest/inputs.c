/* inputs.c - files and directories named on the command line. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/inputs.h"

static void push(nm_inputs *in, const char *path)
{
    NM_GROW(in->paths, in->cap, in->n + 1);
    in->paths[in->n++] = nm_strdup(path);
}

static int wanted(const char *name)
{
    static const char *const exts[] = {".csv", ".tsv", ".txt", ".json", NULL};
    size_t n = strlen(name);
    for (const char *const *e = exts; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strcasecmp(name + n - k, *e) == 0)
            return 1;
    }
    return 0;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect exports below dir into out (unsorted). */
static void walk(const char *dir, nm_inputs *out, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 32) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    nm_buf path = {0};
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        nm_buf_reset(&path);
        nm_buf_printf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        struct stat st;
        if (stat(path.data, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk(path.data, out, depth + 1);
        else if (S_ISREG(st.st_mode) && wanted(e->d_name))
            push(out, path.data);
    }
    nm_buf_free(&path);
    closedir(d);
}

nm_status nm_inputs_add(nm_inputs *in, const char *arg, nm_error *err)
{
    struct stat st;
    if (strcmp(arg, "-") == 0) {
        push(in, arg);
        return NM_OK;
    }
    if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
        /* a file, or a path that cannot be opened: the reader reports it in
         * the file's own report, so it is counted like any other input */
        push(in, arg);
        return NM_OK;
    }
    nm_inputs found = {0};
    walk(arg, &found, 0);
    if (found.n == 0) {
        nm_inputs_free(&found);
        return nm_error_set(err, NM_ERR_INPUT, arg, 0, 0,
                            "directory holds no .csv, .tsv, .txt or .json files");
    }
    qsort(found.paths, found.n, sizeof *found.paths, by_path);
    for (size_t i = 0; i < found.n; i++)
        push(in, found.paths[i]);
    nm_inputs_free(&found);
    return NM_OK;
}

void nm_inputs_free(nm_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    memset(in, 0, sizeof *in);
}

void nm_inputs_sort(nm_inputs *in)
{
    if (in->n > 1)
        qsort(in->paths, in->n, sizeof *in->paths, by_path);
    size_t k = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (k && strcmp(in->paths[k - 1], in->paths[i]) == 0)
            free(in->paths[i]);
        else
            in->paths[k++] = in->paths[i];
    }
    in->n = k;
}
