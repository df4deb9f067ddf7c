"""Patchers as decorators: one wrapper per test function, any number of patchers.

A decorated function is wrapped once, with :mod:`wrapt`, so it keeps its
name, docs, ``inspect.iscoroutinefunction`` and binding as a method,
staticmethod or classmethod. Further amock patchers stacked on it join the
same wrapper; ``unittest.mock`` patchers stacked on it append themselves to
its ``patchings`` list, as they do to each other, and join too. Every call
activates every patcher afresh, so concurrent calls never share state.

pytest learns which parameters are injected mocks in one of two ways, never
both (both drops a real fixture): from ``__signature__``, or by counting the
stdlib-shaped entries of ``patchings``. amock uses the signature alone: the
wrapper's ``__signature__`` leaves out every injected mock (amock's and those
of ``unittest.mock`` patchers stacked on it), and its ``patchings`` is no list
of patchers but a hook that only takes stdlib patchers in. A real list would
mislead hypothesis too: ``@given`` reads a function whose ``patchings`` is a
list of ``unittest.mock`` patchers (an empty list included) as taking
``(*args, **kwargs)``, and the test's fixtures are lost.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Protocol

import wrapt

from amock import _annotations, _restore, _shapes, _stdlib
from amock._static import CLASS_DICT

__all__ = ["Activation", "decorate"]

_DEFAULT: Final = _stdlib.DEFAULT


class Activation(Protocol):
    """One activation of an amock patcher, as a decorated call sees it."""

    result: Any

    def deactivate(self) -> None:
        """Undo the activation."""


def _enter(patchers: list[Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Activate ``patchers`` in order; give the call's arguments and the undo list."""
    extra: list[Any] = []
    undo: list[Any] = []
    try:
        for patcher in patchers:
            activate = getattr(patcher, "_amock_activate", None)
            if activate is not None:
                activation = activate()
                undo.append(activation)
                result = activation.result
            else:
                result = patcher.__enter__()
                undo.append(patcher)
            if patcher.attribute_name is not None:
                kwargs.update(result)
            elif patcher.new is _DEFAULT:
                extra.append(result)
    except BaseException:
        _exit(undo, *sys.exc_info())
        raise
    if extra:
        args += tuple(extra)
    return args, kwargs, undo


def _exit(undo: list[Any], exc_type: Any, exc: Any, traceback: Any) -> None:
    """Undo activations newest first; every one runs even if another fails."""
    if len(undo) == 1 and hasattr(undo[0], "deactivate"):
        undo[0].deactivate()  # the common case, kept short: one amock patcher
        return
    _restore.undo_all(
        getattr(entry, "deactivate", None)
        or functools.partial(entry.__exit__, exc_type, exc, traceback)
        for entry in reversed(undo)
    )


def _sync_runner(patchers: list[Any]) -> Callable[..., Any]:
    def run(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
        args, kwargs, undo = _enter(patchers, args, kwargs)
        try:
            result = wrapped(*args, **kwargs)
        except BaseException:
            _exit(undo, *sys.exc_info())
            raise
        _exit(undo, None, None, None)
        return result

    return run


def _coroutine_runner(patchers: list[Any]) -> Callable[..., Any]:
    # The patches go on when the coroutine starts and stay on across every
    # await until it finishes, is cancelled or fails.
    async def run(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
        args, kwargs, undo = _enter(patchers, args, kwargs)
        try:
            result = await wrapped(*args, **kwargs)
        except BaseException:
            _exit(undo, *sys.exc_info())
            raise
        _exit(undo, None, None, None)
        return result

    return run


def _generator_runner(patchers: list[Any]) -> Callable[..., Any]:
    # The stdlib patches only while the generator object is created, so its
    # body runs unpatched; here the patches hold while the body runs.
    def run(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
        args, kwargs, undo = _enter(patchers, args, kwargs)
        try:
            result = yield from wrapped(*args, **kwargs)
        except BaseException:
            _exit(undo, *sys.exc_info())
            raise
        _exit(undo, None, None, None)
        return result

    return run


def _async_generator_runner(patchers: list[Any]) -> Callable[..., Any]:
    # An async generator cannot ``yield from``: forward every asend, athrow
    # and aclose by hand so the body sees exactly what the caller does.
    async def run(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
        args, kwargs, undo = _enter(patchers, args, kwargs)
        try:
            inner = wrapped(*args, **kwargs)
            try:
                sent: Any = None
                thrown: BaseException | None = None
                while True:
                    try:
                        if thrown is not None:
                            item = await inner.athrow(thrown)
                        else:
                            item = await inner.asend(sent)
                    except StopAsyncIteration:
                        break
                    thrown = None
                    try:
                        sent = yield item
                    except GeneratorExit:
                        raise
                    except BaseException as error:
                        thrown = error
            finally:
                await inner.aclose()
        except BaseException:
            _exit(undo, *sys.exc_info())
            raise
        _exit(undo, None, None, None)

    return run


_RUNNERS: Final = {
    "sync": _sync_runner,
    "coroutine": _coroutine_runner,
    "generator": _generator_runner,
    "async_generator": _async_generator_runner,
}


class _StackingHook:
    """``patchings`` of an amock-decorated function, for ``unittest.mock`` to stack on.

    A ``unittest.mock`` patcher decorating a function that has ``patchings``
    appends itself there instead of wrapping it again; here the append puts
    it in the wrapper's own list, in stacking order. It reads as empty, so
    pytest counts no mocks from it: the wrapper's ``__signature__`` already
    leaves them out.
    """

    __slots__ = ("_every",)

    def __init__(self, every: list[Any]) -> None:
        self._every = every

    def append(self, patcher: Any) -> None:
        """Stack a ``unittest.mock`` patcher on the function."""
        self._every.append(patcher)

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __repr__(self) -> str:
        return f"<patchings of an amock-patched function: {self._every!r}>"


def _kind(func: Any) -> str:
    """How the decorated function's body runs, so the patches span all of it."""
    shape = _shapes.shape_of(func)
    if shape.generator:
        return "async_generator"
    if shape.is_coroutine_function:
        return "coroutine"
    if _shapes.is_generator_function(func):
        return "generator"
    return "sync"


def _injected(patchers: Iterable[Any]) -> tuple[int, set[str]]:
    """How many mocks the patchers pass by position, and the keyword names."""
    positional = 0
    keywords: set[str] = set()
    for patcher in patchers:
        if patcher.attribute_name is not None:
            names = getattr(patcher, "_amock_keyword_names", None)
            if names is not None:
                keywords.update(names())
            else:
                # unittest.mock's patch.multiple: one patcher per attribute.
                keywords.update(
                    each.attribute_name
                    for each in (patcher, *getattr(patcher, "additional_patchers", ()))
                    if each.new is _DEFAULT
                )
        elif patcher.new is _DEFAULT:
            positional += 1
    return positional, keywords


def _strip(signature: inspect.Signature, *, keep_first: bool, patchers: list[Any]) -> Any:
    """``signature`` without the parameters amock's patchers fill in."""
    positional, keywords = _injected(patchers)
    kept: list[inspect.Parameter] = []
    skip = positional
    for index, parameter in enumerate(signature.parameters.values()):
        if parameter.name in keywords and parameter.kind is not parameter.VAR_KEYWORD:
            continue
        if (
            skip
            and not (keep_first and index == 0)
            and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        ):
            skip -= 1
            continue
        kept.append(parameter)
    if positional and not any(p.kind is p.VAR_POSITIONAL for p in kept):
        # The mocks are passed after the caller's positional arguments (as in
        # the stdlib), so the parameters after them can only be passed by
        # keyword: say so, and callers that bind to the signature (hypothesis's
        # @given) pass them that way.
        first = 1 if keep_first else 0
        kept = [
            parameter.replace(kind=parameter.KEYWORD_ONLY)
            if index >= first and parameter.kind is parameter.POSITIONAL_OR_KEYWORD
            else parameter
            for index, parameter in enumerate(kept)
        ]
    return signature.replace(parameters=kept)


def _looks_like_method(func: Any) -> bool:
    """Whether a function seen outside its class takes ``self`` or ``cls`` first."""
    if isinstance(func, classmethod):
        return True
    if isinstance(func, staticmethod):
        return False
    qualname = getattr(func, "__qualname__", "")
    owner = qualname.rpartition(".")[0]
    return bool(owner) and not owner.endswith("<locals>") and not _held_as_static(func, qualname)


def _held_as_static(func: Any, qualname: str) -> bool:
    """Whether the class ``func``'s qualified name names holds it as a staticmethod.

    ``@staticmethod`` above ``@amock.patch(...)`` wraps the patched function
    once the class body has run: only the class can tell. Asked when the
    signature is read (pytest reads it at collection), never while decorating.
    """
    namespace = getattr(func, "__globals__", None)
    *path, name = qualname.split(".")
    if not isinstance(namespace, dict) or not path:
        return False
    owner: Any = namespace.get(path[0])
    for part in [*path[1:], name]:
        if not isinstance(owner, type):
            return False
        # The class's own namespace, read without running a metaclass's code.
        owner = CLASS_DICT.__get__(owner).get(part)
    return isinstance(owner, staticmethod)


class _BoundPatched(wrapt.BoundFunctionWrapper[Any, Any]):
    """A patched function bound to an instance or class."""

    @property
    def patchings(self) -> _StackingHook:
        """Where ``unittest.mock`` patchers stack on this function."""
        return self._self_parent.patchings  # type: ignore[no-any-return]

    @property
    def __signature__(self) -> Any:
        # Bound through a class with no instance, the wrapped object is the
        # plain function, ``self`` included; otherwise binding dropped it.
        keep_first = self._self_instance is None and self._self_binding == "function"
        signature = _annotations.signature(self.__wrapped__)
        return _strip(signature, keep_first=keep_first, patchers=self._self_parent._self_every)

    @property
    def __func__(self) -> Any:
        # inspect.signature asks a bound method for __func__ and drops its
        # first parameter; give it the patched function, not the bare one.
        return self._self_parent


class _Patched(wrapt.FunctionWrapper[Any, Any]):
    """A function, method or generator with patches active while it runs."""

    __bound_function_wrapper__ = _BoundPatched

    def __init__(self, wrapped: Any, patcher: Any) -> None:
        every: list[Any] = [patcher]
        super().__init__(wrapped, _RUNNERS[_kind(wrapped)](every))
        self._self_every = every
        self._self_hook = _StackingHook(every)

    @property
    def patchings(self) -> _StackingHook:
        """Where ``unittest.mock`` patchers stack on this function."""
        return self._self_hook

    @property
    def __signature__(self) -> Any:
        # Computed when asked (pytest asks at collection), never when decorating;
        # _shapes.signature keeps a TYPE_CHECKING-only annotation from raising.
        wrapped = self.__wrapped__
        # A classmethod object has no signature of its own: read its function's.
        function = wrapped.__func__ if isinstance(wrapped, classmethod) else wrapped
        signature = _annotations.signature(function)
        keep_first = _looks_like_method(wrapped)
        return _strip(signature, keep_first=keep_first, patchers=self._self_every)


def decorate(patcher: Any, func: Any) -> Any:
    """Wrap ``func`` so ``patcher`` is active while it runs.

    Args:
        patcher: an amock patcher (it has ``_amock_activate``).
        func: a function, coroutine function, (async) generator function,
            method, staticmethod or classmethod.

    Returns:
        The wrapped function, or ``func`` itself when it already carries
        patchers and ``patcher`` simply joins them.
    """
    if getattr(patcher, "_amock_nests", False):
        # ``patch.dict`` is a wrapper of its own in the stdlib, not one of the
        # function's patchings: stacked, the outer one is entered first and
        # the inner one (a test method's, under its class's) wins.
        return _Patched(func, patcher)
    if isinstance(func, _Patched):
        func._self_every.append(patcher)
        return func
    if isinstance(func, (staticmethod, classmethod)) and isinstance(func.__func__, _Patched):
        func.__func__._self_every.append(patcher)
        return func
    stdlib_patchings = _stdlib_patchings(func)
    if stdlib_patchings is not None:
        # A unittest.mock-decorated function runs its own list in order;
        # joining it keeps the stdlib's stacking and injection order.
        stdlib_patchings.append(patcher)
        return func
    return _Patched(func, patcher)


def _stdlib_patchings(func: Any) -> list[Any] | None:
    """The ``patchings`` list of a ``unittest.mock``-decorated function, if it is one."""
    if not isinstance(func, types.FunctionType):
        return None
    patchings = func.__dict__.get("patchings")
    return patchings if isinstance(patchings, list) else None
