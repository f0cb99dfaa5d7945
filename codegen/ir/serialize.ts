// Serialises IR to JSON text deterministically: keys sorted at every level, 2-space indent,
// one trailing newline; and parses it back. Byte-identical output for equal IR.

import type { IrModule } from "./types.js";

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Stable JSON text of an IR module. */
export function serializeIr(ir: IrModule): string {
  return `${JSON.stringify(sortKeys(ir), null, 2)}\n`;
}

/** Parses IR JSON text (validate it with validateIr before use). */
export function parseIrJson(text: string): unknown {
  return JSON.parse(text);
}
