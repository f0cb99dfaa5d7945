/* hand_napi.c: the hand-written Node-API baseline of the FFI overhead ladder. Exports add1(x)
 * with the contract of omendb-bindgen's napi target (an integral number or a bigint in, range
 * and type checked, a bigint out) written the shortest way by hand, linked to libadd1.so, and
 * add1_number(x), the same returning a JS number (as SWIG's wrapper does), to price the bigint. */
#define NAPI_VERSION 8
#include <node_api.h>
#include "add1.h"

/* Reads the one int64 argument (integral number or bigint); false with a pending exception. */
static bool get_x(napi_env env, napi_callback_info info, int64_t *x) {
  size_t argc = 1;
  napi_value arg;
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok) return false;
  if (argc != 1) {
    napi_throw_type_error(env, NULL, "add1(): expects 1 argument");
    return false;
  }
  double d = 0;
  if (napi_get_value_double(env, arg, &d) == napi_ok) {
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || (double)(int64_t)d != d) {
      napi_throw_range_error(env, NULL, "add1(): x must be an integer in range");
      return false;
    }
    *x = (int64_t)d;
    return true;
  }
  bool lossless = false;
  if (napi_get_value_bigint_int64(env, arg, x, &lossless) != napi_ok) {
    napi_throw_type_error(env, NULL, "add1(): x must be a number or a bigint");
    return false;
  }
  if (!lossless) {
    napi_throw_range_error(env, NULL, "add1(): x is out of range");
    return false;
  }
  return true;
}

static napi_value add1_js(napi_env env, napi_callback_info info) {
  int64_t x = 0;
  napi_value result;
  if (!get_x(env, info, &x) || napi_create_bigint_int64(env, add1(x), &result) != napi_ok) return NULL;
  return result;
}

static napi_value add1_number_js(napi_env env, napi_callback_info info) {
  int64_t x = 0;
  napi_value result;
  if (!get_x(env, info, &x) || napi_create_int64(env, add1(x), &result) != napi_ok) return NULL;
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn, fn_number;
  if (napi_create_function(env, "add1", NAPI_AUTO_LENGTH, add1_js, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "add1", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "add1_number", NAPI_AUTO_LENGTH, add1_number_js, NULL, &fn_number) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "add1_number", fn_number) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
