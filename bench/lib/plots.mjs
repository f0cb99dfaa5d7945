// Produces the PNG plots through Python matplotlib in the repo venv: finds the venv python with
// scripts/ensure-venv.sh, installs bench/requirements.txt into it when the pinned matplotlib is
// missing, then runs bench/plot.py. Returns the PNG file names, or [] with a warning on failure.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

function pinnedMatplotlib(benchDir) {
  const line = readFileSync(path.join(benchDir, "requirements.txt"), "utf8").split("\n").find((l) => l.startsWith("matplotlib=="));
  return line ? line.split("==")[1].trim() : null;
}

/** Plots `resultsFile` into `outDir`; returns the written PNG names. */
export function makePlots({ repoRoot, benchDir, resultsFile, outDir }) {
  try {
    const python = execFileSync("bash", [path.join(repoRoot, "scripts", "ensure-venv.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    const want = pinnedMatplotlib(benchDir);
    const check = `import sys, matplotlib; sys.exit(0 if matplotlib.__version__ == ${JSON.stringify(want)} else 1)`;
    try {
      execFileSync(python, ["-c", check], { stdio: "ignore" });
    } catch {
      console.error(`installing ${path.join("bench", "requirements.txt")} into the venv`);
      execFileSync(python, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", path.join(benchDir, "requirements.txt")], { stdio: "inherit" });
    }
    const output = execFileSync(python, [path.join(benchDir, "plot.py"), resultsFile, outDir], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    return output.split("\n").map((l) => l.trim()).filter((l) => l.endsWith(".png"));
  } catch (error) {
    console.error(`warning: plots skipped: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    return [];
  }
}
