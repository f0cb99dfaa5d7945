// Names of the cpython target: Python class, constant and result-tuple names come from the ctypes
// target's PyNames (so both modules spell the surface alike); C helper names (`omb_` prefix) for
// type objects, converters and wrappers are made here.

import type { IrModule, RecordDecl } from "../../ir/types.js";
import { DeclIndex as CDeclIndex } from "../common/cdecl.js";
import type { CompiledFn } from "../common/compiled-plan.js";
import { fmtPyAttr, fmtPyModuleStem } from "../common/python-names.js";
import { isOutRole } from "../common/node-signature.js";
import { fieldNames, PyNames } from "../ctypes/names.js";

function cIdent(name: string): string {
  return name.replace(/\W/g, "_");
}

export class CpyNames {
  readonly py: PyNames;
  /** Import name of the extension: `<stem>_cpython`. */
  readonly module: string;

  constructor(ir: IrModule, moduleName: string) {
    this.py = new PyNames(ir, new CDeclIndex(ir));
    this.module = `${fmtPyModuleStem(moduleName)}_cpython`;
  }

  /** Python class of a record, enum or handle. */
  pyType(id: string): string {
    return this.py.type(id);
  }

  /** Python attribute names of a record's members (as the ctypes target names them). */
  fields(rec: RecordDecl): string[] {
    return fieldNames(rec);
  }

  /** Fields of a function's result tuple: `result` (unless void), then its outs (ctypes' rule). */
  resultFields(f: CompiledFn, returnsVoid: boolean): string[] {
    const out = returnsVoid ? [] : ["result"];
    for (const p of f.params) {
      if (!isOutRole(p.role) || p.role.role === "outCallerArray") continue;
      const name = p.param.name ? fmtPyAttr(p.param.name) : `arg${p.index}`;
      out.push(name === "count" || name === "index" || name === "result" || name.startsWith("_") ? `${name}_` : name);
    }
    return out;
  }

  /** `PyTypeObject *` variable of a handle type. */
  handleType(cName: string): string {
    return `omb_handle_${cIdent(cName)}`;
  }

  /** `PyTypeObject *` variable of a record's structseq type. */
  recordType(rec: RecordDecl): string {
    return `omb_rec_${cIdent(rec.name)}`;
  }

  /** `PyTypeObject *` variable of a function's result structseq type. */
  resultType(cName: string): string {
    return `omb_res_${cIdent(cName)}`;
  }

  fromRecord(rec: RecordDecl): string {
    return `omb_from_${cIdent(rec.name)}`;
  }

  toRecord(rec: RecordDecl): string {
    return `omb_to_${cIdent(rec.name)}`;
  }

  wrapper(cName: string): string {
    return `omb_w_${cName}`;
  }

  /** `omb_release_fn` that frees an OwnedArray with the C free function `cName`. */
  releaser(cName: string): string {
    return `omb_release_${cName}`;
  }

  member(cName: string): string {
    return `f_${cName}`;
  }
}
