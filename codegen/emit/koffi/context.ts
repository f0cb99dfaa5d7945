// State shared by the koffi emitter's modules during one emit: the IR index, names, the
// diagnostics sink and which records/callbacks were emitted (so dependants can be skipped too).

import type { DiagnosticSink } from "../../diag.js";
import type { Decl, IrModule } from "../../ir/types.js";
import type { EmitOptions } from "../backend.js";
import { DeclIndex } from "../common/resolve.js";
import { KoffiNames } from "./names.js";

export class KoffiContext {
  readonly index: DeclIndex;
  readonly names: KoffiNames;
  /** Ids of records given a koffi definition. */
  readonly emittedRecords = new Set<string>();
  /** Typedef names of callbacks given a koffi prototype. */
  readonly emittedProtos = new Set<string>();

  constructor(
    readonly ir: IrModule,
    readonly opts: EmitOptions,
    readonly diag: DiagnosticSink,
  ) {
    this.index = new DeclIndex(ir);
    this.names = new KoffiNames(opts.name);
  }

  /** Reports a skipped declaration (never half-emitted). */
  skip(code: string, decl: Decl, what: string, why: string): void {
    this.diag.warning(code, `${what} \`${decl.name}\` skipped: ${why}`, decl.loc, decl.name);
  }
}

/** Warning codes of the Node emitters (documented in docs/errors.md). */
export const W = {
  /** Function not representable (type the wrappers cannot express). */
  unsupportedFunction: "W0401",
  /** `static inline` function: no symbol to bind. */
  inlineFunction: "W0402",
  /** Record with bit-fields or an alignment the target cannot express. */
  unsupportedRecord: "W0403",
  /** Variadic function (ffi-rs cannot call them). */
  variadicFunction: "W0404",
  /** Callback type the target cannot express. */
  unsupportedCallback: "W0405",
  /** `@owned` names a free function that is missing or skipped: the raw pointer is returned. */
  missingFreeFunction: "W0406",
  /** Constant or variable the target cannot express. */
  unsupportedConst: "W0407",
  /** Union by value (ffi-rs). */
  unsupportedUnion: "W0408",
  /** Packed record by value: koffi's classification of it gives a wrong call (right layout, wrong call). */
  packedByValue: "W0409",
} as const;
