"""amock: a drop-in superset of :mod:`unittest.mock` that knows async shapes."""

from __future__ import annotations

import unittest.mock as _std

from amock._autospec import create_autospec
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
from amock._patch import patch

# Re-exported as they are: they already work with amock's classes.
ANY = _std.ANY
FILTER_DIR = _std.FILTER_DIR
call = _std.call
mock_open = _std.mock_open
seal = _std.seal
sentinel = _std.sentinel
if hasattr(_std, "ThreadingMock"):  # Python 3.13+
    ThreadingMock = _std.ThreadingMock

__all__ = [
    "ANY",
    "DEFAULT",
    "FILTER_DIR",
    "AsyncGeneratorMock",
    "AsyncMock",
    "GeneratorRecord",
    "MagicMock",
    "Mock",
    "NonCallableMagicMock",
    "NonCallableMock",
    "PropertyMock",
    "call",
    "create_autospec",
    "mock_open",
    "patch",
    "seal",
    "sentinel",
]
if hasattr(_std, "ThreadingMock"):
    __all__ += ["ThreadingMock"]

for _name in (
    "AsyncGeneratorMock",
    "AsyncMock",
    "GeneratorRecord",
    "MagicMock",
    "Mock",
    "NonCallableMagicMock",
    "NonCallableMock",
    "PropertyMock",
):
    globals()[_name].__module__ = "amock"
del _name
