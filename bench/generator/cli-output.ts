// Reads omendb-bindgen's closing summary line ("omendb-bindgen: … → 7 files in 832 ms"): the
// CLI's own time after start-up, which the generator suite reports beside the wall time.

/** The CLI's own time from its summary line ("… → 7 files in 832 ms"), or null. */
export function parseReportedMs(output: string): number | null {
  const match = /→ \d+ files? in (\d+(?:\.\d+)?) ms/.exec(output);
  return match ? Number(match[1]) : null;
}
