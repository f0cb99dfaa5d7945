"""Real calls into the sample library through a generated module (ctypes or cffi path).

Usage: python sample_calls.py <dir with sample.py and libsample.so> <expected backend>
Exits non-zero with an assertion message on the first wrong value.
"""
from __future__ import annotations

import array
import ctypes
import os
import sys

sys.path.insert(0, sys.argv[1])
import sample  # noqa: E402

lib_path = os.path.join(sys.argv[1], "libsample.so")
L = sample.load(lib_path) if sys.argv[2] == "ctypes" else sample.load()
assert L.backend == sys.argv[2], (L.backend, sys.argv[2])
assert L.sample_add(2, 3) == 5
assert L.sample_name() == "sample"
assert L.sample_dup("héllo") == "héllo"
h = L.sample_open("abc")
assert h is not None
assert L.sample_get(h) == (0, b"abc", 3)
keys = L.sample_keys(h)
assert keys.result == 0 and list(keys.keys) == [-1, 1 << 40, 7] and keys.count_ == 3, keys
assert L.sample_sum(b"\x01\x02", 2) == 3
assert L.sample_sum(bytearray(b"\x05"), 1) == 5
assert L.sample_sum(memoryview(b"\x07"), 1) == 7
mid = L.sample_mid(sample.Point(2, 4), sample.Point(4, 8))
assert (mid.x, mid.y) == (3, 6)
assert L.sample_point_len(sample.Point(3, 4)) == 25
assert L.sample_point_len(None) == -1
callback = sample.sample_cb(lambda user, value: value * 2)
assert L.sample_call(callback, None) == 41
rng = L.sample_range(h)
assert (rng.out.lo, rng.out.hi) == (-1.5, 2.5)
assert L.sample_total([1, 2, 3], 3) == 6
assert L.sample_total(array.array("q", [5, 6]), 2) == 11
buf = bytearray(4)
assert L.sample_fill(buf, 4) == 4 and buf == bytearray(b"\x00\x03\x06\x09")
assert L.sample_join([b"\x01", bytearray(b"\x02\x03"), None], [1, 2, 0], 3) == 6
L.sample_close(h)
tagged = sample.Tagged()
tagged.i = 5
assert tagged.i == 5 and sample.COLOR_BLUE == -1 and sample.Color.COLOR_GREEN == 5
assert sample.SAMPLE_NAME == 'sam"ple' and sample.SAMPLE_BIG == 2**64 - 1 and sample.SAMPLE_PI == 3.25
flags = sample.Flags()
flags.c = -3
flags.b = 31
assert (flags.c, flags.b, bytes(flags)) == (-3, 31, b"\xf8\x0d\x00\x00"), bytes(flags)
if sys.argv[2] == "cffi":
    assert L.sample_twice(21) == 42
    assert L.sample_packed_sum(sample.Packed(1, 1000, 7)) == 1008
live = ctypes.CDLL(lib_path).sample_live_buffers()
assert live == 0, f"{live} buffers leaked"
print("ok")
