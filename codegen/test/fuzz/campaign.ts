// A fuzz campaign over the generator: picks a real header per seed, mutates it, runs the CLI on
// it in the worker pool (the loader targets, TARGET_IDS; a time limit per input), checks the contract and
// counts accepted/rejected inputs. Shared by the vitest fuzz test and scripts/fuzz-generator.mjs.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TARGET_IDS } from "../../emit/registry.js";
import { checkRun, type DeepChecks } from "./check.js";
import { mutate, Rng } from "./mutate.js";
import { GeneratorPool } from "./pool.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** A header to mutate and the generator arguments it needs besides header and --out. */
export interface SeedHeader {
  name: string;
  file: string;
  args: string[];
}

/** The real headers present on this machine: zlib, sqlite3, the contract header, the fixtures. */
export function seedHeaders(): SeedHeader[] {
  const seeds: SeedHeader[] = [];
  if (fs.existsSync("/usr/include/zlib.h")) seeds.push({ name: "zlib", file: "/usr/include/zlib.h", args: ["--lib", "z"] });
  if (fs.existsSync("/usr/include/sqlite3.h")) seeds.push({ name: "sqlite3", file: "/usr/include/sqlite3.h", args: ["--lib", "sqlite3"] });
  seeds.push({ name: "omendb_ffi", file: path.join(REPO_ROOT, "include", "omendb_ffi.h"), args: ["--lib", "./libabsent.so"] });
  const fixtures = path.join(REPO_ROOT, "codegen", "test", "fixtures");
  for (const dir of fs.readdirSync(fixtures).sort()) {
    const input = path.join(fixtures, dir, "input.h");
    if (dir === "errors" || !fs.existsSync(input)) continue;
    const optsFile = path.join(fixtures, dir, "options.json");
    const opts = fs.existsSync(optsFile) ? (JSON.parse(fs.readFileSync(optsFile, "utf8")) as { defines?: string[] }) : {};
    seeds.push({ name: `fixture-${dir}`, file: input, args: ["--lib", "./libabsent.so", ...(opts.defines ?? []).flatMap((d) => ["-D", d])] });
  }
  return seeds;
}

/** One input that broke the contract. */
export interface FuzzFailure {
  seed: number;
  source: string;
  steps: string[];
  args: string[];
  problems: string[];
  /** The mutated header text. */
  text: string;
  /** The header's file name (the generator's module name comes from it). */
  fileName: string;
}

export interface CampaignOptions {
  /** Seed of the first input; input k uses seed + k. */
  seed: number;
  /** Stop after this many inputs... */
  iterations: number;
  /** ...or after this many seconds, whichever comes first. */
  seconds?: number;
  poolSize?: number;
  /** Time limit of one generator run. */
  timeoutMs?: number;
  /** Inputs 0..seeds-1 are the unmutated headers (a baseline every run must accept). */
  originals?: boolean;
  /** Run the Python, probe and tsc checks on inputs whose index is a multiple of n, when accepted (0 = never). */
  deepEvery?: number;
  tscEvery?: number;
  onResult?: (index: number, verdict: "accepted" | "rejected" | "failed", ms: number) => void;
}

export interface CampaignReport {
  inputs: number;
  accepted: number;
  rejected: number;
  failures: FuzzFailure[];
  ms: number;
  slowestMs: number;
}

/** Runs a campaign; never throws for a generator failure (it is a FuzzFailure). */
export async function runCampaign(opts: CampaignOptions): Promise<CampaignReport> {
  const seeds = seedHeaders();
  const texts = new Map(seeds.map((s) => [s.name, fs.readFileSync(s.file, "utf8")]));
  const pool = new GeneratorPool(opts.poolSize ?? Math.max(1, Math.min(2, os.availableParallelism())), opts.timeoutMs ?? 30_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "omendb-bindgen-fuzz-"));
  const report: CampaignReport = { inputs: 0, accepted: 0, rejected: 0, failures: [], ms: 0, slowestMs: 0 };
  const started = performance.now();
  const deadline = opts.seconds === undefined ? Infinity : started + opts.seconds * 1000;
  let next = 0;
  const runOne = async (k: number) => {
    const seed = opts.seed + k;
    const original = opts.originals === true && k < seeds.length;
    const source = original ? seeds[k] : new Rng(seed ^ 0x5eed).pick(seeds);
    const text = texts.get(source.name) ?? "";
    const mutant = original ? { text, steps: ["original"] } : mutate(text, seed);
    const dir = path.join(work, String(k));
    fs.mkdirSync(dir);
    const fileName = path.basename(source.file);
    const header = path.join(dir, fileName);
    fs.writeFileSync(header, mutant.text);
    const outDir = path.join(dir, "out");
    // The loader targets, pinned: the default set also holds the compiled tier when cc is present.
    const result = await pool.run([header, "--out", outDir, "--targets", TARGET_IDS.join(","), ...source.args]);
    const accepted = result.kind === "done" && result.code === 0;
    // Chosen by input index, not completion order, so a seed always deep-checks the same inputs.
    const every = (n: number | undefined) => accepted && n !== undefined && n > 0 && k % n === 0;
    const deep: DeepChecks = { python: every(opts.deepEvery), probe: every(opts.deepEvery), tsc: every(opts.tscEvery) };
    const cflags = source.args.flatMap((a, i) => (source.args[i - 1] === "-D" ? [`-D${a}`] : []));
    const problems = checkRun({ header, lines: mutant.text.split("\n").length, outDir, cflags, result }, deep);
    report.inputs++;
    report.slowestMs = Math.max(report.slowestMs, result.ms);
    let verdict: "accepted" | "rejected" | "failed" = accepted ? "accepted" : "rejected";
    if (original && !accepted) problems.push(`the unmutated header is rejected: ${result.kind === "done" ? result.stderr.trim().split("\n").slice(-2).join(" | ") : result.kind}`);
    if (problems.length) {
      verdict = "failed";
      report.failures.push({ seed, source: source.name, steps: mutant.steps, args: source.args, problems, text: mutant.text, fileName });
    } else if (accepted) report.accepted++;
    else report.rejected++;
    opts.onResult?.(k, verdict, result.ms);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const lane = async () => {
    while (next < opts.iterations && performance.now() < deadline) await runOne(next++);
  };
  try {
    await Promise.all(Array.from({ length: pool.size }, lane));
  } finally {
    pool.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  report.ms = performance.now() - started;
  return report;
}
