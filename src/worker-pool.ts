// Main-thread side of the async API. In the napi tier the addon's async forms run the long native
// calls on libuv's thread pool (async-ops.ts). In the koffi tier one lazily started worker thread
// (src/async-worker.ts) runs them; requests are matched to replies by id, and the worker is unref'd
// while idle so it never keeps the process alive.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { runAsyncRequest, runAsyncRequestOnPool } from "./async-ops.js";
import { OmenDBError, type OmenErrorCode } from "./errors.js";
import { handlesCrossThreads, hasNativeAsync, type NativeHandle } from "./native.js";

/** A request to the worker. */
export type AsyncRequest =
  | { id: number; op: "indexBuild"; kind: number; epsilon: number; keys: BigInt64Array; values: Uint8Array[] | null }
  | { id: number; op: "dbBatchWrite"; db: NativeHandle; keys: BigInt64Array; values: Uint8Array[] }
  | { id: number; op: "indexRange"; idx: NativeHandle; start: bigint; end: bigint };

/** The worker's answer to one request. */
export type AsyncReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: OmenErrorCode; message: string };

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** File URL of tsx's ESM API (`tsx/esm/api`, import condition), read from tsx's package exports. */
function tsxEsmApiUrl(from: URL): string {
  const pkgPath = createRequire(from).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"].import.default)).href;
}

/**
 * The worker's entry: the compiled `.js` sibling when running compiled, else a small ESM
 * bootstrap importing the `.ts` source through tsx's `tsImport` (Node 20 workers do not
 * inherit the main thread's module hooks).
 */
function workerEntry(): URL {
  const self = new URL(import.meta.url);
  if (self.pathname.endsWith(".js")) return new URL("./async-worker.js", self);
  const source = new URL("./async-worker.ts", self).href;
  const boot = `const { tsImport } = await import(${JSON.stringify(tsxEsmApiUrl(self))}); await tsImport(${JSON.stringify(source)}, import.meta.url);`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

function startWorker(): Worker {
  const w = new Worker(workerEntry());
  w.on("message", (reply: AsyncReply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (reply.ok) job.resolve(reply.value);
    else job.reject(new OmenDBError(reply.code, reply.message));
  });
  w.on("error", (err) => failAll(new OmenDBError("INTERNAL", `async worker failed: ${err.message}`)));
  w.on("exit", (code) => {
    if (worker === w) worker = undefined;
    failAll(new OmenDBError("INTERNAL", `async worker exited with code ${code}`));
  });
  w.unref();
  return w;
}

function failAll(err: Error): void {
  for (const job of pending.values()) job.reject(err);
  pending.clear();
}

/** Last resort for a layer whose handles cannot cross threads and that has no async forms: this thread, after one turn of the event loop. */
async function runHere<T>(request: WithoutId<AsyncRequest>): Promise<T> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return runAsyncRequest({ ...request, id: 0 } as AsyncRequest) as T;
}

/** Runs one request off the main thread (napi: thread pool; koffi: worker thread) and resolves with its result. */
export function runOnWorker<T>(request: WithoutId<AsyncRequest>): Promise<T> {
  if (hasNativeAsync()) return runAsyncRequestOnPool({ ...request, id: 0 } as AsyncRequest) as Promise<T>;
  if (!handlesCrossThreads()) return runHere<T>(request);
  worker ??= startWorker();
  const id = nextId++;
  const w = worker;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    w.ref();
    w.postMessage({ ...request, id } as AsyncRequest);
  });
}

/** Stops the worker thread (tests and graceful shutdown); a later async call restarts it. */
export async function stopAsyncWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
