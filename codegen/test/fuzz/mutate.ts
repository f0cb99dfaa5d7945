// Seeded mutations of C header text for fuzzing the generator: a small PRNG and one function
// per mutation kind (truncate, delete/duplicate a line, swap tokens, insert garbage, flip a
// keyword, open a comment, an extreme number). Pure: the same (text, seed) always gives the same mutant.

/** A deterministic 32-bit PRNG (mulberry32); `next()` is uniform in [0, 1). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

/** Tokens inserted by `insertGarbage`: unbalanced punctuation, half attributes, stray directives. */
export const GARBAGE_TOKENS: readonly string[] = [
  "}", "{", "(", ")", ";", ",", "*", "[", "]", ":", "...", "=", "__attribute__((", "__attribute__((aligned(3)))",
  "#if 0", "#endif", "#else", "#define", "#include", "struct", "union", "enum {", "typedef", "static inline",
  "0x", "\"", "'", "\\", "_Alignas(", "int int", "[-1]", "[0]", ": 99", "__asm__(\"x\")", "void", "const",
];

/** Keyword swaps used by `flipKeyword` (each applies in both directions). */
const KEYWORD_PAIRS: readonly [string, string][] = [
  ["struct", "union"], ["struct", "enum"], ["int", "void"], ["const", "volatile"], ["unsigned", "signed"],
  ["char", "double"], ["typedef", "extern"], ["extern", "static inline"], ["long", "short"], ["void", "float"],
];

const TOKEN = /[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|\.\.\.|->|[^\s\w]/g;

interface Token {
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

/** A line index biased towards lines holding declarations (non-empty, not only a comment). */
function pickLine(lines: string[], rng: Rng): number {
  for (let tries = 0; tries < 8; tries++) {
    const i = rng.below(lines.length);
    const t = lines[i].trim();
    if (t !== "" && !t.startsWith("*") && !t.startsWith("/*") && !t.startsWith("//")) return i;
  }
  return rng.below(lines.length);
}

type Mutation = (text: string, rng: Rng) => string;

const truncateAtByte: Mutation = (text, rng) => text.slice(0, rng.below(text.length + 1));

const truncateAtLine: Mutation = (text, rng) => {
  const lines = text.split("\n");
  return lines.slice(0, pickLine(lines, rng)).join("\n") + "\n";
};

const deleteLine: Mutation = (text, rng) => {
  const lines = text.split("\n");
  lines.splice(pickLine(lines, rng), 1);
  return lines.join("\n");
};

const duplicateLine: Mutation = (text, rng) => {
  const lines = text.split("\n");
  const i = pickLine(lines, rng);
  lines.splice(i, 0, lines[i]);
  return lines.join("\n");
};

/** Swaps two tokens at most 12 tokens apart (so the swap lands inside one declaration). */
const swapTokens: Mutation = (text, rng) => {
  const toks = tokens(text);
  if (toks.length < 2) return text;
  const i = rng.below(toks.length - 1);
  const j = Math.min(toks.length - 1, i + 1 + rng.below(12));
  const [a, b] = [toks[i], toks[j]];
  return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
};

/** Inserts a garbage token at a token boundary, or on its own line (directives). */
const insertGarbage: Mutation = (text, rng) => {
  const garbage = rng.pick(GARBAGE_TOKENS);
  if (garbage.startsWith("#")) {
    const starts = lineStarts(text);
    const at = rng.pick(starts);
    return `${text.slice(0, at)}${garbage}\n${text.slice(at)}`;
  }
  const toks = tokens(text);
  const at = toks.length ? rng.pick(toks).start : 0;
  return `${text.slice(0, at)}${garbage} ${text.slice(at)}`;
};

/** Replaces one occurrence of a keyword with its partner. */
const flipKeyword: Mutation = (text, rng) => {
  const [a, b] = rng.pick(KEYWORD_PAIRS);
  const [from, to] = rng.below(2) ? [a, b] : [b, a];
  const hits = [...text.matchAll(new RegExp(`\\b${from}\\b`, "g"))];
  if (hits.length === 0) return text;
  const at = rng.pick(hits).index;
  return text.slice(0, at) + to + text.slice(at + from.length);
};

/** Opens a block comment that is never closed (or closes one early). */
const breakComment: Mutation = (text, rng) => {
  const toks = tokens(text);
  const at = toks.length ? rng.pick(toks).start : 0;
  return `${text.slice(0, at)}${rng.below(2) ? "/* " : "*/ "}${text.slice(at)}`;
};

/** Extreme integers for `replaceNumber`: zero, negative, past 32 and 64 bits, odd alignments. */
const EXTREME_NUMBERS: readonly string[] = ["0", "-1", "3", "65", "4294967296", "0x7fffffffffffffff", "18446744073709551616", "1e9", "(1/0)"];

/** Replaces an integer literal (an array size, bit width, enumerator, aligned(N)) with an extreme one. */
const replaceNumber: Mutation = (text, rng) => {
  const hits = [...text.matchAll(/\b\d+\b/g)];
  if (hits.length === 0) return text;
  const hit = rng.pick(hits);
  return text.slice(0, hit.index) + rng.pick(EXTREME_NUMBERS) + text.slice(hit.index + hit[0].length);
};

/** Every mutation kind by name (the name is recorded with each fuzz input). */
export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncateAtByte,
  truncateAtLine,
  deleteLine,
  duplicateLine,
  swapTokens,
  insertGarbage,
  flipKeyword,
  breakComment,
  replaceNumber,
};

/** One mutant and the mutation steps that made it. */
export interface Mutant {
  text: string;
  steps: string[];
}

/** Applies 1–3 seeded mutations (truncations only as the last step). */
export function mutate(text: string, seed: number): Mutant {
  const rng = new Rng(seed);
  const names = Object.keys(MUTATIONS);
  const count = 1 + rng.below(3);
  let cur = text;
  const steps: string[] = [];
  for (let k = 0; k < count; k++) {
    let name = rng.pick(names);
    if (name.startsWith("truncate") && k < count - 1) name = "swapTokens";
    cur = MUTATIONS[name](cur, rng);
    steps.push(name);
  }
  return { text: cur, steps };
}
