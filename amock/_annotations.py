"""What an object's annotations say, read as each Python version intends.

Through 3.13 annotations are evaluated when a function is defined; from 3.14
(PEP 649) they are evaluated when read, and a name imported only under ``if
TYPE_CHECKING:`` raises there. Reading them never raises out of amock: an
annotation that cannot be evaluated is given as its text. Resolving text
(:func:`resolve_annotation`) evaluates it where it was written, finding names
imported for type checkers only in the module's source
(:mod:`amock._type_checking`); what still fails is ``MISSING``, and the mock
falls back as ``docs/unknown-types.md`` says. ``TypeVar``s give their default
or bound, or what a generic alias binds them to (:func:`typevar_class`,
:func:`type_arguments`, :func:`bind_typevars`); :func:`why_unknown` says, for
messages, why an annotation names no class.
"""

from __future__ import annotations

import builtins
import collections
import collections.abc
import contextlib
import dataclasses
import functools
import inspect
import sys
import types
import typing
import weakref
from typing import Any, Final

from amock import _stdlib, _type_checking
from amock._static import (
    CLASS_DICT,
    MISSING,
    is_a,
    is_class,
    is_function,
    layers,
    static,
    static_value,
)

__all__ = [
    "annotation_text",
    "annotations_home",
    "annotations_of",
    "bind_typevars",
    "class_annotations",
    "function_annotations",
    "resolve_annotation",
    "return_annotation",
    "signature",
    "signature_object",
    "type_arguments",
    "typevar_class",
    "unqualified",
    "why_unknown",
    "without_none",
]

if sys.version_info >= (3, 14):
    import annotationlib

    #: The formats tried in turn when evaluating annotations fails: unresolved
    #: names as ``ForwardRef``s, then (``-> 1 / 0``, say) each annotation's text.
    _FALLBACK_FORMATS: Final = (annotationlib.Format.FORWARDREF, annotationlib.Format.STRING)

    #: Per ``__annotate__`` function (which ``functools.wraps`` copies), what
    #: :func:`_unevaluated_annotations` read. Unresolved names are kept as
    #: text and resolved anew whenever they are used, so this never goes stale.
    _UNEVALUATED: Final[weakref.WeakKeyDictionary[Any, dict[str, Any]]] = (
        weakref.WeakKeyDictionary()
    )

    def _unevaluated_annotations(func: Any, annotate: Any = None) -> dict[str, Any]:
        """Annotations whose evaluation failed, each unresolved name given as its text (cached).

        Read (from a function, or a class and its ``__annotate__`` function)
        in the first format that works: ``FORWARDREF`` (an unresolved name is
        a ``ForwardRef``, given here as the string it was written as; one
        inside a generic alias, as in ``list[Decimal]``, is left for
        :func:`resolve_annotation`), then ``STRING`` (``-> 1 / 0``, say).
        """
        if annotate is None:
            annotate = func.__annotate__
        try:
            return _UNEVALUATED[annotate]
        except (KeyError, TypeError):
            pass
        found: dict[str, Any] = {}
        for annotation_format in _FALLBACK_FORMATS:
            try:
                read = _annotations_in(func, annotate, annotation_format)
            except Exception:
                continue
            texts: dict[str, Any] | None = None
            for key, value in read.items():
                if is_a(value, annotationlib.ForwardRef):
                    if value.__extra_names__:
                        # ``Result[Any]`` with ``Result`` unresolved reads as
                        # ``Result[__annotationlib_name_1__]``: take the text.
                        if texts is None:
                            texts = _annotations_in(func, annotate, annotationlib.Format.STRING)
                        value = texts.get(key, value)
                    else:
                        value = value.__forward_arg__
                found[key] = value
            break
        with contextlib.suppress(TypeError):  # an __annotate__ that is no function
            _UNEVALUATED[annotate] = found
        return found

    def _annotations_in(func: Any, annotate: Any, annotation_format: Any) -> dict[str, Any]:
        """Annotations in a format: a class's read by calling its ``__annotate__`` function.

        Not through ``annotationlib.get_annotations(cls)``, which reads the
        class's attributes, running a metaclass's ``__getattribute__``.
        """
        if is_class(func):
            return annotationlib.call_annotate_function(annotate, annotation_format, owner=func)
        return annotationlib.get_annotations(func, format=annotation_format)

    def signature(func: Any) -> inspect.Signature:
        """``inspect.signature``, which an annotation that fails to evaluate cannot break.

        PEP 649 (3.14) evaluates annotations when they are read, so a name
        imported only under ``if TYPE_CHECKING:`` raises ``NameError`` in a
        plain ``inspect.signature``: ``FORWARDREF`` gives a ``ForwardRef``
        for it, and an annotation that fails otherwise is given as its text.

        Raises:
            ValueError, TypeError: as :func:`inspect.signature`, for an
                object that has no signature.
        """
        try:
            return inspect.signature(func, annotation_format=annotationlib.Format.FORWARDREF)
        except Exception:
            return inspect.signature(func, annotation_format=annotationlib.Format.STRING)

else:

    def _unevaluated_annotations(func: Any, annotate: Any = None) -> dict[str, Any]:
        """Annotations were evaluated when the function was defined: nothing to fall back to."""
        return {}  # pragma: no cover - reading __annotations__ cannot fail before 3.14

    def signature(func: Any) -> inspect.Signature:
        """``inspect.signature`` (annotations were evaluated when the function was defined)."""
        return inspect.signature(func)


def function_annotations(func: types.FunctionType) -> dict[str, Any]:
    """A function's annotations, read as its Python version intends; never raises.

    Through 3.13 they are the ``__annotations__`` dict, evaluated when the
    function was defined. From 3.14 (PEP 649) reading ``__annotations__``
    evaluates them, and a name imported only under ``if TYPE_CHECKING:``
    raises ``NameError``: then they are read with ``annotationlib`` (see
    :func:`_unevaluated_annotations`), and each unresolved name is given as
    the string it was written as, as ``from __future__ import annotations``
    gives it, for :func:`resolve_annotation` to resolve (from the module's
    guarded imports) or give up on. Unreadable annotations are ``{}``; the
    dict given must not be changed.
    """
    try:
        # From 3.14 the getter evaluates once and caches the dict on the function.
        annotations = func.__annotations__
    except Exception:
        return _unevaluated_annotations(func)
    return annotations if is_a(annotations, dict) else {}


def annotations_of(obj: object) -> dict[str, Any]:
    """The annotations ``obj`` declares, read statically; ``{}`` when there are none."""
    if is_function(obj):
        return function_annotations(obj)
    if is_a(obj, (types.MethodType, staticmethod, classmethod)):
        # Their annotations are those of the function they wrap, which
        # :func:`layers` gives next (and reading them here would evaluate them).
        return {}
    annotations = static_value(obj, "__annotations__")
    return annotations if is_a(annotations, dict) else {}


def class_annotations(cls: type) -> dict[str, Any]:
    """The annotations the body of ``cls`` itself declares (not its bases'); never raises.

    Values are as written: classes and aliases where they were evaluated,
    text under ``from __future__ import annotations`` or where a PEP 649
    name fails (see :func:`function_annotations`). Resolve them with
    :func:`resolve_annotation` and ``cls`` as their home. The dict given
    must not be changed.
    """
    namespace = _class_namespace(cls)
    if namespace is None:
        return {}
    annotations: Any = namespace.get("__annotations__")
    if is_a(annotations, dict):
        return typing.cast("dict[str, Any]", annotations)
    if sys.version_info >= (3, 14):
        # PEP 649: an ``__annotate__`` function evaluates them when read; the
        # dict is cached in the class once ``cls.__annotations__`` was read.
        cached = namespace.get("__annotations_cache__")
        if is_a(cached, dict):
            return typing.cast("dict[str, Any]", cached)
        annotate = namespace.get("__annotate_func__", namespace.get("__annotate__"))
        if not callable(annotate):
            return {}
        try:
            annotations = annotationlib.call_annotate_function(
                annotate, annotationlib.Format.VALUE, owner=cls
            )
        except Exception:
            return _unevaluated_annotations(cls, annotate)
        return annotations if is_a(annotations, dict) else {}
    return {}


def return_annotation(func: object) -> Any:
    """A function's return annotation as read (a string if written as one)."""
    return annotations_of(func).get("return", MISSING)


def _annotations_origin(func: object) -> object:
    """What ``func``'s annotations are made from, shared with the copies ``functools.wraps`` makes.

    Through 3.13 ``functools.wraps`` shares the wrapped function's
    ``__annotations__`` dict; from 3.14 it copies its ``__annotate__``
    function instead (PEP 649), and ``__annotations__`` is a new dict.
    """
    annotate = static_value(func, "__annotate__")
    if is_function(annotate):
        return annotate
    annotations = static_value(func, "__annotations__")
    return annotations if is_a(annotations, dict) else None


def annotations_home(func: object) -> object:
    """The function that wrote ``func``'s annotations: the innermost layer sharing them.

    A ``functools.wraps`` wrapper carries the wrapped function's annotations
    (see :func:`_annotations_origin`) while its ``__globals__`` belong to
    another module: names in those annotations mean what they mean where
    they were written.
    """
    origin = _annotations_origin(func)
    home = func
    if origin is None:
        return home
    for layer in layers(func):
        if layer is not func and _annotations_origin(layer) is origin:
            home = layer
    return home


def resolve_annotation(annotation: Any, home: object) -> Any:
    """What an annotation stands for, evaluated where it was written; ``MISSING`` on failure.

    ``home`` says where that is: the function (or a wrapper sharing its
    annotations) that carries it, the class whose body declares it (its
    namespace is searched first, as :func:`typing.get_type_hints` does), a
    module, or a ``TypeVar`` (for its bound or default).

    Text (``from __future__ import annotations``, quoted names, or what
    :func:`function_annotations` gives for PEP 649 names that fail) is
    evaluated in the module's namespace. A name the module imports only
    under ``if TYPE_CHECKING:`` is then found from its source (see
    :mod:`amock._type_checking`), and only when plain evaluation fails.
    ``ForwardRef``s and strings inside a generic alias (``Optional['Conn']``)
    resolve the same way; an argument that does not resolve is kept as it is.
    Anything else is returned unchanged.
    """
    if type(annotation) is type:
        return annotation  # the common case: a class
    if is_a(annotation, typing.ForwardRef):
        return _Scope(home).resolve_reference(annotation)
    if not is_a(annotation, str):
        if _has_references(annotation, _MAX_NESTING):
            return _resolve_arguments(annotation, _Scope(home), _MAX_NESTING)
        return annotation
    return _Scope(home).resolve(annotation)


#: How deep in a generic alias references are looked for (``A[B[C[...]]]``).
_MAX_NESTING: Final = 8


class _Scope:
    """Where an annotation's names are looked up: a module's globals, and a class's namespace."""

    __slots__ = ("local", "namespace")

    def __init__(self, home: object) -> None:
        self.local: Any = None
        namespace: Any = None
        if is_function(home):  # the common case first
            namespace = static(annotations_home(home), "__globals__")
        elif is_a(home, types.ModuleType):
            namespace = static_value(home, "__dict__")
        elif is_class(home):
            self.local = _class_namespace(home)
        elif not is_a(home, typing.TypeVar):
            namespace = static(annotations_home(home), "__globals__")
        if type(namespace) is not dict:
            # A TypeVar (typing's own type) keeps the defining module per instance.
            module_name: Any = (
                getattr(home, "__module__", None)
                if is_a(home, typing.TypeVar)
                else static_value(home, "__module__")
            )
            module = sys.modules.get(module_name) if is_a(module_name, str) else None
            namespace = static_value(module, "__dict__") if module is not None else None
        self.namespace: dict[str, Any] = namespace if is_a(namespace, dict) else {}

    def resolve(self, text: str) -> Any:
        """The value of annotation ``text`` here, or ``MISSING``."""
        value = self.evaluate(text)
        if type(value) is type:
            return value
        if is_a(value, str):
            # A quoted annotation under ``from __future__ import annotations`` is
            # a string of a string (``"'Response'"``). One that does not resolve
            # stays text, which callers read (``"Self"``).
            again = self.evaluate(value)
            if again is not MISSING:
                value = again
        elif value is not MISSING and _has_references(value, _MAX_NESTING):
            value = _resolve_arguments(value, self, _MAX_NESTING)
        return value

    def resolve_reference(self, reference: typing.ForwardRef) -> Any:
        """The value of a ``ForwardRef`` here, or ``MISSING``.

        From 3.14 the parts of a ``FORWARDREF`` annotation that did evaluate
        are kept aside as ``__extra_names__`` (``Result[Any]`` with ``Result``
        unresolved is ``Result[__annotationlib_name_1__]``): they are local
        names of the evaluation.
        """
        extra = getattr(reference, "__extra_names__", None)
        if not extra:
            return self.resolve(reference.__forward_arg__)
        scope = _Scope.__new__(_Scope)
        scope.namespace = self.namespace
        scope.local = extra if self.local is None else collections.ChainMap(extra, self.local)
        return scope.resolve(reference.__forward_arg__)

    def why(self, text: str) -> str:
        """Why ``text`` does not evaluate here, for messages."""
        namespace = self.namespace
        try:
            _evaluate(text, namespace, _GuardedNames(namespace, self.local))
        except NameError as error:
            name = getattr(error, "name", None)
            if isinstance(name, str):
                return _type_checking.why_missing(namespace, name)
            return str(error)
        except Exception as error:
            return f"evaluating it raised {type(error).__name__}: {error}"
        return "it names no class"

    def evaluate(self, text: str) -> Any:
        """``eval`` of ``text``; on ``NameError``, again with the type-checking-only imports."""
        namespace = self.namespace
        try:
            return _evaluate(text, namespace, self.local)
        except NameError:
            pass
        except Exception:
            return MISSING
        if "__file__" not in namespace:
            return MISSING  # no source to read the guarded imports from
        try:
            return _evaluate(text, namespace, _GuardedNames(namespace, self.local))
        except Exception:
            return MISSING


def _class_namespace(cls: type) -> Any:
    try:
        return CLASS_DICT.__get__(cls)
    except (TypeError, AttributeError):
        return None


_BUILTIN_NAMES: Final = vars(builtins)


class _GuardedNames(collections.abc.Mapping[str, Any]):
    """Local names for ``eval``: a class's namespace, then names imported for type checkers.

    ``eval`` looks a name up in its locals first, then its globals: a name
    the module defines is left to the globals, so only names that are
    missing there reach :func:`_type_checking.guarded_value`.
    """

    __slots__ = ("_local", "_namespace")

    def __init__(self, namespace: dict[str, Any], local: Any) -> None:
        self._namespace = namespace
        self._local = local

    def __getitem__(self, name: str) -> Any:
        local = self._local
        if local is not None and name in local:
            return local[name]
        if name in self._namespace or name in _BUILTIN_NAMES:
            raise KeyError(name)
        value = _type_checking.guarded_value(self._namespace, name)
        if value is MISSING:
            raise KeyError(name)
        return value

    def __iter__(self) -> collections.abc.Iterator[str]:
        return iter(self._local or ())

    def __len__(self) -> int:
        return len(self._local or ())


def _has_references(value: Any, depth: int) -> bool:
    """Whether a generic alias holds a ``ForwardRef`` or a string among its arguments."""
    if depth <= 0:
        return False
    for argument in _alias_arguments(value):
        if is_a(argument, (str, typing.ForwardRef)) or (
            type(argument) is not type and _has_references(argument, depth - 1)
        ):
            return True
    return False


#: Modules whose alias types (``List[int]``, ``Optional[X]``) may be read freely.
_TYPING_MODULES: Final = frozenset({"typing", "typing_extensions"})
_UNION_TYPE: Final = getattr(types, "UnionType", None)
_BUILTIN_ALIASES: Final = tuple(
    kind for kind in (types.GenericAlias, _UNION_TYPE) if kind is not None
)


def _alias_arguments(value: Any) -> tuple[Any, ...]:
    """The arguments of a generic alias or union (``()`` for anything else, ``Literal`` too).

    Only the alias types of the builtins, ``typing`` and ``typing_extensions``
    are read (their attributes run no user code); ``Annotated`` gives its
    type alone, not its metadata.
    """
    kind = type(value)
    if kind is type:
        return ()
    if kind not in _ALIAS_TYPES:
        if not issubclass(kind, _BUILTIN_ALIASES):
            namespace = _class_namespace(kind)
            if namespace is None or namespace.get("__module__") not in _TYPING_MODULES:
                return ()
        _ALIAS_TYPES.add(kind)
    arguments: Any = getattr(value, "__args__", None)
    if not is_a(arguments, tuple) or getattr(value, "__origin__", None) is typing.Literal:
        return ()  # a Literal's strings are values, not names
    if getattr(value, "__metadata__", None) is not None:
        return tuple(arguments[:1])  # Annotated[X, ...]: only X is a type
    return tuple(arguments)


#: Alias types found readable so far (a handful: typing's and the builtins').
_ALIAS_TYPES: Final[set[type]] = set()


def _resolve_arguments(value: Any, scope: _Scope, depth: int) -> Any:
    """``value`` with the references among its arguments resolved (kept where they fail)."""
    arguments = _alias_arguments(value)
    if not arguments or depth <= 0:
        return value
    resolved = []
    for argument in arguments:
        if is_a(argument, (str, typing.ForwardRef)):
            found = (
                scope.resolve(argument)
                if is_a(argument, str)
                else scope.resolve_reference(argument)
            )
            resolved.append(argument if found is MISSING else found)
        elif type(argument) is type:
            resolved.append(argument)
        else:
            resolved.append(_resolve_arguments(argument, scope, depth - 1))
    if all(new is old for new, old in zip(resolved, arguments, strict=True)):
        return value
    return _rebuilt(value, tuple(resolved))


def _rebuilt(value: Any, arguments: tuple[Any, ...]) -> Any:
    """A generic alias like ``value`` with other arguments; ``value`` if it cannot be made."""
    origin = typing.get_origin(value)
    try:
        if origin is typing.Union or (_UNION_TYPE is not None and is_a(value, _UNION_TYPE)):
            return typing.Union[arguments]  # noqa: UP007 - the arguments may not support |
        if origin is collections.abc.Callable or origin is typing.Callable:
            return value  # its arguments are flattened: (A, B, R) for Callable[[A, B], R]
        if type(value) is types.GenericAlias:
            return types.GenericAlias(origin, arguments)
        copy_with = getattr(value, "copy_with", None)  # typing's aliases (Annotated too)
        if copy_with is not None:
            return copy_with(arguments)
    except Exception:
        pass
    return value


def _evaluate(text: str, namespace: dict[str, Any], local: Any = None) -> Any:
    """``eval`` of an annotation's text in a module's namespace, names only (as ``get_type_hints``).

    The text is compiled once: a new code object per evaluation costs a
    compile each time, and tools that keep data per code object (coverage's
    ``sys.monitoring`` core) would keep one per patch.
    """
    if "__builtins__" not in namespace:
        namespace = {**namespace, "__builtins__": builtins}
    if local is None:
        return eval(_compiled(text), namespace)
    return eval(_compiled(text), namespace, local)


@functools.lru_cache(maxsize=4096)
def _compiled(text: str) -> types.CodeType:
    return compile(text, "<annotation>", "eval")


# -- type variables --------------------------------------------------------------------


def typevar_class(typevar: Any) -> Any:
    """What a ``TypeVar`` stands for when nothing binds it; ``MISSING`` if it says nothing.

    Its PEP 696 default if it has one (what a type checker takes when no
    argument binds it), else its bound (``TypeVar("_AS", bound="AsyncSession")``
    stands for an ``AsyncSession``), resolved like any annotation, in the
    module that defined the ``TypeVar``. Constraints (``TypeVar("T", str,
    bytes)``) name no single class: ``MISSING``.
    """
    if not is_a(typevar, typing.TypeVar):
        return MISSING
    for part in ("default", "bound"):
        value = _typevar_part(typevar, part)
        if value is MISSING or value is None:
            continue
        # PEP 695 type parameters say ``typing`` is their module; from 3.14
        # their lazy evaluator is a function of the module that wrote them.
        evaluator = getattr(typevar, f"evaluate_{part}", None)
        resolved = resolve_annotation(value, evaluator if is_function(evaluator) else typevar)
        if resolved is not MISSING and not is_a(resolved, (str, typing.ForwardRef)):
            return resolved
    return MISSING


def _typevar_part(typevar: Any, part: str) -> Any:
    """A ``TypeVar``'s ``"default"`` or ``"bound"`` as written, or ``MISSING`` if it has none.

    PEP 695 (``class Box[T: Item]``) evaluates both lazily, so a name that
    fails raises here; from 3.14 its text is read instead.
    """
    if part == "default":
        has_default = getattr(typevar, "has_default", None)  # 3.13+, typing_extensions
        if not callable(has_default) or not has_default():
            return MISSING
    try:
        return getattr(typevar, f"__{part}__", MISSING)
    except Exception:
        evaluate = getattr(typevar, f"evaluate_{part}", None)
        if sys.version_info >= (3, 14) and evaluate is not None:
            try:
                return annotationlib.call_evaluate_function(evaluate, annotationlib.Format.STRING)
            except Exception:
                pass
        return MISSING


def type_arguments(target: object, owner: type | None = None) -> dict[Any, Any]:
    """The ``TypeVar``s that a generic alias (or class) binds, with what each is bound to.

    ``async_sessionmaker[MySession]`` binds ``async_sessionmaker``'s ``_AS``
    to ``MySession``. The bindings follow the generic bases (``__orig_bases__``):
    for ``class Page(Box[T])``, ``Page[int]`` binds ``Box``'s parameter to
    ``int`` too, and ``class IntBox(Box[int])`` binds it with no arguments.
    A method's annotations use the ``TypeVar``s of the class that defines it:
    give that class as ``owner`` for exactly its bindings; without ``owner``
    they are merged, the nearest class's winning. Unbound parameters are left
    out (see :func:`typevar_class`).
    """
    origin = typing.get_origin(target)
    if is_class(origin):
        cls, arguments = origin, _arguments(target)
    elif is_class(target):
        cls, arguments = target, ()
    else:
        return {}
    per_class: dict[type, dict[Any, Any]] = {}
    _bind_class(cls, arguments, {}, per_class, _MAX_NESTING)
    if owner is not None:
        return per_class.get(owner, {})
    merged: dict[Any, Any] = {}
    for bindings in per_class.values():  # nearest class first
        for typevar, value in bindings.items():
            merged.setdefault(typevar, value)
    return merged


def _arguments(alias: object) -> tuple[Any, ...]:
    arguments = static_value(alias, "__args__")
    return arguments if is_a(arguments, tuple) else ()


def _bind_class(
    cls: type,
    arguments: tuple[Any, ...],
    outer: dict[Any, Any],
    per_class: dict[type, dict[Any, Any]],
    depth: int,
    home: type | None = None,
) -> None:
    """Record what ``cls[arguments]`` binds its parameters to, then do its generic bases.

    ``home`` is the class whose bases name ``cls[arguments]``: arguments
    written as text (``StartableContext["AsyncSessionTransaction"]``) mean
    what they mean there.
    """
    if cls in per_class or depth <= 0:
        return  # the nearest path to a base wins, as the MRO's order does
    parameters = static_value(cls, "__parameters__")
    bindings: dict[Any, Any] = {}
    if is_a(parameters, tuple):
        for parameter, argument in zip(parameters, arguments, strict=False):
            if not is_a(parameter, typing.TypeVar):
                # A TypeVarTuple or ParamSpec takes any number of arguments:
                # the ones after it no longer line up with their parameters.
                break
            if home is not None and is_a(argument, (str, typing.ForwardRef)):
                resolved = resolve_annotation(argument, home)
                argument = argument if resolved is MISSING else resolved
            bindings[parameter] = bind_typevars(argument, outer, fallback=False)
    per_class[cls] = bindings
    namespace = _class_namespace(cls)
    bases: Any = namespace.get("__orig_bases__") if namespace is not None else None
    if not is_a(bases, tuple):
        bases = static_value(cls, "__bases__", ())
    for base in bases if is_a(bases, tuple) else ():
        origin = typing.get_origin(base)
        if is_class(origin) and origin is not typing.Generic:
            _bind_class(origin, _arguments(base), bindings, per_class, depth - 1, cls)
        elif is_class(base) and base is not object:
            _bind_class(base, (), bindings, per_class, depth - 1)


def bind_typevars(annotation: Any, bindings: dict[Any, Any], *, fallback: bool = True) -> Any:
    """``annotation`` with its ``TypeVar``s replaced by what ``bindings`` binds them to.

    A bare ``TypeVar`` becomes its binding; one that nothing binds becomes
    :func:`typevar_class` (its default or bound) when ``fallback`` is true,
    and stays as it is otherwise or when that says nothing. Inside a generic
    alias (``ScalarResult[_T]``) bound ``TypeVar``s are substituted and free
    ones left free.
    """
    seen: list[Any] = []
    while is_a(annotation, typing.TypeVar):
        seen.append(annotation)
        bound = bindings.get(annotation, annotation)
        if any(bound is earlier for earlier in seen):
            # Unbound, or bound to itself or round a cycle (``{_AS: _AS}``,
            # what a generic method passes on): nothing binds it.
            if fallback:
                found = typevar_class(annotation)
                if found is not MISSING:
                    return found
            return annotation
        annotation = bound
    if not _alias_arguments(annotation):
        return annotation
    parameters: Any = getattr(annotation, "__parameters__", None)
    if not is_a(parameters, tuple) or not any(
        is_a(parameter, typing.TypeVar) and parameter in bindings for parameter in parameters
    ):
        return annotation
    try:
        return annotation[tuple(bindings.get(parameter, parameter) for parameter in parameters)]
    except Exception:  # a ParamSpec or TypeVarTuple that will not take the value
        return annotation


# -- reading a resolved annotation --------------------------------------------------------


def without_none(annotation: Any) -> Any:
    """``X`` for ``X | None`` (``Optional[X]``): the value when there is one; else as it is."""
    origin = typing.get_origin(annotation)
    if origin is not typing.Union and not (
        _UNION_TYPE is not None and is_a(annotation, _UNION_TYPE)
    ):
        return annotation
    members = typing.get_args(annotation)
    others = [member for member in members if member is not type(None) and member is not None]
    if len(others) == 1 and len(others) < len(members):
        return others[0]
    return annotation


#: Qualifiers that say how an attribute is declared, around the type it holds.
_QUALIFIERS: Final = frozenset({typing.ClassVar, typing.Final, typing.Annotated})


def unqualified(annotation: Any) -> Any:
    """The type inside ``ClassVar[X]``, ``Final[X]``, ``Annotated[X, ...]`` or ``InitVar[X]``.

    A bare ``Final`` or ``ClassVar`` names no type: ``MISSING``.
    """
    for _ in range(_MAX_NESTING):
        if annotation is typing.Final or annotation is typing.ClassVar:
            return MISSING
        if is_a(annotation, dataclasses.InitVar):
            annotation = annotation.type
            continue
        origin = typing.get_origin(annotation)
        if origin not in _QUALIFIERS:
            return annotation
        arguments = typing.get_args(annotation)
        if not arguments:
            return MISSING
        annotation = arguments[0]
    return annotation


def why_unknown(annotation: Any, home: object) -> str | None:
    """Why an annotation names no class to imitate, for messages; ``None`` when it names one.

    The phrase completes "``Pool.acquire``'s return annotation ...": "is
    missing"; "``Result[Any]`` does not resolve: ``Result`` is imported from
    ``sqlalchemy.engine`` for type checkers only, and amock imports no
    third-party module this process has not imported"; "is ``Any``, which
    says nothing of the value"; "is the TypeVar ``T``, which nothing binds";
    "names several classes: ``A | B``". ``X | None`` is judged by ``X``;
    builtins name a class (``None``), though amock does not imitate them.
    """
    if annotation is MISSING:
        return "is missing"
    scope = _Scope(home)
    resolved = resolve_annotation(annotation, home)
    if resolved is not MISSING:
        resolved = unqualified(without_none(resolved))
    if resolved is MISSING or is_a(resolved, (str, typing.ForwardRef)):
        failed = annotation if resolved is MISSING else resolved
        text = failed.__forward_arg__ if is_a(failed, typing.ForwardRef) else failed
        shown = annotation_text(annotation)
        if not is_a(text, str):
            return f"`{shown}` does not resolve"
        return f"`{shown}` does not resolve: {scope.why(text)}"
    if resolved is typing.Any or resolved is object:
        return f"is `{annotation_text(resolved)}`, which says nothing of the value"
    if is_a(resolved, typing.TypeVar):
        stands_for = typevar_class(resolved)
        if stands_for is MISSING:
            return f"is the TypeVar `{annotation_text(resolved)}`, which nothing binds"
        if stands_for is typing.Any or stands_for is object:
            return (
                f"is the TypeVar `{annotation_text(resolved)}`, which nothing binds; it stands "
                f"for `{annotation_text(stands_for)}`, which says nothing of the value"
            )
        return None
    if typing.get_origin(resolved) is typing.Union or (
        _UNION_TYPE is not None and is_a(resolved, _UNION_TYPE)
    ):
        return f"names several classes: `{annotation_text(resolved)}`"
    return None


def annotation_text(annotation: Any) -> str:
    """An annotation as a user wrote it, for messages: ``Result[Any]``, ``Connection``."""
    if is_a(annotation, str):
        return str(annotation)
    if is_a(annotation, typing.ForwardRef):
        return str(annotation.__forward_arg__)
    if is_class(annotation):
        name = static_value(annotation, "__qualname__")
        return str(name) if is_a(name, str) else "?"
    if is_a(annotation, typing.TypeVar):
        return str(annotation.__name__)
    try:
        return repr(annotation).replace("typing.", "")
    except Exception:
        return "?"


if sys.version_info >= (3, 14):

    def _signature_object(spec: Any, as_instance: bool, eat_self: bool) -> Any:
        # What the stdlib's _get_signature_object gives, with annotations read
        # by :func:`signature`: the stdlib's helper reads them so only from a
        # 3.14 bugfix release on (gh-145754); earlier 3.14s raise NameError.
        function: Any = spec
        if isinstance(spec, type) and not as_instance:
            function, eat_self = function.__init__, True
        elif isinstance(spec, (classmethod, staticmethod)):
            function = spec.__func__
            eat_self = eat_self or isinstance(spec, classmethod)
        elif not isinstance(spec, (types.FunctionType, types.MethodType)):
            try:
                function = spec.__call__
            except AttributeError:
                return None
        try:
            return function, signature(functools.partial(function, None) if eat_self else function)
        except ValueError:  # no signature to read (some builtins)
            return None

else:
    _signature_object: Any = _stdlib.get_signature_object


#: Signatures of plain functions, which autospec asks for several times.
_SIGNATURES: Final[weakref.WeakKeyDictionary[Any, dict[tuple[bool, bool], Any]]] = (
    weakref.WeakKeyDictionary()
)


def signature_object(spec: Any, as_instance: bool, eat_self: bool) -> Any:
    """``(function, inspect.Signature)`` that calls on a mock of ``spec`` bind to, or ``None``.

    The stdlib's answer (amock's own on 3.14+, for annotations that cannot
    be evaluated), cached for plain functions (hashed by identity, so the
    cache runs no user code).
    """
    if type(spec) is not types.FunctionType:
        if as_instance and type(spec) is type:
            return _instance_signature(spec, eat_self)
        return _signature_object(spec, as_instance, eat_self)
    per_function = _SIGNATURES.get(spec)
    if per_function is None:
        per_function = _SIGNATURES[spec] = {}
    key = (as_instance, eat_self)
    try:
        return per_function[key]
    except KeyError:
        found = per_function[key] = _signature_object(spec, as_instance, eat_self)
        return found


#: The signature of ``type.__call__`` bound to a class, by ``eat_self``.
_TYPE_CALL_SIGNATURES: Final[dict[bool, Any]] = {}


def _instance_signature(cls: type, eat_self: bool) -> Any:
    """What :func:`_signature_object` gives for an instance of a class whose metaclass is ``type``.

    As the stdlib, it reads ``cls.__call__``: the class's own ``__call__``
    where it has one, else ``type.__call__`` bound to the class, whose
    signature is the same for every class and is parsed only once.
    """
    function = cls.__call__
    if type(function) is not types.MethodWrapperType:
        return _signature_object(cls, True, eat_self)
    try:
        found = _TYPE_CALL_SIGNATURES[eat_self]
    except KeyError:
        found = _TYPE_CALL_SIGNATURES[eat_self] = _signature_object(cls, True, eat_self)
    return None if found is None else (function, found[1])


def checked_binder(spec: Any, signature: inspect.Signature) -> Any:
    """``signature.bind``, whose ``TypeError`` also names ``spec`` and shows its signature.

    The stdlib's words come first ("too many positional arguments"), so code
    that matches them still does; then what the real callable accepts, e.g.
    ``Client.get(url, *, params=None)``, which says which call was wrong.
    """
    bind = signature.bind

    def binder(*args: Any, **kwargs: Any) -> Any:
        try:
            return bind(*args, **kwargs)
        except TypeError as error:
            # Named only on a wrong call: every autospecced method gets a binder.
            name = _callable_name(spec)
            raise TypeError(f"{error}; the real signature is {name}{signature}") from None

    return binder


def _callable_name(spec: Any) -> str:
    """How a message names the callable ``spec``: its qualified name, else its type's."""
    for candidate in (spec, static_value(spec, "__func__"), static_value(spec, "func")):
        found = static_value(candidate, "__qualname__")
        if isinstance(found, str):
            return found
    return type(spec).__qualname__
