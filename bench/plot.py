"""Plots for bench/REPORT.md, from the rows of bench/results/latest.json: one grouped bar chart per
timed index suite (median latency per method per dataset, p99 as a thin marker), and the FFI
ladder's per-call overhead per layer and db.get(hotKey) per tier (horizontal bars, log scale).
Usage: python bench/plot.py RESULTS_JSON OUT_DIR  (prints the PNG names it wrote)."""

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend must be chosen first)

TITLES = {
    "lookup": "Point lookup, random existing keys",
    "lookup_absent10": "Point lookup, 10% absent keys",
    "build": "Build from sorted keys",
    "delta": "LearnedMap lookups: 10% in delta vs merged",
}
LOG_SCALE = {"build"}


def plot_suite(rows: list[dict], suite: str, out_dir: Path, n: int) -> str | None:
    selected = [r for r in rows if r["suite"] == suite and r["median_ns"] is not None]
    if not selected:
        return None
    datasets = list(dict.fromkeys(r["dataset"] for r in selected))
    methods = list(dict.fromkeys(r["name"] for r in selected))
    width = 0.8 / len(methods)
    fig, ax = plt.subplots(figsize=(max(8, 1.6 * len(datasets) + 2), 4.8))
    for m_index, method in enumerate(methods):
        xs, medians, p99s = [], [], []
        for d_index, dataset in enumerate(datasets):
            row = next((r for r in selected if r["dataset"] == dataset and r["name"] == method), None)
            if row is None:
                continue
            xs.append(d_index + (m_index - (len(methods) - 1) / 2) * width)
            scale = 1e-6 if suite == "build" else 1.0
            medians.append(row["median_ns"] * scale)
            p99s.append((row["p99_ns"] or row["median_ns"]) * scale)
        ax.bar(xs, medians, width, label=method)
        ax.scatter(xs, p99s, marker="_", color="black", s=40, linewidths=1)
    ax.set_xticks(range(len(datasets)), datasets)
    ax.set_ylabel("build time (ms)" if suite == "build" else "ns per lookup (median; dash = p99)")
    if suite in LOG_SCALE:
        ax.set_yscale("log")
    ax.set_title(f"{TITLES.get(suite, suite)} — n = {n:,}")
    ax.legend(fontsize="small", ncols=2)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    name = f"{suite}.png"
    fig.savefig(out_dir / name, dpi=110)
    plt.close(fig)
    return name


LADDER_RUNTIMES = {"c": "C", "node": "Node", "python": "Python"}
LADDER_LABELS = {
    "c_direct": "C direct call",
    "js_plain": "plain JS function (no FFI)",
    "napi_hand": "N-API addon, hand-written",
    "napi_hand_number": "N-API addon, hand-written, number result",
    "napi_generated": "napi addon, generated",
    "swig_node": "SWIG wrapper",
    "koffi_generated": "koffi, generated wrapper",
    "koffi_raw": "koffi, raw lib.func",
    "koffi_raw_bigint": "koffi, raw lib.func + BigInt()",
    "ffi_rs_generated": "ffi-rs, generated",
    "loop_only": "timeit loop alone (no call)",
    "cpython_hand": "CPython ext., hand-written METH_O",
    "cpython_generated": "CPython ext., generated",
    "swig_builtin": "SWIG -builtin",
    "cffi_raw": "cffi, raw lib.add1",
    "cffi_generated": "cffi, generated wrapper",
    "ctypes_raw": "ctypes, raw CDLL",
    "ctypes_generated": "ctypes, generated wrapper",
    "c_floor": "C direct call",
    "napi": "package on napi",
    "koffi": "package on koffi",
    "cpython": "package on cpython",
    "cffi": "package on cffi",
    "ctypes": "package on ctypes",
}
COLORS = {"c": "tab:gray", "node": "tab:green", "python": "tab:blue"}


def plot_ladder(rows: list[dict], prefix: str, out_dir: Path, name: str, title: str, xlabel: str) -> str | None:
    """Horizontal bars of every `<prefix>_<runtime>` row: median bar, p99 dash, log scale."""
    selected = [r for r in rows if r["suite"].startswith(prefix + "_") and r["median_ns"] is not None]
    if not selected:
        return None
    labels, medians, p99s, colors = [], [], [], []
    for runtime in LADDER_RUNTIMES:
        for row in (r for r in selected if r["suite"] == f"{prefix}_{runtime}"):
            labels.append(f"{LADDER_RUNTIMES[runtime]}: {LADDER_LABELS.get(row['name'], row['name'])}")
            medians.append(row["median_ns"])
            p99s.append(row["p99_ns"] or row["median_ns"])
            colors.append(COLORS[runtime])
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(labels) + 1.4))
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, medians, color=colors)
    ax.scatter(p99s, ys, marker="|", color="black", s=60, linewidths=1)
    for y, value, p99 in zip(ys, medians, p99s):
        ax.text(max(value, p99) * 1.12, y, f"{value:.1f} ns", va="center", fontsize="x-small")
    ax.set_xscale("log")
    ax.set_xlim(min(medians) / 2, max(p99s) * 4)
    ax.set_yticks(ys, labels, fontsize="small")
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out_dir / name, dpi=110)
    plt.close(fig)
    return name


def main() -> None:
    results = json.loads(Path(sys.argv[1]).read_text())
    out_dir = Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = results["rows"]
    n = results["options"]["sizes"]["n"]
    for suite in TITLES:
        name = plot_suite(rows, suite, out_dir, n)
        if name:
            print(name)
    ladders = [
        ("ffi_call", "ffi_overhead.png", "Per-call overhead per layer: int64_t add1(int64_t)", "ns per call (median; dash = p99), log scale"),
        ("ffi_get", "ffi_get.png", "db.get(hotKey) per package tier", "ns per get (best of 5 rounds), log scale"),
    ]
    for prefix, file_name, title, xlabel in ladders:
        name = plot_ladder(rows, prefix, out_dir, file_name, title, xlabel)
        if name:
            print(name)


if __name__ == "__main__":
    main()
