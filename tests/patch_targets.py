"""A module for patch tests to patch by name: one attribute of every kind.

Tests refer to it as ``"patch_targets.<name>"`` (pytest puts ``tests/`` on
``sys.path``). Nothing here may be changed by a test except through a patch.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import wrapt

VALUE = 42
"""A plain module constant."""


def plain(x: int) -> int:
    """A sync function."""
    return x


async def sleep(seconds: float) -> None:
    """A project's own ``sleep``: not a framework's, though it has the name."""


async def fetch(url: str) -> str:
    """A coroutine function."""
    return url


async def stream(n: int) -> AsyncIterator[int]:
    """An async generator function."""
    for i in range(n):
        yield i


def returns_awaitable(x: int) -> Awaitable[int]:
    """Not ``async def``, but annotated to return an awaitable."""
    return fetch_number(x)


async def fetch_number(x: int) -> int:
    return x


def _sync_decorator(func: Any) -> Any:
    @functools.wraps(func)
    def inner(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return inner


@_sync_decorator
async def wrapped_fetch(url: str) -> str:
    """A coroutine function behind a sync ``functools.wraps`` decorator."""
    return url


@wrapt.decorator
def _wrapt_decorator(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    return wrapped(*args, **kwargs)


@_wrapt_decorator
async def wrapt_fetch(url: str) -> str:
    """A coroutine function behind a wrapt decorator."""
    return url


fetch_partial = functools.partial(fetch, "https://example.org")


@contextlib.asynccontextmanager
async def session_factory() -> AsyncIterator[str]:
    """An ``@asynccontextmanager`` factory."""
    yield "session"


async def fetch_response(url: str) -> Response:
    """A coroutine function annotated to give a class instance when awaited."""
    return Response()


class Response:
    """A sync result, like ``httpx.Response``."""

    status = 200

    def json(self) -> dict[str, Any]:
        return {}


class Request:
    """What aiohttp's ``session.get(url)`` returns: awaitable and an async CM."""

    def __await__(self) -> Any:
        return fetch_number(1).__await__()

    async def __aenter__(self) -> Response:
        return Response()

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class Client:
    """An async client used as ``async with Client() as client``."""

    retries = 3

    def __init__(self, base: str = "") -> None:
        self.base = base

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass

    async def get(self, url: str) -> Response:
        return Response()

    def request(self, url: str) -> Request:
        return Request()

    def close(self) -> None:
        pass

    async def lines(self) -> AsyncIterator[str]:
        yield "line"

    @staticmethod
    async def ping() -> bool:
        return True

    @classmethod
    async def connect(cls, base: str) -> Client:
        return cls(base)

    @staticmethod
    def version() -> str:
        return "1"

    @classmethod
    def default(cls) -> Client:
        return cls()

    @property
    def name(self) -> str:
        return "client"


class SubClient(Client):
    """Inherits everything from :class:`Client`."""


class AsyncCallable:
    """An object whose ``__call__`` is a coroutine function."""

    async def __call__(self, x: int) -> int:
        return x


handler = AsyncCallable()


class Ticker:
    """An async iterator class."""

    def __aiter__(self) -> Ticker:
        return self

    async def __anext__(self) -> int:
        raise StopAsyncIteration


class Slotted:
    """Instances with ``__slots__``."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 1


class Settings:
    """Instance attributes and class attributes."""

    debug = False

    def __init__(self) -> None:
        self.name = "settings"


settings = Settings()
slotted = Slotted()
client = Client()


def with_defaults(a: int = 1, *, b: int = 2) -> int:
    """A function with defaults, kwdefaults and annotations."""
    return a + b


MAPPING: dict[str, int] = {"a": 1, "b": 2}


def __getattr__(name: str) -> Any:
    # A module-level __getattr__ (PEP 562) serving one lazy attribute.
    if name == "LAZY":
        return "lazy"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Sensor:
    """A class with an async property."""

    @property
    async def reading(self) -> float:
        return 1.0

    def unit(self) -> str:
        return "C"
