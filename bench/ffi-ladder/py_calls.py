"""Times ``add1(5)`` through every Python layer the FFI ladder built, in this one process: the
hand-written METH_O extension, omendb-bindgen's cpython, cffi and ctypes targets (each through
its generated wrapper and raw), and SWIG's ``-builtin`` module. Rounds, calibrated to the same
duration for every layer (a long round on a shared machine almost always contains a preemption,
a short one usually not), are interleaved across layers; prints one JSON line per layer
({name, median_ns, p99_ns, calls}) and one {"missing"}.
Usage: py_calls.py GENERATED_DIR PY_DIR LIBRARY ROUNDS ROUND_NS"""

from __future__ import annotations

import ctypes
import importlib
import json
import math
import sys
import timeit
from typing import Any, Callable

LAYERS = ["loop_only", "cpython_hand", "cpython_generated", "swig_builtin", "cffi_raw", "cffi_generated", "ctypes_raw", "ctypes_generated"]


def quantile(values: list[float], q: float) -> float:
    """Nearest rank on a sorted copy, as bench/lib/stats.ts."""
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[rank]


def load_layers(generated: str, py_dir: str, library: str, missing: dict[str, str]) -> dict[str, Callable[[int], Any]]:
    sys.path[:0] = [generated, py_dir]
    loaders: dict[str, Callable[[], Callable[[int], Any]]] = {
        "cpython_hand": lambda: importlib.import_module("hand_add1").add1,
        "cpython_generated": lambda: importlib.import_module("add1_cpython").load(library).add1,
        "swig_builtin": lambda: importlib.import_module("swig_add1").add1,
        "cffi_raw": lambda: importlib.import_module("_add1_cffi").lib.add1,
        "cffi_generated": lambda: importlib.import_module("add1").load(backend="cffi").add1,
        "ctypes_raw": lambda: raw_ctypes(library),
        "ctypes_generated": lambda: importlib.import_module("add1").load(library, backend="ctypes").add1,
    }
    fns: dict[str, Callable[[int], Any]] = {}
    for name, load in loaders.items():
        try:
            fn = load()
            if fn(41) != 42:
                raise RuntimeError(f"add1(41) returned {fn(41)!r}")
            fns[name] = fn
        except Exception as error:  # noqa: BLE001 (any failure makes the layer unavailable, with its reason)
            missing[name] = f"{type(error).__name__}: {error}"
    return fns


def raw_ctypes(library: str) -> Callable[[int], Any]:
    fn = ctypes.CDLL(library).add1
    fn.argtypes = [ctypes.c_int64]
    fn.restype = ctypes.c_int64
    return fn


def calibrate(timer: timeit.Timer, round_ns: float) -> int:
    """Calls per round so that one round lasts about round_ns (after a warm-up batch)."""
    timer.timeit(number=20_000)
    calls = 1000
    while timer.timeit(number=calls) * 1e9 < round_ns / 4 and calls < 10**8:
        calls *= 4
    ns = min(timer.repeat(repeat=5, number=calls)) * 1e9
    return max(1, round(calls * round_ns / max(ns, 1.0)))


def main() -> None:
    generated, py_dir, library, rounds_arg, round_ns_arg = sys.argv[1:6]
    rounds, round_ns = int(rounds_arg), float(round_ns_arg)
    missing: dict[str, str] = {}
    fns = load_layers(generated, py_dir, library, missing)
    timers = {"loop_only": timeit.Timer("pass")}
    timers.update({name: timeit.Timer("f(5)", globals={"f": fn}) for name, fn in fns.items()})
    names = [n for n in LAYERS if n in timers]
    count = {n: calibrate(timers[n], round_ns) for n in names}
    samples: dict[str, list[float]] = {n: [] for n in names}
    warmup = max(2, rounds // 10)
    for round_index in range(warmup + rounds):
        for name in names:
            ns = timers[name].timeit(number=count[name]) * 1e9 / count[name]
            if round_index >= warmup:
                samples[name].append(ns)
    for name in names:
        print(json.dumps({"name": name, "median_ns": round(quantile(samples[name], 0.5), 2),
                          "p99_ns": round(quantile(samples[name], 0.99), 2), "calls": rounds * count[name]}))
    print(json.dumps({"missing": missing}))


if __name__ == "__main__":
    main()
