"""Build hooks of the `omendb` Python package (metadata lives in pyproject.toml).

build_py bundles into the package: libomendb.so (built with cargo if missing) and the
generated bindings (bindings/python/omendb_ffi.py + .pyi) as omendb._generated. The wheel
is platform-specific because it carries a shared library.
"""

from __future__ import annotations

import shutil
import subprocess
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


class BuildWithNative(build_py):
    """build_py that also copies the native library and the generated bindings into the package."""

    def run(self) -> None:
        super().run()
        package_dir = Path(self.build_lib) / "omendb"
        shutil.copy2(ensure_library(), package_dir / LIBRARY.name)
        generated_dir = package_dir / "_generated"
        generated_dir.mkdir(parents=True, exist_ok=True)
        (generated_dir / "__init__.py").write_text('"""Generated bindings bundled at install (do not edit)."""\n')
        module = GENERATED / "omendb_ffi.py"
        if not module.is_file():
            raise RuntimeError("bindings/python/omendb_ffi.py is missing: run `npm run generate` first")
        for name in ("omendb_ffi.py", "omendb_ffi.pyi"):
            if (GENERATED / name).is_file():
                shutil.copy2(GENERATED / name, generated_dir / name)


class BinaryDistribution(Distribution):
    """Marks the wheel as platform-specific (it contains libomendb.so)."""

    def has_ext_modules(self) -> bool:
        return True


setup(cmdclass={"build_py": BuildWithNative}, distclass=BinaryDistribution)
