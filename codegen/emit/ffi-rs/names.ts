// Names of everything the ffi-rs module declares: exported types and values (one Scope, so a
// type and a value never collide) and private names (`_s_` call specs, `_dec_`/`_enc_` codecs,
// `_fromv_`/`_tov_` by-value converters). Implements TsNaming for the shared TS type rendering.

import type { RecordDecl } from "../../ir/types.js";
import type { TsNaming } from "../common/node-types.js";
import { fmtPascal, Scope } from "../common/ts-names.js";
import { RUNTIME_HELPERS } from "./runtime.js";

/** Module-level names the emitter itself uses. */
export const FIXED_NAMES = [
  ...["load", "Pointer", "LIBRARY_ENV", "recordLayouts", "DataType", "FFITypeTag", "FieldType", "ffiLoad", "open", "fileURLToPath", "libraryPath"],
  ...["_Spec", "_load", "_none", "_utf8", "_spec", "_call", "_PROCESS", "_processSpecs", "_process", "_opened"],
  ...RUNTIME_HELPERS,
];

/** A C name reduced to identifier characters, for private names. */
function slug(cName: string): string {
  return cName.replace(/\W/g, "_");
}

export class FfiRsNames implements TsNaming {
  readonly pointer = "Pointer";
  readonly exports: Scope;
  readonly libraryInterface: string;

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

  /** ffi-rs cannot take JS functions synchronously: callbacks are raw pointers. */
  callback(): string | undefined {
    return undefined;
  }

  /** Private ffi-rs call spec of a C function. */
  spec(cName: string): string {
    return `_s_${slug(cName)}`;
  }

  /** Private decoder reading a record from bytes. */
  decoder(rec: RecordDecl): string {
    return `_dec_${slug(rec.name)}`;
  }

  /** Private encoder writing a record into bytes. */
  encoder(rec: RecordDecl): string {
    return `_enc_${slug(rec.name)}`;
  }

  /** Private ffi-rs StackStruct description of a record. */
  structType(rec: RecordDecl): string {
    return `_t_${slug(rec.name)}`;
  }

  /** Private converter from ffi-rs's by-value object to the record interface. */
  fromValue(rec: RecordDecl): string {
    return `_fromv_${slug(rec.name)}`;
  }

  /** Private converter from the record interface to ffi-rs's by-value object. */
  toValue(rec: RecordDecl): string {
    return `_tov_${slug(rec.name)}`;
  }
}
