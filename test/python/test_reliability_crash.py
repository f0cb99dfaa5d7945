"""Crash safety through the Python API.

A child process (reliability/crash_writer.py) commits batches with put_many under the
default sync policy "always" and is killed with SIGKILL at random moments. After every
kill the file is reopened with default options (no repair step exists or is run) and
checked: every acknowledged batch is present, every batch is all or nothing, batches form
a gap-free prefix, and the marker key names the last one.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import omendb
import pytest

from reliability.crash_batches import BATCH_STRIDE, MARKER_KEY, batch_size, batch_value
from reliability.settings import CRASH_KILLS, child_env, report, run_seed

WRITER = Path(__file__).resolve().parent / "reliability" / "crash_writer.py"


def run_and_kill(path: str, first: int, delay: float, early: bool) -> list[int]:
    """Run one writer from batch ``first`` and SIGKILL it ``delay`` s after "ready" (or after spawn when ``early``)."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), path, str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    head = b""
    if not early:
        head = proc.stdout.readline()
        assert head == b"ready\n", f"writer failed to start: {head!r} {proc.stderr.read()!r}"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    err = proc.stderr.read()
    assert proc.wait() == -signal.SIGKILL, f"writer ended by {proc.returncode}, not SIGKILL: {err!r}"
    out = (head + rest).decode()
    complete = out[: out.rfind("\n") + 1]  # a line cut by the kill was never acknowledged
    return [int(line[4:]) for line in complete.splitlines() if line.startswith("ack ")]


def verify(path: str, acked: list[int]) -> tuple[int, int]:
    """Reopen and check the file; return the last batch id it holds (-1 if none) and the keys read."""
    with omendb.open(path) as db:
        entries = db.range(-(2**63), 2**63 - 1)
        marker = db.get(MARKER_KEY)
    last = -1 if marker is None else int(marker)
    per_batch: dict[int, int] = {}
    for key, value in entries:
        if key == MARKER_KEY:
            continue
        assert key >= 0, f"unexpected key {key}"
        b, j = divmod(key, BATCH_STRIDE)
        assert value == batch_value(b, j), f"key {key} holds {value[:40]!r}"
        per_batch[b] = per_batch.get(b, 0) + 1
    for b, count in per_batch.items():
        assert count == batch_size(b), f"batch {b} is partial: {count} of {batch_size(b)}"
        assert b <= last, f"batch {b} present beyond marker {last}"
    missing = [b for b in range(last + 1) if b not in per_batch]
    assert not missing, f"batches {missing[:10]} missing below marker {last}"
    lost = [b for b in acked if b > last]
    assert not lost, f"acknowledged batches {lost} lost (marker {last})"
    return last, len(entries)


def test_acknowledged_batches_survive_sigkill(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = run_seed()
    rng = random.Random(seed)
    path = str(tmp_path / "crash.omendb")
    next_batch = acked_total = unacked_committed = keys_read = early_kills = 0
    for kill in range(CRASH_KILLS):
        early = rng.random() < 0.15
        early_kills += early
        delay = rng.uniform(0, 0.5) if early else rng.uniform(0, 0.25)
        acked = run_and_kill(path, next_batch, delay, early)
        try:
            last, keys = verify(path, acked)
        except AssertionError as err:
            raise AssertionError(f"seed {seed} (OMENDB_SEED={seed}), kill {kill}: {err}") from err
        acked_total += len(acked)
        unacked_committed += last - (max(acked) if acked else next_batch - 1)
        keys_read += keys
        next_batch = last + 1
    report(
        capsys,
        "python crash",
        seed=seed,
        kills=CRASH_KILLS,
        early_kills=early_kills,
        batches_acked=acked_total,
        batches_in_file=next_batch,
        committed_but_unacked=unacked_committed,
        keys_checked=keys_read,
    )
    assert acked_total > 0
    assert next_batch >= acked_total
