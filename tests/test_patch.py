"""amock.patch: shape-chosen substitutes, stdlib arguments, activations and exact restore."""

from __future__ import annotations

import asyncio
import builtins
import gc
import importlib
import inspect
import itertools
import json
import os
import re
import sys
import types
import unittest.mock as std
import weakref
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import patch_targets as targets
import pytest
import trio
from hypothesis import given, settings
from strategies import SITES, Site, operations
from type_checking_targets import TYPE_CHECKING_STYLES

import amock
from amock.errors import (
    AmockError,
    InvalidTargetError,
    PatchArgumentError,
    PatchConflictError,
    PatchNotActiveError,
    TargetImportError,
    TargetNotFoundError,
    UnpatchableTargetError,
)

# -- the substitute patch makes -------------------------------------------------------


class StaticAbovePatch:
    """``@staticmethod`` written above ``@amock.patch``: only the class knows it is static."""

    @staticmethod
    @amock.patch("patch_targets.plain")
    def test_static(plain: Any, fixture: int) -> tuple[Any, int]:
        return plain, fixture

    @amock.patch("patch_targets.plain")
    def test_method(self, plain: Any, fixture: int) -> tuple[Any, int]:
        return plain, fixture


class TestSubstituteByShape:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("plain", amock.MagicMock),
            ("fetch", amock.AsyncMock),
            ("wrapped_fetch", amock.AsyncMock),
            ("wrapt_fetch", amock.AsyncMock),
            ("fetch_partial", amock.AsyncMock),
            ("returns_awaitable", amock.AsyncMock),
            ("handler", amock.AsyncMock),
            ("stream", amock.AsyncGeneratorMock),
            ("session_factory", amock.MagicMock),
            ("Client", amock.MagicMock),
            ("Ticker", amock.MagicMock),
            ("VALUE", amock.MagicMock),
        ],
    )
    def test_module_attribute_gets_the_mock_class_of_its_shape(
        self, name: str, expected: type
    ) -> None:
        with amock.patch(f"patch_targets.{name}") as mock:
            assert type(mock).__mro__[1:].count(expected) or isinstance(mock, expected)
            assert getattr(targets, name) is mock
        # Exact class, not a subclass chosen by accident (AsyncMock is no MagicMock).
        assert isinstance(mock, expected)
        if expected is not amock.AsyncMock:
            assert not isinstance(mock, amock.AsyncMock)

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("get", amock.AsyncMock),
            ("ping", amock.AsyncMock),
            ("connect", amock.AsyncMock),
            ("lines", amock.AsyncGeneratorMock),
            ("close", amock.MagicMock),
            ("version", amock.MagicMock),
            ("default", amock.MagicMock),
        ],
    )
    def test_method_shapes_on_a_class(self, name: str, expected: type) -> None:
        with amock.patch.object(targets.Client, name) as mock:
            assert isinstance(mock, expected)
            if expected is amock.MagicMock:
                assert not inspect.iscoroutinefunction(mock)

    def test_mocks_are_named_after_the_attribute(self) -> None:
        with amock.patch("patch_targets.fetch") as mock:
            assert "name='fetch'" in repr(mock)

    @pytest.mark.anyio
    async def test_patched_coroutine_function_is_awaited_and_recorded(self) -> None:
        with amock.patch("patch_targets.fetch", return_value="body") as fetch:
            assert await targets.fetch("https://a") == "body"
        fetch.assert_awaited_once_with("https://a")

    @pytest.mark.anyio
    async def test_patched_async_generator_yields_what_it_is_told(self) -> None:
        with amock.patch("patch_targets.stream") as stream:
            stream.yields = [1, 2, 3]
            assert [item async for item in targets.stream(3)] == [1, 2, 3]
        stream.assert_consumed()

    @pytest.mark.anyio
    async def test_patched_async_cm_factory_enters(self) -> None:
        with amock.patch("patch_targets.session_factory") as factory:
            factory.return_value.__aenter__.return_value = "fake session"
            async with targets.session_factory() as session:
                assert session == "fake session"

    @pytest.mark.anyio
    async def test_patched_async_callable_object_is_awaitable(self) -> None:
        with amock.patch("patch_targets.handler", return_value=7):
            assert await targets.handler(1) == 7


class TestShapeLending:
    """A plain ``patch('pkg.Client')`` lends the class's shape without restricting it."""

    @pytest.mark.anyio
    async def test_async_with_enters_the_instance_and_methods_keep_their_shape(self) -> None:
        with amock.patch("patch_targets.Client") as client_class:
            async with targets.Client("base") as client:
                assert client is client_class.return_value
                response = await client.get("/users")
                payload = response.json()
                client.close()
            assert not inspect.isawaitable(payload)
            client.get.assert_awaited_once_with("/users")
            client.close.assert_called_once_with()
            client_class.assert_called_once_with("base")

    @pytest.mark.anyio
    async def test_request_returning_an_async_cm_works_without_return_value_chains(
        self,
    ) -> None:
        with amock.patch("patch_targets.Client"):
            client = targets.Client()
            async with client.request("/x") as response:
                assert response.json() is not None
                assert not inspect.isawaitable(response.json())

    def test_sync_methods_stay_sync(self) -> None:
        with amock.patch("patch_targets.Client"):
            result = targets.Client().close()
        assert not inspect.isawaitable(result)
        assert not isinstance(targets.client.close, amock.AsyncMock)

    def test_names_the_original_lacks_stay_permissive(self) -> None:
        with amock.patch("patch_targets.Client"):
            client = targets.Client()
            extra = client.not_a_real_method(1)
            assert isinstance(extra, amock.MagicMock)
            assert not isinstance(client.not_a_real_method, amock.AsyncMock)
            assert len(client) == 0  # magic methods stay available, as in stdlib

    @pytest.mark.anyio
    async def test_awaiting_the_annotated_result_gives_a_sync_response(self) -> None:
        with amock.patch("patch_targets.fetch_response"):
            result = await targets.fetch_response("/")
            payload = result.json()
        assert not isinstance(result, amock.AsyncMock)
        assert not inspect.isawaitable(payload)

    @pytest.mark.anyio
    async def test_builtin_annotations_keep_the_stdlib_result(self) -> None:
        with amock.patch("patch_targets.fetch_number"):
            result = await targets.fetch_number(1)
        assert isinstance(result, amock.AsyncMock)


# -- stdlib arguments ---------------------------------------------------------------


class TestStdlibPatcherMethods:
    """amock's patchers are unittest.mock._patch instances whose inherited API is amock's."""

    def test_a_patcher_is_a_stdlib_patcher(self) -> None:
        assert isinstance(amock.patch("json.dumps"), std._patch)
        assert isinstance(amock.patch.object(json, "dumps"), std._patch)

    def test_get_original_reads_the_target_now(self) -> None:
        assert amock.patch("json.dumps").get_original() == (json.dumps, True)
        assert amock.patch("json.NOT_THERE", create=True).get_original() == (amock.DEFAULT, False)
        with pytest.raises(TargetNotFoundError):
            amock.patch("json.NOT_THERE").get_original()

    def test_the_stdlib_decorating_methods_decorate_as_amock(self) -> None:
        async def read() -> Any:
            return json.dumps

        def sync_read(mock_dumps: Any) -> bool:
            return json.dumps is mock_dumps

        class Reader:
            def test_read(self, mock_dumps: Any) -> bool:
                return json.dumps is mock_dumps

        assert amock.patch("json.dumps").decorate_callable(sync_read)() is True
        patched = amock.patch("json.dumps", new="x").decorate_async_callable(read)
        assert inspect.iscoroutinefunction(patched)
        assert asyncio.run(patched()) == "x"
        assert amock.patch("json.dumps").decorate_class(Reader)().test_read() is True
        assert json.dumps is vars(json)["dumps"]


class TestStdlibArguments:
    def test_new_is_installed_and_not_injected(self) -> None:
        marker = object()
        with amock.patch("patch_targets.VALUE", marker) as installed:
            assert installed is marker
            assert targets.VALUE is marker
        assert targets.VALUE == 42

    def test_spec_true_restricts_to_the_original(self) -> None:
        real = targets.Client
        with amock.patch("patch_targets.Client", spec=True) as client_class:
            with pytest.raises(AttributeError):
                _ = client_class.not_there
            instance = targets.Client()
            assert isinstance(instance, real)
            with pytest.raises(AttributeError):
                _ = instance.not_there

    def test_spec_set_true_refuses_new_attributes(self) -> None:
        with (
            amock.patch("patch_targets.settings", spec_set=True) as settings_mock,
            pytest.raises(AttributeError),
        ):
            settings_mock.unknown = 1

    def test_spec_object_for_a_class_patch_makes_noncallable_instances(self) -> None:
        with amock.patch("patch_targets.Client", spec=targets.Client):
            instance = targets.Client()
            assert isinstance(instance, amock.NonCallableMagicMock)
            with pytest.raises(TypeError):
                instance()

    def test_spec_of_a_coroutine_function_gives_async_mock(self) -> None:
        with amock.patch("patch_targets.plain", spec=targets.fetch) as mock:
            assert isinstance(mock, amock.AsyncMock)

    def test_new_callable_makes_the_mock(self) -> None:
        with amock.patch("patch_targets.VALUE", new_callable=amock.NonCallableMock) as m:
            assert type(m).__mro__.count(std.NonCallableMock)
            assert not callable(m)

    def test_new_callable_any_factory(self) -> None:
        with amock.patch("patch_targets.VALUE", new_callable=list) as value:
            assert value == []
            assert targets.VALUE is value

    def test_keyword_arguments_configure_the_mock(self) -> None:
        with amock.patch("patch_targets.plain", return_value=3, **{"attr.child": 4}) as mock:
            assert targets.plain(1) == 3
            assert mock.attr.child == 4

    def test_create_adds_and_removes(self) -> None:
        with amock.patch("patch_targets.BRAND_NEW", create=True, new=5):
            assert targets.BRAND_NEW == 5  # type: ignore[attr-defined]
        assert "BRAND_NEW" not in vars(targets)

    def test_builtins_are_created_on_modules(self) -> None:
        with amock.patch("patch_targets.open") as fake_open:
            assert targets.open is fake_open  # type: ignore[attr-defined]
        assert "open" not in vars(targets)
        assert builtins.open is open

    def test_colon_target_form(self) -> None:
        with amock.patch("patch_targets:Client.close") as close:
            assert targets.Client.close is close

    def test_target_resolved_at_start_not_at_creation(self) -> None:
        patcher = amock.patch("patch_targets.LATER")
        targets.LATER = 1  # type: ignore[attr-defined]
        try:
            with patcher as mock:
                assert targets.LATER is mock  # type: ignore[attr-defined]
        finally:
            del targets.LATER  # type: ignore[attr-defined]

    def test_typo_of_autospec_is_refused(self) -> None:
        with pytest.raises(RuntimeError, match="autospect"):
            amock.patch("patch_targets.plain", autospect=True)
        patcher = amock.patch("patch_targets.plain", autospect=True, unsafe=True)
        with patcher as mock:
            assert mock.autospect is True

    def test_autospec_checks_signatures(self) -> None:
        with amock.patch("patch_targets.plain", autospec=True) as mock:
            targets.plain(1)
            with pytest.raises(TypeError):
                targets.plain(1, 2, 3)
        mock.assert_called_once_with(1)

    def test_active_patch_exposes_stdlib_attributes(self) -> None:
        patcher = amock.patch.object(targets.Client, "close")
        original = vars(targets.Client)["close"]
        with patcher:
            assert patcher.target is targets.Client
            assert patcher.temp_original is original
            assert patcher.is_local is True
        with pytest.raises(AttributeError):
            _ = patcher.target

    def test_patch_multiple_returns_and_injects_by_keyword(self) -> None:
        with amock.patch.multiple(
            "patch_targets", plain=amock.DEFAULT, fetch=amock.DEFAULT, VALUE=7
        ) as made:
            assert set(made) == {"plain", "fetch"}
            assert isinstance(made["fetch"], amock.AsyncMock)
            assert targets.VALUE == 7

        @amock.patch.multiple("patch_targets", plain=amock.DEFAULT)
        def check(x: int, plain: Any) -> tuple[int, Any]:
            return x, plain

        x, plain = check(1)
        assert x == 1
        assert isinstance(plain, amock.MagicMock)

    def test_stopall_stops_in_reverse_order(self) -> None:
        first = amock.patch("patch_targets.VALUE", new=1)
        second = amock.patch("patch_targets.VALUE", new=2)
        first.start()
        second.start()
        assert targets.VALUE == 2
        amock.patch.stopall()
        assert targets.VALUE == 42
        first.stop()  # already stopped: does nothing
        assert targets.VALUE == 42

    def test_stopall_also_stops_stdlib_patches_and_vice_versa(self) -> None:
        amock.patch("patch_targets.VALUE", new=1).start()
        std.patch("patch_targets.plain", new=None).start()
        std.patch.stopall()
        assert targets.VALUE == 42
        assert targets.plain is not None
        std.patch("patch_targets.VALUE", new=3).start()
        amock.patch.stopall()
        assert targets.VALUE == 42


class TestPatchDict:
    def test_values_are_set_and_removed(self) -> None:
        with amock.patch.dict(targets.MAPPING, {"c": 3}, d=4) as mapping:
            assert mapping is targets.MAPPING
            assert targets.MAPPING == {"a": 1, "b": 2, "c": 3, "d": 4}
        assert targets.MAPPING == {"a": 1, "b": 2}

    def test_clear_and_order_are_restored(self) -> None:
        with amock.patch.dict(targets.MAPPING, {"b": 5, "a": 6}, clear=True):
            assert list(targets.MAPPING) == ["b", "a"]
            targets.MAPPING["z"] = 0
        assert list(targets.MAPPING.items()) == [("a", 1), ("b", 2)]

    def test_dotted_name_and_os_environ(self) -> None:
        before = dict(os.environ)
        with amock.patch.dict("os.environ", {"AMOCK_TEST": "1"}, clear=False):
            assert os.environ["AMOCK_TEST"] == "1"
            os.environ["AMOCK_OTHER"] = "x"
        assert dict(os.environ) == before

    def test_decorator_on_async_function(self) -> None:
        @amock.patch.dict(targets.MAPPING, a=100)
        async def body() -> int:
            await asyncio.sleep(0)
            return targets.MAPPING["a"]

        assert asyncio.run(body()) == 100
        assert targets.MAPPING["a"] == 1

    def test_mapping_that_refuses_a_key_still_gets_the_others_back(self) -> None:
        class Picky(dict[str, int]):
            refuse = False

            def __setitem__(self, key: str, value: int) -> None:
                if self.refuse and key == "a":
                    raise KeyError("refusing a")
                super().__setitem__(key, value)

        mapping = Picky(a=1, b=2)
        patcher = amock.patch.dict(mapping, clear=True)
        patcher.start()
        mapping.refuse = True
        with pytest.raises(KeyError, match="refusing a"):
            patcher.stop()
        assert mapping == {"b": 2}

    def test_a_failed_update_puts_back_the_keys_already_set(self) -> None:
        # The stdlib leaves AMOCK_SET_FIRST in os.environ when the next value is refused.
        with pytest.raises(TypeError, match="str expected"):
            amock.patch.dict(os.environ, {"AMOCK_SET_FIRST": "1", "AMOCK_REFUSED": 2}).start()
        assert "AMOCK_SET_FIRST" not in os.environ

    def test_entering_an_active_patcher_is_refused(self) -> None:
        mapping = {"a": 1}
        patcher = amock.patch.dict(mapping, a=2)
        with patcher:
            with pytest.raises(PatchConflictError, match="already active"):
                patcher.__enter__()
            assert mapping == {"a": 2}
        assert mapping == {"a": 1}

    def test_plain_mapping_without_copy_or_update(self) -> None:
        class Minimal:
            def __init__(self) -> None:
                self.data = {"k": 1}

            def __getitem__(self, key: str) -> int:
                return self.data[key]

            def __setitem__(self, key: str, value: int) -> None:
                self.data[key] = value

            def __delitem__(self, key: str) -> None:
                del self.data[key]

            def __iter__(self) -> Any:
                return iter(list(self.data))

            def __contains__(self, key: object) -> bool:
                return key in self.data

        mapping = Minimal()
        with amock.patch.dict(mapping, {"k": 2, "new": 3}):
            assert mapping.data == {"k": 2, "new": 3}
        assert mapping.data == {"k": 1}


# -- activations ----------------------------------------------------------------------


class TestActivation:
    def test_with_returns_the_mock_and_restores(self) -> None:
        original = targets.plain
        with amock.patch("patch_targets.plain") as mock:
            assert targets.plain is mock
        assert targets.plain is original

    @pytest.mark.anyio
    async def test_async_with(self) -> None:
        async with amock.patch("patch_targets.fetch") as fetch:
            assert targets.fetch is fetch
        assert not isinstance(targets.fetch, amock.AsyncMock)

    def test_start_and_stop_are_idempotent_at_stop(self) -> None:
        patcher = amock.patch("patch_targets.plain")
        assert patcher.stop() is None  # never started
        mock = patcher.start()
        assert targets.plain is mock
        patcher.stop()
        patcher.stop()
        assert not isinstance(targets.plain, amock.MagicMock)
        again = patcher.start()  # a stopped patcher may start again
        assert targets.plain is again
        assert again is not mock
        patcher.stop()

    @pytest.mark.parametrize("second", ["with", "start"])
    def test_reentering_an_active_patcher_is_refused(self, second: str) -> None:
        patcher = amock.patch("patch_targets.plain")
        enter_again = patcher.__enter__ if second == "with" else patcher.start
        with patcher as mock:
            with pytest.raises(PatchConflictError, match="Patch is already started"):
                enter_again()
            assert targets.plain is mock  # the first activation is untouched
        assert not isinstance(targets.plain, amock.MagicMock)

    @pytest.mark.anyio
    async def test_same_decorated_coroutine_runs_in_concurrent_tasks(self) -> None:
        seen: list[Any] = []

        @amock.patch("patch_targets.fetch")
        async def body(fetch: Any) -> None:
            await anyio.sleep(0.01)
            seen.append(fetch)
            await anyio.sleep(0.01)

        async with anyio.create_task_group() as group:
            for _ in range(5):
                group.start_soon(body)
        assert len({id(mock) for mock in seen}) == 5
        assert not isinstance(targets.fetch, amock.AsyncMock)

    def test_patches_may_end_in_any_order(self) -> None:
        first = amock.patch("patch_targets.VALUE", new=1)
        second = amock.patch("patch_targets.VALUE", new=2)
        first.start()
        second.start()
        first.stop()
        assert targets.VALUE == 2  # the newer patch is still in force
        second.stop()
        assert targets.VALUE == 42

    def test_later_patcher_failing_rolls_back_the_earlier(self) -> None:
        @amock.patch("patch_targets.not_there")
        @amock.patch("patch_targets.plain")
        def body(plain: Any, missing: Any) -> None:
            raise AssertionError("must not run")

        original = targets.plain
        with pytest.raises(TargetNotFoundError):
            body()
        assert targets.plain is original

    def test_patch_multiple_rolls_back_when_one_name_is_missing(self) -> None:
        original = targets.plain
        with (
            pytest.raises(TargetNotFoundError),
            amock.patch.multiple("patch_targets", plain=amock.DEFAULT, not_there=amock.DEFAULT),
        ):
            raise AssertionError("must not run")
        assert targets.plain is original


class TestDecoratedBodies:
    """A decorated function's patches hold for its whole body, however it ends."""

    def test_a_generator_that_raises_is_unpatched(self) -> None:
        @amock.patch("patch_targets.VALUE", new=1)
        def values() -> Iterator[int]:
            yield targets.VALUE
            raise LookupError("no more")

        produced = values()
        assert next(produced) == 1
        assert targets.VALUE == 1  # suspended in the body: still patched
        with pytest.raises(LookupError, match="no more"):
            next(produced)
        assert targets.VALUE == 42

    @pytest.mark.anyio
    async def test_an_async_generator_gets_what_is_thrown_in_and_is_closed(self) -> None:
        @amock.patch("patch_targets.VALUE", new=1)
        async def values() -> AsyncIterator[int]:
            try:
                yield targets.VALUE
            except LookupError:
                yield -targets.VALUE
            yield 0

        produced = values()
        assert await produced.asend(None) == 1
        assert await produced.athrow(LookupError()) == -1
        assert targets.VALUE == 1
        await produced.aclose()
        assert targets.VALUE == 42

    @pytest.mark.anyio
    async def test_an_async_generator_that_raises_is_unpatched(self) -> None:
        @amock.patch("patch_targets.VALUE", new=1)
        async def values() -> AsyncIterator[int]:
            yield targets.VALUE
            raise LookupError("no more")

        produced = values()
        assert await produced.asend(None) == 1
        with pytest.raises(LookupError, match="no more"):
            await produced.asend(None)
        assert targets.VALUE == 42

    def test_staticmethods_and_classmethods_drop_the_mocks_from_their_signature(self) -> None:
        class Case:
            @amock.patch("patch_targets.plain")
            @staticmethod
            def test_static(plain: Any, fixture: int) -> tuple[Any, int]:
                return plain, fixture

            @amock.patch("patch_targets.plain")
            @classmethod
            def test_class(cls, plain: Any, fixture: int) -> tuple[Any, int]:
                return plain, fixture

        for method in (Case.test_static, Case().test_static, Case.test_class):
            assert list(inspect.signature(method).parameters) == ["fixture"]
        # Read from the class body, a classmethod keeps its cls as a function does.
        assert list(inspect.signature(vars(Case)["test_static"]).parameters) == ["fixture"]
        assert list(inspect.signature(vars(Case)["test_class"]).parameters) == ["cls", "fixture"]
        mocked, fixture = Case.test_static(fixture=3)
        assert isinstance(mocked, amock.MagicMock)
        assert fixture == 3
        assert Case.test_class(fixture=4)[1] == 4
        assert not isinstance(targets.plain, amock.MagicMock)

    def test_a_staticmethod_above_the_patch_drops_the_mock_from_its_signature(self) -> None:
        # The order pytest users write: the class, not the function, says it is static.
        # Module-level, as pytest collects it: the class is found through the globals.
        method = StaticAbovePatch.test_static
        assert list(inspect.signature(method).parameters) == ["fixture"]
        assert list(inspect.signature(StaticAbovePatch().test_static).parameters) == ["fixture"]
        mocked, fixture = method(fixture=5)
        assert isinstance(mocked, amock.MagicMock)
        assert fixture == 5
        # A method of the same class keeps its self, as before.
        assert list(inspect.signature(vars(StaticAbovePatch)["test_method"]).parameters) == [
            "self",
            "fixture",
        ]

    def test_patches_stack_across_a_staticmethod(self) -> None:
        class Case:
            @amock.patch("patch_targets.fetch")
            @staticmethod
            @amock.patch("patch_targets.plain")
            def test_both(plain: Any, fetch: Any) -> tuple[Any, Any]:
                return plain, fetch

        plain, fetch = Case.test_both()
        assert isinstance(plain, amock.MagicMock)
        assert isinstance(fetch, amock.AsyncMock)
        assert not isinstance(targets.plain, amock.MagicMock)

    def test_a_stdlib_patch_multiple_stacks_and_its_keywords_leave_the_signature(self) -> None:
        @std.patch.multiple("patch_targets", VALUE=std.DEFAULT)
        @amock.patch("patch_targets.plain")
        def check(plain: Any, fixture: int, VALUE: Any) -> tuple[Any, int, Any]:
            return plain, fixture, VALUE

        assert list(inspect.signature(check).parameters) == ["fixture"]
        assert re.fullmatch(
            r"<patchings of an amock-patched function: \[<amock patcher "
            r"amock\.patch\('patch_targets\.plain'\)>, <unittest\.mock\._patch object at .*>\]>",
            repr(check.patchings),
        )
        plain, fixture, value = check(fixture=5)
        assert isinstance(plain, amock.MagicMock)
        assert isinstance(value, std.MagicMock)
        assert fixture == 5
        assert targets.VALUE == 42


class TestPatcherState:
    """``is_started``, ``target``, ``temp_original`` and ``is_local``, read and set."""

    def test_is_started_follows_the_activation(self) -> None:
        patcher = amock.patch("patch_targets.plain")
        assert patcher.is_started is False
        with patcher:
            assert patcher.is_started is True
        assert patcher.is_started is False

    @pytest.mark.parametrize("name", ["target", "temp_original", "is_local"])
    def test_an_inactive_patcher_has_no_state_to_read_or_set(self, name: str) -> None:
        patcher = amock.patch("patch_targets.plain")
        assert not hasattr(patcher, name)
        with pytest.raises(PatchNotActiveError, match="is not active"):
            getattr(patcher, name)
        with pytest.raises(PatchNotActiveError, match="is not active"):
            setattr(patcher, name, None)

    def test_temp_original_is_default_for_a_created_attribute(self) -> None:
        patcher = amock.patch("patch_targets.BRAND_NEW", create=True, new=1)
        with patcher:
            assert patcher.temp_original is amock.DEFAULT
            assert patcher.is_local is False
            assert patcher.target is targets
        assert not hasattr(targets, "BRAND_NEW")

    def test_setting_temp_original_to_default_deletes_at_the_end(self) -> None:
        class Holder:
            value = 1

        patcher = amock.patch.object(Holder, "value", 2)
        with patcher:
            patcher.temp_original = amock.DEFAULT
        assert "value" not in vars(Holder)

    def test_a_reassigned_patch_leaves_the_patch_below_its_own_record(self) -> None:
        class Holder:
            value = 1

        outer = amock.patch.object(Holder, "value", 2)
        inner = amock.patch.object(Holder, "value", 3)
        with outer:
            with inner:
                inner.temp_original = 5
            assert Holder.value == 5  # what the inner patch was told to put back
        assert Holder.value == 1  # the outer patch restores what it found

    @pytest.mark.parametrize("name", ["target", "temp_original", "is_local"])
    def test_a_task_local_patch_refuses_new_state(self, name: str) -> None:
        patcher = amock.patch("patch_targets.plain", scope="task")
        with patcher, pytest.raises(PatchArgumentError, match="scope='global'"):
            setattr(patcher, name, None)
        assert not isinstance(targets.plain, amock.MagicMock)

    def test_exit_without_start_is_as_in_this_pythons_stdlib(self) -> None:
        patcher = amock.patch("patch_targets.plain")
        if sys.version_info >= (3, 14):  # gh-104745: a no-op from 3.14
            assert patcher.__exit__(None, None, None) is None
            assert asyncio.run(patcher.__aexit__(None, None, None)) is None
        else:  # the stdlib fails with an AttributeError before
            with pytest.raises(PatchNotActiveError, match="not active") as info:
                patcher.__exit__(None, None, None)
            assert isinstance(info.value, AttributeError)
            with pytest.raises(PatchNotActiveError):
                asyncio.run(patcher.__aexit__(None, None, None))
        assert not isinstance(targets.plain, amock.MagicMock)


class TestRestoreAfterAbnormalExits:
    @pytest.mark.parametrize("error", [ValueError("boom"), KeyboardInterrupt()])
    def test_decorated_function_raising(self, error: BaseException) -> None:
        @amock.patch("patch_targets.plain")
        def body(mock: Any) -> None:
            raise error

        original = targets.plain
        with pytest.raises(type(error)):
            body()
        assert targets.plain is original

    def test_asyncio_cancellation(self) -> None:
        original = targets.fetch

        @amock.patch("patch_targets.fetch")
        async def body(fetch: Any) -> None:
            await asyncio.sleep(10)

        async def main() -> None:
            task = asyncio.ensure_future(body())
            await asyncio.sleep(0.01)
            assert targets.fetch is not original
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        assert targets.fetch is original

    def test_trio_cancellation(self) -> None:
        original = targets.fetch

        @amock.patch("patch_targets.fetch")
        async def body(fetch: Any) -> None:
            await trio.sleep(10)

        async def main() -> None:
            with trio.move_on_after(0.01):
                await body()

        trio.run(main)
        assert targets.fetch is original

    @pytest.mark.parametrize("site", SITES, ids=lambda site: site.label)
    def test_every_attribute_kind_is_restored_exactly(self, site: Site) -> None:
        before = site.state()
        with amock.patch.object(site.owner, site.name, site.new_value("mock"), create=site.create):
            assert site.state() != before
        assert site.state() == before

    @given(program=operations())
    @settings(max_examples=200, deadline=None)
    def test_random_programs_restore_everything(self, program: list[tuple[Any, ...]]) -> None:
        before = [site.state() for site in SITES]
        active: list[tuple[Any, Site, Any]] = []
        try:
            for step in program:
                if step[0] == "start":
                    _, index, kind = step
                    site = SITES[index]
                    patcher = amock.patch.object(
                        site.owner, site.name, site.new_value(kind), create=site.create
                    )
                    installed = patcher.start()
                    active.append((patcher, site, installed))
                elif step[0] == "stop":
                    patcher, site, _ = active.pop(step[1])
                    patcher.stop()
                else:
                    _, index, kind, form, error = step
                    states = [site.state() for site in SITES]
                    _end_abnormally(SITES[index], kind, form, error)
                    # Whatever was on before the step is on again, identically.
                    assert [site.state() for site in SITES] == states
                # Model: the newest active patch of a site is what it shows.
                for site_now in {site for _, site, _ in active}:
                    newest = [value for _, s, value in active if s is site_now][-1]
                    assert site_now.visible() is newest
        finally:
            for patcher, _, _ in reversed(active):
                patcher.stop()
        assert [site.state() for site in SITES] == before


def _end_abnormally(site: Site, kind: str, form: str, error: type[BaseException]) -> None:
    """Use a patch of ``site`` that ends with ``error`` (or fails to start) within this call."""

    def patcher() -> Any:
        return amock.patch.object(site.owner, site.name, site.new_value(kind), create=site.create)

    def body(*injected: Any) -> None:
        raise error()

    def run() -> None:
        if form == "with":
            with patcher():
                body()
        elif form == "decorator":
            patcher()(body)()
        else:
            # The bottom patcher starts first, then the top one cannot: both undone.
            amock.patch.object(targets, "NO_SUCH_NAME", "x")(patcher()(body))()

    with pytest.raises(TargetNotFoundError if form == "failed start" else error):
        run()


class TestLeaks:
    def test_mock_is_not_kept_after_stop(self) -> None:
        with amock.patch("patch_targets.plain") as mock:
            pass
        ref = weakref.ref(mock)
        del mock
        gc.collect()
        assert ref() is None

    def test_many_cycles_keep_memory_flat(self) -> None:
        def cycle(times: int) -> None:
            for _ in range(times):
                with amock.patch("patch_targets.plain"):
                    pass

        cycle(2_000)  # warm the class pool and caches
        gc.collect()
        # Allocated blocks, not tracemalloc: tracing would make this minutes long.
        start = sys.getallocatedblocks()
        cycle(100_000)
        gc.collect()
        grown = sys.getallocatedblocks() - start
        assert grown < 200, f"{grown} memory blocks kept after 100,000 patch cycles"


# -- bad input --------------------------------------------------------------------------


class _BadRepr:
    __slots__ = ()
    x = 1

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class TestBadInput:
    @pytest.mark.parametrize("target", ["json", "", ".dumps", "json.", "json..dumps", "a b.c"])
    def test_malformed_target(self, target: str) -> None:
        with pytest.raises(InvalidTargetError, match=r"package\.module\.attribute"):
            amock.patch(target)

    def test_target_not_a_string(self) -> None:
        with pytest.raises(InvalidTargetError, match=r"patch\.object"):
            amock.patch(json)  # type: ignore[arg-type]

    def test_module_that_cannot_be_imported(self) -> None:
        patcher = amock.patch("no_such_package_xyz.thing")
        with pytest.raises(TargetImportError, match="no_such_package_xyz") as info:
            patcher.start()
        assert isinstance(info.value.__cause__, ModuleNotFoundError)
        assert isinstance(info.value, ImportError)

    def test_missing_attribute_lists_close_names(self) -> None:
        with pytest.raises(TargetNotFoundError, match="Did you mean 'dump' or 'dumps'") as info:
            amock.patch("json.dumpz").start()
        assert isinstance(info.value, AttributeError)
        assert "dumpz" not in vars(json)

    def test_unsettable_target_says_why_and_changes_nothing(self) -> None:
        with pytest.raises(UnpatchableTargetError, match="cannot replace 'upper'") as info:
            amock.patch.object(str, "upper").start()
        assert isinstance(info.value, TypeError)
        assert str.upper is vars(str)["upper"]
        assert "abc".upper() == "ABC"

    def test_frozen_object(self) -> None:
        class Frozen:
            __slots__ = ()

        with pytest.raises(UnpatchableTargetError, match="refuse"):
            amock.patch.object(Frozen(), "x", create=True).start()

    def test_an_owner_whose_repr_raises_is_shown_by_its_default_repr(self) -> None:
        owner = _BadRepr()
        shown = re.escape(object.__repr__(owner))
        with pytest.raises(UnpatchableTargetError, match=f"cannot replace 'x' on {shown}"):
            amock.patch.object(owner, "x", 2).start()
        assert owner.x == 1

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"new": 1, "new_callable": list},
            {"autospec": True, "new_callable": list},
        ],
    )
    def test_contradicting_arguments_at_creation(self, kwargs: dict[str, Any]) -> None:
        with pytest.raises(PatchArgumentError, match="cannot be used together"):
            amock.patch("patch_targets.plain", **kwargs)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"new": 1, "autospec": True}, "cannot be used together"),
            ({"spec": True, "autospec": True}, "cannot be used together"),
            ({"spec": True, "spec_set": object()}, "spec_set"),
            ({"new": 1, "return_value": 2}, "configure 'new' yourself"),
        ],
    )
    def test_contradicting_arguments_at_start_leave_target_alone(
        self, kwargs: dict[str, Any], message: str
    ) -> None:
        original = targets.plain
        with pytest.raises(PatchArgumentError, match=message):
            amock.patch("patch_targets.plain", **kwargs).start()
        assert targets.plain is original

    @pytest.mark.parametrize("option", ["spec", "spec_set", "autospec"])
    def test_spec_of_nothing_with_create(self, option: str) -> None:
        with pytest.raises(PatchArgumentError, match="create=True"):
            amock.patch("patch_targets.NOT_THERE", create=True, **{option: True}).start()
        assert "NOT_THERE" not in vars(targets)

    def test_spec_that_is_already_a_mock(self) -> None:
        invalid_spec = getattr(std, "InvalidSpecError", TypeError)
        with pytest.raises(invalid_spec, match="Cannot spec attr 'plain' as the spec has already"):
            amock.patch("patch_targets.plain", spec=amock.MagicMock())

    def test_patch_object_of_a_string_names_the_patch_by_name(self) -> None:
        with pytest.raises(InvalidTargetError, match=r"amock\.patch\('json\.dumps'\)"):
            amock.patch.object("json", "dumps")

    def test_a_non_string_attribute_name_is_refused_at_start(self) -> None:
        patcher = amock.patch.object(targets, 42)  # type: ignore[arg-type]
        with pytest.raises(InvalidTargetError, match="must be a string, not int") as info:
            patcher.start()
        assert isinstance(info.value, TypeError)
        assert not patcher.is_started

    def test_patch_multiple_without_names(self) -> None:
        with pytest.raises(PatchArgumentError, match="at least one"):
            amock.patch.multiple("patch_targets")

    def test_patch_dict_on_a_non_mapping(self) -> None:
        with pytest.raises(InvalidTargetError, match="mapping"):
            amock.patch.dict(42)

    def test_patch_while_the_name_is_being_restored(self) -> None:
        class Owner:
            pass

        owner = Owner()
        inner = amock.patch.object(owner, "attr", create=True, new=1)
        attempts: list[BaseException] = []

        # Runs while the patch on ``attr`` is being undone, and tries to
        # patch the same name at that moment.
        def hooked_delattr(self: Any, name: str) -> None:
            try:
                amock.patch.object(owner, "attr", create=True, new=2).start()
            except BaseException as error:
                attempts.append(error)
            object.__delattr__(self, name)

        Owner.__delattr__ = hooked_delattr  # type: ignore[method-assign,assignment]
        inner.start()
        inner.stop()
        assert len(attempts) == 1
        assert isinstance(attempts[0], PatchConflictError)
        assert "being restored" in str(attempts[0])
        assert not hasattr(owner, "attr")

    def test_every_error_is_an_amock_error(self) -> None:
        for error in (
            InvalidTargetError,
            TargetImportError,
            TargetNotFoundError,
            UnpatchableTargetError,
            PatchArgumentError,
            PatchConflictError,
            PatchNotActiveError,
        ):
            assert issubclass(error, AmockError)


class TestRestoreEdgeCases:
    @pytest.mark.parametrize("patch", [std.patch, amock.patch], ids=["std", "amock"])
    def test_an_attribute_served_by_a_proxy_is_given_back_to_the_proxy(self, patch: Any) -> None:
        class Wrapped:
            def __init__(self) -> None:
                self.debug = False

        class LazySettings:
            """A proxy in the style of django's settings: it holds nothing itself."""

            def __init__(self) -> None:
                object.__setattr__(self, "_wrapped", Wrapped())

            def __getattr__(self, name: str) -> Any:
                return getattr(self._wrapped, name)

            def __setattr__(self, name: str, value: Any) -> None:
                setattr(self._wrapped, name, value)

            def __delattr__(self, name: str) -> None:
                delattr(self._wrapped, name)

        settings = LazySettings()
        with patch.object(settings, "debug", True):
            assert settings.debug is True
        assert settings.debug is False
        assert settings._wrapped.debug is False

    def test_a_patched_attribute_deleted_inside_the_block_leaves_the_inherited_one(
        self,
    ) -> None:
        class Owner:
            value = "from the class"

        for patch in (std.patch, amock.patch):
            owner = Owner()
            patcher = patch.object(owner, "value", "patched")
            patcher.start()
            del owner.value
            if patch is std.patch:
                # The stdlib fails to delete what is no longer there.
                with pytest.raises(AttributeError):
                    patcher.stop()
            else:
                patcher.stop()
            assert owner.value == "from the class"
            assert "value" not in vars(owner)

    def test_a_value_of_the_wrong_type_for_a_typed_slot_names_the_fix(self) -> None:
        class Thing:
            pass

        thing = Thing()
        with pytest.raises(UnpatchableTargetError, match="pass new= a value of the type") as info:
            amock.patch.object(thing, "__class__", new=42).start()
        assert isinstance(info.value, TypeError)
        assert type(thing) is Thing

    def test_every_key_a_mapping_refuses_to_take_back_is_tried_and_the_first_error_raised(
        self,
    ) -> None:
        class Picky(dict):  # type: ignore[type-arg]
            refusing = False

            def __setitem__(self, key: Any, value: Any) -> None:
                if self.refusing:
                    raise ValueError(f"refused {key}")
                super().__setitem__(key, value)

        mapping = Picky(a=1, b=2, c=3)
        patcher = amock.patch.dict(mapping, {"a": 10, "b": 20, "c": 30})
        patcher.start()
        mapping.refusing = True
        with pytest.raises(ValueError, match="refused a"):
            patcher.stop()
        assert dict(mapping) == {"a": 10, "b": 20, "c": 30}


# -- finding the target: packages, submodules and the colon form --------------------------

_PACKAGES = itertools.count()


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Writes a fresh package whose submodules are given as source text; gives its name."""
    name = f"amock_locate_pkg_{next(_PACKAGES)}"

    def make(**modules: str) -> str:
        root = tmp_path / name
        root.mkdir()
        (root / "__init__.py").write_text("")
        for module, source in modules.items():
            (root / f"{module}.py").write_text(source)
        monkeypatch.syspath_prepend(str(tmp_path))
        return name

    yield make
    for loaded in [key for key in sys.modules if key == name or key.startswith(f"{name}.")]:
        del sys.modules[loaded]


class TestTargetResolution:
    def test_colon_form_names_the_module_exactly(self) -> None:
        with amock.patch("json:dumps", return_value="patched") as mock:
            assert json.dumps is mock
            assert json.dumps({}) == "patched"
        assert json.dumps({}) == "{}"

    def test_submodule_not_imported_yet_is_imported(self, package: Any) -> None:
        name = package(sub="def thing():\n    return 'real'\n")
        assert f"{name}.sub" not in sys.modules
        with amock.patch(f"{name}.sub.thing", return_value="mocked"):
            sub = sys.modules[f"{name}.sub"]
            assert sub.thing() == "mocked"
        assert sub.thing() == "real"

    def test_submodule_missing_a_dependency_raises_that_error(self, package: Any) -> None:
        # The submodule exists, so its own failure is the news. The stdlib
        # (3.11+, pkgutil.resolve_name) swallows it and reports the submodule
        # itself as missing.
        name = package(sub="import amock_missing_dependency_xyz\n")
        if sys.version_info >= (3, 11):
            with pytest.raises(AttributeError, match="has no attribute 'sub'"):
                std.patch(f"{name}.sub.thing").start()
        with pytest.raises(ModuleNotFoundError) as info:
            amock.patch(f"{name}.sub.thing").start()
        assert info.value.name == "amock_missing_dependency_xyz"
        assert not isinstance(info.value, TargetImportError)
        if sys.version_info >= (3, 11):
            assert f"imported '{name}.sub'" in " ".join(info.value.__notes__)

    @pytest.mark.parametrize("patch", [std.patch, amock.patch], ids=["std", "amock"])
    def test_submodule_failing_to_import_raises_its_error(self, package: Any, patch: Any) -> None:
        name = package(sub="raise ValueError('broken module')\n")
        with pytest.raises(ValueError, match="broken module") as info:
            patch(f"{name}.sub.thing").start()
        if patch is amock.patch and sys.version_info >= (3, 11):
            assert f"imported '{name}.sub'" in " ".join(info.value.__notes__)

    @pytest.mark.parametrize("patch", [std.patch, amock.patch], ids=["std", "amock"])
    def test_top_module_missing_a_dependency_raises_that_error(
        self, package: Any, patch: Any
    ) -> None:
        name = package()
        (Path(sys.path[0]) / name / "__init__.py").write_text(
            "import amock_missing_dependency_xyz\n"
        )
        with pytest.raises(ModuleNotFoundError) as info:
            patch(f"{name}.thing").start()
        assert info.value.name == "amock_missing_dependency_xyz"
        assert not isinstance(info.value, TargetImportError)
        if patch is amock.patch and sys.version_info >= (3, 11):
            assert f"imported '{name}'" in " ".join(info.value.__notes__)

    def test_missing_class_on_the_way_names_the_path_walked(self) -> None:
        with pytest.raises(TargetNotFoundError, match=r"json\.decoder has no attribute 'Decodr'"):
            amock.patch("json.decoder.Decodr.decode").start()

    def test_a_missing_module_on_the_way_gets_no_create_advice(self) -> None:
        # create=True only adds the patched name: advising it here would fail the same way.
        with pytest.raises(TargetNotFoundError) as info:
            amock.patch("json.nosuchmodule.x").start()
        message = str(info.value)
        assert "json has no attribute 'nosuchmodule'" in message
        assert "every name before the patched one must exist" in message
        assert "Pass create=True" not in message
        with pytest.raises(TargetNotFoundError, match="every name before"):
            amock.patch("json.nosuchmodule.x", create=True).start()

    def test_the_patched_name_itself_gets_the_create_advice(self) -> None:
        with pytest.raises(TargetNotFoundError, match="Pass create=True"):
            amock.patch("json.nosuchthing_xyz").start()
        with amock.patch("json.nosuchthing_xyz", create=True) as made:
            assert json.nosuchthing_xyz is made  # type: ignore[attr-defined]

    def test_patch_dict_of_a_missing_mapping_gets_no_create_advice(self) -> None:
        with pytest.raises(TargetNotFoundError) as info:
            amock.patch.dict("os.no_such_mapping_xyz", a="1").start()
        assert "patch.dict patches a mapping that exists" in str(info.value)
        assert "create=True" not in str(info.value)

    def test_patch_dict_of_an_object_shows_its_type(self) -> None:
        assert repr(amock.patch.dict({"a": 1}, a=2)) == (
            "<amock patcher amock.patch.dict(<dict object>)>"
        )
        assert repr(amock.patch.dict("os.environ")) == (
            "<amock patcher amock.patch.dict('os.environ')>"
        )

    def test_an_owner_whose_repr_raises_still_gets_the_not_found_error(self) -> None:
        class Broken:
            def __repr__(self) -> str:
                raise RuntimeError("no repr")

        with pytest.raises(TargetNotFoundError, match=r"<test_patch\..* has no attribute 'nope'"):
            amock.patch.object(Broken(), "nope").start()

    def test_owner_whose_dir_fails_still_gets_a_clear_error(self) -> None:
        class Opaque:
            def __dir__(self) -> list[str]:
                raise RuntimeError("no listing")

        with pytest.raises(TargetNotFoundError, match="Pass create=True") as info:
            amock.patch.object(Opaque(), "missing").start()
        assert isinstance(info.value, AttributeError)

    def test_target_split_cache_stays_bounded(self) -> None:
        from amock import _locate

        for number in range(_locate._SPLIT_CACHE_SIZE + 10):
            patcher = amock.patch(f"patch_targets.NOT_THERE_{number}", create=True)
            assert patcher.attribute == f"NOT_THERE_{number}"
        assert len(_locate._SPLIT_CACHE) <= _locate._SPLIT_CACHE_SIZE


# -- PEP 810 lazy imports (Python 3.15+) ---------------------------------------------------

_LAZY_IMPORT: type | None = getattr(types, "LazyImportType", None)
_LAZY_MODULES = itertools.count()
_NOT_INSTALLED = "amock_not_installed_xyz"


@pytest.fixture
def lazy_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """A module whose names are bound by ``lazy import`` of a module not imported yet.

    The sources are written as text: the syntax does not parse before 3.15.
    """
    number = next(_LAZY_MODULES)
    target, user = f"amock_lazy_target_{number}", f"amock_lazy_user_{number}"
    (tmp_path / f"{target}.py").write_text(
        "async def fetch(url):\n    return url\n\n"
        "def plain(a):\n    return a\n\n"
        "class Client:\n    def get(self, url):\n        return url\n"
    )
    (tmp_path / f"{user}.py").write_text(
        f"lazy import {target}\n"
        f"lazy from {target} import fetch, plain, Client\n"
        f"lazy import {_NOT_INSTALLED}\n"
    )
    monkeypatch.syspath_prepend(tmp_path)
    try:
        yield importlib.import_module(user)
    finally:
        sys.modules.pop(user, None)
        sys.modules.pop(target, None)


def _target_of(user: types.ModuleType) -> str:
    return user.__name__.replace("_user_", "_target_")


@pytest.mark.skipif(_LAZY_IMPORT is None, reason="PEP 810 lazy imports are Python 3.15+")
class TestLazyImports:
    """A name bound by ``lazy import`` is patched as the object it stands for (gh-153888)."""

    def test_the_fixture_binds_placeholders(self, lazy_user: types.ModuleType) -> None:
        assert type(vars(lazy_user)["fetch"]) is _LAZY_IMPORT
        assert _target_of(lazy_user) not in sys.modules

    @pytest.mark.parametrize("how", ["patch", "patch.object"])
    def test_a_lazy_coroutine_function_gets_an_async_mock(
        self, lazy_user: types.ModuleType, how: str
    ) -> None:
        if how == "patch":
            patcher = amock.patch(f"{lazy_user.__name__}.fetch")
        else:
            patcher = amock.patch.object(lazy_user, "fetch")
        with patcher as fetch:
            assert isinstance(fetch, amock.AsyncMock)
            assert asyncio.run(lazy_user.fetch("u")) is fetch.return_value
            assert patcher.temp_original is sys.modules[_target_of(lazy_user)].fetch
        # Restored as it was: the placeholder, which gives the function on use.
        assert type(vars(lazy_user)["fetch"]) is _LAZY_IMPORT
        assert asyncio.run(lazy_user.fetch("u")) == "u"

    @pytest.mark.parametrize("option", ["autospec", "spec", "spec_set"])
    def test_a_spec_from_a_lazy_function_is_the_function(
        self, lazy_user: types.ModuleType, option: str
    ) -> None:
        with amock.patch.object(lazy_user, "plain", **{option: True}) as plain:
            lazy_user.plain("arg")
            plain.assert_called_once_with(a="arg")  # matched by the function's signature
            if option == "autospec":  # only autospec checks the calls themselves
                with pytest.raises(TypeError):
                    lazy_user.plain("arg", "extra")

    @pytest.mark.parametrize("option", ["autospec", "spec", "spec_set"])
    def test_a_spec_from_a_lazy_coroutine_function_is_async(
        self, lazy_user: types.ModuleType, option: str
    ) -> None:
        with amock.patch.object(lazy_user, "fetch", **{option: True}) as fetch:
            assert inspect.iscoroutinefunction(lazy_user.fetch)
            asyncio.run(lazy_user.fetch("u"))
            fetch.assert_awaited_once_with("u")

    def test_a_lazy_class_with_spec_true_specs_its_instances(
        self, lazy_user: types.ModuleType
    ) -> None:
        with amock.patch.object(lazy_user, "Client", spec=True):
            client = lazy_user.Client()
            client.get("u")
            with pytest.raises(AttributeError):
                client.post  # noqa: B018

    def test_a_lazily_imported_module_specs_as_the_module(
        self, lazy_user: types.ModuleType
    ) -> None:
        with amock.patch.object(lazy_user, _target_of(lazy_user), spec=True) as module:
            module.plain(1)
            with pytest.raises(AttributeError):
                module.not_there  # noqa: B018

    def test_a_given_new_leaves_the_lazy_import_undone(self, lazy_user: types.ModuleType) -> None:
        with amock.patch.object(lazy_user, "fetch", new="stand-in"):
            assert lazy_user.fetch == "stand-in"
        assert _target_of(lazy_user) not in sys.modules
        assert type(vars(lazy_user)["fetch"]) is _LAZY_IMPORT

    def test_a_lazy_import_that_fails_still_gets_a_plain_mock(
        self, lazy_user: types.ModuleType
    ) -> None:
        # Patching an optional dependency that is not installed, as with the stdlib.
        with amock.patch.object(lazy_user, _NOT_INSTALLED) as missing:
            assert isinstance(missing, amock.MagicMock)
            assert getattr(lazy_user, _NOT_INSTALLED) is missing
        assert type(vars(lazy_user)[_NOT_INSTALLED]) is _LAZY_IMPORT

    @pytest.mark.parametrize("option", ["autospec", "spec", "spec_set"])
    def test_a_spec_from_a_lazy_import_that_fails_raises_its_error(
        self, lazy_user: types.ModuleType, option: str
    ) -> None:
        patcher = amock.patch.object(lazy_user, _NOT_INSTALLED, **{option: True})
        with pytest.raises(ModuleNotFoundError, match=_NOT_INSTALLED) as info:
            patcher.start()
        assert "to spec the mock from it" in " ".join(getattr(info.value, "__notes__", []))
        assert type(vars(lazy_user)[_NOT_INSTALLED]) is _LAZY_IMPORT

    @pytest.mark.anyio
    async def test_other_tasks_reach_the_lazy_name_under_a_task_local_patch(
        self, lazy_user: types.ModuleType
    ) -> None:
        seen: list[Any] = []
        go = anyio.Event()

        async def other_task() -> None:
            await go.wait()
            seen.append(await lazy_user.fetch("u"))

        async with anyio.create_task_group() as group:
            group.start_soon(other_task)  # started before the patch: it does not see it
            with amock.patch.object(lazy_user, "fetch", scope="task") as fetch:
                assert isinstance(fetch, amock.AsyncMock)
                go.set()
                await anyio.sleep(0.01)
                assert await lazy_user.fetch("u") is fetch.return_value
        assert seen == ["u"]
        assert await lazy_user.fetch("u") == "u"


def test_importing_amock_patches_nothing() -> None:
    assert json.dumps.__module__ == "json"
    assert "amock" not in repr(sys.modules["json"].dumps)


# -- names imported only under ``if TYPE_CHECKING:`` -----------------------------------
#
# Normal code on 3.14 (PEP 649), and on every version with ``from __future__
# import annotations``: the module (see ``type_checking_module`` in conftest)
# imports, and unittest.mock patches it. So must amock, without ever running
# the guarded block.


class TestTypeCheckingOnlyAnnotations:
    @pytest.mark.anyio
    @pytest.mark.parametrize(
        ("name", "kind"), [("compute", std.MagicMock), ("fetch", std.AsyncMock)]
    )
    async def test_patch_substitutes_as_the_stdlib_does(
        self, type_checking_module: types.ModuleType, name: str, kind: type
    ) -> None:
        target = f"{type_checking_module.__name__}.{name}"
        original = getattr(type_checking_module, name)
        with std.patch(target) as theirs:
            assert isinstance(theirs, kind)
        with amock.patch(target) as ours:
            assert isinstance(ours, kind)
            result = getattr(type_checking_module, name)(1)
            if inspect.isawaitable(result):
                await result
        ours.assert_called_once_with(1)
        assert getattr(type_checking_module, name) is original

    def test_autospec_checks_the_signature(self, type_checking_module: types.ModuleType) -> None:
        with amock.patch(f"{type_checking_module.__name__}.compute", autospec=True) as mock:
            type_checking_module.compute(1)
            with pytest.raises(TypeError):
                type_checking_module.compute()
        mock.assert_called_once_with(1)

    @pytest.mark.anyio
    async def test_autospec_of_the_class(self, type_checking_module: types.ModuleType) -> None:
        shop = amock.create_autospec(type_checking_module.Shop, instance=True)
        std.create_autospec(type_checking_module.Shop, instance=True)  # the stdlib can, too
        assert await shop.price("tea") is shop.price.return_value
        assert isinstance(shop.label(3), amock.MagicMock)
        with pytest.raises(TypeError):
            shop.label()
        async with shop as entered:
            assert entered is shop

    @pytest.mark.anyio
    async def test_spec_of_the_class(self, type_checking_module: types.ModuleType) -> None:
        shop = amock.MagicMock(spec=type_checking_module.Shop)
        assert isinstance(shop.price, amock.AsyncMock)
        async with shop as entered:
            assert entered is shop

    def test_applying_the_decorator_and_calling(
        self, type_checking_module: types.ModuleType
    ) -> None:
        target = f"{type_checking_module.__name__}.compute"
        std.patch(target)(type_checking_module.checkout)  # the stdlib can, too
        original = type_checking_module.compute
        patched = amock.patch(target)(type_checking_module.checkout)
        assert list(inspect.signature(patched).parameters) == ["price"]
        result, mock = patched(price=2)
        assert result is mock.return_value
        mock.assert_called_once_with(2)
        assert type_checking_module.compute is original

    @pytest.mark.parametrize("future", TYPE_CHECKING_STYLES)
    def test_pytest_collects_a_patched_test_with_such_a_fixture(
        self, pytester: pytest.Pytester, future: str
    ) -> None:
        pytester.makepyfile(
            test_shop=f"""
            {future}
            from typing import TYPE_CHECKING

            import pytest

            import amock

            if TYPE_CHECKING:
                from amock_never_imported import Price


            def compute(price: Price) -> Price:
                return price


            @pytest.fixture
            def price() -> Price:
                return 5


            @amock.patch("test_shop.compute")
            def test_function(mock_compute: Price, price: Price) -> None:
                compute(price)
                mock_compute.assert_called_once_with(5)


            class TestShop:
                @amock.patch("test_shop.compute")
                def test_method(self, mock_compute: Price, price: Price) -> None:
                    compute(price)
                    mock_compute.assert_called_once_with(5)

                @pytest.mark.anyio
                @pytest.mark.parametrize("anyio_backend", ["asyncio"])
                @amock.patch("test_shop.compute")
                async def test_coroutine(self, mock_compute: Price, price: Price) -> None:
                    compute(price)
                    mock_compute.assert_called_once_with(5)
            """
        )
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:asyncio")
        result.assert_outcomes(passed=3)
