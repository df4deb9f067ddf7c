# ruff: noqa: PT009, PT027
"""IsolatedAsyncioTestCase classes with AsyncMock, in the stdlib's style."""

import asyncio
import json
import os
import unittest
from unittest import mock
from unittest.mock import ANY, AsyncMock, MagicMock, call, patch

import pantry.http
import pantry.retry
import pantry.service
import pantry.worker
from pantry.cache import TTLCache, memoize
from pantry.config import Settings
from pantry.http import AsyncApiClient, AsyncTransport, HTTPError, Response
from pantry.notify import Notifier
from pantry.retry import RetryError, async_retry
from pantry.service import InventoryService, OutOfStockError, build_service
from pantry.worker import Job, Worker, poll


def ok(payload, status=200):
    return Response(status, json.dumps(payload).encode())


class AsyncClientTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.transport = AsyncMock(spec=AsyncTransport)
        self.client = AsyncApiClient("https://api.test", token="t", transport=self.transport)

    async def test_get_json_awaits_the_transport_once(self):
        self.transport.send.return_value = ok({"sku": "A"})
        self.assertEqual(await self.client.get_json("/items/A"), {"sku": "A"})
        self.transport.send.assert_awaited_once_with(
            "GET", "https://api.test/items/A", headers=ANY, timeout=5.0
        )
        self.assertEqual(self.transport.send.await_count, 1)

    @patch("pantry.retry.asyncio.sleep", new_callable=AsyncMock)
    async def test_connection_errors_are_retried(self, sleep):
        self.transport.send.side_effect = [ConnectionError("reset"), ok([1, 2])]
        self.assertEqual(await self.client.get_json("/items"), [1, 2])
        sleep.assert_awaited_once_with(0.5)
        self.assertEqual(
            self.transport.send.await_args_list,
            [call("GET", "https://api.test/items", headers=ANY, timeout=5.0)] * 2,
        )

    @patch("asyncio.sleep")
    async def test_every_attempt_fails(self, sleep):
        self.transport.send.side_effect = ConnectionError("down")
        with self.assertRaises(RetryError):
            await self.client.get_json("/items")
        self.assertEqual(sleep.await_args_list, [call(0.5), call(1.0)])
        self.assertEqual(self.transport.send.await_count, 3)

    async def test_a_server_error_is_raised_at_once(self):
        self.transport.send.return_value = Response(503)
        with self.assertRaises(HTTPError) as raised:
            await self.client.get_json("/items")
        self.assertEqual(raised.exception.status, 503)
        self.transport.send.assert_awaited_once()

    async def test_post_json_with_an_empty_body(self):
        self.transport.send.return_value = Response(204)
        self.assertIsNone(await self.client.post_json("/items/A/take", {"count": 1}))
        (method, url), kwargs = self.transport.send.await_args
        self.assertEqual((method, url), ("POST", "https://api.test/items/A/take"))
        self.assertEqual(kwargs["body"], b'{"count": 1}')

    async def test_async_with_closes_the_transport(self):
        async with self.client as entered:
            self.assertIs(entered, self.client)
            self.transport.aclose.assert_not_awaited()
        self.transport.aclose.assert_awaited_once_with()

    async def test_the_spec_refuses_unknown_methods(self):
        with self.assertRaises(AttributeError):
            self.transport.fetch  # noqa: B018


class RetryWithPatchedClocks(unittest.IsolatedAsyncioTestCase):
    @patch("pantry.retry.time.monotonic")
    @patch("pantry.retry.asyncio.sleep")
    async def test_the_deadline_reads_the_clock_between_attempts(self, sleep, monotonic):
        monotonic.side_effect = [0.0, 5.0, 11.0]
        attempt = AsyncMock(side_effect=ConnectionError("slow"))
        with self.assertRaises(RetryError) as raised:
            await async_retry(attempt, attempts=10, base_delay=4.0, deadline=12.0)
        self.assertEqual(raised.exception.attempts, 2)
        sleep.assert_awaited_once_with(4.0)
        self.assertEqual(monotonic.call_count, 3)

    @patch("pantry.retry.asyncio.sleep")
    async def test_only_the_listed_errors_are_retried(self, sleep):
        attempt = AsyncMock(side_effect=[TimeoutError(), ValueError("bad")])
        with self.assertRaises(ValueError):
            await async_retry(attempt, retry_on=(TimeoutError,))
        self.assertEqual(attempt.await_count, 2)
        sleep.assert_awaited_once()


@patch("pantry.worker.log")
class WorkerTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.handler = AsyncMock(name="handler")
        self.notifier = AsyncMock(spec=Notifier)
        self.worker = Worker(self.handler, notifier=self.notifier, max_attempts=2)
        self.worker.start()
        self.addAsyncCleanup(self.worker.stop)

    async def test_jobs_reach_the_handler_in_order(self, log):
        await self.worker.submit("count", sku="A")
        await self.worker.submit("count", sku="B")
        await self.worker.drain()
        self.handler.assert_has_awaits(
            [call(Job("count", {"sku": "A"}, 1)), call(Job("count", {"sku": "B"}, 1))]
        )
        self.assertEqual(self.worker.processed, 2)
        self.notifier.job_failed.assert_not_awaited()

    async def test_a_failing_job_is_retried_then_reported(self, log):
        error = RuntimeError("boom")
        self.handler.side_effect = error
        await self.worker.submit("restock", sku="C")
        await self.worker.drain()
        self.assertEqual(self.handler.await_count, 2)
        self.notifier.job_failed.assert_awaited_once_with(ANY, error)
        (job, _), _ = self.notifier.job_failed.await_args
        self.assertEqual(job.attempts, 2)
        log.info.assert_called_once()

    async def test_one_failure_then_success(self, log):
        self.handler.side_effect = [RuntimeError("once"), None]
        await self.worker.submit("count")
        await self.worker.drain()
        self.assertEqual(self.worker.processed, 1)
        self.assertEqual(self.worker.failed, [])

    def test_a_sync_test_method_gets_the_class_patch(self, log):
        self.assertIs(pantry.worker.log, log)


class PollTests(unittest.IsolatedAsyncioTestCase):
    @patch("pantry.worker.asyncio.sleep", side_effect=[None, None, asyncio.CancelledError])
    async def test_changes_are_reported_once_each(self, sleep):
        fetch = AsyncMock(side_effect=[1, 1, 2])
        on_change = AsyncMock()
        with self.assertRaises(asyncio.CancelledError):
            await poll(fetch, on_change, interval=10)
        self.assertEqual(on_change.await_args_list, [call(1), call(2)])
        self.assertEqual(sleep.await_args_list, [call(10)] * 3)

    async def test_a_fetch_error_ends_the_poll(self):
        fetch = AsyncMock(side_effect=OSError("gone"))
        on_change = AsyncMock()
        with self.assertRaises(OSError):
            await poll(fetch, on_change)
        on_change.assert_not_called()
        on_change.assert_not_awaited()


class ServiceTests(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.client = mock.create_autospec(AsyncApiClient, instance=True)
        self.notifier = mock.create_autospec(Notifier, instance=True)
        self.cache = TTLCache(60)
        self.service = InventoryService(self.client, self.cache, self.notifier, low_stock=2)

    async def test_items_are_cached(self):
        self.client.get_json.return_value = {"sku": "A", "stock": 5}
        first = await self.service.item("A")
        second = await self.service.item("A")
        self.assertEqual(first, second)
        self.client.get_json.assert_awaited_once_with("/items/A")
        self.assertEqual(self.cache.hits, 1)

    async def test_stock_levels_gather_every_item(self):
        self.client.get_json.side_effect = lambda path: {"stock": len(path)}
        levels = await self.service.stock_levels(["A", "BB"])
        self.assertEqual(levels, {"A": 8, "BB": 9})
        self.client.get_json.assert_has_awaits(
            [call("/items/A"), call("/items/BB")], any_order=True
        )

    async def test_taking_the_last_items_notifies(self):
        self.client.get_json.return_value = {"stock": 3}
        self.client.post_json.return_value = {"stock": 1}
        self.assertEqual(await self.service.take("A", 2), 1)
        self.client.post_json.assert_awaited_once_with("/items/A/take", {"count": 2})
        self.notifier.low_stock.assert_awaited_once_with("A", 1)

    async def test_taking_too_many_posts_nothing(self):
        self.client.get_json.return_value = {"stock": 1}
        with self.assertRaises(OutOfStockError) as raised:
            await self.service.take("A", 5)
        self.assertEqual((raised.exception.available, raised.exception.wanted), (1, 5))
        self.client.post_json.assert_not_awaited()
        self.notifier.low_stock.assert_not_called()

    async def test_restock_keeps_going_after_a_failure(self):
        self.client.post_json.side_effect = [None, HTTPError(500, "/x"), None]
        failed = await self.service.restock_all({"A": 1, "B": 2, "C": 3})
        self.assertEqual(failed, ["B"])
        self.client.post_json.assert_any_await("/items/B/restock", {"count": 2})
        self.assertEqual(self.client.post_json.await_count, 3)

    async def test_the_autospec_checks_arguments(self):
        with self.assertRaises(TypeError):
            await self.client.get_json()
        with self.assertRaises(TypeError):
            await self.service.take("A")

    async def test_seal_stops_new_attributes(self):
        self.notifier.low_stock.return_value = None
        mock.seal(self.notifier)
        with self.assertRaises(AttributeError):
            self.notifier.page_someone  # noqa: B018
        with self.assertRaises(AttributeError):
            self.notifier.low_stock.retries  # noqa: B018
        await self.notifier.low_stock("A", 0)
        self.notifier.low_stock.assert_awaited_once_with("A", 0)


@patch.object(pantry.service, "Mailer", autospec=True)
@patch.object(pantry.service, "AsyncApiClient")
class BuildServiceTests(unittest.IsolatedAsyncioTestCase):
    settings = Settings("https://api.test", "tok", 1.0, 4, False)

    async def test_the_service_is_wired_from_settings(self, client_class, mailer_class):
        service = build_service(self.settings)
        client_class.assert_called_once_with("https://api.test", token="tok", timeout=1.0)
        mailer_class.assert_called_once_with("mail.example.org")
        self.assertIs(service.client, client_class.return_value)
        self.assertEqual(service.low_stock, 4)

    async def test_the_notifier_posts_through_the_client(self, client_class, mailer_class):
        client_class.return_value.post_json = AsyncMock(return_value=None)
        service = build_service(self.settings)
        await service.notifier.low_stock("A", 1)
        client_class.return_value.post_json.assert_awaited_once_with(
            "/hooks/chat", {"channel": "#stock", "text": "A is running low: 1 left"}
        )

    async def test_a_failed_job_is_mailed_from_a_thread(self, client_class, mailer_class):
        client_class.return_value.post_json = AsyncMock()
        service = build_service(self.settings)
        await service.notifier.job_failed(Job("count", attempts=3), RuntimeError("x"))
        mailer_class.return_value.send.assert_called_once_with(
            "ops@example.org", "count failed", "job count failed after 3 attempts: x"
        )


class MemoizeTests(unittest.IsolatedAsyncioTestCase):
    async def test_an_async_function_is_loaded_once_per_key(self):
        loader = AsyncMock(return_value={"v": 1})

        async def load(key):
            return await loader(key)

        cached = memoize(TTLCache(10))(load)
        results = await asyncio.gather(cached("a"), cached("a"), cached("b"))
        self.assertEqual(results, [{"v": 1}] * 3)
        self.assertEqual(loader.await_args_list, [call("a"), call("b")])

    @patch("pantry.cache.time.monotonic", side_effect=[0.0, 1.0, 11.0, 11.0, 12.0])
    async def test_entries_expire(self, monotonic):
        loader = MagicMock(side_effect=["old", "new"])
        loader.__name__ = "loader"  # the cache's keys are built from it
        cached = memoize(TTLCache(10))(loader)
        self.assertEqual(cached("k"), "old")  # a miss without a read; set at 0.0
        self.assertEqual(cached("k"), "old")  # 1.0: a hit
        self.assertEqual(cached("k"), "new")  # 11.0: expired; set at 11.0
        self.assertEqual(loader.call_count, 2)


class MagicMockAsyncProtocols(unittest.IsolatedAsyncioTestCase):
    async def test_a_magic_mock_is_an_async_context_manager(self):
        session = MagicMock()
        session.__aenter__.return_value.fetch = AsyncMock(return_value=b"data")
        async with session as entered:
            self.assertEqual(await entered.fetch(), b"data")
        session.__aexit__.assert_awaited_once()

    async def test_a_magic_mock_is_an_async_iterator(self):
        stream = MagicMock()
        stream.__aiter__.return_value = [b"a", b"b"]
        self.assertEqual([chunk async for chunk in stream], [b"a", b"b"])

    async def test_async_mock_side_effect_can_be_a_coroutine_function(self):
        async def answer(question):
            await asyncio.sleep(0)
            return len(question)

        oracle = AsyncMock(side_effect=answer)
        self.assertEqual(await oracle("why"), 3)
        oracle.assert_awaited_once_with("why")

    async def test_environment_patch_in_an_async_test(self):
        with patch.dict(os.environ, {"PANTRY_TOKEN": "async"}):
            client = AsyncApiClient("https://api.test", transport=AsyncMock())
        self.assertEqual(client.token, "async")


if __name__ == "__main__":
    unittest.main()
