"""amock.create_autospec and patch(autospec=True) on real client libraries, as users meet them.

For aiohttp, httpx, redis.asyncio, asyncpg and SQLAlchemy's async ORM, each
class below holds a piece of application code written against the real
library, run against the autospec and checked the way a user would check it;
the shape of the library at depth (which members are awaited, which stay sync,
what ``async with`` binds), compared with the real library itself; and misuse
(a wrong argument, a missing ``await``, a typo'd method), which must fail
loudly. Attributes a class only declares (``content: StreamReader``, what
``__init__`` sets) are there too.

Forgotten awaits run inside ``amock.strict()`` so that the coroutine nobody
awaited is closed (and reported) instead of warning from the garbage collector.
"""

from __future__ import annotations

import inspect
import unittest.mock as std
import warnings
from collections.abc import Callable
from typing import Any

import aiohttp
import asyncpg
import httpx
import pytest
import sqlalchemy
from asyncpg.pool import PoolAcquireContext, PoolConnectionProxy
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from sqlalchemy.engine import Result, ScalarResult
from sqlalchemy.ext.asyncio import AsyncSession

import amock
from amock.errors import NeverAwaitedError

pytestmark = pytest.mark.anyio

API = "https://api.example.org"


# -- the application under test: written against the real libraries -------------------


async def fetch_user(session: aiohttp.ClientSession, user_id: int) -> dict[str, Any]:
    async with session.get(f"/users/{user_id}", params={"expand": "teams"}) as response:
        response.raise_for_status()
        return await response.json()


async def create_user(session: aiohttp.ClientSession, name: str) -> int:
    async with session.post("/users", json={"name": name}) as response:
        response.raise_for_status()
        body = await response.json()
    return int(body["id"])


async def fetch_user_with_own_session(user_id: int) -> dict[str, Any]:
    async with aiohttp.ClientSession(base_url=API) as session:
        return await fetch_user(session, user_id)


async def list_items(client: httpx.AsyncClient, page: int) -> list[Any]:
    response = await client.get("/items", params={"page": page})
    if response.status_code == 404:
        return []
    response.raise_for_status()
    return list(response.json())


async def download(client: httpx.AsyncClient, url: str) -> bytes:
    chunks = []
    async with client.stream("GET", url) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
    return b"".join(chunks)


async def list_items_with_own_client(page: int) -> list[Any]:
    async with httpx.AsyncClient(base_url=API, timeout=5.0) as client:
        return await list_items(client, page)


async def cache_profile(redis: Redis, user_id: int, profile: str) -> None:
    await redis.set(f"user:{user_id}", profile, ex=3600)


async def cached_profile(redis: Redis, user_id: int) -> str | None:
    value = await redis.get(f"user:{user_id}")
    return value.decode() if value is not None else None


async def record_visit(redis: Redis, page: str) -> int:
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(f"visits:{page}")
        pipe.expire(f"visits:{page}", 86400)
        visits, _ = await pipe.execute()
    return int(visits)


async def user_keys(redis: Redis) -> list[bytes]:
    return [key async for key in redis.scan_iter(match="user:*")]


async def page_views(url: str, page: str) -> int:
    async with Redis.from_url(url) as redis:
        return await record_visit(redis, page)


async def active_names(pool: asyncpg.Pool) -> list[str]:
    async with pool.acquire() as connection:
        rows = await connection.fetch("SELECT name FROM users WHERE active = $1", True)
    return [row["name"] for row in rows]


async def transfer(pool: asyncpg.Pool, source: int, target: int, amount: int) -> None:
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute(
            "UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, source
        )
        await connection.execute(
            "UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, target
        )


async def count_users(dsn: str) -> int:
    async with asyncpg.create_pool(dsn, min_size=1, max_size=4) as pool:
        return int(await pool.fetchval("SELECT count(*) FROM users"))


# -- helpers --------------------------------------------------------------------------


def real_shape(function: Any) -> str:
    """How the real library's method is called: ``coroutine``, ``async generator`` or ``sync``."""
    if isinstance(function, (staticmethod, classmethod)):
        function = function.__func__
    if inspect.isasyncgenfunction(function):
        return "async generator"
    if inspect.iscoroutinefunction(function):
        return "coroutine"
    return "sync"


def mock_shape(mock: Any) -> str:
    """How the autospec's member is called, in the words of :func:`real_shape`."""
    if isinstance(mock, amock.AsyncGeneratorMock):
        return "async generator"
    if isinstance(mock, amock.AsyncMock):
        assert inspect.iscoroutinefunction(mock)
        return "coroutine"
    assert not inspect.iscoroutinefunction(mock)
    return "sync"


def methods(cls: type) -> list[str]:
    """Public methods of ``cls`` and its async context protocol, read statically."""
    names = []
    for name in dir(cls):
        if name.startswith("_") and name not in ("__aenter__", "__aexit__"):
            continue
        raw = inspect.getattr_static(cls, name)
        if inspect.isfunction(raw) or isinstance(raw, (staticmethod, classmethod)):
            names.append(name)
    return names


def shape_mismatches(mock: Any) -> list[tuple[str, str, str]]:
    """The methods of the mock's spec class whose mock is called otherwise than the real one."""
    cls = mock._spec_class
    found = []
    for name in methods(cls):
        real, mocked = (
            real_shape(inspect.getattr_static(cls, name)),
            mock_shape(getattr(mock, name)),
        )
        if real != mocked:
            found.append((name, real, mocked))
    return found


def shape_of_a_real_call(method: Callable[..., Any]) -> str | None:
    """Call a real redis-py method with placeholders; what it gave, or ``None`` if it refused.

    redis-py's commands are plain ``def``s whose result is a coroutine on the
    async client and the pipeline itself on a pipeline, so only calling them
    tells. Nothing is sent: the coroutine is closed before it runs.
    """
    signature = inspect.signature(method)
    args = [
        "x"
        for parameter in signature.parameters.values()
        if parameter.default is parameter.empty
        and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    ]
    kwargs = {
        parameter.name: "x"
        for parameter in signature.parameters.values()
        if parameter.default is parameter.empty and parameter.kind == parameter.KEYWORD_ONLY
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecations of the commands themselves
            result = method(*args, **kwargs)
    except Exception:
        return None
    if inspect.iscoroutine(result):
        result.close()
        return "coroutine"
    if inspect.isasyncgen(result):
        return "async generator"
    return "sync"


# -- aiohttp --------------------------------------------------------------------------


def aiohttp_session() -> Any:
    return amock.create_autospec(aiohttp.ClientSession, instance=True)


def entered_response(session: Any) -> Any:
    """What ``async with session.get(...) as response`` binds."""
    return amock.entered(session.get.return_value)


class TestAiohttp:
    async def test_fetch_user_runs_against_the_autospec(self) -> None:
        session = aiohttp_session()
        response = entered_response(session)
        response.json.return_value = {"id": 7, "name": "Ada"}

        assert await fetch_user(session, 7) == {"id": 7, "name": "Ada"}

        session.get.assert_called_once_with("/users/7", params={"expand": "teams"})
        response.raise_for_status.assert_called_once_with()
        response.json.assert_awaited_once_with()
        assert isinstance(response, aiohttp.ClientResponse)

    async def test_each_request_method_enters_its_own_response(self) -> None:
        session = aiohttp_session()
        amock.entered(session.post.return_value).json.return_value = {"id": 12}
        assert await create_user(session, "Grace") == 12
        session.post.assert_called_once_with("/users", json={"name": "Grace"})
        session.get.assert_not_called()

    async def test_an_http_error_raised_by_raise_for_status_reaches_the_caller(self) -> None:
        session = aiohttp_session()
        response = entered_response(session)
        response.raise_for_status.side_effect = aiohttp.ClientResponseError(
            amock.Mock(), (), status=404, message="Not Found"
        )
        with pytest.raises(aiohttp.ClientResponseError) as info:
            await fetch_user(session, 7)
        assert info.value.status == 404
        response.json.assert_not_called()
        session.get.return_value.__aexit__.assert_awaited_once()

    async def test_patched_class_serves_the_session_the_app_opens(self) -> None:
        with amock.patch("aiohttp.ClientSession", autospec=True) as session_class:
            session = session_class.return_value
            entered_response(session).json.return_value = {"id": 3}
            assert await fetch_user_with_own_session(3) == {"id": 3}
        session_class.assert_called_once_with(base_url=API)
        session.__aenter__.assert_awaited_once_with()
        session.__aexit__.assert_awaited_once_with(None, None, None)
        session.get.assert_called_once_with("/users/3", params={"expand": "teams"})

    async def test_patched_class_checks_the_constructor(self) -> None:
        with amock.patch("aiohttp.ClientSession", autospec=True) as session_class:
            with pytest.raises(TypeError):
                aiohttp.ClientSession(base_url=API, time_out=5)
            session_class.assert_not_called()

    # shapes ---------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("get", "sync"),
            ("post", "sync"),
            ("request", "sync"),
            ("ws_connect", "sync"),
            ("close", "coroutine"),
        ],
    )
    def test_request_methods_are_sync_and_close_is_awaited(
        self, member: str, expected: str
    ) -> None:
        assert mock_shape(getattr(aiohttp_session(), member)) == expected

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("raise_for_status", "sync"),
            ("release", "sync"),
            ("get_encoding", "sync"),
            ("json", "coroutine"),
            ("text", "coroutine"),
            ("read", "coroutine"),
        ],
    )
    async def test_entered_response_keeps_its_shape(self, member: str, expected: str) -> None:
        session = aiohttp_session()
        async with session.get("/") as response:
            assert isinstance(response, aiohttp.ClientResponse)
            assert mock_shape(getattr(response, member)) == expected

    async def test_the_request_can_also_be_awaited_as_in_aiohttp(self) -> None:
        session = aiohttp_session()
        response = await session.get("/users/1")
        assert isinstance(response, aiohttp.ClientResponse)
        assert response is entered_response(session)

    @pytest.mark.parametrize(
        "reach",
        [
            pytest.param(lambda: aiohttp_session(), id="session"),
            pytest.param(lambda: entered_response(aiohttp_session()), id="entered-response"),
        ],
    )
    def test_every_method_keeps_the_real_shape(self, reach: Callable[[], Any]) -> None:
        assert shape_mismatches(reach()) == []

    # misuse ---------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("args", "kwargs"),
        [
            pytest.param((), {}, id="no-url"),
            pytest.param(("/users", False), {}, id="allow_redirects-is-keyword-only"),
        ],
    )
    def test_wrong_arguments_raise_at_call_time_and_record_nothing(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        session = aiohttp_session()
        with pytest.raises(TypeError):
            session.get(*args, **kwargs)
        session.get.assert_not_called()
        assert session.mock_calls == []

    def test_wrong_argument_at_depth_raises(self) -> None:
        response = entered_response(aiohttp_session())
        with pytest.raises(TypeError):
            response.json("utf-8")  # encoding is keyword-only
        response.json.assert_not_called()

    @pytest.mark.parametrize(
        "reach",
        [
            pytest.param(lambda: aiohttp_session(), id="session"),
            pytest.param(lambda: entered_response(aiohttp_session()), id="entered-response"),
        ],
    )
    def test_typos_are_attribute_errors(self, reach: Callable[[], Any]) -> None:
        mock = reach()
        with pytest.raises(AttributeError):
            mock.fetch  # noqa: B018
        with pytest.raises(AttributeError):
            mock.jsn  # noqa: B018

    async def test_missing_await_on_json_fails_loudly(self) -> None:
        async def fetch_user_forgetting_await(session: aiohttp.ClientSession) -> Any:
            async with session.get("/users/7") as response:
                body = response.json()
                return body["id"]

        session = aiohttp_session()
        entered_response(session).json.return_value = {"id": 7}
        with pytest.raises(TypeError, match="not subscriptable"):
            async with amock.strict():
                await fetch_user_forgetting_await(session)
        entered_response(session).json.assert_not_awaited()

    async def test_missing_async_with_fails_loudly(self) -> None:
        session = aiohttp_session()
        response = session.get("/users/7")  # a request context, not a response
        with pytest.raises(AttributeError):
            response.raise_for_status()

    async def test_awaiting_a_sync_method_fails_loudly(self) -> None:
        session = aiohttp_session()
        async with session.get("/users/7") as response:
            with pytest.raises(TypeError):
                await response.raise_for_status()

    async def test_unconfigured_json_gives_a_value_the_app_can_use(self) -> None:
        # ClientResponse.json is annotated `-> Any`: nothing to spec the result on.
        session = aiohttp_session()
        async with session.get("/users/7") as response:
            body = await response.json()
        assert body["id"] is not None


# -- httpx ----------------------------------------------------------------------------


def httpx_client() -> Any:
    return amock.create_autospec(httpx.AsyncClient, instance=True)


class TestHttpx:
    async def test_list_items_runs_against_the_autospec(self) -> None:
        client = httpx_client()
        response = client.get.return_value
        response.status_code = 200  # set in Response.__init__, so not on the class
        response.json.return_value = [{"id": 1}, {"id": 2}]

        assert await list_items(client, 2) == [{"id": 1}, {"id": 2}]

        client.get.assert_awaited_once_with("/items", params={"page": 2})
        response.raise_for_status.assert_called_once_with()
        response.json.assert_called_once_with()
        assert isinstance(response, httpx.Response)

    async def test_a_404_short_circuits(self) -> None:
        client = httpx_client()
        client.get.return_value.status_code = 404
        assert await list_items(client, 1) == []
        client.get.return_value.json.assert_not_called()

    async def test_an_http_error_raised_by_raise_for_status_reaches_the_caller(self) -> None:
        client = httpx_client()
        response = client.get.return_value
        response.status_code = 500
        response.raise_for_status.side_effect = httpx.HTTPStatusError(
            "500", request=amock.Mock(), response=amock.Mock()
        )
        with pytest.raises(httpx.HTTPStatusError):
            await list_items(client, 1)

    async def test_stream_enters_a_response_whose_byte_iterator_is_async(self) -> None:
        client = httpx_client()
        response = amock.entered(client.stream.return_value)
        response.aiter_bytes.yields = [b"ab", b"cd"]

        assert await download(client, "/big.bin") == b"abcd"

        assert isinstance(response, httpx.Response)
        client.stream.assert_called_once_with("GET", "/big.bin")
        response.raise_for_status.assert_called_once_with()

    async def test_patched_class_serves_the_client_the_app_opens(self) -> None:
        with amock.patch("httpx.AsyncClient", autospec=True) as client_class:
            client = client_class.return_value
            client.get.return_value.status_code = 200
            client.get.return_value.json.return_value = ["x"]
            assert await list_items_with_own_client(4) == ["x"]
        client_class.assert_called_once_with(base_url=API, timeout=5.0)
        client.get.assert_awaited_once_with("/items", params={"page": 4})
        client.__aexit__.assert_awaited_once_with(None, None, None)

    # shapes ---------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("get", "coroutine"),
            ("post", "coroutine"),
            ("request", "coroutine"),
            ("send", "coroutine"),
            ("aclose", "coroutine"),
            ("build_request", "sync"),
            ("stream", "sync"),
        ],
    )
    def test_client_members(self, member: str, expected: str) -> None:
        assert mock_shape(getattr(httpx_client(), member)) == expected

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("json", "sync"),
            ("raise_for_status", "sync"),
            ("read", "sync"),
            ("iter_bytes", "sync"),
            ("close", "sync"),
            ("aread", "coroutine"),
            ("aclose", "coroutine"),
            ("aiter_bytes", "async generator"),
            ("aiter_lines", "async generator"),
        ],
    )
    async def test_awaited_response_members(self, member: str, expected: str) -> None:
        response = await httpx_client().get("/items")
        assert isinstance(response, httpx.Response)
        assert mock_shape(getattr(response, member)) == expected

    def test_response_on_its_own_has_a_sync_json(self) -> None:
        response = amock.create_autospec(httpx.Response, instance=True)
        response.json.return_value = {"ok": True}
        assert response.json() == {"ok": True}
        assert not inspect.iscoroutinefunction(response.json)

    @pytest.mark.parametrize(
        "reach",
        [
            pytest.param(lambda: httpx_client(), id="client"),
            pytest.param(lambda: httpx_client().get.return_value, id="awaited-response"),
            pytest.param(
                lambda: amock.entered(httpx_client().stream.return_value),
                id="streamed-response",
            ),
        ],
    )
    def test_every_method_keeps_the_real_shape(self, reach: Callable[[], Any]) -> None:
        assert shape_mismatches(reach()) == []

    # misuse ---------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("args", "kwargs"),
        [
            pytest.param((), {}, id="no-url"),
            pytest.param(("/items", {"page": 1}), {}, id="params-is-keyword-only"),
            pytest.param(("/items",), {"parms": {"page": 1}}, id="typo-keyword"),
        ],
    )
    def test_wrong_arguments_raise_at_call_time_and_record_nothing(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        client = httpx_client()
        with pytest.raises(TypeError):
            client.get(*args, **kwargs)
        client.get.assert_not_called()

    async def test_wrong_argument_at_depth_raises(self) -> None:
        response = await httpx_client().get("/items")
        with pytest.raises(TypeError):
            response.raise_for_status("strict")
        response.raise_for_status.assert_not_called()

    async def test_typos_are_attribute_errors(self) -> None:
        client = httpx_client()
        with pytest.raises(AttributeError):
            client.fetch  # noqa: B018
        response = await client.get("/items")
        with pytest.raises(AttributeError):
            response.jsonn  # noqa: B018

    async def test_missing_await_fails_loudly(self) -> None:
        async def list_items_forgetting_await(client: httpx.AsyncClient) -> Any:
            response = client.get("/items")
            return response.json()

        client = httpx_client()
        with pytest.raises(AttributeError, match="json"):
            async with amock.strict():
                await list_items_forgetting_await(client)
        client.get.assert_not_awaited()

    async def test_awaiting_the_sync_json_fails_loudly(self) -> None:
        client = httpx_client()
        client.get.return_value.json.return_value = {"ok": True}
        response = await client.get("/items")
        with pytest.raises(TypeError):
            await response.json()

    async def test_unconfigured_json_gives_a_value_the_app_can_use(self) -> None:
        # Response.json is annotated `-> typing.Any`: nothing to spec the result on.
        response = await httpx_client().get("/items")
        body = response.json()
        assert body["items"] is not None


# -- redis.asyncio --------------------------------------------------------------------


def redis_client() -> Any:
    return amock.create_autospec(Redis, instance=True)


class TestRedis:
    async def test_cache_round_trip_runs_against_the_autospec(self) -> None:
        redis = redis_client()
        redis.get.return_value = b"Ada"

        await cache_profile(redis, 1, "Ada")
        assert await cached_profile(redis, 1) == "Ada"

        redis.set.assert_awaited_once_with("user:1", "Ada", ex=3600)
        redis.get.assert_awaited_once_with("user:1")

    async def test_pipeline_queues_sync_and_executes_awaited(self) -> None:
        redis = redis_client()
        pipe = redis.pipeline.return_value
        pipe.execute.return_value = [5, True]

        async with amock.strict():  # a queued command must not be a forgotten coroutine
            assert await record_visit(redis, "home") == 5

        redis.pipeline.assert_called_once_with(transaction=True)
        assert isinstance(pipe, Pipeline)
        pipe.incr.assert_called_once_with("visits:home")
        pipe.expire.assert_called_once_with("visits:home", 86400)
        pipe.execute.assert_awaited_once_with()
        pipe.__aexit__.assert_awaited_once_with(None, None, None)

    async def test_scan_iter_is_an_async_generator(self) -> None:
        redis = redis_client()
        redis.scan_iter.yields = [b"user:1", b"user:2"]
        assert await user_keys(redis) == [b"user:1", b"user:2"]
        redis.scan_iter.assert_called_once_with(match="user:*")

    async def test_patched_class_serves_the_client_from_url(self) -> None:
        with amock.patch(f"{__name__}.Redis", autospec=True) as redis_class:
            redis = redis_class.from_url.return_value
            redis.pipeline.return_value.execute.return_value = [9, True]
            async with amock.strict():
                assert await page_views("redis://cache:6379/0", "home") == 9
        redis_class.from_url.assert_called_once_with("redis://cache:6379/0")
        redis.pipeline.return_value.incr.assert_called_once_with("visits:home")
        redis.__aexit__.assert_awaited_once_with(None, None, None)

    # shapes ---------------------------------------------------------------------------

    def test_hundreds_of_commands_cost_nothing_until_read(self) -> None:
        redis = redis_client()
        assert len(methods(Redis)) > 300
        assert redis._mock_children == {}
        assert {"get", "set", "hset", "xadd", "zadd", "eval"} <= set(dir(redis))

    def test_every_client_method_mirrors_the_real_client(self) -> None:
        real = Redis()
        mock = redis_client()
        compared, mismatches = 0, []
        for name in methods(Redis):
            expected = shape_of_a_real_call(getattr(real, name))
            if expected is None:
                continue
            compared += 1
            if mock_shape(getattr(mock, name)) != expected:
                mismatches.append(name)
        assert compared > 300
        assert mismatches == []

    def test_every_pipeline_method_mirrors_the_real_pipeline(self) -> None:
        # The pipeline comes from `pipeline()` at depth, as users get it; its
        # commands queue and return the pipeline, only execute() and a few
        # others are awaited.
        real = Redis().pipeline()
        mock = redis_client().pipeline()
        compared, mismatches = 0, []
        for name in methods(Pipeline):
            expected = shape_of_a_real_call(getattr(real, name))
            if expected is None:
                continue
            compared += 1
            if mock_shape(getattr(mock, name)) != expected:
                mismatches.append(name)
        assert compared > 300
        assert mismatches == []

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("get", "coroutine"),
            ("set", "coroutine"),
            ("hgetall", "coroutine"),
            ("aclose", "coroutine"),
            ("scan_iter", "async generator"),
            ("pipeline", "sync"),
            ("pubsub", "sync"),
            ("lock", "sync"),
        ],
    )
    def test_client_members(self, member: str, expected: str) -> None:
        assert mock_shape(getattr(redis_client(), member)) == expected

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("set", "sync"),
            ("incr", "sync"),
            ("expire", "sync"),
            ("hset", "sync"),
            ("multi", "sync"),
            ("execute", "coroutine"),
            ("watch", "coroutine"),
            ("reset", "coroutine"),
        ],
    )
    async def test_entered_pipeline_members(self, member: str, expected: str) -> None:
        redis = redis_client()
        async with redis.pipeline() as pipe:
            assert isinstance(pipe, Pipeline)
            assert mock_shape(getattr(pipe, member)) == expected

    # misuse ---------------------------------------------------------------------------

    def test_wrong_arguments_raise_at_call_time_and_record_nothing(self) -> None:
        redis = redis_client()
        with pytest.raises(TypeError):
            redis.set("user:1")  # no value
        with pytest.raises(TypeError):
            redis.get("user:1", "user:2")
        with pytest.raises(TypeError):
            redis.pipeline(transactions=False)
        assert redis.mock_calls == []

    def test_wrong_argument_on_the_pipeline_raises(self) -> None:
        pipe = redis_client().pipeline()
        with pytest.raises(TypeError):
            pipe.incr("visits", 1, 2)
        pipe.incr.assert_not_called()

    def test_typos_are_attribute_errors(self) -> None:
        redis = redis_client()
        with pytest.raises(AttributeError):
            redis.sett  # noqa: B018
        with pytest.raises(AttributeError):
            redis.pipeline().exec  # noqa: B018

    async def test_missing_await_on_a_value_fails_loudly(self) -> None:
        async def cached_profile_forgetting_await(redis: Redis) -> Any:
            value = redis.get("user:1")
            return value.decode()

        redis = redis_client()
        redis.get.return_value = b"Ada"
        with pytest.raises(AttributeError, match="decode"):
            async with amock.strict():
                await cached_profile_forgetting_await(redis)

    async def test_missing_await_on_a_command_fails_the_strict_block(self) -> None:
        async def cache_profile_forgetting_await(redis: Redis) -> None:
            redis.set("user:1", "Ada")

        redis = redis_client()
        with pytest.raises(NeverAwaitedError, match=r"set\('user:1', 'Ada'\)"):
            async with amock.strict():
                await cache_profile_forgetting_await(redis)
        redis.set.assert_called_once_with("user:1", "Ada")
        redis.set.assert_not_awaited()

    async def test_missing_await_on_execute_fails_the_strict_block(self) -> None:
        redis = redis_client()
        with pytest.raises(NeverAwaitedError, match="execute"):
            async with amock.strict(), redis.pipeline() as pipe:
                pipe.execute()


# -- asyncpg --------------------------------------------------------------------------


def asyncpg_pool() -> tuple[Any, Any]:
    """A pool and the connection ``async with pool.acquire()`` binds, as a user sets them up.

    asyncpg has no annotations, so what ``acquire()`` gives is the user's to
    spec: the acquire context, entering as a pooled connection.
    """
    pool = amock.create_autospec(asyncpg.Pool, instance=True)
    pool.acquire.return_value = amock.create_autospec(PoolAcquireContext, instance=True)
    connection = amock.create_autospec(PoolConnectionProxy, instance=True)
    amock.entered(pool.acquire.return_value, connection)
    return pool, connection


class TestAsyncpg:
    async def test_active_names_runs_against_the_autospec(self) -> None:
        pool, connection = asyncpg_pool()
        connection.fetch.return_value = [{"name": "Ada"}, {"name": "Grace"}]

        assert await active_names(pool) == ["Ada", "Grace"]

        pool.acquire.assert_called_once_with()
        connection.fetch.assert_awaited_once_with("SELECT name FROM users WHERE active = $1", True)
        pool.acquire.return_value.__aexit__.assert_awaited_once_with(None, None, None)

    async def test_transfer_runs_in_a_transaction(self) -> None:
        pool, connection = asyncpg_pool()
        await transfer(pool, 1, 2, 50)
        assert connection.execute.await_count == 2
        connection.execute.assert_awaited_with(
            "UPDATE accounts SET balance = balance + $1 WHERE id = $2", 50, 2
        )
        connection.transaction.assert_called_once_with()
        connection.transaction.return_value.__aexit__.assert_awaited_once_with(None, None, None)

    async def test_a_failed_statement_leaves_the_transaction_with_the_error(self) -> None:
        pool, connection = asyncpg_pool()
        error = asyncpg.PostgresError("insufficient funds")
        connection.execute.side_effect = [None, error]
        with pytest.raises(asyncpg.PostgresError):
            await transfer(pool, 1, 2, 50)
        exit_args = connection.transaction.return_value.__aexit__.await_args.args
        assert exit_args[1] is error

    async def test_patched_create_pool_serves_the_pool_the_app_opens(self) -> None:
        pool, _ = asyncpg_pool()
        pool.fetchval.return_value = 42
        with amock.patch("asyncpg.create_pool", autospec=True) as create_pool:
            create_pool.return_value = pool
            assert await count_users("postgres://db/app") == 42
            with pytest.raises(TypeError):
                asyncpg.create_pool("postgres://db/app", 1)  # sizes are keyword-only
        create_pool.assert_called_once_with("postgres://db/app", min_size=1, max_size=4)
        pool.fetchval.assert_awaited_once_with("SELECT count(*) FROM users")

    # shapes ---------------------------------------------------------------------------

    async def test_pool_enters_and_awaits_as_itself(self) -> None:
        pool = amock.create_autospec(asyncpg.Pool, instance=True)
        async with pool as entered:
            assert entered is pool
        assert await pool is pool

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("acquire", "sync"),
            ("terminate", "sync"),
            ("release", "coroutine"),
            ("close", "coroutine"),
            ("fetch", "coroutine"),
            ("fetchval", "coroutine"),
            ("execute", "coroutine"),
        ],
    )
    def test_pool_members(self, member: str, expected: str) -> None:
        pool = amock.create_autospec(asyncpg.Pool, instance=True)
        assert mock_shape(getattr(pool, member)) == expected

    @pytest.mark.parametrize(
        ("member", "expected"),
        [
            ("fetch", "coroutine"),
            ("fetchrow", "coroutine"),
            ("fetchval", "coroutine"),
            ("execute", "coroutine"),
            ("executemany", "coroutine"),
            ("close", "coroutine"),
            ("transaction", "sync"),
            ("cursor", "sync"),
            ("is_closed", "sync"),
            ("terminate", "sync"),
        ],
    )
    async def test_acquired_connection_members(self, member: str, expected: str) -> None:
        pool, _ = asyncpg_pool()
        async with pool.acquire() as connection:
            assert mock_shape(getattr(connection, member)) == expected

    @pytest.mark.parametrize("cls", [asyncpg.Pool, asyncpg.Connection])
    def test_every_method_keeps_the_real_shape(self, cls: type) -> None:
        mock = amock.create_autospec(cls, instance=True)
        mismatches = [
            (name, real_shape(inspect.getattr_static(cls, name)), mock_shape(getattr(mock, name)))
            for name in methods(cls)
            if real_shape(inspect.getattr_static(cls, name)) != mock_shape(getattr(mock, name))
        ]
        assert mismatches == []

    def test_pooled_connection_mirrors_the_connection(self) -> None:
        # PoolConnectionProxy wraps each Connection method in a plain def
        # (marked as a coroutine function for the async ones).
        proxy = amock.create_autospec(PoolConnectionProxy, instance=True)
        mismatches = [
            name
            for name in methods(asyncpg.Connection)
            if not name.startswith("_")
            and mock_shape(getattr(proxy, name))
            != real_shape(inspect.getattr_static(asyncpg.Connection, name))
        ]
        assert mismatches == []

    async def test_transaction_is_used_with_async_with(self) -> None:
        _, connection = asyncpg_pool()
        async with connection.transaction(isolation="serializable"):
            await connection.execute("SELECT 1")
        connection.transaction.assert_called_once_with(isolation="serializable")

    # misuse ---------------------------------------------------------------------------

    def test_wrong_arguments_raise_at_call_time_and_record_nothing(self) -> None:
        pool, connection = asyncpg_pool()
        with pytest.raises(TypeError):
            pool.acquire(5)  # timeout is keyword-only
        with pytest.raises(TypeError):
            connection.fetch()
        with pytest.raises(TypeError):
            connection.fetch("SELECT 1", retries=3)
        with pytest.raises(TypeError):
            connection.transaction("serializable")
        pool.acquire.assert_not_called()
        connection.fetch.assert_not_called()

    def test_typos_are_attribute_errors(self) -> None:
        pool, connection = asyncpg_pool()
        with pytest.raises(AttributeError):
            pool.aquire  # noqa: B018
        with pytest.raises(AttributeError):
            connection.fetchall  # noqa: B018

    async def test_missing_await_fails_loudly(self) -> None:
        async def active_names_forgetting_await(pool: asyncpg.Pool) -> list[str]:
            async with pool.acquire() as connection:
                rows = connection.fetch("SELECT name FROM users")
            return [row["name"] for row in rows]

        pool, connection = asyncpg_pool()
        connection.fetch.return_value = [{"name": "Ada"}]
        with pytest.raises(TypeError, match="not iterable"):
            async with amock.strict():
                await active_names_forgetting_await(pool)
        connection.fetch.assert_not_awaited()

    def test_acquire_with_a_sync_with_fails_loudly(self) -> None:
        pool, _ = asyncpg_pool()
        with pytest.raises((TypeError, AttributeError)), pool.acquire():
            pass  # pragma: no cover - never entered


# -- attributes an instance has by declaration -----------------------------------------


async def stream_body(session: aiohttp.ClientSession, url: str) -> bytes:
    chunks = []
    async with session.get(url) as response:
        async for chunk in response.content.iter_chunked(8):
            chunks.append(chunk)
    return b"".join(chunks)


class TestDeclaredAttributes:
    """Attributes a class declares but never holds: annotated, fields, or set in ``__init__``."""

    def test_httpx_response_has_what_init_sets(self) -> None:
        response = amock.create_autospec(httpx.Response, instance=True)
        with pytest.raises(AttributeError):
            _ = std.create_autospec(httpx.Response, instance=True).status_code
        # ``self.status_code = status_code``, the parameter annotated ``int``.
        assert isinstance(response.status_code, int)
        assert not callable(response.status_code)
        # ``self.headers = Headers(headers)``: the class it constructs.
        assert isinstance(response.headers, httpx.Headers)
        response.headers.get("content-type")
        with pytest.raises(TypeError):
            response.headers.get()  # Headers.get's signature is checked

    def test_the_instance_an_autospecced_class_returns_has_them_too(self) -> None:
        response_class = amock.create_autospec(httpx.Response)
        response = response_class(200)
        assert isinstance(response.status_code, int)
        with pytest.raises(AttributeError):
            _ = response_class.status_code  # the class itself has no status_code

    def test_a_declared_attribute_can_be_set_under_spec_set(self) -> None:
        response = amock.create_autospec(httpx.Response, instance=True, spec_set=True)
        response.status_code = 204
        assert response.status_code == 204
        with pytest.raises(AttributeError):
            response.status_cod = 204

    def test_undeclared_names_stay_attribute_errors(self) -> None:
        response = amock.create_autospec(httpx.Response, instance=True)
        with pytest.raises(AttributeError, match="status_cod"):
            _ = response.status_cod

    def test_aiohttp_content_is_a_stream_reader_from_its_class_annotation(self) -> None:
        # ``content: StreamReader = None`` in the class body: the stdlib specs it on None.
        assert (
            std.create_autospec(aiohttp.ClientResponse, instance=True).content._spec_class is None
        )
        response = amock.create_autospec(aiohttp.ClientResponse, instance=True)
        assert isinstance(response.content, aiohttp.StreamReader)
        assert mock_shape(response.content.iter_chunked) == "async generator"
        assert mock_shape(response.content.read) == "coroutine"
        assert mock_shape(response.content.at_eof) == "sync"
        # The class's own attribute is None, as the stdlib gives it.
        assert amock.create_autospec(aiohttp.ClientResponse).content._spec_class is None

    async def test_aiohttp_streaming_with_iter_chunked(self) -> None:
        session = aiohttp_session()
        response = entered_response(session)
        response.content.iter_chunked.yields = [b"ab", b"cd"]

        assert await stream_body(session, "/big.bin") == b"abcd"

        response.content.iter_chunked.assert_called_once_with(8)
        assert isinstance(response, aiohttp.ClientResponse)


# -- SQLAlchemy's async ORM ------------------------------------------------------------


async def user_names(session: AsyncSession) -> list[str]:
    result = await session.execute(sqlalchemy.text("SELECT name FROM users"))
    return list(result.scalars().all())


async def user_ids(session: AsyncSession) -> list[int]:
    return list((await session.scalars(sqlalchemy.text("SELECT id FROM users"))).all())


class TestSqlalchemy:
    """``AsyncSession`` annotates its results with names imported for type checkers only."""

    async def test_execute_then_scalars_all_is_sync(self) -> None:
        session = amock.create_autospec(AsyncSession, instance=True)
        result = session.execute.return_value
        result.scalars.return_value.all.return_value = ["ada", "grace"]

        assert await user_names(session) == ["ada", "grace"]

        assert isinstance(result, Result)
        assert isinstance(result.scalars.return_value, ScalarResult)
        assert mock_shape(result.scalars) == "sync"
        assert mock_shape(result.scalars.return_value.all) == "sync"
        session.execute.assert_awaited_once()

    async def test_awaited_scalars_gives_a_scalar_result_whose_all_is_sync(self) -> None:
        session = amock.create_autospec(AsyncSession, instance=True)
        scalars = session.scalars.return_value
        scalars.all.return_value = [1, 2]

        assert await user_ids(session) == [1, 2]

        assert isinstance(scalars, ScalarResult)
        assert not inspect.isawaitable(scalars.all())

    async def test_a_streamed_results_scalars_is_a_result_not_a_generator(self) -> None:
        # AsyncResult.scalars() -> AsyncScalarResult: an async iterator with methods of its
        # own (all() is awaited), so it is imitated as that class, not as a generator.
        from sqlalchemy.ext.asyncio import AsyncScalarResult

        session = amock.create_autospec(AsyncSession, instance=True)
        result = await session.stream("SELECT id FROM users")
        scalars = result.scalars()
        assert isinstance(scalars, AsyncScalarResult)
        assert mock_shape(result.scalars) == "sync"
        scalars.all.return_value = [1, 2]
        assert await result.scalars().all() == [1, 2]
        scalars.__aiter__.return_value = [3, 4]
        assert [item async for item in result.scalars()] == [3, 4]
