"""Replacing an attribute and putting it back exactly: the one place that does it.

Every patch of ``owner.name`` is a *layer* on that attribute. The first
layer records how the attribute was held before (in the owner's own
``__dict__``, in a per-object slot or data descriptor, inherited, or
absent); removing the last layer restores exactly that, and removing a
layer that is not on top leaves the layers above it in force, so patches
may end in any order.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Callable, Iterable
from typing import Any, Final

from amock._text import short_repr
from amock.errors import PatchConflictError, UnpatchableTargetError

#: How to name the patch in an error: text, or a function making it (only on error).
Describe = str | Callable[[], str]


def _text(describe: Describe) -> str:
    return describe if isinstance(describe, str) else describe()


__all__ = [
    "LAZY_IMPORT",
    "MISSING",
    "Layer",
    "install",
    "read_original",
    "top",
    "undo_all",
    "unlazy",
]

_MISSING: Final[Any] = object()
#: The placeholder a PEP 810 ``lazy import`` binds until the name is first used
#: (Python 3.15+; ``None`` before, so the type check below is always false).
LAZY_IMPORT: Final[type | None] = getattr(types, "LazyImportType", None)
_LOCK: Final = threading.RLock()
# Bound once, for the hot paths (install, remove): cheaper than ``with _LOCK``.
_lock: Final = _LOCK.acquire
_unlock: Final = _LOCK.release

#: Attributes that functions and classes always have, stored per object
#: behind descriptors of their type: restored by setting, never deleted.
_SPECIAL: Final = frozenset(
    {"__doc__", "__module__", "__defaults__", "__annotations__", "__kwdefaults__"}
)


def read_original(owner: object, name: str) -> tuple[Any, bool]:
    """The value an attribute has now and whether it lives in the owner's ``__dict__``.

    Returns ``(_MISSING, False)`` when there is no such attribute. As in the
    stdlib, a local value is the raw ``__dict__`` entry (a ``staticmethod``
    object, say), and anything else is read with ``getattr``.
    """
    try:
        return owner.__dict__[name], True
    except (AttributeError, KeyError, TypeError):
        pass
    try:
        return getattr(owner, name), False
    except AttributeError:
        return _MISSING, False


def unlazy(value: Any) -> Any:
    """What ``value`` stands for: a lazy-import placeholder is imported now, anything else kept.

    A module's ``__dict__`` holds the placeholder of a name bound by ``lazy
    import``/``lazy from ... import`` (PEP 810) until code uses the name;
    whoever makes a mock from the original, or forwards to it, needs the
    object itself (the stdlib resolves it for specs too, cpython gh-153888).

    Raises:
        Exception: whatever importing the lazily imported module raises.
    """
    if type(value) is not LAZY_IMPORT:
        return value
    placeholder: Any = value  # typeshed of older Pythons knows no LazyImportType
    return placeholder.resolve()


def _stored_per_object(owner: object, name: str) -> bool:
    """Whether the attribute is stored on the object behind a data descriptor.

    Slots, function ``__defaults__`` and the like: deleting them would not
    bring the old value back, so they are restored by setting it again.
    """
    if name in _SPECIAL:
        return True
    for klass in type(owner).__mro__:
        descriptor = klass.__dict__.get(name, _MISSING)
        if descriptor is not _MISSING:
            return hasattr(type(descriptor), "__set__") and isinstance(
                descriptor, (types.MemberDescriptorType, types.GetSetDescriptorType)
            )
    return False


class _Slot:
    """All layers currently on one ``owner.name``, and how it was held before them.

    ``value`` is the original (``_MISSING`` if absent); ``local`` says it was
    in the owner's own ``__dict__``; ``stored`` that it lived on the object
    behind a data descriptor (a slot, a function's ``__defaults__``).
    """

    __slots__ = ("busy", "layers", "local", "name", "owner", "stored", "value")

    def __init__(self, owner: object, name: str, value: Any, local: bool, stored: bool) -> None:
        self.owner = owner
        self.name = name
        self.value = value
        self.local = local
        self.stored = stored
        self.layers: list[Layer] = []
        self.busy = False


_SLOTS: dict[tuple[int, str], _Slot] = {}


class Layer:
    """One patch's replacement of one attribute; :meth:`remove` takes it off."""

    __slots__ = ("_slot", "value")

    def __init__(self, slot: _Slot, value: Any) -> None:
        self._slot: _Slot | None = slot
        self.value = value

    def below(self) -> Any:
        """The value this layer hides: the layer under it, or the original (``MISSING``)."""
        slot = self._slot
        if slot is None:
            return _MISSING
        layers = slot.layers
        try:
            index = layers.index(self)
        except ValueError:  # pragma: no cover - removed by another thread meanwhile
            return _MISSING
        if index:
            return layers[index - 1].value
        if type(slot.value) is LAZY_IMPORT:
            # Code under test would import the lazily imported name on first use;
            # whoever reaches through this layer gets the object, and the slot keeps
            # it so that restoring leaves the name resolved, as a first use does.
            slot.value = unlazy(slot.value)
        return slot.value

    def below_raw(self) -> Any:
        """As :meth:`below`, but an attribute a class inherits comes as its base stores it.

        ``getattr(Sub, "helper")`` of an inherited staticmethod is the bare
        function and of a classmethod a method bound to ``Sub``; whoever binds
        the hidden value afresh (a task-local dispatcher) needs the raw entry.
        """
        value = self.below()
        slot = self._slot
        if (
            slot is None
            or slot.local
            or value is not slot.value
            or not isinstance(slot.owner, type)
        ):
            return value
        for klass in slot.owner.__mro__[1:]:
            raw = klass.__dict__.get(slot.name, _MISSING)
            if raw is not _MISSING:
                return raw
        return value

    def remove(self) -> None:
        """Take this layer off; the last one off restores the original exactly.

        Removing a layer twice does nothing.
        """
        _lock()
        try:
            slot = self._slot
            if slot is None:
                return
            self._slot = None
            self.value = None
            on_top = slot.layers[-1] is self
            slot.layers.remove(self)
            if not on_top:
                return
            slot.busy = True
            try:
                if slot.layers:
                    _assign(slot.owner, slot.name, slot.layers[-1].value)
                else:
                    _put_back(slot.owner, slot.name, slot.value, slot.local, slot.stored)
            finally:
                slot.busy = False
                if not slot.layers:
                    del _SLOTS[(id(slot.owner), slot.name)]
        finally:
            _unlock()

    def remove_into(self, owner: object, value: Any, *, local: bool) -> None:
        """Take this layer off and put ``value`` back on ``owner`` instead of the record.

        The stdlib's patcher undoes a patch from its ``target``,
        ``temp_original`` and ``is_local`` attributes, which a user may set
        while it is active; amock's patcher calls this when they were set.
        The attribute this layer replaced is left as it is, and layers below
        keep their own records. Removing a layer twice does nothing.
        """
        with _LOCK:
            slot = self._slot
            if slot is None:
                return
            self._slot = None
            self.value = None
            slot.layers.remove(self)
            if not slot.layers:
                del _SLOTS[(id(slot.owner), slot.name)]
            stored = not local and value is not _MISSING and _stored_per_object(owner, slot.name)
            _put_back(owner, slot.name, value, local, stored)


def install(owner: object, name: str, value: Any, *, create: bool, describe: Describe) -> Layer:
    """Put ``value`` on ``owner.name`` as a new layer.

    Args:
        owner: the object holding the attribute (module, class, instance).
        name: the attribute name.
        value: the replacement.
        create: allow the attribute to be missing.
        describe: how to name the target in errors, e.g. ``"amock.patch('a.b')"``.

    Raises:
        TargetNotFoundError: the attribute is missing and ``create`` is false.
        UnpatchableTargetError: the owner refuses the new value.
        PatchConflictError: the attribute is being restored at this moment.
    """
    key = (id(owner), name)
    _lock()
    try:
        slot = _SLOTS.get(key)
        if slot is None:
            value_before, local = read_original(owner, name)
            stored = not local and value_before is not _MISSING and _stored_per_object(owner, name)
            slot = _Slot(owner, name, value_before, local, stored)
            try:
                setattr(owner, name, value)
            except (TypeError, AttributeError) as error:
                raise _unpatchable(owner, name, error, describe) from error
            _SLOTS[key] = slot
        elif slot.busy:
            raise PatchConflictError(
                f"{_text(describe)}: {name!r} is being restored by a patch that is stopping; "
                "start the new patch after the other one has stopped."
            )
        else:
            _assign(owner, name, value, describe=describe)
        layer = Layer(slot, value)
        slot.layers.append(layer)
        return layer
    finally:
        _unlock()


def top(owner: object, name: str) -> Layer | None:
    """The newest layer on ``owner.name``, if any is on."""
    with _LOCK:
        slot = _SLOTS.get((id(owner), name))
        return slot.layers[-1] if slot is not None and slot.layers else None


def _assign(owner: object, name: str, value: Any, *, describe: Describe = "amock.patch") -> None:
    try:
        setattr(owner, name, value)
    except (TypeError, AttributeError) as error:
        raise _unpatchable(owner, name, error, describe) from error


def _unpatchable(
    owner: object, name: str, error: Exception, describe: Describe
) -> UnpatchableTargetError:
    """The error for an owner that refuses the new value, with the likely fix."""
    if isinstance(error, TypeError) and "must be set to" in str(error):
        hint = "pass new= a value of the type the attribute accepts."
    else:
        hint = (
            "built-in and extension types, frozen objects and read-only properties "
            "refuse new values; patch the name where the code under test looks it "
            "up instead (for example in the module that imports it)."
        )
    return UnpatchableTargetError(
        f"{_text(describe)}: cannot replace {name!r} on {short_repr(owner, 80)}: {error}; {hint}"
    )


def _put_back(owner: object, name: str, value: Any, local: bool, stored: bool) -> None:
    """Leave ``owner.name`` as it was held before a patch: ``value``, or absent (``MISSING``)."""
    if (local and value is not _MISSING) or stored:
        setattr(owner, name, value)
        return
    try:
        delattr(owner, name)
    except AttributeError:
        pass
    if value is not _MISSING and (not hasattr(owner, name) or name in _SPECIAL):
        # A proxy object (django's settings, say) that served the value
        # without holding it: give it back explicitly, as the stdlib does.
        setattr(owner, name, value)


def undo_all(steps: Iterable[Callable[[], object]]) -> None:
    """Run every undo step, in the order given, even if some fail; then raise the first failure.

    Patches end newest first, and one that cannot be undone must not leave the
    ones below it in force.
    """
    failure: BaseException | None = None
    for step in steps:
        try:
            step()
        except BaseException as error:
            if failure is None:
                failure = error
    if failure is not None:
        raise failure


MISSING: Final = _MISSING
