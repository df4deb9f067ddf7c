"""Every gate of amock runs through this file: ``python -m nox`` runs the default ones.

Interpreters: CPython 3.10 to 3.13, taken from PATH and from pyenv's versions folder
(``$PYENV_ROOT/versions``, default ``~/.pyenv/versions``), so a machine with pyenv
versions installed needs no shims or ``pyenv global`` set-up. The ``tests`` session is
parametrised over the versions actually found, so a machine lacking one still runs the
rest (nox would otherwise error on a missing interpreter when ``CI`` is set).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"  # nox.project.dependency_groups
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True

ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")
LINT_PATHS = ("amock", "tests", "examples", "benchmarks", "noxfile.py")
DOCS_CONF = ROOT / "docs" / "conf.py"
BENCH_SCRIPT = ROOT / "benchmarks" / "run.py"
BASELINE_SCRIPT = ROOT / "benchmarks" / "baseline.py"


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
_path = [*_pyenv_bin_dirs(), *os.environ.get("PATH", "").split(os.pathsep)]
os.environ["PATH"] = os.pathsep.join(dict.fromkeys(p for p in _path if p))

PYTHONS = [version for version in SUPPORTED if shutil.which(f"python{version}")]
if not PYTHONS:
    raise SystemExit(
        f"noxfile.py: found none of python{', python'.join(SUPPORTED)} on PATH or under "
        f"$PYENV_ROOT/versions; install one of them (for example `pyenv install 3.12`)."
    )
NEWEST = PYTHONS[-1]

nox.options.sessions = ["tests", "lint", "typing"]
if DOCS_CONF.exists():
    nox.options.sessions.append("docs")


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the tests/ and examples/ suites under branch coverage."""
    session.install("-e", ".", *_groups("test"))
    # One data file per interpreter so sessions never read each other's results.
    data = ROOT / f".coverage.{session.python}"
    env = {"COVERAGE_FILE": str(data)}
    for stale in ROOT.glob(f"{data.name}*"):
        stale.unlink()
    # xdist spreads the tests over every core (pytester's inner sessions take
    # most of the time). Coverage follows its workers and the inner sessions
    # into their processes (`patch = ["subprocess"]` in pyproject.toml), from
    # their first line: amock's plugin is imported before any test starts.
    # pytest's exit code 5 (no tests collected) fails the session on purpose.
    session.run("coverage", "run", "-m", "pytest", "-n", "auto", *session.posargs, env=env)
    session.run("coverage", "combine", "--quiet", env=env)
    session.run("coverage", "report", env=env)


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
