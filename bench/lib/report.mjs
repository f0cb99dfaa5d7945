// Renders bench/REPORT.md from a run: how it was run, the machine and its load, a summary of
// every target (met/missed), then one section per suite: the index suites (notes from
// bench/notes.md, one table per suite and dataset, targets with causes) and each script suite
// (its intro, its table, its targets with causes), the plots, and the suites not run.

import { BASELINES } from "./ratios.mjs";
import { renderTable, renderTargets } from "./rows.mjs";
import { ALL_SUITES, INDEX_SUITES } from "./suites.mjs";
import { checkTargets } from "./targets.mjs";

const INDEX_TITLES = {
  lookup: "Point lookups, random existing keys",
  lookup_absent10: "Point lookups, 10% absent keys",
  build: "Build from sorted keys",
  memory: "Memory beside the keys",
  delta: "Lookups with 10% of keys in the unmerged delta (LearnedMap, default kind)",
};

const num = (x, digits = 1) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));

function timeCell(ns) {
  if (ns === null || ns === undefined) return "–";
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(1)} ms`;
  return `${ns.toFixed(1)} ns`;
}

function indexTable(rows, suite, dataset) {
  const selected = rows.filter((r) => r.suite === suite && r.dataset === dataset);
  if (selected.length === 0) return [];
  const lines = [`**${dataset}** (n = ${selected[0].n.toLocaleString("en-US")})`, ""];
  if (suite === "memory") {
    lines.push("| method | bytes | % of key bytes |", "|---|---:|---:|");
    for (const r of selected) lines.push(`| ${r.name} | ${r.bytes.toLocaleString("en-US")} | ${num(r.ratio * 100, 3)}% |`);
  } else {
    const learnedCols = suite.startsWith("lookup");
    lines.push(`| method | median | p99 | ratio to ${BASELINES[suite]} | speed-up |${learnedCols ? " window keys | window lines |" : ""}`);
    lines.push(`|---|---:|---:|---:|---:|${learnedCols ? "---:|---:|" : ""}`);
    for (const r of selected) {
      const speed = r.ratio ? `${(1 / r.ratio).toFixed(2)}x` : "–";
      const extra = learnedCols ? ` ${num(r.window_keys)} | ${num(r.window_lines)} |` : "";
      lines.push(`| ${r.name} | ${timeCell(r.median_ns)} | ${timeCell(r.p99_ns)} | ${num(r.ratio, 3)} | ${speed} |${extra}`);
    }
  }
  lines.push("");
  return lines;
}

/** Index checks with their dataset folded into the target text (the shape script suites use). */
function indexChecks(rows) {
  return checkTargets(rows).map((c) => ({ ...c, target: `${c.target} [${c.dataset}]` }));
}

function machineSection(machine) {
  const out = ["## Machine", ""];
  out.push(`- CPU: ${machine.cpu}, ${machine.cores} cores${machine.caches ? ` (${machine.caches})` : ""}, ${machine.memory_gib} GiB RAM`);
  out.push(`- ${machine.rustc ?? "rustc unknown"}, Node ${machine.node}, ${machine.os}`);
  const end = machine.load_average_end ? `; at the end: ${machine.load_average_end.join(", ")}` : "";
  out.push(`- Load average (1, 5, 15 min) at the start: ${machine.load_average.join(", ")}${end} — a shared ${machine.cores}-core VM; other work was running, so`
    + " absolute numbers are noisy (ratios, taken in the same process on the same probes, are steadier).", "");
  return out;
}

function summarySection(groups, options) {
  const out = ["## Targets", ""];
  if (options.mode !== "full") out.push("_This is a quick run (smaller sizes); the targets are defined for the full run._", "");
  const all = groups.flatMap((g) => g.checks.map((c) => ({ ...c, group: g.id })));
  out.push(`${all.filter((c) => c.met).length} of ${all.length} targets met. Each suite's section gives the measured cause of every miss.`, "");
  out.push("| suite | target | measured | met |", "|---|---|---|---|");
  for (const c of all) out.push(`| ${c.group} | ${c.target} | ${c.measured} | ${c.met ? "met" : "**missed**"} |`);
  out.push("");
  return out;
}

function indexSection(rows, notes) {
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  const suites = Object.keys(INDEX_TITLES).filter((s) => rows.some((r) => r.suite === s));
  const out = ["## Index suites (Rust): learned index vs classic search", ""];
  if (notes) out.push(notes.trim().replace(/^## /gm, "### "), "");
  for (const suite of suites) {
    out.push(`### ${INDEX_TITLES[suite]}`, "");
    if (suite !== "memory") out.push(`Ratio = median / median of \`${BASELINES[suite]}\` on the same dataset (below 1 is faster).`, "");
    for (const dataset of datasets) out.push(...indexTable(rows, suite, dataset));
  }
  out.push("### Index targets", "", ...renderTargets(indexChecks(rows)), "");
  return out;
}

function scriptSection(record) {
  const out = [`## ${record.title}`, ""];
  if (record.failed) return [...out, `**Not measured in this run**: ${record.failed}.`, ""];
  for (const paragraph of record.intro) out.push(paragraph, "");
  out.push(...renderTable(record.rows), "");
  if (record.checks.length > 0) out.push("Targets:", "", ...renderTargets(record.checks), "");
  return out;
}

/** The report's markdown text. `records` are the script suites' records (or `{ suite, title, failed }`). */
export function renderReport({ rows, machine, options, command, elapsedSeconds, plots, notes, records = [] }) {
  const indexRows = rows.filter((r) => (r.group ?? "index") === "index");
  const groups = [];
  if (indexRows.length > 0) groups.push({ id: "index", checks: indexChecks(indexRows) });
  for (const record of records) groups.push({ id: record.suite, checks: record.failed ? [] : record.checks });
  const ran = [...new Set([...(indexRows.length > 0 ? INDEX_SUITES.filter((s) => indexRows.some((r) => r.suite.startsWith(s))) : []), ...records.map((r) => r.suite)])];

  const out = ["# OmenDB benchmark report", ""];
  out.push(`Generated by \`${command}\` (${options.mode} run of the suites ${ran.join(", ")}: ${options.sizes.n.toLocaleString("en-US")} keys per index dataset, `
    + `${options.sizes.lookups.toLocaleString("en-US")} probes x ${options.sizes.repeats} repeats per lookup measurement, seed ${options.seed}); `
    + `took ${Math.round(elapsedSeconds)} s. Raw rows: \`bench/results/latest.json\` (one row per measurement: suite, name, dataset, n, median_ns, p99_ns, baseline, ratio).`, "");
  out.push(...machineSection(machine));
  out.push(...summarySection(groups, options));
  if (indexRows.length > 0) out.push(...indexSection(indexRows, notes));
  for (const record of records) out.push(...scriptSection(record));
  if (plots.length > 0) {
    out.push("## Plots", "");
    for (const plot of plots) out.push(`![${plot}](results/${plot})`, "");
  }
  const notRun = ALL_SUITES.filter((s) => !ran.includes(s));
  if (notRun.length > 0) out.push("## Not run", "", `Suites not selected in this run: ${notRun.join(", ")} (\`node bench/run.mjs --suites ${notRun.join(",")}\`).`, "");
  return out.join("\n");
}
