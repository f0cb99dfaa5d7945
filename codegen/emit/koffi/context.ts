// State shared by the koffi emitter's modules during one emit: the common Node emit state
// (common/node-context) plus the callbacks given a koffi prototype (so dependants can be skipped too).

import type { DiagnosticSink } from "../../diag.js";
import type { IrModule } from "../../ir/types.js";
import type { EmitOptions } from "../backend.js";
import { NodeEmitContext } from "../common/node-context.js";
import { KoffiNames } from "./names.js";

export { W } from "../common/node-context.js";

export class KoffiContext extends NodeEmitContext<KoffiNames> {
  /** Typedef names of callbacks given a koffi prototype. */
  readonly emittedProtos = new Set<string>();

  constructor(ir: IrModule, opts: EmitOptions, diag: DiagnosticSink) {
    super(ir, opts, diag, new KoffiNames(opts.name));
  }
}
