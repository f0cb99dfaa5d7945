"""Layout of the batches the Python crash writer commits, shared by writer and checker.

Batch b holds keys b*1000 .. b*1000+n-1 (n from 1 to 64, derived from b) with values naming
batch and slot, plus MARKER_KEY set to b, all in one put_many.
"""

from __future__ import annotations

MARKER_KEY = -1
"""Key whose value is the id of the last committed batch."""
BATCH_STRIDE = 1000
"""Key stride between batches."""


def batch_size(b: int) -> int:
    """Number of entries of batch ``b`` (not counting the marker)."""
    return 1 + ((b * 2654435761) % 2**32) % 64


def batch_value(b: int, j: int) -> bytes:
    """Value stored at slot ``j`` of batch ``b``; its length varies with b and j."""
    return f"b{b}:s{j}:".encode() + b"y" * ((b * 7 + j * 13) % 200)


def batch_entries(b: int) -> tuple[list[int], list[bytes]]:
    """Keys and values of batch ``b``, marker last."""
    n = batch_size(b)
    keys = [b * BATCH_STRIDE + j for j in range(n)] + [MARKER_KEY]
    values = [batch_value(b, j) for j in range(n)] + [str(b).encode()]
    return keys, values
