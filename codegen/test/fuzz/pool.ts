// A pool of long-lived child processes running the generator (worker.ts) with a time limit per
// job: a job over the limit gets its worker's whole process group killed (cc included) and a
// fresh worker started, so a hang is a reported result and never stalls the fuzz run.

import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JobReply, JobRequest, JobResult } from "./protocol.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, "..", "..", "..");

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  stderrTail: string;
}

/** Runs generator jobs on `size` worker processes, each job limited to `timeoutMs`. */
export class GeneratorPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private nextId = 1;

  constructor(
    readonly size: number,
    private readonly timeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) this.release(this.spawn());
  }

  private spawn(): Slot {
    const child = fork(path.join(HERE, "worker.ts"), [], {
      cwd: REPO_ROOT,
      execArgv: ["--import", "tsx"],
      detached: true,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    const slot: Slot = { child, stderrTail: "", ready: new Promise((resolve) => child.once("message", () => resolve())) };
    child.stderr?.on("data", (b: Buffer) => (slot.stderrTail = (slot.stderrTail + b.toString()).slice(-2000)));
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(slot);
    else this.idle.push(slot);
  }

  private acquire(): Promise<Slot> {
    const slot = this.idle.shift();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private kill(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    try {
      if (slot.child.pid) process.kill(-slot.child.pid, "SIGKILL");
    } catch {
      slot.child.kill("SIGKILL");
    }
  }

  /** Runs one generator invocation (argv after the command name). */
  async run(argv: string[]): Promise<JobResult> {
    const slot = await this.acquire();
    await slot.ready;
    const id = this.nextId++;
    const started = performance.now();
    const result = await new Promise<JobResult>((resolve) => {
      const onMessage = (m: JobReply) => {
        if (m.id !== id && m.id !== -1) return;
        finish({ kind: "done", ...m, id });
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish({ kind: "died", id, ms: performance.now() - started, detail: `worker exited (${code ?? signal}): ${slot.stderrTail.trim()}` });
      const timer = setTimeout(() => finish({ kind: "timeout", id, ms: performance.now() - started }), this.timeoutMs);
      const finish = (r: JobResult) => {
        clearTimeout(timer);
        slot.child.off("message", onMessage);
        slot.child.off("exit", onExit);
        resolve(r);
      };
      slot.child.on("message", onMessage);
      slot.child.once("exit", onExit);
      slot.child.send({ id, argv } satisfies JobRequest);
    });
    if (result.kind === "done" && result.thrown === undefined) this.release(slot);
    else {
      this.kill(slot);
      this.release(this.spawn());
    }
    return result;
  }

  /** Stops every worker. */
  close(): void {
    for (const slot of [...this.slots]) this.kill(slot);
    this.idle.length = 0;
  }
}
