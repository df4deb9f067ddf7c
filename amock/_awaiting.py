"""What awaiting a mock gives, from the ``await`` to its outcome.

Every call of an async mock returns the coroutine :func:`awaited` makes (a
mock whose async shape amock lent returns what :func:`lent_call` gives: a
configured awaitable as it is, else a :class:`LentAwaitable` of the same
coroutine, made when first awaited). Awaiting it records the await, then
runs what the test set up, in order:

1. the mock's ``delay`` (a sleep on the running framework's clock), or one
   scheduling point (``checkpoint``, ``amock.configure(checkpoint=True)``,
   or a patched framework sleep, unless the event loop's clock is patched);
2. a hold (``amock.hold``), which keeps the await until released;
3. the outcome: ``side_effect`` (raised, iterated, or called and, if it
   is async, awaited), else ``return_value``, else what ``wraps`` gives.

A cancellation that arrives during steps 1 and 2, or inside an async side
effect, is recorded in the mock's ``cancelled_awaits``.

``await mock`` on a mock of an awaitable object (``__await__``) is answered
here too: :func:`await_magic`.
"""

from __future__ import annotations

import collections.abc
import inspect
import weakref
from collections.abc import Callable, Generator, Iterator
from typing import Any, Final

import wrapt

from amock import (
    _framework,
    _imitation,
    _recording,
    _shapes,
    _static,
    _stdlib,
    _switches,
    _toolkit,
)
from amock.errors import MockConfigurationError

__all__ = [
    "EitherWay",
    "LentAwaitable",
    "await_magic",
    "awaited",
    "check_checkpoint",
    "lent_call",
]

DEFAULT: Final = _stdlib.DEFAULT
#: No outcome given: the await runs the mock's side effect or return value.
_NOT_GIVEN: Final[Any] = object()
_TOOLKIT_KEY: Final = _toolkit.KEY
_is_exception: Final = _stdlib.is_exception
_callable: Final = _stdlib.is_callable
_lock: Final = _recording.LOCK.acquire
_unlock: Final = _recording.LOCK.release
_next_stamp: Final = _recording.next_stamp
_IMITATION: Final = _imitation.KEY


async def awaited(
    mock: Any,
    namespace: dict[str, Any],
    this_call: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    given: Any = _NOT_GIVEN,
) -> Any:
    """The coroutine a call of the async mock ``mock`` returns (its ``__dict__``: ``namespace``).

    ``this_call`` is the call's own record: the await is recorded with the
    same (immutable) object. ``given``: the outcome, when the call already
    ran the side effect (see :func:`lent_call`).
    """
    delegate = namespace["_mock_delegate"]
    # The one place an await is recorded, inline: this is the hot path.
    _lock()
    try:
        if delegate is None:
            namespace["_mock_await_count"] += 1
            namespace["_mock_await_args"] = this_call
            namespace["_mock_await_args_list"].append(this_call)
        else:
            # As the stdlib's delegating properties would write them.
            delegate.await_count += 1
            delegate.await_args = this_call
            delegate.await_args_list.append(this_call)
        namespace["_amock_await_stamps"].append(_next_stamp())
    finally:
        _unlock()
    if delegate is not None or _switches.hooks_in_use:
        # The call may have been made before a wait or a hold began: look now.
        state = namespace.get(_TOOLKIT_KEY)
        if delegate is not None:
            state = _delegated_behaviour(mock, delegate, state)
        if state is not None or _switches.checkpoint_all:
            if state is not None:
                _toolkit.on_await(mock)
            return await _around_outcome(mock, state, this_call, args, kwargs, given)
    elif namespace["_mock_side_effect"] is None:
        # The common case, kept short: a configured return value (a lent
        # call is only ``given`` its outcome when it ran a side effect).
        returned = namespace["_mock_return_value"]
        if returned is not DEFAULT:
            return returned
    if given is not _NOT_GIVEN:
        return given
    return await _outcome(mock, args, kwargs)


#: Python names the coroutine after the function's ``__qualname__``: the
#: stdlib's name, so its "never awaited" warning and the filters users wrote
#: for it read the same with amock (tracebacks show the code's own name).
awaited.__qualname__ = _stdlib.COROUTINE_NAME


async def _around_outcome(
    mock: Any,
    state: _toolkit.Behaviour | None,
    this_call: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    given: Any,
) -> Any:
    """Steps 1 and 2 (delay or checkpoint, hold), then the outcome (or the ``given`` one)."""
    try:
        if state is None:
            await _framework.current("checkpoint").checkpoint()
        else:
            held = await _before_outcome(mock, state, this_call, args, kwargs)
            if held is not None:
                error, value = held.outcome()
                if error is not None:
                    raise error
                if value is not DEFAULT:
                    return value
    except BaseException as error:
        if _toolkit.is_cancellation(error):
            _toolkit.record_cancelled(mock, this_call)
        raise
    if given is not _NOT_GIVEN:
        return given
    return await _outcome(mock, args, kwargs)


async def _before_outcome(
    mock: Any,
    state: _toolkit.Behaviour,
    this_call: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> _toolkit.HeldCall | None:
    """Sleep or pass a scheduling point, then wait while held; the released held call, if any."""
    delay = state.delay
    if delay is not None:
        seconds = delay(*args, **kwargs) if callable(delay) else delay
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise MockConfigurationError(
                f"the delay callable of {mock._extract_mock_name()!r} returned "
                f"{seconds!r}; it must return a number of seconds."
            )
        await _framework.current("delay").sleep(_toolkit.seconds(seconds, "delay"))
    elif _switches.checkpoint_all or (state.checkpoint and not state.sleep_stand_in):
        await _framework.current("checkpoint").checkpoint()
    elif state.checkpoint:
        backend = _framework.current("checkpoint")
        if not backend.clock_patched():
            await backend.checkpoint()
    return await _toolkit.wait_if_held(state, this_call)


async def _outcome(mock: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Step 3: what ``side_effect``, ``return_value`` or ``wraps`` give."""
    effect = mock.side_effect
    if effect is not None:
        if _is_exception(effect):
            raise effect
        if not _callable(effect):
            try:
                result = next(effect)
            except StopIteration:
                # PEP 479: StopIteration cannot leave a coroutine.
                raise StopAsyncIteration from None
            if _is_exception(result):
                raise result
        elif _is_coroutine_function(effect):
            try:
                result = await effect(*args, **kwargs)
            except BaseException as error:
                if _toolkit.is_cancellation(error):
                    _toolkit.record_cancelled(mock, _recording.call_pair(args, kwargs))
                raise
        else:
            result = effect(*args, **kwargs)
        if result is not DEFAULT:
            return result
    if mock._mock_return_value is not DEFAULT:
        return mock.return_value
    wraps = mock._mock_wraps
    if wraps is not None:
        if _is_coroutine_function(wraps):
            return await wraps(*args, **kwargs)
        return wraps(*args, **kwargs)
    return mock.return_value


def lent_call(
    mock: Any,
    namespace: dict[str, Any],
    this_call: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """What a call gives when amock lent the mock its async shape (``Imitation.lent``).

    The stdlib's mock there is a plain one, whose call returns its return
    value and runs its side effect at once: a test written for it may set an
    awaitable ``return_value`` (a coroutine, gRPC's call object) and await
    what the call gives. So the side effect runs at the call, as there, and
    a configured awaitable comes back as it is; anything else comes back in
    a :class:`LentAwaitable`, so that ``await mock()`` still works unset.
    """
    given: Any = _NOT_GIVEN
    effect = mock.side_effect
    if effect is None:
        configured = mock._mock_return_value
        if configured is not DEFAULT and _is_awaitable(configured):
            return configured
    else:
        given = _run_side_effect(mock, effect, args, kwargs)
        if given is DEFAULT:
            given = _NOT_GIVEN  # the return value, on await
        elif _is_awaitable(given):
            return given
    lent = LentAwaitable(mock, namespace, this_call, args, kwargs, given)
    imitation = namespace.get(_IMITATION)
    if imitation is not None and imitation.either_way:
        return EitherWay(mock.return_value if given is _NOT_GIVEN else given, lent)
    return lent


def _run_side_effect(mock: Any, effect: Any, args: tuple[Any, ...], kwargs: Any) -> Any:
    """The stdlib's plain mock's side effect: raised, iterated or called, at the call."""
    if _is_exception(effect):
        raise effect
    if not _callable(effect):
        result = next(effect)
        if _is_exception(result):
            raise result
        return result
    return effect(*args, **kwargs)


def _is_awaitable(value: Any) -> bool:
    """Whether ``await value`` works: a coroutine, or an object whose type has ``__await__``."""
    return inspect.isawaitable(value)


class LentAwaitable(collections.abc.Coroutine):  # type: ignore[type-arg]
    """What a call returns when amock lent the mock its async shape: awaiting it awaits the mock.

    No coroutine exists until it is awaited (or sent to), so a call nobody
    awaits (code that hands it to another mock, as a plain mock's result)
    leaves no "never awaited" warning behind. It stands for the mock's
    ``return_value`` in comparisons, as the stdlib's plain mock's result is
    that value: ``call(event.wait())`` matches ``call(event.wait.return_value)``.
    """

    __slots__ = ("_args", "_call", "_coroutine", "_given", "_kwargs", "_mock", "_namespace")

    def __init__(
        self,
        mock: Any,
        namespace: dict[str, Any],
        this_call: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        given: Any,
    ) -> None:
        self._mock = mock
        self._namespace = namespace
        self._call = this_call
        self._args = args
        self._kwargs = kwargs
        self._given = given
        self._coroutine: Any = None

    def _started(self) -> Any:
        coroutine = self._coroutine
        if coroutine is None:
            coroutine = self._coroutine = awaited(
                self._mock, self._namespace, self._call, self._args, self._kwargs, self._given
            )
        return coroutine

    def started_coroutine(self) -> Any:
        """The coroutine of the await, or ``None`` while nobody has awaited this."""
        return self._coroutine

    def __await__(self) -> Generator[Any, None, Any]:
        return self._started().__await__()  # type: ignore[no-any-return]

    def send(self, value: Any) -> Any:
        """Run the await one step (as a coroutine's ``send``)."""
        return self._started().send(value)

    def throw(self, *error: Any) -> Any:
        """Raise in the await (as a coroutine's ``throw``)."""
        return self._started().throw(*error)

    def close(self) -> None:
        """End the await; an awaitable never awaited has nothing to end."""
        if self._coroutine is not None:
            self._coroutine.close()

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        returned = self._namespace.get("_mock_return_value", DEFAULT)
        return returned is not DEFAULT and other is returned

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        shown = [repr(value) for value in self._args]
        shown += [f"{key}={value!r}" for key, value in self._kwargs.items()]
        return f"<awaitable of {self._mock._extract_mock_name()}({', '.join(shown)})>"


class EitherWay(wrapt.ObjectProxy[Any]):
    """What a call of a method of a value of unknown type gives (``_imitation.Undecided``).

    It is the call's result (the mock's ``return_value``, or what its side
    effect gave) for every plain use, and also: awaiting it awaits the mock
    (the await is recorded and gives that result), ``async with`` enters the
    result and ``async for`` iterates it. Left unawaited, it is no mistake:
    nothing is reported.
    """

    def __init__(self, value: Any, lent: LentAwaitable) -> None:
        super().__init__(value)
        self._self_lent = lent

    def __await__(self) -> Generator[Any, None, Any]:
        return self._self_lent.__await__()

    # A coroutine's methods, so that asyncio.create_task() and trio's start_soon() take it.
    def send(self, value: Any) -> Any:
        """Run the await one step (as a coroutine's ``send``)."""
        return self._self_lent.send(value)

    def throw(self, *error: Any) -> Any:
        """Raise in the await (as a coroutine's ``throw``)."""
        return self._self_lent.throw(*error)

    def close(self) -> Any:
        """End the await if it started; otherwise the result's own ``close()`` (a plain use)."""
        if self._self_lent.started_coroutine() is not None:
            return self._self_lent.close()
        return self.__wrapped__.close()

    async def __aenter__(self) -> Any:
        return await self._self_special("__aenter__", "entered with `async with`")()

    async def __aexit__(self, *exc_info: Any) -> Any:
        return await self._self_special("__aexit__", "entered with `async with`")(*exc_info)

    def __aiter__(self) -> Any:
        return self._self_special("__aiter__", "iterated with `async for`")()

    def __repr__(self) -> str:
        return repr(self.__wrapped__)

    def __hash__(self) -> int:
        # Each call's result is its own awaitable: asyncio.gather() keys its
        # arguments by hash, and two calls of one method must not merge there.
        return object.__hash__(self)

    def _self_special(self, name: str, use: str) -> Any:
        """The result's special method ``name``, bound as Python's protocols look it up."""
        value = self.__wrapped__
        method = _static.static_type_attr(type(value), name)
        if method is _static.MISSING:
            mock = self._self_lent._mock
            imitation = mock.__dict__[_IMITATION]
            raise TypeError(imitation.refused(mock._extract_mock_name(), use, value))
        bind = getattr(type(method), "__get__", None)
        return method if bind is None else bind(method, value, type(value))


def check_checkpoint(value: Any) -> None:
    """Refuse a ``checkpoint`` setting that is not a bool.

    Raises:
        MockConfigurationError: ``value`` is not ``True`` or ``False``.
    """
    if not isinstance(value, bool):
        raise MockConfigurationError(f"checkpoint must be True or False, got {value!r}.")


def _delegated_behaviour(
    mock: Any, delegate: Any, state: _toolkit.Behaviour | None
) -> _toolkit.Behaviour | None:
    """The behaviour of an await of ``mock``, whose settings live on its delegate.

    The delegate is the function ``create_autospec(function)`` returns (see
    :mod:`amock._autospec`): its ``delay`` and ``checkpoint`` are plain
    attributes the test may set, read here at each await, as the stdlib's
    mock reads ``return_value`` and ``side_effect`` from it.
    """
    delay = getattr(delegate, "delay", None)
    checkpoint = getattr(delegate, "checkpoint", False)
    if state is None and delay is None and checkpoint is False:
        return None  # the common case: nothing set
    delay = _toolkit.check_delay(delay)
    check_checkpoint(checkpoint)
    if state is None:
        state = _toolkit.behaviour(mock)
    state.delay = delay
    state.checkpoint = checkpoint
    return state


def _is_coroutine_function(func: Any) -> bool:
    """Whether calling ``func`` gives an awaitable to await (cached per object)."""
    try:
        return _COROUTINE_FUNCTIONS[func]
    except (KeyError, TypeError):
        pass
    verdict = _shapes.shape_of(func).is_coroutine_function
    try:
        _COROUTINE_FUNCTIONS[func] = verdict
    except TypeError:
        pass
    return verdict


_COROUTINE_FUNCTIONS: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


# -- ``await mock`` on a mock of an awaitable ---------------------------------------------


def await_magic(parent: Any) -> Callable[[], Iterator[Any]]:
    """The side effect of ``parent.__await__``: ``await parent`` gives its return value.

    A mock that is also an async context manager and whose ``__await__``
    return value was never set gives what ``async with`` would bind, as
    aiohttp's request context managers do.
    """

    def __await__() -> Iterator[Any]:
        configured = parent.__await__._mock_return_value
        if configured is DEFAULT and "__aenter__" in type(parent)._amock_magics:
            value = parent.__aenter__.return_value
        else:
            value = parent.__await__.return_value
        return _ready(value)

    return __await__


def _ready(value: Any) -> Generator[Any, Any, Any]:
    """An ``__await__`` iterator that finishes at once with ``value``."""
    return value
    yield  # pragma: no cover - makes this a generator
