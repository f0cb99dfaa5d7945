// Names of everything the koffi module declares: the shared exported names (common/ts-export-names)
// plus koffi's own: callback JS types, private koffi type variables (`_t_`, `_p_`), record
// decoders (`_dec_`) and raw bindings (`_f_`).

import type { RecordDecl } from "../../ir/types.js";
import type { ValueShape } from "../common/node-signature.js";
import { BITFIELD_HELPERS } from "../common/bitfield-accessors.js";
import { TsExportNames } from "../common/ts-export-names.js";
import { fmtSlug } from "../common/ts-names.js";

/** Module-level names the emitter itself uses. */
export const FIXED_NAMES = ["load", "koffi", "Pointer", "VarArg", "KoffiTypeSpec", "LIBRARY_ENV", "koffiTypes", "fileURLToPath", "TypeObject", ...BITFIELD_HELPERS];

export class KoffiNames extends TsExportNames {
  /** Callback JS types by typedef name, filled by the callbacks module. */
  readonly callbackTypes = new Map<string, string>();

  constructor(moduleName: string) {
    super(moduleName, FIXED_NAMES);
  }

  override callback(shape: Extract<ValueShape, { kind: "callback" }>): string | undefined {
    return shape.typedef !== undefined ? this.callbackTypes.get(shape.typedef) : undefined;
  }

  /** Private koffi type object of a record. */
  recordVar(rec: RecordDecl): string {
    return `_t_${fmtSlug(rec.name)}`;
  }

  /** Private koffi prototype of a callback typedef. */
  protoVar(typedef: string): string {
    return `_p_${fmtSlug(typedef)}`;
  }

  /** Private decoder normalising a record's 64-bit fields to bigint. */
  decoderFn(rec: RecordDecl): string {
    return `_dec_${fmtSlug(rec.name)}`;
  }

  /** Private raw binding of a C function. */
  rawFn(cName: string): string {
    return `_f_${cName}`;
  }
}
