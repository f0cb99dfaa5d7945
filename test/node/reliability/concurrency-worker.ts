// Worker-thread body of reliability-concurrency.test.ts. Modes (workerData.mode):
// "hold" opens a path and keeps it until told "close"; "open" tries a path and reports the
// outcome; "write" fills its own file with self-checking batches and verifies them;
// "shared" reads and writes through a database handle opened by another thread.

import { parentPort, workerData } from "node:worker_threads";
import { OmenDB, OmenDBError } from "../../../src/index.js";
import * as native from "../../../src/native.js";
import { checkedValue, valueMatches } from "./checked-value.js";

type Job =
  | { mode: "hold"; path: string }
  | { mode: "open"; path: string }
  | { mode: "write"; path: string; batches: number; batchSize: number }
  | { mode: "shared"; handle: bigint; base: number; count: number };

const port = parentPort;
if (port === null) throw new Error("run as a worker");
const job = workerData as Job;

function codeOf(e: unknown): string {
  return e instanceof OmenDBError ? e.code : String(e);
}

switch (job.mode) {
  case "hold": {
    const db = OmenDB.open(job.path);
    port.postMessage("opened");
    port.once("message", () => {
      db.close();
      port.postMessage("closed");
    });
    break;
  }
  case "open": {
    try {
      OmenDB.open(job.path).close();
      port.postMessage("opened");
    } catch (e) {
      port.postMessage(codeOf(e));
    }
    break;
  }
  case "write": {
    const db = OmenDB.open(job.path, { sync: "onFlush" });
    let ops = 0;
    for (let b = 0; b < job.batches; b++) {
      const keys = BigInt64Array.from({ length: job.batchSize }, (_, j) => BigInt(b * job.batchSize + j));
      db.putMany(keys, Array.from(keys, (k) => checkedValue(k, b)));
      ops++;
      const probe = BigInt(b * job.batchSize);
      if (!valueMatches(db.get(probe), probe, b)) throw new Error(`read-back of key ${probe} failed`);
      ops++;
    }
    db.flush();
    let verified = 0;
    for (const { key, value } of db.range(0, job.batches * job.batchSize - 1)) {
      if (!valueMatches(value, key, Number(key) / job.batchSize | 0)) throw new Error(`key ${key} holds a wrong value`);
      verified++;
    }
    db.close();
    port.postMessage({ ops, verified });
    break;
  }
  case "shared": {
    const handle = job.handle as native.NativeHandle;
    let torn = 0;
    for (let i = 0; i < job.count; i++) {
      const key = BigInt(job.base + i);
      native.dbPut(handle, key, checkedValue(key, 1));
      const seen = native.dbGet(handle, key);
      if (!valueMatches(seen, key, 1)) torn++;
    }
    port.postMessage({ torn });
    break;
  }
}
