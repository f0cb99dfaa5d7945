// The fixed C prelude of every generated CPython extension: argument checks raising TypeError /
// OverflowError / ValueError (never crashing), int conversions with range checks, str/bytes in,
// buffer-protocol views (zero-copy), raw pointers as int, and the handle object type.

/** C helpers (`omb_` prefixed, possibly unused) written once at the top of `<name>_cpython.c`. */
export const CPYTHON_PRELUDE = String.raw`
#define OMB_FN static __attribute__((unused))

static uint8_t omb_empty[8];

OMB_FN int omb_fail(PyObject *exc, const char *fn, const char *arg, const char *what) {
  PyErr_Format(exc, "%s(): %s %s", fn, arg, what);
  return 0;
}

OMB_FN int omb_nargs(const char *fn, Py_ssize_t want, Py_ssize_t got) {
  PyErr_Format(PyExc_TypeError, "%s() takes %zd positional argument%s but %zd were given", fn, want, want == 1 ? "" : "s", got);
  return 0;
}

/* A signed integer in [min, max]. */
OMB_FN int omb_get_i64(PyObject *o, int64_t min, int64_t max, int64_t *out, const char *fn, const char *arg) {
  if (!PyLong_Check(o)) return omb_fail(PyExc_TypeError, fn, arg, "must be int");
  int overflow = 0;
  long long x = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (overflow != 0 || x < min || x > max) return omb_fail(PyExc_OverflowError, fn, arg, "is out of range");
  if (x == -1 && PyErr_Occurred()) return 0;
  *out = (int64_t)x;
  return 1;
}

/* An unsigned integer in [0, max]. */
OMB_FN int omb_get_u64(PyObject *o, uint64_t max, uint64_t *out, const char *fn, const char *arg) {
  if (!PyLong_Check(o)) return omb_fail(PyExc_TypeError, fn, arg, "must be int");
  unsigned long long x = PyLong_AsUnsignedLongLong(o);
  if (x == (unsigned long long)-1 && PyErr_Occurred()) {
    PyErr_Clear();
    return omb_fail(PyExc_OverflowError, fn, arg, "is out of range");
  }
  if (x > max) return omb_fail(PyExc_OverflowError, fn, arg, "is out of range");
  *out = (uint64_t)x;
  return 1;
}

OMB_FN int omb_get_f64(PyObject *o, double *out, const char *fn, const char *arg) {
  if (!PyFloat_Check(o) && !PyLong_Check(o)) return omb_fail(PyExc_TypeError, fn, arg, "must be float");
  *out = PyFloat_AsDouble(o);
  return !(*out == -1.0 && PyErr_Occurred());
}

OMB_FN int omb_get_bool(PyObject *o, bool *out, const char *fn, const char *arg) {
  if (!PyBool_Check(o) && !PyLong_Check(o)) return omb_fail(PyExc_TypeError, fn, arg, "must be bool");
  *out = PyObject_IsTrue(o) == 1;
  return 1;
}

/* A NUL-terminated UTF-8 view of str (cached by CPython) or bytes; None when nullable. */
OMB_FN int omb_get_str(PyObject *o, int nullable, const char **out, const char *fn, const char *arg) {
  Py_ssize_t n = 0;
  if (o == Py_None && nullable) {
    *out = NULL;
    return 1;
  }
  if (PyUnicode_Check(o)) {
    *out = PyUnicode_AsUTF8AndSize(o, &n);
    if (*out == NULL) return 0;
  } else if (PyBytes_Check(o)) {
    *out = PyBytes_AS_STRING(o);
    n = PyBytes_GET_SIZE(o);
  } else {
    return omb_fail(PyExc_TypeError, fn, arg, nullable ? "must be str, bytes or None" : "must be str or bytes");
  }
  if ((Py_ssize_t)strlen(*out) != n) return omb_fail(PyExc_ValueError, fn, arg, "must not contain NUL characters");
  return 1;
}

/* A raw pointer from an int address (None: NULL). */
OMB_FN int omb_get_ptr(PyObject *o, void **out, const char *fn, const char *arg) {
  if (o == Py_None) {
    *out = NULL;
    return 1;
  }
  if (!PyLong_Check(o)) return omb_fail(PyExc_TypeError, fn, arg, "must be an int address or None");
  *out = PyLong_AsVoidPtr(o);
  return !(*out == NULL && PyErr_Occurred());
}

/* A buffer-protocol view (zero-copy), an int address, or None when nullable. formats: allowed
   struct codes of one element ("" for any bytes); view->obj is NULL when no view was taken. */
OMB_FN int omb_get_view(PyObject *o, int nullable, int writable, const char *formats, Py_ssize_t itemsize, Py_buffer *view, void **out, const char *fn, const char *arg, const char *expect) {
  view->obj = NULL;
  if (PyObject_CheckBuffer(o)) {
    int flags = (writable ? PyBUF_WRITABLE : PyBUF_SIMPLE) | (formats[0] != '\0' ? PyBUF_FORMAT : 0) | PyBUF_C_CONTIGUOUS;
    if (PyObject_GetBuffer(o, view, flags) != 0) return 0;
    if (formats[0] != '\0') {
      const char *f = view->format != NULL ? view->format : "B";
      char code = f[0] != '\0' ? f[strlen(f) - 1] : 'B';
      if (view->itemsize != itemsize || strchr(formats, code) == NULL) {
        PyBuffer_Release(view);
        view->obj = NULL;
        return omb_fail(PyExc_TypeError, fn, arg, expect);
      }
    }
    *out = view->len > 0 ? view->buf : (void *)omb_empty;
    return 1;
  }
  if (o == Py_None && nullable) {
    *out = NULL;
    return 1;
  }
  if (PyLong_Check(o)) return omb_get_ptr(o, out, fn, arg);
  return omb_fail(PyExc_TypeError, fn, arg, expect);
}

OMB_FN void omb_release(Py_buffer *view) {
  if (view->obj != NULL) PyBuffer_Release(view);
  view->obj = NULL;
}

OMB_FN PyObject *omb_new_ptr(const void *p) {
  if (p == NULL) Py_RETURN_NONE;
  return PyLong_FromVoidPtr((void *)p);
}

OMB_FN PyObject *omb_new_str(const char *p) {
  if (p == NULL) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(p, (Py_ssize_t)strlen(p), "replace");
}

OMB_FN PyObject *omb_new_bool(bool b) {
  return PyBool_FromLong(b);
}

/* Handles: one small type per opaque record; closing sets ptr to NULL. */
typedef struct {
  PyObject_HEAD
  void *ptr;
} omb_handle;

OMB_FN PyObject *omb_handle_closed(PyObject *self, void *closure) {
  (void)closure;
  return PyBool_FromLong(((omb_handle *)self)->ptr == NULL);
}

static PyGetSetDef omb_handle_getset[] = {
  {"closed", omb_handle_closed, NULL, "True once the handle was passed to its free function.", NULL},
  {NULL, NULL, NULL, NULL, NULL},
};

OMB_FN PyObject *omb_new_handle(void *p, PyTypeObject *type) {
  if (p == NULL) Py_RETURN_NONE;
  omb_handle *h = PyObject_New(omb_handle, type);
  if (h == NULL) return NULL;
  h->ptr = p;
  return (PyObject *)h;
}

OMB_FN int omb_get_handle(PyObject *o, PyTypeObject *type, int nullable, omb_handle **box, void **out, const char *fn, const char *arg, const char *expect) {
  *box = NULL;
  *out = NULL;
  if (Py_IS_TYPE(o, type)) {
    *box = (omb_handle *)o;
    if ((*box)->ptr == NULL && !nullable) return omb_fail(PyExc_ValueError, fn, arg, "is a closed handle");
    *out = (*box)->ptr;
    return 1;
  }
  if (o == Py_None && nullable) return 1;
  return omb_fail(PyExc_TypeError, fn, arg, expect);
}

/* Member i / name of a record given as a tuple (positional), a mapping, or any object (attribute). */
OMB_FN PyObject *omb_member(PyObject *o, Py_ssize_t i, Py_ssize_t n, const char *name, const char *fn, const char *arg) {
  if (PyTuple_Check(o)) {
    if (PyTuple_GET_SIZE(o) != n) {
      omb_fail(PyExc_TypeError, fn, arg, "has the wrong number of members");
      return NULL;
    }
    PyObject *v = PyTuple_GET_ITEM(o, i);
    Py_INCREF(v);
    return v;
  }
  if (PyDict_Check(o)) {
    PyObject *v = PyDict_GetItemString(o, name);
    if (v == NULL) {
      PyErr_Format(PyExc_TypeError, "%s(): %s lacks member %s", fn, arg, name);
      return NULL;
    }
    Py_INCREF(v);
    return v;
  }
  PyObject *v = PyObject_GetAttrString(o, name);
  if (v == NULL) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "%s(): %s lacks member %s", fn, arg, name);
  }
  return v;
}

/* A new structseq of type t with n items stolen from vals (NULL items: failure, all released). */
OMB_FN PyObject *omb_new_struct(PyTypeObject *t, PyObject **vals, Py_ssize_t n) {
  PyObject *r = NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    if (vals[i] == NULL) goto fail;
  }
  r = PyStructSequence_New(t);
  if (r == NULL) goto fail;
  for (Py_ssize_t i = 0; i < n; i++) PyStructSequence_SET_ITEM(r, i, vals[i]);
  return r;
fail:
  for (Py_ssize_t i = 0; i < n; i++) Py_XDECREF(vals[i]);
  return NULL;
}

static PyObject *omb_array_type;

/* An array.array of the given typecode holding a copy of len bytes. */
OMB_FN PyObject *omb_new_array(const char *typecode, const void *data, size_t len) {
  PyObject *bytes = PyBytes_FromStringAndSize((const char *)data, (Py_ssize_t)len);
  if (bytes == NULL) return NULL;
  PyObject *arr = PyObject_CallFunction(omb_array_type, "sO", typecode, bytes);
  Py_DECREF(bytes);
  return arr;
}

OMB_FN int omb_missing_symbol(const char *fn) {
  PyErr_Format(PyExc_RuntimeError, "%s(): symbol is not exported by the loaded library", fn);
  return 0;
}
`;
