"""The async toolkit's state for one mock: its delay, checkpoint and hold, and who waits on it.

A mock gets a :class:`Behaviour` the first time one of these features is
asked of it; until then it has none, and its calls and awaits take their
fast paths untouched. Using one also sets ``_switches.hooks_in_use``: from
then on a call looks for waiters (:func:`on_call`), and an await (see
:mod:`amock._awaiting`) looks for waiters, its delay or checkpoint, and
its hold (:func:`wait_if_held`).
"""

from __future__ import annotations

import asyncio
import collections
import math
import sys
import threading
from collections.abc import Callable
from typing import Any, Final

from amock import _framework, _stdlib, _switches
from amock.errors import HoldError, MockConfigurationError

__all__ = [
    "Behaviour",
    "HeldCall",
    "Hold",
    "behaviour",
    "check_delay",
    "is_cancellation",
    "on_await",
    "on_call",
    "record_cancelled",
    "seconds",
    "stand_in_for_sleep",
    "wait_for",
    "wait_if_held",
]

DEFAULT: Final = _stdlib.DEFAULT
_CallList = _stdlib.CallList
_LOCK: Final = threading.RLock()
#: The key of a mock's behaviour in its ``__dict__``.
KEY: Final = "_amock_behaviour"
DEFAULT_TIMEOUT: Final = 5.0


class Behaviour:
    """The async features one mock uses; each is off until set."""

    __slots__ = ("cancelled", "checkpoint", "delay", "hold", "sleep_stand_in", "waiters")

    def __init__(self) -> None:
        self.delay: float | Callable[..., float] | None = None
        self.checkpoint = False
        #: The checkpoint was turned on by patching a framework's sleep, not asked
        #: for: it is skipped while the event loop's clock is patched (see
        #: :func:`stand_in_for_sleep`).
        self.sleep_stand_in = False
        self.hold: Hold | None = None
        self.waiters: list[_Waiter] = []
        self.cancelled: Any = _CallList()


def behaviour(mock: Any) -> Behaviour:
    """The mock's behaviour, created (and its class marked) on first use."""
    namespace = mock.__dict__
    found: Behaviour | None = namespace.get(KEY)
    if found is None:
        with _LOCK:
            found = namespace.get(KEY)
            if found is None:
                _switches.use_hooks()
                found = namespace[KEY] = Behaviour()
                # Marks the class, which keeps it out of the pool of recycled
                # classes. Calls no longer depend on it: the inlined call path
                # looks for the behaviour itself once _switches.hooks_in_use is set.
                type.__setattr__(type(mock), "_amock_hooked", True)
    return found


def stand_in_for_sleep(mock: Any) -> None:
    """Give a mock that replaces a framework's sleep one scheduling point per await.

    Code that loops over a mocked ``asyncio.sleep`` must still let other
    tasks run and be cancellable; the stdlib's mock never yields there. But
    while the event loop's own clock is patched too (``time.monotonic`` with
    a list of readings, say), a pass through the loop would read it and eat
    values the code under test expects: then the await does not yield, and
    the code sees exactly the clock reads it sees with the stdlib.
    """
    # Through the mock's own setting: an autospecced function keeps it on its copy.
    mock.checkpoint = True
    behaviour(mock).sleep_stand_in = True


def check_delay(value: Any) -> float | Callable[..., float] | None:
    """``value`` if it is a valid ``delay`` setting.

    Raises:
        MockConfigurationError: neither a number, a callable nor ``None``.
        ValueError: a negative or NaN number.
    """
    if value is None or callable(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MockConfigurationError(
            f"delay must be a number of seconds, a callable taking the call's arguments "
            f"and returning one, or None; got {value!r} of type {type(value).__name__}."
        )
    return seconds(value, "delay")


def seconds(value: float, what: str) -> float:
    """``value`` as float seconds.

    Raises:
        ValueError: a negative or NaN ``value`` (``what`` names the setting).
    """
    if math.isnan(value) or value < 0:
        raise ValueError(f"{what} must be zero or more seconds, got {value!r}.")
    return float(value)


# -- waiting for calls and awaits ------------------------------------------------------


class _Waiter:
    __slots__ = ("kind", "ready", "wakeup")

    def __init__(self, kind: str, ready: Callable[[], bool], wakeup: _framework.Wakeup) -> None:
        self.kind = kind
        self.ready = ready
        self.wakeup = wakeup


def _notify(mock: Any, kind: str) -> None:
    found: Behaviour | None = mock.__dict__.get(KEY)
    if found is None or not found.waiters:
        return
    with _LOCK:
        for waiter in list(found.waiters):
            if waiter.kind == kind and waiter.ready():
                found.waiters.remove(waiter)
                waiter.wakeup.set()


def on_call(mock: Any) -> None:
    """Tell waiters that ``mock`` was called (after the call was recorded)."""
    _notify(mock, "call")


def on_await(mock: Any) -> None:
    """Tell waiters that ``mock`` was awaited (after the await was recorded)."""
    _notify(mock, "await")


async def wait_for(mock: Any, kind: str, expected: Any, times: int, timeout: float | None) -> Any:
    """Wait until ``mock`` has ``times`` calls or awaits (matching ``expected`` if given).

    Returns:
        The last matching call.
    """
    __tracebackhide__ = True
    what = "wait_for_call()" if kind == "call" else "wait_for_await()"
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError(f"{what}: times must be a positive int, got {times!r}.")
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
            raise MockConfigurationError(
                f"{what}: timeout must be a number of seconds or None (wait forever), "
                f"got {timeout!r}."
            )
        timeout = seconds(timeout, f"{what}: timeout")
    if expected is not None and not isinstance(expected, _stdlib.Call):
        raise MockConfigurationError(
            f"{what}: expected must be a call object such as amock.call('x', key=1), "
            f"got {expected!r}."
        )
    backend = _framework.current(what)
    records = "call_args_list" if kind == "call" else "await_args_list"
    wanted = None if expected is None else mock._call_matcher(expected)

    def matches() -> list[Any]:
        recorded = list(getattr(mock, records))
        if wanted is None:
            return recorded
        return [entry for entry in recorded if mock._call_matcher(entry) == wanted]

    def ready() -> bool:
        return len(matches()) >= times

    def describe() -> str:
        name = mock._extract_mock_name()
        verb = "called" if kind == "call" else "awaited"
        target = "" if expected is None else f" with {expected!r}"
        found = getattr(mock, records)
        return (
            f"{name!r} was not {verb}{target} {times} time(s) within {timeout} seconds; "
            f"it was {verb} {len(found)} time(s): {list(found)!r}."
        )

    if ready():
        return matches()[times - 1]
    # Register, then look again: a call recorded in another thread either
    # comes before the second look (and is seen) or finds the waiter (and
    # wakes it). Only looking before registering loses a call made in between.
    waiter = _Waiter(kind, ready, backend.wakeup())
    with _LOCK:
        behaviour(mock).waiters.append(waiter)
    if ready():
        with _LOCK:
            waiters = behaviour(mock).waiters
            if waiter in waiters:
                waiters.remove(waiter)
        return matches()[times - 1]
    try:
        await backend.wait(waiter.wakeup, timeout, describe)
    finally:
        with _LOCK:
            waiters = behaviour(mock).waiters
            if waiter in waiters:
                waiters.remove(waiter)
    return matches()[times - 1]


# -- holding awaits ------------------------------------------------------------------


class HeldCall:
    """One await of a held mock, blocked until the test releases it.

    Attributes:
        call: the call that was awaited, as in ``await_args_list``.
    """

    __slots__ = ("_error", "_hold", "_state", "_value", "_wakeup", "call")

    def __init__(self, hold: Hold, call: Any, wakeup: _framework.Wakeup) -> None:
        self._hold = hold
        self.call = call
        self._wakeup = wakeup
        self._state = "held"
        self._value: Any = DEFAULT
        self._error: BaseException | None = None

    @property
    def args(self) -> tuple[Any, ...]:
        """The positional arguments of the held call."""
        return self.call.args  # type: ignore[no-any-return]

    @property
    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of the held call."""
        return self.call.kwargs  # type: ignore[no-any-return]

    @property
    def cancelled(self) -> bool:
        """Whether the awaiting task was cancelled while the call was held."""
        return self._state == "cancelled"

    @property
    def released(self) -> bool:
        """Whether the test released the call."""
        return self._state == "released"

    def release(self, value: Any = DEFAULT) -> None:
        """Let the await finish: with ``value``, or with the mock's own outcome.

        Raises:
            HoldError: the call was already released, or its task was cancelled.
        """
        self._finish(value, None)

    def fail(self, error: BaseException | type[BaseException]) -> None:
        """Let the await finish by raising ``error``.

        Raises:
            HoldError: the call was already released, or its task was cancelled.
        """
        if not (
            isinstance(error, BaseException)
            or (isinstance(error, type) and issubclass(error, BaseException))
        ):
            raise MockConfigurationError(
                f"fail() takes an exception instance or class, got {error!r}."
            )
        self._finish(DEFAULT, error if isinstance(error, BaseException) else error())

    def outcome(self) -> tuple[BaseException | None, Any]:
        """``(error, value)`` the test released the call with (``DEFAULT``: the mock's own)."""
        return self._error, self._value

    def _finish(self, value: Any, error: BaseException | None) -> None:
        with _LOCK:
            if self._state != "held":
                raise HoldError(
                    f"cannot release {self!r}: it was already {self._state}; each held "
                    "call is released once."
                )
            self._state = "released"
            self._value = value
            self._error = error
            self._hold._held.remove(self)
        self._wakeup.set()

    def __repr__(self) -> str:
        return f"<HeldCall {self._hold._name}{str(self.call)[4:]} {self._state}>"


class Hold:
    """Makes awaits of one async mock block until the test releases them.

    Create one with :func:`amock.hold`. While it is active, each await of the
    mock (or only the next ``times`` awaits) is recorded as usual and then
    waits for :meth:`HeldCall.release` or :meth:`HeldCall.fail`. Stopping the
    hold (leaving its ``with`` block) releases whatever is still held with the
    mock's own outcome, so no task is left blocked.
    """

    def __init__(self, mock: Any, times: int | None) -> None:
        self._mock = mock
        self._name = mock._extract_mock_name()
        self._remaining = times
        self._held: list[HeldCall] = []
        self._given: collections.deque[HeldCall] = collections.deque()
        self._all: list[HeldCall] = []
        self._waiters: list[_framework.Wakeup] = []
        self.active = True

    @property
    def calls(self) -> list[HeldCall]:
        """Every call this hold has held so far, released or not, oldest first."""
        return list(self._all)

    @property
    def held(self) -> list[HeldCall]:
        """The calls blocked right now, oldest first."""
        with _LOCK:
            return list(self._held)

    def _take(self, call: Any, wakeup_of: Callable[[], _framework.Wakeup]) -> HeldCall | None:
        """Hold this await if the hold wants it."""
        with _LOCK:
            if not self.active or self._remaining == 0:
                return None
            if self._remaining is not None:
                self._remaining -= 1
            held = HeldCall(self, call, wakeup_of())
            self._held.append(held)
            self._all.append(held)
            self._given.append(held)
            waiters, self._waiters = self._waiters, []
        for wakeup in waiters:
            wakeup.set()
        return held

    async def next(self, *, timeout: float | None = DEFAULT_TIMEOUT) -> HeldCall:
        """Wait until the mock is awaited and held; the held calls come in order.

        Each held call is given out once, so ``await hold.next()`` twice gives
        the first and the second held call.

        Raises:
            WaitTimeoutError: no call was held within ``timeout`` seconds.
        """
        __tracebackhide__ = True
        if timeout is not None:
            timeout = seconds(timeout, "next(): timeout")
        backend = _framework.current("Hold.next()")

        def describe() -> str:
            return (
                f"no await of {self._name!r} was held within {timeout} seconds; "
                f"{len(self._all)} were held before."
            )

        while True:
            with _LOCK:
                if self._given:
                    return self._given.popleft()
                wakeup = backend.wakeup()
                self._waiters.append(wakeup)
            await backend.wait(wakeup, timeout, describe)

    def release(self, value: Any = DEFAULT) -> None:
        """Release every call held right now, with ``value`` or the mock's outcome.

        Raises:
            HoldError: nothing is held.
        """
        for held in self._pending("release"):
            held.release(value)

    def fail(self, error: BaseException | type[BaseException]) -> None:
        """Release every call held right now by raising ``error`` in each.

        Raises:
            HoldError: nothing is held.
        """
        for held in self._pending("fail"):
            held.fail(error)

    def _pending(self, verb: str) -> list[HeldCall]:
        held = self.held
        if not held:
            raise HoldError(
                f"{verb}(): no await of {self._name!r} is held right now; wait for one with "
                "`await hold.next()` first."
            )
        return held

    def stop(self) -> None:
        """Stop holding; calls still held finish with the mock's own outcome."""
        with _LOCK:
            if not self.active:
                return
            self.active = False
            found: Behaviour | None = self._mock.__dict__.get(KEY)
            if found is not None and found.hold is self:
                found.hold = None
            leftover = list(self._held)
        for held in leftover:
            if held._state == "held":
                held.release()

    def __enter__(self) -> Hold:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> Hold:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "active" if self.active else "stopped"
        return f"<Hold of {self._name!r} {state}, {len(self._held)} held>"


def start_hold(mock: Any, times: int | None) -> Hold:
    """Begin holding the awaits of ``mock``.

    Raises:
        HoldError: the mock is already held.
        ValueError: ``times`` is not a positive int or None.
    """
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError(f"hold(): times must be a positive int or None (all), got {times!r}.")
    state = behaviour(mock)
    with _LOCK:
        if state.hold is not None and state.hold.active:
            raise HoldError(
                f"hold(): {mock._extract_mock_name()!r} is already held by {state.hold!r}; "
                "stop that hold first (leave its with block or call stop())."
            )
        state.hold = Hold(mock, times)
        return state.hold


# -- around the outcome of an await --------------------------------------------------


def is_cancellation(error: BaseException) -> bool:
    """Whether ``error`` is asyncio's or trio's cancellation."""
    if isinstance(error, asyncio.CancelledError):
        return True
    trio = sys.modules.get("trio")
    return trio is not None and isinstance(error, trio.Cancelled)


def record_cancelled(mock: Any, this_call: Any) -> None:
    """Record that the await ``this_call`` of ``mock`` was cancelled inside the mock."""
    behaviour(mock)
    with _LOCK:
        # The mock's record, which an autospecced function's copy holds.
        mock.cancelled_awaits.append(this_call)


async def wait_if_held(state: Behaviour, this_call: Any) -> HeldCall | None:
    """Wait while the mock's hold keeps the await ``this_call``; the released held call, if any."""
    hold = state.hold
    if hold is None or not hold.active:
        return None
    backend = _framework.current("hold()")
    held = hold._take(this_call, backend.wakeup)
    if held is not None:
        await _wait_held(held)
    return held


async def _wait_held(held: HeldCall) -> None:
    try:
        await held._wakeup.wait()
    except BaseException:
        with _LOCK:
            if held._state == "held":
                held._state = "cancelled"
                held._hold._held.remove(held)
        raise
