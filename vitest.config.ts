import { defineConfig } from "vitest/config";

// Node-side suites: the generator (codegen/test) and the Node package (test/node).
export default defineConfig({
  test: {
    include: ["codegen/test/**/*.test.ts", "test/node/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
