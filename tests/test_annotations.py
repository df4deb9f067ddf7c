"""What annotations say, as people write them: TYPE_CHECKING imports, text, TypeVars, attributes.

The knowledge half of issue 15: names imported only under ``if
TYPE_CHECKING:`` are read from the module's source and resolved when an
annotation needs them; ``TypeVar``s give their bound or default, or what a
generic alias binds them to; and a class's instances declare attributes in
class bodies, framework fields and ``__init__``. Each case is checked on
synthetic modules (written to a temporary directory, in the PEP 649 and PEP
563 styles) and against the real libraries that showed the need.
"""

import collections.abc
import dataclasses
import importlib
import itertools
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Final, Generic, Optional, TypeVar

import pytest
from annotation_targets import ANNOTATION_STYLES, PACKAGE_FILES

import amock
from amock import _declared, _source, _type_checking
from amock._annotations import (
    annotation_text,
    bind_typevars,
    class_annotations,
    resolve_annotation,
    return_annotation,
    type_arguments,
    typevar_class,
    unqualified,
    why_unknown,
    without_none,
)
from amock._declared import Declared, declared_attributes
from amock._static import MISSING
from amock._type_checking import GuardedImport, guarded_imports, may_import

_numbers = itertools.count()


@pytest.fixture(params=ANNOTATION_STYLES)
def annotated_package(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[types.SimpleNamespace]:
    """The package of ``annotation_targets``, written under a fresh name and imported."""
    number = next(_numbers)
    names = {"pkg": f"amock_annotated_{number}", "third_party": f"amock_third_party_{number}"}
    for path, text in PACKAGE_FILES.items():
        target = tmp_path / path.format(**names)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("{future}", request.param).format(**names))
    monkeypatch.syspath_prepend(str(tmp_path))
    package = names["pkg"]
    try:
        yield types.SimpleNamespace(
            name=package,
            third_party=names["third_party"],
            client=importlib.import_module(f"{package}.client"),
            declared=importlib.import_module(f"{package}.declared"),
            models=importlib.import_module(f"{package}.models"),
        )
    finally:
        for module in [name for name in sys.modules if name.startswith(package)]:
            del sys.modules[module]
        sys.modules.pop(names["third_party"], None)
    # Nothing ran a guarded block: its first import names a module that does not exist.
    assert "amock_never_imported" not in sys.modules


def returned(func: Any) -> Any:
    """What ``func``'s return annotation resolves to."""
    return resolve_annotation(return_annotation(func), func)


# -- reading the guarded imports -------------------------------------------------------


class TestGuardedImports:
    def test_each_import_form_is_read(self, annotated_package: types.SimpleNamespace) -> None:
        pkg = annotated_package.name
        found = guarded_imports(vars(annotated_package.client))
        assert found["Result"] == (GuardedImport("models", "Result", 1),)
        assert found["models"] == (GuardedImport("", "models", 1),)
        assert found["Conn"] == (GuardedImport(f"{pkg}.models", "Connection", 0),)
        assert found["lazy_module"] == (GuardedImport(f"{pkg}.lazy", None, 0),)
        assert found[pkg] == (GuardedImport(pkg, None, 0, f"{pkg}.lazy2"),)

    @pytest.mark.parametrize(
        "guard",
        [
            pytest.param("ViaTyping", id="if typing.TYPE_CHECKING"),
            pytest.param("ViaAlias", id="if t.TYPE_CHECKING"),
            pytest.param("Negated", id="else of if not TYPE_CHECKING"),
            pytest.param("ViaElif", id="elif TYPE_CHECKING"),
        ],
    )
    def test_each_guard_form_is_read(
        self, annotated_package: types.SimpleNamespace, guard: str
    ) -> None:
        assert guard in guarded_imports(vars(annotated_package.client))

    def test_the_branch_that_runs_is_not_guarded(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        # ``if t.TYPE_CHECKING: ... else: from .models import Hidden`` runs the import.
        assert "Hidden" not in guarded_imports(vars(annotated_package.client))

    def test_a_module_without_source_has_none(self) -> None:
        assert guarded_imports({"__name__": "nowhere"}) == {}
        assert guarded_imports({"__name__": "sys", "__file__": "/nonexistent/x.cpython.so"}) == {}

    def test_the_read_is_cached_per_file_until_it_changes(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "cached_module.py"
        path.write_text(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a import B\n"
        )
        reads: list[str] = []
        real = _type_checking._source

        def counting(*arguments: Any) -> Any:
            reads.append(arguments[0])
            return real(*arguments)

        monkeypatch.setattr(_type_checking, "_source", counting)
        namespace = {"__name__": "cached_module", "__file__": str(path)}
        assert list(guarded_imports(namespace)) == ["B"]
        assert list(guarded_imports(namespace)) == ["B"]
        assert len(reads) == 1
        path.write_text(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a import B, Cee\n"
        )
        assert list(guarded_imports(namespace)) == ["B", "Cee"]
        assert len(reads) == 2

    @pytest.mark.parametrize(
        "source",
        [
            pytest.param(
                'if TYPE_CHECKING:\n    from a import B\n    DOC = """\ncolumn zero\n"""\n',
                id="a string at column zero inside the block",
            ),
            pytest.param(
                "if (\n    TYPE_CHECKING\n):\n    from a import B\n", id="a test over lines"
            ),
            pytest.param(
                "if TYPE_CHECKING:\n    from a import B\nflag = TYPE_CHECKING\n",
                id="another use of the name",
            ),
        ],
    )
    def test_what_the_line_scan_cannot_cut_is_parsed_whole(self, source: str) -> None:
        assert _type_checking._guarded_blocks(source) is None
        assert _type_checking._imports_in(source) == {"B": (GuardedImport("a", "B", 0),)}

    def test_the_line_scan_finds_what_parsing_the_module_finds(self) -> None:
        source = (
            "from typing import (\n    TYPE_CHECKING,\n)\nimport typing\n"
            "TYPE_CHECKING = False  # no typing import at run time\n"
            "if TYPE_CHECKING:  # comment\n    from a import B\n    if sys.version_info > (3,):\n"
            "        from c import D\n    else:\n        from e import D\n"
            "\n    import f.g\nelse:\n    from h import Ignored\n"
            "class K:\n    if typing.TYPE_CHECKING: from i import J\n"
            "try:\n    pass\nexcept ImportError:\n"
            "    if TYPE_CHECKING:\n        from k import L as M\n"
        )
        blocks = _type_checking._guarded_blocks(source)
        assert blocks is not None
        expected = {
            "B": (GuardedImport("a", "B", 0),),
            "D": (GuardedImport("c", "D", 0), GuardedImport("e", "D", 0)),
            "f": (GuardedImport("f", None, 0, "f.g"),),
            "J": (GuardedImport("i", "J", 0),),
            "M": (GuardedImport("k", "L", 0),),
        }
        assert _type_checking._imports_in(source) == expected
        whole: dict[str, list[GuardedImport]] = {}
        _type_checking._collect(__import__("ast").parse(source).body, False, whole)
        assert {name: tuple(found) for name, found in whole.items()} == expected

    def test_a_star_import_names_nothing(self) -> None:
        assert _type_checking._imports_in("if TYPE_CHECKING:\n    from a import *\n") == {}


# -- resolving guarded names -----------------------------------------------------------


class TestResolvingTypeCheckingNames:
    @pytest.mark.parametrize(
        ("function", "expected"),
        [
            pytest.param("returns_via_typing", "Connection", id="typing.TYPE_CHECKING"),
            pytest.param("returns_via_alias", "Connection", id="t.TYPE_CHECKING"),
            pytest.param("returns_via_elif", "Connection", id="elif TYPE_CHECKING"),
            pytest.param("returns_negated", "Negated", id="else of not TYPE_CHECKING"),
            pytest.param("returns_module_attribute", "Connection", id="from . import models"),
        ],
    )
    def test_a_guarded_name_resolves_to_its_class(
        self, annotated_package: types.SimpleNamespace, function: str, expected: str
    ) -> None:
        found = returned(getattr(annotated_package.client, function))
        assert found is getattr(annotated_package.models, expected)

    @pytest.mark.parametrize(
        ("function", "origin", "arguments"),
        [
            pytest.param("returns_result", "Result", (Any,), id="Result[Any]"),
            pytest.param("returns_scalars", "ScalarResult", (Any,), id="ScalarResult[Any]"),
            pytest.param(
                "returns_nested",
                "Result",
                (typing.Tuple[int],),  # noqa: UP006 - as the module writes it
                id="Result[Tuple[int]]",
            ),
        ],
    )
    def test_a_generic_alias_of_a_guarded_class_resolves(
        self,
        annotated_package: types.SimpleNamespace,
        function: str,
        origin: str,
        arguments: tuple[Any, ...],
    ) -> None:
        found = returned(getattr(annotated_package.client, function))
        assert typing.get_origin(found) is getattr(annotated_package.models, origin)
        assert typing.get_args(found) == arguments

    def test_a_guarded_name_inside_a_builtin_generic_resolves(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        connection = annotated_package.models.Connection
        assert returned(annotated_package.client.returns_list) == list[connection]

    def test_a_quoted_guarded_name_inside_optional_resolves(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        connection = annotated_package.models.Connection
        assert returned(annotated_package.client.returns_optional) == connection | None

    def test_the_modules_own_name_wins_over_a_guarded_import(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        # ``Shadow`` is imported for type checkers and is ``int`` at run time.
        connection = annotated_package.models.Connection
        assert returned(annotated_package.client.returns_shadowed) == dict[int, connection]

    def test_a_name_imported_in_the_branch_that_runs_is_not_guarded(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        assert returned(annotated_package.client.returns_hidden) is MISSING

    def test_a_module_of_the_same_package_is_imported(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        pkg = annotated_package.name
        assert f"{pkg}.lazy" not in sys.modules
        found = returned(annotated_package.client.returns_lazy)
        assert found is sys.modules[f"{pkg}.lazy"].Lazy

    def test_import_of_a_submodule_binds_its_package(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        pkg = annotated_package.name
        found = returned(annotated_package.client.returns_dotted)
        assert found is sys.modules[f"{pkg}.lazy2"].Lazy2

    def test_from_a_package_import_a_submodule(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        found = returned(annotated_package.client.returns_submodule)
        assert found is sys.modules[f"{annotated_package.name}.lazy"].Lazy

    def test_a_lazy_module_attribute_of_the_same_package_is_read(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        found = returned(annotated_package.client.returns_dynamic)
        assert found is annotated_package.models.Connection

    def test_a_third_party_module_not_imported_stays_unimported(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        assert returned(annotated_package.client.returns_widget) is MISSING
        assert annotated_package.third_party not in sys.modules

    def test_a_third_party_module_already_imported_is_used(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        widgets = importlib.import_module(annotated_package.third_party)
        assert returned(annotated_package.client.returns_widget) is widgets.Widget

    def test_a_standard_library_module_is_imported(
        self, annotated_package: types.SimpleNamespace, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delitem(sys.modules, "sched", raising=False)
        found = returned(annotated_package.client.returns_scheduler)
        assert found is sys.modules["sched"].scheduler

    def test_an_absent_module_is_missing(self, annotated_package: types.SimpleNamespace) -> None:
        assert returned(annotated_package.client.returns_never) is MISSING

    def test_a_module_that_fails_to_import_is_missing_and_not_tried_again(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        counter = importlib.import_module(f"{annotated_package.name}.counter")
        assert returned(annotated_package.client.returns_broken) is MISSING
        assert returned(annotated_package.client.returns_broken) is MISSING
        assert counter.imports == 1

    def test_the_source_is_read_only_when_plain_evaluation_fails(
        self, annotated_package: types.SimpleNamespace, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(namespace: dict[str, Any]) -> Any:
            raise AssertionError("read the guarded imports of a resolvable annotation")

        monkeypatch.setattr(_type_checking, "guarded_imports", refuse)
        assert returned(annotated_package.client.returns_int) is int

    def test_a_class_defined_in_a_function_resolves_its_own_names(self) -> None:
        # No source file for the namespace: evaluation falls back to MISSING quietly.
        namespace: dict[str, Any] = {"__name__": "made"}
        exec("def made() -> 'Unknown': pass", namespace)
        assert returned(namespace["made"]) is MISSING


class TestImportRule:
    def test_a_module_in_sys_modules_may_be_used(self) -> None:
        assert may_import("json", "anything")

    def test_the_same_top_level_package_may_be_imported(self) -> None:
        assert may_import("amock.not_a_module", "amock._annotations")

    def test_the_standard_library_may_be_imported(self) -> None:
        assert may_import("sched", "somewhere")

    @pytest.mark.parametrize("module", ["this", "antigravity"])
    def test_standard_modules_that_act_on_import_may_not(self, module: str) -> None:
        if module in sys.modules:
            pytest.fail(f"{module} was imported by something")
        assert not may_import(module, "somewhere")

    def test_a_third_party_package_not_imported_may_not(self) -> None:
        assert not may_import("amock_no_such_package.sub", "amock._annotations")

    def test_a_package_whose_top_level_is_not_imported_may_not(self) -> None:
        assert not may_import("amock_no_such_package.sub", "amock_no_such_package.other")


# -- PEP 563 and PEP 649 forms resolve alike --------------------------------------------


class TestTextAndForwardReferences:
    def test_a_forward_reference_resolves_in_the_home_module(self) -> None:
        assert resolve_annotation(typing.ForwardRef("Declared"), declared_attributes) is Declared

    def test_an_argument_that_does_not_resolve_is_kept(self) -> None:
        # A string inside typing's Optional is a ForwardRef.
        unresolved = Optional["NoSuchName"]  # type: ignore[name-defined]  # noqa: F821
        assert resolve_annotation(unresolved, declared_attributes) == unresolved

    def test_literal_strings_are_values_not_names(self) -> None:
        literal = typing.Literal["Declared"]
        assert resolve_annotation(literal, declared_attributes) is literal

    def test_an_alias_without_references_is_returned_as_it_is(self) -> None:
        alias = dict[str, int]
        assert resolve_annotation(alias, declared_attributes) is alias

    def test_a_class_home_searches_the_class_namespace_first(self) -> None:
        class Outer:
            class Inner:
                pass

        assert resolve_annotation("Inner", Outer) is Outer.Inner

    def test_a_module_home(self) -> None:
        assert resolve_annotation("Declared", _declared) is Declared

    @pytest.mark.skipif(sys.version_info < (3, 14), reason="PEP 649 is 3.14+")
    def test_a_pep_649_name_inside_an_alias_resolves(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        # FORWARDREF gives ``list[ForwardRef('Conn')]``: the reference inside resolves.
        assert (
            returned(annotated_package.client.returns_list)
            == list[annotated_package.models.Connection]
        )


# -- the real SQLAlchemy 2 async API ------------------------------------------------------


class TestSQLAlchemy:
    """Each return annotation of SQLAlchemy's async API resolves to its class."""

    @pytest.fixture(autouse=True)
    def _sqlalchemy(self) -> None:
        pytest.importorskip("sqlalchemy.ext.asyncio")

    def annotation(self, owner: type, name: str) -> Any:
        method = owner.__dict__[name]
        return returned(method)

    def test_session_execute_gives_a_result(self) -> None:
        from sqlalchemy.engine import Result
        from sqlalchemy.ext.asyncio import AsyncSession

        assert typing.get_origin(self.annotation(AsyncSession, "execute")) is Result

    def test_session_scalars_gives_a_scalar_result(self) -> None:
        from sqlalchemy.engine import ScalarResult
        from sqlalchemy.ext.asyncio import AsyncSession

        found = self.annotation(AsyncSession, "scalars")
        assert found == ScalarResult[Any]

    def test_session_stream_gives_an_async_result(self) -> None:
        from sqlalchemy.ext.asyncio import AsyncResult, AsyncSession

        assert typing.get_origin(self.annotation(AsyncSession, "stream")) is AsyncResult

    def test_session_begin_gives_a_transaction(self) -> None:
        from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction

        assert self.annotation(AsyncSession, "begin") is AsyncSessionTransaction

    def test_sessionmaker_call_gives_its_session_class(self) -> None:
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        found = self.annotation(async_sessionmaker, "__call__")
        assert isinstance(found, TypeVar)
        assert typevar_class(found) is AsyncSession
        assert bind_typevars(found, {}) is AsyncSession

    def test_a_sessionmaker_of_a_subclass_binds_it(self) -> None:
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        class MySession(AsyncSession):
            pass

        found = self.annotation(async_sessionmaker, "__call__")
        bindings = type_arguments(async_sessionmaker[MySession])
        assert bind_typevars(found, bindings) is MySession

    def test_sessionmaker_begin_enters_its_session_class(self) -> None:
        # begin() -> _AsyncSessionContextManager[_AS], whose __aenter__ -> _AS:
        # the alias binds _AS to the maker's own, unbound _AS.
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        begun = self.annotation(async_sessionmaker, "begin")
        manager = typing.get_origin(begun)
        entered = self.annotation(manager, "__aenter__")
        assert bind_typevars(entered, type_arguments(begun)) is AsyncSession

    def test_engine_connect_gives_a_connection(self) -> None:
        from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

        assert self.annotation(AsyncEngine, "connect") is AsyncConnection

    def test_engine_begin_enters_a_connection(self) -> None:
        from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

        found = self.annotation(AsyncEngine, "begin")
        assert typing.get_origin(found) is collections.abc.AsyncIterator
        assert typing.get_args(found) == (AsyncConnection,)

    def test_a_transaction_enters_as_itself(self) -> None:
        # StartableContext["AsyncSessionTransaction"]: text, resolved where it was written.
        from sqlalchemy.ext.asyncio import AsyncSessionTransaction
        from sqlalchemy.ext.asyncio.base import StartableContext

        bindings = type_arguments(AsyncSessionTransaction, owner=StartableContext)
        assert list(bindings.values()) == [AsyncSessionTransaction]

    @pytest.mark.anyio
    async def test_autospecced_session_results_keep_sync_methods(self) -> None:
        # The first failure: result.scalars().all() gave a coroutine.
        from sqlalchemy.engine import Result, ScalarResult
        from sqlalchemy.ext.asyncio import AsyncSession

        session = amock.create_autospec(AsyncSession, instance=True)
        result = await session.execute("query")
        assert isinstance(result, Result)
        rows = result.scalars().all()
        assert not isinstance(rows, typing.Awaitable)
        scalars = await session.scalars("query")
        assert isinstance(scalars, ScalarResult)
        assert not isinstance(scalars.all(), typing.Awaitable)


# -- type variables -------------------------------------------------------------------------

Bounded = TypeVar("Bounded", bound="Declared")
Constrained = TypeVar("Constrained", str, bytes)
Free = TypeVar("Free")


class Item:
    pass


class Box(Generic[Free]):
    def get(self) -> Free:
        raise NotImplementedError


class ItemBox(Box[Item]):
    pass


Other = TypeVar("Other")


class ListBox(Box[list[Other]], Generic[Other]):
    pass


class TestTypeVars:
    def test_a_bound_given_as_text_resolves_where_the_typevar_was_defined(self) -> None:
        assert typevar_class(Bounded) is Declared

    def test_constraints_name_no_single_class(self) -> None:
        assert typevar_class(Constrained) is MISSING

    def test_a_typevar_with_neither_says_nothing(self) -> None:
        assert typevar_class(Free) is MISSING

    def test_not_a_typevar(self) -> None:
        assert typevar_class(int) is MISSING

    def test_a_default_wins_over_the_bound(self) -> None:
        import typing_extensions

        with_default = typing_extensions.TypeVar("with_default", bound=Item, default=bool)
        assert typevar_class(with_default) is bool

    @pytest.mark.skipif(sys.version_info < (3, 13), reason="PEP 696 defaults are 3.13+")
    def test_a_typing_default(self) -> None:
        with_default = TypeVar("with_default", default=Item)  # type: ignore[call-overload]
        assert typevar_class(with_default) is Item

    def test_arguments_of_an_alias_bind_its_parameters(self) -> None:
        assert type_arguments(Box[Item]) == {Free: Item}

    def test_a_subclass_binds_through_its_generic_bases(self) -> None:
        assert type_arguments(ItemBox) == {Free: Item}

    def test_bindings_follow_a_chain_of_generic_bases(self) -> None:
        assert type_arguments(ListBox[int]) == {Other: int, Free: list[int]}

    def test_the_owner_gives_exactly_its_bindings(self) -> None:
        assert type_arguments(ListBox[int], owner=Box) == {Free: list[int]}
        assert type_arguments(ListBox[int], owner=ListBox) == {Other: int}

    def test_unbound_parameters_are_left_out(self) -> None:
        assert type_arguments(ListBox) == {Free: list[Other]}

    def test_not_a_generic(self) -> None:
        assert type_arguments(42) == {}

    def test_a_typevartuple_stops_the_binding(self) -> None:
        import typing_extensions

        shape = typing_extensions.TypeVarTuple("shape")

        class Array(Generic[Free, typing_extensions.Unpack[shape]]):
            pass

        assert type_arguments(Array[int, str, bytes]) == {Free: int}

    def test_binding_a_bare_typevar(self) -> None:
        assert bind_typevars(Free, {Free: Item}) is Item

    def test_binding_inside_an_alias(self) -> None:
        assert bind_typevars(list[Free], {Free: Item}) == list[Item]
        typing_list = typing.List  # noqa: UP006 - typing's alias, not the builtin
        assert bind_typevars(typing_list[Free], {Free: Item}) == typing_list[Item]

    def test_an_unbound_typevar_falls_back_to_its_bound(self) -> None:
        assert bind_typevars(Bounded, {}) is Declared
        assert bind_typevars(Bounded, {}, fallback=False) is Bounded

    def test_a_typevar_that_says_nothing_stays(self) -> None:
        assert bind_typevars(Free, {}) is Free
        assert bind_typevars(list[Free], {}) == list[Free]

    def test_a_typevar_bound_to_itself_is_unbound(self) -> None:
        assert bind_typevars(Bounded, {Bounded: Bounded}) is Declared
        assert bind_typevars(Free, {Free: Other, Other: Free}) in (Free, Other)  # a cycle ends

    def test_a_binding_to_another_typevar_is_followed(self) -> None:
        assert bind_typevars(Free, {Free: Other, Other: Item}) is Item

    @pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 695 syntax is 3.12+")
    def test_a_pep_695_bound(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        name = f"amock_pep695_{next(_numbers)}"
        (tmp_path / f"{name}.py").write_text(
            "class Item:\n    pass\n\nclass Box[T: Item]:\n    pass\n"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        try:
            module = importlib.import_module(name)
            (parameter,) = module.Box.__type_params__
            assert typevar_class(parameter) is module.Item
        finally:
            sys.modules.pop(name, None)

    @pytest.mark.skipif(sys.version_info < (3, 14), reason="failing PEP 695 bounds are text 3.14+")
    def test_a_pep_695_bound_imported_for_type_checkers(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        name = f"amock_pep695_{next(_numbers)}"
        (tmp_path / f"{name}.py").write_text(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from decimal import Decimal\n"
            "class Box[T: Decimal]:\n    pass\n"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        try:
            module = importlib.import_module(name)
            (parameter,) = module.Box.__type_params__
            import decimal

            assert typevar_class(parameter) is decimal.Decimal
        finally:
            sys.modules.pop(name, None)


class TestReadingResolvedAnnotations:
    @pytest.mark.parametrize(
        ("annotation", "expected"),
        [
            (Optional[Item], Item),  # noqa: UP045 - typing's form
            (Item | None, Item),
            (typing.Union[None, Item], Item),  # noqa: UP007 - typing's form
            (Item | int | None, Item | int | None),
            (Item, Item),
            (None, None),
        ],
    )
    def test_without_none(self, annotation: Any, expected: Any) -> None:
        assert without_none(annotation) == expected

    @pytest.mark.parametrize(
        ("annotation", "expected"),
        [
            (ClassVar[Item], Item),
            (Final[Item], Item),
            (typing.Annotated[Item, "meta"], Item),
            (dataclasses.InitVar[Item], Item),
            (ClassVar[typing.Annotated[Item, 1]], Item),
            (Final, MISSING),
            (ClassVar, MISSING),
            (Item, Item),
        ],
    )
    def test_unqualified(self, annotation: Any, expected: Any) -> None:
        assert unqualified(annotation) is expected or unqualified(annotation) == expected

    @pytest.mark.parametrize(
        ("annotation", "expected"),
        [
            ("Result[Any]", "Result[Any]"),
            (typing.ForwardRef("Connection"), "Connection"),
            (Item, "Item"),
            (typing.List[int], "List[int]"),  # noqa: UP006 - typing's form
        ],
    )
    def test_annotation_text(self, annotation: Any, expected: str) -> None:
        assert annotation_text(annotation) == expected


class TestWhyUnknown:
    """The phrase an error message gives for an annotation that names no class."""

    def test_a_class_is_known(self) -> None:
        assert why_unknown(Item, Box.get) is None
        assert why_unknown(Item | None, Box.get) is None
        assert why_unknown(Bounded, Box.get) is None  # its bound names a class

    @pytest.mark.parametrize(
        ("annotation", "phrase"),
        [
            (MISSING, "is missing"),
            (Any, "is `Any`, which says nothing of the value"),
            (object, "is `object`, which says nothing of the value"),
            (Free, "is the TypeVar `Free`, which nothing binds"),
            (Item | Box, "names several classes: `"),
            (
                "NoSuchName[int]",
                "`NoSuchName[int]` does not resolve: `NoSuchName` is not defined in",
            ),
            ("1 / 0", "`1 / 0` does not resolve: evaluating it raised ZeroDivisionError"),
        ],
    )
    def test_the_phrase(self, annotation: Any, phrase: str) -> None:
        found = why_unknown(annotation, Box.get)
        assert found is not None
        assert found.startswith(phrase)

    def test_a_third_party_module_not_imported(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        widget = annotated_package.client.returns_widget
        assert why_unknown(return_annotation(widget), widget) == (
            f"`Widget` does not resolve: `Widget` is imported from "
            f"`{annotated_package.third_party}` for type checkers only, and amock imports "
            "no third-party module this process has not imported"
        )

    def test_a_module_that_failed_to_import(self, annotated_package: types.SimpleNamespace) -> None:
        broken = annotated_package.client.returns_broken
        assert returned(broken) is MISSING
        assert why_unknown(return_annotation(broken), broken) == (
            f"`Broken` does not resolve: `Broken` is imported from "
            f"`{annotated_package.name}.broken` for type checkers only, and importing "
            f"`{annotated_package.name}.broken` failed"
        )

    def test_a_guarded_name_its_module_lacks(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        absent = annotated_package.client.returns_not_there
        assert returned(absent) is MISSING
        assert why_unknown(return_annotation(absent), absent) == (
            f"`NotThere` does not resolve: `NotThere` is imported from "
            f"`{annotated_package.name}.models` for type checkers only, and "
            f"`{annotated_package.name}.models` has no `NotThere`"
        )

    def test_a_module_without_the_name(self, annotated_package: types.SimpleNamespace) -> None:
        # ``Hidden`` is imported in the branch that runs, then deleted.
        hidden = annotated_package.client.returns_hidden
        found = why_unknown(return_annotation(hidden), hidden)
        assert found == (
            f"`Hidden` does not resolve: `Hidden` is not defined in "
            f"`{annotated_package.name}.client`"
        )


# -- declared attributes ---------------------------------------------------------------------


class Headers:
    pass


class Stream:
    pass


class WithInit:
    def __init__(self, status_code: int, stream: Stream, untyped, *args: int, **kw: str) -> None:  # type: ignore[no-untyped-def]
        self.status_code = status_code
        self.headers = Headers()
        self.next: Stream | None = None
        self.is_closed = False
        self.history = []  # type: ignore[var-annotated]
        self.label = f"{status_code}"
        self.untyped = untyped
        self.rest = args
        self.stream, self.extra = stream, status_code
        self.first, self.second = divmod(1, 2)
        self.made = make_stream()
        self.none = None
        if status_code:
            self.stream = None  # type: ignore[assignment]
        for self.looped in range(2):
            pass

        def nested(inner: Any) -> None:
            inner.hidden = 1
            self.from_nested = 1

        nested(self)


def make_stream() -> Stream:
    return Stream()


class TestInitAssignments:
    def test_each_form(self) -> None:
        found = declared_attributes(WithInit)
        assert found["status_code"].resolved() is int
        assert found["status_code"].how == "parameter"
        assert found["headers"].resolved() is Headers
        assert found["headers"].how == "constructed"
        assert found["next"].resolved() == Stream | None
        assert found["next"].how == "annotated"
        assert found["is_closed"].resolved() is bool
        assert found["history"].resolved() is list
        assert found["label"].resolved() is str
        assert found["stream"].resolved() is Stream
        assert found["extra"].resolved() is int

    @pytest.mark.parametrize(
        "name",
        [
            pytest.param("untyped", id="an unannotated parameter"),
            pytest.param("rest", id="*args"),
            pytest.param("first", id="unpacked from a call"),
            pytest.param("made", id="a call of a function, not a class"),
            pytest.param("none", id="None"),
            pytest.param("looped", id="a loop target"),
        ],
    )
    def test_present_but_untyped(self, name: str) -> None:
        found = declared_attributes(WithInit)[name]
        assert found.resolved() is MISSING

    def test_nested_scopes_are_left_out(self) -> None:
        found = declared_attributes(WithInit)
        assert "hidden" not in found
        assert "from_nested" not in found

    def test_the_body_never_runs(self) -> None:
        class Exploding:
            def __init__(self) -> None:
                self.value = 1
                raise AssertionError("ran __init__")

        assert declared_attributes(Exploding)["value"].resolved() is int

    def test_a_decorated_init_is_read_through(self) -> None:
        import functools

        def logged(func: Any) -> Any:
            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                return func(*args, **kwargs)

            return wrapper

        class Decorated:
            @logged
            def __init__(self, size: int) -> None:
                self.size = size

        assert declared_attributes(Decorated)["size"].resolved() is int

    def test_an_init_without_source_gives_nothing(self) -> None:
        namespace: dict[str, Any] = {}
        exec("class Made:\n    def __init__(self):\n        self.x = 1\n", namespace)
        assert dict(declared_attributes(namespace["Made"])) == {}

    def test_the_source_is_read_once_per_function(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Counted:
            def __init__(self) -> None:
                self.x = 1

        reads: list[object] = []
        real = _source._definition

        def counting(func: Any) -> Any:
            reads.append(func)
            return real(func)

        monkeypatch.setattr(_source, "_definition", counting)
        _source.self_assignments(Counted.__init__)
        _source.self_assignments(Counted.__init__)
        assert len(reads) == 1


class Annotated:
    content: Stream
    size: int = 0
    shared: ClassVar[Headers]


class MoreAnnotated(Annotated):
    size: bool  # type: ignore[assignment]

    def __init__(self) -> None:
        self.content = None  # type: ignore[assignment]
        self.extra = Headers()


class TestClassAnnotations:
    def test_annotations_across_the_mro(self) -> None:
        found = declared_attributes(MoreAnnotated)
        assert found["content"].resolved() is Stream
        assert found["content"].source == "class"
        assert found["size"].resolved() is bool  # the nearest class wins
        assert found["shared"].resolved() is Headers
        assert found["extra"].resolved() is Headers

    def test_a_typed_declaration_wins_over_an_untyped_assignment(self) -> None:
        assert declared_attributes(MoreAnnotated)["content"].home is Annotated

    def test_class_annotations_are_the_classes_own(self) -> None:
        assert list(class_annotations(MoreAnnotated)) == ["size"]
        assert class_annotations(WithInit) == {}

    def test_guarded_names_in_another_module(
        self, annotated_package: types.SimpleNamespace
    ) -> None:
        models, declared = annotated_package.models, annotated_package.declared
        found = declared_attributes(declared.Child)
        assert found["content"].resolved() is models.Connection
        assert found["content"].home is declared.Base
        assert found["label"].resolved() == models.Connection | None
        assert found["counter"].resolved() is int
        assert found["connection"].resolved() is models.Connection
        assert found["connection"].how == "parameter"
        assert found["size"].resolved() is int
        assert found["result"].resolved() == models.Result[int]

    def test_the_cache_is_per_class(self) -> None:
        assert declared_attributes(MoreAnnotated) is declared_attributes(MoreAnnotated)
        assert declared_attributes(Annotated) is not declared_attributes(MoreAnnotated)


class TestFrameworkFields:
    def test_dataclass_fields(self, annotated_package: types.SimpleNamespace) -> None:
        models, declared = annotated_package.models, annotated_package.declared
        found = declared_attributes(declared.Record)
        assert found["connection"].resolved() is models.Connection
        assert found["connection"].source == "dataclass"
        assert found["result"].resolved() == models.Result[int] | None
        assert "_" not in found  # KW_ONLY declares no attribute
        assert "seed" not in found  # nor does an InitVar
        assert found["flag"].source == "class"  # a ClassVar is no field, still readable

    def test_attrs_fields(self) -> None:
        attr = pytest.importorskip("attr")

        @attr.s
        class Point:
            x = attr.ib(type=int)
            y = attr.ib(type="Headers")
            z = attr.ib()

        found = declared_attributes(Point)
        assert found["x"].resolved() is int
        assert found["x"].source == "attrs"
        assert found["y"].resolved() is Headers
        assert found["z"].annotation is MISSING

    def test_pydantic_fields_are_read_from_the_class_dict(self) -> None:
        # pydantic v2 keeps resolved FieldInfo records in ``__pydantic_fields__``.
        class FieldInfo:
            __slots__ = ("annotation",)

            def __init__(self, annotation: Any) -> None:
                self.annotation = annotation

        class Model:
            __pydantic_fields__: ClassVar[dict[str, FieldInfo]] = {
                "stream": FieldInfo(Stream),
                "maybe": FieldInfo(Headers | None),
            }

        found = declared_attributes(Model)
        assert found["stream"].resolved() is Stream
        assert found["stream"].source == "pydantic"
        assert found["maybe"].resolved() == Headers | None

    def test_pydantic_before_2_10_kept_model_fields(self) -> None:
        class FieldInfo:
            annotation = Stream

        class Model:
            model_fields: ClassVar[dict[str, Any]] = {"stream": FieldInfo()}

        assert declared_attributes(Model)["stream"].resolved() is Stream

    def test_nothing_is_imported(self) -> None:
        import ast

        tree = ast.parse(Path(_declared.__file__).read_text(encoding="utf-8"))
        imported = {
            alias.name.partition(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in (node.names if isinstance(node, ast.Import) else [])
        } | {
            (node.module or "").partition(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert not imported & {"attr", "attrs", "pydantic"}


class TestNeverRunsUserCode:
    def test_properties_getattr_and_metaclass_hooks_do_not_run(self) -> None:
        ran: list[str] = []

        class Meta(type):
            def __getattribute__(cls, name: str) -> Any:
                ran.append(name)
                return super().__getattribute__(name)

        class Guarded(metaclass=Meta):
            value: int

            @property
            def computed(self) -> int:
                ran.append("property")
                return 1

            def __getattr__(self, name: str) -> Any:
                ran.append(name)
                raise AttributeError(name)

            def __init__(self) -> None:
                self.other = 1

        ran.clear()
        found = declared_attributes(Guarded)
        assert set(found) == {"value", "other"}
        assert ran == []


# -- the real client libraries ------------------------------------------------------------------


class TestRealLibraries:
    def test_aiohttp_response_content(self) -> None:
        aiohttp = pytest.importorskip("aiohttp")
        found = declared_attributes(aiohttp.ClientResponse)
        assert found["content"].resolved() is aiohttp.StreamReader
        assert found["status"].resolved() is int
        # Annotated with a quoted name inside Optional: resolved all the same.
        session = found["_session"].resolved()
        assert without_none(session) is aiohttp.ClientSession

    def test_httpx_response_attributes_set_in_init(self) -> None:
        httpx = pytest.importorskip("httpx")
        found = declared_attributes(httpx.Response)
        assert found["status_code"].resolved() is int
        assert found["headers"].resolved() is httpx.Headers
        assert without_none(found["next_request"].resolved()) is httpx.Request
        assert found["is_closed"].resolved() is bool

    def test_redis_client(self) -> None:
        pytest.importorskip("redis")
        from redis.asyncio import Redis
        from redis.asyncio.connection import Connection, ConnectionPool

        found = declared_attributes(Redis)
        assert without_none(found["connection_pool"].resolved()) is ConnectionPool
        assert without_none(found["connection"].resolved()) is Connection

    def test_redis_pipeline(self) -> None:
        pytest.importorskip("redis")
        from redis.asyncio.client import Pipeline
        from redis.asyncio.connection import ConnectionPool

        found = declared_attributes(Pipeline)
        assert found["connection_pool"].resolved() is ConnectionPool
        assert found["is_transaction"].resolved() is bool
        assert typing.get_origin(found["command_stack"].resolved()) is list

    def test_redis_pubsub(self) -> None:
        pytest.importorskip("redis")
        from redis.asyncio.client import PubSub
        from redis.asyncio.connection import ConnectionPool

        found = declared_attributes(PubSub)
        assert found["connection_pool"].resolved() is ConnectionPool
        assert found["channels"].resolved() is dict
        assert found["connection"].resolved() is MISSING  # ``self.connection = None``

    def test_asyncpg_pool_and_connection_are_unannotated(self) -> None:
        asyncpg = pytest.importorskip("asyncpg")
        pool = declared_attributes(asyncpg.Pool)
        assert pool["_minsize"].annotation is MISSING
        assert pool["_closed"].resolved() is bool
        connection = declared_attributes(asyncpg.Connection)
        assert connection["_protocol"].annotation is MISSING
        assert connection["_stmt_cache"].how == "constructed"
        assert connection["_stmt_cache"].resolved() is not MISSING


# -- declared attributes on an autospec --------------------------------------------------


class Held(Generic[Free]):
    item: Free
    maybe: Optional[Headers]  # noqa: UP045 - the form many projects still write
    unknown: "NoSuchName"  # type: ignore[name-defined]  # noqa: F821


class ItemHeld(Held[Item]):
    pass


class TestAutospecOfDeclaredAttributes:
    """An autospecced instance has what its class declares, shaped by the declared type."""

    def test_a_class_annotation_gives_an_instance_of_its_class(self) -> None:
        fake = amock.create_autospec(MoreAnnotated, instance=True)
        assert isinstance(fake.content, Stream)
        assert isinstance(fake.extra, Headers)  # ``self.extra = Headers()`` in __init__
        assert isinstance(fake.size, int)  # a class value (``= 0``): specced on it, as the stdlib

    def test_init_assignments_by_how_they_are_made(self) -> None:
        fake = amock.create_autospec(WithInit, instance=True)
        assert isinstance(fake.status_code, int)  # a parameter's annotation
        assert isinstance(fake.is_closed, bool)  # a literal
        assert isinstance(fake.next, Stream)  # ``Stream | None``: the value, when there is one
        untyped = fake.untyped  # nothing says: a sync MagicMock
        assert isinstance(untyped, amock.MagicMock)
        assert not isinstance(untyped, amock.AsyncMock)
        assert not isinstance(untyped(), amock.AsyncMock)

    def test_a_typevar_takes_what_the_bases_bind(self) -> None:
        assert isinstance(amock.create_autospec(ItemHeld, instance=True).item, Item)
        free = amock.create_autospec(Held, instance=True).item  # nothing binds it
        assert isinstance(free, amock.MagicMock)
        assert not isinstance(free, Item)

    def test_optional_and_unresolved_annotations(self) -> None:
        fake = amock.create_autospec(Held, instance=True)
        assert isinstance(fake.maybe, Headers)
        assert isinstance(fake.unknown, amock.MagicMock)
        assert not isinstance(fake.unknown, amock.AsyncMock)

    def test_attrs_fields(self) -> None:
        attr = pytest.importorskip("attr")

        @attr.s
        class Point:
            x = attr.ib(type=int)
            headers = attr.ib(type=Headers)

        fake = amock.create_autospec(Point, instance=True)
        assert isinstance(fake.x, int)
        assert isinstance(fake.headers, Headers)

    def test_read_only_when_a_name_is_missing_from_the_class(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        class Lazy:
            content: Stream

            def __init__(self) -> None:
                self.status_code = 200

            def close(self) -> None:
                pass

        asked: list[type] = []
        original = _declared.declared_attributes

        def counting(cls: type) -> Any:
            asked.append(cls)
            return original(cls)

        monkeypatch.setattr(_declared, "declared_attributes", counting)
        fake = amock.create_autospec(Lazy, instance=True)
        fake.close()
        assert asked == []  # nothing declared was asked for
        assert isinstance(fake.content, Stream)
        assert asked

    def test_a_sealed_instance_still_has_them(self) -> None:
        fake = amock.create_autospec(WithInit, instance=True)
        amock.seal(fake)
        assert isinstance(fake.status_code, int)
        with pytest.raises(AttributeError):
            _ = fake.nothing_declares_this

    def test_the_stdlib_refuses_them(self) -> None:
        import unittest.mock

        fake = unittest.mock.create_autospec(WithInit, instance=True)
        with pytest.raises(AttributeError):
            _ = fake.status_code


class TestInstanceSignatures:
    """An instance spec's signature is read once for every plain class, as the stdlib reads it."""

    class Plain:
        pass

    class Callable:
        def __call__(self, x: int, *, y: int = 1) -> None:
            pass

    @pytest.mark.parametrize("cls", [Plain, Callable])
    @pytest.mark.parametrize("eat_self", [False, True])
    def test_the_same_signature_as_the_stdlib(self, cls: type, eat_self: bool) -> None:
        import unittest.mock

        from amock._annotations import signature_object

        ours = signature_object(cls, True, eat_self)
        theirs = unittest.mock._get_signature_object(cls, True, eat_self)  # type: ignore[attr-defined]
        assert ours is not None
        assert theirs is not None
        assert ours[1] == theirs[1]
        assert ours[0] == theirs[0]

    def test_an_instance_with_its_own_call_checks_it(self) -> None:
        fake = amock.create_autospec(self.Callable, instance=True)
        fake(1, y=2)
        with pytest.raises(TypeError, match="missing a required argument: 'x'"):
            fake()


class TestClassVariablesAreNotOnInstances:
    @dataclasses.dataclass
    class WithNonFields:
        a: ClassVar[int]
        b: dataclasses.InitVar[int]
        c: ClassVar[int] = 3

    def test_a_class_variable_without_a_value_and_an_initvar_stay_attribute_errors(
        self,
    ) -> None:
        import unittest.mock

        for module in (unittest.mock, amock):
            fake = module.create_autospec(self.WithNonFields, instance=True)
            for name in ("a", "b"):
                with pytest.raises(AttributeError, match="Mock object has no attribute"):
                    getattr(fake, name)
            assert isinstance(fake.c, int)  # held by the class
