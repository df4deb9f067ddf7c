"""The names of :mod:`unittest.mock` that amock does not redefine, served from it.

Suites switch to amock wholesale with ``sys.modules["unittest.mock"] =
amock``; after that, tools and tests that read stdlib internals through the
alias (hypothesis reads ``unittest.mock._patch``, suites import ``_Call`` or
``InvalidSpecError``) must still find them. The stdlib module is the one
imported here, before any aliasing: importing it later would give amock.
"""

from __future__ import annotations

import types
import unittest.mock as _std
from typing import Any

__all__ = ["AmockModule", "module_getattr"]


class AmockModule(types.ModuleType):
    """The type of the ``amock`` module: ``FILTER_DIR`` is the stdlib's own switch.

    The stdlib's ``dir()`` of a mock reads ``unittest.mock.FILTER_DIR``; a
    suite sets ``amock.FILTER_DIR = False`` (or, aliased, ``unittest.mock.
    FILTER_DIR``), so the attribute reads and writes the stdlib's.
    """

    #: Whether ``del amock.FILTER_DIR`` ran and no value was set since.
    _amock_filter_dir_deleted = False

    @property
    def FILTER_DIR(self) -> bool:
        """Whether ``dir(mock)`` leaves out the mock's own machinery."""
        if self._amock_filter_dir_deleted:
            raise AttributeError("module 'amock' has no attribute 'FILTER_DIR'")
        return bool(_std.FILTER_DIR)

    @FILTER_DIR.setter
    def FILTER_DIR(self, value: bool) -> None:
        _std.FILTER_DIR = value
        self.__dict__.pop("_amock_filter_dir_deleted", None)

    @FILTER_DIR.deleter
    def FILTER_DIR(self) -> None:
        # A patcher undoes ``patch.object(amock, "FILTER_DIR", x)`` as for any
        # attribute outside the module's __dict__: it deletes it, sees it gone
        # and sets the original back. Without a deleter the stdlib's patcher
        # raised and amock's left the patched value in force.
        self.__dict__["_amock_filter_dir_deleted"] = True


def module_getattr(name: str) -> Any:
    """``amock.<name>`` for a name amock lacks: the stdlib's, or ``AttributeError``."""
    if name == "FILTER_DIR":
        # Only reached after ``del amock.FILTER_DIR`` (see AmockModule): gone until set.
        raise AttributeError(f"module 'amock' has no attribute {name!r}")
    try:
        return getattr(_std, name)
    except AttributeError:
        raise AttributeError(f"module 'amock' has no attribute {name!r}") from None
