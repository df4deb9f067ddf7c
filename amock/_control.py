"""Functions a test calls to steer async mocks and check how they were awaited.

``hold`` blocks awaits until the test releases them, ``configure`` sets the
process-wide switches, and the assertions compare awaits across several
mocks. The machinery behind them lives in :mod:`amock._toolkit`.
"""

from __future__ import annotations

import unittest.mock as _std
from collections.abc import Iterator
from typing import Any, cast

from amock import _autospec, _mocks, _stdlib, _switches, _toolkit
from amock.errors import MockConfigurationError

__all__ = ["assert_all_awaited", "assert_awaited_in_order", "configure", "entered", "hold"]

#: ``entered(cm)`` without a value: read what is entered.
_READ: Any = object()
#: What binds the value of ``async with`` and of ``with``, in the order asked.
_ENTERS: tuple[str, ...] = ("__aenter__", "__enter__")


def _async_mock(mock: Any, purpose: str) -> Any:
    """``mock`` (unwrapped) if it is one of amock's async mocks."""
    found = _autospec.mock_behind(mock)
    if not isinstance(found, _mocks._CoroutineShape):
        if isinstance(found, _std.NonCallableMock):
            what = f"the sync mock {found._extract_mock_name()!r}"
            if isinstance(found, _std.AsyncMockMixin):
                what = f"{found!r}, a unittest.mock.AsyncMock (use amock.AsyncMock)"
        else:
            what = f"{found!r}, which is not a mock"
        raise MockConfigurationError(
            f"{purpose} takes an async mock (amock.AsyncMock, or a mock amock made for a "
            f"coroutine function); got {what}."
        )
    return found


def entered(cm: Any, value: Any = _READ, /) -> Any:
    """What ``async with cm`` (and ``with cm``) binds: the mock to configure, or ``value``.

    It spares the ``cm.__aenter__.return_value`` chain::

        response = amock.entered(session.get.return_value)
        response.json.return_value = {"id": 7}
        amock.entered(pool.acquire.return_value, connection)

    Args:
        cm: the mock the code under test enters (``session.get.return_value``
            for ``async with session.get(url)``).
        value: if given, what entering ``cm`` binds from now on.

    Returns:
        What entering ``cm`` binds: ``value`` if given. A mock that supports
        both ``async with`` and ``with`` (a ``MagicMock`` with no spec) binds
        the same object in both.

    Raises:
        MockConfigurationError: ``cm`` is not a mock, or cannot be entered.
    """
    mock = _autospec.mock_behind(cm)
    if not isinstance(mock, _std.NonCallableMock):
        raise MockConfigurationError(
            f"amock.entered() takes the mock that the code under test enters with `async with` "
            f"or `with`; got {cm!r}, which is not a mock."
        )
    names = [name for name in _ENTERS if hasattr(type(mock), name)]
    if not names:
        hint = "its spec has neither __aenter__ nor __enter__"
        if callable(mock):
            # Not mock.return_value: asking would make it, and a refusal changes nothing.
            hint = (
                f"{hint}; if the code enters what calling it returns, pass "
                f"{mock._extract_mock_name()}.return_value"
            )
        raise MockConfigurationError(
            f"amock.entered(): {mock!r} is not entered with `async with` or `with` ({hint})."
        )
    if value is _READ:
        value = getattr(mock, names[0]).return_value
    for name in names:
        getattr(mock, name).return_value = value
    return value


def hold(mock: Any, *, times: int | None = None) -> _toolkit.Hold:
    """Make awaits of ``mock`` block until the test releases them.

    Each await is recorded as usual and then waits, so the test can look at
    what the code does while the call is in flight, cancel it, or let a
    timeout fire. Use the result as a context manager, or call its
    ``stop()``: calls still held then finish with the mock's own outcome.

    Args:
        mock: an async mock (or an autospecced coroutine function).
        times: hold only the next ``times`` awaits; ``None`` holds every await
            until the hold stops.

    Returns:
        The :class:`~amock.Hold`: ``await hold.next()`` gives each held call,
        ``hold.release(value)``/``hold.fail(error)`` release what is held.

    Raises:
        MockConfigurationError: ``mock`` is not an async mock.
        HoldError: ``mock`` is already held.
    """
    return _toolkit.start_hold(_async_mock(mock, "hold()"), times)


class configure:
    """Set process-wide switches; as a context manager, restore them on exit.

    Args:
        checkpoint: make every await of every async mock pass one scheduling
            point (as ``mock.checkpoint = True`` does for one mock). Off by
            default, as awaits of ``unittest.mock`` mocks never yield.

    Example:
        ``amock.configure(checkpoint=True)`` for the rest of the run, or
        ``with amock.configure(checkpoint=True): ...`` for one block.
    """

    def __init__(self, *, checkpoint: bool | None = None) -> None:
        if checkpoint is not None and not isinstance(checkpoint, bool):
            raise MockConfigurationError(
                f"configure(checkpoint=...) takes True, False or None, got {checkpoint!r}."
            )
        self._previous = _switches.checkpoint_all
        if checkpoint is not None:
            if checkpoint:
                _switches.use_hooks()
            _switches.checkpoint_all = checkpoint

    def __enter__(self) -> configure:
        return self

    def __exit__(self, *exc_info: object) -> None:
        _switches.checkpoint_all = self._previous


def _awaits(mock: Any) -> list[tuple[int, Any]]:
    """``(stamp, call)`` for every await of ``mock``, in order."""
    namespace = mock.__dict__
    stamps = namespace["_amock_await_stamps"]
    calls = mock.await_args_list  # an autospecced function's copy holds it
    if len(stamps) != len(calls):
        raise MockConfigurationError(
            f"the await records of {mock._extract_mock_name()!r} were replaced by hand; "
            "use reset_mock() to clear them."
        )
    return list(zip(stamps, calls, strict=True))


def _expected_items(expected: tuple[Any, ...]) -> Iterator[tuple[Any, Any]]:
    for item in expected:
        if isinstance(item, tuple) and not isinstance(item, _stdlib.Call):
            if len(item) != 2 or not isinstance(item[1], _stdlib.Call):
                raise MockConfigurationError(
                    "assert_awaited_in_order() takes mocks or (mock, call(...)) pairs, "
                    f"got {item!r}."
                )
            yield _async_mock(item[0], "assert_awaited_in_order()"), item[1]
        else:
            yield _async_mock(item, "assert_awaited_in_order()"), None


def assert_awaited_in_order(*expected: Any) -> None:
    """Assert that awaits of several mocks happened in this order.

    Each item is an async mock (any await of it) or a ``(mock, call(...))``
    pair (an await with those arguments). Other awaits may come between
    them: the items must appear in this order, not back to back.

    Raises:
        AssertionError: the awaits did not happen in this order; the message
            lists the awaits that did happen, in order.
    """
    __tracebackhide__ = True
    items = list(_expected_items(expected))
    last = -1
    for mock, wanted in items:
        matcher = None if wanted is None else mock._call_matcher(wanted)
        for stamp, recorded in _awaits(mock):
            if stamp > last and (matcher is None or mock._call_matcher(recorded) == matcher):
                last = stamp
                break
        else:
            raise AssertionError(_order_report(items, mock, wanted))


def _order_report(items: list[tuple[Any, Any]], mock: Any, wanted: Any) -> str:
    seen: dict[int, Any] = {}
    for each, _ in items:
        seen.setdefault(id(each), each)
    happened = sorted(
        (stamp, each._extract_mock_name(), recorded)
        for each in seen.values()
        for stamp, recorded in _awaits(each)
    )
    wanted_text = "".join(
        f"\n  {each._extract_mock_name()}{'' if call is None else str(call)[4:]}"
        for each, call in items
    )
    actual = "".join(f"\n  {name}{str(recorded)[4:]}" for _, name, recorded in happened) or (
        "\n  (no awaits)"
    )
    missing = mock._extract_mock_name() + ("" if wanted is None else str(wanted)[4:])
    return (
        f"Awaits not in the expected order: no await {missing} after the ones before it."
        f"\nExpected, in this order:{wanted_text}\nActual awaits, in order:{actual}"
    )


def _descendants(mock: Any, seen: set[int]) -> Iterator[Any]:
    if id(mock) in seen or not isinstance(mock, _std.NonCallableMock):
        return
    seen.add(id(mock))
    yield mock
    namespace = mock.__dict__
    for child in list(namespace.get("_mock_children", {}).values()):
        yield from _descendants(_autospec.mock_behind(child), seen)
    delegate = namespace.get("_mock_delegate")
    # An autospecced function's copy holds the return value.
    returned = (
        namespace.get("_mock_return_value", _std.DEFAULT)
        if delegate is None
        else delegate.return_value
    )
    if returned is not _std.DEFAULT:
        yield from _descendants(_autospec.mock_behind(returned), seen)


def assert_all_awaited(*mocks: Any) -> None:
    """Assert that every configured async mock under ``mocks`` was awaited.

    Walks each mock and the children and return values built under it. An
    async mock counts as configured when its ``return_value``,
    ``side_effect`` or ``delay`` was set: the test prepared an outcome that
    the code under test never asked for.

    Raises:
        AssertionError: listing every configured async mock never awaited.
    """
    __tracebackhide__ = True
    seen: set[int] = set()
    unused = []
    for top in mocks:
        each: Any
        for each in _descendants(_autospec.mock_behind(top), seen):
            if not isinstance(each, _mocks._CoroutineShape) or each.await_count:
                continue
            if (
                _mocks.configured_return(each) is not _std.DEFAULT
                or cast(Any, each).side_effect is not None
                or each.delay is not None
            ):
                unused.append(cast(Any, each)._extract_mock_name())
    if unused:
        listed = "".join(f"\n  {name}" for name in unused)
        raise AssertionError(f"{len(unused)} configured async mock(s) were never awaited:{listed}")
