"""amock's pytest plugin, run in pytest sessions of their own (pytester, one process each).

No command line here names the plugin: the ``pytest11`` entry point of the
installed package loads it, as it does for users. Each session groups several
inner tests, and every check asserts exact outcome counts and the lines a user sees.
"""

from __future__ import annotations

import os
import sys
import textwrap
import warnings
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, ClassVar
from unittest.mock import call, create_autospec

import pytest

from amock.errors import MockConfigurationError, UnknownMockError

#: The module the inner sessions patch and spy on: one target of every shape.
SHOP = '''
import contextlib

import anyio

SETTINGS = {"mode": "prod"}


def add(a, b):
    return a + b


def fail(message):
    raise ValueError(message)


async def fetch(key):
    await anyio.sleep(0)
    return {"key": key}


async def fail_later(message):
    await anyio.sleep(0)
    raise KeyError(message)


async def count(n):
    for index in range(n):
        await anyio.sleep(0)
        yield index


@contextlib.asynccontextmanager
async def session(name):
    await anyio.sleep(0)
    yield f"session-{name}"


class Connection:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        return f"connection-{self.name}"

    async def __aexit__(self, *exc_info):
        return None


def connect(name):
    return Connection(name)


class Cart:
    kind = "basket"

    def __init__(self):
        self.items = []

    def put(self, item):
        self.items.append(item)
        return len(self.items)

    async def checkout(self):
        await anyio.sleep(0)
        return len(self.items)


def snapshot():
    """Everything the tests patch, to compare before and after them."""
    names = ("add", "fail", "fetch", "fail_later", "count", "session", "connect")
    state = {name: globals()[name] for name in names}
    state.update({f"Cart.{name}": value for name, value in vars(Cart).items()})
    state["SETTINGS"] = dict(SETTINGS)
    return state
'''

#: Spy checks shared by the sync and the async sessions.
SPYING = """
import inspect

import pytest

import shop


def check_sync_spies(amocker):
    add = amocker.spy(shop, "add")
    assert shop.add(1, 2) == 3
    add.assert_called_once_with(1, 2)
    assert add.spy_return == 3
    assert add.spy_return_list == [3]
    assert add.spy_exception is None

    put = amocker.spy(shop.Cart, "put")
    cart = shop.Cart()
    assert cart.put("pen") == 1
    put.assert_called_once_with(cart, "pen")
    assert put.spy_return == 1
    assert cart.items == ["pen"]

    fail = amocker.spy(shop, "fail")
    with pytest.raises(ValueError, match="refused"):
        shop.fail("refused")
    fail.assert_called_once_with("refused")
    assert isinstance(fail.spy_exception, ValueError)


async def check_async_spies(amocker):
    fetch = amocker.spy(shop, "fetch")
    assert await shop.fetch("a") == {"key": "a"}
    fetch.assert_awaited_once_with("a")
    assert fetch.spy_return == {"key": "a"}
    assert fetch.spy_return_list == [{"key": "a"}]
    assert not inspect.isawaitable(fetch.spy_return)

    checkout = amocker.spy(shop.Cart, "checkout")
    cart = shop.Cart()
    cart.put("pen")
    assert await cart.checkout() == 1
    checkout.assert_awaited_once_with(cart)
    assert checkout.spy_return == 1

    count = amocker.spy(shop, "count")
    assert [item async for item in shop.count(3)] == [0, 1, 2]
    count.assert_called_once_with(3)
    assert count.spy_yields == [[0, 1, 2]]

    session = amocker.spy(shop, "session")
    async with shop.session("db") as entered:
        assert entered == "session-db"
    session.assert_called_once_with("db")
    assert session.spy_entered == ["session-db"]

    connect = amocker.spy(shop, "connect")
    async with shop.connect("cache") as entered:
        assert entered == "connection-cache"
    assert connect.spy_entered == ["connection-cache"]

    fail_later = amocker.spy(shop, "fail_later")
    with pytest.raises(KeyError):
        await shop.fail_later("gone")
    fail_later.assert_awaited_once_with("gone")
    assert isinstance(fail_later.spy_exception, KeyError)
"""

#: pytest-mock#425's shape: a test patches what its event loop uses when it
#: closes. ``patch_loop_internals`` patches, through ``start``, the loop's
#: ``close`` (recording calls made while patched) and a probe that records, when
#: its patch is undone, whether the test's loop (asyncio) or run (trio) had ended.
ORDERING = """
import asyncio

ORIGINAL_CLOSE = asyncio.BaseEventLoop.close
CLOSED_WHILE_PATCHED = {"amock": [], "plain": []}


class LoopProbe:
    def __init__(self):
        object.__setattr__(self, "state", "original")
        object.__setattr__(self, "ended", None)
        object.__setattr__(self, "ended_at_undo", [])

    def __setattr__(self, name, value):
        if name == "state" and value == "original":
            self.ended_at_undo.append(self.ended())
        object.__setattr__(self, name, value)


PROBES = {"amock": LoopProbe(), "plain": LoopProbe()}


def trio_run_ended():
    import trio

    token = trio.lowlevel.current_trio_token()

    def ended():
        try:
            token.run_sync_soon(lambda: None)
        except trio.RunFinishedError:
            return True
        return False

    return ended


def patch_loop_internals(key, start):
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        PROBES[key].ended = trio_run_ended()
    else:
        PROBES[key].ended = loop.is_closed

        def close(self):
            CLOSED_WHILE_PATCHED[key].append(self)
            ORIGINAL_CLOSE(self)

        start(asyncio.BaseEventLoop, "close", close)
    start(PROBES[key], "state", "patched")
"""

#: The control: a fixture that undoes its patches in a plain finalizer, as
#: pytest-mock does; set up before the loop's runner, it is torn down after it.
CONFTEST = """
import pytest

import amock


@pytest.fixture
def plain_patches():
    started = []

    def start(owner, name, new):
        patcher = amock.patch.object(owner, name, new)
        started.append(patcher)
        return patcher.start()

    yield start
    for patcher in reversed(started):
        patcher.stop()
"""

#: What every asyncio/anyio session checks after its async tests.
ORDER_CHECKS = '''
def test_amock_undid_its_patches_before_the_loop_closed():
    assert ordering.PROBES["amock"].ended_at_undo == [False] * RUNS
    assert ordering.CLOSED_WHILE_PATCHED["amock"] == []
    assert asyncio.BaseEventLoop.close is ordering.ORIGINAL_CLOSE


def test_a_plain_finalizer_undoes_them_after_the_loop_closed():
    """The control: the probes do notice a patch that outlives the loop."""
    assert ordering.PROBES["plain"].ended_at_undo == [True] * RUNS
    assert len(ordering.CLOSED_WHILE_PATCHED["plain"]) == ASYNCIO_RUNS


def test_everything_was_undone():
    assert shop.snapshot() == ORIGINAL
'''


#: The inner sessions' ini file; pytest-asyncio warns when the loop scope is unset.
INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"


def write(pytester: pytest.Pytester, name: str, source: str) -> Path:
    """Write a file of the inner session, dedented, and return its path."""
    path = pytester.path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return path


def line_of(path: Path, marker: str) -> int:
    """The number of the only line of ``path`` that contains ``marker``."""
    lines = path.read_text().splitlines()
    numbers = [number for number, line in enumerate(lines, start=1) if marker in line]
    assert len(numbers) == 1, (marker, numbers)
    return numbers[0]


def run(
    pytester: pytest.Pytester, *args: str, pytest_trio: bool = False, pytest_mock: bool = False
) -> pytest.RunResult:
    """Run pytest in a fresh process, which loads plugins through their entry points.

    pytest-trio is off unless asked for, and so is Hypothesis's plugin (which
    pytest-trio needs): importing Hypothesis costs two seconds of start-up.
    pytest-mock, where it is installed, is off unless asked for: the sessions
    test amock's fixtures as a suite sees them with pytest-mock uninstalled.
    """
    plugins = ["-p", "trio"] if pytest_trio else ["-p", "no:trio", "-p", "no:hypothesispytest"]
    if not pytest_mock:
        plugins += ["-p", "no:pytest_mock"]
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *plugins, *args, timeout=120)


def failures(result: pytest.RunResult) -> str:
    """The failures section of an inner session's output, without the short summary.

    Under ``CI`` (or ``BUILD_NUMBER``) pytest repeats each whole message in the short
    test summary, so a count over the whole output would depend on the environment.
    """
    return result.stdout.str().partition("short test summary info")[0]


@pytest.fixture(autouse=True)
def inner_session(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every inner session has the helper modules and loads entry-point plugins."""
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("PYTEST_PLUGINS", raising=False)
    write(pytester, "pytest.ini", INI)
    write(pytester, "shop.py", SHOP)
    write(pytester, "spying.py", SPYING)
    write(pytester, "ordering.py", ORDERING)
    write(pytester, "conftest.py", CONFTEST)


SYNC_TESTS = """
import asyncio
import inspect

import pytest

import shop
import spying

ORIGINAL = shop.snapshot()


def test_patch_variants_start_at_once(amocker):
    spec = amocker.create_autospec(shop.add)
    assert spec(1, 2) is spec.return_value
    with pytest.raises(TypeError):
        spec(1, 2, 3)
    add = amocker.patch("shop.add", return_value=0)
    assert shop.add(1, 2) == 0
    add.assert_called_once_with(1, 2)
    assert isinstance(amocker.patch("shop.fetch"), amocker.AsyncMock)
    assert amocker.patch.object(shop.Cart, "put", return_value=9) is shop.Cart.put
    assert shop.Cart().put("pen") == 9
    settings = amocker.patch.dict(shop.SETTINGS, {"mode": "test"}, debug=True)
    assert settings is shop.SETTINGS
    assert shop.SETTINGS == {"mode": "test", "debug": True}
    mocks = amocker.patch.multiple("shop", fail=amocker.DEFAULT, connect=amocker.DEFAULT)
    assert shop.connect is mocks["connect"]
    shop.fail("no exception now")
    mocks["fail"].assert_called_once_with("no exception now")


def test_the_previous_test_patches_are_undone():
    assert shop.snapshot() == ORIGINAL


def test_spies(amocker):
    spying.check_sync_spies(amocker)


def test_stubs(amocker):
    on_done = amocker.stub("on_done")
    on_done(1, reason="ok")
    on_done.assert_called_once_with(1, reason="ok")
    assert "on_done" in repr(on_done)
    on_data = amocker.async_stub("on_data")
    pending = on_data(b"chunk")
    assert inspect.iscoroutine(pending)
    asyncio.run(pending)
    on_data.assert_awaited_once_with(b"chunk")


def test_stopall_undoes_now_and_the_fixture_stays_usable(amocker):
    amocker.patch("shop.add", return_value=0)
    amocker.patch.dict(shop.SETTINGS, mode="test")
    amocker.spy(shop.Cart, "put")
    amocker.stopall()
    assert shop.snapshot() == ORIGINAL
    again = amocker.patch("shop.add", return_value=5)
    assert shop.add(1, 2) == 5
    again.assert_called_once_with(1, 2)


def test_resetall_resets_every_mock_the_fixture_made(amocker):
    spec = amocker.create_autospec(shop.add)
    add = amocker.patch("shop.add", return_value=5)
    fail = amocker.patch.multiple("shop", fail=amocker.DEFAULT)["fail"]
    stub = amocker.stub()
    async_stub = amocker.async_stub()
    put = amocker.spy(shop.Cart, "put")
    shop.add(1, 2)
    shop.fail("x")
    spec(1, 2)
    stub()
    asyncio.run(async_stub())
    shop.Cart().put("pen")
    amocker.resetall()
    made = {"patch": add, "multiple": fail, "autospec": spec, "stub": stub, "spy": put}
    assert {name: m.call_count for name, m in made.items()} == dict.fromkeys(made, 0)
    assert async_stub.call_count == 0
    assert async_stub.await_count == 0
    assert shop.add(1, 2) == 5
    amocker.resetall(return_value=True)
    assert shop.add(1, 2) != 5
    assert add.call_count == 1


def test_everything_was_undone():
    assert shop.snapshot() == ORIGINAL
"""


class TestSyncTests:
    def test_the_fixture_in_plain_sync_tests(self, pytester: pytest.Pytester) -> None:
        write(pytester, "pytest.ini", "[pytest]\n")
        write(pytester, "test_sync.py", SYNC_TESTS)
        # No async plugin at all; the header shows who loaded amock: its entry point.
        result = run(pytester, "-p", "no:asyncio", "-p", "no:anyio")
        result.assert_outcomes(passed=7)
        result.stdout.fnmatch_lines(["plugins: *amock-async-*"])

    def test_disabling_the_entry_point_removes_the_plugin(self, pytester: pytest.Pytester) -> None:
        write(pytester, "test_sync.py", SYNC_TESTS)
        result = run(pytester, "-p", "no:amock")
        result.assert_outcomes(passed=2, errors=5)
        result.stdout.fnmatch_lines(["*fixture 'amocker' not found*"])
        result.stdout.no_fnmatch_line("plugins: *amock-async-*")


ASYNCIO_TESTS = """
import asyncio

import pytest

import ordering
import shop
import spying

ORIGINAL = shop.snapshot()
RUNS = ASYNCIO_RUNS = 1


@pytest.mark.asyncio
async def test_patches_and_async_stubs(amocker):
    fetch = amocker.patch("shop.fetch", return_value={"key": "fake"})
    assert await shop.fetch("a") == {"key": "fake"}
    fetch.assert_awaited_once_with("a")
    amocker.patch.object(shop.Cart, "checkout", return_value=7)
    assert await shop.Cart().checkout() == 7
    amocker.patch.dict(shop.SETTINGS, mode="test")
    notify = amocker.async_stub("notify")
    await asyncio.gather(notify("done", code=0))
    notify.assert_awaited_once_with("done", code=0)


@pytest.mark.asyncio
async def test_spies_record_awaited_results(amocker):
    assert shop.snapshot() == ORIGINAL
    await spying.check_async_spies(amocker)


@pytest.mark.asyncio
async def test_amock_patches_what_the_loop_closes_with(amocker):
    ordering.patch_loop_internals("amock", amocker.patch.object)


@pytest.mark.asyncio
async def test_plain_patches_what_the_loop_closes_with(plain_patches):
    ordering.patch_loop_internals("plain", plain_patches)
"""


class TestPytestAsyncio:
    def test_strict_mode(self, pytester: pytest.Pytester) -> None:
        write(pytester, "test_asyncio.py", ASYNCIO_TESTS + ORDER_CHECKS)
        result = run(pytester, "-p", "asyncio", "-o", "asyncio_mode=strict")
        result.assert_outcomes(passed=7)

    def test_auto_mode(self, pytester: pytest.Pytester) -> None:
        unmarked = ASYNCIO_TESTS.replace("@pytest.mark.asyncio\n", "")
        assert "mark.asyncio" not in unmarked
        write(pytester, "test_asyncio.py", unmarked + ORDER_CHECKS)
        result = run(pytester, "-p", "asyncio", "-o", "asyncio_mode=auto")
        result.assert_outcomes(passed=7)


ANYIO_TESTS = """
import asyncio

import pytest

import ordering
import shop
import spying

ORIGINAL = shop.snapshot()
RUNS, ASYNCIO_RUNS = 2, 1


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request):
    return request.param


@pytest.mark.anyio
async def test_patches_and_async_stubs(amocker, anyio_backend):
    fetch = amocker.patch("shop.fetch", return_value={"key": anyio_backend})
    assert await shop.fetch("a") == {"key": anyio_backend}
    fetch.assert_awaited_once_with("a")
    amocker.patch.dict(shop.SETTINGS, mode="test")
    notify = amocker.async_stub("notify")
    await notify("done")
    notify.assert_awaited_once_with("done")


@pytest.mark.anyio
async def test_spies_record_awaited_results(amocker):
    assert shop.snapshot() == ORIGINAL
    await spying.check_async_spies(amocker)


@pytest.mark.anyio
async def test_amock_patches_what_the_loop_closes_with(amocker):
    ordering.patch_loop_internals("amock", amocker.patch.object)


@pytest.mark.anyio
async def test_plain_patches_what_the_loop_closes_with(plain_patches):
    ordering.patch_loop_internals("plain", plain_patches)
"""


class TestAnyio:
    def test_asyncio_and_trio_backends(self, pytester: pytest.Pytester) -> None:
        write(pytester, "test_anyio.py", ANYIO_TESTS + ORDER_CHECKS)
        result = run(pytester, "-v")
        result.assert_outcomes(passed=11)
        result.stdout.fnmatch_lines(
            [
                "*test_spies_record_awaited_results?asyncio? PASSED*",
                "*test_spies_record_awaited_results?trio? PASSED*",
            ]
        )


class TestPytestTrio:
    def test_trio_marked_tests(self, pytester: pytest.Pytester) -> None:
        write(
            pytester,
            "test_trio.py",
            """
            import pytest
            import trio

            import shop
            import spying

            ORIGINAL = shop.snapshot()


            @pytest.mark.trio
            async def test_patches_in_a_nursery(amocker):
                fetch = amocker.patch("shop.fetch", return_value={"key": "fake"})
                amocker.patch.dict(shop.SETTINGS, mode="trio")
                async with trio.open_nursery() as nursery:
                    nursery.start_soon(shop.fetch, "a")
                fetch.assert_awaited_once_with("a")
                assert shop.SETTINGS == {"mode": "trio"}


            @pytest.mark.trio
            async def test_spies_record_awaited_results(amocker):
                assert shop.snapshot() == ORIGINAL
                await spying.check_async_spies(amocker)


            def test_everything_was_undone():
                assert shop.snapshot() == ORIGINAL
            """,
        )
        result = run(pytester, pytest_trio=True)
        result.assert_outcomes(passed=3)


class TestXdist:
    def test_two_workers_with_strict_mode(self, pytester: pytest.Pytester) -> None:
        path = write(
            pytester,
            "test_workers.py",
            """
            import pytest

            import shop

            ORIGINAL = shop.snapshot()


            @pytest.fixture(params=["asyncio", "trio"])
            def anyio_backend(request):
                return request.param


            @pytest.mark.parametrize("n", range(6))
            def test_sync(amocker, n):
                assert shop.snapshot() == ORIGINAL
                amocker.patch("shop.add", return_value=n)
                amocker.patch.dict(shop.SETTINGS, mode=str(n))
                assert shop.add(1, 1) == n


            @pytest.mark.parametrize("n", range(3))
            @pytest.mark.asyncio
            async def test_asyncio(amocker, n):
                assert shop.snapshot() == ORIGINAL
                fetch = amocker.spy(shop, "fetch")
                assert await shop.fetch(n) == {"key": n}
                assert fetch.spy_return == {"key": n}


            @pytest.mark.parametrize("n", range(2))
            @pytest.mark.anyio
            async def test_anyio(amocker, n):
                assert shop.snapshot() == ORIGINAL
                amocker.patch.object(shop.Cart, "checkout", return_value=n)
                assert await shop.Cart().checkout() == n


            def test_strict_mode_reaches_the_workers(amocker):
                fetch = amocker.AsyncMock(name="fetch")
                fetch("on a worker")  # never awaited
            """,
        )
        line = line_of(path, "# never awaited")
        result = run(pytester, "-p", "xdist", "-n", "2", "--amock-strict")
        result.assert_outcomes(passed=13, failed=1)
        result.stdout.fnmatch_lines(
            [
                "*2 workers*14 items*",
                f"*- fetch('on a worker') at *test_workers.py:{line}",
            ]
        )


FORGETFUL_SUITE = """
import asyncio
import gc
import sys
import types

import pytest

import amock

holder = types.SimpleNamespace(fetch=None)


async def fetch(url):
    return url


class Event:
    async def wait(self):
        return True


@pytest.mark.anyio
async def test_forgets_an_await():
    mocked = amock.AsyncMock(name="client.fetch")
    mocked("/users")  # forgotten here


def test_a_later_test_is_not_blamed():
    gc.collect()


def test_forgets_a_sync_await_then_fails():
    mocked = amock.AsyncMock(name="notify")
    mocked("x")  # forgotten and failing
    raise AssertionError("the test's own failure")


def test_a_lent_call_nobody_awaits_is_no_mistake():
    with amock.patch.object(sys.modules[__name__], "Event") as event_class:
        event_class.return_value.wait()  # lent: the stdlib's mock is plain here


@pytest.mark.anyio
async def test_an_awaited_call_is_fine():
    mocked = amock.AsyncMock(return_value=1)
    pending = mocked()
    assert await pending == 1
    mocked().close()
"""


class TestNeverAwaitedByDefault:
    """Outside strict mode, a forgotten await warns at its test's end, naming the mock and line."""

    def test_under_warnings_as_errors_only_the_forgetting_test_fails(
        self, pytester: pytest.Pytester
    ) -> None:
        path = write(pytester, "test_forgetful.py", FORGETFUL_SUITE)
        result = run(pytester, "-W", "error", "-p", "anyio", "-k", "not trio")
        result.assert_outcomes(passed=3, failed=2)
        result.stdout.fnmatch_lines(
            [
                "*_ test_forgets_an_await*_",
                "E *NeverAwaitedWarning: coroutine 'AsyncMockMixin._execute_mock_call' was "
                "never awaited: the call of the async mock 'client.fetch', client.fetch('/users')"
                f" at *test_forgetful.py:{line_of(path, 'forgotten here')}, returned a coroutine*",
            ]
        )
        # The failing test keeps its own error; the forgotten call goes with it as a
        # note, where exceptions have notes (3.11+).
        expected = [
            "*_ test_forgets_a_sync_await_then_fails _*",
            "E *AssertionError: the test's own failure",
        ]
        if sys.version_info >= (3, 11):
            line = line_of(path, "forgotten and failing")
            expected.append(f"*- notify('x') at *test_forgetful.py:{line}")
        result.stdout.fnmatch_lines(expected)
        result.stdout.no_fnmatch_line("*RuntimeWarning: coroutine*")

    def test_the_warning_is_shown_at_the_call(self, pytester: pytest.Pytester) -> None:
        path = write(pytester, "test_forgetful.py", FORGETFUL_SUITE)
        result = run(pytester, "-p", "anyio", "-k", "forgets_an_await and not trio")
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(
            [
                "*test_forgets_an_await*",
                f"*test_forgetful.py:{line_of(path, 'forgotten here')}: NeverAwaitedWarning: "
                "coroutine 'AsyncMockMixin._execute_mock_call' was never awaited: the call of "
                "the async mock 'client.fetch'*",
            ]
        )

    @pytest.mark.parametrize(
        "pattern",
        [
            "coroutine .* was never awaited:RuntimeWarning",
            "coroutine 'AsyncMockMixin._execute_mock_call' was never awaited",
        ],
    )
    def test_filters_written_for_pythons_warning_match_it(
        self, pytester: pytest.Pytester, pattern: str
    ) -> None:
        # The ini's filters are regular expressions (-W's are literal text).
        write(
            pytester,
            "pytest.ini",
            INI + f"filterwarnings =\n    error\n    ignore:{pattern}\n",
        )
        write(pytester, "test_forgetful.py", FORGETFUL_SUITE)
        result = run(pytester, "-p", "anyio", "-k", "forgets_an_await and not trio")
        result.assert_outcomes(passed=1)
        result.stdout.no_fnmatch_line("*never awaited*")


class TestWiderScopes:
    def test_class_module_and_session_fixtures(self, pytester: pytest.Pytester) -> None:
        write(
            pytester,
            "test_a.py",
            """
            import shop


            class TestClassScope:
                def test_patch(self, class_amocker):
                    class_amocker.patch.object(shop.Cart, "kind", "crate")

                def test_patch_lasts_the_class(self):
                    assert shop.Cart.kind == "crate"


            def test_class_patch_ended_with_its_class():
                assert shop.Cart.kind == "basket"


            def test_module_and_session_patches(module_amocker, session_amocker):
                module_amocker.patch("shop.add", return_value="module")
                session_amocker.patch.dict(shop.SETTINGS, mode="session")


            def test_they_last_the_module():
                assert shop.add(1, 2) == "module"
                assert shop.SETTINGS == {"mode": "session"}
            """,
        )
        write(
            pytester,
            "test_b.py",
            """
            import shop


            def test_module_patch_ended_with_its_module():
                assert shop.add(1, 2) == 3


            def test_session_patch_lasts_the_session():
                assert shop.SETTINGS == {"mode": "session"}
            """,
        )
        with (pytester.path / "conftest.py").open("a") as conftest:
            conftest.write(
                textwrap.dedent(
                    """

                    @pytest.hookimpl(trylast=True)
                    def pytest_sessionfinish(session):
                        import shop

                        with open("after_session.txt", "w") as after:
                            after.write(repr(shop.SETTINGS))
                    """
                )
            )
        result = run(pytester)
        result.assert_outcomes(passed=7)
        assert (pytester.path / "after_session.txt").read_text() == "{'mode': 'prod'}"


STRICT_TESTS = """
import asyncio

import pytest

import amock


def test_forgets_an_await():
    fetch = amock.AsyncMock(name="fetch")
    fetch("forgotten")  # forgotten in a sync test


def test_awaits():
    fetch = amock.AsyncMock(name="fetch")
    asyncio.run(fetch("awaited"))


@pytest.mark.asyncio
async def test_forgets_an_await_in_a_coroutine(amocker):
    notify = amocker.AsyncMock(name="notify")
    notify("later", urgent=True)  # forgotten in an async test


@pytest.mark.asyncio
async def test_awaits_in_a_coroutine(amocker):
    notify = amocker.AsyncMock(name="notify")
    await notify("now")
"""

TASK_SCOPE_TESTS = """
import asyncio

import pytest


class Config:
    mode = "original"


@pytest.mark.asyncio
async def test_a_concurrent_task_does_not_see_the_fixture_patch(amocker):
    go = asyncio.Event()
    seen = []

    async def other():
        await go.wait()
        seen.append(Config.mode)

    task = asyncio.create_task(other())  # before the patch: it does not inherit it
    await asyncio.sleep(0)
    amocker.patch.object(Config, "mode", "patched")
    assert Config.mode == "patched"
    go.set()
    await task
    assert seen == ["original"]


def test_the_patch_is_gone():
    assert Config.mode == "original"
"""


class TestOptions:
    """``--amock-strict``/``amock_strict`` and ``--amock-patch-scope``/``amock_patch_scope``."""

    @pytest.mark.parametrize(
        ("args", "ini"),
        [
            (["--amock-strict", "--amock-patch-scope=task"], ""),
            ([], "amock_strict = true\namock_patch_scope = task\n"),
        ],
        ids=["command-line", "ini"],
    )
    def test_strict_mode_and_task_scope(
        self, pytester: pytest.Pytester, args: list[str], ini: str
    ) -> None:
        write(pytester, "pytest.ini", INI + ini)
        strict = write(pytester, "test_strict.py", STRICT_TESTS)
        write(pytester, "test_task_scope.py", TASK_SCOPE_TESTS)
        result = run(pytester, *args)
        result.assert_outcomes(passed=4, failed=2)
        result.stdout.fnmatch_lines(
            [
                "amock: strict (never-awaited calls of async mocks fail their test)",
                "*_ test_forgets_an_await _*",
                "E *NeverAwaitedError: 1 call(s) of async mocks were never awaited:",
                f"*- fetch('forgotten') at *test_strict.py:{line_of(strict, 'in a sync')}",
                "*_ test_forgets_an_await_in_a_coroutine _*",
                "E *NeverAwaitedError: 1 call(s) of async mocks were never awaited:",
                f"*- notify('later', urgent=True) at *test_strict.py:"
                f"{line_of(strict, 'in an async')}",
            ]
        )
        # The forgotten coroutines were closed: Python has nothing left to warn about.
        result.stdout.no_fnmatch_line("*RuntimeWarning*")

    def test_without_the_options(self, pytester: pytest.Pytester) -> None:
        write(pytester, "test_strict.py", STRICT_TESTS)
        write(pytester, "test_task_scope.py", TASK_SCOPE_TESTS)
        result = run(pytester, "-W", "ignore::RuntimeWarning")
        # Forgotten awaits pass; the fixture's patch is global, so the other task sees it.
        result.assert_outcomes(passed=5, failed=1)
        result.stdout.fnmatch_lines(
            ["*_ test_a_concurrent_task_does_not_see_the_fixture_patch _*", "E *['patched']*"]
        )
        result.stdout.no_fnmatch_line("*NeverAwaitedError*")
        result.stdout.no_fnmatch_line("amock: strict*")

    def test_the_command_line_overrides_the_ini_scope(self, pytester: pytest.Pytester) -> None:
        write(pytester, "pytest.ini", INI + "amock_patch_scope = task\n")
        write(pytester, "test_task_scope.py", TASK_SCOPE_TESTS)
        result = run(pytester, "--amock-patch-scope=global")
        result.assert_outcomes(passed=1, failed=1)

    @pytest.mark.parametrize(
        ("args", "ini", "message"),
        [
            (
                ["--amock-patch-scope=bogus"],
                "",
                "*--amock-patch-scope: invalid choice: 'bogus' (choose from *global*task*)",
            ),
            (
                [],
                "amock_patch_scope = bogus\n",
                "ERROR: amock: amock_patch_scope = 'bogus' is not a scope; use global or task.",
            ),
            (
                [],
                "amock_strict = maybe\n",
                "ERROR: amock: the ini setting amock_strict = 'maybe' is not a boolean;"
                " use true or false.",
            ),
        ],
        ids=["scope-option", "scope-ini", "strict-ini"],
    )
    def test_bad_values_are_usage_errors(
        self, pytester: pytest.Pytester, args: list[str], ini: str, message: str
    ) -> None:
        write(pytester, "pytest.ini", INI + ini)
        write(pytester, "test_nothing.py", "def test_never_runs():\n    raise AssertionError\n")
        result = run(pytester, *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([message])
        result.stdout.no_fnmatch_line("*test_never_runs*")


class TestFailureMessages:
    def test_diffs_and_bad_use_read_clearly(self, pytester: pytest.Pytester) -> None:
        path = write(
            pytester,
            "test_messages.py",
            """
            import asyncio

            import pytest

            import shop
            from amock.errors import FixtureError, MockConfigurationError

            ORIGINAL = shop.snapshot()
            KEPT = []


            def test_called_with(amocker):
                send = amocker.Mock(name="send")
                send(1, "two", flag=True)
                send.assert_called_with(1, "three", flag=False, extra=2)  # called_with


            def test_awaited_with(amocker):
                fetch = amocker.AsyncMock(name="fetch")
                asyncio.run(fetch("a", timeout=1))
                fetch.assert_awaited_with("b", timeout=1)  # awaited_with


            def test_called_once_with(amocker):
                # The stdlib's assert_called_once_with calls assert_called_with: explained once.
                send = amocker.Mock(name="send")
                send("x")
                send.assert_called_once_with("y")  # called_once_with


            def test_has_calls(amocker):
                log = amocker.Mock(name="log")
                log("a")
                log("b", level=2)
                log.assert_has_calls([amocker.call("a"), amocker.call("c")])  # has_calls


            def test_keeps_the_fixture(amocker):
                KEPT.append(amocker)


            def test_every_tool_refuses_once_its_test_ended():
                fixture = KEPT[0]
                uses = [
                    lambda: fixture.patch("shop.add"),
                    lambda: fixture.patch.object(shop, "add"),
                    lambda: fixture.patch.dict(shop.SETTINGS, mode="late"),
                    lambda: fixture.patch.multiple(shop, add=fixture.DEFAULT),
                    lambda: fixture.spy(shop, "add"),
                    lambda: fixture.create_autospec(shop.add),
                    fixture.stub,
                    fixture.async_stub,
                ]
                for use in uses:
                    with pytest.raises(FixtureError, match="has already ended"):
                        use()
                assert shop.snapshot() == ORIGINAL


            def test_a_late_patch():
                KEPT[0].patch("shop.add")  # late


            def test_spy_on_a_value(amocker):
                amocker.spy(shop, "SETTINGS")  # not callable


            def test_spy_on_a_value_is_a_type_error(amocker):
                with pytest.raises(MockConfigurationError, match="not a callable"):
                    amocker.spy(shop.Cart, "kind")
                with pytest.raises(TypeError, match="not a callable"):
                    amocker.spy(shop.Cart, "kind")
                assert shop.snapshot() == ORIGINAL
            """,
        )
        result = run(pytester)
        result.assert_outcomes(passed=3, failed=6)
        result.stdout.fnmatch_lines(
            [
                "*_ test_called_with _*",
                "E *AssertionError: expected call not found.",
                "E *Expected: send(1, 'three', flag=False, extra=2)",
                "E *  Actual: send(1, 'two', flag=True)",
                "E *pytest introspection follows:",
                "E *Args:",
                "E *assert (1, 'two') == (1, 'three')",
                "E *At index 1 diff: 'two' != 'three'",
                "E *Kwargs:",
                "E *assert {'flag': True} == {'flag': False, 'extra': 2}",
                "E *Differing items:",
                "E *Right contains 1 more item:",
                f"test_messages.py:{line_of(path, '# called_with')}: AssertionError",
                "*_ test_awaited_with _*",
                "E *pytest introspection follows:",
                "E *Args:",
                "E *assert ('a',) == ('b',)",
                f"test_messages.py:{line_of(path, '# awaited_with')}: AssertionError",
                "*_ test_called_once_with _*",
                "E *assert ('x',) == ('y',)",
                f"test_messages.py:{line_of(path, '# called_once_with')}: AssertionError",
                "*_ test_has_calls _*",
                "E *Expected:",
                "E *  call('a')",
                "E *  call('c')",
                "E *Actual:",
                "E *  call('a')",
                "E *  call('b', level=2)",
                f"test_messages.py:{line_of(path, '# has_calls')}: AssertionError",
                "*_ test_a_late_patch _*",
                f"test_messages.py:{line_of(path, '# late')}: *",
                "E *FixtureError: the amocker fixture of test_messages.py::test_keeps_the_fixture"
                " has already ended, so nothing it starts would be undone;*",
                "*_ test_spy_on_a_value _*",
                f"test_messages.py:{line_of(path, '# not callable')}: *",
                "E *MockConfigurationError: spy(<module 'shop'*, 'SETTINGS'): 'SETTINGS' is dict"
                " {'mode': 'prod'}, not a callable; spy on a function, method or class, or"
                " patch the value with patch.object().",
            ]
        )
        output = failures(result)
        # Once per failed call assertion, each from the test's own line: no
        # chained tracebacks, no frames of the mock internals.
        assert output.count("pytest introspection follows:") == 3
        assert "During handling of the above exception" not in output
        assert "mock.py" not in output


# -- pytest-mock's API: a suite written for pytest-mock runs on amock -------------------

#: The module a pytest-mock-style suite tests: one target of each shape.
INVENTORY = """
import asyncio

STOCK = {"apples": 3}
#: What the module, package and session scoped patches change (not in snapshot()).
SEASONS = {"now": "spring"}


def count(item):
    return STOCK.get(item, 0)


def restock(item, amount):
    if amount <= 0:
        raise ValueError("amount must be positive")
    return STOCK.get(item, 0) + amount


async def fetch_price(item):
    await asyncio.sleep(0)
    return {"apples": 2.5}.get(item, 1.0)


def batches(n):
    yield from range(n)


class Store:
    name = "corner"

    def __init__(self):
        self.sold = []

    def sell(self, item, quantity=1):
        self.sold.append((item, quantity))
        return len(self.sold)

    async def checkout(self):
        await asyncio.sleep(0)
        return len(self.sold)

    @classmethod
    def open(cls, name):
        store = cls()
        store.name = name
        return store

    @staticmethod
    def tax(amount):
        return round(amount * 0.2, 2)


class Lock:
    def __enter__(self):
        return "locked"

    def __exit__(self, *exc_info):
        return False


LOCK = Lock()


def with_lock():
    with LOCK as state:
        return state


def snapshot():
    names = ("count", "restock", "fetch_price", "batches", "LOCK")
    state = {name: globals()[name] for name in names}
    state.update({f"Store.{name}": value for name, value in vars(Store).items()})
    state["STOCK"] = dict(STOCK)
    return state
"""

#: A suite written for pytest-mock, in its users' style; on amock only its
#: import line changes (``PYTEST_MOCK_IMPORT`` to ``AMOCK_IMPORT``).
PYTEST_MOCK_IMPORT = (
    "from pytest_mock import AsyncMockType, MockerFixture, MockType, PytestMockWarning, SpyType"
)
AMOCK_IMPORT = (
    "from amock.pytest_plugin import AsyncMockType, MockerFixture, MockType, PytestMockWarning,"
    " SpyType"
)
PYTEST_MOCK_SUITE = f"""
import pytest

import inventory
{PYTEST_MOCK_IMPORT}

ORIGINAL = inventory.snapshot()


def test_patch_variants_start_at_once(mocker: MockerFixture) -> None:
    count: MockType = mocker.patch("inventory.count", return_value=10)
    assert inventory.count("pears") == 10
    count.assert_called_once_with("pears")
    mocker.patch.object(inventory.Store, "sell", return_value=0)
    assert inventory.Store().sell("pears") == 0
    mocker.patch.dict(inventory.STOCK, {{"pears": 1}})
    assert inventory.STOCK == {{"apples": 3, "pears": 1}}
    mocks = mocker.patch.multiple(inventory, restock=mocker.DEFAULT, batches=mocker.DEFAULT)
    inventory.restock("pears", 1)
    mocks["restock"].assert_called_once_with("pears", 1)


def test_the_patches_were_undone() -> None:
    assert inventory.snapshot() == ORIGINAL


async def test_patching_a_coroutine_function(mocker: MockerFixture) -> None:
    price = mocker.patch("inventory.fetch_price", return_value=9.0)
    assert isinstance(price, AsyncMockType)
    assert await inventory.fetch_price("pears") == 9.0
    price.assert_awaited_once_with("pears")


def test_spy_on_a_function(mocker: MockerFixture) -> None:
    spy: SpyType = mocker.spy(inventory, "count")
    assert spy.spy_return is None
    assert spy.spy_return_iter is None
    assert spy.spy_return_list == []
    assert spy.spy_exception is None
    assert inventory.count("apples") == 3
    spy.assert_called_once_with("apples")
    assert spy.spy_return == 3
    assert spy.spy_return_list == [3]


def test_spy_records_each_call_afresh(mocker: MockerFixture) -> None:
    spy = mocker.spy(inventory, "restock")
    with pytest.raises(ValueError, match="positive"):
        inventory.restock("apples", 0)
    assert isinstance(spy.spy_exception, ValueError)
    assert spy.spy_return is None
    assert inventory.restock("apples", 2) == 5
    assert spy.spy_exception is None
    assert spy.spy_return == 5
    assert spy.spy_return_list == [5]


def test_spies_on_methods(mocker: MockerFixture) -> None:
    sell = mocker.spy(inventory.Store, "sell")
    store = inventory.Store()
    assert store.sell("apples", 2) == 1
    sell.assert_called_once_with(store, "apples", 2)
    opening = mocker.spy(inventory.Store, "open")
    opened = inventory.Store.open("market")
    opening.assert_called_once_with("market")
    assert opening.spy_return is opened
    tax = mocker.spy(inventory.Store, "tax")
    assert inventory.Store.tax(10) == 2.0
    tax.assert_called_once_with(10)
    # Autospecced: a name the method lacks is an error, not a new mock.
    for spy in (sell, opening, tax):
        with pytest.raises(AttributeError):
            spy.fake_assert_method()


def test_spy_on_an_instance(mocker: MockerFixture) -> None:
    store, other = inventory.Store(), inventory.Store()
    spy = mocker.spy(store, "sell")
    store.sell("pears")
    other.sell("plums")
    spy.assert_called_once_with("pears")
    assert store.sold == [("pears", 1)]


async def test_spies_on_coroutine_functions(mocker: MockerFixture) -> None:
    price = mocker.spy(inventory, "fetch_price")
    assert await inventory.fetch_price("apples") == 2.5
    price.assert_awaited_once_with("apples")
    assert price.spy_return == 2.5
    checkout = mocker.spy(inventory.Store, "checkout")
    store = inventory.Store()
    store.sell("apples")
    assert await store.checkout() == 1
    checkout.assert_awaited_once_with(store)
    assert checkout.spy_return_list == [1]


def test_spy_on_a_generator_function(mocker: MockerFixture) -> None:
    spy = mocker.spy(inventory, "batches", duplicate_iterators=True)
    assert list(inventory.batches(3)) == [0, 1, 2]
    assert list(spy.spy_return_iter) == [0, 1, 2]
    assert spy.spy_return is spy.spy_return_list[0]


def test_spy_keeps_no_copy_unless_asked(mocker: MockerFixture) -> None:
    spy = mocker.spy(inventory, "batches")
    assert list(inventory.batches(2)) == [0, 1]
    assert spy.spy_return_iter is None


@pytest.fixture(scope="class")
def renamed(class_mocker: MockerFixture) -> object:
    return class_mocker.patch.object(inventory.Store, "name", "patched")


class TestClassScope:
    def test_patches(self, renamed: object) -> None:
        assert inventory.Store.name == "patched"

    def test_the_patch_lasts_the_class(self) -> None:
        assert inventory.Store.name == "patched"


def test_the_class_patch_ended_with_its_class() -> None:
    assert inventory.Store.name == "corner"


@pytest.fixture(scope="module")
def summer(module_mocker: MockerFixture) -> object:
    return module_mocker.patch.dict(inventory.SEASONS, {{"module": "summer"}})


@pytest.fixture(scope="package")
def autumn(package_mocker: MockerFixture) -> object:
    return package_mocker.patch.dict(inventory.SEASONS, {{"package": "autumn"}})


@pytest.fixture(scope="session")
def winter(session_mocker: MockerFixture) -> object:
    return session_mocker.patch.dict(inventory.SEASONS, {{"session": "winter"}})


def test_wider_scopes(summer: object, autumn: object, winter: object) -> None:
    assert inventory.SEASONS == {{
        "now": "spring", "module": "summer", "package": "autumn", "session": "winter"
    }}


def test_wider_scopes_last_their_scope() -> None:
    assert inventory.SEASONS["session"] == "winter"


def test_resetall_options(mocker: MockerFixture) -> None:
    count = mocker.patch("inventory.count", return_value=7)
    restock = mocker.patch("inventory.restock", side_effect=[1, 2])
    inventory.count("apples")
    inventory.restock("apples", 1)
    mocker.resetall()
    count.assert_not_called()
    restock.assert_not_called()
    assert inventory.count("apples") == 7
    assert inventory.restock("apples", 1) == 2
    mocker.resetall(return_value=True, side_effect=True)
    assert isinstance(inventory.count("apples"), mocker.MagicMock)
    assert restock.side_effect is None


def test_resetall_keeps_spies_calling_through(mocker: MockerFixture) -> None:
    spy = mocker.spy(inventory, "count")
    inventory.count("apples")
    mocker.resetall(return_value=True, side_effect=True)
    assert spy.call_count == 0
    assert spy.spy_return is None
    assert spy.spy_return_list == []
    assert inventory.count("apples") == 3
    assert spy.spy_return == 3


def test_resetall_leaves_patched_dict_values(mocker: MockerFixture) -> None:
    value = mocker.Mock()
    value("before")
    mocker.patch.dict(inventory.STOCK, {{"mock": value}})
    mocker.resetall()
    value.assert_called_once_with("before")
    assert inventory.STOCK["mock"] is value


def test_stop(mocker: MockerFixture) -> None:
    count = mocker.patch("inventory.count", return_value=0)
    spy = mocker.spy(inventory, "restock")
    mocker.stop(count)
    assert inventory.count("apples") == 3
    mocker.stop(spy)
    assert inventory.restock is ORIGINAL["restock"]
    with pytest.raises(ValueError, match="not registered"):
        mocker.stop(count)


def test_patch_context_manager(mocker: MockerFixture) -> None:
    lock = mocker.patch.context_manager(inventory, "LOCK")
    lock.__enter__.return_value = "mocked"
    assert inventory.with_lock() == "mocked"


def test_a_patch_used_as_a_context_manager_warns(mocker: MockerFixture) -> None:
    with pytest.warns(PytestMockWarning, match="do not need to be used as context managers"):
        with mocker.patch("inventory.count"):
            pass


def test_everything_was_undone() -> None:
    assert inventory.snapshot() == ORIGINAL
"""

#: The inner sessions of the pytest-mock-style suite: every warning is an error.
STRICT_INI = (
    "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    "filterwarnings = error\n"
)


class TestPytestMockSuite:
    """A suite written for pytest-mock, run on amock with pytest-mock uninstalled."""

    def test_pytest_mocks_names(self) -> None:
        import typing

        import amock
        from amock import pytest_plugin
        from amock.errors import AmockWarning, FixtureContextManagerWarning

        names = {"MockerFixture", "MockType", "AsyncMockType", "SpyType", "PytestMockWarning"}
        assert names <= set(pytest_plugin.__all__)
        assert (
            pytest_plugin.MockerFixture is pytest_plugin.MockFixture is pytest_plugin.AmockFixture
        )
        assert set(typing.get_args(pytest_plugin.MockType)) == {
            amock.MagicMock,
            amock.AsyncMock,
            amock.NonCallableMagicMock,
        }
        assert pytest_plugin.AsyncMockType is amock.AsyncMock
        assert issubclass(pytest_plugin.SpyType, amock.MagicMock)
        assert pytest_plugin.PytestMockWarning is AmockWarning
        assert issubclass(FixtureContextManagerWarning, pytest_plugin.PytestMockWarning)
        assert pytest_plugin.parse_bool("True") is True
        assert pytest_plugin.parse_bool("off") is False
        with pytest.raises(ValueError, match="unknown string for bool: 'maybe'"):
            pytest_plugin.parse_bool("maybe")

    def test_it_runs_with_one_import_line_changed(self, pytester: pytest.Pytester) -> None:
        suite = PYTEST_MOCK_SUITE.replace(PYTEST_MOCK_IMPORT, AMOCK_IMPORT)
        changed = set(suite.splitlines()) ^ set(PYTEST_MOCK_SUITE.splitlines())
        assert changed == {PYTEST_MOCK_IMPORT, AMOCK_IMPORT}
        write(pytester, "pytest.ini", STRICT_INI)
        write(pytester, "inventory.py", INVENTORY)
        write(pytester, "test_inventory.py", suite)
        result = run(pytester, "-W", "error", "-p", "asyncio")
        result.assert_outcomes(passed=22)

    def test_it_passes_on_pytest_mock_itself(self, pytester: pytest.Pytester) -> None:
        """The control: the suite is a real pytest-mock suite (where pytest-mock is installed)."""
        pytest.importorskip("pytest_mock", reason="pytest-mock is not installed here")
        write(pytester, "pytest.ini", STRICT_INI)
        write(pytester, "inventory.py", INVENTORY)
        write(pytester, "test_inventory.py", PYTEST_MOCK_SUITE)
        result = run(pytester, "-W", "error", "-p", "asyncio", "-p", "no:amock", pytest_mock=True)
        result.assert_outcomes(passed=22)


class TestPytestMockNames:
    """pytest-mock's fixture names are amock's toolbox unless pytest-mock is active."""

    NAMES = """
    import amock.pytest_plugin


    def test_mocker_names(request):
        for name in ("mocker", "class_mocker", "module_mocker", "package_mocker",
                     "session_mocker"):
            fixture = request.getfixturevalue(name)
            assert type(fixture) is amock.pytest_plugin.MockerFixture
            assert fixture.mock_module is amock
    """

    def test_offered_without_pytest_mock(self, pytester: pytest.Pytester) -> None:
        write(pytester, "test_names.py", "import amock\n" + textwrap.dedent(self.NAMES))
        result = run(pytester, "-W", "error")
        result.assert_outcomes(passed=1)

    def test_pytest_mocks_ini_settings_are_accepted(self, pytester: pytest.Pytester) -> None:
        """An ini file written for pytest-mock passes --strict-config; the header says why."""
        ini = "mock_use_standalone_module = true\nmock_traceback_monkeypatch = true\n"
        write(pytester, "pytest.ini", INI + ini)
        write(pytester, "test_names.py", "import amock\n" + textwrap.dedent(self.NAMES))
        result = run(pytester, "-W", "error", "--strict-config")
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(
            ["amock: mock_use_standalone_module is ignored: fixtures make amock's mocks"]
        )

    def test_blocking_amock_mocker_removes_them(self, pytester: pytest.Pytester) -> None:
        write(pytester, "test_names.py", "import amock\n" + textwrap.dedent(self.NAMES))
        result = run(pytester, "-p", "no:amock_mocker")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*fixture 'mocker' not found*"])

    def test_with_pytest_mock_active_nothing_collides(self, pytester: pytest.Pytester) -> None:
        """pytest-mock keeps its names; amocker is amock's; failures are explained once."""
        pytest.importorskip("pytest_mock", reason="pytest-mock is not installed here")
        write(pytester, "pytest.ini", STRICT_INI)
        write(pytester, "inventory.py", INVENTORY)
        write(
            pytester,
            "test_both.py",
            """
            import unittest.mock

            import pytest
            import pytest_mock

            import amock
            import inventory


            def test_mocker_is_pytest_mocks(mocker):
                assert type(mocker) is pytest_mock.MockerFixture
                count = mocker.patch("inventory.count")
                assert isinstance(count, unittest.mock.MagicMock)
                assert not isinstance(count, amock.MagicMock)


            def test_amocker_is_amocks(amocker):
                count = amocker.patch("inventory.count", return_value=1)
                assert isinstance(count, amock.MagicMock)
                assert inventory.count("x") == 1


            async def test_both_in_one_test(mocker, amocker):
                price = amocker.patch("inventory.fetch_price", return_value=2.0)
                spy = mocker.spy(inventory, "restock")
                assert await inventory.fetch_price("x") == 2.0
                assert inventory.restock("x", 1) == 1
                price.assert_awaited_once_with("x")
                assert spy.spy_return == 1


            def test_explained_once(amocker):
                send = amocker.Mock()
                send(1)
                send.assert_called_once_with(2)
            """,
        )
        result = run(pytester, "-W", "error", "-p", "asyncio", pytest_mock=True)
        result.assert_outcomes(passed=3, failed=1)
        result.stdout.fnmatch_lines(["plugins: *mock-3*amock-async-*"])
        assert failures(result).count("pytest introspection follows:") == 1


class TestFixtureNames:
    """``amocker`` is amock's fixture; ``amock``, which hid the module, still works and warns."""

    def test_the_old_names_warn_and_carry_the_module(self, pytester: pytest.Pytester) -> None:
        path = write(
            pytester,
            "test_old_names.py",
            """
            import asyncio
            import json

            import pytest

            import amock as the_module
            from amock.errors import (
                AmockDeprecationWarning,
                AmockWarning,
                FixtureContextManagerWarning,
            )

            HELPERS = ("hold", "strict", "configure", "assert_awaited_in_order",
                       "assert_all_awaited", "Hold", "HeldCall", "GeneratorRecord",
                       "errors", "AsyncGeneratorMock", "mock_open", "seal", "call")


            def test_every_helper_of_the_module(amock):
                for name in HELPERS:
                    assert getattr(amock, name) is getattr(the_module, name), name
                with pytest.raises(AttributeError, match="neither has the amock module"):
                    amock.no_such_helper
                with amock.strict():
                    fetch = amock.AsyncMock()
                    asyncio.run(fetch())


            def test_with_patch_warns_and_binds_the_mock(amock):
                with pytest.warns(FixtureContextManagerWarning) as caught:
                    with amock.patch("json.dumps", return_value="{}") as dumps:  # with
                        assert json.dumps([]) == "{}"
                dumps.assert_called_once_with([])
                assert json.dumps is dumps  # the patch outlives the block, as the warning says
                assert caught[0].filename == __file__
                assert caught[0].lineno == LINE
                assert "amock.patch(...) started the patch" in str(caught[0].message)


            @pytest.mark.filterwarnings("default::DeprecationWarning")
            @pytest.mark.parametrize("name", ["amock_class", "amock_module", "amock_package",
                                              "amock_session"])
            def test_the_scoped_names(request, name):
                fixture = request.getfixturevalue(name)
                assert fixture.hold is the_module.hold


            def test_the_warning():
                assert issubclass(AmockDeprecationWarning, AmockWarning)
                assert issubclass(AmockDeprecationWarning, DeprecationWarning)
            """,
        )
        with path.open("a") as module:
            module.write(f"\n\nLINE = {line_of(path, '# with')}\n")
        # The deprecation is an error here; where warnings are not, the fixture works.
        failed = run(pytester, "-W", "error", "-k", "helper or binds")
        failed.assert_outcomes(errors=2)
        failed.stdout.fnmatch_lines(
            [
                "*AmockDeprecationWarning: the amock fixture is now called amocker: a parameter"
                " named amock hides the amock module inside the test*",
            ]
        )
        result = run(pytester, "-W", "default::DeprecationWarning")
        result.assert_outcomes(passed=7)
        result.stdout.fnmatch_lines(
            [
                "*test_old_names.py:*AmockDeprecationWarning: the amock fixture is now called"
                " amocker*",
                "*AmockDeprecationWarning: the amock_class fixture is now called class_amocker*",
            ]
        )

    def test_patches_used_with_with(self, pytester: pytest.Pytester) -> None:
        write(
            pytester,
            "test_with.py",
            """
            import json

            import pytest

            from amock.errors import FixtureContextManagerWarning


            class Lock:
                def __enter__(self):
                    return "locked"

                def __exit__(self, *exc_info):
                    return False


            LOCK = Lock()


            def test_amocker_warns_in_its_own_words(amocker):
                with pytest.warns(FixtureContextManagerWarning,
                                  match=r"^amocker.patch\\(...\\) started the patch") as caught:
                    with amocker.patch.object(json, "loads") as loads:
                        pass
                assert loads is json.loads
                assert caught[0].filename == __file__


            def test_mocker_warns_in_pytest_mocks_words(mocker):
                with pytest.warns(FixtureContextManagerWarning,
                                  match="^Mocks returned by pytest-mock do not need"):
                    with mocker.patch("json.loads"):
                        pass


            def test_a_configured_enter_result_is_kept(amocker):
                lock = amocker.patch(f"{__name__}.LOCK")
                lock.__enter__.return_value = "configured"
                with pytest.warns(FixtureContextManagerWarning):
                    with LOCK as state:
                        assert state == "configured"


            def test_patch_context_manager_enters_as_a_mock_does(amocker):
                lock = amocker.patch.context_manager(__import__(__name__), "LOCK")
                with LOCK as state:
                    assert state is lock.__enter__.return_value


            def test_a_class_patch_does_not_warn_for_its_instances(amocker):
                amocker.patch(f"{__name__}.Lock")
                with Lock() as state:
                    assert state is Lock.return_value.__enter__.return_value
            """,
        )
        result = run(pytester, "-W", "error")
        result.assert_outcomes(passed=5)


class TestAssertionExplanations:
    """The explanations live in the mock classes, behind a switch the plugin turns on."""

    def test_the_plugin_changes_no_class(self, pytester: pytest.Pytester) -> None:
        # conftest.py is imported before the plugin's pytest_configure runs.
        with (pytester.path / "conftest.py").open("a") as conftest:
            conftest.write(
                textwrap.dedent(
                    """

                    import unittest.mock

                    from amock import _assertions

                    CLASSES = [unittest.mock.NonCallableMock, unittest.mock.AsyncMockMixin,
                               unittest.mock.AsyncMock, amock.NonCallableMock, amock.Mock,
                               amock.MagicMock, amock.AsyncMock]
                    BEFORE = [dict(vars(klass)) for klass in CLASSES]
                    SWITCH_BEFORE = _assertions.enabled()
                    """
                )
            )
        write(
            pytester,
            "test_classes.py",
            """
            from amock import _assertions
            from conftest import BEFORE, CLASSES, SWITCH_BEFORE


            def test_no_class_changed():
                assert not SWITCH_BEFORE
                assert _assertions.enabled()
                assert [dict(vars(klass)) for klass in CLASSES] == BEFORE
            """,
        )
        run(pytester, "-W", "error").assert_outcomes(passed=1)

    def test_a_session_inside_this_one_leaves_the_switch_to_this_one(
        self, pytester: pytest.Pytester
    ) -> None:
        from amock import _assertions

        write(
            pytester,
            "test_inner.py",
            """
            from amock import _assertions


            def test_on():
                assert _assertions.enabled()
            """,
        )
        assert _assertions.enabled()  # this session's plugin turned it on
        pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
        assert _assertions.enabled()  # the inner session neither took it nor turned it off

    def test_a_listing_shows_no_calls_and_items_that_are_no_calls(self) -> None:
        import amock

        fake = amock.Mock()
        with pytest.raises(AssertionError) as caught:
            fake.assert_any_call(1)
        assert str(caught.value).endswith("\nExpected:\n  call(1)\nActual:\n  (none)")
        fake(1)
        with pytest.raises(AssertionError) as caught:
            fake.assert_has_calls([42])  # no call: listed as it is
        assert str(caught.value).endswith("\nExpected:\n  42\nActual:\n  call(1)")

    def test_without_the_switch_the_stdlib_speaks(self) -> None:
        """Outside pytest (the switch off), failures are the stdlib's, cause included."""
        import unittest.mock as std

        import amock
        from amock import _assertions, pytest_plugin

        def fail(module: Any) -> AssertionError:
            def target(a: int) -> None: ...

            mock = module.create_autospec(target)
            mock(1)
            with pytest.raises(AssertionError) as caught:
                mock.assert_called_with(2, 3)  # does not fit the signature
            return caught.value

        assert _assertions.enabled()  # this session's plugin turned it on
        _assertions.disable()
        try:
            plain, stdlib = fail(amock), fail(std)
        finally:
            _assertions.enable(pytest_plugin._compare)
        assert str(plain) == str(stdlib)
        assert type(plain.__cause__) is type(stdlib.__cause__) is TypeError
        explained = fail(amock)
        assert str(explained).startswith(str(stdlib) + "\n\npytest introspection follows:\n")
        assert explained.__cause__ is None
        assert explained.__suppress_context__

    #: Each assertion method: what the test does with an AsyncMock, then the failing check.
    FAILING: ClassVar[dict[str, tuple[Callable[[Any], object], Callable[[Any], object]]]] = {
        "assert_called": (lambda m: None, lambda m: m.assert_called()),
        "assert_called_once": (lambda m: None, lambda m: m.assert_called_once()),
        "assert_not_called": (lambda m: m(1).close(), lambda m: m.assert_not_called()),
        "assert_called_with": (lambda m: m(1).close(), lambda m: m.assert_called_with(2)),
        "assert_called_once_with": (
            lambda m: m(1).close(),
            lambda m: m.assert_called_once_with(2),
        ),
        "assert_any_call": (lambda m: m(1).close(), lambda m: m.assert_any_call(2)),
        "assert_has_calls": (
            lambda m: m(1).close(),
            lambda m: m.assert_has_calls([call(2)]),
        ),
        "assert_awaited": (lambda m: None, lambda m: m.assert_awaited()),
        "assert_awaited_once": (lambda m: None, lambda m: m.assert_awaited_once()),
        "assert_not_awaited": (lambda m: _await(m(1)), lambda m: m.assert_not_awaited()),
        "assert_awaited_with": (lambda m: _await(m(1)), lambda m: m.assert_awaited_with(2)),
        "assert_awaited_once_with": (
            lambda m: _await(m(1)),
            lambda m: m.assert_awaited_once_with(2),
        ),
        "assert_any_await": (lambda m: _await(m(1)), lambda m: m.assert_any_await(2)),
        "assert_has_awaits": (
            lambda m: _await(m(1)),
            lambda m: m.assert_has_awaits([call(2)]),
        ),
    }

    @pytest.mark.parametrize("method", FAILING)
    def test_every_assertion_is_the_stdlibs_with_the_switch_off(self, method: str) -> None:
        import unittest.mock as std

        import amock
        from amock import _assertions, pytest_plugin

        def fail(module: Any) -> AssertionError:
            mock = module.AsyncMock(name="fetch")
            use, check = self.FAILING[method]
            use(mock)
            with pytest.raises(AssertionError) as caught:
                check(mock)
            return caught.value

        stdlib = fail(std)
        explained = fail(amock)
        _assertions.disable()
        try:
            plain = fail(amock)
        finally:
            _assertions.enable(pytest_plugin._compare)
        assert str(plain) == str(stdlib)
        assert str(explained).startswith(str(stdlib))
        assert explained.__suppress_context__
        assert explained.__traceback__ is not None
        assert explained.__traceback__.tb_frame.f_code.co_filename != std.__file__

    def test_an_explanation_that_fails_leaves_the_failure(self) -> None:
        import amock

        class ComparedOnce:
            """Equal to nothing, and refuses to be compared a second time."""

            compared = False

            def __eq__(self, other: object) -> bool:
                if ComparedOnce.compared:
                    raise RuntimeError("compared twice")
                ComparedOnce.compared = True
                return False

            __hash__ = object.__hash__

        send = amock.Mock(name="send")
        send(ComparedOnce())
        with pytest.raises(AssertionError) as caught:
            send.assert_called_with(1)
        assert str(caught.value).startswith("expected call not found.")
        assert "pytest introspection follows" not in str(caught.value)
        assert ComparedOnce.compared

    SESSION = """
    import asyncio


    def test_called_with(amocker):
        send = amocker.Mock(name="send")
        send(1, greet="hello")
        send.assert_called_with(1, greet="hey")


    def test_autospec_binds_both_sides(amocker):
        def target(a, b, c=0):
            pass

        stub = amocker.create_autospec(target)
        stub(1, b=2, c=3)
        stub.assert_called_once_with(1, 2, c=4)


    def test_awaited_with_uses_the_await(amocker):
        fetch = amocker.AsyncMock(name="fetch")
        asyncio.run(fetch("awaited"))
        fetch("called").close()
        fetch.assert_awaited_with("expected")


    def test_count_failures_are_not_explained(amocker):
        send = amocker.Mock(name="send")
        send(1)
        send(2)
        send.assert_called_once_with(2)
    """

    def test_pytests_comparison(self, pytester: pytest.Pytester) -> None:
        write(pytester, "test_session.py", self.SESSION)
        result = run(pytester)
        result.assert_outcomes(failed=4)
        result.stdout.fnmatch_lines(
            [
                "*_ test_called_with _*",
                "E *pytest introspection follows:",
                "E *Kwargs:",
                "E *assert {'greet': 'hello'} == {'greet': 'hey'}",
                "*_ test_autospec_binds_both_sides _*",
                "E *Args:",
                "E *assert (1, 2, 3) == (1, 2, 4)",
                "*_ test_awaited_with_uses_the_await _*",
                "E *Args:",
                "E *assert ('awaited',) == ('expected',)",
                "*_ test_count_failures_are_not_explained _*",
                "E *AssertionError: Expected 'send' to be called once. Called 2 times.",
            ]
        )
        output = failures(result)
        assert output.count("pytest introspection follows:") == 3
        # Only what differs is shown: equal positional arguments, equal bound keywords.
        assert output.count("Args:") == 2
        assert output.count("Kwargs:") == 1

    @pytest.mark.parametrize(
        ("args", "ini"),
        [
            (["--tb=native"], ""),
            (["--assert=plain"], ""),
            ([], "amock_assert_diff = false\n"),
            ([], "mock_traceback_monkeypatch = false\n"),
        ],
        ids=["tb-native", "assert-plain", "amock-ini", "pytest-mock-ini"],
    )
    def test_switched_off(self, pytester: pytest.Pytester, args: list[str], ini: str) -> None:
        write(pytester, "pytest.ini", INI + ini)
        write(pytester, "test_session.py", self.SESSION)
        result = run(pytester, *args)
        result.assert_outcomes(failed=4)
        assert "pytest introspection follows:" not in result.stdout.str()


class TestSpiesKeepAmocksShapes:
    def test_spies(self, pytester: pytest.Pytester) -> None:
        write(
            pytester,
            "test_spies.py",
            """
            import asyncio
            import inspect
            import sys

            import pytest

            import shop

            ORIGINAL = shop.snapshot()
            AWAITED = []


            class Service:
                async def load(self, key):
                    AWAITED.append(key)
                    return key.upper()

                @classmethod
                async def build(cls, name):
                    return name

                @staticmethod
                async def ping():
                    return "pong"


            def test_a_coroutine_function_spy_records_the_call_when_made(amocker):
                service = Service()
                load = amocker.spy(Service, "load")
                pending = service.load("a")
                load.assert_called_once_with(service, "a")  # before any await
                load.assert_not_awaited()
                assert asyncio.run(pending) == "A"
                load.assert_awaited_once_with(service, "a")
                assert AWAITED == ["a"]  # the original ran once
                assert load.spy_return == "A"
                # The spy is an autospecced function: inspect sees it as the stdlib's
                # copy, a coroutine function from 3.12 (asyncio's marker before).
                if sys.version_info >= (3, 12):
                    assert inspect.iscoroutinefunction(service.load)
                else:
                    assert service.load._is_coroutine is asyncio.coroutines._is_coroutine


            def test_class_and_static_coroutine_methods(amocker):
                build = amocker.spy(Service, "build")
                ping = amocker.spy(Service, "ping")
                assert asyncio.run(Service.build("x")) == "x"
                assert asyncio.run(Service.ping()) == "pong"
                build.assert_awaited_once_with("x")
                ping.assert_awaited_once_with()
                with pytest.raises(TypeError):
                    Service.ping(1)  # autospecced: the signature is checked
                for spy in (build, ping):
                    with pytest.raises(AttributeError):
                        spy.fake_assert_method()


            def test_resetall_forgets_amocks_records_too(amocker):
                count = amocker.spy(shop, "count")
                session = amocker.spy(shop, "session")

                async def use():
                    assert [item async for item in shop.count(2)] == [0, 1]
                    async with shop.session("db"):
                        pass

                asyncio.run(use())
                assert count.spy_yields == [[0, 1]]
                assert session.spy_entered == ["session-db"]
                amocker.resetall()
                assert count.spy_yields == []
                assert session.spy_entered == []
                asyncio.run(use())
                assert count.spy_yields == [[0, 1]]


            def test_everything_was_undone():
                assert shop.snapshot() == ORIGINAL
            """,
        )
        run(pytester, "-W", "error").assert_outcomes(passed=4)


def _await(awaitable: Any) -> None:
    import asyncio

    async def main() -> None:
        await awaitable

    asyncio.run(main())


#: The migration guide's recipe (docs/migration.md): unittest.mock is amock.
ALIASING = """
import sys
import unittest

import amock

sys.modules["unittest.mock"] = amock
unittest.mock = amock
"""

ALIASED_SUITE = """
import json
import unittest
from unittest import mock
from unittest.mock import patch

import amock


class StdlibStyle(unittest.TestCase):
    @patch("json.dumps", return_value="{}")
    def test_decorated(self, dumps):
        assert json.dumps(1) == "{}"
        assert isinstance(dumps, amock.MagicMock)


def test_module_is_amock():
    assert mock is amock
    assert isinstance(mock.AsyncMock(), amock.AsyncMock)


def test_the_fixture(amocker):
    amocker.patch("json.loads", return_value=1)
    assert json.loads("2") == 1
"""


class TestAliasingRecipe:
    """The aliasing recipe works under ``-W error``, from a conftest.py or a sitecustomize."""

    def test_in_conftest(self, pytester: pytest.Pytester) -> None:
        write(pytester, "conftest.py", ALIASING)
        write(pytester, "pytest.ini", INI + "filterwarnings = error\n")
        write(pytester, "test_aliased.py", ALIASED_SUITE)
        run(pytester, "-W", "error").assert_outcomes(passed=3)

    def test_in_sitecustomize(
        self, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """amock imported before pytest starts: its docstring tells pytest not to rewrite it."""
        site = pytester.mkdir("site")
        (site / "sitecustomize.py").write_text(textwrap.dedent(ALIASING))
        path = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(path))
        write(pytester, "conftest.py", "")
        write(pytester, "pytest.ini", INI + "filterwarnings = error\n")
        write(pytester, "test_aliased.py", ALIASED_SUITE)
        write(
            pytester,
            "test_early.py",
            """
            import sys

            def test_amock_was_imported_by_sitecustomize():
                assert "sitecustomize" in sys.modules
                assert sys.modules["unittest.mock"] is sys.modules["amock"]
            """,
        )
        result = run(pytester, "-W", "error")
        result.assert_outcomes(passed=4)
        result.stdout.no_fnmatch_line("*cannot be rewritten*")


# -- spies in this session: the amocker fixture of amock's own test run ----------------


class Request:
    """aiohttp's request context: awaited, or entered with ``async with``."""

    method = "GET"

    async def __aenter__(self) -> str:
        return "entered"

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    def __await__(self) -> Any:
        return self._respond().__await__()

    async def _respond(self) -> str:
        return "awaited"


def request() -> Request:
    return Request()


async def ticks(n: int) -> AsyncIterator[int]:
    for index in range(n):
        yield index
    raise ConnectionError("stream lost")


class Greeting:
    def __init__(self, name: str) -> None:
        self.name = name


THIS_MODULE = sys.modules[__name__]


class TestSpies:
    def test_spying_on_a_missing_attribute_is_refused(self, amocker: Any) -> None:
        with pytest.raises(MockConfigurationError, match="no attribute 'absent' to spy on"):
            amocker.spy(THIS_MODULE, "absent")

    def test_a_spied_class_records_the_instances_it_made(self, amocker: Any) -> None:
        real = Greeting
        spy = amocker.spy(THIS_MODULE, "Greeting")
        made = Greeting("ada")
        assert type(made) is real
        assert made.name == "ada"
        spy.assert_called_once_with("ada")
        assert spy.spy_return is made

    @pytest.mark.anyio
    async def test_a_spied_request_context_can_be_awaited_and_read(self, amocker: Any) -> None:
        spy = amocker.spy(THIS_MODULE, "request")
        assert request().method == "GET"
        assert await request() == "awaited"
        async with request() as entered:
            assert entered == "entered"
        assert spy.call_count == 3
        assert spy.spy_entered == ["entered"]

    @pytest.mark.anyio
    async def test_a_spied_stream_records_its_items_and_its_failure(self, amocker: Any) -> None:
        spy = amocker.spy(THIS_MODULE, "ticks")
        stream = ticks(2)
        assert [await stream.__anext__(), await stream.__anext__()] == [0, 1]
        with pytest.raises(ConnectionError, match="stream lost"):
            await stream.__anext__()
        assert spy.spy_yields == [[0, 1]]
        assert isinstance(spy.spy_exception, ConnectionError)

    def test_a_spied_stream_object_called_wrongly_records_the_error(self, amocker: Any) -> None:
        spy = amocker.spy(THIS_MODULE, "feed")
        with pytest.raises(TypeError):
            feed("extra")
        assert isinstance(spy.spy_exception, TypeError)


class Feed:
    """A callable object whose calls are async generators."""

    async def __call__(self) -> AsyncIterator[int]:
        yield 1


feed = Feed()


class TestFixtureInThisSession:
    def test_stopping_an_autospec_forgets_it(self, amocker: Any) -> None:
        made = amocker.create_autospec(connect_to)
        amocker.stop(made)
        with pytest.raises(UnknownMockError, match="not registered with this fixture"):
            amocker.stop(made)

    def test_a_configured_enter_neither_warns_nor_is_replaced(self, amocker: Any) -> None:
        patched = amocker.patch(
            f"{__name__}.connect_to", **{"__enter__.side_effect": lambda: "configured"}
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with patched as entered:
                assert entered == "configured"

    def test_resetall_resets_a_stdlib_autospec_it_installed(self, amocker: Any) -> None:
        stdlib_made = create_autospec(connect_to)
        amocker.patch(f"{__name__}.connect_to", new=stdlib_made)
        connect_to("db")
        amocker.resetall()
        assert stdlib_made.call_count == 0
        stdlib_made.assert_not_called()


def connect_to(name: str) -> str:
    return name
