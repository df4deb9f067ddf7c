"""amock's pytest plugin, run in pytest sessions of their own (pytester, one process each).

No command line here names the plugin: the ``pytest11`` entry point of the
installed package loads it, as it does for users. Each session groups several
inner tests, and every check asserts exact outcome counts and the lines a user sees.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

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


def check_sync_spies(amock):
    add = amock.spy(shop, "add")
    assert shop.add(1, 2) == 3
    add.assert_called_once_with(1, 2)
    assert add.spy_return == 3
    assert add.spy_return_list == [3]
    assert add.spy_exception is None

    put = amock.spy(shop.Cart, "put")
    cart = shop.Cart()
    assert cart.put("pen") == 1
    put.assert_called_once_with(cart, "pen")
    assert put.spy_return == 1
    assert cart.items == ["pen"]

    fail = amock.spy(shop, "fail")
    with pytest.raises(ValueError, match="refused"):
        shop.fail("refused")
    fail.assert_called_once_with("refused")
    assert isinstance(fail.spy_exception, ValueError)


async def check_async_spies(amock):
    fetch = amock.spy(shop, "fetch")
    assert await shop.fetch("a") == {"key": "a"}
    fetch.assert_awaited_once_with("a")
    assert fetch.spy_return == {"key": "a"}
    assert fetch.spy_return_list == [{"key": "a"}]
    assert not inspect.isawaitable(fetch.spy_return)

    checkout = amock.spy(shop.Cart, "checkout")
    cart = shop.Cart()
    cart.put("pen")
    assert await cart.checkout() == 1
    checkout.assert_awaited_once_with(cart)
    assert checkout.spy_return == 1

    count = amock.spy(shop, "count")
    assert [item async for item in shop.count(3)] == [0, 1, 2]
    count.assert_called_once_with(3)
    assert count.spy_yields == [[0, 1, 2]]

    session = amock.spy(shop, "session")
    async with shop.session("db") as entered:
        assert entered == "session-db"
    session.assert_called_once_with("db")
    assert session.spy_entered == ["session-db"]

    connect = amock.spy(shop, "connect")
    async with shop.connect("cache") as entered:
        assert entered == "connection-cache"
    assert connect.spy_entered == ["connection-cache"]

    fail_later = amock.spy(shop, "fail_later")
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


def run(pytester: pytest.Pytester, *args: str, pytest_trio: bool = False) -> pytest.RunResult:
    """Run pytest in a fresh process, which loads plugins through their entry points.

    pytest-trio is off unless asked for, and so is Hypothesis's plugin (which
    pytest-trio needs): importing Hypothesis costs two seconds of start-up.
    """
    plugins = ["-p", "trio"] if pytest_trio else ["-p", "no:trio", "-p", "no:hypothesispytest"]
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *plugins, *args, timeout=120)


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


def test_patch_variants_start_at_once(amock):
    spec = amock.create_autospec(shop.add)
    assert spec(1, 2) is spec.return_value
    with pytest.raises(TypeError):
        spec(1, 2, 3)
    add = amock.patch("shop.add", return_value=0)
    assert shop.add(1, 2) == 0
    add.assert_called_once_with(1, 2)
    assert isinstance(amock.patch("shop.fetch"), amock.AsyncMock)
    assert amock.patch.object(shop.Cart, "put", return_value=9) is shop.Cart.put
    assert shop.Cart().put("pen") == 9
    settings = amock.patch.dict(shop.SETTINGS, {"mode": "test"}, debug=True)
    assert settings is shop.SETTINGS
    assert shop.SETTINGS == {"mode": "test", "debug": True}
    mocks = amock.patch.multiple("shop", fail=amock.DEFAULT, connect=amock.DEFAULT)
    assert shop.connect is mocks["connect"]
    shop.fail("no exception now")
    mocks["fail"].assert_called_once_with("no exception now")


def test_the_previous_test_patches_are_undone():
    assert shop.snapshot() == ORIGINAL


def test_spies(amock):
    spying.check_sync_spies(amock)


def test_stubs(amock):
    on_done = amock.stub("on_done")
    on_done(1, reason="ok")
    on_done.assert_called_once_with(1, reason="ok")
    assert "on_done" in repr(on_done)
    on_data = amock.async_stub("on_data")
    pending = on_data(b"chunk")
    assert inspect.iscoroutine(pending)
    asyncio.run(pending)
    on_data.assert_awaited_once_with(b"chunk")


def test_stopall_undoes_now_and_the_fixture_stays_usable(amock):
    amock.patch("shop.add", return_value=0)
    amock.patch.dict(shop.SETTINGS, mode="test")
    amock.spy(shop.Cart, "put")
    amock.stopall()
    assert shop.snapshot() == ORIGINAL
    again = amock.patch("shop.add", return_value=5)
    assert shop.add(1, 2) == 5
    again.assert_called_once_with(1, 2)


def test_resetall_resets_every_mock_the_fixture_made(amock):
    spec = amock.create_autospec(shop.add)
    add = amock.patch("shop.add", return_value=5)
    fail = amock.patch.multiple("shop", fail=amock.DEFAULT)["fail"]
    stub = amock.stub()
    async_stub = amock.async_stub()
    put = amock.spy(shop.Cart, "put")
    shop.add(1, 2)
    shop.fail("x")
    spec(1, 2)
    stub()
    asyncio.run(async_stub())
    shop.Cart().put("pen")
    amock.resetall()
    made = {"patch": add, "multiple": fail, "autospec": spec, "stub": stub, "spy": put}
    assert {name: m.call_count for name, m in made.items()} == dict.fromkeys(made, 0)
    assert async_stub.call_count == 0
    assert async_stub.await_count == 0
    assert shop.add(1, 2) == 5
    amock.resetall(return_value=True)
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
        result.stdout.fnmatch_lines(["*fixture 'amock' not found*"])
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
async def test_patches_and_async_stubs(amock):
    fetch = amock.patch("shop.fetch", return_value={"key": "fake"})
    assert await shop.fetch("a") == {"key": "fake"}
    fetch.assert_awaited_once_with("a")
    amock.patch.object(shop.Cart, "checkout", return_value=7)
    assert await shop.Cart().checkout() == 7
    amock.patch.dict(shop.SETTINGS, mode="test")
    notify = amock.async_stub("notify")
    await asyncio.gather(notify("done", code=0))
    notify.assert_awaited_once_with("done", code=0)


@pytest.mark.asyncio
async def test_spies_record_awaited_results(amock):
    assert shop.snapshot() == ORIGINAL
    await spying.check_async_spies(amock)


@pytest.mark.asyncio
async def test_amock_patches_what_the_loop_closes_with(amock):
    ordering.patch_loop_internals("amock", amock.patch.object)


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
async def test_patches_and_async_stubs(amock, anyio_backend):
    fetch = amock.patch("shop.fetch", return_value={"key": anyio_backend})
    assert await shop.fetch("a") == {"key": anyio_backend}
    fetch.assert_awaited_once_with("a")
    amock.patch.dict(shop.SETTINGS, mode="test")
    notify = amock.async_stub("notify")
    await notify("done")
    notify.assert_awaited_once_with("done")


@pytest.mark.anyio
async def test_spies_record_awaited_results(amock):
    assert shop.snapshot() == ORIGINAL
    await spying.check_async_spies(amock)


@pytest.mark.anyio
async def test_amock_patches_what_the_loop_closes_with(amock):
    ordering.patch_loop_internals("amock", amock.patch.object)


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
            async def test_patches_in_a_nursery(amock):
                fetch = amock.patch("shop.fetch", return_value={"key": "fake"})
                amock.patch.dict(shop.SETTINGS, mode="trio")
                async with trio.open_nursery() as nursery:
                    nursery.start_soon(shop.fetch, "a")
                fetch.assert_awaited_once_with("a")
                assert shop.SETTINGS == {"mode": "trio"}


            @pytest.mark.trio
            async def test_spies_record_awaited_results(amock):
                assert shop.snapshot() == ORIGINAL
                await spying.check_async_spies(amock)


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
            def test_sync(amock, n):
                assert shop.snapshot() == ORIGINAL
                amock.patch("shop.add", return_value=n)
                amock.patch.dict(shop.SETTINGS, mode=str(n))
                assert shop.add(1, 1) == n


            @pytest.mark.parametrize("n", range(3))
            @pytest.mark.asyncio
            async def test_asyncio(amock, n):
                assert shop.snapshot() == ORIGINAL
                fetch = amock.spy(shop, "fetch")
                assert await shop.fetch(n) == {"key": n}
                assert fetch.spy_return == {"key": n}


            @pytest.mark.parametrize("n", range(2))
            @pytest.mark.anyio
            async def test_anyio(amock, n):
                assert shop.snapshot() == ORIGINAL
                amock.patch.object(shop.Cart, "checkout", return_value=n)
                assert await shop.Cart().checkout() == n


            def test_strict_mode_reaches_the_workers(amock):
                fetch = amock.AsyncMock(name="fetch")
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


class TestWiderScopes:
    def test_class_module_and_session_fixtures(self, pytester: pytest.Pytester) -> None:
        write(
            pytester,
            "test_a.py",
            """
            import shop


            class TestClassScope:
                def test_patch(self, amock_class):
                    amock_class.patch.object(shop.Cart, "kind", "crate")

                def test_patch_lasts_the_class(self):
                    assert shop.Cart.kind == "crate"


            def test_class_patch_ended_with_its_class():
                assert shop.Cart.kind == "basket"


            def test_module_and_session_patches(amock_module, amock_session):
                amock_module.patch("shop.add", return_value="module")
                amock_session.patch.dict(shop.SETTINGS, mode="session")


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
async def test_forgets_an_await_in_a_coroutine(amock):
    notify = amock.AsyncMock(name="notify")
    notify("later", urgent=True)  # forgotten in an async test


@pytest.mark.asyncio
async def test_awaits_in_a_coroutine(amock):
    notify = amock.AsyncMock(name="notify")
    await notify("now")
"""

TASK_SCOPE_TESTS = """
import asyncio

import pytest


class Config:
    mode = "original"


@pytest.mark.asyncio
async def test_a_concurrent_task_does_not_see_the_fixture_patch(amock):
    go = asyncio.Event()
    seen = []

    async def other():
        await go.wait()
        seen.append(Config.mode)

    task = asyncio.create_task(other())  # before the patch: it does not inherit it
    await asyncio.sleep(0)
    amock.patch.object(Config, "mode", "patched")
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


            def test_called_with(amock):
                send = amock.Mock(name="send")
                send(1, "two", flag=True)
                send.assert_called_with(1, "three", flag=False, extra=2)  # called_with


            def test_awaited_with(amock):
                fetch = amock.AsyncMock(name="fetch")
                asyncio.run(fetch("a", timeout=1))
                fetch.assert_awaited_with("b", timeout=1)  # awaited_with


            def test_has_calls(amock):
                log = amock.Mock(name="log")
                log("a")
                log("b", level=2)
                log.assert_has_calls([amock.call("a"), amock.call("c")])  # has_calls


            def test_keeps_the_fixture(amock):
                KEPT.append(amock)


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


            def test_spy_on_a_value(amock):
                amock.spy(shop, "SETTINGS")  # not callable


            def test_spy_on_a_value_is_a_type_error(amock):
                with pytest.raises(MockConfigurationError, match="not a callable"):
                    amock.spy(shop.Cart, "kind")
                with pytest.raises(TypeError, match="not a callable"):
                    amock.spy(shop.Cart, "kind")
                assert shop.snapshot() == ORIGINAL
            """,
        )
        result = run(pytester)
        result.assert_outcomes(passed=3, failed=5)
        result.stdout.fnmatch_lines(
            [
                "*_ test_called_with _*",
                "E *AssertionError: expected call not found.",
                "E *Expected: send(1, 'three', flag=False, extra=2)",
                "E *  Actual: send(1, 'two', flag=True)",
                "E *Differences:",
                "E *  argument 1: expected 'three', got 'two'",
                "E *  extra=: expected 2, missing",
                "E *  flag=: expected False, got True",
                f"test_messages.py:{line_of(path, '# called_with')}: AssertionError",
                "*_ test_awaited_with _*",
                "E *Differences:",
                "E *  argument 0: expected 'b', got 'a'",
                f"test_messages.py:{line_of(path, '# awaited_with')}: AssertionError",
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
                "E *FixtureError: the amock fixture of test_messages.py::test_keeps_the_fixture"
                " has already ended, so nothing it starts would be undone;*",
                "*_ test_spy_on_a_value _*",
                f"test_messages.py:{line_of(path, '# not callable')}: *",
                "E *MockConfigurationError: spy(<module 'shop'*, 'SETTINGS'): 'SETTINGS' is dict"
                " {'mode': 'prod'}, not a callable; spy on a function, method or class, or"
                " patch the value with patch.object().",
            ]
        )
