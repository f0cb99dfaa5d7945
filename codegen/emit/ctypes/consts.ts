// Enums and macros → Python: each named enum an `IntEnum` class plus one plain module
// constant per enumerator; each evaluated macro a constant (int, float or str). The same
// rows render the `.py` values and the `.pyi` declarations.

import type { ConstDecl, EnumDecl } from "../../ir/types.js";
import type { CodeWriter } from "../common/writer.js";
import type { PyNames } from "./names.js";

function pyString(text: string): string {
  return JSON.stringify(text).replace(/\\u2028/g, "\\u2028").replace(/\\u2029/g, "\\u2029");
}

function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : 'float("-inf")';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** A constant's Python literal and its stub type. */
function constValue(c: ConstDecl): { literal: string; type: string } {
  switch (c.value.kind) {
    case "int":
      return { literal: c.value.value, type: "int" };
    case "float":
      return { literal: pyFloat(c.value.value), type: "float" };
    case "string":
      return { literal: pyString(c.value.value), type: "str" };
  }
}

export function emitEnumsPy(w: CodeWriter, enums: EnumDecl[], names: PyNames): void {
  for (const e of enums) {
    if (!e.anonymous && e.constants.length > 0) {
      w.block(`class ${names.type(e.id)}(enum.IntEnum):`, "", () => {
        if (e.doc?.text) w.line(`"""${e.doc.text.replace(/"""/g, "'''")}"""`);
        for (const c of e.constants) w.line(`${c.name} = ${c.value}`);
      });
      w.blank();
    }
    for (const c of e.constants) w.line(`${names.enumConst(e.id, c.name)}: int = ${c.value}`);
    w.blank();
  }
}

export function emitEnumsPyi(w: CodeWriter, enums: EnumDecl[], names: PyNames): void {
  for (const e of enums) {
    if (!e.anonymous && e.constants.length > 0) {
      w.block(`class ${names.type(e.id)}(enum.IntEnum):`, "", () => {
        for (const c of e.constants) w.line(`${c.name} = ${c.value}`);
      });
      w.blank();
    }
    for (const c of e.constants) w.line(`${names.enumConst(e.id, c.name)}: int`);
    w.blank();
  }
}

export function emitConstsPy(w: CodeWriter, consts: ConstDecl[], names: PyNames): void {
  for (const c of consts) {
    const v = constValue(c);
    w.line(`${names.constant(c.name)}: ${v.type} = ${v.literal}`);
  }
  w.blank();
}

export function emitConstsPyi(w: CodeWriter, consts: ConstDecl[], names: PyNames): void {
  for (const c of consts) w.line(`${names.constant(c.name)}: ${constValue(c).type}`);
  w.blank();
}
