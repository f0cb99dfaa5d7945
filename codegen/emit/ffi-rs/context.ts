// State shared by the ffi-rs emitter's modules during one emit: the common Node emit state
// (common/node-context) plus which records can travel by value and which private runtime
// helpers the generated module needs.

import type { DiagnosticSink } from "../../diag.js";
import type { IrModule } from "../../ir/types.js";
import type { EmitOptions } from "../backend.js";
import { NodeEmitContext } from "../common/node-context.js";
import { FfiRsNames } from "./names.js";
import type { RuntimeHelper } from "./runtime.js";

export { W } from "../common/node-context.js";

export class FfiRsContext extends NodeEmitContext<FfiRsNames> {
  /** Ids of records that also have an ffi-rs by-value (StackStruct) description. */
  readonly byValueRecords = new Set<string>();
  /** Runtime helpers the wrappers use (only these are written). */
  readonly helpers = new Set<RuntimeHelper>();

  constructor(ir: IrModule, opts: EmitOptions, diag: DiagnosticSink) {
    super(ir, opts, diag, new FfiRsNames(opts.name));
  }

  /** Marks a runtime helper as used and returns its name. */
  use(helper: RuntimeHelper): string {
    this.helpers.add(helper);
    return helper;
  }
}
