"""OmenDB for Python: a learned-index key-value store.

Idiomatic classes over the fastest generated layer present: the compiled CPython extension,
else the cffi extension, else ctypes (``omendb.backend()`` says which; ``OMENDB_TIER`` forces one)::

    import omendb
    with omendb.open("data.omendb") as db:
        db.put(1, b"hello")
"""

from __future__ import annotations

from ._errors import ErrorCode, OmenDBError
from ._native import backend, debug_counters, library_version
from .db import DBStats, Engine, OmenDB, SyncPolicy, open
from .learned_index import IndexKind, IndexStats, LearnedIndex

__version__ = "0.1.0"
"""Version of this package."""

__all__ = [
    "DBStats",
    "Engine",
    "ErrorCode",
    "IndexKind",
    "IndexStats",
    "LearnedIndex",
    "OmenDB",
    "OmenDBError",
    "SyncPolicy",
    "backend",
    "debug_counters",
    "library_version",
    "open",
]
