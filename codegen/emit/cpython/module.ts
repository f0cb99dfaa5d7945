// The module-level C of the CPython extension: the Library type (function pointers resolved with
// dlsym at `load()`), handle/record/result types, `load(path=None)` (argument, $<NAME>_LIBRARY_PATH,
// or the IR's lib beside the module), the ABI check, constants and IntEnums, and PyInit.

import type { ConstDecl, IrModule } from "../../ir/types.js";
import { cStringLiteral } from "../common/cdecl.js";
import type { CompiledModule } from "../common/compiled-plan.js";
import { fmtLibraryEnvVar } from "../common/python-names.js";
import type { CodeWriter } from "../common/writer.js";
import { methFlag, returnedParams, returnsVoid } from "./functions.js";
import type { CpyNames } from "./names.js";

/** The Library struct and the handle / result type variables (before the wrappers). */
export function emitDeclarations(w: CodeWriter, mod: CompiledModule, names: CpyNames): void {
  w.blank();
  w.block("typedef struct {", "} omb_library;", () => {
    w.line("PyObject_HEAD");
    w.line("void *dl;");
    for (const f of mod.functions) if (!f.fn.inline) w.line(`__typeof__(&${f.fn.name}) ${names.member(f.fn.name)};`);
  });
  for (const h of mod.handles) w.line(`static PyTypeObject *${names.handleType(h)};`);
  for (const f of mod.functions) if (returnedParams(f).length > 0) w.line(`static PyTypeObject *${names.resultType(f.fn.name)};`);
  w.line("static PyTypeObject *omb_library_type;");
}

/** C expression creating the Python value of a constant. */
function constValue(d: ConstDecl): string {
  const v = d.value;
  if (v.kind === "int") return `PyLong_FromString(${JSON.stringify(v.value)}, NULL, 10)`;
  if (v.kind === "string") return `PyUnicode_FromString(${cStringLiteral(v.value)})`;
  if (Number.isNaN(v.value)) return "PyFloat_FromDouble(Py_NAN)";
  if (!Number.isFinite(v.value)) return `PyFloat_FromDouble(${v.value > 0 ? "" : "-"}Py_HUGE_VAL)`;
  return `PyFloat_FromDouble(${Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value)})`;
}

/** Method table, type specs, `load` and PyInit. */
export function emitModule(w: CodeWriter, ir: IrModule, mod: CompiledModule, names: CpyNames, abi: { fn: string; expected: string } | undefined): void {
  w.blank();
  w.block("static PyMethodDef omb_library_methods[] = {", "};", () => {
    for (const f of mod.functions) {
      const flag = methFlag(f);
      const cast = flag === "METH_FASTCALL" ? `(PyCFunction)(void (*)(void))${names.wrapper(f.fn.name)}` : names.wrapper(f.fn.name);
      w.line(`{${JSON.stringify(f.fn.name)}, ${cast}, ${flag}, ${cStringLiteral(`Calls ${f.fn.name}.`)}},`);
    }
    w.line("{NULL, NULL, 0, NULL},");
  });
  w.blank();
  w.block("static PyType_Slot omb_library_slots[] = {", "};", () => {
    w.line('{Py_tp_doc, (void *)"The functions of the loaded library; names are the C names."},');
    w.line("{Py_tp_methods, omb_library_methods},");
    w.line("{0, NULL},");
  });
  w.line(`static PyType_Spec omb_library_spec = {"${names.module}.Library", sizeof(omb_library), 0, Py_TPFLAGS_DEFAULT, omb_library_slots};`);
  w.blank();
  // Without handle types nothing reads the slots; the attribute keeps -Werror (unused-variable) quiet.
  const unusedAttr = mod.handles.length === 0 ? " __attribute__((unused))" : "";
  w.block(`static PyType_Slot omb_handle_slots[]${unusedAttr} = {`, "};", () => {
    w.line("{Py_tp_getset, omb_handle_getset},");
    w.line("{0, NULL},");
  });
  w.line(`static PyType_Spec omb_owned_spec = {"${names.module}.OwnedArray", sizeof(omb_owned), 0, Py_TPFLAGS_DEFAULT, omb_owned_slots};`);
  for (const h of mod.handles) {
    w.line(`static PyType_Spec omb_spec_${h.replace(/\W/g, "_")} = {"${names.module}.${names.pyType(`struct:${h}`)}", sizeof(omb_handle), 0, Py_TPFLAGS_DEFAULT, omb_handle_slots};`);
  }
  for (const r of mod.records) {
    const fields = names.fields(r.rec);
    const v = names.recordType(r.rec).slice("omb_rec_".length);
    w.line(`static PyStructSequence_Field omb_fields_${v}[] = {${fields.map((f) => `{"${f}", NULL}, `).join("")}{NULL, NULL}};`);
    w.line(`static PyStructSequence_Desc omb_desc_${v} = {"${names.module}.${names.pyType(r.rec.id)}", NULL, omb_fields_${v}, ${fields.length}};`);
  }
  for (const f of mod.functions) {
    if (returnedParams(f).length === 0) continue;
    const fields = names.resultFields(f, returnsVoid(f));
    w.line(`static PyStructSequence_Field omb_rfields_${f.fn.name}[] = {${fields.map((x) => `{"${x}", NULL}, `).join("")}{NULL, NULL}};`);
    w.line(`static PyStructSequence_Desc omb_rdesc_${f.fn.name} = {"${names.module}.${names.py.resultTuple(f.fn.name)}", NULL, omb_rfields_${f.fn.name}, ${fields.length}};`);
  }
  emitLoad(w, ir, mod, names, abi);
  emitInit(w, ir, mod, names);
}

function emitLoad(w: CodeWriter, ir: IrModule, mod: CompiledModule, names: CpyNames, abi: { fn: string; expected: string } | undefined): void {
  const relative = ir.lib.includes("/");
  w.blank();
  w.block("static PyObject *omb_load(PyObject *module, PyObject *args, PyObject *kw) {", "}", () => {
    w.line('static char *kwlist[] = {"path", NULL};');
    w.line("PyObject *path = Py_None;");
    w.line("PyObject *fspath = NULL;");
    w.line('if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:load", kwlist, &path)) return NULL;');
    w.line(`const char *env = getenv(${JSON.stringify(fmtLibraryEnvVar(ir.name))});`);
    w.block("if (path != Py_None) {", "}", () => {
      w.line("if (!PyUnicode_FSConverter(path, &fspath)) return NULL;");
    });
    w.line('else if (env != NULL && env[0] != \'\\0\') fspath = PyBytes_FromString(env);');
    if (relative) {
      w.block("else {", "}", () => {
        w.line("PyObject *file = PyModule_GetFilenameObject(module);");
        w.line("PyObject *fileBytes = NULL;");
        w.line("if (file == NULL || !PyUnicode_FSConverter(file, &fileBytes)) { Py_XDECREF(file); return NULL; }");
        w.line("Py_DECREF(file);");
        w.line("const char *f = PyBytes_AS_STRING(fileBytes);");
        w.line("const char *slash = strrchr(f, '/');");
        w.line('fspath = PyBytes_FromStringAndSize(slash != NULL ? f : ".", slash != NULL ? (Py_ssize_t)(slash - f) : 1);');
        w.line(`if (fspath != NULL) PyBytes_ConcatAndDel(&fspath, PyBytes_FromString("/" ${cStringLiteral(ir.lib)}));`);
        w.line("Py_DECREF(fileBytes);");
      });
    } else {
      w.line(`else fspath = PyBytes_FromString(${cStringLiteral(ir.lib)});`);
      w.line("(void)module; /* only a library path relative to the module reads it */");
    }
    w.line("if (fspath == NULL) return NULL;");
    w.line("void *dl = dlopen(PyBytes_AS_STRING(fspath), RTLD_NOW | RTLD_LOCAL);");
    w.line('if (dl == NULL) { PyErr_Format(PyExc_OSError, "cannot load library %s: %s", PyBytes_AS_STRING(fspath), dlerror()); Py_DECREF(fspath); return NULL; }');
    w.line("Py_DECREF(fspath);");
    w.line("/* The library stays loaded: handles may outlive this object. */");
    w.line("omb_library *L = PyObject_New(omb_library, omb_library_type);");
    w.line("if (L == NULL) return NULL;");
    w.line("L->dl = dl;");
    for (const f of mod.functions) {
      if (!f.fn.inline) w.line(`L->${names.member(f.fn.name)} = (__typeof__(L->${names.member(f.fn.name)}))dlsym(dl, ${JSON.stringify(f.fn.name)});`);
    }
    if (abi !== undefined) {
      const fnExpr = mod.index.functionNamed(abi.fn)?.inline ? abi.fn : `L->${names.member(abi.fn)}`;
      w.block(`if (${fnExpr.startsWith("L->") ? `${fnExpr} != NULL` : "1"}) {`, "}", () => {
        w.line(`unsigned long long got = (unsigned long long)${fnExpr}();`);
        w.line(`unsigned long long want = ${abi.expected}ULL;`);
        w.line(
          'if (got != want) { PyErr_Format(PyExc_ImportError, "library ABI hash 0x%llx does not match header 0x%llx; rebuild the library or regenerate the bindings", got, want); Py_DECREF(L); return NULL; }',
        );
      });
    }
    w.line("return (PyObject *)L;");
  });
  w.blank();
  w.block("static PyMethodDef omb_module_methods[] = {", "};", () => {
    w.line(`{"load", (PyCFunction)(void (*)(void))omb_load, METH_VARARGS | METH_KEYWORDS, ${cStringLiteral(`load(path=None): open ${ir.lib} (or $${fmtLibraryEnvVar(ir.name)}) and return its Library.`)}},`);
    w.line("{NULL, NULL, 0, NULL},");
  });
}

function emitInit(w: CodeWriter, ir: IrModule, mod: CompiledModule, names: CpyNames): void {
  w.blank();
  w.line(`static struct PyModuleDef omb_module = {PyModuleDef_HEAD_INIT, "${names.module}", ${cStringLiteral(`Compiled bindings of ${ir.inputs.join(", ")}.`)}, -1, omb_module_methods, NULL, NULL, NULL, NULL};`);
  w.blank();
  w.line("/* Adds obj (a new reference, NULL on failure) to the module as name. */");
  w.block("static int omb_add(PyObject *m, const char *name, PyObject *obj) {", "}", () => {
    w.line("if (obj == NULL) return 0;");
    w.line("if (PyModule_AddObject(m, name, obj) != 0) { Py_DECREF(obj); return 0; }");
    w.line("return 1;");
  });
  w.blank();
  w.block(`PyMODINIT_FUNC PyInit_${names.module}(void) {`, "}", () => {
    w.line("PyObject *m = PyModule_Create(&omb_module);");
    w.line("PyObject *enumModule = NULL;");
    w.line("if (m == NULL) return NULL;");
    w.line("omb_owned_type = (PyTypeObject *)PyType_FromSpec(&omb_owned_spec);");
    w.line('if (omb_owned_type == NULL || !omb_add(m, "OwnedArray", (Py_INCREF(omb_owned_type), (PyObject *)omb_owned_type))) goto fail;');
    w.line("omb_library_type = (PyTypeObject *)PyType_FromSpec(&omb_library_spec);");
    w.line('if (omb_library_type == NULL || !omb_add(m, "Library", (Py_INCREF(omb_library_type), (PyObject *)omb_library_type))) goto fail;');
    for (const h of mod.handles) {
      const v = names.handleType(h);
      w.line(`${v} = (PyTypeObject *)PyType_FromSpec(&omb_spec_${h.replace(/\W/g, "_")});`);
      w.line(`if (${v} == NULL || !omb_add(m, "${names.pyType(`struct:${h}`)}", (Py_INCREF(${v}), (PyObject *)${v}))) goto fail;`);
    }
    for (const r of mod.records) {
      const v = names.recordType(r.rec);
      w.line(`${v} = PyStructSequence_NewType(&omb_desc_${v.slice("omb_rec_".length)});`);
      w.line(`if (${v} == NULL || !omb_add(m, "${names.pyType(r.rec.id)}", (Py_INCREF(${v}), (PyObject *)${v}))) goto fail;`);
    }
    for (const f of mod.functions) {
      if (returnedParams(f).length === 0) continue;
      const v = names.resultType(f.fn.name);
      w.line(`${v} = PyStructSequence_NewType(&omb_rdesc_${f.fn.name});`);
      w.line(`if (${v} == NULL || !omb_add(m, "${names.py.resultTuple(f.fn.name)}", (Py_INCREF(${v}), (PyObject *)${v}))) goto fail;`);
    }
    for (const d of ir.decls) if (d.kind === "const") w.line(`if (!omb_add(m, "${names.py.constant(d.name)}", ${constValue(d)})) goto fail;`);
    const enums = ir.decls.filter((d) => d.kind === "enum");
    if (enums.length > 0) {
      w.line('enumModule = PyImport_ImportModule("enum");');
      w.line("if (enumModule == NULL) goto fail;");
    }
    for (const d of enums) {
      if (d.kind !== "enum") continue;
      for (const c of d.constants) w.line(`if (!omb_add(m, "${names.py.enumConst(d.id, c.name)}", PyLong_FromString("${c.value}", NULL, 10))) goto fail;`);
      if (d.anonymous) continue;
      w.block("{", "}", () => {
        w.line(`PyObject *members = PyList_New(${d.constants.length});`);
        w.line("if (members == NULL) goto fail;");
        d.constants.forEach((c, i) => w.line(`PyList_SET_ITEM(members, ${i}, Py_BuildValue("(sN)", "${c.name}", PyLong_FromString("${c.value}", NULL, 10)));`));
        w.line(`PyObject *cls = PyObject_CallMethod(enumModule, "IntEnum", "sO", "${names.pyType(d.id)}", members);`);
        w.line("Py_DECREF(members);");
        w.line(`if (cls == NULL || PyObject_SetAttrString(cls, "__module__", PyModule_GetNameObject(m)) != 0 || !omb_add(m, "${names.pyType(d.id)}", cls)) goto fail;`);
      });
    }
    w.line(`if (!omb_add(m, "LIBRARY", PyUnicode_FromString(${cStringLiteral(ir.lib)}))) goto fail;`);
    w.line(`if (!omb_add(m, "ENV_VAR", PyUnicode_FromString("${fmtLibraryEnvVar(ir.name)}"))) goto fail;`);
    w.line("Py_XDECREF(enumModule);");
    w.line("return m;");
    w.line("fail:");
    w.line("Py_XDECREF(enumModule);");
    w.line("Py_DECREF(m);");
    w.line("return NULL;");
  });
}
