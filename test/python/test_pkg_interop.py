"""Python <-> Node on one database file: Python writes, a Node process
(test/node/fixtures/interop-peer.ts via tsx) reads and writes more, Python reads them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import omendb

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_python_and_node_share_one_file(db_path: str) -> None:
    with omendb.open(db_path) as db:
        db.put_many(list(range(1, 101)), [f"py-{k}".encode() for k in range(1, 101)])
    peer = REPO_ROOT / "test" / "node" / "fixtures" / "interop-peer.ts"
    out = subprocess.run(
        ["node", "--import", "tsx", str(peer), db_path, "1", "100", "101", "200"],
        cwd=REPO_ROOT, check=True, capture_output=True, text=True,
        # OMENDB_TIER may name a Python tier here; the Node peer picks its own fastest tier.
        env={k: v for k, v in os.environ.items() if k != "OMENDB_TIER"},
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == {"read": 100, "wrote": 100}
    with omendb.open(db_path) as db:
        assert db.stats().num_keys == 200
        assert db.get(150) == b"node-150"
        assert all(v == f"node-{k}".encode() for k, v in db.range(101, 200))
