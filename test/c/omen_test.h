/*
 * omen_test.h: OmenDB-specific helpers shared by the C tests, on top of check.h.
 * Result checks that print the code name and the library's last error message,
 * live-object counter checks, and scratch directories under $TMPDIR (run.sh points
 * it at the git-ignored build folder; "." when unset). Include after omendb_ffi.h.
 */
#ifndef OMENDB_TEST_OMEN_TEST_H
#define OMENDB_TEST_OMEN_TEST_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "omendb_ffi.h"

/** The name of an error code, never NULL (for printing). */
static inline const char *omen_code_name(int code)
{
    const char *name = omendb_error_name((OmenErrorCode)code);
    return name != NULL ? name : "(null name)";
}

/** Prints the library's last error message for a failed check (frees the string). */
static inline void omen_print_last_error(void)
{
    char *message = omendb_last_error_message();
    fprintf(stderr, "    last error: code %d (%s): %s\n", (int)omendb_last_error_code(),
            omen_code_name((int)omendb_last_error_code()), message ? message : "(no message)");
    omendb_string_free(message);
}

/** The call succeeded: success is true, code is OMEN_OK and error_msg is NULL. */
static inline int omen_check_ok(OmenResult r, const char *file, int line, const char *expr)
{
    int ok = r.success && r.code == OMEN_OK && r.error_msg == NULL;
    check_record(ok, file, line, expr);
    if (!ok) {
        fprintf(stderr, "    returned success=%d code=%d (%s)\n", (int)r.success, (int)r.code,
                r.error_msg ? r.error_msg : "(null)");
        omen_print_last_error();
    }
    return ok;
}

/**
 * The call failed with `expected`: success false, code equal, error_msg the static name
 * of the code, and the thread's last error code agrees.
 */
static inline int omen_check_fails(OmenResult r, int expected, const char *file, int line, const char *expr)
{
    const char *name = omendb_error_name((OmenErrorCode)expected);
    int ok = !r.success && (int)r.code == expected && r.error_msg != NULL && name != NULL &&
             strcmp(r.error_msg, name) == 0 && (int)omendb_last_error_code() == expected;
    check_record(ok, file, line, expr);
    if (!ok) {
        fprintf(stderr, "    expected failure %d (%s); returned success=%d code=%d error_msg=\"%s\"\n", expected,
                name ? name : "(null)",
                (int)r.success, (int)r.code, r.error_msg ? r.error_msg : "(null)");
        omen_print_last_error();
    }
    return ok;
}

/** The thread's last error code is `expected` (for functions returning a handle or void). */
static inline int omen_check_last_error(int expected, const char *file, int line, const char *what)
{
    int actual = (int)omendb_last_error_code();
    int ok = actual == expected;
    check_record(ok, file, line, what);
    if (!ok) {
        fprintf(stderr, "    expected last error %d (%s), got %d (%s)\n", expected, omen_code_name(expected), actual,
                omen_code_name(actual));
    }
    return ok;
}

#define CHECK_OK(call) omen_check_ok((call), __FILE__, __LINE__, #call)
#define CHECK_FAILS(call, code) omen_check_fails((call), (int)(code), __FILE__, __LINE__, #call " fails with " #code)
#define CHECK_LAST_ERROR(code) omen_check_last_error((int)(code), __FILE__, __LINE__, "last error is " #code)

/** Reads the live-object counters; all -1 if the call itself fails. */
static inline OmenDebugCounters omen_counters(void)
{
    OmenDebugCounters c;
    memset(&c, 0, sizeof c);
    if (!omendb_debug_counters(&c).success) {
        c.live_databases = c.live_indexes = c.live_buffers = -1;
    }
    return c;
}

/** Checks that no database, index or buffer handed out by the library is still alive. */
#define CHECK_NO_LIVE_OBJECTS()                                \
    do {                                                       \
        OmenDebugCounters live_now_ = omen_counters();         \
        CHECK_EQ_INT(live_now_.live_databases, 0);             \
        CHECK_EQ_INT(live_now_.live_indexes, 0);               \
        CHECK_EQ_INT(live_now_.live_buffers, 0);               \
    } while (0)

/** Creates a fresh directory under $TMPDIR (or "."), writing its path into dir. Returns 0 on success. */
static inline int omen_make_temp_dir(char *dir, size_t cap)
{
    const char *base = getenv("TMPDIR");
    if (base == NULL || base[0] == '\0') {
        base = ".";
    }
    if (snprintf(dir, cap, "%s/omendb-test-XXXXXX", base) >= (int)cap) {
        return -1;
    }
    return mkdtemp(dir) != NULL ? 0 : -1;
}

/** Writes dir + "/" + name into out. Returns 0, or -1 (and an empty string) if it does not fit. */
static inline int omen_join(char *out, size_t cap, const char *dir, const char *name)
{
    int needed = snprintf(out, cap, "%s/%s", dir, name);
    if (needed < 0 || (size_t)needed >= cap) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

/** Removes a directory made by omen_make_temp_dir with its files and one level of subdirectories. */
static inline void omen_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    char path[4096];
    struct stat st;
    if (d == NULL) {
        return;
    }
    while ((entry = readdir(d)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
            continue;
        }
        if (omen_join(path, sizeof path, dir, entry->d_name) != 0) {
            continue;
        }
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            omen_remove_tree(path);
        } else {
            unlink(path);
        }
    }
    closedir(d);
    rmdir(dir);
}

/** Reads a whole value with omendb_storage_get and compares it with `expected`; frees the buffer. */
static inline int omen_check_stored(OmenDB *db, int64_t key, const char *expected, const char *file, int line)
{
    uint8_t *value = NULL;
    size_t len = 0;
    OmenResult r = omendb_storage_get(db, key, &value, &len);
    int ok = omen_check_ok(r, file, line, "omendb_storage_get") &&
             check_bytes_eq(value, len, expected, file, line, "stored value") &&
             check_record(r.data == (void *)value, file, line, "OmenResult.data == *value");
    omendb_buffer_free(value, len);
    return ok;
}

#define CHECK_STORED(db, key, expected) omen_check_stored((db), (key), (expected), __FILE__, __LINE__)

/** Casts a string literal to the byte pointer type the API takes. */
#define BYTES(s) ((const uint8_t *)(s))

#endif /* OMENDB_TEST_OMEN_TEST_H */
