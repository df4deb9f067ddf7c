"""The async toolkit on uvloop: asyncio's API over a different event loop.

amock asks ``asyncio`` for the running loop, futures and thread-safe
callbacks, never for the default loop class, so each feature must behave on
uvloop exactly as on the standard loop. These tests run under anyio's
asyncio backend with ``use_uvloop``.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

import amock
from amock.errors import NeverAwaitedError, WaitTimeoutError

uvloop = pytest.importorskip("uvloop")

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> tuple[str, dict[str, Any]]:
    return ("asyncio", {"use_uvloop": True})


async def test_the_loop_is_uvloop() -> None:
    assert isinstance(asyncio.get_running_loop(), uvloop.Loop)


class Mailer:
    async def send(self, to: str) -> bool:
        raise NotImplementedError


class TestWaiting:
    async def test_waits_for_an_await_in_a_background_task(self) -> None:
        mailer = amock.MagicMock(spec=Mailer)
        asyncio.get_running_loop().create_task(mailer.send("ada"))
        found = await mailer.send.wait_for_await(amock.call("ada"), timeout=1)
        assert found == amock.call("ada")

    async def test_wakes_up_when_another_thread_calls(self) -> None:
        mock = amock.Mock(name="notify")
        thread = threading.Thread(target=lambda: (time.sleep(0.02), mock("from a thread")))
        thread.start()
        try:
            assert await mock.wait_for_call(timeout=2) == amock.call("from a thread")
        finally:
            thread.join()

    async def test_times_out_with_the_calls_that_happened(self) -> None:
        mock = amock.AsyncMock(name="send")
        await mock("other")
        with pytest.raises(WaitTimeoutError, match="'other'"):
            await mock.wait_for_await(amock.call("ada"), timeout=0.01)


class TestHolding:
    async def test_holds_until_released_with_a_value(self) -> None:
        mailer = amock.MagicMock(spec=Mailer)
        with amock.hold(mailer.send) as hold:
            sending = asyncio.create_task(mailer.send("ada"))
            held = await hold.next(timeout=1)
            assert not sending.done()
            held.release(True)
            assert await sending is True

    async def test_a_cancelled_held_call_is_recorded(self) -> None:
        mailer = amock.MagicMock(spec=Mailer)
        with amock.hold(mailer.send) as hold:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(mailer.send("ada"), timeout=0.01)
            (held,) = hold.calls
            assert held.cancelled
        assert mailer.send.cancelled_awaits == [amock.call("ada")]


class TestTime:
    async def test_a_delay_sleeps_on_the_running_loop(self) -> None:
        mock = amock.AsyncMock(return_value=1, delay=0.05)
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await mock() == 1
        assert loop.time() - started >= 0.04

    async def test_a_checkpoint_lets_other_tasks_run(self) -> None:
        mock = amock.AsyncMock(checkpoint=True)
        ran: list[str] = []

        async def other() -> None:
            ran.append("other")

        task = asyncio.create_task(other())
        await mock()
        assert ran == ["other"]
        await task

    async def test_a_patched_sleep_yields_so_a_polling_loop_can_be_cancelled(self) -> None:
        async def poll() -> None:
            while True:  # noqa: ASYNC110 - a polling loop is what this tests
                await asyncio.sleep(1)

        with amock.patch("asyncio.sleep") as sleep:
            task = asyncio.create_task(poll())
            await sleep.wait_for_await(times=3, timeout=1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task


class TestTaskLocalAndStrict:
    async def test_a_task_local_patch_is_seen_only_by_its_task(self) -> None:
        seen: dict[str, Any] = {}
        started = asyncio.Event()
        release = asyncio.Event()

        async def bystander() -> None:
            started.set()
            await release.wait()
            seen["bystander"] = time.monotonic

        task = asyncio.create_task(bystander())
        await started.wait()
        with amock.patch("time.monotonic", scope="task", return_value=1.0):
            release.set()
            await task
            seen["patcher"] = time.monotonic()
        assert seen["patcher"] == 1.0
        assert not isinstance(seen["bystander"], amock.NonCallableMock)

    async def test_strict_reports_a_call_never_awaited(self) -> None:
        mailer = amock.MagicMock(spec=Mailer)
        with pytest.raises(NeverAwaitedError, match=r"send\('ada'\)"):
            async with amock.strict():
                mailer.send("ada")
