"""Helpers shared by the Python package tests (imported by name from test modules)."""

from __future__ import annotations

from typing import Callable

import omendb


def error_code(fn: Callable[[], object]) -> str:
    """Run ``fn`` and return the OmenDBError code it raised (or what happened instead)."""
    try:
        fn()
    except omendb.OmenDBError as err:
        return err.code
    except Exception as err:  # noqa: BLE001 - reported as a mismatch by the caller's assert
        return f"not an OmenDBError: {err!r}"
    return "no error"
