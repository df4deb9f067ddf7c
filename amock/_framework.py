"""Which async framework is running, and the few primitives amock needs from it.

amock depends on neither asyncio's nor trio's event loop; it asks this module.
Everything here works from the loop's own thread; :class:`Wakeup` may also be
triggered from any other thread.

The primitives are taken from the frameworks themselves, never from the
public names a test may have patched: ``asyncio.sleep`` is captured when amock
is imported, and trio's sleep is read from the module that defines it, so a
test that patches ``asyncio.sleep`` or ``trio.sleep`` still gets real delays.
"""

from __future__ import annotations

import abc
import asyncio
import math
import sys
import time
import types
from collections.abc import Awaitable, Callable, Generator
from typing import Any, Final

from amock.errors import NoEventLoopError, WaitTimeoutError

__all__ = ["Backend", "Wakeup", "current"]

#: Makes the text of a timeout error, only when it is needed.
Describe = Callable[[], str]
_ASYNCIO_SLEEP: Final = asyncio.sleep
#: The clock asyncio's event loop reads, as it was when amock was imported.
_MONOTONIC: Final = time.monotonic
_get_running_loop: Final = asyncio.events._get_running_loop


@types.coroutine
def _yield_to_loop() -> Generator[None, None, None]:
    """One pass through asyncio's loop: what ``asyncio.sleep(0)`` does."""
    yield


class Wakeup:
    """A one-shot signal one task waits on and anyone, from any thread, sets."""

    __slots__ = ("_set", "_wait")

    def __init__(self, wait: Callable[[], Awaitable[None]], set_: Callable[[], None]) -> None:
        self._wait = wait
        self._set = set_

    def set(self) -> None:
        """Wake the waiting task (thread-safe; setting twice does nothing)."""
        self._set()

    def wait(self) -> Awaitable[None]:
        """Wait until :meth:`set` is called."""
        return self._wait()


class Backend(abc.ABC):
    """One framework's sleep, scheduling point, wake-up and timeout."""

    name: str = ""

    @abc.abstractmethod
    def sleep(self, seconds: float) -> Awaitable[None]:
        """Sleep with the framework's own clock (virtual clocks make it instant)."""

    @abc.abstractmethod
    def checkpoint(self) -> Awaitable[None]:
        """Let other tasks run once; a cancellation may be delivered here."""

    @abc.abstractmethod
    def wakeup(self) -> Wakeup:
        """A new :class:`Wakeup` bound to the running loop."""

    def clock_patched(self) -> bool:
        """Whether a pass through the event loop would read a clock the test replaced."""
        return False

    @abc.abstractmethod
    async def wait(self, wakeup: Wakeup, timeout: float | None, describe: Describe) -> None:
        """Wait for ``wakeup`` at most ``timeout`` seconds of the framework's clock.

        Raises:
            WaitTimeoutError: the time ran out; the message comes from ``describe``.
        """


class _Asyncio(Backend):
    name = "asyncio"

    def sleep(self, seconds: float) -> Awaitable[None]:
        return _ASYNCIO_SLEEP(seconds)

    def checkpoint(self) -> Awaitable[None]:
        return _yield_to_loop()

    def clock_patched(self) -> bool:
        # asyncio's loop reads ``self.time()``, that is ``time.monotonic()`` looked
        # up at each call, on every pass; uvloop's loop has a C clock of its own.
        # trio's clock keeps its own ``perf_counter`` and never reads a patched one.
        loop = _get_running_loop()
        if loop is None or not isinstance(loop, asyncio.BaseEventLoop):
            return False
        return time.monotonic is not _MONOTONIC or "time" in vars(loop)

    def wakeup(self) -> Wakeup:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()

        def settle() -> None:
            if not future.done():
                future.set_result(None)

        def set_() -> None:
            try:
                loop.call_soon_threadsafe(settle)
            except RuntimeError:
                pass  # the loop is closed: nobody is waiting any more

        def wait() -> Awaitable[None]:
            # The future itself, not a coroutine awaiting it: asyncio.wait_for
            # with a timeout of 0 cancels what it is given before it runs, and
            # a coroutine cancelled so is reported as never awaited.
            return future

        return Wakeup(wait, set_)

    async def wait(self, wakeup: Wakeup, timeout: float | None, describe: Describe) -> None:
        if timeout is None:
            await wakeup.wait()
            return
        try:
            await asyncio.wait_for(wakeup.wait(), timeout)
        except asyncio.TimeoutError:
            raise WaitTimeoutError(describe()) from None


class _Trio(Backend):
    name = "trio"

    def __init__(self, trio: Any) -> None:
        self._trio = trio
        # The defining module, not ``trio.sleep``, which a test may have patched.
        timeouts = sys.modules.get("trio._timeouts")
        self._sleep = getattr(timeouts, "sleep", None) or trio.sleep

    def sleep(self, seconds: float) -> Awaitable[None]:
        result: Awaitable[None] = self._sleep(seconds)
        return result

    def checkpoint(self) -> Awaitable[None]:
        result: Awaitable[None] = self._trio.lowlevel.checkpoint()
        return result

    def wakeup(self) -> Wakeup:
        trio = self._trio
        event = trio.Event()
        token = trio.lowlevel.current_trio_token()

        def set_() -> None:
            try:
                token.run_sync_soon(event.set)
            except trio.RunFinishedError:
                pass  # the run is over: nobody is waiting any more

        return Wakeup(event.wait, set_)

    async def wait(self, wakeup: Wakeup, timeout: float | None, describe: Describe) -> None:
        with self._trio.move_on_after(math.inf if timeout is None else timeout) as scope:
            await wakeup.wait()
        if scope.cancelled_caught:
            raise WaitTimeoutError(describe())


def is_sleep(obj: Any) -> bool:
    """Whether ``obj`` is asyncio's, trio's or anyio's ``sleep`` (the real ones)."""
    if obj is _ASYNCIO_SLEEP:
        return True
    if type(obj) is not types.FunctionType or obj.__name__ != "sleep":
        return False  # the common case, decided without looking at any module
    for module_name in ("trio._timeouts", "trio", "anyio._core._eventloop", "anyio"):
        module = sys.modules.get(module_name)
        if module is not None and module.__dict__.get("sleep") is obj:
            return True
    return False


_ASYNCIO: Final = _Asyncio()
_TRIO: list[_Trio] = []


def current(purpose: str) -> Backend:
    """The framework running the calling task.

    Args:
        purpose: what needs it, for the error, e.g. ``"wait_for_call()"``.

    Raises:
        NoEventLoopError: neither an asyncio loop nor a trio run is active here.
    """
    if _get_running_loop() is not None:
        return _ASYNCIO
    trio = sys.modules.get("trio")
    if trio is not None:
        try:
            trio.lowlevel.current_task()
        except RuntimeError:
            pass
        else:
            if not _TRIO:
                _TRIO.append(_Trio(trio))
            return _TRIO[0]
    raise NoEventLoopError(
        f"{purpose} needs a running event loop, but neither asyncio nor trio is running "
        "in this thread; call it from a coroutine run by asyncio.run(), trio.run() or "
        "an async test."
    )
