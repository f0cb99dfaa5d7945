// Python names of every generated declaration of a ctypes module: record, enum, handle and
// callback classes, constants, and per-function result tuples. All identifiers come from here,
// assigned once in sorted order so collision suffixes never depend on declaration order.

import type { IrModule, RecordDecl } from "../../ir/types.js";
import type { DeclIndex } from "../common/cdecl.js";
import { assignNames, fmtCapWords, fmtPyAttr, fmtPyGlobal, type NameRequest } from "../common/python-names.js";

/** Names the module defines itself (helpers, loader, typing imports). */
const MODULE_RESERVED = [
  "annotations", "array", "ctypes", "enum", "os", "sys", "importlib", "typing", "Any", "Callable", "NamedTuple",
  "Optional", "Sequence", "Union", "TypeAlias", "load", "Library", "BACKEND", "LIBRARY", "ENV_VAR",
];

/** Resolved Python names of one module. */
export class PyNames {
  private readonly map: Map<string, string>;

  constructor(ir: IrModule, index: DeclIndex) {
    const requests: NameRequest[] = [];
    for (const d of ir.decls) {
      switch (d.kind) {
        case "struct":
        case "union":
          requests.push({ key: `type:${d.id}`, wanted: recordWantedName(d, index) });
          break;
        case "enum":
          if (!d.anonymous) requests.push({ key: `type:${d.id}`, wanted: d.name });
          for (const c of d.constants) requests.push({ key: `enumconst:${d.id}:${c.name}`, wanted: c.name });
          break;
        case "typedef": {
          const t = index.resolve(d.type);
          if (t.kind === "pointer" && index.resolve(t.pointee).kind === "function") requests.push({ key: `type:${d.id}`, wanted: d.name });
          break;
        }
        case "const":
          requests.push({ key: `const:${d.name}`, wanted: d.name });
          break;
        case "function":
          requests.push({ key: `tuple:${d.name}`, wanted: `${fmtCapWords(d.name)}Result` });
          break;
        default:
          break;
      }
    }
    this.map = assignNames(requests, MODULE_RESERVED, fmtPyGlobal);
  }

  /** Class name of a record, enum, handle or callback typedef. */
  type(id: string): string {
    const n = this.map.get(`type:${id}`);
    if (!n) throw new Error(`internal: no Python name for ${id}`);
    return n;
  }

  hasType(id: string): boolean {
    return this.map.has(`type:${id}`);
  }

  enumConst(enumId: string, name: string): string {
    return this.map.get(`enumconst:${enumId}:${name}`) as string;
  }

  constant(name: string): string {
    return this.map.get(`const:${name}`) as string;
  }

  resultTuple(fn: string): string {
    return this.map.get(`tuple:${fn}`) as string;
  }
}

/** A record's class takes its tag, or for an anonymous record its typedef's (or derived) name. */
function recordWantedName(d: RecordDecl, index: DeclIndex): string {
  if (!d.anonymous) return d.name;
  return index.typedefFor(d.id)?.name ?? d.name;
}

/** Names of a field list: C names made valid, anonymous members `_anon_<i>`, collisions suffixed. */
export function fieldNames(rec: RecordDecl): string[] {
  let anon = 0;
  const requests = rec.fields.map((f, i) => ({ key: String(i), wanted: f.name === "" ? `_anon_${anon++}` : f.name }));
  const assigned = assignNames(requests, [], fmtPyAttr);
  return rec.fields.map((_f, i) => assigned.get(String(i)) as string);
}
