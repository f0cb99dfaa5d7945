// One generator run: header → IR → every requested backend → files. Writes only when there
// are no errors, and only the files whose contents changed; `--check` compares instead of
// writing. Returns the exit code and what to print; throws only on internal bugs.

import fs from "node:fs";
import path from "node:path";
import { DiagnosticSink } from "../diag.js";
import type { EmittedFile } from "../emit/backend.js";
import { BACKENDS } from "../emit/registry.js";
import { serializeIr } from "../ir/serialize.js";
import { parseHeaders } from "../parse/index.js";
import { resolveTargets } from "./default-targets.js";
import type { RunOptions } from "./options.js";
import { formatDiagnosticsJson, formatDiagnosticsText, summaryLine } from "./report.js";

/** What a run produced for the terminal. */
export interface RunOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the generator with parsed options. */
export async function runGenerator(opts: RunOptions, toolVersion: string): Promise<RunOutcome> {
  const started = performance.now();
  const diag = new DiagnosticSink();
  const { ir } = await parseHeaders(
    {
      header: opts.header,
      lib: opts.lib,
      outDir: opts.out,
      name: opts.name,
      includeDirs: opts.includeDirs,
      defines: opts.defines,
      prefixes: opts.prefixes,
      triple: opts.triple,
      after: opts.after,
      checkIrSchema: opts.checkIr,
    },
    diag,
  );
  const { targets, notice = "" } = resolveTargets(opts.targetsGiven ? opts.targets : undefined);
  const files: EmittedFile[] = [];
  if (ir && !opts.after) {
    const emitOpts = { name: ir.name, lib: opts.lib, inputs: ir.inputs, toolVersion };
    for (const target of targets) files.push(...BACKENDS[target].emit(ir, emitOpts, diag));
  }
  if (opts.denyWarnings) {
    for (const d of diag.items) if (d.severity === "warning") d.severity = "error";
  }
  // The notice follows the diagnostics, so a --diagnostics json document still comes first.
  const printed = (opts.diagnostics === "json" ? formatDiagnosticsJson(diag.items) : formatDiagnosticsText(diag.items)) + notice;
  if (!ir || diag.hasErrors) {
    const errors = diag.items.filter((d) => d.severity === "error").length;
    return { code: 1, stdout: "", stderr: `${printed}omendb-bindgen: ${errors} error${errors === 1 ? "" : "s"}; nothing written\n` };
  }
  if (opts.after) return { code: 0, stdout: serializeIr(ir), stderr: printed };
  const warnings = diag.warnings.length;
  if (opts.check) {
    const stale = files.filter((f) => readOrUndefined(path.join(opts.out, f.path)) !== f.contents);
    const lines = stale.map((f) => `omendb-bindgen: ${fs.existsSync(path.join(opts.out, f.path)) ? "differs" : "missing"}: ${path.join(opts.out, f.path)}\n`);
    const summary = summaryLine(ir, warnings, stale.length, performance.now() - started, "stale files");
    return { code: stale.length ? 1 : 0, stdout: "", stderr: printed + lines.join("") + summary };
  }
  writeChanged(opts.out, files);
  return { code: 0, stdout: "", stderr: printed + summaryLine(ir, warnings, files.length, performance.now() - started) };
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Writes each file whose contents differ from what is on disk. */
function writeChanged(outDir: string, files: EmittedFile[]): void {
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of files) {
    const target = path.join(outDir, f.path);
    if (readOrUndefined(target) === f.contents) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.contents);
  }
}
