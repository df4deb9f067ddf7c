"""amock.create_autospec: lazy, async-exact, signature-checked, annotation-aware."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import inspect
import sys
import unittest.mock as std
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import patch_targets as targets
import pytest

import amock

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover - exercised on 3.10 only
    Self = "Self"


# -- targets ---------------------------------------------------------------------------


class Row:
    """A sync record type."""

    def get(self, key: str) -> Any:
        return key


class Connection:
    """An async connection: async CM whose ``__aenter__`` returns itself."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass

    async def fetch(self, query: str, *args: Any, timeout: float | None = None) -> Row:
        return Row()

    def cursor(self) -> AsyncIterator[Row]:
        raise NotImplementedError

    async def rows(self, query: str) -> AsyncIterator[Row]:
        yield Row()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        yield Transaction()

    def fetch_later(self, query: str) -> Awaitable[Row]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    @property
    def closed(self) -> bool:
        return False

    @staticmethod
    async def ping(host: str) -> bool:
        return True

    @classmethod
    async def connect(cls, dsn: str) -> Connection:
        return cls()

    @staticmethod
    def parse(dsn: str) -> dict[str, str]:
        return {}

    @classmethod
    def default(cls) -> Self:
        return cls()


class Transaction:
    """What ``async with conn.transaction()`` binds."""

    def savepoint(self) -> None:
        pass

    async def commit(self) -> None:
        pass


class Watched:
    """Properties and ``__getattr__`` that record being run."""

    runs: list[str] = []  # noqa: RUF012 - shared on purpose: the test reads it

    @property
    def expensive(self) -> int:
        Watched.runs.append("property")
        return 1

    def __getattr__(self, name: str) -> Any:
        Watched.runs.append(f"__getattr__ {name}")
        raise AttributeError(name)

    def method(self) -> None:
        pass


class Node:
    """A recursive annotation."""

    def parent(self) -> Node:
        return self

    async def child(self) -> Node:
        return self


class Broken:
    """Attributes whose inspection fails in ways amock must survive."""

    __signature__ = property(lambda self: 1 / 0)

    def typo_annotation(self) -> NoSuchName:  # type: ignore[name-defined]  # noqa: F821
        raise NotImplementedError

    def method(self, x: int) -> int:
        return x


# -- shapes ---------------------------------------------------------------------------


class TestShapes:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("fetch", amock.AsyncMock),
            ("rows", amock.AsyncGeneratorMock),
            ("close", amock.MagicMock),
            ("ping", amock.AsyncMock),
            ("connect", amock.AsyncMock),
            ("parse", amock.MagicMock),
            ("default", amock.MagicMock),
            ("cursor", amock.MagicMock),
        ],
    )
    @pytest.mark.parametrize("instance", [False, True])
    def test_each_method_gets_its_shape(self, name: str, expected: type, instance: bool) -> None:
        mock = amock.create_autospec(Connection, instance=instance)
        child = getattr(mock, name)
        assert isinstance(child, expected)
        if expected is not amock.AsyncMock:
            assert not isinstance(child, amock.AsyncMock)
        assert inspect.iscoroutinefunction(child) is (expected is amock.AsyncMock)

    def test_the_mock_is_an_instance_of_the_spec(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        assert isinstance(conn, Connection)
        assert isinstance(conn, std.NonCallableMagicMock)
        with pytest.raises(TypeError):
            conn()

    @pytest.mark.anyio
    async def test_async_with_enters_the_instance(self) -> None:
        connection_class = amock.create_autospec(Connection)
        async with connection_class() as conn:
            assert conn is connection_class.return_value
            row = await conn.fetch("select 1")
            assert isinstance(row, Row)
            assert row.get("id") is not None
            assert not inspect.isawaitable(row.get("id"))
            conn.close()
        conn.fetch.assert_awaited_once_with("select 1")

    @pytest.mark.anyio
    async def test_sync_methods_below_aenter_stay_sync(self) -> None:
        # cpython#84586: the stdlib makes everything under __aenter__ async.
        connection_class = amock.create_autospec(Connection)
        async with connection_class() as conn:
            assert not inspect.isawaitable(conn.close())

    @pytest.mark.anyio
    async def test_asynccontextmanager_method_enters_its_annotated_type(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        async with conn.transaction() as transaction:
            assert isinstance(transaction, Transaction)
            transaction.savepoint()
            await transaction.commit()
        transaction.commit.assert_awaited_once_with()

    @pytest.mark.anyio
    async def test_async_generator_method_yields_what_it_is_told(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        conn.rows.yields = [Row(), Row()]
        rows = [row async for row in conn.rows("select")]
        assert len(rows) == 2

    @pytest.mark.anyio
    async def test_awaitable_annotation_is_awaited_to_the_class(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        row = await conn.fetch_later("q")
        assert isinstance(row, Row)

    def test_self_annotation_gives_the_instance_spec(self) -> None:
        connection_class = amock.create_autospec(Connection)
        made = connection_class.default()
        assert isinstance(made, Connection)

    def test_property_is_not_run_and_stays_a_value(self) -> None:
        Watched.runs.clear()
        mock = amock.create_autospec(Watched, instance=True)
        _ = mock.expensive
        mock.method()
        assert Watched.runs == []

    def test_recursive_annotations_terminate(self) -> None:
        node = amock.create_autospec(Node, instance=True)
        assert isinstance(node.parent().parent().parent(), Node)

    @pytest.mark.anyio
    async def test_recursive_async_annotation(self) -> None:
        node = amock.create_autospec(Node, instance=True)
        child = await node.child()
        assert isinstance(await child.child(), Node)

    def test_builtin_annotations_keep_stdlib_results(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        parsed = conn.parse("dsn")
        assert isinstance(parsed, amock.MagicMock)
        assert not isinstance(parsed, dict)


# -- laziness -------------------------------------------------------------------------


class TestLaziness:
    def test_nothing_is_built_until_read(self) -> None:
        mock = amock.create_autospec(Connection)
        assert mock._mock_children == {}
        _ = mock.close
        assert set(mock._mock_children) == {"close"}

    def test_children_are_cached(self) -> None:
        mock = amock.create_autospec(Connection, instance=True)
        assert mock.fetch is mock.fetch

    def test_dir_lists_the_whole_spec_before_anything_is_built(self) -> None:
        mock = amock.create_autospec(Connection, instance=True)
        listed = dir(mock)
        assert {"fetch", "close", "rows", "transaction", "closed"} <= set(listed)

    def test_hasattr_follows_the_spec(self) -> None:
        mock = amock.create_autospec(Connection, instance=True)
        assert hasattr(mock, "fetch")
        assert not hasattr(mock, "fetchh")

    def test_spec_set_refuses_unknown_attributes(self) -> None:
        mock = amock.create_autospec(Connection, spec_set=True, instance=True)
        with pytest.raises(AttributeError):
            mock.not_there = 1
        mock.close = None  # a real attribute may be set

    def test_seal_builds_then_seals(self) -> None:
        mock = amock.create_autospec(Connection, instance=True)
        amock.seal(mock)
        with pytest.raises(AttributeError):
            _ = mock.fetch.return_value.brand_new

    def test_reset_mock_works_before_and_after_children_exist(self) -> None:
        mock = amock.create_autospec(Connection, instance=True)
        mock.reset_mock()
        mock.close()
        mock.reset_mock()
        mock.close.assert_not_called()


# -- signatures -----------------------------------------------------------------------


class TestSignatures:
    def test_sync_method_checks_at_call_time(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        with pytest.raises(TypeError):
            conn.close("unexpected")
        conn.close.assert_not_called()

    def test_async_method_checks_at_call_time_not_await_time(self) -> None:
        # CPython 3.13 checks async signatures only when awaited (cpython#137594).
        conn = amock.create_autospec(Connection, instance=True)
        with pytest.raises(TypeError):
            conn.fetch()
        with pytest.raises(TypeError):
            conn.fetch("q", timeout=1, retries=3)
        conn.fetch.assert_not_called()

    def test_keyword_and_positional_forms_both_bind(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        coroutine = conn.fetch(query="q", timeout=2)
        coroutine.close()
        conn.fetch.assert_called_once_with(query="q", timeout=2)

    def test_class_call_checks_init(self) -> None:
        client_class = amock.create_autospec(targets.Client)
        client_class("base")
        with pytest.raises(TypeError):
            client_class("a", "b")

    def test_static_and_class_methods_skip_no_argument_wrongly(self) -> None:
        conn = amock.create_autospec(Connection)
        conn.parse("dsn")
        with pytest.raises(TypeError):
            conn.parse()
        coroutine = conn.connect("dsn")
        coroutine.close()

    @pytest.mark.parametrize("instance", [False, True])
    def test_class_method_calls_match_assertions_in_either_argument_form(
        self, instance: bool
    ) -> None:
        # The recorded call and the expected one bind to the signature
        # without cls, as the stdlib does (redis's Redis.from_url(url) failed).
        conn = amock.create_autospec(Connection, instance=instance)
        conn.default()
        conn.default.assert_called_once_with()
        coroutine = conn.connect("db://x")
        coroutine.close()
        conn.connect.assert_called_once_with(dsn="db://x")
        assert list(inspect.signature(conn.connect).parameters) == ["dsn"]

    def test_signature_is_visible(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        assert list(inspect.signature(conn.fetch).parameters) == [
            "query",
            "args",
            "timeout",
        ]


class TestFunctions:
    def test_sync_function_copy_checks_and_delegates(self) -> None:
        plain = amock.create_autospec(targets.plain, return_value=3)
        assert plain(1) == 3
        with pytest.raises(TypeError):
            plain(1, 2)
        plain.assert_called_once_with(1)
        assert inspect.isfunction(plain)
        assert plain.mock.call_count == 1

    @pytest.mark.anyio
    async def test_async_function_is_a_coroutine_function_everywhere(self) -> None:
        fetch = amock.create_autospec(targets.fetch)
        assert inspect.iscoroutinefunction(fetch)
        with pytest.raises(TypeError):
            fetch()
        fetch.return_value = "body"
        assert await fetch("u") == "body"
        fetch.assert_awaited_once_with("u")
        assert fetch.await_count == 1

    def test_async_function_with_instance_true_is_refused(self) -> None:
        with pytest.raises(RuntimeError, match="instance=True"):
            amock.create_autospec(targets.fetch, instance=True)

    @pytest.mark.anyio
    async def test_patched_method_records_self_as_the_stdlib_does(self) -> None:
        with amock.patch.object(targets.Client, "get", autospec=True) as get:
            client = targets.Client()
            await client.get("/x")
        get.assert_awaited_once_with(client, "/x")


# -- stdlib compatibility and bad input -----------------------------------------------


class TestCompatibility:
    def test_spec_class_and_isinstance(self) -> None:
        mock = amock.create_autospec(Connection)
        assert mock._spec_class is Connection
        assert isinstance(mock.return_value, Connection)

    def test_return_value_kwarg_is_kept(self) -> None:
        sentinel = object()
        mock = amock.create_autospec(Connection, return_value=sentinel)
        assert mock() is sentinel

    def test_list_spec_is_its_type(self) -> None:
        mock = amock.create_autospec([1, 2])
        mock.append(3)
        with pytest.raises(AttributeError):
            _ = mock.not_a_list_method

    def test_none_spec_gives_an_unspecced_noncallable_mock_as_stdlib(self) -> None:
        mock = amock.create_autospec(None)
        assert isinstance(mock, amock.NonCallableMagicMock)
        assert isinstance(std.create_autospec(None), std.NonCallableMagicMock)
        assert mock._spec_class is None

    def test_module_spec(self) -> None:
        module = amock.create_autospec(targets)
        assert isinstance(module.fetch, amock.AsyncMock)
        assert isinstance(module.plain, amock.MagicMock)
        with pytest.raises(AttributeError):
            _ = module.not_in_module

    def test_mock_spec_is_refused(self) -> None:
        invalid_spec = getattr(std, "InvalidSpecError", TypeError)
        with pytest.raises(invalid_spec, match="cannot autospec a mock"):
            amock.create_autospec(amock.MagicMock())

    def test_typo_is_refused(self) -> None:
        with pytest.raises(RuntimeError, match="autospect"):
            amock.create_autospec(Connection, autospect=True)

    def test_broken_signature_and_annotations_still_give_a_spec(self) -> None:
        broken = amock.create_autospec(Broken, instance=True)
        assert isinstance(broken.typo_annotation(), amock.MagicMock)
        broken.method(1)
        with pytest.raises(TypeError):
            broken.method()

    def test_class_whose_attribute_access_raises(self) -> None:
        class Meta(type):
            def __getattr__(cls, name: str) -> Any:
                raise RuntimeError("metaclass attribute access must not run")

        class Guarded(metaclass=Meta):
            def method(self) -> None:
                pass

        mock = amock.create_autospec(Guarded, instance=True)
        mock.method()
        mock.method.assert_called_once_with()


# -- what the stdlib reads with getattr, read lazily -----------------------------------


@pytest.fixture(params=[pytest.param(std, id="unittest.mock"), pytest.param(amock, id="amock")])
def module(request: pytest.FixtureRequest) -> Any:
    """``unittest.mock`` or ``amock``: the test runs the same code on both."""
    return request.param


class Handler:
    """A descriptor that gives its class a function, and its instances nothing."""

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return lambda event: None
        return None


class InstanceOnly:
    """A descriptor that refuses to be read from its class."""

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            raise AttributeError("only instances have it")
        return 1


class Hub:
    """A class whose attributes are custom descriptors."""

    on_event = Handler()
    value = InstanceOnly()

    @staticmethod
    def add(a: int, b: int) -> int:
        return a + b


class Remote:
    """A proxy: ``dir()`` lists names that only ``__getattr__`` provides."""

    asked: list[str] = []  # noqa: RUF012 - shared on purpose: the tests read it

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), "send", "ping"]

    def __getattr__(self, name: str) -> Any:
        Remote.asked.append(name)
        if name in ("send", "ping"):
            return lambda message: None
        raise AttributeError(name)


class Account:
    """Values, a method and a nested class, for seal and call matching."""

    balance = 0

    def deposit(self, amount: int) -> None:
        pass

    class Ledger:
        entries = 3

        def add(self, entry: str) -> None:
            pass


class Result:
    """What ``wraps=`` wraps."""

    def get(self) -> str:
        return "real"

    @staticmethod
    def make() -> str:
        return "made"


class TestReadsWhatTheStdlibReads:
    def test_a_descriptor_is_specced_on_what_it_gives_its_class(self, module: Any) -> None:
        hub = module.create_autospec(Hub)
        hub.on_event("e")
        with pytest.raises(TypeError):
            hub.on_event()
        with pytest.raises(TypeError):
            hub.on_event("e", "extra")
        hub.on_event.assert_called_once_with("e")

    def test_a_descriptor_that_refuses_its_class_gives_an_unspecced_child(
        self, module: Any
    ) -> None:
        hub = module.create_autospec(Hub)
        hub.value.anything.goes()
        assert hub.add(1, 2) is hub.add.return_value
        with pytest.raises(TypeError):
            hub.add(1, 2, 3)
        with pytest.raises(AttributeError):
            _ = hub.not_there

    def test_a_name_only_getattr_provides_is_specced(self, module: Any) -> None:
        remote = module.create_autospec(Remote())
        remote.send("hello")
        with pytest.raises(TypeError):
            remote.send()
        with pytest.raises(TypeError):
            remote.send("a", "b")
        with pytest.raises(AttributeError):
            _ = remote.other

    def test_a_function_specs_its_own_attributes(self, module: Any) -> None:
        def notify(user: str, text: str) -> None:
            pass

        def helper(text: str) -> str:
            return text

        notify.helper = helper  # type: ignore[attr-defined]
        fake = module.create_autospec(notify)
        fake.helper("x")
        with pytest.raises(TypeError):
            fake.helper()
        fake.helper.assert_called_once_with(text="x")
        with pytest.raises(AttributeError):
            _ = fake.not_an_attribute

    def test_an_attribute_that_is_already_a_mock_is_refused_with_the_stdlib_words(
        self, module: Any
    ) -> None:
        invalid_spec = std.InvalidSpecError
        with std.patch.object(Account, "Ledger"):
            account = module.create_autospec(Account)
            with pytest.raises(
                invalid_spec,
                match="Cannot autospec attr 'Ledger' from target <MagicMock spec='Account'",
            ):
                _ = account.Ledger
            with pytest.raises(
                invalid_spec, match="Cannot autospec attr 'Ledger' from target 'Account'"
            ):
                module.patch.object(Account, "Ledger", autospec=True).start()
            with pytest.raises(
                invalid_spec, match="Cannot autospec attr 'entries' as the patch target "
            ):
                module.patch.object(Account.Ledger, "entries", autospec=True).start()
            with pytest.raises(invalid_spec, match="Cannot spec attr 'Ledger' as the spec_set "):
                module.patch.object(Account, "Ledger", spec_set=Account.Ledger).start()

    def test_a_wrapping_class_mock_returns_its_instance_mock(self, module: Any) -> None:
        result_class = module.create_autospec(Result, wraps=Result)
        assert result_class() is result_class.return_value
        result_class.return_value = module.DEFAULT
        assert type(result_class()) is Result

    def test_a_wrapping_autospec_wraps_its_methods_from_313(self, module: Any) -> None:
        result_class = module.create_autospec(Result, wraps=Result)
        instance = module.create_autospec(Result, instance=True, wraps=Result)
        for fake in (result_class, instance):
            # A method returns its own return value until that is reset to DEFAULT.
            assert fake.make() is fake.make.return_value
            fake.make.return_value = module.DEFAULT
            made = fake.make()
            if sys.version_info >= (3, 13):
                assert made == "made"
            else:
                assert isinstance(made, module.MagicMock)

    def test_seal_reaches_an_autospec_whose_values_are_of_their_own_type(self, module: Any) -> None:
        # int().real is an int: walking every attribute never ended (stdlib gh-45156).
        for spec_set in (False, True):
            account = module.create_autospec(Account, spec_set=spec_set)
            account.deposit.return_value = "ok"
            module.seal(account)
            assert account.deposit(1) == "ok"
            assert isinstance(account.balance, module.NonCallableMagicMock)
            assert isinstance(account.Ledger.entries, module.NonCallableMagicMock)
            with pytest.raises(TypeError):
                account.balance()
            with pytest.raises(AttributeError):
                _ = account.missing
            with pytest.raises(AttributeError):
                account.missing = 1
            with pytest.raises(AttributeError):
                _ = account.Ledger.missing

    def test_a_sealed_autospec_method_still_returns_from_312(self, module: Any) -> None:
        account = module.create_autospec(Account)
        module.seal(account)
        if sys.version_info >= (3, 12):
            returned = account.Ledger.add("entry")  # gh-91803
            assert isinstance(returned, module.MagicMock)
            with pytest.raises(AttributeError):
                _ = returned.anything
        else:
            with pytest.raises(AttributeError):
                account.Ledger.add("entry")

    def test_calls_of_nested_autospecs_match_in_either_argument_form(self, module: Any) -> None:
        account = module.create_autospec(Account)
        for fake in (account, account()):
            fake.Ledger().add("e")
            fake.assert_has_calls([module.call.Ledger(), module.call.Ledger().add("e")])
            fake.assert_has_calls([module.call.Ledger(), module.call.Ledger().add(entry="e")])
            fake.Ledger.assert_has_calls([module.call(), module.call().add("e")])
            with pytest.raises(AssertionError):
                fake.assert_has_calls([module.call.Ledger().add("e", "extra")])
            with pytest.raises(AssertionError):
                fake.assert_has_calls([module.call.Ledger().missing("e")])


class TestDataclassInstances:
    def point_class(self) -> type:
        # Real types, not strings (this module postpones its annotations): the
        # stdlib specs a field on its annotation as it is.
        return dataclasses.make_dataclass(
            "Point",
            [
                ("x", int),
                ("y", int, dataclasses.field(default=0)),
                ("label", str, dataclasses.field(init=False)),
            ],
        )

    def test_an_instance_knows_its_fields_from_314(self, module: Any) -> None:
        point = self.point_class()
        for fake in (
            module.create_autospec(point, instance=True),
            module.create_autospec(point).return_value,
        ):
            assert isinstance(fake.y, int)
            if sys.version_info >= (3, 14):  # gh-124176
                assert isinstance(fake.x, int)
                assert isinstance(fake.label, str)
                fake.label.upper()
            else:
                with pytest.raises(AttributeError):
                    _ = fake.x
                with pytest.raises(AttributeError):
                    _ = fake.label

    def test_the_class_has_only_the_fields_with_a_class_default(self, module: Any) -> None:
        point_class = module.create_autospec(self.point_class())
        assert isinstance(point_class.y, int)
        with pytest.raises(AttributeError, match="Mock object has no attribute"):
            _ = point_class.x

    def test_spec_set_lets_a_field_be_set_from_314(self, module: Any) -> None:
        fake = module.create_autospec(self.point_class(), instance=True, spec_set=True)
        if sys.version_info >= (3, 14):
            fake.x = 3
            assert fake.x == 3
        else:
            with pytest.raises(AttributeError):
                fake.x = 3


class Engine:
    def start(self, speed: int) -> None:
        pass


@dataclasses.dataclass
class Car:
    """Fields annotated as strings (this module postpones annotations), as many projects do."""

    engine: Engine
    tags: list[str] = dataclasses.field(default_factory=list)
    owner: Engine | None = None


class TestReadLazily:
    def test_getattr_runs_only_for_the_name_read_when_it_is_read(self) -> None:
        Remote.asked.clear()
        remote = amock.create_autospec(Remote())
        assert "ping" not in Remote.asked  # the stdlib has asked for every name by now
        remote.ping("x")
        remote.ping("y")
        assert Remote.asked.count("ping") == 1
        assert "send" not in Remote.asked

    def test_a_descriptor_runs_only_when_its_attribute_is_read(self) -> None:
        gets: list[object] = []

        class Counting:
            def __get__(self, obj: object, owner: type | None = None) -> Any:
                gets.append(obj)
                return lambda: None

        class Owner:
            attribute = Counting()

        fake = amock.create_autospec(Owner)
        assert gets == []
        fake.attribute()
        fake.attribute()
        assert gets == [None]

    def test_a_sealed_autospec_builds_its_unused_attributes_sealed(self) -> None:
        account = amock.create_autospec(Account)
        amock.seal(account)
        assert "balance" not in account._mock_children  # not walked by seal()
        with pytest.raises(AttributeError):
            _ = account.balance.real.not_an_int_attribute
        with pytest.raises(AttributeError):
            account.balance.real.anything = 1


@pytest.mark.skipif(
    sys.version_info < (3, 14), reason="the stdlib knows dataclass fields from 3.14"
)
class TestDataclassFieldSpecs:
    def test_a_field_is_an_instance_of_its_annotated_class(self) -> None:
        car = amock.create_autospec(Car, instance=True)
        assert isinstance(car.engine, Engine)
        assert not callable(car.engine)
        car.engine.start(3)
        with pytest.raises(TypeError):
            car.engine.start()
        car.engine.start.assert_called_once_with(speed=3)

    def test_a_generic_field_is_an_instance_of_its_origin(self) -> None:
        car = amock.create_autospec(Car, instance=True)
        assert isinstance(car.tags, list)
        car.tags.append("new")
        with pytest.raises(AttributeError):
            _ = car.tags.not_a_list_method

    def test_a_union_field_stays_unspecced(self) -> None:
        car = amock.create_autospec(Car, instance=True)
        car.owner.anything.goes()


@pytest.mark.skipif(sys.version_info < (3, 14), reason="PEP 649 defers annotations from 3.14")
class TestDeferredAnnotations:
    """Annotations naming imports made only for type checkers: NameError when evaluated."""

    def test_signatures_leave_those_names_unevaluated(self) -> None:
        import deferred_annotation_targets as deferred

        till = deferred.Till
        cases = [
            (
                (deferred.price, False, False),
                "(amount: Decimal, *, currency: str = 'EUR') -> Decimal",
            ),
            ((till, False, False), "(opening: Decimal) -> None"),
            ((till(1), False, False), "(amount: Decimal) -> None"),
            ((till.charge, False, True), "(amount: Decimal) -> Decimal"),
            ((till.__dict__["opened"], False, False), "(opening: Decimal) -> 'Till'"),
            ((till.__dict__["rounded"], False, False), "(amount: Decimal) -> Decimal"),
            ((till.__dict__["rounded"], False, True), "() -> Decimal"),
            ((till(1).refund, False, False), "(amount: Decimal) -> Decimal"),
        ]
        for arguments, expected in cases:
            found = amock._annotations.signature_object(*arguments)
            assert found is not None, arguments
            assert str(found[1]) == expected
        assert amock._annotations.signature_object(object(), False, False) is None

    def test_a_partial_is_checked_against_its_own_signature(self) -> None:
        import deferred_annotation_targets as deferred

        mock = amock.MagicMock()
        amock._autospec._signature_check(
            mock, functools.partial(deferred.price, 1), skip_first=False
        )
        mock(currency="USD")
        with pytest.raises(TypeError):
            mock(2)
        mock.assert_called_once_with(currency="USD")


@pytest.mark.skipif(sys.version_info < (3, 14), reason="PEP 649 defers annotations from 3.14")
class TestDeferredAnnotationsEndToEnd:
    """create_autospec of functions and classes whose annotations name TYPE_CHECKING imports."""

    def test_a_function_autospec(self) -> None:
        import deferred_annotation_targets as deferred

        price = amock.create_autospec(deferred.price, return_value=2)
        assert price(1, currency="USD") == 2
        with pytest.raises(TypeError):
            price()
        price.assert_called_once_with(amount=1, currency="USD")

    @pytest.mark.anyio
    async def test_a_class_autospec(self) -> None:
        import deferred_annotation_targets as deferred

        till_class = amock.create_autospec(deferred.Till)
        till = till_class(10)
        with pytest.raises(TypeError):
            till_class()
        till.charge(3)
        with pytest.raises(TypeError):
            till.charge()
        await till.refund(1)
        till.refund.assert_awaited_once_with(amount=1)
        till_class.opened(5)
        till_class.rounded(5)
        with pytest.raises(TypeError):
            till_class.rounded()
        till(2)
        instance = amock.create_autospec(deferred.Till, instance=True)
        instance.charge(1)
        with pytest.raises(TypeError):
            instance.charge(1, 2)
