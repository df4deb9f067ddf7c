"""How a call and an await of a mock are recorded: one place each, under one lock.

The stdlib builds each record as a ``_Call`` through Python ``__new__`` and
``__init__`` and loses increments when several threads call one mock. Here a
record is a bare tuple of a ``_Call`` subclass, and every record of every
mock is written under one lock, so ``call_count`` and ``await_count`` never
lose a call.

A mock with a delegate (the function ``create_autospec(function)`` returns,
as in the stdlib) keeps its records on the delegate: they are written there.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Final

from amock import _stdlib, _switches, _toolkit

__all__ = [
    "LOCK",
    "RecordedCall",
    "call_pair",
    "call_triple",
    "record_await",
    "record_call",
]

#: One lock for every record of every mock.
LOCK: Final = threading.Lock()
# Bound once: ``with LOCK`` costs twice as much on the hot path.
_lock: Final = LOCK.acquire
_unlock: Final = LOCK.release
_tuple_new: Final = tuple.__new__
_TOOLKIT_KEY: Final = _toolkit.KEY
#: Stamps every await with its place in one process-wide order (for
#: ``amock.assert_awaited_in_order``); a C counter, safe across threads.
_next_stamp: Final = itertools.count().__next__


class RecordedCall(_stdlib.Call):
    """A ``unittest.mock.call`` as recorded by a mock: same behaviour, cheaper to make.

    ``_Call`` runs Python ``__new__`` and ``__init__`` and sets three instance
    attributes; a recorded call always has the same three values, so they are
    class attributes here and a record is a bare tuple.
    """

    __slots__ = ()
    _mock_name = None
    _mock_parent = None
    _mock_from_kall = True


def call_pair(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``_Call((args, kwargs), two=True)``, as a :class:`RecordedCall`."""
    return _tuple_new(RecordedCall, (args, kwargs))


def call_triple(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``_Call((name, args, kwargs))``, as a :class:`RecordedCall`."""
    return _tuple_new(RecordedCall, (name, args, kwargs))


def record_call(
    mock: Any,
    namespace: dict[str, Any],
    args: tuple[Any, ...],
    kwargs: Any,
    delegate: Any = None,
) -> Any:
    """Record a call of ``mock`` (``namespace`` is its ``__dict__``); the call's record.

    ``delegate`` is the mock's ``_mock_delegate``, which holds its records
    (callers on the fast path know it is ``None``). The record is the call as
    ``call_args`` keeps it; the await of a coroutine mock's call is recorded
    with the same (immutable) object.
    """
    this_call = _tuple_new(RecordedCall, (args, kwargs))
    listed = _tuple_new(RecordedCall, ("", args, kwargs))
    _lock()
    try:
        if delegate is None:
            namespace["_mock_called"] = True
            namespace["_mock_call_count"] += 1
            namespace["_mock_call_args"] = this_call
            namespace["_mock_call_args_list"].append(this_call)
            namespace["_mock_mock_calls"].append(listed)
        else:
            # As the stdlib's delegating properties would write them.
            delegate.called = True
            delegate.call_count += 1
            delegate.call_args = this_call
            delegate.call_args_list.append(this_call)
            delegate.mock_calls.append(listed)
        if namespace["_mock_new_parent"] is not None:
            _record_in_parents(mock, args, kwargs)
    finally:
        _unlock()
    if _switches.hooks_in_use and _TOOLKIT_KEY in namespace:
        # A wait registers before it looks at the records, so a call
        # recorded meanwhile (in another thread) either is seen or wakes it.
        _toolkit.on_call(mock)
    return this_call


def record_await(namespace: dict[str, Any], this_call: Any, delegate: Any) -> None:
    """Record that a call of the mock whose ``__dict__`` is ``namespace`` is awaited.

    ``delegate`` is the mock's ``_mock_delegate``, which holds its records.
    """
    _lock()
    try:
        if delegate is None:
            namespace["_mock_await_count"] += 1
            namespace["_mock_await_args"] = this_call
            namespace["_mock_await_args_list"].append(this_call)
        else:
            delegate.await_count += 1
            delegate.await_args = this_call
            delegate.await_args_list.append(this_call)
        namespace["_amock_await_stamps"].append(_next_stamp())
    finally:
        _unlock()


def _record_in_parents(mock: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Append one call to ``method_calls``/``mock_calls`` up the parent chain."""
    namespace = mock.__dict__
    do_method_calls = namespace["_mock_parent"] is not None
    method_call_name = namespace["_mock_name"]
    mock_call_name = namespace["_mock_new_name"]
    is_a_call = mock_call_name == "()"
    parent = namespace["_mock_new_parent"]
    while parent is not None:
        parent_namespace = parent.__dict__
        if do_method_calls:
            parent_namespace["method_calls"].append(call_triple(method_call_name, args, kwargs))
            do_method_calls = parent_namespace["_mock_parent"] is not None
            if do_method_calls:
                method_call_name = parent_namespace["_mock_name"] + "." + method_call_name
        if parent_namespace.get("_mock_delegate") is None:
            parent_namespace["_mock_mock_calls"].append(call_triple(mock_call_name, args, kwargs))
        else:
            parent.mock_calls.append(call_triple(mock_call_name, args, kwargs))
        parent_new_name = parent_namespace["_mock_new_name"]
        if parent_new_name:
            dot = "" if is_a_call else "."
            is_a_call = parent_new_name == "()"
            mock_call_name = parent_new_name + dot + mock_call_name
        parent = parent_namespace["_mock_new_parent"]
