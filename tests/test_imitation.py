"""Every route to a mock of one original gives the same kind of mock, behaving the same.

A user may reach a mock of an ``async def`` (say) by ``patch()``, ``patch(spec=True)``,
``patch(autospec=True)``, ``create_autospec``, or as a child of a specced, autospecced
or patched class. Whichever route they took, ``isinstance(m, amock.AsyncGeneratorMock)``
and what calling the mock gives must not depend on it.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import imitation_targets as targets
import pytest

import amock
from amock import _autospec

pytestmark = pytest.mark.anyio

PUBLIC = (
    amock.AsyncGeneratorMock,
    amock.AsyncMock,
    amock.MagicMock,
    amock.NonCallableMagicMock,
    amock.Mock,
    amock.NonCallableMock,
)

#: original name -> (holder class name, the public class every route must give)
ORIGINALS = {
    "fetch": ("HoldsFetch", amock.AsyncMock),
    "compute": ("HoldsCompute", amock.MagicMock),
    "stream": ("HoldsStream", amock.AsyncGeneratorMock),
    "iterate": ("HoldsIterate", amock.AsyncGeneratorMock),
    "Session": ("HoldsSession", amock.MagicMock),
    "Handler": ("HoldsHandler", amock.MagicMock),
}


@contextlib.contextmanager
def patched(target: str, **options: Any) -> Iterator[Any]:
    with amock.patch(f"imitation_targets.{target}", **options) as made:
        yield made


@contextlib.contextmanager
def made_now(make: Callable[[], Any]) -> Iterator[Any]:
    yield make()


def route(kind: str, name: str) -> contextlib.AbstractContextManager[Any]:
    """The mock of ``targets.<name>`` that route ``kind`` gives."""
    original = getattr(targets, name)
    holder = getattr(targets, ORIGINALS[name][0])
    if kind == "patch()":
        return patched(name)
    if kind == "patch(spec=True)":
        return patched(name, spec=True)
    if kind == "patch(autospec=True)":
        return patched(name, autospec=True)
    if kind == "create_autospec":
        return made_now(lambda: amock.create_autospec(original))
    if kind == "child of MagicMock(spec=Class)":
        return made_now(lambda: amock.MagicMock(spec=holder).target)
    if kind == "child of create_autospec(Class, instance=True)":
        return made_now(lambda: amock.create_autospec(holder, instance=True).target)
    assert kind == "child of a patched class's instance"
    return _instance_child(ORIGINALS[name][0])


@contextlib.contextmanager
def _instance_child(holder: str) -> Iterator[Any]:
    with patched(holder) as holder_class:
        yield holder_class().target


ROUTES = [
    "patch()",
    "patch(spec=True)",
    "patch(autospec=True)",
    "create_autospec",
    "child of MagicMock(spec=Class)",
    "child of create_autospec(Class, instance=True)",
    "child of a patched class's instance",
]


def public_class(made: Any) -> type:
    """The amock class a mock is an instance of (behind an autospecced function's copy)."""
    behind = _autospec.mock_behind(made)
    return next(klass for klass in type(behind).__mro__ if klass in PUBLIC)


async def behaviour(name: str, made: Any) -> dict[str, Any]:
    """What using the mock as the original is used gives, in words a test can compare."""
    # An autospecced function's copy answers inspect as the stdlib's copy does
    # (differently before 3.12): the mock behind it is what the route made.
    seen: dict[str, Any] = {
        "coroutine function": inspect.iscoroutinefunction(_autospec.mock_behind(made))
    }
    if name in ("fetch", "compute"):
        result = made("x") if name == "fetch" else made(1)
        seen["awaitable result"] = inspect.isawaitable(result)
        if inspect.isawaitable(result):
            await result
    elif name in ("stream", "iterate"):
        result = made(1)
        seen["async iterator result"] = hasattr(type(result), "__anext__")
        seen["items"] = [item async for item in result]
    elif name == "Session":
        instance = made()
        async with instance as entered:
            seen["enters as itself"] = entered is instance
    else:
        instance = made()
        result = instance("event")
        seen["awaitable result"] = inspect.isawaitable(result)
        await result
    return seen


@pytest.mark.parametrize("name", list(ORIGINALS))
async def test_every_route_gives_the_same_class_and_behaviour(name: str) -> None:
    expected_class = ORIGINALS[name][1]
    classes: dict[str, type] = {}
    behaviours: dict[str, dict[str, Any]] = {}
    for kind in ROUTES:
        with route(kind, name) as made:
            classes[kind] = public_class(made)
            behaviours[kind] = await behaviour(name, made)
    assert classes == dict.fromkeys(ROUTES, expected_class)
    first = behaviours[ROUTES[0]]
    assert behaviours == dict.fromkeys(ROUTES, first)


class Client:
    async def get(self, url: str) -> None: ...

    def close(self) -> None: ...


@pytest.mark.parametrize("name", ["get", "close"])
def test_building_a_child_of_an_autospecced_class_classifies_its_original_once(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amock import _shapes

    client = amock.create_autospec(Client, instance=True)
    original = Client.__dict__[name]
    classified: list[object] = []
    real_shape_of = _shapes.shape_of

    def counting_shape_of(obj: object) -> Any:
        if obj is original:
            classified.append(obj)
        return real_shape_of(obj)

    monkeypatch.setattr(_shapes, "shape_of", counting_shape_of)
    getattr(client, name)
    assert classified == [original]
