"""amock against the herding app; every test here runs on asyncio and on trio.

`pytestmark` hands each async test to anyio's pytest plugin, and the `anyio_backend`
fixture in conftest.py runs it once per event loop.
"""

import inspect

import anyio
import herding
import pytest
from herding import (
    Cat,
    CatRefusedError,
    CatTracker,
    Sighting,
    Status,
    herd,
    herd_all,
    trail,
    wait_until_seen,
    where_is,
)

import amock

pytestmark = pytest.mark.anyio


# A mock cat: amock reads the spec, so async methods are awaitable and sync ones stay sync.


async def test_a_mock_cat_is_moved_with_await_and_petted_without():
    cat = amock.MagicMock(spec=Cat)
    cat.move.return_value = "north"

    assert await herd(cat, "north") == "north"

    cat.pet.assert_called_once_with()
    cat.move.assert_awaited_once_with("north")
    assert inspect.iscoroutinefunction(cat.move)
    assert not inspect.iscoroutinefunction(cat.pet)


async def test_herd_all_reports_who_moved_and_who_refused():
    tom = amock.create_autospec(Cat, instance=True)
    tom.name = "Tom"
    tom.move.return_value = "north"
    felix = amock.create_autospec(Cat, instance=True)
    felix.name = "Felix"
    felix.move.side_effect = CatRefusedError("Felix refuses to move north")
    tracker = amock.create_autospec(CatTracker, instance=True)

    report = await herd_all([tom, felix], "north", tracker)

    assert report.moved == {"Tom": "north"}
    assert report.refused == ["Felix"]
    assert report.summary() == "1 moved, 1 refused"
    tracker.record.assert_called_once_with("Tom", "north")


# Patching the class the app builds for itself: `async with CatTracker() as tracker` enters
# as the mock's return_value, with no `__aenter__.return_value` chain to set up.


@amock.patch("herding.CatTracker")
async def test_where_is_reports_the_last_sighting(tracker_class):
    tracker = tracker_class.return_value
    tracker.has_collar.return_value = True
    tracker.locate.return_value = Sighting("Tom", "on the roof")

    assert await where_is("Tom") == "Tom was last seen on the roof"

    tracker.locate.assert_awaited_once_with("Tom")


@amock.patch("herding.CatTracker")
async def test_where_is_does_not_look_for_a_cat_without_a_collar(tracker_class):
    tracker = tracker_class.return_value
    # has_collar is sync: were it turned into an AsyncMock, `not tracker.has_collar(name)`
    # would test a (truthy) coroutine and where_is would go on to locate the cat.
    tracker.has_collar.return_value = False

    assert await where_is("Felix") == "Felix has no collar"

    tracker.has_collar.assert_called_once_with("Felix")
    tracker.locate.assert_not_called()


# Autospec: the mock has exactly the API of the class, checks every call's arguments, and
# builds results from return annotations (`-> Sighting`).


@amock.patch("herding.CatTracker", autospec=True)
async def test_an_autospecced_tracker_returns_specced_sightings(tracker_class):
    tracker = tracker_class.return_value
    sighting = tracker.locate.return_value  # from `async def locate(...) -> Sighting`
    sighting.describe.return_value = "Tom was last seen in the garden"

    assert await where_is("Tom") == "Tom was last seen in the garden"

    assert isinstance(sighting, Sighting)
    tracker_class.assert_called_once_with()


async def test_an_autospecced_tracker_rejects_a_wrong_call_before_any_await():
    tracker = amock.create_autospec(CatTracker, instance=True)

    with pytest.raises(TypeError):
        tracker.locate("Tom", "Felix")  # locate takes one name
    with pytest.raises(AttributeError):
        await tracker.find("Tom")  # there is no find()

    tracker.locate.assert_not_called()


# Async generators: set `yields`, then check how the app consumed the stream.


async def test_trail_reads_the_whole_stream():
    tracker = amock.create_autospec(CatTracker, instance=True)
    tracker.positions.yields = [Sighting("Tom", "in the garden"), Sighting("Tom", "on the roof")]

    assert await trail(tracker, "Tom") == ["in the garden", "on the roof"]

    tracker.positions.assert_called_once_with("Tom")
    tracker.positions.assert_consumed()


async def test_wait_until_seen_closes_the_stream_when_the_cat_turns_up():
    tracker = amock.create_autospec(CatTracker, instance=True)
    tracker.positions.yields = [
        Sighting("Tom", "in the garden"),
        Sighting("Tom", "on the roof"),
        Sighting("Tom", "in the kitchen"),
    ]

    assert await wait_until_seen(tracker, "Tom", "on the roof") == 2

    tracker.positions.assert_closed()  # aclosing() closed it; the GC did not have to
    [stream] = tracker.positions.generators
    assert not stream.consumed
    assert stream.yielded == [Sighting("Tom", "in the garden"), Sighting("Tom", "on the roof")]


async def test_an_error_in_the_stream_reaches_the_app():
    tracker = amock.create_autospec(CatTracker, instance=True)
    tracker.positions.yields = [Sighting("Tom", "in the garden"), ConnectionError("collar lost")]

    with pytest.raises(ConnectionError, match="collar lost"):
        await trail(tracker, "Tom")


# The patchers work as decorators, with `with`, and with `async with`; each restores exactly.


async def test_async_with_patch_replaces_the_tracker_for_one_block():
    async with amock.patch("herding.CatTracker") as tracker_class:
        tracker_class.return_value.locate.return_value = Sighting("Tom", "under the sofa")
        assert await where_is("Tom") == "Tom was last seen under the sofa"

    assert herding.CatTracker is CatTracker  # restored when the block ends


async def test_patch_object_mocks_one_method_of_a_real_cat():
    cat = Cat("Tom")
    real_move = Cat.move
    with amock.patch.object(Cat, "move", return_value="south") as move:
        assert await herd(cat, "south") == "south"  # at once, instead of after a second

    move.assert_awaited_once_with("south")  # patched on the class: no `self` recorded
    assert cat.status is Status.PLEASED  # the real pet() ran
    assert Cat.move is real_move


# Timing: `amock.hold` keeps awaits of a mock in flight until the test releases them.


async def test_herd_all_moves_every_cat_at_the_same_time():
    cats = [Cat("Tom"), Cat("Felix")]
    tracker = amock.create_autospec(CatTracker, instance=True)

    # autospec=True: the mock is a method, so each call records its cat as `self`.
    with amock.patch.object(Cat, "move", autospec=True) as move, amock.hold(move) as hold:
        async with anyio.create_task_group() as task_group:
            task_group.start_soon(herd_all, cats, "north", tracker)
            first = await hold.next()
            second = await hold.next()  # in flight while the first move still is
            assert {first.args[0].name, second.args[0].name} == {"Tom", "Felix"}
            first.release("north")
            second.release("north")

    assert move.await_count == 2
    tracker.record.assert_has_calls(
        [amock.call("Tom", "north"), amock.call("Felix", "north")], any_order=True
    )


# The `amocker` fixture (installed with amock): its patches end with the test.


async def test_the_amocker_fixture_patches_for_one_test(amocker):
    tracker_class = amocker.patch("herding.CatTracker", autospec=True)
    tracker = tracker_class.return_value
    tracker.locate.return_value = Sighting("Garfield", "by the lasagne")

    assert await where_is("Garfield") == "Garfield was last seen by the lasagne"

    tracker.locate.assert_awaited_once_with("Garfield")
