"""Names a module imports only for type checkers, read from its source, and what they stand for.

Libraries import the types they annotate with under ``if TYPE_CHECKING:``
to avoid import cycles (SQLAlchemy's ``AsyncSession.execute -> Result[Any]``).
At run time the name is missing from the module, so evaluating the
annotation raises ``NameError``. This module reads those imports from the
module's source (the guarded block is never run) and reaches the object a
name stands for, only when an annotation needs it.

Which modules may be imported to reach a name is decided by
:func:`may_import`; everything else comes from :data:`sys.modules`.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
import re
import sys
import types
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

from amock._static import MISSING, static_value

__all__ = ["GuardedImport", "guarded_imports", "guarded_value", "may_import", "why_missing"]


class GuardedImport(NamedTuple):
    """One import a module makes for type checkers only, as written."""

    #: The module imported from (``from engine import X``), or imported
    #: (``import a.b``), without the leading dots of a relative import.
    module: str
    #: The name taken from ``module`` (``from m import name``); ``None`` for ``import m``.
    attribute: str | None
    #: Leading dots of a relative import (``from ..engine import X``: 2).
    level: int
    #: For ``import a.b`` (no ``as``), the submodule to load; the name binds ``a``.
    load: str | None = None


# -- reading the source -------------------------------------------------------------

#: Lines that open a branch whose test names ``TYPE_CHECKING``: each such block
#: (with its ``else:``) is cut out and parsed alone, which costs microseconds
#: where parsing the module costs tens of milliseconds (SQLAlchemy's session.py).
_GUARD_LINE: Final = re.compile(r"([ \t]*)(?:el)?if\b.*\bTYPE_CHECKING\b")
_CLAUSE: Final = re.compile(r"(?:else|elif)\b")
#: Lines that mention ``TYPE_CHECKING`` without testing it: its import (on one
#: line, or a line of a parenthesised import), its definition
#: (``TYPE_CHECKING = False``), a comment.
_PLAIN_MENTION: Final = re.compile(
    r"[ \t]*(?:#|(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]|TYPE_CHECKING[ \t]*(?:,|\)|=[^=]))"
)

#: Per source file: ``(mtime_ns, size)`` when read, and the imports found.
_READ: Final[dict[str, tuple[tuple[int, int] | None, dict[str, tuple[GuardedImport, ...]]]]] = {}


def guarded_imports(namespace: dict[str, Any]) -> dict[str, tuple[GuardedImport, ...]]:
    """The names the module whose globals are ``namespace`` imports only for type checkers.

    Each name maps to the imports that bind it, in source order (a name
    imported from ``typing`` or ``typing_extensions`` by version has two).
    Read from the module's source file, cached per file and re-read when the
    file changes; ``{}`` when the module has no source.
    """
    path = namespace.get("__file__")
    if not isinstance(path, str):
        return {}
    try:
        status = os.stat(path)
        stamp: tuple[int, int] | None = (status.st_mtime_ns, status.st_size)
    except (OSError, ValueError):
        stamp = None  # in a zip archive, say: its loader gives the source
    known = _READ.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    source = _source(path, stamp, namespace)
    found = _imports_in(source) if source is not None and "TYPE_CHECKING" in source else {}
    _READ[path] = (stamp, found)
    return found


def _source(path: str, stamp: tuple[int, int] | None, namespace: dict[str, Any]) -> str | None:
    """The text of the module at ``path`` (decoded as Python decodes it), or ``None``."""
    if stamp is not None:
        if not path.endswith(".py"):
            return None  # a compiled module (.pyc, extension): no source to read
        try:
            with open(path, "rb") as file:
                return importlib.util.decode_source(file.read())
        except (OSError, SyntaxError, UnicodeDecodeError):
            return None
    loader = namespace.get("__loader__")
    get_source = getattr(type(loader), "get_source", None)
    name = namespace.get("__name__")
    if get_source is None or not isinstance(name, str):
        return None
    try:
        text = get_source(loader, name)
    except Exception:  # a loader that cannot give it
        return None
    return text if isinstance(text, str) else None


def _imports_in(source: str) -> dict[str, tuple[GuardedImport, ...]]:
    """Names bound by imports under ``if TYPE_CHECKING:`` (or ``if typing.TYPE_CHECKING:``)."""
    found: dict[str, list[GuardedImport]] = {}
    blocks = _guarded_blocks(source)
    if blocks is None:
        # A guard the line scan cannot cut out (a test spread over lines, a
        # block holding a multi-line string): read the whole module.
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            return {}
        _collect(tree.body, False, found)
    else:
        for statements in blocks:
            _collect(statements, False, found)
    return {name: tuple(imports) for name, imports in found.items()}


def _guarded_blocks(source: str) -> list[list[ast.stmt]] | None:
    """Each parsed ``if`` chain whose test names ``TYPE_CHECKING``; ``None`` if one fails.

    Lines are cut from ``source`` by offset, never split all at once: the
    first read of a module is part of the first use of a child.
    """
    starts: dict[int, str] = {}
    for begin in _mentioning_lines(source):
        line = source[begin : _line_end(source, begin)]
        match = _GUARD_LINE.match(line)
        if match is not None:
            starts[begin] = match.group(1)
        elif not _PLAIN_MENTION.match(line):
            # A guard spread over lines (``if (\n TYPE_CHECKING\n):``), or a use
            # the line scan cannot judge: only the syntax tree can tell.
            return None
    blocks: list[list[ast.stmt]] = []
    skip_to = -1
    for first in starts:  # in source order
        if first < skip_to:
            continue  # nested in a block cut out already
        indent = starts[first]
        end = skip_to = _block_end(source, first, len(indent))
        # Not splitlines(): it also splits at form feeds, which Python reads as spaces.
        snippet = [line[len(indent) :] for line in source[first:end].split("\n")]
        if snippet[0].startswith("elif"):
            # ``elif TYPE_CHECKING:`` runs only for type checkers, as an ``if`` does.
            snippet[0] = snippet[0][2:]
        try:
            tree = ast.parse("\n".join(snippet))
        except (SyntaxError, ValueError):
            return None
        blocks.append(tree.body)
    return blocks


def _line_end(source: str, begin: int) -> int:
    """The offset of the end of the line that starts at ``begin`` (its newline, or the end)."""
    end = source.find("\n", begin)
    return len(source) if end < 0 else end


def _mentioning_lines(source: str) -> Iterator[int]:
    """The offset of the start of each line of ``source`` that mentions ``TYPE_CHECKING``."""
    offset = source.find("TYPE_CHECKING")
    while offset >= 0:
        yield source.rfind("\n", 0, offset) + 1
        # On to the next line: one line is judged once, however many mentions it has.
        offset = source.find("TYPE_CHECKING", _line_end(source, offset))


def _block_end(source: str, first: int, indent: int) -> int:
    """The offset after the ``if`` opened at ``first`` and its ``elif``/``else`` clauses."""
    end = position = _line_end(source, first)
    while position < len(source):
        begin = position + 1
        position = _line_end(source, begin)
        line = source[begin:position]
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        if depth > indent or (depth == indent and _CLAUSE.match(stripped)):
            end = position
            continue
        break
    return end


def _guard(test: ast.expr) -> bool | None:
    """``True`` for ``TYPE_CHECKING``, ``False`` for ``not TYPE_CHECKING``, else ``None``."""
    negated = False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        negated, test = True, test.operand
    if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    ):
        return not negated
    return None


def _collect(
    statements: list[ast.stmt], guarded: bool, found: dict[str, list[GuardedImport]]
) -> None:
    """Record the imports in ``statements`` that run only for type checkers."""
    for statement in statements:
        if isinstance(statement, ast.If):
            guard = _guard(statement.test)
            # Only the branch a type checker takes counts: ``if TYPE_CHECKING:``'s
            # body, ``if not TYPE_CHECKING:``'s ``else``. Other tests (a version
            # check inside a guard) keep both branches as they are.
            _collect(statement.body, guarded or guard is True, found)
            _collect(statement.orelse, guarded or guard is False, found)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            if guarded:
                _record(statement, found)
        else:
            for field in ("body", "handlers", "orelse", "finalbody", "cases"):
                inner = getattr(statement, field, None)
                if isinstance(inner, list):
                    _collect([node for node in inner if isinstance(node, ast.stmt)], guarded, found)
                    for node in inner:
                        if isinstance(node, (ast.ExceptHandler, ast.match_case)):
                            _collect(node.body, guarded, found)


def _record(statement: ast.Import | ast.ImportFrom, found: dict[str, list[GuardedImport]]) -> None:
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            if alias.asname is not None:
                found.setdefault(alias.asname, []).append(GuardedImport(alias.name, None, 0))
            else:
                # ``import a.b`` binds ``a``, with ``a.b`` loaded as its attribute.
                top = alias.name.partition(".")[0]
                load = alias.name if top != alias.name else None
                found.setdefault(top, []).append(GuardedImport(top, None, 0, load))
        return
    for alias in statement.names:
        if alias.name == "*":
            continue  # names unknown without running the module
        found.setdefault(alias.asname or alias.name, []).append(
            GuardedImport(statement.module or "", alias.name, statement.level)
        )


# -- reaching the objects ------------------------------------------------------------

#: Standard-library modules never imported to resolve a name: importing them
#: prints or opens a browser.
_NEVER_IMPORTED: Final = frozenset({"this", "antigravity", "__hello__", "__phello__"})

#: Modules whose import raised: not tried again.
_FAILED: Final[set[str]] = set()


def may_import(module: str, home: str | None) -> bool:
    """Whether amock may import ``module`` to resolve an annotation written in module ``home``.

    The rule: a module already in :data:`sys.modules` is used as it is, and
    is the usual case (a package imports its own result types somewhere).
    Beyond that, a module is imported only when

    * it belongs to the same top-level package as ``home``, which has already
      imported itself: such names are guarded to break import cycles, which
      are closed by the time a test reads the annotation, and the import runs
      code the application runs anyway; or
    * it is a standard-library module (:data:`sys.stdlib_module_names`),
      which imports without side effects (the few that print are excluded).

    A third-party package the process has not imported is never imported: it
    may be absent (a stub-only package such as ``_typeshed``), slow, or act
    on import (set up logging, start threads), and a test did not ask for it.
    """
    return module in sys.modules or _may_run(module, home)


def _may_run(module: str, home: str | None) -> bool:
    """Whether new code of ``module`` may run: ``home``'s own package, or the standard library."""
    top = module.partition(".")[0]
    if home is not None and top == home.partition(".")[0] and top in sys.modules:
        return True
    return top in sys.stdlib_module_names and top not in _NEVER_IMPORTED


def _module(name: str, home: str | None) -> Any:
    """Module ``name``: from :data:`sys.modules`, or imported where :func:`may_import` allows."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    if name in _FAILED or not may_import(name, home):
        return MISSING
    try:
        return importlib.import_module(name)
    except Exception:  # absent, or failing at import: the annotation stays unresolved
        _FAILED.add(name)
        return MISSING


def _package(namespace: dict[str, Any]) -> str | None:
    """The package relative imports in the module of ``namespace`` start from."""
    package = namespace.get("__package__")
    if isinstance(package, str):
        return package
    spec = namespace.get("__spec__")
    parent = getattr(spec, "parent", None) if spec is not None else None
    return parent if isinstance(parent, str) else None


def guarded_value(namespace: dict[str, Any], name: str) -> Any:
    """What ``name``, imported only for type checkers by the module of ``namespace``, stands for.

    ``MISSING`` when the module has no such import, or none of its imports
    of the name can be reached (see :func:`may_import`).
    """
    imports = guarded_imports(namespace).get(name)
    if not imports:
        return MISSING
    home = namespace.get("__name__")
    home = home if isinstance(home, str) else None
    for guarded in imports:
        value = _reach(guarded, home, namespace)
        if value is not MISSING:
            return value
    return MISSING


def why_missing(namespace: dict[str, Any], name: str) -> str:
    """Why ``name`` is missing where the module of ``namespace`` wrote an annotation, for messages.

    For example "``Result`` is imported from ``sqlalchemy.engine`` for type
    checkers only, and amock imports no third-party module this process has
    not imported".
    """
    module = namespace.get("__name__")
    where = f"`{module}`" if isinstance(module, str) else "its module"
    imports = guarded_imports(namespace).get(name)
    if not imports:
        return f"`{name}` is not defined in {where}"
    guarded = imports[0]
    source = _absolute(guarded, namespace) or guarded.module
    target = guarded.load or source
    said = f"`{name}` is imported from `{source}` for type checkers only"
    if target in _FAILED:
        return f"{said}, and importing `{target}` failed"
    if sys.modules.get(target) is None and not may_import(
        target, module if isinstance(module, str) else None
    ):
        return f"{said}, and amock imports no third-party module this process has not imported"
    return f"{said}, and `{source}` has no `{guarded.attribute or name}`"


def _absolute(guarded: GuardedImport, namespace: dict[str, Any]) -> str | None:
    """The absolute name of the module a guarded import names; ``None`` if it cannot be told."""
    if not guarded.level:
        return guarded.module
    package = _package(namespace)
    if not package:
        return None
    try:
        return importlib.util.resolve_name("." * guarded.level + guarded.module, package)
    except (ImportError, ValueError):
        return None


def _reach(guarded: GuardedImport, home: str | None, namespace: dict[str, Any]) -> Any:
    """The object one guarded import binds, or ``MISSING``."""
    module_name = _absolute(guarded, namespace)
    if module_name is None:
        return MISSING
    if guarded.attribute is None:
        if _module(guarded.load or module_name, home) is MISSING:
            return MISSING
        return sys.modules.get(module_name, MISSING)
    module = _module(module_name, home)
    if module is MISSING:
        return MISSING
    attribute = guarded.attribute
    members = _members(module)
    if attribute in members:
        return members[attribute]
    submodule = f"{module_name}.{attribute}"
    found = _module(submodule, home) if submodule in sys.modules or _is_package(module) else MISSING
    if found is not MISSING:
        return found
    if "__getattr__" in members and _may_run(module_name, home):
        # A lazy attribute (PEP 562): the module's own way of giving the name,
        # run only where importing a module of its would be allowed.
        try:
            return getattr(module, attribute)
        except Exception:
            return MISSING
    return MISSING


def _members(module: object) -> dict[str, Any]:
    """A module's namespace, read statically (a lazily loaded module stays unloaded)."""
    if type(module) is types.ModuleType:
        return module.__dict__  # C code, and the common case
    members = static_value(module, "__dict__")
    return members if isinstance(members, dict) else {}


def _is_package(module: object) -> bool:
    """Whether ``module`` is a package (it may have submodules to import)."""
    return "__path__" in _members(module)
