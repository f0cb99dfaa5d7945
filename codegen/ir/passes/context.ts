// What passes may read besides the IR: the diagnostic sink, the target ABI, the library's
// exported symbols, and side tables the parser produced (origins of declarations, integer
// expressions and macros left for the compiler). Plain data plus one evaluator callback.

import type { DiagnosticSink } from "../../diag.js";
import type { AbiTable } from "../abi.js";
import type { DeclId, SourceLoc } from "../types.js";

/** Where a declaration came from, as far as filtering cares. */
export interface DeclProvenance {
  /** Declared in a file that belongs to the library (input header and its own sub-headers). */
  library: boolean;
  /** Declared in a system header (line-marker flag 3). */
  system: boolean;
}

/** An integer expression whose value a declaration needs (array size, bit width, aligned(N), enumerator). */
export interface IntRequest {
  expr: string;
  loc: SourceLoc;
  owner: DeclId;
  apply(value: bigint): void;
}

/** An object-like macro from a library file, a candidate constant. */
export interface MacroCandidate {
  name: string;
  body: string;
  loc: SourceLoc;
  system: boolean;
}

/** A top-level declaration the parser could not lower. */
export interface BrokenDecl {
  names: string[];
  reason: string;
  /** Position of the problem. */
  loc: SourceLoc;
  /** Whether it lies in a library file (then it is needed, and an error). */
  library: boolean;
  /** A syntax error (E0101) rather than an unsupported construct (W0102). */
  syntax: boolean;
}

/** Values the compiler produced; indexes follow the request arrays. */
export interface Evaluation {
  ints: Map<number, bigint>;
  macros: Map<number, { kind: "int"; value: bigint; size: number; signed: boolean } | { kind: "float"; value: number } | { kind: "string"; value: string } | { kind: "unsupported"; reason: string }>;
  failedInts: Map<number, string>;
  failedMacros: Map<number, string>;
  /** Macros whose value does not fit in 64 bits (W0303): index → why. */
  unrepresentableMacros: Map<number, string>;
  /** The compiler's truncation warnings inside the headers (positions in display form). */
  truncatedInHeaders: { file: string; line: number; column: number; message: string }[];
  fatal?: string;
  /** Compiler errors inside the headers (positions already in display form), when fatal. */
  headerErrors?: { file: string; line: number; column: number; message: string }[];
}

/** Everything a pass may use. */
export interface PassContext {
  diag: DiagnosticSink;
  abi: AbiTable;
  /** Exported symbols of `--lib`, or undefined when symbols are not checked. */
  exported?: Set<string>;
  /** `--prefix` values; empty keeps every name. */
  prefixes: string[];
  /** Link names given by `__asm__("...")`, by C name. */
  asmNames: Map<string, string>;
  provenance: Map<DeclId, DeclProvenance>;
  intRequests: IntRequest[];
  macros: MacroCandidate[];
  broken: BrokenDecl[];
  /** Runs the compiler on integer expressions and macro names (one program). */
  evaluate(intExprs: string[], macroNames: string[]): Evaluation;
  /** Filled by applySymbolFilter: the declarations kept for their own sake. */
  roots: Set<DeclId>;
}

/** True when `name` matches one of the prefixes (or no prefix was given). */
export function matchesPrefix(name: string, prefixes: string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => name.startsWith(p));
}
