// Declarations the compiler provides without a header: `__builtin_va_list` (on x86_64 SysV an
// array of one `struct __va_list_tag`). Added to the pool before lowering, marked as system.

import type { Decl } from "../../ir/types.js";

const BUILTIN_LOC = { file: "<built-in>", line: 1, column: 1 };

/** The compiler-provided declarations for a target triple. */
export function builtinDecls(triple: string): Decl[] {
  if (!triple.startsWith("x86_64")) {
    return [{ kind: "typedef", id: "typedef:__builtin_va_list", name: "__builtin_va_list", loc: BUILTIN_LOC, system: true, type: { kind: "pointer", pointee: { kind: "void" } } }];
  }
  const u32 = { kind: "int" as const, cName: "unsigned int", size: 4 as const, signed: false };
  const voidPtr = { kind: "pointer" as const, pointee: { kind: "void" as const } };
  return [
    {
      kind: "struct",
      id: "struct:__va_list_tag",
      name: "__va_list_tag",
      loc: BUILTIN_LOC,
      system: true,
      complete: true,
      anonymous: false,
      fields: [
        { name: "gp_offset", type: u32, loc: BUILTIN_LOC },
        { name: "fp_offset", type: u32, loc: BUILTIN_LOC },
        { name: "overflow_arg_area", type: voidPtr, loc: BUILTIN_LOC },
        { name: "reg_save_area", type: voidPtr, loc: BUILTIN_LOC },
      ],
    },
    {
      kind: "typedef",
      id: "typedef:__builtin_va_list",
      name: "__builtin_va_list",
      loc: BUILTIN_LOC,
      system: true,
      type: { kind: "array", element: { kind: "ref", id: "struct:__va_list_tag" }, length: 1 },
    },
  ];
}
