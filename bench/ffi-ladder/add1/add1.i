/* add1.i: SWIG interface of the ladder's trivial function; the bench builds a SWIG Node wrapper
 * and a SWIG Python -builtin module from it (bench/ffi-ladder/build.ts). */
%module swig_add1
%{
#include "add1.h"
%}
%include <stdint.i>
int64_t add1(int64_t x);
