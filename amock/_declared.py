"""Which attributes a class declares for its instances, and of what type, without running its code.

An instance has attributes its class never shows as values: ones annotated in
the class body (aiohttp's ``ClientResponse.content: StreamReader``), fields of
dataclasses, attrs classes and pydantic models, and ones ``__init__`` sets on
``self`` (httpx's ``Response.status_code``). A mock of an instance needs to
know them; this module reads them from class dicts, field records and
``__init__``'s source. Nothing is imported (attrs and pydantic are recognised
by what they leave in the class dict) and no user code runs, beyond the
evaluation of annotations that reading them means.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import re
import types
import typing
import weakref
from typing import Any, Final, NamedTuple

from amock._annotations import (
    class_annotations,
    function_annotations,
    resolve_annotation,
    unqualified,
)
from amock._source import self_assignments
from amock._static import (
    CLASS_DICT,
    CLASS_MRO,
    MISSING,
    is_a,
    is_class,
    is_function,
    layers,
    static_value,
)

__all__ = ["Declared", "declared_attributes"]


class Declared(NamedTuple):
    """One attribute a class declares for its instances."""

    #: The annotation as written (a class, an alias, or text), or ``MISSING``
    #: when the attribute is known to exist but says nothing of its type.
    annotation: Any
    #: Where the names in ``annotation`` mean what they mean: the class whose
    #: body declares it, or the ``__init__`` function that assigns it.
    home: object
    #: Where it was found: ``"class"`` (an annotation in a class body),
    #: ``"dataclass"``, ``"attrs"``, ``"pydantic"``, or ``"__init__"``.
    source: str
    #: How ``__init__`` gives the value (see :class:`amock._source.Assigned`):
    #: ``"annotated"``, ``"parameter"``, ``"constructed"``, ``"literal"`` or
    #: ``"unknown"``; ``"declared"`` for the other sources.
    how: str = "declared"

    def on_instances(self) -> bool:
        """Whether instances have the attribute: not a ``ClassVar``, which only the class holds."""
        if self.source != "class":
            return True
        annotation = self.annotation
        if is_a(annotation, str):
            if "ClassVar" not in annotation:
                return True
            annotation = resolve_annotation(annotation, self.home)
        return not (
            annotation is typing.ClassVar or typing.get_origin(annotation) is typing.ClassVar
        )

    def resolved(self) -> Any:
        """The type the attribute holds, resolved (see :func:`resolve_annotation`), or ``MISSING``.

        Qualifiers are taken off (``ClassVar[X]``, ``Final[X]``,
        ``Annotated[X, ...]`` give ``X``). A value ``__init__`` constructs
        (``self.headers = Headers(...)``) has a type only when what it calls
        resolves to a class. Resolved anew each time, so a module imported
        later is seen; names that do not resolve give ``MISSING``.
        """
        annotation = self.annotation
        if annotation is MISSING:
            return MISSING
        value = resolve_annotation(annotation, self.home)
        if (
            value is MISSING
            or is_a(value, str)
            or (self.how == "constructed" and not is_class(value))
        ):
            return MISSING
        value = unqualified(value)
        return MISSING if value is None else value


#: Per class (by id, with a weak reference to tell a new class from an old one's id).
_DECLARED: Final[dict[int, tuple[weakref.ref[type], collections.abc.Mapping[str, Declared]]]] = {}


def declared_attributes(cls: type) -> collections.abc.Mapping[str, Declared]:
    """The attributes instances of ``cls`` have by declaration, each with what is known of its type.

    Found, without running the class's code, in

    * the annotations of each class body in the MRO (PEP 526, PEP 563 and
      PEP 649 forms alike);
    * dataclass fields (``__dataclass_fields__``), attrs fields
      (``__attrs_attrs__``) and pydantic v2 fields (``__pydantic_fields__``,
      or ``model_fields`` before pydantic 2.10), read from the class dicts;
    * the attributes each ``__init__`` in the MRO assigns on ``self``, read
      from its source (see :func:`amock._source.self_assignments`).

    When several say something of one attribute, the first that names a
    type wins, in this order: framework fields (pydantic's are resolved
    already), class-body annotations (nearest class first), then
    ``__init__`` (nearest class first; an annotated assignment before a
    parameter's annotation, before a constructor call, before a literal).
    An attribute nothing types is still listed, with ``annotation`` set to
    ``MISSING``. Cached per class; the mapping is read-only.
    """
    key = id(cls)
    entry = _DECLARED.get(key)
    if entry is not None and entry[0]() is cls:
        return entry[1]
    found = types.MappingProxyType(_declared(cls))

    def forget(_: object) -> None:
        _DECLARED.pop(key, None)

    try:
        reference = weakref.ref(cls, forget)
    except TypeError:
        return found
    _DECLARED[key] = (reference, found)
    return found


def _declared(cls: type) -> dict[str, Declared]:
    try:
        mro: tuple[type, ...] = CLASS_MRO.__get__(cls)
    except (TypeError, AttributeError):
        return {}
    classes = [klass for klass in mro if klass is not object]
    annotated: dict[str, Declared] = {}  # nearest class first
    for klass in classes:
        for name, annotation in class_annotations(klass).items():
            if name not in annotated and is_a(name, str) and not _no_attribute(annotation):
                annotated[name] = Declared(annotation, klass, "class")
    found: dict[str, Declared] = {}

    def offer(name: str, declared: Declared) -> None:
        current = found.get(name)
        if current is None or (
            current.annotation is MISSING and declared.annotation is not MISSING
        ):
            found[name] = declared

    for name, declared in _framework_fields(cls, annotated):
        offer(name, declared)
    for name, declared in annotated.items():
        offer(name, declared)
    for klass in classes:
        for name, declared in _init_assignments(klass):
            offer(name, declared)
    return found


def _own(klass: type, name: str) -> Any:
    """``name`` from the class's own dict, or ``MISSING``."""
    try:
        namespace = CLASS_DICT.__get__(klass)
    except (TypeError, AttributeError):
        return MISSING
    return namespace.get(name, MISSING)


def _nearest(cls: type, name: str) -> Any:
    """``name`` from the first class dict in the MRO that has it, or ``MISSING``."""
    try:
        mro = CLASS_MRO.__get__(cls)
    except (TypeError, AttributeError):
        return MISSING
    for klass in mro:
        value = _own(klass, name)
        if value is not MISSING:
            return value
    return MISSING


def _no_attribute(annotation: Any) -> bool:
    """A dataclass's ``_: KW_ONLY`` marker or ``InitVar[...]``: they declare no attribute."""
    if is_a(annotation, str):
        return bool(_NO_ATTRIBUTE_TEXT.match(annotation))
    return annotation is getattr(dataclasses, "KW_ONLY", MISSING) or is_a(
        annotation, dataclasses.InitVar
    )


_NO_ATTRIBUTE_TEXT: Final = re.compile(r"\s*(?:dataclasses\.)?(?:KW_ONLY\s*$|InitVar\b)")


def _framework_fields(
    cls: type, annotated: dict[str, Declared]
) -> collections.abc.Iterator[tuple[str, Declared]]:
    """Fields that pydantic, attrs and dataclasses record on the class, by the frameworks' rules."""

    def home(name: str) -> object:
        # A field's annotation means what it means where it was written.
        declared = annotated.get(name)
        return cls if declared is None else declared.home

    pydantic = _nearest(cls, "__pydantic_fields__")
    if not is_a(pydantic, dict):
        pydantic = _nearest(cls, "model_fields")  # pydantic 2.0 to 2.9
    if is_a(pydantic, dict):
        for name, info in pydantic.items():
            annotation = static_value(info, "annotation", MISSING)
            yield name, Declared(_typed(annotation), home(name), "pydantic")
    attrs = _nearest(cls, "__attrs_attrs__")
    if is_a(attrs, tuple):
        for attribute in attrs:
            name = static_value(attribute, "name")
            if is_a(name, str):
                annotation = static_value(attribute, "type", MISSING)
                yield name, Declared(_typed(annotation), home(name), "attrs")
    fields = _nearest(cls, "__dataclass_fields__")
    if is_a(fields, dict):
        for name, field in fields.items():
            kind = static_value(static_value(field, "_field_type"), "name")
            if kind != "_FIELD":
                continue  # a ClassVar or InitVar pseudo-field: no instance attribute
            annotation = static_value(field, "type", MISSING)
            yield name, Declared(_typed(annotation), home(name), "dataclass")


def _typed(annotation: Any) -> Any:
    """``MISSING`` for a field that has no type (``None``), else the annotation."""
    return MISSING if annotation is None else annotation


def _init_assignments(klass: type) -> collections.abc.Iterator[tuple[str, Declared]]:
    """What the ``__init__`` defined in ``klass`` itself assigns on ``self``."""
    init = _own(klass, "__init__")
    if init is MISSING:
        return
    # The innermost function holds the body; decorators' wrappers come first.
    functions = [layer for layer in layers(init) if is_function(layer)]
    if not functions:
        return
    function = functions[-1]
    for name, assigned in self_assignments(function).items():
        how, detail = assigned
        annotation: Any = MISSING
        if how in ("annotated", "constructed"):
            annotation = detail
        elif how == "parameter" and detail is not None:
            annotation = function_annotations(function).get(detail, MISSING)
        elif how == "literal" and detail is not None:
            annotation = _BUILTIN_TYPES.get(detail, MISSING)
        yield name, Declared(annotation, function, "__init__", how)


_BUILTIN_TYPES: Final = {
    cls.__name__: cls for cls in (bool, int, float, complex, str, bytes, list, dict, set, tuple)
}
