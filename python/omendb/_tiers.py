"""The generated layers the package can run on, and which one it uses.

Fastest first: the compiled CPython extension (``omendb_ffi_cpython``), the compiled cffi
extension behind ``omendb_ffi`` (``_omendb_ffi_cffi``), then plain ctypes (``omendb_ffi``). Each is
found as the copy bundled at install (``omendb._generated``), on sys.path, then in the repo's
``bindings/python``. ``OMENDB_TIER=cpython|cffi|ctypes`` forces one; a forced tier that does not
load is an error, never a silent fallback.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Optional

TIERS = ("cpython", "cffi", "ctypes")
"""Every tier, fastest first."""

TIER_ENV = "OMENDB_TIER"
"""Environment variable that forces a tier."""

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_BINDINGS = _PACKAGE_DIR.parent.parent / "bindings" / "python"


class TierUnavailable(ImportError):
    """A tier that is not built or does not load here; the message says why."""


@dataclass(frozen=True)
class Tier:
    """One loaded generated layer."""

    name: str
    """"cpython", "cffi" or "ctypes"."""
    lib: Any
    """The generated library object (same method names and result shapes in every tier)."""
    options: Callable[[int, int, int], Any]
    """Builds the OmenOptions argument from (engine, sync_policy, hot_tier_capacity)."""


def _import_module(name: str, repo_files: list[Path]) -> ModuleType:
    """Import ``name``: bundled, on sys.path, else from the first of ``repo_files`` that exists."""
    for qualified in (f"omendb._generated.{name}", name):
        try:
            return importlib.import_module(qualified)
        except ModuleNotFoundError:
            continue
    for path in repo_files:
        spec = importlib.util.spec_from_file_location(name, path) if path.is_file() else None
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            return module
    raise TierUnavailable(f"module {name} not found (not bundled, not on sys.path, not in bindings/python)")


def _ctypes_module() -> ModuleType:
    """The generated ctypes module (it also hosts the cffi layer)."""
    try:
        return _import_module("omendb_ffi", [_REPO_BINDINGS / "omendb_ffi.py"])
    except TierUnavailable as err:
        raise TierUnavailable(f"{err}; run `npm run generate`") from None


def _load_cpython(library: str) -> Tier:
    files = [_REPO_BINDINGS / f"omendb_ffi_cpython{suffix}" for suffix in importlib.machinery.EXTENSION_SUFFIXES]
    try:
        module = _import_module("omendb_ffi_cpython", files)
    except TierUnavailable as err:
        raise TierUnavailable(f"{err}; run `node scripts/build-compiled.mjs`") from None

    def options(engine: int, sync: int, capacity: int) -> dict[str, int]:
        # The extension takes a record argument as a dict too.
        return {"engine": engine, "sync_policy": sync, "hot_tier_capacity": capacity, "hot_index_kind": 0}

    return Tier("cpython", module.load(library), options)


def _ctypes_options(gen: ModuleType) -> Callable[[int, int, int], Any]:
    def options(engine: int, sync: int, capacity: int) -> Any:
        return gen.OmenOptions(engine=engine, sync_policy=sync, hot_tier_capacity=capacity, hot_index_kind=0)

    return options


def _load_cffi(library: str) -> Tier:
    gen = _ctypes_module()
    if getattr(gen, "BACKEND", "ctypes") != "cffi":
        raise TierUnavailable("the _omendb_ffi_cffi extension is not built; run `node scripts/build-compiled.mjs`")
    if os.environ.get("OMENDB_FFI_LIBRARY_PATH"):
        # The extension links the library it was built against; another file needs ctypes.
        raise TierUnavailable("$OMENDB_FFI_LIBRARY_PATH names a library the cffi extension was not linked with")
    return Tier("cffi", gen.load(backend="cffi"), _ctypes_options(gen))


def _load_ctypes(library: str) -> Tier:
    gen = _ctypes_module()
    return Tier("ctypes", gen.load(library, backend="ctypes"), _ctypes_options(gen))


_LOADERS: dict[str, Callable[[str], Tier]] = {"cpython": _load_cpython, "cffi": _load_cffi, "ctypes": _load_ctypes}


def load_tier(name: str, library: str) -> Tier:
    """Load tier ``name`` on ``library``; TierUnavailable says why it cannot."""
    if name not in _LOADERS:
        raise TierUnavailable(f"{TIER_ENV}={name} is not a tier; use one of {', '.join(TIERS)}")
    try:
        return _LOADERS[name](library)
    except TierUnavailable:
        raise
    except (ImportError, OSError) as err:
        raise TierUnavailable(f"{name} does not load: {err}") from err


def choose_tier(library: str, forced: Optional[str] = None) -> Tier:
    """The forced tier (argument, else $OMENDB_TIER), else the fastest one that loads."""
    forced = forced or os.environ.get(TIER_ENV) or None
    if forced is not None and forced not in TIERS:
        raise TierUnavailable(f"{TIER_ENV}={forced} is not a tier; use one of {', '.join(TIERS)}")
    if forced is not None:
        try:
            return load_tier(forced, library)
        except TierUnavailable as err:
            raise TierUnavailable(f"{TIER_ENV}={forced} is unavailable: {err}") from None
    reasons = []
    for name in TIERS:
        try:
            return load_tier(name, library)
        except TierUnavailable as err:
            reasons.append(f"{name}: {err}")
    raise TierUnavailable("no generated layer loads (" + "; ".join(reasons) + ")")
