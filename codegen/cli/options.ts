// The command line of omendb-bindgen (commander): parses argv into RunOptions, or returns the
// text to print and the exit code (--help, --version, usage errors as E0010). Never exits itself.

import { Command, CommanderError, Option } from "commander";
import type { TargetId } from "../emit/backend.js";
import { ALL_TARGET_IDS, COMPILED_TARGET_IDS, isTargetId, TARGET_IDS } from "../emit/registry.js";
import { PASSES } from "../ir/pipeline.js";

/** Everything one run needs. */
export interface RunOptions {
  header: string;
  lib: string;
  out: string;
  name?: string;
  /** The targets given with --targets, else TARGET_IDS (the run adds the compiled tier when a C compiler is present). */
  targets: TargetId[];
  /** Whether --targets was given (then exactly those targets are emitted). */
  targetsGiven: boolean;
  includeDirs: string[];
  defines: string[];
  prefixes: string[];
  check: boolean;
  diagnostics: "text" | "json";
  denyWarnings: boolean;
  triple: string;
  /** Print the IR after this pass to stdout and write nothing. */
  after?: string;
  /** Validate the IR against its JSON Schema too (--check-ir, or OMENDB_BINDGEN_DEBUG set). */
  checkIr?: boolean;
}

/** Parsed options, or an early exit with what to print. */
export type ParsedArgs = { kind: "run"; options: RunOptions } | { kind: "exit"; code: number; stdout: string; stderr: string };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function buildCommand(version: string): Command {
  return new Command("omendb-bindgen")
    .description("Generate typed Node (koffi, ffi-rs) and Python (ctypes + .pyi, cffi) bindings, a layout probe and the IR from a C header.")
    .version(version, "-V, --version")
    .argument("<header.h>", "the C header to bind")
    .requiredOption("--lib <name|path>", "library to load: a name (z, sqlite3; resolved with ldconfig, recorded by SONAME) or a path (recorded relative to --out)")
    .requiredOption("--out <dir>", "output directory (files are written flat into it)")
    .option("--name <module>", "module name, the stem of every output file (default: the header's stem)")
    .option(
      "--targets <list>",
      `comma-separated targets: ${ALL_TARGET_IDS.join(",")} (default: ${TARGET_IDS.join(",")}, plus ${COMPILED_TARGET_IDS.join(",")} when a C compiler ($CC or cc) is found)`,
    )
    .option("-I <dir>", "add an include directory (repeatable)", collect, [])
    .option("-D <NAME[=VALUE]>", "define a macro for the preprocessor and the constants probe (repeatable)", collect, [])
    .option("--prefix <prefix>", "keep only functions, variables and macros whose name starts with it (repeatable)", collect, [])
    .option("--check", "write nothing; exit 1 and list the files that differ from a fresh generation", false)
    .addOption(new Option("--diagnostics <format>", "diagnostics format").choices(["text", "json"]).default("text"))
    .option("--deny-warnings", "treat warnings as errors", false)
    .option("--target-triple <triple>", "target the layouts are computed for", "x86_64-linux-gnu")
    .option("--check-ir", "also validate the IR against its JSON Schema before emitting (the invariants are always checked)", false)
    .addOption(new Option("--after <pass>", "print the IR as JSON after this pass and write nothing").choices(PASSES.map((p) => p.name)))
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 errors (nothing written) or --check found differences, 2 internal error.\nDiagnostics are printed as file:line:col: severity[CODE]: message; codes are explained in docs/errors.md.",
    );
}

/** Parses argv (without node and script). */
export function parseArgs(argv: string[], version: string): ParsedArgs {
  let stdout = "";
  let stderr = "";
  const cmd = buildCommand(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  try {
    cmd.parse(argv, { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return { kind: "exit", code: 0, stdout, stderr: "" };
    return { kind: "exit", code: 1, stdout: "", stderr: `omendb-bindgen: error[E0010]: ${e.message.replace(/^error: /, "")}\n(run omendb-bindgen --help for usage)\n` };
  }
  const o = cmd.opts<{ lib: string; out: string; name?: string; targets?: string; I: string[]; D: string[]; prefix: string[]; check: boolean; diagnostics: "text" | "json"; denyWarnings: boolean; targetTriple: string; after?: string; checkIr: boolean }>();
  const targets = (o.targets ?? TARGET_IDS.join(",")).split(",").map((t) => t.trim()).filter((t) => t !== "");
  const unknown = targets.filter((t) => !isTargetId(t));
  if (unknown.length || targets.length === 0) {
    return { kind: "exit", code: 1, stdout: "", stderr: `omendb-bindgen: error[E0010]: unknown target '${unknown.join("', '")}' (targets: ${ALL_TARGET_IDS.join(", ")})\n` };
  }
  return {
    kind: "run",
    options: {
      header: cmd.args[0],
      lib: o.lib,
      out: o.out,
      name: o.name,
      targets: [...new Set(targets)] as TargetId[],
      targetsGiven: o.targets !== undefined,
      includeDirs: o.I,
      defines: o.D,
      prefixes: o.prefix,
      check: o.check,
      diagnostics: o.diagnostics,
      denyWarnings: o.denyWarnings,
      triple: o.targetTriple,
      after: o.after,
      checkIr: o.checkIr || Boolean(process.env.OMENDB_BINDGEN_DEBUG),
    },
  };
}
