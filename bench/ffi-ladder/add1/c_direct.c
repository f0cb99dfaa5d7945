/* c_direct.c: the C floor of the FFI overhead ladder. Calls add1() in libadd1.so (through the
 * PLT, as any program linked to the library does) in rounds of CALLS chained calls and prints
 * one JSON line: {"median_ns", "p99_ns"} per call over the rounds.
 * Usage: c_direct ROUNDS CALLS */
#include "add1.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank quantile of sorted values (as bench/lib/stats.ts). */
static double quantile(const double *sorted, int count, double q) {
  int rank = (int)(q * count + 0.999999999) - 1;
  if (rank < 0) rank = 0;
  if (rank >= count) rank = count - 1;
  return sorted[rank];
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s ROUNDS CALLS\n", argv[0]);
    return 2;
  }
  int rounds = atoi(argv[1]);
  long calls = atol(argv[2]);
  if (rounds < 1 || calls < 1) return 2;
  double *samples = malloc(sizeof(double) * (size_t)rounds);
  if (samples == NULL) return 1;
  int64_t x = 0;
  for (long i = 0; i < calls; i++) x = add1(x);
  for (int r = 0; r < rounds; r++) {
    double t0 = now_ns();
    for (long i = 0; i < calls; i++) x = add1(x);
    samples[r] = (now_ns() - t0) / (double)calls;
  }
  if (x != (int64_t)(calls * (rounds + 1))) return 1;
  qsort(samples, (size_t)rounds, sizeof(double), by_value);
  printf("{\"median_ns\": %.3f, \"p99_ns\": %.3f}\n", quantile(samples, rounds, 0.5), quantile(samples, rounds, 0.99));
  free(samples);
  return 0;
}
