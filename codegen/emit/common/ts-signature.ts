// A planned C function as the Node TS surfaces show it (koffi, ffi-rs, the napi .d.ts, and the
// host names of the compiled tier): parameter names and out-parameter keys, the TS signature
// (`{ result, <outs> }` when there are out-parameters) and the library interface with TSDoc.

import { functionDocLines, tsDocBlock } from "./doc.js";
import { type FunctionPlan, isOutRole } from "./node-signature.js";
import { type TsNaming, tsOutType, tsParamType, tsValueType } from "./node-types.js";
import { fmtPropertyKey, Scope } from "./ts-names.js";
import type { CodeWriter } from "./writer.js";

/** Host names of one function: a name per C parameter, a result key per out-parameter index. */
export interface HostNames {
  names: string[];
  outKeys: Map<number, string>;
}

/** Names parameters (never one of `reservedParams`) and out keys (never one of `reservedKeys`). */
export function assignHostNames(plan: FunctionPlan, reservedParams: Iterable<string>, reservedKeys: Iterable<string>): HostNames {
  const scope = new Scope(reservedParams);
  const names = plan.params.map((p) => scope.claim(`p${p.index}`, p.param.name || `arg${p.index}`));
  const keys = new Scope(reservedKeys);
  const outKeys = new Map<number, string>();
  for (const p of plan.params) if (isOutRole(p.role)) outKeys.set(p.index, keys.claim(`p${p.index}`, p.param.name || `arg${p.index}`));
  return { names, outKeys };
}

/** A planned function with its JS names, as a method of the library interface. */
export interface TsMethod extends FunctionPlan {
  /** JS name per C parameter (same order as fn.params). */
  jsNames: readonly string[];
  /** Keys of the returned object per out-parameter index. */
  outKeys: ReadonlyMap<number, string>;
  /** A rest parameter after the C ones (koffi's variadics): its TS text and its doc name. */
  rest?: { ts: string; name: string; cName: string };
  /** Target notes for the TSDoc, after the ownership notes. */
  notes?: readonly string[];
}

/** TS signature pieces: parameter list and result type. */
export function tsSignature(m: TsMethod, names: TsNaming): { params: string; result: string } {
  const params = m.params.filter((p) => !isOutRole(p.role)).map((p) => `${m.jsNames[p.index]}: ${tsParamType(p, names)}`);
  if (m.rest !== undefined) params.push(m.rest.ts);
  const outs = m.params.filter((p) => isOutRole(p.role));
  const ret = m.returns.kind === "ownedString" ? "string | null" : tsValueType(m.returns.shape, false, names);
  if (outs.length === 0) return { params: params.join(", "), result: ret };
  const members = ret === "void" ? [] : [`result: ${ret}`];
  for (const p of outs) members.push(`${fmtPropertyKey(m.outKeys.get(p.index) ?? "")}: ${tsOutType(p, names)}`);
  return { params: params.join(", "), result: `{ ${members.join("; ")} }` };
}

/** Writes `export interface <libraryInterface>`: one documented method per function, under `heading`. */
export function emitLibraryInterface(w: CodeWriter, heading: string, libraryInterface: string, methods: readonly TsMethod[], names: TsNaming): void {
  w.blank();
  w.lines(tsDocBlock([heading]));
  w.block(`export interface ${libraryInterface} {`, "}", () => {
    methods.forEach((m, i) => {
      const visible = m.params.filter((p) => !isOutRole(p.role)).map((p) => ({ name: m.jsNames[p.index] ?? "", cName: p.param.name }));
      if (m.rest !== undefined) visible.push({ name: m.rest.name, cName: m.rest.cName });
      const outs = m.params.filter((p) => isOutRole(p.role)).map((p) => `\`${m.outKeys.get(p.index)}\` (out-parameter \`${p.param.name}\`)`);
      const returnsNotes = outs.length > 0 ? [`An object with \`result\` (the C return value) and ${outs.join(", ")}.`] : [];
      const notes: string[] = [];
      if (m.returns.kind === "ownedString") notes.push(`The returned string is copied, then freed with \`${m.returns.freeWith}\`.`);
      for (const p of m.params) if (p.role.role === "outOwned") notes.push(`\`${p.param.name}\` is copied out, then freed with \`${p.role.freeWith}\`.`);
      notes.push(...(m.notes ?? []));
      if (i > 0) w.blank();
      w.lines(tsDocBlock(functionDocLines(m.fn, { params: visible, returnsNotes, notes })));
      const sig = tsSignature(m, names);
      w.line(`${m.fn.name}(${sig.params}): ${sig.result};`);
    });
  });
}
