"""The toolbox behind amock's pytest fixtures: pytest-mock's ``mocker`` API, undone at the end.

One class, :class:`AmockFixture`, serves every fixture name (see
:mod:`amock.pytest_plugin`): ``amocker`` and its scoped twins, pytest-mock's
``mocker`` names when pytest-mock is not installed, and the deprecated
``amock`` names. It offers what pytest-mock 3.17's ``MockerFixture`` offers,
with the same names, arguments and behaviour, on amock's mocks: a patch is
started at once and returns its mock, and everything is undone when the
fixture ends, newest first, before the test's event loop closes.
"""

from __future__ import annotations

import sys
import types
import unittest.mock as _std
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Final, TypeVar, overload

import pytest

import amock as _amock_module
from amock import _autospec, _files, _mocks, _patchers, _restore, _spy, _stdlib
from amock._text import short_repr
from amock.errors import (
    AmockDeprecationWarning,
    FixtureContextManagerWarning,
    FixtureError,
    UnknownMockError,
)

__all__ = ["AmockFixture", "PatchHelper", "Settings"]

_T = TypeVar("_T")
DEFAULT: Final = _stdlib.DEFAULT


@dataclass(frozen=True)
class Settings:
    """What the plugin read from the command line and ini files, for every fixture."""

    scope: _patchers.Scope = "global"


SETTINGS: Final = pytest.StashKey[Settings]()

#: pytest-mock's own words for a started mock used as a context manager, kept
#: exactly for the ``mocker`` names: suites match or filter them.
_PYTEST_MOCK_ENTER_TEXT: Final = (
    "Mocks returned by pytest-mock do not need to be used as context managers. "
    "The mocker fixture automatically undoes mocking at the end of a test. "
    "This warning can be ignored if it was triggered by mocking a context manager. "
    "https://pytest-mock.readthedocs.io/en/latest/usage.html#usage-as-context-manager"
)
_ENTER_TEXT: Final = (
    "{name}.patch(...) started the patch and returned its mock, which is now used as a "
    "context manager: the patch lasts until the fixture ends, not just for the with "
    "block, and `as` binds the mock itself. Use the mock without `with`, or "
    "{name}.patch.context_manager(...) to patch an object the code under test enters."
)
_MOCKER_NAMES: Final = frozenset(
    {"mocker", "class_mocker", "module_mocker", "package_mocker", "session_mocker"}
)
#: The deprecated names (they hide the ``amock`` module in a test) and their successors.
DEPRECATED: Final = {
    "amock": "amocker",
    "amock_class": "class_amocker",
    "amock_module": "module_amocker",
    "amock_package": "package_amocker",
    "amock_session": "session_amocker",
}


class _Started:
    """One thing the fixture made: its mock, its patcher, and what ``resetall`` resets."""

    __slots__ = ("mock", "patcher", "record", "resets", "spy_effect")

    def __init__(self, mock: Any, patcher: Any) -> None:
        self.mock = mock
        self.patcher = patcher
        #: The objects ``resetall`` resets instead of ``mock`` (``patch.multiple``'s values).
        self.resets: tuple[Any, ...] | None = None
        #: A spy's record and the side effect that calls its original.
        self.record: _spy.Record | None = None
        self.spy_effect: Callable[..., Any] | None = None


def _stacklevel() -> int:
    """The ``stacklevel`` that names the first caller outside amock and ``unittest.mock``."""
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None:
        module = frame.f_globals.get("__name__", "")
        if not (module == "amock" or module.startswith("amock.") or module == "unittest.mock"):
            break
        frame = frame.f_back
        level += 1
    return level


def _warn_on_enter(mock: Any, text: str) -> None:
    """Make ``with mock`` warn that the patch outlives the block, and bind ``mock``.

    pytest-mock warns too (binding ``None``); binding the mock itself makes
    ``with fixture.patch(...) as m`` work, apart from the patch's lifetime.
    An ``__enter__`` result the test configured is kept.
    """
    enter = mock.__enter__
    if not isinstance(enter, _std.NonCallableMock) or enter.side_effect is not None:
        return

    def warn_and_enter(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(FixtureContextManagerWarning(text), stacklevel=_stacklevel())
        return DEFAULT if enter._mock_return_value is not DEFAULT else mock

    enter.side_effect = warn_and_enter


class PatchHelper:
    """``fixture.patch``: each call starts a patch at once and returns its mock.

    ``patch(...)``, ``patch.object(...)``, ``patch.context_manager(...)``,
    ``patch.dict(...)`` and ``patch.multiple(...)`` take the arguments of
    ``amock.patch`` and friends (``scope=`` included); the patch lasts until
    the fixture ends, or until ``stop(mock)``/``stopall()``.
    """

    __slots__ = ("_owner",)

    def __init__(self, owner: AmockFixture) -> None:
        """Patch for ``owner``, which undoes the patches."""
        self._owner = owner

    @overload
    def __call__(
        self,
        target: str,
        new: None = ...,
        spec: object | None = ...,
        create: bool = ...,
        spec_set: object | None = ...,
        autospec: object | None = ...,
        new_callable: None = ...,
        **kwargs: Any,
    ) -> Any: ...

    @overload
    def __call__(
        self,
        target: str,
        new: _T,
        spec: object | None = ...,
        create: bool = ...,
        spec_set: object | None = ...,
        autospec: object | None = ...,
        new_callable: None = ...,
        **kwargs: Any,
    ) -> _T: ...

    @overload
    def __call__(
        self,
        target: str,
        new: None = ...,
        spec: object | None = ...,
        create: bool = ...,
        spec_set: object | None = ...,
        autospec: object | None = ...,
        *,
        new_callable: Callable[[], _T],
        **kwargs: Any,
    ) -> _T: ...

    def __call__(
        self,
        target: str,
        new: Any = DEFAULT,
        spec: Any = None,
        create: bool = False,
        spec_set: Any = None,
        autospec: Any = None,
        new_callable: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Patch what ``target`` names until the fixture ends; returns the mock (or ``new``)."""
        __tracebackhide__ = True
        owner = self._owner
        kwargs.setdefault("scope", owner._scope)
        patcher = _patchers.patch(
            target, new, spec, create, spec_set, autospec, new_callable, **kwargs
        )
        return owner._start(patcher, warn=True)

    def object(
        self,
        target: Any,
        attribute: str,
        new: Any = DEFAULT,
        spec: Any = None,
        create: bool = False,
        spec_set: Any = None,
        autospec: Any = None,
        new_callable: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Patch ``target.attribute`` until the fixture ends; returns the mock (or ``new``)."""
        __tracebackhide__ = True
        arguments = (new, spec, create, spec_set, autospec, new_callable)
        return self._object(target, attribute, arguments, kwargs, warn=True)

    def context_manager(
        self,
        target: Any,
        attribute: str,
        new: Any = DEFAULT,
        spec: Any = None,
        create: bool = False,
        spec_set: Any = None,
        autospec: Any = None,
        new_callable: Any = None,
        **kwargs: Any,
    ) -> Any:
        """As :meth:`object`, for an object the code under test uses with ``with``: no warning."""
        __tracebackhide__ = True
        arguments = (new, spec, create, spec_set, autospec, new_callable)
        return self._object(target, attribute, arguments, kwargs, warn=False)

    def _object(
        self, target: Any, attribute: str, arguments: tuple[Any, ...], kwargs: Any, *, warn: bool
    ) -> Any:
        """Start ``patch.object(target, attribute, *arguments, **kwargs)`` for the fixture."""
        __tracebackhide__ = True
        owner = self._owner
        kwargs.setdefault("scope", owner._scope)
        patcher = _patchers.patch.object(target, attribute, *arguments, **kwargs)
        return owner._start(patcher, warn=warn)

    def multiple(
        self,
        target: Any,
        spec: Any = None,
        create: bool = False,
        spec_set: Any = None,
        autospec: Any = None,
        new_callable: Any = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Patch several attributes until the fixture ends; returns the dict of made mocks."""
        __tracebackhide__ = True
        owner = self._owner
        kwargs.setdefault("scope", owner._scope)
        patcher = _patchers.patch.multiple(
            target, spec, create, spec_set, autospec, new_callable, **kwargs
        )
        made: dict[str, Any] = owner._start(patcher, warn=True)
        # ``resetall`` resets the values given explicitly too, as pytest-mock does.
        patchers = [patcher, *patcher.additional_patchers]
        given = tuple(p.new for p in patchers if p.new is not DEFAULT)
        owner._started[-1].resets = (*made.values(), *given)
        return made

    def dict(
        self,
        in_dict: Mapping[Any, Any] | str,
        values: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = (),
        clear: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Set keys of a mapping until the fixture ends; returns the mapping."""
        __tracebackhide__ = True
        owner = self._owner
        kwargs.setdefault("scope", owner._scope)
        return owner._start(_patchers.patch.dict(in_dict, values, clear, **kwargs), warn=True)


class AmockFixture:
    """What ``amocker`` (and ``mocker``) gives: pytest-mock's ``MockerFixture`` API, on amock.

    Everything it starts or makes is undone or forgotten when the fixture ends.

    Attributes:
        patch: start patches that last until the fixture ends (see :class:`PatchHelper`).
        Mock, MagicMock, AsyncMock, NonCallableMock, NonCallableMagicMock,
        PropertyMock, AsyncGeneratorMock, call, ANY, DEFAULT, sentinel,
        mock_open, seal: amock's own.
        mock_module: the ``amock`` module.
    """

    Mock: ClassVar = _mocks.Mock
    MagicMock: ClassVar = _mocks.MagicMock
    AsyncMock: ClassVar = _mocks.AsyncMock
    NonCallableMock: ClassVar = _mocks.NonCallableMock
    NonCallableMagicMock: ClassVar = _mocks.NonCallableMagicMock
    PropertyMock: ClassVar = _mocks.PropertyMock
    AsyncGeneratorMock: ClassVar = _mocks.AsyncGeneratorMock
    call: ClassVar = _std.call
    ANY: ClassVar = _std.ANY
    DEFAULT: ClassVar = _std.DEFAULT
    sentinel: ClassVar = _std.sentinel
    # Functions stored as they are: ``fixture.mock_open is amock.mock_open``.
    mock_open = staticmethod(_files.mock_open)
    seal = staticmethod(_autospec.seal)
    mock_module: ClassVar[types.ModuleType] = _amock_module

    def __init__(self, config: pytest.Config | None = None) -> None:
        """Make a toolbox; the fixtures make one per test (or per wider scope).

        Args:
            config: the pytest config whose amock settings (``amock_patch_scope``)
                apply; without one, the defaults.
        """
        settings = config.stash.get(SETTINGS, None) if config is not None else None
        self._scope: _patchers.Scope = settings.scope if settings is not None else "global"
        self._name = "amocker"
        self._owner_name = "this test"
        self._enter_text = _ENTER_TEXT.format(name="amocker")
        self._started: list[_Started] = []
        self._closed = False
        self.patch = PatchHelper(self)

    def _check_open(self) -> None:
        if self._closed:
            raise FixtureError(
                f"the {self._name} fixture of {self._owner_name} has already ended, so "
                "nothing it starts would be undone; use the fixture only while its test "
                "(or scope) runs."
            )

    def _start(self, patcher: Any, *, warn: bool) -> Any:
        __tracebackhide__ = True
        self._check_open()
        made = patcher.start()
        self._started.append(_Started(made, patcher))
        if warn and isinstance(made, _std.NonCallableMock) and hasattr(made, "__enter__"):
            _warn_on_enter(made, self._enter_text)
        return made

    def _keep(self, made: Any) -> Any:
        self._started.append(_Started(made, None))
        return made

    def create_autospec(
        self, spec: Any, spec_set: bool = False, instance: bool = False, **kwargs: Any
    ) -> Any:
        """:func:`amock.create_autospec`; ``resetall()`` resets the result."""
        self._check_open()
        return self._keep(_autospec.create_autospec(spec, spec_set, instance, **kwargs))

    def spy(self, obj: object, name: str, duplicate_iterators: bool = False) -> Any:
        """Patch ``obj.name`` with a mock that records calls and runs the original.

        The spy keeps the original's shape: a coroutine function's spy records
        the awaited result in ``spy_return``/``spy_return_list`` (never a
        coroutine object), an async generator function's spy records each
        call's items in ``spy_yields``, and a callable returning an async
        context manager records what ``async with`` entered in
        ``spy_entered``. An exception the original raised is
        ``spy_exception``. Each call first sets ``spy_return``,
        ``spy_return_iter`` and ``spy_exception`` back to ``None``.

        Args:
            obj: the object, class or module holding the callable.
            name: the callable's attribute name.
            duplicate_iterators: when a call returns an iterator, give the caller
                one copy and keep the other in ``spy_return_iter``.

        Returns:
            The spy (for a function or method, an autospecced function).

        Raises:
            MockConfigurationError: ``obj.name`` is missing or not callable.
        """
        __tracebackhide__ = True
        self._check_open()
        side_effect, options, record = _spy.spy_options(
            obj, name, duplicate_iterators=duplicate_iterators
        )
        options["scope"] = self._scope
        made = self._start(_patchers.patch.object(obj, name, **options), warn=True)
        _spy.prepare(made, record)
        started = self._started[-1]
        started.record = record
        started.spy_effect = side_effect
        return made

    def stub(self, name: str | None = None) -> Any:
        """A callable ``MagicMock`` that accepts any arguments, for callbacks."""
        self._check_open()
        return self._keep(_mocks.MagicMock(spec=lambda *args, **kwargs: None, name=name))

    def async_stub(self, name: str | None = None) -> Any:
        """An ``AsyncMock`` that accepts any arguments, for async callbacks."""
        self._check_open()
        return self._keep(_mocks.AsyncMock(name=name))

    def resetall(self, *, return_value: bool = False, side_effect: bool = False) -> None:
        """Reset every mock the fixture made, as ``reset_mock`` with these options.

        Spies forget their record and keep calling their original, even with
        ``side_effect=True``. A mapping patched with ``patch.dict`` keeps its
        values as they are.
        """
        for started in self._started:
            for made in started.resets if started.resets is not None else (started.mock,):
                _reset(made, return_value, side_effect)
            if started.record is not None:
                started.record.reset()
                if side_effect:
                    started.mock.side_effect = started.spy_effect

    def stop(self, mock: Any) -> None:
        """Undo the patch (or spy) that made ``mock`` now, or forget a mock the fixture made.

        Raises:
            UnknownMockError: the fixture did not make ``mock``, or stopped it already.
        """
        __tracebackhide__ = True
        started = self._started
        for index in range(len(started) - 1, -1, -1):
            if started[index].mock is mock:
                patcher = started.pop(index).patcher
                if patcher is not None:
                    patcher.stop()
                return
        raise UnknownMockError(
            f"{self._name}.stop({short_repr(mock)}): This mock object is not registered with "
            "this fixture: it did not come from its patch, spy, stub or create_autospec, or "
            "it was stopped already."
        )

    def stopall(self) -> None:
        """Undo every patch the fixture started, newest first; the fixture stays usable.

        Every patch is undone even if undoing one fails; the first failure is raised.
        """
        started, self._started = self._started, []
        _restore.undo_all(
            entry.patcher.stop for entry in reversed(started) if entry.patcher is not None
        )

    def _close(self) -> None:
        try:
            self.stopall()
        finally:
            self._closed = True


def _reset(made: Any, return_value: bool, side_effect: bool) -> None:
    """Reset one thing the fixture made, if it is a mock (pytest-mock#237)."""
    if isinstance(made, _std.NonCallableMock) or (
        # amock's autospecced functions take the options; the stdlib's take none.
        _autospec.is_function_copy(made)
        and isinstance(_autospec.mock_behind(made), _mocks.NonCallableMock)
    ):
        made.reset_mock(return_value=return_value, side_effect=side_effect)
    elif hasattr(made, "reset_mock"):
        # Such as the stdlib's autospecced functions, whose reset_mock takes nothing.
        made.reset_mock()


class _ModuleStandIn(AmockFixture):
    """The deprecated ``amock`` fixture: it hides the module, so it answers for it too."""

    def __getattr__(self, name: str) -> Any:
        if name == "errors" or name in _amock_module.__all__:
            return getattr(_amock_module, name)
        raise AttributeError(
            f"the {self._name} fixture has no attribute {name!r}, and neither has the amock module"
        )


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


def _warn_deprecated(request: pytest.FixtureRequest, name: str, successor: str) -> None:
    """Warn that fixture ``name`` is now ``successor``, at the test (or file) that uses it."""
    warning = AmockDeprecationWarning(
        f"the {name} fixture is now called {successor}: a parameter named {name} hides "
        f"the amock module inside the test (amock.patch(...) there was the fixture's). "
        f"Rename it to {successor}, and import amock for the module's helpers; the name "
        f"{name} will be removed."
    )
    node = request.node
    code = getattr(getattr(node, "obj", None), "__code__", None)
    # A wider scope's node has no code: name its file (every node has a path).
    filename, line = (code.co_filename, code.co_firstlineno) if code else (str(node.path), 1)
    warnings.warn_explicit(warning, AmockDeprecationWarning, filename, line)


def provide(request: pytest.FixtureRequest) -> Iterator[AmockFixture]:
    """Every fixture name's body: the toolbox, undone when the fixture ends."""
    __tracebackhide__ = True
    name = request.fixturename or "amocker"
    successor = DEPRECATED.get(name)
    if successor is not None:
        _warn_deprecated(request, name, successor)
        fixture: AmockFixture = _ModuleStandIn(request.config)
    else:
        fixture = AmockFixture(request.config)
    fixture._name = name
    fixture._owner_name = request.node.nodeid or request.node.name
    fixture._enter_text = (
        _PYTEST_MOCK_ENTER_TEXT if name in _MOCKER_NAMES else _ENTER_TEXT.format(name=name)
    )
    guard = _guard_event_loops(request) if request.scope == "function" else iter([None])
    next(guard)
    try:
        yield fixture
    finally:
        try:
            fixture._close()
        finally:
            for _ in guard:
                pass


def define(scope: str, name: str) -> Any:
    """The fixture ``name`` of ``scope``, for a plugin module to hold."""
    return pytest.fixture(scope=scope, name=name)(provide)  # type: ignore[call-overload]
