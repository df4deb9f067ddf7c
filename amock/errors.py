"""Errors and warnings raised by amock.

Every error derives from :class:`AmockError` and also from the builtin
exception a caller would naturally catch, so ``except TypeError`` keeps
working where ``unittest.mock`` raised a ``TypeError``.
"""

from __future__ import annotations

__all__ = [
    "AmockError",
    "AmockWarning",
    "MockConfigurationError",
    "NotAnAsyncGeneratorMockError",
]


class AmockError(Exception):
    """Base class of every error amock raises."""


class AmockWarning(UserWarning):
    """Base class of every warning amock emits."""


class MockConfigurationError(AmockError, TypeError):
    """A mock was configured with a value of the wrong type."""


class NotAnAsyncGeneratorMockError(AmockError, TypeError):
    """Async generator settings were used on a mock of another shape."""


for _error in (
    AmockError,
    AmockWarning,
    MockConfigurationError,
    NotAnAsyncGeneratorMockError,
):
    _error.__module__ = "amock.errors"
del _error
