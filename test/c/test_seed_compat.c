/*
 * test_seed_compat.c: the call sequences of seed 000, written in C against our header.
 * The seed's Rust omendb_open/put/get (a storage handle plus a hot index created with
 * omendb_create_index(1, 100000)), its Python wrapper (open(path, 0), put, get,
 * range_query via omendb_index_range) and test_ffi_overhead.py's workload, with the
 * seed's 3-field OmenResult reading (success, error_msg, data). Only free calls are added.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "omen_test.h"

/* test_ffi_overhead.py puts 100_000 keys one call each; with an fsync per put that takes
   minutes, so the count is smaller here and the shape is the same. */
#ifndef SEED_N
#define SEED_N 3000
#endif

/* The seed's Rust struct: cold storage plus a hot learned index. */
typedef struct SeedDB {
    OmenDB *storage;
    LearnedIndex *hot_index;
} SeedDB;

/* Seed: fn should_be_hot(key) { key > 0 && key < 100_000 } */
static bool should_be_hot(int64_t key)
{
    return key > 0 && key < 100000;
}

/* Seed omendb_open: open storage, then `let idx = omendb_create_index(1, 100_000);`. */
static bool seed_open(SeedDB *db, const char *path)
{
    db->hot_index = NULL;
    db->storage = omendb_open(path, 0);
    if (db->storage == NULL) {
        return false;
    }
    db->hot_index = omendb_create_index(1, 100000);
    return db->hot_index != NULL;
}

/* Seed omendb_storage_put: write storage, then mirror hot keys into the index. */
static OmenResult seed_put(SeedDB *db, int64_t key, const uint8_t *value, size_t len)
{
    OmenResult result = omendb_storage_put(db->storage, key, value, len);
    if (result.success && should_be_hot(key)) {
        OmenResult hot = omendb_index_insert(db->hot_index, key, value, len);
        CHECK(hot.success);
    }
    return result;
}

/* Seed omendb_storage_get: try the hot index first, then storage. */
static OmenResult seed_get(SeedDB *db, int64_t key, uint8_t **value, size_t *len)
{
    OmenResult hot_result = omendb_index_get(db->hot_index, key, value, len);
    if (hot_result.success) {
        return hot_result;
    }
    return omendb_storage_get(db->storage, key, value, len);
}

/* Python OmenDB.get: `ctypes.string_at(value_ptr, value_len.value)` copies; we compare and free. */
static bool python_get_equals(SeedDB *db, int64_t key, const char *expected)
{
    uint8_t *value_ptr = NULL;
    size_t value_len = 0;
    OmenResult result = seed_get(db, key, &value_ptr, &value_len);
    bool equal = false;
    if (result.success) {
        /* The seed read `data` as the value pointer. */
        equal = result.data == (void *)value_ptr && value_len == strlen(expected) &&
                memcmp(value_ptr, expected, value_len) == 0;
    }
    omendb_buffer_free(value_ptr, value_len);
    return equal;
}

/* Python OmenDB.put: `raise RuntimeError(result.error_msg.decode())` on failure. */
static bool python_put(SeedDB *db, int64_t key, const char *value)
{
    OmenResult result = seed_put(db, key, BYTES(value), strlen(value));
    if (!result.success) {
        fprintf(stderr, "RuntimeError: %s\n", result.error_msg ? result.error_msg : "(no message)");
    }
    return result.success;
}

static void seed_close(SeedDB *db)
{
    omendb_index_free(db->hot_index);
    omendb_close(db->storage);
}

/* test_ffi_overhead.py's benchmark_ffi, with assertions instead of timings. */
static void test_benchmark_ffi_workload(const char *path)
{
    SeedDB db;
    int i, put_failures = 0, get_mismatches = 0;
    char value[32];
    int64_t *keys_ptr = NULL;
    size_t count = 0;
    OmenResult result;

    if (!CHECK(seed_open(&db, path))) {
        omen_print_last_error();
        seed_close(&db);
        return;
    }
    for (i = 0; i < SEED_N; i++) {
        snprintf(value, sizeof value, "value_%d", i);
        put_failures += !python_put(&db, (int64_t)i * 2, value);
    }
    CHECK_EQ_INT(put_failures, 0);
    for (i = 0; i < SEED_N; i++) {
        snprintf(value, sizeof value, "value_%d", i);
        get_mismatches += !python_get_equals(&db, (int64_t)i * 2, value);
    }
    CHECK_EQ_INT(get_mismatches, 0);

    /* A missing key: the seed's get returns None (success false). */
    {
        uint8_t *value_ptr = NULL;
        size_t value_len = 0;
        result = seed_get(&db, 1, &value_ptr, &value_len);
        CHECK(!result.success);
        CHECK(result.error_msg != NULL);
        CHECK(result.data == NULL);
        CHECK_EQ_INT(result.code, OMEN_ERR_NOT_FOUND);
    }

    /* range_query(0, 10_000) over the hot index: keys 0, 2, ..., up to min(10000, 2*(N-1)). Key 0 is
       not hot (should_be_hot needs key > 0), so the index holds 2, 4, .... */
    result = omendb_index_range(db.hot_index, 0, 10000, &keys_ptr, &count);
    if (CHECK(result.success)) {
        size_t expected = (size_t)((2 * (SEED_N - 1) < 10000 ? 2 * (SEED_N - 1) : 10000) / 2);
        CHECK_EQ_U64(count, expected);
        CHECK(result.data == (void *)keys_ptr);
        if (count > 0) {
            CHECK_EQ_INT(keys_ptr[0], 2);
            CHECK_EQ_INT(keys_ptr[count - 1], (int64_t)count * 2);
        }
    }
    omendb_keys_free(keys_ptr, count);

    /* The seed's Python called omendb_index_range with the database handle: now an error, not a crash. */
    keys_ptr = NULL;
    result = omendb_index_range((LearnedIndex *)db.storage, 0, 10000, &keys_ptr, &count);
    CHECK(!result.success);
    CHECK_EQ_INT(result.code, OMEN_ERR_INVALID_HANDLE);
    CHECK(result.error_msg != NULL);
    CHECK(keys_ptr == NULL);

    seed_close(&db);

    /* Reopen: the cold storage kept everything (the hot index is rebuilt empty). */
    if (CHECK(seed_open(&db, path))) {
        snprintf(value, sizeof value, "value_%d", SEED_N - 1);
        CHECK(python_get_equals(&db, 2 * (SEED_N - 1), value));
        snprintf(value, sizeof value, "value_%d", SEED_N / 2);
        CHECK(python_get_equals(&db, 2 * (SEED_N / 2), value));
    }
    seed_close(&db);
}

/* The seed's header declared a 3-field OmenResult; ours keeps them first, in order. */
static void test_result_layout_prefix(void)
{
    CHECK_EQ_U64(offsetof(OmenResult, success), 0);
    CHECK(offsetof(OmenResult, error_msg) < offsetof(OmenResult, data));
    CHECK(offsetof(OmenResult, data) < offsetof(OmenResult, code));
}

/* The seed's batch_write signature, called as declared. */
static void test_batch_write_as_declared(const char *path)
{
    OmenDB *db = omendb_open(path, 0);
    const int64_t keys[3] = {100, 200, 300};
    const uint8_t *values[3];
    const size_t lens[3] = {1, 2, 3};
    OmenResult result;
    if (!CHECK(db != NULL)) {
        return;
    }
    values[0] = BYTES("a");
    values[1] = BYTES("bb");
    values[2] = BYTES("ccc");
    result = omendb_storage_batch_write(db, keys, values, lens, 3);
    CHECK(result.success);
    CHECK_STORED(db, 300, "ccc");
    result = omendb_storage_delete(db, 200);
    CHECK(result.success);
    result = omendb_storage_delete(db, 200);
    CHECK(!result.success);
    omendb_close(db);
}

int main(void)
{
    char dir[4096], path[4200];
    if (omen_make_temp_dir(dir, sizeof dir) != 0) {
        fprintf(stderr, "cannot create a temporary directory\n");
        return 2;
    }
    test_result_layout_prefix();
    omen_join(path, sizeof path, dir, "test.db");
    test_benchmark_ffi_workload(path);
    omen_join(path, sizeof path, dir, "batch.db");
    test_batch_write_as_declared(path);
    CHECK_NO_LIVE_OBJECTS();
    omen_remove_tree(dir);
    return check_finish("test_seed_compat");
}
