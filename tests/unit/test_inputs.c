/* test_inputs.c - expanding command-line inputs into files to read
 * (inputs.h). */
#include <stdlib.h>

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
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_inputs_add(&in, dir, &err), NM_OK);
    CHECK_INT_EQ(in.n, 7);
    CHECK_STR_EQ(rel(&in, 0, dir), "Arjeplog.CSV");
    CHECK_STR_EQ(rel(&in, 1, dir), "b_lan/djup/asele.csv");
    CHECK_STR_EQ(rel(&in, 2, dir), "b_lan/dorotea.csv");
    CHECK_STR_EQ(rel(&in, 3, dir), "intresse.json");
    CHECK_STR_EQ(rel(&in, 4, dir), "matris.tsv");
    CHECK_STR_EQ(rel(&in, 5, dir), "norrbotten.csv");
    CHECK_STR_EQ(rel(&in, 6, dir), "unicode.txt");
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

static void hidden_files_and_directories_are_skipped(void)
{
    char *dir = export_tree();
    nm_inputs in = {0};
    nm_error err;
    CHECK_INT_EQ(nm_inputs_add(&in, dir, &err), NM_OK);
    int hidden = 0, other = 0;
    for (size_t i = 0; i < in.n; i++) {
        hidden += strstr(in.paths[i], "/.") != NULL;
        other += strstr(in.paths[i], ".xlsx") != NULL || strstr(in.paths[i], ".md") != NULL;
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
    nm_error err;
    CHECK_INT_EQ(nm_inputs_add(&in, with_slash, &err), NM_OK);
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
    nm_error err;
    CHECK_INT_EQ(nm_inputs_add(&in, file, &err), NM_OK);
    CHECK_INT_EQ(in.n, 1);
    CHECK_STR_EQ(in.n ? in.paths[0] : NULL, file);
    nm_inputs_free(&in);
    free(file);
    tmp_dir_remove(dir);
}

static void dash_means_standard_input(void)
{
    nm_inputs in = {0};
    nm_error err;
    CHECK_INT_EQ(nm_inputs_add(&in, "-", &err), NM_OK);
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
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_inputs_add(&in, z, &err), NM_OK);
    CHECK_INT_EQ(nm_inputs_add(&in, a, &err), NM_OK);
    /* reading it fails later, in its own report, like any unreadable input */
    CHECK_INT_EQ(nm_inputs_add(&in, "/nonexistent/needmap/svar.csv", &err), NM_OK);
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
    tmp_dir_put(dir, "svar.xlsx", "PK");
    tmp_dir_put(dir, ".dold.csv", "Kommun;Yrke\n");
    nm_inputs in = {0};
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_inputs_add(&in, dir, &err), NM_ERR_INPUT);
    CHECK_INT_EQ(in.n, 0);
    CHECK_STR_EQ(err.file, dir);
    CHECK_CONTAINS(err.msg, ".csv");
    nm_inputs_free(&in);
    tmp_dir_remove(dir);
}

int main(void)
{
    RUN(directory_expands_to_its_exports_sorted_by_path);
    RUN(hidden_files_and_directories_are_skipped);
    RUN(trailing_slash_gives_no_double_slash);
    RUN(named_file_stands_for_itself_whatever_its_name);
    RUN(dash_means_standard_input);
    RUN(arguments_keep_their_order_and_a_missing_path_is_kept_for_its_report);
    RUN(directory_without_exports_is_an_input_error);
    return check_finish();
}
