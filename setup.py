"""Build hooks of the `omendb` Python package (metadata lives in pyproject.toml).

build_py bundles into the package: libomendb.so (built with cargo if missing), the
generated bindings (bindings/python/omendb_ffi.py + .pyi) as omendb._generated, and, when
a C compiler is available, the generated CPython extension and (with cffi) the cffi extension
compiled next to them (the package uses the fastest present: CPython extension, cffi, ctypes).
The wheel is platform-specific: it carries shared objects.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

ROOT = Path(__file__).resolve().parent
LIBRARY = ROOT / "native" / "target" / "release" / "libomendb.so"
GENERATED = ROOT / "bindings" / "python"


def ensure_library() -> Path:
    """Return the built library, running cargo once if it is missing."""
    if not LIBRARY.is_file():
        subprocess.run(
            ["cargo", "build", "--release", "--manifest-path", str(ROOT / "native" / "Cargo.toml")],
            check=True,
        )
    if not LIBRARY.is_file():
        raise RuntimeError(f"cargo did not produce {LIBRARY.relative_to(ROOT)}")
    return LIBRARY


def build_cffi_extension(generated_dir: Path, bundled_library: Path) -> None:
    """Compile the generated cffi extension into ``generated_dir``, linked to the bundled library
    through an $ORIGIN-relative rpath. Best effort: without cffi or a compiler, ctypes is used."""
    script = GENERATED / "omendb_ffi_cffi_build.py"
    if not script.is_file():
        return
    try:
        import cffi  # noqa: F401  (only probing that it is installed)
    except ImportError:
        print("omendb: cffi not installed; the package will use ctypes", file=sys.stderr)
        return
    copy = generated_dir / script.name
    shutil.copy2(script, copy)
    env = dict(os.environ, OMENDB_FFI_LIBRARY_PATH=str(bundled_library), OMENDB_FFI_INCLUDE_DIR=str(ROOT / "include"))
    try:
        result = subprocess.run([sys.executable, str(copy)], env=env, cwd=generated_dir, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"omendb: cffi extension not built, the package will use ctypes:\n{result.stderr}", file=sys.stderr)
    finally:
        copy.unlink()


def build_cpython_extension(generated_dir: Path) -> None:
    """Compile the generated CPython extension into ``generated_dir`` for this interpreter. It
    dlopens the library at load time (the package passes the bundled path), so nothing is linked.
    Best effort: without a compiler or Python.h, the package uses cffi or ctypes."""
    source = GENERATED / "omendb_ffi_cpython.c"
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    python_include = sysconfig.get_paths()["include"]
    if not source.is_file() or not suffix or not (Path(python_include) / "Python.h").is_file():
        print("omendb: CPython extension not built (no generated source or no Python.h)", file=sys.stderr)
        return
    output = generated_dir / f"omendb_ffi_cpython{suffix}"
    command = [os.environ.get("CC", "cc"), "-shared", "-fPIC", "-O2", f"-I{python_include}", f"-I{ROOT / 'include'}"]
    try:
        result = subprocess.run([*command, "-o", str(output), str(source), "-ldl"], capture_output=True, text=True)
    except OSError as err:
        print(f"omendb: CPython extension not built ({err}); the package will use cffi or ctypes", file=sys.stderr)
        return
    if result.returncode != 0:
        print(f"omendb: CPython extension not built, the package will use cffi or ctypes:\n{result.stderr}", file=sys.stderr)


class BuildWithNative(build_py):
    """build_py that also copies the native library and the generated bindings into the package."""

    def run(self) -> None:
        super().run()
        package_dir = Path(self.build_lib) / "omendb"
        bundled_library = package_dir / LIBRARY.name
        shutil.copy2(ensure_library(), bundled_library)
        generated_dir = package_dir / "_generated"
        generated_dir.mkdir(parents=True, exist_ok=True)
        (generated_dir / "__init__.py").write_text('"""Generated bindings bundled at install (do not edit)."""\n')
        module = GENERATED / "omendb_ffi.py"
        if not module.is_file():
            raise RuntimeError("bindings/python/omendb_ffi.py is missing: run `npm run generate` first")
        for name in ("omendb_ffi.py", "omendb_ffi.pyi"):
            if (GENERATED / name).is_file():
                shutil.copy2(GENERATED / name, generated_dir / name)
        build_cffi_extension(generated_dir, bundled_library)
        build_cpython_extension(generated_dir)


class BinaryDistribution(Distribution):
    """Marks the wheel as platform-specific (it contains libomendb.so)."""

    def has_ext_modules(self) -> bool:
        return True


setup(cmdclass={"build_py": BuildWithNative}, distclass=BinaryDistribution)
