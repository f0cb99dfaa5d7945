"""Which generated layer the Python package runs on: unforced, the fastest that loads (the
compiled CPython extension when built); OMENDB_TIER forces one; an unknown or unavailable
forced tier is an error. Each case runs in a fresh interpreter, as the choice is made at import."""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
BINDINGS = REPO / "bindings" / "python"
CPYTHON_BUILT = any((BINDINGS / f"omendb_ffi_cpython{s}").is_file() for s in importlib.machinery.EXTENSION_SUFFIXES)
CFFI_BUILT = any(p.name.startswith("_omendb_ffi_cffi.") for p in BINDINGS.glob("*.so"))
PROBE = "import omendb; db = omendb.open(None, engine='memory'); db.put(7, b'seven'); print(omendb.backend(), db.get(7).decode())"


def run_with(tier: Optional[str], **extra_env: str) -> subprocess.CompletedProcess[str]:
    """Run PROBE in a new interpreter with OMENDB_TIER set to ``tier`` (removed when None)."""
    env = {k: v for k, v in os.environ.items() if k != "OMENDB_TIER"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "python"), str(BINDINGS)])
    if tier is not None:
        env["OMENDB_TIER"] = tier
    env.update(extra_env)
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not CPYTHON_BUILT, reason="CPython extension not built (run node scripts/build-compiled.mjs)")
def test_defaults_to_the_compiled_extension() -> None:
    assert run_with(None).stdout.strip() == "cpython seven"


@pytest.mark.parametrize("tier", ["cpython", "cffi", "ctypes"])
def test_a_forced_tier_is_used(tier: str) -> None:
    built = {"cpython": CPYTHON_BUILT, "cffi": CFFI_BUILT, "ctypes": True}[tier]
    if not built:
        pytest.skip(f"{tier} tier not built (run node scripts/build-compiled.mjs)")
    result = run_with(tier)
    assert result.stdout.strip() == f"{tier} seven", result.stderr


def test_an_unknown_tier_is_an_error() -> None:
    result = run_with("fastest")
    assert result.returncode != 0
    assert "OMENDB_TIER=fastest is not a tier; use one of cpython, cffi, ctypes" in result.stderr


def test_a_forced_tier_that_cannot_load_is_an_error_not_a_fallback() -> None:
    # The cffi extension is linked to one library file; naming another one rules it out.
    from omendb._native import find_library

    result = run_with("cffi", OMENDB_FFI_LIBRARY_PATH=find_library())
    assert result.returncode != 0
    assert "OMENDB_TIER=cffi is unavailable" in result.stderr
    assert "cffi extension was not linked with" in result.stderr
