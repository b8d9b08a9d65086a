/* json_reader.c - read a survey tool's JSON export as rows.
 *
 * cJSON needs the whole document, so a JSON export is read whole (CSV
 * streams).  The records are the largest array of objects in the document
 * (the root array, or e.g. "responses" inside the root object, or
 * "submissions" inside "data", at any depth of objects).  An object nested
 * in a record is flattened: its members are the record's fields under
 * dotted keys ({"respondent": {"kommun": ...}} gives "respondent.kommun").
 * A record that holds an array of objects (a respondent with several needs,
 * at any such dotted key) gives one row per inner object, with the outer
 * object's fields repeated.  The reader first emits a synthetic key row (the
 * union of dotted keys, in order of first appearance), then one row per
 * record.
 *
 * Refused before cJSON sees it (with the real reason and place): nesting
 * deeper than NM_JSON_DEPTH_MAX, and a \u escape that is half of a UTF-16
 * surrogate pair.  A record holding a key twice, or a value longer than
 * NM_FIELD_MAX, is a malformed row; more than NM_COLUMNS_MAX keys in all
 * refuse the file.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/number.h"
#include "needmap/reader.h"
#include "needmap/strmap.h"

enum { MAX_JSON_BYTES = 512 * 1024 * 1024 };

/* cJSON keeps no positions, so the line where each value starts is found by
 * a scan in document order, and stored in the valueint of each node during
 * a pre-order walk, which visits values in the same order.  (valueint of
 * number nodes is overwritten too: this reader only uses valuedouble.) */
typedef struct value_lines {
    uint64_t *lines;
    size_t n, cap, next;
} value_lines;

static void record_line(value_lines *v, uint64_t line)
{
    NM_GROW(v->lines, v->cap, v->n + 1);
    v->lines[v->n++] = line;
}

static int hex4(const char *p, const char *end, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        if (p + i >= end)
            return 0;
        char c = p[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

/* What scan_values found wrong. */
typedef enum scan_problem { SCAN_OK, SCAN_TOO_DEEP, SCAN_LONE_HIGH, SCAN_LONE_LOW } scan_problem;

/* At a backslash in a string: whether the escape is half of a surrogate
 * pair (cJSON refuses it without saying why).  *pair: 1 when it starts a
 * whole pair (both escapes to be passed over). */
static scan_problem lone_surrogate(const char *p, const char *end, int *pair)
{
    unsigned u, w;
    *pair = 0;
    if (p + 1 >= end || p[1] != 'u' || !hex4(p + 2, end, &u) || u < 0xD800 || u > 0xDFFF)
        return SCAN_OK;
    if (u >= 0xDC00)
        return SCAN_LONE_LOW;
    *pair = p + 7 < end && p[6] == '\\' && p[7] == 'u' && hex4(p + 8, end, &w) &&
            w >= 0xDC00 && w <= 0xDFFF;
    return *pair ? SCAN_OK : SCAN_LONE_HIGH;
}

/* Scan the document in order: the line of each value goes to v (see
 * above).  Returns NULL, or where the document nests deeper than
 * NM_JSON_DEPTH_MAX or holds a lone surrogate escape, with *why.  Only a
 * valid document's lines are used (cJSON parses it afterwards). */
static const char *scan_values(const char *t, size_t len, value_lines *v, scan_problem *why)
{
    char stack[NM_JSON_DEPTH_MAX];
    size_t depth = 0;
    uint64_t line = 1;
    int in_string = 0, expect = 1;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (c == '\n')
            line++;
        if (in_string) {
            int pair = 0;
            if (c == '\\' && (*why = lone_surrogate(t + i, t + len, &pair)) != SCAN_OK)
                return t + i;
            if (c == '\\')
                i += pair ? 11 : 1; /* \uD83D\uDE00 is passed over whole */
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if ((unsigned char)c <= 32) /* what cJSON skips as white space (a 0x0F too) */
            continue;
        if (expect) {
            expect = 0;
            if (c == ']' && depth && stack[depth - 1] == '[') { /* empty array */
                depth--;
                continue;
            }
            record_line(v, line);
            if (c == '{' || c == '[') {
                if (depth == sizeof stack) {
                    *why = SCAN_TOO_DEEP;
                    return t + i;
                }
                stack[depth++] = c;
                expect = c == '[';
            } else if (c == '"') {
                in_string = 1;
            }
            continue;
        }
        if (c == '"')
            in_string = 1;
        else if (c == ':')
            expect = 1;
        else if (c == ',' && depth && stack[depth - 1] == '[')
            expect = 1;
        else if ((c == '}' || c == ']') && depth)
            depth--;
    }
    *why = SCAN_OK;
    return NULL;
}

static void stamp_lines(cJSON *node, value_lines *v)
{
    uint64_t line = v->next < v->n ? v->lines[v->next] : 0;
    v->next++;
    node->valueint = line > (uint64_t)INT32_MAX ? INT32_MAX : (int)line;
    for (cJSON *c = node->child; c; c = c->next)
        stamp_lines(c, v);
}

static int is_object_array(const cJSON *node)
{
    return cJSON_IsArray(node) && node->child && cJSON_IsObject(node->child);
}

/* The largest array of objects, first in document order on ties, in the
 * root or in objects inside it at any depth (scan_values bounds the depth;
 * arrays are not looked into: the needs inside records are not records). */
static void find_records(cJSON *node, const char *path, cJSON **best, char *best_path,
                         size_t path_max)
{
    if (is_object_array(node) &&
        (!*best || cJSON_GetArraySize(node) > cJSON_GetArraySize(*best))) {
        *best = node;
        snprintf(best_path, path_max, "%s", path);
    }
    if (!cJSON_IsObject(node))
        return;
    for (cJSON *c = node->child; c; c = c->next) {
        nm_buf sub = {0}; /* a long path is cut when copied into best_path */
        nm_buf_printf(&sub, "%s.%s", path, c->string ? c->string : "");
        find_records(c, sub.data, best, best_path, path_max);
        nm_buf_free(&sub);
    }
}

/* Called for each field of a flattened object: its dotted key and value. */
typedef void (*field_fn)(void *ud, const char *key, const cJSON *v);

/* The fields of obj: its members, and the members of objects inside it
 * under dotted keys ("respondent.kommun"), in document order. */
static void flatten_into(const cJSON *obj, nm_buf *key, field_fn fn, void *ud)
{
    size_t base = key->len;
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (!c->string)
            continue;
        key->len = base;
        nm_buf_puts(key, c->string);
        if (cJSON_IsObject(c)) {
            nm_buf_putc(key, '.');
            flatten_into(c, key, fn, ud);
        } else {
            fn(ud, key->data, c);
        }
    }
    key->len = base;
    if (key->data)
        key->data[base] = '\0';
}

static void flatten(const cJSON *obj, field_fn fn, void *ud)
{
    nm_buf key = {0};
    flatten_into(obj, &key, fn, ud);
    nm_buf_free(&key);
}

static int is_scalar(const cJSON *v)
{
    return !cJSON_IsObject(v) && !cJSON_IsArray(v);
}

/* A field of the dotted key want, found while flattening. */
typedef struct find_field {
    const char *want;
    const cJSON *found;
    int object_array;   /* or else: the first array of objects */
    char *key;          /* object_array: its key (caller frees) */
} find_field;

static void look_for(void *ud, const char *key, const cJSON *v)
{
    find_field *f = ud;
    if (f->found)
        return;
    if (f->object_array ? is_object_array(v) : strcmp(key, f->want) == 0)
        f->found = v;
    if (f->found && f->object_array)
        f->key = nm_strdup(key);
}

/* The dotted key of a record's nested needs: the first key whose value is
 * an array of objects in some record of the export (caller frees). */
static char *needs_key(const cJSON *records)
{
    for (const cJSON *r = records->child; r; r = r->next) {
        if (!cJSON_IsObject(r))
            continue;
        find_field f = {.object_array = 1};
        flatten(r, look_for, &f);
        if (f.key)
            return f.key;
    }
    return NULL;
}

/* The nested needs array of a record, or NULL when it has none. */
static const cJSON *nested_needs(const cJSON *obj, const char *key)
{
    if (!key)
        return NULL;
    find_field f = {.want = key};
    flatten(obj, look_for, &f);
    return cJSON_IsArray(f.found) ? f.found : NULL;
}

typedef struct key_adder {
    const char *skip;
    nm_strmap *keys;
} key_adder;

static void add_key(void *ud, const char *key, const cJSON *v)
{
    key_adder *ka = ud;
    if ((!ka->skip || strcmp(key, ka->skip) != 0) &&
        (is_scalar(v) || (cJSON_IsArray(v) && !is_object_array(v))) &&
        !nm_strmap_find(ka->keys, key, NULL))
        nm_strmap_put(ka->keys, key, NULL);
}

static void add_keys(const cJSON *obj, const char *skip, nm_strmap *keys)
{
    key_adder ka = {skip, keys};
    flatten(obj, add_key, &ka);
}

static void collect_keys(const cJSON *records, const char *nkey, nm_strmap *keys)
{
    for (const cJSON *r = records->child; r; r = r->next) {
        if (!cJSON_IsObject(r))
            continue;
        add_keys(r, nkey, keys);
        const cJSON *needs = nested_needs(r, nkey);
        if (needs)
            for (const cJSON *n = needs->child; n; n = n->next)
                if (cJSON_IsObject(n))
                    add_keys(n, NULL, keys);
    }
}

/* Text of a scalar value, or of an array of scalars joined with "; ". */
static void value_text(const cJSON *v, nm_buf *out)
{
    if (cJSON_IsString(v)) {
        nm_buf_puts(out, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (nm_whole_in(d, -NM_WHOLE_TEXT_MAX, NM_WHOLE_TEXT_MAX))
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
    uint64_t *stamp;     /* per key: the object that last set it */
    uint64_t object;     /* objects looked at so far */
    nm_buf problem;      /* a refused record's problem */
    nm_row_fn fn;
    void *ctx;
} row_builder;

/* Refuse the record at line: col, and what is wrong (rb->problem). */
static int refuse(row_builder *rb, uint64_t line, size_t col)
{
    nm_row bad = {.kind = NM_ROW_MALFORMED, .line = line, .end_line = line,
                  .bad_col = (uint32_t)col, .problem = rb->problem.data};
    return rb->fn(rb->ctx, &bad);
}

/* Looking for a key given twice in one flattened object. */
typedef struct dup_check {
    row_builder *rb;
    uint64_t id;        /* the object's stamp */
    const char *nkey;   /* the key of the nested needs, or NULL */
    int needs;          /* times nkey was seen */
    int found;
    size_t col;
} dup_check;

static void check_twice(void *ud, const char *key, const cJSON *v)
{
    dup_check *d = ud;
    row_builder *rb = d->rb;
    (void)v;
    if (d->found)
        return;
    size_t k = nm_strmap_index(rb->keys, key);
    int twice;
    if (k != SIZE_MAX) {
        twice = rb->stamp[k] == d->id;
        rb->stamp[k] = d->id;
    } else {
        twice = d->nkey && strcmp(key, d->nkey) == 0 && ++d->needs > 1;
    }
    if (!twice)
        return;
    nm_buf_reset(&rb->problem);
    nm_buf_printf(&rb->problem, "key \"%.80s\" appears twice in one object; the record is "
                  "rejected: which value is meant cannot be known (remove one)", key);
    d->found = 1;
    d->col = k != SIZE_MAX ? k + 1 : 1; /* the nested needs are no column: the record's first */
}

/* 1 (and rb->problem, *col set) when obj holds a key twice (also as
 * "a.b" beside {"a": {"b": ...}}): which value would be meant cannot be
 * known, so the record is refused.  Keys of the key row are checked, and
 * the key of the nested needs. */
static int duplicate_key(row_builder *rb, const cJSON *obj, const char *nkey, size_t *col)
{
    dup_check d = {.rb = rb, .id = ++rb->object, .nkey = nkey};
    flatten(obj, check_twice, &d);
    *col = d.col;
    return d.found;
}

/* The text of v as field k; 0 (and rb->problem) when it is longer than
 * NM_FIELD_MAX. */
static int set_field(row_builder *rb, size_t k, const cJSON *v)
{
    size_t start = rb->text.len;
    value_text(v, &rb->text);
    rb->lens[k] = rb->text.len - start;
    rb->offs[k] = start;
    nm_buf_putc(&rb->text, '\0');
    if (rb->lens[k] <= NM_FIELD_MAX)
        return 1;
    char size[32];
    nm_buf_reset(&rb->problem);
    nm_buf_printf(&rb->problem, "field is longer than %d MiB (%s); the record is "
                  "rejected: needmap reads values of up to %d MiB (is a file pasted into it?)",
                  NM_FIELD_MAX >> 20, nm_size_text(rb->lens[k], size), NM_FIELD_MAX >> 20);
    return 0;
}

/* Setting the fields of a row from a flattened object. */
typedef struct field_setter {
    row_builder *rb;
    size_t bad_col;     /* a field over the limit (1-based), 0: none */
} field_setter;

static void set_one(void *ud, const char *key, const cJSON *v)
{
    field_setter *fs = ud;
    size_t k = nm_strmap_index(fs->rb->keys, key);
    if (k != SIZE_MAX && !fs->bad_col && !set_field(fs->rb, k, v))
        fs->bad_col = k + 1;
}

static int emit_record(row_builder *rb, const cJSON *outer, const cJSON *inner)
{
    uint64_t line = (uint64_t)(inner ? inner->valueint : outer->valueint);
    size_t col;
    if (inner && duplicate_key(rb, inner, NULL, &col))
        return refuse(rb, line, col);
    nm_buf_reset(&rb->text);
    nm_buf_putc(&rb->text, '\0'); /* offset 0: the empty field */
    for (size_t k = 0; k < rb->n; k++)
        rb->offs[k] = 0, rb->lens[k] = 0;
    const cJSON *parts[2] = {outer, inner};
    field_setter fs = {.rb = rb};
    for (int p = 0; p < 2 && !fs.bad_col; p++)
        if (parts[p])
            flatten(parts[p], set_one, &fs);
    if (fs.bad_col)
        return refuse(rb, line, fs.bad_col);
    for (size_t k = 0; k < rb->n; k++)
        rb->ptrs[k] = rb->text.data + rb->offs[k];
    nm_row row = {.kind = NM_ROW_FIELDS, .line = line, .end_line = line,
                  .nfields = rb->n, .fields = rb->ptrs, .lens = rb->lens};
    return rb->fn(rb->ctx, &row);
}

/* One element of the records array: a row, a row per nested need, or a
 * refusal. */
static int emit_element(row_builder *rb, const cJSON *r, const char *nkey)
{
    uint64_t line = (uint64_t)r->valueint;
    size_t col;
    if (!cJSON_IsObject(r)) {
        nm_row bad = {.kind = NM_ROW_MALFORMED, .line = line, .end_line = line,
                      .bad_col = 1, .problem = "array element is not an object"};
        return rb->fn(rb->ctx, &bad);
    }
    if (duplicate_key(rb, r, nkey, &col))
        return refuse(rb, line, col);
    const cJSON *needs = nested_needs(r, nkey);
    if (needs && !needs->child) {
        nm_row empty = {.kind = NM_ROW_EMPTY_GROUP, .line = line, .end_line = line};
        return rb->fn(rb->ctx, &empty);
    }
    if (!needs)
        return emit_record(rb, r, NULL);
    int stop = 0;
    for (const cJSON *n = needs->child; n && !stop; n = n->next)
        if (cJSON_IsObject(n))
            stop = emit_record(rb, r, n);
    return stop;
}

static void emit_rows(const cJSON *records, const char *nkey, nm_strmap *keys, nm_row_fn fn,
                      void *ctx)
{
    row_builder rb = {.keys = keys, .n = nm_strmap_count(keys), .fn = fn, .ctx = ctx};
    rb.offs = nm_calloc(rb.n, sizeof *rb.offs);
    rb.lens = nm_calloc(rb.n, sizeof *rb.lens);
    rb.ptrs = nm_calloc(rb.n, sizeof *rb.ptrs);
    rb.stamp = nm_calloc(rb.n, sizeof *rb.stamp);
    for (size_t k = 0; k < rb.n; k++) {
        rb.ptrs[k] = (char *)nm_strmap_key_at(keys, k);
        rb.lens[k] = strlen(rb.ptrs[k]);
    }
    uint64_t first = (uint64_t)records->child->valueint;
    nm_row header = {.kind = NM_ROW_FIELDS, .line = first, .end_line = first,
                     .nfields = rb.n, .fields = rb.ptrs, .lens = rb.lens, .synthetic = 1};
    int stop = fn(ctx, &header);
    for (const cJSON *r = records->child; r && !stop; r = r->next)
        stop = emit_element(&rb, r, nkey);
    nm_buf_free(&rb.text);
    nm_buf_free(&rb.problem);
    free(rb.offs);
    free(rb.lens);
    free(rb.ptrs);
    free(rb.stamp);
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

static nm_status scan_error(const char *name, const nm_buf *text, const char *at,
                            scan_problem why, nm_error *err)
{
    char what[300];
    if (why == SCAN_TOO_DEEP)
        snprintf(what, sizeof what, "JSON nested deeper than %d arrays and objects here: a "
                 "survey export holds its records a few levels down; is this the right file?",
                 NM_JSON_DEPTH_MAX);
    else
        snprintf(what, sizeof what, "a \\u escape here is half of a UTF-16 surrogate pair "
                 "(%s): the exporting tool cut a character, such as an emoji, in two; "
                 "remove the escape or complete the pair",
                 why == SCAN_LONE_HIGH ? "\\uD800-\\uDBFF not followed by \\uDC00-\\uDFFF"
                                       : "\\uDC00-\\uDFFF not after \\uD800-\\uDBFF");
    return parse_error(name, text, at, what, err);
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
    /* what cJSON would refuse without saying why, said first */
    scan_problem why;
    value_lines lines = {0};
    const char *bad = scan_values(text->data, text->len, &lines, &why);
    if (bad) {
        free(lines.lines);
        return scan_error(name, text, bad, why, err);
    }
    /* cJSON keeps its last error in a global: parse one file at a time */
    static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;
    const char *end = NULL;
    pthread_mutex_lock(&parse_lock);
    cJSON *root = cJSON_ParseWithLengthOpts(text->data, text->len, &end, 0);
    pthread_mutex_unlock(&parse_lock);
    if (!root) {
        free(lines.lines);
        return parse_error(name, text, end,
                           "invalid JSON here: check for a missing comma, quote or bracket",
                           err);
    }
    while (end && end < text->data + text->len &&
           (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
        end++;
    if (end && end < text->data + text->len) {
        cJSON_Delete(root);
        free(lines.lines);
        return parse_error(name, text, end,
                           "unexpected text after the end of the JSON document", err);
    }
    stamp_lines(root, &lines);
    free(lines.lines);

    cJSON *records = NULL;
    find_records(root, "$", &records, info->json_path, sizeof info->json_path);
    if (!records) {
        cJSON_Delete(root);
        return nm_error_set(err, NM_ERR_INPUT, name, 1, 1,
                            "no array of objects found: expected the records as an array "
                            "of objects, or an object holding one");
    }
    nm_strmap *keys = nm_strmap_new();
    char *nkey = needs_key(records);
    collect_keys(records, nkey, keys);
    if (nm_strmap_count(keys) > NM_COLUMNS_MAX) {
        uint64_t line = (uint64_t)records->child->valueint;
        free(nkey);
        nm_strmap_free(keys);
        cJSON_Delete(root);
        return nm_error_set(err, NM_ERR_INPUT, name, line, 1,
                            "the records hold more than %d different keys: needmap reads at "
                            "most %d columns, as Excel does; is this a survey export?",
                            NM_COLUMNS_MAX, NM_COLUMNS_MAX);
    }
    emit_rows(records, nkey, keys, fn, ctx);
    free(nkey);
    nm_strmap_free(keys);
    cJSON_Delete(root);
    return NM_OK;
}
