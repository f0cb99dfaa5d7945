/*
 * Engine-only reference of the storage suite: the same random gets as the Node phases, called
 * from C (no binding in between) on the same files: OmenDB (redb, given hot-tier capacity, hot
 * keys admitted first) and LMDB (one read transaction per round, value copied out as OmenDB does).
 * Usage: engines OMENDB_FILE LMDB_DIR KEYS_FILE N PROBES_FILE PROBE_RANGE CAPACITY ROUNDS BATCH
 * Prints two JSON lines ({"name","median_ns","p99_ns"}, ns per get).
 */
#include <lmdb.h>
#include <omendb_ffi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void *read_file(const char *path, size_t bytes) {
    FILE *f = fopen(path, "rb");
    void *buf = malloc(bytes);
    if (!f || !buf || fread(buf, 1, bytes, f) != bytes) {
        fprintf(stderr, "cannot read %zu bytes from %s\n", bytes, path);
        exit(1);
    }
    fclose(f);
    return buf;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void emit(const char *name, double *samples, size_t count) {
    qsort(samples, count, sizeof *samples, cmp_double);
    size_t rank = (size_t)((double)count * 0.99 + 0.999999);
    rank = rank == 0 ? 0 : rank - 1;
    if (rank >= count) rank = count - 1;
    printf("{\"name\":\"%s\",\"median_ns\":%.2f,\"p99_ns\":%.2f}\n", name, samples[(count - 1) / 2], samples[rank]);
}

static void die(const char *what) {
    char *msg = omendb_last_error_message();
    fprintf(stderr, "%s failed: %s\n", what, msg ? msg : "");
    omendb_string_free(msg);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 10) {
        fprintf(stderr, "usage: %s OMENDB_FILE LMDB_DIR KEYS_FILE N PROBES_FILE PROBE_RANGE CAPACITY ROUNDS BATCH\n", argv[0]);
        return 2;
    }
    size_t n = strtoull(argv[4], NULL, 10), range = strtoull(argv[6], NULL, 10), capacity = strtoull(argv[7], NULL, 10);
    size_t rounds = strtoull(argv[8], NULL, 10), batch = strtoull(argv[9], NULL, 10);
    int64_t *keys = read_file(argv[3], n * sizeof *keys);
    int32_t *probes = read_file(argv[5], rounds * batch * sizeof *probes);
    double *omen = malloc(rounds * sizeof *omen), *lmdb = malloc(rounds * sizeof *lmdb);
    uint8_t *copy = malloc(1 << 16);
    if (!omen || !lmdb || !copy) return 1;

    OmenOptions options;
    memset(&options, 0, sizeof options);
    options.hot_tier_capacity = capacity;
    OmenDB *db = NULL;
    if (!omendb_open_with_options(argv[1], &options, &db).success) die("omendb_open_with_options");
    MDB_env *env = NULL;
    MDB_dbi dbi;
    MDB_txn *txn = NULL;
    if (mdb_env_create(&env) || mdb_env_set_mapsize(env, (size_t)4 << 30) || mdb_env_open(env, argv[2], MDB_RDONLY, 0644)) die("mdb_env_open");
    if (mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) || mdb_dbi_open(txn, NULL, 0, &dbi)) die("mdb_dbi_open");
    mdb_txn_abort(txn);

    /* Warm-up: admit the hot set (hot scenario) and touch the same LMDB pages. */
    size_t warm = capacity > 1 ? range : 0;
    for (size_t i = 0; i < warm; i++) {
        uint8_t *value = NULL;
        size_t len = 0;
        if (!omendb_storage_get(db, keys[i], &value, &len).success || !value) die("omendb_storage_get");
        omendb_buffer_free(value, len);
    }
    size_t warmup = rounds / 10 + 1;
    for (size_t round = 0; round < warmup + rounds; round++) {
        const int32_t *p = probes + (round % rounds) * batch;
        for (int which = 0; which < 2; which++) {
            double t0 = now_ns();
            if (which == 0) {
                for (size_t i = 0; i < batch; i++) {
                    uint8_t *value = NULL;
                    size_t len = 0;
                    if (!omendb_storage_get(db, keys[p[i]], &value, &len).success || !value) die("omendb_storage_get");
                    memcpy(copy, value, len);
                    omendb_buffer_free(value, len);
                }
            } else {
                if (mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) die("mdb_txn_begin");
                for (size_t i = 0; i < batch; i++) {
                    MDB_val key = { sizeof(int64_t), &keys[p[i]] }, data;
                    if (mdb_get(txn, dbi, &key, &data)) die("mdb_get");
                    memcpy(copy, data.mv_data, data.mv_size);
                }
                mdb_txn_abort(txn);
            }
            if (round >= warmup) (which == 0 ? omen : lmdb)[round - warmup] = (now_ns() - t0) / (double)batch;
        }
    }
    emit("c_omendb", omen, rounds);
    emit("c_lmdb", lmdb, rounds);
    omendb_close(db);
    mdb_env_close(env);
    free(keys); free(probes); free(omen); free(lmdb); free(copy);
    return 0;
}
