// Worker-thread side of the async API: loads the generated bindings in its own thread and
// runs the long native calls (index build, batch write, index range) there, so the main
// event loop stays free. Handles are plain pointer values, valid in every thread.

import { parentPort } from "node:worker_threads";
import { OmenDBError } from "./errors.js";
import * as native from "./native.js";
import type { AsyncRequest, AsyncReply } from "./worker-pool.js";

function run(request: AsyncRequest): unknown {
  switch (request.op) {
    case "indexBuild":
      return native.indexBuild(request.kind, request.epsilon, request.keys, request.values);
    case "dbBatchWrite":
      native.dbBatchWrite(request.db, request.keys, request.values);
      return undefined;
    case "indexRange":
      return native.indexRange(request.idx, request.start, request.end);
  }
}

parentPort?.on("message", (request: AsyncRequest) => {
  let reply: AsyncReply;
  try {
    reply = { id: request.id, ok: true, value: run(request) };
  } catch (err) {
    const code = err instanceof OmenDBError ? err.code : "INTERNAL";
    reply = { id: request.id, ok: false, code, message: err instanceof Error ? err.message : String(err) };
  }
  const transfer = reply.ok && reply.value instanceof BigInt64Array ? [reply.value.buffer as ArrayBuffer] : [];
  parentPort?.postMessage(reply, transfer);
});
