"""The names of :mod:`unittest.mock` that amock does not redefine, served from it.

Suites switch to amock wholesale with ``sys.modules["unittest.mock"] =
amock``; after that, tools and tests that read stdlib internals through the
alias (hypothesis reads ``unittest.mock._patch``, suites import ``_Call`` or
``InvalidSpecError``) must still find them. The stdlib module is the one
imported here, before any aliasing: importing it later would give amock.
"""

from __future__ import annotations

import unittest.mock as _std
from typing import Any

__all__ = ["module_getattr"]


def module_getattr(name: str) -> Any:
    """``amock.<name>`` for a name amock lacks: the stdlib's, or ``AttributeError``."""
    try:
        return getattr(_std, name)
    except AttributeError:
        raise AttributeError(f"module 'amock' has no attribute {name!r}") from None
