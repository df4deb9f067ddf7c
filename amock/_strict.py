"""Strict blocks: calls of async mocks whose coroutine is never awaited fail the block.

Without a strict block, a forgotten ``await mock()`` shows up at best as a
``RuntimeWarning`` from the garbage collector that names amock's internals.
Inside one, every coroutine an async mock returns is remembered with the
line that made the call, and at the end of the block those never awaited
are closed (so no warning follows) and reported as one
:class:`~amock.errors.NeverAwaitedError`.

A block covers the calls made in its context: the code inside it and the
tasks it starts (they copy the context). Threads started inside it, which
begin with an empty context, are not covered unless they run in a copy of it
(``asyncio.to_thread`` and anyio's ``to_thread.run_sync`` copy it). Nested
blocks each report the calls made while they are the innermost.
"""

from __future__ import annotations

import contextvars
import inspect
import os
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any, Final, TypeVar

import wrapt

from amock import _awaiting, _shapes, _stdlib, _switches
from amock.errors import NeverAwaitedError, NeverAwaitedWarning, StrictModeError

__all__ = ["register", "strict"]

F = TypeVar("F", bound=Callable[..., Any])

#: How many strict blocks are open in the process; the mocks' hot path reads it.
_LOCK: Final = threading.Lock()
_current: Final[contextvars.ContextVar[_Block | None]] = contextvars.ContextVar(
    "amock_strict_block", default=None
)
#: Frames from these folders are amock's (or its helpers'), never the caller.
_INTERNAL_DIRS: Final = tuple(
    os.path.dirname(path) + os.sep for path in (__file__, wrapt.__file__) if path
)
_MOCK_FILE: Final = sys.modules["unittest.mock"].__file__ or ""


def _caller() -> tuple[str, int]:
    """The file and line of the first frame outside amock, wrapt and unittest.mock."""
    frame: Any = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_INTERNAL_DIRS) and filename != _MOCK_FILE:
            return filename, frame.f_lineno
        frame = frame.f_back
    return "<unknown>", 0  # pragma: no cover - there is always a caller


class _Entry:
    __slots__ = ("args", "coroutine", "filename", "kwargs", "line", "mock")

    def __init__(
        self, mock: Any, coroutine: Any, args: Any, kwargs: Any, where: tuple[str, int]
    ) -> None:
        self.mock = mock
        self.coroutine = coroutine
        self.args = args
        self.kwargs = kwargs
        self.filename, self.line = where

    def describe(self) -> str:
        arguments = [repr(value) for value in self.args]
        arguments += [f"{key}={value!r}" for key, value in self.kwargs.items()]
        name = self.mock._extract_mock_name()
        return f"{name}({', '.join(arguments)}) at {self.filename}:{self.line}"


class _Block:
    __slots__ = ("entries", "lock")

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.lock = threading.Lock()


#: The block of the pytest plugin's strict mode: it covers every context of
#: the process while a test runs (event loop runners copy their context
#: before the test starts, so a context variable would not reach them).
_process_block: _Block | None = None


def register(mock: Any, coroutine: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Remember a coroutine an async mock returned, if a strict block covers this call."""
    block = _current.get() or _process_block
    if block is None:
        return
    if not (inspect.iscoroutine(coroutine) or isinstance(coroutine, _awaiting.LentAwaitable)):
        return
    entry = _Entry(mock, coroutine, args, kwargs, _caller())
    with block.lock:
        block.entries.append(entry)


class strict:
    """Fail when a call of an async mock made inside the block is never awaited.

    Use it as a context manager (``with`` or ``async with``) or as a
    decorator of sync or async functions (each call is its own block). At
    the end of the block, every coroutine an async mock returned inside it
    and nobody awaited is closed, so Python warns about none of them, and
    they are reported together with the line of each call.

    Raises:
        NeverAwaitedError: at the end of the block, if some call was never
            awaited (unless the block is already ending with an exception,
            which then carries the report as a note).
        StrictModeError: the block is ended from another context than the one
            that began it (another task or thread).
    """

    def __init__(self) -> None:
        self._tokens: list[tuple[contextvars.Token[_Block | None], _Block]] = []

    def __enter__(self) -> strict:
        block = _Block()
        self._tokens.append((_current.set(block), block))
        _switches.use_hooks()
        with _LOCK:
            _switches.strict_blocks += 1
        return self

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> None:
        __tracebackhide__ = True
        token, block = self._tokens.pop()
        with _LOCK:
            _switches.strict_blocks -= 1
        try:
            _current.reset(token)
        except ValueError:
            raise StrictModeError(
                "amock.strict(): the block was ended in another context (task or thread) "
                "than the one that began it; begin and end it in the same task."
            ) from None
        report = _report(block, error)
        if report is None:
            return
        if error is None:
            raise NeverAwaitedError(report)
        if hasattr(error, "add_note"):
            error.add_note(report)

    async def __aenter__(self) -> strict:
        return self.__enter__()

    async def __aexit__(self, kind: Any, error: BaseException | None, traceback: Any) -> None:
        __tracebackhide__ = True
        self.__exit__(kind, error, traceback)

    def __call__(self, function: F) -> F:
        """Decorate ``function`` so each call runs in a strict block of its own."""

        @wrapt.decorator
        def wrapper(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
            __tracebackhide__ = True
            with strict():
                return wrapped(*args, **kwargs)

        @wrapt.decorator
        async def async_wrapper(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
            __tracebackhide__ = True
            with strict():
                return await wrapped(*args, **kwargs)

        if _shapes.shape_of(function).is_coroutine_function:
            return async_wrapper(function)  # type: ignore[return-value]
        return wrapper(function)  # type: ignore[return-value]


def begin_process_block() -> _Block:
    """Begin a strict block that covers every context of the process (pytest plugin)."""
    global _process_block
    block = _process_block = _Block()
    _switches.use_hooks()
    with _LOCK:
        _switches.strict_blocks += 1
    return block


def end_process_block(block: _Block, error: BaseException | None = None) -> str | None:
    """End the block :func:`begin_process_block` began; the report, if any call was forgotten.

    ``error``: what the test failed with, if it failed (see :func:`_report`).
    """
    _end(block)
    return _report(block, error)


def end_process_block_warning(block: _Block) -> None:
    """End the block :func:`begin_process_block` began, warning once per forgotten call.

    Outside strict mode, the pytest plugin uses this at the end of each test:
    every coroutine the test left unawaited is closed now (so Python's own
    warning never fires later, in another test) and reported as a
    :class:`~amock.errors.NeverAwaitedWarning` at the line of the call. A
    lent call (see ``amock._awaiting.LentAwaitable``) is left alone: the
    stdlib's mock there is a plain one, so not awaiting it is no mistake.
    """
    _end(block)
    for entry in _forgotten(block, lent=False):
        name = entry.mock._extract_mock_name()
        # The stdlib's coroutine name first, so filters written for Python's warning match.
        warnings.warn_explicit(
            NeverAwaitedWarning(
                f"coroutine {_stdlib.COROUTINE_NAME!r} was never awaited: the call of the "
                f"async mock {name!r}, {entry.describe()}, returned a coroutine that the "
                "test ended without awaiting; await it (or pass it to a task that runs)."
            ),
            NeverAwaitedWarning,
            entry.filename,
            entry.line,
        )


def _end(block: _Block) -> None:
    global _process_block
    if _process_block is block:
        _process_block = None
    with _LOCK:
        _switches.strict_blocks -= 1


def _never_awaited(awaitable: Any) -> bool:
    """Whether nobody awaited (or started) the coroutine or lent awaitable a call returned."""
    if isinstance(awaitable, _awaiting.LentAwaitable):
        awaitable = awaitable.started_coroutine()
        if awaitable is None:
            return True
    return inspect.getcoroutinestate(awaitable) == inspect.CORO_CREATED


def _forgotten(block: _Block, *, lent: bool = True) -> list[_Entry]:
    """Close the never-awaited coroutines of ``block`` (lent ones too, if ``lent``); their calls."""
    with block.lock:
        entries, block.entries = block.entries, []
    forgotten = []
    for entry in entries:
        if not lent and isinstance(entry.coroutine, _awaiting.LentAwaitable):
            continue
        if _never_awaited(entry.coroutine):
            entry.coroutine.close()
            forgotten.append(entry)
    return forgotten


def _report(block: _Block, error: BaseException | None = None) -> str | None:
    """Close the never-awaited coroutines of ``block``; the report, if there were any.

    ``error``: what the block is ending with. When the code entered or iterated
    one of the coroutines, awaiting it is not the fix, and the report says so.
    """
    forgotten = _forgotten(block)
    if not forgotten:
        return None
    lines = "\n".join(f"  - {entry.describe()}" for entry in forgotten)
    if _used_as_protocol(error):
        advice = (
            "The code used a coroutine with `async with` or `async for`: the real method "
            "returns an async context manager (or iterator) when called, so awaiting the "
            "call is not the fix. Make the mock's method sync: autospec the real class "
            "(amock.create_autospec(RealClass, instance=True)), or set the method to an "
            "amock.MagicMock()."
        )
    else:
        advice = "Await each call (or pass it to a task that runs) before the strict block ends."
    return f"{len(forgotten)} call(s) of async mocks were never awaited:\n{lines}\n{advice}"


def _used_as_protocol(error: BaseException | None) -> bool:
    """Whether ``error`` is Python's refusal to enter or async-iterate a coroutine."""
    if isinstance(error, AttributeError):
        # Python 3.10 refuses ``async with`` of an object without __aenter__ so.
        return error.args in (("__aenter__",), ("__aexit__",))
    if not isinstance(error, TypeError):
        return False
    message = str(error)
    return ("'coroutine' object" in message or "got coroutine" in message) and (
        "asynchronous context manager" in message or "async for" in message
    )
