// Sizes of the Node reliability tests: short settings for `npm test` (the whole set stays
// well under two minutes on two cores) and long ones with `OMENDB_SOAK=1`. Each number can
// also be forced through its own environment variable to replay or stretch one test.

/** True when `OMENDB_SOAK=1`. */
export const soak = process.env.OMENDB_SOAK === "1";

function sized(envName: string, short: number, long: number): number {
  const forced = process.env[envName];
  if (forced !== undefined && forced !== "") return Number(forced);
  return soak ? long : short;
}

/** SIGKILLs of the Node crash test. */
export const crashKills = sized("OMENDB_CRASH_KILLS", 25, 500);
/** Operations of the database model test, per engine. */
export const modelDbOps = sized("OMENDB_MODEL_OPS", 40_000, 1_000_000);
/** Operations of the learned-index model test, per index kind. */
export const modelIndexOps = sized("OMENDB_MODEL_INDEX_OPS", 20_000, 400_000);
/** Operations of the RSS loop. */
export const rssOps = sized("OMENDB_RSS_OPS", 200_000, 1_000_000);
/** Batches each concurrent worker writes. */
export const workerBatches = sized("OMENDB_WORKER_BATCHES", 200, 5_000);
/** Upper bound on RSS growth after warm-up, in MiB. */
export const rssGrowthLimitMiB = 32;

/** Prefix printed before every measured number, so the docs can quote the run. */
export function report(test: string, fields: Record<string, number | string | bigint>): void {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`);
  console.log(`[reliability] ${test}: ${parts.join(" ")}`);
}
