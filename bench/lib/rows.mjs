// Result rows shared by every suite (Rust index suites, storage, batch, FFI ladder, generator):
// the row shape of bench/results/latest.json, ratios against each suite's named baseline,
// and the plain-text renderings (time cells, markdown tables, target lines) of rows and checks.
// Plain JavaScript with types in rows.d.mts, so bench/run.mjs and the TypeScript suites share it.

/** Fields every row carries, in this order when printed. */
export const ROW_FIELDS = ["suite", "name", "dataset", "n", "median_ns", "p99_ns", "baseline", "ratio"];

const isNumberOrNull = (x) => x === null || (typeof x === "number" && Number.isFinite(x));

/** Problems with one row's shape (empty when it is a valid row). */
export function rowProblems(row) {
  const problems = [];
  const label = `${row?.suite ?? "?"}/${row?.name ?? "?"}`;
  if (typeof row !== "object" || row === null) return ["row is not an object"];
  for (const field of ["suite", "name", "dataset"]) {
    if (typeof row[field] !== "string" || row[field] === "") problems.push(`${label}: ${field} must be a non-empty string`);
  }
  if (!Number.isInteger(row.n) || row.n < 0) problems.push(`${label}: n must be a non-negative integer`);
  for (const field of ["median_ns", "p99_ns", "ratio"]) {
    if (!isNumberOrNull(row[field])) problems.push(`${label}: ${field} must be a finite number or null`);
  }
  if (row.baseline !== null && typeof row.baseline !== "string") problems.push(`${label}: baseline must be a string or null`);
  if (typeof row.median_ns === "number" && typeof row.p99_ns === "number" && row.p99_ns < row.median_ns) {
    problems.push(`${label}: p99_ns ${row.p99_ns} is below median_ns ${row.median_ns}`);
  }
  return problems;
}

/** Throws one message listing every malformed row; returns the rows otherwise. */
export function validateRows(rows) {
  if (!Array.isArray(rows)) throw new Error("rows must be an array");
  const problems = rows.flatMap(rowProblems);
  if (problems.length > 0) throw new Error(`malformed result rows:\n  ${problems.slice(0, 10).join("\n  ")}`);
  return rows;
}

/**
 * Rows with `baseline` and `ratio` = median / median of the baseline row of the same suite and
 * dataset. A row that already names its baseline (even null) keeps it; otherwise the suite's
 * entry in `baselines` applies. Ratio is null when the baseline row or a median is missing.
 */
export function addRatios(rows, baselines = {}) {
  const byKey = new Map(rows.map((row) => [`${row.suite}\u0000${row.dataset}\u0000${row.name}`, row]));
  return rows.map((row) => {
    const baseline = "baseline" in row ? row.baseline : (baselines[row.suite] ?? null);
    const base = baseline === null ? undefined : byKey.get(`${row.suite}\u0000${row.dataset}\u0000${baseline}`);
    const ok = base && typeof base.median_ns === "number" && base.median_ns > 0 && typeof row.median_ns === "number";
    return { ...row, baseline, ratio: ok ? Number((row.median_ns / base.median_ns).toPrecision(4)) : null };
  });
}

/** The row of `suite`/`name` (any dataset); throws when a measurement the caller needs is missing. */
export function rowOf(rows, suite, name) {
  const row = rows.find((r) => r.suite === suite && r.name === name);
  if (!row) throw new Error(`no row ${suite}/${name}`);
  return row;
}

/** Human time: ns below 10 µs, µs below 10 ms, else ms; "–" for null. */
export function fmtTime(ns) {
  if (ns === null || ns === undefined) return "–";
  if (ns >= 1e7) return `${(ns / 1e6).toFixed(1)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(1)} ns`;
}

/** Markdown table of rows in the given order, with ratios to each row's baseline. */
export function renderTable(rows) {
  const lines = ["| suite | method | dataset | n | median | p99 | ratio | baseline |", "|---|---|---|---:|---:|---:|---:|---|"];
  for (const r of rows) {
    const ratio = r.ratio === null || r.ratio === undefined ? "–" : r.ratio.toFixed(3);
    lines.push(`| ${r.suite} | ${r.name} | ${r.dataset} | ${r.n.toLocaleString("en-US")} | ${fmtTime(r.median_ns)} | ${fmtTime(r.p99_ns)} | ${ratio} | ${r.baseline ?? "–"} |`);
  }
  return lines;
}

/** One markdown line per target: met / missed with the measured value and, when missed, the cause. */
export function renderTargets(checks) {
  return checks.map((c) => `- ${c.met ? "**met**" : "**missed**"}: ${c.target} — measured ${c.measured}.${c.cause && !c.met ? ` ${c.cause}` : ""}`);
}
