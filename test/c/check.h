/*
 * check.h: a framework-free assertion counter for the C test suite.
 * Each CHECK* macro records one check and, on failure, prints file:line and
 * the failing expression with its values. check_finish() prints the summary
 * line that run.sh parses and returns the process exit code (1 if any failed).
 */
#ifndef OMENDB_TEST_CHECK_H
#define OMENDB_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_total;
static int check_failed;

/** Records one check; prints the location and expression when it failed. Returns ok. */
static inline int check_record(int ok, const char *file, int line, const char *expr)
{
    check_total++;
    if (!ok) {
        check_failed++;
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, expr);
    }
    return ok;
}

static inline int check_eq_int(long long actual, long long expected, const char *file, int line,
                               const char *actual_expr, const char *expected_expr)
{
    check_total++;
    if (actual != expected) {
        check_failed++;
        fprintf(stderr, "%s:%d: CHECK_EQ_INT failed: %s == %s (got %lld, expected %lld)\n", file, line,
                actual_expr, expected_expr, actual, expected);
        return 0;
    }
    return 1;
}

static inline int check_eq_u64(unsigned long long actual, unsigned long long expected, const char *file,
                               int line, const char *actual_expr, const char *expected_expr)
{
    check_total++;
    if (actual != expected) {
        check_failed++;
        fprintf(stderr, "%s:%d: CHECK_EQ_U64 failed: %s == %s (got %llu / 0x%llx, expected %llu / 0x%llx)\n",
                file, line, actual_expr, expected_expr, actual, actual, expected, expected);
        return 0;
    }
    return 1;
}

static inline int check_str_eq(const char *actual, const char *expected, const char *file, int line,
                               const char *actual_expr)
{
    int ok = actual != NULL && expected != NULL && strcmp(actual, expected) == 0;
    check_total++;
    if (!ok) {
        check_failed++;
        fprintf(stderr, "%s:%d: CHECK_STR_EQ failed: %s is \"%s\", expected \"%s\"\n", file, line, actual_expr,
                actual ? actual : "(null)", expected ? expected : "(null)");
    }
    return ok;
}

/** Compares `len` bytes at `actual` (which may be NULL when len is 0) with the string `expected`. */
static inline int check_bytes_eq(const void *actual, size_t len, const char *expected, const char *file, int line,
                                 const char *actual_expr)
{
    size_t expected_len = strlen(expected);
    int ok = len == expected_len && (len == 0 || (actual != NULL && memcmp(actual, expected, len) == 0));
    check_total++;
    if (!ok) {
        check_failed++;
        fprintf(stderr, "%s:%d: CHECK_BYTES_EQ failed: %s (%zu bytes) != \"%s\" (%zu bytes)\n", file, line,
                actual_expr, len, expected, expected_len);
    }
    return ok;
}

#define CHECK(cond) check_record((cond) ? 1 : 0, __FILE__, __LINE__, #cond)
#define CHECK_EQ_INT(actual, expected) \
    check_eq_int((long long)(actual), (long long)(expected), __FILE__, __LINE__, #actual, #expected)
#define CHECK_EQ_U64(actual, expected)                                                                     \
    check_eq_u64((unsigned long long)(actual), (unsigned long long)(expected), __FILE__, __LINE__, #actual, \
                 #expected)
#define CHECK_STR_EQ(actual, expected) check_str_eq((actual), (expected), __FILE__, __LINE__, #actual)
#define CHECK_BYTES_EQ(ptr, len, expected) check_bytes_eq((ptr), (len), (expected), __FILE__, __LINE__, #ptr)

/** Prints "<suite>: N checks, M failed" and returns the exit code for main. */
static inline int check_finish(const char *suite)
{
    printf("%s: %d checks, %d failed\n", suite, check_total, check_failed);
    return check_failed > 0 ? 1 : 0;
}

#endif /* OMENDB_TEST_CHECK_H */
