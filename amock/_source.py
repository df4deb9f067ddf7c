"""What a function's source says it does: read from its syntax tree, never its bytecode.

Three questions need a function's body: whether ``__aenter__`` returns
``self`` (so ``async with`` binds the instance), which method shared command
code hands its work to (redis-py), and which attributes ``__init__`` sets on
``self`` (httpx's ``Response.status_code``). Bytecode changes in every
release; the syntax tree means the same on every version. Answers are cached
per function.
"""

from __future__ import annotations

import ast
import collections.abc
import inspect
import types
import weakref
from typing import Final, NamedTuple, cast

__all__ = ["Assigned", "final_call", "returns_first_argument", "self_assignments"]

#: Per function: its code object when read, and what :func:`final_call` found.
_FINAL_CALLS: Final[
    weakref.WeakKeyDictionary[types.FunctionType, tuple[types.CodeType, str | None]]
] = weakref.WeakKeyDictionary()


def final_call(func: types.FunctionType) -> str | None:
    """The method ``func``'s final ``return self.<name>(...)`` calls, read from its source (cached).

    Not from ``co_names``: which names a code object lists, and in what
    order, changed when 3.12 inlined comprehensions (PEP 709), so a helper
    named in a comprehension argument came last there and not before.
    """
    code = func.__code__
    known = _FINAL_CALLS.get(func)
    if known is not None and known[0] is code:
        return known[1]
    found = _definition(func)
    name = None if found is None else _returned_call(found[0].body, found[1])
    _FINAL_CALLS[func] = (code, name)
    return name


def _returned_call(statements: list[ast.stmt], first: str) -> str | None:
    """``name`` when the last statement (on its default path) returns ``first.name(...)``.

    The call may be returned directly or through a variable assigned it
    earlier in the same block (``response = self.execute_command(...)``).
    Only sync functions are read (an ``async def`` is a coroutine function
    whatever it calls), so there is no ``await`` to look through.
    """
    if not statements:
        return None
    last = statements[-1]
    if isinstance(last, ast.Return):
        value = last.value
        if isinstance(value, ast.Name):
            value = _assigned(statements[:-1], value.id)
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and isinstance(value.func.value, ast.Name)
            and value.func.value.id == first
        ):
            return value.func.attr
        return None
    if isinstance(last, ast.If):
        return _returned_call(last.orelse, first)
    if isinstance(last, (ast.With, ast.AsyncWith)):
        return _returned_call(last.body, first)
    if isinstance(last, _TRY_STATEMENTS):
        return _returned_call(last.orelse or last.body, first)
    return None


def _assigned(statements: list[ast.stmt], name: str) -> ast.expr | None:
    """The value the last of ``statements`` that assigns ``name`` alone gives it."""
    for statement in reversed(statements):
        if isinstance(statement, ast.Assign):
            targets = statement.targets
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id == name:
                return statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == name
        ):
            return statement.value
    return None


#: Per function: its code object when judged, and whether it returns its first argument.
_RETURNS_FIRST: Final[
    weakref.WeakKeyDictionary[types.FunctionType, tuple[types.CodeType, bool]]
] = weakref.WeakKeyDictionary()


def returns_first_argument(func: types.FunctionType) -> bool:
    """Whether every way out of ``func`` is ``return <its first parameter>`` (cached).

    Judged from the source (see :func:`_definition`). A function whose
    source cannot be read gets ``False``: ``async with`` then binds
    ``__aenter__``'s return value, as in the stdlib.
    """
    code = func.__code__
    known = _RETURNS_FIRST.get(func)
    if known is not None and known[0] is code:
        return known[1]
    verdict = _source_returns_first_argument(func)
    _RETURNS_FIRST[func] = (code, verdict)
    return verdict


def _source_returns_first_argument(func: types.FunctionType) -> bool:
    found = _definition(func)
    if found is None:
        return False
    node, first = found
    returns = 0
    for inner in _own_scope(node.body):
        if isinstance(inner, ast.Return):
            if not (isinstance(inner.value, ast.Name) and inner.value.id == first):
                return False
            returns += 1
        elif isinstance(inner, (ast.Yield, ast.YieldFrom)) or first in _bound_names(inner):
            # A generator returns no value; a rebound parameter is no longer the argument.
            return False
    return returns > 0 and _always_leaves(node.body)


def _definition(
    func: types.FunctionType,
) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, str] | None:
    """The syntax tree of ``func``'s ``def`` and its first parameter; ``None`` without either.

    What a function's body does is read from its source, never its
    bytecode: instructions are an implementation detail that changes in
    every version (``return self`` is ``LOAD_FAST`` through 3.13 and
    ``LOAD_FAST_BORROW`` from 3.14, gh-130704; 3.15 adds a cache entry after
    ``RESUME``; 3.12 inlines comprehensions into the function's code, PEP
    709), while the syntax tree means the same on every version. There is
    no source for code made by ``exec`` or shipped without ``.py`` files;
    the source read is checked against the code object's name and first
    parameter, in case the file changed since it was imported.
    """
    code = func.__code__
    if code.co_argcount < 1:
        return None
    first = code.co_varnames[0]
    try:
        source = inspect.getsource(func)
        indented = source[:1].isspace()
        # A method's source is indented: nest it under a statement to parse it.
        tree = ast.parse(f"if 1:\n{source}" if indented else source)
    except Exception:  # no source (OSError), or a lambda's line that is no statement
        return None
    statements = tree.body
    if indented:  # the ``if 1:`` around it is the only statement
        statements = cast("ast.If", statements[0]).body
    node = statements[0] if statements else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name != code.co_name:
        return None
    parameters = [*node.args.posonlyargs, *node.args.args]
    if not parameters or parameters[0].arg != first:
        return None
    return node, first


def _own_scope(statements: list[ast.stmt]) -> collections.abc.Iterator[ast.AST]:
    """Every node of a function body that runs in its own scope (nested scopes left out)."""
    pending: list[ast.AST] = list(statements)
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))


def _bound_names(node: ast.AST) -> tuple[str, ...]:
    """Names a node (re)binds in the scope it runs in."""
    if isinstance(node, ast.Name):
        return () if isinstance(node.ctx, ast.Load) else (node.id,)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (node.name,)
    if isinstance(node, ast.alias):
        return ((node.asname or node.name).partition(".")[0],)
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
        return () if node.name is None else (node.name,)
    if isinstance(node, ast.MatchMapping):
        return () if node.rest is None else (node.rest,)
    return ()


def _always_leaves(statements: list[ast.stmt], *, raising: bool = True) -> bool:
    """Whether running ``statements`` always ends in a ``return`` (or, if ``raising``, a ``raise``).

    Conservative: loops and anything unusual count as falling through to
    the end of the function, whose implicit ``return None`` is no ``self``.
    """
    return any(_leaves(statement, raising) for statement in statements)


def _leaves(statement: ast.stmt, raising: bool) -> bool:
    if isinstance(statement, ast.Return):
        return True
    if isinstance(statement, ast.Raise):
        return raising
    if isinstance(statement, ast.If):
        return _always_leaves(statement.body, raising=raising) and _always_leaves(
            statement.orelse, raising=raising
        )
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        # A context manager may swallow what its body raises.
        return _always_leaves(statement.body, raising=False)
    if isinstance(statement, _TRY_STATEMENTS):
        if _always_leaves(statement.finalbody, raising=raising):
            return True
        # What the body raises may be caught: then the handler has to leave.
        handled = all(
            _always_leaves(handler.body, raising=raising) for handler in statement.handlers
        )
        return handled and (
            _always_leaves(statement.body, raising=raising)
            or _always_leaves(statement.orelse, raising=raising)
        )
    if isinstance(statement, ast.Match):
        irrefutable = any(
            case.guard is None
            and isinstance(case.pattern, ast.MatchAs)
            and case.pattern.pattern is None
            for case in statement.cases
        )
        return irrefutable and all(
            _always_leaves(case.body, raising=raising) for case in statement.cases
        )
    return False


#: ``try`` and ``try: ... except* ...`` (3.11+, with the same fields).
_TRY_STATEMENTS: Final[tuple[type[ast.Try], ...]] = (
    ast.Try,
    *(klass for klass in (getattr(ast, "TryStar", None),) if klass is not None),
)


# -- what ``__init__`` sets on ``self`` -------------------------------------------------


class Assigned(NamedTuple):
    """How a function assigns an attribute of its first parameter, as far as the source tells."""

    #: ``"annotated"`` (``self.x: Foo = ...``: ``detail`` is the annotation's
    #: text), ``"parameter"`` (``self.x = x``: the parameter's name),
    #: ``"constructed"`` (``self.x = Foo(...)``: the called expression's
    #: text), ``"literal"`` (``self.x = 0``, ``[]``, ``f"..."``: the builtin
    #: type's name) or ``"unknown"`` (anything else; ``detail`` is ``None``).
    how: str
    detail: str | None


#: Which way of assigning tells most, when one attribute is assigned several times.
_RANK: Final = {"annotated": 0, "parameter": 1, "constructed": 2, "literal": 3, "unknown": 4}

#: Builtin types of literal values (a constant's type is read from the constant).
_LITERALS: Final[dict[type[ast.expr], str]] = {
    ast.JoinedStr: "str",
    ast.List: "list",
    ast.ListComp: "list",
    ast.Dict: "dict",
    ast.DictComp: "dict",
    ast.Set: "set",
    ast.SetComp: "set",
    ast.Tuple: "tuple",
}

#: Per function: its code object when read, and what :func:`self_assignments` found.
_ASSIGNMENTS: Final[
    weakref.WeakKeyDictionary[types.FunctionType, tuple[types.CodeType, dict[str, Assigned]]]
] = weakref.WeakKeyDictionary()


def self_assignments(func: types.FunctionType) -> dict[str, Assigned]:
    """The attributes ``func`` assigns on its first parameter, with what each value says (cached).

    Read from the source of ``func`` (an ``__init__``, typically) without
    running it: every ``self.<name> = ...`` in its own scope, nested
    functions and classes left out. When an attribute is assigned more than
    once, the assignment that tells most wins (see :class:`Assigned`); among
    equals, the first in the source. ``{}`` when the source cannot be read.
    The dict given must not be changed.
    """
    code = func.__code__
    known = _ASSIGNMENTS.get(func)
    if known is not None and known[0] is code:
        return known[1]
    found = _definition(func)
    assignments = {} if found is None else _assignments(found[0], found[1])
    _ASSIGNMENTS[func] = (code, assignments)
    return assignments


def _assignments(node: ast.FunctionDef | ast.AsyncFunctionDef, first: str) -> dict[str, Assigned]:
    arguments = node.args
    parameters = {
        argument.arg
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
    } - {first}
    found: dict[str, Assigned] = {}

    def offer(name: str, assigned: Assigned) -> None:
        current = found.get(name)
        if current is None or _RANK[assigned.how] < _RANK[current.how]:
            found[name] = assigned

    nodes = sorted(
        (inner for inner in _own_scope(node.body) if isinstance(inner, (ast.stmt, ast.Attribute))),
        key=lambda inner: (inner.lineno, inner.col_offset),
    )
    for inner in nodes:
        if isinstance(inner, ast.AnnAssign):
            name = _own_attribute(inner.target, first)
            if name is not None:
                offer(name, Assigned("annotated", ast.unparse(inner.annotation)))
        elif isinstance(inner, ast.Assign):
            for target in inner.targets:
                for name, value in _paired(target, inner.value, first):
                    offer(name, _judged(value, parameters))
        elif isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store):
            # Bound some other way (``for self.x in``, ``with ... as self.x``, ``+=``).
            name = _own_attribute(inner, first)
            if name is not None:
                offer(name, Assigned("unknown", None))
    return found


def _own_attribute(target: ast.expr, first: str) -> str | None:
    """``name`` when ``target`` is ``<first>.name``."""
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == first
    ):
        return target.attr
    return None


def _paired(
    target: ast.expr, value: ast.expr | None, first: str
) -> list[tuple[str, ast.expr | None]]:
    """Each ``<first>.name`` that ``target`` assigns, with the value it gets (``None``: unknown)."""
    name = _own_attribute(target, first)
    if name is not None:
        return [(name, value)]
    if not isinstance(target, (ast.Tuple, ast.List)):
        return []
    values: list[ast.expr | None] = [None] * len(target.elts)
    if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
        values = list(value.elts)
    return [
        pair
        for element, item in zip(target.elts, values, strict=True)
        for pair in _paired(element, item, first)
    ]


def _judged(value: ast.expr | None, parameters: set[str]) -> Assigned:
    """What an assigned value's syntax says of its type."""
    if isinstance(value, ast.Name) and value.id in parameters:
        return Assigned("parameter", value.id)
    if isinstance(value, ast.Call) and _dotted(value.func):
        return Assigned("constructed", ast.unparse(value.func))
    if isinstance(value, ast.Constant) and value.value is not None and value.value is not ...:
        return Assigned("literal", type(value.value).__name__)
    literal = _LITERALS.get(type(value)) if value is not None else None
    if literal is not None:
        return Assigned("literal", literal)
    return Assigned("unknown", None)


def _dotted(node: ast.expr) -> bool:
    """Whether ``node`` is a name or a dotted name (``Headers``, ``httpx.Headers``)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)
