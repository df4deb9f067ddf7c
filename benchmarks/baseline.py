"""Compare this amock with amock as it was at an earlier commit, in one process.

The async toolkit (holds, waits, delays, checkpoints, strict mode) promises
to cost nothing when unused: ``await mock(1)`` must be no slower than before
its code existed. This script takes ``amock/`` as it was at a git revision
(by default the last commit before the toolkit), loads it beside the current
package under another name, and times the hot paths of both, interleaved,
in this one process. It prints ratios (old time / new time): 1.0 means as
fast as before, more means faster.

``nox -s bench`` runs it after ``run.py``; alone: ``python benchmarks/baseline.py [REV]``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from run import awaiting, creating, patching

ROOT = Path(__file__).resolve().parent.parent
#: The commit before "Async toolkit core" added amock/_toolkit.py.
BEFORE_TOOLKIT = "0a85da1"
BASELINE_NAME = "amock_baseline"


def load_baseline(revision: str) -> Any:
    """``amock`` at ``revision``, imported as :data:`BASELINE_NAME`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "amock"],
        check=True,
        capture_output=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="amock-baseline-"))
    package = folder / BASELINE_NAME
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            relative = Path(member.name).relative_to("amock")
            extracted = tar.extractfile(member)
            assert extracted is not None
            text = extracted.read().decode()
            if relative.suffix == ".py":
                # The package imports itself by name: point it at its new one.
                text = re.sub(
                    r"^(\s*)from amock([. ])", rf"\1from {BASELINE_NAME}\2", text, flags=re.M
                )
                text = re.sub(
                    r"^(\s*)import amock\b", rf"\1import {BASELINE_NAME}", text, flags=re.M
                )
            target = package / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    sys.path.insert(0, str(folder))
    return importlib.import_module(BASELINE_NAME)


def per_op(run: Callable[[int], float], number: int, repeat: int) -> float:
    """Best seconds per operation, with the collector off while timing.

    Both versions record every call in lists that grow through the run; the
    cyclic collector's passes over them are not the code under comparison
    and, left on, weigh on whichever version runs at the wrong moment.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            best = min(best, run(number) / number)
        finally:
            gc.enable()
    return best


def calling(module: Any) -> Callable[[int], float]:
    def run(number: int) -> float:
        mock = module.MagicMock(return_value=1)
        start = time.process_time()
        for _ in range(number):
            mock(1)
        return time.process_time() - start

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("revision", nargs="?", default=BEFORE_TOOLKIT)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    options = parser.parse_args()
    import amock

    baseline = load_baseline(options.revision)
    number, repeat = (2000, 3) if options.quick else (20000, 7)
    # The timed operations are run.py's, given each version's classes.
    cases: list[tuple[str, Callable[[Any], Callable[[int], float]], int]] = [
        ("await AsyncMock()(1)", lambda module: awaiting(module.AsyncMock), number),
        ("MagicMock()(1)", calling, number),
        ("AsyncMock()", lambda module: creating(module.AsyncMock), number // 10),
        ("MagicMock()", lambda module: creating(module.MagicMock), number // 10),
        ("with patch('json.dumps')", lambda module: patching(module.patch), number // 20),
    ]
    print(f"amock at {options.revision} / amock now, no toolkit feature in use")
    print(f"{'operation':<24}{'before':>12}{'now':>12}{'ratio':>9}")
    for name, make, count in cases:
        before = now = float("inf")
        # Interleave the rounds so drift in the machine's speed hits both alike.
        for _ in range(repeat):
            now = min(now, per_op(make(amock), count, 1))
            before = min(before, per_op(make(baseline), count, 1))
        print(f"{name:<24}{before * 1e6:>10.3f}us{now * 1e6:>10.3f}us{before / now:>8.2f}x")


if __name__ == "__main__":
    main()
