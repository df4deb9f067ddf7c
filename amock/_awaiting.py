"""What awaiting a mock gives, from the ``await`` to its outcome.

Every call of an async mock returns the coroutine :func:`awaited` makes.
Awaiting it records the await, then runs what the test set up, in order:

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

import weakref
from collections.abc import Callable, Generator, Iterator
from typing import Any, Final

from amock import _framework, _recording, _shapes, _stdlib, _switches, _toolkit
from amock.errors import MockConfigurationError

__all__ = ["await_magic", "awaited", "check_checkpoint"]

DEFAULT: Final = _stdlib.DEFAULT
_TOOLKIT_KEY: Final = _toolkit.KEY
_is_exception: Final = _stdlib.is_exception
_callable: Final = _stdlib.is_callable
_record_await: Final = _recording.record_await


async def awaited(
    mock: Any,
    namespace: dict[str, Any],
    this_call: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """The coroutine a call of the async mock ``mock`` returns (its ``__dict__``: ``namespace``).

    ``this_call`` is the call's own record: the await is recorded with the
    same (immutable) object.
    """
    delegate = namespace["_mock_delegate"]
    _record_await(namespace, this_call, delegate)
    if delegate is not None or _switches.hooks_in_use:
        # The call may have been made before a wait or a hold began: look now.
        state = namespace.get(_TOOLKIT_KEY)
        if delegate is not None:
            state = _delegated_behaviour(mock, delegate, state)
        if state is not None or _switches.checkpoint_all:
            if state is not None:
                _toolkit.on_await(mock)
            return await _around_outcome(mock, state, this_call, args, kwargs)
    elif namespace["_mock_side_effect"] is None:
        # The common case, kept short: a configured return value.
        returned = namespace["_mock_return_value"]
        if returned is not DEFAULT:
            return returned
    return await _outcome(mock, args, kwargs)


async def _around_outcome(
    mock: Any,
    state: _toolkit.Behaviour | None,
    this_call: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """Steps 1 and 2 (delay or checkpoint, hold), then the outcome."""
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
