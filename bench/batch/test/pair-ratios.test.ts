// Tests of the batch suite's row building: each binding row is compared with the C row timed
// in its own process, never with another process's C row.

import assert from "node:assert/strict";
import { test } from "node:test";
import { pairRatios } from "../pair-ratios.js";

test("ratios use the C row of the same process and suite", () => {
  const rows = pairRatios([
    { suite: "g", name: "c_in_node_koffi", pair: "c_in_node_koffi", median_ns: 100, p99_ns: 200, samples: 5 },
    { suite: "g", name: "node_koffi", pair: "c_in_node_koffi", median_ns: 130, p99_ns: 260, samples: 5 },
    { suite: "g", name: "c_in_python_cffi", pair: "c_in_python_cffi", median_ns: 400, p99_ns: 500, samples: 5 },
    { suite: "g", name: "python_cffi", pair: "c_in_python_cffi", median_ns: 500, p99_ns: 600, samples: 5 },
    { suite: "h", name: "node_koffi", pair: "c_in_node_koffi", median_ns: 10, p99_ns: 20, samples: 5 },
  ], "d", 1000, 100);
  assert.deepEqual(rows.map((r) => [r.name, r.baseline, r.ratio]), [
    ["c_in_node_koffi", "c_in_node_koffi", 1],
    ["node_koffi", "c_in_node_koffi", 1.3],
    ["c_in_python_cffi", "c_in_python_cffi", 1],
    ["python_cffi", "c_in_python_cffi", 1.25],
    ["node_koffi", "c_in_node_koffi", null],
  ]);
  assert.equal(rows[1].dataset, "d");
  assert.equal(rows[1].n, 1000);
  assert.equal(rows[1].batch_keys, 100);
});
