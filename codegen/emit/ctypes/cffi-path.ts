// The module's backend selection: `BACKEND` says whether a compiled `_<stem>_cffi` extension
// (built by the cffi target's build script) sits next to the module. Placeholder until the
// cffi call path lands: ctypes is always used.

import type { CodeWriter } from "../common/writer.js";

export function emitCffiPath(w: CodeWriter, _stem: string): void {
  w.blank();
  w.blank();
  w.line('BACKEND: str = "ctypes"');
}
