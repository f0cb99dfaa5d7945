/* Native floor of the db.get(hotKey) rows of run.ts: the same omendb_storage_get + omendb_buffer_free
 * pair called directly from C on an in-memory database holding the same 1000 entries.
 * Prints the best-of-5 nanoseconds per call. Build: cc -O2 -I include get-floor.c -L<lib dir> -lomendb */
#include <omendb_ffi.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define CALLS 1000000
#define ROUNDS 5
#define HOT_KEY 500

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(void) {
  OmenDB *db = omendb_open(NULL, OMENDB_OPEN_IN_MEMORY);
  if (db == NULL) return 1;
  for (int64_t k = 0; k < 1000; k++) {
    uint8_t value[16];
    memset(value, '.', sizeof value);
    if (!omendb_storage_put(db, k, value, sizeof value).success) return 1;
  }
  double best = 1e300;
  for (int r = 0; r < ROUNDS; r++) {
    double t0 = now_ns();
    for (int i = 0; i < CALLS; i++) {
      uint8_t *value = NULL;
      size_t len = 0;
      if (!omendb_storage_get(db, HOT_KEY, &value, &len).success || len != 16) return 1;
      omendb_buffer_free(value, len);
    }
    double ns = (now_ns() - t0) / CALLS;
    if (ns < best) best = ns;
  }
  omendb_close(db);
  printf("%.1f\n", best);
  return 0;
}
