// The fixed C prelude of every generated Node-API addon: argument checks that throw TypeError /
// RangeError (never crash), integer conversions with range checks (64-bit through bigint,
// lossless), strings, byte buffers, raw pointers as bigint, and handles as type-tagged externals.

/** C helpers (static, `omb_` prefixed) written once at the top of `<name>_napi.c`. */
export const NAPI_PRELUDE = String.raw`
/* Helpers may go unused in a given module. */
#define OMB_FN static __attribute__((unused))
#define OMB_TYPE 0
#define OMB_RANGE 1
#define OMB_ERROR 2

static uint8_t omb_empty[8];

/* Throws a TypeError (OMB_TYPE), RangeError (OMB_RANGE) or Error naming the call; returns false. */
OMB_FN bool omb_fail(napi_env env, int kind, const char *fn, const char *arg, const char *what) {
  char msg[320];
  snprintf(msg, sizeof msg, "%s(): %s %s", fn, arg, what);
  if (kind == OMB_TYPE) napi_throw_type_error(env, NULL, msg);
  else if (kind == OMB_RANGE) napi_throw_range_error(env, NULL, msg);
  else napi_throw_error(env, NULL, msg);
  return false;
}

OMB_FN bool omb_argc(napi_env env, const char *fn, size_t want, size_t got) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s(): expects %zu argument%s, got %zu", fn, want, want == 1 ? "" : "s", got);
  napi_throw_type_error(env, NULL, msg);
  return false;
}

OMB_FN bool omb_is_nullish(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && (t == napi_null || t == napi_undefined);
}

/* A signed integer in [min, max] from an integral number or a bigint. */
OMB_FN bool omb_get_i64(napi_env env, napi_value v, int64_t min, int64_t max, int64_t *out, const char *fn, const char *arg) {
  double d;
  napi_status st = napi_get_value_double(env, v, &d);
  if (st == napi_ok) {
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || (double)(int64_t)d != d)
      return omb_fail(env, OMB_RANGE, fn, arg, "must be an integer in range");
    int64_t x = (int64_t)d;
    if (x < min || x > max) return omb_fail(env, OMB_RANGE, fn, arg, "is out of range");
    *out = x;
    return true;
  }
  bool lossless = false;
  int64_t x = 0;
  if (napi_get_value_bigint_int64(env, v, &x, &lossless) == napi_ok) {
    if (!lossless || x < min || x > max) return omb_fail(env, OMB_RANGE, fn, arg, "is out of range");
    *out = x;
    return true;
  }
  return omb_fail(env, OMB_TYPE, fn, arg, "must be a number or a bigint");
}

/* An unsigned integer in [0, max] from an integral number or a bigint. */
OMB_FN bool omb_get_u64(napi_env env, napi_value v, uint64_t max, uint64_t *out, const char *fn, const char *arg) {
  double d;
  napi_status st = napi_get_value_double(env, v, &d);
  if (st == napi_ok) {
    if (!(d >= 0.0 && d < 18446744073709551616.0) || (double)(uint64_t)d != d)
      return omb_fail(env, OMB_RANGE, fn, arg, "must be a non-negative integer in range");
    uint64_t x = (uint64_t)d;
    if (x > max) return omb_fail(env, OMB_RANGE, fn, arg, "is out of range");
    *out = x;
    return true;
  }
  bool lossless = false;
  uint64_t x = 0;
  if (napi_get_value_bigint_uint64(env, v, &x, &lossless) == napi_ok) {
    if (!lossless || x > max) return omb_fail(env, OMB_RANGE, fn, arg, "is out of range");
    *out = x;
    return true;
  }
  return omb_fail(env, OMB_TYPE, fn, arg, "must be a number or a bigint");
}

OMB_FN bool omb_get_f64(napi_env env, napi_value v, double *out, const char *fn, const char *arg) {
  if (napi_get_value_double(env, v, out) == napi_ok) return true;
  return omb_fail(env, OMB_TYPE, fn, arg, "must be a number");
}

OMB_FN bool omb_get_bool(napi_env env, napi_value v, bool *out, const char *fn, const char *arg) {
  if (napi_get_value_bool(env, v, out) == napi_ok) return true;
  return omb_fail(env, OMB_TYPE, fn, arg, "must be a boolean");
}

/* A UTF-8 copy of a JS string: on the stack when short, else malloc'd (omb_str_free). */
typedef struct { char *ptr; bool heap; char local[248]; } omb_str;

OMB_FN bool omb_get_str(napi_env env, napi_value v, bool nullable, omb_str *s, const char *fn, const char *arg) {
  size_t len = 0;
  s->ptr = NULL;
  s->heap = false;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) {
    if (nullable && omb_is_nullish(env, v)) return true;
    return omb_fail(env, OMB_TYPE, fn, arg, nullable ? "must be a string or null" : "must be a string");
  }
  if (len < sizeof s->local) {
    s->ptr = s->local;
  } else {
    s->ptr = malloc(len + 1);
    if (s->ptr == NULL) return omb_fail(env, OMB_ERROR, fn, arg, "does not fit in memory");
    s->heap = true;
  }
  napi_get_value_string_utf8(env, v, s->ptr, len + 1, &len);
  if (strlen(s->ptr) != len) return omb_fail(env, OMB_TYPE, fn, arg, "must not contain NUL characters");
  return true;
}

OMB_FN void omb_str_free(omb_str *s) {
  if (s->heap) free(s->ptr);
  s->heap = false;
}

/* A raw pointer from a bigint address (null/undefined: NULL). */
OMB_FN bool omb_get_ptr(napi_env env, napi_value v, void **out, const char *fn, const char *arg) {
  uint64_t a = 0;
  bool lossless = false;
  if (napi_get_value_bigint_uint64(env, v, &a, &lossless) == napi_ok) {
    if (!lossless) return omb_fail(env, OMB_RANGE, fn, arg, "is not a valid address");
    *out = (void *)(uintptr_t)a;
    return true;
  }
  if (omb_is_nullish(env, v)) {
    *out = NULL;
    return true;
  }
  return omb_fail(env, OMB_TYPE, fn, arg, "must be a pointer (bigint) or null");
}

/* Memory of a typed array (want: a napi_typedarray_type, or -1 for any view), ArrayBuffer, pointer or null. */
OMB_FN bool omb_get_view(napi_env env, napi_value v, int want, bool nullable, void **out, size_t *count, const char *fn, const char *arg, const char *expect) {
  napi_typedarray_type type;
  size_t length = 0;
  void *data = NULL;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL) == napi_ok) {
    if (want >= 0 && (int)type != want) return omb_fail(env, OMB_TYPE, fn, arg, expect);
    *out = data != NULL ? data : (void *)omb_empty;
    if (count) *count = length;
    return true;
  }
  if (want < 0 && napi_get_arraybuffer_info(env, v, &data, &length) == napi_ok) {
    *out = data != NULL ? data : (void *)omb_empty;
    if (count) *count = length;
    return true;
  }
  if (count) *count = 0;
  if (nullable && omb_is_nullish(env, v)) {
    *out = NULL;
    return true;
  }
  napi_valuetype t;
  if (napi_typeof(env, v, &t) == napi_ok && t == napi_bigint) return omb_get_ptr(env, v, out, fn, arg);
  return omb_fail(env, OMB_TYPE, fn, arg, expect);
}

OMB_FN napi_value omb_new_ptr(napi_env env, const void *p) {
  napi_value v;
  if (p == NULL) napi_get_null(env, &v);
  else napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)p, &v);
  return v;
}

OMB_FN napi_value omb_new_str(napi_env env, const char *p) {
  napi_value v;
  if (p == NULL) napi_get_null(env, &v);
  else napi_create_string_utf8(env, p, NAPI_AUTO_LENGTH, &v);
  return v;
}

OMB_FN napi_value omb_new_bool(napi_env env, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  return v;
}

/* A copy of count elements of size elem as a new typed array of the given type. */
OMB_FN napi_value omb_new_array(napi_env env, napi_typedarray_type type, const void *src, size_t count, size_t elem) {
  void *data = NULL;
  napi_value ab, v;
  if (napi_create_arraybuffer(env, count * elem, &data, &ab) != napi_ok) return NULL;
  if (count > 0 && src != NULL) memcpy(data, src, count * elem);
  if (napi_create_typedarray(env, type, count, ab, 0, &v) != napi_ok) return NULL;
  return v;
}

/* Handles: an external holding a box whose pointer is cleared when the handle is closed. */
typedef struct { void *ptr; } omb_box;

OMB_FN void omb_box_finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

OMB_FN napi_value omb_new_handle(napi_env env, void *p, const napi_type_tag *tag) {
  napi_value v;
  if (p == NULL) {
    napi_get_null(env, &v);
    return v;
  }
  omb_box *b = malloc(sizeof *b);
  if (b == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  b->ptr = p;
  if (napi_create_external(env, b, omb_box_finalize, NULL, &v) != napi_ok) {
    free(b);
    return NULL;
  }
  napi_type_tag_object(env, v, tag);
  return v;
}

OMB_FN bool omb_get_handle(napi_env env, napi_value v, const napi_type_tag *tag, bool nullable, omb_box **box, void **out, const char *fn, const char *arg, const char *expect) {
  napi_valuetype t;
  bool tagged = false;
  *box = NULL;
  *out = NULL;
  if (napi_typeof(env, v, &t) != napi_ok) return false;
  if ((t == napi_external || t == napi_object) && napi_check_object_type_tag(env, v, tag, &tagged) == napi_ok && tagged) {
    napi_get_value_external(env, v, (void **)box);
    if ((*box)->ptr == NULL && !nullable) return omb_fail(env, OMB_ERROR, fn, arg, "is a closed handle");
    *out = (*box)->ptr;
    return true;
  }
  if (nullable && (t == napi_null || t == napi_undefined)) return true;
  return omb_fail(env, OMB_TYPE, fn, arg, expect);
}

OMB_FN bool omb_get_object(napi_env env, napi_value v, const char *fn, const char *arg) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) == napi_ok && t == napi_object) return true;
  return omb_fail(env, OMB_TYPE, fn, arg, "must be an object");
}

OMB_FN bool omb_field(napi_env env, napi_value obj, const char *name, napi_value *out) {
  return napi_get_named_property(env, obj, name, out) == napi_ok;
}

OMB_FN bool omb_set(napi_env env, napi_value obj, const char *name, napi_value v) {
  return v != NULL && napi_set_named_property(env, obj, name, v) == napi_ok;
}

OMB_FN bool omb_missing_symbol(napi_env env, const char *fn) {
  return omb_fail(env, OMB_ERROR, fn, "symbol", "is not exported by the loaded library");
}
`;
