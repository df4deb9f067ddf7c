"""Originals of every shape, and classes that hold them, for the route-agreement tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any


async def fetch(url: str) -> None:
    """A coroutine function."""


def compute(x: int) -> None:
    """A sync function."""


async def stream(n: int) -> AsyncIterator[int]:
    """An async generator function."""
    yield n


def iterate(n: int) -> AsyncIterator[int]:
    """A sync function annotated to return an async iterator."""
    raise NotImplementedError


class Session:
    """An async context manager class that enters as itself."""

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


class Handler:
    """A class whose instances are called and awaited."""

    async def __call__(self, event: str) -> None:
        return None


class HoldsFetch:
    target = staticmethod(fetch)


class HoldsCompute:
    target = staticmethod(compute)


class HoldsStream:
    target = staticmethod(stream)


class HoldsIterate:
    target = staticmethod(iterate)


class HoldsSession:
    target = Session


class HoldsHandler:
    target = Handler
