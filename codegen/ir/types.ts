// The IR: plain JSON data describing a C header, the contract between the parser
// (codegen/parse) and the emitters (codegen/emit). No classes, no functions, no parser
// handles. Its JSON Schema (schema.json) is generated from this file by typescript-json-schema.

/** Version of the IR format; bumped on any incompatible change. */
export const IR_VERSION = 1;

/** Stable id of a declaration: `<kind>:<name>`, e.g. `struct:OmenResult`, `typedef:size_t`, `function:omendb_open`. */
export type DeclId = string;

/** A position in an original header (mapped back through the preprocessor's line markers). */
export interface SourceLoc {
  /** Path of the header, relative to the working directory when inside it, else as the preprocessor printed it. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** One `@tag` of a doc comment, e.g. `@param[out] value text` gives `{ tag: "param", arg: "out", text: "value text" }`. */
export interface DocTag {
  /** Tag name without `@`. */
  tag: string;
  /** Bracketed argument (`[out]`), if any. */
  arg?: string;
  /** The rest of the tag's text, whitespace-normalised. */
  text: string;
}

/** A doc comment attached to a declaration. */
export interface DocComment {
  /** The prose before the first tag, comment markers removed, paragraphs kept (lines joined by `\n`). */
  text: string;
  /** The tags in source order. */
  tags: DocTag[];
}

/** Signedness and width of an integer type, with its C spelling. */
export interface IntType {
  kind: "int";
  /** C spelling as written after typedef resolution of builtins, e.g. `int`, `unsigned long`, `char`. */
  cName: string;
  /** Size in bytes on the target. */
  size: 1 | 2 | 4 | 8 | 16;
  /** Whether the type is signed. */
  signed: boolean;
  /** True for plain `char` (text, not a number, when behind a pointer). */
  isChar?: boolean;
  /** The type is `const`-qualified. */
  const?: boolean;
}

/** A floating-point type. */
export interface FloatType {
  kind: "float";
  /** `float`, `double` or `long double`. */
  cName: string;
  /** Size in bytes on the target (4, 8, or 16 for long double on x86_64). */
  size: 4 | 8 | 10 | 12 | 16;
  /** The type is `const`-qualified. */
  const?: boolean;
}

/** `_Bool` / `bool`. */
export interface BoolType {
  kind: "bool";
  /** The type is `const`-qualified. */
  const?: boolean;
}

/** `void` (only as a return type or behind a pointer). */
export interface VoidType {
  kind: "void";
  /** The type is `const`-qualified. */
  const?: boolean;
}

/** A pointer. Qualifiers of the pointee live on the pointee; `const` here means the pointer itself is const. */
export interface PointerType {
  kind: "pointer";
  /** What it points to. */
  pointee: TypeRef;
  /** The pointer itself is `const` (`char *const p`). */
  const?: boolean;
}

/** A fixed or incomplete array (`T x[N]`, `T x[]`). */
export interface ArrayType {
  kind: "array";
  /** Element type. */
  element: TypeRef;
  /** Number of elements, or null for `[]` (flexible or incomplete). */
  length: number | null;
  /** The type is `const`-qualified. */
  const?: boolean;
}

/** A reference to a declaration (struct, union, enum or typedef) by id. */
export interface RefType {
  kind: "ref";
  /** Id of the declaration. */
  id: DeclId;
  /** The type is `const`-qualified. */
  const?: boolean;
}

/** A parameter of a function type or function declaration. */
export interface ParamType {
  /** Parameter name as written, or "" when unnamed. */
  name: string;
  /** Parameter type (arrays already decayed to pointers). */
  type: TypeRef;
}

/** A function type, as found behind a pointer (callbacks) or in a typedef. */
export interface FunctionType {
  kind: "function";
  /** Return type. */
  returns: TypeRef;
  /** Parameters in order. */
  params: ParamType[];
  /** Ends with `...`. */
  variadic: boolean;
  /** The type is `const`-qualified (never set; kept for uniformity). */
  const?: boolean;
}

/** Any C type. */
export type TypeRef = IntType | FloatType | BoolType | VoidType | PointerType | ArrayType | RefType | FunctionType;

/** Kind names of TypeRef. */
export type TypeKind = TypeRef["kind"];

/** Fields shared by every declaration. */
export interface DeclBase {
  /** Stable id, unique in the module. */
  id: DeclId;
  /** C name (for anonymous records: a derived name, see `anonymous`). */
  name: string;
  /** Where it was declared. */
  loc: SourceLoc;
  /** Its doc comment, if any. */
  doc?: DocComment;
  /** Declared in a system header (kept only because the target header needs it). */
  system?: boolean;
}

/** Computed layout of a record. */
export interface RecordLayout {
  /** sizeof in bytes. */
  size: number;
  /** alignof in bytes. */
  align: number;
}

/** A member of a struct or union. */
export interface FieldDecl {
  /** Member name, or "" for an anonymous struct/union member. */
  name: string;
  /** Member type. */
  type: TypeRef;
  /** Bit-field width, if a bit-field. */
  bitWidth?: number;
  /** Byte offset from the start of the record (set by computeLayouts; for bit-fields, of the storage unit). */
  offset?: number;
  /** Bit offset from the start of the record (bit-fields only; set by computeLayouts). */
  bitOffset?: number;
  /** Its doc comment, if any. */
  doc?: DocComment;
  /** Where it was declared. */
  loc: SourceLoc;
}

/** A struct or union; incomplete (opaque) when `complete` is false. */
export interface RecordDecl extends DeclBase {
  kind: "struct" | "union";
  /** False for a forward declaration only (an opaque handle type). */
  complete: boolean;
  /** True when the record had no tag; `name` is then derived (typedef name, or parent_field). */
  anonymous: boolean;
  /** Members in order (empty when incomplete). */
  fields: FieldDecl[];
  /** `__attribute__((packed))` or an active `#pragma pack(1)`. */
  packed?: boolean;
  /** Maximum member alignment from `#pragma pack(N)` (N > 1). */
  maxFieldAlign?: number;
  /** Alignment forced by `__attribute__((aligned(N)))` on the record. */
  alignAttr?: number;
  /** Size and alignment (set by computeLayouts for complete records). */
  layout?: RecordLayout;
}

/** One enumerator. */
export interface EnumConstant {
  /** Enumerator name. */
  name: string;
  /** Its value in decimal (a string so 64-bit values survive JSON). */
  value: string;
  /** Its doc comment, if any. */
  doc?: DocComment;
}

/** An enum. */
export interface EnumDecl extends DeclBase {
  kind: "enum";
  /** True when the enum had no tag. */
  anonymous: boolean;
  /** Enumerators in source order. */
  constants: EnumConstant[];
  /** The integer type the compiler uses for it. */
  underlying: IntType;
}

/** A typedef. */
export interface TypedefDecl extends DeclBase {
  kind: "typedef";
  /** The aliased type. */
  type: TypeRef;
}

/** Direction of a pointer parameter, from `@param[in|out|in,out]`. */
export type ParamDirection = "in" | "out" | "inout";

/** A function parameter with the notes read from the function's doc comment. */
export interface ParamDecl extends ParamType {
  /** From `@param[dir]`. */
  direction?: ParamDirection;
  /** From `@nullable name`. */
  nullable?: boolean;
  /** From `@length name=other`: the parameter giving this pointer's element count. */
  lengthParam?: string;
  /** From `@owned name free_fn`: the function releasing what this (out) parameter receives. */
  freeWith?: string;
  /** The parameter's own text from `@param`. */
  docText?: string;
}

/** A function declaration. */
export interface FunctionDecl extends DeclBase {
  kind: "function";
  /** Return type. */
  returns: TypeRef;
  /** Parameters in order; `(void)` gives []. */
  params: ParamDecl[];
  /** Ends with `...`. */
  variadic: boolean;
  /** `static inline`: no symbol in the library, callable only from compiled code. */
  inline: boolean;
  /** From `@owned return free_fn`. */
  returnFreeWith?: string;
  /** From `@nullable return`. */
  returnNullable?: boolean;
  /** From `@abi-check CONST`: bindings call this function at load and compare with that constant. */
  abiCheck?: string;
  /** From `@thread-safety`. */
  threadSafety?: string;
  /** From `@errors`. */
  errors?: string[];
}

/** The value of an object-like macro, as evaluated by the C compiler. */
export type ConstValue =
  | {
      kind: "int";
      /** Decimal value (string so 64-bit values survive JSON). */
      value: string;
      /** Size in bytes of the expression's type. */
      size: number;
      /** Whether the expression's type is signed. */
      signed: boolean;
    }
  | {
      kind: "float";
      /** The value, printed with full precision. */
      value: number;
    }
  | {
      kind: "string";
      /** The string's bytes decoded as UTF-8 (escapes resolved). */
      value: string;
    };

/** An object-like `#define` whose value the compiler could evaluate. */
export interface ConstDecl extends DeclBase {
  kind: "const";
  /** The evaluated value. */
  value: ConstValue;
  /** The macro body as written. */
  expr: string;
}

/** An `extern` variable. */
export interface VarDecl extends DeclBase {
  kind: "var";
  /** Its type. */
  type: TypeRef;
}

/** Any declaration. */
export type Decl = RecordDecl | EnumDecl | TypedefDecl | FunctionDecl | ConstDecl | VarDecl;

/** Kind names of Decl. */
export type DeclKind = Decl["kind"];

/** The machine the layouts are computed for. */
export interface TargetInfo {
  /** e.g. `x86_64-linux-gnu`. */
  triple: string;
  /** sizeof(void *). */
  pointerSize: 4 | 8;
  /** sizeof(long). */
  longSize: 4 | 8;
  /** Whether plain `char` is signed. */
  charSigned: boolean;
}

/** The root of the IR. */
export interface IrModule {
  /** Always IR_VERSION. */
  irVersion: number;
  /** Module name (`--name`, default the header's stem). */
  name: string;
  /** The input headers as given (relative paths). */
  inputs: string[];
  /** Library to load (`--lib`) as given. */
  lib: string;
  /** Target the layouts were computed for. */
  target: TargetInfo;
  /** Declarations in dependency order, ties broken by name. */
  decls: Decl[];
}
