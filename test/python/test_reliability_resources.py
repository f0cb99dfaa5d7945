"""Resource use through the Python API.

A long loop of mixed operations (puts, gets, deletes, batches, ranges, index lookups and
ranges) on a bounded key set, with RSS sampled every N operations; after warm-up the RSS
may not grow past a fixed bound. Afterwards ``omendb.debug_counters()`` shows no live
database, index or buffer left behind.
"""

from __future__ import annotations

import gc
import os
import random
from pathlib import Path

import numpy as np
import pytest

import omendb

from reliability.settings import RSS_GROWTH_LIMIT_MIB, RSS_OPS, report, run_seed

MIB = 1024 * 1024


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc")
def test_rss_bounded_and_nothing_left_alive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = run_seed()
    rng = random.Random(seed)
    start = omendb.debug_counters()
    db = omendb.open(str(tmp_path / "rss.omendb"), sync="on_flush")
    memory = omendb.open(None, engine="memory")
    keys = 5_000
    idx = omendb.LearnedIndex.from_numpy(np.arange(0, keys * 3, 3, dtype=np.int64))
    sample_every = max(1, RSS_OPS // 40)
    samples: list[int] = []
    hits = 0
    for op in range(RSS_OPS):
        k = rng.randrange(keys)
        step = op % 8
        if step == 0:
            db.put(k, rng.randbytes(rng.randrange(200)))
        elif step == 1:
            hits += db.get(k) is not None
        elif step == 2:
            db.delete(rng.randrange(keys))
        elif step == 3:
            db.put_many([k, k + 1, k + 2], [b"a", b"bb", b"ccc"])
        elif step == 4:
            hits += sum(v is not None for v in db.get_many([k, k + 7, k + 11]))
        elif step == 5:
            hits += len(db.range(k, k + 20))
        elif step == 6:
            memory.put(k, rng.randbytes(64))
            hits += len(memory.range(k, k + 5))
        else:
            hits += len(idx.range(k, k + 30)) + (k * 3 in idx)
        if op % sample_every == 0:
            gc.collect()
            samples.append(rss_bytes())
    during = omendb.debug_counters()
    idx.free()
    db.close()
    memory.close()
    end = omendb.debug_counters()
    warm_at = len(samples) // 4  # the first quarter fills caches (redb's page cache, the allocator)
    warm, peak, last = samples[warm_at], max(samples[warm_at:]), samples[-1]
    growth = (peak - warm) / MIB
    report(
        capsys,
        "python rss",
        seed=seed,
        ops=RSS_OPS,
        samples=len(samples),
        first_mib=f"{samples[0] / MIB:.1f}",
        warm_mib=f"{warm / MIB:.1f}",
        peak_mib=f"{peak / MIB:.1f}",
        last_mib=f"{last / MIB:.1f}",
        growth_mib=f"{growth:.1f}",
        limit_mib=RSS_GROWTH_LIMIT_MIB,
    )
    assert hits > 0
    assert growth < RSS_GROWTH_LIMIT_MIB
    assert during["live_buffers"] == start["live_buffers"]
    assert during["live_databases"] - start["live_databases"] == 2
    assert during["live_indexes"] - start["live_indexes"] == 1
    assert end == start
