"""pytest with anyio's plugin and plain asyncio.run, every warning an error (pyproject.toml)."""

import asyncio
import gc
import inspect
import logging
import warnings
from unittest import mock
from unittest.mock import AsyncMock, MagicMock, Mock, call, create_autospec, patch

import pytest
from pantry.cache import TTLCache
from pantry.events import EventBus
from pantry.http import AsyncApiClient, AsyncTransport, Response
from pantry.notify import Notifier
from pantry.worker import Job, Worker, first_completed, poll

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def bus():
    return EventBus(timeout=1.0)


def on_stock(payload):
    """A sync handler, as the app registers them."""


async def on_stock_async(payload):
    """An async handler."""


# -- handlers of each kind --------------------------------------------------------------------


async def test_sync_and_async_handlers(bus):
    sync_handler = MagicMock()
    async_handler = AsyncMock()
    bus.subscribe("stock", sync_handler)
    bus.subscribe("stock", async_handler)
    assert await bus.publish("stock", {"sku": "A"}) == 2
    sync_handler.assert_called_once_with({"sku": "A"})
    async_handler.assert_awaited_once_with({"sku": "A"})


async def test_an_autospecced_sync_handler_is_called(bus):
    handler = create_autospec(on_stock)
    assert not inspect.iscoroutinefunction(handler)
    bus.subscribe("stock", handler)
    assert await bus.publish("stock", 1) == 1
    handler.assert_called_once_with(1)
    with pytest.raises(TypeError):
        handler()


async def test_a_patched_async_handler_is_awaited(bus):
    with patch(f"{__name__}.on_stock_async") as handler:
        bus.subscribe("stock", on_stock_async)
        assert await bus.publish("stock", 2) == 1
    handler.assert_awaited_once_with(2)


async def test_a_failing_handler_is_logged(bus, caplog):
    failing = AsyncMock(side_effect=RuntimeError("handler broke"))
    fine = Mock()
    bus.subscribe("stock", failing)
    bus.subscribe("stock", fine)
    with caplog.at_level(logging.ERROR, logger="pantry.events"):
        assert await bus.publish("stock", None) == 1
    assert "handler broke" in caplog.text
    fine.assert_called_once_with(None)


async def test_a_slow_handler_times_out_without_leaking(bus):
    never = asyncio.Event()

    async def wait_forever(payload):
        await never.wait()

    slow = AsyncMock(side_effect=wait_forever)
    bus.timeout = 0.01
    bus.subscribe("stock", slow)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert await bus.publish("stock", 1) == 0
        gc.collect()
    assert [str(each.message) for each in caught] == []
    slow.assert_awaited_once_with(1)


async def test_the_decorator_registers(bus):
    handler = AsyncMock()
    assert bus.on("restock")(handler) is handler
    await bus.publish("restock", 3)
    assert handler.await_args_list == [call(3)]


async def test_publish_soon_returns_the_task(bus):
    handler = AsyncMock(return_value=None)
    bus.subscribe("t", handler)
    task = bus.publish_soon("t", "p")
    assert await task == 1
    handler.assert_awaited_once_with("p")


async def test_the_deprecated_name_warns(bus):
    with pytest.warns(DeprecationWarning, match=r"emit\(\) is deprecated"):
        task = bus.emit("t", None)
    assert await task == 0


@pytest.mark.filterwarnings("ignore:EventBus.emit:DeprecationWarning")
async def test_the_deprecated_name_still_works(bus):
    handler = Mock()
    bus.subscribe("t", handler)
    assert await bus.emit("t", 5) == 1


# -- the worker and its helpers ---------------------------------------------------------------


async def test_first_completed_cancels_the_others():
    fast = AsyncMock(return_value="fast")
    blocker = asyncio.Event()
    done = await first_completed(fast(), blocker.wait(), timeout=1)
    assert done.result() == "fast"
    fast.assert_awaited_once()


async def test_first_completed_times_out():
    blocker = asyncio.Event()
    assert await first_completed(blocker.wait(), timeout=0.01) is None


async def test_run_until_stopped_with_a_real_event():
    handler = AsyncMock()
    worker = Worker(handler, notifier=AsyncMock(spec=Notifier))
    await worker.submit("count", sku="A")
    asyncio.get_running_loop().call_later(0.05, worker.stopping.set)
    await worker.run_until_stopped(timeout=5)
    handler.assert_awaited_once_with(Job("count", {"sku": "A"}, 1))


async def test_a_failing_job_is_reported_once():
    handler = AsyncMock(side_effect=[ValueError("a"), ValueError("b")])
    notifier = AsyncMock(spec=Notifier)
    worker = Worker(handler, notifier=notifier, max_attempts=2)
    worker.start()
    await worker.submit("count")
    await worker.drain()
    await worker.stop()
    notifier.job_failed.assert_awaited_once()
    job, error = notifier.job_failed.await_args.args
    assert (job.attempts, str(error)) == (2, "b")


async def test_poll_with_a_patched_sleep():
    fetch = AsyncMock(side_effect=["a", "b", "b"])
    on_change = AsyncMock()
    with (
        patch("asyncio.sleep", side_effect=[None, None, asyncio.CancelledError()]) as sleep,
        pytest.raises(asyncio.CancelledError),
    ):
        await poll(fetch, on_change, interval=1)
    assert on_change.await_args_list == [call("a"), call("b")]
    assert sleep.await_count == 3


async def test_a_background_poll_is_cancelled_cleanly():
    fetch = AsyncMock(return_value=1)
    changed = asyncio.Event()
    on_change = AsyncMock(side_effect=lambda value: changed.set())
    task = asyncio.create_task(poll(fetch, on_change, interval=0.01))
    await asyncio.wait_for(changed.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    on_change.assert_awaited_once_with(1)


# -- the async client ---------------------------------------------------------------------


async def test_the_client_with_an_autospecced_transport():
    transport = create_autospec(AsyncTransport, instance=True)
    transport.send.return_value = Response(200, b'{"n": 1}')
    async with AsyncApiClient("https://api.test", transport=transport) as client:
        assert await client.get_json("/n") == {"n": 1}
    transport.aclose.assert_awaited_once_with()
    with pytest.raises(TypeError):
        await transport.send("GET")


async def test_a_magic_mock_transport_with_async_children():
    transport = MagicMock()
    transport.send = AsyncMock(return_value=Response(204))
    transport.aclose = AsyncMock()
    client = AsyncApiClient("https://api.test", transport=transport)
    assert await client.post_json("/x", {}) is None
    await client.aclose()
    transport.aclose.assert_awaited_once()


async def test_cache_with_a_patched_clock():
    with patch("pantry.cache.time.monotonic", side_effect=[0.0, 5.0, 20.0]):
        cache = TTLCache(10)
        cache.set("k", "v")
        assert cache.get("k") == "v"
        assert cache.get("k") is None
    assert len(cache) == 0


# -- plain asyncio.run, no plugin -----------------------------------------------------------


def test_asyncio_run_with_an_async_mock():
    fetch = AsyncMock(return_value={"ok": True})
    assert asyncio.run(fetch("x")) == {"ok": True}
    fetch.assert_awaited_once_with("x")


def test_asyncio_run_with_a_patched_coroutine_function():
    with patch.object(AsyncTransport, "send", return_value=Response(200, b"[]")) as send:
        client = AsyncApiClient("https://api.test")
        assert asyncio.run(client.get_json("/")) == []
    assert isinstance(send, AsyncMock)
    send.assert_awaited_once()


def test_an_async_mock_call_that_is_closed_does_not_warn():
    handler = AsyncMock()
    coroutine = handler(1)
    coroutine.close()
    handler.assert_called_once_with(1)
    handler.assert_not_awaited()


def test_mocks_from_the_module_object():
    transport = mock.create_autospec(AsyncTransport, instance=True)
    transport.send.side_effect = ConnectionError("down")
    assert isinstance(transport.send, mock.AsyncMock)
    with pytest.raises(ConnectionError):
        asyncio.run(transport.send("GET", "/", headers={}, timeout=1))
