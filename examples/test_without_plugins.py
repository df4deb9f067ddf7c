"""Plain tests: no pytest plugin runs these coroutines, the test starts its own event loop."""

import asyncio

import herding
import pytest
import trio
from herding import Cat, CatTracker, herd, herd_all

import amock


def test_herd_on_asyncio_run():
    cat = amock.MagicMock(spec=Cat)
    cat.move.return_value = "east"

    assert asyncio.run(herd(cat, "east")) == "east"

    cat.pet.assert_called_once_with()
    cat.move.assert_awaited_once_with("east")


def test_herd_all_on_trio_run():
    cats = []
    for name in ["Tom", "Felix", "Garfield"]:
        cat = amock.create_autospec(Cat, instance=True)
        cat.name = name
        cat.move.return_value = "west"
        cats.append(cat)
    tracker = amock.create_autospec(CatTracker, instance=True)

    report = trio.run(herd_all, cats, "west", tracker)

    assert report.moved == {"Tom": "west", "Felix": "west", "Garfield": "west"}
    assert tracker.record.call_count == 3
    for cat in cats:
        cat.move.assert_awaited_once_with("west")


def test_a_class_patched_with_autospec_checks_constructor_arguments():
    with amock.patch("herding.CatTracker", autospec=True) as tracker_class:
        herding.CatTracker(latency=0.1)
        with pytest.raises(TypeError):
            herding.CatTracker(lag=0.1)  # no such parameter: fails at once, as the real class

    tracker_class.assert_called_once_with(latency=0.1)
    assert herding.CatTracker is CatTracker
