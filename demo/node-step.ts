// The Node steps of the end-to-end demo, one per process: `write <db>` stores "node-<k>"
// for keys 1..1000; `marker <db>` reads back the C step's marker under key 0 and counts
// all 2000 keys. Prints what it saw; exit status 0 only when the check matched.

import { OmenDB } from "../src/index.js";

const [mode, path] = process.argv.slice(2);
const decoder = new TextDecoder();

function write(): boolean {
  using db = OmenDB.open(path);
  const keys = Array.from({ length: 1000 }, (_, i) => i + 1);
  db.putMany(keys, keys.map((k) => `node-${k}`));
  console.log(`node: wrote ${keys.length} keys (1..1000) in one batch`);
  return true;
}

function marker(): boolean {
  using db = OmenDB.open(path);
  const value = db.get(0);
  const text = value === undefined ? "(missing)" : decoder.decode(value);
  const total = db.range(1, 2000).length;
  console.log(`node: read marker "${text}" from c, ${total}/2000 keys present`);
  return text === "c-read-2000" && total === 2000;
}

const ok = mode === "write" ? write() : mode === "marker" ? marker() : false;
process.exit(ok ? 0 : 1);
