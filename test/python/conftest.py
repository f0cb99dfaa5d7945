"""Shared fixtures of the Python package tests: temporary database paths and open databases.

omendb is imported inside the fixtures only, so suites in subfolders (test/python/generator)
never depend on the package being importable.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Iterator

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
