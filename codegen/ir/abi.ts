// Per-target ABI table: sizes and alignments of C builtin types and pointers. Used by the
// parser (to turn builtin spellings into IntType/FloatType) and by computeLayouts.
// Input: a target triple; output: TargetInfo plus size/align lookups. Only LP64 x86_64/aarch64 Linux for now.

import type { TargetInfo } from "./types.js";

/** Size and alignment of one scalar, in bytes. */
export interface ScalarLayout {
  size: number;
  align: number;
}

/** Everything the layout pass needs to know about a target. */
export interface AbiTable {
  info: TargetInfo;
  /** Layout of an integer of the given size. */
  int(size: number): ScalarLayout;
  /** Layout of a float of the given size (long double is 16/16 on x86_64). */
  float(size: number): ScalarLayout;
  bool: ScalarLayout;
  pointer: ScalarLayout;
}

const LP64_TRIPLES = new Set(["x86_64-linux-gnu", "x86_64-pc-linux-gnu", "x86_64-unknown-linux-gnu", "aarch64-linux-gnu"]);

/** The ABI table of a supported triple, or undefined when the triple is unknown. */
export function abiFor(triple: string): AbiTable | undefined {
  if (!LP64_TRIPLES.has(triple)) return undefined;
  const charSigned = !triple.startsWith("aarch64");
  return {
    info: { triple, pointerSize: 8, longSize: 8, charSigned },
    int: (size) => ({ size, align: size }),
    float: (size) => ({ size, align: size }),
    bool: { size: 1, align: 1 },
    pointer: { size: 8, align: 8 },
  };
}

/** Builtin integer spellings (normalised word order) and their sizes on LP64. */
const LP64_INT_SIZES: Record<string, number> = {
  char: 1,
  short: 2,
  int: 4,
  long: 8,
  "long long": 8,
  __int128: 16,
};

/** Size of a builtin integer base spelling (`char`, `short`, `int`, `long`, `long long`, `__int128`). */
export function builtinIntSize(base: string, info: TargetInfo): number | undefined {
  if (base === "long") return info.longSize;
  return LP64_INT_SIZES[base];
}

/** Size of a builtin float spelling. */
export function builtinFloatSize(name: string): 4 | 8 | 16 | undefined {
  if (name === "float") return 4;
  if (name === "double") return 8;
  if (name === "long double") return 16;
  return undefined;
}
