// Starts a worker_threads Worker on a TypeScript file: Node 20 workers do not inherit the
// main thread's tsx hooks, so a tiny ESM bootstrap loads the file through tsx's tsImport.
// Also gives a promise for the worker's next message with a deadline (no silent hang).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** tsx's ESM API file (the package's "./esm/api" import export; its CommonJS twin fails in workers). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const exportsMap = (JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(manifest), exportsMap["./esm/api"].import.default)).href;
}

const tsxApi = tsxEsmApi();

/** A worker running `file` (a URL next to the caller) with `workerData`. */
export function startTsWorker(file: URL, workerData: unknown): Worker {
  const boot = `const { tsImport } = await import(${JSON.stringify(tsxApi)}); await tsImport(${JSON.stringify(file.href)}, import.meta.url);`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/** The worker's next message, or a rejection on error, early exit or after `timeoutMs`. */
export function nextMessage<T>(worker: Worker, timeoutMs = 60_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error(`worker gave no answer in ${timeoutMs} ms (deadlock?)`))), timeoutMs);
    const onMessage = (m: T): void => finish(() => resolve(m));
    const onError = (e: Error): void => finish(() => reject(e));
    const onExit = (code: number): void => finish(() => reject(new Error(`worker exited with ${code} before answering`)));
    function finish(done: () => void): void {
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      done();
    }
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
  });
}
