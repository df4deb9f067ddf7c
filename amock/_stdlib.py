"""What amock takes from :mod:`unittest.mock`: its private names, once, and its whole namespace.

amock builds on the stdlib's classes and reads some of its private helpers;
they are taken here, once, when amock is imported, with the CPython versions
each is known on. Suites switch to amock wholesale with
``sys.modules["unittest.mock"] = amock``; after that, importing
``unittest.mock`` would give amock itself, so nothing here imports it lazily.
Tools and tests that read stdlib internals through the alias (hypothesis
reads ``unittest.mock._patch``, suites import ``_Call`` or
``InvalidSpecError``) find them through :func:`module_getattr`.
"""

from __future__ import annotations

import types
import unittest.mock as _std
from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "DEFAULT",
    "SPEC_TYPOS",
    "AmockModule",
    "Call",
    "CallList",
    "InvalidSpecError",
    "Patcher",
    "ThreadingMixin",
    "active_patches",
    "async_method_magics",
    "check_and_set_parent",
    "deleted",
    "extract_mock",
    "get_signature_object",
    "is_callable",
    "is_exception",
    "is_instance_mock",
    "is_list",
    "is_magic",
    "magics",
    "module_getattr",
    "plain_call_hooks",
    "refuse_spec_typos",
    "set_return_value",
    "spec_state_type",
    "sync_magics",
    "timeout_unset",
]

_private: Any = _std

#: The stdlib's "use the default" sentinel: patchers and mocks compare with it.
DEFAULT: Final = _std.DEFAULT
#: Public from 3.11 (earlier, a spec that is a mock raises a plain ``TypeError``).
InvalidSpecError: Final[type[Exception]] = getattr(_std, "InvalidSpecError", TypeError)

# -- private names, each known on CPython 3.10-3.15 ------------------------------------------
#: ``mock.call`` is an instance; recorded calls are instances of this class.
Call = _std._Call
#: The list type of ``call_args_list``, ``mock_calls`` and ``method_calls``.
CallList = _std._CallList
#: Marks a child deleted with ``del mock.name`` in ``_mock_children``.
deleted: Final = _private._deleted
#: A child autospec left unbuilt (the stdlib builds nested autospecs lazily).
spec_state_type: Final[type] = _private._SpecState
is_exception: Final = _private._is_exception
is_callable: Final = _private._callable
is_instance_mock: Final = _private._is_instance_mock
is_list: Final = _private._is_list
is_magic: Final = _private._is_magic
check_and_set_parent: Final = _private._check_and_set_parent
set_return_value: Final = _private._set_return_value
extract_mock: Final = _private._extract_mock
#: Magic methods a ``MagicMock`` supports, sync and async.
magics: Final[frozenset[str]] = frozenset(_private._magics)
sync_magics: Final[frozenset[str]] = frozenset(_private._all_sync_magics)
async_method_magics: Final[frozenset[str]] = frozenset(_private._async_method_magics)
#: The call hooks of the stdlib's callable mocks; a class that keeps all four
#: lets amock inline the call (see ``Mock.__call__``).
plain_call_hooks: Final = (
    _private.CallableMixin._mock_check_sig,
    _private.CallableMixin._increment_mock_call,
    _private.CallableMixin._mock_call,
    _private.CallableMixin._execute_mock_call,
)
#: The patcher class: amock's patchers subclass it, so ``isinstance`` checks hold.
Patcher: Final[Any] = _private._patch
#: ``patch.dict``'s patcher class: amock's subclasses it, so ``isinstance`` checks hold.
DictPatcher: Final[Any] = _private._patch_dict
#: The started patches ``patch.stopall()`` stops, shared with the stdlib's patchers.
active_patches: Final[list[Any]] = _private._patch._active_patches
#: ``ThreadingMock``'s mixin and its "no timeout given" sentinel (3.13+; ``None`` before).
ThreadingMixin: Final[Any] = getattr(_private, "ThreadingMixin", None)
timeout_unset: Final[Any] = getattr(_private, "_timeout_unset", None)
#: ``(function, signature)`` that calls on a mock bind to. amock uses it through 3.13
#: and reads its own from 3.14, where annotations may name ``TYPE_CHECKING``-only imports.
get_signature_object: Final = _private._get_signature_object

#: The name of the coroutine an ``AsyncMock`` call returns, which Python's "never
#: awaited" warning quotes; suites filter that warning by it (3.10-3.15).
COROUTINE_NAME: Final = _private.AsyncMockMixin._execute_mock_call.__qualname__

#: Keyword arguments that the stdlib refuses as likely typos of ``autospec``/``spec_set``.
SPEC_TYPOS: Final = ("autospect", "auto_spec", "set_spec")


def refuse_spec_typos(kwargs: Mapping[str, Any], who: str) -> None:
    """Refuse a likely typo of ``autospec``/``spec_set`` among a mock's keyword arguments.

    Raises:
        RuntimeError: as the stdlib does, naming the argument and ``unsafe=True``.
    """
    for typo in SPEC_TYPOS:
        if typo in kwargs:
            raise RuntimeError(
                f"{who}: {typo!r} might be a typo of 'autospec' or 'spec_set'; pass "
                "unsafe=True if it is meant for the mock."
            )


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
