/*
 * test_threads.c: the header's thread-safety claims, exercised. Several threads write
 * and read one database (file and memory) and one learned index at the same time,
 * each on its own keys, while another thread scans; afterwards every value is checked.
 * Run under valgrind and ASan by run.sh, which also catch races that corrupt memory.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "omen_test.h"

enum { THREADS = 4, KEYS_PER_THREAD = 300 };

typedef struct Worker {
    OmenDB *db;
    LearnedIndex *idx;
    int id;
    int failures; /* calls that failed or read back a wrong value */
} Worker;

static int64_t worker_key(int id, int i)
{
    return (int64_t)i * THREADS + id;
}

static void *write_and_read(void *arg)
{
    Worker *w = (Worker *)arg;
    char text[32];
    int i;
    for (i = 0; i < KEYS_PER_THREAD; i++) {
        int64_t key = worker_key(w->id, i);
        uint8_t *value = NULL;
        size_t len = 0;
        int n = snprintf(text, sizeof text, "t%d-%d", w->id, i);
        w->failures += !omendb_storage_put(w->db, key, BYTES(text), (size_t)n).success;
        w->failures += !omendb_index_insert(w->idx, key, BYTES(text), (size_t)n).success;
        if (omendb_storage_get(w->db, key, &value, &len).success) {
            w->failures += len != (size_t)n || memcmp(value, text, len) != 0;
            omendb_buffer_free(value, len);
        } else {
            w->failures++;
        }
        value = NULL;
        if (omendb_index_get(w->idx, key, &value, &len).success) {
            w->failures += len != (size_t)n || memcmp(value, text, len) != 0;
            omendb_buffer_free(value, len);
        } else {
            w->failures++;
        }
        /* Last errors are per thread: a success here leaves OMEN_OK whatever others do. */
        w->failures += omendb_last_error_code() != OMEN_OK;
    }
    return NULL;
}

/* Scans while the writers run: every page must be sorted and well formed. */
static void *scan(void *arg)
{
    Worker *w = (Worker *)arg;
    int round;
    for (round = 0; round < 50; round++) {
        OmenBatch batch;
        size_t i, written = 0;
        int64_t keys[64];
        memset(&batch, 0, sizeof batch);
        if (omendb_storage_range(w->db, INT64_MIN, INT64_MAX, 100, &batch).success) {
            for (i = 1; i < batch.count; i++) {
                w->failures += batch.keys[i] <= batch.keys[i - 1];
            }
            w->failures += batch.count > 0 && batch.offsets[batch.count] != batch.data_len;
            omendb_batch_free(&batch);
        } else {
            w->failures++;
        }
        if (omendb_index_range_into(w->idx, INT64_MIN, INT64_MAX, keys, 64, &written, NULL).success) {
            for (i = 1; i < written; i++) {
                w->failures += keys[i] <= keys[i - 1];
            }
        } else {
            w->failures++;
        }
    }
    return NULL;
}

static void run_concurrently(OmenDB *db, LearnedIndex *idx)
{
    pthread_t threads[THREADS + 1];
    Worker workers[THREADS + 1];
    OmenDBStats stats;
    OmenIndexStats index_stats;
    int t, i, wrong = 0;
    char text[32];

    for (t = 0; t <= THREADS; t++) {
        workers[t].db = db;
        workers[t].idx = idx;
        workers[t].id = t;
        workers[t].failures = 0;
        CHECK_EQ_INT(pthread_create(&threads[t], NULL, t < THREADS ? write_and_read : scan, &workers[t]), 0);
    }
    for (t = 0; t <= THREADS; t++) {
        CHECK_EQ_INT(pthread_join(threads[t], NULL), 0);
        CHECK_EQ_INT(workers[t].failures, 0);
    }
    if (CHECK_OK(omendb_storage_stats(db, &stats))) {
        CHECK_EQ_U64(stats.num_keys, THREADS * KEYS_PER_THREAD);
    }
    if (CHECK_OK(omendb_index_stats(idx, &index_stats))) {
        CHECK_EQ_U64(index_stats.num_keys, THREADS * KEYS_PER_THREAD);
    }
    for (t = 0; t < THREADS; t++) {
        for (i = 0; i < KEYS_PER_THREAD; i++) {
            uint8_t *value = NULL;
            size_t len = 0;
            int n = snprintf(text, sizeof text, "t%d-%d", t, i);
            if (omendb_storage_get(db, worker_key(t, i), &value, &len).success) {
                wrong += len != (size_t)n || memcmp(value, text, len) != 0;
                omendb_buffer_free(value, len);
            } else {
                wrong++;
            }
        }
    }
    CHECK_EQ_INT(wrong, 0);
}

int main(void)
{
    char dir[4096], path[4200];
    OmenDB *db;
    LearnedIndex *idx;

    if (omen_make_temp_dir(dir, sizeof dir) != 0 || omen_join(path, sizeof path, dir, "threads.omendb") != 0) {
        fprintf(stderr, "cannot create a temporary directory\n");
        return 2;
    }
    db = omendb_open(path, OMENDB_OPEN_NO_SYNC);
    idx = omendb_create_index(OMEN_INDEX_PGM, 0);
    if (CHECK(db != NULL && idx != NULL)) {
        run_concurrently(db, idx);
    }
    omendb_index_free(idx);
    omendb_close(db);

    db = omendb_open(NULL, OMENDB_OPEN_IN_MEMORY);
    idx = omendb_create_index(OMEN_INDEX_RMI, 1000);
    if (CHECK(db != NULL && idx != NULL)) {
        run_concurrently(db, idx);
    }
    omendb_index_free(idx);
    omendb_close(db);

    CHECK_NO_LIVE_OBJECTS();
    omen_remove_tree(dir);
    return check_finish("test_threads");
}
