"""Compare amock with unittest.mock in one process and print the ratios.

Each line is ``stdlib time / amock time`` for one operation, measured on this
interpreter in this run, with the target ratio from the issues beside it.
Benchmarks never fail a build: they print, and a missed target says MISS.

Run with ``nox -s bench`` or ``python benchmarks/run.py [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import platform
import sys
import time
import unittest.mock as std
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import amock

try:  # optional: installed by the bench session
    from redis.asyncio import Redis
except ImportError:  # pragma: no cover - depends on the environment
    Redis = None


@dataclass
class Result:
    name: str
    stdlib: float
    amock: float
    target: float

    @property
    def ratio(self) -> float:
        return self.stdlib / self.amock


def best_per_op(func: Callable[[int], float], number: int, repeat: int) -> float:
    """Best CPU seconds per operation over ``repeat`` runs of ``func(number)``.

    ``func`` returns the CPU seconds its ``number`` operations took, so set-up
    (an event loop, a mock to call) stays out of the measurement.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        best = min(best, func(number) / number)
    return best


def creating(cls: type) -> Callable[[int], float]:
    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            cls()
        return time.process_time() - start

    return run


def awaiting(cls: type) -> Callable[[int], float]:
    def run(number: int) -> float:
        mock = cls(return_value=1)

        async def loop() -> float:
            start = time.process_time()
            for _ in range(number):
                await mock(1)
            return time.process_time() - start

        return asyncio.run(loop())

    return run


def patching(patch: Any) -> Callable[[int], float]:
    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            with patch("json.dumps"):
                pass
        return time.process_time() - start

    return run


def decorator_overhead(patch: Any) -> Callable[[int], float]:
    """Per call: a decorated test minus the same patch as a ``with`` around the body."""
    replacement = object()

    def body() -> None:
        pass

    decorated = patch("json.dumps", new=replacement)(body)
    patcher = patch("json.dumps", new=replacement)

    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            decorated()
        middle = time.process_time()
        for _ in range(number):
            with patcher:
                body()
        return max((middle - start) - (time.process_time() - middle), 0.0)

    return run


def big_class(async_methods: int = 300, sync_methods: int = 300) -> type:
    """A class with many async and sync methods, like a generated API client."""
    namespace: dict[str, Any] = {}
    for index in range(async_methods):
        exec(f"async def get_{index}(self, key, *, timeout=None): pass", namespace)
    for index in range(sync_methods):
        exec(f"def build_{index}(self, key, value=None): pass", namespace)
    methods = {name: value for name, value in namespace.items() if not name.startswith("__")}
    return type("BigClient", (), methods)


def autospeccing(create: Any, spec: Any) -> Callable[[int], float]:
    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            create(spec)
        return time.process_time() - start

    return run


def autospec_and_use(create: Any, spec: type) -> Callable[[int], float]:
    """Autospec a class, then call and await ten of its async methods."""
    names = [name for name in dir(spec) if name.startswith("get_")][:10]

    def run(number: int) -> float:
        async def body() -> float:
            start = time.process_time()
            for _ in range(number):
                client = create(spec)()
                for name in names:
                    await getattr(client, name)("key")
            return time.process_time() - start

        return asyncio.run(body())

    return run


def patching_autospec(patch: Any, target: str) -> Callable[[int], float]:
    def run(number: int) -> float:
        start = time.process_time()
        for _ in range(number):
            with patch(target, autospec=True):
                pass
        return time.process_time() - start

    return run


BIG = big_class()


def measure(quick: bool) -> list[Result]:
    scale = 1 if quick else 5
    repeat = 3 if quick else 5
    cases = [
        ("MagicMock()", creating(std.MagicMock), creating(amock.MagicMock), 400, 10.0),
        ("AsyncMock()", creating(std.AsyncMock), creating(amock.AsyncMock), 200, 10.0),
        ("Mock()", creating(std.Mock), creating(amock.Mock), 400, 1.0),
        ("await AsyncMock()(1)", awaiting(std.AsyncMock), awaiting(amock.AsyncMock), 5000, 4.0),
        ("with patch('json.dumps')", patching(std.patch), patching(amock.patch), 400, 5.0),
        (
            "autospec 300+300 methods",
            autospeccing(std.create_autospec, BIG),
            autospeccing(amock.create_autospec, BIG),
            2,
            100.0,
        ),
        (
            "autospec, await 10 methods",
            autospec_and_use(std.create_autospec, BIG),
            autospec_and_use(amock.create_autospec, BIG),
            2,
            20.0,
        ),
        (
            "patch autospec (function)",
            patching_autospec(std.patch, "json.dumps"),
            patching_autospec(amock.patch, "json.dumps"),
            100,
            10.0,
        ),
        (
            "patch autospec (class)",
            patching_autospec(std.patch, "json.JSONDecoder"),
            patching_autospec(amock.patch, "json.JSONDecoder"),
            50,
            10.0,
        ),
    ]
    if Redis is not None:
        cases.append(
            (
                "autospec redis.asyncio.Redis",
                autospeccing(std.create_autospec, Redis),
                autospeccing(amock.create_autospec, Redis),
                2,
                100.0,
            )
        )
    results = []
    for name, stdlib, ours, number, target in cases:
        results.append(
            Result(
                name,
                best_per_op(stdlib, number * scale, repeat),
                best_per_op(ours, number * scale, repeat),
                target,
            )
        )
    return results


@dataclass
class Overhead:
    name: str
    stdlib: float
    amock: float
    limit: float


def overheads(quick: bool) -> list[Overhead]:
    scale = 1 if quick else 5
    repeat = 3 if quick else 5
    number = 5000 * scale
    return [
        Overhead(
            "@patch per-call overhead",
            best_per_op(decorator_overhead(std.patch), number, repeat),
            best_per_op(decorator_overhead(amock.patch), number, repeat),
            2e-6,
        )
    ]


def calling_patched(scope: str) -> Callable[[int], float]:
    """Seconds to look up and call ``json.dumps`` while it is patched with ``scope``."""

    def run(number: int) -> float:
        import json

        async def loop() -> float:
            with amock.patch("json.dumps", scope=scope, return_value="x"):
                start = time.process_time()
                for _ in range(number):
                    json.dumps(1)
                return time.process_time() - start

        return asyncio.run(loop())

    return run


def awaiting_configured(**settings: Any) -> Callable[[int], float]:
    """Seconds per ``await mock(1)`` of an amock.AsyncMock configured with ``settings``."""

    def run(number: int) -> float:
        mock = amock.AsyncMock(return_value=1, **settings)

        async def loop() -> float:
            start = time.process_time()
            for _ in range(number):
                await mock(1)
            return time.process_time() - start

        return asyncio.run(loop())

    return run


def toolkit_costs(quick: bool) -> list[tuple[str, float, float]]:
    """(what, the plain case, the case with the feature) for the async toolkit."""
    scale = 1 if quick else 5
    repeat = 3 if quick else 5
    number = 5000 * scale
    plain_await = best_per_op(awaiting_configured(), number, repeat)
    return [
        (
            "patched lookup+call: global vs scope='task'",
            best_per_op(calling_patched("global"), number, repeat),
            best_per_op(calling_patched("task"), number, repeat),
        ),
        (
            "await: plain vs checkpoint=True",
            plain_await,
            best_per_op(awaiting_configured(checkpoint=True), number, repeat),
        ),
        (
            "await: plain vs delay=0",
            plain_await,
            best_per_op(awaiting_configured(delay=0), number, repeat),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    quick = parser.parse_args().quick
    print(f"{platform.python_implementation()} {sys.version.split()[0]}: stdlib / amock")
    print(f"{'operation':<26}{'stdlib':>12}{'amock':>12}{'ratio':>9}{'target':>9}")
    for result in measure(quick):
        verdict = "ok" if result.ratio >= result.target else "MISS"
        print(
            f"{result.name:<26}{result.stdlib * 1e6:>10.2f}us{result.amock * 1e6:>10.2f}us"
            f"{result.ratio:>8.1f}x{result.target:>7.0f}x  {verdict}"
        )
    print(f"{'absolute cost':<26}{'stdlib':>12}{'amock':>12}{'limit':>18}")
    for overhead in overheads(quick):
        verdict = "ok" if overhead.amock <= overhead.limit else "MISS"
        print(
            f"{overhead.name:<26}{overhead.stdlib * 1e6:>10.2f}us{overhead.amock * 1e6:>10.2f}us"
            f"{overhead.limit * 1e6:>15.1f}us  {verdict}"
        )
    print(f"{'async toolkit (amock only)':<44}{'without':>12}{'with':>12}")
    for name, without, with_feature in toolkit_costs(quick):
        print(f"{name:<44}{without * 1e6:>10.2f}us{with_feature * 1e6:>10.2f}us")
    if importlib.util.find_spec("pytest") is not None:
        import fixture  # benchmarks/fixture.py: the pytest fixtures beside pytest-mock's

        fixture.report(quick)


if __name__ == "__main__":
    main()
