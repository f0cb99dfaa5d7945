"""Sizes of the Python reliability tests.

Short settings for ``npm test``; ``OMENDB_SOAK=1`` selects the long ones, and each number
can be forced through its own environment variable to replay or stretch one test.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

SOAK = os.environ.get("OMENDB_SOAK") == "1"
"""True when ``OMENDB_SOAK=1``."""

REPO_ROOT = Path(__file__).resolve().parents[3]
"""Repository root (computed, never hard-coded)."""


def sized(env_name: str, short: int, long: int) -> int:
    """``$env_name`` if set, else the soak or the short size."""
    forced = os.environ.get(env_name)
    if forced:
        return int(forced)
    return long if SOAK else short


CRASH_KILLS = sized("OMENDB_CRASH_KILLS", 25, 500)
"""SIGKILLs of the Python crash test."""
MODEL_EXAMPLES = sized("OMENDB_MODEL_EXAMPLES", 25, 2_000)
"""Hypothesis examples (state-machine runs) per machine."""
MODEL_STEPS = sized("OMENDB_MODEL_STEPS", 80, 200)
"""Steps per state-machine run."""
THREAD_SECONDS = float(sized("OMENDB_THREAD_MS", 2_000, 30_000)) / 1000
"""How long the threaded readers and writer run."""
RSS_OPS = sized("OMENDB_RSS_OPS", 200_000, 1_000_000)
"""Operations of the RSS loop."""
RSS_GROWTH_LIMIT_MIB = 32
"""Upper bound on RSS growth after warm-up."""


def run_seed() -> int:
    """``$OMENDB_SEED`` to replay a run, else a fresh seed."""
    forced = os.environ.get("OMENDB_SEED")
    return int(forced) if forced else random.SystemRandom().randrange(2**32)


def report(capsys: pytest.CaptureFixture[str], test: str, **fields: object) -> None:
    """Print measured numbers in one greppable line, past pytest's output capture."""
    line = " ".join(f"{k}={v}" for k, v in fields.items())
    with capsys.disabled():
        print(f"\n[reliability] {test}: {line}", file=sys.stderr)


def child_env() -> dict[str, str]:
    """Environment for child Python processes: the package and the generated module importable."""
    env = dict(os.environ)
    paths = [str(REPO_ROOT / "python"), str(REPO_ROOT / "bindings" / "python")]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env
