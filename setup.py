"""Build the optional compiled kernel (``newsclean._kernel``) with Cython.

Everything else lives in pyproject.toml. The kernel only speeds up loops that the
pure-Python code also runs, with identical results: if it cannot be built (no C compiler,
no Cython), the package installs without it and says so.
"""

from __future__ import annotations

import sys
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the kernel if possible; otherwise warn and install the pure-Python package."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # any build failure leaves pure Python
            _warn(exc)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            _warn(exc)


def _warn(exc: BaseException) -> None:
    print(
        f"warning: newsclean's compiled kernel was not built ({exc}); "
        "newsclean works the same, only slower",
        file=sys.stderr,
    )


def _extensions() -> list[Extension]:
    try:
        import numpy  # noqa: PLC0415
        from Cython.Build import cythonize  # noqa: PLC0415
    except ImportError as exc:
        _warn(exc)
        return []
    try:
        return _cythonize(cythonize, numpy.get_include())
    except Exception as exc:  # a Cython error must not stop the install
        _warn(exc)
        return []


def _cythonize(cythonize: Any, numpy_include: str) -> list[Extension]:
    extensions: list[Extension] = cythonize(
        [
            Extension(
                "newsclean._kernel",
                ["src/newsclean/_kernel.pyx"],
                include_dirs=[numpy_include],
                define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
                # No fused multiply-add: features must round exactly as in the pure-Python
                # twin (numpy), on every machine.
                extra_compile_args=["-ffp-contract=off"],
            )
        ],
        language_level=3,
        quiet=True,
    )
    return extensions


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
