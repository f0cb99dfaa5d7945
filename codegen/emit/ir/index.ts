// The `ir` target: writes the IR itself as `<name>.ir.json` (sorted keys, 2-space indent,
// trailing newline). Its invariants (unique ids, no dangling refs, offsets within size) are
// checked before it leaves the generator; the front end checks the schema with --check-ir.

import type { Backend } from "../backend.js";
import { serializeIr } from "../../ir/serialize.js";
import { irInvariantProblems } from "../../ir/validate.js";

export const irBackend: Backend = {
  id: "ir",
  capabilities: { variadicFunctions: true, bitfields: true, unionsByValue: true, callbacks: true, inlineFunctions: true },
  emit(ir, opts) {
    const problems = irInvariantProblems(ir);
    if (problems.length) throw new Error(`internal error: invalid IR for ${opts.name}: ${problems[0]}`);
    return [{ path: `${opts.name}.ir.json`, contents: serializeIr(ir) }];
  },
};
