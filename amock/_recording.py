"""What a mock's records are: the record type, the one lock, a call's entries in its parents.

The stdlib builds each record as a ``_Call`` through Python ``__new__`` and
``__init__`` and loses increments when several threads call one mock. Here a
record is a bare tuple of a ``_Call`` subclass, and every record of every
mock is written under one lock, so ``call_count`` and ``await_count`` never
lose a call.

One place writes each kind of record: ``Mock.__call__`` a call, and
``amock._awaiting.awaited`` an await. Both are hot paths, and there a
function call per record would cost a few percent of a mock call, so the
writing stays inline in them, and this module holds what they share.

A mock with a delegate (the function ``create_autospec(function)`` returns,
as in the stdlib) keeps its records on the delegate: they are written there.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Final

from amock import _stdlib

__all__ = [
    "LOCK",
    "RecordedCall",
    "call_pair",
    "call_triple",
    "next_stamp",
    "record_in_parents",
]

#: One lock for every record of every mock. Writers bind ``LOCK.acquire`` and
#: ``LOCK.release`` once: ``with LOCK`` costs twice as much on the hot path.
LOCK: Final = threading.Lock()
_tuple_new: Final = tuple.__new__
#: Stamps every await with its place in one process-wide order (for
#: ``amock.assert_awaited_in_order``); a C counter, safe across threads.
next_stamp: Final = itertools.count().__next__


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


def record_in_parents(mock: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Append one call to ``method_calls``/``mock_calls`` up the parent chain (under ``LOCK``)."""
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
