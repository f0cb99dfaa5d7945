/*
 * test_errors.c: every documented error path returns a code and never crashes:
 * NULL handles and out-pointers, closed/freed/foreign/bogus handles, double
 * close and free, invalid paths, out-of-range flags/options/kinds/capacities,
 * start > end, NULL values with a length, oversized lengths and batch counts.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "omen_test.h"

static char temp_dir[4096];

/*
 * A NULL handle: the header's general rule gives OMEN_ERR_NULL_ARGUMENT; the @errors lists of
 * delete, flush and merge name only OMEN_ERR_INVALID_HANDLE, so those accept either code.
 */
static int null_handle_code_ok(OmenResult r)
{
    return !r.success && (r.code == OMEN_ERR_NULL_ARGUMENT || r.code == OMEN_ERR_INVALID_HANDLE) &&
           r.code == omendb_last_error_code();
}

static void check_db_rejected(OmenDB *db, int code)
{
    uint8_t *value = NULL;
    size_t len = 0;
    int64_t key = 1;
    const uint8_t *values[1];
    size_t lens[1] = {1};
    OmenBatch batch;
    OmenDBStats stats;
    values[0] = BYTES("x");
    memset(&batch, 0, sizeof batch);

    CHECK_FAILS(omendb_storage_put(db, 1, BYTES("x"), 1), code);
    CHECK_FAILS(omendb_storage_get(db, 1, &value, &len), code);
    CHECK(value == NULL);
    CHECK_FAILS(omendb_storage_batch_write(db, &key, values, lens, 1), code);
    CHECK_FAILS(omendb_storage_get_many(db, &key, 1, &batch), code);
    CHECK_FAILS(omendb_storage_range(db, 0, 10, 0, &batch), code);
    CHECK(batch.keys == NULL && batch.count == 0);
    CHECK_FAILS(omendb_storage_stats(db, &stats), code);
    if (code == OMEN_ERR_NULL_ARGUMENT) {
        CHECK(null_handle_code_ok(omendb_storage_delete(db, 1)));
        CHECK(null_handle_code_ok(omendb_storage_flush(db)));
    } else {
        CHECK_FAILS(omendb_storage_delete(db, 1), code);
        CHECK_FAILS(omendb_storage_flush(db), code);
    }
}

static void check_index_rejected(LearnedIndex *idx, int code)
{
    uint8_t *value = NULL;
    size_t len = 0;
    int64_t key = 1;
    int64_t *keys = NULL;
    size_t count = 0, written = 0;
    uint8_t found[1];
    int64_t page[4];
    OmenBatch batch;
    OmenIndexStats stats;
    memset(&batch, 0, sizeof batch);

    CHECK_FAILS(omendb_index_insert(idx, 1, BYTES("x"), 1), code);
    CHECK_FAILS(omendb_index_get(idx, 1, &value, &len), code);
    CHECK(value == NULL);
    CHECK_FAILS(omendb_index_get_many(idx, &key, 1, &batch), code);
    CHECK_FAILS(omendb_index_contains_many(idx, &key, 1, found), code);
    CHECK_FAILS(omendb_index_range(idx, 0, 10, &keys, &count), code);
    CHECK(keys == NULL);
    CHECK_FAILS(omendb_index_range_into(idx, 0, 10, page, 4, &written, NULL), code);
    CHECK_FAILS(omendb_index_stats(idx, &stats), code);
    if (code == OMEN_ERR_NULL_ARGUMENT) {
        CHECK(null_handle_code_ok(omendb_index_merge(idx)));
    } else {
        CHECK_FAILS(omendb_index_merge(idx), code);
    }
}

static void test_null_handles(void)
{
    check_db_rejected(NULL, OMEN_ERR_NULL_ARGUMENT);
    check_index_rejected(NULL, OMEN_ERR_NULL_ARGUMENT);
    omendb_close(NULL);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);
    omendb_index_free(NULL);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);
}

static void test_null_out_pointers(void)
{
    OmenDB *db = omendb_open(NULL, OMENDB_OPEN_IN_MEMORY);
    LearnedIndex *idx = omendb_create_index(OMEN_INDEX_PGM, 10);
    uint8_t *value = NULL;
    size_t len = 0, count = 0, written = 0;
    int64_t key = 5;
    int64_t *keys = NULL;
    size_t lens[1] = {1};
    LearnedIndex *built = NULL;

    if (!CHECK(db != NULL && idx != NULL)) {
        omendb_close(db);
        omendb_index_free(idx);
        return;
    }
    CHECK_OK(omendb_storage_put(db, 5, BYTES("five"), 4));
    CHECK_OK(omendb_index_insert(idx, 5, BYTES("five"), 4));

    CHECK_FAILS(omendb_storage_get(db, 5, NULL, &len), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_storage_get(db, 5, &value, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK(value == NULL);
    CHECK_FAILS(omendb_storage_get_many(db, &key, 1, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_storage_get_many(db, NULL, 1, NULL), OMEN_ERR_NULL_ARGUMENT);
    {
        OmenBatch batch;
        memset(&batch, 0, sizeof batch);
        CHECK_FAILS(omendb_storage_get_many(db, NULL, 3, &batch), OMEN_ERR_NULL_ARGUMENT);
        CHECK(batch.count == 0 && batch.keys == NULL);
    }
    CHECK_FAILS(omendb_storage_range(db, 0, 10, 0, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_storage_stats(db, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_storage_batch_write(db, NULL, NULL, lens, 1), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_storage_batch_write(db, &key, NULL, lens, 1), OMEN_ERR_NULL_ARGUMENT);
    {
        const uint8_t *values[1];
        values[0] = BYTES("v");
        CHECK_FAILS(omendb_storage_batch_write(db, &key, values, NULL, 1), OMEN_ERR_NULL_ARGUMENT);
    }
    CHECK_FAILS(omendb_debug_counters(NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_open_with_options(NULL, NULL, NULL), OMEN_ERR_NULL_ARGUMENT);

    CHECK_FAILS(omendb_index_get(idx, 5, NULL, &len), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_get(idx, 5, &value, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_get_many(idx, &key, 1, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_contains_many(idx, &key, 1, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_contains_many(idx, NULL, 1, (uint8_t *)&len), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_range(idx, 0, 10, NULL, &count), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_range(idx, 0, 10, &keys, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK(keys == NULL);
    CHECK_FAILS(omendb_index_range_into(idx, 0, 10, NULL, 4, &written, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_range_into(idx, 0, 10, (int64_t *)&count, 1, NULL, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_stats(idx, NULL), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_build(OMEN_INDEX_PGM, 0, NULL, NULL, NULL, 3, &built), OMEN_ERR_NULL_ARGUMENT);
    CHECK(built == NULL);
    CHECK_FAILS(omendb_index_build(OMEN_INDEX_PGM, 0, &key, NULL, NULL, 1, NULL), OMEN_ERR_NULL_ARGUMENT);
    {
        /* values given without lens. */
        const uint8_t *values[1];
        values[0] = BYTES("v");
        CHECK_FAILS(omendb_index_build(OMEN_INDEX_PGM, 0, &key, values, NULL, 1, &built), OMEN_ERR_NULL_ARGUMENT);
        CHECK(built == NULL);
    }

    /* Still usable after all that. */
    CHECK_STORED(db, 5, "five");
    omendb_index_free(idx);
    omendb_close(db);
}

static void test_use_after_close_and_free(void)
{
    OmenDB *db = omendb_open(NULL, OMENDB_OPEN_IN_MEMORY);
    LearnedIndex *idx = omendb_create_index(OMEN_INDEX_RMI, 100);
    if (!CHECK(db != NULL && idx != NULL)) {
        return;
    }
    CHECK_OK(omendb_storage_put(db, 1, BYTES("a"), 1));
    omendb_close(db);
    CHECK_LAST_ERROR(OMEN_OK);
    check_db_rejected(db, OMEN_ERR_INVALID_HANDLE);
    /* Double close: ignored, recorded. */
    omendb_close(db);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);

    CHECK_OK(omendb_index_insert(idx, 1, BYTES("a"), 1));
    omendb_index_free(idx);
    CHECK_LAST_ERROR(OMEN_OK);
    check_index_rejected(idx, OMEN_ERR_INVALID_HANDLE);
    omendb_index_free(idx);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);
}

static void test_bogus_and_foreign_handles(void)
{
    OmenDB *db = omendb_open(NULL, OMENDB_OPEN_IN_MEMORY);
    LearnedIndex *idx = omendb_create_index(OMEN_INDEX_LINEAR, 100);
    int64_t stack_word = 0;

    check_db_rejected((OmenDB *)0x1234, OMEN_ERR_INVALID_HANDLE);
    check_index_rejected((LearnedIndex *)0x1234, OMEN_ERR_INVALID_HANDLE);
    check_db_rejected((OmenDB *)&stack_word, OMEN_ERR_INVALID_HANDLE);
    omendb_close((OmenDB *)0x1234);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);
    omendb_index_free((LearnedIndex *)0x1234);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);

    /* A live handle of the other type (the seed passed an OmenDB* to omendb_index_range). */
    if (CHECK(db != NULL && idx != NULL)) {
        check_index_rejected((LearnedIndex *)db, OMEN_ERR_INVALID_HANDLE);
        check_db_rejected((OmenDB *)idx, OMEN_ERR_INVALID_HANDLE);
        omendb_close((OmenDB *)idx);
        CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);
        omendb_index_free((LearnedIndex *)db);
        CHECK_LAST_ERROR(OMEN_ERR_INVALID_HANDLE);
        /* Both still work. */
        CHECK_OK(omendb_storage_put(db, 1, BYTES("a"), 1));
        CHECK_OK(omendb_index_insert(idx, 1, BYTES("a"), 1));
    }
    omendb_index_free(idx);
    omendb_close(db);
}

static void check_open_fails(const char *path, int32_t flags, int code)
{
    OmenDB *db = omendb_open(path, flags);
    CHECK(db == NULL);
    CHECK_LAST_ERROR(code);
    omendb_close(db);
}

static void test_invalid_paths_and_flags(void)
{
    char path[4200];
    OmenOptions options;
    OmenDB *db = NULL;
    OmenDB *second = NULL;

    check_open_fails(temp_dir, 0, OMEN_ERR_INVALID_PATH);
    check_open_fails("", 0, OMEN_ERR_INVALID_PATH);
    check_open_fails("\xff\xfe.omendb", 0, OMEN_ERR_INVALID_PATH);
    omen_join(path, sizeof path, temp_dir, "no/such/dir/x.omendb");
    check_open_fails(path, 0, OMEN_ERR_IO);
    check_open_fails(NULL, 0, OMEN_ERR_NULL_ARGUMENT);
    omen_join(path, sizeof path, temp_dir, "flags.omendb");
    check_open_fails(path, 4, OMEN_ERR_INVALID_ARGUMENT);
    check_open_fails(path, -1, OMEN_ERR_INVALID_ARGUMENT);
    check_open_fails(path, INT32_MIN, OMEN_ERR_INVALID_ARGUMENT);

    /* A file that is not an OmenDB database. */
    {
        FILE *f;
        omen_join(path, sizeof path, temp_dir, "garbage.omendb");
        f = fopen(path, "wb");
        if (CHECK(f != NULL)) {
            int i;
            for (i = 0; i < 512; i++) {
                fputs("not a database ", f);
            }
            fclose(f);
            check_open_fails(path, 0, OMEN_ERR_CORRUPTED);
        }
    }

    /* The same file twice in one process. */
    omen_join(path, sizeof path, temp_dir, "locked.omendb");
    db = omendb_open(path, 0);
    if (CHECK(db != NULL)) {
        check_open_fails(path, 0, OMEN_ERR_LOCKED);
        CHECK_FAILS(omendb_open_with_options(path, NULL, &second), OMEN_ERR_LOCKED);
        CHECK(second == NULL);
        omendb_close(db);
        /* Released by close. */
        db = omendb_open(path, 0);
        CHECK(db != NULL);
        omendb_close(db);
    }

    /* Options out of range. */
    memset(&options, 0, sizeof options);
    omen_join(path, sizeof path, temp_dir, "options.omendb");
    options.engine = (OmenEngine)7;
    CHECK_FAILS(omendb_open_with_options(path, &options, &db), OMEN_ERR_INVALID_ARGUMENT);
    options.engine = OMEN_ENGINE_MEMORY;
    options.sync_policy = (OmenSyncPolicy)5;
    CHECK_FAILS(omendb_open_with_options(path, &options, &db), OMEN_ERR_INVALID_ARGUMENT);
    options.sync_policy = OMEN_SYNC_ALWAYS;
    options.hot_index_kind = (OmenIndexKind)42;
    CHECK_FAILS(omendb_open_with_options(path, &options, &db), OMEN_ERR_INVALID_ARGUMENT);
    options.hot_index_kind = (OmenIndexKind)-1;
    CHECK_FAILS(omendb_open_with_options(path, &options, &db), OMEN_ERR_INVALID_ARGUMENT);
    /* The redb engine needs a path. */
    memset(&options, 0, sizeof options);
    db = NULL;
    CHECK_FAILS(omendb_open_with_options(NULL, &options, &db), OMEN_ERR_NULL_ARGUMENT);
    CHECK(db == NULL);
    CHECK_FAILS(omendb_open_with_options("", &options, &db), OMEN_ERR_INVALID_PATH);
    CHECK_FAILS(omendb_open_with_options(temp_dir, &options, &db), OMEN_ERR_INVALID_PATH);
    CHECK(db == NULL);
}

static void test_bad_arguments(void)
{
    OmenDB *db = omendb_open(NULL, OMENDB_OPEN_IN_MEMORY);
    LearnedIndex *idx = omendb_create_index(OMEN_INDEX_DEFAULT, 0);
    LearnedIndex *built = NULL;
    OmenBatch batch;
    int64_t keys[2] = {1, 2};
    int64_t *range_keys = NULL;
    int64_t page[4];
    size_t count = 0, written = 0;
    uint8_t small[4] = {1, 2, 3, 4};
    const uint8_t *values[2];
    size_t lens[2] = {1, 1};
    memset(&batch, 0, sizeof batch);

    /* create_index: bad kind, negative capacity. */
    CHECK(omendb_create_index(42, 10) == NULL);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_ARGUMENT);
    CHECK(omendb_create_index(-1, 10) == NULL);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_ARGUMENT);
    CHECK(omendb_create_index(OMEN_INDEX_LINEAR, -1) == NULL);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_ARGUMENT);
    CHECK(omendb_create_index(OMEN_INDEX_LINEAR, INT64_MIN) == NULL);
    CHECK_LAST_ERROR(OMEN_ERR_INVALID_ARGUMENT);
    CHECK_FAILS(omendb_index_build((OmenIndexKind)42, 0, keys, NULL, NULL, 2, &built), OMEN_ERR_INVALID_ARGUMENT);
    CHECK(built == NULL);

    if (!CHECK(db != NULL && idx != NULL)) {
        omendb_close(db);
        omendb_index_free(idx);
        return;
    }

    /* start > end. */
    CHECK_FAILS(omendb_storage_range(db, 5, 4, 0, &batch), OMEN_ERR_INVALID_ARGUMENT);
    CHECK_FAILS(omendb_storage_range(db, INT64_MAX, INT64_MIN, 10, &batch), OMEN_ERR_INVALID_ARGUMENT);
    CHECK(batch.keys == NULL && batch.count == 0);
    CHECK_FAILS(omendb_index_range(idx, 5, 4, &range_keys, &count), OMEN_ERR_INVALID_ARGUMENT);
    CHECK(range_keys == NULL);
    CHECK_FAILS(omendb_index_range_into(idx, 5, 4, page, 4, &written, NULL), OMEN_ERR_INVALID_ARGUMENT);

    /* NULL value with a length. */
    CHECK_FAILS(omendb_storage_put(db, 1, NULL, 1), OMEN_ERR_NULL_ARGUMENT);
    CHECK_FAILS(omendb_index_insert(idx, 1, NULL, 1), OMEN_ERR_NULL_ARGUMENT);
    values[0] = BYTES("a");
    values[1] = NULL;
    CHECK_FAILS(omendb_index_build(OMEN_INDEX_PGM, 0, keys, values, lens, 2, &built), OMEN_ERR_NULL_ARGUMENT);
    CHECK(built == NULL);

    /* Huge lengths are rejected before the bytes are read. */
    CHECK_FAILS(omendb_storage_put(db, 1, small, SIZE_MAX), OMEN_ERR_VALUE_TOO_LARGE);
    CHECK_FAILS(omendb_storage_put(db, 1, small, (size_t)OMENDB_MAX_VALUE_LEN + 1), OMEN_ERR_VALUE_TOO_LARGE);
    CHECK_FAILS(omendb_index_insert(idx, 1, small, SIZE_MAX), OMEN_ERR_VALUE_TOO_LARGE);
    values[0] = small;
    values[1] = small;
    lens[1] = SIZE_MAX;
    CHECK_FAILS(omendb_storage_batch_write(db, keys, values, lens, 2), OMEN_ERR_VALUE_TOO_LARGE);
    CHECK_FAILS(omendb_index_build(OMEN_INDEX_PGM, 0, keys, values, lens, 2, &built), OMEN_ERR_VALUE_TOO_LARGE);
    CHECK(built == NULL);
    /* Batch counts beyond OMENDB_MAX_BATCH are rejected before the arrays are read
       (the two valid entries make reading a third one visible to valgrind and ASan). */
    lens[1] = 1;
    CHECK_FAILS(omendb_storage_batch_write(db, keys, values, lens, (size_t)OMENDB_MAX_BATCH + 1),
                OMEN_ERR_VALUE_TOO_LARGE);
    CHECK_FAILS(omendb_storage_get_many(db, keys, SIZE_MAX, &batch), OMEN_ERR_VALUE_TOO_LARGE);
    CHECK(batch.keys == NULL && batch.count == 0);

    /* Nothing was written by the failures above. */
    {
        uint8_t *value = NULL;
        size_t len = 0;
        CHECK_FAILS(omendb_storage_get(db, 1, &value, &len), OMEN_ERR_NOT_FOUND);
        CHECK_FAILS(omendb_index_get(idx, 1, &value, &len), OMEN_ERR_NOT_FOUND);
        CHECK(value == NULL);
    }
    omendb_index_free(idx);
    omendb_close(db);
}

int main(void)
{
    if (omen_make_temp_dir(temp_dir, sizeof temp_dir) != 0) {
        fprintf(stderr, "cannot create a temporary directory\n");
        return 2;
    }
    test_null_handles();
    test_null_out_pointers();
    test_use_after_close_and_free();
    test_bogus_and_foreign_handles();
    test_invalid_paths_and_flags();
    test_bad_arguments();
    CHECK_NO_LIVE_OBJECTS();
    omen_remove_tree(temp_dir);
    return check_finish("test_errors");
}
