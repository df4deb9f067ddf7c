"""What an object's annotations say, read as each Python version intends.

Through 3.13 annotations are evaluated when a function is defined; from 3.14
(PEP 649) they are evaluated when read, and a name imported only under ``if
TYPE_CHECKING:`` raises there. Reading them never raises out of amock: an
annotation that cannot be resolved is given as its text, which resolves to
nothing, and the mock falls back as documented.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import inspect
import sys
import types
import weakref
from typing import Any, Final

from amock import _stdlib
from amock._static import MISSING, is_a, is_function, layers, static, static_value

__all__ = [
    "annotations_home",
    "annotations_of",
    "function_annotations",
    "resolve_annotation",
    "return_annotation",
    "signature",
    "signature_object",
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

    def _unevaluated_annotations(func: types.FunctionType) -> dict[str, Any]:
        """Annotations whose evaluation failed, each unresolved name given as its text (cached).

        Read in the first format that works: ``FORWARDREF`` (an unresolved
        name is a ``ForwardRef``, given here as the string it was written
        as), then ``STRING`` (``-> 1 / 0``, say).
        """
        annotate = func.__annotate__
        try:
            return _UNEVALUATED[annotate]
        except (KeyError, TypeError):
            pass
        found: dict[str, Any] = {}
        for annotation_format in _FALLBACK_FORMATS:
            try:
                read = annotationlib.get_annotations(func, format=annotation_format)
            except Exception:
                continue
            found = {
                key: value.__forward_arg__ if is_a(value, annotationlib.ForwardRef) else value
                for key, value in read.items()
            }
            break
        with contextlib.suppress(TypeError):  # an __annotate__ that is no function
            _UNEVALUATED[annotate] = found
        return found

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

    def _unevaluated_annotations(func: types.FunctionType) -> dict[str, Any]:
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
    gives it. Such a string fails to resolve in :func:`resolve_annotation`,
    and the mock falls back as documented. Unreadable annotations are ``{}``;
    the dict given must not be changed.
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


def resolve_annotation(annotation: Any, func: object) -> Any:
    """Evaluate a string annotation in its function's module; ``MISSING`` on failure."""
    if not is_a(annotation, str):
        return annotation
    namespace = static(annotations_home(func), "__globals__")
    if not is_a(namespace, dict):
        module_name = static(func, "__module__")
        module = sys.modules.get(module_name) if is_a(module_name, str) else None
        namespace = vars(module) if module is not None else {}
    try:
        value = _evaluate(annotation, namespace)
    except Exception:
        return MISSING
    if is_a(value, str):
        # A quoted annotation under ``from __future__ import annotations`` is
        # a string of a string (``"'Response'"``). One that does not resolve
        # stays text, which callers read (``"Self"``).
        with contextlib.suppress(Exception):
            value = _evaluate(value, namespace)
    return value


def _evaluate(text: str, namespace: dict[str, Any]) -> Any:
    """``eval`` of an annotation's text in a module's namespace, names only (as ``get_type_hints``).

    The text is compiled once: a new code object per evaluation costs a
    compile each time, and tools that keep data per code object (coverage's
    ``sys.monitoring`` core) would keep one per patch.
    """
    if "__builtins__" not in namespace:
        namespace = {**namespace, "__builtins__": builtins}
    return eval(_compiled(text), namespace)


@functools.lru_cache(maxsize=4096)
def _compiled(text: str) -> types.CodeType:
    return compile(text, "<annotation>", "eval")


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


def checked_binder(spec: Any, signature: inspect.Signature) -> Any:
    """``signature.bind``, whose ``TypeError`` also names ``spec`` and shows its signature.

    The stdlib's words come first ("too many positional arguments"), so code
    that matches them still does; then what the real callable accepts, e.g.
    ``Client.get(url, *, params=None)``, which says which call was wrong.
    """
    name = _callable_name(spec)
    bind = signature.bind

    def binder(*args: Any, **kwargs: Any) -> Any:
        try:
            return bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{error}; the real signature is {name}{signature}") from None

    return binder


def _callable_name(spec: Any) -> str:
    """How a message names the callable ``spec``: its qualified name, else its type's."""
    for candidate in (spec, static_value(spec, "__func__"), static_value(spec, "func")):
        found = static_value(candidate, "__qualname__")
        if isinstance(found, str):
            return found
    return type(spec).__qualname__
