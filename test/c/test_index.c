/*
 * test_index.c: the learned-index API. The seed's call (create_index(1, 100000))
 * then insert/get/range/merge; bulk builds of every kind from unsorted keys with
 * duplicates and from skewed keys; get_many, contains_many, range and range_into
 * paging; stats sanity (PGM error within epsilon). Every returned buffer is freed.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "omen_test.h"

enum { BUILD_N = 20000, DUPLICATES = 100, EPSILON = 32 };

/* Key of slot j in the build data set: every third integer from -10000, all distinct. */
static int64_t build_key(int j)
{
    return (int64_t)j * 3 - 10000;
}

static void check_index_value(LearnedIndex *idx, int64_t key, const char *expected, const char *file, int line)
{
    uint8_t *value = NULL;
    size_t len = 0;
    OmenResult r = omendb_index_get(idx, key, &value, &len);
    if (omen_check_ok(r, file, line, "omendb_index_get")) {
        check_bytes_eq(value, len, expected, file, line, "index value");
        check_record(r.data == (void *)value, file, line, "OmenResult.data == *value");
    }
    omendb_buffer_free(value, len);
}
#define CHECK_INDEX_VALUE(idx, key, expected) check_index_value((idx), (key), (expected), __FILE__, __LINE__)

static void check_index_missing(LearnedIndex *idx, int64_t key)
{
    uint8_t *value = NULL;
    size_t len = 0;
    CHECK_FAILS(omendb_index_get(idx, key, &value, &len), OMEN_ERR_NOT_FOUND);
    CHECK(value == NULL);
}

/* Stats that hold for every kind. */
static void check_stats_sane(const OmenIndexStats *s, int kind, uint64_t num_keys)
{
    CHECK_EQ_INT(s->kind, kind);
    CHECK_EQ_U64(s->num_keys, num_keys);
    CHECK(s->delta_keys <= s->num_keys);
    CHECK(s->mean_error >= 0.0 && s->mean_error <= (double)s->max_error);
    CHECK(s->model_bytes <= s->total_bytes);
    CHECK(s->total_bytes >= s->num_keys * sizeof(int64_t));
    if (kind == OMEN_INDEX_PGM) {
        CHECK_EQ_INT(s->epsilon, EPSILON);
        CHECK(s->max_error <= EPSILON);
    } else {
        CHECK_EQ_INT(s->epsilon, 0);
    }
    /* Model counts describe the merged keys; keys still in the delta have no model yet. */
    if (s->num_keys > s->delta_keys) {
        if (kind == OMEN_INDEX_PGM) {
            CHECK(s->num_models >= 1);
        }
        if (kind == OMEN_INDEX_LINEAR) {
            CHECK_EQ_U64(s->num_models, 1);
        }
        if (kind == OMEN_INDEX_RMI) {
            CHECK(s->num_models >= 2);
        }
    }
}

/* The seed's usage: an empty index with a capacity hint, then single-key calls. */
static void test_create_insert_get_range(void)
{
    OmenDebugCounters before = omen_counters();
    LearnedIndex *idx = omendb_create_index(1, 100000);
    OmenIndexStats stats;
    int64_t *keys = NULL;
    size_t count = 0;
    OmenResult r;
    int i;
    char text[16];

    if (!CHECK(idx != NULL)) {
        omen_print_last_error();
        return;
    }
    CHECK_EQ_INT(omen_counters().live_indexes, before.live_indexes + 1);
    /* Insert in descending order so the delta must sort. */
    for (i = 999; i >= 0; i--) {
        snprintf(text, sizeof text, "k%d", i);
        CHECK_OK(omendb_index_insert(idx, (int64_t)i * 7, BYTES(text), strlen(text)));
    }
    CHECK_INDEX_VALUE(idx, 0, "k0");
    CHECK_INDEX_VALUE(idx, 7 * 500, "k500");
    CHECK_INDEX_VALUE(idx, 7 * 999, "k999");
    check_index_missing(idx, 1);
    check_index_missing(idx, -7);
    check_index_missing(idx, 7 * 1000);

    r = omendb_index_range(idx, 70, 700, &keys, &count);
    if (CHECK_OK(r) && CHECK_EQ_U64(count, 91)) {
        CHECK(r.data == (void *)keys);
        CHECK_EQ_INT(keys[0], 70);
        CHECK_EQ_INT(keys[45], 70 + 45 * 7);
        CHECK_EQ_INT(keys[90], 700);
    }
    omendb_keys_free(keys, count);

    /* An empty range: NULL array, zero count. */
    keys = (int64_t *)&count;
    r = omendb_index_range(idx, 1, 6, &keys, &count);
    if (CHECK_OK(r)) {
        CHECK(keys == NULL);
        CHECK_EQ_U64(count, 0);
        omendb_keys_free(keys, count);
    }

    /* Replacing a key keeps the count; the new value wins. */
    CHECK_OK(omendb_index_insert(idx, 7, BYTES("seven"), 5));
    CHECK_INDEX_VALUE(idx, 7, "seven");
    if (CHECK_OK(omendb_index_stats(idx, &stats))) {
        check_stats_sane(&stats, OMEN_INDEX_LINEAR, 1000);
    }
    CHECK_OK(omendb_index_merge(idx));
    if (CHECK_OK(omendb_index_stats(idx, &stats))) {
        check_stats_sane(&stats, OMEN_INDEX_LINEAR, 1000);
        CHECK_EQ_U64(stats.delta_keys, 0);
    }
    CHECK_INDEX_VALUE(idx, 7, "seven");
    CHECK_INDEX_VALUE(idx, 7 * 998, "k998");

    /* Zero-length values. */
    CHECK_OK(omendb_index_insert(idx, -1, NULL, 0));
    CHECK_INDEX_VALUE(idx, -1, "");

    omendb_index_free(idx);
    CHECK_LAST_ERROR(OMEN_OK);
    CHECK_EQ_INT(omen_counters().live_indexes, before.live_indexes);
    CHECK_EQ_INT(omen_counters().live_buffers, before.live_buffers);
}

/* The build data set: BUILD_N distinct keys in scrambled order, then DUPLICATES repeats with new values. */
typedef struct BuildData {
    int64_t keys[BUILD_N + DUPLICATES];
    const uint8_t *values[BUILD_N + DUPLICATES];
    size_t lens[BUILD_N + DUPLICATES];
    char text[BUILD_N + DUPLICATES][16];
} BuildData;

static void fill_build_data(BuildData *d)
{
    int i;
    for (i = 0; i < BUILD_N; i++) {
        int j = (int)(((long long)i * 7919) % BUILD_N); /* 7919 is prime: a permutation of 0..N-1 */
        d->keys[i] = build_key(j);
        snprintf(d->text[i], sizeof d->text[i], "v%d", j);
    }
    for (i = 0; i < DUPLICATES; i++) {
        int j = i * 37;
        d->keys[BUILD_N + i] = build_key(j);
        snprintf(d->text[BUILD_N + i], sizeof d->text[BUILD_N + i], "dup%d", i);
    }
    for (i = 0; i < BUILD_N + DUPLICATES; i++) {
        d->values[i] = BYTES(d->text[i]);
        d->lens[i] = strlen(d->text[i]);
    }
}

static void check_range_into_paging(LearnedIndex *idx)
{
    enum { CAPACITY = 1500 };
    int64_t page[CAPACITY];
    size_t written = 0, total = 0, collected = 0, pages = 0;
    int64_t start = INT64_MIN;
    int ordered = 1;

    for (;;) {
        size_t i;
        if (!CHECK_OK(omendb_index_range_into(idx, start, INT64_MAX, page, CAPACITY, &written, &total))) {
            return;
        }
        if (pages == 0) {
            CHECK_EQ_U64(total, BUILD_N);
        }
        pages++;
        CHECK(written <= CAPACITY);
        CHECK_EQ_U64(written, total < (size_t)CAPACITY ? total : (size_t)CAPACITY);
        for (i = 0; i < written; i++) {
            ordered = ordered && page[i] == build_key((int)(collected + i));
        }
        collected += written;
        if (written < CAPACITY || written == total) {
            break;
        }
        start = page[written - 1] + 1;
        if (pages > BUILD_N) {
            break;
        }
    }
    CHECK(ordered);
    CHECK_EQ_U64(collected, BUILD_N);
    CHECK_EQ_U64(pages, (BUILD_N + CAPACITY - 1) / CAPACITY);

    /* Capacity 0 with a NULL buffer only counts; `total` may be NULL. */
    CHECK_OK(omendb_index_range_into(idx, build_key(10), build_key(19), NULL, 0, &written, &total));
    CHECK_EQ_U64(written, 0);
    CHECK_EQ_U64(total, 10);
    CHECK_OK(omendb_index_range_into(idx, build_key(10), build_key(19), page, CAPACITY, &written, NULL));
    CHECK_EQ_U64(written, 10);
    CHECK_EQ_INT(page[9], build_key(19));
}

static void check_bulk_lookups(LearnedIndex *idx)
{
    enum { Q = 6 };
    int64_t queries[Q] = {build_key(0), build_key(0) + 1, build_key(37), build_key(BUILD_N - 1),
                          build_key(BUILD_N), -20000};
    static const uint8_t expect[Q] = {1, 0, 1, 1, 0, 0};
    uint8_t found[Q];
    OmenBatch batch;
    int64_t *all = (int64_t *)malloc(BUILD_N * sizeof(int64_t));
    uint8_t *all_found = (uint8_t *)malloc(BUILD_N);
    size_t i, hits = 0;

    memset(found, 0xaa, sizeof found);
    CHECK_OK(omendb_index_contains_many(idx, queries, Q, found));
    for (i = 0; i < Q; i++) {
        CHECK_EQ_INT(found[i], expect[i]);
    }

    memset(&batch, 0, sizeof batch);
    if (CHECK_OK(omendb_index_get_many(idx, queries, Q, &batch)) && CHECK_EQ_U64(batch.count, Q)) {
        for (i = 0; i < Q; i++) {
            CHECK_EQ_INT(batch.keys[i], queries[i]);
            CHECK_EQ_INT(batch.found[i], expect[i]);
        }
        CHECK_BYTES_EQ(batch.data + batch.offsets[0], batch.offsets[1] - batch.offsets[0], "dup0");
        CHECK_EQ_U64(batch.offsets[2] - batch.offsets[1], 0);
        CHECK_BYTES_EQ(batch.data + batch.offsets[2], batch.offsets[3] - batch.offsets[2], "dup1");
        CHECK_BYTES_EQ(batch.data + batch.offsets[3], batch.offsets[4] - batch.offsets[3], "v19999");
        CHECK_EQ_U64(batch.offsets[Q], batch.data_len);
    }
    omendb_batch_free(&batch);

    /* Every key is found, whatever the model. */
    if (CHECK(all != NULL && all_found != NULL)) {
        for (i = 0; i < BUILD_N; i++) {
            all[i] = build_key((int)i);
        }
        CHECK_OK(omendb_index_contains_many(idx, all, BUILD_N, all_found));
        for (i = 0; i < BUILD_N; i++) {
            hits += all_found[i] == 1;
        }
        CHECK_EQ_U64(hits, BUILD_N);
        /* And no key between them. */
        for (i = 0; i < BUILD_N; i++) {
            all[i] = build_key((int)i) + 1;
        }
        CHECK_OK(omendb_index_contains_many(idx, all, BUILD_N, all_found));
        hits = 0;
        for (i = 0; i < BUILD_N; i++) {
            hits += all_found[i] != 0;
        }
        CHECK_EQ_U64(hits, 0);
    }
    free(all);
    free(all_found);
}

static void test_build_every_kind(void)
{
    BuildData *d = (BuildData *)malloc(sizeof(BuildData));
    int kind;
    if (!CHECK(d != NULL)) {
        return;
    }
    fill_build_data(d);
    for (kind = OMEN_INDEX_DEFAULT; kind <= OMEN_INDEX_BTREE; kind++) {
        LearnedIndex *idx = NULL;
        OmenIndexStats stats;
        int built_kind = kind == OMEN_INDEX_DEFAULT ? OMEN_INDEX_PGM : kind;
        int i;

        printf("  build kind %d\n", kind);
        if (!CHECK_OK(omendb_index_build((OmenIndexKind)kind, EPSILON, d->keys, d->values, d->lens,
                                         BUILD_N + DUPLICATES, &idx)) ||
            !CHECK(idx != NULL)) {
            continue;
        }
        if (CHECK_OK(omendb_index_stats(idx, &stats))) {
            check_stats_sane(&stats, built_kind, BUILD_N);
            CHECK_EQ_U64(stats.delta_keys, 0);
        }
        /* Duplicates keep the last value. */
        CHECK_INDEX_VALUE(idx, build_key(0), "dup0");
        CHECK_INDEX_VALUE(idx, build_key(37 * 99), "dup99");
        CHECK_INDEX_VALUE(idx, build_key(1), "v1");
        CHECK_INDEX_VALUE(idx, build_key(BUILD_N / 2 + 1), "v10001");
        check_index_missing(idx, build_key(0) - 1);
        check_index_missing(idx, build_key(BUILD_N - 1) + 3);
        check_bulk_lookups(idx);
        check_range_into_paging(idx);

        /* Inserts after a build go to the delta and merge back in. */
        for (i = 0; i < 50; i++) {
            CHECK_OK(omendb_index_insert(idx, build_key(i) + 1, BYTES("new"), 3));
        }
        CHECK_INDEX_VALUE(idx, build_key(7) + 1, "new");
        if (CHECK_OK(omendb_index_stats(idx, &stats))) {
            CHECK_EQ_U64(stats.num_keys, BUILD_N + 50);
            CHECK(stats.delta_keys <= 50);
        }
        CHECK_OK(omendb_index_merge(idx));
        if (CHECK_OK(omendb_index_stats(idx, &stats))) {
            check_stats_sane(&stats, built_kind, BUILD_N + 50);
            CHECK_EQ_U64(stats.delta_keys, 0);
        }
        CHECK_INDEX_VALUE(idx, build_key(49) + 1, "new");
        CHECK_INDEX_VALUE(idx, build_key(50), "v50");
        omendb_index_free(idx);
    }
    free(d);
}

/* Quadratic keys: no single line fits, so PGM needs several segments to stay within epsilon. */
static void test_skewed_keys(void)
{
    enum { N = 20000 };
    int64_t *keys = (int64_t *)malloc(N * sizeof(int64_t));
    uint8_t *found = (uint8_t *)malloc(N);
    int kind;
    if (!CHECK(keys != NULL && found != NULL)) {
        free(keys);
        free(found);
        return;
    }
    for (kind = OMEN_INDEX_LINEAR; kind <= OMEN_INDEX_BTREE; kind++) {
        LearnedIndex *idx = NULL;
        OmenIndexStats stats;
        size_t i, hits = 0;
        for (i = 0; i < N; i++) {
            keys[i] = (int64_t)(N - 1 - i) * (int64_t)(N - 1 - i);
        }
        /* NULL values and lens: every value is empty. */
        if (!CHECK_OK(omendb_index_build((OmenIndexKind)kind, EPSILON, keys, NULL, NULL, N, &idx))) {
            continue;
        }
        if (CHECK_OK(omendb_index_stats(idx, &stats))) {
            check_stats_sane(&stats, kind, N);
            if (kind == OMEN_INDEX_PGM) {
                CHECK(stats.num_models > 1);
            }
        }
        CHECK_INDEX_VALUE(idx, 10000LL * 10000LL, "");
        CHECK_OK(omendb_index_contains_many(idx, keys, N, found));
        for (i = 0; i < N; i++) {
            hits += found[i] == 1;
        }
        CHECK_EQ_U64(hits, N);
        for (i = 0; i < N; i++) {
            keys[i] = (int64_t)(i + 1) * (int64_t)(i + 1) + 1;
        }
        CHECK_OK(omendb_index_contains_many(idx, keys, N, found));
        hits = 0;
        for (i = 0; i < N; i++) {
            hits += found[i] != 0;
        }
        CHECK_EQ_U64(hits, 0);
        omendb_index_free(idx);
    }
    free(keys);
    free(found);
}

static void test_small_builds(void)
{
    LearnedIndex *idx = NULL;
    int64_t one = 42;
    const uint8_t *one_value = BYTES("answer");
    size_t one_len = 6;
    OmenIndexStats stats;
    int64_t *keys = NULL;
    size_t count = 0;

    /* An empty build is a valid, empty index. */
    if (CHECK_OK(omendb_index_build(OMEN_INDEX_PGM, 0, NULL, NULL, NULL, 0, &idx)) && CHECK(idx != NULL)) {
        if (CHECK_OK(omendb_index_stats(idx, &stats))) {
            CHECK_EQ_U64(stats.num_keys, 0);
            CHECK_EQ_INT(stats.kind, OMEN_INDEX_PGM);
        }
        check_index_missing(idx, 0);
        CHECK_OK(omendb_index_range(idx, INT64_MIN, INT64_MAX, &keys, &count));
        CHECK_EQ_U64(count, 0);
        omendb_keys_free(keys, count);
        omendb_index_free(idx);
    }
    idx = NULL;
    /* One key, and epsilon 0 meaning the default bound (64). */
    if (CHECK_OK(omendb_index_build(OMEN_INDEX_PGM, 0, &one, &one_value, &one_len, 1, &idx)) && CHECK(idx != NULL)) {
        CHECK_INDEX_VALUE(idx, 42, "answer");
        if (CHECK_OK(omendb_index_stats(idx, &stats))) {
            CHECK_EQ_U64(stats.num_keys, 1);
            CHECK(stats.max_error <= 64);
        }
        omendb_index_free(idx);
    }
}

int main(void)
{
    test_create_insert_get_range();
    test_build_every_kind();
    test_skewed_keys();
    test_small_builds();
    CHECK_NO_LIVE_OBJECTS();
    return check_finish("test_index");
}
