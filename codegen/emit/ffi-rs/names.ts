// Names of everything the ffi-rs module declares: the shared exported names (common/ts-export-names;
// callbacks stay raw pointers) plus ffi-rs's private names (`_s_` call specs, `_dec_`/`_enc_`
// codecs, `_t_` by-value descriptions, `_fromv_`/`_tov_` by-value converters).

import type { RecordDecl } from "../../ir/types.js";
import { BITFIELD_HELPERS } from "../common/bitfield-accessors.js";
import { TsExportNames } from "../common/ts-export-names.js";
import { fmtSlug } from "../common/ts-names.js";
import { RUNTIME_HELPERS } from "./runtime.js";

/** Module-level names the emitter itself uses. */
export const FIXED_NAMES = [
  ...["load", "Pointer", "LIBRARY_ENV", "recordLayouts", "DataType", "FFITypeTag", "FieldType", "ffiLoad", "open", "fileURLToPath", "libraryPath"],
  ...["_Spec", "_load", "_none", "_utf8", "_spec", "_call", "_PROCESS", "_processSpecs", "_process", "_opened"],
  ...RUNTIME_HELPERS,
  ...BITFIELD_HELPERS,
];

export class FfiRsNames extends TsExportNames {
  constructor(moduleName: string) {
    super(moduleName, FIXED_NAMES);
  }

  /** Private ffi-rs call spec of a C function. */
  spec(cName: string): string {
    return `_s_${fmtSlug(cName)}`;
  }

  /** Private decoder reading a record from bytes. */
  decoder(rec: RecordDecl): string {
    return `_dec_${fmtSlug(rec.name)}`;
  }

  /** Private encoder writing a record into bytes. */
  encoder(rec: RecordDecl): string {
    return `_enc_${fmtSlug(rec.name)}`;
  }

  /** Private ffi-rs StackStruct description of a record. */
  structType(rec: RecordDecl): string {
    return `_t_${fmtSlug(rec.name)}`;
  }

  /** Private converter from ffi-rs's by-value object to the record interface. */
  fromValue(rec: RecordDecl): string {
    return `_fromv_${fmtSlug(rec.name)}`;
  }

  /** Private converter from the record interface to ffi-rs's by-value object. */
  toValue(rec: RecordDecl): string {
    return `_tov_${fmtSlug(rec.name)}`;
  }
}
