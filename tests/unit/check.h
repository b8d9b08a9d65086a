/* check.h - a tiny header-only test harness for needmap's unit tests.
 *
 *     static void count_parses_decimal_comma(void) { CHECK_NEAR(x, 3.0, 1e-9); }
 *     int main(void) { RUN(count_parses_decimal_comma); return check_finish(); }
 *
 * A failed check prints "file:line: check failed: ..." to stderr, counts the
 * failure and lets the test go on; check_finish() prints a summary and
 * returns 1 when any check failed (the test's exit status), else 0.
 * Everything here is static and owns no heap memory.
 */
#ifndef NEEDMAP_TEST_CHECK_H
#define NEEDMAP_TEST_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct {
    int checks;          /* checks evaluated */
    int failures;        /* checks that failed */
    int tests;           /* test functions run */
    const char *test;    /* the test running now, for messages */
} check_state;

/* Count one check; on failure print where and what.  Returns ok. */
static inline int check_result(int ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static inline int check_result(int ok, const char *file, int line, const char *fmt, ...)
{
    check_state.checks++;
    if (ok)
        return 1;
    check_state.failures++;
    fprintf(stderr, "%s:%d: check failed: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (in %s)\n", check_state.test ? check_state.test : "main");
    return 0;
}

#define CHECK(cond) check_result((cond) ? 1 : 0, __FILE__, __LINE__, "%s", #cond)

#define CHECK_STR_EQ(a, b)                                                          \
    do {                                                                            \
        const char *check_a_ = (a), *check_b_ = (b);                                \
        check_result(check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0,       \
                     __FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,      \
                     check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                          \
    do {                                                                            \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);             \
        check_result(check_a_ == check_b_, __FILE__, __LINE__, "%s == %s: %lld != %lld", \
                     #a, #b, check_a_, check_b_);                                   \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                       \
    do {                                                                            \
        double check_a_ = (double)(a), check_b_ = (double)(b);                      \
        check_result(fabs(check_a_ - check_b_) <= (eps), __FILE__, __LINE__,        \
                     "%s ~= %s: %.17g != %.17g (eps %g)", #a, #b, check_a_, check_b_, \
                     (double)(eps));                                                \
    } while (0)

/* 1 when haystack (may be NULL) holds needle. */
static inline int check_contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

#define CHECK_CONTAINS(haystack, needle)                                            \
    do {                                                                            \
        const char *check_h_ = (haystack), *check_n_ = (needle);                    \
        check_result(check_contains(check_h_, check_n_), __FILE__, __LINE__,        \
                     "%s holds %s: \"%s\" lacks \"%s\"", #haystack, #needle,        \
                     check_h_ ? check_h_ : "(null)", check_n_);                     \
    } while (0)

#define RUN(test_fn)                                                                \
    do {                                                                            \
        check_state.test = #test_fn;                                                \
        check_state.tests++;                                                        \
        test_fn();                                                                  \
        check_state.test = NULL;                                                    \
    } while (0)

/* Print the summary; the exit status for main. */
static inline int check_finish(void)
{
    fprintf(stderr, "%d tests, %d checks, %d failed\n", check_state.tests, check_state.checks,
            check_state.failures);
    return check_state.failures ? 1 : 0;
}

#endif
