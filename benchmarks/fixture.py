"""Per-test cost of the pytest fixtures: pytest-mock's ``mocker`` beside amock's ``amocker``.

Each measurement runs a pytest session in a fresh process whose tests each
take the fixture and start one patch (``fixture.patch("json.dumps")``), and
times its test loop in CPU seconds; the session loads that fixture's plugin
and no other. A control session with as many empty tests and no plugin is
subtracted, so a fixture's number is what a test pays for it: the plugin's
per-test hooks, the fixture's set-up, the patch, and the teardown that
undoes it. amock's toolbox is measured under
both its names (``amocker``, and ``mocker`` with pytest-mock disabled).

Run with ``python benchmarks/fixture.py [--quick]`` (pytest-mock installed for
its line); ``benchmarks/run.py`` prints it too. It reports and never fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

#: Times the test loop of the session, in CPU seconds, into the file $FIXTURE_BENCH_OUT.
CONFTEST = """
import os
import time

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session):
    start = time.process_time()
    try:
        return (yield)
    finally:
        with open(os.environ["FIXTURE_BENCH_OUT"], "w") as out:
            out.write(repr(time.process_time() - start))
"""

#: (label, fixture parameter, the one plugin loaded): no other plugin runs.
CASES = (
    ("no fixture (control)", None, None),
    ("pytest-mock: mocker", "mocker", "pytest_mock"),
    ("amock: amocker", "amocker", "amock.pytest_plugin"),
    ("amock: mocker", "mocker", "amock.pytest_plugin"),
)


def _suite(parameter: str | None, tests: int) -> str:
    if parameter is None:
        body = "def test_{index}():\n    pass\n"
    else:
        body = f"def test_{{index}}({parameter}):\n    {parameter}.patch('json.dumps')\n"
    return "\n\n".join(body.format(index=index) for index in range(tests))


def _session(folder: Path, parameter: str | None, plugin: str | None, tests: int) -> float:
    """CPU seconds of one session's test loop, with ``plugin`` as its only plugin."""
    module = folder / "test_bench.py"
    module.write_text(_suite(parameter, tests))
    out = folder / "seconds.txt"
    plugins = ["-p", plugin] if plugin is not None else []
    env = {
        **os.environ,
        "FIXTURE_BENCH_OUT": str(out),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    env.pop("PYTEST_ADDOPTS", None)
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugins, str(module)],
        cwd=folder,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return float(out.read_text())


def measure(quick: bool) -> list[tuple[str, float]]:
    """(label, seconds per test beyond the control) for each fixture that can run here."""
    tests = 500 if quick else 2000
    repeat = 3 if quick else 5
    have_pytest_mock = importlib.util.find_spec("pytest_mock") is not None
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "conftest.py").write_text(textwrap.dedent(CONFTEST))
        (folder / "pytest.ini").write_text("[pytest]\n")
        for _ in range(repeat):
            # Interleaved rounds, so a busy moment of the machine hits every case.
            for label, parameter, plugin in CASES:
                if plugin == "pytest_mock" and not have_pytest_mock:
                    continue
                seconds = _session(folder, parameter, plugin, tests) / tests
                best[label] = min(best.get(label, float("inf")), seconds)
    control = best.pop(CASES[0][0])
    return [(label, seconds - control) for label, seconds in best.items()]


def report(quick: bool) -> None:
    """Print the per-test cost of each fixture, and amock's ratio to pytest-mock."""
    results = dict(measure(quick))
    theirs = results.get("pytest-mock: mocker")
    print(f"{'fixture + one patch, per test':<44}{'cost':>12}{'pytest-mock / it':>18}")
    for label, seconds in results.items():
        ratio = f"{theirs / seconds:>16.2f}x" if theirs and seconds > 0 else f"{'':>17}"
        print(f"{label:<44}{seconds * 1e6:>10.1f}us{ratio}")
    if theirs is None:
        print("(pytest-mock is not installed: its line is missing)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    report(parser.parse_args().quick)


if __name__ == "__main__":
    main()
