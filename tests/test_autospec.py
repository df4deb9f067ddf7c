"""amock.create_autospec: lazy, async-exact, signature-checked, annotation-aware."""

from __future__ import annotations

import contextlib
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
