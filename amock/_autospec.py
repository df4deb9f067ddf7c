"""``amock.create_autospec``: specced mocks built lazily, with the right async shape.

The stdlib builds a child mock for every function of the spec up front and
runs every property getter on the way (cpython#85934). Here the top-level
mock carries an :class:`_Autospec` record instead; a child is built the
first time it is read, from the attribute read *statically*, and cached in
``_mock_children`` as the stdlib would have it. ``dir()``, ``spec_set`` and
``seal`` see the full spec from the start, because the spec's names are
known (``dir(spec)``) even before any child exists.

Signatures are checked when a mock is called, for sync and async callables
alike (CPython 3.13 checks async ones only when awaited: cpython#137594).
"""

from __future__ import annotations

import functools
import inspect
import types
import unittest.mock as _std
from typing import Any, Final

import wrapt

from amock import _mocks, _shapes

__all__ = ["create_autospec", "is_function_copy", "mock_behind"]

_private: Any = _std
_InvalidSpecError: Final[type[Exception]] = getattr(_std, "InvalidSpecError", TypeError)
_SPEC_TYPOS: Final = ("autospect", "auto_spec", "set_spec")
_FUNCTION_TYPES: Final = (types.FunctionType, types.MethodType)
_MISSING: Final[Any] = object()


def _raw(owner: object, name: str) -> Any:
    """``owner.name`` read without running user code (no properties, no ``__getattr__``)."""
    try:
        return inspect.getattr_static(owner, name)
    except AttributeError:
        return _MISSING
    except Exception:
        # A metaclass or __dict__ that fails even static lookup: treat as absent.
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
            found = (spec, inspect.signature(spec))
        else:
            found = _mocks.signature_object(spec, instance, skip_first)
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

    __slots__ = ("instance", "owner", "spec", "spec_set", "typevars")

    def __init__(
        self,
        spec: Any,
        spec_set: bool,
        instance: bool,
        owner: type | None,
        typevars: dict[Any, Any] | None = None,
    ) -> None:
        self.spec = spec
        self.spec_set = spec_set
        self.instance = instance
        self.owner = owner
        #: Type arguments of the generic class being imitated (``Manager[Response]``).
        self.typevars = typevars or {}

    def child(self, parent: Any, kw: dict[str, Any]) -> Any:
        """Build the child ``parent`` needs, or ``None`` to let the mock make a plain one."""
        new_name = kw.get("_new_name")
        if new_name == "()":
            return self._returned(parent)
        name = kw.get("name")
        if not isinstance(name, str) or _private._is_magic(name):
            return None
        return self._attribute(parent, name)

    def built_eagerly_by_stdlib(self, kw: dict[str, Any]) -> bool:
        """Whether ``unittest.mock.create_autospec`` would have made this child up front.

        It makes every attribute of the spec, and the instance a class mock
        returns; results of methods are made when first used. A sealed mock
        still gets the former from amock, lazily, and refuses the latter.
        """
        if kw.get("_new_name") == "()":
            return isinstance(self.spec, type) and not self.instance
        return True

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
            return _create(spec, self.spec_set, True, parent, "()", {}, self.typevars)
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

    def _attribute(self, parent: Any, name: str) -> Any:
        spec = self.spec
        is_type = isinstance(spec, type)
        # On an instance, a slot (``partial.func``) gives its value: C code, safe.
        raw = _raw(spec, name) if is_type else _shapes.static_value(spec, name, _MISSING)
        if raw is _MISSING:
            return None
        owner = spec if is_type else type(spec)
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

    def _method(self, parent: Any, name: str, raw: Any, owner: type) -> Any:
        spec = self.spec
        in_instance_dict = not isinstance(spec, type) and name in _instance_dict(spec)
        # A method's self, and a classmethod's cls, are bound by the call.
        skip_first = isinstance(raw, (types.FunctionType, classmethod)) and not in_instance_dict
        function = _function_of(raw)
        shape = _shapes.member_shape(owner, raw)
        options: dict[str, Any] = {"spec_set" if self.spec_set else "spec": function}
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
    namespace = _shapes.static_value(obj, "__dict__")
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
    spec return values, and nothing of the spec runs while it is inspected.

    Args:
        spec: the class, instance, function or module to imitate.
        spec_set: also refuse setting attributes the spec lacks.
        instance: imitate an instance of the class ``spec``.
        _parent: the parent mock (internal, as in the stdlib).
        _name: the child's name (internal, as in the stdlib).
        unsafe: allow argument names that look like typos of ``autospec``/``spec_set``.
        **kwargs: configure the mock (``return_value=...``, ``name=...``).

    Returns:
        The mock; for a function spec, a function that checks its arguments
        and delegates to the mock (``.mock``), as in the stdlib.

    Raises:
        InvalidSpecError: ``spec`` is itself a mock.
        RuntimeError: ``instance=True`` with an async function, or a typo'd argument.
    """
    if not unsafe:
        for typo in _SPEC_TYPOS:
            if typo in kwargs:
                raise RuntimeError(
                    f"amock.create_autospec: {typo!r} might be a typo of 'autospec' or "
                    "'spec_set'; pass unsafe=True if it is meant for the mock."
                )
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
    mock.__dict__["_amock_autospec"] = _Autospec(spec, bool(spec_set), instance, owner, typevars)
    if isinstance(spec, _FUNCTION_TYPES):
        return _function_copy(mock, spec, asynchronous=klass is _mocks.AsyncMock)
    _signature_check(mock, spec, skip_first=is_type, instance=instance)
    return mock


def _function_copy(mock: Any, spec: Any, *, asynchronous: bool) -> Any:
    """A function standing for ``mock``: it binds as a method, as the stdlib's copy does.

    It is a wrapt proxy of a stand-in ``def`` (``async def`` for an async
    spec, so ``inspect.iscoroutinefunction`` holds on every Python). Calling
    it checks the arguments at once and then calls the mock; the mock's API
    (``return_value``, ``assert_called_with``, ``await_count``...) is read
    from the mock itself, lazily, where the stdlib copies it eagerly.
    """
    try:
        found = _mocks.signature_object(spec, False, False)
    except Exception:
        found = None
    signature = found[1] if found is not None else None

    async def async_stand_in(*args: Any, **kwargs: Any) -> Any:
        return await mock(*args, **kwargs)  # pragma: no cover - never run

    def sync_stand_in(*args: Any, **kwargs: Any) -> Any:
        return mock(*args, **kwargs)  # pragma: no cover - never run

    async def generator_stand_in(*args: Any, **kwargs: Any) -> Any:
        async for item in mock(*args, **kwargs):  # pragma: no cover - never run
            yield item

    if isinstance(mock, _mocks.AsyncGeneratorMock):
        stand_in: Any = generator_stand_in
    else:
        stand_in = async_stand_in if asynchronous else sync_stand_in

    name = getattr(spec, "__name__", "funcopy")
    stand_in.__name__ = name if isinstance(name, str) and name.isidentifier() else "funcopy"
    stand_in.__qualname__ = getattr(spec, "__qualname__", stand_in.__name__)
    stand_in.__doc__ = getattr(spec, "__doc__", None)
    stand_in.__module__ = getattr(spec, "__module__", None)

    def forward(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
        if instance is not None:
            args = (instance, *args)
        if signature is not None:
            signature.bind(*args, **kwargs)
        return mock(*args, **kwargs)

    return _FunctionCopy(stand_in, forward, mock, signature)


def _forwarded(name: str, doc: str) -> Any:
    """A property of the function copy that reads and writes the mock's attribute."""

    def get(self: Any) -> Any:
        return getattr(self._self_mock, name)

    def set_(self: Any, value: Any) -> None:
        setattr(self._self_mock, name, value)

    return property(get, set_, doc=doc)


def _delegated(name: str) -> Any:
    """A method of the function copy that calls the mock's method of that name."""

    def method(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        return getattr(self._self_mock, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"As ``unittest.mock``'s ``{name}``, on the mock behind this function."
    return method


def is_function_copy(obj: object) -> bool:
    """Whether ``obj`` is what ``create_autospec(function)`` gives (a function, not a mock)."""
    return bool(getattr(type(obj), "_amock_function_copy", False))


def mock_behind(obj: Any) -> Any:
    """The mock that records the calls of ``obj``: itself, or an autospecced function's."""
    return obj.mock if is_function_copy(obj) else obj


class _FunctionCopy(wrapt.FunctionWrapper[Any, Any]):
    """What ``create_autospec(function)`` gives: a function that checks and delegates."""

    _amock_function_copy = True

    def __init__(self, stand_in: Any, forward: Any, mock: Any, signature: Any) -> None:
        super().__init__(stand_in, forward)
        self._self_mock = mock
        self._self_signature = signature

    @property
    def mock(self) -> Any:
        """The mock that records the calls."""
        return self._self_mock

    @property
    def __signature__(self) -> Any:
        return self._self_signature

    return_value = _forwarded("return_value", "What a call returns.")
    side_effect = _forwarded("side_effect", "What a call does instead.")
    called = _forwarded("called", "Whether it was called.")
    call_count = _forwarded("call_count", "How many times it was called.")
    call_args = _forwarded("call_args", "The arguments of the last call.")
    call_args_list = _forwarded("call_args_list", "The arguments of every call.")
    method_calls = _forwarded("method_calls", "Calls of its methods.")
    mock_calls = _forwarded("mock_calls", "Every call, of it and its children.")
    await_count = _forwarded("await_count", "How many calls were awaited.")
    await_args = _forwarded("await_args", "The arguments of the last awaited call.")
    await_args_list = _forwarded("await_args_list", "The arguments of every awaited call.")
    yields = _forwarded("yields", "What each call's async generator yields.")
    generators = _forwarded("generators", "One record per call's async generator.")
    delay = _forwarded("delay", "Seconds each await sleeps first.")
    checkpoint = _forwarded("checkpoint", "Whether each await passes a scheduling point.")
    cancelled_awaits = _forwarded("cancelled_awaits", "Awaits cancelled inside the mock.")

    assert_called = _delegated("assert_called")
    assert_called_once = _delegated("assert_called_once")
    assert_called_with = _delegated("assert_called_with")
    assert_called_once_with = _delegated("assert_called_once_with")
    assert_any_call = _delegated("assert_any_call")
    assert_has_calls = _delegated("assert_has_calls")
    assert_not_called = _delegated("assert_not_called")
    assert_awaited = _delegated("assert_awaited")
    assert_awaited_once = _delegated("assert_awaited_once")
    assert_awaited_with = _delegated("assert_awaited_with")
    assert_awaited_once_with = _delegated("assert_awaited_once_with")
    assert_any_await = _delegated("assert_any_await")
    assert_has_awaits = _delegated("assert_has_awaits")
    assert_not_awaited = _delegated("assert_not_awaited")
    assert_consumed = _delegated("assert_consumed")
    assert_closed = _delegated("assert_closed")
    reset_mock = _delegated("reset_mock")
    configure_mock = _delegated("configure_mock")
    wait_for_call = _delegated("wait_for_call")
    wait_for_await = _delegated("wait_for_await")
