"""Reading an object's attributes without running its code, and seeing what it wraps.

The questions amock asks of a user's object (what shape is it, what does it
wrap, what does it declare) read it through here: property getters,
``__getattr__``, ``__getattribute__`` and ``__class__`` properties never run.
"""

from __future__ import annotations

import collections.abc
import functools
import inspect
import types
import typing
from typing import Any, Final

import wrapt

__all__ = [
    "CLASS_DICT",
    "CLASS_MRO",
    "MISSING",
    "PROXY_TYPES",
    "is_a",
    "is_class",
    "is_function",
    "layers",
    "lookup_in",
    "raw_attribute",
    "static",
    "static_type_attr",
    "static_value",
]

MISSING: Final[Any] = object()


_SAFE_DESCRIPTORS: Final = (
    types.MemberDescriptorType,
    types.GetSetDescriptorType,
)


#: Exact types whose attribute lookup is C code with no user hooks: plain
#: ``getattr`` on them is static already, and much faster.
_PLAIN_GETATTR_TYPES: Final = frozenset(
    {
        types.FunctionType,
        types.BuiltinFunctionType,
        types.MethodType,
        types.MethodWrapperType,
        types.WrapperDescriptorType,
        types.MethodDescriptorType,
        functools.partial,
        staticmethod,
        classmethod,
    }
)


def static(obj: object, name: str) -> Any:
    """``getattr`` that never runs user code: ``MISSING`` when not found.

    C-level member/getset descriptors (``functools.partial.func``, function
    ``__code__``) are resolved, since they cannot run Python code; any other
    descriptor (a ``property``, say) is returned as it is.
    """
    if type(obj) in _PLAIN_GETATTR_TYPES:
        return getattr(obj, name, MISSING)
    try:
        value = inspect.getattr_static(obj, name)
    except AttributeError:
        return MISSING
    if issubclass(type(value), _SAFE_DESCRIPTORS):
        try:
            return value.__get__(obj, type(obj))
        except Exception:  # e.g. an unset slot
            return MISSING
    return value


def static_value(obj: object, name: str, default: Any = None) -> Any:
    """``obj.name`` read without running user code, or ``default``.

    C-level slots and getsets (a module's ``__dict__``, ``partial.func``)
    give their value; any other descriptor is given as it is. An object
    whose static lookup fails (a broken ``__dict__``) has no such attribute.
    """
    try:
        value = static(obj, name)
    except Exception:
        return default
    return default if value is MISSING else value


#: ``type``'s own descriptors of a class's namespace and MRO: ``CLASS_DICT.__get__(cls)``
#: reads them without a metaclass's ``__getattribute__`` or properties running.
CLASS_DICT: Final = type.__dict__["__dict__"]
CLASS_MRO: Final = type.__dict__["__mro__"]


def static_type_attr(cls: type, name: str) -> Any:
    """The raw attribute ``name`` from the class's MRO dicts, or ``MISSING``."""
    return lookup_in(CLASS_MRO.__get__(cls), name)


def lookup_in(mro: collections.abc.Iterable[type], name: str) -> Any:
    """The raw attribute ``name`` from the first of these class dicts that has it."""
    # Every entry of a class's __mro__ is a class (type.mro() checks).
    for klass in mro:
        namespace = CLASS_DICT.__get__(klass)
        if name in namespace:
            return namespace[name]
    return MISSING


PROXY_TYPES: Final = (wrapt.BaseObjectProxy,)


_MAX_DEPTH: Final = 100


def is_a(obj: object, classes: Any) -> bool:
    """``isinstance`` by the real type: never reads ``obj.__class__``, which may run code."""
    return issubclass(type(obj), classes)


def is_class(obj: object) -> typing.TypeGuard[type]:
    """Whether ``obj`` is a class (judged by its real type, as :func:`is_a`)."""
    return issubclass(type(obj), type)


def is_function(obj: object) -> typing.TypeGuard[types.FunctionType]:
    """Whether ``obj`` is a plain Python function (judged by its real type, as :func:`is_a`)."""
    return issubclass(type(obj), types.FunctionType)


#: Where ``functools.partialmethod`` leaves itself on the function it gives
#: when read through a class (3.13 renamed the attribute).
_PARTIALMETHOD_ATTRIBUTES: Final = ("__partialmethod__", "_partialmethod")


def _partialmethod_behind(function: types.FunctionType) -> Any:
    """The ``partialmethod`` a function read from a class stands for, or ``MISSING``."""
    namespace = function.__dict__
    for name in _PARTIALMETHOD_ATTRIBUTES:
        found = namespace.get(name, MISSING)
        if is_a(found, functools.partialmethod):
            return found
    return MISSING


def layers(obj: object) -> collections.abc.Iterator[object]:
    """Yield ``obj`` and everything it wraps, outermost first, statically."""
    seen: set[int] = set()
    current: Any = obj
    for _ in range(_MAX_DEPTH):
        if id(current) in seen:
            return
        seen.add(id(current))
        yield current
        if is_a(current, (staticmethod, classmethod, types.MethodType)):
            current = current.__func__
        elif is_a(current, (functools.partial, functools.partialmethod)):
            current = current.func
        elif is_a(current, PROXY_TYPES):
            # wrapt's own descriptor: reading it runs no user code.
            current = current.__wrapped__
        else:
            if is_function(current):
                namespace = current.__dict__
                if not namespace:
                    return  # most functions: nothing set on them, so they wrap nothing
                behind = _partialmethod_behind(current)
                if behind is not MISSING:
                    current = behind
                    continue
                # The function type has no ``__wrapped__``: only its own dict can.
                wrapped = namespace.get("__wrapped__", MISSING)
            else:
                wrapped = static(current, "__wrapped__")
            if wrapped is MISSING or is_a(wrapped, property):
                return
            current = wrapped


def raw_attribute(owner: object, name: str) -> Any:
    try:
        return inspect.getattr_static(owner, name)
    except AttributeError:
        return MISSING
