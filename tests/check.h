/* check.h -- the smallest unit-test harness that does the job.
 *
 * A test is a `static void test_something(void)` that calls CHECK* macros;
 * main() runs each with RUN_TEST() and returns check_summary(), which
 * prints "N passed, N failed" (counting tests, not checks) and gives the
 * exit status.  A failed CHECK prints file, line, test and expression and
 * the test goes on, so one run shows every failure.
 */
#ifndef WINNOW_CHECK_H
#define WINNOW_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed_count, check_failed_count, check_test_failed;
static const char *check_test_name = "";

#define CHECK(cond) do { \
    if (!(cond)) { \
        fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, \
                check_test_name, #cond); \
        check_test_failed = 1; \
    } } while (0)

/* Compares two byte strings of known length; prints both when they differ. */
#define CHECK_MEM(got, got_len, want, want_len) do { \
    const char *g_ = (const char *)(got), *w_ = (const char *)(want); \
    size_t gl_ = (got_len), wl_ = (want_len); \
    if (gl_ != wl_ || (gl_ && memcmp(g_, w_, gl_) != 0)) { \
        fprintf(stderr, "%s:%d: %s: got [%.*s] (%zu bytes), want [%.*s] (%zu bytes)\n", \
                __FILE__, __LINE__, check_test_name, (int)gl_, g_, gl_, \
                (int)wl_, w_, wl_); \
        check_test_failed = 1; \
    } } while (0)

/* Compares a byte string of known length with a C string literal. */
#define CHECK_STR(got, got_len, want) CHECK_MEM(got, got_len, want, strlen(want))

#define CHECK_INT(got, want) do { \
    long long g_ = (long long)(got), w_ = (long long)(want); \
    if (g_ != w_) { \
        fprintf(stderr, "%s:%d: %s: %s is %lld, want %lld\n", __FILE__, \
                __LINE__, check_test_name, #got, g_, w_); \
        check_test_failed = 1; \
    } } while (0)

#define RUN_TEST(fn) do { \
    check_test_name = #fn; check_test_failed = 0; fn(); \
    if (check_test_failed) check_failed_count++; else check_passed_count++; \
    } while (0)

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", check_passed_count, check_failed_count);
    return check_failed_count ? 1 : 0;
}

#endif /* WINNOW_CHECK_H */
