"""Python side of the batch suite: per-key time of get_many on batches through the idiomatic
package (``omendb``, on the tier it picks or $OMENDB_TIER forces), interleaved round by round
with the same calls timed in C inside this process (c_timer.c through ctypes, on a twin index
and database built from the same data with the generated ctypes module); plus per-call get/put.
Usage: python py_client.py TIMER_LIB LIBOMENDB KEYS_FILE N PROBES_FILE BATCH ROUNDS WARMUP
(PYTHONPATH=python:bindings/python); prints one JSON line per measurement.
"""

from __future__ import annotations

import ctypes
import json
import sys
import time
from typing import Any, Callable

import numpy as np

import omendb
import omendb_ffi

VALUE_BYTES = 100


def summarize(samples: list[float]) -> dict[str, float]:
    """Median and p99 (nearest rank), as bench/lib/stats.ts computes them."""
    ordered = sorted(samples)
    rank = min(len(ordered) - 1, max(0, -(-99 * len(ordered) // 100) - 1))
    return {"median_ns": round(ordered[(len(ordered) - 1) // 2], 2), "p99_ns": round(ordered[rank], 2)}


def pair_sample(rounds: int, warmup: int, ops: int, c: Callable[[int], float], bind: Callable[[int], None]) -> tuple[list[float], list[float]]:
    """Per-operation samples of C (`c` returns its own ns) and of the binding, alternating which goes first."""
    c_out: list[float] = []
    bind_out: list[float] = []
    for rnd in range(warmup + rounds):
        r = rnd % rounds
        if rnd % 2 == 0:
            c_ns = c(r)
            t0 = time.perf_counter_ns()
            bind(r)
            bind_ns = time.perf_counter_ns() - t0
        else:
            t0 = time.perf_counter_ns()
            bind(r)
            bind_ns = time.perf_counter_ns() - t0
            c_ns = c(r)
        if c_ns < 0:
            raise SystemExit("the C timer reported a failed call")
        if rnd >= warmup:
            c_out.append(c_ns / ops)
            bind_out.append(bind_ns / ops)
    return c_out, bind_out


def addr(array: np.ndarray[Any, Any]) -> int:
    """Address of a numpy array's first element."""
    return int(array.ctypes.data)


def load_timer(path: str) -> dict[str, Callable[..., float]]:
    """The c_timer.c functions, bound with ctypes."""
    timer = ctypes.CDLL(path)
    p = ctypes.c_void_p
    signatures: dict[str, list[type]] = {
        "omendb_timer_index_get_many": [p, p, ctypes.c_size_t],
        "omendb_timer_storage_get_many": [p, p, ctypes.c_size_t],
        "omendb_timer_storage_get": [p, p, ctypes.c_size_t],
        "omendb_timer_index_get": [p, p, ctypes.c_size_t],
        "omendb_timer_storage_put": [p, p, p, p, ctypes.c_size_t],
    }
    out: dict[str, Callable[..., float]] = {}
    for fname, argtypes in signatures.items():
        fn = getattr(timer, fname)
        fn.restype = ctypes.c_double
        fn.argtypes = argtypes
        out[fname] = fn
    return out


def main() -> None:
    timer_lib, library, keys_file, n_text, probes_file, batch_text, rounds_text, warmup_text = sys.argv[1:9]
    n, batch, rounds, warmup = int(n_text), int(batch_text), int(rounds_text), int(warmup_text)
    keys = np.fromfile(keys_file, dtype="<i8")
    probes = np.fromfile(probes_file, dtype="<i4")
    if len(keys) != n or len(probes) != rounds * batch:
        raise SystemExit("dataset files do not match the arguments")
    table = ((np.arange(n, dtype=np.int64)[:, None] * 31 + np.arange(VALUE_BYTES, dtype=np.int64)[None, :] * 7) & 0xFF).astype(np.uint8)
    values = [row.tobytes() for row in table]
    probe_keys = np.ascontiguousarray(keys[probes])
    batches = [probe_keys[r * batch:(r + 1) * batch] for r in range(rounds)]
    batch_lists = [[int(k) for k in b] for b in batches]
    name = f"python_{omendb.backend()}"
    c_name = f"c_in_{name}"

    raw = omendb_ffi.load(library, backend="ctypes")
    built = raw.omendb_index_build(0, 64, keys.data, values, [VALUE_BYTES] * n, n)
    opened = raw.omendb_open_with_options(None, omendb_ffi.OmenOptions(engine=1))
    if not built.result.success or not opened.result.success:
        raise SystemExit("twin build failed")
    if not raw.omendb_storage_batch_write(opened.out_db, keys.data, values, [VALUE_BYTES] * n, n).success:
        raise SystemExit("twin batch write failed")
    raw_index, raw_db = built.out_index.value, opened.out_db.value
    timer = load_timer(timer_lib)

    idx = omendb.LearnedIndex.build(keys, values)
    db = omendb.open(None, engine="memory")
    db.put_many(keys, values)

    def measure(suite: str, c: Callable[[int], float], bind: Callable[[int], None]) -> None:
        c_samples, bind_samples = pair_sample(rounds, warmup, batch, c, bind)
        for row_name, samples in ((c_name, c_samples), (name, bind_samples)):
            print(json.dumps({"suite": suite, "name": row_name, "pair": c_name, **summarize(samples), "samples": len(samples)}), flush=True)

    def check(got: list[bytes | None]) -> None:
        if len(got) != batch or any(v is None or len(v) != VALUE_BYTES for v in got):
            raise SystemExit("get_many returned missing values")

    def gets(getter: Callable[[int], bytes | None]) -> Callable[[int], None]:
        def run(r: int) -> None:
            for k in batch_lists[r]:
                if getter(k) is None:
                    raise SystemExit(f"key {k} missing")
        return run

    def puts(r: int) -> None:
        for i, k in enumerate(batch_lists[r]):
            db.put(k, values[probes[r * batch + i]])

    measure("batch_get_many_index", lambda r: timer["omendb_timer_index_get_many"](raw_index, addr(batches[r]), batch),
            lambda r: check(idx.get_many(batches[r])))
    measure("batch_get_many_storage", lambda r: timer["omendb_timer_storage_get_many"](raw_db, addr(batches[r]), batch),
            lambda r: check(db.get_many(batches[r])))
    measure("ffi_call_storage_get", lambda r: timer["omendb_timer_storage_get"](raw_db, addr(batches[r]), batch), gets(db.get))
    measure("ffi_call_index_get", lambda r: timer["omendb_timer_index_get"](raw_index, addr(batches[r]), batch), gets(idx.get))
    measure("ffi_call_storage_put", lambda r: timer["omendb_timer_storage_put"](raw_db, addr(batches[r]), addr(probes[r * batch:]), addr(table), batch), puts)
    idx.free()
    db.close()
    raw.omendb_index_free(built.out_index)
    raw.omendb_close(opened.out_db)


if __name__ == "__main__":
    main()
