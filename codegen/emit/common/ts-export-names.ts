// The exported TypeScript names every Node target shares (koffi, ffi-rs, the napi .d.ts): one
// Scope for types and values, so they never collide, holding the library interface, branded
// handles, record interfaces (plus their input variants) and enums. Targets extend it with
// their private names; it implements TsNaming for the shared TS type rendering.

import type { RecordDecl } from "../../ir/types.js";
import type { ValueShape } from "./node-signature.js";
import type { TsNaming } from "./node-types.js";
import { fmtPascal, Scope } from "./ts-names.js";

export class TsExportNames implements TsNaming {
  readonly pointer = "Pointer";
  readonly exports: Scope;
  /** `<Module>Library`: the interface of the object `load()` returns. */
  readonly libraryInterface: string;

  /** `fixedNames`: module-level names the target's generated code uses itself (never handed out). */
  constructor(moduleName: string, fixedNames: Iterable<string>) {
    this.libraryInterface = `${fmtPascal(moduleName)}Library`;
    this.exports = new Scope([...fixedNames, this.libraryInterface]);
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

  /** No JS function types by default (callback parameters stay raw pointers); koffi overrides. */
  callback(_shape: Extract<ValueShape, { kind: "callback" }>): string | undefined {
    return undefined;
  }
}
