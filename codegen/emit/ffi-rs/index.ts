// ffi-rs backend: turns the IR into one typed TypeScript module `<name>.ffi-rs.ts` over ffi-rs
// 1.3.7 with the same surface as the koffi module: `load(path?)` opens the library once, builds
// one call spec per function, checks the ABI hash, and returns typed wrappers.

import type { Backend } from "../backend.js";
import { emitBitfieldAccessors } from "../common/bitfield-accessors.js";
import { storeBitfields } from "../common/bitfield-storage.js";
import { supporting } from "../common/capabilities.js";
import { tsDocBlock } from "../common/doc.js";
import { abiChecksOf, emitBanner, emitLibraryEnv, emitLibraryPathFn, isRelativeLib, loadPathParamDoc } from "../common/node-loader.js";
import { emitConstDecls, emitEnumDecls, emitHandleTypes, emitTypedefAliases, isCallbackTypedef } from "../common/ts-decls.js";
import { emitRecordInterfaces } from "../common/ts-records.js";
import { CodeWriter } from "../common/writer.js";
import { FfiRsContext, W } from "./context.js";
import { emitLibraryInterface, emitSpecs, emitWrappers, type FunctionEmitPlan, planFunctions } from "./functions.js";
import { emitByValue, emitRecordCodecs, planRecords } from "./records.js";
import { emitCoreRuntime, emitHelpers } from "./runtime.js";

export const ffiRsBackend: Backend = {
  id: "ffi-rs",
  capabilities: supporting(),
  emit(ir, opts, diag) {
    // Bit-fields become storage members with typed accessors (ffi-rs has no bit-field type).
    const bitfields = storeBitfields(ir);
    const ctx = new FfiRsContext(bitfields.ir, opts, diag);
    const records = planRecords(ctx);
    warnCallbacks(ctx);
    const functions = planFunctions(ctx, new Map(records.map((r) => [r.rec.id, r])));
    // Body first (it registers the helpers it uses), then the file with imports and helpers.
    const body = new CodeWriter("  ");
    emitHandleTypes(body, ctx);
    emitEnumDecls(body, ctx);
    emitConstDecls(body, ctx);
    emitRecordInterfaces(body, records, ctx.names);
    emitBitfieldAccessors(body, records, bitfields.accessors, ctx.names, "ffi-rs");
    emitTypedefAliases(body, ctx);
    emitLibraryInterface(body, functions, ctx);
    emitRecordCodecs(body, records, ctx);
    emitByValue(body, records, ctx);
    emitLoad(body, functions, ctx);

    const w = new CodeWriter("  ");
    emitBanner(w, `${opts.name}.ffi-rs.ts`, "ffi-rs bindings", ir.inputs, opts);
    w.blank();
    w.line('import { DataType, FFITypeTag, type FieldType, load as ffiLoad, open } from "ffi-rs";');
    if (isRelativeLib(ir.lib)) w.line('import { fileURLToPath } from "node:url";');
    w.blank();
    w.lines(tsDocBlock(["A raw C pointer: its address as a 64-bit integer (what the koffi module uses too)."]));
    w.line("export type Pointer = bigint;");
    emitCoreRuntime(w);
    emitHelpers(w, ctx.helpers);
    w.lines(body.toString().replace(/\n$/, "").split("\n"));
    return [{ path: `${opts.name}.ffi-rs.ts`, contents: w.toString() }];
  },
};

/** Callback typedefs get no JS function type: ffi-rs would call the JS function asynchronously. */
function warnCallbacks(ctx: FfiRsContext): void {
  for (const d of ctx.ir.decls) {
    if (d.kind !== "typedef" || d.system || !isCallbackTypedef(d, ctx.index)) continue;
    ctx.skip(W.unsupportedCallback, d, "callback type", "ffi-rs runs JS callbacks asynchronously, so C cannot call them synchronously; parameters of this type take a raw function pointer");
  }
}

function emitLoad(w: CodeWriter, functions: readonly FunctionEmitPlan[], ctx: FfiRsContext): void {
  const lib = ctx.ir.lib;
  emitLibraryEnv(w, ctx.opts.name);
  w.blank();
  emitLibraryPathFn(w, lib, true);
  w.blank();
  w.line("let _opened = 0;");
  w.blank();
  w.lines(tsDocBlock([`Opens \`${lib}\` once and prepares one reusable ffi-rs call spec per function.`, loadPathParamDoc(lib, ctx.opts.name), "@returns The typed functions."]));
  w.block(`export function load(path?: string): ${ctx.names.libraryInterface} {`, "}", () => {
    w.line(`const lib = \`${ctx.opts.name.replace(/[`$\\]/g, "_")}#\${++_opened}\`;`);
    w.line("open({ library: lib, path: libraryPath(path) });");
    emitSpecs(w, functions, ctx);
    emitAbiChecks(w, functions, ctx);
    w.block("return {", "};", () => emitWrappers(w, functions, ctx));
  });
}

/** For each `@abi-check CONST` function: compare at load, throw on mismatch. */
function emitAbiChecks(w: CodeWriter, functions: readonly FunctionEmitPlan[], ctx: FfiRsContext): void {
  for (const { fn, expected } of abiChecksOf(functions, ctx.ir)) {
    w.line(`const _abi = BigInt.asUintN(64, BigInt(_call(${ctx.names.spec(fn)}, [], []) as number | bigint));`);
    w.block(`if (_abi !== BigInt.asUintN(64, BigInt(${expected}))) {`, "}", () => {
      w.line(
        `throw new Error(\`library ABI hash 0x\${_abi.toString(16)} does not match header 0x\${BigInt.asUintN(64, BigInt(${expected})).toString(16)}; rebuild the library or regenerate the bindings\`);`,
      );
    });
  }
}
