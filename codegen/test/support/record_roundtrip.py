"""Round-trips records through a generated CPython extension, field by field (layout-compiled test).

Usage: python record_roundtrip.py '<json spec>' with the extension's folder as the working directory.
For each record: size from rt_<R>_size, then the samples written as a dict and read back from the
bytes C copied out (store), read from a struct C copied in from bytes packed here (load), and from
the struct passed and returned by value (echo). Prints the observed values as JSON.
"""
import importlib
import json
import struct
import sys
from typing import Any

CODES = {("int", 1, True): "b", ("int", 1, False): "B", ("int", 2, True): "h", ("int", 2, False): "H",
         ("int", 4, True): "i", ("int", 4, False): "I", ("int", 8, True): "q", ("int", 8, False): "Q",
         ("float", 4, True): "f", ("float", 8, True): "d"}


def code(leaf: dict[str, Any]) -> str:
    return "<" + CODES[(leaf["kind"], leaf["size"], leaf["signed"])]


def nested(leaves: list[dict[str, Any]], values: list[Any]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for leaf, value in zip(leaves, values):
        node = root
        for key in leaf["path"][:-1]:
            node = node.setdefault(key, {})
        node[leaf["path"][-1]] = value
    return root


def at(obj: Any, path: list[str]) -> Any:
    for key in path:
        obj = getattr(obj, key)
    return obj


def round_trip(lib: Any, rec: dict[str, Any]) -> dict[str, Any]:
    leaves: list[dict[str, Any]] = rec["leaves"]
    values = [int(v) if leaf["kind"] == "int" else float(v) for leaf, v in zip(leaves, rec["values"])]
    fn = rec["fn"]
    size = getattr(lib, f"{fn}_size")()
    stored = bytearray(size)
    getattr(lib, f"{fn}_store")(nested(leaves, values), stored)
    packed = bytearray(size)
    for leaf, value in zip(leaves, values):
        struct.pack_into(code(leaf), packed, leaf["offset"], value)
    loaded = getattr(lib, f"{fn}_load")(bytes(packed))
    echoed = getattr(lib, f"{fn}_echo")(nested(leaves, values))
    return {
        "size": size,
        "stored": [struct.unpack_from(code(leaf), stored, leaf["offset"])[0] for leaf in leaves],
        "loaded": [at(loaded, leaf["path"]) for leaf in leaves],
        "echoed": [at(echoed, leaf["path"]) for leaf in leaves],
    }


def main() -> None:
    spec = json.loads(sys.argv[1])
    sys.path.insert(0, ".")
    lib = importlib.import_module(spec["module"]).load(spec["lib"])
    print(json.dumps({rec["fn"]: round_trip(lib, rec) for rec in spec["records"]}))


if __name__ == "__main__":
    main()
