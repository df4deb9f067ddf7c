"""Herding cats: the small async app that amock's example suite tests.

The running example of the PyCon US 2019 talk "Strategies for Testing Async Code": a cat only
moves once it has been petted, and moving takes time. Around it sit the shapes a real async
app has: a client used with ``async with``, async methods returning plain result objects, an
async generator streaming updates, sync methods next to async ones, and a task group herding
several cats at once. It runs on asyncio and on trio (``python examples/herding.py``).
"""

from __future__ import annotations

import enum
from collections.abc import AsyncGenerator, Iterable
from contextlib import aclosing
from dataclasses import dataclass, field

import anyio


class Status(enum.Enum):
    GRUMPY = "grumpy"
    PLEASED = "pleased"


class CatRefusedError(Exception):
    """A cat would not move."""


class Cat:
    def __init__(self, name: str, *, pace: float = 1.0) -> None:
        self.name = name
        self.pace = pace
        self.status = Status.GRUMPY

    def pet(self) -> None:
        self.status = Status.PLEASED

    async def move(self, direction: str) -> str:
        if self.status is not Status.PLEASED:
            raise CatRefusedError(f"{self.name} refuses to move {direction}")
        await anyio.sleep(self.pace)  # cats take their time
        self.status = Status.GRUMPY  # one petting buys one move
        return direction


async def herd(cat: Cat, direction: str) -> str:
    cat.pet()
    return await cat.move(direction)


@dataclass(frozen=True)
class Sighting:
    cat: str
    place: str

    def describe(self) -> str:
        return f"{self.cat} was last seen {self.place}"


# The collar service, kept in memory: each cat's name -> the places it was seen, oldest first.
_SERVICE: dict[str, list[str]] = {}


class CatTracker:
    """A client for the cats' GPS collars.

    It only imitates a network's latency; a real one would talk to a server, which is exactly
    why tests replace it.
    """

    def __init__(self, latency: float = 0.5) -> None:
        self.latency = latency
        self._queued: list[tuple[str, str]] = []

    async def __aenter__(self) -> CatTracker:
        await anyio.sleep(self.latency)  # connecting
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._queued:
            await anyio.sleep(self.latency)  # sending what record() queued
            for name, place in self._queued:
                _SERVICE.setdefault(name, []).append(place)
            self._queued.clear()

    def has_collar(self, name: str) -> bool:
        return name in _SERVICE

    def record(self, name: str, place: str) -> None:
        """Queue a sighting; the tracker sends its queue when it closes."""
        self._queued.append((name, place))

    async def locate(self, name: str) -> Sighting:
        await anyio.sleep(self.latency)
        return Sighting(name, _SERVICE[name][-1])

    async def positions(self, name: str) -> AsyncGenerator[Sighting, None]:
        """Stream every place the cat has been seen, oldest first."""
        for place in _SERVICE.get(name, []):
            await anyio.sleep(self.latency)
            yield Sighting(name, place)


async def where_is(name: str) -> str:
    async with CatTracker() as tracker:
        if not tracker.has_collar(name):
            return f"{name} has no collar"
        sighting = await tracker.locate(name)
        return sighting.describe()


async def trail(tracker: CatTracker, name: str) -> list[str]:
    return [sighting.place async for sighting in tracker.positions(name)]


async def wait_until_seen(tracker: CatTracker, name: str, place: str) -> int:
    """Follow a cat until it is seen at ``place``; return how many sightings that took."""
    seen = 0
    # aclosing: leaving the loop early must close the stream, not leave it to the GC.
    async with aclosing(tracker.positions(name)) as sightings:
        async for sighting in sightings:
            seen += 1
            if sighting.place == place:
                break
    return seen


@dataclass
class Report:
    moved: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.moved)} moved, {len(self.refused)} refused"


async def herd_all(cats: Iterable[Cat], direction: str, tracker: CatTracker) -> Report:
    """Herd every cat at once; record where each one went."""
    report = Report()

    async def herd_one(cat: Cat) -> None:
        try:
            place = await herd(cat, direction)
        except CatRefusedError:
            report.refused.append(cat.name)
        else:
            report.moved[cat.name] = place
            tracker.record(cat.name, place)

    async with anyio.create_task_group() as task_group:
        for cat in cats:
            task_group.start_soon(herd_one, cat)
    return report


async def main() -> None:
    cats = [Cat("Tom"), Cat("Felix", pace=1.5), Cat("Garfield", pace=0.5)]
    async with CatTracker() as tracker:
        report = await herd_all(cats, "indoors", tracker)  # takes 1.5 s, not 3
        print(report.summary())
    print(await where_is("Felix"))


if __name__ == "__main__":
    anyio.run(main)
