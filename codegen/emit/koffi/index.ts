// koffi backend: turns the IR into one typed TypeScript module `<name>.koffi.ts` that loads the
// library with koffi 3, binds every function once at `load()`, and exposes typed wrappers
// (bigint for 64-bit, branded handles, out-params returned, owned buffers copied then freed).

import type { Backend } from "../backend.js";
import { emitBitfieldAccessors } from "../common/bitfield-accessors.js";
import { storeBitfields } from "../common/bitfield-storage.js";
import { supporting } from "../common/capabilities.js";
import { tsDocBlock } from "../common/doc.js";
import { abiChecksOf, emitBanner, emitLibraryEnv, emitLibraryPathFn, isRelativeLib, loadPathParamDoc } from "../common/node-loader.js";
import { emitConstDecls, emitEnumDecls, emitHandleTypes, emitTypedefAliases } from "../common/ts-decls.js";
import { emitRecordInterfaces } from "../common/ts-records.js";
import { CodeWriter } from "../common/writer.js";
import { emitCallbackRuntime, emitCallbackTypes, planCallbacks } from "./callbacks.js";
import { KoffiContext } from "./context.js";
import { emitLibraryInterface, emitRawBindings, emitWrappers, type FunctionEmitPlan, planFunctions } from "./functions.js";
import { emitRecordDecoders, emitRecordDefinitions, planRecords, type RecordPlan } from "./records.js";

export const koffiBackend: Backend = {
  id: "koffi",
  capabilities: supporting("variadicFunctions", "unionsByValue", "callbacks"),
  emit(ir, opts, diag) {
    // Bit-fields become storage members with typed accessors (koffi has no bit-field type).
    const bitfields = storeBitfields(ir);
    const ctx = new KoffiContext(bitfields.ir, opts, diag);
    const records = planRecords(ctx);
    const callbacks = planCallbacks(ctx);
    const functions = planFunctions(ctx);
    const recordById = new Map(records.map((r) => [r.rec.id, r]));
    const w = new CodeWriter("  ");
    emitBanner(w, `${opts.name}.koffi.ts`, "koffi bindings", ir.inputs, opts);
    w.blank();
    w.line('import koffi from "koffi";');
    if (isRelativeLib(ir.lib)) w.line('import { fileURLToPath } from "node:url";');
    w.blank();
    w.lines(tsDocBlock(["A raw C pointer (koffi 3 represents pointers as bigint)."]));
    w.line("export type Pointer = bigint;");
    if (functions.some((f) => f.fn.variadic)) {
      w.line("type KoffiTypeSpec = Parameters<typeof koffi.sizeof>[0];");
      w.lines(tsDocBlock(["One extra argument of a variadic function: its koffi type and its value."]));
      w.line("export type VarArg = readonly [KoffiTypeSpec, unknown];");
    }
    emitHandleTypes(w, ctx);
    emitEnumDecls(w, ctx);
    emitConstDecls(w, ctx);
    emitCallbackTypes(w, callbacks, ctx);
    emitRecordInterfaces(w, records, ctx.names);
    emitBitfieldAccessors(w, records, bitfields.accessors, ctx.names, "koffi");
    emitTypedefAliases(w, ctx);
    emitLibraryInterface(w, functions, ctx);
    emitRecordDefinitions(w, records, ctx);
    emitLayoutExport(w, records, ctx);
    emitRecordDecoders(w, records, ctx);
    emitCallbackRuntime(w, callbacks, ctx);
    emitLoad(w, functions, recordById, ctx);
    return [{ path: `${opts.name}.koffi.ts`, contents: w.toString() }];
  },
};

/** `koffiTypes`: the koffi type object of every record, by C name (for layout checks). */
function emitLayoutExport(w: CodeWriter, records: readonly RecordPlan[], ctx: KoffiContext): void {
  w.blank();
  w.lines(tsDocBlock(["koffi type objects of the records, by C name (sizeof/alignof/offsetof checks)."]));
  w.block("export const koffiTypes = {", "} as const;", () => {
    for (const r of records) w.line(`${JSON.stringify(r.rec.name)}: ${ctx.names.recordVar(r.rec)},`);
  });
}

function emitLoad(w: CodeWriter, functions: readonly FunctionEmitPlan[], records: ReadonlyMap<string, RecordPlan>, ctx: KoffiContext): void {
  const lib = ctx.ir.lib;
  emitLibraryEnv(w, ctx.opts.name);
  w.blank();
  emitLibraryPathFn(w, lib, true);
  w.blank();
  w.lines(tsDocBlock([`Loads \`${lib}\` and binds its functions once.`, loadPathParamDoc(lib, ctx.opts.name), "@returns The typed functions."]));
  w.block(`export function load(path?: string): ${ctx.names.libraryInterface} {`, "}", () => {
    w.line("const lib = koffi.load(libraryPath(path));");
    emitRawBindings(w, functions, ctx);
    emitAbiChecks(w, functions, ctx);
    w.block("return {", "};", () => emitWrappers(w, functions, records, ctx));
  });
}

/** For each `@abi-check CONST` function: compare at load, throw on mismatch. */
function emitAbiChecks(w: CodeWriter, functions: readonly FunctionEmitPlan[], ctx: KoffiContext): void {
  for (const { fn, expected } of abiChecksOf(functions, ctx.ir)) {
    w.line(`const _abi = BigInt(${ctx.names.rawFn(fn)}());`);
    w.block(`if (_abi !== BigInt(${expected})) {`, "}", () => {
      w.line(
        `throw new Error(\`library ABI hash 0x\${_abi.toString(16)} does not match header 0x\${BigInt(${expected}).toString(16)}; rebuild the library or regenerate the bindings\`);`,
      );
    });
  }
}
