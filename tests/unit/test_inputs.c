/* test_inputs.c - expanding command-line inputs into files to read
 * (inputs.h). */
#define _DEFAULT_SOURCE /* setgroups */
#include <grp.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "needmap/inputs.h"

#include "check.h"
#include "tmp.h"

/* The path of entry i relative to dir ("(none)" when there is none). */
static const char *rel(const nm_inputs *in, size_t i, const char *dir)
{
    if (i >= in->n)
        return "(none)";
    size_t n = strlen(dir);
    const char *p = in->paths[i];
    if (strncmp(p, dir, n) == 0 && p[n] == '/')
        return p + n + 1;
    return p;
}

static char *export_tree(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "norrbotten.csv", "Kommun;Yrke\n");
    tmp_dir_put(dir, "Arjeplog.CSV", "Kommun;Yrke\n");
    tmp_dir_put(dir, "intresse.json", "[]\n");
    tmp_dir_put(dir, "matris.tsv", "Kommun\tKock\n");
    tmp_dir_put(dir, "unicode.txt", "Kommun\tKock\n");
    tmp_dir_put(dir, "svar.xlsx", "PK");
    tmp_dir_put(dir, "~$svar.xlsx", "owner"); /* Excel's, beside an open workbook */
    tmp_dir_put(dir, "README.md", "# notes\n");
    tmp_dir_put(dir, ".~lock.norrbotten.csv#", "lock");
    tmp_dir_put(dir, ".hidden.csv", "Kommun;Yrke\n");
    tmp_dir_mkdir(dir, ".git");
    tmp_dir_put(dir, ".git/old.csv", "Kommun;Yrke\n");
    tmp_dir_mkdir(dir, "b_lan");
    tmp_dir_put(dir, "b_lan/dorotea.csv", "Kommun,Yrke\n");
    tmp_dir_mkdir(dir, "b_lan/djup");
    tmp_dir_put(dir, "b_lan/djup/asele.csv", "Kommun,Yrke\n");
    return dir;
}

static void directory_expands_to_its_exports_sorted_by_path(void)
{
    char *dir = export_tree();
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    CHECK_INT_EQ(in.n, 8);
    CHECK_STR_EQ(rel(&in, 0, dir), "Arjeplog.CSV");
    CHECK_STR_EQ(rel(&in, 1, dir), "b_lan/djup/asele.csv");
    CHECK_STR_EQ(rel(&in, 2, dir), "b_lan/dorotea.csv");
    CHECK_STR_EQ(rel(&in, 3, dir), "intresse.json");
    CHECK_STR_EQ(rel(&in, 4, dir), "matris.tsv");
    CHECK_STR_EQ(rel(&in, 5, dir), "norrbotten.csv");
    CHECK_STR_EQ(rel(&in, 6, dir), "svar.xlsx");
    CHECK_STR_EQ(rel(&in, 7, dir), "unicode.txt");
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

static void hidden_files_excel_owner_files_and_other_types_are_skipped(void)
{
    char *dir = export_tree();
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    int hidden = 0, other = 0;
    for (size_t i = 0; i < in.n; i++) {
        hidden += strstr(in.paths[i], "/.") != NULL;
        other += strstr(in.paths[i], "~$") != NULL || strstr(in.paths[i], ".md") != NULL;
    }
    CHECK_INT_EQ(hidden, 0);
    CHECK_INT_EQ(other, 0);
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

static void trailing_slash_gives_no_double_slash(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "a.csv", "Kommun;Yrke\n");
    char *with_slash = tmp_path(dir, "");
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, with_slash), NM_OK);
    CHECK_INT_EQ(in.n, 1);
    CHECK(in.n == 1 && strstr(in.paths[0], "//") == NULL);
    CHECK(in.n == 1 && strcmp(rel(&in, 0, dir), "a.csv") == 0);
    nm_inputs_free(&in);
    free(with_slash);
    tmp_dir_remove(dir);
}

static void named_file_stands_for_itself_whatever_its_name(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "export.dat", "Kommun;Yrke\n");
    char *file = tmp_path(dir, "export.dat");
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, file), NM_OK);
    CHECK_INT_EQ(in.n, 1);
    CHECK_STR_EQ(in.n ? in.paths[0] : NULL, file);
    nm_inputs_free(&in);
    free(file);
    tmp_dir_remove(dir);
}

static void dash_means_standard_input(void)
{
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, "-"), NM_OK);
    CHECK_INT_EQ(in.n, 1);
    CHECK_STR_EQ(in.n ? in.paths[0] : NULL, "-");
    nm_inputs_free(&in);
}

static void arguments_keep_their_order_and_a_missing_path_is_kept_for_its_report(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "z.csv", "Kommun;Yrke\n");
    tmp_dir_put(dir, "a.csv", "Kommun;Yrke\n");
    char *z = tmp_path(dir, "z.csv"), *a = tmp_path(dir, "a.csv");
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, z), NM_OK);
    CHECK_INT_EQ(nm_inputs_add(&in, a), NM_OK);
    /* reading it fails later, in its own report, like any unreadable input */
    CHECK_INT_EQ(nm_inputs_add(&in, "/nonexistent/needmap/svar.csv"), NM_OK);
    CHECK_INT_EQ(in.n, 3);
    CHECK_STR_EQ(in.n == 3 ? in.paths[0] : NULL, z);
    CHECK_STR_EQ(in.n == 3 ? in.paths[1] : NULL, a);
    CHECK_STR_EQ(in.n == 3 ? in.paths[2] : NULL, "/nonexistent/needmap/svar.csv");
    nm_inputs_free(&in);
    free(z);
    free(a);
    tmp_dir_remove(dir);
}

static void directory_without_exports_is_an_input_error(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "svar.pdf", "%PDF");
    tmp_dir_put(dir, "~$svar.xlsx", "owner");
    tmp_dir_put(dir, ".dold.csv", "Kommun;Yrke\n");
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_ERR_INPUT);
    CHECK_INT_EQ(in.n, 0);
    CHECK_INT_EQ(in.nproblems, 1);
    CHECK(in.nproblems == 1 && in.problems[0].level == NM_INPUT_ERROR);
    CHECK_STR_EQ(in.nproblems ? in.problems[0].err.file : NULL, dir);
    CHECK_CONTAINS(in.nproblems ? in.problems[0].err.msg : NULL, ".csv");
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

/* Make dir/name a symbolic link to target. */
static void put_link(const char *dir, const char *name, const char *target)
{
    char *p = tmp_path(dir, name);
    if (symlink(target, p) != 0) {
        perror(p);
        exit(2);
    }
    free(p);
}

/* The number of problems of a level, and whether one of them is about
 * path (relative to dir) and says what. */
static size_t problems_of(const nm_inputs *in, nm_input_level level)
{
    size_t n = 0;
    for (size_t i = 0; i < in->nproblems; i++)
        n += in->problems[i].level == level;
    return n;
}

static int has_problem(const nm_inputs *in, nm_input_level level, const char *dir,
                       const char *path, const char *what)
{
    char *full = tmp_path(dir, path);
    int found = 0;
    for (size_t i = 0; i < in->nproblems; i++) {
        const nm_input_problem *p = &in->problems[i];
        found |= p->level == level && strcmp(p->err.file, full) == 0 &&
                 strstr(p->err.msg, what) != NULL;
    }
    if (!found)
        for (size_t i = 0; i < in->nproblems; i++)
            fprintf(stderr, "  problem: %s: %s\n", in->problems[i].err.file,
                    in->problems[i].err.msg);
    free(full);
    return found;
}

static void a_link_back_to_a_parent_directory_is_not_followed_again(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "base.csv", "Kommun;Yrke\n");
    tmp_dir_mkdir(dir, "sub");
    put_link(dir, "sub/up", "..");
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    CHECK_INT_EQ(in.n, 1);
    CHECK_STR_EQ(rel(&in, 0, dir), "base.csv");
    CHECK_INT_EQ(problems_of(&in, NM_INPUT_WARNING), 1);
    CHECK(has_problem(&in, NM_INPUT_WARNING, dir, "sub/up", "not followed again"));
    CHECK(in.nproblems == 1 && strstr(in.problems[0].err.msg, dir) != NULL);
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

static void a_directory_reached_by_a_link_is_read_under_its_own_path(void)
{
    char *dir = tmp_dir();
    tmp_dir_mkdir(dir, "b_real");
    tmp_dir_put(dir, "b_real/x.csv", "Kommun;Yrke\n");
    put_link(dir, "a_link", "b_real"); /* sorts first, is followed last */
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    CHECK_INT_EQ(in.n, 1);
    CHECK_STR_EQ(rel(&in, 0, dir), "b_real/x.csv");
    CHECK(has_problem(&in, NM_INPUT_WARNING, dir, "a_link", "b_real"));
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

static void a_link_to_a_directory_elsewhere_is_followed(void)
{
    char *dir = tmp_dir(), *other = tmp_dir();
    tmp_dir_put(other, "y.csv", "Kommun;Yrke\n");
    put_link(dir, "elsewhere", other);
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    CHECK_INT_EQ(in.n, 1);
    CHECK_STR_EQ(rel(&in, 0, dir), "elsewhere/y.csv");
    CHECK_INT_EQ(in.nproblems, 0);
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
    tmp_dir_remove(other);
}

static void a_directory_named_twice_is_read_once(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "a.csv", "Kommun;Yrke\n");
    tmp_dir_mkdir(dir, "sub");
    tmp_dir_put(dir, "sub/b.csv", "Kommun;Yrke;Antal\n");
    char *sub = tmp_path(dir, "sub");
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    CHECK_INT_EQ(nm_inputs_add(&in, sub), NM_OK);
    CHECK_INT_EQ(in.n, 2);
    CHECK_INT_EQ(problems_of(&in, NM_INPUT_WARNING), 2);
    CHECK(in.nproblems == 2 && strstr(in.problems[0].err.msg, "read already"));
    CHECK(in.nproblems == 2 && strstr(in.problems[1].err.msg, "read already"));
    nm_inputs_free(&in);
    free(sub);
    tmp_dir_remove(dir);
}

static void a_file_named_twice_is_read_once_with_a_warning(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "a.csv", "Kommun;Yrke\nKiruna;Kock\n");
    char *a = tmp_path(dir, "a.csv");
    nm_inputs in = {0};
    nm_inputs_add(&in, a);
    nm_inputs_add(&in, "-");
    nm_inputs_add(&in, a);
    nm_inputs_add(&in, "-");
    nm_inputs_drop_repeats(&in);
    CHECK_INT_EQ(in.n, 2);
    CHECK_STR_EQ(in.n == 2 ? in.paths[0] : NULL, a);
    CHECK_STR_EQ(in.n == 2 ? in.paths[1] : NULL, "-");
    CHECK_INT_EQ(problems_of(&in, NM_INPUT_WARNING), 2);
    CHECK(has_problem(&in, NM_INPUT_WARNING, dir, "a.csv", "named more than once"));
    nm_inputs_free(&in);
    free(a);
    tmp_dir_remove(dir);
}

static void a_link_and_its_file_are_read_once_naming_both(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "base.csv", "Kommun;Yrke\nKiruna;Kock\n");
    put_link(dir, "link.csv", "base.csv");
    char *base = tmp_path(dir, "base.csv"), *link = tmp_path(dir, "link.csv");
    nm_inputs in = {0};
    nm_inputs_add(&in, link);
    nm_inputs_add(&in, base);
    nm_inputs_drop_repeats(&in);
    CHECK_INT_EQ(in.n, 1); /* the first named is kept */
    CHECK_STR_EQ(in.n ? in.paths[0] : NULL, link);
    CHECK(has_problem(&in, NM_INPUT_WARNING, dir, "base.csv", "the same file as"));
    CHECK(in.nproblems == 1 && strstr(in.problems[0].err.msg, link) != NULL);
    nm_inputs_free(&in);
    free(base);
    free(link);
    tmp_dir_remove(dir);
}

static void identical_content_is_read_once_and_an_equal_size_alone_changes_nothing(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "a.csv", "Kommun;Yrke\nKiruna;Kock\n");
    tmp_dir_put(dir, "b_copy.csv", "Kommun;Yrke\nKiruna;Kock\n");
    tmp_dir_put(dir, "c_same_size.csv", "Kommun;Yrke\nKiruna;Smed\n");
    tmp_dir_put(dir, "d_longer.csv", "Kommun;Yrke\nKiruna;Kock\nLuleå;Kock\n");
    tmp_dir_put(dir, "e_empty.csv", "");
    tmp_dir_put(dir, "f_empty.csv", ""); /* nothing in it to count twice */
    nm_inputs in = {0};
    nm_inputs_add(&in, dir);
    nm_inputs_drop_repeats(&in);
    CHECK_INT_EQ(in.n, 5);
    CHECK_STR_EQ(rel(&in, 0, dir), "a.csv");
    CHECK_STR_EQ(rel(&in, 1, dir), "c_same_size.csv");
    CHECK_STR_EQ(rel(&in, 2, dir), "d_longer.csv");
    CHECK_STR_EQ(rel(&in, 3, dir), "e_empty.csv");
    CHECK_STR_EQ(rel(&in, 4, dir), "f_empty.csv");
    CHECK_INT_EQ(in.nproblems, 1);
    CHECK(has_problem(&in, NM_INPUT_WARNING, dir, "b_copy.csv", "the same content as"));
    CHECK(in.nproblems == 1 && strstr(in.problems[0].err.msg, "a.csv") != NULL);
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

static void sorting_first_makes_the_kept_copy_independent_of_the_naming_order(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "a.csv", "Kommun;Yrke\nKiruna;Kock\n");
    tmp_dir_put(dir, "b.csv", "Kommun;Yrke\nKiruna;Kock\n");
    char *a = tmp_path(dir, "a.csv"), *b = tmp_path(dir, "b.csv");
    nm_inputs in = {0};
    nm_inputs_add(&in, b);
    nm_inputs_add(&in, a);
    nm_inputs_sort(&in);
    nm_inputs_drop_repeats(&in);
    CHECK_INT_EQ(in.n, 1);
    CHECK_STR_EQ(in.n ? in.paths[0] : NULL, a);
    nm_inputs_free(&in);
    free(a);
    free(b);
    tmp_dir_remove(dir);
}

static void a_link_to_a_device_a_pipe_or_nothing_below_a_directory_is_an_error(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "good.csv", "Kommun;Yrke\n");
    put_link(dir, "zero.csv", "/dev/zero");
    put_link(dir, "gone.csv", "no-such-file.csv");
    char *fifo = tmp_path(dir, "pipe.csv");
    CHECK(mkfifo(fifo, 0600) == 0);
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_ERR_INPUT);
    CHECK_INT_EQ(in.n, 1); /* the others are still read */
    CHECK_STR_EQ(rel(&in, 0, dir), "good.csv");
    CHECK_INT_EQ(problems_of(&in, NM_INPUT_ERROR), 3);
    CHECK(has_problem(&in, NM_INPUT_ERROR, dir, "zero.csv", "character device (/dev/zero)"));
    CHECK(has_problem(&in, NM_INPUT_ERROR, dir, "pipe.csv", "named pipe"));
    CHECK(has_problem(&in, NM_INPUT_ERROR, dir, "gone.csv", "no-such-file.csv"));
    nm_inputs_free(&in);
    free(fifo);
    tmp_dir_remove(dir);
}

/* "d/d/.../d" of levels levels (levels * 2 bytes at most). */
static void nested(char *out, int levels)
{
    out[0] = '\0';
    for (int i = 0; i < levels; i++)
        strcat(out, i ? "/d" : "d");
}

static void a_directory_past_the_depth_limit_is_an_error_naming_it(void)
{
    char *dir = tmp_dir();
    char path[200], file[220];
    tmp_dir_put(dir, "top.csv", "Kommun;Yrke\n");
    for (int level = 1; level <= NM_INPUTS_MAX_DEPTH + 2; level++) {
        nested(path, level);
        tmp_dir_mkdir(dir, path);
        snprintf(file, sizeof file, "%s/level.csv", path);
        tmp_dir_put(dir, file, "Kommun;Yrke\n");
    }
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_ERR_INPUT);
    CHECK_INT_EQ(in.n, NM_INPUTS_MAX_DEPTH + 1); /* top.csv and one per level read */
    nested(path, NM_INPUTS_MAX_DEPTH);
    snprintf(file, sizeof file, "%s/level.csv", path);
    CHECK_STR_EQ(rel(&in, 0, dir), file); /* "d/d/..." sorts before "d/level.csv" */
    CHECK_INT_EQ(problems_of(&in, NM_INPUT_ERROR), 1);
    nested(path, NM_INPUTS_MAX_DEPTH + 1);
    CHECK(has_problem(&in, NM_INPUT_ERROR, dir, path, "more than 32 directory levels"));
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

static void needmaps_own_output_directory_is_not_read_but_noted(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "svar.csv", "Kommun;Yrke\n");
    tmp_dir_mkdir(dir, "results");
    tmp_dir_put(dir, "results/" NM_OUTPUT_MARKER, "written by needmap\n");
    tmp_dir_put(dir, "results/demand.csv", "municipality,competence\n");
    tmp_dir_mkdir(dir, "results_by_hand");
    tmp_dir_put(dir, "results_by_hand/demand.csv", "Kommun;Yrke\n");
    char *results = tmp_path(dir, "results");
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_OK);
    CHECK_INT_EQ(in.n, 2);
    CHECK_STR_EQ(rel(&in, 0, dir), "results_by_hand/demand.csv");
    CHECK_STR_EQ(rel(&in, 1, dir), "svar.csv");
    CHECK_INT_EQ(in.nproblems, 1);
    CHECK(has_problem(&in, NM_INPUT_NOTE, dir, "results", "output directory"));
    /* named on its own, it is an input error: nothing else was asked for */
    CHECK_INT_EQ(nm_inputs_add(&in, results), NM_ERR_INPUT);
    CHECK_INT_EQ(in.n, 2);
    CHECK(has_problem(&in, NM_INPUT_ERROR, dir, "results", "name its files"));
    nm_inputs_free(&in);
    free(results);
    tmp_dir_remove(dir);
}

/* Run fn in a child process that cannot read what root can: as root the
 * child becomes nobody (65534).  Returns the child's exit status, or -1
 * when privileges cannot be dropped (the test is then skipped). */
static int as_unprivileged(void (*fn)(const char *dir), const char *dir)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        check_state.failures = 0; /* the child's own checks only */
        if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
                               setuid(65534) != 0))
            _exit(77);
        fn(dir);
        _exit(check_finish());
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 1;
    return WEXITSTATUS(status) == 77 ? -1 : WEXITSTATUS(status);
}

static void unreadable_walk(const char *dir)
{
    nm_inputs in = {0};
    CHECK_INT_EQ(nm_inputs_add(&in, dir), NM_ERR_INPUT);
    CHECK_INT_EQ(in.n, 1); /* the readable file is still read */
    CHECK_STR_EQ(rel(&in, 0, dir), "open.csv");
    CHECK_INT_EQ(problems_of(&in, NM_INPUT_ERROR), 1);
    CHECK(has_problem(&in, NM_INPUT_ERROR, dir, "locked", "Permission denied"));
    nm_inputs_free(&in);
}

static void an_unreadable_subdirectory_is_an_error_naming_it(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "open.csv", "Kommun;Yrke\n");
    tmp_dir_mkdir(dir, "locked");
    tmp_dir_put(dir, "locked/hidden_from_us.csv", "Kommun;Yrke\n");
    char *locked = tmp_path(dir, "locked");
    chmod(dir, 0755);
    chmod(locked, 0);
    int status = as_unprivileged(unreadable_walk, dir);
    if (status < 0)
        printf("skipped: an_unreadable_subdirectory_is_an_error_naming_it: cannot drop "
               "root's privileges here\n");
    else
        CHECK_INT_EQ(status, 0);
    chmod(locked, 0700);
    free(locked);
    tmp_dir_remove(dir);
}

int main(void)
{
    RUN(directory_expands_to_its_exports_sorted_by_path);
    RUN(hidden_files_excel_owner_files_and_other_types_are_skipped);
    RUN(trailing_slash_gives_no_double_slash);
    RUN(named_file_stands_for_itself_whatever_its_name);
    RUN(dash_means_standard_input);
    RUN(arguments_keep_their_order_and_a_missing_path_is_kept_for_its_report);
    RUN(directory_without_exports_is_an_input_error);
    RUN(a_link_back_to_a_parent_directory_is_not_followed_again);
    RUN(a_directory_reached_by_a_link_is_read_under_its_own_path);
    RUN(a_link_to_a_directory_elsewhere_is_followed);
    RUN(a_directory_named_twice_is_read_once);
    RUN(a_file_named_twice_is_read_once_with_a_warning);
    RUN(a_link_and_its_file_are_read_once_naming_both);
    RUN(identical_content_is_read_once_and_an_equal_size_alone_changes_nothing);
    RUN(sorting_first_makes_the_kept_copy_independent_of_the_naming_order);
    RUN(a_link_to_a_device_a_pipe_or_nothing_below_a_directory_is_an_error);
    RUN(a_directory_past_the_depth_limit_is_an_error_naming_it);
    RUN(needmaps_own_output_directory_is_not_read_but_noted);
    RUN(an_unreadable_subdirectory_is_an_error_naming_it);
    return check_finish();
}
