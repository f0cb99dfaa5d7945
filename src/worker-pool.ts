// Main-thread side of the async API: one lazily started worker thread (src/async-worker.ts)
// that runs long native calls; requests are matched to replies by id. The worker is unref'd
// while idle so it never keeps the process alive.

import { Worker } from "node:worker_threads";
import { OmenDBError, type OmenErrorCode } from "./errors.js";
import type { NativeHandle } from "./native.js";

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

function startWorker(): Worker {
  const w = new Worker(new URL("./async-worker.ts", import.meta.url), { execArgv: ["--import", "tsx"] });
  w.on("message", (reply: AsyncReply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (reply.ok) job.resolve(reply.value);
    else job.reject(new OmenDBError(reply.code, reply.message));
  });
  w.on("error", (err) => failAll(err));
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

/** Runs one request on the worker thread and resolves with its result. */
export function runOnWorker<T>(request: WithoutId<AsyncRequest>): Promise<T> {
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
