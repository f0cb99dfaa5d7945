// State every Node TS emitter (koffi, ffi-rs) shares during one emit: the IR and its index, the
// target's names, the diagnostics sink and the records given a TS interface, plus the warning
// codes these emitters report. Targets extend the class with their own bookkeeping.

import type { DiagnosticSink } from "../../diag.js";
import type { Decl, IrModule } from "../../ir/types.js";
import type { EmitOptions } from "../backend.js";
import { DeclIndex } from "./resolve.js";
import type { TsExportNames } from "./ts-export-names.js";

export class NodeEmitContext<Names extends TsExportNames> {
  readonly index: DeclIndex;
  /** Ids of records the target declares (given a TS interface and a target description). */
  readonly emittedRecords = new Set<string>();

  constructor(
    readonly ir: IrModule,
    readonly opts: EmitOptions,
    readonly diag: DiagnosticSink,
    readonly names: Names,
  ) {
    this.index = new DeclIndex(ir);
  }

  /** Reports a skipped declaration (never half-emitted). */
  skip(code: string, decl: Decl, what: string, why: string): void {
    this.diag.warning(code, `${what} \`${decl.name}\` skipped: ${why}`, decl.loc, decl.name);
  }
}

/** Warning codes of the Node TS emitters (documented in docs/errors.md; codes are API). */
export const W = {
  /** Function not representable (type the wrappers cannot express). */
  unsupportedFunction: "W0401",
  /** `static inline` function: no symbol to bind. */
  inlineFunction: "W0402",
  /** Record with bit-fields, or without a layout/alignment the target can express. */
  unsupportedRecord: "W0403",
  /** Variadic function: ffi-rs has no variadic calls. */
  variadicFunction: "W0404",
  /** Callback type the target cannot express (ffi-rs calls JS functions asynchronously, so C cannot call back synchronously). */
  unsupportedCallback: "W0405",
  /** `@owned` names a free function that is missing or skipped: the raw pointer is returned. */
  missingFreeFunction: "W0406",
  /** Constant or variable the target cannot express. */
  unsupportedConst: "W0407",
  /** Union by value: ffi-rs describes only structs by value. */
  unionByValue: "W0408",
  /** Packed / pragma-packed / over-aligned record by value: the FFI (koffi, libffi) would classify it wrongly. */
  packedByValue: "W0409",
  /** Record by value whose members ffi-rs cannot describe (arrays, unions, skipped records). */
  recordByValue: "W0410",
  /** `float` return: ffi-rs reads `float` only as a parameter. */
  floatReturn: "W0411",
} as const;
