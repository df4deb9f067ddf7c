"""Values whose type amock cannot know (docs/unknown-types.md), and ``amock.entered``.

Under autospec, a value nothing types (an unannotated result, ``Any``, a
name that does not resolve) is a sync ``MagicMock`` whose method calls go
either way: awaited, entered, iterated or used as they are. The stdlib
makes such a value an ``AsyncMock`` wherever it is awaited or entered, and
every method of it is then async (cpython#82303).
"""

from __future__ import annotations

import inspect
import typing
import unittest.mock as std
import warnings
from typing import Any, TypeVar

import pytest

import amock
from amock.errors import MockConfigurationError

pytestmark = pytest.mark.anyio


# -- what the tests imitate: an unannotated async client, as asyncpg's ------------------------


class Transaction:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        return None

    async def __aexit__(self, *exc_info):  # type: ignore[no-untyped-def]
        return None


class Connection:
    async def fetch(self, query):  # type: ignore[no-untyped-def]
        return []

    async def fetch_list(self, query) -> list:  # type: ignore[no-untyped-def,type-arg]
        return []

    async def fetch_any(self, query) -> Any:  # type: ignore[no-untyped-def]
        return []

    async def fetch_lost(self, query) -> NoSuchRow:  # type: ignore[name-defined]  # noqa: F821
        return []

    def transaction(self):  # type: ignore[no-untyped-def]
        return Transaction()

    def is_closed(self):  # type: ignore[no-untyped-def]
        return False


class AcquireContext:
    def __init__(self) -> None:
        self.connection = Connection()

    async def __aenter__(self):  # type: ignore[no-untyped-def]
        return self.connection  # not `return self`: what it enters is unknown

    async def __aexit__(self, *exc_info):  # type: ignore[no-untyped-def]
        return None


class Client:
    async def __aenter__(self):  # type: ignore[no-untyped-def]
        return self

    async def __aexit__(self, *exc_info):  # type: ignore[no-untyped-def]
        return None


class Pool:
    def acquire(self) -> AcquireContext:
        return AcquireContext()

    def lease(self):  # type: ignore[no-untyped-def]
        return AcquireContext()


async def app(pool: Any) -> Any:
    """The asyncpg recipe's code: acquire, a transaction, a fetch."""
    async with pool.acquire() as conn, conn.transaction():
        return await conn.fetch("select 1")


def public(mock: Any) -> type:
    """The public class of an amock mock (its own class is a private one of the pool)."""
    return type(mock)._amock_public  # type: ignore[no-any-return]


def entered_connection() -> Any:
    """The value ``async with pool.acquire()`` enters under autospec: of unknown type."""
    pool = amock.create_autospec(Pool, instance=True, name="pool")
    return pool, pool.acquire.return_value.__aenter__.return_value


# -- the policy ----------------------------------------------------------------------------


class TestEnteredValueOfUnknownType:
    def test_is_a_sync_magicmock_not_the_stdlibs_all_async_mock(self) -> None:
        _, conn = entered_connection()
        assert public(conn) is amock.MagicMock
        assert not inspect.isawaitable(conn)
        # The stdlib, for the same class: an AsyncMock whose methods are all async.
        stdlib_pool = std.create_autospec(Pool, instance=True)
        assert isinstance(stdlib_pool.acquire.return_value.__aenter__.return_value, std.AsyncMock)

    async def test_the_recipe_runs_and_records(self) -> None:
        pool, conn = entered_connection()
        conn.fetch.return_value = [{"id": 1}]
        assert await app(pool) == [{"id": 1}]
        conn.fetch.assert_awaited_once_with("select 1")
        conn.transaction.assert_called_once_with()

    async def test_a_method_call_can_be_awaited_entered_iterated_or_used(self) -> None:
        _, conn = entered_connection()
        conn.fetch.return_value = [1, 2]
        assert await conn.fetch("q") == [1, 2]
        conn.is_closed.return_value = False
        assert not conn.is_closed()  # a plain use sees the return value
        assert conn.is_closed() == False  # noqa: E712
        cursor = conn.cursor.return_value
        cursor.__aiter__.return_value = ["a", "b"]
        assert [row async for row in conn.cursor()] == ["a", "b"]
        async with conn.transaction() as entered:
            assert entered is conn.transaction.return_value.__aenter__.return_value
        assert conn.fetch.await_count == 1
        assert conn.transaction.await_count == 0  # entered, not awaited
        assert conn.is_closed.call_count == 2

    async def test_results_are_of_unknown_type_too(self) -> None:
        _, conn = entered_connection()
        record = await conn.fetch("q")
        assert public(record) is amock.MagicMock
        assert await record.values() is record.values.return_value
        assert record.keys() == record.keys.return_value

    async def test_a_call_never_awaited_is_no_mistake(self, recwarn: Any) -> None:
        _, conn = entered_connection()
        with amock.strict():
            conn.is_closed()
            conn.fetch("q")
        del conn
        import gc

        gc.collect()
        assert not [w for w in recwarn if "never awaited" in str(w.message)]

    async def test_a_call_can_run_as_a_task(self, anyio_backend: str) -> None:
        _, conn = entered_connection()
        conn.fetch.return_value = 5
        if anyio_backend == "asyncio":
            import asyncio

            assert await asyncio.create_task(conn.fetch("task")) == 5
            assert await asyncio.gather(conn.fetch(1), conn.fetch(2)) == [5, 5]
        else:
            import trio

            async with trio.open_nursery() as nursery:
                nursery.start_soon(conn.fetch, "task")
                nursery.start_soon(conn.fetch, 1)
                nursery.start_soon(conn.fetch, 2)
        # Two calls with one return value are still two awaits (gather keys by hash).
        assert conn.fetch.await_count == 3

    def test_close_of_a_result_nobody_awaited_is_the_results_own(self) -> None:
        _, conn = entered_connection()
        conn.cursor().close()
        conn.cursor.return_value.close.assert_called_once_with()

    async def test_a_side_effect_runs_at_the_call(self) -> None:
        _, conn = entered_connection()
        conn.fetch.side_effect = LookupError("gone")
        with pytest.raises(LookupError):
            conn.fetch("q")
        conn.fetch.side_effect = [[1], [2]]
        assert await conn.fetch("q") == [1]
        assert conn.fetch("q") == [2]


class TestWhatIsUnknown:
    @pytest.mark.parametrize(
        ("method", "why"),
        [
            ("fetch", "`Connection.fetch`'s return annotation is missing"),
            ("fetch_any", "`Connection.fetch_any`'s return annotation is `Any`"),
            (
                "fetch_lost",
                "`Connection.fetch_lost`'s return annotation `NoSuchRow` does not resolve",
            ),
        ],
    )
    async def test_missing_any_and_unresolved_annotations(self, method: str, why: str) -> None:
        conn = amock.create_autospec(Connection, instance=True, name="conn")
        result = await getattr(conn, method)("q")
        assert public(result) is amock.MagicMock
        result.close.return_value = [1]
        with pytest.raises(TypeError) as caught:
            async with result.close():
                pass
        assert why in str(caught.value)

    async def test_a_builtin_result_is_a_plain_sync_mock(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        result = await conn.fetch_list("q")
        assert public(result) is amock.MagicMock
        assert not inspect.isawaitable(result.append(1))  # list's methods are sync
        # The stdlib's: an AsyncMock, every method async.
        stdlib_conn = std.create_autospec(Connection, instance=True)
        assert isinstance(await stdlib_conn.fetch_list("q"), std.AsyncMock)

    async def test_a_sync_methods_unknown_result_is_sync_at_every_depth(self) -> None:
        # As the stdlib's plain MagicMock: sync code keeps `is None` and exact types.
        conn = amock.create_autospec(Connection, instance=True)
        transaction = conn.transaction()
        assert not inspect.isawaitable(transaction)
        transaction.fetchone.return_value = None
        assert transaction.fetchone() is None
        assert public(transaction.commit) is amock.MagicMock
        assert not inspect.isawaitable(transaction.commit())
        # It still works with `async with`, as a MagicMock does.
        async with conn.transaction() as entered:
            assert entered is amock.entered(conn.transaction.return_value)


class Holder:
    def __init__(self) -> None:
        self.extra = make_extra()


def make_extra():  # type: ignore[no-untyped-def]
    return object()


class TestUnknownAttributesAndPlainResults:
    async def test_a_declared_attribute_of_unknown_type_says_where_it_comes_from(self) -> None:
        holder = amock.create_autospec(Holder, instance=True, name="holder")
        assert public(holder.extra) is amock.MagicMock
        assert public(holder.extra.open) is amock.MagicMock  # an attribute's methods: sync
        async with holder.extra as entered:
            entered.open.return_value = 3
            with pytest.raises(TypeError) as caught:
                async with entered.open():
                    pass
        assert "(`Holder.extra` is declared with no type)" in str(caught.value)
        with pytest.raises(TypeError, match=r"amock guessed not awaitable: Holder\.extra has"):
            await holder.extra()

    async def test_a_builtin_results_own_calls_are_plain(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        rows = await conn.fetch_list("q")
        assert public(rows()) is amock.MagicMock


class TestEitherWayAsACoroutine:
    def test_throw_raises_in_the_await(self) -> None:
        _, conn = entered_connection()
        with pytest.raises(ValueError, match="stop"):
            conn.fetch("q").throw(ValueError("stop"))

    def test_close_after_it_started_ends_the_await(self) -> None:
        _, conn = entered_connection()
        result = conn.fetch("q")
        with pytest.raises(StopIteration):
            result.send(None)
        result.close()
        assert conn.fetch.await_count == 1
        conn.fetch.return_value.close.assert_not_called()


class TestWhenTheGuessIsWrong:
    async def test_entering_a_result_that_is_no_context_manager(self) -> None:
        _, conn = entered_connection()
        conn.transaction.return_value = [1]
        with pytest.raises(TypeError) as caught:
            async with conn.transaction():
                pass
        message = str(caught.value)
        assert message.startswith("amock: 'pool.acquire().__aenter__()' has no known type")
        assert "`AcquireContext.__aenter__`'s return annotation is missing" in message
        assert "amock guessed that a call of its method 'transaction' may be awaited" in message
        assert "its result, [1], cannot be entered with `async with`" in message
        # The fix is code a user can paste: no __aenter__.return_value chain.
        assert "Set amock.entered(pool.acquire.return_value).transaction.return_value to" in message
        assert (
            "give it a type with: amock.entered(pool.acquire.return_value, "
            "amock.create_autospec(RealClass, instance=True))" in message
        )

    async def test_iterating_a_result_that_is_no_async_iterator(self) -> None:
        _, conn = entered_connection()
        conn.cursor.return_value = 5
        with pytest.raises(TypeError, match=r"its result, 5, cannot be iterated with `async for`"):
            async for _ in conn.cursor():
                pass

    async def test_awaiting_an_unknown_sync_result_names_the_guess(self) -> None:
        pool = amock.create_autospec(Pool, instance=True)
        with pytest.raises(TypeError) as caught:
            await pool.lease()
        assert (
            "amock guessed not awaitable: Pool.lease() has no known type; "
            "autospec its return_value" in str(caught.value)
        )

    def test_an_unknown_value_can_be_typed_with_entered(self) -> None:
        pool, _ = entered_connection()
        conn = amock.create_autospec(Connection, instance=True)
        assert amock.entered(pool.acquire.return_value, conn) is conn
        assert pool.acquire.return_value.__aenter__.return_value is conn


# -- the type variables and instance calls the issue names -----------------------------------


class Item:
    def name(self) -> str:
        return ""


ItemT = TypeVar("ItemT", bound=Item)
LaterT = TypeVar("LaterT", bound="Item")


class Maker(typing.Generic[ItemT]):
    def __call__(self) -> ItemT:
        raise NotImplementedError

    def later(self) -> LaterT:  # type: ignore[type-var]
        raise NotImplementedError


StartedT = TypeVar("StartedT", covariant=True)


class Startable(typing.Generic[StartedT]):
    async def __aenter__(self) -> StartedT:
        raise NotImplementedError

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    async def start(self) -> StartedT:
        raise NotImplementedError


class Started(Startable["Started"]):
    def close(self) -> None:
        return None


BoxT = TypeVar("BoxT")
AnyT = TypeVar("AnyT", bound=Any)


class Box(typing.Generic[BoxT]):
    def get(self) -> BoxT:
        raise NotImplementedError

    async def __aenter__(self) -> BoxT:
        raise NotImplementedError

    async def __aexit__(self, *exc_info: object) -> None:
        return None


class ItemBox(Box[Item]):
    """Binds its base's TypeVar, as ``AsyncConnection(StartableContext["AsyncConnection"])``."""


class Loose(typing.Generic[AnyT]):
    async def get(self) -> AnyT:
        raise NotImplementedError


class TestTypeVarsAndInstanceCalls:
    async def test_a_generic_base_binds_what_its_methods_give(self) -> None:
        started = amock.create_autospec(Started, instance=True)
        async with started as entered:
            assert isinstance(entered, Started)
        assert isinstance(await started.start(), Started)
        assert not inspect.isawaitable((await started.start()).close())

    async def test_sqlalchemys_engine_connects_to_connections(self) -> None:
        sqlalchemy_asyncio = pytest.importorskip("sqlalchemy.ext.asyncio")
        engine = amock.create_autospec(sqlalchemy_asyncio.AsyncEngine, instance=True)
        async with engine.connect() as conn:
            assert isinstance(conn, sqlalchemy_asyncio.AsyncConnection)
        assert isinstance(await engine.connect(), sqlalchemy_asyncio.AsyncConnection)

    def test_calling_an_instance_reads_its_classs_call(self) -> None:
        maker = amock.create_autospec(Maker, instance=True)
        made = maker()
        assert isinstance(made, Item)
        assert not inspect.isawaitable(made.name())

    def test_a_typevar_nothing_binds_stands_for_its_bound(self) -> None:
        maker = amock.create_autospec(Maker, instance=True)
        assert isinstance(maker.later(), Item)

    async def test_a_typevar_a_generic_base_binds_is_that_class(self) -> None:
        box = amock.create_autospec(ItemBox, instance=True)
        assert isinstance(box.get(), Item)
        async with box as entered:
            assert isinstance(entered, Item)
            assert not inspect.isawaitable(entered.name())

    async def test_a_typevar_bound_to_any_is_of_unknown_type(self) -> None:
        # Its bound says nothing of the value: not a known (builtin) type.
        loose = amock.create_autospec(Loose, instance=True)
        value = await loose.get()
        value.fetch.return_value = [1]
        assert value.fetch() == [1]  # a method call goes either way
        assert inspect.isawaitable(value.fetch())
        value.close.return_value = 1
        with pytest.raises(TypeError) as caught:
            async with value.close():
                pass
        assert (
            "`Loose.get`'s return annotation is the TypeVar `AnyT`, which nothing binds; "
            "it stands for `Any`, which says nothing of the value" in str(caught.value)
        )

    async def test_sqlalchemys_engine_connect_enters_a_connection(self) -> None:
        sqlalchemy_asyncio = pytest.importorskip("sqlalchemy.ext.asyncio")
        engine = amock.create_autospec(sqlalchemy_asyncio.AsyncEngine, instance=True)
        async with engine.connect() as connection:
            assert isinstance(connection, sqlalchemy_asyncio.AsyncConnection)
            await connection.execute("select 1")
        connection.execute.assert_awaited_once_with("select 1")
        assert isinstance(await engine.connect(), sqlalchemy_asyncio.AsyncConnection)

    async def test_sqlalchemys_sessionmaker_gives_sessions(self) -> None:
        sqlalchemy_asyncio = pytest.importorskip("sqlalchemy.ext.asyncio")
        maker = amock.create_autospec(sqlalchemy_asyncio.async_sessionmaker, instance=True)
        async with maker() as session:
            assert isinstance(session, sqlalchemy_asyncio.AsyncSession)
            async with session.begin():
                result = await session.execute("select 1")
                assert not inspect.isawaitable(result.scalars().all())
        async with maker.begin() as session:
            assert isinstance(session, sqlalchemy_asyncio.AsyncSession)


# -- amock.entered ----------------------------------------------------------------------------


class TestEntered:
    async def test_reads_what_async_with_binds(self) -> None:
        pool = amock.create_autospec(Pool, instance=True)
        context = pool.acquire.return_value
        connection = amock.entered(context)
        async with pool.acquire() as conn:
            assert conn is connection

    async def test_sets_what_async_with_binds(self) -> None:
        pool = amock.create_autospec(Pool, instance=True)
        sentinel = object()
        assert amock.entered(pool.acquire.return_value, sentinel) is sentinel
        async with pool.acquire() as conn:
            assert conn is sentinel

    async def test_a_mock_with_no_spec_binds_the_same_in_both_protocols(self) -> None:
        cm = amock.MagicMock()
        value = amock.entered(cm)
        with cm as plain:
            pass
        async with cm as awaited:
            pass
        assert plain is value
        assert awaited is value

    async def test_a_mock_entered_as_itself_gives_itself(self) -> None:
        client = amock.create_autospec(Client, instance=True)
        async with client as entered:
            pass
        assert entered is client
        assert amock.entered(client) is client

    def test_sync_context_managers(self) -> None:
        cm = amock.MagicMock(spec=["__enter__", "__exit__"])
        amock.entered(cm, 3)
        with cm as value:
            assert value == 3

    @pytest.mark.parametrize(
        ("bad", "words"),
        [
            (1, "got 1, which is not a mock"),
            (amock.create_autospec(Connection, instance=True), "its spec has neither"),
        ],
    )
    def test_refuses_what_cannot_be_entered(self, bad: Any, words: str) -> None:
        before = repr(bad)
        with pytest.raises(MockConfigurationError, match=words):
            amock.entered(bad)
        assert repr(bad) == before

    def test_names_the_fix_when_given_the_factory(self) -> None:
        pool = amock.create_autospec(Pool, instance=True, name="pool")
        given = object()
        with pytest.raises(MockConfigurationError) as caught:
            amock.entered(pool.acquire, given)
        assert "if the code enters what calling it returns, pass pool.acquire.return_value" in str(
            caught.value
        )
        assert pool.acquire._mock_return_value is amock.DEFAULT  # nothing was made or set


def test_no_never_awaited_warning_leaks(recwarn: Any) -> None:
    """A call of an undecided method left alone warns nowhere, even when collected later."""
    _, conn = entered_connection()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        conn.fetch("q")
        del conn
        import gc

        gc.collect()
