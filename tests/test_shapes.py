"""The shape classifier: what amock decides a target is, asynchronously.

Every case names a target and the exact :class:`amock._shapes.Shape` it must
get, so a wrong answer in any field fails. Inspection is static, so the last
groups check that no user code (property getters, ``__getattr__``, descriptors,
metaclass hooks) ran while classifying, and that annotations which do not
resolve fall back quietly.
"""

import ast
import asyncio
import contextlib
import functools
import gc
import importlib.util
import inspect
import sys
import types
import typing
import unittest.mock as unittest_mock
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterator,
)
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Generic, Optional, TypeVar, Union

import patch_targets
import pytest
import wrapt

import amock
from amock import _shapes, _static
from amock._annotations import signature
from amock._imitation import Target
from amock._shapes import (
    NOT_CALLABLE,
    SYNC,
    Proto,
    ResultSpec,
    Shape,
    attribute_shape,
    enters_self,
    has_coroutine_methods,
    instance_shape,
    maybe_async,
    member_shape,
    result_spec,
    shape_of,
    stdlib_awaits,
)
from amock._static import layers

COROUTINE = Shape(calls=Proto.AWAITABLE)
ASYNC_GENERATOR = Shape(calls=Proto.ASYNC_ITERATOR | Proto.ASYNC_ITERABLE, generator=True)
RETURNS_ASYNC_ITERATOR = Shape(calls=Proto.ASYNC_ITERATOR | Proto.ASYNC_ITERABLE)
RETURNS_ASYNC_CM = Shape(calls=Proto.ASYNC_CONTEXT)
ASYNC_PROPERTY = Shape(calls=None, async_property=True)


# -- values that async callables give ------------------------------------------------


class Response:
    """A plain sync result."""


class Item:
    """What an async iterator yields."""


class Conn:
    """What an async context manager enters as."""


class Session:
    """An async context manager class."""

    async def __aenter__(self) -> Conn:
        return Conn()

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class SubSession(Session):
    """Inherits the async context manager protocol."""


class NotASession(Session):
    """Opts out of the inherited protocol, as ``__hash__ = None`` does."""

    __aenter__ = None  # type: ignore[assignment]


class HalfSession:
    """``__aenter__`` without ``__aexit__`` is no async context manager."""

    async def __aenter__(self) -> Conn:
        return Conn()


class SyncSession:
    """A sync context manager."""

    def __enter__(self) -> Conn:
        return Conn()

    def __exit__(self, *exc_info: object) -> None:
        pass


class Ticker:
    """An async iterator."""

    def __aiter__(self) -> "Ticker":
        return self

    async def __anext__(self) -> Item:
        raise StopAsyncIteration


class Rows(Ticker):
    """An async iterator with methods of its own, as SQLAlchemy's ``AsyncScalarResult``."""

    async def all(self) -> list[Item]:
        return []


class Feed:
    """An async iterable that is not itself an iterator."""

    def __aiter__(self) -> Ticker:
        return Ticker()


class Pending:
    """An awaitable that is not a coroutine."""

    def __await__(self) -> typing.Generator[Any, None, Response]:
        yield
        return Response()


class ProxyAddingAwait(wrapt.ObjectProxy):  # type: ignore[misc]
    """A proxy subclass that makes what it wraps awaitable."""

    def __await__(self) -> typing.Generator[Any, None, Any]:
        yield
        return self.__wrapped__


class RequestContext:
    """Awaitable and an async context manager at once, as aiohttp's request."""

    def __await__(self) -> typing.Generator[Any, None, Response]:
        yield
        return Response()

    async def __aenter__(self) -> Response:
        return Response()

    async def __aexit__(self, *exc_info: object) -> None:
        pass


# -- functions -----------------------------------------------------------------------


async def coroutine_function(x: int = 0) -> int:
    return x


def sync_function(x: int = 0) -> int:
    return x


async def async_generator_function(n: int = 0) -> AsyncIterator[Item]:
    for _ in range(n):
        yield Item()


def sync_generator_function() -> Iterator[int]:
    yield 1


@asynccontextmanager
async def connect() -> AsyncIterator[Conn]:
    yield Conn()


@contextmanager
def sync_connect() -> Iterator[Conn]:
    yield Conn()


def sync_wraps(func: Callable[..., Any]) -> Callable[..., Any]:
    """A sync decorator that copies the wrapped function's metadata."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


@wrapt.decorator
def passthrough(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    return wrapped(*args, **kwargs)


def _call_through(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    return wrapped(*args, **kwargs)


class CallableWrapper:
    """A callable object made a wrapper by ``functools.update_wrapper``."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        functools.update_wrapper(self, func)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.func(*args, **kwargs)


@sync_wraps
async def wrapped_coroutine(x: int = 0) -> int:
    return x


@passthrough
async def wrapt_coroutine(x: int = 0) -> int:
    return x


@sync_wraps
async def wrapped_async_generator() -> AsyncIterator[Item]:
    yield Item()


@passthrough
async def wrapt_async_generator() -> AsyncIterator[Item]:
    yield Item()


def flagged_function() -> Any:
    """Cython's (and pre-3.12 asyncio's) way to say "coroutine function"."""
    return coroutine_function()


flagged_function._is_coroutine = asyncio.coroutines._is_coroutine  # type: ignore[attr-defined]


def wrongly_flagged_function() -> Any:
    """Only the asyncio marker object counts, not any true value."""
    return coroutine_function()


wrongly_flagged_function._is_coroutine = True  # type: ignore[attr-defined]


class CythonStyleCoroutine:
    """A compiled coroutine function: ``_is_coroutine`` lives on its type."""

    _is_coroutine = asyncio.coroutines._is_coroutine

    def __call__(self) -> Any:
        return coroutine_function()


def _mark(func: Callable[..., Any]) -> Callable[..., Any]:
    """``inspect.markcoroutinefunction`` where it exists (3.12+)."""
    if sys.version_info >= (3, 12):
        return inspect.markcoroutinefunction(func)
    return func  # pragma: no cover - its tests are skipped before 3.12


@_mark
def marked_function() -> Any:
    return coroutine_function()


class MarkedCall:
    """Instances are coroutine functions by a marked ``__call__``."""

    @_mark
    def __call__(self) -> Any:
        return coroutine_function()


class MarkedMethods:
    @_mark
    def fetch(self) -> Any:
        return coroutine_function()


# -- functions that are not ``async def`` but return something async -----------------


def returns_awaitable() -> Awaitable[int]:
    return coroutine_function()


def returns_typing_awaitable() -> typing.Awaitable[int]:
    return coroutine_function()


def returns_bare_awaitable() -> Awaitable:  # type: ignore[type-arg]
    return coroutine_function()


def returns_coroutine() -> Coroutine[Any, Any, int]:
    return coroutine_function()


def returns_future() -> asyncio.Future[int]:
    return asyncio.get_running_loop().create_future()


def returns_task() -> asyncio.Task[int]:
    return asyncio.ensure_future(coroutine_function())


def returns_pending() -> Pending:
    return Pending()


def returns_request() -> RequestContext:
    return RequestContext()


def returns_string_awaitable() -> "Awaitable[int]":
    return coroutine_function()


def returns_late_awaitable() -> "LateAwaitable":
    """Names a class defined below: resolved when classified, not when defined."""
    return LateAwaitable()


class LateAwaitable:
    def __await__(self) -> typing.Generator[Any, None, None]:
        yield


def returns_async_iterator() -> AsyncIterator[Item]:
    return async_generator_function()


def returns_async_generator() -> AsyncGenerator[Item, None]:
    return async_generator_function()


def returns_async_iterable() -> AsyncIterable[Item]:
    return async_generator_function()


def returns_ticker() -> Ticker:
    return Ticker()


def returns_rows() -> Rows:
    return Rows()


def returns_string_async_iterator() -> "AsyncIterator[Item]":
    return async_generator_function()


def returns_async_cm() -> AbstractAsyncContextManager[Conn]:
    return connect()


def returns_typing_async_cm() -> typing.AsyncContextManager[Conn]:
    return connect()


def returns_string_async_cm() -> "AbstractAsyncContextManager[Conn]":
    return connect()


def returns_session() -> Session:
    return Session()


def returns_maybe_awaitable() -> int | Awaitable[int]:
    """redis-py's shared sync/async command style: the owner decides."""
    return 1


def returns_int() -> int:
    return 1


def returns_any() -> Any:
    """``typing.Any`` is a class from 3.11 on; it still says nothing to spec on."""
    return 1


def returns_none() -> None:
    pass


def returns_string_int() -> "int":
    return 1


def returns_response() -> Response:
    return Response()


def returns_iterator() -> Iterator[int]:
    return iter([])


def returns_sync_cm() -> typing.ContextManager[Conn]:
    return sync_connect()


def returns_sync_session() -> SyncSession:
    return SyncSession()


# -- methods -------------------------------------------------------------------------


class Service:
    """Every kind of method, sync and async."""

    async def fetch(self, x: int = 0) -> int:
        return x

    def close(self) -> None:
        pass

    @classmethod
    async def connect(cls) -> "Service":
        return cls()

    @classmethod
    def default(cls) -> "Service":
        return cls()

    @staticmethod
    async def ping() -> bool:
        return True

    @staticmethod
    def version() -> str:
        return "1"

    async def lines(self) -> AsyncIterator[Item]:
        yield Item()

    @staticmethod
    async def static_lines() -> AsyncIterator[Item]:
        yield Item()

    @classmethod
    async def class_lines(cls) -> AsyncIterator[Item]:
        yield Item()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Conn]:
        yield Conn()

    @classmethod
    @asynccontextmanager
    async def pool(cls) -> AsyncIterator[Conn]:
        yield Conn()

    fetch_first = functools.partialmethod(fetch, 1)

    @sync_wraps
    async def wrapped_fetch(self) -> int:
        return 1

    @passthrough
    async def wrapt_fetch(self) -> int:
        return 1

    def returns_awaitable(self) -> Awaitable[int]:
        return coroutine_function()

    @staticmethod
    def static_returns_awaitable() -> Awaitable[int]:
        return coroutine_function()

    @property
    async def reading(self) -> float:
        return 1.0

    @property
    @sync_wraps
    async def wrapped_reading(self) -> float:
        return 1.0

    @property
    def name(self) -> str:
        return "service"


service = Service()


class AsyncHandler:
    """Instances are awaited when called."""

    async def __call__(self) -> int:
        return 1


class AsyncGeneratorHandler:
    async def __call__(self) -> AsyncIterator[Item]:
        yield Item()


class WrappedCallHandler:
    @sync_wraps
    async def __call__(self) -> int:
        return 1


class StaticCallHandler:
    __call__ = staticmethod(coroutine_function)


class SyncHandler:
    def __call__(self) -> int:
        return 1


class AsyncCallableSession(Session):
    """Both an async callable and an async context manager."""

    async def __call__(self) -> int:
        return 1


# -- the matrix ----------------------------------------------------------------------


def _cases(*cases: tuple[str, object]) -> list[Any]:
    return [pytest.param(target, id=name) for name, target in cases]


class TestCoroutineFunctions:
    @pytest.mark.parametrize(
        "target",
        _cases(
            ("async def", coroutine_function),
            ("functools.wraps sync wrapper", wrapped_coroutine),
            ("two functools.wraps wrappers", sync_wraps(sync_wraps(coroutine_function))),
            ("update_wrapper callable object", CallableWrapper(coroutine_function)),
            ("wrapt.decorator", wrapt_coroutine),
            ("wrapt.FunctionWrapper", wrapt.FunctionWrapper(coroutine_function, _call_through)),
            ("wrapt.CallableObjectProxy", wrapt.CallableObjectProxy(coroutine_function)),
            ("functools.partial", functools.partial(coroutine_function, 1)),
            ("partial of a partial", functools.partial(functools.partial(coroutine_function), 1)),
            ("partial of a wraps wrapper", functools.partial(wrapped_coroutine, 1)),
            ("wraps wrapper of a partial", sync_wraps(functools.partial(coroutine_function, 1))),
            ("_is_coroutine marker", flagged_function),
            ("_is_coroutine marker behind wraps", sync_wraps(flagged_function)),
            ("_is_coroutine marker behind partial", functools.partial(flagged_function)),
            ("_is_coroutine marker on the type", CythonStyleCoroutine()),
            ("unbound method", Service.fetch),
            ("bound method", service.fetch),
            ("classmethod", Service.connect),
            ("classmethod raw descriptor", Service.__dict__["connect"]),
            ("staticmethod", Service.ping),
            ("staticmethod raw descriptor", Service.__dict__["ping"]),
            ("partialmethod raw descriptor", Service.__dict__["fetch_first"]),
            ("partialmethod read through the class", Service.fetch_first),
            ("partialmethod bound", service.fetch_first),
            ("wraps-wrapped method", Service.wrapped_fetch),
            ("wraps-wrapped bound method", service.wrapped_fetch),
            ("wrapt-wrapped method raw", Service.__dict__["wrapt_fetch"]),
            ("wrapt-wrapped bound method", service.wrapt_fetch),
            ("object with async __call__", AsyncHandler()),
            ("object with wrapped async __call__", WrappedCallHandler()),
            ("object with staticmethod async __call__", StaticCallHandler()),
            ("bound async __call__", AsyncHandler().__call__),
        ),
    )
    def test_is_a_coroutine_function(self, target: object) -> None:
        assert shape_of(target) == COROUTINE

    @pytest.mark.skipif(sys.version_info < (3, 12), reason="markcoroutinefunction is 3.12+")
    @pytest.mark.parametrize(
        "target",
        _cases(
            ("marked function", marked_function),
            ("marked function behind wraps", sync_wraps(marked_function)),
            ("marked function behind partial", functools.partial(marked_function)),
            ("object with marked __call__", MarkedCall()),
            ("marked method", MarkedMethods.fetch),
            ("marked bound method", MarkedMethods().fetch),
        ),
    )
    def test_markcoroutinefunction_makes_a_coroutine_function(self, target: object) -> None:
        assert shape_of(target) == COROUTINE

    @pytest.mark.parametrize(
        "target",
        _cases(
            ("Awaitable[int]", returns_awaitable),
            ("typing.Awaitable[int]", returns_typing_awaitable),
            ("bare Awaitable", returns_bare_awaitable),
            ("Coroutine[Any, Any, int]", returns_coroutine),
            ("asyncio.Future[int]", returns_future),
            ("asyncio.Task[int]", returns_task),
            ("a class with __await__", returns_pending),
            ("string annotation", returns_string_awaitable),
            ("string naming a class defined later", returns_late_awaitable),
            ("from __future__ import annotations module", patch_targets.returns_awaitable),
            ("behind functools.wraps", sync_wraps(returns_awaitable)),
            ("behind partial", functools.partial(returns_awaitable)),
            ("method", Service.returns_awaitable),
            ("bound method", service.returns_awaitable),
            ("staticmethod raw descriptor", Service.__dict__["static_returns_awaitable"]),
        ),
    )
    def test_annotated_awaitable_result_makes_a_coroutine_function(self, target: object) -> None:
        assert shape_of(target) == COROUTINE

    def test_awaitable_async_context_manager_result_is_both(self) -> None:
        expected = Shape(calls=Proto.AWAITABLE | Proto.ASYNC_CONTEXT)
        assert shape_of(returns_request) == expected
        assert shape_of(patch_targets.Client.request) == expected


class TestAsyncIterators:
    @pytest.mark.parametrize(
        "target",
        _cases(
            ("async generator function", async_generator_function),
            ("behind functools.wraps", wrapped_async_generator),
            ("behind wrapt.decorator", wrapt_async_generator),
            ("behind partial", functools.partial(async_generator_function, 2)),
            ("method", Service.lines),
            ("bound method", service.lines),
            ("staticmethod raw descriptor", Service.__dict__["static_lines"]),
            ("classmethod raw descriptor", Service.__dict__["class_lines"]),
            ("classmethod", Service.class_lines),
            ("object with async generator __call__", AsyncGeneratorHandler()),
        ),
    )
    def test_is_an_async_generator_function(self, target: object) -> None:
        assert shape_of(target) == ASYNC_GENERATOR

    @pytest.mark.parametrize(
        "target",
        _cases(
            ("AsyncIterator[Item]", returns_async_iterator),
            ("AsyncGenerator[Item, None]", returns_async_generator),
            ("AsyncIterable[Item]", returns_async_iterable),
            ("a class with __aiter__ and __anext__", returns_ticker),
            ("string annotation", returns_string_async_iterator),
            ("behind functools.wraps", sync_wraps(returns_async_iterator)),
        ),
    )
    def test_annotated_async_iterator_result_is_not_a_generator(self, target: object) -> None:
        assert shape_of(target) == RETURNS_ASYNC_ITERATOR

    def test_an_iterator_with_methods_of_its_own_is_a_plain_result(self) -> None:
        # Its mock is an instance of the class (rows.all() is awaited), not a generator.
        assert not shape_of(returns_rows).is_async_iterator_function
        assert not shape_of(returns_rows).is_coroutine_function


class TestAsyncContextManagers:
    @pytest.mark.parametrize(
        "target",
        _cases(
            ("@asynccontextmanager function", connect),
            ("from __future__ import annotations module", patch_targets.session_factory),
            ("behind functools.wraps", sync_wraps(connect)),
            ("behind partial", functools.partial(connect)),
            ("@asynccontextmanager method", Service.transaction),
            ("@asynccontextmanager bound method", service.transaction),
            ("@asynccontextmanager classmethod raw descriptor", Service.__dict__["pool"]),
            ("@asynccontextmanager classmethod", Service.pool),
            ("AbstractAsyncContextManager[Conn]", returns_async_cm),
            ("typing.AsyncContextManager[Conn]", returns_typing_async_cm),
            ("string annotation", returns_string_async_cm),
            ("a class with __aenter__ and __aexit__", returns_session),
        ),
    )
    def test_returns_an_async_context_manager(self, target: object) -> None:
        assert shape_of(target) == RETURNS_ASYNC_CM


class TestClassesAndInstances:
    @pytest.mark.parametrize(
        ("cls", "expected"),
        [
            pytest.param(Session, Shape(calls=None, protocols=Proto.ASYNC_CONTEXT), id="acm"),
            pytest.param(SubSession, Shape(calls=None, protocols=Proto.ASYNC_CONTEXT), id="sub"),
            pytest.param(NotASession, NOT_CALLABLE, id="__aenter__ = None"),
            pytest.param(HalfSession, NOT_CALLABLE, id="__aenter__ only"),
            pytest.param(SyncSession, NOT_CALLABLE, id="sync context manager"),
            pytest.param(
                Ticker,
                Shape(calls=None, protocols=Proto.ASYNC_ITERABLE | Proto.ASYNC_ITERATOR),
                id="async iterator",
            ),
            pytest.param(Feed, Shape(calls=None, protocols=Proto.ASYNC_ITERABLE), id="iterable"),
            pytest.param(Pending, Shape(calls=None, protocols=Proto.AWAITABLE), id="awaitable"),
            pytest.param(
                RequestContext,
                Shape(calls=None, protocols=Proto.AWAITABLE | Proto.ASYNC_CONTEXT),
                id="awaitable acm",
            ),
            pytest.param(AsyncHandler, COROUTINE, id="async __call__"),
            pytest.param(WrappedCallHandler, COROUTINE, id="wrapped async __call__"),
            pytest.param(AsyncGeneratorHandler, RETURNS_ASYNC_ITERATOR, id="async gen __call__"),
            pytest.param(SyncHandler, SYNC, id="sync __call__"),
            pytest.param(
                AsyncCallableSession,
                Shape(calls=Proto.AWAITABLE, protocols=Proto.ASYNC_CONTEXT),
                id="async __call__ and acm",
            ),
            pytest.param(Response, NOT_CALLABLE, id="plain class"),
        ],
    )
    def test_instance_shape_comes_from_the_class(self, cls: type, expected: Shape) -> None:
        assert instance_shape(cls) == expected

    @pytest.mark.parametrize(
        ("obj", "expected"),
        [
            pytest.param(Session(), Shape(calls=None, protocols=Proto.ASYNC_CONTEXT), id="acm"),
            pytest.param(NotASession(), NOT_CALLABLE, id="__aenter__ = None"),
            pytest.param(
                Ticker(),
                Shape(calls=None, protocols=Proto.ASYNC_ITERABLE | Proto.ASYNC_ITERATOR),
                id="async iterator",
            ),
            pytest.param(Feed(), Shape(calls=None, protocols=Proto.ASYNC_ITERABLE), id="iterable"),
            pytest.param(Pending(), Shape(calls=None, protocols=Proto.AWAITABLE), id="awaitable"),
            pytest.param(
                AsyncCallableSession(),
                Shape(calls=Proto.AWAITABLE, protocols=Proto.ASYNC_CONTEXT),
                id="async __call__ and acm",
            ),
            pytest.param(SyncSession(), NOT_CALLABLE, id="sync context manager"),
            pytest.param(Response(), NOT_CALLABLE, id="plain instance"),
            pytest.param(42, NOT_CALLABLE, id="int"),
            # wrapt's proxies define __aenter__/__aexit__ whatever they wrap.
            pytest.param(
                wrapt.ObjectProxy(Session()),
                Shape(calls=None, protocols=Proto.ASYNC_CONTEXT),
                id="wrapt proxy of an acm",
            ),
            pytest.param(
                wrapt.ObjectProxy(Ticker()),
                Shape(calls=None, protocols=Proto.ASYNC_ITERABLE | Proto.ASYNC_ITERATOR),
                id="wrapt proxy of an async iterator",
            ),
            pytest.param(wrapt.ObjectProxy(Response()), NOT_CALLABLE, id="wrapt proxy"),
            pytest.param(
                ProxyAddingAwait(Response()),
                Shape(calls=None, protocols=Proto.AWAITABLE),
                id="wrapt proxy subclass with __await__",
            ),
        ],
    )
    def test_instance_supports_its_class_protocols(self, obj: object, expected: Shape) -> None:
        assert shape_of(obj) == expected

    @pytest.mark.parametrize(
        "cls", [Session, Ticker, Pending, AsyncHandler, AsyncCallableSession, Service]
    )
    def test_calling_a_class_constructs_synchronously(self, cls: type) -> None:
        assert shape_of(cls) == SYNC


class TestAttributes:
    @pytest.mark.parametrize("owner", [Service, service], ids=["class", "instance"])
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            pytest.param("fetch", COROUTINE, id="fetch"),
            pytest.param("connect", COROUTINE, id="connect"),
            pytest.param("ping", COROUTINE, id="ping"),
            pytest.param("fetch_first", COROUTINE, id="fetch_first"),
            pytest.param("wrapped_fetch", COROUTINE, id="wrapped_fetch"),
            pytest.param("wrapt_fetch", COROUTINE, id="wrapt_fetch"),
            pytest.param("returns_awaitable", COROUTINE, id="returns_awaitable"),
            pytest.param("lines", ASYNC_GENERATOR, id="lines"),
            pytest.param("static_lines", ASYNC_GENERATOR, id="static_lines"),
            pytest.param("transaction", RETURNS_ASYNC_CM, id="transaction"),
            pytest.param("pool", RETURNS_ASYNC_CM, id="pool"),
            pytest.param("reading", ASYNC_PROPERTY, id="reading"),
            pytest.param("wrapped_reading", ASYNC_PROPERTY, id="wrapped_reading"),
            pytest.param("close", SYNC, id="close"),
            pytest.param("default", SYNC, id="default"),
            pytest.param("version", SYNC, id="version"),
        ],
    )
    def test_attribute_shape_judges_what_the_attribute_wraps(
        self, owner: object, name: str, expected: Shape
    ) -> None:
        assert attribute_shape(owner, name) == expected

    @pytest.mark.parametrize("owner", [Service, service], ids=["class", "instance"])
    def test_sync_property_is_not_async(self, owner: object) -> None:
        shape = attribute_shape(owner, "name")
        assert shape is not None
        assert not shape.is_async

    @pytest.mark.parametrize("owner", [Service, service], ids=["class", "instance"])
    def test_missing_attribute_has_no_shape(self, owner: object) -> None:
        assert attribute_shape(owner, "missing") is None

    def test_async_property_read_from_the_class_dict(self) -> None:
        assert shape_of(Service.__dict__["reading"]) == ASYNC_PROPERTY


class TestSync:
    @pytest.mark.parametrize(
        "target",
        _cases(
            ("def", sync_function),
            ("lambda", lambda: None),
            ("builtin function", len),
            ("method descriptor", str.upper),
            ("builtin method", "text".upper),
            ("functools.wraps wrapper", sync_wraps(sync_function)),
            ("wrapt.decorator", passthrough(sync_function)),
            ("functools.partial", functools.partial(sync_function, 1)),
            ("sync generator function", sync_generator_function),
            ("@contextmanager function", sync_connect),
            ("method", Service.close),
            ("bound method", service.close),
            ("classmethod raw descriptor", Service.__dict__["default"]),
            ("staticmethod raw descriptor", Service.__dict__["version"]),
            ("object with sync __call__", SyncHandler()),
            ("-> int", returns_int),
            ("-> None", returns_none),
            ("-> 'int'", returns_string_int),
            ("-> a plain class", returns_response),
            ("-> Iterator[int]", returns_iterator),
            ("-> typing.ContextManager", returns_sync_cm),
            ("-> a sync context manager class", returns_sync_session),
            ("-> int | Awaitable[int]", returns_maybe_awaitable),
            ("wrong _is_coroutine value", wrongly_flagged_function),
        ),
    )
    def test_is_sync(self, target: object) -> None:
        assert shape_of(target) == SYNC


class RedisLikeAsync:
    """Shares command code with a sync client; has ``async def`` methods of its own."""

    get = returns_maybe_awaitable

    async def close(self) -> None:
        pass


class RedisLikeSync:
    get = returns_maybe_awaitable

    def close(self) -> None:
        pass


def _passes_through(func: Callable[..., Any]) -> Callable[..., Any]:
    """A decorator whose wrapper names none of the class's methods."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _record(channel: str) -> None:
    """A module-level helper, as redis-py's ``record_pubsub_message``."""


class Commands:
    """Command code shared by a client and its pipeline, as redis-py's."""

    def incr(self, name: str) -> int | Awaitable[int]:
        return self.execute_command("INCRBY", name)  # type: ignore[attr-defined, no-any-return]

    @_passes_through
    def decorated_incr(self, name: str) -> int | Awaitable[int]:
        return self.execute_command("INCRBY", name)  # type: ignore[attr-defined, no-any-return]

    def publish(self, channel: str) -> int | Awaitable[int]:
        response = self.execute_command("PUBLISH", channel)  # type: ignore[attr-defined]
        _record(channel)
        return response  # type: ignore[no-any-return]

    def incr_many(self, *names: str) -> int | Awaitable[int]:
        # 3.12 inlines the comprehension (PEP 709): ``encode`` joins the
        # function's co_names, after ``execute_command``.
        return self.execute_command(  # type: ignore[attr-defined, no-any-return]
            "INCRBY", *[self.encode(name) for name in names]
        )


def _defined_outside(self: Any, name: str) -> int | Awaitable[int]:
    return self.execute_command("GET", name)  # type: ignore[no-any-return]


class CommandForms:
    """Ways command code hands its work on, and ways it does not (read on a pipeline)."""

    lock = contextlib.nullcontext()
    watching = False

    # Found: the delegate is the method its default path returns a call of.
    defined_outside = _defined_outside

    def in_with(self, name: str) -> int | Awaitable[int]:
        with self.lock:
            return self.execute_command("GET", name)  # type: ignore[attr-defined, no-any-return]

    def in_try(self, name: str) -> int | Awaitable[int]:
        try:
            return self.execute_command("GET", name)  # type: ignore[attr-defined, no-any-return]
        except KeyError:
            raise

    def in_try_else(self, name: str) -> int | Awaitable[int]:
        try:
            key = name.encode()
        except UnicodeError:
            raise
        else:
            return self.execute_command("GET", key)  # type: ignore[attr-defined, no-any-return]

    def in_else(self, name: str) -> int | Awaitable[int]:
        if self.watching:
            raise RuntimeError("watching")
        else:
            return self.execute_command("GET", name)  # type: ignore[attr-defined, no-any-return]

    def through_an_annotated_variable(self, name: str) -> int | Awaitable[int]:
        response: Any = self.execute_command("GET", name)  # type: ignore[attr-defined]
        return response  # type: ignore[no-any-return]

    def through_a_variable_then_others(self, name: str) -> int | Awaitable[int]:
        response = self.execute_command("GET", name)  # type: ignore[attr-defined]
        other = name
        count: int = len(other)
        del count
        return response  # type: ignore[no-any-return]

    # Not found: the class's async API decides.
    def if_without_else(self, name: str) -> int | Awaitable[int]:
        if self.watching:
            return self.execute_command("GET", name)  # type: ignore[attr-defined, no-any-return]

    def raises_last(self, name: str) -> int | Awaitable[int]:
        raise NotImplementedError(name)

    def through_a_chained_assignment(self, name: str) -> int | Awaitable[int]:
        response = kept = self.execute_command("GET", name)  # type: ignore[attr-defined]
        del kept
        return response  # type: ignore[no-any-return]

    def through_an_unassigned_name(self, name: str) -> int | Awaitable[int]:
        return _RESPONSE  # type: ignore[no-any-return]

    def calls_itself(self, name: str) -> int | Awaitable[int]:
        return self.calls_itself(name)  # type: ignore[no-any-return]

    def calls_a_plain_attribute(self, name: str) -> int | Awaitable[int]:
        return self.watching(name)  # type: ignore[no-any-return, operator]

    def calls_an_async_generator(self, name: str) -> int | Awaitable[int]:
        return self.scan(name)  # type: ignore[attr-defined, no-any-return]

    def calls_another_object(self, name: str) -> int | Awaitable[int]:
        return self.lock.execute_command("GET", name)  # type: ignore[attr-defined, no-any-return]


_RESPONSE: Any = None


class DelegatingClient(Commands):
    async def execute_command(self, *args: Any) -> Any:
        return None

    def encode(self, name: str) -> bytes:
        return name.encode()


class QueueingPipeline(DelegatingClient):
    """Queues commands; only ``execute`` is awaited, and the default path queues."""

    watching = False

    def execute_command(self, *args: Any) -> Any:  # type: ignore[override]
        if self.watching:
            return self.immediate_execute_command(*args)
        return self.queue_command(*args)

    async def immediate_execute_command(self, *args: Any) -> Any:
        return None

    def queue_command(self, *args: Any) -> "QueueingPipeline":
        return self

    async def execute(self) -> list[Any]:
        return []

    async def scan(self, *args: Any) -> AsyncIterator[Any]:
        yield None

    def step_one(self) -> Any:
        return self.step_two()

    def step_two(self) -> Any:
        return self.step_three()

    def step_three(self) -> Any:
        return self.step_four()

    def step_four(self) -> Any:
        return self.execute()


class DeepCommands:
    def deep(self) -> int | Awaitable[int]:
        return self.step_one()  # type: ignore[attr-defined, no-any-return]


class TestDescribe:
    @pytest.mark.parametrize(
        ("shape", "words"),
        [
            (ASYNC_PROPERTY, "an async property"),
            (NOT_CALLABLE, "not callable"),
            (ASYNC_GENERATOR, "an async generator function"),
            (RETURNS_ASYNC_CM, "a function returning an async context manager"),
            (RETURNS_ASYNC_ITERATOR, "a function returning an async iterator"),
            (COROUTINE, "a coroutine function"),
            (SYNC, "a sync callable"),
        ],
    )
    def test_each_shape_has_words_for_messages(self, shape: Shape, words: str) -> None:
        assert shape.describe() == words

    @pytest.mark.parametrize(
        ("spec", "words"),
        [
            (coroutine_function, "a coroutine function"),
            (Response(), "not callable"),
        ],
    )
    def test_yields_on_a_mock_of_another_shape_names_its_shape(
        self, spec: object, words: str
    ) -> None:
        mock = amock.MagicMock(spec=spec)
        with pytest.raises(amock.errors.NotAnAsyncGeneratorMockError, match=f"imitates {words}"):
            mock.yields = [1]


class TestCaches:
    def test_a_class_that_is_gone_leaves_the_async_api_cache(self) -> None:
        class Temporary:
            async def fetch(self) -> None:
                pass

        key = id(Temporary)
        assert has_coroutine_methods(Temporary)
        assert key in _shapes._ASYNC_CLASSES
        del Temporary
        gc.collect()
        assert key not in _shapes._ASYNC_CLASSES

    def test_a_wrapper_cycle_ends_the_layers(self) -> None:
        def first() -> None:
            pass

        def second() -> None:
            pass

        first.__wrapped__ = second  # type: ignore[attr-defined]
        second.__wrapped__ = first  # type: ignore[attr-defined]
        assert list(layers(first)) == [first, second]
        assert shape_of(first) == SYNC

    def test_a_very_long_wrapper_chain_is_read_to_a_limit(self) -> None:
        # A chain that never ends (a C attribute that makes a new object on
        # every read) must not hang amock: it stops after _MAX_DEPTH layers.
        outer: Any = coroutine_function
        for _ in range(_static._MAX_DEPTH + 10):
            outer = types.SimpleNamespace(__wrapped__=outer)
        read = list(layers(outer))
        assert len(read) == _static._MAX_DEPTH
        assert coroutine_function not in read


class TestMaybeAsync:
    def test_union_with_awaitable_is_maybe_async(self) -> None:
        assert maybe_async(returns_maybe_awaitable)
        assert maybe_async(sync_wraps(returns_maybe_awaitable))

    @pytest.mark.parametrize("target", [returns_awaitable, returns_int, coroutine_function])
    def test_other_annotations_are_not_maybe_async(self, target: object) -> None:
        assert not maybe_async(target)

    @pytest.mark.parametrize(
        ("owner", "expected"),
        [
            (RedisLikeAsync, COROUTINE),
            (RedisLikeAsync(), COROUTINE),
            (RedisLikeSync, SYNC),
            (RedisLikeSync(), SYNC),
        ],
    )
    def test_owner_with_an_async_api_decides_maybe_async(
        self, owner: object, expected: Shape
    ) -> None:
        assert member_shape(owner, returns_maybe_awaitable) == expected

    @pytest.mark.parametrize(
        ("owner", "expected"),
        [
            (DelegatingClient, COROUTINE),
            (DelegatingClient(), COROUTINE),
            (QueueingPipeline, SYNC),
            (QueueingPipeline(), SYNC),
        ],
    )
    def test_the_method_it_delegates_to_decides_maybe_async(
        self, owner: object, expected: Shape
    ) -> None:
        # Both classes have async methods; only what ``incr`` hands its work
        # to tells a client's coroutine from a pipeline's queued command.
        assert member_shape(owner, Commands.__dict__["incr"]) == expected
        assert member_shape(owner, Commands.__dict__["decorated_incr"]) == expected
        assert member_shape(owner, Commands.__dict__["publish"]) == expected

    @pytest.mark.parametrize(
        "name",
        [
            "in_with",
            "in_try",
            "in_try_else",
            "in_else",
            "through_an_annotated_variable",
            "through_a_variable_then_others",
            "defined_outside",
        ],
    )
    def test_the_delegate_is_found_through_blocks_and_variables(self, name: str) -> None:
        # The pipeline has async methods: only the sync delegate makes it sync.
        method = CommandForms.__dict__[name]
        assert member_shape(QueueingPipeline, method) == SYNC
        assert member_shape(DelegatingClient, method) == COROUTINE

    @pytest.mark.parametrize(
        "name",
        [
            "if_without_else",
            "raises_last",
            "through_a_chained_assignment",
            "through_an_unassigned_name",
            "calls_itself",
            "calls_a_plain_attribute",
            "calls_an_async_generator",
            "calls_another_object",
        ],
    )
    def test_without_a_delegate_the_async_api_decides(self, name: str) -> None:
        method = CommandForms.__dict__[name]
        assert member_shape(QueueingPipeline, method) == COROUTINE
        assert member_shape(DelegatingClient, method) == COROUTINE

    def test_sync_helpers_are_followed_to_a_limit(self) -> None:
        # step_four returns a coroutine, four sync calls away: the chain is sync.
        assert member_shape(QueueingPipeline, DeepCommands.__dict__["deep"]) == SYNC

    @pytest.mark.parametrize(
        ("owner", "expected"), [(DelegatingClient, COROUTINE), (QueueingPipeline, SYNC)]
    )
    def test_a_helper_called_in_the_arguments_is_no_delegate(
        self, owner: type, expected: Shape
    ) -> None:
        assert member_shape(owner, Commands.__dict__["incr_many"]) == expected


# -- inspection never runs user code --------------------------------------------------

RAN: list[str] = []


@pytest.fixture
def ran() -> Iterator[list[str]]:
    """What user code ran during the test (it must stay empty)."""
    RAN.clear()
    yield RAN
    RAN.clear()


class GetattrHandler:
    """``__getattr__`` would say it wraps a coroutine function and is marked one."""

    def __call__(self) -> int:
        return 1

    def __getattr__(self, name: str) -> Any:
        RAN.append(f"__getattr__({name})")
        if name == "_is_coroutine":
            return asyncio.coroutines._is_coroutine
        return coroutine_function


class GetattributeHandler:
    def __call__(self) -> int:
        return 1

    def __getattribute__(self, name: str) -> Any:
        RAN.append(f"__getattribute__({name})")
        return object.__getattribute__(self, name)


class LazyProxy:
    """A lazy object whose ``__class__`` is a property, as Django's ``LazyObject``."""

    def __call__(self) -> int:
        return 1

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        RAN.append("__class__")
        return AsyncHandler


class WrappedProperty:
    @property
    def __wrapped__(self) -> Any:
        RAN.append("__wrapped__")
        return coroutine_function

    def __call__(self) -> int:
        return 1


class BrokenAnnotations:
    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        RAN.append("__annotations__")
        raise RuntimeError("broken __annotations__")

    def __call__(self) -> int:
        return 1


class BrokenSignature:
    @property
    def __signature__(self) -> inspect.Signature:
        RAN.append("__signature__")
        raise RuntimeError("broken __signature__")

    async def __call__(self) -> int:
        return 1


class PropertyCall:
    """``__call__`` itself is a property: calling would run it, classifying must not."""

    @property
    def __call__(self) -> Any:
        RAN.append("__call__")
        return coroutine_function


class Recording:
    """A user descriptor whose ``__get__`` records and gives a coroutine function."""

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        RAN.append("__get__")
        return coroutine_function


class Described:
    attr = Recording()
    __wrapped__ = Recording()

    def __call__(self) -> int:
        return 1


class RecordingProperties:
    @property
    def value(self) -> Any:
        RAN.append("value")
        return coroutine_function

    @property
    async def reading(self) -> float:
        RAN.append("reading")
        return 1.0


class LazyMeta(type):
    def __getattr__(cls, name: str) -> Any:
        RAN.append(f"LazyMeta.__getattr__({name})")
        return coroutine_function


class LazyClass(metaclass=LazyMeta):
    def __call__(self) -> int:
        return 1


def _recording_module() -> types.ModuleType:
    module = types.ModuleType("lazy_module")

    def __getattr__(name: str) -> Any:
        RAN.append(f"module.__getattr__({name})")
        return coroutine_function

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module


lazy_module = _recording_module()


class TestNeverRunsUserCode:
    @pytest.mark.parametrize(
        ("classify", "expected"),
        [
            pytest.param(lambda: shape_of(GetattrHandler()), SYNC, id="__getattr__"),
            pytest.param(
                lambda: attribute_shape(GetattrHandler(), "fetch"), None, id="__getattr__ attr"
            ),
            pytest.param(
                lambda: shape_of(functools.partial(GetattrHandler())),
                SYNC,
                id="__getattr__ behind partial",
            ),
            pytest.param(lambda: shape_of(GetattributeHandler()), SYNC, id="__getattribute__"),
            pytest.param(lambda: shape_of(LazyProxy()), SYNC, id="__class__ property"),
            pytest.param(lambda: shape_of(WrappedProperty()), SYNC, id="__wrapped__ property"),
            pytest.param(
                lambda: shape_of(BrokenAnnotations()), SYNC, id="__annotations__ property"
            ),
            pytest.param(
                lambda: shape_of(BrokenSignature()), COROUTINE, id="__signature__ property"
            ),
            pytest.param(
                lambda: attribute_shape(RecordingProperties(), "value"),
                SYNC,
                id="property getter",
            ),
            pytest.param(
                lambda: attribute_shape(RecordingProperties, "reading"),
                ASYNC_PROPERTY,
                id="async property getter on the class",
            ),
            pytest.param(
                lambda: attribute_shape(RecordingProperties(), "reading"),
                ASYNC_PROPERTY,
                id="async property getter on an instance",
            ),
            pytest.param(lambda: shape_of(LazyClass), SYNC, id="metaclass __getattr__"),
            pytest.param(
                lambda: instance_shape(LazyClass), SYNC, id="metaclass __getattr__ instance"
            ),
            pytest.param(
                lambda: attribute_shape(LazyClass, "missing"),
                None,
                id="metaclass __getattr__ attribute",
            ),
            pytest.param(
                lambda: shape_of(functools.partial(LazyClass)),
                SYNC,
                id="metaclass __getattr__ behind partial",
            ),
            pytest.param(
                lambda: attribute_shape(lazy_module, "client"), None, id="module __getattr__"
            ),
        ],
    )
    def test_classifying_runs_no_user_code(
        self, classify: Callable[[], Shape | None], expected: Shape | None, ran: list[str]
    ) -> None:
        assert classify() == expected
        assert ran == []

    @pytest.mark.parametrize(
        "classify",
        [
            pytest.param(lambda: attribute_shape(Described, "attr"), id="descriptor on class"),
            pytest.param(lambda: attribute_shape(Described(), "attr"), id="on instance"),
            pytest.param(lambda: shape_of(Described()), id="descriptor as __wrapped__"),
            pytest.param(lambda: shape_of(PropertyCall()), id="property as __call__"),
            pytest.param(lambda: instance_shape(PropertyCall), id="property as class __call__"),
        ],
    )
    def test_user_descriptors_are_not_called(
        self, classify: Callable[[], Shape | None], ran: list[str]
    ) -> None:
        # What the descriptor would give is unknowable statically; that it
        # was not asked is the point.
        classify()
        assert ran == []

    @pytest.mark.parametrize(
        "obj",
        [
            pytest.param(GetattrHandler(), id="__getattr__"),
            pytest.param(LazyProxy(), id="__class__ property"),
            pytest.param(Described(), id="descriptors"),
        ],
    )
    def test_result_spec_runs_no_user_code(self, obj: object, ran: list[str]) -> None:
        assert result_spec(obj) is None
        assert ran == []


# -- annotations that do not resolve ---------------------------------------------------


def returns_missing_name() -> "Awaitable[Missing]":  # type: ignore[name-defined]  # noqa: F821
    return coroutine_function()


def returns_bad_syntax() -> "Awaitable[":  # noqa: F722
    return coroutine_function()


def returns_raising_expression() -> "1 / 0":  # type: ignore[valid-type]
    return coroutine_function()


async def async_returns_missing_name() -> "Missing":  # type: ignore[name-defined]  # noqa: F821
    return 1


class MissingAnnotationCall:
    """An ``__annotations__`` naming nothing, on a coroutine-function object."""

    def __init__(self) -> None:
        self.__annotations__ = {"return": "Missing"}

    async def __call__(self) -> int:
        return 1


class TestUnresolvableAnnotations:
    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            pytest.param(returns_missing_name, SYNC, id="NameError"),
            pytest.param(returns_bad_syntax, SYNC, id="SyntaxError"),
            pytest.param(returns_raising_expression, SYNC, id="ZeroDivisionError"),
            pytest.param(async_returns_missing_name, COROUTINE, id="async def"),
            pytest.param(MissingAnnotationCall(), COROUTINE, id="object with async __call__"),
            pytest.param(
                sync_wraps(patch_targets.Client.request),
                Shape(calls=Proto.AWAITABLE | Proto.ASYNC_CONTEXT),
                id="wrapper's module lacks the name; the wrapped function's has it",
            ),
        ],
    )
    def test_falls_back_to_the_next_rule(self, target: object, expected: Shape) -> None:
        assert shape_of(target) == expected

    @pytest.mark.parametrize(
        "target", [returns_missing_name, returns_bad_syntax, async_returns_missing_name]
    )
    def test_gives_no_result_spec(self, target: object) -> None:
        assert result_spec(target) is None


# -- result_spec ---------------------------------------------------------------------

T = TypeVar("T")


class Manager(Generic[T]):
    """A generic class whose methods return its type argument."""

    def get(self) -> T:
        raise NotImplementedError

    def get_later(self) -> Awaitable[T]:
        raise NotImplementedError

    async def fetch(self) -> T:
        raise NotImplementedError

    def stream(self) -> AsyncIterator[T]:
        raise NotImplementedError


class Builder:
    def copy(self) -> "Self":  # type: ignore[name-defined]  # noqa: F821
        return self

    async def acopy(self) -> "Self":  # type: ignore[name-defined]  # noqa: F821
        return self


class SubBuilder(Builder):
    pass


class Node:
    def next(self) -> "Node":
        return self

    async def parent(self) -> "Node":
        return self


def returns_string_response() -> "Response":
    return Response()


async def fetch_response() -> Response:
    return Response()


async def fetch_late() -> "LateResponse":
    return LateResponse()


class LateResponse:
    pass


def returns_awaitable_response() -> Awaitable[Response]:
    return fetch_response()


def returns_string_awaitable_response() -> "Awaitable[Response]":
    return fetch_response()


def returns_coroutine_response() -> Coroutine[Any, Any, Response]:
    return fetch_response()


def returns_future_response() -> asyncio.Future[Response]:
    return asyncio.ensure_future(fetch_response())


async def stream_items() -> AsyncIterator[Item]:
    yield Item()


def returns_item_iterator() -> AsyncIterator[Item]:
    return stream_items()


def returns_conn_cm() -> AbstractAsyncContextManager[Conn]:
    return connect()


def returns_typing_conn_cm() -> typing.AsyncContextManager[Conn]:
    return connect()


def returns_manager() -> Manager[Response]:
    return Manager()


def returns_dict() -> dict[str, int]:
    return {}


def returns_list() -> list:  # type: ignore[type-arg]
    return []


def returns_optional() -> Optional[Response]:  # noqa: UP045
    return None


def returns_union() -> Union[Response, Item]:  # noqa: UP007
    return Response()


def returns_pipe_union() -> Response | None:
    return None


def returns_unannotated():  # type: ignore[no-untyped-def]
    return Response()


class TestAnnotationTextIsCompiledOnce:
    @pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is 3.12+")
    def test_resolving_an_annotation_again_runs_the_same_code_object(self) -> None:
        # Tools built on sys.monitoring (coverage on 3.12+) keep data per code
        # object: a new one per resolve made a patch in a loop grow memory.
        from amock import _annotations

        def answers() -> "Response":
            raise NotImplementedError

        monitoring = sys.monitoring
        tool = monitoring.DEBUGGER_ID
        seen: list[Any] = []  # the code objects themselves, so no id is reused

        def started(code: Any, offset: int) -> None:
            if code.co_filename in ("<annotation>", "<string>"):
                seen.append(code)

        monitoring.use_tool_id(tool, "amock-test")
        try:
            monitoring.register_callback(tool, monitoring.events.PY_START, started)
            monitoring.set_events(tool, monitoring.events.PY_START)
            kept = [_annotations.resolve_annotation("Response", answers) for _ in range(3)]
        finally:
            monitoring.set_events(tool, 0)
            monitoring.register_callback(tool, monitoring.events.PY_START, None)
            monitoring.free_tool_id(tool)
        assert kept == [Response] * 3
        assert len(seen) == 3
        assert len({id(code) for code in seen}) == 1


class TestResultSpec:
    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            pytest.param(returns_response, ResultSpec("value", Response, {}), id="-> Response"),
            pytest.param(
                returns_string_response, ResultSpec("value", Response, {}), id="-> 'Response'"
            ),
            pytest.param(
                fetch_response, ResultSpec("value", Response, {}), id="async def -> Response"
            ),
            pytest.param(
                fetch_late, ResultSpec("value", LateResponse, {}), id="-> 'a class defined later'"
            ),
            pytest.param(
                returns_awaitable_response,
                ResultSpec("value", Response, {}),
                id="-> Awaitable[Response]",
            ),
            pytest.param(
                returns_string_awaitable_response,
                ResultSpec("value", Response, {}),
                id="-> 'Awaitable[Response]'",
            ),
            pytest.param(
                returns_coroutine_response,
                ResultSpec("value", Response, {}),
                id="-> Coroutine[Any, Any, Response]",
            ),
            pytest.param(
                returns_future_response,
                ResultSpec("value", Response, {}),
                id="-> asyncio.Future[Response]",
            ),
            pytest.param(
                sync_wraps(returns_awaitable_response),
                ResultSpec("value", Response, {}),
                id="behind functools.wraps",
            ),
            pytest.param(
                stream_items, ResultSpec("items", Item, {}), id="async generator -> AsyncIterator"
            ),
            pytest.param(
                returns_item_iterator, ResultSpec("items", Item, {}), id="-> AsyncIterator[Item]"
            ),
            pytest.param(
                connect, ResultSpec("entered", Conn, {}), id="@asynccontextmanager function"
            ),
            pytest.param(
                service.transaction,
                ResultSpec("entered", Conn, {}),
                id="@asynccontextmanager method",
            ),
            pytest.param(
                returns_conn_cm,
                ResultSpec("entered", Conn, {}),
                id="-> AbstractAsyncContextManager[Conn]",
            ),
            pytest.param(
                returns_typing_conn_cm,
                ResultSpec("entered", Conn, {}),
                id="-> typing.AsyncContextManager[Conn]",
            ),
            pytest.param(
                returns_manager,
                ResultSpec("value", Manager, {T: Response}),
                id="-> Manager[Response]",
            ),
            pytest.param(Node.next, ResultSpec("value", Node, {}), id="recursive -> 'Node'"),
            pytest.param(
                Node().parent, ResultSpec("value", Node, {}), id="recursive async -> 'Node'"
            ),
            pytest.param(
                patch_targets.fetch_response,
                ResultSpec("value", patch_targets.Response, {}),
                id="from __future__ import annotations module",
            ),
            pytest.param(
                patch_targets.Client.connect,
                ResultSpec("value", patch_targets.Client, {}),
                id="future annotations classmethod",
            ),
            pytest.param(
                sync_wraps(patch_targets.Client.request),
                ResultSpec("value", patch_targets.Request, {}),
                id="wrapped future annotations: resolved where the wrapped function lives",
            ),
            pytest.param(
                sync_wraps(patch_targets.fetch_response),
                ResultSpec("value", patch_targets.Response, {}),
                id="wrapped future annotations: a same-named class in the wrapper's module",
            ),
        ],
    )
    def test_reads_the_class_from_the_annotation(
        self, target: object, expected: ResultSpec
    ) -> None:
        assert result_spec(target) == expected

    @pytest.mark.parametrize(
        "target",
        _cases(
            ("-> int", returns_int),
            ("-> Any", returns_any),
            ("-> dict[str, int]", returns_dict),
            ("-> list", returns_list),
            ("-> None", returns_none),
            ("-> Awaitable[int]", returns_awaitable),
            ("AsyncIterator[str] in a future annotations module", patch_targets.session_factory),
            ("-> Optional[Response]", returns_optional),
            ("-> Union[Response, Item]", returns_union),
            ("-> Response | None", returns_pipe_union),
            ("-> int | Awaitable[int]", returns_maybe_awaitable),
            ("unannotated", returns_unannotated),
            ("unbound TypeVar", Manager.get),
            ("not callable", Response()),
        ),
    )
    def test_gives_no_spec(self, target: object) -> None:
        assert result_spec(target) is None

    @pytest.mark.parametrize("owner", [Builder, SubBuilder])
    @pytest.mark.parametrize("method", ["copy", "acopy"])
    def test_self_means_the_owner(self, owner: type, method: str) -> None:
        assert result_spec(getattr(owner, method), owner=owner) == ResultSpec("value", owner, {})

    @pytest.mark.skipif(sys.version_info < (3, 11), reason="typing.Self is new in 3.11")
    def test_an_awaited_self_means_the_owner(self) -> None:
        def later(self: Any) -> Any:
            raise NotImplementedError

        later.__annotations__ = {"return": Awaitable[typing.Self]}  # type: ignore[misc]
        assert result_spec(later, owner=Builder) == ResultSpec("value", Builder, {})

    @pytest.mark.parametrize("metadata", ["meta", {}], ids=["hashable", "unhashable"])
    def test_annotated_means_its_first_argument(self, metadata: object) -> None:
        # typing.Annotated was a class before 3.13, and specced on.
        def get() -> Any:
            raise NotImplementedError

        get.__annotations__ = {"return": Awaitable[typing.Annotated[Response, metadata]]}
        assert result_spec(get) == ResultSpec("value", Response, {})

    def test_self_without_an_owner_gives_no_spec(self) -> None:
        assert result_spec(Builder.copy) is None

    @pytest.mark.parametrize(
        ("method", "kind"),
        [("get", "value"), ("get_later", "value"), ("fetch", "value"), ("stream", "items")],
    )
    def test_typevar_is_looked_up_in_the_class_arguments(self, method: str, kind: str) -> None:
        found = result_spec(getattr(Manager, method), owner=Manager, typevars={T: Response})
        assert found == ResultSpec(kind, Response, {})


# -- what ``async with`` binds -----------------------------------------------------------
#
# An unannotated ``__aenter__`` is judged by its source. The bytecode of
# ``return self`` differs by version (LOAD_FAST through 3.13, LOAD_FAST_BORROW
# from 3.14, gh-130704), which the classifier must not depend on.


class ReturnsSelf:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class OpensThenReturnsSelf:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        """Open first.

        A docstring line indented less than the method still parses.
        """
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class ReturnsSelfOrRaises:
    ready = True

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        if self.ready:
            return self
        else:
            raise RuntimeError("not ready")

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class ReturnsSelfThroughTry:
    async def __aenter__(this, /):  # type: ignore[no-untyped-def]
        try:
            await asyncio.sleep(0)
        except OSError:
            raise
        else:
            return this
        finally:
            pass

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class Outer:
    class ReturnsSelfNested:
        async def __aenter__(self):  # type: ignore[no-untyped-def]
            def unrelated():  # type: ignore[no-untyped-def]
                return None

            unrelated()
            return self

        async def __aexit__(self, *exc_info: object) -> None:
            pass


class ReturnsNothing:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0)

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class ReturnsAnAttribute:
    conn = Conn()

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        return self.conn

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class ReturnsSelfOnOnePath:
    ready = True

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        if self.ready:
            return self
        return None

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class MayFallThrough:
    ready = True

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        if self.ready:
            return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class RebindsSelf:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        self = Conn()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class OnlyANestedFunctionReturnsSelf:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        def inner():  # type: ignore[no-untyped-def]
            return self

        inner()

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class SuppressedRaise:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        with contextlib.suppress(RuntimeError):
            raise RuntimeError
        if False:
            return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class ReturnsSelfOnEveryCase:
    mode = "read"

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        match self.mode:
            case "read":
                return self
            case _:
                return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class RaisesInFinally:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        try:
            await asyncio.sleep(0)
        finally:
            raise RuntimeError("closed")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class NoCaseMatches:
    mode = "read"

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        match self.mode:
            case "read":
                return self
            case "write" if self.mode:
                return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class ImportRebindsSelf:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        import os as self

        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class MatchRebindsSelf:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        match {"a": 1}:
            case {"b": 2}:
                pass
            case {**self}:
                pass
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


def _without_source() -> type:
    namespace: dict[str, Any] = {}
    code = compile(
        "class NoSource:\n"
        "    async def __aenter__(self):\n"
        "        return self\n"
        "    async def __aexit__(self, *exc_info):\n"
        "        pass\n",
        "<amock test: no source file>",
        "exec",
    )
    exec(code, namespace)
    return namespace["NoSource"]  # type: ignore[no-any-return]


class _EnterBase:
    pass


_BOUND_TO_BASE = TypeVar("_BOUND_TO_BASE", bound=_EnterBase)


class TestEntersSelf:
    @pytest.mark.parametrize(
        "cls",
        [
            pytest.param(ReturnsSelf, id="return self"),
            pytest.param(OpensThenReturnsSelf, id="await, then return self"),
            pytest.param(ReturnsSelfOrRaises, id="return self, or raise"),
            pytest.param(ReturnsSelfThroughTry, id="try/else/finally, first parameter not 'self'"),
            pytest.param(Outer.ReturnsSelfNested, id="nested class, nested function"),
            pytest.param(ReturnsSelfOnEveryCase, id="match with a wildcard case"),
            pytest.param(RaisesInFinally, id="finally always raises"),
        ],
    )
    def test_unannotated_return_self_enters_as_the_instance(self, cls: type) -> None:
        assert enters_self(cls)
        assert Target(cls, instance=True).enters_self()

    @pytest.mark.parametrize(
        "cls",
        [
            pytest.param(ReturnsNothing, id="returns None implicitly"),
            pytest.param(ReturnsAnAttribute, id="return self.conn"),
            pytest.param(ReturnsSelfOnOnePath, id="return None on another path"),
            pytest.param(MayFallThrough, id="may fall off the end"),
            pytest.param(RebindsSelf, id="self rebound"),
            pytest.param(OnlyANestedFunctionReturnsSelf, id="a nested function returns self"),
            pytest.param(SuppressedRaise, id="a raise a context manager swallows"),
            pytest.param(NoCaseMatches, id="match that no case may take"),
            pytest.param(ImportRebindsSelf, id="self rebound by import"),
            pytest.param(MatchRebindsSelf, id="self rebound by a mapping pattern"),
            pytest.param(_without_source(), id="no source: the stdlib's behaviour"),
            pytest.param(type("NoAsyncWith", (), {}), id="no __aenter__ at all"),
            pytest.param(
                type("BuiltinEnter", (), {"__aenter__": len}), id="an __aenter__ with no code"
            ),
        ],
    )
    def test_anything_else_does_not(self, cls: type) -> None:
        assert not enters_self(cls)

    @pytest.mark.parametrize(
        ("returned", "entered"),
        [
            *([pytest.param(typing.Self, True, id="Self")] if sys.version_info >= (3, 11) else []),
            pytest.param(_BOUND_TO_BASE, True, id="a TypeVar bound to a base class"),
            pytest.param(None, False, id="None"),
        ],
    )
    def test_an_evaluated_return_annotation_decides(self, returned: Any, entered: bool) -> None:
        async def enter(self: Any) -> None:  # the code returns no self: the annotation decides
            return None

        enter.__annotations__ = {"return": returned}
        cls = type("Annotated", (_EnterBase,), {"__aenter__": enter})
        assert enters_self(cls) is entered

    @pytest.mark.anyio
    @pytest.mark.parametrize(
        "cls", [ReturnsSelf, OpensThenReturnsSelf, ReturnsSelfThroughTry], ids=lambda c: c.__name__
    )
    async def test_async_with_a_mock_binds_the_mock(self, cls: type) -> None:
        mock = amock.MagicMock(spec=cls)
        async with mock as entered:
            assert entered is mock

    @pytest.mark.parametrize(
        ("now", "why"),
        [
            ("    async def __aenter__(other):\n        return other\n", "renamed parameter"),
            ("    async def __aexit__(self):\n        return self\n", "another function"),
        ],
    )
    def test_source_changed_since_import_gives_the_stdlib_behaviour(
        self, tmp_path: Path, now: str, why: str
    ) -> None:
        # Source that no longer matches the code object is not trusted.
        path = tmp_path / f"amock_changed_source_{len(why)}.py"
        before = "class Changed:\n    async def __aenter__(self):\n        return self\n"
        path.write_text(before)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        path.write_text("class Changed:\n" + now + "# " + "longer " * 10 + "\n")
        assert not enters_self(module.Changed)

    def test_the_verdict_is_cached_per_function(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Fresh:
            async def __aenter__(self):  # type: ignore[no-untyped-def]
                return self

        assert enters_self(Fresh)
        read: list[object] = []
        monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or "")
        assert enters_self(Fresh)
        assert read == []


# -- names imported only under ``if TYPE_CHECKING:`` -----------------------------------
#
# From 3.14 (PEP 649) annotations are evaluated when read, so such a name
# raises NameError wherever ``__annotations__`` or ``inspect.signature`` is
# read plainly; with ``from __future__ import annotations`` it is a string
# that does not resolve, on every version. Either way amock falls back.


class TestTypeCheckingOnlyNames:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("compute", SYNC),
            ("fetch", COROUTINE),
            ("checkout", SYNC),
            ("wrapped_fetch", COROUTINE),
        ],
    )
    def test_shape_is_read_without_evaluating(
        self, type_checking_module: types.ModuleType, name: str, expected: Shape
    ) -> None:
        assert shape_of(getattr(type_checking_module, name)) == expected

    def test_methods_of_a_class_are_read(self, type_checking_module: types.ModuleType) -> None:
        shop = type_checking_module.Shop
        assert attribute_shape(shop, "price") == COROUTINE
        assert attribute_shape(shop, "label") == SYNC
        assert instance_shape(shop) == Shape(calls=None, protocols=Proto.ASYNC_CONTEXT)

    @pytest.mark.parametrize("name", ["compute", "fetch", "wrapped_fetch"])
    def test_an_unresolved_return_annotation_gives_no_result_spec(
        self, type_checking_module: types.ModuleType, name: str
    ) -> None:
        assert result_spec(getattr(type_checking_module, name)) is None
        assert not maybe_async(getattr(type_checking_module, name))

    def test_a_wrapped_string_annotation_resolves_where_it_was_written(
        self, type_checking_module: types.ModuleType
    ) -> None:
        # 3.14's functools.wraps copies __annotate__, not the __annotations__ dict.
        wrapped = sync_wraps(type_checking_module.respond)
        assert result_spec(wrapped) == ResultSpec("value", type_checking_module.Response, {})

    def test_self_imported_for_type_checkers_still_means_the_instance(
        self, type_checking_module: types.ModuleType
    ) -> None:
        assert enters_self(type_checking_module.Shop)

    def test_signature_keeps_every_parameter(self, type_checking_module: types.ModuleType) -> None:
        found = signature(type_checking_module.checkout)
        assert list(found.parameters) == ["mock_compute", "price"]


# -- version-proof introspection ------------------------------------------------------


def _amock_syntax() -> list[tuple[str, ast.AST]]:
    """Every node of amock's own source, with its file name."""
    package = Path(amock.__file__).parent
    return [
        (path.name, node)
        for path in sorted(package.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    ]


#: What amock's source must never touch: bytecode details that change in every
#: version, and ``iscoroutinefunction`` (asyncio's is deprecated in 3.14 and
#: removed in 3.16; the shape module answers the question without either).
_FRAGILE_ATTRIBUTES = frozenset(
    {"opname", "opcode", "co_code", "co_names", "co_consts", "co_lnotab", "co_linetable"}
)


class TestVersionProofIntrospection:
    def test_no_module_reads_bytecode(self) -> None:
        found = [
            (name, node.attr if isinstance(node, ast.Attribute) else "import dis")
            for name, node in _amock_syntax()
            if (isinstance(node, ast.Attribute) and node.attr in _FRAGILE_ATTRIBUTES)
            or (isinstance(node, ast.Import) and any(a.name == "dis" for a in node.names))
            or (isinstance(node, ast.ImportFrom) and node.module == "dis")
        ]
        assert found == []

    def test_no_module_asks_iscoroutinefunction(self) -> None:
        found = [
            name
            for name, node in _amock_syntax()
            if (isinstance(node, ast.Attribute) and node.attr == "iscoroutinefunction")
            or (isinstance(node, ast.Name) and node.id == "iscoroutinefunction")
            or (isinstance(node, ast.alias) and "iscoroutinefunction" in (node.name, node.asname))
        ]
        assert found == []


class TestWhatTheStdlibAwaits:
    """``stdlib_awaits`` agrees with what ``unittest.mock.patch`` makes for each original."""

    @staticmethod
    def originals() -> dict[str, Any]:
        async def fetch() -> int:
            return 1

        def plain() -> int:
            return 1

        @functools.wraps(fetch)
        def wrapper() -> Any:
            return fetch()

        class Holder:
            async def method(self) -> None: ...

            @staticmethod
            async def static() -> None: ...

            @classmethod
            async def klass(cls) -> None: ...

            def sync(self) -> None: ...

        class Awaitable:
            def __await__(self) -> Any:
                yield

        found = {
            "async def": fetch,
            "def": plain,
            "wraps of an async def": wrapper,
            "partial of an async def": functools.partial(fetch),
            "bound async method": Holder().method,
            "bound sync method": Holder().sync,
            "static async method": Holder.__dict__["static"],
            "class async method": Holder.__dict__["klass"],
            "class": Holder,
            "awaitable instance": Awaitable(),
            "plain instance": object(),
            "AsyncMock": amock.AsyncMock(),
            "MagicMock": amock.MagicMock(),
            "MagicMock spec async def": amock.MagicMock(spec=fetch),
        }
        if hasattr(inspect, "markcoroutinefunction"):
            found["marked coroutine function"] = inspect.markcoroutinefunction(plain)
        return found

    @pytest.mark.parametrize("name", list(originals.__func__().keys()))
    def test_agrees_with_the_stdlibs_patch(self, name: str) -> None:
        original = self.originals()[name]
        holder = types.SimpleNamespace(target=original)
        with unittest_mock.patch.object(holder, "target") as made:
            stdlib_async = isinstance(made, unittest_mock.AsyncMock)
        assert stdlib_awaits(original) is stdlib_async
