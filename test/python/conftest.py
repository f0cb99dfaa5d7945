"""Shared fixtures of the Python package tests: temporary database paths and open databases.

omendb is imported inside the fixtures only, so suites in subfolders (test/python/generator)
never depend on the package being importable.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

_counter = itertools.count()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """A path for a new database file in a fresh directory."""
    return str(tmp_path / f"db-{next(_counter)}.omendb")


@pytest.fixture
def db(db_path: str) -> Iterator[Any]:
    """An open file database (omendb.OmenDB), closed after the test."""
    import omendb

    with omendb.open(db_path) as handle:
        yield handle


# --- Generated tiers -------------------------------------------------------------------------
# Every test of the package suites (test_pkg_*.py) runs once per tier: cpython, cffi, ctypes. A tier
# that does not load here is skipped with its reason (shown by -rs), never silently. The process
# switches tiers per test; objects of the test are collected before switching back so finalizers
# release their handles on the tier that made them.

PACKAGE_SUITE_PREFIX = "test_pkg_"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize the package suites over the tiers."""
    if metafunc.module.__name__.rpartition(".")[2].startswith(PACKAGE_SUITE_PREFIX):
        from omendb._tiers import TIERS

        metafunc.parametrize("native_tier", TIERS, indirect=True)


@pytest.fixture(autouse=True)
def native_tier(request: pytest.FixtureRequest) -> Iterator[Optional[str]]:
    """The tier this test runs on; None outside the package suites (omendb is not imported there)."""
    wanted: Optional[str] = getattr(request, "param", None)
    if wanted is None:
        yield None
        return
    import gc

    from omendb import _native
    from omendb._tiers import TierUnavailable

    previous = _native.backend()
    if wanted == previous:
        yield wanted
        return
    try:
        _native.use_tier(wanted)
    except TierUnavailable as err:
        pytest.skip(f"{wanted} tier unavailable: {err}")
    try:
        yield wanted
    finally:
        gc.collect()
        _native.use_tier(previous)
