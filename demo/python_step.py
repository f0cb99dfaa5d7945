"""The Python step of the end-to-end demo.

Opens the database the Node step wrote, checks keys 1..1000 hold "node-<k>",
writes "py-<k>" for keys 1001..2000 in one batch, closes, and prints
"python: read N/1000, wrote 1000". Exit status 0 only when every key matched.
Usage: python demo/python_step.py <database path>
"""

from __future__ import annotations

import sys

import omendb


def main(path: str) -> int:
    """Run the step on ``path``; return the process exit status."""
    with omendb.open(path) as db:
        values = db.get_many(list(range(1, 1001)))
        read = sum(v == f"node-{k}".encode() for k, v in zip(range(1, 1001), values))
        keys = list(range(1001, 2001))
        db.put_many(keys, [f"py-{k}".encode() for k in keys])
    print(f"python: read {read}/1000, wrote {len(keys)} (keys 1001..2000)")
    return 0 if read == 1000 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
