// The JavaScript side of the napi target: `<name>.napi.js` (constants, enum objects, `load()` that
// resolves the library path, opens it through the addon with a scratch buffer, assembles slot results
// and checks the ABI hash) and `<name>.napi.d.ts` (the same typed surface as `<name>.koffi.ts`: handles,
// records, library interface, plus the `<name>Async` forms merged into that interface).

import type { ConstDecl, EnumDecl, IrModule } from "../../ir/types.js";
import type { EmitOptions } from "../backend.js";
import type { CompiledModule } from "../common/compiled-plan.js";
import { declDocLines, tsDocBlock } from "../common/doc.js";
import { abiChecksOf, emitBanner, emitLibraryPathFn, isRelativeLib, loadPathParamDoc } from "../common/node-loader.js";
import { hasBitfields, intLiteral } from "../common/resolve.js";
import { constValueLiteral, emitTypedefAliases } from "../common/ts-decls.js";
import { emitRecordInterfaces, planTsRecords } from "../common/ts-records.js";
import { emitLibraryInterface as emitTsLibraryInterface, type TsMethod, tsSignature } from "../common/ts-signature.js";
import { fmtLibraryEnvVar, fmtPropertyKey } from "../common/ts-names.js";
import { CodeWriter } from "../common/writer.js";
import { ASYNC_SUFFIX } from "./async.js";
import type { AddonPlan } from "./plan.js";
import type { NapiNames } from "./names.js";
import { emitSlotLoaderJs, slotsNeeded } from "./slots.js";

/** TS literal type of a constant (`number` for non-finite floats). */
function constType(d: ConstDecl): string {
  const lit = constValueLiteral(d);
  return lit.startsWith("Number.") || lit === "-0" ? "number" : lit;
}

/** `<name>.napi.js`: plain ESM, no TypeScript syntax. */
export function emitLoaderJs(ir: IrModule, opts: EmitOptions, plan: AddonPlan, names: NapiNames): string {
  const { mod } = plan;
  const w = new CodeWriter("  ");
  emitBanner(w, `${opts.name}.napi.js`, "Node-API bindings (loader of the compiled addon)", opts.inputs, opts);
  w.blank();
  w.line('import { createRequire } from "node:module";');
  if (isRelativeLib(ir.lib)) w.line('import { fileURLToPath } from "node:url";');
  for (const d of ir.decls) {
    if (d.kind === "enum") emitEnumJs(w, d, names);
  }
  w.blank();
  for (const d of ir.decls) if (d.kind === "const") w.line(`export const ${names.exports.claim(`const:${d.name}`, d.name)} = ${constValueLiteral(d)};`);
  w.blank();
  w.line(`export const LIBRARY_ENV = ${JSON.stringify(fmtLibraryEnvVar(opts.name))};`);
  w.line(`export const ADDON_FILE = ${JSON.stringify(`${opts.name}.node`)};`);
  w.blank();
  emitLibraryPathFn(w, ir.lib, false);
  w.blank();
  emitSlotLoaderJs(w, plan.slots, slotsNeeded(plan.slots));
  w.blank();
  w.block("export function load(path) {", "}", () => {
    w.line("const addon = createRequire(import.meta.url)(`./${ADDON_FILE}`);");
    w.line("const scratch = new ArrayBuffer(SCRATCH_SIZE);");
    w.line("const lib = withSlotResults(addon.open(libraryPath(path), scratch), scratch);");
    const abi = abiChecksOf(mod.functions, ir)[0];
    if (abi !== undefined) {
      w.line(`const abi = BigInt(lib.${abi.fn}());`);
      w.block(`if (abi !== BigInt(${abi.expected})) {`, "}", () => {
        w.line(
          `throw new Error(\`library ABI hash 0x\${abi.toString(16)} does not match header 0x\${BigInt(${abi.expected}).toString(16)}; rebuild the library or regenerate the bindings\`);`,
        );
      });
    }
    w.line("return lib;");
  });
  return w.toString();
}

function emitEnumJs(w: CodeWriter, d: EnumDecl, names: NapiNames): void {
  const wide = d.underlying.size === 8;
  w.blank();
  if (d.anonymous) {
    for (const c of d.constants) w.line(`export const ${names.exports.claim(`const:${c.name}`, c.name)} = ${intLiteral(c.value, wide)};`);
    return;
  }
  const members = d.constants.map((c) => `${fmtPropertyKey(c.name)}: ${intLiteral(c.value, wide)}`);
  w.line(`export const ${names.enumType(d.name)} = Object.freeze({ ${members.join(", ")} });`);
}

/** `<name>.napi.d.ts`: the typed surface of the loader. */
export function emitDts(ir: IrModule, opts: EmitOptions, plan: AddonPlan, names: NapiNames): string {
  const { mod } = plan;
  const w = new CodeWriter("  ");
  emitBanner(w, `${opts.name}.napi.d.ts`, "Node-API bindings (types)", opts.inputs, opts);
  w.blank();
  w.lines(tsDocBlock(["A raw C pointer: an address as bigint (the same representation as the koffi target)."]));
  w.line("export type Pointer = bigint;");
  for (const d of ir.decls) {
    if ((d.kind !== "struct" && d.kind !== "union") || d.complete) continue;
    w.blank();
    w.lines(tsDocBlock([...declDocLines(d.doc), `Opaque handle: a \`${d.name} *\` wrapped by the addon; closed by its free function, after which using it throws.`]));
    w.line(`export type ${names.handle(d.name)} = object & { readonly __brand: ${JSON.stringify(d.name)} };`);
  }
  for (const d of ir.decls) if (d.kind === "enum") emitEnumDts(w, d, names);
  let first = true;
  for (const d of ir.decls) {
    if (d.kind !== "const") continue;
    if (first) w.blank();
    first = false;
    w.lines(tsDocBlock(declDocLines(d.doc)));
    w.line(`export declare const ${names.exports.claim(`const:${d.name}`, d.name)}: ${constType(d)};`);
  }
  const emitted = emitRecords(w, ir, mod, names);
  emitTypedefAliases(w, { ir, index: mod.index, names, emittedRecords: emitted });
  emitLibraryInterface(w, ir, plan, names);
  w.blank();
  w.lines(tsDocBlock(["Environment variable that overrides the library location."]));
  w.line(`export declare const LIBRARY_ENV: ${JSON.stringify(fmtLibraryEnvVar(opts.name))};`);
  w.lines(tsDocBlock(["File name of the compiled addon, expected next to this module."]));
  w.line(`export declare const ADDON_FILE: ${JSON.stringify(`${opts.name}.node`)};`);
  w.lines(
    tsDocBlock([
      `Loads \`${ir.lib}\` through the compiled addon (\`${opts.name}.node\`) and returns its functions.`,
      loadPathParamDoc(ir.lib, opts.name),
      "@returns The typed functions.",
    ]),
  );
  w.line(`export declare function load(path?: string): ${names.libraryInterface};`);
  return w.toString();
}

function emitEnumDts(w: CodeWriter, d: EnumDecl, names: NapiNames): void {
  const wide = d.underlying.size === 8;
  w.blank();
  if (d.anonymous) {
    for (const c of d.constants) {
      w.lines(tsDocBlock(declDocLines(c.doc)));
      w.line(`export declare const ${names.exports.claim(`const:${c.name}`, c.name)}: ${intLiteral(c.value, wide)};`);
    }
    return;
  }
  const name = names.enumType(d.name);
  w.lines(tsDocBlock(declDocLines(d.doc)));
  if (d.constants.length === 0) {
    w.line(`export declare const ${name}: {};`);
    w.line(`export type ${name} = ${wide ? "bigint" : "number"};`);
    return;
  }
  w.block(`export declare const ${name}: {`, "};", () => {
    for (const c of d.constants) {
      w.lines(tsDocBlock(declDocLines(c.doc)));
      w.line(`readonly ${fmtPropertyKey(c.name)}: ${intLiteral(c.value, wide)};`);
    }
  });
  w.line(`export type ${name} = (typeof ${name})[keyof typeof ${name}];`);
}

/** Interfaces of every complete record without bit-fields (as the koffi target declares them). */
function emitRecords(w: CodeWriter, ir: IrModule, mod: CompiledModule, names: NapiNames): Set<string> {
  const ctx = { ir, index: mod.index, names, emittedRecords: new Set<string>() };
  const plans = planTsRecords(ctx, {
    reject: (rec) => (hasBitfields(rec, mod.index) ? "bit-fields" : undefined),
    skip: () => {},
    complete: (plan) => plan,
  });
  emitRecordInterfaces(w, plans, names);
  return ctx.emittedRecords;
}

/** The library interface: the koffi target's method shapes, with the addon's own notes. */
function emitLibraryInterface(w: CodeWriter, ir: IrModule, plan: AddonPlan, names: NapiNames): void {
  const methods = plan.mod.functions.map((f): TsMethod => {
    const notes: string[] = [];
    if (f.closes !== undefined) notes.push(`Closes the \`${f.closes}\` handle: using it afterwards throws.`);
    if (f.fn.inline) notes.push("`static inline` in the header: compiled into the addon.");
    return { ...f, jsNames: f.names, notes };
  });
  emitTsLibraryInterface(w, `The functions of \`${ir.lib}\` through the compiled addon; names are the C names.`, names.libraryInterface, methods, names);
  if (plan.asyncFns.length === 0) return;
  w.blank();
  w.lines(
    tsDocBlock([
      "Async forms (merged into the interface above) of the functions that take arguments, except handle closers and",
      "functions with in-out arguments: the C call runs on libuv's thread pool and the promise settles on the main thread",
      "with what the sync form returns. Bad arguments throw synchronously, as in the sync form. Buffers and",
      "arrays passed in are kept alive until the promise settles; do not modify them meanwhile. A handle closed while a",
      "call on it is pending is safe: the library finishes running calls first, and later ones report an invalid handle.",
    ]),
  );
  w.block(`export interface ${names.libraryInterface} {`, "}", () => {
    plan.asyncFns.forEach((f, i) => {
      const sig = tsSignature({ ...f, jsNames: f.names }, names);
      if (i > 0) w.blank();
      w.lines(tsDocBlock([`\`${f.fn.name}\` on the thread pool; resolves with what \`${f.fn.name}\` returns.`]));
      w.line(`${f.fn.name}${ASYNC_SUFFIX}(${sig.params}): Promise<${sig.result}>;`);
    });
  });
}
