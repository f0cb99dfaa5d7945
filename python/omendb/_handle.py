"""Lifetime of one native handle on the Python side.

Knows whether the handle is still open, raises INVALID_HANDLE on use after
release (before any native call), and keeps a weakref.finalize safety net that
releases a handle whose owner was collected without being closed.
"""

from __future__ import annotations

import weakref
from typing import Callable

from ._errors import OmenDBError
from ._native import NativeHandle


class HandleCell:
    """Owns a native handle for a Python object; the release function runs exactly once."""

    __slots__ = ("handle", "_what", "_finalizer")

    def __init__(self, owner: object, handle: NativeHandle, release: Callable[[NativeHandle], None], what: str) -> None:
        """Register ``handle`` to be released by ``release`` when ``owner`` is collected."""
        self.handle: NativeHandle | None = handle
        """The live handle, None once released (read directly by hot paths; others use get())."""
        self._what = what
        self._finalizer = weakref.finalize(owner, release, handle)

    def get(self) -> NativeHandle:
        """Return the live handle, or raise OmenDBError("INVALID_HANDLE") once released."""
        if self.handle is None:
            raise OmenDBError("INVALID_HANDLE", f"the {self._what} is closed")
        return self.handle

    @property
    def released(self) -> bool:
        """True once the handle was released."""
        return self.handle is None

    def release(self) -> None:
        """Release the handle now; later calls do nothing."""
        if self.handle is None:
            return
        self.handle = None
        self._finalizer()
