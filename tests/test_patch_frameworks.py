"""Patch decorators in every test framework, each run as a pytest session of its own.

Every inner session loads only the plugins it needs, runs with ``-W error`` (so a
coroutine that is never awaited, or an async test that a plugin mistakes for a sync
one, fails it), and must report an exact number of passed tests and nothing else, so
a test that is silently skipped or not collected fails the check. Its conftest checks
before and after every test that every patched name holds its original again.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import Any

import pytest

import amock

# -- the inner sessions' shared files -------------------------------------------------

TARGETS = """
VALUE = "real"


async def fetch():
    return "real"
"""

CONFTEST = """
import os

import pytest
import targets

WATCHED = [(os, "getcwd"), (os, "getpid"), (targets, "fetch"), (targets, "VALUE")]
ORIGINALS = [getattr(owner, name) for owner, name in WATCHED]


def assert_restored(when):
    changed = [
        name
        for (owner, name), original in zip(WATCHED, ORIGINALS)
        if getattr(owner, name) is not original
    ]
    assert not changed, f"{when}: still patched: {changed}"
    assert "AMOCK_INNER" not in os.environ, f"{when}: os.environ still patched"


# Hooks rather than an autouse fixture: hypothesis rejects function-scoped fixtures.
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    assert_restored(f"before {item.name}")
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    result = yield
    assert_restored(f"after {item.name}")
    return result


# Session-scoped for the same reason; tests check that it arrives as 42.
@pytest.fixture(scope="session")
def answer():
    return 42
"""

# -- the inner test files ---------------------------------------------------------------

PLAIN = """
import os
import unittest.mock as std

import pytest
import targets

import amock


@amock.patch("os.getcwd")
def test_mock_comes_before_the_fixtures(mock_getcwd, answer, tmp_path):
    assert os.getcwd is mock_getcwd
    assert isinstance(mock_getcwd, amock.MagicMock)
    assert answer == 42
    assert tmp_path.is_dir()


@amock.patch("os.getcwd")
@amock.patch("os.getpid")
def test_bottom_decorator_injects_first(mock_getpid, mock_getcwd, answer):
    assert os.getpid is mock_getpid
    assert os.getcwd is mock_getcwd
    assert answer == 42


@std.patch("os.getcwd")
@amock.patch("os.getpid")
def test_stdlib_above_amock(mock_getpid, mock_getcwd, answer):
    assert os.getpid is mock_getpid and isinstance(mock_getpid, amock.MagicMock)
    assert os.getcwd is mock_getcwd and not isinstance(mock_getcwd, amock.MagicMock)
    assert answer == 42


@amock.patch("os.getcwd")
@std.patch("os.getpid")
def test_amock_above_stdlib(mock_getpid, mock_getcwd, answer):
    assert os.getpid is mock_getpid and not isinstance(mock_getpid, amock.MagicMock)
    assert os.getcwd is mock_getcwd and isinstance(mock_getcwd, amock.MagicMock)
    assert answer == 42


@amock.patch.multiple("os", getcwd=amock.DEFAULT, getpid=amock.DEFAULT)
@amock.patch.object(targets, "VALUE", "patched")
@amock.patch.dict("os.environ", {"AMOCK_INNER": "1"})
def test_new_and_dict_inject_nothing_and_multiple_injects_keywords(answer, getcwd, getpid):
    assert targets.VALUE == "patched"
    assert os.environ["AMOCK_INNER"] == "1"
    assert os.getcwd is getcwd
    assert os.getpid is getpid
    assert answer == 42


@pytest.mark.parametrize("n", [1, 2])
@amock.patch("os.getcwd")
def test_parametrize_above(mock_getcwd, n, answer):
    assert os.getcwd is mock_getcwd
    assert n in (1, 2)
    assert answer == 42


@amock.patch("os.getcwd")
@pytest.mark.parametrize("n", [1, 2])
def test_parametrize_below(mock_getcwd, n, answer):
    assert os.getcwd is mock_getcwd
    assert n in (1, 2)
    assert answer == 42


@pytest.fixture
@amock.patch("os.getcwd", return_value="/from-fixture")
def patched_cwd(mock_getcwd, answer):
    assert answer == 42
    yield mock_getcwd
    assert os.getcwd is mock_getcwd


def test_yield_fixture_stays_patched_until_its_teardown(patched_cwd):
    assert os.getcwd is patched_cwd
    assert os.getcwd() == "/from-fixture"


@amock.patch("os.getcwd")
class TestPatchedClass:
    def test_one(self, mock_getcwd, answer):
        assert os.getcwd is mock_getcwd
        assert answer == 42
        os.getcwd()

    def test_two(self, mock_getcwd, tmp_path):
        assert os.getcwd is mock_getcwd
        mock_getcwd.assert_not_called()
        assert tmp_path.is_dir()

    @amock.patch("os.getpid")
    def test_method_decorator_injects_before_class_decorator(
        self, mock_getpid, mock_getcwd, answer
    ):
        assert os.getpid is mock_getpid
        assert os.getcwd is mock_getcwd
        assert answer == 42

    def test_other_methods_are_left_alone(self, mock_getcwd):
        assert not hasattr(TestPatchedClass.helper, "patchings")
        assert self.helper() == "helped"

    def helper(self):
        return "helped"


amock.patch.TEST_PREFIX = "check"
try:

    @amock.patch("os.getcwd")
    class CustomPrefix:
        def check_it(self, mock_getcwd):
            return os.getcwd is mock_getcwd

        def test_it(self):
            return os.getcwd

finally:
    amock.patch.TEST_PREFIX = "test"


def test_class_decorator_follows_test_prefix():
    original = os.getcwd
    assert CustomPrefix().check_it() is True
    assert CustomPrefix().test_it() is original
"""
PLAIN_TESTS = 15  # parametrized cases counted, as in every *_TESTS count

HYPOTHESIS = """
import os

from hypothesis import given, settings, strategies as st

import amock

settings.register_profile("inner", max_examples=10, deadline=None, database=None)
settings.load_profile("inner")


@given(n=st.integers())
@amock.patch("os.getcwd")
def test_given_above_patch_patches_each_example(mock_getcwd, answer, n):
    assert os.getcwd is mock_getcwd
    mock_getcwd.assert_not_called()
    os.getcwd()
    assert answer == 42
    assert isinstance(n, int)


EXAMPLES = []


@amock.patch("os.getcwd")
@given(n=st.integers())
def test_patch_above_given_spans_every_example(mock_getcwd, answer, n):
    assert os.getcwd is mock_getcwd
    EXAMPLES.append(n)
    os.getcwd()
    assert mock_getcwd.call_count == len(EXAMPLES)
    assert answer == 42


@amock.patch("os.getcwd")
class TestGivenInPatchedClass:
    @given(n=st.integers())
    def test_example(self, mock_getcwd, answer, n):
        assert os.getcwd is mock_getcwd
        assert answer == 42
        assert isinstance(n, int)
"""
HYPOTHESIS_TESTS = 3

UNITTEST = """
import os
import unittest
import unittest.mock as std

import anyio
import targets

import amock


def patched():
    return isinstance(os.getcwd, std.NonCallableMock)


class DecoratedMethods(unittest.TestCase):
    @amock.patch("os.getcwd")
    def test_mock_is_injected(self, mock_getcwd):
        assert os.getcwd is mock_getcwd

    @std.patch("os.getcwd")
    @amock.patch("os.getpid")
    def test_stdlib_above_amock(self, mock_getpid, mock_getcwd):
        assert os.getpid is mock_getpid and isinstance(mock_getpid, amock.MagicMock)
        assert os.getcwd is mock_getcwd and not isinstance(mock_getcwd, amock.MagicMock)

    @amock.patch("os.getcwd")
    @std.patch("os.getpid")
    def test_amock_above_stdlib(self, mock_getpid, mock_getcwd):
        assert os.getpid is mock_getpid and not isinstance(mock_getpid, amock.MagicMock)
        assert os.getcwd is mock_getcwd and isinstance(mock_getcwd, amock.MagicMock)


@amock.patch("os.getcwd")
class PatchedTestCase(unittest.TestCase):
    def setUp(self):
        assert not patched()

    def test_one(self, mock_getcwd):
        assert os.getcwd is mock_getcwd
        os.getcwd()

    def test_two(self, mock_getcwd):
        assert os.getcwd is mock_getcwd
        mock_getcwd.assert_not_called()

    @amock.patch("os.getpid")
    def test_method_decorator_injects_before_class_decorator(self, mock_getpid, mock_getcwd):
        assert os.getpid is mock_getpid
        assert os.getcwd is mock_getcwd

    def test_other_methods_are_left_alone(self, mock_getcwd):
        assert not hasattr(PatchedTestCase.setUp, "patchings")
        assert not hasattr(PatchedTestCase.helper, "patchings")

    def helper(self):
        pass


@std.patch("os.getpid")
@amock.patch("os.getcwd")
class StdlibAboveAmockOnClass(unittest.TestCase):
    def test_both(self, mock_getcwd, mock_getpid):
        assert os.getcwd is mock_getcwd and isinstance(mock_getcwd, amock.MagicMock)
        assert os.getpid is mock_getpid and not isinstance(mock_getpid, amock.MagicMock)


@amock.patch("os.getpid")
@std.patch("os.getcwd")
class AmockAboveStdlibOnClass(unittest.TestCase):
    def test_both(self, mock_getcwd, mock_getpid):
        assert os.getcwd is mock_getcwd and not isinstance(mock_getcwd, amock.MagicMock)
        assert os.getpid is mock_getpid and isinstance(mock_getpid, amock.MagicMock)


class AsyncMethods(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        assert not patched()

    @amock.patch("os.getcwd")
    async def test_patch_holds_across_awaits(self, mock_getcwd):
        assert os.getcwd is mock_getcwd
        await anyio.sleep(0)
        assert os.getcwd is mock_getcwd

    @amock.patch("targets.fetch", return_value="mocked")
    async def test_coroutine_target_gets_an_async_mock(self, mock_fetch):
        assert targets.fetch is mock_fetch and isinstance(mock_fetch, amock.AsyncMock)
        assert await targets.fetch() == "mocked"
        mock_fetch.assert_awaited_once_with()


@amock.patch("os.getcwd")
class PatchedAsyncTestCase(unittest.IsolatedAsyncioTestCase):
    async def asyncTearDown(self):
        assert not patched()

    async def test_async_method(self, mock_getcwd):
        await anyio.sleep(0)
        assert os.getcwd is mock_getcwd

    def test_sync_method(self, mock_getcwd):
        assert os.getcwd is mock_getcwd
"""
UNITTEST_TESTS = 13

# One body for every async framework; its prelude says how the framework finds the
# tests (a module mark, or none in auto mode) and how async fixtures are declared.
ASYNC = """
import os
import unittest.mock as std

import anyio
import pytest
import targets

import amock

# framework prelude


@fixture
@amock.patch("os.getcwd", new=lambda: "/from-fixture")
async def patched_cwd(answer):
    await anyio.sleep(0)
    yield os.getcwd()
    await anyio.sleep(0)
    assert os.getcwd() == "/from-fixture"


@fixture
@amock.patch("os.getpid")
async def patched_pid(mock_getpid, answer):
    mock_getpid.return_value = answer
    await anyio.sleep(0)
    yield mock_getpid
    await anyio.sleep(0)
    assert os.getpid is mock_getpid


@fixture
@amock.patch("targets.fetch", return_value="mocked")
async def fetched(mock_fetch):
    value = await targets.fetch()
    mock_fetch.assert_awaited_once_with()
    return value


@amock.patch("os.getcwd")
async def test_patch_holds_across_awaits(mock_getcwd, answer, tmp_path):
    assert os.getcwd is mock_getcwd
    await anyio.sleep(0)
    assert os.getcwd is mock_getcwd
    assert answer == 42
    assert tmp_path.is_dir()


@amock.patch("targets.fetch", return_value="mocked")
async def test_coroutine_target_gets_an_async_mock(mock_fetch):
    assert targets.fetch is mock_fetch and isinstance(mock_fetch, amock.AsyncMock)
    assert await targets.fetch() == "mocked"
    mock_fetch.assert_awaited_once_with()


@std.patch("os.getcwd")
@amock.patch("os.getpid")
async def test_stdlib_above_amock(mock_getpid, mock_getcwd, answer):
    await anyio.sleep(0)
    assert os.getpid is mock_getpid and isinstance(mock_getpid, amock.MagicMock)
    assert os.getcwd is mock_getcwd and not isinstance(mock_getcwd, amock.MagicMock)
    assert answer == 42


@amock.patch("os.getcwd")
@std.patch("os.getpid")
async def test_amock_above_stdlib(mock_getpid, mock_getcwd, answer):
    await anyio.sleep(0)
    assert os.getpid is mock_getpid and not isinstance(mock_getpid, amock.MagicMock)
    assert os.getcwd is mock_getcwd and isinstance(mock_getcwd, amock.MagicMock)
    assert answer == 42


@pytest.mark.parametrize("n", [1, 2])
@amock.patch("os.getcwd")
async def test_parametrize_above(mock_getcwd, n, answer):
    await anyio.sleep(0)
    assert os.getcwd is mock_getcwd
    assert n in (1, 2)
    assert answer == 42


@amock.patch("os.getcwd")
@pytest.mark.parametrize("n", [1, 2])
async def test_parametrize_below(mock_getcwd, n, answer):
    await anyio.sleep(0)
    assert os.getcwd is mock_getcwd
    assert n in (1, 2)
    assert answer == 42


@amock.patch.multiple("os", getcwd=amock.DEFAULT, getpid=amock.DEFAULT)
@amock.patch.object(targets, "VALUE", "patched")
@amock.patch.dict("os.environ", {"AMOCK_INNER": "1"})
async def test_new_and_dict_inject_nothing_and_multiple_injects_keywords(answer, getcwd, getpid):
    await anyio.sleep(0)
    assert targets.VALUE == "patched"
    assert os.environ["AMOCK_INNER"] == "1"
    assert os.getcwd is getcwd
    assert os.getpid is getpid
    assert answer == 42


@amock.patch("os.getcwd", return_value="/inside")
async def cwds(mock_getcwd):
    for _ in range(2):
        await anyio.sleep(0)
        yield os.getcwd()


async def test_async_generator_stays_patched_while_it_runs():
    assert [cwd async for cwd in cwds()] == ["/inside", "/inside"]
    assert not isinstance(os.getcwd, std.NonCallableMock)


async def test_async_generator_fixtures_stay_patched_until_their_teardown(
    patched_cwd, patched_pid, answer
):
    assert patched_cwd == "/from-fixture"
    assert os.getcwd() == "/from-fixture"
    assert os.getpid is patched_pid
    assert os.getpid() == answer


async def test_coroutine_fixture_is_patched_only_while_it_runs(fetched):
    assert fetched == "mocked"
    assert await targets.fetch() == "real"
"""

ASYNC_TESTS = 12

STRICT_ASYNCIO = """
import pytest_asyncio

pytestmark = pytest.mark.asyncio
fixture = pytest_asyncio.fixture
"""

AUTO_ASYNCIO = """
fixture = pytest.fixture
"""

ANYIO = """
pytestmark = pytest.mark.anyio
fixture = pytest.fixture


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request):
    return request.param
"""

PYTEST_TRIO = """
pytestmark = pytest.mark.trio
fixture = pytest.fixture
"""

NO_ASYNC_PLUGINS = ("-p", "no:asyncio", "-p", "no:trio")
ASYNCIO_PLUGIN = (
    "-p",
    "asyncio",
    "-p",
    "no:trio",
    "-o",
    "asyncio_default_fixture_loop_scope=function",
)


def _with_prelude(prelude: str) -> str:
    """``ASYNC`` with ``prelude`` placed after its imports."""
    return ASYNC.replace("# framework prelude\n", prelude)


def run_inner(pytester: pytest.Pytester, source: str, *options: str) -> pytest.RunResult:
    """Run ``source`` as the one test file of a fresh pytest session in a subprocess."""
    pytester.makeini("[pytest]\nfilterwarnings = error\n")
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(targets=TARGETS, test_inner=source)
    if "hypothesis" not in source and "trio" not in options:
        # Hypothesis's plugin imports Hypothesis: two seconds of start-up.
        options = ("-p", "no:hypothesispytest", *options)
    return pytester.runpytest_subprocess("-W", "error", "-p", "no:cacheprovider", "-ra", *options)


def assert_clean_pass(result: pytest.RunResult, passed: int) -> None:
    """Exactly ``passed`` tests passed, and nothing warned, failed, erred or was skipped."""
    __tracebackhide__ = True
    result.assert_outcomes(passed=passed, warnings=0)
    for lines in (result.stdout, result.stderr):
        for pattern in ("*never awaited*", "*Unhandled*", "*warnings summary*"):
            lines.no_fnmatch_line(pattern)


# Each framework: its test file, the plugins its session loads, and how many tests pass.
FRAMEWORKS = [
    pytest.param(PLAIN, NO_ASYNC_PLUGINS, PLAIN_TESTS, id="pytest"),
    pytest.param(HYPOTHESIS, NO_ASYNC_PLUGINS, HYPOTHESIS_TESTS, id="hypothesis"),
    pytest.param(UNITTEST, NO_ASYNC_PLUGINS, UNITTEST_TESTS, id="unittest"),
    pytest.param(
        _with_prelude(STRICT_ASYNCIO),
        (*ASYNCIO_PLUGIN, "-o", "asyncio_mode=strict"),
        ASYNC_TESTS,
        id="pytest-asyncio-strict",
    ),
    pytest.param(
        _with_prelude(AUTO_ASYNCIO),
        (*ASYNCIO_PLUGIN, "-o", "asyncio_mode=auto"),
        ASYNC_TESTS,
        id="pytest-asyncio-auto",
    ),
    # The anyio_backend fixture runs every test on asyncio and on trio.
    pytest.param(_with_prelude(ANYIO), NO_ASYNC_PLUGINS, 2 * ASYNC_TESTS, id="anyio"),
    pytest.param(
        _with_prelude(PYTEST_TRIO),
        ("-p", "trio", "-p", "no:asyncio"),
        ASYNC_TESTS,
        id="pytest-trio",
    ),
]


class TestFrameworks:
    @pytest.mark.parametrize(("source", "options", "passed"), FRAMEWORKS)
    def test_patched_tests_get_their_mocks_and_fixtures(
        self, pytester: pytest.Pytester, source: str, options: tuple[str, ...], passed: int
    ) -> None:
        assert_clean_pass(run_inner(pytester, source, *options), passed)

    def test_inner_sessions_catch_a_patch_left_active(self, pytester: pytest.Pytester) -> None:
        source = """
import amock


def test_leaks():
    amock.patch("os.getcwd").start()
"""
        result = run_inner(pytester, source, *NO_ASYNC_PLUGINS)
        result.assert_outcomes(passed=1, errors=1)
        result.stdout.fnmatch_lines(["*after test_leaks: still patched: ?'getcwd'?"])


# -- what the frameworks read off a decorated function ----------------------------------


def _sync(mock_getcwd: Any, tmp_path: Any) -> None:
    """A sync test."""


async def _coroutine(mock_getcwd: Any, tmp_path: Any) -> None:
    """An async test."""


def _generator(mock_getcwd: Any, tmp_path: Any) -> Any:
    """A yield fixture."""
    yield


async def _async_generator(mock_getcwd: Any, tmp_path: Any) -> Any:
    """An async yield fixture."""
    yield


SHAPE_PREDICATES = (
    inspect.iscoroutinefunction,
    inspect.isasyncgenfunction,
    inspect.isgeneratorfunction,
)


class TestWhatFrameworksRead:
    @pytest.mark.parametrize("func", [_sync, _coroutine, _generator, _async_generator])
    def test_decorated_function_keeps_name_docs_shape_and_signature_without_mocks(
        self, func: Callable[..., Any]
    ) -> None:
        patched = amock.patch("os.getpid", new=os.getpid)(amock.patch("os.getcwd")(func))
        assert patched.__name__ == func.__name__
        assert patched.__doc__ == func.__doc__
        assert [predicate(patched) for predicate in SHAPE_PREDICATES] == [
            predicate(func) for predicate in SHAPE_PREDICATES
        ]
        assert list(inspect.signature(func).parameters) == ["mock_getcwd", "tmp_path"]
        assert list(inspect.signature(patched).parameters) == ["tmp_path"]

    def test_parameters_after_injected_mocks_are_keyword_only(self) -> None:
        # The mocks follow the caller's positional arguments, so the rest can
        # only be passed by keyword; a caller binding to the signature (as
        # hypothesis's @given does) then passes them so and gets them right.
        @amock.patch("os.getcwd")
        def check(mock_getcwd: Any, answer: int, n: int = 0) -> tuple[Any, int, int]:
            return mock_getcwd, answer, n

        signature = inspect.signature(check)
        assert [p.kind for p in signature.parameters.values()] == [
            inspect.Parameter.KEYWORD_ONLY,
            inspect.Parameter.KEYWORD_ONLY,
        ]
        bound = signature.bind(answer=42, n=1)
        mock, answer, n = check(*bound.args, **bound.kwargs)
        assert (answer, n) == (42, 1)
        assert isinstance(mock, amock.MagicMock)

    def test_an_amock_patched_function_offers_no_patchings_list(self) -> None:
        # hypothesis takes any list of unittest.mock patchers (even an empty
        # one) for "(*args, **kwargs)"; pytest counts nothing from the hook.
        @amock.patch("os.getcwd")
        def check(mock_getcwd: Any) -> None:
            pass

        assert not isinstance(check.patchings, list)
        assert list(check.patchings) == []
