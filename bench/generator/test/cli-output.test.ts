// Tests of reading omendb-bindgen's summary line.

import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCpuNs, parseReportedMs } from "../cli-output.js";

test("reads the CLI's own time from its summary line", () => {
  assert.equal(parseReportedMs("x.h:1:1: warning\nomendb-bindgen: 274 functions, 34 structs → 7 files in 832 ms\n"), 832);
  assert.equal(parseReportedMs("omendb-bindgen: 1 function → 1 file in 12.5 ms"), 12.5);
  assert.equal(parseReportedMs("omendb-bindgen: failed"), null);
});

test("reads GNU time's user and system seconds from the last stderr line", () => {
  assert.equal(parseCpuNs("warning: x\nomendb-bindgen: ... in 800 ms\n0.91 0.21\n"), 1_120_000_000);
  assert.equal(parseCpuNs("no timing here\n"), null);
});
