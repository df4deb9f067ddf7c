"""The shape matrix: every async shape, made by spec, patch and autospec, on asyncio and trio.

Each case exercises the mock the way code uses the real thing (``await``,
``async with``, ``async for``, plain calls) and checks that sync stays sync.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import patch_targets as targets
import pytest

import amock


def _is_coroutine_function(mock: Any) -> bool:
    """``inspect.iscoroutinefunction``; before 3.12, asyncio's marker for a function copy.

    An autospecced function is a plain function that records its call when
    called; inspect can only be told it is a coroutine function from 3.12 on.
    """
    if sys.version_info < (3, 12) and inspect.isfunction(mock):
        return getattr(mock, "_is_coroutine", None) is asyncio.coroutines._is_coroutine  # type: ignore[attr-defined]
    return inspect.iscoroutinefunction(mock)


async def _awaits(mock: Any) -> None:
    mock.return_value = "done"
    assert _is_coroutine_function(mock)
    assert await mock("x") == "done"
    mock.assert_awaited_once_with("x")


async def _awaits_partial(mock: Any) -> None:
    # The partial binds the only argument: callers pass nothing.
    mock.return_value = "done"
    assert _is_coroutine_function(mock)
    assert await mock() == "done"
    mock.assert_awaited_once_with()


async def _streams(mock: Any) -> None:
    mock.yields = [1, 2]
    assert [item async for item in mock(2)] == [1, 2]
    mock.assert_consumed()


async def _enters_factory(mock: Any) -> None:
    mock.return_value.__aenter__.return_value = "session"
    async with mock() as session:
        assert session == "session"
    mock.return_value.__aexit__.assert_awaited_once()


async def _enters_client(mock: Any) -> None:
    async with mock() as client:
        assert client is mock.return_value
        response = await client.get("/")
        assert not inspect.isawaitable(response.json())
        assert not inspect.isawaitable(client.close())


async def _iterates(mock: Any) -> None:
    ticker = mock()
    ticker.__aiter__.return_value = [1, 2, 3]
    assert [tick async for tick in ticker] == [1, 2, 3]


async def _awaits_property(mock: Any) -> None:
    sensor = mock()
    sensor.reading.__await__.return_value = 21.5
    assert await sensor.reading == 21.5
    assert not inspect.isawaitable(sensor.unit())


async def _awaits_and_enters(mock: Any) -> None:
    request = mock()
    async with request as response:
        assert response is not None
    assert await request is response


async def _stays_sync(mock: Any) -> None:
    mock.return_value = 3
    assert not inspect.iscoroutinefunction(mock)
    assert mock(1) == 3


Exercise = Callable[[Any], Awaitable[None]]

#: (case id, attribute of patch_targets, exercise, modes it applies to)
CASES: list[tuple[str, str, Exercise]] = [
    ("coroutine function", "fetch", _awaits),
    ("functools.wraps-wrapped coroutine", "wrapped_fetch", _awaits),
    ("wrapt-wrapped coroutine", "wrapt_fetch", _awaits),
    ("partial of a coroutine", "fetch_partial", _awaits_partial),
    ("awaitable-returning function", "returns_awaitable", _awaits),
    ("object with async __call__", "handler", _awaits),
    ("async generator function", "stream", _streams),
    ("asynccontextmanager factory", "session_factory", _enters_factory),
    ("async context manager class", "Client", _enters_client),
    ("async iterator class", "Ticker", _iterates),
    ("class with an async property", "Sensor", _awaits_property),
    ("awaitable async context manager class", "Request", _awaits_and_enters),
    ("sync function", "plain", _stays_sync),
]

MODES = ["spec", "patch", "autospec"]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("name", "exercise"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
async def test_shape(mode: str, name: str, exercise: Exercise) -> None:
    original = getattr(targets, name)
    if mode == "spec":
        await exercise(amock.MagicMock(spec=original))
    elif mode == "patch":
        with amock.patch.object(targets, name) as mock:
            assert getattr(targets, name) is mock
            await exercise(mock)
        assert getattr(targets, name) is original
    else:
        await exercise(amock.create_autospec(original))


def test_autospec_of_a_partial_checks_the_partials_own_signature() -> None:
    mock = amock.create_autospec(targets.fetch_partial)
    with pytest.raises(TypeError):
        mock("extra")
    mock.assert_not_called()
