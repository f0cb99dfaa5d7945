/*
 * In-process C timer of the batch suite, built as a shared library (gcc -O2, linked to
 * libomendb) and loaded by the Node and Python clients, so the C baseline runs in the same
 * process, on the same data and interleaved with the binding under test. Each function times
 * one batch of library calls with CLOCK_MONOTONIC and returns its nanoseconds (-1 on failure).
 */
#include <omendb_ffi.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum { VALUE_BYTES = 100 };

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One get_many over `count` keys plus its batch free; index when `db` is NULL, else storage. */
static double time_get_many(LearnedIndex *idx, OmenDB *db, const int64_t *keys, size_t count) {
    OmenBatch out;
    double t0 = now_ns();
    OmenResult r = db ? omendb_storage_get_many(db, keys, count, &out) : omendb_index_get_many(idx, keys, count, &out);
    if (!r.success) return -1;
    size_t found = out.data_len;
    omendb_batch_free(&out);
    double elapsed = now_ns() - t0;
    return found == count * VALUE_BYTES ? elapsed : -1;
}

/** ns of one omendb_index_get_many of `count` keys plus omendb_batch_free. */
double omendb_timer_index_get_many(LearnedIndex *idx, const int64_t *keys, size_t count) {
    return time_get_many(idx, NULL, keys, count);
}

/** ns of one omendb_storage_get_many of `count` keys plus omendb_batch_free. */
double omendb_timer_storage_get_many(OmenDB *db, const int64_t *keys, size_t count) {
    return time_get_many(NULL, db, keys, count);
}

/* `count` single gets, each value freed; index when `db` is NULL, else storage. */
static double time_gets(LearnedIndex *idx, OmenDB *db, const int64_t *keys, size_t count) {
    double t0 = now_ns();
    for (size_t i = 0; i < count; i++) {
        uint8_t *value = NULL;
        size_t len = 0;
        OmenResult r = db ? omendb_storage_get(db, keys[i], &value, &len) : omendb_index_get(idx, keys[i], &value, &len);
        if (!r.success || len != VALUE_BYTES) return -1;
        omendb_buffer_free(value, len);
    }
    return now_ns() - t0;
}

/** ns of `count` omendb_storage_get calls (each value freed with omendb_buffer_free). */
double omendb_timer_storage_get(OmenDB *db, const int64_t *keys, size_t count) {
    return time_gets(NULL, db, keys, count);
}

/** ns of `count` omendb_index_get calls (each value freed with omendb_buffer_free). */
double omendb_timer_index_get(LearnedIndex *idx, const int64_t *keys, size_t count) {
    return time_gets(idx, NULL, keys, count);
}

/** ns of `count` omendb_storage_put calls: key keys[i], value data + rows[i] * VALUE_BYTES. */
double omendb_timer_storage_put(OmenDB *db, const int64_t *keys, const int32_t *rows, const uint8_t *data, size_t count) {
    double t0 = now_ns();
    for (size_t i = 0; i < count; i++) {
        OmenResult r = omendb_storage_put(db, keys[i], data + (size_t)rows[i] * VALUE_BYTES, VALUE_BYTES);
        if (!r.success) return -1;
    }
    return now_ns() - t0;
}
