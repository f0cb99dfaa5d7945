// Worker-thread side of the async API: loads the generated bindings in its own thread and
// runs the long native calls (index build, batch write, index range) there, so the main
// event loop stays free. Used only when handles are plain pointer values, valid in every thread.

import { parentPort } from "node:worker_threads";
import { runAsyncRequest } from "./async-ops.js";
import { OmenDBError } from "./errors.js";
import type { AsyncRequest, AsyncReply } from "./worker-pool.js";

parentPort?.on("message", (request: AsyncRequest) => {
  let reply: AsyncReply;
  try {
    reply = { id: request.id, ok: true, value: runAsyncRequest(request) };
  } catch (err) {
    const code = err instanceof OmenDBError ? err.code : "INTERNAL";
    reply = { id: request.id, ok: false, code, message: err instanceof Error ? err.message : String(err) };
  }
  const transfer = reply.ok && reply.value instanceof BigInt64Array ? [reply.value.buffer as ArrayBuffer] : [];
  parentPort?.postMessage(reply, transfer);
});
