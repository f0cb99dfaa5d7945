// Python identifier rules shared by the ctypes and cffi emitters: keyword escaping,
// CapWords conversion, collision-free assignment in sorted order (so suffixes never depend
// on declaration order) and the module-name check against the standard library.

import { PYTHON_STDLIB_MODULES } from "./python-stdlib.js";

/** Hard and soft keywords of Python 3.11 plus builtins a generated module must not rebind. */
const PYTHON_RESERVED: ReadonlySet<string> = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "case", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
  "lambda", "match", "nonlocal", "not", "or", "pass", "raise", "return", "try", "type", "while", "with",
  "yield", "print", "len", "bytes", "str", "int", "float", "bool", "list", "object", "id", "open", "range",
]);

const STDLIB: ReadonlySet<string> = new Set(PYTHON_STDLIB_MODULES);

/** Makes any C name a valid Python identifier: keywords and reserved builtins get a trailing `_`. */
export function fmtPyIdent(cName: string): string {
  const cleaned = cName.replace(/[^A-Za-z0-9_]/g, "_");
  const ident = /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
  return PYTHON_RESERVED.has(ident) ? `${ident}_` : ident;
}

const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
  "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);

/** Module-level names: like fmtPyIdent, and a leading `__` (name-mangled inside class bodies) gets a `C` prefix. */
export function fmtPyGlobal(cName: string): string {
  return fmtPyIdent(cName.startsWith("__") ? `C${cName}` : cName);
}

/** Makes a C name a valid Python attribute name (only hard keywords are escaped). */
export function fmtPyAttr(cName: string): string {
  const cleaned = cName.replace(/[^A-Za-z0-9_]/g, "_");
  const ident = /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
  return PYTHON_KEYWORDS.has(ident) ? `${ident}_` : ident;
}

/** `omendb_storage_get` → `OmendbStorageGet`. */
export function fmtCapWords(cName: string): string {
  return cName
    .split(/_+/)
    .filter((p) => p.length > 0)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join("");
}

/** True when `stem` names a standard-library module (importing it would shadow the real one). */
export function shadowsStdlib(stem: string): boolean {
  return STDLIB.has(stem);
}

/** The Python module stem for `--name`: unchanged, or `<name>_c` when it shadows the standard library. */
export function fmtPyModuleStem(name: string): string {
  const ident = name.replace(/[^A-Za-z0-9_]/g, "_");
  return shadowsStdlib(ident) ? `${ident}_c` : ident;
}

/** Environment variable overriding the library path: `<NAME>_LIBRARY_PATH`. */
export function fmtLibraryEnvVar(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_LIBRARY_PATH`;
}

/** One request for a name in a scope: `key` identifies the requester, `wanted` is the preferred name. */
export interface NameRequest {
  key: string;
  wanted: string;
}

/**
 * Assigns collision-free identifiers. Requests are served in sorted (wanted, key) order and a
 * taken name gets `_` appended until free, so the result depends only on the set of requests.
 */
export function assignNames(
  requests: readonly NameRequest[],
  taken: Iterable<string> = [],
  escape: (name: string) => string = fmtPyIdent,
): Map<string, string> {
  const used = new Set<string>(taken);
  const out = new Map<string, string>();
  const sorted = [...requests].sort((a, b) =>
    a.wanted === b.wanted ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.wanted < b.wanted ? -1 : 1,
  );
  for (const r of sorted) {
    if (out.has(r.key)) throw new Error(`internal: duplicate name request key ${r.key}`);
    let name = escape(r.wanted);
    while (used.has(name)) name += "_";
    used.add(name);
    out.set(r.key, name);
  }
  return out;
}
