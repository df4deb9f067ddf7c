"""Cheap private classes for mocks: templates, lazy magic slots, and the pool that recycles them.

The stdlib gives every mock a class of its own (so ``type(m).prop =
PropertyMock()`` stays local to ``m``) and sets ~77 magic-method proxies on
it, eagerly: most of what a ``MagicMock()`` costs. amock keeps the class of
one's own, but:

* a :class:`Template` says what kind of mock a class is for (public class,
  shape mixin, which magic methods), and is made once per kind;
* each private class holds one :class:`MagicSlot` per magic method, which
  makes the per-instance child only when the method is first used;
* private classes are recycled: once a mock is gone, its class goes back to
  its template's pool, so the slots are built once per pooled class, not per
  mock. Whether a class is free is read from reference counts (see
  :func:`_refs`), which costs nothing while mocks are made and dropped.

A mock whose class was edited (``type(m).x = ...``, ``del type(m).__str__``)
never gives that class back: the pool notices and drops it.
"""

from __future__ import annotations

import collections
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Final

__all__ = ["MagicSlot", "Template", "derive", "instantiate", "label", "reclass"]


class _ClassCell:
    """What a private mock class knows of itself: the class, and the mock using it.

    The class's magic slots and its ``__dict__`` refer to the cell, so the
    cell's reference count also tells the pool whether a slot was replaced
    or deleted on the class (``type(m).__str__ = ...``).
    """

    __slots__ = ("klass", "owner")

    def __init__(self) -> None:
        self.klass: type = object
        #: A weak reference to the mock whose class this is (magic classes only).
        self.owner: Callable[[], Any] = _nobody


def _nobody() -> None:
    """The owner of a class no mock has used yet."""


class MagicSlot:
    """A magic method on a mock's own class: the per-instance child, made on first use.

    Read from the class (``type(m).__str__``, or ``ExitStack``'s
    ``cls.__enter__``), it gives the child of the mock whose class it is, as
    the stdlib's proxies do.
    """

    __slots__ = ("cell", "name")

    def __init__(self, name: str, cell: _ClassCell) -> None:
        self.name = name
        self.cell = cell

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            obj = self.cell.owner()
            if obj is None or type(obj) is not owner:
                return self
        elif type(obj) is not self.cell.klass:
            # An instance of a subclass (``copy.copy(mock)``, see derive()): as
            # the stdlib's proxies, the slot answers for the mock it belongs to.
            belongs = self.cell.owner()
            if belongs is not None:
                obj = belongs
        try:
            return obj.__dict__[self.name]
        except KeyError:
            # The mock makes its own child (see NonCallableMock._amock_make_magic).
            return obj._amock_make_magic(self.name)

    def __repr__(self) -> str:
        return f"<magic method slot {self.name}>"


class Template:
    """One kind of mock: public class, shape mixin and magic methods.

    Every mock gets a private class of its own, as in the stdlib, whose
    ``__dict__`` holds the template's entries and one lazy slot per magic
    method. Private classes are recycled from the template's pool once their
    mock is gone, so the slots are built once per pooled class, not per mock.
    """

    __slots__ = ("bases", "free", "magics", "name", "namespace", "pool", "public", "size")

    def __init__(
        self,
        public: type,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        magics: frozenset[str],
    ) -> None:
        self.public = public
        self.name = public.__name__
        self.bases = bases
        self.namespace = namespace
        self.magics = magics
        self.pool: collections.deque[_ClassCell] = collections.deque()
        #: Entries of a clean private class's ``__dict__`` (known once one is made).
        self.size = -1
        #: What _refs gives for a free, clean class of the pool.
        self.free = (_FREE_REFS, _CELL_REFS + len(magics))


def _probe_refcounts() -> tuple[int, int] | None:
    """References to a pooled class while no mock uses it, and to its cell.

    ``None`` when this interpreter does not count the way the pool needs
    (one more reference per instance); recycling is then switched off.
    """

    class _Probe:
        pass

    cell = _ClassCell()
    cell.klass = type("Probe", (_Probe,), {"_amock_cell": cell})
    pool = collections.deque([cell])
    del cell
    free, cell_refs = _refs(pool, 0)
    instance: object = object.__new__(pool[0].klass)
    used = _refs(pool, 0)
    del instance
    if used != (free + 1, cell_refs) or _refs(pool, 0) != (free, cell_refs):
        return None  # pragma: no cover - depends on the interpreter
    return free, cell_refs


def _refs(pool: Sequence[_ClassCell], index: int) -> tuple[int, int]:
    """References to the class of ``pool[index]`` and to its cell.

    Why reference counts: a pooled class is free once no mock uses it, and
    the only cheap, always-right witness of that is the class's own count:
    each instance holds one reference to its class. Tracking mocks instead
    (weak references, finalizers) would cost on every mock made and freed.
    The count a free class has is probed once, at import (see
    :func:`_probe_refcounts`); an interpreter that counts otherwise turns
    recycling off. The class has one more reference per mock using it; the
    cell one fewer for each magic slot replaced or deleted on the class.
    """
    cell = pool[index]
    return sys.getrefcount(cell.klass), sys.getrefcount(cell)


_PROBED: Final = _probe_refcounts()
_FREE_REFS: Final = None if _PROBED is None else _PROBED[0]
_CELL_REFS: Final = 0 if _PROBED is None else _PROBED[1]
_POOL_LOCK: Final = threading.Lock()
# Bound once, as _lock and _unlock below: cheaper than ``with`` on the hot path.
_pool_lock: Final = _POOL_LOCK.acquire
_pool_unlock: Final = _POOL_LOCK.release
_POOL_PROBES: Final = 4
_new_ref: Final = weakref.ref


def _new_private_class(template: Template) -> _ClassCell:
    """A new private class of ``template``, with its own magic slots; its cell."""
    cell = _ClassCell()
    namespace = dict(template.namespace)
    namespace["_amock_cell"] = cell
    for name in template.magics:
        namespace[name] = MagicSlot(name, cell)
    klass = type(template.name, template.bases, namespace)
    cell.klass = klass
    if template.size < 0:
        template.size = len(klass.__dict__)
    return cell


def instantiate(template: Template) -> Any:
    """A new, uninitialised mock of ``template`` with a class of its own."""
    if _FREE_REFS is None:  # pragma: no cover - depends on the interpreter (see _probe_refcounts)
        cell = _new_private_class(template)
        instance: Any = object.__new__(cell.klass)
    else:
        pool = template.pool
        _pool_lock()
        try:
            probes = len(pool)
            if probes > _POOL_PROBES:
                probes = _POOL_PROBES  # not min(): a builtin call costs more before 3.12
            for _ in range(probes):
                refs = _refs(pool, -1)
                if refs == template.free:
                    cell = pool[-1]
                    klass = cell.klass
                    size = len(klass.__dict__)
                    if size != template.size:
                        _drop_signature_check(klass)
                        size = len(klass.__dict__)
                    if size == template.size:
                        if klass.__name__ is not template.name:
                            klass.__name__ = template.name  # it carried a label (see label)
                        break
                if refs[0] == _FREE_REFS:
                    # Edited with ``type(m).x = ...`` or ``del type(m).__str__``: never reuse it.
                    pool.pop()
                else:
                    pool.rotate(1)  # in use
            else:
                cell = _new_private_class(template)
                pool.append(cell)
            # Made under the lock: from here on the class counts as in use.
            instance = object.__new__(cell.klass)
        finally:
            _pool_unlock()
    if template.magics:
        # Lets ``type(mock).__str__`` find the mock (see MagicSlot).
        cell.owner = _new_ref(instance)
    return instance


#: What an autospec puts on its mock's private class: the check its calls run
#: (the stdlib's hook) and the signature ``inspect`` reports.
_SIGNATURE_CHECK: Final = ("_mock_check_sig", "__signature__")


def set_signature_check(klass: type, check: Any, signature: Any) -> None:
    """Make calls of the mock whose private class is ``klass`` run ``check`` first."""
    type.__setattr__(klass, _SIGNATURE_CHECK[0], check)
    type.__setattr__(klass, _SIGNATURE_CHECK[1], signature)


def _drop_signature_check(klass: type) -> None:
    """Take an autospec's signature check off a free class, so that it can be reused.

    Every autospecced mock carries one; without this, each would cost a new class.
    """
    namespace = klass.__dict__
    for name in _SIGNATURE_CHECK:
        if name in namespace:
            type.__delattr__(klass, name)


def derive(klass: type) -> Any:
    """A new instance of a subclass of the private class ``klass``: what ``copy.copy`` makes.

    ``copy.copy(mock)``, ``copy.deepcopy`` and ``type(mock)()`` create an
    instance of the mock's own class. In the stdlib each mock class is made
    anew as a subclass of the class asked for, so a copy's class inherits
    the original's: its magic methods, bound to the original (a copy
    compares equal to it, and hashes alike), and any ``type(m).x = ...``.
    The subclass is made for the copy and never pooled.
    """
    cell = _ClassCell()
    namespace = {
        "__doc__": klass.__doc__,
        "_amock_template": klass.__dict__["_amock_template"],
        "_amock_cell": cell,
    }
    subclass = type(klass.__name__, (klass,), namespace)
    cell.klass = subclass
    instance: Any = object.__new__(subclass)
    cell.owner = _new_ref(instance)
    return instance


def label(mock: Any, label: str) -> None:
    """Name ``mock``'s private class so Python's own errors say what the mock is.

    ``await`` on a non-awaitable raises "object X can't be used in 'await'
    expression" with X the type's name; there is no hook to raise anything
    better (an ``__await__`` would make every mock pass ``isawaitable``).
    """
    type.__setattr__(type(mock), "__name__", label)


#: ``object``'s own ``__class__`` setter. A mock's ``__class__`` is a property
#: of the stdlib's ``NonCallableMock`` that reads (and, with a spec, fakes) the
#: class, and ``mock.__class__ = ...`` on a specced mock would go through
#: ``__setattr__``; this setter moves the instance to another class directly.
_CLASS_SETTER: Final = object.__dict__["__class__"].__set__


def _edits(klass: Any) -> dict[str, Any]:
    """What was set on the private class ``klass`` after it was made (``type(m).x = ...``)."""
    namespace = klass.__dict__["_amock_template"].namespace
    cell = klass.__dict__["_amock_cell"]
    return {
        key: value
        for key, value in klass.__dict__.items()
        if key not in namespace
        and key != "_amock_cell"
        and not (type(value) is MagicSlot and value.cell is cell)
    }


def reclass(mock: Any, template: Template, *, fresh: bool = False) -> None:
    """Move ``mock`` to a private class of ``template``, keeping type-level edits.

    ``fresh``: the mock's class was just made, so there are no edits to look for.
    Callers move a mock only to a template other than its class's.
    """
    old = type(mock)
    extras = {} if fresh else _edits(old)
    if extras:
        cell = _new_private_class(template)  # never pooled: it carries the edits
        for key, value in extras.items():
            setattr(cell.klass, key, value)
        _CLASS_SETTER(mock, cell.klass)
    else:
        # The class comes from the pool through a throwaway instance: taking
        # it makes the pool count it as in use (it holds one reference per
        # instance), and once the mock holds it, the placeholder can go.
        placeholder = instantiate(template)
        cell = type(placeholder).__dict__["_amock_cell"]
        _CLASS_SETTER(mock, cell.klass)
        del placeholder
    if template.magics:
        cell.owner = _new_ref(mock)
