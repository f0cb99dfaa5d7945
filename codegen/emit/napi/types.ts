// C conversion snippets for the Node-API addon: JS value → C value (with the checks of the
// prelude, jumping to the caller's failure statement) and C value → napi_value expressions,
// per value shape of the shared signature model. Records delegate to records.ts converters.

import type { IntType } from "../../ir/types.js";
import { cElemType, type NumericElem, type ValueShape } from "../common/compiled-plan.js";
import type { CodeWriter } from "../common/writer.js";
import type { NapiNames } from "./names.js";

/** Where a conversion happens, for error messages, and what to do when it fails. */
export interface ConvSite {
  /** C string literal of the function name. */
  fn: string;
  /** C string literal of the argument / member name. */
  arg: string;
  /** Statement run after a failed check (`goto done;`, `return false;`). */
  fail: string;
}

const INT_LIMITS: Record<number, [string, string, string]> = {
  1: ["INT8_MIN", "INT8_MAX", "UINT8_MAX"],
  2: ["INT16_MIN", "INT16_MAX", "UINT16_MAX"],
  4: ["INT32_MIN", "INT32_MAX", "UINT32_MAX"],
  8: ["INT64_MIN", "INT64_MAX", "UINT64_MAX"],
};

function limits(int: IntType): [string, string, string] {
  const l = INT_LIMITS[int.size];
  if (!l) throw new Error(`internal: no limits for ${int.size}-byte integers`);
  return l;
}

/**
 * Writes the conversion of JS `js` into the C lvalue `target` for a value shape. A nullable handle
 * takes null/undefined as NULL; with `rejectClosed` (null allowed by the module rule, not by a
 * `@nullable` tag) a closed handle is still an error rather than a silent NULL.
 */
export function emitGetValue(w: CodeWriter, shape: ValueShape, js: string, target: string, site: ConvSite, names: NapiNames, nullable = false, rejectClosed = false): void {
  switch (shape.kind) {
    case "int": {
      const [min, max, umax] = limits(shape.int);
      if (shape.int.signed) w.line(`{ int64_t t; if (!omb_get_i64(env, ${js}, ${min}, ${max}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      else w.line(`{ uint64_t t; if (!omb_get_u64(env, ${js}, ${umax}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      return;
    }
    case "float":
      w.line(`{ double t; if (!omb_get_f64(env, ${js}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      return;
    case "bool":
      w.line(`{ bool t; if (!omb_get_bool(env, ${js}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = t; }`);
      return;
    case "pointer":
    case "callback":
      w.line(`{ void *t; if (!omb_get_ptr(env, ${js}, &t, ${site.fn}, ${site.arg})) ${site.fail} ${target} = (__typeof__(${target}))t; }`);
      return;
    case "handle": {
      const expect = JSON.stringify(`must be a ${shape.name} handle${nullable ? " or null" : ""}`);
      w.line(
        `{ omb_box *b; void *t; if (!omb_get_handle(env, ${js}, &${names.handleTag(shape.name)}, ${nullable}, &b, &t, ${site.fn}, ${site.arg}, ${expect})) ${site.fail}${closedGuard(nullable && rejectClosed, site)} ${target} = (__typeof__(${target}))t; }`,
      );
      return;
    }
    case "record":
      w.line(`if (!${names.fromRecord(shape.rec)}(env, ${js}, &${target}, ${site.fn}, ${site.arg})) ${site.fail}`);
      return;
    case "string":
    case "void":
      throw new Error(`internal: emitGetValue on ${shape.kind}`);
  }
}

/** C expression creating the napi_value of C value `expr` (NULL on failure, exception pending). */
export function newValue(shape: ValueShape, expr: string, names: NapiNames): string {
  switch (shape.kind) {
    case "void":
      return "omb_undefined(env)";
    case "int":
      if (shape.int.size === 8) return shape.int.signed ? `omb_new_i64(env, ${expr})` : `omb_new_u64(env, ${expr})`;
      return shape.int.signed ? `omb_new_i32(env, ${expr})` : `omb_new_u32(env, ${expr})`;
    case "float":
      return `omb_new_f64(env, ${expr})`;
    case "bool":
      return `omb_new_bool(env, ${expr})`;
    case "string":
      return `omb_new_str(env, ${expr})`;
    case "handle":
      return `omb_new_handle(env, (void *)${expr}, &${names.handleTag(shape.name)})`;
    case "pointer":
    case "callback":
      return `omb_new_ptr(env, (const void *)${expr})`;
    case "record":
      return `${names.toRecord(shape.rec)}(env, &${expr})`;
  }
}

/** Small number constructors (kept out of the prelude text so the prelude stays conversion-only). */
export const NAPI_NUMBER_HELPERS = String.raw`
OMB_FN napi_value omb_undefined(napi_env env) { napi_value v; napi_get_undefined(env, &v); return v; }
OMB_FN napi_value omb_new_i32(napi_env env, int32_t x) { napi_value v; napi_create_int32(env, x, &v); return v; }
OMB_FN napi_value omb_new_u32(napi_env env, uint32_t x) { napi_value v; napi_create_uint32(env, x, &v); return v; }
OMB_FN napi_value omb_new_i64(napi_env env, int64_t x) { napi_value v; napi_create_bigint_int64(env, x, &v); return v; }
OMB_FN napi_value omb_new_u64(napi_env env, uint64_t x) { napi_value v; napi_create_bigint_uint64(env, x, &v); return v; }
OMB_FN napi_value omb_new_f64(napi_env env, double x) { napi_value v; napi_create_double(env, x, &v); return v; }
`;

/** `napi_<type>_array` constant of a typed array element. */
export function typedArrayConst(e: NumericElem): string {
  const map: Record<string, string> = {
    Int8Array: "napi_int8_array",
    Uint8Array: "napi_uint8_array",
    Int16Array: "napi_int16_array",
    Uint16Array: "napi_uint16_array",
    Int32Array: "napi_int32_array",
    Uint32Array: "napi_uint32_array",
    Float32Array: "napi_float32_array",
    Float64Array: "napi_float64_array",
    BigInt64Array: "napi_bigint64_array",
    BigUint64Array: "napi_biguint64_array",
  };
  const c = map[e.typedArray];
  if (!c) throw new Error(`internal: no napi constant for ${e.typedArray}`);
  return c;
}

/** C expression creating a typed array copying `count` elements from `src`. */
export function newTypedArray(e: NumericElem, src: string, count: string): string {
  return `omb_new_array(env, ${typedArrayConst(e)}, ${src}, ${count}, sizeof(${cElemType(e)}))`;
}

/** Fails on a closed handle (box present, pointer NULL) when null is allowed only by the module rule. */
export function closedGuard(active: boolean, site: ConvSite): string {
  return active ? ` if (b != NULL && t == NULL) { omb_fail(env, OMB_ERROR, ${site.fn}, ${site.arg}, "is a closed handle"); ${site.fail} }` : "";
}
