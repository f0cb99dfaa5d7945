// Entry point of the omendb-bindgen command (called by bin/omendb-bindgen.mjs): parses argv,
// runs the generator, prints, and returns the exit code. Internal bugs print "internal error"
// and give exit 2, never a stack trace (set OMENDB_BINDGEN_DEBUG=1 to see it).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "./options.js";
import { runGenerator } from "./run.js";

/** Version from the package's package.json. */
export function toolVersion(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "package.json");
  try {
    return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const version = toolVersion();
    const parsed = parseArgs(argv, version);
    if (parsed.kind === "exit") {
      process.stdout.write(parsed.stdout);
      process.stderr.write(parsed.stderr);
      return parsed.code;
    }
    const outcome = await runGenerator(parsed.options, version);
    process.stdout.write(outcome.stdout);
    process.stderr.write(outcome.stderr);
    return outcome.code;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`omendb-bindgen: internal error: ${message}\nThis is a bug in omendb-bindgen; please report it with the header that triggered it.\n`);
    if (process.env.OMENDB_BINDGEN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack ?? ""}\n`);
    return 2;
  }
}
