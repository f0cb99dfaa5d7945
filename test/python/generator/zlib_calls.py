"""Real calls into zlib through the generated zlib_c module. Usage: python zlib_calls.py <dir> <backend>."""
import ctypes, sys
sys.path.insert(0, sys.argv[1])
import zlib_c
L = zlib_c.load(backend=sys.argv[2])
assert L.backend == sys.argv[2]
assert L.compressBound(100) == 113
assert L.crc32(0, b"hello", 5) == 0x3610A686
src = b"hello hello hello hello"
n = ctypes.c_ulong(L.compressBound(len(src)))
dst = (ctypes.c_uint8 * n.value)()
assert L.compress(dst, ctypes.byref(n), src, len(src)) == zlib_c.Z_OK
out = (ctypes.c_uint8 * 100)()
m = ctypes.c_ulong(100)
assert L.uncompress(out, ctypes.byref(m), bytes(dst)[: n.value], n.value) == zlib_c.Z_OK
assert bytes(out)[: m.value] == src
assert L.zError(zlib_c.Z_DATA_ERROR) == "data error"
print("ok")
