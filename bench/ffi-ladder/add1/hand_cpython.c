/* hand_cpython.c: the hand-written CPython baseline of the FFI overhead ladder. A METH_O
 * function add1(x) with the contract of omendb-bindgen's cpython target (an int in range in,
 * TypeError / OverflowError otherwise, an int out), linked to libadd1.so. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "add1.h"

static PyObject *add1_py(PyObject *self, PyObject *arg) {
  (void)self;
  if (!PyLong_Check(arg)) {
    PyErr_SetString(PyExc_TypeError, "add1(): x must be an int");
    return NULL;
  }
  long long x = PyLong_AsLongLong(arg);
  if (x == -1 && PyErr_Occurred()) return NULL;
  return PyLong_FromLongLong(add1(x));
}

static PyMethodDef methods[] = {
    {"add1", add1_py, METH_O, "add1(x): x + 1."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "hand_add1", "Hand-written METH_O baseline.", -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit_hand_add1(void) { return PyModule_Create(&module); }
