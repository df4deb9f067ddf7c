"""The migration guide's whole-suite aliasing recipe changes no test's outcome.

Each suite in ``tests/aliasing_suites/`` is written the way projects that test async code
with ``unittest.mock`` write theirs, against ``pantry``, a small async inventory service
(an HTTP client, a cache, a retry helper, a background worker). Each runs in pytest
sessions of its own (pytester): once on the stdlib, with amock's plugin off, as the suite
ran before it met amock; then with ``unittest.mock`` aliased to amock, from the root
``conftest.py`` and from a ``sitecustomize``, as ``docs/migration.md`` shows. Every test
must end the same way each time (passed, failed, erred or skipped, read from the JUnit XML
report), and the aliased sessions must warn no more than the stdlib's.

The suites in ``tests/aliasing_suites/known_causes/`` show outcomes that aliasing still
changes, one suite per cause of issue 16; their tests here fail until that cause is fixed.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

SUITES = Path(__file__).resolve().parent / "aliasing_suites"

#: The recipe of docs/migration.md, as a conftest.py or a sitecustomize writes it.
ALIASING = """
import sys
import unittest

import amock

sys.modules["unittest.mock"] = amock
unittest.mock = amock
"""

#: In every mode: which module the suite got, and nothing left patched after a test.
CHECKS = """
import sys
import unittest.mock

import pytest

MOCK_MODULE = sys.modules["unittest.mock"]
IMPORTED = ("mock", "patch", "MagicMock", "AsyncMock", "Mock", "call", "ANY", "create_autospec")
STARTED = []


def pytest_report_header(config):
    lines = [f"aliasing: unittest.mock is {MOCK_MODULE.__name__}"]
    if config.pluginmanager.has_plugin("pytest_mock"):
        from pytest_mock._util import get_mock_module

        lines.append(f"aliasing: pytest-mock's mocks are {get_mock_module(config).__name__}")
    return lines


def pytest_sessionstart(session):
    # What plugins started in pytest_configure (pytest-mock's assertion wrappers) stays.
    STARTED[:] = unittest.mock._patch._active_patches


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    assert unittest.mock is MOCK_MODULE
    module = getattr(item, "module", None)
    for name, value in vars(module).items() if module else ():
        if name in IMPORTED:
            expected = MOCK_MODULE if name == "mock" else getattr(MOCK_MODULE, name)
            assert value is expected, f"{name} is not {MOCK_MODULE.__name__}'s"
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    result = yield
    left = [each for each in unittest.mock._patch._active_patches if each not in STARTED]
    assert not left, f"after {item.name}: patches left started: {left}"
    return result
"""

#: Plugins no suite here uses (Hypothesis's costs two seconds of start-up).
UNUSED_PLUGINS = ("-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:trio")
UNUSED_PLUGINS += ("-p", "no:hypothesispytest")


@dataclass(frozen=True)
class Suite:
    """One inner suite: its test files, its pytest configuration and the plugins it needs."""

    name: str
    files: tuple[str, ...]
    config: str
    plugins: tuple[str, ...] = ("-p", "no:asyncio")
    needs: tuple[str, ...] = ()
    #: Fewer tests than this means the suite lost some on the way.
    at_least: int = 20
    extra: dict[str, str] = field(default_factory=dict)


PYPROJECT_WARNINGS_AS_ERRORS = """
[tool.pytest.ini_options]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
filterwarnings = ["error"]
"""

UNITTEST_CLASSES = Suite(
    "unittest-patch-class-decorators",
    ("suite_unittest_classes.py",),
    # An older project: a pytest.ini, no warning filters.
    "[pytest]\n",
)

ISOLATED_ASYNC = Suite(
    "isolated-asyncio-test-cases",
    ("suite_isolated_async.py",),
    '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
)

PYTEST_MOCKER = Suite(
    "pytest-mock-mocker",
    ("suite_pytest_mocker.py",),
    PYPROJECT_WARNINGS_AS_ERRORS,
    # pytest-asyncio loads through its entry point; `-p asyncio` would name the stdlib's
    # module for rewriting, which a sitecustomize importing unittest.mock has imported.
    plugins=(),
    needs=("pytest_mock", "pytest_asyncio"),
)

WARNINGS_AS_ERRORS = Suite(
    "anyio-and-asyncio-run-warnings-as-errors",
    ("suite_warnings_as_errors.py",),
    '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
)

STDLIB_SUITES = [UNITTEST_CLASSES, ISOLATED_ASYNC, PYTEST_MOCKER, WARNINGS_AS_ERRORS]


def _still_changed(name: str, config: str = PYPROJECT_WARNINGS_AS_ERRORS, **options: Any) -> Suite:
    """A suite of ``still_changed/``, whose outcomes aliasing changes until its cause is fixed."""
    return Suite(name, (f"still_changed/{name}.py",), config, at_least=2, **options)


PYTEST_MOCK = {"needs": ("pytest_mock", "pytest_asyncio"), "plugins": ()}
UNITTEST_ONLY = '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n'

#: One suite per open cause of issue 16, and per new finding of these suites.
STILL_CHANGED = [
    _still_changed("cause2_copies_of_mocks", UNITTEST_ONLY),
    _still_changed("cause4_lent_shape_event", UNITTEST_ONLY),
    _still_changed("cause4_lent_shape_resolver", **PYTEST_MOCK),
    _still_changed("cause7_awaitable_return_value", **PYTEST_MOCK),
    _still_changed("finding_patch_dict_stacking", UNITTEST_ONLY),
]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))


def lay_out(folder: Path, suite: Suite, conftest: str) -> None:
    """Copy ``pantry`` and the suite's files into ``folder``, with its configuration."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(SUITES / "pantry", folder / "pantry", ignore=ignore)
    for name in suite.files:
        stem = Path(name).stem.removeprefix("suite_")
        shutil.copyfile(SUITES / name, folder / f"test_{stem}.py")
    config = "pytest.ini" if suite.config.startswith("[pytest]") else "pyproject.toml"
    _write(folder / config, suite.config)
    _write(folder / "conftest.py", conftest + CHECKS)
    for name, text in suite.extra.items():
        _write(folder / name, text)


@dataclass(frozen=True)
class Outcomes:
    """How each test of one inner session ended, and how many warnings it showed."""

    module: str
    #: Which module pytest-mock's ``mocker`` takes its mocks from, where it is active.
    pytest_mock: str | None
    tests: dict[str, str]
    warnings: int
    #: The short summary's FAILED and ERROR lines.
    problems: list[str]
    #: What the session wrote to stderr: "Exception ignored" reports, say.
    stderr: list[str]


def run_suite(pytester: pytest.Pytester, suite: Suite, mode: str) -> Outcomes:
    """Run ``suite`` in a pytest session of its own: on the stdlib, or aliased from ``mode``."""
    folder = pytester.path / mode
    folder.mkdir()
    options = [*UNUSED_PLUGINS, *suite.plugins]
    with pytest.MonkeyPatch.context() as patch:
        if mode == "stdlib":
            # The suite as it ran before amock was installed.
            lay_out(folder, suite, "")
            options += ["-p", "no:amock"]
        elif mode == "conftest":
            lay_out(folder, suite, ALIASING)
        else:
            assert mode == "sitecustomize", mode
            lay_out(folder, suite, "")
            _write(pytester.path / "site" / "sitecustomize.py", ALIASING)
            path = [str(pytester.path / "site"), *filter(None, [os.environ.get("PYTHONPATH")])]
            patch.setenv("PYTHONPATH", os.pathsep.join(path))
        patch.chdir(folder)
        result = pytester.runpytest_subprocess(
            *options, "-rfE", "--junitxml", str(folder / "results.xml"), timeout=300
        )
    module = [line for line in result.outlines if line.startswith("aliasing: unittest.mock")]
    assert len(module) == 1, "\n".join([*result.outlines[:20], *result.errlines])
    mocker = [line for line in result.outlines if line.startswith("aliasing: pytest-mock")]
    report = folder / "results.xml"
    return Outcomes(
        module=module[0].rpartition(" ")[2],
        pytest_mock=mocker[0].rpartition(" ")[2] if mocker else None,
        tests=_junit_outcomes(report) if report.exists() else {},
        warnings=result.parseoutcomes().get("warnings", 0),
        problems=[line for line in result.outlines if line.startswith(("FAILED", "ERROR"))],
        stderr=[line for line in result.errlines if line.strip()],
    )


def _junit_outcomes(report: Path) -> dict[str, str]:
    """Each test's outcome by ``file::Class::test`` name; "passed" or what went wrong."""
    outcomes: dict[str, list[str]] = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        name = "::".join([*case.get("classname", "").split("."), case.get("name", "")])
        ended = [child.tag for child in case if child.tag in {"failure", "error", "skipped"}]
        outcomes.setdefault(name, []).extend(ended)
    return {name: "+".join(ended) or "passed" for name, ended in outcomes.items()}


_stdlib_outcomes: dict[str, Outcomes] = {}


def stdlib_outcomes(pytester: pytest.Pytester, suite: Suite) -> Outcomes:
    """The suite's outcomes on the stdlib, once per process; every test must pass there."""
    if suite.name not in _stdlib_outcomes:
        outcomes = run_suite(pytester, suite, "stdlib")
        assert outcomes.module == "unittest.mock"
        assert outcomes.pytest_mock in {None, "unittest.mock"}
        problems = outcomes.problems + outcomes.stderr
        assert not problems, "\n".join(problems)
        assert set(outcomes.tests.values()) == {"passed"}, outcomes.tests
        assert len(outcomes.tests) >= suite.at_least, sorted(outcomes.tests)
        assert outcomes.warnings == 0
        _stdlib_outcomes[suite.name] = outcomes
    return _stdlib_outcomes[suite.name]


def assert_same_outcomes(aliased: Outcomes, stdlib: Outcomes) -> None:
    """Every test ended as it did on the stdlib, with no new warning."""
    __tracebackhide__ = True
    assert aliased.module == "amock"
    assert aliased.pytest_mock == ("amock" if stdlib.pytest_mock else None)
    changed = {
        name: f"{stdlib.tests.get(name, 'absent')} -> {aliased.tests.get(name, 'absent')}"
        for name in stdlib.tests.keys() | aliased.tests.keys()
        if stdlib.tests.get(name) != aliased.tests.get(name)
    }
    report = "\n".join([*map(": ".join, sorted(changed.items())), *aliased.problems])
    assert not changed, report
    assert aliased.warnings == stdlib.warnings, report
    assert aliased.stderr == stdlib.stderr, "\n".join(aliased.stderr)


MODES = pytest.mark.parametrize("mode", ["conftest", "sitecustomize"])


@pytest.fixture
def inner_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inner sessions load the installed plugins through their entry points."""
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("PYTEST_PLUGINS", raising=False)


@pytest.mark.usefixtures("inner_sessions")
class TestAliasingChangesNoOutcome:
    @MODES
    @pytest.mark.parametrize("suite", STDLIB_SUITES, ids=lambda suite: suite.name)
    def test_every_test_ends_as_on_the_stdlib(
        self, pytester: pytest.Pytester, suite: Suite, mode: str
    ) -> None:
        for module in suite.needs:
            pytest.importorskip(module, reason=f"{module} is in the test group")
        stdlib = stdlib_outcomes(pytester, suite)
        assert_same_outcomes(run_suite(pytester, suite, mode), stdlib)


@pytest.mark.usefixtures("inner_sessions")
class TestOutcomesAliasingStillChanges:
    """Each fails until its cause is fixed; then it belongs with the others above."""

    @pytest.mark.parametrize("suite", STILL_CHANGED, ids=lambda suite: suite.name)
    def test_every_test_ends_as_on_the_stdlib(
        self, pytester: pytest.Pytester, suite: Suite
    ) -> None:
        for module in suite.needs:
            pytest.importorskip(module, reason=f"{module} is in the test group")
        stdlib = stdlib_outcomes(pytester, suite)
        assert_same_outcomes(run_suite(pytester, suite, "conftest"), stdlib)


#: A suite that aliasing changes on purpose: the comparison must catch each change.
CHANGED_ON_PURPOSE = Suite(
    "changed-on-purpose",
    (),
    "[pytest]\n",
    at_least=3,
    extra={
        "test_probe.py": """
            import unittest.mock
            import warnings


            def test_unchanged():
                assert unittest.mock.MagicMock()() is not None


            def test_fails_aliased():
                assert unittest.mock.__name__ == "unittest.mock"


            def test_warns_aliased():
                if unittest.mock.__name__ == "amock":
                    warnings.warn("only under the alias", UserWarning, stacklevel=1)
        """
    },
)


@pytest.mark.usefixtures("inner_sessions")
class TestTheComparison:
    def test_a_changed_outcome_and_a_new_warning_are_caught(
        self, pytester: pytest.Pytester
    ) -> None:
        stdlib = stdlib_outcomes(pytester, CHANGED_ON_PURPOSE)
        aliased = run_suite(pytester, CHANGED_ON_PURPOSE, "conftest")
        assert aliased.tests == {
            "test_probe::test_unchanged": "passed",
            "test_probe::test_fails_aliased": "failure",
            "test_probe::test_warns_aliased": "passed",
        }
        assert aliased.warnings == 1
        with pytest.raises(AssertionError, match=r"test_fails_aliased: passed -> failure"):
            assert_same_outcomes(aliased, stdlib)
        only_warned = dataclasses.replace(aliased, tests=stdlib.tests)
        with pytest.raises(AssertionError, match=r"assert 1 == 0"):
            assert_same_outcomes(only_warned, stdlib)
