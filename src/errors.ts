// Error type of the Node package: every failure, native or argument check, is an
// OmenDBError carrying a stable string code (the header's OmenErrorCode names without
// the OMEN_/OMEN_ERR_ prefix) and the library's detailed message.

/** Stable error code names, one per `OMEN_ERR_*` value of the C header. */
export type OmenErrorCode =
  | "NULL_ARGUMENT"
  | "INVALID_HANDLE"
  | "NOT_FOUND"
  | "INVALID_ARGUMENT"
  | "VALUE_TOO_LARGE"
  | "IO"
  | "CORRUPTED"
  | "LOCKED"
  | "INVALID_PATH"
  | "OUT_OF_MEMORY"
  | "INTERNAL";

/** Numeric `OmenErrorCode` values of the header mapped to their names. */
export const ERROR_CODE_BY_NUMBER: Readonly<Record<number, OmenErrorCode>> = Object.freeze({
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
});

/** Maps a numeric code from the library to its name; unknown numbers become "INTERNAL". */
export function errorCodeName(code: number): OmenErrorCode {
  return ERROR_CODE_BY_NUMBER[code] ?? "INTERNAL";
}

/**
 * The one error class of the package.
 *
 * @example
 * try { db.get(1.5) } catch (e) { if (e instanceof OmenDBError && e.code === "INVALID_ARGUMENT") ... }
 */
export class OmenDBError extends Error {
  /** Stable code name, e.g. `"NOT_FOUND"`. */
  readonly code: OmenErrorCode;

  /**
   * @param code - Stable code name.
   * @param message - Detailed description (the library's last-error message for native failures).
   */
  constructor(code: OmenErrorCode, message: string) {
    super(message);
    this.name = "OmenDBError";
    this.code = code;
  }
}
