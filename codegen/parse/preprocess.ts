// Runs the system C preprocessor (`cc -E -dD -std=gnu11`) on the input header and reads its
// output: the C text (directive lines blanked so rows stay aligned), a row → original
// file:line map from the line markers, the object-like #defines, and the #pragma pack states.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { DiagnosticSink } from "../diag.js";
import type { SourceLoc } from "../ir/types.js";
import { hoistUnionAttributes } from "./union-attributes.js";

/** Options shared by the preprocessor and the compiler probe. */
export interface CompilerOptions {
  /** C compiler to run (default `cc`, or $CC). */
  cc: string;
  includeDirs: string[];
  defines: string[];
}

/** Where one preprocessed row came from. */
export interface RowOrigin {
  file: string;
  line: number;
  /** Line-marker flag 3: a system header. */
  system: boolean;
}

/** One object-like or function-like `#define` seen in the output. */
export interface MacroDef {
  name: string;
  /** Text after the name (empty for `#define X`). */
  body: string;
  functionLike: boolean;
  loc: SourceLoc;
  system: boolean;
}

/** A `#pragma pack` state change, effective from `row` on. */
export interface PackChange {
  row: number;
  /** Maximum field alignment from here on, or undefined for "no pack". */
  value: number | undefined;
}

/** Result of preprocessing one header. */
export interface Preprocessed {
  /** The C text, with every directive line replaced by an empty line. */
  text: string;
  /** Origin of each row of `text` (index = 0-based row). */
  rows: RowOrigin[];
  macros: MacroDef[];
  packChanges: PackChange[];
  /** For every file seen, the file that first included it ("" for the input). */
  includedBy: Map<string, string>;
  /** Files flagged as system headers. */
  systemFiles: Set<string>;
}

/** The -I/-D/-std arguments shared by cc -E and the probe compile. */
export function compilerArgs(opts: CompilerOptions): string[] {
  return ["-std=gnu11", ...opts.includeDirs.flatMap((d) => ["-I", d]), ...opts.defines.map((d) => `-D${d}`)];
}

const LINE_MARKER = /^# (\d+) "((?:[^"\\]|\\.)*)"((?: \d)*)\s*$/;
const DEFINE = /^#define ([A-Za-z_]\w*)(\()?(.*)$/;
const PACK = /^#pragma pack\s*\(\s*(?:(push)\s*(?:,\s*(\d+))?|(pop)|(\d+))?\s*\)/;

/** Runs cc -E on `header`; cc's own errors become E0002 diagnostics (undefined is returned). */
export function preprocessHeader(header: string, opts: CompilerOptions, diag: DiagnosticSink): Preprocessed | undefined {
  const run = spawnSync(opts.cc, ["-E", "-dD", ...compilerArgs(opts), header], { encoding: "utf8", maxBuffer: 256 << 20, env: { ...process.env, LC_ALL: "C" } });
  if (run.error) {
    diag.error("E0003", `cannot run the C compiler '${opts.cc}': ${run.error.message}`);
    return undefined;
  }
  if (run.status !== 0) {
    reportCompilerErrors(run.stderr, diag, "E0002");
    reportOpenMacroCalls(run.stderr, header, diag);
    if (!diag.hasErrors) diag.error("E0002", `the preprocessor failed on ${header} (exit ${run.status})`);
    return undefined;
  }
  return readPreprocessed(run.stdout);
}

/** One error line of gcc's stderr. */
export interface CompilerError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * gcc's `file:line:col: error: msg` lines. Directive errors (`unterminated #ifdef`,
 * `#endif without #if`) carry no column (`file:line: error: msg`): they get column 1.
 */
export function compilerErrorLines(stderr: string): CompilerError[] {
  const out: CompilerError[] = [];
  const lineCounts = new Map<string, number | undefined>();
  for (const line of stderr.split("\n")) {
    const m = /^(.+?):(\d+):(?:(\d+):)? (?:fatal )?error: (.*)$/.exec(line);
    if (!m) continue;
    const e = { file: m[1], line: Number(m[2]), column: m[3] === undefined ? 1 : Number(m[3]), message: m[4] };
    if (!lineCounts.has(e.file)) lineCounts.set(e.file, countLines(e.file));
    const last = lineCounts.get(e.file);
    // gcc reports a macro argument list left open at end of file on a line past the end: say where the file ends.
    if (last !== undefined && e.line > last) out.push({ ...e, line: last, column: 1, message: `${e.message} (at end of file)` });
    else out.push(e);
  }
  return out;
}

function countLines(file: string): number | undefined {
  try {
    const text = fs.readFileSync(file, "utf8");
    return Math.max(1, text.split("\n").length - (text.endsWith("\n") ? 1 : 0));
  } catch {
    return undefined;
  }
}

/** Turns gcc's error lines into diagnostics with their position. */
export function reportCompilerErrors(stderr: string, diag: DiagnosticSink, code: string): void {
  for (const e of compilerErrorLines(stderr)) diag.error(code, e.message, { file: e.file, line: e.line, column: e.column });
}

/**
 * gcc gives no position (`cc1: error: unterminated argument list invoking macro "X"`) when the
 * open call runs into an #include: find the call in the header, the first `X(` never closed.
 */
function reportOpenMacroCalls(stderr: string, header: string, diag: DiagnosticSink): void {
  for (const m of stderr.matchAll(/^cc1: error: (unterminated argument list invoking macro "(\w+)")$/gm)) {
    let text: string;
    try {
      text = fs.readFileSync(header, "utf8");
    } catch {
      return;
    }
    const at = openMacroCall(text, m[2]);
    if (at !== undefined) diag.error("E0002", m[1], { file: header, ...positionOf(text, at) });
  }
}

/** Offset of the first `name(` whose parenthesis is never closed (comments blanked), if any. */
export function openMacroCall(text: string, name: string): number | undefined {
  const code = text.replace(/\/\*[\s\S]*?(\*\/|$)|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, " "));
  for (const call of code.matchAll(new RegExp(`\\b${name}\\s*\\(`, "g"))) {
    let depth = 0;
    let i = call.index + call[0].length - 1;
    for (; i < code.length; i++) {
      if (code[i] === "(") depth++;
      else if (code[i] === ")" && --depth === 0) break;
    }
    if (i >= code.length) return call.index;
  }
  return undefined;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

/** Parses cc -E -dD output (exported for tests). */
export function readPreprocessed(output: string): Preprocessed {
  const lines = output.split("\n");
  const rows: RowOrigin[] = [];
  const macros: MacroDef[] = [];
  const packChanges: PackChange[] = [];
  const includedBy = new Map<string, string>();
  const systemFiles = new Set<string>();
  const packStack: (number | undefined)[] = [];
  let pack: number | undefined;
  let file = "";
  let line = 1;
  let system = false;
  const stack: string[] = [];
  const out: string[] = [];
  for (const raw of lines) {
    const marker = LINE_MARKER.exec(raw);
    if (marker) {
      const next = marker[2].replace(/\\(.)/g, "$1");
      const flags = marker[3].trim().split(/\s+/);
      if (flags.includes("1")) {
        if (!includedBy.has(next)) includedBy.set(next, file);
        stack.push(file);
      } else if (flags.includes("2")) {
        stack.pop();
      } else if (!includedBy.has(next)) {
        includedBy.set(next, stack.length ? stack[stack.length - 1] : "");
      }
      file = next;
      line = Number(marker[1]);
      system = flags.includes("3");
      if (system) systemFiles.add(file);
      rows.push({ file, line: line - 1, system });
      out.push("");
      continue;
    }
    rows.push({ file, line, system });
    if (raw.startsWith("#")) {
      const def = DEFINE.exec(raw);
      if (def && !file.startsWith("<")) {
        macros.push({
          name: def[1],
          body: def[2] ? "" : def[3].trim(),
          functionLike: def[2] !== undefined,
          loc: { file, line, column: 9 },
          system,
        });
      }
      const pk = PACK.exec(raw);
      if (pk) {
        if (pk[1]) {
          packStack.push(pack);
          if (pk[2]) pack = Number(pk[2]);
        } else if (pk[3]) pack = packStack.pop();
        else pack = pk[4] ? Number(pk[4]) : undefined;
        packChanges.push({ row: rows.length - 1, value: pack });
      }
      out.push("");
    } else {
      out.push(raw);
    }
    line++;
  }
  return { text: hoistUnionAttributes(out.join("\n")), rows, macros, packChanges, includedBy, systemFiles };
}

/** Original position of a 0-based (row, column) of the preprocessed text. */
export function originOf(pp: Preprocessed, row: number, column: number): SourceLoc {
  const r = pp.rows[row] ?? { file: "<unknown>", line: 0, system: false };
  // Line markers map to the line before their file's first line (0, or -1 for `# 0 "file"`).
  return { file: displayPath(r.file, r.system), line: Math.max(1, r.line), column: column + 1 };
}

/**
 * How a file is named in the IR and in diagnostics: relative to the working directory when
 * inside it; a system header outside it as `<name.h>` (the part after its include directory),
 * so generated output never carries this machine's paths.
 */
export function displayPath(file: string, system = false): string {
  if (!path.isAbsolute(file)) return file;
  // Called for every location (thousands per header, a few files): path.relative is the cost.
  const cwd = process.cwd();
  const key = `${system ? "s" : "u"}${cwd}\0${file}`;
  let shown = displayPaths.get(key);
  if (shown === undefined) {
    shown = computeDisplayPath(file, system, cwd);
    displayPaths.set(key, shown);
  }
  return shown;
}

const displayPaths = new Map<string, string>();

function computeDisplayPath(file: string, system: boolean, cwd: string): string {
  if (system) {
    const m = /\/include\/(.+)$/.exec(file);
    if (m) return `<${m[1]}>`;
  }
  const rel = path.relative(cwd, file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

/** Pack value in effect at a row. */
export function packAt(pp: Preprocessed, row: number): number | undefined {
  let value: number | undefined;
  for (const c of pp.packChanges) {
    if (c.row > row) break;
    value = c.value;
  }
  return value;
}
