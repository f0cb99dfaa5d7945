// Record converters of the Node-API addon: for each struct a function or its pointer needs, a
// `omb_from_<R>` (JS object → C struct, checked member by member), `omb_fill_<R>` (C struct →
// members of an existing object, for in-out records) and `omb_to_<R>` (C struct → new object).

import type { CRecordPlan } from "../common/compiled-plan.js";
import type { CodeWriter } from "../common/writer.js";
import type { NapiNames } from "./names.js";
import { emitGetValue, newTypedArray, newValue, typedArrayConst } from "./types.js";

/** Prototypes first (records may refer to each other), then the definitions. */
export function emitRecordConverters(w: CodeWriter, records: readonly CRecordPlan[], names: NapiNames): void {
  if (records.length === 0) return;
  w.blank();
  w.line("/* Record conversions. */");
  for (const r of records) {
    w.line(`OMB_FN bool ${names.fromRecord(r.rec)}(napi_env env, napi_value obj, ${r.cType} *out, const char *fn, const char *arg);`);
    w.line(`OMB_FN bool ${names.fillRecord(r.rec)}(napi_env env, napi_value obj, const ${r.cType} *in);`);
    w.line(`OMB_FN napi_value ${names.toRecord(r.rec)}(napi_env env, const ${r.cType} *in);`);
  }
  for (const r of records) {
    emitFrom(w, r, names);
    emitFill(w, r, names);
    w.blank();
    w.block(`OMB_FN napi_value ${names.toRecord(r.rec)}(napi_env env, const ${r.cType} *in) {`, "}", () => {
      w.line("napi_value obj;");
      w.line(`if (napi_create_object(env, &obj) != napi_ok || !${names.fillRecord(r.rec)}(env, obj, in)) return NULL;`);
      w.line("return obj;");
    });
  }
}

function emitFrom(w: CodeWriter, r: CRecordPlan, names: NapiNames): void {
  w.blank();
  w.block(`OMB_FN bool ${names.fromRecord(r.rec)}(napi_env env, napi_value obj, ${r.cType} *out, const char *fn, const char *arg) {`, "}", () => {
    w.line("napi_value v;");
    w.line("(void)arg;");
    w.line("if (!omb_get_object(env, obj, fn, arg)) return false;");
    w.line("memset(out, 0, sizeof *out);");
    for (const { name, field } of r.fields) {
      const member = `out->${name}`;
      const argName = JSON.stringify(name);
      w.line(`if (!omb_field(env, obj, ${argName}, &v)) return false;`);
      const site = { fn: "fn", arg: argName, fail: "return false;" };
      switch (field.kind) {
        case "scalar":
          if (field.shape.kind === "string") {
            w.line(`{ void *t; if (!omb_get_ptr(env, v, &t, fn, ${argName})) return false; ${member} = (__typeof__(${member}))t; }`);
          } else {
            emitGetValue(w, field.shape, "v", member, site, names, true);
          }
          break;
        case "record":
          w.line(`if (!${names.fromRecord(field.rec)}(env, v, &${member}, fn, ${argName})) return false;`);
          break;
        case "text":
          w.block("{", "}", () => {
            w.line("omb_str s;");
            w.line(`if (!omb_get_str(env, v, false, &s, fn, ${argName})) return false;`);
            w.line("size_t n = strlen(s.ptr);");
            w.line(`if (n >= sizeof ${member}) { omb_str_free(&s); return omb_fail(env, OMB_RANGE, fn, ${argName}, "is too long"); }`);
            w.line(`memcpy(${member}, s.ptr, n);`);
            w.line("omb_str_free(&s);");
          });
          break;
        case "numArray": {
          const expect = JSON.stringify(`must be a ${field.elem.typedArray}`);
          w.block("{", "}", () => {
            w.line("void *d;");
            w.line("size_t c;");
            w.line(`if (!omb_get_view(env, v, ${typedArrayConst(field.elem)}, false, &d, &c, fn, ${argName}, ${expect})) return false;`);
            w.line(`if (c > ${field.length}) return omb_fail(env, OMB_RANGE, fn, ${argName}, "has too many elements");`);
            w.line(`if (c > 0) memcpy(${member}, d, c * sizeof ${member}[0]);`);
          });
          break;
        }
        case "recordArray":
          w.block("{", "}", () => {
            w.line("uint32_t n = 0;");
            w.line("bool isArray = false;");
            w.line(`if (napi_is_array(env, v, &isArray) != napi_ok || !isArray) return omb_fail(env, OMB_TYPE, fn, ${argName}, "must be an array");`);
            w.line("napi_get_array_length(env, v, &n);");
            w.line(`if (n > ${field.length}) return omb_fail(env, OMB_RANGE, fn, ${argName}, "has too many elements");`);
            w.block("for (uint32_t i = 0; i < n; i++) {", "}", () => {
              w.line("napi_value e;");
              w.line(`if (napi_get_element(env, v, i, &e) != napi_ok || !${names.fromRecord(field.rec)}(env, e, &${member}[i], fn, ${argName})) return false;`);
            });
          });
          break;
      }
    }
    w.line("return true;");
  });
}

function emitFill(w: CodeWriter, r: CRecordPlan, names: NapiNames): void {
  w.blank();
  w.block(`OMB_FN bool ${names.fillRecord(r.rec)}(napi_env env, napi_value obj, const ${r.cType} *in) {`, "}", () => {
    for (const { name, field } of r.fields) {
      const member = `in->${name}`;
      const key = JSON.stringify(name);
      switch (field.kind) {
        case "scalar":
          if (field.shape.kind === "string") w.line(`if (!omb_set(env, obj, ${key}, omb_new_str(env, ${member}))) return false;`);
          else w.line(`if (!omb_set(env, obj, ${key}, ${newValue(field.shape, member, names)})) return false;`);
          break;
        case "record":
          w.line(`if (!omb_set(env, obj, ${key}, ${names.toRecord(field.rec)}(env, &${member}))) return false;`);
          break;
        case "text":
          w.block("{", "}", () => {
            w.line("napi_value s;");
            w.line(`size_t n = strnlen(${member}, sizeof ${member});`);
            w.line(`if (napi_create_string_utf8(env, ${member}, n, &s) != napi_ok || !omb_set(env, obj, ${key}, s)) return false;`);
          });
          break;
        case "numArray":
          w.line(`if (!omb_set(env, obj, ${key}, ${newTypedArray(field.elem, member, String(field.length))})) return false;`);
          break;
        case "recordArray":
          w.block("{", "}", () => {
            w.line("napi_value a;");
            w.line(`if (napi_create_array_with_length(env, ${field.length}, &a) != napi_ok) return false;`);
            w.block(`for (uint32_t i = 0; i < ${field.length}; i++) {`, "}", () => {
              w.line(`napi_value e = ${names.toRecord(field.rec)}(env, &${member}[i]);`);
              w.line("if (e == NULL || napi_set_element(env, a, i, e) != napi_ok) return false;");
            });
            w.line(`if (!omb_set(env, obj, ${key}, a)) return false;`);
          });
          break;
      }
    }
    w.line("return true;");
  });
}
