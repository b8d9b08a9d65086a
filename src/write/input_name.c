/* input_name.c - how a published file names an input: by its number, not
 * its path, which can hold a person's name, phone number or e-mail. */
#include <stdio.h>
#include <string.h>

#include "needmap/write.h"

const char *nm_input_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

const char *nm_config_name(const char *path, int internal)
{
    return internal ? path : nm_input_base_name(path);
}

const char *nm_input_label(const nm_output_opts *o, size_t i, const char *path, char *buf,
                           size_t size)
{
    if (o->internal)
        return path;
    if (o->publish_file_names)
        snprintf(buf, size, "input %zu (%s)", i + 1, nm_input_base_name(path));
    else
        snprintf(buf, size, "input %zu", i + 1);
    return buf;
}
