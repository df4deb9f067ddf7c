"""Every gate of amock runs through this file: ``python -m nox`` runs the default ones.

Interpreters: CPython 3.10 to 3.15, taken from PATH, from pyenv's versions folder
(``$PYENV_ROOT/versions``, default ``~/.pyenv/versions``) and from
``/opt/amock-pythons/bin`` (where ``../shared/pythons/install-pythons.sh`` puts 3.14
and 3.15 on the development machines), so no shims or ``pyenv global`` set-up is
needed. Sessions are parametrised over every supported version; a version this
machine lacks is reported as skipped by nox, never silently passed.

The test sessions install the wheel that ``python -m build`` makes of this tree
(built once per run), and run pytest from a scratch folder, so the tests import
the installed package exactly as a user's suite would, never the source tree.
"""

from __future__ import annotations

import os
import re
import shutil
import tarfile
import tempfile
import textwrap
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import nox

nox.needs_version = ">=2025.2.9"  # nox.project.dependency_groups
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True
# A missing interpreter skips its session, visibly, even when CI is set.
nox.options.error_on_missing_interpreters = False

ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
SUPPORTED = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
LINT_PATHS = ("amock", "tests", "examples", "benchmarks", "noxfile.py")
DOCS_CONF = ROOT / "docs" / "conf.py"
BENCH_SCRIPT = ROOT / "benchmarks" / "run.py"
BASELINE_SCRIPT = ROOT / "benchmarks" / "baseline.py"
STDLIB_SUITE = ROOT / "tests" / "stdlib_suite.py"
#: Where install-pythons.sh (from the development machines' ../shared) installs 3.14 and 3.15.
EXTRA_PYTHONS = Path("/opt/amock-pythons/bin")
BUILD_DIR = ROOT / ".nox" / "_build"


def _pyenv_bin_dirs() -> list[str]:
    """The bin folder of the newest pyenv patch release of each supported version."""
    versions = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    newest: dict[str, tuple[int, Path]] = {}
    if versions.is_dir():
        for entry in versions.iterdir():
            # Plain CPython releases only: "3.12.1", not "3.13.0t", "3.14.0a1" or "pypy3.10-7.3".
            match = re.fullmatch(r"(3\.\d+)\.(\d+)", entry.name)
            if match is None or match[1] not in SUPPORTED:
                continue
            minor, patch, bin_dir = match[1], int(match[2]), entry / "bin"
            if (bin_dir / f"python{minor}").is_file() and patch > newest.get(minor, (-1,))[0]:
                newest[minor] = (patch, bin_dir)
    return [str(newest[minor][1]) for minor in SUPPORTED if minor in newest]


def _groups(*names: str) -> tuple[str, ...]:
    """The requirements of the named [dependency-groups] in pyproject.toml."""
    return nox.project.dependency_groups(PYPROJECT, *names)


# Prepended so the real interpreters win over pyenv shims, which fail for any
# version that is not selected by `pyenv global`/`pyenv local`.
_extra = [str(EXTRA_PYTHONS)] if EXTRA_PYTHONS.is_dir() else []
_path = [*_pyenv_bin_dirs(), *_extra, *os.environ.get("PATH", "").split(os.pathsep)]
os.environ["PATH"] = os.pathsep.join(dict.fromkeys(p for p in _path if p))

FOUND = [version for version in SUPPORTED if shutil.which(f"python{version}")]
if not FOUND:
    raise SystemExit(
        f"noxfile.py: found none of python{', python'.join(SUPPORTED)} on PATH, under "
        f"$PYENV_ROOT/versions or in {EXTRA_PYTHONS}; install one (`pyenv install 3.13`)."
    )
NEWEST = FOUND[-1]

nox.options.sessions = [
    "tests",
    "coverage",
    "stdlib-suite",
    "pytest-mock",
    "lint",
    "typing",
    "build",
]
if DOCS_CONF.exists():
    nox.options.sessions.append("docs")

_wheels: dict[str, Path] = {}


def _wheel(session: nox.Session) -> Path:
    """The wheel of this tree, built by ``python -m build`` once per nox run."""
    if "wheel" not in _wheels:
        _wheels.update(_build(session, "--wheel"))
    return _wheels["wheel"]


def _build(session: nox.Session, *kinds: str) -> dict[str, Path]:
    """Build this tree (``--wheel``, ``--sdist``) into a fresh folder; the files by kind."""
    session.install("build[uv]")
    out = BUILD_DIR / f"{os.getpid()}-{'-'.join(k.strip('-') for k in kinds)}"
    shutil.rmtree(out, ignore_errors=True)
    session.run(
        "python", "-m", "build", "--installer", "uv", *kinds, "--outdir", str(out), str(ROOT)
    )
    built: dict[str, Path] = {}
    for path in out.iterdir():
        built["wheel" if path.suffix == ".whl" else "sdist"] = path
    return built


@nox.session(python=SUPPORTED)
def tests(session: nox.Session) -> None:
    """Run the tests/ and examples/ suites against the built wheel, under branch coverage."""
    session.install(str(_wheel(session)), *_groups("test"))
    # One data file per interpreter so sessions never read each other's results.
    data = ROOT / f".coverage.{session.python}"
    env = {
        "COVERAGE_FILE": str(data),
        "COVERAGE_RCFILE": str(ROOT / "pyproject.toml"),
        # tests/conftest.py checks that amock comes from the wheel, not this tree.
        "AMOCK_TEST_INSTALLED": "1",
    }
    for stale in ROOT.glob(f"{data.name}*"):
        stale.unlink()
    # From a scratch folder: pytest-xdist puts its workers' working folder on
    # sys.path, which would import ./amock rather than the installed wheel.
    # xdist spreads the tests over every core; coverage follows its workers and
    # the inner pytester sessions (`patch = ["subprocess"]` in pyproject.toml)
    # from their first line. pytest's exit code 5 (no tests) fails the session.
    with tempfile.TemporaryDirectory() as scratch, session.chdir(scratch):
        session.run(
            "coverage", "run", "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
            "--rootdir", str(ROOT), "-n", "auto", "-p", "no:cacheprovider",
            str(ROOT / "tests"), str(ROOT / "examples"), *session.posargs,
            env=env,
        )  # fmt: skip
    session.run("coverage", "combine", "--quiet", env=env)
    # This interpreter's share; the floor applies to every interpreter's together
    # (the coverage session), since some lines only run on some versions.
    session.run("coverage", "report", "--fail-under=0", env=env)


@nox.session(python=NEWEST)
def coverage(session: nox.Session) -> None:
    """Hold the union of every interpreter's coverage (the tests sessions') to the floor."""
    present = [v for v in SUPPORTED if (ROOT / f".coverage.{v}").is_file()]
    missing = [v for v in SUPPORTED if v not in present]
    if missing:
        session.skip(
            f"the coverage floor is held over every supported interpreter; no data from the "
            f"tests sessions of {', '.join(missing)} (missing here, or not run)"
        )
    session.install("coverage[toml]>=7.10")
    union = ROOT / ".coverage.union"
    union.unlink(missing_ok=True)
    env = {"COVERAGE_FILE": str(union), "COVERAGE_RCFILE": str(ROOT / "pyproject.toml")}
    files = [str(ROOT / f".coverage.{v}") for v in present]
    session.run("coverage", "combine", "--keep", "--quiet", *files, env=env)
    session.run("coverage", "report", env=env)


@nox.session(name="stdlib-suite", python=SUPPORTED)
def stdlib_suite(session: nox.Session) -> None:
    """Run this interpreter's own unittest.mock test suite with unittest.mock aliased to amock."""
    session.install(str(_wheel(session)))
    with tempfile.TemporaryDirectory() as scratch, session.chdir(scratch):
        session.run("python", str(STDLIB_SUITE))


PYTEST_MOCK = "pytest-mock==3.17.0"
#: Of the 168 tests of pytest-mock's suite, at least this many must pass against amock.
PYTEST_MOCK_MIN_PASSED = 165
#: Every test of pytest-mock's suite that fails against amock, and why (docs/differences.md).
PYTEST_MOCK_EXPECTED_FAILURES = {
    "TestConfiguration::test_monkeypatch_ini": (
        "it checks that pytest-mock replaced unittest.mock's assertion methods; amock replaces "
        "no method at run time (its own assert_* explain failures behind a switch), so the "
        "method's __module__ is amock's whatever mock_traceback_monkeypatch says"
    ),
    "TestConfiguration::test_standalone_mock": (
        "mock_use_standalone_module = true makes pytest-mock use the mock package from PyPI; "
        "amock's fixtures always make amock's mocks, so mocker.MagicMock is not mock.MagicMock"
    ),
}
#: pytest-mock's import names, mapped onto amock's: a test aid on this session's path only.
PYTEST_MOCK_AID = {
    "__init__.py": """
        from amock.pytest_plugin import (
            AsyncMockType,
            MockerFixture,
            MockFixture,
            MockType,
            PytestMockWarning,
            SpyType,
        )
    """,
    "_util.py": """
        from amock.pytest_plugin import AmockFixture
        from amock.pytest_plugin import parse_bool as parse_ini_boolean


        def get_mock_module(config):
            return AmockFixture(config).mock_module
    """,
}


@nox.session(name="pytest-mock", python=NEWEST)
def pytest_mock(session: nox.Session) -> None:
    """Run pytest-mock's own test suite against amock's fixtures, with pytest-mock not installed.

    Then install pytest-mock too and run the plugin tests that need both.
    """
    # pytest-mock's tox environment: pytest-asyncio, and mock for its standalone test.
    session.install(str(_wheel(session)), "pytest", "pytest-asyncio", "mock", "pip")
    session.run("python", "-m", "pip", "uninstall", "--quiet", "--yes", "pytest-mock")
    with tempfile.TemporaryDirectory() as scratch, session.chdir(scratch):
        folder = Path(scratch)
        session.run(
            "python", "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
            "--dest", str(folder), PYTEST_MOCK,
        )  # fmt: skip
        (sdist,) = folder.glob("pytest_mock-*.tar.gz")
        suite = f"{sdist.name.removesuffix('.tar.gz')}/tests/test_pytest_mock.py"
        with tarfile.open(sdist) as archive:
            (folder / "test_pytest_mock.py").write_bytes(archive.extractfile(suite).read())
        aid = folder / "aid" / "pytest_mock"
        aid.mkdir(parents=True)
        for name, source in PYTEST_MOCK_AID.items():
            (aid / name).write_text(textwrap.dedent(source).lstrip())
        # The [pytest] section of pytest-mock's tox.ini.
        (folder / "pytest.ini").write_text("[pytest]\naddopts = -r a\nasyncio_mode = auto\n")
        # pytest-mock's suite expects a terminal outside CI: under CI (or BUILD_NUMBER)
        # pytest repeats whole messages in the short summary, and its test_detailed fails
        # with pytest-mock itself.
        session.run(
            "python", "-m", "pytest", "-p", "no:cacheprovider", "--junitxml", "results.xml",
            "test_pytest_mock.py",
            env={"PYTHONPATH": str(folder / "aid"), "CI": None, "BUILD_NUMBER": None},
            success_codes=[0, 1],
        )  # fmt: skip
        session.log(_check_pytest_mock_results(session, folder / "results.xml"))
    # Both installed: nothing collides (these tests skip where pytest-mock is missing).
    session.install(PYTEST_MOCK, "anyio")
    try:
        with tempfile.TemporaryDirectory() as scratch, session.chdir(scratch):
            session.run(
                "python", "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir",
                str(ROOT), "-p", "no:cacheprovider", "-p", "no:pytest_mock", "--junitxml",
                "both.xml", str(ROOT / "tests" / "test_pytest_plugin.py"), "-k", "pytest_mock",
                env={"AMOCK_TEST_INSTALLED": "1"},
            )  # fmt: skip
            outcomes = _junit_outcomes(Path("both.xml"))
            if len(outcomes) < 2 or not all(outcomes.values()):
                session.error(f"pytest-mock: with both installed, not all passed: {outcomes}")
    finally:
        session.run("python", "-m", "pip", "uninstall", "--quiet", "--yes", "pytest-mock")


def _junit_outcomes(results: Path) -> dict[str, bool]:
    """Whether each test of a JUnit XML report passed, by ``Class::test`` name."""
    outcomes = {}
    for case in ElementTree.parse(results).getroot().iter("testcase"):
        name = "::".join([*case.get("classname", "").split(".")[1:], case.get("name", "")])
        outcomes[name] = not {child.tag for child in case} & {"failure", "error", "skipped"}
    return outcomes


def _check_pytest_mock_results(session: nox.Session, results: Path) -> str:
    """Fail unless enough of pytest-mock's tests passed and every failure is an expected one."""
    outcomes = _junit_outcomes(results)
    passed = sum(outcomes.values())
    failed = {name for name, ok in outcomes.items() if not ok}
    unexpected = sorted(failed - PYTEST_MOCK_EXPECTED_FAILURES.keys())
    stale = sorted(PYTEST_MOCK_EXPECTED_FAILURES.keys() - failed)
    total = len(outcomes)
    problems = []
    if passed < PYTEST_MOCK_MIN_PASSED:
        problems.append(f"only {passed} of {total} passed (at least {PYTEST_MOCK_MIN_PASSED})")
    if unexpected:
        problems.append(f"failed or skipped, not on the expected list: {unexpected}")
    if stale:
        problems.append(f"on the expected list but passed: {stale} (remove them)")
    if problems:
        session.error("pytest-mock: " + "; ".join(problems))
    return f"pytest-mock's suite: {passed} of {total} passed; expected failures: {sorted(failed)}"


@nox.session(python=NEWEST)
def lint(session: nox.Session) -> None:
    """Check lint rules and formatting with ruff."""
    session.install(*_groups("lint"))
    paths = [path for path in LINT_PATHS if (ROOT / path).exists()]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session(name="typing", python=NEWEST)
def typing_(session: nox.Session) -> None:
    """Type-check amock/ with mypy --strict (settings in pyproject.toml)."""
    session.install("-e", ".", *_groups("typing"))
    session.run("mypy", *session.posargs)


@nox.session(python=NEWEST)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel, check them with twine, and smoke-test the lowest dependencies."""
    built = _build(session, "--sdist", "--wheel")
    session.install("twine")
    session.run("twine", "check", "--strict", *(str(path) for path in built.values()))
    session.log(_check_contents(session, built["wheel"], built["sdist"]))
    # The declared floor of each runtime dependency must work: install the
    # wheel with the lowest versions pyproject.toml allows, then use amock.
    session.install(str(built["wheel"]), *_floors(session))
    session.run("python", "-c", SMOKE_TEST)


def _floors(session: nox.Session) -> list[str]:
    """Each runtime dependency pinned to its declared lowest version (``wrapt>=2.2`` → ``==``)."""
    pins = []
    for requirement in PYPROJECT["project"]["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^,;\s]*)", requirement)
        if match is None:
            session.error(f"build: give {requirement!r} a single '>=' floor to test")
        pins.append(f"{match[1]}=={match[2]}")
    return pins


SMOKE_TEST = """
import asyncio, importlib.metadata as md, amock
async def fetch(url: str) -> bytes: ...
mock = amock.create_autospec(fetch)
mock.return_value = b"ok"
assert asyncio.run(mock("u")) == b"ok"
mock.assert_awaited_once_with("u")
print("amock works with wrapt", md.version("wrapt"))
"""


def _check_contents(session: nox.Session, wheel: Path, sdist: Path) -> str:
    """Fail unless the wheel has the package and its ``py.typed``, and no tests."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    problems = []
    if "amock/py.typed" not in names:
        problems.append("amock/py.typed is missing from the wheel")
    if "amock/__init__.py" not in names:
        problems.append("amock/__init__.py is missing from the wheel")
    stray = [name for name in names if name.startswith(("tests/", "examples/", "benchmarks/"))]
    if stray:
        problems.append(f"the wheel carries files that are not the package: {stray[:5]}")
    with tarfile.open(sdist) as archive:
        if not any(name.endswith("/amock/py.typed") for name in archive.getnames()):
            problems.append("amock/py.typed is missing from the sdist")
    if problems:
        session.error("build: " + "; ".join(problems))
    return f"{wheel.name}: {len(names)} files, py.typed present, no tests; {sdist.name} OK"


@nox.session(python=NEWEST)
def docs(session: nox.Session) -> None:
    """Build the Sphinx site, warnings as errors; a default session once docs/conf.py exists."""
    if not DOCS_CONF.exists():
        session.skip("docs site not built yet: docs/conf.py does not exist")
    session.install("-e", ".", *_groups("docs"))
    session.run(
        "sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session(python=NEWEST)
def bench(session: nox.Session) -> None:
    """Print stdlib/amock timing ratios; informational, never in the default sessions."""
    if not BENCH_SCRIPT.exists():
        session.skip("no benchmarks yet: benchmarks/run.py does not exist")
    session.install(".", *_groups("bench"))
    session.run("python", str(BENCH_SCRIPT.relative_to(ROOT)), *session.posargs)
    # The async toolkit's "costs nothing unused": now against the commit before it.
    session.run("python", str(BASELINE_SCRIPT.relative_to(ROOT)), *session.posargs)
