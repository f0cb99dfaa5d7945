// The fixed Python text of every ctypes module: imports, argument converters (`_cstr`, `_buf`,
// …), owned-buffer copy-and-free helpers and the library locator. Emitted verbatim (no
// header-specific content), so it is tested once through the generated modules.

export const PY_IMPORTS = [
  "from __future__ import annotations",
  "",
  "import array",
  "import ctypes",
  "import enum",
  "import importlib",
  "import os",
  "from collections.abc import Sequence",
  "from typing import Any, NamedTuple",
];

export const PYI_IMPORTS = [
  "import array",
  "import ctypes",
  "import enum",
  "import os",
  "from collections.abc import Sequence",
  "from typing import Any, NamedTuple",
];

/** Written before the record classes: the descriptor of a bit-field kept in a storage member. */
export const PY_BITFIELD = String.raw`class _BitField:
    """A C bit-field kept in a storage member of its record (an integer or a byte array at the
    compiler's offset): ctypes cannot always place bit-fields like the C compiler."""

    def __init__(self, storage: str, shift: int, width: int, signed: bool) -> None:
        self.storage = storage
        self.shift = shift
        self.bit_width = width
        self.mask = (1 << width) - 1
        self.sign = 1 << (width - 1) if signed else 0
        self.owner: Any = None

    def __set_name__(self, owner: Any, name: str) -> None:
        self.owner = owner

    @property
    def bit_offset(self) -> int:
        """Position of the bit-field's lowest bit from the start of the record."""
        return int(getattr(self.owner, self.storage).offset) * 8 + self.shift

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        raw = getattr(obj, self.storage)
        word = raw if isinstance(raw, int) else int.from_bytes(bytes(raw), "little")
        value = (word >> self.shift) & self.mask
        return value - ((value & self.sign) << 1)

    def __set__(self, obj: Any, value: int) -> None:
        raw = getattr(obj, self.storage)
        word = raw if isinstance(raw, int) else int.from_bytes(bytes(raw), "little")
        word = (word & ~(self.mask << self.shift)) | ((int(value) & self.mask) << self.shift)
        if isinstance(raw, int):
            setattr(obj, self.storage, word)
        else:
            raw[:] = word.to_bytes(len(raw), "little")`;

export const PY_HELPERS = String.raw`def _cstr(value: Any) -> Any:
    return value.encode("utf-8") if isinstance(value, str) else value


def _decode(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8", "surrogateescape")


def _buf(value: Any) -> Any:
    if value is None or isinstance(value, bytes):
        return value
    view = memoryview(value)
    if view.readonly:
        return bytes(view)
    return (ctypes.c_char * view.nbytes).from_buffer(view.cast("B"))


def _buf_array(values: Any) -> tuple[Any, list[Any]]:
    if values is None:
        return None, []
    keep = [_buf(v) for v in values]
    arr = (ctypes.c_void_p * len(keep))()
    for i, item in enumerate(keep):
        arr[i] = None if item is None else ctypes.cast(item, ctypes.c_void_p).value
    return arr, keep


def _num_array(values: Any, ctype: Any) -> Any:
    if values is None or isinstance(values, ctypes.Array):
        return values
    try:
        view = memoryview(values)
    except TypeError:
        return (ctype * len(values))(*values)
    count = view.nbytes // ctypes.sizeof(ctype)
    if view.readonly or not view.c_contiguous:
        return (ctype * count).from_buffer_copy(view.tobytes())
    return (ctype * count).from_buffer(view.cast("B"))


def _wbuf(value: Any) -> Any:
    if value is None or isinstance(value, ctypes.Array):
        return value
    view = memoryview(value)
    return (ctypes.c_char * view.nbytes).from_buffer(view.cast("B"))


def _callback(value: Any, ctype: Any) -> Any:
    return ctype() if value is None else value


def _handle(value: Any) -> Any:
    return None if value is None or value.value is None else value


def _free(free: Any, address: int, count: int, takes_count: bool) -> None:
    if not hasattr(free, "argtypes"):
        free(address, count)
        return
    pointer = ctypes.cast(ctypes.c_void_p(address), free.argtypes[0])
    if takes_count:
        free(pointer, count)
    else:
        free(pointer)


def _owned_bytes(ptr: ctypes.c_void_p, count: int, free: Any, takes_count: bool) -> bytes | None:
    if ptr.value is None:
        return None
    data = ctypes.string_at(ptr.value, count)
    _free(free, ptr.value, count, takes_count)
    return data


def _owned_array(ptr: ctypes.c_void_p, count: int, ctype: Any, typecode: str, free: Any, takes_count: bool) -> array.array[Any]:
    out: array.array[Any] = array.array(typecode)
    if ptr.value is None:
        return out
    out.frombytes(memoryview((ctype * count).from_address(ptr.value)).cast("B"))
    _free(free, ptr.value, count, takes_count)
    return out


def _owned_str_value(address: int | None, free: Any) -> str | None:
    if address is None:
        return None
    text = ctypes.string_at(address).decode("utf-8", "surrogateescape")
    _free(free, address, 0, False)
    return text


def _addr(value: Any) -> int:
    """Address behind a ctypes-side argument, for the cffi path."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, bytes):
        return ctypes.cast(ctypes.c_char_p(value), ctypes.c_void_p).value or 0
    if isinstance(value, (ctypes.Array, ctypes.Structure, ctypes.Union)):
        return ctypes.addressof(value)
    if isinstance(value, (ctypes.c_void_p, ctypes.c_char_p)):
        return ctypes.cast(value, ctypes.c_void_p).value or 0
    if isinstance(value, ctypes._Pointer) or hasattr(value, "_flags_"):
        return ctypes.cast(value, ctypes.c_void_p).value or 0
    obj = getattr(value, "_obj", None)
    if obj is not None:
        return ctypes.addressof(obj)
    raise TypeError(f"cannot pass {type(value).__name__} as a pointer")


def _cffi_addr(ffi: Any, pointer: Any) -> int | None:
    return int(ffi.cast("uintptr_t", pointer)) or None


def _cffi_bytes(ffi: Any, pointer: Any) -> bytes | None:
    return None if pointer == ffi.NULL else bytes(ffi.string(pointer))


def _owned_str(ptr: ctypes.c_void_p, free: Any) -> str | None:
    return _owned_str_value(ptr.value, free)`;

/** The locator: explicit path, then the environment variable, then the generated default. */
export function pyLoader(libSpec: string, envVar: string): string {
  return String.raw`LIBRARY = ${JSON.stringify(libSpec)}
ENV_VAR = ${JSON.stringify(envVar)}


def _library_path(path: str | os.PathLike[str] | None) -> str:
    if path is not None:
        return os.fspath(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    if "/" in LIBRARY:
        return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), LIBRARY))
    return LIBRARY
`;
}
