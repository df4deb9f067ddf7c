"""Spies: patch a callable with a mock that records calls and still runs the original.

The spy takes its shape from the original (via :mod:`amock._shapes`): a
coroutine function's spy records the *awaited* result, an async generator
function's spy records the items it yields, and a callable returning an
async context manager records the value ``async with`` entered. The record
lives on the spy as pytest-mock's ``spy_return``, ``spy_return_list``,
``spy_return_iter`` and ``spy_exception``, plus ``spy_yields`` and
``spy_entered``.

As with pytest-mock, a function or method is autospecced (its arguments are
checked, and a method patched on a class receives the instance); builtins,
classes and callable objects are replaced by a plain mock. amock's autospec
records every call when it is made, for ``async def`` too, on every Python
(CPython 3.13's records an autospecced coroutine function only when it is
awaited, which pytest-mock#519 inherits).
"""

from __future__ import annotations

import functools
import inspect
import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from amock import _autospec, _restore, _shapes
from amock._text import short_repr
from amock.errors import MockConfigurationError

__all__ = ["Record", "prepare", "spy_options"]


class Record:
    """What a spy's original did, written on the spy (and on the mock behind it).

    ``holders`` are the mock and, for an autospecced function, the function
    standing for it: the record attributes are set on both.
    """

    __slots__ = ("duplicate_iterators", "entered", "holders", "returns", "yields")

    def __init__(self, duplicate_iterators: bool) -> None:
        self.duplicate_iterators = duplicate_iterators
        self.holders: list[Any] = []
        self.returns: list[Any] = []
        self.yields: list[list[Any]] = []
        self.entered: list[Any] = []

    def _set(self, name: str, value: Any) -> None:
        for holder in self.holders:
            setattr(holder, name, value)

    def reset(self) -> None:
        """Forget every call: the state of a new spy (``resetall`` uses it too)."""
        self.returns = []
        self.yields = []
        self.entered = []
        self.calling()
        self._set("spy_return_list", self.returns)
        self._set("spy_yields", self.yields)
        self._set("spy_entered", self.entered)

    def calling(self) -> None:
        """A call begins: what the previous call returned or raised no longer holds."""
        self._set("spy_return", None)
        self._set("spy_return_iter", None)
        self._set("spy_exception", None)

    def returned(self, value: Any) -> Any:
        """The original returned ``value``; what the caller gets (an iterator may be teed)."""
        if self.duplicate_iterators and isinstance(value, Iterator):
            value, duplicate = itertools.tee(value, 2)
            self._set("spy_return_iter", duplicate)
        self.returns.append(value)
        self._set("spy_return", value)
        return value

    def raised(self, error: BaseException) -> None:
        """The original raised ``error``."""
        self._set("spy_exception", error)


class _EnteredRecorder:
    """An async context manager that records what the wrapped one enters."""

    def __init__(self, inner: Any, record: Record) -> None:
        self._inner = inner
        self._record = record

    async def __aenter__(self) -> Any:
        entered = await type(self._inner).__aenter__(self._inner)
        self._record.entered.append(entered)
        return entered

    async def __aexit__(self, *exc_info: Any) -> Any:
        return await type(self._inner).__aexit__(self._inner, *exc_info)

    def __await__(self) -> Any:
        # Objects like aiohttp's request context are awaitable too.
        return self._inner.__await__()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def spy_options(
    owner: Any, name: str, *, duplicate_iterators: bool = False
) -> tuple[Callable[..., Any], dict[str, Any], Record]:
    """The side effect and patch options that turn ``owner.name`` into a spy.

    Args:
        owner: the object, class or module holding the callable.
        name: the callable's attribute name.
        duplicate_iterators: keep a copy of each returned iterator in
            ``spy_return_iter`` (the caller gets the other copy).

    Returns:
        ``(side_effect, options, record)``; pass the mock the patch made and
        the record to :func:`prepare`.

    Raises:
        MockConfigurationError: ``owner.name`` is missing or not callable.
    """
    raw, _local = _restore.read_original(owner, name)
    if raw is _restore.MISSING:
        raise MockConfigurationError(
            f"spy({short_repr(owner)}, {name!r}): there is no attribute {name!r} to spy on."
        )
    original = getattr(owner, name)
    if not callable(original):
        raise MockConfigurationError(
            f"spy({short_repr(owner)}, {name!r}): {name!r} is {type(original).__name__} "
            f"{short_repr(original)}, not a callable; spy on a function, method or class, or "
            "patch the value with patch.object()."
        )
    shape = _shapes.shape_of(original)
    record = Record(duplicate_iterators)
    # Called as the owner gives it: a method patched on a class gets the
    # instance from the autospecced copy, as the plain function expects.
    function = original

    side_effect: Callable[..., Any]
    if shape.is_async_iterator_function:

        def side_effect(*args: Any, **kwargs: Any) -> Any:
            record.calling()
            try:
                stream = function(*args, **kwargs)
            except BaseException as error:
                record.raised(error)
                raise
            return record.returned(_recording_stream(stream, record))

    elif shape.is_coroutine_function:

        async def side_effect(*args: Any, **kwargs: Any) -> Any:
            record.calling()
            try:
                value = await function(*args, **kwargs)
            except BaseException as error:
                record.raised(error)
                raise
            return record.returned(value)

    else:

        def side_effect(*args: Any, **kwargs: Any) -> Any:
            record.calling()
            try:
                value = function(*args, **kwargs)
            except BaseException as error:
                record.raised(error)
                raise
            if shape.is_async_context_function or _is_async_cm(value):
                value = _EnteredRecorder(value, record)
            return record.returned(value)

    functools.update_wrapper(side_effect, original)
    options: dict[str, Any] = {"side_effect": side_effect}
    # pytest-mock's rule: functions and methods (bound ones included, and the
    # functions behind static and class methods) have a signature to check.
    if inspect.isfunction(original) or inspect.ismethod(original):
        options["autospec"] = True
    return side_effect, options, record


def _is_async_cm(value: Any) -> bool:
    klass = type(value)
    return hasattr(klass, "__aenter__") and hasattr(klass, "__aexit__")


async def _recording_stream(stream: Any, record: Record) -> AsyncIterator[Any]:
    items: list[Any] = []
    record.yields.append(items)
    try:
        async for item in stream:
            items.append(item)
            yield item
    except BaseException as error:
        record.raised(error)
        raise


def prepare(mock: Any, record: Record) -> None:
    """Give a freshly made spy its record attributes."""
    record.holders.append(mock)
    if _autospec.is_function_copy(mock):
        record.holders.append(mock.mock)
    record.reset()
