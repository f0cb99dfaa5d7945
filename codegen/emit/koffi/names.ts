// Names of everything the koffi module declares: exported types and values (one Scope, so a
// type and a value never collide), private koffi type variables (`_t_`, `_p_`), raw bindings
// (`_f_`) and per-function locals. Implements TsNaming for the shared TS type rendering.

import type { RecordDecl } from "../../ir/types.js";
import type { ValueShape } from "../common/node-signature.js";
import type { TsNaming } from "../common/node-types.js";
import { fmtIdentifier, fmtPascal, Scope } from "../common/ts-names.js";

/** Module-level names the emitter itself uses. */
export const FIXED_NAMES = ["load", "koffi", "Pointer", "VarArg", "KoffiTypeSpec", "LIBRARY_ENV", "koffiTypes", "fileURLToPath", "TypeObject"];

export class KoffiNames implements TsNaming {
  readonly pointer = "Pointer";
  readonly exports: Scope;
  readonly libraryInterface: string;
  /** Callback JS types by typedef name, filled by the callbacks module. */
  readonly callbackTypes = new Map<string, string>();

  constructor(moduleName: string) {
    this.libraryInterface = `${fmtPascal(moduleName)}Library`;
    this.exports = new Scope([...FIXED_NAMES, this.libraryInterface]);
  }

  handle(cName: string): string {
    return this.exports.claim(`handle:${cName}`, cName);
  }

  record(rec: RecordDecl, input: boolean): string {
    const base = this.exports.claim(rec.id, rec.name);
    const inputName = this.exports.lookup(`${rec.id}#input`);
    return input && inputName !== undefined ? inputName : base;
  }

  /** Claims the separate input interface name of a record whose input shape differs. */
  claimRecordInput(rec: RecordDecl): string {
    return this.exports.claim(`${rec.id}#input`, `${this.record(rec, false)}Input`);
  }

  enumType(cName: string): string {
    return this.exports.claim(`enum:${cName}`, cName);
  }

  callback(shape: Extract<ValueShape, { kind: "callback" }>): string | undefined {
    return shape.typedef !== undefined ? this.callbackTypes.get(shape.typedef) : undefined;
  }

  /** Private koffi type object of a record. */
  recordVar(rec: RecordDecl): string {
    return `_t_${rec.name.replace(/\W/g, "_")}`;
  }

  /** Private koffi prototype of a callback typedef. */
  protoVar(typedef: string): string {
    return `_p_${typedef.replace(/\W/g, "_")}`;
  }

  /** Private decoder normalising a record's 64-bit fields to bigint. */
  decoderFn(rec: RecordDecl): string {
    return `_dec_${rec.name.replace(/\W/g, "_")}`;
  }

  /** Private raw binding of a C function. */
  rawFn(cName: string): string {
    return `_f_${cName}`;
  }
}
