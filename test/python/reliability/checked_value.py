"""Self-checking values for the concurrency tests.

The key, a version and a CRC-32 are embedded in every value, so a torn, misplaced or stale
read is detected from the bytes alone.
"""

from __future__ import annotations

import struct
import zlib
from typing import Optional

_HEAD = struct.Struct("<qI")
LENGTH = 40


def checked_value(key: int, version: int) -> bytes:
    """The value stored for ``key`` at ``version``."""
    body = _HEAD.pack(key, version) + bytes((key + version + i) & 0xFF for i in range(LENGTH - 4 - _HEAD.size))
    return body + struct.pack("<I", zlib.crc32(body))


def version_of(value: Optional[bytes], key: int) -> int:
    """The version in ``value``; raises AssertionError when it is torn or belongs to another key."""
    assert value is not None and len(value) == LENGTH, f"key {key}: bad length {None if value is None else len(value)}"
    body, (crc,) = value[:-4], struct.unpack("<I", value[-4:])
    assert zlib.crc32(body) == crc, f"key {key}: checksum mismatch (torn value)"
    stored_key, version = _HEAD.unpack(body[: _HEAD.size])
    assert stored_key == key, f"key {key}: holds the value of key {stored_key}"
    return int(version)
