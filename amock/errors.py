"""Errors and warnings raised by amock.

Every error derives from :class:`AmockError` and also from the builtin
exception a caller would naturally catch, so ``except TypeError`` keeps
working where ``unittest.mock`` raised a ``TypeError``.
"""

from __future__ import annotations

__all__ = [
    "AmockDeprecationWarning",
    "AmockError",
    "AmockWarning",
    "FixtureContextManagerWarning",
    "FixtureError",
    "HoldError",
    "InvalidTargetError",
    "MockConfigurationError",
    "NeverAwaitedError",
    "NeverAwaitedWarning",
    "NoEventLoopError",
    "NotAnAsyncGeneratorMockError",
    "PatchArgumentError",
    "PatchConflictError",
    "PatchNotActiveError",
    "StrictModeError",
    "TargetImportError",
    "TargetNotFoundError",
    "UnknownMockError",
    "UnpatchableTargetError",
    "WaitTimeoutError",
]


class AmockError(Exception):
    """Base class of every error amock raises."""


class AmockWarning(UserWarning):
    """Base class of every warning amock emits."""


class AmockDeprecationWarning(AmockWarning, DeprecationWarning):
    """A name or use that still works but will be removed; the message names its successor."""


class NeverAwaitedWarning(AmockWarning, RuntimeWarning):
    """A test's call of an async mock was never awaited (pytest plugin, outside strict mode).

    It is raised at the line that made the call, when the test ends, instead
    of Python's own ``RuntimeWarning`` whenever the garbage collector finds
    the coroutine (which names amock's internals and may fail a later test).
    Its message starts as Python's does, "coroutine '<mock>' was never
    awaited", so filters written for Python's warning match it too.
    """


class FixtureContextManagerWarning(AmockWarning):
    """A mock the pytest fixture's ``patch`` returned was used with ``with``.

    The patch lasts until the fixture ends, not just for the block; use
    ``patch.context_manager`` to patch an object the code under test enters.
    """


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


class PatchNotActiveError(AmockError, AttributeError):
    """A patcher was asked for what only an active patch has, or to end a patch it never started."""


class NoEventLoopError(AmockError, RuntimeError):
    """An async feature was used where neither asyncio nor trio is running."""


class WaitTimeoutError(AmockError, TimeoutError):
    """Waiting for a call, an await or a held call took longer than its timeout."""


class HoldError(AmockError, RuntimeError):
    """A hold was misused: nothing to release, released twice, or held twice."""


class NeverAwaitedError(AmockError, AssertionError):
    """Calls of async mocks made inside a strict block were never awaited."""


class FixtureError(AmockError, RuntimeError):
    """amock's pytest fixture (``amocker``, ``mocker``...) was used after it ended."""


class UnknownMockError(AmockError, ValueError):
    """The pytest fixture's ``stop()`` was given a mock it did not make, or stopped already."""


class StrictModeError(AmockError, RuntimeError):
    """A strict block was ended from another context than the one that began it."""
