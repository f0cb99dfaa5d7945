"""OmenDB: the idiomatic key-value database class of the Python package.

Keys are int64 ints, values bytes. Batch calls map to one native call each,
``scan`` pages through storage_range, and the handle is released by close(), a
``with`` block, or, as a last resort, the garbage collector.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Optional, Union

from . import _native
from ._convert import INT64_MAX, KeyArray, Value, to_key, to_key_array, to_value, to_value_list
from ._errors import OmenDBError
from ._handle import HandleCell

Engine = Literal["redb", "memory"]
"""Storage engine: durable redb file, or memory only."""
SyncPolicy = Literal["always", "on_flush"]
"""When a write is durable: at every commit, or at flush()/close()."""

_ENGINES: dict[str, int] = {"redb": 0, "memory": 1}
_SYNC_POLICIES: dict[str, int] = {"always": 0, "on_flush": 1}

Keys = Union[Sequence[int], KeyArray]
"""Keys for batch calls: a sequence of ints or an int64 numpy array (used without copying)."""


@dataclass(frozen=True)
class DBStats:
    """Database statistics (see OmenDBStats in the C header)."""

    engine: Engine
    """Storage engine in use."""
    sync_policy: SyncPolicy
    """Sync policy in use."""
    num_keys: int
    """Keys stored."""
    hot_keys: int
    """Keys currently in the hot tier."""
    hot_capacity: int
    """Capacity of the hot tier."""
    hot_hits: int
    """Gets answered by the hot tier since open."""
    hot_misses: int
    """Gets that went to storage since open."""
    file_bytes: int
    """Size of the database file in bytes (0 in memory)."""


def _pick(table: dict[str, int], value: object, what: str) -> int:
    if isinstance(value, str) and value in table:
        return table[value]
    raise OmenDBError("INVALID_ARGUMENT", f"{what} must be one of {', '.join(sorted(table))}, got {value!r}")


def _name_of(table: dict[str, int], value: int) -> str:
    for name, number in table.items():
        if number == value:
            return name
    raise OmenDBError("INTERNAL", f"library reported unknown enum value {value}")


def _check_path(path: object) -> None:
    """Reject paths the C string conversion would fail on or silently change.

    A NUL would cut the path short (opening a different file) and a lone surrogate (as
    ``os.fsdecode`` makes from non-UTF-8 bytes) has no UTF-8 form.
    """
    if not isinstance(path, str):
        raise OmenDBError("INVALID_PATH", f"path must be a str, got {type(path).__name__}")
    if "\0" in path:
        raise OmenDBError("INVALID_PATH", "path contains a NUL character")
    try:
        path.encode("utf-8")
    except UnicodeEncodeError as err:
        raise OmenDBError("INVALID_PATH", f"path is not valid UTF-8: {err.reason} at position {err.start}") from None


class OmenDB:
    """An open OmenDB database.

    Example::

        with omendb.open("data.omendb") as db:
            db.put(1, b"hello")
            assert db.get(1) == b"hello"
    """

    def __init__(
        self,
        path: Optional[str],
        *,
        engine: Engine = "redb",
        sync: SyncPolicy = "always",
        hot_tier_capacity: int = 0,
    ) -> None:
        """Open (creating if missing) a database at ``path`` (ignored with ``engine="memory"``).

        Raises OmenDBError: INVALID_PATH (empty path, directory), IO, LOCKED, CORRUPTED, INVALID_ARGUMENT.
        """
        engine_number = _pick(_ENGINES, engine, "engine")
        sync_number = _pick(_SYNC_POLICIES, sync, "sync")
        capacity = to_key(hot_tier_capacity, "hot_tier_capacity")
        if capacity < 0:
            raise OmenDBError("INVALID_ARGUMENT", "hot_tier_capacity must not be negative")
        if engine_number == _ENGINES["memory"]:
            path = None
        else:
            _check_path(path)
        self.path: Optional[str] = path
        """The path the database was opened with (None for the memory engine)."""
        handle = _native.db_open(path, engine_number, sync_number, capacity)
        self._cell = HandleCell(self, handle, _native.db_close, "database")

    @property
    def closed(self) -> bool:
        """True after close()."""
        return self._cell.released

    def put(self, key: int, value: Value) -> None:
        """Store ``value`` under ``key``, replacing any previous value.

        Raises OmenDBError: INVALID_ARGUMENT, VALUE_TOO_LARGE (over 16 MiB), INVALID_HANDLE (closed).
        """
        k, v = to_key(key), to_value(value)
        _native.db_put(self._cell.get(), k, v)

    def get(self, key: int) -> Optional[bytes]:
        """Return the value of ``key``, or None when absent."""
        handle = self._cell.handle
        # Hot path: an open database and a plain int (db_get checks its range).
        if handle is not None and type(key) is int:
            return _native.db_get(handle, key)
        k = to_key(key)
        return _native.db_get(self._cell.get(), k)

    def delete(self, key: int) -> bool:
        """Delete ``key``; return False when it was absent."""
        k = to_key(key)
        return _native.db_delete(self._cell.get(), k)

    def put_many(self, keys: Keys, values: Sequence[Value]) -> None:
        """Write all entries in one atomic native call (all or none); later duplicates win."""
        ks, vs = to_key_array(keys), to_value_list(values)
        if len(ks) != len(vs):
            raise OmenDBError("INVALID_ARGUMENT", f"keys and values differ in length ({len(ks)} vs {len(vs)})")
        _native.db_batch_write(self._cell.get(), ks, vs)

    def get_many(self, keys: Keys) -> list[Optional[bytes]]:
        """Return the values of many keys in one native call (None for absent keys), in input order."""
        ks = to_key_array(keys)
        return _native.db_get_many(self._cell.get(), ks).values

    def range(self, start: int, end: int) -> list[tuple[int, bytes]]:
        """Return all ``(key, value)`` with ``start <= key <= end`` in key order, in one native call."""
        s, e = to_key(start, "start"), to_key(end, "end")
        batch = _native.db_range(self._cell.get(), s, e, 0)
        return [(int(k), v or b"") for k, v in zip(batch.keys, batch.values)]

    def range_query(self, start: int, end: int) -> KeyArray:
        """Return the stored keys in ``[start, end]`` as an int64 numpy array (the seed's API)."""
        s, e = to_key(start, "start"), to_key(end, "end")
        return _native.db_range(self._cell.get(), s, e, 0).keys

    def scan(self, start: int, end: int, page_size: int = 1000) -> Iterator[tuple[int, bytes]]:
        """Iterate ``(key, value)`` with ``start <= key <= end``, fetching ``page_size`` entries per native call."""
        lo, hi = to_key(start, "start"), to_key(end, "end")
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size <= 0:
            raise OmenDBError("INVALID_ARGUMENT", f"page_size must be a positive int, got {page_size!r}")
        while True:
            page = _native.db_range(self._cell.get(), lo, hi, page_size)
            for k, v in zip(page.keys, page.values):
                yield int(k), v or b""
            if not page.has_more or len(page.keys) == 0:
                return
            last = int(page.keys[-1])
            if last >= hi or last == INT64_MAX:
                return
            lo = last + 1

    def flush(self) -> None:
        """Make every write so far durable, whatever the sync policy."""
        _native.db_flush(self._cell.get())

    def stats(self) -> DBStats:
        """Return database statistics."""
        s = _native.db_stats(self._cell.get())
        return DBStats(
            engine="memory" if _name_of(_ENGINES, s["engine"]) == "memory" else "redb",
            sync_policy="on_flush" if _name_of(_SYNC_POLICIES, s["sync_policy"]) == "on_flush" else "always",
            num_keys=s["num_keys"],
            hot_keys=s["hot_keys"],
            hot_capacity=s["hot_capacity"],
            hot_hits=s["hot_hits"],
            hot_misses=s["hot_misses"],
            file_bytes=s["file_bytes"],
        )

    def close(self) -> None:
        """Flush and close; later calls raise INVALID_HANDLE. Closing twice does nothing."""
        self._cell.release()

    def __enter__(self) -> OmenDB:
        """Return self for ``with`` blocks."""
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        """Close the database."""
        self.close()


def open(  # noqa: A001 - the package's documented entry point, like builtins.open for files
    path: Optional[str],
    *,
    engine: Engine = "redb",
    sync: SyncPolicy = "always",
    hot_tier_capacity: int = 0,
) -> OmenDB:
    """Open (creating if missing) a database; use as ``with omendb.open(path) as db:``."""
    return OmenDB(path, engine=engine, sync=sync, hot_tier_capacity=hot_tier_capacity)


__all__ = ["DBStats", "Engine", "Keys", "OmenDB", "SyncPolicy", "open"]
