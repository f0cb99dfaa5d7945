/* add1.h: the trivial function of the FFI overhead ladder (bench/ffi-ladder/run.ts). Every layer
 * (C, hand-written Node-API and CPython modules, omendb-bindgen's targets, SWIG) calls this one
 * function in libadd1.so, so the ladder's rows differ only by the binding layer. */
#ifndef ADD1_H
#define ADD1_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Returns x + 1, wrapping at INT64_MAX. */
int64_t add1(int64_t x);

#ifdef __cplusplus
}
#endif

#endif
