"""The mock classes: stdlib-compatible, shape-aware, fast and thread-safe."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import gc
import inspect
import pickle
import sys
import threading
import unittest.mock as std
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import anyio.lowlevel
import pytest

import amock
from amock.errors import AmockError, MockConfigurationError, NotAnAsyncGeneratorMockError

pytestmark = pytest.mark.filterwarnings("error")


# -- targets -----------------------------------------------------------------------------


class Response:
    """A sync result type, like httpx.Response."""

    status = 200

    def json(self) -> dict[str, Any]:
        return {}

    def raise_for_status(self) -> None:
        pass


class Connection:
    """An async context manager whose ``__aenter__`` returns itself."""

    async def __aenter__(self) -> Connection:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass

    async def fetch(self, query: str) -> list[str]:
        return [query]

    def close_soon(self) -> None:
        pass


class Transaction:
    """An async context manager whose ``__aenter__`` returns something else."""

    async def __aenter__(self) -> Response:
        return Response()

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class RequestContext:
    """Awaitable *and* an async context manager, like aiohttp's request."""

    def __await__(self) -> Any:
        yield
        return Response()

    async def __aenter__(self) -> RequestContext:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


class Client:
    """A client with every shape of member."""

    timeout = 5.0

    def describe(self) -> str:
        return "client"

    async def get(self, url: str) -> Response:
        return Response()

    @classmethod
    async def connect(cls, dsn: str) -> Client:
        return cls()

    @staticmethod
    async def ping() -> bool:
        return True

    @staticmethod
    def version() -> str:
        return "1"

    async def stream(self, n: int) -> AsyncIterator[int]:
        for i in range(n):
            yield i

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[Connection]:
        yield Connection()

    @property
    async def status(self) -> str:
        return "up"

    @property
    def name(self) -> str:
        return "client"

    def request(self, url: str) -> RequestContext:
        return RequestContext()


async def fetch_all(urls: list[str]) -> list[str]:
    return urls


async def ticks(n: int) -> AsyncIterator[int]:
    for i in range(n):
        yield i


def plain(x: int) -> int:
    return x


ASYNC_MEMBERS = ["get", "connect", "ping"]
SYNC_MEMBERS = ["describe", "version"]


def run(coro_fn: Any, *args: Any) -> Any:
    """Run an async function with no test plugin at all."""
    return asyncio.run(coro_fn(*args))


# -- drop-in compatibility -------------------------------------------------------------------


class TestStdlibCompatibility:
    @pytest.mark.parametrize(
        ("ours", "theirs"),
        [
            (amock.Mock, std.Mock),
            (amock.MagicMock, std.MagicMock),
            (amock.AsyncMock, std.AsyncMock),
            (amock.NonCallableMock, std.NonCallableMock),
            (amock.NonCallableMagicMock, std.NonCallableMagicMock),
            (amock.PropertyMock, std.PropertyMock),
        ],
    )
    def test_mocks_are_instances_of_the_stdlib_classes(self, ours: type, theirs: type) -> None:
        mock = ours()
        assert isinstance(mock, theirs)
        assert isinstance(mock, ours)
        assert isinstance(mock, std.NonCallableMock)

    def test_hierarchy_mirrors_the_stdlib(self) -> None:
        assert isinstance(amock.MagicMock(), amock.Mock)
        assert isinstance(amock.Mock(), amock.NonCallableMock)
        assert isinstance(amock.NonCallableMagicMock(), amock.NonCallableMock)
        assert not isinstance(amock.AsyncMock(), std.MagicMock)
        assert not isinstance(amock.MagicMock(), std.AsyncMock)

    def test_every_stdlib_public_name_is_importable(self) -> None:
        missing = [name for name in std.__all__ if not hasattr(amock, name)]
        assert missing == []

    def test_every_other_stdlib_name_resolves_to_the_stdlib_object(self) -> None:
        # Suites that alias sys.modules["unittest.mock"] to amock still read
        # stdlib internals through it (hypothesis reads _patch).
        others = [name for name in vars(std) if not name.startswith("__") and name != "DEFAULT"]
        own = set(amock.__all__) | {"DEFAULT"}
        wrong = [
            name
            for name in others
            if name not in own and getattr(amock, name) is not getattr(std, name)
        ]
        assert wrong == []
        assert amock._patch is std._patch
        with pytest.raises(AttributeError, match="module 'amock' has no attribute 'nope'"):
            amock.nope  # noqa: B018

    def test_repr_matches_the_stdlib_form(self) -> None:
        mock = amock.MagicMock(name="client")
        assert repr(mock).startswith("<MagicMock name='client' id=")
        assert repr(mock.get()).startswith("<MagicMock name='client.get()' id=")
        assert "spec='Client'" in repr(amock.MagicMock(spec=Client))
        assert "spec_set='Client'" in repr(amock.MagicMock(spec_set=Client))

    def test_constructor_arguments_behave_as_in_the_stdlib(self) -> None:
        mock = amock.Mock(return_value=3, name="m", **{"child.return_value": 4, "x": 1})
        assert mock() == 3
        assert mock.child() == 4
        assert mock.x == 1
        effects = amock.Mock(side_effect=[1, ValueError("boom")])
        assert effects() == 1
        with pytest.raises(ValueError, match="boom"):
            effects()
        wrapped = amock.Mock(wraps=plain)
        assert wrapped(7) == 7
        positional = amock.Mock(None, lambda: 9)
        assert positional() == 9

    def test_spec_restricts_attributes_and_spec_set_restricts_setting(self) -> None:
        mock = amock.MagicMock(spec=Client)
        with pytest.raises(AttributeError):
            _ = mock.no_such_method
        strict = amock.MagicMock(spec_set=Client)
        with pytest.raises(AttributeError):
            strict.no_such_method = 1
        assert isinstance(mock, Client)

    def test_unsafe_guard_is_the_stdlibs(self) -> None:
        mock = amock.Mock()
        with pytest.raises(AttributeError, match="assret_called"):
            mock.assret_called()
        # Case-sensitive, as in the stdlib: real suites contain such names.
        assert mock.Assert_something is not None
        assert amock.Mock(unsafe=True).assret_called() is not None

    def test_call_recording_matches_the_stdlib(self) -> None:
        ours, theirs = amock.MagicMock(), std.MagicMock()
        for mock in (ours, theirs):
            mock(1, a=2)
            mock.child.grandchild(3)
            mock.child().method(4)
        assert ours.mock_calls == theirs.mock_calls
        assert ours.method_calls == theirs.method_calls
        assert ours.call_args == theirs.call_args
        assert ours.call_args_list == theirs.call_args_list
        assert repr(ours.mock_calls) == repr(theirs.mock_calls)
        assert ours.call_args.args == (1,)
        assert ours.call_args.kwargs == {"a": 2}
        ours.assert_called_once_with(1, a=2)
        ours.child.grandchild.assert_called_once_with(3)
        ours.assert_has_calls([std.call(1, a=2), std.call.child.grandchild(3)])

    def test_recorded_calls_compare_with_call(self) -> None:
        mock = amock.Mock()
        mock(1, key="v")
        assert mock.call_args == amock.call(1, key="v")
        assert mock.call_args != amock.call(2)
        assert isinstance(mock.call_args, type(std.call))

    @pytest.mark.skipif(
        sys.version_info < (3, 11), reason="3.10's own unittest.mock calls do not pickle either"
    )
    def test_recorded_calls_pickle(self) -> None:
        mock = amock.Mock()
        mock(1, key="v")
        assert pickle.loads(pickle.dumps(mock.call_args)) == amock.call(1, key="v")

    def test_reset_mock_clears_calls_everywhere(self) -> None:
        mock = amock.AsyncMock()
        run(mock, 1)
        run(mock.child, 2)
        mock.reset_mock()
        assert mock.call_count == 0
        assert mock.await_count == 0
        assert mock.mock_calls == []
        assert mock.child.call_count == 0

    def test_attach_mock_and_seal_work(self) -> None:
        parent = amock.MagicMock()
        child = amock.AsyncMock()
        parent.attach_mock(child, "fetch")
        run(parent.fetch, 1)
        assert parent.mock_calls == [amock.call.fetch(1)]
        amock.seal(parent)
        with pytest.raises(AttributeError):
            _ = parent.not_configured

    def test_mock_add_spec_restricts_an_existing_mock(self) -> None:
        mock = amock.MagicMock()
        mock.mock_add_spec(["alpha"])
        assert mock.alpha is not None
        with pytest.raises(AttributeError):
            _ = mock.beta
        with pytest.raises(TypeError):
            len(mock)

    def test_copy_gives_a_mock(self) -> None:
        mock = amock.MagicMock()
        assert isinstance(copy.copy(mock), std.MagicMock)

    def test_dir_lists_children_and_spec(self) -> None:
        mock = amock.MagicMock(spec=Client)
        assert {"get", "describe", "stream"} <= set(dir(mock))
        plain_mock = amock.MagicMock()
        plain_mock.configured = 1
        assert "configured" in dir(plain_mock)
        assert "assert_called" in dir(plain_mock)


# -- magic methods -------------------------------------------------------------------------


class TestMagicMethods:
    def test_defaults_match_the_stdlib(self) -> None:
        ours, theirs = amock.MagicMock(), std.MagicMock()
        for probe in (len, bool, list, int, float, complex, hash, lambda m: 1 in m):
            assert type(probe(ours)) is type(probe(theirs))
        assert len(ours) == 0
        assert bool(ours) is True
        assert list(ours) == []
        assert int(ours) == 1
        assert (ours == ours) is True
        assert (ours == theirs) is False
        assert str(ours).startswith("<MagicMock id=")
        with ours as entered:
            assert entered is ours.__enter__.return_value

    def test_configured_return_values_are_used(self) -> None:
        mock = amock.MagicMock()
        mock.__len__.return_value = 3
        mock.__iter__.return_value = iter([1, 2])
        mock.__getitem__.side_effect = lambda key: key * 2
        assert len(mock) == 3
        assert list(mock) == [1, 2]
        assert mock[4] == 8
        mock.__getitem__.assert_called_once_with(4)

    def test_assigning_a_function_gives_it_self(self) -> None:
        mock = amock.MagicMock()
        mock.__str__ = lambda self: f"mock {self is mock}"
        assert str(mock) == "mock True"

    def test_assigning_a_mock_is_recorded_in_mock_calls(self) -> None:
        mock = amock.MagicMock()
        mock.__len__ = amock.Mock(return_value=5)
        assert len(mock) == 5
        assert mock.mock_calls == [amock.call.__len__()]

    def test_magic_methods_are_per_instance(self) -> None:
        first, second = amock.MagicMock(), amock.MagicMock()
        first.__len__.return_value = 10
        assert len(first) == 10
        assert len(second) == 0

    def test_deleting_a_magic_method_removes_support(self) -> None:
        mock = amock.MagicMock()
        mock.__len__.return_value = 2
        del mock.__len__
        with pytest.raises(TypeError):
            len(mock)
        with pytest.raises(AttributeError):
            _ = mock.__len__
        assert list(mock) == []

    def test_spec_without_a_magic_method_does_not_support_it(self) -> None:
        mock = amock.MagicMock(spec=Response)
        with pytest.raises(TypeError):
            len(mock)
        assert bool(mock) is True
        with pytest.raises(AttributeError):
            mock.__len__ = amock.Mock()

    def test_unsupported_magic_is_refused_like_the_stdlib(self) -> None:
        with pytest.raises(AttributeError, match="unsupported magic"):
            amock.MagicMock().__getattr__ = lambda self, name: 1

    def test_non_magic_mocks_have_no_magic_methods(self) -> None:
        with pytest.raises(TypeError):
            len(amock.Mock())


class TestPerInstanceClasses:
    def test_each_live_mock_has_a_class_of_its_own(self) -> None:
        mocks = [amock.MagicMock() for _ in range(50)]
        assert len({type(mock) for mock in mocks}) == 50

    def test_type_level_property_mock_stays_on_its_mock(self) -> None:
        mock = amock.MagicMock()
        type(mock).status = amock.PropertyMock(return_value="ok")
        others = [amock.MagicMock() for _ in range(20)]
        assert mock.status == "ok"
        assert all(isinstance(other.status, amock.MagicMock) for other in others)

    def test_recycled_classes_never_carry_type_level_edits(self) -> None:
        # More rounds than the pool has classes, so recycled ones are offered.
        for _ in range(25):
            mock = amock.MagicMock()
            type(mock).edited = amock.PropertyMock(return_value="leak")
            del mock
            gc.collect()
            fresh = amock.MagicMock()
            assert fresh.edited != "leak"

    def test_classes_are_recycled_once_their_mock_is_gone(self) -> None:
        first = amock.MagicMock()
        first_class_id = id(type(first))
        del first
        gc.collect()
        # Holding the class itself would keep it in use, so compare ids.
        assert first_class_id in {id(type(amock.MagicMock())) for _ in range(10)}

    def test_subclasses_keep_their_own_methods_and_child_class(self) -> None:
        class Recording(amock.MagicMock):
            def extra(self) -> str:
                return "extra"

        mock = Recording()
        assert mock.extra() == "extra"
        assert isinstance(mock.child, Recording)
        assert isinstance(mock, amock.MagicMock)


class TestPrivateClasses:
    """Each mock's own class: its place in the MRO, magic methods read from it, recycling."""

    def test_recycled_classes_never_carry_a_replaced_magic_method(self) -> None:
        # More rounds than the pool has classes, so recycled ones are offered.
        for _ in range(25):
            mock = amock.MagicMock()
            type(mock).__len__ = lambda self: 5
            assert len(mock) == 5
            del mock
            gc.collect()
            assert len(amock.MagicMock()) == 0

    def test_autospecs_recycle_their_classes_with_their_own_signature_check(self) -> None:
        class Takes:
            def __call__(self, a: int, b: int) -> None: ...

        first = amock.create_autospec(Takes, instance=True)
        first_class_id = id(type(first))
        del first
        gc.collect()
        # A class an autospec used is offered again, with the old check taken off...
        seconds = [amock.create_autospec(Takes, instance=True) for _ in range(10)]
        assert first_class_id in {id(type(second)) for second in seconds}
        # ...and each mock checks calls against its own spec only.
        for second in seconds:
            second(1, 2)
            with pytest.raises(TypeError):
                second(1)

    def test_recycled_classes_never_miss_a_deleted_magic_method(self) -> None:
        for _ in range(25):
            mock = amock.MagicMock()
            del type(mock).__len__
            with pytest.raises(TypeError):
                len(mock)
            del mock
            gc.collect()
            assert len(amock.MagicMock()) == 0

    def test_reading_from_the_class_of_a_mock_that_is_gone_gives_the_slot(self) -> None:
        mock = amock.MagicMock()
        klass = type(mock)
        assert isinstance(klass.__str__, amock.MagicMock)
        del mock
        gc.collect()
        assert not isinstance(klass.__str__, amock.MagicMock)
        assert "__str__" in repr(klass.__str__)

    def test_a_class_read_magic_method_survives_a_new_spec_with_type_edits(self) -> None:
        mock = amock.MagicMock()
        type(mock).status = amock.PropertyMock(return_value="ok")
        mock.mock_add_spec(["__enter__", "__exit__", "status"])
        assert mock.status == "ok"
        assert type(mock).__enter__ is mock.__enter__

    def test_mock_open_works_under_exit_stack_on_every_version(self) -> None:
        # The stdlib's handle fails there on 3.13 (cpython gh-150484).
        opened = amock.mock_open(read_data="data")
        with contextlib.ExitStack() as stack:
            handle = stack.enter_context(opened("file.txt"))
            assert handle.read() == "data"
        assert handle.__exit__.called
        if sys.version_info >= (3, 13):
            handle.close.assert_called_once_with()


class TestSpecAttributesTakeTheirShapeWhenUsed:
    """A child's shape is read when the child is first made, not when its parent is."""

    def test_an_instance_attribute_made_async_after_the_mock_gives_an_async_child(
        self,
    ) -> None:
        class Client:
            def on_message(self) -> None:
                pass

        async def handler() -> None:
            pass

        client = Client()
        mock = amock.Mock(spec_set=client)
        client.on_message = handler
        assert isinstance(mock.on_message, amock.AsyncMock)

    def test_which_attributes_exist_is_still_decided_when_the_mock_is_made(self) -> None:
        class Client:
            pass

        client = Client()
        mock = amock.Mock(spec_set=client)
        client.added = 1
        with pytest.raises(AttributeError):
            _ = mock.added


# -- coroutine detection -----------------------------------------------------------------------


def coroutine_function_checks() -> list[Any]:
    """The ``iscoroutinefunction`` checks code under test makes on this Python.

    ``inspect.iscoroutinefunction`` everywhere; ``asyncio.iscoroutinefunction``
    too before 3.14, which deprecates it (it is removed in 3.16).
    """
    checks: list[Any] = [inspect.iscoroutinefunction]
    if sys.version_info < (3, 14):
        checks.append(asyncio.iscoroutinefunction)
    return checks


class TestCoroutineFunctionDetection:
    @pytest.mark.parametrize(
        "make",
        [
            amock.AsyncMock,
            lambda: amock.MagicMock(spec=fetch_all),
            lambda: amock.Mock(spec=fetch_all),
            lambda: amock.MagicMock(spec=Client).get,
            lambda: amock.AsyncMock(spec=Client).get,
            lambda: amock.MagicMock(spec=Client).connect,
            lambda: amock.AsyncMock().child,
        ],
        ids=[
            "AsyncMock",
            "MagicMock-spec",
            "Mock-spec",
            "child",
            "async-child",
            "classmethod",
            "unspecced-child",
        ],
    )
    def test_async_shapes_are_coroutine_functions(self, make: Any) -> None:
        mock = make()
        for check in coroutine_function_checks():
            assert check(mock), check
        coroutine = mock()
        assert inspect.iscoroutine(coroutine)
        coroutine.close()

    @pytest.mark.parametrize(
        "make",
        [
            amock.MagicMock,
            amock.Mock,
            lambda: amock.MagicMock(spec=plain),
            lambda: amock.MagicMock(spec=Client).describe,
            lambda: amock.AsyncMock(spec=Client).describe,
            lambda: amock.MagicMock(spec=Client).version,
        ],
        ids=["MagicMock", "Mock", "spec-sync", "sync-child", "sync-child-of-async", "static"],
    )
    def test_sync_shapes_are_not_coroutine_functions(self, make: Any) -> None:
        mock = make()
        for check in coroutine_function_checks():
            assert not check(mock), check
        assert not inspect.isawaitable(mock())

    def test_stdlib_lies_where_amock_does_not(self) -> None:
        # cpython#82303/#84586: stdlib makes every child of an AsyncMock async.
        std_resp = std.AsyncMock(spec=Transaction)
        ours = amock.AsyncMock(spec=Client)
        assert inspect.iscoroutinefunction(std_resp.__aenter__)
        assert not inspect.iscoroutinefunction(ours.describe)
        assert isinstance(ours.describe(), amock.MagicMock)


# -- shapes of children -------------------------------------------------------------------------


class TestChildShapes:
    @pytest.mark.parametrize("make", [amock.MagicMock, amock.AsyncMock, amock.NonCallableMagicMock])
    @pytest.mark.parametrize("name", ASYNC_MEMBERS)
    def test_async_members_of_a_spec_are_async(self, make: type, name: str) -> None:
        child = getattr(make(spec=Client), name)
        assert isinstance(child, amock.AsyncMock)

    @pytest.mark.parametrize("make", [amock.MagicMock, amock.AsyncMock, amock.NonCallableMagicMock])
    @pytest.mark.parametrize("name", SYNC_MEMBERS)
    def test_sync_members_of_a_spec_stay_sync(self, make: type, name: str) -> None:
        child = getattr(make(spec=Client), name)
        assert not isinstance(child, std.AsyncMock)
        assert not inspect.isawaitable(child())

    def test_async_generator_members_are_async_generator_mocks(self) -> None:
        client = amock.MagicMock(spec=Client)
        assert isinstance(client.stream, amock.AsyncGeneratorMock)
        assert inspect.isasyncgenfunction(client.stream)

    def test_children_of_children_follow_the_spec(self) -> None:
        module = amock.MagicMock(spec=sys.modules[__name__])
        assert isinstance(module.Client.get, amock.AsyncMock)
        assert not isinstance(module.Client.describe, std.AsyncMock)

    def test_calling_a_class_spec_gives_an_instance_shaped_mock(self) -> None:
        cls_mock = amock.MagicMock(spec=Client)
        instance = cls_mock()
        assert isinstance(instance.get, amock.AsyncMock)
        assert not isinstance(instance.describe, std.AsyncMock)
        # Lends shape without restricting, as stdlib's unspecced return value.
        assert instance.anything_else is not None

    def test_unspecced_mocks_keep_the_stdlib_child_classes(self) -> None:
        assert isinstance(amock.MagicMock().child, amock.MagicMock)
        assert isinstance(amock.AsyncMock().child, amock.AsyncMock)
        assert isinstance(amock.Mock().child, amock.Mock)
        assert not isinstance(amock.Mock().child, std.MagicMock)
        assert isinstance(amock.MagicMock().__aenter__, amock.AsyncMock)
        assert isinstance(amock.AsyncMock().__str__, amock.MagicMock)

    @pytest.mark.anyio
    async def test_async_property_of_a_spec_is_awaitable(self) -> None:
        client = amock.MagicMock(spec=Client)
        client.status.__await__.return_value = "down"
        assert await client.status == "down"

    @pytest.mark.anyio
    async def test_awaited_children_record_calls_and_awaits(self) -> None:
        client = amock.MagicMock(spec=Client)
        client.get.return_value = "page"
        assert await client.get("https://example.org") == "page"
        client.get.assert_awaited_once_with("https://example.org")
        assert client.mock_calls == [amock.call.get("https://example.org")]


# -- AsyncMock behaviour ------------------------------------------------------------------------


class TestAsyncMock:
    @pytest.mark.anyio
    async def test_await_gives_the_return_value(self) -> None:
        mock = amock.AsyncMock(return_value=42)
        assert await mock(1, two=2) == 42
        mock.assert_awaited_once_with(1, two=2)
        mock.assert_called_once_with(1, two=2)

    @pytest.mark.anyio
    async def test_side_effects_as_in_the_stdlib(self) -> None:
        async def double(x: int) -> int:
            return 2 * x

        mock = amock.AsyncMock(side_effect=double)
        assert await mock(4) == 8
        mock.side_effect = lambda x: x + 1
        assert await mock(4) == 5
        mock.side_effect = [1, KeyError("k")]
        assert await mock() == 1
        with pytest.raises(KeyError):
            await mock()
        with pytest.raises(StopAsyncIteration):
            await mock()
        mock.side_effect = RuntimeError("fail")
        with pytest.raises(RuntimeError, match="fail"):
            await mock()

    @pytest.mark.anyio
    async def test_wraps_awaits_a_coroutine_function(self) -> None:
        mock = amock.AsyncMock(wraps=fetch_all)
        assert await mock(["a"]) == ["a"]

    def test_await_count_counts_awaits_not_calls(self) -> None:
        mock = amock.AsyncMock()
        never = mock()
        assert mock.call_count == 1
        assert mock.await_count == 0
        never.close()
        run(mock)
        assert mock.await_count == 1
        with pytest.raises(AssertionError):
            mock.assert_awaited_once_with(99)

    def test_works_under_trio_without_a_plugin(self) -> None:
        trio = pytest.importorskip("trio")
        mock = amock.AsyncMock(return_value="t")

        async def main() -> Any:
            return await mock()

        assert trio.run(main) == "t"
        mock.assert_awaited_once()


# -- async generators ---------------------------------------------------------------------------


class TestAsyncGeneratorMock:
    @pytest.mark.anyio
    async def test_call_returns_a_real_async_generator(self) -> None:
        mock = amock.AsyncGeneratorMock()
        mock.yields = [1, 2, 3]
        generator = mock(5)
        assert inspect.isasyncgen(generator)
        assert [item async for item in generator] == [1, 2, 3]
        mock.assert_called_once_with(5)
        mock.assert_consumed()
        mock.assert_closed()

    @pytest.mark.anyio
    async def test_yields_may_be_an_async_iterable(self) -> None:
        async def source() -> AsyncIterator[int]:
            yield 1
            yield 2

        mock = amock.AsyncGeneratorMock()
        mock.yields = source()
        assert [item async for item in mock()] == [1, 2]

    @pytest.mark.anyio
    async def test_spec_from_an_async_generator_function(self) -> None:
        mock = amock.MagicMock(spec=ticks)
        assert inspect.isasyncgenfunction(mock)
        assert not inspect.iscoroutinefunction(mock)
        mock.yields = "ab"[0], "b"
        assert [item async for item in mock(2)] == ["a", "b"]

    @pytest.mark.anyio
    async def test_exception_mid_stream(self) -> None:
        mock = amock.AsyncGeneratorMock()
        mock.yields = [1, ValueError("broken pipe"), 3]
        seen: list[object] = []

        async def drain() -> None:
            async for item in mock():
                seen.append(item)

        with pytest.raises(ValueError, match="broken pipe"):
            await drain()
        assert seen == [1]
        assert mock.generators[0].closed
        assert not mock.generators[0].consumed

    @pytest.mark.anyio
    async def test_partial_consumption_and_aclose_are_recorded(self) -> None:
        mock = amock.AsyncGeneratorMock()
        mock.yields = range(10)
        generator = mock()
        assert await generator.__anext__() == 0
        with pytest.raises(AssertionError, match="not consumed"):
            mock.assert_consumed()
        with pytest.raises(AssertionError, match="still open"):
            mock.assert_closed()
        await generator.aclose()
        record = mock.generators[0]
        assert record.yielded == [0]
        assert record.aclosed
        assert record.closed
        mock.assert_closed()

    @pytest.mark.anyio
    async def test_each_call_gets_a_fresh_generator(self) -> None:
        mock = amock.AsyncGeneratorMock()
        mock.yields = (1, 2)
        assert [item async for item in mock()] == [1, 2]
        assert [item async for item in mock()] == [1, 2]
        assert len(mock.generators) == 2

    @pytest.mark.anyio
    async def test_async_iterable_side_effect_is_iterated(self) -> None:
        mock = amock.AsyncGeneratorMock(side_effect=ticks(3))
        assert [item async for item in mock()] == [0, 1, 2]

    @pytest.mark.anyio
    @pytest.mark.parametrize("module", [std, amock], ids=["stdlib", "amock"])
    async def test_side_effect_exception_is_raised_by_the_call(self, module: Any) -> None:
        mock = module.MagicMock(spec=ticks, side_effect=ConnectionError("down"))
        with pytest.raises(ConnectionError, match="down"):
            mock(1)
        mock.assert_called_once_with(1)

    @pytest.mark.anyio
    @pytest.mark.parametrize("module", [std, amock], ids=["stdlib", "amock"])
    async def test_side_effect_iterable_gives_one_result_per_call(self, module: Any) -> None:
        first, second = ticks(1), ticks(2)
        mock = module.MagicMock(spec=ticks, side_effect=[first, KeyError("gone"), second])
        assert mock(1) is first
        with pytest.raises(KeyError, match="gone"):
            mock(1)
        assert mock(2) is second
        assert [item async for item in second] == [0, 1]
        assert mock.call_count == 3

    @pytest.mark.anyio
    @pytest.mark.parametrize("module", [std, amock], ids=["stdlib", "amock"])
    async def test_side_effect_function_gives_its_result(self, module: Any) -> None:
        mock = module.MagicMock(spec=ticks, side_effect=ticks)
        assert [item async for item in mock(2)] == [0, 1]
        mock.assert_called_once_with(2)

    @pytest.mark.anyio
    @pytest.mark.parametrize("module", [std, amock], ids=["stdlib", "amock"])
    async def test_wrapped_generator_function_is_called(self, module: Any) -> None:
        mock = module.MagicMock(spec=ticks, wraps=ticks)
        assert [item async for item in mock(3)] == [0, 1, 2]
        mock.assert_called_once_with(3)

    @pytest.mark.anyio
    async def test_side_effect_returning_default_streams_yields(self) -> None:
        mock = amock.AsyncGeneratorMock(side_effect=lambda: amock.DEFAULT)
        mock.yields = ["x"]
        assert [item async for item in mock()] == ["x"]
        mock.assert_consumed()

    def test_assert_consumed_fails_when_never_called(self) -> None:
        with pytest.raises(AssertionError, match="never called"):
            amock.AsyncGeneratorMock().assert_consumed()

    @pytest.mark.parametrize("bad", [5, None, object(), "text"])
    def test_wrong_yields_type_is_a_clear_type_error(self, bad: Any) -> None:
        mock = amock.AsyncGeneratorMock()
        with pytest.raises(MockConfigurationError, match="iterable or an async iterable") as info:
            mock.yields = bad
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, AmockError)
        assert mock.yields == ()

    @pytest.mark.parametrize(
        "make", [amock.MagicMock, amock.AsyncMock, lambda: amock.MagicMock(spec=plain)]
    )
    def test_yields_on_another_shape_says_so(self, make: Any) -> None:
        mock = make()
        with pytest.raises(NotAnAsyncGeneratorMockError, match="AsyncGeneratorMock") as info:
            mock.yields = [1]
        assert isinstance(info.value, TypeError)
        with pytest.raises(NotAnAsyncGeneratorMockError):
            mock.configure_mock(yields=[1])

    def test_yields_is_an_ordinary_attribute_where_the_spec_has_one(self) -> None:
        class Recipe:
            yields = 4

        recipe = amock.MagicMock(spec=Recipe)
        recipe.yields = 6
        assert recipe.yields == 6

    def test_runs_under_plain_asyncio(self) -> None:
        mock = amock.AsyncGeneratorMock()
        mock.yields = [1]

        async def consume() -> list[int]:
            return [item async for item in mock()]

        assert asyncio.run(consume()) == [1]


# -- async context managers ---------------------------------------------------------------------


class TestAsyncContextManagers:
    @pytest.mark.anyio
    @pytest.mark.parametrize("spec", [Connection, Connection()], ids=["class", "instance"])
    async def test_entering_a_self_returning_spec_gives_the_mock(self, spec: object) -> None:
        conn = amock.MagicMock(spec=spec)
        async with conn as entered:
            assert entered is conn
            await entered.fetch("q")
        conn.__aenter__.assert_awaited_once()
        conn.__aexit__.assert_awaited_once_with(None, None, None)
        conn.fetch.assert_awaited_once_with("q")
        assert not isinstance(entered.close_soon, std.AsyncMock)

    @pytest.mark.anyio
    async def test_class_mock_enters_as_its_return_value(self) -> None:
        factory = amock.MagicMock(spec=Connection)
        async with factory() as entered:
            assert entered is factory.return_value

    @pytest.mark.anyio
    async def test_entered_value_is_settable_in_one_line(self) -> None:
        conn = amock.MagicMock(spec=Connection)
        conn.__aenter__.return_value = "custom"
        async with conn as entered:
            assert entered == "custom"

    @pytest.mark.anyio
    async def test_other_entered_values_stay_mocks_of_the_stdlib_kind(self) -> None:
        txn = amock.MagicMock(spec=Transaction)
        async with txn as entered:
            assert entered is not txn

    @pytest.mark.anyio
    async def test_exceptions_propagate_and_reach_aexit(self) -> None:
        conn = amock.MagicMock(spec=Connection)
        with pytest.raises(KeyError):
            async with conn:
                raise KeyError("inside")
        exc_type, exc, _ = conn.__aexit__.call_args.args
        assert exc_type is KeyError
        assert isinstance(exc, KeyError)

    @pytest.mark.anyio
    async def test_awaitable_and_context_manager_spec_supports_both(self) -> None:
        request = amock.MagicMock(spec=RequestContext)
        request.__aenter__.return_value = "response"
        assert await request == "response"
        async with request as entered:
            assert entered == "response"

    @pytest.mark.anyio
    async def test_await_value_is_configurable(self) -> None:
        request = amock.MagicMock(spec=RequestContext)
        request.__await__.return_value = "awaited"
        assert await request == "awaited"

    @pytest.mark.anyio
    async def test_asynccontextmanager_method_returns_an_async_context_manager(self) -> None:
        client = amock.MagicMock(spec=Client)
        async with client.session() as conn:
            assert conn is client.session.return_value.__aenter__.return_value
        client.session.assert_called_once_with()

    def test_sync_context_manager_enters_as_in_the_stdlib(self) -> None:
        # Only async with binds the mock itself; with keeps the stdlib's
        # __enter__() result, so assertions on mock_calls read the same.
        class Resource:
            def __enter__(self) -> Resource:
                return self

            def __exit__(self, *exc_info: object) -> None:
                pass

            def send(self, text: str) -> None:
                pass

        resource = amock.MagicMock(spec=Resource)
        with resource as entered:
            entered.send("ada")
        assert entered is resource.__enter__.return_value
        assert entered is not resource
        assert resource.mock_calls == [
            amock.call.__enter__(),
            amock.call.__enter__().send("ada"),
            amock.call.__exit__(None, None, None),
        ]


# -- threads -------------------------------------------------------------------------------------


def _in_threads(work: Callable[[], object], threads: int) -> None:
    """Run ``work`` in ``threads`` threads at once, switching between them as often as possible."""
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(switch)


class TestThreadSafety:
    def test_calls_from_many_threads_are_never_lost(self) -> None:
        mock = amock.MagicMock()
        threads, per_thread = 8, 5_000
        _in_threads(lambda: [mock(i) for i in range(per_thread)], threads)
        assert mock.call_count == threads * per_thread
        assert len(mock.call_args_list) == threads * per_thread
        assert len(mock.mock_calls) == threads * per_thread

    def test_awaits_from_many_threads_are_never_lost(self) -> None:
        mock = amock.AsyncMock()
        threads, per_thread = 4, 2_000

        async def hammer() -> None:
            for i in range(per_thread):
                await mock(i)

        _in_threads(lambda: asyncio.run(hammer()), threads)
        assert mock.await_count == threads * per_thread
        assert mock.call_count == threads * per_thread
        assert len(mock.await_args_list) == threads * per_thread

    def test_calls_of_an_autospecced_function_from_many_threads_are_never_lost(self) -> None:
        """The hooked path (a signature check, records on the function copy) takes the lock too."""

        def fetch(page: int) -> None:
            pass

        copy_ = amock.create_autospec(fetch)
        threads, per_thread = 4, 2_000
        _in_threads(lambda: [copy_(i) for i in range(per_thread)], threads)
        assert copy_.call_count == threads * per_thread
        assert len(copy_.call_args_list) == threads * per_thread
        assert len(copy_.mock_calls) == threads * per_thread


# -- the stdlib's call hooks ----------------------------------------------------------------------


def _counting(base: type[Any]) -> type[Any]:
    """A subclass of ``base`` whose ``_increment_mock_call`` notes each call, then records it."""

    class Counting(base):  # type: ignore[misc]
        def _increment_mock_call(self, /, *args: Any, **kwargs: Any) -> None:
            self.__dict__.setdefault("seen", []).append((args, kwargs))
            super()._increment_mock_call(*args, **kwargs)

    return Counting


class TestCallHooks:
    @pytest.mark.parametrize("name", ["Mock", "MagicMock", "AsyncMock"])
    def test_an_overridden_increment_mock_call_sees_and_records_every_call_as_in_the_stdlib(
        self, name: str
    ) -> None:
        made = []
        for module in (std, amock):
            parent = module.MagicMock()
            mock = _counting(getattr(module, name))()
            parent.attach_mock(mock, "child")
            for result in (mock(1, key="a"), mock(2)):
                if asyncio.iscoroutine(result):
                    result.close()
            made.append((mock, parent))
        (expected, expected_parent), (actual, actual_parent) = made
        assert actual.seen == expected.seen == [((1,), {"key": "a"}), ((2,), {})]
        assert actual.call_count == expected.call_count == 2
        assert actual.call_args_list == expected.call_args_list
        assert actual.mock_calls == expected.mock_calls
        assert actual_parent.mock_calls == expected_parent.mock_calls
        assert actual_parent.method_calls == expected_parent.method_calls

    def test_an_overridden_check_sig_runs_before_the_call_is_recorded(self) -> None:
        class Refusing(amock.MagicMock):
            def _mock_check_sig(self, /, *args: Any, **kwargs: Any) -> None:
                if args:
                    raise TypeError("no positional arguments")

        mock = Refusing(return_value=3)
        with pytest.raises(TypeError, match="no positional arguments"):
            mock(1)
        assert mock(key=1) == 3
        assert mock.call_args_list == [amock.call(key=1)]

    @pytest.mark.anyio
    async def test_a_wait_for_call_wakes_for_a_mock_that_records_its_own_way(self) -> None:
        mock = _counting(amock.AsyncMock)(return_value="done")

        async def call_soon() -> None:
            await anyio.lowlevel.checkpoint()
            assert await mock("ada") == "done"

        async with anyio.create_task_group() as group:
            group.start_soon(call_soon)
            with anyio.fail_after(5):
                seen = await mock.wait_for_call(amock.call("ada"))
        assert seen == amock.call("ada")
        assert mock.seen == [(("ada",), {})]
        mock.assert_awaited_once_with("ada")


# -- misuse ---------------------------------------------------------------------------------------


class TestAwaitingSyncMocks:
    @pytest.mark.anyio
    @pytest.mark.parametrize(
        "make",
        [
            lambda: amock.MagicMock(spec=Client, name="client"),
            lambda: amock.create_autospec(Client, instance=True, name="client"),
            lambda: amock.NonCallableMagicMock(spec=Client, name="client"),
        ],
        ids=["spec", "autospec", "non-callable spec"],
    )
    async def test_awaiting_a_method_the_spec_says_is_sync_is_a_bug_of_the_code(
        self, make: Callable[[], Any]
    ) -> None:
        # The fix is in the code under test: "use AsyncMock" would hide its bug.
        client = make()
        with pytest.raises(TypeError) as info:
            await client.describe()
        message = str(info.value)
        assert "the real callable is sync: do not await it; result of sync mock" in message
        assert "'client.describe'" in message
        assert "AsyncMock" not in message

    @pytest.mark.anyio
    async def test_awaiting_an_unspecced_magic_mock_result_says_to_use_async_mock(self) -> None:
        with pytest.raises(TypeError, match="use AsyncMock to await"):
            await amock.MagicMock()()

    def test_labels_do_not_change_repr_or_recycled_classes(self) -> None:
        result = amock.MagicMock(name="m")()
        assert repr(result).startswith("<MagicMock name='m()' id=")
        labelled = id(type(result))
        del result
        gc.collect()
        recycled = {
            id(type(amock.MagicMock())): type(amock.MagicMock()).__name__ for _ in range(10)
        }
        assert labelled in recycled
        assert set(recycled.values()) == {"MagicMock"}


class _Service:
    def describe(self) -> str:
        return ""

    async def fetch(self) -> bytes:
        return b""


class TestMisnamedAssertions:
    """The stdlib's error for a name that is no assertion, plus the name the test meant."""

    @staticmethod
    def raised(module: Any, attempt: Callable[[Any], Any]) -> AttributeError:
        with pytest.raises(AttributeError) as info:
            attempt(module)
        return info.value

    @pytest.mark.parametrize(
        ("attempt", "hint"),
        [
            (
                lambda m: m.AsyncMock().assert_awaited_once_wiht,
                "Did you mean assert_awaited_once_with()?",
            ),
            (
                lambda m: m.MagicMock().assert_called_once_wiht,
                "Did you mean assert_called_once_with()?",
            ),
            (lambda m: m.Mock().asert_called_once, "Did you mean assert_called_once()?"),
            (lambda m: m.MagicMock().assret_called_with, "Did you mean assert_called_with()?"),
            (
                lambda m: m.MagicMock(spec=_Service).describe.assert_awaited_once,
                "'mock.describe' is a sync mock (a mock of something that is not awaited): it "
                "records calls, not awaits; assert them with assert_called_once().",
            ),
            (
                lambda m: m.create_autospec(_Service, instance=True).describe.assert_awaited,
                "'mock.describe' is a sync mock (a mock of something that is not awaited): it "
                "records calls, not awaits; assert them with assert_called().",
            ),
            (
                lambda m: m.MagicMock(name="client").get.assert_has_awaits,
                "assert them with assert_has_calls().",
            ),
        ],
        ids=[
            "await typo",
            "call typo",
            "asert",
            "assret",
            "spec sync",
            "autospec sync",
            "unspecced",
        ],
    )
    def test_the_stdlibs_words_then_the_fix(self, attempt: Callable[[Any], Any], hint: str) -> None:
        stdlib, ours = self.raised(std, attempt), self.raised(amock, attempt)
        assert str(ours).startswith(str(stdlib).rstrip("."))
        assert str(ours).endswith(hint)
        assert ours.name == stdlib.name

    def test_names_that_are_no_assertion_keep_the_stdlibs_error(self) -> None:
        stdlib = self.raised(std, lambda m: m.MagicMock(spec=_Service).nothing)
        ours = self.raised(amock, lambda m: m.MagicMock(spec=_Service).nothing)
        assert str(ours) == str(stdlib)

    def test_an_unlike_name_gets_no_guess(self) -> None:
        error = self.raised(amock, lambda m: m.MagicMock().assert_everything_fine)
        assert "Did you mean" not in str(error)

    def test_children_are_still_made(self) -> None:
        mocked = amock.MagicMock()
        assert mocked.fetch is mocked.fetch
        assert callable(amock.AsyncMock().assert_awaited_once_with)
