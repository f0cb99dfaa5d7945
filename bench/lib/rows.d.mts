// Types of rows.mjs: the result row every suite writes and the target check every suite reports.

/** A measurement before its ratio is known; suite-specific numbers ride along as extra fields. */
export interface RawRow {
  suite: string;
  name: string;
  dataset: string;
  n: number;
  median_ns: number;
  p99_ns: number | null;
  baseline?: string | null;
  [extra: string]: unknown;
}

/** One measurement, as bench/results/latest.json rows. */
export interface Row extends RawRow {
  baseline: string | null;
  ratio: number | null;
}

/** A target of the issues with its verdict; `cause` explains a miss (measured, not guessed). */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
  cause: string;
}

export const ROW_FIELDS: readonly string[];
export function rowProblems(row: unknown): string[];
export function validateRows<T>(rows: T[]): T[];
export function addRatios(rows: readonly RawRow[], baselines?: Readonly<Record<string, string>>): Row[];
export function rowOf(rows: readonly Row[], suite: string, name: string): Row;
export function fmtTime(ns: number | null | undefined): string;
export function renderTable(rows: readonly Row[]): string[];
export function renderTargets(checks: readonly TargetCheck[]): string[];
