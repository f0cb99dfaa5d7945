// Node ↔ Python on one database file: Node writes, a Python process (the repo's venv,
// PYTHONPATH=python:bindings/python) reads and writes more, Node reads the Python keys.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { OmenDB } from "../../src/index.js";
import { repoRoot, tempDir, text, venvPython } from "./helpers.js";

const pythonPeer = `
import sys, json, omendb
path = sys.argv[1]
with omendb.open(path) as db:
    read = sum(1 for k, v in db.range(1, 100) if v == f"node-{k}".encode())
    db.put_many(list(range(101, 201)), [f"py-{k}".encode() for k in range(101, 201)])
print(json.dumps({"read": read}))
`;

it("shares one file between Node and Python in turn", () => {
  const path = join(tempDir(), "shared.omendb");
  const db = OmenDB.open(path);
  db.putMany(Array.from({ length: 100 }, (_, i) => i + 1), Array.from({ length: 100 }, (_, i) => `node-${i + 1}`));
  db.close();

  // OMENDB_TIER names a Node tier in this project; the Python peer picks its own fastest tier.
  const { OMENDB_TIER: _nodeTier, ...inherited } = process.env;
  const env = { ...inherited, PYTHONPATH: [join(repoRoot, "python"), join(repoRoot, "bindings", "python")].join(":") };
  const out = execFileSync(venvPython(), ["-c", pythonPeer, path], { cwd: repoRoot, env, encoding: "utf8" });
  expect(JSON.parse(out.trim())).toEqual({ read: 100 });

  using again = OmenDB.open(path);
  expect(again.stats().numKeys).toBe(200);
  expect(text(again.get(150))).toBe("py-150");
  expect(again.range(101, 200).every((e) => text(e.value) === `py-${e.key}`)).toBe(true);
});
