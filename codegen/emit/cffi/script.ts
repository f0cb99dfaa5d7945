// The text of a cffi build script around a rendered cdef: locating the headers (env override,
// absolute paths, or relative paths searched upwards from the script) and the library (env
// override, a path relative to the script, or a soname), then compiling the extension in place.

export interface BuildScriptParts {
  banner: string;
  moduleName: string;
  stem: string;
  headers: string[];
  lib: string;
  libEnv: string;
  includeEnv: string;
  cdef: string;
}

function pyRawString(text: string): string {
  if (!text.includes('"""') && !text.endsWith("\\")) return `r"""\n${text}"""`;
  return JSON.stringify(text);
}

export function buildScript(p: BuildScriptParts): string {
  return `${p.banner}
"""Builds ${p.moduleName}, the compiled (cffi API mode) extension that ${p.stem}.py prefers over ctypes.

Run \`python ${p.stem}_cffi_build.py\`: the extension is written next to this script. The
headers are searched upwards from here (or in $${p.includeEnv}); the library is
$${p.libEnv}, else ${JSON.stringify(p.lib)} (relative to this script when it contains a slash).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile

from cffi import FFI  # type: ignore[import-untyped]

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = ${JSON.stringify(p.moduleName)}
HEADERS = ${JSON.stringify(p.headers)}
LIBRARY = ${JSON.stringify(p.lib)}
LIBRARY_ENV = ${JSON.stringify(p.libEnv)}
INCLUDE_ENV = ${JSON.stringify(p.includeEnv)}

CDEF = ${pyRawString(p.cdef)}


def _header_dir(header: str) -> str:
    """Directory holding \`header\`: $INCLUDE_ENV, its own directory if absolute, else the nearest ancestor match."""
    override = os.environ.get(INCLUDE_ENV)
    if override:
        return override
    if os.path.isabs(header):
        return os.path.dirname(header)
    current = HERE
    while True:
        if os.path.isfile(os.path.join(current, header)):
            return os.path.dirname(os.path.join(current, header))
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    if os.path.isfile(os.path.join(os.getcwd(), header)):
        return os.path.dirname(os.path.join(os.getcwd(), header))
    sys.exit(f"cannot find header {header} above {HERE}; set {INCLUDE_ENV}")


def _link_args() -> dict[str, list[str]]:
    """libraries / library_dirs / extra_link_args for the library (rpath relative to the extension)."""
    path = os.environ.get(LIBRARY_ENV) or (os.path.normpath(os.path.join(HERE, LIBRARY)) if "/" in LIBRARY else "")
    if not path:
        return {"libraries": [":" + LIBRARY], "library_dirs": [], "extra_link_args": []}
    libdir, name = os.path.split(os.path.abspath(path))
    rpath = "$ORIGIN/" + os.path.relpath(libdir, HERE)
    return {"libraries": [":" + name], "library_dirs": [libdir], "extra_link_args": ["-Wl,-rpath," + rpath]}


def build() -> str:
    """Compiles the extension next to this script and returns its path."""
    ffibuilder = FFI()
    ffibuilder.cdef(CDEF)
    source = "\\n".join(f'#include "{os.path.basename(h)}"' for h in HEADERS)
    include_dirs = sorted({_header_dir(h) for h in HEADERS})
    ffibuilder.set_source(MODULE, source, include_dirs=include_dirs, **_link_args())
    with tempfile.TemporaryDirectory() as tmp:
        built = ffibuilder.compile(tmpdir=tmp, verbose=False)
        target = os.path.join(HERE, os.path.basename(built))
        shutil.copyfile(built, target)
    return target


if __name__ == "__main__":
    print(build())
`;
}
