// The compiled fast path of the Python module: `_CffiLibrary`, a `Library` whose wrappers call
// the cffi API-mode extension `_<stem>_cffi` directly (same signatures, same NamedTuples and
// ctypes record objects), and the `BACKEND` / `load()` selection between it and ctypes.

import type { FunctionDecl, TypeRef } from "../../ir/types.js";
import { type DeclIndex, defaultRefSpeller, renderDecl } from "../common/cdecl.js";
import type { CodeWriter } from "../common/writer.js";
import { ctypesArg, outValue, pyDoc, signature, tupleFields } from "./functions.js";
import type { InParam, OutParam, PyFunction } from "./model.js";

/** C spelling of a parameter type as cffi's `ffi.cast` expects it. */
function cType(t: TypeRef, index: DeclIndex): string {
  return renderDecl(t, "", defaultRefSpeller(index));
}

function cffiArg(p: InParam, type: TypeRef, index: DeclIndex, w: CodeWriter): string {
  const r = index.resolve(type);
  if (p.kind === "value" && r.kind !== "pointer") {
    if (r.kind === "ref" && index.record(r.id)) return `self._ffi.cast("${cType(type, index)} *", ctypes.addressof(${p.pyName}))[0]`;
    return p.pyName;
  }
  // The converted value is kept in a local so temporaries (encoded text, copies) outlive the call.
  w.line(`_a_${p.pyName} = ${ctypesArg(p, w)}`);
  return `self._ffi.cast("${cType(type, index)}", _addr(_a_${p.pyName}))`;
}

function cffiReturn(f: PyFunction, expr: string, index: DeclIndex): string {
  switch (f.returnKind) {
    case "void":
    case "value":
      return expr;
    case "cstring":
      return `_decode(_cffi_bytes(self._ffi, ${expr}))`;
    case "bytes_cstring":
      return `_cffi_bytes(self._ffi, ${expr})`;
    case "owned_cstring":
      return `_owned_str_value(_cffi_addr(self._ffi, ${expr}), self._c_${f.returnFreeWith})`;
    case "handle":
      return `_handle(${f.restype}(_cffi_addr(self._ffi, ${expr})))`;
    case "raw": {
      const r = index.resolve(f.decl.returns);
      if (r.kind === "ref") return `${f.restype}.from_buffer_copy(self._ffi.buffer(self._ffi.new("${cType(f.decl.returns, index)} *", ${expr})))`;
      if (f.restype === "ctypes.c_void_p") return `_cffi_addr(self._ffi, ${expr})`;
      if (f.restype === "ctypes.c_char_p") return `_cffi_bytes(self._ffi, ${expr})`;
      return `ctypes.cast(_cffi_addr(self._ffi, ${expr}) or 0, ${f.restype})`;
    }
  }
}

function emitCffiBody(w: CodeWriter, f: PyFunction, index: DeclIndex): void {
  const args: string[] = [];
  f.slots.forEach((s, i) => {
    const declared = f.decl.params[i].type;
    const resolved = index.resolve(declared);
    const type: TypeRef = resolved.kind === "array" ? { kind: "pointer", pointee: resolved.element } : declared;
    if ("in" in s) args.push(cffiArg(s.in, type, index, w));
    else {
      w.line(`_o_${s.out.pyName} = ${s.out.alloc}()`);
      args.push(`self._ffi.cast("${cType(type, index)}", ctypes.addressof(_o_${s.out.pyName}))`);
    }
  });
  const call = cffiReturn(f, `self._lib.${f.name}(${args.join(", ")})`, index);
  const outs = f.slots.filter((s): s is { out: OutParam } => "out" in s).map((s) => s.out);
  if (f.returnKind === "void") w.line(call);
  else w.line(`_r: ${f.resultAnnotation} = ${call}`);
  if (outs.length === 0) {
    if (f.returnKind !== "void") w.line("return _r");
    return;
  }
  w.line(`return ${f.tupleName}(${tupleFields(f, outs.map((o) => outValue(o, f)))})`);
}

/** C type of a free function's first parameter, for the cffi free closures. */
function freeClosures(fns: PyFunction[], allFns: FunctionDecl[], index: DeclIndex): [string, string][] {
  const needed = new Set<string>();
  for (const f of fns) {
    if (f.returnFreeWith) needed.add(f.returnFreeWith);
    for (const s of f.slots) if ("out" in s && s.out.freeWith) needed.add(s.out.freeWith);
  }
  const out: [string, string][] = [];
  for (const name of [...needed].sort()) {
    const decl = allFns.find((d) => d.name === name);
    if (!decl || decl.params.length === 0) continue;
    const first = cType(decl.params[0].type, index);
    const call = decl.params.length === 2 ? `lib.${name}(ffi.cast("${first}", address), count)` : `lib.${name}(ffi.cast("${first}", address))`;
    out.push([name, `lambda address, count: ${call}`]);
  }
  return out;
}

/** Writes `_CffiLibrary`, `BACKEND` and `load()` (`.py`). */
export function emitCffiPath(
  w: CodeWriter,
  stem: string,
  fns: PyFunction[],
  allFns: FunctionDecl[],
  index: DeclIndex,
  abi: { fn: string; constName: string } | undefined,
): void {
  w.block("class _CffiLibrary(Library):", "", () => {
    w.line(`"""The library through the compiled _${stem}_cffi extension (cffi API mode): same methods as Library."""`);
    w.blank();
    w.block("def __init__(self, ffi: Any, lib: Any) -> None:", "", () => {
      w.line('self.backend = "cffi"');
      w.line("self._ffi = ffi");
      w.line("self._lib = lib");
      for (const [name, closure] of freeClosures(fns, allFns, index)) w.line(`self._c_${name} = ${closure}`);
      if (abi) {
        w.line(`_got = self.${abi.fn}()`);
        w.block(`if _got != ${abi.constName}:`, "", () => {
          w.line(`raise ImportError(f"library ABI hash {_got:#x} does not match header {${abi.constName}:#x}; rebuild the library or regenerate the bindings")`);
        });
      }
    });
    for (const f of fns) {
      w.blank();
      w.block(signature(f), "", () => {
        w.line(pyDoc(f.doc));
        emitCffiBody(w, f, index);
      });
    }
  });
  w.blank();
  w.blank();
  w.block("def _cffi_module() -> Any:", "", () => {
    w.line(`name = "_${stem}_cffi"`);
    w.block("try:", "", () => {
      w.line('return importlib.import_module(f".{name}", __package__) if __package__ else importlib.import_module(name)');
    });
    w.block("except ImportError:", "", () => {
      w.line("return None");
    });
  });
  w.blank();
  w.blank();
  w.line("_CFFI = _cffi_module()");
  w.line('BACKEND: str = "ctypes" if _CFFI is None else "cffi"');
  w.line('"""Which layer load() uses by default: "cffi" when the compiled extension is importable, else "ctypes"."""');
  w.blank();
  w.blank();
  w.block("def load(path: str | os.PathLike[str] | None = None, backend: str | None = None) -> Library:", "", () => {
    w.line('"""Loads the library and binds every function.');
    w.blank();
    w.line("With no path and no environment override, the compiled cffi extension is used when built;");
    w.line('otherwise ctypes loads `path`, else $ENV_VAR, else LIBRARY. `backend` forces "ctypes" or "cffi".');
    w.line('"""');
    w.line('chosen = backend or ("cffi" if _CFFI is not None and path is None and not os.environ.get(ENV_VAR) else "ctypes")');
    w.block('if chosen == "cffi":', "", () => {
      w.block("if _CFFI is None:", "", () => {
        w.line(`raise ImportError("the compiled _${stem}_cffi extension is not built: run ${stem}_cffi_build.py")`);
      });
      w.line("return _CffiLibrary(_CFFI.ffi, _CFFI.lib)");
    });
    w.line("return Library(ctypes.CDLL(_library_path(path)))");
  });
}
