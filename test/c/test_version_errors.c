/*
 * test_version_errors.c: version and ABI identity, error-code names, and the
 * thread-local last-error channel (code and owned message: round trip, reset on
 * success, isolation between threads, freeing). Ends with no live objects.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "omen_test.h"

static void test_version(void)
{
    char expected[32];
    CHECK_STR_EQ(omendb_version(), OMENDB_VERSION);
    snprintf(expected, sizeof expected, "%d.%d.%d", OMENDB_VERSION_MAJOR, OMENDB_VERSION_MINOR,
             OMENDB_VERSION_PATCH);
    CHECK_STR_EQ(OMENDB_VERSION, expected);
    /* The static string is the same object on every call. */
    CHECK(omendb_version() == omendb_version());
}

static void test_abi_hash(void)
{
    CHECK_EQ_U64(omendb_abi_hash(), OMENDB_ABI_HASH);
}

static void test_error_names(void)
{
    static const int known[] = {
        OMEN_OK, OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_NOT_FOUND, OMEN_ERR_INVALID_ARGUMENT,
        OMEN_ERR_VALUE_TOO_LARGE, OMEN_ERR_IO, OMEN_ERR_CORRUPTED, OMEN_ERR_LOCKED, OMEN_ERR_INVALID_PATH,
        OMEN_ERR_OUT_OF_MEMORY, OMEN_ERR_INTERNAL,
    };
    const size_t n = sizeof known / sizeof known[0];
    size_t i, j;
    for (i = 0; i < n; i++) {
        const char *name = omendb_error_name((OmenErrorCode)known[i]);
        CHECK(name != NULL && name[0] != '\0');
        if (name != NULL && known[i] != OMEN_OK) {
            CHECK(strcmp(name, "unknown error") != 0);
        }
        for (j = 0; j < i; j++) {
            const char *other = omendb_error_name((OmenErrorCode)known[j]);
            CHECK(name != NULL && other != NULL && strcmp(name, other) != 0);
        }
    }
    CHECK_STR_EQ(omendb_error_name(OMEN_ERR_NOT_FOUND), "not found");
    CHECK_STR_EQ(omendb_error_name((OmenErrorCode)12345), "unknown error");
    CHECK_STR_EQ(omendb_error_name((OmenErrorCode)-1), "unknown error");
    CHECK_STR_EQ(omendb_error_name((OmenErrorCode)11), "unknown error");
}

/* A failure sets code and message; a later success clears both. */
static void test_last_error_round_trip(void)
{
    LearnedIndex *idx = omendb_create_index(OMEN_INDEX_LINEAR, 16);
    uint8_t *value = NULL;
    size_t len = 0;
    char *message;
    OmenDebugCounters before, during;

    CHECK(idx != NULL);
    before = omen_counters();
    CHECK_FAILS(omendb_index_get(idx, 7, &value, &len), OMEN_ERR_NOT_FOUND);
    CHECK(value == NULL);

    message = omendb_last_error_message();
    CHECK(message != NULL && message[0] != '\0');
    /* Reading the message does not consume the error. */
    CHECK_LAST_ERROR(OMEN_ERR_NOT_FOUND);
    /* A second read gives a new string with the same text. */
    {
        char *second = omendb_last_error_message();
        CHECK(second != NULL && second != message);
        CHECK(message != NULL && second != NULL && strcmp(message, second) == 0);
        omendb_string_free(second);
    }
    /* The message is an owned string: it counts as a live buffer until freed.
       (Reading the counters succeeds, which clears the last error from here on.) */
    during = omen_counters();
    CHECK_EQ_INT(during.live_buffers, before.live_buffers + 1);
    omendb_string_free(message);
    CHECK_EQ_INT(omen_counters().live_buffers, before.live_buffers);
    CHECK_LAST_ERROR(OMEN_OK);

    CHECK_OK(omendb_index_insert(idx, 7, BYTES("seven"), 5));
    CHECK_LAST_ERROR(OMEN_OK);
    message = omendb_last_error_message();
    CHECK(message == NULL);
    omendb_string_free(message);

    /* A different failure replaces the previous one. */
    CHECK_FAILS(omendb_index_insert(idx, 8, NULL, 3), OMEN_ERR_NULL_ARGUMENT);
    message = omendb_last_error_message();
    CHECK(message != NULL);
    omendb_string_free(message);

    omendb_string_free(NULL);
    omendb_index_free(idx);
}

typedef struct ThreadReport {
    int code_at_start;
    int code_after_failure;
} ThreadReport;

static void *fail_in_thread(void *arg)
{
    ThreadReport *report = (ThreadReport *)arg;
    report->code_at_start = (int)omendb_last_error_code();
    (void)omendb_debug_counters(NULL);
    report->code_after_failure = (int)omendb_last_error_code();
    return NULL;
}

/* The last error belongs to the calling thread. */
static void test_last_error_is_thread_local(void)
{
    pthread_t thread;
    ThreadReport report;
    uint8_t *value = NULL;
    size_t len = 0;
    LearnedIndex *idx = omendb_create_index(OMEN_INDEX_BTREE, 0);

    memset(&report, 0, sizeof report);
    CHECK(idx != NULL);
    CHECK_FAILS(omendb_index_get(idx, 1, &value, &len), OMEN_ERR_NOT_FOUND);
    CHECK_EQ_INT(pthread_create(&thread, NULL, fail_in_thread, &report), 0);
    CHECK_EQ_INT(pthread_join(thread, NULL), 0);
    CHECK_EQ_INT(report.code_at_start, OMEN_OK);
    CHECK_EQ_INT(report.code_after_failure, OMEN_ERR_NULL_ARGUMENT);
    CHECK_LAST_ERROR(OMEN_ERR_NOT_FOUND);
    omendb_index_free(idx);
}

static void test_debug_counters(void)
{
    OmenDebugCounters c;
    memset(&c, 0xff, sizeof c);
    CHECK_OK(omendb_debug_counters(&c));
    CHECK(c.live_databases >= 0 && c.live_indexes >= 0 && c.live_buffers >= 0);
    CHECK_FAILS(omendb_debug_counters(NULL), OMEN_ERR_NULL_ARGUMENT);
}

int main(void)
{
    test_version();
    test_abi_hash();
    test_error_names();
    test_last_error_round_trip();
    test_last_error_is_thread_local();
    test_debug_counters();
    CHECK_NO_LIVE_OBJECTS();
    return check_finish("test_version_errors");
}
