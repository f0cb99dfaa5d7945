/*
 * test_storage.c: the database API on both engines (redb file in a fresh temp
 * directory, and memory): put/get/overwrite/delete, zero-length and oversized
 * values, atomic batch writes, get_many, paged range scans, flush, stats, reopen.
 * Ends with no live objects.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "omen_test.h"

static char temp_dir[4096];

/* Opens <temp_dir>/<name> with `flags`; NULL (and a failed check) on error. */
static OmenDB *open_file_db(const char *name, int32_t flags)
{
    char path[4200];
    OmenDB *db;
    omen_join(path, sizeof path, temp_dir, name);
    db = omendb_open(path, flags);
    if (!CHECK(db != NULL)) {
        omen_print_last_error();
    }
    return db;
}

static OmenDB *open_memory_db(void)
{
    OmenDB *db = omendb_open(NULL, OMENDB_OPEN_IN_MEMORY);
    if (!CHECK(db != NULL)) {
        omen_print_last_error();
    }
    return db;
}

static void check_missing(OmenDB *db, int64_t key)
{
    uint8_t *value = NULL;
    size_t len = 12345;
    CHECK_FAILS(omendb_storage_get(db, key, &value, &len), OMEN_ERR_NOT_FOUND);
    CHECK(value == NULL);
}

static void exercise_put_get_delete(OmenDB *db)
{
    CHECK_OK(omendb_storage_put(db, 1, BYTES("one"), 3));
    CHECK_OK(omendb_storage_put(db, -1, BYTES("minus one"), 9));
    CHECK_OK(omendb_storage_put(db, INT64_MAX, BYTES("max"), 3));
    CHECK_OK(omendb_storage_put(db, INT64_MIN, BYTES("min"), 3));
    CHECK_STORED(db, 1, "one");
    CHECK_STORED(db, -1, "minus one");
    CHECK_STORED(db, INT64_MAX, "max");
    CHECK_STORED(db, INT64_MIN, "min");
    check_missing(db, 2);

    /* Overwrite replaces, with a longer and then a shorter value. */
    CHECK_OK(omendb_storage_put(db, 1, BYTES("uno, longer"), 11));
    CHECK_STORED(db, 1, "uno, longer");
    CHECK_OK(omendb_storage_put(db, 1, BYTES("1"), 1));
    CHECK_STORED(db, 1, "1");

    /* Values are copied: changing the caller's buffer afterwards changes nothing. */
    {
        uint8_t buffer[4] = {'a', 'b', 'c', 'd'};
        CHECK_OK(omendb_storage_put(db, 5, buffer, sizeof buffer));
        buffer[0] = 'z';
        CHECK_STORED(db, 5, "abcd");
    }

    CHECK_OK(omendb_storage_delete(db, 1));
    check_missing(db, 1);
    CHECK_FAILS(omendb_storage_delete(db, 1), OMEN_ERR_NOT_FOUND);
    CHECK_FAILS(omendb_storage_delete(db, 424242), OMEN_ERR_NOT_FOUND);
    /* A failed delete changed nothing. */
    CHECK_STORED(db, -1, "minus one");
}

static void exercise_zero_length_values(OmenDB *db)
{
    uint8_t *value = (uint8_t *)&value; /* a non-NULL sentinel the call must overwrite */
    size_t len = 99;
    OmenResult r;
    const uint8_t *values[2];
    int64_t keys[2] = {21, 22};
    size_t lens[2] = {0, 0};

    CHECK_OK(omendb_storage_put(db, 20, NULL, 0));
    r = omendb_storage_get(db, 20, &value, &len);
    if (CHECK_OK(r)) {
        CHECK(value == NULL);
        CHECK_EQ_INT(len, 0);
        CHECK(r.data == NULL);
        omendb_buffer_free(value, len);
    }

    CHECK_OK(omendb_storage_put(db, 20, BYTES("x"), 0));
    CHECK_STORED(db, 20, "");

    values[0] = NULL;
    values[1] = BYTES("ignored");
    CHECK_OK(omendb_storage_batch_write(db, keys, values, lens, 2));
    CHECK_STORED(db, 21, "");
    CHECK_STORED(db, 22, "");
}

static void exercise_value_limits(OmenDB *db)
{
    size_t big_len = (size_t)OMENDB_MAX_VALUE_LEN + 1;
    uint8_t *big = (uint8_t *)calloc(big_len, 1);
    uint8_t *value = NULL;
    size_t len = 0;
    int64_t keys[3] = {30, 31, 32};
    const uint8_t *values[3];
    size_t lens[3] = {1, 0, 1};

    if (!CHECK(big != NULL)) {
        return;
    }
    CHECK_FAILS(omendb_storage_put(db, 30, big, big_len), OMEN_ERR_VALUE_TOO_LARGE);
    check_missing(db, 30);

    /* Exactly the limit is accepted and read back whole. */
    big[0] = 'A';
    big[big_len - 2] = 'Z';
    CHECK_OK(omendb_storage_put(db, 30, big, big_len - 1));
    if (CHECK_OK(omendb_storage_get(db, 30, &value, &len))) {
        CHECK_EQ_U64(len, OMENDB_MAX_VALUE_LEN);
        CHECK(value != NULL && value[0] == 'A' && value[len - 1] == 'Z');
    }
    omendb_buffer_free(value, len);
    CHECK_OK(omendb_storage_delete(db, 30));

    /* One oversized entry fails the whole batch: nothing is written. */
    values[0] = BYTES("a");
    values[1] = NULL;
    values[2] = big;
    lens[2] = big_len;
    CHECK_FAILS(omendb_storage_batch_write(db, keys, values, lens, 3), OMEN_ERR_VALUE_TOO_LARGE);
    check_missing(db, 30);
    check_missing(db, 31);
    check_missing(db, 32);
    free(big);
}

static void exercise_batch_write(OmenDB *db)
{
    enum { N = 1000 };
    int64_t *keys = (int64_t *)malloc(N * sizeof(int64_t));
    const uint8_t **values = (const uint8_t **)malloc(N * sizeof(uint8_t *));
    size_t *lens = (size_t *)malloc(N * sizeof(size_t));
    char (*text)[16] = (char (*)[16])malloc(N * sizeof *text);
    int i;
    int64_t dup_keys[3] = {7000, 7001, 7000};
    const uint8_t *dup_values[3];
    size_t dup_lens[3] = {5, 1, 6};
    int64_t bad_keys[2] = {7100, 7101};
    const uint8_t *bad_values[2];
    size_t bad_lens[2] = {2, 4};

    if (!CHECK(keys != NULL && values != NULL && lens != NULL && text != NULL)) {
        return;
    }
    for (i = 0; i < N; i++) {
        keys[i] = 10000 + (int64_t)i * 3;
        snprintf(text[i], sizeof text[i], "v%d", i);
        values[i] = BYTES(text[i]);
        lens[i] = strlen(text[i]);
    }
    CHECK_OK(omendb_storage_batch_write(db, keys, values, lens, N));
    CHECK_STORED(db, 10000, "v0");
    CHECK_STORED(db, 10000 + 3 * 500, "v500");
    CHECK_STORED(db, 10000 + 3 * (N - 1), "v999");
    check_missing(db, 10001);

    /* Later entries win over earlier ones with the same key. */
    dup_values[0] = BYTES("first");
    dup_values[1] = BYTES("b");
    dup_values[2] = BYTES("second");
    CHECK_OK(omendb_storage_batch_write(db, dup_keys, dup_values, dup_lens, 3));
    CHECK_STORED(db, 7000, "second");
    CHECK_STORED(db, 7001, "b");

    /* A NULL value with a length fails the whole batch. */
    bad_values[0] = BYTES("ok");
    bad_values[1] = NULL;
    CHECK_FAILS(omendb_storage_batch_write(db, bad_keys, bad_values, bad_lens, 2), OMEN_ERR_NULL_ARGUMENT);
    check_missing(db, 7100);

    /* count 0 is a successful no-op, even with NULL arrays. */
    CHECK_OK(omendb_storage_batch_write(db, NULL, NULL, NULL, 0));

    free(keys);
    free((void *)values);
    free(lens);
    free(text);
}

static void exercise_get_many(OmenDB *db)
{
    int64_t keys[5] = {40, 41, 40, -40, 42};
    OmenBatch batch;
    memset(&batch, 0, sizeof batch);

    CHECK_OK(omendb_storage_put(db, 40, BYTES("forty"), 5));
    CHECK_OK(omendb_storage_put(db, -40, BYTES("neg"), 3));
    CHECK_OK(omendb_storage_put(db, 42, NULL, 0));
    if (CHECK_OK(omendb_storage_get_many(db, keys, 5, &batch)) && CHECK_EQ_U64(batch.count, 5)) {
        size_t i;
        static const uint8_t expect_found[5] = {1, 0, 1, 1, 1};
        for (i = 0; i < 5; i++) {
            CHECK_EQ_INT(batch.keys[i], keys[i]);
            CHECK_EQ_INT(batch.found[i], expect_found[i]);
            CHECK(batch.offsets[i] <= batch.offsets[i + 1]);
        }
        CHECK_EQ_U64(batch.offsets[0], 0);
        CHECK_EQ_U64(batch.offsets[5], batch.data_len);
        CHECK_EQ_U64(batch.data_len, 13);
        CHECK_BYTES_EQ(batch.data + batch.offsets[0], batch.offsets[1] - batch.offsets[0], "forty");
        CHECK_EQ_U64(batch.offsets[2] - batch.offsets[1], 0);
        CHECK_BYTES_EQ(batch.data + batch.offsets[2], batch.offsets[3] - batch.offsets[2], "forty");
        CHECK_BYTES_EQ(batch.data + batch.offsets[3], batch.offsets[4] - batch.offsets[3], "neg");
        CHECK_EQ_U64(batch.offsets[5] - batch.offsets[4], 0);
    }
    omendb_batch_free(&batch);
    /* Freeing zeroes the batch; freeing a zeroed batch or NULL is ignored. */
    CHECK(batch.keys == NULL && batch.found == NULL && batch.offsets == NULL && batch.data == NULL);
    CHECK_EQ_U64(batch.count, 0);
    omendb_batch_free(&batch);
    omendb_batch_free(NULL);

    /* An empty request gives an empty batch. */
    CHECK_OK(omendb_storage_get_many(db, keys, 0, &batch));
    CHECK_EQ_U64(batch.count, 0);
    omendb_batch_free(&batch);
}

/* Scans [start, end] in pages of `limit`, checking order; returns the number of entries seen. */
static size_t scan_all(OmenDB *db, int64_t start, int64_t end, size_t limit, size_t *pages)
{
    size_t seen = 0;
    int64_t previous = INT64_MIN;
    int more = 1;
    *pages = 0;
    while (more) {
        OmenBatch batch;
        size_t i;
        memset(&batch, 0, sizeof batch);
        if (!CHECK_OK(omendb_storage_range(db, start, end, limit, &batch))) {
            return seen;
        }
        (*pages)++;
        if (limit != 0) {
            CHECK(batch.count <= limit);
        }
        for (i = 0; i < batch.count; i++) {
            CHECK(batch.keys[i] >= start && batch.keys[i] <= end);
            CHECK((seen == 0 && i == 0) || batch.keys[i] > previous);
            CHECK_EQ_INT(batch.found[i], 1);
            previous = batch.keys[i];
        }
        seen += batch.count;
        more = batch.has_more;
        if (more) {
            CHECK(batch.count > 0);
            if (batch.count == 0 || batch.keys[batch.count - 1] == INT64_MAX) {
                CHECK(!"has_more after the largest key");
                more = 0;
            } else {
                start = batch.keys[batch.count - 1] + 1;
            }
        }
        omendb_batch_free(&batch);
        if (*pages > 100000) {
            CHECK(!"range paging does not terminate");
            break;
        }
    }
    return seen;
}

static void exercise_range(OmenDB *db)
{
    enum { N = 250 };
    int64_t keys[N];
    const uint8_t *values[N];
    size_t lens[N];
    char text[N][16];
    size_t pages = 0;
    int i;
    OmenBatch batch;

    /* Keys -5000 .. -2510 in steps of 10: no other exercise writes there. */
    for (i = 0; i < N; i++) {
        keys[i] = -5000 + (int64_t)i * 10;
        snprintf(text[i], sizeof text[i], "r%d", i);
        values[i] = BYTES(text[i]);
        lens[i] = strlen(text[i]);
    }
    CHECK_OK(omendb_storage_batch_write(db, keys, values, lens, N));

    CHECK_EQ_U64(scan_all(db, -5000, -2510, 100, &pages), N);
    CHECK_EQ_U64(pages, 3);
    CHECK_EQ_U64(scan_all(db, -5000, -2510, 0, &pages), N);
    CHECK_EQ_U64(pages, 1);
    CHECK_EQ_U64(scan_all(db, -5000, -2510, N, &pages), N);
    CHECK_EQ_U64(pages, 1);
    CHECK_EQ_U64(scan_all(db, -6000, -2000, 1, &pages), N);
    CHECK_EQ_U64(pages, N);
    CHECK_EQ_U64(scan_all(db, -5005, -4995, 7, &pages), 1);
    CHECK_EQ_U64(scan_all(db, -4999, -4991, 0, &pages), 0);
    CHECK_EQ_U64(scan_all(db, -4995, -4995, 0, &pages), 0);
    CHECK_EQ_U64(scan_all(db, -4990, -4990, 0, &pages), 1);
    /* The whole key space, in signed order, paging across INT64_MIN, 0 and INT64_MAX. */
    CHECK(scan_all(db, INT64_MIN, INT64_MAX, 64, &pages) >= N + 2);

    memset(&batch, 0, sizeof batch);
    if (CHECK_OK(omendb_storage_range(db, -6000, -2000, 3, &batch)) && CHECK_EQ_U64(batch.count, 3)) {
        CHECK_EQ_INT(batch.keys[0], -5000);
        CHECK_EQ_INT(batch.keys[1], -4990);
        CHECK_EQ_INT(batch.keys[2], -4980);
        CHECK(batch.has_more);
        CHECK_BYTES_EQ(batch.data + batch.offsets[1], batch.offsets[2] - batch.offsets[1], "r1");
        CHECK_EQ_U64(batch.offsets[3], batch.data_len);
    }
    omendb_batch_free(&batch);

    /* The last page reports no more. */
    if (CHECK_OK(omendb_storage_range(db, -2600, -2510, 10, &batch)) && CHECK_EQ_U64(batch.count, 10)) {
        CHECK(!batch.has_more);
        CHECK_EQ_INT(batch.keys[9], -2510);
        CHECK_BYTES_EQ(batch.data + batch.offsets[9], batch.offsets[10] - batch.offsets[9], "r249");
    }
    omendb_batch_free(&batch);

    /* The largest key ends a scan without has_more. */
    if (CHECK_OK(omendb_storage_range(db, INT64_MAX - 1, INT64_MAX, 1, &batch)) && CHECK_EQ_U64(batch.count, 1)) {
        CHECK_EQ_INT(batch.keys[0], INT64_MAX);
        CHECK(!batch.has_more);
    }
    omendb_batch_free(&batch);

    CHECK_FAILS(omendb_storage_range(db, 10, 5, 0, &batch), OMEN_ERR_INVALID_ARGUMENT);
}

static void exercise_stats_and_flush(OmenDB *db, int engine, int sync_policy)
{
    OmenDBStats stats;
    uint8_t *value = NULL;
    size_t len = 0;
    int i;

    for (i = 0; i < 10; i++) {
        CHECK_OK(omendb_storage_put(db, 900000 + i, BYTES("s"), 1));
    }
    for (i = 0; i < 10; i++) {
        CHECK_OK(omendb_storage_get(db, 900000 + i, &value, &len));
        omendb_buffer_free(value, len);
        value = NULL;
    }
    CHECK_OK(omendb_storage_flush(db));
    memset(&stats, 0xee, sizeof stats);
    if (CHECK_OK(omendb_storage_stats(db, &stats))) {
        CHECK_EQ_INT(stats.engine, engine);
        CHECK_EQ_INT(stats.sync_policy, sync_policy);
        CHECK(stats.num_keys >= 10);
        CHECK(stats.hot_keys <= stats.hot_capacity);
        CHECK(stats.hot_keys <= stats.num_keys);
        CHECK_EQ_U64(stats.hot_capacity, 65536);
        CHECK(stats.hot_hits + stats.hot_misses >= 10);
        if (engine == OMEN_ENGINE_MEMORY) {
            CHECK_EQ_U64(stats.file_bytes, 0);
        } else {
            CHECK(stats.file_bytes > 0);
        }
    }
}

/* Exact key counts on a fresh database. */
static void exercise_num_keys(OmenDB *db)
{
    OmenDBStats stats;
    CHECK_OK(omendb_storage_put(db, 1, BYTES("a"), 1));
    CHECK_OK(omendb_storage_put(db, 2, BYTES("b"), 1));
    CHECK_OK(omendb_storage_put(db, 2, BYTES("c"), 1));
    CHECK_OK(omendb_storage_put(db, 3, BYTES("d"), 1));
    CHECK_OK(omendb_storage_delete(db, 3));
    if (CHECK_OK(omendb_storage_stats(db, &stats))) {
        CHECK_EQ_U64(stats.num_keys, 2);
    }
}

static void exercise_all(OmenDB *db, int engine, int sync_policy)
{
    exercise_put_get_delete(db);
    exercise_zero_length_values(db);
    exercise_value_limits(db);
    exercise_batch_write(db);
    exercise_get_many(db);
    exercise_range(db);
    exercise_stats_and_flush(db, engine, sync_policy);
}

static void test_file_engine(void)
{
    OmenDB *db = open_file_db("main.omendb", 0);
    if (db == NULL) {
        return;
    }
    exercise_all(db, OMEN_ENGINE_REDB, OMEN_SYNC_ALWAYS);
    omendb_close(db);
    CHECK_LAST_ERROR(OMEN_OK);
}

static void test_reopen_sees_data(void)
{
    OmenDB *db = open_file_db("reopen.omendb", OMENDB_OPEN_NO_SYNC);
    OmenDBStats stats;
    if (db == NULL) {
        return;
    }
    CHECK_OK(omendb_storage_put(db, 11, BYTES("kept"), 4));
    CHECK_OK(omendb_storage_put(db, 12, BYTES("deleted"), 7));
    CHECK_OK(omendb_storage_delete(db, 12));
    if (CHECK_OK(omendb_storage_stats(db, &stats))) {
        CHECK_EQ_INT(stats.sync_policy, OMEN_SYNC_ON_FLUSH);
    }
    omendb_close(db);

    db = open_file_db("reopen.omendb", 0);
    if (db == NULL) {
        return;
    }
    CHECK_STORED(db, 11, "kept");
    check_missing(db, 12);
    if (CHECK_OK(omendb_storage_stats(db, &stats))) {
        CHECK_EQ_U64(stats.num_keys, 1);
        CHECK_EQ_INT(stats.sync_policy, OMEN_SYNC_ALWAYS);
    }
    omendb_close(db);
}

static void test_exact_counts(void)
{
    OmenDB *db = open_file_db("counts.omendb", 0);
    if (db != NULL) {
        exercise_num_keys(db);
        omendb_close(db);
    }
    db = open_memory_db();
    if (db != NULL) {
        exercise_num_keys(db);
        omendb_close(db);
    }
}

static void test_memory_engine_flag(void)
{
    OmenDB *db = open_memory_db();
    OmenDB *other;
    if (db == NULL) {
        return;
    }
    exercise_all(db, OMEN_ENGINE_MEMORY, OMEN_SYNC_ALWAYS);
    omendb_close(db);

    /* Nothing survives close, and two memory databases are independent. */
    db = open_memory_db();
    other = open_memory_db();
    if (db != NULL && other != NULL) {
        check_missing(db, -1);
        CHECK_OK(omendb_storage_put(db, 1, BYTES("a"), 1));
        check_missing(other, 1);
    }
    omendb_close(db);
    omendb_close(other);
}

static void test_open_with_options(void)
{
    OmenOptions options;
    OmenDB *db = NULL;
    OmenDBStats stats;
    char path[4200];

    memset(&options, 0, sizeof options);
    options.engine = OMEN_ENGINE_MEMORY;
    options.hot_tier_capacity = 128;
    options.hot_index_kind = OMEN_INDEX_RMI;
    if (CHECK_OK(omendb_open_with_options(NULL, &options, &db)) && CHECK(db != NULL)) {
        int i;
        for (i = 0; i < 300; i++) {
            CHECK_OK(omendb_storage_put(db, i, BYTES("h"), 1));
        }
        CHECK_STORED(db, 299, "h");
        if (CHECK_OK(omendb_storage_stats(db, &stats))) {
            CHECK_EQ_INT(stats.engine, OMEN_ENGINE_MEMORY);
            CHECK_EQ_U64(stats.hot_capacity, 128);
            CHECK(stats.hot_keys <= 128);
            CHECK_EQ_U64(stats.num_keys, 300);
        }
        omendb_close(db);
    }

    /* redb through options, flush-only durability; NULL options mean defaults. */
    memset(&options, 0, sizeof options);
    options.engine = OMEN_ENGINE_REDB;
    options.sync_policy = OMEN_SYNC_ON_FLUSH;
    omen_join(path, sizeof path, temp_dir, "options.omendb");
    db = NULL;
    if (CHECK_OK(omendb_open_with_options(path, &options, &db)) && CHECK(db != NULL)) {
        exercise_all(db, OMEN_ENGINE_REDB, OMEN_SYNC_ON_FLUSH);
        omendb_close(db);
    }
    db = NULL;
    if (CHECK_OK(omendb_open_with_options(path, NULL, &db)) && CHECK(db != NULL)) {
        CHECK_STORED(db, -1, "minus one");
        if (CHECK_OK(omendb_storage_stats(db, &stats))) {
            CHECK_EQ_INT(stats.engine, OMEN_ENGINE_REDB);
            CHECK_EQ_INT(stats.sync_policy, OMEN_SYNC_ALWAYS);
            CHECK_EQ_U64(stats.hot_capacity, 65536);
        }
        omendb_close(db);
    }
}

int main(void)
{
    if (omen_make_temp_dir(temp_dir, sizeof temp_dir) != 0) {
        fprintf(stderr, "cannot create a temporary directory\n");
        return 2;
    }
    test_file_engine();
    test_reopen_sees_data();
    test_exact_counts();
    test_memory_engine_flag();
    test_open_with_options();
    CHECK_NO_LIVE_OBJECTS();
    omen_remove_tree(temp_dir);
    return check_finish("test_storage");
}
