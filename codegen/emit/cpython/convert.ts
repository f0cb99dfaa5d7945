// C conversion snippets of the CPython extension: Python object → C value (prelude checks, then
// the caller's failure statement) and C value → new reference expressions, per value shape; and
// the record converters (object/tuple/dict → struct, struct → structseq).

import type { IntType } from "../../ir/types.js";
import { cElemType, type CRecordPlan, type NumericElem, type ValueShape } from "../common/compiled-plan.js";
import type { CodeWriter } from "../common/writer.js";
import type { CpyNames } from "./names.js";

export interface ConvSite {
  fn: string;
  arg: string;
  fail: string;
}

const LIMITS: Record<number, [string, string, string]> = {
  1: ["INT8_MIN", "INT8_MAX", "UINT8_MAX"],
  2: ["INT16_MIN", "INT16_MAX", "UINT16_MAX"],
  4: ["INT32_MIN", "INT32_MAX", "UINT32_MAX"],
  8: ["INT64_MIN", "INT64_MAX", "UINT64_MAX"],
};

function limits(int: IntType): [string, string, string] {
  const l = LIMITS[int.size];
  if (!l) throw new Error(`internal: no limits for ${int.size}-byte integers`);
  return l;
}

/**
 * Writes the conversion of Python object `py` into the C lvalue `target`. A nullable handle takes
 * None as NULL; with `rejectClosed` (None allowed by the module rule, not by a `@nullable` tag) a
 * closed handle is still an error rather than a silent NULL.
 */
export function emitGetValue(w: CodeWriter, shape: ValueShape, py: string, target: string, site: ConvSite, names: CpyNames, nullable = false, rejectClosed = false): void {
  switch (shape.kind) {
    case "int": {
      const [min, max, umax] = limits(shape.int);
      if (shape.int.signed) w.line(`{ int64_t t; if (!omb_get_i64(${py}, ${min}, ${max}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      else w.line(`{ uint64_t t; if (!omb_get_u64(${py}, ${umax}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      return;
    }
    case "float":
      w.line(`{ double t; if (!omb_get_f64(${py}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      return;
    case "bool":
      w.line(`{ bool t; if (!omb_get_bool(${py}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = t; }`);
      return;
    case "pointer":
    case "callback":
      w.line(`{ void *t; if (!omb_get_ptr(${py}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      return;
    case "handle": {
      const expect = JSON.stringify(`must be ${names.pyType(`struct:${shape.name}`)}${nullable ? " or None" : ""}`);
      w.line(
        `{ omb_handle *b; void *t; if (!omb_get_handle(${py}, ${names.handleType(shape.name)}, ${nullable ? 1 : 0}, &b, &t, ${site.fn}, ${site.arg}, ${expect})) ${site.fail}${closedGuard(nullable && rejectClosed, site)} ${target} = (__typeof__(${target}))t; }`,
      );
      return;
    }
    case "record":
      w.line(`if (!${names.fromRecord(shape.rec)}(${py}, &${target}, ${site.fn}, ${site.arg})) ${site.fail}`);
      return;
    case "string":
      w.line(`{ const char *t; if (!omb_get_str(${py}, ${nullable ? 1 : 0}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      return;
    case "void":
      throw new Error("internal: emitGetValue on void");
  }
}

/** C expression giving a new reference for C value `expr` (NULL with an exception on failure). */
export function newValue(shape: ValueShape, expr: string, names: CpyNames): string {
  switch (shape.kind) {
    case "void":
      return "(Py_INCREF(Py_None), Py_None)";
    case "int":
      if (shape.int.size === 8) return shape.int.signed ? `PyLong_FromLongLong(${expr})` : `PyLong_FromUnsignedLongLong(${expr})`;
      return shape.int.signed ? `PyLong_FromLong(${expr})` : `PyLong_FromUnsignedLong(${expr})`;
    case "float":
      return `PyFloat_FromDouble(${expr})`;
    case "bool":
      return `omb_new_bool(${expr})`;
    case "string":
      return `omb_new_str(${expr})`;
    case "handle":
      return `omb_new_handle((void *)${expr}, ${names.handleType(shape.name)})`;
    case "pointer":
    case "callback":
      return `omb_new_ptr((const void *)${expr})`;
    case "record":
      return `${names.toRecord(shape.rec)}(&${expr})`;
  }
}

/** `array` typecode and the buffer format codes accepted for an element. */
export function elemCodes(e: NumericElem): { typecode: string; formats: string } {
  if (e.type.kind === "float") return e.type.size === 4 ? { typecode: "f", formats: "f" } : { typecode: "d", formats: "d" };
  const codes: Record<number, [string, string]> = { 1: ["b", "B"], 2: ["h", "H"], 4: ["i", "I"], 8: ["q", "Q"] };
  const [s, u] = codes[e.type.size] ?? ["B", "B"];
  const typecode = e.type.signed ? s : u;
  const formats = e.type.size === 8 ? (e.type.signed ? "ql" : "QL") : e.type.size === 1 ? (e.type.signed ? "b" : "Bc") : typecode;
  return { typecode, formats };
}

/** Prototypes, then converters of every planned record. */
export function emitRecordConverters(w: CodeWriter, records: readonly CRecordPlan[], names: CpyNames): void {
  if (records.length === 0) return;
  w.blank();
  for (const r of records) {
    w.line(`static PyTypeObject *${names.recordType(r.rec)};`);
    w.line(`OMB_FN int ${names.fromRecord(r.rec)}(PyObject *o, ${r.cType} *out, const char *fn, const char *arg);`);
    w.line(`OMB_FN PyObject *${names.toRecord(r.rec)}(const ${r.cType} *in);`);
  }
  for (const r of records) {
    emitFrom(w, r, names);
    emitTo(w, r, names);
  }
}

function emitFrom(w: CodeWriter, r: CRecordPlan, names: CpyNames): void {
  const pyFields = names.fields(r.rec);
  w.blank();
  w.block(`OMB_FN int ${names.fromRecord(r.rec)}(PyObject *o, ${r.cType} *out, const char *fn, const char *arg) {`, "}", () => {
    w.line("PyObject *v = NULL;");
    w.line("int ok = 0;");
    w.line("memset(out, 0, sizeof *out);");
    r.fields.forEach(({ name, field }, i) => {
      const member = `out->${name}`;
      const argLit = JSON.stringify(pyFields[i] ?? name);
      w.line(`Py_XDECREF(v);`);
      w.line(`v = omb_member(o, ${i}, ${r.fields.length}, ${argLit}, fn, arg);`);
      w.line("if (v == NULL) goto done;");
      const site = { fn: "fn", arg: argLit, fail: "goto done;" };
      switch (field.kind) {
        case "scalar":
          if (field.shape.kind === "string") w.line(`{ void *t; if (!omb_get_ptr(v, &t, fn, ${argLit})) goto done; ${member} = (__typeof__(${member}))t; }`);
          else emitGetValue(w, field.shape, "v", member, site, names, true);
          break;
        case "record":
          w.line(`if (!${names.fromRecord(field.rec)}(v, &${member}, fn, ${argLit})) goto done;`);
          break;
        case "text":
          w.line(`{ const char *s; if (!omb_get_str(v, 0, &s, fn, ${argLit})) goto done; size_t n = strlen(s);`);
          w.line(`  if (n >= sizeof ${member}) { omb_fail(PyExc_ValueError, fn, ${argLit}, "is too long"); goto done; } memcpy(${member}, s, n); }`);
          break;
        case "numArray":
        case "recordArray":
          w.block("{", "}", () => {
            w.line(`PyObject *seq = PySequence_Fast(v, "${pyFields[i] ?? name} must be a sequence");`);
            w.line("if (seq == NULL) goto done;");
            w.line("Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);");
            w.line(`if (n > ${field.length}) { Py_DECREF(seq); omb_fail(PyExc_ValueError, fn, ${argLit}, "has too many elements"); goto done; }`);
            w.block("for (Py_ssize_t k = 0; k < n; k++) {", "}", () => {
              const item = "PySequence_Fast_GET_ITEM(seq, k)";
              const fail = "{ Py_DECREF(seq); goto done; }";
              if (field.kind === "recordArray") w.line(`if (!${names.fromRecord(field.rec)}(${item}, &${member}[k], fn, ${argLit})) ${fail}`);
              else emitGetValue(w, field.elem.type.kind === "float" ? { kind: "float", float: field.elem.type } : { kind: "int", int: field.elem.type, wide: field.elem.wide }, item, `${member}[k]`, { ...site, fail }, names);
            });
            w.line("Py_DECREF(seq);");
          });
          break;
      }
    });
    w.line("ok = 1;");
    w.line("done:");
    w.line("Py_XDECREF(v);");
    w.line("return ok;");
  });
}

function emitTo(w: CodeWriter, r: CRecordPlan, names: CpyNames): void {
  w.blank();
  w.block(`OMB_FN PyObject *${names.toRecord(r.rec)}(const ${r.cType} *in) {`, "}", () => {
    w.line(`PyObject *vals[${r.fields.length}];`);
    r.fields.forEach(({ name, field }, i) => {
      const member = `in->${name}`;
      switch (field.kind) {
        case "scalar":
          w.line(`vals[${i}] = ${field.shape.kind === "string" ? `omb_new_str(${member})` : newValue(field.shape, member, names)};`);
          break;
        case "record":
          w.line(`vals[${i}] = ${names.toRecord(field.rec)}(&${member});`);
          break;
        case "text":
          w.line(`vals[${i}] = PyUnicode_DecodeUTF8(${member}, (Py_ssize_t)strnlen(${member}, sizeof ${member}), "replace");`);
          break;
        case "numArray":
        case "recordArray":
          w.block("{", "}", () => {
            w.line(`PyObject *l = PyList_New(${field.length});`);
            w.block(`for (Py_ssize_t k = 0; l != NULL && k < ${field.length}; k++) {`, "}", () => {
              const item =
                field.kind === "recordArray"
                  ? `${names.toRecord(field.rec)}(&${member}[k])`
                  : newValue(field.elem.type.kind === "float" ? { kind: "float", float: field.elem.type } : { kind: "int", int: field.elem.type, wide: field.elem.wide }, `${member}[k]`, names);
              w.line(`PyObject *e = ${item};`);
              w.line("if (e == NULL) { Py_CLEAR(l); break; }");
              w.line("PyList_SET_ITEM(l, k, e);");
            });
            w.line(`vals[${i}] = l;`);
          });
          break;
      }
    });
    w.line(`return omb_new_struct(${names.recordType(r.rec)}, vals, ${r.fields.length});`);
  });
}

export { cElemType };

/** Fails on a closed handle (box present, pointer NULL) when None is allowed only by the module rule. */
export function closedGuard(active: boolean, site: ConvSite): string {
  return active ? ` if (b != NULL && t == NULL) { omb_fail(PyExc_ValueError, ${site.fn}, ${site.arg}, "is a closed handle"); ${site.fail} }` : "";
}
