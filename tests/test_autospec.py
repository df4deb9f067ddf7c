"""amock.create_autospec: lazy, async-exact, signature-checked, annotation-aware."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import dataclasses
import functools
import inspect
import sys
import types
import unittest.mock as std
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import anyio
import anyio.lowlevel
import patch_targets as targets
import pytest
import wrapt

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

    async def fetch(self, query: str, *args: Any, timeout: float | None = None) -> Row:  # noqa: ASYNC109 - asyncpg's signature
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

    def test_an_async_context_factory_result_is_otherwise_a_plain_mock(self) -> None:
        conn = amock.create_autospec(Connection, instance=True)
        made = conn.transaction()
        # Only ``async with`` is specced from the annotation: ``with`` and the
        # attributes of its __aenter__ are plain, as any unspecced mock's.
        with made as entered:
            assert entered._spec_class is None
        assert made.__aenter__.anything._spec_class is None
        made.__aenter__.anything.assert_not_called()
        assert made()._spec_class is None  # calling it: no annotation says what it gives

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

    def test_a_property_annotated_with_a_class_is_an_instance_of_it(self) -> None:
        class Shop:
            @property
            def latest(self) -> Row:
                raise AssertionError("never run")

            @property
            def name(self):  # type: ignore[no-untyped-def]
                raise AssertionError("never run")

        shop = amock.create_autospec(Shop, instance=True)
        assert isinstance(shop.latest, Row)
        with pytest.raises(TypeError):
            shop.latest()  # an instance of Row, which is not callable
        # Unannotated: a plain mock, as the stdlib's; calling it gives a plain one too.
        assert shop.name._spec_class is None
        assert shop.name()._spec_class is None
        assert isinstance(std.create_autospec(Shop, instance=True).name(), std.MagicMock)

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
    async def test_async_function_copy_checks_calls_and_awaits(self) -> None:
        fetch = amock.create_autospec(targets.fetch)
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


# -- function copies: plain functions, as the stdlib's ---------------------------------


def with_attributes(a: int, b: int = 1) -> int:
    """A documented function with attributes of its own."""
    return a + b


with_attributes.helper = lambda y: y  # type: ignore[attr-defined]
with_attributes.limit = 3  # type: ignore[attr-defined]

COPY_SPECS = [
    pytest.param(targets.plain, id="function"),
    pytest.param(targets.fetch, id="coroutine function"),
    pytest.param(targets.stream, id="async generator function"),
    pytest.param(Row.get, id="method"),
    pytest.param(with_attributes, id="function with attributes"),
    pytest.param(lambda x: x, id="lambda"),
]

#: Every name wrapt's proxies answer, whatever they wrap (``__enter__``, ``__len__``...).
PROXY_NAMES = sorted(set(dir(wrapt.FunctionWrapper)) | set(dir(wrapt.ObjectProxy)))


def documented_extras(spec: Any) -> set[str]:
    """What amock's copy carries beyond the stdlib's (docs/differences.md, Autospec)."""
    if inspect.isasyncgenfunction(spec):
        return {"wait_for_call", "yields", "generators", "assert_consumed", "assert_closed"}
    if inspect.iscoroutinefunction(spec):
        marked = {"_is_coroutine_marker"} if sys.version_info >= (3, 12) else set()
        return {
            "wait_for_call",
            "wait_for_await",
            "delay",
            "checkpoint",
            "cancelled_awaits",
            *marked,
        }
    return {"wait_for_call"}


def prepare_as_pytest_mock_does(mocked: Any) -> None:
    """What pytest-mock's ``mocker`` does to each mock a patch of it starts.

    pytest-mock warns when a started mock is used as a context manager, by
    setting a side effect on the ``__enter__`` of any mock that has both
    ``reset_mock`` and ``__enter__``.
    """
    if hasattr(mocked, "reset_mock") and hasattr(mocked, "__enter__"):
        mocked.__enter__.side_effect = lambda *args: None


class TestFunctionCopiesAsTheStdlibs:
    @pytest.mark.parametrize("spec", COPY_SPECS)
    def test_the_copy_is_a_plain_function(self, spec: Any) -> None:
        ours, theirs = amock.create_autospec(spec), std.create_autospec(spec)
        assert type(ours) is type(theirs) is types.FunctionType
        assert callable(ours)
        for predicate in (
            inspect.isfunction,
            inspect.ismethod,
            inspect.isroutine,
            inspect.isgeneratorfunction,
            inspect.isasyncgenfunction,
            inspect.isawaitable,
        ):
            assert predicate(ours) == predicate(theirs), predicate.__name__

    @pytest.mark.parametrize("spec", COPY_SPECS)
    def test_proxy_names_answer_as_on_the_stdlibs_copy(self, spec: Any) -> None:
        ours, theirs = amock.create_autospec(spec), std.create_autospec(spec)
        differing = [name for name in PROXY_NAMES if hasattr(ours, name) != hasattr(theirs, name)]
        assert differing == []
        assert not hasattr(ours, "__enter__")
        assert not hasattr(ours, "__wrapped__")

    @pytest.mark.parametrize("spec", COPY_SPECS)
    def test_it_has_the_stdlibs_attributes_and_only_the_documented_extras(self, spec: Any) -> None:
        ours, theirs = amock.create_autospec(spec), std.create_autospec(spec)
        assert set(dir(theirs)) <= set(dir(ours))
        assert set(dir(ours)) - set(dir(theirs)) == documented_extras(spec)

    @pytest.mark.parametrize("spec", COPY_SPECS)
    def test_name_qualname_module_and_doc_are_the_stdlibs(self, spec: Any) -> None:
        ours, theirs = amock.create_autospec(spec), std.create_autospec(spec)
        for attribute in (
            "__name__",
            "__qualname__",
            "__module__",
            "__doc__",
            "__defaults__",
            "__kwdefaults__",
            "__annotations__",
        ):
            assert getattr(ours, attribute) == getattr(theirs, attribute), attribute
        assert inspect.signature(ours) == inspect.signature(theirs)

    def test_a_cache_key_from_module_and_qualname_is_the_stdlibs(self) -> None:
        def key(function: Any) -> str:
            return f"{function.__module__}:{function.__qualname__}"

        with std.patch.object(targets, "plain", autospec=True):
            theirs = key(targets.plain)
        with amock.patch.object(targets, "plain", autospec=True):
            ours = key(targets.plain)
        assert ours == theirs

    @pytest.mark.parametrize("spec", [targets.plain, targets.fetch, targets.stream])
    def test_it_is_a_coroutine_function_where_inspect_can_say_so(self, spec: Any) -> None:
        ours, theirs = amock.create_autospec(spec), std.create_autospec(spec)
        if spec is targets.fetch and sys.version_info >= (3, 12):
            # Marked with inspect.markcoroutinefunction (the stdlib's is from 3.13).
            assert inspect.iscoroutinefunction(ours)
        else:
            # Before 3.12 inspect reads only the code object, and a copy that
            # records its call when called is not ``async def``: as the stdlib's.
            assert inspect.iscoroutinefunction(ours) == inspect.iscoroutinefunction(theirs)
        if sys.version_info < (3, 14):  # asyncio's warns from 3.14 on
            assert asyncio.iscoroutinefunction(ours) == asyncio.iscoroutinefunction(theirs)

    def test_return_value_and_side_effect_set_on_the_copy(self, module: Any) -> None:
        copy_ = module.create_autospec(with_attributes)
        copy_.return_value = 3
        assert copy_(1) == 3
        copy_.side_effect = [4, 5]
        assert [copy_(1), copy_(2, b=0)] == [4, 5]
        copy_.side_effect = KeyError
        with pytest.raises(KeyError):
            copy_(3)
        copy_.side_effect = None
        copy_.mock.return_value = 6
        assert (copy_.return_value, copy_(4)) == (6, 6)
        assert copy_.call_count == copy_.mock.call_count == 5
        assert copy_.called
        assert copy_.mock.called
        assert copy_.call_args == copy_.mock.call_args == module.call(4)
        assert copy_.mock_calls == copy_.mock.mock_calls
        assert copy_.call_args_list[2] == module.call(2, b=0)
        copy_.assert_any_call(a=2, b=0)
        copy_.reset_mock()
        assert (copy_.call_count, copy_.mock.call_count, copy_.call_args_list) == (0, 0, [])
        copy_.assert_not_called()

    @pytest.mark.anyio
    async def test_an_async_copys_return_value_and_await_records(self, module: Any) -> None:
        copy_ = module.create_autospec(targets.fetch)
        copy_.return_value = "body"
        assert await copy_("u") == "body"
        copy_.assert_awaited_once_with("u")
        assert copy_.await_count == copy_.mock.await_count == 1
        assert copy_.await_args_list == [module.call("u")]
        copy_.reset_mock()
        assert copy_.await_count == 0
        copy_.assert_not_awaited()

    @pytest.mark.anyio
    async def test_an_async_generator_copy_configured_as_with_the_stdlib(self, module: Any) -> None:
        copy_ = module.create_autospec(targets.stream)
        copy_.return_value.__aiter__.return_value = [1, 2]
        assert [item async for item in copy_(2)] == [1, 2]
        copy_.assert_called_once_with(2)

    def test_copy_and_deepcopy_give_the_function_itself(self, module: Any) -> None:
        copy_ = module.create_autospec(targets.plain)
        assert copy.copy(copy_) is copy_
        assert copy.deepcopy(copy_) is copy_

    def test_it_binds_as_a_method_on_a_class(self, module: Any) -> None:
        with module.patch.object(Row, "get", autospec=True) as get:
            row = Row()
            row.get("k")
            with pytest.raises(TypeError):
                row.get()
        get.assert_called_once_with(row, "k")

    def test_function_valued_attributes_of_the_original_are_mocks(self, module: Any) -> None:
        copy_ = module.create_autospec(with_attributes)
        copy_.helper(1)
        copy_.helper.assert_called_once_with(1)
        with pytest.raises(TypeError):
            copy_.helper()
        assert copy_.helper is copy_.mock.helper
        # Other attributes are the mock's only, as on the stdlib's copy.
        assert not hasattr(copy_, "limit")
        assert isinstance(copy_.mock.limit, module.NonCallableMagicMock)

    @pytest.mark.parametrize("target", ["plain", "fetch", "stream"])
    def test_pytest_mocks_start_of_an_autospec_patch_leaves_it_usable(
        self, module: Any, target: str
    ) -> None:
        patcher = module.patch.object(targets, target, autospec=True)
        mocked = patcher.start()
        try:
            prepare_as_pytest_mock_does(mocked)
            assert not hasattr(mocked, "__enter__")
            assert getattr(targets, target) is mocked
        finally:
            patcher.stop()

    def test_pytest_mocks_spy_pattern_on_a_function(self, module: Any) -> None:
        # pytest-mock's spy: autospec a function with a side effect calling it.
        original = targets.plain
        patcher = module.patch.object(targets, "plain", side_effect=original, autospec=True)
        spy = patcher.start()
        try:
            prepare_as_pytest_mock_does(spy)
            spy.spy_return = None
            assert targets.plain(4) == 4
            spy.assert_called_once_with(4)
            spy.reset_mock()
            assert spy.call_count == 0
        finally:
            patcher.stop()


class TestFunctionCopiesKeepAmocksAdditions:
    def test_an_async_call_is_recorded_and_checked_when_made_on_every_python(self) -> None:
        fetch = amock.create_autospec(targets.fetch)
        coroutine = fetch("u")
        fetch.assert_called_once_with("u")
        assert fetch.mock.call_args == amock.call("u")
        with pytest.raises(TypeError):
            fetch()
        assert fetch.call_count == 1
        coroutine.close()

    def test_an_async_generator_call_is_recorded_when_made(self) -> None:
        stream = amock.create_autospec(targets.stream)
        generator = stream(2)
        stream.assert_called_once_with(2)
        assert inspect.isasyncgen(generator)
        with pytest.raises(TypeError):
            stream()

    @pytest.mark.anyio
    async def test_yields_and_generators_are_the_mocks(self) -> None:
        stream = amock.create_autospec(targets.stream)
        stream.yields = [1, 2]
        assert stream.mock.yields == [1, 2]
        assert [item async for item in stream(2)] == [1, 2]
        stream.assert_consumed()
        stream.assert_closed()
        assert stream.generators is stream.mock.generators
        assert stream.generators[0].consumed
        stream.mock.yields = [3]
        assert stream.yields == [3]
        assert [item async for item in stream(1)] == [3]
        stream.reset_mock()
        assert stream.generators == []
        assert stream.generators is stream.mock.generators

    @pytest.mark.anyio
    async def test_an_unconfigured_async_generator_copy_yields_nothing(self) -> None:
        stream = amock.create_autospec(targets.stream)
        generator = stream(2)
        assert [item async for item in generator] == []
        await generator.aclose()
        stream.assert_consumed()

    def test_bad_yields_set_on_the_copy_fail_the_call(self) -> None:
        stream = amock.create_autospec(targets.stream)
        stream.yields = 5
        with pytest.raises(amock.errors.MockConfigurationError, match="'yields' takes"):
            stream(1)

    @pytest.mark.anyio
    async def test_checkpoint_set_on_the_copy_lets_other_tasks_run(self) -> None:
        fetch = amock.create_autospec(targets.fetch)
        runs = [0]
        started = anyio.Event()

        async def count() -> None:
            started.set()
            while True:
                runs[0] += 1
                await anyio.lowlevel.checkpoint()

        async with anyio.create_task_group() as group:
            group.start_soon(count)
            await started.wait()
            before = runs[0]
            for _ in range(3):
                await fetch("u")
            assert runs[0] == before
            fetch.checkpoint = True
            assert fetch.mock.checkpoint is True
            for _ in range(3):
                await fetch("u")
            assert runs[0] > before
            group.cancel_scope.cancel()

    @pytest.mark.anyio
    async def test_delay_set_on_either_side_is_the_same_setting(self) -> None:
        fetch = amock.create_autospec(targets.fetch)
        fetch.mock.delay = 0.25
        assert fetch.delay == 0.25
        fetch.delay = 0.01
        assert fetch.mock.delay == 0.01
        started = anyio.current_time()
        await fetch("u")
        assert anyio.current_time() - started >= 0.01
        fetch.delay = "soon"
        with pytest.raises(amock.errors.MockConfigurationError, match="delay must be"):
            await fetch("u")

    @pytest.mark.anyio
    async def test_cancelled_awaits_are_recorded_on_the_copy(self) -> None:
        fetch = amock.create_autospec(targets.fetch)
        with amock.hold(fetch) as hold:
            async with anyio.create_task_group() as group:
                group.start_soon(fetch, "u")
                await hold.next()
                group.cancel_scope.cancel()
        assert fetch.cancelled_awaits == [amock.call("u")]
        assert fetch.mock.cancelled_awaits is fetch.cancelled_awaits
        fetch.reset_mock()
        assert fetch.cancelled_awaits == []

    @pytest.mark.anyio
    async def test_waits_for_calls_and_awaits_of_the_copy(self) -> None:
        fetch = amock.create_autospec(targets.fetch)
        async with anyio.create_task_group() as group:
            group.start_soon(fetch, "u")
            assert await fetch.wait_for_call(amock.call("u"), timeout=5) == amock.call("u")
            assert await fetch.wait_for_await(timeout=5) == amock.call("u")

    def test_reset_mock_can_reset_the_outcome_too(self) -> None:
        plain = amock.create_autospec(targets.plain, return_value=3, side_effect=[1])
        plain.reset_mock(return_value=True, side_effect=True)
        assert plain.side_effect is None
        assert isinstance(plain.return_value, amock.MagicMock)
        assert plain(1) is plain.return_value is plain.mock.return_value

    def test_assert_all_awaited_counts_a_copy_as_configured_once_its_outcome_is_set(
        self,
    ) -> None:
        fetch = amock.create_autospec(targets.fetch)
        amock.assert_all_awaited(fetch)
        fetch.return_value = "body"
        with pytest.raises(AssertionError, match="never awaited"):
            amock.assert_all_awaited(fetch)

    @pytest.mark.anyio
    async def test_awaits_of_copies_are_ordered_after_a_reset(self) -> None:
        first = amock.create_autospec(targets.fetch)
        second = amock.create_autospec(targets.fetch_number)
        await first("u")
        await second(1)
        first.reset_mock()
        second.reset_mock()
        await second(2)
        await first("v")
        amock.assert_awaited_in_order((second, amock.call(2)), (first, amock.call("v")))
        with pytest.raises(AssertionError, match="not in the expected order"):
            amock.assert_awaited_in_order(first, second)

    def test_the_stdlibs_copy_is_recognised_as_a_copy(self) -> None:
        theirs = std.create_autospec(targets.fetch)
        with pytest.raises(amock.errors.MockConfigurationError, match=r"use amock\.AsyncMock"):
            amock.hold(theirs)


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


class Slotted:
    __slots__ = ("count", "unset")

    def __init__(self) -> None:
        self.count = 1


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

    def test_a_list_attribute_is_specced_as_a_list(self, module: Any) -> None:
        class Tagged:
            tags = [1, 2]  # noqa: RUF012 - the class attribute is the spec

        tagged = module.create_autospec(Tagged)
        tagged.tags.append(3)
        tagged.tags.append.assert_called_once_with(3)
        with pytest.raises(AttributeError):
            _ = tagged.tags.not_a_list_method

    def test_a_value_only_getattr_provides_is_specced_on_it(self, module: Any) -> None:
        class Settings:
            def __getattr__(self, name: str) -> int:
                if name == "retries":
                    return 3
                raise AttributeError(name)

            def __dir__(self) -> list[str]:
                return ["retries"]

        settings = module.create_autospec(Settings())
        settings.retries.bit_length()
        with pytest.raises(AttributeError):
            _ = settings.retries.not_an_int_method

    def test_a_name_only_getattr_provides_is_specced(self, module: Any) -> None:
        remote = module.create_autospec(Remote())
        remote.send("hello")
        with pytest.raises(TypeError):
            remote.send()
        with pytest.raises(TypeError):
            remote.send("a", "b")
        with pytest.raises(AttributeError):
            _ = remote.other

    def test_an_unset_slot_gives_an_unspecced_child(self, module: Any) -> None:
        slotted = Slotted()
        fake = module.create_autospec(slotted)
        assert isinstance(fake.unset, module.MagicMock)
        assert fake.unset.anything(1) is fake.unset.anything.return_value
        assert isinstance(fake.count, module.NonCallableMagicMock)
        assert not callable(fake.count)
        _ = fake.count.real
        with pytest.raises(AttributeError):
            _ = fake.count.not_an_int_attribute

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

    def test_amock_seal_ends_on_a_stdlib_autospec_of_values_of_their_own_type(self) -> None:
        # The stdlib's autospec keeps unbuilt attributes as its own spec records:
        # seal() must not walk int().real.real... without end there either.
        account = std.create_autospec(Account)
        amock.seal(account)
        assert isinstance(account.balance, std.NonCallableMagicMock)
        with pytest.raises(AttributeError):
            _ = account.missing
        with pytest.raises(AttributeError):
            _ = account.balance.missing

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

    def test_an_instance_knows_its_fields_from_314_and_with_amock(self, module: Any) -> None:
        # amock reads declared attributes on every version (docs/differences.md).
        point = self.point_class()
        for fake in (
            module.create_autospec(point, instance=True),
            module.create_autospec(point).return_value,
        ):
            assert isinstance(fake.y, int)
            if module is amock or sys.version_info >= (3, 14):  # gh-124176
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

    def test_spec_set_lets_a_field_be_set_from_314_and_with_amock(self, module: Any) -> None:
        fake = module.create_autospec(self.point_class(), instance=True, spec_set=True)
        if module is amock or sys.version_info >= (3, 14):
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

        mock = amock.create_autospec(functools.partial(deferred.price, 1))
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


class _SignedClient:
    def get(self, url: str, *, params: dict[str, str] | None = None) -> str:
        return url

    async def fetch(self, url: str) -> bytes:
        return b""

    @classmethod
    def from_url(cls, url: str) -> _SignedClient:
        return cls()

    @staticmethod
    def normalise(url: str) -> str:
        return url


class TestSignatureErrorsNameTheCallable:
    """A call that does not bind names the real callable and its signature (issue 15)."""

    @pytest.mark.parametrize(
        ("call", "expected"),
        [
            (
                lambda c: c.get("/a", {"q": "1"}),
                "too many positional arguments; the real signature is "
                "_SignedClient.get(url: 'str', *, params: 'dict[str, str] | None' = None) -> 'str'",
            ),
            (
                lambda c: c.fetch(),
                "missing a required argument: 'url'; the real signature is "
                "_SignedClient.fetch(url: 'str') -> 'bytes'",
            ),
            (
                lambda c: c.from_url(url="/a", retries=2),
                "got an unexpected keyword argument 'retries'; the real signature is "
                "_SignedClient.from_url(url: 'str') -> '_SignedClient'",
            ),
            (
                lambda c: c.normalise(),
                "missing a required argument: 'url'; the real signature is "
                "_SignedClient.normalise(url: 'str') -> 'str'",
            ),
        ],
        ids=["method", "async method", "classmethod", "staticmethod"],
    )
    def test_on_an_autospecced_instance(self, call: Any, expected: str) -> None:
        client = amock.create_autospec(_SignedClient, instance=True)
        with pytest.raises(TypeError) as info:
            call(client)
        assert str(info.value) == expected

    def test_on_an_autospecced_function(self) -> None:
        def area(width: int, height: int = 1) -> int:
            return width * height

        copy = amock.create_autospec(area)
        with pytest.raises(TypeError) as info:
            copy(1, 2, 3)
        assert str(info.value).endswith(
            "the real signature is TestSignatureErrorsNameTheCallable."
            "test_on_an_autospecced_function.<locals>.area"
            "(width: 'int', height: 'int' = 1) -> 'int'"
        )
        copy.mock.assert_not_called()
