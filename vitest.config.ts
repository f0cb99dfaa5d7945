import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

// Node-side suites: the generator (codegen/test) and the Node package (test/node). The package
// suites run once per generated tier (OMENDB_TIER per project); a tier that is not built is left
// out with a line saying so, and test/node/tier.test.ts shows it as a skipped test.
const napiBuilt = existsSync("bindings/node/build/omendb_ffi.node");
if (!napiBuilt) console.warn("vitest: napi tier not built (run `node scripts/build-compiled.mjs`); package suites run on koffi only");

const packageSuites = { include: ["test/node/**/*.test.ts"], exclude: ["test/node/reliability-*.test.ts"] };
const tierProject = (tier: string) => ({
  extends: true as const,
  test: { name: `node-${tier}`, ...packageSuites, env: { OMENDB_TIER: tier } },
});

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "generator", include: ["codegen/test/**/*.test.ts"] } },
      ...(napiBuilt ? [tierProject("napi")] : []),
      tierProject("koffi"),
      // Reliability suites on the default (fastest) tier, except the thread test that hands one
      // raw handle to several worker threads: only koffi handles (pointer values) cross threads.
      {
        extends: true,
        test: { name: "reliability", include: ["test/node/reliability-*.test.ts"], exclude: ["test/node/reliability-concurrency.test.ts"] },
      },
      {
        extends: true,
        test: { name: "reliability-threads", include: ["test/node/reliability-concurrency.test.ts"], env: { OMENDB_TIER: "koffi" } },
      },
    ],
  },
});
