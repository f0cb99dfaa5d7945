// Functions → the `Library` class: raw foreign functions bound once at load (argtypes/restype),
// one typed wrapper per C function keeping the C name, and the NamedTuples returned when a
// function has out-parameters. `.py` bodies and `.pyi` signatures come from the same model.

import { fmtPyAttr } from "../common/python-names.js";
import type { CodeWriter } from "../common/writer.js";
import type { InParam, OutParam, PyFunction } from "./model.js";

export function signature(f: PyFunction): string {
  const ins = f.slots.filter((s): s is { in: InParam } => "in" in s).map((s) => `${s.in.pyName}: ${s.in.annotation}`);
  return `def ${f.name}(self${ins.map((i) => `, ${i}`).join("")}) -> ${f.returnAnnotation}:`;
}

export function pyDoc(text: string): string {
  return `"""${text.replace(/\\/g, "\\\\").replace(/"""/g, "'''")}"""`;
}

/** NamedTuple field names must not hide tuple's own methods. */
function fmtTupleField(out: OutParam): string {
  const name = out.cName ? fmtPyAttr(out.cName) : out.pyName;
  return name === "count" || name === "index" || name === "result" || name.startsWith("_") ? `${name}_` : name;
}

/** NamedTuple classes for functions with out-parameters (shared by `.py` and `.pyi`). */
export function emitResultTuples(w: CodeWriter, fns: PyFunction[]): void {
  for (const f of fns) {
    if (!f.tupleName) continue;
    w.block(`class ${f.tupleName}(NamedTuple):`, "", () => {
      if (f.resultAnnotation !== "None") w.line(`result: ${f.resultAnnotation}`);
      for (const s of f.slots) if ("out" in s) w.line(`${fmtTupleField(s.out)}: ${s.out.annotation}`);
    });
    w.blank();
  }
}

/** Converts one input to its ctypes argument (an expression), possibly after setup lines. */
export function ctypesArg(p: InParam, w: CodeWriter): string {
  switch (p.kind) {
    case "cstring":
      return `_cstr(${p.pyName})`;
    case "bytes":
      return `_buf(${p.pyName})`;
    case "bytes_array":
      w.line(`_k_${p.pyName} = _buf_array(${p.pyName})`);
      return `_k_${p.pyName}[0]`;
    case "num_array":
      return `_num_array(${p.pyName}, ${p.elem})`;
    case "callback":
      return `_callback(${p.pyName}, ${p.elem})`;
    case "wbuf":
      return `_wbuf(${p.pyName})`;
    default:
      return p.pyName;
  }
}

/** Python expression of a slot's C name after the call: an input's value or an out's `.value`. */
function lengthExpr(f: PyFunction, cName: string): string {
  const slot = f.slots.find((s) => ("in" in s ? s.in.cName : s.out.cName) === cName);
  if (!slot) return "0";
  return "in" in slot ? slot.in.pyName : `_o_${slot.out.pyName}.value`;
}

/** The tuple constructor arguments: the C result (unless void), then each out's value. */
export function tupleFields(f: PyFunction, outValues: string[]): string {
  return (f.returnKind === "void" ? outValues : ["_r", ...outValues]).join(", ");
}

export function outValue(o: OutParam, f: PyFunction): string {
  const v = `_o_${o.pyName}`;
  const free = `self._c_${o.freeWith}`;
  switch (o.kind) {
    case "scalar":
      return `${v}.value`;
    case "handle":
      return `_handle(${v})`;
    case "struct":
    case "object":
      return v;
    case "owned_bytes":
      return `_owned_bytes(${v}, ${lengthExpr(f, o.lengthOf as string)}, ${free}, ${o.freeTakesLength ? "True" : "False"})`;
    case "owned_array":
      return `_owned_array(${v}, ${lengthExpr(f, o.lengthOf as string)}, ${o.elem}, "${o.typecode}", ${free}, ${o.freeTakesLength ? "True" : "False"})`;
    case "owned_string":
      return `_owned_str(${v}, ${free})`;
  }
}

/** The ctypes body of one wrapper. */
function emitCtypesBody(w: CodeWriter, f: PyFunction): void {
  const args: string[] = [];
  const byC = new Map<string, string>();
  for (const s of f.slots) {
    if ("in" in s) {
      args.push(ctypesArg(s.in, w));
      byC.set(s.in.cName, s.in.pyName);
    } else {
      w.line(`_o_${s.out.pyName} = ${s.out.alloc}()`);
      args.push(`ctypes.byref(_o_${s.out.pyName})`);
      byC.set(s.out.cName, `_o_${s.out.pyName}.value`);
    }
  }
  const call = `self._c_${f.name}(${args.join(", ")})`;
  const wrapRet = (expr: string): string => {
    switch (f.returnKind) {
      case "cstring":
        return `_decode(${expr})`;
      case "owned_cstring":
        return `_owned_str_value(${expr}, self._c_${f.returnFreeWith})`;
      case "handle":
        return `_handle(${expr})`;
      default:
        return expr;
    }
  };
  const outs = f.slots.filter((s): s is { out: OutParam } => "out" in s).map((s) => s.out);
  if (f.returnKind === "void") w.line(call);
  else w.line(`_r: ${f.resultAnnotation} = ${wrapRet(call)}`);
  if (outs.length === 0) {
    if (f.returnKind !== "void") w.line("return _r");
    return;
  }
  w.line(`return ${f.tupleName}(${tupleFields(f, outs.map((o) => outValue(o, f)))})`);
}

/** Writes `class Library` with bound raw functions and wrappers (`.py`). */
export function emitLibraryPy(w: CodeWriter, fns: PyFunction[], cffiOnly: PyFunction[], abi: { fn: string; constName: string } | undefined): void {
  w.block("class Library:", "", () => {
    w.line('"""The loaded library: one method per C function, C names kept."""');
    w.blank();
    for (const f of fns) w.line(`_c_${f.name}: Any`);
    w.blank();
    w.block("def __init__(self, cdll: ctypes.CDLL) -> None:", "", () => {
      w.line('self.backend: str = "ctypes"');
      w.line("self._cdll = cdll");
      for (const f of fns) {
        w.line(`self._c_${f.name} = cdll.${f.name}`);
        w.line(`self._c_${f.name}.argtypes = [${f.argtypes.join(", ")}]`);
        w.line(`self._c_${f.name}.restype = ${f.restype}`);
      }
      if (abi) {
        w.line(`_got = self.${abi.fn}()`);
        w.block(`if _got != ${abi.constName}:`, "", () => {
          w.line(
            `raise ImportError(f"library ABI hash {_got:#x} does not match header {${abi.constName}:#x}; rebuild the library or regenerate the bindings")`,
          );
        });
      }
    });
    for (const f of fns) {
      w.blank();
      w.block(signature(f), "", () => {
        w.line(pyDoc(f.doc));
        emitCtypesBody(w, f);
      });
    }
    for (const f of cffiOnly) {
      w.blank();
      w.block(signature(f), "", () => {
        w.line(pyDoc(f.doc));
        w.line(`raise NotImplementedError("${f.name} ${f.decl.inline ? "is static inline" : "takes a packed record by value"}: only the compiled cffi extension can call it")`);
      });
    }
  });
  w.blank();
}

/** Writes the `Library` stub (`.pyi`). */
export function emitLibraryPyi(w: CodeWriter, fns: PyFunction[]): void {
  w.block("class Library:", "", () => {
    w.line("backend: str");
    for (const f of fns) {
      w.line(`${signature(f)} ...`);
    }
  });
  w.blank();
}
