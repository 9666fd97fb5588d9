"""Which loops run: the compiled kernel (``newsclean._kernel``) when it was built, else its
pure-Python twin (``newsclean._kernel_py``). Both give identical results.

>>> kernel.__name__ in ("newsclean._kernel", "newsclean._kernel_py")
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["COMPILED", "kernel"]

if TYPE_CHECKING:
    from . import _kernel_py as kernel
else:
    try:
        from . import _kernel as kernel
    except ImportError:  # not built (no C compiler at install time): the same, slower
        from . import _kernel_py as kernel

#: True when the compiled kernel is in use.
COMPILED: bool = kernel.__name__ == "newsclean._kernel"
