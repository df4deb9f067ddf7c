"""What resolving annotations lazily costs the first access to an autospec's child.

amock resolves a return annotation when the child that needs it is first
used. Names imported only under ``if TYPE_CHECKING:`` are found by reading the
module's source, and only when plain evaluation fails (issue 15). This script
times, in one process, amock now and amock at an earlier revision (by
default the last commit before that work), each loaded as in
``baseline.py``:

* autospecs whose annotations resolve plainly (``-> Response``, as text here):
  the first call of a method, which specs its return value, must cost what
  it cost before (ratio about 1.0);
* SQLAlchemy's ``AsyncSession.execute`` (``-> Result[Any]``, with ``Result``
  imported for type checkers only): before, the name failed and the result was
  the stdlib's all-async mock; now it resolves. "cold" reads the module's
  source in every round; "warm" finds it cached, as every use after a
  module's first does. The issue allows 2x here.

* the first read of an autospecced instance's attribute: one its class holds
  (``Response.json``: the same path as before), and ones it only declares
  (httpx's ``Response.status_code``, set in ``__init__``; aiohttp's
  ``ClientResponse.content``, annotated ``StreamReader``): before, the first
  raised ``AttributeError`` (timed with the ``except``) and the second was
  unspecced; now they are specced from the declared type.

Lines print ``before``, ``now`` and ``before / now`` (below 1.0: slower now).
Then the autospec of real client classes, amock against ``unittest.mock`` in
the same process (the issue asks for 100x or more).
Run: ``python benchmarks/annotations.py [REV] [--quick]``; REV defaults to
``main``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from baseline import load_baseline, per_op

#: What "before" is: amock as it is on the main branch (``f278a41`` is the
#: commit before names imported for type checkers were resolved).
BEFORE_RESOLVING = "main"


class Response:
    def json(self) -> dict[str, object]:
        return {}


class Client:
    async def get(self, url: str) -> Response:
        raise NotImplementedError

    def build(self, url: str) -> Response:
        raise NotImplementedError


def first_calls(module: Any) -> Callable[[int], float]:
    """A fresh instance autospec, then the first use of an async and a sync method's result."""

    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            client = module.create_autospec(Client, instance=True)
            # The return value is specced from the annotation when first read.
            client.get.return_value.json()
            client.build.return_value.json()
        return time.process_time() - start

    return run


def session_execute(module: Any, *, cold: bool) -> Callable[[int], float]:
    """A fresh ``AsyncSession`` autospec, then the first use of what ``execute`` gives."""
    from sqlalchemy.ext.asyncio import AsyncSession

    from amock import _type_checking

    def run(number: int) -> float:
        elapsed = 0.0
        for _ in range(number):
            if cold:
                _type_checking._READ.clear()
            start = time.process_time()
            session = module.create_autospec(AsyncSession, instance=True)
            session.execute.return_value.scalars()
            elapsed += time.process_time() - start
        return elapsed

    return run


def guarded_or_plain(*, plain: bool) -> Callable[[int], float]:
    """amock now: ``execute``'s result when ``Result`` is guarded, or in the module's globals."""
    import sqlalchemy.ext.asyncio.session as defining
    from sqlalchemy.engine import Result, ScalarResult

    import amock

    run = session_execute(amock, cold=False)

    def timed(number: int) -> float:
        if not plain:
            return run(number)
        names = vars(defining)
        names.update(Result=Result, ScalarResult=ScalarResult)
        try:
            return run(number)
        finally:
            del names["Result"], names["ScalarResult"]

    return timed


def resolving(module: Any) -> Callable[[int], float]:
    """``resolve_annotation`` of ``Result[Any]`` alone (warm)."""
    from sqlalchemy.ext.asyncio import AsyncSession

    execute = AsyncSession.__dict__["execute"]
    annotations = sys.modules[f"{module.__name__}._annotations"]
    raw = annotations.return_annotation(execute)

    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            annotations.resolve_annotation(raw, execute)
        return time.process_time() - start

    return run


def first_child(module: Any, cls: Any, name: str) -> Callable[[int], float]:
    """A fresh instance autospec of ``cls``, then the first read of attribute ``name``."""

    def run(number: int) -> float:
        elapsed = 0.0
        for _ in range(number):
            fake = module.create_autospec(cls, instance=True)
            start = time.process_time()
            try:
                getattr(fake, name)
            except AttributeError:
                pass  # before: not declared on the class, refused
            elapsed += time.process_time() - start
        return elapsed

    return run


def autospec_only(create: Any, cls: Any) -> Callable[[int], float]:
    """``create(cls, instance=True)`` alone."""

    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            create(cls, instance=True)
        return time.process_time() - start

    return run


def _client_classes() -> list[tuple[str, Any]]:
    """Real client classes that are installed, by name."""
    found: list[tuple[str, Any]] = []
    try:
        import httpx
    except ImportError:  # pragma: no cover - depends on the environment
        pass
    else:
        found += [("httpx.AsyncClient", httpx.AsyncClient), ("httpx.Response", httpx.Response)]
    try:
        import aiohttp
    except ImportError:  # pragma: no cover - depends on the environment
        pass
    else:
        found += [
            ("aiohttp.ClientSession", aiohttp.ClientSession),
            ("aiohttp.ClientResponse", aiohttp.ClientResponse),
        ]
    try:
        from sqlalchemy.ext.asyncio import AsyncSession
    except ImportError:  # pragma: no cover - depends on the environment
        pass
    else:
        found.append(("sqlalchemy AsyncSession", AsyncSession))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("revision", nargs="?", default=BEFORE_RESOLVING)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    options = parser.parse_args()
    import amock

    baseline = load_baseline(options.revision)
    number, repeat = (100, 3) if options.quick else (1000, 7)
    cases: list[tuple[str, Callable[[Any], Callable[[int], float]], int]] = [
        ("first calls, plain annotations", first_calls, number),
    ]
    try:
        import sqlalchemy.ext.asyncio  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        print("sqlalchemy is not installed: its lines are left out")
    else:
        cases += [
            ("AsyncSession.execute(), warm", lambda m: session_execute(m, cold=False), number),
            ("AsyncSession.execute(), cold", lambda m: session_execute(m, cold=True), number // 10),
            ("resolve 'Result[Any]'", resolving, number * 10),
        ]
    try:
        import aiohttp
        import httpx
    except ImportError:  # pragma: no cover - depends on the environment
        print("httpx or aiohttp is not installed: their lines are left out")
    else:
        cases += [
            (
                "Response.json (on the class)",
                lambda m: first_child(m, httpx.Response, "json"),
                number,
            ),
            (
                "Response.status_code (__init__)",
                lambda m: first_child(m, httpx.Response, "status_code"),
                number,
            ),
            (
                "ClientResponse.content (annotated)",
                lambda m: first_child(m, aiohttp.ClientResponse, "content"),
                number,
            ),
        ]
    if len(cases) > 1 and "sqlalchemy" in sys.modules:
        # The cost of resolving lazily, against the same names found plainly.
        plain = guarded = float("inf")
        for _ in range(repeat):
            plain = min(plain, per_op(guarded_or_plain(plain=True), number, 1))
            guarded = min(guarded, per_op(guarded_or_plain(plain=False), number, 1))
        print("amock now: AsyncSession.execute()'s result, Result in the globals / guarded")
        print(f"{'':<34}{plain * 1e6:>10.1f}us{guarded * 1e6:>10.1f}us{plain / guarded:>8.2f}x")
    print(f"amock at {options.revision} / amock now: the first use of an autospec's child")
    print(f"{'operation':<34}{'before':>12}{'now':>12}{'ratio':>9}")
    for name, make, count in cases:
        before = now = float("inf")
        for _ in range(repeat):
            now = min(now, per_op(make(amock), count, 1))
            before = min(before, per_op(make(baseline), count, 1))
        print(f"{name:<34}{before * 1e6:>10.1f}us{now * 1e6:>10.1f}us{before / now:>8.2f}x")
    import unittest.mock

    print("unittest.mock / amock now: create_autospec(cls, instance=True)")
    print(f"{'class':<34}{'stdlib':>12}{'amock':>12}{'ratio':>9}")
    for name, cls in _client_classes():
        stdlib = ours = float("inf")
        for _ in range(repeat):
            ours = min(ours, per_op(autospec_only(amock.create_autospec, cls), number, 1))
            stdlib = min(
                stdlib,
                per_op(autospec_only(unittest.mock.create_autospec, cls), max(number // 50, 5), 1),
            )
        print(f"{name:<34}{stdlib * 1e6:>10.1f}us{ours * 1e6:>10.1f}us{stdlib / ours:>8.1f}x")


if __name__ == "__main__":
    main()
