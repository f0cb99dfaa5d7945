"""Plots for bench/REPORT.md: one grouped bar chart per timed suite (median latency per method
per dataset, p99 as a thin marker), from the rows of bench/results/latest.json.
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


if __name__ == "__main__":
    main()
