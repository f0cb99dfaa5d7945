// Child process of reliability-crash.test.ts: opens the database with the default sync
// policy ("always") and commits batches first, first+1, ... through putMany, printing
// "ack <id>" on stdout after each call returns, until the parent kills it with SIGKILL.
// Usage: node --import tsx crash-writer.ts <path> <first-batch-id>

import { writeSync } from "node:fs";
import { OmenDB } from "../../../src/index.js";
import { batchEntries } from "./crash-batches.js";

const [path, firstArg] = process.argv.slice(2);
if (path === undefined || firstArg === undefined) throw new Error("usage: crash-writer.ts <path> <first-batch-id>");
const db = OmenDB.open(path);
writeSync(1, "ready\n");
for (let b = Number(firstArg); ; b++) {
  const { keys, values } = batchEntries(b);
  db.putMany(keys, values);
  // Synchronous write: the ack leaves the process before the next batch starts.
  writeSync(1, `ack ${b}\n`);
}
