// The compiler-evaluated constants probe: writes ONE C program that #includes the header and
// prints, as plain lines, the value of every requested integer expression and the type class,
// size, signedness and value of every macro; compiles it with the user's -I/-D and runs it.
// Items the compiler rejects are found from its error lines, dropped, and the rest recompiled;
// items whose value the compiler truncates (it warns) are reported as not representable. Errors
// are located in a one-function-per-item layout; the program that runs has every item in main().

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compilerArgs, compilerErrorLines, type CompilerOptions } from "./preprocess.js";

/** What the probe learnt about one macro. */
export type MacroValue =
  | { kind: "int"; value: bigint; size: number; signed: boolean }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string }
  | { kind: "unsupported"; reason: string };

/** Result of one probe run; `failed` maps item index → the compiler's message. */
export interface ProbeResult {
  ints: Map<number, bigint>;
  macros: Map<number, MacroValue>;
  failedInts: Map<number, string>;
  failedMacros: Map<number, string>;
  /**
   * Macros whose value has no 64-bit form (a literal or a result beyond 64 bits, a signed
   * overflow, a 128-bit type): index → why. Not in `macros`.
   */
  unrepresentableMacros: Map<number, string>;
  /**
   * Truncation warnings located in the headers with no probe line in their expansion notes (an
   * enumerator `= 18446744073709551616` is evaluated by name): matched to requests by position.
   */
  truncatedInHeaders: { file: string; line: number; column: number; message: string }[];
  /** Set when the header itself does not compile or the program cannot run. */
  fatal?: string;
  /** The compiler's errors located outside the probe program (in the headers), when fatal. */
  headerErrors?: { file: string; line: number; column: number; message: string }[];
}

/**
 * How the probe program is built: it runs once and is deleted, so no debug info, no unwind
 * tables and no temporary assembly file (code generation of ~900 tiny functions dominates).
 * Warnings stay on (only gcc's default set): the ones in VALUE_LOSS_WARNINGS mark truncated values.
 */
const PROBE_BUILD_FLAGS = ["-O0", "-pipe", "-fno-asynchronous-unwind-tables"];

/**
 * gcc's warnings (default set) for a constant whose value it had to truncate: a literal wider
 * than any integer type, a shift by the type's width or more, a signed overflow. The program
 * still compiles and prints the truncated value, so these items must be dropped by warning.
 */
const VALUE_LOSS_WARNINGS = [
  /integer constant is too large for its type/,
  /(left|right) shift count (>= width of type|is negative)/,
  /integer overflow in expression/,
  /requires \d+ bits to represent/,
];

/** Widest integer (bytes) a constant may have: the IR and every target carry at most 64 bits. */
const MAX_INT_BYTES = 8;

/** Compile rounds before giving up (each drops every item the compiler blamed). */
const MAX_ROUNDS = 10;

const PRELUDE = [
  "#include <stdio.h>",
  "static void omb_int(int i, int neg, long long s, unsigned long long u) {",
  '  if (neg) printf("I %d %lld\\n", i, s); else printf("I %d %llu\\n", i, u);',
  "}",
  "static void omb_macro(int i, int cls, int size, int sgn, long long s, unsigned long long u, long double f, const char *str) {",
  '  printf("M %d %d %d %d ", i, cls, size, sgn);',
  '  if (sgn && s < 0) printf("%lld", s); else printf("%llu", u);',
  '  printf(" %.17g ", (double)f);',
  '  if (!str) { printf("-\\n"); return; }',
  '  printf("x"); for (const unsigned char *p = (const unsigned char *)str; *p; p++) printf("%02x", *p); printf("\\n");',
  "}",
];

function macroLine(i: number, name: string): string {
  const x = `(${name})`;
  const t = `__typeof__(${x} + 0)`;
  return [
    `omb_macro(${i}, __builtin_classify_type(${x} + 0), (int)sizeof ${x}, ((${t})-1 < (${t})0),`,
    `_Generic(${x} + 0, float: 0LL, double: 0LL, long double: 0LL, default: (long long)${x}),`,
    `_Generic(${x} + 0, float: 0ULL, double: 0ULL, long double: 0ULL, default: (unsigned long long)${x}),`,
    `_Generic(${x} + 0, float: ${x}, double: ${x}, long double: ${x}, default: 0.0L),`,
    `_Generic(${x} + 0, char *: ${x}, const char *: ${x}, default: (const char *)0));`,
  ].join(" ");
}

function intLine(i: number, expr: string): string {
  const x = `(${expr})`;
  return `omb_int(${i}, ${x} < 0, (long long)${x}, (unsigned long long)${x});`;
}

/** The probe program in its two layouts, with the same item on the same line in both. */
interface ProbeProgram {
  /** One function per item: gcc blames every item using an undeclared identifier in one compile, and the linker names the function. */
  perItem: string;
  /** Every item in main(): about 3× cheaper to build (no per-function code), used once the items compile. */
  inMain: string;
  /** probe.c line → the item on it. */
  lineOwner: Map<number, ProbeItem>;
  /** Function name → its line, in the per-item layout. */
  functionLines: Map<string, number>;
}

interface ProbeItem {
  kind: "int" | "macro";
  index: number;
}

function probeProgram(header: string, intExprs: string[], macroNames: string[], liveInts: Set<number>, liveMacros: Set<number>): ProbeProgram {
  const head = [`#include ${JSON.stringify(path.resolve(header))}`, ...PRELUDE];
  const items: { name: string; body: string; owner: ProbeItem }[] = [];
  for (const i of liveInts) items.push({ name: `omb_i${i}`, body: intLine(i, intExprs[i]), owner: { kind: "int", index: i } });
  for (const i of liveMacros) items.push({ name: `omb_m${i}`, body: macroLine(i, macroNames[i]), owner: { kind: "macro", index: i } });
  const lineOwner = new Map<number, ProbeItem>();
  const functionLines = new Map<string, number>();
  items.forEach((item, k) => {
    lineOwner.set(head.length + 1 + k, item.owner);
    functionLines.set(item.name, head.length + 1 + k);
  });
  // Line-buffered, so the lines printed before an item that traps (a macro `(1/0)`) survive.
  const start = ["int main(void) {", "setvbuf(stdout, 0, _IOLBF, 0);"];
  const perItem = [
    ...head,
    ...items.map((item) => `static void ${item.name}(void) { ${item.body} }`),
    start[0],
    `  ${start[1]}`,
    ...items.map((item) => `  ${item.name}();`),
    "  return 0;",
    "}",
    "",
  ];
  // main() opens on the first item's line, so every item keeps its line (and __LINE__) of the per-item layout.
  const inMain = [...head, ...items.map((item, k) => (k === 0 ? `${start.join(" ")} ${item.body}` : `  ${item.body}`)), ...(items.length ? [] : start), "  return 0;", "}", ""];
  return { perItem: perItem.join("\n"), inMain: inMain.join("\n"), lineOwner, functionLines };
}

/**
 * Evaluates integer expressions and macros with the C compiler, after `#include "header"`. First
 * the per-item layout is checked once with -fsyntax-only (cheap; drops every item gcc rejects),
 * then the in-main layout is built and run; a build error there (a link error: an item using a
 * symbol the program does not link) is located by building the per-item layout, whose functions
 * the linker names, and the build repeats without the blamed items.
 */
export function runProbe(header: string, opts: CompilerOptions, intExprs: string[], macroNames: string[]): ProbeResult {
  const result: ProbeResult = { ints: new Map(), macros: new Map(), failedInts: new Map(), failedMacros: new Map(), unrepresentableMacros: new Map(), truncatedInHeaders: [] };
  if (intExprs.length === 0 && macroNames.length === 0) return checkHeaderCompiles(header, opts, result);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "omendb-bindgen-"));
  const src = path.join(dir, "probe.c");
  const exe = path.join(dir, "probe");
  const compile = (text: string, flags: string[]) => {
    fs.writeFileSync(src, text);
    return spawnSync(opts.cc, [...compilerArgs(opts), ...flags, src], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  };
  try {
    const liveInts = new Set(intExprs.keys());
    const liveMacros = new Set(macroNames.keys());
    const fail = (owner: ProbeItem, message: string) => {
      (owner.kind === "int" ? liveInts : liveMacros).delete(owner.index);
      (owner.kind === "int" ? result.failedInts : result.failedMacros).set(owner.index, message);
    };
    /** Drops the items a failed compile blames; a result when it blames none (the header itself is broken). */
    const dropBlamed = (stderr: string, program: ProbeProgram): ProbeResult | undefined => {
      let dropped = 0;
      for (const [line, message] of blamedProbeLines(stderr, src, program.functionLines)) {
        const owner = program.lineOwner.get(line);
        if (!owner) continue;
        dropped++;
        fail(owner, message);
      }
      return dropped === 0 ? (headerAlone(header, opts, result) ?? { ...result, fatal: firstErrors(stderr), headerErrors: headerErrors(stderr, src) }) : undefined;
    };
    let itemsCompile = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const program = probeProgram(header, intExprs, macroNames, liveInts, liveMacros);
      if (!itemsCompile) {
        const check = compile(program.perItem, ["-fsyntax-only"]);
        if (check.error) return { ...result, fatal: `cannot run '${opts.cc}': ${check.error.message}` };
        itemsCompile = true;
        if (check.status !== 0) {
          // Every function gcc found an error in is blamed at once, so the rest are known to compile.
          const stop = dropBlamed(check.stderr, program);
          if (stop) return stop;
          continue;
        }
      }
      let cc = compile(program.inMain, [...PROBE_BUILD_FLAGS, "-o", exe]);
      if (cc.error) return { ...result, fatal: `cannot run '${opts.cc}': ${cc.error.message}` };
      if (cc.status !== 0) {
        cc = compile(program.perItem, [...PROBE_BUILD_FLAGS, "-o", exe]);
        if (cc.status !== 0) {
          const stop = dropBlamed(cc.stderr, program);
          if (stop) return stop;
          continue;
        }
      }
      const run = spawnSync(exe, [], { encoding: "utf8", timeout: 20_000 });
      if (run.status !== 0) {
        const culprit = firstUnprinted(run.stdout, [...liveInts].map((i) => ({ kind: "int" as const, index: i })), [...liveMacros].map((i) => ({ kind: "macro" as const, index: i })));
        if (run.signal === "SIGTERM" || !culprit) return { ...result, fatal: `the probe program failed (${run.status ?? run.signal})` };
        fail(culprit, `evaluating it stops the program (${run.signal ?? `exit ${run.status}`}), e.g. a division by zero`);
        continue;
      }
      readProbeOutput(run.stdout, result);
      const loss = valueLossWarnings(cc.stderr, src);
      dropTruncatedValues(loss.probeLines, program.lineOwner, result);
      result.truncatedInHeaders = loss.inHeaders;
      return result;
    }
    return headerAlone(header, opts, result) ?? { ...result, fatal: "too many rounds of compiler errors in the probe" };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * With nothing to evaluate, still make the compiler read the header: tree-sitter accepts C that
 * gcc rejects (a duplicate member, a conflicting redeclaration), and such a header is an error.
 */
function checkHeaderCompiles(header: string, opts: CompilerOptions, result: ProbeResult): ProbeResult {
  return headerAlone(header, opts, result) ?? result;
}

/**
 * Compiles the header as the main file: its own errors then point into it, even those a probe
 * program would blame on its own lines (a header cut off mid-declaration glues onto what follows
 * its #include). Undefined when the header compiles.
 */
function headerAlone(header: string, opts: CompilerOptions, result: ProbeResult): ProbeResult | undefined {
  const cc = spawnSync(opts.cc, [...compilerArgs(opts), "-w", "-fsyntax-only", "-x", "c", header], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  if (cc.error) return { ...result, fatal: `cannot run '${opts.cc}': ${cc.error.message}` };
  if (cc.status === 0) return undefined;
  return { ...result, fatal: firstErrors(cc.stderr), headerErrors: compilerErrorLines(cc.stderr) };
}

/** The first item, in call order (ints, then macros), whose line the program did not print. */
function firstUnprinted(stdout: string, ints: { kind: "int"; index: number }[], macros: { kind: "macro"; index: number }[]): ProbeItem | undefined {
  const printed = new Set(stdout.split("\n").map((l) => l.split(" ", 2).join(" ")));
  return [...ints, ...macros].find((item) => !printed.has(`${item.kind === "int" ? "I" : "M"} ${item.index}`));
}

/** probe.c line → first error message, for every error block that mentions a line of probe.c. */
function blamedProbeLines(stderr: string, src: string, functionLines: Map<string, number>): Map<number, string> {
  const blamed = new Map<number, string>();
  const base = path.basename(src);
  let message: string | undefined;
  let lines: number[] = [];
  // The linker names the function but no line (`probe.c:(.text+0x1fe): undefined reference`)
  // when the reference sits in a static function: each item has its own, so that is enough.
  let linkFunction: string | undefined;
  const flush = () => {
    if (message !== undefined) for (const l of lines) if (!blamed.has(l)) blamed.set(l, message);
    message = undefined;
    lines = [];
  };
  for (const line of stderr.split("\n")) {
    const inFunction = /: in function [`'](\w+)'/.exec(line);
    if (inFunction) linkFunction = inFunction[1];
    const link = /([^\s:]+):(\d+):?\S*: (undefined reference to .*)$/.exec(line);
    if (link && path.basename(link[1]) === base) {
      flush();
      if (!blamed.has(Number(link[2]))) blamed.set(Number(link[2]), `${link[3]} (not a constant)`);
      continue;
    }
    const unlined = /([^\s:]+):\(\S+\): (undefined reference to .*)$/.exec(line);
    const owner = linkFunction === undefined ? undefined : functionLines.get(linkFunction);
    if (unlined && path.basename(unlined[1]) === base && owner !== undefined) {
      flush();
      if (!blamed.has(owner)) blamed.set(owner, `${unlined[2]} (not a constant)`);
      continue;
    }
    const m = /^(.*?):(\d+):(?:\d+:)? (error|note|warning): (.*)$/.exec(line);
    if (!m) continue;
    if (m[3] !== "note") {
      // A warning ends the previous error's block: its notes must not blame more lines.
      flush();
      message = m[3] === "error" ? m[4] : undefined;
    }
    if (message !== undefined && path.basename(m[1]) === base) lines.push(Number(m[2]));
  }
  flush();
  return blamed;
}

/** The VALUE_LOSS_WARNINGS of a compile, by where they point. */
interface ValueLoss {
  /** probe.c line → gcc's message: the warning is on that line, or its "in expansion of macro" notes reach it. */
  probeLines: Map<number, string>;
  /** Warnings in a header that no probe line expands. */
  inHeaders: ProbeResult["truncatedInHeaders"];
}

function valueLossWarnings(stderr: string, src: string): ValueLoss {
  const loss: ValueLoss = { probeLines: new Map(), inHeaders: [] };
  const base = path.basename(src);
  let block: { warning: ProbeResult["truncatedInHeaders"][number]; probeLines: number[] } | undefined;
  const flush = () => {
    if (!block) return;
    for (const l of block.probeLines) if (!loss.probeLines.has(l)) loss.probeLines.set(l, block.warning.message);
    if (block.probeLines.length === 0) loss.inHeaders.push(block.warning);
    block = undefined;
  };
  for (const line of stderr.split("\n")) {
    const m = /^(.*?):(\d+):(?:(\d+):)? (error|note|warning): (.*)$/.exec(line);
    if (!m) continue;
    if (m[4] !== "note") {
      flush();
      if (m[4] === "warning" && VALUE_LOSS_WARNINGS.some((w) => w.test(m[5]))) {
        block = { warning: { file: m[1], line: Number(m[2]), column: Number(m[3] ?? 1), message: m[5] }, probeLines: [] };
      }
    }
    if (block && path.basename(m[1]) === base) block.probeLines.push(Number(m[2]));
  }
  flush();
  return loss;
}

/** Moves the items on the warned lines out of the results: ints fail, macros become unrepresentable (why, without gcc's `[-Wflag]`). */
function dropTruncatedValues(lossy: Map<number, string>, lineOwner: Map<number, ProbeItem>, result: ProbeResult): void {
  for (const [line, message] of lossy) {
    const owner = lineOwner.get(line);
    if (!owner) continue;
    const why = `the compiler warns: ${message.replace(/ \[-W[\w=-]+\]$/, "")}`;
    if (owner.kind === "int") {
      result.ints.delete(owner.index);
      result.failedInts.set(owner.index, `its value does not fit in 64 bits (${why})`);
    } else {
      result.macros.delete(owner.index);
      result.unrepresentableMacros.set(owner.index, why);
    }
  }
}

function headerErrors(stderr: string, src: string): NonNullable<ProbeResult["headerErrors"]> {
  return compilerErrorLines(stderr).filter((e) => path.basename(e.file) !== path.basename(src));
}

function firstErrors(stderr: string): string {
  const errors = stderr.split("\n").filter((l) => /error:/.test(l));
  return errors.slice(0, 3).join("; ") || stderr.trim().slice(0, 300);
}

function readProbeOutput(stdout: string, result: ProbeResult): void {
  for (const line of stdout.split("\n")) {
    const parts = line.split(" ");
    if (parts[0] === "I") result.ints.set(Number(parts[1]), BigInt(parts[2]));
    if (parts[0] !== "M") continue;
    const value = readMacro(parts);
    if (value.kind === "int" && value.size > MAX_INT_BYTES) {
      result.unrepresentableMacros.set(Number(parts[1]), `its type is ${value.size * 8} bits wide: an __int128 expression, or a decimal literal above INT64_MAX without a u suffix`);
    } else {
      result.macros.set(Number(parts[1]), value);
    }
  }
}

/** gcc's __builtin_classify_type classes used here. */
const INTEGER_CLASSES = new Set([1, 2, 3, 4]);
const REAL_CLASS = 8;
const POINTER_CLASS = 5;

function readMacro(parts: string[]): MacroValue {
  const [, , cls, size, sgn, int, float, str] = parts;
  if (str !== "-") return { kind: "string", value: Buffer.from(str.slice(1), "hex").toString("utf8") };
  const c = Number(cls);
  if (INTEGER_CLASSES.has(c)) return { kind: "int", value: BigInt(int), size: Number(size), signed: sgn === "1" };
  if (c === REAL_CLASS) {
    const v = Number(float);
    return Number.isFinite(v) ? { kind: "float", value: v } : { kind: "unsupported", reason: `the value is not finite (${float})` };
  }
  if (c === POINTER_CLASS) return { kind: "unsupported", reason: "its value is a pointer (e.g. a cast sentinel), which has no constant form" };
  return { kind: "unsupported", reason: "its value is neither an integer, a float nor a string" };
}
