// The long native calls behind the async API (index build, batch write, index range), as one
// request → result function. The worker thread (async-worker.ts) runs it; so does the main thread
// when handles cannot cross threads (the napi tier), after yielding to the event loop once.

import * as native from "./native.js";
import type { AsyncRequest } from "./worker-pool.js";

/** Runs one async request synchronously and returns its result. */
export function runAsyncRequest(request: AsyncRequest): unknown {
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
