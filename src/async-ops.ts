// The long native calls behind the async API (index build, batch write, index range), as one
// request → result function. runAsyncRequest runs one synchronously (on the worker thread of
// async-worker.ts, koffi tier); runAsyncRequestOnPool hands one to the napi addon's async forms,
// which run the C call on libuv's thread pool, so the main thread never blocks in either tier.

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

/** Runs one async request through the generated layer's own async forms (napi tier). */
export function runAsyncRequestOnPool(request: AsyncRequest): Promise<unknown> {
  switch (request.op) {
    case "indexBuild":
      return native.indexBuildAsync(request.kind, request.epsilon, request.keys, request.values);
    case "dbBatchWrite":
      return native.dbBatchWriteAsync(request.db, request.keys, request.values);
    case "indexRange":
      return native.indexRangeAsync(request.idx, request.start, request.end);
  }
}
