"""Spies: patch a callable with a mock that records calls and still runs the original.

The spy takes its shape from the original (via :mod:`amock._shapes`): a
coroutine function's spy records the *awaited* result, an async generator
function's spy records the items it yields, and a callable returning an
async context manager records the value ``async with`` entered. The record
lives on the spy as ``spy_return``/``spy_return_list``/``spy_exception``
(pytest-mock's names), plus ``spy_yields`` and ``spy_entered``.
"""

from __future__ import annotations

import functools
import types
from collections.abc import AsyncIterator, Callable
from typing import Any

from amock import _autospec, _restore, _shapes
from amock.errors import MockConfigurationError

__all__ = ["spy_options"]


class _Record:
    """Where a spy's wrapper writes what the original did.

    ``holders`` are the mock and, for an autospecced function, the function
    standing for it: the record attributes are set on both.
    """

    __slots__ = ("entered", "holders", "returns", "yields")

    def __init__(self) -> None:
        self.holders: list[Any] = []
        self.returns: list[Any] = []
        self.yields: list[list[Any]] = []
        self.entered: list[Any] = []

    def _set(self, name: str, value: Any) -> None:
        for holder in self.holders:
            setattr(holder, name, value)

    def returned(self, value: Any) -> None:
        self.returns.append(value)
        self._set("spy_return", value)

    def raised(self, error: BaseException) -> None:
        self._set("spy_exception", error)


class _EnteredRecorder:
    """An async context manager that records what the wrapped one enters."""

    def __init__(self, inner: Any, record: _Record) -> None:
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


def spy_options(owner: Any, name: str) -> tuple[Any, dict[str, Any], _Record]:
    """The side effect and patch options that turn ``owner.name`` into a spy.

    Returns:
        ``(side_effect, options, record)``; pass the mock the patch made and
        the record to :func:`prepare`.

    Raises:
        MockConfigurationError: ``owner.name`` is not callable.
    """
    raw, _local = _restore.read_original(owner, name)
    if raw is _restore.MISSING:
        raise MockConfigurationError(
            f"spy({owner!r}, {name!r}): there is no attribute {name!r} to spy on."
        )
    original = getattr(owner, name)
    if not callable(original):
        raise MockConfigurationError(
            f"spy({_short(owner)}, {name!r}): {name!r} is {type(original).__name__} "
            f"{_short(original)}, not a callable; spy on a function, method or class, or "
            "patch the value with patch.object()."
        )
    shape = _shapes.shape_of(original)
    record = _Record()
    # A plain function is autospecced, so a method called through an instance
    # passes self (and arguments are checked); static and class methods, bound
    # methods, classes and callable objects are called as the owner gives them.
    autospec = isinstance(raw, types.FunctionType)
    function = raw if autospec and isinstance(owner, type) else original

    def call_original(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return function(*args, **kwargs)

    side_effect: Callable[..., Any]
    if shape.is_async_iterator_function:

        def side_effect(*args: Any, **kwargs: Any) -> Any:
            record.returned(None)
            return _recording_stream(call_original(args, kwargs), record)

    elif shape.is_coroutine_function:

        async def side_effect(*args: Any, **kwargs: Any) -> Any:
            try:
                value = await call_original(args, kwargs)
            except BaseException as error:
                record.raised(error)
                raise
            record.returned(value)
            return value

    else:

        def side_effect(*args: Any, **kwargs: Any) -> Any:
            try:
                value = call_original(args, kwargs)
            except BaseException as error:
                record.raised(error)
                raise
            if shape.is_async_context_function or _is_async_cm(value):
                value = _EnteredRecorder(value, record)
            record.returned(value)
            return value

    functools.update_wrapper(side_effect, original)
    options: dict[str, Any] = {"side_effect": side_effect}
    if autospec:
        options["autospec"] = True
    return side_effect, options, record


def _is_async_cm(value: Any) -> bool:
    klass = type(value)
    return hasattr(klass, "__aenter__") and hasattr(klass, "__aexit__")


async def _recording_stream(stream: Any, record: _Record) -> AsyncIterator[Any]:
    items: list[Any] = []
    record.yields.append(items)
    try:
        async for item in stream:
            items.append(item)
            yield item
    except BaseException as error:
        record.raised(error)
        raise


def prepare(mock: Any, record: _Record) -> None:
    """Give a freshly made spy its record attributes."""
    record.holders.append(mock)
    if _autospec.is_function_copy(mock):
        record.holders.append(mock.mock)
    record._set("spy_return", None)
    record._set("spy_return_list", record.returns)
    record._set("spy_exception", None)
    record._set("spy_yields", record.yields)
    record._set("spy_entered", record.entered)


def _short(obj: object) -> str:
    try:
        text = repr(obj)
    except Exception:
        text = object.__repr__(obj)
    return text if len(text) <= 60 else text[:57] + "..."
