/* add1.c: libadd1.so, the one-function library of the FFI overhead ladder (see add1.h). */
#include "add1.h"

int64_t add1(int64_t x) { return (int64_t)((uint64_t)x + 1u); }
