"""From a patch target string to the object that holds the attribute.

``'package.module.Class.attribute'`` and ``'package.module:Class.attribute'``
are both accepted, as :func:`pkgutil.resolve_name` does; errors name the
part that failed and say what to do.
"""

from __future__ import annotations

import difflib
import importlib
import re
import sys
from collections.abc import Callable
from typing import Any, Final

from amock.errors import InvalidTargetError, TargetImportError, TargetNotFoundError

#: How to name the patch in an error: text, or a function making it (only on error).
Describe = str | Callable[[], str]


def _text(describe: Describe) -> str:
    return describe if isinstance(describe, str) else describe()


__all__ = ["close_names", "missing_attribute", "resolve", "split_target"]

_DOTTED = re.compile(r"[^\W\d]\w*(\.[^\W\d]\w*)*")


_SPLIT_CACHE: dict[str, tuple[str, str]] = {}
_SPLIT_CACHE_SIZE = 4096


def split_target(target: object) -> tuple[str, str]:
    """Split ``'pkg.mod.attr'`` into the holder path and the attribute name.

    Raises:
        InvalidTargetError: ``target`` is not a string of dotted names with
            at least one dot.
    """
    if type(target) is str:
        cached = _SPLIT_CACHE.get(target)
        if cached is not None:
            return cached
    if not isinstance(target, str):
        raise InvalidTargetError(
            f"amock.patch({target!r}): the target must be a string such as "
            "'package.module.attribute'; to patch an attribute of an object you "
            "hold, use amock.patch.object(obj, 'attribute')."
        )
    module, colon, rest = target.partition(":")
    dotted = f"{module}.{rest}" if colon else target
    holder, dot, attribute = dotted.rpartition(".")
    if (
        not dot
        or not _DOTTED.fullmatch(dotted)
        or (colon and (not module or not rest or ":" in rest))
    ):
        raise InvalidTargetError(
            f"amock.patch({target!r}): need a target of the form "
            "'package.module.attribute' (or 'package.module:Class.attribute'), "
            "naming where the attribute is looked up."
        )
    if colon and "." in rest:
        holder = f"{module}:{rest.rpartition('.')[0]}"
    elif colon:
        holder = module
    if type(target) is str and len(_SPLIT_CACHE) < _SPLIT_CACHE_SIZE:
        _SPLIT_CACHE[target] = (holder, attribute)
    return holder, attribute


def resolve(path: str, *, describe: Describe) -> Any:
    """Import and walk ``path`` (``'pkg.mod.Class'`` or ``'pkg.mod:Class'``).

    As :func:`pkgutil.resolve_name`: without a colon, the longest importable
    prefix is the module and the rest are attributes.

    Raises:
        TargetImportError: the module cannot be imported (the cause is chained).
        TargetNotFoundError: an attribute on the way does not exist.
    """
    if ":" in path:
        module_name, _, attributes = path.partition(":")
        obj = _import(module_name, describe)
        names = attributes.split(".") if attributes else []
    else:
        names = path.split(".")
        module_name = names.pop(0)
        obj = _import(module_name, describe)
        while names:
            candidate = f"{module_name}.{names[0]}"
            loaded = sys.modules.get(candidate)
            if loaded is not None:
                obj = loaded
                module_name = candidate
                names.pop(0)
                continue
            try:
                obj = importlib.import_module(candidate)
            except ModuleNotFoundError as error:
                if error.name != candidate:
                    _note(error, candidate, describe)
                    raise
                break
            except Exception as error:
                _note(error, candidate, describe)
                raise
            module_name = candidate
            names.pop(0)
    walked = module_name
    for name in names:
        try:
            obj = getattr(obj, name)
        except AttributeError as error:
            raise missing_attribute(obj, name, walked, describe, advice=_PATH_ADVICE) from error
        walked = f"{walked}.{name}"
    return obj


def _import(module_name: str, describe: Describe) -> Any:
    module = sys.modules.get(module_name)
    if module is not None:
        return module
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name or module_name.startswith(f"{error.name}."):
            raise _import_error(module_name, describe, error) from error
        _note(error, module_name, describe)
        raise
    except Exception as error:
        _note(error, module_name, describe)
        raise


def _note(error: BaseException, module_name: str, describe: Describe) -> None:
    """Note on the error a module raised while importing which patch imported it.

    The module exists but fails to import (or lacks a dependency): that error
    is the news, and the stdlib lets it through as it is, so amock does too.
    """
    if hasattr(error, "add_note"):  # Python 3.11+
        error.add_note(f"(raised while {_text(describe)} imported {module_name!r})")


def _import_error(module_name: str, describe: Describe, error: Exception) -> TargetImportError:
    reason = f"{type(error).__name__}: {error}"
    return TargetImportError(
        f"{_text(describe)}: cannot import module {module_name!r} ({reason}). "
        "Check the spelling, and that the module is importable from the test "
        "(patch where the name is looked up, not where it is defined).",
        name=module_name,
    )


def close_names(obj: object, name: str) -> list[str]:
    """Attribute names of ``obj`` that look like ``name``, closest first."""
    try:
        candidates = [entry for entry in dir(obj) if isinstance(entry, str)]
    except Exception:
        return []
    return difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)


#: The fix for a missing name that ``create=True`` would add: the patched name itself.
_CREATE_ADVICE: Final = "Pass create=True to add it for the duration of the patch."
#: The fix for a missing name on the way to the patched one, which nothing creates.
_PATH_ADVICE: Final = (
    "Check the path: every name before the patched one must exist "
    "(create=True only adds the patched name itself)."
)


def missing_attribute(
    obj: object, name: str, holder: str, describe: Describe, *, advice: str = _CREATE_ADVICE
) -> TargetNotFoundError:
    """The error for an attribute that is not there, with the closest names, else ``advice``."""
    suggestions = close_names(obj, name)
    if suggestions:
        hint = f" Did you mean {' or '.join(repr(entry) for entry in suggestions)}?"
    else:
        hint = f" {advice}"
    return TargetNotFoundError(
        f"{_text(describe)}: {holder} has no attribute {name!r}.{hint}",
        name=name,
        obj=obj,
    )
