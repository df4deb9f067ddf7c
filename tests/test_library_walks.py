"""Every path a real application walks through a client library's autospec, step by step.

tests/test_autospec_libraries.py checks each member's shape and runs small
applications; here each walk starts at the client class and goes where an
application goes (enter, request, read the result, stream, close), asserting
the shape at every step: what the library keeps sync is not awaitable, what it
awaits is awaitable, what ``async with`` binds is an instance of the real
class, and what is iterated with ``async for`` iterates. Each walk runs on
asyncio and on trio (nothing of the library runs under its mocks).
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable, Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import asyncpg
import httpx
import pytest
import sqlalchemy
from asyncpg.pool import PoolAcquireContext
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline, PubSub
from redis.asyncio.lock import Lock
from sqlalchemy.engine import CursorResult, Result, ScalarResult
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncResult,
    AsyncSession,
    AsyncSessionTransaction,
    async_sessionmaker,
)

import amock

pytestmark = pytest.mark.anyio

T = TypeVar("T")
QUERY = sqlalchemy.text("SELECT 1")


def sync(value: T) -> T:
    """A step the library keeps sync: its result is no awaitable."""
    assert not inspect.isawaitable(value), value
    return value


async def awaited(value: Awaitable[T]) -> T:
    """A step the library awaits: its result is awaitable, and awaiting it gives the value."""
    assert inspect.isawaitable(value), value
    return await value


def of(value: Any, cls: type) -> Any:
    """A step that gives an instance of the real class ``cls``, awaitable only if ``cls`` is.

    A redis ``Pipeline``, asyncpg's acquire context and SQLAlchemy's
    ``session.begin()`` can each be awaited as well as entered.
    """
    assert isinstance(value, cls), (value, cls)
    assert inspect.isawaitable(value) == hasattr(cls, "__await__"), (value, cls)
    return value


async def iterates(iterable: AsyncIterable[Any], expected: list[Any]) -> None:
    """A step iterated with ``async for``, giving what the test configured."""
    assert [item async for item in iterable] == expected


# -- httpx --------------------------------------------------------------------------------


async def walk_httpx() -> None:
    client = amock.create_autospec(httpx.AsyncClient, instance=True)
    async with client as entered:
        assert entered is client
        response = of(await awaited(client.get("/items")), httpx.Response)
        sync(response.raise_for_status())
        sync(response.json())
        of(await awaited(client.post("/items", json={})), httpx.Response)
        request = of(client.build_request("GET", "/items"), httpx.Request)
        of(await awaited(client.send(request)), httpx.Response)
        stream = sync(client.stream("GET", "/big"))
        async with stream as streamed:
            of(streamed, httpx.Response)
            streamed.aiter_lines.yields = ["a", "b"]
            streamed.aiter_bytes.yields = [b"a"]
            streamed.aiter_text.yields = ["t"]
            await iterates(streamed.aiter_lines(), ["a", "b"])
            await iterates(streamed.aiter_bytes(), [b"a"])
            await iterates(streamed.aiter_text(), ["t"])
            await awaited(streamed.aread())
        await awaited(client.aclose())
    client.stream.assert_called_once_with("GET", "/big")


# -- aiohttp ------------------------------------------------------------------------------


async def walk_aiohttp() -> None:
    session = amock.create_autospec(aiohttp.ClientSession, instance=True)
    async with session as entered:
        assert entered is session
        request = session.get("/items")  # aiohttp's request context: entered or awaited
        async with request as response:
            of(response, aiohttp.ClientResponse)
            sync(response.raise_for_status())
            sync(response.release())
            await awaited(response.json())
            await awaited(response.text())
            await awaited(response.read())
            content = of(response.content, aiohttp.StreamReader)
            content.iter_chunked.yields = [b"ab"]
            content.iter_any.yields = [b"cd"]
            await iterates(content.iter_chunked(8), [b"ab"])
            await iterates(content.iter_any(), [b"cd"])
            await awaited(content.read())
            sync(content.at_eof())
        assert await awaited(request) is response
        async with session.post("/items", json={}) as posted:
            of(posted, aiohttp.ClientResponse)
        async with session.ws_connect("/ws") as websocket:
            of(websocket, aiohttp.ClientWebSocketResponse)
            await awaited(websocket.send_str("hi"))
            await awaited(websocket.receive())
            await awaited(websocket.close())
        await awaited(session.close())


# -- redis.asyncio ------------------------------------------------------------------------


async def walk_redis() -> None:
    redis = amock.create_autospec(Redis, instance=True)
    async with redis as entered:
        assert entered is redis
        await awaited(redis.set("k", "v", ex=60))
        await awaited(redis.get("k"))
        await awaited(redis.hgetall("h"))
        redis.scan_iter.yields = [b"k"]
        await iterates(redis.scan_iter(match="*"), [b"k"])
        await awaited(redis.aclose())


async def walk_redis_pipeline() -> None:
    redis = amock.create_autospec(Redis, instance=True)
    pipeline = of(redis.pipeline(transaction=True), Pipeline)
    async with pipeline as pipe:
        assert pipe is pipeline
        sync(pipe.set("k", "v"))
        sync(pipe.incr("n"))
        sync(pipe.expire("n", 60))
        sync(pipe.multi())
        await awaited(pipe.watch("k"))
        await awaited(pipe.execute())
        await awaited(pipe.reset())


async def walk_redis_pubsub() -> None:
    redis = amock.create_autospec(Redis, instance=True)
    pubsub = of(redis.pubsub(), PubSub)
    async with pubsub as entered:
        assert entered is pubsub
        await awaited(pubsub.subscribe("news"))
        await awaited(pubsub.psubscribe("news.*"))
        pubsub.listen.yields = [{"type": "message", "data": b"x"}]
        await iterates(pubsub.listen(), [{"type": "message", "data": b"x"}])
        await awaited(pubsub.get_message(timeout=1.0))
        await awaited(pubsub.unsubscribe("news"))
        await awaited(pubsub.aclose())


async def walk_redis_lock() -> None:
    redis = amock.create_autospec(Redis, instance=True)
    lock = of(redis.lock("job", timeout=5), Lock)
    async with lock as held:
        of(held, Lock)
        await awaited(lock.extend(5))
    await awaited(lock.acquire())
    await awaited(lock.release())


# -- asyncpg ------------------------------------------------------------------------------


async def walk_asyncpg_unknown_connection() -> None:
    """asyncpg is unannotated: what ``acquire()`` enters is of unknown type."""
    pool = amock.create_autospec(asyncpg.Pool, instance=True)
    async with pool as entered:
        assert entered is pool
        await awaited(pool.fetchval("SELECT 1"))
        async with sync(pool.acquire()) as connection:
            assert not inspect.isawaitable(connection)
            connection.fetch.return_value = [{"id": 1}]
            assert await awaited(connection.fetch("q")) == [{"id": 1}]
            await awaited(connection.fetchrow("q"))
            await awaited(connection.execute("q"))
            async with connection.transaction():
                connection.cursor.return_value.__aiter__.return_value = [{"id": 2}]
                await iterates(connection.cursor("q"), [{"id": 2}])
            connection.is_closed.return_value = False
            assert not connection.is_closed()  # used as a plain value
        await awaited(pool.close())


async def walk_asyncpg_typed_connection() -> None:
    pool = amock.create_autospec(asyncpg.Pool, instance=True)
    pool.acquire.return_value = amock.create_autospec(PoolAcquireContext, instance=True)
    typed = amock.create_autospec(asyncpg.Connection, instance=True)
    amock.entered(pool.acquire.return_value, typed)
    async with of(pool.acquire(), PoolAcquireContext) as connection:
        assert connection is typed
        # asyncpg's metaclass judges isinstance() by type(), not __class__ (the
        # stdlib's autospec fails it as well): ask the mock's class instead.
        assert connection.__class__ is asyncpg.Connection
        await awaited(connection.fetch("q"))
        await awaited(connection.fetchrow("q"))
        await awaited(connection.fetchval("q"))
        await awaited(connection.execute("q"))
        await awaited(connection.executemany("q", []))
        sync(connection.is_closed())
        async with sync(connection.transaction()):
            connection.cursor.return_value.__aiter__.return_value = [{"id": 1}]
            await iterates(connection.cursor("q"), [{"id": 1}])
    await awaited(pool.release(typed))


# -- SQLAlchemy's asyncio extension ---------------------------------------------------------


async def walk_sqlalchemy_sessionmaker() -> None:
    sessions = amock.create_autospec(async_sessionmaker, instance=True)
    made = of(sessions(), AsyncSession)
    async with made as session:
        assert session is made
        async with of(session.begin(), AsyncSessionTransaction) as transaction:
            of(transaction, AsyncSessionTransaction)
            result = of(await awaited(session.execute(QUERY)), Result)
            scalars = of(result.scalars(), ScalarResult)
            sync(scalars.all())
            sync(scalars.first())
            sync(result.scalar_one())
            sync(result.all())
            sync(session.add(object()))
            of(await awaited(session.scalars(QUERY)), ScalarResult)
            await awaited(session.flush())
        streamed = of(await awaited(session.stream(QUERY)), AsyncResult)
        streamed.__aiter__.return_value = ["row"]
        await iterates(streamed, ["row"])
        await awaited(streamed.all())
        await awaited(session.commit())
        await awaited(session.rollback())
    async with sessions.begin() as begun:
        of(begun, AsyncSession)


async def walk_sqlalchemy_engine() -> None:
    engine = amock.create_autospec(AsyncEngine, instance=True)
    async with engine.connect() as connection:
        of(connection, AsyncConnection)
        of(await awaited(connection.execute(QUERY)), CursorResult)
        await awaited(connection.commit())
    async with engine.begin() as connection:
        of(connection, AsyncConnection)
        of(await awaited(connection.execute(QUERY)), CursorResult)
    of(await awaited(engine.connect()), AsyncConnection)
    await awaited(engine.dispose())


WALKS: dict[str, Callable[[], Awaitable[None]]] = {
    "httpx.AsyncClient": walk_httpx,
    "aiohttp.ClientSession": walk_aiohttp,
    "redis.asyncio.Redis": walk_redis,
    "redis.asyncio.Redis.pipeline": walk_redis_pipeline,
    "redis.asyncio.Redis.pubsub": walk_redis_pubsub,
    "redis.asyncio.Redis.lock": walk_redis_lock,
    "asyncpg.Pool-unknown-connection": walk_asyncpg_unknown_connection,
    "asyncpg.Pool-typed-connection": walk_asyncpg_typed_connection,
    "sqlalchemy.async_sessionmaker": walk_sqlalchemy_sessionmaker,
    "sqlalchemy.AsyncEngine": walk_sqlalchemy_engine,
}


@pytest.mark.parametrize("walk", WALKS.values(), ids=WALKS.keys())
async def test_walk(walk: Callable[[], Awaitable[None]]) -> None:
    async with amock.strict():  # a sync step that made a coroutine would be reported
        await walk()
