"""amock's pytest plugin: pytest-mock's ``mocker`` API on amock, strict mode, readable failures.

Installing amock registers this plugin (the ``pytest11`` entry point ``amock``),
so there is nothing to configure. It adds:

* the ``amocker`` fixture (and ``class_amocker``, ``module_amocker``,
  ``package_amocker``, ``session_amocker`` for wider scopes): pytest-mock's
  ``MockerFixture`` API (patchers, spies, stubs, autospecs, ``stop``,
  ``stopall``, ``resetall``) on amock's mocks, undone when the fixture ends,
  before the event loop of pytest-asyncio or anyio is closed;
* pytest-mock's own fixture names (``mocker``, ``class_mocker``,
  ``module_mocker``, ``package_mocker``, ``session_mocker``) for the same
  toolbox, unless pytest-mock itself is active: a suite written for
  pytest-mock runs on amock with pytest-mock uninstalled;
* ``--amock-strict`` (ini ``amock_strict``): a call of an async mock that is
  never awaited fails its test, naming the call and its line;
* ``--amock-patch-scope`` (ini ``amock_patch_scope``): the default ``scope``
  of the fixtures' patches, ``global`` or ``task``;
* failed ``assert_called_with`` and friends that show pytest's comparison of
  the arguments, and no frames of mock internals (ini ``amock_assert_diff``,
  or pytest-mock's ``mock_traceback_monkeypatch``).

The names a pytest-mock suite imports from ``pytest_mock`` are here too:
``MockerFixture``, ``MockType``, ``AsyncMockType``, ``SpyType`` and
``PytestMockWarning``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any, Final, TypeAlias, cast

import pytest

from amock import _assertions, _fixture, _mocks, _patchers, _strict
from amock._fixture import AmockFixture, PatchHelper
from amock.errors import AmockWarning, NeverAwaitedError

__all__ = [
    "AmockFixture",
    "AsyncMockType",
    "MockFixture",
    "MockType",
    "MockerFixture",
    "PatchHelper",
    "PytestMockWarning",
    "SpyType",
    "parse_bool",
]

# -- pytest-mock's names ---------------------------------------------------------------

#: pytest-mock's name for the fixture's type.
MockerFixture = AmockFixture
#: pytest-mock's older name for the fixture's type.
MockFixture = AmockFixture
#: What the fixture's patchers make, for annotations.
MockType: TypeAlias = _mocks.MagicMock | _mocks.AsyncMock | _mocks.NonCallableMagicMock
#: The fixture's ``AsyncMock``, for annotations.
AsyncMockType: TypeAlias = _mocks.AsyncMock
#: The base of every warning amock emits, pytest-mock's name for its own base.
PytestMockWarning = AmockWarning


class SpyType(_mocks.MagicMock):
    """What ``spy()`` returns, for annotations: a mock with the spy's record."""

    spy_return: Any
    spy_return_iter: Iterator[Any] | None
    spy_return_list: list[Any]
    spy_exception: BaseException | None
    spy_yields: list[list[Any]]
    spy_entered: list[Any]


# -- options ---------------------------------------------------------------------------

_SCOPES: Final = ("global", "task")
_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"0", "false", "no", "off", ""})


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add amock's command-line options and ini settings (and pytest-mock's ini settings)."""
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
        help="default scope of the amocker fixture's patches: global (default) or task",
    )
    parser.addini(
        "amock_strict",
        "fail a test when a call of an async mock made in it is never awaited (true/false)",
        default="false",
    )
    parser.addini(
        "amock_patch_scope",
        "default scope of the amocker fixture's patches: global or task",
        default="global",
    )
    parser.addini(
        "amock_assert_diff",
        "explain failed assert_called_with and friends of amock's mocks (true/false)",
        default="true",
    )
    # pytest-mock's settings, with its defaults, so its users' ini files keep
    # working (pytest-mock registers the same ones when it is installed too).
    parser.addini(
        "mock_traceback_monkeypatch",
        "as amock_assert_diff (pytest-mock's name)",
        default=True,
    )
    parser.addini(
        "mock_use_standalone_module",
        "pytest-mock's setting; amock's fixtures always use amock's mocks",
        default=False,
    )


def parse_bool(value: object) -> bool:
    """An ini setting's boolean: ``True``/``False``, or a word such as ``true`` or ``off``.

    Raises:
        ValueError: ``value`` is no boolean word.
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"unknown string for bool: {value!r}")


def _ini_bool(config: pytest.Config, name: str) -> bool:
    value = config.getini(name)
    try:
        return parse_bool(value)
    except ValueError:
        raise pytest.UsageError(
            f"amock: the ini setting {name} = {value!r} is not a boolean; use true or false."
        ) from None


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


_STRICT: Final = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    """Check the options, offer pytest-mock's fixture names, and explain failed assertions."""
    config.stash[_STRICT] = _strict_enabled(config)
    config.stash[_fixture.SETTINGS] = _fixture.Settings(scope=_patch_scope(config))
    explain = _ini_bool(config, "amock_assert_diff") and _ini_bool(
        config, "mock_traceback_monkeypatch"
    )
    _ini_bool(config, "mock_use_standalone_module")  # a usage error if it is no boolean
    # As pytest-mock: a native traceback shows the stdlib's own frames anyway.
    native = config.getoption("tbstyle", "auto") == "native"
    if explain and not native and _assertions.enable(_compare):
        config.add_cleanup(_assertions.disable)
    manager = config.pluginmanager
    if not manager.has_plugin("pytest_mock"):
        from amock import _mocker

        # Returns None, registering nothing, after -p no:amock_mocker.
        manager.register(_mocker, "amock_mocker")


def _compare(left: Any, right: Any) -> str:
    """The explanation, by pytest, of ``left == right``; "" if equal or if pytest cannot tell.

    pytest rewrites the asserts of this module (it is a plugin's), so the
    failed assert below carries pytest's own comparison; with
    ``--assert=plain`` its message is empty.
    """
    try:
        assert left == right
    except AssertionError as error:
        return str(error)
    return ""


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    """Say in the header when strict mode is on, or a pytest-mock setting is ignored."""
    lines = []
    if config.stash.get(_STRICT, False):
        lines.append("amock: strict (never-awaited calls of async mocks fail their test)")
    if _ini_bool(config, "mock_use_standalone_module"):
        lines.append("amock: mock_use_standalone_module is ignored: fixtures make amock's mocks")
    return lines or None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    """Report the calls of async mocks the test never awaited, at the line of each call.

    In strict mode they fail the test (``NeverAwaitedError``); otherwise each
    is a ``NeverAwaitedWarning`` of this test, where Python's own warning
    would come whenever the garbage collector runs, often in a later test.
    """
    __tracebackhide__ = True
    block = _strict.begin_process_block()
    try:
        result = yield
    except BaseException as error:
        # The test fails anyway: the forgotten calls go with its error.
        report = _strict.end_process_block(block, error)
        if report is not None and hasattr(error, "add_note"):
            error.add_note(report)
        raise
    if not item.config.stash.get(_STRICT, False):
        _strict.end_process_block_warning(block)
        return result
    report = _strict.end_process_block(block)
    if report is not None:
        raise NeverAwaitedError(report)
    return result


# -- the fixtures ----------------------------------------------------------------------

amocker = _fixture.define("function", "amocker")
class_amocker = _fixture.define("class", "class_amocker")
module_amocker = _fixture.define("module", "module_amocker")
package_amocker = _fixture.define("package", "package_amocker")
session_amocker = _fixture.define("session", "session_amocker")

# Deprecated: a test parameter named ``amock`` hides the module (see _fixture.DEPRECATED).
amock = _fixture.define("function", "amock")
amock_class = _fixture.define("class", "amock_class")
amock_module = _fixture.define("module", "amock_module")
amock_package = _fixture.define("package", "amock_package")
amock_session = _fixture.define("session", "amock_session")
