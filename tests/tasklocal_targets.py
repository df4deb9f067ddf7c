"""A module for task-local patch tests to patch by name.

Tests refer to it as ``"tasklocal_targets.<name>"`` (pytest puts ``tests/``
on ``sys.path``). The ``call_*`` and ``read_*`` helpers look their target up
at call time, as code under test does, so they see whatever the calling task
sees. Nothing here may be changed by a test except through a patch.
"""

from __future__ import annotations

from typing import Any

VALUE = 42
"""A plain module constant."""

SETTINGS: dict[str, str] = {"mode": "real", "level": "1"}
"""A mapping to patch with ``patch.dict('tasklocal_targets.SETTINGS', ...)``."""


def greet(name: Any) -> Any:
    """A sync function."""
    return ("greet", name)


async def fetch(name: Any) -> Any:
    """A coroutine function."""
    return ("fetch", name)


def call_greet(name: Any) -> Any:
    """Code under test: calls ``greet`` through the module's globals."""
    return greet(name)


async def call_fetch(name: Any) -> Any:
    """Code under test: awaits ``fetch`` through the module's globals."""
    return await fetch(name)


def read_value() -> Any:
    """Code under test: reads ``VALUE`` through the module's globals."""
    return VALUE


def read_setting(key: str) -> Any:
    """Code under test: reads a key of ``SETTINGS``, ``None`` when it is missing."""
    return SETTINGS.get(key)


def settings_copy() -> dict[str, Any]:
    """Code under test: everything ``SETTINGS`` holds, as a plain dict."""
    return dict(SETTINGS)


class Service:
    """A class with one attribute of every kind a class holds."""

    kind = "real"

    def __init__(self) -> None:
        self._size = 3

    def method(self, x: Any) -> Any:
        """A sync method."""
        return ("method", self, x)

    async def amethod(self, x: Any) -> Any:
        """An async method."""
        return ("amethod", self, x)

    @classmethod
    def cmethod(cls, x: Any) -> Any:
        """A classmethod."""
        return ("cmethod", cls, x)

    @staticmethod
    def smethod(x: Any) -> Any:
        """A staticmethod."""
        return ("smethod", x)

    @property
    def size(self) -> Any:
        """A read-only property (a data descriptor)."""
        return ("size", self)


class SubService(Service):
    """A subclass that inherits everything, to call class attributes through the MRO."""


class SubSubService(SubService):
    """A further subclass, reaching class attributes patched on ``SubService`` through the MRO."""


SERVICE = Service()
"""The instance tests call methods through."""

SUB_SERVICE = SubService()
"""An instance of the subclass."""
