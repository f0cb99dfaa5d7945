// Random C records with bit-fields for the differential bit-field tests (bitfields-random for
// koffi, bitfields-random-ctypes for ctypes): a deterministic generator of structs and unions under
// every packing (natural, packed, aligned(8), #pragma pack(1/2/4/8)), zero-width and unnamed
// bit-fields included, their C declarations and the C statements that store test values in them.

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
}

export interface Member {
  name: string;
  type: string;
  bits?: number;
  signed: boolean;
}

const BIT_TYPES: [string, number, boolean][] = [
  ["unsigned char", 8, false], ["signed char", 8, true], ["unsigned short", 16, false], ["short", 16, true],
  ["unsigned int", 32, false], ["int", 32, true], ["unsigned long long", 64, false], ["long long", 64, true], ["_Bool", 1, false],
];
const PLAIN_TYPES = ["char", "short", "int", "long long", "double", "float"];

/** How a record is packed: an attribute after `struct`/`union`, or a `#pragma pack` around it. */
export interface Packing {
  attribute: string;
  pragma?: number;
}

export const LAYOUTS: Packing[] = [
  { attribute: "" }, { attribute: "__attribute__((packed)) " }, { attribute: "__attribute__((aligned(8))) " },
  { attribute: "", pragma: 1 }, { attribute: "", pragma: 2 }, { attribute: "", pragma: 4 }, { attribute: "", pragma: 8 },
];

const bit = (name: string, type: string, bits: number, signed = false): Member => ({ name, type, bits, signed });
const plain = (name: string, type: string): Member => ({ name, type, signed: true });

export interface RandomRecord {
  kind: "struct" | "union";
  name: string;
  members: Member[];
  layout: Packing;
}

/**
 * Structs that once failed: a trailing `long long : 0` rounding the size past the alignment; a zero-width
 * bit-field between plain members; under pack(2) a bit-field moved to the next unit where gcc keeps it at
 * bit 44; a packed zero-width `short : 0` that gcc aligns to 2 bytes; 64-bit-wide bit-fields.
 */
export const REGRESSIONS: RandomRecord[] = [
  { kind: "struct", name: "R0", layout: { attribute: "" }, members: [plain("p0", "char"), bit("b1", "unsigned char", 7), bit("", "short", 11), bit("", "unsigned long long", 53), bit("b4", "_Bool", 1), bit("b5", "int", 8, true), plain("p6", "char"), bit("", "long long", 0)] },
  { kind: "struct", name: "R1", layout: { attribute: "" }, members: [plain("a", "char"), bit("", "int", 0), plain("b", "char"), bit("c", "unsigned int", 3)] },
  { kind: "struct", name: "R2", layout: { attribute: "", pragma: 2 }, members: [bit("b0", "long long", 44, true), bit("b1", "unsigned char", 5)] },
  { kind: "struct", name: "R3", layout: { attribute: "__attribute__((packed)) " }, members: [bit("b0", "_Bool", 1), bit("", "short", 0)] },
  { kind: "struct", name: "R4", layout: { attribute: "" }, members: [bit("b0", "unsigned long long", 64), bit("b1", "long long", 64, true), bit("b2", "unsigned char", 3)] },
];

/**
 * Records ctypes' own bit-field layout got wrong (the emitter now stores bit-fields in members):
 * a char after a 17-bit field, a trailing 3-bit field after an int, a 1-byte unit under pack(4),
 * a 33-bit union member under pack(2), a `char` bit-field in a union, a float before a bit-field
 * gcc moves to the next eightbyte (by value: the gap must stay padding, not integer storage, or
 * libffi passes the float's eightbyte in an integer register).
 */
export const CTYPES_REGRESSIONS: RandomRecord[] = [
  { kind: "struct", name: "C0", layout: { attribute: "" }, members: [bit("b0", "unsigned int", 17), plain("p1", "char")] },
  { kind: "struct", name: "C1", layout: { attribute: "" }, members: [plain("p0", "char"), plain("p1", "int"), plain("p2", "char"), bit("bz", "unsigned int", 3)] },
  { kind: "struct", name: "C2", layout: { attribute: "", pragma: 4 }, members: [plain("a", "char"), bit("b", "long long", 3, true), plain("c", "char")] },
  { kind: "union", name: "C3", layout: { attribute: "", pragma: 2 }, members: [plain("a", "char"), bit("b", "long long", 33, true)] },
  { kind: "union", name: "C4", layout: { attribute: "" }, members: [bit("a", "signed char", 3, true)] },
  { kind: "struct", name: "C5", layout: { attribute: "" }, members: [plain("f", "float"), bit("x", "long long", 40, true)] },
];

/** `count` random records of one kind, named `<prefix><i>`; each has at least one named bit-field. */
export function randomRecords(seed: number, count: number, kind: "struct" | "union" = "struct", prefix = "S"): RandomRecord[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, s) => {
    const members: Member[] = [];
    const layout = LAYOUTS[rnd(LAYOUTS.length)] ?? { attribute: "" };
    for (let i = 0, n = 1 + rnd(8); i < n; i++) {
      if (rnd(3) === 0) {
        members.push({ name: `p${i}`, type: PLAIN_TYPES[rnd(PLAIN_TYPES.length)] ?? "int", signed: true });
        continue;
      }
      const [type, width, signed] = BIT_TYPES[rnd(BIT_TYPES.length)] ?? ["int", 32, true];
      const unnamed = rnd(6) === 0; // padding, or a zero-width break
      const bits = unnamed ? rnd(2) * (1 + rnd(width)) : 1 + rnd(width);
      members.push({ name: unnamed || bits === 0 ? "" : `b${i}`, type, bits, signed });
    }
    if (!members.some((m) => m.name !== "" && m.bits)) members.push({ name: "bz", type: "unsigned int", bits: 3, signed: false });
    return { kind, name: `${prefix}${s}`, members, layout };
  });
}

/** The C declaration of a record, its `#pragma pack` around it. */
export function declare(r: RandomRecord): string {
  const body = r.members.map((m) => `${m.type} ${m.name}${m.bits !== undefined ? ` : ${m.bits}` : ""};`).join(" ");
  // The parser takes a union's attribute after the body (as gcc does), a struct's after `struct`.
  const attribute = r.layout.attribute.trim();
  const decl = r.kind === "union" && attribute !== "" ? `union ${r.name} { ${body} } ${attribute};` : `${r.kind} ${r.layout.attribute}${r.name} { ${body} };`;
  return r.layout.pragma === undefined ? decl : `#pragma pack(${r.layout.pragma})\n${decl}\n#pragma pack()`;
}

/** C statement storing a test value in member `m` of `x` (the i-th named one), within its width. */
export function assign(m: Member, i: number): string {
  if (m.bits === undefined) return m.type === "double" || m.type === "float" ? `x.${m.name} = 1.5;` : `x.${m.name} = ${i + 1};`;
  if (m.type === "_Bool") return `x.${m.name} = ${i % 2};`;
  const magnitude = Math.min(m.bits, 31);
  return m.signed ? `x.${m.name} = -${(i * 7 + 1) % 2 ** (magnitude - 1) || 1};` : `x.${m.name} = ${(i * 977 + 5) % 2 ** magnitude};`;
}
