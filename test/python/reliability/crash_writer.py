"""Child process of test_reliability_crash.py.

Opens the database with the default sync policy ("always") and commits batches first,
first+1, ... through put_many, writing "ack <id>" to stdout (unbuffered) after each call
returns, until the parent kills it with SIGKILL.
Usage: python crash_writer.py <path> <first-batch-id>
"""

from __future__ import annotations

import os
import sys

import omendb

from crash_batches import batch_entries


def main() -> None:
    path, first = sys.argv[1], int(sys.argv[2])
    db = omendb.open(path)
    os.write(1, b"ready\n")
    b = first
    while True:
        keys, values = batch_entries(b)
        db.put_many(keys, values)
        os.write(1, f"ack {b}\n".encode())
        b += 1


if __name__ == "__main__":
    main()
