// Reads omendb-bindgen's closing summary line ("omendb-bindgen: … → 7 files in 832 ms"): the
// CLI's own time after start-up, which the generator suite reports beside the wall time; and
// the CPU seconds GNU time appends to stderr ("%U %S" format).

/** The CLI's own time from its summary line ("… → 7 files in 832 ms"), or null. */
export function parseReportedMs(output: string): number | null {
  const match = /→ \d+ files? in (\d+(?:\.\d+)?) ms/.exec(output);
  return match ? Number(match[1]) : null;
}

/** User + system CPU ns from GNU time's last stderr line ("0.91 0.21"), or null. */
export function parseCpuNs(stderr: string): number | null {
  const last = stderr.trimEnd().split("\n").pop() ?? "";
  const match = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last.trim());
  return match ? Math.round((Number(match[1]) + Number(match[2])) * 1e9) : null;
}
