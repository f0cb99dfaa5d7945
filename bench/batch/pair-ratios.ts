// Turns the batch clients' JSON lines into result rows: each binding row's baseline is the C row
// timed beside it in the same process (`pair`), and its ratio is binding median / C median.

import type { Row } from "../lib/results.js";

/** A measurement as the Node and Python clients print it; `pair` names the C row timed beside it. */
export interface ClientRow { suite: string; name: string; pair: string; median_ns: number; p99_ns: number; samples: number }

/** Rows with `baseline` = the C row timed in the same process and `ratio` = median / its median. */
export function pairRatios(client: readonly ClientRow[], dataset: string, n: number, batchKeys: number): Row[] {
  return client.map((c) => {
    const base = client.find((b) => b.suite === c.suite && b.name === c.pair);
    const ratio = base && base.median_ns > 0 ? Number((c.median_ns / base.median_ns).toPrecision(4)) : null;
    return { suite: c.suite, name: c.name, dataset, n, median_ns: c.median_ns, p99_ns: c.p99_ns, baseline: c.pair, ratio, batch_keys: batchKeys, samples: c.samples };
  });
}
