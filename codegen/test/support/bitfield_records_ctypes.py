"""Round-trips random bit-field records through a generated ctypes module (bitfields-random-ctypes).

Usage: python bitfield_records_ctypes.py <module dir> <module stem> <spec.json>. The spec lists each
record's named members with test values. Per record, prints as JSON: size and alignment, the bytes
of a record whose members were set here, the bit-field values read from a record C filled through a
pointer, C's verdict on the record set here (by pointer, and by value), and the bit-field values of
a record C returned by value (null when ctypes refuses the record by value).
"""
import ctypes
import importlib
import json
import sys
from typing import Any


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    mod = importlib.import_module(sys.argv[2])
    lib = mod.load(backend="ctypes")
    with open(sys.argv[3], encoding="utf-8") as f:
        spec = json.load(f)
    out: dict[str, Any] = {}
    for rec in spec:
        name = rec["name"]
        cls = getattr(mod, name)
        mine = cls()
        for m in rec["members"]:
            setattr(mine, m["name"], bytes([m["value"]]) if m["char"] else m["value"])
        filled = cls()
        getattr(lib, f"{name}_fill")(ctypes.byref(filled))
        row: dict[str, Any] = {
            "size": ctypes.sizeof(cls),
            "align": ctypes.alignment(cls),
            "written": bytes(mine).hex(),
            "read": [str(getattr(filled, b)) for b in rec["bits"]],
            "byPointer": getattr(lib, f"{name}_check_ptr")(ctypes.byref(mine)),
            "made": None,
        }
        try:
            made = getattr(lib, f"{name}_make")()
            row["made"] = [str(getattr(made, b)) for b in rec["bits"]]
            row["byValue"] = getattr(lib, f"{name}_check")(mine)
        except NotImplementedError:
            pass
        out[name] = row
    print(json.dumps(out))


main()
