"""amock's pytest plugin: the ``amock`` fixture, strict mode and readable assertion diffs.

Installing amock registers this plugin (the ``pytest11`` entry point), so
there is nothing to configure. It adds:

* the ``amock`` fixture (and ``amock_class``, ``amock_module``,
  ``amock_package``, ``amock_session`` for wider scopes): patchers, spies,
  stubs and autospecs that are undone when the fixture ends, before the
  event loop of pytest-asyncio or anyio is closed;
* ``--amock-strict`` (ini ``amock_strict``): a call of an async mock that is
  never awaited fails its test, naming the call and its line;
* ``--amock-patch-scope`` (ini ``amock_patch_scope``): the default ``scope``
  of the fixture's patches, ``global`` or ``task``;
* assertion failures of amock's mocks that show expected and actual calls
  side by side.
"""

from __future__ import annotations

import unittest.mock as _std
from collections.abc import Callable, Generator, Iterator
from typing import Any, Final, cast

import pytest

from amock import _autospec, _mocks, _patchers, _spy, _strict
from amock.errors import FixtureError, NeverAwaitedError

__all__ = ["AmockFixture", "PatchHelper"]

_SCOPES: Final = ("global", "task")
_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"0", "false", "no", "off", ""})


# -- options ---------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add amock's command-line options and ini settings."""
    group = parser.getgroup("amock")
    group.addoption(
        "--amock-strict",
        action="store_true",
        default=None,
        help="fail a test when a call of an async mock made in it is never awaited",
    )
    group.addoption(
        "--amock-patch-scope",
        choices=_SCOPES,
        default=None,
        help="default scope of the amock fixture's patches: global (default) or task",
    )
    parser.addini(
        "amock_strict",
        "fail a test when a call of an async mock made in it is never awaited (true/false)",
        default="false",
    )
    parser.addini(
        "amock_patch_scope",
        "default scope of the amock fixture's patches: global or task",
        default="global",
    )
    parser.addini(
        "amock_assert_diff",
        "show expected and actual calls side by side in amock's assertion failures (true/false)",
        default="true",
    )


def _ini_bool(config: pytest.Config, name: str) -> bool:
    value = config.getini(name)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise pytest.UsageError(
        f"amock: the ini setting {name} = {value!r} is not a boolean; use true or false."
    )


def _strict_enabled(config: pytest.Config) -> bool:
    option = config.getoption("amock_strict")
    return bool(option) if option is not None else _ini_bool(config, "amock_strict")


def _patch_scope(config: pytest.Config) -> _patchers.Scope:
    option = config.getoption("amock_patch_scope")
    value = option if option is not None else str(config.getini("amock_patch_scope")).strip()
    if value not in _SCOPES:
        raise pytest.UsageError(
            f"amock: amock_patch_scope = {value!r} is not a scope; use global or task."
        )
    return cast(_patchers.Scope, value)


_STATE: Final = pytest.StashKey[dict[str, Any]]()


def pytest_configure(config: pytest.Config) -> None:
    """Check the options once, and wrap amock's assertions with readable diffs."""
    state = {
        "strict": _strict_enabled(config),
        "scope": _patch_scope(config),
        "diff": _ini_bool(config, "amock_assert_diff"),
    }
    config.stash[_STATE] = state
    if state["diff"]:
        _install_diffs()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the assertion wrappers."""
    state = config.stash.get(_STATE, None)
    if state is not None and state["diff"]:
        _remove_diffs()


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say in the header when strict mode is on."""
    state = config.stash.get(_STATE, None)
    if state is not None and state["strict"]:
        return "amock: strict (never-awaited calls of async mocks fail their test)"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    """In strict mode, run the test inside a strict block."""
    state = item.config.stash.get(_STATE, None)
    if state is None or not state["strict"]:
        return (yield)
    __tracebackhide__ = True
    block = _strict.begin_process_block()
    try:
        result = yield
    except BaseException as error:
        report = _strict.end_process_block(block)
        if report is not None and hasattr(error, "add_note"):
            error.add_note(report)
        raise
    report = _strict.end_process_block(block)
    if report is not None:
        raise NeverAwaitedError(report)
    return result


# -- the fixture -----------------------------------------------------------------------


class PatchHelper:
    """``amock.patch`` for the fixture: each call starts the patch and returns the mock.

    ``patch(...)``, ``patch.object(...)``, ``patch.dict(...)`` and
    ``patch.multiple(...)`` take the arguments of ``amock.patch`` and
    friends; the patch lasts until the fixture ends (or ``stopall()``).
    """

    def __init__(self, owner: AmockFixture) -> None:  # noqa: D107
        self._owner = owner

    def __call__(self, target: str, *args: Any, **kwargs: Any) -> Any:
        """Patch ``target`` until the fixture ends; returns the mock (or ``new``)."""
        __tracebackhide__ = True
        kwargs.setdefault("scope", self._owner._scope)
        return self._owner._start(_patchers.patch(target, *args, **kwargs))

    def object(self, target: Any, attribute: str, *args: Any, **kwargs: Any) -> Any:
        """Patch ``target.attribute`` until the fixture ends; returns the mock."""
        __tracebackhide__ = True
        kwargs.setdefault("scope", self._owner._scope)
        return self._owner._start(_patchers.patch.object(target, attribute, *args, **kwargs))

    def dict(self, in_dict: Any, values: Any = (), clear: bool = False, **kwargs: Any) -> Any:
        """Patch a mapping until the fixture ends; returns the mapping."""
        __tracebackhide__ = True
        kwargs.setdefault("scope", self._owner._scope)
        return self._owner._start(_patchers.patch.dict(in_dict, values, clear, **kwargs))

    def multiple(self, target: Any, *args: Any, **kwargs: Any) -> Any:
        """Patch several attributes until the fixture ends; returns the dict of mocks."""
        __tracebackhide__ = True
        kwargs.setdefault("scope", self._owner._scope)
        return self._owner._start(_patchers.patch.multiple(target, *args, **kwargs))


class AmockFixture:
    """What the ``amock`` fixture gives: amock's tools, undone when the fixture ends.

    Attributes:
        patch: start patches that last until the fixture ends (see :class:`PatchHelper`).
        Mock, MagicMock, AsyncMock, NonCallableMock, NonCallableMagicMock,
        PropertyMock, AsyncGeneratorMock, call, ANY, DEFAULT, sentinel: amock's own.
    """

    Mock = _mocks.Mock
    MagicMock = _mocks.MagicMock
    AsyncMock = _mocks.AsyncMock
    NonCallableMock = _mocks.NonCallableMock
    NonCallableMagicMock = _mocks.NonCallableMagicMock
    PropertyMock = _mocks.PropertyMock
    AsyncGeneratorMock = _mocks.AsyncGeneratorMock
    call = _std.call
    ANY = _std.ANY
    DEFAULT = _std.DEFAULT
    sentinel = _std.sentinel

    def __init__(self, scope: _patchers.Scope, owner: str) -> None:  # noqa: D107
        self._scope: _patchers.Scope = scope
        self._owner_name = owner
        self._patchers: list[Any] = []
        self._mocks: list[Any] = []
        self._closed = False
        self.patch = PatchHelper(self)

    def _check_open(self) -> None:
        if self._closed:
            raise FixtureError(
                f"the amock fixture of {self._owner_name} has already ended, so nothing it "
                "starts would be undone; use the fixture only while its test (or scope) runs."
            )

    def _start(self, patcher: Any) -> Any:
        self._check_open()
        result = patcher.start()
        self._patchers.append(patcher)
        if isinstance(result, dict):
            self._mocks.extend(v for v in result.values() if _resettable(v))
        elif _resettable(result):
            self._mocks.append(result)
        return result

    def create_autospec(self, spec: Any, *args: Any, **kwargs: Any) -> Any:
        """:func:`amock.create_autospec`; ``resetall()`` resets the result."""
        self._check_open()
        made = _autospec.create_autospec(spec, *args, **kwargs)
        self._mocks.append(made)
        return made

    def spy(self, owner: Any, name: str) -> Any:
        """Patch ``owner.name`` with a mock that records calls and runs the original.

        The spy keeps the original's shape: a coroutine function's spy records
        the awaited result in ``spy_return``/``spy_return_list`` (never a
        coroutine object), an async generator function's spy records each
        call's items in ``spy_yields``, and a callable returning an async
        context manager records what ``async with`` entered in
        ``spy_entered``. An exception the original raised is ``spy_exception``.

        Raises:
            MockConfigurationError: ``owner.name`` is not callable.
        """
        __tracebackhide__ = True
        self._check_open()
        _side_effect, options, record = _spy.spy_options(owner, name)
        patcher = _patchers.patch.object(owner, name, scope=self._scope, **options)
        made = self._start(patcher)
        _spy.prepare(made, record)
        return made

    def stub(self, name: str | None = None) -> Any:
        """A callable ``MagicMock`` that accepts any arguments, for callbacks."""
        self._check_open()
        made = _mocks.MagicMock(spec=lambda *args, **kwargs: None, name=name)
        self._mocks.append(made)
        return made

    def async_stub(self, name: str | None = None) -> Any:
        """An ``AsyncMock`` that accepts any arguments, for async callbacks."""
        self._check_open()
        made = _mocks.AsyncMock(name=name)
        self._mocks.append(made)
        return made

    def resetall(self, *, return_value: bool = False, side_effect: bool = False) -> None:
        """Reset every mock the fixture made (``reset_mock`` with these options)."""
        for made in self._mocks:
            made.reset_mock(return_value=return_value, side_effect=side_effect)

    def stopall(self) -> None:
        """Stop the fixture's patches now, newest first."""
        failure: BaseException | None = None
        while self._patchers:
            patcher = self._patchers.pop()
            try:
                patcher.stop()
            except BaseException as error:
                failure = failure or error
        self._mocks.clear()
        if failure is not None:
            raise failure

    def _close(self) -> None:
        try:
            self.stopall()
        finally:
            self._closed = True


def _resettable(made: Any) -> bool:
    """Whether a patch made a mock ``resetall()`` resets: a mock, or an autospecced function."""
    return isinstance(made, _std.NonCallableMock) or _autospec.is_function_copy(made)


def _guard_event_loops(request: pytest.FixtureRequest) -> Iterator[None]:
    """Make the test's event loop outlive the fixture, so patches end before it closes.

    pytest-asyncio's loop lives in a runner fixture: depending on it tears the
    fixture down first (pytest-mock#425). anyio's runner lives while someone
    holds a lease on it; the fixture holds one until its patches are undone.
    """
    names = request.fixturenames
    for name in names:
        if name == "event_loop" or (name.startswith("_") and name.endswith("_scoped_runner")):
            request.getfixturevalue(name)
    if "anyio_backend" in names:
        try:
            from anyio.pytest_plugin import extract_backend_and_options, get_runner
        except ImportError:  # pragma: no cover - an anyio without these helpers
            yield
            return
        backend, options = extract_backend_and_options(request.getfixturevalue("anyio_backend"))
        with get_runner(backend, options):
            yield
        return
    yield


def _amock_fixture(request: pytest.FixtureRequest) -> Iterator[AmockFixture]:
    state = request.config.stash.get(_STATE, None)
    scope: _patchers.Scope = state["scope"] if state is not None else "global"
    owner = request.node.nodeid or request.node.name
    guard = _guard_event_loops(request) if request.scope == "function" else iter([None])
    next(guard)
    fixture = AmockFixture(scope, owner)
    try:
        yield fixture
    finally:
        try:
            fixture._close()
        finally:
            for _ in guard:
                pass


def _scoped(scope: str, name: str) -> Callable[..., Any]:
    made = pytest.fixture(scope=scope, name=name)(_amock_fixture)  # type: ignore[call-overload]
    return cast(Callable[..., Any], made)


amock = _scoped("function", "amock")
amock_class = _scoped("class", "amock_class")
amock_module = _scoped("module", "amock_module")
amock_package = _scoped("package", "amock_package")
amock_session = _scoped("session", "amock_session")


# -- readable assertion failures -------------------------------------------------------

_CALL_ASSERTIONS: Final = {
    "assert_called_with": "call_args",
    "assert_called_once_with": "call_args",
    "assert_any_call": "call_args_list",
    "assert_has_calls": "call_args_list",
}
_AWAIT_ASSERTIONS: Final = {
    "assert_awaited_with": "await_args",
    "assert_awaited_once_with": "await_args",
    "assert_any_await": "await_args_list",
    "assert_has_awaits": "await_args_list",
}
_WRAPPED: Final[list[tuple[type, str]]] = []


def _describe_call(value: Any) -> str:
    return "(no call)" if value is None else "call" + str(value)[4:]


def _call_diff(expected: Any, actual: Any) -> list[str]:
    """Lines naming what differs between two calls."""
    if actual is None:
        return []
    expected_args, expected_kwargs = tuple(expected.args), dict(expected.kwargs)
    actual_args, actual_kwargs = tuple(actual.args), dict(actual.kwargs)
    lines = []
    for index in range(max(len(expected_args), len(actual_args))):
        want = expected_args[index] if index < len(expected_args) else "(missing)"
        got = actual_args[index] if index < len(actual_args) else "(missing)"
        if index >= len(expected_args) or index >= len(actual_args) or want != got:
            lines.append(f"  argument {index}: expected {want!r}, got {got!r}")
    for key in sorted(set(expected_kwargs) | set(actual_kwargs)):
        if key not in actual_kwargs:
            lines.append(f"  {key}=: expected {expected_kwargs[key]!r}, missing")
        elif key not in expected_kwargs:
            lines.append(f"  {key}=: not expected, got {actual_kwargs[key]!r}")
        elif expected_kwargs[key] != actual_kwargs[key]:
            lines.append(f"  {key}=: expected {expected_kwargs[key]!r}, got {actual_kwargs[key]!r}")
    return lines


def _explain(mock: Any, method: str, record: str, args: tuple[Any, ...], kwargs: Any) -> str:
    recorded = getattr(mock, record)
    if record.endswith("_list"):
        wanted = args[0] if method.startswith("assert_has") and args else _std.call(*args, **kwargs)
        wanted_text = (
            "\n".join(f"  {_describe_call(item)}" for item in wanted)
            if isinstance(wanted, list)
            else f"  {_describe_call(wanted)}"
        )
        actual = "\n".join(f"  {_describe_call(item)}" for item in recorded) or "  (none)"
        return f"\nExpected:\n{wanted_text}\nActual:\n{actual}"
    # The stdlib message already shows both calls: name what differs.
    differences = _call_diff(_std.call(*args, **kwargs), recorded)
    return "\n".join(["\nDifferences:", *differences]) if differences else ""


def _wrap(klass: type, method: str, record: str) -> None:
    original = klass.__dict__.get(method) or getattr(klass, method)

    def assertion(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        try:
            return original(self, *args, **kwargs)
        except AssertionError as error:
            try:
                detail = _explain(self, method, record, args, kwargs)
            except Exception:  # pragma: no cover - never hide the real failure
                raise error from None
            raise AssertionError(f"{error}{detail}") from None

    assertion.__name__ = method
    assertion.__doc__ = original.__doc__
    assertion.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(klass, method, assertion)
    _WRAPPED.append((klass, method))


def _install_diffs() -> None:
    if _WRAPPED:
        return
    for method, record in _CALL_ASSERTIONS.items():
        _wrap(_mocks.NonCallableMock, method, record)
    for method, record in _AWAIT_ASSERTIONS.items():
        _wrap(_mocks._CoroutineShape, method, record)


def _remove_diffs() -> None:
    while _WRAPPED:
        klass, method = _WRAPPED.pop()
        delattr(klass, method)
