// Lifetime of one native handle on the JS side: knows whether it is still open, throws
// INVALID_HANDLE on use after release (before any native call), and registers a
// FinalizationRegistry safety net that releases a handle its owner forgot to close.

import { OmenDBError } from "./errors.js";
import type { NativeHandle } from "./native.js";

type Release = (handle: NativeHandle) => void;

const forgotten = new FinalizationRegistry<{ handle: NativeHandle; release: Release }>(({ handle, release }) => {
  try {
    release(handle);
  } catch {
    // A finalizer has nobody to report to; the library ignores unknown handles anyway.
  }
});

/** Owns a native handle for a JS object; `release` runs exactly once. */
export class HandleCell {
  #handle: NativeHandle | undefined;
  readonly #release: Release;
  readonly #what: string;

  /**
   * @param owner - The JS object whose collection releases the handle if it was not released.
   * @param handle - The native handle.
   * @param release - Native function that releases it (omendb_close / omendb_index_free).
   * @param what - Name used in error messages ("database", "index").
   */
  constructor(owner: object, handle: NativeHandle, release: Release, what: string) {
    this.#handle = handle;
    this.#release = release;
    this.#what = what;
    forgotten.register(owner, { handle, release }, this);
  }

  /** The live handle, or OmenDBError("INVALID_HANDLE") once released. */
  get(): NativeHandle {
    if (this.#handle === undefined) {
      throw new OmenDBError("INVALID_HANDLE", `the ${this.#what} is closed`);
    }
    return this.#handle;
  }

  /** True once released. */
  get released(): boolean {
    return this.#handle === undefined;
  }

  /** Releases the handle now; later calls do nothing. */
  release(): void {
    const handle = this.#handle;
    if (handle === undefined) return;
    this.#handle = undefined;
    forgotten.unregister(this);
    this.#release(handle);
  }
}
