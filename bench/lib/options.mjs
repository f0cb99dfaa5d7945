// Command-line options of bench/run.mjs: --quick (1M keys, under 2 minutes) or the full run
// (10M keys, under 20 minutes), plus --no-plots, --datasets, --suites and --out for partial runs,
// and --report-only to re-render the report from the last results.
// Returns the sizes handed to the Rust binary, the suites to run and where results go.

import { ALL_SUITES, INDEX_SUITES, SCRIPT_SUITES } from "./suites.mjs";

/** Sizes per mode; both run the same suites and datasets. */
export const MODES = {
  quick: { n: 1_000_000, lookups: 200_000, repeats: 3, buildRepeats: 3 },
  full: { n: 10_000_000, lookups: 1_000_000, repeats: 5, buildRepeats: 3 },
};

const USAGE = `usage: node bench/run.mjs [--quick] [--no-plots] [--datasets a,b] [--suites a,b] [--seed N] [--out DIR] [--report-only]
  --suites       any of ${ALL_SUITES.join(",")} (default: all)
  --datasets     datasets of the index suites (default: all five)
  --report-only  re-render REPORT.md and the plots from an existing results/latest.json (no run)`;

/** Parses argv (without node and script) into options; throws a message with usage on error. */
export function parseOptions(argv) {
  const options = { mode: "full", plots: true, datasets: null, suites: null, seed: 42, out: null, reportOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    switch (flag) {
      case "--quick": options.mode = "quick"; break;
      case "--full": options.mode = "full"; break;
      case "--no-plots": options.plots = false; break;
      case "--report-only": options.reportOnly = true; break;
      case "--datasets": options.datasets = value(); break;
      case "--suites": options.suites = value(); break;
      case "--seed": options.seed = Number.parseInt(value(), 10); break;
      case "--out": options.out = value(); break;
      case "--help": case "-h": throw new Error(USAGE);
      default: throw new Error(`unknown argument ${flag}\n${USAGE}`);
    }
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new Error(`--seed must be a non-negative integer\n${USAGE}`);
  if (options.suites !== null) {
    const unknown = options.suites.split(",").filter((s) => !ALL_SUITES.includes(s));
    if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(", ")} (known: ${ALL_SUITES.join(", ")})\n${USAGE}`);
  }
  return { ...options, sizes: MODES[options.mode] };
}

/** The selected suites, split into the Rust binary's and the script suites, each in run order. */
export function selectedSuites(options) {
  const chosen = options.suites === null ? ALL_SUITES : options.suites.split(",");
  return {
    index: INDEX_SUITES.filter((s) => chosen.includes(s)),
    scripts: Object.keys(SCRIPT_SUITES).filter((s) => chosen.includes(s)),
  };
}

/** Arguments for the omendb-bench binary. */
export function binaryArgs(options) {
  const { n, lookups, repeats, buildRepeats } = options.sizes;
  const args = ["--n", String(n), "--lookups", String(lookups), "--repeats", String(repeats),
    "--build-repeats", String(buildRepeats), "--seed", String(options.seed)];
  if (options.datasets) args.push("--datasets", options.datasets);
  if (options.suites) args.push("--suites", selectedSuites(options).index.join(","));
  return args;
}
