"""The mock classes: ``unittest.mock`` classes that are fast and know their shape.

Every class here subclasses its ``unittest.mock`` namesake, so ``isinstance``
checks written against the stdlib keep working. Three things differ inside:

* **Cheap construction.** The stdlib builds a new class for every mock and
  sets ~77 magic-method proxies on it. Here each mock also gets a class of
  its own (``type(m).prop = PropertyMock()`` must stay local to ``m``), whose
  magic methods are lazy slots that create the per-instance child on first
  use; but those classes are recycled from a pool, one per kind of mock
  (mock class, shape, magic set), once their mock is gone.
* **Shape from the spec.** A mock remembers the ``amock._imitation.Imitation``
  it is built from; children, return values and entered values take their
  kind and shape from its answers (sync stays sync, async is async), through
  one kind-to-class table (:func:`class_for`).
* **Thread-safe counting.** Calls and awaits are recorded under one lock.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import sys
import threading
import types
import unittest.mock as _std
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any, ClassVar, Final

from amock import (
    _annotations,
    _assertions,
    _awaiting,
    _classpool,
    _imitation,
    _recording,
    _stdlib,
    _strict,
    _switches,
    _toolkit,
)
from amock._imitation import ASYNC_GENERATOR, COROUTINE, NON_CALLABLE, SYNC
from amock.errors import MockConfigurationError, NotAnAsyncGeneratorMockError

__all__ = [
    "DEFAULT",
    "AsyncGeneratorMock",
    "AsyncMock",
    "GeneratorRecord",
    "MagicMock",
    "Mock",
    "NonCallableMagicMock",
    "NonCallableMock",
    "PropertyMock",
]

# Taken at import time: users alias ``sys.modules['unittest.mock']`` to amock,
# after which importing ``unittest.mock`` lazily would give amock itself.
DEFAULT: Final = _stdlib.DEFAULT
# The stdlib's private helpers have no stubs; they are untyped here on purpose.
_Call = _stdlib.Call
_CallList = _stdlib.CallList
_deleted: Final = _stdlib.deleted
_is_exception: Final = _stdlib.is_exception
_callable: Final = _stdlib.is_callable
_is_instance_mock: Final = _stdlib.is_instance_mock
_check_and_set_parent: Final = _stdlib.check_and_set_parent
_set_return_value: Final = _stdlib.set_return_value


_is_list: Final = _stdlib.is_list
_is_magic: Final = _stdlib.is_magic
_all_sync_magics: Final = _stdlib.sync_magics
_async_method_magics: Final = _stdlib.async_method_magics
_InvalidSpecError: Final = _stdlib.InvalidSpecError
#: Whether Mock(spec=a_mock) is an error: from 3.11 (3.10 refuses it in
#: create_autospec and patch only, and so does amock there).
_REFUSES_MOCK_SPECS: Final = sys.version_info >= (3, 11)

#: Magic methods a MagicMock supports out of the box (the stdlib set).
_DEFAULT_MAGICS: Final = _stdlib.magics | _stdlib.async_method_magics
#: Magic methods amock can serve from a lazy slot: the defaults plus
#: ``__await__``, which a mock gets only when what it imitates is awaitable.
_SLOT_MAGICS: Final = _DEFAULT_MAGICS | {"__await__"}
_NO_MAGICS: Final[frozenset[str]] = frozenset()


async def _coroutine_function_template(*args: Any, **kwargs: Any) -> None:
    """Lends its code object to coroutine-shaped mocks."""


async def _async_generator_template(*args: Any, **kwargs: Any) -> AsyncIterator[None]:
    """Lends its code object to async-generator-shaped mocks."""
    yield  # pragma: no cover - never run


def _sync_function_template(*args: Any, **kwargs: Any) -> None:
    """Lends its code object to sync mocks specced with a function."""


_SYNC_CODE: Final = _sync_function_template.__code__
_COROUTINE_CODE: Final = _coroutine_function_template.__code__
_ASYNC_GENERATOR_CODE: Final = _async_generator_template.__code__
_IS_COROUTINE: Final = getattr(asyncio.coroutines, "_is_coroutine", None)


# -- lazy magic methods -------------------------------------------------------------


def _create_magic(parent: Any, name: str) -> Any:
    """Build, store and configure the child mock behind one magic method."""
    child = parent._get_child_mock(name=name, _new_name=name, _new_parent=parent)
    setattr(parent, name, child)
    if name == "__await__":
        child.side_effect = _awaiting.await_magic(parent)
    else:
        _set_return_value(parent, child, name)
    imitation: _imitation.Imitation | None = parent.__dict__.get(_IMITATION)
    if imitation is not None and name in _DESCRIBED_MAGICS:
        described = imitation.magic(name)
        if described is _imitation.SELF:
            child.__dict__["_mock_return_value"] = parent
        elif described is not None:
            # What the magic method returns (what ``async with``/``await``
            # gives) is shaped by what the method imitates.
            child.__dict__[_IMITATION] = described
    return child


#: Magic methods whose result the mock's imitation describes.
_DESCRIBED_MAGICS: Final = frozenset({"__aenter__", "__enter__", "__await__"})


# -- private classes and their pool -------------------------------------------------


_TEMPLATES: dict[tuple[type, type | None, frozenset[str]], _classpool.Template] = {}


def _template(
    public: type, shape_mixin: type | None, magics: frozenset[str]
) -> _classpool.Template:
    """The template for one kind of mock (made once, then cached)."""
    key = (public, shape_mixin, magics)
    template = _TEMPLATES.get(key)
    if template is not None:
        return template
    bases: tuple[type, ...] = (public,)
    if shape_mixin is not None and not issubclass(public, shape_mixin):
        bases = (shape_mixin, public)
    namespace: dict[str, Any] = {
        "__doc__": public.__doc__,
        "__module__": public.__module__,
        "__qualname__": public.__qualname__,
        "_amock_public": public,
        "_amock_shape_mixin": shape_mixin,
        # The mixin whose state a new mock of this template is set up with.
        "_amock_init_mixin": shape_mixin or _public_shape_mixin(public),
        "_amock_magics": magics,
    }
    # The call hooks come from the bases; a bare subclass shows which ones.
    namespace["_amock_call_kind"] = _call_kind(type(public.__name__, bases, dict(namespace)))
    template = _classpool.Template(public, bases, namespace, magics)
    namespace["_amock_template"] = template
    _TEMPLATES[key] = template
    return template


#: How a mock's ``__call__`` may take its fast path (see ``Mock.__call__``).
_CALL_HOOKED: Final = 0
_CALL_SYNC: Final = 1
_CALL_COROUTINE: Final = 2
#: A coroutine mock whose async shape amock lent (see _imitation.Imitation.lent).
_CALL_LENT: Final = 3


def _call_kind(klass: Any) -> int:
    """Whether mocks of ``klass`` keep the standard call hooks, and which outcome they have.

    A class that overrides ``_mock_check_sig``, ``_increment_mock_call``,
    ``_mock_call`` or ``_execute_mock_call`` gets every hook called, as in
    the stdlib; others take the inlined path.
    """
    if not getattr(klass, "_amock_callable", False):
        return _CALL_HOOKED
    if (
        klass._mock_check_sig is not _NO_SIGNATURE_CHECK
        or klass._increment_mock_call is not _STDLIB_INCREMENT
        or klass._mock_call is not _PLAIN_MOCK_CALL
    ):
        return _CALL_HOOKED
    execute = klass._execute_mock_call
    if execute is _PLAIN_EXECUTE:
        return _CALL_SYNC
    if execute is _COROUTINE_EXECUTE:
        return _CALL_COROUTINE
    return _CALL_HOOKED


def _template_of(cls: Any) -> _classpool.Template:
    """The template behind ``cls``, a public class or a user's subclass of one.

    Only ``__new__`` asks, once ``_PUBLIC_TEMPLATES`` did not know ``cls`` and
    it is no mock's own class (those are derived from, not instantiated).
    """
    template = _template(cls, None, _DEFAULT_MAGICS if cls._amock_supports_magics else _NO_MAGICS)
    if cls.__module__ in ("amock", __name__):
        # amock's own public classes, asked on every construction (user
        # subclasses are not cached: they may come and go).
        _PUBLIC_TEMPLATES[cls] = template
    return template


_PUBLIC_TEMPLATES: dict[type, _classpool.Template] = {}


# -- the shared machinery -------------------------------------------------------------

_NO_SIGNATURE_CHECK, _STDLIB_INCREMENT, _PLAIN_MOCK_CALL, _PLAIN_EXECUTE = _stdlib.plain_call_hooks


class NonCallableMock(_assertions.CallAssertions, _std.NonCallableMock):
    """A non-callable mock: :class:`unittest.mock.NonCallableMock`, fast and shape-aware."""

    # For the type checker only: the class drops its annotations (see below).
    _amock_public: ClassVar[type]
    _amock_shape_mixin: ClassVar[type | None] = None
    _amock_magics: ClassVar[frozenset[str]] = _NO_MAGICS
    _amock_supports_magics: ClassVar[bool] = False
    _amock_callable: ClassVar[bool] = False

    def __new__(cls, /, *args: Any, **kwargs: Any) -> Any:
        template = _PUBLIC_TEMPLATES.get(cls)
        if template is None:
            if "_amock_cell" in cls.__dict__:
                # A mock's own class: copy.copy(mock), pickle, type(mock)().
                return _classpool.derive(cls)
            template = _template_of(cls)
        return _classpool.instantiate(template)

    def __init__(
        self,
        spec: Any = None,
        wraps: Any = None,
        name: str | None = None,
        spec_set: Any = None,
        parent: Any = None,
        _spec_state: Any = None,
        _new_name: str = "",
        _new_parent: Any = None,
        _spec_as_instance: bool = False,
        _eat_self: bool | None = None,
        unsafe: bool = False,
        **kwargs: Any,
    ) -> None:
        _setup(
            self,
            spec,
            wraps,
            name,
            spec_set,
            parent,
            _new_name,
            _new_parent,
            _spec_as_instance,
            _eat_self,
            unsafe,
            kwargs,
            DEFAULT,
            None,
        )

    # -- spec and shape ----------------------------------------------------------

    def _mock_add_spec(
        self,
        spec: Any,
        spec_set: Any,
        _spec_as_instance: bool = False,
        _eat_self: bool = False,
    ) -> None:
        if _REFUSES_MOCK_SPECS and _is_instance_mock(spec):
            raise _InvalidSpecError(f"Cannot spec a Mock object. [object={spec!r}]")
        spec_class = None
        signature = None
        imitation = None
        if spec is not None and not _is_list(spec):
            spec_class = spec if isinstance(spec, type) else type(spec)
            found = _annotations.signature_object(spec, _spec_as_instance, _eat_self)
            signature = found and found[1]
            imitation = _imitation.Loose(_imitation.Target(spec))
            spec = _spec_names(spec)
        namespace = self.__dict__
        namespace["_spec_class"] = spec_class
        namespace["_spec_set"] = spec_set
        namespace["_spec_signature"] = signature
        namespace["_mock_methods"] = spec
        # Shapes come from the target; the stdlib scan of every attribute for
        # coroutine functions (most of its autospec time) is not needed.
        namespace["_spec_asyncs"] = []
        if imitation is not None:
            namespace[_IMITATION] = imitation

    def mock_add_spec(self, spec: Any, spec_set: bool = False) -> None:
        """Add a spec to a mock, as :meth:`unittest.mock.Mock.mock_add_spec`.

        Args:
            spec: an object or a list of attribute names; only these can be read.
            spec_set: also restrict which attributes can be set.
        """
        self._mock_add_spec(spec, spec_set)
        self._mock_set_magics()

    def _mock_set_magics(self) -> None:
        """Give the mock the magic methods its spec and target allow."""
        _retemplate(self)

    def _amock_make_magic(self, name: str) -> Any:
        """Make, store and configure the child behind magic method ``name`` (on first use)."""
        return _create_magic(self, name)

    # -- children ----------------------------------------------------------------

    def _get_child_mock(self, /, **kw: Any) -> Any:
        new_name = kw.get("_new_name")
        imitation: _imitation.Imitation | None = self.__dict__.get(_IMITATION)
        sealed = self._mock_sealed
        if sealed and (imitation is None or not imitation.built_eagerly_by_stdlib(new_name)):
            # As in the stdlib: magic methods made on first use are refused too.
            raise AttributeError(self._extract_mock_name() + _child_text(kw))
        described = None
        if imitation is not None and new_name is not None and new_name not in _SLOT_MAGICS:
            try:
                described = imitation.result() if new_name == "()" else imitation.child(new_name)
            except _imitation.MockedOut as mocked_out:
                raise _mocked_out(self, mocked_out) from None
            if described is None and sealed and new_name != "()":
                raise AttributeError(self._extract_mock_name() + _child_text(kw))
        child = _build_child(self, described, kw)
        if sealed:
            # The stdlib builds these before seal() runs, so they exist and
            # seal() seals them (it walks dir() and finds this one).
            child.__dict__["_mock_sealed"] = True
        return child

    def _get_call_signature_from_name(self, name: str) -> Any:
        """The signature a ``call.<name>(...)`` is matched with, as in the stdlib.

        The stdlib's autospec has made every method child up front; amock's
        are made when first read, so one is made here if the walk needs it.
        """
        if not name:
            return self._spec_signature
        signature = None
        mock = self
        for part in name.replace("()", "").split("."):
            child = mock._mock_children.get(part)
            if child is None and _is_exact(mock) and not _is_magic(part):
                try:
                    child = getattr(mock, part)
                except (AttributeError, _InvalidSpecError):  # no such child, or mocked out
                    child = None
            if child is None or isinstance(child, _stdlib.spec_state_type):
                break
            mock = _stdlib.extract_mock(child)
            signature = mock._spec_signature
        return signature

    def __repr__(self) -> str:
        # The private class may carry a label (see _label): show the public name.
        text: str = super().__repr__()
        shown = type(self).__name__
        public: str = type(self)._amock_public.__name__
        return text if shown == public else text.replace(shown, public, 1)

    def __getattr__(self, name: str) -> Any:
        # Only a child not made yet reaches here. One the spec's dir() does
        # not list may still be an attribute its instances declare (see
        # _allow_declared); it is asked only once the stdlib has refused it.
        try:
            return super().__getattr__(name)
        except AttributeError:
            if not _allow_declared(self, name):
                raise
        return super().__getattr__(name)

    # -- magic methods on template slots ------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        if name in type(self)._amock_magics:
            # The template has only the magics a spec allows (see _wanted_magics):
            # others are refused by the stdlib's __setattr__, as there.
            if _is_instance_mock(value):
                # Only the new name: mock_calls is tracked, method_calls not.
                _check_and_set_parent(self, value, None, name)
                self._mock_children[name] = value
            else:
                original = value

                def value(*args: Any, **kw: Any) -> Any:
                    return original(self, *args, **kw)

            self.__dict__[name] = value
            return
        if name == "yields" and _refuses_yields(self):
            raise _not_a_generator(self, "yields")
        if name in _AWAIT_SETTINGS and isinstance(self, _CoroutineShape):
            object.__setattr__(self, name, value)  # the properties below check the value
            return
        try:
            super().__setattr__(name, value)
        except AttributeError:
            # ``spec_set`` refuses names dir() lacks; a declared attribute is allowed.
            if not _allow_declared(self, name):
                raise
            super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        magics = type(self)._amock_magics
        if name in magics:
            _classpool.reclass(
                self,
                _template(type(self)._amock_public, type(self)._amock_shape_mixin, magics - {name}),
            )
            if name not in self.__dict__:
                return
        super().__delattr__(name)


#: ``dir()`` of a function with no attributes of its own: every function's names.
_FUNCTION_NAMES: Final = dir(_sync_function_template)


def _spec_names(spec: Any) -> list[str]:
    """``dir(spec)``, the names a spec allows: a fresh list the mock may extend.

    A function's names are the function type's plus its own attributes, so a
    function without attributes (the usual spec of a patched or autospecced
    function) costs a copy rather than a ``dir()``.
    """
    if type(spec) is types.FunctionType and not spec.__dict__:
        return list(_FUNCTION_NAMES)
    return dir(spec)


def _allow_declared(mock: Any, name: str) -> bool:
    """Add ``name`` to the names ``mock``'s spec allows if its imitation declares it (autospec).

    An instance's attribute annotated in its class body, a field, or one
    ``__init__`` sets, is not in ``dir()`` of the class (httpx's
    ``Response.status_code``). The stdlib refuses it; amock allows it, read
    from the class only when the name is first refused.
    """
    namespace = mock.__dict__
    imitation = namespace.get(_IMITATION)
    methods = namespace.get("_mock_methods")
    if imitation is None or type(methods) is not list or name in methods:
        return False
    if not imitation.declares(name):
        return False
    methods.append(name)
    return True


def _build_child(parent: Any, described: _imitation.Imitation | None, kw: dict[str, Any]) -> Any:
    """The child of ``parent`` that ``described`` says it imitates (``None``: the stdlib's child).

    ``kw`` names the child as ``_get_child_mock`` receives it.
    """
    new_name = kw.get("_new_name")
    if described is None:
        child = _default_child_class(parent, new_name)(**kw)
    elif described.exact:
        # What the child is, and wraps, is the imitation's to say: of the
        # stdlib's arguments (``wraps`` of the parent's wrapped object's
        # attribute, say) only where it sits is kept.
        placed = {key: kw[key] for key in _PLACEMENT if key in kw}
        return build(described, placed)  # type: ignore[arg-type]
    else:
        child = class_for(described.kind, parent=parent)(_amock_imitation=described, **kw)
    if new_name == "()":
        if type(described) is _imitation.Unknown:
            _label_unknown(child, described)
        else:
            _label_sync_result(parent, child)
    return child


def _label_unknown(value: Any, described: _imitation.Unknown) -> None:
    """Label a result of unknown type, so that awaiting it says what amock guessed, and why."""
    public = type(value)._amock_public.__name__
    # Python cuts the name at 100 characters in its messages: the guess first.
    _classpool.label(value, f"{public} ({described.guess()})")


#: The arguments of ``_get_child_mock`` that say where a child sits.
_PLACEMENT: Final = ("parent", "name", "_new_name", "_new_parent")


def _child_text(kw: dict[str, Any]) -> str:
    """How a child is named after its parent's name: ``.name``, or ``()`` for a return value."""
    return f".{kw['name']}" if "name" in kw else "()"


def _is_exact(mock: Any) -> bool:
    """Whether ``mock`` is (part of) an autospec."""
    imitation = mock.__dict__.get(_IMITATION)
    return imitation is not None and imitation.exact


def _target(mock: Any) -> _imitation.Target | None:
    """What ``mock`` imitates, if anything."""
    imitation: _imitation.Imitation | None = mock.__dict__.get(_IMITATION)
    return None if imitation is None else imitation.target


def _mocked_out(parent: Any, signal: _imitation.MockedOut) -> Exception:
    """The error for an attribute of an autospec's spec that is itself a mock (a patch is on)."""
    target = parent.__dict__.get("_mock_name") or parent
    return _InvalidSpecError(
        f"Cannot autospec attr {signal.name!r} from target {target!r} as it has already been "
        f"mocked out. [target={parent!r}, attr={signal.found!r}] amock reads an autospec's "
        "attributes when they are first used: use the attribute before patching it, "
        "or autospec the original object."
    )


def _label_sync_result(parent: Any, result: Any) -> None:
    """Label what a sync mock returns, so awaiting it by mistake says which mock."""
    klass = type(parent)
    if not klass._amock_callable or issubclass(klass, (_CoroutineShape, _AsyncGeneratorShape)):
        return
    public = type(result)._amock_public.__name__
    # Python cuts the name at 100 characters in its messages: hint first.
    target = _target(parent)
    if target is not None and target.kind is SYNC:
        # The spec (or patched original) says the call is sync: awaiting it is
        # a bug of the code under test, not of the test's set-up.
        hint = "the real callable is sync: do not await it; "
    elif type(result)._amock_supports_magics:
        hint = "use AsyncMock to await; "
    else:
        hint = ""
    _classpool.label(
        result, f"{public} ({hint}result of sync mock {parent._extract_mock_name()!r})"
    )


def _refuses_yields(mock: Any) -> bool:
    """Whether setting ``yields`` on ``mock`` is a mistake (it is no async generator).

    A spec or target that has a ``yields`` attribute of its own allows it.
    """
    methods = mock.__dict__.get("_mock_methods")
    if methods is not None and "yields" in methods:
        return False
    target = _target(mock)
    return target is None or target.child("yields") is None


def _not_a_generator(mock: Any, setting: str) -> NotAnAsyncGeneratorMockError:
    target = _target(mock)
    what = (
        f"imitates {target.shape.describe()}"
        if target is not None
        else "has no async generator spec"
    )
    return NotAnAsyncGeneratorMockError(
        f"{setting!r} configures an async generator mock, but {mock!r} {what}. "
        "Use amock.AsyncGeneratorMock(), or spec the mock with an async generator "
        "function (async def with yield)."
    )


def _wanted_magics(mock: Any) -> frozenset[str]:
    """The magic methods ``mock`` should have, from its class, spec and target."""
    if not type(mock)._amock_supports_magics:
        return _NO_MAGICS
    methods = mock.__dict__.get("_mock_methods")
    target = _target(mock)
    if methods is not None:
        return _SLOT_MAGICS.intersection(methods)
    if target is not None and target.awaitable:
        return _SLOT_MAGICS
    return _DEFAULT_MAGICS


def _wanted_shape_mixin(mock: Any) -> Any:
    """The call-shape mixin ``mock`` needs: coroutine, async generator, or none."""
    klass = type(mock)
    if not klass._amock_callable:
        return None
    if issubclass(klass._amock_public, (_CoroutineShape, _AsyncGeneratorShape)):
        return None
    target = _target(mock)
    if target is None:
        return None
    shape = target.shape
    if shape.is_coroutine_function:
        return _CoroutineShape
    if shape.is_async_iterator_function:
        return _AsyncGeneratorShape
    return None


def _retemplate(mock: Any, *, fresh: bool = False) -> None:
    """Put ``mock`` on the template its spec and target call for.

    ``fresh``: the mock is being set up, so neither it nor its class was edited yet.
    """
    klass: Any = type(mock)
    magics = _wanted_magics(mock)
    mixin = _wanted_shape_mixin(mock)
    if magics == klass._amock_magics and mixin is klass._amock_shape_mixin:
        return
    had = klass._amock_magics
    # Only magic children already made need removing; a fresh mock has none.
    stale = [name for name in mock.__dict__ if name in had and name not in magics]
    _classpool.reclass(mock, _template(klass._amock_public, mixin, magics), fresh=fresh)
    namespace = mock.__dict__
    if namespace.get(PLAIN_CALL):
        namespace[PLAIN_CALL] = _own_call_kind(mock)  # the new class may differ
    for name in stale:
        del mock.__dict__[name]
        mock._mock_children[name] = _deleted
    if mixin is not None:
        mixin._amock_init_shape(mock)


def _setup(
    mock: Any,
    spec: Any,
    wraps: Any,
    name: str | None,
    spec_set: Any,
    parent: Any,
    new_name: str,
    new_parent: Any,
    spec_as_instance: bool,
    eat_self: bool | None,
    unsafe: bool,
    kwargs: dict[str, Any],
    return_value: Any,
    side_effect: Any,
) -> None:
    """Initialise a mock exactly as the stdlib ``__init__`` chain would, only faster."""
    namespace = mock.__dict__
    imitation = kwargs.pop(_IMITATION, None) if kwargs else None
    if new_parent is None:
        new_parent = parent
    namespace["_mock_parent"] = parent
    namespace["_mock_name"] = name
    namespace["_mock_new_name"] = new_name
    namespace["_mock_new_parent"] = new_parent
    namespace["_mock_sealed"] = False
    if spec_set is not None:
        spec = spec_set
        spec_set = True
    if eat_self is None:
        eat_self = parent is not None
    if spec is None and not spec_set:
        namespace["_spec_class"] = None
        namespace["_spec_set"] = spec_set
        namespace["_spec_signature"] = None
        namespace["_mock_methods"] = None
        namespace["_spec_asyncs"] = []
    else:
        mock._mock_add_spec(spec, spec_set, spec_as_instance, eat_self)
    if imitation is not None:
        namespace[_IMITATION] = imitation
    namespace["_mock_children"] = {}
    namespace["_mock_wraps"] = wraps
    namespace["_mock_delegate"] = None
    namespace["_mock_called"] = False
    namespace["_mock_call_args"] = None
    namespace["_mock_call_count"] = 0
    namespace["_mock_call_args_list"] = _CallList()
    namespace["_mock_mock_calls"] = _CallList()
    namespace["method_calls"] = _CallList()
    namespace["_mock_unsafe"] = unsafe
    klass = type(mock)
    is_callable = klass._amock_callable
    if is_callable:
        namespace["_mock_return_value"] = return_value
        namespace["_mock_side_effect"] = None
    target = None if imitation is None else imitation.target
    if spec is not None or (
        target is not None and (target.awaitable or target.kind in (COROUTINE, ASYNC_GENERATOR))
    ):
        # Otherwise the fresh mock's default template is already the right one.
        _retemplate(mock, fresh=True)
        klass = type(mock)
    kind = klass._amock_call_kind
    if kind == _CALL_COROUTINE and imitation is not None and imitation.lent():
        namespace[_LENT] = True
        kind = _CALL_LENT
    namespace[PLAIN_CALL] = kind  # _own_call_kind, inlined: every mock is set up here
    mixin = klass._amock_init_mixin
    if mixin is not None and "_amock_shape_ready" not in namespace:
        mixin._amock_init_shape(mock)
    elif mixin is None and namespace["_spec_class"] is types.FunctionType:
        # isinstance(mock, FunctionType) holds through the spec, so inspect
        # reads __code__.co_flags: a child mock there made every specced sync
        # mock a coroutine function (cpython#85794).
        namespace["__code__"] = _SYNC_CODE
    if spec is not None and type(spec) in _FUNCTION_SPECS:
        # Frameworks name tasks after their function (anyio's start_soon reads
        # __module__ and __qualname__); the stdlib gives child mocks there.
        for attribute in ("__name__", "__qualname__", "__module__"):
            value = getattr(spec, attribute, None)
            if isinstance(value, str):
                namespace[attribute] = value
    if kwargs:
        mock.configure_mock(**kwargs)
    if is_callable and side_effect is not None:
        mock.side_effect = side_effect


#: Specs whose name, qualified name and module a mock takes as plain strings.
_FUNCTION_SPECS: Final = frozenset(
    {types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType}
)


def _public_shape_mixin(public: Any) -> Any:
    """The shape mixin a public mock class brings itself (``AsyncMock``'s), or ``None``."""
    if issubclass(public, _CoroutineShape):
        return _CoroutineShape
    if issubclass(public, _AsyncGeneratorShape):
        return _AsyncGeneratorShape
    return None


def _default_child_class(mock: Any, name: str | None) -> Any:
    """The stdlib's choice of child class, mapped onto amock's classes."""
    klass: Any = type(mock)
    public = klass._amock_public
    # The stdlib's first check, of ``_spec_asyncs``, is not needed: amock keeps
    # that list empty (the children's shapes come from the target).
    if klass._amock_supports_magics and name in _async_method_magics:
        # The stdlib gives a non-callable mock a sync __aenter__, which
        # ``async with`` cannot await; its async magics are async here too.
        return AsyncMock
    if issubclass(klass, _CoroutineShape):
        methods = mock._mock_methods
        if name in _all_sync_magics or (methods and name in methods):
            return MagicMock
        return AsyncMock
    if issubclass(klass, _AsyncGeneratorShape):
        return MagicMock
    if not klass._amock_callable:
        return MagicMock if klass._amock_supports_magics else Mock
    return public


def class_for(kind: _imitation.Kind, *, parent: Any = None, refuse_calls: bool = False) -> Any:
    """The mock class for something of ``kind``: the one table every route goes through.

    Args:
        kind: what calling the original gives.
        parent: for a child, its parent: a sync child is of the parent's
            family (a child of a ``Mock`` is a ``Mock``, as in the stdlib).
        refuse_calls: a non-callable original gives a non-callable mock, as a
            spec or autospec does (a plain ``patch()`` gives a ``MagicMock``).
    """
    if kind is COROUTINE:
        return AsyncMock
    if kind is ASYNC_GENERATOR:
        return AsyncGeneratorMock
    if refuse_calls and kind is NON_CALLABLE:
        return NonCallableMagicMock
    if parent is None:
        return MagicMock
    klass = type(parent)
    if issubclass(klass, (_CoroutineShape, _AsyncGeneratorShape)) or not klass._amock_callable:
        return MagicMock if klass._amock_supports_magics else Mock
    return klass._amock_public


def build(described: _imitation.Exact, kw: dict[str, Any]) -> Any:
    """The mock of an exact imitation (an autospec's), made as ``create_autospec`` makes it.

    ``kw`` are the mock's keyword arguments: its name, its parent (as
    ``_get_child_mock`` passes them) and what ``create_autospec``'s caller
    configures (``return_value=...``).
    """
    recipe = described.recipe
    options = dict(kw)
    parent = options.pop("parent", None)
    new_parent = options.pop("_new_parent", None)
    new_name = options.pop("_new_name", None)
    name = options.pop("name", None)
    if parent is None:
        parent = new_parent  # a return value: the stdlib's autospec parents it too
    if name is None:
        name = new_name
    placed = {
        "parent": parent,
        "name": name,
        "_new_name": "" if parent is None else name,
        "_new_parent": parent,
    }
    if recipe == "enters":
        # A factory's result: ``async with`` of it gives the described value (see magic()).
        return MagicMock(_new_parent=new_parent, _new_name=new_name, _amock_imitation=described)
    if recipe == "awaits":
        # An async property: ``await`` of it gives the described value (see magic()).
        return MagicMock(**placed, _amock_imitation=described, **options)
    spec = described.spec
    if recipe == "method":
        function = spec.__func__ if isinstance(spec, (staticmethod, classmethod)) else spec
        options["spec_set" if described.spec_set else "spec"] = function
        wraps = described.wraps_method
        if wraps is not _imitation.MISSING:
            options["wraps"] = wraps
        mock = class_for(described.kind, refuse_calls=True)(
            **placed, _eat_self=described.skip_first, _amock_imitation=described, **options
        )
        _check_signature(mock, spec, skip_first=described.skip_first)
        if wraps is not _imitation.MISSING:
            # The stdlib gives every method a return value up front: a call
            # returns it, and reaches the wrapped method once it is DEFAULT.
            mock.return_value = mock._get_child_mock(_new_parent=mock, _new_name="()")
        return mock
    is_type = described.is_type
    if inspect.isdatadescriptor(spec) and not is_type:
        # A property's own mock: shaped by it, not specced on it.
        return MagicMock(**placed, _amock_imitation=described, **options)
    own: dict[str, Any] = {"spec_set" if described.spec_set else "spec": spec}
    if described.instance:
        own["_spec_as_instance"] = True
    if described.wraps is not None and "wraps" not in options:
        own["wraps"] = described.wraps  # the instance of a wrapping class mock wraps too
    mock = class_for(described.kind, refuse_calls=True)(
        **placed, _amock_imitation=described, **own, **options
    )
    if is_type and described.instance:
        fields = [field.name for field in _imitation.dataclass_fields(spec)]
        if fields and _imitation.KNOWS_DATACLASS_FIELDS:
            # Fields set in __init__ are not in dir(cls): the spec knows them too.
            methods = mock.__dict__["_mock_methods"]
            methods.extend(name for name in fields if name not in methods)
    if is_type and not described.instance and "wraps" in options and "return_value" not in options:
        # Calls return the instance mock, not what the wrapped class makes, as
        # in the stdlib (which builds it up front); it is built now for that.
        mock.return_value = mock._get_child_mock(_new_parent=mock, _new_name="()")
    if not isinstance(spec, (types.FunctionType, types.MethodType)):
        # A function's checks are its copy's (see amock._autospec).
        _check_signature(mock, spec, skip_first=is_type, instance=described.instance)
    return mock


def _check_signature(mock: Any, spec: Any, *, skip_first: bool, instance: bool = False) -> None:
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
    bind = _annotations.checked_binder(spec, signature)

    def checksig(self: Any, /, *args: Any, **kwargs: Any) -> None:
        bind(*args, **kwargs)

    _classpool.set_signature_check(type(mock), checksig, signature)
    # Calls must run the check: off the fast path of Mock.__call__.
    mock.__dict__[PLAIN_CALL] = _CALL_HOOKED


# -- callable mocks -------------------------------------------------------------------


class Mock(NonCallableMock, _std.Mock):
    """A callable mock: :class:`unittest.mock.Mock`, fast and shape-aware."""

    _amock_callable = True

    def __init__(
        self,
        spec: Any = None,
        side_effect: Any = None,
        return_value: Any = DEFAULT,
        wraps: Any = None,
        name: str | None = None,
        spec_set: Any = None,
        parent: Any = None,
        _spec_state: Any = None,
        _new_name: str = "",
        _new_parent: Any = None,
        _spec_as_instance: bool = False,
        _eat_self: bool | None = None,
        unsafe: bool = False,
        **kwargs: Any,
    ) -> None:
        _setup(
            self,
            spec,
            wraps,
            name,
            spec_set,
            parent,
            _new_name,
            _new_parent,
            _spec_as_instance,
            _eat_self,
            unsafe,
            kwargs,
            return_value,
            side_effect,
        )

    def __call__(self, /, *args: Any, **kwargs: Any) -> Any:
        namespace = self.__dict__
        # The mock's own call kind (its class's, see _call_kind), or _CALL_HOOKED
        # once something must run on each call: a delegate (the stdlib's function
        # copies) or autospec's signature check.
        kind = namespace[PLAIN_CALL]
        if kind:
            delegate = None
        elif type(self)._increment_mock_call is not _STDLIB_INCREMENT:
            # A class that records calls its own way gets the stdlib's hooks.
            return _call_through_hooks(self, namespace, args, kwargs)
        else:
            self._mock_check_sig(*args, **kwargs)
            delegate = namespace["_mock_delegate"]
        # The one place a call is recorded (the stdlib's _increment_mock_call),
        # inline: this is the hot path. The await of a coroutine mock's call is
        # recorded with the same (immutable) record.
        this_call = _tuple_new(_RecordedCall, (args, kwargs))
        listed = _tuple_new(_RecordedCall, ("", args, kwargs))
        _lock()
        try:
            if delegate is None:
                namespace["_mock_called"] = True
                namespace["_mock_call_count"] += 1
                namespace["_mock_call_args"] = this_call
                namespace["_mock_call_args_list"].append(this_call)
                namespace["_mock_mock_calls"].append(listed)
            else:
                # As the stdlib's delegating properties would write them.
                delegate.called = True
                delegate.call_count += 1
                delegate.call_args = this_call
                delegate.call_args_list.append(this_call)
                delegate.mock_calls.append(listed)
            if namespace["_mock_new_parent"] is not None:
                _record_in_parents(self, args, kwargs)
        finally:
            _unlock()
        if _switches.hooks_in_use and _TOOLKIT_KEY in namespace:
            # A wait registers before it looks at the records, so a call
            # recorded meanwhile (in another thread) either is seen or wakes it.
            _toolkit.on_call(self)
        if kind == _CALL_SYNC:
            if namespace["_mock_side_effect"] is None:
                returned = namespace["_mock_return_value"]
                if returned is not DEFAULT:
                    return returned
            return self._execute_mock_call(*args, **kwargs)
        if kind == _CALL_COROUTINE:
            coroutine = _awaited(self, namespace, this_call, args, kwargs)
        elif kind:
            coroutine = _awaiting.lent_call(self, namespace, this_call, args, kwargs)
        else:
            coroutine = self._mock_call(*args, **kwargs)
            if not isinstance(self, _CoroutineShape):
                return coroutine
        if _switches.strict_blocks:
            _strict.register(self, coroutine, args, kwargs)
        return coroutine

    async def wait_for_call(
        self,
        expected: Any = None,
        /,
        *,
        times: int = 1,
        timeout: float | None = _toolkit.DEFAULT_TIMEOUT,
    ) -> Any:
        """Wait until the mock has been called ``times`` times (with ``expected``, if given).

        The calls may come from any task or thread; calls already made count,
        so the wait returns at once if they already happened.

        Args:
            expected: a call such as ``amock.call("/users", page=2)``; ``None``
                counts every call.
            times: how many (matching) calls to wait for.
            timeout: seconds of the running framework's clock; ``None`` waits forever.

        Returns:
            The ``times``-th matching call, as recorded in ``call_args_list``.

        Raises:
            WaitTimeoutError: fewer calls happened within ``timeout``.
        """
        __tracebackhide__ = True
        return await _toolkit.wait_for(self, "call", expected, times, timeout)


def _call_through_hooks(
    mock: Any, namespace: dict[str, Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """A call of a mock whose class overrides ``_increment_mock_call``: the stdlib's hooks, in turn.

    Such a class (``ThreadingMock`` from 3.14, a user's subclass) records the
    call through the stdlib's ``_increment_mock_call`` in the end, as it would
    on ``unittest.mock``.
    """
    mock._mock_check_sig(*args, **kwargs)
    mock._increment_mock_call(*args, **kwargs)
    if _switches.hooks_in_use and _TOOLKIT_KEY in namespace:
        _toolkit.on_call(mock)
    result = mock._mock_call(*args, **kwargs)
    if _switches.strict_blocks and isinstance(mock, _CoroutineShape):
        _strict.register(mock, result, args, kwargs)
    return result


# The stdlib's mocks carry no annotations, and frameworks read a callable's
# (typing.get_type_hints, inspect.get_annotations, inspect.signature): a
# mock's ``__annotations__`` is a child, as there, and its signature reads
# ``(*args, **kwargs)``, without names only this module imports.
del NonCallableMock.__annotations__
vars(Mock)["__call__"].__annotations__ = {}


class NonCallableMagicMock(NonCallableMock, _std.NonCallableMagicMock):
    """A non-callable mock with magic methods: :class:`unittest.mock.NonCallableMagicMock`."""

    _amock_supports_magics = True


class MagicMock(Mock, _std.MagicMock):
    """A mock with magic methods: :class:`unittest.mock.MagicMock`, fast and shape-aware."""

    _amock_supports_magics = True


class _CoroutineShape(_assertions.AwaitAssertions, _std.AsyncMockMixin):
    """Makes a callable mock behave as a coroutine function."""

    # Mock's own, not the stdlib mixin's (which builds a mock as a fake
    # __code__), and not a method that forwards to it: a frame per AsyncMock.
    __init__ = Mock.__init__

    @staticmethod
    def _amock_init_shape(mock: Any) -> None:
        namespace = mock.__dict__
        namespace["_amock_shape_ready"] = True
        namespace["_is_coroutine"] = _IS_COROUTINE
        namespace["_mock_await_count"] = 0
        namespace["_mock_await_args"] = None
        namespace["_mock_await_args_list"] = _CallList()
        namespace["_amock_await_stamps"] = []
        namespace["__code__"] = _COROUTINE_CODE
        namespace["__name__"] = "AsyncMock"
        namespace["__defaults__"] = ()
        namespace["__kwdefaults__"] = {}
        namespace["__annotations__"] = None

    def _execute_mock_call(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        # The hooked path (a signature check, a delegate): the call is recorded
        # already; what the await does is amock._awaiting's, as on the fast path.
        namespace = self.__dict__
        this_call = _recording.call_pair(args, kwargs)
        if _LENT in namespace:
            return _awaiting.lent_call(self, namespace, this_call, args, kwargs)
        return _awaited(self, namespace, this_call, args, kwargs)

    # -- async behaviour (amock._toolkit) --------------------------------------------

    @property
    def delay(self) -> float | Callable[..., float] | None:
        """Seconds each await sleeps before its outcome, with the running framework's sleep.

        A number, a callable given the call's arguments that returns one, or
        ``None`` (no delay, the default). A virtual clock (trio's
        ``MockClock``, looptime) makes the delay instant.
        """
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            return namespace["_mock_delegate"].delay  # type: ignore[no-any-return]
        state: _toolkit.Behaviour | None = namespace.get(_TOOLKIT_KEY)
        return None if state is None else state.delay

    @delay.setter
    def delay(self, value: float | Callable[..., float] | None) -> None:
        checked = _toolkit.check_delay(value)
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            namespace["_mock_delegate"].delay = checked
            return
        if checked is None and _TOOLKIT_KEY not in namespace:
            return
        _toolkit.behaviour(self).delay = checked

    @property
    def checkpoint(self) -> bool:
        """Whether each await passes one scheduling point before its outcome.

        Off by default, as in :mod:`unittest.mock`, whose awaits never let
        other tasks run; ``amock.configure(checkpoint=True)`` turns it on for
        every async mock.
        """
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            return namespace["_mock_delegate"].checkpoint  # type: ignore[no-any-return]
        state: _toolkit.Behaviour | None = namespace.get(_TOOLKIT_KEY)
        return state is not None and state.checkpoint

    @checkpoint.setter
    def checkpoint(self, value: bool) -> None:
        _awaiting.check_checkpoint(value)
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            namespace["_mock_delegate"].checkpoint = value
        elif value or _TOOLKIT_KEY in namespace:
            state = _toolkit.behaviour(self)
            state.checkpoint = value
            state.sleep_stand_in = False  # asked for: yields even with a patched clock

    @property
    def cancelled_awaits(self) -> Any:
        """The awaits whose task was cancelled inside the mock (held, delayed, at a checkpoint)."""
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            return namespace["_mock_delegate"].cancelled_awaits
        state: _toolkit.Behaviour | None = namespace.get(_TOOLKIT_KEY)
        return _CallList() if state is None else state.cancelled

    async def wait_for_await(
        self,
        expected: Any = None,
        /,
        *,
        times: int = 1,
        timeout: float | None = _toolkit.DEFAULT_TIMEOUT,
    ) -> Any:
        """Wait until the mock has been awaited ``times`` times (with ``expected``, if given).

        The awaits may come from any task or thread; an await already made
        counts, so the wait returns at once if it already happened.

        Args:
            expected: a call such as ``amock.call("/users", page=2)``; ``None``
                counts every await.
            times: how many (matching) awaits to wait for.
            timeout: seconds of the running framework's clock; ``None`` waits forever.

        Returns:
            The ``times``-th matching await, as recorded in ``await_args_list``.

        Raises:
            WaitTimeoutError: fewer awaits happened within ``timeout``.
        """
        __tracebackhide__ = True
        return await _toolkit.wait_for(self, "await", expected, times, timeout)

    def reset_mock(self, /, *args: Any, **kwargs: Any) -> None:
        """Reset the mock, as :meth:`unittest.mock.AsyncMock.reset_mock`."""
        super().reset_mock(*args, **kwargs)
        namespace = self.__dict__
        namespace["_amock_await_stamps"] = []
        state: _toolkit.Behaviour | None = namespace.get(_TOOLKIT_KEY)
        cancelled = _CallList()
        if state is not None:
            state.cancelled = cancelled
        if namespace["_mock_delegate"] is not None:
            namespace["_mock_delegate"].cancelled_awaits = cancelled


def configured_return(mock: Any) -> Any:
    """The return value the test gave ``mock``, or ``DEFAULT`` if it gave none.

    A mock has one once its ``return_value`` was set or read. A mock with a
    delegate (the function ``create_autospec(function)`` returns) keeps it on
    the delegate, which holds the default child from the start, as the
    stdlib's does: it counts once replaced, or once configured (it has children).
    """
    namespace = mock.__dict__
    own = namespace["_mock_return_value"]
    delegate = namespace["_mock_delegate"]
    if delegate is None:
        return own
    current = delegate.return_value
    if current is not own or (_is_instance_mock(current) and current._mock_children):
        return current
    return DEFAULT


_TOOLKIT_KEY: Final = _toolkit.KEY
#: Where a mock keeps what it imitates (see amock._imitation).
_IMITATION: Final = _imitation.KEY
#: Set on a mock whose async shape amock lent (see _imitation.Imitation.lent).
_LENT: Final = "_amock_lent"


def _own_call_kind(mock: Any) -> int:
    """How calls of ``mock`` may take the fast path, by its class and whether its shape is lent."""
    kind: int = type(mock)._amock_call_kind
    if kind == _CALL_COROUTINE and _LENT in mock.__dict__:
        return _CALL_LENT
    return kind


#: How this mock's calls may take the fast path of ``Mock.__call__``: its
#: class's call kind, or ``_CALL_HOOKED`` (falsy) when every hook must run.
PLAIN_CALL: Final = "_amock_plain_call"
_AWAIT_SETTINGS: Final = frozenset({"delay", "checkpoint"})


_COROUTINE_EXECUTE: Final = _CoroutineShape._execute_mock_call
_tuple_new: Final = tuple.__new__
_RecordedCall: Final = _recording.RecordedCall
_record_in_parents: Final = _recording.record_in_parents
_lock: Final = _recording.LOCK.acquire
_unlock: Final = _recording.LOCK.release
_awaited: Final = _awaiting.awaited


class AsyncMock(_CoroutineShape, Mock, _std.AsyncMock):
    """A mock of a coroutine function: :class:`unittest.mock.AsyncMock`, fast and shape-aware.

    Calling it returns a coroutine; awaiting that coroutine records the
    await and gives ``side_effect``'s or ``return_value``'s outcome.
    """

    _amock_supports_magics = True


class PropertyMock(Mock, _std.PropertyMock):
    """A mock used as a property: :class:`unittest.mock.PropertyMock`."""

    def _get_child_mock(self, /, **kwargs: Any) -> Any:
        return MagicMock(**kwargs)


# -- async generators -------------------------------------------------------------


class GeneratorRecord:
    """What happened to one async generator an :class:`AsyncGeneratorMock` returned.

    Attributes:
        call: the call that created the generator.
        yielded: the items it has yielded so far.
        consumed: it ran to its end (``StopAsyncIteration``).
        closed: it is finished: consumed, raised, or closed with ``aclose()``.
        aclosed: it was closed with ``aclose()`` (or finalised) before its end.
    """

    __slots__ = ("aclosed", "call", "closed", "consumed", "yielded")

    def __init__(self, this_call: Any) -> None:
        self.call = this_call
        self.yielded: list[Any] = []
        self.consumed = False
        self.closed = False
        self.aclosed = False

    def __repr__(self) -> str:
        state = (
            "consumed"
            if self.consumed
            else "aclosed"
            if self.aclosed
            else ("closed" if self.closed else "open")
        )
        return f"<GeneratorRecord {self.call!r} yielded={len(self.yielded)} {state}>"


async def _generate(record: GeneratorRecord, items: Any) -> AsyncIterator[Any]:
    """The real async generator behind one call of an :class:`AsyncGeneratorMock`."""
    try:
        if hasattr(type(items), "__aiter__"):
            async for item in items:
                record.yielded.append(item)
                yield item
        else:
            for item in items:
                if _is_exception(item):
                    raise item
                record.yielded.append(item)
                yield item
        record.consumed = True
    except GeneratorExit:
        record.aclosed = True
        raise
    finally:
        record.closed = True


def _check_items(mock: Any, items: Any) -> Any:
    if hasattr(type(items), "__aiter__"):
        return items
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise MockConfigurationError(
            f"{mock!r}: 'yields' takes an iterable or an async iterable of items "
            f"(a list, a tuple, a generator...), not {type(items).__name__}: {items!r}"
        )
    return items


class _AsyncGeneratorShape:
    """Makes a callable mock behave as an async generator function."""

    __init__ = Mock.__init__  # as _CoroutineShape's

    @staticmethod
    def _amock_init_shape(mock: Any) -> None:
        namespace = mock.__dict__
        namespace["_amock_shape_ready"] = True
        namespace["_amock_yields"] = ()
        namespace["_amock_generators"] = []
        namespace["__code__"] = _ASYNC_GENERATOR_CODE
        namespace["__name__"] = "AsyncGeneratorMock"
        namespace["__defaults__"] = ()
        namespace["__kwdefaults__"] = {}
        namespace["__annotations__"] = None

    @property
    def yields(self) -> Any:
        """The items each call's generator yields, in order.

        An exception (class or instance) among them is raised at that point
        of the stream. Set a list, tuple, iterator or async iterable; a
        one-shot iterator is shared by the calls that follow.
        """
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            return namespace["_mock_delegate"].yields
        return namespace["_amock_yields"]

    @yields.setter
    def yields(self, items: Any) -> None:
        checked = _check_items(self, items)
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            namespace["_mock_delegate"].yields = checked
        else:
            namespace["_amock_yields"] = checked

    @property
    def generators(self) -> list[GeneratorRecord]:
        """One :class:`GeneratorRecord` per call, in call order."""
        namespace = self.__dict__
        if namespace["_mock_delegate"] is not None:
            return namespace["_mock_delegate"].generators  # type: ignore[no-any-return]
        records: list[GeneratorRecord] = namespace["_amock_generators"]
        return records

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("yields", "generators"):
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    def _execute_mock_call(self, /, *args: Any, **kwargs: Any) -> Any:
        effect = self.side_effect  # type: ignore[attr-defined]
        if effect is not None:
            if _is_exception(effect):
                raise effect
            if hasattr(type(effect), "__aiter__"):
                return self._amock_generator(args, kwargs, effect)
            if not _callable(effect):
                result = next(effect)
                if _is_exception(result):
                    raise result
            else:
                result = effect(*args, **kwargs)
            if result is not DEFAULT:
                return result
        returned = configured_return(self)
        if returned is not DEFAULT:
            return returned
        if self._mock_wraps is not None:  # type: ignore[attr-defined]
            return self._mock_wraps(*args, **kwargs)  # type: ignore[attr-defined]
        # A function copy's yields were set on the function, unchecked.
        return self._amock_generator(args, kwargs, _check_items(self, self.yields))

    def _amock_generator(
        self, args: tuple[Any, ...], kwargs: dict[str, Any], items: Any
    ) -> AsyncIterator[Any]:
        record = GeneratorRecord(_recording.call_pair(args, kwargs))
        with _recording.LOCK:
            self.generators.append(record)
        return _generate(record, items)

    def assert_consumed(self) -> None:
        """Assert that every generator the mock returned was iterated to its end."""
        __tracebackhide__ = True
        records = self.generators
        if not records:
            raise AssertionError(
                f"Expected {self!r} to have been called and consumed; it was never called."
            )
        unfinished = [record for record in records if not record.consumed]
        if unfinished:
            raise AssertionError(
                f"Expected every generator of {self!r} to be consumed; not consumed: {unfinished!r}"
            )

    def assert_closed(self) -> None:
        """Assert that no generator the mock returned is left suspended.

        Each must have been consumed, have raised, or have been closed with
        ``aclose()``.
        """
        __tracebackhide__ = True
        open_ones = [record for record in self.generators if not record.closed]
        if open_ones:
            raise AssertionError(
                f"Expected every generator of {self!r} to be closed; still open: {open_ones!r}"
            )

    def reset_mock(self, /, *args: Any, **kwargs: Any) -> None:
        """Reset the mock, as :meth:`unittest.mock.Mock.reset_mock`, and forget its generators."""
        super().reset_mock(*args, **kwargs)  # type: ignore[misc]
        records: list[GeneratorRecord] = []
        namespace = self.__dict__
        namespace["_amock_generators"] = records
        if namespace["_mock_delegate"] is not None:
            namespace["_mock_delegate"].generators = records


class AsyncGeneratorMock(_AsyncGeneratorShape, MagicMock):
    """A mock of an async generator function.

    Calling it records the call and returns a real async generator that
    yields :attr:`yields`; :attr:`generators` and :meth:`assert_consumed`
    tell how the code under test used it.
    """


if hasattr(_std, "ThreadingMock"):  # Python 3.13+
    _TIMEOUT_UNSET: Final = _stdlib.timeout_unset

    class ThreadingMock(MagicMock, _std.ThreadingMock):  # type: ignore[misc, name-defined]
        """A mock whose calls can be waited for from other threads (Python 3.13+).

        :class:`unittest.mock.ThreadingMock` on amock's machinery: an instance of
        both, with ``wait_until_called`` and ``wait_until_any_call_with``.
        """

        def __init__(self, /, *args: Any, timeout: Any = _TIMEOUT_UNSET, **kwargs: Any) -> None:
            MagicMock.__init__(self, *args, **kwargs)
            if timeout is _TIMEOUT_UNSET:
                timeout = self.DEFAULT_TIMEOUT
            # The state the stdlib's ThreadingMixin.__init__ sets up, which
            # amock's own __init__ (not cooperative) does not reach.
            namespace = self.__dict__
            namespace["_mock_event"] = threading.Event()
            namespace["_mock_calls_events"] = []
            namespace["_mock_calls_events_lock"] = threading.Lock()
            namespace["_mock_wait_timeout"] = timeout

        def _get_child_mock(self, /, **kw: Any) -> Any:
            # Children that can wait (magic methods' too) wait with their
            # parent's timeout, as in the stdlib; others (an async magic's
            # AsyncMock) are not given it.
            kw.pop("timeout", None)
            child = super()._get_child_mock(**kw)
            if isinstance(child, _stdlib.ThreadingMixin):
                child.__dict__["_mock_wait_timeout"] = self.__dict__["_mock_wait_timeout"]
            return child

    __all__ += ["ThreadingMock"]
