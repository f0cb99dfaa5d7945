// Typed get/set helpers for the bit-fields of records rewritten by bitfield-storage (koffi,
// ffi-rs): one exported object per record, `<Record>Bits`, with `get(r)` / `set(r, value)` per
// bit-field over the record's storage members, plus the few private bit helpers they call.
// Input: the emitted record plans and their accessors; output: TypeScript text.

import type { BitfieldAccessor } from "./bitfield-storage.js";
import { declDocLines, tsDocBlock } from "./doc.js";
import type { TsExportNames } from "./ts-export-names.js";
import { fmtPropertyKey } from "./ts-names.js";
import type { TsRecordPlan } from "./ts-records.js";
import type { CodeWriter } from "./writer.js";

/** Private helper names (reserved in each target's fixed names). */
export const BITFIELD_HELPERS = ["_bf_get", "_bf_set", "_bf_fromBytes", "_bf_toBytes"] as const;

type Helper = (typeof BITFIELD_HELPERS)[number];

const HELPER_SOURCE: Record<Helper, string[]> = {
  _bf_get: [
    "/** `width` bits at `shift` of a storage word, sign-extended when `signed`. */",
    "function _bf_get(word: bigint, shift: number, width: number, signed: boolean): bigint {",
    "  const bits = BigInt.asUintN(width, word >> BigInt(shift));",
    "  return signed ? BigInt.asIntN(width, bits) : bits;",
    "}",
  ],
  _bf_set: [
    "/** The storage word with `width` bits at `shift` replaced by `value`, truncated to the width as C stores it. */",
    "function _bf_set(word: bigint, shift: number, width: number, value: number | bigint | boolean): bigint {",
    "  const mask = ((1n << BigInt(width)) - 1n) << BigInt(shift);",
    "  return (word & ~mask) | (BigInt.asUintN(width, BigInt(value)) << BigInt(shift));",
    "}",
  ],
  _bf_fromBytes: [
    "/** Little-endian bytes of a storage member as one word. */",
    "function _bf_fromBytes(bytes: Uint8Array): bigint {",
    "  let word = 0n;",
    "  for (let i = bytes.length - 1; i >= 0; i--) word = (word << 8n) | BigInt(bytes[i] ?? 0);",
    "  return word;",
    "}",
  ],
  _bf_toBytes: [
    "/** A word as the `size` little-endian bytes of a storage member. */",
    "function _bf_toBytes(word: bigint, size: number): Uint8Array {",
    "  const bytes = new Uint8Array(size);",
    "  for (let i = 0; i < size; i++) bytes[i] = Number((word >> BigInt(8 * i)) & 0xffn);",
    "  return bytes;",
    "}",
  ],
};

/** Writes `<Record>Bits` for every emitted record with bit-fields, then the helpers they use. */
export function emitBitfieldAccessors(
  w: CodeWriter,
  plans: readonly TsRecordPlan[],
  accessors: ReadonlyMap<string, readonly BitfieldAccessor[]>,
  names: TsExportNames,
  target: string,
): void {
  const used = new Set<Helper>();
  for (const p of plans) {
    const list = accessors.get(p.rec.id);
    if (!list || list.length === 0) continue;
    const recordName = names.record(p.rec, false);
    const objectName = names.exports.claim(`${p.rec.id}#bits`, `${recordName}Bits`);
    const storageKeys = [...new Set(list.map((a) => a.storageKey))];
    const first = list[0];
    w.blank();
    w.lines(
      tsDocBlock([
        `Bit-field accessors of \`${recordName}\`: ${target} cannot describe bit-fields, so the record holds their`,
        `storage (${storageKeys.map((k) => `\`${k}\``).join(", ")}); \`${objectName}.${first?.name}.get(r)\` reads one, \`.set(r, value)\` writes it.`,
      ]),
    );
    w.block(`export const ${objectName} = {`, "} as const;", () => {
      for (const a of list) emitAccessor(w, a, p, names, used);
    });
  }
  for (const helper of BITFIELD_HELPERS) {
    if (!used.has(helper)) continue;
    w.blank();
    w.lines(HELPER_SOURCE[helper]);
  }
}

function emitAccessor(w: CodeWriter, a: BitfieldAccessor, p: TsRecordPlan, names: TsExportNames, used: Set<Helper>): void {
  const union = p.rec.kind === "union";
  const member = `r.${a.storageKey}`;
  const stored = union ? `(${member} ?? ${a.storage.kind === "bytes" ? `new Uint8Array(${a.storage.size})` : "0"})` : member;
  let word: string;
  if (a.storage.kind === "bytes") {
    used.add("_bf_fromBytes");
    word = `_bf_fromBytes(${stored})`;
  } else {
    word = `BigInt(${stored})`;
  }
  used.add("_bf_get");
  used.add("_bf_set");
  const read = `_bf_get(${word}, ${a.shift}, ${a.width}, ${a.signed})`;
  const wide = a.width > 32;
  const valueType = a.bool ? "boolean" : wide ? "bigint" : "number";
  const getExpr = a.bool ? `${read} !== 0n` : wide ? read : `Number(${read})`;
  const next = `_bf_set(${word}, ${a.shift}, ${a.width}, value)`;
  let storeExpr: string;
  if (a.storage.kind === "bytes") {
    used.add("_bf_toBytes");
    storeExpr = `_bf_toBytes(${next}, ${a.storage.size})`;
  } else {
    storeExpr = a.storage.size === 8 ? next : `Number(${next})`;
  }
  const output = `Pick<${names.record(p.rec, false)}, ${JSON.stringify(a.storageKey)}>`;
  const input = `Pick<${names.record(p.rec, true)}, ${JSON.stringify(a.storageKey)}>`;
  const doc = declDocLines(a.doc);
  doc.push(`${a.bool ? "_Bool" : a.signed ? "Signed" : "Unsigned"}, ${a.width} bit${a.width === 1 ? "" : "s"} at bit ${a.shift} of \`${a.storageKey}\`.`);
  w.lines(tsDocBlock(doc));
  w.block(`${fmtPropertyKey(a.name)}: {`, "},", () => {
    w.line(`get: (r: ${output}): ${valueType} => ${getExpr},`);
    w.block(`set: (r: ${input}, value: ${wide ? "number | bigint" : valueType}): void => {`, "},", () => {
      w.line(`${member} = ${storeExpr};`);
    });
  });
}
