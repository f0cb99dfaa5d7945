// TypeScript identifiers for the Node emitters: reserved-word escaping, safe property keys and a
// Scope handing out unique names (claims happen in IR order, which is deterministic; a clash gets
// a `_` suffix). Every identifier the koffi and ffi-rs emitters write goes through here.

/** ECMAScript/TypeScript reserved words and names a module must not shadow. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await any boolean number string symbol " +
    "bigint never unknown object undefined type as async of from declare keyof readonly infer is namespace module " +
    "require arguments eval NaN Infinity globalThis Object Array Error BigInt Number String Symbol Promise Map Set " +
    "Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array BigInt64Array BigUint64Array Float32Array " +
    "Float64Array Buffer process console"
  ).split(" "),
);

/** True when `name` is a valid JS identifier that is not reserved. */
export function isSafeIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !RESERVED.has(name);
}

/** A C name made into a usable identifier (reserved words get a `_` suffix). */
export function fmtIdentifier(cName: string): string {
  const cleaned = cName.replace(/[^A-Za-z0-9_$]/g, "_");
  const base = /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned === "" ? "_" : cleaned;
  return RESERVED.has(base) ? `${base}_` : base;
}

/** An object-literal / interface key: bare when an identifier, else quoted. */
export function fmtPropertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `my-lib.so` → `MyLib`: a PascalCase prefix for module-level type names. */
export function fmtPascal(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter((p) => p !== "");
  const joined = parts.map((p) => p[0]?.toUpperCase() + p.slice(1)).join("");
  return /^[0-9]/.test(joined) || joined === "" ? `M${joined}` : joined;
}

/** A C name reduced to identifier characters, the tail of a private generated name (`_t_<slug>`). */
export function fmtSlug(cName: string): string {
  return cName.replace(/\W/g, "_");
}

/** `<NAME>_LIBRARY_PATH`: the environment variable overriding the library location. */
export function fmtLibraryEnvVar(moduleName: string): string {
  return `${moduleName.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_LIBRARY_PATH`;
}

/** Unique names within one namespace. */
export class Scope {
  private readonly used = new Set<string>();
  private readonly assigned = new Map<string, string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  /** The identifier for `key` (a C name or id): the same key always gets the same name. */
  claim(key: string, wanted: string = key): string {
    const prior = this.assigned.get(key);
    if (prior !== undefined) return prior;
    let name = fmtIdentifier(wanted);
    while (this.used.has(name)) name = `${name}_`;
    this.used.add(name);
    this.assigned.set(key, name);
    return name;
  }

  /** The name already claimed for `key`, if any. */
  lookup(key: string): string | undefined {
    return this.assigned.get(key);
  }
}
