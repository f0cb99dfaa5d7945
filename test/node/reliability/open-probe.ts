// Child process of reliability-concurrency.test.ts: tries to open the database at argv[2]
// and prints "opened" or the OmenDBError code, to show the cross-process file lock.

import { OmenDB, OmenDBError } from "../../../src/index.js";

try {
  OmenDB.open(process.argv[2] ?? "").close();
  console.log("opened");
} catch (e) {
  console.log(e instanceof OmenDBError ? e.code : String(e));
}
