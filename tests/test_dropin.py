"""amock as a drop-in for ``unittest.mock``: same behaviour, and whole suites aliased to it.

The first part runs the everyday ``unittest.mock`` API on both modules side by side
(the ``mock`` fixture is ``unittest.mock`` or ``amock``), or compares what amock does
with what the stdlib does for the same operation, failure messages included. Only the
deliberate differences of ``docs/differences.md`` are allowed to differ; those tests
check amock's documented behaviour.

The second part runs suites written exactly as stdlib users write them, in pytest
sessions of their own whose ``conftest.py`` aliases ``unittest.mock`` to amock.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import gc
import inspect
import io
import itertools
import json
import os
import pickle
import re
import subprocess
import sys
import textwrap
import types
import typing
import unittest.mock as std
import xml.etree.ElementTree
from collections.abc import Awaitable, Callable, Generator, Iterator
from typing import Any

import pytest

import amock
from amock.errors import NeverAwaitedError, PatchConflictError

pytestmark = pytest.mark.filterwarnings("error")

# -- targets ---------------------------------------------------------------------------
# Plain sync code, with no annotations that would let amock shape the mocks.


class Greeter:
    greeting = "hello"

    def __init__(self, name):
        self.name = name

    def greet(self, punctuation="!"):
        return f"{self.greeting} {self.name}{punctuation}"

    @classmethod
    def default(cls):
        return cls("world")

    @staticmethod
    def shout(text):
        return text.upper()

    @property
    def title(self):
        return self.name.title()


class LoudGreeter(Greeter):
    pass


class Session:
    """A context manager whose ``__enter__`` returns the session, as ``smtplib.SMTP``'s."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def send(self, payload):
        return len(payload)


def greet(name, *, loud=False):
    return name.upper() if loud else name


def send_greeting(name):
    with Session() as session:
        session.send(greet(name))


def read_config(path):
    with open(path) as handle:
        return handle.read()


#: A module attribute that holds None until configured.
HANDLER = None


TARGET = __name__
ORIGINAL_GREET = greet
ORIGINAL_GREETER_GREET = Greeter.greet


# -- helpers ---------------------------------------------------------------------------

MODULES = [pytest.param(std, id="unittest.mock"), pytest.param(amock, id="amock")]

_IDS = re.compile(r"id='\d+'")


@pytest.fixture(params=MODULES)
def mock(request: pytest.FixtureRequest) -> Any:
    """``unittest.mock`` or ``amock``: the tests read as a stdlib user's tests."""
    return request.param


def _normalised(text: str) -> str:
    return _IDS.sub("id='?'", text)


def _raised(scenario: Callable[[Any], object], module: Any) -> BaseException:
    """The exception ``scenario`` raises when run with ``module``."""
    try:
        scenario(module)
    except BaseException as error:
        return error
    raise AssertionError(f"{scenario.__name__} raised nothing with {module.__name__}")


#: How what amock adds after the stdlib's text begins: the plugin's explanation after a
#: failed call assertion (docs/pytest.md), and the name meant by a misspelt assertion
#: (after a full stop that the stdlib's text leaves out from 3.15).
_PLUGIN_DIFFS = (
    "\n\npytest introspection follows:\n",
    "\nExpected:\n",
    " Did you mean ",
    ". Did you mean ",
)


def assert_same_failure(scenario: Callable[[Any], object], error: type[BaseException]) -> None:
    """``scenario`` fails with the same exception class and text on amock as on the stdlib.

    With amock's pytest plugin (docs/pytest.md), a failed call assertion of an amock mock
    may go on after the stdlib's text with the plugin's diff of the calls, and a misspelt
    assertion's with the name meant.
    """
    __tracebackhide__ = True
    expected, raised = _raised(scenario, std), _raised(scenario, amock)
    assert isinstance(expected, error), f"the stdlib raised {expected!r}"
    assert type(raised) is type(expected), f"amock raised {raised!r}, the stdlib {expected!r}"
    text, wanted = _normalised(str(raised)), _normalised(str(expected))
    assert text == wanted or any(text.startswith(wanted + diff) for diff in _PLUGIN_DIFFS), (
        f"amock: {text!r}\nstdlib: {wanted!r}"
    )


def scenarios(*functions: Any) -> Any:
    """Parametrize a test over scenario functions (or their ``pytest.param``), named after them."""
    return pytest.mark.parametrize(
        "scenario",
        [
            function
            if isinstance(function, type(pytest.param(None)))
            else pytest.param(function, id=function.__name__)
            for function in functions
        ],
    )


def since(version: tuple[int, int], function: Callable[[Any], object]) -> Any:
    """A scenario the stdlib only fails from ``version`` on."""
    return pytest.param(
        function,
        id=function.__name__,
        marks=pytest.mark.skipif(
            sys.version_info < version, reason=f"the stdlib fails it from {version} on"
        ),
    )


# -- part 1: the same behaviour as the stdlib ------------------------------------------


class TestAttributes:
    def test_attributes_are_made_on_first_read_and_kept(self, mock: Any) -> None:
        m = mock.Mock()
        assert m.client.session is m.client.session
        assert m.client is not m.session
        assert isinstance(m.client.session, mock.Mock)
        assert isinstance(mock.MagicMock().child, mock.MagicMock)
        assert isinstance(mock.NonCallableMagicMock().child, mock.MagicMock)

    def test_one_return_value_serves_every_call(self, mock: Any) -> None:
        m = mock.Mock()
        assert m() is m(1, key="value") is m.return_value
        assert isinstance(m.return_value, mock.Mock)

    def test_return_value_chains_configure_a_call_path(self, mock: Any) -> None:
        m = mock.Mock()
        m.connect.return_value.cursor.return_value.fetchall.return_value = [(1,)]
        assert m.connect("db").cursor().fetchall() == [(1,)]
        assert m.mock_calls == [
            mock.call.connect("db"),
            mock.call.connect().cursor(),
            mock.call.connect().cursor().fetchall(),
        ]

    def test_constructor_keywords_configure_the_mock_and_its_children(self, mock: Any) -> None:
        m = mock.Mock(
            status=200, **{"json.return_value": {"ok": True}, "close.side_effect": OSError}
        )
        assert m.status == 200
        assert m.json() == {"ok": True}
        with pytest.raises(OSError):  # noqa: PT011 - the class is the point
            m.close()

    def test_a_deleted_attribute_is_missing_until_set_again(self, mock: Any) -> None:
        m = mock.Mock()
        del m.closed
        assert not hasattr(m, "closed")
        m.closed = True
        assert m.closed is True

    def test_names_like_assertion_typos_are_refused_unless_unsafe(self, mock: Any) -> None:
        with pytest.raises(AttributeError):
            _ = mock.Mock().assret_called_once()
        assert isinstance(mock.Mock(unsafe=True).assret_called_once(), mock.Mock)

    def test_called_and_call_count_can_be_set(self, mock: Any) -> None:
        m = mock.Mock()
        m.called, m.call_count = True, 3
        assert (m.called, m.call_count) == (True, 3)


class TestSideEffect:
    def test_an_exception_class_is_raised(self, mock: Any) -> None:
        m = mock.Mock(side_effect=KeyError)
        with pytest.raises(KeyError):
            m("key")
        assert m.call_args == mock.call("key")

    def test_an_exception_instance_is_raised_as_it_is(self, mock: Any) -> None:
        error = ConnectionError("refused")
        m = mock.Mock(side_effect=error)
        with pytest.raises(ConnectionError) as info:
            m()
        assert info.value is error

    def test_an_iterable_gives_one_item_per_call_and_raises_its_exceptions(self, mock: Any) -> None:
        m = mock.Mock(side_effect=[1, ValueError("second"), 3])
        assert m() == 1
        with pytest.raises(ValueError, match="second"):
            m()
        assert m() == 3
        with pytest.raises(StopIteration):
            m()
        assert m.call_count == 4

    def test_an_iterable_set_later_is_consumed_as_an_iterator(self, mock: Any) -> None:
        m = mock.Mock()
        m.side_effect = (1, 2)
        assert [m(), m()] == [1, 2]
        assert not isinstance(m.side_effect, tuple)

    def test_a_callable_gets_the_arguments_and_gives_the_result(self, mock: Any) -> None:
        m = mock.Mock(side_effect=lambda a, b=2: a + b, return_value="unused")
        assert m(1) == 3
        assert m(1, b=5) == 6

    def test_a_callable_that_returns_default_gives_the_return_value(self, mock: Any) -> None:
        seen = []

        def record(*args: Any) -> Any:
            seen.append(args)
            return mock.DEFAULT

        m = mock.Mock(side_effect=record, return_value="configured")
        assert m(1, 2) == "configured"
        assert seen == [(1, 2)]
        m.return_value = mock.DEFAULT
        assert m() is m.return_value

    def test_a_mock_as_side_effect_is_called_with_the_arguments(self, mock: Any) -> None:
        effect = mock.Mock(return_value=4)
        m = mock.Mock(side_effect=effect)
        assert m(1, key=2) == 4
        effect.assert_called_once_with(1, key=2)

    def test_clearing_the_side_effect_brings_back_the_return_value(self, mock: Any) -> None:
        m = mock.Mock(side_effect=KeyError, return_value=7)
        m.side_effect = None
        assert m() == 7


class TestCallRecords:
    def test_call_args_holds_the_last_call(self, mock: Any) -> None:
        m = mock.Mock()
        assert m.call_args is None
        m(1, 2, key="value")
        m("last", flag=True)
        args, kwargs = m.call_args
        assert (args, kwargs) == (("last",), {"flag": True})
        assert m.call_args.args == ("last",)
        assert m.call_args.kwargs == {"flag": True}
        assert m.call_args == mock.call("last", flag=True)

    def test_call_args_list_holds_every_call_in_order(self, mock: Any) -> None:
        m = mock.Mock()
        m(1)
        m(2, b=3)
        assert m.call_args_list == [mock.call(1), mock.call(2, b=3)]
        assert mock.call(2, b=3) in m.call_args_list
        assert [mock.call(1), mock.call(2, b=3)] in m.call_args_list
        assert repr(m.call_args_list) == "[call(1), call(2, b=3)]"

    def test_mock_calls_records_children_results_and_magic_methods(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.a(1)
        m.b.c(2)
        m(3)
        m().d(4)
        len(m)
        m["key"] = "value"
        assert m.mock_calls == [
            mock.call.a(1),
            mock.call.b.c(2),
            mock.call(3),
            mock.call(),
            mock.call().d(4),
            mock.call.__len__(),
            mock.call.__setitem__("key", "value"),
        ]

    def test_method_calls_records_only_calls_of_attributes(self, mock: Any) -> None:
        m = mock.Mock()
        m.a.b.c(1)
        m.a().b()
        m.a.b()()
        m(2)
        assert m.method_calls == [mock.call.a.b.c(1), mock.call.a(), mock.call.a.b()]
        assert m.a.method_calls == [mock.call.b.c(1), mock.call.b()]

    def test_a_mock_set_as_return_value_reports_to_the_parent(self, mock: Any) -> None:
        m = mock.Mock()
        result = mock.Mock()
        m.return_value = result
        m()(1)
        result.attr(2)
        assert m.mock_calls == [mock.call(), mock.call()(1), mock.call().attr(2)]
        assert repr(result).startswith("<Mock name='mock()'")

    def test_attached_mocks_report_to_their_manager(self, mock: Any) -> None:
        manager = mock.Mock()
        first = mock.Mock(return_value=3)
        second = mock.MagicMock()
        manager.attach_mock(first, "first")
        manager.second = second
        first(1)
        second.run(2)
        len(second)
        assert manager.mock_calls == [
            mock.call.first(1),
            mock.call.second.run(2),
            mock.call.second.__len__(),
        ]
        assert manager.method_calls == [mock.call.first(1), mock.call.second.run(2)]
        assert repr(first).startswith("<Mock name='mock.first'")

    def test_patched_mocks_attached_to_a_manager_record_the_call_order(self, mock: Any) -> None:
        manager = mock.Mock()
        with (
            mock.patch(f"{TARGET}.greet") as patched_greet,
            mock.patch(f"{TARGET}.Session") as patched_session,
        ):
            manager.attach_mock(patched_greet, "greet")
            manager.attach_mock(patched_session, "Session")
            greet("a")
            Session()
        assert manager.mock_calls == [mock.call.greet("a"), mock.call.Session()]


class TestCallAnySentinelDefault:
    def test_amock_shares_the_stdlib_helper_objects(self) -> None:
        # pytest and hypothesis recognise patchers by `p.new is unittest.mock.DEFAULT`.
        assert amock.DEFAULT is std.DEFAULT
        assert amock.ANY is std.ANY
        assert amock.call is std.call
        assert amock.sentinel is std.sentinel

    def test_calls_compare_with_tuples_and_each_other(self, mock: Any) -> None:
        call = mock.call
        assert call(1, a=2) == ((1,), {"a": 2})
        assert call(1) != call(2)
        assert call.a(1) != call.b(1)
        assert call.a(1) == ("a", (1,), {})
        assert call(1, a=2).args == (1,)
        assert call(1, a=2).kwargs == {"a": 2}

    def test_chained_calls_expand_into_every_step(self, mock: Any) -> None:
        chained = mock.call.connect("db").cursor().execute("sql")
        m = mock.Mock()
        m.connect("db").cursor().execute("sql")
        assert chained.call_list() == m.mock_calls
        assert [repr(each) for each in chained.call_list()] == [
            "call.connect('db')",
            "call.connect().cursor()",
            "call.connect().cursor().execute('sql')",
        ]

    def test_call_reprs(self, mock: Any) -> None:
        assert repr(mock.call(1, a=2)) == "call(1, a=2)"
        assert repr(mock.call.x().y(3)) == "call.x().y(3)"
        assert repr(mock.call) == "call"

    def test_any_matches_anything_inside_expected_calls(self, mock: Any) -> None:
        m = mock.Mock()
        m(1, {"id": 7, "at": object()}, when=object())
        m.assert_called_once_with(1, {"id": 7, "at": mock.ANY}, when=mock.ANY)
        assert m.call_args_list == [mock.call(mock.ANY, mock.ANY, when=mock.ANY)]
        assert object() == mock.ANY
        assert repr(mock.ANY) == "<ANY>"

    def test_sentinels_are_unique_named_objects_that_survive_copy_and_pickle(
        self, mock: Any
    ) -> None:
        token = mock.sentinel.token
        assert token is mock.sentinel.token
        assert token is not mock.sentinel.other
        assert repr(token) == "sentinel.token"
        assert copy.copy(token) is token
        assert pickle.loads(pickle.dumps(token)) is token

    def test_default_is_a_sentinel(self, mock: Any) -> None:
        assert mock.DEFAULT is mock.sentinel.DEFAULT
        assert repr(mock.DEFAULT) == "sentinel.DEFAULT"


class TestAssertions:
    def test_passing_assertions_return_none(self, mock: Any) -> None:
        m = mock.Mock()
        m.assert_not_called()
        m(1)
        m(2, key="k")
        assert m.assert_called() is None
        assert m.assert_called_with(2, key="k") is None
        assert m.assert_any_call(1) is None
        assert m.assert_has_calls([mock.call(1), mock.call(2, key="k")]) is None
        assert m.assert_has_calls([mock.call(2, key="k"), mock.call(1)], any_order=True) is None
        m.reset_mock()
        m(3)
        assert m.assert_called_once() is None
        assert m.assert_called_once_with(3) is None

    def test_has_calls_finds_a_contiguous_run_of_calls(self, mock: Any) -> None:
        m = mock.Mock()
        m(1)
        m(2)
        m(3)
        m.assert_has_calls([mock.call(2), mock.call(3)])
        with pytest.raises(AssertionError):
            m.assert_has_calls([mock.call(1), mock.call(3)])

    def test_has_calls_sees_calls_of_children(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.session.get("/a")
        m.session.post("/b")
        m.assert_has_calls([mock.call.session.get("/a"), mock.call.session.post("/b")])

    def test_a_function_spec_lets_assertions_match_by_parameter_name(self, mock: Any) -> None:
        m = mock.Mock(spec=greet)
        m("ada", loud=True)
        m.assert_called_once_with(name="ada", loud=True)
        m.assert_any_call("ada", loud=True)


def _called_with_other_arguments(m: Any) -> None:
    fetch = m.Mock(name="fetch")
    fetch(1, key="a")
    fetch.assert_called_with(2, key="b")


def _called_with_but_never_called(m: Any) -> None:
    m.Mock(name="fetch").assert_called_with(1)


def _called_with_on_an_unnamed_mock(m: Any) -> None:
    fetch = m.Mock()
    fetch("x")
    fetch.assert_called_with("y")


def _called_once_with_after_two_calls(m: Any) -> None:
    fetch = m.Mock(name="fetch")
    fetch(1)
    fetch(1)
    fetch.assert_called_once_with(1)


def _called_once_but_never_called(m: Any) -> None:
    m.MagicMock(name="fetch").assert_called_once()


def _called_but_never_called(m: Any) -> None:
    m.MagicMock(name="fetch").assert_called()


def _any_call_not_made(m: Any) -> None:
    fetch = m.Mock(name="fetch")
    fetch(1)
    fetch(2)
    fetch.assert_any_call(3)


def _has_calls_in_the_wrong_order(m: Any) -> None:
    fetch = m.Mock(name="fetch")
    fetch(1)
    fetch(2)
    fetch.assert_has_calls([m.call(2), m.call(1)])


def _has_calls_any_order_with_a_missing_call(m: Any) -> None:
    fetch = m.Mock(name="fetch")
    fetch(1)
    fetch(2)
    fetch.assert_has_calls([m.call(3), m.call(1)], any_order=True)


def _has_calls_of_children(m: Any) -> None:
    client = m.MagicMock(name="client")
    client.get("/a")
    client.assert_has_calls([m.call.get("/b")])


def _not_called_after_calls(m: Any) -> None:
    fetch = m.Mock(name="fetch")
    fetch(1)
    fetch.child()
    fetch.assert_not_called()


def _child_called_once_with(m: Any) -> None:
    client = m.MagicMock(name="client")
    client.session.get("/a")
    client.session.get.assert_called_once_with("/b")


def _unnamed_child_called_with(m: Any) -> None:
    client = m.MagicMock()
    client.session.get("/a")
    client.session.get.assert_called_with("/b")


def _function_spec_called_with(m: Any) -> None:
    fake = m.Mock(spec=greet)
    fake("ada")
    fake.assert_called_with("bob", loud=True)


def _function_spec_called_with_a_bad_signature(m: Any) -> None:
    fake = m.Mock(spec=greet)
    fake("ada")
    fake.assert_called_with("ada", volume=11)


def _autospec_called_once_with(m: Any) -> None:
    fake = m.create_autospec(greet)
    fake("ada")
    fake.assert_called_once_with("bob")


def _autospec_method_called_with(m: Any) -> None:
    fake = m.create_autospec(Greeter)
    fake("ada").greet("?")
    fake.return_value.greet.assert_called_with(".")


def _autospec_not_called(m: Any) -> None:
    fake = m.create_autospec(greet, name="greet")
    fake("ada")
    fake.assert_not_called()


def _patched_mock_called_with(m: Any) -> None:
    with m.patch(f"{TARGET}.greet") as patched:
        greet("ada")
    patched.assert_called_once_with("bob")


def _mock_open_write_called_with(m: Any) -> None:
    opened = m.mock_open()
    with opened("out.txt", "w") as handle:
        handle.write("actual")
    opened().write.assert_called_once_with("expected")


def _awaited_once_with_other_arguments(m: Any) -> None:
    fetch = m.AsyncMock(name="fetch")
    asyncio.run(fetch(1))
    fetch.assert_awaited_once_with(2)


def _awaited_with_but_never_awaited(m: Any) -> None:
    m.AsyncMock(name="fetch").assert_awaited_with(1)


def _awaited_once_after_two_awaits(m: Any) -> None:
    fetch = m.AsyncMock(name="fetch")
    asyncio.run(fetch())
    asyncio.run(fetch())
    fetch.assert_awaited_once()


def _awaited_but_only_called(m: Any) -> None:
    fetch = m.AsyncMock(name="fetch")
    fetch(1).close()
    fetch.assert_awaited()


def _any_await_not_made(m: Any) -> None:
    fetch = m.AsyncMock(name="fetch")
    asyncio.run(fetch(1))
    fetch.assert_any_await(2)


def _has_awaits_missing(m: Any) -> None:
    fetch = m.AsyncMock(name="fetch")
    asyncio.run(fetch(1))
    fetch.assert_has_awaits([m.call(1), m.call(2)])


def _has_awaits_any_order_missing(m: Any) -> None:
    fetch = m.AsyncMock(name="fetch")
    asyncio.run(fetch(1))
    fetch.assert_has_awaits([m.call(2)], any_order=True)


def _not_awaited_after_an_await(m: Any) -> None:
    fetch = m.AsyncMock(name="fetch")
    asyncio.run(fetch(5))
    fetch.assert_not_awaited()


class TestAssertionMessages:
    @scenarios(
        _called_with_other_arguments,
        _called_with_but_never_called,
        _called_with_on_an_unnamed_mock,
        _called_once_with_after_two_calls,
        _called_once_but_never_called,
        _called_but_never_called,
        _any_call_not_made,
        _has_calls_in_the_wrong_order,
        _has_calls_any_order_with_a_missing_call,
        _has_calls_of_children,
        _not_called_after_calls,
        _child_called_once_with,
        _unnamed_child_called_with,
        _function_spec_called_with,
        _function_spec_called_with_a_bad_signature,
        _autospec_called_once_with,
        _autospec_method_called_with,
        _autospec_not_called,
        _patched_mock_called_with,
        _mock_open_write_called_with,
        _awaited_once_with_other_arguments,
        _awaited_with_but_never_awaited,
        _awaited_once_after_two_awaits,
        _awaited_but_only_called,
        _any_await_not_made,
        _has_awaits_missing,
        _has_awaits_any_order_missing,
        _not_awaited_after_an_await,
    )
    def test_a_failed_assertion_reads_as_in_the_stdlib(
        self, scenario: Callable[[Any], object]
    ) -> None:
        assert_same_failure(scenario, AssertionError)


class TestResetAndConfigure:
    def test_reset_mock_forgets_calls_and_keeps_the_configuration(self, mock: Any) -> None:
        m = mock.MagicMock(return_value=3)
        m.child.side_effect = KeyError
        m(1)
        len(m)
        with pytest.raises(KeyError):
            m.child()
        m.reset_mock()
        assert (m.called, m.call_count, m.call_args) == (False, 0, None)
        assert m.call_args_list == m.mock_calls == m.method_calls == []
        assert m.child.call_count == m.__len__.call_count == 0
        assert m() == 3
        with pytest.raises(KeyError):
            m.child()

    def test_reset_mock_flags_forget_return_values_and_side_effects(self, mock: Any) -> None:
        m = mock.Mock(return_value=3, side_effect=[1])
        m.child.return_value = 4
        m.child.side_effect = KeyError
        m.reset_mock(return_value=True, side_effect=True)
        assert m.side_effect is None
        assert m.child.side_effect is None
        assert isinstance(m(), mock.Mock)
        assert isinstance(m.child(), mock.Mock)

    def test_reset_mock_return_value_flag_resets_magic_methods_as_the_stdlib_does(self) -> None:
        def lengths(module: Any) -> list[int]:
            fresh, configured = module.MagicMock(), module.MagicMock()
            configured.__len__.return_value = 4
            len(fresh)
            for m in (fresh, configured):
                m.reset_mock(return_value=True)
            return [len(fresh), len(configured)]

        assert lengths(amock) == lengths(std)

    def test_configure_mock_sets_dotted_paths(self, mock: Any) -> None:
        m = mock.Mock()
        m.configure_mock(**{"client.get.return_value": 200, "close.side_effect": OSError}, x=1)
        assert m.client.get() == 200
        assert m.x == 1
        with pytest.raises(OSError):  # noqa: PT011 - the class is the point
            m.close()
        assert repr(m.client.get).startswith("<Mock name='mock.client.get'")

    def test_configure_mock_on_a_non_callable_mock(self, mock: Any) -> None:
        m = mock.NonCallableMock(**{"a.b": 2}, c=3)
        assert (m.a.b, m.c) == (2, 3)


class Sized:
    def __len__(self):
        return 1


def _spec_class_missing_attribute(m: Any) -> None:
    _ = m.Mock(spec=Greeter).farewell


def _spec_instance_missing_attribute(m: Any) -> None:
    _ = m.MagicMock(spec=Greeter("ada")).farewell


def _spec_set_writing_an_unknown_attribute(m: Any) -> None:
    m.Mock(spec_set=Greeter).farewell = 1


def _spec_list_missing_name(m: Any) -> None:
    _ = m.Mock(spec=["read"]).write


def _mock_add_spec_missing_name(m: Any) -> None:
    fake = m.Mock()
    fake.mock_add_spec(["read"])
    _ = fake.write


def _mock_add_spec_set_writing(m: Any) -> None:
    fake = m.MagicMock()
    fake.mock_add_spec(["read"], spec_set=True)
    fake.write = 1


def _spec_without_the_magic_method(m: Any) -> None:
    fake = m.MagicMock(spec=["read"])
    fake.__len__ = lambda self: 2


def _setting_an_unsupported_magic_method(m: Any) -> None:
    m.MagicMock().__getattr__ = lambda self, name: 1


def _autospec_missing_attribute(m: Any) -> None:
    _ = m.create_autospec(Greeter).return_value.farewell


def _autospec_spec_set_writing(m: Any) -> None:
    m.create_autospec(Greeter, spec_set=True, instance=True).farewell = 1


def _patch_spec_set_writing(m: Any) -> None:
    with m.patch.object(Greeter, "greet", spec_set=True) as patched:
        patched.farewell = 1


def _patch_spec_true_missing(m: Any) -> None:
    with m.patch(f"{TARGET}.Greeter", spec=True) as patched:
        _ = patched.return_value.farewell


def _sealed_new_attribute(m: Any) -> None:
    fake = m.Mock(name="client")
    fake.get.return_value = 1
    m.seal(fake)
    _ = fake.get.extra


def _sealed_spec_attribute(m: Any) -> None:
    fake = m.MagicMock(spec=Greeter)
    m.seal(fake)
    _ = fake.greet


def _sealed_write(m: Any) -> None:
    fake = m.Mock(name="client")
    m.seal(fake)
    fake.new = 1


def _assert_typo(m: Any) -> None:
    m.Mock().assret_called_once_with(1)


def _called_once_with_typo(m: Any) -> None:
    m.Mock().called_once_with(1)


def _deleted_attribute(m: Any) -> None:
    fake = m.Mock()
    del fake.closed
    _ = fake.closed


def _spec_of_a_magic_mock_without_iter(m: Any) -> None:
    iter(m.MagicMock(spec=Sized))


class TestSpecs:
    def test_a_class_spec_limits_reads_and_passes_isinstance(self, mock: Any) -> None:
        m = mock.Mock(spec=Greeter)
        assert isinstance(m, Greeter)
        assert m.__class__ is Greeter
        assert isinstance(m.greet, mock.Mock)
        assert isinstance(m.greeting, mock.Mock)
        with pytest.raises(AttributeError):
            _ = m.farewell
        m.farewell = "allowed without spec_set"
        assert m.farewell == "allowed without spec_set"

    def test_spec_set_limits_writes_too(self, mock: Any) -> None:
        m = mock.Mock(spec_set=Greeter)
        m.greeting = "hi"
        assert m.greeting == "hi"
        with pytest.raises(AttributeError):
            m.farewell = 1

    def test_a_list_spec_allows_only_its_names(self, mock: Any) -> None:
        m = mock.Mock(spec=["read", "close"])
        m.read()
        with pytest.raises(AttributeError):
            _ = m.write
        assert not isinstance(m, list)

    def test_calling_a_mock_specced_on_an_instance_or_generator_gives_a_plain_mock(
        self, mock: Any
    ) -> None:
        def numbers() -> Iterator[int]:
            yield 1

        for spec in (Greeter("ada"), numbers):
            result = mock.MagicMock(spec=spec)()
            assert result._spec_class is None
            assert not isinstance(result, mock.AsyncMock)
            assert isinstance(result.anything, mock.MagicMock)

    def test_mock_add_spec_restricts_an_existing_mock(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.mock_add_spec(Greeter)
        assert isinstance(m, Greeter)
        with pytest.raises(AttributeError):
            _ = m.farewell
        with pytest.raises(TypeError):
            len(m)

    def test_mock_add_spec_drops_magic_methods_already_used(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.__len__.return_value = 2
        assert len(m) == 2
        m.mock_add_spec(Greeter)
        with pytest.raises(TypeError):
            len(m)
        with pytest.raises(AttributeError):
            _ = m.__len__

    def test_a_magic_mock_keeps_only_the_magic_methods_of_its_spec(self, mock: Any) -> None:
        m = mock.MagicMock(spec=Sized)
        assert len(m) == 0
        with pytest.raises(TypeError):
            iter(m)

    def test_a_mock_cannot_be_autospecced(self, mock: Any) -> None:
        with pytest.raises(std.InvalidSpecError):
            mock.create_autospec(mock.MagicMock())

    def test_a_mock_is_refused_as_a_spec_where_the_stdlib_refuses_it(self) -> None:
        # Python 3.10's stdlib still takes a mock as spec; 3.11 and later refuse it.
        def refused(module: Any) -> list[bool]:
            verdicts = []
            for make in (
                lambda: module.Mock(spec=module.Mock()),
                lambda: module.MagicMock(spec_set=module.MagicMock()),
                lambda: module.NonCallableMock(spec=module.AsyncMock()),
            ):
                try:
                    make()
                except std.InvalidSpecError:
                    verdicts.append(True)
                else:
                    verdicts.append(False)
            return verdicts

        assert refused(amock) == refused(std)

    @scenarios(
        _spec_class_missing_attribute,
        _spec_instance_missing_attribute,
        _spec_set_writing_an_unknown_attribute,
        _spec_list_missing_name,
        _mock_add_spec_missing_name,
        _mock_add_spec_set_writing,
        _spec_without_the_magic_method,
        _setting_an_unsupported_magic_method,
        _autospec_missing_attribute,
        _autospec_spec_set_writing,
        _patch_spec_set_writing,
        _patch_spec_true_missing,
        _sealed_new_attribute,
        _sealed_spec_attribute,
        _sealed_write,
        since((3, 12), _called_once_with_typo),
        _deleted_attribute,
    )
    def test_attribute_errors_read_as_in_the_stdlib(
        self, scenario: Callable[[Any], object]
    ) -> None:
        assert_same_failure(scenario, AttributeError)

    def test_a_misspelt_assertion_keeps_the_stdlibs_words_and_names_the_one_meant(self) -> None:
        # Documented difference: amock adds the close assertion name.
        expected, raised = _raised(_assert_typo, std), _raised(_assert_typo, amock)
        assert isinstance(expected, AttributeError)
        assert type(raised) is type(expected)
        # 3.15's stdlib ends its sentence without a full stop; amock adds one.
        assert str(raised).startswith(str(expected))
        assert str(raised).endswith(" Did you mean assert_called_once_with()?")


class TestWraps:
    def test_a_wrapped_function_runs_and_the_call_is_recorded(self, mock: Any) -> None:
        m = mock.Mock(wraps=greet)
        assert m("ada", loud=True) == "ADA"
        m.assert_called_once_with("ada", loud=True)

    def test_children_of_a_wrapped_object_wrap_its_attributes(self, mock: Any) -> None:
        m = mock.Mock(wraps=Greeter("ada"))
        assert m.greet("?") == "hello ada?"
        assert m.shout("x") == "X"
        assert m.mock_calls == [mock.call.greet("?"), mock.call.shout("x")]

    def test_return_value_and_side_effect_win_over_wraps(self, mock: Any) -> None:
        assert mock.Mock(wraps=greet, return_value="configured")("ada") == "configured"
        assert mock.Mock(wraps=greet, side_effect=lambda name: "effect")("ada") == "effect"


def _repr_named(m: Any) -> Any:
    fake = m.Mock(name="db")
    return [fake, fake.cursor, fake.cursor(), fake.cursor().execute]


def _repr_unnamed(m: Any) -> Any:
    fake = m.MagicMock()
    return [fake, fake.child, fake(), fake[0], fake.__len__]


def _repr_specced(m: Any) -> Any:
    return [
        m.Mock(spec=Greeter),
        m.MagicMock(spec_set=Greeter, name="greeter"),
        m.NonCallableMagicMock(spec=Greeter("ada")),
        m.Mock(spec=greet),
        m.MagicMock(spec=["read"]),
    ]


def _repr_other_classes(m: Any) -> Any:
    return [m.NonCallableMock(), m.AsyncMock(name="fetch"), m.PropertyMock(name="title")]


def _repr_autospecced(m: Any) -> Any:
    fake = m.create_autospec(Greeter, name="Greeter")
    return [fake, fake.greet, fake.return_value, fake.return_value.greet, fake.greeting]


def _repr_patched(m: Any) -> Any:
    with (
        m.patch(f"{TARGET}.greet") as patched,
        m.patch.object(Greeter, "shout") as shout,
        m.patch.multiple(TARGET, Session=m.DEFAULT) as made,
    ):
        return [patched, patched.child, patched(), shout, made["Session"]]


def _repr_mock_open(m: Any) -> Any:
    opened = m.mock_open()
    return [opened, opened(), opened().read]


class TestNamesAndReprs:
    @scenarios(
        _repr_named,
        _repr_unnamed,
        _repr_specced,
        _repr_other_classes,
        _repr_autospecced,
        _repr_patched,
        _repr_mock_open,
    )
    def test_reprs_read_as_in_the_stdlib(self, scenario: Callable[[Any], Any]) -> None:
        def shown(module: Any) -> list[str]:
            return [_normalised(repr(made)) for made in scenario(module)]

        assert shown(amock) == shown(std)

    def test_a_child_takes_its_name_from_the_attribute(self, mock: Any) -> None:
        m = mock.MagicMock(name="root")
        assert m.a.b()._extract_mock_name() == "root.a.b()"
        assert m["key"]._extract_mock_name() == "root.__getitem__()"

    def test_attaching_a_named_mock_renames_it_after_the_attribute(self, mock: Any) -> None:
        parent = mock.Mock()
        child = mock.Mock(name="child")
        parent.attach_mock(child, "kid")
        child(1)
        assert parent.mock_calls == [mock.call.kid(1)]
        assert repr(child).startswith("<Mock name='mock.kid'")


class TestSeal:
    def test_a_sealed_mock_keeps_what_was_configured_and_refuses_the_rest(self, mock: Any) -> None:
        m = mock.Mock()
        m.client.get.return_value = 200
        m.name_of_thing = "x"
        mock.seal(m)
        assert m.client.get() == 200
        assert m.name_of_thing == "x"
        with pytest.raises(AttributeError):
            _ = m.other
        with pytest.raises(AttributeError):
            m.client.post()

    def test_sealing_reaches_attached_mocks_and_return_values(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.attached = mock.Mock()
        m.factory.return_value.ready = True
        mock.seal(m)
        assert m.factory().ready is True
        with pytest.raises(AttributeError):
            _ = m.attached.child
        with pytest.raises(AttributeError):
            _ = m.factory().other
        with pytest.raises(AttributeError):
            len(m)

    def test_a_sealed_autospec_keeps_the_attributes_of_its_spec(self, mock: Any) -> None:
        # The stdlib builds an autospec's methods up front, so sealing keeps them.
        instance = mock.create_autospec(Greeter, instance=True)
        instance.greet.return_value = "hi"
        mock.seal(instance)
        assert instance.greet() == "hi"
        assert isinstance(instance.shout, mock.MagicMock)
        with pytest.raises(AttributeError):
            _ = instance.farewell


class TestMockOpen:
    def test_read_readline_readlines_and_iteration(self, mock: Any) -> None:
        opened = mock.mock_open(read_data="one\ntwo\nthree\n")
        with opened("config.txt") as handle:
            assert handle.readline() == "one\n"
            assert handle.read() == "two\nthree\n"
        with opened("config.txt") as handle:
            assert list(handle) == ["one\n", "two\n", "three\n"]
        with opened("config.txt") as handle:
            assert handle.readlines() == ["one\n", "two\n", "three\n"]
        assert opened.call_args_list == [mock.call("config.txt")] * 3

    def test_binary_data_is_read_as_bytes(self, mock: Any) -> None:
        handle = mock.mock_open(read_data=b"ab\ncd")("data.bin", "rb")
        assert handle.readlines() == [b"ab\n", b"cd"]

    def test_writes_are_asserted_on_the_shared_handle(self, mock: Any) -> None:
        opened = mock.mock_open()
        with opened("out.txt", "w") as handle:
            handle.write("first")
            handle.write("second")
        opened.assert_called_once_with("out.txt", "w")
        opened().write.assert_has_calls([mock.call("first"), mock.call("second")])
        assert handle is opened.return_value

    def test_patching_open_with_mock_open(self, mock: Any) -> None:
        with mock.patch("builtins.open", mock.mock_open(read_data="debug = true")) as opened:
            assert read_config("app.toml") == "debug = true"
        opened.assert_called_once_with("app.toml")
        assert open is io.open

    def test_mock_open_as_new_callable(self, mock: Any) -> None:
        with mock.patch("builtins.open", new_callable=mock.mock_open, read_data="x") as opened:
            assert read_config("a") == "x"
        assert opened.mock_calls[0] == mock.call("a")

    def test_next_reads_line_by_line_until_the_end(self, mock: Any) -> None:
        handle = mock.mock_open(read_data="one\ntwo\n")("config.txt")
        assert [next(handle), next(handle)] == ["one\n", "two\n"]
        with pytest.raises(StopIteration):
            next(handle)

    def test_a_read_return_value_set_by_the_test_wins(self, mock: Any) -> None:
        opened = mock.mock_open(read_data="from the file")
        opened.return_value.read.return_value = "set by the test"
        assert opened("config.txt").read() == "set by the test"
        assert opened("config.txt").readline() == "from the file"

    def test_configures_the_mock_it_is_given(self, mock: Any) -> None:
        given = mock.MagicMock(name="opener")
        assert mock.mock_open(given, read_data="data") is given
        with given("config.txt") as handle:
            assert handle.read() == "data"
        given.assert_called_once_with("config.txt")

    def test_mock_open_makes_mocks_of_the_modules_own_classes(self, mock: Any) -> None:
        # A stdlib user checks `isinstance(m, mock.MagicMock)` with the module they use.
        opened = mock.mock_open(read_data="x")
        assert isinstance(opened, mock.MagicMock)
        assert isinstance(opened(), mock.NonCallableMock)


class TestPropertyMock:
    def test_a_property_mock_on_the_type_records_reads_and_writes(self, mock: Any) -> None:
        m = mock.MagicMock()
        title = mock.PropertyMock(return_value="Ada")
        type(m).title = title
        assert m.title == "Ada"
        m.title = "Bob"
        assert title.mock_calls == [mock.call(), mock.call("Bob")]

    def test_a_property_mock_stays_on_its_own_mock(self, mock: Any) -> None:
        m = mock.MagicMock()
        type(m).title = mock.PropertyMock(return_value="Ada")
        assert not isinstance(type(mock.MagicMock()).__dict__.get("title"), mock.PropertyMock)
        assert isinstance(mock.MagicMock().title, mock.MagicMock)

    def test_a_property_mock_with_a_side_effect_raises_on_read(self, mock: Any) -> None:
        m = mock.MagicMock()
        type(m).title = mock.PropertyMock(side_effect=ValueError("no title"))
        with pytest.raises(ValueError, match="no title"):
            _ = m.title

    def test_patching_a_property_with_new_callable(self, mock: Any) -> None:
        with mock.patch.object(
            Greeter, "title", new_callable=mock.PropertyMock, return_value="Patched"
        ) as title:
            greeter = Greeter("ada")
            assert greeter.title == "Patched"
            greeter.title = "x"
        assert title.mock_calls == [mock.call(), mock.call("x")]
        assert Greeter("ada").title == "Ada"

    def test_the_result_of_a_property_mock_is_a_magic_mock(self, mock: Any) -> None:
        m = mock.MagicMock()
        type(m).title = mock.PropertyMock()
        assert isinstance(m.title, mock.MagicMock)


class TestMagicMethods:
    def test_magic_mock_defaults(self, mock: Any) -> None:
        m = mock.MagicMock()
        assert len(m) == 0
        assert list(m) == []
        assert bool(m) is True
        assert (int(m), float(m), complex(m)) == (1, 1.0, 1j)
        assert str(m) == object.__str__(m)
        assert hash(m) == object.__hash__(m)
        assert "x" not in m
        assert m[0] is m["other"]
        assert m.__exit__(None, None, None) is False
        assert [1, 2, 3][m] == 2
        with m as entered:
            assert entered is m.__enter__.return_value
        assert isinstance(entered, mock.MagicMock)

    def test_equality_is_identity_by_default(self, mock: Any) -> None:
        m = mock.MagicMock()
        assert m == m
        assert m != mock.MagicMock()
        assert m != 1
        assert len({m, m, mock.MagicMock()}) == 2

    def test_ordering_is_unsupported_by_default(self, mock: Any) -> None:
        with pytest.raises(TypeError):
            _ = mock.MagicMock() < 1
        with pytest.raises(TypeError):
            _ = mock.MagicMock() >= mock.MagicMock()

    def test_configured_magic_methods(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.__len__.return_value = 3
        m.__iter__.return_value = iter(["a", "b"])
        m.__getitem__.side_effect = lambda key: key * 2
        m.__str__.return_value = "shown"
        m.__int__.return_value = 7
        m.__bool__.return_value = False
        m.__contains__.return_value = True
        m.__eq__.return_value = True
        m.__lt__.return_value = True
        m.__hash__.return_value = 5
        assert len(m) == 3
        assert list(m) == ["a", "b"]
        assert m[4] == 8
        assert str(m) == "shown"
        assert int(m) == 7
        assert not m
        assert 1 in m
        assert m == 9
        assert m < 0
        assert hash(m) == 5

    def test_a_function_set_as_magic_method_gets_the_mock(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.__len__ = lambda self: 8 if self is m else -1
        m.__getitem__ = lambda self, key: (self is m, key)
        assert len(m) == 8
        assert m["k"] == (True, "k")

    def test_a_plain_mock_gets_magic_methods_only_when_set(self, mock: Any) -> None:
        m = mock.Mock()
        with pytest.raises(TypeError):
            len(m)
        m.__len__ = mock.Mock(return_value=2)
        m.__iter__ = mock.Mock(return_value=iter([1]))
        assert len(m) == 2
        assert list(m) == [1]
        with pytest.raises(TypeError):
            len(mock.Mock())

    def test_magic_calls_are_recorded(self, mock: Any) -> None:
        m = mock.MagicMock()
        m[1] = 2
        m.__setitem__.assert_called_once_with(1, 2)
        _ = m[3]
        assert m.__getitem__.call_args_list == [mock.call(3)]
        assert m.mock_calls == [mock.call.__setitem__(1, 2), mock.call.__getitem__(3)]

    def test_a_deleted_magic_method_is_unsupported(self, mock: Any) -> None:
        m = mock.MagicMock()
        del m.__len__
        with pytest.raises(TypeError):
            len(m)
        assert list(m) == []

    def test_subclasses_keep_their_own_attributes(self, mock: Any) -> None:
        class Recorder(mock.MagicMock):
            flavour = "custom"

            def helper(self) -> str:
                return "helped"

        recorder = Recorder()
        assert (recorder.flavour, recorder.helper()) == ("custom", "helped")
        assert isinstance(recorder.child, Recorder)


class TestNonCallableMocks:
    def test_non_callable_mocks_refuse_calls(self, mock: Any) -> None:
        for klass in (mock.NonCallableMock, mock.NonCallableMagicMock):
            m = klass()
            assert not callable(m)
            with pytest.raises(TypeError):
                m()

    def test_a_non_callable_magic_mock_supports_magic_methods(self, mock: Any) -> None:
        m = mock.NonCallableMagicMock()
        m.__len__.return_value = 2
        assert len(m) == 2
        with m as entered:
            assert entered is m.__enter__.return_value

    def test_a_callable_class_spec_of_a_non_callable_mock_still_refuses_calls(
        self, mock: Any
    ) -> None:
        with pytest.raises(TypeError):
            mock.NonCallableMock(spec=Greeter)()


def _calling_a_non_callable_mock(m: Any) -> None:
    m.NonCallableMock()()


def _calling_a_non_callable_magic_mock(m: Any) -> None:
    m.NonCallableMagicMock(name="settings")()


def _len_of_a_plain_mock(m: Any) -> None:
    len(m.Mock())


def _len_of_a_returned_mock(m: Any) -> None:
    len(m.Mock()())


def _iterating_a_child_of_a_plain_mock(m: Any) -> None:
    iter(m.Mock().items)


def _ordering_a_magic_mock(m: Any) -> None:
    _ = m.MagicMock() < 1


def _autospec_function_with_a_missing_argument(m: Any) -> None:
    m.create_autospec(greet)()


def _autospec_function_with_an_unknown_keyword(m: Any) -> None:
    m.create_autospec(greet)("ada", volume=11)


def _autospec_class_with_too_many_arguments(m: Any) -> None:
    m.create_autospec(Greeter)("ada", "bob")


def _autospec_method_with_too_many_arguments(m: Any) -> None:
    m.create_autospec(Greeter)("ada").greet("!", "?")


def _autospec_classmethod_with_an_argument(m: Any) -> None:
    m.create_autospec(Greeter).default(1)


def _autospec_staticmethod_without_its_argument(m: Any) -> None:
    m.create_autospec(Greeter).shout()


def _autospec_instance_called(m: Any) -> None:
    m.create_autospec(Greeter, instance=True)()


def _patch_autospec_method_without_self(m: Any) -> None:
    with m.patch.object(Greeter, "greet", autospec=True):
        Greeter.greet()


class TestTypeErrorMessages:
    @scenarios(
        _calling_a_non_callable_mock,
        _calling_a_non_callable_magic_mock,
        _len_of_a_plain_mock,
        _iterating_a_child_of_a_plain_mock,
        _ordering_a_magic_mock,
        _autospec_instance_called,
    )
    def test_type_errors_read_as_in_the_stdlib(self, scenario: Callable[[Any], object]) -> None:
        assert_same_failure(scenario, TypeError)

    @scenarios(
        _autospec_function_with_a_missing_argument,
        _autospec_function_with_an_unknown_keyword,
        _autospec_class_with_too_many_arguments,
        _autospec_method_with_too_many_arguments,
        _autospec_classmethod_with_an_argument,
        _autospec_staticmethod_without_its_argument,
        _patch_autospec_method_without_self,
    )
    def test_signature_errors_add_the_real_signature(
        self, scenario: Callable[[Any], object]
    ) -> None:
        # Documented difference: the stdlib's words, then what the real callable takes.
        expected, raised = _raised(scenario, std), _raised(scenario, amock)
        assert type(expected) is type(raised) is TypeError
        stdlib_text, text = str(expected), str(raised)
        assert text.startswith(f"{stdlib_text}; the real signature is "), (text, stdlib_text)
        assert re.fullmatch(r"[\w.<>]+\(.*\)", text.split("; the real signature is ")[1]), text

    def test_the_result_of_a_sync_mock_is_named_after_its_mock_in_type_errors(self) -> None:
        # Documented difference: the type name of what a sync mock returns says
        # whose result it is, so awaiting it by mistake names the mock.
        with pytest.raises(TypeError) as stdlib:
            _len_of_a_returned_mock(std)
        assert str(stdlib.value) == "object of type 'Mock' has no len()"
        with pytest.raises(TypeError) as ours:
            _len_of_a_returned_mock(amock)
        assert str(ours.value) == "object of type 'Mock (result of sync mock 'mock')' has no len()"


class TestAsyncMock:
    def test_pythons_never_awaited_warning_reads_as_the_stdlibs(self, mock: Any) -> None:
        # Suites filter this warning by its text. Outside pytest (here, a fresh
        # interpreter), Python itself warns when the coroutine is collected.
        code = textwrap.dedent(
            f"""
            import gc, warnings
            import {mock.__name__} as mock
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                mock.AsyncMock()("/a")  # dropped at once, never awaited
                gc.collect()
            print([str(w.message) for w in seen])
            """
        )
        shown = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert shown.strip() == str(
            ["coroutine 'AsyncMockMixin._execute_mock_call' was never awaited"]
        )

    @pytest.mark.anyio
    async def test_await_assertions_pass_after_the_awaits(self, mock: Any) -> None:
        fetch = mock.AsyncMock(return_value="page")
        assert await fetch("/a", timeout=1) == "page"
        fetch.assert_awaited()
        fetch.assert_awaited_once()
        fetch.assert_awaited_once_with("/a", timeout=1)
        fetch.assert_awaited_with("/a", timeout=1)
        fetch.assert_any_await("/a", timeout=1)
        fetch.assert_has_awaits([mock.call("/a", timeout=1)])
        fetch.assert_called_once_with("/a", timeout=1)

    @pytest.mark.anyio
    async def test_await_records_leave_out_calls_never_awaited(self, mock: Any) -> None:
        fetch = mock.AsyncMock()
        await fetch(1)
        pending = fetch(2)
        await fetch(3, key=4)
        pending.close()
        assert fetch.await_args_list == [mock.call(1), mock.call(3, key=4)]
        assert fetch.call_args_list == [mock.call(1), mock.call(2), mock.call(3, key=4)]
        assert fetch.await_args == mock.call(3, key=4)
        assert (fetch.await_count, fetch.call_count) == (2, 3)
        fetch.assert_has_awaits([mock.call(3, key=4), mock.call(1)], any_order=True)

    @pytest.mark.anyio
    async def test_side_effects_of_awaits(self, mock: Any) -> None:
        async def double(value: int) -> int:
            return value * 2

        assert await mock.AsyncMock(side_effect=double)(4) == 8
        assert await mock.AsyncMock(side_effect=lambda: mock.DEFAULT, return_value=3)() == 3
        sequence = mock.AsyncMock(side_effect=[1, KeyError("k")])
        assert await sequence() == 1
        with pytest.raises(KeyError):
            await sequence()
        with pytest.raises(StopAsyncIteration):
            await sequence()

    @pytest.mark.anyio
    async def test_an_async_mock_returns_a_mock_by_default(self, mock: Any) -> None:
        fetch = mock.AsyncMock()
        result = await fetch()
        assert result is fetch.return_value
        assert isinstance(result, mock.Mock)

    @pytest.mark.anyio
    async def test_wraps_an_async_function(self, mock: Any) -> None:
        async def increment(value: int) -> int:
            return value + 1

        wrapper = mock.AsyncMock(wraps=increment)
        assert await wrapper(1) == 2
        wrapper.assert_awaited_once_with(1)

    @pytest.mark.anyio
    async def test_wraps_a_sync_function_and_a_builtin(self, mock: Any) -> None:
        wrapper = mock.AsyncMock(wraps=greet)
        assert await wrapper("ada", loud=True) == "ADA"
        wrapper.assert_awaited_once_with("ada", loud=True)
        # A method descriptor cannot be weakly referenced (amock caches by weak reference).
        shout = mock.AsyncMock(wraps=str.upper)
        assert await shout("ada") == "ADA"

    @pytest.mark.anyio
    async def test_reset_forgets_awaits(self, mock: Any) -> None:
        fetch = mock.AsyncMock()
        await fetch()
        fetch.reset_mock()
        assert (fetch.await_count, fetch.await_args, fetch.await_args_list) == (0, None, [])
        fetch.assert_not_awaited()

    @pytest.mark.anyio
    async def test_magic_mock_is_an_async_context_manager_and_iterator(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.__aiter__.return_value = [1, 2]
        async with m as entered:
            assert entered is m.__aenter__.return_value
        assert [item async for item in m] == [1, 2]
        m.__aenter__.assert_awaited_once()
        m.__aexit__.assert_awaited_once_with(None, None, None)

    @pytest.mark.anyio
    async def test_a_spec_with_async_methods_gives_async_children(self, mock: Any) -> None:
        class Client:
            async def get(self) -> None:
                pass

            def close(self) -> None:
                pass

        for klass in (mock.MagicMock, mock.AsyncMock, mock.Mock):
            client = klass(spec=Client)
            assert isinstance(client.get, mock.AsyncMock)
            assert not isinstance(client.close, mock.AsyncMock)
            await client.get()
            client.get.assert_awaited_once_with()

    def test_an_async_mock_is_a_coroutine_function(self, mock: Any) -> None:
        assert inspect.iscoroutinefunction(mock.AsyncMock())
        assert not inspect.iscoroutinefunction(mock.Mock())
        assert not inspect.iscoroutinefunction(mock.MagicMock())


class TestCreateAutospec:
    def test_a_function_checks_its_signature_and_records_calls(self, mock: Any) -> None:
        fake = mock.create_autospec(greet, return_value="hi")
        assert fake("ada", loud=True) == "hi"
        with pytest.raises(TypeError):
            fake()
        with pytest.raises(TypeError):
            fake("ada", "bob")
        assert fake.call_args_list == [mock.call("ada", loud=True)]
        fake.assert_called_once_with(name="ada", loud=True)
        assert inspect.isfunction(fake)
        assert fake.__name__ == "greet"
        assert str(inspect.signature(fake)) == "(name, *, loud=False)"
        assert isinstance(fake.mock, mock.MagicMock)

    def test_unsafe_lets_a_keyword_like_a_spec_typo_through(self, mock: Any) -> None:
        fake = mock.create_autospec(greet, unsafe=True, set_spec=True)
        assert inspect.isfunction(fake)
        assert fake.mock.set_spec is True

    def test_a_method_with_no_readable_signature_gives_the_mock_itself(self, mock: Any) -> None:
        method = types.MethodType(next, 1)  # a builtin with no text signature
        fake = mock.create_autospec(method)
        assert not inspect.isfunction(fake)
        assert isinstance(fake, mock.MagicMock)
        assert fake(1, 2, key=3) is fake.return_value  # nothing to check the call against

    def test_a_property_gives_a_mock_not_specced_on_it(self, mock: Any) -> None:
        fake = mock.create_autospec(Greeter.__dict__["title"])
        assert isinstance(fake, mock.MagicMock)
        assert fake(1, 2) is fake.return_value
        assert isinstance(fake.anything_at_all, mock.MagicMock)  # a property's names do not bind

    def test_a_partial_whose_signature_cannot_be_read_takes_any_call(self, mock: Any) -> None:
        class Unreadable:
            def __call__(self, a: int, b: int) -> int:
                return a

            @property
            def __signature__(self) -> Any:
                raise RuntimeError("no signature here")

        fake = mock.create_autospec(functools.partial(Unreadable(), 1))
        assert fake(1, 2, 3, key=4) is fake.return_value
        fake.assert_called_once_with(1, 2, 3, key=4)

    def test_magic_methods_set_on_the_instance_make_a_plain_with(self, mock: Any) -> None:
        spec = Greeter("ada")
        spec.__enter__ = lambda: spec  # type: ignore[attr-defined]
        spec.__exit__ = lambda *exc_info: None  # type: ignore[attr-defined]
        fake = mock.create_autospec(spec)
        with fake as entered:  # the class has no __enter__ to spec the result on
            assert entered is fake.__enter__.return_value
            assert entered._spec_class is None

    def test_a_function_copy_forwards_the_mock_api(self, mock: Any) -> None:
        fake = mock.create_autospec(greet)
        fake.side_effect = KeyError
        with pytest.raises(KeyError):
            fake("ada")
        assert (fake.called, fake.call_count) == (True, 1)
        assert fake.mock_calls == [mock.call("ada")]
        fake.reset_mock()
        fake.side_effect = None
        fake.return_value = 3
        assert fake("bob") == 3
        fake.assert_any_call("bob")
        fake.assert_has_calls([mock.call(name="bob")])

    def test_a_class_checks_constructor_and_method_signatures(self, mock: Any) -> None:
        fake = mock.create_autospec(Greeter)
        instance = fake("ada")
        instance.greet("?")
        with pytest.raises(TypeError):
            fake()
        with pytest.raises(TypeError):
            instance.greet("?", "!")
        assert instance is fake.return_value
        assert isinstance(instance, Greeter)
        assert not callable(instance)
        instance.greet.assert_called_once_with(punctuation="?")
        assert fake.mock_calls == [mock.call("ada"), mock.call().greet("?")]
        assert str(inspect.signature(fake)) == "(name)"

    def test_class_and_static_methods_are_specced_on_the_class_and_instances(
        self, mock: Any
    ) -> None:
        fake = mock.create_autospec(Greeter)
        fake.default()
        fake.shout("x")
        fake.return_value.shout("y")
        with pytest.raises(TypeError):
            fake.shout()
        assert fake.mock_calls == [
            mock.call.default(),
            mock.call.shout("x"),
            mock.call().shout("y"),
        ]

    def test_class_attributes_and_properties(self, mock: Any) -> None:
        fake = mock.create_autospec(Greeter)
        assert isinstance(fake.greeting, mock.NonCallableMagicMock)
        assert isinstance(fake.return_value.title, mock.MagicMock)
        if mock is amock:
            # Set in __init__, so an instance has it (docs/differences.md); untyped: a MagicMock.
            name = fake.return_value.name
            assert isinstance(name, amock.MagicMock)
            assert not isinstance(name, amock.AsyncMock)
        else:
            with pytest.raises(AttributeError):
                _ = fake.return_value.name  # set in __init__: not on the class

    def test_instance_true_is_a_non_callable_instance(self, mock: Any) -> None:
        instance = mock.create_autospec(Greeter, instance=True)
        instance.greet()
        assert isinstance(instance, Greeter)
        assert isinstance(instance, mock.NonCallableMagicMock)
        with pytest.raises(TypeError):
            instance()
        assert instance.mock_calls == [mock.call.greet()]

    def test_spec_set_refuses_new_attributes(self, mock: Any) -> None:
        fake = mock.create_autospec(Greeter, spec_set=True)
        fake.greeting = "hi"
        with pytest.raises(AttributeError):
            fake.farewell = "bye"

    def test_a_subclass_spec_sees_inherited_methods(self, mock: Any) -> None:
        fake = mock.create_autospec(LoudGreeter)
        fake("ada").greet()
        with pytest.raises(TypeError):
            fake("ada").greet(1, 2)

    def test_an_instance_spec_binds_its_methods(self, mock: Any) -> None:
        fake = mock.create_autospec(Greeter("ada"))
        fake.greet("?")
        with pytest.raises(TypeError):
            fake.greet("?", "!")
        assert fake.mock_calls == [mock.call.greet("?")]

    def test_keyword_arguments_configure_the_mock(self, mock: Any) -> None:
        fake = mock.create_autospec(greet, side_effect=lambda name, loud=False: name * 2)
        assert fake("ab") == "abab"

    def test_a_module_spec_keeps_every_parameter_of_its_functions(self, mock: Any) -> None:
        fake_json = mock.create_autospec(json)
        fake_json.dumps({"a": 1}, indent=2)
        fake_json.loads("{}")
        with pytest.raises(TypeError):
            fake_json.dumps()
        assert fake_json.mock_calls == [mock.call.dumps({"a": 1}, indent=2), mock.call.loads("{}")]


# -- patch ---------------------------------------------------------------------------


class TestPatch:
    def test_the_decorator_injects_a_mock_and_restores_the_original(self, mock: Any) -> None:
        @mock.patch(f"{TARGET}.greet", return_value="mocked")
        def check(patched: Any) -> None:
            assert greet("ada") == "mocked"
            assert isinstance(patched, mock.MagicMock)
            patched.assert_called_once_with("ada")

        check()
        assert greet is ORIGINAL_GREET

    def test_the_context_manager_gives_the_mock(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.greet") as patched:
            assert greet is patched
            greet("ada", loud=True)
        assert greet is ORIGINAL_GREET
        patched.assert_called_once_with("ada", loud=True)

    def test_start_gives_the_mock_and_stop_restores(self, mock: Any) -> None:
        patcher = mock.patch(f"{TARGET}.greet", return_value="started")
        patched = patcher.start()
        try:
            assert greet("x") == "started"
            assert greet is patched
        finally:
            assert not patcher.stop()
        assert greet is ORIGINAL_GREET
        assert patcher.stop() is None  # not active: nothing to stop

    def test_a_patcher_can_be_used_again_after_it_stopped(self, mock: Any) -> None:
        patcher = mock.patch(f"{TARGET}.greet")
        with patcher as first:
            pass
        with patcher as second:
            assert greet is second
        assert first is not second
        assert greet is ORIGINAL_GREET

    def test_new_is_installed_and_not_injected(self, mock: Any) -> None:
        @mock.patch(f"{TARGET}.greet", new=str.upper)
        @mock.patch.object(Greeter, "greeting", "hi")
        def check(*args: Any) -> Any:
            return args, greet("ada"), Greeter("bob").greet()

        assert check() == ((), "ADA", "hi bob!")
        with mock.patch(f"{TARGET}.greet", mock.sentinel.replacement) as installed:
            assert installed is greet is mock.sentinel.replacement
        assert Greeter.greeting == "hello"

    def test_new_callable_makes_the_substitute(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.greet", new_callable=mock.NonCallableMagicMock) as patched:
            assert isinstance(patched, mock.NonCallableMagicMock)
        with mock.patch(f"{TARGET}.greet", new_callable=mock.Mock, return_value=3) as patched:
            assert greet() == 3
            assert not isinstance(patched, mock.MagicMock)
        with mock.patch.object(Greeter, "greeting", new_callable=list) as patched:
            assert Greeter.greeting == [] == patched
        with mock.patch(f"{TARGET}.greet", new_callable=lambda: "made") as patched:
            assert greet == "made" == patched

    def test_create_adds_a_missing_attribute_for_the_patch_only(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.not_there", create=True, return_value=1) as patched:
            assert sys.modules[TARGET].not_there() == 1
            assert patched.call_count == 1
        assert not hasattr(sys.modules[TARGET], "not_there")
        with mock.patch.object(Greeter, "not_there", "value", create=True):
            assert Greeter.not_there == "value"
        assert not hasattr(Greeter, "not_there")

    def test_a_missing_attribute_without_create_is_an_attribute_error(self, mock: Any) -> None:
        with pytest.raises(AttributeError), mock.patch(f"{TARGET}.not_there"):
            pass
        with pytest.raises(AttributeError), mock.patch.object(Greeter, "not_there"):
            pass

    def test_autospec_true_checks_signatures(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.greet", autospec=True, return_value="hi") as patched:
            assert greet("ada") == "hi"
            with pytest.raises(TypeError):
                greet("ada", "bob")
        patched.assert_called_once_with("ada")
        assert greet is ORIGINAL_GREET

    def test_autospec_of_a_class_specs_instances_and_methods(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.Greeter", autospec=True) as patched:
            patched.return_value.greet.return_value = "hi"
            greeter = Greeter("ada")
            assert greeter.greet() == "hi"
            with pytest.raises(TypeError):
                greeter.greet("!", "?")
            with pytest.raises(AttributeError):
                _ = greeter.farewell
        assert patched.mock_calls == [mock.call("ada"), mock.call().greet()]

    def test_autospec_of_a_module_keeps_every_parameter_of_its_functions(self, mock: Any) -> None:
        # `@patch("app.requests", autospec=True)`: the module's functions are not methods.
        with mock.patch(f"{TARGET}.json", autospec=True) as fake_json:
            json.dumps({"a": 1})
            with pytest.raises(TypeError):
                json.dumps()
        assert fake_json.mock_calls == [mock.call.dumps({"a": 1})]

    def test_autospec_of_a_method_records_self(self, mock: Any) -> None:
        with mock.patch.object(Greeter, "greet", autospec=True, return_value="hi") as patched:
            greeter = Greeter("ada")
            assert greeter.greet("?") == "hi"
        patched.assert_called_once_with(greeter, "?")
        assert Greeter.greet is ORIGINAL_GREETER_GREET

    def test_spec_set_true_refuses_unknown_attributes(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.Greeter", spec_set=True) as patched:
            patched.greeting = "allowed"
            with pytest.raises(AttributeError):
                patched.farewell = "refused"

    def test_spec_true_on_a_class_specs_its_instances(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.Greeter", spec=True) as patched:
            greeter = Greeter("ada")
            assert greeter is patched.return_value
            assert isinstance(greeter, mock.NonCallableMagicMock)
            greeter.greet()
            with pytest.raises(AttributeError):
                _ = greeter.farewell

    def test_an_explicit_spec_restricts_the_mock(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.greet", spec=["upper"]) as patched:
            patched.upper()
            with pytest.raises(AttributeError):
                _ = patched.lower

    def test_dotted_targets_name_packages_modules_classes_and_attributes(self, mock: Any) -> None:
        original_fromstring = xml.etree.ElementTree.fromstring
        original_decode = json.decoder.JSONDecoder.decode
        with (
            mock.patch("xml.etree.ElementTree.fromstring", return_value="tree"),
            mock.patch("json.decoder.JSONDecoder.decode", return_value={"patched": True}),
            mock.patch("os.path.sep", "|"),
        ):
            assert xml.etree.ElementTree.fromstring("<a/>") == "tree"
            assert json.loads("[]") == {"patched": True}
            assert os.path.sep == "|"
        assert xml.etree.ElementTree.fromstring is original_fromstring
        assert json.decoder.JSONDecoder.decode is original_decode
        assert json.loads("[]") == []

    def test_keyword_arguments_configure_the_made_mock(self, mock: Any) -> None:
        with mock.patch(
            f"{TARGET}.greet", **{"return_value.upper.return_value": "ADA", "status": 1}
        ) as patched:
            assert greet("ada").upper() == "ADA"
            assert patched.status == 1

    def test_the_name_keyword_names_the_made_mock(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.greet", name="fake_greet") as patched:
            assert repr(patched).startswith("<MagicMock name='fake_greet'")

    def test_the_made_mock_is_named_after_the_attribute(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.greet") as patched:
            greet("x")
            assert repr(patched).startswith("<MagicMock name='greet'")
            with pytest.raises(AssertionError, match=r"greet\('y'\)"):
                patched.assert_called_with("y")

    def test_stacked_decorators_pass_their_mocks_bottom_first(self, mock: Any) -> None:
        @mock.patch(f"{TARGET}.greet")
        @mock.patch.object(Greeter, "shout")
        @mock.patch(f"{TARGET}.Session")
        def check(first: Any, second: Any, third: Any) -> None:
            assert first is Session
            assert second is Greeter.shout
            assert third is greet

        check()
        assert greet is ORIGINAL_GREET

    def test_stacked_decorators_inject_only_made_mocks_after_the_callers_arguments(
        self, mock: Any
    ) -> None:
        environ_key = "AMOCK_DROPIN_STACKED"

        @mock.patch(f"{TARGET}.greet")
        @mock.patch.dict(os.environ, {environ_key: "1"})
        @mock.patch.object(Greeter, "greeting", "hi")
        @mock.patch.multiple(TARGET, Session=mock.DEFAULT, read_config=mock.DEFAULT)
        def check(given: Any, patched_greet: Any, **made: Any) -> Any:
            assert os.environ[environ_key] == "1"
            assert Greeter.greeting == "hi"
            assert patched_greet is greet
            assert made == {"Session": Session, "read_config": read_config}
            return given

        assert check("argument") == "argument"
        assert environ_key not in os.environ

    def test_a_decorated_method_gets_its_mocks_after_its_arguments(self, mock: Any) -> None:
        class Case:
            @mock.patch(f"{TARGET}.greet")
            def run(self, value: int, patched: Any, keyword: int = 0) -> Any:
                return self, value, patched is greet, keyword

        case = Case()
        assert case.run(1, keyword=2) == (case, 1, True, 2)

    def test_a_decorated_function_restores_when_it_raises(self, mock: Any) -> None:
        @mock.patch(f"{TARGET}.greet")
        @mock.patch.object(Greeter, "greeting", "hi")
        def check(patched: Any) -> None:
            raise LookupError("failing test")

        with pytest.raises(LookupError):
            check()
        assert greet is ORIGINAL_GREET
        assert Greeter.greeting == "hello"

    def test_a_failing_patch_undoes_the_patches_before_it(self, mock: Any) -> None:
        @mock.patch(f"{TARGET}.not_there")
        @mock.patch(f"{TARGET}.greet")
        def check(*mocks: Any) -> None:
            raise AssertionError("never runs")

        with pytest.raises(AttributeError):
            check()
        assert greet is ORIGINAL_GREET

    def test_a_class_decorator_patches_each_test_method_with_a_fresh_mock(self, mock: Any) -> None:
        @mock.patch(f"{TARGET}.greet")
        class Case:
            def test_one(self, patched: Any) -> Any:
                greet("one")
                return patched

            def test_two(self, patched: Any) -> Any:
                return patched

            def helper(self) -> Any:
                return greet

        first, second = Case().test_one(), Case().test_two()
        assert first is not second
        first.assert_called_once_with("one")
        second.assert_not_called()
        assert Case().helper() is ORIGINAL_GREET

    def test_test_prefix_chooses_the_methods_a_class_decorator_patches(
        self, mock: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(mock.patch, "TEST_PREFIX", "check")

        @mock.patch(f"{TARGET}.greet", return_value="patched")
        class Case:
            def check_it(self, patched: Any) -> Any:
                return greet("x")

            def test_it(self) -> Any:
                return greet("x")

        assert Case().check_it() == "patched"
        assert Case().test_it() == "x"

    def test_patching_a_class_attribute_keeps_the_descriptors(self, mock: Any) -> None:
        with (
            mock.patch.object(Greeter, "default", return_value="d"),
            mock.patch.object(Greeter, "shout", return_value="s"),
            mock.patch.object(LoudGreeter, "greet", return_value="g"),
        ):
            assert (Greeter.default(), Greeter("a").shout("x"), LoudGreeter("a").greet()) == (
                "d",
                "s",
                "g",
            )
        assert isinstance(vars(Greeter)["default"], classmethod)
        assert isinstance(vars(Greeter)["shout"], staticmethod)
        assert "greet" not in vars(LoudGreeter)
        assert LoudGreeter("a").greet() == "hello a!"

    def test_patching_an_instance_attribute(self, mock: Any) -> None:
        greeter = Greeter("ada")
        with mock.patch.object(greeter, "name", "bob"), mock.patch.object(greeter, "greet"):
            assert greeter.name == "bob"
            assert isinstance(greeter.greet, mock.MagicMock)
        assert vars(greeter) == {"name": "ada"}

    def test_a_started_patcher_exposes_what_it_patched(self, mock: Any) -> None:
        patcher = mock.patch.object(LoudGreeter, "greeting", "hi")
        patcher.start()
        try:
            assert patcher.target is LoudGreeter
            assert patcher.attribute == "greeting"
            assert patcher.temp_original == "hello"
            assert patcher.is_local is False
            assert patcher.new == "hi"
        finally:
            patcher.stop()
        assert "greeting" not in vars(LoudGreeter)

    def test_positional_arguments_follow_the_stdlib_order(self, mock: Any) -> None:
        with (
            mock.patch(f"{TARGET}.greet", mock.DEFAULT, ["upper"]) as patched,
            pytest.raises(AttributeError),
        ):
            _ = patched.lower
        with mock.patch.object(Greeter, "greeting", "positional"):
            assert Greeter.greeting == "positional"
        with mock.patch(target=f"{TARGET}.greet", new="keyword"):
            assert greet == "keyword"

    def test_entering_a_context_manager_of_a_patched_class_records_the_stdlib_calls(
        self, mock: Any
    ) -> None:
        # Code written for smtplib.SMTP: `with SMTP(host) as smtp: smtp.sendmail(...)`.
        with mock.patch(f"{TARGET}.Session") as session_class:
            send_greeting("ada")
        session = session_class.return_value.__enter__.return_value
        session.send.assert_called_once_with("ada")
        assert session_class.mock_calls == [
            mock.call(),
            mock.call().__enter__(),
            mock.call().__enter__().send("ada"),
            mock.call().__exit__(None, None, None),
        ]

    def test_with_on_a_specced_mock_binds_the_enter_return_value(self, mock: Any) -> None:
        session = mock.MagicMock(spec=Session)
        with session as entered:
            pass
        assert entered is session.__enter__.return_value
        assert entered is not session


class TestPatchSpecArguments:
    def test_spec_true_and_spec_set_true_make_the_class_mock_strict(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.Greeter", spec=True, spec_set=True) as patched:
            assert Greeter("ada").greet is patched.return_value.greet
            with pytest.raises(AttributeError):
                patched.shout_louder = None
            with pytest.raises(AttributeError):
                _ = Greeter("ada").whisper

    def test_a_spec_object_with_spec_set_true_is_the_spec_set(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.greet", spec=Greeter, spec_set=True) as patched:
            patched.greeting = "hi"
            with pytest.raises(AttributeError):
                patched.farewell = "bye"
        assert greet is ORIGINAL_GREET

    def test_spec_true_of_an_attribute_holding_none_gives_a_plain_mock(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.HANDLER", spec=True) as patched:
            assert isinstance(patched, mock.MagicMock)
            assert not isinstance(patched, mock.AsyncMock)
            patched.handle(1)
            patched.handle.assert_called_once_with(1)
        assert HANDLER is None

    def test_new_callable_with_spec_true_gives_noncallable_instances(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.Greeter", spec=True, new_callable=mock.MagicMock):
            instance = Greeter("ada")
            assert isinstance(instance, mock.NonCallableMagicMock)
            assert not callable(instance)
            with pytest.raises(AttributeError):
                _ = instance.whisper

    def test_new_callable_with_a_spec_instance_gives_noncallable_instances(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.Greeter", spec=Greeter("x"), new_callable=mock.MagicMock):
            instance = Greeter("ada")
            assert isinstance(instance, mock.NonCallableMagicMock)
            instance.greet("?")
            instance.greet.assert_called_once_with("?")

    def test_new_callable_with_a_list_spec_gives_instances_of_its_class(self, mock: Any) -> None:
        with mock.patch(f"{TARGET}.Greeter", spec=["greet"], new_callable=mock.MagicMock):
            instance = Greeter("ada")
            assert isinstance(instance, mock.MagicMock)
            assert callable(instance)
            instance.greet()
            with pytest.raises(AttributeError):
                _ = instance.shout

    def test_autospec_from_another_object_checks_its_signature(self, mock: Any) -> None:
        def stand_in(first, second): ...

        with mock.patch(f"{TARGET}.greet", autospec=stand_in) as patched:
            greet(1, 2)
            with pytest.raises(TypeError):
                greet("ada")
        patched.assert_called_once_with(1, 2)

    def test_a_class_decorator_leaves_non_callable_test_attributes(self, mock: Any) -> None:
        @mock.patch(f"{TARGET}.greet", new=str.upper)
        class Case:
            test_names = ("ada",)

            def test_it(self) -> str:
                return greet("ada")

        assert Case.test_names == ("ada",)
        assert Case().test_it() == "ADA"


class TestPatchDict:
    def test_sets_keys_and_restores_the_mapping(self, mock: Any) -> None:
        mapping = {"a": 1}
        with mock.patch.dict(mapping, {"b": 2}, c=3) as patched:
            assert patched is mapping
            assert mapping == {"a": 1, "b": 2, "c": 3}
            mapping["d"] = 4
        assert mapping == {"a": 1}

    def test_clear_empties_the_mapping_first(self, mock: Any) -> None:
        mapping = {"a": 1}
        with mock.patch.dict(mapping, [("b", 2)], clear=True):
            assert mapping == {"b": 2}
        assert mapping == {"a": 1}

    def test_os_environ_by_object_and_by_name(self, mock: Any) -> None:
        key = "AMOCK_DROPIN_ENV"
        with mock.patch.dict(os.environ, {key: "object"}):
            assert os.environ[key] == "object"
        with mock.patch.dict("os.environ", {key: "name"}):
            assert os.environ[key] == "name"
        with mock.patch.dict(os.environ, clear=True):
            assert dict(os.environ) == {}
        assert key not in os.environ
        assert os.environ

    def test_decorator_and_class_decorator(self, mock: Any) -> None:
        mapping = {"k": 0}

        @mock.patch.dict(mapping, k=1)
        def check() -> int:
            return mapping["k"]

        @mock.patch.dict(mapping, k=2)
        class Case:
            def test_it(self) -> int:
                return mapping["k"]

            def helper(self) -> int:
                return mapping["k"]

        assert check() == 1
        assert (Case().test_it(), Case().helper()) == (2, 0)
        assert mapping == {"k": 0}

    def test_restores_after_an_exception(self, mock: Any) -> None:
        mapping = {"a": 1}

        @mock.patch.dict(mapping, a=2)
        def change_and_fail() -> None:
            del mapping["a"]
            mapping["z"] = 0
            raise LookupError

        with pytest.raises(LookupError):
            change_and_fail()
        assert mapping == {"a": 1}

    def test_start_and_stop(self, mock: Any) -> None:
        mapping = {"a": 1}
        patcher = mock.patch.dict(mapping, a=2)
        assert patcher.start() is mapping
        assert mapping == {"a": 2}
        patcher.stop()
        assert mapping == {"a": 1}

    def test_clear_on_a_mapping_without_clear_deletes_each_key(self, mock: Any) -> None:
        class Registry:
            def __init__(self) -> None:
                self.entries = {"a": 1, "b": 2}

            def __getitem__(self, key: str) -> int:
                return self.entries[key]

            def __setitem__(self, key: str, value: int) -> None:
                self.entries[key] = value

            def __delitem__(self, key: str) -> None:
                del self.entries[key]

            def __iter__(self) -> Iterator[str]:
                return iter(list(self.entries))

        registry = Registry()
        with mock.patch.dict(registry, {"c": 3}, clear=True):
            assert registry.entries == {"c": 3}
        assert registry.entries == {"a": 1, "b": 2}

    def test_exit_without_enter_leaves_the_mapping(self, mock: Any) -> None:
        mapping = {"a": 1}
        patcher = mock.patch.dict(mapping, a=2)
        assert patcher.__exit__(None, None, None) is False
        assert mapping == {"a": 1}

    def test_the_stdlibs_patch_and_unpatch_methods(self, mock: Any) -> None:
        mapping = {"a": 1}
        patcher = mock.patch.dict(mapping, a=2)
        patcher._patch_dict()
        assert mapping == {"a": 2}
        patcher._unpatch_dict()
        assert mapping == {"a": 1}

    def test_nested_patches_of_one_mapping(self, mock: Any) -> None:
        mapping = {"a": 1}
        with mock.patch.dict(mapping, a=2):
            with mock.patch.dict(mapping, a=3):
                assert mapping["a"] == 3
            assert mapping["a"] == 2
        assert mapping == {"a": 1}


class TestPatchMultiple:
    def test_the_context_manager_gives_the_made_mocks_by_name(self, mock: Any) -> None:
        with mock.patch.multiple(TARGET, greet=mock.DEFAULT, Session=mock.DEFAULT) as made:
            assert made == {"greet": greet, "Session": Session}
            assert all(isinstance(each, mock.MagicMock) for each in made.values())
        assert greet is ORIGINAL_GREET

    def test_new_values_are_installed_and_not_returned(self, mock: Any) -> None:
        with mock.patch.multiple(Greeter, greeting="hi", shout=mock.DEFAULT) as made:
            assert Greeter.greeting == "hi"
            assert list(made) == ["shout"]
        assert Greeter.greeting == "hello"

    def test_the_decorator_passes_the_made_mocks_by_keyword(self, mock: Any) -> None:
        @mock.patch.multiple(TARGET, greet=mock.DEFAULT, Session=mock.DEFAULT)
        def check(value: int, greet: Any, Session: Any) -> Any:
            return value, greet is sys.modules[TARGET].greet, Session is sys.modules[TARGET].Session

        assert check(1) == (1, True, True)

    def test_options_apply_to_every_attribute(self, mock: Any) -> None:
        with mock.patch.multiple(
            Greeter, greet=mock.DEFAULT, shout=mock.DEFAULT, autospec=True
        ) as made:
            with pytest.raises(TypeError):
                Greeter("ada").greet("!", "?")
            assert isinstance(Greeter.shout, mock.MagicMock)
        assert set(made) == {"greet", "shout"}
        with mock.patch.multiple(
            Greeter, zz=mock.DEFAULT, create=True, new_callable=mock.NonCallableMock
        ) as made:
            assert isinstance(Greeter.zz, mock.NonCallableMock)
        assert not hasattr(Greeter, "zz")


class TestStopall:
    def test_stopall_undoes_every_started_patch(self, mock: Any) -> None:
        key = "AMOCK_DROPIN_STOPALL"
        mock.patch(f"{TARGET}.greet").start()
        mock.patch.object(Greeter, "greeting", "hi").start()
        mock.patch.dict(os.environ, {key: "1"}).start()
        mock.patch.multiple(Greeter, shout=mock.DEFAULT).start()
        mock.patch.stopall()
        assert greet is ORIGINAL_GREET
        assert Greeter.greeting == "hello"
        assert key not in os.environ
        assert isinstance(vars(Greeter)["shout"], staticmethod)

    def test_stopall_of_either_module_stops_the_patches_of_both(self) -> None:
        amock.patch(f"{TARGET}.greet").start()
        std.patch.object(Greeter, "greeting", "hi").start()
        std.patch.stopall()
        assert greet is ORIGINAL_GREET
        std.patch(f"{TARGET}.greet").start()
        amock.patch.object(Greeter, "greeting", "hi").start()
        amock.patch.stopall()
        assert greet is ORIGINAL_GREET
        assert Greeter.greeting == "hello"


# -- misuse raises what the stdlib raises ----------------------------------------------


def _target_without_a_dot(m: Any) -> None:
    m.patch("greet")


def _target_module_missing(m: Any) -> None:
    with m.patch("amock_dropin_no_such_module.attribute"):
        pass


def _target_attribute_missing(m: Any) -> None:
    with m.patch(f"{TARGET}.no_such_attribute"):
        pass


def _patch_object_of_a_string(m: Any) -> None:
    m.patch.object(TARGET, "greet")


def _new_with_new_callable(m: Any) -> None:
    m.patch(f"{TARGET}.greet", new=1, new_callable=m.Mock)


def _autospec_with_new_callable(m: Any) -> None:
    m.patch(f"{TARGET}.greet", autospec=True, new_callable=m.Mock)


def _spec_with_autospec(m: Any) -> None:
    with m.patch(f"{TARGET}.greet", spec=True, autospec=True):
        pass


def _keywords_with_new(m: Any) -> None:
    with m.patch(f"{TARGET}.greet", new=1, return_value=2):
        pass


def _spec_set_object_with_spec(m: Any) -> None:
    with m.patch(f"{TARGET}.greet", spec=True, spec_set=["upper"]):
        pass


def _spec_with_create(m: Any) -> None:
    with m.patch(f"{TARGET}.no_such_attribute", create=True, spec=True):
        pass


def _autospec_with_create(m: Any) -> None:
    with m.patch(f"{TARGET}.no_such_attribute", create=True, autospec=True):
        pass


def _patch_multiple_without_attributes(m: Any) -> None:
    m.patch.multiple(TARGET)


def _patch_spec_is_a_mock(m: Any) -> None:
    with m.patch(f"{TARGET}.greet", spec=m.Mock()):
        pass


def _patch_autospec_of_a_patched_attribute(m: Any) -> None:
    with m.patch(f"{TARGET}.greet"), m.patch(f"{TARGET}.greet", autospec=True):
        pass


def _autospec_typo(m: Any) -> None:
    m.patch(f"{TARGET}.greet", autospect=True)


def _create_autospec_typo(m: Any) -> None:
    m.create_autospec(greet, set_spec=True)


class TestMisuse:
    @scenarios(
        _target_without_a_dot,
        _target_module_missing,
        _target_attribute_missing,
        _patch_object_of_a_string,
        _new_with_new_callable,
        _autospec_with_new_callable,
        _spec_with_autospec,
        _keywords_with_new,
        _spec_set_object_with_spec,
        _spec_with_create,
        _autospec_with_create,
        _patch_multiple_without_attributes,
        _patch_spec_is_a_mock,
        _patch_autospec_of_a_patched_attribute,
        _autospec_typo,
        _create_autospec_typo,
    )
    def test_misuse_raises_an_instance_of_the_stdlib_exception_class(
        self, scenario: Callable[[Any], object]
    ) -> None:
        # differences.md: amock's errors are specific, each subclassing what the stdlib raises.
        expected = type(_raised(scenario, std))
        assert isinstance(_raised(scenario, amock), expected)
        assert greet is ORIGINAL_GREET

    def test_a_target_module_that_fails_to_import_raises_its_own_error(
        self, mock: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (tmp_path / "amock_dropin_broken.py").write_text("raise LookupError('settings missing')\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        with pytest.raises(LookupError), mock.patch("amock_dropin_broken.attribute"):
            pass
        assert "amock_dropin_broken" not in sys.modules


# -- where differences.md says amock differs -------------------------------------------


class TestDocumentedDifferences:
    def test_a_decorated_generator_runs_its_body_patched(self) -> None:
        @amock.patch(f"{TARGET}.greet", return_value="patched")
        def names(patched: Any) -> Iterator[str]:
            yield greet("ada")
            yield greet("bob")

        assert list(names()) == ["patched", "patched"]
        assert greet is ORIGINAL_GREET

    def test_patches_on_one_attribute_may_end_in_any_order(self) -> None:
        outer = amock.patch(f"{TARGET}.greet", new="outer")
        inner = amock.patch(f"{TARGET}.greet", new="inner")
        outer.start()
        inner.start()
        try:
            outer.stop()
            assert greet == "inner"
        finally:
            inner.stop()
        assert greet is ORIGINAL_GREET

    def test_a_decorated_function_reports_its_signature_without_the_mocks(self) -> None:
        @std.patch(f"{TARGET}.Session")
        @amock.patch(f"{TARGET}.greet")
        def check(patched: Any, session: Any, fixture: Any) -> None:
            pass

        assert list(inspect.signature(check).parameters) == ["fixture"]
        assert list(check.patchings) == []

    def test_entering_an_active_patcher_is_a_conflict(self) -> None:
        patcher = amock.patch(f"{TARGET}.greet")
        with patcher:
            with pytest.raises(PatchConflictError), patcher:
                pass
            assert isinstance(greet, amock.MagicMock)
        assert greet is ORIGINAL_GREET

    def test_a_specced_sync_mock_is_not_a_coroutine_function(self) -> None:
        assert not inspect.iscoroutinefunction(amock.MagicMock(spec=greet))

    def test_an_autospecced_coroutine_function_is_a_coroutine_function_from_3_12(self) -> None:
        async def fetch(url: str) -> None:
            pass

        # Marked with inspect.markcoroutinefunction (3.12+); before, inspect reads
        # the code object only, and the copy answers as the stdlib's.
        expected = sys.version_info >= (3, 12) or inspect.iscoroutinefunction(
            std.create_autospec(fetch)
        )
        assert inspect.iscoroutinefunction(amock.create_autospec(fetch)) is expected

    def test_a_mock_specced_from_a_function_carries_its_name(self) -> None:
        fake = amock.MagicMock(spec=greet)
        assert (fake.__name__, fake.__qualname__, fake.__module__) == ("greet", "greet", TARGET)

    def test_asking_whether_a_specced_sync_mock_is_a_coroutine_function_records_nothing(
        self,
    ) -> None:
        stdlib_fake, fake = std.MagicMock(spec=greet), amock.MagicMock(spec=greet)
        inspect.iscoroutinefunction(stdlib_fake)
        inspect.iscoroutinefunction(fake)
        assert stdlib_fake.mock_calls != []  # the stdlib reads a child mock's __code__.co_flags
        assert fake.mock_calls == []

    def test_the_new_names_of_a_mock_are_listed_by_dir(self) -> None:
        assert "wait_for_call" not in dir(std.MagicMock())
        assert "wait_for_call" in dir(amock.MagicMock())
        assert {"wait_for_await", "delay"} <= set(dir(amock.AsyncMock()))

    def test_an_autospecced_function_resets_its_return_value_on_request(self) -> None:
        stdlib_fake = std.create_autospec(greet, return_value="set")
        with pytest.raises(TypeError, match="unexpected keyword argument 'return_value'"):
            stdlib_fake.reset_mock(return_value=True)
        fake = amock.create_autospec(greet, return_value="set")
        fake.reset_mock(return_value=True)
        assert fake("ada") != "set"

    def test_a_patcher_works_with_async_with(self) -> None:
        async def patched() -> bool:
            async with amock.patch(f"{TARGET}.greet") as fake:
                return greet is fake

        assert not hasattr(std.patch(f"{TARGET}.greet"), "__aenter__")
        assert asyncio.run(patched())
        assert greet is ORIGINAL_GREET

    def test_a_patcher_repr_names_the_patch(self) -> None:
        assert (
            repr(amock.patch(f"{TARGET}.greet")) == f"<amock patcher amock.patch('{TARGET}.greet')>"
        )
        assert repr(std.patch(f"{TARGET}.greet")).startswith("<unittest.mock._patch object at ")

    def test_patch_dict_refuses_a_non_mapping_when_made(self) -> None:
        std.patch.dict(42)  # type: ignore[arg-type]  # the stdlib fails only at start
        with pytest.raises(TypeError, match="need a mapping"):
            amock.patch.dict(42)  # type: ignore[arg-type]


class TestModuleNames:
    def test_every_public_name_of_the_stdlib_is_public_in_amock(self) -> None:
        assert set(std.__all__) <= set(amock.__all__)
        assert all(hasattr(amock, name) for name in std.__all__)

    def test_filter_dir_switches_off_the_filtering_of_dir(
        self, mock: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert "_mock_children" not in dir(mock.Mock())
        monkeypatch.setattr(mock, "FILTER_DIR", False)
        assert "_mock_children" in dir(mock.Mock())

    @pytest.mark.skipif(not hasattr(std, "ThreadingMock"), reason="ThreadingMock is 3.13+")
    def test_threading_mock_is_a_mock_of_the_module(self, mock: Any) -> None:
        threading_mock = mock.ThreadingMock()
        assert isinstance(threading_mock, mock.Mock)
        threading_mock(1)
        threading_mock.wait_until_called(timeout=1)
        threading_mock.wait_until_any_call_with(1)


class Outer:
    """A class with a nested class, as CPython's patch tests autospec it."""

    class Inner:
        def ping(self):
            return "pong"

    def method(self):
        return "method"


class TestPatcherDetailsAsTheStdlibs:
    """Details of the patcher objects that CPython's own patch tests check, on both modules."""

    def test_every_patcher_is_a_stdlib_patcher(self, mock: Any) -> None:
        for patcher in (
            mock.patch(f"{TARGET}.greet"),
            mock.patch.object(Greeter, "greet"),
            mock.patch.multiple(Greeter, greet=mock.DEFAULT, shout=mock.DEFAULT),
        ):
            assert isinstance(patcher, std._patch)
            assert isinstance(patcher.copy(), std._patch)

    def test_patch_dict_is_a_stdlib_dict_patcher(self, mock: Any) -> None:
        settings = {"mode": "real"}
        patcher = mock.patch.dict(settings, mode="test")
        assert isinstance(patcher, std._patch_dict)

        # The stdlib's method names decorate as calling the patcher does.
        @patcher.decorate_callable
        def read() -> str:
            return settings["mode"]

        assert read() == "test"
        assert settings == {"mode": "real"}

        @patcher.decorate_class
        class Tests:
            def test_read(self) -> str:
                return settings["mode"]

        assert Tests().test_read() == "test"
        assert settings == {"mode": "real"}

    def test_exit_without_start_is_as_in_this_pythons_stdlib(self, mock: Any) -> None:
        patcher = mock.patch(f"{TARGET}.greet")
        if sys.version_info >= (3, 14):  # gh-104745: nothing to undo, nothing done
            assert patcher.__exit__(None, None, None) is None
        else:
            with pytest.raises(AttributeError):
                patcher.__exit__(None, None, None)
        assert greet is ORIGINAL_GREET

    def test_exit_inside_with_undoes_the_patch_once(self, mock: Any) -> None:
        patcher = mock.patch(f"{TARGET}.greet")

        def exit_twice() -> None:
            with patcher:
                patcher.__exit__(None, None, None)
                assert greet is ORIGINAL_GREET

        if sys.version_info >= (3, 14):
            exit_twice()
        else:
            with pytest.raises(AttributeError):
                exit_twice()
        assert greet is ORIGINAL_GREET

    @pytest.mark.skipif(
        sys.version_info < (3, 14),
        reason="the stdlib starts a started patch again before 3.14; amock refuses on "
        "every version (docs/differences.md, tests/test_patch.py)",
    )
    def test_a_second_start_is_refused_in_the_stdlib_words(self, mock: Any) -> None:
        patcher = mock.patch(f"{TARGET}.greet")
        patcher.start()
        try:
            with pytest.raises(RuntimeError, match="Patch is already started"):
                patcher.start()
        finally:
            patcher.stop()
        assert greet is ORIGINAL_GREET

    def test_target_temp_original_and_is_local_set_while_active_say_what_is_restored(
        self, mock: Any
    ) -> None:
        holder = mock.Mock()
        bar = holder.bar
        patcher = mock.patch.object(holder, "bar", "x")
        with patcher:
            assert patcher.is_local is False
            assert patcher.target is holder
            assert patcher.temp_original is bar
            patcher.is_local = True
            patcher.target = bar
            patcher.temp_original = holder
            assert patcher.is_local is True
            assert patcher.target is bar
            assert patcher.temp_original is holder
        # Undone from the values set: ``holder`` went onto ``bar``, ``holder.bar`` stays.
        assert bar.bar is holder
        assert holder.bar == "x"

    @pytest.mark.parametrize(
        ("is_local", "temp_original", "left"),
        [(None, 3, 3), (False, None, 1), (None, None, 1)],
    )
    def test_a_class_attribute_is_restored_from_what_was_set(
        self, mock: Any, is_local: bool | None, temp_original: int | None, left: int
    ) -> None:
        class Holder:
            value = 1

        patcher = mock.patch.object(Holder, "value", 2)
        with patcher:
            if is_local is not None:
                patcher.is_local = is_local
            if temp_original is not None:
                patcher.temp_original = temp_original
        assert Holder.__dict__["value"] == left

    def test_patch_multiple_patches_an_instance_of_a_str_subclass(self, mock: Any) -> None:
        flavour = type("Flavour", (str,), {"fish": "tasty"})(TARGET)  # a dotted name's text
        with mock.patch.multiple(flavour, fish="nearly gone"):
            assert flavour.fish == "nearly gone"
        assert flavour.fish == "tasty"
        assert not hasattr(sys.modules[TARGET], "fish")

    def test_patch_object_of_a_string_says_so_in_the_stdlib_words(self, mock: Any) -> None:
        stdlib_words = "'Something' must be the actual object to be patched, not a str"
        with pytest.raises(TypeError, match=stdlib_words):
            mock.patch.object("Something", "do_something")

    def test_a_non_string_attribute_name_fails_only_when_the_patch_starts(self, mock: Any) -> None:
        name: Any = object()

        @mock.patch.object(Greeter, name)
        def decorated() -> None:
            pass

        assert decorated.__name__ == "decorated"
        with pytest.raises(TypeError, match="attribute name must be"):
            decorated()
        assert Greeter.greet is ORIGINAL_GREETER_GREET

    def test_autospec_keeps_a_nested_class_callable_on_instances(self, mock: Any) -> None:
        for instance in (
            mock.create_autospec(Outer, instance=True),
            mock.create_autospec(Outer)(),
        ):
            inner = instance.Inner()
            inner.ping()
            instance.Inner.assert_called_with()
            with pytest.raises(TypeError):
                inner.ping(1)
            with pytest.raises(AttributeError):
                instance.Inner.pong  # noqa: B018
        with mock.patch(f"{TARGET}.Outer", autospec=True) as outer_class:
            outer_class().Inner().ping()
            outer_class.return_value.Inner.return_value.ping.assert_called_with()


COPIED_CLASSES = ["Mock", "MagicMock", "NonCallableMock", "NonCallableMagicMock", "AsyncMock"]


class TestCopiesOfMocks:
    """``copy.copy``/``copy.deepcopy`` of a mock behave as the stdlib's (a cache stores copies)."""

    @staticmethod
    def observed(module: Any, name: str, copier: Callable[[Any], Any]) -> dict[str, Any]:
        original = getattr(module, name)()
        callable_ = "NonCallable" not in name
        if callable_:
            original.return_value = "kept"
            original.side_effect = None
            made = original("before")
            if inspect.iscoroutine(made):
                made.close()  # an AsyncMock's call: only its record matters here
        original.child.attribute = 1
        copied = copier(original)
        seen: dict[str, Any] = {
            "is": copied is original,
            "equal": copied == original,
            "equal reflected": original == copied,
            "not equal": copied != original,
            "hash": hash(copied) == hash(original),
            "same child": copied.child is original.child,
            "child attribute": copied.child.attribute,
            "class derives": type(copied).__mro__[1] is type(original),
        }
        if callable_:
            seen["return value"] = copied.return_value
            # A deep copy of a callable mock is what calling its ``__deepcopy__``
            # child gives, in both; the memo dict it records is the mock's state.
            seen["call count"] = copied.call_count
            seen["call arguments"] = len(copied.call_args.args)
            seen["calls shared"] = copied.call_args_list is original.call_args_list
        if "Magic" in name:
            seen["len"] = len(copied)
            seen["bool"] = bool(copied)
            seen["iter"] = list(iter(copied))
            seen["contains"] = 1 in copied
        return seen

    @pytest.mark.parametrize("copier", [copy.copy, copy.deepcopy], ids=["copy", "deepcopy"])
    @pytest.mark.parametrize("name", COPIED_CLASSES)
    def test_a_copy_behaves_as_the_stdlibs(self, name: str, copier: Callable[[Any], Any]) -> None:
        assert self.observed(amock, name, copier) == self.observed(std, name, copier)

    @pytest.mark.parametrize("module", [std, amock], ids=["stdlib", "amock"])
    def test_a_copy_outliving_its_original_keeps_working_magic_methods(self, module: Any) -> None:
        copied = copy.copy(module.MagicMock())
        gc.collect()  # amock's original is gone now; the stdlib's lives on in its class
        assert (len(copied), int(copied), copied == copied, copied != copied) == (0, 1, True, False)
        copied.__len__.return_value = 5
        assert len(copied) == 5

    def test_a_cached_copy_compares_equal_to_the_mock_it_copies(self) -> None:
        user = amock.MagicMock(name="user")
        cached = copy.copy(user)
        assert cached == user
        assert cached is not user
        assert {cached: "entry"}[user] == "entry"


class Waiter:
    """An async method amock sees through ``patch()`` of its class, where the stdlib does not."""

    async def wait(self, timeout: float = 1.0) -> bool:
        raise AssertionError("the real wait runs in no test")


class Stub:
    """A sync method that returns an awaitable, as gRPC's stubs do (the stdlib sees it as sync)."""

    def call(self, request: dict[str, str]) -> Awaitable[dict[str, int]]:
        raise AssertionError("the real call runs in no test")


class Reply:
    """An awaitable object a test hands back as a stub call's ``return_value``."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self) -> Generator[Any, None, Any]:
        return self._value().__await__()

    async def _value(self) -> Any:
        return self.value


#: Mocks whose async shape amock lends: the stdlib's mock there is a plain one.
LENT = [
    "method of an unspecced class patch's instance",
    "method of an unspecced class patch",
    "sync method returning an awaitable",
]


@contextlib.contextmanager
def lent_mock(route: str) -> Iterator[Any]:
    if route in LENT[:2]:
        with amock.patch.object(sys.modules[__name__], "Waiter") as waiter_class:
            yield waiter_class.return_value.wait if route == LENT[0] else waiter_class.wait
    else:
        with amock.patch.object(Stub, "call") as call:
            yield call


def _greet(name: str, loud: bool = False) -> str:
    return name


class TestWhatFrameworksReadOfAMock:
    """Annotations, type hints and signatures of a mock read as the stdlib's.

    Dependency injectors and CLI builders call these on the callables they are
    handed; amock's own class annotations once showed through (a ``NameError``
    for ``ClassVar`` from ``typing.get_type_hints``).
    """

    @staticmethod
    def seen(module: Any, make: str) -> dict[str, Any]:
        mocked = {
            "Mock": lambda: module.Mock(),
            "MagicMock": lambda: module.MagicMock(),
            "NonCallableMagicMock": lambda: module.NonCallableMagicMock(),
            "MagicMock(spec=function)": lambda: module.MagicMock(spec=_greet),
        }[make]()
        found: dict[str, Any] = {}
        for name, read in [
            ("__annotations__", lambda: type(mocked.__annotations__).__name__),
            ("get_type_hints", lambda: typing.get_type_hints(mocked)),
            ("get_annotations", lambda: inspect.get_annotations(mocked)),
            ("signature", lambda: str(inspect.signature(mocked))),
        ]:
            try:
                found[name] = read()
            except Exception as error:  # the error is what is compared
                found[name] = type(error)
        return found

    @pytest.mark.parametrize(
        "make", ["Mock", "MagicMock", "NonCallableMagicMock", "MagicMock(spec=function)"]
    )
    def test_they_read_as_the_stdlibs(self, make: str) -> None:
        assert self.seen(amock, make) == self.seen(std, make)


class TestLentAsyncShapes:
    """Where amock's mock is async and the stdlib's is plain, a configured value keeps its meaning.

    ``docs/differences.md``, "Lent async shapes": the call returns a configured
    awaitable as it is, runs a side effect at once, and otherwise returns an
    awaitable of the mock that compares equal to its ``return_value``.
    """

    @pytest.mark.parametrize("route", LENT)
    def test_the_mock_is_async_where_the_stdlibs_is_plain(self, route: str) -> None:
        with lent_mock(route) as lent:
            assert isinstance(lent, std.AsyncMockMixin)
        with std.patch.object(sys.modules[__name__], "Waiter") as waiter_class:
            assert not isinstance(waiter_class.return_value.wait, std.AsyncMockMixin)
            assert not isinstance(waiter_class.wait, std.AsyncMockMixin)
        with std.patch.object(Stub, "call") as call:
            assert not isinstance(call, std.AsyncMockMixin)

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_a_configured_coroutine_is_what_the_call_returns(self, route: str) -> None:
        async def reply() -> list[str]:
            return ["192.0.2.1"]

        with lent_mock(route) as lent:
            configured = reply()
            lent.return_value = configured
            returned = lent(timeout=2)
            assert returned is configured
            assert await returned == ["192.0.2.1"]
            lent.assert_called_once_with(timeout=2)

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_a_configured_awaitable_object_is_what_the_call_returns(self, route: str) -> None:
        with lent_mock(route) as lent:
            lent.return_value = Reply({"stock": 4})
            assert await lent({"sku": "A"}) == {"stock": 4}

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_unset_the_call_is_still_awaitable(self, route: str) -> None:
        with lent_mock(route) as lent:
            lent.return_value = True
            assert await lent(timeout=3) is True
            assert await lent() is True
            lent.assert_awaited_with()
            assert lent.await_count == 2

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_the_default_return_value_is_awaited_to(self, route: str) -> None:
        with lent_mock(route) as lent:
            assert await lent() is lent.return_value

    @pytest.mark.parametrize("route", LENT)
    def test_a_side_effect_runs_at_the_call_as_on_the_stdlib(self, route: str) -> None:
        with lent_mock(route) as lent:
            lent.side_effect = TimeoutError("slow")
            with pytest.raises(TimeoutError, match="slow"):
                lent()
            seen: list[Any] = []
            lent.side_effect = seen.append
            pending = lent("now")
            assert seen == ["now"]
            pending.close()

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_a_side_effects_awaitable_result_is_returned_as_it_is(self, route: str) -> None:
        with lent_mock(route) as lent:
            lent.side_effect = [Reply(1), 2]
            assert await lent() == 1
            assert await lent() == 2

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_a_side_effect_giving_default_awaits_to_the_return_value(
        self, route: str
    ) -> None:
        with lent_mock(route) as lent:
            lent.return_value = "configured"
            lent.side_effect = lambda *args: amock.DEFAULT
            assert await lent() == "configured"

    @pytest.mark.parametrize("route", LENT)
    def test_an_exception_from_a_side_effect_iterable_is_raised_at_the_call(
        self, route: str
    ) -> None:
        with lent_mock(route) as lent:
            lent.side_effect = [TimeoutError("slow")]
            with pytest.raises(TimeoutError, match="slow"):
                lent()

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_a_side_effect_value_is_awaited_to_after_a_checkpoint(self, route: str) -> None:
        with lent_mock(route) as lent:
            lent.side_effect = ["reply"]
            lent.checkpoint = True
            assert await lent() == "reply"
            lent.assert_awaited_once_with()

    @pytest.mark.parametrize("route", LENT)
    def test_the_call_runs_as_an_asyncio_task_and_can_be_cancelled(self, route: str) -> None:
        async def main() -> None:
            loop = asyncio.get_running_loop()
            with lent_mock(route) as lent:
                lent.return_value = 7
                lent.checkpoint = True  # each await passes a scheduling point
                assert await loop.create_task(lent(1)) == 7
                task = loop.create_task(lent(2))
                await asyncio.sleep(0)  # the task waits at its checkpoint
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                lent.assert_awaited_with(2)
                # Driven by hand and abandoned at its checkpoint, as a framework may.
                pending = lent(3)
                assert pending.send(None) is None
                pending.close()
                with pytest.raises(RuntimeError, match="cannot reuse"):
                    pending.send(None)

        asyncio.run(main())

    @pytest.mark.parametrize("route", LENT)
    def test_the_call_equals_itself(self, route: str) -> None:
        with lent_mock(route) as lent:
            pending = lent(timeout=5)
            assert pending == pending
            assert [pending].index(pending) == 0

    @pytest.mark.parametrize("route", LENT)
    def test_the_result_stands_for_the_return_value_in_comparisons(self, route: str) -> None:
        # The stdlib's plain mock returns its return value, so a test checks
        # what the code handed on (say, to a mocked asyncio.wait) against it.
        scheduler = amock.Mock()
        with lent_mock(route) as lent:
            scheduler.wait([lent(timeout=5)], timeout=30)
            scheduler.wait.assert_called_once_with([lent.return_value], timeout=30)
            assert lent() != object()

    @pytest.mark.parametrize("route", LENT)
    def test_a_call_nobody_awaits_leaves_no_warning(self, route: str) -> None:
        with lent_mock(route) as lent:
            lent(timeout=1)
        # filterwarnings("error") turns a "never awaited" RuntimeWarning into a failure.
        import gc

        gc.collect()

    def test_its_repr_names_the_call(self) -> None:
        with lent_mock(LENT[0]) as lent:
            shown = repr(lent(1.5, reason="stop"))
        assert shown == "<awaitable of Waiter().wait(1.5, reason='stop')>"

    @pytest.mark.anyio
    @pytest.mark.parametrize("route", LENT)
    async def test_a_strict_block_reports_a_lent_call_never_awaited(self, route: str) -> None:
        with lent_mock(route) as lent:
            with pytest.raises(NeverAwaitedError, match=r"\(timeout=1\) at .*test_dropin"):
                async with amock.strict():
                    lent(timeout=1)
            async with amock.strict():
                await lent(timeout=2)

    @pytest.mark.anyio
    async def test_a_coroutine_function_patched_itself_is_not_lent(self) -> None:
        # The stdlib makes an AsyncMock here too: its return value is what the await gives.
        with amock.patch.object(Waiter, "wait") as wait:
            wait.return_value = Reply(1)
            assert isinstance(await wait(), Reply)


class TestStackedPatchDicts:
    """Stacked ``patch.dict`` decorators nest as the stdlib's wrappers do: the inner one wins."""

    def test_on_a_function_the_bottom_one_wins(self, mock: Any) -> None:
        settings: dict[str, str] = {}

        @mock.patch.dict(settings, {"mode": "top"})
        @mock.patch.dict(settings, {"mode": "bottom"})
        def read() -> str:
            return settings["mode"]

        assert read() == "bottom"
        assert settings == {}

    def test_a_method_decorator_wins_over_its_class_decorator(self, mock: Any) -> None:
        settings = {"mode": "real", "other": "kept?"}

        @mock.patch.dict(settings, clear=True)
        class Tests:
            @mock.patch.dict(settings, {"mode": "method"})
            def test_read(self) -> dict[str, str]:
                return dict(settings)

        assert Tests().test_read() == {"mode": "method"}
        assert settings == {"mode": "real", "other": "kept?"}


class TestWhatCPythonsMockSuiteChecks:
    """Behaviours CPython's own mock tests check, run on both modules."""

    @pytest.mark.parametrize("before", [True, False])
    def test_patching_filter_dir_on_the_module_is_undone(self, mock: Any, before: bool) -> None:
        saved = std.FILTER_DIR
        std.FILTER_DIR = before
        try:
            patcher = mock.patch.object(mock, "FILTER_DIR", not before)
            patcher.start()
            assert mock.FILTER_DIR is (not before)
            patcher.stop()
            assert mock.FILTER_DIR is before
            assert std.FILTER_DIR is before
        finally:
            std.FILTER_DIR = saved

    @pytest.mark.parametrize("patch", [std.patch, amock.patch], ids=["std.patch", "amock.patch"])
    def test_either_patcher_undoes_a_patch_of_amocks_filter_dir(self, patch: Any) -> None:
        with patch.object(amock, "FILTER_DIR", False):
            assert "_mock_children" in dir(amock.Mock())
        assert amock.FILTER_DIR is True
        assert "_mock_children" not in dir(amock.Mock())

    def test_deleting_amocks_filter_dir_hides_it_until_set_again(self) -> None:
        try:
            del amock.FILTER_DIR
            assert not hasattr(amock, "FILTER_DIR")
        finally:
            amock.FILTER_DIR = True
        assert amock.FILTER_DIR is True

    def test_next_and_iteration_give_what_readline_is_set_to_return(self, mock: Any) -> None:
        opened = mock.mock_open(read_data="foo\nbar\n")
        opened.return_value.readline.return_value = "abc"
        handle = opened()
        assert next(handle) == "abc"
        assert list(itertools.islice(handle, 3)) == ["abc", "abc", "abc"]

    def test_mock_open_records_the_calls_the_stdlib_records(self) -> None:
        # From 3.13 leaving `with` also calls close().
        def calls(module: Any) -> list[Any]:
            opened = module.mock_open(read_data="data")
            for name in ("foo", "bar"):
                with opened(name) as handle:
                    handle.read()
            return list(opened.mock_calls)

        assert calls(amock) == calls(std)

    @pytest.mark.skipif(not hasattr(std, "ThreadingMock"), reason="ThreadingMock is 3.13+")
    def test_every_child_of_a_threading_mock_waits_with_its_timeout(self, mock: Any) -> None:
        parent = mock.ThreadingMock(timeout=2)
        child = parent.really().__mul__().complex
        assert isinstance(parent.__mul__, mock.ThreadingMock)
        assert isinstance(child, mock.ThreadingMock)
        assert child._mock_wait_timeout == 2
        assert parent.__mul__._mock_wait_timeout == 2

    @pytest.mark.skipif(not hasattr(std, "ThreadingMock"), reason="ThreadingMock is 3.13+")
    @pytest.mark.anyio
    async def test_async_with_a_threading_mock_awaits_an_async_enter(self) -> None:
        # differences.md: the stdlib's __aenter__ here is a sync ThreadingMock, and
        # ``async with`` fails; amock's is an AsyncMock, which has no wait timeout.
        parent = amock.ThreadingMock(timeout=2)
        async with parent as entered:
            assert entered is parent.__aenter__.return_value
        assert isinstance(parent.__aenter__, amock.AsyncMock)
        assert not isinstance(parent.__aenter__, amock.ThreadingMock)

    @pytest.mark.parametrize(
        "name", ["Mock", "MagicMock", "NonCallableMock", "NonCallableMagicMock", "AsyncMock"]
    )
    def test_a_mocks_own_class_comes_right_before_its_public_class(
        self, mock: Any, name: str
    ) -> None:
        public = getattr(mock, name)
        m = public()
        assert type(m).__mro__[1] is public
        assert type(m) is not public

    def test_children_and_return_values_come_right_before_the_parents_class(
        self, mock: Any
    ) -> None:
        m = mock.MagicMock()
        assert type(m.foo).__mro__[1] is mock.MagicMock
        assert type(m()).__mro__[1] is mock.MagicMock

    def test_a_magic_method_read_from_the_class_is_the_mocks_own(self, mock: Any) -> None:
        m = mock.MagicMock()
        type(m).__str__.return_value = "foo"
        assert str(m) == "foo"
        assert type(m).__enter__ is m.__enter__
        assert type(m).__len__ is m.__len__

    def test_a_magic_method_read_from_the_class_after_a_new_spec(self, mock: Any) -> None:
        m = mock.MagicMock()
        m.mock_add_spec(["__enter__", "__exit__", "close"])
        type(m).__enter__.return_value = "entered"
        with m as entered:
            assert entered == "entered"
        assert not hasattr(type(m), "__len__")

    def test_exit_stack_enters_and_exits_a_mock_as_the_stdlib_does(self) -> None:
        # ExitStack reads __enter__ and __exit__ from the class on 3.10-3.14.
        def calls(module: Any) -> list[tuple[str, int]]:
            m = module.MagicMock()
            with contextlib.ExitStack() as stack:
                assert stack.enter_context(m) is m.__enter__.return_value
            return [(name, len(args)) for name, args, _ in m.mock_calls]

        assert calls(amock) == calls(std)

    @pytest.mark.anyio
    async def test_async_exit_stack_enters_and_exits_a_mock_as_the_stdlib_does(self) -> None:
        async def calls(module: Any) -> list[tuple[str, int]]:
            m = module.MagicMock()
            async with contextlib.AsyncExitStack() as stack:
                assert await stack.enter_async_context(m) is m.__aenter__.return_value
            return [(name, len(args)) for name, args, _ in m.mock_calls]

        assert await calls(amock) == await calls(std)


# -- part 2: whole suites aliased to amock ---------------------------------------------
# Each inner suite is written as a stdlib user writes it, and runs twice: on the stdlib
# (which shows the suite is right) and with unittest.mock aliased to amock.

ALIAS = """
import sys
import unittest

import amock

sys.modules["unittest.mock"] = amock
unittest.mock = amock

EXPECTED_MODULE = "amock"
"""

NO_ALIAS = """
EXPECTED_MODULE = "unittest.mock"
"""

# Checks, around every inner test, that `unittest.mock` and the names the test module
# imported from it are the expected module's, and that nothing is left patched.
CONFTEST = """
import builtins
import os
import smtplib
import sys
import unittest.mock

import pytest
import targets

WATCHED = [
    (os, "getcwd"),
    (builtins, "open"),
    (smtplib, "SMTP"),
    (targets, "Client"),
    (targets, "fetch_json"),
    (targets, "workdir"),
    (targets, "VALUE"),
]
ORIGINALS = [getattr(owner, name) for owner, name in WATCHED]
IMPORTED = ("mock", "patch", "MagicMock", "AsyncMock", "call", "ANY")
# Started by plugins before the first test: pytest-mock's assertion wrappers, where it is installed.
STARTED = []


def pytest_sessionstart(session):
    STARTED[:] = unittest.mock._patch._active_patches


def assert_restored(when):
    changed = [
        name
        for (owner, name), original in zip(WATCHED, ORIGINALS)
        if getattr(owner, name) is not original
    ]
    assert not changed, f"{when}: still patched: {changed}"
    assert "APP_FLAG" not in os.environ, f"{when}: os.environ still patched"
    left = [each for each in unittest.mock._patch._active_patches if each not in STARTED]
    assert not left, f"{when}: patches left started"


def assert_mock_module(item):
    module = sys.modules["unittest.mock"]
    assert module.__name__ == EXPECTED_MODULE, f"unittest.mock is {module!r}"
    assert unittest.mock is module
    for name, value in vars(item.module).items():
        if name in IMPORTED:
            expected = module if name == "mock" else getattr(module, name)
            assert value is expected, f"{item.name}: {name} is not {EXPECTED_MODULE}'s"


# Hooks rather than an autouse fixture: hypothesis rejects function-scoped fixtures.
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    assert_mock_module(item)
    assert_restored(f"before {item.name}")
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    result = yield
    assert_restored(f"after {item.name}")
    return result


@pytest.fixture(scope="session")
def answer():
    return 42
"""

TARGETS = """
import os
import smtplib

VALUE = "real"


class Client:
    def __init__(self, base_url):
        self.base_url = base_url

    def get(self, path, *, timeout=5):
        raise RuntimeError("no network in tests")

    def close(self):
        pass


def fetch_page(path):
    client = Client("https://example.org")
    try:
        return client.get(path, timeout=5)
    finally:
        client.close()


def workdir():
    return os.getcwd()


def read_lines(path):
    with open(path) as handle:
        return [line.rstrip("\\n") for line in handle]


def send_report(text):
    with smtplib.SMTP("mail.example.org") as smtp:
        smtp.sendmail("a@example.org", ["b@example.org"], text)


def config_flag():
    return os.environ.get("APP_FLAG", "off")


async def fetch_json(url):
    raise RuntimeError("no network in tests")


async def load_user(user_id):
    return await fetch_json(f"/users/{user_id}")
"""

PYTEST_FUNCTIONS = """
import os
import unittest.mock
from unittest import mock
from unittest.mock import ANY, MagicMock, call, patch

import pytest
import targets


@mock.patch("targets.Client")
def test_patched_class_comes_before_the_fixtures(client_class, answer, tmp_path):
    client_class.return_value.get.return_value = "<html>"
    assert targets.fetch_page("/") == "<html>"
    client_class.assert_called_once_with("https://example.org")
    client_class.return_value.get.assert_called_once_with("/", timeout=5)
    client_class.return_value.close.assert_called_once_with()
    assert answer == 42
    assert tmp_path.is_dir()


@patch("targets.workdir", return_value="/srv")
@patch.object(targets, "VALUE", "patched")
@patch("os.getcwd")
def test_stacked_decorators_inject_bottom_up(getcwd, workdir, answer):
    assert os.getcwd is getcwd
    assert targets.workdir is workdir
    assert targets.workdir() == "/srv"
    assert targets.VALUE == "patched"
    assert answer == 42


@mock.patch.object(targets.Client, "get", autospec=True, return_value="page")
def test_patch_object_with_autospec(get):
    assert targets.fetch_page("/a") == "page"
    get.assert_called_once_with(ANY, "/a", timeout=5)
    with pytest.raises(TypeError):
        targets.Client("x").get()


@mock.patch.dict(os.environ, {"APP_FLAG": "on"})
def test_patch_dict_of_environ_as_decorator(answer):
    assert targets.config_flag() == "on"
    assert answer == 42


def test_patch_dict_of_environ_in_a_with_block():
    with mock.patch.dict(os.environ, {"APP_FLAG": "on"}, clear=True):
        assert dict(os.environ) == {"APP_FLAG": "on"}
    assert targets.config_flag() == "off"


def test_with_patch_as_gives_the_mock():
    with mock.patch("targets.Client") as client_class:
        targets.fetch_page("/about")
    assert client_class.mock_calls == [
        call("https://example.org"),
        call().get("/about", timeout=5),
        call().close(),
    ]
    assert not isinstance(targets.Client, MagicMock)


def test_a_context_manager_class():
    with mock.patch("smtplib.SMTP") as smtp_class:
        targets.send_report("report")
    smtp_class.assert_called_once_with("mail.example.org")
    smtp = smtp_class.return_value.__enter__.return_value
    smtp.sendmail.assert_called_once_with("a@example.org", ["b@example.org"], "report")


def test_mock_open_as_builtins_open():
    with patch("builtins.open", mock.mock_open(read_data="a\\nb\\n")) as opened:
        assert targets.read_lines("notes.txt") == ["a", "b"]
    opened.assert_called_once_with("notes.txt")


def test_patch_multiple_gives_the_made_mocks_by_name():
    with mock.patch.multiple("targets", workdir=mock.DEFAULT, VALUE="multiple") as made:
        made["workdir"].return_value = "/m"
        assert targets.workdir() == "/m"
        assert targets.VALUE == "multiple"
    assert list(made) == ["workdir"]


@pytest.mark.parametrize("path", ["/a", "/b"])
@mock.patch("targets.Client")
def test_parametrize_above_patch(client_class, path):
    targets.fetch_page(path)
    client_class.return_value.get.assert_called_once_with(path, timeout=5)


@pytest.fixture
def client_class():
    with mock.patch("targets.Client", autospec=True) as patched:
        patched.return_value.get.return_value = "from fixture"
        yield patched


def test_a_fixture_that_patches_with_autospec(client_class):
    assert targets.fetch_page("/f") == "from fixture"
    with pytest.raises(TypeError):
        targets.Client()


def test_started_patches_and_stopall():
    mock.patch("targets.workdir", return_value="/started").start()
    patch.object(targets, "VALUE", "started").start()
    patch.dict(os.environ, APP_FLAG="started").start()
    assert targets.workdir() == "/started"
    assert targets.VALUE == "started"
    mock.patch.stopall()
    assert targets.VALUE == "real"


def test_sentinel_any_and_call_objects():
    sink = MagicMock()
    sink.send(mock.sentinel.payload, retries=3, at=object())
    sink.send.assert_called_once_with(mock.sentinel.payload, retries=3, at=ANY)
    assert sink.mock_calls == [call.send(mock.sentinel.payload, retries=3, at=ANY)]
    assert isinstance(sink.send, unittest.mock.Mock)


@mock.patch("targets.workdir")
class TestPatchedClass:
    def test_one(self, workdir, answer):
        assert targets.workdir is workdir
        assert answer == 42

    def test_two(self, workdir):
        workdir.assert_not_called()

    @mock.patch("os.getcwd")
    def test_method_decorator_injects_first(self, getcwd, workdir):
        assert os.getcwd is getcwd
        assert targets.workdir is workdir
"""

UNITTEST_CASES = """
import os
import unittest
from unittest import mock
from unittest.mock import AsyncMock, MagicMock, call, patch

import targets


class DecoratedMethods(unittest.TestCase):
    @mock.patch("targets.Client")
    def test_mock_is_injected(self, client_class):
        targets.fetch_page("/")
        client_class.assert_called_once_with("https://example.org")

    @patch("targets.workdir", return_value="/w")
    @patch("os.getcwd")
    def test_stacked_decorators(self, getcwd, workdir):
        self.assertIs(os.getcwd, getcwd)
        self.assertEqual(targets.workdir(), "/w")

    @mock.patch.dict(os.environ, {"APP_FLAG": "on"})
    def test_patch_dict(self):
        self.assertEqual(targets.config_flag(), "on")

    def test_started_in_the_test_stopped_by_a_cleanup(self):
        patcher = mock.patch("targets.VALUE", "started")
        patcher.start()
        self.addCleanup(patcher.stop)
        self.assertEqual(targets.VALUE, "started")


class StartedInSetUp(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch("targets.Client", autospec=True)
        self.client_class = patcher.start()
        self.addCleanup(patcher.stop)

    def test_uses_the_mock_from_set_up(self):
        self.client_class.return_value.get.return_value = "page"
        self.assertEqual(targets.fetch_page("/"), "page")
        with self.assertRaises(TypeError):
            targets.Client("a").get()


@mock.patch("targets.workdir")
class PatchedTestCase(unittest.TestCase):
    def setUp(self):
        self.assertNotIsInstance(targets.workdir, MagicMock)

    def test_one(self, workdir):
        self.assertIs(targets.workdir, workdir)
        targets.workdir()

    def test_two(self, workdir):
        workdir.assert_not_called()

    @mock.patch("os.getcwd")
    def test_method_decorator_injects_before_class_decorator(self, getcwd, workdir):
        self.assertIs(os.getcwd, getcwd)
        self.assertIs(targets.workdir, workdir)


class AsyncTests(unittest.IsolatedAsyncioTestCase):
    @mock.patch("targets.fetch_json", new_callable=AsyncMock, return_value={"id": 1})
    async def test_async_mock_by_new_callable(self, fetch_json):
        self.assertEqual(await targets.load_user(1), {"id": 1})
        fetch_json.assert_awaited_once_with("/users/1")
        self.assertEqual(fetch_json.await_args_list, [call("/users/1")])

    @mock.patch("targets.fetch_json")
    async def test_a_coroutine_function_is_patched_with_an_async_mock(self, fetch_json):
        fetch_json.return_value = {"id": 2}
        self.assertIsInstance(fetch_json, AsyncMock)
        self.assertEqual(await targets.load_user(2), {"id": 2})
        fetch_json.assert_awaited_once_with("/users/2")

    async def test_with_patch_in_an_async_test(self):
        with mock.patch("targets.fetch_json", side_effect=KeyError("missing")) as fetch_json:
            with self.assertRaises(KeyError):
                await targets.load_user(3)
        fetch_json.assert_awaited_once_with("/users/3")


@mock.patch("targets.fetch_json", return_value={"id": 4})
class PatchedAsyncTestCase(unittest.IsolatedAsyncioTestCase):
    async def test_async_method(self, fetch_json):
        self.assertEqual(await targets.load_user(4), {"id": 4})

    def test_sync_method(self, fetch_json):
        self.assertIs(targets.fetch_json, fetch_json)


class AsyncSetUpStartsPatches(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        patcher = mock.patch("targets.fetch_json", return_value={"id": 5})
        self.fetch_json = patcher.start()
        self.addCleanup(patcher.stop)

    async def test_uses_the_started_patch(self):
        self.assertEqual(await targets.load_user(5), {"id": 5})
        self.fetch_json.assert_awaited_once_with("/users/5")


class InheritedTests:
    def test_inherited(self, workdir):
        self.assertIs(targets.workdir, workdir)


@mock.patch("targets.workdir")
class InheritingTestCase(InheritedTests, unittest.TestCase):
    pass
"""

HYPOTHESIS_GIVEN = """
import unittest
from unittest import mock

from hypothesis import given, settings, strategies as st

import targets

settings.register_profile("inner", max_examples=10, deadline=None, database=None)
settings.load_profile("inner")


@given(path=st.text())
@mock.patch("targets.Client")
def test_given_above_patch_patches_every_example(client_class, path):
    client_class.return_value.get.return_value = path
    assert targets.fetch_page(path) == path
    client_class.assert_called_once_with("https://example.org")


EXAMPLES = []


@mock.patch("targets.Client")
@given(path=st.text())
def test_patch_above_given_spans_every_example(client_class, path):
    EXAMPLES.append(path)
    targets.fetch_page(path)
    assert client_class.call_count == len(EXAMPLES)


class GivenInATestCase(unittest.TestCase):
    @given(n=st.integers())
    @mock.patch("targets.workdir")
    def test_given_above_patch(self, workdir, n):
        workdir.return_value = n
        self.assertEqual(targets.workdir(), n)
        workdir.assert_called_once_with()

    @mock.patch("targets.workdir")
    @given(n=st.integers())
    def test_patch_above_given(self, workdir, n):
        self.assertIs(targets.workdir, workdir)


@mock.patch("targets.workdir")
class PatchedTestCaseWithGiven(unittest.TestCase):
    @given(n=st.integers())
    def test_example(self, workdir, n):
        self.assertIs(targets.workdir, workdir)
        self.assertIsInstance(n, int)
"""

PRIVATE_NAMES = """
import unittest.mock
from unittest import mock
from unittest.mock import _Call, _patch

import pytest
import targets


def test_recorded_calls_are_call_objects():
    sink = mock.MagicMock()
    sink.send(1)
    assert isinstance(sink.send.call_args, _Call)
    assert isinstance(mock.call.send(1), unittest.mock._Call)
    assert all(isinstance(each, _Call) for each in sink.mock_calls)


def test_patchers_are_patcher_objects():
    assert isinstance(mock.patch("targets.workdir"), _patch)
    assert isinstance(mock.patch.object(targets, "VALUE", 1), unittest.mock._patch)


def test_started_patches_are_listed_until_stopped():
    patcher = mock.patch("targets.workdir")
    patcher.start()
    assert patcher in unittest.mock._patch._active_patches
    patcher.stop()
    assert patcher not in unittest.mock._patch._active_patches


def test_a_mock_cannot_be_autospecced():
    with pytest.raises(unittest.mock.InvalidSpecError):
        mock.create_autospec(mock.Mock())


def test_every_mock_is_a_non_callable_mock():
    made = [
        mock.Mock(),
        mock.MagicMock(),
        mock.AsyncMock(),
        mock.NonCallableMagicMock(),
        mock.PropertyMock(),
        mock.create_autospec(targets.Client),
        mock.mock_open(),
    ]
    assert [isinstance(each, unittest.mock.NonCallableMock) for each in made] == [True] * 7


def test_filter_dir_off_shows_every_attribute():
    assert "_mock_children" not in dir(mock.MagicMock())
    unittest.mock.FILTER_DIR = False
    try:
        assert "_mock_children" in dir(mock.MagicMock())
    finally:
        unittest.mock.FILTER_DIR = True
"""

SUITES = [
    pytest.param(PYTEST_FUNCTIONS, 17, id="pytest-functions"),
    pytest.param(UNITTEST_CASES, 15, id="unittest-testcases"),
    pytest.param(HYPOTHESIS_GIVEN, 5, id="hypothesis-given"),
    pytest.param(PRIVATE_NAMES, 6, id="private-names"),
]


def run_suite(pytester: pytest.Pytester, source: str, *, aliased: bool) -> pytest.RunResult:
    """Run ``source`` as the one test file of a fresh pytest session in a subprocess."""
    pytester.makeini("[pytest]\nfilterwarnings = error\n")
    pytester.makeconftest((ALIAS if aliased else NO_ALIAS) + CONFTEST)
    pytester.makepyfile(targets=TARGETS, test_suite=source)
    options = ["-p", "no:cacheprovider", "-p", "no:trio", "-p", "no:asyncio"]
    if "hypothesis" not in source:
        options += ["-p", "no:hypothesispytest"]  # two seconds of start-up saved
    return pytester.runpytest_subprocess(*options, "-W", "error", "-ra")


def assert_clean_pass(result: pytest.RunResult, passed: int) -> None:
    """Exactly ``passed`` tests passed, and nothing warned, failed, erred or was skipped."""
    __tracebackhide__ = True
    problems = [line for line in result.outlines if line.startswith(("FAILED", "ERROR"))]
    assert not problems, "\n".join(problems)
    result.assert_outcomes(passed=passed, warnings=0)
    for lines in (result.stdout, result.stderr):
        for pattern in ("*never awaited*", "*Unhandled*", "*warnings summary*"):
            lines.no_fnmatch_line(pattern)


class TestAliasedSuites:
    @pytest.mark.parametrize("aliased", [False, True], ids=["unittest.mock", "aliased-to-amock"])
    @pytest.mark.parametrize(("source", "passed"), SUITES)
    def test_a_stdlib_users_suite_passes_cleanly(
        self, pytester: pytest.Pytester, source: str, passed: int, aliased: bool
    ) -> None:
        assert_clean_pass(run_suite(pytester, source, aliased=aliased), passed)

    def test_the_inner_conftest_catches_a_patch_left_started(
        self, pytester: pytest.Pytester
    ) -> None:
        source = """
from unittest import mock


def test_leaks():
    mock.patch("targets.workdir").start()
"""
        result = run_suite(pytester, source, aliased=True)
        result.assert_outcomes(passed=1, errors=1)
        result.stdout.fnmatch_lines(["*after test_leaks: still patched: ?'workdir'?"])

    def test_the_inner_conftest_catches_names_that_are_not_the_aliased_modules(
        self, pytester: pytest.Pytester
    ) -> None:
        source = """
import unittest.mock

patch = object()


def test_patch_is_not_amocks():
    pass
"""
        result = run_suite(pytester, source, aliased=True)
        result.assert_outcomes(errors=1)
        result.stdout.fnmatch_lines(["*test_patch_is_not_amocks: patch is not amock's*"])
