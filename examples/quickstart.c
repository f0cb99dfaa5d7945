/*
 * quickstart.c: a complete OmenDB program in C, meant to be copied.
 * Opens (or creates) a database file, stores and reads values, writes a batch,
 * pages through a range scan, then builds a learned index over 100,000 keys and
 * queries it. Every call is checked; every buffer the library returns is freed.
 *
 * Build and run (from the repository root, after `node scripts/build-native.mjs`):
 *   export PKG_CONFIG_PATH=native/target/release/pkgconfig
 *   cc examples/quickstart.c $(pkg-config --cflags --libs omendb) -o quickstart
 *   LD_LIBRARY_PATH=native/target/release ./quickstart [path/to/file.omendb]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omendb_ffi.h>

/* Prints why the last call failed: the stable code, its name and the detailed message. */
static void print_last_error(const char *what)
{
    OmenErrorCode code = omendb_last_error_code();
    char *message = omendb_last_error_message(); /* owned by us: freed below */
    fprintf(stderr, "%s failed: %s (code %d): %s\n", what, omendb_error_name(code), (int)code,
            message != NULL ? message : "no details");
    omendb_string_free(message);
}

/* Returns 1 if the call succeeded; otherwise prints the error and returns 0. */
static int ok(OmenResult result, const char *what)
{
    if (result.success) {
        return 1;
    }
    print_last_error(what);
    return 0;
}

/* Single-key calls: put, get, overwrite, delete. */
static int demo_single_keys(OmenDB *db)
{
    const char *greeting = "hello, omendb";
    uint8_t *value = NULL;
    size_t len = 0;
    OmenResult result;

    if (!ok(omendb_storage_put(db, 42, (const uint8_t *)greeting, strlen(greeting)), "put 42")) {
        return 0;
    }
    if (!ok(omendb_storage_get(db, 42, &value, &len), "get 42")) {
        return 0;
    }
    /* The value is not NUL-terminated: print it with its length. */
    printf("get 42 -> \"%.*s\" (%zu bytes)\n", (int)len, (const char *)value, len);
    omendb_buffer_free(value, len); /* every returned value is freed with its length */

    if (!ok(omendb_storage_delete(db, 42), "delete 42")) {
        return 0;
    }
    /* A missing key is an ordinary outcome, told apart by its code. */
    value = NULL;
    result = omendb_storage_get(db, 42, &value, &len);
    if (result.success || result.code != OMEN_ERR_NOT_FOUND) {
        fprintf(stderr, "expected key 42 to be gone\n");
        omendb_buffer_free(value, len);
        return 0;
    }
    printf("get 42 after delete -> %s\n", omendb_error_name(result.code));
    return 1;
}

/* One atomic transaction for 1000 entries: all are stored or none. */
static int demo_batch_write(OmenDB *db)
{
    enum { COUNT = 1000 };
    int64_t keys[COUNT];
    const uint8_t *values[COUNT];
    size_t lens[COUNT];
    static char text[COUNT][24];
    int i;

    for (i = 0; i < COUNT; i++) {
        keys[i] = 1000 + i;
        lens[i] = (size_t)snprintf(text[i], sizeof text[i], "item %d", 1000 + i);
        values[i] = (const uint8_t *)text[i];
    }
    if (!ok(omendb_storage_batch_write(db, keys, values, lens, COUNT), "batch write")) {
        return 0;
    }
    printf("batch wrote %d keys\n", COUNT);
    return 1;
}

/* Reads keys 1000..1999 in pages of 300 entries; each page is one library-owned batch. */
static int demo_range_scan(OmenDB *db)
{
    int64_t start = 1000;
    const int64_t end = 1999;
    size_t total = 0, pages = 0;
    int more = 1;

    while (more) {
        OmenBatch page;
        memset(&page, 0, sizeof page);
        if (!ok(omendb_storage_range(db, start, end, 300, &page), "range scan")) {
            return 0;
        }
        pages++;
        total += page.count;
        if (page.count > 0) {
            /* Entry i's value is data[offsets[i] .. offsets[i+1]]. */
            size_t last = page.count - 1;
            printf("  page %zu: %zu keys, last %" PRId64 " -> \"%.*s\"\n", pages, page.count, page.keys[last],
                   (int)(page.offsets[last + 1] - page.offsets[last]), (const char *)page.data + page.offsets[last]);
            start = page.keys[last] + 1; /* the next page starts after this one */
        }
        more = page.has_more;
        omendb_batch_free(&page);
    }
    printf("range scan: %zu keys in %zu pages\n", total, pages);
    return 1;
}

/* Builds a PGM learned index over 100,000 keys in one call, prints its stats and a lookup. */
static int demo_learned_index(void)
{
    enum { COUNT = 100000 };
    int64_t *keys = malloc(COUNT * sizeof *keys);
    const uint8_t **values = malloc(COUNT * sizeof *values);
    size_t *lens = malloc(COUNT * sizeof *lens);
    char(*text)[24] = malloc(COUNT * sizeof *text);
    LearnedIndex *index = NULL;
    OmenIndexStats stats;
    uint8_t *value = NULL;
    size_t len = 0;
    int i, success = 0;

    if (keys == NULL || values == NULL || lens == NULL || text == NULL) {
        fprintf(stderr, "out of memory\n");
        goto done;
    }
    for (i = 0; i < COUNT; i++) {
        keys[i] = (int64_t)i * 3; /* any order works: the library sorts */
        lens[i] = (size_t)snprintf(text[i], sizeof text[i], "value %d", i * 3);
        values[i] = (const uint8_t *)text[i];
    }
    /* The library copies keys and values: our arrays can be freed right after. */
    if (!ok(omendb_index_build(OMEN_INDEX_PGM, 32, keys, values, lens, COUNT, &index), "index build")) {
        goto done;
    }
    if (!ok(omendb_index_stats(index, &stats), "index stats")) {
        goto done;
    }
    printf("index: %" PRIu64 " keys, kind %d, %" PRIu64 " models, max error %" PRIu64 " (epsilon %u), %" PRIu64
           " bytes\n",
           stats.num_keys, (int)stats.kind, stats.num_models, stats.max_error, (unsigned)stats.epsilon,
           stats.total_bytes);
    if (!ok(omendb_index_get(index, 4242, &value, &len), "index get 4242")) {
        goto done;
    }
    printf("lookup 4242 -> \"%.*s\"\n", (int)len, (const char *)value);
    omendb_buffer_free(value, len);
    success = 1;

done:
    omendb_index_free(index); /* NULL-safe */
    free(keys);
    free((void *)values);
    free(lens);
    free(text);
    return success;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "quickstart.omendb";
    OmenDB *db;
    int success;

    printf("OmenDB %s\n", omendb_version());
    if (omendb_abi_hash() != OMENDB_ABI_HASH) {
        fprintf(stderr, "library and header differ: rebuild against the installed omendb_ffi.h\n");
        return 1;
    }

    db = omendb_open(path, 0); /* 0: durable redb file; OMENDB_OPEN_IN_MEMORY for a scratch store */
    if (db == NULL) {
        print_last_error("open");
        return 1;
    }
    success = demo_single_keys(db) && demo_batch_write(db) && demo_range_scan(db);
    omendb_close(db); /* flushes; the handle is invalid afterwards */

    success = success && demo_learned_index();
    if (!success) {
        return 1;
    }
    printf("done\n");
    return 0;
}
