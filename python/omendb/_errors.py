"""Error type of the Python package.

Every failure, native or argument check, raises OmenDBError with a stable string
code (the header's OmenErrorCode names without the OMEN_/OMEN_ERR_ prefix) and
the library's detailed last-error message.
"""

from __future__ import annotations

from typing import Final, Literal

ErrorCode = Literal[
    "NULL_ARGUMENT",
    "INVALID_HANDLE",
    "NOT_FOUND",
    "INVALID_ARGUMENT",
    "VALUE_TOO_LARGE",
    "IO",
    "CORRUPTED",
    "LOCKED",
    "INVALID_PATH",
    "OUT_OF_MEMORY",
    "INTERNAL",
]
"""Stable error code names, one per ``OMEN_ERR_*`` value of the C header."""

ERROR_CODE_BY_NUMBER: Final[dict[int, ErrorCode]] = {
    1: "NULL_ARGUMENT",
    2: "INVALID_HANDLE",
    3: "NOT_FOUND",
    4: "INVALID_ARGUMENT",
    5: "VALUE_TOO_LARGE",
    6: "IO",
    7: "CORRUPTED",
    8: "LOCKED",
    9: "INVALID_PATH",
    10: "OUT_OF_MEMORY",
    99: "INTERNAL",
}
"""Numeric OmenErrorCode values mapped to their names."""


def error_code_name(code: int) -> ErrorCode:
    """Return the name of a numeric code; unknown numbers map to ``"INTERNAL"``."""
    return ERROR_CODE_BY_NUMBER.get(code, "INTERNAL")


class OmenDBError(Exception):
    """The one exception class of the package.

    Attributes:
        code: Stable code name, e.g. ``"NOT_FOUND"``.
        message: Detailed description (the library's message for native failures).
    """

    code: ErrorCode
    message: str

    def __init__(self, code: ErrorCode, message: str) -> None:
        """Create an error with a code name and a detailed message."""
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
