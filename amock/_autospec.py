"""``amock.create_autospec``: specced mocks built lazily, with the right async shape.

The stdlib builds a child mock for every function of the spec up front and
runs every property getter on the way (cpython#85934). Here the top-level
mock carries an ``amock._imitation.Exact`` description instead; a child is built the
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
import functools
import inspect
import sys
import types
import unittest.mock as _std
from typing import Any, Final

from amock import _annotations, _assertions, _imitation, _mocks, _static, _stdlib

__all__ = ["create_autospec", "is_function_copy", "mock_behind", "seal"]

_InvalidSpecError: Final = _stdlib.InvalidSpecError
_FUNCTION_TYPES: Final = (types.FunctionType, types.MethodType)
_DEFAULT: Final = _stdlib.DEFAULT
#: The stdlib wraps an autospec's methods with ``wraps=`` from 3.13.
_WRAPS_METHODS: Final = sys.version_info >= (3, 13)


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
        The mock. For a function spec it is a plain function, as in the
        stdlib; calling it checks the arguments and calls the mock (``.mock``) at
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
    if type(spec) in (list, tuple):
        spec = type(spec)  # as the stdlib: a list is specced as ``list``
    if isinstance(spec, _std.NonCallableMock):
        raise _InvalidSpecError(
            f"amock.create_autospec: cannot autospec a mock ({spec!r}); pass the real object."
        )
    placed = {"parent": _parent, "name": kwargs.pop("name", _name)}
    if spec is None:
        return _mocks.NonCallableMagicMock(
            _new_parent=_parent, _new_name=placed["name"] if _parent is not None else "",
            **placed, **kwargs,
        )  # fmt: skip
    described = _imitation.Exact(
        spec,
        spec_set=bool(spec_set),
        instance=instance,
        wraps=kwargs.get("wraps") if _WRAPS_METHODS else None,
    )
    kind = described.kind
    if kind is _imitation.COROUTINE and instance and not isinstance(spec, type):
        raise RuntimeError(
            "amock.create_autospec: instance=True cannot be used with an async "
            "function; instances are made from classes."
        )
    mock = _mocks.build(described, {**placed, **kwargs})
    if isinstance(spec, _FUNCTION_TYPES):
        return _function_copy(mock, spec, asynchronous=kind is _imitation.COROUTINE)
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
_AWAIT_METHODS: Final = (*_assertions.AWAIT_ASSERTIONS, "wait_for_await")
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
    # The mock's construction asked the same question and let its errors out.
    found = _annotations.signature_object(spec, False, False)
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
        (types.CellType(_annotations.checked_binder(spec, signature)), types.CellType(mock)),
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
        namespace["_is_coroutine"] = _mocks._IS_COROUTINE  # as on an AsyncMock
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
    # The stdlib's copy sets ``mock._mock_delegate``; here calls must also
    # take the hooked path, which reads the delegate.
    records["_mock_delegate"] = funcopy
    records[_mocks.PLAIN_CALL] = False
    # The original's own function-valued attributes are the mock's children,
    # as on the stdlib's copy (its other attributes are on ``.mock`` only).
    own = _static.static_value(spec, "__dict__")
    own = own if isinstance(own, dict) else {}
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
        if getattr(namespace.get("_amock_imitation"), "exact", False)
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
