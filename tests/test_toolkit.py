"""The async toolkit: waiting for calls, holding awaits, time, strict mode, await checks.

Every async test runs on asyncio and on trio (anyio's plugin); a few run under
plain ``asyncio.run``/``trio.run``, and the virtual-time ones under trio's
``MockClock``, where a delay must take exactly its seconds of the clock and no
real time.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import importlib
import inspect
import math
import selectors
import subprocess
import sys
import threading
import time
import unittest.mock as std
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import anyio.lowlevel
import pytest
import trio
import trio.testing

import amock
from amock import _switches
from amock.errors import (
    HoldError,
    MockConfigurationError,
    NeverAwaitedError,
    NoEventLoopError,
    StrictModeError,
    WaitTimeoutError,
)

pytestmark = pytest.mark.anyio

#: An outer limit on tests that would block forever if the feature regressed.
GUARD = 5
#: The key of a mock's toolkit state in its ``__dict__``.
BEHAVIOUR_KEY = "_amock_behaviour"


def here() -> int:
    """The line of the caller: ``here() + 1`` is the line after it."""
    return sys._getframe(1).f_lineno


def virtual_clock() -> trio.testing.MockClock:
    """A trio clock that jumps to the next deadline as soon as every task is blocked."""
    return trio.testing.MockClock(autojump_threshold=0)


class _JumpingSelector(selectors.DefaultSelector):
    """Waits no real time: a wait for timers moves the loop's virtual clock instead."""

    def __init__(self, clock: list[float]) -> None:
        super().__init__()
        self._clock = clock

    def select(self, timeout: float | None = None) -> list[Any]:
        ready = super().select(0)
        if not ready and timeout is not None and timeout > 0:
            self._clock[0] += timeout
        return ready


def virtual_time_loop() -> asyncio.AbstractEventLoop:
    """An asyncio loop with a virtual clock that jumps to the next timer, as looptime's does."""
    clock = [0.0]
    loop = asyncio.SelectorEventLoop(_JumpingSelector(clock))
    loop.time = lambda: clock[0]  # type: ignore[method-assign]
    return loop


def drive(coroutine: Awaitable[Any]) -> Any:
    """Run ``coroutine`` outside any event loop (it must not suspend)."""
    try:
        coroutine.send(None)  # type: ignore[attr-defined]
    except StopIteration as done:
        return done.value
    raise AssertionError("the coroutine suspended")  # pragma: no cover


@contextlib.asynccontextmanager
async def counting_task() -> AsyncIterator[list[int]]:
    """A task that counts how often it gets to run, until the block ends."""
    counter = [0]
    started = anyio.Event()

    async def count() -> None:
        started.set()
        while True:
            counter[0] += 1
            await anyio.lowlevel.checkpoint()

    async with anyio.create_task_group() as group:
        group.start_soon(count)
        await started.wait()
        yield counter
        group.cancel_scope.cancel()


async def runs_of_other_tasks(mock: Any, awaits: int = 5) -> int:
    """How often another task ran while ``mock`` was awaited ``awaits`` times."""
    async with counting_task() as counter:
        before = counter[0]
        for _ in range(awaits):
            await mock()
        return counter[0] - before


def runtime_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(each.message) for each in caught if issubclass(each.category, RuntimeWarning)]


class Cache:
    async def invalidate(self, key: str) -> None: ...

    def size(self) -> int: ...


class Database:
    async def begin(self) -> None: ...

    async def execute(self, sql: str) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    def dialect(self) -> str: ...


async def fetch(url: str) -> str: ...


# -- waiting for calls and awaits -------------------------------------------------------------


class TestWaitForCall:
    async def test_returns_at_once_with_the_call_when_it_already_happened(self) -> None:
        mock = amock.Mock()
        mock("a", key=1)
        with anyio.fail_after(GUARD):
            assert await mock.wait_for_call() == amock.call("a", key=1)

    async def test_wakes_up_when_a_background_task_makes_the_call(self) -> None:
        mock = amock.Mock(name="notify")

        async def background() -> None:
            await anyio.sleep(0.01)
            mock("done")

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(background)
                assert mock.call_count == 0
                assert await mock.wait_for_call() == amock.call("done")

    async def test_wakes_up_when_another_thread_makes_the_call(self) -> None:
        mock = amock.Mock(name="notify")

        def later() -> None:
            time.sleep(0.05)
            mock("from a thread")

        thread = threading.Thread(target=later)
        thread.start()
        try:
            with anyio.fail_after(GUARD):
                assert await mock.wait_for_call() == amock.call("from a thread")
        finally:
            thread.join()

    async def test_wakes_up_when_a_worker_thread_of_the_framework_makes_the_call(self) -> None:
        mock = amock.Mock(name="notify")

        def later() -> None:
            time.sleep(0.05)
            mock("from a worker")

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(anyio.to_thread.run_sync, later)
                assert await mock.wait_for_call(timeout=GUARD) == amock.call("from a worker")

    async def test_counts_only_the_calls_with_the_expected_arguments(self) -> None:
        mock = amock.Mock()

        async def background() -> None:
            for argument in ("a", "b", "a", "c", "b"):
                await anyio.lowlevel.checkpoint()
                mock(argument, n=len(argument))

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(background)
                found = await mock.wait_for_call(amock.call("b", n=1), times=2)
                assert found == amock.call("b", n=1)
                assert mock.call_args_list.count(amock.call("b", n=1)) == 2

    async def test_waits_for_the_given_number_of_calls(self) -> None:
        mock = amock.Mock()

        async def background() -> None:
            for number in range(3):
                await anyio.lowlevel.checkpoint()
                mock(number)

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(background)
                assert await mock.wait_for_call(times=3) == amock.call(2)
                assert mock.call_count == 3

    async def test_a_call_of_an_async_mock_counts_before_it_is_awaited(self) -> None:
        mock = amock.AsyncMock()
        coroutine = mock("x")
        with anyio.fail_after(GUARD):
            assert await mock.wait_for_call() == amock.call("x")
        await coroutine

    async def test_times_out_with_a_message_naming_the_mock_and_its_calls(self) -> None:
        mock = amock.Mock(name="notify")
        mock("other")
        with pytest.raises(WaitTimeoutError) as info:
            await mock.wait_for_call(amock.call("expected"), timeout=0.05)
        message = str(info.value)
        assert "'notify' was not called with call('expected') 1 time(s)" in message
        assert "within 0.05 seconds" in message
        assert "[call('other')]" in message
        assert isinstance(info.value, TimeoutError)

    async def test_a_call_after_a_timed_out_wait_is_still_recorded(self) -> None:
        mock = amock.Mock()
        with pytest.raises(WaitTimeoutError):
            await mock.wait_for_call(timeout=0.01)
        mock(1)
        assert await mock.wait_for_call() == amock.call(1)

    async def test_a_timeout_of_none_waits_until_an_outer_scope_gives_up(self) -> None:
        mock = amock.Mock()
        with anyio.move_on_after(0.05) as scope:
            await mock.wait_for_call(timeout=None)
        assert scope.cancelled_caught

    async def test_a_timeout_of_none_returns_when_the_call_comes(self) -> None:
        mock = amock.Mock()

        async def background() -> None:
            await anyio.sleep(0.01)
            mock("late")

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(background)
                assert await mock.wait_for_call(timeout=None) == amock.call("late")

    @pytest.mark.parametrize(
        ("arguments", "error", "match"),
        [
            ({"times": 0}, ValueError, "times must be a positive int"),
            ({"times": -1}, ValueError, "times must be a positive int"),
            ({"times": True}, ValueError, "times must be a positive int"),
            ({"times": 1.5}, ValueError, "times must be a positive int"),
            ({"timeout": -1}, ValueError, "timeout must be zero or more seconds"),
            ({"timeout": math.nan}, ValueError, "timeout must be zero or more seconds"),
            ({"timeout": "5"}, MockConfigurationError, "timeout must be a number"),
        ],
    )
    async def test_rejects_bad_arguments(
        self, arguments: dict[str, Any], error: type[Exception], match: str
    ) -> None:
        with pytest.raises(error, match=match):
            await amock.Mock().wait_for_call(**arguments)

    async def test_rejects_an_expected_value_that_is_not_a_call(self) -> None:
        with pytest.raises(MockConfigurationError, match=r"expected must be a call object"):
            await amock.Mock().wait_for_call(("a",))

    @pytest.mark.parametrize("method", ["wait_for_call", "wait_for_await"])
    def test_outside_an_event_loop_raises_no_event_loop_error(self, method: str) -> None:
        mock = amock.AsyncMock()
        with pytest.raises(NoEventLoopError, match=rf"{method}\(\) needs a running event loop"):
            drive(getattr(mock, method)())

    async def test_in_a_thread_without_a_loop_raises_no_event_loop_error(self) -> None:
        mock = amock.Mock()

        def wait_in_thread() -> None:
            drive(mock.wait_for_call(timeout=0))

        with pytest.raises(NoEventLoopError):
            await anyio.to_thread.run_sync(wait_in_thread)

    async def test_works_on_an_autospecced_coroutine_function(self) -> None:
        function = amock.create_autospec(fetch)

        async def background() -> None:
            await anyio.lowlevel.checkpoint()
            await function("/users")

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(background)
                assert await function.wait_for_await() == amock.call("/users")


class TestWaitForAwait:
    async def test_a_call_that_is_not_awaited_does_not_count(self) -> None:
        mock = amock.AsyncMock(name="send")
        coroutine = mock("x")
        with pytest.raises(WaitTimeoutError, match="'send' was not awaited"):
            await mock.wait_for_await(timeout=0.02)
        await coroutine

    async def test_wakes_up_when_a_coroutine_made_earlier_is_awaited(self) -> None:
        mock = amock.AsyncMock(return_value="sent")
        coroutine = mock("x")  # made on the fast path, before anyone waits
        results = []

        async def background() -> None:
            await anyio.sleep(0.01)
            results.append(await coroutine)

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(background)
                assert await mock.wait_for_await() == amock.call("x")
        assert results == ["sent"]

    async def test_waits_for_matching_awaits_from_a_background_task(self) -> None:
        mock = amock.AsyncMock()

        async def background() -> None:
            for page in (1, 2, 1, 3):
                await anyio.lowlevel.checkpoint()
                await mock("/users", page=page)

        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(background)
                found = await mock.wait_for_await(amock.call("/users", page=3))
                assert found == amock.call("/users", page=3)
                assert mock.await_count == 4

    async def test_wakes_up_when_another_thread_awaits_in_its_own_loop(self) -> None:
        mock = amock.AsyncMock(name="send")

        def other_loop() -> None:
            time.sleep(0.05)
            asyncio.run(mock("elsewhere"))

        thread = threading.Thread(target=other_loop)
        thread.start()
        try:
            with anyio.fail_after(GUARD):
                assert await mock.wait_for_await() == amock.call("elsewhere")
        finally:
            thread.join()


class TestZeroTimeout:
    @pytest.mark.parametrize("method", ["wait_for_call", "wait_for_await", "hold.next"])
    async def test_a_zero_timeout_times_out_at_once_without_a_warning(self, method: str) -> None:
        mock = amock.AsyncMock()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with amock.hold(mock) as hold, pytest.raises(WaitTimeoutError):
                await (hold.next if method == "hold.next" else getattr(mock, method))(timeout=0)
            gc.collect()
        assert runtime_warnings(caught) == []


# -- holding awaits ----------------------------------------------------------------------------


async def held_in_task(
    group: anyio.abc.TaskGroup, hold: amock.Hold, call: Callable[[], Awaitable[Any]]
) -> tuple[amock.HeldCall, list[Any]]:
    """Start ``call`` in a task and wait until the hold has it; its outcome goes to the list."""
    outcome: list[Any] = []

    async def run() -> None:
        try:
            outcome.append(await call())
        except Exception as error:
            outcome.append(error)

    group.start_soon(run)
    return await hold.next(), outcome


class TestHold:
    async def test_holds_the_await_until_released_with_a_value(self) -> None:
        mock = amock.AsyncMock(return_value="own", name="reserve")
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                held, outcome = await held_in_task(group, hold, lambda: mock("lamp", n=2))
                assert held.args == ("lamp",)
                assert held.kwargs == {"n": 2}
                assert held.call == amock.call("lamp", n=2)
                assert mock.await_args_list == [amock.call("lamp", n=2)]
                await anyio.sleep(0.01)
                assert outcome == []  # still in flight
                assert hold.held == [held]
                held.release("given")
            assert outcome == ["given"]
            assert held.released
            assert not held.cancelled
            assert hold.held == []

    async def test_release_without_a_value_gives_the_mocks_own_outcome(self) -> None:
        mock = amock.AsyncMock(side_effect=lambda item: f"reserved {item}")
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                held, outcome = await held_in_task(group, hold, lambda: mock("lamp"))
                held.release()
            assert outcome == ["reserved lamp"]

    @pytest.mark.parametrize("error", [ValueError("sold out"), ValueError])
    async def test_fail_raises_the_exception_at_the_await(
        self, error: BaseException | type[BaseException]
    ) -> None:
        mock = amock.AsyncMock(return_value="own")
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                held, outcome = await held_in_task(group, hold, mock)
                held.fail(error)
            (raised,) = outcome
            assert isinstance(raised, ValueError)
            if isinstance(error, BaseException):
                assert raised is error
            assert held.released

    async def test_fail_rejects_what_is_not_an_exception(self) -> None:
        mock = amock.AsyncMock()
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                held, _ = await held_in_task(group, hold, mock)
                with pytest.raises(MockConfigurationError, match="exception instance or class"):
                    held.fail("sold out")  # type: ignore[arg-type]
                held.release()

    async def test_next_gives_the_held_calls_in_order(self) -> None:
        mock = amock.AsyncMock()
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                first, first_outcome = await held_in_task(group, hold, lambda: mock(1))
                second, second_outcome = await held_in_task(group, hold, lambda: mock(2))
                assert (first.args, second.args) == ((1,), (2,))
                assert hold.held == [first, second]
                second.release("two")
                first.release("one")
            assert (first_outcome, second_outcome) == (["one"], ["two"])
            assert hold.calls == [first, second]

    @pytest.mark.parametrize(("verb", "expected"), [("release", "all"), ("fail", "error")])
    async def test_the_hold_releases_every_call_held_right_now(
        self, verb: str, expected: str
    ) -> None:
        mock = amock.AsyncMock()
        error = ValueError("down")
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                _, first = await held_in_task(group, hold, lambda: mock(1))
                _, second = await held_in_task(group, hold, lambda: mock(2))
                if verb == "release":
                    hold.release("all")
                else:
                    hold.fail(error)
            assert hold.held == []
            assert all(held.released for held in hold.calls)
        assert first == second == ([expected] if verb == "release" else [error])

    @pytest.mark.parametrize("times", [1, 3])
    async def test_times_holds_only_the_next_n_awaits(self, times: int) -> None:
        mock = amock.AsyncMock(return_value="direct")
        with anyio.fail_after(GUARD), amock.hold(mock, times=times) as hold:
            async with anyio.create_task_group() as group:
                held = [
                    await held_in_task(group, hold, lambda number=number: mock(number))
                    for number in range(times)
                ]
                assert await mock("next") == "direct"  # not held: it would block here
                for number, (call, _) in enumerate(held):
                    call.release(number * 10)
            assert [outcome for _, outcome in held] == [[number * 10] for number in range(times)]
            assert len(hold.calls) == times
        assert mock.await_args_list == [*map(amock.call, range(times)), amock.call("next")]

    async def test_a_call_made_before_the_hold_began_is_held_when_awaited(self) -> None:
        mock = amock.AsyncMock(return_value="own")
        coroutine = mock("early")  # made on the fast path, before the hold exists
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                held, outcome = await held_in_task(group, hold, lambda: coroutine)
                assert held.call == amock.call("early")
                held.release("late")
            assert outcome == ["late"]

    async def test_a_cancelled_held_call_is_recorded_as_cancelled(self) -> None:
        mock = amock.AsyncMock(name="reserve")
        scope = anyio.CancelScope()

        async def reserve() -> None:
            with scope:
                await mock("lamp")

        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                group.start_soon(reserve)
                held = await hold.next()
                scope.cancel()
            assert scope.cancelled_caught
            assert held.cancelled
            assert not held.released
            assert hold.held == []
            assert hold.calls == [held]
        assert mock.cancelled_awaits == [amock.call("lamp")]

    @pytest.mark.parametrize("verb", ["release", "fail"])
    async def test_releasing_a_cancelled_call_raises_hold_error(self, verb: str) -> None:
        mock = amock.AsyncMock()
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            with anyio.move_on_after(0.01):
                await mock()
            (held,) = hold.calls
            with pytest.raises(HoldError, match="already cancelled"):
                getattr(held, verb)(ValueError("late"))

    async def test_a_timeout_around_the_code_under_test_fires_while_held(self) -> None:
        mock = amock.AsyncMock(return_value=True)
        busy = []

        async def buy() -> str:
            with anyio.move_on_after(0.05):
                busy.append(True)
                try:
                    return "bought" if await mock("lamp") else "sold out"
                finally:
                    busy.append(False)
            return "try again later"

        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            assert await buy() == "try again later"
            (held,) = hold.calls
            assert held.cancelled
        assert busy == [True, False]
        assert mock.cancelled_awaits == [amock.call("lamp")]

    async def test_fail_after_around_a_held_call_raises_timeout_error(self) -> None:
        mock = amock.AsyncMock()
        with amock.hold(mock) as hold:
            with pytest.raises(TimeoutError), anyio.fail_after(0.05):
                await mock("slow")
            assert hold.calls[0].cancelled
        assert mock.cancelled_awaits == [amock.call("slow")]

    @pytest.mark.parametrize("form", ["with", "async with", "stop"])
    async def test_ending_the_hold_releases_what_is_held_with_the_mocks_outcome(
        self, form: str
    ) -> None:
        mock = amock.AsyncMock(return_value="own")
        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                hold = amock.hold(mock)
                async with contextlib.AsyncExitStack() as stack:
                    if form == "with":
                        stack.enter_context(hold)
                    elif form == "async with":
                        await stack.enter_async_context(hold)
                    else:
                        stack.callback(hold.stop)
                    _, first = await held_in_task(group, hold, mock)
                    _, second = await held_in_task(group, hold, mock)
                    assert len(hold.held) == 2
        assert first == second == ["own"]
        assert not hold.active
        assert all(held.released for held in hold.calls)
        assert await mock() == "own"  # no longer held
        assert len(hold.calls) == 2

    async def test_stop_twice_does_nothing_the_second_time(self) -> None:
        mock = amock.AsyncMock(return_value=1)
        hold = amock.hold(mock)
        hold.stop()
        hold.stop()
        assert not hold.active
        assert await mock() == 1

    async def test_a_mock_can_be_held_again_after_the_hold_stopped(self) -> None:
        mock = amock.AsyncMock()
        with amock.hold(mock):
            pass
        with anyio.fail_after(GUARD), amock.hold(mock) as again:
            async with anyio.create_task_group() as group:
                held, outcome = await held_in_task(group, again, mock)
                held.release("again")
            assert outcome == ["again"]

    async def test_next_without_a_timeout_waits_for_the_await(self) -> None:
        mock = amock.AsyncMock(return_value="own")
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                outcome: list[Any] = []

                async def run() -> None:
                    await anyio.sleep(0.01)
                    outcome.append(await mock("late"))

                group.start_soon(run)
                held = await hold.next(timeout=None)
                assert held.args == ("late",)
                held.release()
            assert outcome == ["own"]

    async def test_next_times_out_when_nothing_is_awaited(self) -> None:
        mock = amock.AsyncMock(name="reserve")
        with (
            amock.hold(mock) as hold,
            pytest.raises(WaitTimeoutError, match=r"no await of 'reserve' was held"),
        ):
            await hold.next(timeout=0.02)

    async def test_next_rejects_a_negative_timeout(self) -> None:
        with amock.hold(amock.AsyncMock()) as hold, pytest.raises(ValueError, match="timeout"):
            await hold.next(timeout=-1)

    def test_next_outside_an_event_loop_raises_no_event_loop_error(self) -> None:
        with amock.hold(amock.AsyncMock()) as hold, pytest.raises(NoEventLoopError):
            drive(hold.next())

    async def test_a_held_call_can_be_released_from_a_worker_thread(self) -> None:
        mock = amock.AsyncMock()
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                held, outcome = await held_in_task(group, hold, mock)
                await anyio.to_thread.run_sync(held.release, "from a thread")
            assert outcome == ["from a thread"]

    async def test_holds_an_await_made_in_another_threads_event_loop(self) -> None:
        mock = amock.AsyncMock(return_value="own")
        outcome = []
        thread = threading.Thread(target=lambda: outcome.append(asyncio.run(mock("thread"))))
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            thread.start()
            try:
                held = await hold.next()
                assert held.call == amock.call("thread")
                held.release("released")
            finally:
                await anyio.to_thread.run_sync(thread.join)
        assert outcome == ["released"]

    async def test_holds_an_autospecced_method(self) -> None:
        database = amock.create_autospec(Database, instance=True)
        with anyio.fail_after(GUARD), amock.hold(database.execute) as hold:
            async with anyio.create_task_group() as group:
                held, outcome = await held_in_task(group, hold, lambda: database.execute("SQL"))
                assert held.args == ("SQL",)
                held.release("done")
            assert outcome == ["done"]


class TestHoldMisuse:
    @pytest.mark.parametrize("verb", ["release", "fail"])
    def test_releasing_when_nothing_is_held_raises_hold_error(self, verb: str) -> None:
        with (
            amock.hold(amock.AsyncMock(name="reserve")) as hold,
            pytest.raises(HoldError, match=r"no await of 'reserve' is held right now"),
        ):
            getattr(hold, verb)(ValueError())

    @pytest.mark.parametrize(("first", "second"), [("release", "release"), ("fail", "release")])
    async def test_releasing_a_held_call_twice_raises_hold_error(
        self, first: str, second: str
    ) -> None:
        mock = amock.AsyncMock()
        with anyio.fail_after(GUARD), amock.hold(mock) as hold:
            async with anyio.create_task_group() as group:
                held, _ = await held_in_task(group, hold, mock)
                getattr(held, first)(ValueError())
                with pytest.raises(HoldError, match="already released"):
                    getattr(held, second)()

    def test_a_second_hold_while_one_is_active_raises_hold_error(self) -> None:
        mock = amock.AsyncMock(name="reserve")
        with amock.hold(mock), pytest.raises(HoldError, match="'reserve' is already held"):
            amock.hold(mock)

    @pytest.mark.parametrize(
        ("target", "match"),
        [
            (amock.Mock(name="sync"), "the sync mock 'sync'"),
            (amock.MagicMock(name="sync"), "the sync mock 'sync'"),
            (amock.AsyncGeneratorMock(name="stream"), "the sync mock 'stream'"),
            (std.AsyncMock(), "use amock.AsyncMock"),
            (fetch, "which is not a mock"),
        ],
        ids=["Mock", "MagicMock", "AsyncGeneratorMock", "stdlib AsyncMock", "function"],
    )
    def test_holding_what_is_not_an_async_mock_raises_configuration_error(
        self, target: Any, match: str
    ) -> None:
        with pytest.raises(MockConfigurationError, match=match):
            amock.hold(target)

    @pytest.mark.parametrize("times", [0, -1, True, 1.0])
    def test_rejects_bad_times(self, times: Any) -> None:
        with pytest.raises(ValueError, match="times must be a positive int or None"):
            amock.hold(amock.AsyncMock(), times=times)


# -- time: delays and scheduling points --------------------------------------------------------


def async_mock_with_delay(delay: Any) -> Any:
    return amock.AsyncMock(delay=delay)


def async_mock_then_delay(delay: Any) -> Any:
    mock = amock.AsyncMock()
    mock.delay = delay
    return mock


class TestDelay:
    async def test_sleeps_with_the_framework_while_other_tasks_run(self) -> None:
        mock = amock.AsyncMock(return_value="page", delay=0.05)
        ran = []

        async def meanwhile() -> None:
            ran.append(anyio.current_time())

        start = anyio.current_time()
        async with anyio.create_task_group() as group:
            group.start_soon(meanwhile)
            assert await mock("/") == "page"
            end = anyio.current_time()
        assert end - start >= 0.04
        assert ran
        assert ran[0] < end

    async def test_a_callable_delay_gets_the_arguments_of_each_call(self) -> None:
        seconds = amock.Mock(return_value=0)
        mock = amock.AsyncMock(delay=seconds)
        await mock(1, key="a")
        await mock(2)
        assert seconds.call_args_list == [amock.call(1, key="a"), amock.call(2)]

    async def test_a_delay_set_as_an_attribute_applies(self) -> None:
        mock = amock.AsyncMock()
        mock.delay = 0.05
        start = anyio.current_time()
        await mock()
        assert anyio.current_time() - start >= 0.04
        assert mock.delay == 0.05

    async def test_a_cancelled_delayed_call_is_recorded_as_cancelled(self) -> None:
        mock = amock.AsyncMock(delay=GUARD * 2)
        with anyio.fail_after(GUARD), anyio.move_on_after(0.02) as scope:
            await mock("/")
        assert scope.cancelled_caught
        assert mock.cancelled_awaits == [amock.call("/")]

    @pytest.mark.parametrize(
        ("value", "error", "match"),
        [
            (-1, ValueError, "delay must be zero or more seconds"),
            (-0.5, ValueError, "delay must be zero or more seconds"),
            (math.nan, ValueError, "delay must be zero or more seconds"),
            ("1", MockConfigurationError, "delay must be a number of seconds"),
            (True, MockConfigurationError, "delay must be a number of seconds"),
        ],
    )
    @pytest.mark.parametrize("how", ["constructor", "attribute"])
    def test_rejects_a_bad_delay(
        self, value: Any, error: type[Exception], match: str, how: str
    ) -> None:
        make = async_mock_with_delay if how == "constructor" else async_mock_then_delay
        with pytest.raises(error, match=match):
            make(value)

    @pytest.mark.parametrize(
        ("returned", "error", "match"),
        [
            (-1, ValueError, "delay must be zero or more seconds"),
            ("soon", MockConfigurationError, r"'slow' returned 'soon'"),
        ],
    )
    async def test_a_delay_callable_returning_a_bad_value_fails_the_await(
        self, returned: Any, error: type[Exception], match: str
    ) -> None:
        mock = amock.AsyncMock(name="slow", delay=lambda: returned)
        coroutine = mock()  # the call itself is fine
        with pytest.raises(error, match=match):
            await coroutine


class TestDelayOnAVirtualClock:
    def test_a_delay_takes_exactly_its_seconds_of_the_clock_and_no_real_time(self) -> None:
        async def main() -> float:
            mock = amock.AsyncMock(return_value="page", delay=3600)
            start = trio.current_time()
            assert await mock("/") == "page"
            return trio.current_time() - start

        real = time.monotonic()
        assert trio.run(main, clock=virtual_clock()) == 3600
        assert time.monotonic() - real < 1

    def test_an_hour_of_delay_takes_no_real_time_under_a_virtual_clock_on_asyncio(self) -> None:
        async def main() -> tuple[float, float]:
            loop = asyncio.get_running_loop()
            mock = amock.AsyncMock(return_value="ok", delay=3600)
            start = loop.time()
            assert await mock() == "ok"
            timed_out_at = loop.time()
            with pytest.raises(WaitTimeoutError):
                await mock.wait_for_await(times=2, timeout=120)
            return timed_out_at - start, loop.time() - timed_out_at

        loop = virtual_time_loop()
        real = time.monotonic()
        try:
            assert loop.run_until_complete(main()) == (3600, 120)
        finally:
            loop.close()
        assert time.monotonic() - real < 1

    def test_a_callable_delay_takes_the_seconds_it_returns_for_each_call(self) -> None:
        async def main() -> list[float]:
            mock = amock.AsyncMock(delay=lambda seconds, *, extra=0: seconds + extra)
            elapsed = []
            for arguments, keywords in (((3,), {}), ((5,), {"extra": 2})):
                start = trio.current_time()
                await mock(*arguments, **keywords)
                elapsed.append(trio.current_time() - start)
            return elapsed

        assert trio.run(main, clock=virtual_clock()) == [3, 7]

    def test_a_deadline_cancels_a_long_delay_and_the_await_is_recorded(self) -> None:
        async def main() -> None:
            slow = amock.AsyncMock(return_value="page", delay=30)
            start = trio.current_time()
            with trio.move_on_after(10) as scope:
                await slow("/")
            assert scope.cancelled_caught
            assert trio.current_time() - start == 10
            assert slow.cancelled_awaits == [amock.call("/")]

        trio.run(main, clock=virtual_clock())

    def test_a_delay_still_sleeps_while_trio_sleep_is_patched(self) -> None:
        async def main() -> float:
            mock = amock.AsyncMock(delay=60)
            with amock.patch("trio.sleep") as sleep:
                start = trio.current_time()
                await mock()
                elapsed = trio.current_time() - start
            sleep.assert_not_awaited()
            return elapsed

        assert trio.run(main, clock=virtual_clock()) == 60

    def test_wait_timeouts_use_the_frameworks_clock(self) -> None:
        async def main() -> float:
            mock = amock.Mock()
            start = trio.current_time()
            with pytest.raises(WaitTimeoutError):
                await mock.wait_for_call(timeout=120)
            return trio.current_time() - start

        assert trio.run(main, clock=virtual_clock()) == 120

    def test_a_wait_with_a_timeout_of_none_never_times_out(self) -> None:
        async def main() -> None:
            mock = amock.AsyncMock()
            with trio.move_on_after(10**9) as scope:
                await mock.wait_for_await(timeout=None)
            assert scope.cancelled_caught

        trio.run(main, clock=virtual_clock())


class TestDelayUnderPatchedAsyncioSleep:
    def test_a_delay_still_sleeps_while_asyncio_sleep_is_patched(self) -> None:
        async def main() -> float:
            mock = amock.AsyncMock(delay=0.05)
            loop = asyncio.get_running_loop()
            with amock.patch("asyncio.sleep") as sleep:
                start = loop.time()
                await mock()
                elapsed = loop.time() - start
            sleep.assert_not_awaited()
            return elapsed

        assert asyncio.run(main()) >= 0.04


class TestCheckpoint:
    async def test_a_plain_async_mock_does_not_yield(self) -> None:
        assert await runs_of_other_tasks(amock.AsyncMock()) == 0

    @pytest.mark.parametrize("how", ["constructor", "attribute"])
    async def test_a_mock_with_checkpoint_lets_other_tasks_run_at_each_await(
        self, how: str
    ) -> None:
        if how == "constructor":
            mock = amock.AsyncMock(checkpoint=True)
        else:
            mock = amock.AsyncMock()
            mock.checkpoint = True
        assert mock.checkpoint is True
        assert await runs_of_other_tasks(mock) >= 4

    async def test_turning_checkpoint_off_again_stops_yielding(self) -> None:
        mock = amock.AsyncMock(checkpoint=True)
        mock.checkpoint = False
        assert await runs_of_other_tasks(mock) == 0

    async def test_a_cancellation_at_a_checkpoint_is_recorded(self) -> None:
        mock = amock.AsyncMock(checkpoint=True)
        with anyio.CancelScope() as scope:
            scope.cancel()
            await mock("x")
        assert scope.cancelled_caught
        assert mock.cancelled_awaits == [amock.call("x")]

    def test_rejects_a_checkpoint_that_is_not_a_bool(self) -> None:
        with pytest.raises(MockConfigurationError, match="checkpoint must be True or False"):
            amock.AsyncMock().checkpoint = 1


class TestConfigure:
    async def test_the_context_manager_turns_checkpoints_on_and_restores_them(self) -> None:
        mock = amock.AsyncMock()
        with amock.configure(checkpoint=True):
            assert await runs_of_other_tasks(mock) >= 4
            assert mock.checkpoint is False  # the mock's own setting is unchanged
        assert await runs_of_other_tasks(mock) == 0

    async def test_nested_blocks_restore_the_previous_setting(self) -> None:
        mock = amock.AsyncMock()
        with amock.configure(checkpoint=True):
            with amock.configure(checkpoint=False):
                assert await runs_of_other_tasks(mock) == 0
            assert await runs_of_other_tasks(mock) >= 4
            with amock.configure():
                assert await runs_of_other_tasks(mock) >= 4
        assert await runs_of_other_tasks(mock) == 0

    async def test_a_plain_call_keeps_the_setting_until_changed(self) -> None:
        mock = amock.AsyncMock()
        try:
            amock.configure(checkpoint=True)
            assert await runs_of_other_tasks(mock) >= 4
            assert await runs_of_other_tasks(amock.AsyncMock()) >= 4
        finally:
            amock.configure(checkpoint=False)
        assert await runs_of_other_tasks(mock) == 0

    async def test_a_cancellation_at_a_checkpoint_turned_on_everywhere_is_recorded(self) -> None:
        mock = amock.AsyncMock()
        with amock.configure(checkpoint=True), anyio.CancelScope() as scope:
            scope.cancel()
            await mock("x")
        assert scope.cancelled_caught
        assert mock.cancelled_awaits == [amock.call("x")]

    @pytest.mark.parametrize("value", [1, "yes", 0])
    def test_rejects_a_checkpoint_that_is_not_a_bool(self, value: Any) -> None:
        with pytest.raises(MockConfigurationError, match=r"configure\(checkpoint=...\)"):
            amock.configure(checkpoint=value)


def sleep_module(backend: str, which: str) -> str:
    """The module whose ``sleep`` the code under test calls: the backend's own, or anyio's."""
    return backend if which == "native" else "anyio"


class TestPatchedSleep:
    @pytest.mark.parametrize("which", ["native", "anyio"])
    async def test_a_loop_over_a_patched_sleep_lets_other_tasks_run(
        self, anyio_backend: str, which: str
    ) -> None:
        name = sleep_module(anyio_backend, which)
        module = importlib.import_module(name)
        state = {"ready": False, "polls": 0}

        async def wait_ready() -> bool:
            # Bounded, so that a mock that never yields fails the test instead of hanging it.
            for _ in range(10_000):
                if state["ready"]:
                    return True
                state["polls"] += 1
                await module.sleep(1)
            return False

        async def get_ready() -> None:
            state["ready"] = True

        with amock.patch(f"{name}.sleep") as sleep:
            assert sleep.checkpoint is True
            async with anyio.create_task_group() as group:
                group.start_soon(get_ready)
                assert await wait_ready()
        assert 1 <= state["polls"] < 10
        assert sleep.await_count == state["polls"]
        sleep.assert_awaited_with(1)

    @pytest.mark.parametrize("which", ["native", "anyio"])
    async def test_a_loop_over_a_patched_sleep_can_be_cancelled(
        self, anyio_backend: str, which: str
    ) -> None:
        name = sleep_module(anyio_backend, which)
        module = importlib.import_module(name)
        scope = anyio.CancelScope()
        ended = []

        async def poll_forever() -> None:
            with scope:
                for _ in range(10_000):
                    await module.sleep(1)
                ended.append("ran out")
                return
            ended.append("cancelled")

        with anyio.fail_after(GUARD), amock.patch(f"{name}.sleep") as sleep:
            async with anyio.create_task_group() as group:
                group.start_soon(poll_forever)
                await sleep.wait_for_await(times=3)
                scope.cancel()
        assert ended == ["cancelled"]
        assert sleep.await_count < 10_000
        assert sleep.cancelled_awaits == [amock.call(1)]

    @pytest.mark.parametrize(
        "start",
        [
            lambda: amock.patch("asyncio.sleep"),
            lambda: amock.patch("asyncio.sleep", autospec=True),
            lambda: amock.patch("asyncio.sleep", new_callable=amock.AsyncMock),
            lambda: amock.patch("asyncio.sleep", scope="task"),
            lambda: amock.patch.object(asyncio, "sleep"),
            lambda: amock.patch.object(trio, "sleep"),
            lambda: amock.patch("anyio.sleep"),
        ],
        ids=["patch", "autospec", "new_callable", "task scope", "object", "trio", "anyio"],
    )
    def test_every_way_of_patching_a_framework_sleep_turns_checkpoints_on(
        self, start: Callable[[], Any]
    ) -> None:
        with start() as sleep:
            assert sleep.checkpoint is True

    async def test_a_projects_own_sleep_keeps_the_stdlib_no_yield(self) -> None:
        with amock.patch("patch_targets.sleep") as mocked:
            assert mocked.checkpoint is False
            assert await runs_of_other_tasks(mocked) == 0

    def test_a_sync_stand_in_for_a_framework_sleep_stays_sync(self) -> None:
        with amock.patch("asyncio.sleep", new_callable=amock.MagicMock) as sleep:
            assert not isinstance(sleep, amock.AsyncMock)
            assert asyncio.sleep(1) is sleep.return_value

    async def test_other_patched_coroutine_functions_keep_the_stdlib_no_yield(self) -> None:
        with amock.patch(f"{__name__}.fetch") as mocked:
            assert mocked.checkpoint is False
            assert await runs_of_other_tasks(mocked) == 0

    def test_asyncio_run_polling_loop_finishes(self) -> None:
        async def main() -> int:
            state = {"ready": False}

            async def get_ready() -> None:
                state["ready"] = True

            with amock.patch("asyncio.sleep"):
                asyncio.get_running_loop().create_task(get_ready())
                for polls in range(10_000):
                    if state["ready"]:
                        return polls
                    await asyncio.sleep(1)
            return -1

        assert asyncio.run(main()) >= 1


async def retry_until_deadline(op: Callable[[], Awaitable[str]], deadline: float = 10.0) -> Any:
    """A retry helper as real code writes it: its own clock reads and a sleep between tries."""
    start = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        try:
            return await op(), attempts
        except ConnectionError:
            if time.monotonic() - start > deadline:
                return "gave up", attempts
            await asyncio.sleep(1)


class TestPatchedSleepWithAPatchedClock:
    """A sleep mock yields, unless the event loop would then read a clock the test patched."""

    @staticmethod
    def run_retry(lib: Any, clock: str, autospec: bool = False) -> tuple[Any, int]:
        op = lib.AsyncMock(side_effect=[ConnectionError, ConnectionError, ConnectionError, "ok"])

        async def main() -> tuple[Any, int]:
            loop = asyncio.get_running_loop()
            target = (
                lib.patch("time.monotonic", side_effect=[0, 5, 11])
                if clock == "time.monotonic"
                else lib.patch.object(loop, "time", side_effect=[0, 5, 11])
            )
            with lib.patch("asyncio.sleep", autospec=autospec or None) as sleep, target:
                if clock == "loop.time":
                    # The helper reads the loop's clock, as asyncio.timeout-style code does.
                    with lib.patch("time.monotonic", new=loop.time):
                        outcome = await retry_until_deadline(op)
                else:
                    outcome = await retry_until_deadline(op)
            return outcome, sleep.await_count

        return asyncio.run(main())

    @pytest.mark.parametrize("autospec", [False, True], ids=["patch", "autospec"])
    @pytest.mark.parametrize("clock", ["time.monotonic", "loop.time"])
    def test_the_code_sees_the_clock_reads_it_sees_with_the_stdlib(
        self, clock: str, autospec: bool
    ) -> None:
        expected = self.run_retry(std, clock, autospec)
        assert expected == (("gave up", 2), 1)  # the suite is right on the stdlib
        assert self.run_retry(amock, clock, autospec) == expected

    def test_an_asked_for_checkpoint_still_yields_with_a_patched_clock(self) -> None:
        async def main() -> int:
            with amock.patch("asyncio.sleep") as sleep, amock.patch("time.monotonic"):
                sleep.checkpoint = True
                return await runs_of_other_tasks(sleep)

        assert asyncio.run(main()) == 5

    def test_the_sleep_yields_again_once_the_clock_is_restored(self) -> None:
        async def main() -> tuple[int, int]:
            with amock.patch("asyncio.sleep") as sleep:
                with amock.patch("time.monotonic", return_value=0.0):
                    while_patched = await runs_of_other_tasks(sleep)
                return while_patched, await runs_of_other_tasks(sleep)

        assert asyncio.run(main()) == (0, 5)

    def test_trio_never_reads_a_patched_time_monotonic_so_its_sleep_mock_yields(self) -> None:
        async def main() -> int:
            with amock.patch("trio.sleep") as sleep, amock.patch("time.monotonic"):
                return await runs_of_other_tasks(sleep)

        # trio shuffles its run queue, so the count varies; a sleep that never yields gives 0.
        assert trio.run(main) >= 1


# -- strict mode -------------------------------------------------------------------------------

STRICT_FORMS = ["with", "async with", "sync decorator", "async decorator"]


async def run_strict(form: str, body: Callable[[], None]) -> None:
    """Run ``body`` in a strict block of the given form."""
    if form == "with":
        with amock.strict():
            body()
    elif form == "async with":
        async with amock.strict():
            body()
    elif form == "sync decorator":
        amock.strict()(body)()
    else:

        async def async_body() -> None:
            body()

        await amock.strict()(async_body)()


def in_strict(body: Callable[[], None]) -> None:
    with amock.strict():
        body()


def fail_after_calling(mock: Any) -> None:
    mock("/users")
    raise KeyError("boom")


class TestStrict:
    @pytest.mark.parametrize("form", STRICT_FORMS)
    async def test_reports_a_call_never_awaited_with_mock_arguments_and_line(
        self, form: str
    ) -> None:
        mock = amock.AsyncMock(name="fetch")
        lines = []

        def body() -> None:
            lines.append(here() + 1)
            mock("/users", page=2)

        with pytest.raises(NeverAwaitedError) as info:
            await run_strict(form, body)
        message = str(info.value)
        assert message.startswith("1 call(s) of async mocks were never awaited:")
        assert f"fetch('/users', page=2) at {__file__}:{lines[0]}" in message

    @pytest.mark.parametrize("form", STRICT_FORMS)
    async def test_closes_the_forgotten_coroutines_so_python_does_not_warn(self, form: str) -> None:
        mock = amock.AsyncMock()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(NeverAwaitedError):
                await run_strict(form, lambda: mock(1))
            gc.collect()
        assert runtime_warnings(caught) == []

    @pytest.mark.parametrize("form", STRICT_FORMS)
    async def test_awaited_calls_and_sync_calls_are_not_reported(self, form: str) -> None:
        awaited = amock.AsyncMock(return_value="r")
        sync = amock.Mock()

        def body() -> None:
            assert drive(awaited("x")) == "r"  # awaited, even in a sync function
            sync("y")

        await run_strict(form, body)
        async with amock.strict():
            assert await awaited("z") == "r"
        assert awaited.await_count == 2

    def test_a_coroutine_handed_out_of_a_sync_strict_function_is_reported(self) -> None:
        mock = amock.AsyncMock(name="send")

        @amock.strict()
        def send_later() -> Any:
            return mock("mail")

        with pytest.raises(NeverAwaitedError, match=r"send\('mail'\)"):
            send_later()

    def test_several_forgotten_calls_are_reported_together(self) -> None:
        cache = amock.MagicMock(spec=Cache, name="cache")
        other = amock.AsyncMock(name="other")
        first = here() + 3

        def body() -> None:
            cache.invalidate("user:1")
            other()

        with pytest.raises(NeverAwaitedError) as info:
            in_strict(body)
        message = str(info.value)
        assert message.startswith("2 call(s) of async mocks were never awaited:")
        assert f"  - cache.invalidate('user:1') at {__file__}:{first}\n" in message
        assert f"  - other() at {__file__}:{first + 1}\n" in message

    @pytest.mark.parametrize(
        "make",
        [
            lambda: amock.AsyncMock(name="target"),
            lambda: amock.MagicMock(spec=Cache, name="cache").invalidate,
            lambda: amock.create_autospec(fetch),
            lambda: amock.AsyncMock(name="target", side_effect=lambda *args: None),
            lambda: amock.AsyncMock(name="target", delay=0),
        ],
        ids=["AsyncMock", "specced method", "autospecced function", "side_effect", "hooked"],
    )
    def test_every_kind_of_async_mock_is_covered(self, make: Callable[[], Any]) -> None:
        mock = make()
        line = here() + 2
        with pytest.raises(NeverAwaitedError) as info, amock.strict():
            mock("arg")
        assert f"('arg') at {__file__}:{line}" in str(info.value)

    def test_the_decorator_gives_each_call_a_block_of_its_own(self) -> None:
        mock = amock.AsyncMock(name="ping")

        @amock.strict()
        def ping(number: int) -> int:
            mock(number)
            return number

        with pytest.raises(NeverAwaitedError) as first:
            ping(1)
        with pytest.raises(NeverAwaitedError) as second:
            ping(2)
        assert "ping(1)" in str(first.value)
        assert "ping(1)" not in str(second.value)
        assert "ping(2)" in str(second.value)

    async def test_the_decorator_keeps_functions_and_their_results(self) -> None:
        @amock.strict()
        def add(a: int, b: int) -> int:
            return a + b

        @amock.strict()
        async def add_later(a: int, b: int) -> int:
            await anyio.lowlevel.checkpoint()
            return a + b

        assert add(1, 2) == 3
        assert inspect.iscoroutinefunction(add_later)
        assert await add_later(2, 3) == 5
        assert add.__name__ == "add"

    async def test_calls_in_tasks_started_inside_the_block_are_covered(self) -> None:
        mock = amock.AsyncMock(name="task_call")

        async def forgets() -> None:
            mock("in a task")

        with pytest.raises(NeverAwaitedError, match=r"task_call\('in a task'\)"):
            async with amock.strict(), anyio.create_task_group() as group:
                group.start_soon(forgets)

    async def test_calls_from_a_worker_thread_that_copies_the_context_are_covered(self) -> None:
        mock = amock.AsyncMock(name="threaded")
        made = []

        def worker() -> None:
            made.append(mock("worker"))  # not returned: trio refuses a coroutine result

        with pytest.raises(NeverAwaitedError, match=r"threaded\('worker'\)"):
            async with amock.strict():
                await anyio.to_thread.run_sync(worker)
        assert inspect.getcoroutinestate(made[0]) == inspect.CORO_CLOSED

    def test_calls_from_a_thread_that_does_not_copy_the_context_are_not_covered(self) -> None:
        mock = amock.AsyncMock(name="threaded")
        made = []
        with amock.strict():
            thread = threading.Thread(target=lambda: made.append(mock("plain thread")))
            thread.start()
            thread.join()
        (coroutine,) = made
        assert inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED  # left alone
        coroutine.close()

    def test_calls_after_the_block_are_not_covered(self) -> None:
        mock = amock.AsyncMock()
        with amock.strict():
            pass
        coroutine = mock()
        assert inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
        coroutine.close()


class TestStrictWhenTheBodyRaises:
    def test_the_original_exception_propagates_and_no_warning_follows(self) -> None:
        mock = amock.AsyncMock(name="fetch")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(KeyError, match="boom"):
                in_strict(lambda: fail_after_calling(mock))
            gc.collect()
        assert runtime_warnings(caught) == []

    @pytest.mark.skipif(sys.version_info < (3, 11), reason="exception notes are 3.11+")
    @pytest.mark.parametrize("form", ["with", "async with"])
    async def test_the_report_is_added_to_the_exception_as_a_note(self, form: str) -> None:
        mock = amock.AsyncMock(name="fetch")
        lines = []

        def body() -> None:
            lines.append(here() + 1)
            mock("/users")
            raise KeyError("boom")

        with pytest.raises(KeyError) as info:
            await run_strict(form, body)
        (note,) = info.value.__notes__
        assert f"fetch('/users') at {__file__}:{lines[0]}" in note

    def test_no_note_when_every_call_was_awaited(self) -> None:
        with pytest.raises(KeyError) as info, amock.strict():
            raise KeyError("boom")
        assert not getattr(info.value, "__notes__", [])

    @pytest.mark.skipif(sys.version_info < (3, 11), reason="exception notes are 3.11+")
    @pytest.mark.parametrize("use", ["async with", "async for"])
    async def test_a_coroutine_entered_or_iterated_is_not_advised_to_be_awaited(
        self, use: str
    ) -> None:
        # An all-async mock (the stdlib's AsyncMock children) of a method whose real
        # result is an async context manager or iterator: awaiting it is the wrong fix.
        conn = amock.AsyncMock(name="conn")

        async def use_it() -> None:
            if use == "async with":
                async with conn.transaction():
                    pass
            else:
                async for _ in conn.cursor():
                    pass

        with pytest.raises(TypeError) as info, amock.strict():
            await use_it()
        (note,) = info.value.__notes__
        assert "1 call(s) of async mocks were never awaited" in note
        assert "awaiting the call is not the fix" in note
        assert "amock.create_autospec(RealClass, instance=True)" in note
        assert "Await each call" not in note


class TestNestedStrict:
    def test_each_block_reports_the_calls_made_while_it_was_innermost(self) -> None:
        first = amock.AsyncMock(name="first")
        second = amock.AsyncMock(name="second")
        third = amock.AsyncMock(name="third")
        inner = []

        def outer_body() -> None:
            first("outer")
            with pytest.raises(NeverAwaitedError) as info, amock.strict():
                second("inner")
            inner.append(str(info.value))
            third("outer again")

        with pytest.raises(NeverAwaitedError) as outer:
            in_strict(outer_body)
        (inner_report,) = inner
        assert "second('inner')" in inner_report
        assert "first" not in inner_report
        assert "third" not in inner_report
        assert "first('outer')" in str(outer.value)
        assert "third('outer again')" in str(outer.value)
        assert "second" not in str(outer.value)

    def test_the_same_strict_object_can_be_entered_twice(self) -> None:
        block = amock.strict()
        mock = amock.AsyncMock(name="inner")
        with block:
            with pytest.raises(NeverAwaitedError, match=r"inner\(\)"), block:
                mock()
            mock_outer = amock.AsyncMock()
            coroutine = mock_outer()
            coroutine.close()  # awaited or closed: not forgotten


class TestStrictModeError:
    def test_ending_a_block_in_another_context_raises_strict_mode_error(self) -> None:
        # The plugin's own block (one per test) stays open around these.
        before = _switches.strict_blocks
        block = amock.strict()
        contextvars.copy_context().run(block.__enter__)
        with pytest.raises(StrictModeError, match="ended in another context"):
            block.__exit__(None, None, None)
        assert _switches.strict_blocks == before  # the hot path is not left slowed down

    async def test_ending_a_block_in_another_task_raises_strict_mode_error(self) -> None:
        # The plugin's own block (one per test) stays open around these.
        before = _switches.strict_blocks
        block = amock.strict()

        async def begin() -> None:
            block.__enter__()  # in a task of its own, with its own context

        async with anyio.create_task_group() as group:
            group.start_soon(begin)
        with pytest.raises(StrictModeError, match="ended in another context"):
            block.__exit__(None, None, None)
        assert _switches.strict_blocks == before

    def test_ending_a_block_in_another_thread_raises_strict_mode_error(self) -> None:
        # The plugin's own block (one per test) stays open around these.
        before = _switches.strict_blocks
        block = amock.strict()
        thread = threading.Thread(target=block.__enter__)
        thread.start()
        thread.join()
        with pytest.raises(StrictModeError, match="ended in another context"):
            block.__exit__(None, None, None)
        assert _switches.strict_blocks == before


class TestStrictOnPlainRunners:
    def test_asyncio_run(self) -> None:
        cache = amock.MagicMock(spec=Cache, name="cache")

        async def save() -> None:
            cache.invalidate("user:1")  # the bug: no await

        async def test() -> None:
            async with amock.strict():
                await save()

        with pytest.raises(NeverAwaitedError, match=r"cache.invalidate\('user:1'\) at "):
            asyncio.run(test())

    def test_trio_run(self) -> None:
        cache = amock.MagicMock(spec=Cache, name="cache")

        @amock.strict()
        async def test() -> None:
            cache.invalidate("user:2")

        with pytest.raises(NeverAwaitedError, match=r"cache.invalidate\('user:2'\) at "):
            trio.run(test)


# -- await checks across mocks -----------------------------------------------------------------


async def transfer(database: Any) -> None:
    await database.begin()
    await database.execute("UPDATE a")
    await database.execute("UPDATE b")
    await database.commit()


class TestAssertAwaitedInOrder:
    async def test_passes_when_the_awaits_happened_in_this_order_with_others_between(
        self,
    ) -> None:
        database = amock.MagicMock(spec=Database, name="db")
        await transfer(database)
        amock.assert_awaited_in_order(database.begin, database.commit)
        amock.assert_awaited_in_order(
            database.begin, (database.execute, amock.call("UPDATE b")), database.commit
        )
        amock.assert_awaited_in_order(database.execute, database.execute)

    async def test_fails_with_the_expected_and_actual_orders(self) -> None:
        database = amock.MagicMock(spec=Database, name="db")
        await transfer(database)
        with pytest.raises(AssertionError) as info:
            amock.assert_awaited_in_order(
                (database.execute, amock.call("UPDATE b")), database.begin
            )
        assert str(info.value) == (
            "Awaits not in the expected order: no await db.begin after the ones before it.\n"
            "Expected, in this order:\n"
            "  db.execute('UPDATE b')\n"
            "  db.begin\n"
            "Actual awaits, in order:\n"
            "  db.begin()\n"
            "  db.execute('UPDATE a')\n"
            "  db.execute('UPDATE b')"
        )

    async def test_fails_when_a_mock_was_awaited_fewer_times_than_listed(self) -> None:
        database = amock.MagicMock(spec=Database, name="db")
        await transfer(database)
        with pytest.raises(AssertionError, match=r"no await db.commit after"):
            amock.assert_awaited_in_order(database.commit, database.commit)

    def test_fails_when_nothing_was_awaited(self) -> None:
        first, second = amock.AsyncMock(name="first"), amock.AsyncMock(name="second")
        with pytest.raises(AssertionError, match=r"Actual awaits, in order:\n  \(no awaits\)"):
            amock.assert_awaited_in_order(first, second)

    async def test_await_records_replaced_by_hand_are_refused_with_the_fix(self) -> None:
        first, second = amock.AsyncMock(name="first"), amock.AsyncMock(name="second")
        await first()
        await second()
        first.await_args_list = []
        with pytest.raises(MockConfigurationError, match=r"replaced by hand.*reset_mock"):
            amock.assert_awaited_in_order(first, second)
        first.reset_mock()
        await first()
        amock.assert_awaited_in_order(second, first)

    async def test_the_order_is_the_order_of_awaits_not_of_calls(self) -> None:
        first, second = amock.AsyncMock(name="first"), amock.AsyncMock(name="second")
        made_first = first()
        await second()
        await made_first
        amock.assert_awaited_in_order(second, first)
        with pytest.raises(AssertionError, match="no await second after"):
            amock.assert_awaited_in_order(first, second)

    async def test_orders_awaits_from_several_tasks(self) -> None:
        first, second = amock.AsyncMock(name="first"), amock.AsyncMock(name="second")
        with anyio.fail_after(GUARD):
            async with anyio.create_task_group() as group:
                group.start_soon(first)
                await first.wait_for_await()
                group.start_soon(second)
        amock.assert_awaited_in_order(first, second)
        with pytest.raises(AssertionError):
            amock.assert_awaited_in_order(second, first)

    async def test_reset_mock_forgets_the_await_order(self) -> None:
        first, second = amock.AsyncMock(name="first"), amock.AsyncMock(name="second")
        await first()
        await second()
        first.reset_mock()
        await first()
        amock.assert_awaited_in_order(second, first)
        with pytest.raises(AssertionError, match="no await second after"):
            amock.assert_awaited_in_order(first, second)

    @pytest.mark.parametrize(
        ("item", "match"),
        [
            ((amock.AsyncMock(),), r"takes mocks or \(mock, call\(...\)\) pairs"),
            ((amock.AsyncMock(), "x"), r"takes mocks or \(mock, call\(...\)\) pairs"),
            (amock.Mock(name="sync"), "the sync mock 'sync'"),
            ((amock.Mock(name="sync"), amock.call()), "the sync mock 'sync'"),
        ],
        ids=["one-tuple", "not a call", "sync mock", "sync mock pair"],
    )
    def test_rejects_items_that_are_not_async_mocks_or_pairs(self, item: Any, match: str) -> None:
        with pytest.raises(MockConfigurationError, match=match):
            amock.assert_awaited_in_order(item)


class TestAssertAllAwaited:
    async def test_passes_when_every_configured_async_mock_was_awaited(self) -> None:
        database = amock.MagicMock(spec=Database, name="db")
        database.begin.return_value = None
        database.commit.side_effect = [None]
        database.execute.delay = 0
        await transfer(database)
        database.rollback  # noqa: B018 - made, but not configured: not an unused outcome
        amock.assert_all_awaited(database)

    @pytest.mark.parametrize(
        "configure",
        [
            lambda mock: setattr(mock, "return_value", "value"),
            lambda mock: setattr(mock, "return_value", None),
            lambda mock: setattr(mock, "side_effect", ValueError),
            lambda mock: setattr(mock, "delay", 1),
        ],
        ids=["return_value", "return_value None", "side_effect", "delay"],
    )
    async def test_fails_naming_each_configured_async_mock_never_awaited(
        self, configure: Callable[[Any], None]
    ) -> None:
        database = amock.MagicMock(spec=Database, name="db")
        configure(database.rollback)
        database.dialect.return_value = "sql"  # a sync mock: never expected to be awaited
        await transfer(database)
        with pytest.raises(AssertionError) as info:
            amock.assert_all_awaited(database)
        assert str(info.value) == "1 configured async mock(s) were never awaited:\n  db.rollback"

    def test_walks_children_of_return_values(self) -> None:
        factory = amock.MagicMock(name="factory")
        factory.return_value.fetch = amock.AsyncMock(return_value="page")
        factory.return_value.close = amock.AsyncMock()
        with pytest.raises(AssertionError, match=r"\n  factory\(\)\.fetch$"):
            amock.assert_all_awaited(factory)

    def test_lists_every_unused_mock_of_several_roots(self) -> None:
        first = amock.AsyncMock(name="first", return_value=1)
        second = amock.AsyncMock(name="second", side_effect=[1])
        with pytest.raises(AssertionError) as info:
            amock.assert_all_awaited(first, second)
        assert str(info.value).startswith("2 configured async mock(s) were never awaited:")
        assert "\n  first" in str(info.value)
        assert "\n  second" in str(info.value)

    async def test_unconfigured_mocks_need_not_be_awaited(self) -> None:
        amock.assert_all_awaited(amock.MagicMock(spec=Database), amock.AsyncMock())


# -- side effects ------------------------------------------------------------------------------


async def async_double(number: int) -> int:
    await anyio.lowlevel.checkpoint()
    return number * 2


async def async_default(number: int) -> Any:
    await anyio.lowlevel.checkpoint()
    return amock.DEFAULT


async def async_raises(number: int) -> int:
    await anyio.lowlevel.checkpoint()
    raise LookupError(number)


class TestSideEffect:
    @pytest.mark.parametrize(
        ("side_effect", "expected"),
        [
            (async_double, 6),
            (lambda number: number + 1, 4),
            (async_default, "own"),
            (amock.AsyncMock(return_value="inner"), "inner"),
        ],
        ids=["async function", "sync function", "async function giving DEFAULT", "AsyncMock"],
    )
    async def test_a_callable_gives_the_result_and_an_async_one_is_awaited(
        self, side_effect: Any, expected: Any
    ) -> None:
        mock = amock.AsyncMock(side_effect=side_effect, return_value="own")
        result = await mock(3)
        assert not inspect.isawaitable(result)
        assert result == expected

    @pytest.mark.parametrize(
        "side_effect",
        [LookupError("boom"), LookupError, async_raises],
        ids=["instance", "class", "async function raising"],
    )
    async def test_an_exception_is_raised_at_the_await_not_at_the_call(
        self, side_effect: Any
    ) -> None:
        mock = amock.AsyncMock(side_effect=side_effect)
        coroutine = mock(3)
        with pytest.raises(LookupError):
            await coroutine
        assert mock.await_count == 1

    async def test_an_iterable_gives_values_and_raises_exceptions_in_turn(self) -> None:
        mock = amock.AsyncMock(side_effect=[1, ValueError("second"), KeyError, 4])
        assert await mock() == 1
        with pytest.raises(ValueError, match="second"):
            await mock()
        with pytest.raises(KeyError):
            await mock()
        assert await mock() == 4
        with pytest.raises(StopAsyncIteration):
            await mock()

    async def test_a_cancellation_inside_an_async_side_effect_is_recorded(self) -> None:
        async def forever(key: str) -> None:
            await anyio.sleep_forever()

        mock = amock.AsyncMock(side_effect=forever)
        with anyio.fail_after(GUARD), anyio.move_on_after(0.01):
            await mock("k")
        assert mock.cancelled_awaits == [amock.call("k")]

    async def test_an_async_iterable_feeds_an_async_generator_mock(self) -> None:
        async def source() -> AsyncIterator[int]:
            for number in (1, 2, 3):
                await anyio.lowlevel.checkpoint()
                yield number

        mock = amock.AsyncGeneratorMock()
        mock.side_effect = source()
        assert [item async for item in mock("q")] == [1, 2, 3]
        (record,) = mock.generators
        assert record.call == amock.call("q")
        assert record.yielded == [1, 2, 3]
        assert record.consumed


# -- cancelled awaits and reset ----------------------------------------------------------------


class TestCancelledAwaits:
    def test_a_fresh_mock_has_none(self) -> None:
        assert amock.AsyncMock().cancelled_awaits == []

    async def test_an_await_that_completes_is_not_recorded(self) -> None:
        mock = amock.AsyncMock(delay=0, checkpoint=True)
        await mock("done")
        assert mock.cancelled_awaits == []

    async def test_reset_mock_clears_them(self) -> None:
        mock = amock.AsyncMock(delay=GUARD * 2)
        with anyio.move_on_after(0.01):
            await mock("/")
        assert mock.cancelled_awaits == [amock.call("/")]
        mock.reset_mock()
        assert mock.cancelled_awaits == []
        assert mock.await_args_list == []

    async def test_are_read_through_an_autospecced_function(self) -> None:
        function = amock.create_autospec(fetch)
        function.delay = GUARD * 2
        with anyio.move_on_after(0.01):
            await function("/")
        assert function.cancelled_awaits == [amock.call("/")]


# -- no cost when unused -----------------------------------------------------------------------


async def use_plainly(mock: Any) -> None:
    """Everything a test does with a mock that needs none of the toolkit."""
    result = mock(1, key="a")
    if inspect.isawaitable(result):
        await result
        mock.assert_awaited_once_with(1, key="a")
        await mock.wait_for_await()  # already awaited: returns at once
        mock.delay = None
        mock.checkpoint = False
        assert mock.delay is None
        assert mock.checkpoint is False
        assert mock.cancelled_awaits == []
        with amock.strict():
            await mock(2)
        amock.assert_awaited_in_order(mock, mock)
        amock.assert_all_awaited(mock)
    mock.assert_any_call(1, key="a")
    await mock.wait_for_call()  # already called: returns at once
    mock.reset_mock()


class TestNoCostWhenUnused:
    @pytest.mark.parametrize("make", [amock.Mock, amock.MagicMock, amock.AsyncMock])
    async def test_a_mock_that_uses_no_toolkit_feature_stays_untouched(
        self, make: Callable[..., Any]
    ) -> None:
        mock = make(return_value=1)
        size = len(type(mock).__dict__)
        await use_plainly(mock)
        assert BEHAVIOUR_KEY not in mock.__dict__
        assert len(type(mock).__dict__) == size

    async def test_checkpoints_everywhere_touch_no_mock(self) -> None:
        mock = amock.AsyncMock()
        size = len(type(mock).__dict__)
        with amock.configure(checkpoint=True):
            await mock()
        assert BEHAVIOUR_KEY not in mock.__dict__
        assert len(type(mock).__dict__) == size

    @pytest.mark.parametrize(
        "use",
        [
            lambda mock: setattr(mock, "delay", 0),
            lambda mock: setattr(mock, "checkpoint", True),
            lambda mock: amock.hold(mock).stop(),
        ],
        ids=["delay", "checkpoint", "hold"],
    )
    def test_a_mock_that_uses_a_feature_gets_its_state_and_leaves_the_fast_path(
        self, use: Callable[[Any], None]
    ) -> None:
        mock = amock.AsyncMock()
        size = len(type(mock).__dict__)
        use(mock)
        assert BEHAVIOUR_KEY in mock.__dict__
        assert len(type(mock).__dict__) == size + 1

    @pytest.mark.parametrize(
        ("first_use", "after"),
        [
            ("pass", False),
            ("amock.hold(amock.AsyncMock()).stop()", True),
            ("amock.AsyncMock().delay = 0", True),
            ("amock.strict().__enter__()", True),
            ("amock.configure(checkpoint=True)", True),
            ("amock.configure(checkpoint=False)", False),
        ],
    )
    def test_calls_look_for_hooks_only_once_a_feature_was_used(
        self, first_use: str, after: bool
    ) -> None:
        # A fresh interpreter: in this one, other tests have used every feature.
        script = f"""
import asyncio, amock
from amock import _switches
class Waiter:
    async def wait(self):
        return "real"
async def plain():
    mock = amock.AsyncMock(return_value=1)
    assert await mock(1) == 1
    amock.MagicMock()(2)
    await mock.wait_for_await()
    assert await amock.AsyncMock(side_effect=[3])() == 3
    unset = amock.AsyncMock()
    assert await unset() is unset.return_value
    with amock.patch.object(__import__("__main__"), "Waiter") as waiter_class:
        waiter_class.return_value.wait.side_effect = ["lent"]
        assert await Waiter().wait() == "lent"
asyncio.run(plain())
assert _switches.hooks_in_use is False, "plain use switched the hooks on"
{first_use}
assert _switches.hooks_in_use is {after}, "{first_use}"
"""
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    async def test_waiting_for_a_call_that_has_not_happened_leaves_the_fast_path(self) -> None:
        mock = amock.Mock()
        size = len(type(mock).__dict__)
        with pytest.raises(WaitTimeoutError):
            await mock.wait_for_call(timeout=0.01)
        assert BEHAVIOUR_KEY in mock.__dict__
        assert len(type(mock).__dict__) == size + 1
        mock(1)  # the hooked path still records calls
        assert mock.call_args_list == [amock.call(1)]


# -- plain runners, no plugin ------------------------------------------------------------------


class TestPlainRunners:
    def test_asyncio_task_cancel_marks_the_held_call_cancelled(self) -> None:
        async def main() -> None:
            mock = amock.AsyncMock(name="reserve")
            with amock.hold(mock) as hold:
                task = asyncio.get_running_loop().create_task(mock("lamp"))
                held = await hold.next()
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                assert held.cancelled
                assert not held.released
                assert hold.held == []
            assert mock.cancelled_awaits == [amock.call("lamp")]

        asyncio.run(main())

    def test_trio_cancel_scope_marks_the_held_call_cancelled(self) -> None:
        async def main() -> None:
            mock = amock.AsyncMock(name="reserve")
            scope = trio.CancelScope()

            async def reserve() -> None:
                with scope:
                    await mock("lamp")

            with amock.hold(mock) as hold:
                async with trio.open_nursery() as nursery:
                    nursery.start_soon(reserve)
                    held = await hold.next()
                    scope.cancel()
                assert held.cancelled
            assert mock.cancelled_awaits == [amock.call("lamp")]

        trio.run(main)

    def test_asyncio_wait_for_call_from_a_thread(self) -> None:
        async def main() -> Any:
            mock = amock.Mock()
            thread = threading.Thread(target=lambda: (time.sleep(0.05), mock("thread")))
            thread.start()
            try:
                return await mock.wait_for_call(timeout=GUARD)
            finally:
                thread.join()

        assert asyncio.run(main()) == amock.call("thread")

    def test_trio_wait_for_call_from_a_thread(self) -> None:
        async def main() -> Any:
            mock = amock.Mock()
            thread = threading.Thread(target=lambda: (time.sleep(0.05), mock("thread")))
            thread.start()
            try:
                return await mock.wait_for_call(timeout=GUARD)
            finally:
                thread.join()

        assert trio.run(main) == amock.call("thread")

    def test_trio_hold_next_times_out_on_the_virtual_clock(self) -> None:
        async def main() -> float:
            mock = amock.AsyncMock()
            start = trio.current_time()
            with amock.hold(mock) as hold, pytest.raises(WaitTimeoutError):
                await hold.next(timeout=30)
            return trio.current_time() - start

        assert trio.run(main, clock=virtual_clock()) == 30

    def test_asyncio_a_timeout_fires_while_a_call_is_held(self) -> None:
        async def main() -> None:
            mock = amock.AsyncMock(name="reserve")
            with amock.hold(mock) as hold:
                with pytest.raises(asyncio.TimeoutError):
                    await asyncio.wait_for(mock("lamp"), timeout=0.01)
                assert hold.calls[0].cancelled
            assert mock.cancelled_awaits == [amock.call("lamp")]

        asyncio.run(main())
