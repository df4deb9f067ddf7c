"""What a mock imitates, and so what its children, its result and its entered value imitate.

A mock made from an original (by ``patch``, ``spec=`` or ``create_autospec``)
keeps an :class:`Imitation` of it. When the code under test reads a child,
calls the mock or enters it, the mock asks its imitation what that child,
result or entered value imitates, and builds it from the answer (see
``amock._mocks``): nothing here makes a mock, and nothing is built before
it is used.

There are two policies:

* :class:`Loose` (``spec=``, ``patch()``): the original lends its shape. A
  child named like an attribute of the original is async where that
  attribute is async, sync where it is sync; names the original lacks stay
  allowed, as in the stdlib.
* :class:`Exact` (autospec): the original at every depth. Each child is
  specced on what it imitates, with its signature checked at call time;
  results and entered values are specced from return annotations.

Every answer carries a :class:`Kind` (what calling the mock gives), from
which the mock classes pick their class through one table.
"""

from __future__ import annotations

import abc
import builtins
import dataclasses
import enum
import functools
import inspect
import re
import sys
import types
import typing
import unittest.mock as _std
import weakref
from typing import Any, Final

import wrapt

from amock import _annotations, _declared, _shapes, _static, _stdlib
from amock._shapes import Proto, Shape

__all__ = [
    "ASYNC_GENERATOR",
    "COROUTINE",
    "KEY",
    "KNOWS_DATACLASS_FIELDS",
    "MISSING",
    "NON_CALLABLE",
    "SELF",
    "SYNC",
    "Exact",
    "Imitation",
    "Kind",
    "Loose",
    "MockedOut",
    "Patched",
    "Target",
    "Undecided",
    "Unjudged",
    "Unknown",
    "Unresolved",
    "dataclass_fields",
    "kind_of",
]

_MISSING: Final = _static.MISSING
#: Where a mock keeps its :class:`Imitation`, in its ``__dict__``.
KEY: Final = "_amock_imitation"
#: "Absent" in an imitation's fields (``wraps_method``).
MISSING: Final = _MISSING
_FUNCTION_TYPES: Final = (types.FunctionType, types.MethodType)
_FunctionType: Final = types.FunctionType
_UNIONS: Final = (typing.Union, types.UnionType)
#: The stdlib specs the fields of a dataclass instance from 3.14 (gh-124176).
KNOWS_DATACLASS_FIELDS: Final = sys.version_info >= (3, 14)
#: The stdlib wraps an autospec's methods with ``wraps=`` from 3.13.
_WRAPS_METHODS: Final = sys.version_info >= (3, 13)
#: The stdlib gives each autospecced method a return value up front from 3.12,
#: so a method of a sealed autospec can still be called (gh-91803).
_METHODS_RETURN_EAGERLY: Final = sys.version_info >= (3, 12)


class Kind(enum.Enum):
    """What calling a mock gives: the one criterion its class is chosen by."""

    #: Not callable.
    NON_CALLABLE = "non-callable"
    #: A plain value.
    SYNC = "sync"
    #: An awaitable: the mock is an ``AsyncMock``.
    COROUTINE = "coroutine"
    #: An async iterator: the mock is an ``AsyncGeneratorMock``.
    ASYNC_GENERATOR = "async generator"


# The kinds as plain names, for code run on every mock made: an Enum member
# read through its class costs four plain global reads before Python 3.12.
NON_CALLABLE: Final = Kind.NON_CALLABLE
SYNC: Final = Kind.SYNC
COROUTINE: Final = Kind.COROUTINE
ASYNC_GENERATOR: Final = Kind.ASYNC_GENERATOR


def kind_of(shape: Shape) -> Kind:
    """The kind of a mock of something with ``shape``.

    An ``async def`` with ``yield`` and a function annotated to return an
    async iterator (``-> AsyncIterator[int]``) are both async generators here.
    """
    if shape.calls is None:
        return NON_CALLABLE
    if shape.is_coroutine_function:
        return COROUTINE
    if shape.is_async_iterator_function:
        return ASYNC_GENERATOR
    return SYNC


class _EntersSelf:
    """The answer of :meth:`Imitation.magic` when ``async with`` binds the mock itself."""

    __slots__ = ()


#: ``async with mock as x`` binds ``x`` to ``mock`` itself.
SELF: Final = _EntersSelf()


# -- what is imitated ---------------------------------------------------------------------


def _returned_target(func: object, shape: Shape) -> Target | None:
    """The target for what calling (and, if async, awaiting) ``func`` gives."""
    if shape.calls is None or shape.generator or shape.is_async_iterator_function:
        return None
    found = _shapes.result_spec(func)
    if found is None or found[0] != "value":
        return None
    return Target(found[1], instance=True)


class Target:
    """Something a mock imitates: an object, or an instance of a class.

    Its shape, protocols and children are read statically and only when
    asked, then kept.
    """

    __slots__ = ("_awaitable", "_kind", "_shape", "instance", "obj")

    def __init__(self, obj: object, *, instance: bool = False, shape: Shape | None = None) -> None:
        self.obj = obj
        self.instance = instance
        self._shape: Shape | None = shape
        self._kind: Kind | None = None
        self._awaitable: bool | None = None

    @property
    def shape(self) -> Shape:
        """The target's shape (cached)."""
        if self._shape is None:
            if self.instance and _static.is_class(self.obj):
                self._shape = _shapes.instance_shape(self.obj)
            else:
                self._shape = _shapes.shape_of(self.obj)
        return self._shape

    @property
    def kind(self) -> Kind:
        """The kind of a mock of the target (cached: a mock's route asks more than once)."""
        kind = self._kind
        if kind is None:
            kind = self._kind = kind_of(self.shape)
        return kind

    @property
    def value_type(self) -> type:
        """The class whose protocols a mock of the target takes.

        A class target stands for its instances here, as a stdlib mock with
        ``spec=SomeClass`` passes ``isinstance(mock, SomeClass)``.
        """
        if _static.is_class(self.obj):
            return self.obj
        return type(self.obj)

    @property
    def awaitable(self) -> bool:
        """Whether a mock of the target is awaited: an awaitable value or an async property."""
        if self._awaitable is None:
            obj = self.obj
            if type(obj) is _FunctionType:
                # The function type has no __await__, and a function is no property.
                self._awaitable = False
                return False
            protocols = (
                _shapes.class_protocols(obj)
                if _static.is_class(obj)
                else _shapes.value_protocols(obj)
            )
            # Flag arithmetic is slow Python code; most targets have no protocols.
            self._awaitable = (
                protocols is not Proto.NONE and bool(Proto.AWAITABLE & protocols)
            ) or self.shape.async_property
        return self._awaitable

    def child(self, name: str) -> Target | None:
        """The target for attribute ``name``, or ``None`` when it cannot be seen."""
        obj = self.obj
        # On an instance, a slot (``partial.func``) means its value; on a
        # class the raw entry is kept (a staticmethod stays a staticmethod).
        if _static.is_class(obj):
            value = _static.raw_attribute(obj, name)
        else:
            value = _static.static(obj, name)
        if value is _MISSING:
            return None
        return Target(value, shape=_shapes.member_shape(obj, value))

    def result(self) -> Target | None:
        """The target for what calling gives, when it is known.

        Calling a class gives an instance of it. For a function, the return
        annotation tells, when it names a class: for a coroutine function it
        is what ``await`` gives (``async def get() -> Response``, or
        ``def get() -> Awaitable[Response]``), which is what an ``AsyncMock``'s
        ``return_value`` stands for.
        """
        if _static.is_class(self.obj):
            return None if self.instance else Target(self.obj, instance=True)
        return _returned_target(self.obj, self.shape)

    def enters_self(self, method: str = "__aenter__") -> bool:
        """Whether ``async with`` (or ``with``, for ``__enter__``) gives the mock itself."""
        return _shapes.enters_self(self.value_type, method)


# -- the two policies -------------------------------------------------------------------


class Imitation(abc.ABC):
    """What one mock imitates, and how closely: the questions its children ask.

    Attributes:
        target: the original (or an instance of a class); ``None`` for a mock
            that imitates nothing in particular (a plain child of an autospec).
    """

    __slots__ = ("target",)
    #: Whether names the original lacks are refused, and signatures checked.
    exact: bool = False
    #: Whether a call's result may be awaited, entered or used as it is (see :class:`Undecided`).
    either_way: bool = False

    def __init__(self, target: Target | None) -> None:
        self.target = target

    @property
    def kind(self) -> Kind:
        """The kind of the mock of this imitation (``SYNC`` when it imitates nothing)."""
        return SYNC if self.target is None else self.target.kind

    def child(self, name: str) -> Imitation | None:
        """What the mock's attribute ``name`` imitates; ``None``: a plain child."""
        return None

    @abc.abstractmethod
    def result(self) -> Imitation | None:
        """What the mock's result (or awaited value) imitates; ``None``: a plain result."""

    def magic(self, name: str) -> Imitation | _EntersSelf | None:
        """What the mock's magic method ``name`` imitates, or :data:`SELF` (``__aenter__`` only).

        ``__aenter__``/``__enter__`` decide what ``async with``/``with``
        binds (the method's result); ``__await__`` what ``await`` gives.
        """
        target = self.target
        if target is None:
            return None
        # Only ``async with`` binds the mock itself: the stdlib's ``async with``
        # is broken there (cpython#84586), while its ``with`` works, and suites
        # assert on its ``__enter__()`` calls.
        if name == "__aenter__" and target.enters_self(name):
            return SELF
        return None

    def built_eagerly_by_stdlib(self, new_name: str | None) -> bool:
        """Whether the stdlib would have made this child before ``seal()`` (autospec only)."""
        return False

    def declares(self, name: str) -> bool:
        """Whether the mock allows attribute ``name`` that its spec's ``dir()`` does not list."""
        return False

    def lent(self) -> bool:
        """Whether amock lends an async shape the stdlib's mock would not have on this route.

        The stdlib makes an ``AsyncMock`` only for what it sees as a coroutine
        function (see ``_shapes.stdlib_awaits``), and never for the children
        of a patch without a spec. Where amock's mock is async and the
        stdlib's is not, a value the test configures keeps the stdlib's
        meaning: an awaitable ``return_value`` is what the call returns.
        """
        target = self.target
        if target is None or target.kind is not COROUTINE:
            return False
        return not (self._judged_by_stdlib() and _shapes.stdlib_awaits(target.obj))

    def _judged_by_stdlib(self) -> bool:
        """Whether the stdlib asks, on this route, if the original is async."""
        return True


class Loose(Imitation):
    """The original lends its shape; names it lacks stay allowed (``spec=``).

    The stdlib asks whether the original and its attributes are async: it
    judges them. Two narrower policies say where it does not
    (:class:`Patched`, :class:`Unjudged`).
    """

    __slots__ = ()
    target: Target

    def _judged_by_stdlib(self) -> bool:
        return True

    def _child_policy(self, found: Target) -> Loose:
        """The imitation of an attribute: judged as the stdlib judges this route's attributes."""
        return Loose(found)

    def child(self, name: str) -> Imitation | None:
        found = self.target.child(name)
        return None if found is None else self._child_policy(found)

    def result(self) -> Imitation | None:
        found = self.target.result()
        # The stdlib's return values are plain mocks, whatever they stand for.
        return None if found is None else Unjudged(found)

    def magic(self, name: str) -> Imitation | _EntersSelf | None:
        entered = super().magic(name)
        if entered is not None or name not in ("__aenter__", "__enter__"):
            return entered
        # What ``async with`` binds takes its shape from the annotation of
        # the real __aenter__ (see Target.result).
        method = self.target.child(name)
        return None if method is None else Loose(method)


class Patched(Loose):
    """A patch without a spec: the stdlib judges the original, and gives plain attributes."""

    __slots__ = ()

    def _child_policy(self, found: Target) -> Loose:
        return Unjudged(found)


class Unjudged(Patched):
    """What the stdlib gives a plain mock, whatever it stands for: a patch's attributes, results.

    As :class:`Patched`, with the original itself not judged either.
    """

    __slots__ = ()

    def _judged_by_stdlib(self) -> bool:
        return False


#: How an exact imitation is built (see ``amock._mocks.build``).
#: ``spec``: a mock specced on ``spec``; ``method``: a method's mock, its
#: signature checked with ``skip_first``; ``enters``/``awaits``: an unspecced
#: ``MagicMock`` whose ``async with``/``await`` gives ``fixed``'s mock (an
#: async-context factory's result, an async property).
Recipe = typing.Literal["spec", "method", "enters", "awaits"]


class Exact(Imitation):
    """autospec: the original at every depth, signatures checked, results specced."""

    __slots__ = (
        "fixed",
        "instance",
        "owner",
        "recipe",
        "skip_first",
        "spec",
        "spec_set",
        "typevars",
        "wraps",
        "wraps_method",
    )
    exact = True

    def __init__(
        self,
        spec: Any,
        *,
        spec_set: bool,
        instance: bool = False,
        owner: type | None = None,
        typevars: dict[Any, Any] | None = None,
        wraps: Any = None,
        recipe: Recipe = "spec",
        skip_first: bool = False,
        wraps_method: Any = _MISSING,
        fixed: Exact | None = None,
        target: Target | None = None,
    ) -> None:
        if recipe == "spec" and type(spec) in (list, tuple):
            spec = type(spec)  # as the stdlib's autospec: a list value is specced as ``list``
        if target is None and recipe == "spec":
            target = Target(spec, instance=instance and _static.is_class(spec))
        super().__init__(target)
        #: What the mock is specced on (a class, an instance, a function, a raw method).
        self.spec = spec
        self.spec_set = spec_set
        #: The mock stands for an instance of the class ``spec``.
        self.instance = instance
        #: The class ``-> Self`` names: the spec itself, for a class; for a method,
        #: the class it was read from.
        self.owner = spec if recipe == "spec" and isinstance(spec, type) else owner
        #: Type arguments of the generic class being imitated (``Manager[Response]``).
        self.typevars = typevars or {}
        #: What ``create_autospec(..., wraps=...)`` wraps: its methods wrap its methods.
        self.wraps = wraps
        self.recipe: Recipe = recipe
        #: A method's ``self``/``cls``, bound by the call, is left out of its signature.
        self.skip_first = skip_first
        #: The wrapped object's method a method's mock wraps (3.13+), if any.
        self.wraps_method = wraps_method
        #: What entering (``enters``) or awaiting (``awaits``) the mock gives.
        self.fixed = fixed

    @property
    def is_type(self) -> bool:
        """Whether the spec is a class."""
        return isinstance(self.spec, type)

    def bindings(self) -> dict[Any, Any]:
        """What the ``TypeVar``s in the annotations of the spec's attributes stand for.

        The arguments of the annotation that named the spec
        (``Manager[Response]``), over what the spec's generic bases bind
        (``class ItemBox(Box[Item])``). A method's result reads its own
        class's bindings (see ``_shapes.result_spec``).
        """
        if not self.is_type:
            return self.typevars
        inherited = _class_bindings(self.spec)
        return {**inherited, **self.typevars} if inherited else self.typevars

    def is_method(self) -> bool:
        """Whether this imitates a method (a function the stdlib built a mock for)."""
        return isinstance(self.spec, (*_FUNCTION_TYPES, staticmethod, classmethod))

    def built_eagerly_by_stdlib(self, new_name: str | None) -> bool:
        """Whether ``unittest.mock.create_autospec`` would have made this child up front.

        It makes every attribute of the spec, and the instance a class mock
        returns; from 3.12 also a plain return value for each method. A
        sealed mock still gets these from amock, lazily, and refuses the rest.
        """
        if new_name == "()":
            if self.is_type:
                return not self.instance
            return _METHODS_RETURN_EAGERLY and self.owner is not None and self.is_method()
        return True

    def magic(self, name: str) -> Imitation | _EntersSelf | None:
        if self.recipe == "enters" and name == "__aenter__":
            return _Fixed(self.fixed)
        if self.recipe == "awaits" and name == "__await__":
            return _Fixed(self.fixed)
        entered = super().magic(name)
        if entered is not None or self.recipe != "spec" or name not in _ADOPTED_MAGICS:
            return entered
        # What the magic method returns is specced from its annotation.
        spec_class = self.spec if self.is_type else type(self.spec)
        method = _raw(spec_class, name)
        if method is _MISSING:
            return None
        return Exact(
            method,
            spec_set=self.spec_set,
            owner=spec_class,
            typevars=self.typevars,
            recipe="method",
            target=Target(method),
        )

    # -- results -------------------------------------------------------------------------

    def result(self) -> Imitation | None:
        if self.recipe not in ("spec", "method"):
            return None
        spec = self.spec
        if self.is_type and not self.instance:
            return Exact(
                spec,
                spec_set=self.spec_set,
                instance=True,
                typevars=self.typevars,
                wraps=self.wraps,
                owner=spec,
            )
        if self.is_type:
            # Calling an instance runs its class's ``__call__``.
            spec = _raw(spec, "__call__")
            if spec is _MISSING:
                return None
        found = _shapes.result_spec(spec, owner=self.owner, typevars=self.typevars)
        if found is None:
            return _unknown_result(spec)
        if found.kind == "value":
            return self._instance_of(found)
        if found.kind == "entered":
            # A factory of async context managers: its result enters as ``cls``.
            return Exact(None, spec_set=False, recipe="enters", fixed=self._instance_of(found))
        return None

    def _instance_of(self, found: _shapes.ResultSpec) -> Exact:
        """An instance of the class an annotation names, exactly."""
        return Exact(
            found.cls,
            spec_set=self.spec_set,
            instance=True,
            owner=found.cls,
            typevars=found.typevars,
        )

    # -- attributes ----------------------------------------------------------------------

    def child(self, name: str) -> Imitation | None:
        """What attribute ``name`` of the mock imitates; ``None``: a plain child.

        Raises:
            InvalidSpecError: the spec's attribute is itself a mock (a patch is
                active), as the stdlib's autospec raises.
        """
        if self.recipe not in ("spec", "method") or _stdlib.is_magic(name):
            return None
        spec = self.spec
        is_type = self.is_type
        if is_type and self.instance and KNOWS_DATACLASS_FIELDS:
            declared = _field_type(spec, name)
            if declared is not _MISSING:
                return self._field(declared)
        # On an instance, a slot (``partial.func``) gives its value: C code, safe.
        raw = _raw(spec, name) if is_type else _static.static_value(spec, name, _MISSING)
        read_through = raw is _MISSING
        if read_through:
            # dir() lists it, no class defines it: __getattr__ provides it (a
            # proxy's), and the stdlib reads it so. So does amock, lazily.
            raw = _dynamic(spec, name)
            if raw is _MISSING and is_type and self.instance:
                # No class attribute: an instance attribute the class declares
                # (``content: StreamReader``, a field, ``self.x = ...`` in __init__).
                return self._declared(name)
        elif isinstance(raw, _std_mock):
            raise MockedOut(name, raw)
        elif raw is None and is_type and self.instance:
            # ``content: StreamReader = None`` in the class body: a placeholder
            # until __init__ runs; an instance holds what the annotation says.
            typed = self._declared(name, typed_only=True)
            if typed is not None:
                return typed
        elif is_type and not inspect.isdatadescriptor(raw):
            resolved = _class_level(raw, spec)
            read_through = resolved is not raw
            raw = resolved
        if raw is _MISSING:
            return None
        owner = spec if is_type else type(spec)
        if read_through:
            # A value read through the descriptor protocol is bound already.
            if isinstance(raw, _FUNCTION_TYPES):
                return self._method(name, raw, owner, skip_first=False)
            return Exact(raw, spec_set=self.spec_set)
        if isinstance(raw, property) or (
            not isinstance(raw, (type, *_FUNCTION_TYPES))
            and inspect.isdatadescriptor(raw)
            and not isinstance(raw, (staticmethod, classmethod))
        ):
            return self._descriptor(raw, owner)
        if _is_method_like(raw) and not isinstance(raw, type):
            in_instance_dict = not is_type and name in _instance_dict(spec)
            # A method's self, and a classmethod's cls, are bound by the call.
            skip_first = isinstance(raw, (types.FunctionType, classmethod)) and not in_instance_dict
            return self._method(name, raw, owner, skip_first=skip_first)
        # An instance's attribute that holds a class is that class, callable and
        # with a class's children (the stdlib's too); instance= is for the spec only.
        return Exact(raw, spec_set=self.spec_set)

    def declares(self, name: str) -> bool:
        """Whether instances of the spec have attribute ``name`` by declaration only.

        The spec's ``dir()`` lists what the class holds; an attribute annotated
        in the class body, a field, or one that ``__init__`` sets, may exist
        on instances only (see :func:`amock._declared.declared_attributes`).
        """
        if self.recipe != "spec" or not self.instance or not self.is_type:
            return False
        found = _declared.declared_attributes(self.spec).get(name)
        return found is not None and found.on_instances()

    def _declared(self, name: str, *, typed_only: bool = False) -> Imitation | None:
        """An attribute the spec's instances have by declaration: its declared type, if known.

        ``None`` when the spec does not declare ``name`` or, with ``typed_only``,
        when what it declares names no class.
        """
        found = _declared.declared_attributes(self.spec).get(name)
        if found is None or not found.on_instances():
            return None
        annotation = found.resolved()
        if annotation is not _MISSING:
            # ``item: T`` in ``class Box(Generic[T])``: what the spec's bases
            # (``class ItemBox(Box[Item])``) or the annotation that named it bind.
            bindings = self.bindings()
            annotation = _annotations.without_none(_annotations.bind_typevars(annotation, bindings))
            spec = _shapes.value_spec(annotation)
            if spec is not None:
                return self._instance_of(spec)
            cls = typing.get_origin(annotation) or annotation
            if _is_builtin_class(cls):
                # ``status_code: int``: an int, as the stdlib (3.14+) specs a dataclass field.
                return Exact(cls, spec_set=self.spec_set, instance=True)
        if typed_only:
            return None
        # Nothing says what it holds (docs/unknown-types.md).
        return Unknown(Unresolved(self.spec, name), either_way_methods=False)

    def _field(self, declared: Any) -> Exact | None:
        """A dataclass field of an instance: an instance of its declared class, if it names one."""
        annotation = _annotations.resolve_annotation(declared, self.spec)
        cls = typing.get_origin(annotation) or annotation  # list[int]: a list
        if not isinstance(cls, type) or cls is typing.Any or cls in _UNIONS:
            return None  # a union, an unresolved name...: the child stays unspecced
        return Exact(cls, spec_set=self.spec_set, instance=True)

    def _method(self, name: str, raw: Any, owner: type, *, skip_first: bool) -> Exact:
        wraps_method: Any = _MISSING
        if (
            _WRAPS_METHODS
            and self.wraps is not None
            and isinstance(raw, (*_FUNCTION_TYPES, staticmethod, classmethod))
        ):
            # As the stdlib (3.13+): a method of the wrapped object, where it has one.
            wraps_method = _dynamic(self.wraps, name)
        return Exact(
            raw,
            spec_set=self.spec_set,
            owner=owner,
            typevars=self.typevars,
            recipe="method",
            skip_first=skip_first,
            wraps_method=wraps_method,
            target=Target(raw, shape=_shapes.member_shape(owner, raw)),
        )

    def _descriptor(self, raw: Any, owner: type) -> Imitation:
        # The stdlib cannot know what a property returns and leaves it
        # unspecced; its getter's annotation tells, when there is one.
        getter = raw.fget if isinstance(raw, property) else None
        found = (
            _shapes.result_spec(getter, owner=owner, typevars=self.typevars)
            if getter is not None
            else None
        )
        value = self._instance_of(found) if found is not None and found.kind == "value" else None
        if _shapes.shape_of(raw).async_property:
            return Exact(raw, spec_set=False, recipe="awaits", fixed=value, target=Target(raw))
        if value is not None:
            return value
        return Unknown(Unresolved(getter if getter is not None else raw), either_way_methods=False)


class _Fixed(Imitation):
    """A magic method whose result is given: what ``async with``/``await`` of its mock gives."""

    __slots__ = ("fixed",)

    def __init__(self, fixed: Imitation | None) -> None:
        super().__init__(None)
        self.fixed = fixed

    def result(self) -> Imitation | None:
        return self.fixed


# -- values of unknown type (docs/unknown-types.md) -------------------------------------------


class Unresolved:
    """Where a value of unknown type comes from: a function's result or a declared attribute.

    Described only when a message needs it (see :meth:`Undecided.refused`).
    """

    __slots__ = ("attribute", "source")

    def __init__(self, source: object, attribute: str | None = None) -> None:
        #: The function whose result it is, or the class that declares ``attribute``.
        self.source = source
        self.attribute = attribute

    def describe(self) -> str:
        """Why the type is unknown: "`Pool.acquire`'s return annotation is missing"."""
        if self.attribute is not None:
            owner = _annotations.annotation_text(self.source)
            return f"`{owner}.{self.attribute}` is declared with no type"
        source = self.source.fget if isinstance(self.source, property) else self.source
        annotation, home = _return_annotation(source)
        why = _annotations.why_unknown(annotation, home) or "names no class amock imitates"
        return f"`{_qualname(source)}`'s return annotation {why}"

    def short(self) -> str:
        """What the value comes from, in a few words: ``Pool.acquire()``, ``Response.extra``."""
        if self.attribute is not None:
            return f"{_annotations.annotation_text(self.source)}.{self.attribute}"
        source = self.source.fget if isinstance(self.source, property) else self.source
        return f"{_qualname(source)}()"


def _as_code(name: str) -> str:
    """A mock's name as the code that reaches it, with no ``__aenter__.return_value`` chain.

    ``pool.acquire().__aenter__().fetch`` is reached as
    ``amock.entered(pool.acquire.return_value).fetch``.
    """
    code = ""
    for part in re.split(r"(\.__a?enter__\(\)|\(\))", name):
        if part in (".__aenter__()", ".__enter__()"):
            code = f"amock.entered({code})"
        elif part == "()":
            code += ".return_value"
        else:
            code += part
    return code


def _qualname(source: object) -> str:
    """The qualified name of a function (through its wrappers) or class, for messages."""
    for layer in _static.layers(source):
        name = _static.static_value(layer, "__qualname__")
        if isinstance(name, str):
            return name
    return "?"


def _return_annotation(func: object) -> tuple[Any, object]:
    """The first return annotation among ``func``'s layers, and the layer that has it."""
    for layer in _static.layers(func):
        annotation = _annotations.return_annotation(layer)
        if annotation is not _MISSING:
            return annotation, layer
    return _MISSING, func


class Unknown(Imitation):
    """A value an autospec cannot type: a ``MagicMock``, not awaitable.

    Unannotated code, a name that does not resolve, ``Any``. What it comes
    from decides its methods (``either_way``):

    * awaited or entered with ``async with``: the stdlib gives an
      ``AsyncMock`` whose every method is async; here each method call goes
      either way (see :class:`Undecided`): awaited, entered, iterated or
      used as it is;
    * returned by a sync call, or held by an attribute: as the stdlib's
      plain ``MagicMock``, sync at every depth (sync code keeps ``is None``
      and exact types).
    """

    __slots__ = ("either_way_methods", "origin")

    def __init__(self, origin: Unresolved, *, either_way_methods: bool) -> None:
        super().__init__(None)
        #: Where the value comes from, for messages.
        self.origin = origin
        #: Its method calls go either way (it was awaited or entered).
        self.either_way_methods = either_way_methods

    def child(self, name: str) -> Imitation | None:
        if not self.either_way_methods or _stdlib.is_magic(name):
            return None
        return Undecided(self.origin)

    def result(self) -> Imitation | None:
        return Unknown(self.origin, either_way_methods=self.either_way_methods)

    def magic(self, name: str) -> Imitation | _EntersSelf | None:
        if name in ("__aenter__", "__enter__"):
            # What ``async with`` binds is as an awaited value; ``with``, a sync result.
            return _Fixed(Unknown(self.origin, either_way_methods=name == "__aenter__"))
        return None

    def guess(self) -> str:
        """What amock guessed and why, short enough for Python's 100-character type names."""
        return (
            f"amock guessed not awaitable: {self.origin.short()} has no known type; "
            "autospec its return_value"
        )

    def fix(self, name: str) -> str:
        """The one-line fix: how to give the mock named ``name`` (``pool.acquire()``) a type."""
        typed = "amock.create_autospec(RealClass, instance=True)"
        for magic in (".__aenter__()", ".__enter__()"):
            if name.endswith(magic):
                return (
                    f"Give it a type with: amock.entered({_as_code(name[: -len(magic)])}, {typed})"
                )
        return f"Give it a type with: {_as_code(name)} = {typed}"


class Undecided(Imitation):
    """A method of a value of unknown type: nothing says whether it is async.

    Its mock is an ``AsyncMock`` (so ``assert_awaited_*`` work) whose call
    gives a result that may be awaited (recording the await), entered with
    ``async with``, iterated with ``async for``, or used as the plain value
    (see ``amock._awaiting.EitherWay``). No call is reported as never awaited.
    """

    __slots__ = ("origin",)
    either_way = True

    def __init__(self, origin: Unresolved) -> None:
        super().__init__(None)
        self.origin = origin

    @property
    def kind(self) -> Kind:
        return COROUTINE

    def lent(self) -> bool:
        return True

    def result(self) -> Imitation | None:
        return Unknown(self.origin, either_way_methods=True)

    def refused(self, name: str, use: str, value: object) -> str:
        """The message when the result of the method mock ``name`` cannot be used so.

        ``use`` says how the code used it: "entered with `async with`",
        "iterated with `async for`".
        """
        owner, _, method = name.rpartition(".")
        fix = Unknown(self.origin, either_way_methods=True).fix(owner)
        return (
            f"amock: {owner!r} has no known type ({self.origin.describe()}), so amock guessed "
            f"that a call of its method {method!r} may be awaited, entered or used as it is; "
            f"but its result, {value!r}, cannot be {use}. Set {_as_code(name)}.return_value "
            f"to what the real method returns, or {fix[0].lower()}{fix[1:]}"
        )


class _Plain(Imitation):
    """A value of a known type amock does not imitate (``-> list``): a plain sync mock.

    The stdlib's ``AsyncMock`` gives an ``AsyncMock`` for what it awaits to,
    whose every method is async; the real value is a list, an int...
    """

    __slots__ = ()

    def result(self) -> Imitation | None:
        return None


#: The one plain imitation (it holds nothing).
_PLAIN: Final = _Plain(None)


def _unknown_result(func: object) -> Imitation | None:
    """What calling ``func`` gives when its annotation names no class amock imitates.

    A plain sync mock when the annotation names a builtin (``-> list``,
    ``-> None``): the type is known. :class:`Unknown` when it is missing,
    ``Any``, or does not resolve; its methods go either way when ``func`` is
    awaited. ``None`` (the stdlib's child) for generators, whose result is
    not a value.
    """
    shape = _shapes.shape_of(func)
    if shape.calls is None or shape.generator or shape.is_async_iterator_function:
        return None
    annotation, home = _return_annotation(func)
    if annotation is not _MISSING and _annotations.why_unknown(annotation, home) is None:
        return _PLAIN
    return Unknown(Unresolved(func), either_way_methods=shape.is_coroutine_function)


#: Magic methods whose result an exact imitation specs from their annotation.
_ADOPTED_MAGICS: Final = frozenset({"__aenter__", "__enter__"})


class MockedOut(Exception):
    """An attribute of an autospec's spec is itself a mock: ``amock._mocks`` words the error."""

    def __init__(self, name: str, found: Any) -> None:
        super().__init__(name)
        self.name = name
        self.found = found


# -- reading a spec, as the stdlib's autospec reads it -----------------------------------------

_std_mock: Final = _std.NonCallableMock
#: Descriptors whose class-level value amock knows without calling ``__get__``.
_KNOWN_DESCRIPTORS: Final = (
    type,
    staticmethod,
    classmethod,
    property,
    functools.partialmethod,
    wrapt.BaseObjectProxy,
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.MethodWrapperType,
    types.ClassMethodDescriptorType,
    types.GetSetDescriptorType,
    types.MemberDescriptorType,
)


#: What each class's generic bases bind its ``TypeVar``s to (see ``Exact.bindings``).
_CLASS_BINDINGS: weakref.WeakKeyDictionary[type, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _class_bindings(cls: type) -> dict[Any, Any]:
    """:func:`amock._annotations.type_arguments` of ``cls``, worked out once per class."""
    found = _CLASS_BINDINGS.get(cls)
    if found is None:
        found = _CLASS_BINDINGS[cls] = _annotations.type_arguments(cls)
    return found


def _raw(owner: object, name: str) -> Any:
    """``owner.name`` read without running user code (no properties, no ``__getattr__``)."""
    try:
        return inspect.getattr_static(owner, name)
    except AttributeError:
        return _MISSING
    except Exception:
        # A metaclass or __dict__ that fails even static lookup: treat as absent.
        return _MISSING


def _dynamic(owner: object, name: str) -> Any:
    """``owner.name`` as ``getattr`` gives it (``__getattr__`` runs), or ``_MISSING``."""
    try:
        return getattr(owner, name)
    except Exception:
        # The stdlib skips a name whose lookup fails; the child stays unspecced.
        return _MISSING


def _class_level(raw: Any, owner: type) -> Any:
    """What a custom descriptor gives on its class (``__get__(None, owner)``), or ``raw``.

    The stdlib specs a class's attribute on what ``getattr(cls, name)`` gives.
    Functions and builtin descriptors are known, so only (non-data)
    descriptors of other types are asked; their ``__get__`` runs, as in the
    stdlib. ``_MISSING`` when it raises.
    """
    if isinstance(raw, _KNOWN_DESCRIPTORS):
        return raw
    get = _raw(type(raw), "__get__")
    if get is _MISSING:
        return raw
    try:
        return raw.__get__(None, owner)
    except Exception:
        return _MISSING


def dataclass_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of dataclass ``cls`` (``()`` for other classes), found statically."""
    # Asked for every instance autospec: a scan of the MRO's dicts is five
    # times cheaper than getattr_static's miss, and runs no metaclass code.
    if not any(
        "__dataclass_fields__" in _static.CLASS_DICT.__get__(klass)
        for klass in _static.CLASS_MRO.__get__(cls)
    ):
        return ()
    return dataclasses.fields(cls)


def _field_type(cls: type, name: str) -> Any:
    """The declared type of dataclass field ``name`` of ``cls``, or ``_MISSING``."""
    for field in dataclass_fields(cls):
        if field.name == name:
            return field.type
    return _MISSING


def _is_builtin_class(cls: Any) -> bool:
    """Whether ``cls`` is a builtin class other than ``object`` (``int``, ``list``...)."""
    return (
        isinstance(cls, type) and cls is not object and getattr(builtins, cls.__name__, None) is cls
    )


def _is_method_like(raw: Any) -> bool:
    """Functions, methods, builtins, partials and wrapped callables: specced as callables."""
    return isinstance(
        raw,
        (
            staticmethod,
            classmethod,
            functools.partial,
            functools.partialmethod,
            wrapt.BaseObjectProxy,
            *_FUNCTION_TYPES,
        ),
    ) or inspect.isroutine(raw)


def _instance_dict(obj: object) -> Any:
    """The object's own ``__dict__``, read without running user code (``{}`` if none)."""
    namespace = _static.static_value(obj, "__dict__")
    return namespace if isinstance(namespace, dict) else {}
