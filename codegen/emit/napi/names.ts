// Names of everything the napi target writes: C helper names in the addon (`omb_` prefix, record
// converters, handle type tags, wrappers) and the TypeScript names of the `.d.ts` (one Scope, so
// types and values never collide). Implements TsNaming for the shared TS type rendering.

import type { RecordDecl } from "../../ir/types.js";
import type { ValueShape } from "../common/node-signature.js";
import type { TsNaming } from "../common/node-types.js";
import { fmtPascal, Scope } from "../common/ts-names.js";

/** Module-level names the generated loader itself uses. */
const FIXED_NAMES = ["load", "Pointer", "LIBRARY_ENV", "ADDON_FILE", "createRequire", "fileURLToPath"];

/** A C identifier fragment from any name. */
function cIdent(name: string): string {
  return name.replace(/\W/g, "_");
}

export class NapiNames implements TsNaming {
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

  callback(_shape: Extract<ValueShape, { kind: "callback" }>): string | undefined {
    return undefined;
  }

  /** Type tag (napi_type_tag) of a handle type. */
  handleTag(cName: string): string {
    return `omb_tag_${cIdent(cName)}`;
  }

  /** Converter JS object → C record. */
  fromRecord(rec: RecordDecl): string {
    return `omb_from_${cIdent(rec.name)}`;
  }

  /** Converter C record → new JS object. */
  toRecord(rec: RecordDecl): string {
    return `omb_to_${cIdent(rec.name)}`;
  }

  /** Writer of a C record's members onto an existing JS object. */
  fillRecord(rec: RecordDecl): string {
    return `omb_fill_${cIdent(rec.name)}`;
  }

  /** The napi callback wrapping a C function. */
  wrapper(cName: string): string {
    return `omb_w_${cName}`;
  }

  /** The function-pointer member of the library struct. */
  member(cName: string): string {
    return `f_${cName}`;
  }
}
