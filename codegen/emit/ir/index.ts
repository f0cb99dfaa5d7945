// The `ir` target: writes the IR itself as `<name>.ir.json` (sorted keys, 2-space indent,
// trailing newline), validated before it leaves the generator.

import type { Backend } from "../backend.js";
import { serializeIr } from "../../ir/serialize.js";
import { validateIr } from "../../ir/validate.js";

export const irBackend: Backend = {
  id: "ir",
  capabilities: { variadicFunctions: true, bitfields: true, unionsByValue: true, callbacks: true, inlineFunctions: true },
  emit(ir, opts) {
    const problems = validateIr(ir);
    if (problems.length) throw new Error(`internal error: invalid IR for ${opts.name}: ${problems[0]}`);
    return [{ path: `${opts.name}.ir.json`, contents: serializeIr(ir) }];
  },
};
