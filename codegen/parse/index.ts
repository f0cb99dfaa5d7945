// Front end entry point: header → validated IR. Preprocesses with cc, parses with tree-sitter,
// lowers every top-level declaration, decides which files belong to the library, then runs the
// IR pipeline (filter, closure, compiler-evaluated constants, doc notes, layouts, order).

import fs from "node:fs";
import path from "node:path";
import { DiagnosticSink } from "../diag.js";
import { abiFor } from "../ir/abi.js";
import type { BrokenDecl, DeclProvenance, MacroCandidate, PassContext } from "../ir/passes/context.js";
import { matchesPrefix } from "../ir/passes/context.js";
import { runPipeline } from "../ir/pipeline.js";
import { IR_VERSION, type IrModule } from "../ir/types.js";
import { irInvariantProblems, validateIr } from "../ir/validate.js";
import { parseC } from "./cst.js";
import { builtinDecls } from "./lower/builtins.js";
import { LowerContext } from "./lower/context.js";
import { lowerTranslationUnit } from "./lower/index.js";
import { displayPath, originOf, preprocessHeader, type CompilerOptions, type Preprocessed } from "./preprocess.js";
import { runProbe } from "./probe.js";
import { exportedSymbols, resolveLibrary } from "./symbols.js";

/** Everything the front end needs. */
export interface ParseOptions {
  header: string;
  /** `--lib` as given; undefined parses without a symbol check (IR lib is then ""). */
  lib?: string;
  /** Output directory (a library path is made relative to it). */
  outDir: string;
  /** Module name; default the header's stem. */
  name?: string;
  includeDirs?: string[];
  defines?: string[];
  prefixes?: string[];
  triple?: string;
  /** Stop after this pass (IR dumps). */
  after?: string;
  /** Check the library's exported symbols (default true when lib is given). */
  checkSymbols?: boolean;
  /** Also validate the IR against ir/schema.json (ajv); the invariants are always checked. */
  checkIrSchema?: boolean;
}

/** The IR (absent when errors stop the run) and every diagnostic. */
export interface ParseResult {
  ir?: IrModule;
  diag: DiagnosticSink;
}

/** Parses one header into validated IR. Never throws for user errors. */
export async function parseHeaders(opts: ParseOptions, diag = new DiagnosticSink()): Promise<ParseResult> {
  const triple = opts.triple ?? "x86_64-linux-gnu";
  const abi = abiFor(triple);
  if (!abi) {
    diag.error("E0005", `unsupported target triple '${triple}' (supported: x86_64-linux-gnu, aarch64-linux-gnu)`);
    return { diag };
  }
  if (!fs.existsSync(opts.header) || !fs.statSync(opts.header).isFile()) {
    diag.error("E0001", `header file '${opts.header}' not found`);
    return { diag };
  }
  const compiler: CompilerOptions = { cc: process.env.CC ?? "cc", includeDirs: opts.includeDirs ?? [], defines: opts.defines ?? [] };
  let irLib = opts.lib ?? "";
  let exported: Set<string> | undefined;
  if (opts.lib !== undefined) {
    const resolved = resolveLibrary(opts.lib, opts.outDir, diag);
    if (!resolved) return { diag };
    irLib = resolved.irLib;
    if (opts.checkSymbols !== false && !fs.existsSync(resolved.file)) {
      diag.warning("W0203", `library '${opts.lib}' does not exist (yet); exported symbols are not checked, every declared function is kept`);
    } else if (opts.checkSymbols !== false) {
      exported = exportedSymbols(resolved.file, diag);
      if (!exported) return { diag };
    }
  }
  const pp = preprocessHeader(opts.header, compiler, diag);
  if (!pp) return { diag };
  const tree = await parseC(pp.text);
  const lower = new LowerContext(pp, abi, diag);
  for (const d of builtinDecls(triple)) lower.decls.set(d.id, d);
  const skipped = lowerTranslationUnit(tree, lower);
  tree.delete();
  const libraryFiles = findLibraryFiles(pp, opts.header);
  const provenance = new Map<string, DeclProvenance>();
  for (const [id, o] of lower.origins) provenance.set(id, { library: libraryFiles.has(o.file), system: o.system });
  for (const d of builtinDecls(triple)) provenance.set(d.id, { library: false, system: true });
  const prefixes = opts.prefixes ?? [];
  const broken: BrokenDecl[] = skipped.map((s) => {
    const row = pp.rows[s.node.startPosition.row];
    return {
      names: s.names,
      reason: s.reason,
      loc: originOf(pp, s.problem.startPosition.row, s.problem.startPosition.column),
      library: row !== undefined && libraryFiles.has(row.file),
      syntax: s.reason.startsWith("syntax error"),
    };
  });
  const ctx: PassContext = {
    diag,
    abi,
    exported,
    prefixes,
    asmNames: lower.asmNames,
    provenance,
    intRequests: lower.pending,
    macros: macroCandidates(pp, libraryFiles, prefixes, diag),
    broken,
    evaluate: (ints, macros) => {
      const result = runProbe(opts.header, compiler, ints, macros);
      result.headerErrors = result.headerErrors?.map((e) => ({ ...e, file: displayPath(e.file) }));
      result.truncatedInHeaders = result.truncatedInHeaders.map((w) => ({ ...w, file: displayPath(w.file) }));
      return result;
    },
    roots: new Set(),
  };
  const initial: IrModule = {
    irVersion: IR_VERSION,
    name: opts.name ?? path.basename(opts.header).replace(/\.[^.]*$/, ""),
    inputs: [displayPath(opts.header)],
    lib: irLib,
    target: abi.info,
    decls: [...lower.decls.values()],
  };
  const ir = runPipeline(initial, ctx, opts.after);
  if (diag.hasErrors) return { diag };
  if (!opts.after) {
    const problems = opts.checkIrSchema ? validateIr(ir) : irInvariantProblems(ir);
    if (problems.length) throw new Error(`internal error: the generated IR is invalid:\n${problems.join("\n")}`);
  }
  return { ir, diag };
}

/**
 * Files whose declarations belong to the library: the input header; every non-system file;
 * a system file the input includes directly from its own directory (zlib.h → zconf.h); and
 * system files under `<input dir>/<input stem>/` (umbrella headers' sub-headers).
 */
export function findLibraryFiles(pp: Preprocessed, header: string): Set<string> {
  const files = new Set<string>([header]);
  const inputDir = path.dirname(path.resolve(header));
  const umbrellaDir = path.join(inputDir, path.basename(header).replace(/\.[^.]*$/, "")) + path.sep;
  for (const [file, includer] of pp.includedBy) {
    if (file.startsWith("<") || file === "") continue;
    const abs = path.resolve(file);
    if (!pp.systemFiles.has(file)) files.add(file);
    else if (includer === header && path.dirname(abs) === inputDir) files.add(file);
    else if (abs.startsWith(umbrellaDir)) files.add(file);
  }
  return files;
}

/** Object-like macros of library files (last definition wins); function-like ones are reported (W0304). */
function macroCandidates(pp: Preprocessed, libraryFiles: Set<string>, prefixes: string[], diag: DiagnosticSink): MacroCandidate[] {
  const byName = new Map<string, MacroCandidate>();
  for (const m of pp.macros) {
    if (!libraryFiles.has(m.loc.file) || !matchesPrefix(m.name, prefixes)) continue;
    const loc = { ...m.loc, file: displayPath(m.loc.file, m.system) };
    if (m.functionLike) {
      diag.warning("W0304", `function-like macro '${m.name}' is not translated; call what it expands to`, loc, m.name);
      continue;
    }
    if (m.body === "") continue;
    byName.set(m.name, { name: m.name, body: m.body, loc, system: m.system });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}
