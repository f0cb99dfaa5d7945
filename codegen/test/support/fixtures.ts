// Shared by the fixture runners: discovery of fixture folders, their options, the expected-file
// comparison (read-only by default, UPDATE_EXPECTED=1 rewrites) and a short unified-style diff.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** Options a fixture may set in options.json. */
export interface FixtureOptions {
  lib?: string;
  name?: string;
  prefixes?: string[];
  defines?: string[];
  includeDirs?: string[];
  /** Extra CLI arguments (error fixtures). */
  args?: string[];
  /** Header path relative to the fixture (default input.h). */
  header?: string;
}

/** Fixture folders (those holding input.h or options.json) directly under `dir`, sorted. */
export function discoverFixtures(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "errors" && (fs.existsSync(path.join(dir, e.name, "input.h")) || fs.existsSync(path.join(dir, e.name, "options.json"))))
    .map((e) => e.name)
    .sort();
}

export function readOptions(fixtureDir: string): FixtureOptions {
  const file = path.join(fixtureDir, "options.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as FixtureOptions) : {};
}

/** A compact line diff: the first differing region with 3 lines of context. */
export function lineDiff(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  let j = 0;
  while (j < e.length - i && j < a.length - i && e[e.length - 1 - j] === a[a.length - 1 - j]) j++;
  const from = Math.max(0, i - 3);
  const out = [`@@ line ${i + 1} @@`];
  for (let k = from; k < i; k++) out.push(`  ${e[k]}`);
  for (let k = i; k < e.length - j; k++) out.push(`- ${e[k]}`);
  for (let k = i; k < a.length - j; k++) out.push(`+ ${a[k]}`);
  return out.slice(0, 80).join("\n");
}

/** Compares `actual` with an expected file; rewrites it under UPDATE_EXPECTED=1. Returns a problem or undefined. */
export function compareExpected(file: string, actual: string): string | undefined {
  if (process.env.UPDATE_EXPECTED === "1") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return undefined;
  }
  if (!fs.existsSync(file)) return `${path.relative(process.cwd(), file)} does not exist (run with UPDATE_EXPECTED=1 to create it)`;
  const expected = fs.readFileSync(file, "utf8");
  return expected === actual ? undefined : `${path.relative(process.cwd(), file)} differs:\n${lineDiff(expected, actual)}`;
}
