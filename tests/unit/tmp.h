/* tmp.h - temporary files and directories for the unit tests.
 *
 * tmp_file writes bytes to a new file made with mkstemp and returns its path
 * (malloc'ed); tmp_file_remove deletes the file and frees the path.
 * tmp_dir makes a directory with mkdtemp; tmp_dir_put writes a file below
 * it; tmp_dir_remove deletes the directory with everything in it and frees
 * the path.  Paths live under $TMPDIR, or /tmp.  A failure to create a
 * temporary file ends the test program (exit 2): nothing can be tested.
 */
#ifndef NEEDMAP_TEST_TMP_H
#define NEEDMAP_TEST_TMP_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline char *tmp_path(const char *base, const char *name)
{
    size_t n = strlen(base) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) {
        perror("tmp_path");
        exit(2);
    }
    snprintf(p, n, "%s/%s", base, name);
    return p;
}

static inline void tmp_write_all(const char *path, int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w <= 0) {
            perror(path);
            exit(2);
        }
        p += w;
        len -= (size_t)w;
    }
}

/* A new file holding data[0..len); returns its path. */
static inline char *tmp_file(const void *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char *path = tmp_path(dir && *dir ? dir : "/tmp", "needmap-unit-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror(path);
        exit(2);
    }
    tmp_write_all(path, fd, data, len);
    close(fd);
    return path;
}

static inline char *tmp_file_str(const char *text) { return tmp_file(text, strlen(text)); }

static inline void tmp_file_remove(char *path)
{
    if (path)
        remove(path);
    free(path);
}

static inline char *tmp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    char *path = tmp_path(dir && *dir ? dir : "/tmp", "needmap-unit-dir-XXXXXX");
    if (!mkdtemp(path)) {
        perror(path);
        exit(2);
    }
    return path;
}

/* Make the directory dir/name (one level). */
static inline void tmp_dir_mkdir(const char *dir, const char *name)
{
    char *p = tmp_path(dir, name);
    if (mkdir(p, 0700) != 0) {
        perror(p);
        exit(2);
    }
    free(p);
}

/* Write text to dir/name (name may hold '/' into existing directories). */
static inline void tmp_dir_put(const char *dir, const char *name, const char *text)
{
    char *p = tmp_path(dir, name);
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
        perror(p);
        exit(2);
    }
    free(p);
}

static inline void tmp_tree_remove(const char *path)
{
    struct stat st; /* a link is removed, never followed */
    DIR *d = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? opendir(path) : NULL;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *sub = tmp_path(path, e->d_name);
            tmp_tree_remove(sub);
            free(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        remove(path);
    }
}

static inline void tmp_dir_remove(char *dir)
{
    if (dir)
        tmp_tree_remove(dir);
    free(dir);
}

#endif
