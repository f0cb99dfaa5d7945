// Async forms of the Node-API addon: `<name>Async(...)` returns a Promise and runs the C call on
// libuv's thread pool (napi_create_async_work). On the main thread the arguments are converted into
// a heap job (strings copied, buffer pointers taken, their JS objects kept alive by references); the
// pool thread only calls C; completion, back on the main thread, converts the results like the sync
// wrapper and settles the promise. Every function that takes arguments gets one, except
// handle-closing functions and those with in-out arguments (one-element slot arrays, writable
// records, caller-filled arrays), whose JS objects would be written from the completion at an
// unexpected time. Argument-less functions (versions, thread-local last-error getters) get none:
// there is no work to move, and thread-local state would be read on the pool thread.

import type { CompiledFn, CompiledModule } from "../common/compiled-plan.js";
import { isOutRole } from "../common/node-signature.js";
import { CodeWriter } from "../common/writer.js";
import { argLocal, callee, emitInput, emitOutSlots, emitResult, type Locals, paramLocals, returnsVoid } from "./convert.js";
import type { NapiNames } from "./names.js";

/** Suffix of the async form's name. */
export const ASYNC_SUFFIX = "Async";

/** Locals of an async wrapper: members of the job struct `J`. */
const jobLocals: Locals = (name) => `J->${name}`;

/** The functions that get an async form (in module order), leaving out names that would collide. */
export function asyncFunctions(mod: CompiledModule): CompiledFn[] {
  const taken = new Set(mod.functions.map((f) => f.fn.name));
  return mod.functions.filter((f) => {
    if (f.closes !== undefined || taken.has(`${f.fn.name}${ASYNC_SUFFIX}`)) return false;
    if (!f.params.some((p) => !isOutRole(p.role))) return false;
    return f.params.every((p) => p.role.role !== "slot" && p.role.role !== "outCallerArray" && !(p.role.role === "recordRef" && p.role.writable));
  });
}

/** The prelude piece of the async forms: keeping argument objects alive, settling a promise. */
export const ASYNC_PRELUDE = String.raw`
/* Async forms: a reference on each object argument keeps its memory alive while the call runs. */
OMB_FN bool omb_keep(napi_env env, napi_value v, napi_ref *ref) {
  napi_valuetype t;
  *ref = NULL;
  if (napi_typeof(env, v, &t) != napi_ok) return false;
  if (t != napi_object && t != napi_external) return true;
  if (napi_create_reference(env, v, 1, ref) == napi_ok) return true;
  napi_throw_error(env, NULL, "cannot keep an argument alive for an async call");
  return false;
}

OMB_FN void omb_release(napi_env env, napi_ref *refs, size_t n) {
  for (size_t i = 0; i < n; i++) if (refs[i] != NULL) napi_delete_reference(env, refs[i]);
}

/* Resolves with ret, or rejects with the pending exception (or a plain Error) when ret is NULL. */
OMB_FN void omb_settle(napi_env env, napi_deferred deferred, napi_value ret, const char *fn) {
  if (ret != NULL) {
    napi_resolve_deferred(env, deferred, ret);
    return;
  }
  napi_value err = NULL;
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &err);
  if (err == NULL) {
    napi_value msg;
    char text[200];
    snprintf(text, sizeof text, "%s(): the async call failed", fn);
    napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
  }
  napi_reject_deferred(env, deferred, err);
}
`;

/** Writes the job struct, pool-thread body, completion and starter of every async form. */
export function emitAsyncWrappers(w: CodeWriter, mod: CompiledModule, names: NapiNames, fns: readonly CompiledFn[]): void {
  for (const f of fns) emitAsyncWrapper(w, f, mod, names);
}

function emitAsyncWrapper(w: CodeWriter, f: CompiledFn, mod: CompiledModule, names: NapiNames): void {
  const fnLit = JSON.stringify(f.fn.name);
  const job = names.asyncJob(f.fn.name);
  const visible = f.params.filter((p) => !isOutRole(p.role));
  const argc = visible.length;
  const cleanup: string[] = [];
  w.blank();
  w.block("typedef struct {", `} ${job};`, () => {
    w.line("napi_async_work work;");
    w.line("napi_deferred deferred;");
    w.line("const omb_lib *L;");
    w.line(`napi_ref keep[${Math.max(argc, 1)}];`);
    for (const p of f.params) {
      w.line(argLocal(mod, f, p.index, `a${p.index}`));
      const locals = paramLocals(f, p, mod, jobLocals);
      for (const d of locals.decls) w.line(d);
      cleanup.push(...locals.cleanup);
    }
    if (!returnsVoid(f)) w.line(`${mod.cType(f.fn.returns)} r;`);
  });
  const call = `${callee(mod, names, f.fn.name)}(${f.params.map((p) => `J->a${p.index}`).join(", ")})`;

  w.blank();
  w.block(`static void ${names.asyncExecute(f.fn.name)}(napi_env env, void *data) {`, "}", () => {
    w.line("(void)env;");
    w.line(`${job} *J = data;`);
    w.line("const omb_lib *L = J->L;");
    w.line("(void)L;");
    w.line(returnsVoid(f) ? `${call};` : `J->r = ${call};`);
  });

  w.blank();
  w.block(`static void ${names.asyncComplete(f.fn.name)}(napi_env env, napi_status status, void *data) {`, "}", () => {
    w.line(`${job} *J = data;`);
    w.line("const omb_lib *L = J->L;");
    w.line("napi_value ret = NULL;");
    w.line("(void)L;");
    const body = new CodeWriter("  ");
    body.line(`if (status != napi_ok) { omb_fail(env, OMB_ERROR, ${fnLit}, "call", "was cancelled"); goto done; }`);
    emitResult(body, f, mod, names, jobLocals);
    const text = body.toString().trimEnd();
    w.block("{", "}", () => w.lines(text));
    w.line("done:");
    w.line(`omb_settle(env, J->deferred, ret, ${fnLit});`);
    w.line(`omb_release(env, J->keep, ${Math.max(argc, 1)});`);
    for (const c of cleanup) w.line(c);
    w.line("napi_delete_async_work(env, J->work);");
    w.line("free(J);");
  });

  w.blank();
  w.block(`static napi_value ${names.asyncWrapper(f.fn.name)}(napi_env env, napi_callback_info info) {`, "}", () => {
    w.line(`size_t argc = ${argc};`);
    w.line(`napi_value argv[${Math.max(argc, 1)}];`);
    w.line("void *data = NULL;");
    w.line("napi_value promise = NULL;");
    w.line("napi_value resource;");
    w.line("if (napi_get_cb_info(env, info, &argc, argv, NULL, &data) != napi_ok) return NULL;");
    w.line("const omb_lib *L = data;");
    w.line(`if (argc != ${argc}) { omb_argc(env, ${JSON.stringify(`${f.fn.name}${ASYNC_SUFFIX}`)}, ${argc}, argc); return NULL; }`);
    if (!f.fn.inline) w.line(`if (L->${names.member(f.fn.name)} == NULL) { omb_missing_symbol(env, ${fnLit}); return NULL; }`);
    w.line(`${job} *J = calloc(1, sizeof *J);`);
    w.line('if (J == NULL) { napi_throw_error(env, NULL, "out of memory"); return NULL; }');
    w.line("J->L = L;");
    const body = new CodeWriter("  ");
    visible.forEach((p, j) => emitInput(body, f, p, `argv[${j}]`, mod, names, [], jobLocals));
    emitOutSlots(body, f, jobLocals);
    if (argc > 0) body.line(`for (size_t k = 0; k < ${argc}; k++) if (!omb_keep(env, argv[k], &J->keep[k])) goto done;`);
    body.line(`if (napi_create_string_utf8(env, ${fnLit}, NAPI_AUTO_LENGTH, &resource) != napi_ok) goto done;`);
    body.line(`if (napi_create_async_work(env, NULL, resource, ${names.asyncExecute(f.fn.name)}, ${names.asyncComplete(f.fn.name)}, J, &J->work) != napi_ok) goto done;`);
    body.line("if (napi_create_promise(env, &J->deferred, &promise) != napi_ok) { napi_delete_async_work(env, J->work); goto done; }");
    body.block("if (napi_queue_async_work(env, J->work) != napi_ok) {", "}", () => {
      body.line(`omb_fail(env, OMB_ERROR, ${fnLit}, "call", "could not be queued");`);
      body.line(`omb_settle(env, J->deferred, NULL, ${fnLit});`);
      body.line("napi_delete_async_work(env, J->work);");
      body.line("goto done;");
    });
    body.line("return promise;");
    w.lines(body.toString().trimEnd());
    w.line("done:");
    w.line(`omb_release(env, J->keep, ${Math.max(argc, 1)});`);
    for (const c of cleanup) w.line(c);
    w.line("free(J);");
    w.line("return promise;");
  });
}
