"""What an object is, asynchronously speaking: the one place that answers it.

Every other part of amock (mock classes, patchers, autospec, the pytest
plugin) asks this module instead of calling :mod:`inspect` itself. Inspection
is static: property getters, ``__getattr__`` and other user code never run.
"""

from __future__ import annotations

import asyncio
import builtins
import collections.abc
import contextlib
import enum
import functools
import inspect
import types
import typing
import unittest.mock as _std
import weakref
from dataclasses import dataclass
from typing import Any, Final

import wrapt

from amock._annotations import (
    bind_typevars,
    function_annotations,
    resolve_annotation,
    return_annotation,
    type_arguments,
)
from amock._source import final_call, returns_first_argument
from amock._static import (
    CLASS_DICT,
    CLASS_MRO,
    MISSING,
    PROXY_TYPES,
    is_a,
    is_class,
    is_function,
    layers,
    lookup_in,
    raw_attribute,
    static,
    static_type_attr,
)

__all__ = [
    "NOT_CALLABLE",
    "SYNC",
    "Proto",
    "ResultSpec",
    "Shape",
    "attribute_shape",
    "class_protocols",
    "enters_self",
    "has_coroutine_methods",
    "instance_shape",
    "is_generator_function",
    "maybe_async",
    "member_shape",
    "result_spec",
    "shape_of",
    "stdlib_awaits",
    "value_protocols",
    "value_spec",
]


class Proto(enum.Flag):
    """Asynchronous protocols a value supports."""

    NONE = 0
    AWAITABLE = enum.auto()
    ASYNC_CONTEXT = enum.auto()
    ASYNC_ITERABLE = enum.auto()
    ASYNC_ITERATOR = enum.auto()


_ASYNC_RESULTS: Final = Proto.AWAITABLE | Proto.ASYNC_CONTEXT | Proto.ASYNC_ITERATOR


@dataclass(frozen=True)
class Shape:
    """The asynchronous shape of one object.

    Attributes:
        calls: protocols of what calling the object returns; ``None`` when the
            object is not callable, ``Proto.NONE`` for a plain (sync) result.
        protocols: protocols the object itself supports (``await obj``,
            ``async with obj``, ``async for x in obj``).
        generator: calling it returns an async generator (an ``async def``
            with ``yield``, possibly wrapped), not merely an async iterator.
        async_property: the object is a property whose getter is a
            coroutine function, so reading the attribute gives an awaitable.
    """

    calls: Proto | None
    protocols: Proto = Proto.NONE
    generator: bool = False
    async_property: bool = False

    @functools.cached_property
    def is_coroutine_function(self) -> bool:
        """Whether calling gives a plain awaitable (the ``AsyncMock`` shape)."""
        return self.calls is not None and self.calls & _ASYNC_RESULTS == Proto.AWAITABLE

    @functools.cached_property
    def is_async_iterator_function(self) -> bool:
        """Whether calling gives an async iterator (the async generator shape)."""
        return self.calls is not None and Proto.ASYNC_ITERATOR in self.calls

    @functools.cached_property
    def is_async_context_function(self) -> bool:
        """Whether calling gives an async context manager."""
        return self.calls is not None and Proto.ASYNC_CONTEXT in self.calls

    @functools.cached_property
    def is_async(self) -> bool:
        """Whether anything about this shape needs ``await``/``async with``/``async for``."""
        return (
            self.async_property
            or self.protocols != Proto.NONE
            or (self.calls is not None and self.calls != Proto.NONE)
        )

    def describe(self) -> str:
        """Words for error messages: ``'a coroutine function'``, ``'sync'``..."""
        if self.async_property:
            return "an async property"
        if self.calls is None:
            return "not callable"
        if self.generator:
            return "an async generator function"
        if self.is_async_context_function:
            return "a function returning an async context manager"
        if self.is_async_iterator_function:
            return "a function returning an async iterator"
        if self.is_coroutine_function:
            return "a coroutine function"
        return "a sync callable"


SYNC: Final = Shape(calls=Proto.NONE)
NOT_CALLABLE: Final = Shape(calls=None)
_COROUTINE: Final = Shape(calls=Proto.AWAITABLE)
_ASYNC_GEN: Final = Shape(calls=Proto.ASYNC_ITERATOR | Proto.ASYNC_ITERABLE, generator=True)


# -- static attribute access ---------------------------------------------------


# -- unwrapping -----------------------------------------------------------------


@contextlib.asynccontextmanager
async def _acm_probe() -> collections.abc.AsyncIterator[None]:
    yield  # pragma: no cover - never entered


@contextlib.contextmanager
def _cm_probe() -> collections.abc.Iterator[None]:
    yield  # pragma: no cover - never entered


_ACM_HELPER_CODE: Final = _acm_probe.__code__
_ASYNC_CODE_FLAGS: Final = (
    inspect.CO_COROUTINE | inspect.CO_ITERABLE_COROUTINE | inspect.CO_ASYNC_GENERATOR
)
_CM_HELPER_CODE: Final = _cm_probe.__code__

# asyncio's private marker, which Cython and pre-3.12 code set on coroutine
# functions for asyncio.iscoroutinefunction. That function is deprecated in
# 3.14 (gh-122858) and removed in 3.16 (gh-149600); the marker is read only
# while asyncio still has it (it does through 3.15).
_IS_COROUTINE_FLAG: Final = getattr(asyncio.coroutines, "_is_coroutine", MISSING)


def _learn_coroutine_mark() -> tuple[str, object] | None:
    """The attribute ``inspect.markcoroutinefunction`` (3.12+) sets on a function, and its value.

    Both are private to :mod:`inspect` (the value was ``_is_coroutine_marker``
    in 3.12 and is ``_is_coroutine_mark`` from 3.13), so they are learnt
    by marking a probe with the public function.
    """
    mark = getattr(inspect, "markcoroutinefunction", None)
    if mark is None:
        return None

    def probe() -> None:
        """Marked once, to see what marking sets."""

    mark(probe)
    added = list(probe.__dict__.items())
    return added[0] if len(added) == 1 else None


_COROUTINE_MARK: Final = _learn_coroutine_mark()


def _marked_coroutine(obj: object) -> bool:
    """Whether ``obj`` carries a coroutine-function marker.

    The markers are ``inspect.markcoroutinefunction`` (3.12+) and the
    ``_is_coroutine`` attribute that Cython and older asyncio code set.
    """
    if _COROUTINE_MARK is not None and static(obj, _COROUTINE_MARK[0]) is _COROUTINE_MARK[1]:
        return True
    return _IS_COROUTINE_FLAG is not MISSING and static(obj, "_is_coroutine") is (
        _IS_COROUTINE_FLAG
    )


def _code_shape(func: types.FunctionType) -> Shape | None:
    """Shape decided by a function's code object, or ``None`` if it is plain."""
    code = func.__code__
    if code is _ACM_HELPER_CODE:
        return Shape(calls=Proto.ASYNC_CONTEXT)
    if code is _CM_HELPER_CODE:
        return SYNC
    flags = code.co_flags
    if flags & inspect.CO_ASYNC_GENERATOR:
        return _ASYNC_GEN
    if flags & (inspect.CO_COROUTINE | inspect.CO_ITERABLE_COROUTINE):
        return _COROUTINE
    return None


# -- annotations --------------------------------------------------------------------

_AWAITABLE_ORIGINS: Final = frozenset(
    {
        collections.abc.Awaitable,
        collections.abc.Coroutine,
        asyncio.Future,
        asyncio.Task,
    }
)
_ITERATOR_ORIGINS: Final = frozenset(
    {collections.abc.AsyncIterator, collections.abc.AsyncGenerator, collections.abc.AsyncIterable}
)
_CONTEXT_ORIGINS: Final = frozenset({contextlib.AbstractAsyncContextManager})


def _is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is typing.Union or (_UNION_TYPE is not None and origin is _UNION_TYPE)


_UNION_TYPE: Final = getattr(types, "UnionType", None)


def _maybe_awaitable(annotation: Any) -> bool:
    """``X | Awaitable[X]``: a result that is awaitable in some clients only (redis-py)."""
    return _is_union(annotation) and any(
        typing.get_origin(member) in _AWAITABLE_ORIGINS for member in typing.get_args(annotation)
    )


def maybe_async(func: object) -> bool:
    """Whether ``func`` is annotated to return ``X | Awaitable[X]``.

    Libraries that share command code between a sync and an async client
    (redis-py) annotate it so; the owner decides (see :func:`member_shape`).
    """
    for layer in layers(func):
        raw = return_annotation(layer)
        if raw is MISSING:
            continue
        annotation = resolve_annotation(raw, layer)
        if annotation is MISSING:
            continue
        return _maybe_awaitable(annotation)
    return False


_ASYNC_CLASSES: dict[int, tuple[Any, bool]] = {}


def has_coroutine_methods(cls: type) -> bool:
    """Whether ``cls`` (or a base) defines any ``async def`` method: an async API."""
    entry = _ASYNC_CLASSES.get(id(cls))
    if entry is not None and entry[0]() is cls:
        return bool(entry[1])
    found = False
    # Every entry of a class's __mro__ is a class (type.mro() checks), so
    # neither read below can fail.
    for klass in CLASS_MRO.__get__(cls):
        for value in CLASS_DICT.__get__(klass).values():
            function = value.__func__ if is_a(value, (staticmethod, classmethod)) else value
            if is_function(function) and (function.__code__.co_flags & inspect.CO_COROUTINE):
                found = True
                break
        if found:
            break
    key = id(cls)

    def forget(_: object) -> None:
        _ASYNC_CLASSES.pop(key, None)

    _ASYNC_CLASSES[key] = (weakref.ref(cls, forget), found)  # every class takes a weakref
    return found


def member_shape(owner: object, value: object) -> Shape:
    """The shape of ``value`` read from ``owner`` (a class or an instance).

    As :func:`shape_of`, except that a method annotated ``X | Awaitable[X]``
    is a coroutine function when its class has an async API (redis-py's
    ``redis.asyncio.Redis``) and sync otherwise (``redis.Redis``).
    """
    shape = shape_of(value)
    if shape.calls == Proto.NONE and maybe_async(value):
        cls = owner if is_class(owner) else type(owner)
        delegated = _delegated_shape(cls, value, _DELEGATION_DEPTH)
        if delegated is not None:
            return delegated
        if has_coroutine_methods(cls):
            return _COROUTINE
    return shape


#: How many sync helpers deep :func:`_delegated_shape` follows a method.
_DELEGATION_DEPTH: Final = 4
_METHOD_KINDS: Final = (types.FunctionType, staticmethod, classmethod, functools.partialmethod)


def _delegated_shape(cls: type, method: object, depth: int) -> Shape | None:
    """The shape of the method of ``cls`` that ``method`` hands its work to, if one is found.

    Shared command code (redis-py's ``return self.execute_command(...)``) is
    async or sync as the method it delegates to is on the class at hand:
    ``execute_command`` is an ``async def`` on ``redis.asyncio.Redis`` and a
    plain ``def`` that queues on its ``Pipeline``. The delegate is the
    method of ``cls`` that the final ``return`` (the default path) calls on
    ``self``; a sync delegate is followed in turn.
    """
    # The innermost function holds the body; decorators' wrappers come after.
    functions = [layer for layer in layers(method) if is_function(layer)]
    for function in reversed(functions):
        name = final_call(function)
        if name is None:
            continue
        delegate = static_type_attr(cls, name)
        if delegate is method or not is_a(delegate, _METHOD_KINDS):
            continue
        shape = shape_of(delegate)
        if shape.is_coroutine_function:
            return _COROUTINE
        if shape.calls != Proto.NONE:
            return None
        if depth > 1:
            return _delegated_shape(cls, delegate, depth - 1) or SYNC
        return SYNC
    return None


def _annotation_protocols(annotation: Any) -> Proto | None:
    """Protocols of a value of the annotated type; ``None`` when it says nothing."""
    if annotation is MISSING or annotation is None:
        return None
    origin = typing.get_origin(annotation) or annotation
    if origin in _AWAITABLE_ORIGINS:
        return Proto.AWAITABLE
    if origin in _ITERATOR_ORIGINS:
        return Proto.ASYNC_ITERATOR | Proto.ASYNC_ITERABLE
    if origin in _CONTEXT_ORIGINS:
        return Proto.ASYNC_CONTEXT
    if is_class(origin):
        protocols = class_protocols(origin)
        if protocols == Proto.NONE or (
            protocols == _ASYNC_ITERATOR and _has_public_methods(CLASS_MRO.__get__(origin))
        ):
            # An iterator with methods of its own (SQLAlchemy's AsyncScalarResult,
            # whose all() is awaited) is imitated as that class, not as a generator.
            return None
        return protocols
    return None


_ASYNC_ITERATOR: Final = Proto.ASYNC_ITERATOR | Proto.ASYNC_ITERABLE


def _has_public_methods(mro: collections.abc.Sequence[type]) -> bool:
    """Whether the classes of ``mro`` define a method whose name is not private or magic."""
    for klass in mro:
        if klass is object:
            continue
        for name, value in CLASS_DICT.__get__(klass).items():
            if not name.startswith("_") and (
                inspect.isroutine(value) or isinstance(value, (staticmethod, classmethod))
            ):
                return True
    return False


def _annotated_shape(func: object) -> Shape | None:
    """Shape from a return annotation that promises an async result."""
    annotation = resolve_annotation(return_annotation(func), func)
    protocols = _annotation_protocols(annotation)
    if protocols is None or protocols == Proto.NONE:
        return None
    return Shape(calls=protocols)


# -- classes and instances ----------------------------------------------------------


_HEAP_TYPE: Final = 1 << 9  # Py_TPFLAGS_HEAPTYPE: classes made by a class statement
_FLAGS: Final = type.__dict__["__flags__"]
_BUILTIN_PROTOCOLS: dict[type, Proto] = {}


def class_protocols(cls: type) -> Proto:
    """Protocols that instances of ``cls`` support, from its class dicts."""
    if not _FLAGS.__get__(cls) & _HEAP_TYPE:
        # Built-in and extension types cannot change: remember their answer.
        try:
            return _BUILTIN_PROTOCOLS[cls]
        except KeyError:
            protocols = _BUILTIN_PROTOCOLS[cls] = _heap_class_protocols(cls)
            return protocols
    return _heap_class_protocols(cls)


def _heap_class_protocols(cls: type) -> Proto:
    return _protocols_in(CLASS_MRO.__get__(cls))


def _protocols_in(mro: collections.abc.Sequence[type]) -> Proto:
    """Protocols that the class dicts in ``mro`` (searched in order) provide."""
    protocols = Proto.NONE
    if _has(mro, "__await__"):
        protocols |= Proto.AWAITABLE
    if _has(mro, "__aenter__") and _has(mro, "__aexit__"):
        protocols |= Proto.ASYNC_CONTEXT
    if _has(mro, "__aiter__"):
        protocols |= Proto.ASYNC_ITERABLE
    if _has(mro, "__anext__"):
        protocols |= Proto.ASYNC_ITERATOR
    return protocols


def _has(mro: collections.abc.Sequence[type], name: str) -> bool:
    # ``__aenter__ = None`` opts out of an inherited protocol, as ``__hash__ = None`` does.
    value = lookup_in(mro, name)
    return value is not MISSING and value is not None


#: wrapt's own proxy classes. They define ``__aenter__``/``__aexit__`` (and
#: more) that forward to the wrapped object, so they say nothing about it.
_WRAPT_CLASSES: Final = frozenset(
    klass
    for exported in vars(wrapt).values()
    if isinstance(exported, type) and issubclass(exported, PROXY_TYPES)
    for klass in exported.__mro__
    if klass is not object
)


def value_protocols(obj: object) -> Proto:
    """Protocols ``obj`` itself supports (``await obj``, ``async with``, ``async for``).

    A wrapt proxy supports what the object it wraps supports, plus what a
    subclass of the proxy adds.
    """
    cls = type(obj)
    if not issubclass(cls, PROXY_TYPES):
        return class_protocols(cls)
    inner = next((layer for layer in layers(obj) if not is_a(layer, PROXY_TYPES)), None)
    protocols = Proto.NONE if inner is None else class_protocols(type(inner))
    own = [klass for klass in CLASS_MRO.__get__(cls) if klass not in _WRAPT_CLASSES]
    return protocols | _protocols_in(own)


def instance_shape(cls: type) -> Shape:
    """The shape of an instance of ``cls``: its protocols and its ``__call__``."""
    call = static_type_attr(cls, "__call__")
    # A C slot's __call__ (functools.partial's) is sync, as any builtin.
    calls = None if call is MISSING or call is None else _callable_shape(call).calls
    return Shape(calls=calls, protocols=class_protocols(cls))


def _callable_shape(obj: object) -> Shape:
    """The shape of calling ``obj``, for anything callable that is not a class."""
    if type(obj) is types.FunctionType and not obj.__dict__:
        # The common case, made fast: a plain function with no __wrapped__
        # and no coroutine marker (both would live in its __dict__).
        code = obj.__code__
        if not code.co_flags & _ASYNC_CODE_FLAGS and code is not _ACM_HELPER_CODE:
            # A plain def (contextmanager's helper is one too, and sync).
            if "return" not in function_annotations(obj):
                return SYNC
            return _annotated_shape(obj) or SYNC
        # Async code, or asynccontextmanager's helper: the code decides.
        return _code_shape(obj) or SYNC
    plain_layers: list[object] = []
    for layer in layers(obj):
        if _marked_coroutine(layer):
            return _COROUTINE
        if is_function(layer):
            decided = _code_shape(layer)
            if decided is not None:
                return decided
            plain_layers.append(layer)
        elif is_class(layer):
            return SYNC
        elif is_a(
            layer,
            types.BuiltinFunctionType
            | types.WrapperDescriptorType
            | types.MethodDescriptorType
            | types.MethodWrapperType,
        ):
            plain_layers.append(layer)
        elif not is_a(
            layer,
            staticmethod
            | classmethod
            | types.MethodType
            | functools.partial
            | functools.partialmethod
            | wrapt.BaseObjectProxy,
        ):
            # A callable instance: its class's __call__ decides.
            call = static_type_attr(type(layer), "__call__")
            if call is not MISSING and not is_a(
                call, types.WrapperDescriptorType | types.MethodDescriptorType
            ):
                shape = _callable_shape(call)
                if shape.calls != Proto.NONE:
                    return Shape(calls=shape.calls, generator=shape.generator)
            plain_layers.append(layer)
    for layer in plain_layers:
        annotated = _annotated_shape(layer)
        if annotated is not None:
            return annotated
    return SYNC


def stdlib_awaits(obj: object) -> bool:
    """Whether ``unittest.mock`` itself makes an async mock for ``obj`` (statically judged).

    The stdlib makes an ``AsyncMock`` for a coroutine function as
    :func:`inspect.iscoroutinefunction` sees it (a method's or a partial's
    function, an ``async def`` or one marked as such, never through
    ``__wrapped__``), for an awaitable object, and for an ``AsyncMock``.
    Where amock finds an async shape the stdlib does not (a sync callable
    annotated to return an awaitable, a wrapper of an ``async def``, the
    children of a patch without a spec), amock lends it; a lent shape never
    changes what a value the test configured means.
    """
    # A mock: an AsyncMock is async; other mocks are not, even specced from an async def.
    if is_a(obj, _std_async_mock):
        return True
    if is_a(obj, _std_mock):
        return False
    current: Any = obj
    for _ in range(_MAX_UNWRAP):
        if is_a(current, (staticmethod, classmethod, types.MethodType)):
            current = current.__func__
        elif is_a(current, functools.partial):
            current = current.func
        else:
            break
    if is_function(current):
        if _marked_coroutine(current):
            return True
        return bool(
            current.__code__.co_flags & (inspect.CO_COROUTINE | inspect.CO_ITERABLE_COROUTINE)
        )
    if is_class(current):
        return False
    return bool(value_protocols(current) & Proto.AWAITABLE)


_MAX_UNWRAP: Final = 10
_std_mock: Final = _std.NonCallableMock
_std_async_mock: Final = _std.AsyncMock


def shape_of(obj: object) -> Shape:
    """The shape of any object: what calling it gives and what it supports itself.

    A class's own shape says what constructing it gives (a sync value); the
    shape of its instances is :func:`instance_shape`.
    """
    if type(obj) is types.FunctionType:
        return _callable_shape(obj)
    if is_class(obj):
        return SYNC
    if is_a(obj, property):
        return _property_shape(obj)  # type: ignore[arg-type]
    protocols = value_protocols(obj)
    if is_a(obj, (staticmethod, classmethod, functools.partialmethod)) or callable(obj):
        shape = _callable_shape(obj)
        if protocols == Proto.NONE:
            return shape
        return Shape(calls=shape.calls, protocols=protocols, generator=shape.generator)
    return Shape(calls=None, protocols=protocols)


def is_generator_function(obj: object) -> bool:
    """Whether calling ``obj`` runs a sync generator body (``def`` with ``yield``), unwrapping."""
    for layer in layers(obj):
        if is_function(layer) and layer.__code__.co_flags & inspect.CO_GENERATOR:
            return True
    return False


def _property_shape(prop: property) -> Shape:
    getter = prop.fget
    if getter is not None and _callable_shape(getter).is_coroutine_function:
        return Shape(calls=None, async_property=True)
    return SYNC


def attribute_shape(owner: object, name: str) -> Shape | None:
    """The shape of ``owner.name``, read statically; ``None`` if it is not there.

    ``owner`` may be a class or an instance; methods, classmethods,
    staticmethods and properties are judged by what they wrap.
    """
    value = raw_attribute(owner, name)
    if value is MISSING:
        return None
    return shape_of(value)


# -- what ``async with`` gives ----------------------------------------------------


def enters_self(cls: type, method: str = "__aenter__") -> bool:
    """Whether ``async with cls(...) as x`` binds ``x`` to the instance itself.

    True when ``__aenter__`` (or ``method``, e.g. ``__enter__``) is annotated
    to return ``Self``, the class (or its name as a string), or the same
    TypeVar as ``self``; or, unannotated, when every return in its code is
    ``return self``.
    """
    enter = static_type_attr(cls, method)
    if enter is MISSING:
        return False
    func = next(
        (layer for layer in layers(enter) if is_function(layer)),
        None,
    )
    if func is None:
        return False
    annotations = function_annotations(func)
    if "return" in annotations:
        return _annotation_is_self(annotations, cls, func)
    return returns_first_argument(func)


def _annotation_is_self(annotations: dict[str, Any], cls: type, func: object) -> bool:
    returned = annotations["return"]
    if is_a(returned, str):
        text = returned.strip().strip("'\"")
        if text in {"Self", "typing.Self", "typing_extensions.Self", cls.__name__}:
            return True
        returned = resolve_annotation(returned, func)
    if getattr(returned, "__name__", None) == "Self" and getattr(returned, "__module__", None) in {
        "typing",
        "typing_extensions",
    }:
        return True
    if is_class(returned):
        return issubclass(cls, returned)
    if is_a(returned, typing.TypeVar):
        first = next(iter(func.__code__.co_varnames), None)  # type: ignore[attr-defined]
        if first is not None and annotations.get(first) is returned:
            return True
        bound = returned.__bound__
        if isinstance(bound, typing.ForwardRef):
            return bound.__forward_arg__ == cls.__name__
        return is_class(bound) and issubclass(cls, bound)
    return False


def _is_self_annotation(annotation: Any) -> bool:
    """``typing.Self`` or ``typing_extensions.Self`` (or the bare string)."""
    if isinstance(annotation, str):
        return annotation.rpartition(".")[2] == "Self"
    return repr(annotation) in ("typing.Self", "typing_extensions.Self")


class ResultSpec(typing.NamedTuple):
    """What a call gives, as :func:`result_spec` reads it from an annotation."""

    kind: str
    cls: type
    #: Type arguments of a generic annotation (``Manager[Response]``), by TypeVar.
    typevars: dict[Any, Any]


_SPECIAL_ORIGINS: Final = _AWAITABLE_ORIGINS | _ITERATOR_ORIGINS | _CONTEXT_ORIGINS


def result_spec(
    func: object, *, owner: type | None = None, typevars: dict[Any, Any] | None = None
) -> ResultSpec | None:
    """The class of what calling ``func`` gives, from its return annotation.

    ``kind`` says how the value is reached: ``"value"`` is what the call
    gives or, for a coroutine function, what awaiting it gives; ``"items"``
    is what an async iterator yields; ``"entered"`` is what ``async with``
    binds. ``None`` when the annotation is absent, a builtin, a union, or
    fails to resolve. ``-> Self`` means ``owner``; a TypeVar is looked up in
    ``typevars`` (the arguments of the generic class ``func`` belongs to).
    """
    shape = shape_of(func)
    if shape.calls is None:
        return None
    bound = typevars or {}
    for layer in layers(func):
        raw = return_annotation(layer)
        if raw is MISSING:
            continue
        annotation = owner if _is_self_annotation(raw) else resolve_annotation(raw, layer)
        if annotation is MISSING:
            # A wrapper copies __annotations__ but not __globals__: the string
            # resolves where the wrapped function lives, one layer down.
            continue
        if owner is not None and _has_typevars(annotation):
            bound = _method_bindings(owner, func, bound)
        # A TypeVar nothing binds stands for its default or bound
        # (``def __call__(self) -> _AS`` with ``_AS`` bound to AsyncSession).
        annotation = bind_typevars(annotation, bound)
        async_def = is_function(layer) and bool(layer.__code__.co_flags & inspect.CO_COROUTINE)
        kind = "value"
        if not async_def:
            origin = typing.get_origin(annotation)
            arguments = typing.get_args(annotation)
            if origin in _AWAITABLE_ORIGINS:
                annotation = arguments[-1] if arguments else None
            elif origin in _ITERATOR_ORIGINS:
                entered = shape.is_async_context_function
                kind = "entered" if entered else "items"
                annotation = arguments[0] if arguments else None
            elif origin in _CONTEXT_ORIGINS:
                kind = "entered"
                annotation = arguments[0] if arguments else None
        annotation = bind_typevars(annotation, bound)
        if owner is not None and _is_self_annotation(annotation):
            annotation = owner
        return _spec_class(kind, annotation)
    return None


def _has_typevars(annotation: Any) -> bool:
    """Whether a resolved annotation is a ``TypeVar`` or a generic alias with free ones."""
    if is_a(annotation, typing.TypeVar):
        return True
    parameters = static(annotation, "__parameters__")
    return is_a(parameters, tuple) and bool(parameters)


def _method_bindings(owner: type, func: object, typevars: dict[Any, Any]) -> dict[Any, Any]:
    """What the ``TypeVar``s of ``func`` stand for, read from ``owner``.

    ``typevars`` binds ``owner``'s own parameters. A method a generic base
    defines uses that base's parameters, which ``owner``'s bases bind
    (``class AsyncConnection(StartableContext["AsyncConnection"])``).
    """
    home = _defining_class(owner, func)
    if home is None or home is owner:
        return typevars
    inherited = type_arguments(owner, owner=home)
    if not inherited:
        return typevars
    # ``class Page(Box[T])``: Box's parameter is Page's T, which ``typevars`` binds.
    return {
        **typevars,
        **{key: bind_typevars(value, typevars, fallback=False) for key, value in inherited.items()},
    }


def _defining_class(owner: type, func: object) -> type | None:
    """The class of ``owner``'s MRO whose namespace holds ``func`` (or a property of it)."""
    name = next(
        (layer.__name__ for layer in layers(func) if is_function(layer)),
        None,
    )
    if name is None:
        return None
    for klass in CLASS_MRO.__get__(owner):
        value = CLASS_DICT.__get__(klass).get(name, MISSING)
        if value is func or (is_a(value, property) and value.fget is func):
            return klass  # type: ignore[no-any-return]
    return None


def value_spec(annotation: Any) -> ResultSpec | None:
    """The class a resolved annotation of a value names (``kind`` ``"value"``), as for a result.

    ``None`` for builtins, ``Any``, unions and what names no class (see
    :func:`result_spec`).
    """
    return _spec_class("value", annotation)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except Exception:
        return False
    return True


def _spec_class(kind: str, annotation: Any) -> ResultSpec | None:
    """A class to spec on from a resolved annotation, generic aliases included."""
    arguments: tuple[Any, ...] = ()
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        # ``Annotated[Response, ...]`` is a Response (typing.Annotated is a
        # class before 3.13: it was specced on, and had no attributes).
        annotation = annotation.__origin__
        origin = typing.get_origin(annotation)
    if is_class(origin) and origin not in _SPECIAL_ORIGINS and not _is_union(annotation):
        # ``Manager[Response]``: spec on Manager, remembering its type arguments.
        arguments = typing.get_args(annotation)
        annotation = origin
    if (
        not is_class(annotation)
        # typing.Any is a class from 3.11 on, and says nothing about the value.
        or annotation is typing.Any
        or is_a(annotation, types.GenericAlias)
        or getattr(builtins, annotation.__name__, None) is annotation
    ):
        # Builtins (-> bool, -> dict) say too little to spec a mock on.
        return None
    parameters = static(annotation, "__parameters__")
    typevars: dict[Any, Any] = {}
    if is_a(parameters, tuple) and arguments:
        typevars = dict(zip(parameters, arguments, strict=False))
    return ResultSpec(kind, annotation, typevars)
