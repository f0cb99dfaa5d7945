// The fixed C prelude of every generated CPython extension: argument checks raising TypeError /
// OverflowError / ValueError (never crashing), int conversions with range checks, str/bytes in,
// buffer-protocol views (zero-copy), raw pointers as int, the handle object type, and OwnedArray
// (library-owned arrays handed out zero-copy, freed on collection).

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

/* A new structseq of type t with n items stolen from vals (NULL items: failure, all released).
   Allocated as PyStructSequence_New does, minus its two lookups of the field counts in the type's
   dict (a third of the cost of a small result): every structseq type made here has all n fields
   in the sequence, so n is both counts. */
OMB_FN PyObject *omb_new_struct(PyTypeObject *t, PyObject **vals, Py_ssize_t n) {
  PyObject *r = NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    if (vals[i] == NULL) goto fail;
  }
  r = (PyObject *)PyObject_GC_NewVar(PyStructSequence, t, n);
  if (r == NULL) goto fail;
  for (Py_ssize_t i = 0; i < n; i++) PyStructSequence_SET_ITEM(r, i, vals[i]);
  return r;
fail:
  for (Py_ssize_t i = 0; i < n; i++) Py_XDECREF(vals[i]);
  return NULL;
}

/* OwnedArray: a library-owned array shared zero-copy through the buffer protocol (1-D, C-contiguous,
   writable: the caller owns it until freed). The free function runs when the last reference goes;
   every buffer export (memoryview, numpy array) holds a reference, so no view outlives the memory. */
typedef void (*omb_release_fn)(PyObject *lib, void *ptr, size_t count);

typedef struct {
  PyObject_HEAD
  void *ptr;
  Py_ssize_t shape[1];
  Py_ssize_t itemsize;
  const char *format;
  omb_release_fn release;
  PyObject *lib;
} omb_owned;

static PyTypeObject *omb_owned_type;

/* Takes ownership of ptr (count items); release(lib, ptr, count) frees it. On failure frees it now. */
OMB_FN PyObject *omb_new_owned(void *ptr, size_t count, Py_ssize_t itemsize, const char *format, omb_release_fn release, PyObject *lib) {
  omb_owned *o = PyObject_New(omb_owned, omb_owned_type);
  if (o == NULL) {
    release(lib, ptr, count);
    return NULL;
  }
  o->ptr = ptr;
  o->shape[0] = (Py_ssize_t)count;
  o->itemsize = itemsize;
  o->format = format;
  o->release = release;
  Py_INCREF(lib);
  o->lib = lib;
  return (PyObject *)o;
}

OMB_FN void omb_owned_dealloc(PyObject *self) {
  omb_owned *o = (omb_owned *)self;
  PyTypeObject *type = Py_TYPE(self);
  o->release(o->lib, o->ptr, (size_t)o->shape[0]);
  Py_DECREF(o->lib);
  PyObject_Free(self);
  Py_DECREF(type);
}

OMB_FN int omb_owned_getbuffer(PyObject *self, Py_buffer *view, int flags) {
  omb_owned *o = (omb_owned *)self;
  Py_INCREF(self);
  view->buf = o->ptr;
  view->obj = self;
  view->len = o->shape[0] * o->itemsize;
  view->readonly = 0;
  view->itemsize = o->itemsize;
  view->format = (flags & PyBUF_FORMAT) == PyBUF_FORMAT ? (char *)o->format : NULL;
  view->ndim = 1;
  view->shape = (flags & PyBUF_ND) == PyBUF_ND ? o->shape : NULL;
  view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? &o->itemsize : NULL;
  view->suboffsets = NULL;
  view->internal = NULL;
  return 0;
}

OMB_FN Py_ssize_t omb_owned_len(PyObject *self) {
  return ((omb_owned *)self)->shape[0];
}

/* Item i as int or float, by the struct format code of the elements. */
OMB_FN PyObject *omb_owned_item(PyObject *self, Py_ssize_t i) {
  omb_owned *o = (omb_owned *)self;
  if (i < 0 || i >= o->shape[0]) {
    PyErr_SetString(PyExc_IndexError, "OwnedArray index out of range");
    return NULL;
  }
  const char *p = (const char *)o->ptr + i * o->itemsize;
  switch (o->format[0]) {
    case 'b': return PyLong_FromLong(*(const int8_t *)p);
    case 'B': return PyLong_FromLong(*(const uint8_t *)p);
    case 'h': return PyLong_FromLong(*(const int16_t *)p);
    case 'H': return PyLong_FromLong(*(const uint16_t *)p);
    case 'i': return PyLong_FromLong(*(const int32_t *)p);
    case 'I': return PyLong_FromUnsignedLong(*(const uint32_t *)p);
    case 'q': return PyLong_FromLongLong(*(const int64_t *)p);
    case 'Q': return PyLong_FromUnsignedLongLong(*(const uint64_t *)p);
    case 'f': return PyFloat_FromDouble(*(const float *)p);
    default: return PyFloat_FromDouble(*(const double *)p);
  }
}

OMB_FN PyObject *omb_owned_address(PyObject *self, void *closure) {
  (void)closure;
  return PyLong_FromVoidPtr(((omb_owned *)self)->ptr);
}

static PyGetSetDef omb_owned_getset[] = {
  {"address", omb_owned_address, NULL, "Address of the first element (the library's own memory).", NULL},
  {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot omb_owned_slots[] = {
  {Py_tp_doc, (void *)"A library-owned array shared zero-copy (buffer protocol); freed when the last reference goes."},
  {Py_tp_dealloc, (void *)omb_owned_dealloc},
  {Py_tp_getset, omb_owned_getset},
  {Py_bf_getbuffer, (void *)omb_owned_getbuffer},
  {Py_sq_length, (void *)omb_owned_len},
  {Py_sq_item, (void *)omb_owned_item},
  {0, NULL},
};

OMB_FN int omb_missing_symbol(const char *fn) {
  PyErr_Format(PyExc_RuntimeError, "%s(): symbol is not exported by the loaded library", fn);
  return 0;
}
`;
