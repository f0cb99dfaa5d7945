// State shared by the ffi-rs emitter's modules during one emit: the IR index, names, the
// diagnostics sink, which records were declared (and which can travel by value), and which
// private runtime helpers the generated module needs.

import type { DiagnosticSink } from "../../diag.js";
import type { Decl, IrModule } from "../../ir/types.js";
import type { EmitOptions } from "../backend.js";
import { DeclIndex } from "../common/resolve.js";
import { FfiRsNames } from "./names.js";
import type { RuntimeHelper } from "./runtime.js";

export class FfiRsContext {
  readonly index: DeclIndex;
  readonly names: FfiRsNames;
  /** Ids of records given a TS interface and a byte codec. */
  readonly emittedRecords = new Set<string>();
  /** Ids of records that also have an ffi-rs by-value (StackStruct) description. */
  readonly byValueRecords = new Set<string>();
  /** Runtime helpers the wrappers use (only these are written). */
  readonly helpers = new Set<RuntimeHelper>();

  constructor(
    readonly ir: IrModule,
    readonly opts: EmitOptions,
    readonly diag: DiagnosticSink,
  ) {
    this.index = new DeclIndex(ir);
    this.names = new FfiRsNames(opts.name);
  }

  /** Reports a skipped declaration (never half-emitted). */
  skip(code: string, decl: Decl, what: string, why: string): void {
    this.diag.warning(code, `${what} \`${decl.name}\` skipped: ${why}`, decl.loc, decl.name);
  }

  /** Marks a runtime helper as used and returns its name. */
  use(helper: RuntimeHelper): string {
    this.helpers.add(helper);
    return helper;
  }
}

/** Warning codes of the ffi-rs emitter (shared with koffi where the meaning is the same; docs/errors.md). */
export const W = {
  /** Function not representable (type the wrappers cannot express). */
  unsupportedFunction: "W0401",
  /** `static inline` function: no symbol to bind. */
  inlineFunction: "W0402",
  /** Record with bit-fields or without a computed layout. */
  unsupportedRecord: "W0403",
  /** Variadic function: ffi-rs has no variadic calls. */
  variadicFunction: "W0404",
  /** Callback type: ffi-rs calls JS functions asynchronously, so C cannot call back synchronously. */
  unsupportedCallback: "W0405",
  /** `@owned` names a free function that is missing or skipped: the raw pointer is returned. */
  missingFreeFunction: "W0406",
  /** Union by value: ffi-rs describes only structs by value. */
  unionByValue: "W0408",
  /** Packed / pragma-packed / over-aligned record by value: libffi would classify it wrongly. */
  packedByValue: "W0409",
  /** Record by value whose members ffi-rs cannot describe (arrays, unions, skipped records). */
  recordByValue: "W0410",
  /** `float` return: ffi-rs reads `float` only as a parameter. */
  floatReturn: "W0411",
} as const;
