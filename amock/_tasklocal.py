"""Task-local patches: a replacement seen only by the task that made it and its children.

While at least one task-local patch of ``owner.name`` is active, a
*dispatcher* sits there (installed as an ordinary :mod:`amock._restore`
layer). Every use of the dispatcher (a call, an attribute read, binding as
a method, ``await``, ``async with``, ``len()``...) looks up the value for the
current :mod:`contextvars` context: the newest live task-local replacement
made in this context or inherited by it, or else whatever the dispatcher
hides (the original, or a global patch beneath). Tasks copy their context
when they are created, so a task started inside a task-local patch sees it
too; every other task and thread sees the original.

What it cannot cover: a reference taken before the patch started (``from
mod import func`` done earlier, a callback stored in a list), C code that
checks the exact type (``type(x) is dict``, C extensions reading a dict
directly), and identity (``mod.func is original`` is false in every task
while the dispatcher is there).
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Iterator, MutableMapping
from typing import Any, Final

from amock import _restore
from amock.errors import PatchArgumentError

__all__ = ["DictOverlay", "TaskLayer", "install", "mapping_name", "seen_here"]

_MISSING: Final = _restore.MISSING
_LOCK: Final = threading.Lock()


class _Entry:
    """One task-local activation's value; dead once its patch stops."""

    __slots__ = ("live", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.live = True


#: Per context: dispatcher -> its entries made in (or inherited by) this context, newest first.
_ENTRIES: Final[contextvars.ContextVar[dict[Any, tuple[_Entry, ...]]]] = contextvars.ContextVar(
    "amock_task_patches"
)
_get_entries: Final = _ENTRIES.get
_get: Final = object.__getattribute__


def _resolve(dispatcher: Any) -> Any:
    """What ``dispatcher`` stands for in the current context."""
    entries = _get_entries(None)
    if entries is not None:
        for entry in entries.get(_get(dispatcher, "_key"), ()):
            if entry.live:
                return entry.value
    value = _get(dispatcher, "_layer").below_raw()
    if value is _MISSING:
        name = _get(dispatcher, "_name")
        raise AttributeError(
            f"{name!r} exists only in the tasks that patched it with create=True and scope='task'"
        )
    return value


class _Dispatch:
    """Stands at a task-locally patched attribute and forwards to the context's value."""

    __slots__ = ("__weakref__", "_count", "_key", "_layer", "_name")

    def __init__(self, name: str) -> None:
        # The context's entries are keyed by this plain object: the dispatcher's
        # own __hash__ and __eq__ forward to the value it stands for.
        object.__setattr__(self, "_key", object())
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_count", 0)
        object.__setattr__(self, "_layer", None)

    # Identity and introspection follow the current value.
    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(_resolve(self))

    @property
    def __doc__(self) -> Any:  # type: ignore[override]
        return _resolve(self).__doc__

    @property
    def __module__(self) -> Any:  # type: ignore[override]
        return _resolve(self).__module__

    def __getattr__(self, name: str) -> Any:
        return getattr(_resolve(self), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(_resolve(self), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(_resolve(self), name)

    def __dir__(self) -> list[str]:
        return dir(_resolve(self))

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        value = _resolve(self)
        bind = getattr(type(value), "__get__", None)
        return value if bind is None else bind(value, instance, owner)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _resolve(self)(*args, **kwargs)

    def __repr__(self) -> str:
        return repr(_resolve(self))

    def __str__(self) -> str:
        return str(_resolve(self))

    def __bool__(self) -> bool:
        return bool(_resolve(self))

    def __hash__(self) -> int:
        return hash(_resolve(self))

    def __eq__(self, other: object) -> bool:
        return bool(_resolve(self) == other)

    def __ne__(self, other: object) -> bool:
        return bool(_resolve(self) != other)


def _forward(name: str) -> Any:
    def method(self: Any, *args: Any) -> Any:
        value = _resolve(self)
        return getattr(type(value), name)(value, *args)

    method.__name__ = name
    return method


# Operators and protocols forwarded as they are (looked up on the value's type).
for _name in [
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__len__",
    "__iter__",
    "__next__",
    "__reversed__",
    "__contains__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__enter__",
    "__exit__",
    "__aenter__",
    "__aexit__",
    "__aiter__",
    "__anext__",
    "__await__",
    "__int__",
    "__float__",
    "__index__",
    "__fspath__",
    "__add__",
    "__sub__",
    "__mul__",
    "__truediv__",
    "__floordiv__",
    "__mod__",
    "__neg__",
    "__pos__",
    "__abs__",
    "__or__",
    "__and__",
    "__xor__",
]:
    setattr(_Dispatch, _name, _forward(_name))
del _name


class _DataDispatch(_Dispatch):
    """A dispatcher for a data descriptor (a property): setting and deleting forward too."""

    __slots__ = ()

    def __set__(self, instance: Any, value: Any) -> None:
        _resolve(self).__set__(instance, value)

    def __delete__(self, instance: Any) -> None:
        _resolve(self).__delete__(instance)


class TaskLayer:
    """One task-local activation: :meth:`remove` ends it (twice does nothing)."""

    __slots__ = ("_dispatcher", "_entry")

    def __init__(self, dispatcher: _Dispatch, entry: _Entry) -> None:
        self._dispatcher: _Dispatch | None = dispatcher
        self._entry = entry

    def remove(self) -> None:
        """End this task-local patch; the last one takes the dispatcher away."""
        with _LOCK:
            dispatcher, self._dispatcher = self._dispatcher, None
            if dispatcher is None:
                return
            self._entry.live = False
            self._entry.value = None
            count = _get(dispatcher, "_count") - 1
            object.__setattr__(dispatcher, "_count", count)
            layer = _get(dispatcher, "_layer") if count == 0 else None
        _prune(dispatcher)
        if layer is not None:
            layer.remove()


def _prune(dispatcher: _Dispatch) -> None:
    """Drop dead entries of ``dispatcher`` from the current context."""
    key = _get(dispatcher, "_key")
    entries = _get_entries(None)
    if entries is None or key not in entries:
        return
    alive = tuple(entry for entry in entries[key] if entry.live)
    changed = dict(entries)
    if alive:
        changed[key] = alive
    else:
        del changed[key]
    _ENTRIES.set(changed)


def install(owner: Any, name: str, value: Any, *, create: bool, describe: Any) -> TaskLayer:
    """Make ``owner.name`` be ``value`` for the current context only."""
    with _LOCK:
        top = _restore.top(owner, name)
        dispatcher = top.value if top is not None else None
        if not isinstance(dispatcher, _Dispatch):
            original, _local = _restore.read_original(owner, name)
            raw = original if top is None else top.value
            kind = _DataDispatch if hasattr(type(raw), "__set__") else _Dispatch
            dispatcher = kind(name)
            layer = _restore.install(owner, name, dispatcher, create=create, describe=describe)
            object.__setattr__(dispatcher, "_layer", layer)
        object.__setattr__(dispatcher, "_count", _get(dispatcher, "_count") + 1)
        entry = _Entry(value)
    key = _get(dispatcher, "_key")
    current: dict[Any, tuple[_Entry, ...]] | None = _ENTRIES.get(None)
    entries = dict(current or {})
    entries[key] = (entry, *(old for old in entries.get(key, ()) if old.live))
    _ENTRIES.set(entries)
    return TaskLayer(dispatcher, entry)


def seen_here(value: Any) -> Any:
    """What ``value`` is for the current context: itself, or what its dispatcher resolves to."""
    return _resolve(value) if isinstance(value, _Dispatch) else value


# -- patch.dict with scope="task" ----------------------------------------------------


def mapping_name(in_dict: Any, describe: str) -> str:
    """The dotted name under which a mapping can be patched per task.

    Raises:
        PatchArgumentError: the mapping was given as an object other than ``os.environ``.
    """
    if isinstance(in_dict, str):
        return in_dict
    if in_dict is os.environ:
        return "os.environ"
    raise PatchArgumentError(
        f"{describe}: scope='task' needs the mapping by its dotted name, e.g. "
        "patch.dict('myapp.settings.CONFIG', ..., scope='task'): a task-local patch "
        "replaces the name for one task, and references to the object itself cannot be "
        "redirected."
    )


class DictOverlay(MutableMapping[Any, Any]):
    """A task's view of a mapping: its own changes over the live shared mapping."""

    def __init__(self, base: Any, values: dict[Any, Any], clear: bool) -> None:
        self._base = base
        self._cleared = clear
        self._set: dict[Any, Any] = dict(values)
        self._deleted: set[Any] = set()

    def _visible_base(self) -> Iterator[Any]:
        if self._cleared:
            return iter(())
        return (key for key in self._base if key not in self._deleted and key not in self._set)

    def __getitem__(self, key: Any) -> Any:
        if key in self._set:
            return self._set[key]
        if self._cleared or key in self._deleted:
            raise KeyError(key)
        return self._base[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._deleted.discard(key)
        self._set[key] = value

    def __delitem__(self, key: Any) -> None:
        if key in self._set:
            del self._set[key]
            if not self._cleared and key in self._base:
                self._deleted.add(key)
            return
        if self._cleared or key in self._deleted or key not in self._base:
            raise KeyError(key)
        self._deleted.add(key)

    def __iter__(self) -> Iterator[Any]:
        yield from self._visible_base()
        yield from self._set

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def copy(self) -> dict[Any, Any]:
        """A plain dict of what this task sees."""
        return dict(self)

    def __repr__(self) -> str:
        return repr(dict(self))
