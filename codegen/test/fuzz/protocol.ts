// Messages between the fuzz pool (parent) and its workers (child processes running the CLI).

/** One generator run: the argv after `omendb-bindgen`. */
export interface JobRequest {
  id: number;
  argv: string[];
}

/** What the run gave back; `thrown` is set when runGenerator threw (an internal error). */
export interface JobReply {
  id: number;
  code: number;
  stdout: string;
  stderr: string;
  thrown?: string;
  ms: number;
}

/** The result of a job as the pool saw it: a reply, or a timeout (the worker was killed). */
export type JobResult = ({ kind: "done" } & JobReply) | { kind: "timeout"; id: number; ms: number } | { kind: "died"; id: number; ms: number; detail: string };
