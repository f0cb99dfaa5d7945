// docs/errors.md must document every diagnostic code the generator can emit (codes are API).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "test" ? [] : sources(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

it("docs/errors.md has an entry for every code used in codegen/", () => {
  const used = new Set<string>();
  for (const file of sources(join(root, "codegen"))) {
    for (const m of readFileSync(file, "utf8").matchAll(/"([EW]0\d{3})"/g)) used.add(m[1]);
  }
  const doc = readFileSync(join(root, "docs", "errors.md"), "utf8");
  const missing = [...used].sort().filter((code) => !new RegExp(`(###|\\|) ${code}\\b`).test(doc));
  expect(used.size).toBeGreaterThan(30);
  expect(missing).toEqual([]);
});
