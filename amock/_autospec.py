"""``amock.create_autospec``: specced mocks built lazily, with the right async shape.

The stdlib builds a child mock for every function of the spec up front and
runs every property getter on the way (cpython#85934). Here the top-level
mock carries an :class:`_Autospec` record instead; a child is built the
first time it is read, from the attribute read *statically*, and cached in
``_mock_children`` as the stdlib would have it. ``dir()``, ``spec_set`` and
``seal`` see the full spec from the start, because the spec's names are
known (``dir(spec)``) even before any child exists.

Reading a child statically runs no property getter. What the stdlib reads
with ``getattr`` and amock cannot read statically (a custom descriptor's
class-level value, a name that only ``__getattr__`` provides) is read as the
stdlib reads it, when the child is first built.

Signatures are checked when a mock is called, for sync and async callables
alike (CPython 3.13 checks async ones only when awaited: cpython#137594).
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import inspect
import sys
import types
import typing
import unittest.mock as _std
from typing import Any, Final

import wrapt

from amock import _annotations, _mocks, _shapes, _static, _stdlib

__all__ = ["create_autospec", "is_function_copy", "mock_behind", "seal"]

_InvalidSpecError: Final = _stdlib.InvalidSpecError
_FUNCTION_TYPES: Final = (types.FunctionType, types.MethodType)
_MISSING: Final[Any] = object()
_DEFAULT: Final = _stdlib.DEFAULT
#: The stdlib specs the fields of a dataclass instance from 3.14 (gh-124176).
_KNOWS_DATACLASS_FIELDS: Final = sys.version_info >= (3, 14)
#: The stdlib wraps an autospec's methods with ``wraps=`` from 3.13.
_WRAPS_METHODS: Final = sys.version_info >= (3, 13)
#: The stdlib gives each autospecced method a return value up front from 3.12,
#: so a method of a sealed autospec can still be called (gh-91803).
_METHODS_RETURN_EAGERLY: Final = sys.version_info >= (3, 12)
_UNIONS: Final = (typing.Union, types.UnionType)
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


_MRO: Final = type.__dict__["__mro__"]
_CLASS_DICT: Final = type.__dict__["__dict__"]


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of dataclass ``cls`` (``()`` for other classes), found statically."""
    # Asked for every instance autospec: a scan of the MRO's dicts is five
    # times cheaper than getattr_static's miss, and runs no metaclass code.
    if not any("__dataclass_fields__" in _CLASS_DICT.__get__(klass) for klass in _MRO.__get__(cls)):
        return ()
    return dataclasses.fields(cls)


def _field_type(cls: type, name: str) -> Any:
    """The declared type of dataclass field ``name`` of ``cls``, or ``_MISSING``."""
    for field in _fields(cls):
        if field.name == name:
            return field.type
    return _MISSING


def _signature_check(mock: Any, spec: Any, *, skip_first: bool, instance: bool = False) -> None:
    """Make calls on ``mock`` bind against ``spec``'s signature, at call time."""
    if isinstance(spec, (staticmethod, classmethod)):
        # 3.10's stdlib helper reads a staticmethod's own __call__ signature.
        skip_first = isinstance(spec, classmethod)
        spec = spec.__func__
    try:
        if isinstance(spec, functools.partial) and not skip_first:
            # The stdlib reads partial.__call__, (*args, **kwargs); the
            # partial's own signature is what its callers must match.
            found = (spec, _annotations.signature(spec))
        else:
            found = _annotations.signature_object(spec, instance, skip_first)
    except Exception:
        # A broken __signature__ or __call__: the mock stays callable freely.
        return
    if found is None:
        return
    signature = found[1]

    def checksig(self: Any, /, *args: Any, **kwargs: Any) -> None:
        signature.bind(*args, **kwargs)

    klass = type(mock)
    klass._mock_check_sig = checksig
    klass.__signature__ = signature
    # Calls must run the check: off the inlined path of Mock.__call__.
    mock.__dict__[_mocks.PLAIN_CALL] = False


def _function_of(raw: Any) -> Any:
    """The function a method-like attribute calls (``staticmethod`` and friends unwrapped)."""
    if isinstance(raw, (staticmethod, classmethod)):
        return raw.__func__
    return raw


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


def _class_for(shape: _shapes.Shape) -> Any:
    if shape.is_coroutine_function:
        return _mocks.AsyncMock
    if shape.generator:
        return _mocks.AsyncGeneratorMock
    return _mocks.MagicMock


class _Autospec:
    """What a lazily autospecced mock imitates, and how to build its children."""

    __slots__ = ("instance", "owner", "spec", "spec_set", "typevars", "wraps")

    def __init__(
        self,
        spec: Any,
        spec_set: bool,
        instance: bool,
        owner: type | None,
        typevars: dict[Any, Any] | None = None,
        wraps: Any = None,
    ) -> None:
        self.spec = spec
        self.spec_set = spec_set
        self.instance = instance
        self.owner = owner
        #: Type arguments of the generic class being imitated (``Manager[Response]``).
        self.typevars = typevars or {}
        #: What ``create_autospec(..., wraps=...)`` wraps: its methods wrap its methods.
        self.wraps = wraps

    def child(self, parent: Any, kw: dict[str, Any]) -> Any:
        """Build the child ``parent`` needs, or ``None`` to let the mock make a plain one."""
        new_name = kw.get("_new_name")
        if new_name == "()":
            return self._returned(parent)
        name = kw.get("name")
        if not isinstance(name, str) or _stdlib.is_magic(name):
            return None
        return self._attribute(parent, name)

    def built_eagerly_by_stdlib(self, kw: dict[str, Any]) -> bool:
        """Whether ``unittest.mock.create_autospec`` would have made this child up front.

        It makes every attribute of the spec, and the instance a class mock
        returns; from 3.12 also a plain return value for each method. A
        sealed mock still gets these from amock, lazily, and refuses the rest.
        """
        if kw.get("_new_name") == "()":
            if isinstance(self.spec, type):
                return not self.instance
            return _METHODS_RETURN_EAGERLY and self.owner is not None and self.is_method()
        return True

    def is_method(self) -> bool:
        """Whether this record is a method's (a function the stdlib built a mock for)."""
        return isinstance(self.spec, (*_FUNCTION_TYPES, staticmethod, classmethod))

    def adopt_magic(self, parent: Any, name: str, child: Any) -> None:
        """Let an ``__aenter__``/``__anext__`` child spec what it returns from annotations."""
        spec_class = self.spec if isinstance(self.spec, type) else type(self.spec)
        method = _raw(spec_class, name)
        if method is _MISSING:
            return
        child.__dict__["_amock_autospec"] = _Autospec(
            method, self.spec_set, False, spec_class, self.typevars
        )

    def _specced(self, found: _shapes.ResultSpec, parent: Any = None, name: Any = None) -> Any:
        """An instance autospec of the class an annotation names."""
        return _create(found.cls, self.spec_set, True, parent, name, {}, found.typevars)

    # -- return values ---------------------------------------------------------

    def _returned(self, parent: Any) -> Any:
        spec = self.spec
        if isinstance(spec, type) and not self.instance:
            return _create(spec, self.spec_set, True, parent, "()", self._wrapping(), self.typevars)
        found = _shapes.result_spec(spec, owner=self.owner, typevars=self.typevars)
        if found is None:
            return None
        if found.kind == "value":
            return self._specced(found, parent, "()")
        if found.kind == "entered":
            # A factory of async context managers: its result enters as ``cls``.
            result = _mocks.MagicMock(_new_parent=parent, _new_name="()")
            result.__aenter__.return_value = self._specced(found)
            return result
        return None

    # -- attributes ---------------------------------------------------------------

    def _wrapping(self) -> dict[str, Any]:
        """``create_autospec``'s ``wraps`` argument, for the instance a class mock returns."""
        return {} if self.wraps is None else {"wraps": self.wraps}

    def _attribute(self, parent: Any, name: str) -> Any:
        spec = self.spec
        is_type = isinstance(spec, type)
        if is_type and self.instance and _KNOWS_DATACLASS_FIELDS:
            declared = _field_type(spec, name)
            if declared is not _MISSING:
                return self._field(parent, name, declared)
        # On an instance, a slot (``partial.func``) gives its value: C code, safe.
        raw = _raw(spec, name) if is_type else _static.static_value(spec, name, _MISSING)
        read_through = raw is _MISSING
        if read_through:
            # dir() lists it, no class defines it: __getattr__ provides it (a
            # proxy's), and the stdlib reads it so. So does amock, lazily.
            raw = _dynamic(spec, name)
        elif isinstance(raw, _std.NonCallableMock):
            raise self._mocked_out(parent, name, raw)
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
                return self._method(parent, name, raw, owner, skip_first=False)
            return _create(raw, self.spec_set, False, parent, name, {}, None)
        if isinstance(raw, property) or (
            not isinstance(raw, (type, *_FUNCTION_TYPES))
            and inspect.isdatadescriptor(raw)
            and not isinstance(raw, (staticmethod, classmethod))
        ):
            return self._descriptor(parent, name, raw, owner)
        if _is_method_like(raw) and not isinstance(raw, type):
            return self._method(parent, name, raw, owner)
        # An instance's attribute that holds a class is that class, callable and
        # with a class's children (the stdlib's too); instance= is for the spec only.
        return _create(raw, self.spec_set, False, parent, name, {}, None)

    def _mocked_out(self, parent: Any, name: str, raw: Any) -> Exception:
        """The error for an attribute of the spec that is itself a mock (a patch is active)."""
        target = parent.__dict__.get("_mock_name") or parent
        return _InvalidSpecError(
            f"Cannot autospec attr {name!r} from target {target!r} as it has already been "
            f"mocked out. [target={parent!r}, attr={raw!r}] amock reads an autospec's "
            "attributes when they are first used: use the attribute before patching it, "
            "or autospec the original object."
        )

    def _field(self, parent: Any, name: str, declared: Any) -> Any:
        """A dataclass field of an instance: an instance of its declared class, if it names one."""
        annotation = _annotations.resolve_annotation(declared, self.spec)
        cls = typing.get_origin(annotation) or annotation  # list[int]: a list
        if not isinstance(cls, type) or cls is typing.Any or cls in _UNIONS:
            return None  # a union, an unresolved name...: the child stays unspecced
        return _create(cls, self.spec_set, True, parent, name, {}, None)

    def _method(
        self, parent: Any, name: str, raw: Any, owner: type, *, skip_first: bool | None = None
    ) -> Any:
        spec = self.spec
        if skip_first is None:
            in_instance_dict = not isinstance(spec, type) and name in _instance_dict(spec)
            # A method's self, and a classmethod's cls, are bound by the call.
            skip_first = isinstance(raw, (types.FunctionType, classmethod)) and not in_instance_dict
        function = _function_of(raw)
        shape = _shapes.member_shape(owner, raw)
        options: dict[str, Any] = {"spec_set" if self.spec_set else "spec": function}
        if (
            _WRAPS_METHODS
            and self.wraps is not None
            and isinstance(raw, (*_FUNCTION_TYPES, staticmethod, classmethod))
        ):
            # As the stdlib (3.13+): a method of the wrapped object, where it has one.
            wrapped = _dynamic(self.wraps, name)
            if wrapped is not _MISSING:
                options["wraps"] = wrapped
        child = _class_for(shape)(
            parent=parent,
            name=name,
            _new_name=name,
            _new_parent=parent,
            _eat_self=skip_first,
            **options,
        )
        child.__dict__["_amock_autospec"] = _Autospec(
            raw, self.spec_set, False, owner, self.typevars
        )
        _signature_check(child, raw, skip_first=skip_first)
        if "wraps" in options:
            # The stdlib gives every method a return value up front: a call
            # returns it, and reaches the wrapped method once it is DEFAULT.
            child.return_value = child._get_child_mock(_new_parent=child, _new_name="()")
        return child

    def _descriptor(self, parent: Any, name: str, raw: Any, owner: type) -> Any:
        # The stdlib cannot know what a property returns and leaves it
        # unspecced; its getter's annotation tells, when there is one.
        getter = raw.fget if isinstance(raw, property) else None
        found = (
            _shapes.result_spec(getter, owner=owner, typevars=self.typevars)
            if getter is not None
            else None
        )
        value = found if found is not None and found.kind == "value" else None
        if _shapes.shape_of(raw).async_property:
            mock = _mocks.MagicMock(
                parent=parent,
                name=name,
                _new_name=name,
                _new_parent=parent,
                _amock_target=_shapes.Target(raw),
            )
            if value is not None:
                mock.__await__.return_value = self._specced(value)
            return mock
        if value is not None:
            return self._specced(value, parent, name)
        return _mocks.MagicMock(parent=parent, name=name, _new_name=name, _new_parent=parent)


def _instance_dict(obj: object) -> Any:
    """The object's own ``__dict__``, read without running user code (``{}`` if none)."""
    namespace = _static.static_value(obj, "__dict__")
    return namespace if isinstance(namespace, dict) else {}


def _instance_callable(cls: type) -> bool:
    return _shapes.instance_shape(cls).calls is not None


def create_autospec(
    spec: Any,
    spec_set: Any = False,
    instance: bool = False,
    _parent: Any = None,
    _name: Any = None,
    *,
    unsafe: bool = False,
    **kwargs: Any,
) -> Any:
    """A mock specced on ``spec`` at every depth, with signatures checked at call time.

    As ``unittest.mock.create_autospec``, but children are built when first
    read (so specs of large classes are cheap), every attribute gets its
    async shape (coroutine methods are ``AsyncMock``, async generators
    ``AsyncGeneratorMock``, sync methods stay sync), return annotations
    spec return values, and no property getter runs. The few things the
    stdlib reads dynamically (a custom descriptor's class-level value, a
    name only ``__getattr__`` provides) are read when first used.

    Args:
        spec: the class, instance, function or module to imitate.
        spec_set: also refuse setting attributes the spec lacks.
        instance: imitate an instance of the class ``spec``.
        _parent: the parent mock (internal, as in the stdlib).
        _name: the child's name (internal, as in the stdlib).
        unsafe: allow argument names that look like typos of ``autospec``/``spec_set``.
        **kwargs: configure the mock (``return_value=...``, ``name=...``).

    Returns:
        The mock. For a function spec, a plain function, as in the stdlib:
        calling it checks the arguments and calls the mock (``.mock``) at
        once, for coroutine and async generator functions too. It carries
        the stdlib copy's attributes (``return_value``, ``side_effect``, the
        call records, the call assertions, ``reset_mock()``, and for a
        coroutine function the await records and assertions), which the
        mock reads and writes there, plus amock's: ``wait_for_call()``; for
        a coroutine function ``wait_for_await()``, ``delay``,
        ``checkpoint`` and ``cancelled_awaits``; for an async generator
        function ``yields``, ``generators``, ``assert_consumed()`` and
        ``assert_closed()``. From Python 3.12 a copy of a coroutine function
        is marked for ``inspect.iscoroutinefunction``.

    Raises:
        InvalidSpecError: ``spec`` is itself a mock.
        RuntimeError: ``instance=True`` with an async function, or a typo'd argument.
    """
    if not unsafe:
        _stdlib.refuse_spec_typos(kwargs, "amock.create_autospec")
    return _create(spec, spec_set, instance, _parent, _name, kwargs, None)


def _create(
    spec: Any,
    spec_set: Any,
    instance: bool,
    parent: Any,
    name: Any,
    kwargs: dict[str, Any],
    typevars: dict[Any, Any] | None,
) -> Any:
    """``create_autospec`` without the argument checks, carrying a generic's type arguments."""
    if type(spec) in (list, tuple):
        spec = type(spec)
    if isinstance(spec, _std.NonCallableMock):
        raise _InvalidSpecError(
            f"amock.create_autospec: cannot autospec a mock ({spec!r}); pass the real object."
        )
    is_type = isinstance(spec, type)
    options: dict[str, Any] = {}
    if spec is not None:
        options["spec_set" if spec_set else "spec"] = spec
        if instance:
            options["_spec_as_instance"] = True
    options.update(kwargs)
    shape = _shapes.instance_shape(spec) if is_type and instance else _shapes.shape_of(spec)
    if inspect.isdatadescriptor(spec) and not is_type:
        options = dict(kwargs)
        klass: Any = _mocks.MagicMock
        options["_amock_target"] = _shapes.Target(spec)
    elif not is_type and shape.calls is not None and shape.is_coroutine_function:
        if instance:
            raise RuntimeError(
                "amock.create_autospec: instance=True cannot be used with an async "
                "function; instances are made from classes."
            )
        klass = _mocks.AsyncMock
    elif not is_type and shape.generator:
        klass = _mocks.AsyncGeneratorMock
    elif shape.calls is None:
        klass = _mocks.NonCallableMagicMock
    elif is_type and instance and shape.is_coroutine_function:
        klass = _mocks.AsyncMock
    else:
        klass = _mocks.MagicMock
    name = options.pop("name", name)
    mock = klass(
        parent=parent,
        _new_parent=parent,
        _new_name=name if parent is not None else "",
        name=name,
        **options,
    )
    if spec is None:
        return mock
    owner = spec if is_type else None
    wraps = kwargs.get("wraps") if _WRAPS_METHODS else None
    record = _Autospec(spec, bool(spec_set), instance, owner, typevars, wraps)
    mock.__dict__["_amock_autospec"] = record
    if is_type and instance and _KNOWS_DATACLASS_FIELDS:
        fields = [field.name for field in _fields(spec)]
        if fields:
            # Fields set in __init__ are not in dir(cls): the spec knows them too.
            methods = mock.__dict__["_mock_methods"]
            methods.extend(name for name in fields if name not in methods)
    if is_type and not instance and "wraps" in kwargs and "return_value" not in kwargs:
        # Calls return the instance mock, not what the wrapped class makes, as
        # in the stdlib (which builds it up front); it is built now for that.
        mock.return_value = record.child(mock, {"_new_name": "()"})
    if isinstance(spec, _FUNCTION_TYPES):
        return _function_copy(mock, spec, asynchronous=klass is _mocks.AsyncMock)
    _signature_check(mock, spec, skip_first=is_type, instance=instance)
    return mock


# -- the function copy -------------------------------------------------------------------
#
# ``create_autospec(function)`` gives a plain function, as the stdlib's does, so
# ``type()``, ``inspect.isfunction``, ``hasattr``, ``copy`` and binding as a
# method answer as for any function (a proxy object answered ``hasattr(f,
# "__enter__")`` with True, and pytest-mock then broke every spy). Calling it
# checks the arguments against the original's signature and calls the mock at
# once, whatever the shape: calls are recorded when made, on every Python.
# As in the stdlib, the mock's records and outcome live on the function
# (``mock._mock_delegate``); the mock's properties read and write them there.


def _copy_template(bind: Any, mock: Any) -> Any:
    """Lends its inner function's code to every function copy."""

    def funcopy(*args, **kwargs):  # type: ignore[no-untyped-def]
        __tracebackhide__ = True
        bind(*args, **kwargs)
        return mock(*args, **kwargs)

    return funcopy


_COPY_CODE: Final[types.CodeType] = _copy_template(None, None).__code__
assert _COPY_CODE.co_freevars == ("bind", "mock"), "the copy's closure is built in this order"
#: The globals of every copy: no ``__name__``, so ``__module__`` is ``None``, as the stdlib's.
_COPY_GLOBALS: Final[dict[str, Any]] = {"__builtins__": builtins}
#: ``inspect.markcoroutinefunction`` (3.12+): ``inspect.iscoroutinefunction`` of
#: a sync function that returns a coroutine. Before 3.12 inspect asks the code
#: object only, and a function whose code is a coroutine's cannot record its
#: call before it is awaited; there the copy answers as the stdlib's (False).
_MARK_COROUTINE_FUNCTION: Final = getattr(inspect, "markcoroutinefunction", None)
#: The mock's methods every function copy carries: the stdlib's, and amock's wait.
_CALL_METHODS: Final = (
    "assert_called_with",
    "assert_called_once_with",
    "assert_has_calls",
    "assert_any_call",
    "assert_called",
    "assert_not_called",
    "assert_called_once",
    "wait_for_call",
)
#: And a copy of a coroutine function: the stdlib's await assertions, and amock's wait.
_AWAIT_METHODS: Final = (
    "assert_awaited",
    "assert_awaited_once",
    "assert_awaited_with",
    "assert_awaited_once_with",
    "assert_any_await",
    "assert_has_awaits",
    "assert_not_awaited",
    "wait_for_await",
)
#: And a copy of an async generator function.
_GENERATOR_METHODS: Final = ("assert_consumed", "assert_closed")


@functools.lru_cache(maxsize=256)
def _copy_code(name: str) -> types.CodeType:
    """The copy's code, named as the original, so tracebacks say ``in fetch``."""
    if sys.version_info >= (3, 11):
        return _COPY_CODE.replace(co_name=name, co_qualname=name)
    return _COPY_CODE.replace(co_name=name)  # pragma: no cover - 3.10


def _function_copy(mock: Any, spec: Any, *, asynchronous: bool) -> Any:
    """A function standing for ``mock``, as the stdlib's ``create_autospec(function)``.

    It has what the stdlib's copy has: the function's own attributes (its
    ``__module__`` and ``__doc__`` are ``None`` and its ``__qualname__`` the
    bare name, as there), ``mock``, ``__signature__``, the call records,
    ``return_value``, ``side_effect``, the call assertions and
    ``reset_mock()``; a copy of a coroutine function also the await records
    and assertions. amock adds ``wait_for_call()``; for a coroutine function
    ``wait_for_await()``, ``delay``, ``checkpoint`` and ``cancelled_awaits``;
    for an async generator function ``yields``, ``generators``,
    ``assert_consumed()`` and ``assert_closed()``.
    """
    try:
        found = _annotations.signature_object(spec, False, False)
    except Exception:
        found = None  # a broken __signature__: nothing to check calls against
    if found is None:
        return mock  # as the stdlib, which returns the mock itself then
    signature = found[1]
    name = getattr(spec, "__name__", None)
    if not isinstance(name, str) or not name.isidentifier():
        name = "funcopy"
    funcopy: Any = types.FunctionType(
        _copy_code(name),
        _COPY_GLOBALS,
        name,
        None,
        (types.CellType(signature.bind), types.CellType(mock)),
    )
    records = mock.__dict__
    namespace = funcopy.__dict__
    namespace["mock"] = mock
    namespace["called"] = False
    namespace["call_count"] = 0
    namespace["call_args"] = None
    namespace["call_args_list"] = records["_mock_call_args_list"]
    namespace["method_calls"] = records["method_calls"]
    namespace["mock_calls"] = records["_mock_mock_calls"]
    # Built now, as the stdlib does (none when the mock wraps something).
    namespace["return_value"] = mock.return_value
    namespace["side_effect"] = mock.side_effect
    namespace["_mock_children"] = records["_mock_children"]
    methods: tuple[str, ...] = _CALL_METHODS
    if asynchronous:
        if _mocks._IS_COROUTINE is not None:
            namespace["_is_coroutine"] = _mocks._IS_COROUTINE
        if _MARK_COROUTINE_FUNCTION is not None:
            _MARK_COROUTINE_FUNCTION(funcopy)
        namespace["await_count"] = 0
        namespace["await_args"] = None
        namespace["await_args_list"] = records["_mock_await_args_list"]
        namespace["delay"] = mock.delay
        namespace["checkpoint"] = mock.checkpoint
        namespace["cancelled_awaits"] = mock.cancelled_awaits
        methods += _AWAIT_METHODS
    elif isinstance(mock, _mocks.AsyncGeneratorMock):
        namespace["yields"] = mock.yields
        namespace["generators"] = mock.generators
        methods += _GENERATOR_METHODS
    for method in methods:
        namespace[method] = getattr(mock, method)

    def reset_mock(*, return_value: bool = False, side_effect: bool = False) -> None:
        mock.reset_mock(return_value=return_value, side_effect=side_effect)
        namespace["method_calls"] = mock.method_calls
        if return_value:
            # Rebuilt as at the start: the copy holds the default child.
            namespace["return_value"] = records["_mock_return_value"] = _DEFAULT
            records["_mock_return_value"] = mock.return_value
        if side_effect:
            namespace["side_effect"] = None
        returned = namespace["return_value"]
        if isinstance(returned, _std.NonCallableMock) and returned is not mock:
            returned.reset_mock()

    reset_mock.__doc__ = "Reset the mock behind this function (see ``Mock.reset_mock``)."
    namespace["reset_mock"] = reset_mock
    namespace["__signature__"] = signature
    # What ``mock._mock_delegate = funcopy`` does, less the checks a fresh
    # mock passes: calls take the hooked path, which reads the delegate.
    records["_mock_delegate"] = funcopy
    records[_mocks.PLAIN_CALL] = False
    # The original's own function-valued attributes are the mock's children,
    # as on the stdlib's copy (its other attributes are on ``.mock`` only).
    own = _instance_dict(spec)
    for attribute, value in list(own.items()):
        if (
            isinstance(value, _FUNCTION_TYPES)
            and not _stdlib.is_magic(attribute)
            and attribute not in namespace
        ):
            namespace[attribute] = getattr(mock, attribute)
    return funcopy


def is_function_copy(obj: object) -> bool:
    """Whether ``obj`` is what ``create_autospec(function)`` gives (a function, not a mock)."""
    if type(obj) is not types.FunctionType:
        return False
    mock = obj.__dict__.get("mock")
    return isinstance(mock, _std.NonCallableMock) and mock.__dict__.get("_mock_delegate") is obj


def mock_behind(obj: Any) -> Any:
    """The mock that records the calls of ``obj``: itself, or an autospecced function's."""
    return obj.__dict__["mock"] if is_function_copy(obj) else obj


def seal(mock: Any) -> None:
    """Stop ``mock`` and its children from making new attributes, as ``unittest.mock.seal``.

    An autospec's children that were never used are not built here: the
    stdlib builds them all when it makes the autospec, and amock builds each
    when first read, sealed already. Walking into them would build the whole
    spec graph, without end for a spec whose attributes are of its own type
    (``int().real`` is an ``int``).

    Args:
        mock: the mock to seal, with every child mock it has made.
    """
    mock._mock_sealed = True
    namespace = getattr(mock, "__dict__", {})
    # An autospec's unused attributes: built (sealed) when first read.
    lazy = (
        {
            name
            for name in namespace["_mock_methods"] or ()
            if name not in namespace["_mock_children"]
            and name not in namespace
            and not _stdlib.is_magic(name)
        }
        if "_amock_autospec" in namespace
        else set()
    )
    for name in dir(mock):
        if name in lazy:
            continue
        try:
            child = getattr(mock, name)
        except AttributeError:
            continue
        if not isinstance(child, _std.NonCallableMock):
            continue
        if isinstance(child._mock_children.get(name), _stdlib.spec_state_type):
            continue  # the stdlib's own guard, for its autospecs
        if child._mock_new_parent is mock:
            seal(child)
