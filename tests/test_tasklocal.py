"""Task-local patches: ``scope="task"`` on patch, patch.object, patch.multiple and patch.dict.

A task-local replacement is seen by the task that starts the patch and by the
tasks it starts afterwards; every other task and every thread that does not
copy the context keeps the original, and when the last patch ends the
original object is back at the name, identical.

"Another task" is a *bystander*: a task started before the patch that runs
probes in its own context when asked, so what it reports is what a
concurrently running, unpatched task sees.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import inspect
import os
import re
import threading
import types
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.lowlevel
import pytest
import tasklocal_targets as targets
import trio

import amock
from amock.errors import PatchArgumentError

pytestmark = pytest.mark.anyio

TASKS = 1000
"""How many tasks patch the same target at once in the concurrency tests."""

_ABSENT = object()

ORIGINAL_GREET = targets.greet
ORIGINAL_FETCH = targets.fetch


# -- helpers --------------------------------------------------------------------------


async def settle(value: Any) -> Any:
    """``value``, awaited if it is awaitable."""
    return await value if inspect.isawaitable(value) else value


def drive(value: Any) -> Any:
    """``value``, run to completion synchronously if it is a coroutine (for threads)."""
    if not inspect.iscoroutine(value):
        return value
    try:
        value.send(None)
    except StopIteration as stop:
        return stop.value
    value.close()
    raise AssertionError("the coroutine suspended; drive() only runs ones that do not")


def raw(owner: Any, name: str) -> Any:
    """What the owner's own ``__dict__`` holds under ``name`` (``_ABSENT`` if nothing)."""
    return vars(owner).get(name, _ABSENT)


def in_thread(probe: Callable[[], Any]) -> Any:
    """What ``probe`` gives in a new plain thread, which starts with an empty context."""
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, drive(probe())))
        except Exception as error:
            outcome.append((False, error))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    [(ok, value)] = outcome
    if not ok:
        raise value
    return value


def in_pool(probe: Callable[[], Any], times: int = 16) -> list[Any]:
    """What ``probe`` gives on the workers of a thread pool, ``times`` times."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(lambda: drive(probe())) for _ in range(times)]
        return [future.result() for future in futures]


class Bystander:
    """A task started before any patch, which runs probes in its own context on request."""

    def __init__(self, requests: Any) -> None:
        self._requests = requests

    async def ask(self, probe: Callable[[], Any]) -> Any:
        """What ``probe()`` gives (awaited if awaitable) in the bystander; its error re-raised."""
        reply_send, reply_receive = anyio.create_memory_object_stream(1)
        with reply_receive:
            await self._requests.send((probe, reply_send))
            ok, value = await reply_receive.receive()
        if not ok:
            raise value
        return value


async def _serve(requests: Any) -> None:
    async with requests:
        async for probe, reply in requests:
            with reply:
                try:
                    outcome = (True, await settle(probe()))
                except Exception as error:
                    outcome = (False, error)
                await reply.send(outcome)


@asynccontextmanager
async def bystander() -> AsyncIterator[Bystander]:
    """Start a bystander task now (before the caller patches anything)."""
    send, receive = anyio.create_memory_object_stream(0)
    async with anyio.create_task_group() as group, send:
        group.start_soon(_serve, receive)
        yield Bystander(send)


# -- the attributes a task-local patch replaces ---------------------------------------


@dataclass(frozen=True)
class Site:
    """An attribute to patch, how code under test reaches it, and what it gives.

    ``replacement(tag)`` is the object to install (a function, descriptor or
    value marked with ``tag``); ``use()`` reaches the attribute the way code
    under test does (it may give an awaitable); ``original`` is what ``use()``
    gives unpatched and ``patched(tag)`` what it gives under ``replacement(tag)``.
    """

    owner: Any
    name: str
    replacement: Callable[[str], Any]
    use: Callable[[], Any]
    original: Any
    patched: Callable[[str], Any]


def _function(tag: str) -> Any:
    return lambda x: ("fake", tag, x)


def _async_function(tag: str) -> Any:
    async def fake(x: Any) -> Any:
        return ("fake", tag, x)

    return fake


def _method(tag: str) -> Any:
    def fake(self: Any, x: Any) -> Any:
        return ("fake", tag, self, x)

    return fake


def _async_method(tag: str) -> Any:
    async def fake(self: Any, x: Any) -> Any:
        return ("fake", tag, self, x)

    return fake


def _classmethod(tag: str) -> Any:
    return classmethod(lambda cls, x: ("fake", tag, cls, x))


def _staticmethod(tag: str) -> Any:
    return staticmethod(lambda x: ("fake", tag, x))


def _property(tag: str) -> Any:
    return property(lambda self: ("fake", tag, self))


def _text(tag: str) -> Any:
    return f"fake {tag}"


Service = targets.Service
SubService = targets.SubService
SERVICE = targets.SERVICE
SUB_SERVICE = targets.SUB_SERVICE

SITES = [
    pytest.param(
        Site(
            targets,
            "greet",
            _function,
            lambda: targets.call_greet(1),
            ("greet", 1),
            lambda tag: ("fake", tag, 1),
        ),
        id="module function",
    ),
    pytest.param(
        Site(
            targets,
            "fetch",
            _async_function,
            lambda: targets.call_fetch(1),
            ("fetch", 1),
            lambda tag: ("fake", tag, 1),
        ),
        id="async module function",
    ),
    pytest.param(
        Site(
            targets,
            "VALUE",
            _text,
            lambda: str(targets.read_value()),
            "42",
            lambda tag: f"fake {tag}",
        ),
        id="module constant",
    ),
    pytest.param(
        Site(
            Service,
            "method",
            _method,
            lambda: SERVICE.method(1),
            ("method", SERVICE, 1),
            lambda tag: ("fake", tag, SERVICE, 1),
        ),
        id="method through an instance",
    ),
    pytest.param(
        Site(
            Service,
            "amethod",
            _async_method,
            lambda: SERVICE.amethod(1),
            ("amethod", SERVICE, 1),
            lambda tag: ("fake", tag, SERVICE, 1),
        ),
        id="async method through an instance",
    ),
    pytest.param(
        Site(
            Service,
            "method",
            _method,
            lambda: SUB_SERVICE.method(1),
            ("method", SUB_SERVICE, 1),
            lambda tag: ("fake", tag, SUB_SERVICE, 1),
        ),
        id="method through a subclass instance",
    ),
    pytest.param(
        Site(
            Service,
            "cmethod",
            _classmethod,
            lambda: SERVICE.cmethod(1),
            ("cmethod", Service, 1),
            lambda tag: ("fake", tag, Service, 1),
        ),
        id="classmethod through an instance",
    ),
    pytest.param(
        Site(
            Service,
            "cmethod",
            _classmethod,
            lambda: SubService.cmethod(1),
            ("cmethod", SubService, 1),
            lambda tag: ("fake", tag, SubService, 1),
        ),
        id="classmethod through a subclass",
    ),
    pytest.param(
        Site(
            Service,
            "smethod",
            _staticmethod,
            lambda: SERVICE.smethod(1),
            ("smethod", 1),
            lambda tag: ("fake", tag, 1),
        ),
        id="staticmethod through an instance",
    ),
    pytest.param(
        Site(
            Service,
            "size",
            _property,
            lambda: SERVICE.size,
            ("size", SERVICE),
            lambda tag: ("fake", tag, SERVICE),
        ),
        id="property",
    ),
    pytest.param(
        Site(
            Service,
            "kind",
            _text,
            lambda: str(SERVICE.kind),
            "real",
            lambda tag: f"fake {tag}",
        ),
        id="class attribute value",
    ),
    pytest.param(
        Site(
            SubService,
            "method",
            _method,
            lambda: SUB_SERVICE.method(1),
            ("method", SUB_SERVICE, 1),
            lambda tag: ("fake", tag, SUB_SERVICE, 1),
        ),
        id="inherited method patched on the subclass",
    ),
    pytest.param(
        Site(
            SubService,
            "cmethod",
            _classmethod,
            lambda: SUB_SERVICE.cmethod(1),
            ("cmethod", SubService, 1),
            lambda tag: ("fake", tag, SubService, 1),
        ),
        id="inherited classmethod patched on the subclass",
    ),
    pytest.param(
        Site(
            SubService,
            "cmethod",
            _classmethod,
            lambda: targets.SubSubService.cmethod(1),
            ("cmethod", targets.SubSubService, 1),
            lambda tag: ("fake", tag, targets.SubSubService, 1),
        ),
        id="inherited classmethod patched on the subclass, through a further subclass",
    ),
    pytest.param(
        Site(
            SubService,
            "smethod",
            _staticmethod,
            lambda: SUB_SERVICE.smethod(1),
            ("smethod", 1),
            lambda tag: ("fake", tag, 1),
        ),
        id="inherited staticmethod patched on the subclass",
    ),
]


def task_patch(site: Site, tag: str) -> Any:
    """A task-local patcher installing ``site.replacement(tag)``."""
    return amock.patch.object(site.owner, site.name, site.replacement(tag), scope="task")


def global_patch(site: Site, tag: str) -> Any:
    """A global patcher installing ``site.replacement(tag)``."""
    return amock.patch.object(site.owner, site.name, site.replacement(tag))


# -- what each task sees --------------------------------------------------------------


@pytest.mark.parametrize("site", SITES)
class TestEachTaskSeesItsOwn:
    async def test_patching_task_sees_the_replacement_and_a_bystander_the_original(
        self, site: Site
    ) -> None:
        before = raw(site.owner, site.name)
        async with bystander() as other:
            with task_patch(site, "mine"):
                assert await settle(site.use()) == site.patched("mine")
                assert await other.ask(site.use) == site.original
                await anyio.lowlevel.checkpoint()
                assert await settle(site.use()) == site.patched("mine")
        assert raw(site.owner, site.name) is before
        assert await settle(site.use()) == site.original

    async def test_tasks_patching_the_same_attribute_at_once_see_only_their_own(
        self, site: Site
    ) -> None:
        before = raw(site.owner, site.name)
        count = 50
        all_patched = anyio.Event()
        patched = 0
        seen: dict[int, list[Any]] = {}

        async def worker(i: int) -> None:
            nonlocal patched
            with task_patch(site, str(i)):
                patched += 1
                if patched == count:
                    all_patched.set()
                await all_patched.wait()
                seen[i] = []
                for _ in range(3):
                    seen[i].append(await settle(site.use()))
                    await anyio.lowlevel.checkpoint()

        async with bystander() as other, anyio.create_task_group() as group:
            for i in range(count):
                group.start_soon(worker, i)
            await all_patched.wait()
            assert await other.ask(site.use) == site.original
        assert seen == {i: [site.patched(str(i))] * 3 for i in range(count)}
        assert raw(site.owner, site.name) is before

    async def test_a_plain_thread_sees_the_original_while_the_patch_is_active(
        self, site: Site
    ) -> None:
        before = raw(site.owner, site.name)
        with task_patch(site, "mine"):
            assert in_thread(site.use) == site.original
            assert in_pool(site.use) == [site.original] * 16
            assert await settle(site.use()) == site.patched("mine")
        assert raw(site.owner, site.name) is before


class TestMadeMocks:
    @pytest.mark.parametrize(
        ("name", "use"),
        [
            pytest.param("method", lambda: SERVICE.method(1), id="method"),
            pytest.param("amethod", lambda: SERVICE.amethod(1), id="async method"),
            pytest.param("cmethod", lambda: SERVICE.cmethod(1), id="classmethod"),
            pytest.param("smethod", lambda: SERVICE.smethod(1), id="staticmethod"),
        ],
    )
    async def test_a_made_mock_is_called_through_instances_as_under_a_global_patch(
        self, name: str, use: Callable[[], Any]
    ) -> None:
        original = await settle(use())
        with amock.patch.object(Service, name) as mock:
            assert await settle(use()) is mock.return_value
            global_call = mock.call_args
        async with bystander() as other:
            with amock.patch.object(Service, name, scope="task") as mock:
                assert await settle(use()) is mock.return_value
                assert mock.call_args == global_call
                assert await other.ask(use) == original
                assert mock.call_count == 1

    async def test_a_property_mock_is_read_and_set_through_instances_in_the_patching_task(
        self,
    ) -> None:
        before = raw(Service, "size")
        async with bystander() as other:
            with amock.patch.object(
                Service, "size", new_callable=amock.PropertyMock, return_value="p", scope="task"
            ) as mock:
                assert SERVICE.size == "p"
                SERVICE.size = "set"
                mock.assert_has_calls([amock.call(), amock.call("set")])
                assert await other.ask(lambda: SERVICE.size) == ("size", SERVICE)
                assert "size" not in vars(SERVICE)
        assert raw(Service, "size") is before

    async def test_deleting_through_a_task_local_property_runs_its_deleter_in_that_task_only(
        self,
    ) -> None:
        deleted: list[Any] = []
        replacement = property(lambda self: "p", None, deleted.append)
        async with bystander() as other:
            with amock.patch.object(Service, "size", replacement, scope="task"):
                del SERVICE.size
                assert deleted == [SERVICE]

                def delete_elsewhere() -> None:
                    del SERVICE.size

                with pytest.raises(AttributeError):
                    await other.ask(delete_elsewhere)
                assert deleted == [SERVICE]
        assert SERVICE.size == ("size", SERVICE)

    @pytest.mark.parametrize(
        ("target", "use"),
        [
            pytest.param("tasklocal_targets.greet", lambda: targets.call_greet(1), id="sync"),
            pytest.param("tasklocal_targets.fetch", lambda: targets.call_fetch(1), id="async"),
        ],
    )
    async def test_a_made_mock_keeps_the_shape_of_the_original(
        self, target: str, use: Callable[[], Any]
    ) -> None:
        original = await settle(use())
        async with bystander() as other:
            with amock.patch(target, scope="task", return_value="mocked") as mock:
                assert await settle(use()) == "mocked"
                mock.assert_called_once_with(1)
                assert await other.ask(use) == original


# -- a thousand tasks at once ---------------------------------------------------------

CONCURRENT = [
    pytest.param("tasklocal_targets.greet", lambda x: targets.call_greet(x), id="sync function"),
    pytest.param("tasklocal_targets.fetch", lambda x: targets.call_fetch(x), id="async function"),
    pytest.param("tasklocal_targets.Service.method", lambda x: SERVICE.method(x), id="method"),
    pytest.param(
        "tasklocal_targets.Service.amethod", lambda x: SERVICE.amethod(x), id="async method"
    ),
]


class TestThousandTasks:
    @pytest.mark.parametrize(("target", "call"), CONCURRENT)
    async def test_each_of_a_thousand_tasks_sees_only_its_own_mock(
        self, target: str, call: Callable[[Any], Any]
    ) -> None:
        original = drive(call("x"))
        all_patched = anyio.Event()
        release = anyio.Event()
        patched = 0
        seen: dict[int, list[Any]] = {}
        calls: dict[int, list[Any]] = {}
        bystanders: list[Any] = []

        async def worker(i: int) -> None:
            nonlocal patched
            with amock.patch(target, scope="task", return_value=i) as mock:
                patched += 1
                if patched == TASKS:
                    all_patched.set()
                await all_patched.wait()
                seen[i] = []
                for step in range(3):
                    seen[i].append(await settle(call(step)))
                    await anyio.lowlevel.checkpoint()
                calls[i] = mock.call_args_list
                await release.wait()

        async def unpatched() -> None:
            await all_patched.wait()
            for _ in range(3):
                bystanders.append(await settle(call("x")))
                await anyio.lowlevel.checkpoint()

        async with anyio.create_task_group() as group:
            for i in range(TASKS):
                group.start_soon(worker, i)
                if i % 100 == 0:
                    group.start_soon(unpatched)
            await all_patched.wait()
            in_threads = await anyio.to_thread.run_sync(in_pool, lambda: call("x"), 64)
            assert await settle(call("x")) == original
            release.set()

        assert seen == {i: [i, i, i] for i in range(TASKS)}
        assert calls == {i: [amock.call(0), amock.call(1), amock.call(2)] for i in range(TASKS)}
        assert bystanders == [original] * 30
        assert in_threads == [original] * 64
        assert await settle(call("x")) == original

    async def test_a_thousand_tasks_with_their_own_dict_overlay_see_only_their_own_keys(
        self,
    ) -> None:
        before = dict(targets.SETTINGS)
        all_patched = anyio.Event()
        patched = 0
        seen: dict[int, dict[str, Any]] = {}

        async def worker(i: int) -> None:
            nonlocal patched
            with amock.patch.dict("tasklocal_targets.SETTINGS", {"mode": str(i)}, scope="task"):
                targets.SETTINGS[f"own {i}"] = "x"
                patched += 1
                if patched == TASKS:
                    all_patched.set()
                await all_patched.wait()
                seen[i] = targets.settings_copy()

        async with anyio.create_task_group() as group:
            for i in range(TASKS):
                group.start_soon(worker, i)
            await all_patched.wait()
            assert targets.settings_copy() == before

        assert seen == {i: {**before, "mode": str(i), f"own {i}": "x"} for i in range(TASKS)}
        assert targets.settings_copy() == before


# -- tasks and threads started inside and outside the patch ---------------------------


class TestTaskFamily:
    async def test_a_task_started_inside_the_patch_sees_it(self) -> None:
        seen: list[Any] = []

        async def child() -> None:
            await anyio.lowlevel.checkpoint()
            seen.append(targets.call_greet(1))

        async with bystander() as other:
            with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
                async with anyio.create_task_group() as group:
                    group.start_soon(child)
                assert await other.ask(lambda: targets.call_greet(1)) == ("greet", 1)
        assert seen == ["patched"]

    async def test_a_grandchild_started_inside_the_patch_sees_it(self) -> None:
        seen: list[Any] = []

        async def grandchild() -> None:
            seen.append(targets.call_greet(1))

        async def child() -> None:
            async with anyio.create_task_group() as group:
                group.start_soon(grandchild)

        async with bystander() as other:
            with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
                async with anyio.create_task_group() as group:
                    group.start_soon(child)
                assert await other.ask(lambda: targets.call_greet(1)) == ("greet", 1)
        assert seen == ["patched"]

    async def test_a_task_started_before_the_patch_does_not_see_it(self) -> None:
        patched = anyio.Event()
        read = anyio.Event()
        seen: list[Any] = []

        async def earlier() -> None:
            await patched.wait()
            seen.append(targets.call_greet(1))
            read.set()

        async with anyio.create_task_group() as group:
            group.start_soon(earlier)
            await anyio.lowlevel.checkpoint()
            with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
                patched.set()
                await read.wait()
                assert targets.call_greet(1) == "patched"
        assert seen == [("greet", 1)]

    async def test_a_child_outliving_the_patch_sees_the_original_after_it_ends(self) -> None:
        read = anyio.Event()
        ended = anyio.Event()
        seen: list[Any] = []

        async def child() -> None:
            seen.append(targets.call_greet(1))
            read.set()
            await ended.wait()
            seen.append(targets.call_greet(1))

        async with anyio.create_task_group() as group:
            with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
                group.start_soon(child)
                await read.wait()
                assert in_thread(lambda: targets.call_greet(1)) == ("greet", 1)
            ended.set()
        assert seen == ["patched", ("greet", 1)]

    async def test_a_patch_started_in_a_child_is_not_seen_by_its_parent(self) -> None:
        child_patched = anyio.Event()
        done = anyio.Event()
        seen: list[Any] = []

        async def child() -> None:
            with amock.patch("tasklocal_targets.greet", scope="task", return_value="child"):
                child_patched.set()
                seen.append(targets.call_greet(1))
                await done.wait()

        with amock.patch("tasklocal_targets.greet", scope="task", return_value="parent"):
            async with anyio.create_task_group() as group:
                group.start_soon(child)
                await child_patched.wait()
                assert targets.call_greet(1) == "parent"
                done.set()
        assert seen == ["child"]
        assert targets.call_greet(1) == ("greet", 1)

    async def test_to_thread_run_sync_copies_the_context_and_sees_the_patch(self) -> None:
        # anyio.to_thread.run_sync runs the function in a copy of the caller's
        # context on both backends (asyncio: copy_context(); trio: trio.to_thread).
        with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
            assert await anyio.to_thread.run_sync(targets.call_greet, 1) == "patched"
            assert in_thread(lambda: targets.call_greet(1)) == ("greet", 1)
        assert await anyio.to_thread.run_sync(targets.call_greet, 1) == ("greet", 1)

    async def test_threads_that_do_not_copy_the_context_see_the_original(self) -> None:
        with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
            assert in_thread(lambda: targets.call_greet(1)) == ("greet", 1)
            pooled = await anyio.to_thread.run_sync(in_pool, lambda: targets.call_greet(1))
            assert pooled == [("greet", 1)] * 16
            assert targets.call_greet(1) == "patched"


# -- patch.multiple and patch.dict ----------------------------------------------------


class TestPatchMultiple:
    @pytest.mark.parametrize(
        ("target", "holder", "names", "use", "original"),
        [
            pytest.param(
                "tasklocal_targets",
                targets,
                ("greet", "VALUE"),
                lambda: (targets.call_greet(1), str(targets.read_value())),
                (("greet", 1), "42"),
                id="module by name",
            ),
            pytest.param(
                Service,
                Service,
                ("method", "kind"),
                lambda: (SERVICE.method(1), str(SERVICE.kind)),
                (("method", SERVICE, 1), "real"),
                id="class",
            ),
        ],
    )
    async def test_every_named_attribute_is_task_local(
        self,
        target: Any,
        holder: Any,
        names: tuple[str, str],
        use: Callable[[], Any],
        original: Any,
    ) -> None:
        made, given = names
        before = [raw(holder, name) for name in names]
        async with bystander() as other:
            with amock.patch.multiple(
                target, **{made: amock.DEFAULT, given: "fake"}, scope="task"
            ) as mocks:
                assert list(mocks) == [made]
                assert use() == (mocks[made].return_value, "fake")
                assert await other.ask(use) == original
                assert in_thread(use) == original
        assert all(raw(holder, name) is old for name, old in zip(names, before, strict=True))
        assert use() == original

    @amock.patch.multiple("tasklocal_targets", greet=amock.DEFAULT, VALUE=7, scope="task")
    async def test_decorated_async_test_receives_task_local_mocks_by_keyword(
        self, greet: Any
    ) -> None:
        assert targets.call_greet(1) is greet.return_value
        assert targets.read_value() == 7
        assert in_thread(lambda: (targets.call_greet(1), targets.read_value() + 0)) == (
            ("greet", 1),
            42,
        )


class TestPatchDict:
    async def test_by_dotted_name_the_patching_task_sees_the_overlay_and_others_the_mapping(
        self,
    ) -> None:
        mapping = targets.SETTINGS
        before = dict(mapping)
        async with bystander() as other:
            with amock.patch.dict(
                "tasklocal_targets.SETTINGS", {"mode": "task", "extra": "e"}, scope="task"
            ) as overlay:
                expected = {"mode": "task", "level": "1", "extra": "e"}
                assert targets.settings_copy() == expected
                assert dict(overlay) == expected
                assert targets.read_setting("mode") == "task"
                assert await other.ask(targets.settings_copy) == before
                assert in_thread(targets.settings_copy) == before
                assert mapping == before
        assert raw(targets, "SETTINGS") is mapping
        assert mapping == before

    async def test_clear_shows_only_the_given_values_to_the_patching_task(self) -> None:
        before = dict(targets.SETTINGS)
        async with bystander() as other:
            with amock.patch.dict(
                "tasklocal_targets.SETTINGS", {"only": "this"}, clear=True, scope="task"
            ):
                assert targets.settings_copy() == {"only": "this"}
                assert targets.read_setting("mode") is None
                assert "mode" not in targets.SETTINGS
                assert len(targets.SETTINGS) == 1
                assert await other.ask(targets.settings_copy) == before
        assert targets.settings_copy() == before

    async def test_keys_deleted_and_set_inside_the_overlay_change_only_the_patching_task_view(
        self,
    ) -> None:
        mapping = targets.SETTINGS
        before = dict(mapping)
        async with bystander() as other:
            with amock.patch.dict("tasklocal_targets.SETTINGS", {"new": "n"}, scope="task"):
                del targets.SETTINGS["level"]
                del targets.SETTINGS["new"]
                targets.SETTINGS["mode"] = "changed"
                assert targets.settings_copy() == {"mode": "changed"}
                assert targets.read_setting("level") is None
                with pytest.raises(KeyError):
                    del targets.SETTINGS["level"]
                assert await other.ask(targets.settings_copy) == before
                assert mapping == before
        assert raw(targets, "SETTINGS") is mapping
        assert mapping == before

    async def test_a_key_overridden_then_deleted_is_gone_only_for_the_patching_task(
        self,
    ) -> None:
        before = dict(targets.SETTINGS)
        async with bystander() as other:
            with amock.patch.dict(
                "tasklocal_targets.SETTINGS", {"level": "overridden"}, scope="task"
            ) as overlay:
                del targets.SETTINGS["level"]
                assert "level" not in targets.SETTINGS
                assert overlay.copy() == {k: v for k, v in before.items() if k != "level"}
                assert type(overlay.copy()) is dict
                assert repr(overlay) == repr(overlay.copy())
                assert await other.ask(targets.settings_copy) == before
        assert before == targets.SETTINGS

    @pytest.mark.parametrize("in_dict", [os.environ, "os.environ"], ids=["object", "dotted name"])
    async def test_environ_and_getenv_show_the_change_only_to_the_patching_task(
        self, in_dict: Any
    ) -> None:
        environ = os.environ
        name = "AMOCK_TASKLOCAL_TEST"
        assert name not in environ
        async with bystander() as other:
            with amock.patch.dict(in_dict, {name: "task"}, scope="task"):
                assert os.environ[name] == "task"
                assert os.getenv(name) == "task"
                assert os.environ.get(name) == "task"
                assert await other.ask(lambda: os.getenv(name)) is None
                assert await other.ask(lambda: name in os.environ) is False
                assert in_thread(lambda: os.getenv(name)) is None
        assert raw(os, "environ") is environ
        assert name not in os.environ
        assert os.getenv(name) is None

    async def test_an_environment_variable_deleted_in_the_task_stays_for_everyone_else(
        self,
    ) -> None:
        name = "AMOCK_TASKLOCAL_BASE"
        async with bystander() as other:
            with amock.patch.dict(os.environ, {name: "base"}):
                with amock.patch.dict(os.environ, {}, scope="task"):
                    del os.environ[name]
                    assert os.getenv(name) is None
                    assert await other.ask(lambda: os.getenv(name)) == "base"
                    assert in_thread(lambda: os.getenv(name)) == "base"
                assert os.getenv(name) == "base"
        assert name not in os.environ

    @amock.patch.dict("tasklocal_targets.SETTINGS", {"mode": "decorated"}, scope="task")
    async def test_decorated_async_test_sees_the_overlay(self) -> None:
        assert targets.read_setting("mode") == "decorated"
        assert in_thread(lambda: targets.read_setting("mode")) == "real"


# -- decorators -----------------------------------------------------------------------


@amock.patch("tasklocal_targets.fetch", scope="task")
async def decorated_worker(i: int, mock_fetch: Any) -> tuple[Any, int]:
    """Code that many tasks run at once, each with its own mock of ``fetch``."""
    mock_fetch.return_value = i
    await anyio.lowlevel.checkpoint()
    result = await targets.call_fetch(i)
    await anyio.lowlevel.checkpoint()
    return result, mock_fetch.await_count


class TestDecorator:
    @amock.patch("tasklocal_targets.greet", scope="task", return_value="decorated")
    async def test_decorated_async_test_receives_a_task_local_mock(self, mock_greet: Any) -> None:
        assert targets.call_greet(1) == "decorated"
        mock_greet.assert_called_once_with(1)
        assert in_thread(lambda: targets.call_greet(1)) == ("greet", 1)

    @amock.patch.object(Service, "amethod", scope="task", return_value="decorated")
    async def test_decorated_async_test_receives_a_task_local_mock_of_a_method(
        self, mock_amethod: Any
    ) -> None:
        assert await SERVICE.amethod(1) == "decorated"
        mock_amethod.assert_awaited_once_with(1)
        assert in_thread(lambda: SERVICE.amethod(1)) == ("amethod", SERVICE, 1)

    async def test_async_with_makes_a_task_local_patch_too(self) -> None:
        async with (
            bystander() as other,
            amock.patch("tasklocal_targets.fetch", scope="task") as mock,
        ):
            mock.return_value = "async with"
            assert await targets.call_fetch(1) == "async with"
            assert await other.ask(lambda: targets.call_fetch(1)) == ("fetch", 1)
        assert raw(targets, "fetch") is ORIGINAL_FETCH

    async def test_a_decorated_coroutine_run_by_many_tasks_gives_each_its_own_mock(
        self,
    ) -> None:
        results: dict[int, Any] = {}

        async def run(i: int) -> None:
            results[i] = await decorated_worker(i)

        async with anyio.create_task_group() as group:
            for i in range(100):
                group.start_soon(run, i)
        assert results == {i: (i, 1) for i in range(100)}
        assert raw(targets, "fetch") is ORIGINAL_FETCH
        assert await targets.call_fetch(1) == ("fetch", 1)


# -- stacking and ending ----------------------------------------------------------------


@pytest.mark.parametrize("site", SITES)
class TestStacking:
    async def test_a_nested_patch_of_the_same_attribute_wins_and_the_outer_returns_after(
        self, site: Site
    ) -> None:
        before = raw(site.owner, site.name)
        async with bystander() as other:
            with task_patch(site, "outer"):
                assert await settle(site.use()) == site.patched("outer")
                with task_patch(site, "inner"):
                    assert await settle(site.use()) == site.patched("inner")
                    assert await other.ask(site.use) == site.original
                assert await settle(site.use()) == site.patched("outer")
                assert await other.ask(site.use) == site.original
        assert raw(site.owner, site.name) is before
        assert await settle(site.use()) == site.original

    async def test_an_outer_patch_ended_first_leaves_the_inner_in_force(self, site: Site) -> None:
        before = raw(site.owner, site.name)
        outer, inner = task_patch(site, "outer"), task_patch(site, "inner")
        outer.start()
        inner.start()
        try:
            outer.stop()
            assert await settle(site.use()) == site.patched("inner")
            assert in_thread(site.use) == site.original
        finally:
            inner.stop()
            outer.stop()
        assert raw(site.owner, site.name) is before
        assert await settle(site.use()) == site.original

    @pytest.mark.parametrize("first", ["task", "global"])
    @pytest.mark.parametrize("ends_first", ["task", "global"])
    async def test_task_local_and_global_patches_end_in_any_order_and_restore_exactly(
        self, site: Site, first: str, ends_first: str
    ) -> None:
        before = raw(site.owner, site.name)
        patchers = {"task": task_patch(site, "task"), "global": global_patch(site, "global")}
        second = "global" if first == "task" else "task"
        remaining = second if ends_first == first else first
        async with bystander() as other:
            patchers[first].start()
            patchers[second].start()
            try:
                # A global patch on top wins everywhere; a task-local one on top
                # wins in this task only, over the global one beneath.
                mine, theirs = ("global", "global") if second == "global" else ("task", "global")
                assert await settle(site.use()) == site.patched(mine)
                assert await other.ask(site.use) == site.patched(theirs)
                patchers[ends_first].stop()
                assert await settle(site.use()) == site.patched(remaining)
                if remaining == "task":
                    assert await other.ask(site.use) == site.original
                else:
                    assert await other.ask(site.use) == site.patched("global")
            finally:
                patchers[first].stop()
                patchers[second].stop()
            assert await other.ask(site.use) == site.original
        assert raw(site.owner, site.name) is before
        assert await settle(site.use()) == site.original

    async def test_stop_from_another_task_ends_the_patch(self, site: Site) -> None:
        before = raw(site.owner, site.name)
        patcher = task_patch(site, "started elsewhere")
        started = anyio.Event()
        stopped = anyio.Event()
        seen: list[Any] = []

        async def starter() -> None:
            patcher.start()
            seen.append(await settle(site.use()))
            started.set()
            await stopped.wait()
            seen.append(await settle(site.use()))

        try:
            async with anyio.create_task_group() as group:
                group.start_soon(starter)
                await started.wait()
                assert await settle(site.use()) == site.original
                patcher.stop()
                assert raw(site.owner, site.name) is before
                stopped.set()
        finally:
            patcher.stop()
        assert seen == [site.patched("started elsewhere"), site.original]
        assert await settle(site.use()) == site.original

    async def test_the_dispatcher_leaves_when_the_last_patch_ends_wherever_it_is_stopped(
        self, site: Site
    ) -> None:
        before = raw(site.owner, site.name)
        patchers = [task_patch(site, "one"), task_patch(site, "two")]
        started = [anyio.Event(), anyio.Event()]
        look = [anyio.Event(), anyio.Event()]
        read = [anyio.Event(), anyio.Event()]
        seen: dict[str, Any] = {}

        async def starter(i: int) -> None:
            patchers[i].start()
            started[i].set()
            await look[i].wait()
            seen[f"task {i}"] = await settle(site.use())
            read[i].set()
            await look[1].wait()

        try:
            async with anyio.create_task_group() as group:
                for i in range(2):
                    group.start_soon(starter, i)
                    await started[i].wait()
                patchers[0].stop()
                assert raw(site.owner, site.name) is not before
                look[0].set()
                await read[0].wait()
                # The first task's entry is dead; the second still sees its own.
                assert seen == {"task 0": site.original}
                look[1].set()
                await read[1].wait()
                assert seen["task 1"] == site.patched("two")
                patchers[1].stop()
                assert raw(site.owner, site.name) is before
        finally:
            for patcher in patchers:
                patcher.stop()
        assert await settle(site.use()) == site.original


# -- introspection, create=True, the default scope ------------------------------------


class TestIntrospection:
    @pytest.mark.parametrize(
        ("owner", "name", "replacement", "probe"),
        [
            pytest.param(
                targets,
                "greet",
                _async_function("x"),
                lambda: targets.greet,
                id="sync function replaced by async",
            ),
            pytest.param(
                targets,
                "fetch",
                _function("x"),
                lambda: targets.fetch,
                id="async function replaced by sync",
            ),
            pytest.param(
                Service,
                "method",
                _async_method("x"),
                lambda: SERVICE.method,
                id="sync method replaced by async",
            ),
            pytest.param(
                Service,
                "amethod",
                _method("x"),
                lambda: SERVICE.amethod,
                id="async method replaced by sync",
            ),
        ],
    )
    async def test_iscoroutinefunction_answers_for_what_each_task_sees(
        self, owner: Any, name: str, replacement: Any, probe: Callable[[], Any]
    ) -> None:
        original_answer = inspect.iscoroutinefunction(probe())

        def answer() -> bool:
            return inspect.iscoroutinefunction(probe())

        async with bystander() as other:
            with amock.patch.object(owner, name, replacement, scope="task"):
                assert answer() is not original_answer
                assert await other.ask(answer) is original_answer
                assert in_thread(answer) is original_answer


class Gadget:
    """A value whose identity shows through the task-local dispatcher."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return f"gadget {self.name}"

    def __repr__(self) -> str:
        return f"Gadget({self.name!r})"

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Gadget) and other.name == self.name


class Patched(Gadget):
    """The replacement: another class, documented otherwise, and false."""

    def __bool__(self) -> bool:
        return False


class TestModuleAttributeProxy:
    async def test_the_patching_task_sees_the_replacement_through_every_protocol(self) -> None:
        module = types.ModuleType("amock_tasklocal_proxy")
        original, replacement = Gadget("original"), Patched("patched")
        module.thing = original  # type: ignore[attr-defined]
        async with bystander() as other:
            with amock.patch.object(module, "thing", replacement, scope="task"):
                seen = module.thing  # type: ignore[attr-defined]
                assert seen.__class__ is Patched
                assert seen.__doc__ == Patched.__doc__
                assert seen.__module__ == __name__
                assert str(seen) == "gadget patched"
                assert repr(seen) == "Gadget('patched')"
                assert not seen
                assert hash(seen) == hash("patched")
                assert seen == Patched("patched")
                assert seen != Gadget("original")
                assert "name" in dir(seen)
                seen.colour = "red"
                assert replacement.colour == "red"  # type: ignore[attr-defined]
                del seen.colour
                assert not hasattr(replacement, "colour")
                assert await other.ask(lambda: str(module.thing)) == "gadget original"
                assert await other.ask(lambda: module.thing.__doc__) == Gadget.__doc__
                assert await other.ask(lambda: bool(module.thing)) is True
        assert module.thing is original  # type: ignore[attr-defined]
        assert not hasattr(original, "colour")

    async def test_a_task_layer_removed_twice_leaves_the_other_patches_in_force(self) -> None:
        # Two threads stopping one patcher at once can both reach its layer:
        # the second removal must not end another patch of the same attribute.
        from amock import _tasklocal

        module = types.ModuleType("amock_tasklocal_twice")
        module.value = "original"  # type: ignore[attr-defined]
        outer = _tasklocal.install(module, "value", "outer", create=False, describe="test")
        inner = _tasklocal.install(module, "value", "inner", create=False, describe="test")
        inner.remove()
        inner.remove()
        assert module.value == "outer"  # type: ignore[attr-defined]
        outer.remove()
        assert vars(module)["value"] == "original"


class TestCreate:
    @pytest.mark.parametrize(
        ("owner", "probe"),
        [
            pytest.param(targets, lambda: targets.brand_new(), id="module"),
            pytest.param(Service, lambda: SERVICE.brand_new(), id="class"),
        ],
    )
    async def test_a_created_attribute_fails_with_attribute_error_in_other_tasks(
        self, owner: Any, probe: Callable[[], Any]
    ) -> None:
        async with bystander() as other:
            with amock.patch.object(
                owner, "brand_new", create=True, scope="task", return_value="created"
            ):
                assert probe() == "created"
                with pytest.raises(AttributeError, match="brand_new"):
                    await other.ask(probe)
                with pytest.raises(AttributeError, match="brand_new"):
                    in_thread(probe)
        assert "brand_new" not in vars(owner)
        assert not hasattr(owner, "brand_new")


class TestDefaultScope:
    @pytest.mark.parametrize("options", [{}, {"scope": "global"}], ids=["default", "explicit"])
    async def test_a_patch_without_task_scope_is_seen_by_every_task_and_thread(
        self, options: dict[str, Any]
    ) -> None:
        before = raw(targets, "greet")
        async with bystander() as other:
            with amock.patch("tasklocal_targets.greet", return_value="global", **options) as mock:
                assert raw(targets, "greet") is mock
                assert targets.call_greet(1) == "global"
                assert await other.ask(lambda: targets.call_greet(1)) == "global"
                assert in_thread(lambda: targets.call_greet(1)) == "global"
        assert raw(targets, "greet") is before


# -- bad input --------------------------------------------------------------------------

FACTORIES = [
    pytest.param(lambda scope: amock.patch("tasklocal_targets.greet", scope=scope), id="patch"),
    pytest.param(
        lambda scope: amock.patch.object(Service, "method", scope=scope), id="patch.object"
    ),
    pytest.param(
        lambda scope: amock.patch.multiple("tasklocal_targets", greet=amock.DEFAULT, scope=scope),
        id="patch.multiple",
    ),
    pytest.param(
        lambda scope: amock.patch.dict("tasklocal_targets.SETTINGS", {"a": "b"}, scope=scope),
        id="patch.dict",
    ),
]


class TestBadInput:
    @pytest.mark.parametrize("factory", FACTORIES)
    @pytest.mark.parametrize("scope", ["Task", "local", "thread", "", None, True])
    def test_an_unknown_scope_is_refused_when_the_patcher_is_made_naming_the_value(
        self, factory: Callable[[Any], Any], scope: Any
    ) -> None:
        with pytest.raises(PatchArgumentError, match=re.escape(repr(scope))) as caught:
            factory(scope)
        assert "'global'" in str(caught.value)
        assert "'task'" in str(caught.value)

    @pytest.mark.parametrize(
        "mapping",
        [
            pytest.param(targets.SETTINGS, id="a module's dict"),
            pytest.param({}, id="a new dict"),
            pytest.param(contextvars.copy_context(), id="a read-only mapping"),
        ],
    )
    def test_patch_dict_of_a_mapping_object_asks_for_its_dotted_name(self, mapping: Any) -> None:
        with pytest.raises(PatchArgumentError, match="dotted name"):
            amock.patch.dict(mapping, {"a": "b"}, scope="task")
        assert "a" not in targets.SETTINGS


# -- without a plugin: asyncio.run and trio.run ---------------------------------------


class TestPlainAsyncio:
    def test_a_thousand_gathered_tasks_each_see_only_their_own_mock(self) -> None:
        async def main() -> tuple[dict[int, Any], list[Any], list[Any], list[Any]]:
            all_patched = asyncio.Event()
            release = asyncio.Event()
            patched = 0
            seen: dict[int, Any] = {}
            by_to_thread: list[Any] = []
            bystanders: list[Any] = []

            async def worker(i: int) -> None:
                nonlocal patched
                with amock.patch("tasklocal_targets.greet", scope="task", return_value=i):
                    patched += 1
                    if patched == TASKS:
                        all_patched.set()
                    await all_patched.wait()
                    seen[i] = []
                    for _ in range(3):
                        seen[i].append(targets.call_greet(i))
                        await asyncio.sleep(0)
                    if i % 100 == 0:
                        by_to_thread.append(await asyncio.to_thread(targets.call_greet, i))
                    await release.wait()

            async def unpatched() -> None:
                await all_patched.wait()
                for _ in range(3):
                    bystanders.append(targets.call_greet(1))
                    await asyncio.sleep(0)

            async def observe() -> list[Any]:
                await all_patched.wait()
                loop = asyncio.get_running_loop()
                found = [await loop.run_in_executor(None, targets.call_greet, 1) for _ in range(16)]
                release.set()
                return found

            workers = [worker(i) for i in range(TASKS)]
            *_, in_executor = await asyncio.gather(
                *workers, *(unpatched() for _ in range(10)), observe()
            )
            return seen, by_to_thread, bystanders, in_executor

        seen, by_to_thread, bystanders, in_executor = asyncio.run(main())
        assert seen == {i: [i, i, i] for i in range(TASKS)}
        assert sorted(by_to_thread) == list(range(0, TASKS, 100))
        assert bystanders == [("greet", 1)] * 30
        assert in_executor == [("greet", 1)] * 16
        assert targets.call_greet(1) == ("greet", 1)

    def test_create_task_inside_the_patch_sees_it_and_a_task_created_before_does_not(
        self,
    ) -> None:
        async def main() -> tuple[Any, Any, Any]:
            patched = asyncio.Event()

            async def read_when_patched() -> Any:
                await patched.wait()
                return targets.call_greet(1)

            async def read() -> Any:
                return targets.call_greet(1)

            earlier = asyncio.create_task(read_when_patched())
            await asyncio.sleep(0)
            with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
                later = asyncio.create_task(read())
                patched.set()
                inside = await later
                before = await earlier
            return inside, before, targets.call_greet(1)

        assert asyncio.run(main()) == ("patched", ("greet", 1), ("greet", 1))

    def test_run_in_executor_sees_the_original_and_to_thread_the_patch(self) -> None:
        async def main() -> tuple[Any, Any]:
            loop = asyncio.get_running_loop()
            with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
                return (
                    await loop.run_in_executor(None, targets.call_greet, 1),
                    await asyncio.to_thread(targets.call_greet, 1),
                )

        assert asyncio.run(main()) == (("greet", 1), "patched")
        assert raw(targets, "greet") is ORIGINAL_GREET


class TestPlainTrio:
    def test_a_thousand_nursery_tasks_each_see_only_their_own_mock(self) -> None:
        async def main() -> tuple[dict[int, Any], list[Any], list[Any]]:
            all_patched = trio.Event()
            patched = 0
            seen: dict[int, Any] = {}
            by_to_thread: list[Any] = []
            bystanders: list[Any] = []

            async def worker(i: int) -> None:
                nonlocal patched
                with amock.patch("tasklocal_targets.fetch", scope="task", return_value=i):
                    patched += 1
                    if patched == TASKS:
                        all_patched.set()
                    await all_patched.wait()
                    seen[i] = []
                    for _ in range(3):
                        seen[i].append(await targets.call_fetch(i))
                        await trio.lowlevel.checkpoint()
                    if i % 100 == 0:
                        by_to_thread.append(
                            await trio.to_thread.run_sync(lambda: drive(targets.call_fetch(1)))
                        )

            async def unpatched() -> None:
                await all_patched.wait()
                for _ in range(3):
                    bystanders.append(await targets.call_fetch(1))
                    await trio.lowlevel.checkpoint()

            async with trio.open_nursery() as nursery:
                for i in range(TASKS):
                    nursery.start_soon(worker, i)
                for _ in range(10):
                    nursery.start_soon(unpatched)
            return seen, by_to_thread, bystanders

        seen, by_to_thread, bystanders = trio.run(main)
        assert seen == {i: [i, i, i] for i in range(TASKS)}
        assert sorted(by_to_thread) == list(range(0, TASKS, 100))
        assert bystanders == [("fetch", 1)] * 30
        assert raw(targets, "fetch") is ORIGINAL_FETCH

    def test_a_nursery_child_started_inside_the_patch_sees_it_and_threads_do_not(self) -> None:
        async def main() -> list[Any]:
            seen: list[Any] = []

            async def child() -> None:
                seen.append(targets.call_greet(1))

            with amock.patch("tasklocal_targets.greet", scope="task", return_value="patched"):
                async with trio.open_nursery() as nursery:
                    nursery.start_soon(child)
                seen.append(in_thread(lambda: targets.call_greet(1)))
                seen.append(await trio.to_thread.run_sync(targets.call_greet, 1))
            seen.append(targets.call_greet(1))
            return seen

        assert trio.run(main) == ["patched", ("greet", 1), "patched", ("greet", 1)]
