/*
 * demo/reader.c: the C step of the end-to-end demo. Opens the database the Node and
 * Python steps wrote, checks keys 1..1000 ("node-<k>") and 1001..2000 ("py-<k>"),
 * writes a marker under key 0 for the final Node step, and prints "c: read N/2000".
 * Usage: reader <database path>. Exit status 0 only when every key matched.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "omendb_ffi.h"

static void print_error(const char *what) {
    char *message = omendb_last_error_message();
    fprintf(stderr, "c: %s failed: %s\n", what, message ? message : "(no message)");
    omendb_string_free(message);
}

static int value_matches(OmenDB *db, int64_t key) {
    char expected[64];
    snprintf(expected, sizeof expected, "%s-%" PRId64, key <= 1000 ? "node" : "py", key);
    uint8_t *value = NULL;
    size_t len = 0;
    OmenResult r = omendb_storage_get(db, key, &value, &len);
    if (!r.success) return 0;
    int ok = len == strlen(expected) && memcmp(value, expected, len) == 0;
    omendb_buffer_free(value, len);
    return ok;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <database path>\n", argv[0]);
        return 2;
    }
    OmenDB *db = omendb_open(argv[1], 0);
    if (db == NULL) {
        print_error("open");
        return 1;
    }
    int matched = 0;
    for (int64_t key = 1; key <= 2000; key++) matched += value_matches(db, key);

    char marker[64];
    int marker_len = snprintf(marker, sizeof marker, "c-read-%d", matched);
    OmenResult put = omendb_storage_put(db, 0, (const uint8_t *)marker, (size_t)marker_len);
    if (!put.success) print_error("put marker");
    omendb_close(db);

    printf("c: read %d/2000, wrote marker \"%s\" under key 0\n", matched, marker);
    return matched == 2000 && put.success ? 0 : 1;
}
