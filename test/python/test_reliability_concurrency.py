"""Concurrency through the Python API.

Reader threads run concurrently with a writer on ONE shared OmenDB and ONE shared
LearnedIndex. Values carry key, version and checksum, so torn or foreign reads are
detected; versions a reader sees never go back; keys the writer has published are always
found. Every join has a deadline (a deadlock fails the test), and the final contents are
checked against the writer's model. A second process opening a held file gets LOCKED.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

import omendb

from reliability.checked_value import checked_value, version_of
from reliability.settings import THREAD_SECONDS, child_env, report

KEYS = 2_000
READERS = 3


def run_threads(writer: Callable[[threading.Event], int], reader: Callable[[threading.Event, int], int]) -> tuple[int, list[int]]:
    """Run one writer and READERS readers for THREAD_SECONDS; returns (writes, reads per reader)."""
    stop = threading.Event()
    errors: list[BaseException] = []
    writes = [0]
    reads = [0] * READERS

    def guard(fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except BaseException as err:  # noqa: BLE001 - re-raised in the main thread
                errors.append(err)
                stop.set()

        return run

    def write() -> None:
        writes[0] = writer(stop)

    def read_with(i: int) -> Callable[[], None]:
        def read() -> None:
            reads[i] = reader(stop, i)

        return read

    threads = [threading.Thread(target=guard(write))] + [threading.Thread(target=guard(read_with(i))) for i in range(READERS)]
    for t in threads:
        t.start()
    time.sleep(THREAD_SECONDS)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    stuck = [t.name for t in threads if t.is_alive()]
    assert not stuck, f"threads still running 60 s after stop (deadlock?): {stuck}"
    if errors:
        raise errors[0]
    return writes[0], reads


def test_readers_and_writer_share_one_database(db_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = omendb.open(db_path, sync="on_flush", hot_tier_capacity=256)
    model: dict[int, int] = {}

    def writer(stop: threading.Event) -> int:
        rng, version, ops = random.Random(1), 0, 0
        while not stop.is_set():
            version += 1
            if version % 10 == 0:
                keys = [rng.randrange(KEYS) for _ in range(50)]
                db.put_many(keys, [checked_value(k, version) for k in keys])
                model.update((k, version) for k in keys)
            elif version % 7 == 0:
                k = rng.randrange(KEYS)
                db.delete(k)
                model.pop(k, None)
            else:
                k = rng.randrange(KEYS)
                db.put(k, checked_value(k, version))
                model[k] = version
            ops += 1
        return ops

    def reader(stop: threading.Event, seed: int) -> int:
        rng, seen, ops = random.Random(100 + seed), {}, 0
        while not stop.is_set():
            roll = rng.random()
            if roll < 0.6:
                k = rng.randrange(KEYS)
                value = db.get(k)
                if value is not None:
                    v = version_of(value, k)
                    assert v >= seen.get(k, 0), f"key {k}: version went back from {seen[k]} to {v}"
                    seen[k] = v
            elif roll < 0.9:
                keys = [rng.randrange(KEYS) for _ in range(32)]
                for k, value in zip(keys, db.get_many(keys)):
                    if value is not None:
                        version_of(value, k)
            else:
                lo = rng.randrange(KEYS)
                previous = -1
                for k, value in db.range(lo, lo + 100):
                    assert k > previous, "range out of order"
                    previous = k
                    version_of(value, k)
            ops += 1
        return ops

    writes, reads = run_threads(writer, reader)
    final = dict(db.range(0, KEYS))
    assert {k: version_of(v, k) for k, v in final.items()} == model
    db.close()
    report(capsys, "python threads db", seconds=THREAD_SECONDS, writes=writes, reads=sum(reads), keys=len(model))
    assert writes > 0 and min(reads) > 0


def test_readers_and_writer_share_one_learned_index(capsys: pytest.CaptureFixture[str]) -> None:
    idx = omendb.LearnedIndex.build(list(range(0, 1000)), [checked_value(k, 0) for k in range(1000)], kind="pgm", epsilon=16)
    published = [1000]  # keys 0 .. published-1 are in the index

    def writer(stop: threading.Event) -> int:
        ops = 0
        while not stop.is_set():
            k = published[0]
            idx.insert(k, checked_value(k, 0))
            published[0] = k + 1
            if k % 500 == 0:
                idx.merge()
            ops += 1
        return ops

    def reader(stop: threading.Event, seed: int) -> int:
        rng, ops = random.Random(200 + seed), 0
        while not stop.is_set():
            upto = published[0]
            k = rng.randrange(upto)
            roll = rng.random()
            if roll < 0.5:
                assert version_of(idx.get(k), k) == 0
            elif roll < 0.8:
                keys = [rng.randrange(upto) for _ in range(32)]
                assert idx.contains_many(keys).all(), f"a published key is missing among {keys}"
            else:
                lo = max(0, upto - 300)
                got = idx.range(lo, upto - 1).tolist()
                assert got == list(range(lo, upto)), f"range({lo}, {upto - 1}) returned {len(got)} keys"
            ops += 1
        return ops

    writes, reads = run_threads(writer, reader)
    n = published[0]
    assert idx.stats().num_keys == n
    assert idx.range(0, 2**63 - 1).tolist() == list(range(n))
    idx.free()
    report(capsys, "python threads index", seconds=THREAD_SECONDS, inserts=writes, reads=sum(reads), keys=n)
    assert writes > 0 and min(reads) > 0


def test_second_process_gets_locked(db_path: str) -> None:
    probe = "import sys, omendb\ntry:\n    omendb.open(sys.argv[1]).close(); print('opened')\nexcept omendb.OmenDBError as e:\n    print(e.code)\n"

    def try_open() -> str:
        out = subprocess.run([sys.executable, "-c", probe, db_path], capture_output=True, text=True, env=child_env(), timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    with omendb.open(db_path) as db:
        db.put(1, b"held")
        assert try_open() == "LOCKED"
        assert db.get(1) == b"held"
    assert try_open() == "opened"
    with omendb.open(db_path) as db:
        assert db.get(1) == b"held"


def test_same_process_second_open_gets_locked(db_path: str) -> None:
    with omendb.open(db_path):
        with pytest.raises(omendb.OmenDBError) as err:
            omendb.open(db_path)
        assert err.value.code == "LOCKED"
    omendb.open(db_path).close()
    assert Path(db_path).is_file()
