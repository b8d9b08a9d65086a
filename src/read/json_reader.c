/* json_reader.c - read a survey tool's JSON export as rows.
 *
 * cJSON needs the whole document, so a JSON export is read whole (CSV
 * streams).  The records are the largest array of objects in the document
 * (the root array, or e.g. "responses" inside the root object).  An object
 * that holds an array of objects (a respondent with several needs) gives one
 * row per inner object, with the outer object's scalar fields repeated.
 * The reader first emits a synthetic key row (the union of keys, in order of
 * first appearance), then one row per record.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/reader.h"
#include "needmap/strmap.h"

enum { MAX_JSON_BYTES = 512 * 1024 * 1024 };

/* cJSON keeps no positions, so the line of each object's '{' is found by a
 * scan in document order and stored in the unused valueint of each object
 * node during a pre-order walk. */
typedef struct brace_lines {
    uint64_t *lines;
    size_t n, cap, next;
} brace_lines;

static void scan_braces(const char *t, size_t len, brace_lines *b)
{
    uint64_t line = 1;
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (c == '\n')
            line++;
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{') {
            NM_GROW(b->lines, b->cap, b->n + 1);
            b->lines[b->n++] = line;
        }
    }
}

static void stamp_lines(cJSON *node, brace_lines *b)
{
    if (cJSON_IsObject(node)) {
        uint64_t line = b->next < b->n ? b->lines[b->next] : 0;
        b->next++;
        node->valueint = line > (uint64_t)INT32_MAX ? INT32_MAX : (int)line;
    }
    for (cJSON *c = node->child; c; c = c->next)
        stamp_lines(c, b);
}

static int is_object_array(const cJSON *node)
{
    return cJSON_IsArray(node) && node->child && cJSON_IsObject(node->child);
}

/* The largest array of objects, first in document order on ties. */
static void find_records(cJSON *node, const char *path, cJSON **best, char *best_path,
                         size_t path_max, int depth)
{
    if (is_object_array(node) &&
        (!*best || cJSON_GetArraySize(node) > cJSON_GetArraySize(*best))) {
        *best = node;
        snprintf(best_path, path_max, "%s", path);
    }
    if (depth >= 4 || !cJSON_IsObject(node))
        return;
    for (cJSON *c = node->child; c; c = c->next) {
        char sub[128];
        snprintf(sub, sizeof sub, "%s.%s", path, c->string ? c->string : "");
        find_records(c, sub, best, best_path, path_max, depth + 1);
    }
}

static int is_scalar(const cJSON *v)
{
    return !cJSON_IsObject(v) && !cJSON_IsArray(v);
}

/* The first array of objects inside a record: its nested needs. */
static const cJSON *nested_needs(const cJSON *obj)
{
    for (const cJSON *c = obj->child; c; c = c->next)
        if (is_object_array(c))
            return c;
    return NULL;
}

static void add_keys(const cJSON *obj, nm_strmap *keys)
{
    for (const cJSON *c = obj->child; c; c = c->next)
        if (c->string && (is_scalar(c) || (cJSON_IsArray(c) && !is_object_array(c))) &&
            !nm_strmap_find(keys, c->string, NULL))
            nm_strmap_put(keys, c->string, NULL);
}

static void collect_keys(const cJSON *records, nm_strmap *keys)
{
    for (const cJSON *r = records->child; r; r = r->next) {
        if (!cJSON_IsObject(r))
            continue;
        add_keys(r, keys);
        const cJSON *needs = nested_needs(r);
        if (needs)
            for (const cJSON *n = needs->child; n; n = n->next)
                if (cJSON_IsObject(n))
                    add_keys(n, keys);
    }
}

/* Text of a scalar value, or of an array of scalars joined with "; ". */
static void value_text(const cJSON *v, nm_buf *out)
{
    if (cJSON_IsString(v)) {
        nm_buf_puts(out, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == (double)(long long)d && d > -1e15 && d < 1e15)
            nm_buf_printf(out, "%lld", (long long)d);
        else
            nm_buf_printf(out, "%.15g", d);
    } else if (cJSON_IsBool(v)) {
        nm_buf_puts(out, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsArray(v)) {
        int first = 1;
        for (const cJSON *c = v->child; c; c = c->next) {
            if (!is_scalar(c))
                continue;
            if (!first)
                nm_buf_puts(out, "; ");
            value_text(c, out);
            first = 0;
        }
    }
}

typedef struct row_builder {
    nm_strmap *keys;
    nm_buf text;
    size_t *offs, *lens;
    char **ptrs;
    size_t n;
} row_builder;

static void set_field(row_builder *rb, size_t k, const cJSON *v)
{
    (void)k;
    size_t start = rb->text.len;
    value_text(v, &rb->text);
    rb->lens[k] = rb->text.len - start;
    rb->offs[k] = start;
    nm_buf_putc(&rb->text, '\0');
}

static int emit_record(row_builder *rb, const cJSON *outer, const cJSON *inner, nm_row_fn fn,
                       void *ctx)
{
    nm_buf_reset(&rb->text);
    nm_buf_putc(&rb->text, '\0'); /* offset 0: the empty field */
    for (size_t k = 0; k < rb->n; k++)
        rb->offs[k] = 0, rb->lens[k] = 0;
    const cJSON *parts[2] = {outer, inner};
    for (int p = 0; p < 2; p++) {
        if (!parts[p])
            continue;
        for (const cJSON *c = parts[p]->child; c; c = c->next) {
            size_t k = c->string ? nm_strmap_index(rb->keys, c->string) : SIZE_MAX;
            if (k != SIZE_MAX)
                set_field(rb, k, c);
        }
    }
    for (size_t k = 0; k < rb->n; k++)
        rb->ptrs[k] = rb->text.data + rb->offs[k];
    uint64_t line = (uint64_t)(inner ? inner->valueint : outer->valueint);
    nm_row row = {.kind = NM_ROW_FIELDS, .line = line, .end_line = line,
                  .nfields = rb->n, .fields = rb->ptrs, .lens = rb->lens};
    return fn(ctx, &row);
}

static void emit_rows(const cJSON *records, nm_strmap *keys, nm_row_fn fn, void *ctx)
{
    row_builder rb = {.keys = keys, .n = nm_strmap_count(keys)};
    rb.offs = nm_calloc(rb.n, sizeof *rb.offs);
    rb.lens = nm_calloc(rb.n, sizeof *rb.lens);
    rb.ptrs = nm_calloc(rb.n, sizeof *rb.ptrs);
    for (size_t k = 0; k < rb.n; k++) {
        rb.ptrs[k] = (char *)nm_strmap_key_at(keys, k);
        rb.lens[k] = strlen(rb.ptrs[k]);
    }
    uint64_t first = (uint64_t)records->child->valueint;
    nm_row header = {.kind = NM_ROW_FIELDS, .line = first, .end_line = first,
                     .nfields = rb.n, .fields = rb.ptrs, .lens = rb.lens, .synthetic = 1};
    int stop = fn(ctx, &header);
    for (const cJSON *r = records->child; r && !stop; r = r->next) {
        const cJSON *needs = cJSON_IsObject(r) ? nested_needs(r) : NULL;
        if (!cJSON_IsObject(r)) {
            nm_row bad = {.kind = NM_ROW_MALFORMED, .line = first, .end_line = first,
                          .bad_col = 1, .problem = "array element is not an object"};
            stop = fn(ctx, &bad);
        } else if (!needs) {
            stop = emit_record(&rb, r, NULL, fn, ctx);
        } else {
            for (const cJSON *n = needs->child; n && !stop; n = n->next)
                if (cJSON_IsObject(n))
                    stop = emit_record(&rb, r, n, fn, ctx);
        }
    }
    nm_buf_free(&rb.text);
    free(rb.offs);
    free(rb.lens);
    free(rb.ptrs);
}

static nm_status read_all(FILE *in, const char *name, nm_buf *text, nm_read_info *info,
                          nm_sha256 *hash, nm_error *err)
{
    unsigned char *raw = nm_malloc(NM_READ_CHUNK);
    nm_status st = NM_OK;
    int eof = 0;
    while (!eof && st == NM_OK) {
        size_t n;
        st = nm_read_raw(in, name, raw, &n, &eof, info, hash, err);
        if (st != NM_OK)
            break;
        nm_decoder_feed(&info->dec, raw, n, eof, text);
        if (info->bytes > MAX_JSON_BYTES)
            st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                              "JSON export larger than %d MiB: split it, or export CSV",
                              MAX_JSON_BYTES >> 20);
    }
    free(raw);
    return st;
}

static nm_status parse_error(const char *name, const nm_buf *text, const char *at,
                             const char *what, nm_error *err)
{
    uint64_t line = 1;
    uint32_t col = 1;
    for (const char *p = text->data; p && p < at && p < text->data + text->len; p++) {
        if (*p == '\n') { line++; col = 1; } else if (((unsigned char)*p & 0xC0) != 0x80) col++;
    }
    return nm_error_set(err, NM_ERR_INPUT, name, line, col, "%s", what);
}

nm_status nm_read_json(FILE *in, const char *name, nm_buf *text, nm_row_fn fn, void *ctx,
                       nm_read_info *info, nm_sha256 *hash, nm_error *err)
{
    nm_status st = feof(in) ? NM_OK : read_all(in, name, text, info, hash, err);
    if (st != NM_OK)
        return st;
    if (info->dec.nul_line)
        return nm_error_set(err, NM_ERR_INPUT, name, info->dec.nul_line, 0,
                            "NUL byte in the text: the file is damaged or binary");
    for (size_t i = 0; i < text->len; i++)
        info->lines += text->data[i] == '\n';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text->data, text->len, &end, 0);
    if (!root)
        return parse_error(name, text, end,
                           "invalid JSON here: check for a missing comma, quote or bracket",
                           err);
    while (end && end < text->data + text->len &&
           (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
        end++;
    if (end && end < text->data + text->len) {
        cJSON_Delete(root);
        return parse_error(name, text, end,
                           "unexpected text after the end of the JSON document", err);
    }
    brace_lines braces = {0};
    scan_braces(text->data, text->len, &braces);
    stamp_lines(root, &braces);
    free(braces.lines);

    cJSON *records = NULL;
    find_records(root, "$", &records, info->json_path, sizeof info->json_path, 0);
    if (!records) {
        cJSON_Delete(root);
        return nm_error_set(err, NM_ERR_INPUT, name, 1, 1,
                            "no array of objects found: expected the records as an array "
                            "of objects, or an object holding one");
    }
    nm_strmap *keys = nm_strmap_new();
    collect_keys(records, keys);
    emit_rows(records, keys, fn, ctx);
    nm_strmap_free(keys);
    cJSON_Delete(root);
    return NM_OK;
}
