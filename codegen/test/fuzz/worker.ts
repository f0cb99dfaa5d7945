// Child process of the fuzz pool: receives generator argv over IPC, runs the CLI's parse and
// run functions in process, and sends back the exit code and output. A thrown exception is
// reported as exit 2 with its stack, exactly what the CLI would turn into an internal error.

import { parseArgs } from "../../cli/options.js";
import { runGenerator } from "../../cli/run.js";
import type { JobReply, JobRequest } from "./protocol.js";

async function runJob(job: JobRequest): Promise<JobReply> {
  const started = performance.now();
  try {
    const parsed = parseArgs(job.argv, "0.0.0-fuzz");
    const outcome = parsed.kind === "exit" ? parsed : await runGenerator(parsed.options, "0.0.0-fuzz");
    return { id: job.id, code: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr, ms: performance.now() - started };
  } catch (e) {
    const thrown = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { id: job.id, code: 2, stdout: "", stderr: "", thrown, ms: performance.now() - started };
  }
}

process.on("message", (job: JobRequest) => {
  void runJob(job).then((reply) => process.send?.(reply));
});
process.on("unhandledRejection", (e) => {
  process.send?.({ id: -1, code: 2, stdout: "", stderr: "", thrown: `unhandled rejection: ${String(e)}`, ms: 0 } satisfies JobReply);
});
process.send?.({ ready: true });
