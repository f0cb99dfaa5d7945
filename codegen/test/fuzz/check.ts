// The generator's contract on one fuzz input, checked from the outside: exit 0 with every
// output file present and well-formed, or exit 1 with an error located in the mutated header
// and nothing written; never exit 2, a thrown exception, a stack trace or a timeout.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { IrModule } from "../../ir/types.js";
import { validateIr } from "../../ir/validate.js";
import type { JobResult } from "./protocol.js";

/** One generator run on one mutant, as the checks need it. */
export interface RunUnderTest {
  /** The mutated header (absolute). */
  header: string;
  /** Its number of lines. */
  lines: number;
  /** The --out directory (absolute). */
  outDir: string;
  /** -I/-D flags the header needs (the generated probe compiles with them too). */
  cflags?: string[];
  result: JobResult;
}

/** Which expensive checks of accepted output to run on this input. */
export interface DeepChecks {
  python: boolean;
  probe: boolean;
  tsc: boolean;
}

const ERROR_LINE = /^(.+?):(\d+):(\d+): error\[(E\d{4})\]: /gm;
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Suffixes of the files the default targets write, one file each (the Python stem may differ from the module name). */
export const OUTPUT_SUFFIXES = [".koffi.ts", ".ffi-rs.ts", ".ir.json", "_probe.c", "_cffi_build.py", ".pyi", ".py"] as const;

/** The output file ending in `suffix` (the first suffix that fits each file wins), or undefined. */
function outputFile(files: string[], suffix: string): string | undefined {
  return files.find((f) => OUTPUT_SUFFIXES.find((s) => f.endsWith(s)) === suffix);
}

/** Every contract violation of one run (empty when the run honours the contract). */
export function checkRun(run: RunUnderTest, deep: DeepChecks): string[] {
  const r = run.result;
  if (r.kind === "timeout") return [`timeout after ${Math.round(r.ms)} ms`];
  if (r.kind === "died") return [`worker died: ${r.detail}`];
  if (r.thrown !== undefined) return [`threw (exit 2): ${r.thrown}`];
  const problems: string[] = [];
  if (r.code !== 0 && r.code !== 1) problems.push(`exit ${r.code}: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
  if (STACK_LINE.test(r.stderr)) problems.push("stack trace printed on stderr");
  if (r.code === 1) problems.push(...checkRejected(run));
  if (r.code === 0) problems.push(...checkAccepted(run, deep));
  return problems;
}

function checkRejected(run: RunUnderTest): string[] {
  const problems: string[] = [];
  if (fs.existsSync(run.outDir) && fs.readdirSync(run.outDir).length > 0) problems.push(`exit 1 but wrote ${fs.readdirSync(run.outDir).join(", ")}`);
  const stderr = run.result.kind === "done" ? run.result.stderr : "";
  const errors = [...stderr.matchAll(ERROR_LINE)];
  if (errors.length === 0) return [...problems, `exit 1 without a located error: ${stderr.trim().split("\n")[0]}`];
  const inHeader = errors.some((m) => {
    const line = Number(m[2]);
    const col = Number(m[3]);
    return path.resolve(m[1]) === run.header && line >= 1 && line <= run.lines + 1 && col >= 1;
  });
  if (!inHeader) problems.push(`no error points into the mutated header: ${errors.map((m) => m[0]).join(" | ")}`);
  return problems;
}

function checkAccepted(run: RunUnderTest, deep: DeepChecks): string[] {
  const problems: string[] = [];
  const stderr = run.result.kind === "done" ? run.result.stderr : "";
  if (/\berror\[/.test(stderr)) problems.push("exit 0 with an error printed");
  const written = fs.existsSync(run.outDir) ? fs.readdirSync(run.outDir).sort() : [];
  const found = OUTPUT_SUFFIXES.map((suffix) => outputFile(written, suffix));
  const missing = OUTPUT_SUFFIXES.filter((_, i) => found[i] === undefined);
  if (missing.length || written.length !== OUTPUT_SUFFIXES.length) return [...problems, `exit 0 but wrote ${written.join(", ")}`];
  const file = (suffix: (typeof OUTPUT_SUFFIXES)[number]) => path.join(run.outDir, outputFile(written, suffix) ?? "");
  for (const suffix of [".koffi.ts", ".ffi-rs.ts"] as const) problems.push(...transpileProblems(file(suffix)));
  problems.push(...irProblems(file(".ir.json")));
  if (deep.python) problems.push(...pythonProblems([file(".py"), file(".pyi"), file("_cffi_build.py")]));
  if (deep.probe) problems.push(...probeProblems(file("_probe.c"), path.dirname(run.header), run.cflags ?? []));
  if (deep.tsc) problems.push(...typeCheckProblems(file(".koffi.ts")));
  return problems;
}

/** Syntax errors of a TypeScript file (transpile only). */
export function transpileProblems(file: string): string[] {
  const out = ts.transpileModule(fs.readFileSync(file, "utf8"), { fileName: file, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).slice(0, 3).map((d) => `${path.basename(file)}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

function irProblems(file: string): string[] {
  try {
    const problems = validateIr(JSON.parse(fs.readFileSync(file, "utf8")) as IrModule);
    return problems.slice(0, 3).map((p) => `ir.json: ${p}`);
  } catch (e) {
    return [`ir.json does not parse: ${String(e)}`];
  }
}

function pythonProblems(files: string[]): string[] {
  const script = "import py_compile, sys\nfor f in sys.argv[1:]:\n    try:\n        py_compile.compile(f, cfile='/dev/null', doraise=True)\n    except py_compile.PyCompileError as e:\n        print(e.msg)\n";
  const run = spawnSync("python3", ["-c", script, ...files], { encoding: "utf8" });
  if (run.error) return [];
  return run.stdout.trim() ? [`python: ${run.stdout.trim().split("\n").slice(0, 3).join(" | ")}`] : [];
}

function probeProblems(file: string, headerDir: string, cflags: string[]): string[] {
  const run = spawnSync(process.env.CC ?? "cc", ["-std=gnu11", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", ...cflags, "-isystem", headerDir, file], { encoding: "utf8" });
  if (run.error) return [];
  return run.status === 0 ? [] : [`probe does not compile: ${run.stderr.split("\n").filter((l) => l.includes("error")).slice(0, 2).join(" | ")}`];
}

const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..", "..");

/** Full type check of a generated koffi module (koffi and node types from this repository). */
export function typeCheckProblems(file: string): string[] {
  const modules = path.join(REPO_ROOT, "node_modules");
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    typeRoots: [path.join(modules, "@types")],
    types: ["node"],
    paths: { koffi: [path.join(modules, "koffi")], "ffi-rs": [path.join(modules, "ffi-rs")] },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .slice(0, 3)
    .map((d) => `tsc ${path.basename(d.file?.fileName ?? file)}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}
