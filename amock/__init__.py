"""amock: a drop-in superset of :mod:`unittest.mock` that knows async shapes.

PYTEST_DONT_REWRITE: amock has no asserts for pytest to rewrite. pytest marks
every package of a distribution with a plugin for rewriting, and warns about
one imported before it starts unless this marker is in its docstring; a
``sitecustomize`` that aliases ``unittest.mock`` to amock imports it that early.
"""

import sys as _sys
import types as _types
import typing as _typing
import unittest.mock as _std

from amock._autospec import create_autospec, seal
from amock._control import (
    assert_all_awaited,
    assert_awaited_in_order,
    configure,
    entered,
    hold,
)
from amock._files import mock_open
from amock._mocks import (
    DEFAULT,
    AsyncGeneratorMock,
    AsyncMock,
    GeneratorRecord,
    MagicMock,
    Mock,
    NonCallableMagicMock,
    NonCallableMock,
    PropertyMock,
)
from amock._patchers import patch
from amock._stdlib import AmockModule as _AmockModule
from amock._stdlib import module_getattr as _module_getattr
from amock._strict import strict
from amock._toolkit import HeldCall, Hold

# Re-exported as they are: they already work with amock's classes.
ANY = _std.ANY
call = _std.call
sentinel = _std.sentinel
if hasattr(_std, "ThreadingMock"):  # Python 3.13+
    from amock._mocks import ThreadingMock
if _typing.TYPE_CHECKING:
    # A property of amock's module type (see amock._stdlib): setting it sets the stdlib's.
    FILTER_DIR: bool

__all__ = [
    "ANY",
    "DEFAULT",
    "FILTER_DIR",
    "AsyncGeneratorMock",
    "AsyncMock",
    "GeneratorRecord",
    "HeldCall",
    "Hold",
    "MagicMock",
    "Mock",
    "NonCallableMagicMock",
    "NonCallableMock",
    "PropertyMock",
    "assert_all_awaited",
    "assert_awaited_in_order",
    "call",
    "configure",
    "create_autospec",
    "entered",
    "hold",
    "mock_open",
    "patch",
    "seal",
    "sentinel",
    "strict",
]
if hasattr(_std, "ThreadingMock"):
    __all__ += ["ThreadingMock"]

_sys.modules[__name__].__class__ = _AmockModule
if not _typing.TYPE_CHECKING:
    # Any other name of unittest.mock, private ones included, for suites that
    # alias sys.modules["unittest.mock"] to amock. Hidden from type checkers,
    # so a typo in amock.<name> is still an error for them.
    __getattr__ = _module_getattr

# Reprs, tracebacks and the docs show each public name where users import it from.
for _name in __all__:
    _public = globals().get(_name)  # FILTER_DIR is a property of the module
    if isinstance(_public, (type, _types.FunctionType)) and _public.__module__.startswith("amock."):
        _public.__module__ = "amock"
del _name, _public
