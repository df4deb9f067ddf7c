"""``amock.patch`` and friends: patchers that pick the mock by the target's shape.

The arguments and defaults are ``unittest.mock.patch``'s. What differs:

* Without ``new``, the mock's kind is read from the original
  (``amock._imitation``, then ``amock._mocks.class_for``), and the original
  lends the mock its shape (children of a patched
  class are awaitable where the real ones are, sync where they are sync).
* Every activation (each ``with``, each ``start()``, each call of a decorated
  function) keeps its own state, so one decorated coroutine may run in many
  tasks at once; entering a patcher that is already active is an error.
* Replacing and restoring goes through :mod:`amock._restore`, so patches on
  one attribute may end in any order.
"""

from __future__ import annotations

import builtins
import functools
import inspect
import sys
import types
import unittest.mock as _std
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, overload

from amock import (
    _autospec,
    _decorate,
    _framework,
    _imitation,
    _locate,
    _mocks,
    _restore,
    _shapes,
    _stdlib,
    _tasklocal,
    _toolkit,
)
from amock._text import short_repr
from amock.errors import (
    InvalidTargetError,
    PatchArgumentError,
    PatchConflictError,
    PatchNotActiveError,
)

__all__ = ["patch"]

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])

DEFAULT: Final = _stdlib.DEFAULT
_MISSING: Final = _restore.MISSING
#: Shared with ``unittest.mock``: ``unittest.mock.patch.stopall()`` stops
#: amock's patches too, and ``amock.patch.stopall()`` stops the stdlib's.
_ACTIVE: Final[list[Any]] = _stdlib.active_patches
_InvalidSpecError: Final = _stdlib.InvalidSpecError
_BUILTINS: Final = frozenset(name for name in dir(builtins) if not name.startswith("_"))
#: The stdlib's ``_patch.__exit__`` does nothing when the patch is not started
#: from 3.14 (gh-104745); before, it fails with an AttributeError.
_EXIT_WITHOUT_START_IS_NOOP: Final = sys.version_info >= (3, 14)


Scope = Literal["global", "task"]


def _check_scope(scope: object, describe: Callable[[], str]) -> None:
    """Refuse a ``scope`` that is neither ``"global"`` nor ``"task"``."""
    if scope not in ("global", "task"):
        raise PatchArgumentError(
            f"{describe()}: scope must be 'global' (the default: every task sees the "
            f"patch) or 'task' (only this task and the tasks it starts), got {scope!r}."
        )


def _is_mock(obj: object) -> bool:
    return isinstance(obj, _std.NonCallableMock)


def _is_list(obj: object) -> bool:
    return type(obj) in (list, tuple)


class _Activation:
    """One activation of a patcher: what it installed and how to undo it."""

    __slots__ = ("extras", "layer", "local", "original", "owner", "reassigned", "result")

    def __init__(
        self,
        owner: Any,
        original: Any,
        local: bool,
        layer: _restore.Layer | _tasklocal.TaskLayer,
    ) -> None:
        self.owner = owner
        self.original = original
        self.local = local
        self.layer = layer
        self.extras: list[_Activation] = []
        self.result: Any = None
        #: The user set the patcher's target, temp_original or is_local: undo by those.
        self.reassigned = False

    def deactivate(self) -> None:
        """Remove what this activation installed, newest first (it runs once per activation)."""
        layer = self.layer
        remove: Callable[[], object]
        if self.reassigned and isinstance(layer, _restore.Layer):
            remove = functools.partial(
                layer.remove_into, self.owner, self.original, local=self.local
            )
        else:
            remove = layer.remove
        if not self.extras:
            # The common case, kept short: one attribute to put back.
            remove()
            return
        steps: list[Callable[[], object]] = [extra.deactivate for extra in reversed(self.extras)]
        steps.append(remove)
        _restore.undo_all(steps)


class _Lifecycle:
    """``async with`` and ``start()``/``stop()`` for a patcher, on top of its ``with``."""

    if TYPE_CHECKING:  # every patcher defines its own

        def __enter__(self) -> Any: ...

        def __exit__(self, *exc_info: object) -> Literal[False] | None: ...

    async def __aenter__(self) -> Any:
        """Patch, in ``async with``; same as ``with``."""
        return self.__enter__()

    async def __aexit__(self, *exc_info: object) -> Literal[False] | None:
        """Undo the patch."""
        return self.__exit__(*exc_info)

    def start(self) -> Any:
        """Activate the patch until :meth:`stop` (or ``patch.stopall()``)."""
        result = self.__enter__()
        _ACTIVE.append(self)
        return result

    def stop(self) -> None:
        """Undo the patch started by :meth:`start`; does nothing if it is not active."""
        try:
            _ACTIVE.remove(self)
        except ValueError:
            return None
        self.__exit__(None, None, None)
        return None


#: The stdlib's patcher class, untyped: amock's patcher has its own signatures.
_StdlibPatcher: Any = _stdlib.Patcher
#: The type of a lazy import's placeholder (3.15+; ``None`` before): checked
#: here first, as most originals are not one.
_LAZY_IMPORT: Final = _restore.LAZY_IMPORT


class _Patch(_Lifecycle, _StdlibPatcher):  # type: ignore[misc]
    """A patcher for one attribute (and, for ``patch.multiple``, its companions).

    It subclasses the stdlib's patcher class so that code checking
    ``isinstance(p, unittest.mock._patch)`` accepts it; every method the
    stdlib's defines is amock's own here, and the stdlib's ``__init__`` is
    not run.

    Use it as a decorator, with ``with`` or ``async with``, or with
    :meth:`start` and :meth:`stop`.
    """

    attribute_name: str | None = None
    _active_patches: Final[list[Any]] = _ACTIVE

    def __init__(
        self,
        getter: Callable[[], Any],
        attribute: str,
        new: Any,
        spec: Any,
        create: bool,
        spec_set: Any,
        autospec: Any,
        new_callable: Any,
        kwargs: dict[str, Any],
        *,
        unsafe: bool = False,
        scope: Scope = "global",
        describe: Callable[[], str],
    ) -> None:
        self._describe = describe
        _check_scope(scope, describe)
        if new_callable is not None:
            if new is not DEFAULT:
                raise PatchArgumentError(
                    f"{describe()}: 'new' and 'new_callable' cannot be used together; "
                    "pass 'new' to install an object, or 'new_callable' to have one made."
                )
            if autospec is not None:
                raise PatchArgumentError(
                    f"{describe()}: 'autospec' and 'new_callable' cannot be used together; "
                    "autospec makes the mock itself."
                )
        if kwargs and not unsafe:
            _stdlib.refuse_spec_typos(kwargs, describe())
        for name, value in (("spec", spec), ("spec_set", spec_set)):
            if value is not None and _is_mock(value):
                raise _InvalidSpecError(
                    f"{describe()}: Cannot spec attr {attribute!r} as the {name} has already "
                    f"been mocked out. [{name}={value!r}] Pass the real object instead."
                )
        self.getter = getter
        self.attribute = attribute
        self.new = new
        self.new_callable = new_callable
        self.spec = spec
        self.create = create
        self.has_local = False
        self.spec_set = spec_set
        self.autospec = autospec
        self.kwargs = kwargs
        self.additional_patchers: list[_Patch] = []
        self._unsafe = unsafe
        self.scope = scope
        self._entered: _Activation | None = None

    def __repr__(self) -> str:
        return f"<amock patcher {self._describe()}>"

    def copy(self) -> _Patch:
        """A patcher with the same arguments and no state (class decoration uses one per test)."""
        twin = _Patch(
            self.getter,
            self.attribute,
            self.new,
            self.spec,
            self.create,
            self.spec_set,
            self.autospec,
            self.new_callable,
            self.kwargs,
            unsafe=self._unsafe,
            scope=self.scope,
            describe=self._describe,
        )
        twin.attribute_name = self.attribute_name
        twin.additional_patchers = [patcher.copy() for patcher in self.additional_patchers]
        return twin

    # -- decorating ---------------------------------------------------------------

    @overload
    def __call__(self, func: type[_T]) -> type[_T]: ...
    @overload
    def __call__(self, func: _F) -> _F: ...
    def __call__(self, func: Any) -> Any:
        """Decorate a test function, method or class (see :func:`patch`)."""
        if isinstance(func, type):
            return _decorate_class(self, func)
        return _decorate.decorate(self, func)

    # The stdlib patcher's own decorating and lookup methods, answered by amock.
    def decorate_callable(self, func: _F) -> _F:
        """Decorate a function (as calling the patcher does)."""
        return _decorate.decorate(self, func)  # type: ignore[no-any-return]

    decorate_async_callable = decorate_callable

    def decorate_class(self, klass: type[_T]) -> type[_T]:
        """Decorate a class's test methods (as calling the patcher does)."""
        return _decorate_class(self, klass)

    def get_original(self) -> tuple[Any, bool]:
        """``(original, is_local)`` of the target now; ``DEFAULT`` when ``create`` allows none."""
        owner = self.getter()
        original, local = _restore.read_original(owner, self.attribute)
        if original is not _MISSING:
            return original, local
        if self.create or (self.attribute in _BUILTINS and isinstance(owner, types.ModuleType)):
            return DEFAULT, False
        raise _locate.missing_attribute(owner, self.attribute, _holder_text(owner), self._describe)

    def _amock_keyword_names(self) -> list[str]:
        """Names a decorated function receives by keyword (``patch.multiple``)."""
        patchers = [self, *self.additional_patchers]
        return [
            patcher.attribute_name
            for patcher in patchers
            if patcher.attribute_name is not None and patcher.new is DEFAULT
        ]

    # -- activating ---------------------------------------------------------------

    def _amock_activate(self) -> _Activation:
        """Patch, returning the activation that knows how to undo it."""
        owner = self.getter()
        name = self.attribute
        original, local = _restore.read_original(owner, name)
        # Under a task-local patch, the original is what this task sees.
        original = _tasklocal.seen_here(original)
        if self.new is DEFAULT and type(original) is _LAZY_IMPORT:
            original = self._unlazy(original)
        create = self.create or (name in _BUILTINS and isinstance(owner, types.ModuleType))
        if original is _MISSING and not create:
            raise _locate.missing_attribute(owner, name, _holder_text(owner), self._describe())
        new = self._substitute(owner, original, create)
        install = _restore.install if self.scope == "global" else _tasklocal.install
        layer = install(owner, name, new, create=create, describe=self._describe)
        activation = _Activation(owner, original, local, layer)
        if self.attribute_name is None:
            activation.result = new
            return activation
        injected = {self.attribute_name: new} if self.new is DEFAULT else {}
        try:
            for patcher in self.additional_patchers:
                extra = patcher._amock_activate()
                activation.extras.append(extra)
                if patcher.new is DEFAULT:
                    injected.update(extra.result)
        except BaseException:
            activation.deactivate()
            raise
        activation.result = injected
        return activation

    def _unlazy(self, original: Any) -> Any:
        """What a lazily imported original stands for, since the mock is made from it.

        When the import fails, a plain mock replaces the placeholder as the
        stdlib's would (patching an optional dependency that is not installed
        is a common use); a spec taken from the original cannot do without it.
        """
        try:
            return _restore.unlazy(original)
        except Exception as error:
            if not (self.spec is True or self.spec_set is True or self.autospec is True):
                return original
            if hasattr(error, "add_note"):  # always there: lazy imports are 3.15+
                error.add_note(
                    f"(raised while {self._describe()} imported the lazily imported "
                    f"{self.attribute!r} to spec the mock from it)"
                )
            raise

    def _substitute(self, owner: Any, original: Any, create: bool) -> Any:
        """The object to install: ``new``, or a mock made as the arguments say."""
        new, spec, spec_set = self.new, self.spec, self.spec_set
        autospec, kwargs = self.autospec, self.kwargs
        spec = None if spec is False else spec
        spec_set = None if spec_set is False else spec_set
        autospec = None if autospec is False else autospec
        if spec is not None and autospec is not None:
            raise PatchArgumentError(
                f"{self._describe()}: 'spec' and 'autospec' cannot be used together; "
                "autospec=True already specs the mock from the original."
            )
        if (spec is not None or autospec is not None) and spec_set not in (True, None):
            raise PatchArgumentError(
                f"{self._describe()}: an explicit spec_set object cannot be combined with "
                "spec or autospec; pass spec_set=True, or give only spec_set."
            )
        if autospec is not None:
            return _scheduling(
                original, self._autospecced(owner, original, autospec, new, spec_set)
            )
        if new is not DEFAULT:
            if kwargs:
                raise PatchArgumentError(
                    f"{self._describe()}: keyword arguments {sorted(kwargs)} configure a mock "
                    "that patch makes, but 'new' was given; configure 'new' yourself."
                )
            return new
        return _scheduling(original, self._made_mock(original, spec, spec_set))

    def _made_mock(self, original: Any, spec: Any, spec_set: Any) -> Any:
        if spec is None and spec_set is None and self.new_callable is None:
            # The common case, kept short: it runs in every plain patch.
            # name= among the keywords names the mock instead, as in the stdlib.
            kwargs = self.kwargs
            named: dict[str, Any] = (
                {"name": self.attribute, **kwargs} if kwargs else {"name": self.attribute}
            )
            if original is _MISSING or isinstance(original, _std.NonCallableMock):
                return _class_for_original(original)(**named)
            target = _imitation.Target(original)
            named["_amock_imitation"] = _imitation.Patched(target)
            return _mocks.class_for(target.kind)(**named)
        if spec is True:
            spec = original
            if spec_set is True:
                spec_set, spec = original, None
        elif spec is not None and spec_set is True:
            spec_set, spec = spec, None
        elif spec_set is True:
            spec_set = original
        this_spec = spec_set if spec_set is not None else spec
        inherit = False
        if this_spec is not None:
            if original is _MISSING:
                raise PatchArgumentError(
                    f"{self._describe()}: spec=True or spec_set=True needs an original to "
                    "spec from, but the attribute does not exist (create=True); pass the "
                    "spec object itself, e.g. spec=SomeClass."
                )
            inherit = isinstance(original, type)
        options: dict[str, Any] = {}
        if self.new_callable is not None:
            klass = self.new_callable
        elif this_spec is not None:
            klass = _class_for_spec(this_spec)
        else:
            # spec=True or spec_set=True of an attribute holding None: no spec.
            target = _imitation.Target(original)
            klass = _mocks.class_for(target.kind)
            options["_amock_imitation"] = _imitation.Patched(target)
        if spec is not None:
            options["spec"] = spec
        if spec_set is not None:
            options["spec_set"] = spec_set
        if isinstance(klass, type) and issubclass(klass, _std.NonCallableMock) and self.attribute:
            options["name"] = self.attribute
        options.update(self.kwargs)
        new = klass(**options)
        if inherit and _is_mock(new):
            # Patching a class with a spec: its instances are specced too.
            options.pop("name", None)
            if self.new_callable is None and not _is_list(this_spec):
                # amock's own class: the instance's kind picks it (an instance
                # whose __call__ is async is an AsyncMock).
                instance = _imitation.Target(this_spec, instance=True)
                instance_class = _mocks.class_for(instance.kind, refuse_calls=True)
                options["_amock_imitation"] = _imitation.Loose(instance)
            elif not _is_list(this_spec) and not _instance_callable(this_spec):
                instance_class = _mocks.NonCallableMagicMock
            else:
                instance_class = klass
            new.return_value = instance_class(_new_parent=new, _new_name="()", **options)
        return new

    def _autospecced(
        self, owner: Any, original: Any, autospec: Any, new: Any, spec_set: Any
    ) -> Any:
        if new is not DEFAULT:
            raise PatchArgumentError(
                f"{self._describe()}: 'new' and 'autospec' cannot be used together; "
                "autospec makes the mock from the original, 'new' installs your object."
            )
        if original is _MISSING:
            raise PatchArgumentError(
                f"{self._describe()}: autospec needs an original to copy, but the "
                "attribute does not exist (create=True); pass autospec=SomeClass."
            )
        if autospec is True:
            autospec = original
        if _is_mock(owner):
            raise _InvalidSpecError(
                f"{self._describe()}: Cannot autospec attr {self.attribute!r} as the patch "
                f"target has already been mocked out. [target={owner!r}, attr={autospec!r}] "
                "Patch the real object instead."
            )
        if _is_mock(autospec):
            owner_name = getattr(owner, "__name__", owner)
            raise _InvalidSpecError(
                f"{self._describe()}: Cannot autospec attr {self.attribute!r} from target "
                f"{owner_name!r} as it has already been mocked out. [target={owner!r}, "
                f"attr={autospec!r}] Stop the other patch first or pass the real object."
            )
        return _autospec.create_autospec(
            autospec, spec_set=bool(spec_set), _name=self.attribute, **self.kwargs
        )

    # -- with, async with, start/stop ---------------------------------------------

    def __enter__(self) -> Any:
        """Patch; gives the mock (a dict of mocks for ``patch.multiple``)."""
        if self._entered is not None:
            # "Patch is already started" is the stdlib's wording (3.14+), kept for
            # code that matches it.
            raise PatchConflictError(
                f"{self._describe()}: Patch is already started; stop it before "
                "starting it again, or make a second patcher (patcher.copy())."
            )
        activation = self._amock_activate()
        self._entered = activation
        return activation.result

    def __exit__(self, *exc_info: object) -> Literal[False] | None:
        """Undo the patch."""
        activation, self._entered = self._entered, None
        if activation is None:
            if _EXIT_WITHOUT_START_IS_NOOP:
                return None  # as the stdlib's: nothing to undo
            raise PatchNotActiveError(
                f"{self._describe()}: __exit__ without __enter__ or start(); the patch "
                "is not active, so there is nothing to undo."
            )
        activation.deactivate()
        return False

    @property
    def is_started(self) -> bool:
        """Whether the patch is active (the stdlib's attribute from Python 3.14)."""
        return self._entered is not None

    # The stdlib keeps these as plain attributes while a patch is active and
    # undoes the patch from them, so setting them changes what is restored
    # where (its suite sets them, gh-104745's tests); so does amock.
    @property
    def target(self) -> Any:
        """The object that holds the patched attribute (while active)."""
        return self._active().owner

    @target.setter
    def target(self, value: Any) -> None:
        self._reassign("target").owner = value

    @property
    def temp_original(self) -> Any:
        """The value the attribute had before (while active); ``DEFAULT`` if it had none."""
        original = self._active().original
        return DEFAULT if original is _MISSING else original

    @temp_original.setter
    def temp_original(self, value: Any) -> None:
        self._reassign("temp_original").original = _MISSING if value is DEFAULT else value

    @property
    def is_local(self) -> bool:
        """Whether the original lived in the owner's own ``__dict__`` (while active)."""
        return self._active().local

    @is_local.setter
    def is_local(self, value: bool) -> None:
        self._reassign("is_local").local = value

    def _active(self) -> _Activation:
        if self._entered is None:
            raise PatchNotActiveError(
                f"{self._describe()} is not active; its target, temp_original and "
                "is_local exist only between start() (or with) and stop()."
            )
        return self._entered

    def _reassign(self, name: str) -> _Activation:
        """The activation whose undoing ``name`` changes; task-local patches refuse."""
        activation = self._active()
        if self.scope != "global":
            raise PatchArgumentError(
                f"{self._describe()}: {name} cannot be set on a task-local patch; it "
                "is undone per task, not by restoring one attribute. Use scope='global'."
            )
        activation.reassigned = True
        return activation


def _instance_callable(spec: Any) -> bool:
    """Whether instances of a class spec are callable, read without running code."""
    if not isinstance(spec, type):
        return callable(spec)
    return _shapes.instance_shape(spec).calls is not None


def _class_for_spec(spec: Any) -> Any:
    """The mock class for a spec: by its kind, a non-callable spec giving a non-callable mock."""
    if _is_list(spec):
        return _mocks.MagicMock if "__call__" in spec else _mocks.NonCallableMagicMock
    return _mocks.class_for(_imitation.Target(spec).kind, refuse_calls=True)


def _class_for_original(original: Any) -> Any:
    """The mock class for an unspecced patch: async where the original is async."""
    if original is _MISSING:
        return _mocks.MagicMock
    return _mocks.class_for(_imitation.Target(original).kind)


def _holder_text(owner: Any) -> str:
    if isinstance(owner, types.ModuleType):
        return f"module {owner.__name__!r}"
    if isinstance(owner, type):
        return f"class {owner.__qualname__!r}"
    return short_repr(owner)


def _decorate_class(patcher: Any, klass: type[_T]) -> type[_T]:
    """Decorate every ``patch.TEST_PREFIX`` method of ``klass``, each with its own copy."""
    prefix = patch.TEST_PREFIX
    for name in dir(klass):
        if not name.startswith(prefix):
            continue
        raw = inspect.getattr_static(klass, name)
        if not (callable(raw) or isinstance(raw, (staticmethod, classmethod))):
            continue
        setattr(klass, name, patcher.copy()(raw))
    return klass


# -- patch.dict ---------------------------------------------------------------------


class _DictActivation:
    __slots__ = ("in_dict", "original", "result")

    def __init__(self, in_dict: Any, original: dict[Any, Any]) -> None:
        self.in_dict = in_dict
        self.original = original
        self.result = in_dict

    def deactivate(self) -> None:
        _restore_mapping(self.in_dict, self.original)


class _TaskDictActivation:
    __slots__ = ("layer", "result")

    def __init__(self, layer: _tasklocal.TaskLayer, overlay: _tasklocal.DictOverlay) -> None:
        self.layer = layer
        self.result = overlay

    def deactivate(self) -> None:
        self.layer.remove()


def _snapshot(mapping: Any) -> dict[Any, Any]:
    try:
        return dict(mapping.copy())
    except AttributeError:
        return {key: mapping[key] for key in mapping}


def _restore_mapping(mapping: Any, original: dict[Any, Any]) -> None:
    """Put ``mapping`` back to ``original``: changed keys only, then the order.

    Keys are restored one by one so that a mapping that refuses one key
    (a custom mapping, ``os.environ`` with a bad value) still gets every
    other key back; the first failure is raised at the end.
    """

    def remove(key: Any) -> None:
        del mapping[key]

    def put_back(key: Any, value: Any) -> None:
        if key not in mapping or mapping[key] is not value:
            mapping[key] = value

    added = [key for key in list(mapping) if key not in original]
    _restore.undo_all(
        [
            *(functools.partial(remove, key) for key in added),
            *(functools.partial(put_back, key, value) for key, value in original.items()),
        ]
    )
    if type(mapping) is dict and list(mapping) != list(original):
        # Same content, different insertion order: rebuild it as it was.
        mapping.clear()
        mapping.update(original)


def _clear(mapping: Any) -> None:
    try:
        mapping.clear()
    except AttributeError:
        for key in list(mapping):
            del mapping[key]


class _PatchDict(_Lifecycle, _stdlib.DictPatcher):  # type: ignore[misc]
    """A patcher that sets keys of a mapping and puts the mapping back afterwards.

    An instance of the stdlib's ``patch.dict`` patcher class, whose methods
    it answers with its own (the stdlib's ``__init__`` never runs).
    """

    attribute_name = None
    new = None

    #: Decorating, it wraps the function anew rather than joining its patchers
    #: (see amock._decorate), so stacked ones nest in the stdlib's order.
    _amock_nests = True

    def __init__(
        self,
        in_dict: Any,
        values: Any = (),
        clear: bool = False,
        *,
        scope: Scope = "global",
        **kwargs: Any,
    ) -> None:
        if not isinstance(in_dict, str) and not hasattr(in_dict, "__getitem__"):
            raise InvalidTargetError(
                f"amock.patch.dict({in_dict!r}): need a mapping, or the dotted name of one "
                "such as 'os.environ'."
            )
        self.in_dict = in_dict
        self.values = dict(values)
        self.values.update(kwargs)
        self.clear = clear
        self.scope = scope
        _check_scope(scope, self._describe)
        if scope == "task":
            _tasklocal.mapping_name(in_dict, self._describe())
        self._entered: _DictActivation | _TaskDictActivation | None = None

    def __repr__(self) -> str:
        return f"<amock patcher {self._describe()}>"

    def _describe(self) -> str:
        if isinstance(self.in_dict, str):
            return f"amock.patch.dict({self.in_dict!r})"
        return f"amock.patch.dict(<{type(self.in_dict).__name__} object>)"

    def copy(self) -> _PatchDict:
        """A patcher with the same arguments and no state."""
        return _PatchDict(self.in_dict, self.values, self.clear, scope=self.scope)

    @overload
    def __call__(self, func: type[_T]) -> type[_T]: ...
    @overload
    def __call__(self, func: _F) -> _F: ...
    def __call__(self, func: Any) -> Any:
        """Decorate a test function, method or class."""
        if isinstance(func, type):
            return _decorate_class(self, func)
        return _decorate.decorate(self, func)

    def decorate_callable(self, func: _F) -> _F:
        """Decorate a function (the stdlib's name for it): as calling the patcher."""
        return self(func)

    decorate_async_callable = decorate_callable

    def decorate_class(self, klass: type[_T]) -> type[_T]:
        """Decorate each test method of ``klass`` (the stdlib's name for it)."""
        return self(klass)

    def _patch_dict(self) -> Any:
        return self.__enter__()

    def _unpatch_dict(self) -> None:
        self.__exit__(None, None, None)

    def _amock_activate(self) -> _DictActivation | _TaskDictActivation:
        if self.scope == "task":
            return self._task_activate()
        in_dict = self.in_dict
        if isinstance(in_dict, str):
            in_dict = _resolve_mapping(in_dict)
        original = _snapshot(in_dict)
        activation = _DictActivation(in_dict, original)
        try:
            if self.clear:
                _clear(in_dict)
            try:
                in_dict.update(self.values)
            except AttributeError:
                for key, value in self.values.items():
                    in_dict[key] = value
        except BaseException:
            activation.deactivate()
            raise
        return activation

    def _task_activate(self) -> _TaskDictActivation:
        name = _tasklocal.mapping_name(self.in_dict, self._describe())
        holder, attribute = _locate.split_target(name)
        owner = _locate.resolve(holder, describe=self._describe)
        base = _tasklocal.seen_here(getattr(owner, attribute))
        overlay = _tasklocal.DictOverlay(base, self.values, self.clear)
        layer = _tasklocal.install(owner, attribute, overlay, create=False, describe=self._describe)
        return _TaskDictActivation(layer, overlay)

    def __enter__(self) -> Any:
        """Patch the mapping; gives the mapping."""
        if self._entered is not None:
            raise PatchConflictError(
                f"{self._describe()}: this patcher is already active; stop it before "
                "starting it again, or make a second patcher (patcher.copy())."
            )
        self._entered = self._amock_activate()
        return self._entered.result

    def __exit__(self, *exc_info: object) -> Literal[False]:
        """Restore the mapping."""
        activation, self._entered = self._entered, None
        if activation is not None:
            activation.deactivate()
        return False


def _resolve_mapping(path: str) -> Any:
    holder, attribute = _locate.split_target(path)
    owner = _locate.resolve(holder, describe=f"amock.patch.dict({path!r})")
    try:
        return getattr(owner, attribute)
    except AttributeError as error:
        raise _locate.missing_attribute(
            owner,
            attribute,
            _holder_text(owner),
            f"amock.patch.dict({path!r})",
            advice="Check the path: patch.dict patches a mapping that exists.",
        ) from error


# -- the public functions -----------------------------------------------------------


def _patch(
    target: str,
    new: Any = DEFAULT,
    spec: Any = None,
    create: bool = False,
    spec_set: Any = None,
    autospec: Any = None,
    new_callable: Any = None,
    *,
    unsafe: bool = False,
    scope: Scope = "global",
    **kwargs: Any,
) -> _Patch:
    """Replace the object named by ``target`` while a test runs.

    Use it as a decorator (on sync or async functions, async generators,
    methods and classes), with ``with`` or ``async with``, or with
    ``start()``/``stop()``. Arguments are those of ``unittest.mock.patch``.
    Without ``new``, the substitute is chosen by the original's shape:
    ``AsyncMock`` for coroutine functions (however wrapped),
    ``AsyncGeneratorMock`` for async generator functions, and a ``MagicMock``
    that takes the shape of the original's attributes otherwise.

    Args:
        target: ``'package.module.attribute'`` or ``'package.module:Class.attribute'``,
            imported when the patch starts.
        new: the object to install; when omitted a mock is made and injected.
        spec: an object (or ``True`` for the original) the mock copies its API from.
        create: allow the attribute to be missing (it is deleted afterwards).
        spec_set: like ``spec``, and setting other attributes fails too.
        autospec: ``True`` (or an object) for a mock specced recursively, with signatures.
        new_callable: what to call to make the mock instead of the default class.
        unsafe: allow argument names that look like typos of ``autospec``/``spec_set``.
        scope: ``"global"`` (every task and thread sees the replacement, as in
            the stdlib) or ``"task"`` (only the task that starts the patch, and
            tasks it starts afterwards; see the task-local patches page).
        **kwargs: configure the mock that is made.

    Returns:
        The patcher.

    Raises:
        InvalidTargetError: ``target`` is not a dotted name.
        PatchArgumentError: contradicting arguments (``new`` with ``new_callable``...).
    """
    holder, attribute = _locate.split_target(target)

    def describe() -> str:
        return f"amock.patch({target!r})"

    def getter() -> Any:
        return _locate.resolve(holder, describe=describe)

    return _Patch(
        getter,
        attribute,
        new,
        spec,
        create,
        spec_set,
        autospec,
        new_callable,
        kwargs,
        unsafe=unsafe,
        scope=scope,
        describe=describe,
    )


def _patch_object(
    target: Any,
    attribute: str,
    new: Any = DEFAULT,
    spec: Any = None,
    create: bool = False,
    spec_set: Any = None,
    autospec: Any = None,
    new_callable: Any = None,
    *,
    unsafe: bool = False,
    scope: Scope = "global",
    **kwargs: Any,
) -> _Patch:
    """Replace ``target.attribute`` while a test runs (see :func:`patch`).

    Raises:
        InvalidTargetError: ``target`` is a string, or (when the patch starts)
            ``attribute`` is not one.
    """
    if type(target) is str:
        # The stdlib's words, kept for code that matches them, then the fix.
        raise InvalidTargetError(
            f"amock.patch.object({target!r}, {attribute!r}): {target!r} must be the actual "
            f"object to be patched, not a str; to patch by name, use "
            f"amock.patch('{target}.{attribute}')."
        )

    def describe() -> str:
        return f"amock.patch.object({short_repr(target)}, {attribute!r})"

    def getter() -> Any:
        # Checked when the patch starts, as the stdlib fails only then: a
        # decorated function that is never called is not an error.
        if not isinstance(attribute, str):
            raise InvalidTargetError(
                f"{describe()}: the attribute name must be a string, not "
                f"{type(attribute).__name__}; pass the attribute's name, e.g. 'method'."
            )
        return target

    return _Patch(
        getter,
        attribute,
        new,
        spec,
        create,
        spec_set,
        autospec,
        new_callable,
        kwargs,
        unsafe=unsafe,
        scope=scope,
        describe=describe,
    )


def _patch_multiple(
    target: Any,
    spec: Any = None,
    create: bool = False,
    spec_set: Any = None,
    autospec: Any = None,
    new_callable: Any = None,
    *,
    scope: Scope = "global",
    **kwargs: Any,
) -> _Patch:
    """Replace several attributes of one object at once.

    Each keyword names an attribute and its new value; ``DEFAULT`` makes a
    mock, which a decorated function receives by keyword and ``with``
    returns in a dict.

    Raises:
        PatchArgumentError: no attributes were named.
    """
    if not kwargs:
        raise PatchArgumentError(
            "amock.patch.multiple(...): name at least one attribute, e.g. "
            "patch.multiple('os', getcwd=DEFAULT)."
        )
    # Only a str itself is a dotted name: an instance of a str subclass is an
    # object to patch, as in the stdlib.
    by_name = type(target) is str
    if by_name:
        path = target

        def getter() -> Any:
            return _locate.resolve(path, describe=f"amock.patch.multiple({path!r})")
    else:

        def getter() -> Any:
            return target

    def describe_for(name: str) -> Callable[[], str]:
        shown = repr(target) if by_name else short_repr(target)
        return lambda: f"amock.patch.multiple({shown}, {name}=...)"

    patchers = []
    for name, value in kwargs.items():
        patcher = _Patch(
            getter,
            name,
            value,
            spec,
            create,
            spec_set,
            autospec,
            new_callable,
            {},
            scope=scope,
            describe=describe_for(name),
        )
        patcher.attribute_name = name
        patchers.append(patcher)
    first = patchers[0]
    first.additional_patchers = patchers[1:]
    return first


def _patch_dict(
    in_dict: Any,
    values: Mapping[Any, Any] | Iterable[Any] = (),
    clear: bool = False,
    *,
    scope: Scope = "global",
    **kwargs: Any,
) -> _PatchDict:
    """Set keys of a mapping (or ``'os.environ'``-style dotted name) while a test runs.

    The mapping is restored afterwards, key by key, even when the test
    raises or the mapping refuses a key. With ``scope="task"`` the mapping
    itself is left alone: the task that starts the patch (and tasks it
    starts) sees the changes over the live mapping, others see the mapping.
    ``scope`` is taken as this option, so a key named ``"scope"`` goes in
    ``values``.
    """
    return _PatchDict(in_dict, values, clear, scope=scope, **kwargs)


def _stopall() -> None:
    """Stop every patch started with ``start()``, newest first (stdlib's too)."""
    for patcher in reversed(list(_ACTIVE)):
        patcher.stop()


class _PatchFunction:
    """The ``amock.patch`` callable, with ``object``, ``dict``, ``multiple``, ``stopall``."""

    TEST_PREFIX = "test"

    object = staticmethod(_patch_object)
    dict = staticmethod(_patch_dict)
    multiple = staticmethod(_patch_multiple)
    stopall = staticmethod(_stopall)

    __call__ = staticmethod(_patch)


patch: Final = _PatchFunction()
patch.__doc__ = _patch.__doc__


def _scheduling(original: Any, made: Any) -> Any:
    """``made``, with a scheduling point per await if it replaces a framework's sleep."""
    if _framework.is_sleep(original):
        behind = _autospec.mock_behind(made)
        if isinstance(behind, _mocks._CoroutineShape):
            _toolkit.stand_in_for_sleep(behind)
    return made
