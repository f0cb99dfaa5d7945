// Describes the machine a run happened on, for the report: CPU model and core count from
// /proc/cpuinfo, caches from lscpu when present, memory, load average, rustc and Node versions.
// Never includes host names or paths.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

function tryRun(command, args) {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

function cpuModel() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    return line ? line.split(":")[1].trim() : os.cpus()[0]?.model ?? "unknown";
  } catch {
    return os.cpus()[0]?.model ?? "unknown";
  }
}

function caches() {
  const text = tryRun("lscpu", []);
  if (!text) return null;
  const pick = (label) => text.split("\n").find((l) => l.startsWith(label))?.split(":")[1].trim();
  return ["L1d", "L2", "L3"].map((level) => `${level} ${pick(`${level} cache`) ?? "?"}`).join(", ");
}

/** A plain object describing this machine now. */
export function describeMachine() {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    caches: caches(),
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    load_average: os.loadavg().map((x) => Number(x.toFixed(2))),
    rustc: tryRun("rustc", ["--version"]),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}
