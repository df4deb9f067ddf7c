"""Errors and warnings raised by amock.

Every error derives from :class:`AmockError` and also from the builtin
exception a caller would naturally catch, so ``except TypeError`` keeps
working where ``unittest.mock`` raised a ``TypeError``.
"""

from __future__ import annotations

__all__ = [
    "AmockError",
    "AmockWarning",
    "InvalidTargetError",
    "MockConfigurationError",
    "NotAnAsyncGeneratorMockError",
    "PatchArgumentError",
    "PatchConflictError",
    "TargetImportError",
    "TargetNotFoundError",
    "UnpatchableTargetError",
]


class AmockError(Exception):
    """Base class of every error amock raises."""


class AmockWarning(UserWarning):
    """Base class of every warning amock emits."""


class MockConfigurationError(AmockError, TypeError):
    """A mock was configured with a value of the wrong type."""


class NotAnAsyncGeneratorMockError(AmockError, TypeError):
    """Async generator settings were used on a mock of another shape."""


class InvalidTargetError(AmockError, TypeError):
    """A patch target string is not of the form ``'package.module.attribute'``."""


class TargetImportError(AmockError, ModuleNotFoundError):
    """The module part of a patch target cannot be imported."""


class TargetNotFoundError(AmockError, AttributeError):
    """The attribute to patch does not exist (and ``create=True`` was not given)."""


class UnpatchableTargetError(AmockError, TypeError, AttributeError):
    """The attribute exists but cannot be replaced (an immutable type, a frozen object)."""


class PatchArgumentError(AmockError, TypeError, ValueError):
    """A patcher was given arguments that contradict each other."""


class PatchConflictError(AmockError, RuntimeError):
    """A patcher was started twice, or a name was patched while being restored."""


for _error in (
    AmockError,
    AmockWarning,
    InvalidTargetError,
    MockConfigurationError,
    NotAnAsyncGeneratorMockError,
    PatchArgumentError,
    PatchConflictError,
    TargetImportError,
    TargetNotFoundError,
    UnpatchableTargetError,
):
    _error.__module__ = "amock.errors"
del _error
